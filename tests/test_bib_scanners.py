"""One .bib scanner: ``convert``, ``check`` and ``update`` see the same blocks, with the same keys and lines.

Before the merge, ``sources/_bibsplit.py`` (convert, the stream) and ``bibedit.py`` (check,
--fix, update) each scanned .bib files; they disagreed on 9 of the 16 cases below (recorded
in ``BEFORE``: what each saw). The merged scanner (:mod:`citekit.bibscan`) keeps
_bibsplit's grammar and bibedit's recovery, as bibtex 0.99d and biber 2.19 read these cases:
keyless -- both fail on the '='; percent_before_at -- bibtex reads x, biber does not (its
``%`` comments out the rest of the line); at_newline_type -- both read x; unbalanced_brace --
bibtex reads jones2020 up to line 6 and resumes at ``@book``, so smith2021pride survives;
missing_comma -- both report the entry; apostrophe_key, hash_in_key -- bibtex reads, biber
fails; empty_key -- bibtex reads it with an empty key; never_closed -- bibtex loses b, biber
fails (citekit reads b: a broken entry costs at most itself).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.bibedit import BibDocument
from citekit.check.source import parse_bib
from citekit.sources.bibtex import READER

CASES = {
    "keyless": "@misc{title = {A}}\n@misc{b, title={B}}\n",
    "percent_before_at": "see % n @article{x, title={X}}\n@misc{b, title={B}}\n",
    "at_newline_type": "@\narticle{x, title={X}}\n@misc{b, title={B}}\n",
    "unbalanced_brace": (
        "@article{jones2020,\n  title = {A {broken title},\n  year = 2020,\n}\n\n"
        "@book{smith2021pride,\n  title = {Pride},\n  year = 2021,\n}\n\n@misc{lee2022,\n  title = {Lee},\n}\n"
    ),
    "missing_comma": "@article{a,\n  title = {A}\n  author = {B},\n}\n@misc{b, title={B}}\n",
    "stray_at_in_comment": "% mail me @ home {or not\n@misc{a, title={A}}\nsome text @ here\n@misc{b, title={B}}\n",
    "parentheses": "@article(p, title = {A (x)}, year = 2020)\n@misc{b, title={B}}\n",
    "apostrophe_key": "@misc{O'Brien2020, title={A}}\n@misc{b, title={B}}\n",
    "extra_close": "@misc{a, title={A}}}\n@misc{b, title={B}}\n",
    "unclosed_quote": "@misc{a, title=\"A}\n@misc{b, title={B}}\n",
    "hash_in_key": "@misc{a#1, title={A}}\n@misc{b, title={B}}\n",
    "percent_line_at": "%@misc{c, title={C}}\n@misc{b, title={B}}\n",
    "at_line_in_value": "@misc{a, abstract={x\n@misc{inner, title={I}}\n}}\n@misc{b, title={B}}\n",
    "empty_key": "@misc{, title={A}}\n@misc{b, title={B}}\n",
    "spaces_in_head": "@misc { a , title={A}}\n@misc{b, title={B}}\n",
    "never_closed": "@misc{a, title={A},\n\n@misc{b, title={B}}\n",
    "indented_percent_at": "  % @misc{c, title={C}}\n@misc{b, title={B}}\n",
}

# Recorded before the merge: case -> (what _bibsplit saw, what bibedit saw).
BEFORE = {
    "keyless": ([("entry", "misc", None, 1), ("entry", "misc", "b", 2)], [("failed", 1), ("entry", "misc", "b", 2)]),
    "percent_before_at": ([("entry", "misc", "b", 2)], [("entry", "article", "x", 1), ("entry", "misc", "b", 2)]),
    "at_newline_type": ([("entry", "article", "x", 1), ("entry", "misc", "b", 3)], [("entry", "misc", "b", 3)]),
    "unbalanced_brace": ([("failed", 1), ("entry", "misc", "lee2022", 11)],
                         [("failed", 1), ("entry", "book", "smith2021pride", 6), ("entry", "misc", "lee2022", 11)]),
    "missing_comma": ([("entry", "article", "a", 1), ("entry", "misc", "b", 5)], [("failed", 1), ("entry", "misc", "b", 5)]),
    "apostrophe_key": ([("failed", 1), ("entry", "misc", "b", 2)],
                       [("entry", "misc", "O'Brien2020", 1), ("entry", "misc", "b", 2)]),
    "hash_in_key": ([("failed", 1), ("entry", "misc", "b", 2)], [("entry", "misc", "a#1", 1), ("entry", "misc", "b", 2)]),
    "empty_key": ([("entry", "misc", None, 1), ("entry", "misc", "b", 2)],
                  [("entry", "misc", "", 1), ("entry", "misc", "b", 2)]),
    "never_closed": ([("failed", 1)], [("failed", 1), ("entry", "misc", "b", 3)]),
}


# What the one scanner sees, where it is not simply every entry read: BibTeX's and biber's answer.
EXPECTED = {
    "keyless": [("failed", 1), ("entry", "misc", "b", 2)],
    "percent_before_at": [("entry", "misc", "b", 2)],
    "at_newline_type": [("entry", "article", "x", 1), ("entry", "misc", "b", 3)],
    "unbalanced_brace": [("failed", 1), ("entry", "book", "smith2021pride", 6), ("entry", "misc", "lee2022", 11)],
    "missing_comma": [("failed", 1), ("entry", "misc", "b", 5)],
    "stray_at_in_comment": [("entry", "misc", "a", 2), ("entry", "misc", "b", 4)],
    "parentheses": [("entry", "article", "p", 1), ("entry", "misc", "b", 2)],
    "apostrophe_key": [("failed", 1), ("entry", "misc", "b", 2)],
    "extra_close": [("entry", "misc", "a", 1), ("entry", "misc", "b", 2)],
    "unclosed_quote": [("failed", 1), ("entry", "misc", "b", 2)],
    "hash_in_key": [("failed", 1), ("entry", "misc", "b", 2)],
    "percent_line_at": [("entry", "misc", "b", 2)],
    "at_line_in_value": [("entry", "misc", "a", 1), ("entry", "misc", "b", 4)],
    "empty_key": [("entry", "misc", None, 1), ("entry", "misc", "b", 2)],
    "spaces_in_head": [("entry", "misc", "a", 1), ("entry", "misc", "b", 2)],
    "never_closed": [("failed", 1), ("entry", "misc", "b", 3)],
    "indented_percent_at": [("entry", "misc", "b", 2)],
}

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL = sorted(FIXTURES.rglob("*.bib"))


def convert_view(text: str) -> list[tuple]:
    """What ``convert`` reads: entries (type, key, line) and the lines of the blocks it could not read."""
    lib = READER.read(text, "t.bib")
    out = [("entry", e.extra["bibtex"]["type"].lower(), e.extra["bibtex"]["key"], e.extra["bibtex"]["line"])
           for e in lib.entries]
    out += [("failed", p.line) for p in lib.problems if "unreadable .bib block" in p.message]
    return sorted(out, key=lambda t: t[-1])


def check_view(text: str) -> list[tuple]:
    """What ``check`` (and ``--fix``) reads."""
    src = parse_bib(text, "t.bib")
    out = [("entry", e.type, e.key or None, e.line) for e in src.entries]
    out += [("failed", line) for _key, line in src.failed]
    return sorted(out, key=lambda t: t[-1])


def update_view(text: str) -> list[tuple]:
    """What ``update`` reads."""
    doc = BibDocument.parse(text)
    out = [("entry", e.type.lower(), e.key, e.line) for e in doc.entries]
    out += [("failed", line) for line, _ in doc.problems]
    return sorted(out, key=lambda t: t[-1])


@pytest.mark.parametrize("case", sorted(CASES))
def test_convert_check_and_update_see_the_same_blocks(case):
    """Each case, read by the three commands' readers: the same entries, keys, lines and failures, as BibTeX reads."""
    text = CASES[case]
    seen = convert_view(text)
    assert seen == check_view(text) == update_view(text)
    assert seen == EXPECTED[case]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_files_read_alike(path):
    """The repository's real .bib files: the three readers agree on every block."""
    text = path.read_text(encoding="utf-8")
    assert convert_view(text) == check_view(text) == update_view(text)


