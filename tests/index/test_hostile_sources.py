"""Hostile sources (issue 13): everything fetched is bounded, one bad item never sinks a batch,
and no page chooses its own outlet. Loopback servers only; each test is bounded in time."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from index.articles import fetch_url
from index.embedding import Embedder
from index.engine import Engine
from index.errors import FetchError, FrontlineError
from tests.conftest import make_engine
from tests.diskfull import fill, small_tmpfs

ROOT = Path(__file__).resolve().parents[2]
ZORVKA = "Zorvka line holds after a night of shelling, the regional governor said on Monday."
CONTROLS = "\x1b[2J\x1b]0;owned\x07\u202e\u2066\x9b31m"
UNSAFE = {"\x1b", "\x07", "\u202e", "\u2066", "\x9b"}


def write_jsonl(path: Path, *rows: dict[str, object] | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# -- a hostile web site -----------------------------------------------------------------------


def _bomb(decoded: int) -> bytes:
    """gzip inside gzip: a few kilobytes that decode to `decoded` bytes of zeros."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    parts = [inner.compress(zeros) for _ in range(decoded >> 20)] + [inner.flush()]
    return gzip.compress(b"".join(parts), 9)


BOMB = _bomb(64 << 20)


def _page(site_name: str, text: str) -> str:
    return (
        f'<html lang="en"><head><title>Zorvka report</title>'
        f'<meta property="og:site_name" content="{site_name}"></head>'
        f"<body><article><h1>Zorvka report</h1><p>{text}</p><p>{ZORVKA}</p></article></body></html>"
    )


