"""The bot token appears nowhere: not in any log record at any level, not on stderr, not in a message."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import CommandHandler

from bot.app import build_application, running
from bot.context import Context
from bot.settings import BotSettings
from index.engine import Engine
from tests.bot.conftest import ADMIN, OTHER, USER, ask
from tests.support.loopback_api import LoopbackBotAPI

TOKEN = "7712345098:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-Distinct"
SECRET = TOKEN.split(":", 1)[1]
LOGGERS = ["", "httpx", "httpcore", "telegram", "telegram.ext", "apscheduler", "aiohttp", "asyncio", "bot", "index"]


@pytest.fixture()
def every_log_record() -> Iterator[io.StringIO]:
    """Every log record of every logger, at DEBUG, formatted with tracebacks, into one buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield buffer
    logging.getLogger().removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def boom_command(update: Update, context: Context) -> None:
    """Fail the way a network library does: with the request URL (token and all) in the error."""
    raise RuntimeError(f"could not reach {context.bot.base_url}/getMe")


async def test_the_token_is_in_no_log_record_no_stderr_and_no_message(
    api: LoopbackBotAPI, settings: BotSettings, engine: Engine,
    every_log_record: io.StringIO, capfd: pytest.CaptureFixture[str],
) -> None:
    api.add_bot(TOKEN, username="frontline_secret_bot")
    ours = settings.model_copy(update={"token": SecretStr(TOKEN)})
    application = build_application(ours, engine)
    application.add_handler(CommandHandler("boom", boom_command), group=-2)
    async with running(application, ours):
        api.fail_next("sendMessage", status=429, retry_after=1, token=TOKEN)
        await ask(api, USER, "who holds Rubizhne?", timeout=30, token=TOKEN)
        api.fail_next("sendMessage", status=500, count=2, token=TOKEN)
        await ask(api, OTHER, "who holds Izium?", timeout=30, token=TOKEN)
        api.send_text(USER, "/boom", token=TOKEN)  # a handler failing with the token in its error
        await api.wait_until(lambda: "caused an error" in every_log_record.getvalue(), 20, "the failure logged")
        api.fail_next("*", status=400, description="Bad Request: chat not found", token=TOKEN)
        api.send_text(USER, "/start", token=TOKEN)
        await ask(api, ADMIN, "/stats", token=TOKEN)
    logs = every_log_record.getvalue()
    out, err = capfd.readouterr()
    messages = "\n".join(m.text for m in api.sent(token=TOKEN))
    assert "HTTP Request: POST" in logs and "could not reach" in logs  # the URLs and the error were logged…
    for text in (logs, out, err, messages):
        for secret in (TOKEN, SECRET, quote(TOKEN, safe="")):
            assert secret not in text  # …without the token
    assert "<redacted>" in logs
