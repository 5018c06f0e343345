"""FAISS indexes: build, search, and versions on disk written atomically.

An index version is a folder `index/vNNNNNN/` holding the FAISS index, the
passage ids in row order, the vectors (so the next version can reuse them
without re-embedding) and a manifest tying them to the embedding model and to
the articles they cover. `index/CURRENT` names the version being served; it is
replaced atomically only once a new version is complete, so a crash at any
moment leaves the previous version serving.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexMismatch, NoIndex

logger = logging.getLogger(__name__)

# Exact search is fast enough below this many vectors (about 3 ms on 2 cores:
# flat search is bound by memory bandwidth, ~200 ms at 1M); above it an
# inverted-file index over 8-bit codes keeps latency near 2 ms and memory near
# a quarter of float32 (measured by `frontline bench`, see README).
EXACT_MAX = 20_000
# An approximate search reads at least this many vectors: enough for recall@10
# ≥ 0.95 against exact search on the bench's 100k and 1M corpora.
IVF_MIN_SCANNED = 20_000
FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    """What an index version contains and which model made it."""

    version: int
    model: str
    dim: int
    count: int
    kind: str
    created: str
    # article id → content hash of every article the version covers: only
    # these articles are searchable while this version is served.
    articles: Mapping[str, str] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        """Return manifest.json's content (the articles go to articles.json beside it)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "articles"}


class VectorIndex:
    """Passage vectors in a FAISS inner-product index, searchable by passage id."""

    def __init__(self, faiss_index: Any, ids: list[str], vectors: np.ndarray, manifest: Manifest) -> None:
        self.faiss_index = faiss_index
        self.ids = ids
        self.vectors = vectors
        self.manifest = manifest

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        ids: Sequence[str],
        *,
        model: str,
        articles: Mapping[str, str],
        version: int = 0,
        exact_max: int = EXACT_MAX,
    ) -> VectorIndex:
        """Build an index over unit-length vectors.

        Exact (flat) search up to `exact_max` vectors; an inverted file over
        8-bit scalar-quantized vectors above, which keeps memory near a
        quarter of flat float32 and search time nearly constant.

        Raises:
            ValueError: the number of vectors and ids differ.
        """
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) != len(ids):
            raise ValueError(f"{len(vectors)} vectors for {len(ids)} ids")
        dim = vectors.shape[1] if vectors.ndim == 2 and len(vectors) else 0
        if len(vectors) <= exact_max:
            kind = "flat"
            index: Any = faiss.IndexFlatIP(dim or 1)
        else:
            # IVF rather than HNSW: at 1M vectors it builds in under a minute on
            # 2 cores (HNSW takes many), and every ingest rebuilds the index.
            kind = "ivf-sq8"
            nlist = _nlist(len(vectors))
            index = faiss.index_factory(dim, f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
            sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), 50 * nlist), replace=False)
            index.train(vectors[np.sort(sample)])
        if len(vectors):
            index.add(vectors)
        _tune(index, kind)
        manifest = Manifest(
            version=version,
            model=model,
            dim=dim,
            count=len(ids),
            kind=kind,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            articles=dict(articles),
        )
        return cls(index, list(ids), vectors.astype(np.float16), manifest)

    def search(self, queries: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """Return, for each query vector, up to k (passage id, cosine) pairs, best first."""
        if self.manifest.count == 0 or k < 1:
            return [[] for _ in range(len(queries))]
        if queries.shape[1] != self.manifest.dim:
            raise IndexMismatch(
                f"the index holds {self.manifest.dim}-dimensional vectors but the model gives "
                f"{queries.shape[1]}; run `frontline reindex`"
            )
        scores, rows = self.faiss_index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return [
            [(self.ids[r], float(s)) for s, r in zip(srow, rrow) if r >= 0]
            for srow, rrow in zip(scores, rows)
        ]

    def check_model(self, model: str) -> None:
        """Raise IndexMismatch when this index was built by another embedding model."""
        if self.manifest.model != model:
            raise IndexMismatch(
                f"the index was built with embedding model {self.manifest.model!r} but "
                f"FRONTLINE_EMBEDDING_MODEL is {model!r}; run `frontline reindex` to rebuild it "
                "with the new model (or set the variable back)"
            )

    # -- disk -------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the version into `folder`, which must not exist yet; files are fsynced."""
        import faiss

        folder.mkdir(parents=True)
        faiss.write_index(self.faiss_index, str(folder / "index.faiss"))
        np.save(folder / "vectors.npy", self.vectors)
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
        (folder / "articles.json").write_text(
            json.dumps(dict(self.manifest.articles), sort_keys=True), encoding="utf-8"
        )
        # The manifest is written last: a folder without one is incomplete.
        (folder / "manifest.json").write_text(
            json.dumps(self.manifest.to_json(), indent=2), encoding="utf-8"
        )
        for path in folder.iterdir():
            _fsync_file(path)
        _fsync_dir(folder)

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = True) -> VectorIndex:
        """Read a version written by save().

        Raises:
            NoIndex: the folder is missing or incomplete.
        """
        import faiss

        manifest = read_manifest(folder)
        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mmap and manifest.kind == "flat" else 0
        index = faiss.read_index(str(folder / "index.faiss"), flags)
        _tune(index, manifest.kind)
        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        if len(ids) != manifest.count or index.ntotal != manifest.count:
            raise NoIndex(f"index version {folder.name} is damaged: its files disagree on the count")
        return cls(index, ids, vectors, manifest)


