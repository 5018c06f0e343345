"""A heartbeat file for health checks: `serve` touches it while it takes updates; its age tells if the bot is alive.

A long-polling bot opens no port a probe could knock on, and a process that is
running may still be stuck. So while the bot runs, a job of its job queue
touches `FRONTLINE_HEARTBEAT_FILE` every BEAT_EVERY seconds, but only while
updates come in (in long polling, while the updater fetches them): a blocked
event loop, a stopped updater or a dead job queue all let the file grow old.

`python -m bot.heartbeat [--max-age SECONDS]` is the check (the Docker image's
HEALTHCHECK): exit 0 when the file is younger than the limit, 1 otherwise,
with one line saying why. It imports nothing heavy, so it costs a few
milliseconds of CPU.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the check must not import python-telegram-bot
    from bot.context import Context
    from bot.settings import BotSettings

ENV = "FRONTLINE_HEARTBEAT_FILE"
BEAT_EVERY = 10.0  # seconds between two touches (the first comes this long after start-up at most)
MAX_AGE = 60.0  # several beats missed: unhealthy


def beat(path: Path) -> None:
    """Set the file's modification time to now, creating it (and its folder) if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def age(path: Path, now: float | None = None) -> float | None:
    """Return the seconds since the last beat, or None when there has been none."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    return max(0.0, (time.time() if now is None else now) - mtime)


async def heartbeat_job(context: Context) -> None:
    """Touch the heartbeat file while the bot takes updates (a job of the job queue, its data the settings)."""
    assert context.job is not None
    settings: BotSettings = context.job.data  # type: ignore[assignment]
    application = context.application
    # A webhook is served by bot.webhook, not by the updater: only polling has it running.
    polling = settings.webhook_url is None
    if settings.heartbeat_file is not None and application.running and (
        not polling or (application.updater is not None and application.updater.running)
    ):
        beat(settings.heartbeat_file)


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 if the heartbeat file is fresh, 1 (with the reason on stdout) if not."""
    parser = argparse.ArgumentParser(prog="python -m bot.heartbeat", description=main.__doc__)
    parser.add_argument("path", nargs="?", type=Path, help=f"the heartbeat file (default: ${ENV})")
    parser.add_argument("--max-age", type=float, default=MAX_AGE, metavar="SECONDS")
    args = parser.parse_args(argv)
    path = args.path or (Path(os.environ[ENV]) if os.environ.get(ENV) else None)
    if path is None:
        print(f"no heartbeat file: set {ENV} or give its path")
        return 1
    seconds = age(path)
    if seconds is None:
        print(f"unhealthy: no heartbeat yet ({path} missing)")
        return 1
    if seconds > args.max_age:
        print(f"unhealthy: last heartbeat {seconds:.0f} s ago (limit {args.max_age:.0f} s)")
        return 1
    print(f"healthy: last heartbeat {seconds:.0f} s ago")
    return 0


if __name__ == "__main__":
    sys.exit(main())
