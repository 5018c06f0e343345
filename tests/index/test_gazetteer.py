"""The gazetteer: every settlement by any of its names, over the real packaged file."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from index.gazetteer import GazetteerError, Settlement, data_path, gazetteer


@pytest.fixture(scope="module")
def gz():
    return gazetteer()


def test_the_register_is_complete_and_versioned(gz):
    assert len(gz) > 29_000
    assert "katottg" in gz.version
    assert gz.sources["geonames"]["licence"] == "CC BY 4.0"
    assert data_path().stat().st_size < 6_000_000


@pytest.mark.parametrize(
    ("name", "expected", "oblast"),
    [
        ("Chasiv Yar", "Chasiv Yar", "Donetsk"),
        ("Часів Яр", "Chasiv Yar", "Donetsk"),
        ("Часов Яр", "Chasiv Yar", "Donetsk"),
        ("Velyka Novosilka", "Velyka Novosilka", "Donetsk"),
        ("Izyum", "Izium", "Kharkiv"),
        ("Изюм", "Izium", "Kharkiv"),
        ("Kupyansk", "Kupiansk", "Kharkiv"),
        ("Куп’янськ", "Kupiansk", "Kharkiv"),
        ("Купянск", "Kupiansk", "Kharkiv"),
        ("Херсоном", "Kherson", "Kherson"),
        ("Харкова", "Kharkiv", "Kharkiv"),
        ("Торецка", "Toretsk", "Donetsk"),
        ("Artemovsk", "Bakhmut", "Donetsk"),
        ("Krasnoarmeysk", "Pokrovsk", "Donetsk"),
        ("Dzerzhinsk", "Toretsk", "Donetsk"),
        ("Ugledar", "Vuhledar", "Donetsk"),
        ("Severodonetsk", None, "Luhansk"),
        ("Sievierodonestk", None, "Luhansk"),  # a transposition
        ("Vuhledra", "Vuhledar", "Donetsk"),
        ("Sudzha", "Sudzha", "Kursk"),
        ("Суджа", "Sudzha", "Kursk"),
        ("Shebekino", "Shebekino", "Belgorod"),
        ("the village of Robotyne", "Robotyne", "Zaporizhzhia"),
    ],
)
def test_lookup_by_every_kind_of_variant(gz, name, expected, oblast):
    found = gz.lookup(name)
    assert found, name
    if expected:
        assert found[0].name_en == expected
    assert found[0].oblast == oblast


@pytest.mark.parametrize("name", ["Rubizhne", "Рубіжне", "Рубежное"])
def test_a_shared_name_gives_every_settlement_of_it(gz, name):
    found = gz.lookup(name)
    assert len(found) == 5
    assert {s.oblast for s in found} == {"Luhansk", "Kharkiv", "Donetsk", "Vinnytsia"}
    assert found[0].kind == "city" and found[0].oblast == "Luhansk"  # the largest first
    assert all(s.raion for s in found)


@pytest.mark.parametrize("name", ["Toretsk", "Velyka Novosilka", "Kharkiv", "Kursk"])
def test_a_different_name_with_the_same_consonants_is_not_a_candidate(gz, name):
    assert len(gz.lookup(name)) == 1


@pytest.mark.parametrize("name", ["Qwertyuiop", "Zzzz", "", "   ", "x" * 200, "Рубіжне " * 40])
def test_no_settlement_for_a_non_name(gz, name):
    assert gz.lookup(name) == []


def test_settlements_carry_ids_coordinates_and_the_register_hierarchy(gz):
    toretsk = gz.lookup("Toretsk")[0]
    assert isinstance(toretsk, Settlement)
    assert toretsk.id.startswith("UA14") and toretsk.country == "UA"
    assert toretsk.lat == pytest.approx(48.39, abs=0.05) and toretsk.lon == pytest.approx(37.85, abs=0.05)
    assert toretsk.raion and toretsk.hromada and toretsk.name_uk == "Торецьк"
    assert gz.by_id(toretsk.id) == toretsk
    assert gz.by_id("UA00000000000000000") is None
    assert gz.lookup("Sudzha")[0].country == "RU"


@pytest.mark.parametrize(
    ("text", "oblast"),
    [
        ("Kharkiv oblast", "Kharkiv"),
        ("Kharkov region", "Kharkiv"),
        ("Харківська область", "Kharkiv"),
        ("Харківщина", "Kharkiv"),
        ("Харьковской области", "Kharkiv"),
        ("Запорожская область", "Zaporizhzhia"),
        ("Kursk region", "Kursk"),
        ("Kharkiv", None),
        ("Rubizhne", None),
        # An adjective starts a village's name when Latin or plural: Cherkaski Tyshky is no oblast.
        ("Cherkas’ki", None),
        ("Черкаські", None),
        ("Kharkivshchyna", "Kharkiv"),
        ("Сумской", "Sumy"),
    ],
)
def test_oblast_of(gz, text, oblast):
    assert gz.oblast_of(text) == oblast


def test_in_oblast_lists_the_oblast_largest_first(gz):
    kharkiv = gz.in_oblast("Харківська область")
    assert kharkiv[0].name_en == "Kharkiv"
    assert len(kharkiv) > 1500 and {s.oblast for s in kharkiv} == {"Kharkiv"}


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("Признала ли Украина потерю Торецка?", ["Торецка"]),
        ("Що сталося з Херсоном у листопаді?", ["Херсоном"]),
        ("Who holds Chasiv Yar and Velyka Novosilka?", ["Chasiv Yar", "Velyka Novosilka"]),
        ("What happened in Sudzha, Kursk region?", ["Sudzha", "Kursk"]),
    ],
)
def test_find_in_text(gz, text, surfaces):
    assert [m.surface for m in gz.find_in_text(text)] == surfaces


def test_find_in_text_is_fast(gz):
    gz.find_in_text("warm up Херсоном")
    start = time.perf_counter()
    for _ in range(20):
        gz.find_in_text("Хто контролює Велику Новосілку і Часів Яр після 10 травня?")
    assert (time.perf_counter() - start) / 20 < 0.01


def test_a_missing_file_says_how_to_rebuild(tmp_path):
    with pytest.raises(GazetteerError, match="missing.*build_gazetteer.py"):
        gazetteer(tmp_path / "gazetteer.sqlite.gz")


@pytest.mark.parametrize("content", [b"", b"not gzip at all", gzip.compress(b"not sqlite")])
def test_a_corrupt_file_says_how_to_rebuild(tmp_path, content):
    path = tmp_path / "gazetteer.sqlite.gz"
    path.write_bytes(content)
    with pytest.raises(GazetteerError, match="corrupt.*build_gazetteer.py"):
        gazetteer(path)


def test_a_truncated_file_says_how_to_rebuild(tmp_path):
    path = tmp_path / "gazetteer.sqlite.gz"
    path.write_bytes(Path(data_path()).read_bytes()[:100_000])
    with pytest.raises(GazetteerError, match="corrupt.*build_gazetteer.py"):
        gazetteer(path)
