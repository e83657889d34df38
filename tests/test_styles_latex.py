"""LaTeX reference lists compile with pdflatex: --to latex in CSL and BibTeX styles, and the thebibliography template."""

from __future__ import annotations

import subprocess

import pytest

from citekit import export
from citekit.model import Library
from conftest import require_tool
from test_styles_fixtures import seed_library, variant_library

PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
\begin{document}
Citing \cite{%s}.
%s
\end{document}
"""


def _compile(tmp_path, body: str, cite: str) -> str:
    pdflatex = require_tool("pdflatex")
    tex = tmp_path / "doc.tex"
    tex.write_text(PREAMBLE % (cite, body), encoding="utf-8")
    result = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    return result.stdout


@pytest.mark.integration
@pytest.mark.parametrize("style", ["apa", "ieee", "bibtex:alpha", "template:thebibliography"])
def test_latex_output_compiles(style, tmp_path):
    """Seeds plus hostile variants (TeX specials, accents, math) compile without errors."""
    library = Library(entries=seed_library(6).entries + variant_library().entries)
    body = export(library, "latex", style=style)
    log = _compile(tmp_path, body, "variant5" if style in ("ieee", "template:thebibliography") else "variant0")
    assert "Undefined control sequence" not in log
