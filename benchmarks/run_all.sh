#!/usr/bin/env bash
# Run every benchmark, citekit beside the tool a user would otherwise pick.
# Quick sizes by default; --full adds the 1M-record snapshot (1.6 GB in benchmarks/out/).
# Usage: bash benchmarks/run_all.sh [--full]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
FULL=""
if [[ "${1:-}" == "--full" ]]; then FULL="--full"; fi

echo "== machine: $(nproc) cores, $(date -u +%Y-%m-%d) =="
for script in bench_startup bench_bib_read bench_bib_write; do
  echo; echo "== $script =="; "$PY" "benchmarks/$script.py"
done
echo; echo "== bench_stream =="; "$PY" benchmarks/bench_stream.py $FULL
for script in bench_styles_process cite_suite bench_enrich_requests; do
  if [[ -f "benchmarks/$script.py" ]]; then
    echo; echo "== $script =="; "$PY" "benchmarks/$script.py"
  fi
done
