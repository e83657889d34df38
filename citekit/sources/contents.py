"""Reader for a printed volume's table of contents as text: proceedings and journal issues copied from their PDF.

Each paper is its title, then its authors (often with their affiliations between them), then a dot leader
and the page it starts on, wrapped over as many lines as the page's width takes::

    Learning with Symmetric Label Noise: The Importance of
    Being Unhinged, Brendan Rooyen, Aditya Menon, and Robert
    Williamson, NICTA . . . . . . . . . . . . . . . . 10

An entry ends at its page number; the title ends before the first comma that a person's name follows.
The volume's title page above the first entry (its name, year, editors, ISBN) is no paper: its year is
every paper's, and its name their venue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Library, Problem
from ._refparse import AFFILIATION, YEAR, Reference, parse_authors
from ._text import lines_of
from .references import entry_from_reference

__all__ = ["READER", "ContentsReader"]

# A dot leader and the page a paper starts on ending its entry: ". . . . . 37", "........ 37", "… 37".
_LEADER = re.compile(r"(?:\s*\.){4,}\s*(?P<page>\d{1,5}|[ivxlc]{1,6})\s*$|\s*…+\s*(?P<page2>\d{1,5})\s*$")
# Title-page lines above the first entry: never part of it.
_FRONT = re.compile(r"^(?:ISBN|ISSN|Volume \d+|Vol\. \d+|Table of Contents|Contents|Copyright|©|\(c\))\b", re.I)
# A token that is no part of a person's name: an institution's acronym ("UC", "NYU", "NICTA").
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
# An institution's word among the names ("Microsoft Research", "Google Brain Team").
_INSTITUTION = re.compile(r"\b(?:Research|Labs?|Group|Team|Foundation|Technologies|Systems|Corp|Inc|Brain|DeepMind)\b")


@dataclass(frozen=True, slots=True)
class ContentsReader:
    """A volume's table of contents in, one entry per paper out."""

    name: str = "contents"
    description: str = "a printed volume's table of contents: title, authors, dot leader, page"

    def sniff(self, sample: str) -> float:
        """High when several lines end with a dot leader and a page number."""
        ends = sum(1 for line in lines_of(sample[:30000]) if _leader(line))
        return 0.85 if ends >= 3 else 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per dot-leader line and the lines above it since the entry before."""
        library = Library()
        lines = lines_of(text)
        ends = [i for i, line in enumerate(lines) if _leader(line)]
        if not ends:
            return library
        year, venue = _front_matter(lines[: ends[0]])
        start = _first_start(lines, ends[0])
        for end in ends:
            pieces = [line.strip() for line in lines[start: end + 1] if line.strip()]
            start = end + 1
            joined = " ".join(pieces)
            whole = (joined[:-200] + _LEADER.sub("", joined[-200:])).strip()
            ref = _entry_text(whole)
            if ref is None:
                library.problems.append(Problem(f"not read as a paper (no title before its authors): {whole[:70]!r}",
                                                origin, end + 1))
                continue
            ref.year, ref.container = year, venue
            library.entries.append(entry_from_reference(ref, self.name, origin, end + 1 - len(pieces) + 1))
        return library


def _leader(line: str) -> bool:
    """True when ``line`` ends with a dot leader and a page; only its end is searched (a line of a million dots is
    no entry, and must not take a million steps per dot)."""
    tail = line[-200:].rstrip()
    return bool(tail) and (tail[-1].isdigit() or tail[-1] in "ivxlc") and _LEADER.search(tail) is not None


def _first_start(lines: list[str], end: int) -> int:
    """Where the first entry begins: up to three lines above its leader, not into the title page."""
    start = end
    while start > 0 and end - start < 3:
        above = lines[start - 1].strip()
        if not above or _FRONT.match(above) or _leader(above):
            break
        start -= 1
    return start


def _front_matter(lines: list[str]) -> tuple[int | None, str | None]:
    """(the volume's year, its name) from its title page above the contents."""
    text = " ".join(line.strip() for line in lines if line.strip() and not _FRONT.match(line.strip()))
    years = [int(y) for y in YEAR.findall(text)] if text else []
    venue = re.match(r"^(?:Proceedings of|Advances in)\b.*?(?=\s+\d{1,2}(?:st|nd|rd|th)\b|\s+(?:19|20)\d\d\b|$)", text)
    return (years[-1] if years else None), (" ".join(venue.group(0).split()) if venue else None)


def _person(segment: str) -> bool:
    """True for one person's name ("Nihar Shah", "and Robert Williamson"), not an institution ("UC Berkeley")."""
    segment = re.sub(r"^(?:and|&)\s+", "", segment.strip())
    if not segment or AFFILIATION.search(segment) or _INSTITUTION.search(segment) or _ACRONYM.search(segment) \
            or len(segment.split()) > 4:
        return False
    parsed = parse_authors(segment)
    return bool(parsed) and len(parsed[0]) == 1 and bool(parsed[0][0].given)


def _entry_text(text: str) -> Reference | None:
    """The title and the people of one entry's text ("Title, Name, Affiliation, Name ..."), or None."""
    segments = text.split(",")
    for k in range(1, len(segments)):
        if _person(segments[k]):
            title = ",".join(segments[:k]).strip()
            people = [re.sub(r"^(?:and|&)\s+", "", s.strip()) for s in segments[k:] if _person(s)]
            names = [name for person in people if (parsed := parse_authors(person)) for name in parsed[0]]
            if len(title.split()) < 2 or not names:
                return None
            return Reference(title=title, authors=names, how="table of contents (title, authors, page)")
    return None


READER = ContentsReader()
