"""The quoted statements and their labels: "Latest claim (date):", "Earlier (date):", "Undated:",
"Later, after the time asked about (date):", "From the sources (date):", and who says so."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from index import phrases
from index.answer.evidence import Evidence
from index.caveats import kind_words
from index.models import Statement


def statements(
    chosen: Sequence[Evidence], numbers: Sequence[int], control: bool, lang: str, as_of: date | None = None
) -> tuple[Statement, ...]:
    """One statement per quoted sentence: its label, who says it, and the quote.

    Args:
        chosen: the sentences to quote, in reading order (newest first for control).
        numbers: their citation numbers.
        control: a "who holds it?" question: labelled latest, earlier, or after the time asked.
        lang: the language of the labels.
        as_of: the last day the question asks about (None: up to now).
    """
    out = []
    before = 0
    for e, n in zip(chosen, numbers):
        out.append(Statement(f"{label(e, control, before, lang, as_of)} {who(e, n, lang)}: “{e.span.text}”",
                             citations=(n,), claimant=e.claimant, date=e.when))
        if control and not after_frame(e, as_of):
            before += 1
    return tuple(out)


def label(e: Evidence, control: bool, before: int, lang: str, as_of: date | None) -> str:
    """The label of a quote; `before` counts the quotes of the time asked about already shown."""
    when = phrases.format_date(e.when, lang, e.precision)
    if control and after_frame(e, as_of):
        # Said after the time asked about: shown as what came next, never as the answer.
        return phrases.phrase(lang, "after_frame", date=when)
    if control and e.when is None:
        return phrases.phrase(lang, "undated_quote")  # neither "latest" nor "earlier": no one knows when
    if control:
        return phrases.phrase(lang, "latest" if before == 0 else "earlier", date=when)
    return phrases.phrase(lang, "found", date=when)


def after_frame(e: Evidence, as_of: date | None) -> bool:
    """True when the quote is dated after the last day the question asks about."""
    return as_of is not None and e.when is not None and e.when > as_of


def who(e: Evidence, n: int, lang: str) -> str:
    """Who says it: "the claimant (its kind), as reported by the outlet [n]", or "the outlet's own reporting [n]"."""
    outlet = e.article.source or e.article.id
    if e.claimant and e.kind != "independent_media" or (e.claimant and e.claimant != outlet):
        return phrases.phrase(lang, "by", claimant=e.claimant, kind=kind_words(e.kind, lang, e.claimant), outlet=outlet, n=n)
    return phrases.phrase(lang, "by_outlet", outlet=outlet, n=n)
