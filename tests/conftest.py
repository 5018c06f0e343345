"""Shared fixtures: the real bundled model, loaded once; engines over real temporary data dirs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from index.embedding import Embedder
from index.engine import Engine
from index.settings import DEFAULT_MODEL, Settings

TESTS = Path(__file__).parent
INVENTED = TESTS / "data" / "invented.jsonl"
SHARED = TESTS.parent.parent / "shared"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    model = Embedder(DEFAULT_MODEL)
    model.warm_up()
    return model


def make_engine(data_dir: Path, embedder: Embedder, **settings: object) -> Engine:
    return Engine(Settings(data_dir=data_dir, **settings), embedder=embedder)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    """An engine over the bundled sample corpus only (read-only: don't ingest into it)."""
    engine = make_engine(tmp_path_factory.mktemp("sample"), embedder)
    engine.ensure_sample()
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def invented_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    """An engine over the sample plus small articles about invented places (read-only)."""
    engine = make_engine(tmp_path_factory.mktemp("invented"), embedder)
    engine.ensure_sample()
    engine.ingest([INVENTED])
    yield engine
    engine.close()


@pytest.fixture()
def fresh_engine(tmp_path: Path, embedder: Embedder) -> Iterator[Engine]:
    """An engine over an empty data dir of its own, free to change."""
    engine = make_engine(tmp_path / "data", embedder)
    yield engine
    engine.close()
