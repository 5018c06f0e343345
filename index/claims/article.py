"""Rules over the whole article: the side a place's other deeds give, relayed claims, short forms, duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from index import claim_languages as langs
from index import places
from index.claimants import (
    ArticleState,
)
from index.claims.place_phrases import _Candidate, _Item
from index.claims.sides import _other
from index.claims.stances import _control, _stance, claim_id
from index.claims.vocabulary import ATTACK_ACTIONS, ATTEMPT_ACTION
from index.gazetteer import gazetteer
from index.models import Claim, Side


def _resolve_anaphora(state: ArticleState, before: str) -> tuple[str, str] | None:
    """The place "the city", "the village" stands for: the one the article has named most often so far."""
    if not state.place_names:
        return None
    best: tuple[int, int, str, str] | None = None
    for order, (name, key) in enumerate(state.place_names):
        count = len(places.mentions(before, name))
        score = (count, order, name, key)
        if best is None or score[:2] > best[:2]:
            best = score
    return (best[2], best[3]) if best else None


def _just_before(claim: Claim, sentence_start: int, previous_start: int) -> bool:
    """Tell whether a claim is of the sentence before (or of this one, earlier)."""
    return previous_start <= claim.start <= sentence_start


def _denied_antecedent(claims: list[Claim], sentence_start: int, previous_start: int) -> tuple[str, str] | None:
    """The place a denial's "the village" stands for: that of the claim just reported (this sentence or the one before).

    "Russia's military reported the capture of the village of Dvorichna. But the
    governor denied that Russian forces had seized the village": a denial answers
    the claim before it, whatever place the article is mostly about.
    """
    if not claims or not _just_before(claims[-1], sentence_start, previous_start):
        return None
    return claims[-1].place, claims[-1].place_key


def _denied_places_before(claims: list[Claim], sentence_start: int, previous_start: int) -> list[str]:
    """The places a denial naming none denies: those the sentence before claimed for a side.

    "Russia's Ministry of Defense said it was in control of Strilecha, Krasne and
    Pylne. The governor later refuted that": each of them.
    """
    names: dict[str, str] = {}
    for c in claims:
        if _just_before(c, sentence_start, previous_start) and c.control in ("Ukraine", "Russia"):
            names.setdefault(c.place_key, c.place)
    return list(names.values())


# "the village of X", "das Dorf X", "la aldea de X": a place later sentences may call "the village".
_NAMED_SETTLEMENT = re.compile(r"\b(?:(?:city|town|village)\s+of\s+|" + langs.SETTLEMENT_BEFORE_NAME + r")([A-Z][\w’'-]+)")

# Deeds that say who holds the place once their doer is known.
_SIDED_EFFECTS = frozenset({"gain", "fall", "presence", "loss"})
# Stances of deeds (not descriptions) that lend their side to the article's other mentions of the place.
_DEEDS = frozenset({"captured", "withdrew", "conceded"})


def _side_from_article(claims: list[Claim], unsided: list[tuple[int, _Candidate, _Item]], text: str = "") -> None:
    """Give deeds without a named doer the side the rest of the article names for them.

    "Snihurivka was liberated by the 131st battalion" says no side; the
    sentence of the same article that says "Ukrainian forces liberated
    Snihurivka" does. A deed takes the side the article's other deeds give the
    same place (captures, withdrawals; not descriptions); an article that
    shows both sides taking it, or none, leaves the deed without a side.
    """
    if not unsided:
        return
    pending = {i for i, _, _ in unsided}
    attempts = [i for i, _, _ in unsided if claims[i].action == ATTEMPT_ACTION]
    _attacker_from_article(claims, attempts, pending, frozenset({ATTEMPT_ACTION}))
    attacks = [
        i for i, _, _ in unsided
        if claims[i].action in ATTACK_ACTIONS and i not in attempts and not _pronoun_subject(claims[i], text)
    ]
    _attacker_from_article(claims, attacks, pending, ATTACK_ACTIONS | {"fighting"})
    by_place: dict[str, set[Side]] = {}
    for i, c in enumerate(claims):
        if i in pending or c.side is None or c.control not in ("Ukraine", "Russia") or c.stance not in _DEEDS:
            continue
        by_place.setdefault(c.place_key, set()).add(c.control)  # type: ignore[arg-type]
    for i, cand, item in unsided:
        c = claims[i]
        holders = by_place.get(c.place_key, set())
        if len(holders) != 1:
            continue
        holder = next(iter(holders))
        side = _other(holder) if cand.trigger.effect == "loss" else holder
        control = _control(cand, item, side)
        if control is None:
            continue
        claims[i] = replace(
            c, side=side, control=control,
            stance=_stance(cand, item, c.action, control, side, c.claimant_side),
        )

# A subject pronoun stands for someone the sentence does not name: "It then spent months trying to seize the
# city" may be any side, whoever else the article has attacking.
_PRONOUN = re.compile(
    r"\b(?:it|they|he|she|він|вона|вони|воно|он|она|они|оно|sie|er|il|ils|elle|elles|ellos|ellas|lui|loro)\b",
    re.IGNORECASE,
)


def _pronoun_subject(claim: Claim, text: str) -> bool:
    """Tell whether the claim's sentence has a pronoun before the place (its doer, unnamed)."""
    sentence = text[claim.start : claim.end]
    at = sentence.find(claim.place)
    return bool(_PRONOUN.search(sentence[: at if at >= 0 else len(sentence)]))


