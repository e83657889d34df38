"""A key used twice in one database: a styled list holds the first entry (as bibtex and biber print), a conversion keeps both.

biber 2.18 on two ``@book{dup, ...}`` entries: "WARN - Duplicate entry key: 'dup' in file ..., skipping" and the
``.bbl`` holds the first; bibtex says "Repeated entry" and keeps the first; pandoc 3 prints the last.
"""

from __future__ import annotations

import re

import citekit

FIRST = "@book{dup,\n  title = {The First Book},\n  author = {First, Anne},\n  year = {2001},\n  publisher = {P},\n}\n"
SECOND = "@book{dup,\n  title = {The Second Book},\n  author = {Second, Bob},\n  year = {2002},\n  publisher = {Q},\n}\n"
CASED = "@book{DUP,\n  title = {The Third Book},\n  author = {Third, Cy},\n  year = {2003},\n  publisher = {R},\n}\n"


def _files(tmp_path):
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text(FIRST + "\n" + CASED, encoding="utf-8")
    b.write_text("% the same key in a second file\n\n" + SECOND, encoding="utf-8")
    return a, b


def test_a_styled_list_holds_the_first_entry_of_a_key_across_files(cli, tmp_path):
    """The later entry is left out of the list, reported with its file and line and where the first stands."""
    a, b = _files(tmp_path)
    out = tmp_path / "list.txt"
    result = cli("convert", str(a), str(b), "--to", "text", "--style", "apa", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "The first book" in text and "The third book" in text  # a key differing in case is another key (biber)
    assert "Second" not in text
    said = [line for line in result.output.splitlines() if "left out of the reference list" in line]
    assert len(said) == 1 and f"{b}:3:" in said[0] and f"({a}:1)" in said[0]
    assert "is now" not in result.output  # no key renamed when nothing keeps the later entry


def test_a_conversion_keeps_both_and_its_list_beside_it_the_first(cli, tmp_path):
    """One run writing a .bib and an HTML list: the .bib has both entries (the later renamed), the list the first."""
    a, b = _files(tmp_path)
    bib, page = tmp_path / "out.bib", tmp_path / "out.html"
    result = cli("convert", str(a), str(b), "-o", str(bib), "-o", str(page), "--style", "apa")
    assert result.exit_code == 0, result.output
    keys = re.findall(r"^@\w+\{([^,]+),", bib.read_text(encoding="utf-8"), re.M)
    assert sorted(keys) == ["DUP", "dup", "dupa"]
    html = page.read_text(encoding="utf-8")
    assert "First" in html and "Second" not in html and 'id="dupa"' not in html
    assert "'dup' is now 'dupa'" in result.output and "left out of the reference list" in result.output


def test_csl_json_keeps_every_entry(cli, tmp_path):
    """CSL-JSON is a conversion: every entry in is an entry out."""
    a, b = _files(tmp_path)
    result = cli("convert", str(a), str(b), "--to", "csl-json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"title"') == 3


def test_the_library_api_lists_the_first(tmp_path):
    """``citekit.export`` of a library read with a repeated key lists the first entry only, and says so."""
    a, b = _files(tmp_path)
    library = citekit.read(str(a), str(b), fmt="bibtex")
    text = citekit.export(library, "text", style="apa")
    assert "First" in text and "Second" not in text
    assert any("left out of the reference list" in p.message and p.line == 3 for p in library.problems)
