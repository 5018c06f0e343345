"""The places a question asks about, found with the gazetteer.

A question names places in three roles: the places it asks about ("who holds
Tsyrkuny"), reference points ("near Kharkiv", "біля Мар'їнки", "(Kurakhove
direction)") and oblasts ("in Kharkiv oblast", "на Харківщині", "Kursk
region"). Targets are what the answer is about; reference points and oblasts
tell which of several places of a name is meant. A name the gazetteer does not
know (Azovstal, a hamlet the register lacks) is still a target when it is
written like a name; the answer then checks the stored articles for it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, TypeVar

from index.gazetteer import _PEOPLE, PlaceMatch, Settlement, gazetteer, name_words
from index.places import candidate_names, fold, is_generic_word, place_key

Role = Literal["target", "context"]
T = TypeVar("T")

# The rules `settlement_for` ties a claim's name to a settlement by: stored claims
# carry its result (place_id), so a change here re-reads them (see index/writer.py).
PLACE_RULES = "4"

# Vocabulary, per language, folded (see places.fold). Words right before a
# name that make it a reference point, not the place asked about.
_CONTEXT_BEFORE = frozenset(
    fold(w)
    for w in """
    near outside around
    біля під поблизу поряд неподалік коло довкола поруч
    под около возле близ недалеко рядом вблизи
    """.split()
)
# "north of Kharkiv", "на північ від Харкова", "к северу от Харькова".
_DIRECTION_OF = frozenset(
    fold(w)
    for w in """
    north south east west northeast northwest southeast southwest northern southern eastern western
    північ південь схід захід північний південний
    север юг восток запад северу югу востоку западу
    """.split()
)
_OF = frozenset(fold(w) for w in "of від от".split())
# Words right after a name that make it a reference point ("Kurakhove direction")
# or no settlement at all ("Oskil River").
_CONTEXT_AFTER = frozenset(
    fold(w) for w in "direction axis front sector напрямок напрямку направление направлении фронт".split()
)
# Reference points a question may ask about when it names nothing else ("near
# Kharkiv"), unlike a front or direction named after a town.
# "Borova hromada", "Izium raion": the settlement's own unit, so the settlement.
_UNIT_AFTER = frozenset(fold(w) for w in "hromada raion district громада район".split())
# "the Belgorod incursions", "the Kharkiv offensive": a regional capital's name for its oblast.
_OBLAST_NOUNS = frozenset(
    fold(w)
    for w in "incursion incursions offensive counteroffensive operation border raid raids front direction axis".split()
)
# Oblasts on or near the front line: of several places of a name, the one there
# is likelier what a question about the war means, when nothing else tells.
FRONT_OBLASTS = frozenset(
    "Donetsk Luhansk Kharkiv Zaporizhzhia Kherson Sumy Dnipropetrovsk Mykolaiv Kursk Belgorod Bryansk".split()
)
_NOT_SETTLEMENT_AFTER = frozenset(
    fold(w)
    for w in """
    river rivers reservoir sea lake forest forests plant steelworks works garrison garrisons
    річка річки річці ріки водосховище море озеро ліс
    река реки реке водохранилище озеро лес
    """.split()
)
_REGION_AFTER = frozenset(
    fold(w)
    for w in "oblast oblasts region regions province область області областi обл области областью".split()
)
# "the region of Belgorod", "la région de Belgorod", "la regione di Kursk": the oblast's word first.
_REGION_BEFORE = frozenset(fold(w) for w in "region oblast province région región regione provincia".split())
_OF_BEFORE = frozenset(fold(w) for w in "of de di del della d".split())
# How far after a name an oblast may be named and still say where that name is ("X, a village in
# the Y region", "X dans la région de Y", "X, situada en el distrito de Z de la región de Y").
_WHERE_AFTER_CHARS = 80
# "X, near the border with the Y region": the oblast named is across the border, not where X is.
_BESIDE = frozenset(
    fold(w)
    for w in "border borders near frontier кордон кордону кордоні граница границы границе frontière frontera grenze confine".split()
)
# English puts "the" before rivers and fronts, not before towns: "the Dnipro", "the Zaporizhzhia front".
_THE = frozenset(["the"])


@dataclass(frozen=True)
class AskedPlace:
    """A place named in a question, in its role, with the settlements it may be."""

    surface: str  # as written: "Херсоном", "Chasiv Yar"
    start: int
    end: int
    role: Role
    candidates: tuple[Settlement, ...] = ()  # best first; () for a name the gazetteer lacks
    keys: tuple[str, ...] = ()  # spelling keys of every name of the candidates (for search and claims)
    decided: bool = False  # the question tells which candidate it means (it is first)

    @property
    def known(self) -> bool:
        """True when the gazetteer knows the name."""
        return bool(self.candidates)


@dataclass(frozen=True)
class QuestionPlaces:
    """What a question says about places."""

    targets: tuple[AskedPlace, ...] = ()
    context: tuple[AskedPlace, ...] = ()
    oblasts: tuple[str, ...] = ()  # English names of the oblasts the question names
    unknown_words: tuple[str, ...] = field(default=())  # written like names, not places


def _word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for every word of the text."""
    out = []
    pos = 0
    for w in name_words(text):
        start = text.find(w, pos)
        if start < 0:
            start = text.replace("-", " ").find(w, pos)
        out.append((start, start + len(w), fold(w)))
        pos = start + len(w)
    return out


