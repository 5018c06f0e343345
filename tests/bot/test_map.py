"""/map through the loopback Bot API: a photo with its caption and Sources button, and misuse."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import numpy as np
import pytest
from PIL import Image
from telegram.ext import Application

from tests.bot.conftest import USER, ask, press
from tests.support.loopback_api import LoopbackBotAPI

BotApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.mark.asyncio(loop_scope="function")
async def test_map_sends_a_photo_with_the_caption_and_a_sources_button(api: LoopbackBotAPI, bot: BotApp) -> None:
    [photo] = await ask(api, USER, "/map Kharkiv oblast 2022-05-10", timeout=60)
    assert photo.photo is not None and photo.photo.data[:8] == b"\x89PNG\r\n\x1a\n"
    image = np.asarray(Image.open(io.BytesIO(photo.photo.data)).convert("RGB"))
    assert image.shape[1] >= 1000 and image.std() > 10  # a real picture, not a blank one
    assert "Kharkiv oblast, as of 10 May 2022" in photo.text
    assert "not verified positions" in photo.text
    assert "[1] Newsweek" in photo.text and len(photo.text) <= 1024
    calls = [c.method for c in api.calls() if c.method in ("sendPhoto", "sendChatAction")]
    assert calls == ["sendChatAction", "sendPhoto"]
    [data] = photo.callback_data
    [sources] = await press(api, photo, data)
    assert "[1] Newsweek — Russia Rapidly Retreating" in sources.text


@pytest.mark.asyncio(loop_scope="function")
async def test_map_in_ukrainian_names_places_in_ukrainian(api: LoopbackBotAPI, bot: BotApp) -> None:
    [photo] = await ask(api, USER, "/map Харківська область 2022-05-10", timeout=60)
    assert photo.photo is not None
    assert photo.text.startswith("Харківська область, станом на 10 травня 2022")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/map", "Usage: /map"),
        ("/map Atlantis", "I don't know that place"),
        ("/map Kharkiv oblast 2022-13-45", "is not a date"),
        ("/map Kharkiv oblast 2999-01-01", "in the future"),
        ("/map Kharkiv oblast 2020-01-01", "Nothing to draw"),
        ("/map Lviv oblast", "Nothing to draw"),
    ],
)
@pytest.mark.asyncio(loop_scope="function")
async def test_map_misuse_gets_a_clear_reply_and_no_picture(api: LoopbackBotAPI, bot: BotApp, command: str, expected: str) -> None:
    [reply] = await ask(api, USER, command, timeout=60)
    assert reply.photo is None and expected in reply.text


@pytest.mark.asyncio(loop_scope="function")
async def test_one_map_per_user_at_a_time(api: LoopbackBotAPI, bot: BotApp) -> None:
    api.send_text(USER, "/map Kharkiv oblast")
    api.send_text(USER, "/map Izium")
    sent = await api.wait_for_messages(USER, 2, timeout=60)
    await asyncio.sleep(0.5)
    texts = [m.text for m in api.sent(USER)]
    assert sum(1 for m in api.sent(USER) if m.photo is not None) == 1
    assert any("one at a time" in t for t in texts), texts
    assert sent


def test_a_long_caption_is_cut_at_a_line_within_1024_characters_and_the_rest_follows() -> None:
    from datetime import date

    from bot.render import map_caption
    from index.maps.model import ControlMap, MapMark, MapSource

    sources = tuple(
        MapSource(n=n, article_id=f"a{n}", source=f"outlet{n}.example", title="A long title <with> & markup " * 2,
                  url=f"https://outlet{n}.example/story?id={n}&x=<y>", published=date(2024, 1, 1 + n % 28))
        for n in range(1, 81)
    )
    marks = tuple(MapMark(key=f"s{i}", name=f"Village {i}", lat=48.0 + i / 100, lon=37.0, holder="Russia",
                          newest=date(2024, 2, 1), sources=(1 + i % 80,)) for i in range(80))
    cmap = ControlMap(area="Donetsk oblast", kind="oblast", as_of=date(2024, 12, 31), lang="en", marks=marks,
                      sources=sources, extent=(48.0, 36.5, 49.0, 38.0))
    caption, rest = map_caption(cmap, 60)
    assert len(caption.encode("utf-16-le")) // 2 <= 1024
    assert "not verified positions" in caption and "&lt;with&gt;" in caption and "<with>" not in caption
    assert rest and all(len(m) <= 4096 for m in rest)
    everything = caption + "\n".join(rest)
    assert all(f"[{n}] outlet{n}.example" in everything for n in range(1, 81))
