"""/ingest and /addfeed never reach inside our network (no server-side request forgery) unless
FRONTLINE_ALLOW_PRIVATE_URLS allows it; other schemes get the usage line."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.app import build_application, running
from bot.settings import BotSettings
from index.embedding import Embedder
from index.engine import Engine
from tests.bot.conftest import ADMIN, USER, Site, article, ask
from tests.bot.test_admin import rss
from tests.conftest import make_engine
from tests.support.loopback_api import LoopbackBotAPI

PAGE = article("Zarichne", "2022-05-20", "Russian forces shelled the village of Zarichne on Monday, officials said.")


@pytest.fixture()
def public_only(sample_template: Path, tmp_path: Path, embedder: Embedder) -> Iterator[Engine]:
    """An engine as deployed: FRONTLINE_ALLOW_PRIVATE_URLS unset."""
    data = tmp_path / "data"
    shutil.copytree(sample_template, data)
    engine = make_engine(data, embedder)
    assert not engine.settings.allow_private_urls
    yield engine
    engine.close()


@pytest_asyncio.fixture(loop_scope="function")
async def deployed(api: LoopbackBotAPI, settings: BotSettings, public_only: Engine) -> AsyncIterator[Any]:
    application = build_application(settings, public_only)
    async with running(application, settings):
        yield application


def private_urls(site: Site) -> list[str]:
    port = site.base_url.rsplit(":", 1)[1]
    return [
        f"{site.base_url}/zarichne.txt",  # loopback, and a real page is there
        f"http://localhost:{port}/zarichne.txt",
        f"http://[::1]:{port}/zarichne.txt",
        f"http://0.0.0.0:{port}/zarichne.txt",
        "http://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
    ]


async def test_an_admin_is_told_why_an_internal_url_is_refused_and_nothing_is_fetched(
    api: LoopbackBotAPI, deployed: Any, site: Site, public_only: Engine
) -> None:
    site.add("/zarichne.txt", PAGE)
    for url in private_urls(site):
        [progress] = await ask(api, ADMIN, f"/ingest {url}")
        await api.wait_until(lambda: progress.text.startswith("Done"), 30, "the ingest summary")  # noqa: B023
        assert "rejected 1" in progress.text and "non-public address" in progress.text, (url, progress.text)
    assert site.requests == []  # no connection was even made
    assert public_only.stats().store.articles == 1  # the sample only


async def test_an_internal_feed_is_refused_and_not_added(
    api: LoopbackBotAPI, deployed: Any, site: Site
) -> None:
    feed = site.add("/feed.xml", rss([f"{site.base_url}/zarichne.txt"]), "application/rss+xml")
    [reply] = await ask(api, ADMIN, f"/addfeed {feed}")
    assert reply.text.startswith("Could not fetch it:") and "non-public address" in reply.text
    assert site.requests == [] and not deployed.bot_data.store.feeds()


@pytest.mark.parametrize(
    "command",
    ["/ingest file:///etc/passwd", "/ingest gopher://127.0.0.1:70/x", "/addfeed ftp://example.com/feed", "/addfeed javascript:alert(1)"],
)
async def test_other_schemes_get_the_usage_line(api: LoopbackBotAPI, deployed: Any, command: str) -> None:
    [reply] = await ask(api, ADMIN, command)
    assert reply.text.startswith(f"Usage: {command.split()[0]} <")


async def test_a_non_admin_cannot_make_the_bot_fetch_anything(api: LoopbackBotAPI, deployed: Any, site: Site) -> None:
    site.add("/zarichne.txt", PAGE)
    for command in (f"/ingest {site.base_url}/zarichne.txt", f"/addfeed {site.base_url}/zarichne.txt"):
        [reply] = await ask(api, USER, command)
        assert reply.text.endswith("is for the bot's admins only.")
    assert site.requests == []
