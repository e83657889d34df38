#!/usr/bin/env bash
# The test command: install citekit into .venv (not editable), install the real tools,
# and run the whole suite against the installed copy. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
# Missing integration tools fail the run instead of skipping tests.
export CITEKIT_REQUIRE_TOOLS=1
# The suite imports the installed package, not ./citekit: python -P keeps the working
# directory off sys.path (pytest adds only tests/), and tests/test_package.py checks
# that citekit.__file__ is in site-packages when CITEKIT_TEST_INSTALLED is set.
export CITEKIT_TEST_INSTALLED=1
exec .venv/bin/python -P -m pytest -q -p no:cacheprovider "$@"
