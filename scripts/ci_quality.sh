#!/usr/bin/env bash
# Quality floors and a bench smoke run, for .ci/run.
#
# 1. Ingest ../shared/corpus/articles.jsonl into a fresh data dir, run
#    `frontline eval ../shared/corpus/questions.jsonl --json`, print the
#    figures, and fail when top-5 retrieval or not_found recall/precision fall
#    below the floors (set a little under the values measured when they were
#    set; raise them as quality improves, never lower them to pass).
# 2. Truthfulness (issue 9): ingest ../shared/corpus and ../shared/corpus2
#    into another fresh data dir, run `frontline eval` on each question file
#    with benchmarks/splits.json (tune and holdout columns), print the report
#    and check TRUTH_FLOORS below: the values measured on 2026-12-02 (main
#    bff8e0f) less a margin of about one question, so that a regression
#    fails now; raise them as the engine improves, toward issue 9's targets.
# 3. `frontline bench --quick` as a smoke run: it must finish with status 0;
#    no timing is asserted (CI machines differ and share their cores).
#
# Skips steps 1 and 2 with a message when ../shared is absent. Usage:
#   scripts/ci_quality.sh [PYTHON]      (default: .venv/bin/python, else python3)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${FRONTLINE_SHARED_DIR:-$root/../shared}"
python="${1:-}"
if [[ -z "$python" ]]; then
    if [[ -x "$root/.venv/bin/python" ]]; then python="$root/.venv/bin/python"; else python="python3"; fi
fi
frontline=("$python" -m bot.cli)

# Floors (measured 2026-11-25 on the shared corpus: top5 1.00, not_found recall 1.00, precision 1.00).
TOP5_FLOOR="${TOP5_FLOOR:-0.90}"
NOT_FOUND_RECALL_FLOOR="${NOT_FOUND_RECALL_FLOOR:-0.80}"
NOT_FOUND_PRECISION_FLOOR="${NOT_FOUND_PRECISION_FLOOR:-0.80}"

export HF_HUB_OFFLINE=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

status=0
if [[ ! -f "$shared/corpus/articles.jsonl" || ! -f "$shared/corpus/questions.jsonl" ]]; then
    echo "ci_quality: skipped the quality floors: $shared/corpus (articles.jsonl, questions.jsonl) is absent"
else
    export FRONTLINE_DATA_DIR="$work/data"
    "${frontline[@]}" ingest "$shared/corpus/articles.jsonl"
    "${frontline[@]}" eval "$shared/corpus/questions.jsonl" --json > "$work/eval.json"
    "${frontline[@]}" eval "$shared/corpus/questions.jsonl" | sed -n '1,/^answers/p' | head -n 12
    "$python" - "$work/eval.json" "$TOP5_FLOOR" "$NOT_FOUND_RECALL_FLOOR" "$NOT_FOUND_PRECISION_FLOOR" <<'EOF' || status=1
import json
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
overall = report["overall"]
checks = [
    ("top-5 retrieval (hybrid)", overall["top5"], float(sys.argv[2])),
    ("not_found recall", overall["not_found_recall"], float(sys.argv[3])),
    ("not_found precision", overall["not_found_precision"], float(sys.argv[4])),
]
failed = False
for name, value, floor in checks:
    ok = value is not None and value >= floor
    failed |= not ok
    print(f"ci_quality: {name}: {value} (floor {floor}) {'ok' if ok else 'BELOW THE FLOOR'}")
for mode, figures in report["retrieval"].items():
    print(f"ci_quality: {mode:<6} top1 {figures['top1']} top5 {figures['top5']} MRR {figures['mrr']}")
print(f"ci_quality: answer keys {overall['answer_keys']}, holder accuracy {overall['holder_accuracy']}, "
      f"caveat coverage {overall['caveat_coverage']}")
sys.exit(1 if failed else 0)
EOF
    unset FRONTLINE_DATA_DIR
fi

if [[ ! -f "$shared/corpus/articles.jsonl" || ! -f "$shared/corpus2/articles.jsonl" \
      || ! -f "$shared/corpus2/questions.jsonl" ]]; then
    echo "ci_quality: skipped the truthfulness floors: $shared/corpus and corpus2 are absent"
else
    export FRONTLINE_DATA_DIR="$work/data2"
    "${frontline[@]}" ingest "$shared/corpus/articles.jsonl" "$shared/corpus2/articles.jsonl"
    for name in corpus corpus2; do
        "${frontline[@]}" eval "$shared/$name/questions.jsonl" --split benchmarks/splits.json --json \
            > "$work/truth-$name.json"
    done
    "$python" - "$work/truth-corpus.json" "$work/truth-corpus2.json" <<'EOF' || status=1
import json
import sys

from index.evaluate import format_report

