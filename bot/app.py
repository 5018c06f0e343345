"""Wire the bot: `build_application()` (handlers, error handler, post_init) and `serve()`.

Start-up work that needs the network or the model (command menus, warming the
engine) runs in `post_init`; settings are read once in `serve()` and passed down.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import admin, handlers
from bot.context import CONTEXT_TYPES, Context, Throttle
from bot.fetching import FetchPool
from bot.heartbeat import BEAT_EVERY, heartbeat_job
from bot.journal import (
    JournaledUpdates,
    JournalFirst,
    UpdateJournal,
    answering_for,
    bot_id_of,
    may_have_arrived,
)
from bot.redaction import redact_in_logs
from bot.settings import BotSettings
from bot.store import BotStore
from bot.texts import ADMIN_COMMANDS, LANGS, USER_COMMANDS
from bot.webhook import Webhook
from index.engine import Engine

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
ANSWER_DAYS = 30  # buttons of older answers say "expired"
NETWORK_RETRIES = 4
FIRST_BACKOFF = 0.5  # seconds before the first retry of a failed request; doubled each time


class PatientRateLimiter(AIORateLimiter):
    """AIORateLimiter (Telegram's flood limits, retries after 429) that also retries
    server errors, failed connections and timeouts with exponential back-off.

    A request that may have reached Telegram (a read timeout, a connection lost
    mid-answer) is retried only when doing it twice does no harm (an edit, a
    button's answer, "typing…"): a message sent again would arrive twice.

    Every call that a user sees, made while handling an update, goes through
    the update journal (`bot.journal`): a call made before a crash is not made
    again when the update is handled again after the restart.
    """

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        answering = answering_for(endpoint)
        if answering is not None:
            seq, earlier = answering.next_call(endpoint)
            if earlier is not None:
                return earlier
            callback = answering.journaled(seq, endpoint, callback)
        delay = FIRST_BACKOFF
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as exc:
                if attempt == NETWORK_RETRIES or not _safe_to_retry(exc, endpoint):
                    raise
                logger.info("%s failed (%s); retrying in %.1f s", endpoint, exc.message, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")


def _safe_to_retry(exc: NetworkError, endpoint: str) -> bool:
    # BadRequest, Forbidden … are NetworkErrors too, but asking again cannot fix them.
    if type(exc) not in (NetworkError, TimedOut):
        return False
    return idempotent(endpoint) or not may_have_arrived(exc)


def idempotent(endpoint: str) -> bool:
    """Tell whether making a Bot API call twice has the effect of making it once."""
    return endpoint == "sendChatAction" or not endpoint.startswith(("send", "forward", "copy"))


class PendingUpdates(asyncio.Queue[object]):
    """The update queue, bounded by the updates not yet handled (not just not yet taken).

    python-telegram-bot takes each update off its queue at once when it handles
    updates concurrently, so a plain `maxsize` would bound nothing. Here `put`
    waits while `limit` updates are queued or being handled: fetching from
    Telegram pauses, and a flood cannot grow memory without bound.

    With a journal, each update is journaled before it is queued (so before
    python-telegram-bot confirms it to Telegram), and one journaled before is
    not queued again.
    """

    def __init__(self, limit: int, journal: UpdateJournal | None = None) -> None:
        super().__init__()
        self.limit = limit
        self.journal = journal
        self.pending = 0
        self._room = asyncio.Event()

    async def put(self, item: object) -> None:
        if self.journal is not None and isinstance(item, Update) and not await self.journal.receive(item):
            return
        while self.pending >= self.limit:
            self._room.clear()
            await self._room.wait()
        self.pending += 1
        # Not super().put(): it calls self.put_nowait, which would count the item twice.
        super().put_nowait(item)

    def put_nowait(self, item: object) -> None:
        if self.journal is not None and isinstance(item, Update):
            raise TypeError("updates are journaled on the way in: use `await put(update)`")
        if self.pending >= self.limit:
            raise asyncio.QueueFull
        self.pending += 1
        super().put_nowait(item)

    def put_replayed(self, update: Update) -> None:
        """Queue an update journaled before a restart (already journaled; over the limit if need be)."""
        self.pending += 1
        super().put_nowait(update)

    def task_done(self) -> None:
        super().task_done()
        self.pending = max(0, self.pending - 1)
        self._room.set()


def setup_logging() -> None:
    """Log our own progress at INFO; keep httpx (request URLs hold the token) at WARNING."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for name in ("bot", "index", "telegram.ext.Application"):
        logging.getLogger(name).setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)


# -- start-up and shutdown -------------------------------------------------------------------


def command_menu(commands: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, text) for name, text in commands]


