"""Admin commands (checked against user ids in FRONTLINE_ADMIN_IDS), feed polling and watch notifications.

`build_application` registers each admin command with a `filters.User` filter
on the admin ids and, after them, `refuse` for the same commands, so anyone
else is refused before anything runs. Long work (fetching, embedding) runs in
worker threads; questions keep being answered meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError

from bot import render
from bot.context import Context
from bot.handlers import friendly, remember, send
from bot.texts import Html, lang_of, t
from index.articles import FeedEntry, fetch_feed, without_credentials
from index.engine import Engine, IngestReport
from index.errors import BadArticle, Busy, DiskFull, FrontlineError
from index.models import Article, Claim
from index.phrases import format_date

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 2.0  # seconds between two edits of a progress message
FEEDBACK_ITEMS = 10
# Entries of one feed fetched per poll: a feed of 400 huge items is taken in
# slices, each item stored as it comes, never all in memory at once.
FEED_ENTRIES_PER_POLL = 20


def _url_arg(context: Context) -> str | None:
    url = (context.args or [""])[0].strip() if context.args else ""
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None


def _show(text: str) -> str:
    """Return a URL or reason short enough to quote in a message."""
    return render.shorten(text, 300)


def _reply(lang: str, key: str, **values: object) -> list[render.Reply]:
    return [render.Reply(t(lang, key, **values))]


async def _argument(update: Update, context: Context, usage: str) -> tuple[str, str] | None:
    """Return (language, the text after the command), or answer with the usage line and return None."""
    lang = lang_of(update.effective_user)
    text = " ".join(context.args or []).strip()
    if not text:
        await send(update, _reply(lang, usage))
        return None
    return lang, text


class ProgressMessage:
    """One message edited as work goes on ("done/total"), at most once per `interval` seconds.

    The worker thread calls `update(done, total)`; edits happen on the event loop.
    """

    def __init__(self, message: Message, lang: str, interval: float = PROGRESS_INTERVAL) -> None:
        self.message = message
        self.lang = lang
        self.interval = interval
        self._latest: tuple[int, int] | None = None
        self._shown = message.text_html if message.text else ""
        self._last_edit = time.monotonic()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def update(self, done: int, total: int) -> None:
        """Record progress (called from the worker thread; a plain assignment is thread-safe)."""
        self._latest = (done, total)

    async def __aenter__(self) -> Self:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), self.interval)
            except TimeoutError:
                pass
            if self._latest is not None and not self._stop.is_set():
                done, total = self._latest
                await self.edit(t(self.lang, "reindex_progress", done=done, total=total))

    async def edit(self, text: Html) -> None:
        """Edit the message now, unless it already says this; keep the edits `interval` apart."""
        if text == self._shown:
            return
        wait = self.interval - (time.monotonic() - self._last_edit)
        if wait > 0:
            await asyncio.sleep(wait)
        try:
            await self.message.edit_text(text)
        except BadRequest as exc:  # e.g. "message is not modified": nothing to show
            logger.debug("progress edit skipped: %s", exc)
        self._shown = text
        self._last_edit = time.monotonic()


def ingest_summary(report: IngestReport, lang: str) -> Html:
    """Return the reply to an ingest: counts, then one line per rejected item."""
    lines = [
        t(
            lang, "ingest_done", added=len(report.added), updated=len(report.updated),
            unchanged=len(report.unchanged), rejected=len(report.rejected), passages=report.passages,
        )
    ]
    lines += [t(lang, "ingest_rejected", where=_show(bad.where), reason=_show(bad.reason)) for bad in report.rejected]
    return Html("\n".join(lines))


# -- commands ----------------------------------------------------------------------------


async def refuse(update: Update, context: Context) -> None:
    """Refuse an admin command from someone who is not an admin, and log who tried."""
    message = update.effective_message
    user = update.effective_user
    command = render.shorten((message.text or "/").split()[0][1:].split("@")[0] if message else "?", 64)
    logger.warning("refused /%s from user %s (not in FRONTLINE_ADMIN_IDS)", command, user.id if user else "?")
    await send(update, _reply(lang_of(user), "refused", command=command))


async def ingest_command(update: Update, context: Context) -> None:
    """Fetch, extract and index an article from a URL; reply with what was added."""
    lang = lang_of(update.effective_user)
    url = _url_arg(context)
    message = update.effective_message
    if url is None or message is None:
        await send(update, _reply(lang, "ingest_usage"))
        return
    progress = await message.reply_text(t(lang, "ingest_started", url=_show(url)))
    try:
        # The network in the fetch pool, without the admin lock; then store and publish.
        item = await context.bot_data.fetches.run(context.engine.fetch, url)
        report = await asyncio.to_thread(_store_and_publish, context.engine, item)
    except FrontlineError as exc:
        await progress.edit_text(friendly(exc, lang))
        return
    await progress.edit_text(ingest_summary(report, lang))
    await notify_watchers(context, report)


async def reindex_command(update: Update, context: Context) -> None:
    """Rebuild the indexes, editing one progress message as passages are embedded."""
    lang = lang_of(update.effective_user)
    assert update.effective_message is not None
    message = await update.effective_message.reply_text(t(lang, "reindex_started"))
    progress = ProgressMessage(message, lang)
    try:
        async with progress:
            report = await asyncio.to_thread(context.engine.reindex, progress.update)
    except FrontlineError as exc:
        await progress.edit(friendly(exc, lang))
        return
    await progress.edit(t(lang, "reindex_done", passages=report.passages, version=report.version))


async def stats_command(update: Update, context: Context) -> None:
    """Show what is stored and indexed."""
    lang = lang_of(update.effective_user)
    s = await asyncio.to_thread(context.engine.stats)
    text = t(
        lang, "stats", articles=s.store.articles, passages=s.store.passages, outlets=s.store.outlets,
        claims=s.store.claims, oldest=format_date(s.store.oldest, lang), newest=format_date(s.store.newest, lang),
        undated=s.store.undated, version=s.index_version or "-", vectors=s.index_vectors,
        kind=s.index_kind or "-", size=f"{s.index_bytes / 1e6:.1f} MB", model=s.model,
    )
    await send(update, [render.Reply(text)])


async def forget_command(update: Update, context: Context) -> None:
    """Remove an article (by id or URL) and its passages."""
    if (given := await _argument(update, context, "forget_usage")) is None:
        return
    lang, ref = given
    article = await asyncio.to_thread(context.engine.forget, ref)
    name = f"{article.id} ({article.title})" if article.title else article.id
    await send(update, _reply(lang, "forget_done", article=_show(name)))


async def rollback_command(update: Update, context: Context) -> None:
    """Serve the previous complete index version."""
    version = await asyncio.to_thread(context.engine.rollback)
    await send(update, _reply(lang_of(update.effective_user), "rollback_done", version=version))


async def addfeed_command(update: Update, context: Context) -> None:
    """Start polling an RSS or Atom feed; its entries are ingested right away."""
    lang = lang_of(update.effective_user)
    url = _url_arg(context)
    if url is None:
        await send(update, _reply(lang, "addfeed_usage"))
        return
    url = without_credentials(url) or url  # never stored, never listed by /feeds
    entries = await context.bot_data.fetches.run(_fetch_feed, context.engine, url)
    user_id = update.effective_user.id if update.effective_user else None
    if not await asyncio.to_thread(context.store.add_feed, url, user_id):
        await send(update, _reply(lang, "addfeed_exists", url=_show(url)))
        return
    minutes = max(1, round(context.settings.feed_interval / 60))
    await send(update, _reply(lang, "addfeed_ok", url=_show(url), minutes=minutes, entries=len(entries)))
    if context.job_queue is not None:
        # JobQueue's callback type is generic over a context type mypy cannot infer here.
        context.job_queue.run_once(poll_feeds, 0, name="poll-feeds-now")  # type: ignore[arg-type]


async def feeds_command(update: Update, context: Context) -> None:
    """List the polled feeds with entries seen, last poll and last error."""
    lang = lang_of(update.effective_user)
    feeds = await asyncio.to_thread(context.store.feeds)
    if not feeds:
        await send(update, _reply(lang, "feeds_empty"))
        return
    lines = [
        t(
            lang, "feeds_line", url=_show(f["url"]), entries=f["entries"], polled=f["polled_at"] or t(lang, "feeds_never"),
            error=t(lang, "feeds_error", error=_show(f["last_error"])) if f["last_error"] else "",
        )
        for f in feeds
    ]
    await send(update, [render.Reply(m) for m in render.pack([t(lang, "feeds", lines=Html("\n".join(lines)))])])


async def dropfeed_command(update: Update, context: Context) -> None:
    """Stop polling a feed."""
    if (given := await _argument(update, context, "dropfeed_usage")) is None:
        return
    lang, url = given
    dropped = await asyncio.to_thread(context.store.drop_feed, url)
    await send(update, _reply(lang, "dropfeed_ok" if dropped else "dropfeed_missing", url=_show(url)))


async def feedback_command(update: Update, context: Context) -> None:
    """List the answers users voted 👎, with their question and cited passages."""
    lang = lang_of(update.effective_user)
    voted = await asyncio.to_thread(context.store.downvoted_answers, FEEDBACK_ITEMS)
    if not voted:
        await send(update, _reply(lang, "feedback_empty"))
        return
    paragraphs = [str(t(lang, "feedback"))]
    for item in voted:
        passages = await asyncio.to_thread(context.engine.passages, item["passage_ids"])
        lines = [t(lang, "feedback_item", votes=item["votes"], question=render.shorten(item["question"], 300))]
        lines += [
            t(lang, "feedback_passage", passage=f"{pid}: " + render.shorten(passages[pid].text if pid in passages else "—", 200))
            for pid in item["passage_ids"]
        ]
        paragraphs.append("\n".join(lines))
    await send(update, [render.Reply(m) for m in render.pack(paragraphs)])


# -- feeds and watches -----------------------------------------------------------------------


def _store_and_publish(engine: Engine, item: Article | BadArticle) -> IngestReport:
    report = engine.add([item])
    engine.publish_pending(report)
    return report


def _fetch_feed(engine: Engine, url: str) -> list[FeedEntry]:
    settings = engine.settings
    return fetch_feed(url, timeout=settings.fetch_timeout, allow_private=settings.allow_private_urls)


async def poll_feed(context: Context, feed_url: str) -> IngestReport | None:
    """Ingest up to FEED_ENTRIES_PER_POLL entries of a feed never seen before; None when none ran.

    Each entry is fetched (in the fetch pool, no lock held), stored and
    remembered as seen before the next is fetched: a poll holds one page at a
    time, and a bot stopped half-way does not fetch the first half again. The
    entries stored are published once at the end. While another admin
    operation runs (Busy), the entry in hand is not remembered and the next
    poll tries it again.
    """
    engine, store, fetches = context.engine, context.store, context.bot_data.fetches
    try:
        entries = await fetches.run(_fetch_feed, engine, feed_url)
    except FrontlineError as exc:
        await asyncio.to_thread(store.feed_polled, feed_url, str(exc))
        return None
    fresh = await asyncio.to_thread(store.unseen_entries, [e.url for e in entries])
    if len(fresh) > FEED_ENTRIES_PER_POLL:
        logger.info("feed %s: %d new entries; %d now, the rest at the next polls", feed_url, len(fresh), FEED_ENTRIES_PER_POLL)
    report = IngestReport()
    for url in fresh[:FEED_ENTRIES_PER_POLL]:
        item = await fetches.run(engine.fetch, url)
        rejected = len(report.rejected)
        await asyncio.to_thread(engine.add, [item], report)
        error = report.rejected[-1].reason if len(report.rejected) > rejected else None
        article_id = item.id if isinstance(item, Article) and error is None else None
        await asyncio.to_thread(store.mark_entry_seen, url, feed_url, article_id, error)
    if fresh:
        await asyncio.to_thread(engine.publish_pending, report)
    await asyncio.to_thread(store.feed_polled, feed_url, None)
    return report if fresh else None


async def poll_feeds(context: Context) -> None:
    """Poll every feed once (a JobQueue job); tell watchers about new claims."""
    async with context.bot_data.feed_lock:
        for feed in await asyncio.to_thread(context.store.feeds):
            try:
                report = await poll_feed(context, feed["url"])
            except Busy:
                logger.info("feed poll postponed: another admin operation is running")
                return
            except DiskFull:
                logger.error("feed poll stopped: the data directory's disk is full")
                return
            if report is not None:
                logger.info("feed %s: %d added, %d updated", feed["url"], len(report.added), len(report.updated))
                await notify_watchers(context, report)


async def notify_watchers(context: Context, report: IngestReport) -> int:
    """Message each chat watching a place that the newly ingested articles make claims about.

    A chat hears about each claim once: claims it was told about are remembered.
    Returns the number of chats messaged.
    """
    claims = await asyncio.to_thread(context.engine.claims_in, report.added + report.updated)
    by_key: dict[str, list[Claim]] = defaultdict(list)
    # Watches are kept by place identity (any spelling, a shared name narrowed or not).
    keyed = await asyncio.to_thread(lambda: [(c, context.engine.watch_keys(c)) for c in claims])
    for claim, keys in keyed:
        for key in keys:
            by_key[key].append(claim)
    told = 0
    for watch in await asyncio.to_thread(context.store.watchers, list(by_key)):
        chat_id, key = int(watch["chat_id"]), str(watch["place_key"])
        new_ids = await asyncio.to_thread(context.store.claim_unnotified, chat_id, [c.id for c in by_key[key]])
        if not new_ids:
            continue
        new = [c for c in by_key[key] if c.id in new_ids]
        answer = await asyncio.to_thread(context.engine.explain_claims, new, str(watch["lang"]))
        answer_id = await remember(context, answer, chat_id, None)
        try:
            for reply in render.notification_replies(str(watch["place"]), answer, answer_id):
                await context.bot.send_message(chat_id, reply.text, reply_markup=reply.keyboard)
        except TelegramError as exc:  # e.g. the user blocked the bot: not worth retrying
            logger.warning("could not notify chat %s about %s: %s", chat_id, key, exc)
        await asyncio.to_thread(context.store.mark_notified, chat_id, new_ids)
        told += 1
    return told
