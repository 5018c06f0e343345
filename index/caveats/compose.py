"""All the caveats of one answer, rule by rule, in the order the reader sees them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from index.caveats.age import stale_caveats, undated_caveats
from index.caveats.disagreement import conflict_caveats
from index.caveats.outlets import single_source_caveats
from index.caveats.quoted import Quoted
from index.caveats.speakers import speaker_caveats
from index.caveats.unconfirmed import disputed_caveats, hedge_caveats, unverified_caveats
from index.models import Caveat


def caveats_for(quoted: Sequence[Quoted], today: date, stale_after_days: int, lang: str) -> list[Caveat]:
    """Return the verification caveats of an answer quoting `quoted`.

    Args:
        quoted: the answer's quoted sentences, in citation order.
        today: the day the answer is given (a source's age runs to it).
        stale_after_days: a newest source older than this is stale.
        lang: "en", "uk" or "ru": the language of the caveats' own words.

    Returns:
        Caveats in reading order: unverified (the source's statement, hedges,
        disputed claims), belligerent and attributed
        claims, conflict, single source, stale, undated. Each names the
        citation numbers it concerns.
    """
    return [
        *unverified_caveats(quoted, lang),
        *hedge_caveats(quoted, lang),
        *disputed_caveats(quoted, lang),
        *speaker_caveats(quoted, lang),
        *conflict_caveats(quoted, lang),
        *single_source_caveats(quoted, lang),
        *stale_caveats(quoted, today, stale_after_days, lang),
        *undated_caveats(quoted, lang),
    ]
