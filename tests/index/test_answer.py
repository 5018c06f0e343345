"""What a user reads: answers over the bundled sample and small invented articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.engine import Engine
from index.errors import EmptyQuestion, QuestionTooLong
from index.models import Answer


def ingest_rows(engine: Engine, folder: Path, rows: list[dict]) -> None:
    """Write small invented articles as a JSONL file and ingest it."""
    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    engine.ingest([path])


def kinds(answer: Answer) -> set[str]:
    return {c.kind for c in answer.caveats}


def assert_quotes_verbatim(engine: Engine, answer: Answer) -> None:
    for c in list(answer.citations) + list(answer.more):
        article = engine.store.article(c.article_id)
        assert article is not None and c.quote in article.text


def test_who_holds_rubizhne_names_the_claimant_caveat_date_and_outlet(sample_engine: Engine) -> None:
    answer = sample_engine.ask("who holds Rubizhne?")
    assert answer.status == "answered"
    assert "@War_Mapper" in answer.answer
    assert "not been officially confirmed" in answer.answer
    assert answer.as_of is not None and answer.as_of.isoformat() == "2022-05-10"
    assert answer.citations[0].source == "Newsweek"
    assert "Rubizhne" in answer.citations[0].quote
    assert {"unverified", "single_source", "stale"} <= kinds(answer)
    assert_quotes_verbatim(sample_engine, answer)


def test_every_statement_carries_a_citation_number(sample_engine: Engine) -> None:
    answer = sample_engine.ask("What did the ISW say about Izyum?")
    quoted = [s for s in answer.statements if s.citations]
    assert quoted
    for s in quoted:
        assert all(f"[{n}]" in s.text for n in s.citations)


@pytest.mark.parametrize("question", ["Who holds Ruski Tyshki?", "Хто контролює Руські Тишки?", "who holds rus'ki tyshky"])
def test_place_spellings_find_the_same_passage(sample_engine: Engine, question: str) -> None:
    answer = sample_engine.ask(question)
    assert answer.status == "answered"
    assert any("Tyshky" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question", ["Who holds Robotyne?", "Did Wagner take Soledar?", "Хто контролює Курахове?"])
def test_places_absent_from_the_corpus_get_not_found_and_no_citations(sample_engine: Engine, question: str) -> None:
    answer = sample_engine.ask(question)
    assert answer.status == "not_found"
    assert answer.citations == ()
    assert answer.answer


def test_a_question_in_ukrainian_gets_ukrainian_words(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Хто контролює Рубіжне?")
    assert answer.lang == "uk"
    assert "Джерела" in answer.answer
    assert "@War_Mapper" in answer.answer


def test_empty_and_overlong_questions_are_refused(sample_engine: Engine) -> None:
    with pytest.raises(EmptyQuestion):
        sample_engine.ask("   ?! ")
    with pytest.raises(QuestionTooLong):
        sample_engine.ask("who holds Rubizhne " * 600)


def test_a_belligerent_claim_is_flagged_and_its_unverified_statement_travels(invented_engine: Engine) -> None:
    answer = invented_engine.ask("Did Russia capture Zorianka?")
    assert answer.status == "answered"
    assert "belligerent_claim" in kinds(answer)
    assert "unverified" in kinds(answer)
    assert_quotes_verbatim(invented_engine, answer)


def test_sources_that_disagree_are_named_with_dates(invented_engine: Engine) -> None:
    answer = invented_engine.ask("Who controls Zorianka?")
    assert answer.holder is not None
    conflict = [c for c in answer.caveats if c.kind == "conflict"]
    assert conflict, answer.answer
    assert len(conflict[0].citations) == 2


def test_an_undated_source_says_which_dates_its_text_mentions(invented_engine: Engine) -> None:
    answer = invented_engine.ask("What happened to the bridge at Tykhyi Brid?")
    undated = [c for c in answer.caveats if c.kind == "undated"]
    assert undated and "14 June 2023" in undated[0].text


def test_answer_object_follows_the_contract(sample_engine: Engine) -> None:
    data = sample_engine.ask("who holds Rubizhne?").to_json()
    assert set(data) >= {"question", "status", "answer", "holder", "as_of", "citations", "caveats", "places"}
    assert data["status"] in {"answered", "not_found", "ambiguous"}
    for c in data["citations"]:
        assert set(c) >= {"n", "article_id", "url", "title", "source", "published", "passage_id", "quote", "score"}
    allowed = {"unverified", "attributed", "belligerent_claim", "conflict", "stale", "undated", "ambiguous_place", "single_source"}
    assert {c["kind"] for c in data["caveats"]} <= allowed


def test_what_was_said_after_the_time_asked_about_comes_last_and_never_leads(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    articles = [
        {"id": "march", "source": "example.org", "published": "2024-03-02", "lang": "en",
         "text": "Zorianka taken\nRussia's defence ministry said on Saturday that its troops had captured Zorianka."},
        {"id": "july", "source": "example.net", "published": "2024-07-10", "lang": "en",
         "text": "Zorianka retaken\nThe General Staff of Ukraine said on Wednesday that Ukrainian troops "
                 "had liberated Zorianka."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("Who held Zorianka in early March 2024?")

    number = {c.article_id: c.n for c in answer.citations}
    assert set(number) == {"march", "july"}, answer.answer
    lead, *quoted = answer.statements
    assert number["july"] not in lead.citations, lead.text
    assert [s.citations for s in quoted] == [(number["march"],), (number["july"],)], answer.answer
    assert quoted[-1].text.startswith("Later, after the time asked about (10 July 2024)")


def test_an_answer_quotes_more_sources_before_a_second_sentence_of_one(fresh_engine: Engine, tmp_path: Path) -> None:
    wordy = ("Shelling in Zorianka\nShelling hit Zorianka on Monday, damaging the school in Zorianka.\n"
             "Residents of Zorianka said the shelling of Zorianka lasted all night.\n"
             "Zorianka's mayor said shelling had cut the power in Zorianka.")
    articles = [
        {"id": "wordy", "source": "wordy.example", "published": "2024-03-02", "lang": "en", "text": wordy},
        {"id": "second", "source": "second.example", "published": "2024-03-03", "lang": "en",
         "text": "Zorianka\nVolunteers brought water to Zorianka after the shelling."},
        {"id": "third", "source": "third.example", "published": "2024-03-04", "lang": "en",
         "text": "Zorianka\nA reporter in Zorianka saw the damaged school."},
        {"id": "fourth", "source": "fourth.example", "published": "2024-03-05", "lang": "en",
         "text": "Zorianka\nTeachers in Zorianka moved lessons online."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("What happened to the shelled school in Zorianka?")

    assert {c.article_id for c in answer.citations} == {"wordy", "second", "third", "fourth"}, answer.answer


def test_who_said_a_party_took_a_place_is_answered_by_the_speaker_not_by_the_party(sample_engine: Engine) -> None:
    answer = sample_engine.ask("Who said Ukraine's armed forces took Rubizhne?")
    assert answer.statements[0].text.startswith("@War_Mapper [1]: “"), answer.answer
    assert "quote nothing" not in answer.answer


@pytest.mark.parametrize(
    "question",
    ["Was the claim that Ukrainian troops took Rubizhne confirmed?", "Did anyone confirm that Ukraine retook Rubizhne?"],
)
def test_was_it_confirmed_leads_with_the_sources_word_on_confirmation(sample_engine: Engine, question: str) -> None:
    answer = sample_engine.ask(question)
    lead = answer.statements[0]
    assert lead.text.startswith("On whether it was confirmed: Newsweek [1]: “These claims have not been officially")
    assert lead.citations == (1,)


def test_a_syndicated_sentence_is_quoted_once_leaving_room_for_other_voices(fresh_engine: Engine, tmp_path: Path) -> None:
    copy = "Ukrainian troops retreated from Ostrivka, the governor of {} region said on Sunday."
    articles = [
        {"id": f"copy{n}", "source": f"outlet{n}.example", "published": "2024-03-02", "lang": "en",
         "text": "Ostrivka\n" + ("May 8 (Wire) - " if n % 2 else "") + copy.format("the Zorianka" if n % 2 else "Zorianka")}
        for n in range(4)
    ] + [
        {"id": "kadyr", "source": "other.example", "published": "2024-03-01", "lang": "en",
         "text": "Ostrivka\nA Russian commander had said on Saturday his troops had taken control of most of Ostrivka."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("Who said Ukrainian troops retreated from Ostrivka, and who claimed it first?")

    cited = {c.article_id for c in answer.citations}
    assert "kadyr" in cited and len(cited & {f"copy{n}" for n in range(4)}) == 1, answer.answer


def test_an_undated_withdrawal_after_the_only_known_liberation_leads_and_says_why(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    articles = [
        {"id": "liberated", "source": "example.org", "published": "2023-08-16", "lang": "en",
         "text": "Zorianka liberated\nUkraine's General Staff said on Wednesday that Ukrainian troops had liberated "
                 "the village of Zorianka."},
        {"id": "withdrew", "source": "example.net", "published": None, "lang": "en",
         "text": "Withdrawal\nUkrainian forces had to withdraw from the village of Zorianka, Ukraine's General Staff "
                 "said."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("Who holds Zorianka?")

    assert answer.holder == "Russia", answer.answer
    number = {c.article_id: c.n for c in answer.citations}
    lead, *quoted = answer.statements
    assert lead.citations == (number["withdrew"],), lead.text
    assert "a loss can only come after Ukraine took the place (16 August 2023)" in lead.text
    # The undated page is neither the "latest" nor an "earlier" claim: no one knows when it was written.
    assert any(s.text.startswith("Undated:") and s.citations == (number["withdrew"],) for s in quoted), answer.answer


def test_a_disagreement_shows_each_sides_date_no_more_precisely_than_known(fresh_engine: Engine, tmp_path: Path) -> None:
    articles = [
        {"id": "taken", "source": "example.org", "published": None, "lang": "en",
         "text": "Zelenivka\nRussian forces took control of the village of Zelenivka, Russia's defence ministry said. "
                 "The assault began on 20 March 2025."},
        {"id": "held", "source": "example.net", "published": None, "lang": "en",
         "text": "Zelenivka\nUkrainian forces restored control over the village of Zelenivka, Ukraine's General Staff "
                 "said. The counterattack began on 22 March 2025."},
        {"id": "before", "source": "example.com", "published": "2025-07-25", "lang": "en",
         "text": "Front report\nEarlier, Russian troops had taken the village of Ostrivka."},
        {"id": "after", "source": "example.com", "published": "2026-01-14", "lang": "en",
         "text": "Front report\nRussian troops are trying to gain a foothold in the village of Ostrivka, a Ukrainian "
                 "army spokesman said."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("Who holds Zelenivka?")
    assert answer.holder == "contested", answer.answer
    [conflict] = [c.text for c in answer.caveats if c.kind == "conflict"]
    assert "undated, not before 20 March 2025" in conflict and "undated, not before 22 March 2025" in conflict

    # Attacks after the other side's last word: contested, the attacks' side named as an implication.
    answer = fresh_engine.ask("Who holds Ostrivka?")
    assert answer.holder == "contested", answer.answer
    lead = answer.statements[0].text
    assert "held by Ukraine, by implication (the other side is attacking it)" in lead, lead
    assert "held by Russia" in lead, lead


def test_a_when_question_without_a_dated_sentence_says_when_it_was_reported_not_the_wars_date(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    articles = [
        {"id": "taken", "source": "example.org", "published": "2024-09-19", "lang": "en",
         "text": "Zorianka\nRussia's defence ministry declared that its troops had liberated Zorianka, a town of "
                 "10,000 people before the full-scale invasion of Ukraine in February 2022."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("When did Russian forces capture Zorianka?")
    lead = answer.statements[0].text
    assert "February 2022" not in lead, lead
    assert lead.startswith("No source gives the date of the deed itself") and "19 September 2024" in lead, lead


def test_only_claims_about_the_place_asked_back_its_holder(fresh_engine: Engine, tmp_path: Path) -> None:
    articles = [
        {"id": "near", "source": "example.org", "published": "2025-01-27", "lang": "en",
         "text": "Zorianka\nRussian troops are trying to capture Zorianka, the regional governor said."},
        {"id": "other", "source": "example.net", "published": "2025-01-28", "lang": "en",
         "text": "Ostrivka\nUkrainian forces hold Ostrivka, near Zorianka, the General Staff said."},
    ]
    ingest_rows(fresh_engine, tmp_path, articles)

    answer = fresh_engine.ask("Who controls Zorianka?")
    number = {c.article_id: c.n for c in answer.citations}
    lead = answer.statements[0]
    assert answer.holder == "Ukraine", answer.answer
    assert "other" not in number or number["other"] not in lead.citations, lead.text
