"""citekit check --compile with the real bibtex and biber: every message tied to its entry, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.check import check_paths, select_rules
from citekit.check.fix import fix_text
from citekit.check.run import load
from conftest import require_tool

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"


@pytest.fixture(scope="module")
def tools():
    """bibtex, biber and pdflatex (for the .bcf), or a skip."""
    for name in ("bibtex", "biber", "pdflatex"):
        require_tool(name)


def _compile(path):
    return [f for f in check_paths([path], select=["compile"], compile=True).findings]


def test_compile_ties_every_message_to_entry_and_line(tools):
    """Each bibtex and biber message on the defect file names a key of the file and a line within that entry."""
    path = FIXTURES / "defects-bibtex.bib"
    src = load(path)
    starts = sorted(e.line for e in src.entries)
    found = _compile(path)
    assert {f.rule for f in found} == {"compile-bibtex", "compile-biber"}
    keys = {e.key for e in src.entries} | {k for k, _ in src.failed}
    for f in found:
        assert f.key in keys and f.line, f
    by = {(f.rule, f.key, f.field) for f in found}
    assert ("compile-bibtex", "nojournal2019", "journal") in by  # Warning--empty journal in nojournal2019
    assert ("compile-bibtex", "orphan2015", "crossref") in by  # A bad cross reference
    assert ("compile-biber", "reversed2018", "month") in by  # legacy month field 'March'
    assert ("compile-bibtex", "macro2013", None) in by or ("compile-bibtex", "macro2013", "journal") in by
    dup = [f for f in found if f.rule == "compile-bibtex" and "Repeated entry" in f.message]
    assert dup and dup[0].line == [e.line for e in src.entries if e.key == "nojournal2019"][1]
    assert all(any(s <= f.line for s in starts) for f in found)


def test_after_fix_the_fixed_warnings_are_gone(tools, tmp_path):
    """The month fix removes biber's legacy-month warning; nothing the fixes touch is reported by the tools."""
    path = FIXTURES / "defects-bibtex.bib"
    fixed = tmp_path / "fixed.bib"
    fixed.write_text(fix_text(load(path).text, str(fixed), select_rules(), "bibtex").text, encoding="utf-8")
    before = _compile(path)
    after = _compile(fixed)
    assert any("month" in f.message for f in before)
    assert not any("legacy month" in f.message for f in after)
    assert len(after) < len(before)


def test_clean_file_compiles_without_bibtex_warnings(tools):
    """The clean BibTeX fixture gives bibtex (plain) nothing to warn about."""
    found = [f for f in _compile(FIXTURES / "clean-bibtex.bib") if f.rule == "compile-bibtex"]
    assert found == [], [f.message for f in found]


def test_missing_tools_are_named(monkeypatch):
    """Without bibtex or biber on PATH, --compile says which tool is missing (an error finding)."""
    monkeypatch.setenv("PATH", "/nonexistent")
    found = _compile(FIXTURES / "clean-bibtex.bib")
    messages = " ".join(f.message for f in found)
    assert "cannot run bibtex" in messages and "cannot run biber" in messages
    assert all(f.severity == "error" for f in found)
