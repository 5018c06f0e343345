"""Measure place-name resolution and claim extraction on the shared corpus.

Usage: .venv/bin/python benchmarks/measure_claims.py [--shared PATH] [--sample N]

Reads ../shared/corpus/{articles,questions}.jsonl (relative to the repository)
at run time and prints:
  (a) the share of questions whose place name resolves (by place key) to a name
      in the relevant articles, by question kind, against plain folded substring
      matching ("before");
  (b) claims extracted over all articles, by action and claimant kind, and a sample;
  (c) holder accuracy of holder_from_claims on the control questions;
  (d) whether the unanswerable questions' names are absent from the corpus while
      the answerable questions' names are present;
  and the share of ambiguous questions whose name is flagged by same_name_places.
With --labelled, also (f) the claims against the hand-labelled sentences of
both corpora (benchmarks/labelled_claims.py: stance, holder, flips, false and
missed claims, claimant, time; per trap kind, language, corpus and topic).
Exits 0 with a message when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.claims import extract_claims
from index.holder import holder_from_claims
from index.models import Article, Claim
from index.passages import split_passages
from index.places import (
    candidate_names,
    fold,
    is_name_word,
    mentions,
    name_key,
    place_key,
    same_name_places,
    to_latin,
)
from index.question import understand


def load_articles(path: Path) -> list[Article]:
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row: dict[str, Any] = json.loads(line)
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        articles.append(
            Article(
                id=row["id"],
                text=row["text"],
                url=row.get("url"),
                source=row.get("source"),
                published=published,
                title=row.get("title"),
                lang=row.get("lang"),
                metadata={"topic": row.get("topic")},
            )
        )
    return articles


def load_questions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def resolves(names: list[str], texts: list[str]) -> bool:
    return any(mentions(text, name) for name in names for text in texts)


def resolves_before(names: list[str], texts: list[str]) -> bool:
    # What plain search did before: the folded name as a substring.
    return any(fold(name) and fold(name) in fold(text) for name in names for text in texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--collisions", action="store_true", help="also list name keys shared by several spellings")
    parser.add_argument("--labelled", action="store_true",
                        help="also measure claims against tests/data/labelled_sentences.jsonl")
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    if not (corpus / "articles.jsonl").exists() or not (corpus / "questions.jsonl").exists():
        print(f"shared corpus not found under {corpus}: nothing to measure")
        return 0
    articles = load_articles(corpus / "articles.jsonl")
    questions = load_questions(corpus / "questions.jsonl")
    by_id = {a.id: a for a in articles}

    # (a) variant spellings and names in general
    print("(a) question place names found in the relevant articles (after / before)")
    kinds: dict[str, list[tuple[bool, bool]]] = {}
    misses = []
    for q in questions:
        if q["kind"] == "unanswerable":
            continue
        names = candidate_names(q["question"])
        texts = [by_id[i].text for i in q["relevant_ids"] if i in by_id]
        if not names:
            continue  # a source question naming no place
        after, before = resolves(names, texts), resolves_before(names, texts)
        kinds.setdefault(q["kind"], []).append((after, before))
        if not after:
            misses.append((q["id"], q["question"], names))
    total_after = total_before = total = 0
    for kind, rows in sorted(kinds.items()):
        a = sum(r[0] for r in rows)
        b = sum(r[1] for r in rows)
        total_after, total_before, total = total_after + a, total_before + b, total + len(rows)
        print(f"  {kind:13} {a}/{len(rows)} resolved   (before: {b}/{len(rows)})")
    print(f"  {'all':13} {total_after}/{total} resolved   (before: {total_before}/{total})")
    for m in misses:
        print("   miss:", m)
    # A variant spelling should also find the articles that spell the place
    # otherwise: count, over all articles of the question's topic, those that
    # name the place (after: by key; before: folded substring).
    print("  variant spellings, articles of the same topic naming the place (after / before):")
    for q in questions:
        if q["kind"] != "variant":
            continue
        topics = {by_id[i].metadata.get("topic") for i in q["relevant_ids"] if i in by_id}
        pool = [a for a in articles if a.metadata.get("topic") in topics]
        names = candidate_names(q["question"])
        after_n = sum(1 for a in pool if resolves(names, [a.text]))
        before_n = sum(1 for a in pool if resolves_before(names, [a.text]))
        print(f"    {q['id']} {names}: {after_n}/{len(pool)}   (before: {before_n}/{len(pool)})")

    # (b) claims
    claims: list[Claim] = []
    for a in articles:
        claims.extend(extract_claims(a, split_passages(a)))
    print(f"\n(b) {len(claims)} claims from {len(articles)} articles "
          f"({len({c.article_id for c in claims})} articles with claims, "
          f"{sum(1 for c in claims if c.control)} bearing on control)")
    print("  by action:       ", dict(Counter(c.action for c in claims).most_common()))
    print("  by claimant kind:", dict(Counter(c.claimant_kind for c in claims).most_common()))
    print("  by control:      ", dict(Counter(str(c.control) for c in claims).most_common()))
    rng = random.Random(4)
    for c in rng.sample(claims, min(args.sample, len(claims))):
        quote = by_id[c.article_id].text[c.start : c.end]
        print(f"  - {c.article_id} {c.place!r} [{c.place_key}] {c.side} {c.action} → {c.control}; "
              f"{c.claimant} ({c.claimant_kind}); {c.claim_date}{'' if c.date_stated else ' (article date)'}"
              f"; hedges={list(c.hedges)}\n      “{quote[:160]}”")

    # (c) holder accuracy
    print("\n(c) holder_from_claims on control questions")
    right = n = 0
    for q in questions:
        if q["kind"] != "control" or not q.get("expected_holder"):
            continue
        names = candidate_names(q["question"])
        keyed = [(name, place_key(name)) for name in names]
        chosen = next(((name, key) for name, key in keyed if any(c.place_key == key for c in claims)), None)
        about = [c for c in claims if chosen and c.place_key == chosen[1]]
        frame = understand(q["question"], date.today()).time_frame
        as_of = frame.end if frame else None
        holder = holder_from_claims(about, as_of, frame.start if frame else None)
        n += 1
        right += holder == q["expected_holder"]
        mark = "ok " if holder == q["expected_holder"] else "BAD"
        print(f"  {mark} {q['id']} {q['question']!r}: {holder} (expected {q['expected_holder']}; "
              f"{len(about)} claims about {chosen[0] if chosen else None}; as_of={as_of})")
    print(f"  accuracy {right}/{n} (before: no holder at all, 0/{n})")

    # (d) not-found decision
    print("\n(d) question names found anywhere in the corpus")
    answerable_found = answerable = 0
    for q in questions:
        names = candidate_names(q["question"])
        found = [name for name in names if any(mentions(a.text, name) for a in articles)]
        if q["kind"] == "unanswerable":
            print(f"  unanswerable {q['id']} {q['question']!r}: names={names} found={found}")
        elif names:
            answerable += 1
            answerable_found += bool(found)
            if not found:
                print(f"  answerable without a match: {q['id']} {q['question']!r} names={names}")
    print(f"  answerable questions naming a place found in the corpus: {answerable_found}/{answerable}")

    # ambiguous names flagged
    amb = [q for q in questions if q["kind"] == "ambiguous"]
    flagged = [q for q in amb if any(same_name_places(n) for n in candidate_names(q["question"]))]
    print(f"\nambiguous questions flagged by same_name_places: {len(flagged)}/{len(amb)}")

    if args.collisions:
        # Judge by eye: spellings of one place are fine, two places are a collision.
        groups: dict[str, set[str]] = {}
        for a in articles:
            for m in re.finditer(r"[^\W\d_][\w’'ʼ]*", a.text.replace("-", " ")):
                if is_name_word(m.group()) and len(m.group()) > 2:
                    groups.setdefault(name_key(m.group()), set()).add(to_latin(m.group()))
        shared = {k: v for k, v in groups.items() if len(v) > 1}
        print(f"\n(e) {len(groups)} name keys among capitalized corpus words, {len(shared)} with several spellings")
        for key, spellings in sorted(shared.items()):
            print(f"  {key:10} {sorted(spellings)}")

    if args.labelled:
        from benchmarks.labelled_claims import LABELS, measure, print_report, report

        print("\n(f) claims against the labelled sentences")
        print_report(report(measure(args.shared, LABELS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