def _before(words: Sequence[tuple[int, int, str]], start: int, n: int) -> list[str]:
    i = bisect.bisect_left([s for s, _, _ in words], start)
    return [w for _, _, w in words[max(0, i - n) : i]]


def _after(words: Sequence[tuple[int, int, str]], end: int) -> str | None:
    i = bisect.bisect_left([s for s, _, _ in words], end)
    return words[i][2] if i < len(words) else None


def _role_of(text: str, words: Sequence[tuple[int, int, str]], m: PlaceMatch) -> Role | None:
    """Target, context, or None for no settlement (a river, a front, an oblast)."""
    after = _after(words, m.end)
    before = _before(words, m.start, 2)
    if after in _NOT_SETTLEMENT_AFTER or after in _REGION_AFTER:
        return None
    if after in _CONTEXT_AFTER:
        return "context"  # "the Kurakhove direction", "the Zaporizhzhia front"
    if after in _UNIT_AFTER:
        return "target"  # "the Borova hromada"
    if before[-1:] == ["the"] and (after is None or not is_generic_word(after)):
        return None  # "the Dnipro", "the Donets"
    if before[-1:] and before[-1] in _CONTEXT_BEFORE:
        return "context"
    if len(before) == 2 and before[1] in _OF and before[0] in _DIRECTION_OF:
        return "context"
    return "target"


