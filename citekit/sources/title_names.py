"""Reader for proceedings listings that print each paper on one line: its title, then its authors.

The NeurIPS proceedings pages (``papers.nips.cc``) list a volume's papers as a link to the title
followed by the authors in italics, so a browser copy gives one line a paper: ``Deep Equilibrium
Models Shaojie Bai, J. Zico Kolter, Vladlen Koltun``. A table of papers (an awards page) copies as
tab-separated cells, a year, the title (often quoted) and the names, which split the row themselves. Where the names begin is found from the list
itself (:func:`split_title_names`); the volume's heading above the papers (``Advances in Neural
Information Processing Systems 32 (NeurIPS 2019)``) gives their venue and year. A line of the list
that does not split into a title and names is reported with its line, never read as half a paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._refparse import parse_authors
from ._text import is_abstract_like, lines_of

__all__ = ["READER", "TitleNamesReader", "split_title_names"]

_HEADING_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_EDITED_BY = re.compile(r"^(?:edited by|editors?)\s*:", re.I)


def split_title_names(text: str) -> tuple[str, str] | None:
    """(title, names) of "A Survey on Prompt Tuning Zongqian Li, Yixuan Su": where the names begin.

    The names are the longest run at the end of the line that reads as an author list of two or more, whose first
    name is as long (in words) as most of the others: "Not Bugs, They Are Features Andrew Ilyas, ..." is no list.
    """
    words = text.split()
    for k in range(1, len(words) - 1):
        names = " ".join(words[k:])
        parts = [part.split() for part in names.split(",")]
        if len(parts) < 2 or not all(parts):
            continue
        counts = [len(part) for part in parts[1:]]
        usual = min(set(counts), key=lambda c: (-counts.count(c), c))
        if len(parts[0]) == usual and parse_authors(names):
            return " ".join(words[:k]), names
    return None


_QUOTED = re.compile(r"^[\"“”„«‘’'](?P<title>.+?)[\"“”»’']\s*(?P<note>\(.*\))?$")
_YEAR_CELL = re.compile(r"^(?:19|20)\d\d$")


def _cell_row(line: str) -> tuple[str, list, bool, int | None] | None:
    """(title, names, truncated, year) of a table row copied with its cells tab-separated ("2016 \t “Deep Residual
    Learning for Image Recognition” \t K. He, X. Zhang, S. Ren, J. Sun"), or None. The cells say where the title ends,
    so one author is enough; a cell that is a year alone is the row's year."""
    cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    if len(cells) < 2 or len(cells) > 6:
        return None
    year = next((int(c) for c in cells if _YEAR_CELL.match(c)), None)
    rest = [c for c in cells if not _YEAR_CELL.match(c)]
    if len(rest) != 2:
        return None
    title, names = rest
    quoted = _QUOTED.match(title)
    if quoted is None and parse_authors(title) and not parse_authors(names):
        title, names = names, title  # the names' cell first
    quoted = _QUOTED.match(title)
    if quoted is not None:
        title = quoted.group("title").strip()
    parsed = parse_authors(names.rstrip("."))
    if parsed is None or not parsed[0] or len(title.split()) < 2 or is_abstract_like(names):
        return None
    return title, parsed[0], parsed[1], year


def _paper_line(line: str) -> tuple[str, list, bool] | None:
    """(title, names, truncated) of a listing line, or None."""
    if len(line) > 600 or is_abstract_like(line) or "://" in line or line.endswith((".", ":", ";")):
        return None
    split = split_title_names(line)
    if split is None or len(split[0].split()) < 2:
        return None
    parsed = parse_authors(split[1])
    if parsed is None or len(parsed[0]) < 2:
        return None
    return split[0], parsed[0], parsed[1]


@dataclass(frozen=True, slots=True)
class TitleNamesReader:
    """Lines of a title followed by its authors in, one entry per line out."""

    name: str = "title-names"
    description: str = "proceedings listings printing a paper a line, its title then its authors (NeurIPS proceedings)"

    def sniff(self, sample: str) -> float:
        """Moderate when most lines of the list are a title followed by names, at least three of them."""
        lines = [line.strip() for line in lines_of(sample)[:400] if line.strip()]
        papers = sum(1 for line in lines if _cell_row(line) or _paper_line(line))
        if papers < 3 or papers * 2 < len(lines):
            return 0.0
        return 0.6

    def read(self, text: str, origin: str) -> Library:
        """One entry per title-and-names line; the heading above gives venue and year."""
        library = Library()
        venue: str | None = None
        year: int | None = None
        seen_paper = False
        for no, raw in enumerate(lines_of(text), 1):
            line = raw.strip()
            if not line or _EDITED_BY.match(line):
                continue
            row = _cell_row(line)
            paper = row[:3] if row is not None else _paper_line(line)
            if paper is None:
                heading_year = _HEADING_YEAR.search(line)
                if heading_year and not is_abstract_like(line) and len(line) <= 200:
                    # "Advances in Neural Information Processing Systems 32 (NeurIPS 2019)": the papers below are its own
                    venue = re.sub(r"\s*\([^)]*\)\s*$", "", line).strip() or None
                    year = int(heading_year.group(1))
                elif seen_paper:
                    library.problems.append(Problem("a line of the listing that is no title followed by names", origin, no))
                continue
            seen_paper = True
            title, names, truncated = paper
            prov = Provenance(self.name, origin, no)
            entry = Entry(type="paper-conference" if venue else "article")
            entry.add_source(prov)
            entry.set("title", title, prov)
            entry.set("author", names, prov)
            if truncated:
                entry.extra["authors_truncated"] = True
            if venue:
                entry.set("container_title", venue, prov)
            if row is not None and row[3] is not None:
                entry.set("issued", PartialDate(row[3]), prov)
                entry.extra["year_from"] = "the row's year cell"
            elif year:
                entry.set("issued", PartialDate(year), prov)
                entry.extra["year_from"] = "page heading"
            entry.extra["read_as"] = "title followed by its authors on one line"
            library.entries.append(entry)
        return library


READER = TitleNamesReader()
