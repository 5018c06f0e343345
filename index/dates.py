"""Dates as texts write them, with the precision they give: one reader for claims, caveats and questions.

"9 November 2022" is a day, "November 2022" a month, "early 2015" a year (its
first third), "summer 2023" a season. A date is kept as a `Period` (first and
last day, and its precision) so that nothing downstream invents precision: a
claim "captured in early 2015" is not a claim of 1 January 2015.

Month names in English, Ukrainian and Russian (and the full month names of
German, French, Spanish and Italian, whose claims are read too) come from
`dateparser`'s locale data (its CLDR-derived tables). Its parser itself is not used on the phrase:
it reads "23–26 March" as the 23rd, "2022 року" as the year 4, and no
locative month ("у листопаді", "в ноябре"); the parts are few and the
composition below keeps the range and the precision.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "month", "season", "year"]

_LANGS = ("en", "uk", "ru")
# Month names only (no abbreviations: Italian "gen" would read "Gen. Syrskyi" as January) of the
# languages whose claims index/claims/ also reads ("23 de marzo de 2025", "22. Juli 2025").
_MORE_LANGS = ("de", "fr", "es", "it")

# Words before a date that narrow it within its period, per language (data, not code).
_PART_WORDS: dict[str, str] = {
    # English
    "early": "early", "earlier in": "early", "beginning of": "early", "the beginning of": "early",
    "start of": "early", "the start of": "early", "mid": "mid", "mid-": "mid", "middle of": "mid",
    "the middle of": "mid", "late": "late", "end of": "late", "the end of": "late", "later in": "late",
    # Ukrainian
    "на початку": "early", "на початок": "early", "у середині": "mid", "в середині": "mid",
    "посеред": "mid", "наприкінці": "late", "в кінці": "late", "у кінці": "late", "під кінець": "late",
    # Russian
    "в начале": "early", "в середине": "mid", "в конце": "late", "под конец": "late",
}
_SEASONS: dict[str, tuple[int, int]] = {
    # name: (first month, last month); winter runs into the next year
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
    "весна": (3, 5), "навесні": (3, 5), "весною": (3, 5), "весни": (3, 5), "весной": (3, 5), "весны": (3, 5),
    "літо": (6, 8), "влітку": (6, 8), "літа": (6, 8), "влiтку": (6, 8), "лето": (6, 8), "летом": (6, 8),
    "лета": (6, 8), "осінь": (9, 11), "восени": (9, 11), "осені": (9, 11), "осень": (9, 11),
    "осенью": (9, 11), "осени": (9, 11), "зима": (12, 2), "взимку": (12, 2), "зими": (12, 2),
    "зимой": (12, 2), "зимы": (12, 2),
    # German, French, Spanish, Italian (German writes early and late summer as one word)
    "frühling": (3, 5), "frühjahr": (3, 5), "sommer": (6, 8), "frühsommer": (6, 6), "spätsommer": (8, 8),
    "herbst": (9, 11), "spätherbst": (11, 11), "printemps": (3, 5), "été": (6, 8), "automne": (9, 11),
    "hiver": (12, 2), "primavera": (3, 5), "verano": (6, 8), "otoño": (9, 11), "invierno": (12, 2),
    "estate": (6, 8), "autunno": (9, 11), "inverno": (12, 2),
}
_RELATIVE = {"yesterday": -1, "today": 0, "вчора": -1, "вчера": -1, "сьогодні": 0, "сегодня": 0}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)


@dataclass(frozen=True)
class Period:
    """A stretch of time a text names: its first and last day and how precisely it was said."""

    start: date
    end: date
    precision: Precision

    @property
    def anchor(self) -> date:
        """The day to order by: the start for a day, the middle of a longer period."""
        if self.precision == "day":
            return self.start
        return self.start + (self.end - self.start) / 2

    def iso(self) -> str:
        """Return "YYYY-MM-DD", "YYYY-MM", "YYYY" or "YYYY-MM/YYYY-MM" as precise as the text was."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year" and self.start.month == 1 and self.end.month == 12:
            return str(self.start.year)
        return f"{self.start.isoformat()[:7]}/{self.end.isoformat()[:7]}"


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: where, as written, and the period it names."""

    start: int
    end: int
    text: str
    period: Period
    part: str | None = None  # "early", "mid", "late" when the text narrowed it


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Month names and abbreviations of English, Ukrainian and Russian, from dateparser's locales."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for lang in _LANGS + _MORE_LANGS:
        info = default_loader.get_locale(lang).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                if lang in _MORE_LANGS and (name.endswith(".") or len(name) < 4 and name.lower() != "mai"):
                    continue
                name = name.lower().rstrip(".")
                if len(name) >= 3 or lang == "en":
                    names.setdefault(name, number)
    return names


# Locative month forms ("у листопаді", "в ноябре") are made from the nominatives
# dateparser lists, by the regular endings of the two languages.
_LOCATIVE_ENDINGS = (("ень", "ні"), ("ий", "ому"), ("ь", "е"), ("й", "е"), ("", "і"), ("", "е"))


@lru_cache(maxsize=1)
def _cyrillic_forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for name, number in _month_names().items():
        if not re.match(r"[а-яіїєґё]", name) or len(name) < 3:
            continue
        for ending, locative in _LOCATIVE_ENDINGS:
            if name.endswith(ending):
                forms.setdefault(name[: len(name) - len(ending)] + locative, number)
    return forms


@lru_cache(maxsize=4096)
def _month_of(word: str) -> int | None:
    """Return the month a word names, its Ukrainian and Russian case forms included."""
    word = word.lower().rstrip(".")
    return _month_names().get(word) or _cyrillic_forms().get(word)


_DASH = r"\s*[-–—]\s*"
_DAY = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:" + _DASH + r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_WORD = r"(?P<m>[A-Za-zÀ-ÿА-Яа-яІіЇїЄєҐґЁё]{3,}\.?)"
_YEAR_TAIL = r"(?:,?\s+(?:of\s+|de\s+)?" + _YEAR + r"(?:\s*(?:року|р\.|года|г\.))?)?"
_PARTS = "|".join(sorted((re.escape(p) for p in _PART_WORDS), key=len, reverse=True))
_PART = r"(?:(?P<part>" + _PARTS + r")\s*)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("iso", r"\b(?P<y>(?:19|20)\d{2})-(?P<mo>\d{2})-(?P<d1>\d{2})\b"),
        ("dots", r"\b(?P<d1>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b"),
        ("day_month", r"(?<![\w.])" + _DAY + r"\.?\s+(?:of\s+|de\s+)?" + _WORD + _YEAR_TAIL),
        ("month_day", r"(?<![\w])" + _WORD + r"\s+" + _DAY + r"(?![\d%])(?!\s*(?:km|kilomet|miles|км|%))" + _YEAR_TAIL),
        ("month", r"(?<![\w])" + _PART + _WORD + r"(?:\s+(?:of\s+)?" + _YEAR + r"(?:\s*(?:року|р\.|года|г\.))?)?"),
        ("season", r"(?<![\w])" + _PART + r"(?:the\s+)?(?P<s>[A-Za-zÀ-ÿА-Яа-яІіЇїЄє]{3,})(?:\s+(?:of\s+)?" + _YEAR + r"(?:\s*(?:року|р\.|года|г\.))?)?"),
        ("year", r"(?<![\w-])" + _PART + _YEAR + r"(?:\s*(?:року|р\.|года|г\.|рік|год))?(?![\w-])"),
        ("relative", r"\b(?P<r>yesterday|today|вчора|вчера|сьогодні|сегодня)\b"),
        ("weekday", r"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!['’]s)"),
    )
)


_MONTH_PREPOSITION = re.compile(
    r"(?:\b(?:in|during|since|until|by|of|from|im|seit|bis|en|depuis|durante|desde|nel|nell['’]|dal)|(?<!\w)(?:у|в|з|із|до|с|по|від|от))\s*$",
    re.IGNORECASE,
)


def _capitalized_if_latin(word: str) -> bool:
    # French, Spanish and Italian write months in lowercase ("23 de marzo"); English never does.
    return not word[:1].isascii() or word[:1].isupper() or word.lower().rstrip(".") in _lowercase_months()


@lru_cache(maxsize=1)
def _lowercase_months() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    english = {n.lower().rstrip(".") for key in _MONTH_KEYS for n in default_loader.get_locale("en").info.get(key, [])}
    return frozenset(
        name for name in _month_names() if name.isascii() and name not in english and (len(name) >= 4 or name == "mai")
    )


def _month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), "month")


def _narrow(period: Period, part: str | None) -> Period:
    """"early 2015" is January to April 2015, "late October" the 21st on; still said to the year or month."""
    if part is None:
        return period
    if period.precision == "month":
        last = period.end.day
        first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
        return Period(period.start.replace(day=first_day), period.start.replace(day=last_day), period.precision)
    # A year or a season: by thirds of its months.
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    third = max(months // 3, 1)
    offset = {"early": 0, "mid": third, "late": months - third}[part]
    span = third if part != "mid" else months - 2 * third
    begin = _add_months(period.start, offset)
    finish = _add_months(begin, span - 1)
    return Period(begin, finish.replace(day=calendar.monthrange(finish.year, finish.month)[1]), period.precision)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _guess_year(month: int, day: int, base: date | None) -> int | None:
    """A day without a year is the latest such day not after the text's own date."""
    if base is None:
        return None
    year = base.year
    try:
        if date(year, month, day) > base + timedelta(days=1):
            year -= 1
    except ValueError:
        return None
    return year


