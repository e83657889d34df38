"""Elements that print nothing for an item of a given shape (its type and the variables it has), skipped after the first time.

Most of a long style's elements look for variables an item lacks (APA's entry for an arXiv
preprint asks for a patent number, a medium, a review's subject...). What such an element
prints, and how many variables it tries on the way (what its enclosing group's suppression
rule counts), follows from the item's *shape* alone when every variable it could print or
read the value of is absent and its conditions only test the type and the presence of
stored variables: its terms print or its group rule suppresses them alike for every item of
the shape. :func:`reads` decides that from the style tree once; :func:`skipping` evaluates
the element in full the first time for a shape and, when it printed nothing, from then on
only replays its count.
"""

from __future__ import annotations

from typing import Callable

__all__ = ["reads", "sort_reads", "skipping", "shape_of"]

#: Variables a processor works out (from the cite, the numbering, the disambiguation) rather than reads.
DYNAMIC = frozenset({"locator", "year-suffix", "citation-number", "first-reference-note-number", "citation-label",
                     "page-first", "position"})
#: The other variables ``form="short"`` reads (compile.Ctx.value).
_SHORT = {"title": ("title-short", "shortTitle"), "container-title": ("container-title-short", "journalAbbreviation")}
_ABSENT = (None, "", [])


def shape_of(item: dict) -> frozenset:
    """The variables ``item`` has a value for, with its type (what decides which of a style's elements print nothing)."""
    # A value that is true is there; of the false ones only None, "" and [] are absent (0 and {} are there).
    present = [k for k, v in item.items() if v or not (v is None or v.__class__ in (str, list))]
    present.append("\x00type=" + str(item.get("type")))
    return frozenset(present)


#: In a bibliography's sort key (no cite, sorting) what the worked-out variables read of the item: the locator,
#: the note number and position tests have no cite to read, a year-suffix is empty while sorting (a test of
#: one reads the disambiguation state), the citation-number is the processor's (None: not the item's alone).
_SORT_READS = {"locator": (), "first-reference-note-number": (), "year-suffix": (), "page-first": ("page-first", "page"),
               "citation-label": ("citation-label", "author", "editor", "issued"), "citation-number": None}


def sort_reads(node, macros, memo: dict) -> frozenset | None:
    """The variables of the item a bibliography sort key rendered from ``node`` can read (print or test, presence
    tests aside: those the shape tells), with the disambiguation state; None when it reads the numbering or what
    this cannot tell. Items alike in these, their shape and language sort alike by the key. ``memo``: as for
    :func:`reads`, a dictionary kept for this question alone."""
    return _sort_reads(node, macros, memo, frozenset())


def _sort_reads(node, macros, memo, _seen):
    key = id(node)
    if key in memo:
        return memo[key][1]
    found = _reads(node, macros, memo, _seen, sort=True)
    memo[key] = (node, found)
    return found


def reads(node, macros, memo: dict, _seen: frozenset = frozenset()) -> frozenset | None:
    """The variables ``node`` can print or test the value of; None when it reads what is not the item's (the
    cite, the numbering, the disambiguation). When all of them are absent, what the element prints (a term, or
    nothing by the group rule) and the variables it tries follow from the shape alone. ``memo``: answers by
    node (a style's elements are asked about once each; a cycle of macros answers None, which is safe)."""
    key = id(node)
    if key in memo:
        return memo[key][1]
    found = _reads(node, macros, memo, _seen)
    memo[key] = (node, found)  # the node is held: its id is not reused
    return found


def _reads(node, macros, memo, _seen, sort: bool = False):
    tag = node.tag
    a = node.attrs
    found: set = set()
    if tag in ("text", "number", "label", "date"):
        var = a.get("variable")
        if tag == "text" and var is None:
            name = a.get("macro")
            if name is None:
                return frozenset()  # a term or a fixed value: printed alike for every item of a shape
            if name in _seen or name not in macros:
                return None
            if sort:
                return _sort_reads(macros[name], macros, memo, _seen | {name})
            return reads(macros[name], macros, memo, _seen | {name})
        if var is None:
            return frozenset()
        if var in DYNAMIC:
            if not sort or var not in _SORT_READS or _SORT_READS[var] is None:
                return None
            return frozenset(_SORT_READS[var])
        found.add(var)
        if tag == "text" and a.get("form") == "short":
            found.update(_SHORT.get(var, ()))
        return frozenset(found)
    if tag == "names":
        found.update(a.get("variable", "").split())
        if found & DYNAMIC:
            return None
    if tag in ("if", "else-if"):
        if not sort and any(k in a for k in ("locator", "position", "disambiguate")):
            return None
        tested = a.get("variable", "").split()
        # A value test (not presence alone) must find the variable absent too.
        for k in ("is-numeric", "is-uncertain-date"):
            found.update(a.get(k, "").split())
        if sort:
            # A worked-out variable's presence is not in the shape: what it reads of the item is.
            tested += [v for v in found if v in DYNAMIC]
            found -= DYNAMIC
            for v in tested:
                if v in DYNAMIC:
                    extra = _SORT_READS.get(v)
                    if extra is None:
                        return None
                    found.update(extra)
        elif any(v in DYNAMIC for v in tested) or found & DYNAMIC:
            return None
    for child in node.children:
        if child.tag in ("name", "et-al", "name-part", "date-part", "sort", "key"):
            continue  # parts of their element: they print only with its variable
        if node.tag == "names" and child.tag == "label":
            continue
        inner = _sort_reads(child, macros, memo, _seen) if sort else reads(child, macros, memo, _seen)
        if inner is None:
            return None
        found.update(inner)
    return frozenset(found)


