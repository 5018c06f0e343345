"""Which places a trigger governs: tokens, names, lists and the noun phrases after or before a verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index import claim_languages as langs
from index import places
from index.claims.vocabulary import (
    _ANAPHORA_NOUNS,
    _AREA_MARKERS,
    _AREA_TYPES,
    _BREAK_WORDS,
    _CONNECTORS,
    _COUNTING,
    _DEFINITE,
    _DETERMINERS,
    _DIRECTIONS,
    _ENUMERATION_MARKERS,
    _LEFT_SKIP,
    _LIST_FILLERS,
    _OCCUPIER_ADJ,
    _OCCUPIERS,
    _OF_WORDS,
    _PARTIAL_MARKERS,
    _PLACES_NOUNS,
    _PLURAL_SETTLEMENT_NOUNS,
    _REGION_HEADS,
    _RELATIVES,
    _REST_MARKERS,
    _SETTLEMENT_NOUNS,
    _Trigger,
    _words,
)
from index.gazetteer import gazetteer
from index.models import Side

_TOKEN = re.compile(r"[^\W_](?:[\w’'ʼ‘`´\-]*[^\W_])?|[^\w\s]")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    common: bool = False  # a capitalized common noun or function word of another language: no name

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


def _tokenize(text: str, languages: frozenset[str] = frozenset()) -> list[_Tok]:
    tokens = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not languages:
        return tokens
    if languages & langs.ELIDING:  # "l'armée", "dell'Ucraina": the article is a word of its own
        split: list[_Tok] = []
        for t in tokens:
            m = langs.ELISION.match(t.text)
            if m:
                split.append(_Tok(t.text[: m.end()], t.start, t.start + m.end()))
                t = _Tok(t.text[m.end() :], t.start + m.end(), t.end)
            split.append(t)
        tokens = split
    common = langs.common_nouns([t.text for t in tokens], languages)
    return [replace(t, common=True) if k in common else t for k, t in enumerate(tokens)]
# ---------------------------------------------------------------------------
# Places after or before a trigger


@dataclass(frozen=True)
class _Item:
    name: str  # as written
    start: int
    end: int
    partial: bool = False
    area: bool = False
    anaphora: bool = False  # "the city": resolved later to the place meant


def _is_name(tok: _Tok) -> bool:
    return tok.is_word and not tok.common and tok.low not in _QUANTIFIERS and places.is_name_word(tok.text)


# Words of quantity, capitalized only at a sentence's start: "Уся Київщина", "Both settlements".
_QUANTIFIERS = _words("уся вся весь усю всю всі все both each all entire whole")


def _match_seq(tokens: list[_Tok], i: int, seq: tuple[str, ...]) -> bool:
    return i + len(seq) <= len(tokens) and all(tokens[i + k].low == seq[k] for k in range(len(seq)))


def _read_name(tokens: list[_Tok], i: int) -> tuple[int, int] | None:
    """Return [i, j) of a run of name words starting at i, split before a region name."""
    j = i
    while j < len(tokens) and _is_name(tokens[j]):
        if j > i and tokens[j].start - tokens[j - 1].end > 1:
            break
        if tokens[j].low in _BREAK_WORDS:
            break  # a headline's "Hold Kostyantynivka Amid Relentless Strikes": "Amid" ends the name
        j += 1
        if tokens[j - 1].text.endswith(("’s", "'s")):
            break
    return (i, j) if j > i else None


_GENITIVE_REGION_ADJECTIVE = re.compile(r"(?:ськ|цьк|зьк)(?:ої|ого)$|(?:ск|цк)(?:ой|ого)$")
_COUNTRY_POSSESSIVE = re.compile(r"^(?:Ukraine|Russia|Україн\w*|Росі\w*|Украин\w*|Росси\w*)['’]s$")


def _direction_adjective(tokens: list[_Tok], i: int) -> bool:
    """Tell whether a compass word at i is an adjective before a head noun ("the north east town of")."""
    k = i
    while k < len(tokens) and tokens[k].low in _DIRECTIONS and k - i < 2:
        k += 1
    return k < len(tokens) and tokens[k].low in _SETTLEMENT_NOUNS


_WATER = _words("river sea lake reservoir bay estuary canal річки річка река реки")
_AREA_HEADS = _words("bank banks coast shore border outskirts берег берегу")
_SIDE_ADJECTIVE = re.compile(r"^(?:ukrainian|russian|pro-russian|ukrainian-\w+|russian-\w+|українськ\w*|російськ\w*|украинск\w*|российск\w*)$", re.IGNORECASE)


def _parse_right(tokens: list[_Tok], i: int, skip_spans: Sequence[tuple[int, int]] = ()) -> list[_Item]:
    """Read the place or places named from token i on.

    `skip_spans` are stretches to step over (side names such as "Збройними
    силами України" between a participle and its place).
    """
    items: list[_Item] = []
    joined_by_conjunction: list[bool] = []
    first = True
    while i < len(tokens):
        partial = area = definite = generic_head = False
        skipped = 0
        # Fillers before a name: determiners, adjectives, "the village of".
        while True:
            if i >= len(tokens) or skipped >= 8:
                return _finish(items, joined_by_conjunction) if not first else []
            tok = tokens[i]
            inside = next((e for s_, e in skip_spans if s_ <= tok.start < e), None)
            if inside is not None and first:
                while i < len(tokens) and tokens[i].start < inside:
                    i += 1
                continue
            seq = next((m for m in _REST_MARKERS if _match_seq(tokens, i, m)), None)
            if seq:
                i += len(seq)  # "the rest of X": the deed completes the place's whole
                continue
            seq = next((m for m in _PARTIAL_MARKERS if _match_seq(tokens, i, m)), None)
            if seq:
                partial = True
                i += len(seq)
                continue
            seq = next((m for m in _AREA_MARKERS if _match_seq(tokens, i, m)), None)
            if seq:
                area = True
                i += len(seq)
                continue
            if tok.low in langs.REGION_WORDS and (tok.common or tok.low != "region") or tok.low in langs.AREA_WORDS:
                area = True  # "die Region Sumy", "la région de Donetsk", "aux abords de X": where, not which settlement
                i += 1
                continue
            if tok.low in langs.PARTIAL_HEADS and i + 1 < len(tokens) and tokens[i + 1].low in langs.PARTIAL_LINKS:
                partial = True  # "une partie de X", "einen Teil des Dorfes X"
                i += 2
                continue
            if tok.low in ("від", "от") and i + 1 < len(tokens) and (
                tokens[i + 1].low in _OCCUPIERS
                or (tokens[i + 1].low in _OCCUPIER_ADJ and i + 2 < len(tokens) and tokens[i + 2].low in _OCCUPIERS)
            ):
                i += 2 if tokens[i + 1].low in _OCCUPIERS else 3
                continue
            if tok.text in ("“", "\"", "‘", "«", "”", "»") or (tok.text == ":" and not first):
                # Quotation marks inside the phrase: '“liberated the settlements” of X and Y'.
                i += 1
                continue
            if (
                tok.low in _IN_WORDS and i + 2 < len(tokens) and tokens[i + 2].low in _DIRECTION_NOUNS
            ):
                i += 3  # "окупувала на Курахівському напрямку місто Українськ": where the front runs, not the place
                skipped += 1
                continue
            if tok.low in _WATER:
                return _finish(items, joined_by_conjunction) if not first else []  # "реки Сейм": a river's name
            if _is_name(tok):
                break
            if tok.common and tok.low in langs.SETTLEMENT_NOUNS:
                generic_head = True  # "das Dorf X": a capitalized head noun
                i += 1
                skipped += 1
                continue
            if not first and tok.low in _LIST_FILLERS:
                i += 1  # "…, а також із селища X": the list goes on
                skipped += 1
                continue
            if tok.is_word and _SIDE_ADJECTIVE.match(tok.text):
                i += 1  # "the eastern Ukrainian city of"
                skipped += 1
                continue
            if _COUNTRY_POSSESSIVE.match(tok.text) and i + 1 < len(tokens) and tokens[i + 1].is_word:
                i += 1  # "Ukraine’s Snake Island", "Ukraine's Kherson": the possessive says where
                skipped += 1
                continue
            if tok.low in _DIRECTIONS and _direction_adjective(tokens, i):
                i += 1  # "the north east town of Trostianets": a compass word before the head noun
                skipped += 1
                continue
            if (
                not tok.is_word
                or tok.low in _BREAK_WORDS
                or tok.text[:1].isupper()
                or tok.text[:1].isdigit()
                or (generic_head and tok.low not in _OF_WORDS)  # "the city means": the phrase has ended
            ):
                if not first:
                    return _finish(items, joined_by_conjunction)
                anaphora = _anaphora(tokens, i, definite, generic_head, partial, area)
                if anaphora and tok.low in _CONNECTORS and tok.text != ",":
                    # "liberated the town and the villages of A, B and C": the list goes on after "the town".
                    return anaphora + _parse_right(tokens, i + 1, skip_spans)
                return anaphora
            definite = definite or tok.low in _DEFINITE
            if tok.low in _AREA_HEADS:
                area = True
            if tok.low in _ANAPHORA_NOUNS:
                generic_head = True
            i += 1
            skipped += 1
        span = _read_name(tokens, i)
        if span is None:
            return _finish(items, joined_by_conjunction)
        a, b = span
        # A headline's "Capture Strategic Village of Ocheretyne", "Eastern Town Of Vugledar": the capitalized
        # words end with the head noun; the place is the name after "of".
        head = b if b < len(tokens) and tokens[b].low in _SETTLEMENT_NOUNS and tokens[b].text[:1].isupper() else b - 1
        if (
            head + 2 < len(tokens) and tokens[head].low in _SETTLEMENT_NOUNS and tokens[head + 1].low == "of"
            and _is_name(tokens[head + 2])
        ):
            span = _read_name(tokens, head + 2)
            if span is None:
                return _finish(items, joined_by_conjunction)
            a, b = span
        # "Дзержинск Донецкой Народной Республики": a region's adjective in the genitive ends the name.
        b = next((k for k in range(a + 1, b) if _GENITIVE_REGION_ADJECTIVE.search(tokens[k].low)), b)
        # "Luhansk Oblast's Bilohorivka": the possessive says where; the place is the name after it.
        if (
            b < len(tokens) and places.is_region_word(tokens[b].text.removesuffix("’s").removesuffix("'s"))
            and tokens[b].text.endswith(("’s", "'s"))
        ):
            b += 1  # "Luhansk Oblast’s"
        if tokens[b - 1].text.endswith(("’s", "'s")) and b < len(tokens) and _is_name(tokens[b]):
            span = _read_name(tokens, b)
            if span is None:
                return _finish(items, joined_by_conjunction)
            a, b = span
        # "усю Київську область": a region named by its adjective is the place when nothing comes before it.
        if not items and _oblast_phrase(tokens, a, b):
            items.append(_Item(f"{tokens[a].text} {tokens[b].text}", tokens[a].start, tokens[b].end, partial, area))
            return _finish(items, joined_by_conjunction)
        # "Пидлісне Волноваського району": the adjective names the district, not the place.
        while b - a >= 2 and _is_adjective_modifier(tokens, a, b):
            b -= 1
        # "Popasnaya Lugansk region": the last word names the region, not the place.
        trailing_region = b < len(tokens) and places.is_region_word(tokens[b].text)
        if trailing_region and b - a >= 2:
            b -= 1
        region_item = trailing_region and b == span[1]
        item_end = b + 1 if region_item else b
        after = tokens[item_end].low if item_end < len(tokens) else ""
        if region_item and items:
            return _finish(items, joined_by_conjunction)  # "Borova, Kharkiv Oblast": where, not what
        # "first Kherson village", "two Kharkiv villages": the name says where the village is.
        counted = a > 0 and tokens[a - 1].low in _COUNTING and after in _SETTLEMENT_NOUNS
        # "the Dnipro River", "the Black Sea", "the Sumy Front": a name whose last word says what it is.
        kind = tokens[item_end - 1].low
        if (
            after not in _AREA_TYPES and after not in _WATER and not _is_adjective_modifier(tokens, a, b)
            and not counted and after not in _PLURAL_SETTLEMENT_NOUNS
            and (item_end - a < 2 or (kind not in _WATER and kind not in _AREA_TYPES and kind != "front"))
        ):
            items.append(_Item(" ".join(t.text for t in tokens[a:item_end]), tokens[a].start, tokens[item_end - 1].end, partial, area))
        i = item_end
        # Generic words after the name: "the Velyka Komyshuvakha village".
        while (
            i < len(tokens)
            and tokens[i].is_word
            and tokens[i].text[:1].islower()
            and (places.is_generic_word(tokens[i].text) or tokens[i].low in _AREA_TYPES or tokens[i].low in _WATER)
        ):
            i += 1
        first = False
        following, conjunction = _skip_after_item(tokens, i)
        if following < 0:
            return _finish(items, joined_by_conjunction)
        joined_by_conjunction.append(conjunction)
        i = following
    return _finish(items, joined_by_conjunction)


def _finish(items: list[_Item], joined: list[bool]) -> list[_Item]:
    # A list ends with "and X": places after the last conjunction that are only
    # set off by commas are appositions ("Avdiivka, Tarnavsky said").
    # Names the register knows as settlements go on the list all the same ("були
    # звільнені Демидів, Димер, Литвинівка…", a list cut short or without "and").
    if not items:
        return items
    last = max((k for k, conj in enumerate(joined) if conj), default=-1)
    keep = last + 2
    while keep < len(items) and _settlement_name(items[keep].name):
        keep += 1
    return items[:keep]


def _settlement_name(name: str) -> bool:
    """Tell whether a name is, whole and without a typo, a settlement's name in the register."""
    found = gazetteer().find_in_text(name)
    return len(found) == 1 and found[0].surface == name and found[0].score >= 90


def _oblast_phrase(tokens: list[_Tok], a: int, b: int) -> bool:
    """Tell whether tokens [a, b) are one region adjective before a region word: "Київська область"."""
    return b - a == 1 and b < len(tokens) and tokens[b].low in _REGION_HEADS and _is_adjective_modifier(tokens, a, b)


def _is_adjective_modifier(tokens: list[_Tok], a: int, b: int) -> bool:
    # "Харківської області", "Ізюмського району": an adjective naming a region.
    last = tokens[b - 1].low
    nxt = tokens[b].low if b < len(tokens) else ""
    # (Only before the noun of a region, district or direction: "Старомайорского также" is a village's name.)
    return bool(re.search(r"(?:ськ|цьк|зьк)(?:ої|ого|ому|ій|ий|а|у|ої)$|(?:ск|цк)(?:ой|ого|ому|ая|ую)$", last)) and (
        nxt in _ADJECTIVE_HEADS
    )


# Nouns a region's or district's adjective goes with: "Харківської області", "Ізюмського району".
_ADJECTIVE_HEADS = _words(
    """
    область області обл району район районі района районе области областью округу округа округ громади громаді
    громада громаду громадою региона регіону регион регіон краю края республики республіки напрямку напрямі
    напрямок направлении направление
    """
)


def _skip_after_item(tokens: list[_Tok], i: int) -> tuple[int, bool]:
    """After a place: skip a direction or parenthesis and a connector.

    Returns the index of the next item (-1 to stop) and whether a conjunction joined it.
    """
    progressed = True
    while progressed and i < len(tokens):
        progressed = False
        if tokens[i].low in _DIRECTIONS and i + 1 < len(tokens) and tokens[i + 1].low == "of":
            i += 2
            if i < len(tokens) and tokens[i].low == "the":
                i += 1
            while i < len(tokens) and tokens[i].is_word and (tokens[i].text[:1].isupper() or tokens[i].low in _ANAPHORA_NOUNS):
                i += 1
            progressed = True
        if i < len(tokens) and tokens[i].text == "(":
            depth = 0
            while i < len(tokens):
                depth += tokens[i].text == "("
                depth -= tokens[i].text == ")"
                i += 1
                if depth == 0:
                    break
            progressed = True
        if i < len(tokens) and tokens[i].low == "in" and i + 1 < len(tokens) and tokens[i + 1].low in ("its", "their") and i + 2 < len(tokens) and tokens[i + 2].low == "entirety":
            i += 3
            progressed = True
        located = _region_locative(tokens, i)
        if located > i:
            i = located  # "Borysivka in the Kharkiv region and the village of Keramik": where, then the list goes on
            progressed = True
    if i >= len(tokens):
        return -1, False
    # ", розташованого на лівому березі Дніпра, а також із селища X": a clause about the
    # place set off by commas, then the list goes on.
    if tokens[i].text == "," and i + 1 < len(tokens) and tokens[i + 1].text[:1].islower() and tokens[i + 1].low not in _CONNECTORS:
        k = i + 1
        while k < len(tokens) and k - i <= 16 and tokens[k].text not in (",", ";", ".", ":"):
            k += 1
        if k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].low in _CONNECTORS:
            i = k
    connected = conjunction = False
    while i < len(tokens) and (tokens[i].low in _CONNECTORS or tokens[i].text in (",", "&")):
        connected = True
        conjunction = conjunction or tokens[i].text != ","
        i += 1
    if not connected or i >= len(tokens):
        return -1, False
    # Continue only when a place (or a marker before one) follows.
    j = i
    for _ in range(6):
        if j >= len(tokens):
            return -1, False
        if _is_name(tokens[j]):
            return i, conjunction
        rest = next((m for m in _REST_MARKERS if _match_seq(tokens, j, m)), None)
        if rest:
            j += len(rest)  # "left Lisne and the rest of X"
            continue
        if any(_match_seq(tokens, j, m) for m in _PARTIAL_MARKERS) or tokens[j].low in _DETERMINERS or tokens[j].low in _ANAPHORA_NOUNS or tokens[j].low in _LIST_FILLERS or places.is_generic_word(tokens[j].text):
            j += 1
            continue
        if tokens[j].text == ":":
            j += 1
            continue
        return -1, False
    return -1, False


