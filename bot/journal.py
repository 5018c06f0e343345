"""Exactly-once replies across crashes: a durable journal of updates and of the replies made for them.

python-telegram-bot confirms updates to Telegram at its next getUpdates, before
they are handled: an update being handled when the process dies is gone from
Telegram. So each update is written to the journal (SQLite) before it is queued,
and marked done once handled; at start-up the unfinished ones are handled again
before polling resumes, and an update id already journaled is never queued twice.

Handling an update again must not repeat the replies it already made. Every
Telegram call that changes what a user sees (send, edit, delete, answer a button)
is journaled too, numbered in the order the handler makes it: "sending" before
the request leaves, "sent" (with Telegram's result) or "failed" (Telegram said
no) after. When an update is handled again, its first calls are not made again:
a "sent" one returns the recorded result, and a "sending" one, cut off by the
crash, is taken as delivered (Telegram carries out a request it has received even
when the client is gone; sending again would answer twice). Only a crash in the
instant between journaling "sending" and the request leaving the process loses
that one message.

Commits reach the write-ahead log, which survives the process being killed;
`flush()` syncs it to disk, so that it survives a power cut too. It runs before
each getUpdates (the request that confirms the updates fetched before it) and,
in webhook mode, before each update is acknowledged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from telegram import Bot, Update
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import BaseUpdateProcessor
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.store import BotStore

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput

logger = logging.getLogger(__name__)

# Calls whose effect a user sees; sendChatAction ("typing…") is harmless to repeat.
REPLY_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery"}
)
MAX_REPLAYS = 2  # times an update cut off by a crash is handled again; cut off once more, it is given up
KEEP_DONE = timedelta(days=2)  # Telegram keeps an unconfirmed update for 24 hours at most

Result = bool | dict[str, Any] | list[dict[str, Any]]
Send = Callable[..., Coroutine[Any, Any, Result]]


def bot_id_of(token: str) -> int:
    """Return the bot's numeric id: the part of its token before the colon (public, unlike the rest)."""
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


def may_have_arrived(exc: BaseException) -> bool:
    """Tell whether a failed request may still have reached Telegram (so it may have taken effect)."""
    if isinstance(exc, TimedOut):
        return not isinstance(exc.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))
    if isinstance(exc, NetworkError) and isinstance(exc.__cause__, httpx.HTTPError):
        return not isinstance(exc.__cause__, httpx.ConnectError)
    # Any other TelegramError is Telegram's answer: the request was refused, nothing happened.
    return not isinstance(exc, TelegramError)


@dataclass
class Answering:
    """One update being handled: its journaled Telegram calls, numbered as they are made."""

    journal: UpdateJournal
    update: Update
    task: asyncio.Task[Any] | None
    earlier: dict[int, tuple[str, str, str | None]] = field(default_factory=dict)
    next_seq: int = 0

    @property
    def chat_id(self) -> int | None:
        chat = self.update.effective_chat
        return chat.id if chat else None

    def next_call(self, endpoint: str) -> tuple[int, Result | None]:
        """Number the handler's next call; with it, its result when it was made before a restart.

        Returns:
            (seq, result): result is None when the call must be made now.
        """
        seq = self.next_seq
        self.next_seq += 1
        earlier = self.earlier.get(seq)
        if earlier is None or earlier[0] != endpoint or earlier[1] == "failed":
            return seq, None
        method, state, result = earlier
        if state == "sent" and result is not None:
            return seq, json.loads(result)
        logger.warning(
            "update %s: %s to chat %s was under way when the bot stopped; taken as delivered, not sent again",
            self.update.update_id, method, self.chat_id,
        )
        return seq, self._stand_in(method)

    def journaled(self, seq: int, endpoint: str, send: Send) -> Send:
        """Return `send` journaling each attempt: "sending" before it, its outcome after."""
        journal, update_id = self.journal, self.update.update_id

        async def attempt(*args: Any, **kwargs: Any) -> Result:
            await journal.record_call_or_log(update_id, seq, endpoint, "sending", None)
            try:
                result = await send(*args, **kwargs)
            except TelegramError as exc:
                if not may_have_arrived(exc):
                    await journal.record_call_or_log(update_id, seq, endpoint, "failed", None)
                raise
            await journal.record_call_or_log(update_id, seq, endpoint, "sent", json.dumps(result))
            return result

        return attempt

    def _stand_in(self, method: str) -> Result:
        """Return a result in the shape Telegram's would have had (the message id is unknown: 0)."""
        if method != "sendMessage":
            return True
        chat = self.update.effective_chat
        return {
            "message_id": 0,
            "date": int(time.time()),
            "chat": chat.to_dict() if chat else {"id": 0, "type": "private"},
        }


ANSWERING: ContextVar[Answering | None] = ContextVar("answering", default=None)


def answering_for(endpoint: str) -> Answering | None:
    """Return the update whose handler is making this call, when the call should be journaled.

    Only the handling task's own calls count: a task it starts (a progress
    ticker, a job) makes calls at moments that differ from one run to the next.
    """
    answering = ANSWERING.get()
    if answering is None or endpoint not in REPLY_METHODS:
        return None
    if answering.task is not None and asyncio.current_task() is not answering.task:
        return None
    return answering


