"""Every question is answered exactly once, even when `frontline serve` is killed (SIGKILL) mid-answer.

python-telegram-bot confirms an update to Telegram before handling it, so
without the update journal a question being handled at the kill is lost; and a
reply on its way to Telegram at the kill is delivered anyway, so handling that
question again without the journal of replies would answer it twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.bot.conftest import TOKEN
from tests.bot.test_serve import ROOT, serve_env
from tests.support.loopback_api import LoopbackBotAPI

QUESTIONS = ["who holds Rubizhne?", "what happened near Kharkiv?", "is Izium under Russian control?"]
SLOW_SEND = 3.0  # seconds each sendMessage takes: replies are in flight when the bot is killed


@asynccontextmanager
async def serving(api: LoopbackBotAPI, data: Path, log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run `frontline serve` against the loopback API until it polls; kill it on the way out."""
    polls = len(api.calls("getUpdates"))
    with log.open("ab") as err:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "serve", cwd=ROOT, env=serve_env(api, data, TOKEN),
            stdout=asyncio.subprocess.DEVNULL, stderr=err,
        )
    try:
        await api.wait_until(lambda: len(api.calls("getUpdates")) > polls, 120, "the bot to poll")
        yield process
    except TimeoutError as exc:
        raise TimeoutError(f"{exc}\n--- frontline serve's log:\n{log.read_text()[-3000:]}") from None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_killed_bot_answers_every_question_exactly_once_after_restart(
    api: LoopbackBotAPI, sample_template: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(sample_template, data)
    log = tmp_path / "serve.log"
    users = list(range(2001, 2016))
    async with serving(api, data, log) as process:
        api.delay("sendMessage", SLOW_SEND)
        for n, user in enumerate(users[:12]):  # more than the 8 handled at once
            api.send_text(user, QUESTIONS[n % len(QUESTIONS)])
        await api.wait_until(lambda: len(api.calls("sendMessage")) >= 4, 60, "replies under way")
        process.send_signal(signal.SIGKILL)
        await process.wait()
    in_flight = len(api.calls("sendMessage"))
    for n, user in enumerate(users[12:]):  # asked while the bot is down
        api.send_text(user, QUESTIONS[n % len(QUESTIONS)])
    api.delay("sendMessage", 0)
    await asyncio.sleep(SLOW_SEND)  # the replies under way at the kill arrive now
    assert 0 < len(api.sent()) < len(users)
    async with serving(api, data, log):
        with contextlib.suppress(TimeoutError):  # a lost question is reported below, by user
            await api.wait_until(lambda: all(api.sent(u) for u in users), 60, "a reply to every question")
        await asyncio.sleep(2)  # time for a second reply, if one were coming
    replies = {user: [m.text for m in api.sent(user)] for user in users}
    assert {user: len(texts) for user, texts in replies.items()} == dict.fromkeys(users, 1)
    assert all("Newsweek" in texts[0] for texts in replies.values()), replies  # answers, not error notices
    assert in_flight >= 4 and not api.pending_updates()
    err = log.read_text()
    assert "handling" in err and "again that were cut off" in err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err
