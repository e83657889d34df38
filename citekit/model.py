"""The canonical record: Entry, Name, PartialDate, Provenance, Problem and Library.

Field names follow CSL-JSON variables (``container_title`` for ``container-title``,
``DOI`` and ``URL`` in CSL's own spelling) so the CSL-JSON writer is a rename, not a
translation. What CSL has no variable for (arXiv ids, comments, author counts, upvotes)
lives in named fields too. Every other CSL-JSON variable lives in ``Entry.vars`` in
CSL-JSON form (see :mod:`citekit.csl`); anything else a source carries goes into
``extra`` (``extra["bibtex"]``: a .bib entry's raw fields; ``extra["csl"]``: what a
CSL-JSON item carried beyond the spec, written back by the CSL-JSON writer).

Every field set on an entry goes through :func:`assign`, the one mutator that applies
the trust policy: a stated value is never silently replaced, and a disagreement is
returned as a :class:`Problem` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

__all__ = [
    "is_record",
    "RECORD_SOURCES",
    "Entry",
    "Library",
    "Name",
    "PartialDate",
    "Problem",
    "Provenance",
    "Verbatim",
    "KeyChange",
    "assign",
    "issued_date",
    "is_citable",
    "ENTRY_FIELDS",
]


@dataclass(slots=True, frozen=True)
class Name:
    """A person's or body's name with every part CSL-JSON 1.0.2 knows, or one ``literal``.

    ``family`` excludes the particles: ``non_dropping_particle`` ("van der" in
    "van der Berg", printed with the family name) and ``dropping_particle`` ("de" in
    some French names, dropped when inverted) are separate, as in CSL. ``is_institution``
    marks an organisation (CSL ``isInstitution``) written as ``literal``.
    """

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    non_dropping_particle: str | None = None
    dropping_particle: str | None = None
    suffix: str | None = None
    comma_suffix: bool = False
    static_ordering: bool = False
    is_institution: bool = False

    def __post_init__(self) -> None:
        if not (self.family or self.literal):
            raise ValueError("a Name needs a family name or a literal")

    def __repr__(self) -> str:
        # The text dataclass's generated repr gives, spelt out: the BibTeX reader fingerprints every name
        # of every entry by its repr (citekit.hashset.fingerprint), and the generated one, with its guard
        # against recursion, was a tenth of reading a .bib.
        return (f"{type(self).__qualname__}(family={self.family!r}, given={self.given!r}, literal={self.literal!r}, "
                f"non_dropping_particle={self.non_dropping_particle!r}, "
                f"dropping_particle={self.dropping_particle!r}, suffix={self.suffix!r}, "
                f"comma_suffix={self.comma_suffix!r}, static_ordering={self.static_ordering!r}, "
                f"is_institution={self.is_institution!r})")

    @property
    def full_family(self) -> str:
        """The family name with its non-dropping particle (``van der Berg``), as sorted and keyed."""
        if self.literal:
            return self.literal
        if self.non_dropping_particle:
            return f"{self.non_dropping_particle} {self.family}"
        return str(self.family)

    def display(self) -> str:
        """The name as printed in running text: ``Given de van der Family, Jr.`` or the literal."""
        if self.literal:
            return self.literal
        parts = [p for p in (self.given, self.dropping_particle, self.non_dropping_particle, self.family) if p]
        text = " ".join(parts)
        if self.suffix:
            text += (", " if self.comma_suffix else " ") + self.suffix
        return text

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON name object, every part that is set.

        An institution is its ``literal``: CSL-JSON 1.0.2's schema has no ``isInstitution``
        (citeproc-js's extension), and a literal is never split or initialised anyway.
        """
        if self.literal:
            return {"literal": self.literal}
        out = {"family": str(self.family)}
        if self.given:
            out["given"] = self.given
        # The parts of _NAME_PARTS, spelt out: this runs for every name of every entry rendered.
        if self.non_dropping_particle:
            out["non-dropping-particle"] = self.non_dropping_particle
        if self.dropping_particle:
            out["dropping-particle"] = self.dropping_particle
        if self.suffix:
            out["suffix"] = self.suffix
        if self.comma_suffix:
            out["comma-suffix"] = "true"
        if self.static_ordering:
            out["static-ordering"] = "true"
        return out

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Name:
        """Build a name from a CSL-JSON name object, keeping every part."""
        if data.keys() <= _PLAIN_KEYS and data.get("family"):
            # The common case (family and given only), without the loop over the other parts.
            family = str(data["family"]).strip()
            if family:
                return cls(family=family, given=(str(data["given"]) if data.get("given") else None))
        if data.get("literal"):
            return cls(literal=str(data["literal"]), is_institution=_truthy(data.get("isInstitution")))
        family = str(data.get("family") or "").strip()
        parts = {attr: (str(data[key]) if data.get(key) else None) for attr, key in _NAME_PARTS}
        if not family:
            # A CSL name with only a given part (mononym) is kept whole.
            return cls(literal=str(data.get("given", "")).strip() or "Anonymous")
        return cls(
            family=family,
            given=(str(data["given"]) if data.get("given") else None),
            comma_suffix=_truthy(data.get("comma-suffix")),
            static_ordering=_truthy(data.get("static-ordering")),
            is_institution=_truthy(data.get("isInstitution")),
            **parts,
        )


