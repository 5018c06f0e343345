"""Answer → Telegram HTML messages and inline keyboards.

Every piece of text that comes from an article, a user or an error is escaped
here (through `bot.texts.t` or `html.escape`); only our own tags reach Telegram
as markup. Messages are packed at paragraph (or line) boundaries so that each
stays under Telegram's 4,096-character limit, and every line is bounded, so
packing always succeeds. Long quotes are shortened in the answer itself; the
whole passage stays behind the "Show passage" button.

Button data is opaque and short: `kind:answer_id:argument`, where the answer's
citations are stored server-side; anything else is "expired".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Html, t
from index.answer import CAVEAT_ICONS
from index.maps.model import ControlMap
from index.models import Answer, Caveat, Citation, Claim
from index.phrases import format_date
from index.printable import printable

MAX_MESSAGE = 4096
QUOTE_CHARS = 300  # a quote in the answer's lead, before "Show passage"
LINE_CHARS = 900  # any one line of plain text before escaping
TITLE_CHARS = 160
URL_CHARS = 600  # longer URLs are not linked (they would crowd out the text)
PASSAGE_CHARS = 3000
PASSAGE_BUTTONS_PER_ROW = 2

ButtonKind = Literal["p", "m", "v", "s"]
_DATA = re.compile(r"(p|m|v|s):([A-Za-z0-9_-]{16}):(\d{1,2}|up|down|all)")
MAX_CAPTION = 1024  # Telegram's limit for a photo's caption


@dataclass(frozen=True)
class Reply:
    """One message to send: Telegram HTML and its keyboard, if any."""

    text: Html
    keyboard: InlineKeyboardMarkup | None = None


class Button(NamedTuple):
    """What a pressed button asks for, parsed from its callback data."""

    kind: ButtonKind
    answer_id: str
    arg: str


# -- callback data --------------------------------------------------------------------


def button_data(kind: ButtonKind, answer_id: str, arg: str) -> str:
    """Return the callback data of a button (always under Telegram's 64 bytes)."""
    data = f"{kind}:{answer_id}:{arg}"
    if _DATA.fullmatch(data) is None:
        raise ValueError(f"bad button data {data!r}")
    return data


def parse_button(data: object) -> Button | None:
    """Return the button a callback data string stands for, or None for anything forged."""
    if not isinstance(data, str):
        return None
    match = _DATA.fullmatch(data)
    if match is None:
        return None
    kind: ButtonKind = match[1]  # type: ignore[assignment]
    return Button(kind, match[2], match[3])


# -- stored citations -----------------------------------------------------------------


def citation_record(c: Citation, more: bool = False) -> dict[str, Any]:
    """Return a citation as JSON for the answer store (so buttons outlive a restart)."""
    return {**c.to_json(), "more": more}


def citation_from_record(r: dict[str, Any]) -> Citation:
    """Return the Citation a stored record describes."""
    return Citation.from_json(r)


# -- text helpers ---------------------------------------------------------------------


def shorten(text: str, limit: int, focus: Iterable[str] = ()) -> str:
    """Shorten `text` to about `limit` characters at word boundaries, with "…".

    The window is centred on the first `focus` word found (the place asked
    about), so a long sentence listing many villages keeps the one that matters.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    lower = text.lower()
    positions = [lower.find(f.lower()) for f in focus if f and f.lower() in lower]
    pos = min(positions) if positions else 0
    start = max(0, min(pos - limit // 3, len(text) - limit))
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < pos else start
    end = min(len(text), start + limit)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + limit // 2 else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def esc(text: str, limit: int = LINE_CHARS, focus: Iterable[str] = ()) -> str:
    """Return plain text shortened and escaped for Telegram HTML, at most `limit` UTF-16 units.

    The bound holds for the escaped text (`&` becomes five characters), so that
    lines built from these pieces always fit in a message.
    """
    focus = list(focus)
    text = printable(text, keep_newlines=False)  # data stored before ingest cleaned it
    chars = limit
    while True:
        escaped = html.escape(shorten(text, chars, focus), quote=False)
        if _utf16(escaped) <= limit or chars <= 1:
            return escaped if _utf16(escaped) <= limit else ""
        chars = max(1, chars * limit // _utf16(escaped) - 1)


def _href(url: str | None) -> str | None:
    if not url or not re.match(r"https?://[^\s<>\"]+$", url) or printable(url) != url or "@" in url.split("/")[2]:
        return None  # a link with controls or credentials in it is not shown
    href = html.escape(url, quote=True)
    return href if len(href) <= URL_CHARS else None


def source_html(c: Citation, lang: str) -> str:
    """Return "[n] Outlet — Title (date)" with the title (or outlet) linked to the article."""
    outlet = esc(c.source or c.article_id, TITLE_CHARS)
    title = esc(c.title, TITLE_CHARS) if c.title else None
    href = _href(c.url)
    if href and title:
        title = f'<a href="{href}">{title}</a>'
    elif href:
        outlet = f'<a href="{href}">{outlet}</a>'
    when = html.escape(format_date(c.published, lang), quote=False)
    return f"[{c.n}] {outlet}" + (f" — {title}" if title else "") + f" ({when})"


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def pack(paragraphs: Sequence[str], limit: int = MAX_MESSAGE) -> list[Html]:
    """Join paragraphs into as few messages as fit, splitting between paragraphs, else lines.

    Measured on the HTML source in UTF-16 units, which is never less than what
    Telegram counts, so a packed message is never "too long".
    """
    lines_out: list[str] = []
    for para in paragraphs:
        if _utf16(para) <= limit:
            lines_out.append(para)
            continue
        # Lines are bounded by construction; one that is not (an echo of user input) is cut.
        lines_out.extend(line if _utf16(line) <= limit else _cut(line, limit) for line in para.split("\n"))
    messages: list[str] = []
    current = ""
    for piece in lines_out:
        sep = "\n\n" if piece in paragraphs else "\n"
        joined = f"{current}{sep}{piece}" if current else piece
        if _utf16(joined) <= limit:
            current = joined
            continue
        if current:
            messages.append(current)
        # Lines are bounded by construction (see `esc`); never cut inside markup.
        current = piece
    if current:
        messages.append(current)
    return [Html(m) for m in messages]


def _cut(line: str, limit: int) -> str:
    """Return an over-long HTML line as plain text within `limit` (its markup cannot be cut safely)."""
    text = html.unescape(re.sub(r"<[^>]*>", "", line))
    return esc(text, limit)


def fits(text: str, limit: int = MAX_MESSAGE) -> bool:
    """Tell whether `text` fits in one message."""
    return _utf16(text) <= limit


def fit(replies: Sequence[Reply], limit: int = MAX_MESSAGE) -> list[Reply]:
    """Return the replies with any message over Telegram's limit split (the keyboard on the last part)."""
    out: list[Reply] = []
    for reply in replies:
        if _utf16(reply.text) <= limit:
            out.append(reply)
        else:
            out.extend(_with_keyboard(pack(reply.text.split("\n\n"), limit), reply.keyboard))
    return out


def _with_keyboard(messages: list[Html], keyboard: InlineKeyboardMarkup | None) -> list[Reply]:
    return [Reply(m, keyboard if i == len(messages) - 1 else None) for i, m in enumerate(messages)]


# -- answers --------------------------------------------------------------------------


def _focus(answer: Answer) -> list[str]:
    return [w for p in answer.places for w in (p.matched, p.name) if w]


def _statement_html(text: str, citations: dict[int, Citation], ns: Sequence[int], focus: list[str]) -> str:
    for n in ns:
        quote = citations[n].quote if n in citations else ""
        if quote and quote in text and len(quote) > QUOTE_CHARS:
            text = text.replace(quote, shorten(quote, QUOTE_CHARS, focus))
    return esc(text, LINE_CHARS, focus)


def _caveat_html(c: Caveat) -> str:
    return f"{CAVEAT_ICONS.get(c.kind, '⚠️')} {esc(c.text, LINE_CHARS)}"


def answer_paragraphs(answer: Answer) -> list[str]:
    """Return the answer as HTML paragraphs: lead, caveats, numbered sources."""
    if answer.status == "not_found" or not answer.citations:
        return [esc(line) for line in answer.answer.split("\n") if line.strip()]
    cited = {c.n: c for c in answer.citations}
    focus = _focus(answer)
    paragraphs = []
    for s in answer.statements:
        body = _statement_html(s.text, cited, s.citations, focus)
        paragraphs.append(f"<b>{body}</b>" if not s.citations else body)
    if answer.caveats:
        paragraphs.append("\n".join(_caveat_html(c) for c in answer.caveats))
    sources = [f"<b>{t(answer.lang, 'sources_label')}</b>"]
    sources.extend(source_html(c, answer.lang) for c in answer.citations)
    paragraphs.append("\n".join(sources))
    return paragraphs


def answer_keyboard(answer: Answer, answer_id: str) -> InlineKeyboardMarkup:
    """Return "Show passage [n]" per citation, "More sources" and 👍/👎."""
    lang = answer.lang
    passage = [
        InlineKeyboardButton(t(lang, "btn_passage", n=c.n), callback_data=button_data("p", answer_id, str(c.n)))
        for c in answer.citations
    ]
    rows = [passage[i : i + PASSAGE_BUTTONS_PER_ROW] for i in range(0, len(passage), PASSAGE_BUTTONS_PER_ROW)]
    if answer.more:
        label = t(lang, "btn_more", count=len(answer.more))
        rows.append([InlineKeyboardButton(label, callback_data=button_data("m", answer_id, "all"))])
    rows.append(
        [
            InlineKeyboardButton("👍", callback_data=button_data("v", answer_id, "up")),
            InlineKeyboardButton("👎", callback_data=button_data("v", answer_id, "down")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def answer_replies(answer: Answer, answer_id: str | None) -> list[Reply]:
    """Return the messages of an answer; the keyboard rides on the last one (none without an answer id)."""
    keyboard = answer_keyboard(answer, answer_id) if answer_id is not None else None
    return _with_keyboard(pack(answer_paragraphs(answer)), keyboard)


def passage_reply(c: Citation, passage: str | None, lang: str) -> Reply:
    """Return the whole cited passage, the quoted sentence in bold, with its source link."""
    if passage is None:
        return Reply(t(lang, "passage_removed"))
    passage = printable(passage)
    head = source_html(c, lang)
    chars = PASSAGE_CHARS
    while True:
        text = passage if len(passage) <= chars else shorten(passage, chars, [c.quote[:40]])
        i = text.find(c.quote) if c.quote else -1
        if i >= 0:
            body = (
                html.escape(text[:i], quote=False)
                + "<b>" + html.escape(c.quote, quote=False) + "</b>"
                + html.escape(text[i + len(c.quote) :], quote=False)
            )
        else:
            body = html.escape(text, quote=False)
        message = f"{head}\n\n<blockquote>{body}</blockquote>"
        if _utf16(message) <= MAX_MESSAGE or chars < 100:
            return Reply(Html(message if _utf16(message) <= MAX_MESSAGE else head))
        chars = chars * 2 // 3


def more_replies(more: Sequence[Citation], answer_id: str, lang: str) -> list[Reply]:
    """Return the further sources, each with a short quote, and their passage buttons."""
    if not more:
        return [Reply(t(lang, "more_none"))]
    paragraphs = [str(t(lang, "more_head"))]
    paragraphs += [f"{source_html(c, lang)}\n<i>{esc(c.quote, QUOTE_CHARS)}</i>" for c in more]
    buttons = [
        InlineKeyboardButton(t(lang, "btn_passage", n=c.n), callback_data=button_data("p", answer_id, str(c.n)))
        for c in more
    ]
    rows = [buttons[i : i + PASSAGE_BUTTONS_PER_ROW] for i in range(0, len(buttons), PASSAGE_BUTTONS_PER_ROW)]
    return _with_keyboard(pack(paragraphs), InlineKeyboardMarkup(rows))


# -- timelines and notifications -------------------------------------------------------


def claim_line(claim: Claim, citation: Citation, lang: str, where: str | None = None) -> str:
    """Return one timeline entry: date, who claims which side did what, and the source.

    `where` names the settlement ("Rubizhne, Luhansk oblast") when the timeline's
    claims are about several places of one name.
    """
    when = html.escape(format_date(claim.claim_date, lang), quote=False)
    who = esc(claim.claimant or citation.source or citation.article_id, TITLE_CHARS)
    place = f"{claim.place} ({where})" if where else claim.place
    what = " ".join(part for part in (claim.side, claim.action, place) if part)
    hedges = f" <i>({esc(', '.join(claim.hedges), TITLE_CHARS)})</i>" if claim.hedges else ""
    quote = esc(citation.quote, QUOTE_CHARS, focus=[claim.place])
    return f"<b>{when}</b> — {who}: {esc(what, TITLE_CHARS)}{hedges} [{citation.n}]\n<i>“{quote}”</i>"


def timeline_replies(
    place: str,
    entries: Sequence[tuple[Claim, Citation]],
    lang: str,
    omitted: int = 0,
    places: dict[str, str] | None = None,
) -> list[Reply]:
    """Return a place's claim history, newest first, with a numbered source list.

    `places` names each claim's settlement by its place id (Engine.place_labels),
    when the claims are about several places of one name.
    """
    if not entries:
        return [Reply(t(lang, "timeline_empty", place=place))]
    where = places or {}
    paragraphs = [str(t(lang, "timeline_head", place=shorten(place, TITLE_CHARS)))]
    paragraphs += [claim_line(claim, c, lang, where.get(claim.place_id or "")) for claim, c in entries]
    if omitted:
        paragraphs.append(str(t(lang, "timeline_more", count=omitted)))
    seen: dict[int, Citation] = {c.n: c for _, c in entries}
    sources = [f"<b>{t(lang, 'sources_label')}</b>"] + [source_html(c, lang) for c in seen.values()]
    paragraphs.append("\n".join(sources))
    return [Reply(m) for m in pack(paragraphs)]


def notification_replies(place: str, answer: Answer, answer_id: str) -> list[Reply]:
    """Return a watch notification: a header, then the new claim as a cited, caveated answer."""
    head = str(t(answer.lang, "notify_head", place=shorten(place, TITLE_CHARS)))
    return _with_keyboard(pack([head] + answer_paragraphs(answer)), answer_keyboard(answer, answer_id))


# -- maps -------------------------------------------------------------------------------


def map_paragraphs(cmap: ControlMap, labelled: int) -> list[str]:
    """Return a map's caption as HTML paragraphs: counts, what marks are, numbered sources."""
    text = cmap.caption(labelled)
    head, _, sources = text.partition("\n\n")
    paragraphs = [esc(line) for line in head.split("\n") if line.strip()]
    lines = sources.split("\n")
    paragraphs.append("\n".join([f"<b>{esc(lines[0])}</b>", *(esc(line) for line in lines[1:])]))
    return paragraphs


def map_caption(cmap: ControlMap, labelled: int) -> tuple[Html, list[Html]]:
    """Return the photo's caption (within Telegram's 1,024 characters) and the follow-up messages."""
    paragraphs = map_paragraphs(cmap, labelled)
    pieces = [line for para in paragraphs for line in para.split("\n")]
    caption = ""
    used = 0
    for i, piece in enumerate(pieces):
        joined = f"{caption}\n{piece}" if caption else piece
        if _utf16(joined) > MAX_CAPTION:
            break
        caption, used = joined, i + 1
    rest = pieces[used:]
    # Pieces are whole lines and every tag opens and closes on its line: no cut inside markup.
    return Html(caption), pack(["\n".join(rest)]) if rest else []


def map_source_records(cmap: ControlMap) -> list[dict[str, Any]]:
    """Return a map's numbered sources for the answer store (the "Sources" button reads them)."""
    return [{"n": s.n, "line": s.line(cmap.lang), "map": True} for s in cmap.sources]


def map_keyboard(cmap: ControlMap, map_id: str) -> InlineKeyboardMarkup:
    """Return the map's "Sources (n)" button."""
    label = t(cmap.lang, "btn_map_sources", count=len(cmap.sources))
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=button_data("s", map_id, "all"))]])


def map_sources_replies(stored: dict[str, Any]) -> list[Reply]:
    """Return the numbered source list of a stored map as text messages."""
    lang = str(stored["lang"])
    head = t(lang, "map_sources_head", what=str(stored["question"]))
    lines = [esc(str(r["line"])) for r in stored["citations"] if r.get("map")]
    return [Reply(m) for m in pack(["\n".join([head, *lines])])]
