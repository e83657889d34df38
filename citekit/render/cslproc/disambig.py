"""Adding names and given names to tell ambiguous cites apart: citeproc-js's list algorithm.

CSL 1.0.2 (Disambiguation, steps 1 and 2) leaves open in which order the items of an
ambiguous set are expanded and whether an expansion made for one pair is kept for the
items looked at after it. citeproc-js, the processor Zotero and Mendeley users compare
against, answers both, and its answer is what this module reproduces:

* the items of one set are taken in the order of their name counts, compared as *text*
  ("14" before "3"), then by id;
* one forward-only counter (names shown, given-name level of the name last added) is
  pushed one step at a time; an item is settled as soon as its cite reads unlike every
  other item still in the list, with the expansion reached so far, so an expansion needed
  by an early pair stays for every item settled after it;
* given names grow only for the ``by-cite`` rule (the global rules fix them for every
  cite beforehand), up to level 2 (full given name);
* when the counter has run out, the items that still clash go on to the next method
  (year-suffix, the ``disambiguate`` condition), which the processor applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(slots=True)
class Config:
    """One expansion: names shown (0: the style's default) and given-name level by name position."""

    names: int = 0
    givens: list = field(default_factory=list)

    def copy(self) -> "Config":
        """An independent copy."""
        return Config(self.names, list(self.givens))


@dataclass(slots=True)
class Outcome:
    """What the list algorithm decided: a config per settled item, and the lists it handed on."""

    settled: dict = field(default_factory=dict)
    handed_on: list = field(default_factory=list)


def sort_key(counts: list[int], item_id: str) -> tuple[str, str]:
    """citeproc-js's order of a set: name counts compared as JavaScript compares arrays (as text), then id."""
    return (",".join(str(c) for c in counts), item_id)


def expand_names(order: list[str], cite: Callable[[str, Config], str], start_names: int, names_max,
                 givens_max, add_names: bool, more_methods: bool) -> Outcome:
    """Run the names step over one ambiguous set.

    ``order``: the set in :func:`sort_key` order; ``cite(id, config)``: the item's cite text with
    that expansion; ``start_names``: names the widest cite shows already; ``names_max``: name
    count of the first item (None when it has no names); ``givens_max``: 2 under the by-cite
    rule, else None; ``more_methods``: whether year-suffix or the disambiguate condition follow.
    """
    base = Config(start_names, [0] * max(start_names, 0))
    better = base.copy()
    out = Outcome()
    lists: list[list] = [[better, list(order)]]
    state = {"gname": 0, "init": True, "method_done": False}

    def capture():
        if givens_max is not None and state["gname"] < len(base.givens):
            while len(better.givens) < len(base.givens):
                better.givens.append(0)
            better.givens[state["gname"]] = base.givens[state["gname"]]
        better.names = base.names

    def register(i, cfg):
        out.settled[i] = cfg.copy()

    def increment() -> bool:
        if state["init"]:
            state["init"] = False
            return False
        gname = state["gname"]
        grow_names = givens_max is None
        if givens_max is not None:
            if gname < len(base.givens) and base.givens[gname] < givens_max:
                base.givens[gname] += 1
            else:
                grow_names = True
        if names_max is not None and grow_names and add_names and gname < names_max:
            base.names += 1
            state["gname"] = gname = gname + 1
            # The cite rendered with one more name shows that name at its default level.
            while len(base.givens) < base.names:
                base.givens.append(0)
        names_done = not add_names or names_max is None or gname == names_max
        givens_done = givens_max is None or gname >= len(base.givens) or base.givens[gname] == givens_max
        return names_done and givens_done

    while lists:
        state["gname"] = 0
        clashes = [1, 0]
        while lists and lists[0][1]:
            maxed = increment()
            items = lists[0][1]
            first = items[0]
            mine = cite(first, base)
            partners, others = [first], []
            for other in items[1:]:
                (partners if cite(other, base) == mine else others).append(other)
            clashes = [clashes[1], len(partners) - 1]
            if clashes[1] == 0 and len(others) == 1:
                capture()
                register(others[0], better)
                register(partners[0], better)
                lists[0] = [better.copy(), []]
            elif clashes[1] == 0:
                capture()
                register(partners[0], better)
                lists[0] = [better.copy(), others]
                if others:
                    state["init"] = True
                    if not maxed:
                        # The steps that follow keep this expansion and settle one item each
                        # while the first reads unlike the rest: taken in one pass, not a scan each.
                        lists[0] = _peel(others, [cite(o, base) for o in others], better, register)
                        # A step that settles the last items uses up the pending step.
                        state["init"] = bool(lists[0][1])
            elif len(others) == 1:
                capture()
                register(others[0], better)
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
                        register(i, better)
                    lists[0] = [better.copy(), []]
            if maxed:
                if more_methods:
                    # citeproc-js moves on to the next method with whatever lists are left.
                    out.handed_on = [lst for lst in lists if lst[1]]
                    return out
                if len(lists) > 1:
                    lists[1] = [base.copy(), []]
        lists = lists[1:]
    return out


def _peel(items: list, texts: list, better: Config, register) -> list:
    """The list algorithm's steps at one expansion while the first item's cite is unique, in one pass.

    Each such step settles the first item (both, when two are left) and hands the rest to the
    next step; a step whose first item still clashes is left to the caller. Counting the cites
    once makes a set that separates item by item linear, not quadratic. Returns the list left.
    """
    counts: dict = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    k, n = 0, len(items)
    while k < n and counts[texts[k]] == 1:
        if n - k == 2:
            register(items[k + 1], better)
            register(items[k], better)
            return [better.copy(), []]
        register(items[k], better)
        k += 1
    return [better.copy(), items[k:]]


def unresolved(order: list, start_names: int, more_methods: bool) -> Outcome:
    """What :func:`expand_names` decides for a set whose cites read alike at every expansion.

    No step settles an item or lessens the clashes, so the expansion kept ("better") stays
    the starting one; the set is handed on whole to the next method, or, with none, every
    item is settled with it (the algorithm's last step when the counter has run out).
    """
    base = Config(start_names, [0] * max(start_names, 0))
    out = Outcome()
    if more_methods:
        out.handed_on = [[base, list(order)]]
    else:
        out.settled = {i: base.copy() for i in order}
    return out
