"""The one mapping between BibTeX, BibLaTeX and CSL: entry types and fields, both directions.

:data:`FIELDS` is a list of rows. Each row maps a CSL variable (or one of citekit's arXiv
fields) to its classic BibTeX name, its BibLaTeX name, the other names a reader accepts,
how the value is coded (``kind``) and, when the mapping depends on the entry type, the
.bib types it is for (biber's and citation-js's per-type choices: ``school`` is a
thesis's publisher, ``number`` is an article's issue but a book's number in its series).
The first row that fits a field name and entry type wins. A variable held in a named
:class:`~citekit.model.Entry` field names it in ``entry``; every other variable lives in
``Entry.vars`` under its CSL name, in CSL-JSON form.

:data:`TYPES` pairs .bib entry types with CSL types; :data:`BIBTEX_TYPE` and
:data:`BIBLATEX_TYPE` give the type written for each CSL type. :data:`BIBLATEX_ACCEPTS`
(built on first use) is the fields each biblatex entry type takes, derived from the data
model generated out of biblatex's own ``blx-dm.def`` (``check/data/biblatex-dm.json``, the
table ``citekit check`` uses too), so that biber's ``--validate-datamodel`` finds nothing to
complain about; :data:`BIBLATEX_LEGACY_DATE_PARTS` is its one deliberate difference.

The reader, both writers and the round-trip measurement use these tables only.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FieldMap", "FIELDS", "READ_FIELDS", "TYPES", "BIBTEX_TYPE", "BIBLATEX_TYPE", "BIBLATEX_ACCEPTS",
    "MONTHS", "VERBATIM", "GENRE_FROM_KEY", "GENRE_TO_KEY", "STATUS_FROM_KEY", "STRUCTURAL", "read_field", "write_field", "bib_to_csl_type", "csl_to_bib_type",
    "biblatex_accepts", "biblatex_accepts_table", "biblatex_datamodel", "type_group", "BIBER_TYPE_ALIASES",
    "BIBLATEX_LEGACY_DATE_PARTS", "DATAMODEL_PATH", "biblatex_fields",
]

# -- type groups (lower-case .bib types) ----------------------------------------------

# biblatex's @review has @article's fields (blx-dm.def): its number is the issue's.
_ARTICLE = frozenset({"article", "periodical", "suppperiodical", "review"})
_IN_BOOK = frozenset({"inbook", "incollection", "inproceedings", "conference", "bookinbook", "suppbook",
                      "suppcollection", "inreference"})
_BOOKISH = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
                      "reference", "mvreference"}) | _IN_BOOK
_THESIS = frozenset({"phdthesis", "mastersthesis", "thesis"})
_REPORT = frozenset({"techreport", "report"})
_MANUAL = frozenset({"manual"})
_MISCISH = frozenset({"misc", "booklet", "unpublished", "online", "www", "electronic", "software", "dataset"})


@dataclass(frozen=True, slots=True)
class FieldMap:
    """One CSL variable and its .bib names; ``kind`` says how the value is coded.

    Kinds: ``text`` (LaTeX decoded / encoded), ``title`` (encoded and case-protected),
    ``verbatim`` (as is: DOIs, URLs, ids), ``pages`` (``1-10`` <-> ``1--10``), ``names``
    (a BibTeX name list), ``date`` (``year``/``month`` or a biblatex date). ``bibtex`` or
    ``biblatex`` None: that dialect has no field for it. ``types`` empty: every type.
    """

    csl: str
    bibtex: str | None
    biblatex: str | None
    kind: str = "text"
    aliases: tuple[str, ...] = ()
    types: frozenset[str] = frozenset()
    entry: str | None = None  # the Entry attribute holding it; None: Entry.vars[csl]

    def names(self) -> tuple[str, ...]:
        """Every lower-case .bib name a reader takes for this row."""
        return tuple(dict.fromkeys(n.lower() for n in (self.bibtex, self.biblatex, *self.aliases) if n))


def _f(csl: str, bibtex: str | None, biblatex: str | None = "=", kind: str = "text", *, aliases: tuple[str, ...] = (),
       types: frozenset[str] = frozenset(), entry: str | None = None) -> FieldMap:
    return FieldMap(csl, bibtex, bibtex if biblatex == "=" else biblatex, kind, aliases, types, entry)


FIELDS: tuple[FieldMap, ...] = (
    _f("title", "title", kind="title", entry="title"),
    _f("author", "author", kind="names", entry="author"),
    _f("issued", "year", "date", "date", aliases=("month", "day"), entry="issued"),
    _f("container-title", "journal", "journaltitle", "text", aliases=("journaltitle",), types=_ARTICLE,
       entry="container_title"),
    _f("container-title", "booktitle", "booktitle", "text", aliases=("journal", "journaltitle"), entry="container_title"),
    _f("editor", "editor", kind="names"),
    _f("translator", "translator", kind="names"),
    _f("container-author", "bookauthor", kind="names"),
    _f("volume", "volume", entry="volume"),
    _f("issue", "number", "number", aliases=("issue",), types=_ARTICLE, entry="issue"),
    _f("collection-number", "number", types=_BOOKISH),
    _f("number", "eid", types=_ARTICLE, entry="number"),
    _f("number", "number", entry="number"),
    _f("page", "pages", kind="pages", entry="page"),
    _f("publisher", "school", "institution", aliases=("school", "institution", "publisher"), types=_THESIS,
       entry="publisher"),
    _f("publisher", "institution", aliases=("publisher",), types=_REPORT, entry="publisher"),
    _f("publisher", "organization", aliases=("publisher",), types=_MANUAL, entry="publisher"),
    _f("publisher", "howpublished", "howpublished", aliases=("publisher", "organization"), types=_MISCISH,
       entry="publisher"),
    _f("publisher", "publisher", aliases=("organization", "institution", "school"), entry="publisher"),
    _f("publisher-place", "address", "location", aliases=("location",)),
    _f("edition", "edition"),
    _f("collection-title", "series"),
    _f("chapter-number", "chapter"),
    _f("event-title", "eventtitle"),
    _f("event-place", "venue"),
    _f("event-date", "eventdate", kind="date"),
    _f("accessed", "urldate", kind="date"),
    _f("original-date", "origdate", kind="date"),
    _f("original-title", "origtitle"),
    _f("original-publisher", "origpublisher"),
    _f("original-publisher-place", "origlocation"),
    _f("status", "pubstate"),
    _f("genre", "type"),
    _f("number-of-pages", "pagetotal"),
    _f("number-of-volumes", "volumes"),
    _f("version", "version"),
    _f("language", "language", aliases=("langid", "hyphenation")),  # biblatex.def maps hyphenation to langid
    _f("keyword", "keywords"),
    _f("annote", "annote", "annotation", aliases=("annotation",)),
    _f("abstract", "abstract", entry="abstract"),
    _f("note", "note", entry="note"),
    _f("title-short", "shorttitle"),
    _f("container-title-short", "shortjournal"),
    _f("ISBN", "isbn", kind="verbatim"),
    _f("ISSN", "issn", kind="verbatim"),
    _f("PMID", "pmid", kind="verbatim"),
    _f("PMCID", "pmcid", kind="verbatim"),
    _f("DOI", "doi", kind="verbatim", entry="DOI"),
    _f("URL", "url", kind="verbatim", entry="URL"),
    _f("arxiv-id", "eprint", kind="verbatim", entry="arxiv_id"),
    _f("arxiv-primary-class", "primaryClass", "eprintclass", "verbatim", aliases=("primaryclass",),
       entry="primary_class"),
)

#: Fields that shape the file, not the record: kept in the .bib, never mapped or listed in a note.
STRUCTURAL = frozenset({"crossref", "xdata", "xref", "ids", "entryset", "archiveprefix", "eprinttype", "subtitle",
                        "titleaddon", "options", "key", "sortkey", "presort", "sortname", "sorttitle", "sortyear",
                        "label", "shorthand", "execute", "related", "relatedtype", "relatedstring",
                        "relatedoptions", "entrysubtype", "langidopts"})

#: Lower-case .bib field name -> the rows that read it, in table order.
READ_FIELDS: dict[str, tuple[FieldMap, ...]] = {}
for _row in FIELDS:
    for _name in _row.names():
        READ_FIELDS[_name] = READ_FIELDS.get(_name, ()) + (_row,)
del _row, _name

#: Fields whose value is never LaTeX (read and written as they stand); verba-verbc are the
#: data model's verbatim fields, which a CSL note line may carry into a BibLaTeX entry.
VERBATIM = frozenset({"doi", "url", "eprint", "file", "urldate", "isbn", "issn", "eprinttype", "pmid", "pmcid",
                      "archiveprefix", "primaryclass", "eprintclass", "date", "year", "month", "eventdate",
                      "origdate", "crossref", "xdata", "ids", "langid", "verba", "verbb", "verbc"})


#: biblatex's "unsupported types" (manual, 2.1.3): the standard styles print them with the @misc driver, so a
#: field of @misc (howpublished) is read in them as in @misc (pandoc does the same).
AS_MISC = frozenset({"artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal",
                     "letter", "movie", "music", "performance", "review", "video"})


@functools.lru_cache(maxsize=4096)
def read_field(name: str, bibtype: str) -> FieldMap | None:
    """The row that reads field ``name`` in an entry of .bib type ``bibtype`` (both any case)."""
    rows = READ_FIELDS.get(name.lower())
    if not rows:
        return None
    t = bibtype.lower()
    if t in AS_MISC and name.lower() == "howpublished":
        t = "misc"
    for row in rows:
        if not row.types or t in row.types:
            return row
    return None


#: CSL variable -> rows that write it, in table order.
_WRITE: dict[str, tuple[FieldMap, ...]] = {}
for _row in FIELDS:
    _WRITE[_row.csl] = _WRITE.get(_row.csl, ()) + (_row,)
del _row


@functools.lru_cache(maxsize=4096)
def write_field(csl: str, bibtype: str, dialect: str) -> str | None:
    """The .bib field that holds CSL variable ``csl`` in a ``bibtype`` entry of ``dialect``, or None."""
    t = bibtype.lower()
    for row in _WRITE.get(csl, ()):
        if row.types and t not in row.types:
            continue
        name = row.biblatex if dialect == "biblatex" else row.bibtex
        if name is None:
            continue
        if dialect == "biblatex" and not biblatex_accepts(t, name):
            return None
        return name
    return None


# -- entry types -----------------------------------------------------------------------

#: (.bib type, CSL type) for reading; a CSL ``genre`` refines thesis types when written.
TYPES: tuple[tuple[str, str], ...] = (
    ("article", "article-journal"),
    ("inproceedings", "paper-conference"),
    ("conference", "paper-conference"),
    ("incollection", "chapter"),
    ("inbook", "chapter"),
    ("bookinbook", "chapter"),
    ("suppbook", "chapter"),
    ("suppcollection", "chapter"),
    ("book", "book"),
    ("mvbook", "book"),
    ("collection", "book"),
    ("mvcollection", "book"),
    ("proceedings", "book"),
    ("mvproceedings", "book"),
    ("reference", "book"),
    ("mvreference", "book"),
    ("inreference", "entry-encyclopedia"),
    ("phdthesis", "thesis"),
    ("mastersthesis", "thesis"),
    ("thesis", "thesis"),
    ("techreport", "report"),
    ("report", "report"),
    # CSL has no manual type: a book, as pandoc and Zotero's BibTeX import read it (documentation, style manuals).
    ("manual", "book"),
    ("booklet", "pamphlet"),
    ("unpublished", "manuscript"),
    ("online", "webpage"),
    ("www", "webpage"),
    ("electronic", "webpage"),
    ("software", "software"),
    ("dataset", "dataset"),
    ("patent", "patent"),
    ("periodical", "periodical"),
    ("suppperiodical", "article-journal"),
    ("standard", "standard"),
    ("misc", "document"),
    # biblatex's types its standard styles leave to others (blx-dm.def declares them), read as
    # pandoc reads them; where CSL 1.0.2 has the type itself (performance, standard) it is taken.
    ("artwork", "graphic"),
    ("image", "graphic"),
    ("audio", "song"),
    ("music", "song"),
    ("movie", "motion_picture"),
    ("video", "motion_picture"),
    ("commentary", "book"),
    ("jurisdiction", "legal_case"),
    ("legislation", "legislation"),
    ("legal", "treaty"),
    ("letter", "personal_communication"),
    ("performance", "performance"),
    ("review", "review"),
    # biblatex-apa's own types
    ("data", "dataset"),
    ("letters", "personal_communication"),
    ("newsarticle", "article-newspaper"),
)

_BIB_TO_CSL = dict(TYPES[::-1])  # the first pair wins

#: CSL type -> classic BibTeX type (types not listed: ``misc``).
BIBTEX_TYPE: dict[str, str] = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "review-book": "article", "periodical": "article",
    "paper-conference": "inproceedings", "chapter": "incollection", "entry-encyclopedia": "incollection",
    "entry-dictionary": "incollection", "book": "book", "classic": "book", "thesis": "phdthesis",
    "report": "techreport", "manuscript": "unpublished", "pamphlet": "booklet",
}

#: CSL type -> BibLaTeX type (types not listed: ``misc``).
BIBLATEX_TYPE: dict[str, str] = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "review-book": "article", "periodical": "periodical",
    "paper-conference": "inproceedings", "chapter": "incollection", "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference", "book": "book", "classic": "book", "thesis": "thesis",
    "report": "report", "manuscript": "unpublished", "pamphlet": "booklet", "webpage": "online",
    "post": "online", "post-weblog": "online", "software": "software", "dataset": "dataset", "patent": "patent",
    "article": "online",
}


def bib_to_csl_type(bibtype: str, fields: dict[str, str] | None = None) -> str:
    """The CSL type for a .bib entry type (``document`` for types not in the table); with the entry's
    ``fields``, an article's ``entrysubtype`` (magazine, newspaper) and an unpublished talk refine it (as pandoc)."""
    bibtype = bibtype.lower()
    if fields:
        subtype = fields.get("entrysubtype", "").strip().lower()
        if bibtype in ("article", "suppperiodical") and subtype in ("magazine", "newspaper"):
            return "article-" + subtype
        if bibtype == "unpublished" and any(fields.get(f) for f in ("eventdate", "eventtitle", "venue")):
            return "speech"
    return _BIB_TO_CSL.get(bibtype, "document")


