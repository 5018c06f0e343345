"""The bot's own state: answers behind buttons, votes, feeds, watches and the update journal.

These tables live in the data directory's database beside the engine's
(one file holds a deployment's state, and one backup keeps it), but they are
the bot's alone: their SQL is here, their migrations are the "frontline.bot"
set, and nothing here reads or writes the engine's tables (articles,
passages, claims), which index/store.py owns. Buttons, votes, feeds and
subscriptions survive restarts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from index.sqlite_file import MigrationSet, SQLiteFile

MIGRATIONS = MigrationSet("frontline.bot")

# The tables as the first Frontline with a bot created them (before migrations
# were named), with statements harmless to repeat, so that a data directory of
# that time is adopted as it is.
FIRST_TABLES = """
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


@MIGRATIONS()
def create_bot_tables(db: sqlite_utils.Database) -> None:
    """Answers, votes, feeds, seen feed entries, watches, notices sent, the update journal."""
    # One statement at a time: executescript would commit the migration's transaction.
    for statement in FIRST_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class BotStore(SQLiteFile):
    """The bot's tables in the data directory's database (a connection per thread)."""

    def __init__(self, path: Path) -> None:
        """Open the database at `path`, creating or migrating the bot's tables.

        Raises:
            FrontlineError: the bot's tables were migrated by a newer Frontline.
        """
        super().__init__(path, MIGRATIONS)

    def save_answer(
        self, answer_id: str, chat_id: int, user_id: int | None, question: str, lang: str,
        citations: Sequence[dict[str, Any]],
    ) -> None:
        """Keep an answer's citations so its buttons work later, also after a restart."""
        with self.db.conn:
            self.db.execute(
                "insert or replace into bot_answers values (?, ?, ?, ?, ?, ?, ?)",
                [answer_id, chat_id, user_id, question, lang,
                 json.dumps(list(citations), ensure_ascii=False), _now()],
            )

    def answer(self, answer_id: str) -> dict[str, Any] | None:
        """Return a stored answer (its citations decoded), or None when unknown or pruned."""
        rows = list(self.db.query("select * from bot_answers where id = ?", [answer_id]))
        if not rows:
            return None
        row = dict(rows[0])
        row["citations"] = json.loads(row["citations"])
        return row

    def prune_answers(self, before: datetime) -> int:
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
                [answer_id, user_id, vote, question, json.dumps(list(passage_ids)), _now()],
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
                [url, added_by, _now()],
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
                "update bot_feeds set polled_at = ?, last_error = ? where url = ?", [_now(), error, url]
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
                [url, feed_url, _now(), article_id, error],
            )

    def add_watch(self, chat_id: int, place_key: str, place: str, lang: str) -> bool:
        """Subscribe a chat to news about a place; return False when it already was."""
        with self.db.conn:
            cursor = self.db.execute(
                "insert or ignore into bot_watches values (?, ?, ?, ?, ?)",
                [chat_id, place_key, place, lang, _now()],
            )
        return cursor.rowcount > 0

    def drop_watch(self, chat_id: int, place_key: str, place: str | None = None) -> bool:
        """Unsubscribe a chat from a place; return False when it was not subscribed.

        Args:
            chat_id: the chat.
            place_key: the place's key (its identity, see Engine.resolve_place).
            place: the name as written: a watch stored under this very name goes too,
                whatever key it was stored with (watches made before identities).
        """
        with self.db.conn:
            cursor = self.db.execute(
                "delete from bot_watches where chat_id = ? and (place_key = ? or place = ?)",
                [chat_id, place_key, place],
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
                [(chat_id, cid, _now()) for cid in claim_ids],
            )

    # -- the update journal (exactly-once replies across restarts) -----------
    # Rows are keyed by the bot's id as well: update ids are per bot, and one
    # data directory may serve another bot after a token change. Raw
    # connection calls, so that `with conn` is one transaction (sqlite-utils'
    # execute commits each write on its own).

    def journal_update(self, bot_id: int, update_id: int, body: str) -> bool:
        """Record an incoming update before it is handled; return False when it was already known."""
        with self.db.conn:
            cursor = self.db.conn.execute(
                "insert or ignore into bot_updates (bot_id, update_id, body, received_at) "
                "values (?, ?, ?, ?)",
                [bot_id, update_id, body, _now()],
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
                [_now(), bot_id, update_id],
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
