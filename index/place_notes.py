"""What an answer says about the places a question names: which one, or which ones.

A name may fit several places: five villages called Rubizhne, a city and the
oblast of the same name, Kakhovka and Nova Kakhovka. The question may tell
which one it means (an oblast, a reference point); otherwise each source is
read for which one it means (the name as it writes it, the oblasts its passage
names, the other places around it). One meaning across the sources is named
in a note; several are a question back to the user. A place no stored article
covers is named as real (with its oblast) or as no place at all, with covered
places near it to ask about instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from index import phrases
from index.gazetteer import Settlement, gazetteer, russian_oblast
from index.models import Caveat, PlaceMention
from index.places import disambiguate, fold, same_name_places
from index.question_places import (
    AskedPlace,
    anchors_in,
    distance_km,
    oblasts_named,
    options,
    prominent,
)

# Covered places suggested instead of one the articles lack.
MAX_NEAR = 5
_REGION_WORDS = frozenset(
    fold(w) for w in "oblast oblasts region province область області областi обл области областью".split()
)



@dataclass(frozen=True)
class Source:
    """The part of one cited source read to tell which place it means."""

    article_id: str
    passage: str  # the cited passage (its neighbours say where the place is)
    sentence: str  # the quoted sentence
    article: str = ""  # the whole text (city or oblast: how the article writes the name throughout)


def label(s: Settlement, lang: str) -> str:
    """Return a place's full name with its oblast (and raion), in the answer's language."""
    name = display_name(s, lang)
    if s.kind == "oblast":
        return name
    oblast = phrases.phrase(lang, "oblast_of", oblast=_oblast_name(s.oblast, lang))
    raion = f" ({s.raion})" if s.raion and lang == "en" else ""
    return f"{name}, {oblast}{raion}"


def display_name(s: Settlement, lang: str) -> str:
    """The settlement's name in the language of the answer."""
    if lang == "uk" and s.name_uk:
        return s.name_uk
    if lang == "ru" and (s.name_ru or s.name_uk):
        return s.name_ru or s.name_uk or s.name_en
    return s.name_en


def _oblast_name(oblast: str, lang: str) -> str:
    """The oblast's name before the word for oblast: "Kharkiv", "Харківська", "Харьковская"."""
    if lang == "en":
        return oblast
    if lang == "ru":
        return russian_oblast(oblast) or oblast
    o = gazetteer().oblast(oblast)
    return o.name_uk.removesuffix(" область") if o is not None and o.name_uk else oblast


def _meant_in(source: Source, place: AskedPlace, opts: Sequence[Settlement]) -> set[str]:
    """Ids of the options this source means, from how its sentence and passage write the name."""
    gz = gazetteer()
    ids = {s.id for s in opts}
    by_id = {s.id: s for s in opts}
    keys = set(place.keys)
    meant: set[str] = set()
    oblasts: set[str] | None = None
    anchors: list[Settlement] | None = None
    for m in gz.find_in_text(source.sentence):
        here = {c.id for c in m.candidates} & ids
        if not here and not (set(gz.keys_of(m.candidates[:3])) & keys):
            continue
        after = source.sentence[m.end : m.end + 12].split()
        if after and fold(after[0]) in _REGION_WORDS:
            oblast = gz.oblast(gz.oblast_of(f"{m.surface} oblast") or "")
            if oblast is not None and oblast.id in ids:
                meant.add(oblast.id)
            continue
        if len(here) > 1:
            if oblasts is None or anchors is None:
                # The sentence with its neighbours: where a source places a village
                # is said close to it, and reading whole passages costs too much.
                at = source.passage.find(source.sentence)
                around = source.passage[max(0, at - 400) : at + len(source.sentence) + 400] if at >= 0 else source.sentence
                oblasts = set(oblasts_named(source.passage))
                anchors = anchors_in(around)
            local = {i for i in here if by_id[i].oblast in oblasts} or _near_anchors(here, by_id, anchors)
            if len(local) >= 1:
                here = _closest(local, by_id, anchors)
            else:
                # The passage names no oblast of any: it means the prominent one, or doesn't say.
                first = opts[0]
                here = {first.id} if first.id in here and prominent([by_id[i] for i in [first.id, *(here - {first.id})]]) else set()
        meant |= here
    return meant


