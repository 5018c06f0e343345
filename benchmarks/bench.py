"""`frontline bench`: speed, throughput and memory, each figure beside its baseline.

What is measured, each with the baseline it is compared to:

- ingest: passages per second through the whole ingest (reading, splitting,
  claims, embedding, SQLite and FTS5, FAISS) of the shared corpus, against
  plain float32 sentence-transformers encoding of the same passages; the
  quality of the configured encoder beside the float32 one (vector cosine and
  recall on the shared questions, when they are there);
- question latency p50/p95/p99 (retrieval and answer composition, no
  Telegram) at each size, against exact flat search at the same size; the
  chosen index's recall@10 against exact search; peak RSS of the serving
  process. Each size is built and served in subprocesses of its own, so
  every RSS figure is that process's alone;
- time from process start to the first answer with an existing index (a
  `frontline ask` subprocess), against the same with the torch backend;
- whole-bot throughput with 1, 10 and 100 concurrent users against the
  loopback Bot API (tests/support/loopback_api.py; aiohttp, from the `bench` extra).

Scale corpora are made by recombining real sentences of the shared articles
into new articles, stored through the real splitter, claim extractor and
SQLite store. Their vectors are encoded for real up to ENCODE_MAX passages;
above that, each passage's vector is the normalized mean of the (really
encoded) vectors of its sentences plus a little noise, so that building 1M
passages takes minutes rather than an hour of encoding. The report says
which sizes used derived vectors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from index.engine import Engine
    from index.models import Article, Claim

logger = logging.getLogger(__name__)

FULL_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
# Passages up to this many are encoded for real; above, vectors are derived.
ENCODE_MAX = 2_000
# Sentences shorter than this are not recombined (datelines, menu words).
MIN_SENTENCE_CHARS = 40
PARAGRAPHS_PER_ARTICLE = 20
# Distinct recombined paragraphs (claims extracted once each); scale articles reuse them.
PARAGRAPH_POOL = 1_500
# Noise added to each derived passage vector (per dimension, before normalizing).
NOISE = 0.01
USERS = (1, 10, 100)
# Wall-clock limits per subprocess: a size that does not finish is reported, not waited for.
BUILD_TIMEOUT_S = {1_000: 300, 10_000: 600, 100_000: 1800, 1_000_000: 5400}
SERVE_TIMEOUT_S = 900

TARGETS = {
    "ingest": 250.0,  # passages/s
    "p95_1m": 25.0,  # ms
    "recall": 0.95,
    "first_answer": 3.0,  # s
    "rss_1m": 1024.0,  # MiB
    "bot_100": 100.0,  # questions/s
    "place_p95": 2.0,  # ms
    "map_60": 2.0,  # s to draw a 60-settlement map
    "map_memory": 200.0,  # MiB of extra peak memory while drawing
}
MAP_SETTLEMENTS = 60


# -- report ----------------------------------------------------------------------------


@dataclass
class Figure:
    """One measured figure beside its baseline."""

    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    higher_is_better: bool = True
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (above 1 is better)."""
        if self.value is None or self.baseline is None or not self.value or not self.baseline:
            return None
        return self.value / self.baseline if self.higher_is_better else self.baseline / self.value

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": _round(self.ratio, 3), "meets_target": self.meets_target}