class UpdateJournal:
    """The journal of one bot's updates.

    Its reads and writes run in worker threads, so the event loop never waits
    for the disk (or for an ingest holding the database's write lock).
    """

    def __init__(self, db_path: Path, bot_id: int, flush_each: bool = False) -> None:
        """Open the journal in the database at `db_path`.

        Args:
            db_path: the bot's SQLite database.
            bot_id: the bot's numeric id (update ids are per bot).
            flush_each: sync every received update to disk at once (webhook
                mode); otherwise `JournalFirst` syncs before each getUpdates.
        """
        self.bot_id = bot_id
        self.store = BotStore(db_path)
        self.flush_each = flush_each
        self._replaying: set[int] = set()
        self._unflushed = False

    def close(self) -> None:
        self.store.close()

    async def _run(self, work: Callable[[], Any]) -> Any:
        self._unflushed = True
        return await asyncio.to_thread(work)

    async def flush(self) -> None:
        """Sync what was journaled to disk (before updates are confirmed to Telegram)."""
        if self._unflushed:
            self._unflushed = False
            try:
                await asyncio.to_thread(self.store.flush_to_disk)
            except OSError:  # a full or failing disk must not stop the bot from fetching updates
                logger.exception("the journal could not be synced to disk")

    async def receive(self, update: Update) -> bool:
        """Journal an incoming update; return False when it was journaled before (do not handle it)."""
        body = json.dumps(update.to_dict(), ensure_ascii=False)
        try:
            new = await self._run(lambda: self.store.journal_update(self.bot_id, update.update_id, body))
        except Exception:  # better answered without a journal than not at all
            logger.exception("update %s could not be journaled; handling it anyway", update.update_id)
            return True
        if not new:
            logger.info("update %s was received before; not handling it twice", update.update_id)
        elif self.flush_each:
            await self.flush()
        return bool(new)

    async def unfinished(self, bot: Bot) -> list[Update]:
        """Return the journaled updates not yet handled (cut off by a crash), oldest first."""
        rows = await self._run(lambda: self.store.unfinished_updates(self.bot_id))
        updates: list[Update] = []
        for update_id, body, _attempts in rows:
            update = Update.de_json(json.loads(body), bot)
            self._replaying.add(update_id)
            updates.append(update)
        return updates

    async def begin(self, update: Update) -> Answering | None:
        """Start handling an update; return None when it was tried too often and is given up."""
        answering = Answering(self, update, asyncio.current_task())
        if update.update_id not in self._replaying:
            return answering
        self._replaying.discard(update.update_id)
        attempts, calls = await self._run(lambda: self.store.resume_update(self.bot_id, update.update_id))
        if attempts > MAX_REPLAYS:
            logger.error(
                "update %s from chat %s stopped the bot %d times; giving it up",
                update.update_id, answering.chat_id, attempts,
            )
            await self.finish(answering)
            return None
        answering.earlier = {seq: (method, state, result) for seq, method, state, result in calls}
        logger.info("handling update %s again (cut off when the bot stopped)", update.update_id)
        return answering

    async def record_call(self, update_id: int, seq: int, method: str, state: str, result: str | None) -> None:
        await self._run(lambda: self.store.journal_call(self.bot_id, update_id, seq, method, state, result))

    async def record_call_or_log(self, update_id: int, seq: int, method: str, state: str, result: str | None) -> None:
        """Journal a call; when the journal cannot be written (a full disk), log it and let the reply go.

        A reply sent unjournaled may be sent again after a crash; a reply not
        sent at all is a question lost for sure.
        """
        try:
            await self.record_call(update_id, seq, method, state, result)
        except Exception:
            logger.exception("update %s: the journal could not record %s; replying anyway", update_id, method)

    async def finish(self, answering: Answering) -> None:
        """Mark an update handled: it is not handled again, even if Telegram sends it again."""
        update_id = answering.update.update_id
        await self._run(lambda: self.store.finish_update(self.bot_id, update_id))

    async def prune(self) -> int:
        """Forget updates handled long enough ago that Telegram can no longer send them again."""
        before = datetime.now(UTC) - KEEP_DONE
        return int(await self._run(lambda: self.store.prune_updates(before)))


class JournalFirst(HTTPXRequest):
    """The connection for getUpdates: syncs the journal before each call.

    A getUpdates call confirms every update fetched before it, so those must be
    on disk by then. (python-telegram-bot sends getUpdates past the rate limiter.)
    """

    def __init__(self, journal: UpdateJournal) -> None:
        super().__init__(connection_pool_size=1)  # python-telegram-bot's own choice for getUpdates
        self.journal = journal

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        await self.journal.flush()
        return await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )


class JournaledUpdates(BaseUpdateProcessor):
    """Handles up to `max_concurrent_updates` updates at once, each within its journal entry."""

    def __init__(self, max_concurrent_updates: int, journal: UpdateJournal) -> None:
        super().__init__(max_concurrent_updates)
        self.journal = journal

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        answering = await self.journal.begin(update)
        if answering is None:
            if isinstance(coroutine, Coroutine):
                coroutine.close()
            return
        token = ANSWERING.set(answering)
        try:
            await coroutine
        finally:
            ANSWERING.reset(token)
        # Not reached when the handling is cancelled or the process dies: handled again at start-up.
        try:
            await self.journal.finish(answering)
        except Exception:  # a full disk: the update was handled, it just stays "unfinished"
            logger.exception("update %s was handled but could not be marked so in the journal", update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up: the journal is opened by `build_application`."""

    async def shutdown(self) -> None:
        """Nothing to tear down: the journal is closed after the application's shutdown."""
