"""Files, URLs and feeds → `Article`.

The leftmost stage of the engine. Everything it lets through is an `Article`
whose `text` is exactly what later stages will quote, so the only changes made
to a body are the harmless ones: Unicode NFC, line endings folded to ``\\n`` and
outer whitespace stripped. Anything that cannot be read comes out as a
`BadArticle` (or `FetchError`) with a one-line reason a user can act on.

trafilatura, feedparser and httpx are imported inside the functions that need
them: importing this module has to stay cheap for the bot and the CLI.
"""

from __future__ import annotations

import html as html_lib
import ipaddress
import json
import logging
import os
import re
import socket
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urljoin, urlsplit, urlunsplit

from index.errors import BadArticle, FetchError
from index.models import Article, content_hash

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 2_000_000
MAX_REDIRECTS = 5

SUPPORTED_SUFFIXES = (".jsonl", ".txt", ".md", ".html", ".htm")
# The fields of CONTRACTS.md "Article input"; anything else goes to metadata.
_STRING_FIELDS = ("id", "url", "source", "title", "lang")
_KNOWN_FIELDS = frozenset(_STRING_FIELDS + ("text", "published", "published_inferred"))
_TITLE_MAX_CHARS = 200

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_FRONT_MATTER_LINE_RE = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_HTML_LANG_RE = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Signatures of common non-text files that may slip in without a NUL byte early on.
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class FeedEntry:
    """One item of an RSS or Atom feed: where to fetch it and what the feed says of it."""

    url: str
    title: str | None
    published: date | None
    summary: str


# --------------------------------------------------------------------------- ids and text


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


