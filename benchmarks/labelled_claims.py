"""Measure claim extraction against hand-labelled sentences of the shared corpora.

Usage: python benchmarks/labelled_claims.py [--shared PATH] [--labels PATH] [--json] [--examples N]

Reads tests/data/labelled_sentences.jsonl (article ids and offsets, no corpus
text; see tests/data/README.md) and ../shared/{corpus,corpus2}/articles.jsonl,
runs `index.claims.extract_claims` over the passages of `split_passages` of
every labelled article, pairs the engine's claims with the labelled ones
(same sentence by overlap, same place by `place_key`) and prints, overall and
per trap kind, language, corpus and topic:

  stance     share of labelled claims whose stance the engine gives (a claim
             the engine does not make counts as stance "none", holder null);
  holder     share of labelled claims with the engine's holder after the claim;
  flips      labelled Ukraine, engine Russia, or the reverse;
  false      engine claims of control (Ukraine/Russia/contested) where the
             label says none, or a background clause taken as news (dated to
             the article, or the other holder), or about a place the
             sentence's labels do not have a claim on;
  missed     labelled claims bearing on control (captured, holds, withdrew,
             conceded, partial, denied, not_confirmed) the engine does not make
             (also counted apart: those whose place the sentence names, as
             opposed to "the city", "it": labels with "named": false);
  side/kind  claimant side and claimant kind, over the paired claims;
  time       granularity of the claim's time (day, month, year, article),
             over the paired claims whose label gives a time.

Fields the engine may add later (`Claim.stance`, `Claim.date_precision`,
`Claim.claimant_side`) are read when present; otherwise the stance is derived
from `action` and `control`, the precision from `date_stated`.
Exits 0 with a message when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.articles import parse_jsonl_line
from index.claims import extract_claims
from index.models import Article, Claim
from index.passages import split_passages
from index.places import place_key

LABELS = ROOT / "tests" / "data" / "labelled_sentences.jsonl"
# ../shared beside the repository; from a worktree under /work/wt/<name>, the one two levels up.
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
              ROOT.parent / "shared")
CORPORA = ("corpus", "corpus2")

STANCES = frozenset(
    "captured holds withdrew conceded partial entered fighting denied not_confirmed background none".split()
)
CONTROL_STANCES = frozenset("captured holds withdrew conceded partial denied not_confirmed".split())
NO_NEWS = frozenset({"none", "background"})
HOLDERS = frozenset({"Ukraine", "Russia", "contested", None})
SIDES = frozenset({"Ukraine", "Russia", None})
KINDS = frozenset(
    """belligerent_official belligerent_state_media belligerent_blogger osint think_tank
    foreign_government independent_media""".split()
)
TRAPS = frozenset(
    """denial background reference_point hypothetical euphemism inflected_claimant
    relayed_statement headline garbled other_place""".split()
)

# Today's engine says what a claim does by its action; the stance it amounts to.
_ACTION_STANCE = {
    "did not confirm": "not_confirmed",
    "disputed": "denied",
    "under control": "holds",
    "holds": "holds",
    "controls": "holds",
    "in control": "holds",
    "still in": "holds",
    "entrenched": "holds",
    "gained a foothold": "partial",
    "withdrew": "withdrew",
    "retreated": "withdrew",
    "gave up": "withdrew",
    "left": "withdrew",
    "lost": "withdrew",
    "entered": "entered",
    "reached": "entered",
    "fighting": "fighting",
    "attacked": "fighting",
    "repelled": "fighting",
    "advanced near": "none",
    "shelled": "none",
    "destroyed bridges near": "none",
    "ordered withdrawal": "none",
}


def engine_stance(claim: Claim) -> str:
    """The stance of an engine claim: its own `stance`, else derived from action and control."""
    stance = getattr(claim, "stance", None)
    if stance:
        return str(stance)
    action = claim.action
    if action.endswith("(area)"):
        return "none"
    stance = _ACTION_STANCE.get(action)
    if stance is None:  # a gain: took, captured, liberated, raised flags, ...
        stance = "captured" if claim.control not in (None, "unknown") else "none"
    if claim.control == "contested" and stance in ("captured", "holds"):
        return "partial"
    return stance


def engine_holder(claim: Claim) -> str | None:
    control = getattr(claim, "control", None)
    return None if control in (None, "unknown") else str(control)


_MISSING = object()


def engine_claimant_side(claim: Claim) -> str | None:
    side = getattr(claim, "claimant_side", _MISSING)
    if side is not _MISSING:
        return None if side is None else str(side)
    try:
        from index.claims import claimant_side
    except ImportError:  # the rewrite may have moved it: no side then
        return None
    return claimant_side(claim.claimant)


def engine_time(claim: Claim) -> str:
    """Granularity of the engine's claim time: day, month, season, year, or article (the article's date)."""
    precision = getattr(claim, "date_precision", None)
    if precision:
        return "article" if not claim.date_stated else str(precision)
    return "day" if claim.date_stated else "article"


def times_agree(engine: str, label: str | None) -> bool:
    """Whether the engine's granularity is the label's ("summer 2022" is labelled as its year or month)."""
    return engine == label or (engine == "season" and label in ("month", "year"))


def label_time(time: str | None) -> str | None:
    if time is None:
        return None
    if time == "article":
        return "article"
    return {10: "day", 7: "month", 4: "year"}.get(len(time), "other")


def lang_group(lang: str | None) -> str:
    return lang if lang in ("en", "uk", "ru") else "other"


# --------------------------------------------------------------------------- loading


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """Read the labelled sentences (one JSON object per line)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def label_problems(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Return what is wrong with labelled sentences (empty when all are well formed)."""
    problems = []
    seen = set()
    for n, row in enumerate(rows, 1):
        where = f"line {n} ({row.get('article_id')}:{row.get('start')})"
        if row.get("corpus") not in CORPORA:
            problems.append(f"{where}: corpus {row.get('corpus')!r}")
        if not (isinstance(row.get("start"), int) and isinstance(row.get("end"), int)
                and 0 <= row["start"] < row["end"]):
            problems.append(f"{where}: bad offsets")
        key = (row.get("corpus"), row.get("article_id"), row.get("start"))
        if key in seen:
            problems.append(f"{where}: sentence labelled twice")
        seen.add(key)
        if row.get("trap") is not None and row["trap"] not in TRAPS:
            problems.append(f"{where}: sentence trap {row['trap']!r}")
        for claim in row.get("claims", []):
            if claim.get("stance") not in STANCES:
                problems.append(f"{where}: stance {claim.get('stance')!r}")
            if claim.get("holder_after") not in HOLDERS:
                problems.append(f"{where}: holder_after {claim.get('holder_after')!r}")
            if claim.get("claimant_kind") not in KINDS:
                problems.append(f"{where}: claimant_kind {claim.get('claimant_kind')!r}")
            if claim.get("claimant_side") not in SIDES:
                problems.append(f"{where}: claimant_side {claim.get('claimant_side')!r}")
            if claim.get("trap") is not None and claim["trap"] not in TRAPS:
                problems.append(f"{where}: trap {claim['trap']!r}")
            if not place_key(claim.get("place") or ""):
                problems.append(f"{where}: place {claim.get('place')!r} has no key")
            if label_time(claim.get("time")) == "other":
                problems.append(f"{where}: time {claim.get('time')!r}")
    return problems


def load_articles(shared: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Article]:
    """Read the wanted (corpus, id) articles as the engine ingests them."""
    found: dict[tuple[str, str], Article] = {}
    for corpus in CORPORA:
        path = shared / corpus / "articles.jsonl"
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            article_id = json.loads(line).get("id")
            if (corpus, article_id) in wanted:
                found[(corpus, article_id)] = parse_jsonl_line(line, f"{path}:{n}")
    return found


# --------------------------------------------------------------------------- matching


def keys_match(a: str, b: str) -> bool:
    """Whether two place keys name the same place (a region's adjective, an island's generic word)."""
    if not a or not b:
        return False
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    return bool({w for w in a.split() if len(w) >= 3} & {w for w in b.split() if len(w) >= 3} - _GENERIC_KEYS)


# Keys of generic words place_key keeps ("island", "остров").
_GENERIC_KEYS = frozenset({place_key("Island"), place_key("остров"), place_key("острів")})


def _label_keys(claim: dict[str, Any]) -> list[str]:
    names = [claim["place"], *claim.get("aliases", [])]
    return [k for k in (place_key(n) for n in names) if k]


def _engine_keys(claim: Claim) -> list[str]:
    return [k for k in {claim.place_key, place_key(claim.place)} if k]


@dataclass
class Pair:
    """A labelled claim and the engine claim paired with it (None when the engine makes none)."""

    sentence: dict[str, Any]
    label: dict[str, Any]
    engine: Claim | None


@dataclass
class Extra:
    """An engine claim in a labelled sentence about a place the labels have no claim on."""

    sentence: dict[str, Any]
    engine: Claim


def _agreement(label: dict[str, Any], claim: Claim) -> int:
    return 2 * (engine_holder(claim) == label["holder_after"]) + (engine_stance(claim) == label["stance"])


def match_sentence(sentence: dict[str, Any], claims: list[Claim]) -> tuple[list[Pair], list[Extra]]:
    """Pair the labels of one sentence with the engine claims whose sentence overlaps it."""
    inside = [c for c in claims if c.start < sentence["end"] and sentence["start"] < c.end]
    labels = sentence["claims"]
    options = [
        (_agreement(label, claim), -li, -ci, li, ci)
        for li, label in enumerate(labels)
        for ci, claim in enumerate(inside)
        if any(keys_match(lk, ek) for lk in _label_keys(label) for ek in _engine_keys(claim))
    ]
    paired_labels: dict[int, int] = {}
    used: set[int] = set()
    for *_, li, ci in sorted(options, reverse=True):
        if li not in paired_labels and ci not in used:
            paired_labels[li] = ci
            used.add(ci)
    pairs = [Pair(sentence, label, inside[paired_labels[li]] if li in paired_labels else None)
             for li, label in enumerate(labels)]
    # Several engine claims about one labelled place (two actions) are one
    # claim for the reader; only claims about other places are extras.
    extras = [
        Extra(sentence, claim)
        for ci, claim in enumerate(inside)
        if ci not in used
        and not any(keys_match(lk, ek) for label in labels for lk in _label_keys(label) for ek in _engine_keys(claim))
    ]
    return pairs, extras


@dataclass
class Result:
    pairs: list[Pair]
    extras: list[Extra]
    sentences: int
    articles: int


def measure(shared: Path = SHARED, labels_path: Path = LABELS) -> Result:
    """Run the engine's claim extraction over the labelled articles and pair its claims with the labels."""
    rows = load_labels(labels_path)
    wanted = {(r["corpus"], r["article_id"]) for r in rows}
    articles = load_articles(shared, wanted)
    claims_of: dict[tuple[str, str], list[Claim]] = {}
    for key, article in articles.items():
        claims_of[key] = extract_claims(article, split_passages(article))
    pairs: list[Pair] = []
    extras: list[Extra] = []
    for row in rows:
        key = (row["corpus"], row["article_id"])
        if key not in articles:
            continue
        p, e = match_sentence(row, claims_of[key])
        pairs.extend(p)
        extras.extend(e)
    return Result(pairs, extras, sum(1 for r in rows if (r["corpus"], r["article_id"]) in articles), len(articles))


# --------------------------------------------------------------------------- metrics


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def _false_on_label(label: dict[str, Any], claim: Claim) -> bool:
    """An engine claim of control where the label says there is no news of control.

    On a reference point, hypothetical or other no-claim label any control is
    false. On a background clause the engine may keep the earlier fact if it
    dates it to its own time ("captured Bakhmut in May 2023"); it is false when
    the holder differs or the claim takes the article's date (it would lead
    the answer as news).
    """
    holder = engine_holder(claim)
    if holder is None:
        return False
    if label["stance"] == "none":
        return True
    if label["stance"] == "background":
        return holder != label["holder_after"] or engine_time(claim) == "article"
    return False


def metrics(pairs: list[Pair], extras: list[Extra]) -> dict[str, Any]:
    """The figures for one group of paired claims and extra engine claims."""
    matched = [(p.label, p.engine) for p in pairs if p.engine is not None]
    stance_ok = sum(
        (engine_stance(p.engine) if p.engine else "none") == p.label["stance"] for p in pairs
    )
    holder_ok = sum((engine_holder(p.engine) if p.engine else None) == p.label["holder_after"] for p in pairs)
    flips = sum({label["holder_after"], engine_holder(e)} == {"Ukraine", "Russia"} for label, e in matched)
    false_on_label = sum(_false_on_label(label, e) for label, e in matched)
    false_extra = sum(engine_holder(x.engine) is not None for x in extras)
    missed = sum(p.engine is None and p.label["stance"] in CONTROL_STANCES for p in pairs)
    # Of those, the places the sentence names (not "the city", "it").
    missed_named = sum(
        p.engine is None and p.label["stance"] in CONTROL_STANCES and p.label.get("named", True) for p in pairs
    )
    control_labels = sum(p.label["stance"] in CONTROL_STANCES for p in pairs)
    side_ok = sum(engine_claimant_side(e) == label["claimant_side"] for label, e in matched)
    kind_ok = sum(e.claimant_kind == label["claimant_kind"] for label, e in matched)
    timed = [(label, e) for label, e in matched if label.get("time") is not None]
    time_ok = sum(times_agree(engine_time(e), label_time(label["time"])) for label, e in timed)
    return {
        "labels": len(pairs),
        "matched": len(matched),
        "stance_acc": _ratio(stance_ok, len(pairs)),
        "holder_acc": _ratio(holder_ok, len(pairs)),
        "flips": flips,
        "false_claims": false_on_label + false_extra,
        "false_on_none_or_background": false_on_label,
        "false_on_unlabelled_place": false_extra,
        "missed": missed,
        "missed_rate": _ratio(missed, control_labels),
        "missed_named": missed_named,
        "claimant_side_acc": _ratio(side_ok, len(matched)),
        "claimant_kind_acc": _ratio(kind_ok, len(matched)),
        "time_agree": _ratio(time_ok, len(timed)),
    }


def _grouped(
    result: Result,
    pair_key: Callable[[Pair], str],
    extra_key: Callable[[Extra], str | None],
) -> dict[str, dict[str, Any]]:
    pairs: dict[str, list[Pair]] = defaultdict(list)
    extras: dict[str, list[Extra]] = defaultdict(list)
    for p in result.pairs:
        pairs[pair_key(p)].append(p)
    for e in result.extras:
        k = extra_key(e)
        if k is not None:
            extras[k].append(e)
    return {k: metrics(pairs.get(k, []), extras.get(k, [])) for k in sorted(set(pairs) | set(extras))}


def report(result: Result) -> dict[str, Any]:
    """All figures: overall and per trap kind, stance, language, corpus and topic."""
    return {
        "sentences": result.sentences,
        "articles": result.articles,
        "overall": metrics(result.pairs, result.extras),
        "by_trap": _grouped(
            result,
            lambda p: p.label.get("trap") or "(no trap)",
            lambda e: e.sentence.get("trap"),
        ),
        "by_stance": _grouped(result, lambda p: p.label["stance"], lambda e: None),
        "by_lang": _grouped(
            result, lambda p: lang_group(p.sentence.get("lang")), lambda e: lang_group(e.sentence.get("lang"))
        ),
        "by_corpus": _grouped(result, lambda p: p.sentence["corpus"], lambda e: e.sentence["corpus"]),
        "by_topic": _grouped(
            result,
            lambda p: f"{p.sentence['corpus']}/{p.sentence['topic']}",
            lambda e: f"{e.sentence['corpus']}/{e.sentence['topic']}",
        ),
    }


_COLUMNS = (
    ("labels", "n"), ("matched", "paired"), ("stance_acc", "stance"), ("holder_acc", "holder"),
    ("flips", "flips"), ("false_claims", "false"), ("missed", "missed"),
    ("claimant_side_acc", "side"), ("claimant_kind_acc", "kind"), ("time_agree", "time"),
)


def _row(name: str, m: dict[str, Any]) -> str:
    cells = []
    for key, _ in _COLUMNS:
        value = m[key]
        cells.append("-" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value)))
    return f"  {name:42} " + " ".join(f"{c:>7}" for c in cells)


