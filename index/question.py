"""Understand a question before searching: what it asks for, and about which time.

The intent decides what the reply leads with: who holds a place ("control"),
a date ("date": "when did X fall?"), what a source said or whether it
confirmed ("source", "verification"), or what happened ("event"). The time
frame bounds the claims that count: "who held Snihurivka on 9 November
2022?" is answered from the claims up to the end of that day, not from the
newest ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from index.dates import find_dates
from index.models import TimeFrame

Intent = Literal["control", "event", "date", "source", "verification"]

# Each table is the wording of one intent in English, Ukrainian and Russian; the
# first that matches wins, in the order of _INTENTS.
_DATE_WORDS = (
    r"^\W*(?:and\s+)?(?:when\b|(?:on\s+|in\s+)?what\s+(?:date|day|month|year)\b|since\s+when\b|how\s+long\b"
    r"|коли\b|з\s+якого\b|якого\s+числа\b|когда\b|с\s+какого\b|какого\s+числа\b)"
)
_EVENT_WORDS = (
    r"^\W*(?:why|how|what\s+happened|що\s+сталося|що\s+відбулося|чому|что\s+произошло|почему)\b"
    # "What villages did Ukrainian troops take?" asks which places, not who holds one.
    r"|^\W*(?:what|which)\s+(?:\w+\s+)?(?:villages|towns|settlements|places|cities|areas|territory)\b"
    r"|^\W*(?:які|яке|какие|какое)\s+(?:\w+\s+)?(?:села|населені|міста|территории|сёла|села|города)"
)
_VERIFICATION_WORDS = (
    r"\b(?:did|has|have|was|were|is)\b[^?]{0,60}\b(?:confirm\w*|verif\w*|accept\w*|acknowledg\w*|admit\w*|deny|denied)\b"
    r"|\bindependently\b|\bconfirmed\b\s*\?"
    r"|\bчи\b[^?]{0,60}\b(?:підтверди\w*|визна\w*|спростува\w*)|\b(?:подтвердил\w*|признал\w*|опроверг\w*)\s+ли\b"
)
_SOURCE_WORDS = (
    r"\b(?:who|which\b[^?,]{0,40}?)\s+(?:first\s+|later\s+|also\s+|on\s+the\s+\w+\s+side\s+)?(?:said|says|say|claimed|claims|reported|reports|"
    r"announced|announces|confirmed|denied|rejected|disputed|retracted|admitted|told|assessed|stated|wrote)\b"
    r"|\bwhat\s+did\b[^?]{0,60}\b(?:say|report|assess|announce|claim|write)\b|\baccording\s+to\s+whom\b"
    r"|\bwhich\b[^?]{0,40}\b(?:outlet|source|official|body|unit|spokes\w+|agency|minister|commander)\b"
    r"|\bхто\s+(?:повідоми\w*|заяви\w*|підтверди\w*|спростува\w*)|\bщо\s+(?:сказа\w*|повідоми\w*|заяви\w*)"
    r"|\bкто\s+(?:сообщи\w*|заяви\w*|подтверди\w*|опроверг\w*)|\bчто\s+(?:сказа\w*|сообщи\w*|заяви\w*)"
)
_CONTROL_WORDS = (
    r"\bwho\s+(?:holds?|held|controls?|controlled|is\s+in|was\s+in|has|had|occupies|occupied|took|captured|"
    r"liberated|retook|recaptured|seized|raised\s+(?:the\s+)?flags?|withdrew|left|retreated|pulled\s+out)\b"
    r"|\b(?:in|under)\s+(?:\w+\s+){0,2}(?:control|hands|occupation)\b"
    r"|\b(?:did|has|have|had|was|were|is|are)\b[^?]{0,50}\b(?:take|taken|capture|captured|retake|retaken|recapture|"
    r"recaptured|seize|seized|hold|held|control|controlled|liberate|liberated|occupy|occupied|lose|lost|fall|fallen|"
    r"pull\s+out|withdraw\w*|leave|left)\b"
    r"|\bstill\s+(?:hold|control|in)\b|\bstatus\s+of\b"
    r"|\bхто\s+(?:контролю\w*|утриму\w*|тримає)|\bчи\b[^?]{0,60}(?:контролю\w*|утриму\w*|звільни\w*|захопи\w*|"
    r"окупува\w*|залиши\w*|повернули\w*|відвоюва\w*|взяли)|\bв\s+чиїх\b|\bпід\s+чиїм\b"
    r"|\bкто\s+(?:контролиру\w*|удержива\w*)|\b(?:контролировал\w*|освободил\w*|захватил\w*|взял\w*|удерживал\w*|"
    r"оставил\w*)\s+ли\b|\bв\s+чьих\b|\bпод\s+чьим\b"
)
_INTENTS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    ("date", re.compile(_DATE_WORDS, re.IGNORECASE)),
    ("event", re.compile(_EVENT_WORDS, re.IGNORECASE)),
    ("source", re.compile(_SOURCE_WORDS, re.IGNORECASE)),
    ("verification", re.compile(_VERIFICATION_WORDS, re.IGNORECASE)),
    ("control", re.compile(_CONTROL_WORDS, re.IGNORECASE)),
)

# Words just before a date that make it a bound, not the period asked about.
_FROM_WORDS = re.compile(
    r"(?:\b(?:after|since|from|following)|(?<!\w)(?:після|починаючи\s+з|з|із|после|с|начиная\s+с))\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
# "after the garrison gave up in May 2022": the time after an event dated in the clause.
_AFTER_EVENT_WORDS = re.compile(
    r"(?:\b(?:after|following|since)|(?<!\w)(?:після|после))\s+(?:[^\s;?]+\s+){1,8}?(?:in|on|at|у|в|на)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
_UNTIL_WORDS = re.compile(
    r"(?:\b(?:by|until|till|as\s+of|before|up\s+to)|(?<!\w)(?:до|станом\s+на|по|к|перед))\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
_BEFORE_WORDS = re.compile(r"(?:\bbefore|(?<!\w)(?:до|перед))\s+(?:\S+\s+){0,3}$", re.IGNORECASE)


@dataclass(frozen=True)
class Understanding:
    """What a question asks for and about which time."""

    intent: Intent
    time_frame: TimeFrame | None

    @property
    def as_of(self) -> date | None:
        """The last day whose claims count (None: up to the newest)."""
        return self.time_frame.end if self.time_frame else None


def intent_of(question: str) -> Intent:
    """Return what a question asks for: control, date, source, verification or event."""
    for intent, pattern in _INTENTS:
        if pattern.search(question):
            return intent
    return "event"


def time_frame(question: str, today: date) -> TimeFrame | None:
    """Return the period a question bounds itself by, or None when it asks about the present.

    "on 9 November 2022" is that day; "in late October 2022" the last third of
    October; "after 10 November 2022" everything since; "by July 3" up to that
    day. Several dates narrow each other ("in late April and early May 2024,
    before May 5": from late April to 4 May).

    Args:
        question: the question as asked.
        today: completes a day or month written without a year when no other
            date in the question gives one.
    """
    with_year = find_dates(question)
    years = [m.period.start.year for m in with_year if m.period.precision in ("day", "month", "season", "year")]
    base = date(max(years), 12, 31) if years else today
    mentions = find_dates(question, base)
    if not mentions:
        return None
    start: date | None = None
    end: date | None = None
    lows: list[date] = []
    highs: list[tuple[date, bool]] = []  # (last day, whether it is a bound rather than a period)
    for m in mentions:
        before = question[: m.start]
        if _FROM_WORDS.search(before):
            # "after July 2022" starts when July ends; "after 10 November" on the 10th.
            lows.append(m.period.start if m.period.precision == "day" else m.period.end + timedelta(days=1))
        elif _AFTER_EVENT_WORDS.search(before):
            lows.append(m.period.start)  # the event fell within the period; what follows it is asked
        elif _BEFORE_WORDS.search(before):
            highs.append((m.period.start - timedelta(days=1), True))
        elif _UNTIL_WORDS.search(before):
            highs.append((m.period.end, True))
        else:
            lows.append(m.period.start)
            highs.append((m.period.end, False))
    start = min(lows) if lows else None
    # The periods named join ("late April and early May"); the bounds ("before May 5") cut them.
    spans = [h for h, bound in highs if not bound]
    bounds = [h for h, bound in highs if bound]
    end = min([max(spans)] + bounds if spans else bounds) if highs else None
    if start is not None and end is not None and end < start:
        end = start
    text = question[mentions[0].start : mentions[-1].end]
    return TimeFrame(start, end, text)


def understand(question: str, today: date) -> Understanding:
    """Read a question's intent and time frame (no search, no model)."""
    return Understanding(intent_of(question), time_frame(question, today))


__all__ = ["Intent", "TimeFrame", "Understanding", "intent_of", "time_frame", "understand"]
