"""Soak test: many users ask a real `frontline serve` questions while an admin reindexes and the
bot is killed (SIGKILL) and restarted once; every question must be answered exactly once.

Usage: .venv/bin/python benchmarks/soak.py [--users 50] [--duration 120] [--kill-at 0.5]
       [--reindex-at 0.48] [--send-delay 0.3] [--corpus PATH] [--keep]

Everything stays on this machine: the bot talks to a LoopbackBotAPI on 127.0.0.1 in this
process, over a fresh data directory (the bundled sample, plus the shared corpus when
present, so that a reindex takes a while). Each user asks a question every 6-12 s (under
the per-user rate limit) until `--duration` seconds have passed; then the run waits at most
`--drain` seconds for the last replies and a few more for duplicates.

An answer is counted once per answer id (its last message carries the 👍/👎 buttons), an
error notice as one reply; "lost" are questions without a reply, "duplicated" replies
beyond one per question. Exit status 1 when any question was lost, answered twice or
answered with an error notice; 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.loopback_api import LoopbackBotAPI, SentMessage

TOKEN = "5550001111:SOAK-test-token-secret"
ADMIN = 77
FIRST_USER = 3001
ERROR_NOTICE = "Something went wrong"
SLOW_DOWN = "You're sending messages faster"
QUESTIONS = [
    "who holds Rubizhne?",
    "what happened near Kharkiv?",
    "is Izium under Russian control?",
    "who controls Staryi Saltiv?",
    "what happened in Cherkaski Tyshky?",
    "did Russia take Velyka Komyshuvakha?",
    "хто контролює Рубіжне?",
    "кто контролирует Изюм?",
]


@dataclass
class User:
    id: int
    asked: list[float] = field(default_factory=list)  # loop time of each question


@dataclass
class Bot:
    """The `frontline serve` process, its log and how often it was started."""

    data: Path
    log: Path
    api: LoopbackBotAPI
    process: asyncio.subprocess.Process | None = None
    starts: int = 0

    async def start(self, timeout: float = 180.0) -> float:
        """Start `frontline serve`; return the seconds until it polls."""
        polls = len(self.api.calls("getUpdates"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "FRONTLINE_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=f"{self.api.base_url}/bot",
            FRONTLINE_DATA_DIR=str(self.data), FRONTLINE_ADMIN_IDS=str(ADMIN), HF_HUB_OFFLINE="1",
        )
        started = time.monotonic()
        with self.log.open("ab") as err:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "serve", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=err,
            )
        self.starts += 1
        await self.api.wait_until(lambda: len(self.api.calls("getUpdates")) > polls, timeout, "the bot to poll")
        return time.monotonic() - started

    async def stop(self, sig: signal.Signals) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(sig)
            try:
                await asyncio.wait_for(self.process.wait(), 60)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def questions_pool(corpus: Path | None) -> list[str]:
    pool = list(QUESTIONS)
    questions = corpus.parent / "questions.jsonl" if corpus else None
    if questions is not None and questions.exists():
        for line in questions.read_text(encoding="utf-8").splitlines()[:60]:
            if line.strip():
                pool.append(str(json.loads(line)["question"]))
    return pool


def prepare(data: Path, corpus: Path | None) -> None:
    """Index the bundled sample (and the corpus) into `data` before the run."""
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    cli = [sys.executable, "-m", "bot.cli"]
    subprocess.run([*cli, "stats"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    if corpus is not None:
        subprocess.run([*cli, "ingest", str(corpus)], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)


async def ask_repeatedly(api: LoopbackBotAPI, user: User, pool: list[str], until: float, rng: random.Random) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(rng.uniform(0, 6))
    while loop.time() < until:
        api.send_text(user.id, rng.choice(pool), token=TOKEN)
        user.asked.append(loop.time())
        await asyncio.sleep(rng.uniform(6, 12))


def replies_of(messages: list[SentMessage]) -> tuple[list[SentMessage], int, int]:
    """Return (answers, error notices, slow-down notices) among a chat's messages."""
    answers: list[SentMessage] = []
    seen: set[str] = set()
    errors = slowed = 0
    for message in messages:
        ids = {d.split(":")[1] for d in message.callback_data if d.startswith("v:")}
        if ids:
            if not ids <= seen:
                answers.append(message)
            seen |= ids
        elif message.text.startswith(ERROR_NOTICE):
            errors += 1
        elif message.text.startswith(SLOW_DOWN):
            slowed += 1
    return answers, errors, slowed


async def watch_arrivals(api: LoopbackBotAPI, arrived: dict[tuple[int, int], float], until: float) -> None:
    """Note when each bot message first appears (loop time), for latencies."""
    loop = asyncio.get_running_loop()
    while loop.time() < until:
        for message in api.sent(token=TOKEN):
            arrived.setdefault((message.chat_id, message.message_id), loop.time())
        await asyncio.sleep(0.1)