def test_a_broken_entry_costs_only_itself_and_is_named(cli, tmp_path):
    """convert --to csl-json on the issue's file: smith2021pride and lee2022 written, jones2020 named with its line."""
    src = tmp_path / "refs.bib"
    src.write_text(CASES["unbalanced_brace"])
    out = tmp_path / "out.json"
    result = cli("convert", str(src), "--to", "csl-json", "-o", str(out))
    assert result.exit_code == 0, result.output
    import json

    assert [item["id"] for item in json.loads(out.read_text())] == ["smith2021pride", "lee2022"]
    assert f"{src}:1: unreadable .bib block '@article{{jones2020,' not read" in result.output
    assert "2 entries read, 1 not read (line 1)" in result.output
    strict = cli("convert", str(src), "--to", "csl-json", "--strict", "-o", str(tmp_path / "strict.json"))
    assert strict.exit_code == 1 and not (tmp_path / "strict.json").exists()


def test_check_counts_entries_read_and_not_read(cli, tmp_path):
    """check names the broken entry with its line and counts what it read."""
    src = tmp_path / "refs.bib"
    src.write_text(CASES["unbalanced_brace"])
    result = cli("check", str(src))
    assert result.exit_code == 1
    assert f"{src}:1:" in result.output and "2 entries read, 1 not read" in result.output
