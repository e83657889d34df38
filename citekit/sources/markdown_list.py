"""Reader for Markdown reading lists: awesome-lists, paper tables, bulleted or numbered paper lists.

A paper is one list item or one table row. Its title is the bold text (``**Title**``)
or the text of its first link that is not a button (``[pdf]``, ``[code]``); the link's
URL gives the ids (arXiv, DOI, OpenReview, ACL Anthology, ...). The rest of the item is
read for authors (an italic or plain author list), venue and year; a table's date column
(``2017-06``) gives the year. A bold-title item is read as a reference by
:mod:`._refparse`. Headings, badges and items without a paper title are not papers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..ids import find_ids
from ..model import Entry, Library, PartialDate, Provenance
from ._refparse import AFFILIATION, HONORIFIC, Reference, YEAR, parse_authors, parse_reference
from ._text import lines_of
from .references import entry_from_reference

__all__ = ["READER", "MarkdownListReader"]

_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s+(?P<body>.+)$")
_ROW = re.compile(r"^\s*\|(?P<body>.+)\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)[^)]*\)")
_BUTTON = re.compile(r"^(?:pdf|paper|code|github|project|website|arxiv|openreview|blog|video|slides|demo|data(?:set)?|model|bib(?:tex)?|html|abs|link|doi|page|huggingface|hf|twitter|poster)\b", re.I)
_AUTHORS_BELOW = re.compile(r"^\s+(?:[*_]{1,2})(?P<a>[^*_].*?)(?:[*_]{1,2})\s*$|^\s{2,}(?P<p>[A-Z\u00C0-\u024F][^*_\[\]()|]*?)\s*$")
_ITALIC = re.compile(r"(?<!\*)\*([^*]+)\*(?!\*)|(?<![\w_])_([^_]+)_(?![\w_])")
_DATE_CELL = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)(?:[-/.]\d{1,2}){0,2}\s*$")


@dataclass(frozen=True, slots=True)
class MarkdownListReader:
    """Markdown list items and table rows with paper links or bold titles in, one entry per paper out."""

    name: str = "markdown-list"
    description: str = "Markdown reading list: awesome-lists, paper tables, bulleted or numbered lists with links or bold titles"

    def sniff(self, sample: str) -> float:
        """High when several list items or table rows carry a title link or a bold title."""
        papers = items = 0
        for raw in lines_of(sample)[:3000]:
            m = _ROW.match(raw) or _ITEM.match(raw)
            if not m or _RULE.match(raw):
                continue
            items += 1
            body = m.group("body")
            if "**" in body or any(not _BUTTON.match(link.group("text").strip()) and len(link.group("text").split()) >= 2 for link in _LINK.finditer(body)):
                papers += 1
        if papers >= 3 and papers >= 0.6 * items:
            return 0.8  # Markdown through and through: its own reader, before the page readers' guesses
        if papers >= 2 and papers >= 0.3 * items:
            return 0.72
        return 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per item or row that names a paper."""
        library = Library()
        lines = lines_of(text)
        columns: dict[str, int] = {}
        for no, raw in enumerate(lines, 1):
            if _RULE.match(raw):
                continue
            row = _ROW.match(raw)
            item = None if row else _ITEM.match(raw)
            if not (row or item):
                if raw.strip():
                    columns = {}  # a table ends where its rows do (a copy may space them with blank lines)
                continue
            following = next((line for line in lines[no: no + 3] if line.strip()), "")
            if row and _RULE.match(following):
                columns = _header(row.group("body"))  # "|Publish Date|Title|Authors|PDF|": what each column holds
                continue
            ref = self._row(row.group("body"), columns) if row else self._item(item.group("body"))
            if ref is not None and item and not ref.authors:
                below = next((line for line in lines[no: no + 3] if line.strip()), "")
                italic = _AUTHORS_BELOW.match(below)
                names = (italic.group("a") or italic.group("p")) if italic else None
                if names and not AFFILIATION.search(names) and (parsed := parse_authors(names)):
                    # "1. **Title.** Venue 2005." over "    *Author One, Author Two.*" (thunlp's lists), or the names
                    # plain on the indented line below ("- **[Title](url)**" / "  Ann Author, Bob Author")
                    ref = replace(ref, authors=parsed[0], truncated=parsed[1])
            if ref is not None and ref.title and HONORIFIC.match(ref.title):
                ref = None  # "- **[Dr. Chenyuan Zhang](https://...)**" over an affiliation: a committee member
            if ref is not None:
                library.entries.append(entry_from_reference(ref, self.name, origin, no))
        return library

    @staticmethod
    def _title_link(body: str) -> re.Match[str] | None:
        for link in _LINK.finditer(body):
            words = link.group("text").strip()
            if not _BUTTON.match(words) and len(words.split()) >= 2 and not words.startswith("!"):
                return link
        return None

    def _item(self, body: str) -> Reference | None:
        if "**" in body:
            ref = parse_reference(body)
            return ref if ref and ref.title else None
        link = self._title_link(body)
        if link is None:
            return None
        ref = Reference(title=link.group("text").strip().strip("*_ "), ids=find_ids(" ".join(l.group("url") for l in _LINK.finditer(body))))
        rest = _LINK.sub(" ", body)
        italic = _ITALIC.search(rest)
        if italic and (parsed := parse_authors(italic.group(1) or italic.group(2))):
            ref.authors, ref.truncated = parsed  # "[**Title**](url) - *Arnob Ghosh*": the item's italic is its author list
        for piece in re.split(r"\s+[-–—|]\s+|\.\s+|;\s+", rest):
            piece = piece.strip(" ,.*_()")
            if not ref.authors and piece and (parsed := parse_authors(piece)) and len(piece) >= 5 and ("," in piece or " and " in piece or parsed[1]):
                ref.authors, ref.truncated = parsed
        years = YEAR.findall(rest)
        if years:
            ref.year = int(years[-1])
        ref.how = "markdown list item"
        return ref

    def _row(self, body: str, columns: dict[str, int] | None = None) -> Reference | None:
        cells = [c.strip() for c in body.split("|")]
        columns = columns or {}
        named = cells[columns["title"]] if "title" in columns and columns["title"] < len(cells) else None
        link = self._title_link(named if named is not None else body)
        bold = next((c for c in ([named] if named is not None else cells)
                     if c.startswith("**") and c.endswith("**") and len(c) > 6 and not _DATE_CELL.match(c.strip("* "))), None)
        if named is not None and link is None and bold is None and len(named.split()) >= 2 and not _DATE_CELL.match(named):
            bold = named  # the Title column in plain text
        if link is None and bold is None:
            return None
        title = link.group("text") if link is not None else bold.strip("* ")
        ref = Reference(title=title.strip().strip("*_ "), ids=find_ids(" ".join(l.group("url") for l in _LINK.finditer(body))))
        for k, cell in enumerate(cells):
            plain = _LINK.sub(" ", cell).strip(" *_")
            if not plain:
                continue
            date = _DATE_CELL.match(plain)
            if date and ref.year is None and columns.get("date", k) == k:
                ref.year = int(date.group("y"))
            elif not ref.authors and (columns.get("authors") == k or "," in plain or " and " in plain) \
                    and (parsed := parse_authors(re.sub(r"\bet\.\s?al\b", "et al", plain))):
                ref.authors, ref.truncated = parsed
        ref.how = "markdown table row"
        return ref


_COLUMN_WORDS = (
    ("title", re.compile(r"^(?:paper|papers|title|name|paper title|publication)s?$", re.I)),
    ("authors", re.compile(r"^(?:authors?|by|first author|people)$", re.I)),
    ("date", re.compile(r"^(?:(?:publish(?:ed)?|release|submission|submitted|update[d]?)?\s*(?:date|year|time|month)|published)$", re.I)),
)


def _header(body: str) -> dict[str, int]:
    """Which column of a table holds the title, the authors and the date, by its header's words."""
    out: dict[str, int] = {}
    for k, cell in enumerate(c.strip(" *_") for c in body.split("|")):
        for kind, words in _COLUMN_WORDS:
            if kind not in out and words.match(cell):
                out[kind] = k
    return out


READER = MarkdownListReader()