async def replay_unfinished(application: Application[Any, Context, Any, Any, Any, Any]) -> int:
    """Queue the updates a crash cut off, ahead of any new one; return how many."""
    journal = application.bot_data.journal
    pruned = await journal.prune()
    if pruned:
        logger.info("forgot %d updates handled over two days ago", pruned)
    queue = application.update_queue
    assert isinstance(queue, PendingUpdates)
    updates = await journal.unfinished(application.bot)
    for update in updates:
        queue.put_replayed(update)
    if updates:
        logger.info("handling %d updates again that were cut off when the bot stopped", len(updates))
    return len(updates)


async def post_init(application: Application[Any, Context, Any, Any, Any, Any]) -> None:
    """Queue updates a crash cut off, warm the engine up off the loop, register the command menus."""
    data = application.bot_data
    await replay_unfinished(application)
    await asyncio.to_thread(data.engine.warm_up)
    bot = application.bot
    for lang in LANGS:
        code = None if lang == "en" else lang  # English is the menu for every other language
        await bot.set_my_commands(command_menu(USER_COMMANDS[lang]), BotCommandScopeDefault(), code)
    for admin_id in sorted(data.settings.admin_ids):
        for lang in LANGS:
            menu = command_menu(USER_COMMANDS[lang] + ADMIN_COMMANDS[lang])
            try:
                await bot.set_my_commands(menu, BotCommandScopeChat(admin_id), None if lang == "en" else lang)
            except BadRequest as exc:  # the admin has not opened a chat with the bot yet
                logger.warning("admin %s: command menu not set (%s)", admin_id, exc.message)
                break


async def post_shutdown(application: Application[Any, Context, Any, Any, Any, Any]) -> None:
    """Stop the fetch pool and close the bot's own database connections; leave no heartbeat behind."""
    application.bot_data.fetches.shutdown()
    application.bot_data.store.close()
    application.bot_data.journal.close()
    if application.bot_data.settings.heartbeat_file is not None:
        application.bot_data.settings.heartbeat_file.unlink(missing_ok=True)


async def prune_answers(context: Context) -> None:
    """Forget stored answers older than ANSWER_DAYS days; their buttons then say "expired"."""
    before = datetime.now(UTC) - timedelta(days=ANSWER_DAYS)
    removed = await asyncio.to_thread(context.store.prune_answers, before)
    logger.info("pruned %d stored answers", removed)
    await context.bot_data.journal.prune()


def build_application(settings: BotSettings, engine: Engine) -> Application[Any, Context, Any, Any, Any, Any]:
    """Return the bot's Application: handlers, error handler, rate limits, start-up work.

    Raises:
        ValueError: TELEGRAM_BOT_TOKEN is not set.
    """
    token = settings.require_token()
    redact_in_logs(token)
    redact_in_logs(settings.webhook_secret.get_secret_value())
    # In webhook mode the reply to Telegram's POST confirms the update: sync the journal first.
    journal = UpdateJournal(engine.settings.db_path, bot_id_of(token), flush_each=bool(settings.webhook_url))
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.removesuffix("/bot") + "/file/bot")
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True), allow_sending_without_reply=True))
        .rate_limiter(PatientRateLimiter(max_retries=5))
        .get_updates_request(JournalFirst(journal))
        .concurrent_updates(JournaledUpdates(settings.concurrency, journal))
        .update_queue(PendingUpdates(settings.max_pending_updates, journal))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    data = application.bot_data
    data.engine, data.settings = engine, settings
    data.store = BotStore(engine.settings.db_path)
    data.journal = journal
    data.throttle = Throttle(settings.user_rate)
    data.feed_lock = asyncio.Lock()
    data.fetches = FetchPool()
    data.map_users = set()

    new = filters.UpdateType.MESSAGE  # edits of old messages are not new questions or commands
    admins = filters.User(user_id=settings.admin_ids) & new
    application.add_handler(TypeHandler(Update, handlers.throttle), group=-1)
    application.add_handler(CommandHandler("start", handlers.start_command, filters=new))
    application.add_handler(CommandHandler("help", handlers.help_command, filters=new))
    application.add_handler(CommandHandler("sources", handlers.sources_command, filters=new))
    application.add_handler(CommandHandler("timeline", handlers.timeline_command, filters=new))
    application.add_handler(CommandHandler("map", handlers.map_command, filters=new))
    application.add_handler(CommandHandler("watch", handlers.watch_command, filters=new))
    application.add_handler(CommandHandler("unwatch", handlers.unwatch_command, filters=new))
    application.add_handler(CommandHandler("watching", handlers.watching_command, filters=new))
    application.add_handler(CommandHandler("ingest", admin.ingest_command, filters=admins))
    application.add_handler(CommandHandler("reindex", admin.reindex_command, filters=admins))
    application.add_handler(CommandHandler("stats", admin.stats_command, filters=admins))
    application.add_handler(CommandHandler("forget", admin.forget_command, filters=admins))
    application.add_handler(CommandHandler("rollback", admin.rollback_command, filters=admins))
    application.add_handler(CommandHandler("addfeed", admin.addfeed_command, filters=admins))
    application.add_handler(CommandHandler("feeds", admin.feeds_command, filters=admins))
    application.add_handler(CommandHandler("dropfeed", admin.dropfeed_command, filters=admins))
    application.add_handler(CommandHandler("feedback", admin.feedback_command, filters=admins))
    application.add_handler(CommandHandler([c for c, _ in ADMIN_COMMANDS["en"]], admin.refuse, filters=new))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & new & handlers.ADDRESSED, handlers.question))
    application.add_handler(MessageHandler(filters.COMMAND & new & filters.ChatType.PRIVATE, handlers.unknown_command))
    application.add_handler(MessageHandler(~filters.TEXT & new & filters.ChatType.PRIVATE, handlers.text_only))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_error_handler(handlers.error_handler)

    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(admin.poll_feeds, interval=settings.feed_interval, first=settings.feed_interval, name="poll-feeds")
    application.job_queue.run_repeating(prune_answers, interval=timedelta(days=1), first=60, name="prune-answers")
    if settings.heartbeat_file is not None:
        application.job_queue.run_repeating(heartbeat_job, interval=BEAT_EVERY, data=settings, name="heartbeat")
    return application