def _clean_text(text: str) -> str:
    # Only changes that cannot alter a quote a reader would recognise: inner
    # text stays byte-for-byte so citations remain verbatim substrings.
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _parse_date(value: str) -> date | None:
    match = _DATE_RE.fullmatch(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2022-02-30 and the like
        return None


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _too_big(what: str, size: int, limit: int) -> str:
    return f"{what} is {_megabytes(size)}, over the {_megabytes(limit)} limit"


def _title_from_first_line(text: str, fmt: str) -> str | None:
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


def _build_article(text: str, fields: dict[str, Any], extra: dict[str, Any]) -> Article:
    """Turn checked field values into an Article, filling id, source and dates."""
    metadata = dict(extra)
    published: date | None = None
    raw_published = fields.get("published")
    if raw_published is not None:
        published = _parse_date(str(raw_published)) if not isinstance(raw_published, bool) else None
        if published is None:
            # A bad date must not cost the article; keep what was written.
            metadata["published_raw"] = raw_published
    inferred = fields.get("published_inferred")
    if inferred is not None and not isinstance(inferred, bool):
        metadata["published_inferred_raw"] = inferred
        inferred = None
    url = fields.get("url")
    source = fields.get("source") or _domain(url)
    lang = fields.get("lang")
    return Article(
        id=fields.get("id") or article_id_for(url, text),
        text=text,
        url=url,
        source=source,
        published=published,
        published_inferred=bool(inferred),
        title=fields.get("title"),
        lang=lang.lower() if lang else None,
        metadata=metadata,
    )


def _string_field(where: str, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadArticle(where, f"'{key}' must be a string or null, not {type(value).__name__}")
    return str(value).strip() or None


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
    if not isinstance(data, dict):
        raise BadArticle(where, f"not a JSON object (found {type(data).__name__})")
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise BadArticle(where, f"'text' must be a string, not {type(text).__name__}")
    text = _clean_text(text or "")
    if not text:
        raise BadArticle(where, "no text")
    fields: dict[str, Any] = {
        key: _string_field(where, key, data.get(key)) for key in _STRING_FIELDS
    }
    fields["published"] = data.get("published")
    fields["published_inferred"] = data.get("published_inferred")
    extra = {key: value for key, value in data.items() if key not in _KNOWN_FIELDS}
    return _build_article(text, fields, extra)


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
    text = _clean_text(text.removeprefix("\ufeff"))
    if not text:
        raise BadArticle(where, "empty file")
    header, body = _split_front_matter(text, where)
    body = _clean_text(body)
    if not body:
        raise BadArticle(where, "no text after the front matter" if header else "empty file")
    fields: dict[str, Any] = {}
    for key in _STRING_FIELDS:
        value = header.get(key)
        # `title: true` is odd but is still what the author wrote.
        fields[key] = str(value).lower() if isinstance(value, bool) else value
    fields["published"] = header.get("published")
    fields["published_inferred"] = header.get("published_inferred")
    if not fields["title"]:
        fields["title"] = _title_from_first_line(body, fmt)
    extra = {key: value for key, value in header.items() if key not in _KNOWN_FIELDS}
    return _build_article(body, fields, extra)


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
    text = _clean_text(meta.get("text") or "")
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
        "title": _clean_text(title or "") or None,
        "lang": lang,
        "published": meta.get("date"),
        "published_inferred": False,
    }
    return _build_article(text, fields, {})


# --------------------------------------------------------------------------- files


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data or data.startswith(_BINARY_MAGIC)


def _decode(data: bytes, where: str) -> str:
    """Decode a file's bytes as UTF-8, telling a binary file from a mis-encoded one."""
    if _looks_binary(data):
        raise BadArticle(where, "binary file, not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = data[:8192]
        controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f\x1b")
        # Text in a legacy code page has few control bytes; images and archives have many.
        if controls > len(sample) // 20:
            raise BadArticle(where, "binary file, not an article") from None
        raise BadArticle(
            where, f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from None


def _jsonl_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line) with lines over `limit` bytes as None, never held whole."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            # Skip the rest of the oversized line in bounded pieces.
            while (more := handle.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, raw


def _read_jsonl(path: Path) -> Iterator[Article | BadArticle]:
    where = str(path)
    # A jsonl file is a collection, so the size limit applies to each article
    # (line), not to the file: a whole corpus may come as one file.
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield BadArticle(where, f"could not read ({exc.strerror or exc})")
        return
    with handle:
        if _looks_binary(handle.read(8192)):
            yield BadArticle(where, "binary file, not an article")
            return
        handle.seek(0)
        seen_any = False
        for number, raw in _jsonl_lines(handle, MAX_ARTICLE_BYTES):
            line_where = f"{where}:{number}"
            if raw is None:
                seen_any = True
                yield BadArticle(
                    line_where, f"line is over the {_megabytes(MAX_ARTICLE_BYTES)} limit"
                )
                continue
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM from Windows editors
            if not raw.strip():
                continue
            seen_any = True
            try:
                yield parse_jsonl_line(_decode(raw, line_where), line_where)
            except BadArticle as bad:
                yield bad
        if not seen_any:
            yield BadArticle(where, "empty file")


def read_file(path: Path) -> Iterator[Article | BadArticle]:
    """Read one article file, choosing the reader by its extension.

    Args:
        path: a ``.jsonl``, ``.txt``, ``.md``, ``.html`` or ``.htm`` file.

    Yields:
        Each Article read, or a BadArticle for each thing rejected: a bad
        ``.jsonl`` line is reported alone (where ``"path:LINE"``) and the good
        lines still come through. Never raises for bad input.
    """
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    if not path.exists():
        yield BadArticle(where, "no such file or folder")
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield BadArticle(
            where,
            f"unsupported file type '{path.suffix or path.name}' "
            "(use .jsonl, .txt, .md, .html or .htm)",
        )
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            yield BadArticle(where, _too_big("file", size, MAX_ARTICLE_BYTES))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield BadArticle(where, f"could not read ({exc.strerror or exc})")
        return
    if not data.strip():
        yield BadArticle(where, "empty file")
        return
    try:
        if suffix in (".html", ".htm"):
            if _looks_binary(data):
                raise BadArticle(where, "binary file, not an article")
            yield parse_html(data, None, where)
        else:
            yield parse_text(_decode(data, where), where, fmt=suffix[1:])
    except BadArticle as bad:
        yield bad


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    # os.walk does not follow symlinked folders, so a link loop cannot hang ingest.
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editor caches
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def read_paths(paths: Sequence[str | Path]) -> Iterator[Article | BadArticle]:
    """Read article files and folders.

    Folders are read recursively, files in path order, keeping only
    ``.jsonl .txt .md .html .htm`` files (others, and hidden files, are skipped
    silently). A file named explicitly with another extension is rejected.

    Args:
        paths: files and folders, in the order to read them.

    Yields:
        Each Article, or a BadArticle describing a rejected file or line
        (e.g. "no such file or folder", "binary file, not an article").
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = _walk(path)
            logger.debug("%s: %d article files", path, len(files))
            for file in files:
                yield from read_file(file)
        else:
            yield from read_file(path)


# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class _Fetched:
    url: str
    content_type: str
    charset: str | None
    body: bytes


def _checked_addresses(host: str, port: int, where: str, allow_private: bool) -> list[str]:
    """Resolve `host` and return its addresses, refusing any that are not public.

    Every address is checked, not just the first: a name that resolves to one
    public and one internal address could otherwise reach the internal one.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
        raise FetchError(where, f"could not reach {host} ({reason})") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address in addresses:
            continue
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        internal = (
            ip.is_loopback
            or ip.is_private
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
            or not ip.is_global  # shared address space 100.64/10 and the like
        )
        if internal and not allow_private:
            raise FetchError(
                where, f"refusing to fetch {host}: it resolves to a non-public address ({ip})"
            )
        addresses.append(address)
    if not addresses:
        raise FetchError(where, f"could not reach {host} (no address found)")
    return addresses


def _connection_reason(exc: Exception, timeout: float) -> str:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g} s"
    text = str(exc) or type(exc).__name__
    return re.sub(r"^\[Errno -?\d+\]\s*", "", text)


def _get_once(
    client: httpx.Client,
    url: str,
    where: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool,
    deadline: float,
) -> tuple[int, str, httpx.Headers, bytes]:
    """GET one URL without following redirects; return status, reason, headers, body."""
    import httpx

    parts = urlsplit(url)
    try:
        # Headers and the TLS server name are ASCII; an internationalised name goes as IDNA.
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(where, "the URL has an invalid host name") from None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _checked_addresses(host, port, where, allow_private)
    bracketed = f"[{host}]" if ":" in host else host
    host_header = f"{bracketed}:{parts.port}" if parts.port else bracketed
    last_error: Exception | None = None
    for address in addresses:
        # Connect to the address just checked rather than letting httpx resolve
        # the name again: a second DNS answer could point inside (DNS rebinding).
        # The Host header and TLS server name keep the real host name.
        literal = f"[{address}]" if ":" in address else address
        pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
        try:
            with client.stream(
                "GET",
                pinned,
                headers={"Host": host_header},
                extensions={"sni_hostname": host},
            ) as response:
                if response.status_code in _REDIRECT_STATUSES:
                    return response.status_code, response.reason_phrase, response.headers, b""
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise FetchError(where, _too_big("the response", int(length), max_bytes))
                body = bytearray()
                # Count decoded bytes, so a small compressed bomb is stopped too.
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(
                            where, f"the response is over the {_megabytes(max_bytes)} limit"
                        )
                    # httpx's timeout is per read; a server dripping bytes would never trip it.
                    if time.monotonic() > deadline:
                        raise FetchError(where, f"could not reach {host} (timed out)")
                return response.status_code, response.reason_phrase, response.headers, bytes(body)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            last_error = exc
            continue
        except httpx.TimeoutException as exc:
            reason = _connection_reason(exc, timeout)
            raise FetchError(where, f"could not reach {host} ({reason})") from exc
        except httpx.HTTPError as exc:
            reason = _connection_reason(exc, timeout)
            raise FetchError(where, f"could not fetch from {host} ({reason})") from exc
    assert last_error is not None
    raise FetchError(where, f"could not reach {host} ({_connection_reason(last_error, timeout)})")


def _fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> _Fetched:
    """Fetch a URL's body under the scheme, address, redirect, size and time rules."""
    import httpx

    where = url
    current = url.strip()
    deadline = time.monotonic() + timeout * 2  # whole-download budget, beyond per-read timeouts
    # trust_env=False: a proxy from the environment would connect on our behalf
    # and bypass the address check.
    with httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": "frontline/0.1 (+article ingest)"},
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme.lower() not in ("http", "https"):
                raise FetchError(where, "only http and https URLs can be fetched")
            if not parts.hostname:
                raise FetchError(where, "the URL has no host name")
            try:
                _ = parts.port  # urlsplit checks the port only when asked
            except ValueError:
                raise FetchError(where, "the URL has an invalid port") from None
            status, reason, headers, body = _get_once(
                client,
                current,
                where,
                timeout=timeout,
                max_bytes=max_bytes,
                allow_private=allow_private,
                deadline=deadline,
            )
            if status in _REDIRECT_STATUSES and headers.get("location"):
                target = urljoin(current, headers["location"])
                logger.info("%s redirects to %s", current, target)
                current = target
                continue
            if not 200 <= status < 300:
                raise FetchError(where, f"the server answered {status} {reason}".rstrip())
            content_type = headers.get("content-type", "")
            mime = content_type.split(";", 1)[0].strip().lower()
            charset_match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
            return _Fetched(current, mime, charset_match[1] if charset_match else None, body)
    raise FetchError(where, f"too many redirects (more than {MAX_REDIRECTS})")


def fetch_url(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = MAX_ARTICLE_BYTES,
    allow_private: bool = False,
) -> Article:
    """Fetch one web page or text file and read it as an article.

    Only http and https are fetched. Each host (also after each redirect, at
    most five) is resolved and refused when any address is loopback, private,
    link-local, multicast, reserved or unspecified, so an admin's URL cannot
    reach services inside our network; the connection goes to the checked
    address. HTML is read by `parse_html`, ``text/plain`` by `parse_text`.

    Args:
        url: the http(s) URL.
        timeout: seconds allowed for connecting and for each read.
        max_bytes: the largest body accepted (after decompression).
        allow_private: allow internal addresses (tests, trusted intranets).

    Returns:
        The Article; its `url` is the final URL after redirects.

    Raises:
        FetchError: refused scheme or address, unreachable host, timeout,
            non-2xx status, too many redirects, body over `max_bytes`,
            unsupported content type, or no article text in the page.
    """
    fetched = _fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    mime = fetched.content_type
    body = fetched.body
    if not body.strip():
        raise FetchError(url, "the server sent an empty page")
    if not mime:
        # No declared type: trust the bytes rather than refuse.
        mime = "text/html" if body.lstrip()[:1] == b"<" else "text/plain"
    try:
        if mime in _HTML_TYPES:
            article = parse_html(body, fetched.url, fetched.url)
        elif mime == "text/plain":
            if b"\x00" in body:
                raise BadArticle(fetched.url, "binary file, not an article")
            try:
                text = body.decode(fetched.charset or "utf-8")
            except (UnicodeDecodeError, LookupError):
                raise BadArticle(
                    fetched.url, f"the text is not valid {fetched.charset or 'UTF-8'}"
                ) from None
            article = parse_text(text, fetched.url, fmt="txt")
        else:
            raise BadArticle(
                fetched.url, f"unsupported content type {mime} (expected HTML or plain text)"
            )
    except FetchError:
        raise
    except BadArticle as bad:
        raise FetchError(url, bad.reason) from None
    return replace(article, url=fetched.url, source=article.source or _domain(fetched.url))


def _plain(text: str) -> str:
    return " ".join(html_lib.unescape(_TAG_RE.sub(" ", text)).split())


def fetch_feed(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = MAX_ARTICLE_BYTES,
    allow_private: bool = False,
) -> list[FeedEntry]:
    """Fetch an RSS or Atom feed and list its entries (feedparser).

    Fetching follows the same rules as `fetch_url`. Entries without a link are
    left out, since there is nothing to fetch for them.

    Args:
        url: the feed's http(s) URL.
        timeout, max_bytes, allow_private: as for `fetch_url`.

    Returns:
        The entries in feed order; each `url` absolute, `published` the entry's
        publication (or update) date when given, `summary` as plain text.

    Raises:
        FetchError: as for `fetch_url`, or "not an RSS or Atom feed".
    """
    import io

    import feedparser

    fetched = _fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    # A file object, never bytes or str: feedparser would treat a string body as
    # a URL or a local path to open.
    headers = {"content-location": fetched.url}
    if fetched.content_type:
        headers["content-type"] = fetched.content_type
    parsed = feedparser.parse(io.BytesIO(fetched.body), response_headers=headers)
    if not parsed.get("version"):
        raise FetchError(url, "not an RSS or Atom feed")
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            logger.debug("%s: entry without a link skipped", url)
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        title = _plain(entry.get("title") or "")
        entries.append(
            FeedEntry(
                url=urljoin(fetched.url, link),
                title=title or None,
                published=date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None,
                summary=_plain(entry.get("summary", "")),
            )
        )
    return entries
