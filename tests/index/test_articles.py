"""Files, URLs and feeds → Article. All places and outlets here are invented."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.articles import (
    MAX_ARTICLE_BYTES,
    FeedEntry,
    article_id_for,
    fetch_feed,
    fetch_url,
    parse_html,
    parse_jsonl_line,
    parse_text,
    read_file,
    read_paths,
)
from index.errors import BadArticle, FetchError
from index.models import Article, content_hash
from index.printable import printable

SAMPLE = (
    Path(__file__).resolve().parents[2] / "index" / "sample" / "newsweek-2022-05-10-kharkiv.txt"
)

ZORVKA = (
    "Defenders of the village of Zorvka said on Sunday that the line along the Verska river "
    "held after a night of shelling, according to the regional council."
)
PELINOVO = (
    "Engineers in Pelinovo repaired the railway bridge on Thursday, two weeks after it was "
    "damaged, the fictional Pelinovo Herald reported."
)

PAGE_HTML = f"""<!doctype html>
<html lang="en">
<head>
  <title>Zorvka line holds after night of shelling</title>
  <meta property="og:site_name" content="Verska Courier">
  <meta property="article:published_time" content="2023-04-02">
  <style>.secret-style-rule {{ color: red; }}</style>
  <script>var secretScriptToken = "do-not-index";</script>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
  <article>
    <h1>Zorvka line holds after night of shelling</h1>
    <p>{ZORVKA}</p>
    <script>document.write("inlineScriptToken");</script>
    <p>{PELINOVO}</p>
  </article>