# -- running ------------------------------------------------------------------------------


def polling_options(settings: BotSettings) -> dict[str, Any]:
    """Options of long polling; pending updates are kept, so no question sent while down is lost."""
    return {"allowed_updates": ALLOWED_UPDATES, "drop_pending_updates": False, "bootstrap_retries": 5}


@asynccontextmanager
async def running(
    application: Application[Any, Context, Any, Any, Any, Any], settings: BotSettings
) -> AsyncIterator[Application[Any, Context, Any, Any, Any, Any]]:
    """Run the application inside an existing event loop, in the mode `serve` would use.

    `serve` uses python-telegram-bot's `run_polling` for long polling, which
    owns the event loop; this does the same steps for callers that already have
    one (tests, the soak run, and `serve` in webhook mode). The webhook is our
    own server (`bot.webhook`), which checks the secret before reading a body.
    """
    assert application.updater is not None
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    webhook: Webhook | None = None
    if settings.webhook_url:
        webhook = Webhook(settings, application.bot, application.update_queue)
        await webhook.start(ALLOWED_UPDATES)
    else:
        await application.updater.start_polling(**polling_options(settings))
    await application.start()
    try:
        yield application
    finally:
        if webhook is not None:
            await webhook.stop()
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def serve_until_stopped(
    application: Application[Any, Context, Any, Any, Any, Any], settings: BotSettings
) -> None:
    """Run the application until SIGINT or SIGTERM, then shut it down cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running(application, settings):
        await stop.wait()
    logger.info("stopped")


def serve() -> int:
    """Run the bot until interrupted: long polling, or a webhook when FRONTLINE_WEBHOOK_URL is set.

    Raises:
        ValidationError: a bad setting; MissingToken: no TELEGRAM_BOT_TOKEN;
            FrontlineError: a data directory this Frontline cannot open.
    """
    from index.settings import Settings

    setup_logging()
    # A bad setting (ValidationError) or a missing token (MissingToken) goes up
    # to the command line, which says what to fix in one line.
    settings = BotSettings()
    redact_in_logs(settings.require_token())  # from the first line on, not just once the bot is built
    engine = Engine(Settings())
    try:
        report = engine.ensure_sample()
        if report is not None:
            logger.info("indexed the bundled sample corpus (%d passages)", report.passages)
        application = build_application(settings, engine)
        if settings.webhook_url:
            logger.info("serving on a webhook at %s", settings.webhook_url)
            asyncio.run(serve_until_stopped(application, settings))
        else:
            logger.info("serving by long polling")
            application.run_polling(**polling_options(settings))
    except InvalidToken:
        print("frontline: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather", file=sys.stderr)
        return 2
    finally:
        engine.close()
    return 0
