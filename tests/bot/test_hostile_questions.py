"""Hostile questions (property-based): the engine raises nothing but BadQuestion, and every
message the bot would send is HTML Telegram accepts, under 4,096 characters."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import render
from bot.handlers import friendly
from index.engine import Engine
from index.errors import BadQuestion
from tests.support.loopback_api import MAX_MESSAGE_LENGTH, parse_html, utf16_len

# Pieces of syntax a user might (maliciously or not) type: HTML, Markdown, FTS5 query
# syntax, direction marks and other invisible characters, and place names that lead to
# real answers (whose text then echoes the question's words).
HOSTILE = [
    "<b>", "</b>", "<i>x</i>", "<a href=\"javascript:alert(1)\">x</a>", "<script>alert(1)</script>",
    "<tg-spoiler>", "<blockquote expandable>", "&", "&amp;", "&#0;", "&lt;", "&bogus;", "<", ">",
    "*bold*", "_it_", "`code`", "```pre```", "[x](http://127.0.0.1/)", "||spoiler||", "~~", "\\",
    '"', '""', "*", "NEAR(a b)", "NEAR/3", "-", "- -", ":", "a:b", "AND", "OR", "NOT", "^", "(", ")",
    "{", "}", "'", ";", "--", "/*", "%", "_", "\u202e", "\u200f", "\u200e", "\u2066", "\u2069", "\u200b",
    "\u200d", "\ufeff", "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\u0301\u0301\u0301", "👩‍👩‍👧", "🇺🇦",
    "ﷺ", "מי מחזיק", "مَن يسيطر", "𝕽𝖚𝖇𝖎𝖟𝖍𝖓𝖊", "Rubizhne", "Рубіжне", "Рубежное", "Izium", "Харків",
    "who holds", "who controls", "?", "/start", "@bot",
]

fragments = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)), min_size=1, max_size=12
).map(" ".join)
anything = st.text(st.characters(exclude_categories=()), max_size=300)  # lone surrogates too
long_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=900, max_size=6000)
questions = st.one_of(fragments, anything, long_text)

ANSWER_ID = "A" * 16


def sendable(html_text: str) -> None:
    """Check one message as Telegram would: valid HTML, not empty, within the length limit."""
    visible, _ = parse_html(html_text)  # strict: a bare "&" or "<" is refused
    assert visible.strip(), "Telegram refuses an empty message"
    assert utf16_len(visible.strip()) <= MAX_MESSAGE_LENGTH


def bot_messages(engine: Engine, question: str) -> list[render.Reply]:
    """Return what the bot would send for a question: its answer, or the error's friendly line."""
    try:
        answer = engine.ask(question)
    except BadQuestion as exc:
        return [render.Reply(friendly(exc, "en"))]
    return render.answer_replies(answer, ANSWER_ID)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=questions)
def test_any_question_gets_messages_telegram_accepts(sample_engine: Engine, question: str) -> None:
    replies = bot_messages(sample_engine, question)
    assert replies
    for reply in replies:
        sendable(reply.text)
        for row in reply.keyboard.inline_keyboard if reply.keyboard else ():
            for button in row:
                assert len(str(button.callback_data).encode()) <= 64


@pytest.mark.parametrize(
    "question",
    [
        'who holds "Rubizhne" NEAR(Izium) OR * -Kharkiv:',
        "who holds <b>Rubizhne</b> &amp; <a href='x'>Izium</a>?",
        "\u202ewho holds Rubizhne?\u202c",
        "\udcff who holds Rubizhne?",  # undecodable bytes on a command line become lone surrogates
        "who holds Rubizhne?\x00\x1b",
        "Rubizhne " * 120,
        "🇺🇦" * 2000,
    ],
)
def test_syntax_in_a_question_is_text_not_markup(sample_engine: Engine, question: str) -> None:
    for reply in bot_messages(sample_engine, question):
        sendable(reply.text)
