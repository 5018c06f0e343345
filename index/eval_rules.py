"""How `frontline eval` reads a question and a reply's lead, independently of the engine.

The evaluator must not share the rules it measures: if it asked the engine
whether a question has a time frame, an engine that misses "in late April
2022" would drop that question from the time-framed figure and look better
for it. So the gold side (time frame, expected intent) is read here from the
question's text and its gold `kind`, the same way before and after a change
to the engine, and the engine's own `time_frame` and `intent` fields are
compared against it.

Rules (README, "Quality", says the same):

- **Time frame**: the question names a year (1900–2099), or `dateparser`'s
  search finds a date in it that has both a number and a word ("15 мая",
  "May 5", "on 2–3 April 2022"); bare numbers ("3-4 km") and bare words
  ("in three days") found by the search are noise and do not count.
- **Expected intent** (`control`, `date`, `source`, `verification`,
  `event`): gold `kind` control is control; kind source is verification
  when the question is a yes/no about confirming ("Did X confirm…", "Was
  the claim verified?"), else source; kind event is date for "when / on
  what date…" questions, source for "what did X say/announce/assess…",
  else event; variants, multilingual and ambiguous questions are read by
  their wording in the order date, verification, source, control, event.
  Unanswerable questions have no expected intent.
- **Lead fits the intent**: the reply's first non-empty line, on an answer
  that is not `not_found`:
  control: the answer has a `holder` and the lead names it (a side, or
  words for contested / not established); date: the lead has a date, a
  citation `[n]` and who gives it (a claimant's or outlet's attribution:
  "per", "said", "as reported by", …); source: a citation and the
  source's words (a quotation mark or a speech verb: "per X" alone is the
  holder template, not what X said); verification: the lead says whether
  it was confirmed (confirm/verify/deny words, or yes/no first) or quotes
  the party asked about; event: a citation. A lead saying the stored
  articles hold nothing from the source does not fit: every answerable
  question has gold evidence, so that lead is wrong in substance.

These are textual checks: they can be fooled by a lead written to pass them,
and they do not judge whether the date or the holder is right (the holder
figures do that).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

INTENTS = ("control", "date", "source", "verification", "event")

# -- vocabulary (lowercase; stems match as substrings unless a pattern says otherwise) --

DATE_QUESTION = {
    "en": r"^\W*(when|since when|on what (date|day)|what (date|day)|which (date|day)|how long ago)\b",
    "uk": r"^\W*(коли|відколи|з якого (часу|числа|дня)|якого числа|(у|в) який день)\b",
    "ru": r"^\W*(когда|с какого (времени|числа|дня)|какого числа|в какой день|с каких пор)\b",
}
YES_NO_OPENER = {
    "en": r"^\W*(did|does|do|was|were|has|have|had|is|are)\b",
    "uk": r"^\W*чи\b",
    "ru": r"\bли\b",
}
CONFIRM_WORDS = {
    "en": r"confirm|verif|accept|acknowledg|admit|corroborat|den(y|ied)|disput",
    "uk": r"підтверд|визна|спросту|запереч|верифік",
    "ru": r"подтверд|призна|опроверг|отрица|верифиц",
}
SOURCE_QUESTION = {
    "en": (
        r"^\W*(who|which \w+( \w+)?)( \w+){0,3}? (first )?(said|says|announced|claimed|confirmed|reported"
        r"|rejected|retracted|disputed|denied|assessed|told|admitted|wrote|stated|declared)\b"
        r"|^\W*what did .+ (say|announce|assess|report|claim|write|state|tell)\b"
        r"|^\W*(which|what) (outlet|body|agency|official|source|media)\b|\baccording to whom\b"
    ),
    "uk": r"^\W*(хто|який|яка|яке)( \S+){0,4}? (заяви|повідоми|підтверди|спростува|визна|сказа|написа)"
          r"|^\W*що (сказа|заяви|повідоми|написа)",
    "ru": r"^\W*(кто|какой|какая|какое)( \S+){0,4}? (заяви|сообщи|подтверди|опроверг|призна|сказа|написа)"
          r"|^\W*что (сказа|заяви|сообщи|написа)",
}
CONTROL_QUESTION = {
    "en": (
        r"\bwho (controls?|controlled|holds?|held|is in)\b|\bcontrol(s|led)?\b|\bin \w+ hands\b"
        r"|\bstatus of\b|^\W*(did|does|has|have|had|was|were|is|are)\b.*\b(take|taken|took|capture|captured"
        r"|retake|retaken|recapture|recaptured|hold|held|lose|lost|pull(ed)? out|seize|seized|liberated"
        r"|occupied|fall|fallen|withdraw|withdrawn|leave|left|enter|entered)\b"
    ),
    "uk": r"контрол|утриму|в чиїх|^\W*чи\b.*(взял|захопи|звільни|залиши|поверну|окупова|втрати)",
    "ru": r"контрол|удержива|в чьих|^(?=.*\bли\b).*(взял|захват|освобод|остави|верну|оккупир|потеря)",
}

# Words of a lead that state a holder (every language: a lead may quote another).
HOLDER_WORDS = {
    "Ukraine": ("ukrain", "україн", "украин", "зсу", "всу"),
    "Russia": ("russia", "росі", "росси", "moscow", "москв"),
    "contested": (
        "contested", "disputed", "split", "disagree", "both sides", "conflicting",
        "оспар", "спірн", "оспорю", "розділ", "суперечл", "противореч", "обидві сторони", "обе стороны",
    ),
    "unknown": (
        "no source says", "unknown", "unclear", "not establish", "do not say", "don't say", "does not say",
        "жодне джерело не", "не встанов", "невідом", "не каж", "ни один источник не", "не устан",
        "неизвест", "не говор",
    ),
}
CITATION = r"\[\d+\]"
QUOTE_MARKS = "“”«»„\"‘’"
SPEECH_WORDS = (
    "said", "says", "say ", "stated", "announced", "reported", "confirmed", "denied", "assessed", "wrote",
    "told", "claimed", "admitted", "according to", "declared", "rejected",
    "заяви", "повідоми", "підтверди", "за словами", "за даними", "написа", "спростува",
    "сообщи", "подтверди", "по словам", "по данным", "опроверг",
)
# Who gives a date: a speech verb, or the wording that names a claimant or an outlet.
ATTRIBUTION_WORDS = (
    *SPEECH_WORDS, "per ", "as reported by", "reporting", "reports", "за повідомленням", "повідомлення",
    "за даними", "по сообщению", "сообщение", "по данным",
)
VERIFICATION_WORDS = (
    "confirm", "verif", "corroborat", "denied", "deny", "denies", "independent",
    "підтверд", "спросту", "запереч", "верифік", "незалежн",
    "подтверд", "опроверг", "отрица", "верифиц", "независим",
)
YES_NO_FIRST = r"^\W*(yes|no|так|ні|да|нет)\b"

YEAR = re.compile(r"\b(19|20)\d\d\b")


_TABLES = {
    "date": DATE_QUESTION,
    "yes_no": YES_NO_OPENER,
    "confirm": CONFIRM_WORDS,
    "source": SOURCE_QUESTION,
    "control": CONTROL_QUESTION,
}


@cache
def _pattern(table: str, lang: str) -> re.Pattern[str]:
    return re.compile(_TABLES[table][lang], re.IGNORECASE)


def _matches(table: str, lang: str, text: str) -> bool:
    """Match the table's pattern for `lang`, and English's too (users mix languages)."""
    langs = {lang, "en"} if lang in _TABLES[table] else {"en"}
    return any(_pattern(table, name).search(text) for name in langs)


# -- the question -------------------------------------------------------------------


def time_frame_text(question: str, lang: str) -> str | None:
    """Return the words of the question that name a time, or None when it names none.

    Args:
        question: the question as written.
        lang: its language ("en", "uk", "ru", or another code).

    Returns:
        The first date `dateparser` finds that has a number and a word in it,
        else the first year named, else None.
    """
    from dateparser.search import search_dates  # slow to import: only when asked

    found = search_dates(
        question, languages=[lang] if lang in ("en", "uk", "ru") else None,
        settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": []},
    ) or []
    for text, _ in found:
        if YEAR.search(text) or (re.search(r"\d", text) and re.search(r"[^\W\d_]{3,}", text)):
            return text.strip()
    year = YEAR.search(question)
    return year.group(0) if year else None


def expected_intent(question: str, kind: str, lang: str) -> str | None:
    """Return what a reply to the question should lead with, from its gold kind and wording.

    Args:
        question: the question as written.
        kind: its gold `kind` (CONTRACTS.md question file).
        lang: its language.

    Returns:
        One of INTENTS, or None for unanswerable questions.
    """
    text = question.strip()
    if kind == "unanswerable":
        return None
    if kind == "control":
        return "control"
    asks_date = _matches("date", lang, text)
    asks_verified = _matches("yes_no", lang, text) and _matches("confirm", lang, text)
    asks_source = _matches("source", lang, text)
    if kind == "source":
        return "verification" if asks_verified else "source"
    if kind == "event":
        return "date" if asks_date else "source" if asks_source else "event"
    if asks_date:
        return "date"
    if asks_verified:
        return "verification"
    if asks_source:
        return "source"
    if _matches("control", lang, text):
        return "control"
    return "event"


# -- the reply ------------------------------------------------------------------------


def lead_of(answer_text: str) -> str:
    """Return the reply's first non-empty line."""
    return next((line.strip() for line in answer_text.splitlines() if line.strip()), "")