def csl_to_bib_type(csltype: str, dialect: str = "bibtex", genre: str | None = None) -> str:
    """The .bib entry type for a CSL type in ``dialect`` (``misc`` for types not in the table)."""
    if dialect == "biblatex":
        return BIBLATEX_TYPE.get(csltype, "misc")
    bibtype = BIBTEX_TYPE.get(csltype, "misc")
    if bibtype == "phdthesis" and genre and "master" in genre.lower():
        return "mastersthesis"
    return bibtype


# -- biblatex's data model: the fields each entry type takes ----------------------------

#: biblatex's data model as ``python -m citekit.check.datamodel`` generates it from blx-dm.def.
DATAMODEL_PATH = Path(__file__).with_name("check") / "data" / "biblatex-dm.json"

#: biber's default type map for .bib files (.bib type -> data model type, the ``type`` it
#: implies): biber validates a ``@phdthesis`` as the ``@thesis`` it reads it as.
BIBER_TYPE_ALIASES: dict[str, tuple[str, str | None]] = {
    "conference": ("inproceedings", None),
    "electronic": ("online", None),
    "mastersthesis": ("thesis", "mathesis"),
    "phdthesis": ("thesis", "phdthesis"),
    "techreport": ("report", "techreport"),
    "www": ("online", None),
}

