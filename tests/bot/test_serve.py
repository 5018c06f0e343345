"""`frontline serve`: settings checked at start-up with one-line errors; runs and stops cleanly; no token in logs."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.cli import main
from bot.settings import BotSettings, settings_error
from tests.bot.conftest import ADMIN, TOKEN, USER, ask
from tests.support.loopback_api import LoopbackBotAPI

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "FRONTLINE_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def test_admin_ids_are_numbers_separated_by_commas(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("FRONTLINE_ADMIN_IDS", " 42, 7 ,")
    assert BotSettings().admin_ids == {42, 7}
    clean_env.setenv("FRONTLINE_ADMIN_IDS", "42,@boss")
    with pytest.raises(ValidationError) as error:
        BotSettings()
    assert settings_error(error.value) == (
        "FRONTLINE_ADMIN_IDS: '@boss' is not a Telegram user id; give numeric ids separated by "
        "commas (ask @userinfobot for yours), not @usernames"
    )


def test_no_admin_ids_means_nobody_is_admin(clean_env: pytest.MonkeyPatch) -> None:
    assert BotSettings().admin_ids == frozenset()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot"), ("https://api.example/bot", "https://api.example/bot")],
)
def test_the_api_base_url_is_the_part_before_the_token(clean_env: pytest.MonkeyPatch, value: str, expected: str) -> None:
    clean_env.setenv("TELEGRAM_API_BASE_URL", value)
    assert BotSettings().api_base_url == expected


def test_the_webhook_secret_is_generated_when_unset(clean_env: pytest.MonkeyPatch) -> None:
    first, second = BotSettings().webhook_secret.get_secret_value(), BotSettings().webhook_secret.get_secret_value()
    assert first != second and len(first) >= 32


def test_serve_without_a_token_exits_2_with_one_line(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "frontline: TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and "
        "export TELEGRAM_BOT_TOKEN=<its token>\n"
    )


def test_serve_with_a_bad_setting_exits_2_naming_it(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    clean_env.setenv("FRONTLINE_PORT", "eighty")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("frontline: bad setting: FRONTLINE_PORT: ") and err.count("\n") == 1


async def test_the_token_never_appears_in_logs(api: LoopbackBotAPI, bot: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # even if someone turns httpx up
    api.fail_next("sendMessage", status=500, count=1)
    await ask(api, USER, "who holds Rubizhne?", timeout=30)
    api.fail_next("*", status=400, count=1, description="Bad Request: chat not found")
    api.send_text(USER, "/start")
    await ask(api, ADMIN, "/stats")
    assert "HTTP Request" in caplog.text  # httpx did log the request URLs...
    assert TOKEN not in caplog.text  # ...with the token redacted
    assert not [r for r in caplog.records if TOKEN in (r.exc_text or "") or TOKEN in r.getMessage()]


def serve_env(api: LoopbackBotAPI, data: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "FRONTLINE_"))}
    return {
        **env, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": f"{api.base_url}/bot",
        "FRONTLINE_DATA_DIR": str(data), "FRONTLINE_ADMIN_IDS": str(ADMIN), "HF_HUB_OFFLINE": "1",
    }


async def test_frontline_serve_answers_and_stops_cleanly_on_sigterm(api: LoopbackBotAPI, tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", cwd=ROOT, env=serve_env(api, tmp_path / "empty", TOKEN),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        # An empty data dir: serve indexes the bundled sample first, then answers from it.
        [reply] = await ask(api, USER, "who holds Rubizhne?", timeout=120)
        assert "@War_Mapper" in reply.text
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, err.decode()
    assert TOKEN.encode() not in err
    assert b"Traceback" not in err


async def test_a_token_telegram_rejects_is_one_line_without_the_token(api: LoopbackBotAPI, tmp_path: Path) -> None:
    rejected = "999:not-registered-token"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", cwd=ROOT, env=serve_env(api, tmp_path / "empty", rejected),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 2
    assert err.decode().splitlines()[-1] == "frontline: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather"
    assert rejected.encode() not in err
