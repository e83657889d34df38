"""citeproc_source builds the very references CiteProcJSON (plus _parse_extra_names) builds: same values, same types."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from citekit.render.csl import _csl_items, _parse_extra_names
from citekit.render.references import citeproc_source
from conftest import SHARED

SUITE_INPUTS = sorted((SHARED / "csl-test-suite" / "processor-tests" / "humans").glob("*.txt"))


def _citeprocjson(prepared: list[dict[str, Any]]):
    """The source as citekit built it before citeproc_source: citeproc-py's own reader, then the extra names."""
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(prepared)
        _parse_extra_names(source, prepared)
    return source


def assert_same(expected: Any, actual: Any, path: str = "$") -> None:
    """Equal, of the same type at every level, and dicts in the same key order."""
    assert type(actual) is type(expected), f"{path}: {type(actual).__name__} instead of {type(expected).__name__}"
    if isinstance(expected, dict):
        assert list(actual) == list(expected), f"{path}: keys {list(actual)} instead of {list(expected)}"
        for key in expected:
            assert_same(dict.__getitem__(expected, key), dict.__getitem__(actual, key), f"{path}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), f"{path}: {len(actual)} parts instead of {len(expected)}"
        for index, (left, right) in enumerate(zip(expected, actual)):
            assert_same(left, right, f"{path}[{index}]")
    else:
        assert actual == expected, f"{path}: {actual!r} instead of {expected!r}"
    assert getattr(actual, "__dict__", None) == getattr(expected, "__dict__", None), f"{path}: attributes differ"


def assert_same_source(items: list[dict[str, Any]]) -> None:
    """citeproc_source and CiteProcJSON agree on ``items`` once prepared (or fail with the same error)."""
    prepared = _csl_items(items)
    try:
        expected = _citeprocjson(prepared)
    except Exception as exc:  # citeproc-py refuses the item: so must the direct builder
        with pytest.raises(type(exc)):
            citeproc_source(prepared)
        return
    assert_same(expected, citeproc_source(prepared))


EDGE_ITEMS = [
    {"id": "Nocase", "type": "book", "title": 'On <span class="nocase">iPhone</span> and <SPAN CLASS="nocase">DNA</SPAN>',
     "container-title": "a < b", "language": "de-DE", "shortTitle": "On iPhone", "title-short": "iPhone"},
    {"id": "names", "type": "motion_picture", "director": [{"family": "Lynch", "given": "David"}],
     "author": [{"literal": "World Health Organization"}, {"family": "van Gogh", "given": "Vincent"}],
     "container-author": [{"family": "Doe", "given": "J.", "suffix": "Jr."}], "executive-producer": "Someone"},
    {"id": "dates", "type": "article", "issued": {"date-parts": [[2004, 10], [2005]]},
     "accessed": {"date-parts": [["2020", "3", "1"]], "circa": 1}, "available-date": {"date-parts": [[2019, 5, 2]]},
     "original-date": {"literal": "Spring 1999"}, "event-date": {"date-parts": [[2001, 14]], "season": 2},
     "submitted": "2010", "number": 7, "volume": "3-4", "page": "1-10"},
    {"id": "Odd", "type": "report", "issued": {"date-parts": [[]]}, "note": "original-date: 1890\nauthor: Twain || Mark",
     "journalAbbreviation": "J. Odd", "title": "Straight \"quotes\" and 'single' ones", "key": "ignored"},
    {"id": 12, "title": "no type, numeric id", "issued": {"date-parts": [[1999, 12, 31]], "circa": True}},
]


@pytest.mark.parametrize("item", EDGE_ITEMS, ids=[str(item["id"]) for item in EDGE_ITEMS])
def test_edge_shapes_give_the_same_references(item):
    """nocase spans, extra name and date variables, ranges, literals, seasons, circa, numbers: all alike."""
    assert_same_source([item])


@pytest.mark.skipif(not SUITE_INPUTS, reason="no CSL test suite beside the repository")
def test_every_suite_input_gives_the_same_references():
    """The inputs of all the CSL test suite's fixtures (every mode) give the same references both ways."""
    from test_csl_suite import csl_suite

    checked = 0
    for path in SUITE_INPUTS:
        sections = {m.group(1): m.group(2) for m in csl_suite._SECTION.finditer(path.read_text(encoding="utf-8-sig"))}
        try:
            items = json.loads(sections["INPUT"])
        except (KeyError, ValueError):
            continue
        assert_same_source([item for item in items if isinstance(item, dict)])
        checked += 1
    assert checked > 800


_TEXT = st.lists(st.sampled_from([*"aZ <>/\"'-.,é\ue010", '<span class="nocase">', "</span>", "<i>"]),
                 max_size=8).map("".join)
_NAME = st.dictionaries(st.sampled_from(["family", "given", "literal", "suffix", "non-dropping-particle"]), _TEXT,
                        max_size=3)
_DATE = st.one_of(
    st.fixed_dictionaries({"date-parts": st.lists(st.lists(st.one_of(st.integers(-50, 3000), st.just("12")), max_size=3),
                                                  max_size=2)},
                          optional={"circa": st.sampled_from([0, 1, True, "1"]), "season": st.integers(1, 4),
                                    "literal": _TEXT}),
    _TEXT,
)
_VALUES = {
    "title": _TEXT, "container-title": _TEXT, "language": _TEXT, "shortTitle": _TEXT, "volume": st.one_of(_TEXT, st.integers()),
    "author": st.lists(_NAME, max_size=3), "director": st.lists(_NAME, max_size=2), "editor": st.lists(_NAME, max_size=2),
    "issued": _DATE, "available-date": _DATE, "accessed": _DATE, "note": _TEXT,
}


@given(st.lists(st.fixed_dictionaries({"id": _TEXT, "type": st.sampled_from(["book", "article", ""])},
                                      optional=_VALUES), max_size=4))
def test_random_items_give_the_same_references(items):
    """Any mix of these variables and awkward values gives the same references both ways."""
    assert_same_source(items)


@pytest.mark.parametrize("key", ["item0", "Item12", "ÉTÉ"])
def test_fast_item_is_what_citation_item_makes(key):
    """_FastItem holds exactly what citeproc-py's CitationItem(key) holds, and reads its stored reference."""
    from citekit.render.csl import _fast_item_class_cached, _FastItem

    item = _FastItem(key)
    assert type(item) is _fast_item_class_cached()
    assert_same(dict(_fast_item_class_cached()(key)), dict(item))
    dict.__setitem__(item, "_reference", "the reference")
    assert item.key == key.lower() and item.reference == "the reference"


_SORT_VALUE = st.one_of(st.none(), st.sampled_from(["a", "b", "B", "10", "9", "1a", "", "ä"]), st.integers(0, 12))


@given(st.integers(1, 12).flatmap(lambda n: st.lists(
    st.tuples(st.booleans(), st.lists(_SORT_VALUE, min_size=n, max_size=n)), min_size=1, max_size=3)))
@example([(False, ["10", "9", "a", None])])  # numbers compare as numbers: not plain text
@example([(True, ["b", "a", None, "c"])])  # descending
@example([(False, ["b", "a", "b", None, None]), (True, ["x", "y", "z", None, "w"])])  # ties go to the next key
def test_sort_order_is_the_comparators_order(columns):
    """_order gives what sorting by _compare alone gives, numbers and mixed types (not transitive) included."""
    from functools import cmp_to_key

    from citekit.render.csl import _compare, _order

    count = len(columns[0][1])
    no_lazy = None  # no column is lazy here, so _compare never reads through it
    expected = sorted(range(count), key=cmp_to_key(lambda a, b: _compare(a, b, columns, no_lazy)))
    assert _order(count, columns, no_lazy) == expected
    plain = [(False, [v if isinstance(v, str) and not v.isdigit() else None for v in columns[0][1]]), *columns[1:]]
    expected = sorted(range(count), key=cmp_to_key(lambda a, b: _compare(a, b, plain, no_lazy)))
    assert _order(count, plain, no_lazy) == expected  # the first column compared in C


@given(st.lists(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\ue003", "a", "[1]", ".", "\ue010"]),
                max_size=14).map("".join))
def test_margin_markers_tighten_as_the_pattern_says(text):
    """_tight_margins is re.sub(r"\\s*M+\\s*", M): a run of markers with the whitespace around it becomes one marker."""
    import re

    from citekit.render.csl import _tight_margins
    from citekit.render.rich import MARGIN

    assert _tight_margins(text) == re.sub(f"\\s*{MARGIN}+\\s*", MARGIN, text)
