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

__all__ = ["NEVER_INHERITED", "targets", "resolve"]

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
            missing: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """The fields entry ``key`` inherits (lower-case name -> value), its own fields not included.

    ``lookup(key)`` gives an entry's (type, fields) or None; ``missing(child, parent)`` hears
    of every parent that is not there. xdata first, then crossref, as biber resolves them;
    a cycle stops where it closes.
    """
    memo: dict[str, dict[str, str]] = {}

    def full(k: str, seen: tuple[str, ...]) -> dict[str, str] | None:
        found = lookup(k)
        if found is None:
            return None
        if k.lower() in memo:
            return memo[k.lower()]
        etype, own = found
        merged = dict(own)
        for name, value in gathered(k, etype, own, seen).items():
            merged.setdefault(name, value)
        memo[k.lower()] = merged
        return merged

    def gathered(k: str, etype: str, own: dict[str, str], seen: tuple[str, ...]) -> dict[str, str]:
        out: dict[str, str] = {}
        links: Iterable[tuple[str, str]] = [("xdata", p) for p in _keys(own.get("xdata"))]
        links = list(links) + [("crossref", p) for p in _keys(own.get("crossref"))[:1]]
        for link, parent_key in links:
            if parent_key.lower() in seen:
                continue
            parent = lookup(parent_key)
            fields = full(parent_key, seen + (parent_key.lower(),)) if parent else None
            if parent is None or fields is None:
                if missing is not None:
                    missing(k, parent_key)
                continue
            ptype = parent[0]
            for name, value in fields.items():
                names = (name,) if link == "xdata" and name not in NEVER_INHERITED else targets(ptype, etype, name)
                for target in names:
                    if target not in own:
                        out.setdefault(target, value)
        return out

    found = lookup(key)
    if found is None:
        return {}
    return gathered(key, found[0], found[1], (key.lower(),))
