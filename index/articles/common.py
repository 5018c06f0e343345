"""What every reader of articles shares: clean text, field checks, the Article built from them.

Everything the readers let through is an `Article` whose `text` is exactly
what later stages will quote, so the only changes made to a body are the
harmless ones: Unicode NFC, line endings folded to ``\\n`` and outer white
space stripped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from index.errors import BadArticle
from index.models import Article, content_hash
from index.printable import printable

MAX_ARTICLE_BYTES = 2_000_000

# The fields of CONTRACTS.md "Article input"; anything else goes to metadata.
STRING_FIELDS = ("id", "url", "source", "title", "lang")
KNOWN_FIELDS = frozenset(STRING_FIELDS + ("text", "published", "published_inferred"))
_TITLE_MAX_CHARS = 200

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")


def article_id_for(url: str | None, text: str) -> str:
    """Return the id of an article that was given none: ``"a-"`` + its content hash.

    Args:
        url: the article's URL, if any. It does not enter the id: the same text
            reached through two URLs (a syndicated copy) is one article, and the
            store matches re-fetched URLs itself.
        text: the article's text; re-wrapped copies of it get the same id
            (see `index.models.content_hash`).

    Returns:
        ``"a-"`` followed by 16 hex digits.
    """
    del url  # part of the signature so callers need not know what the id depends on
    return "a-" + content_hash(text)[:16]


def clean_text(text: str) -> str:
    # Only changes that cannot alter a quote a reader would recognise: inner
    # text stays byte-for-byte, but for escape sequences and invisible
    # control characters (see `index.printable`), so citations remain verbatim
    # substrings and never carry those to a terminal or a message.
    text = unicodedata.normalize("NFC", text)
    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def one_line(value: str | None) -> str | None:
    """Return a metadata field (title, outlet, URL) as one printable line, or None when empty."""
    if value is None:
        return None
    return " ".join(printable(unicodedata.normalize("NFC", value), keep_newlines=False).split()) or None


def without_credentials(url: str | None) -> str | None:
    """Return `url` without a ``user:password@`` part: it must never be stored, shown or cited."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def parse_date(value: str) -> date | None:
    match = _DATE_RE.fullmatch(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2022-02-30 and the like
        return None


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def too_big(what: str, size: int, limit: int) -> str:
    return f"{what} is {megabytes(size)}, over the {megabytes(limit)} limit"


def title_from_first_line(text: str, fmt: str) -> str | None:
    for line in text.split("\n"):
        line = line.strip()
        if fmt == "md":
            line = line.lstrip("#").strip()
        if line:
            # A file that opens with a paragraph rather than a headline would
            # otherwise make a whole paragraph the title shown in citations.
            if len(line) > _TITLE_MAX_CHARS:
                line = line[:_TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
            return line
    return None


def build_article(text: str, fields: dict[str, Any], extra: dict[str, Any]) -> Article:
    """Turn checked field values into an Article, filling id, source and dates."""
    metadata = dict(extra)
    published: date | None = None
    raw_published = fields.get("published")
    if raw_published is not None:
        published = parse_date(str(raw_published)) if not isinstance(raw_published, bool) else None
        if published is None:
            # A bad date must not cost the article; keep what was written.
            metadata["published_raw"] = raw_published
    inferred = fields.get("published_inferred")
    if inferred is not None and not isinstance(inferred, bool):
        metadata["published_inferred_raw"] = inferred
        inferred = None
    url = one_line(without_credentials(fields.get("url")))
    source = one_line(fields.get("source")) or domain(url)
    lang = fields.get("lang")
    return Article(
        id=one_line(fields.get("id")) or article_id_for(url, text),
        text=text,
        url=url,
        source=source,
        published=published,
        published_inferred=bool(inferred),
        title=one_line(fields.get("title")),
        lang=lang.lower() if lang else None,
        metadata=metadata,
    )


def string_field(where: str, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadArticle(where, f"'{key}' must be a string or null, not {type(value).__name__}")
    return str(value).strip() or None

