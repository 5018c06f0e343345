"""The `frontline` command line: the engine's answers in the terminal, and admin work.

Exit status: 0 success, 2 bad usage or bad input (one line on stderr), 1 internal error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from index.errors import FrontlineError

if TYPE_CHECKING:
    from index.embedding import Progress
    from index.engine import Engine, IngestReport
    from index.models import Answer
    from index.settings import Settings

logger = logging.getLogger("frontline")

COMMANDS = {
    "ingest": "add articles from files, folders and URLs",
    "reindex": "rebuild embeddings and indexes from the stored articles",
    "forget": "remove an article (by id or URL) and its passages",
    "rollback": "return to the previous complete index version",
    "ask": "answer one question (or one per line from stdin with '-')",
    "chat": "ask questions in an interactive loop",
    "stats": "articles, passages, outlets, dates, index size, model",
    "serve": "run the Telegram bot",
    "eval": "measure retrieval and answer quality on a question file",
    "bench": "measure speed, throughput and memory",
    "map": "draw a PNG map of claimed control around a place or in an oblast",
}


class UsageError(Exception):
    """Bad command-line usage; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every `frontline` command."""
    parser = _Parser(prog="frontline", description="Cited, caveated answers about the front line.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("ingest", help=COMMANDS["ingest"])
    p.add_argument("paths", nargs="*", metavar="PATH", help=".jsonl, .txt, .md, .html files or folders")
    p.add_argument("--url", action="append", default=[], metavar="URL", help="fetch an article (repeatable)")

    sub.add_parser("reindex", help=COMMANDS["reindex"])

    p = sub.add_parser("forget", help=COMMANDS["forget"])
    p.add_argument("ref", metavar="ID|URL")

    sub.add_parser("rollback", help=COMMANDS["rollback"])

    p = sub.add_parser("ask", help=COMMANDS["ask"])
    p.add_argument("question", metavar="QUESTION", help="the question, or - to read one per line from stdin")
    p.add_argument("--json", action="store_true", help="print the answer object as JSON")
    p.add_argument("--k", type=int, default=8, help="passages to read (default 8)")
    p.add_argument("--lang", choices=["en", "uk", "ru"], help="language of the answer's own words")

    sub.add_parser("chat", help=COMMANDS["chat"])

    p = sub.add_parser("stats", help=COMMANDS["stats"])
    p.add_argument("--json", action="store_true")

    sub.add_parser("serve", help=COMMANDS["serve"])

    p = sub.add_parser("eval", help=COMMANDS["eval"])
    p.add_argument("questions", metavar="QUESTIONS.jsonl")
    p.add_argument("--json", action="store_true", help="print every figure as JSON")
    p.add_argument("--k", type=int, default=8)
    p.add_argument("--topics", metavar="T1,T2", help="only the questions about these topics")
    p.add_argument(
        "--split", metavar="FILE", help='named sets of topics (e.g. benchmarks/splits.json): a column each'
    )

    p = sub.add_parser("bench", help=COMMANDS["bench"])
    p.add_argument("--quick", action="store_true", help="small sizes only (under two minutes)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sizes", help="comma-separated passage counts, e.g. 1000,10000")
    p.add_argument("--corpus", help="articles.jsonl for real passages (default ../shared/corpus)")

    p = sub.add_parser("map", help=COMMANDS["map"])
    p.add_argument("area", metavar="PLACE|OBLAST", help="e.g. \"Kharkiv oblast\", \"Izium\", \"Rubizhne, Kharkiv oblast\"")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to show (default: today)")
    p.add_argument("-o", "--output", default="map.png", metavar="FILE.png", help="where to write the PNG (default map.png)")
    p.add_argument("--lang", choices=["en", "uk", "ru"], default="en", help="language of names and words")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `frontline` command; return its exit status."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"frontline: {exc}", file=sys.stderr)
        return 2
    _setup_logging(args.verbose)
    try:
        return int(HANDLERS[args.command](args) or 0)
    except UsageError as exc:
        print(f"frontline: {exc}", file=sys.stderr)
        return 2
    except FrontlineError as exc:
        from bot.redaction import redact

        print(redact(f"frontline: {exc}"), file=sys.stderr)
        return 2
    except ValidationError as exc:
        from bot.settings import settings_error

        print(f"frontline: bad setting: {settings_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`frontline ask ... | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: one line, details in the log
        from bot.redaction import redact  # the token can ride in an error (a URL echoed back)

        logger.debug("internal error", exc_info=True)
        print(
            redact(f"frontline: internal error: {exc.__class__.__name__}: {exc} (run with -v for details)"),
            file=sys.stderr,
        )
        if args.verbose:
            import traceback

            print(redact(traceback.format_exc()), end="", file=sys.stderr)
        return 1


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Libraries chatter at INFO; keep their warnings only.
    for noisy in ("httpx", "sentence_transformers", "transformers", "faiss", "trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def load_settings() -> Settings:
    from index.settings import Settings

    return Settings()


def open_engine() -> Engine:
    from index.engine import Engine

    return Engine(load_settings())


def progress_bar(label: str) -> Progress | None:
    """Return a progress callback drawing a bar on a terminal, or None in logs and CI."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=label, unit="passage", file=sys.stderr, leave=False)
        bar["bar"].update(done - bar["bar"].n)
        if done >= total:
            bar["bar"].close()

    return update


