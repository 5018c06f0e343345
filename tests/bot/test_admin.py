"""Admin commands from Telegram: ingest, reindex, stats, forget, rollback, feeds, and refusals."""

from __future__ import annotations

import itertools
import logging
from typing import Any

import pytest

from bot.app import build_application, running
from bot.settings import BotSettings
from index.engine import Engine
from tests.bot.conftest import ADMIN, OTHER, USER, Site, article, ask
from tests.support.loopback_api import LoopbackBotAPI

ARTICLE = article(
    "Fighting around Zarichne",
    "2022-05-20",
    "Ukrainian forces pushed Russian units out of the village of Zarichne on Thursday, a local "
    "official said, adding that the claim could not be independently verified.\n\n"
    "Residents of Zarichne reported shelling overnight, and the bridge over the river was damaged.",
)


async def test_an_admin_ingests_a_url_and_its_article_is_answered_from(
    api: LoopbackBotAPI, bot: Any, site: Site, engine: Engine
) -> None:
    url = site.add("/zarichne.txt", ARTICLE)
    [progress] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: "Done" in progress.text, 30, "the ingest summary")
    assert progress.text.startswith("Done: added 1, updated 0, unchanged 0, rejected 0")
    assert progress.history[0].startswith("Fetching and indexing")
    [answer] = await ask(api, USER, "what happened to the bridge in Zarichne?")
    assert "127.0.0.1" in answer.text and "bridge" in answer.text  # the host, not its "source:" line


async def test_a_bad_url_is_reported_with_the_reason(api: LoopbackBotAPI, bot: Any, site: Site) -> None:
    [progress] = await ask(api, ADMIN, f"/ingest {site.base_url}/missing")
    await api.wait_until(lambda: "rejected" in progress.text or "Could not" in progress.text, 30, "the ingest reply")
    assert "404" in progress.text


@pytest.mark.parametrize("text", ["/ingest", "/ingest not-a-url", "/ingest ftp://example.com/a"])
async def test_ingest_without_an_http_url_gets_the_usage_line(api: LoopbackBotAPI, bot: Any, text: str) -> None:
    [reply] = await ask(api, ADMIN, text)
    assert reply.text.startswith("Usage: /ingest <url>")


async def test_reindex_edits_one_progress_message_while_others_get_answers(
    api: LoopbackBotAPI, settings: BotSettings, corpus_engine: Engine
) -> None:
    async with running(build_application(settings, corpus_engine), settings):
        before = corpus_engine.stats().index_version
        total = corpus_engine.stats().store.passages
        api.send_text(ADMIN, "/reindex")
        await api.wait_for_messages(ADMIN, 1)
        api.send_text(ADMIN, "/reindex")  # a second one while the first runs
        answers = [await ask(api, OTHER, "who holds Rubizhne?") for _ in range(3)]
        [progress, busy] = await api.wait_for_messages(ADMIN, 2)
        await api.wait_until(lambda: busy.text.startswith("Another ingest, reindex or rollback is running"), 20, "the second /reindex told to wait")
        await api.wait_until(lambda: progress.text.startswith("Reindexed"), 60, "the reindex summary")
    assert progress.text == f"Reindexed: {total} passages; now serving index version {before + 1}."
    assert progress.history[0] == "Reindexing …"
    assert all(h.startswith("Reindexing: ") and f"/{total} passages" in h for h in progress.history[1:])
    edits = [c.at for c in api.calls("editMessageText") if c.params["message_id"] == progress.message_id]
    assert all(b - a >= 1.95 for a, b in itertools.pairwise(edits))
    finished = edits[-1]
    answered = [c.at for c in api.calls("sendMessage") if c.params["chat_id"] == OTHER]
    assert len(answered) == 3 and all(at < finished for at in answered)
    assert all("Newsweek" in a[0].text for a in answers)


