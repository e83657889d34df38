"""The Entry <-> CSL-JSON mapping, both directions from one table.

:data:`VARIABLES` is CSL-JSON 1.0.2's vocabulary (variable -> kind). A variable with a
named Entry field (:data:`PLAIN_FIELDS`, ``author``, ``issued``) lives there; every
other one lives in ``Entry.vars`` in CSL-JSON form, and so does a named variable whose
value the named field cannot hold exactly (a date range, a season, a name with only a
given part): a key in ``vars`` wins when writing.

Reading then writing an item gives back the same item, up to these normalisations,
which mean the same to every CSL processor:

- a number written as a JSON number comes back as a string (``"volume": 5`` -> ``"5"``),
  and so do ``date-parts`` the other way (``["1965", "6"]`` -> ``[1965, 6]``);
- empty values (``""``, ``[]``, ``null``) and name parts that are empty are left out;
- name flags (``comma-suffix``, ``static-ordering``, ``isInstitution``) are written ``"true"``;
- names and dates given as strings are written as CSL name and date objects;
- Crossref's work types (``journal-article``) are written as the CSL types they mean.

What an item carries beyond the spec (unknown keys, other programs' ``custom`` keys) is
kept in ``entry.extra["csl"]`` and written back. A spec variable whose value cannot be
read (a boolean title, an ``inf`` volume, a list for an ISBN) is reported and, where
JSON can hold it, written back as it came to CSL-JSON output only (``faithful=True``).

Preprints take the form Zotero gives them (type ``article``, ``publisher: "arXiv"``,
``number: "arXiv:ID"``, the arXiv DOI unless a published DOI is known). What CSL has no
variable for (arXiv class, comment, author count, upvotes, a date without a year) goes
into CSL-JSON's ``custom`` object so that reading our own output loses nothing. An item
read from CSL-JSON whose arXiv id citekit only found in its ``number``, ``DOI`` or
``URL`` is the user's record: it is written back as it was, not rewritten to that form.
"""

from __future__ import annotations

import math
from operator import attrgetter
from typing import Any

from .csl_values import describe, read_date, read_names, read_text
from .ids import ARXIV_DOI_PREFIX, parse_arxiv_id
from .model import Entry, Name, PartialDate, Problem, Provenance, assign

__all__ = [
    "entry_to_csl", "csl_to_entry", "csl_value", "is_published", "arxiv_url", "same_item",
    "PLAIN_FIELDS", "CUSTOM_FIELDS", "VARIABLES", "NAME_VARIABLES", "DATE_VARIABLES", "CSL_TYPES", "CROSSREF_TYPES",
    "UNTYPED",
]

_NAMES = (
    "author chair collection-editor compiler composer container-author contributor curator director "
    "editor editorial-director executive-producer guest host illustrator interviewer narrator organizer "
    "original-author performer producer recipient reviewed-author script-writer series-creator translator"
)
_DATES = "accessed available-date event-date issued original-date submitted"
_NUMBERS = (
    "chapter-number citation-number collection-number edition first-reference-note-number issue locator "
    "number number-of-pages number-of-volumes page page-first part-number printing supplement volume"
)
_STANDARD = (
    "abstract annote archive archive_collection archive_location archive-place authority call-number "
    "citation-key citation-label collection-title container-title container-title-short dimensions division "
    "DOI event event-title event-place genre ISBN ISSN jurisdiction keyword language license medium note "
    "original-publisher original-publisher-place original-title part-title PMCID PMID publisher "
    "publisher-place references reviewed-genre reviewed-title scale section source status title title-short "
    "URL version volume-title volume-title-short year-suffix "
    # Zotero's older spellings, still in its exports and in the CSL-JSON schema.
    "journalAbbreviation shortTitle"
)

