"""The compiled renderer's seam, + and join give citeproc-py's results, segment for segment."""

from __future__ import annotations

import itertools

from citeproc.string import MixedString, NoCase, String, join, normalize_seam

from citekit.render.compile import _TextOps


def _shape(text):
    """A value's type and, for a MixedString, each segment's shape: what text-case and NoCase depend on."""
    if isinstance(text, MixedString):
        return ("MixedString", [_shape(segment) for segment in text])
    return (type(text).__name__, str(text))


def _operands() -> list:
    """str, String, NoCase and MixedString values with the edges a seam looks at: empty, space, punctuation."""
    plain = ["", " ", ".", ",", "a", "a.", "a ", " a", ".a", "..", "a,", ",a"]
    out: list = []
    for text in plain:
        out += [text, String(text), NoCase(text)]
    out += [MixedString([]), MixedString([String("")]), MixedString([String("a"), String(".")]),
            MixedString([String("a"), String("")]), MixedString([String(""), String(".b")]),
            MixedString([NoCase(" x"), String("y ")]), MixedString(["raw.", String(" ")]),
            MixedString([MixedString([String("in."), String("")]), String("")])]
    return out


def test_seam_and_concat_match_citeproc():
    """normalize_seam(a, b) and a + b: the same shape for every pair of operands."""
    ops = _TextOps()
    for left, other in itertools.product(_operands(), repeat=2):
        assert _shape(ops.seam(left, other)) == _shape(normalize_seam(left, other)), (left, other)
        assert _shape(ops.concat(left, other)) == _shape(left + other), (left, other)


def test_join_matches_citeproc():
    """join over lists of mixed operands, with plain and punctuation delimiters."""
    ops = _TextOps()
    values = _operands()
    lists = [[], *([v] for v in values), *itertools.product(values, repeat=2), *itertools.product(values[::4], repeat=3)]
    for delimiter in ("", ", ", ". ", " ", "."):
        for items in lists:
            assert _shape(ops.join(list(items), delimiter)) == _shape(join(list(items), delimiter)), (items, delimiter)