#: The one deliberate difference between the writer's table and the data model, and why.
#: biber splits each date field into parts (``date`` -> ``year``, ``month``, ``endyear``...;
#: ``eventdate`` -> ``eventyear``...), and blx-dm.def lists the parts, not the date fields:
#: the parts are the entry fields it declares no field for. A .bib states the date, so the
#: writer takes a date field where the model takes that date's year, and none of the parts
#: (biblatex's manual lists them for styles, not for .bib files) except these:
BIBLATEX_LEGACY_DATE_PARTS: dict[str, str] = {
    "year": "a legacy data field (manual 2.2.2): biber reads a BibTeX-style year as the date's year",
    "month": "a legacy data field (manual 2.2.2): biber reads a BibTeX-style month as the date's month",
}


@functools.cache
def biblatex_datamodel() -> dict[str, Any]:
    """The generated data model's JSON (types, fields, entry fields, constraints), read once."""
    return json.loads(DATAMODEL_PATH.read_text(encoding="utf-8"))


@functools.cache
def biblatex_fields(datatype: str) -> frozenset[str]:
    """The fields biber's data model (``blx-dm.def``) declares with ``datatype``: ``name``, ``date``, ``literal``..."""
    return frozenset(name for name, spec in biblatex_datamodel()["fields"].items() if spec.get("datatype") == datatype)