@lru_cache(maxsize=1024)
def find_places(question: str) -> QuestionPlaces:
    """Find the places a question asks about, its reference points and its oblasts.

    Args:
        question: the user's question, in any language and script.

    Returns:
        Targets and reference points in order of appearance (a question that
        names only reference points asks about them), and the oblasts named.

    Raises:
        GazetteerError: the gazetteer file cannot be read.
    """
    gz = gazetteer()
    text = question[:2000]
    words = _word_spans(text)
    targets: list[AskedPlace] = []
    context: list[AskedPlace] = []
    oblasts: list[str] = []
    covered: list[tuple[int, int]] = []

    for m in gz.find_in_text(text):
        after = _after(words, m.end)
        oblast = gz.oblast_of(m.surface) or (
            gz.oblast_of(f"{m.surface} {after}") if after in _REGION_AFTER
            else gz.oblast_of(f"{m.surface} oblast") if after in _OBLAST_NOUNS else None
        )
        if oblast:
            oblasts.append(oblast)
            covered.append((m.start, m.end))
            continue
        role = _role_of(text, words, m)
        covered.append((m.start, m.end))
        if role is None:
            continue
        place = AskedPlace(m.surface, m.start, m.end, role, m.candidates, gz.keys_of(m.candidates))
        (targets if role == "target" else context).append(place)

    # Oblasts the gazetteer matched as no settlement ("Київщині", "Донеччині").
    for start, end, _ in words:
        if any(s <= start < e for s, e in covered):
            continue
        o = gz.oblast_of(text[start:end])
        if o:
            oblasts.append(o)
            covered.append((start, end))

    # Names written like names that the gazetteer lacks ("Azovstal").
    first_word = words[0][2] if words else ""
    for name in candidate_names(text):
        start = text.find(name)
        if start < 0 or any(s < start + len(name) and start < e for s, e in covered):
            continue
        if fold(name.split()[0]) == first_word and (targets or context):
            continue  # a capitalized first word is a place only when nothing else is
        after = _after(words, start + len(name))
        if after in _PEOPLE or after in _NOT_SETTLEMENT_AFTER or after in _REGION_AFTER:
            continue  # "Vladimir Putin", "the Azovstal garrison", "Belgorod Oblast"
        if gz.oblast_of(name):
            continue
        key = place_key(name)
        if not key:
            continue
        # A typo the text scan cannot match ("Sievierodonestk") may still be one name only.
        found = tuple(gz.lookup(name)) if len(name) <= 60 else ()
        keys = tuple(dict.fromkeys((key, *gz.keys_of(found))))
        targets.append(AskedPlace(name, start, start + len(name), "target", found, keys))

    if not targets and context:
        targets, context = [replace(p, role="target") for p in context], []
    targets.sort(key=lambda p: p.start)
    targets = [_decide(p, oblasts, context, targets) for p in targets]
    return QuestionPlaces(
        targets=tuple(_unique(targets)),
        context=tuple(_unique(context)),
        oblasts=tuple(dict.fromkeys(oblasts)),
    )


def place_named(name: str) -> AskedPlace | None:
    """Read a bare place name the way a question's places are read (/timeline, /watch).

    Args:
        name: what the user wrote after the command: "Херсоном", "Chasiv Yar",
            "Sievierodonestk", "Rubizhne, Luhansk oblast", "Dzerzhinsk".

    Returns:
        The first place it names, with its candidates (inflected names, typos,
        two-word and former names resolved; a shared name narrowed by an
        oblast or a place beside it is decided), or None when it names no
        settlement nor anything written like one (an oblast alone).

    Raises:
        GazetteerError: the gazetteer file cannot be read.
    """
    found = find_places(" ".join(name.split())[:200])
    return found.targets[0] if found.targets else None


def place_identity(place: AskedPlace) -> str:
    """Return what stays the same however a place is written: a stable key for remembering it.

    The gazetteer id of the settlement a shared name was narrowed to
    ("Rubizhne, Luhansk oblast"); else the spelling key of its settlement's
    English name, so Торецьк, Toretsk and Dzerzhinsk are one; else (a name the
    gazetteer lacks) the key of the name as written.
    """
    if place.candidates and place.decided and len(place.candidates) > 1:
        return place.candidates[0].id
    if place.candidates:
        return place_key(place.candidates[0].name_en)
    return place_key(place.surface)


def claim_identities(place: str, place_id: str | None) -> tuple[str, ...]:
    """Return every identity (see `place_identity`) a claim's place answers to.

    Args:
        place: the name as the claim's source wrote it.
        place_id: the settlement the claim was read as (None when its text does not tell).
    """
    settlement = gazetteer().by_id(place_id) if place_id else None
    if settlement is not None:
        return (place_id or "", place_key(settlement.name_en))
    named = place_named(place)
    return (place_identity(named),) if named is not None else (place_key(place),)


def is_about(place: AskedPlace, place_id: str | None) -> bool:
    """Tell whether a claim read as `place_id` may be about `place`: not when the place is a
    shared name narrowed to one settlement and the claim's text means another."""
    if not (place.decided and place.candidates and len(place.candidates) > 1):
        return True
    return place_id is None or place_id == place.candidates[0].id


