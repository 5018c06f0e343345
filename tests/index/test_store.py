from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.errors import FrontlineError
from index.models import Article
from index.passages import split_passages
from index.store import SCHEMA_VERSION, Store, fts_quote


def article(text: str = "Ukrainian troops took Rus’ki Tyshky on Tuesday, the governor said.", **kw: object) -> Article:
    return Article(id=str(kw.pop("id", "a1")), text=text, source="example.org", **kw)  # type: ignore[arg-type]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "f.db")


def save(store: Store, a: Article) -> str:
    return store.save_article(a, split_passages(a))


def test_saving_the_same_article_twice_changes_nothing(store: Store) -> None:
    assert save(store, article()) == "added"
    assert save(store, article()) == "unchanged"
    assert store.stats().articles == 1


def test_new_text_under_the_same_id_replaces_passages(store: Store) -> None:
    save(store, article())
    assert save(store, article("Russian troops entered Zorianka, officials said.")) == "updated"
    texts = [p.text for p in store.article_passages("a1")]
    assert texts == ["Russian troops entered Zorianka, officials said."]
    assert store.fulltext(["tyshky"], [], 10) == []


def test_same_url_or_same_text_is_the_same_article(store: Store) -> None:
    save(store, article(url="https://e.org/1"))
    assert store.find_same(article(id="other", url="https://e.org/1")) is not None
    assert store.find_same(article(id="other")) is not None
    assert store.find_same(article("Different text.", id="other")) is None


@pytest.mark.parametrize("typed", ["Ruski", "rus'ki", "RUS’KI", "Руські"])
def test_full_text_matches_place_names_as_users_type_them(store: Store, typed: str) -> None:
    from index.places import place_key
    from index.search import analyze

    save(store, article())
    query = analyze(f"Who holds {typed} Tyshky?")
    assert store.fulltext(query.terms, [place_key(f"{typed} Tyshky")], 10)


def test_cyrillic_query_finds_latin_text(store: Store) -> None:
    from index.search import analyze

    save(store, article("Ukrainian troops took Rubizhne northwest of Kharkiv."))
    query = analyze("Хто контролює Рубіжне?")
    assert store.fulltext(query.terms, query.keys, 10)


def test_fts_syntax_in_user_text_is_quoted(store: Store) -> None:
    save(store, article())
    for nasty in ['"', "NEAR(", "a*", "-x", "tyshky OR", "col:umn"]:
        store.fulltext([nasty], [nasty], 10)  # must not raise
    assert fts_quote('say "hi"') == '"say ""hi"""'


def test_delete_removes_passages_claims_and_full_text(store: Store) -> None:
    save(store, article())
    store.delete_article("a1")
    assert store.article("a1") is None
    assert store.article_passages("a1") == []
    assert store.fulltext(["tyshky"], [], 10) == []


def test_schema_version_is_recorded_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "f.db")
    assert store.schema_version() == SCHEMA_VERSION
    store.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    store.close()
    with pytest.raises(FrontlineError, match="newer Frontline"):
        Store(tmp_path / "f.db")


def test_metadata_and_dates_round_trip(store: Store) -> None:
    from datetime import date

    a = article(published=date(2024, 3, 2), published_inferred=True, metadata={"dup_group": "g1"})
    save(store, a)
    back = store.article("a1")
    assert back is not None
    assert back == a and back.metadata == {"dup_group": "g1"}
    assert replace(back, text="x") != a


def test_migrations_are_named_recorded_once_and_hold_no_bot_table(tmp_path: Path) -> None:
    from index.store import MIGRATIONS

    Store(tmp_path / "f.db").close()
    store = Store(tmp_path / "f.db")
    assert store.applied_migrations(MIGRATIONS) == MIGRATIONS.names == [
        "create_articles_passages_claims",
        "index_claims_by_place_and_date",
        "claims_keep_stance_and_date_precision",
        "claims_keep_place_id",
    ]
    assert not [t for t in store.db.table_names() if t.startswith("bot_")]
