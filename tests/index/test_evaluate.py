"""`frontline eval`: figures on a tiny question file over the bundled sample and one invented article."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from index.embedding import Embedder
from index.engine import Engine
from index.eval_rules import expected_intent, lead_fits, time_frame_text
from index.evaluate import (
    BadQuestionFile,
    BadSplitFile,
    Outcome,
    Question,
    _figures,
    _verbatim,
    evaluate_file,
    format_report,
    load_questions,
    load_splits,
)
from index.models import Citation
from tests.conftest import SHARED, make_engine

SAMPLE = Path(__file__).resolve().parents[2] / "index" / "sample" / "newsweek-2022-05-10-kharkiv.txt"
SAMPLE_ID = "newsweek-2022-05-10-kharkiv"

# Invented: no such village, district or outlet.
INVENTED = {
    "id": "inv-dovhe-pole",
    "url": None,
    "source": "Invented Gazette",
    "published": "2022-05-12",
    "title": "Troops push out of Dovhe Pole",
    "lang": "en",
    "topic": "story-a",
    "text": (
        "Troops push out of Dovhe Pole\n"
        "The Ukrainian General Staff said on Thursday that its forces had pushed Russian troops "
        "out of the village of Dovhe Pole in the Zelenotrav district after three days of fighting.\n"
        "The claim could not be independently verified. Local officials said the bridge over the "
        "Zelena river had been destroyed during the retreat and that residents were asked to stay "
        "in shelters until engineers cleared the roads."
    ),
}

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "t1", "question": "What villages north of Kharkiv did Ukrainian troops take?",
        "kind": "event", "lang": "en", "relevant_ids": [SAMPLE_ID],
        "answer_keys": ["slobozhanske", "borshchova"], "expected_holder": None,
        "verified_by_text": "unverified", "notes": "unknown fields are ignored",
    },
    {
        "id": "t2", "question": "Who pushed Russian troops out of Dovhe Pole?",
        "kind": "control", "relevant_ids": ["inv-dovhe-pole"],
        "answer_keys": ["dovhe pole"], "expected_holder": "Ukraine", "verified_by_text": "attributed",
    },
    {
        "id": "t3", "question": "Who controls Pidhirne-Zavodske?", "kind": "unanswerable",
        "relevant_ids": [], "answer_keys": [], "expected_holder": None,
    },
]


# Invented too: a second story, so that figures split by topic.
INVENTED_B = {
    "id": "inv-kryva-balka",
    "url": None,
    "source": "Invented Herald",
    "published": "2024-03-02",
    "title": "Ukrainian troops liberate Kryva Balka",
    "lang": "en",
    "topic": "story-b",
    "text": (
        "Ukrainian troops liberate Kryva Balka\n"
        "Ukraine's General Staff said on Saturday that Ukrainian troops had liberated the village of "
        "Kryva Balka in the Sukhorich district and raised the national flag over the village council.\n"
        "The claim has not been independently confirmed. Residents of the nearby hamlets were told "
        "that the road to the district centre would stay closed for another week."
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("eval")
    articles = folder / "invented.jsonl"
    articles.write_text(json.dumps(INVENTED) + "\n" + json.dumps(INVENTED_B) + "\n", encoding="utf-8")
    eng = make_engine(folder / "data", embedder)
    eng.ingest([SAMPLE, articles])
    yield eng
    eng.close()


def write_questions(path: Path, rows: list[dict[str, Any]] | list[str]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = write_questions(tmp_path_factory.mktemp("q") / "questions.jsonl", QUESTIONS)
    return evaluate_file(engine, path, k=8)


def test_relevant_article_is_cited_first(report: dict[str, Any]) -> None:
    overall = report["overall"]
    assert overall["answerable"] == 2
    assert overall["top1"] == 1.0
    assert overall["top5"] == 1.0
    assert overall["mrr"] == 1.0
    assert {d["id"]: d["rank"]["hybrid"] for d in report["details"]} == {"t1": 1, "t2": 1, "t3": None}


def test_answer_keys_are_found_in_the_quotes(report: dict[str, Any]) -> None:
    assert report["overall"]["answer_keys"] == 1.0
    assert report["overall"]["answer_keys_n"] == 2


def test_unanswerable_question_counts_as_not_found(report: dict[str, Any]) -> None:
    overall = report["overall"]
    assert overall["unanswerable_n"] == 1
    assert overall["not_found_recall"] == 1.0
    assert overall["not_found_precision"] == 1.0


def test_an_unanswerable_question_whose_absent_names_the_store_holds_is_set_aside(
    engine: Engine, tmp_path: Path
) -> None:
    # Written for a corpus without Dovhe Pole (as corpus2's bq054 was for one without Velykyi Burluk);
    # this store holds the article about it, so "unanswerable" is no label for this store.
    rows = QUESTIONS + [
        {
            "id": "t4", "question": "Who controls Dovhe Pole?", "kind": "unanswerable", "relevant_ids": [],
            "answer_keys": [], "expected_holder": None, "absent_terms": ["dovhe pole", "довге поле"],
        },
        {
            "id": "t5", "question": "Who controls Pidhirne-Zavodske now?", "kind": "unanswerable",
            "relevant_ids": [], "answer_keys": [], "absent_terms": ["pidhirne-zavodske"],
        },
    ]
    report = evaluate_file(engine, write_questions(tmp_path / "q.jsonl", rows), k=8)
    overall = report["overall"]
    assert overall["unanswerable_set_aside"] == ["t4"]
    assert overall["unanswerable_n"] == 2 and overall["not_found_recall"] == 1.0
    assert overall["not_found_precision"] == 1.0
    assert {d["id"]: d["absent_terms_held"] for d in report["details"]}["t4"] == ["dovhe pole", "довге поле"]
    assert "set aside (absent names held) t4" in format_report(report)


def test_holder_and_caveat_figures_count_their_questions(report: dict[str, Any]) -> None:
    overall = report["overall"]
    assert overall["holder_n"] == 1
    assert overall["holder_accuracy"] in (0.0, 1.0)
    assert overall["caveat_n"] == 2
    # The sample calls its own maps "unverified": that answer must say so.
    t1 = next(d for d in report["details"] if d["id"] == "t1")
    assert {"unverified", "attributed", "belligerent_claim"} & set(t1["caveats"])


def test_baselines_are_measured_in_the_same_run(report: dict[str, Any]) -> None:
    assert set(report["retrieval"]) == {"hybrid", "dense", "text"}
    for mode in ("dense", "text"):
        baseline = report["baselines"][mode]
        assert baseline["answerable"] == 2
        assert set(baseline["ratio"]) == {"top1", "top5", "top10", "mrr"}


def test_groups_by_kind_and_language(report: dict[str, Any]) -> None:
    assert list(report["by_kind"]) == ["control", "event", "unanswerable"]
    assert report["by_kind"]["unanswerable"]["not_found_recall"] == 1.0
    # t2 and t3 have no `lang`: it is detected from the question.
    assert report["by_lang"]["en"]["n"] == 3


def test_report_is_json_and_text(report: dict[str, Any]) -> None:
    assert json.loads(json.dumps(report)) == report
    text = format_report(report)
    for heading in ("retrieval", "hybrid", "dense", "text", "not_found recall", "by kind", "by language"):
        assert heading in text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "x", "question": "Who holds Kharkiv?", "kind": "opinion"}', "`kind` must be one of"),
        ('{"id": "x", "kind": "control"}', "`question` must be a non-empty string"),
        ('{"id": "x", "question": "q?", "kind": "control", "relevant_ids": "p1"}', "`relevant_ids` must be a list"),
        ('{"id": "x", "question": "q?", "kind": "control", "expected_holder": "NATO"}', "`expected_holder`"),
    ],
)
def test_malformed_line_is_reported_with_its_number(tmp_path: Path, line: str, reason: str) -> None:
    path = write_questions(tmp_path / "q.jsonl", [QUESTIONS[0], "", line])
    with pytest.raises(BadQuestionFile) as caught:
        load_questions(path)
    assert f"q.jsonl:3: {reason}" in str(caught.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = write_questions(tmp_path / "q.jsonl", [QUESTIONS[0], QUESTIONS[0]])
    with pytest.raises(BadQuestionFile, match=r"q.jsonl:2: question id 't1' is used twice"):
        load_questions(path)


def test_cli_eval_exits_2_on_a_malformed_file(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(engine.settings.data_dir))
    path = write_questions(tmp_path / "q.jsonl", [QUESTIONS[0], "{oops"])
    assert main(["eval", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontline: ") and "q.jsonl:2: not valid JSON" in err
    assert "\n" not in err


def test_cli_eval_json_prints_the_report(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(engine.settings.data_dir))
    path = write_questions(tmp_path / "q.jsonl", QUESTIONS)
    assert main(["eval", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["overall"]["top5"] == 1.0
    assert printed["questions"] == 3


# -- truthfulness figures (issue 9) ------------------------------------------------------

# The gold of t5 is wrong on purpose: the article says Ukraine, the gold says Russia, so the
# engine's right answer is counted as a flip. t6 expects "contested" with a time frame.
TRUTH_QUESTIONS: list[dict[str, Any]] = [
    *QUESTIONS,
    {
        "id": "t4", "question": "Who controls Kryva Balka?", "kind": "control",
        "relevant_ids": ["inv-kryva-balka"], "answer_keys": ["kryva balka"], "expected_holder": "Ukraine",
        "verified_by_text": "unverified",
    },
    {
        "id": "t5", "question": "Who holds Kryva Balka now?", "kind": "control",
        "relevant_ids": ["inv-kryva-balka"], "answer_keys": ["kryva balka"], "expected_holder": "Russia",
    },
    {
        "id": "t6", "question": "Who held Dovhe Pole in mid-May 2022?", "kind": "control",
        "relevant_ids": ["inv-dovhe-pole"], "answer_keys": ["dovhe pole"], "expected_holder": "contested",
    },
    {
        "id": "t7", "question": "When did Ukrainian troops liberate Kryva Balka?", "kind": "event",
        "relevant_ids": ["inv-kryva-balka"], "answer_keys": ["liberated"],
    },
]
SPLITS = {"tune": ["story-a"], "holdout": ["story-b"]}


@pytest.fixture(scope="module")
def truth_report(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = write_questions(tmp_path_factory.mktemp("truth") / "questions.jsonl", TRUTH_QUESTIONS)
    return evaluate_file(engine, path, k=8, splits={k: frozenset(v) for k, v in SPLITS.items()})


def details(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in report["details"]}


def test_a_side_swapped_against_the_gold_is_a_flip(truth_report: dict[str, Any]) -> None:
    d = details(truth_report)
    assert d["t4"]["holder"] == "Ukraine" and d["t5"]["holder"] == "Ukraine"
    overall = truth_report["overall"]
    assert overall["flips"] == 1
    assert overall["flips_n"] == 3  # t2, t4, t5 expect a side
    assert overall["holder_confusion"]["Russia"]["Ukraine"] == 1
    assert overall["holder_confusion"]["Ukraine"]["Ukraine"] >= 1


def test_expected_contested_counts_in_contested_recall(truth_report: dict[str, Any]) -> None:
    overall = truth_report["overall"]
    got = details(truth_report)["t6"]["holder"]
    assert overall["contested_n"] == 1
    assert overall["contested_recall"] == (1.0 if got == "contested" else 0.0)
    assert overall["holder_confusion"]["contested"][got or "none"] == 1


def test_time_framed_questions_are_read_from_the_question(truth_report: dict[str, Any]) -> None:
    d = details(truth_report)
    assert d["t6"]["time_frame"] is not None and "2022" in d["t6"]["time_frame"]
    assert d["t4"]["time_frame"] is None and d["t5"]["time_frame"] is None
    overall = truth_report["overall"]
    assert overall["timeframed_holder_n"] == 1
    assert overall["timeframed_holder_accuracy"] == (1.0 if d["t6"]["holder"] == "contested" else 0.0)


def test_intents_and_leads_are_judged_on_answerable_questions(truth_report: dict[str, Any]) -> None:
    d = details(truth_report)
    assert [d[i]["intent"] for i in ("t1", "t2", "t3", "t4", "t7")] == ["event", "control", None, "control", "date"]
    # "Newest claim on who holds Kryva Balka: Ukraine, per …" names the holder.
    assert d["t4"]["lead_fits"] is True
    assert d["t3"]["lead_fits"] is None
    overall = truth_report["overall"]
    assert overall["lead_n"] == 6
    assert overall["lead_fits_intent"] == round(sum(bool(d[i]["lead_fits"]) for i in d) / 6, 4)


def test_every_quote_is_verbatim_and_none_is_falsely_not_found(truth_report: dict[str, Any]) -> None:
    overall = truth_report["overall"]
    assert overall["quotes_n"] > 0
    assert overall["quotes_verbatim"] == 1.0 and overall["quotes_not_verbatim"] == 0
    assert overall["false_not_found"] == 0.0 and overall["false_not_found_count"] == 0


def test_a_quote_off_its_offsets_is_not_verbatim(engine: Engine) -> None:
    text = str(INVENTED_B["text"])
    start = text.index("Ukraine's General Staff")
    good = Citation(1, "inv-kryva-balka", None, None, None, None, "p", text[start : start + 30], 1.0,
                    start, start + 30)
    assert _verbatim(engine, good, {})
    assert not _verbatim(engine, Citation(**{**good.__dict__, "quote_start": start + 1, "quote_end": start + 31}), {})
    assert not _verbatim(engine, Citation(**{**good.__dict__, "quote": "Russian troops"}), {})


def test_figures_per_topic_and_per_split(truth_report: dict[str, Any]) -> None:
    d = details(truth_report)
    assert d["t2"]["topic"] == "story-a" and d["t4"]["topic"] == "story-b"
    assert d["t1"]["topic"] is None  # the bundled sample carries no topic
    by_topic = truth_report["by_topic"]
    assert set(by_topic) == {"story-a", "story-b", "(no topic)"}
    assert by_topic["story-b"]["n"] == 3 and by_topic["story-b"]["flips"] == 1
    assert by_topic["story-a"]["flips"] == 0
    splits = truth_report["splits"]
    assert list(splits) == ["tune", "holdout", "(outside)"]
    assert splits["tune"]["n"] == 2 and splits["tune"]["topics"] == ["story-a"]
    assert splits["holdout"]["n"] == 3 and splits["holdout"]["flips"] == 1
    assert splits["(outside)"]["n"] == 2  # t1 (no topic) and the unanswerable t3


def test_report_text_shows_the_truth_figures(truth_report: dict[str, Any]) -> None:
    assert json.loads(json.dumps(truth_report)) == truth_report
    text = format_report(truth_report)
    for heading in ("flips (Ukraine <-> Russia)", "contested recall", "holder acc., time-framed",
                    "lead fits intent", "false not_found", "quotes verbatim", "holder confusion",
                    "by topic", "story-b", "by split", "holdout"):
        assert heading in text


def outcome(qid: str, expected: str | None, got: str | None, frame: str | None = None) -> Outcome:
    q = Question(qid, "Who holds X?", "control", "en", ("a1",), (), expected, None, frame, "control", "t")
    return Outcome(q, "hybrid", "answered", ("a1",), 1, True, got, (), None, 1.0, lead_fits=True)


def test_holder_figures_count_each_cell() -> None:
    figures = _figures([
        outcome("1", "Ukraine", "Russia"),  # a flip
        outcome("2", "Russia", "Ukraine", "in May 2022"),  # a flip, time-framed
        outcome("3", "Russia", "contested"),  # not a flip
        outcome("4", "contested", "contested", "on 9 May"),
        outcome("5", "contested", None),
        outcome("6", "Ukraine", "unknown"),
    ])
    assert figures["flips"] == 2 and figures["flips_n"] == 4
    assert figures["contested_recall"] == 0.5 and figures["contested_n"] == 2
    assert figures["contested_precision"] == 0.5 and figures["said_contested_n"] == 2
    assert figures["timeframed_holder_accuracy"] == 0.5 and figures["timeframed_holder_n"] == 2
    assert figures["holder_confusion"]["contested"] == {
        "Ukraine": 0, "Russia": 0, "contested": 1, "unknown": 0, "none": 1,
    }
    assert "unknown" not in figures["holder_confusion"]  # no question expected it


@pytest.mark.parametrize(
    ("question", "lang", "framed"),
    [
        ("Who held Zelenyi Hai on 9 November 2022?", "en", True),
        ("Who controlled Zelenyi Hai after September 10, 2024?", "en", True),
        ("Who held Zelenyi Hai at the end of 2023?", "en", True),
        ("Did Russia hold Zelenyi Hai in late January 2026?", "en", True),
        ("Хто контролював Зелений Гай наприкінці березня 2025 року?", "uk", True),
        ("Кто 15 мая занял Зеленый Гай?", "ru", True),
        ("Who controls Zelenyi Hai?", "en", False),
        ("Who holds Zelenyi Hai according to the newest reports?", "en", False),
        ("Were troops pushed to within 3-4 km of Zelenyi Hai?", "en", False),
        ("Did Zelenyi Hai fall in three days?", "en", False),
    ],
)
def test_time_frame_detection(question: str, lang: str, framed: bool) -> None:
    assert (time_frame_text(question, lang) is not None) is framed


@pytest.mark.parametrize(
    ("question", "kind", "lang", "intent"),
    [
        ("Who controls Zelenyi Hai?", "control", "en", "control"),
        ("When did Russian forces capture Zelenyi Hai?", "event", "en", "date"),
        ("On what date did Zelenyi Hai fall?", "variant", "en", "date"),
        ("What did the Institute for the Study of War say about Zelenyi Hai?", "source", "en", "source"),
        ("Who said Zelenyi Hai had been captured?", "source", "en", "source"),
        ("Did the General Staff confirm the capture of Zelenyi Hai?", "source", "en", "verification"),
        ("Did Russia take Zelenyi Hai?", "variant", "en", "control"),
        ("Why did the army leave Zelenyi Hai?", "variant", "en", "event"),
        ("Коли ЗСУ звільнили Зелений Гай?", "multilingual", "uk", "date"),
        ("Взяла ли Россия Зеленый Гай?", "multilingual", "ru", "control"),
        ("Who controls Zelenyi Hai?", "unanswerable", "en", None),
    ],
)
def test_expected_intent(question: str, kind: str, lang: str, intent: str | None) -> None:
    assert expected_intent(question, kind, lang) == intent


@pytest.mark.parametrize(
    ("intent", "answer", "fits"),
    [
        ("control", {"holder": "Russia", "answer": "Newest claim: Russia took X, per the army [1]."}, True),
        ("control", {"holder": None, "answer": "From the sources (1 May 2022): X [1]: “…”"}, False),
        ("control", {"holder": "contested", "answer": "Claims on X are disputed [1][2]."}, True),
        ("date", {"holder": None, "answer": "On 4 October 2022, per the marines [1], the flag went up."}, True),
        ("date", {"holder": None, "answer": "From the sources (undated): X's own reporting [1]: “…”"}, False),
        ("date", {"holder": None, "answer": "4 October 2022 [1]."}, False),  # no one gives the date
        ("source", {"holder": None, "answer": "ISW assessed that X “likely” fell [1]."}, True),
        ("source", {"holder": "Russia", "answer": "Newest claim on who holds X: Russia, per ISW [1]."}, False),
        ("verification", {"holder": None, "answer": "Not confirmed: Kyiv denied it [1]."}, True),
        ("verification", {"holder": None, "answer": "Zelenskyy [2]: “We cannot say that X is lost”"}, True),
        ("verification", {"holder": "Russia", "answer": "Newest claim on who holds X: Russia, per Moscow [1]."}, False),
        ("control", {"holder": "unknown", "answer": "Сохранённые статьи не устанавливают, кто контролирует X."}, True),
        ("event", {"holder": None, "answer": "Troops crossed the river, per the army [1]."}, True),
        ("event", {"status": "not_found", "holder": None, "answer": "I found nothing [1]."}, False),
    ],
)
def test_lead_fits_intent(intent: str, answer: dict[str, Any], fits: bool) -> None:
    assert lead_fits(intent, {"status": "answered", **answer}, "en") is fits


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{oops", "not valid JSON"),
        ('{"tune": ["a"]}', "expected {\"splits\""),
        ('{"splits": {"tune": []}}', "split 'tune' must be a non-empty list"),
        ('{"splits": {"tune": "a"}}', "split 'tune' must be a non-empty list"),
    ],
)
def test_malformed_split_file_is_refused(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "splits.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadSplitFile, match=re.escape(reason)):
        load_splits(path)


def test_the_project_split_names_every_shared_story() -> None:
    splits = load_splits(Path(__file__).resolve().parents[2] / "benchmarks" / "splits.json")
    assert set(splits) == {"tune", "holdout"}
    assert not splits["tune"] & splits["holdout"]
    shared = SHARED
    if not (shared / "corpus2" / "articles.jsonl").is_file():
        pytest.skip("../shared/corpus2 is absent: the split's topics are not checked against it")
    topics = {
        json.loads(line).get("topic")
        for name in ("corpus", "corpus2")
        for line in (shared / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert topics == splits["tune"] | splits["holdout"]


def test_cli_eval_topics_and_split(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(engine.settings.data_dir))
    path = write_questions(tmp_path / "q.jsonl", TRUTH_QUESTIONS)
    split = tmp_path / "splits.json"
    split.write_text(json.dumps({"splits": SPLITS}), encoding="utf-8")
    assert main(["eval", str(path), "--json", "--topics", "story-b", "--split", str(split)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["questions"] == 3 and printed["topics"] == ["story-b"]
    assert printed["splits"]["holdout"]["n"] == 3 and printed["splits"]["tune"]["n"] == 0
    assert main(["eval", str(path), "--topics", "story-z"]) == 2
    assert "no question is about the topics story-z" in capsys.readouterr().err
    assert main(["eval", str(path), "--split", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: no such file" in capsys.readouterr().err
