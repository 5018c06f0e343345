from __future__ import annotations

import pytest

from index.engine import Engine
from index.search import analyze, rrf


def test_rrf_rewards_agreement_between_lists() -> None:
    fused = dict(rrf([["a", "b", "c"], ["c", "a", "d"]]))
    assert max(fused, key=fused.__getitem__) == "a"
    assert fused["c"] > fused["b"] > fused["d"] or fused["c"] > fused["d"]


# Dense search alone misses it: a rare place name is the weak spot of
# all-MiniLM-L6-v2, which is why the full-text side exists.
@pytest.mark.parametrize("mode", ["hybrid", "text"])
def test_hybrid_and_full_text_find_the_rubizhne_passage(sample_engine: Engine, mode: str) -> None:
    hits = sample_engine.searcher.search(analyze("who holds Rubizhne?"), k=5, mode=mode)  # type: ignore[arg-type]
    assert any("Rubizhne" in h.passage.text for h in hits[:3])


def test_hybrid_search_puts_the_named_place_first(sample_engine: Engine) -> None:
    hits = sample_engine.searcher.search(analyze("Velyka Komyshuvakha"), k=5)
    assert "Velyka Komyshuvakha" in hits[0].passage.text


def test_only_body_passages_are_found(sample_engine: Engine) -> None:
    hits = sample_engine.searcher.search(analyze("Getty photo coffee Seversk"), k=20)
    assert all(h.passage.kind == "body" for h in hits)


def test_dense_scores_are_cosines(sample_engine: Engine) -> None:
    hits = sample_engine.searcher.search(analyze("bridges destroyed near Kharkiv"), k=5, mode="dense")
    assert all(h.dense_score is not None and -1.0 <= h.dense_score <= 1.0001 for h in hits)