# -- commands ------------------------------------------------------------------------


def ingest_command(args: argparse.Namespace) -> int:
    """Add articles from files, folders and URLs; print the summary."""
    if not args.paths and not args.url:
        raise UsageError("ingest needs at least one PATH or --url URL")
    engine = open_engine()
    report = engine.ingest(args.paths, args.url, progress=progress_bar("embedding"))
    print(format_ingest(report))
    return 2 if report.rejected else 0


def format_ingest(report: IngestReport) -> str:
    lines = [
        f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
        f"rejected {len(report.rejected)}, passages {report.passages}"
        + (f" (index version {report.version})" if report.version else "")
    ]
    lines.extend(f"rejected {bad}" for bad in report.rejected)
    from index.printable import printable

    return printable("\n".join(lines))  # file names and reasons can carry control characters


def reindex_command(args: argparse.Namespace) -> int:
    """Re-embed all stored passages and publish a new index version."""
    engine = open_engine()
    report = engine.reindex(progress=progress_bar("reindexing"))
    print(f"reindexed {report.passages} passages (index version {report.version})")
    return 0


def forget_command(args: argparse.Namespace) -> int:
    """Remove one article and its passages."""
    article = open_engine().forget(args.ref)
    print(f"forgot {article.id}" + (f" ({article.title})" if article.title else ""))
    return 0


def rollback_command(args: argparse.Namespace) -> int:
    """Serve the previous complete index version."""
    version = open_engine().rollback()
    print(f"now serving index version {version}")
    return 0


def _ready_engine() -> Engine:
    engine = open_engine()
    report = engine.ensure_sample()
    if report is not None:
        logger.info("indexed the bundled sample corpus (%d passages)", report.passages)
    for problem in engine.check():
        logger.warning("%s", problem)
    return engine


def ask_command(args: argparse.Namespace) -> int:
    """Answer one question, or one per line of standard input."""
    if args.k < 1 or args.k > 50:
        raise UsageError("--k must be between 1 and 50")
    engine = _ready_engine()
    if args.question != "-":
        print_answer(engine.ask(args.question, k=args.k, lang=args.lang), args.json)
        return 0
    status = 0
    lines = [line.rstrip("\n") for line in sys.stdin]
    questions = [q for q in lines if q.strip()]
    for q, result in zip(questions, engine.ask_many(questions, k=args.k, lang=args.lang)):
        if isinstance(result, FrontlineError):
            status = 2
            if args.json:
                print(json.dumps({"question": q, "error": str(result)}, ensure_ascii=False))
            else:
                print(f"frontline: {result}", file=sys.stderr)
        elif isinstance(result, Exception):
            raise result
        else:
            print_answer(result, args.json)
    return status