OUTLETS = {
    "reuters": ("Reuters", "Russian forces captured the village of Zorvka on 3 May 2023, the Russian defence ministry said."),
    "bbc": ("BBC News", "Russian troops took control of Zorvka on 3 May 2023, according to the Russian defence ministry."),
    "kyiv": ("The Kyiv Independent", "The Russian defence ministry claimed on 3 May 2023 that its forces had captured Zorvka."),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/bomb":
            self._send("text/plain; charset=utf-8", BOMB, encoding="gzip, gzip")
        elif path == "/layers":
            self._send("text/plain; charset=utf-8", gzip.compress(ZORVKA.encode()), encoding="gzip, gzip, gzip, gzip")
        elif path == "/gzipped.txt":
            self._send("text/plain; charset=utf-8", gzip.compress(ZORVKA.encode()), encoding="gzip")
        elif path == "/deflated.txt":
            raw = zlib.compressobj(6, zlib.DEFLATED, -15)
            self._send("text/plain; charset=utf-8", raw.compress(ZORVKA.encode()) + raw.flush(), encoding="deflate")
        elif path == "/tarpit":
            # The status line and headers one byte at a time: every read is quick, the whole never ends.
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n"
            try:
                for byte in head[:60]:  # 60 bytes at 0.25 s: 15 s at most, then the server gives up
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.25)
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True
        elif path.startswith("/outlets/"):
            name, text = OUTLETS[path.removeprefix("/outlets/").removesuffix(".html")]
            self._send("text/html; charset=utf-8", _page(name, text).encode())
        elif path == "/zorvka.txt":
            self._send("text/plain; charset=utf-8", f"Zorvka\n{ZORVKA}".encode())
        else:
            self.send_error(404)

    def _send(self, content_type: str, body: bytes, encoding: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


# -- nothing fetched is unbounded ---------------------------------------------------------------


def test_a_gzip_bomb_is_cut_off_at_the_limit_without_being_decoded_whole(site: str) -> None:
    assert len(BOMB) < 100_000  # 64 MB of zeros, gzip inside gzip
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            fetch_url(f"{site}/bomb", max_bytes=1_000_000, allow_private=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.reason == "the response is over the 1.0 MB limit"
    assert peak < 8_000_000, f"peak {peak / 1e6:.0f} MB while decoding a 1 MB-limited response"


def test_more_layers_of_encoding_than_any_server_uses_are_refused(site: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}/layers", allow_private=True)
    assert info.value.reason == "the response is encoded 4 times over"


@pytest.mark.parametrize("path", ["/gzipped.txt", "/deflated.txt"])
def test_compressed_pages_are_still_read(site: str, path: str) -> None:
    assert fetch_url(f"{site}{path}", allow_private=True).text == ZORVKA


@pytest.mark.timeout(60)
def test_a_server_sending_its_headers_a_byte_at_a_time_is_cut_off_at_the_deadline(site: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}/tarpit", timeout=0.5, allow_private=True)
    elapsed = time.monotonic() - started
    assert info.value.reason == "could not reach 127.0.0.1 (timed out)"
    assert elapsed < 2.5, f"the fetch went on for {elapsed:.1f} s; its whole budget is 1 s"


@pytest.mark.timeout(120)
def test_the_admin_lock_is_not_held_while_a_url_is_fetched(tmp_path: Path, embedder: Embedder, site: str) -> None:
    engine = make_engine(tmp_path / "data", embedder, allow_private_urls=True, fetch_timeout=1.5)
    slow: dict[str, object] = {}
    fetching = threading.Thread(target=lambda: slow.setdefault("report", engine.ingest((), [f"{site}/tarpit"])))
    try:
        fetching.start()
        time.sleep(0.5)  # the tarpit is being fetched now
        started = time.monotonic()
        quick = engine.ingest([write_jsonl(tmp_path / "a.jsonl", {"id": "zv", "text": ZORVKA})])
        assert quick.added == ["zv"]
        assert time.monotonic() - started < 10
    finally:
        fetching.join(30)
        engine.close()
    [bad] = slow["report"].rejected  # type: ignore[attr-defined]
    assert bad.reason == "could not reach 127.0.0.1 (timed out)"


# -- no page chooses its own outlet ----------------------------------------------------------------


def test_pages_of_one_host_are_one_outlet_whatever_they_call_themselves(
    tmp_path: Path, embedder: Embedder, site: str
) -> None:
    engine = make_engine(tmp_path / "data", embedder, allow_private_urls=True)
    try:
        report = engine.ingest((), [f"{site}/outlets/{name}.html" for name in OUTLETS])
        assert len(report.added) == 3, report.rejected
        stored = engine.store.articles().values()
        assert {a.source for a in stored} == {"127.0.0.1"}
        assert sorted(a.metadata["declared_source"] for a in stored) == ["BBC News", "Reuters", "The Kyiv Independent"]
        assert engine.stats().store.outlets == 1
        answer = engine.ask("who holds Zorvka?")
        assert answer.citations and {c.source for c in answer.citations} == {"127.0.0.1"}
        assert "single_source" in {c.kind for c in answer.caveats}
    finally:
        engine.close()


def test_rollback_after_a_batch_that_updated_an_article_stops_serving_its_new_text(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    good = "Ukrainian forces hold Zorvka and repelled two assaults on Monday, the regional governor said."
    bad = "Russian forces captured Zorvka on Monday and Ukrainian defenders fled in panic, a Telegram channel said."
    fresh_engine.ingest([write_jsonl(tmp_path / "v1.jsonl", {"id": "zv", "text": good})])
    updated = fresh_engine.ingest([write_jsonl(tmp_path / "v2.jsonl", {"id": "zv", "text": bad})])
    assert updated.updated == ["zv"]
    fresh_engine.rollback()

    answer = fresh_engine.ask("who holds Zorvka?")
    assert "fled" not in answer.answer
    assert not any("fled" in c.quote for c in answer.citations + answer.more)
    assert not any("fled" in c.quote for _, c in fresh_engine.timeline("Zorvka"))


# -- what is stored and shown ------------------------------------------------------------------------


def test_credentials_in_a_url_are_never_stored(fresh_engine: Engine, tmp_path: Path, site: str) -> None:
    fetched = fetch_url(site.replace("http://", "http://admin:hunter2@") + "/zorvka.txt", allow_private=True)
    assert fetched.url == f"{site}/zorvka.txt"
    batch = write_jsonl(tmp_path / "a.jsonl", {"id": "zv", "url": "https://editor:hunter2@news.example.com/zorvka", "text": ZORVKA})
    fresh_engine.ingest([batch])
    assert fresh_engine.store.article("zv").url == "https://news.example.com/zorvka"  # type: ignore[union-attr]
    answer = fresh_engine.ask("what happened in Zorvka?")
    assert "hunter2" not in json.dumps(answer.to_json(), ensure_ascii=False)


def test_escape_sequences_and_bidi_controls_never_reach_the_output(fresh_engine: Engine, tmp_path: Path) -> None:
    batch = write_jsonl(
        tmp_path / "a.jsonl",
        {"id": "zv", "title": f"Zorvka{CONTROLS} report", "source": f"Wire{CONTROLS}", "text": f"{ZORVKA}{CONTROLS} More."},
    )
    fresh_engine.ingest([batch])
    article = fresh_engine.store.article("zv")
    assert article is not None and article.title and article.source
    assert article.title.isprintable() and article.source.isprintable() and article.text.isprintable()
    answer = fresh_engine.ask("what happened in Zorvka?")
    assert answer.citations
    shown = answer.answer + json.dumps(answer.to_json(), ensure_ascii=False)
    assert not set(shown) & UNSAFE


# -- one bad item never sinks a batch ---------------------------------------------------------------


def test_a_nested_or_unencodable_line_is_rejected_alone_and_the_good_ones_are_indexed(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    batch = write_jsonl(
        tmp_path / "batch.jsonl",
        {"id": "good-1", "text": ZORVKA},
        '{"id": "deep", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "lone", "text": "Zorvka \\ud800 fell."}',
        {"id": "good-2", "text": "Ukrainian engineers repaired the bridge near Zorvka on Tuesday, officials said."},
    )
    report = fresh_engine.ingest([batch])
    assert sorted(report.added) == ["good-1", "good-2"]
    assert [(bad.where, bad.reason) for bad in report.rejected] == [
        (f"{batch}:2", "not valid JSON (nested too deeply)"),
        (f"{batch}:3", "not valid Unicode: a lone surrogate escape (U+D800)"),
    ]
    assert report.version is not None
    assert set(fresh_engine.index().manifest.articles) == {"good-1", "good-2"}
    again = fresh_engine.ingest([batch])  # a re-run does the same, and changes nothing
    assert sorted(again.unchanged) == ["good-1", "good-2"] and again.version is None


_READ_FOLDER = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from index.articles import read_paths
from index.errors import BadArticle
out = [[r.where, r.reason] if isinstance(r, BadArticle) else ["read", r.title] for r in read_paths(sys.argv[1:])]
print(json.dumps(out))
"""


def test_only_regular_files_inside_the_folder_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(f"Zorvka\n{ZORVKA}\n", encoding="utf-8")
    os.mkfifo(folder / "fifo.md")
    (folder / "zero.txt").symlink_to("/dev/zero")
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Private\nNot for the bot's users.\n", encoding="utf-8")
    (folder / "outside.txt").symlink_to(secret)

    out = subprocess.run(
        [sys.executable, "-c", _READ_FOLDER, str(folder), str(folder / "zero.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout) == [
        [str(folder / "fifo.md"), "not a regular file (a FIFO); only files are read"],
        ["read", "Zorvka"],
        [str(folder / "outside.txt"), f"a symbolic link to a file outside {folder}; not read"],
        [str(folder / "zero.txt"), f"a symbolic link to a file outside {folder}; not read"],
        [str(folder / "zero.txt"), "not a regular file (a device); only files are read"],
    ]


def test_the_same_id_twice_in_one_batch_is_reported_once_and_a_rerun_changes_nothing(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    batch = write_jsonl(
        tmp_path / "dup.jsonl",
        {"id": "zv", "text": ZORVKA},
        {"id": "zv", "text": "Ukrainian engineers repaired the bridge near Zorvka on Tuesday, officials said."},
    )
    first = fresh_engine.ingest([batch])
    assert first.added == ["zv"] and not first.updated
    assert [(bad.where, bad.reason) for bad in first.rejected] == [("zv", "the same id as zv, earlier in this batch")]
    version = fresh_engine.versions.current()
    for _ in range(2):
        again = fresh_engine.ingest([batch])
        assert again.unchanged == ["zv"] and not again.updated and again.version is None
        assert len(again.rejected) == 1
    assert fresh_engine.versions.current() == version


# -- a full disk ---------------------------------------------------------------------------------------


def test_a_forget_that_cannot_publish_changes_nothing(tmp_path: Path, embedder: Embedder) -> None:
    with small_tmpfs(tmp_path / "disk", 16) as disk:
        engine = make_engine(disk / "data", embedder)
        try:
            engine.ingest([write_jsonl(tmp_path / "a.jsonl", {"id": "zv", "text": ZORVKA})])
            version = engine.versions.current()
            filler = fill(disk)
            with pytest.raises(FrontlineError, match="is full"):
                engine.forget("zv")
            assert engine.store.article("zv") is not None
            assert engine.versions.current() == version
            assert engine.ask("what happened in Zorvka?").citations
            filler.unlink()
            engine.forget("zv")  # with room again, it works
            assert engine.store.article("zv") is None
        finally:
            engine.close()
