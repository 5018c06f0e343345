"""Choosing what to quote: the sentences of the hits that answer, and the claims that decide the holder."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from index.answer.evidence import Context, Evidence
from index.answer.labels import after_frame
from index.caveats import date_mentions, says_unverified, speaker_of
from index.holder import timeline, undated_later, window
from index.models import Claim, ClaimantKind, Hit, Span
from index.passages import sentences
from index.places import inflected_keys, to_latin
from index.question import Intent, Understanding
from index.search import Query, place_keys

_WORD = re.compile(r"[a-z0-9]+")
# A word of a name, apostrophes included: "Rus’ki" is one word, not "Rus" and "ki".
_NAME_WORD = re.compile(r"[\w’'ʼ-]+")

MAX_STATEMENTS = 4
MAX_TIMELINE = 3
MAX_PER_ARTICLE = 2
# Sentences scoring below this share of the best one are not quoted.
RELATIVE_FLOOR = 0.5
# Added to a sentence that gives what its question's intent asks for (see ANSWERS_INTENT).
INTENT_BONUS = 0.6


def _gives_date(e: Evidence) -> bool:
    return bool(date_mentions(e.span.text, limit=1))


def _gives_verification(e: Evidence) -> bool:
    return says_unverified(e.span.text)


def _gives_speaker(e: Evidence) -> bool:
    """Someone's words, not the outlet's own: "who said…?" is answered by a speaker."""
    return e.claimant is not None and e.claimant != e.article.source


# What a sentence gives to answer each intent: a date ("when…?"), a word on
# whether a claim was confirmed ("did X confirm…?"), a speaker ("who said…?").
ANSWERS_INTENT: dict[Intent, Callable[[Evidence], bool]] = {
    "date": _gives_date,
    "verification": _gives_verification,
    "source": _gives_speaker,
}


def select(understood: Understanding, query: Query, hits: Sequence[Hit], ctx: Context) -> list[Evidence]:
    """Score every sentence of every hit; keep the ones that answer, best first.

    A sentence scores for its passage's rank, the question's words and place
    names it contains, a claim about the place, and for giving what the
    question's intent asks for (ANSWERS_INTENT).

    Args:
        understood: what the question asks for (index/question.py).
        query: its analysis; a sentence naming none of its places is skipped.
        hits: the passages found, best first.
        ctx: the stored claims of each hit's article.
    """
    answers = ANSWERS_INTENT.get(understood.intent)
    best_hit = max((h.score for h in hits), default=1.0) or 1.0
    terms = set(query.terms)
    keys = set(query.keys)
    # A place counts once however many spellings it has (Toretsk, Dzerzhinsk).
    groups = [set(place_keys(p)) for p in query.places] or [{k} for k in keys]
    found: list[Evidence] = []
    for hit in hits:
        for span in sentences(hit.passage.text, hit.passage.start):
            words = set(_WORD.findall(to_latin(span.text)))
            sentence_keys = {k for w in _NAME_WORD.findall(span.text) for k in inflected_keys(w)}
            key_hits = sum(
                1 for g in groups if any(all(part in sentence_keys for part in k.split()) for k in g)
            )
            if keys and not key_hits:
                continue
            overlap = len(terms & words) / len(terms) if terms else 0.0
            score = 0.6 * hit.score / best_hit + overlap + (1.0 * key_hits / max(len(groups), 1))
            claim = claim_at(ctx.article_claims(hit.article.id), span, keys)
            if claim is not None:
                score += 0.4 if claim.control else 0.2
            if len(span.text) < 25:
                score -= 0.5
            e = evidence(hit, span, score, claim)
            if answers is not None and answers(e):
                e.score += INTENT_BONUS
            found.append(e)
    if not found:
        return []
    top = max(e.score for e in found)
    kept = [e for e in found if e.score >= top * RELATIVE_FLOOR]
    kept.sort(key=lambda e: -e.score)
    return kept


def claim_at(claims: Sequence[Claim], span: Span, keys: set[str]) -> Claim | None:
    """The claim of the sentence at `span`, one about the places asked about first."""
    at = [c for c in claims if c.start <= span.start < c.end or span.start <= c.start < span.end]
    about = [c for c in at if c.place_key in keys]
    return (about or at)[0] if (about or at) else None


def evidence(hit: Hit, span: Span, score: float, claim: Claim | None) -> Evidence:
    """A sentence as evidence, with its claimant: the claim's, else the one the sentence names."""
    if claim is not None and claim.claimant:
        claimant: str | None = claim.claimant
        kind: ClaimantKind = claim.claimant_kind
    else:
        speaker = speaker_of(span.text)
        claimant = speaker.name if speaker else None
        kind = speaker.kind or "independent_media" if speaker else "independent_media"
    return Evidence(hit=hit, span=span, score=score, claim=claim, claimant=claimant, kind=kind)


