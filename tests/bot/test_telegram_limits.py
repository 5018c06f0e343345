"""Telegram's flood limits and errors delay replies but never lose them; a flooding user is slowed alone."""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

import pytest

from bot import app
from bot.app import FIRST_BACKOFF, NETWORK_RETRIES, PendingUpdates, build_application, running
from bot.settings import BotSettings
from index.engine import Engine
from tests.bot.conftest import OTHER, USER, ask
from tests.support.loopback_api import LoopbackBotAPI


async def test_a_429_delays_the_reply_but_does_not_lose_it(api: LoopbackBotAPI, bot: Any) -> None:
    api.fail_next("sendMessage", status=429, retry_after=2)
    [reply] = await ask(api, USER, "who holds Rubizhne?", timeout=30)
    assert "@War_Mapper" in reply.text
    sends = api.calls("sendMessage")
    assert [c.status for c in sends] == [429, 200]
    assert sends[1].at - sends[0].at >= 2.0
    assert len(api.sent(USER)) == 1  # exactly once


async def test_server_errors_are_retried_with_back_off(api: LoopbackBotAPI, bot: Any) -> None:
    api.fail_next("sendMessage", status=502, count=2)
    [reply] = await ask(api, USER, "who holds Rubizhne?", timeout=30)
    assert "@War_Mapper" in reply.text
    assert [c.status for c in api.calls("sendMessage")] == [502, 502, 200]


async def test_a_flooding_user_is_slowed_politely_and_others_are_not(
    api: LoopbackBotAPI, settings: BotSettings, engine: Engine
) -> None:
    slow = settings.model_copy(update={"user_rate": 3})
    async with running(build_application(slow, engine), slow):
        for i in range(10):
            api.send_text(USER, f"who holds Rubizhne? ({i})")
        [other] = await ask(api, OTHER, "who holds Rubizhne?", timeout=30)
        await api.wait_for_messages(USER, 4, timeout=30)
    assert "@War_Mapper" in other.text
    texts = [m.text for m in api.sent(USER)]
    notices = [t for t in texts if t.startswith("You're sending messages faster")]
    assert len(notices) == 1 and len(texts) == 4  # three answers and one notice, nothing more


async def test_a_rejected_reply_is_not_retried_and_the_user_hears_something_went_wrong(
    api: LoopbackBotAPI, bot: Any
) -> None:
    api.fail_next("sendMessage", status=400, description="Bad Request: message is too long")
    [reply] = await ask(api, USER, "who holds Rubizhne?")
    assert reply.text == "Something went wrong on my side. Please try again in a moment."
    assert [c.status for c in api.calls("sendMessage")] == [400, 200]


async def test_pending_updates_are_bounded_until_handled_not_just_until_taken() -> None:
    queue = PendingUpdates(limit=2)
    await queue.put("a")
    await queue.put("b")
    assert await queue.get() == "a"  # taken, but not yet handled: still pending
    blocked = asyncio.create_task(queue.put("c"))
    await asyncio.sleep(0.05)
    assert not blocked.done()
    queue.task_done()  # "a" handled: room for one more
    await asyncio.wait_for(blocked, 1)
    assert queue.pending == 2


async def test_a_flood_waits_at_the_server_instead_of_filling_memory(
    api: LoopbackBotAPI, settings: BotSettings, engine: Engine
) -> None:
    small = settings.model_copy(update={"max_pending_updates": 2, "concurrency": 1, "user_rate": 1000})
    async with running(build_application(small, engine), small):
        for i in range(12):
            api.send_text(USER, f"who holds Rubizhne? ({i})")
        await api.wait_for_messages(USER, 1, timeout=30)
        assert len(api.pending_updates()) > 0  # not all fetched at once: fetching waits for room
        await api.wait_for_messages(USER, 12, timeout=60)
    assert len(api.sent(USER)) == 12  # every question answered once


async def test_a_graceful_restart_answers_every_question_exactly_once(
    api: LoopbackBotAPI, settings: BotSettings, engine: Engine
) -> None:
    async with running(build_application(settings, engine), settings):
        for i in range(6):
            api.send_text(USER, f"who holds Rubizhne? ({i})")
        await api.wait_for_messages(USER, 1, timeout=30)
    for i in range(6, 8):
        api.send_text(USER, f"who holds Rubizhne? ({i})")  # sent while the bot is down
    async with running(build_application(settings, engine), settings):
        await api.wait_for_messages(USER, 8, timeout=60)
    assert len(api.sent(USER)) == 8 and not api.pending_updates()  # none lost, none twice


