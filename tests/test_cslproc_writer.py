"""The one-walk rich writer (``output.render`` to rich text) writes what the token writer writes, and a cite
written from its template (``output.RichTemplate``) what the whole cite writes.

Styled lists and disambiguation write through the one-walk writer; every other backend and a
closing quote under punctuation-in-quote go through the token list (``output.write_tokens``).
The trees are the suite's real entries and cites in real styles, and generated trees that put
doubled punctuation, spaces, formatting (flip-flop), quotes and display blocks at every seam.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.cite import Processor
from citekit.render.cslproc.compile import Ctx
from citekit.render.cslproc.output import Out, render, write_tokens

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import cite_suite  # noqa: E402

_TEXT = st.text(alphabet=" .,;:!?()ab", max_size=4)
_FMT = st.sampled_from([(), (("font-style", "italic"),), (("font-weight", "bold"),), (("font-style", "normal"),),
                        (("font-variant", "small-caps"), ("font-style", "italic")), (("vertical-align", "sup"),),
                        (("text-decoration", "underline"),), (("font-weight", "light"),)])
_DISPLAY = st.sampled_from(["", "", "", "block", "left-margin", "right-inline", "indent"])


def _tree(kids):
    return st.builds(Out, st.lists(kids, max_size=4), _FMT, _TEXT, _TEXT, st.booleans(), _DISPLAY,
                     st.sampled_from(["", "term", "prefix", "cite-suffix", "dq"]))


_TREES = st.recursive(st.one_of(_TEXT, st.none()), _tree, max_leaves=20)
_QUOTES = ("“", "”", "‘", "’")


@settings(max_examples=400)
@given(_TREES, st.booleans())
def test_generated_trees_write_alike(tree, piq):
    """Any tree, with and without punctuation-in-quote, as the token writer writes it."""
    assert render(tree, "rich", _QUOTES, piq) == write_tokens(tree, "rich", _QUOTES, piq)


def test_a_quote_under_punctuation_in_quote_moves_the_period_in():
    """The case the one walk leaves to the token list: the comma after a closing quote goes inside."""
    tree = Out([Out(["Title"], quotes=True), ", ", "next"])
    assert render(tree, "rich", _QUOTES, True) == "“Title,” next"
    assert render(tree, "rich", _QUOTES, False) == "“Title”, next"


def _suite_items() -> list[dict]:
    """Every input item of the CSL suite's fixtures, ids made unique."""
    return cite_suite.suite_items()


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "modern-language-association"])
def test_real_entries_and_cites_write_alike(style):
    """Every entry and cite of the CSL suite's items in real styles, as the token writer writes them."""
    items = _suite_items()
    proc = Processor(style, items, "rich")
    trees = [x for _, x in proc.bibliography_outs()]
    trees += [proc.cit_layout(Ctx(proc.items[i["id"]], proc, {"id": i["id"], "position": 0}, True, proc.dis.get(i["id"])))
              for i in items]
    trees = [t for t in trees if t is not None]
    assert len(trees) > 2000
    for tree in trees:
        for piq in (False, True):
            assert render(tree, "rich", _QUOTES, piq) == write_tokens(tree, "rich", _QUOTES, piq)


class _Whole(Processor):
    """Every cite disambiguation compares rendered and written whole."""

    cite_templates = False


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "modern-language-association"])
def test_cites_written_from_a_template_are_those_written_whole(style):
    """Disambiguation's cites in rich text (the rest of a cite written once, its names each time) decide as whole cites
    do: the same entries and cites for the suite's items (formatting, quotes, affixes of every kind)."""
    items = _suite_items()
    fast, whole = Processor(style, items, "rich"), _Whole(style, items, "rich")
    assert fast.bibliography() == whole.bibliography()
    clusters = [{"citationItems": [{"id": i["id"]}], "properties": {"noteIndex": n + 1}} for n, i in enumerate(items)]
    assert fast.cite_clusters(clusters) == whole.cite_clusters(clusters)
    assert any(t and t.rich for t in fast._cite_tpl.values())
