"""The BibTeX / BibLaTeX <-> Entry mapping, both directions from one table.

:data:`FIELDS` names, for each Entry field, its BibTeX name, its BibLaTeX name, other
names a reader accepts, and how the value is coded (``kind``). :data:`TYPES` pairs
.bib entry types with CSL types. The reader and both writers use these tables only.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FieldMap", "FIELDS", "TYPES", "READ_FIELDS", "bib_to_csl_type", "csl_to_bib_type", "MONTHS", "VERBATIM"]


@dataclass(frozen=True, slots=True)
class FieldMap:
    """One Entry field and its .bib names; ``kind`` says how the value is coded.

    Kinds: ``text`` (LaTeX-encoded), ``title`` (encoded and case-protected),
    ``verbatim`` (written as is: DOIs, URLs, ids), ``pages`` (``1-10`` <-> ``1--10``).
    """

    entry: str
    bibtex: str | None
    biblatex: str | None
    kind: str = "text"
    aliases: tuple[str, ...] = ()


FIELDS: tuple[FieldMap, ...] = (
    FieldMap("title", "title", "title", "title"),
    FieldMap("container_title", "journal", "journaltitle", "title", ("booktitle",)),
    FieldMap("volume", "volume", "volume"),
    FieldMap("issue", "number", "number"),
    FieldMap("page", "pages", "pages", "pages"),
    FieldMap("publisher", "publisher", "publisher"),
    FieldMap("DOI", "doi", "doi", "verbatim"),
    FieldMap("URL", "url", "url", "verbatim"),
    FieldMap("arxiv_id", "eprint", "eprint", "verbatim"),
    FieldMap("primary_class", "primaryClass", "eprintclass", "verbatim", ("primaryclass",)),
    FieldMap("note", "note", "note"),
    FieldMap("abstract", "abstract", "abstract"),
)

#: Lower-cased .bib field name -> its FieldMap (BibTeX, BibLaTeX and alias names).
READ_FIELDS: dict[str, FieldMap] = {}
for _f in FIELDS:
    for _name in (_f.bibtex, _f.biblatex, *_f.aliases):
        if _name:
            READ_FIELDS.setdefault(_name.lower(), _f)
del _f, _name

#: Fields whose value is never LaTeX (read and written as they stand).
VERBATIM = frozenset({"doi", "url", "eprint", "file", "urldate", "isbn", "issn", "eprinttype",
                      "archiveprefix", "primaryclass", "eprintclass", "date", "year", "month"})

#: (.bib type, CSL type); the first pair with a CSL type gives the type written for it.
TYPES: tuple[tuple[str, str], ...] = (
    ("article", "article-journal"),
    ("inproceedings", "paper-conference"),
    ("conference", "paper-conference"),
    ("incollection", "chapter"),
    ("inbook", "chapter"),
    ("book", "book"),
    ("proceedings", "book"),
    ("phdthesis", "thesis"),
    ("mastersthesis", "thesis"),
    ("thesis", "thesis"),
    ("techreport", "report"),
    ("report", "report"),
    ("manual", "report"),
    ("unpublished", "manuscript"),
    ("online", "webpage"),
    ("software", "software"),
    ("dataset", "dataset"),
    ("misc", "article"),
)

_BIB_TO_CSL = {}
for _bib, _csl in TYPES:
    _BIB_TO_CSL.setdefault(_bib, _csl)
_CSL_TO_BIB = {}
for _bib, _csl in TYPES:
    _CSL_TO_BIB.setdefault(_csl, _bib)
del _bib, _csl

#: BibTeX's month macros, in order.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bib_to_csl_type(bibtype: str) -> str:
    """The CSL type for a .bib entry type (``article`` for types not in the table)."""
    return _BIB_TO_CSL.get(bibtype.lower(), "article")


def csl_to_bib_type(csltype: str) -> str:
    """The .bib entry type for a CSL type (``misc`` for types not in the table)."""
    return _CSL_TO_BIB.get(csltype, "misc")
