"""Stale and undated: how old the newest source is, and what dates an undated source's text gives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from index import phrases
from index.caveats.quoted import Quoted, by_article, refs
from index.dates import find_dates
from index.models import Caveat

# find_dates reads a day written without its year ("15 листопада") only given a
# base date to complete it; the caveat shows the words as written, so any leap
# year's last day does (every day and month of the year fits before it).
_ANY_YEAR_END = date(2000, 12, 31)


def date_mentions(text: str, limit: int = 3) -> list[str]:
    """Return the first few dates the text mentions, as written ("February 17, 2024").

    Dates are read by `index.dates.find_dates`, the engine's one date reader;
    a day or a month counts when the text gives its number or year ("15
    November", "March 2023"), not a bare month or weekday.
    """
    return list(_date_mentions(text, limit))


@lru_cache(maxsize=1024)
def _date_mentions(text: str, limit: int) -> tuple[str, ...]:
    seen: list[str] = []
    for mention in find_dates(text, base=_ANY_YEAR_END):
        value = mention.text.strip().rstrip(".")  # the caveat's own sentence ends with one
        if not any(ch.isdigit() for ch in value) or value in seen:
            continue
        seen.append(value)
        if len(seen) == limit:
            break
    return tuple(seen)


def stale_caveats(quoted: Sequence[Quoted], today: date, stale_after_days: int, lang: str) -> list[Caveat]:
    """Say how old the newest quoted source is when it is older than `stale_after_days`."""
    dated = [q for q in quoted if q.article.published]
    if not dated:
        return []
    newest = max(dated, key=lambda q: q.article.published or date.min)
    published = newest.article.published
    assert published is not None
    age = (today - published).days
    if age <= stale_after_days:
        return []
    text = phrases.phrase(lang, "stale", date=phrases.format_date(published, lang), age=phrases.format_age(age, lang))
    if newest.article.published_inferred:
        text += " " + phrases.phrase(lang, "inferred", n=newest.n)
    return [Caveat("stale", text, tuple(q.n for q in dated if q.article.published == published))]


def undated_caveats(quoted: Sequence[Quoted], lang: str) -> list[Caveat]:
    """One caveat per undated article, with the dates its text mentions, if any."""
    caveats: list[Caveat] = []
    for group in by_article(list(quoted)).values():
        article = group[0].article
        if article.published is not None:
            continue
        ns = refs([q.n for q in group])
        dates = date_mentions(article.text)
        if dates:
            text = phrases.phrase(lang, "undated", n=ns, dates=", ".join(dates))
        else:
            text = phrases.phrase(lang, "undated_none", n=ns)
        caveats.append(Caveat("undated", text, tuple(q.n for q in group)))
    return caveats
