"""Place names: folding, romanization, keys, names in questions, shared names."""

from __future__ import annotations

import pytest

from index.places import (
    candidate_names,
    disambiguate,
    fold,
    mentions,
    name_key,
    place_key,
    same_name_places,
    to_latin,
)


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Rus’ki Tyshky", "ruski tyshky"),
        ("Rus'ki  Tyshky", "ruski tyshky"),
        ("Rusʼki `Tyshky´", "ruski tyshky"),
        ("Dzierżyńsk", "dzierzynsk"),
        ("Lisičansk!", "lisicansk"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
        ("Куп’янськ", "купянськ"),  # Cyrillic stays Cyrillic
    ],
)
def test_fold_removes_apostrophes_marks_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    "cyrillic, latin",
    [
        ("Рубіжне", "rubizhne"),
        ("Торецк", "toretsk"),
        ("Куп’янськ", "kupiansk"),
        ("Харків", "kharkiv"),
        ("Щастя", "shchastia"),
        ("Єнакієве", "yenakiieve"),  # initial є → ye, inside → ie
        ("Згурівка", "zghurivka"),  # зг → zgh
        ("Ясинувата", "yasynuvata"),
        ("Подъёмный", "podemnyi"),  # Russian-only letters
        ("Kharkiv", "kharkiv"),  # Latin passes through
    ],
)
def test_to_latin_follows_the_national_system(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    "spellings",
    [
        ("Severodonetsk", "Sievierodonetsk", "Северодонецьк", "Сєвєродонецьк", "Sievjerodonetsk"),
        ("Izyum", "Izium", "Ізюм", "Изюм"),
        ("Vugledar", "Vuhledar", "Вугледар"),
        ("Popasna", "Popasnaya", "Попасна", "Попасной"),
        ("Avdiivka", "Avdiyivka", "Авдеевка", "Авдіївка"),
        ("Lysychansk", "Lysytshansk", "Лисичанськ", "Лисичанск"),
        ("Dzerzhinsk", "Dzerzhynsk", "Дзержинск", "Дзержинска", "Dzierżyńsk", "Dzeržinsk"),
        ("Rus'ki", "Ruski", "Russkie", "Руські"),
        ("Tyshky", "Tishki", "Тишки"),
        ("Rubizhne", "Рубіжне", "Рубежное"),
        ("Borova", "Борову", "Боровой", "Борова"),
        ("Vilkhivka", "Вільхівкою", "Вільхівку"),
        ("Kherson", "Херсон"),
        ("Kupiansk", "Kupyansk", "Куп'янськ"),
        ("Tsyrkuny", "Циркуни"),
        ("Toretsk", "Toreck", "Торецк"),
        ("Cherkaski", "Cherkasky", "Cherkas’ki"),
        ("Zaporizhzhia", "Zaporozhye", "Запоріжжя"),
        ("Luhansk", "Lugansk", "Луганськ"),
        ("Oleksandrivka", "Aleksandrovka", "Олександрівка"),
    ],
)
def test_name_key_meets_across_spellings_and_case_endings(spellings: tuple[str, ...]) -> None:
    keys = {name_key(s) for s in spellings}
    assert len(keys) == 1, {s: name_key(s) for s in spellings}


