#!/usr/bin/env bash
# Quality floors and a bench smoke run, for .ci/run.
#
# 1. Ingest ../shared/corpus/articles.jsonl into a fresh data dir, run
#    `frontline eval ../shared/corpus/questions.jsonl --json`, print the
#    figures, and fail when top-5 retrieval or not_found recall/precision fall
#    below the floors (set a little under the values measured when they were
#    set; raise them as quality improves, never lower them to pass).
# 2. `frontline bench --quick` as a smoke run: it must finish with status 0;
#    no timing is asserted (CI machines differ and share their cores).
#
# Skips step 1 with a message when ../shared is absent. Usage:
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

echo "ci_quality: frontline bench --quick (smoke run, no timing asserted)"
if ! "${frontline[@]}" bench --quick; then
    echo "ci_quality: frontline bench --quick failed"
    status=1
fi
exit "$status"
