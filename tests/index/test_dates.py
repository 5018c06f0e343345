"""Dates as texts write them, with the precision they give (index/dates.py)."""

from datetime import date

import pytest

from index.dates import find_dates
from index.phrases import format_date, format_when

BASE = date(2022, 11, 12)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("on 9 November 2022", "2022-11-09", "day"),
        ("on November 9, 2022", "2022-11-09", "day"),
        ("in November 2022", "2022-11", "month"),
        ("captured in early 2015", "2015-01/2015-04", "year"),
        ("in mid-November 2022", "2022-11", "month"),
        ("in 2023", "2023", "year"),
        ("summer of 2023", "2023-06/2023-08", "season"),
        ("наприкінці березня 2022 року", "2022-03", "month"),
        ("в марте 2023 года", "2023-03", "month"),
        ("в мае 2025 года", "2025-05", "month"),
        ("у листопаді", "2022-11", "month"),
        ("10 листопада 2022 року", "2022-11-10", "day"),
        ("восени 2024 року", "2024-09/2024-11", "season"),
        ("2022-11-10", "2022-11-10", "day"),
    ],
)
def test_a_date_keeps_the_precision_the_text_gives(text: str, iso: str, precision: str) -> None:
    [mention] = find_dates(text, BASE)
    assert (mention.period.iso(), mention.period.precision) == (iso, precision)


def test_a_year_is_never_read_as_its_first_day() -> None:
    [mention] = find_dates("Russia captured it in early 2015", BASE)
    assert mention.period.start == date(2015, 1, 1) and mention.period.end > date(2015, 3, 1)
    assert mention.period.precision == "year"


def test_a_day_range_spans_its_days() -> None:
    [mention] = find_dates("on 23–26 March 2025", BASE)
    assert (mention.period.start, mention.period.end) == (date(2025, 3, 23), date(2025, 3, 26))


@pytest.mark.parametrize(
    "text",
    ["You may 5 times ask", "On what date did the town fall?", "troops march 10 km", "в груди"],
)
def test_words_that_only_look_like_dates_are_not_dates(text: str) -> None:
    assert find_dates(text, BASE) == []


def test_a_day_without_a_year_is_the_latest_such_day_not_after_the_text() -> None:
    [mention] = find_dates("on 20 December the village fell", date(2023, 1, 5))
    assert mention.period.start == date(2022, 12, 20)


def test_relative_days_need_the_texts_own_date() -> None:
    assert find_dates("Russian forces left yesterday", None) == []
    [mention] = find_dates("Russian forces left yesterday", BASE)
    assert mention.period.start == date(2022, 11, 11)


@pytest.mark.parametrize(
    ("precision", "lang", "shown"),
    [
        ("day", "en", "20 May 2022"),
        ("month", "en", "May 2022"),
        ("year", "en", "2022"),
        ("not_before", "en", "undated, not before 20 May 2022"),
        ("not_before", "uk", "без дати, не раніше 20 травня 2022"),
    ],
)
def test_a_date_is_shown_no_more_precisely_than_known(precision: str, lang: str, shown: str) -> None:
    assert format_date(date(2022, 5, 20), lang, precision) == shown


@pytest.mark.parametrize(
    ("start", "end", "lang", "shown"),
    [
        (None, date(2022, 11, 9), "en", " as of 9 November 2022"),
        (date(2022, 11, 9), date(2022, 11, 9), "en", " as of 9 November 2022"),
        # A month asked about is a month, not its last day.
        (date(2024, 5, 1), date(2024, 5, 31), "en", " in May 2024"),
        (date(2024, 2, 1), date(2024, 2, 29), "uk", " (період: лютий 2024)"),
        (date(2022, 1, 1), date(2022, 12, 31), "ru", " (период: 2022)"),
        (date(2022, 4, 21), date(2022, 4, 30), "en", " between 21 April 2022 and 30 April 2022"),
        (None, None, "en", ""),
    ],
)
def test_the_time_asked_about_is_said_as_precisely_as_asked(start, end, lang: str, shown: str) -> None:
    assert format_when(start, end, lang) == shown
