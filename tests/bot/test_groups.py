"""In groups the bot answers commands, mentions and replies to it, and stays quiet otherwise."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.bot.conftest import USER, ask
from tests.support.loopback_api import LoopbackBotAPI

GROUP = -100500


def group(api: LoopbackBotAPI) -> None:
    # As a group admin the bot receives every message (no privacy mode), so quiet is its own choice.
    api.add_chat(GROUP, "supergroup", title="Front line watchers", bot_is_admin=True)


async def test_plain_group_messages_get_no_reply(api: LoopbackBotAPI, bot: Any) -> None:
    group(api)
    api.send_text(GROUP, "who holds Rubizhne?", user_id=USER)
    api.send_text(GROUP, "anyone around?", user_id=USER)
    [reply] = await ask(api, GROUP, "/help", user_id=USER)
    assert reply.text.startswith("Ask a question")
    await asyncio.sleep(0.5)  # the plain messages came in the same batch, before /help
    assert len(api.sent(GROUP)) == 1
    assert not [a for a in api.chat_actions if a.chat_id == GROUP]


async def test_a_mention_is_answered_as_a_reply_to_the_question(api: LoopbackBotAPI, bot: Any) -> None:
    group(api)
    [reply] = await ask(api, GROUP, "@frontline_test_bot who holds Rubizhne?", user_id=USER)
    assert "@War_Mapper" in reply.text and "Newsweek" in reply.text
    assert reply.reply_to_message_id is not None


async def test_a_reply_to_the_bot_is_answered(api: LoopbackBotAPI, bot: Any) -> None:
    group(api)
    [first] = await ask(api, GROUP, "/start", user_id=USER)
    [reply] = await ask(api, GROUP, "who holds Rubizhne?", user_id=USER, reply_to_bot_message_id=first.message_id)
    assert "@War_Mapper" in reply.text


async def test_commands_addressed_to_another_bot_are_ignored(api: LoopbackBotAPI, bot: Any) -> None:
    group(api)
    api.send_text(GROUP, "/help@some_other_bot", user_id=USER)
    [reply] = await ask(api, GROUP, "/sources@frontline_test_bot", user_id=USER)
    assert reply.text.startswith("Sources")
    assert len(api.sent(GROUP)) == 1


async def test_in_privacy_mode_plain_group_messages_never_reach_the_bot(api: LoopbackBotAPI, bot: Any) -> None:
    api.send_text(GROUP - 1, "who holds Rubizhne?", user_id=USER, chat_type="group")
    [reply] = await ask(api, GROUP - 1, "@frontline_test_bot who holds Rubizhne?", user_id=USER, chat_type="group")
    assert "@War_Mapper" in reply.text
    assert len(api.sent(GROUP - 1)) == 1


async def test_group_chatter_does_not_count_against_the_rate_limit(api: LoopbackBotAPI, bot: Any) -> None:
    group(api)
    for i in range(bot.bot_data.settings.user_rate + 5):
        api.send_text(GROUP, f"chatting {i}", user_id=USER)
    [reply] = await ask(api, GROUP, "@frontline_test_bot who holds Rubizhne?", user_id=USER)
    assert "@War_Mapper" in reply.text
