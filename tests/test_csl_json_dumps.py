"""The JSON writers' fast serialiser (citekit.exporters.jsontext) writes exactly what json.dumps writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.exporters.jsontext import _plain
from citekit.exporters.jsontext import dumps_indented as _dumps

_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF))
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_same_text_as_json_dumps(value):
    assert _dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_edge_values_match_json_dumps():
    for value in ([], {}, [{}], {"a": []}, "\x00\x1f\x7f\x85\u2028\u2029\"\\/", "\ud800", 2**64, -(2**63) - 1,
                  1e-07, float("nan"), float("inf"), -0.0, {"k": [1, True, None, "é", 1.5]}, {1: "int key"}):
        assert _dumps(value) == json.dumps(value, ensure_ascii=False, indent=2), value


def test_floats_and_foreign_types_are_not_plain():
    assert _plain({"a": [1, "x", None, True]})
    assert not _plain({"a": [1.0]})
    assert not _plain({1: "x"})
    assert not _plain(("tuple",))
