"""The engine's claims against hand-labelled sentences of the shared corpora (issue 9).

The labels (tests/data/labelled_sentences.jsonl, see tests/data/README.md) hold
article ids and offsets only; the sentences are read from ../shared at run time.
Floors are today's measured figures less a small margin: raise them as the
claim extractor improves (the target is 0 flips). Claim extraction only, no
embedding model, a few seconds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from benchmarks.labelled_claims import (
    CORPORA,
    LABELS,
    SHARED,
    label_problems,
    load_articles,
    load_labels,
    measure,
    report,
)

needs_shared = pytest.mark.skipif(
    not all((SHARED / c / "articles.jsonl").is_file() for c in CORPORA),
    reason="../shared/corpus and ../shared/corpus2 are absent: the labelled sentences point into them",
)

SENTENCE_FIELDS = {"corpus", "article_id", "start", "end", "lang", "topic", "claims", "trap"}
CLAIM_FIELDS = {
    "place", "aliases", "named", "stance", "holder_after", "claimant", "claimant_kind", "claimant_side", "time", "trap",
}

# Measured with `python benchmarks/labelled_claims.py` after the claims rewrite of
# issue 9 (before it: stance 0.45, holder 0.57, side 0.60, kind 0.63, time 0.88,
# 9 flips, 37 false claims, missed 0.583), less a margin.
FLOORS = {
    "stance_acc": 0.58,  # measured 0.62 (2026-12-02, recall: more wordings, lists, sides)
    "holder_acc": 0.67,  # 0.71
    "claimant_side_acc": 0.68,  # 0.72
    "claimant_kind_acc": 0.62,  # 0.66
    "time_agree": 0.85,  # 0.89
}
CEILINGS = {
    "flips": 0,  # 0 since 2026-12-02 (a deed noun's doer, scare quotes, joined predicates): no flip ever
    "false_claims": 32,  # 31
    "missed_rate": 0.34,  # 0.304
}


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    return load_labels(LABELS)


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return report(measure(SHARED, LABELS))


def test_labelled_sentences_are_well_formed(labels: list[dict[str, Any]]) -> None:
    assert label_problems(labels) == []


def test_labelled_sentences_hold_ids_and_offsets_not_corpus_text(labels: list[dict[str, Any]]) -> None:
    for row in labels:
        assert set(row) <= SENTENCE_FIELDS
        for claim in row["claims"]:
            assert set(claim) <= CLAIM_FIELDS
            # A place or claimant name is short; a copied sentence would not be.
            assert all(len(str(v)) < 80 for v in claim.values() if isinstance(v, str))


@needs_shared
def test_labelled_offsets_are_trimmed_stretches_of_real_articles(labels: list[dict[str, Any]]) -> None:
    articles = load_articles(SHARED, {(r["corpus"], r["article_id"]) for r in labels})
    for row in labels:
        article = articles.get((row["corpus"], row["article_id"]))
        assert article is not None, f"{row['corpus']}/{row['article_id']} is not in ../shared"
        piece = article.text[row["start"]:row["end"]]
        assert row["end"] <= len(article.text)
        assert piece and piece == piece.strip() and "\n" not in piece
        assert row["lang"] == article.lang and row["topic"] == article.metadata.get("topic")


@needs_shared
def test_labels_cover_both_corpora_every_topic_and_every_trap(labels: list[dict[str, Any]]) -> None:
    assert len(labels) >= 300
    claims = [c for r in labels for c in r["claims"]]
    stances = Counter(c["stance"] for c in claims)
    traps = Counter(c["trap"] for c in claims) + Counter(r.get("trap") for r in labels)
    langs = Counter(r["lang"] for r in labels)
    assert stances["denied"] + stances["not_confirmed"] >= 25
    assert stances["background"] >= 25
    assert traps["reference_point"] + traps["hypothetical"] >= 25
    assert traps["euphemism"] >= 15
    assert langs["uk"] >= 20 and langs["ru"] >= 20
    assert sum(1 for r in labels if not r["claims"]) >= 20
    for kind in ("denial", "background", "reference_point", "hypothetical", "euphemism",
                 "inflected_claimant", "relayed_statement", "headline", "garbled", "other_place"):
        assert traps[kind] > 0, kind
    for corpus in CORPORA:
        topics = {str(a.metadata.get("topic")) for a in load_articles(SHARED, _all_ids(corpus)).values()}
        labelled = {r["topic"] for r in labels if r["corpus"] == corpus}
        assert topics <= labelled, f"{corpus}: no labels for {sorted(topics - labelled)}"


def _all_ids(corpus: str) -> set[tuple[str, str]]:
    import json

    path = SHARED / corpus / "articles.jsonl"
    return {(corpus, json.loads(line)["id"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


@needs_shared
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_claims_agree_with_labels_at_least_as_well_as_today(figures: dict[str, Any], metric: str) -> None:
    assert figures["overall"][metric] >= FLOORS[metric]


@needs_shared
@pytest.mark.parametrize("metric", sorted(CEILINGS))
def test_harmful_disagreements_stay_under_todays_ceiling(figures: dict[str, Any], metric: str) -> None:
    assert figures["overall"][metric] <= CEILINGS[metric]


@needs_shared
def test_every_labelled_claim_is_counted_once(figures: dict[str, Any], labels: list[dict[str, Any]]) -> None:
    overall = figures["overall"]
    assert overall["labels"] == sum(len(r["claims"]) for r in labels)
    assert sum(m["labels"] for m in figures["by_corpus"].values()) == overall["labels"]
    assert sum(m["labels"] for m in figures["by_trap"].values()) == overall["labels"]


# Sentences in languages other than English, Ukrainian and Russian: German, French,
# Spanish and Italian ones are read by index/claim_languages.py (measured: 26 of 209
# labels paired, 57 missed, no flip, no false claim; before it 3 paired, 68 missed).
OTHER_LANGUAGES_FLOORS = {"matched": 22}
OTHER_LANGUAGES_CEILINGS = {"flips": 0, "false_claims": 0, "missed": 60}


@needs_shared
def test_other_languages_are_read_without_flips_or_false_claims(figures: dict[str, Any]) -> None:
    other = figures["by_lang"]["other"]
    assert all(other[m] >= floor for m, floor in OTHER_LANGUAGES_FLOORS.items()), other
    assert all(other[m] <= ceiling for m, ceiling in OTHER_LANGUAGES_CEILINGS.items()), other
