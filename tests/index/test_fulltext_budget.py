"""Full-text ranking past its budget: the newest passages, ranked in Python, rare words first.

All places and outlets here are invented.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.models import Article
from index.passages import split_passages
from index.store import Store

COUNT = 2_400  # paragraphs (two to a passage: 1,200 passages, above the budget used below)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = Store(tmp_path_factory.mktemp("fts") / "frontline.db")
    for n in range(COUNT // 10):
        paragraphs = [
            f"Report {n}-{i}: artillery fire was heard near the village of Zorivka overnight, "
            f"officials of the Dovhe Pole district said in statement number {n * 10 + i}."
            for i in range(10)
        ]
        if n == 7:  # one old passage with a rare word
            paragraphs[3] += " The bridge over the Zelena river was destroyed."
        article = Article(id=f"inv-{n:04d}", text="\n".join(paragraphs), source="Invented Gazette")
        db.save_article(article, split_passages(article))
    yield db
    db.close()


def test_rare_word_is_found_anywhere_within_budget(store: Store) -> None:
    # "zelena" matches one passage: the budget is not exceeded, the whole index is ranked.
    hits = store.fulltext(["zelena", "bridge"], [], limit=5, budget=500)
    assert hits, "the one passage with the rare words is found"
    assert store.passages([hits[0][0]])[hits[0][0]].article_id == "inv-0007"


def test_common_words_are_ranked_over_the_newest_passages_only(store: Store) -> None:
    hits = store.fulltext(["artillery", "zorivka"], [], limit=50, budget=500)
    assert len(hits) == 50
    found = store.passages([pid for pid, _ in hits])
    oldest_seen = min(int(p.article_id.split("-")[1]) for p in found.values())
    assert oldest_seen >= (COUNT // 10) // 2  # from the newer half of the articles
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)


def test_without_budget_everything_is_ranked(store: Store) -> None:
    everything = store.fulltext(["artillery"], [], limit=COUNT)
    assert len(everything) == store.searchable_count() > 500


def test_windowed_ranking_weighs_rarer_words_higher(store: Store) -> None:
    # Among the newest passages, one that also has a rarer word ranks first.
    hits = store.fulltext(["artillery", "statement", "2399"], [], limit=3, budget=500)
    assert hits
    top = store.passages([hits[0][0]])[hits[0][0]]
    assert "2399" in top.text