def skipping(fn: Callable, variables: frozenset | None) -> Callable:
    """``fn`` (an element's closure) skipped for the shapes it prints nothing for; ``variables``: :func:`reads`'s answer."""
    if not variables:
        # Reads nothing of the item (a fixed output, or the cite's): nothing to decide from the shape.
        return fn
    memo: dict = {}  # shape -> (variables tried, whether it marks the cite's first cs:names) or False: always run

    def run(ctx):
        shape = ctx.shape
        seen = memo.get(shape)
        if seen is None:
            if not variables.isdisjoint(shape):
                memo[shape] = False
                return fn(ctx)
            return _first(ctx, shape)
        if seen is False:
            return fn(ctx)
        tried, names = seen
        if not ctx.names_done:
            if names is None:
                return _first(ctx, shape)  # not yet seen with the first cs:names still to come
            ctx.names_done = names
        ctx.tried += tried
        return None

    def _first(ctx, shape):
        tried, found, names_done, rendered = ctx.tried, ctx.found, ctx.names_done, len(ctx.rendered)
        x = fn(ctx)
        if x is None and ctx.found == found and len(ctx.rendered) == rendered:
            memo[shape] = (ctx.tried - tried, None if names_done else ctx.names_done)
        else:
            memo[shape] = False  # printed after all: never skipped
        return x
    return run


# --- fragments fixed per item ---------------------------------------------------------------
#
# Disambiguation renders an item's cite again for every expansion it tries, and only the names
# change between them: a macro without cs:names that reads nothing of the cite, the numbering or
# the disambiguate flag (APA's date and locator macros) prints the same each time.

#: Variables that make an element depend on the cite or the processor beyond the item (year-suffix aside).
_NOT_ITEM = frozenset({"locator", "citation-number", "first-reference-note-number", "citation-label", "position"})


def per_item(node, macros, memo: dict, _seen: frozenset = frozenset()) -> bool | None:
    """None when ``node`` depends on more than its item and year-suffix (names, the cite, the numbering, the
    disambiguate flag); else whether it depends on the year-suffix (a date adds it, or it prints or tests it).
    ``memo`` as for :func:`reads`."""
    key = id(node)
    if key in memo:
        return memo[key][1]
    found = _per_item(node, macros, memo, _seen)
    memo[key] = (node, found)
    return found


def _per_item(node, macros, memo, _seen):
    tag = node.tag
    a = node.attrs
    if tag == "names":
        return None
    ys = False
    if tag in ("text", "number", "label", "date"):
        var = a.get("variable")
        if tag == "text" and var is None and a.get("macro"):
            name = a["macro"]
            if name in _seen or name not in macros:
                return None
            return per_item(macros[name], macros, memo, _seen | {name})
        if var in _NOT_ITEM:
            return None
        ys = tag == "date" or var == "year-suffix"
    if tag in ("if", "else-if"):
        if any(k in a for k in ("locator", "position", "disambiguate")):
            return None
        tested = set(a.get("variable", "").split()) | set(a.get("is-numeric", "").split())
        if tested & _NOT_ITEM:
            return None
        ys = "year-suffix" in tested
    for child in node.children:
        if tag == "date":
            break
        inner = per_item(child, macros, memo, _seen)
        if inner is None:
            return None
        ys = ys or inner
    return ys


def kept_per_item(fn: Callable, year_suffix: bool, memos: list) -> Callable:
    """``fn`` (a macro call without names) rendered once per item (and year-suffix, when ``year_suffix``): its
    output and what it counted and printed replayed on the next call. The memo is added to ``memos``."""
    memo: dict = {}  # (id(item), sorting, sort names, year-suffix state, suppressed, looking) -> (item, output, tried, found, printed)
    memos.append(memo)

    def run(ctx):
        if ctx.substituting:
            return fn(ctx)  # what prints inside cs:substitute is suppressed after it: not replayed
        item = ctx.item
        ys = (ctx.dis.year_suffix if ctx.dis is not None else "", "year-suffix" in ctx.rendered) if year_suffix else None
        # The variables a cs:substitute used (APA's author standing in for the composer) print no more.
        # A cite compared for ambiguity is read without its access date (compile.Ctx.looking): kept apart.
        key = (id(item), ctx.sorting, ctx.sort_names, ys, frozenset(ctx.suppressed) if ctx.suppressed else None,
               ctx.looking)
        seen = memo.get(key)
        if seen is not None and seen[0] is item:
            ctx.tried += seen[2]
            ctx.found += seen[3]
            if seen[4]:
                ctx.rendered.extend(seen[4])
            return seen[1]
        tried, found, printed = ctx.tried, ctx.found, len(ctx.rendered)
        x = fn(ctx)
        if len(memo) > _MEMO_MAX:
            memo.clear()  # a bound on a long list's memory: what is dropped is rendered again
        memo[key] = (item, x, ctx.tried - tried, ctx.found - found, tuple(ctx.rendered[printed:]))
        return x
    return run


_MEMO_MAX = 100_000
