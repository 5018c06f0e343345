"""The embedding model run by OpenVINO: the same weights, 4-8× faster on CPU, no torch when serving.

A sentence-transformers model (a transformer, mean or CLS pooling, then
normalization) is converted once from its local weights into OpenVINO's
format, in a cache folder; later processes load the converted model and the
`tokenizers` tokenizer only, so neither torch nor sentence-transformers is
imported on the serving path (importing them takes seconds). On CPUs with
bfloat16 units (AMX, AVX512-BF16) OpenVINO runs the matrix products in
bfloat16: vectors stay within 1e-3 cosine of the float32 ones (measured by
`frontline bench`, and retrieval on the shared questions is unchanged).

Nothing is downloaded: the conversion reads the same folder the torch backend
would load.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import FrontlineError

logger = logging.getLogger(__name__)

# Bump when the conversion below changes, so old caches are not reused.
EXPORT_FORMAT = 1
XML = "model.xml"


class OpenVinoEncoder:
    """Encode texts with a sentence-transformers model folder converted to OpenVINO."""

    def __init__(self, folder: Path, cache_dir: Path, batch_size: int = 16) -> None:
        """Read the model's pipeline description; convert and load on warm_up().

        Args:
            folder: a local sentence-transformers model folder.
            cache_dir: where the converted model is kept (created if missing).
            batch_size: texts per inference call (16 measured best on 2 cores).

        Raises:
            FrontlineError: the folder is not a model this encoder can run
                (pooling other than mean or CLS, no tokenizer.json).
        """
        self.folder = folder
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.max_tokens, self.pooling, self.normalize = _pipeline(folder)
        if not (folder / "tokenizer.json").is_file():
            raise FrontlineError(
                f"{folder} has no tokenizer.json; use FRONTLINE_EMBEDDING_BACKEND=torch for this model"
            )
        self._compiled: Any = None
        self._jobs = 1
        self._tokenizer: Any = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self.precision: str | None = None

    @property
    def export_dir(self) -> Path:
        """The cache folder of this model's converted form (keyed by its weights)."""
        h = hashlib.sha256(f"{EXPORT_FORMAT}|{self.folder.resolve()}".encode())
        for name in sorted(os.listdir(self.folder)):
            path = self.folder / name
            if path.is_file():
                st = path.stat()
                h.update(f"|{name}:{st.st_size}:{int(st.st_mtime)}".encode())
        return self.cache_dir / f"openvino-{self.folder.name}-{h.hexdigest()[:16]}"

    def warm_up(self) -> None:
        """Convert the model if no converted copy is cached, then load it (once)."""
        with self._lock:
            if self._compiled is not None:
                return
            import openvino as ov
            from tokenizers import Tokenizer

            target = self.export_dir
            if not (target / XML).is_file():
                export(self.folder, target)
            core = ov.Core()
            # One stream per core, one thread each: a question is encoded on one
            # core (no waiting for a second, busy one), concurrent questions and
            # the batches of an ingest run side by side.
            self._compiled = core.compile_model(str(target / XML), "CPU", {"PERFORMANCE_HINT": "THROUGHPUT"})
            self._jobs = max(1, int(self._compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")))
            self.precision = str(self._compiled.get_property("INFERENCE_PRECISION_HINT"))
            tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
            tokenizer.no_padding()
            tokenizer.enable_truncation(self.max_tokens)
            self._tokenizer = tokenizer
            logger.info("embedding model %s loaded in OpenVINO (%s)", self.folder, self.precision)

    @property
    def dim(self) -> int:
        self.warm_up()
        return int(self._compiled.output(0).get_partial_shape()[2].get_length())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a (len(texts), dim) float32 array of unit-length (when the model normalizes) rows."""
        self.warm_up()
        encodings = self._tokenizer.encode_batch(list(texts))
        # Similar lengths share a batch, so little time goes on padding.
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        batches = []
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            batches.append((rows, ids, mask))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if len(batches) == 1:
            request = getattr(self._local, "request", None)
            if request is None:
                request = self._local.request = self._compiled.create_infer_request()
            rows, ids, mask = batches[0]
            hidden = request.infer({"input_ids": ids, "attention_mask": mask})[self._compiled.output(0)]
            out[rows] = self._pool(np.asarray(hidden, dtype=np.float32), mask)
            return out
        import openvino as ov

        def done(request: Any, job: tuple[np.ndarray, np.ndarray]) -> None:
            rows, mask = job
            hidden = np.array(request.get_output_tensor(0).data, dtype=np.float32)
            out[rows] = self._pool(hidden, mask)

        queue = ov.AsyncInferQueue(self._compiled, self._jobs)
        queue.set_callback(done)
        for rows, ids, mask in batches:
            queue.start_async({"input_ids": ids, "attention_mask": mask}, (rows, mask))
        queue.wait_all()
        return out

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.pooling == "cls":
            vectors = hidden[:, 0, :]
        else:
            weights = mask[..., None].astype(np.float32)
            vectors = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.normalize:
            vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return vectors


def _pipeline(folder: Path) -> tuple[int, str, bool]:
    """Return (max tokens, pooling, normalize) from a sentence-transformers folder."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        pooling_dir = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling_cfg = json.loads((folder / pooling_dir / "config.json").read_text(encoding="utf-8"))
        st_cfg = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, StopIteration, KeyError) as exc:
        raise FrontlineError(
            f"{folder} is not a sentence-transformers model folder the OpenVINO backend can read "
            f"({exc.__class__.__name__}); use FRONTLINE_EMBEDDING_BACKEND=torch"
        ) from None
    if pooling_cfg.get("pooling_mode_mean_tokens"):
        pooling = "mean"
    elif pooling_cfg.get("pooling_mode_cls_token"):
        pooling = "cls"
    else:
        raise FrontlineError(
            f"{folder} pools in a way the OpenVINO backend does not run; use FRONTLINE_EMBEDDING_BACKEND=torch"
        )
    normalize = any(m["type"].endswith("Normalize") for m in modules)
    return int(st_cfg.get("max_seq_length") or 256), pooling, normalize


def export(folder: Path, target: Path) -> None:
    """Convert the transformer in `folder` to OpenVINO IR in `target` (atomically; needs torch).

    The last hidden state is the output; pooling runs in numpy. Two processes
    converting at once both succeed: the second finds the folder in place.
    """
    import openvino as ov
    import torch
    from transformers import AutoModel

    logger.info("converting %s to OpenVINO into %s (once)", folder, target)
    model = AutoModel.from_pretrained(str(folder), attn_implementation="eager")
    model.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state

    example = {
        "input_ids": torch.ones(2, 16, dtype=torch.int64),
        "attention_mask": torch.ones(2, 16, dtype=torch.int64),
    }
    with torch.no_grad(), warnings.catch_warnings():
        # Tracing warns about shapes taken as constants; the dynamic axes are declared below.
        warnings.simplefilter("ignore")
        converted = ov.convert_model(
            LastHidden(model),
            example_input=example,
            input=[("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)],
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-openvino-", dir=target.parent))
    try:
        ov.save_model(converted, str(tmp / XML), compress_to_fp16=False)
        try:
            os.replace(tmp, target)
        except OSError:
            if not (target / XML).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
