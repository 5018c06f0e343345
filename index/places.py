"""Place names as people write them: folding, romanization, keys, ambiguity.

A settlement is written many ways: `Rus’ki Tyshky`, `Ruski Tyshki`, `Руські
Тишки`; `Izyum`/`Izium`/`Ізюм`; `Дзержинска` (genitive) for `Дзержинск`. Two
names are the same place when their keys (`place_key`) are equal. A key is a
consonant skeleton of the romanized name, so that romanization systems (which
differ mostly in vowels and in how they spell ж, ч, ш, х, г) and the vowel
case endings of Ukrainian and Russian meet.

Some names belong to several places (there are several Rubizhnes; Kherson is a
city and an oblast): `same_name_places` lists them and `disambiguate` picks the
one a text means from the places and oblasts it mentions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.models import Span


def _words(text: str) -> frozenset[str]:
    """Return the words of a table written as one string (easier to read and extend)."""
    return frozenset(text.split())

_APOSTROPHES = "'’ʼ`´‘ʹʻ′＇"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
# Letters NFKD leaves whole although readers take them for their base letter.
_UNDECOMPOSED = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})
_NON_WORD = re.compile(r"[\W_]+")

# Ukrainian national romanization (Cabinet resolution 55 of 2010); Russian-only
# letters as English-language media write them; a few Serbian/Macedonian
# letters because Balkan outlets write Toretsk as Џержинск.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ы": "y", "э": "e", "ё": "e", "ъ": "", "ў": "u",
    "ј": "j", "љ": "lj", "њ": "nj", "џ": "dzh", "ђ": "dj", "ћ": "c", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
}
# The national system spells these differently at the start of a word.
_CYRILLIC_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

# Spellings of one sound in different romanizations, longest first. ж/з, ш/с
# and ч/ц are merged: Polish, Czech and Balkan spellings (Dzierżyńsk,
# Lisičansk, Toreck) lose their diacritics when folded, and no two places
# that matter here differ only there.
_SPELLINGS = (
    ("shch", "sc"), ("szcz", "sc"), ("tsch", "c"), ("tsh", "c"), ("tch", "c"),
    ("zgh", "zg"),  # зг is "zgh" in the national system, to keep it apart from зх
    ("zh", "z"), ("sh", "s"), ("ch", "c"), ("cz", "c"), ("sz", "s"), ("kh", "h"),
    ("ts", "c"), ("tz", "c"), ("x", "ks"), ("w", "v"), ("q", "k"), ("g", "h"),
)
_VOWELS = frozenset("aeiouyj")
# Case endings that no nominative settlement name has: adjectival genitive and
# dative, plural instrumental and locative ("Архангельського", "Циркунах").
_SAFE_CYRILLIC_ENDINGS = re.compile(r"(?<=\w{3})(?:ого|ому|его|ему|ами|ями|ах|ях)$")
# Endings that some nominatives also have (Харків, Ізюм): only tried as
# alternatives when looking for a name in a text, never in the key itself.
_OTHER_CYRILLIC_ENDINGS = ("ів", "їв", "ов", "ев", "ом", "ем", "ам", "ям", "ою", "ею", "ой", "ей", "их", "ых", "ими", "ыми")
# Locative forms with a changed last consonant: Вільхівці ← Вільхівка.
_LOCATIVE_ALTERNATIONS = (("ці", "ка"), ("зі", "га"), ("сі", "ха"))
_CYRILLIC_CHAR = re.compile(r"[\u0400-\u04ff]")

# Words that say what kind of place a name is, not which: dropped from keys.
# Raion, district and hromada are kept: "Borova hromada" is not Borova.
_GENERIC = _words(
    """
    the of a village villages city cities town towns settlement settlements hamlet urban type
    oblast oblasts region regions province provinces
    selo sela seli selom selyshche selyshcha selyshchi selyshchem smt pht pgt
    misto mista misti mistom mistechko horod horoda horode horodom
    poselok poselka poselke poselkom derevnia derevni khutir khutor
    oblast oblasti oblastiu oblasty oblastiu obl
    """
)
_REGION_WORDS = _words("oblast oblasts region regions province oblasti oblasty obl oblastiu")

_WORD = re.compile(r"[^\W_](?:[\w’'ʼ`´‘ʹ]*[^\W_])?")


def fold(text: str) -> str:
    """Fold text for comparison, in any script.

    Args:
        text: any text.

    Returns:
        The text lowercased, decomposed (NFKD) with combining marks removed
        (so Cyrillic й becomes и and stays Cyrillic), apostrophe-like
        characters removed and other punctuation turned into single spaces:
        "Rus’ki Tyshky" → "ruski tyshky".
    """
    text = text.translate(_DROP_APOSTROPHES).lower().translate(_UNDECOMPOSED)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()


def to_latin(text: str) -> str:
    """Romanize Cyrillic text and fold it.

    Ukrainian letters follow the Ukrainian national system (х→kh, ж→zh,
    щ→shch, ї→i, є→ie, ю→iu, я→ia, й→i; ye/yi/yu/ya/y at the start of a word;
    зг→zgh; ь and the apostrophe dropped); Russian-only letters as English
    media write them (ы→y, э→e, ё→e, ъ dropped). Latin text passes through.

    Args:
        text: a name or any text.

    Returns:
        Folded text (see `fold`): "Рубіжне" → "rubizhne", "Куп’янськ" → "kupiansk".
    """
    text = unicodedata.normalize("NFC", text).translate(_DROP_APOSTROPHES)
    out: list[str] = []
    prev = ""
    for ch in text:
        low = ch.lower()
        if low in _CYRILLIC:
            if not prev.isalpha() and low in _CYRILLIC_INITIAL:
                out.append(_CYRILLIC_INITIAL[low])
            elif low == "г" and prev.lower() == "з":
                out.append("gh")
            else:
                out.append(_CYRILLIC[low])
        else:
            out.append(ch)
        prev = ch
    return fold("".join(out))


def _skeleton(latin: str) -> str:
    s = re.sub(r"[^a-z0-9]", "", latin)
    for spelling, sound in _SPELLINGS:
        s = s.replace(spelling, sound)
    s = re.sub(r"(.)\1+", r"\1", s)
    if not s:
        return ""
    # A leading vowel is kept as one mark, so Izium/Yizium and
    # Oleksandrivka/Aleksandrovka meet but still differ from Zium.
    head = "a" if s[0] in _VOWELS else s[0]
    return head + "".join(c for c in s[1:] if c not in _VOWELS)


def _is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC_CHAR.search(word))


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """Return the spelling-independent key of one word of a place name.

    The word is romanized (`to_latin`), spellings of one sound are merged
    (kh/h/g, zh/z, sh/s, ch/tsh/tch/ts/c, w/v), doubled letters collapsed and
    vowels (with y and j) dropped after the first letter. Cyrillic case endings
    that no nominative has (-ого, -ому, -ами, -ах, ...) are cut first; vowel
    endings (Борову, Боровой, Вільхівкою) disappear with the vowels.

    Args:
        word: one word (spaces or hyphens inside are ignored).

    Returns:
        The key, e.g. "svrdnck" for Severodonetsk, Sievierodonetsk and
        Северодонецьк; "" for a word without letters or digits.
    """
    # An English possessive is no part of the name: "Kharkiv’s mayor".
    w = re.sub(r"[’'ʼ]s$", "", unicodedata.normalize("NFC", word))
    w = w.translate(_DROP_APOSTROPHES).lower()
    if _is_cyrillic(w):
        w = _SAFE_CYRILLIC_ENDINGS.sub("", w)
    return _skeleton(to_latin(w))


@lru_cache(maxsize=65536)
def inflected_keys(word: str) -> frozenset[str]:
    """Return every key a word of a text may stand for, case endings tried.

    Besides `name_key(word)`, a Cyrillic word also gives the keys of the word
    without a consonant case ending (Циркунів → Циркун, Херсоном → Херсон)
    and of the nominative of a locative with a changed consonant (Вільхівці
    → Вільхівка). Use it on the text side only: the question's name keeps
    its one key.

    Args:
        word: one word of a text.

    Returns:
        A non-empty set of keys (it holds "" for a word without letters).
    """
    keys = {name_key(word)}
    low = unicodedata.normalize("NFC", word).translate(_DROP_APOSTROPHES).lower()
    if _is_cyrillic(low):
        for ending in _OTHER_CYRILLIC_ENDINGS:
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                keys.add(name_key(low[: -len(ending)]))
        for ending, nominative in _LOCATIVE_ALTERNATIONS:
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                keys.add(name_key(low[: -len(ending)] + nominative))
    return frozenset(keys)


# Renamed towns: the old name's key points to the current name's key, so a
# question about Toretsk finds Russian reports about Dzerzhinsk.
_RENAMED = (
    ("Dzerzhynsk", "Toretsk"),
    ("Artemivsk", "Bakhmut"),
    ("Artemovsk", "Bakhmut"),
    ("Krasnoarmiisk", "Pokrovsk"),
    ("Krasnoarmeysk", "Pokrovsk"),
    ("Dymytrov", "Myrnohrad"),
    ("Krasnyi Lyman", "Lyman"),
    ("Ugledar", "Vuhledar"),  # the Russian name, not only a spelling
    ("Dnipropetrovsk", "Dnipro"),
    ("Kirovohrad", "Kropyvnytskyi"),
    ("Komsomolske", "Kalmiuske"),
)


@lru_cache(maxsize=1)
def _renamed_keys() -> dict[str, str]:
    return {_raw_place_key(old): _raw_place_key(new) for old, new in _RENAMED}


def _name_words(name: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(name.replace("-", " "))]


def is_generic_word(word: str) -> bool:
    """Tell whether a word names a kind of place (village, oblast, село), not a place.

    Args:
        word: one word, in any script and case.

    Returns:
        True for words dropped from place keys.
    """
    return to_latin(word) in _GENERIC


def is_region_word(word: str) -> bool:
    """Tell whether a word is oblast, region, province or their Cyrillic forms."""
    return to_latin(word) in _REGION_WORDS


def _raw_place_key(name: str) -> str:
    keys = [name_key(w) for w in _name_words(name) if not is_generic_word(w)]
    return " ".join(k for k in keys if k)


def place_key(name: str) -> str:
    """Return the canonical key of a place name of one or more words.

    Generic words (village, city, oblast, region, село, місто, область, ...)
    are dropped, each other word is keyed with `name_key`, and a former name
    of a renamed town gives the current name's key (Dzerzhinsk → Toretsk).

    Args:
        name: a place name as written ("the village of Rus’ki Tyshky").

    Returns:
        The words' keys joined by single spaces ("rsk tsk"); "" when nothing
        but generic words is left.
    """
    key = _raw_place_key(name)
    return _renamed_keys().get(key, key)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    keys: frozenset[str]


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[_Token, ...]:
    # Cached: claim extraction asks `mentions` about one text for many names.
    return tuple(
        _Token(m.start(), m.end(), m.group(), inflected_keys(m.group()))
        for m in _WORD.finditer(text.replace("-", " "))
    )


def _match_at(tokens: Sequence[_Token], i: int, target: list[str]) -> bool:
    if i + len(target) > len(tokens):
        return False
    return all(target[k] in tokens[i + k].keys for k in range(len(target)))


def mentions(text: str, name: str, names_only: bool = True) -> list[Span]:
    """Find where a text names a place, whatever the spelling or case ending.

    Args:
        text: the text to search (an article, a passage, a sentence).
        name: the place name, or several words to find in a row.
        names_only: when True, a mention must start with a capital letter, so
            that common words with the same skeleton ("soldier") are not taken
            for a place ("Soledar").

    Returns:
        Spans of `text` (offsets into `text`), in order.
    """
    key = place_key(name)
    targets = [key.split()] if key else []
    raw = _raw_place_key(name)
    # A renamed town is also found under its old name, and the other way round.
    for old, new in _renamed_keys().items():
        if key == new and old.split() not in targets:
            targets.append(old.split())
    if raw and raw.split() not in targets:
        targets.append(raw.split())
    tokens = _tokens(text)
    found: list[Span] = []
    i = 0
    while i < len(tokens):
        hit = None
        if not names_only or tokens[i].text[:1].isupper():
            for target in targets:
                if _match_at(tokens, i, target):
                    hit = target
                    break
        if hit is None:
            i += 1
            continue
        start, end = tokens[i].start, tokens[i + len(hit) - 1].end
        found.append(Span(start, end, text[start:end]))
        i += len(hit)
    return found


# ---------------------------------------------------------------------------
# Names in questions

# Capitalized words that are not place names: question words, sides, armed
# forces, institutions, outlets, people the corpus quotes, months, weekdays.
_NOT_PLACES = frozenset(
    fold(w)
    for w in _words("""
    who what when where why how which whom whose is are was were did does do has have had can
    could will would should shall may might since after before on in at by of the a an to for from
    with about and or but if then than as tell show give please any latest news status update
    still now today yesterday there here it its this that these those their there's whats what's
    i me my we our you your he she they them
    people peoples republic mr mrs ms dr gen lt col sgt facebook tv instagram youtube google video
    photo source quote details story breaking live editorial getty images image credit
    ukraine ukraines ukrainian ukrainians russia russias russian russians kremlin moscow
    kyivs kievs soviet nato us usa u s uk eu un west western european america american british
    wagner isw reuters ap afp bbc cnn tass ria interfax rt sputnik deepstate twitter telegram facebook
    general staff armed forces force army military ministry defence defense mod afu zsu
    institute study war president governor mayor commander chief minister spokesman official
    officials troops soldiers units command brigade battalion oblast region city town village
    zelensky zelenskyy zelenskiy zelenskyi putin syrskyi syrsky shoigu kadyrov gaidai haidai
    konashenkov stryuk sinegubov syniehubov zaluzhnyi biden
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    хто що коли де чи як чому скільки який яка яке які кому чий
    кто что когда где ли как почему сколько какой какая какое какие кому чей
    україна україни україні україну україною українські українська українського
    росія росії росію росією російські російська російського
    россия россии россию россией российские российская российского
    зсу всу зс вс рф мо міноборони минобороны генштаб генштабу генштаба
    збройні сили збройних сил вооруженные силы вооруженных сил
    ова ода дснс ддр днр лнр днр вагнер
    зеленський зеленский путін путин сирський сырский
    ісв
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    понеділок вівторок середа четвер пятниця субота неділя
    понедельник вторник среда четверг пятница суббота воскресенье
    у в на з із зі до від біля під над за о об про по с со к от около
    """)
)
# Words after which a lowercase word is probably a place ("who holds rubizhne").
_PLACE_CUES = frozenset(
    fold(w)
    for w in _words("""
    in near of at from around outside into over about
    holds hold held controls control controlled take took taken capture captured retake retaken
    liberate liberated liberation occupy occupied seize seized fall fell enter entered
    withdraw withdrew withdrawn withdrawal leave left lost loss retreat retreated
    у в біля під поблизу контролює контролюють тримає звільнили звільнено захопили окупували
    взяли зайшли відійшли з із
    около под контролирует контролируют удерживает освободили захватили взяли заняли вошли
    отошли из
    """)
)
# Common lowercase words that are never taken for a lowercase place name.
_COMMON = frozenset(
    fold(w)
    for w in _words("""
    the a an this that it its their there still now currently today yet already really actually
    control controlled holds hold occupied liberated captured taken free city town village region
    oblast area front line frontline side sides forces troops army military who what when where why
    how did does is are was were be been being has have had will would can could latest news status
    situation update happening going on ukraine russia ukrainian russian kyiv moscow which whose
    right left bank border direction part most all whole fully completely month week year days
    january february march april may june july august september october november december
    місто село селище область місті селі області зараз досі ще вже хто зсу україна росія
    город поселок области сейчас ещё уже кто всу украина россия
    """)
)
# "Ukrainian-held", "Russian-occupied", "Pro-Russian": sides, not places.
_SIDE_PREFIX = re.compile(
    r"^(?:ukrainian|ukraine|russian|russia|pro |kyiv |moscow |російськ|росія|росії|россий|россия"
    r"|россии|українськ|україна|україни|україні|украинск|украина|украины)"
)
_QUESTION_WORD = re.compile(r"[^\W\d_](?:[\w’'ʼ`´‘ʹ\-]*[^\W_])?")


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’'ʼ]s$", "", word)


def is_name_word(word: str) -> bool:
    """Tell whether a word of a text may be (part of) a place name.

    Args:
        word: one word as written, possibly with a possessive ("Kharkiv’s").

    Returns:
        True for a capitalized word that is not a question word, side, force,
        institution, outlet, month, weekday or generic word (village, oblast),
        nor an all-capitals abbreviation (ЗСУ, LPR, KYIV in a dateline).
    """
    bare = _strip_possessive(word)
    if not bare[:1].isupper() or (bare.isupper() and len(bare) > 1):
        return False
    folded = fold(bare)
    return folded not in _NOT_PLACES and not is_generic_word(bare) and not _SIDE_PREFIX.match(folded)


def candidate_names(question: str) -> list[str]:
    """Find the words of a question that may be place names.

    Capitalized words that are not question words, sides, forces,
    institutions, outlets, months or weekdays are taken, consecutive ones
    joined ("Chasiv Yar", "Rus'ki Tyshky") and generic words dropped
    ("Kharkiv Oblast" → "Kharkiv"). A question typed without capitals gives
    the uncommon words that follow a place cue (in, near, holds, захопили, ...):
    "who holds rubizhne" → ["rubizhne"].

    Args:
        question: the user's question, in any language.

    Returns:
        The names as written, in order of appearance, without repeats.
    """
    words = [(m.group(), m.start(), m.end()) for m in _QUESTION_WORD.finditer(question)]
    names: list[str] = []
    run: list[tuple[str, int, int]] = []

    def close_run() -> None:
        kept = [w for w in run if not is_generic_word(w[0])]
        if kept:
            names.append(question[kept[0][1] : kept[-1][2]])
        run.clear()

    for word, start, _ in words:
        bare = _strip_possessive(word)
        is_name = is_name_word(word) or (
            # A question typed in capitals ("WHO HOLDS KHERSON") still names places.
            bare.isupper() and len(bare) > 3 and fold(bare) not in _NOT_PLACES
        )
        if not is_name:
            if run:
                close_run()
            continue
        if run and question[run[-1][2] : start].strip() not in ("", "-"):
            close_run()
        run.append((bare, start, start + len(bare)))
        if bare != word:  # a possessive ends the name
            close_run()
    if run:
        close_run()

    if not names:
        names = _lowercase_names(words)
    seen: set[str] = set()
    unique = []
    for name in names:
        k = place_key(name)
        if k and k not in seen:
            seen.add(k)
            unique.append(name)
    return unique


def _lowercase_names(words: list[tuple[str, int, int]]) -> list[str]:
    """Uncommon words after a place cue, with the uncommon words right after them ("holds sribnyi yar")."""
    names: list[str] = []
    after_cue = False
    run: list[str] = []
    for word, _, _ in words:
        f = fold(word)
        uncommon = f not in _COMMON and f not in _NOT_PLACES and f not in _PLACE_CUES and not f.isdigit()
        if run and uncommon and len(run) < 3:
            run.append(word)
            continue
        if run:
            names.append(" ".join(run))
            run = []
        if f in _PLACE_CUES:
            after_cue = True
            continue
        if after_cue and len(f) >= 4 and uncommon:
            run = [word]
        after_cue = False
    if run:
        names.append(" ".join(run))
    return names


# ---------------------------------------------------------------------------
# Places that share a name


@dataclass(frozen=True)
class Place:
    """One settlement or oblast that a name may stand for."""

    key: str
    name: str
    oblast: str | None
    context: str | None  # how to tell it apart, e.g. "village near Kharkiv"


# Oblasts as texts name them: English names (followed by oblast/region/
# province) and the Ukrainian and Russian adjectives and -щина names.
_OBLASTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Kharkiv": (("Kharkiv", "Kharkov"), ("Харківська", "Харківщина", "Харьковская", "Харьковщина", "Kharkivska")),
    "Donetsk": (("Donetsk",), ("Донецька", "Донеччина", "Донецкая", "Donetska")),
    "Luhansk": (("Luhansk", "Lugansk"), ("Луганська", "Луганщина", "Луганская", "Luhanska")),
    "Kherson": (("Kherson",), ("Херсонська", "Херсонщина", "Херсонская", "Khersonska")),
    "Zaporizhzhia": (("Zaporizhzhia", "Zaporizhia", "Zaporozhye"), ("Запорізька", "Запоріжжя", "Запорожская", "Zaporizka")),
    "Mykolaiv": (("Mykolaiv", "Nikolaev"), ("Миколаївська", "Миколаївщина", "Николаевская", "Mykolaivska")),
    "Dnipropetrovsk": (("Dnipropetrovsk",), ("Дніпропетровська", "Дніпропетровщина", "Днепропетровская")),
    "Sumy": (("Sumy",), ("Сумська", "Сумщина", "Сумская", "Sumska")),
    "Chernihiv": (("Chernihiv",), ("Чернігівська", "Чернігівщина", "Черниговская", "Chernihivska")),
    "Kyiv": (("Kyiv", "Kiev"), ("Київська", "Київщина", "Киевская", "Kyivska")),
    "Odesa": (("Odesa", "Odessa"), ("Одеська", "Одещина", "Одесская", "Odeska")),
    "Poltava": (("Poltava",), ("Полтавська", "Полтавщина", "Полтавская")),
    "Cherkasy": (("Cherkasy",), ("Черкаська", "Черкащина", "Черкасская")),
    "Rivne": (("Rivne",), ("Рівненська", "Рівненщина", "Ровенская")),
    "Belgorod": (("Belgorod",), ("Бєлгородська", "Белгородская")),
}
# Towns that place a text in an oblast ("near Izium" means Kharkiv oblast).
_TOWNS_IN = {
    "Kharkiv": ("Kharkiv", "Izium", "Kupiansk", "Chuhuiv", "Balakliia", "Vovchansk", "Staryi Saltiv", "Saltiv", "Derhachi", "Lyptsi", "Tsyrkuny"),
    "Donetsk": ("Lyman", "Bakhmut", "Kramatorsk", "Sloviansk", "Avdiivka", "Pokrovsk", "Toretsk", "Vuhledar", "Mariupol", "Siversk", "Soledar", "Horlivka"),
    "Luhansk": ("Sievierodonetsk", "Lysychansk", "Kreminna", "Popasna", "Svatove", "Luhansk"),
    "Kherson": ("Kherson", "Nova Kakhovka", "Beryslav", "Snihurivka"),
    "Zaporizhzhia": ("Zaporizhzhia", "Melitopol", "Enerhodar", "Orikhiv", "Vasylivka", "Polohy"),
    "Mykolaiv": ("Mykolaiv", "Snihurivka"),
    "Kyiv": ("Kyiv", "Bucha", "Irpin", "Hostomel", "Makariv", "Brovary", "Obukhiv", "Fastiv"),
    "Sumy": ("Sumy", "Shostka"),
    "Cherkasy": ("Cherkasy",),
    "Rivne": ("Rivne",),
}

_OTHERS = "one of several places of this name elsewhere in Ukraine"
# (name, oblast, context, extra cues). Only names known to be shared; the
# entry with no oblast stands for the others of the name.
_SHARED: tuple[tuple[str, str | None, str | None, tuple[str, ...]], ...] = (
    ("Rubizhne", "Luhansk", "city in Luhansk oblast, next to Sievierodonetsk", ()),
    ("Rubizhne", "Kharkiv", "village in Kharkiv oblast, near Kharkiv (Staryi Saltiv area)", ("Bairak", "Verkhnii Saltiv", "Zamulivka", "Zamilivka")),
    ("Rubizhne", None, _OTHERS, ()),
    ("Borova", "Kharkiv", "urban-type settlement in Izium raion, Kharkiv oblast, east of the Oskil", ("Oskil", "Borova hromada", "Борівська")),
    ("Borova", None, "other villages named Borova elsewhere in Ukraine", ()),
    ("Borivske", "Luhansk", "town next to Sievierodonetsk, Luhansk oblast (a different name, easily taken for Borova)", ("Syrotyne", "Voronove")),
    ("Oleksandrivka", "Kharkiv", "village near Kharkiv", ()),
    ("Oleksandrivka", "Kherson", "village in Kherson oblast", ()),
    ("Oleksandrivka", None, _OTHERS, ()),
    ("Novoselivka", None, _OTHERS, ()),
    ("Pisky", "Donetsk", "village next to Donetsk airport, Donetsk oblast", ("Donetsk airport",)),
    ("Pisky", None, _OTHERS, ()),
    ("Stepove", "Donetsk", "village north of Avdiivka, Donetsk oblast", ()),
    ("Stepove", None, _OTHERS, ()),
    ("Kamianka", "Kharkiv", "village near Izium, Kharkiv oblast", ()),
    ("Kamianka", "Donetsk", "village near Avdiivka, Donetsk oblast", ()),
    ("Kamianka", "Cherkasy", "town in Cherkasy oblast", ()),
    ("Kamianka", None, _OTHERS, ()),
    ("Nove", None, _OTHERS, ()),
    ("Ukrainka", "Kharkiv", "village near Kharkiv", ()),
    ("Ukrainka", "Kyiv", "town on the Dnipro south of Kyiv", ()),
    ("Ukrainka", None, _OTHERS, ()),
    ("Fedorivka", "Kharkiv", "village near Kharkiv", ()),
    ("Fedorivka", None, _OTHERS, ()),
    ("Peremoha", "Kharkiv", "village near Kharkiv", ()),
    ("Peremoha", None, _OTHERS, ()),
    ("Andriivka", "Donetsk", "village south of Bakhmut, Donetsk oblast", ("Klishchiivka",)),
    ("Andriivka", "Kyiv", "village near Makariv, Kyiv oblast", ()),
    ("Andriivka", None, _OTHERS, ()),
    ("Mykolaivka", "Donetsk", "town near Sloviansk, Donetsk oblast", ()),
    ("Mykolaivka", None, _OTHERS, ()),
    ("Lyman", "Donetsk", "city in Donetsk oblast", ()),
    ("Lyman", None, "villages named Lyman elsewhere, e.g. in Kharkiv oblast", ()),
    ("Bilohorivka", "Luhansk", "village on the Siverskyi Donets near Lysychansk, Luhansk oblast", ()),
    ("Bilohorivka", "Donetsk", "village near Soledar, Donetsk oblast", ()),
    ("Kamianske", "Dnipropetrovsk", "city on the Dnipro, Dnipropetrovsk oblast", ()),
    ("Kamianske", "Zaporizhzhia", "village on the front line, Zaporizhzhia oblast", ()),
    ("Druzhba", "Donetsk", "village next to Toretsk, Donetsk oblast", ()),
    ("Druzhba", "Sumy", "town in Sumy oblast", ()),
    ("Zarichne", "Donetsk", "village near Lyman, Donetsk oblast", ()),
    ("Zarichne", "Rivne", "town in Rivne oblast", ()),
    ("Vasylivka", "Zaporizhzhia", "town in Zaporizhzhia oblast", ()),
    ("Vasylivka", None, _OTHERS, ()),
    ("Shevchenkove", "Kharkiv", "town in Kupiansk raion, Kharkiv oblast", ()),
    ("Shevchenkove", None, _OTHERS, ()),
    ("Novomykhailivka", "Donetsk", "village near Vuhledar, Donetsk oblast", ()),
    ("Novomykhailivka", None, _OTHERS, ()),
    ("Ivanivka", None, _OTHERS, ()),
    ("Petrivka", None, _OTHERS, ()),
    ("Mykhailivka", None, _OTHERS, ()),
    ("Kalynivka", None, _OTHERS, ()),
    ("Myrne", None, _OTHERS, ()),
)
# Cities that share their name with their oblast.
_CITY_AND_OBLAST = ("Kherson", "Luhansk", "Donetsk", "Kharkiv", "Zaporizhzhia", "Mykolaiv")
_CITY_CUES = ("city of {}", "{} city", "місто {}", "м {}", "город {}", "г {}", "regional capital", "обласний центр", "областной центр")


@dataclass(frozen=True)
class _Entry:
    place: Place
    cues: tuple[tuple[str, ...], ...]  # word-key sequences that point to this place


def _cue_keys(phrase: str) -> tuple[str, ...]:
    # Generic words are kept here: "Kherson Oblast" must not match "Kherson".
    return tuple(name_key(w) for w in _name_words(phrase))


def _oblast_cues(oblast: str) -> list[tuple[str, ...]]:
    names, adjectives = _OBLASTS.get(oblast, ((oblast,), ()))
    cues = [_cue_keys(f"{n} {w}") for n in names for w in ("oblast", "region", "province", "область", "области")]
    cues += [_cue_keys(a) for a in adjectives]
    return cues


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[_Entry]]:
    table: dict[str, list[_Entry]] = {}
    for name, oblast, context, extra in _SHARED:
        cues = [_cue_keys(c) for c in extra]
        if oblast:
            cues += _oblast_cues(oblast)
            cues += [_cue_keys(t) for t in _TOWNS_IN.get(oblast, ()) if place_key(t) != place_key(name)]
        place = Place(place_key(name), name, oblast, context)
        table.setdefault(place_key(name), []).append(_Entry(place, tuple(cues)))
    for name in _CITY_AND_OBLAST:
        key = place_key(name)
        city = Place(key, name, name, f"the city of {name}, the oblast's capital")
        region = Place(key, f"{name} Oblast", name, f"{name} oblast (the region as a whole)")
        city_cues = tuple(_cue_keys(c.format(name)) for c in _CITY_CUES)
        table[key] = [_Entry(city, city_cues), _Entry(region, tuple(_oblast_cues(name)))]
    return table


def same_name_places(name: str) -> list[Place]:
    """List the places a name may stand for, when it stands for several.

    Args:
        name: a place name in any spelling or script ("Rubizhne", "Рубіжне").

    Returns:
        The places sharing the name (a Place whose oblast is None stands for
        the other places of the name), or [] when the name is not known to be
        shared. Borova also lists Borivske, a different town near
        Sievierodonetsk that readers and sources confuse with it.
    """
    return [e.place for e in _gazetteer().get(place_key(name), [])]


def _count_cue(tokens: Sequence[_Token], cue: tuple[str, ...]) -> int:
    return sum(1 for i in range(len(tokens)) if _match_at(tokens, i, list(cue)))


def _cue_counter(tokens: Sequence[_Token]) -> Callable[[tuple[str, ...]], int]:
    """Return _count_cue over `tokens`, with the tokens indexed by key once.

    Disambiguating looks for a hundred cues in whole articles: trying each cue
    only where its first word occurs keeps that to a fraction of a millisecond.
    """
    where: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        for key in token.keys:
            where.setdefault(key, []).append(i)

    def count(cue: tuple[str, ...]) -> int:
        if not cue:
            return 0
        target = list(cue)
        return sum(1 for i in where.get(target[0], ()) if _match_at(tokens, i, target))

    return count


def oblast_in(context: str) -> str | None:
    """Return the one oblast a text names (by oblast name or a town in it), if only one.

    Args:
        context: a sentence, passage or question.

    Returns:
        The oblast's English name ("Kharkiv"), or None when the text names
        none or several.
    """
    count = _cue_counter(_tokens(context))
    scores: dict[str, int] = {}
    for oblast in _OBLASTS:
        cues = _oblast_cues(oblast) + [_cue_keys(t) for t in _TOWNS_IN.get(oblast, ())]
        score = sum(count(c) for c in cues)
        if score:
            scores[oblast] = score
    if not scores:
        return None
    best = max(scores.values())
    winners = [o for o, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


def disambiguate(name: str, context: str) -> Place | None:
    """Tell which of the places sharing a name a text means.

    The text's mentions of each place's oblast (as oblast, region, Харківська,
    Харківщина, ...), of towns near it and of its own cues ("city of Kherson"
    versus "Kherson region") are counted; the place with the most wins.

    Args:
        name: the place name as written.
        context: text around the name (its sentence, passage or article, or
            the user's question).

    Returns:
        The place meant; for a widespread name, a Place built from the one
        oblast the text names; None when the name is not shared or the text
        does not tell.
    """
    entries = _gazetteer().get(place_key(name), [])
    if not entries:
        return None
    count = _cue_counter(_tokens(context))
    scores = [sum(count(cue) for cue in e.cues) for e in entries]
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return entries[scores.index(best)].place
    generic = [e for e in entries if e.place.oblast is None]
    if generic and best == 0:
        oblast = oblast_in(context)
        if oblast:
            return Place(generic[0].place.key, generic[0].place.name, oblast, f"the one in {oblast} oblast")
    return None


def settlement_id(name: str, sentence: str, document: str = "") -> str | None:
    """Return the gazetteer id of the settlement a name in a text stands for, when the text tells.

    See `index.question_places.settlement_for` (imported here late: the
    gazetteer itself builds on this module's keys).
    """
    from index.question_places import settlement_for

    found = settlement_for(name, sentence, document)
    return found.id if found is not None else None