async def test_stats_forget_and_rollback(api: LoopbackBotAPI, bot: Any, engine: Engine) -> None:
    [stats] = await ask(api, ADMIN, "/stats")
    assert "articles: 1" in stats.text and f"passages: {engine.stats().store.passages}" in stats.text
    [forgot] = await ask(api, ADMIN, "/forget newsweek-2022-05-10-kharkiv")
    assert forgot.text.startswith("Forgot newsweek-2022-05-10-kharkiv (Russia Rapidly Retreating")
    assert engine.stats().store.articles == 0
    [again] = await ask(api, ADMIN, "/forget newsweek-2022-05-10-kharkiv")
    assert again.text.startswith("No stored article has that id or URL")
    version = engine.stats().index_version
    [rolled] = await ask(api, ADMIN, "/rollback")
    assert rolled.text == f"Now serving index version {version - 1}."


@pytest.mark.parametrize("command", ["/ingest http://127.0.0.1:9/x", "/reindex", "/stats", "/forget x", "/rollback", "/addfeed http://127.0.0.1:9/f", "/feeds", "/dropfeed x", "/feedback"])
async def test_a_non_admin_is_refused_logged_and_nothing_runs(
    api: LoopbackBotAPI, bot: Any, engine: Engine, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.admin")
    before = engine.stats()
    [reply] = await ask(api, USER, command)
    name = command.split()[0][1:]
    assert reply.text == f"Sorry, /{name} is for the bot's admins only."
    assert f"refused /{name} from user {USER}" in caplog.text
    after = engine.stats()
    assert (after.index_version, after.store.articles) == (before.index_version, before.store.articles)
    assert not bot.bot_data.store.feeds()


async def test_feeds_are_polled_and_each_entry_ingested_once(
    api: LoopbackBotAPI, bot: Any, site: Site, engine: Engine
) -> None:
    first = site.add("/a.txt", article("Report one", "2022-05-21", "Russian troops shelled the outskirts of Zarichne on Saturday, officials said."))
    second = site.add("/b.txt", article("Report two", "2022-05-22", "Ukrainian engineers repaired the damaged bridge near Zarichne on Sunday, officials said."))
    feed = site.add("/feed.xml", rss([first, second]), "application/rss+xml")
    [added] = await ask(api, ADMIN, f"/addfeed {feed}")
    assert added.text == f"Polling {feed} every 60 min; it has 2 entries now."
    await api.wait_until(lambda: engine.stats().store.articles == 3, 30, "both entries ingested")
    # The feed repeats both entries and adds a third: only the third is fetched.
    third = site.add("/c.txt", article("Report three", "2022-05-23", "Shelling of Zarichne continued on Monday, officials said."))
    site.add("/feed.xml", rss([first, second, third]), "application/rss+xml")
    bot.job_queue.run_once(poll_now, 0)
    await api.wait_until(lambda: engine.stats().store.articles == 4, 30, "the new entry ingested")
    # An entry is remembered once its ingest has published (the article is counted before).
    await api.wait_until(lambda: bot.bot_data.store.feeds()[0]["entries"] == 3, 60, "the new entry remembered")
    assert site.requests.count("/a.txt") == 1 and site.requests.count("/b.txt") == 1 and site.requests.count("/c.txt") == 1
    [feeds] = await ask(api, ADMIN, "/feeds")
    assert f"{feed}: 3 entries seen" in feeds.text
    [again] = await ask(api, ADMIN, f"/addfeed {feed}")
    assert again.text == f"{feed} is already polled."
    [dropped] = await ask(api, ADMIN, f"/dropfeed {feed}")
    assert dropped.text == f"Stopped polling {feed}."
    [empty] = await ask(api, ADMIN, "/feeds")
    assert empty.text.startswith("No feeds.")


async def poll_now(context: Any) -> None:
    from bot.admin import poll_feeds

    await poll_feeds(context)


def rss(urls: list[str]) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>{u}</link></item>" for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>{items}</channel></rss>'


async def test_a_url_that_is_not_a_feed_is_not_added(api: LoopbackBotAPI, bot: Any, site: Site) -> None:
    url = site.add("/page.txt", ARTICLE)
    [reply] = await ask(api, ADMIN, f"/addfeed {url}")
    assert reply.text.startswith("Could not fetch it:") and "not an RSS or Atom feed" in reply.text
    assert not bot.bot_data.store.feeds()
