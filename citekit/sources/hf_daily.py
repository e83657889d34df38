"""Reader for a Hugging Face daily papers page.

Papers are found by structure, not by the page's chrome: a title line followed by an
abstract (long running prose), then optionally ``• N authors``, ``·`` and
``Mon D[, YYYY] [upvotes]``. Short lines before the first paper are page chrome (the
page's own date among them) and are skipped; an unrecognised line between papers is
reported. A date printed without a year keeps no year.

The date is the day the page listed the paper, not its publication date; it stands in
as ``issued`` until enrichment, which moves it to ``custom.listed-date`` and takes
arXiv's first-version date (:mod:`citekit.enrich.fill`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entry, Library, Problem, Provenance
from ._text import Line, clean, is_abstract_like, is_title_like, join_wrapped, nonblank, parse_month_date

__all__ = ["READER", "HfDailyReader", "AUTHORS_LINE"]

#: ``• 3 authors`` (the bullet may be missing or another mark).
AUTHORS_LINE = re.compile(r"^[•·∙*\-]?\s*(\d{1,5})\s+authors?$", re.IGNORECASE)
_DOT = frozenset("·•∙")


#: A line that is only a link's residue: a bare URL (an exporter writes each link's URL on a line of its own), or the
#: brackets of a link whose text stands on the lines between them (``[`` ... ``][33]``, ``](https://...)``).
_RESIDUE = re.compile(r"^(?:<?https?://\S+>?|[\[\]]+(?:\[\d+\]|\((?:https?://|/)[^)\s]*\))?)$")
#: A link kept as its text: inline ``[text](url)`` and reference-style ``[text][33]`` (a text browser's capture).
_LINK = re.compile(r"\[([^\[\]]*)\](?:\((?:https?://|/)[^)\s]*\)|\[\d+\])")
#: The closing half of a link whose ``[`` stood on an earlier line (``2 authors](https://...)``).
_LINK_TAIL = re.compile(r"\](?:\((?:https?://|/)[^)\s]*\)|\[\d+\])$")

_META = ("authors", "dot", "date", "number")
#: How many unrecognised short lines (``Submitted by``, a user name) may stand between an abstract and its meta block.
_MAX_STRAY = 3


def _delinked(lines: list[Line]) -> list[Line]:
    """The lines with link markup taken off: a link's text kept, its URL and lone brackets dropped, heading marks gone.

    Clippers, exporters and text browsers keep a page's links: a title as ``### [Title][32]``, an abstract between a
    ``[`` line and a ``][33]`` line, a URL line after each linked text. The page's shape is what is left.
    """
    out: list[Line] = []
    for line in lines:
        if _RESIDUE.match(line.text):
            continue
        text = _LINK_TAIL.sub("", _LINK.sub(r"\1", line.text))
        text = re.sub(r"^#{1,6}\s+", "", text).strip()
        if text:
            out.append(Line(line.no, text, line.para))
    return out


def _kind(text: str) -> str:
    """``authors``, ``dot``, ``date``, ``number``, ``abstract`` or ``short`` for one stripped line."""
    if len(text) <= 40:
        if AUTHORS_LINE.match(text):
            return "authors"
        if text in _DOT:
            return "dot"
        if text.isascii() and text.isdigit() and len(text) <= 7:
            return "number"
        if parse_month_date(text) is not None:
            return "date"
    return "abstract" if is_abstract_like(text) else "short"


def _is_meta(text: str) -> bool:
    return _kind(text) in _META


def _kinds(texts: list[str]) -> list[str]:
    """The kind of each line, with date-like or numeric titles told from dates and upvote counts.

    A paper's title stands right before its abstract and its date comes after the ``·``,
    so a date-like line right before an abstract and not after a ``·`` is a title
    (``Jan 5, 2023``, ``1984``).
    """
    kinds = [_kind(text) for text in texts]
    for i in range(len(kinds) - 1):
        if kinds[i + 1] != "abstract":
            continue
        if kinds[i] == "number" or (kinds[i] == "date" and (i == 0 or kinds[i - 1] != "dot")):
            kinds[i] = "short"
    return kinds


def _meta_follows(kinds: list[str], i: int) -> bool:
    """Whether the short line at ``i`` is followed, within a few short lines, by meta lines (not by a new paper)."""
    for k in range(i + 1, min(len(kinds), i + 1 + _MAX_STRAY)):
        if kinds[k] in ("authors", "dot", "date"):
            return True
        if kinds[k] != "short":
            return False
    return False


@dataclass(frozen=True, slots=True)
class HfDailyReader:
    """Title / abstract / ``• N authors`` / ``·`` / date blocks in, entries out."""

    name: str = "hf-daily"
    description: str = "Hugging Face daily papers page (title, abstract, authors, date, upvotes)"

    def sniff(self, sample: str) -> float:
        """High when title/abstract pairs are followed by ``• N authors`` and date lines."""
        # Read as the reader reads: an abstract wrapped over lines is one abstract.
        kinds = _kinds([line.text for line in join_wrapped(_delinked(nonblank(sample)[:3000]), _is_meta)])
        pairs = meta = 0
        for i in range(1, len(kinds)):
            if kinds[i] == "abstract" and kinds[i - 1] == "short":
                pairs += 1
            elif kinds[i] in ("authors", "date") and kinds[i - 1] in ("abstract", "dot", "authors"):
                meta += 1
        if pairs < 1 or meta < 1:
            return 0.0
        return min(0.95, 0.6 + 0.35 * min(1.0, meta / pairs))

    def read(self, text: str, origin: str) -> Library:
        """Every paper; chrome before the first paper is skipped, stray lines after it are reported."""
        library = Library()
        lines = join_wrapped(_delinked(nonblank(text)), _is_meta)
        kinds = _kinds([line.text for line in lines])
        used = [False] * len(lines)
        current: Entry | None = None
        meta_open = False  # whether the lines after the current abstract may still be its meta block
        for i, (line, kind) in enumerate(zip(lines, kinds)):
            if kind == "abstract":
                current = self._paper(lines, kinds, used, i, origin, library)
                meta_open = True
            elif kind == "number" and current is not None and meta_open and kinds[i - 1] == "date" and current.upvotes is None:
                # Upvotes printed on a line of their own after the date.
                current.set("upvotes", int(line.text), Provenance(self.name, origin, line.no))
                used[i] = True
            elif kind in ("authors", "dot", "date") and current is not None and meta_open:
                self._meta(current, line, kind, origin, library)
                used[i] = True
            else:
                # Stray short lines between an abstract and its meta block (``Submitted by``)
                # are reported below; the meta block after them still belongs to this paper.
                meta_open = meta_open and kind == "short" and _meta_follows(kinds, i)
        start = used.index(True) if True in used else len(lines)
        for i in range(start, len(lines)):
            if not used[i]:
                library.problems.append(Problem(f"unrecognised line skipped: {lines[i].text[:60]!r}", origin, lines[i].no))
        return library

    def _paper(self, lines: list[Line], kinds: list[str], used: list[bool], i: int, origin: str, library: Library) -> Entry:
        entry = Entry()
        abstract = lines[i]
        used[i] = True
        first_title = i
        j = i - 1
        # A line _kinds took for a title although it reads as a date or number counts as one.
        if j >= 0 and kinds[j] == "short" and not used[j] and (is_title_like(lines[j].text) or _kind(lines[j].text) != "short"):
            first_title = j
            # A title wrapped over lines of its own paragraph (set off from the abstract).
            while (
                first_title - 1 >= 0 and i - first_title < 3 and lines[j].para != abstract.para
                and kinds[first_title - 1] == "short" and not used[first_title - 1]
                and lines[first_title - 1].para == lines[j].para and is_title_like(lines[first_title - 1].text)
            ):
                first_title -= 1
        title_lines = lines[first_title:i]
        for k in range(first_title, i):
            used[k] = True
        first = title_lines[0] if title_lines else abstract
        entry.add_source(Provenance(self.name, origin, first.no))
        if title_lines:
            entry.set("title", clean(" ".join(t.text for t in title_lines)), Provenance(self.name, origin, first.no))
        else:
            library.problems.append(Problem("an abstract without a title line before it", origin, abstract.no))
        entry.set("abstract", clean(abstract.text), Provenance(self.name, origin, abstract.no))
        library.entries.append(entry)
        return entry

    def _meta(self, entry: Entry, line: Line, kind: str, origin: str, library: Library) -> None:
        prov = Provenance(self.name, origin, line.no)
        if kind == "authors":
            m = AUTHORS_LINE.match(line.text)
            assert m is not None
            entry.set("author_count", int(m.group(1)), prov)
        elif kind == "date":
            parsed = parse_month_date(line.text)
            assert parsed is not None
            date, upvotes, error = parsed
            if error:
                library.problems.append(Problem(error, origin, line.no))
            problem = entry.set("issued", date, prov) if date else None
            if problem:
                library.problems.append(problem)
            entry.set("upvotes", upvotes, prov)


READER = HfDailyReader()
