"""The engine's write side: store articles, publish index versions, one admin operation at a time.

`Engine` (index/engine.py) is the facade the command line and the bot use;
its ingest, reindex, forget and rollback are this module's. Questions never
wait for anything here: a new index version is published by an atomic
rename, and the engine picks it up on its next question.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from itertools import chain
from pathlib import Path

import numpy as np

from index.articles import fetch_url, read_paths
from index.claims import CLAIM_RULES, extract_claims
from index.embedding import Embedder, Progress
from index.errors import BadArticle, Busy, DiskFull, NoIndex, UnknownArticle
from index.models import Article
from index.passages import split_passages
from index.question_places import PLACE_RULES
from index.settings import Settings
from index.store import Change, Store
from index.vectors import VectorIndex, Versions, read_manifest

logger = logging.getLogger(__name__)

# What stored claims were derived with: the claim rules and the rules that tie a
# claim's name to a settlement of the gazetteer (its place_id). A change to
# either re-reads the stored claims.
RULES = f"{CLAIM_RULES}+places.{PLACE_RULES}"

# Seconds an ingest of fetched pages (a URL, a feed's entries) waits for another
# admin operation to finish before giving up: the network work is already done.
LOCK_WAIT = 60.0


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


def _disk_full(exc: BaseException) -> bool:
    """Tell whether an error means the data directory's disk (or the database) is full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


class IndexWriter:
    """Ingest, reindex, forget and roll back over one data directory."""

    def __init__(
        self, settings: Settings, store: Store, embedder: Embedder, versions: Versions, on_publish: Callable[[], None]
    ) -> None:
        """Share the engine's store, embedder and index versions.

        Args:
            on_publish: called after a new version is served (or an old one
                again), so that the read side drops the index it holds.
        """
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.versions = versions
        self._on_publish = on_publish
        # One admin operation at a time in this process (the file lock covers the others).
        self._admin_lock = threading.Lock()

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
        if self.store.get_meta("claim_rules") == RULES:
            return 0
        with self._exclusive():
            return self._refresh_claims()

    def _refresh_claims(self) -> int:
        if self.store.get_meta("claim_rules") == RULES:
            return 0
        articles = self.store.articles()
        for article in articles.values():
            self.store.replace_claims(article.id, extract_claims(article, split_passages(article)))
        self.store.set_meta("claim_rules", RULES)
        if articles:
            logger.info("re-read the claims of %d stored articles (claim rules %s)", len(articles), RULES)
        return len(articles)

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
            report.passages = read_manifest(self.versions.folder(report.version)).count
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
                    self._on_publish()
                raise
            return article

    def rollback(self) -> int:
        """Serve the previous complete index version; return its number.

        Raises:
            NoIndex: there is no earlier version.
            Busy: another admin operation is running.
        """
        with self._exclusive():
            version = self.versions.rollback()
            self._on_publish()
            return version

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
        self._on_publish()
        return version