def print_report(rep: dict[str, Any]) -> None:
    head = f"  {'':42} " + " ".join(f"{label:>7}" for _, label in _COLUMNS)
    print(f"{rep['sentences']} labelled sentences in {rep['articles']} articles")
    print(head)
    print(_row("overall", rep["overall"]))
    o = rep["overall"]
    print(f"  (false claims: {o['false_on_none_or_background']} on none/background labels, "
          f"{o['false_on_unlabelled_place']} about places without a label; missed rate {o['missed_rate']}, "
          f"{o['missed_named']} of the misses name the place in the sentence)")
    for title, key in (("trap kind", "by_trap"), ("labelled stance", "by_stance"), ("language", "by_lang"),
                       ("corpus", "by_corpus"), ("topic", "by_topic")):
        print(f"\nby {title}")
        print(head)
        for name, m in rep[key].items():
            print(_row(name, m))


def print_examples(result: Result, shared: Path, n: int) -> None:
    """Show the harmful disagreements: flips, then false claims, then misses."""
    wanted = {(p.sentence["corpus"], p.sentence["article_id"]) for p in result.pairs}
    texts = {k: a.text for k, a in load_articles(shared, wanted).items()}

    def quote(s: dict[str, Any]) -> str:
        return texts[(s["corpus"], s["article_id"])][s["start"]:s["end"]][:200]

    flips = [p for p in result.pairs if p.engine
             and {p.label["holder_after"], engine_holder(p.engine)} == {"Ukraine", "Russia"}]
    false = [p for p in result.pairs if p.engine and _false_on_label(p.label, p.engine)]
    missed = [p for p in result.pairs if p.engine is None and p.label["stance"] in CONTROL_STANCES]
    for title, group in (("flips", flips), ("false claims", false), ("missed", missed)):
        print(f"\n{title} ({len(group)}):")
        for p in group[:n]:
            e = p.engine
            got = f"{e.place} {engine_stance(e)} → {engine_holder(e)} per {e.claimant}" if e else "nothing"
            lab = p.label
            print(f"  {p.sentence['corpus']}/{p.sentence['article_id']}:{p.sentence['start']} "
                  f"label {lab['place']} {lab['stance']} → {lab['holder_after']} per {lab['claimant']} "
                  f"[{lab.get('trap')}]; engine {got}\n      “{quote(p.sentence)}”")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--examples", type=int, default=0, help="show N sentences of each kind of error")
    args = parser.parse_args()
    if not any((args.shared / c / "articles.jsonl").exists() for c in CORPORA):
        print(f"shared corpora not found under {args.shared}: nothing to measure")
        return 0
    problems = label_problems(load_labels(args.labels))
    if problems:
        print("bad labels:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    result = measure(args.shared, args.labels)
    rep = report(result)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=1))
    else:
        print_report(rep)
    if args.examples:
        print_examples(result, args.shared, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
