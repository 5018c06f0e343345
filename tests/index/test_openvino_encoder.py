"""The OpenVINO backend gives the float32 sentence-transformers vectors, converted once, offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embedding import Embedder
from index.errors import FrontlineError

pytest.importorskip("openvino")

# Invented places and outlets.
TEXTS = [
    "Who holds Zorivka?",
    "The General Staff said its forces had pushed Russian troops out of Dovhe Pole after three days.",
    "Хто контролює Зорівку?",
    "A much longer passage " * 60,  # longer than the model's 256-token window: truncated alike
    "x",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_openvino_vectors_match_float32_sentence_transformers(cache: Path) -> None:
    fast = Embedder(backend="openvino", cache_dir=cache)
    plain = Embedder(backend="torch")
    got, want = fast.encode(TEXTS), plain.encode(TEXTS)
    assert got.shape == want.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # bfloat16 matrix products on CPUs that have them: within 1e-3 cosine.
    assert (got * want).sum(axis=1).min() > 0.999
    assert fast.dim == 384


def test_conversion_is_cached_and_reused(cache: Path) -> None:
    first = Embedder(backend="openvino", cache_dir=cache)
    first.warm_up()
    converted = list(cache.glob("openvino-*/model.xml"))
    assert len(converted) == 1
    stamp = converted[0].stat().st_mtime_ns
    again = Embedder(backend="openvino", cache_dir=cache)
    again.encode(["Who holds Zorivka?"])
    assert converted[0].stat().st_mtime_ns == stamp
    assert not list(cache.glob(".tmp-*"))


def test_order_of_texts_is_kept_when_batches_are_sorted_by_length(cache: Path) -> None:
    fast = Embedder(backend="openvino", cache_dir=cache)
    each = np.vstack([fast.encode([t]) for t in TEXTS])
    together = fast.encode(TEXTS)
    assert (each * together).sum(axis=1).min() > 0.999


def test_empty_input_gives_an_empty_matrix(cache: Path) -> None:
    assert Embedder(backend="openvino", cache_dir=cache).encode([]).shape == (0, 384)


def test_unknown_backend_is_refused_with_the_choices() -> None:
    with pytest.raises(FrontlineError, match="is not one of torch, openvino, auto"):
        Embedder(backend="tensorflow")
