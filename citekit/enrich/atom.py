"""The arXiv API's Atom answers: a strict parser and the :class:`Record` it yields.

Parsing is strict on purpose: a page that is not well-formed XML, or is not an Atom
feed, raises :class:`FeedError` so the client retries it instead of caching half an
answer. Entries that lack an id are skipped; arXiv's own error entries (ids under
``/api/errors``) are collected separately.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import EnrichError
from ..ids import parse_arxiv_id
from ..model import Name

__all__ = ["Feed", "FeedError", "Record", "parse_feed", "split_name"]

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}

# Lower-case name particles that belong to the family name ("van der Waals").
_PARTICLES = frozenset(
    "van von der den de del della delle dei di da das dos du la le lo ter ten te zu zum zur af av bin ibn al el "
    "st. saint mac".split()
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Names that are groups, not people: keep them whole.
_GROUP = re.compile(r"\b(collaboration|consortium|team|group|project|committee|association|institute|society|lab)\b", re.I)


class FeedError(EnrichError):
    """An answer that is not a usable Atom feed (malformed XML, wrong root); worth a retry."""


@dataclass(slots=True)
class Record:
    """One arXiv paper as the API describes it (the latest version's metadata)."""

    arxiv_id: str
    version: int | None
    title: str
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    published: str | None = None  # first-version timestamp (ISO 8601)
    updated: str | None = None
    primary_category: str | None = None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    def names(self) -> list[Name]:
        """The authors as :class:`Name` objects (arXiv gives ``Given Family`` strings)."""
        return [n for n in (split_name(a) for a in self.authors) if n is not None]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the cache)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        """The inverse of :meth:`to_json`."""
        return cls(**{k: data.get(k) for k in cls.__slots__ if k in data})  # type: ignore[attr-defined]


@dataclass(slots=True)
class Feed:
    """One page of an API answer: the opensearch counts, the records and arXiv's error messages."""

    total_results: int | None
    start_index: int
    items_per_page: int | None
    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        """True when the query matched more records than this page holds."""
        if self.total_results is None:
            return False
        return self.start_index + len(self.records) < self.total_results


def split_name(text: str) -> Name | None:
    """``"Jan van der Berg"`` -> ``Name("van der Berg", "Jan")``; groups and mononyms stay literal."""
    text = " ".join(text.split())
    if not text:
        return None
    if _GROUP.search(text):
        return Name(literal=text)
    if "," in text:  # already "Family, Given"
        family, _, given = text.partition(",")
        family, given = family.strip(), given.strip()
        if family:
            return Name(family=family, given=given or None)
    words = text.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].casefold() in _SUFFIXES:
        suffix = " " + words.pop()
    if len(words) == 1:
        return Name(literal=words[0] + suffix)
    start = len(words) - 1
    # Walk back over particles, but always leave at least one given name.
    while start > 1 and words[start - 1].casefold() in _PARTICLES and words[start - 1][:1].islower():
        start -= 1
    family = " ".join(words[start:]) + suffix
    given = " ".join(words[:start])
    return Name(family=family, given=given)


def _text(elem: ET.Element, path: str) -> str | None:
    found = elem.find(path, _NS)
    if found is None or found.text is None:
        return None
    value = " ".join(found.text.split())
    return value or None


def _int(root: ET.Element, path: str) -> int | None:
    value = _text(root, path)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _record(entry: ET.Element) -> Record | None:
    raw_id = _text(entry, "atom:id")
    if not raw_id:
        return None
    found = parse_arxiv_id(raw_id)
    if found is None:
        return None
    primary = entry.find("arxiv:primary_category", _NS)
    categories = [c.get("term", "") for c in entry.findall("atom:category", _NS)]
    return Record(
        arxiv_id=found.id,
        version=found.version,
        title=_text(entry, "atom:title") or "",
        authors=[n for n in (_text(a, "atom:name") for a in entry.findall("atom:author", _NS)) if n],
        summary=_text(entry, "atom:summary") or "",
        published=_text(entry, "atom:published"),
        updated=_text(entry, "atom:updated"),
        primary_category=(primary.get("term") or None) if primary is not None else None,
        categories=[c for c in categories if c],
        doi=_text(entry, "arxiv:doi"),
        journal_ref=_text(entry, "arxiv:journal_ref"),
        comment=_text(entry, "arxiv:comment"),
    )


def parse_feed(data: bytes) -> Feed:
    """Parse one API answer; raises :class:`FeedError` when it is not a well-formed Atom feed."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedError(f"malformed XML in the answer ({exc})") from None
    if root.tag != f"{{{_NS['atom']}}}feed":
        raise FeedError(f"the answer is not an Atom feed (root element {root.tag!r})")
    feed = Feed(
        total_results=_int(root, "opensearch:totalResults"),
        start_index=_int(root, "opensearch:startIndex") or 0,
        items_per_page=_int(root, "opensearch:itemsPerPage"),
    )
    for entry in root.findall("atom:entry", _NS):
        raw_id = _text(entry, "atom:id") or ""
        if "/api/errors" in raw_id:
            feed.errors.append(_text(entry, "atom:summary") or _text(entry, "atom:title") or raw_id)
            continue
        record = _record(entry)
        if record is not None:
            feed.records.append(record)
    return feed
