"""End-to-end tests of the loopback Bot API server, driven by a real PTB Application.

Nothing is mocked: a tiny python-telegram-bot Application (defined here) talks HTTP to
``LoopbackBotAPI`` on 127.0.0.1, and the tests act as its users through the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.loopback_api import LoopbackBotAPI

TOKEN = "123456:LOOPBACK-test-token"
USER = 1001
GROUP = -1001234567890

pytestmark = pytest.mark.timeout(30)


@pytest_asyncio.fixture(loop_scope="function")
async def api() -> AsyncIterator[LoopbackBotAPI]:
    """Run a loopback Bot API server with one bot registered."""
    async with LoopbackBotAPI(webhook_retry_delay=0.05) as server:
        server.add_bot(TOKEN)
        yield server


# --- the tiny bot under test ---------------------------------------------------------------


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo the user's text in bold, with a button to press."""
    assert update.effective_message and update.effective_message.text
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
    text = html.escape(update.effective_message.text)
    await update.effective_message.reply_html(f"<b>{text}</b>", reply_markup=keyboard)


async def button_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press and say which button it was."""
    query = update.callback_query
    assert query is not None
    await query.answer("Noted")
    await query.edit_message_text(f"You pressed {query.data}")


async def broken_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send HTML with an unclosed tag."""
    assert update.effective_message
    await update.effective_message.reply_html("<b>unclosed")


async def long_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send one character more than a message can hold."""
    assert update.effective_message
    await update.effective_message.reply_text("x" * 4097)


async def keep_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep the error for the test to inspect."""
    context.bot_data.setdefault("errors", []).append(context.error)


def build_app(api: LoopbackBotAPI, *, rate_limiter: AIORateLimiter | None = None) -> Application:
    """Build the bot under test, pointed at the loopback server."""
    builder = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{api.base_url}/bot")
        .base_file_url(f"{api.base_url}/file/bot")
    )
    app: Application = (
        builder.rate_limiter(rate_limiter) if rate_limiter is not None else builder
    ).build()
    app.add_handler(CommandHandler("broken", broken_command))
    app.add_handler(CommandHandler("long", long_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button_pressed))
    app.add_error_handler(keep_error)
    return app


@contextlib.asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:
    """Run ``app`` with long polling for the duration of the block, then shut it down."""
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=2, poll_interval=0)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def client(api: LoopbackBotAPI) -> Bot:
    """Return a plain PTB Bot talking to the loopback server."""
    return Bot(TOKEN, base_url=f"{api.base_url}/bot", base_file_url=api.base_file_url)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def errors_of(app: Application) -> list[Exception]:
    """Return the errors the bot's error handler saw."""
    return list(app.bot_data.get("errors", []))


# --- the six end-to-end scenarios ----------------------------------------------------------


async def test_polling_echo_reply_arrives_and_no_update_is_delivered_twice(
    api: LoopbackBotAPI,
) -> None:
    async with asyncio.timeout(15), polling(build_app(api)):
        api.send_text(USER, "hello <world>")
        await api.wait_for_messages(USER)
        api.send_text(USER, "second")
        replies = await api.wait_for_messages(USER, count=2)
        await asyncio.sleep(0.3)  # room for a duplicate reply, should one come

    assert [m.text for m in api.sent(USER)] == ["hello <world>", "second"]
    first = replies[0]
    assert first.source == "<b>hello &lt;world&gt;</b>"
    assert first.entities == [{"offset": 0, "length": 13, "type": "bold"}]
    assert first.callback_data == ["again"]
    delivered = [u["update_id"] for c in api.calls("getUpdates") if c.ok for u in c.result]
    assert delivered == [1, 2]
    assert api.pending_updates() == []


async def test_button_press_reaches_callback_handler_and_answer_is_recorded(
    api: LoopbackBotAPI,
) -> None:
    async with asyncio.timeout(15), polling(build_app(api)):
        api.send_text(USER, "hi")
        [reply] = await api.wait_for_messages(USER)
        api.press_button(USER, reply.message_id, "again")
        await api.wait_until(lambda: reply.edit_date is not None, what="the edit")

    [answer] = api.callback_answers
    assert (answer.data, answer.text, answer.user_id) == ("again", "Noted", USER)
    assert (answer.chat_id, answer.message_id) == (USER, reply.message_id)
    assert reply.text == "You pressed again"
    assert reply.history == ["hi"]
    assert reply.buttons == []  # an edit without reply_markup drops the keyboard, as on Telegram
    assert api.transcript() == [
        "user 1001 → hi",
        "bot → chat 1001: hi [buttons: Again (again)]",
        "user 1001 pressed [again]",
        "bot answered [again]: Noted",
        "bot edited chat 1001 #2: You pressed again",
    ]


