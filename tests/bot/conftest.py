"""The real bot against the loopback Bot API: one sample data dir built per run, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from telegram.ext import Application

from bot.app import build_application, running
from bot.settings import BotSettings
from index.embedding import Embedder
from index.engine import Engine
from tests.conftest import SHARED, make_engine
from tests.support.loopback_api import LoopbackBotAPI, SentMessage

TOKEN = "123456:TEST-secret-token-value"
ADMIN = 42
USER = 1001
OTHER = 1002


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data dir holding the bundled sample, indexed once per run (closed, so it can be copied)."""
    folder = tmp_path_factory.mktemp("bot-sample")
    engine = make_engine(folder, embedder)
    engine.ensure_sample()
    engine.close()
    return folder


@pytest.fixture()
def engine(sample_template: Path, tmp_path: Path, embedder: Embedder) -> Iterator[Engine]:
    """An engine over this test's own copy of the sample data dir (private URLs allowed)."""
    data = tmp_path / "data"
    shutil.copytree(sample_template, data)
    engine = make_engine(data, embedder, allow_private_urls=True)
    yield engine
    engine.close()


@pytest_asyncio.fixture(loop_scope="function")
async def api() -> AsyncIterator[LoopbackBotAPI]:
    """The loopback Bot API server with the test bot registered."""
    async with LoopbackBotAPI() as server:
        server.add_bot(TOKEN)
        yield server


@pytest.fixture()
def settings(api: LoopbackBotAPI) -> BotSettings:
    """Bot settings pointing at the loopback server, with one admin."""
    return BotSettings(
        token=TOKEN, api_base_url=f"{api.base_url}/bot", admin_ids=frozenset({ADMIN}), feed_interval=3600
    )


@pytest_asyncio.fixture(loop_scope="function")
async def bot(api: LoopbackBotAPI, settings: BotSettings, engine: Engine) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The real Application, long polling the loopback server."""
    application = build_application(settings, engine)
    async with running(application, settings):
        yield application


async def ask(api: LoopbackBotAPI, chat_id: int, text: str, count: int = 1, timeout: float = 20.0, **kw: Any) -> list[SentMessage]:
    """Send `text` as a user and return the bot's `count` new messages in that chat."""
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text, **kw)
    sent = await api.wait_for_messages(chat_id, before + count, timeout=timeout)
    return sent[before:]


async def press(api: LoopbackBotAPI, message: SentMessage, data: str, count: int = 1, **kw: Any) -> list[SentMessage]:
    """Press a button of `message` and return the bot's `count` new messages in that chat."""
    before = len(api.sent(message.chat_id))
    api.press_button(message.chat_id, message.message_id, data, **kw)
    sent = await api.wait_for_messages(message.chat_id, before + count, timeout=20)
    return sent[before:]


@pytest.fixture(scope="session")
def corpus_template(sample_template: Path, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The sample plus the shared corpus (~230 passages): enough for a reindex that takes a while."""
    folder = tmp_path_factory.mktemp("bot-corpus") / "data"
    shutil.copytree(sample_template, folder)
    engine = make_engine(folder, embedder)
    engine.ingest([SHARED / "corpus" / "articles.jsonl"])
    engine.close()
    return folder


class Site:
    """A web server on 127.0.0.1 serving fixed pages, recording every request path."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str]] = {}
        self.requests: list[str] = []
        self.base_url = ""

    def add(self, path: str, body: str, content_type: str = "text/plain; charset=utf-8") -> str:
        self.pages[path] = (content_type, body)
        return self.base_url + path

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        if request.path not in self.pages:
            return web.Response(status=404, text="not found")
        content_type, body = self.pages[request.path]
        return web.Response(body=body.encode(), headers={"Content-Type": content_type})


@pytest_asyncio.fixture(loop_scope="function")
async def site() -> AsyncIterator[Site]:
    """A local web site for /ingest and feeds (the engine allows private URLs in these tests)."""
    pages = Site()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", pages.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = server._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    pages.base_url = f"http://127.0.0.1:{port}"
    yield pages
    await runner.cleanup()


def article(title: str, published: str, body: str, source: str = "Test Wire") -> str:
    """Return a plain-text article with front matter, as a site would serve it."""
    return f"---\ntitle: {title}\nsource: {source}\npublished: {published}\n---\n{body}\n"


@pytest.fixture()
def corpus_engine(corpus_template: Path, tmp_path: Path, embedder: Embedder) -> Iterator[Engine]:
    """An engine over this test's own copy of the sample plus the shared corpus."""
    data = tmp_path / "corpus-data"
    shutil.copytree(corpus_template, data)
    engine = make_engine(data, embedder, allow_private_urls=True)
    yield engine
    engine.close()