def _writable(taken: frozenset[str], declared: dict[str, Any], dates: tuple[str, ...]) -> frozenset[str]:
    """What a type whose model takes ``taken`` may be written with: date fields, not their parts."""
    parts = {name for name in taken if name not in declared} - BIBLATEX_LEGACY_DATE_PARTS.keys()
    with_dates = {d for d in dates if d[: -len("date")] + "year" in taken}
    return frozenset((taken - parts) | with_dates)


@functools.cache
def biblatex_accepts_table() -> dict[str, frozenset[str]]:
    """biblatex type (and biber's .bib aliases) -> the fields the writer may give it, from the data model."""
    model = biblatex_datamodel()
    declared = model["fields"]
    dates = tuple(name for name, spec in declared.items() if spec["datatype"] == "date")
    every = frozenset(model["entry_fields"].get("*", ()))
    table = {t: _writable(every | frozenset(model["entry_fields"].get(t, ())), declared, dates) for t in model["types"]}
    for alias, (target, _) in BIBER_TYPE_ALIASES.items():
        table[alias] = table[target]
    return table


def __getattr__(name: str) -> Any:
    """``BIBLATEX_ACCEPTS``, built from the data model on first use (so importing bibmap reads no file)."""
    if name == "BIBLATEX_ACCEPTS":
        return biblatex_accepts_table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def biblatex_accepts(bibtype: str, fieldname: str) -> bool:
    """True when biblatex's data model lets a ``bibtype`` entry carry ``fieldname`` (any type it does not know: True)."""
    accepted = biblatex_accepts_table().get(bibtype.lower())
    return accepted is None or fieldname.lower() in accepted