#: Every CSL-JSON 1.0.2 variable -> its kind: ``standard``, ``number``, ``name``, ``date``
#: or ``list`` (``categories``, a list of strings). Both directions read this table.
VARIABLES: dict[str, str] = {
    **{v: "standard" for v in _STANDARD.split()},
    **{v: "number" for v in _NUMBERS.split()},
    **{v: "name" for v in _NAMES.split()},
    **{v: "date" for v in _DATES.split()},
    "categories": "list",
}
#: The CSL-JSON name variables and date variables (kinds of :data:`VARIABLES`; the renderers read them too).
NAME_VARIABLES: frozenset[str] = frozenset(v for v, kind in VARIABLES.items() if kind == "name")
DATE_VARIABLES: frozenset[str] = frozenset(v for v, kind in VARIABLES.items() if kind == "date")

#: Entry field -> CSL variable, for string fields that map one to one.
PLAIN_FIELDS: dict[str, str] = {
    "title": "title",
    "abstract": "abstract",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "DOI": "DOI",
    "URL": "URL",
    "publisher": "publisher",
    "number": "number",
    "note": "note",
}
_FIELD_OF = {var: name for name, var in PLAIN_FIELDS.items()}

#: Entry field -> key inside CSL ``custom`` (our extension, allowed by the schema).
CUSTOM_FIELDS: dict[str, str] = {
    "arxiv_id": "arxiv-id",
    "arxiv_version": "arxiv-version",
    "primary_class": "arxiv-primary-class",
    "categories": "arxiv-categories",
    "journal_ref": "journal-ref",
    "comment": "arxiv-comment",
    "author_count": "author-count",
    "upvotes": "upvotes",
}
_CUSTOM_OWN = frozenset(CUSTOM_FIELDS.values()) | {"listed-date"}
# Both tables' fields of an entry in one call each: entry_to_csl runs for every entry a style renders.
_PLAIN_VARS = tuple(PLAIN_FIELDS.values())
_plain_values = attrgetter(*PLAIN_FIELDS)
_CUSTOM_KEYS = tuple(CUSTOM_FIELDS.values())
_custom_values = attrgetter(*CUSTOM_FIELDS)

CSL_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic "
    "collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing "
    "interview legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference "
    "patent performance periodical personal_communication post post-weblog regulation report review "
    "review-book software song speech standard thesis treaty webpage".split()
)

#: Crossref's work types (what doi.org's CSL-JSON answers carry) -> the CSL type they mean.
CROSSREF_TYPES: dict[str, str] = {
    "journal-article": "article-journal", "book-chapter": "chapter", "book-section": "chapter",
    "book-part": "chapter", "book-track": "chapter", "book": "book", "edited-book": "book",
    "monograph": "book", "reference-book": "book", "book-series": "book", "book-set": "book",
    "proceedings-article": "paper-conference", "proceedings": "book", "proceedings-series": "book",
    "report": "report", "report-series": "report", "report-component": "report",
    "dissertation": "thesis", "dataset": "dataset", "database": "dataset", "posted-content": "article",
    "peer-review": "review", "reference-entry": "entry", "journal": "periodical",
    "journal-issue": "periodical", "journal-volume": "periodical", "standard": "standard",
    "standard-series": "standard", "component": "document", "grant": "document", "other": "document",
}

#: The type given to an item that states none (CSL's generic type), and to an arXiv preprint.
UNTYPED = "document"


