"""Which place the answer is about: claims about the place asked about, and how the sources spell it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.answer.evidence import Evidence
from index.gazetteer import gazetteer
from index.models import Caveat, Claim, PlaceMention
from index.place_notes import Source, place_mentions
from index.places import name_key
from index.question_places import AskedPlace
from index.search import Query, place_keys


def about_first_place(claim: Claim, query: Query) -> bool:
    """True for a claim about the first place the question names, under any of its spellings.

    The place asked about is the first one named; others are where it is
    ("near Kharkiv"), and of a shared name, the one meant.
    """
    first = set(place_keys(query.places[0])) if query.places else set(query.keys[:1])
    return claim.place_key in first and same_place(claim, query)


def same_place(claim: Claim, query: Query) -> bool:
    """False for a claim about another place of the name than the one the question means
    ("Rubizhne in Luhansk oblast" is not the Rubizhne of Kharkiv oblast)."""
    meant = {p.candidates[0].id for p in query.places if p.decided and p.candidates}
    return not meant or claim.place_id is None or claim.place_id in meant or not any(
        set(place_keys(p)) & {claim.place_key} for p in query.places if p.decided
    )


# A bare shared name means the larger place first: a city before a town before a village.
_KIND_RANK = {"city": 0, "urban-type settlement": 1, "town": 1, "settlement": 2, "village": 3, "locality": 4}


def one_settlement(claims: Sequence[Claim]) -> list[Claim]:
    """Of the claims about a name, those about the one settlement the holder is read for.

    When the sources place their claims in different settlements of one name
    (a "Konstantinovka on the Sumy front" beside Donetsk oblast's city), one
    holder for all of them would mix two places: it is read for the largest of
    them (then the one most claims are about), with the claims whose text does
    not say which; the ambiguity caveat names the others.
    """
    counts: dict[str, int] = {}
    for c in claims:
        if c.place_id:
            counts[c.place_id] = counts.get(c.place_id, 0) + 1
    if len(counts) < 2:
        return list(claims)
    register = gazetteer()

    def rank(settlement_id: str) -> tuple[int, int, int]:
        found = register.by_id(settlement_id)
        kind = _KIND_RANK.get(found.kind, 5) if found else 9
        return (kind, -counts[settlement_id], -((found.population or 0) if found else 0))

    meant = min(counts, key=rank)
    return [c for c in claims if c.place_id in (None, meant)]


def places(
    query: Query, chosen: Sequence[Evidence], lang: str
) -> tuple[list[PlaceMention], list[Caveat], bool]:
    """The places asked about as the quotes spell them, the ambiguous-place caveats, and whether to ask which."""
    sources = [Source(e.article.id, e.hit.passage.text, e.span.text, e.article.text) for e in chosen]

    def matched(place: AskedPlace) -> str:
        keys = set(place_keys(place))
        spelled = next(
            (e.claim.place for e in chosen if e.claim is not None and e.claim.place_key in keys), None
        ) or matched_spelling(place.surface, chosen) or place.surface
        return re.sub(r"[’'ʼ]s$", "", spelled)  # "Luhansk’s" is Luhansk

    return place_mentions(query.places, sources, lang, matched)


def matched_spelling(name: str, chosen: Sequence[Evidence]) -> str | None:
    """The first spelling of `name` (word by word, by name key) in the quotes."""
    keys = [name_key(w) for w in name.split()]
    for e in chosen:
        words = re.findall(r"[\w’'ʼ-]+", e.span.text)
        for i in range(len(words) - len(keys) + 1):
            if [name_key(w) for w in words[i : i + len(keys)]] == keys:
                return " ".join(words[i : i + len(keys)])
    return None