def timeline_evidence(claims: Sequence[Claim], as_of: date | None, ctx: Context) -> list[Evidence]:
    """The claims that decide who holds the place as of the day asked about, then earlier ones; one per sentence."""
    seen: set[tuple[str, int]] = set()
    out: list[Evidence] = []
    # An undated page's loss that can only come after the dated claims decides first.
    later = undated_later(claims, as_of)
    deciding = window(claims, as_of)
    earlier = [
        c
        for c in claims
        if c.control and c not in deciding and (as_of is None or c.claim_date is None or c.claim_date <= as_of)
    ]
    for claim in later + timeline(deciding) + timeline([c for c in earlier if c not in later]):
        if (claim.article_id, claim.start) in seen:
            continue
        hit = ctx.hit_for_claim(claim)
        if hit is None:
            continue
        seen.add((claim.article_id, claim.start))
        span = Span(claim.start, claim.end, hit.article.text[claim.start : claim.end])
        out.append(evidence(hit, span, 1.0, claim))
        if len(out) == MAX_TIMELINE:
            break
    return out


# Two sentences sharing this share of their words are copies of one syndicated sentence.
COPY_OVERLAP = 0.8
_COPY_WORD = re.compile(r"\w+")


def _copies(a: frozenset[str], b: frozenset[str]) -> bool:
    """Tell whether two sentences' words are one sentence's (Jaccard overlap at least COPY_OVERLAP)."""
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= COPY_OVERLAP


def merge(
    history: list[Evidence], found: list[Evidence], control: bool, as_of: date | None = None
) -> list[Evidence]:
    """Take the timeline first, then the best sentences: one per article, then a second where room is left.

    Sources before second sentences: a reader (and "who else says so") is
    served better by four outlets than by two sentences each of two. For a
    control question the result is newest first, so the reader sees the
    latest claim first and the history after it; what was said after the
    time asked about (`as_of`) comes last, as what happened next.
    """
    candidates = history + found
    taken: set[int] = set()
    seen: set[tuple[str, int]] = set()
    said: list[frozenset[str]] = []
    per_article: dict[str, int] = {}
    for cap in range(1, MAX_PER_ARTICLE + 1):
        for i, e in enumerate(candidates):
            if len(taken) == MAX_STATEMENTS:
                break
            where = (e.article.id, e.span.start)
            # A syndicated copy repeats the same sentence (give or take a dateline or
            # a word, "the governor of Luhansk region" / "… of the Luhansk region"): quote it once.
            wording = frozenset(_COPY_WORD.findall(e.span.text.lower()))
            if i in taken or where in seen or per_article.get(e.article.id, 0) >= cap:
                continue
            if any(_copies(wording, other) for other in said):
                continue
            taken.add(i)
            seen.add(where)
            said.append(wording)
            per_article[e.article.id] = per_article.get(e.article.id, 0) + 1
    chosen = [candidates[i] for i in sorted(taken)]
    if control:
        chosen.sort(key=lambda e: (not after_frame(e, as_of), e.when or date.min), reverse=True)
    return chosen
