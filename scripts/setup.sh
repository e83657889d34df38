#!/usr/bin/env bash
# Create .venv and install citekit into it from this checkout: a regular (non-editable)
# install with the test extras, exactly what `pip install .` gives a user. Safe to run
# twice: it reinstalls only when a file of the package or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.citekit-installed
want=$(find citekit templates pyproject.toml MANIFEST.in LICENSE README.md -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
       | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "citekit: installing into .venv (log: .venv/pip.log) ..." >&2
  # Built from a copy: an in-tree setuptools build would leave build/lib beside the main job's build/.
  src=$(mktemp -d)
  trap 'rm -rf "$src"' EXIT
  cp -r citekit templates pyproject.toml MANIFEST.in LICENSE README.md "$src"/
  find "$src" -name __pycache__ -prune -exec rm -rf {} +
  if ! .venv/bin/python -m pip install --upgrade --force-reinstall --no-deps "$src" >.venv/pip.log 2>&1 \
     || ! .venv/bin/python -m pip install "$src[test]" >>.venv/pip.log 2>&1; then
    tail -n 30 .venv/pip.log >&2
    exit 1
  fi
  echo "$want" >"$stamp"
fi