def _decide(
    place: AskedPlace, oblasts: Sequence[str], context: Sequence[AskedPlace], targets: Sequence[AskedPlace]
) -> AskedPlace:
    """Order a place's candidates by what the question says; mark it decided when that tells.

    An oblast the question names counts most, then a reference point (same
    raion, same oblast, within 50 km), then the oblast of another place asked
    about; a place on the front line goes before one far from it when nothing
    else tells.
    """
    if oblasts and place.candidates and not any(c.oblast in oblasts for c in place.candidates):
        # "Demidovka (Belgorod oblast)": none of the places of the name the gazetteer
        # knows is there, so the question means one it lacks.
        return replace(place, candidates=(), decided=False)
    if len(place.candidates) < 2:
        return replace(place, decided=bool(place.candidates))
    anchors = [p.candidates[0] for p in context if p.candidates]
    others = {p.candidates[0].oblast for p in targets if p is not place and len(p.candidates) == 1}

    def evidence(c: Settlement) -> float:
        score = 4.0 if c.oblast in oblasts else 0.0
        for a in anchors:
            if a.raion and c.raion == a.raion:
                score += 3.0
            elif c.oblast == a.oblast:
                score += 2.0
            km = distance_km(a, c)
            if km is not None and km < 50:
                score += 2.0
        if c.oblast in others:
            score += 1.0
        return score

    scored = sorted(place.candidates, key=lambda c: (-evidence(c), c.oblast not in FRONT_OBLASTS, _size(c)))
    top = evidence(scored[0])
    tied = [c for c in scored if evidence(c) == top]
    # "Borova, Kharkiv oblast": a селище and a village there; the селище is meant.
    decided = top > 0 and (len(tied) == 1 or _size(tied[0])[0] < min(_size(c)[0] for c in tied[1:]))
    return replace(place, candidates=tuple(scored), decided=decided)


def _size(c: Settlement) -> tuple[int, int]:
    rank = {"city": 0, "urban-type settlement": 1, "settlement": 2}.get(c.kind, 3)
    return (rank, -(c.population or 0))


def distance_km(a: Settlement, b: Settlement) -> float | None:
    """Return the great-circle distance between two settlements, or None without coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _unique(places: list[AskedPlace]) -> list[AskedPlace]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for p in places:
        ident = tuple(s.id for s in p.candidates) or p.keys
        if ident not in seen:
            seen.add(ident)
            out.append(p)
    return out


# Different places that sources and readers take for one another, beyond a
# shared name: (name_uk, oblast) → the others (name_uk, oblast).
CONFUSED: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("Борова", "Kharkiv"): (("Борівське", "Luhansk"),),
    ("Каховка", "Kherson"): (("Нова Каховка", "Kherson"),),
}


def options(place: AskedPlace) -> tuple[Settlement, ...]:
    """Return every place a name may stand for: its candidates, the oblast a
    regional capital shares its name with, and places sources confuse with it.

    Args:
        place: a place from `find_places`.

    Returns:
        Settlements (and oblasts, kind "oblast"), the candidates' order first.
    """
    gz = gazetteer()
    out = list(place.candidates)
    first = place.candidates[0] if place.candidates else None
    if first is not None and first.kind == "city" and gz.oblast_of(f"{first.name_en} oblast") == first.oblast:
        oblast = gz.oblast(first.oblast)
        if oblast is not None:
            out.insert(1, oblast)
    for c in place.candidates[:3]:
        for name_uk, oblast_name in CONFUSED.get((c.name_uk or "", c.oblast), ()):
            out += [s for s in gz.lookup(name_uk) if s.oblast == oblast_name and s.name_uk == name_uk]
    return tuple(dict.fromkeys(out))


_REGION_AFTER_TEXT = _REGION_AFTER | frozenset(fold(w) for w in "front direction axis фронт напрямок напрямку".split())


@lru_cache(maxsize=64)
def anchors_in(text: str) -> list[Settlement]:
    """The places a text names that have one settlement only: where the text is."""
    return [s for _, s in anchor_spans(text)]


@lru_cache(maxsize=64)
def anchor_spans(text: str) -> tuple[tuple[int, Settlement], ...]:
    """(offset, settlement) of each place a text names that only one settlement bears.

    An oblast's name ("у Херсонській області" is no village Khersonske) and a
    person's first name ("Володимир Зеленський") are no places.
    """
    gz = gazetteer()
    words = _word_spans(text)
    out = []
    for m in gz.find_in_text(text):
        after = _after(words, m.end)
        if len(m.candidates) != 1 or after in _PEOPLE or after in _REGION_AFTER or gz.oblast_of(m.surface):
            continue
        out.append((m.start, m.candidates[0]))
    return tuple(out)


@lru_cache(maxsize=64)
def oblasts_named(text: str) -> frozenset[str]:
    """Return the oblasts a text names: "Kharkiv oblast", "Харківщина", "Сумской области", "the Sumy front"."""
    return frozenset(o for _, o in oblast_spans(text))


@lru_cache(maxsize=64)
def oblast_spans(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, English name) of each oblast a text names, in text order (see `oblasts_named`)."""
    gz = gazetteer()
    words = _word_spans(text)
    found = []
    for i, (start, end, folded) in enumerate(words):
        w = text[start:end]
        if not w[:1].isupper():
            continue
        o = gz.oblast_of(w)
        if o is None and i + 1 < len(words) and words[i + 1][2] in _REGION_AFTER_TEXT:
            o = gz.oblast_of(f"{w} oblast")
        if o is None and i >= 2 and words[i - 1][2] in _OF_BEFORE and words[i - 2][2] in _REGION_BEFORE:
            o = gz.oblast_of(f"{w} oblast")
        if o:
            found.append((start, o))
    return tuple(found)


