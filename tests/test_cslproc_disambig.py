"""Adding names and given names to ambiguous cites, in the order citeproc-js settles them.

The expected texts are citeproc-js 1.4's output for the same items and style files (run with
benchmarks/citeproc_js_cite.js); see citekit/render/cslproc/disambig.py for the algorithm.
"""

from __future__ import annotations

from citekit.cite import Processor
from citekit.render.cslproc.disambig import Config, expand_names, sort_key


def _item(item_id, authors, year=2015):
    return {"id": item_id, "type": "article-journal", "title": f"Title {item_id}",
            "author": [{"family": f, "given": g} for f, g in authors], "issued": {"date-parts": [[year]]}}


def _cites(style, items):
    proc = Processor(style, items, "text")
    return proc.cite_clusters([{"citationItems": [{"id": i["id"]}], "properties": {"noteIndex": 0}} for i in items])


def test_sets_are_ordered_by_name_count_as_text_then_id():
    ids = {"a": [14], "b": [3], "c": [3], "d": [], "e": [4]}
    assert sorted(ids, key=lambda i: sort_key(ids[i], i)) == ["d", "a", "b", "c", "e"]


def test_a_name_added_for_one_pair_stays_for_the_items_settled_after_it():
    # APA: initials tell the first authors apart except the two "M."s; citeproc-js adds the
    # second name for them, and keeps it for every item it settles after them.
    items = [
        _item("1507.00012", [("Łukasiewicz", "Erik"), ("Smith", "Thi Anh"), ("Dubois", "Maria"), ("Kim", "A.")]),
        _item("1502.00026", [("Łukasiewicz", "Yu"), ("Müller", "Jan"), ("Öztürk", "A.")]),
        _item("1501.00046", [("Łukasiewicz", "Min-jun"), ("Öztürk", "Ola"), ("Brown", "A.")]),
        _item("1511.00109", [("Łukasiewicz", "Ana María")] + [("Lefèvre", "Ádám")] * 13),
        _item("1504.00300", [("Łukasiewicz", "Min-jun"), ("Wang", "Maria"), ("Mészáros", "Erik"), ("Li", "A."),
                             ("Wu", "B.")]),
    ]
    assert _cites("apa", items) == [
        "(E. Łukasiewicz, Smith, et al., 2015)",
        "(Y. Łukasiewicz, Müller, et al., 2015)",
        "(M. Łukasiewicz, Öztürk, et al., 2015)",
        "(A. M. Łukasiewicz et al., 2015)",
        "(M. Łukasiewicz, Wang, et al., 2015)",
    ]


def test_a_lone_item_that_reads_apart_is_settled_before_any_name_is_added():
    items = [
        _item("a", [("Łukasiewicz", "Min-jun"), ("Öztürk", "Ola"), ("Brown", "A.")]),
        _item("b", [("Łukasiewicz", "Min-jun"), ("Wang", "Maria"), ("Mészáros", "Erik"), ("Li", "A."), ("Wu", "B.")]),
        _item("c", [("Łukasiewicz", "Yu"), ("Müller", "Jan"), ("Öztürk", "A.")]),
    ]
    assert _cites("apa", items) == [
        "(M. Łukasiewicz, Öztürk, et al., 2015)",
        "(M. Łukasiewicz, Wang, et al., 2015)",
        "(Y. Łukasiewicz et al., 2015)",
    ]


def test_by_cite_given_names_grow_only_as_far_as_each_item_needs():
    # MLA (by-cite rule): initials settle Ana and Hans; Jan and John need their full names.
    items = [
        _item("a", [("Brown", "Ana"), ("X", "Y"), ("Z", "W")]),
        _item("b", [("Brown", "Hans"), ("Q", "Y"), ("R", "W")]),
        _item("c", [("Brown", "Jan"), ("Q", "Y"), ("R", "W")]),
        _item("d", [("Brown", "John"), ("Q", "Y"), ("R", "W")]),
    ]
    assert _cites("modern-language-association", items) == [
        "(A. Brown et al.)", "(H. Brown et al.)", "(Jan Brown et al.)", "(John Brown et al.)"]


def test_expand_names_hands_on_what_names_cannot_settle():
    # Two items whose names are the same: nothing settles them; with year-suffix to follow,
    # they are handed on, otherwise they are registered as they stand.
    def cite(item_id, cfg: Config):
        return f"Same {cfg.names}"

    handed = expand_names(["a", "b"], cite, 1, 2, None, True, True)
    assert [ids for _, ids in handed.handed_on] == [["a", "b"]] and not handed.settled
    kept = expand_names(["a", "b"], cite, 1, 2, None, True, False)
    assert set(kept.settled) == {"a", "b"} and not kept.handed_on