async def latency(api: LoopbackBotAPI, user: int, text: str) -> float:
    """Return the seconds between a user's question and the bot's reply."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    await ask(api, user, text, timeout=120)
    return loop.time() - start


async def test_another_users_latency_stays_normal_during_a_flood(
    api: LoopbackBotAPI, settings: BotSettings, engine: Engine
) -> None:
    slow = settings.model_copy(update={"user_rate": 3})
    async with running(build_application(slow, engine), slow):
        normal = max([await latency(api, OTHER, "who holds Rubizhne?") for _ in range(3)])
        for i in range(300):
            api.send_text(USER, f"who holds Rubizhne? ({i})")
        flooded = await latency(api, OTHER + 1, "who holds Rubizhne?")  # queued behind the whole flood
        await api.wait_for_messages(USER, 4, timeout=60)
    # Unthrottled, the other user would wait behind 300 answers (about 20 s here).
    assert flooded < 3 * normal + 2.0, (normal, flooded)
    assert len(api.sent(USER)) == 4  # three answers and one notice: the rest was dropped


async def test_server_errors_are_retried_with_growing_pauses(api: LoopbackBotAPI, bot: Any) -> None:
    api.fail_next("sendMessage", status=500, count=3)
    [reply] = await ask(api, USER, "who holds Rubizhne?", timeout=30)
    assert "@War_Mapper" in reply.text
    sends = api.calls("sendMessage")
    assert [c.status for c in sends] == [500, 500, 500, 200]
    pauses = [b.at - a.at for a, b in itertools.pairwise(sends)]
    assert pauses[0] >= FIRST_BACKOFF * 0.9 and pauses[1] >= 1.8 * pauses[0] and pauses[2] >= 1.8 * pauses[1]


async def test_a_reply_that_keeps_failing_is_logged_at_error_with_its_chat(
    api: LoopbackBotAPI, bot: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(app, "FIRST_BACKOFF", 0.01)
    api.fail_next("sendMessage", status=500, count=2 * (NETWORK_RETRIES + 1))  # the answer, then the notice
    api.send_text(USER, "who holds Rubizhne?")
    await api.wait_for_calls("sendMessage", 2 * (NETWORK_RETRIES + 1), timeout=30)
    await api.wait_until(lambda: "not delivered either" in caplog.text, 10, "the error logged")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert f"an update (chat {USER}) caused an error; the reply may be lost" in errors
    assert any(m.startswith(f"chat {USER}: the error notice was not delivered either") for m in errors)
    assert not api.sent(USER)


async def test_a_reply_that_times_out_is_not_sent_twice_and_is_logged(
    api: LoopbackBotAPI, bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Telegram got the request but answered after the bot stopped waiting (5 s): it may
    # have arrived (here it does), so it is neither sent again nor followed by an error notice.
    api.delay("sendMessage", 6)
    api.send_text(USER, "who holds Rubizhne?")
    await api.wait_for_messages(USER, 1, timeout=30)
    api.delay("sendMessage", 0)
    await api.wait_until(lambda: "timed out" in caplog.text, 10, "the timeout logged")
    await asyncio.sleep(1)
    assert len(api.calls("sendMessage")) == 1 and "@War_Mapper" in api.sent(USER)[0].text
    assert f"a reply to chat {USER} timed out; it may have arrived, so it is not sent again" in [
        r.getMessage() for r in caplog.records if r.levelno == logging.ERROR
    ]


async def test_a_button_answer_that_times_out_is_retried(api: LoopbackBotAPI, bot: Any) -> None:
    [answer] = await ask(api, USER, "who holds Rubizhne?")
    api.delay("answerCallbackQuery", 6)  # longer than the bot waits (5 s)
    api.press_button(USER, answer.message_id, answer.callback_data[0])
    await api.wait_until(lambda: len(api.calls("answerCallbackQuery")) == 1, 10, "the button pressed")
    api.delay("answerCallbackQuery", 0)  # the retry gets through at once
    [passage] = (await api.wait_for_messages(USER, 2, timeout=30))[1:]
    assert passage.text.startswith("[1] Newsweek")
    assert len(api.calls("answerCallbackQuery")) == 2  # answering a button twice does no harm
