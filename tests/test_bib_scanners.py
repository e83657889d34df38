"""The two .bib scanners side by side: where ``sources/_bibsplit.py`` and ``bibedit.py`` differ.

Each case is read by both; a block is (kind, type, key, line). ``DIFFER`` records every case
where they disagree (recorded before the two were merged into one), so the test fails when
either scanner changes what it sees.

What bibtex 0.99d and biber 2.19 (``biber --tool``) read from the same cases, for the merge:
keyless -- both fail on the '='; percent_before_at -- bibtex reads x, biber does not (its
``%`` comments out the rest of the line); at_newline_type -- both read x; unbalanced_brace --
bibtex reads jones2020 up to line 6 and resumes at ``@book``, so smith2021pride survives;
missing_comma -- both report the entry; apostrophe_key, hash_in_key, empty_key -- bibtex
reads, biber fails; never_closed -- bibtex loses b, biber fails.
"""

from __future__ import annotations

import pytest

from citekit.bibedit import BibDocument
from citekit.sources import _bibsplit as bs

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

# Recorded before the merge: case -> (what _bibsplit sees, what bibedit sees).
DIFFER = {
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


def _bibsplit_view(text: str) -> list[tuple]:
    out: list[tuple] = []
    for b in bs.split(text):
        if isinstance(b, bs.Entry):
            out.append(("entry", b.type.lower(), b.key, b.line))
        elif isinstance(b, bs.Failed):
            out.append(("failed", b.line))
    return out


def _bibedit_view(text: str) -> list[tuple]:
    doc = BibDocument.parse(text)
    out = [("entry", e.type.lower(), e.key, e.line) for e in doc.entries]
    out += [("failed", line) for line, _ in doc.problems]
    return sorted(out, key=lambda t: t[-1])


@pytest.mark.parametrize("case", sorted(CASES))
def test_where_the_two_scanners_differ(case):
    """Both scanners on one input: equal, or different exactly as recorded."""
    a, b = _bibsplit_view(CASES[case]), _bibedit_view(CASES[case])
    if case in DIFFER:
        assert (a, b) == DIFFER[case]
    else:
        assert a == b
