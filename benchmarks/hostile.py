"""Hostile sources (issue 13), measured before and after: the same attacks on two checkouts.

    python benchmarks/hostile.py --before /path/to/old/checkout [--after .] [--only split,gzip,...]

Each measurement runs in a child process whose code comes from the checkout
named (PYTHONPATH), against servers on 127.0.0.1 that this script starts:

- split:   time to split one paragraph of 200 KB, 400 KB, 800 KB and 1.6 MB
- gzip:    peak memory fetching a gzip-inside-gzip bomb (a few KB → 1 GB of zeros)
- feed:    peak memory of one poll of a feed of 400 items of 1.9 MB each
- tarpit:  how long a fetch from a server sending its headers a byte a second
           holds the admin lock, and how long a user's question waits while six
           such feeds are being added
- webhook: memory of the bot after eight 95 MB POSTs with a wrong secret

Memory is the child's peak resident set (ru_maxrss) above its size just
before the attack. Loopback only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any, Self

HERE = Path(__file__).resolve()
SIZES = [200_000, 400_000, 800_000, 1_600_000]
FEED_ITEMS = 400
ITEM_BYTES = 1_900_000
BOMB_BYTES = 1 << 30
TARPIT_SECONDS = 60


# -- servers (in the parent) ------------------------------------------------------------------------


def _bomb(decoded: int) -> bytes:
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    parts = [inner.compress(zeros) for _ in range(decoded >> 20)] + [inner.flush()]
    return gzip.compress(b"".join(parts), 9)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bomb = b""
    item = b""

    def do_GET(self) -> None:
        if self.path == "/bomb":
            self._send(self.bomb, "text/plain; charset=utf-8", "gzip, gzip")
        elif self.path == "/feed.xml":
            links = "".join(f"<item><title>{i}</title><link>/item/{i}.txt</link></item>" for i in range(FEED_ITEMS))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{links}</channel></rss>'
            self._send(body.encode(), "application/rss+xml")
        elif self.path.startswith("/item/"):
            self._send(self.item, "text/plain; charset=utf-8")
        elif self.path.startswith("/tarpit"):
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"a" * 400
            try:
                for byte in head[:TARPIT_SECONDS]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                pass
            self.close_connection = True
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str, encoding: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve() -> tuple[str, http.server.ThreadingHTTPServer]:
    # One text for every item, of menu lines (no body text): what a poll holds in memory
    # is the measure, so nothing is embedded (one item is rejected for having no body
    # text, the others as duplicates within the batch).
    line = "Subscribe now\n"
    _Handler.item = ("Item\n" + line * (ITEM_BYTES // len(line))).encode()
    _Handler.bomb = _bomb(BOMB_BYTES)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def _child(checkout: Path, name: str, arg: str, timeout: float) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(checkout), "HF_HUB_OFFLINE": "1"}
    try:
        out = subprocess.run(
            [sys.executable, str(HERE), "--child", name, arg], cwd=checkout, env=env,
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": (out.stderr.strip().splitlines() or ["no output"])[-1][:200]}
    return dict(json.loads(lines[-1]))


# -- measurements (in the child) --------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Peak:
    """The highest resident set size seen while the block runs (sampled every 20 ms), in MB."""

    def __enter__(self) -> Self:
        self.base = _current_rss_mb()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _current_rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _current_rss_mb())

    @property
    def above_base(self) -> int:
        return round(self.peak - self.base)


def _current_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child_split(arg: str) -> dict[str, Any]:
    from index.models import Article
    from index.passages import split_passages

    size = int(arg)
    sentence = "The brigade held the line near Zorianka on Monday, officials said. Dr. Smith agreed. "
    text = (sentence * (size // len(sentence) + 1))[:size]
    started, cpu = time.perf_counter(), time.process_time()
    passages = split_passages(Article(id="long", text=text))
    return {
        "cpu_s": round(time.process_time() - cpu, 3),  # the measure: the machine may be busy
        "wall_s": round(time.perf_counter() - started, 3),
        "passages": len(passages),
    }


def child_gzip(url: str) -> dict[str, Any]:
    from index.articles import fetch_url
    from index.errors import FetchError

    started = time.perf_counter()
    with _Peak() as peak:
        try:
            fetch_url(url, allow_private=True, timeout=120)
            outcome = "fetched"
        except FetchError as exc:
            outcome = exc.reason
        except MemoryError:
            outcome = "MemoryError"
    return {"peak_mb": peak.above_base, "seconds": round(time.perf_counter() - started, 1), "outcome": outcome}


def _engine(data: Path) -> Any:
    from index.engine import Engine
    from index.settings import Settings

    return Engine(Settings(data_dir=data, allow_private_urls=True))


def child_feed(url: str) -> dict[str, Any]:
    import asyncio
    import inspect
    from types import SimpleNamespace

    from bot import admin

    with tempfile.TemporaryDirectory() as tmp:
        engine = _engine(Path(tmp) / "data")
        engine.embedder.warm_up()
        store = engine.store
        try:
            from bot.store import BotStore  # type: ignore[import-not-found]  # where the bot's tables may move

            store = BotStore(engine.settings.db_path)
        except ImportError:
            pass
        started = time.perf_counter()
        with _Peak() as peak:
            if inspect.iscoroutinefunction(admin.poll_feed):
                from bot.fetching import FetchPool

                context = SimpleNamespace(engine=engine, store=store, bot_data=SimpleNamespace(fetches=FetchPool()))
                report = asyncio.run(admin.poll_feed(context, url))  # type: ignore[arg-type]
            else:
                report = admin.poll_feed(engine, store, url)  # type: ignore[call-arg,arg-type,assignment]
        seen = FEED_ITEMS - len(store.unseen_entries([f"{url.rsplit('/', 1)[0]}/item/{i}.txt" for i in range(FEED_ITEMS)]))
        result = {
            "peak_mb": peak.above_base,
            "seconds": round(time.perf_counter() - started, 1),
            "entries_seen": seen,
            "stored": engine.stats().store.articles,
            "rejected": len(report.rejected) if report else None,
        }
        engine.close()
    return result


def child_tarpit(url: str) -> dict[str, Any]:
    import asyncio
    import inspect

    from index.articles import fetch_feed
    from index.errors import Busy

    with tempfile.TemporaryDirectory() as tmp:
        engine = _engine(Path(tmp) / "data")
        engine.ensure_sample()
        # 1. The admin lock while one URL is fetched from the tarpit.
        done = threading.Event()

        def ingest() -> None:
            try:
                engine.ingest((), [f"{url}/tarpit-page"])
            finally:
                done.set()

        threading.Thread(target=ingest, daemon=True).start()
        started = time.monotonic()
        held = 0.0
        while not done.is_set() and time.monotonic() - started < TARPIT_SECONDS + 30:
            try:
                with engine._exclusive():
                    pass
            except Busy:
                held += 0.25
            time.sleep(0.25)
        fetch_seconds = time.monotonic() - started

        # 2. A user's question while six feeds are added from the tarpit (the bot's threading).
        async def scenario() -> float:
            from bot import admin

            pool = None
            if hasattr(admin, "_fetch_feed"):
                from bot.fetching import FetchPool

                pool = FetchPool()
            tasks = []
            for n in range(6):
                if pool is not None:
                    tasks.append(asyncio.ensure_future(pool.run(admin._fetch_feed, engine, f"{url}/tarpit{n}.xml")))
                else:
                    tasks.append(asyncio.ensure_future(asyncio.to_thread(fetch_feed, f"{url}/tarpit{n}.xml", allow_private=True)))
            await asyncio.sleep(1.0)
            asked = time.monotonic()
            await asyncio.to_thread(engine.ask, "who holds Rubizhne?")
            waited = time.monotonic() - asked
            for task in tasks:
                task.cancel()
            return waited

        assert inspect.iscoroutinefunction(scenario)
        waited = asyncio.run(scenario())
        engine.close()
    return {"lock_held_s": round(held, 1), "fetch_s": round(fetch_seconds, 1), "question_waited_s": round(waited, 1)}


def child_webhook(arg: str) -> dict[str, Any]:
    import asyncio

    from pydantic import SecretStr

    from bot.app import build_application, running
    from bot.settings import BotSettings
    from tests.support.loopback_api import LoopbackBotAPI

    token = "123456:BENCH-token"

    def post_wrong_secret(port: int) -> str:
        head = (
            b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"X-Telegram-Bot-Api-Secret-Token: wrong\r\nContent-Length: 95000000\r\n\r\n"
        )
        chunk = b"{" * (1 << 20)
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(head)
            try:
                for _ in range(95_000_000 // len(chunk)):
                    sock.sendall(chunk)
                sock.sendall(b"{" * (95_000_000 % len(chunk)))
            except OSError:
                return "closed early"
            return sock.recv(100).split(b"\r\n")[0].decode(errors="replace")

    async def scenario(data: Path) -> dict[str, Any]:
        engine = _engine(data)
        engine.ensure_sample()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        async with LoopbackBotAPI() as api:
            api.add_bot(token)
            settings = BotSettings(
                token=SecretStr(token), api_base_url=f"{api.base_url}/bot", webhook_url=f"http://127.0.0.1:{port}/hook",
                webhook_listen="127.0.0.1", port=port, webhook_secret=SecretStr("right-secret"),
            )
            async with running(build_application(settings, engine), settings):
                started = time.monotonic()
                with _Peak() as peak:
                    answers = await asyncio.gather(*(asyncio.to_thread(post_wrong_secret, port) for _ in range(8)))
                    await asyncio.sleep(0.5)
                took = time.monotonic() - started
        engine.close()
        return {"peak_mb": peak.above_base, "seconds": round(took, 1), "answers": sorted(set(answers))}

    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(scenario(Path(tmp) / "data"))


CHILDREN = {"split": child_split, "gzip": child_gzip, "feed": child_feed, "tarpit": child_tarpit, "webhook": child_webhook}


# -- the parent -----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--before", type=Path, help="checkout of the code before (e.g. a `git archive` of main)")
    parser.add_argument("--after", type=Path, default=HERE.parents[1])
    parser.add_argument("--only", default="split,gzip,feed,tarpit,webhook")
    parser.add_argument("--split-timeout", type=float, default=240.0)
    parser.add_argument("--split-sizes", default=",".join(str(n) for n in SIZES), help="paragraph sizes in bytes")
    parser.add_argument("--child", nargs=2, metavar=("NAME", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(CHILDREN[args.child[0]](args.child[1])), flush=True)
        return 0
    checkouts = {"before": args.before, "after": args.after}
    checkouts = {k: v.resolve() for k, v in checkouts.items() if v is not None}
    wanted = args.only.split(",")
    url, server = _serve()
    results: dict[str, dict[str, Any]] = {}
    try:
        for label, checkout in checkouts.items():
            row: dict[str, Any] = {}
            if "split" in wanted:
                for size in [int(n) for n in args.split_sizes.split(",")]:
                    row[f"split_{size // 1000}k"] = _child(checkout, "split", str(size), args.split_timeout)
            if "gzip" in wanted:
                row["gzip"] = _child(checkout, "gzip", f"{url}/bomb", 600)
            if "feed" in wanted:
                row["feed"] = _child(checkout, "feed", f"{url}/feed.xml", 1800)
            if "tarpit" in wanted:
                row["tarpit"] = _child(checkout, "tarpit", url, 600)
            if "webhook" in wanted:
                row["webhook"] = _child(checkout, "webhook", "-", 900)
            results[label] = row
            print(json.dumps({label: row}), flush=True)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
