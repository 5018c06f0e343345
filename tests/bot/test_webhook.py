"""Webhook mode: Telegram's secret-token header is required; forged updates and button data change nothing."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from pydantic import SecretStr

from bot.app import build_application, running
from bot.settings import BotSettings
from index.engine import Engine
from tests.bot.conftest import USER, ask
from tests.support.loopback_api import LoopbackBotAPI

SECRET = "s3cret_Token-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest_asyncio.fixture(loop_scope="function")
async def hooked(api: LoopbackBotAPI, settings: BotSettings, engine: Engine) -> AsyncIterator[tuple[Any, BotSettings]]:
    """The bot in webhook mode, listening on 127.0.0.1."""
    port = free_port()
    hook = settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
            "webhook_listen": "127.0.0.1",
            "port": port,
            "webhook_secret": SecretStr(SECRET),
            "webhook_idle_timeout": 1.0,
        }
    )
    application = build_application(hook, engine)
    async with running(application, hook):
        yield application, hook


async def test_questions_arrive_by_webhook_with_the_secret_header(api: LoopbackBotAPI, hooked: Any) -> None:
    _, hook = hooked
    info = api.webhook_info()
    assert info["url"] == hook.webhook_url
    [reply] = await ask(api, USER, "who holds Rubizhne?")
    assert "@War_Mapper" in reply.text
    assert all(d.status == 200 for d in api.webhook_deliveries)
    assert not api.calls("getUpdates")


async def test_an_update_without_the_right_secret_is_rejected(api: LoopbackBotAPI, hooked: Any) -> None:
    _, hook = hooked
    forged = {
        "update_id": 999_001,
        "message": {
            "message_id": 1, "date": 1, "text": "/reindex",
            "chat": {"id": 42, "type": "private", "first_name": "Mallory"},
            "from": {"id": 42, "is_bot": False, "first_name": "Mallory"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
        },
    }
    for secret in ("wrong-secret", None):
        status, _ = await api.post_update_raw(hook.webhook_url, forged, secret=secret)
        assert status == 403
    [reply] = await ask(api, USER, "/help")  # the bot is still fine, and did nothing for the forgery
    assert reply.text.startswith("Ask a question")
    assert not api.sent(42) and not api.calls("editMessageText")


async def test_forged_button_data_changes_nothing_and_gets_the_expiry_notice(api: LoopbackBotAPI, hooked: Any) -> None:
    application, hook = hooked
    [answer] = await ask(api, USER, "who holds Rubizhne?")
    real_id = answer.callback_data[0].split(":")[1]
    for n, data in enumerate(["v:AAAAAAAAAAAAAAAA:down", f"v:{real_id}:sideways", "reindex", f"p:{real_id}:99", "x" * 64]):
        query = {
            "id": f"forged-{n}", "from": {"id": USER, "is_bot": False, "first_name": "Test"},
            "chat_instance": "1", "data": data, "message": answer.to_json(),
        }
        status, _ = await api.post_update_raw(hook.webhook_url, {"update_id": 999_100 + n, "callback_query": query}, secret=SECRET)
        assert status == 200
    # A forged button on a message of the bot's own (an inline message) gets the polite notice.
    inline = api.add_inline_message("x", reply_markup={"inline_keyboard": [[{"text": "👎", "callback_data": "v:AAAAAAAAAAAAAAAA:down"}]]})
    api.press_inline_button(str(inline.inline_message_id), "v:AAAAAAAAAAAAAAAA:down", user_id=USER)
    await api.wait_until(lambda: len(api.callback_answers) == 1, 10, "the expiry notice")
    assert api.callback_answers[0].text == "This answer has expired; please ask again."
    assert application.bot_data.store.downvoted_answers(10) == []
    assert len(api.sent(USER)) == 1  # no passage, no error message: nothing happened


# -- strangers cannot hold the webhook's memory or connections ---------------------------------


def _exchange(port: int, head: bytes, body: bytes = b"", wait: float = 5.0) -> tuple[bytes, float]:
    """Send `head` and `body` on a raw connection; return what comes back before it closes, and when."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(head)
        try:
            sock.sendall(body)
        except OSError:
            pass  # the server may close before taking it all: that is the point
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
        except TimeoutError:
            return received, float("inf")
    return received, time.monotonic() - started


def _post_head(secret: str, length: int) -> bytes:
    return (
        f"POST /telegram/hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def test_a_huge_body_with_a_wrong_secret_is_refused_before_it_is_read(hooked: Any) -> None:
    _, hook = hooked
    # 95 MB announced, 256 KB sent: the answer must not wait for the rest.
    received, took = await asyncio.to_thread(_exchange, hook.port, _post_head("wrong-secret", 95_000_000), b"{" * 262_144)
    assert received.startswith(b"HTTP/1.1 403"), received[:200]
    assert took < 5


async def test_a_body_over_the_update_size_is_refused_even_with_the_secret(hooked: Any) -> None:
    _, hook = hooked
    received, took = await asyncio.to_thread(_exchange, hook.port, _post_head(SECRET, 95_000_000), b"{" * 262_144)
    assert received.startswith(b"HTTP/1.1 413"), received[:200]
    assert took < 5


async def test_idle_and_half_open_connections_are_closed(hooked: Any) -> None:
    _, hook = hooked
    for head in (b"", b"POST /telegram/hook HTTP/1.1\r\nHost: 127.0.0.1\r\n"):
        received, took = await asyncio.to_thread(_exchange, hook.port, head, b"", 8.0)
        assert received == b"" and took < 5, f"a connection sending {head!r} stayed open {took:.1f} s"
