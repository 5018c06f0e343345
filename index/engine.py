"""The engine: one object that ingests, indexes, searches and answers.

The command line and the bot both talk to an Engine and nothing else of
`index/`, so that "answer one question exactly as the bot would" holds by
construction. This module is the read side (questions, timelines, stats);
ingest, reindex, forget and rollback are handed to the write side,
`IndexWriter` in index/writer.py.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index import answer as composer
from index.embedding import Embedder, Progress
from index.errors import (
    BadArticle,
    EmptyQuestion,
    IndexMismatch,
    NoIndex,
    QuestionTooLong,
)
from index.gazetteer import gazetteer
from index.models import Answer, Article, Citation, Claim, Hit, Passage
from index.phrases import detect_lang
from index.places import place_key
from index.question import understand
from index.question_places import claim_identities, is_about, place_identity, place_named
from index.search import Mode, Searcher, analyze, place_keys
from index.settings import Settings
from index.store import Store, StoreStats
from index.vectors import VectorIndex, Versions, read_manifest
from index.writer import IndexWriter, IngestReport

if TYPE_CHECKING:
    from index.controlmap import ControlMapBuilder
    from index.maps.model import ControlMap

logger = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")

# Claims about a place read per question, newest first (with the rest of the
# newest articles' claims): enough for the holder and the timeline.
CLAIMS_READ = 50


@dataclass(frozen=True)
class Stats:
    store: StoreStats
    index_version: int | None
    index_vectors: int
    index_kind: str | None
    model: str
    index_bytes: int


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
        # Fail at start, not on the first question: every answer reads place names through it.
        gazetteer()
        self.store = Store(settings.db_path)
        self.embedder = embedder or Embedder(
            settings.embedding_model, backend=settings.embedding_backend, cache_dir=settings.models_dir
        )
        self.versions = Versions(settings.index_dir, keep=settings.keep_versions)
        self.searcher = Searcher(self.store, self.embedder, self.index)
        self._index: VectorIndex | None = None
        self._index_lock = threading.Lock()
        self._covered: tuple[tuple[int | None, int], list[str]] | None = None
        self.writer = IndexWriter(settings, self.store, self.embedder, self.versions, self._drop_served_index)
        self._maps: ControlMapBuilder | None = None

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

    def _drop_served_index(self) -> None:
        with self._index_lock:
            self._index = None

    def warm_up(self) -> None:
        """Load the model and the index now rather than on the first question."""
        self.embedder.warm_up()
        try:
            self.index()
        except NoIndex:
            pass

    # -- the write side (index/writer.py) --------------------------------------------

    def ensure_sample(self) -> IngestReport | None:
        """Index the bundled sample article when the data directory is empty."""
        return self.writer.ensure_sample()

    def refresh_claims(self) -> int:
        """Re-read stored articles' claims when the claim rules changed (see IndexWriter.refresh_claims)."""
        return self.writer.refresh_claims()

    def ingest(
        self, paths: Sequence[str | Path] = (), urls: Sequence[str] = (), progress: Progress | None = None
    ) -> IngestReport:
        """Add articles from files, folders and URLs, then publish a new index version (see IndexWriter)."""
        return self.writer.ingest(paths, urls, progress)

    def fetch(self, url: str) -> Article | BadArticle:
        """Fetch one URL as an article (no lock held); a failure comes back as its BadArticle."""
        return self.writer.fetch(url)

    def add(self, items: Iterable[Article | BadArticle], report: IngestReport | None = None) -> IngestReport:
        """Store articles without publishing them (see IndexWriter.add)."""
        return self.writer.add(items, report)

    def publish_pending(self, report: IngestReport, progress: Progress | None = None) -> None:
        """Publish an index version when stored articles are not yet in the one served."""
        self.writer.publish_pending(report, progress)

    def index_behind(self) -> bool:
        """Tell whether the served index misses stored articles or versions of them."""
        return self.writer.index_behind()

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Re-embed every stored passage and publish a new index version."""
        return self.writer.reindex(progress)

    def forget(self, ref: str) -> Article:
        """Remove an article (by id or URL) and publish an index without it."""
        return self.writer.forget(ref)

    def rollback(self) -> int:
        """Serve the previous complete index version; return its number."""
        return self.writer.rollback()

    # -- admin operations ---------------------------------------------------------

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
        hits = self.searcher.search(
            query, k=k, mode=mode, question_vector=question_vector, period=understood.time_frame
        )
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
            claimed_places=lambda: self.covered_places(400),
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
        """Return a place's identity and whether any stored passage mentions it.

        The name is read as a question's places are (index.question_places.place_named:
        case endings, typos, two-word, former and shared names), so /watch Херсоном,
        /watch Kherson and /watch Херсон are one watch.

        Args:
            name: a place as the user wrote it.

        Returns:
            (identity, known): the identity is `question_places.place_identity`
            (the name's spelling key when no place is read from it); known is
            True when a stored passage mentions the place under any of its names.
        """
        place = place_named(name)
        if place is None:
            key = place_key(name)
            return key, self.store.name_key_known(key)
        return place_identity(place), any(self.store.name_key_known(k) for k in place_keys(place))

    def watch_keys(self, claim: Claim) -> tuple[str, ...]:
        """Return the identities a claim's place answers to (see `resolve_place`), and its own
        spelling key (watches stored before identities were)."""
        return tuple(dict.fromkeys((*claim_identities(claim.place, claim.place_id), claim.place_key)))

    def timeline(self, place: str) -> list[tuple[Claim, Citation]]:
        """Return every stored claim about a place, newest first, each with its citation.

        The place is read as in questions (see `resolve_place`): claims under any
        of its names count, and of a shared name narrowed to one settlement
        ("Rubizhne, Luhansk oblast"), not the claims whose text means another.
        Citations are numbered by article in order of first appearance, so one
        article's several claims share a number.
        """
        from index.holder import timeline as ordered

        asked = place_named(place)
        keys = place_keys(asked) if asked is not None else [place_key(place)]
        try:
            covered = self.index().manifest.articles
        except (NoIndex, IndexMismatch):
            return []
        found = self._visible(self.store.claims_about([k for k in keys if k]), covered) if any(keys) else []
        claims = ordered([c for c in found if asked is None or is_about(asked, c.place_id)])
        numbers: dict[str, int] = {}
        entries: list[tuple[Claim, Citation]] = []
        for claim in claims:
            hit = self._hit_for_claim(claim)
            if hit is None:
                continue
            n = numbers.setdefault(claim.article_id, len(numbers) + 1)
            entries.append((claim, Citation.quoting(n, hit.article, claim.passage_id, claim.start, claim.end)))
        return entries

    def place_labels(self, claims: Sequence[Claim], lang: str = "en") -> dict[str, str]:
        """Return place id → "Rubizhne, Luhansk oblast" when claims of one name are about several places ({} else)."""
        from index.place_notes import settlement_labels

        return settlement_labels([c.place_id for c in claims], lang)

    def control_map(self, area: str, as_of: date | None = None, lang: str = "en") -> ControlMap:
        """Return the map data of an oblast or of the settlements around a place.

        Each settlement's holder is `holder_from_claims` over its stored claims,
        as for the answer to "who holds it?" (as of `as_of` when given).

        Args:
            area: "Kharkiv oblast", "Харківщина", "Izium", "Rubizhne, Kharkiv oblast".
            as_of: the day to show; None for today.
            lang: "en", "uk" or "ru".

        Raises:
            UnknownPlace: neither a known settlement nor an oblast.
            NothingToMap: no stored claim mentions a settlement there up to that day.
            NoIndex: nothing has been indexed yet.
        """
        if self._maps is None:
            from index.controlmap import ControlMapBuilder
            from index.gazetteer import gazetteer

            self._maps = ControlMapBuilder(self.store, gazetteer, lambda: self.index().manifest.articles)
        return self._maps.build(area, as_of=as_of, lang=lang)

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
