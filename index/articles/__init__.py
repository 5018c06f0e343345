"""Files, URLs and feeds → `Article`, one module per job.

    common.py   clean text, field checks, ids: what every reader shares
    formats.py  a .jsonl line, text/Markdown with front matter, an HTML page
    files.py    files and folders, each bad line or file reported alone
    web.py      fetching a URL under the address, redirect, size and time rules
    feeds.py    RSS and Atom feeds → their entries

Anything that cannot be read comes out as a `BadArticle` (or `FetchError`)
with a one-line reason a user can act on. trafilatura, feedparser and httpx
are imported inside the functions that need them: importing this package has
to stay cheap for the bot and the CLI.
"""

from index.articles.common import MAX_ARTICLE_BYTES, article_id_for, without_credentials
from index.articles.feeds import FeedEntry, fetch_feed
from index.articles.files import SUPPORTED_SUFFIXES, read_file, read_paths
from index.articles.formats import parse_html, parse_jsonl_line, parse_text
from index.articles.web import MAX_REDIRECTS, fetch_url

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_REDIRECTS",
    "SUPPORTED_SUFFIXES",
    "FeedEntry",
    "article_id_for",
    "fetch_feed",
    "fetch_url",
    "parse_html",
    "parse_jsonl_line",
    "parse_text",
    "read_file",
    "read_paths",
    "without_credentials",
]
