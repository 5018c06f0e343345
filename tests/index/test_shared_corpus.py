"""Over the real shared corpus (read from ../shared at run time, never copied here)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from index.embedding import Embedder
from index.engine import Engine
from tests.conftest import SHARED, make_engine

ARTICLES = SHARED / "corpus" / "articles.jsonl"
QUESTIONS = SHARED / "corpus" / "questions.jsonl"

pytestmark = pytest.mark.skipif(
    not ARTICLES.is_file(), reason="../shared/corpus is absent: shared-corpus checks need it beside the repo"
)


@pytest.fixture(scope="module")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    engine = make_engine(tmp_path_factory.mktemp("corpus"), embedder)
    report = engine.ingest([ARTICLES])
    assert not report.rejected
    yield engine
    engine.close()


def questions() -> list[dict]:
    if not QUESTIONS.is_file():
        return []
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_quote_in_every_answer_is_verbatim_from_its_article(corpus_engine: Engine) -> None:
    texts = {a.id: a.text for a in corpus_engine.store.articles().values()}
    answers = corpus_engine.ask_many([q["question"] for q in questions()])
    checked = 0
    for answer in answers:
        assert not isinstance(answer, Exception)
        for c in list(answer.citations) + list(answer.more):
            assert c.quote in texts[c.article_id], (answer.question, c.quote)
            assert texts[c.article_id][c.quote_start : c.quote_end] == c.quote
            checked += 1
    assert checked > 100


def test_unanswerable_questions_cite_nothing(corpus_engine: Engine) -> None:
    for q in questions():
        if q["kind"] == "unanswerable":
            answer = corpus_engine.ask(q["question"])
            assert answer.status == "not_found", q["question"]
            assert answer.citations == ()


def test_most_answerable_questions_cite_a_relevant_article_in_the_top_5(corpus_engine: Engine) -> None:
    answerable = [q for q in questions() if q["relevant_ids"]]
    found = 0
    for q in answerable:
        answer = corpus_engine.ask(q["question"])
        cited = [c.article_id for c in list(answer.citations) + list(answer.more)][:5]
        found += bool(set(cited) & set(q["relevant_ids"]))
    assert found / len(answerable) >= 0.7