async def test_unclosed_html_tag_is_a_bad_request_in_the_bot(api: LoopbackBotAPI) -> None:
    app = build_app(api)
    async with asyncio.timeout(15), polling(app):
        api.send_text(USER, "/broken")
        [call] = await api.wait_for_calls("sendMessage")
        await api.wait_until(lambda: bool(errors_of(app)), what="the bot's error handler")

    assert call.status == 400
    assert call.description == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b"
    )
    [error] = errors_of(app)
    assert isinstance(error, BadRequest)
    assert error.message == "Can't parse entities: can't find end tag corresponding to start tag b"
    assert api.sent(USER) == []


async def test_rate_limited_reply_is_retried_after_retry_after_and_not_lost(
    api: LoopbackBotAPI,
) -> None:
    api.fail_next("sendMessage", status=429, retry_after=1)
    app = build_app(api, rate_limiter=AIORateLimiter(max_retries=3))
    async with asyncio.timeout(15), polling(app):
        api.send_text(USER, "still there?")
        [reply] = await api.wait_for_messages(USER)

    assert reply.text == "still there?"
    limited, delivered = api.calls("sendMessage")
    assert (limited.status, delivered.status) == (429, 200)
    assert limited.description == "Too Many Requests: retry after 1"
    assert delivered.at - limited.at >= 1.0
    assert errors_of(app) == []


async def test_webhook_delivers_updates_and_ptb_rejects_a_forged_secret(
    api: LoopbackBotAPI,
) -> None:
    app = build_app(api)
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    forged = {
        "update_id": 999,
        "message": {
            "message_id": 99,
            "date": 1,
            "chat": {"id": USER, "type": "private", "first_name": "Mallory"},
            "from": {"id": USER, "is_bot": False, "first_name": "Mallory"},
            "text": "forged",
        },
    }
    async with asyncio.timeout(15):
        await app.initialize()
        await app.start()
        assert app.updater is not None
        try:
            await app.updater.start_webhook(
                listen="127.0.0.1",
                port=port,
                url_path="tg",
                webhook_url=url,
                secret_token="s3cret",
            )
            api.send_text(USER, "via webhook")
            [reply] = await api.wait_for_messages(USER)
            wrong_secret, _ = await api.post_update_raw(url, forged, secret="wrong")
            no_secret, _ = await api.post_update_raw(url, forged)
            await asyncio.sleep(0.3)  # a forged update, if accepted, would be answered by now
            info = api.webhook_info()
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()

    assert reply.text == "via webhook"
    assert (wrong_secret, no_secret) == (403, 403)
    assert [m.text for m in api.sent(USER)] == ["via webhook"]
    assert [(d.update_id, d.status) for d in api.webhook_deliveries] == [(1, 200)]
    assert info["url"] == url
    assert info["pending_update_count"] == 0
    [set_webhook] = api.calls("setWebhook")
    assert set_webhook.params["secret_token"] == "s3cret"


async def test_message_over_4096_characters_is_rejected_as_too_long(api: LoopbackBotAPI) -> None:
    app = build_app(api)
    async with asyncio.timeout(15), polling(app):
        api.send_text(USER, "/long")
        [call] = await api.wait_for_calls("sendMessage")
        await api.wait_until(lambda: bool(errors_of(app)), what="the bot's error handler")

    assert (call.status, call.description) == (400, "Bad Request: message is too long")
    [error] = errors_of(app)
    assert isinstance(error, BadRequest)
    assert error.message == "Message is too long"


# --- Bot API conformance, through a plain PTB Bot ------------------------------------------


@pytest.mark.parametrize(
    ("text", "parse_mode", "visible_length"),
    [
        ("x" * 4096, None, 4096),
        ("<b>" + "x" * 4096 + "</b>", "HTML", 4096),
        ("&lt;" * 4096, "HTML", 4096),
        ("\n  " + "x" * 4096 + "  \n", None, 4096),
        ("x" * 4097, None, None),
        ("&lt;" * 4097, "HTML", None),
    ],
)
async def test_length_limit_applies_to_visible_text_after_parsing(
    api: LoopbackBotAPI, text: str, parse_mode: str | None, visible_length: int | None
) -> None:
    async with client(api) as bot:
        if visible_length is None:
            with pytest.raises(BadRequest, match="Message is too long"):
                await bot.send_message(USER, text, parse_mode=parse_mode)
        else:
            message = await bot.send_message(USER, text, parse_mode=parse_mode)
            assert message.text is not None and len(message.text) == visible_length


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>unclosed", "Can't find end tag corresponding to start tag b"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Q&A", "Character '&' at byte offset 1 is not part of an HTML entity; write it as &amp;"),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
async def test_malformed_html_is_rejected_with_telegrams_wording(
    api: LoopbackBotAPI, text: str, error: str
) -> None:
    async with client(api) as bot:
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_message(USER, text, parse_mode="HTML")
    assert api.calls("sendMessage")[-1].description == f"Bad Request: can't parse entities: {error}"