@dataclass
class Report:
    """Everything one bench run found, in the order it was measured."""

    machine: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    sizes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        logger.info("%s: %s %s", figure.name, figure.value, figure.unit)

    def to_json(self) -> dict[str, Any]:
        return {
            "machine": self.machine,
            "figures": [f.to_json() for f in self.figures],
            "sizes": self.sizes,
            "quality": self.quality,
            "notes": self.notes,
            "skipped": self.skipped,
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def format_report(report: Report) -> str:
    """Render the report as plain-text tables."""
    m = report.machine
    lines = [
        (
            f"frontline bench: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, python {m['python']}, "
            f"faiss {m.get('faiss')}, embedding backend {m.get('backend')} ({m.get('precision') or '-'})"
        ),
        "",
        f"{'figure':<44} {'value':>13} {'baseline':>13}  {'ratio':>7}  {'target':>10}  baseline is",
    ]
    for f in report.figures:
        ratio = f"×{f.ratio:.2f}" if f.ratio is not None else "-"
        if f.target is None:
            target = ""
        else:
            mark = {True: "ok", False: "MISS", None: "?"}[f.meets_target]
            target = f"{'≥' if f.higher_is_better else '≤'}{_fmt(f.target)} {mark}"
        lines.append(
            f"{f.name:<44} {_fmt(f.value, f.unit):>13} {_fmt(f.baseline, f.unit):>13}  {ratio:>7}  "
            f"{target:>10}  {f.baseline_what}"
        )
        if f.note:
            lines.append(f"{'':<46}{f.note}")
    if report.sizes:
        lines += [
            "",
            "by size (latency = one question: encode + retrieval + composition, ms)",
            (
                f"{'passages':>9} {'index':>9} {'vectors':>8} {'p50':>6} {'p95':>6} {'p99':>6} "
                f"{'flat p50':>8} {'flat p95':>8} {'flat p99':>8} {'rec@10':>6} {'RSS MiB':>8} "
                f"{'flat RSS':>8} {'build s':>8} {'build RSS':>9}"
            ),
        ]
        for s in report.sizes:
            if s.get("error"):
                lines.append(f"{s['size']:>9,}  {s['error']}")
                continue
            lat, flat = s["latency_ms"], s["flat_latency_ms"]
            lines.append(
                f"{s['passages']:>9,} {s['index_kind']:>9} {s['vectors']:>8} {lat['p50']:6.1f} "
                f"{lat['p95']:6.1f} {lat['p99']:6.1f} {flat['p50']:8.1f} {flat['p95']:8.1f} "
                f"{flat['p99']:8.1f} {s['recall_at_10']:6.3f} {s['serve_peak_rss_mib']:8.0f} "
                f"{s['flat_peak_rss_mib']:8.0f} {s['build_s']:8.1f} {s['build_peak_rss_mib']:9.0f}"
            )
        lines.append("")
        lines.append("latency parts at each size, p95 ms (encode / vector search / search+compose)")
        for s in report.sizes:
            if not s.get("error"):
                parts = s["parts_p95_ms"]
                lines.append(
                    f"{s['passages']:>9,}  {parts['encode']:.1f} / {parts['vector_search']:.2f} / "
                    f"{parts['answer']:.1f}"
                )
    if report.quality:
        lines += ["", "encoder quality (shared corpus)"]
        for key, value in report.quality.items():
            lines.append(f"  {key:<40} {value}")
    if report.notes:
        lines += ["", "notes"] + [f"  - {n}" for n in report.notes]
    if report.skipped:
        lines += ["", "skipped"] + [f"  - {s}" for s in report.skipped]
    return "\n".join(lines)


# -- machine -----------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """Describe the machine: CPU model, cores, memory, library versions."""
    import psutil

    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        import faiss

        info["faiss"] = faiss.__version__
    except ImportError:
        pass
    return info


def _peak_rss_mib() -> float:
    """Peak resident set size of this process so far, MiB.

    Linux's VmHWM, not getrusage: ru_maxrss survives exec, so a worker forked
    from a big parent would report the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(values: Sequence[float]) -> dict[str, float]:
    arr = np.asarray(values, dtype=np.float64)
    return {
        "p50": round(float(np.percentile(arr, 50)), 3),
        "p95": round(float(np.percentile(arr, 95)), 3),
        "p99": round(float(np.percentile(arr, 99)), 3),
        "mean": round(float(arr.mean()), 3),
        "n": int(arr.size),
    }


# -- corpus ----------------------------------------------------------------------------------


def find_corpus(given: str | None) -> Path | None:
    """Return articles.jsonl: the one given, or ../shared/corpus beside the working folder or the checkout."""
    if given:
        path = Path(given)
        return path / "articles.jsonl" if path.is_dir() else path
    for root in (Path.cwd(), Path(__file__).resolve().parents[1]):
        candidate = root.parent / "shared" / "corpus" / "articles.jsonl"
        if candidate.is_file():
            return candidate
    return None


def read_articles(path: Path) -> list[Article]:
    from index.articles import read_paths
    from index.errors import BadArticle

    return [a for a in read_paths([path]) if not isinstance(a, BadArticle)]


def questions_for(corpus: Path) -> list[str]:
    """Questions to time: the shared question file's, else ones made from the articles' place names."""
    path = corpus.parent / "questions.jsonl"
    if path.is_file():
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    out.append(str(json.loads(line)["question"]))
                except (ValueError, KeyError, TypeError):
                    continue
        if out:
            return out
    import re

    names: list[str] = []
    for article in read_articles(corpus):
        for word in re.findall(r"\b[A-Z][a-z]{4,}\b", article.text):
            if word not in names:
                names.append(word)
    return [f"Who controls {n}?" for n in names[:50]] or ["Who controls the city?"]


@dataclass(frozen=True)
class Sentence:
    text: str
    source: str | None
    published: date | None
    lang: str | None


def real_sentences(articles: Sequence[Article]) -> list[Sentence]:
    """Every body sentence of the articles long enough to carry a claim."""
    from index.passages import sentences, split_passages

    out: list[Sentence] = []
    for a in articles:
        for p in split_passages(a):
            if p.kind != "body":
                continue
            for s in sentences(p.text):
                if len(s.text) >= MIN_SENTENCE_CHARS:
                    out.append(Sentence(s.text, a.source, a.published, a.lang))
    return out


@dataclass(frozen=True)
class Paragraph:
    """A recombined paragraph, with what was extracted from it once."""

    text: str
    members: tuple[int, ...]  # pool sentence indexes
    claims: tuple[Claim, ...]  # offsets relative to the paragraph
    source: str | None
    published: date | None
    lang: str | None


def make_paragraphs(count: int, pool: Sequence[Sentence], rng: random.Random) -> list[Paragraph]:
    """Recombine pool sentences into `count` paragraphs of 2–4 sentences; extract their claims once.

    Each paragraph is read as a one-paragraph article by the real splitter and
    claim extractor; scale articles reuse the paragraphs (and their claims,
    shifted), which makes a 1M-passage corpus a matter of minutes instead of
    hours of claim extraction.
    """
    from index.claims import extract_claims
    from index.models import Article
    from index.passages import split_passages

    out: list[Paragraph] = []
    for n in range(count):
        members = tuple(rng.randrange(len(pool)) for _ in range(rng.randint(2, 4)))
        first = pool[members[0]]
        text = " ".join(pool[i].text for i in members)
        article = Article(id=f"para-{n}", text=text, source=first.source, published=first.published, lang=first.lang)
        claims = tuple(extract_claims(article, split_passages(article)))
        out.append(Paragraph(text, members, claims, first.source, first.published, first.lang))
    return out


def scale_articles(
    paragraphs: Sequence[Paragraph], rng: random.Random
) -> Iterator[tuple[Article, list[Paragraph], list[Claim]]]:
    """Yield invented articles of PARAGRAPHS_PER_ARTICLE paragraphs each, forever.

    An article takes its outlet, date and language from its first paragraph;
    its claims are its paragraphs' claims moved to their place in it (their
    passage ids are filled in by the caller, once the article is split).
    """
    from index.claims import claim_id
    from index.models import Article

    n = 0
    while True:
        chosen = [paragraphs[rng.randrange(len(paragraphs))] for _ in range(PARAGRAPHS_PER_ARTICLE)]
        aid = f"scale-{n:07d}"
        first = chosen[0]
        published = first.published + timedelta(days=rng.randint(0, 30)) if first.published else None
        claims: list[Claim] = []
        offset = 0
        for para in chosen:
            for c in para.claims:
                start = c.start + offset
                claims.append(
                    replace(
                        c, id=claim_id(aid, start, c.place_key, c.action), article_id=aid,
                        start=start, end=c.end + offset,
                    )
                )
            offset += len(para.text) + 1
        article = Article(
            id=aid, text="\n".join(p.text for p in chosen), source=first.source, published=published,
            lang=first.lang, metadata={"synthetic": True},
        )
        yield article, chosen, claims
        n += 1


# -- subprocess workers ------------------------------------------------------------------------


def build_worker(size: int, corpus: Path, data_dir: Path, seed: int = 5) -> dict[str, Any]:
    """Build a scale corpus of about `size` passages in `data_dir`: store, chosen index, flat index.

    Runs in a subprocess of its own (see _run_worker).
    """
    import functools

    import index.store
    from index.engine import Engine
    from index.passages import split_passages
    from index.settings import Settings
    from index.vectors import VectorIndex, Versions

    started = time.perf_counter()
    engine = Engine(Settings(data_dir=data_dir))
    embedder = engine.embedder
    pool = real_sentences(read_articles(corpus))
    if not pool:
        raise SystemExit(f"{corpus} has no sentences of {MIN_SENTENCE_CHARS}+ characters")
    t = time.perf_counter()
    pool_vectors = embedder.encode([s.text for s in pool])
    encode_pool_s = time.perf_counter() - t
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    derived = size > ENCODE_MAX
    t = time.perf_counter()
    paragraphs = make_paragraphs(min(size, PARAGRAPH_POOL), pool, rng)
    claims_s = time.perf_counter() - t
    # Paragraphs repeat across scale articles: their folded text and name keys
    # are computed once (the store's own pure functions, memoized for this build).
    index.store.search_text = functools.lru_cache(maxsize=None)(index.store.search_text)  # type: ignore[assignment]
    index.store.name_keys = functools.lru_cache(maxsize=None)(index.store.name_keys)  # type: ignore[assignment]

    ids: list[str] = []
    texts: list[str] = []
    rows: list[np.ndarray] = []
    hashes: dict[str, str] = {}
    claims_total = 0
    t = time.perf_counter()
    for article, chosen, claims in scale_articles(paragraphs, rng):
        passages = [p for p in split_passages(article) if p.kind == "body"][: size - len(ids)]
        if not passages:
            break
        bounds = _paragraph_bounds(article.text)
        kept = []
        for c in claims:
            home = next((p for p in passages if p.start <= c.start < p.end), None)
            if home is not None:
                kept.append(replace(c, passage_id=home.id))
        engine.store.save_article(article, passages, kept)
        hashes[article.id] = article.content_hash
        claims_total += len(kept)
        for p in passages:
            if derived:
                # A passage's vector: the mean of its sentences' vectors, plus noise so no two are equal.
                picks = [i for (s, e), para in zip(bounds, chosen) if s < p.end and e > p.start for i in para.members]
                v = pool_vectors[picks].mean(axis=0) + np_rng.normal(0, NOISE, pool_vectors.shape[1])
                rows.append((v / np.linalg.norm(v)).astype(np.float32))
            else:
                texts.append(p.text)
            ids.append(p.id)
        if len(ids) >= size:
            break
    store_s = time.perf_counter() - t

    t = time.perf_counter()
    vectors = np.vstack(rows) if derived else embedder.encode(texts)
    rows.clear()
    encode_s = time.perf_counter() - t
    # The index rows follow the store's own order, as IndexWriter._publish makes them.
    position = {pid: i for i, pid in enumerate(ids)}
    order_ids = [pid for pid, _ in engine.store.searchable_passages()]
    vectors = vectors[[position[pid] for pid in order_ids]]

    t = time.perf_counter()
    chosen_index = VectorIndex.build(vectors, order_ids, model=embedder.name, articles=hashes)
    index_s = time.perf_counter() - t
    engine.versions.publish(chosen_index)
    kind = chosen_index.manifest.kind
    del chosen_index
    flat = VectorIndex.build(vectors, order_ids, model=embedder.name, articles=hashes, exact_max=len(order_ids))
    Versions(_flat_index_dir(data_dir)).publish(flat)
    return {
        "size": size,
        "passages": len(order_ids),
        "articles": len(hashes),
        "claims": claims_total,
        "sentences": len(pool),
        "paragraphs": len(paragraphs),
        "vectors": "derived" if derived else "encoded",
        "index_kind": kind,
        "encode_pool_s": round(encode_pool_s, 2),
        "claims_s": round(claims_s, 2),
        "store_s": round(store_s, 2),
        "encode_s": round(encode_s, 2),
        "index_s": round(index_s, 2),
        "build_s": round(time.perf_counter() - started, 2),
        "build_peak_rss_mib": round(_peak_rss_mib(), 1),
    }


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for line in text.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds


def _flat_index_dir(data_dir: Path) -> Path:
    return data_dir / "flat-index"


def serve_worker(data_dir: Path, questions: Sequence[str], asks: int, flat: bool, recall_queries: int) -> dict[str, Any]:
    """Answer questions against a built data dir, timing each; report RSS and top-10 ids for recall."""
    from index.engine import Engine
    from index.settings import Settings
    from index.vectors import Versions

    started = time.perf_counter()
    engine = Engine(Settings(data_dir=data_dir))
    if flat:
        engine.versions = Versions(_flat_index_dir(data_dir))
    engine.warm_up()
    index = engine.index()
    load_s = time.perf_counter() - started

    for q in questions[:5]:
        engine.ask(q)
    encode_ms: list[float] = []
    search_ms: list[float] = []
    answer_ms: list[float] = []
    total_ms: list[float] = []
    for i in range(asks):
        q = questions[i % len(questions)]
        t0 = time.perf_counter()
        vector = engine.embedder.encode_one(q)
        t1 = time.perf_counter()
        engine.ask(q, question_vector=vector)
        t2 = time.perf_counter()
        index.search(vector.reshape(1, -1), 50)
        t3 = time.perf_counter()
        encode_ms.append((t1 - t0) * 1000)
        answer_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)
        search_ms.append((t3 - t2) * 1000)
    peak = _peak_rss_mib()

    import psutil

    rss_now = psutil.Process().memory_info().rss / 2**20
    # Recall queries: the questions and real passages' own vectors, perturbed.
    rng = np.random.default_rng(11)
    qv = engine.embedder.encode(list(questions))
    picks = rng.integers(0, index.manifest.count, size=max(0, recall_queries - len(qv)))
    sample = np.asarray(index.vectors[np.sort(picks)], dtype=np.float32) if len(picks) else np.zeros((0, qv.shape[1]), np.float32)
    sample = sample + rng.normal(0, 0.05, sample.shape).astype(np.float32)
    queries = np.vstack([qv, sample])
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    top = index.search(queries, 10)
    return {
        "index_kind": index.manifest.kind,
        "count": index.manifest.count,
        "load_s": round(load_s, 2),
        "latency_ms": _percentiles(total_ms),
        "parts_p95_ms": {
            "encode": _percentiles(encode_ms)["p95"],
            "vector_search": _percentiles(search_ms)["p95"],
            "answer": _percentiles(answer_ms)["p95"],
        },
        "peak_rss_mib": round(peak, 1),
        "rss_mib": round(rss_now, 1),
        "top10": [[pid for pid, _ in row] for row in top],
    }


def _run_worker(argv: list[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python -m benchmarks.bench --worker ...` and return its JSON result (raises on failure)."""
    with tempfile.NamedTemporaryFile(prefix="frontline-bench-", suffix=".json", delete=False) as tmp:
        out = Path(tmp.name)
    try:
        cmd = [sys.executable, "-m", "benchmarks.bench", *argv, "--out", str(out)]
        proc = subprocess.run(
            cmd,
            cwd=Path(__file__).resolve().parents[1],
            env={**os.environ, **(env or {})},
            timeout=timeout,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise RuntimeError(f"worker {argv[1]} failed ({proc.returncode}): {' | '.join(tail)}")
        return dict(json.loads(out.read_text(encoding="utf-8")))
    finally:
        out.unlink(missing_ok=True)


# -- sections ---------------------------------------------------------------------------------


def map_marks(count: int, oblast: str = "Donetsk", seed: int = 11) -> list[dict[str, Any]]:
    """Return `count` real settlements of an oblast (with coordinates) as marks with random holders."""
    from index.gazetteer import gazetteer

    rng = random.Random(seed)
    places = [s for s in gazetteer().in_oblast(oblast) if s.lat is not None and s.lon is not None]
    chosen = places[:count] if len(places) >= count else places
    holders = ("Ukraine", "Russia", "contested", "unknown")
    return [
        {"key": s.id, "name": s.name_uk or s.name_en, "lat": s.lat, "lon": s.lon, "holder": rng.choice(holders),
         "newest": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "sources": [1 + i % 5]}
        for i, s in enumerate(chosen)
    ]


def map_worker(marks_file: Path, runs: int, max_labels: int) -> dict[str, Any]:
    """Draw one map `runs` times in a fresh process: cold and warm seconds, extra peak memory."""
    import gc
    from datetime import date

    from index.maps.model import ControlMap, MapMark, MapSource
    from index.maps.render import MapRenderer, basemap

    raw = json.loads(marks_file.read_text(encoding="utf-8"))
    marks = tuple(
        MapMark(key=m["key"], name=m["name"], lat=m["lat"], lon=m["lon"], holder=m["holder"],
                newest=date.fromisoformat(m["newest"]), sources=tuple(m["sources"]), claims=1)
        for m in raw
    )
    sources = tuple(
        MapSource(n=n, article_id=f"a{n}", source=f"Outlet {n}", title="A title", url=None, published=date(2024, 1, n))
        for n in range(1, 6)
    )
    lats = [m.lat for m in marks if m.lat is not None]
    lons = [m.lon for m in marks if m.lon is not None]
    cmap = ControlMap(area="Донецька область", kind="oblast", as_of=date(2024, 12, 31), lang="uk", marks=marks,
                      sources=sources, extent=(min(lats), min(lons), max(lats), max(lons)))
    renderer = MapRenderer(max_labels=max_labels)
    basemap()
    gc.collect()
    before = psutil_rss_mib()
    t = time.perf_counter()
    drawn = renderer.render(cmap)
    cold = time.perf_counter() - t
    warm, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        renderer.render(cmap)
        warm.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {
        "cold_s": cold, "warm_s": float(np.median(warm)) if warm else cold, "marks": len(marks),
        "cpu_s": float(np.median(cpu)) if cpu else cold, "load": os.getloadavg()[0],
        "labelled": len(drawn.labelled), "png_bytes": len(drawn.png),
        "rss_before_mib": before, "extra_peak_mib": _peak_rss_mib() - before,
    }


def psutil_rss_mib() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def bench_map(report: Report, work: Path, runs: int) -> None:
    """Draw a map of 60 real settlements (and of 2,000) in fresh processes; time and extra memory."""
    results = {}
    for count, labels in ((MAP_SETTLEMENTS, 60), (MAP_SETTLEMENTS, 0), (2_000, 60)):
        marks = map_marks(count) if count <= 400 else _spread(map_marks(400), count)
        path = work / f"marks-{count}-{labels}.json"
        path.write_text(json.dumps(marks), encoding="utf-8")
        results[(count, labels)] = _run_worker(
            ["--worker", "map", "--marks", str(path), "--runs", str(runs), "--labels", str(labels), "--data-dir", str(work)],
            timeout=600,
        )
    ours, plain = results[(MAP_SETTLEMENTS, 60)], results[(MAP_SETTLEMENTS, 0)]
    big = results[(2_000, 60)]
    report.add(
        Figure(
            "map of 60 settlements (render, warm)", ours["warm_s"], "s", plain["warm_s"],
            "the same map with no labels placed", higher_is_better=False, target=TARGETS["map_60"],
            note=f"median of {runs} ({ours['cpu_s']:.2f} s of CPU; load average {ours['load']:.1f} on "
            f"{os.cpu_count()} cores); first render in a fresh process {ours['cold_s']:.2f} s; "
            f"{ours['labelled']} labelled; PNG {ours['png_bytes'] // 1024} KiB",
        )
    )
    report.add(
        Figure(
            "map of 60 settlements: extra peak memory", ours["extra_peak_mib"], "MiB", plain["extra_peak_mib"],
            "the same map with no labels placed", higher_is_better=False, target=TARGETS["map_memory"],
            note=f"peak RSS over the RSS after importing the renderer ({ours['rss_before_mib']:.0f} MiB)",
        )
    )
    report.add(
        Figure(
            "map of 2,000 settlements (render, warm)", big["warm_s"], "s", ours["warm_s"], "60 settlements",
            higher_is_better=False, note=f"extra peak memory {big['extra_peak_mib']:.0f} MiB",
        )
    )


def _spread(marks: list[dict[str, Any]], count: int, seed: int = 13) -> list[dict[str, Any]]:
    """Return `count` marks jittered around real ones (an oblast with thousands of claimed places)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        m = dict(marks[i % len(marks)])
        m["key"] = f"{m['key']}-{i}"
        m["lat"] = m["lat"] + rng.uniform(-0.05, 0.05)
        m["lon"] = m["lon"] + rng.uniform(-0.05, 0.05)
        out.append(m)
    return out


def bench_ingest(report: Report, corpus: Path, work: Path) -> Path:
    """Ingest the shared corpus; compare with plain float32 sentence-transformers; return the data dir."""
    from index.engine import Engine
    from index.settings import Settings

    data_dir = work / "corpus"
    engine = Engine(Settings(data_dir=data_dir))
    t = time.perf_counter()
    engine.embedder.warm_up()
    load_s = time.perf_counter() - t
    report.machine["backend"] = engine.embedder.backend
    ov = getattr(engine.embedder, "_openvino", None)
    report.machine["precision"] = getattr(ov, "precision", None) if ov else "float32"

    t = time.perf_counter()
    ingest = engine.ingest([corpus])
    ingest_s = time.perf_counter() - t
    passages = [text for _, text in engine.store.searchable_passages()]
    ingest_rate = ingest.passages / ingest_s if ingest_s else None

    t = time.perf_counter()
    ours = engine.embedder.encode(passages)
    encode_rate = len(passages) / (time.perf_counter() - t)

    st_model, st_load_s = _sentence_transformer()
    st_model.encode(passages[:16], batch_size=64)
    t = time.perf_counter()
    plain = np.asarray(
        st_model.encode(passages, batch_size=64, normalize_embeddings=True, convert_to_numpy=True),
        dtype=np.float32,
    )
    plain_rate = len(passages) / (time.perf_counter() - t)

    report.add(
        Figure(
            "ingest throughput (whole ingest)", ingest_rate, "passages/s", plain_rate,
            "fp32 sentence-transformers encode only", target=TARGETS["ingest"],
            note=f"{ingest.passages} passages of {len(ingest.added)} articles in {ingest_s:.1f} s",
        )
    )
    report.add(Figure("embedding only", encode_rate, "passages/s", plain_rate, "fp32 sentence-transformers encode"))
    report.add(
        Figure("model load", load_s, "s", st_load_s, "sentence-transformers load (torch import)", higher_is_better=False)
    )
    cos = (ours * plain).sum(axis=1)
    report.quality["vector cosine to fp32 (min / mean)"] = f"{cos.min():.5f} / {cos.mean():.6f}"

    questions = corpus.parent / "questions.jsonl"
    if questions.is_file():
        _compare_encoders(report, engine, questions, plain, work)
    engine.close()
    return data_dir


def _sentence_transformer() -> tuple[Any, float]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    t = time.perf_counter()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    from index.embedding import bundled_model_path

    model = SentenceTransformer(str(bundled_model_path()), device="cpu")
    return model, time.perf_counter() - t


def _compare_encoders(report: Report, engine: Engine, questions: Path, plain: np.ndarray, work: Path) -> None:
    """Retrieval on the shared questions with the configured encoder and with fp32 sentence-transformers."""
    from index.engine import Engine
    from index.evaluate import evaluate_file
    from index.settings import Settings
    from index.vectors import VectorIndex

    ours = evaluate_file(engine, questions)
    # The same stored passages, indexed with the fp32 vectors and searched with the fp32 encoder.
    torch_dir = work / "corpus-fp32"
    torch_dir.mkdir(parents=True, exist_ok=True)
    engine.store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(engine.settings.db_path, torch_dir / "frontline.db")
    other = Engine(Settings(data_dir=torch_dir, embedding_backend="torch"))
    ids = [pid for pid, _ in other.store.searchable_passages()]
    articles = {aid: a.content_hash for aid, a in other.store.articles().items()}
    other.versions.publish(VectorIndex.build(plain, ids, model=other.embedder.name, articles=articles))
    fp32 = evaluate_file(other, questions)
    other.close()
    for name, rep in ((engine.embedder.backend, ours), ("torch fp32", fp32)):
        r = rep["retrieval"]
        report.quality[f"{name}: top5 hybrid / dense, MRR hybrid"] = (
            f"{r['hybrid']['top5']} / {r['dense']['top5']}, {r['hybrid']['mrr']}"
        )
    report.add(
        Figure(
            "recall@5 on shared questions (hybrid)", ours["retrieval"]["hybrid"]["top5"], "",
            fp32["retrieval"]["hybrid"]["top5"], "same with fp32 sentence-transformers vectors",
        )
    )


def bench_first_answer(report: Report, data_dir: Path, question: str, runs: int = 2) -> None:
    """Time `frontline ask` from process start to answer, with the configured backend and with torch."""
    exe = Path(sys.executable).with_name("frontline")
    base = [str(exe)] if exe.is_file() else [sys.executable, "-m", "bot.cli"]
    cmd = [*base, "ask", question]
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(data_dir)}

    def timed(extra: dict[str, str]) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            proc = subprocess.run(
                cmd, env={**env, **extra}, cwd=root, capture_output=True, text=True, timeout=180, check=False
            )
            times.append(time.perf_counter() - t)
            if proc.returncode != 0:
                raise RuntimeError(f"frontline ask failed: {proc.stderr.strip()[-300:]}")
        return min(times)

    ours = timed({})
    torch = timed({"FRONTLINE_EMBEDDING_BACKEND": "torch"})
    report.add(
        Figure(
            "first answer after start (frontline ask)", ours, "s", torch, "the same with the torch backend",
            higher_is_better=False, target=TARGETS["first_answer"],
            note=f"whole process, existing index, best of {runs}",
        )
    )


def bench_places(report: Report, questions: Sequence[str], runs: int = 3) -> None:
    """Time finding a question's places (the gazetteer), beside the capitalized-word rules and keys."""
    from index.gazetteer import Gazetteer
    from index.places import candidate_names, place_key
    from index.question_places import find_places
    from index.search import place_keys

    def gazetteer_way(q: str) -> object:
        find_places.cache_clear()  # every question is new to the bot
        Gazetteer._find_cached.cache_clear()
        return [place_keys(p) for p in find_places(q).targets]

    def keys_way(q: str) -> object:
        return [place_key(n) for n in candidate_names(q)]

    def p95(way: Callable[[str], object]) -> float:
        best = []
        for q in questions:
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                way(q)
                times.append((time.perf_counter() - t) * 1000)
            best.append(min(times))
        return _percentiles(best)["p95"]

    load = time.perf_counter()
    from index.gazetteer import gazetteer

    gazetteer()
    loaded = time.perf_counter() - load
    gazetteer_way("warm up: Херсоном, Chasiv Yar, Sievierodonestk")
    report.add(
        Figure(
            "place lookup per question p95", p95(gazetteer_way), "ms", p95(keys_way),
            "capitalized words and spelling keys (no gazetteer)", higher_is_better=False,
            target=TARGETS["place_p95"],
            note=f"{len(questions)} questions, best of {runs} each; gazetteer loaded in {loaded:.2f} s",
        )
    )


def bench_sizes(report: Report, sizes: Sequence[int], corpus: Path, work: Path, asks: int) -> None:
    """Build, serve and serve-flat each size in subprocesses; record latency, recall and RSS."""
    questions = questions_for(corpus)
    qfile = work / "questions.json"
    qfile.write_text(json.dumps(questions), encoding="utf-8")
    for size in sizes:
        data_dir = work / f"size-{size}"
        row: dict[str, Any] = {"size": size}
        try:
            t = time.perf_counter()
            built = _run_worker(
                ["--worker", "build", "--size", str(size), "--corpus", str(corpus), "--data-dir", str(data_dir)],
                BUILD_TIMEOUT_S.get(size, 5400),
            )
            common = ["--data-dir", str(data_dir), "--questions", str(qfile), "--asks", str(asks)]
            served = _run_worker(["--worker", "serve", *common], SERVE_TIMEOUT_S)
            flat = _run_worker(["--worker", "serve", *common, "--flat"], SERVE_TIMEOUT_S)
            recall = float(
                np.mean([len(set(a) & set(b)) / max(len(b), 1) for a, b in zip(served["top10"], flat["top10"])])
            )
            row.update(built)
            row.update(
                {
                    "latency_ms": served["latency_ms"],
                    "parts_p95_ms": served["parts_p95_ms"],
                    "flat_latency_ms": flat["latency_ms"],
                    "flat_parts_p95_ms": flat["parts_p95_ms"],
                    "recall_at_10": round(recall, 4),
                    "recall_queries": len(flat["top10"]),
                    "serve_peak_rss_mib": served["peak_rss_mib"],
                    "serve_load_s": served["load_s"],
                    "flat_peak_rss_mib": flat["peak_rss_mib"],
                    "wall_s": round(time.perf_counter() - t, 1),
                }
            )
            label = f"{size:,}"
            is_1m = size >= 1_000_000
            report.add(
                Figure(
                    f"p95 latency at {label} passages", served["latency_ms"]["p95"], "ms",
                    flat["latency_ms"]["p95"], "exact flat search, same size", higher_is_better=False,
                    target=TARGETS["p95_1m"] if is_1m else None,
                    note=f"{built['index_kind']}, {built['vectors']} vectors; p50 {served['latency_ms']['p50']:.1f}, "
                    f"p99 {served['latency_ms']['p99']:.1f} ms",
                )
            )
            report.add(
                Figure(
                    f"recall@10 vs exact at {label}", recall, "", 1.0, "exact flat search",
                    target=TARGETS["recall"],
                )
            )
            report.add(
                Figure(
                    f"serving peak RSS at {label}", served["peak_rss_mib"], "MiB", flat["peak_rss_mib"],
                    "serving with exact flat index", higher_is_better=False,
                    target=TARGETS["rss_1m"] if is_1m else None,
                )
            )
        except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            row["error"] = f"not measured: {exc}"
            report.skipped.append(f"size {size:,}: {exc}")
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        report.sizes.append(row)
    if any(s > ENCODE_MAX for s in sizes):
        report.notes.append(
            f"sizes above {ENCODE_MAX:,} passages: articles are real sentences of the shared corpus "
            "recombined (stored through the real splitter, claim extractor and SQLite/FTS5), but each "
            "passage's vector is the normalized mean of its sentences' encoded vectors plus noise "
            f"(σ={NOISE} per dimension) rather than a fresh encoding; recall queries are the shared questions "
            "plus perturbed stored vectors"
        )


def bench_bot(report: Report, data_dir: Path, questions: Sequence[str], users: Sequence[int], rounds: int) -> None:
    """Questions per second through the real Application against the loopback Bot API."""
    try:
        from bot.app import build_application, running  # noqa: F401
        from tests.support.loopback_api import LoopbackBotAPI  # noqa: F401
    except ImportError as exc:
        report.skipped.append(
            f"whole-bot throughput: the loopback Bot API cannot be imported ({exc}); pip install -e '.[bench]'"
        )
        return
    try:
        results = asyncio.run(_bot_throughput(data_dir, questions, users, rounds))
    except (TimeoutError, RuntimeError, OSError) as exc:
        logger.debug("whole-bot throughput failed", exc_info=True)
        report.skipped.append(f"whole-bot throughput: {exc.__class__.__name__}: {exc}")
        return
    baseline = results.pop("engine_only")
    for key, rate in results.items():
        lifted = isinstance(key, tuple)
        n = key[1] if lifted else key
        report.add(
            Figure(
                f"bot throughput, {n} users" + (", no flood limit" if lifted else ", flood-limited"),
                rate, "questions/s", baseline, "engine.ask in a loop, one thread (no Telegram)",
                target=TARGETS["bot_100"] if n == 100 and lifted else None,
            )
        )
    report.notes.append(
        "whole-bot throughput: the loopback Bot API runs in the bench's own process and shares its 2 cores; "
        "'flood-limited' keeps the bot's rate limiter at Telegram's 30 requests/s per bot (an answer costs a "
        "reply and a typing action), 'no flood limit' lifts it to measure the bot itself"
    )


async def _bot_throughput(
    data_dir: Path, questions: Sequence[str], users: Sequence[int], rounds: int
) -> dict[Any, float]:
    """Each user asks, waits for the answer, asks again (`rounds` times); all users at once."""
    from pydantic import SecretStr

    from bot.app import build_application, running
    from bot.settings import BotSettings
    from index.engine import Engine
    from index.settings import Settings
    from tests.support.loopback_api import LoopbackBotAPI

    token = "123456:BENCH-token"
    engine = Engine(Settings(data_dir=data_dir))
    engine.warm_up()
    t = time.perf_counter()
    n = 0
    while time.perf_counter() - t < 2.0:
        engine.ask(questions[n % len(questions)])
        n += 1
    results: dict[Any, float] = {"engine_only": n / (time.perf_counter() - t)}
    async with LoopbackBotAPI() as api:
        api.add_bot(token)
        # No per-user rate limit here: the bench's users ask faster than people do.
        settings = BotSettings(
            token=SecretStr(token), api_base_url=f"{api.base_url}/bot", user_rate=1_000_000, feed_interval=86_400
        )
        application = build_application(settings, engine)
        async with running(application, settings):
            api.send_text(400_000, questions[0])
            await api.wait_for_messages(400_000, 1, timeout=60)
            for count in users:
                results[count] = await _round_trips(api, questions, count, rounds)
            # The bot keeps to Telegram's flood limit (30 requests/s for a whole bot, a
            # reply and a "typing…" each per question): lift it to see the bot's own capacity.
            limiter = getattr(application.bot, "rate_limiter", None)
            if limiter is not None and hasattr(limiter, "_base_limiter"):
                limiter._base_limiter = None
                for count in users:
                    results[("unlimited", count)] = await _round_trips(api, questions, count, rounds)
    engine.close()
    return results


async def _round_trips(api: Any, questions: Sequence[str], count: int, rounds: int) -> float:
    """`count` users ask at once, each waiting for its answer before asking again; return questions/s."""
    chats = [500_000 + 1_000 * count + i for i in range(count)]
    t = time.perf_counter()
    for r in range(rounds):
        before = {chat: len(api.sent(chat)) for chat in chats}
        for i, chat in enumerate(chats):
            api.send_text(chat, questions[(r * count + i) % len(questions)])
        await asyncio.gather(*(api.wait_for_messages(chat, before[chat] + 1, timeout=300) for chat in chats))
    return count * rounds / (time.perf_counter() - t)


# -- entry points --------------------------------------------------------------------------------


def parse_sizes(text: str | None, quick: bool) -> list[int]:
    """Return the sizes to run: --sizes, else the quick or full list.

    Raises:
        FrontlineError: --sizes is not a comma-separated list of positive numbers.
    """
    from index.errors import FrontlineError

    if not text:
        return list(QUICK_SIZES if quick else FULL_SIZES)
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        scale = 1
        if part.endswith("k"):
            part, scale = part[:-1], 1_000
        elif part.endswith("m"):
            part, scale = part[:-1], 1_000_000
        if not part.isdigit() or int(part) < 1:
            raise FrontlineError(f"--sizes takes comma-separated passage counts like 1000,10k,1m, not {text!r}")
        sizes.append(int(part) * scale)
    return sizes


def run_bench(args: argparse.Namespace) -> int:
    """Run the benchmarks `args` asks for; print a table (or JSON with --json); return the exit status.

    Args:
        args: .quick (small sizes, fewer repetitions), .json, .sizes (comma
            list of passage counts), .corpus (articles.jsonl or its folder).

    Raises:
        FrontlineError: bad --sizes or a --corpus that does not exist.
    """
    from index.errors import FrontlineError

    try:
        import psutil  # noqa: F401
    except ImportError:
        raise FrontlineError("bench needs psutil, from the bench extra: pip install -e '.[bench]'") from None
    sizes = parse_sizes(args.sizes, args.quick)
    report = Report(machine=machine_info())
    corpus = find_corpus(args.corpus)
    with tempfile.TemporaryDirectory(prefix="frontline-bench-map-") as tmp:
        _section(report, "map", bench_map, report, Path(tmp), 3 if args.quick else 7)
    if args.corpus and (corpus is None or not corpus.is_file()):
        raise FrontlineError(f"--corpus {args.corpus}: no articles.jsonl there")
    if corpus is None:
        report.skipped.append(
            "everything: ../shared/corpus/articles.jsonl is absent (give --corpus PATH to run the benchmarks)"
        )
        _print(report, args.json)
        return 0
    asks = 60 if args.quick else 200
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        work = Path(tmp)
        questions = questions_for(corpus)
        _section(report, "place lookup", bench_places, report, questions + _more_questions(corpus))
        data_dir = _section(report, "ingest", bench_ingest, report, corpus, work)
        if data_dir is not None:
            _section(report, "first answer", bench_first_answer, report, data_dir, questions[0], 1 if args.quick else 3)
        _section(report, "sizes", bench_sizes, report, sizes, corpus, work, asks)
        if data_dir is not None:
            _section(report, "whole bot", bench_bot, report, data_dir, questions, USERS, 1 if args.quick else 5)
    report.notes.append(f"bench took {time.perf_counter() - started:.0f} s")
    _print(report, args.json)
    return 0


def _more_questions(corpus: Path) -> list[str]:
    """The other shared corpus's questions and the invented place questions, when present."""
    paths = [corpus.parent.parent / "corpus2" / "questions.jsonl",
             Path(__file__).resolve().parents[1] / "tests" / "data" / "place_questions.jsonl"]
    out = []
    for path in paths:
        if path.is_file() and path.parent != corpus.parent:
            out += [str(json.loads(line)["question"]) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out


def _section(report: Report, name: str, run: Callable[..., Any], *args: Any) -> Any:
    """Run one part of the bench; a failure is reported with the others' figures, not instead of them."""
    try:
        return run(*args)
    except Exception as exc:  # recorded in the report, which is still printed
        logger.debug("bench section %s failed", name, exc_info=True)
        report.skipped.append(f"{name}: failed: {exc.__class__.__name__}: {exc}")
        return None


def _print(report: Report, as_json: bool) -> None:
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=1) if as_json else format_report(report))


def _worker_main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench")
    parser.add_argument("--worker", choices=["build", "serve", "map"], required=True)
    parser.add_argument("--marks")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--labels", type=int, default=60)
    parser.add_argument("--size", type=int)
    parser.add_argument("--corpus")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--questions")
    parser.add_argument("--asks", type=int, default=200)
    parser.add_argument("--flat", action="store_true")
    parser.add_argument("--recall-queries", type=int, default=200)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.worker == "build":
        result = build_worker(args.size, Path(args.corpus), Path(args.data_dir))
    elif args.worker == "map":
        result = map_worker(Path(args.marks), args.runs, args.labels)
    else:
        questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
        result = serve_worker(Path(args.data_dir), questions, args.asks, args.flat, args.recall_queries)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_worker_main())