async def soak(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="frontline-soak-"))
    data = work / "data"
    corpus = args.corpus if args.corpus and args.corpus.exists() else None
    print(f"preparing {data} (sample{' + ' + str(corpus) if corpus else ''}) …", flush=True)
    prepare(data, corpus)
    pool = questions_pool(corpus)
    users = [User(FIRST_USER + i) for i in range(args.users)]
    loop = asyncio.get_running_loop()
    async with LoopbackBotAPI() as api:
        api.add_bot(TOKEN)
        bot = Bot(data, work / "serve.log", api)
        first_start = await bot.start()
        if args.send_delay:
            # Questions are in flight when the bot is killed: confirmed to Telegram but not yet
            # answered ("typing…" under way), or with their reply under way.
            api.delay("sendChatAction", args.send_delay)
            api.delay("sendMessage", args.send_delay)
        began = loop.time()
        until = began + args.duration
        arrived: dict[tuple[int, int], float] = {}
        watcher = asyncio.create_task(watch_arrivals(api, arrived, until + args.drain + 10))
        askers = [asyncio.create_task(ask_repeatedly(api, u, pool, until, rng)) for u in users]

        await asyncio.sleep(args.duration * args.reindex_at)
        api.send_text(ADMIN, "/reindex", token=TOKEN)
        print(f"{loop.time() - began:5.1f} s  admin: /reindex", flush=True)
        await asyncio.sleep(max(0.0, began + args.duration * args.kill_at - loop.time()))
        in_flight = {m: sum(1 for c in api.calls(m) if not c.status) for m in ("sendChatAction", "sendMessage")}
        await bot.stop(signal.SIGKILL)
        print(f"{loop.time() - began:5.1f} s  SIGKILL (calls under way: {in_flight})", flush=True)
        restart = await bot.start()
        print(f"{loop.time() - began:5.1f} s  restarted, polling after {restart:.1f} s", flush=True)

        await asyncio.gather(*askers)
        api.clear_faults()
        asked = sum(len(u.asked) for u in users)
        print(f"{loop.time() - began:5.1f} s  {asked} questions sent; waiting for the last replies", flush=True)

        def replied(user: User) -> int:
            answers, errors, _ = replies_of(api.sent(user.id, token=TOKEN))
            return len(answers) + errors

        def answered() -> bool:
            return all(replied(u) >= len(u.asked) for u in users)

        try:
            await api.wait_until(answered, args.drain, "every question answered")
        except TimeoutError:
            print(f"not every question was answered within {args.drain:g} s", flush=True)
        await asyncio.sleep(3)  # a duplicate would arrive by now
        admin = [m.text for m in api.sent(ADMIN, token=TOKEN)]
        await bot.stop(signal.SIGTERM)
        watcher.cancel()

        lost = duplicated = errors = slowed = received = 0
        latencies: list[float] = []
        for user in users:
            answers, user_errors, user_slowed = replies_of(api.sent(user.id, token=TOKEN))
            replies = len(answers) + user_errors
            received += replies
            lost += max(0, len(user.asked) - replies)
            duplicated += max(0, replies - len(user.asked))
            errors += user_errors
            slowed += user_slowed
            for at, message in zip(user.asked, answers, strict=False):
                latencies.append(arrived.get((message.chat_id, message.message_id), at) - at)
        log = bot.log.read_text(errors="replace")

    latencies.sort()
    print()
    print(f"users {args.users}, {args.duration:g} s, bot started {bot.starts} times "
          f"(first start {first_start:.1f} s, after SIGKILL {restart:.1f} s)")
    print(f"questions sent      {asked}")
    print(f"replies received    {received}  (error notices {errors}, slow-down notices {slowed})")
    print(f"lost                {lost}")
    print(f"duplicated          {duplicated}")
    if latencies:
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        print(f"latency             median {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, max {latencies[-1]:.2f} s"
              f" (sendChatAction and sendMessage delayed {args.send_delay:g} s each)")
    print(f"replayed after kill {log.count('cut off when the bot stopped)')} updates; "
          f"{log.count('taken as delivered')} replies in flight not sent again")
    reindexed = [t for t in admin if t.startswith("Reindexed")]
    print(f"admin /reindex      {reindexed[-1] if reindexed else 'no summary: ' + repr(admin[-1:])}")
    print(f"token in the bot's log: {'YES' if TOKEN in log else 'no'}")
    failed = lost or duplicated or errors or TOKEN in log
    if failed or args.keep:
        print(f"work directory (log: serve.log): {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of questions")
    parser.add_argument("--kill-at", type=float, default=0.5, help="when to SIGKILL, as a share of --duration")
    parser.add_argument("--reindex-at", type=float, default=0.48, help="when the admin sends /reindex (the kill then lands during it)")
    parser.add_argument("--send-delay", type=float, default=0.3, help="seconds each sendChatAction and sendMessage take")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds to wait for the last replies")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "articles.jsonl")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if not (0 < args.reindex_at < args.kill_at < 1) or args.users < 1 or args.duration <= 0:
        parser.error("need 0 < --reindex-at < --kill-at < 1, --users >= 1 and --duration > 0")
    return asyncio.run(soak(args))


if __name__ == "__main__":
    sys.exit(main())
