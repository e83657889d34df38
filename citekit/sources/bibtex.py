"""Reader for BibTeX / BibLaTeX, faithful to the file.

The text is split as BibTeX and biber read it (:mod:`citekit.bibscan`, the one .bib scanner): what
``%`` comments out stays a comment, braces are counted regardless of backslashes, an
unreadable block is kept verbatim (and reported) instead of being cut. Each entry
becomes an Entry through the one mapping table (:mod:`citekit.bibmap`): LaTeX decoded
(:func:`citekit.latex.decode`; titles keep ``\\emph`` as CSL ``<i>``), names split with
BibTeX's grammar into CSL parts (``von`` -> non-dropping particle, ``Jr.`` -> suffix,
``{Barnes and Noble}`` -> one literal, ``and others``), dates with biblatex's ranges,
seasons, circa and BCE years. Variables with no named Entry field go to ``Entry.vars``
in CSL-JSON form; fields with no CSL counterpart become ``key: value`` lines of the CSL
``note`` (``vars["note"]``), as Zotero and citation-js keep them.

``entry.extra["bibtex"]`` keeps the entry as written (type spelling, key, every field
in order, raw values with their ``@string`` references and trailing ``%`` comments, the
raw text) and a snapshot of what was read, so that the writer gives back an entry the
pipeline did not change byte for byte. ``crossref`` and ``xdata`` children inherit
their parents' fields as biber does (a book's title becomes a chapter's container
title), for CSL and styled output only: the .bib keeps the crossref.

Speed: a value with no TeX in it is not decoded at all, and decoded values and parsed
names are cached.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .. import bibmap, inherit, textcase
from ..bibmap import STRUCTURAL, VERBATIM, bib_to_csl_type, read_field
from ..hashset import fingerprint
from ..ids import parse_arxiv_id, parse_doi
from ..journal_macros import AAS_JOURNALS
from ..preamble import definitions, expand_commands
from ..latex import active_tex, decode
from ..limits import ExpansionBudget, LimitError, check_entry_count
from ..months import MONTH_NUMBERS
from ..model import ENTRY_FIELDS, Entry, Library, Name, PartialDate, Problem, Provenance, Verbatim
from .. import bibscan as bs
from ..bibscan import expand

__all__ = ["READER", "BibtexReader", "split_names", "expand", "parse_date", "snapshot"]

# "(" delimiters are legal BibTeX but also open Python decorators (@dataclass(slots=True)):
# they count only when followed by a key and a comma, like @article(key, ...).
# "^[^\S\n]*", not "^\s*": "\s*" runs from every line start over all the blank lines after
# it, quadratic in a run of them; the count of entry starts is the same.
_ENTRY_START = re.compile(r"^[^\S\n]*@\s*[A-Za-z]+\s*(?:\{|\(\s*[^,\s=()]*\s*,)", re.M)
# A key holds no brace or parenthesis (BibTeX's rule), so the scan for its comma stops at the
# next entry's opener: "[^,\s]*" ran from every "@" to the end of "@a{}@a{}..." (quadratic).
_STRING_DEFINITION = re.compile(r"^[^\S\n]*@\s*string\s*[{(]\s*[A-Za-z][^\s=#{}(),\"]*\s*=", re.M | re.I)
_KEYED_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*[^,\s{}()]*\s*,")
#: The fields that name a paper, for key reuse: what merge's identity and its checks read.
_IDENTITY_FIELDS = frozenset({"title", "author", "year", "date", "month", "doi", "eprint", "archiveprefix",
                              "eprinttype", "primaryclass", "crossref", "xdata",
                              "options"})  # useprefix decides whether a von part is part of the family name
_URL_FIELDS = frozenset({"doi", "url", "eprint", "file", "verba", "verbb", "verbc"})  # biblatex's verbatim fields
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#])")
#: Title-like CSL variables whose font commands become CSL rich text.
#: Variables where NASA ADS writes a journal as an AAS macro (``journal = {\\apj}``).
_JOURNAL_VARS = frozenset({"container-title", "collection-title", "container-title-short", "publisher"})
_JOURNAL_MACRO = re.compile(r"\\(" + "|".join(sorted(AAS_JOURNALS, key=len, reverse=True)) + r")(?![A-Za-z@])\s*(?:\{\})?")


def _journal_macro(m: re.Match) -> str:
    # {} keeps the abbreviation's case and spacing as typeset; & is escaped for the decoder.
    return "{" + AAS_JOURNALS[m.group(1)].replace("&", "\\&") + "}"


_RICH = frozenset({"title", "container-title", "collection-title", "original-title", "event-title", "title-short",
                   "abstract"})


def split_names(value: str) -> tuple[list[Name], bool]:
    """BibTeX names (still LaTeX) as Names, and whether the list ended in ``and others``."""
    names: list[Name] = []
    et_al = False
    for raw in _split_persons(value):
        raw = raw.strip()
        if not raw:
            continue
        if raw.lower() == "others":
            et_al = True
            continue
        name = _one_name(raw)
        if name is not None:
            names.append(name)
    return names, et_al


# "(?<!\s)": a match starts where a run of white space starts; tried from inside a long run
# too, "\s+" rescans the rest of it each time (quadratic: 80,000 spaces after a name).
_AND = re.compile(r"(?<![ \t\r\n])[ \t\r\n]+and[ \t\r\n]+", re.I)


def _split_persons(value: str) -> list[str]:
    """The names of a name list, split on ``and`` outside braces (bibtexparser's rule, fast for plain text)."""
    if "{" in value or "\\" in value:
        from bibtexparser.middlewares.names import split_multiple_persons_names

        return split_multiple_persons_names(value)
    value = value.strip(" \r\n\t")
    return _AND.split(value) if value else []


def _plain_parts(raw: str) -> tuple[list[str], list[str], list[str], list[str]] | None:
    """(first, von, last, jr) words of a name with no braces, backslashes or ties, by BibTeX's rules.

    The same answer as bibtexparser's ``parse_single_name_into_parts`` for such names, without
    its character loop; None when the name needs that loop.
    """
    if "{" in raw or "}" in raw or "\\" in raw or "~" in raw or raw.count(",") > 2:
        return None
    sections = [part.split() for part in raw.split(",")]
    if not sections[-1]:
        sections.pop()
    if not sections or [] in sections:  # no words, or an empty part between commas
        return None
    lower = _starts_lower
    if len(sections) == 1:
        words = sections[0]
        if len(words) == 1:
            return [], [], words, []
        if len(words) == 2:
            return words[:1], [], words[1:], []
        lowers = [i for i, w in enumerate(words) if lower(w)]
        if not lowers:
            return words[:-1], [], words[-1:], []
        first_l, last_l = lowers[0], lowers[-1]
        if last_l == len(words) - 1:
            last_l -= 1
        if last_l < first_l:
            # Only the last word is lower case: bibtexparser's slices then give an empty von part.
            return words[:first_l], [], words[first_l:], []
        return words[:first_l], words[first_l : last_l + 1], words[last_l + 1 :], []
    first = sections[-1]
    jr = sections[1] if len(sections) == 3 else []
    last = sections[0]
    if len(last) == 1:
        return first, [], last, jr
    split = 0
    for i in range(len(last) - 2, -1, -1):
        if lower(last[i]):
            split = i + 1
            break
    return first, last[:split], last[split:], jr


def _starts_lower(word: str) -> bool:
    """BibTeX's von test: the word's first letter is lower case (False with no letter)."""
    for ch in word:
        if ch.isalpha():
            return ch.islower()
    return False


#: biblatex's extended name format: ``family=Wood, given=Henry, prefix=de, useprefix=true``.
_EXTENDED_NAME = re.compile(r"^\s*(?:family|given|prefix|suffix|useprefix|title|given-i|family-i)\s*=", re.I)


def _extended_name(raw: str) -> Name | None:
    """A name in biblatex's extended format (biber's data model), keys at brace depth 0 split on commas."""
    parts: dict[str, str] = {}
    depth, start = 0, 0
    pieces = []
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            pieces.append(raw[start:i])
            start = i + 1
    pieces.append(raw[start:])
    for piece in pieces:
        key, sep, value = piece.partition("=")
        if sep:
            parts[key.strip().lower()] = decode(value.strip())
    family, given = parts.get("family"), parts.get("given")
    if not family and not given:
        return None
    prefix = parts.get("prefix") or None
    use = parts.get("useprefix", "").lower() == "true"
    if not family:
        return Name(literal=given)
    return Name(family=family, given=given or None, non_dropping_particle=prefix if use else None,
                dropping_particle=None if use else prefix, suffix=parts.get("suffix") or None)


#: ``{\'{E}}``, an accent with its letter braced (as BibDesk writes it). BibTeX takes a special character's
#: case from the first letter in it at any depth (bibtex.web, ``von_token_found``), so ``{\'{E}}adaoin``
#: is a first name; bibtexparser looks only at depth 1 and reads it as a von part. Written ``{\'E}``,
#: the same TeX, both agree.
_ACCENT_BRACED = re.compile(r"\{(\\[^A-Za-z\s{}])\{([^\W\d_])\}\}")


@functools.lru_cache(maxsize=16384)
def _one_name(raw: str) -> Name | None:
    """One BibTeX name as a Name with CSL parts (None when it has no text); cached, as files repeat authors."""
    if "=" in raw and _EXTENDED_NAME.match(raw):
        return _extended_name(raw)
    plain = _plain_parts(raw)
    if plain is not None:
        first, von, last, jr = plain
        return Name(family=" ".join(last), given=" ".join(first) or None, non_dropping_particle=" ".join(von) or None,
                    suffix=" ".join(jr) or None) if last else None
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(_ACCENT_BRACED.sub(r"{\1\2}", raw), strict=False)
    except Exception:  # bibtexparser raises on oddities such as too many commas
        return Name(literal=decode(raw))
    if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 \
            and parts.last[0].startswith("{") and parts.last[0].endswith("}"):
        literal = decode(parts.last[0])
        return Name(literal=literal) if literal else None
    family = decode(" ".join(parts.last))
    given = decode(" ".join(parts.first)) or None
    von = decode(" ".join(parts.von)) or None
    suffix = decode(" ".join(parts.jr)) or None
    if family:
        return Name(family=family, given=given, non_dropping_particle=von, suffix=suffix, comma_suffix=False)
    if von:
        return Name(family=von, given=given, suffix=suffix)
    if given:
        return Name(literal=given)
    return None


# -- dates ------------------------------------------------------------------------------

_EDTF_ONE = re.compile(r"^(?P<year>-\d{1,4}|\d{4}|[\dX]{4})(?:-(?P<month>\d\d|XX))?(?:-(?P<day>\d\d|XX))?"
                       r"(?:T[\d:]+(?:Z|[+-][\d:]+)?)?(?P<q>[~?%]?)$")
_YEAR_RANGE_END = re.compile(r"(?:-{1,3}|–|/)\s*(\d{4})")
#: Variables a note line never sets (the entry's own structure says them).
#: Fields that are lists: given twice, their values are joined.
_LIST_FIELDS = frozenset({"keywords", "keyword", "mendeley-tags", "groups"})
_NAMED = {row.csl: row.entry for row in bibmap.FIELDS if row.entry}
_NEVER_FROM_NOTE = frozenset({"note", "type", "id", "citation-key", "title", "author", "issued"})
_WHOLE_BOOKS = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference",
                          "mvreference", "periodical"})