def arxiv_url(arxiv_id: str) -> str:
    """The abstract page of an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def is_published(entry: Entry) -> bool:
    """True when the published version's venue is known (a journal or proceedings).

    A DOI alone or a journal reference that could not be read does not say where the paper
    appeared: such an entry stays a preprint in every format, so BibTeX, BibLaTeX and
    CSL-JSON agree on its type and no writer emits a type whose venue is empty.
    """
    return bool(entry.container_title or entry.vars.get("container-title"))


def _csl_record(entry: Entry) -> dict[str, Any]:
    """What reading a CSL-JSON item left for writing it back (empty for other entries)."""
    record = entry.extra.get("csl")
    return record if isinstance(record, dict) else {}


_NOTHING_DERIVED: frozenset[str] = frozenset()


def entry_to_csl(entry: Entry, *, faithful: bool = False) -> dict[str, Any]:
    """One CSL-JSON item for ``entry`` (its ``id`` is the citation key).

    ``faithful`` also writes back what an input item carried that CSL cannot take (an
    unknown type, values that could not be read): for CSL-JSON files, not for engines.
    """
    record = _csl_record(entry)
    derived = set(record["derived"]) if "derived" in record else _NOTHING_DERIVED
    item_id: Any = entry.key or entry.arxiv_id or entry.DOI or "item"
    if "id" in record and record.get("key") == item_id:
        item_id = record["id"]  # the item's own id (a number, a Zotero URI) while its key is unchanged
    item: dict[str, Any] = {"id": item_id, "type": entry.type if entry.type in CSL_TYPES else "article"}
    for var, value in zip(_PLAIN_VARS, _plain_values(entry)):
        if value:
            item[var] = value
    if entry.author:
        item["author"] = [n.to_csl() for n in entry.author]
    custom: dict[str, Any] = {}
    if entry.issued is not None:
        if entry.issued.year is not None:
            item["issued"] = {"date-parts": [entry.issued.parts()]}
        else:
            # CSL dates need a year first; a listing that printed none keeps its date here.
            custom["listed-date"] = entry.issued.iso()
    for var, value in entry.vars.items():
        if var == "custom" and isinstance(value, dict):
            # Stages keep their own notes here (enrichment's listed-date): CSL-JSON's custom object.
            custom.update(value)
        elif not _blank(value):
            item[var] = value if faithful or VARIABLES.get(var) != "date" else _dated(value)
    for name, key, value in zip(CUSTOM_FIELDS, _CUSTOM_KEYS, _custom_values(entry)):
        if value not in (None, "", []) and name not in derived:
            custom[key] = value
    if entry.arxiv_id and "arxiv_id" not in derived:
        if not is_published(entry):
            item["type"] = "article"
            item.setdefault("publisher", "arXiv")
            item.setdefault("number", f"arXiv:{entry.arxiv_id}")
            item.setdefault("DOI", f"{ARXIV_DOI_PREFIX}{entry.arxiv_id}")
        else:
            if item["type"] == "article":
                item["type"] = "article-journal"
        item.setdefault("URL", arxiv_url(entry.arxiv_id))
    if entry.categories and "keyword" not in item:
        item["keyword"] = ", ".join(entry.categories)
    for key, value in (record.get("foreign") or {}).items():
        if key == "custom" and isinstance(value, dict):
            custom = {**value, **custom}
        else:
            item.setdefault(key, value)
    if faithful:
        # What could not be read goes back as it came, over the part of it that could.
        item.update(record.get("unreadable") or {})
        if "type" in record:
            item["type"] = record["type"]
    if custom:
        item["custom"] = custom
    _sentence_case_titles(entry, item)
    return item


#: CSL variables that hold a work's title (a journal's name is not one: it is kept as written).
_TITLE_VARS = ("title", "container-title", "collection-title", "event-title", "original-title", "title-short",
               "volume-title")


def _sentence_case_titles(entry: Entry, item: dict[str, Any]) -> None:
    """An English .bib entry's titles in sentence case, as pandoc reads them (see :mod:`citekit.textcase`).

    Only a title still as the .bib gave it is converted; ``--keep-case`` removes the sentence forms and keeps
    the nocase ones.
    """
    bib = entry.extra.get("bibtex")
    if not isinstance(bib, dict):
        return
    # The sentence-case form (with its nocase spans) first; a title left as written still keeps
    # its protected groups as nocase spans, which title-case styles must not change.
    forms, nocase = bib.get("sentence"), bib.get("nocase")
    if not forms and not nocase:
        return
    for var in _TITLE_VARS:
        value = item.get(var)
        if not isinstance(value, str):
            continue
        if forms and value in forms:
            item[var] = forms[value]
        elif nocase and value in nocase:
            item[var] = nocase[value]


def csl_value(entry: Entry, var: str) -> Any:
    """The value of CSL variable ``var`` for ``entry`` in CSL-JSON form, or None: ``vars`` first, then the named field.

    For writers that need one variable (``csl_value(e, "publisher-place")``) without
    building the whole item; arXiv's Zotero form is not applied here.
    """
    if var in entry.vars:
        return entry.vars[var]
    if var in _FIELD_OF:
        return getattr(entry, _FIELD_OF[var]) or None
    if var == "author":
        return [n.to_csl() for n in entry.author] or None
    if var == "issued" and entry.issued is not None and entry.issued.year is not None:
        return {"date-parts": [entry.issued.parts()]}
    return None


def _dated(date: Any) -> Any:
    """A date for engines: ``raw``/``edtf`` text that reads as EDTF also given as ``date-parts``.

    citeproc-py reads only ``date-parts``; the CSL-JSON file keeps the user's ``raw`` form.
    """
    if not isinstance(date, dict) or date.get("date-parts"):
        return date
    text = date.get("edtf") or date.get("raw")
    parsed = read_date(text)[0] if isinstance(text, str) else None
    if parsed and "date-parts" in parsed:
        return {**date, "date-parts": parsed["date-parts"]}
    return date


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _json_safe(value: Any) -> bool:
    """True when ``value`` can be written back as JSON as it came (no inf/NaN inside)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_json_safe(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())
    return value is None or isinstance(value, (str, int, bool))


