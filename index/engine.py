"""The engine: one object that ingests, indexes, searches and answers.

The command line and the bot both talk to an Engine and nothing else of
`index/`, so that "answer one question exactly as the bot would" holds by
construction.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from itertools import chain
from pathlib import Path

import numpy as np

from index import answer as composer
from index.articles import fetch_url, read_paths
from index.claims import CLAIM_RULES, extract_claims
from index.embedding import Embedder, Progress
from index.errors import (
    BadArticle,
    Busy,
    DiskFull,
    EmptyQuestion,
    IndexMismatch,
    NoIndex,
    QuestionTooLong,
    UnknownArticle,
)
from index.models import Answer, Article, Citation, Claim, Hit, Passage
from index.passages import split_passages
from index.phrases import detect_lang
from index.question import understand
from index.search import Mode, Searcher, analyze
from index.settings import Settings
from index.store import Change, Store, StoreStats
from index.vectors import VectorIndex, Versions, read_manifest

logger = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")

# Seconds an ingest of fetched pages (a URL, a feed's entries) waits for another
# admin operation to finish before giving up: the network work is already done.
LOCK_WAIT = 60.0

# Claims about a place read per question, newest first (with the rest of the
# newest articles' claims): enough for the holder and the timeline.
CLAIMS_READ = 50


@dataclass
class IngestReport:
    """What one ingest did, for the summary line."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[BadArticle] = field(default_factory=list)
    passages: int = 0
    version: int | None = None
    # "id:…", "text:…", "url:…" of the articles stored so far in this batch → their id.
    first: dict[str, str] = field(default_factory=dict, repr=False)

    def count(self, change: Change, article_id: str) -> None:
        getattr(self, change).append(article_id)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


@dataclass(frozen=True)
class Stats:
    store: StoreStats
    index_version: int | None
    index_vectors: int
    index_kind: str | None
    model: str
    index_bytes: int


