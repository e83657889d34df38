#!/usr/bin/env bash
# Install the real consumers the integration tests run: TeX Live (pdflatex, bibtex,
# biblatex), biber, pandoc and Chromium, from Debian's packages. Safe to run twice:
# installs only what is missing.
set -euo pipefail
need=()
command -v pdflatex >/dev/null || need+=(texlive-latex-base texlive-latex-recommended)
command -v bibtex >/dev/null || need+=(texlive-binaries)
kpsewhich biblatex.sty >/dev/null 2>&1 || need+=(texlive-bibtex-extra)
command -v biber >/dev/null || need+=(biber)
command -v pandoc >/dev/null || need+=(pandoc)
command -v chromium >/dev/null || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "citekit: need root to install: ${need[*]} (integration tests will fail without them)" >&2
    exit 1
  fi
fi
echo "citekit: installing ${need[*]} (Debian packages) ..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
