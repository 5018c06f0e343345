"""URLs → `Article`: fetching under the scheme, address, redirect, size and time rules.

httpx and trafilatura are imported inside the functions that need them:
importing this module has to stay cheap for the bot and the CLI.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
import zlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from index.articles.common import MAX_ARTICLE_BYTES, domain, megabytes, too_big, without_credentials
from index.articles.formats import parse_html, parse_text
from index.errors import BadArticle, FetchError
from index.models import Article

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_ENCODINGS = 3  # Content-Encoding layers undone at most; more is an attack, not a server

_ENCODINGS = frozenset({"gzip", "x-gzip", "deflate"})

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class Fetched:
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


class _TooBig(Exception):
    """A layer of the body decoded to more than the limit."""


class _Inflater:
    """One Content-Encoding layer undone in bounded steps: never more than `limit` bytes out, in all."""

    def __init__(self, coding: str, limit: int) -> None:
        self.coding = coding
        self.limit = limit
        self.produced = 0
        self.started = False
        wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._z = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> bytes:
        if not data or self._z.eof:
            return b""  # bytes after the end of the stream are ignored, as browsers do
        try:
            # max_length bounds the output of this one call: a few compressed
            # bytes can stand for gigabytes, which must never be made whole.
            out = self._z.decompress(data, self.limit - self.produced + 1)
        except zlib.error:
            if self.coding == "deflate" and not self.started:
                # Some servers send raw deflate without the zlib header (httpx accepts both).
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self.started = True
                return self.feed(data)
            raise
        self.started = True
        self.produced += len(out)
        if self.produced > self.limit or self._z.unconsumed_tail:
            raise _TooBig
        return out

    def flush(self) -> bytes:
        out = self._z.flush() if not self._z.eof else b""
        self.produced += len(out)
        if self.produced > self.limit:
            raise _TooBig
        return out


class _Decoder:
    """Undo every layer of Content-Encoding (gzip inside gzip …), each under the same cap."""

    def __init__(self, header: str, limit: int, where: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > MAX_ENCODINGS:
            raise FetchError(where, f"the response is encoded {len(codings)} times over")
        unknown = [c for c in codings if c not in _ENCODINGS]
        if unknown:
            raise FetchError(where, f"unsupported content encoding {unknown[0]!r}")
        # Layers are listed in the order they were applied: undo the last first.
        self.layers = [_Inflater(c, limit) for c in reversed(codings)]
        self.where = where

    def feed(self, data: bytes) -> bytes:
        for layer in self.layers:
            data = layer.feed(data)
        return data

    def flush(self) -> bytes:
        data = b""
        for layer in self.layers:
            data = layer.feed(data) + layer.flush()
        return data


async def _get_once(
    client: httpx.AsyncClient,
    url: str,
    where: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool,
) -> tuple[int, str, httpx.Headers, bytes]:
    """GET one URL without following redirects; return status, reason, headers, decoded body."""
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
            async with client.stream(
                "GET",
                pinned,
                headers={"Host": host_header, "Accept-Encoding": ", ".join(sorted(_ENCODINGS))},
                extensions={"sni_hostname": host},
            ) as response:
                if response.status_code in _REDIRECT_STATUSES:
                    return response.status_code, response.reason_phrase, response.headers, b""
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise FetchError(where, too_big("the response", int(length), max_bytes))
                decoder = _Decoder(response.headers.get("content-encoding", ""), max_bytes, where)
                body = bytearray()
                try:
                    # Raw bytes, decoded here layer by layer under the cap: httpx's own
                    # decoding makes each chunk whole before anything can count it.
                    async for chunk in response.aiter_raw():
                        body += decoder.feed(chunk)
                        if len(body) > max_bytes:
                            raise _TooBig
                    body += decoder.flush()
                except _TooBig:
                    raise FetchError(where, f"the response is over the {megabytes(max_bytes)} limit") from None
                except zlib.error:
                    raise FetchError(where, "the response's compressed body is corrupt") from None
                if len(body) > max_bytes:
                    raise FetchError(where, f"the response is over the {megabytes(max_bytes)} limit")
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


def fetch_bytes(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> Fetched:
    """Fetch a URL's body under the scheme, address, redirect, size and time rules.

    The whole fetch, from the first connection to the last byte of the last
    redirect, has `2 * timeout` seconds: a server sending its headers or its
    body a byte at a time is cut off then, however quick each read is.

    Raises:
        FetchError: refused, unreachable, too slow, too big, or an HTTP error status.
    """
    budget = 2 * timeout
    try:
        return asyncio.run(_fetch_within(url, budget, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private))
    except TimeoutError:
        host = _host_of(url)
        raise FetchError(url, f"could not reach {host} (timed out)") from None


def _host_of(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or url
    except ValueError:
        return url


async def _fetch_within(url: str, budget: float, **kwargs: Any) -> Fetched:
    async with asyncio.timeout(budget):
        return await _fetch(url, **kwargs)


async def _fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> Fetched:
    import httpx

    where = url
    current = url.strip()
    # trust_env=False: a proxy from the environment would connect on our behalf
    # and bypass the address check.
    async with httpx.AsyncClient(
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
            status, reason, headers, body = await _get_once(
                client,
                current,
                where,
                timeout=timeout,
                max_bytes=max_bytes,
                allow_private=allow_private,
            )
            if status in _REDIRECT_STATUSES and headers.get("location"):
                target = urljoin(current, headers["location"])
                logger.info("%s redirects to %s", without_credentials(current), without_credentials(target))
                current = target
                continue
            if not 200 <= status < 300:
                raise FetchError(where, f"the server answered {status} {reason}".rstrip())
            content_type = headers.get("content-type", "")
            mime = content_type.split(";", 1)[0].strip().lower()
            charset_match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
            return Fetched(current, mime, charset_match[1] if charset_match else None, body)
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
        timeout: seconds allowed for connecting and for each read; the whole
            fetch, from connecting to the last byte of the last redirect, gets
            twice as long (a server sending a byte at a time is cut off then).
        max_bytes: the largest body accepted (after decompression).
        allow_private: allow internal addresses (tests, trusted intranets).

    Returns:
        The Article; its `url` is the final URL after redirects (without any
        ``user:password@``), its `source` that URL's host; an outlet the page
        names itself is kept in ``metadata["declared_source"]``.

    Raises:
        FetchError: refused scheme or address, unreachable host, timeout,
            non-2xx status, too many redirects, body over `max_bytes`,
            unsupported content type, or no article text in the page.
    """
    fetched = fetch_bytes(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
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
    # The outlet is the host the page came from: a page's own word for its
    # outlet (og:site_name, a "source:" line) costs nothing to forge, and one
    # host naming itself Reuters, BBC and AP would pass for three outlets.
    # What it declares is kept beside, never instead.
    url = without_credentials(fetched.url) or fetched.url
    outlet = domain(url)
    metadata = dict(article.metadata)
    if article.source and article.source != outlet:
        metadata["declared_source"] = article.source
    return replace(article, url=url, source=outlet, metadata=metadata)

