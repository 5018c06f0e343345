"""`frontline bench`: its parts that need no corpus (the measuring runs in CI's smoke run)."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import pytest

from benchmarks.bench import (
    Figure,
    Report,
    Sentence,
    format_report,
    make_paragraphs,
    parse_sizes,
    run_bench,
    scale_articles,
)
from index.errors import FrontlineError
from index.passages import split_passages


@pytest.mark.parametrize(
    ("text", "quick", "sizes"),
    [
        (None, True, [1_000, 10_000]),
        (None, False, [1_000, 10_000, 100_000, 1_000_000]),
        ("1000,10k,1m", False, [1_000, 10_000, 1_000_000]),
        (" 2_000 , 5K ", True, [2_000, 5_000]),
    ],
)
def test_sizes_come_from_the_option_or_the_mode(text: str | None, quick: bool, sizes: list[int]) -> None:
    assert parse_sizes(text, quick) == sizes


@pytest.mark.parametrize("text", ["ten", "1000,", "-5", "0"])
def test_bad_sizes_are_refused_with_the_form_expected(text: str) -> None:
    with pytest.raises(FrontlineError, match="comma-separated passage counts"):
        parse_sizes(text, False)


def test_ratio_is_above_one_when_better_than_the_baseline() -> None:
    assert Figure("rate", 300.0, "passages/s", 75.0).ratio == 4.0
    latency = Figure("p95", 10.0, "ms", 40.0, higher_is_better=False, target=25.0)
    assert latency.ratio == 4.0
    assert latency.meets_target is True
    assert Figure("p95", 30.0, "ms", higher_is_better=False, target=25.0).meets_target is False


def test_report_prints_each_figure_with_its_baseline_and_as_json() -> None:
    report = Report(machine={"cpu": "Test CPU", "cores": 2, "memory_gib": 1.0, "python": "3.11"})
    report.add(Figure("ingest throughput", 300.0, "passages/s", 75.0, "fp32 encode", target=250.0))
    text = format_report(report)
    assert "ingest throughput" in text and "×4.00" in text and "fp32 encode" in text and "ok" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["figures"][0]["ratio"] == 4.0 and data["figures"][0]["meets_target"] is True


def test_missing_corpus_is_reported_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("benchmarks.bench.find_corpus", lambda given: None)
    args = argparse.Namespace(quick=True, json=True, sizes=None, corpus=None)
    assert run_bench(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert "absent" in out["skipped"][0]


def test_scale_articles_recombine_sentences_with_claims_at_their_place() -> None:
    # Invented places and outlets.
    pool = [
        Sentence("Ukrainian forces said they had retaken the village of Zorivka on Monday.", "Gazette", None, "en"),
        Sentence("Russian troops withdrew from Dovhe Pole after three days of fighting there.", "Courier", None, "en"),
        Sentence("Local officials said the bridge over the Zelena river had been destroyed.", "Gazette", None, "en"),
    ]
    paragraphs = make_paragraphs(6, pool, random.Random(1))
    article, chosen, claims = next(scale_articles(paragraphs, random.Random(2)))
    assert article.text == "\n".join(p.text for p in chosen)
    assert claims, "the pool's claims travel with its paragraphs"
    for claim in claims:
        assert claim.article_id == article.id
        assert article.text[claim.start : claim.end].strip()
    assert any(p.kind == "body" for p in split_passages(article))


def test_bench_outside_a_checkout_says_where_the_benchmarks_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot.cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(bot.cli, "__file__", str(tmp_path / "site-packages" / "bot" / "cli.py"))
    assert bot.cli.main(["bench", "--quick"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "benchmarks/ folder" in err and "pip install -e '.[bench]'" in err


def test_the_wheel_packages_hold_no_test_double_and_no_benchmark() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    packages = project["tool"]["setuptools"]["packages"]
    assert all(name.split(".")[0] in {"index", "bot"} for name in packages)
    shipped = [p for name in packages for p in (root / name.replace(".", "/")).glob("*.py")]
    assert not [p for p in shipped if "loopback" in p.name or "bench" in p.name]
    runtime = " ".join(project["project"]["dependencies"])
    assert "psutil" not in runtime and "aiohttp" not in runtime


def test_map_bench_draws_real_settlements_and_reports_time_and_memory(tmp_path: Path) -> None:
    from benchmarks.bench import bench_map

    report = Report(machine={"cpu": "Test CPU", "cores": 2, "memory_gib": 1.0, "python": "3.11"})
    bench_map(report, tmp_path, runs=1)
    figures = {f.name: f for f in report.figures}
    speed = figures["map of 60 settlements (render, warm)"]
    memory = figures["map of 60 settlements: extra peak memory"]
    assert speed.value and speed.value > 0 and speed.target == 2.0 and "labelled" in speed.note
    assert memory.value is not None and 0 <= memory.value < 200
    assert figures["map of 2,000 settlements (render, warm)"].value