# (figure, bound, "min" for a floor / "max" for a ceiling) per question file, both corpora ingested.
# Measured 2026-12-02 on main bff8e0f:
#   corpus:  holder 1.00 (13/13), flips 0, contested recall 1.00 (2/2), time-framed 1.00 (5/5),
#            lead fits 0.825, false not_found 0.00, caveats 0.97, quotes 1.00, top-5 0.98
#   corpus2: holder 0.32 (15/47), flips 6, contested recall 0.16 (3/19), time-framed 0.33 (13/39),
#            lead fits 0.66, false not_found 0.07 (7/98), caveats 0.59, quotes 1.00, top-5 0.83
# Raised after the truthfulness rewrite (index/question.py, dates.py, claimants.py, holder.py), measured
# 2026-12-02 on main f3e4d26:
#   corpus:  holder 1.00, flips 0, contested recall 1.00, time-framed 1.00, lead fits 0.88,
#            false not_found 0.00, caveats 1.00, quotes 1.00, top-5 0.98
#   corpus2: holder 0.51 (24/47; tune 0.52, holdout 0.50), flips 1, contested recall 0.42 (8/19),
#            time-framed 0.56 (22/39), lead fits 0.90, false not_found 0.07, caveats 0.67, top-5 0.85
# Raised again 2026-12-02 (second session: undated pages "not before", doers from the article,
# relayed claims, undated concessions), measured on main 7fc4ee9 + the holder's undated-loss rule:
#   corpus2: holder 0.62 (29/47; tune 0.65, holdout 0.58), flips 0, contested recall 0.53 (10/19),
#            time-framed 0.67 (26/39); floors: two questions less.
# Caveats (index/caveats/: whose words a quote gives, hedges, disputed claims), measured on
# main 834310f + hedges and disputed claims: corpus2 caveat coverage 1.00 (87/87; tune 1.00, holdout 1.00),
# corpus 1.00 (36/36); corpus2 floor 0.97 (two questions less).
# Retrieval and passage choice (index/search.py: sources of the question's period; index/answer/:
# sources before second sentences, leads for "who said" and "was it confirmed"), measured on main b0c74c8:
#   corpus:  top-5 0.95 (38/40), lead fits 0.95 (38/40), answer keys 0.85 (34/40)
#   corpus2: top-5 0.97 (95/98; tune 0.98, holdout 0.96), lead fits 1.00 (98/98), answer keys 0.74 (73/98;
#            tune 0.88, holdout 0.61); floors: two questions less.
# Claims (more wordings, lists, footholds, sieges, verdicts, a writer's descriptions; de/fr/es/it
# sentences) and one settlement of a shared name, measured on main fc54b2f:
#   corpus2: holder 0.77 (36/47; tune 0.78, holdout 0.75), flips 0, contested recall 0.74 (14/19),
#            time-framed 0.79 (31/39); floors: two questions less.
# Claims read with the user trial's patterns (denials of "that", relative clauses, war bloggers, sieges
# inside a city, undated losses after the only known gain, attacks after the other side's last word),
# measured on main 9540a28:
#   corpus2: holder 0.94 (44/47; tune 0.96, holdout 0.92), flips 0, contested recall 1.00 (19/19),
#            time-framed 0.92 (36/39), top-5 0.99, answer keys 0.81; floors: two questions less.
TRUTH_FLOORS = {
    "corpus": [
        ("top5", 0.90, "min"), ("holder_accuracy", 0.90, "min"), ("flips", 0, "max"),
        ("contested_recall", 0.50, "min"), ("timeframed_holder_accuracy", 0.80, "min"),
        ("lead_fits_intent", 0.90, "min"), ("false_not_found", 0.05, "max"),
        ("caveat_coverage", 0.95, "min"), ("quotes_verbatim", 1.0, "min"), ("answer_keys", 0.80, "min"),
    ],
    "corpus2": [
        ("top5", 0.96, "min"), ("holder_accuracy", 0.89, "min"), ("flips", 0, "max"),
        ("contested_recall", 0.89, "min"), ("timeframed_holder_accuracy", 0.87, "min"),
        ("lead_fits_intent", 0.97, "min"), ("false_not_found", 0.02, "max"),
        ("caveat_coverage", 0.97, "min"), ("quotes_verbatim", 1.0, "min"), ("answer_keys", 0.77, "min"),
    ],
}

failed = False
for path, name in zip(sys.argv[1:], TRUTH_FLOORS):
    report = json.load(open(path, encoding="utf-8"))
    print(format_report(report))
    overall = report["overall"]
    for figure, bound, how in TRUTH_FLOORS[name]:
        value = overall[figure]
        ok = value is not None and (value >= bound if how == "min" else value <= bound)
        failed |= not ok
        word = "floor" if how == "min" else "ceiling"
        print(f"ci_quality: {name} {figure}: {value} ({word} {bound}) {'ok' if ok else 'FAILED'}")
    for split, figures in (report.get("splits") or {}).items():
        print(f"ci_quality: {name} {split}: holder {figures['holder_accuracy']} "
              f"(n {figures['holder_n']}), flips {figures['flips']}, "
              f"contested recall {figures['contested_recall']}, lead {figures['lead_fits_intent']}")
sys.exit(1 if failed else 0)
EOF
    unset FRONTLINE_DATA_DIR
fi

echo "ci_quality: frontline bench --quick (smoke run, no timing asserted)"
if ! "${frontline[@]}" bench --quick; then
    echo "ci_quality: frontline bench --quick failed"
    status=1
fi
exit "$status"