def _first_date(date: dict[str, Any]) -> PartialDate | None:
    """The first date of a CSL date object as a PartialDate (for keys and sorting), or None."""
    parts = date.get("date-parts")
    if not parts:
        return None
    first = parts[0]
    for size in range(min(len(first), 3), 0, -1):
        try:
            return PartialDate(*first[:size])
        except (ValueError, TypeError):
            continue  # a season as month 21, or a BCE year: keep what PartialDate can hold
    return None


def _season(parts: list[int]) -> bool:
    """True for ``[year, 13..24]``: CSL-JSON's pseudo-months for seasons (21 = spring)."""
    return len(parts) >= 2 and isinstance(parts[1], int) and 13 <= parts[1] <= 24


def _name_flag(value: Any) -> bool:
    return value is True or value == 1 or (isinstance(value, str) and value.strip().lower() in {"true", "1"})


def _norm_name(name: dict[str, Any]) -> dict[str, Any]:
    """A name object with flags as booleans and empty parts left out, for comparing."""
    out: dict[str, Any] = {}
    for key, value in name.items():
        if key in ("comma-suffix", "static-ordering", "parse-names", "isInstitution"):
            if _name_flag(value):
                out[key] = True
        elif value not in (None, ""):
            out[key] = value
    return out


_PLAIN_NAME = frozenset({"family", "given"})
_READ_APART = frozenset({"id", "type", "custom"})
#: The text variables with a named Entry field (every one of PLAIN_FIELDS), for the reader's shortcut.
_TEXT_FIELD_OF = {var: name for var, name in _FIELD_OF.items() if VARIABLES[var] in ("standard", "number")}
_TEXT_KINDS = frozenset({"standard", "number"})


def _names_exact(names: list[Name], raw: list[dict[str, Any]]) -> bool:
    """True when ``names`` written back give exactly the name objects ``raw``."""
    if all(r.keys() <= _PLAIN_NAME and n.family == r.get("family") and n.given == r.get("given")
           for n, r in zip(names, raw)):
        return len(names) == len(raw)  # the common case, without building name objects
    return [_norm_name(n.to_csl()) for n in names] == [_norm_name(r) for r in raw]


