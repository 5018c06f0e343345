"""`frontline eval`: figures on a tiny question file over the bundled sample and one invented article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from index.engine import Engine
from index.evaluate import BadQuestionFile, evaluate_file, format_report, load_questions
from index.settings import Settings

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


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("eval")
    articles = folder / "invented.jsonl"
    articles.write_text(json.dumps(INVENTED) + "\n", encoding="utf-8")
    eng = Engine(Settings(data_dir=folder / "data"))
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