def read_manifest(folder: Path) -> Manifest:
    """Read a version's manifest alone (cheap: no index or vectors are loaded).

    Raises:
        NoIndex: the folder is missing or incomplete.
    """
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise NoIndex(f"index version {folder.name} is incomplete (no manifest)")
    raw = json.loads(manifest_path.read_text(encoding="utf-8"))
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    known = {f.name for f in fields(Manifest)} - {"articles"}
    return Manifest(**{k: v for k, v in raw.items() if k in known}, articles=articles)


class Versions:
    """The index versions under one folder and the pointer to the one being served."""

    def __init__(self, root: Path, keep: int = 3) -> None:
        self.root = root
        self.keep = keep

    def _complete(self) -> list[int]:
        if not self.root.is_dir():
            return []
        found = []
        for child in self.root.iterdir():
            if child.name.startswith("v") and child.name[1:].isdigit() and (child / "manifest.json").is_file():
                found.append(int(child.name[1:]))
        return sorted(found)

    def folder(self, version: int) -> Path:
        return self.root / f"v{version:06d}"

    def current(self) -> int | None:
        """Return the version being served, or None when there is none."""
        pointer = self.root / "CURRENT"
        if pointer.is_file():
            name = pointer.read_text(encoding="utf-8").strip()
            if name.startswith("v") and name[1:].isdigit() and (self.root / name / "manifest.json").is_file():
                return int(name[1:])
        # No pointer (or it names a missing version): serve the newest complete one.
        versions = self._complete()
        return versions[-1] if versions else None

    def load_current(self) -> VectorIndex:
        """Load the version being served.

        Raises:
            NoIndex: there is no complete version.
        """
        version = self.current()
        if version is None:
            raise NoIndex("there is no index yet; run `frontline ingest` or `frontline reindex`")
        return VectorIndex.load(self.folder(version))

    def next_version(self) -> int:
        versions = self._complete()
        rolled = [
            int(p.name[1:].split(".")[0])
            for p in (self.root.iterdir() if self.root.is_dir() else [])
            if p.name.startswith("v") and ".rolled-back" in p.name
        ]
        return max(versions + rolled + [0]) + 1

    def publish(self, index: VectorIndex) -> int:
        """Write `index` as a new version and serve it; return its number.

        The version is written under a temporary name and renamed when
        complete; only then does CURRENT move to it.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        self._clean_temporaries()
        version = self.next_version()
        manifest = Manifest(**{**index.manifest.__dict__, "version": version})
        index.manifest = manifest
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
        tmp.rmdir()
        index.save(tmp)
        os.replace(tmp, self.folder(version))
        _fsync_dir(self.root)
        self._point_to(version)
        self._prune()
        logger.info("index version %d published (%d vectors, %s)", version, manifest.count, manifest.kind)
        return version

    def rollback(self) -> int:
        """Serve the previous complete version; the one rolled back from is set aside.

        Raises:
            NoIndex: there is no earlier version to return to.
        """
        current = self.current()
        earlier = [v for v in self._complete() if current is None or v < current]
        if not earlier:
            raise NoIndex("there is no earlier index version to roll back to")
        target = earlier[-1]
        self._point_to(target)
        if current is not None:
            os.replace(self.folder(current), self.root / f"v{current:06d}.rolled-back")
        return target

    def _point_to(self, version: int) -> None:
        _atomic_write(self.root / "CURRENT", f"v{version:06d}\n")

    def _prune(self) -> None:
        versions = self._complete()
        for old in versions[: -self.keep]:
            shutil.rmtree(self.folder(old), ignore_errors=True)
        for child in self.root.iterdir():
            if ".rolled-back" in child.name:
                shutil.rmtree(child, ignore_errors=True)

    def _clean_temporaries(self) -> None:
        # Left by a crash in the middle of publish(); never served.
        for child in self.root.iterdir():
            if child.name.startswith(".tmp-"):
                shutil.rmtree(child, ignore_errors=True)


def _nlist(count: int) -> int:
    """Inverted lists for `count` vectors: a power of two near 4·√count."""
    return int(2 ** round(np.log2(max(4 * np.sqrt(count), 16))))


def _tune(index: Any, kind: str) -> None:
    """Set the search-time parameters of an approximate index (they are not all saved with it)."""
    if kind == "hnsw-sq8":  # written by earlier versions
        index.hnsw.efSearch = 96
    elif kind == "ivf-sq8":
        import faiss

        ivf = faiss.extract_index_ivf(index)
        per_list = max(index.ntotal / ivf.nlist, 1.0)
        ivf.nprobe = int(min(ivf.nlist, max(64, np.ceil(IVF_MIN_SCANNED / per_list))))


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
