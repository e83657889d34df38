#!/usr/bin/env bash
# The main job: convert seeds/ into build/ in one run (one read, one merge, each warning
# once). Extra flags (e.g. --enrich) go to the convert. Safe to run twice: the keys a
# first build wrote into build/refs.bib are kept by the next.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p build
.venv/bin/citekit convert seeds/ \
  -o build/refs.json \
  -o build/refs.bib \
  -o build/references.txt --style apa \
  -o build/publications.html --style template:publications \
  -o build/references.tex --style template:thebibliography \
  "$@"
echo "citekit: build/ is ready:" >&2
ls -l build >&2
