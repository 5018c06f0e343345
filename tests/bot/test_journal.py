"""The update journal: an update is queued once however often Telegram sends it; a crashing one is given up."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from telegram import Bot, Update

from bot.app import PendingUpdates
from bot.journal import MAX_REPLAYS, UpdateJournal, bot_id_of

BOT = Bot("123456:TEST-secret-token-value")


def update(update_id: int, text: str = "who holds Rubizhne?") -> Update:
    user = {"id": 1001, "is_bot": False, "first_name": "Test"}
    message = {"message_id": update_id, "date": 1, "chat": {"id": 1001, "type": "private"}, "from": user, "text": text}
    return Update.de_json({"update_id": update_id, "message": message}, BOT)


async def test_an_update_sent_again_is_queued_once(tmp_path: Path) -> None:
    journal = UpdateJournal(tmp_path / "f.db", bot_id=123456)
    queue = PendingUpdates(limit=10, journal=journal)
    await queue.put(update(7))
    await queue.put(update(7))  # Telegram sends it again (not confirmed before a restart)
    await queue.put(update(8))
    assert [queue.get_nowait().update_id, queue.get_nowait().update_id] == [7, 8]  # type: ignore[attr-defined]
    assert queue.empty() and queue.pending == 2
    # After a restart, a new journal on the same file still knows both.
    again = PendingUpdates(limit=10, journal=UpdateJournal(tmp_path / "f.db", bot_id=123456))
    await again.put(update(7))
    assert again.empty()
    assert [u.update_id for u in await journal.unfinished(BOT)] == [7, 8]


async def test_update_ids_are_per_bot(tmp_path: Path) -> None:
    first = UpdateJournal(tmp_path / "f.db", bot_id=1)
    second = UpdateJournal(tmp_path / "f.db", bot_id=2)  # another token, same data directory
    assert await first.receive(update(5))
    assert await second.receive(update(5))
    assert not await first.receive(update(5))


async def test_an_update_that_keeps_stopping_the_bot_is_given_up(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert await UpdateJournal(tmp_path / "f.db", bot_id=1).receive(update(9))
    for _ in range(MAX_REPLAYS):  # each restart handles it again (and the bot dies again)
        journal = UpdateJournal(tmp_path / "f.db", bot_id=1)
        [replayed] = await journal.unfinished(BOT)
        assert await journal.begin(replayed) is not None
    journal = UpdateJournal(tmp_path / "f.db", bot_id=1)
    [replayed] = await journal.unfinished(BOT)
    with caplog.at_level(logging.ERROR, logger="bot.journal"):
        assert await journal.begin(replayed) is None
    assert "update 9 from chat 1001 stopped the bot 3 times; giving it up" in caplog.text
    assert await journal.unfinished(BOT) == []


def test_the_bot_id_is_the_token_part_before_the_colon() -> None:
    assert bot_id_of("123456:TEST-secret") == 123456
    assert bot_id_of("not-a-token") == 0