def type_group(bibtype: str) -> str:
    """``article``, ``inbook`` (a part of a book), ``book``, ``thesis``, ``report`` or ``other``."""
    t = bibtype.lower()
    for name, group in (("article", _ARTICLE), ("inbook", _IN_BOOK), ("book", _BOOKISH), ("thesis", _THESIS),
                        ("report", _REPORT)):
        if t in group:
            return name
    return "other"


#: biblatex's localisation keys for ``type`` -> the CSL ``genre`` text, and back.
GENRE_FROM_KEY: dict[str, str] = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
    "bathesis": "Bachelor's thesis", "candthesis": "Candidate thesis", "techreport": "Technical report",
    "resreport": "Research report",
    "software": "Computer software", "datacd": "Data CD", "audiocd": "Audio CD", "patent": "Patent",
    # The patent keys as biblatex's english.lbx prints them.
    "patentde": "German patent", "patenteu": "European patent", "patentfr": "French patent",
    "patentuk": "British patent", "patentus": "U.S. patent", "patreq": "Patent request",
    "patreqde": "German patent request", "patreqeu": "European patent request",
    "patreqfr": "French patent request", "patrequk": "British patent request", "patrequs": "U.S. patent request",
}
#: biblatex's ``pubstate`` keys as english.lbx prints them (CSL ``status``); other values stay as written.
STATUS_FROM_KEY: dict[str, str] = {
    "inpreparation": "in preparation", "submitted": "submitted", "forthcoming": "forthcoming",
    "inpress": "in press", "prepublished": "pre-published",
}
GENRE_TO_KEY: dict[str, str] = {v.lower(): k for k, v in GENRE_FROM_KEY.items() if k != "mastersthesis"}

