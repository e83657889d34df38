"""What citekit keeps of an ``arxiv.Result``: the :class:`Record` the cache stores, and name splitting.

The package parses the Atom feed into ``arxiv.Result`` objects; :meth:`Record.from_result`
turns one into a plain, JSON-ready record (whitespace folded, the id split from its
version) so the cache, verification and filling never depend on the package's classes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..ids import parse_arxiv_id
from ..model import Name
from ..particles import PARTICLES

if TYPE_CHECKING:
    import arxiv

__all__ = ["Record", "canonical_id", "split_name"]

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Names that are groups, not people: keep them whole.
_GROUP = re.compile(r"\b(collaboration|consortium|team|group|project|committee|association|institute|society|lab)\b", re.I)


_SUBJECT_CLASS = re.compile(r"^([a-z-]+)\.[A-Za-z-]+/(\d{7})$")


def canonical_id(arxiv_id: str) -> str:
    """An old-style id without its subject class (``math.CA/0601001`` -> ``math/0601001``), as arXiv answers it."""
    return _SUBJECT_CLASS.sub(r"\1/\2", arxiv_id)


def _stamp(when: Any) -> str | None:
    """arXiv's own timestamp form (``2021-01-04T17:59:59Z``); the package gives UTC datetimes."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


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

    @classmethod
    def from_result(cls, result: arxiv.Result) -> Record | None:
        """The record of one parsed ``arxiv.Result``; None when its id is not an arXiv id."""
        found = parse_arxiv_id(result.entry_id or "")
        if found is None:
            return None
        return cls(
            arxiv_id=found.id,
            version=found.version,
            title=_fold(result.title),
            authors=[n for n in (_fold(a.name) for a in result.authors) if n],
            summary=_fold(result.summary),
            published=_stamp(result.published),
            updated=_stamp(result.updated),
            primary_category=result.primary_category or None,
            categories=[c for c in result.categories if c],
            doi=_fold(result.doi) or None,
            journal_ref=_fold(result.journal_ref) or None,
            comment=_fold(result.comment) or None,
        )

    @property
    def usable(self) -> bool:
        """False for the blank entry arXiv gives an id it does not have (an id and nothing else)."""
        return bool(self.title or self.authors)

    def names(self) -> list[Name]:
        """The authors as :class:`Name` objects (arXiv gives ``Given Family`` strings)."""
        return [n for n in (split_name(a) for a in self.authors) if n is not None]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the cache)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        """The inverse of :meth:`to_json`; ``ValueError`` for data of another shape (a damaged cache row)."""
        if not isinstance(data, dict) or not isinstance(data.get("arxiv_id"), str):
            raise ValueError("not a record")
        for key in cls.__slots__:  # type: ignore[attr-defined]
            value = data.get(key)
            want = _JSON_SHAPES.get(key, (str, type(None)))
            if key in data and not isinstance(value, want) or isinstance(value, bool):
                raise ValueError(f"{key} is {type(value).__name__}")
            if isinstance(value, list) and not all(isinstance(v, str) for v in value):
                raise ValueError(f"{key} holds a non-string")
        return cls(**{k: data.get(k) for k in cls.__slots__ if k in data})  # type: ignore[attr-defined]


#: The JSON types of a record's fields other than the optional strings.
_JSON_SHAPES: dict[str, tuple[type, ...]] = {"version": (int, type(None)), "title": (str,), "summary": (str,),
                                             "authors": (list,), "categories": (list,)}


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
    while start > 1 and words[start - 1].casefold() in PARTICLES and words[start - 1][:1].islower():
        start -= 1
    family = " ".join(words[start:]) + suffix
    given = " ".join(words[:start])
    return Name(family=family, given=given)
