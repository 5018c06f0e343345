"""Conflict and outlier: sources that disagree, and a claim whose date stands apart from all others."""

from __future__ import annotations

from collections.abc import Sequence

from index import phrases
from index.caveats.quoted import Quoted
from index.models import Caveat, Claim

# Two control claims this many days apart or closer that disagree are a conflict;
# further apart they are history.
CONFLICT_WINDOW_DAYS = 14


def conflict_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """Name the first two quoted claims that give a place to different holders within the window, with dates."""
    sided = [q for q in quoted if q.claim is not None and q.claim.control]
    for i, a in enumerate(sided):
        for b in sided[i + 1 :]:
            assert a.claim is not None and b.claim is not None
            if a.claim.place_key != b.claim.place_key or a.claim.control == b.claim.control:
                continue
            if a.when and b.when and abs((a.when - b.when).days) > CONFLICT_WINDOW_DAYS:
                continue
            sides = f"{phrases.phrase(lang, 'and')} ".join(_side(q, lang) for q in (a, b))
            return [Caveat("conflict", phrases.phrase(lang, "conflict", sides=sides), (a.n, b.n))]
    return []


def _side(q: Quoted, lang: str) -> str:
    assert q.claim is not None
    return phrases.phrase(
        lang,
        "conflict_side",
        claimant=q.claimant or q.article.source or q.article.id,
        # "undated, not before 26 March 2025", "March 2024": the precision the text gives, never more.
        date=phrases.format_date(q.when, lang, q.claim.date_precision if q.claim.claim_date else None),
        n=q.n,
        holder=phrases.phrase(lang, f"held_{q.claim.control}"),
    )


def outlier_caveats(odd: Sequence[Claim], lang: str) -> list[Caveat]:
    """Say which claims were set aside because their dates stand a year or more apart from all others."""
    if not odd:
        return []
    dates = ", ".join(
        phrases.format_date(c.claim_date, lang, c.date_precision) for c in odd if c.claim_date is not None
    )
    return [Caveat("outlier", phrases.phrase(lang, "outlier", dates=dates), ())]
