#!/usr/bin/env bash
# The test command: set up .venv, install the real tools, run the whole suite. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
# Missing integration tools fail the run instead of skipping tests.
export CITEKIT_REQUIRE_TOOLS=1
exec .venv/bin/python -m pytest -q "$@"
