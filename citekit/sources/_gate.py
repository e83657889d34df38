"""The precision gate: a record whose title or names show page furniture is a misread line, reported, not a record.

Every reader of loose text (reference lists, Markdown lists, paper blocks) meets layouts it was not built for, and
there the furniture of the page (a list label, a button, a name cut off its list, a publisher, a date fragment) ends
up where a title should be. These signs hold in every layout: no real title is a label, opens with a person's
initialled name, or holds a print date; no real name is a bare capital before initials. They are applied once, after
the reader; those a paper might still show in a layout not met yet are applied only while the paste holds clear
references besides (a title, an author and a year).
"""

from __future__ import annotations

import re

from ..model import Entry, Library, Problem, issued_date

__all__ = ["furniture_sign", "gate"]

# A list label where the title should be, alone or before a name: "[REF-11]", "5.↵ E. Álvarez-Salvado", "[12]"
_LABEL_TITLE = re.compile(r"^(?:\[[A-Za-z-]{0,6}\d{1,4}[a-z]?\]|\d{1,4}\.?\s*[↵⏎↩])(?:\s|$)")
# An initialled name opening the title, a capitalised word after it: "M.D.H. Abdullah Recent trends ...",
# "M. Hosseinzadeh An energy-efficient ...": the last author's name run into the title (no stop between them).
_NAME_OPENS = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z][a-z\u00C0-\u024F'’-]+,?\s+(?:[A-Z]\.\s?){0,3}[A-Z][\w'’-]*")
# A name's given part holding a bare capital before initials ("M W.M.", "B.S A."): a family name was cut off into the
# title and the next author's initials joined this one's.
_BROKEN_GIVEN = re.compile(r"^[A-Z](?:\.[A-Z])*\s+[A-Z]\.(?:[A-Z]\.)*$")
# Editors' mark in the title: "Sang Jeong Lee (Eds.)", names where the title should be.
_EDITORS = re.compile(r"\((?:Eds?|Hrsg|dir|coord)\.?\)", re.I)
# A company's legal suffix ending the title: "O'Reilly Media, Inc", "Python for data analysis. \" O'Reilly Media, Inc".
_COMPANY_END = re.compile(r"\b(?:Inc|Ltd|LLC|GmbH|Pvt|Co)\.?[\"”]?(?:\W*Google Scholar\W*)?$")
# A year with a venue after a comma, mid-title: "Fine-grained ... using BERT, 2019 Artificial intelligence for ..."
_DATE_INSIDE = re.compile(r",\s+(?:19|20)\d\d\s+[A-Z][a-z]+\s+[a-z]")
# A database's cover date run on after the title: "... a thematic review /04/01 2024 Wirel": the title ends before it.
# (?<!\s): a run of spaces is tried once from its start, not again from each of its spaces (quadratic on 50,000).
_COVER_DATE = re.compile(r"(?<!\s)\s+/?\d\d/\d\d/?\s+(?:19|20)\d\d\b.*$")
# A date cut off where the title should be: "(201 apps" (a reference the PDF cut in its year)
_DATE_FRAGMENT = re.compile(r"^\(\d")
# The next reference's head inside the title: "Coordinating supply ... on an on- Banerjee, A. V. (1992)"
_NEXT_HEAD = re.compile(r"\s[A-Z][\w'’-]+,\s(?:[A-Z]\.\s?){1,3}(?:,|&|\()\s*(?:\(?(?:19|20)\d\d[a-z]?\))?")
# A volume and a venue with its year run on after the title (ScienceDirect's "Title, 27, IEEE Wireless Communications
# (2020), pp. 188-196" with the journal named after the volume): the title ends before them.
_VOLUME_VENUE = re.compile(r",\s+\d{1,4},\s+[A-Z][^,]{2,80}\(\s*(?:19|20)\d\d\s*\)(?:,\s*pp?\.?.*)?$")
# The words of a page's interface, alone as a title: what a journal page or a profile prints around its papers.
_INTERFACE = re.compile(
    r"^(?:cite this (?:article|paper|chapter)|download (?:references|citation|pdf|article)|view author publications|"
    r"search author on|rights and permissions|reprints and permissions|about this (?:article|chapter|paper)|"
    r"share and cite|article metrics|related articles|export citation|get my own profile|show more|load more|"
    r"references?|bibliography|works cited|literature cited|further reading)\W*$",
    re.I,
)


