"""Reader for an arXiv listing: abstract, optional comment line(s), ``arXiv:ID``, ``Created: YYYY-MM-DD``.

A record ends with its ``arXiv:`` and ``Created:`` lines (either order; either may be
missing). Before them: the abstract (its first paragraph), then comment lines. Each
comment line is kept as printed; several are joined with ``"; "`` (listings print a
comment on one line, so separate lines are separate remarks). When blank lines are
missing and the abstract stands unwrapped on one long line, the short lines after it
are the comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import parse_arxiv_id
from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._refparse import parse_authors, split_name
from ._text import Line, clean, is_abstract_like, is_title_like, lines_of, nonblank

__all__ = ["READER", "ArxivListingReader"]

_ID_SHAPE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?$")  # an id's shape, possible or not
_ID_LINE = re.compile(r"^arxiv\s*:\s*(?P<id>\S+)(?:\s+\[(?P<cls>[\w.\-]+)\])?\s*$", re.IGNORECASE)
_CREATED = re.compile(r"^created\s*:\s*(?P<date>.*)$", re.IGNORECASE)
# arXiv's own pages label these lines; the label is not part of the value.
_LABEL = re.compile(r"^(comments?|journal[- ]ref)\s*:\s*", re.IGNORECASE)
# YYYY-MM-DD; unpadded parts and a time of day (ISO 8601) are read too.
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _split_body(body: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """(abstract lines, comment groups) of the lines before a record's id and date."""
    if not body:
        return [], []
    first_para = [line for line in body if line.para == body[0].para]
    rest = body[len(first_para):]
    abstract = first_para
    comments: list[list[Line]] = []
    if len(first_para) > 1 and is_abstract_like(first_para[0].text) and len(first_para[0].text) >= 300:
        # Unwrapped abstract with no blank line after it: the short lines that follow are comments.
        k = 1
        while k < len(first_para) and len(first_para[k].text) >= 300:
            k += 1
        abstract = first_para[:k]
        comments.extend([line] for line in first_para[k:])
    comments.extend([line] for line in rest)
    return abstract, comments


def _records(body: list[Line]) -> list[list[Line]]:
    """The lines before one id/date pair, split where a later paragraph is an abstract again.

    Comments are short remarks; a second paragraph of abstract prose means the record
    before it lost both its ``arXiv:`` and ``Created:`` lines.
    """
    starts = [0]
    for k in range(1, len(body)):
        if body[k].para != body[k - 1].para:
            para = [line for line in body[k:] if line.para == body[k].para]
            if is_abstract_like(" ".join(line.text for line in para)):
                starts.append(k)
    return [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])]


def _names(text: str) -> tuple[list, bool] | None:
    """(names, truncated) of an author line; a collaboration's long list may hold a name or two no rule reads.

    arXiv's metadata keeps TeX braces in some names ("A. D'A\u00ec}"): markup, no part of the name. In a list
    of many, a name of several particles ("E. M. de Gouveia Dal Pino") is still a name among names.
    """
    text = re.sub(r"[{}]", "", text)
    parsed = parse_authors(text)
    if parsed is not None:
        return parsed
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) < 8:
        return None
    names = []
    odd = 0
    for part in parts:
        one = parse_authors(part)
        if one is not None and len(one[0]) == 1:
            names.append(one[0][0])
            continue
        odd += 1
        name = split_name(part) if len(part.split()) <= 6 and part[:1].isupper() else None
        if name is None:
            return None
        names.append(name)
    return (names, False) if odd * 10 <= len(parts) else None