# Where a list of a deed's places can no longer go on: the clause has ended.
_LIST_STOPS = frozenset({".", ";", "!", "?"}) | _words(
    "but while whereas which who where said says according saying stating adding claiming reporting"
)


def _enumerated(tokens: list[_Tok], i: int, head: bool, skip_spans: Sequence[tuple[int, int]] = ()) -> list[_Item]:
    """Read the places a list names after "including", "namely", "зокрема" from token i on, in the same clause.

    `head` tells whether the deed already governs a place or a noun of several
    places ("seven settlements", "all of Kyiv Oblast"): a list enumerates those,
    so without one there is none. A noun of several places met on the way
    ("the towns of A and B") makes one too.
    """
    counted = 0
    for k in range(i, min(len(tokens), i + 25)):
        tok = tokens[k]
        if tok.text in _LIST_STOPS or tok.low in _LIST_STOPS:
            return []
        if tok.low in _PLACES_NOUNS:
            head = True
            counted = _NUMBERS.get(tokens[k - 1].low, 0) if k > 0 else 0
        head = head or tok.low in _AREA_HEADS  # "from the right bank of the river, including the city of X"
        marker = next((m for m in _ENUMERATION_MARKERS if _match_seq(tokens, k, m)), None)
        if marker and head and (k == 0 or tokens[k - 1].text in (",", "(", "—", "–", "-") or len(marker) > 1):
            return _parse_right(tokens, k + len(marker), skip_spans)
        if counted >= 2 and tok.text in (",", ":", "—", "–"):
            # "two villages in the north of the oblast, A and B": as many names as counted name them,
            # right after the counted noun's phrase.
            listed = _parse_right(tokens, k + 1, skip_spans)
            if len(listed) == counted:
                return listed
            counted = 0
    return []


