"""Reader for abstract lines: one ``Abstract:<text>`` per line, nothing else.

A line without the ``Abstract:`` mark right after an abstract line (no blank line
between) is read as that abstract wrapped onto a new line; any other unmarked line
becomes an abstract of its own with a warning, so no text is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entry, Library, Problem, Provenance
from ._text import clean, lines_of

__all__ = ["READER", "AbstractLinesReader"]

_MARK = re.compile(r"^\s*abstract\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AbstractLinesReader:
    """``Abstract:<text>`` lines in, abstract-only entries out."""

    name: str = "abstracts"
    description: str = "abstract lines: one 'Abstract:<text>' per line"

    def sniff(self, sample: str) -> float:
        """The share of non-blank lines that start with ``Abstract:`` (needs most of them)."""
        marked = total = 0
        for raw in lines_of(sample)[:2000]:
            if not raw.strip():
                continue
            total += 1
            if _MARK.match(raw[:40]):
                marked += 1
        if not total or not marked:
            return 0.0
        share = marked / total
        return 0.95 * share if share >= 0.6 else 0.3 * share

    def read(self, text: str, origin: str) -> Library:
        """One entry per ``Abstract:`` line; wrapped continuation lines are joined to it."""
        library = Library()
        # Each item: [first line number, parts]; built first, entries made at the end.
        pending: list[tuple[int, list[str]]] = []
        previous_blank = True
        for no, raw in enumerate(lines_of(text), 1):
            stripped = raw.strip()
            if not stripped:
                previous_blank = True
                continue
            m = _MARK.match(raw)
            if m:
                pending.append((no, [raw[m.end():]]))
            elif pending and not previous_blank:
                pending[-1][1].append(stripped)
            else:
                library.problems.append(
                    Problem("line does not start with 'Abstract:'; read as an abstract of its own", origin, no)
                )
                pending.append((no, [stripped]))
            previous_blank = False
        for no, parts in pending:
            abstract = clean(" ".join(parts))
            if not abstract:
                library.problems.append(Problem("empty 'Abstract:' line skipped", origin, no))
                continue
            prov = Provenance(self.name, origin, no)
            entry = Entry()
            entry.add_source(prov)
            entry.set("abstract", abstract, prov)
            library.entries.append(entry)
        return library


READER = AbstractLinesReader()
