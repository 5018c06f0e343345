"""Every command is handled, listed in /help, registered with setMyCommands and documented in README."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from telegram import BotCommandScopeChat
from telegram.ext import CommandHandler

from bot.texts import ADMIN_COMMANDS, LANGS, USER_COMMANDS
from tests.bot.conftest import ADMIN, USER, ask
from tests.support.loopback_api import LoopbackBotAPI

README = Path(__file__).resolve().parents[2] / "README.md"
USER_NAMES = [name for name, _ in USER_COMMANDS["en"]]
ADMIN_NAMES = [name for name, _ in ADMIN_COMMANDS["en"]]


def handled(bot: Any) -> set[str]:
    return {c for group in bot.handlers.values() for h in group if isinstance(h, CommandHandler) for c in h.commands}


def test_every_language_lists_the_same_commands() -> None:
    for lang in LANGS:
        assert [n for n, _ in USER_COMMANDS[lang]] == USER_NAMES
        assert [n for n, _ in ADMIN_COMMANDS[lang]] == ADMIN_NAMES


@pytest.mark.parametrize("name", USER_NAMES + ADMIN_NAMES)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"/{name}\b", README.read_text(encoding="utf-8")), f"/{name} is not documented in README.md"


async def test_every_command_is_handled_listed_in_help_and_registered(api: LoopbackBotAPI, bot: Any) -> None:
    assert handled(bot) == set(USER_NAMES) | set(ADMIN_NAMES)
    [user_help] = await ask(api, USER, "/help")
    [admin_help] = await ask(api, ADMIN, "/help")
    for name in USER_NAMES:
        assert f"/{name} " in user_help.text and f"/{name} " in admin_help.text
    for name in ADMIN_NAMES:
        assert f"/{name} " not in user_help.text and f"/{name} " in admin_help.text
    assert [c for c, _ in api.commands()] == USER_NAMES
    for lang in ("uk", "ru"):
        assert [c for c, _ in api.commands(language_code=lang)] == USER_NAMES
    assert [c for c, _ in api.commands(BotCommandScopeChat(ADMIN))] == USER_NAMES + ADMIN_NAMES
    assert [c for c, _ in api.visible_commands(USER, language_code="uk")] == USER_NAMES
    assert [c for c, _ in api.visible_commands(ADMIN, language_code="ru")] == USER_NAMES + ADMIN_NAMES
