"""One whole conversation, a user's and an admin's, as the loopback Bot API records it.

Run with `-s` to print the transcript (it is also written to $FRONTLINE_TRANSCRIPT when set).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.bot.conftest import ADMIN, USER, Site, article, ask, press
from tests.support.loopback_api import LoopbackBotAPI

NEW_CLAIM = article(
    "Russia says it recaptured Rubizhne",
    "2022-05-20",
    "Russian troops recaptured the village of Rubizhne, north-west of Kharkiv, Russia's defence "
    "ministry said on Friday. The claim could not be independently verified.",
)


async def test_a_user_and_an_admin_conversation(api: LoopbackBotAPI, bot: Any, site: Site) -> None:
    await ask(api, USER, "/start")
    [answer] = await ask(api, USER, "who holds Rubizhne?")
    await press(api, answer, answer.callback_data[0])
    await press(api, answer, next(d for d in answer.callback_data if d.startswith("m:")))
    api.press_button(USER, answer.message_id, answer.callback_data[-1])
    await api.wait_until(lambda: len(api.callback_answers) == 3, 10, "the vote receipt")
    await ask(api, USER, "Хто контролює Рубіжне?")
    await ask(api, USER, "/timeline Cherkaski Tyshky")
    await ask(api, USER, "/watch Rubizhne")
    await ask(api, USER, "/reindex")
    url = site.add("/rubizhne.txt", NEW_CLAIM)
    [progress] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: progress.text.startswith("Done"), 30, "the ingest summary")
    notified = len(api.sent(USER)) + 1
    await api.wait_for_messages(USER, notified, timeout=30)
    [reindex] = await ask(api, ADMIN, "/reindex")
    await api.wait_until(lambda: reindex.text.startswith("Reindexed"), 60, "the reindex summary")
    await ask(api, ADMIN, "/feedback")
    lines = api.transcript(max_text=400)
    text = "\n".join(lines)
    if os.environ.get("FRONTLINE_TRANSCRIPT"):
        Path(os.environ["FRONTLINE_TRANSCRIPT"]).write_text(text + "\n", encoding="utf-8")
    print("\n" + text)
    assert "Sorry, /reindex is for the bot's admins only." in text
    assert "🔔 New about Rubizhne" in text
    assert "Answers voted 👎" in text and "who holds Rubizhne?" in text
