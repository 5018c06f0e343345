"""Make tests/data/old-datadir: a data directory written by Frontline as it was before named migrations.

Usage (from the repository, which needs its git history):

    .venv/bin/python tests/data/make_old_datadir.py [--commit 3604d6d] [--out tests/data/old-datadir]

It extracts `index/` and `bot/` of that commit (`git archive`) into a
temporary folder and runs them there, in a process of their own, over a fresh
data directory: the old code indexes the bundled sample article (as a first
`frontline ask` does), answers a question, and stores bot state the way the
old bot did (an answer behind buttons, a 👎 vote, a feed with a seen entry, a
watch with a notice sent, a handled update and an unfinished one with a call
in flight). The folder it leaves is what tests/test_upgrade.py opens with
today's code; `made.json` beside it says how it was made.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The last main with the schema of before named migrations (SCHEMA_VERSION 1,
# bot tables in index/store.py).
COMMIT = "3604d6d"
QUESTION = "who holds Rubizhne?"

# Runs inside the old code's folder: only its own API of that time.
OLD_CODE = r"""
import json, sys
from pathlib import Path
from index.engine import Engine
from index.settings import Settings
from index.store import SCHEMA_VERSION, Store

question = sys.argv[1]
engine = Engine(Settings())
engine.ensure_sample()
answer = engine.ask(question)
store = Store(engine.settings.db_path)
cited = [c.to_json() for c in answer.citations]
store.save_bot_answer("old-answer", 1001, 1001, question, "en", cited)
store.record_vote("old-answer", 1001, -1, question, [c["passage_id"] for c in cited])
store.add_feed("https://feeds.example.org/front.xml", 42)
store.mark_entry_seen("https://feeds.example.org/a/1", "https://feeds.example.org/front.xml", None, "HTTP 404")
claim = engine.timeline("Rubizhne")[0][0]
store.add_watch(1001, claim.place_key, "Rubizhne", "en")
store.mark_notified(1001, [claim.id])
store.journal_update(123456, 1, json.dumps({"update_id": 1}))
store.finish_update(123456, 1)
store.journal_update(123456, 2, json.dumps({"update_id": 2, "message": {"text": question}}))
store.resume_update(123456, 2)
store.journal_call(123456, 2, 0, "sendMessage", "sending", None)
store.close()
engine.close()
print(json.dumps({"schema_version": SCHEMA_VERSION, "answer": answer.to_json(), "claim_id": claim.id,
                  "place_key": claim.place_key}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "old-datadir")
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{args.commit}^{{commit}}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="frontline-old-") as tmp:
        code, data = Path(tmp) / "code", Path(tmp) / "data"
        archive = Path(tmp) / "code.tar"
        with archive.open("wb") as out:
            subprocess.run(["git", "-C", str(ROOT), "archive", commit, "index", "bot"], stdout=out, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(code, filter="data")
        env = {**os.environ, "FRONTLINE_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(code)}
        result = subprocess.run(
            [sys.executable, "-c", OLD_CODE, QUESTION], cwd=code, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        made = json.loads(result.stdout.strip().splitlines()[-1])
        for leftover in [*data.glob("*-wal"), *data.glob("*-shm"), *data.glob("*.lock")]:
            leftover.unlink()
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(data, args.out)
    made.update(commit=commit, question=QUESTION, command="python tests/data/make_old_datadir.py")
    (args.out / "made.json").write_text(json.dumps(made, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (Frontline {commit[:10]}, schema {made['schema_version']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
