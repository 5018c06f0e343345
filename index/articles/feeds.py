"""RSS and Atom feeds → their entries (feedparser), fetched under the same rules as any URL."""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from index.articles.common import MAX_ARTICLE_BYTES
from index.articles.web import fetch_bytes
from index.errors import FetchError

logger = logging.getLogger(__name__)

_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FeedEntry:
    """One item of an RSS or Atom feed: where to fetch it and what the feed says of it."""

    url: str
    title: str | None
    published: date | None
    summary: str



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

    fetched = fetch_bytes(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
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