@pytest.mark.parametrize(
    "one, other",
    [
        ("Kharkiv", "Kurakhove"),
        ("Borova", "Borivske"),
        ("Soledar", "Sloviansk"),
        ("Lyman", "Luhansk"),
        ("Pokrovsk", "Popasna"),
        ("Kherson", "Khortytsia"),
    ],
)
def test_name_key_keeps_different_places_apart(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize(
    "one, other",
    [
        ("the village of Rus’ki Tyshky", "Ruski Tishki"),
        ("Руські Тишки", "Rus'ki Tyshky"),
        ("Kharkiv Oblast", "Kharkiv"),
        ("Харківська область", "Харківська"),
        ("Velyka Komyshuvakha village", "Велика Комишуваха"),
        ("Dzerzhinsk", "Toretsk"),  # renamed in 2016
        ("Артемовск", "Bakhmut"),
        ("Ugledar", "Vuhledar"),
    ],
)
def test_place_key_is_one_for_one_place(one: str, other: str) -> None:
    assert place_key(one) == place_key(other)


def test_place_key_keeps_a_hromada_apart_from_its_settlement() -> None:
    assert place_key("Borova hromada") != place_key("Borova")


def test_place_key_of_generic_words_only_is_empty() -> None:
    assert place_key("the village of") == ""


@pytest.mark.parametrize(
    "question, names",
    [
        ("Who holds Rubizhne?", ["Rubizhne"]),
        ("who holds rubizhne", ["rubizhne"]),
        ("is rubizhne still occupied?", []),  # no cue before the name: not guessed
        ("Did Russia capture Chasiv Yar?", ["Chasiv Yar"]),
        ("Is Rus'ki Tyshky still occupied?", ["Rus'ki Tyshky"]),
        ("Who controls Borova in Kharkiv oblast?", ["Borova", "Kharkiv"]),
        ("Did Wagner take Soledar in January 2023?", ["Soledar"]),
        ("What did the Institute for the Study of War say about Lysychansk?", ["Lysychansk"]),
        ("Did Zelenskyy accept Russia's claim that Lysychansk was captured?", ["Lysychansk"]),
        ("Коли ЗСУ звільнили Борову на Харківщині?", ["Борову", "Харківщині"]),
        ("Кто контролирует Покровск?", ["Покровск"]),
        ("Хто контролює Курахове?", ["Курахове"]),
        ("Who controls Velyka Komyshuvakha near Izium?", ["Velyka Komyshuvakha", "Izium"]),
    ],
)
def test_candidate_names_finds_place_names_in_questions(question: str, names: list[str]) -> None:
    assert candidate_names(question) == names


def test_candidate_names_drops_a_second_name_of_the_same_place() -> None:
    assert candidate_names("Кто контролирует Покровск (Красноармейск)?") == ["Покровск"]


def test_mentions_finds_case_forms_in_a_text() -> None:
    text = "Росіяни закріпилися в Циркунах. Жителі Циркунів і Вільхівці чекають."
    assert [m.text for m in mentions(text, "Tsyrkuny")] == ["Циркунах", "Циркунів"]
    assert [m.text for m in mentions(text, "Vilkhivka")] == ["Вільхівці"]
    span = mentions(text, "Tsyrkuny")[0]
    assert text[span.start : span.end] == span.text


def test_mentions_needs_a_capital_so_common_words_are_not_places() -> None:
    text = "A soldier said Soledar was quiet."
    assert [m.text for m in mentions(text, "Soledar")] == ["Soledar"]
    assert len(mentions(text, "Soledar", names_only=False)) == 2  # "soldier" has the same skeleton


def test_mentions_finds_a_renamed_town_under_its_old_name() -> None:
    assert [m.text for m in mentions("Минобороны сообщило о взятии Дзержинска.", "Toretsk")] == ["Дзержинска"]


def test_same_name_places_lists_the_rubizhnes() -> None:
    oblasts = {p.oblast for p in same_name_places("Рубіжне")}
    assert {"Luhansk", "Kharkiv"} <= oblasts
    assert all(p.key == place_key("Rubizhne") for p in same_name_places("Rubizhne"))


@pytest.mark.parametrize("name", ["Kherson", "Luhansk", "Donetsk", "Kharkiv"])
def test_same_name_places_tells_city_from_oblast(name: str) -> None:
    names = {p.name for p in same_name_places(name)}
    assert names == {name, f"{name} Oblast"}


@pytest.mark.parametrize("name", ["Sievierodonetsk", "Zorianka", "Avdiivka"])
def test_same_name_places_is_empty_for_a_unique_or_unknown_name(name: str) -> None:
    assert same_name_places(name) == []


@pytest.mark.parametrize(
    "name, context, oblast, place_name",
    [
        ("Rubizhne", "Ukrainian troops took Bairak, Rubizhne and Zamilivka northwest of Kharkiv.", "Kharkiv", "Rubizhne"),
        ("Rubizhne", "Fighting near Rubizhne, next to Sievierodonetsk in the Luhansk Oblast.", "Luhansk", "Rubizhne"),
        ("Borova", "The village of Borova, Kharkiv Oblast, was liberated.", "Kharkiv", "Borova"),
        ("Борова", "селище Борова Ізюмського району Харківської області", "Kharkiv", "Borova"),
        ("Kherson", "Russia ordered a retreat from the city of Kherson.", "Kherson", "Kherson"),
        ("Kherson", "Troops across the Kherson region will withdraw.", "Kherson", "Kherson Oblast"),
        ("Novoselivka", "the village of Novoselivka in Donetsk Oblast", "Donetsk", "Novoselivka"),
    ],
)
def test_disambiguate_reads_the_context(name: str, context: str, oblast: str, place_name: str) -> None:
    place = disambiguate(name, context)
    assert place is not None
    assert (place.oblast, place.name) == (oblast, place_name)


@pytest.mark.parametrize(
    "name, context",
    [
        ("Rubizhne", "Who holds Rubizhne?"),
        ("Kherson", "Who controls Kherson?"),
        ("Avdiivka", "the town of Avdiivka in Donetsk Oblast"),  # not a shared name
    ],
)
def test_disambiguate_returns_none_when_it_cannot_tell(name: str, context: str) -> None:
    assert disambiguate(name, context) is None