def settlement_for(name: str, sentence: str, document: str = "") -> Settlement | None:
    """Tell which settlement a name in a text stands for, when the text tells.

    The nearest evidence counts first: the sentence (an oblast it names, the
    oblasts of its other places, then the place named closest beside the name
    that lies in the same raion or within 30 km of a candidate), and only then
    the whole text. An oblast the text names elsewhere, for another story
    ("Severodonetsk in the Luhansk Oblast"), does not outweigh "near Kharkiv"
    in the sentence itself. Of the candidates the evidence leaves, a town
    among villages (see `prominent`) is the one meant.

    Args:
        name: the name as the text writes it ("Rubizhne", "Херсоном").
        sentence: the sentence it is in (other places there tell where it is).
        document: the whole text (the oblasts and places it names), when there is one.

    Returns:
        The one settlement of the name the text points to; None when the
        gazetteer does not know the name or the text does not tell.
    """
    gz = gazetteer()
    candidates = gz.lookup(name)
    if not candidates:
        return None
    if _placed_elsewhere(candidates, name, sentence):
        return None
    if len(candidates) == 1:
        only = candidates[0]
        if only.kind in ("city", "island") or not document or _spelled_as_named(name):
            return only
        # A lone village only as close as a typo to the name, far from every other place
        # the text names, is more likely a name cut short ("Saltiv" of Staryi Saltiv,
        # read as Saliv) than that village.
        around = {a.oblast for a in anchors_in(document) if a.id != only.id}
        return only if not around or only.oblast in around else None
    at = sentence.find(name)
    for scope in (sentence, document):
        if not scope:
            continue
        candidates = _narrowed(candidates, oblast_spans(scope), anchor_spans(scope), at if scope is sentence else -1)
        if len(candidates) == 1:
            return candidates[0]
    first = candidates[0]
    if not prominent(candidates):
        return None
    if first.kind not in _TOWNS and _elsewhere(candidates, document):
        return None  # a village of the name, but the text is about oblasts where there is none
    # A town among villages is the one meant; a larger village only when the sentence
    # names no place of its oblast (it would be near one of them).
    nearby = {a.oblast for _, a in anchor_spans(sentence)} if sentence else set()
    return first if first.kind in _TOWNS or (_more_people(candidates) and first.oblast not in nearby) else None


_TOWNS = ("city", "urban-type settlement")


def _elsewhere(candidates: Sequence[Settlement], document: str) -> bool:
    """True when the text names oblasts and none of the candidates lies in any of them."""
    named = oblasts_named(document) if document else frozenset()
    return bool(named) and not any(c.oblast in named for c in candidates)