def lead_fits(intent: str, answer: dict[str, Any], lang: str) -> bool:
    """Tell whether the reply's first line answers what was asked (see the module's rules).

    Args:
        intent: the expected intent (one of INTENTS).
        answer: the answer object (CONTRACTS.md), as `Answer.to_json()` gives it.
        lang: the reply's language, for reading dates.
    """
    if answer.get("status") == "not_found":
        return False
    lead = lead_of(answer.get("answer") or "")
    low = lead.casefold()
    cited = re.search(CITATION, lead) is not None
    if intent == "control":
        holder = answer.get("holder")
        return holder in HOLDER_WORDS and any(word in low for word in HOLDER_WORDS[holder])
    if intent == "date":
        return cited and any(w in low for w in ATTRIBUTION_WORDS) and has_date(lead, lang)
    if intent == "source":
        return cited and (any(mark in lead for mark in QUOTE_MARKS) or any(w in low for w in SPEECH_WORDS))
    if intent == "verification":
        return (
            re.search(YES_NO_FIRST, low) is not None
            or any(w in low for w in VERIFICATION_WORDS)
            or (cited and any(mark in lead for mark in QUOTE_MARKS))  # the named party's own words
        )
    return cited


def has_date(text: str, lang: str) -> bool:
    """Tell whether the text names a date (a year, or a day or month with a number)."""
    return time_frame_text(text, lang) is not None
