"""User commands, questions and answer buttons: each handler thin, the work done in `index/`.

The engine's work (search, embedding, SQLite) runs in worker threads through
`asyncio.to_thread`, so one slow question never holds up the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import secrets
import sqlite3
from datetime import date
from typing import Any

from telegram import Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError, TimedOut
from telegram.ext import ApplicationHandlerStop, filters

from bot import render
from bot.context import Context
from bot.journal import may_have_arrived
from bot.texts import (
    ADMIN_COMMANDS,
    TEXTS,
    USER_COMMANDS,
    Html,
    command_list,
    lang_for,
    lang_of,
    plain,
    t,
)
from index.errors import BadArticle, FrontlineError
from index.maps.render import MapRenderer
from index.models import Answer
from index.phrases import format_date

logger = logging.getLogger(__name__)

MAX_WATCHES = 50
TIMELINE_ENTRIES = 15
MAX_PLACE_CHARS = 80  # no settlement name is longer; longer text is not a place
MAX_ECHO_CHARS = 64  # of a user's command, when quoted back
_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


class AddressedToBot(filters.MessageFilter):
    """Private messages, and group messages that mention the bot or reply to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return f"@{bot.username}".lower() in (m.lower() for m in mentions)


ADDRESSED = AddressedToBot()


# -- helpers -------------------------------------------------------------------------------


async def send(update: Update, replies: list[render.Reply]) -> None:
    """Send rendered replies to the update's chat, quoting its message in groups."""
    message = update.effective_message
    assert message is not None
    for reply in render.fit(replies):  # nothing "too long", whatever went into it
        await message.reply_text(reply.text, reply_markup=reply.keyboard)


async def remember(context: Context, answer: Answer, chat_id: int, user_id: int | None) -> str:
    """Store an answer's citations for its buttons and return the answer's opaque id."""
    answer_id = secrets.token_urlsafe(12)
    records = [render.citation_record(c) for c in answer.citations]
    records += [render.citation_record(c, more=True) for c in answer.more]
    await asyncio.to_thread(
        context.store.save_answer, answer_id, chat_id, user_id, answer.question, answer.lang, records
    )
    return answer_id


def question_text(message: Message) -> str:
    """Return the question without the bot's @mention."""
    text = message.text or ""
    username = message.get_bot().username
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


def friendly(error: FrontlineError, lang: str) -> Html:
    """Return the user's text for a domain error: what happened and the fix, no internals."""
    reason = render.shorten(error.reason if isinstance(error, BadArticle) else str(error), 300)
    for cls in type(error).__mro__:
        key = f"err_{cls.__name__}"
        if key in TEXTS["en"]:
            return t(lang, key, reason=reason)
    return t(lang, "error")


def place_arg(context: Context) -> str:
    """Return the place named after a command, or "" when none (or too long to be one)."""
    place = " ".join(context.args or []).strip()
    return place if len(place) <= MAX_PLACE_CHARS else ""


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.settings.admin_ids


# -- updates before any handler ---------------------------------------------------------


def for_the_bot(update: Update) -> bool:
    """Tell whether an update asks the bot for something (group chatter it ignores does not)."""
    if update.callback_query is not None:
        return True
    if update.message is None:
        return False
    return bool(ADDRESSED.check_update(update) or filters.COMMAND.check_update(update))


async def throttle(update: Update, context: Context) -> None:
    """Slow down a user who floods the bot: one polite notice, their excess updates dropped."""
    user = update.effective_user
    if user is None or not for_the_bot(update):
        return
    allowed, warn, wait = context.bot_data.throttle.check(user.id)
    if allowed:
        return
    logger.info("user %s is over the rate limit; update %s dropped", user.id, update.update_id)
    if warn and update.effective_chat is not None:
        text = t(lang_of(user), "slow_down", seconds=wait)
        await context.bot.send_message(update.effective_chat.id, text)
    raise ApplicationHandlerStop


# -- commands --------------------------------------------------------------------------


