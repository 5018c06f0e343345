"""Sentences to claims: the trigger, its places, side, claimant, date and hedges, one claim per place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from index import places
from index.caveats import verification_statements
from index.claimants import (
    BACK_REFERENCE,
    OPEN_QUOTE,
    ArticleState,
    Attribution,
    Entity,
    alignment,
    attributions,
    entities,
    outlet_side,
)
from index.claims.article import (
    _NAMED_SETTLEMENT,
    _SIDED_EFFECTS,
    _dedupe,
    _denied_antecedent,
    _denied_places_before,
    _expand_short_forms,
    _parts_held_inside,
    _relayed,
    _resolve_anaphora,
    _side_from_article,
)
from index.claims.candidates import _candidates, _hypothetical, _is_title_case
from index.claims.dating import _claim_date, earlier_deed, not_before
from index.claims.hedges import (
    _DESPITE_CLAIMS,
    _SURROUNDED,
    _VERDICT,
    _WRITERS_WORDS,
    _hedges,
    _quoted,
)
from index.claims.place_phrases import _Candidate, _Item
from index.claims.sides import _other, _side_for, voice_of
from index.claims.stances import _action, _control, _stance, claim_id
from index.claims.vocabulary import ATTACK_ACTIONS, SIDE_CLAIMS_DENIED, SURRENDER
from index.models import (
    DESPITE_CLAIMS,
    QUOTED,
    RELAYED_BY_ENEMY,
    SAYS_UNCONFIRMED,
    Article,
    Claim,
    ClaimantKind,
    Passage,
    Side,
    Span,
)
from index.passages import sentences


def extract_claims(article: Article, passages: Sequence[Passage]) -> list[Claim]:
    """Extract who claims which side did what to which place, one claim per place.

    Only body passages are read. Each sentence gives a claim for every place
    its trigger verbs govern ("took the settlements of A, B and C" gives
    three). The claimant is the party the sentence (or the next one, "This
    was reported by ...", or an earlier one, "It added ...") attributes the
    deed to; without one, the outlet's own reporting (`article.source`).

    Args:
        article: the article the passages belong to.
        passages: its passages, as made by `split_passages(article)`.

    Returns:
        Claims in reading order; `start`/`end` are the sentence's offsets in
        `article.text`, `claim_date` the date the sentence states (else the
        article's date, with `date_stated` False).
    """
    state = ArticleState(article)
    # The side the article writes from: its words ("occupants"), else its outlet's (state media, .ru).
    voice = voice_of(article.text) or outlet_side(article.source)
    base = article.published or not_before(article.text)
    # An article that says its claims are unconfirmed says it of every claim in it.
    unconfirmed: tuple[str, ...] = (SAYS_UNCONFIRMED,) if verification_statements(article) else ()
    spans: list[tuple[Passage, Span]] = [
        (p, s) for p in passages if p.kind == "body" for s in sentences(p.text, p.start)
    ]
    claims: list[Claim] = []
    unsided: list[tuple[int, _Candidate, _Item]] = []  # deeds whose doer the sentence does not name
    denials: list[tuple[Passage, Span, Entity | None, Side, int]] = []  # denials of a side's claims naming no place
    for n, (passage, span) in enumerate(spans):
        text = span.text
        following = [sp.text for _, sp in spans[n + 1 : n + 6]]
        said_by = attributions(text, state)
        cands = [] if _is_title_case(text) else [c for c in _candidates(text) if not _hypothetical(text, c)]
        fallback = _fallback_claimant(text, following, said_by, state)
        for cand in cands:
            if cand.trigger.action == "still in" and SURRENDER.search(text):
                continue  # "the fighters holed up at the plant had surrendered"
            chosen = _choose(text, said_by, cand, cands)
            entity = chosen.entity if chosen else fallback
            if cand.trigger.action in _WRITERS_WORDS and not _quoted(text, cand.start):
                entity = None  # "X, a town in the Ukrainian-controlled part of …": the writer's description
            claimant: str | None = article.source
            kind: ClaimantKind = "independent_media"
            c_side: Side | None = None
            if entity is not None:
                claimant, kind, c_side = entity.name, entity.kind, entity.side
            # "The enemy", "our troops" in the outlet's own words are of its side; in a quotation, the speaker's.
            own_words = (
                not said_by and (entity is None or entity.side is None)
                and not _quoted(text, cand.start) and not OPEN_QUOTE.match(text)
            )
            side = _side_for(text, cand, c_side, voice if own_words else None)
            when, stated, stated_precision, background = _claim_date(text, cand.start, base, article.published)
            precision: str | None = stated_precision
            if when is not None and not stated and article.published is None:
                precision = "not_before"
            background = (
                background and cand.trigger.effect == "presence"
                or cand.earlier
                or earlier_deed(text, cand.start, cand.end)
            )
            items = cand.items
            if not items and cand.trigger.effect == "dispute" and not _DENIED_CLAUSE.match(text, cand.end):
                previous = spans[n - 1][1].start if n else span.start
                items = tuple(_Item(name, 0, 0) for name in _denied_places_before(claims, span.start, previous))
            for item in items:
                if item.anaphora:
                    before = spans[n - 1][1].start if n else span.start
                    resolved = (
                        cand.trigger.effect == "dispute" and _denied_antecedent(claims, span.start, before)
                    ) or _resolve_anaphora(state, article.text[: span.start])
                    if resolved is None:
                        continue
                    name, key = resolved
                else:
                    name, key = item.name, places.place_key(item.name)
                if not key:
                    continue
                action = _action(cand, item)
                control = _control(cand, item, side)
                hedges = _hedges(text, cand.start) + unconfirmed
                if c_side is not None and outlet_side(article.source) == _other(c_side):
                    # "В ВСУ признали потерю …" in a Russian outlet: the other side's media telling what Kyiv said.
                    hedges += (RELAYED_BY_ENEMY,)
                if entity is None and (_quoted(text, cand.start) or OPEN_QUOTE.match(text)):
                    # Words in quotation marks whose speaker is not found: someone's, not the outlet's finding.
                    hedges += (QUOTED,)
                if control == "contested" and cand.trigger.effect == "dispute" and side and _VERDICT.search(text):
                    # "Russia's false claim about the capture of X": a verdict that the claimed side did not
                    # take it; its "claim" and "alleged" are the refuted claim's, not doubts of the verdict.
                    control, hedges = _other(side), unconfirmed
                elif control in ("Ukraine", "Russia") and _CALLED_INACCURATE.search(text, cand.end):
                    # "Claims … that Russian forces have taken complete control of X are likely inaccurate,"
                    # the British Ministry of Defence assessed: the assessor disputes the claim it names.
                    control, action = "contested", "called inaccurate"
                elif control in ("Ukraine", "Russia") and _DESPITE_CLAIMS.search(text, cand.end):
                    # "Ukraine controls X despite Russian claims of its capture": the sentence itself records the dispute.
                    hedges += (DESPITE_CLAIMS,)
                if cand.trigger.effect == "presence" and _SURROUNDED.search(text):
                    # "the militants remaining in the Azovstal plant are blockaded": inside, but surrounded.
                    control, action = None, "besieged"
                if background and not stated:
                    # "had been held by Russia": an earlier state of things, of no stated time.
                    control, action = None, f"{action} (earlier)"
                speaker = alignment(claimant, kind)
                if side is None and (cand.trigger.effect in _SIDED_EFFECTS or action in ATTACK_ACTIONS):
                    unsided.append((len(claims), cand, item))
                claims.append(
                    Claim(
                        id=claim_id(article.id, span.start, key, action),
                        article_id=article.id,
                        passage_id=passage.id,
                        start=span.start,
                        end=span.end,
                        place=name,
                        place_key=key,
                        place_id=places.settlement_id(name, text, article.text),
                        side=side,
                        action=action,
                        control=control,
                        claimant=claimant,
                        claimant_kind=kind,
                        hedges=hedges,
                        claim_date=when,
                        date_stated=stated,
                        date_precision=precision,
                        stance=_stance(cand, item, action, control, side, speaker),
                        claimant_side=speaker,
                    )
                )
                if not item.anaphora and (name, key) not in state.place_names:
                    state.place_names.append((name, key))
        # A speaker's denial of a side's claims, naming no place (a headline's is no one's word on record).
        denied = SIDE_CLAIMS_DENIED.search(text) if _SPEECH.search(text) else None
        if denied and not any(c.start == span.start for c in claims):
            denials.append((passage, span, said_by[0].entity if said_by else None, _denied_side(denied), denied.start()))
        for a in said_by:
            state.remember_claimant(a.entity)
        for m in _NAMED_SETTLEMENT.finditer(text):
            name = m.group(1)
            key = places.place_key(name)
            if key and places.is_name_word(name) and (name, key) not in state.place_names:
                state.place_names.append((name, key))
    _side_from_article(claims, unsided, article.text)
    claims += _article_denials(article, claims, denials, base)
    return _dedupe(_relayed(_expand_short_forms(_parts_held_inside(claims)), article.source))


# A verb of speech: the sentence reports someone's words.
_SPEECH = re.compile(
    r"\b(?:said|says|stated|states|told|wrote|added|announced|заяви\w*|сказа\w*|повідоми\w*|сообщи\w*|написа\w*)\b",
    re.IGNORECASE,
)


def _denied_side(m: re.Match[str]) -> Side:
    word = (m.group("side") or m.group("cyr") or "").lower()
    return "Ukraine" if re.match(r"ukrain|kyiv|україн|украин|києв|киев|зсу|всу", word) else "Russia"


def _article_denials(
    article: Article, claims: list[Claim], denials: list[tuple[Passage, Span, Entity | None, Side, int]], base: date | None
) -> list[Claim]:
    """Claims that a side's claims of the article are disputed, from denials that name no place.

    "Ukrainian troops remain at their positions, the Southern Command said,
    dismissing Russian claims to have ousted them": the claims of control the
    article attributes to Russian speakers, whatever place they name, are the
    ones disputed.
    """
    out: list[Claim] = []
    for passage, span, entity, side, at in denials:
        disputed = {
            (c.place, c.place_key, c.place_id) for c in claims
            if c.claimant_side == side and c.control == side and c.stance in ("captured", "holds")
        }
        when, stated, precision, _ = _claim_date(span.text, at, base, article.published)
        claimant: str | None = article.source
        kind: ClaimantKind = "independent_media"
        speaker: Side | None = None
        if entity is not None:
            claimant, kind, speaker = entity.name, entity.kind, entity.side
        for name, key, place_id in sorted(disputed, key=lambda d: d[1]):
            out.append(Claim(
                id=claim_id(article.id, span.start, key, "disputed"), article_id=article.id, passage_id=passage.id,
                start=span.start, end=span.end, place=name, place_key=key, place_id=place_id, side=side,
                action="disputed", control="contested", claimant=claimant, claimant_kind=kind, hedges=(),
                claim_date=when, date_stated=stated,
                date_precision=precision if stated else ("not_before" if when and article.published is None else None),
                stance="denied", claimant_side=speaker,
            ))
    return out

# "Об освобождении села X сообщили российские военкоры", "Про звільнення X повідомили в ЗСУ": the deed
# named as what the speaker after the verb spoke about.
_ABOUT_OPENING = re.compile(r"\W*(?:об|о|про)\s+\w+", re.IGNORECASE)


# "denied that the Russian forces are fleeing": what is denied is in the sentence, naming no place of its own;
# not the demonstrative "refuted that, saying …".
_DENIED_CLAUSE = re.compile(r"(?<=\bthat)\s+\w|(?<=\bthat)\s*$", re.IGNORECASE)


# A claim the sentence goes on to call wrong: "… are likely inaccurate", "… is not true", "… були неправдивими".
_CALLED_INACCURATE = re.compile(
    r"\b(?:is|are|was|were|remains?)\s+(?:\w+ly\s+)?(?:inaccurate|false|untrue|not\s+true|premature|exaggerated|wrong|incorrect)\b"
    r"|\b(?:не\s+відповіда\w*\s+дійсності|не\s+соответству\w*\s+действительности)",
    re.IGNORECASE,
)


def _choose(text: str, said_by: list[Attribution], cand: _Candidate, cands: list[_Candidate]) -> Attribution | None:
    covering: list[tuple[int, Attribution]] = []
    for a in said_by:
        if a.mode == "both":
            covering.append((min(abs(a.anchor - cand.start), abs(a.anchor - cand.end)), a))
        elif cand.start <= a.anchor < cand.end:
            covering.append((0, a))  # "Zelensky did not confirm losing X": the verb is the claim
        elif a.mode == "pre" and a.cue_end <= cand.start:
            covering.append((cand.start - a.cue_end, a))
        elif a.anchor >= cand.end:
            # A speaker after the claim covers it when set off by a comma or a
            # closing quote ("…, the governor said") and no claim follows its verb.
            gap = text[cand.end : a.anchor + 2]
            if ";" in gap or (not re.search(r"[,”\"’»—–-]", gap) and not _ABOUT_OPENING.match(text)):
                continue
            if a.mode == "post" or not any(c.start >= a.cue_end for c in cands):
                covering.append((a.anchor - cand.end, a))
    if not covering:
        return None
    return min(covering, key=lambda c: c[0])[1]


def _fallback_claimant(
    text: str, following: Sequence[str], said_by: list[Attribution], state: ArticleState
) -> Entity | None:
    if said_by:
        return None
    # "Ukrainian troops withdrew from X. This was reported by the General Staff."
    if following and BACK_REFERENCE.search(following[0]):
        ents = [e for e in entities(following[0]) if e.specific]
        if ents:
            return ents[0]
    # A quotation that goes on over several sentences is attributed at its end.
    if OPEN_QUOTE.match(text) and not re.search(r"[”»]|\"\s*[,.]?\s*[-–—]?\s*\w", text[1:]):
        for nxt in following[:5]:
            ahead = attributions(nxt, state)
            if re.search(r"[”»\"]", nxt):
                return ahead[0].entity if ahead else None
    return None
