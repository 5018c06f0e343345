"""The bot's own tables: their migrations, and nothing of the engine's."""

from __future__ import annotations

from pathlib import Path

from bot.store import MIGRATIONS, BotStore
from index.store import Store


def test_the_bot_store_creates_only_its_own_tables(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "f.db")
    assert store.applied_migrations(MIGRATIONS) == MIGRATIONS.names == ["create_bot_tables"]
    assert {t for t in store.db.table_names() if not t.startswith("bot_")} == {"_sqlite_migrations"}


def test_bot_and_engine_migrate_the_same_file_in_either_order(tmp_path: Path) -> None:
    BotStore(tmp_path / "a.db").close()
    Store(tmp_path / "a.db").close()
    Store(tmp_path / "b.db").close()
    BotStore(tmp_path / "b.db").close()
    for name in ("a.db", "b.db"):
        assert set(Store(tmp_path / name).db.table_names()) == set(Store(tmp_path / "a.db").db.table_names())


def test_a_watch_is_kept_once_per_chat_and_place(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "f.db")
    assert store.add_watch(7, "rbzhn", "Rubizhne", "en") is True
    assert store.add_watch(7, "rbzhn", "Рубіжне", "uk") is False
    assert store.watchers(["rbzhn"]) == [{"chat_id": 7, "place_key": "rbzhn", "place": "Rubizhne", "lang": "en"}]
    assert store.drop_watch(7, "rbzhn") is True and store.watches(7) == []
