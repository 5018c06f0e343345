"""The places a question asks about, found with the real gazetteer.

Gold places: tests/data/place_questions.jsonl (invented questions) and
tests/data/question_places.jsonl (the shared corpora's questions, by id).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from index.gazetteer import gazetteer
from index.places import place_key
from index.question_places import find_places, options, settlement_for
from index.search import analyze

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[3] / "shared"
OWN = [json.loads(line) for line in (DATA / "place_questions.jsonl").read_text().splitlines()]


def resolve(gold: str) -> tuple[set[str], set[str]]:
    """(ids, keys) of a gold place: "Name@Oblast", "@Oblast" or a bare name the gazetteer lacks."""
    gz = gazetteer()
    name, _, oblast = gold.partition("@")
    if not name:
        o = gz.oblast(oblast)
        return ({o.id} if o else set()), set()
    found = [s for s in gz.lookup(name) if not oblast or s.oblast == oblast]
    return {s.id for s in found}, {place_key(name)}


def found_matches(gold: str, place) -> bool:
    ids, keys = resolve(gold)
    if place.candidates and ids:
        # Decided by the question: the first candidate; left open: among the candidates.
        have = {place.candidates[0].id} if place.decided else {c.id for c in place.candidates}
        return bool(have & ids)
    return bool(set(place.keys) & keys)


def check(question: str, places: list[str], ambiguous: list[str]) -> None:
    targets = find_places(question).targets
    assert len(targets) == len(places), (question, [p.surface for p in targets])
    for gold, place in zip(places, targets):
        assert found_matches(gold, place), (question, gold, place.surface, place.candidates[:3])
    if ambiguous:
        ids = {s.id for s in options(targets[0])}
        for gold in ambiguous:
            assert resolve(gold)[0] & ids, (question, gold)


@pytest.mark.parametrize("item", OWN, ids=[i["note"] for i in OWN])
def test_invented_questions_find_exactly_the_places_asked_about(item):
    check(item["question"], item["places"], item.get("ambiguous", []))


def _shared_items() -> list[dict]:
    gold = {}
    for line in (DATA / "question_places.jsonl").read_text().splitlines():
        g = json.loads(line)
        gold[g["id"]] = g
    items = []
    for name in ("corpus", "corpus2"):
        path = SHARED / name / "questions.jsonl"
        if path.exists():
            for line in path.read_text().splitlines():
                q = json.loads(line)
                items.append({**gold[q["id"]], "question": q["question"]})
    return items


def test_shared_corpora_questions_find_exactly_the_places_asked_about():
    items = _shared_items()
    if not items:
        pytest.skip(f"the shared corpora are not at {SHARED}")
    for item in items:
        check(item["question"], item["places"], item.get("ambiguous", []))


@pytest.mark.parametrize(
    ("question", "surface"),
    [
        ("Признала ли Украина потерю Торецка?", "Торецка"),
        ("Взяла ли Россия Юнаковку Сумской области в мае 2025 года?", "Юнаковку"),
        ("Контролировала ли Россия всю Марьинку?", "Марьинку"),
        ("Освободили ли украинские войска Новую Каховку?", "Новую Каховку"),
    ],
)
def test_a_verb_or_common_word_first_is_no_place(question, surface):
    assert [p.surface for p in find_places(question).targets] == [surface]


def test_a_capitalized_first_word_is_a_place_when_nothing_else_is():
    assert [p.surface for p in find_places("Bakhmut?").targets] == ["Bakhmut"]


@pytest.mark.parametrize(
    ("question", "oblasts"),
    [
        ("Who holds Borova in Kharkiv oblast?", ("Kharkiv",)),
        ("Коли ЗСУ звільнили Борову на Харківщині?", ("Kharkiv",)),
        ("Взяла ли Россия Юнаковку Сумской области?", ("Sumy",)),
        ("Did Ukrainian forces enter Grayvoron during the Belgorod incursions?", ("Belgorod",)),
    ],
)
def test_oblasts_are_read_not_taken_for_places(question, oblasts):
    found = find_places(question)
    assert found.oblasts == oblasts
    assert len(found.targets) == 1 and found.targets[0].decided


def test_a_reference_point_is_context_not_the_place_asked_about():
    found = find_places("Кто контролирует село Диброва под Кременной?")
    assert [p.surface for p in found.targets] == ["Диброва"]
    assert [p.surface for p in found.context] == ["Кременной"]
    dibrova = found.targets[0]
    assert dibrova.decided and dibrova.candidates[0].oblast == "Luhansk"


def test_analyze_searches_every_spelling_of_the_place():
    query = analyze("Who controls Toretsk?")
    assert query.names == ("Toretsk",)
    assert place_key("Dzerzhinsk") in query.keys and place_key("Торецьк") in query.keys
    assert analyze("Who controls Chasiv Yar?").search_keys[:2] == ("csv", "ar")


# -- bad input -----------------------------------------------------------------------


def test_forty_place_names_in_one_question():
    names = [s.name_en for s in gazetteer().in_oblast("Donetsk") if s.kind == "city"][:40]
    found = find_places("Who holds " + ", ".join(names) + "?")
    assert len(found.targets) >= 35


@pytest.mark.parametrize(
    "question",
    [
        "Who holds " + "X" * 200 + "?",
        "Хто контролює " + "Щ" * 200 + "?",
        "Who holds " + "Rubizhne" * 25 + "?",
        "🙂🙂🙂 ??? ...",
        "",
        "   ",
        "\u200b\u200bKherson\u200b",
        "Who holds Kherson" + "?" * 1000,
    ],
)
def test_hostile_names_are_quick_and_harmless(question):
    start = time.perf_counter()
    found = find_places(question)
    assert time.perf_counter() - start < 0.5
    for p in found.targets:
        assert p.surface and question[p.start : p.end] == p.surface


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Хто контролює Iзюм?", "Izium"),  # a Latin I in a Cyrillic word
        ("Хто контролює Кyпʼянськ?", "Kupiansk"),  # a Latin y, a modifier-letter apostrophe
        ("Who holds Kheгson?", "Kherson"),  # a Cyrillic г in a Latin word
    ],
)
def test_homoglyphs_still_find_the_place(question, expected):
    targets = find_places(question).targets
    assert len(targets) == 1 and targets[0].candidates and targets[0].candidates[0].name_en == expected


@pytest.mark.parametrize(
    ("sentence", "name", "oblast", "raion"),
    [
        # Two oblasts in one sentence: the one named beside the name.
        (
            (
                "Ukrainian troops had to withdraw from Krynky on the left bank in Kherson oblast, and from "
                "the village of Urozhaine in Donetsk oblast."
            ),
            "Urozhaine", "Donetsk", "Volnovaskyi raion",
        ),
        # A town among villages of its name, when nothing else tells.
        ("Russian forces are inside Kostyantynivka.", "Kostyantynivka", "Donetsk", "Kramatorskyi raion"),
    ],
)
def test_settlement_for_reads_the_nearest_evidence(sentence, name, oblast, raion):
    place = settlement_for(name, sentence, sentence)
    assert place is not None and (place.oblast, place.raion) == (oblast, raion)


def test_settlement_for_does_not_guess_a_larger_village_away_from_the_sentence_places():
    # The named neighbours are in Kramatorskyi raion; a larger Katerynivka elsewhere in Donetsk oblast is no answer.
    sentence = "Russian units have taken control of Aleksandro-Shultino, Katerinovka and Kleban-Byk."
    assert settlement_for("Katerinovka", sentence, sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "L'armée russe garde le contrôle du hameau de Demidovka, dans la région de Belgorod.",
        "Demidovka, un pueblo del distrito de Krasnaya Yaruga en la región de Belgorod, cambió de manos.",
        "Russian forces retook Demidovka in the Belgorod region.",
    ],
)
def test_a_name_placed_in_an_oblast_without_a_settlement_of_it_is_none_of_the_registers(sentence):
    # Ukraine has eight Demydivkas; the sentence's is a village of Russia's Belgorod oblast the register lacks.
    assert settlement_for("Demidovka", sentence, sentence) is None


def test_an_oblast_across_the_border_does_not_say_where_a_town_is():
    sentence = "Russian troops attacked Vovchansk, near the border with the Belgorod region."
    found = settlement_for("Vovchansk", sentence, sentence)
    assert found is not None and found.oblast == "Kharkiv"


def test_a_village_name_in_a_text_about_oblasts_without_one_of_it_is_no_guess():
    # Orikhove is a village of seven oblasts, none of them Zaporizhzhia; "Orekhovo" in an article about the
    # Zaporizhzhia front is not the largest of them.
    document = "Le truppe russe avanzano nella regione di Zaporizhia. Le colonne avanzano verso Orekhovo anche da est."
    assert settlement_for("Orekhovo", "Le colonne avanzano verso Orekhovo anche da est.", document) is None
