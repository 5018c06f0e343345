from __future__ import annotations

import json

import pytest

from index.articles import read_paths
from index.models import Article
from index.passages import MAX_PASSAGE_CHARS, paragraph_kind, sentences, split_passages
from tests.conftest import INVENTED


def sample_article() -> Article:
    from importlib import resources
    from pathlib import Path

    path = Path(str(resources.files("index.sample").joinpath("newsweek-2022-05-10-kharkiv.txt")))
    (article,) = list(read_paths([path]))
    assert isinstance(article, Article)
    return article


def all_test_articles() -> list[Article]:
    articles = [a for a in read_paths([INVENTED]) if isinstance(a, Article)]
    return [sample_article(), *articles]


@pytest.mark.parametrize("article", all_test_articles(), ids=lambda a: a.id)
def test_every_passage_and_sentence_is_a_verbatim_slice(article: Article) -> None:
    for passage in split_passages(article):
        assert article.text[passage.start : passage.end] == passage.text
        for span in sentences(passage.text, passage.start):
            assert article.text[span.start : span.end] == span.text


def test_passages_keep_reading_order_and_fit_the_model_window() -> None:
    article = Article(id="long", text=" ".join(["The brigade held the line near Zorianka."] * 60))
    passages = split_passages(article)
    assert len(passages) > 1
    assert [p.position for p in passages] == list(range(len(passages)))
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert passages == sorted(passages, key=lambda p: p.start)


def test_passage_ids_depend_on_content() -> None:
    a = Article(id="x", text="Troops entered Zorianka on Monday, officials said.")
    b = Article(id="x", text="Troops left Zorianka on Monday, officials said.")
    assert split_passages(a)[0].id == split_passages(a)[0].id
    assert split_passages(a)[0].id != split_passages(b)[0].id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Moscow announced it on Nov. 9. Troops left the next day.", 2),
        ("The U.S. official said so. Kyiv denied it.", 2),
        ("Gen. Ivanov spoke. He was brief.", 2),
        ("Вони відійшли 3 жовтня 2022 р. Місто звільнили пізніше.", 2),
        ("Is it true? Nobody knows.", 2),
        ("First line\nSecond line", 2),
    ],
)
def test_sentences_do_not_break_at_abbreviations(text: str, expected: int) -> None:
    assert len(sentences(text)) == expected


def test_seed_tag_line_and_photo_caption_are_not_body_text() -> None:
    kinds = {p.text[:30]: p.kind for p in split_passages(sample_article())}
    assert kinds["Ukraine #Ukraine"] == "tagline"
    caption = next(k for k in kinds if k.startswith("Ukrainian tank crews"))
    assert kinds[caption] == "caption"
    assert sum(1 for kind in kinds.values() if kind == "body") >= 10


@pytest.mark.parametrize(
    "paragraph, kind",
    [
        ("Soldiers rest near a river. Photo: Ivan Petrenko / Getty Images", "caption"),
        ("Zorianka #Ukraine", "tagline"),
        ("Russian troops said on Monday they had taken Zorianka after a week of fighting.", "body"),
    ],
)
def test_paragraph_kinds(paragraph: str, kind: str) -> None:
    assert paragraph_kind(paragraph) == kind


def test_invented_jsonl_is_valid() -> None:
    for line in INVENTED.read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["text"]


# -- hostile text: one long paragraph ---------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "paragraph",
    [
        "The brigade held the line near Zorianka on Monday, officials said. Dr. Smith agreed. " * 2400,
        "Shelling resumed" + "!" * 200_000 + " Then it stopped.",  # one run of marks, no space after most
        "Gen. " * 40_000 + "Smith arrived.",
    ],
    ids=["sentences", "marks", "abbreviations"],
)
def test_a_200_kb_paragraph_is_split_in_well_under_a_second_per_100_kb(paragraph: str) -> None:
    import time

    started = time.process_time()
    passages = split_passages(Article(id="long", text=paragraph))
    elapsed = time.process_time() - started

    assert "".join(p.text for p in passages).replace(" ", "") == paragraph.replace(" ", "")
    assert elapsed < 3.0, f"{len(paragraph) // 1000} KB took {elapsed:.1f} s (quadratic splitting?)"


def test_abbreviation_and_year_checks_see_the_whole_word_before() -> None:
    text = "It was 12022 р. Next one. In 2022 р. Місто стояло. Gen. Smith came."
    assert [s.text for s in sentences(text)] == [
        "It was 12022 р. Next one.", "In 2022 р.", "Місто стояло.", "Gen. Smith came.",
    ]


def test_a_paragraph_without_full_stops_is_cut_into_sentences_of_bounded_length() -> None:
    from index.passages import MAX_SENTENCE_CHARS

    text = " ".join(f"word{i}" for i in range(60_000))  # 400 KB, not one full stop
    spans = sentences(text)
    assert len(spans) > 100 and all(len(s.text) <= MAX_SENTENCE_CHARS for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert " ".join(s.text for s in spans) == text
