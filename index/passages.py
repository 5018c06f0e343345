"""Article → sentences and passages, each with exact character offsets.

Every passage and sentence is a slice of the article's stored text
(`article.text[start:end]`), so any quote built from them is verbatim.
"""

from __future__ import annotations

import hashlib
import re

from index.models import Article, Passage, PassageKind, Span

# A passage should fit the embedding model's window (all-MiniLM-L6-v2 reads
# 256 word pieces, about 1,000 characters of English) with room to spare.
MAX_PASSAGE_CHARS = 700
# Short paragraphs (datelines, one-line leads) are merged up to this size so
# that each passage carries enough context to be found.
MIN_PASSAGE_CHARS = 200
# No sentence of news prose comes near this; longer runs without a full stop are cut at spaces.
MAX_SENTENCE_CHARS = 2000

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep",
    "gov", "pres", "prof", "jr", "sr", "no", "vs", "etc", "approx", "est", "dept", "mt",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "inc", "ltd", "co", "corp",
    # Ukrainian and Russian: "р." (year), "г." (year/city), "ім." (named after),
    # "вул." (street), "обл." (oblast), "т.", "ст.", "див.", "тис." (thousand), "млн".
    "р", "рр", "г", "гг", "ім", "им", "вул", "ул", "обл", "т", "ст", "див", "см", "тис",
    "тыс", "млн", "млрд", "км", "пос", "с", "смт", "пгт", "м",
}
# The look-behind starts a match only at the first mark of a run: without it a
# long run of marks not followed by a space is rescanned from each of its marks.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘«(\[]?[A-ZА-ЯІЇЄҐЎЁ0-9@#]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# How far before a full stop the abbreviation and year checks look: every
# abbreviation and "2022 р" fit, and the work per sentence stays constant
# however long the paragraph (slicing the whole line before each mark made
# a long paragraph cost quadratic time).
_LOOK_BACK = 24
_YEAR_END = re.compile(r"\b\d{4}\s*(р|рр|г|гг)$")
_HASHTAG_LINE = re.compile(r"#\w")
_PHOTO_CREDIT = re.compile(
    r"(Getty(\s+Images)?|AFP|AP Photo|EPA(-EFE)?|Reuters|Shutterstock|Associated Press)"
    r"(\s*/\s*[\w .-]+)?\s*$"
    r"|^\s*(Photo|Photograph|Фото|Picture)\s*(:|by)",
    re.IGNORECASE,
)


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Split text into sentences.

    A line break always ends a sentence; a full stop, question or exclamation
    mark ends one when the next word starts like a sentence and the word before
    is not a known abbreviation or a single initial.

    Args:
        text: the text to split (an article, a paragraph or a passage).
        offset: added to every span's start and end, so that spans of a
            passage can be expressed in the article's coordinates.

    Returns:
        Spans with `text[start - offset:end - offset] == span.text`, stripped of
        surrounding white space; empty lines give no span.
    """
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        _split_line(line.group(), line.start(), offset, spans)
    return spans


def _split_line(line: str, line_start: int, offset: int, out: list[Span]) -> None:
    start = 0
    for end_mark in _SENTENCE_END.finditer(line):
        end = end_mark.end()
        if not _NEXT_STARTS_SENTENCE.match(line, end):
            continue
        if end_mark.group().startswith(".") and _abbreviation_before(line, end_mark.start()):
            continue
        _add_span(line, start, end, line_start, offset, out)
        start = end
    _add_span(line, start, len(line), line_start, offset, out)


def _abbreviation_before(line: str, mark: int) -> bool:
    """Tell whether the full stop at `mark` ends a known abbreviation or an initial, not a sentence."""
    window_start = max(0, mark - _LOOK_BACK)
    window = line[window_start:mark]
    word = _WORD_BEFORE.search(window)
    if word is not None and word.start() == 0 and window_start > 0 and _is_word_char(line[window_start - 1]):
        return False  # a word longer than the window is no abbreviation
    before = word.group(1).lower().strip(".") if word else ""
    if not (before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha())):
        return False
    # "…2022 р. Місто…": a year's abbreviation that also ends the sentence.
    year = _YEAR_END.search(window)
    return year is None or (year.start() == 0 and window_start > 0 and _is_word_char(line[window_start - 1]))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _add_span(line: str, start: int, end: int, line_start: int, offset: int, out: list[Span]) -> None:
    # A "sentence" longer than any real one (a page without full stops) is cut
    # at spaces: every later stage reads sentences, and none should see megabytes.
    while end - start > MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _add_piece(line, start, cut, line_start, offset, out)
        start = cut
    _add_piece(line, start, end, line_start, offset, out)


def _add_piece(line: str, start: int, end: int, line_start: int, offset: int, out: list[Span]) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = offset + line_start + start + lead
    out.append(Span(s, s + len(stripped), stripped))


def paragraph_kind(paragraph: str) -> PassageKind:
    """Tell body text from what is not: tag lines, photo captions, menu words.

    Only body passages are searched and quoted; captions and tag lines are not
    claims (a photo's credit line is not a source for anything).
    """
    text = paragraph.strip()
    if len(text) < 60 and _HASHTAG_LINE.search(text):
        return "tagline"
    if len(text) < 500 and _PHOTO_CREDIT.search(text):
        return "caption"
    if len(text) < 25 and not re.search(r"[.!?:]\s*$", text) and len(text.split()) <= 3:
        return "boilerplate"
    return "body"


def passage_id(article_id: str, start: int, text: str) -> str:
    """Return the content-derived id of a passage (same piece, same id)."""
    digest = hashlib.sha256(f"{article_id}\0{start}\0{text}".encode()).hexdigest()
    return "p-" + digest[:16]


def split_passages(article: Article) -> list[Passage]:
    """Split an article into passages along paragraphs and sentences.

    Long paragraphs are cut between sentences into pieces of at most
    MAX_PASSAGE_CHARS (a single longer sentence stays whole); consecutive short
    body paragraphs are merged up to MIN_PASSAGE_CHARS.

    Returns:
        Passages in reading order; `position` counts from 0. Non-body
        paragraphs (captions, tag lines, menu words) are returned as their
        own passages with their `kind`, so callers can leave them out.
    """
    pieces: list[tuple[int, int, PassageKind]] = []
    for para in re.finditer(r"[^\n]+", article.text):
        raw = para.group()
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip())
        start, end = para.start() + lead, para.start() + len(raw.rstrip())
        kind = paragraph_kind(raw)
        if kind != "body" or end - start <= MAX_PASSAGE_CHARS:
            pieces.append((start, end, kind))
            continue
        pieces.extend((s, e, "body") for s, e in _windows(article.text[start:end], start))

    merged: list[tuple[int, int, PassageKind]] = []
    for start, end, kind in pieces:
        if (
            merged
            and kind == "body"
            and merged[-1][2] == "body"
            and (merged[-1][1] - merged[-1][0] < MIN_PASSAGE_CHARS or end - start < 80)
            and end - merged[-1][0] <= MAX_PASSAGE_CHARS
        ):
            merged[-1] = (merged[-1][0], end, "body")
        else:
            merged.append((start, end, kind))

    return [
        Passage(
            id=passage_id(article.id, start, article.text[start:end]),
            article_id=article.id,
            position=position,
            start=start,
            end=end,
            text=article.text[start:end],
            kind=kind,
        )
        for position, (start, end, kind) in enumerate(merged)
    ]


def _windows(paragraph: str, offset: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for span in sentences(paragraph, offset):
        if windows and span.end - windows[-1][0] <= MAX_PASSAGE_CHARS:
            windows[-1] = (windows[-1][0], span.end)
        else:
            windows.append((span.start, span.end))
    return windows