class _Reader:
    """One item's reading: the entry, what goes back into CSL-JSON, and the problems met.

    ``memo`` is shared by the items of one file: the names and dates already built from
    the same raw parts (both types are immutable), so a name on many items is made once.
    """

    def __init__(self, item: dict[str, Any], prov: Provenance, memo: dict[tuple, Any] | None = None):
        self.item = item
        self.prov = prov
        self.entry = Entry()
        self.entry.add_source(prov)
        self.problems: list[Problem] = []
        self.record: dict[str, Any] = {}
        self.memo = {} if memo is None else memo

    @property
    def label(self) -> str:
        """How messages name the item (made only when there is something to say)."""
        raw_id = self.item.get("id")
        return f'item "{raw_id}"' if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else "an item without an id"

    def warn(self, message: str) -> None:
        self.problems.append(Problem(f"{self.label}: {message}", self.prov.origin, self.prov.line))

    def keep(self, bucket: str, key: str, value: Any) -> None:
        if _json_safe(value):
            self.record.setdefault(bucket, {})[key] = value

    def read(self) -> tuple[Entry, list[Problem]]:
        entry, prov = self.entry, self.prov
        for key, value in self.item.items():
            field_name = _TEXT_FIELD_OF.get(key)
            if field_name is not None and type(value) is str:
                if value:  # what variable() does with text for a named field, without the dispatch
                    assign(entry, field_name, value, prov)
                continue
            if key in _READ_APART:
                continue  # id and type below; custom last, as its listed-date depends on the issued date
            kind = VARIABLES.get(key)
            if kind is not None:
                self.variable(key, kind, value)
            elif _json_safe(value):
                self.keep("foreign", key, value)  # beyond the spec: kept and written back
            else:
                self.warn(f"{key} is not a finite value; left out")
        if "custom" in self.item:
            self.custom(self.item["custom"])
        self.ident()
        self.arxiv()
        self.kind()
        if self.record:
            self.entry.extra["csl"] = self.record
        return self.entry, self.problems

    def ident(self) -> None:
        raw_id = self.item.get("id")
        usable = (isinstance(raw_id, str) and raw_id.strip()) or (isinstance(raw_id, int) and not isinstance(raw_id, bool))
        cited = self.item.get("citation-key")
        # Zotero's ids are item URIs; the key a user cites with is its citation-key (Better BibTeX).
        key = cited if isinstance(cited, str) and cited.strip() else (str(raw_id) if usable else None)
        if key is not None:
            self.entry.key = key
        if usable and key != raw_id:
            self.record["id"] = raw_id  # written back while the key stays what it was read as
            self.record["key"] = key
        if raw_id is None or raw_id == "":
            self.warn("a citation key will be made for it" if key is None else "has no id; its citation-key is used")
        elif not usable:
            self.warn(f"has an id that is {describe(raw_id)}; "
                      + ("a citation key will be made for it" if key is None else "its citation-key is used"))

    def kind(self) -> None:
        ctype = self.item.get("type")
        if isinstance(ctype, str) and ctype in CSL_TYPES:
            self.entry.type = ctype
            return
        given = "article" if self.entry.arxiv_id else UNTYPED
        if isinstance(ctype, str) and ctype in CROSSREF_TYPES:
            given = CROSSREF_TYPES[ctype]
            self.warn(f"has Crossref's type {describe(ctype)}; typed {given}")
        elif ctype is None or ctype == "":
            self.warn(f"has no type; typed {given}")
        else:
            self.warn(f"has type {describe(ctype)}, which CSL does not know; typed {given}")
            if _json_safe(ctype):
                self.record["type"] = ctype  # no CSL meaning known: written back to CSL-JSON as it was
        self.entry.type = given

    def variable(self, var: str, kind: str, value: Any) -> None:
        if type(value) is str and kind in _TEXT_KINDS:
            # The common case, text as text: what read_text would give back unchanged.
            if value:
                field_name = _FIELD_OF.get(var)
                if field_name is not None:
                    assign(self.entry, field_name, value, self.prov)
                else:
                    self.entry.vars[var] = value
            return
        if _blank(value):
            return
        if kind in ("standard", "number"):
            text, why = read_text(value)
            if text is None and isinstance(value, list) and value:
                # Crossref's lists (ISSN, ISBN, container-title): one text, the list back to the file.
                texts = [read_text(v)[0] for v in value]
                if all(isinstance(t, str) for t in texts):
                    text = ", ".join(t for t in texts if t.strip())
                    self.warn(f"{var} is a list of {len(value)}; read as {describe(text)}")
                    self.keep("unreadable", var, value)
            if text is None:
                self.unreadable(var, value, why)
            elif var in _FIELD_OF:
                self.entry.set(_FIELD_OF[var], text, self.prov)
            else:
                self.entry.vars[var] = text
        elif kind == "name":
            self.names(var, value)
        elif kind == "date":
            self.date(var, value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            self.entry.vars[var] = list(value)
        else:
            self.unreadable(var, value, f"is {describe(value)}, not a list of strings")

    def unreadable(self, var: str, value: Any, why: str | None) -> None:
        self.warn(f"{var} {why}; not read" + ("" if _json_safe(value) else " and left out"))
        self.keep("unreadable", var, value)

    def names(self, var: str, value: Any) -> None:
        if var == "author":
            plain = self.plain_names(value)
            if plain is not None:
                assign(self.entry, "author", plain, self.prov)
                return
        raw, why = read_names(value)
        if raw is None:
            self.unreadable(var, value, why[0])
            return
        if why:
            # The readable names are used; the list as it came goes back to CSL-JSON output.
            self.warn(f"{var}: " + "; ".join(why) + f"; not read ({len(raw)} other name{'s' if len(raw) != 1 else ''} read)")
            self.keep("unreadable", var, value)
        if isinstance(value, str):
            self.warn(f"{var} is a string; read as {len(raw)} name{'s' if len(raw) != 1 else ''}")
        if not raw:
            return
        if var != "author":
            self.entry.vars[var] = raw
            return
        names = [Name.from_csl(r) for r in raw]
        self.entry.set("author", names, self.prov)
        if not _names_exact(names, raw):
            self.entry.vars["author"] = raw  # a mononym or a part Name has no place for

    def plain_names(self, value: Any) -> list[Name] | None:
        """The names of a list of ``family``/``given`` objects that write back exactly as read, else None.

        None sends the list down the general path (read_names, Name.from_csl), which this
        shortcut agrees with wherever it answers.
        """
        if type(value) is not list or not value:
            return None
        memo = self.memo
        out: list[Name] = []
        for one in value:
            if type(one) is not dict:
                return None
            family = one.get("family")
            given = one.get("given", "")
            if type(family) is not str or type(given) is not str or not one.keys() <= _PLAIN_NAME:
                return None
            name = memo.get(("name", family, given))
            if name is None:
                if not family or family.strip() != family:
                    return None  # blank, or spaces the name drops: the general path says so
                name = memo["name", family, given] = Name(family=family, given=given or None)
            out.append(name)
        return out

    def plain_date(self, value: Any) -> PartialDate | None:
        """The date of ``{"date-parts": [[year, month, day]]}`` (1-3 whole numbers), a PartialDate can hold exactly, else None."""
        if type(value) is not dict or len(value) != 1:
            return None
        parts = value.get("date-parts")
        if type(parts) is not list or len(parts) != 1:
            return None
        first = parts[0]
        if type(first) is not list or not 1 <= len(first) <= 3:
            return None
        for part in first:
            if type(part) is not int:
                return None  # a string, a float or a boolean: read_date decides what it means
        key = ("date", *first)
        date = self.memo.get(key)
        if date is None:
            try:
                date = self.memo[key] = PartialDate(*first)
            except ValueError:
                return None  # a season, a BCE year: the general path keeps the date as it is
        return date

    def date(self, var: str, value: Any) -> None:
        if var == "issued":
            plain = self.plain_date(value)
            if plain is not None:
                assign(self.entry, "issued", plain, self.prov)
                return
        date, why = read_date(value)
        if date is None:
            self.unreadable(var, value, why)
            return
        if isinstance(value, str):
            self.warn(f"{var} is a string; read as a date")
        if var != "issued":
            self.entry.vars[var] = date
            return
        first = _first_date(date) or _first_date(read_date(date.get("raw") or date.get("edtf") or "")[0] or {})
        stated = (date.get("date-parts") or [[]])[0][:3]
        if first is not None and len(first.parts()) < len(stated) and not _season(stated):
            self.warn(f"issued {'-'.join(str(p) for p in stated)} is not a calendar date; "
                      f"{first.iso()} used for keys and sorting, the date kept as it is")
        if first is not None:
            self.entry.set("issued", first, self.prov)
        if first is None or date != {"date-parts": [first.parts()]}:
            self.entry.vars["issued"] = date  # a range, season, circa, literal or raw form

    def custom(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.keep("foreign", "custom", value)
            return
        entry, prov = self.entry, self.prov
        for name, key in CUSTOM_FIELDS.items():
            if key not in value:
                continue
            got = value[key]
            if name in {"arxiv_version", "author_count", "upvotes"}:
                got = got if isinstance(got, int) and not isinstance(got, bool) else None
            elif name == "categories":
                got = [str(v) for v in got] if isinstance(got, list) and all(isinstance(v, str) for v in got) else None
            else:
                got = got if isinstance(got, str) and got.strip() else None
            if got is None and value.get(key) is not None:
                self.keep("custom-unread", key, value[key])
            assign(entry, name, got, prov)
        listed = value.get("listed-date")
        if entry.issued is not None and isinstance(listed, str):
            # A listing date beside a real date (enrichment moved it aside) stays as it was.
            entry.vars.setdefault("custom", {})["listed-date"] = listed
        elif isinstance(listed, str):
            try:
                bits = listed.lstrip("-").split("-")
                entry.set("issued", PartialDate(None, int(bits[0]), int(bits[1]) if len(bits) > 1 else None), prov)
            except (ValueError, IndexError):
                self.warn(f"custom listed-date {describe(listed)} is not a date; not read")
                self.keep("custom-unread", "listed-date", listed)
        others = {} if value.keys() <= _CUSTOM_OWN else {
            k: v for k, v in value.items() if k not in _CUSTOM_OWN and _json_safe(v)}
        others.update(self.record.pop("custom-unread", {}))
        if others:
            self.record.setdefault("foreign", {})["custom"] = others

    def arxiv(self) -> None:
        """Zotero-style preprints carry the arXiv id in number / DOI / URL: found, not written back."""
        entry = self.entry
        if entry.arxiv_id:
            return
        doi = entry.DOI or ""
        for candidate in (entry.number, doi[len(ARXIV_DOI_PREFIX):] if doi.startswith(ARXIV_DOI_PREFIX) else None, entry.URL):
            found = parse_arxiv_id(candidate) if candidate else None
            if found:
                entry.set("arxiv_id", found.id, self.prov)
                entry.set("arxiv_version", found.version, self.prov)
                derived = ["arxiv_id", "arxiv_version"]
                keyword = entry.vars.get("keyword")
                if not entry.categories and isinstance(keyword, str) and keyword.strip():
                    entry.set("categories", [c.strip() for c in keyword.split(",") if c.strip()], self.prov)
                    derived.append("categories")
                self.record["derived"] = derived
                return


def csl_to_entry(item: dict[str, Any], prov: Provenance, *, memo: dict[tuple, Any] | None = None) -> tuple[Entry, list[Problem]]:
    """An Entry from one CSL-JSON item; unusable values become problems (naming item and field), never exceptions.

    ``memo``, one dict shared by the items of a file, lets recurring names and dates be built once.
    """
    return _Reader(item, prov, memo).read()


def same_item(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The variables in which CSL-JSON items ``a`` and ``b`` differ, up to the normalisations above."""
    keys = sorted(set(a) | set(b))
    return [k for k in keys if _norm(k, a.get(k)) != _norm(k, b.get(k))]


def _norm(key: str, value: Any) -> Any:
    """``value`` of variable ``key`` in the form :func:`entry_to_csl` writes (for :func:`same_item`)."""
    if _blank(value):
        return None
    kind = VARIABLES.get(key)
    if kind in ("standard", "number"):
        return read_text(value)[0] if read_text(value)[0] is not None else value
    if kind == "name":
        names, why = read_names(value)
        return [_norm_name(n) for n in names] if names is not None and not why else value
    if kind == "date":
        date, _ = read_date(value)
        return date if date is not None else value
    if key == "id":
        return str(value)
    return value
