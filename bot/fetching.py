"""Fetches run in a pool of their own, so a slow or hostile server can never starve the questions.

`asyncio.to_thread` shares one small default pool with every question; six
fetches from tarpits would fill it and a user's question would wait behind
them. Here at most `workers` fetches run at once, at most `waiting` more may
queue, and anything beyond is refused at once with a reason.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from index.errors import FrontlineError

P = ParamSpec("P")
R = TypeVar("R")

FETCH_WORKERS = 2
FETCH_WAITING = 8


class TooManyFetches(FrontlineError):
    """The fetch pool and its queue are full."""


class FetchPool:
    """A bounded thread pool for network fetches (pages, feeds)."""

    def __init__(self, workers: int = FETCH_WORKERS, waiting: int = FETCH_WAITING) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError("a fetch pool needs at least one worker and a non-negative queue")
        self.limit = workers + waiting
        self.pending = 0
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")

    async def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run `fn` in the pool and return its result.

        Raises:
            TooManyFetches: `workers` fetches run and `waiting` more wait already.
        """
        if self.pending >= self.limit:
            raise TooManyFetches(f"{self.pending} fetches are under way or waiting; try again in a minute")
        self.pending += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
        finally:
            self.pending -= 1

    def shutdown(self) -> None:
        """Stop taking work; fetches under way end at their own deadline."""
        self._executor.shutdown(wait=False, cancel_futures=True)
