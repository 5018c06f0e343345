"""The heartbeat file: touched while the bot fetches updates, gone when it stops; the check reads its age."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, running
from bot.heartbeat import ENV, age, beat, main
from bot.settings import BotSettings
from index.engine import Engine
from tests.support.loopback_api import LoopbackBotAPI

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_file_has_no_age(tmp_path: Path) -> None:
    assert age(tmp_path / "heartbeat") is None


def test_a_beat_makes_the_file_new_again(tmp_path: Path) -> None:
    path = tmp_path / "run" / "heartbeat"
    beat(path)
    os.utime(path, (time.time() - 600, time.time() - 600))
    assert age(path) == pytest.approx(600, abs=5)
    beat(path)
    assert age(path) == pytest.approx(0, abs=5)


@pytest.mark.parametrize(
    ("seconds_ago", "status", "says"),
    [
        (None, 1, "unhealthy: no heartbeat yet"),
        (500, 1, "unhealthy: last heartbeat 500 s ago (limit 60 s)"),
        (10, 0, "healthy: last heartbeat 10 s ago"),
    ],
)
def test_the_check_passes_only_for_a_fresh_heartbeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seconds_ago: int | None, status: int, says: str
) -> None:
    path = tmp_path / "heartbeat"
    if seconds_ago is not None:
        beat(path)
        os.utime(path, (time.time() - seconds_ago, time.time() - seconds_ago))
    assert main([str(path)]) == status
    assert capsys.readouterr().out.startswith(says)


def test_the_check_reads_the_path_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert main([]) == 1
    assert capsys.readouterr().out == f"no heartbeat file: set {ENV} or give its path\n"
    beat(tmp_path / "heartbeat")
    monkeypatch.setenv(ENV, str(tmp_path / "heartbeat"))
    assert main(["--max-age", "5"]) == 0


def test_the_check_imports_nothing_heavy() -> None:
    code = "import sys, bot.heartbeat; print(sorted({'telegram', 'index', 'numpy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_the_bot_beats_while_it_takes_updates_and_removes_the_file_when_it_stops(
    api: LoopbackBotAPI, settings: BotSettings, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setattr("bot.app.BEAT_EVERY", 0.5)
    path = tmp_path / "heartbeat"
    update: dict[str, Any] = {"heartbeat_file": path}
    if mode == "webhook":
        port = free_port()
        update |= {"webhook_url": f"http://127.0.0.1:{port}/telegram/hook", "webhook_listen": "127.0.0.1", "port": port}
    settings = settings.model_copy(update=update)
    application: Any = build_application(settings, engine)
    async with running(application, settings):
        beats = set()
        for _ in range(100):
            if path.exists():
                beats.add(path.stat().st_mtime_ns)
            if len(beats) >= 2:  # touched, then touched again
                break
            await asyncio.sleep(0.1)
        assert len(beats) >= 2
    assert not path.exists()