_NUMBERS = {
    w: n for n, ws in enumerate(
        ["", "", "two два дві две", "three три", "four чотири четыре", "five п'ять пять", "six шість шесть",
         "seven сім семь", "eight вісім восемь", "nine дев'ять девять", "ten десять"]
    ) for w in ws.split()
} | {str(n): n for n in range(2, 11)}


def _region_locative(tokens: list[_Tok], i: int) -> int:
    """Return the index after "in the Kharkiv region" / "in Donetsk Oblast" at i (i itself when there is none)."""
    if i >= len(tokens) or tokens[i].low != "in":
        return i
    k = i + 1
    if k < len(tokens) and tokens[k].low == "the":
        k += 1
    start = k
    while k < len(tokens) and (_is_name(tokens[k]) or _DIRECTION_ADJECTIVE.match(tokens[k].low)):
        k += 1
    if k == start or k >= len(tokens) or tokens[k].low not in _REGION_HEADS:
        return i
    k += 1
    # Only when a list goes on after it: "…, and the village of X", not "in the Kharkiv region, officials said".
    return k if k < len(tokens) and (tokens[k].low in _CONNECTORS or tokens[k].text == ",") else i


_DIRECTION_ADJECTIVE = re.compile(r"^(?:north|south|east|west)(?:ern|-?\w+ern)$")


