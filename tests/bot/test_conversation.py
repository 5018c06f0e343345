"""A user's conversation with the real bot over the loopback Bot API: questions, answers, buttons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.bot.conftest import ADMIN, USER, ask, press
from tests.support.loopback_api import LoopbackBotAPI, parse_html


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


async def test_start_says_what_the_bot_does_with_examples_and_coverage(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/start")
    assert "Who holds Rubizhne?" in reply.text
    assert reply.text.count("• ") == 3
    assert "Stored: 1 article(s) from 1 outlet(s)" in reply.text
    assert "10 May 2022" in reply.text


async def test_sources_lists_outlets_with_counts_and_dates(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/sources")
    assert "Newsweek: 1 (10 May 2022 – 10 May 2022)" in reply.text


async def test_show_passage_sends_the_whole_cited_passage(api: LoopbackBotAPI, bot: Any) -> None:
    [answer] = await ask(api, USER, "who holds Rubizhne?")
    data = answer.callback_data[0]
    assert data.startswith("p:")
    [passage] = await press(api, answer, data)
    assert passage.reply_to_message_id == answer.message_id
    assert passage.text.startswith("[1] Newsweek")
    assert "Rubizhne" in passage.text
    assert any(e["type"] == "blockquote" for e in passage.entities)
    assert api.callback_answers[-1].data == data


async def test_more_sources_lists_further_passages_with_their_buttons(api: LoopbackBotAPI, bot: Any) -> None:
    [answer] = await ask(api, USER, "who holds Rubizhne?")
    [more_data] = [d for d in answer.callback_data if d.startswith("m:")]
    [more] = await press(api, answer, more_data)
    assert more.text.startswith("More sources")
    assert "[2] Newsweek" in more.text
    [passage] = await press(api, more, more.callback_data[0])
    assert passage.text.startswith("[2] Newsweek")


async def test_expired_answer_buttons_get_a_polite_notice(api: LoopbackBotAPI, bot: Any) -> None:
    [answer] = await ask(api, USER, "who holds Rubizhne?")
    # Answers older than the retention period are pruned; their buttons must still answer politely.
    bot.bot_data.store.prune_answers(datetime.now(UTC) + timedelta(days=1))
    api.press_button(USER, answer.message_id, answer.callback_data[0])
    await api.wait_until(lambda: len(api.callback_answers) == 1, 10, "the button's answer")
    notice = api.callback_answers[0]
    assert notice.text == "This answer has expired; please ask again." and notice.show_alert
    assert len(api.sent(USER)) == 1  # nothing else was sent


async def test_votes_are_stored_and_admins_see_the_downvoted_answers(api: LoopbackBotAPI, bot: Any) -> None:
    [good] = await ask(api, USER, "who holds Rubizhne?")
    [bad] = await ask(api, USER, "what happened to the bridges near Kharkiv?")
    api.press_button(USER, good.message_id, good.callback_data[-2])  # 👍
    api.press_button(USER, bad.message_id, bad.callback_data[-1])  # 👎
    await api.wait_until(lambda: len(api.callback_answers) == 2, 10, "two vote receipts")
    assert {a.text for a in api.callback_answers} == {"Thanks, noted 👍", "Thanks, noted 👎 — an admin will review it."}
    [feedback] = await ask(api, ADMIN, "/feedback")
    assert "what happened to the bridges near Kharkiv?" in feedback.text
    assert "who holds Rubizhne?" not in feedback.text
    assert "1× 👎" in feedback.text and "\n   – p-" in feedback.text  # the cited passages


async def test_a_ukrainian_question_gets_a_ukrainian_reply(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "Хто контролює Рубіжне?", language_code="en")
    assert "Джерела:" in reply.text and "Не підтверджено" in reply.text
    assert "Показати уривок [1]" in reply.button_texts
    assert "not been officially confirmed" in reply.text  # quotes stay as written


async def test_a_russian_speaker_gets_russian_commands(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/help", language_code="ru")
    assert "Команды" in reply.text and "/timeline" in reply.text


async def test_a_question_nothing_answers_says_so_and_cites_nothing(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "who holds Zzyzxville?")
    assert "won't guess" in reply.text
    assert not any(d.startswith("p:") for d in reply.callback_data)


async def test_an_empty_question_gets_a_hint_not_an_error(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "?!…")
    assert "who holds Rubizhne?" in reply.text


async def test_an_unknown_command_points_to_help(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/frobnicate now")
    assert reply.text == "I don't know /frobnicate. /help lists what I can do."