async def test_html_entities_and_utf16_offsets_come_back_as_telegram_sends_them(
    api: LoopbackBotAPI,
) -> None:
    source = (
        '<b>Bold</b> &amp; <a href="https://example.org/a?b=1&amp;c=2">link</a> 😀 '
        "<i>it</i> <tg-spoiler>sp</tg-spoiler> &#x27;q&#39; "
        '<pre><code class="language-python">x = 1</code></pre>'
    )
    async with client(api) as bot:
        message = await bot.send_message(USER, source, parse_mode="HTML")

    assert message.text == "Bold & link 😀 it sp 'q' x = 1"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        (MessageEntity.BOLD, 0, 4),
        (MessageEntity.TEXT_LINK, 7, 4),
        (MessageEntity.ITALIC, 15, 2),  # the emoji counts two UTF-16 units
        (MessageEntity.SPOILER, 18, 2),
        (MessageEntity.PRE, 25, 5),
    ]
    assert message.entities[1].url == "https://example.org/a?b=1&c=2"
    assert message.entities[4].language == "python"
    assert message.parse_entity(message.entities[2]) == "it"


@pytest.mark.parametrize(
    ("text", "visible", "error"),
    [
        ("*bold* _it_ \\. end", "bold it . end", None),
        ("[docs](https://example.org/x\\)y)", "docs", None),
        ("1.5", None, "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("*open", None, "Can't find end of Bold entity at byte offset 0"),
    ],
)
async def test_markdown_v2_is_parsed_and_reserved_characters_must_be_escaped(
    api: LoopbackBotAPI, text: str, visible: str | None, error: str | None
) -> None:
    async with client(api) as bot:
        if error is None:
            message = await bot.send_message(USER, text, parse_mode="MarkdownV2")
            assert message.text == visible
        else:
            with pytest.raises(BadRequest):
                await bot.send_message(USER, text, parse_mode="MarkdownV2")
            description = api.calls("sendMessage")[-1].description
            assert description == f"Bad Request: can't parse entities: {error}"


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (InlineKeyboardButton("x", callback_data="d" * 65), "Button_data_invalid"),
        (InlineKeyboardButton("x", callback_data="ж" * 33), "Button_data_invalid"),
        (InlineKeyboardButton("x", url="ftp://example.org"), "Inline keyboard button url"),
        (InlineKeyboardButton("x", url="example.org"), "Inline keyboard button url"),
    ],
)
async def test_invalid_inline_buttons_are_rejected(
    api: LoopbackBotAPI, button: InlineKeyboardButton, error: str
) -> None:
    async with client(api) as bot:
        with pytest.raises(BadRequest, match=error):
            await bot.send_message(USER, "pick", reply_markup=InlineKeyboardMarkup([[button]]))


async def test_callback_data_of_64_bytes_and_tg_urls_are_accepted(api: LoopbackBotAPI) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("a", callback_data="d" * 64)],
            [InlineKeyboardButton("b", url="tg://resolve?domain=telegram")],
        ]
    )
    async with client(api) as bot:
        message = await bot.send_message(USER, "pick", reply_markup=keyboard)
    assert message.reply_markup == keyboard


