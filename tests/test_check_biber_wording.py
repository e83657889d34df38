"""``citekit check``'s field-not-for-type and field-not-integer say what biber does with the field (run against biber)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from citekit.check import CheckOptions, check_text

BIB = """@article{a,
  author = {Au, Thor},
  title = {Title},
  journaltitle = {Journal},
  date = {2001},
  publisher = {Some Publisher},
}
@book{b,
  author = {Au, Thor},
  title = {Title},
  date = {2001},
  volume = {B},
}
"""


def _bbl(tmp_path, *options: str) -> str:
    (tmp_path / "t.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "t.tex").write_text("\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{t.bib}"
                                    "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "t.tex"], cwd=tmp_path, capture_output=True, timeout=120)
    subprocess.run(["biber", *options, "t"], cwd=tmp_path, capture_output=True, timeout=120)
    return (tmp_path / "t.bbl").read_text(encoding="utf-8")


def _messages(rule: str) -> list[str]:
    return [f.message for f in check_text(BIB, "t.bib", CheckOptions()).findings if f.rule == rule]


@pytest.mark.skipif(shutil.which("biber") is None or shutil.which("pdflatex") is None, reason="biber/pdflatex absent")
def test_a_field_the_type_does_not_take_reaches_the_bbl_and_the_message_says_so(tmp_path):
    """biber writes @article's publisher to the .bbl, --validate-datamodel or not: check does not claim biber drops it."""
    assert re.search(r"\\list\{publisher\}", _bbl(tmp_path))
    assert re.search(r"\\list\{publisher\}", _bbl(tmp_path, "--validate-datamodel"))
    (message,) = _messages("field-not-for-type")
    assert "does not take publisher" in message and "biber passes it on" in message and "ignores" not in message


@pytest.mark.skipif(shutil.which("biber") is None or shutil.which("pdflatex") is None, reason="biber/pdflatex absent")
def test_a_non_integer_volume_is_dropped_only_under_validate_datamodel(tmp_path):
    """volume = {B}: in the .bbl without --validate-datamodel, gone with it; the message says both."""
    assert "\\field{volume}{B}" in _bbl(tmp_path)
    assert "\\field{volume}{B}" not in _bbl(tmp_path, "--validate-datamodel")
    (message,) = _messages("field-not-integer")
    assert "--validate-datamodel drops it" in message and "passed on as written" in message