#: Name attribute -> CSL-JSON name key, for the optional string parts.
_NAME_PARTS: tuple[tuple[str, str], ...] = (
    ("non_dropping_particle", "non-dropping-particle"),
    ("dropping_particle", "dropping-particle"),
    ("suffix", "suffix"),
)


_PLAIN_KEYS = frozenset({"family", "given"})


def _truthy(value: Any) -> bool:
    """CSL-JSON's booleans come as true, "true", 1 or "1"."""
    return value is True or value == 1 or (isinstance(value, str) and value.strip().lower() in {"true", "1"})


def _days_in_month(year: int, month: int) -> int:
    """The days of ``month`` in ``year`` (the Gregorian rule, as :func:`calendar.monthrange` gives them)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(slots=True, frozen=True)
class PartialDate:
    """A date where any part may be unknown: ``Mar 4`` stays without a year."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year is None and self.month is None and self.day is None:
            raise ValueError("an empty date")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1-12")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day without a month")
            # Leap-year check needs a year; without one, allow Feb 29.
            last = _days_in_month(self.year or 2000, self.month)
            if not 1 <= self.day <= last:
                raise ValueError(f"day {self.day} does not exist in month {self.month}")
        if self.year is not None and not 1000 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")

    def __repr__(self) -> str:
        # Spelt out for the same reason as Name's: every date read from a .bib is fingerprinted by its repr.
        return f"{type(self).__qualname__}(year={self.year!r}, month={self.month!r}, day={self.day!r})"

    def parts(self) -> list[int]:
        """The known leading parts, as CSL ``date-parts`` wants them (year first)."""
        out: list[int] = []
        for part in (self.year, self.month, self.day):
            if part is None:
                break
            out.append(part)
        return out

    def iso(self) -> str:
        """ISO 8601 form of the known parts (``2024``, ``2024-03``, ``--03-04`` without a year)."""
        if self.year is None:
            return f"--{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (time parts ignored)."""
        head = text.strip()[:10]
        bits = head.split("-")
        if not bits[0].isdigit():
            raise ValueError(f"not an ISO date: {text!r}")
        nums = [int(b) for b in bits if b.isdigit()]
        return cls(*nums[:3])


@dataclass(slots=True, frozen=True)
class Provenance:
    """Where a value came from: the reader (or ``arxiv-api``), the file or URL, and line."""

    source: str
    origin: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.origin}:{self.line}" if self.line else self.origin


@dataclass(slots=True, frozen=True)
class Problem:
    """Something a stage could not do cleanly, located in a file (and line) or URL."""

    message: str
    origin: str = "<input>"
    line: int | None = None
    severity: str = "warning"  # "warning", "error", or "info" (said, but no warning for --strict)

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{where}: {self.severity}: {self.message}"


