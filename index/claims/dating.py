"""When a claim is dated: the date in the trigger's clause, background clauses, an undated page's lower bound."""

from __future__ import annotations

import re
from datetime import date

from index import claim_languages as langs
from index.claims.vocabulary import RELATIVE_OPENING
from index.dates import Precision, find_dates

# ---------------------------------------------------------------------------
# Dates

_CLAUSE_END = re.compile(
    r"[;:]|,\s+(?:and|but|while|whereas|although|after|before|when)\b|\s+(?:but|while|whereas)\s|\s[-–—]\s"
    # "… освобождении Зорино, часть которого с 2014 года удерживали ВСУ": a relative clause
    r"|" + RELATIVE_OPENING
)
# Before a trigger in its clause, these make the deed an earlier state of things,
# not news of the article's day: "had been held", "was occupied back in", "once".
_BACKGROUND = re.compile(
    r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?\S*\s*$|\b(?:previously|formerly|once|originally|initially|earlier)\b"
    r"|\b(?:раніше|колись|спочатку|ранее|когда-то|изначально)\b|" + langs.BACKGROUND,
    re.IGNORECASE,
)
# "After capturing X in February, Russia pressed on", "Following the capture of X": the
# sentence's news is elsewhere; the deed is an earlier one (dated when the clause says when).
_PAST_OPENER = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but)\s+)\W*(?:after|following|since|upon|before|після|после)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Вільхівка, яка була тимчасово захоплена", "X, which had been occupied": a relative clause of the
# place's past state, told in passing (English "which was" may be the news; "had been" is not).
_PAST_RELATIVE = re.compile(
    r",\s*(?:яка|який|яке|які|которая|который|которое|которые|which)\s+(?:\S+\s+){0,2}?"
    r"(?:була|було|був|були|была|было|был|были|had\s+been)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
# "the biggest gain since they seized Bakhmut last May", "victory since capturing Mariupol", "a week after
# taking Sievierodonetsk": inside a sentence, a deed after "since" (with its subject), or a gerund after
# "after"/"before", is the earlier event the news is measured against.
_SINCE_CLAUSE = re.compile(r"\S\s+since\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
_GERUND_OPENER = re.compile(r"\b(?:after|before|since|following|upon)\s+$", re.IGNORECASE)


def earlier_deed(text: str, start: int, end: int) -> bool:
    """Tell whether the deed at text[start:end] is told as an earlier one, not the news of the sentence.

    "After capturing X, …", "Following the capture of X", "X, which had been
    occupied", "… since they seized X", "a week after taking X".
    """
    before = text[:start]
    return bool(
        _PAST_OPENER.search(before)
        or _PAST_RELATIVE.search(before)
        or _SINCE_CLAUSE.search(before)
        or (_GERUND_OPENER.search(before) and text[start:end].lower().endswith("ing"))
    )


_WHEN_OPENING = re.compile(r",\s+when\s*$", re.IGNORECASE)
_SINCE_AFTER = re.compile(r"^\W*(?:\w+\s+){0,6}?(?:since|from|з|із|с|від|от)\s*$", re.IGNORECASE)


# A date told as the war's or the invasion's, not the deed's.
WAR_DATE = re.compile(
    r"\b(?:invasion|war|вторгненн\w*|вторжени\w*|війн\w*|войн\w*)\b(?:\s+(?:of|against|on|проти|против|на)\s+\w+)?\s+(?:in|began\s+in|started\s+in|у|в)?\s*$",
    re.IGNORECASE,
)


def _in_brackets(text: str, at: int) -> bool:
    """Tell whether a position lies inside parentheses."""
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)


def _clause(text: str, anchor: int) -> tuple[int, int]:
    """Return the bounds of the clause around `anchor` (a trigger's position)."""
    start = 0
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= anchor:
            start = m.end()
        elif m.start() > anchor:
            return start, m.start()
    return start, len(text)


def _claim_date(
    text: str, anchor: int, base: date | None, published: date | None
) -> tuple[date | None, bool, Precision | None, bool]:
    """Return the claim's date, whether the sentence states it, its precision, and whether it is background.

    The date is the one named in the trigger's own clause, nearest to it; a
    period ("in November 2022", "early 2015") is dated to its last day not after
    the article's (the deed happened within it, by then) and keeps its
    precision. A deed said to hold "since" a date is news of the article's day.
    """
    lo, hi = _clause(text, anchor)
    # A day without a year gets the year of the publication date only: an undated
    # page's newest date is a lower bound, too loose to complete "on Jan 27".
    found = find_dates(text, published)
    mentions = [m for m in found if lo <= m.start < hi]
    mentions = [m for m in mentions if not _SINCE_AFTER.search(text[anchor : m.start])] if mentions else []
    # "… освободили город Дзержинск (с 2016 года … используют наименование Торецк)": an aside in brackets
    # is not the deed's time, unless the deed is in it too.
    mentions = [m for m in mentions if _in_brackets(text, m.start) == _in_brackets(text, anchor)]
    # "… prior to the onset of Russia's full-scale invasion of Ukraine in February 2022": the war's own date.
    mentions = [m for m in mentions if not WAR_DATE.search(text[max(lo, m.start - 80) : m.start])]
    when_clause = _WHEN_OPENING.search(text[:lo])
    if not mentions and when_clause:
        # "since July 27, when it announced the recapture of X": the date the relative "when" stands for.
        mentions = [m for m in found if 0 <= when_clause.start() - m.end <= 1]
    background = bool(_BACKGROUND.search(text[lo:anchor]))
    if not mentions:
        return base, False, None, background
    best = min(mentions, key=lambda m: min(abs(m.start - anchor), abs(m.end - anchor)))
    period = best.period
    when = period.end if base is None or period.end <= base else max(period.start, base)
    return when, True, period.precision, background
def not_before(text: str) -> date | None:
    """Return the newest full day an undated page names: the page is no older than that.

    Only a day with its year counts ("May 20, 2022", "16.07.2023"): a month or a
    year on such a page is as often history ("since February 2022") as news.
    """
    days = [m.period.start for m in find_dates(text) if m.period.precision == "day"]
    return max(days) if days else None