def _disk_full(exc: BaseException) -> bool:
    """Tell whether an error means the data directory's disk (or the database) is full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


class Engine:
    """Frontline's engine over one data directory."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        """Open the data directory; the model and the index load on first use.

        Args:
            settings: data directory, model and limits.
            embedder: an embedder to share (tests and benchmarks load the
                model once for several engines); made from settings when None.
        """
        self.settings = settings
        self.store = Store(settings.db_path)
        self.embedder = embedder or Embedder(
            settings.embedding_model, backend=settings.embedding_backend, cache_dir=settings.models_dir
        )
        self.versions = Versions(settings.index_dir, keep=settings.keep_versions)
        self.searcher = Searcher(self.store, self.embedder, self.index)
        self._index: VectorIndex | None = None
        self._index_lock = threading.Lock()
        self._covered: tuple[tuple[int | None, int], list[str]] | None = None
        # One admin operation at a time; questions never wait for it.
        self._admin_lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

    # -- the served index -------------------------------------------------------

    def index(self) -> VectorIndex:
        """Return the index version being served (loaded once, swapped on publish).

        Raises:
            NoIndex: nothing has been indexed yet.
            IndexMismatch: the index was built by another embedding model.
        """
        current = self.versions.current()
        with self._index_lock:
            if self._index is None or current != self._index.manifest.version:
                loaded = self.versions.load_current()
                loaded.check_model(self.embedder.name)
                self._index = loaded
            return self._index

    def warm_up(self) -> None:
        """Load the model and the index now rather than on the first question."""
        self.embedder.warm_up()
        try:
            self.index()
        except NoIndex:
            pass

    def ensure_sample(self) -> IngestReport | None:
        """Index the bundled sample article when the data directory is empty.

        Also brings stored claims up to the current claim rules (see `refresh_claims`).
        """
        try:
            self.refresh_claims()
        except Busy:
            pass  # an admin operation is running; the next start refreshes them
        if self.store.article_count() > 0 and self.versions.current() is not None:
            return None
        if self.store.article_count() > 0:
            return self.reindex()
        folder = resources.files("index.sample")
        paths = [Path(str(folder.joinpath(name))) for name in ("newsweek-2022-05-10-kharkiv.txt",)]
        return self.ingest(paths)

    def refresh_claims(self) -> int:
        """Re-read the claims of every stored article when the claim rules changed since they were stored.

        Claims are derived data: an article's text and passages are kept, so
        better rules reach old articles without a re-ingest. Returns how many
        articles were re-read (0 when the stored claims are current).

        Raises:
            Busy: another admin operation holds the lock.
        """
        if self.store.get_meta("claim_rules") == CLAIM_RULES:
            return 0
        with self._exclusive():
            return self._refresh_claims()

    def _refresh_claims(self) -> int:
        if self.store.get_meta("claim_rules") == CLAIM_RULES:
            return 0
        articles = self.store.articles()
        for article in articles.values():
            self.store.replace_claims(article.id, extract_claims(article, split_passages(article)))
        self.store.set_meta("claim_rules", CLAIM_RULES)
        self._covered = None
        if articles:
            logger.info("re-read the claims of %d stored articles (claim rules %s)", len(articles), CLAIM_RULES)
        return len(articles)

    # -- admin operations ---------------------------------------------------------

    @contextmanager
    def _exclusive(self, wait: float = 0.0) -> Iterator[None]:
        """Run one admin operation at a time, across threads and processes.

        A file lock in the data directory keeps `frontline ingest` in a shell
        and `/reindex` in the bot from interleaving; the lock dies with its
        process, so a killed ingest never leaves the data directory locked.

        Args:
            wait: seconds to wait for the lock before giving up (0: give up at once).

        Raises:
            Busy: another admin operation holds the lock.
        """
        busy = Busy("another ingest, reindex or rollback is running; try again when it finishes")
        deadline = time.monotonic() + wait
        acquired = self._admin_lock.acquire(timeout=wait) if wait > 0 else self._admin_lock.acquire(blocking=False)
        if not acquired:
            raise busy
        try:
            fd = os.open(self.settings.data_dir / ".admin.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise busy from None
                        time.sleep(0.1)  # another process: poll, flock has no timeout
                yield
            finally:
                os.close(fd)
        finally:
            self._admin_lock.release()

    def ingest(
        self,
        paths: Sequence[str | Path] = (),
        urls: Sequence[str] = (),
        progress: Progress | None = None,
    ) -> IngestReport:
        """Add articles from files, folders and URLs, then publish a new index version.

        URLs are fetched first, without the admin lock: a slow server holds up
        nobody else's ingest, reindex or rollback. Each article is then stored
        whole (with its passages and claims) or not at all; bad items are
        reported each with its reason, the good ones still go in and are indexed.

        Raises:
            Busy: another admin operation is running.
            DiskFull: the data directory's disk is full (what was stored before stays).
        """
        fetched = [self.fetch(url) for url in urls]
        # Having fetched, wait a while for a running operation rather than throw the pages away.
        with self._exclusive(wait=LOCK_WAIT if urls else 0.0), self._disk_errors():
            self._refresh_claims()
            report = IngestReport()
            self._store_all(chain(read_paths(paths) if paths else (), fetched), report)
            if report.changed or self.index_behind():
                report.version = self._publish(reembed=False, progress=progress)
            return report

    def fetch(self, url: str) -> Article | BadArticle:
        """Fetch one URL as an article (no lock held); a failure comes back as its BadArticle."""
        try:
            return fetch_url(url, timeout=self.settings.fetch_timeout, allow_private=self.settings.allow_private_urls)
        except BadArticle as bad:
            return bad

    def add(self, items: Iterable[Article | BadArticle], report: IngestReport | None = None) -> IngestReport:
        """Store articles without publishing them (they are searchable once `publish_pending` runs).

        Args:
            items: articles, or the reasons items could not be read.
            report: the report of the batch these belong to, so that a batch
                stored in several calls (a feed, entry by entry) still reports a
                duplicate once; a new report when None.

        Raises:
            Busy: another admin operation is running (nothing of `items` stored).
            DiskFull: the disk is full.
        """
        report = report if report is not None else IngestReport()
        with self._exclusive(wait=LOCK_WAIT), self._disk_errors():
            self._store_all(items, report)
        return report

    def publish_pending(self, report: IngestReport, progress: Progress | None = None) -> None:
        """Publish an index version when stored articles are not yet in the one served."""
        with self._exclusive(wait=LOCK_WAIT), self._disk_errors():
            if report.changed or self.index_behind():
                report.version = self._publish(reembed=False, progress=progress)

    @contextmanager
    def _disk_errors(self) -> Iterator[None]:
        """Turn a full disk, wherever it strikes, into DiskFull with the fix."""
        try:
            yield
        except (OSError, sqlite3.OperationalError) as exc:
            if not _disk_full(exc):
                raise
            logger.exception("the disk of %s is full", self.settings.data_dir)
            raise DiskFull(
                f"the disk of the data directory ({self.settings.data_dir}) is full; "
                "nothing more was changed: free some space and try again"
            ) from exc

    def _store_all(self, items: Iterable[Article | BadArticle], report: IngestReport) -> None:
        # The first of several items with one text (or URL) in a batch is the article; the others
        # are duplicates. Storing each in turn would rename the article back and forth, and every
        # re-run of the same ingest would report updates and publish a new index version.
        first = report.first
        for item in items:
            if isinstance(item, BadArticle):
                report.rejected.append(item)
                continue
            keys = [f"id:{item.id}", f"text:{item.content_hash}"] + ([f"url:{item.url}"] if item.url else [])
            earlier = next((k for k in keys if k in first), None)
            if earlier is not None:
                what = {"id": "id", "text": "text", "url": "URL"}[earlier.split(":", 1)[0]]
                report.rejected.append(BadArticle(item.id, f"the same {what} as {first[earlier]}, earlier in this batch"))
                continue
            first.update(dict.fromkeys(keys, item.id))
            try:
                self._store_one(item, report)
            except (sqlite3.DatabaseError, OSError, ValueError, RecursionError, MemoryError) as exc:
                if _disk_full(exc):
                    raise  # every next article would fail the same way: stop the batch
                # One article that cannot be stored is that article's failure, not the batch's.
                logger.exception("article %s could not be stored", item.id)
                report.rejected.append(BadArticle(item.id, f"could not be stored ({type(exc).__name__}: {exc})"))

    def _store_one(self, item: Article, report: IngestReport) -> None:
        article = self._keep_identity(item)
        passages = split_passages(article)
        if not any(p.kind == "body" for p in passages):
            report.rejected.append(BadArticle(article.id, "no body text to index"))
            return
        claims = extract_claims(article, passages)
        change = self.store.save_article(article, passages, claims)
        report.count(change, article.id)
        report.passages += sum(1 for p in passages if p.kind == "body")

    def index_behind(self) -> bool:
        """Tell whether the served index misses stored articles or versions of them.

        True after an ingest was killed between storing articles and
        publishing their index: running the ingest again then publishes.
        """
        current = self.versions.current()
        if current is None:
            return True
        try:
            covered = read_manifest(self.versions.folder(current)).articles
        except NoIndex:
            return True
        return dict(covered) != self.store.article_hashes()

    def check(self) -> list[str]:
        """Return what is wrong between the store, the index and the model, each with its fix."""
        problems: list[str] = []
        try:
            index = self.index()
        except (NoIndex, IndexMismatch) as exc:
            return [str(exc)]
        stored = self.store.article_hashes()
        covered = index.manifest.articles
        missing = [aid for aid in stored if aid not in covered]
        changed = [aid for aid in stored if aid in covered and covered[aid] != stored[aid]]
        if missing or changed:
            problems.append(
                f"the index (version {index.manifest.version}) misses {len(missing)} stored articles "
                f"and has {len(changed)} out of date; run `frontline reindex` (or /reindex) to catch up"
            )
        return problems

    def _keep_identity(self, article: Article) -> Article:
        """Re-ingesting under another name keeps the stored id (same URL or same text)."""
        existing = self.store.find_same(article)
        if existing is not None and existing.id != article.id and article.id.startswith("a-"):
            return replace(article, id=existing.id)
        return article

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Re-embed every stored passage and publish a new index version.

        The version being served keeps answering until the new one is complete.

        Raises:
            Busy: another admin operation is running.
            DiskFull: the disk is full (the version served stays).
        """
        with self._exclusive(), self._disk_errors():
            report = IngestReport()
            report.version = self._publish(reembed=True, progress=progress)
            report.passages = self.index().manifest.count
            return report

    def forget(self, ref: str) -> Article:
        """Remove an article (by id or URL) from the store and publish an index without it.

        Raises:
            UnknownArticle: no stored article has that id or URL.
            Busy: another admin operation is running.
        """
        with self._exclusive(), self._disk_errors():
            article = self.store.article_by_ref(ref)
            if article is None:
                raise UnknownArticle(f"no stored article has the id or URL {ref!r}; see `frontline stats`")
            # The deletion commits only once an index without the article is
            # published: a forget that cannot publish (a full disk) changes nothing.
            published: int | None = None
            try:
                with self.store.deleting(article.id):
                    published = self._publish(reembed=False)
            except BaseException:
                if published is not None:
                    self.versions.rollback()  # the store kept the article: serve it again
                    with self._index_lock:
                        self._index = None
                raise
            return article

    def rollback(self) -> int:
        """Serve the previous complete index version; return its number.

        Raises:
            NoIndex: there is no earlier version.
            Busy: another admin operation is running.
        """
        with self._exclusive():
            return self.versions.rollback()

    def _publish(self, *, reembed: bool, progress: Progress | None = None) -> int:
        """Build a new index version from the stored passages, reusing vectors unless `reembed`."""
        ids: list[str] = []
        texts: list[str] = []
        for pid, text in self.store.searchable_passages():
            ids.append(pid)
            texts.append(text)
        previous: dict[str, int] = {}
        old: VectorIndex | None = None
        if not reembed:
            try:
                old = self.versions.load_current()
                if old.manifest.model == self.embedder.name:
                    previous = {pid: row for row, pid in enumerate(old.ids)}
            except NoIndex:
                old = None
        missing = [i for i, pid in enumerate(ids) if pid not in previous]
        new_vectors = self.embedder.encode([texts[i] for i in missing], progress=progress)
        dim = new_vectors.shape[1] if len(missing) else (old.manifest.dim if old else self.embedder.dim)
        vectors = np.zeros((len(ids), dim), dtype=np.float32)
        for row, i in enumerate(missing):
            vectors[i] = new_vectors[row]
        if old is not None and previous:
            for i, pid in enumerate(ids):
                if pid in previous:
                    vectors[i] = old.vectors[previous[pid]]
        articles = self.store.article_hashes()
        built = VectorIndex.build(vectors, ids, model=self.embedder.name, articles=articles)
        version = self.versions.publish(built)
        with self._index_lock:
            self._index = None
        return version

    # -- questions ----------------------------------------------------------------

    def check_question(self, question: str) -> str:
        """Return the question stripped, or raise when it cannot be answered as written.

        Raises:
            EmptyQuestion: nothing but white space or punctuation.
            QuestionTooLong: longer than the limit.
        """
        # A lone surrogate (undecodable bytes on a command line) cannot be encoded for the
        # tokenizer or SQLite: it becomes U+FFFD, as a decoder would have made it.
        text = " ".join(_SURROGATE.sub("\ufffd", question).split())
        if not any(ch.isalnum() for ch in text):
            raise EmptyQuestion("the question is empty; ask e.g. “who holds Rubizhne?”")
        if len(text) > self.settings.max_question_chars:
            raise QuestionTooLong(
                f"the question is {len(text)} characters long; the limit is "
                f"{self.settings.max_question_chars}: ask about one place or event at a time"
            )
        return text

    def ask(
        self,
        question: str,
        k: int = 8,
        lang: str | None = None,
        mode: Mode = "hybrid",
        question_vector: np.ndarray | None = None,
    ) -> Answer:
        """Answer one question exactly as the bot would.

        Args:
            question: the question as the user wrote it.
            k: how many passages to read for the answer.
            lang: "en", "uk" or "ru" for the answer's own words; detected
                from the question when None.
            mode: "hybrid" search, or "dense"/"text" alone (for baselines).
            question_vector: the question's embedding, when already computed.

        Raises:
            BadQuestion: empty or too long.
            NoIndex, IndexMismatch: the index cannot be searched.
        """
        text = self.check_question(question)
        query = analyze(text)
        understood = understand(text, date.today())
        hits = self.searcher.search(query, k=k, mode=mode, question_vector=question_vector)
        visible = self.index().manifest.articles
        ctx = composer.Context(
            today=date.today(),
            stale_after_days=self.settings.stale_after_days,
            claims_for_article=self.store.claims_for_article,
            # Only what the composer reads: control claims up to the question's date,
            # newest first and bounded (a place in a million passages has tens of thousands).
            claims_about=lambda keys: self._claims_about(keys, understood.as_of, visible),
            hit_for_claim=self._hit_for_claim,
            known_key=self.store.name_key_known,
            covered_places=self.covered_places,
        )
        return composer.compose(text, query, hits, ctx, lang or detect_lang(text), understood)

    def ask_many(self, questions: Sequence[str], k: int = 8, lang: str | None = None) -> list[Answer | Exception]:
        """Answer several questions with one encoder call; a bad question yields its exception."""
        checked: list[str | Exception] = []
        for q in questions:
            try:
                checked.append(self.check_question(q))
            except Exception as exc:  # noqa: BLE001 - returned to the caller, not swallowed
                checked.append(exc)
        good = [q for q in checked if isinstance(q, str)]
        vectors = self.embedder.encode(good) if good else np.zeros((0, 1), dtype=np.float32)
        out: list[Answer | Exception] = []
        row = 0
        for item in checked:
            if isinstance(item, Exception):
                out.append(item)
                continue
            out.append(self.ask(item, k=k, lang=lang, question_vector=vectors[row]))
            row += 1
        return out

    def _visible(self, claims: list[Claim], covered: Mapping[str, str]) -> list[Claim]:
        """Keep the claims of articles served in the version of their text that `covered` lists."""
        stored = self.store.content_hashes({c.article_id for c in claims})
        return [c for c in claims if covered.get(c.article_id, "") == stored.get(c.article_id)]

    def _claims_about(self, keys: Sequence[str], as_of: date | None, visible: Mapping[str, str]) -> list[Claim]:
        """The newest claims about the places up to `as_of` (bounded), and the newest one overall.

        The newest one tells the holder rule whether any claim about the place is
        dated at all, so that undated claims do not stand in for a past day that
        later, dated claims already show to be before the story.
        """
        claims = self.store.claims_about(keys, as_of=as_of, newest=CLAIMS_READ)
        if as_of is not None:
            seen = {c.id for c in claims}
            claims += [c for c in self.store.claims_about(keys, newest=1) if c.id not in seen]
        return self._visible(claims, visible)

    def _hit_for_claim(self, claim: Claim) -> Hit | None:
        passages = self.store.passages([claim.passage_id])
        article = self.store.article(claim.article_id)
        passage = passages.get(claim.passage_id)
        if passage is None or article is None:
            return None
        return Hit(passage=passage, article=article, score=0.0)

    def covered_places(self, limit: int = 8) -> list[str]:
        """Return the places the stored claims mention most, to suggest what to ask."""
        # Counted over every claim: cached per index version (it changes only when that does).
        key = (self.versions.current(), limit)
        if self._covered is None or self._covered[0] != key:
            self._covered = (key, self.store.most_claimed_places(limit))
        return list(self._covered[1])

    # -- summary --------------------------------------------------------------------

    def stats(self) -> Stats:
        version = self.versions.current()
        count, kind, size = 0, None, 0
        if version is not None:
            folder = self.versions.folder(version)
            try:
                manifest = read_manifest(folder)
                count, kind = manifest.count, manifest.kind
            except NoIndex:
                pass
            size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        return Stats(
            store=self.store.stats(),
            index_version=version,
            index_vectors=count,
            index_kind=kind,
            model=self.embedder.name,
            index_bytes=size,
        )

    # -- for the bot: sources, passages, places, timelines, watched claims -------------

    def sources(self) -> list[tuple[str, int, date | None, date | None]]:
        """Return (outlet, articles, oldest date, newest date), most articles first."""
        return self.store.outlets()

    def passages(self, ids: Sequence[str]) -> dict[str, Passage]:
        """Return stored passages by id; ids no longer stored (forgotten) are left out."""
        return self.store.passages(list(ids))

    def passage(self, passage_id: str) -> Passage | None:
        """Return one stored passage, or None when its article was forgotten."""
        return self.passages([passage_id]).get(passage_id)

    def resolve_place(self, name: str) -> tuple[str, bool]:
        """Return a place name's spelling-independent key and whether any stored passage mentions it."""
        from index.places import place_key

        key = place_key(name)
        return key, self.store.name_key_known(key)

    def timeline(self, place: str) -> list[tuple[Claim, Citation]]:
        """Return every stored claim about a place, newest first, each with its citation.

        Citations are numbered by article in order of first appearance, so one
        article's several claims share a number.
        """
        from index.claims import timeline as ordered

        key, _ = self.resolve_place(place)
        try:
            covered = self.index().manifest.articles
        except (NoIndex, IndexMismatch):
            return []
        claims = ordered(self._visible(self.store.claims_about([key]), covered) if key else [])
        numbers: dict[str, int] = {}
        entries: list[tuple[Claim, Citation]] = []
        for claim in claims:
            hit = self._hit_for_claim(claim)
            if hit is None:
                continue
            n = numbers.setdefault(claim.article_id, len(numbers) + 1)
            entries.append((claim, Citation.quoting(n, hit.article, claim.passage_id, claim.start, claim.end)))
        return entries

    def claims_in(self, article_ids: Sequence[str]) -> list[Claim]:
        """Return the stored claims of these articles (e.g. the ones an ingest just added)."""
        return [c for aid in dict.fromkeys(article_ids) for c in self.store.claims_for_article(aid)]

    def explain_claims(self, claims: Sequence[Claim], lang: str = "en") -> Answer:
        """Compose an answer that quotes exactly these claims about one place, with caveats and citations.

        Used to tell watchers of a place what a new article claims about it.
        """
        if not claims:
            raise ValueError("explain_claims needs at least one claim")
        question = f"who holds {claims[0].place}?"
        hits = [h for h in (self._hit_for_claim(c) for c in claims) if h is not None]
        ctx = composer.Context(
            today=date.today(),
            stale_after_days=self.settings.stale_after_days,
            claims_for_article=self.store.claims_for_article,
            claims_about=lambda _keys: list(claims),
            hit_for_claim=self._hit_for_claim,
        )
        return composer.compose(question, analyze(question), hits, ctx, lang)
