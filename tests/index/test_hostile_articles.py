"""Hostile articles the other article tests leave out: duplicated text in one batch, and web
servers that stall, drip, send nothing or send another encoding."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from index.articles import fetch_url
from index.engine import Engine
from index.errors import FetchError

ZARICHNE = "Russian forces shelled the village of Zarichne on Monday, local officials said. " * 3
BRIDGE = "Ukrainian engineers repaired the bridge over the river near Zarichne on Tuesday, officials said."


def write_jsonl(path: Path, *rows: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_duplicated_text_in_one_batch_is_stored_once_and_a_rerun_changes_nothing(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    batch = write_jsonl(
        tmp_path / "dup.jsonl",
        {"id": "z1", "text": ZARICHNE},
        {"id": "z2", "text": ZARICHNE},  # the same text under another id
        {"id": "b1", "text": BRIDGE, "url": "https://example.com/bridge"},
        {"id": "b2", "text": BRIDGE + " More.", "url": "https://example.com/bridge"},  # the same URL
    )
    first = fresh_engine.ingest([batch])
    assert sorted(first.added) == ["b1", "z1"]
    assert [(bad.where, bad.reason) for bad in first.rejected] == [
        ("z2", "the same text as z1, earlier in this batch"),
        ("b2", "the same URL as b1, earlier in this batch"),
    ]
    again = fresh_engine.ingest([batch])
    assert sorted(again.unchanged) == ["b1", "z1"] and not again.updated and again.version is None
    assert fresh_engine.stats().store.articles == 2


# -- web servers that misbehave -------------------------------------------------------------------

CP1251 = "Російські війська обстріляли село Зарічне в понеділок, повідомили місцеві чиновники."


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/stall":
            time.sleep(2.0)  # longer than the client waits for the headers
            self._send("text/plain; charset=utf-8", ZARICHNE.encode())
        elif self.path == "/drip":
            # Headers at once, then a byte every 0.1 s: each read is quick, the whole never ends.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            try:
                for byte in ZARICHNE.encode()[:100]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client gave up, as it should
        elif self.path == "/cp1251.txt":
            self._send("text/plain; charset=windows-1251", f"Зарічне\n{CP1251}".encode("cp1251"))
        elif self.path == "/latin1-as-utf8.txt":
            self._send("text/plain; charset=utf-8", "Zarichne café reopened".encode("latin-1"))
        elif self.path == "/empty":
            self._send("text/html; charset=utf-8", b"  \n ")
        else:
            self.send_error(404)

    def _send(self, content_type: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
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


def test_a_server_that_stalls_is_given_up_after_the_timeout(site: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}/stall", timeout=0.5, allow_private=True)
    assert info.value.reason == "could not reach 127.0.0.1 (timed out after 0.5 s)"
    assert time.monotonic() - started < 1.5


def test_a_server_that_drips_bytes_is_given_up_after_the_whole_budget(site: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}/drip", timeout=0.5, allow_private=True)
    assert info.value.reason == "could not reach 127.0.0.1 (timed out)"
    assert time.monotonic() - started < 3  # twice the timeout, give or take a read


def test_text_in_the_declared_encoding_is_decoded(site: str) -> None:
    article = fetch_url(f"{site}/cp1251.txt", allow_private=True)
    assert article.title == "Зарічне" and CP1251 in article.text


def test_bytes_that_are_not_the_declared_encoding_are_refused_with_the_reason(site: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}/latin1-as-utf8.txt", allow_private=True)
    assert info.value.reason == "the text is not valid utf-8"


def test_an_empty_page_is_refused(site: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_url(f"{site}/empty", allow_private=True)
    assert info.value.reason == "the server sent an empty page"