async def start_command(update: Update, context: Context) -> None:
    """Say what the bot does, with three example questions and what the corpus covers."""
    lang = lang_of(update.effective_user)
    stats = (await asyncio.to_thread(context.engine.stats)).store
    if stats.articles:
        oldest, newest = format_date(stats.oldest, lang), format_date(stats.newest, lang)
        coverage = t(lang, "coverage", articles=stats.articles, outlets=stats.outlets, oldest=oldest, newest=newest)
    else:
        coverage = t(lang, "coverage_empty")
    examples = {f"ex{i}": t(lang, f"ex{i}") for i in (1, 2, 3)}
    await send(update, [render.Reply(t(lang, "start", coverage=coverage, **examples))])


async def help_command(update: Update, context: Context) -> None:
    """List the commands (the admin ones too, for admins) and how to ask."""
    lang = lang_of(update.effective_user)
    text = t(lang, "help", commands=command_list(USER_COMMANDS[lang]))
    if is_admin(update, context):
        text = Html(text + t(lang, "help_admin", commands=command_list(ADMIN_COMMANDS[lang])))
    await send(update, [render.Reply(text)])


async def sources_command(update: Update, context: Context) -> None:
    """List the outlets with their number of articles and date range."""
    lang = lang_of(update.effective_user)
    stats = (await asyncio.to_thread(context.engine.stats)).store
    outlets = await asyncio.to_thread(context.engine.sources)
    if not outlets:
        await send(update, [render.Reply(t(lang, "sources_empty"))])
        return
    lines = [
        t(lang, "sources_line", outlet=o, count=n, oldest=format_date(a, lang), newest=format_date(b, lang))
        for o, n, a, b in outlets
    ]
    text = t(
        lang, "sources", articles=stats.articles, outlets=stats.outlets, lines=Html("\n".join(lines)),
        oldest=format_date(stats.oldest, lang), newest=format_date(stats.newest, lang),
    )
    await send(update, [render.Reply(m) for m in render.pack(text.split("\n\n"))])


async def timeline_command(update: Update, context: Context) -> None:
    """Show every stored claim about a place, newest first, with sources."""
    place = place_arg(context)
    lang = lang_for(update.effective_user, place)
    if not place:
        await send(update, [render.Reply(t(lang, "timeline_usage"))])
        return
    entries = await asyncio.to_thread(context.engine.timeline, place)
    shown = entries[:TIMELINE_ENTRIES]
    places = await asyncio.to_thread(context.engine.place_labels, [claim for claim, _ in shown], lang)
    await send(update, render.timeline_replies(place, shown, lang, omitted=len(entries) - len(shown), places=places))


async def map_command(update: Update, context: Context) -> None:
    """Draw a map of claimed control around a place or in an oblast, with its numbered sources."""
    words = list(context.args or [])
    lang = lang_for(update.effective_user, " ".join(words))
    as_of = None
    if words and _DAY.fullmatch(words[-1]):
        try:
            as_of = date.fromisoformat(words[-1])
        except ValueError:
            as_of = None
        if as_of is None or as_of > date.today():
            await send(update, [render.Reply(t(lang, "map_bad_date", date=words[-1]))])
            return
        words = words[:-1]
    area = " ".join(words).strip()
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if not area or len(area) > MAX_PLACE_CHARS or user is None or chat is None or message is None:
        await send(update, [render.Reply(t(lang, "map_usage"))])
        return
    drawing = context.bot_data.map_users
    if user.id in drawing:
        await send(update, [render.Reply(t(lang, "map_busy"))])
        return
    drawing.add(user.id)
    try:
        with contextlib.suppress(TelegramError):  # a courtesy; the map matters
            await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
        cmap = await asyncio.to_thread(context.engine.control_map, area, as_of, lang)
        drawn = await asyncio.to_thread(MapRenderer().render, cmap)
        map_id = secrets.token_urlsafe(12)
        await asyncio.to_thread(
            context.store.save_answer, map_id, chat.id, user.id, cmap.title(), lang, render.map_source_records(cmap)
        )
        caption, rest = render.map_caption(cmap, len(drawn.labelled))
        await message.reply_photo(drawn.png, caption=caption, filename="map.png", reply_markup=render.map_keyboard(cmap, map_id))
        for text in rest:
            await message.reply_text(text)
    finally:
        drawing.discard(user.id)


