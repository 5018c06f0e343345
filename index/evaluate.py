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
- not_found precision and recall: against the `unanswerable` questions; an
  unanswerable question whose `absent_terms` (names checked absent from the
  articles its file was written for) the evaluated store does hold, as when
  both corpora are ingested, is set aside from both and listed: the label
  does not hold for that store;
- caveat coverage: a question whose evidence is an attributed or unconfirmed
  claim (`verified_by_text` "attributed" or "unverified") must get an answer
  carrying an unverified, attributed or belligerent_claim caveat.

Truthfulness (issue 9), on the same answers:

- holder confusion (expected × got, "none" when the answer names no holder),
  flips (expected one side, got the other), contested recall and precision;
- holder accuracy on time-framed questions, and how many of those the
  engine read a `time_frame` for;
- lead fits intent: the reply's first line answers what was asked, and the
  engine's `intent` against the one expected (eval_rules.py has the rules);
- false not_found: answerable questions answered not_found;
- quotes verbatim: every cited quote is the article's text at its offsets;
- all of them per `topic` (the majority topic of a question's relevant
  articles, from their stored metadata) and per split (named sets of topics,
  e.g. tune and holdout), so a change can be checked on stories it was not
  tuned on.
"""

from __future__ import annotations

import json
import textwrap
import time
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index import eval_rules
from index.errors import FrontlineError
from index.models import Answer, Citation
from index.phrases import detect_lang

if TYPE_CHECKING:
    from index.engine import Engine
    from index.search import Mode

KINDS = ("control", "event", "source", "variant", "multilingual", "ambiguous", "unanswerable")
HOLDERS = ("Ukraine", "Russia", "contested", "unknown")
GOT = (*HOLDERS, "none")  # "none": the answer names no holder
SIDES = frozenset({"Ukraine", "Russia"})
NO_TOPIC = "(no topic)"
MODES: tuple[Mode, ...] = ("hybrid", "dense", "text")
# Caveats that tell the reader a claim is one side's word or unconfirmed.
CLAIM_CAVEATS = frozenset({"unverified", "attributed", "belligerent_claim"})
NEEDS_CLAIM_CAVEAT = frozenset({"unverified", "attributed"})
TOP = (1, 5, 10)


class BadQuestionFile(FrontlineError):
    """The question file cannot be read, or one of its lines is not a question."""


class BadSplitFile(FrontlineError):
    """The split file cannot be read, or is not named lists of topics."""


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
    # Read from the question itself (eval_rules.py), never from the engine's answer.
    time_frame: str | None = None  # the words naming a time, None when there are none
    intent: str | None = None  # what the reply should lead with; None when unanswerable
    topic: str | None = None  # the majority topic of the relevant articles
    absent_terms: tuple[str, ...] = ()  # unanswerable: names checked absent from the file's articles
    held_terms: tuple[str, ...] = ()  # those of them the evaluated store holds (set by evaluate_file)

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable" and bool(self.relevant_ids)

    @property
    def unanswerable(self) -> bool:
        """Unanswerable on the evaluated store: so labelled, and none of its absent names stored."""
        return self.kind == "unanswerable" and not self.held_terms


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
    # Judged on the hybrid answer only (the baselines measure retrieval).
    lead: str = ""
    lead_fits: bool | None = None
    engine_intent: str | None = None
    engine_time_frame: Any = None
    engine_fields: frozenset[str] = frozenset()  # which of intent / time_frame the answer carries
    quotes: int = 0
    quotes_bad: tuple[int, ...] = ()  # citation numbers whose quote is not the article's text


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
    lang = lang or detect_lang(raw["question"])
    return Question(
        id=raw["id"],
        question=raw["question"],
        kind=kind,
        lang=lang,
        relevant_ids=_strings(raw.get("relevant_ids"), "relevant_ids", where),
        answer_keys=tuple(k.lower() for k in _strings(raw.get("answer_keys"), "answer_keys", where)),
        expected_holder=holder,
        verified_by_text=verified if isinstance(verified, str) else None,
        time_frame=eval_rules.time_frame_text(raw["question"], lang),
        intent=eval_rules.expected_intent(raw["question"], kind, lang),
        absent_terms=_strings(raw.get("absent_terms"), "absent_terms", where),
    )


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadQuestionFile(f"{where}: `{name}` must be a list of strings")
    return tuple(value)


def load_splits(path: str | Path) -> dict[str, frozenset[str]]:
    """Read a split file: named sets of topics, e.g. the stories tuned on and those held out.

    Args:
        path: a JSON file `{"splits": {"NAME": ["topic", ...], ...}}` (other
            keys, such as a description, are ignored).

    Returns:
        The splits in file order, each a set of topics.

    Raises:
        BadSplitFile: the file is missing, not JSON, or its `splits` is not an
            object of non-empty lists of strings.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadSplitFile(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadSplitFile(f"{path}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    except json.JSONDecodeError as exc:
        raise BadSplitFile(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    splits = raw.get("splits") if isinstance(raw, dict) else None
    if not isinstance(splits, dict) or not splits:
        raise BadSplitFile(f'{path}: expected {{"splits": {{"NAME": ["topic", ...]}}}}')
    out: dict[str, frozenset[str]] = {}
    for name, topics in splits.items():
        if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
            raise BadSplitFile(f"{path}: split {name!r} must be a non-empty list of topic names")
        out[name] = frozenset(topics)
    return out


def question_topics(engine: Engine, questions: Sequence[Question]) -> list[Question]:
    """Give each question the majority `topic` of its relevant articles (ties: the first named).

    Questions without relevant articles, or whose articles carry no topic,
    get None.
    """
    ids = {aid for q in questions for aid in q.relevant_ids}
    articles = engine.store.articles(ids) if ids else {}
    out = []
    for q in questions:
        topics = [
            t for aid in q.relevant_ids
            if aid in articles and isinstance(t := articles[aid].metadata.get("topic"), str) and t
        ]
        out.append(replace(q, topic=Counter(topics).most_common(1)[0][0] if topics else None))
    return out


# -- asking ------------------------------------------------------------------------


def evaluate_file(
    engine: Engine,
    path: str | Path,
    k: int = 8,
    topics: Collection[str] | None = None,
    splits: Mapping[str, Collection[str]] | None = None,
) -> dict[str, Any]:
    """Ask every question of a file in hybrid, dense-only and text-only mode; measure the answers.

    Args:
        engine: an engine over the data to evaluate (nothing is written to it).
        path: the question file (CONTRACTS.md format).
        k: passages read per answer, as `frontline ask --k`.
        topics: when given, only the questions of these topics are asked.
        splits: named sets of topics (load_splits()); each gets a column of
            figures over its questions.

    Returns:
        The report, JSON-ready: `overall` (every figure, hybrid search),
        `by_kind`, `by_lang`, `by_topic` (the same figures per group),
        `splits` (per split, when given), `retrieval` (rank figures per
        mode: hybrid, dense, text), `baselines` (dense and text, with their
        ratio to hybrid), `data` and per-question `details`.

    Raises:
        BadQuestionFile: the file or one of its lines is malformed, or no
            question is of the topics asked for.
        NoIndex, IndexMismatch: the engine's index cannot be searched.
    """
    questions = [_held_terms(engine, q) for q in question_topics(engine, load_questions(path))]
    if topics is not None:
        wanted = set(topics)
        questions = [q for q in questions if q.topic in wanted]
        if not questions:
            raise BadQuestionFile(f"{path}: no question is about the topics {', '.join(sorted(wanted))}")
    vectors = _encode(engine, questions)
    outcomes: dict[str, list[Outcome]] = {mode: [] for mode in MODES}
    texts: dict[str, str | None] = {}  # article texts, for the verbatim check
    for mode in MODES:
        for q in questions:
            outcomes[mode].append(_ask(engine, q, k, mode, vectors.get(q.id), texts))

    hybrid = outcomes["hybrid"]
    retrieval = {mode: _retrieval(outs) for mode, outs in outcomes.items()}
    stats = engine.stats()
    report: dict[str, Any] = {
        "file": str(path),
        "k": k,
        "questions": len(questions),
        "topics": sorted(topics) if topics is not None else None,
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
        "by_topic": {
            topic: _figures(outs)
            for topic, outs in sorted(_groups(hybrid, lambda o: o.question.topic or NO_TOPIC))
        },
        "splits": None,
        "details": [_detail(q, [outcomes[m][i] for m in MODES]) for i, q in enumerate(questions)],
    }
    if splits is not None:
        report["splits"] = {
            name: {
                "topics": sorted(members),
                **_figures([o for o in hybrid if o.question.topic in members]),
            }
            for name, members in splits.items()
        }
        outside = [o for o in hybrid if not any(o.question.topic in m for m in splits.values())]
        if outside:  # e.g. unanswerable questions: no relevant article, so no topic
            report["splits"]["(outside)"] = {
                "topics": sorted({o.question.topic or NO_TOPIC for o in outside}),
                **_figures(outside),
            }
    return report


def _held_terms(engine: Engine, q: Question) -> Question:
    """Note which of an unanswerable question's absent names the store does hold."""
    if q.kind != "unanswerable":
        return q
    return replace(q, held_terms=tuple(t for t in q.absent_terms if engine.store.holds_words(t)))


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


def _ask(
    engine: Engine, q: Question, k: int, mode: Mode, vector: Any, texts: dict[str, str | None]
) -> Outcome:
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
        return Outcome(q, mode, None, (), None, False, None, (), error, ms, lead_fits=False if q.intent else None)
    cited = tuple(dict.fromkeys(c.article_id for c in (*answer.citations, *answer.more)))
    relevant = set(q.relevant_ids)
    rank = next((i for i, aid in enumerate(cited, start=1) if aid in relevant), None)
    quotes = " ".join(c.quote for c in answer.citations).lower()
    outcome = Outcome(
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
    if mode != "hybrid":
        return outcome
    # The answer object as the contract gives it: fields the engine adds later
    # (intent, time_frame) are read when present, never required.
    obj = answer.to_json()
    shown = (*answer.citations, *answer.more)
    return replace(
        outcome,
        lead=eval_rules.lead_of(answer.answer),
        lead_fits=eval_rules.lead_fits(q.intent, obj, answer.lang) if q.intent else None,
        engine_intent=obj.get("intent"),
        engine_time_frame=obj.get("time_frame"),
        engine_fields=frozenset(name for name in ("intent", "time_frame") if name in obj),
        quotes=len(shown),
        quotes_bad=tuple(c.n for c in shown if not _verbatim(engine, c, texts)),
    )


def _verbatim(engine: Engine, c: Citation, texts: dict[str, str | None]) -> bool:
    """Tell whether the quote is the cited article's text at the quote's offsets."""
    if c.article_id not in texts:
        article = engine.store.article(c.article_id)
        texts[c.article_id] = article.text if article else None
    text = texts[c.article_id]
    if text is None or not c.quote:
        return False
    if c.quote_end > c.quote_start:
        return text[c.quote_start : c.quote_end] == c.quote
    return c.quote in text  # a citation without offsets: at least a substring


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
    figures.update(_holder_figures(held))
    unanswerable = [o for o in outcomes if o.question.unanswerable]
    set_aside = [o for o in outcomes if o.question.kind == "unanswerable" and not o.question.unanswerable]
    aside = {o.question.id for o in set_aside}
    said_not_found = [o for o in outcomes if o.status == "not_found" and o.question.id not in aside]
    right = sum(1 for o in said_not_found if o.question.unanswerable)
    figures["not_found_precision"] = _share(right, len(said_not_found))
    figures["not_found_recall"] = _share(right, len(unanswerable))
    figures["not_found_n"] = len(said_not_found)
    figures["unanswerable_n"] = len(unanswerable)
    figures["unanswerable_set_aside"] = [o.question.id for o in set_aside]
    answerable = [o for o in outcomes if o.question.answerable]
    wrongly = sum(1 for o in answerable if o.status == "not_found")
    figures["false_not_found"] = _share(wrongly, len(answerable))
    figures["false_not_found_count"] = wrongly
    needing = [o for o in outcomes if o.question.verified_by_text in NEEDS_CLAIM_CAVEAT]
    figures["caveat_coverage"] = _share(sum(bool(CLAIM_CAVEATS & set(o.caveats)) for o in needing), len(needing))
    figures["caveat_n"] = len(needing)
    figures.update(_lead_figures(outcomes))
    quotes = sum(o.quotes for o in outcomes)
    bad = sum(len(o.quotes_bad) for o in outcomes)
    figures["quotes_verbatim"] = _share(quotes - bad, quotes)
    figures["quotes_n"] = quotes
    figures["quotes_not_verbatim"] = bad
    figures["errors"] = sum(1 for o in outcomes if o.error)
    return figures


def _holder_figures(held: Sequence[Outcome]) -> dict[str, Any]:
    """Confusion, flips, contested recall/precision and time-framed accuracy over control questions."""
    confusion = {e: dict.fromkeys(GOT, 0) for e in HOLDERS}
    for o in held:
        confusion[o.question.expected_holder or "unknown"][o.holder if o.holder in HOLDERS else "none"] += 1
    sided = [o for o in held if o.question.expected_holder in SIDES]
    flips = sum(1 for o in sided if o.holder in SIDES and o.holder != o.question.expected_holder)
    contested = [o for o in held if o.question.expected_holder == "contested"]
    said_contested = [o for o in held if o.holder == "contested"]
    framed = [o for o in held if o.question.time_frame]
    return {
        "holder_confusion": {e: row for e, row in confusion.items() if any(row.values())},
        "flips": flips,
        "flips_n": len(sided),
        "contested_recall": _share(sum(o.holder == "contested" for o in contested), len(contested)),
        "contested_n": len(contested),
        "contested_precision": _share(
            sum(o.question.expected_holder == "contested" for o in said_contested), len(said_contested)
        ),
        "said_contested_n": len(said_contested),
        "timeframed_holder_accuracy": _share(
            sum(o.holder == o.question.expected_holder for o in framed), len(framed)
        ),
        "timeframed_holder_n": len(framed),
    }


def _lead_figures(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Lead fits intent, the engine's intent and time frame against the question's."""
    judged = [o for o in outcomes if o.question.intent and o.question.answerable]
    with_intent = [o for o in judged if "intent" in o.engine_fields]
    framed = [o for o in outcomes if o.question.time_frame]
    framed_read = [o for o in framed if "time_frame" in o.engine_fields]
    unframed_read = [o for o in outcomes if not o.question.time_frame and "time_frame" in o.engine_fields]
    return {
        "lead_fits_intent": _share(sum(bool(o.lead_fits) for o in judged), len(judged)),
        "lead_n": len(judged),
        "lead_fits_by_intent": {
            intent: _share(sum(bool(o.lead_fits) for o in group), len(group))
            for intent, group in _groups(judged, lambda o: o.question.intent, eval_rules.INTENTS)
        },
        # None until the engine writes `intent` / `time_frame` (CONTRACTS, "Fields added since").
        "intent_agreement": _share(
            sum(o.engine_intent == o.question.intent for o in with_intent), len(with_intent)
        ),
        "intent_n": len(with_intent),
        "timeframed_n": len(framed),
        "time_frame_read": _share(sum(o.engine_time_frame is not None for o in framed_read), len(framed_read)),
        "time_frame_read_n": len(framed_read),
        "time_frame_spurious": sum(1 for o in unframed_read if o.engine_time_frame is not None),
    }


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
        "topic": q.topic,
        "status": hybrid.status,
        "rank": {o.mode: o.rank for o in per_mode},
        "cited": list(hybrid.cited),
        "keys_found": hybrid.keys_found,
        "holder": hybrid.holder,
        "expected_holder": q.expected_holder,
        "time_frame": q.time_frame,
        "engine_time_frame": hybrid.engine_time_frame,
        "intent": q.intent,
        "engine_intent": hybrid.engine_intent,
        "lead": hybrid.lead,
        "lead_fits": hybrid.lead_fits,
        "caveats": list(hybrid.caveats),
        "quotes_not_verbatim": list(hybrid.quotes_bad),
        "absent_terms_held": list(q.held_terms),
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
            + (f", topics {', '.join(report['topics'])}" if report.get("topics") else "")
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
    if o.get("unanswerable_set_aside"):
        lines.append(
            f"  set aside (absent names held) {', '.join(o['unanswerable_set_aside'])}: labelled unanswerable, "
            "but this store holds the names checked absent"
        )
    if o["errors"]:
        lines.append(f"  questions refused             {o['errors']}")
    lines += ["", "truthfulness (hybrid)", *_truth_lines(o), "", *_confusion_lines(o["holder_confusion"])]
    for title, groups in (("by kind", report["by_kind"]), ("by language", report["by_lang"])):
        lines += ["", f"{title} (hybrid, %)", _group_header()]
        lines += [_group_row(name, g) for name, g in groups.items()]
    lines += ["", "by topic (hybrid, %; flips and false not_found as counts)", _truth_header()]
    lines += [_truth_row(name, g) for name, g in report["by_topic"].items()]
    if report.get("splits"):
        lines += ["", *_split_lines(report["splits"], o)]
    return "\n".join(lines)


def _truth_lines(o: dict[str, Any]) -> list[str]:
    flips = f"{o['flips']} of {o['flips_n']} questions expecting a side" if o["flips_n"] else "-"
    nf = f"{_count(o['false_not_found'], o['answerable'])}"
    read = (
        f"{_count(o['time_frame_read'], o['time_frame_read_n'])} of time-framed questions, "
        f"{o['time_frame_spurious']} on questions without one"
        if o["time_frame_read_n"] else "- (the answers carry no time_frame)"
    )
    intents = ", ".join(f"{k} {_pct(v).strip()}%" for k, v in o["lead_fits_by_intent"].items())
    return [
        f"  flips (Ukraine <-> Russia)    {flips}",
        f"  contested recall              {_count(o['contested_recall'], o['contested_n'])}",
        f"  contested precision           {_count(o['contested_precision'], o['said_contested_n'])}",
        f"  holder acc., time-framed      {_count(o['timeframed_holder_accuracy'], o['timeframed_holder_n'])}",
        f"  time frame read by the engine {read}",
        f"  lead fits intent              {_count(o['lead_fits_intent'], o['lead_n'])}"
        + (f"  ({intents})" if intents else ""),
        f"  engine intent = expected      {_count(o['intent_agreement'], o['intent_n'])}"
        + ("" if o["intent_n"] else " (the answers carry no intent)"),
        f"  false not_found (answerable)  {nf}",
        f"  quotes verbatim               {_count(o['quotes_verbatim'], o['quotes_n'])}",
    ]


def _confusion_lines(confusion: dict[str, dict[str, int]]) -> list[str]:
    if not confusion:
        return ["holder confusion: no control question with an expected holder"]
    lines = [
        "holder confusion (rows: expected, columns: got)",
        f"  {'':<10}" + "".join(f"{g:>10}" for g in GOT),
    ]
    lines += [f"  {e:<10}" + "".join(f"{row[g]:>10}" for g in GOT) for e, row in confusion.items()]
    return lines


_TRUTH_COLUMNS = (
    ("top5", "top5"), ("answer_keys", "keys"), ("holder_accuracy", "holdr"), ("flips", "flips"),
    ("contested_recall", "cnt-R"), ("timeframed_holder_accuracy", "time"), ("lead_fits_intent", "lead"),
    ("false_not_found_count", "f-NF"), ("caveat_coverage", "cavt"), ("quotes_verbatim", "quote"),
)


def _truth_header() -> str:
    return f"{'':<30} {'n':>3} {'hn':>3} " + " ".join(f"{label:>5}" for _, label in _TRUTH_COLUMNS)


def _truth_cell(name: str, value: Any) -> str:
    return f"{value:>5}" if name in ("flips", "false_not_found_count") else f"{_pct(value):>5}"


def _truth_row(name: str, g: dict[str, Any]) -> str:
    return f"{name[:30]:<30} {g['n']:>3} {g['holder_n']:>3} " + " ".join(
        _truth_cell(f, g[f]) for f, _ in _TRUTH_COLUMNS
    )


_SPLIT_ROWS = (
    ("n", "questions", "n"), ("holder_n", "control questions with a holder", "n"),
    ("top5", "top-5 retrieval", "%"), ("answer_keys", "answer keys", "%"),
    ("holder_accuracy", "holder accuracy", "%"), ("flips", "flips", "n"),
    ("contested_recall", "contested recall", "%"), ("contested_precision", "contested precision", "%"),
    ("timeframed_holder_accuracy", "holder acc., time-framed", "%"),
    ("lead_fits_intent", "lead fits intent", "%"), ("intent_agreement", "engine intent = expected", "%"),
    ("false_not_found", "false not_found", "%"), ("not_found_precision", "not_found precision", "%"),
    ("not_found_recall", "not_found recall", "%"), ("caveat_coverage", "caveat coverage", "%"),
    ("quotes_verbatim", "quotes verbatim", "%"),
)


def _split_lines(splits: dict[str, dict[str, Any]], overall: dict[str, Any]) -> list[str]:
    columns = [*splits.items(), ("all", overall)]
    width = max(9, *(len(name) + 1 for name, _ in columns))
    lines = [
        "by split (hybrid, %; counts marked n)",
        f"  {'':<32}" + "".join(f"{name:>{width}}" for name, _ in columns),
    ]
    for key, label, unit in _SPLIT_ROWS:
        cells = "".join(
            f"{(g[key] if unit == 'n' else _pct(g[key])):>{width}}" for _, g in columns
        )
        lines.append(f"  {label:<32}{cells}")
    for name, g in splits.items():
        lines += textwrap.wrap(
            ", ".join(g["topics"]), width=100, initial_indent=f"  {name}: ", subsequent_indent="    ",
            break_on_hyphens=False,
        )
    return lines


def _group_header() -> str:
    return (
        f"{'':<13} {'n':>3} {'top1':>5} {'top5':>5} {'top10':>5} {'MRR':>5} {'keys':>5} "
        f"{'holdr':>5} {'nf-P':>5} {'nf-R':>5} {'cavt':>5}"
    )


def _group_row(name: str, g: dict[str, Any]) -> str:
    cells = [g[f] for f in ("top1", "top5", "top10", "mrr", "answer_keys", "holder_accuracy",
                            "not_found_precision", "not_found_recall", "caveat_coverage")]
    return f"{name:<13} {g['n']:>3} " + " ".join(f"{_pct(c):>5}" for c in cells)
