"""Caveats a reader sees: who claims it, whether anyone confirmed it, how old it is.

Unit tests read small invented sentences; the engine tests ask questions over
invented articles (tests/data/caveat_articles.jsonl) with the real model,
SQLite store and FAISS index.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.caveats import Speaker, date_mentions, speaker_of
from index.caveats.quoted import Quoted
from index.caveats.speakers import speaker_caveats
from index.embedding import Embedder
from index.engine import Engine
from index.models import Answer, Article
from tests.conftest import make_engine

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "caveat_articles.jsonl"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    """An engine over the invented caveat articles only (read-only)."""
    engine = make_engine(tmp_path_factory.mktemp("caveats"), embedder)
    engine.ingest([ARTICLES])
    yield engine
    engine.close()


def caveat_texts(answer: Answer, kind: str) -> list[str]:
    return [c.text for c in answer.caveats if c.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bridge was destroyed on 14 June 2023, the mayor said.", ["14 June 2023"]),
        ("Окупанти залишили село 15 листопада.", ["15 листопада"]),
        ("The village has been shelled since early 2022.", ["early 2022"]),
        ("Из села ушли 22 март 2023 г.", ["22 март 2023 г"]),
        ("The shelling resumed in May and on Monday.", []),
    ],
)
def test_undated_text_dates_are_read_as_written(text: str, expected: list[str]) -> None:
    assert date_mentions(text) == expected


def test_an_undated_source_says_which_dates_its_text_gives(engine: Engine) -> None:
    answer = engine.ask("Хто контролює Вербівку?")
    undated = caveat_texts(answer, "undated")
    assert undated, answer.answer
    assert "15 листопада" in undated[0] and "на початку 2022" in undated[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "“Tykhoplav is free,” Olena Vyshnevska wrote on Facebook.",
            Speaker("Olena Vyshnevska", None, "Olena Vyshnevska wrote"),
        ),
        ("«Сподіваємося, що Тихоплав буде звільнено», – додав він.", Speaker(None, None, "додав він")),
        ("Генштаб: Луногірськ поки що не звільнений", Speaker("Генштаб", "belligerent_official", ":")),
        (
            "Russia's defence ministry on Friday said its troops took Tykhoplav.",
            Speaker("Russia's defence ministry", "belligerent_official", "said"),
        ),
        (
            "Згідно зі звітом аналітиків, бої тривають за Тихоплав.",
            Speaker(None, None, "Згідно зі звітом аналітиків"),
        ),
        (
            "Flag raised over Tykhoplav — Example Press (@ExamplePress) June 1, 2024",
            Speaker("@ExamplePress", "osint", "@ExamplePress"),
        ),
        ("“Tykhoplav will be ours again.", Speaker(None, None, "")),
        ("«Тихоплавсталь» залишається заблокованою.", None),
        ("Трохи пізніше до них додалися Тихоплав і Луногірськ.", None),
        (
            "Напомним, 21 апреля, Шойгу доложил, что Тихоплав был освобожден.",
            Speaker("Шойгу", "belligerent_official", "доложил"),
        ),
        ("Reporters saw buses leave Tykhoplav overnight.", None),
        (
            "At the same time, Major General Ivan Sosnin highlighted the risks of storming Tykhoplav.",
            Speaker("Major General Ivan Sosnin", None, "Major General Ivan Sosnin highlighted"),
        ),
        ("The fall of Tykhoplav, first reported on 16 November, drew attention.", None),
        ("Footage posted on 6 May showed troops in Tykhoplav.", None),
        (
            "“The flag flies again over Tykhoplav,” Ukraine’s defence ministry proclaimed.",
            Speaker("Ukraine’s defence ministry", "belligerent_official", "Ukraine’s defence ministry proclaimed"),
        ),
    ],
)
def test_whose_words_a_sentence_gives(sentence: str, expected: Speaker | None) -> None:
    assert speaker_of(sentence) == expected


def test_a_quoted_speaker_the_classifier_does_not_know_is_named_as_the_claimant(engine: Engine) -> None:
    answer = engine.ask("Who holds Tykhoplav?")
    attributed = caveat_texts(answer, "attributed")
    assert any("Olena Vyshnevska" in text for text in attributed), answer.answer
    # "Vyshnevska said" in another outlet is the same speaker: one caveat, named in full.
    assert not any("Only Vyshnevska" in text for text in attributed), answer.answer


def test_a_heading_that_gives_a_partys_words_is_a_belligerent_claim(engine: Engine) -> None:
    answer = engine.ask("Хто контролює Луногірськ?")
    belligerent = caveat_texts(answer, "belligerent_claim")
    assert belligerent and "Генштаб" in belligerent[0], answer.answer


def test_a_hedge_in_the_claims_own_sentence_travels_with_it(engine: Engine) -> None:
    answer = engine.ask("Who holds Lunoriv?")
    unverified = caveat_texts(answer, "unverified")
    assert any("reportedly" in text for text in unverified), answer.answer


def test_a_claim_the_source_reports_denied_is_flagged_disputed(engine: Engine) -> None:
    answer = engine.ask("Who controls Verkhnia Sosnivka?")
    assert any(text.startswith("Disputed") for text in caveat_texts(answer, "unverified")), answer.answer
    # The denial itself is one side's word.
    assert any("General Staff" in text for text in caveat_texts(answer, "belligerent_claim")), answer.answer


def test_the_own_reporting_of_an_outlet_of_a_side_is_that_sides_claim() -> None:
    sentence = "Russian forces took the village of Ostrivka."
    aligned = Quoted(1, Article(id="a", text=sentence, source="italy.news-pravda.com"), sentence)
    foreign = Quoted(2, Article(id="b", text=sentence, source="example.org"), sentence)
    [caveat] = speaker_caveats([aligned, foreign], "en")
    assert caveat.kind == "belligerent_claim" and caveat.citations == (1,)
    assert "italy.news-pravda.com" in caveat.text


def test_the_rules_own_hedge_labels_are_never_quoted_as_the_sources_words() -> None:
    from dataclasses import replace as with_

    from index.caveats.unconfirmed import hedge_caveats
    from index.models import Claim

    sentence = "В ВСУ признали потерю контроля над Остривным."
    base = Claim(id="c", article_id="a", passage_id="p", start=0, end=len(sentence), place="Остривным", place_key="k",
                 side="Ukraine", action="lost", control="Russia", claimant="ВСУ", claimant_kind="belligerent_official")
    article = Article(id="a", text=sentence, source="example.ru")
    told = Quoted(1, article, sentence, with_(base, hedges=("as told by the other side's media", "quoted")), "ВСУ")
    [caveat] = hedge_caveats([told], "en")
    assert caveat.text == "Told only by the other side's media: example.ru reports what ВСУ said [1]."
    reportedly = Quoted(2, article, sentence, with_(base, hedges=("reportedly",)), "ВСУ")
    assert [c.text for c in hedge_caveats([reportedly], "en")] == ["Unverified: the source itself calls this “reportedly” [2]."]