#: biblatex's literal lists (blx-dm.def); howpublished, a thesis's type and the rest are fields, "and" and all.
_LITERAL_LISTS = frozenset({"publisher", "location", "address", "institution", "school", "organization"})
_AND_LIST = re.compile(r"\s+and\s+", re.I)


def _top_level_and(value: str) -> list[str]:
    """``value`` split at each `` and `` outside braces (a name list's separator, also a literal list's)."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", value, re.I):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(value[start:m.start()])
            start = m.end()
    parts.append(value[start:])
    return parts


_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_URL_ONLY = re.compile(r"\{?\\url\s*\{([^{}]+)\}\}?")
_ISO_YEAR = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_EPRINT_URLS = {"jstor": "https://www.jstor.org/stable/", "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
                "googlebooks": "https://books.google.com?id="}
_SERIES_KEYS = {"newseries": "new series", "oldseries": "old series"}


#: biblatex's editor roles (``editortype``, ``editoratype``...; english.lbx keys) that name a CSL 1.0.2 role.
#: biblatex's ``organizer`` is "similar to editor but used if the task of the editor is mainly organizing"
#: (manual, 2.3.6): a work's editor (ABNT's "org."), not CSL's organizer "of an event", so it stays CSL's editor.
_ROLE_VARS = {"editor": "editor", "compiler": "compiler", "collaborator": "contributor", "organizer": "editor",
              "director": "director", "producer": "producer", "narrator": "narrator", "reader": "narrator",
              "curator": "curator", "host": "host", "performer": "performer", "illustrator": "illustrator",
              "translator": "translator", "chair": "chair", "interviewer": "interviewer"}


def _editor_roles(entry: Entry, values: dict[str, str], note_lines: list[str], derived: list[str]) -> list[str]:
    """``editor`` with ``editortype = {director}`` is CSL's director, ``editora`` with ``editoratype =
    {compiler}`` its compiler...; the note lines that are left. A role CSL has no variable for stays as it is."""
    for field in ("editor", "editora", "editorb", "editorc"):
        text = values.get(field, "").strip()
        var = _ROLE_VARS.get(values.get(field + "type", "").strip().lower() or ("editor" if field == "editor" else ""))
        if not text or var is None or (field == "editor" and var == "editor") or var in entry.vars:
            continue
        if field == "editor":
            if "editor" not in entry.vars:
                continue  # inherited or not read as names: left as it is
            entry.vars[var] = entry.vars.pop("editor")
        else:
            people, _ = split_names(text)
            if not people:
                continue
            entry.vars[var] = [p.to_csl() for p in people]
        drop = {f"{field}: {decode(text)}", f"{field}type: {decode(values.get(field + 'type', ''))}"}
        note_lines = [line for line in note_lines if line not in drop]
        derived.append("vars:" + var)
    return note_lines


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th ... (English ordinals, as biblatex's english.lbx writes them)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_PUBLISHERS = frozenset({"school", "institution", "organization", "howpublished", "publisher"})
_PUBLISHER_ORDER = {name: n for n, name in enumerate(("school", "institution", "organization", "howpublished", "publisher"))}
_USE_PREFIX = re.compile(r"(?:^|,)\s*useprefix\s*(?:=\s*true\b|,|$)", re.I)
#: Fields only biblatex reads: a file with them is a biblatex database (biber's defaults, not bibtex's).
_BIBLATEX_FIELD = re.compile(r"^[ \t]*(?:journaltitle|langid|maintitle|entrysubtype|origdate|eprinttype|date)[ \t]*=",
                             re.I | re.M)
_NO_PREFIX = re.compile(r"(?:^|,)\s*useprefix\s*=\s*false\b", re.I)
_UNKNOWN_YEAR = re.compile(r"XXXX(?:-(?:\d\d|XX)){0,2}")
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4, 25: 1, 26: 2, 27: 3, 28: 4}


def _edtf_parts(text: str) -> tuple[list[int], int | None, bool] | None:
    """One EDTF date as (CSL date-parts, season, circa), or None."""
    m = _EDTF_ONE.match(text.strip())
    if m is None or "X" in m.group("year"):
        return None
    year = int(m.group("year"))
    if year <= 0:
        year -= 1  # ISO 8601 year 0 is 1 BCE; CSL counts -1 as 1 BCE
    parts = [year]
    season = None
    month = m.group("month")
    if month and month != "XX":
        mm = int(month)
        if mm in _SEASONS:
            season = _SEASONS[mm]
        elif 1 <= mm <= 12:
            parts.append(mm)
            day = m.group("day")
            if day and day != "XX":
                parts.append(int(day))
        else:
            return None
    return parts, season, bool(m.group("q"))


_TEX_IN_DATE = re.compile(r"[\\{}~]")


def parse_date(fields: dict[str, str], prefix: str = "") -> tuple[PartialDate | None, dict[str, Any] | None]:
    """A biblatex ``{prefix}date`` (or ``year``/``month``/``day``) as a PartialDate and, when that cannot
    say it all (a range, season, circa, BCE or a literal), the CSL date object too."""
    date_text = fields.get(prefix + "date", "").strip()
    if _UNKNOWN_YEAR.fullmatch(date_text):
        return None, None  # EDTF's unspecified year (XXXX), which citekit writes for an undated work: no date
    if date_text:
        pieces = date_text.split("/")
        if len(pieces) <= 2:
            first = _edtf_parts(pieces[0]) if pieces[0] else None
            second = _edtf_parts(pieces[1]) if len(pieces) == 2 and pieces[1] and pieces[1] != ".." else None
            if first is not None and (len(pieces) == 1 or second is not None or pieces[1] in ("", "..")):
                parts, season, circa = first
                if second is not None and (season or second[1]):
                    # A season range: CSL has one "season", so each end keeps its season as a
                    # pseudo-month 13-16 (CSL-JSON's form, which citeproc-js reads).
                    parts = parts + [12 + season] if season else parts
                    second = (second[0] + [12 + second[1]] if second[1] else second[0], None, second[2])
                    season = None
                # An open end (1901/ or 1901/..) is [0], as Zotero, Better BibTeX and citeproc-js write it.
                end = [second[0]] if second else ([[0]] if len(pieces) == 2 else [])
                csl: dict[str, Any] = {"date-parts": [parts] + end}
                if season:
                    csl["season"] = season
                if circa or (second and second[2]):
                    csl["circa"] = True
                partial = _partial(parts)
                if partial is not None and len(csl) == 1 and len(csl["date-parts"]) == 1:
                    return partial, None
                return partial, csl
        # Printed as TeX prints it: "1941-~." has a no-break space, not a tilde (pandoc prints the tilde).
        return None, {"literal": decode(date_text) if _TEX_IN_DATE.search(date_text) else date_text}
    if prefix:
        return None, None
    year_text = fields.get("year", "").strip()
    if _TEX_IN_DATE.search(year_text):
        year_text = decode(year_text)  # {\noopsort{1973c}1981} prints, and is, 1981; "1941-~." a no-break space
    iso = _ISO_YEAR.fullmatch(year_text)
    if iso:
        # year = {2012-06-14}: an ISO date in the year field keeps its month and day (biber and pandoc read it).
        parts = [int(p) for p in iso.groups() if p]
        partial = _partial(parts) or _partial(parts[:1])
        if partial is not None:
            return partial, None
    m = re.search(r"-?\d{1,4}", year_text)
    if not m:
        return None, ({"literal": year_text} if year_text else None)
    year = int(m.group(0))
    month = None
    month_text = fields.get("month", "").strip().lower().rstrip(".")
    if month_text.isdigit():
        month = int(month_text) if 1 <= int(month_text) <= 12 else None
    elif month_text[:3] in MONTH_NUMBERS:
        month = MONTH_NUMBERS[month_text[:3]]
    day = int(fields["day"]) if fields.get("day", "").isdigit() and month else None
    parts = [year] + ([month] if month else []) + ([day] if day else [])
    rest = year_text[m.end():].strip()
    range_end = _YEAR_RANGE_END.fullmatch(rest) if rest else None
    partial = _partial(parts) or _partial(parts[:2]) or _partial(parts[:1])
    if range_end:
        return partial, {"date-parts": [parts, [int(range_end.group(1))]]}
    if rest:
        # 1949/50, 1999 [1997], 2001a: BibTeX prints the year as written, and so does CSL's literal.
        return partial, {"literal": year_text}
    if partial is None or m.start() > 0 and year_text[: m.start()].strip() not in ("", "c.", "ca.", "circa"):
        return partial, {"literal": year_text}
    if partial is not None and year_text[: m.start()].strip():
        return partial, {"date-parts": [partial.parts()], "circa": True}
    return partial, None


def inherited_date(own: dict[str, str], given: dict[str, str]) -> tuple[PartialDate | None, dict[str, Any] | None] | None:
    """A child's date when it states ``year`` (or ``month``) but no ``date`` and its parents give one, as biber
    builds it; None when the child's own date stands as it is.

    biber parses a date into its parts (year, month, day, endyear, ...) before it inherits, and a child takes
    every part it lacks: a ``@book`` with ``year = {1982}`` under an ``@mvbook`` with ``date = {1923/1999}``
    gets endyear 1999 ("1982–1999"; checked with biber 2.18's ``.bbl``), and under ``date = {1923-05}`` month 5.
    A child's own ``date`` takes no part of its parent's date. ``given`` holds the fields its parents give.
    """
    if "date" in own or not any(k in own for k in ("year", "month")):
        return None
    child, child_csl = parse_date(own)
    parent, parent_csl = parse_date(given)
    if child is None or child_csl is not None or (parent is None and parent_csl is None):
        return None  # the child's year is a literal, a range or circa: it stays as written
    if parent_csl is not None and (set(parent_csl) != {"date-parts"} or not parent_csl["date-parts"][0]):
        return None  # a literal, season or circa of the parent is no set of parts
    start = parent_csl["date-parts"][0] if parent_csl is not None else parent.parts()
    end = parent_csl["date-parts"][1:] if parent_csl is not None else []
    mine = child.parts()
    month = mine[1] if "month" in own and len(mine) > 1 else (start[1] if len(start) > 1 else None)
    day = mine[2] if "day" in own and len(mine) > 2 else (start[2] if len(start) > 2 else None)
    parts = [mine[0]] + ([month] if month else []) + ([day] if month and day else [])
    if parts == mine and not end:
        return None
    partial = _partial(parts)
    if partial is None:
        return None
    return partial, ({"date-parts": [parts] + end} if end else None)


def _partial(parts: list[int]) -> PartialDate | None:
    try:
        return PartialDate(*parts[:3])
    except (ValueError, TypeError):
        return None


# -- what the writer compares against --------------------------------------------------


_ENTRY_VALUES = operator.attrgetter(*ENTRY_FIELDS)


def snapshot(entry: Entry) -> list[Any]:
    """``[key, a fingerprint of everything else]`` an entry says: equal exactly when nothing changed.
    Plain JSON values, so that ``--to json`` can show it."""
    # One comprehension over attrgetter's tuple, not a generator resumed per field: this runs for every entry.
    values = tuple([tuple(v) if isinstance(v, list) else v for v in _ENTRY_VALUES(entry)])
    return [entry.key, fingerprint((entry.type, values, sorted(entry.vars.items()) if entry.vars else "",
                                    bool(entry.extra.get("et_al"))))]


#: What an entry's ``extra["bibtex"]`` holds when the key is absent (see :func:`_bib_record`).
BIB_DEFAULTS: dict[str, Any] = {
    "comments": {}, "decoded": {}, "english": True, "sentence": {}, "nocase": {}, "leading": {}, "tail": (),
    "crossref": None, "xdata": None, "inherited": (), "derived": (), "gap": "\n",
}


def _bib_record(block: bs.Entry, origin: str, raw_fields: dict[str, str], values: dict[str, str],
                place: tuple[int, str, int] | None, **optional: Any) -> dict[str, Any]:
    """An entry's ``extra["bibtex"]``: what the writer needs to give it back, each optional part only when it
    differs from :data:`BIB_DEFAULTS`.

    A file of 100,000 bare entries holds 100,000 of these: with every key (21) each took a
    dict of 32 slots and eight empty containers (~1.5 kB); a bare entry's now has 9 keys.
    Readers ask with ``.get(name, BIB_DEFAULTS[name])``. ``place`` is (block number,
    the text before the block, entries before it); ``index`` is kept only where it
    differs from the block number (a file with ``@string`` or ``@comment`` blocks).
    """
    bib: dict[str, Any] = {"type": block.type, "origin": origin, "fields": raw_fields, "raw": block.raw,
                           "key_span": block.key_span, "key": block.key, "line": block.line}
    optional.update(tail=list(block.tail), crossref=values.get("crossref"), xdata=values.get("xdata"))
    for name, value in optional.items():
        # _set_optional spelt out (ten parts of every entry): a fresh record holds none of them to remove.
        default = BIB_DEFAULTS[name]
        if value if isinstance(default, (dict, tuple)) else value != default:
            bib[name] = value
    if place is not None:
        seq, gap, index = place
        bib["seq"] = seq
        _set_optional(bib, "gap", gap, "\n")
        if index != seq:
            bib["index"] = index
    return bib


def _set_optional(bib: dict[str, Any], name: str, value: Any, default: Any) -> None:
    """``bib[name] = value``, or no ``name`` at all when the value is its default (an empty container, True, None)."""
    if (not value) if isinstance(default, (dict, tuple)) else value == default:  # an empty container, or the default
        bib.pop(name, None)
    else:
        bib[name] = value


def _tail_holder(split: list[Any]) -> str | None:
    """What holds the file's text after its last block: ``"entry"``, ``"verbatim"``, or None (no block)."""
    if not split:
        return None
    return "entry" if isinstance(split[-1], bs.Entry) else "verbatim"


def _keep_tail(library: Library, holder: str | None, tail: str) -> None:
    """The file's text after its last block goes with that block (see :func:`_tail_holder`), so the writer can give it back."""
    if holder == "entry":
        library.entries[-1].extra["bibtex"]["file_tail"] = tail
    elif holder == "verbatim":
        library.verbatim[-1].tail = tail


@dataclass(frozen=True, slots=True)
class BibtexReader:
    """BibTeX / BibLaTeX in, entries (with their raw .bib form) and kept blocks out."""

    name: str = "bibtex"
    description: str = "BibTeX / BibLaTeX (.bib)"

    def sniff(self, sample: str) -> float:
        """High when entries like ``@article{key,`` start lines."""
        found = len(_ENTRY_START.findall(sample))
        if not found:
            return 0.0
        # A file of @string definitions (IEEEabrv.bib, after its long prose header) is BibTeX as surely as one
        # of keyed entries.
        return 0.95 if _KEYED_ENTRY.search(sample) or _STRING_DEFINITION.search(sample) else 0.5

    def new_database(self) -> BibDatabase:
        """An empty database for reading several files as one (see :class:`BibDatabase`)."""
        return BibDatabase(self)

    def read(self, text: str, origin: str, database: BibDatabase | None = None) -> Library:
        """Every block of ``text``; an unreadable one is kept verbatim and reported with its line.

        With ``database`` the text is one file of several read as one database (``@string``
        macros of earlier files apply, crossref parents may stand in any file): the caller
        calls ``database.finish`` after the last file. Without it the text is the database.
        """
        library = Library()
        db = database if database is not None else BibDatabase(self)
        strings = db.strings
        budget = ExpansionBudget(origin, len(text))
        count = 0
        seen_keys: set[str] = set()
        failed: list[int] = []  # lines of the blocks not read
        check_entry_count(text, origin)
        split, tail = bs.split_layout(text)
        biblatex = bool(_BIBLATEX_FIELD.search(text))
        tail_to = _tail_holder(split)
        for seq, block in enumerate(split):
            split[seq] = None  # each block let go once read: what the library keeps of it is its own
            if isinstance(block, bs.Entry):
                entry, values = self._entry(block, strings, origin, library, budget, biblatex, (seq, block.gap, count),
                                            db.commands)
                db.add(entry, values)
                if block.key is not None:
                    if block.key in seen_keys:
                        library.problems.append(
                            Problem(f"citation key {block.key!r} was already used above", origin, block.line))
                    seen_keys.add(block.key)
                library.entries.append(entry)
                count += 1
            elif isinstance(block, bs.Macro):
                for name, raw in block.macros:
                    value, unknown = expand(raw, strings, budget, block.line)
                    strings[name.lower()] = value
                    self._unknown(library, unknown, origin, block.line)
                library.verbatim.append(Verbatim("string", block.raw, origin, count, key=block.macros[0][0],
                                                 value=strings[block.macros[0][0].lower()], seq=seq, gap=block.gap))
            elif isinstance(block, bs.Preamble):
                value, _ = expand(block.value, strings, budget, block.line)
                if "\\" in value:
                    db.commands.update(definitions(value))
                library.verbatim.append(Verbatim("preamble", block.raw, origin, count, value=value, seq=seq,
                                                 gap=block.gap))
            elif isinstance(block, bs.Comment):
                library.verbatim.append(Verbatim("comment", block.raw, origin, count, seq=seq, gap=block.gap))
            else:
                what = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else f"@{block.type}"
                # Kept verbatim, so a .bib output has the block exactly as the input had it.
                library.verbatim.append(Verbatim("comment", block.raw, origin, count, seq=seq, gap=block.gap))
                library.problems.append(Problem(
                    f"unreadable .bib block {what!r} not read ({block.reason}); kept as it stands in a .bib output, "
                    "other formats leave it out", origin, block.line))
                failed.append(block.line)
        if failed:
            lines = ", ".join(map(str, failed[:10])) + (", ..." if len(failed) > 10 else "")
            library.problems.append(Problem(
                f"{count} entr{'y' if count == 1 else 'ies'} read, {len(failed)} not read "
                f"(line{'s' if len(failed) > 1 else ''} {lines})", origin))
        _keep_tail(library, tail_to, tail)
        if database is None:
            db.finish(library)
        return library

    def read_identities(self, text: str, origin: str) -> list[Entry]:
        """The keyed entries of ``text`` with only what names the paper: key, title, first author, year, arXiv id, DOI.

        For key reuse (:func:`citekit.keys.reuse_keys`), which reads an existing output on
        every run: the other fields (an abstract, when there is a title) are not decoded.
        """
        library = Library()
        db = BibDatabase(self)
        strings = db.strings
        entries: list[Entry] = []
        budget = ExpansionBudget(origin, len(text))
        check_entry_count(text, origin)
        biblatex = bool(_BIBLATEX_FIELD.search(text))  # the file's dialect decides its particles, as in read()
        for block in bs.split(text):
            if isinstance(block, bs.Macro):
                for name, raw in block.macros:
                    strings[name.lower()] = expand(raw, strings, budget, block.line)[0]
            elif isinstance(block, bs.Entry) and block.key:
                names = {f.name.lower() for f in block.fields}
                wanted = _IDENTITY_FIELDS if "title" in names else _IDENTITY_FIELDS | {"abstract"}
                slim = dataclasses.replace(block, fields=[f for f in block.fields if f.name.lower() in wanted])
                entry, values = self._entry(slim, strings, origin, library, budget, biblatex)
                db.add(entry, values)
                entries.append(entry)
        db.finish(library)  # a year a child takes from its crossref parent names it too
        return entries

    @staticmethod
    def _unknown(library: Library, names: list[str], origin: str, line: int) -> None:
        for name in names:
            library.problems.append(Problem(f"undefined @string macro {name!r} kept as text", origin, line))

    def _entry(self, block: bs.Entry, strings: dict[str, str], origin: str,
               library: Library, budget: ExpansionBudget | None = None,
               biblatex: bool = False, place: tuple[int, str, int] | None = None,
               commands: dict[str, tuple[int, str]] | None = None) -> tuple[Entry, dict[str, str]]:
        line = block.line
        prov = Provenance("bibtex", origin, line)
        btype = block.type.lower()
        entry = Entry(type=bib_to_csl_type(btype))
        if biblatex:
            entry.extra["bib_dialect"] = "biblatex"  # a file with biblatex's own fields: its defaults apply
        entry.add_source(prov)
        entry.key = block.key
        raw_fields: dict[str, str] = {}
        comments: dict[str, str] = {}
        leading: dict[str, list[str]] = {}  # commented-out lines before a field, kept with it
        values: dict[str, str] = {}
        for f in block.fields:
            lname = f.name.lower()
            later = lname in values
            if later:
                if lname in _LIST_FIELDS:
                    # ScienceDirect writes one keywords field per keyword: they are one list.
                    more, unknown = expand(f.value, strings, budget, f.line)
                    values[lname] = f"{values[lname]}, {more}" if more.strip() else values[lname]
                    continue
                # bibtex keeps the first ("I'm ignoring ...'s extra field"); biber 2.18 the last non-empty one
                # (checked: editor = {First}, editor = {Second} gives Second in the .bbl), and so does pandoc.
                library.problems.append(Problem(
                    f"field {f.name!r} given twice in {block.key!r}; CSL and styled lists read the "
                    f"{'last non-empty one, as biber does' if biblatex else 'first, as bibtex does'}, .bib output keeps both",
                    origin, f.line))
                if not biblatex:
                    continue
            else:
                raw_fields[f.name] = f.value
                if f.comment:
                    comments[f.name] = f.comment
                if f.before:
                    leading[f.name] = list(f.before)
            value, unknown = expand(f.value, strings, budget, f.line)
            if unknown:
                self._unknown(library, unknown, origin, f.line)
            if "\\href" in value and lname not in VERBATIM:
                value = _HREF.sub(r"\2", value)  # \href{url}{text} prints its text (the link is no field's text)
            if commands and "\\" in value and lname not in VERBATIM:
                # A command the @preamble defines prints its definition (Beebe's \booktitle{...}: italics).
                value = expand_commands(value, commands)
            if later and not value.strip():
                continue  # biber sets no empty field: the earlier value stands
            values[lname] = value
            if "\\" in value and lname not in VERBATIM:
                acting = active_tex(value)
                if acting:
                    library.problems.append(Problem(
                        f"{f.name} of {block.key!r} holds TeX that can read or write files or run commands "
                        f"({', '.join(acting)}): left out of text, CSL-JSON and styled output (with what it takes), "
                        "kept as written in .bib output", origin, f.line))
        entry.type = bib_to_csl_type(btype, values)
        decoded: dict[str, Any] = {}
        note_lines: list[str] = []
        fields = values.items()
        if ("langid" in values or "hyphenation" in values) and len({"langid", "hyphenation", "language"} & set(values)) > 1:
            # CSL's language is a locale code: langid (babel's name, read as BCP 47) gives it wherever it
            # stands, then hyphenation (its old name, which biblatex.def's source map moves to langid only where
            # there is none); the language field (the text biblatex prints) is then a note line.
            fields = sorted(fields, key=lambda item: {"hyphenation": 1, "language": 2}.get(item[0], 0))
        publishers: list[tuple[int, str]] = []  # (pandoc's rank, text) of the fields joined in CSL's one publisher
        for lname, value in fields:
            if lname in STRUCTURAL or lname in ("month", "day"):
                continue
            if lname in ("year", "date") and "issued" in decoded:
                continue  # year and date both given: parse_date read the date
            if lname in ("origyear", "origmonth") and "origdate" not in values:
                continue  # read below, as original-date
            if lname == "howpublished" and not values.get("url") and (link := _URL_ONLY.fullmatch(value.strip())):
                # howpublished = {\url{...}}: a link (pandoc and Better BibTeX read it so), not a publisher.
                entry.URL = link.group(1).strip()
                entry.provenance["URL"] = [prov]
                decoded["URL"] = entry.URL
                continue
            row = read_field(lname, btype)
            if lname == "booktitle" and btype in _WHOLE_BOOKS:
                row = None  # a book's own booktitle (there for BibTeX crossref children) is no container of it
            elif lname == "location" and values.get("address") and btype in _CONFERENCES:
                # ACM's BibTeX: location is where the conference met, address the publisher's city (Better
                # BibTeX reads them so); biblatex, where address is location's alias, has no entry with both.
                row = read_field("venue", btype)
            elif lname == "booktitle" and btype in ("article", "review") \
                    and (values.get("journal") or values.get("journaltitle")):
                row = None  # an article's journal is its container; a booktitle there (no @article field) is a note
            if row is None:
                text = " ".join(value.split()) if lname in VERBATIM else decode(value)
                if text:
                    note_lines.append(bibmap.field_note_line(lname, text))
                continue
            where = row.entry or "vars:" + row.csl
            if where in decoded:
                if where == "publisher" and lname in _PUBLISHERS and isinstance(decoded[where], str):
                    # A thesis's institution and its publisher (ProQuest), an organization and a publisher:
                    # CSL has one publisher, and pandoc gives it every one of them, "; "-joined.
                    # (an organization is a literal list as a publisher is: "A and B" are two)
                    # They are joined in pandoc's order (school, institution, organization, howpublished,
                    # publisher), not the file's: biblatex's data model gives no type two of them to print
                    # in one place, and pandoc's order is as good as any.
                    parts = _top_level_and(value) if lname in _LITERAL_LISTS and _AND_LIST.search(value) else [value]
                    have = entry.publisher.split("; ")
                    more = [t for t in (decode(part) for part in parts) if t and t not in have]
                    if more:
                        publishers = publishers or [(-1, entry.publisher)]
                        publishers.append((_PUBLISHER_ORDER[lname], "; ".join(more)))
                        publishers.sort(key=lambda p: p[0])
                        entry.publisher = decoded[where] = "; ".join(text for _, text in publishers)
                    continue
                if where == "issue" and lname in ("number", "issue") and isinstance(decoded[where], str):
                    # An article's number and its issue ("Summer"): CSL has one issue, "4, Summer" (as pandoc).
                    entry.issue = decoded[where] = ", ".join(
                        t for t in (decode(values.get("number", "")), decode(values.get("issue", ""))) if t)
                    continue
                # Two fields for one variable (journal and booktitle): the second is kept as a note line.
                note_lines.append(bibmap.field_note_line(lname, decode(value)))
                continue
            result = self._value(entry, row, lname, value, values, prov, library)
            if result is None and row.kind == "date" and _UNKNOWN_YEAR.fullmatch(value.strip()):
                continue  # EDTF's "year unknown": read, and no date
            if result is None:
                text = decode(value)
                if text:
                    note_lines.append(bibmap.field_note_line(lname, text))
                continue
            # Text as it is; names and dates by fingerprint (plain JSON either way, for --to json).
            decoded[where] = result if isinstance(result, str) else fingerprint(result)
            if where == "publisher" and lname in _PUBLISHERS and isinstance(result, str):
                publishers = [(_PUBLISHER_ORDER[lname], entry.publisher)]
        derived: list[str] = []  # variables made from other fields (the writer adds no field for them)
        eprint_url = _EPRINT_URLS.get(values.get("eprinttype", "").strip().lower())
        if eprint_url and not entry.URL and values.get("eprint", "").strip():
            # biblatex links a JSTOR, PubMed or Google Books eprint to its page (biblatex.def's eprint formats).
            entry.URL = eprint_url + values["eprint"].strip()
            derived.append("URL")
        if values.get("part") and entry.volume and "volume" in decoded:
            # volume 2, part 1 is volume 2.1, as biblatex prints it.
            part = decode(values["part"])
            entry.volume = decoded["volume"] = f"{entry.volume}.{part}"
            note_lines = [line for line in note_lines if line != f"part: {part}"]
        elif values.get("part") and not entry.volume and not values.get("crossref"):
            # A part with no volume: biblatex's volume+part macro prints it alone where the volume goes
            # (pandoc reads it as the volume too).
            part = decode(values["part"])
            entry.volume = decoded["volume"] = part
            note_lines = [line for line in note_lines if line != f"part: {part}"]
        series = entry.vars.get("collection-title")
        if isinstance(series, str) and btype in ("article", "periodical", "suppperiodical") \
                and (series.isdigit() or series.lower() in _SERIES_KEYS):
            # A journal's series number or key: biblatex prints "3rd series", "new series".
            series = _SERIES_KEYS.get(series.lower()) or f"{_ordinal(int(series))} series"
            entry.vars["collection-title"] = decoded["vars:collection-title"] = series
        if values.get("origyear") and "origdate" not in values and "original-date" not in entry.vars:
            partial, csl = parse_date({"year": values["origyear"], "month": values.get("origmonth", "")})
            if csl is not None or partial is not None:
                entry.vars["original-date"] = csl if csl is not None else {"date-parts": [partial.parts()]}
                derived.append("vars:original-date")
        if entry.arxiv_id and entry.type in ("webpage", "document", "article") and not entry.container_title:
            entry.type = "article"  # a preprint, as Zotero types it
        if btype in ("phdthesis", "mastersthesis") and "genre" not in entry.vars:
            entry.vars["genre"] = "PhD thesis" if btype == "phdthesis" else "Master's thesis"
            derived.append("vars:genre")
        english = textcase.is_english(values)
        sentence = _sentence_forms(values) if english else {}
        nocase = _nocase_forms(values)
        _titles(entry, values, btype, derived, sentence if english else None, nocase)
        if entry.note and ": " in entry.note:
            stated = set(entry.vars) | {csl for csl, attr in _NAMED.items() if getattr(entry, attr)}
            found, rest = note_variables(entry.note, stated)
            for var, value in found.items():
                if var not in entry.vars:
                    entry.vars[var] = value
                    derived.append("vars:" + var)
            if found and rest:
                entry.vars["note"] = rest
                derived.append("vars:note")
            elif found:
                entry.note = None  # the note was only variables (the .bib keeps its field as written)
        note_lines = _editor_roles(entry, values, note_lines, derived)
        if note_lines:
            note = entry.vars["note"] if "vars:note" in derived else entry.note
            entry.vars["note"] = "\n".join(([note] if note else []) + note_lines)
            derived += ["vars:note", "note"]
        entry.extra["bibtex"] = _bib_record(block, origin, raw_fields, values, place, comments=comments,
                                            decoded=decoded, english=english, sentence=sentence, nocase=nocase,
                                            leading=leading, derived=derived)
        return entry, values

    def inherit(self, child: Entry, own: dict[str, str], fields: dict[str, str], origin: str, library: Library) -> None:
        """Give ``child`` the inherited ``fields`` (biber's names, see :mod:`citekit.inherit`) it does not state."""
        bib = child.extra["bibtex"]
        btype = bib["type"].lower()
        merged = {**fields, **own}
        inherited = bib.setdefault("inherited", [])
        prov = Provenance("bibtex", origin, bib["line"])
        date = inherited_date(own, fields)
        if date is not None:
            # The child's own year with the parts of its parent's date it lacks (biber's reading); the .bib keeps
            # the child's year as written, so what was read is this date.
            child.issued, csl = date
            if csl is None:
                child.vars.pop("issued", None)
            else:
                child.vars["issued"] = csl
            decoded = bib.get("decoded")
            if decoded is not None and "issued" in decoded:
                decoded["issued"] = fingerprint((child.issued, repr(csl)))
            child.provenance.setdefault("issued", [prov])
        for lname, value in fields.items():
            if lname in STRUCTURAL or lname in ("month", "day"):
                continue
            if lname in ("year", "date") and (child.issued is not None or "issued" in child.vars):
                continue
            row = read_field(lname, btype)
            if row is None:
                continue
            where = row.entry or "vars:" + row.csl
            if where in inherited or (child.is_empty(row.entry) is False if row.entry else row.csl in child.vars):
                continue
            if self._value(child, row, lname, value, merged, prov, library) is not None:
                inherited.append(where)
        if fields.get("origyear") and "origdate" not in merged and "original-date" not in child.vars:
            # A parent's origyear (the work's first publication) passes as every field does (appendix B).
            partial, csl = parse_date({"year": merged["origyear"], "month": merged.get("origmonth", "")})
            if csl is not None or partial is not None:
                child.vars["original-date"] = csl if csl is not None else {"date-parts": [partial.parts()]}
                inherited.append("vars:original-date")
        if own.get("part") and "volume" in inherited and child.volume:
            # The child's own part of the volume it inherits is volume.part, as biblatex prints it ("II.2");
            # the part stays a note line too, so that a .bib written back keeps the child's field.
            child.volume = f"{child.volume}.{decode(own['part'])}"
        elif own.get("part") and not child.volume and "volume" not in inherited:
            # A part with no volume, here or inherited, prints where the volume goes (biblatex's volume+part).
            child.volume = decode(own["part"])
            inherited.append("volume")
        english = textcase.is_english(merged)
        forms = _sentence_forms(merged) if english else {}
        nocase = _nocase_forms(merged)
        _set_optional(bib, "english", english, True)
        _set_optional(bib, "sentence", forms, {})
        _titles(child, merged, btype, inherited, forms if english else None, nocase)
        _set_optional(bib, "nocase", nocase, {})

    def _value(self, entry: Entry, row: bibmap.FieldMap, lname: str, value: str, values: dict[str, str],
               prov: Provenance, library: Library) -> Any:
        """Set one mapped field on ``entry``; what was set (for the writer's comparison), or None."""
        kind = row.kind
        if kind == "names":
            people, et_al = split_names(value)
            if not people:
                return None
            options = values.get("options", "")
            if _NO_PREFIX.search(options) or entry.extra.get("bib_dialect") == "biblatex" \
                    and not _USE_PREFIX.search(options):
                # biblatex's useprefix=false (its default): the von part is printed after the given name and
                # ignored in sorting ("Beethoven, L. van"), which is CSL's dropping particle. Classic BibTeX
                # styles print it in front ({vv~}{ll}): a non-dropping particle, as citekit reads it there.
                people = [dataclasses.replace(p, dropping_particle=p.non_dropping_particle, non_dropping_particle=None)
                          if p.non_dropping_particle and not p.dropping_particle else p for p in people]
            if row.entry == "author":
                entry.set("author", people, prov)
                if et_al:
                    entry.extra["et_al"] = True
                return (tuple(people), et_al)
            entry.vars[row.csl] = [p.to_csl() for p in people]
            if et_al:
                entry.extra.setdefault("et_al_vars", []).append(row.csl)
            return tuple(people)
        if kind == "date":
            prefix = "" if row.csl == "issued" else lname[: -len("date")]
            if row.csl == "accessed":
                prefix = "url"
            try:
                partial, csl = parse_date(values, prefix)
            except ValueError as exc:
                library.problems.append(Problem(f"impossible date ({exc})", prov.origin, prov.line))
                return None
            if row.csl == "issued":
                if partial is not None:
                    entry.set("issued", partial, prov)
                if csl is not None:
                    entry.vars["issued"] = csl
                return (partial, repr(csl)) if partial or csl else None
            if csl is None and partial is not None:
                csl = {"date-parts": [partial.parts()]}
            if csl is None:
                return None
            entry.vars[row.csl] = csl
            return repr(csl)
        if kind == "verbatim":
            # DBLP escapes _ % & # in DOIs and URLs for BibTeX's sake; the identifier itself has none.
            text = " ".join(value.split())
            if lname not in _URL_FIELDS and ("\\" in text or "{" in text):
                # isbn, issn, pmid...: biblatex's literal fields, which a style typesets as text (and the
                # writer escapes as text: "{\relax ‐}" is a hyphen), unlike a URL or DOI
                text = decode(value)
            elif "\\" in text:
                text = _VERBATIM_ESCAPE.sub(r"\1", text)
        elif lname in _LITERAL_LISTS and _AND_LIST.search(value):
            # biblatex's literal lists (publisher, location, institution): "A and B" are two, printed "A; B".
            text = "; ".join(t for t in (decode(part) for part in _top_level_and(value)) if t)
        else:
            if "\\" in value and row.csl in _JOURNAL_VARS:
                value = _JOURNAL_MACRO.sub(_journal_macro, value)
            text = decode(value, row.csl in _RICH)
            if row.csl == "genre":
                text = bibmap.GENRE_FROM_KEY.get(text.lower(), text)
            elif row.csl == "status":
                text = bibmap.STATUS_FROM_KEY.get(text.lower(), text)
            elif row.csl == "language" and lname != "language":
                # langid names a babel language: a BCP 47 tag for CSL, as pandoc maps it; the language
                # field is text biblatex prints ("English", as Zotero exports it) and stays as written.
                text = bibmap.bcp47(text)
        if not text:
            text = value.strip()  # title = {\}: a lone backslash is still the value
            if not text:
                return None
        if row.entry == "DOI":
            text = parse_doi(text) or text
        if row.entry == "arxiv_id":
            prefix = (values.get("archiveprefix") or values.get("eprinttype") or "arxiv").lower()
            found = parse_arxiv_id(text) if prefix == "arxiv" else None
            if found is None:
                return None
            text = found.id
            entry.set("arxiv_version", found.version, prov)
        if row.entry is not None:
            # A fresh entry's field is empty (one .bib field per variable): set it as the trust policy would.
            setattr(entry, row.entry, text)
            entry.provenance[row.entry] = [prov]
            return text
        entry.vars[row.csl] = text
        return text


def _sentence_forms(values: dict[str, str]) -> dict[str, str]:
    """Decoded title text -> its sentence-case form, for the title fields of an English entry (CSL output only)."""
    forms: dict[str, str] = {}
    journals = {decode(values[f], True) for f in ("journal", "journaltitle") if f in values}
    for lname in (name for name in values if name in textcase.TITLE_FIELDS):  # the file's order: a set's varies by run
        as_read = decode(values[lname], True)
        converted = textcase.tex_sentence_case(values[lname], decode)
        if converted is not None and converted != as_read and as_read not in journals:
            forms[as_read] = converted
    return forms


def _nocase_forms(values: dict[str, str]) -> dict[str, str]:
    """Decoded title text -> the same text with CSL nocase spans for its case-protecting groups (CSL output only).

    Used where a title stays as written (not English, ``--keep-case``), so that a title-case style
    leaves ``{c}alifornia`` as the .bib protects it; the sentence-case forms carry their own spans.
    """
    forms: dict[str, str] = {}
    for lname in (name for name in values if name in textcase.TITLE_FIELDS):
        raw = values[lname]
        if "{" not in raw:
            continue
        spanned = textcase.tex_nocase(raw, decode)
        if spanned is not None:
            forms[decode(raw, True)] = spanned
    return forms


#: Entry types whose booktitle/maintitle name the work they are part of (pandoc's "chapter-like").
_CONFERENCES = frozenset({"inproceedings", "conference", "proceedings", "mvproceedings"})
_CHAPTERLIKE = frozenset({"inbook", "incollection", "inproceedings", "inreference", "bookinbook", "conference",
                          "suppbook", "suppcollection"})
#: biblatex's standard types whose data model (blx-dm.def) has no ``maintitle``, with their aliases: there
#: (biblatex-mla's @online "Twitter") the standard drivers print the entry's own title, which stays CSL's title,
#: and the maintitle is a note line; pandoc makes the maintitle the title (KNOWN_DIFFERENCES.md). Book-like
#: types and the types of style packages (biblatex-apa's @video episode of a series) keep pandoc's reading.
_NO_MAINTITLE = frozenset({"article", "booklet", "manual", "misc", "online", "patent", "periodical", "suppperiodical",
                           "report", "thesis", "dataset", "software", "techreport", "phdthesis", "mastersthesis",
                           "electronic", "www"})


def _join(text: str, sep: str, more: str) -> str:
    # pandoc's concatWith: no separator after a title that already ends in punctuation.
    if not text:
        return more
    return f"{text} {more}" if text[-1] in "!?.,:;" else f"{text}{sep} {more}"


def _titles(entry: Entry, values: dict[str, str], btype: str, derived: list[str], forms: dict[str, str] | None,
            nocase: dict[str, str] | None = None) -> None:
    """Titles as biblatex prints them: subtitle and titleaddon joined to their title, ``maintitle`` the
    multi-volume work's title and ``title`` its volume's, a periodical's ``issuetitle`` (pandoc's reading)."""

    def both(main: str, sub: str, addon: str) -> tuple[str, str] | None:
        if not (values.get(main) or values.get(sub) or values.get(addon)):
            return None
        # A subtitle without its title (a volume whose title is its multi-volume work's) is printed alone, as
        # biblatex's title macro prints it: never dropped.
        read = decode(values[main], True) if values.get(main) else ""
        conv = forms.get(read, read) if forms is not None and read else read
        kept = nocase.get(read, read) if nocase else read  # as written, with nocase spans
        for field, sep in ((sub, ":"), (addon, ".")):
            if values.get(field):
                part = decode(values[field], True)
                read = _join(read, sep, part)
                conv = _join(conv, sep, forms.get(part, part) if forms is not None else part)
                kept = _join(kept, sep, nocase.get(part, part) if nocase else part)
        return read, conv, kept

    def put(var: str, pair: tuple[str, str, str] | None) -> None:
        if pair is None:
            return
        if var != "title" or pair[0] != entry.title:
            entry.vars[var] = pair[0]
            if "vars:" + var not in derived:
                derived.append("vars:" + var)
        if forms is not None and pair[1] != pair[0]:
            forms[pair[0]] = pair[1]
        if nocase is not None and pair[2] != pair[0]:
            nocase[pair[0]] = pair[2]

    t = btype.lower()
    own = both("title", "subtitle", "titleaddon")
    if t == "periodical" and values.get("issuetitle"):
        put("title", both("issuetitle", "issuesubtitle", "issuetitleaddon"))
        put("container-title", own)
        return
    if values.get("maintitle") and t not in _NO_MAINTITLE:
        main = both("maintitle", "mainsubtitle", "maintitleaddon")
        if t in _CHAPTERLIKE:
            put("title", own)
            put("container-title", main)
            put("volume-title", both("booktitle", "booksubtitle", "booktitleaddon"))
        else:
            put("title", main)
            put("volume-title", own)
        return
    put("title", own)
    if own is not None and values.get("title") and "title-short" not in entry.vars:
        # No shorttitle: the title without its subtitle or addon (biblatex's labeltitle is the title field), else the
        # title up to a colon, as pandoc reads it (citations of works without an author are told apart by it).
        read = decode(values["title"], True)
        if values.get("subtitle") or values.get("titleaddon"):
            put("title-short", (read, forms.get(read, read) if forms is not None else read,
                                nocase.get(read, read) if nocase else read))
        elif ":" in own[0]:
            shorts = tuple(_before_colon(text) for text in own)
            if all(shorts):
                put("title-short", shorts)
    if values.get("journalsubtitle") or values.get("journaltitleaddon"):
        # biblatex prints "journaltitle: journalsubtitle. journaltitleaddon" (the data model's journal title);
        # pandoc joins them so too.
        put("container-title", both("journaltitle" if values.get("journaltitle") else "journal", "journalsubtitle",
                                    "journaltitleaddon"))
    if t in _CHAPTERLIKE and (values.get("booksubtitle") or values.get("booktitleaddon")):
        put("container-title", both("booktitle", "booksubtitle", "booktitleaddon"))


def _before_colon(text: str) -> str:
    """A rich-text title up to its first colon outside markup (``<span style="font-variant:small-caps;">`` holds
    one), or "" when it has none or nothing stands before it."""
    at = 0
    while True:
        colon, tag = text.find(":", at), text.find("<", at)
        if colon < 0:
            return ""
        if 0 <= tag < colon:
            end = text.find(">", tag)
            if end < 0:
                return ""
            at = end + 1
            continue
        return text[:colon].rstrip()


_NOTE_VARIABLE = re.compile(r"(?:^|(?<=;)|(?<=\n))\s*([a-z][a-z_-]*[a-z]):\s+")


def note_variables(note: str, skip: Iterable[str] = ()) -> tuple[dict[str, Any], str]:
    """CSL variables a note carries as ``name: value`` pieces (lines, or pieces joined by ``; ``), and the rest.

    This is how Zotero keeps CSL variables in Extra and how citekit's writers keep a variable
    a .bib type has no field for; names are ``Family || Given``, dates ISO 8601/EDTF.
    A variable in ``skip`` (the entry states it already) stays in the note.
    """
    from ..csl import VARIABLES

    taken = _NEVER_FROM_NOTE.union(skip)
    found: dict[str, Any] = {}
    rest: list[str] = []
    parts = re.split(r"(\n|;\s+(?=[a-z][a-z_-]*[a-z]:\s))", note)
    pieces = [parts[0]]
    for sep, piece in zip(parts[1::2], parts[2::2]):
        head = re.match(r"\s*([a-z][a-z_-]*[a-z]):\s", piece)
        if sep != "\n" and (head is None or head.group(1) not in VARIABLES):
            pieces[-1] += sep + piece  # "; e-mail: ..." inside a value: only a CSL variable starts a piece
        else:
            pieces.append(piece)
    for piece in pieces:
        m = re.match(r"\s*([a-z][a-z_-]*[a-z]):\s+(.+?)\s*$", piece, re.S)
        kind = VARIABLES.get(m.group(1)) if m else None
        if m is None or kind is None or m.group(1) in taken:
            rest.append(piece)
            continue
        var, text = m.group(1), m.group(2)
        if kind == "name":
            family, _, given = text.partition("||")
            person = {"family": family.strip(), "given": given.strip()} if given.strip() else {"literal": family.strip()}
            found.setdefault(var, []).append(person)
        elif kind == "date":
            partial, csl = parse_date({"date": text})
            found[var] = csl if csl is not None else {"date-parts": [partial.parts()]} if partial else {"literal": text}
        elif var not in found:
            found[var] = text
        else:
            rest.append(piece)
    joined = "\n" if "\n" in note else "; "
    return found, joined.join(p.strip() for p in rest if p.strip())


# -- crossref / xdata inheritance, as biber does it ------------------------------------

class BibDatabase:
    """The entries of one or more .bib files read as one database, as ``\\bibliography{a,b}`` reads them.

    ``strings`` carries ``@string`` macros from file to file; :meth:`finish` gives every
    crossref/xdata child what it inherits from parents in any of the files (biber's table,
    :mod:`citekit.inherit`) and reports each parent no file holds.
    """

    def __init__(self, reader: BibtexReader) -> None:
        self.reader = reader
        self.strings: dict[str, str] = {}
        #: commands the files' @preambles define (citekit.preamble), applied to the entries after them
        self.commands: dict[str, tuple[int, str]] = {}
        self._by_key: dict[str, tuple[Entry, dict[str, str]]] = {}
        self._children: list[tuple[Entry, dict[str, str]]] = []
        self._entries: list[Entry] = []

    def add(self, entry: Entry, values: dict[str, str]) -> None:
        """Hold one entry and its field values (macros expanded, names in lower case)."""
        self._entries.append(entry)
        if entry.key:
            self._by_key.setdefault(entry.key.lower(), (entry, values))
        if values.get("crossref") or values.get("xdata"):
            self._children.append((entry, values))

    def _lookup(self, key: str) -> tuple[str, dict[str, str]] | None:
        found = self._by_key.get(key.lower())
        return None if found is None else (found[0].extra["bibtex"]["type"].lower(), found[1])

    def finish(self, library: Library) -> None:
        """Inherit across the whole database (problems go to ``library``), then fingerprint every entry for the writer."""
        worked_out = inherit.Shared()  # shared by every child: a chain is walked once, not once per link
        for child, values in self._children:
            bib = child.extra["bibtex"]

            def missing(_child: str, parent: str, bib: dict = bib, child: Entry = child) -> None:
                library.problems.append(Problem(
                    f"{child.key!r} refers to {parent!r}, which no input holds; nothing inherited",
                    bib["origin"], bib["line"]))

            try:
                fields = inherit.resolve(child.key or "", self._lookup, missing, worked_out) if child.key else {}
            except LimitError as exc:
                raise LimitError(exc.message, origin=bib["origin"], line=bib["line"]) from None
            if fields:
                self.reader.inherit(child, values, fields, bib["origin"], library)
        for entry in self._entries:
            entry.extra["bibtex"]["snapshot"] = snapshot(entry)


READER = BibtexReader()