async def watched_place(update: Update, context: Context, usage: str) -> tuple[str, str, int] | None:
    """Return (place, language, chat id) of /watch or /unwatch, or answer with the usage line and return None."""
    place = place_arg(context)
    lang = lang_for(update.effective_user, place)
    chat = update.effective_chat
    if not place or chat is None:
        await send(update, [render.Reply(t(lang, usage))])
        return None
    return place, lang, chat.id


async def watch_command(update: Update, context: Context) -> None:
    """Subscribe this chat to new claims about a place."""
    if (given := await watched_place(update, context, "watch_usage")) is None:
        return
    place, lang, chat_id = given
    if len(await asyncio.to_thread(context.store.watches, chat_id)) >= MAX_WATCHES:
        await send(update, [render.Reply(t(lang, "watch_limit", count=MAX_WATCHES))])
        return
    key, known = await asyncio.to_thread(context.engine.resolve_place, place)
    added = await asyncio.to_thread(context.store.add_watch, chat_id, key, place, lang)
    key_text = "watch_already" if not added else ("watch_ok" if known else "watch_new_place")
    await send(update, [render.Reply(t(lang, key_text, place=place))])


async def unwatch_command(update: Update, context: Context) -> None:
    """Unsubscribe this chat from a place."""
    if (given := await watched_place(update, context, "unwatch_usage")) is None:
        return
    place, lang, chat_id = given
    key, _ = await asyncio.to_thread(context.engine.resolve_place, place)
    dropped = await asyncio.to_thread(context.store.drop_watch, chat_id, key, place)
    await send(update, [render.Reply(t(lang, "unwatch_ok" if dropped else "unwatch_missing", place=place))])


async def watching_command(update: Update, context: Context) -> None:
    """List the places this chat watches."""
    lang = lang_of(update.effective_user)
    chat = update.effective_chat
    watches = await asyncio.to_thread(context.store.watches, chat.id) if chat else []
    if not watches:
        await send(update, [render.Reply(t(lang, "watching_empty"))])
        return
    text = t(lang, "watching", places=", ".join(w["place"] for w in watches))
    if not render.fits(text):  # many long names: one a line, over as many messages as it takes
        lines = [str(t(lang, "watching", places=""))] + [html.escape(w["place"], quote=False) for w in watches]
        await send(update, [render.Reply(m) for m in render.pack(["\n".join(lines)])])
        return
    await send(update, [render.Reply(text)])


async def unknown_command(update: Update, context: Context) -> None:
    """Point to /help when a private chat sends a command the bot does not know."""
    message = update.effective_message
    command = (message.text or "/").split()[0][1:].split("@")[0] if message else ""
    shown = render.shorten(command, MAX_ECHO_CHARS)  # an echo of user input is bounded like the rest
    await send(update, [render.Reply(t(lang_of(update.effective_user), "unknown_command", command=shown))])


async def text_only(update: Update, context: Context) -> None:
    """Say that questions are read as text (stickers, photos, voice are not)."""
    await send(update, [render.Reply(t(lang_of(update.effective_user), "text_only"))])


# -- questions and buttons ---------------------------------------------------------------


async def question(update: Update, context: Context) -> None:
    """Answer a question with the claim, its caveats and numbered sources, plus buttons."""
    message = update.effective_message
    assert message is not None and update.effective_chat is not None
    text = question_text(message)
    if not text:
        await send(update, [render.Reply(t(lang_of(update.effective_user), "ask_empty"))])
        return
    with contextlib.suppress(TelegramError):  # "typing…" is a courtesy; the answer matters
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)
    answer = await asyncio.to_thread(context.engine.ask, text)
    user_id = update.effective_user.id if update.effective_user else None
    try:
        answer_id: str | None = await remember(context, answer, update.effective_chat.id, user_id)
    except (sqlite3.Error, OSError):
        # A full disk: the answer still goes out, without the buttons that would need it stored.
        logger.exception("chat %s: the answer could not be stored; sent without buttons", update.effective_chat.id)
        answer_id = None
    await send(update, render.answer_replies(answer, answer_id))


