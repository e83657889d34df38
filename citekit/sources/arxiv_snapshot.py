"""Reader for arXiv's metadata snapshot: one JSON record per line, read as a stream.

Per record: ``json.loads`` and a handful of dict look-ups, nothing more, so a dump of
millions of lines reads at tens of thousands of records a second. Titles and abstracts
have their line breaks collapsed; TeX is left as it is (the exporters deal with it).
``issued`` is the date of the first version.
"""

from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass
from typing import Any, Iterator, TextIO

# orjson (a dependency) parses a record 3x faster; json gives the same values and the error messages.
from orjson import loads as _orjson_loads

from ..ids import parse_arxiv_id
from ..inputs import json_loads
from ..model import Entry, Library, Name, PartialDate, Problem, Provenance
from ._text import MONTHS

__all__ = ["READER", "ArxivSnapshotReader"]

_MARKERS = ('"authors_parsed"', '"versions"', '"update_date"', '"journal-ref"')



def _loads(line: str) -> Any:
    """``json.loads(line)``, through orjson where it accepts the line (json decides the rest and words the errors)."""
    try:
        return _orjson_loads(line)
    except ValueError:
        pass  # json decides: its message, or a value orjson refuses (NaN, huge ints, lone surrogates)
    return json_loads(line)


def _clean(value: Any) -> str | None:
    """``value`` with its white space collapsed (``" ".join(value.split())``), or None when that is empty."""
    if not value or not isinstance(value, str):
        return None
    if value.isascii():
        # Wrapped ASCII text (a snapshot abstract): its line feeds become spaces, and when no other
        # control character is there, only a run of spaces needs the split and join (a string a word).
        # The test is bytes.translate deleting the controls: a C loop, twice the speed of isprintable().
        raw = value.encode("ascii")
        if len(raw.translate(None, _CONTROLS_BUT_LF)) == len(raw):
            text = value.replace("\n", " ").strip(" ")
            if "  " not in text:
                return text or None
    return " ".join(value.split()) or None


#: The ASCII control characters but the line feed: what keeps :func:`_clean`'s ASCII text from its fast path.
_CONTROLS_BUT_LF = bytes(c for c in range(32) if c != 10) + b"\x7f"


def _tidy(text: str) -> str:
    """Whitespace collapsed, skipping the work for the common already-clean string."""
    if "\n" in text or "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


def _version_date(created: str) -> PartialDate | None:
    """``Mon, 2 Apr 2007 19:18:42 GMT`` -> 2007-04-02 (None when it is not that shape)."""
    parts = created.split()
    if len(parts) < 4:
        return None
    return _date(parts[1], parts[2], parts[3])


@functools.lru_cache(maxsize=8192)  # a few thousand distinct days; PartialDate is immutable
def _date(day: str, month_name: str, year: str) -> PartialDate | None:
    if not day.isdigit() or not year.isdigit():
        return None
    month = MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return PartialDate(int(year), month, int(day))
    except ValueError:
        return None


def _fast_id(raw: str) -> str | None:
    """A new-style id as stored in the snapshot (``0704.0001``, ``2101.00001``), checked cheaply."""
    if len(raw) in (9, 10) and raw[4] == "." and raw[:4].isdigit() and raw[5:].isdigit():
        yymm = int(raw[:4])
        if 1 <= yymm % 100 <= 12 and yymm >= 704 and (len(raw) == 10) == (yymm >= 1501):
            return raw
        return None
    parsed = parse_arxiv_id(raw)
    return parsed.id if parsed else None


def _names(record: dict[str, Any]) -> list[Name]:
    parsed = record.get("authors_parsed")
    out: list[Name] = []
    if isinstance(parsed, list) and parsed:
        append = out.append
        for item in parsed:
            if type(item) is list and len(item) == 3:
                try:
                    name = _name(*item)  # the usual [family, given, suffix], cached
                except TypeError:  # an unhashable part
                    name = _name_of(item)
            elif isinstance(item, list) and item:
                name = _name_of(item)
            else:
                continue
            if name is not None:
                append(name)
        return out
    authors = _clean(record.get("authors"))
    if authors:
        for part in authors.replace(" and ", ", ").split(", "):
            if part.strip():
                out.append(Name(literal=part.strip()))
    return out


@functools.lru_cache(maxsize=16384, typed=True)  # frequent authors recur; bounded: workers hold one each
def _name(family: Any, given: Any, suffix: Any) -> Name | None:
    return _name_of([family, given, suffix])


def _name_of(item: list[Any]) -> Name | None:
    """One ``authors_parsed`` item, ``[family, given, suffix]``, as a name (None when empty)."""
    family = _tidy(str(item[0]))
    given = _tidy(str(item[1])) if len(item) > 1 and item[1] else None
    suffix = _tidy(str(item[2])) if len(item) > 2 and item[2] else ""
    if suffix:
        # Name has no suffix part; "King Jr." reads right in running text and in BibTeX.
        family = f"{family} {suffix}" if family else suffix
    if family:
        return Name(family=family, given=given or None)
    if given:
        return Name(literal=given)
    return None