def print_answer(answer: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        from index.printable import printable

        print(printable(answer.answer))  # no escape sequence from a stored title reaches the terminal
        print()


def chat_command(args: argparse.Namespace) -> int:
    """Ask questions in a loop until an empty line, `quit` or end of input."""
    engine = _ready_engine()
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask about the front line (e.g. “who holds Rubizhne?”). Empty line or Ctrl-D to quit.")
    while True:
        try:
            question = input("> " if interactive else "")
        except EOFError:
            break
        if question.strip().lower() in ("", "quit", "exit"):
            break
        try:
            print_answer(engine.ask(question), False)
        except FrontlineError as exc:
            print(f"frontline: {exc}", file=sys.stderr)
    return 0


def stats_command(args: argparse.Namespace) -> int:
    """Print what is stored and indexed."""
    engine = open_engine()
    s = engine.stats()
    data = {
        "articles": s.store.articles,
        "passages": s.store.passages,
        "outlets": s.store.outlets,
        "claims": s.store.claims,
        "newest": s.store.newest.isoformat() if s.store.newest else None,
        "oldest": s.store.oldest.isoformat() if s.store.oldest else None,
        "undated_articles": s.store.undated,
        "index_version": s.index_version,
        "index_vectors": s.index_vectors,
        "index_kind": s.index_kind,
        "index_bytes": s.index_bytes,
        "embedding_model": s.model,
        "data_dir": str(engine.settings.data_dir),
        "problems": engine.check(),
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        width = max(len(k) for k in data)
        for key, value in data.items():
            shown = "; ".join(value) or "none" if isinstance(value, list) else value
            print(f"{key.replace('_', ' '):<{width}}  {shown if shown is not None else '-'}")
    return 0


def serve_command(args: argparse.Namespace) -> int:
    """Run the Telegram bot until interrupted."""
    from bot.app import serve

    return serve()


def eval_command(args: argparse.Namespace) -> int:
    """Measure quality on a question file."""
    from index.evaluate import evaluate_file, format_report, load_splits

    topics = [t.strip() for t in args.topics.split(",") if t.strip()] if args.topics is not None else None
    if topics is not None and not topics:
        raise UsageError("--topics needs at least one topic name")
    splits = load_splits(args.split) if args.split else None
    engine = _ready_engine()
    report = evaluate_file(engine, args.questions, k=args.k, topics=topics, splits=splits)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_report(report))
    return 0


def bench_command(args: argparse.Namespace) -> int:
    """Measure speed, throughput and memory beside baselines (from a source checkout)."""
    from pathlib import Path

    # The benchmarks are not part of the installed package: they live in the
    # checkout's benchmarks/ folder, beside bot/ (an editable install), or in
    # the current directory.
    for root in (Path(__file__).resolve().parents[1], Path.cwd()):
        if (root / "benchmarks" / "bench.py").is_file():
            break
    else:
        raise UsageError(
            "bench: the benchmarks/ folder of the source checkout is absent here; "
            "run it from a clone of the repository (pip install -e '.[bench]', then frontline bench)"
        )
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.bench import run_bench

    return run_bench(args)


def map_command(args: argparse.Namespace) -> int:
    """Draw the map of claimed control of a place or an oblast into a PNG file."""
    from datetime import date
    from pathlib import Path

    from index.maps.render import MapRenderer

    as_of = None
    if args.as_of is not None:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(f"--as-of {args.as_of!r} is not a date; write it as YYYY-MM-DD") from None
        if as_of > date.today():
            raise UsageError(f"--as-of {as_of.isoformat()} is in the future; the map shows what sources claimed by a day")
    out = Path(args.output)
    if out.suffix.lower() != ".png":
        raise UsageError(f"the output file must end in .png, not {out.name!r}")
    if not out.parent.is_dir():
        raise UsageError(f"no folder {str(out.parent)!r} to write the map into")
    engine = _ready_engine()
    cmap = engine.control_map(args.area, as_of=as_of, lang=args.lang)
    drawn = MapRenderer().render(cmap)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(drawn.png)
    os.replace(tmp, out)
    print(cmap.caption(len(drawn.labelled)))
    print(f"\nmap: {out} ({drawn.width}×{drawn.height}, {len(drawn.positions)} settlements drawn)")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": ingest_command,
    "reindex": reindex_command,
    "forget": forget_command,
    "rollback": rollback_command,
    "ask": ask_command,
    "chat": chat_command,
    "stats": stats_command,
    "serve": serve_command,
    "eval": eval_command,
    "bench": bench_command,
    "map": map_command,
}


if __name__ == "__main__":
    sys.exit(main())