@dataclass(slots=True)
class Entry:
    """One bibliographic record, named after CSL-JSON variables plus arXiv fields."""

    type: str = "article"
    title: str | None = None
    author: list[Name] = field(default_factory=list)
    issued: PartialDate | None = None
    abstract: str | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    DOI: str | None = None
    URL: str | None = None
    publisher: str | None = None
    number: str | None = None
    note: str | None = None
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    primary_class: str | None = None
    categories: list[str] = field(default_factory=list)
    journal_ref: str | None = None
    comment: str | None = None
    author_count: int | None = None
    upvotes: int | None = None
    key: str | None = None
    #: Every other CSL-JSON 1.0.2 variable, by its CSL name and in CSL-JSON form (strings,
    #: lists of name objects, date objects with ranges/season/circa/literal/raw). A key
    #: here wins over the named field of the same variable (e.g. ``issued`` with a range).
    vars: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # field name -> where its value came from; "*" lists every source that named the entry.
    provenance: dict[str, list[Provenance]] = field(default_factory=dict)

    @property
    def sources(self) -> list[Provenance]:
        """Every listing (or API answer) this entry was read from."""
        return self.provenance.get("*", [])

    def add_source(self, prov: Provenance) -> None:
        """Record that ``prov`` listed this entry (without setting any field)."""
        seen = self.provenance.get("*")
        if seen is None:
            self.provenance["*"] = [prov]  # a list of one, not one grown for more (most entries have one source)
        elif prov not in seen:
            seen.append(prov)

    def set(self, name: str, value: Any, prov: Provenance, *, overwrite: bool = False) -> Problem | None:
        """Set ``name`` through the trust policy; see :func:`assign`."""
        return assign(self, name, value, prov, overwrite=overwrite)

    def is_empty(self, name: str) -> bool:
        """True when field ``name`` holds no value."""
        return _empty(getattr(self, name))

    def where(self, name: str) -> Provenance | None:
        """The first recorded provenance of field ``name``."""
        provs = self.provenance.get(name)
        return provs[0] if provs else None


#: The names of the data fields (everything but bookkeeping) in declaration order.
ENTRY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Entry) if f.name not in {"provenance", "extra", "key", "vars"}
)


#: What :func:`assign` may set: a set, as it is asked for every field of every entry read.
_ASSIGNABLE = frozenset(ENTRY_FIELDS) | {"key"}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    return a == b


def assign(entry: Entry, name: str, value: Any, prov: Provenance, *, overwrite: bool = False) -> Problem | None:
    """Set ``entry.name = value`` unless that would silently replace a stated value.

    Empty values are ignored. An empty field is filled. An equal value only adds
    provenance. A different value is kept out (or, with ``overwrite``, put in) and the
    disagreement is returned as a warning naming both values and their sources.
    """
    if name not in _ASSIGNABLE:
        raise AttributeError(f"Entry has no field {name!r}")
    # Only a falsy value can be empty: asking bool() first spares the comparisons for the rest.
    if not value and _empty(value):
        return None
    current = getattr(entry, name)
    if current is None or (not current and _empty(current)):
        setattr(entry, name, value)
        provs = entry.provenance.get(name)
        if provs is None:
            entry.provenance[name] = [prov]
        else:
            provs[:] = [prov]
        return None
    provs = entry.provenance.setdefault(name, [])
    if _same(current, value):
        if prov not in provs:
            provs.append(prov)
        return None
    old_where = ", ".join(str(p) for p in provs) or "input"
    if overwrite:
        setattr(entry, name, value)
        provs[:] = [prov]
        verb = "replaced"
    else:
        verb = "kept"
    shown_old = _short(current)
    shown_new = _short(value)
    message = (
        f"{name} differs: {shown_old} ({old_where}) vs {shown_new} ({prov}); "
        f"{verb} {'the new' if overwrite else 'the stated'} value"
    )
    return Problem(message, origin=prov.origin, line=prov.line)


def _short(value: Any, limit: int = 80) -> str:
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, list) and value and isinstance(value[0], Name):
        text = "; ".join(n.display() for n in value)
    else:
        text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass(slots=True)