def _attacker_from_article(claims: list[Claim], attacks: list[int], pending: set[int], like: frozenset[str]) -> None:
    """Give attacks without a named doer the side the article's other deeds of the kind `like` name.

    "Russia has been trying to seize Stepnohirsk … They are trying to gain a
    foothold in Kamianske" (attempts, by the article's other attempts);
    "Russian troops are fighting for X … the advance toward Y comes from other
    directions too" (an advance with no subject at all, by the article's
    attacks and fights): one attacker, when all of them are one side's.
    """
    attackers = {c.side for i, c in enumerate(claims) if c.action in like and c.side and i not in pending}
    if len(attackers) != 1:
        return
    attacker = attackers.pop()
    for i in attacks:
        claims[i] = replace(claims[i], side=attacker)


def _parts_held_inside(claims: list[Claim]) -> list[Claim]:
    """Add, for a side's forces still in a plant or a quarter of an article's one settlement, a claim on part of it.

    "All of Mariupol is under the control of the Russian army … remnants of
    Ukrainian fighters are holed up at the Azovstal plant": the article's own
    words say part of the city is still the other side's. A place the register
    does not know (a plant, a district), in an article whose claims of control
    are about one settlement only, is taken to lie in it.
    """
    settlements = {c.place_key: c for c in claims if c.place_id and c.control in ("Ukraine", "Russia")}
    if len(settlements) != 1:
        return claims
    city = next(iter(settlements.values()))
    inside = [
        c for c in claims
        if c.action == "still in" and c.side and c.place_id is None and c.place_key != city.place_key
        and not gazetteer().lookup(c.place)
    ]
    parts = [
        replace(
            c, id=claim_id(c.article_id, c.start, city.place_key, "holds part of"), place=city.place,
            place_key=city.place_key, place_id=city.place_id, action="holds part of", control="contested",
            stance="partial",
        )
        for c in inside
    ]
    return claims + parts


def _relayed(claims: list[Claim], outlet: str | None) -> list[Claim]:
    """Give a claim in the outlet's own voice the party the article attributes the same claim to.

    A headline "Russian forces take control of X" over a body that says "the
    Russian defence ministry said its forces took X" relays the ministry's claim;
    it is no independent confirmation of it.
    """
    attributed: dict[tuple[str, str | None, str | None], Claim] = {}
    for c in claims:
        if c.claimant != outlet and c.control is not None:
            attributed.setdefault((c.place_key, c.control, c.stance), c)
    out: list[Claim] = []
    for c in claims:
        source = attributed.get((c.place_key, c.control, c.stance)) if c.claimant == outlet else None
        if source is not None:
            c = replace(c, claimant=source.claimant, claimant_kind=source.claimant_kind, claimant_side=source.claimant_side)
        out.append(c)
    return out


def _expand_short_forms(claims: list[Claim]) -> list[Claim]:
    """Give "Cherkas’ki" the key of "Cherkasky Tyshky" named in the same article."""
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    out: list[Claim] = []
    for c in claims:
        if " " in c.place_key:
            out.append(c)
            continue
        longer = {
            o.place_key
            for o in by_article[c.article_id]
            if " " in o.place_key and o.place_key.split()[0] == c.place_key
        }
        if len(longer) == 1:
            key = longer.pop()
            out.append(_replace_key(c, key))
        else:
            out.append(c)
    return out


def _replace_key(c: Claim, key: str) -> Claim:
    return replace(c, id=claim_id(c.article_id, c.start, key, c.action), place_key=key)


def _dedupe(claims: Iterable[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out: list[Claim] = []
    for c in claims:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out
