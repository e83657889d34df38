"""Skipping, per item shape, the elements that print nothing for it never changes an entry or a cite.

The items are every input item of the CSL test suite's fixtures (tests/data/csl-suite: real
styles' test data, every item type and variable the suite exercises) rendered together in real
styles, so that many items share a shape and the skips are taken; the reference is the same
processor with the skips off.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from citekit.cite import Processor
from citekit.render.cslproc.prune import reads, shape_of
from citekit.render.cslproc.style import Node

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import cite_suite  # noqa: E402


class _Full(Processor):
    """The reference: every element evaluated for every item, every cite disambiguation compares rendered whole."""

    skip_by_shape = False
    cite_templates = False


@pytest.fixture(scope="module")
def suite_items() -> list[dict]:
    """Every item of every fixture, ids made unique."""
    return cite_suite.suite_items()


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-notes-bibliography"])
def test_entries_and_cites_are_those_of_a_full_evaluation(suite_items, style):
    """Every bibliography entry and every cite of the suite's items (author-date, numeric, note) as with nothing skipped."""
    fast, full = Processor(style, suite_items, "html"), _Full(style, suite_items, "html")
    assert fast.bibliography() == full.bibliography()
    clusters = [{"citationItems": [{"id": i["id"]}], "properties": {"noteIndex": n + 1}}
                for n, i in enumerate(suite_items)]
    assert fast.cite_clusters(clusters) == full.cite_clusters(clusters)
    assert len(suite_items) > 1000


def test_a_group_of_absent_variables_reads_them_and_terms_read_nothing():
    """A term beside a variable is decided by the variable; a locator or a position is the cite's (never skipped)."""
    group = Node("group", {"delimiter": " "}, (Node("text", {"term": "volume"}), Node("number", {"variable": "volume"})))
    assert reads(group, {}, {}) == frozenset({"volume"})
    short = Node("text", {"variable": "title", "form": "short"})
    assert reads(short, {}, {}) == frozenset({"title", "title-short", "shortTitle"})
    numeric = Node("choose", {}, (Node("if", {"is-numeric": "edition"}, (Node("text", {"term": "edition"}),)),))
    assert reads(numeric, {}, {}) == frozenset({"edition"})
    for cite_bound in (Node("text", {"variable": "locator"}), Node("if", {"position": "ibid"}),
                       Node("if", {"variable": "year-suffix"}), Node("if", {"disambiguate": "true"})):
        assert reads(Node("group", {}, (cite_bound,)), {}, {}) is None
    macros = {"m": Node("macro", {"name": "m"}, (Node("names", {"variable": "editor"},
                                                     (Node("substitute", {}, (Node("text", {"variable": "title"}),)),)),))}
    assert reads(Node("text", {"macro": "m"}), macros, {}) == frozenset({"editor", "title"})


def test_a_shape_is_the_type_and_the_variables_with_a_value():
    """Empty strings and empty name lists are absent, as the conditions read them."""
    shape = shape_of({"type": "book", "title": "T", "note": "", "author": [], "issued": {"date-parts": [[2000]]}})
    assert {"type", "title", "issued"} <= shape and "note" not in shape and "author" not in shape
    assert shape != shape_of({"type": "article", "title": "T", "issued": {"date-parts": [[2000]]}})