def _placed_elsewhere(candidates: Sequence[Settlement], name: str, sentence: str) -> bool:
    """True when the sentence puts the name in an oblast where the register has no settlement of it.

    "Demidovka dans la région de Belgorod": a village of Russia's Belgorod oblast
    the register lacks (it holds only GeoNames' larger Russian places), not
    any of Ukraine's eight Demydivkas.
    """
    at = sentence.find(name)
    if at < 0:
        return False
    end = at + len(name)
    where = {o for pos, o in oblast_spans(sentence) if end <= pos <= end + _WHERE_AFTER_CHARS}
    if where and any(w in _BESIDE for _, _, w in _word_spans(sentence[end : end + _WHERE_AFTER_CHARS])):
        return False
    return bool(where) and not any(c.oblast in where for c in candidates)


def _spelled_as_named(name: str) -> bool:
    """True when the name is one of a settlement's names (in any case form), not a typo's match."""
    return any(m.start == 0 and m.end == len(name) for m in gazetteer().find_in_text(name))


def _narrowed(
    candidates: Sequence[Settlement],
    oblasts: Sequence[tuple[int, str]],
    anchors: Sequence[tuple[int, Settlement]],
    at: int,
) -> list[Settlement]:
    """The candidates one text's evidence leaves; all of them when it tells nothing.

    Args:
        candidates: the settlements of the name, largest first.
        oblasts: (offset, oblast) of the oblasts the text names.
        anchors: (offset, settlement) of the text's places that one settlement bears.
        at: where the name stands in the text (-1: unknown). A sentence that names
            several oblasts or places of candidates means the one named closest to
            the name: "from Krynky in Kherson oblast and from Urozhaine in
            Donetsk oblast", "took Slobozhanske, Borshchova, Rus'ki Tyshky ...".
    """
    ids = {c.id for c in candidates}
    out = _closest_named(candidates, [(pos, o) for pos, o in oblasts], lambda c, o: c.oblast == o, at)
    if len(out) == 1:
        return out
    anchors = [(pos, a) for pos, a in anchors if a.id not in ids]
    out = _closest_named(out, anchors, lambda c, a: c.oblast == a.oblast, at)
    if len(out) == 1:
        return out

    def near(c: Settlement, a: Settlement) -> bool:
        return bool(a.raion and c.raion == a.raion) or (distance_km(a, c) or 999) < 30

    return _closest_named(out, anchors, near, at)


def _closest_named(
    candidates: Sequence[Settlement],
    named: Sequence[tuple[int, T]],
    fits: Callable[[Settlement, T], bool],
    at: int,
) -> list[Settlement]:
    """The candidates that fit something the text names, those fitting what is named closest
    to the name when its place is known; all of them when none fits."""
    gap = {
        c.id: min((abs(pos - at) if at >= 0 else 0 for pos, x in named if fits(c, x)), default=None)
        for c in candidates
    }
    fitting = [c for c in candidates if gap[c.id] is not None]
    if not fitting:
        return list(candidates)
    best = min(g for g in gap.values() if g is not None)
    return [c for c in fitting if gap[c.id] == best]


def prominent(candidates: Sequence[Settlement]) -> bool:
    """True when the first candidate clearly outranks the others: a city (or a town) among
    villages, or one with at least three times the people of any other.

    Args:
        candidates: settlements of one name, largest first (as `Gazetteer.lookup` orders them).
    """
    if len(candidates) < 2:
        return bool(candidates)
    rank = {"city": 0, "urban-type settlement": 1, "settlement": 2}
    first, rest = candidates[0], candidates[1:]
    if all(rank.get(first.kind, 3) < rank.get(c.kind, 3) for c in rest):
        return True
    return _more_people(candidates)


def _more_people(candidates: Sequence[Settlement]) -> bool:
    """True when the first has three times the people of any other, or thousands where none else is counted."""
    first, rest = candidates[0], candidates[1:]
    return (first.population or 0) >= 3 * max((c.population or 0) for c in rest) > 0 or (
        (first.population or 0) >= 2_000 and all(not c.population for c in rest)
    )
