"""A user's conversation with the real bot over the loopback Bot API: questions, answers, buttons."""

from __future__ import annotations

from typing import Any

from bot.loopback_api import LoopbackBotAPI, parse_html
from tests.bot.conftest import USER, ask, press


async def test_a_question_gets_the_cited_caveated_answer(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "who holds Rubizhne?")
    assert "Newsweek" in reply.text
    assert "not been officially confirmed" in reply.text
    assert "@War_Mapper" in reply.text
    assert "[1]" in reply.text
    assert reply.parse_mode == "HTML" and len(reply.text) <= 4096
    parse_html(reply.source)  # valid Telegram HTML (the server accepted it too)
    assert any(a.chat_id == USER and a.action == "typing" for a in api.chat_actions)
    texts = reply.button_texts
    assert "Show passage [1]" in texts and "👍" in texts and "👎" in texts
    assert all(len(d.encode()) <= 64 for d in reply.callback_data)
