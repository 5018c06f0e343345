"""All the engine's SQL: articles, passages, their full-text index, claims; their migrations.

One SQLite file through sqlite-utils, in WAL mode so that readers (the bot
answering) never wait for a writer (an admin ingesting). Every change to an
article and its passages and claims happens in one transaction: an article is
stored whole or not at all. The FTS5 index is kept in sync by triggers. The
schema is a named migration set (MIGRATIONS); the bot keeps its own tables
and migrations in the same file (bot/store.py).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import sqlite_utils

from index.errors import FrontlineError
from index.models import Article, Claim, Passage
from index.places import name_key, to_latin
from index.sqlite_file import MigrationSet, SQLiteFile

logger = logging.getLogger(__name__)

Change = Literal["added", "updated", "unchanged"]
T = TypeVar("T")

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


MIGRATIONS = MigrationSet("frontline.store")


@MIGRATIONS()
def create_articles_passages_claims(db: sqlite_utils.Database) -> None:
    """The first schema (schema version 1, before migrations were named)."""
    db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.table("articles").create(
        {
            "id": str, "url": str, "source": str, "published": str,
            "published_inferred": int, "title": str, "lang": str, "text": str,
            "content_hash": str, "metadata": str, "added_at": str, "updated_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("articles").create_index(["url"], if_not_exists=True)
    db.table("articles").create_index(["content_hash"], if_not_exists=True)
    db.table("passages").create(
        {
            "id": str, "article_id": str, "position": int, "start": int, "end": int,
            "text": str, "kind": str, "search_text": str, "name_keys": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db.table("passages").create_index(["article_id"], if_not_exists=True)
    db.table("claims").create(
        {
            "id": str, "article_id": str, "passage_id": str, "start": int, "end": int,
            "place": str, "place_key": str, "side": str, "action": str, "control": str,
            "claimant": str, "claimant_kind": str, "hedges": str, "claim_date": str,
            "date_stated": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db.table("claims").create_index(["place_key"], if_not_exists=True)
    db.table("claims").create_index(["article_id"], if_not_exists=True)
    if "passages_fts" not in db.table_names():
        db.table("passages").enable_fts(
            ["search_text", "name_keys"],
            fts_version="FTS5",
            tokenize="unicode61 remove_diacritics 2",
            create_triggers=True,
        )


@MIGRATIONS()
def index_claims_by_place_and_date(db: sqlite_utils.Database) -> None:
    """The newest claims about a place without sorting them all."""
    db.table("claims").create_index(["place_key", "claim_date"], if_not_exists=True)


@MIGRATIONS()
def claims_keep_stance_and_date_precision(db: sqlite_utils.Database) -> None:
    """A claim keeps its date's precision, its stance and the side its claimant speaks for.

    Old claims get NULLs here; Engine.refresh_claims re-reads every article's claims
    because the claim rules (index.claims.CLAIM_RULES) changed with them.
    """
    columns = db.table("claims").columns_dict
    for column in ("date_precision", "stance", "claimant_side"):
        if column not in columns:
            db.table("claims").add_column(column, str)


@MIGRATIONS()
def claims_keep_place_id(db: sqlite_utils.Database) -> None:
    """A claim keeps the gazetteer's id of its place, when its text tells which.

    Old claims get NULL here; Engine.refresh_claims re-reads them (CLAIM_RULES changed too).
    """
    if "place_id" not in db.table("claims").columns_dict:
        db.table("claims").add_column("place_id", str)


# Data directories of before the named migrations hold every table of the
# first two (created by statements harmless to repeat), so the same
# migrations bring them up to date. The number is kept in `meta` as well, so
# that a Frontline of before the named migrations refuses a newer file.
SCHEMA_VERSION = len(MIGRATIONS.names)


class Store(SQLiteFile):
    """The SQLite database of articles, passages and claims."""

    def __init__(self, path: Path) -> None:
        """Open (creating or migrating) the database at `path`.

        Raises:
            FrontlineError: the file was written by a newer Frontline.
        """
        super().__init__(path, MIGRATIONS)
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise FrontlineError(
                f"{self.path} was written by a newer Frontline (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade Frontline or use another FRONTLINE_DATA_DIR"
            )
        if version < SCHEMA_VERSION:
            self.set_meta("schema_version", str(SCHEMA_VERSION))

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

    def passage_dates(self, ids: Sequence[str]) -> dict[str, date | None]:
        """Return the publication date of each passage's article (None when undated); ids not stored are left out."""
        found: dict[str, date | None] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"select passages.id, articles.published from passages join articles "
                f"on articles.id = passages.article_id where passages.id in ({marks})",
                chunk,
            )
            found.update((pid, _date(published)) for pid, published in rows)
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

    def holds_words(self, words: str) -> bool:
        """Tell whether any stored passage has these words in a row, the last one as a word's beginning.

        Read as full-text search reads text (`search_text`: Latin letters, no
        accents), so "великий бурлук" finds "Velykyi Burluk" and "kurakhov" finds
        "Kurakhove".
        """
        tokens = _WORD.findall(search_text(words))
        if not tokens:
            return False
        match = "search_text : " + fts_quote(" ".join(tokens)) + " *"
        row = self.db.execute("select 1 from passages_fts where passages_fts match ? limit 1", [match]).fetchone()
        return row is not None

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

    def claimed_places(self) -> list[tuple[str, str]]:
        """Return (place key, one spelling) of every place the stored claims mention."""
        rows = self.db.execute(
            "select place_key, min(place) from claims where place_key != '' group by place_key"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

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


# -- rows ↔ values ---------------------------------------------------------------


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row(value: Any, **extra: Any) -> dict[str, Any]:
    """Return a stored value's fields as a row: dates as ISO text, flags as 0/1, tuples and mappings as JSON."""
    return {**{f.name: _column(getattr(value, f.name)) for f in fields(value)}, **extra}


def _column(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False, sort_keys=True, default=str)
    return value


def _value(cls: type[T], row: Mapping[str, Any]) -> T:
    """Return the value a row stores: the inverse of `_row` (columns that are no field are ignored)."""
    return cls(**{f.name: _field(str(f.type), row[f.name]) for f in fields(cls)})  # type: ignore[arg-type]


def _field(annotation: str, column: Any) -> Any:
    if annotation.startswith("tuple"):
        return tuple(json.loads(column or "[]"))
    if annotation.startswith("Mapping"):
        return json.loads(column or "{}")
    if annotation == "bool":
        return bool(column)
    if "date" in annotation.split(" | "):
        return _date(column)
    return column


def _article_row(a: Article) -> dict[str, Any]:
    return _row(a, content_hash=a.content_hash)


def _article(r: Mapping[str, Any]) -> Article:
    return _value(Article, r)


def _passage_row(p: Passage) -> dict[str, Any]:
    return _row(p, search_text=search_text(p.text), name_keys=name_keys(p.text))


def _passage(r: Mapping[str, Any]) -> Passage:
    return _value(Passage, r)


def _claim_row(c: Claim) -> dict[str, Any]:
    return _row(c)


def _claim(r: Mapping[str, Any]) -> Claim:
    return _value(Claim, r)
