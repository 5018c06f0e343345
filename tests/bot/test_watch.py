"""Watching a place: /watch, /unwatch, /watching, /timeline, and one notification per new claim."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import build_application, running
from bot.settings import BotSettings
from index.engine import Engine
from tests.bot.conftest import ADMIN, OTHER, USER, Site, article, ask
from tests.support.loopback_api import LoopbackBotAPI, parse_html

RECAPTURED = article(
    "Russia says it recaptured Rubizhne",
    "2022-05-20",
    "Russian troops recaptured the village of Rubizhne, north-west of Kharkiv, Russia's defence "
    "ministry said on Friday. The claim could not be independently verified.\n\n"
    "Fighting continued near Izium, where Russian forces shelled several villages.",
)


async def test_timeline_shows_every_claim_newest_first_with_sources(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/timeline Cherkaski Tyshky")
    assert reply.text.startswith("Timeline: Cherkaski Tyshky (newest first)")
    assert reply.text.index("10 May 2022") < reply.text.index("6 May 2022")
    assert "@War_Mapper" in reply.text and "Ukrainian Armed Forces" in reply.text
    assert "[1] Newsweek" in reply.text
    parse_html(reply.source)


@pytest.mark.parametrize("place", ["Черкаських Тишок", "cherkaski tyshky", "Cherkasski Tyshky"])
async def test_timeline_reads_the_place_as_questions_do(api: LoopbackBotAPI, bot: Any, place: str) -> None:
    # Inflected, lowercase, misspelt: the same place, the same two claims, as a question would find.
    [reply] = await ask(api, USER, f"/timeline {place}")
    assert "@War_Mapper" in reply.text and "Ukrainian Armed Forces" in reply.text


async def test_timeline_of_a_misspelt_name_finds_the_one_place_that_close(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/timeline Sievierodonestk")
    assert "Severodonetsk" in reply.text and "ISW" in reply.text


async def test_timeline_of_one_place_of_a_shared_name_leaves_out_the_others(api: LoopbackBotAPI, bot: Any) -> None:
    # The sample's Rubizhne is the one near Kharkiv (its claim's place_id says so).
    [kharkiv] = await ask(api, USER, "/timeline Rubizhne")
    assert "@War_Mapper" in kharkiv.text
    [luhansk] = await ask(api, USER, "/timeline Rubizhne, Luhansk oblast")
    assert luhansk.text == "No stored article makes a claim about Rubizhne, Luhansk oblast."


async def test_timeline_of_a_shared_name_says_which_place_each_claim_is_about(
    api: LoopbackBotAPI, bot: Any, site: Site
) -> None:
    url = site.add("/rubizhne-luhansk.txt", article(
        "Russia says it took Rubizhne near Kreminna",
        "2022-05-21",
        "Russian troops took the town of Rubizhne in Luhansk oblast, near Kreminna, Russia's defence ministry said.",
    ))
    [progress] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: progress.text.startswith("Done"), 30, "the ingest summary")
    [reply] = await ask(api, USER, "/timeline Rubizhne")
    assert "Rubizhne (Luhansk oblast)" in reply.text and "Rubizhne (Kharkiv oblast)" in reply.text
    # One place only: no label to tell places apart.
    [one] = await ask(api, USER, "/timeline Rubizhne, Luhansk oblast")
    assert "(Kharkiv oblast)" not in one.text and "(Luhansk oblast)" not in one.text


async def test_timeline_without_a_place_gets_the_usage_line(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/timeline")
    assert reply.text == "Usage: /timeline <place>, e.g. /timeline Rubizhne"


async def test_timeline_of_an_unknown_place_says_so(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/timeline Zzyzxville")
    assert reply.text == "No stored article makes a claim about Zzyzxville."


async def test_watch_unwatch_and_watching(api: LoopbackBotAPI, bot: Any) -> None:
    [watch] = await ask(api, USER, "/watch Rubizhne")
    assert watch.text.startswith("Watching Rubizhne: I'll message you")
    [again] = await ask(api, USER, "/watch Рубіжне")  # the same place, written in Ukrainian
    assert again.text == "Ви вже стежите за Рубіжне."
    [new] = await ask(api, USER, "/watch Zzyzxville")
    assert "No stored article mentions it yet" in new.text
    [listing] = await ask(api, USER, "/watching")
    assert listing.text == "You watch: Rubizhne, Zzyzxville"
    [dropped] = await ask(api, USER, "/unwatch zzyzxville")
    assert dropped.text == "Stopped watching zzyzxville."
    [missing] = await ask(api, USER, "/unwatch Izium")
    assert missing.text.startswith("You were not watching Izium.")
    [listing] = await ask(api, USER, "/watching")
    assert listing.text == "You watch: Rubizhne"


async def test_a_watch_is_one_place_however_it_is_written(api: LoopbackBotAPI, bot: Any) -> None:
    [first] = await ask(api, USER, "/watch Dzerzhinsk")
    assert first.text.startswith("Watching Dzerzhinsk")
    # Toretsk's current name, in Ukrainian: the same town.
    [again] = await ask(api, USER, "/watch Торецьк")
    assert again.text in ("Ви вже стежите за Торецьк.", "Вы уже следите за Торецьк.")
    [inflected] = await ask(api, USER, "/watch Рубіжного")
    assert inflected.text.startswith("Стежу за Рубіжного")
    [same] = await ask(api, USER, "/watch rubizhne")
    assert same.text == "You are already watching rubizhne."
    [dropped] = await ask(api, USER, "/unwatch Рубежное")
    assert dropped.text in ("Більше не стежу за Рубежное.", "Больше не слежу за Рубежное.")
    [listing] = await ask(api, USER, "/watching")
    assert listing.text == "You watch: Dzerzhinsk"


async def test_a_watch_on_one_place_of_a_shared_name_hears_only_about_it(
    api: LoopbackBotAPI, bot: Any, site: Site, engine: Engine
) -> None:
    await ask(api, USER, "/watch Rubizhne, Luhansk oblast")
    await ask(api, OTHER, "/watch Рубіжного")  # any Rubizhne, inflected
    url = site.add("/rubizhne.txt", RECAPTURED)  # the Rubizhne north-west of Kharkiv
    [progress] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: progress.text.startswith("Done"), 30, "the ingest summary")
    [note] = (await api.wait_for_messages(OTHER, 2, timeout=30))[1:]
    assert note.text.startswith("🔔 Нове про Рубіжного")
    assert len(api.sent(USER)) == 1


async def test_a_new_claim_about_a_watched_place_is_told_once(
    api: LoopbackBotAPI, bot: Any, site: Site, engine: Engine
) -> None:
    await ask(api, USER, "/watch Rubizhne")
    await ask(api, OTHER, "/watch Izium")  # no claim about Izium's control in the article
    url = site.add("/rubizhne.txt", RECAPTURED)
    [progress] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: progress.text.startswith("Done"), 30, "the ingest summary")
    [note] = (await api.wait_for_messages(USER, 2, timeout=30))[1:]
    assert note.text.startswith("🔔 New about Rubizhne")
    assert "Russia's defence ministry" in note.text and "127.0.0.1" in note.text
    assert "party to the war" in note.text  # the belligerent-claim caveat travels with it
    assert "Show passage [1]" in note.button_texts
    # Ingesting the same article again (unchanged) or re-fetching it tells nobody again.
    [again] = await ask(api, ADMIN, f"/ingest {url}")
    await api.wait_until(lambda: again.text.startswith("Done"), 30, "the second ingest summary")
    assert len(api.sent(USER)) == 2
    assert [m.text for m in api.sent(OTHER)] == [api.sent(OTHER)[0].text]


async def test_watches_survive_a_restart(api: LoopbackBotAPI, settings: BotSettings, engine: Engine, site: Site) -> None:
    async with running(build_application(settings, engine), settings):
        await ask(api, USER, "/watch Rubizhne")
    async with running(build_application(settings, engine), settings):
        url = site.add("/rubizhne.txt", RECAPTURED)
        await ask(api, ADMIN, f"/ingest {url}")
        messages = await api.wait_for_messages(USER, 2, timeout=30)
    assert messages[1].text.startswith("🔔 New about Rubizhne")


async def test_text_too_long_to_be_a_place_gets_the_usage_line(api: LoopbackBotAPI, bot: Any) -> None:
    [reply] = await ask(api, USER, "/watch " + "Rubizhne " * 400)
    assert reply.text == "Usage: /watch <place>, e.g. /watch Rubizhne"