def _anaphora(tokens: list[_Tok], i: int, definite: bool, generic_head: bool, partial: bool, area: bool) -> list[_Item]:
    if definite and generic_head:
        prev = tokens[i - 1] if i > 0 else None
        if prev is not None:
            return [_Item("", prev.start, prev.end, partial, area, anaphora=True)]
    return []


def _apposition(tokens: list[_Tok], a: int, b: int) -> bool:
    """Tell whether tokens [a, b), set off by commas after a subject, describe it rather than name another.

    "Irpin and Bucha, commuter towns outside Kyiv, had been retaken", "X, Donetsk
    Oblast, has been liberated", "X, the military said, was retaken": a phrase
    opening with a lowercase word, or a region's name.
    """
    first = tokens[a]
    if first.low in _CONNECTORS:
        return False  # ", as well as the city of D," is the list going on
    if first.low in langs.APPOSITION_OPENERS or (first.is_word and first.text[:1].islower()):
        return True
    return b - a >= 2 and all(_is_name(t) for t in tokens[a : b - 1]) and places.is_region_word(tokens[b - 1].text)


def _skip_left_phrase(tokens: list[_Tok], j: int) -> int:
    """Step back over a phrase between a subject-place and its verb, in another language than English.

    "dass sie das Dorf X von russischen Gruppen befreit haben": the place is before "von";
    "le village de X, dans la région de Y, avait été perdu": before the phrase set off by commas.
    """
    if j > 0 and tokens[j].text == ",":
        k = j - 1
        while k >= 0 and j - k <= 16 and tokens[k].text not in (",", ".", ";", ":"):
            k -= 1
        if k >= 0 and tokens[k].text == "," and k + 1 < j and _apposition(tokens, k + 1, j):
            return k - 1
        return j
    if j < 0 or not tokens[j].common:
        return j
    k = j
    while k >= 0 and k >= j - 4 and tokens[k].low not in langs.LEFT_PHRASE_HEADS:
        if not tokens[k].is_word or (tokens[k].text[:1].isupper() and not tokens[k].common):
            return j
        k -= 1
    return k - 1 if k >= 0 and tokens[k].low in langs.LEFT_PHRASE_HEADS else j


