"""Rendering answers for Telegram: escaped, valid HTML, under 4,096 characters, opaque short buttons."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import render
from index.models import Answer, Caveat, Citation, PlaceMention, Statement
from tests.bot.conftest import ADMIN, USER, Site, article, ask
from tests.support.loopback_api import LoopbackBotAPI, parse_html, utf16_len

HOSTILE = '<b>bold</b> & <a href="javascript:alert(1)">x</a> </blockquote> &amp; *_[`]( \u202e\u200f \x00'
AID = "Abc_-123456789xyz"[:16]


def citation(n: int, quote: str, title: str = "Title", url: str | None = "https://example.com/a?x=1&y=2") -> Citation:
    return Citation(
        n=n, article_id=f"a{n}", url=url, title=title, source="Outlet", published=date(2022, 5, 10),
        passage_id=f"p{n}", quote=quote, score=1.0,
    )


def make_answer(quote: str, title: str = "Title", caveats: int = 3, n: int = 4, lang: str = "en") -> Answer:
    cites = tuple(citation(i, quote, title) for i in range(1, n + 1))
    statements = tuple(Statement(f"Latest claim (10 May 2022): Outlet [{i}]: “{quote}”", (i,)) for i in range(1, n + 1))
    return Answer(
        question="who holds X?", status="answered", answer="", lang=lang, statements=statements,
        citations=cites, caveats=tuple(Caveat("unverified", f"Unverified: “{quote}” [1].", (1,)) for _ in range(caveats)),
        places=(PlaceMention("Rubizhne", "Rubizhne"),), more=tuple(citation(i, quote, title) for i in range(n + 1, n + 6)),
    )


def check(replies: list[render.Reply]) -> str:
    visible = ""
    for reply in replies:
        text, _ = parse_html(reply.text)  # raises on anything Telegram would reject
        assert 0 < utf16_len(text) <= 4096 and utf16_len(reply.text) <= 4096
        visible += text
    return visible


def test_a_long_answer_is_split_between_paragraphs_and_every_part_fits() -> None:
    answer = make_answer("Rubizhne was taken. " * 400, caveats=12, n=4)
    replies = render.answer_replies(answer, AID)
    visible = check(replies)
    assert len(replies) >= 2
    assert replies[-1].keyboard is not None and all(r.keyboard is None for r in replies[:-1])
    assert "…" in visible  # long quotes are shortened in the lead; the whole one is behind the button


def test_a_shortened_quote_keeps_the_place_asked_about() -> None:
    quote = "Troops took " + ", ".join(f"Village{i}" for i in range(80)) + " and Rubizhne, north-west of Kharkiv."
    visible = check(render.answer_replies(make_answer(quote, n=1, caveats=0), AID))
    assert "Rubizhne" in visible.split("Sources:")[0]


def test_titles_quotes_and_urls_are_escaped() -> None:
    answer = make_answer(HOSTILE, title=HOSTILE)
    replies = render.answer_replies(answer, AID)
    visible = check(replies)
    assert '<b>bold</b> & <a href="javascript:alert(1)">x</a>' in visible
    links = [e["url"] for r in replies for e in parse_html(r.text)[1] if e["type"] == "text_link"]
    assert links and all(link == "https://example.com/a?x=1&y=2" for link in links)


def test_the_whole_passage_is_behind_its_button() -> None:
    long_passage = "Before. " * 100 + "The quoted sentence about Rubizhne." + " After." * 100
    reply = render.passage_reply(citation(1, "The quoted sentence about Rubizhne."), long_passage, "en")
    visible = check([reply])
    assert "The quoted sentence about Rubizhne." in visible and "Before. Before." in visible


def test_a_huge_passage_of_markup_characters_still_fits() -> None:
    reply = render.passage_reply(citation(1, "&"), "&<>" * 5000, "en")
    check([reply])


@settings(max_examples=60, deadline=None)
@given(quote=st.text(min_size=1, max_size=3000), title=st.text(max_size=400), lang=st.sampled_from(["en", "uk", "ru"]))
def test_any_text_renders_to_messages_telegram_accepts(quote: str, title: str, lang: str) -> None:
    answer = make_answer(quote, title=title or "t", lang=lang)
    check(render.answer_replies(answer, AID))
    check(render.more_replies(answer.more, AID, lang))
    check([render.passage_reply(answer.citations[0], quote * 3, lang)])


def test_button_data_is_short_and_opaque() -> None:
    keyboard = render.answer_keyboard(make_answer("q"), AID)
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert all(isinstance(d, str) and len(d.encode()) <= 64 for d in data)
    assert {render.parse_button(d).kind for d in data if d} == {"p", "m", "v"}  # type: ignore[union-attr]


def test_forged_button_data_parses_to_nothing() -> None:
    for forged in ["", "p", "p:short:1", f"p:{AID}:1:2", f"x:{AID}:1", f"v:{AID}:maybe", "reindex", f"p:{AID}:100", None, 5]:
        assert render.parse_button(forged) is None


async def test_an_article_with_hostile_markup_is_answered_with_valid_html(
    api: LoopbackBotAPI, bot: Any, site: Site
) -> None:
    text = article(
        "<script>alert(1)</script> & <b>Breaking</b>",
        "2022-05-21",
        "Russian troops shelled <Zarichne> & <b>nearby</b> villages on Saturday, officials said. " * 30,
    )
    url = site.add("/hostile.txt", text)
    [progress] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: progress.text.startswith("Done"), 30, "the ingest summary")
    replies = await ask(api, USER, "what happened in Zarichne?")
    assert "<script>alert(1)</script> & <b>Breaking</b>" in replies[0].text
    assert all(len(r.text) <= 4096 for r in replies)