def _near_anchors(ids: set[str], by_id: dict[str, Settlement], anchors: Sequence[Settlement]) -> set[str]:
    """Of several places of one name, those in the oblast of the passage's other places
    ("near Kharkiv, ... Rubizhne": the Rubizhnes of Kharkiv oblast)."""
    oblasts = {a.oblast for a in anchors if a.id not in ids}
    return {i for i in ids if by_id[i].oblast in oblasts}


def _closest(ids: set[str], by_id: dict[str, Settlement], anchors: Sequence[Settlement]) -> set[str]:
    """Of several places of one name in one oblast, the one near the sentence's other
    places, else the one clearly larger (a town, or one GeoNames counts, beside villages)."""
    if len(ids) < 2:
        return ids
    near_ids = {
        i for i in ids for a in anchors
        if a.id != i and ((a.raion and by_id[i].raion == a.raion) or (distance_km(a, by_id[i]) or 999) < 30)
    }
    if len(near_ids) == 1:
        return near_ids
    rank = {"city": 0, "urban-type settlement": 1, "settlement": 2}
    best = min(rank.get(by_id[i].kind, 3) for i in ids)
    larger = {i for i in ids if rank.get(by_id[i].kind, 3) == best}
    if len(larger) > 1:
        people = sorted(((by_id[i].population or 0), i) for i in larger)
        if people[-1][0] >= 3 * max(people[-2][0], 1):
            larger = {people[-1][1]}
    return larger if len(larger) == 1 else ids


def _regional_capital(place: AskedPlace, opts: Sequence[Settlement], sources: Sequence[Source]) -> set[str] | None:
    """City or oblast, for a name both have; None when the name is no oblast's.

    Where the old hand-made table knew the pair (Kherson, Luhansk, Donetsk,
    Kharkiv, Zaporizhzhia, Mykolaiv) the sources' explicit cues ("city of
    Kherson", "Kherson region", "Херсонщина") are counted and a tie asks; for
    the other regional capitals a bare name is the city.
    """
    oblast = next((s for s in opts if s.kind == "oblast"), None)
    if oblast is None or not place.candidates:
        return None
    city = place.candidates[0]
    if not same_name_places(city.name_en):
        return {city.id}
    context = " ".join(dict.fromkeys(s.article or s.passage for s in sources))
    chosen = disambiguate(city.name_en, context)
    if chosen is None:
        return {city.id, oblast.id}
    return {oblast.id} if chosen.name.endswith("Oblast") else {city.id}


def place_mentions(
    places: Sequence[AskedPlace], sources: Sequence[Source], lang: str, matched: Callable[[AskedPlace], str]
) -> tuple[list[PlaceMention], list[Caveat], bool]:
    """Say which place each name of the question stands for, or ask.

    Args:
        places: the places the question asks about (from find_places).
        sources: the cited sources, in citation order.
        lang: the answer's language.
        matched: the spelling the sources use for a place.

    Returns:
        The mentions for the answer object, "ambiguous_place" caveats, and
        whether the answer must ask which place is meant.
    """
    mentions: list[PlaceMention] = []
    caveats: list[Caveat] = []
    ambiguous = False
    refs = tuple(range(1, len(sources) + 1))
    for place in places:
        opts = options(place)
        spelled = matched(place)
        if len(opts) < 2:
            only = opts[0] if opts else None
            mentions.append(_mention(place, spelled, None, only, (), lang))
            continue
        if place.decided:
            meant = {place.candidates[0].id}
        else:
            meant = _regional_capital(place, opts, sources) or set()
            if not meant:
                for source in sources:
                    meant |= _meant_in(source, place, opts)
            if not meant and prominent(place.candidates):
                # The sources don't say; a city among villages of its name is what they mean.
                meant = {place.candidates[0].id}
        chosen = [s for s in opts if s.id in meant]
        if len(chosen) == 1:
            note = phrases.phrase(lang, "ambiguous_known", name=spelled, context=label(chosen[0], lang))
            mentions.append(_mention(place, spelled, note, chosen[0], opts, lang))
        else:
            # Ask back only when the sources mean different places; when they
            # just don't say, the answer stands with a note naming the options.
            ambiguous = ambiguous or len(chosen) > 1
            shown = chosen or list(opts[:6])
            described = " — ".join(label(s, lang) for s in shown)
            if len(opts) > len(shown) and not chosen:
                described += " …"
            note = phrases.phrase(lang, "ambiguous_unknown", name=spelled, options=described)
            mentions.append(_mention(place, spelled, note, None, tuple(shown), lang))
        caveats.append(Caveat("ambiguous_place", note, refs))
    return mentions, caveats, ambiguous


