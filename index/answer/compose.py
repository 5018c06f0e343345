"""Question + hits (+ the claim timeline) → Answer: the steps in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from index import phrases
from index.answer import caveats, choose, labels, leads, places, render
from index.answer.evidence import Context, Evidence
from index.holder import first_gain, holder_from_claims, outliers, undated_later
from index.models import Answer, Claim, Hit, Holder, Statement
from index.question import Understanding, understand
from index.search import Query, place_keys

# Without a place name to anchor it, the best passage must be at least this
# close to the question (cosine) to be offered as an answer. Set by measuring
# on the shared question set (see README, "Quality").
MIN_DENSE_SCORE = 0.42


def compose(
    question: str,
    query: Query,
    hits: Sequence[Hit],
    ctx: Context,
    lang: str,
    understood: Understanding | None = None,
) -> Answer:
    """Compose the answer to `question` from its hits.

    Args:
        question: the question as asked.
        query: its analysis (terms, place names and their keys).
        hits: passages found, best first.
        ctx: today's date and look-ups into the store (claims, known names).
        lang: "en", "uk" or "ru": the language of the answer's own words.
        understood: the question's intent and time frame (read here when None).

    Returns:
        An Answer; status "not_found" with no citations when nothing stored
        supports one.
    """
    unknown = [p for p in query.places if not any(ctx.known_key(k) for k in place_keys(p))]
    if unknown:
        return render.not_found(question, lang, ctx, unknown)

    understood = understood or understand(question, ctx.today)
    # "When did Ukraine liberate X?" asks for a date, not for who holds X now.
    control = understood.intent == "control" and bool(query.keys)
    found = choose.select(understood, query, hits, ctx)
    holder: Holder | None = None
    history: list[Evidence] = []
    odd: list[Claim] = []
    about: list[Claim] = []
    if query.keys and understood.intent in ("control", "date"):
        about = places.one_settlement([c for c in ctx.claims_about(query.keys) if places.about_first_place(c, query)])
    if control:
        # "Who held X on 9 November 2022?" asks about that day, not today.
        since = understood.time_frame.start if understood.time_frame else None
        holder = holder_from_claims(about, understood.as_of, since) if about else "unknown"
        odd_ids = outliers(about)
        odd = [c for c in about if c.id in odd_ids]
        history = choose.timeline_evidence(about, understood.as_of, ctx)
    chosen = choose.merge(history, found, control, understood.as_of)
    if not chosen:
        return render.not_found(question, lang, ctx, [])
    if not query.keys and max((e.hit.dense_score or 0.0) for e in chosen) < MIN_DENSE_SCORE:
        return render.not_found(question, lang, ctx, [])

    citations, numbers = render.cite(chosen)
    statements = labels.statements(chosen, numbers, control, lang, understood.as_of)
    mentions, ambiguity, ambiguous = places.places(query, chosen, lang)
    notes = caveats.caveats(chosen, numbers, citations, ctx, lang) + ambiguity + caveats.outlier_caveats(odd, lang)
    lead = _lead(question, query, understood, control, holder, about, chosen, numbers, lang)
    later = undated_later(about, understood.as_of) if control else []
    gained = first_gain(about, later[0].side) if later and later[0].side else None
    if lead is not None and gained is not None and later[0].side is not None:
        # "Russia, per ostro.org (undated)": why an undated page decides.
        note = phrases.phrase(
            lang, "after_gain", side=phrases.phrase(lang, later[0].side), date=phrases.format_date(gained, lang)
        )
        lead = replace(lead, text=f"{lead.text} {note}")
    if lead is not None:
        statements = (lead,) + statements
    answer = Answer(
        question=question,
        status="ambiguous" if ambiguous else "answered",
        answer="",
        lang=lang,
        holder=holder if control else None,
        as_of=max((c.published for c in citations if c.published), default=None),
        statements=statements,
        citations=tuple(citations),
        caveats=tuple(notes),
        places=tuple(mentions),
        more=tuple(render.more(hits, chosen, len(citations))),
        intent=understood.intent,
        time_frame=understood.time_frame,
    )
    return render.with_text(answer)


def _lead(
    question: str,
    query: Query,
    understood: Understanding,
    control: bool,
    holder: Holder | None,
    about: Sequence[Claim],
    chosen: Sequence[Evidence],
    numbers: Sequence[int],
    lang: str,
) -> Statement | None:
    """The first line, answering what was asked (see leads.py); None for an event question."""
    if control and holder is not None and query.names:
        since = understood.time_frame.start if understood.time_frame else None
        keys = place_keys(query.places[0]) if query.places else ()
        return leads.holder_lead(holder, query.names[0], chosen, numbers, lang, understood.as_of, since, keys)
    if understood.intent == "date":
        return leads.date_lead(chosen, numbers, lang, outliers(about), query.names[:1])
    if understood.intent == "verification":
        return leads.verification_lead(question, chosen, numbers, lang)
    if understood.intent == "source":
        return leads.source_lead(question, chosen, numbers, lang)
    return None