</body>
</html>
"""

FEED_XML = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Verska Courier</title>
  <link>http://courier.invalid/</link>
  <description>News from the invented Verska valley</description>
  <item>
    <title>Zorvka line holds</title>
    <link>/news/zorvka.html</link>
    <pubDate>Sun, 02 Apr 2023 09:00:00 GMT</pubDate>
    <description>&lt;p&gt;The line along the &lt;b&gt;Verska&lt;/b&gt; held.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Pelinovo bridge repaired</title>
    <link>http://courier.invalid/news/pelinovo.html</link>
    <description>Engineers finished the work.</description>
  </item>
</channel>
</rss>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# --------------------------------------------------------------------------- jsonl


def test_jsonl_good_lines_come_through_around_a_malformed_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "batch.jsonl",
        jsonl(
            {"id": "z1", "text": ZORVKA},
            '{"id": "z2" "text": "missing comma"}',
            {"id": "p1", "text": PELINOVO},
        ),
    )

    results = list(read_paths([path]))

    assert [type(r) for r in results] == [Article, BadArticle, Article]
    assert [r.id for r in results if isinstance(r, Article)] == ["z1", "p1"]
    bad = results[1]
    assert isinstance(bad, BadArticle)
    assert bad.where == f"{path}:2"
    assert bad.reason == "not valid JSON (Expecting ',' delimiter at column 13)"


def test_jsonl_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "gaps.jsonl", jsonl({"text": ZORVKA}, "", "   ", "not json"))

    results = list(read_file(path))

    assert isinstance(results[0], Article)
    assert isinstance(results[1], BadArticle)
    assert results[1].where == f"{path}:4"
    assert len(results) == 2


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object (found list)"),
        ('"just a string"', "not a JSON object (found str)"),
        ('{"id": "x1"}', "no text"),
        ('{"id": "x1", "text": "   \\n  "}', "no text"),
        ('{"id": "x1", "text": 42}', "'text' must be a string, not int"),
        ('{"title": ["a"], "text": "Zorvka"}', "'title' must be a string or null, not list"),
    ],
)
def test_jsonl_line_rejected_with_reason(line: str, reason: str) -> None:
    with pytest.raises(BadArticle) as info:
        parse_jsonl_line(line, "in.jsonl:7")

    assert info.value.where == "in.jsonl:7"
    assert info.value.reason == reason
    assert str(info.value) == f"in.jsonl:7: {reason}"


def test_jsonl_fields_fill_the_article() -> None:
    line = json.dumps(
        {
            "id": "vc-2023-04-02-zorvka",
            "url": "https://www.courier.invalid/zorvka",
            "source": "Verska Courier",
            "published": "2023-04-02",
            "title": "Zorvka line holds",
            "lang": "EN",
            "text": ZORVKA,
        }
    )

    article = parse_jsonl_line(line, "a.jsonl:1")

    assert article == Article(
        id="vc-2023-04-02-zorvka",
        text=ZORVKA,
        url="https://www.courier.invalid/zorvka",
        source="Verska Courier",
        published=date(2023, 4, 2),
        published_inferred=False,
        title="Zorvka line holds",
        lang="en",
    )


def test_jsonl_unknown_fields_are_kept_in_metadata() -> None:
    line = json.dumps({"text": ZORVKA, "dup_group": "g7", "topic": "zorvka", "score": 0.5})

    article = parse_jsonl_line(line, "a.jsonl:1")

    assert article.metadata == {"dup_group": "g7", "topic": "zorvka", "score": 0.5}


@pytest.mark.parametrize("published", ["last Tuesday", "2023-02-30", "02/04/2023", 20230402])
def test_jsonl_invalid_date_keeps_article_and_raw_value(published: object) -> None:
    line = json.dumps({"text": ZORVKA, "published": published})

    article = parse_jsonl_line(line, "a.jsonl:1")

    assert article.published is None
    assert article.metadata["published_raw"] == published


def test_jsonl_published_inferred_is_read() -> None:
    line = json.dumps({"text": ZORVKA, "published": "2023-04-02", "published_inferred": True})

    assert parse_jsonl_line(line, "a.jsonl:1").published_inferred is True


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://www.courier.invalid/news/1", "courier.invalid"),
        ("http://news.verska.invalid:8080/x", "news.verska.invalid"),
        (None, None),
    ],
)
def test_jsonl_source_defaults_to_url_domain(url: str | None, source: str | None) -> None:
    article = parse_jsonl_line(json.dumps({"url": url, "text": ZORVKA}), "a.jsonl:1")

    assert article.source == source


def test_jsonl_with_bom_and_crlf_reads(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps({"id": "z1", "text": ZORVKA}).encode() + b"\r\n"
    path = write(tmp_path / "windows.jsonl", data)

    [article] = read_file(path)

    assert isinstance(article, Article)
    assert article.id == "z1"


# --------------------------------------------------------------------------- ids and text


def test_same_text_gets_same_id_whatever_the_format(tmp_path: Path) -> None:
    from_jsonl = parse_jsonl_line(json.dumps({"text": ZORVKA}), "a.jsonl:1")
    from_txt = parse_text(ZORVKA + "\n", "a.txt")
    from_crlf = parse_text(ZORVKA.replace(" ", "\r\n", 3), "b.txt")

    assert from_jsonl.id == from_txt.id == from_crlf.id == "a-" + content_hash(ZORVKA)[:16]
    assert parse_text(PELINOVO, "c.txt").id != from_txt.id


def test_article_id_for_is_a_prefixed_content_hash() -> None:
    article_id = article_id_for("https://courier.invalid/x", ZORVKA)

    assert re.fullmatch(r"a-[0-9a-f]{16}", article_id)
    assert article_id == article_id_for(None, ZORVKA)


def test_text_changes_only_line_endings_outer_space_and_nfc() -> None:
    decomposed = "Cafe\u0301 in Zorvka"  # e + combining acute
    raw = f"  \r\n{decomposed}  reopened,\r\nsaid  the owner.\rThe end.\n\n "

    article = parse_jsonl_line(json.dumps({"text": raw}), "a.jsonl:1")

    assert article.text == "Caf\u00e9 in Zorvka  reopened,\nsaid  the owner.\nThe end."


@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_every_input_line_survives_verbatim_but_for_control_characters(lines: list[str]) -> None:
    raw = "\n".join(lines)
    shown = printable(unicodedata.normalize("NFC", raw))
    if not shown.strip():
        with pytest.raises(BadArticle, match="no text"):
            parse_jsonl_line(json.dumps({"text": raw}), "a.jsonl:1")
        return
    article = parse_jsonl_line(json.dumps({"text": raw}), "a.jsonl:1")

    for line in re.split(r"\r\n|\r|\n", shown):
        assert line.strip() in article.text
    assert article.text.isprintable() or not (set(article.text) - set(shown))


# --------------------------------------------------------------------------- txt / md


def test_front_matter_is_parsed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "zorvka.md",
        "---\n"
        "id: vc-zorvka\n"
        'title: "Zorvka: the line holds"\n'
        "source: 'Verska Courier'\n"
        "url: null\n"
        "published: 2023-04-02\n"
        "published_inferred: true\n"
        "lang: uk\n"
        "date_note: inferred from the mention of Sunday\n"
        "---\n"
        f"{ZORVKA}\n",
    )

    [article] = read_file(path)

    assert article == Article(
        id="vc-zorvka",
        text=ZORVKA,
        url=None,
        source="Verska Courier",
        published=date(2023, 4, 2),
        published_inferred=True,
        title="Zorvka: the line holds",
        lang="uk",
    )
    assert isinstance(article, Article)
    assert article.metadata == {"date_note": "inferred from the mention of Sunday"}


@pytest.mark.parametrize(
    ("name", "content", "title"),
    [
        ("plain.txt", f"\n\nZorvka line holds\n{ZORVKA}\n", "Zorvka line holds"),
        ("heading.md", f"# Zorvka line holds\n\n{ZORVKA}\n", "Zorvka line holds"),
    ],
)
def test_without_front_matter_first_line_is_title(
    tmp_path: Path, name: str, content: str, title: str
) -> None:
    [article] = read_file(write(tmp_path / name, content))

    assert isinstance(article, Article)
    assert article.title == title
    assert article.text == content.strip()  # the title stays in the text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            "---\ntitle: Zorvka\n" + ZORVKA,
            "front matter opened with '---' on line 1 is never closed",
        ),
        ("---\ntitle: Zorvka\n---\n\n", "no text after the front matter"),
        ("---\ntitle Zorvka\n---\n" + ZORVKA, "front matter line 2 is not 'key: value'"),
    ],
)
def test_bad_front_matter_is_rejected(content: str, reason: str) -> None:
    with pytest.raises(BadArticle) as info:
        parse_text(content, "z.txt")

    assert info.value.reason == reason


def test_bundled_sample_article_parses() -> None:
    [article] = read_file(SAMPLE)

    assert isinstance(article, Article)
    assert article.id == "newsweek-2022-05-10-kharkiv"
    assert article.source == "Newsweek"
    assert article.published == date(2022, 5, 10)
    assert article.published_inferred is True
    assert article.url is None
    assert article.lang == "en"
    assert article.text.startswith("Russia Rapidly Retreating")
    assert "date_note" in article.metadata


# --------------------------------------------------------------------------- html


def test_html_script_and_style_never_reach_the_text(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path / "zorvka.html", PAGE_HTML))

    assert isinstance(article, Article)
    assert ZORVKA in article.text
    assert PELINOVO in article.text
    for hidden in ("secretScriptToken", "inlineScriptToken", "secret-style-rule", "color: red"):
        assert hidden not in article.text
    assert article.title == "Zorvka line holds after night of shelling"
    assert article.source == "Verska Courier"
    assert article.published == date(2023, 4, 2)
    assert article.lang == "en"
    assert article.id == article_id_for(None, article.text)


def test_html_without_main_text_is_rejected() -> None:
    with pytest.raises(BadArticle) as info:
        parse_html("<html><body><script>var x = 1;</script></body></html>", None, "empty.html")

    assert info.value.reason == "no article text found in the HTML"


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("nul.txt", b"Zorvka\x00\x01\x02 held", "binary file, not an article"),
        ("image.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file, not an article"),
        ("page.html", b"GIF89a\x00\x00\x00", "binary file, not an article"),
        ("nul.jsonl", b'{"text": "x"}\n\x00\x00\x00', "binary file, not an article"),
        (
            "latin1.txt",
            "Zorvka caf\u00e9 reopened".encode("latin-1"),
            "not UTF-8 text (invalid byte at offset 10); save it as UTF-8",
        ),
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t\n", "empty file"),
        ("empty.html", b"", "empty file"),
        ("empty.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_file_gives_one_line_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = write(tmp_path / name, content)

    [bad] = read_paths([path])

    assert isinstance(bad, BadArticle)
    assert bad.where == str(path)
    assert bad.reason == reason


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.txt", b"Zorvka held. " * (3_100_000 // 13 + 1))

    [bad] = read_paths([path])

    assert isinstance(bad, BadArticle)
    assert bad.reason == "file is 3.1 MB, over the 2.0 MB limit"


def test_oversized_jsonl_line_is_refused_alone(tmp_path: Path) -> None:
    big = json.dumps({"text": "x" * (MAX_ARTICLE_BYTES + 10)})
    path = write(tmp_path / "big.jsonl", jsonl(big, {"id": "z1", "text": ZORVKA}))

    results = list(read_file(path))

    assert isinstance(results[0], BadArticle)
    assert results[0].where == f"{path}:1"
    assert results[0].reason == "line is over the 2.0 MB limit"
    assert isinstance(results[1], Article) and results[1].id == "z1"


def test_missing_path_is_reported(tmp_path: Path) -> None:
    [bad] = read_paths([tmp_path / "nowhere"])

    assert isinstance(bad, BadArticle)
    assert bad.reason == "no such file or folder"


def test_named_file_with_unknown_extension_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", ZORVKA)

    [bad] = read_paths([path])

    assert isinstance(bad, BadArticle)
    assert bad.reason == "unsupported file type '.pdf' (use .jsonl, .txt, .md, .html or .htm)"


def test_folder_is_read_recursively_in_path_order(tmp_path: Path) -> None:
    write(tmp_path / "b" / "deep" / "pelinovo.TXT", PELINOVO)
    write(tmp_path / "a.jsonl", jsonl({"id": "j1", "text": "Zorvka j1."}))
    write(tmp_path / "b" / "zorvka.md", ZORVKA)
    write(tmp_path / "b" / "page.htm", PAGE_HTML)
    write(tmp_path / "b" / "notes.pdf", b"%PDF-1.4 skipped")
    write(tmp_path / "b" / "data.csv", "skipped,too")
    write(tmp_path / ".git" / "hidden.txt", "skipped")
    write(tmp_path / "c" / "broken.txt", b"")

    results = list(read_paths([tmp_path]))

    articles = [r for r in results if isinstance(r, Article)]
    assert [type(r) for r in results] == [Article, Article, Article, Article, BadArticle]
    assert articles[0].id == "j1"
    assert articles[1].text == PELINOVO
    assert ZORVKA in articles[2].text  # page.htm sorts before zorvka.md
    assert articles[3].text == ZORVKA
    [bad] = [r for r in results if isinstance(r, BadArticle)]
    assert bad.where == str(tmp_path / "c" / "broken.txt")


def test_importing_articles_loads_no_heavy_library() -> None:
    code = (
        "import sys, index.articles\n"
        "print(sorted(m for m in ('trafilatura', 'feedparser', 'httpx') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- fetching


class _Handler(BaseHTTPRequestHandler):
    """A tiny site: a page, a text file, a feed, redirects, a 404 and a huge body."""

    def do_GET(self) -> None:
        path = self.path
        if path == "/zorvka.html":
            self._send(200, "text/html; charset=utf-8", PAGE_HTML.encode())
        elif path == "/pelinovo.txt":
            self._send(200, "text/plain; charset=utf-8", f"Pelinovo bridge\n{PELINOVO}".encode())
        elif path == "/feed.xml":
            self._send(200, "application/rss+xml", FEED_XML.encode())
        elif path == "/old":
            self._redirect("/zorvka.html")
        elif path.startswith("/loop"):
            self._redirect(f"/loop{len(path)}")
        elif path == "/big":
            self._send(200, "text/html", b"<p>" + b"Zorvka " * 50_000 + b"</p>")
        elif path == "/big-unannounced":
            # No Content-Length: only counting the streamed bytes can stop it.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"Pelinovo " * 50_000 + b"</p>")
        elif path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4")
        else:
            self._send(404, "text/plain", b"not here")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_fetch_url_reads_an_html_page(site: str) -> None:
    article = fetch_url(f"{site}/zorvka.html", allow_private=True)

    assert ZORVKA in article.text
    assert "secretScriptToken" not in article.text
    assert article.url == f"{site}/zorvka.html"
    assert article.title == "Zorvka line holds after night of shelling"
    assert article.source == "127.0.0.1"  # the page's host, not the name it gives itself
    assert article.metadata["declared_source"] == "Verska Courier"
    assert article.published == date(2023, 4, 2)


def test_fetch_url_reads_plain_text(site: str) -> None:
    article = fetch_url(f"{site}/pelinovo.txt", allow_private=True)

    assert article.text == f"Pelinovo bridge\n{PELINOVO}"
    assert article.title == "Pelinovo bridge"
    assert article.url == f"{site}/pelinovo.txt"
    assert article.source == "127.0.0.1"


def test_fetch_url_follows_redirects_and_keeps_final_url(site: str) -> None:
    article = fetch_url(f"{site}/old", allow_private=True)

    assert article.url == f"{site}/zorvka.html"
    assert ZORVKA in article.text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/loop", "too many redirects (more than 5)"),
        ("/report.pdf", "unsupported content type application/pdf (expected HTML or plain text)"),
        ("/big", "the response is 0.4 MB, over the 0.1 MB limit"),
        ("/big-unannounced", "the response is over the 0.1 MB limit"),
    ],
)
def test_fetch_url_failures_give_fetch_error(site: str, path: str, reason: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}{path}", allow_private=True, max_bytes=100_000)

    assert info.value.where == f"{site}{path}"
    assert info.value.reason == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.10/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
    ],
)
def test_fetch_url_refuses_internal_addresses(url: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_url(url)

    assert "non-public address" in info.value.reason


def test_fetch_url_refuses_local_server_without_allow_private(site: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch_url(f"{site}/zorvka.html")


@pytest.mark.parametrize(
    "url", ["ftp://courier.invalid/zorvka.txt", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_fetch_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_url(url, allow_private=True)

    assert info.value.reason == "only http and https URLs can be fetched"


def test_fetch_url_unreachable_port_gives_fetch_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The port is free again now: nothing listens there.

    with pytest.raises(FetchError) as info:
        fetch_url(f"http://127.0.0.1:{port}/", allow_private=True, timeout=5)

    assert info.value.reason.startswith("could not reach 127.0.0.1 (")


def test_fetch_feed_lists_entries(site: str) -> None:
    entries = fetch_feed(f"{site}/feed.xml", allow_private=True)

    assert entries == [
        FeedEntry(
            url=f"{site}/news/zorvka.html",
            title="Zorvka line holds",
            published=date(2023, 4, 2),
            summary="The line along the Verska held.",
        ),
        FeedEntry(
            url="http://courier.invalid/news/pelinovo.html",
            title="Pelinovo bridge repaired",
            published=None,
            summary="Engineers finished the work.",
        ),
    ]


def test_fetch_feed_rejects_a_page_that_is_not_a_feed(site: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_feed(f"{site}/zorvka.html", allow_private=True)

    assert info.value.reason == "not an RSS or Atom feed"


def test_fetch_feed_refuses_local_server_without_allow_private(site: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch_feed(f"{site}/feed.xml")