_IN_WORDS = _words("in на в у im")
_DIRECTION_NOUNS = _words("напрямку напрямі направлении")
# Prepositions whose object is no subject of the verb after it.
_NOT_SUBJECT_AFTER = _words("to from near toward towards into onto at on with around outside via through past beyond behind across")


def _before_relative(tokens: list[_Tok], j: int) -> int:
    """Step back over a relative clause to the place it is about, when it is one the register knows.

    "the town of X, which is being fought for": X. "X, several kilometres to
    the south, which analysts claim serves as a Russian stronghold": X, over the
    relative clause's own subject and verb and an appositive set off by commas.
    """
    k = j
    while k >= 0 and j - k <= 4 and tokens[k].low not in _RELATIVES:
        if not tokens[k].is_word or (tokens[k].text[:1].isupper() and not tokens[k].common):
            return j
        k -= 1
    if k < 2 or tokens[k].low not in _RELATIVES or tokens[k - 1].text != ",":
        return j
    at = k - 2
    if at >= 2 and gazetteer().oblast_of(tokens[at].text) and tokens[at - 1].low in _IN_WORDS:
        at -= 2  # "У Зоринівці на Харківщині, яка була захоплена": the village, not its oblast
    if gazetteer().lookup(tokens[at].text):
        return at
    # An appositive between: ", several kilometres to the south,".
    back = at
    while back >= 0 and at - back <= 8 and tokens[back].text != ",":
        back -= 1
    if back >= 1 and tokens[back].text == "," and gazetteer().lookup(tokens[back - 1].text):
        return back - 1
    return j