def _trim_cover_date(entry: Entry) -> None:
    """``entry``'s title without a cover date, or a volume and venue, and what runs on after it, when a title of three
    words or more stays."""
    title = entry.title or ""
    dated = _COVER_DATE.search(title) or _VOLUME_VENUE.search(title)
    if dated and len(title[: dated.start()].split()) >= 3 and entry.sources:
        entry.set("title", title[: dated.start()].rstrip(" ,.;"), entry.where("title") or entry.sources[0], overwrite=True)


def furniture_sign(entry: Entry) -> str | None:
    """Why ``entry``'s title or names are page furniture or a misread line, or None when nothing shows."""
    title = (entry.title or "").strip()
    if not title:
        return None
    if _DATE_FRAGMENT.match(title):
        return "a date's fragment as the title"
    if _NEXT_HEAD.search(title):
        return "the next reference's names in the title"
    if _LABEL_TITLE.match(title):
        return "a list label as the title"
    if _INTERFACE.match(title):
        return "a page's interface words as the title"
    if _NAME_OPENS.match(title):
        return "a name opens the title"
    if _EDITORS.search(title):
        return "editors' names as the title"
    if _COMPANY_END.search(title):
        return "a publisher as the title"
    if _DATE_INSIDE.search(title):
        return "a date and a venue inside the title"
    if any(name.given and _BROKEN_GIVEN.match(name.given.strip()) for name in entry.author):
        return "a name cut into the title"
    return None


_ALWAYS = frozenset({"a list label as the title", "a page's interface words as the title"})


def _clear(entry: Entry) -> bool:
    """A record that is plainly a paper: a title, an author and a year."""
    return bool(entry.title and entry.author and issued_date(entry) is not None)


def _same_reference(a: Entry, b: Entry) -> bool:
    """True when two records state the same title, to the letter, with the same first author and year: one reference
    printed twice (a list that shows one work in two styles spells its title twice, in two cases)."""
    return (bool(a.title) and a.title.strip() == (b.title or "").strip()
            and [n.family for n in a.author[:1]] == [n.family for n in b.author[:1]] and issued_date(a) == issued_date(b))


def _merge_twins(library: Library, origin: str) -> None:
    """A reference printed twice in a row (a page copied with its text and its link list, a converter's doubled
    block) is one record: the second's lines join the first, and it is said."""
    kept: list[Entry] = []
    for entry in library.entries:
        if kept and _same_reference(kept[-1], entry):
            for source in entry.sources:
                kept[-1].add_source(source)
            for kind, value in (entry.extra.get("ids") or {}).items():
                kept[-1].extra.setdefault("ids", {}).setdefault(kind, value)
            if entry.DOI and not kept[-1].DOI:
                kept[-1].set("DOI", entry.DOI, entry.sources[0])
            if entry.arxiv_id and not kept[-1].arxiv_id:
                kept[-1].set("arxiv_id", entry.arxiv_id, entry.sources[0])
            line = min((s.line for s in entry.sources if s.line), default=None)
            library.problems.append(Problem(f"the reference above printed again, read as one: {entry.title[:60]!r}", origin, line,
                                            severity="info"))
            continue
        kept.append(entry)
    library.entries = kept


def gate(library: Library, origin: str) -> None:
    """Drop the records showing a furniture sign from ``library`` (each reported with its line) when at least two
    clear records stay; a cover date run on after a title is cut off first, and a reference printed twice in a row
    is one record."""
    for entry in library.entries:
        _trim_cover_date(entry)
    _merge_twins(library, origin)
    signs = [(entry, furniture_sign(entry)) for entry in library.entries]
    if sum(1 for entry, sign in signs if sign is None and _clear(entry)) < 2:
        # Without clear references beside them only the signs no paper ever shows hold: a label or the interface alone.
        signs = [(entry, sign if sign in _ALWAYS else None) for entry, sign in signs]
    kept = [entry for entry, sign in signs if sign is None]
    if len(kept) == len(library.entries):
        return
    for entry, sign in signs:
        if sign is not None:
            line = min((s.line for s in entry.sources if s.line), default=None)
            library.problems.append(Problem(f"not read as a reference (looks misread: {sign}): {entry.title[:70]!r}", origin, line))
    library.entries = kept
