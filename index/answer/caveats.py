"""The caveats an answer carries: its chosen sentences handed to the caveat rules (index/caveats/)."""

from __future__ import annotations

from collections.abc import Sequence

from index.answer.evidence import Context, Evidence
from index.caveats import Quoted, caveats_for, outlier_caveats
from index.models import Caveat, Citation

__all__ = ["caveats", "outlier_caveats"]


def caveats(
    chosen: Sequence[Evidence],
    numbers: Sequence[int],
    citations: Sequence[Citation],
    ctx: Context,
    lang: str,
) -> list[Caveat]:
    """Unverified, belligerent, attributed, conflict, single-source, stale and undated caveats, in that order."""
    quoted = [Quoted(n, e.article, e.span.text, e.claim, e.claimant, e.kind, e.when) for e, n in zip(chosen, numbers)]
    return caveats_for(quoted, ctx.today, ctx.stale_after_days, lang)