# Marks between a subject-place and its verb: quotation marks, parentheses, the dash of a missing "is".
_LEFT_MARKS = frozenset({"”", "“", "\"", "'", "‘", "’", "«", "»", ")", "(", "–", "—"})


def _parse_left(tokens: list[_Tok], i: int) -> list[_Item]:
    """Read the place or places that are the subject ending before token i."""
    items: list[_Item] = []
    j = i - 1
    # "Ірпінь, Буча … – звільнені": a dash stands for the verb "to be" between subject and predicate.
    while j >= 0 and (tokens[j].low in _LEFT_SKIP or tokens[j].text in _LEFT_MARKS):
        j -= 1
    j = _skip_left_phrase(tokens, j)
    if j >= 1 and tokens[j].text == "," and _is_name(tokens[j - 1]):
        j -= 1  # "…, as well as the city of D, came under": the comma closes the list's last member
    while j >= 0 and tokens[j].low in _LEFT_SKIP:
        j -= 1
    j = _before_relative(tokens, j)
    while j >= 0 and (tokens[j].low in _LEFT_SKIP or tokens[j].text in _LEFT_MARKS):
        j -= 1
    # "Irpin, Bucha, Hostomel and the entire Kyiv region were liberated": the region ends the
    # list; the settlements before it are the places.
    if j >= 0 and tokens[j].low in _REGION_HEADS:
        k = j - 1
        while k >= 0 and (_is_name(tokens[k]) or tokens[k].low in ("the", "entire", "whole", "all", "вся", "весь", "вся")):
            k -= 1
        if k >= 0 and (tokens[k].low in ("and", "та", "і", "й", "и") or tokens[k].text == ","):
            j = k - 1
        elif k >= 0 and tokens[k].low in ("in", "у", "в"):
            j = k - 1  # "The city of Svyatogorsk in the Donetsk region came under …": where it is, not what
    while j >= 0:
        end_j = j
        while j >= 0 and tokens[j].is_word and (tokens[j].text[:1].islower() or tokens[j].common) and (
            places.is_generic_word(tokens[j].text) or tokens[j].low in _AREA_TYPES or tokens[j].low in langs.SETTLEMENT_NOUNS
        ):
            j -= 1
        area_type = j < end_j and any(t.low in _AREA_TYPES for t in tokens[j + 1 : end_j + 1])
        b = j + 1
        while j >= 0 and _is_name(tokens[j]) and (j == b - 1 or tokens[j + 1].start - tokens[j].end <= 1):
            j -= 1
        a = j + 1
        if a < b and a > 0 and tokens[a - 1].low in _NOT_SUBJECT_AFTER and b < len(tokens) and tokens[b].is_word:
            # "the road from Svatove to Kreminna is under control": Kreminna is no subject (but "a strike
            # on X, a town in the Ukrainian-controlled part": an apposition describes X).
            return items
        if a == b:
            # "The city is now under full Russian occupation"
            if b <= end_j and tokens[end_j].low in _ANAPHORA_NOUNS and j >= 0 and tokens[j].low in _DEFINITE and not items:
                return [_Item("", tokens[end_j].start, tokens[end_j].end, anaphora=True)]
            return items
        partial = False
        k = j
        if k >= 0 and tokens[k].low == "the":
            k -= 1
        for seq in _PARTIAL_MARKERS:
            if k - len(seq) + 1 >= 0 and all(tokens[k - len(seq) + 1 + n].low == seq[n] for n in range(len(seq))):
                partial = True
                k -= len(seq)
                break
        # A sentence may open with a capitalized verb ("Відвідали звільнену ..."):
        # a Cyrillic past-tense plural is no place.
        opening_verb = a == 0 and re.search(r"[а-яіїєґ](?:ли|ло)$", tokens[a].low)
        possessive = tokens[b - 1].text.endswith(("’s", "'s"))
        if not items and b <= end_j and _oblast_phrase(tokens, a, b):
            # "вся Київська область звільнена": the region, named by its adjective, is the subject.
            return [_Item(f"{tokens[a].text} {tokens[b].text}", tokens[a].start, tokens[b].end, partial)]
        if not area_type and not opening_verb and not _is_adjective_modifier(tokens, a, b):
            name = " ".join(t.text for t in tokens[a:b])
            if possessive:  # "Ocheretyne's capture": that place, and no list before it
                return [_Item(name[:-2], tokens[a].start, tokens[b - 1].end - 2, partial)] if not items else items
            items.insert(0, _Item(name, tokens[a].start, tokens[b - 1].end, partial))
        j = k
        if j >= 0 and tokens[j].low in ("a",):
            j -= 1
        # "the villages of A, B, and C, as well as the city of D, came under …": the head noun of the
        # last member, then "as well as", and the list goes on.
        head = j
        if head >= 1 and tokens[head].low in _OF_WORDS and tokens[head - 1].low in _ANAPHORA_NOUNS:
            head -= 2
            if head >= 0 and tokens[head].low in _DEFINITE:
                head -= 1
        if head >= 2 and [t.low for t in tokens[head - 2 : head + 1]] == ["as", "well", "as"]:
            j = head - 3
            if j >= 0 and tokens[j].text == ",":
                j -= 1
            continue
        if j >= 0 and (tokens[j].low in ("and", "та", "і", "й", "и") or tokens[j].text == ","):
            j -= 1
            if j >= 0 and tokens[j].text == ",":
                j -= 1
            continue
        break
    return items
@dataclass(frozen=True)
class _Candidate:
    trigger: _Trigger
    start: int
    end: int
    items: tuple[_Item, ...]
    side_hint: Side | None
    ordered: bool
    partial: bool
    from_left: bool
    earlier: bool = False  # "Auparavant, …", "… bereits zuvor befreit": a deed of an earlier time
