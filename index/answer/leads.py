"""The lead statement, one per intent: who holds the place (control), the date and who gives it (date),
the named source's own words or that none are stored (source, verification). Events have no lead."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache

from index import phrases
from index.answer.evidence import Evidence
from index.answer.labels import after_frame
from index.answer.vocabulary import ASKS_FOR_SPEAKER, ON_CONFIRMATION, SPEAKER_FILLER
from index.caveats import says_unverified, verification_statements
from index.claimants import claimant_side, entities
from index.claims.dating import WAR_DATE
from index.dates import find_dates
from index.holder import holds_by, implied, is_confirmation, is_indirect
from index.models import Holder, Statement
from index.places import mentions as name_mentions
from index.places import place_key


def holder_lead(
    holder: Holder,
    place: str,
    chosen: Sequence[Evidence],
    numbers: Sequence[int],
    lang: str,
    as_of: date | None,
    since: date | None = None,
    keys: Sequence[str] = (),
) -> Statement:
    """The lead of a control question: who holds the place in the time asked about, and on whose word.

    Contested: both sides of the disagreement, each with its claimant and date.
    Only claims of the time asked about (up to `as_of`, from `since`) are named,
    and the time is said as precisely as asked ("in May 2024", not "as of 31 May").
    """
    when = phrases.format_when(since, as_of, lang)
    # Claims said after the time asked about never stand for who held it then.
    # Only claims about the place asked, of the time asked, speak for its holder (a passage about a
    # neighbour never does).
    asked = [
        (e, n) for e, n in zip(chosen, numbers)
        if e.claim is not None and not after_frame(e, as_of) and (not keys or e.claim.place_key in keys)
    ]
    sided = [(e, n) for e, n in asked if e.claim is not None and implied(e.claim) is not None]
    if holder == "unknown" or not sided:
        return Statement(phrases.phrase(lang, "holder_unknown", place=place, when=when), ())
    if holder == "contested":
        first = sided[0]
        assert first[0].claim is not None
        lead_side = implied(first[0].claim)
        opposed = next(
            ((e, n) for e, n in sided[1:] if e.claim is not None and implied(e.claim) != lead_side), None
        ) or next(  # "Previously, Russian troops had taken X": the earlier word the newest ones dispute
            (
                (e, n) for e, n in asked
                if e.claim is not None and implied(e.claim) is None and holds_by(e.claim) not in (None, lead_side)
            ),
            None,
        )
        sides = [first] + ([opposed] if opposed else [])
        text = phrases.phrase(
            lang,
            "holder_contested",
            place=place,
            when=when,
            sides="; ".join(position(e, n, lang) for e, n in sides),
        )
        if opposed is None:
            text += " " + phrases.phrase(lang, "holder_own_word_only")
        return Statement(text, tuple(n for _, n in sides))
    backing = [(e, n) for e, n in sided if e.claim is not None and implied(e.claim) == holder]
    # The lead names the voice that settles it (a concession, an unhedged independent source) first.
    backing.sort(key=lambda en: not (en[0].claim is not None and is_confirmation(en[0].claim)))
    e, n = backing[0] if backing else sided[0]
    key = "holder_indirect" if e.claim is not None and is_indirect(e.claim) else "holder"
    text = phrases.phrase(
        lang, key, place=place, when=when, holder=phrases.phrase(lang, holder), claimant=e.speaker, n=n,
        date=phrases.format_date(e.when, lang, e.precision),
    )
    return Statement(text, (n,), claimant=e.speaker, date=e.when)


def position(e: Evidence, n: int, lang: str) -> str:
    """One side of a disagreement: "Russia's defence ministry (20 May 2024) [2]: held by Russia"."""
    assert e.claim is not None
    stance = implied(e.claim) or holds_by(e.claim) or "contested"
    holder = phrases.phrase(lang, f"held_{stance}")
    if is_indirect(e.claim) and stance != "contested":
        holder = phrases.phrase(lang, "by_implication", holder=holder)  # "they are trying to take X"
    return phrases.phrase(
        lang,
        "conflict_side",
        claimant=e.speaker,
        date=phrases.format_date(e.when, lang, e.precision),
        n=n,
        holder=holder,
    )


def date_lead(
    chosen: Sequence[Evidence], numbers: Sequence[int], lang: str, set_aside: set[str], names: Sequence[str] = ()
) -> Statement | None:
    """The lead of a "when" question: the date the best sentence gives, and who gives it.

    A sentence whose claim states its date comes first, then any sentence naming
    a date; a claim set aside as an outlier never leads.
    """
    ranked = sorted(
        ((e, n) for e, n in zip(chosen, numbers) if e.claim is None or e.claim.id not in set_aside),
        key=lambda en: not (en[0].claim is not None and en[0].claim.date_stated),
    )
    for e, n in ranked:
        mentions = [
            m for m in find_dates(e.span.text, e.article.published or e.when)
            if not WAR_DATE.search(e.span.text[max(0, m.start - 80) : m.start])  # "the invasion in February 2022"
        ]
        if not mentions:
            continue
        # "the fall of Marinka in December 2023 and Avdiivka in February 2024": the date by the place.
        where = [m.start for name in names for m in name_mentions(e.span.text, name)]
        nearest = min(mentions, key=lambda d: min((abs(d.start - w) for w in where), default=0))
        period = nearest.period
        text = phrases.phrase(
            lang, "date_lead", date=phrases.format_date(period.start, lang, period.precision), claimant=e.speaker, n=n
        )
        return Statement(text, (n,), claimant=e.speaker, date=period.start)
    # No sentence names a date: the earliest report of the deed, said as a report's date, not the deed's.
    asked = {place_key(name) for name in names}
    reported = [
        (e, n) for e, n in ranked
        if e.claim is not None and e.claim.claim_date is not None and e.claim.date_precision != "not_before"
        and e.claim.place_key in asked and e.claim.stance in ("captured", "withdrew", "conceded")
    ]
    if reported:
        e, n = min(reported, key=lambda en: en[0].claim.claim_date or date.max)  # type: ignore[union-attr]
        when = phrases.format_date(e.when, lang, e.precision)
        text = phrases.phrase(lang, "date_reported", date=when, claimant=e.speaker, n=n)
        return Statement(text, (n,), claimant=e.speaker, date=e.when)
    return None


def verification_lead(
    question: str, chosen: Sequence[Evidence], numbers: Sequence[int], lang: str
) -> Statement | None:
    """The lead of a "was it confirmed?" question: a source's own word on confirming or denying it.

    A quoted sentence saying the claim is unconfirmed, or a denial or refusal
    to confirm, answers first; then a cited article's own word that its claims
    are unconfirmed (it covers all of its passages); without either, the
    named source's words (source_lead).
    """
    for e, n in zip(chosen, numbers):
        if says_unverified(e.span.text) or (e.claim is not None and e.claim.stance in ON_CONFIRMATION):
            text = phrases.phrase(lang, "verification_lead", claimant=e.speaker, n=n, quote=e.span.text)
            return Statement(text, (n,), claimant=e.speaker, date=e.when)
    for e, n in zip(chosen, numbers):
        statements = verification_statements(e.article)
        if statements:
            outlet = e.article.source or e.article.id
            text = phrases.phrase(lang, "verification_lead", claimant=outlet, n=n, quote=statements[0].text)
            return Statement(text, (n,), claimant=outlet, date=e.article.published)
    return source_lead(question, chosen, numbers, lang)


def source_lead(question: str, chosen: Sequence[Evidence], numbers: Sequence[int], lang: str) -> Statement | None:
    """The lead of a "who says" or "did X confirm" question: the source's own words, or that none are stored.

    A question naming its source ("What did ISW say…?", "Did the General Staff
    confirm…?") is answered by that source's words; one asking for the
    speaker ("Who said that Ukrainian forces…?") by the first quote with one.
    """
    named = [] if asks_for_speaker(question) else [e.name for e in entities(question)]
    for e, n in zip(chosen, numbers):
        if e.claimant and (not named or any(same_speaker(name, e.claimant) for name in named)):
            text = phrases.phrase(lang, "source_lead", claimant=e.claimant, n=n, quote=e.span.text)
            return Statement(text, (n,), claimant=e.claimant, date=e.when)
    if named:
        return Statement(phrases.phrase(lang, "source_silent", source=", ".join(named)), ())
    return None


def same_speaker(asked: str, claimant: str) -> bool:
    """True when the source asked about and the claimant share a distinctive word, or speak for one side."""
    words = {w.lower() for w in re.findall(r"\w{3,}", asked)} - SPEAKER_FILLER
    said = {w.lower() for w in re.findall(r"\w{3,}", claimant)}
    return bool(words & said) or claimant_side(asked) is not None and claimant_side(asked) == claimant_side(claimant)


@cache
def _speaker_question(lang: str) -> re.Pattern[str]:
    return re.compile(ASKS_FOR_SPEAKER[lang], re.IGNORECASE)


def asks_for_speaker(question: str) -> bool:
    """True for "Who said…?", "Which outlet…?", "Хто заявив…?": the speaker is what is asked."""
    return any(_speaker_question(lang).search(question) for lang in ASKS_FOR_SPEAKER)
