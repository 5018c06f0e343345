"""A data directory written before named migrations opens, migrates, and answers the same.

tests/data/old-datadir was made by tests/data/make_old_datadir.py from the
main of before this change (schema version 1, the bot's tables kept by
index/store.py); made.json says how. The test works on a copy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import MIGRATIONS as BOT_MIGRATIONS
from bot.store import BotStore
from index.embedding import Embedder
from index.engine import Engine
from index.errors import FrontlineError
from index.store import MIGRATIONS as STORE_MIGRATIONS
from index.store import SCHEMA_VERSION
from tests.conftest import TESTS, make_engine

OLD = TESTS / "data" / "old-datadir"
MADE = json.loads((OLD / "made.json").read_text(encoding="utf-8"))


def tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


@pytest.fixture()
def old_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(OLD, folder)
    return folder


@pytest.fixture()
def migrated(old_dir: Path, embedder: Embedder) -> Iterator[Engine]:
    engine = make_engine(old_dir, embedder)
    yield engine
    engine.close()


def test_the_kept_directory_is_of_the_old_schema(old_dir: Path) -> None:
    names = tables(old_dir / "frontline.db")
    assert MADE["schema_version"] == 1
    assert "_sqlite_migrations" not in names
    assert {"articles", "passages", "claims", "bot_answers", "bot_updates"} <= names


def test_an_old_directory_is_migrated_by_name_once(migrated: Engine, old_dir: Path) -> None:
    assert migrated.store.applied_migrations(STORE_MIGRATIONS) == STORE_MIGRATIONS.names
    assert migrated.store.schema_version() == SCHEMA_VERSION
    bot = BotStore(old_dir / "frontline.db")
    assert bot.applied_migrations(BOT_MIGRATIONS) == BOT_MIGRATIONS.names
    bot.close()
    again = BotStore(old_dir / "frontline.db")
    with sqlite3.connect(old_dir / "frontline.db") as conn:
        rows = conn.execute("select migration_set, name from _sqlite_migrations").fetchall()
    again.close()
    assert sorted(rows) == sorted(
        [("frontline.store", n) for n in STORE_MIGRATIONS.names]
        + [("frontline.bot", n) for n in BOT_MIGRATIONS.names]
    )


def test_an_old_directory_answers_as_a_fresh_one_from_the_index_it_had(
    migrated: Engine, sample_engine: Engine, old_dir: Path
) -> None:
    question = MADE["question"]
    assert migrated.ask(question).to_json() == sample_engine.ask(question).to_json()
    assert (old_dir / "index" / "CURRENT").read_text().strip() == "v000001"
    old_citations = [(c["passage_id"], c["quote"]) for c in MADE["answer"]["citations"]]
    assert [(c.passage_id, c.quote) for c in migrated.ask(question).citations] == old_citations


def test_the_old_bot_state_is_kept(migrated: Engine, old_dir: Path) -> None:
    bot = BotStore(old_dir / "frontline.db")
    stored = bot.answer("old-answer")
    assert stored is not None and stored["citations"] == MADE["answer"]["citations"]
    [voted] = bot.downvoted_answers(10)
    assert voted["answer_id"] == "old-answer" and voted["votes"] == 1
    [feed] = bot.feeds()
    assert feed["url"] == "https://feeds.example.org/front.xml" and feed["entries"] == 1
    assert bot.unseen_entries(["https://feeds.example.org/a/1"]) == []
    assert bot.watches(1001) == [{"place_key": MADE["place_key"], "place": "Rubizhne", "lang": "en"}]
    assert bot.claim_unnotified(1001, [MADE["claim_id"]]) == []
    [(update_id, body, attempts)] = bot.unfinished_updates(123456)
    assert (update_id, attempts) == (2, 1) and json.loads(body)["update_id"] == 2
    assert bot.resume_update(123456, 2) == (2, [(0, "sendMessage", "sending", None)])
    bot.close()


def test_a_directory_migrated_by_a_newer_frontline_is_refused(old_dir: Path) -> None:
    BotStore(old_dir / "frontline.db").close()
    with sqlite3.connect(old_dir / "frontline.db") as conn:
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) values (?, ?, ?)",
            ["frontline.bot", "from_the_future", "2099-01-01"],
        )
    with pytest.raises(FrontlineError, match="newer Frontline.*from_the_future"):
        BotStore(old_dir / "frontline.db")
