"""All SQL: articles, passages, their full-text index, claims; the schema version.

One SQLite file through sqlite-utils, in WAL mode so that readers (the bot
answering) never wait for a writer (an admin ingesting). Every change to an
article and its passages and claims happens in one transaction: an article is
stored whole or not at all. The FTS5 index is kept in sync by triggers.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from index.models import Article, Claim, Passage
from index.places import name_key, to_latin

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
Change = Literal["added", "updated", "unchanged"]

_WORD = re.compile(r"\w+", re.UNICODE)
_CAPITALIZED = re.compile(r"\b[A-ZА-ЯІЇЄҐЁ][\w’'ʼ-]{2,}")


def search_text(text: str) -> str:
    """Return the text as the full-text index sees it: Latin letters, no accents or apostrophes.

    Cyrillic is transliterated so that a question typed in either script finds
    passages written in the other (`Рубіжне` finds `Rubizhne`).
    """
    return to_latin(text)


def name_keys(text: str) -> str:
    """Return spelling-independent keys of the capitalized words in `text`.

    Place names are the words a dense model handles worst and users spell most
    variously (Izyum/Izium, Сєвєродонецьк); matching on these keys lets any
    spelling find any other.
    """
    keys = {name_key(m.group()) for m in _CAPITALIZED.finditer(text)}
    return " ".join(sorted(k for k in keys if len(k) >= 2))


def fts_quote(term: str) -> str:
    """Quote one term for FTS5 MATCH so user text can never be read as query syntax."""
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class StoreStats:
    articles: int
    passages: int
    outlets: int
    claims: int
    newest: date | None
    oldest: date | None
    undated: int


class Store:
    """The SQLite database of articles, passages and claims.

    Each thread gets a connection of its own, opened on first use: the bot asks
    the store from many worker threads at once, and one sqlite3 connection
    cannot serve two threads at a time (their statements and transactions
    interleave: "cannot commit - no transaction is active", "no such savepoint").
    """

    def __init__(self, path: Path) -> None:
        """Open (creating or migrating) the database at `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self.db.execute("PRAGMA journal_mode=WAL")
        self._migrate()

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection to the database."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            with self._connections_lock:
                self._connections.append(conn)
            db = self._local.db = sqlite_utils.Database(conn)
        return db

    def close(self) -> None:
        """Close every thread's connection (using the store afterwards is an error)."""
        with self._connections_lock:
            for conn in self._connections:
                conn.close()

    # -- schema -------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            from index.errors import FrontlineError

            raise FrontlineError(
                f"{self.path} was written by a newer Frontline (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade Frontline or use another FRONTLINE_DATA_DIR"
            )
        if version < 1:
            self._create_v1()
        # Newest claims about a place without sorting them all (added after v1; harmless to repeat).
        self.db.table("claims").create_index(["place_key", "claim_date"], if_not_exists=True)
        if version < 2:
            self._migrate_to_v2()
        self._create_bot_tables()

    def _create_v1(self) -> None:
        with self.db.conn:
            self.db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
            self.db.table("articles").create(
                {
                    "id": str, "url": str, "source": str, "published": str,
                    "published_inferred": int, "title": str, "lang": str, "text": str,
                    "content_hash": str, "metadata": str, "added_at": str, "updated_at": str,
                },
                pk="id",
                if_not_exists=True,
            )
            self.db.table("articles").create_index(["url"], if_not_exists=True)
            self.db.table("articles").create_index(["content_hash"], if_not_exists=True)
            self.db.table("passages").create(
                {
                    "id": str, "article_id": str, "position": int, "start": int, "end": int,
                    "text": str, "kind": str, "search_text": str, "name_keys": str,
                },
                pk="id",
                foreign_keys=[("article_id", "articles", "id")],
                if_not_exists=True,
            )
            self.db.table("passages").create_index(["article_id"], if_not_exists=True)
            self.db.table("claims").create(
                {
                    "id": str, "article_id": str, "passage_id": str, "start": int, "end": int,
                    "place": str, "place_key": str, "side": str, "action": str, "control": str,
                    "claimant": str, "claimant_kind": str, "hedges": str, "claim_date": str,
                    "date_stated": int, "date_precision": str, "stance": str, "claimant_side": str,
                },
                pk="id",
                foreign_keys=[("article_id", "articles", "id")],
                if_not_exists=True,
            )
            self.db.table("claims").create_index(["place_key"], if_not_exists=True)
            self.db.table("claims").create_index(["article_id"], if_not_exists=True)
        if "passages_fts" not in self.db.table_names():
            self.db.table("passages").enable_fts(
                ["search_text", "name_keys"],
                fts_version="FTS5",
                tokenize="unicode61 remove_diacritics 2",
                create_triggers=True,
            )
        self.set_meta("schema_version", str(SCHEMA_VERSION))

    def _migrate_to_v2(self) -> None:
        """v2: a claim keeps its date's precision, its stance and the side its claimant speaks for."""
        with self.db.conn:
            columns = self.db.table("claims").columns_dict
            for column in ("date_precision", "stance", "claimant_side"):
                if column not in columns:
                    self.db.execute(f"alter table claims add column {column} text")
            self.db.table("meta").upsert({"key": "schema_version", "value": "2"}, pk="key")

    def replace_claims(self, article_id: str, claims: Sequence[Claim]) -> None:
        """Replace an article's claims (after the claim rules changed), in one transaction."""
        with self.db.conn:
            self.db.execute("delete from claims where article_id = ?", [article_id])
            self._insert("claims", [_claim_row(c) for c in claims])

    def schema_version(self) -> int:
        if "meta" not in self.db.table_names():
            return 0
        value = self.get_meta("schema_version")
        return int(value) if value else 0

    def get_meta(self, key: str) -> str | None:
        rows = list(self.db.query("select value from meta where key = ?", [key]))
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.conn:
            self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    # -- articles -------------------------------------------------------------

    def find_same(self, article: Article) -> Article | None:
        """Return the stored article that `article` is a version of: same id, same URL or same text."""
        for sql, arg in (
            ("select * from articles where id = ?", article.id),
            ("select * from articles where url = ?", article.url),
            ("select * from articles where content_hash = ?", article.content_hash),
        ):
            if arg is None:
                continue
            rows = list(self.db.query(sql, [arg]))
            if rows:
                return _article(rows[0])
        return None

    def save_article(
        self, article: Article, passages: Sequence[Passage], claims: Sequence[Claim] = ()
    ) -> Change:
        """Store an article with its passages and claims, replacing any earlier version.

        The article, its passages and its claims are written in one transaction:
        after a crash the store holds either the old version or the new one.

        Returns:
            "added" for a new article, "updated" when a stored version differed,
            "unchanged" when it was already stored exactly so.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        existing = self.find_same(article)
        row = _article_row(article)
        if existing is not None and _article_row(existing) == row:
            return "unchanged"
        # Plain statements in one transaction: sqlite-utils' insert methods
        # commit on their own, which would let a crash leave an article
        # without its passages.
        with self.db.conn:
            if existing is not None:
                self._delete_article_rows(existing.id)
            self._insert("articles", [{**row, "added_at": now, "updated_at": now}])
            self._insert("passages", [_passage_row(p) for p in passages])
            self._insert("claims", [_claim_row(c) for c in claims])
        return "updated" if existing is not None else "added"

    def _insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows without committing (the caller's transaction commits)."""
        if not rows:
            return
        columns = list(rows[0])
        sql = (
            f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"values ({', '.join('?' * len(columns))})"
        )
        self.db.conn.executemany(sql, [tuple(r[c] for c in columns) for r in rows])

    def delete_article(self, article_id: str) -> None:
        """Remove an article, its passages and its claims (one transaction)."""
        with self.db.conn:
            self._delete_article_rows(article_id)

    @contextmanager
    def deleting(self, article_id: str) -> Iterator[None]:
        """Remove an article in a transaction that commits only when the block succeeds.

        Inside the block this thread's connection no longer sees the article;
        if the block raises (or the commit fails) the article stays stored.
        """
        with self.db.conn:  # commits on success, rolls back on an exception or a failed commit
            self._delete_article_rows(article_id)
            yield

    def _delete_article_rows(self, article_id: str) -> None:
        self.db.execute("delete from claims where article_id = ?", [article_id])
        self.db.execute("delete from passages where article_id = ?", [article_id])
        self.db.execute("delete from articles where id = ?", [article_id])

    def article(self, article_id: str) -> Article | None:
        rows = list(self.db.query("select * from articles where id = ?", [article_id]))
        return _article(rows[0]) if rows else None

    def article_by_ref(self, ref: str) -> Article | None:
        """Find an article by its id or its URL."""
        rows = list(self.db.query("select * from articles where id = ? or url = ?", [ref, ref]))
        return _article(rows[0]) if rows else None

    def articles(self, ids: Iterable[str] | None = None) -> dict[str, Article]:
        """Return articles by id (all of them when `ids` is None)."""
        if ids is None:
            rows = self.db.query("select * from articles order by id")
        else:
            wanted = sorted(set(ids))
            if not wanted:
                return {}
            marks = ",".join("?" * len(wanted))
            rows = self.db.query(f"select * from articles where id in ({marks})", wanted)
        return {r["id"]: _article(r) for r in rows}

    def article_hashes(self) -> dict[str, str]:
        """Return every stored article's id and content hash."""
        return {r[0]: r[1] for r in self.db.execute("select id, content_hash from articles")}

    def content_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Return the content hash of each stored article among `ids` (ids not stored are left out)."""
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                (r[0], r[1])
                for r in self.db.execute(f"select id, content_hash from articles where id in ({marks})", chunk)
            )
        return found

    def article_count(self) -> int:
        return int(self.db.execute("select count(*) from articles").fetchone()[0])

    # -- passages -------------------------------------------------------------

    def passages(self, ids: Sequence[str]) -> dict[str, Passage]:
        """Return passages by id; ids no longer stored are left out."""
        found: dict[str, Passage] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(f"select * from passages where id in ({marks})", chunk):
                found[r["id"]] = _passage(r)
        return found

    def article_passages(self, article_id: str) -> list[Passage]:
        rows = self.db.query(
            "select * from passages where article_id = ? order by position", [article_id]
        )
        return [_passage(r) for r in rows]

    def searchable_passages(self) -> Iterator[tuple[str, str]]:
        """Yield (id, text) of every body passage, in a stable order, for embedding."""
        for r in self.db.query(
            "select id, text from passages where kind = 'body' order by article_id, position"
        ):
            yield r["id"], r["text"]

    def searchable_count(self) -> int:
        return int(self.db.execute("select count(*) from passages where kind = 'body'").fetchone()[0])

    def fulltext(
        self, terms: Sequence[str], keys: Sequence[str], limit: int, budget: int | None = None
    ) -> list[tuple[str, float]]:
        """Rank body passages by BM25 over the folded text and the name keys.

        Args:
            terms: folded words of the question (any match counts).
            keys: name keys of the places in the question, weighted higher.
            limit: how many passages to return.
            budget: about how many matching passages to rank at most. BM25
                scores every passage that matches, so a common word in a
                million passages costs a second; past the budget, only the
                newest passages (by insertion) are ranked, as many as the
                budget allows. None ranks them all.

        Returns:
            (passage id, BM25 score) pairs, best first; BM25 scores are negative
            in SQLite, so they are negated here to make higher better.
        """
        parts = []
        if terms:
            parts.append("search_text : (" + " OR ".join(fts_quote(t) for t in terms) + ")")
        if keys:
            parts.append("name_keys : (" + " OR ".join(fts_quote(k) for k in keys) + ")")
        if not parts:
            return []
        match = " OR ".join(parts)
        floor = self._newest_rowids(match, budget) if budget is not None else 0
        if floor > 0:
            return self._fulltext_window(terms, keys, limit, floor)
        rows = self.db.execute(
            """
            select passages.id, bm25(passages_fts, 1.0, 4.0) as rank
            from passages_fts join passages on passages.rowid = passages_fts.rowid
            where passages_fts match ? and passages_fts.rowid > ? and passages.kind = 'body'
            order by rank limit ?
            """,
            [match, floor, limit],
        ).fetchall()
        return [(pid, -float(rank)) for pid, rank in rows]

    def _fulltext_window(
        self, terms: Sequence[str], keys: Sequence[str], limit: int, floor: int
    ) -> list[tuple[str, float]]:
        """Rank the passages above rowid `floor` by BM25 with binary term counts, in Python.

        FTS5's own bm25() counts each word's passages over the whole index
        (for its IDF) whatever the rowid range: tens of ms per common word at
        1M passages. Here each word's matches in the window are listed (cheap
        with the rowid bound) and the IDF is estimated from the window.
        """
        newest = self.db.execute("select max(rowid) from passages").fetchone()[0] or 0
        size = max(newest - floor, 1)
        scores: dict[int, float] = {}
        for column, words, weight in (("search_text", terms, 1.0), ("name_keys", keys, 4.0)):
            for word in dict.fromkeys(words):
                rowids = [
                    r[0]
                    for r in self.db.execute(
                        "select rowid from passages_fts where passages_fts match ? and rowid > ?",
                        [f"{column} : {fts_quote(word)}", floor],
                    )
                ]
                idf = math.log(1 + (size - len(rowids) + 0.5) / (len(rowids) + 0.5))
                for rowid in rowids:
                    scores[rowid] = scores.get(rowid, 0.0) + weight * idf
        best = sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[: limit * 2]
        if not best:
            return []
        marks = ",".join("?" * len(best))
        found = {
            r[0]: r[1]
            for r in self.db.execute(
                f"select rowid, id from passages where rowid in ({marks}) and kind = 'body'", [r for r, _ in best]
            )
        }
        return [(found[r], score) for r, score in best if r in found][:limit]

    def _newest_rowids(self, match: str, budget: int) -> int:
        """Return the rowid above which about `budget` passages match (0: rank them all).

        The share of matching passages is estimated on the newest `budget`
        rows (a count that costs what ranking them would), so the estimate
        never reads more than the ranking it bounds.
        """
        newest = self.db.execute("select max(rowid) from passages").fetchone()[0] or 0
        oldest = self.db.execute("select min(rowid) from passages").fetchone()[0] or 0
        total = newest - oldest + 1
        if total <= budget:
            return 0
        hits = self.db.execute(
            "select count(*) from passages_fts where passages_fts match ? and rowid > ?",
            [match, newest - budget],
        ).fetchone()[0]
        window = budget * budget / max(hits, 1)
        return 0 if window >= total else int(newest - window)

    def name_key_known(self, key: str) -> bool:
        """Tell whether any stored passage mentions a name with this key."""
        if not key:
            return False
        match = "name_keys : " + " ".join(fts_quote(k) for k in key.split())
        row = self.db.execute(
            "select 1 from passages_fts where passages_fts match ? limit 1", [match]
        ).fetchone()
        return row is not None

    # -- claims ---------------------------------------------------------------

    def claims_about(
        self,
        place_keys: Sequence[str],
        *,
        control_only: bool = False,
        as_of: date | None = None,
        newest: int | None = None,
    ) -> list[Claim]:
        """Return the stored claims about any of these places.

        Args:
            place_keys: the places' keys.
            control_only: only claims that say who controls the place.
            as_of: only claims dated up to this day, and undated ones (after the
                dated ones when `newest` bounds them).
            newest: at most this many, newest first (undated last), together
                with every other claim about the places made by the articles of
                the newest date among them (the holder is decided from those).
                None returns them all, in no particular order.
        """
        if not place_keys:
            return []
        marks = ",".join("?" * len(place_keys))
        where = f"place_key in ({marks})"
        args: list[Any] = list(place_keys)
        if control_only:
            where += " and control is not null"
        if as_of is not None:
            where += " and (claim_date is null or claim_date <= ?)"
            args.append(as_of.isoformat())
        if newest is None:
            return [_claim(r) for r in self.db.query(f"select * from claims where {where}", args)]
        # Dated claims newest first along the (place_key, claim_date) index, then undated ones.
        rows = list(
            self.db.query(
                f"select * from claims where {where} and claim_date is not null "
                "order by claim_date desc limit ?",
                [*args, newest],
            )
        )
        if len(rows) < newest:
            rows += self.db.query(
                f"select * from claims where {where} and claim_date is null limit ?", [*args, newest - len(rows)]
            )
        if rows and rows[0]["claim_date"] is not None:
            top = rows[0]["claim_date"]
            articles = sorted({r["article_id"] for r in rows if r["claim_date"] == top})
            seen = {r["id"] for r in rows}
            more = ",".join("?" * len(articles))
            rows += [
                r
                # "+place_key": look up by article (few rows), not by place (a million at scale).
                for r in self.db.query(
                    f"select * from claims where {where.replace('place_key in', '+place_key in', 1)} "
                    f"and article_id in ({more}) limit ?",
                    [*args, *articles, newest],
                )
                if r["id"] not in seen
            ]
        return [_claim(r) for r in rows]

    def claims_for_article(self, article_id: str) -> list[Claim]:
        rows = self.db.query("select * from claims where article_id = ? order by start", [article_id])
        return [_claim(r) for r in rows]

    def most_claimed_places(self, limit: int) -> list[str]:
        """Return the places with the most control claims, as first written."""
        rows = self.db.execute(
            "select min(place), count(*) n from claims where control is not null "
            "group by place_key order by n desc, 1 limit ?",
            [limit],
        ).fetchall()
        return [r[0] for r in rows]

    # -- summary --------------------------------------------------------------

    def stats(self) -> StoreStats:
        row = self.db.execute(
            """
            select (select count(*) from articles),
                   (select count(*) from passages where kind = 'body'),
                   (select count(distinct coalesce(source, '')) from articles),
                   (select count(*) from claims),
                   (select max(published) from articles),
                   (select min(published) from articles),
                   (select count(*) from articles where published is null)
            """
        ).fetchone()
        return StoreStats(
            articles=row[0],
            passages=row[1],
            outlets=row[2],
            claims=row[3],
            newest=_date(row[4]),
            oldest=_date(row[5]),
            undated=row[6],
        )

    def outlets(self) -> list[tuple[str, int, date | None, date | None]]:
        """Return (outlet, articles, oldest date, newest date), most articles first."""
        rows = self.db.execute(
            """
            select coalesce(source, '?'), count(*), min(published), max(published)
            from articles group by coalesce(source, '?') order by count(*) desc, 1
            """
        ).fetchall()
        return [(r[0], r[1], _date(r[2]), _date(r[3])) for r in rows]

    # -- bot state: answers, feedback, feeds, watches, update journal ----------
    # Kept beside the articles so one file holds all of a deployment's state,
    # and so that buttons, votes, feeds and subscriptions survive restarts.

    @staticmethod
    def _bot_now() -> str:
        return datetime.now(UTC).isoformat(timespec="seconds")

    def _create_bot_tables(self) -> None:
        """Create the bot's tables when missing (existing data directories gain them)."""
        with self.db.conn:
            self.db.executescript(
                """
                create table if not exists bot_answers (
                    id text primary key, chat_id integer, user_id integer,
                    question text not null, lang text not null,
                    citations text not null, created_at text not null);
                create index if not exists bot_answers_created on bot_answers(created_at);
                create table if not exists bot_votes (
                    answer_id text not null, user_id integer not null, vote integer not null,
                    question text not null, passage_ids text not null, voted_at text not null,
                    primary key (answer_id, user_id));
                create table if not exists bot_feeds (
                    url text primary key, added_by integer, added_at text not null,
                    polled_at text, last_error text);
                create table if not exists bot_seen_entries (
                    url text primary key, feed_url text not null, seen_at text not null,
                    article_id text, error text);
                create table if not exists bot_watches (
                    chat_id integer not null, place_key text not null, place text not null,
                    lang text not null, created_at text not null,
                    primary key (chat_id, place_key));
                create index if not exists bot_watches_key on bot_watches(place_key);
                create table if not exists bot_notified (
                    chat_id integer not null, claim_id text not null, notified_at text not null,
                    primary key (chat_id, claim_id));
                create table if not exists bot_updates (
                    bot_id integer not null, update_id integer not null, body text not null,
                    received_at text not null, attempts integer not null default 0, done_at text,
                    primary key (bot_id, update_id));
                create index if not exists bot_updates_done on bot_updates(done_at);
                create table if not exists bot_update_calls (
                    bot_id integer not null, update_id integer not null, seq integer not null,
                    method text not null, state text not null, result text,
                    primary key (bot_id, update_id, seq));
                """
            )

    def save_bot_answer(
        self, answer_id: str, chat_id: int, user_id: int | None, question: str, lang: str,
        citations: Sequence[dict[str, Any]],
    ) -> None:
        """Keep an answer's citations so its buttons work later, also after a restart."""
        with self.db.conn:
            self.db.execute(
                "insert or replace into bot_answers values (?, ?, ?, ?, ?, ?, ?)",
                [answer_id, chat_id, user_id, question, lang,
                 json.dumps(list(citations), ensure_ascii=False), self._bot_now()],
            )

    def bot_answer(self, answer_id: str) -> dict[str, Any] | None:
        """Return a stored answer (its citations decoded), or None when unknown or pruned."""
        rows = list(self.db.query("select * from bot_answers where id = ?", [answer_id]))
        if not rows:
            return None
        row = dict(rows[0])
        row["citations"] = json.loads(row["citations"])
        return row

    def prune_bot_answers(self, before: datetime) -> int:
        """Forget answers stored before `before`; their buttons then say "expired"."""
        with self.db.conn:
            cursor = self.db.execute(
                "delete from bot_answers where created_at < ?", [before.isoformat(timespec="seconds")]
            )
        return int(cursor.rowcount)

    def record_vote(
        self, answer_id: str, user_id: int, vote: int, question: str, passage_ids: Sequence[str]
    ) -> None:
        """Store a user's 👍 (+1) or 👎 (-1) on an answer; a second vote replaces the first."""
        with self.db.conn:
            self.db.execute(
                "insert or replace into bot_votes values (?, ?, ?, ?, ?, ?)",
                [answer_id, user_id, vote, question, json.dumps(list(passage_ids)), self._bot_now()],
            )

    def downvoted_answers(self, limit: int) -> list[dict[str, Any]]:
        """Return answers voted 👎, newest first: answer id, question, passage ids, votes."""
        rows = self.db.query(
            """
            select answer_id, min(question) as question, min(passage_ids) as passage_ids,
                   count(*) as votes, max(voted_at) as voted_at
            from bot_votes where vote < 0 group by answer_id order by voted_at desc limit ?
            """,
            [limit],
        )
        return [{**r, "passage_ids": json.loads(r["passage_ids"])} for r in rows]

    def add_feed(self, url: str, added_by: int | None) -> bool:
        """Add a feed to poll; return False when it was already there."""
        with self.db.conn:
            cursor = self.db.execute(
                "insert or ignore into bot_feeds (url, added_by, added_at) values (?, ?, ?)",
                [url, added_by, self._bot_now()],
            )
        return cursor.rowcount > 0

    def drop_feed(self, url: str) -> bool:
        """Stop polling a feed; return False when it was not there."""
        with self.db.conn:
            cursor = self.db.execute("delete from bot_feeds where url = ?", [url])
        return cursor.rowcount > 0

    def feeds(self) -> list[dict[str, Any]]:
        """Return the feeds with when they were last polled, their last error and entries seen."""
        return list(
            self.db.query(
                """
                select f.url, f.added_by, f.added_at, f.polled_at, f.last_error,
                       (select count(*) from bot_seen_entries s where s.feed_url = f.url) as entries
                from bot_feeds f order by f.added_at, f.url
                """
            )
        )

    def feed_polled(self, url: str, error: str | None) -> None:
        with self.db.conn:
            self.db.execute(
                "update bot_feeds set polled_at = ?, last_error = ? where url = ?", [self._bot_now(), error, url]
            )

    def unseen_entries(self, urls: Sequence[str]) -> list[str]:
        """Return the entry URLs not seen before (in the given order, without repeats)."""
        fresh: list[str] = []
        for url in dict.fromkeys(urls):
            row = self.db.execute("select 1 from bot_seen_entries where url = ?", [url]).fetchone()
            if row is None:
                fresh.append(url)
        return fresh

    def mark_entry_seen(self, url: str, feed_url: str, article_id: str | None, error: str | None) -> None:
        """Remember a feed entry so it is never ingested again, however often it reappears."""
        with self.db.conn:
            self.db.execute(
                "insert or ignore into bot_seen_entries values (?, ?, ?, ?, ?)",
                [url, feed_url, self._bot_now(), article_id, error],
            )

    def add_watch(self, chat_id: int, place_key: str, place: str, lang: str) -> bool:
        """Subscribe a chat to news about a place; return False when it already was."""
        with self.db.conn:
            cursor = self.db.execute(
                "insert or ignore into bot_watches values (?, ?, ?, ?, ?)",
                [chat_id, place_key, place, lang, self._bot_now()],
            )
        return cursor.rowcount > 0

    def drop_watch(self, chat_id: int, place_key: str) -> bool:
        """Unsubscribe a chat from a place; return False when it was not subscribed."""
        with self.db.conn:
            cursor = self.db.execute(
                "delete from bot_watches where chat_id = ? and place_key = ?", [chat_id, place_key]
            )
        return cursor.rowcount > 0

    def watches(self, chat_id: int) -> list[dict[str, Any]]:
        """Return a chat's watched places (key, name as written, language), oldest first."""
        return list(
            self.db.query(
                "select place_key, place, lang from bot_watches where chat_id = ? order by created_at, place",
                [chat_id],
            )
        )

    def watchers(self, place_keys: Sequence[str]) -> list[dict[str, Any]]:
        """Return (chat id, place key, place, language) of every watch on these places."""
        if not place_keys:
            return []
        marks = ",".join("?" * len(place_keys))
        return list(
            self.db.query(
                f"select chat_id, place_key, place, lang from bot_watches where place_key in ({marks})",
                list(place_keys),
            )
        )

    def claim_unnotified(self, chat_id: int, claim_ids: Sequence[str]) -> list[str]:
        """Return the claims this chat has not yet been told about."""
        return [
            cid
            for cid in dict.fromkeys(claim_ids)
            if self.db.execute(
                "select 1 from bot_notified where chat_id = ? and claim_id = ?", [chat_id, cid]
            ).fetchone()
            is None
        ]

    def mark_notified(self, chat_id: int, claim_ids: Sequence[str]) -> None:
        """Remember that a chat was told about these claims, so it is told only once."""
        with self.db.conn:
            self.db.conn.executemany(
                "insert or ignore into bot_notified values (?, ?, ?)",
                [(chat_id, cid, self._bot_now()) for cid in claim_ids],
            )

    # -- bot state: the update journal (exactly-once replies across restarts) --
    # Rows are keyed by the bot's id as well: update ids are per bot, and one
    # data directory may serve another bot after a token change. Raw
    # connection calls, so that `with conn` is one transaction (sqlite-utils'
    # execute commits each write on its own).

    def flush_to_disk(self) -> None:
        """Make every transaction committed so far survive a power cut, not only a crash.

        With synchronous=NORMAL a commit reaches the write-ahead log but not
        the disk; one fsync of the log makes all of them durable at once,
        which costs far less than syncing every commit.
        """
        try:
            fd = os.open(f"{self.path}-wal", os.O_RDONLY)
        except FileNotFoundError:
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def journal_update(self, bot_id: int, update_id: int, body: str) -> bool:
        """Record an incoming update before it is handled; return False when it was already known."""
        with self.db.conn:
            cursor = self.db.conn.execute(
                "insert or ignore into bot_updates (bot_id, update_id, body, received_at) "
                "values (?, ?, ?, ?)",
                [bot_id, update_id, body, self._bot_now()],
            )
        return cursor.rowcount > 0

    def unfinished_updates(self, bot_id: int) -> list[tuple[int, str, int]]:
        """Return (update id, body, attempts) of the journaled updates not yet handled, oldest first."""
        rows = self.db.conn.execute(
            "select update_id, body, attempts from bot_updates "
            "where bot_id = ? and done_at is null order by update_id",
            [bot_id],
        ).fetchall()
        return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]

    def resume_update(self, bot_id: int, update_id: int) -> tuple[int, list[tuple[int, str, str, str | None]]]:
        """Count one more attempt at an unfinished update.

        Returns:
            the attempts so far (this one included), and the (seq, method,
            state, result) of every Telegram call made for it before.
        """
        with self.db.conn:
            self.db.conn.execute(
                "update bot_updates set attempts = attempts + 1 where bot_id = ? and update_id = ?",
                [bot_id, update_id],
            )
        row = self.db.conn.execute(
            "select attempts from bot_updates where bot_id = ? and update_id = ?", [bot_id, update_id]
        ).fetchone()
        calls = self.db.conn.execute(
            "select seq, method, state, result from bot_update_calls "
            "where bot_id = ? and update_id = ? order by seq",
            [bot_id, update_id],
        ).fetchall()
        return (int(row[0]) if row else 0), [(int(c[0]), str(c[1]), str(c[2]), c[3]) for c in calls]

    def journal_call(
        self, bot_id: int, update_id: int, seq: int, method: str, state: str, result: str | None
    ) -> None:
        """Record the state ("sending", "sent", "failed") of the seq-th Telegram call for an update."""
        with self.db.conn:
            self.db.conn.execute(
                "insert or replace into bot_update_calls values (?, ?, ?, ?, ?, ?)",
                [bot_id, update_id, seq, method, state, result],
            )

    def finish_update(self, bot_id: int, update_id: int) -> None:
        """Mark an update handled (kept, so a redelivery is recognized) and forget its calls."""
        with self.db.conn:
            self.db.conn.execute(
                "update bot_updates set done_at = ? where bot_id = ? and update_id = ?",
                [self._bot_now(), bot_id, update_id],
            )
            self.db.conn.execute(
                "delete from bot_update_calls where bot_id = ? and update_id = ?", [bot_id, update_id]
            )

    def prune_updates(self, before: datetime) -> int:
        """Forget handled updates finished before `before` (Telegram redelivers for 24 hours at most)."""
        with self.db.conn:
            cursor = self.db.conn.execute(
                "delete from bot_updates where done_at is not null and done_at < ?",
                [before.isoformat(timespec="seconds")],
            )
        return int(cursor.rowcount)


# -- rows ↔ values ---------------------------------------------------------------


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "url": a.url,
        "source": a.source,
        "published": a.published.isoformat() if a.published else None,
        "published_inferred": int(a.published_inferred),
        "title": a.title,
        "lang": a.lang,
        "text": a.text,
        "content_hash": a.content_hash,
        "metadata": json.dumps(dict(a.metadata), ensure_ascii=False, sort_keys=True, default=str),
    }


def _article(r: dict[str, Any]) -> Article:
    return Article(
        id=r["id"],
        text=r["text"],
        url=r["url"],
        source=r["source"],
        published=_date(r["published"]),
        published_inferred=bool(r["published_inferred"]),
        title=r["title"],
        lang=r["lang"],
        metadata=json.loads(r["metadata"] or "{}"),
    )


def _passage_row(p: Passage) -> dict[str, Any]:
    return {
        "id": p.id,
        "article_id": p.article_id,
        "position": p.position,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "kind": p.kind,
        "search_text": search_text(p.text),
        "name_keys": name_keys(p.text),
    }


def _passage(r: dict[str, Any]) -> Passage:
    return Passage(
        id=r["id"],
        article_id=r["article_id"],
        position=r["position"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        kind=r["kind"],
    )


def _claim_row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "passage_id": c.passage_id,
        "start": c.start,
        "end": c.end,
        "place": c.place,
        "place_key": c.place_key,
        "side": c.side,
        "action": c.action,
        "control": c.control,
        "claimant": c.claimant,
        "claimant_kind": c.claimant_kind,
        "hedges": json.dumps(list(c.hedges), ensure_ascii=False),
        "claim_date": c.claim_date.isoformat() if c.claim_date else None,
        "date_stated": int(c.date_stated),
        "date_precision": c.date_precision,
        "stance": c.stance,
        "claimant_side": c.claimant_side,
    }


def _claim(r: dict[str, Any]) -> Claim:
    return Claim(
        id=r["id"],
        article_id=r["article_id"],
        passage_id=r["passage_id"],
        start=r["start"],
        end=r["end"],
        place=r["place"],
        place_key=r["place_key"],
        side=r["side"],
        action=r["action"],
        control=r["control"],
        claimant=r["claimant"],
        claimant_kind=r["claimant_kind"],
        hedges=tuple(json.loads(r["hedges"] or "[]")),
        claim_date=_date(r["claim_date"]),
        date_stated=bool(r["date_stated"]),
        date_precision=r.get("date_precision"),
        stance=r.get("stance"),
        claimant_side=r.get("claimant_side"),
    )
