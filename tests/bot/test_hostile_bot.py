"""Hostile sources against the running bot (issue 13): a feed taken entry by entry, fetches that
cannot starve questions, messages that always fit, a full disk, and a token never printed."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from bot.admin import FEED_ENTRIES_PER_POLL
from bot.app import build_application, running
from bot.render import MAX_MESSAGE
from bot.settings import BotSettings
from index.embedding import Embedder
from index.engine import Engine
from tests.bot.conftest import ADMIN, TOKEN, USER, article, ask
from tests.conftest import make_engine
from tests.diskfull import fill, small_tmpfs
from tests.support.loopback_api import LoopbackBotAPI, utf16_len

ROOT = Path(__file__).resolve().parents[2]


def rss(urls: list[str]) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>{u}</link></item>" for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>{items}</channel></rss>'


class HeldSite:
    """A loopback web site whose pages in `held` are not sent until `release` is set."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str]] = {}
        self.held: set[str] = set()
        self.release = asyncio.Event()
        self.requests: list[str] = []
        self.base_url = ""

    def add(self, path: str, body: str, content_type: str = "text/plain; charset=utf-8") -> str:
        self.pages[path] = (content_type, body)
        return self.base_url + path

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        if request.path in self.held:
            await self.release.wait()
        if request.path not in self.pages:
            return web.Response(status=404, text="not found")
        content_type, body = self.pages[request.path]
        return web.Response(body=body.encode(), headers={"Content-Type": content_type})


@pytest_asyncio.fixture(loop_scope="function")
async def held_site() -> AsyncIterator[HeldSite]:
    site = HeldSite()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", site.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    site.base_url = f"http://127.0.0.1:{server._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    yield site
    site.release.set()
    await runner.cleanup()


