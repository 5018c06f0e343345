from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.errors import IndexMismatch, NoIndex
from index.vectors import VectorIndex, Versions


def unit_vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def build(n: int, exact_max: int = 10_000, model: str = "m") -> VectorIndex:
    ids = [f"p{i}" for i in range(n)]
    return VectorIndex.build(unit_vectors(n), ids, model=model, articles={"a": "h"}, exact_max=exact_max)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> list[list[int]]:
    return [list(np.argsort(-(vectors @ q))[:k]) for q in queries]


def test_flat_index_equals_exact_search() -> None:
    index = build(500)
    queries = unit_vectors(20, seed=1)
    got = index.search(queries, 10)
    want = exact_top(unit_vectors(500), queries, 10)
    assert [[int(pid[1:]) for pid, _ in row] for row in got] == want
    assert index.manifest.kind == "flat"


def test_approximate_index_recalls_exact_neighbours() -> None:
    index = build(3000, exact_max=100)
    assert index.manifest.kind != "flat"
    queries = unit_vectors(50, seed=2)
    want = exact_top(unit_vectors(3000), queries, 10)
    got = index.search(queries, 10)
    recall = np.mean([len({int(p[1:]) for p, _ in g} & set(w)) / 10 for g, w in zip(got, want)])
    assert recall >= 0.95


def test_published_version_is_served_and_rollback_returns_to_the_previous(tmp_path: Path) -> None:
    versions = Versions(tmp_path / "index")
    with pytest.raises(NoIndex):
        versions.load_current()
    first = versions.publish(build(10))
    second = versions.publish(build(20))
    assert versions.load_current().manifest.count == 20
    assert versions.rollback() == first
    assert versions.load_current().manifest.count == 10
    assert versions.next_version() > second
    with pytest.raises(NoIndex):
        versions.rollback()


def test_an_incomplete_version_is_never_served(tmp_path: Path) -> None:
    versions = Versions(tmp_path / "index")
    versions.publish(build(10))
    broken = versions.folder(2)
    broken.mkdir()
    (broken / "index.faiss").write_bytes(b"half written")
    (tmp_path / "index" / "CURRENT").write_text("v000002\n")
    assert versions.load_current().manifest.count == 10


def test_an_index_from_another_model_is_refused_with_the_fix() -> None:
    with pytest.raises(IndexMismatch, match="frontline reindex"):
        build(5, model="old-model").check_model("new-model")


def test_old_versions_are_pruned(tmp_path: Path) -> None:
    versions = Versions(tmp_path / "index", keep=2)
    for n in (5, 6, 7, 8):
        versions.publish(build(n))
    kept = sorted(p.name for p in (tmp_path / "index").iterdir() if p.name.startswith("v"))
    assert len(kept) == 2
