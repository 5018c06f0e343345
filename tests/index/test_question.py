"""What a question asks for and about which time (index/question.py)."""

from datetime import date

import pytest

from index.question import intent_of, time_frame

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Who holds Ostrivne?", "control"),
        ("Who held Ostrivne on 9 November 2022?", "control"),
        ("Did Russia capture Ostrivne?", "control"),
        ("Has Russia taken Ostrivne?", "control"),
        ("Was Ostrivne in Ukrainian hands by mid-July 2023?", "control"),
        ("Who raised flags in Ostrivne?", "control"),
        ("Хто контролює Острівне?", "control"),
        ("Контролировала ли Россия Островное в марте 2023 года?", "control"),
        ("When did Ostrivne fall?", "date"),
        ("On what date did Russian troops leave Ostrivne?", "date"),
        ("Коли ЗСУ звільнили Острівне?", "date"),
        ("Who said Ostrivne had been liberated?", "source"),
        ("Which official denied that Ostrivne had fallen?", "source"),
        ("What did the Institute for the Study of War assess about Ostrivne?", "source"),
        ("Did Kyiv confirm the loss of Ostrivne?", "verification"),
        ("Was the governor's claim independently verified?", "verification"),
        ("Why did the army leave Ostrivne?", "event"),
        ("What happened near Ostrivne?", "event"),
        ("What villages north of Ostrivne did Ukrainian troops take?", "event"),
    ],
)
def test_the_intent_is_what_the_question_asks_for(question: str, intent: str) -> None:
    assert intent_of(question) == intent


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Who held Ostrivne on 9 November 2022?", date(2022, 11, 9), date(2022, 11, 9)),
        ("Who held Ostrivne in late October 2022?", date(2022, 10, 21), date(2022, 10, 31)),
        ("Who controlled Ostrivne after 10 November 2022?", date(2022, 11, 10), None),
        ("Is Ostrivne back under Ukrainian control after July 2022?", date(2022, 8, 1), None),
        ("Had Russia taken Ostrivne by July 3, 2022?", None, date(2022, 7, 3)),
        # After an event dated in its own clause: from then on, not only that month.
        ("Who controlled Ostrivne after the garrison gave up in May 2022?", date(2022, 5, 1), None),
        ("Хто контролював Острівне після того, як гарнізон здався у травні 2022 року?", date(2022, 5, 1), None),
        ("Who held Ostrivne at the end of 2023?", date(2023, 9, 1), date(2023, 12, 31)),
        ("Хто контролював Острівне наприкінці березня 2022 року?", date(2022, 3, 21), date(2022, 3, 31)),
        (
            "Did Russia control Ostrivne in late April and early May 2024, before Moscow's May 5 announcement?",
            date(2024, 4, 21),
            date(2024, 5, 4),
        ),
    ],
)
def test_the_time_frame_bounds_the_claims_that_count(question: str, start: date | None, end: date | None) -> None:
    frame = time_frame(question, TODAY)
    assert frame is not None
    assert (frame.start, frame.end) == (start, end)


def test_a_question_about_the_present_has_no_time_frame() -> None:
    assert time_frame("Who holds Ostrivne now?", TODAY) is None
