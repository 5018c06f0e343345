"""The `frontline` command line as a user runs it: exit codes, one-line errors, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, data: Path, stdin: str | None = None, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_first_ask_on_an_empty_data_dir_answers_from_the_sample_and_says_nothing_else(
    data: Path, tmp_path: Path
) -> None:
    # A fresh models folder too, as on a fresh clone: the model is converted on this run.
    result = run("ask", "who holds Rubizhne?", data=data, FRONTLINE_MODELS_DIR=str(tmp_path / "models"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Who holds Rubizhne: Ukraine, per @War_Mapper (10 May 2022) [1].")
    assert "@War_Mapper" in result.stdout
    assert "not been officially confirmed" in result.stdout
    assert "Newsweek" in result.stdout and "10 May 2022" in result.stdout
    # No "Loading weights" bar, no library warning: the answer and nothing else.
    assert result.stderr == ""


@pytest.mark.parametrize("question", ["", "   ", "x" * 10_000])
def test_bad_questions_exit_2_with_one_line_and_no_traceback(data: Path, question: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", question]) == 2
    err = capsys.readouterr().err
    assert err.startswith("frontline: ") and err.count("\n") == 1


def test_ask_json_prints_the_answer_object(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "who holds Rubizhne?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "answered" and answer["citations"][0]["source"] == "Newsweek"


def test_ask_dash_reads_one_question_per_line(data: Path) -> None:
    result = run("ask", "-", "--json", data=data, stdin="who holds Rubizhne?\n\nWho holds Robotyne?\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["status"] for a in answers] == ["answered", "not_found"]


def test_ingest_reports_a_malformed_line_and_keeps_the_good_ones(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"id": "z1", "text": "Ukrainian troops liberated Zorianka on Monday, the General Staff said."}\n'
        "{not json\n"
        '{"id": "z2", "text": "Russian forces shelled Verbivets overnight, the mayor said."}\n',
        encoding="utf-8",
    )
    assert main(["ingest", str(f)]) == 2
    out = capsys.readouterr().out
    assert "added 2" in out and "rejected 1" in out and "a.jsonl:2" in out
    assert main(["ingest", str(f)]) == 2
    assert "unchanged 2" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content, reason",
    [(b"\x00\x01\x02binary", "binary"), (b"caf\xe9 au lait", "UTF-8"), (b"", "empty")],
)
def test_unreadable_files_are_rejected_and_change_nothing(data: Path, tmp_path: Path, content: bytes, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    assert main(["ingest", str(f)]) == 2
    out = capsys.readouterr().out
    assert reason in out and "added 0" in out


def test_unreachable_url_is_a_one_line_error(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--url", "http://127.0.0.1:9/nothing"]) == 2
    assert "rejected 1" in capsys.readouterr().out


def test_stats_json_counts_the_sample(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ask", "who holds Rubizhne?"])
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 1 and stats["passages"] > 10
    assert stats["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert stats["newest"] == "2022-05-10"


def test_rollback_hides_the_last_batch_and_forget_removes_an_article(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "z.txt", tmp_path / "v.txt"
    first.write_text("Zorianka report\nUkrainian troops liberated Zorianka on Monday, the General Staff said.\n", encoding="utf-8")
    second.write_text("Verbivets report\nRussian troops captured Verbivets on Friday, the defence ministry said.\n", encoding="utf-8")
    assert main(["ingest", str(first)]) == 0
    assert main(["ingest", str(second)]) == 0
    assert json.loads(_ask_json("did Russia capture Verbivets?", capsys))["status"] == "answered"
    assert main(["rollback"]) == 0
    assert json.loads(_ask_json("did Russia capture Verbivets?", capsys))["status"] == "not_found"
    zorianka = json.loads(_ask_json("did Ukraine liberate Zorianka?", capsys))
    assert zorianka["status"] == "answered"
    assert main(["forget", "nope"]) == 2
    assert main(["forget", zorianka["citations"][0]["article_id"]]) == 0
    assert json.loads(_ask_json("did Ukraine liberate Zorianka?", capsys))["status"] == "not_found"


def _ask_json(question: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["ask", question, "--json"]) == 0
    return capsys.readouterr().out


def test_usage_errors_exit_2(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nonsense"]) == 2
    assert main(["ask"]) == 2
    assert main(["ingest"]) == 2
    assert "frontline:" in capsys.readouterr().err


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"frontline {command}" in readme, command


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("FRONTLINE_STALE_AFTER_DAYS", "0", "FRONTLINE_STALE_AFTER_DAYS: must be a positive number"),
        ("FRONTLINE_EMBEDDING_MODEL", " ", "FRONTLINE_EMBEDDING_MODEL: FRONTLINE_EMBEDDING_MODEL is empty"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable_without_pydantic_words(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"frontline: bad setting: {message}") and err.count("\n") == 1
    assert "Value error" not in err


def test_map_of_an_oblast_from_a_fresh_data_dir_writes_a_png(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = run("map", "Kharkiv oblast", "-o", str(out), "--as-of", "2022-05-10", data=data)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 50_000
    assert "Kharkiv oblast, as of 10 May 2022" in result.stdout
    assert "[1] Newsweek" in result.stdout and "not verified positions" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["map", "Atlantis"], "not a settlement or an oblast"),
        (["map", "Kharkiv oblast", "--as-of", "10/05/2022"], "YYYY-MM-DD"),
        (["map", "Kharkiv oblast", "--as-of", "2999-01-01"], "in the future"),
        (["map", "Kharkiv oblast", "-o", "map.jpg"], "must end in .png"),
        (["map", "Kharkiv oblast", "--as-of", "2020-01-01"], "begin on 2022-05-"),
    ],
)
def test_map_refuses_bad_input_with_one_line_and_exit_2(
    data: Path, tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ["-o", str(tmp_path / "m.png")] if "-o" not in args else []
    assert main([*args, *out]) == 2
    err = capsys.readouterr().err
    assert err.startswith("frontline: ") and err.count("\n") == 1 and message in err
    assert not (tmp_path / "m.png").exists()
