"""Reader for paper aggregator pages: a title line beside a line of the paper's id and dates.

Sites that list arXiv papers (arXiv feeds re-published, paper digests, review sites)
print each paper as its title and a metadata line such as ``Apr 16, 2025 · arXiv
2504.11770v1`` or ``arxiv: 2605.10810 · v2 · submitted 2026-05-11 · cs.LG``. A metadata
line holds an id and a date and no prose; the paper's title is the nearest title-like
line above it (or, when none, below it). Summaries and "Key Contributions" prose around
them are not papers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import find_ids
from ..model import Entry, Library, PartialDate, Provenance
from ._text import MONTHS, is_abstract_like, lines_of

__all__ = ["READER", "IdTitlesReader"]

_DATE = re.compile(
    r"\b(?:(?:19|20)\d\d-\d{1,2}-\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d)\b",
    re.I,
)
_PROSE = re.compile(r"\b[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\b")


def _metadata(line: str) -> tuple[list, re.Match[str] | None] | None:
    """(ids, date) of a metadata line, or None for any other line."""
    if len(line) > 160:
        return None
    ids = find_ids(line)
    if not ids:
        return None
    rest = line
    for found in sorted(ids, key=lambda f: -f.start):
        rest = rest[: found.start] + " " + rest[found.end:]
    date = _DATE.search(rest)
    if date is None or _PROSE.search(_DATE.sub(" ", rest)):
        return None
    return ids, date


def _title(line: str) -> bool:
    words = line.split()
    return (len(words) >= 2 and len(line) <= 250 and (line[0].isupper() or line[0].isdigit())
            and not line.endswith((".", ":", ";")) and not is_abstract_like(line) and _metadata(line) is None
            and not find_ids(line))


@dataclass(frozen=True, slots=True)
class IdTitlesReader:
    """Title lines beside id-and-date lines in, one entry per paper out."""

    name: str = "id-titles"
    description: str = "paper aggregator pages: a title beside a line of the id and date (Apr 16, 2025 · arXiv 2504.11770v1)"

    def sniff(self, sample: str) -> float:
        """Moderate when titles stand beside id-and-date lines: a weaker shape than any site's own page."""
        return 0.5 if self._pairs(lines_of(sample)[:3000]) else 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per id-and-date line with a title beside it."""
        library = Library()
        lines = lines_of(text)
        for title_no, meta_no, ids, date in self._pairs(lines):
            prov = Provenance(self.name, origin, meta_no + 1)
            entry = Entry()
            entry.add_source(prov)
            entry.set("title", " ".join(lines[title_no].split()), Provenance(self.name, origin, title_no + 1))
            for found in ids:
                if found.kind == "arxiv" and not entry.arxiv_id:
                    entry.set("arxiv_id", found.value, prov)
                    entry.set("arxiv_version", found.version, prov)
                elif found.kind == "doi" and not entry.DOI:
                    entry.set("DOI", found.value, prov)
            year = re.search(r"(?:19|20)\d\d", date.group(0))
            month = next((MONTHS[w.lower()[:3]] for w in re.findall(r"[A-Za-z]+", date.group(0)) if w.lower()[:3] in MONTHS), None)
            if year:
                iso = re.match(r"((?:19|20)\d\d)-(\d{1,2})", date.group(0))
                entry.set("issued", PartialDate(int(year.group(0)), int(iso.group(2)) if iso else month), prov)
            entry.extra["read_as"] = "title beside an id-and-date line"
            library.entries.append(entry)
        return library

    @staticmethod
    def _pairs(lines: list[str]) -> list[tuple[int, int, list, re.Match[str]]]:
        out = []
        used: set[int] = set()
        for i, raw in enumerate(lines):
            meta = _metadata(raw.strip())
            if meta is None:
                continue
            for step in (-1, +1):
                j = i + step
                while 0 <= j < len(lines) and not lines[j].strip():
                    j += step
                if 0 <= j < len(lines) and j not in used and _title(lines[j].strip()):
                    used.add(j)
                    out.append((j, i, meta[0], meta[1]))
                    break
        return out


READER = IdTitlesReader()