async def test_editing_to_the_same_content_is_not_modified(api: LoopbackBotAPI) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    async with client(api) as bot:
        message = await bot.send_message(USER, "<b>same</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("<b>same</b>", USER, message.message_id, parse_mode="HTML")
        edited = await bot.edit_message_text("same", USER, message.message_id)  # bold dropped
        assert isinstance(edited, type(message)) and edited.edit_date is not None
        await bot.edit_message_reply_markup(USER, message.message_id, reply_markup=keyboard)
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_reply_markup(USER, message.message_id, reply_markup=keyboard)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("x", USER, 999)
    [sent] = api.sent(USER)
    assert (sent.text, sent.entities, sent.callback_data) == ("same", [], ["a"])


async def test_inline_message_is_edited_by_inline_message_id(api: LoopbackBotAPI) -> None:
    inline = api.add_inline_message("draft")
    async with client(api) as bot:
        assert await bot.edit_message_text("final", inline_message_id=inline.inline_message_id)
        with pytest.raises(BadRequest, match="Message_id_invalid"):
            await bot.edit_message_text("final", inline_message_id="nope")
    assert inline.text == "final"


async def test_blocked_user_makes_send_forbidden(api: LoopbackBotAPI) -> None:
    api.block(USER)
    async with client(api) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(USER, "hello?")
        assert await bot.send_message(2002, "unknown chats are created on the fly")


async def test_reply_parameters_must_point_at_an_existing_message(api: LoopbackBotAPI) -> None:
    update = api.send_text(USER, "question")
    assert update.message is not None
    async with client(api) as bot:
        reply = await bot.send_message(
            USER, "answer", reply_to_message_id=update.message.message_id
        )
        assert reply.reply_to_message is not None
        assert reply.reply_to_message.text == "question"
        with pytest.raises(BadRequest, match="Message to be replied not found"):
            await bot.send_message(USER, "answer", reply_to_message_id=12345)


async def test_answering_a_callback_query_twice_is_rejected(api: LoopbackBotAPI) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    async with client(api) as bot:
        message = await bot.send_message(USER, "pick", reply_markup=keyboard)
        update = api.press_button(USER, message.message_id, "a")
        assert update.callback_query is not None
        assert await bot.answer_callback_query(update.callback_query.id, text="ok")
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(update.callback_query.id)
    with pytest.raises(ValueError, match="no button with callback_data 'b'"):
        api.press_button(USER, message.message_id, "b")


async def test_commands_are_kept_per_scope_and_language(api: LoopbackBotAPI) -> None:
    async with client(api) as bot:
        await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
        await bot.set_my_commands(
            [BotCommand("help", "Довідка")],
            scope=BotCommandScopeAllPrivateChats(),
            language_code="uk",
        )
        await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(USER))
        default = await bot.get_my_commands()
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Bad-Name", "x")])
        await bot.delete_my_commands(scope=BotCommandScopeChat(USER))

    assert [(c.command, c.description) for c in default] == [("start", "Start"), ("help", "Help")]
    assert api.commands() == [("start", "Start"), ("help", "Help")]
    assert api.commands(BotCommandScopeAllPrivateChats(), "uk") == [("help", "Довідка")]
    assert api.commands({"type": "chat", "chat_id": USER}) == []
    assert api.visible_commands(USER, language_code="uk") == [("help", "Довідка")]
    assert api.visible_commands(USER, language_code="en") == [("start", "Start"), ("help", "Help")]


async def test_getupdates_conflicts_with_webhook_and_with_a_second_poller(
    api: LoopbackBotAPI,
) -> None:
    # Two Bot objects stand for two running instances of the same bot.
    async with client(api) as bot, client(api) as second_instance, asyncio.timeout(10):
        first = asyncio.create_task(bot.get_updates(timeout=5))
        await api.wait_until(lambda: len(api.calls("getUpdates")) == 1)
        assert await second_instance.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        await bot.set_webhook("http://127.0.0.1:9/hook")
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates()
        assert await bot.delete_webhook()


async def test_getupdates_honours_offset_limit_long_poll_and_allowed_updates(
    api: LoopbackBotAPI,
) -> None:
    loop = asyncio.get_running_loop()
    async with client(api) as bot, asyncio.timeout(10):
        for text in ("a", "b", "c"):
            api.send_text(USER, text)
        assert [u.update_id for u in await bot.get_updates(limit=2)] == [1, 2]
        assert [u.update_id for u in await bot.get_updates(offset=2)] == [2, 3]
        assert await bot.get_updates(offset=4) == ()
        started = loop.time()
        poll = asyncio.create_task(bot.get_updates(offset=4, timeout=5))
        await asyncio.sleep(0.2)
        api.send_text(USER, "d")
        [late] = await poll
        assert late.update_id == 4 and loop.time() - started < 3
        started = loop.time()
        assert await bot.get_updates(offset=5, timeout=1) == ()
        assert loop.time() - started >= 0.9
        await bot.get_updates(offset=5, allowed_updates=["callback_query"])
        api.send_text(USER, "filtered out")
        assert api.pending_updates() == []


