#!/usr/bin/env bash
# The main job: convert seeds/ into build/ (CSL-JSON, ...). Extra flags (e.g. --enrich) go to every convert.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p build
ck=.venv/bin/citekit
$ck convert seeds/ --to csl-json -o build/refs.json "$@"
$ck convert seeds/ --to bibtex -o build/refs.bib "$@"
$ck convert seeds/ --to text --style apa -o build/references.txt "$@"
$ck convert seeds/ --to html --style template:publications -o build/publications.html "$@"
echo "citekit: build/ is ready:" >&2
ls -l build >&2
