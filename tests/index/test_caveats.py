"""Caveats a reader sees: who claims it, whether anyone confirmed it, how old it is.

Unit tests read small invented sentences; the engine tests ask questions over
invented articles (tests/data/caveat_articles.jsonl) with the real model,
SQLite store and FAISS index.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.caveats import date_mentions
from index.embedding import Embedder
from index.engine import Engine
from index.models import Answer
from tests.conftest import make_engine

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "caveat_articles.jsonl"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    """An engine over the invented caveat articles only (read-only)."""
    engine = make_engine(tmp_path_factory.mktemp("caveats"), embedder)
    engine.ingest([ARTICLES])
    yield engine
    engine.close()


def caveat_texts(answer: Answer, kind: str) -> list[str]:
    return [c.text for c in answer.caveats if c.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bridge was destroyed on 14 June 2023, the mayor said.", ["14 June 2023"]),
        ("Окупанти залишили село 15 листопада.", ["15 листопада"]),
        ("The village has been shelled since early 2022.", ["early 2022"]),
        ("Из села ушли 22 март 2023 г.", ["22 март 2023 г"]),
        ("The shelling resumed in May and on Monday.", []),
    ],
)
def test_undated_text_dates_are_read_as_written(text: str, expected: list[str]) -> None:
    assert date_mentions(text) == expected


def test_an_undated_source_says_which_dates_its_text_gives(engine: Engine) -> None:
    answer = engine.ask("Хто контролює Вербівку?")
    undated = caveat_texts(answer, "undated")
    assert undated, answer.answer
    assert "15 листопада" in undated[0] and "на початку 2022" in undated[0]