@dataclass(frozen=True, slots=True)
class ArxivSnapshotReader:
    """arXiv metadata snapshot lines in, entries out (streamed)."""

    name: str = "arxiv-snapshot"
    description: str = "arXiv metadata snapshot (JSON lines)"

    def sniff(self, sample: str) -> float:
        """High when the first line is a JSON object with arXiv's snapshot keys."""
        head = sample.lstrip("\ufeff \t\r\n")
        if not head.startswith("{"):
            return 0.0
        end = head.find("\n")
        first = head if end < 0 else head[:end]
        if '"id"' not in first:
            return 0.0
        hits = sum(1 for marker in _MARKERS if marker in first)
        return 0.0 if not hits else min(0.95, 0.7 + 0.08 * hits)

    def read(self, text: str, origin: str) -> Library:
        """Every record of ``text`` (see :meth:`iter_read`)."""
        library = Library()
        library.entries.extend(self.iter_read(io.StringIO(text), origin, library.problems))
        return library

    def iter_read(self, stream: TextIO, origin: str, problems: list[Problem],
                  unread: frozenset[str] = frozenset()) -> Iterator[Entry]:
        """Yield one entry per record line; a line that is no record becomes a warning.

        ``stream`` may also yield UTF-8 ``bytes`` lines without their line ends (a streaming chunk,
        undecoded: orjson reads bytes as they are); a line that is not UTF-8 then raises
        :class:`UnicodeDecodeError`, only when it is read.

        ``unread``: entry fields the caller never looks at (the BibTeX writers' ``listing_unread``:
        no listing's abstract or comment is printed): left unset, so the work of cleaning a
        kilobyte of abstract a record is not done for nothing. Only ``abstract`` and
        ``comment`` are looked for; neither decides whether a record is kept (its id or title does).
        """
        source = self.name
        entry_of = self._entry
        if unread:
            entry_of = functools.partial(entry_of, with_abstract="abstract" not in unread,
                                         with_comment="comment" not in unread)
        for no, line in enumerate(stream, 1):
            if no == 1 and line[:1] == "\ufeff":
                line = line[1:]
            if not line or line.isspace():
                continue
            try:
                record = _orjson_loads(line)
            except ValueError:
                if type(line) is bytes:  # a chunk's raw line (see below): read as the text it is
                    line = line.decode("utf-8")  # not UTF-8: UnicodeDecodeError, for the caller to decide
                    if line.isspace():
                        continue
                try:  # json decides: its message, or a value orjson refuses (NaN, huge ints, lone surrogates)
                    record = json_loads(line)
                except ValueError as exc:
                    problems.append(Problem(f"not a JSON record: {exc}", origin, no))
                    continue
            if not isinstance(record, dict):
                problems.append(Problem("not a JSON object", origin, no))
                continue
            entry = entry_of(record, Provenance(source, origin, no), problems)
            if entry is not None:
                yield entry

    def _entry(self, record: dict[str, Any], prov: Provenance, problems: list[Problem],
               with_abstract: bool = True, with_comment: bool = True) -> Entry | None:
        # Every field is set once on a fresh entry, so the trust policy of model.assign has
        # nothing to arbitrate: a field is set, with its provenance, when it has a value.
        # A record's empty values (most of comments, journal-ref, doi, report-no) skip _clean.
        get = record.get
        provenance: dict[str, list[Provenance]] = {"*": [prov]}
        entry = Entry(provenance=provenance)
        raw_id = get("id")
        arxiv_id = _fast_id(raw_id.strip()) if isinstance(raw_id, str) else None
        if arxiv_id:
            entry.arxiv_id = arxiv_id
            provenance["arxiv_id"] = [prov]
        else:
            problems.append(Problem(f"record without a valid arXiv id: {str(raw_id)[:40]!r}", prov.origin, prov.line))
        title = get("title")
        if title and (title := _clean(title)):
            entry.title = title
            provenance["title"] = [prov]
        author = _names(record)
        if author:
            entry.author = author
            provenance["author"] = [prov]
        abstract = get("abstract") if with_abstract else None
        if abstract and (abstract := _clean(abstract)):
            entry.abstract = abstract
            provenance["abstract"] = [prov]
        comment = get("comments") if with_comment else None
        if comment and (comment := _clean(comment)):
            entry.comment = comment
            provenance["comment"] = [prov]
        journal_ref = get("journal-ref")
        if journal_ref and (journal_ref := _clean(journal_ref)):
            entry.journal_ref = journal_ref
            provenance["journal_ref"] = [prov]
        doi = get("doi")
        if doi and (doi := _clean(doi)):
            entry.DOI = doi.split()[0] if " " in doi else doi
            provenance["DOI"] = [prov]
        categories = get("categories")
        if isinstance(categories, str) and categories.strip():
            cats = categories.split()
            entry.categories = cats
            provenance["categories"] = [prov]
            entry.primary_class = cats[0]
            provenance["primary_class"] = [prov]
        versions = get("versions")
        if isinstance(versions, list) and versions and isinstance(versions[0], dict):
            created = versions[0].get("created")
            date = _version_date(created) if isinstance(created, str) else None
            if date is None:
                problems.append(Problem(f"unreadable first-version date: {str(created)[:40]!r}", prov.origin, prov.line))
            else:
                entry.issued = date
                provenance["issued"] = [prov]
        report = get("report-no")
        if report and (report := _clean(report)):
            entry.extra["report_no"] = report
        if not (arxiv_id or title):
            problems.append(Problem("record skipped: no id and no title", prov.origin, prov.line))
            return None
        return entry


READER = ArxivSnapshotReader()
