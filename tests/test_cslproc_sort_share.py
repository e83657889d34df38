"""A bibliography's sort key worked out once for items alike in all it reads never changes the order.

The items are every input item of the CSL test suite's fixtures (real styles' test data, every
item type and variable the suite exercises), each twice: once as it is and once with another
title, so that many items tie on their names and dates and differ later (issue 24's list of one
author and year, in small). The reference is the same processor working out every key for
every item.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from citekit.cite import Processor
from citekit.render.cslproc.prune import sort_reads
from citekit.render.cslproc.style import Node

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import cite_suite  # noqa: E402


class _Unshared(Processor):
    """The reference: every sort key worked out for every item."""

    share_sort_keys = False


@pytest.fixture(scope="module")
def tied_items() -> list[dict]:
    """Many of the suite's items and a retitled copy of each."""
    items = cite_suite.suite_items()[:700]  # every item type and most variables, in a few seconds a style
    return items + [dict(i, id=i["id"] + "/again", title=f"Another {n}") for n, i in enumerate(items)]


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "modern-language-association", "harvard-cite-them-right"])
def test_shared_sort_keys_order_entries_as_keys_worked_out_each_time(tied_items, style):
    shared, alone = Processor(style, tied_items, "html"), _Unshared(style, tied_items, "html")
    assert shared.bibliography() == alone.bibliography()
    assert sum(k.shared for k in shared.bib_sort) > 100  # values were shared: the comparison is not empty
    assert all(k.shared == 0 for k in alone.bib_sort)


def test_a_sort_key_reads_what_a_bibliography_gives_it():
    """In a bibliography's sort key the cite's variables read nothing, a page-first reads the page, a number the
    processor's numbering (not shared), and a test of year-suffix or disambiguate reads the state (in the key)."""
    group = Node("group", {}, (Node("text", {"variable": "locator"}), Node("text", {"variable": "title"}),
                              Node("choose", {}, (Node("if", {"position": "ibid"}), Node("if", {"disambiguate": "true"}),
                                                  Node("if", {"variable": "year-suffix"}),))))
    assert sort_reads(group, {}, {}) == frozenset({"title"})
    assert sort_reads(Node("text", {"variable": "page-first"}), {}, {}) == frozenset({"page-first", "page"})
    assert sort_reads(Node("group", {}, (Node("text", {"variable": "citation-number"}),)), {}, {}) is None
    label = Node("choose", {}, (Node("if", {"variable": "citation-label"}, (Node("text", {"term": "and"}),)),))
    assert sort_reads(label, {}, {}) == frozenset({"citation-label", "author", "editor", "issued"})