async def button(update: Update, context: Context) -> None:
    """Handle an answer's button: show a passage, more sources, or record a vote."""
    query = update.callback_query
    assert query is not None
    pressed = render.parse_button(query.data)
    stored = await asyncio.to_thread(context.store.answer, pressed.answer_id) if pressed else None
    if pressed is None or stored is None or update.effective_chat is None:
        logger.info("expired or unknown button data from user %s", query.from_user.id)
        await acknowledge(update, plain(lang_of(query.from_user), "expired"), alert=True)
        return
    if pressed.kind == "v":
        await vote(update, context, stored, pressed.arg)
    elif pressed.kind == "s":
        await acknowledge(update)
        await reply_to_button(update, context, render.map_sources_replies(stored))
    elif pressed.kind == "m":
        await show_more(update, context, stored)
    else:
        await show_passage(update, context, stored, pressed.arg)


async def show_passage(update: Update, context: Context, stored: dict[str, Any], n: str) -> None:
    """Send the whole passage behind citation [n] of a stored answer."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    lang = str(stored["lang"])
    records = [r for r in stored["citations"] if str(r["n"]) == n]
    if not records:
        await acknowledge(update, plain(lang, "expired"), alert=True)
        return
    citation = render.citation_from_record(records[0])
    passage = await asyncio.to_thread(context.engine.passage, citation.passage_id)
    await acknowledge(update)
    await reply_to_button(update, context, [render.passage_reply(citation, passage.text if passage else None, lang)])


async def show_more(update: Update, context: Context, stored: dict[str, Any]) -> None:
    """Send the further sources of a stored answer."""
    query = update.callback_query
    assert query is not None
    more = [render.citation_from_record(r) for r in stored["citations"] if r.get("more")]
    await acknowledge(update)
    await reply_to_button(update, context, render.more_replies(more, str(stored["id"]), str(stored["lang"])))


async def vote(update: Update, context: Context, stored: dict[str, Any], arg: str) -> None:
    """Record a 👍 or 👎 with the question and the cited passages."""
    query = update.callback_query
    assert query is not None
    passages = [r["passage_id"] for r in stored["citations"] if not r.get("more")]
    value = 1 if arg == "up" else -1
    await asyncio.to_thread(
        context.store.record_vote, str(stored["id"]), query.from_user.id, value, str(stored["question"]), passages
    )
    await acknowledge(update, plain(str(stored["lang"]), "vote_up" if value > 0 else "vote_down"))


async def acknowledge(update: Update, text: str | None = None, alert: bool = False) -> None:
    """Answer a button press; one too old to answer (the bot was down) still gets its content."""
    assert update.callback_query is not None
    try:
        await update.callback_query.answer(text, show_alert=alert)
    except BadRequest as exc:
        logger.info("button press not acknowledged: %s", exc.message)


async def reply_to_button(update: Update, context: Context, replies: list[render.Reply]) -> None:
    """Send replies under the message whose button was pressed."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None and chat is not None
    message_id = query.message.message_id if query.message else None
    for reply in replies:
        where = ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None
        await context.bot.send_message(chat.id, reply.text, reply_markup=reply.keyboard, reply_parameters=where)


# -- errors ---------------------------------------------------------------------------------


async def error_handler(update: object, context: Context) -> None:
    """Log the error and tell the user, in their language, without internals.

    A reply that Telegram finally refused (after the retries) is logged at
    ERROR with the chat's id, and so is the notice when it fails too: no reply
    is dropped without a trace.
    """
    error = context.error
    user = update.effective_user if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    lang = lang_of(user)
    if isinstance(error, BadRequest) and "query" in error.message.lower():
        logger.info("button press too old or forged: %s", error.message)  # nothing to tell anyone
        return
    where = f"chat {chat.id}" if chat else "no chat"
    if isinstance(error, TimedOut) and may_have_arrived(error):
        # Telegram most likely delivered it; a notice would contradict the reply the user has.
        logger.error("a reply to %s timed out; it may have arrived, so it is not sent again", where)
        return
    if isinstance(error, FrontlineError):
        logger.info("user %s: %s", user.id if user else "-", error.__class__.__name__)
        text = friendly(error, lang)
    else:
        logger.error("an update (%s) caused an error; the reply may be lost", where, exc_info=error)
        text = t(lang, "error")
    if isinstance(update, Update) and update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # it may have been answered already
            await update.callback_query.answer()
    if chat is not None:
        try:
            await context.bot.send_message(chat.id, text)
        except TelegramError as exc:
            logger.error("chat %s: the error notice was not delivered either (%s)", chat.id, exc)