def _day_period(year: int | None, month: int, d1: int, d2: int | None, base: date | None) -> Period | None:
    year = year if year is not None else _guess_year(month, d1, base)
    if year is None:
        return None
    try:
        first = date(year, month, d1)
        last = date(year, month, d2) if d2 and d2 > d1 else first
    except ValueError:
        return None
    return Period(first, last, "day")


def _part(m: re.Match[str]) -> str | None:
    raw = (m.groupdict().get("part") or "").strip().lower()
    return _PART_WORDS.get(raw) or _PART_WORDS.get(raw.rstrip("-")) if raw else None


def _read(kind: str, m: re.Match[str], base: date | None) -> Period | None:
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    if kind in ("iso", "dots"):
        return _day_period(year, int(g["mo"]), int(g["d1"]), None, base)
    if kind in ("day_month", "month_day"):
        month = _month_of(g["m"])
        if month is None:
            return None
        if not _capitalized_if_latin(g["m"]):
            return None  # "may 5 soldiers": an English month is always capitalized
        return _day_period(year, month, int(g["d1"]), int(g["d2"]) if g.get("d2") else None, base)
    if kind == "month":
        month = _month_of(g["m"])
        if month is None or not _capitalized_if_latin(g["m"]):
            return None
        if year is None and not g.get("part") and not _MONTH_PREPOSITION.search(m.string[: m.start()]):
            return None  # "may", "march", "серп": a month alone is a month only after "in", "у", "в"
        if year is None:
            year = _guess_year(month, 1, base)
            if year is None:
                return None
        return _narrow(_month_period(year, month), _part(m))
    if kind == "season":
        span = _SEASONS.get(g["s"].lower())
        if span is None or year is None and base is None:
            return None
        if year is None and not g.get("part") and not _MONTH_PREPOSITION.search(m.string[: m.start()]):
            return None  # "did X fall?": a season alone is one only after "in", "since", "у"
        year = year if year is not None else (base.year if base else None)
        if year is None:
            return None
        first, last = span
        end_year = year + 1 if last < first else year
        period = Period(date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1]), "season")
        return _narrow(period, _part(m))
    if kind == "year":
        assert year is not None
        return _narrow(Period(date(year, 1, 1), date(year, 12, 31), "year"), _part(m))
    if kind == "relative" and base is not None:
        day = base + timedelta(days=_RELATIVE[g["r"].lower()])
        return Period(day, day, "day")
    if kind == "weekday" and base is not None:
        day = base - timedelta(days=(base.weekday() - _WEEKDAYS[g["w"].lower()]) % 7)
        return Period(day, day, "day")
    return None


def find_dates(text: str, base: date | None = None) -> list[DateMention]:
    """Find the dates a text names, each with the period and precision it gives.

    Args:
        text: a sentence, a question or a whole article.
        base: the text's own date (an article's publication date): it completes
            a day or month written without a year and reads "yesterday" or
            "on Monday"; without it such mentions are skipped.

    Returns:
        Mentions in text order, none overlapping; the longest reading wins where
        two overlap ("9 November 2022" rather than "November 2022").
    """
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            period = _read(kind, m, base)
            if period is not None:
                found.append(DateMention(m.start(), m.end(), m.group(), period, _part(m)))
    return sorted(found, key=lambda f: f.start)