def _mention(
    place: AskedPlace, spelled: str, note: str | None, chosen: Settlement | None,
    candidates: Sequence[Settlement], lang: str,
) -> PlaceMention:
    return PlaceMention(
        name=place.surface,
        matched=spelled,
        note=note,
        id=chosen.id if chosen else None,
        oblast=chosen.oblast if chosen else None,
        candidates=tuple((s.id, display_name(s, lang), s.oblast) for s in candidates),
    )


def settlement_labels(place_ids: Sequence[str | None], lang: str) -> dict[str, str]:
    """Name the settlements some claims are tied to, when they are several places of one name.

    Args:
        place_ids: the claims' `place_id`s (None: the text did not tell).
        lang: the reply's language.

    Returns:
        place id → its oblast ("Luhansk oblast"; with the raion where two are in one
        oblast), for every id when the ids name more than one settlement; {} when
        they name one (nothing to tell apart).
    """
    ids = list(dict.fromkeys(i for i in place_ids if i))
    if len(ids) < 2:
        return {}
    gz = gazetteer()
    found = {i: s for i in ids if (s := gz.by_id(i)) is not None}
    oblasts = [s.oblast for s in found.values()]
    out = {}
    for i, s in found.items():
        where = phrases.phrase(lang, "oblast_of", oblast=_oblast_name(s.oblast, lang))
        out[i] = f"{where}, {s.raion}" if s.raion and oblasts.count(s.oblast) > 1 else where
    return out


@lru_cache(maxsize=4)
def _resolved(names: tuple[str, ...]) -> tuple[tuple[str, Settlement], ...]:
    gz = gazetteer()
    out = []
    for name in names:
        found = gz.lookup(name)
        if found:
            out.append((name, found[0]))
    return tuple(out)


def near(place: Settlement, covered: Sequence[str], lang: str) -> list[str]:
    """Covered places near a place, closest first: "Kupiansk, Kharkiv oblast (38 km)".

    Args:
        place: the place the articles lack.
        covered: names of the places the stored claims are about.
        lang: the answer's language.

    Returns:
        Up to MAX_NEAR full names: by distance where both have coordinates,
        else those of the same oblast.
    """
    scored = []
    for _name, s in _resolved(tuple(covered)):
        if s.id == place.id:
            continue
        km = distance_km(place, s)
        if km is not None and km <= 150:
            scored.append((km, s))
        elif s.oblast == place.oblast:
            scored.append((1000.0, s))
    scored.sort(key=lambda x: x[0])
    seen: set[str] = set()
    out = []
    for km, s in scored:
        if s.id in seen:
            continue
        seen.add(s.id)
        distance = f" ({km:.0f} {phrases.phrase(lang, 'km')})" if km < 1000 else ""
        out.append(label(s, lang).split(" (")[0] + distance)
        if len(out) == MAX_NEAR:
            break
    return out


def not_found_lines(unknown: Sequence[AskedPlace], covered: Sequence[str], lang: str) -> list[str]:
    """The lines that tell why places are not found: real but not covered (with covered
    places near them), or no known place at all."""
    lines = []
    for place in unknown:
        if place.candidates:
            s = place.candidates[0]
            kind = phrases.phrase(lang, f"kind_{s.kind.replace(' ', '_').replace('-', '_')}")
            lines.append(phrases.phrase(lang, "real_not_covered", name=place.surface, kind=kind, place=label(s, lang)))
            close = near(s, covered, lang)
            if close:
                lines.append(phrases.phrase(lang, "covered_near", places="; ".join(close)))
        else:
            lines.append(phrases.phrase(lang, "not_a_place", name=place.surface))
    return lines
