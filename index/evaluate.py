"""Retrieval and answer quality on a question file, beside dense-only and text-only baselines.

A question file has one JSON object per line (CONTRACTS.md, "Question file").
Every question is asked exactly as the bot would ask it (hybrid search), and
again through each retriever alone, in the same run on the same data, so the
report shows what fusion and the place handling add.

What counts:

- retrieval: the articles an answer cites, its citations first and then its
  "more sources" list, in order, each article counted once; a question is a
  hit at rank r when one of its `relevant_ids` is the r-th article;
- answer keys: an answer is right when the quotes it cites contain any of the
  question's `answer_keys` (lowercase substring match);
- holder accuracy: on control questions with an `expected_holder`;
- not_found precision and recall: against the `unanswerable` questions;
- caveat coverage: a question whose evidence is an attributed or unconfirmed
  claim (`verified_by_text` "attributed" or "unverified") must get an answer
  carrying an unverified, attributed or belligerent_claim caveat.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import FrontlineError
from index.models import Answer
from index.phrases import detect_lang

if TYPE_CHECKING:
    from index.engine import Engine
    from index.search import Mode

KINDS = ("control", "event", "source", "variant", "multilingual", "ambiguous", "unanswerable")
HOLDERS = ("Ukraine", "Russia", "contested", "unknown")
MODES: tuple[Mode, ...] = ("hybrid", "dense", "text")
# Caveats that tell the reader a claim is one side's word or unconfirmed.
CLAIM_CAVEATS = frozenset({"unverified", "attributed", "belligerent_claim"})
NEEDS_CLAIM_CAVEAT = frozenset({"unverified", "attributed"})
TOP = (1, 5, 10)


class BadQuestionFile(FrontlineError):
    """The question file cannot be read, or one of its lines is not a question."""


@dataclass(frozen=True)
class Question:
    """One question of an evaluation file; fields the contract does not name are ignored."""

    id: str
    question: str
    kind: str
    lang: str
    relevant_ids: tuple[str, ...] = ()
    answer_keys: tuple[str, ...] = ()
    expected_holder: str | None = None
    verified_by_text: str | None = None

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable" and bool(self.relevant_ids)


@dataclass(frozen=True)
class Outcome:
    """What one question got in one search mode."""

    question: Question
    mode: str
    status: str | None
    cited: tuple[str, ...]  # article ids, citations then "more", each once
    rank: int | None  # 1-based rank of the first relevant article, None when not cited
    keys_found: bool
    holder: str | None
    caveats: tuple[str, ...]
    error: str | None
    ms: float


def load_questions(path: str | Path) -> list[Question]:
    """Read a question file.

    Args:
        path: a JSON Lines file in the CONTRACTS.md question format. Blank
            lines are skipped; unknown fields are ignored.

    Returns:
        The questions in file order.

    Raises:
        BadQuestionFile: the file is missing or unreadable, or a line is not
            a JSON object with a string `id` and `question` and a known
            `kind` (the message names the line).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BadQuestionFile(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadQuestionFile(f"{path}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        question = _parse_line(line, where)
        if question.id in seen:
            raise BadQuestionFile(f"{where}: question id {question.id!r} is used twice")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise BadQuestionFile(f"{path}: no questions in the file")
    return questions


def _parse_line(line: str, where: str) -> Question:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadQuestionFile(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(raw, dict):
        raise BadQuestionFile(f"{where}: expected a JSON object, got {type(raw).__name__}")
    for name in ("id", "question"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise BadQuestionFile(f"{where}: `{name}` must be a non-empty string")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise BadQuestionFile(f"{where}: `kind` must be one of {', '.join(KINDS)}, not {kind!r}")
    holder = raw.get("expected_holder")
    if holder is not None and holder not in HOLDERS:
        raise BadQuestionFile(
            f"{where}: `expected_holder` must be one of {', '.join(HOLDERS)} or null, not {holder!r}"
        )
    lang = raw.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise BadQuestionFile(f"{where}: `lang` must be a string or null")
    verified = raw.get("verified_by_text")
    return Question(
        id=raw["id"],
        question=raw["question"],
        kind=kind,
        lang=lang or detect_lang(raw["question"]),
        relevant_ids=_strings(raw.get("relevant_ids"), "relevant_ids", where),
        answer_keys=tuple(k.lower() for k in _strings(raw.get("answer_keys"), "answer_keys", where)),
        expected_holder=holder,
        verified_by_text=verified if isinstance(verified, str) else None,
    )


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadQuestionFile(f"{where}: `{name}` must be a list of strings")
    return tuple(value)


# -- asking ------------------------------------------------------------------------


def evaluate_file(engine: Engine, path: str | Path, k: int = 8) -> dict[str, Any]:
    """Ask every question of a file in hybrid, dense-only and text-only mode; measure the answers.

    Args:
        engine: an engine over the data to evaluate (nothing is written to it).
        path: the question file (CONTRACTS.md format).
        k: passages read per answer, as `frontline ask --k`.

    Returns:
        The report, JSON-ready: `overall` (every figure, hybrid search),
        `by_kind` and `by_lang` (the same figures per group), `retrieval`
        (rank figures per mode: hybrid, dense, text), `baselines` (dense and
        text, with their ratio to hybrid), `data` and per-question `details`.

    Raises:
        BadQuestionFile: the file or one of its lines is malformed.
        NoIndex, IndexMismatch: the engine's index cannot be searched.
    """
    questions = load_questions(path)
    vectors = _encode(engine, questions)
    outcomes: dict[str, list[Outcome]] = {mode: [] for mode in MODES}
    for mode in MODES:
        for q in questions:
            outcomes[mode].append(_ask(engine, q, k, mode, vectors.get(q.id)))

    hybrid = outcomes["hybrid"]
    retrieval = {mode: _retrieval(outs) for mode, outs in outcomes.items()}
    stats = engine.stats()
    return {
        "file": str(path),
        "k": k,
        "questions": len(questions),
        "data": {
            "articles": stats.store.articles,
            "passages": stats.store.passages,
            "index_version": stats.index_version,
            "index_kind": stats.index_kind,
            "embedding_model": stats.model,
        },
        "overall": _figures(hybrid),
        "retrieval": retrieval,
        "baselines": {
            mode: {**retrieval[mode], "ratio": _ratios(retrieval["hybrid"], retrieval[mode])}
            for mode in ("dense", "text")
        },
        "by_kind": {kind: _figures(outs) for kind, outs in _groups(hybrid, lambda o: o.question.kind, KINDS)},
        "by_lang": {lang: _figures(outs) for lang, outs in _groups(hybrid, lambda o: o.question.lang)},
        "details": [_detail(q, [outcomes[m][i] for m in MODES]) for i, q in enumerate(questions)],
    }


def _encode(engine: Engine, questions: Sequence[Question]) -> dict[str, Any]:
    """Encode every askable question in one batch (the dense and hybrid runs share them)."""
    texts: dict[str, str] = {}
    for q in questions:
        try:
            texts[q.id] = engine.check_question(q.question)
        except FrontlineError:
            continue
    if not texts:
        return {}
    matrix = engine.embedder.encode(list(texts.values()))
    return dict(zip(texts, matrix))


def _ask(engine: Engine, q: Question, k: int, mode: Mode, vector: Any) -> Outcome:
    started = time.perf_counter()
    try:
        answer: Answer | None = engine.ask(
            q.question, k=k, lang=q.lang if q.lang in ("en", "uk", "ru") else None,
            mode=mode, question_vector=None if mode == "text" else vector,
        )
        error = None
    except FrontlineError as exc:
        answer, error = None, str(exc)
    ms = (time.perf_counter() - started) * 1000
    if answer is None:
        return Outcome(q, mode, None, (), None, False, None, (), error, ms)
    cited = tuple(dict.fromkeys(c.article_id for c in (*answer.citations, *answer.more)))
    relevant = set(q.relevant_ids)
    rank = next((i for i, aid in enumerate(cited, start=1) if aid in relevant), None)
    quotes = " ".join(c.quote for c in answer.citations).lower()
    return Outcome(
        question=q,
        mode=mode,
        status=answer.status,
        cited=cited,
        rank=rank,
        keys_found=any(key in quotes for key in q.answer_keys),
        holder=answer.holder,
        caveats=tuple(c.kind for c in answer.caveats),
        error=None,
        ms=ms,
    )


# -- figures -----------------------------------------------------------------------


def _share(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def _retrieval(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    answerable = [o for o in outcomes if o.question.answerable]
    n = len(answerable)
    figures: dict[str, Any] = {"answerable": n}
    for top in TOP:
        figures[f"top{top}"] = _share(sum(1 for o in answerable if o.rank is not None and o.rank <= top), n)
    figures["mrr"] = round(sum(1 / o.rank for o in answerable if o.rank) / n, 4) if n else None
    times = sorted(o.ms for o in outcomes)
    figures["mean_ms"] = round(sum(times) / len(times), 2) if times else None
    return figures


def _figures(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    figures = {"n": len(outcomes), **_retrieval(outcomes)}
    keyed = [o for o in outcomes if o.question.answerable and o.question.answer_keys]
    figures["answer_keys"] = _share(sum(o.keys_found for o in keyed), len(keyed))
    figures["answer_keys_n"] = len(keyed)
    held = [o for o in outcomes if o.question.kind == "control" and o.question.expected_holder]
    figures["holder_accuracy"] = _share(sum(o.holder == o.question.expected_holder for o in held), len(held))
    figures["holder_n"] = len(held)
    unanswerable = [o for o in outcomes if o.question.kind == "unanswerable"]
    said_not_found = [o for o in outcomes if o.status == "not_found"]
    right = sum(1 for o in said_not_found if o.question.kind == "unanswerable")
    figures["not_found_precision"] = _share(right, len(said_not_found))
    figures["not_found_recall"] = _share(right, len(unanswerable))
    figures["not_found_n"] = len(said_not_found)
    figures["unanswerable_n"] = len(unanswerable)
    needing = [o for o in outcomes if o.question.verified_by_text in NEEDS_CLAIM_CAVEAT]
    figures["caveat_coverage"] = _share(sum(bool(CLAIM_CAVEATS & set(o.caveats)) for o in needing), len(needing))
    figures["caveat_n"] = len(needing)
    figures["errors"] = sum(1 for o in outcomes if o.error)
    return figures


def _ratios(hybrid: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    """hybrid ÷ baseline for each rank figure (above 1: the hybrid search does better)."""
    out: dict[str, float | None] = {}
    for name in ("top1", "top5", "top10", "mrr"):
        h, b = hybrid.get(name), baseline.get(name)
        out[name] = round(h / b, 3) if h is not None and b else None
    return out


def _groups(
    outcomes: Sequence[Outcome], key: Any, order: Iterable[str] = ()
) -> list[tuple[str, list[Outcome]]]:
    groups: dict[str, list[Outcome]] = {name: [] for name in order}
    for o in outcomes:
        groups.setdefault(key(o), []).append(o)
    return [(name, outs) for name, outs in groups.items() if outs]


def _detail(q: Question, per_mode: Sequence[Outcome]) -> dict[str, Any]:
    hybrid = per_mode[0]
    return {
        "id": q.id,
        "kind": q.kind,
        "lang": q.lang,
        "status": hybrid.status,
        "rank": {o.mode: o.rank for o in per_mode},
        "cited": list(hybrid.cited),
        "keys_found": hybrid.keys_found,
        "holder": hybrid.holder,
        "expected_holder": q.expected_holder,
        "caveats": list(hybrid.caveats),
        "error": hybrid.error,
    }


# -- text ------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:4.0f}"


def _count(value: float | None, n: int) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.0f}% ({round(value * n)}/{n})"


def format_report(report: dict[str, Any]) -> str:
    """Render a report from evaluate_file() as plain-text tables (percentages)."""
    o = report["overall"]
    d = report["data"]
    lines = [
        (
            f"frontline eval: {report['file']}: {report['questions']} questions "
            f"({o['answerable']} answerable, {o['unanswerable_n']} unanswerable), k={report['k']}"
        ),
        (
            f"data: {d['articles']} articles, {d['passages']} passages, index version "
            f"{d['index_version']} ({d['index_kind']}), model {d['embedding_model']}"
        ),
        "",
        "retrieval: relevant article cited (citations, then more sources), answerable questions",
        f"{'mode':<8} {'top1':>5} {'top5':>5} {'top10':>5} {'MRR':>5} {'ms/q':>6}   vs hybrid (top5, MRR)",
    ]
    for mode, r in report["retrieval"].items():
        ratio = report["baselines"].get(mode, {}).get("ratio")
        versus = (
            f"   ×{ratio['top5'] or 0:.2f}, ×{ratio['mrr'] or 0:.2f} (hybrid ÷ {mode})" if ratio else ""
        )
        lines.append(
            f"{mode:<8} {_pct(r['top1']):>5} {_pct(r['top5']):>5} {_pct(r['top10']):>5} "
            f"{_pct(r['mrr']):>5} {r['mean_ms'] or 0:6.1f}{versus}"
        )
    lines += [
        "",
        "answers (hybrid)",
        f"  answer keys in the quotes     {_count(o['answer_keys'], o['answer_keys_n'])}",
        f"  holder accuracy (control)     {_count(o['holder_accuracy'], o['holder_n'])}",
        f"  not_found precision           {_count(o['not_found_precision'], o['not_found_n'])}",
        f"  not_found recall              {_count(o['not_found_recall'], o['unanswerable_n'])}",
        f"  caveat coverage               {_count(o['caveat_coverage'], o['caveat_n'])}",
    ]
    if o["errors"]:
        lines.append(f"  questions refused             {o['errors']}")
    for title, groups in (("by kind", report["by_kind"]), ("by language", report["by_lang"])):
        lines += ["", f"{title} (hybrid, %)", _group_header()]
        lines += [_group_row(name, g) for name, g in groups.items()]
    return "\n".join(lines)


def _group_header() -> str:
    return (
        f"{'':<13} {'n':>3} {'top1':>5} {'top5':>5} {'top10':>5} {'MRR':>5} {'keys':>5} "
        f"{'holdr':>5} {'nf-P':>5} {'nf-R':>5} {'cavt':>5}"
    )


def _group_row(name: str, g: dict[str, Any]) -> str:
    cells = [g[f] for f in ("top1", "top5", "top10", "mrr", "answer_keys", "holder_accuracy",
                            "not_found_precision", "not_found_recall", "caveat_coverage")]
    return f"{name:<13} {g['n']:>3} " + " ".join(f"{_pct(c):>5}" for c in cells)
