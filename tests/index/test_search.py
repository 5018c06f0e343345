from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from index.engine import Engine
from index.question import understand
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


def _later_reports(n: int) -> list[dict[str, object]]:
    """English reports about Zorianka from months after March 2024, sharing the question's words."""
    return [
        {
            "id": f"later-{i}", "source": f"later{i}.example", "published": f"2024-07-{10 + i:02d}", "lang": "en",
            "text": f"Who held Zorianka?\nRussian forces held positions near Zorianka in early July, "
                    f"officials said on day {i}.\nFighting continued around Zorianka.",
        }
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("published", "text"),
    [
        ("2024-03-06", "Зорянка\nЗСУ утримують Зорянку, повідомили в Генштабі.\nШтурми відбито."),
        # Undated: the passage names a day of the period itself.
        (None, "Зорянка\nЗСУ утримують Зорянку, повідомили в Генштабі 5 березня 2024 року.\nШтурми відбито."),
    ],
)
def test_a_question_about_a_time_reads_the_sources_of_that_time_first(
    fresh_engine: Engine, tmp_path: Path, published: str | None, text: str
) -> None:
    articles = [*_later_reports(8), {"id": "of-march", "source": "ua.example", "published": published,
                                     "lang": "uk", "text": text}]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles), encoding="utf-8")
    fresh_engine.ingest([path])
    question = "Who held Zorianka in early March 2024?"

    answer = fresh_engine.ask(question, k=5)
    shown = [c.article_id for c in (*answer.citations, *answer.more)]
    assert "of-march" in shown[:5], shown
    query, period = analyze(question), understand(question, date.today()).time_frame
    with_time = [h.article.id for h in fresh_engine.searcher.search(query, k=9, period=period)]
    without = [h.article.id for h in fresh_engine.searcher.search(query, k=9)]
    # Without the question's time, the report of March is outranked by the later ones' shared words.
    assert with_time[0] == "of-march"
    assert without[0] != "of-march"
