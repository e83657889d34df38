"""Which fields a ``.bib`` entry inherits through ``crossref`` and ``xdata``: biber's default inheritance.

The table is the biblatex manual's appendix B ("Default inheritance setup"): every field
passes under its own name, except the rules below (a parent's ``title`` becomes a
chapter's ``booktitle``, a multi-volume work's ``title`` a volume's ``maintitle``, a
book's ``author`` a chapter's ``bookauthor`` too) and the fields never inherited. A child
keeps every field it states. Chains are followed (a chapter's crossref to a volume whose
crossref is its multi-volume work); ``xdata`` passes every field under its own name.
BibTeX's own crossref (btxdoc) copies fields under their own names: the same rows,
without the renaming, which biber adds for what BibTeX styles did by hand.
"""

from __future__ import annotations

from typing import Callable, Iterable

from .limits import MAX_INHERIT_STEPS, LimitError

__all__ = ["NEVER_INHERITED", "targets", "resolve", "Shared"]

#: Fields no entry inherits (appendix B, "* -> *" with no target).
NEVER_INHERITED = frozenset({"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
                             "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
                             "shorthand", "shorthandintro", "sortkey"})

_MAIN = {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",),
         "shorttitle": (), "sorttitle": (), "indextitle": (), "indexsorttitle": ()}
_BOOK = {"title": ("booktitle",), "subtitle": ("booksubtitle",), "titleaddon": ("booktitleaddon",),
         "shorttitle": (), "sorttitle": (), "indextitle": (), "indexsorttitle": ()}
_JOURNAL = {"title": ("journaltitle",), "subtitle": ("journalsubtitle",), "shorttitle": (), "sorttitle": (),
            "indextitle": (), "indexsorttitle": ()}

#: (parent types, child types, {parent field: child fields}), in the manual's order.
RULES: tuple[tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]], ...] = (
    (frozenset({"mvbook", "book"}), frozenset({"inbook", "bookinbook", "suppbook"}),
     {"author": ("author", "bookauthor")}),
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}), _MAIN),
    (frozenset({"mvcollection", "mvreference"}),
     frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}), _MAIN),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _MAIN),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _BOOK),
    (frozenset({"collection", "reference"}), frozenset({"incollection", "inreference", "suppcollection"}), _BOOK),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _BOOK),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _JOURNAL),
)
# BibTeX spellings biber maps before inheriting.
_TYPE_ALIAS = {"conference": "inproceedings", "electronic": "online", "www": "online", "phdthesis": "thesis",
               "mastersthesis": "thesis", "techreport": "report"}


def targets(parent_type: str, child_type: str, field: str) -> tuple[str, ...]:
    """The child's fields that receive ``field`` of a ``parent_type`` parent (empty: not inherited)."""
    if field in NEVER_INHERITED:
        return ()
    p = _TYPE_ALIAS.get(parent_type, parent_type)
    c = _TYPE_ALIAS.get(child_type, child_type)
    for parents, children, fields in RULES:
        if p in parents and c in children and field in fields:
            return fields[field]
    return (field,)


def _keys(text: str | None) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


