"""The LaTeX reference list compiles in a bare article (no url, hyperref or natbib loaded), URLs with specials included."""

from __future__ import annotations

import subprocess

import pytest

from citekit import export
from citekit.model import Entry, Library, Name, PartialDate
from conftest import require_tool
from test_styles_fixtures import seed_library, variant_library

BARE = "\\documentclass{article}\n\\begin{document}\nCiting \\cite{%s}.\n\\input{refs.tex}\n\\end{document}\n"
WITH_URL = BARE.replace("\\begin{document}", "\\usepackage{url}\n\\begin{document}")


def _hostile_urls() -> list[Entry]:
    return [Entry(type="webpage", title="A page with a hard URL", author=[Name("Roe", "Ann")], issued=PartialDate(2023),
                  URL="https://example.org/a_b/c~d/e%20f?x=1&y=2#sec_3", key="urlpage"),
            Entry(type="article-journal", title="Published", author=[Name("Poe", "Bo")], issued=PartialDate(2022),
                  container_title="J. Things", DOI="10.1002/(SICI)1097-4571_x", key="doientry")]


def _compile(tmp_path, document: str, body: str, cite: str) -> str:
    pdflatex = require_tool("pdflatex")
    (tmp_path / "refs.tex").write_text(body, encoding="utf-8")
    (tmp_path / "doc.tex").write_text(document % cite, encoding="utf-8")
    result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
                            cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Undefined control sequence" not in result.stdout
    return result.stdout


@pytest.mark.integration
@pytest.mark.parametrize("document", [BARE, WITH_URL], ids=["bare", "with-url-package"])
@pytest.mark.parametrize("style", ["template:thebibliography", "apa", "ieee"])
def test_latex_list_compiles_in_a_bare_article(style, document, tmp_path):
    """thebibliography and --to latex lists compile with and without \\usepackage{url}."""
    library = Library(entries=seed_library(4).entries + variant_library().entries + _hostile_urls())
    body = export(library, "latex", style=style)
    assert "\\url{" in body and "\\providecommand{\\url}" in body
    _compile(tmp_path, document, body, "urlpage")


@pytest.mark.integration
def test_cli_writes_a_tex_list_from_the_extension(cli, tmp_path):
    """-o refs.tex --style template:thebibliography from the CLI compiles in a bare article."""
    src = tmp_path / "ids.txt"
    src.write_text("arXiv:2101.00001\narXiv:hep-th/9901001\n")
    out = tmp_path / "refs.tex"
    result = cli("convert", str(src), "-o", str(out), "--style", "template:thebibliography")
    assert result.exit_code == 0, result.output
    _compile(tmp_path, BARE, out.read_text(), "*")
