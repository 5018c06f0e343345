"""What answers say about places: which one of a shared name, honest not-found, the gazetteer at start."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import index.gazetteer as gazetteer_module
from index.embedding import Embedder
from index.engine import Engine
from index.gazetteer import GazetteerError
from index.settings import Settings
from tests.conftest import make_engine


def test_a_shared_name_is_decided_from_the_sources(sample_engine: Engine) -> None:
    # The sample article is about the villages north-east of Kharkiv.
    answer = sample_engine.ask("Who holds Rubizhne?")
    place = answer.to_json()["places"][0]
    assert place["oblast"] == "Kharkiv" and place["id"].startswith("UA63")
    assert {c["oblast"] for c in place["candidates"]} >= {"Luhansk", "Kharkiv", "Donetsk", "Vinnytsia"}
    assert "Rubizhne, Kharkiv oblast" in place["note"]
    assert answer.status == "answered"


def test_the_question_decides_which_place_of_a_shared_name(sample_engine: Engine) -> None:
    place = sample_engine.ask("Who holds Rubizhne in Luhansk oblast?").to_json()["places"][0]
    assert place["oblast"] == "Luhansk" and place["id"].startswith("UA44")


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Who holds Velykyi Burluk?", ["Velykyi Burluk is a real settlement", "Kharkiv oblast", "Covered places near it:", "Ruski Tyshky"]),
        ("Хто контролює Великий Бурлук?", ["справжній населений пункт", "Харківська область", "Руські Тишки"]),
        ("Кто контролирует Великий Бурлук?", ["реальный населённый пункт", "Харьковская область", "км"]),
    ],
)
def test_a_real_place_the_articles_lack_is_named_with_covered_places_near_it(
    sample_engine: Engine, question: str, words: list[str]
) -> None:
    answer = sample_engine.ask(question)
    assert answer.status == "not_found" and not answer.citations
    for word in words:
        assert word in answer.answer


def test_a_name_that_is_no_place_says_so(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Who holds Narnia?")
    assert answer.status == "not_found"
    assert "“Narnia” is not a known place name." in answer.answer


def test_an_inflected_name_is_the_place(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Що відомо про Руські Тишки?")
    assert answer.status == "answered"
    assert answer.to_json()["places"][0]["oblast"] == "Kharkiv"


def test_a_question_of_only_place_names_is_answered(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Rubizhne, Ruski Tyshky")
    assert answer.status in ("answered", "ambiguous")
    assert [p.name for p in answer.places] == ["Rubizhne", "Ruski Tyshky"]


def test_claims_carry_the_gazetteer_id_of_their_place(sample_engine: Engine) -> None:
    claims = sample_engine.store.claims_about(["rsk tsk"])
    assert claims and all(c.place_id and c.place_id.startswith("UA63") for c in claims)


@pytest.mark.parametrize(
    ("name", "raion"),
    [
        # "near Kharkiv ... Bairak, Rubizhne, Verkhnii, Saltiv and Zamilivka": the article names
        # Luhansk Oblast for another story; the sentence's own places say Kharkiv oblast.
        ("Rubizhne", "Chuhuivskyi raion"),
        # "... Shestakovo, Peremoha, and part of Cherkasky Tyshky" is no claim about Cherkasy oblast.
        ("Shestakovo", "Chuhuivskyi raion"),
        # Of several Slobozhanskes in Kharkiv oblast, the one beside Rus'ki Tyshky in the list.
        ("Slobozhanske", "Kharkivskyi raion"),
    ],
)
def test_the_sample_villages_carry_the_settlement_their_sentence_means(
    sample_engine: Engine, name: str, raion: str
) -> None:
    claims = [c for c in sample_engine.store.claims_for_article("newsweek-2022-05-10-kharkiv") if c.place == name]
    places = {gazetteer_module.gazetteer().by_id(c.place_id) for c in claims if c.place_id}
    assert claims and len(places) == 1
    [place] = places
    assert place is not None and (place.oblast, place.raion) == ("Kharkiv", raion)


def test_a_name_the_text_does_not_place_carries_no_id(sample_engine: Engine) -> None:
    # "Saltiv" (of Staryi Saltiv, cut short) is only a typo away from Saliv, Kyiv oblast;
    # Ukrainka has several places in Kharkiv oblast alone.
    claims = sample_engine.store.claims_for_article("newsweek-2022-05-10-kharkiv")
    assert {c.place for c in claims if c.place_id is None} >= {"Saltiv", "Ukrainka"}


@pytest.mark.parametrize("content", [None, b"not a gazetteer"])
def test_a_missing_or_corrupt_gazetteer_stops_the_engine_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    path = tmp_path / "gazetteer.sqlite.gz"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(gazetteer_module, "_cached", None)
    monkeypatch.setattr(gazetteer_module, "data_path", lambda: path)
    with pytest.raises(GazetteerError, match="build_gazetteer.py"):
        Engine(Settings(data_dir=tmp_path / "data"))
    assert not (tmp_path / "data").exists()  # nothing half-made


@pytest.fixture(scope="module")
def two_kostiantynivkas(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    """Two articles written for the test: the Donetsk-oblast city, and a Sumy-oblast village of the same name."""
    folder = tmp_path_factory.mktemp("kostiantynivka")
    articles = folder / "articles.jsonl"
    rows = [
        {"url": "https://example-news.com/a", "published": "2025-06-01", "source": "example-news.com",
         "title": "Front line report",
         "text": "Ukrainian troops continue to hold the city of Kostiantynivka in Donetsk oblast despite heavy shelling."},
        {"url": "https://example-news.com/b", "published": "2025-06-10", "source": "example-news.com",
         "title": "Sumy front report",
         "text": "On the Sumy front, Russian units stop a Ukrainian counterattack, regain control of "
                 "Konstantinovka, and advance toward Kondratovka."},
    ]
    articles.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    engine = make_engine(folder / "data", embedder)
    engine.ingest([articles])
    yield engine
    engine.close()


def test_a_bare_shared_name_is_held_by_whoever_holds_the_largest_place_of_it(two_kostiantynivkas: Engine) -> None:
    # The Sumy-oblast village's claim is not mixed into the city's holder.
    answer = two_kostiantynivkas.ask("Who holds Kostiantynivka?")
    assert answer.holder == "Ukraine"