def resolve(key: str, lookup: Callable[[str], tuple[str, dict[str, str]] | None],
            missing: Callable[[str, str], None] | None = None,
            cache: Shared | None = None) -> dict[str, str]:
    """The fields entry ``key`` inherits (lower-case name -> value), its own fields not included.

    ``lookup(key)`` gives an entry's (type, fields) or None; ``missing(child, parent)`` hears
    of every parent that is not there. xdata first, then crossref, as biber resolves them;
    a cycle stops where it closes. ``cache``, shared by the calls for one database, holds
    every entry's whole fields once worked out (with the missing parents met on the way),
    so resolving all the entries of a chain costs its length, not its square; it also
    bounds the entries walked in all (:class:`LimitError` past it), which only cycles reach.
    """
    found = lookup(key)
    if found is None:
        return {}
    budget = cache if cache is not None else Shared()
    shared = budget.fields
    # This call's results: key -> (fields, touched a cycle, missing parents met below it).
    memo: dict[str, tuple[dict[str, str], bool, list[tuple[str, str]]]] = {}
    told: set[tuple[str, str]] = set()

    def tell(pairs: Iterable[tuple[str, str]]) -> None:
        for pair in pairs:
            if pair not in told:
                told.add(pair)
                if missing is not None:
                    missing(*pair)

    # An explicit stack rather than recursion: chains may be thousands of entries deep.
    budget.step()
    root = _Frame(key, found[0], found[1], budget.links(key, found[1]))
    stack = [root]
    path = {key.lower()}
    while True:
        frame = stack[-1]
        if frame.at < len(frame.links):
            link, parent_key = frame.links[frame.at]
            lowered = parent_key.lower()
            if lowered in path:
                # A cycle closes here; what was worked out below depends on where the walk began.
                frame.cyclic = True
                frame.at += 1
                continue
            parent = lookup(parent_key)
            if parent is None:
                frame.misses.append((frame.key, parent_key))
                tell(frame.misses[-1:])
                frame.at += 1
                continue
            if lowered in memo:
                fields, cyclic, misses = memo[lowered]
                frame.take(link, parent[0], fields, cyclic, misses)
            elif lowered in shared:
                fields, misses_seen = shared[lowered]
                tell(misses_seen)
                frame.take(link, parent[0], fields, False, misses_seen)
            else:
                budget.step()
                stack.append(_Frame(parent_key, parent[0], parent[1], budget.links(parent_key, parent[1])))
                path.add(lowered)
            continue
        merged = dict(frame.own)
        for name, value in frame.out.items():
            merged.setdefault(name, value)
        lowered = frame.key.lower()
        if not frame.cyclic:
            shared[lowered] = (merged, tuple(frame.misses))
        if frame is root:
            return frame.out
        memo[lowered] = (merged, frame.cyclic, frame.misses)
        stack.pop()
        path.discard(lowered)
        stack[-1].take(stack[-1].links[stack[-1].at][0], frame.etype, merged, frame.cyclic, frame.misses)


class Shared:
    """What resolving one database has worked out (key -> whole fields, missing parents met), and the walk left."""

    __slots__ = ("fields", "steps_left", "_links")

    def __init__(self, steps: int = MAX_INHERIT_STEPS) -> None:
        self.fields: dict[str, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}
        self.steps_left = steps
        self._links: dict[str, list[tuple[str, str]]] = {}

    def links(self, key: str, own: dict[str, str]) -> list[tuple[str, str]]:
        """The (link, parent key) pairs entry ``key`` follows: its xdata keys, then its first crossref."""
        lowered = key.lower()
        found = self._links.get(lowered)
        if found is None:
            found = self._links[lowered] = ([("xdata", p) for p in _keys(own.get("xdata"))]
                                            + [("crossref", p) for p in _keys(own.get("crossref"))[:1]])
        return found

    def step(self) -> None:
        """Count one entry walked; raise :class:`LimitError` once the bound is spent."""
        self.steps_left -= 1
        if self.steps_left < 0:
            raise LimitError(
                f"crossref/xdata links here ask for more than {MAX_INHERIT_STEPS:,} inheritance steps, which "
                "no file without long cycles needs; the file is not read (do its crossref or xdata fields "
                "go round in a circle?)")


class _Frame:
    """One entry being resolved: its links still to follow and what its parents gave so far."""

    __slots__ = ("key", "etype", "own", "links", "at", "out", "cyclic", "misses")

    def __init__(self, key: str, etype: str, own: dict[str, str], links: list[tuple[str, str]]) -> None:
        self.key, self.etype, self.own, self.links = key, etype, own, links
        self.at = 0
        self.out: dict[str, str] = {}
        self.cyclic = False
        self.misses: list[tuple[str, str]] = []

    def take(self, link: str, ptype: str, fields: dict[str, str], cyclic: bool, misses: Iterable[tuple[str, str]]) -> None:
        """Receive the whole fields of the parent behind the current link, then move to the next link."""
        self.cyclic = self.cyclic or cyclic
        self.misses.extend(misses)
        own, out = self.own, self.out
        for name, value in fields.items():
            names = (name,) if link == "xdata" and name not in NEVER_INHERITED else targets(ptype, self.etype, name)
            for target in names:
                if target not in own:
                    out.setdefault(target, value)
        self.at += 1
