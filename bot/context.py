"""The typed context handlers receive: the engine, the bot's store and the settings."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.fetching import FetchPool
from bot.journal import UpdateJournal
from bot.settings import BotSettings
from bot.store import BotStore
from index.engine import Engine


class BotData:
    """Services shared by every handler; filled in once by `build_application`."""

    engine: Engine
    store: BotStore  # the bot's own tables: answers, votes, feeds and watches
    journal: UpdateJournal  # updates and replies, for exactly-once handling across restarts
    settings: BotSettings
    throttle: Throttle
    feed_lock: asyncio.Lock  # one feed poll at a time
    fetches: FetchPool  # pages and feeds are fetched here, never in the pool questions use
    map_users: set[int]  # users whose map is being drawn: one map per user at a time


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with the bot's services as attributes instead of globals."""

    @property
    def engine(self) -> Engine:
        return self.bot_data.engine

    @property
    def store(self) -> BotStore:
        return self.bot_data.store

    @property
    def settings(self) -> BotSettings:
        return self.bot_data.settings


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)


class Throttle:
    """Per-user sliding window: at most `limit` updates a minute, one slow-down notice per window.

    Each user's window is independent, so one user flooding never slows another.
    Memory is bounded: idle users are dropped, and at most `max_users` are tracked.
    """

    WINDOW = 60.0

    def __init__(self, limit: int, max_users: int = 10_000) -> None:
        self.limit = limit
        self.max_users = max_users
        self._seen: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> tuple[bool, bool, int]:
        """Count one update; return (allowed, warn now, seconds to wait)."""
        now = time.monotonic() if now is None else now
        stamps = self._seen.setdefault(user_id, deque())
        while stamps and now - stamps[0] >= self.WINDOW:
            stamps.popleft()
        if len(stamps) < self.limit:
            stamps.append(now)
            self._forget_idle(now)
            return True, False, 0
        wait = max(1, int(self.WINDOW - (now - stamps[0])) + 1)
        warned_at = self._warned.get(user_id)
        warn = warned_at is None or now - warned_at >= self.WINDOW
        if warn:
            self._warned[user_id] = now
        return False, warn, wait

    def _forget_idle(self, now: float) -> None:
        if len(self._seen) <= self.max_users:
            return
        for uid in [u for u, s in self._seen.items() if not s or now - s[-1] >= self.WINDOW]:
            self._seen.pop(uid, None)
            self._warned.pop(uid, None)
        while len(self._seen) > self.max_users:
            self._seen.pop(next(iter(self._seen)))
