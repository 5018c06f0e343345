"""Killing ingest or reindex at any moment loses nothing and corrupts nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.embedding import Embedder
from index.engine import Engine
from index.passages import split_passages
from tests.conftest import make_engine

ROOT = Path(__file__).resolve().parents[2]
VILLAGES = ["Zorianka", "Verbivets", "Lypova Balka", "Tykhyi Brid", "Krutohirne", "Sosnivtsi"]


def write_batch(path: Path, n: int, tag: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            village = VILLAGES[i % len(VILLAGES)]
            text = (
                f"Report {tag} {i}\n"
                f"Ukrainian troops repelled an assault near {village} on day {i}, the General Staff said.\n"
                f"Residents of {village} described shelling that lasted {i % 7 + 2} hours, reporter {tag}-{i} wrote.\n"
                f"The claim about {village} could not be independently verified."
            )
            f.write(json.dumps({"id": f"{tag}-{i}", "source": f"outlet{i % 5}.example", "published": "2024-05-01", "text": text}) + "\n")


def start(*args: str, data: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def kill_after(proc: subprocess.Popen[str], seconds: float) -> None:
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def assert_consistent(data: Path, embedder: Embedder) -> Engine:
    conn = sqlite3.connect(data / "frontline.db")
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
    engine = make_engine(data, embedder)
    for article in engine.store.articles().values():
        stored = [p.id for p in engine.store.article_passages(article.id)]
        assert stored == [p.id for p in split_passages(article)], f"{article.id} is half-stored"
    answer = engine.ask("Who holds Zorianka?")
    assert answer.status == "answered"
    return engine


@pytest.mark.parametrize("delay", [2.0, 5.0, 8.0])
def test_a_killed_ingest_leaves_the_last_index_serving_and_a_rerun_finishes(
    tmp_path: Path, embedder: Embedder, delay: float
) -> None:
    data = tmp_path / "data"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_batch(first, 5, "a")
    write_batch(second, 3000, "b")
    seed = make_engine(data, embedder)
    seed.ingest([first])
    version = seed.versions.current()
    seed.close()

    kill_after(start("ingest", str(second), data=data), delay)

    engine = assert_consistent(data, embedder)
    assert engine.versions.current() is not None and engine.versions.current() >= (version or 0)
    report = engine.ingest([second])
    assert not report.rejected
    assert not engine.index_behind()
    assert engine.store.article_count() == 3005
    assert engine.index().manifest.count == engine.store.searchable_count()


def test_a_killed_reindex_keeps_the_previous_version_serving(tmp_path: Path, embedder: Embedder) -> None:
    data = tmp_path / "data"
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 3000, "c")
    engine = make_engine(data, embedder)
    engine.ingest([batch])
    before = engine.versions.current()
    engine.close()

    proc = start("reindex", data=data)
    time.sleep(6.0)
    kill_after(proc, 0.1)

    engine = assert_consistent(data, embedder)
    assert engine.versions.current() in (before, (before or 0) + 1)
    assert not [p for p in (data / "index").iterdir() if p.name.startswith(".tmp-")] or engine.reindex()
    assert engine.check() == []


def lock_is_held(path: Path) -> bool:
    import fcntl

    if not path.exists():
        return False
    with path.open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
        return False


def test_a_second_admin_operation_in_another_process_is_told_to_wait(tmp_path: Path, embedder: Embedder) -> None:
    from index.errors import Busy

    data = tmp_path / "data"
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, 3000, "d")
    engine = make_engine(data, embedder)
    proc = start("ingest", str(batch), data=data)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not lock_is_held(data / ".admin.lock"):
            time.sleep(0.05)
        assert lock_is_held(data / ".admin.lock"), "the ingest never took the admin lock"
        with pytest.raises(Busy, match="try again"):
            engine.reindex()
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 0
    engine.reindex()  # free again once the other process is done
    engine.close()