#: BibTeX's month macros, in order.
from .months import MONTHS  # noqa: E402 (re-exported: the writers and readers took it from here)


#: babel/polyglossia language names (biblatex ``langid``, ``hyphenation``) -> BCP 47 tags, as pandoc's
#: ``toIETF`` maps them for CSL ``language`` (``ngerman`` -> ``de-DE``). A name not listed stays as written.
LANGID_BCP47: dict[str, str] = {
    "american": "en-US", "english": "en-US", "usenglish": "en-US", "british": "en-GB", "ukenglish": "en-GB",
    "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ", "german": "de-DE", "ngerman": "de-DE",
    "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR",
    "francais": "fr-FR", "canadien": "fr-CA", "acadian": "fr-CA", "italian": "it-IT", "spanish": "es-ES",
    "mexican": "es-MX", "portuguese": "pt-PT", "portuges": "pt-PT", "brazil": "pt-BR", "brazilian": "pt-BR",
    "dutch": "nl-NL", "flemish": "nl-BE", "polish": "pl-PL", "russian": "ru-RU", "ukrainian": "uk-UA",
    "czech": "cs-CZ", "slovak": "sk-SK", "swedish": "sv-SE", "danish": "da-DK", "norsk": "nb-NO",
    "norwegian": "nb-NO", "bokmal": "nb-NO", "nynorsk": "nn-NO", "finnish": "fi-FI", "greek": "el-GR",
    "polutonikogreek": "el-GR", "latin": "la", "hungarian": "hu-HU", "magyar": "hu-HU", "turkish": "tr-TR",
    "catalan": "ca-AD", "croatian": "hr-HR", "slovene": "sl-SI", "slovenian": "sl-SI", "serbian": "sr-RS",
    "romanian": "ro-RO", "bulgarian": "bg-BG", "estonian": "et-EE", "latvian": "lv-LV", "lithuanian": "lt-LT",
    "icelandic": "is-IS", "irish": "ga-IE", "welsh": "cy-GB", "basque": "eu-ES", "galician": "gl-ES",
    "afrikaans": "af-ZA", "indonesian": "id-ID", "bahasa": "id-ID", "malay": "ms-MY", "vietnamese": "vi-VN",
    "thai": "th-TH", "hindi": "hi-IN", "persian": "fa-IR", "farsi": "fa-IR", "arabic": "ar", "hebrew": "he-IL",
    "chinese": "zh-CN", "japanese": "ja-JP", "korean": "ko-KR", "armenian": "hy-AM", "albanian": "sq-AL",
    "macedonian": "mk-MK", "mongolian": "mn-MN", "georgian": "ka-GE", "esperanto": "eo", "interlingua": "ia",
    "sanskrit": "sa", "syriac": "syr", "coptic": "cop", "ancientgreek": "grc",
}


def bcp47(language: str) -> str:
    """A ``langid``/``language`` value as a BCP 47 tag when it names a babel language; otherwise as it is."""
    return LANGID_BCP47.get(language.strip().lower(), language)


def field_note_line(name: str, text: str) -> str:
    """The CSL note line that keeps a .bib field no mapping reads: ``name: text``, or ``tex.name: text``
    (Better BibTeX's form) when ``name`` is a CSL text, number or date variable, so that no CSL processor reads
    it as that variable (biblatex-apa's ``issue`` of a @report is no CSL issue); the .bib writer reads both back.

    A field named as a CSL role (biblatex-apa's ``narrator``, a style package's ``director``) names the people
    in that role in both models: its line stays one a processor reads as the role."""
    from .csl import VARIABLES  # csl reads the model, which reads nothing of this table

    kind = VARIABLES.get(name)
    return f"tex.{name}: {text}" if kind is not None and kind != "name" else f"{name}: {text}"
