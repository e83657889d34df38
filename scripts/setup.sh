#!/usr/bin/env bash
# Create .venv and install citekit into it (editable, with test extras). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.citekit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "citekit: installing into .venv (log: .venv/pip.log) ..." >&2
  if ! .venv/bin/python -m pip install -e '.[test]' >.venv/pip.log 2>&1; then
    tail -n 30 .venv/pip.log >&2
    exit 1
  fi
  touch "$stamp"
fi