@pytest_asyncio.fixture(loop_scope="function")
async def tarpit() -> AsyncIterator[str]:
    """A server that answers every request with its headers one byte every half second, for a minute."""
    writers: list[asyncio.StreamWriter] = []

    async def dribble(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"a" * 200
        try:
            for byte in head[:120]:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(0.5)
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(dribble, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    server.close()
    for writer in writers:
        writer.close()
    await server.wait_closed()


# -- feeds: a slice per poll, each entry stored and remembered as it comes ---------------------------


async def test_a_big_feed_is_taken_a_slice_at_a_time_each_entry_stored_as_it_arrives(
    api: LoopbackBotAPI, bot: Any, held_site: HeldSite, engine: Engine
) -> None:
    entries = [
        held_site.add(
            f"/e{i}.txt",
            article(f"Report {i}", "2022-05-21", f"Russian troops shelled the outskirts of Zarichne for the {i + 1}th time on Saturday, officials said."),
        )
        for i in range(FEED_ENTRIES_PER_POLL + 10)
    ]
    held_site.held.add("/e3.txt")
    feed = held_site.add("/feed.xml", rss(entries), "application/rss+xml")
    store = bot.bot_data.store
    await ask(api, ADMIN, f"/addfeed {feed}")
    # While the fourth entry is held back, the first three are already stored and remembered.
    await api.wait_until(
        lambda: engine.stats().store.articles == 1 + 3 and not store.unseen_entries(entries[:3]),
        30, "the first three entries stored before the fourth arrives",
    )
    held_site.release.set()
    await api.wait_until(lambda: engine.stats().store.articles == 1 + FEED_ENTRIES_PER_POLL, 60, "one slice stored")
    await api.wait_until(lambda: not engine.index_behind(), 60, "the slice published")
    assert not {f"/e{i}.txt" for i in range(FEED_ENTRIES_PER_POLL, len(entries))} & set(held_site.requests)
    assert store.unseen_entries(entries) == entries[FEED_ENTRIES_PER_POLL:]


# -- fetches have a pool of their own ------------------------------------------------------------------


@pytest.mark.timeout(120)
async def test_slow_fetches_never_hold_up_a_users_question(api: LoopbackBotAPI, bot: Any, tarpit: str) -> None:
    for n in range(6):
        api.send_text(ADMIN, f"/addfeed {tarpit}/feed{n}.xml")
    await asyncio.sleep(1.5)  # all six are being fetched, a byte every half second
    started = time.monotonic()
    [answer] = await ask(api, USER, "who holds Rubizhne?", timeout=40)
    took = time.monotonic() - started
    assert "Rubizhne" in answer.text
    assert took < 10, f"the question waited {took:.0f} s behind the fetches"


# -- every message fits ------------------------------------------------------------------------------------


async def test_watching_fifty_long_places_is_split_and_keeps_working(api: LoopbackBotAPI, bot: Any) -> None:
    store = bot.bot_data.store
    places = [f"Place & {n:02d} " + "Velyka Novosilka-" * 4 for n in range(50)]
    for n, place in enumerate(places):
        store.add_watch(USER, f"key{n}", place[:80], "en")
    for _ in range(2):  # and again: the list is not broken for this chat
        before = len(api.sent(USER))
        api.send_text(USER, "/watching")
        await api.wait_until(lambda n=before: len(api.sent(USER)) >= n + 2, 20, "the list, in several messages")
        await asyncio.sleep(0.5)
        listing = api.sent(USER)[before:]
        assert all(utf16_len(m.text) <= MAX_MESSAGE for m in listing)
        shown = "\n".join(m.text for m in listing)
        assert all(place[:80].strip() in shown for place in places)


async def test_a_4096_character_command_is_answered_with_a_short_echo(api: LoopbackBotAPI, bot: Any) -> None:
    command = "/" + "x" * 4095
    [reply] = await ask(api, USER, command, entities=[{"type": "bot_command", "offset": 0, "length": len(command)}])
    assert reply.text.startswith("I don't know /xxx") and utf16_len(reply.text) < 300


# -- a full disk ------------------------------------------------------------------------------------------


@pytest.mark.timeout(180)
async def test_on_a_full_disk_the_bot_still_answers_and_logs_an_error(
    api: LoopbackBotAPI, settings: BotSettings, sample_template: Path, embedder: Embedder,
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    with small_tmpfs(tmp_path / "disk", 32) as disk:
        shutil.copytree(sample_template, disk / "data")
        engine = make_engine(disk / "data", embedder)
        try:
            async with running(build_application(settings, engine), settings):
                [first] = await ask(api, USER, "who holds Rubizhne?")
                assert "Rubizhne" in first.text
                filler = await asyncio.to_thread(fill, disk)
                caplog.clear()
                with caplog.at_level(logging.ERROR):
                    [reply] = await ask(api, USER, "who holds Rubizhne?", timeout=60)
                    await asyncio.sleep(1)
                assert "Rubizhne" in reply.text or "disk is full" in reply.text
                assert len(api.sent(USER)) == 2  # one reply, not a reply and a notice
                assert any(r.levelno >= logging.ERROR for r in caplog.records)
                filler.unlink()
        finally:
            engine.close()


# -- the command line never prints the token ---------------------------------------------------------


@pytest_asyncio.fixture(loop_scope="function")
async def echoing_api() -> AsyncIterator[str]:
    """A Bot API that refuses every call with an error that echoes the request path (token and all)."""

    async def refuse(request: web.Request) -> web.Response:
        body = {"ok": False, "error_code": 400, "description": f"Bad Request: no such method {request.path}"}
        return web.json_response(body, status=400)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", refuse)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    yield f"http://127.0.0.1:{server._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    await runner.cleanup()


@pytest.mark.timeout(180)
async def test_the_command_lines_error_line_never_shows_the_token(
    echoing_api: str, sample_template: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(sample_template, data)
    env = {
        **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"{echoing_api}/bot",
        "FRONTLINE_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1",
    }
    for args in (["serve"], ["-v", "serve"]):
        done = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", *args, cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(done.communicate(), 150)
        text = out.decode() + err.decode()
        assert done.returncode != 0
        assert "no such method" in text.lower()  # the error is reported …
        assert TOKEN.split(":")[1].lower() not in text.lower()  # … without the token, in any case
