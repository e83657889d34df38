"""The engine's work on large ambiguous sets stays near-linear, and its shortcuts never change the output.

Issue 24's hostile lists (99,999 bare ``@a{N}`` entries, 26,000 title-only ones, 14,000 of one
author and year) make every cite ambiguous with every other. The shortcuts that keep them fast
(the names step settling a set in one pass, items alike but for their id rendered once, an entry's
year-suffix put in a shared rendering) are checked here against the work done without them.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.cite import Processor
from citekit.render.cslproc.disambig import Config, expand_names, sort_key, unresolved


def _step_by_step(order, cite, start_names, names_max, givens_max, add_names, more_methods):
    """The list algorithm as citeproc-js writes it: every step scans the whole list (the reference)."""
    base = Config(start_names, [0] * max(start_names, 0))
    better = base.copy()
    settled, handed_on = {}, []
    lists = [[better, list(order)]]
    state = {"gname": 0, "init": True}

    def capture():
        if givens_max is not None and state["gname"] < len(base.givens):
            while len(better.givens) < len(base.givens):
                better.givens.append(0)
            better.givens[state["gname"]] = base.givens[state["gname"]]
        better.names = base.names

    def increment():
        if state["init"]:
            state["init"] = False
            return False
        gname = state["gname"]
        grow = givens_max is None
        if givens_max is not None:
            if gname < len(base.givens) and base.givens[gname] < givens_max:
                base.givens[gname] += 1
            else:
                grow = True
        if names_max is not None and grow and add_names and gname < names_max:
            base.names += 1
            state["gname"] = gname = gname + 1
            while len(base.givens) < base.names:
                base.givens.append(0)
        names_done = not add_names or names_max is None or gname == names_max
        return names_done and (givens_max is None or gname >= len(base.givens) or base.givens[gname] == givens_max)

    while lists:
        state["gname"] = 0
        clashes = [1, 0]
        while lists and lists[0][1]:
            maxed = increment()
            items = lists[0][1]
            mine = cite(items[0], base)
            partners = [i for i in items if cite(i, base) == mine]
            others = [i for i in items if cite(i, base) != mine]
            clashes = [clashes[1], len(partners) - 1]
            if clashes[1] == 0 and len(others) == 1:
                capture()
                settled[others[0]] = better.copy()
                settled[partners[0]] = better.copy()
                lists[0] = [better.copy(), []]
            elif clashes[1] == 0:
                capture()
                settled[partners[0]] = better.copy()
                lists[0] = [better.copy(), others]
                if others:
                    state["init"] = True
            elif len(others) == 1:
                capture()
                settled[others[0]] = better.copy()
                lists[0] = [better.copy(), partners]
            elif clashes[1] < clashes[0]:
                capture()
                lists[0] = [better.copy(), partners]
                lists.append([better.copy(), others])
            elif maxed:
                lists[0] = [better.copy(), others]
                lists.append([better.copy(), partners])
                if not more_methods:
                    for i in partners:
                        settled[i] = better.copy()
                    lists[0] = [better.copy(), []]
            if maxed:
                if more_methods:
                    return settled, [lst for lst in lists if lst[1]]
                if len(lists) > 1:
                    lists[1] = [base.copy(), []]
        lists = lists[1:]
    return settled, handed_on


def _name_set(draw: random.Random, n: int) -> dict:
    """``n`` items of 0-4 names from a small pool (so that many clash) and two years."""
    return {f"i{k}": ([(draw.choice("ABC"), draw.choice("xyz")) for _ in range(draw.randint(0, 4))],
                      draw.choice((2000, 2001))) for k in range(n)}


def _cite_of(items: dict):
    """An author-date cite showing ``cfg.names`` names (at least one) at the given-name levels of ``cfg``."""
    def cite(i, cfg):
        names, year = items[i]
        shown = names[:max(1, cfg.names)]
        parts = []
        for j, (family, given_name) in enumerate(shown):
            level = cfg.givens[j] if j < len(cfg.givens) else 0
            parts.append(family + ("" if not level else " " + given_name[:1] if level == 1 else " " + given_name + "-full"))
        return ", ".join(parts) + (" et al." if len(names) > len(shown) else "") + f" {year}"
    return cite


def _run(step, items, start, givens_max, add_names, more):
    order = sorted(items, key=lambda i: sort_key([len(items[i][0])] if items[i][0] else [], i))
    first = items[order[0]][0]
    out = step(order, _cite_of(items), start, len(first) if first else None, givens_max, add_names, more)
    if isinstance(out, tuple):
        settled, handed_on = out
    else:
        settled, handed_on = out.settled, out.handed_on
    return ({i: (c.names, c.givens) for i, c in settled.items()}, [(c.names, c.givens, ids) for c, ids in handed_on])


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), n=st.integers(2, 30), start=st.integers(0, 2),
       givens_max=st.sampled_from([None, 2]), add_names=st.booleans(), more=st.booleans())
def test_the_one_pass_names_step_decides_as_the_step_by_step_one(seed, n, start, givens_max, add_names, more):
    items = _name_set(random.Random(seed), n)
    assert _run(expand_names, items, start, givens_max, add_names, more) == \
        _run(_step_by_step, items, start, givens_max, add_names, more)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(2, 12), names=st.integers(0, 5), start=st.integers(0, 3),
       givens_max=st.sampled_from([None, 2]), add_names=st.booleans(), more=st.booleans())
def test_a_set_alike_at_every_expansion_ends_as_the_names_step_ends_it(n, names, start, givens_max, add_names, more):
    # Bare duplicates: every item's cite reads as every other's whatever is added, so the
    # processor takes the outcome without rendering a cite (Processor._expand).
    items = {f"i{k}": ([("A", "x")] * names, 2000) for k in range(n)}
    order = sorted(items, key=lambda i: sort_key([names] if names else [], i))
    asked = [0]
    cite = _cite_of(items)

    def counted(i, cfg):
        asked[0] += 1
        return cite(i, cfg)
    full = expand_names(order, counted, start, names or None, givens_max, add_names, more)
    short = unresolved(order, start, more)
    assert asked[0] >= 2 * n  # the full algorithm did render (this is no empty comparison)
    assert {i: (c.names, c.givens) for i, c in short.settled.items()} == \
        {i: (c.names, c.givens) for i, c in full.settled.items()}
    assert [(c.names, c.givens, ids) for c, ids in short.handed_on] == \
        [(c.names, c.givens, ids) for c, ids in full.handed_on]


def test_a_set_that_separates_item_by_item_is_settled_in_linear_work():
    # 3,000 cites alike at one name ("A et al. 2000") and all unlike at two: the step-by-step
    # list algorithm compares each settled item with every item left (4.5 million cites).
    n = 3000
    items = {f"i{k:05d}": ([("A", "x"), (f"B{k}", "y"), ("C", "z")], 2000) for k in range(n)}
    asked = [0]
    cite = _cite_of(items)

    def counted(i, cfg):
        asked[0] += 1
        return cite(i, cfg)
    order = sorted(items)
    out = expand_names(order, counted, 1, 3, None, True, True)
    assert len(out.settled) == n and not out.handed_on
    assert all(c.names == 2 for c in out.settled.values())
    assert asked[0] <= 10 * n


def _bare(n: int, extra=None) -> list[dict]:
    return [dict({"id": f"k{k}", "type": "document"}, **(extra(k) if extra else {})) for k in range(n)]


def test_bare_duplicates_get_every_year_suffix_in_order():
    proc = Processor("apa", _bare(60), "text")
    entries = proc.bibliography()
    suffixes = [e.split("(N.d.-", 1)[1].split(")", 1)[0] for e in entries]
    assert suffixes[:3] == ["a", "b", "c"] and suffixes[25:28] == ["z", "aa", "ab"]
    assert len(set(suffixes)) == 60
    assert len({e.replace(f"N.d.-{s})", "") for e, s in zip(entries, suffixes)}) == 1


def test_duplicates_render_as_distinct_items_do():
    # A field no style prints (annote) makes every item distinct in content: nothing is shared,
    # so every cite and entry is rendered in full; the shared rendering must read the same.
    for style in ("apa", "chicago-author-date", "harvard-cite-them-right", "modern-language-association"):
        shared = Processor(style, _bare(40), "html")
        alone = Processor(style, _bare(40, lambda k: {"annote": f"distinct {k}"}), "html")
        assert shared.bibliography() == alone.bibliography(), style
        clusters = [{"citationItems": [{"id": f"k{k}"}], "properties": {"noteIndex": k + 1}} for k in range(40)]
        assert shared.cite_clusters(clusters) == alone.cite_clusters(clusters), style


_UPPER_SUFFIX = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Upper-case year</title><id>upper</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true">
    <layout><text variable="title"/><date variable="issued" prefix=" "><date-part name="year"/></date></layout>
  </citation>
  <bibliography>
    <layout>
      <text variable="title" suffix=". "/>
      <group text-case="uppercase"><date variable="issued"><date-part name="year"/></date></group>
    </layout>
  </bibliography>
</style>
"""


def test_a_suffix_a_text_case_reaches_is_never_shared(tmp_path):
    # The shared rendering puts each suffix in one slot: where a text-case reaches the suffix, it
    # must not (the probe comes out changed), and every entry is rendered in full.
    style = tmp_path / "upper.csl"
    style.write_text(_UPPER_SUFFIX, encoding="utf-8")
    items = [{"id": f"k{k}", "type": "book", "title": "Same", "issued": {"date-parts": [[2000]]}} for k in range(30)]
    entries = Processor(str(style), items, "text").bibliography()
    assert entries[:2] == ["Same. 2000A", "Same. 2000B"]
    assert entries[27] == "Same. 2000AB"
