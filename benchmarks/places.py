"""Places found in questions against the places asked about: missed, false, ambiguity flags.

    python benchmarks/places.py            # the gazetteer (index/question_places.py)
    python benchmarks/places.py --before   # the capitalized-word rules it replaced (places.candidate_names)

Reads every question of ../shared/corpus/questions.jsonl and
../shared/corpus2/questions.jsonl (the places asked about, by question id, are
in tests/data/question_places.jsonl) and the invented questions of
tests/data/place_questions.jsonl. A gold place is "Name@Oblast" (a settlement
of the gazetteer), "@Oblast" (the oblast itself) or a bare name the gazetteer
lacks; a found place matches when its first candidate is that settlement, or
when their spelling keys meet.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.gazetteer import Gazetteer, Settlement, gazetteer
from index.places import candidate_names, place_key, same_name_places
from index.question_places import find_places, options

# ../shared beside the checkout (/work/main), or beside its worktrees folder.
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), ROOT.parent / "shared")


def load() -> list[dict]:
    """Every question with its gold places, corpus questions first."""
    gold = {}
    for line in (ROOT / "tests" / "data" / "question_places.jsonl").read_text().splitlines():
        item = json.loads(line)
        gold[item["id"]] = item
    out = []
    for name in ("corpus", "corpus2"):
        path = SHARED / name / "questions.jsonl"
        if not path.exists():
            print(f"skipped {path}: not found", file=sys.stderr)
            continue
        for line in path.read_text().splitlines():
            q = json.loads(line)
            g = gold[q["id"]]
            out.append({"set": name, "id": q["id"], "question": q["question"], **{k: g.get(k, []) for k in ("places", "context", "ambiguous")}})
    for i, line in enumerate((ROOT / "tests" / "data" / "place_questions.jsonl").read_text().splitlines(), 1):
        item = json.loads(line)
        out.append({"set": "own", "id": f"own{i:03d}", **{k: item.get(k, []) for k in ("places", "context", "ambiguous")}, "question": item["question"]})
    return out


def resolve(gold: str) -> tuple[set[str], set[str]]:
    """Return (settlement ids, spelling keys) of a gold place."""
    gz = gazetteer()
    name, _, oblast = gold.partition("@")
    if not name:
        o = gz.oblast(oblast)
        return ({o.id} if o else set()), {place_key(oblast)}
    found = [s for s in gz.lookup(name) if not oblast or s.oblast == oblast]
    same = [s for s in found if s.name_en == found[0].name_en] if found else []
    keys = {place_key(name)} | set(gz.keys_of(same))
    return {s.id for s in same}, keys


def matches(gold: str, ids: set[str], keys: set[str]) -> bool:
    gold_ids, gold_keys = resolve(gold)
    if ids and gold_ids:
        return bool(ids & gold_ids)
    return bool(keys & gold_keys)


def found_now(question: str) -> list[tuple[set[str], set[str], tuple[Settlement, ...]]]:
    out = []
    for p in find_places(question).targets:
        # A name the question leaves open is found when the place asked about is
        # among its candidates: the answer tells from the sources which one each means.
        ids = {p.candidates[0].id} if p.decided else {c.id for c in p.candidates}
        out.append((ids, set(p.keys), options(p)))
    return out


def found_before(question: str) -> list[tuple[set[str], set[str], list]]:
    return [(set(), {place_key(n)}, same_name_places(n)) for n in candidate_names(question)]


def flagged(expected: list[str], opts, before: bool) -> bool:
    """Every expected candidate is among the options the answer would name."""
    if before:
        have = {(p.name.replace(" Oblast", ""), p.oblast, p.name.endswith("Oblast")) for p in opts}
        want = set()
        for e in expected:
            name, _, oblast = e.partition("@")
            want.add((name or oblast, oblast, not name))
        return bool(opts) and want <= have
    ids = {s.id for s in opts}
    return all(resolve(e)[0] & ids for e in expected)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", action="store_true", help="measure the capitalized-word rules instead")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and false place")
    args = parser.parse_args()
    questions = load()
    gazetteer()
    find = found_before if args.before else found_now
    totals: dict[str, dict[str, int]] = {}
    times = []
    for q in questions:
        runs = []
        for _ in range(3):  # best of 3: other processes on a shared machine don't count
            Gazetteer._find_cached.cache_clear()
            find_places.cache_clear()
            start = time.perf_counter()
            found = find(q["question"])
            runs.append((time.perf_counter() - start) * 1000)
        times.append(min(runs))
        t = totals.setdefault(q["set"], {"questions": 0, "places": 0, "missed": 0, "false": 0, "ambiguous": 0, "flagged": 0})
        t["questions"] += 1
        t["places"] += len(q["places"])
        used = set()
        for g in q["places"]:
            hit = next((i for i, (ids, keys, _) in enumerate(found) if i not in used and matches(g, ids, keys)), None)
            if hit is None:
                t["missed"] += 1
                if args.verbose:
                    print(f"missed {q['id']} {g!r}: {q['question']}")
            else:
                used.add(hit)
        for i, (ids, keys, _) in enumerate(found):
            if i not in used:
                t["false"] += 1
                if args.verbose:
                    print(f"false  {q['id']} {sorted(keys)[:3]}: {q['question']}")
        if q["ambiguous"]:
            t["ambiguous"] += 1
            ok = bool(found) and flagged(q["ambiguous"], found[0][2], args.before)
            t["flagged"] += ok
            if args.verbose and not ok:
                print(f"unflagged {q['id']} {q['ambiguous']}: {q['question']}")
    print(f"place finding ({'before: capitalized-word rules' if args.before else 'gazetteer'})")
    print(f"{'set':8} {'questions':>9} {'places':>6} {'missed':>6} {'false':>5} {'ambiguous flagged':>18}")
    for name, t in totals.items():
        print(f"{name:8} {t['questions']:9} {t['places']:6} {t['missed']:6} {t['false']:5} {t['flagged']:>11}/{t['ambiguous']}")
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"per question: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms ({len(times)} questions, best of 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