@dataclass(frozen=True, slots=True)
class ArxivListingReader:
    """Abstract / comments / ``arXiv:ID`` / ``Created:`` records in, entries out."""

    name: str = "arxiv-listing"
    description: str = "arXiv listing: abstract, comments, arXiv:ID, Created: date"

    def sniff(self, sample: str) -> float:
        """High when ``arXiv:ID`` and ``Created:`` lines follow abstract-like paragraphs."""
        ids = created = long = 0
        ids_after_prose = 0  # a listing closes each abstract with its id; a paper's own page opens with it
        for raw in lines_of(sample)[:3000]:
            line = raw.strip()
            if not line:
                continue
            head = line[:40]
            if (m := _ID_LINE.match(head)) and len(line) < 60 and _ID_SHAPE.match(m.group("id")):  # "arXiv:2406." cut by a PDF is none
                ids += 1
                ids_after_prose += bool(long)
            elif _CREATED.match(head) and len(line) < 60:
                created += 1
            elif is_abstract_like(line) or len(line.split()) >= 15:  # a short abstract is still prose
                long += 1
        if not ids or not long or not ids_after_prose:
            return 0.0
        if created:
            return 0.95 if min(ids, created) >= 2 or ids == created == long == 1 else 0.8
        return 0.6

    def read(self, text: str, origin: str) -> Library:
        """Every record; an impossible id or date is a warning and the entry is kept.

        arXiv's own pages (``[1] arXiv:ID [pdf, html, other]``, ``Title:``, ...) open each block
        with the id: ``--from arxiv-listing`` on such a page is read as one, by :mod:`.arxiv_pages`.
        """
        from .arxiv_pages import READER as PAGES

        if PAGES.sniff(text[:65536]) >= 0.9:
            return PAGES.read(text, origin)
        library = Library()
        body: list[Line] = []
        tail: dict[str, Line] = {}

        def close() -> None:
            records = _records(body)
            for earlier in records[:-1]:
                library.problems.append(Problem(
                    "an abstract with no 'arXiv:' or 'Created:' line before the next abstract; read as a record of its own",
                    origin, earlier[0].no,
                ))
                library.entries.append(self._entry(earlier, {}, origin, library, quiet=True))
            if records[-1] or tail:
                library.entries.append(self._entry(records[-1], tail, origin, library))
            body.clear()
            tail.clear()

        for line in nonblank(text):
            kind = "id" if _ID_LINE.match(line.text) else "created" if _CREATED.match(line.text) else None
            if kind is None:
                if tail:  # the previous record had its id/date: this line starts the next one
                    close()
                body.append(line)
                continue
            if kind in tail:  # a second id or date: the previous record lacked the other line
                close()
            tail[kind] = line
            if len(tail) == 2:
                close()
        close()
        return library

    def _entry(self, body: list[Line], tail: dict[str, Line], origin: str, library: Library, *, quiet: bool = False) -> Entry:
        entry = Entry()
        first = body[0].no if body else min(line.no for line in tail.values())
        entry.add_source(Provenance(self.name, origin, first))
        body = self._title_and_names(body, entry, origin)
        abstract, comments = _split_body(body)
        if abstract:
            entry.set("abstract", clean(" ".join(line.text for line in abstract)), Provenance(self.name, origin, abstract[0].no))
        else:
            library.problems.append(Problem("a record without an abstract", origin, first))
        remarks: list[str] = []
        for group in comments:
            text = clean(" ".join(line.text for line in group))
            labelled = _LABEL.match(text)
            if labelled and labelled.group(1).lower().startswith("journal"):
                entry.set("journal_ref", text[labelled.end():], Provenance(self.name, origin, group[0].no))
            else:
                remarks.append(text[labelled.end():] if labelled else text)
        if remarks:
            entry.set("comment", "; ".join(r for r in remarks if r), Provenance(self.name, origin, comments[0][0].no))
        id_line = tail.get("id")
        if id_line is None and quiet:
            pass  # already reported as a record missing both lines
        elif id_line is None:
            library.problems.append(Problem("a record without an 'arXiv:' line", origin, first))
        else:
            m = _ID_LINE.match(id_line.text)
            assert m is not None
            prov = Provenance(self.name, origin, id_line.no)
            parsed = parse_arxiv_id(m.group("id"))
            if parsed is None:
                library.problems.append(Problem(f"not a valid arXiv id: {m.group('id')!r}", origin, id_line.no))
            else:
                entry.set("arxiv_id", parsed.id, prov)
                entry.set("arxiv_version", parsed.version, prov)
                if m.group("cls"):
                    entry.set("primary_class", m.group("cls"), prov)
        if id_line is None and not entry.title and not abstract:
            library.problems.append(Problem("lines with no abstract, title or id: no record", origin, first))
        created = tail.get("created")
        if created is None and quiet:
            pass
        elif created is None:
            library.problems.append(Problem("a record without a 'Created:' date", origin, first))
        else:
            m = _CREATED.match(created.text)
            assert m is not None
            date = m.group("date").strip()
            iso = _ISO.match(date)
            try:
                if not iso:
                    library.problems.append(Problem(f"unreadable 'Created:' date {date!r} (expected YYYY-MM-DD)", origin, created.no))
                else:
                    issued = PartialDate(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
                    entry.set("issued", issued, Provenance(self.name, origin, created.no))
            except ValueError as exc:
                library.problems.append(Problem(f"impossible 'Created:' date {date!r} ({exc})", origin, created.no))
        return entry


    def _title_and_names(self, body: list[Line], entry: Entry, origin: str) -> list[Line]:
        """The body without its title and author lines, set on ``entry``, when the record opens with them.

        A mirror of the listing prints each record as its title, its authors on the next line, then the
        abstract, comment, id and date: a title line followed by a line of names is no abstract.
        """
        if len(body) < 2 or body[1].para != body[0].para or not is_title_like(body[0].text) or body[0].text.endswith("."):
            return body
        parsed = _names(body[1].text)
        if parsed is None or len(parsed[0]) < 2 and "," in body[1].text:
            return body
        entry.set("title", clean(body[0].text), Provenance(self.name, origin, body[0].no))
        entry.set("author", parsed[0], Provenance(self.name, origin, body[1].no))
        if parsed[1]:
            entry.extra["authors_truncated"] = True
        return body[2:]


READER = ArxivListingReader()