async def test_group_messages_follow_privacy_mode(api: LoopbackBotAPI) -> None:
    api.send_text(GROUP, "just chatting", user_id=USER)
    command = api.send_text(GROUP, "/help@frontline_test_bot now", user_id=USER)
    api.send_text(GROUP, "hey @frontline_test_bot", user_id=USER)
    api.send_text(GROUP, "/help@other_bot", user_id=USER)

    texts = [u["message"]["text"] for u in api.pending_updates()]
    assert texts == ["/help@frontline_test_bot now", "hey @frontline_test_bot"]
    assert command.message is not None
    assert command.message.chat.type == "supergroup"
    assert list(command.message.parse_entities([MessageEntity.BOT_COMMAND]).values()) == [
        "/help@frontline_test_bot"
    ]
    assert "(not delivered: bot privacy mode)" in api.transcript()[0]


async def test_unknown_token_method_and_http_encodings(api: LoopbackBotAPI) -> None:
    base = api.base_url
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/bot999:unknown/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.get(f"{base}/bot{TOKEN}/noSuchMethod") as response:
            assert response.status == 404
            assert (await response.json())["description"] == "Not Found"
        async with http.get(f"{base}/bot{TOKEN}/GETME") as response:
            assert (await response.json())["result"]["username"] == "frontline_test_bot"
        async with http.get(
            f"{base}/bot{TOKEN}/sendMessage", params={"chat_id": "7", "text": "q"}
        ) as response:
            assert (await response.json())["result"]["chat"]["id"] == 7
        async with http.post(
            f"{base}/bot{TOKEN}/sendmessage", json={"chat_id": 7, "text": "j"}
        ) as response:
            assert (await response.json())["result"]["text"] == "j"
        form = aiohttp.FormData({"chat_id": "7", "text": "m"})
        form.add_field("document", b"abc", filename="a.txt")
        async with http.post(f"{base}/bot{TOKEN}/sendMessage", data=form) as response:
            assert (await response.json())["result"]["text"] == "m"
        async with http.post(f"{base}/bot{TOKEN}/sendMessage", data={"chat_id": "7"}) as response:
            assert response.status == 400
            assert (await response.json())["description"] == "Bad Request: message text is empty"
    with pytest.raises(InvalidToken):
        async with Bot("999:unknown", base_url=f"{base}/bot"):
            pass
    assert [m.text for m in api.sent(7)] == ["q", "j", "m"]


async def test_server_errors_and_delays_reach_the_bot_as_telegram_errors(
    api: LoopbackBotAPI,
) -> None:
    async with client(api) as bot:
        api.fail_next("sendMessage", status=502)
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(USER, "one")
        api.delay("sendMessage", 1.0)
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "two", read_timeout=0.2)
        # Like Telegram, a request the client gave up on may still take effect.
        await api.wait_for_messages(USER, count=1, timeout=5)
    assert [m.text for m in api.sent(USER)] == ["two"]


async def test_webhook_retries_failed_deliveries_in_order(api: LoopbackBotAPI) -> None:
    received: list[int] = []
    answers = iter([500, 200, 200])

    async def hook(request: web.Request) -> web.Response:
        status = next(answers, 200)
        if status == 200:
            received.append((await request.json())["update_id"])
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with client(api) as bot, asyncio.timeout(10):
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook")
            api.send_text(USER, "one")
            api.send_text(USER, "two")
            await api.wait_until(lambda: len(received) == 2, what="two deliveries")
            info = await bot.get_webhook_info()
    finally:
        await runner.cleanup()

    assert received == [1, 2]
    assert [(d.update_id, d.attempt, d.status) for d in api.webhook_deliveries] == [
        (1, 1, 500),
        (1, 2, 200),
        (2, 1, 200),
    ]
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"


async def test_webhook_to_a_non_loopback_host_is_never_contacted(api: LoopbackBotAPI) -> None:
    async with client(api) as bot, asyncio.timeout(10):
        await bot.set_webhook("https://example.com/hook")
        api.send_text(USER, "stays here")
        await api.wait_until(lambda: bool(api.webhook_deliveries))
    [delivery] = api.webhook_deliveries
    assert delivery.status is None
    assert delivery.error is not None and "not a loopback address" in delivery.error
    with pytest.raises(ValueError, match="not a loopback address"):
        await api.post_update_raw("https://example.com/hook", {"update_id": 1})


async def test_server_binds_only_to_loopback() -> None:
    server = LoopbackBotAPI()
    with pytest.raises(ValueError, match="loopback"):
        await server.start(host="0.0.0.0")
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url
