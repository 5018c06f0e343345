"""Article formats → `Article`: a ``.jsonl`` line, plain text or Markdown with front matter, an HTML page.

Each parser takes the whole item as text (or bytes, for HTML) and says where
it came from, so that anything it cannot read comes out as a `BadArticle` with
a one-line reason a user can act on. trafilatura is imported inside
`parse_html`: importing this module has to stay cheap.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from index.articles.common import (
    KNOWN_FIELDS,
    STRING_FIELDS,
    build_article,
    clean_text,
    string_field,
    title_from_first_line,
)
from index.errors import BadArticle
from index.models import Article

logger = logging.getLogger(__name__)

_FRONT_MATTER_LINE_RE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_HTML_LANG_RE = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)


# --------------------------------------------------------------------------- jsonl


def parse_jsonl_line(line: str, where: str) -> Article:
    """Parse one line of a ``.jsonl`` article file (CONTRACTS.md, "Article input").

    Args:
        line: the line, with or without its newline. Must not be blank.
        where: where the line comes from, ``"path:LINE"``; used in errors.

    Returns:
        The Article. Fields outside the contract go to `metadata`; a `published`
        that is not a ``YYYY-MM-DD`` date leaves `published` None and is kept in
        ``metadata["published_raw"]``.

    Raises:
        BadArticle: the line is not valid JSON, not a JSON object, has no
            `text`, or a contract field has the wrong type.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadArticle(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise BadArticle(where, "not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise BadArticle(where, f"not a JSON object (found {type(data).__name__})")
    _check_encodable(data, where)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise BadArticle(where, f"'text' must be a string, not {type(text).__name__}")
    text = clean_text(text or "")
    if not text:
        raise BadArticle(where, "no text")
    fields: dict[str, Any] = {
        key: string_field(where, key, data.get(key)) for key in STRING_FIELDS
    }
    fields["published"] = data.get("published")
    fields["published_inferred"] = data.get("published_inferred")
    extra = {key: value for key, value in data.items() if key not in KNOWN_FIELDS}
    return build_article(text, fields, extra)


def _check_encodable(data: dict[str, Any], where: str) -> None:
    """Refuse a line whose strings cannot be stored: a lone surrogate escape ("\\ud800") or deep nesting."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
        code = f" (U+{ord(bad[0]):04X})" if bad else ""
        raise BadArticle(where, f"not valid Unicode: a lone surrogate escape{code}") from None
    except RecursionError:
        raise BadArticle(where, "not valid JSON (nested too deeply)") from None


# --------------------------------------------------------------------------- txt / md


def _front_matter_value(raw: str) -> str | bool | None:
    value = raw.strip()
    if value in ("null", "~", ""):
        return None
    if value in ("true", "false"):
        return value == "true"
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError:
            return value[1:-1]
        return decoded if isinstance(decoded, str) else value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")  # YAML's only escape in single quotes
    return value


def _split_front_matter(text: str, where: str) -> tuple[dict[str, str | bool | None], str]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    # Find the closing line first, so a forgotten `---` is reported as such
    # rather than as the first body sentence not being `key: value`.
    close = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if close is None:
        raise BadArticle(where, "front matter opened with '---' on line 1 is never closed")
    values: dict[str, str | bool | None] = {}
    for number, line in enumerate(lines[1:close], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FRONT_MATTER_LINE_RE.fullmatch(line.strip())
        if not match:
            raise BadArticle(where, f"front matter line {number} is not 'key: value'")
        values[match[1]] = _front_matter_value(match[2])
    return values, "\n".join(lines[close + 1 :])


def parse_text(text: str, where: str, fmt: str = "txt") -> Article:
    """Parse a plain-text or Markdown article with optional front matter.

    Front matter sits between a first line ``---`` and the next ``---`` line,
    one ``key: value`` per line (values may be ``null``, ``true``/``false`` or
    quoted). Keys id, title, url, source, published, published_inferred and
    lang fill the Article; others go to `metadata`. Without a title, the first
    non-empty line is the title (and stays in the text).

    Args:
        text: the whole file as text.
        where: the file name or URL, used in errors.
        fmt: ``"txt"`` or ``"md"``; for Markdown, ``#`` marks are dropped from
            a title taken from the first line.

    Returns:
        The Article; its text is the body after the front matter.

    Raises:
        BadArticle: the front matter is malformed or there is no body text.
    """
    text = clean_text(text.removeprefix("\ufeff"))
    if not text:
        raise BadArticle(where, "empty file")
    header, body = _split_front_matter(text, where)
    body = clean_text(body)
    if not body:
        raise BadArticle(where, "no text after the front matter" if header else "empty file")
    fields: dict[str, Any] = {}
    for key in STRING_FIELDS:
        value = header.get(key)
        # `title: true` is odd but is still what the author wrote.
        fields[key] = str(value).lower() if isinstance(value, bool) else value
    fields["published"] = header.get("published")
    fields["published_inferred"] = header.get("published_inferred")
    if not fields["title"]:
        fields["title"] = title_from_first_line(body, fmt)
    extra = {key: value for key, value in header.items() if key not in KNOWN_FIELDS}
    return build_article(body, fields, extra)


# --------------------------------------------------------------------------- html


def parse_html(html: str | bytes, url: str | None, where: str) -> Article:
    """Extract an article's main text and metadata from an HTML page (trafilatura).

    Navigation, scripts, styles and comments are left out; the title, date,
    site name and language come from the page when it states them.

    Args:
        html: the page; bytes are decoded by trafilatura from the page's charset.
        url: the page's URL, if known (also fills `source` when the page names no site).
        where: the file name or URL, used in errors.

    Returns:
        The Article, with `published_inferred` False (a stated or metadata date).

    Raises:
        BadArticle: trafilatura finds no main text.
    """
    import trafilatura  # heavy: lxml, htmldate, justext

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except (ValueError, TypeError, LookupError) as exc:
        # Malformed markup or an unknown charset should read as bad input, not a crash.
        logger.warning("trafilatura failed on %s", where, exc_info=True)
        raise BadArticle(where, f"could not parse the HTML ({exc})") from None
    # bare_extraction gives a Document, or a dict with as_dict=True; read both alike.
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = clean_text(meta.get("text") or "")
    if not text:
        raise BadArticle(where, "no article text found in the HTML")
    lang = meta.get("language")
    if not lang:
        head = html[:4096] if isinstance(html, bytes) else html[:4096].encode("utf-8", "replace")
        match = _HTML_LANG_RE.search(head)
        lang = match[1].decode("ascii") if match else None
    sitename = (meta.get("sitename") or "").strip()
    title = meta.get("title")
    fields: dict[str, Any] = {
        "id": None,
        "url": url,
        "source": sitename.removeprefix("www.") or None,
        "title": clean_text(title or "") or None,
        "lang": lang,
        "published": meta.get("date"),
        "published_inferred": False,
    }
    return build_article(text, fields, {})