class Verbatim:
    """A non-entry block of a .bib file (@string, @preamble, @comment, free text) kept for round trips.

    ``before`` counts the entries of the same file that precede it, so a writer can put
    it back in its place; ``seq``, ``gap`` and ``tail`` let it put back the text around
    it too, when its neighbours in the file are its neighbours in the output.
    """

    kind: str  # "string" | "preamble" | "comment"
    text: str  # the block as it stood in the file
    origin: str
    before: int = 0
    key: str | None = None  # the macro name of an @string
    value: str | None = None  # the expanded value of an @string or the @preamble content
    seq: int | None = None  # its place among all the blocks (entries too) of its file
    gap: str = ""  # the exact text between the file's previous block and this one
    tail: str | None = None  # the file's text after this block, when it is the file's last


@dataclass(slots=True, frozen=True)
class KeyChange:
    """A citation key that a run changed or merged away, so users can fix their ``\\cite``s."""

    old: str
    new: str
    reason: str  # e.g. "invalid character", "duplicate", "merged into", "generated"
    origin: str = "<input>"
    line: int | None = None


@dataclass(slots=True)
class Library:
    """What a stage hands to the next: entries, kept .bib blocks, and problems met so far."""

    entries: list[Entry] = field(default_factory=list)
    verbatim: list[Verbatim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    key_changes: list[KeyChange] = field(default_factory=list)
    #: origin -> how its bytes stood (a citekit.inputs.TextForm: encoding, BOM, line end), for a .bib output.
    forms: dict[str, Any] = field(default_factory=dict)

    def extend(self, other: Library) -> None:
        """Append another library's entries, blocks, problems, key changes and text forms to this one."""
        self.entries.extend(other.entries)
        self.verbatim.extend(other.verbatim)
        self.problems.extend(other.problems)
        self.key_changes.extend(other.key_changes)
        self.forms.update(other.forms)

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``error``."""
        return [p for p in self.problems if p.severity == "error"]


def issued_date(entry: Entry) -> PartialDate | None:
    """The one date decision every writer uses: ``issued`` when it has a year, else the arXiv id's.

    A new-style arXiv id encodes the year and month of its first version, which is the
    date arXiv's own export gives; a date stated without a year (``Mar 4``) is kept when
    nothing better is known, so no year is ever invented.
    """
    issued = entry.issued
    if issued is not None and issued.year is not None:
        return issued
    if entry.arxiv_id:
        from .ids import parse_arxiv_id

        found = parse_arxiv_id(entry.arxiv_id)
        if found is not None:
            year, month = found.year_month
            return PartialDate(year, month)
    return issued


#: The readers of a user's own library: what they read is a record (always written, joined only on proof).
RECORD_SOURCES = frozenset({"bibtex", "csl-json"})


def is_record(entry: Entry) -> bool:
    """True when ``entry`` was read from a user's own library (a .bib or CSL-JSON file)."""
    if isinstance(entry.extra.get("bibtex"), dict):
        return True
    for prov in entry.provenance.get("*", ()):  # a loop, not any(): asked for every entry at every stage
        if prov.source in RECORD_SOURCES:
            return True
    return False


def is_citable(entry: Entry) -> bool:
    """False for an entry that is only an abstract: no title, author, identifier or any other bibliographic field.

    Such an entry (a listing line that printed just an abstract) is no citation: the .bib
    keeps it as a comment block, styled lists leave it out, and the run says how many
    there are (``--enrich`` resolves them). A user's record with, say, only a container
    title or an editor is still a citation and is never left out.
    """
    if not entry.abstract or entry.title or entry.author or entry.arxiv_id or entry.DOI or entry.URL:
        # Without an abstract there is nothing to mistake for a citation: a record with
        # only a date (or nothing) is the user's and is kept in every list.
        return True
    if any(getattr(entry, name) for name in _BIBLIOGRAPHIC):
        return True
    return any(value for var, value in entry.vars.items() if var not in _NOT_BIBLIOGRAPHIC)


#: Named fields that make an entry a citation on their own (beside title, author and ids).
_BIBLIOGRAPHIC = ("container_title", "volume", "issue", "page", "publisher", "number", "journal_ref")
#: CSL variables (and stage notes) in ``vars`` that do not: a listing's own bookkeeping.
_NOT_BIBLIOGRAPHIC = frozenset({"custom", "abstract", "note", "keyword"})
