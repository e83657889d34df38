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

import copy
import functools
import re
from dataclasses import dataclass
from typing import Any

from .. import bibmap
from ..bibmap import MONTHS, STRUCTURAL, VERBATIM, bib_to_csl_type, read_field
from ..ids import parse_arxiv_id, parse_doi
from ..latex import active_tex, decode
from ..limits import ExpansionBudget, check_entry_count
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
_KEYED_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*[^,\s{}()]*\s*,")
_MONTH_NAMES = {m: i + 1 for i, m in enumerate(MONTHS)}
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#])")
#: Title-like CSL variables whose font commands become CSL rich text.
_RICH = frozenset({"title", "container-title", "collection-title", "original-title", "event-title", "title-short"})


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
    if not sections or not any(sections) or any(not s for s in sections):
        return None

    def lower(word: str) -> bool:
        for ch in word:
            if ch.isalpha():
                return ch.islower()
        return False

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


@functools.lru_cache(maxsize=16384)
def _one_name(raw: str) -> Name | None:
    """One BibTeX name as a Name with CSL parts (None when it has no text); cached, as files repeat authors."""
    plain = _plain_parts(raw)
    if plain is not None:
        first, von, last, jr = plain
        return Name(family=" ".join(last), given=" ".join(first) or None, non_dropping_particle=" ".join(von) or None,
                    suffix=" ".join(jr) or None) if last else None
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(raw, strict=False)
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

_EDTF_ONE = re.compile(r"^(?P<year>-?\d{1,4}|[\dX]{4})(?:-(?P<month>\d\d|XX))?(?:-(?P<day>\d\d|XX))?"
                       r"(?:T[\d:]+(?:Z|[+-][\d:]+)?)?(?P<q>[~?%]?)$")
_YEAR_RANGE_END = re.compile(r"(?:-{1,3}|–|/)\s*(\d{4})")
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


def parse_date(fields: dict[str, str], prefix: str = "") -> tuple[PartialDate | None, dict[str, Any] | None]:
    """A biblatex ``{prefix}date`` (or ``year``/``month``/``day``) as a PartialDate and, when that cannot
    say it all (a range, season, circa, BCE or a literal), the CSL date object too."""
    date_text = fields.get(prefix + "date", "").strip()
    if date_text:
        pieces = date_text.split("/")
        if len(pieces) <= 2:
            first = _edtf_parts(pieces[0]) if pieces[0] else None
            second = _edtf_parts(pieces[1]) if len(pieces) == 2 and pieces[1] and pieces[1] != ".." else None
            if first is not None and (len(pieces) == 1 or second is not None or pieces[1] in ("", "..")):
                parts, season, circa = first
                csl: dict[str, Any] = {"date-parts": [parts] + ([second[0]] if second else [])}
                if season:
                    csl["season"] = season
                if circa or (second and second[2]):
                    csl["circa"] = True
                partial = _partial(parts)
                if partial is not None and len(csl) == 1 and len(csl["date-parts"]) == 1:
                    return partial, None
                return partial, csl
        return None, {"literal": date_text}
    if prefix:
        return None, None
    year_text = fields.get("year", "").strip()
    if "\\" in year_text or "{" in year_text:
        year_text = decode(year_text)  # {\noopsort{1973c}1981} prints, and is, 1981
    m = re.search(r"-?\d{1,4}", year_text)
    if not m:
        return None, ({"literal": year_text} if year_text else None)
    year = int(m.group(0))
    month = None
    month_text = fields.get("month", "").strip().lower().rstrip(".")
    if month_text.isdigit():
        month = int(month_text) if 1 <= int(month_text) <= 12 else None
    elif month_text[:3] in _MONTH_NAMES:
        month = _MONTH_NAMES[month_text[:3]]
    day = int(fields["day"]) if fields.get("day", "").isdigit() and month else None
    parts = [year] + ([month] if month else []) + ([day] if day else [])
    rest = year_text[m.end():].strip()
    range_end = _YEAR_RANGE_END.fullmatch(rest) if rest else None
    partial = _partial(parts) or _partial(parts[:2]) or _partial(parts[:1])
    if range_end:
        return partial, {"date-parts": [parts, [int(range_end.group(1))]]}
    if partial is None or m.start() > 0 and year_text[: m.start()].strip() not in ("", "c.", "ca.", "circa"):
        return partial, {"literal": year_text}
    if partial is not None and year_text[: m.start()].strip():
        return partial, {"date-parts": [partial.parts()], "circa": True}
    return partial, None


def _partial(parts: list[int]) -> PartialDate | None:
    try:
        return PartialDate(*parts[:3])
    except (ValueError, TypeError):
        return None


# -- what the writer compares against --------------------------------------------------


def snapshot(entry: Entry) -> list[Any]:
    """``[key, a fingerprint of everything else]`` an entry says: equal (within one run) exactly when
    nothing changed. Plain JSON values, so that ``--to json`` can show it."""
    values = tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(entry, f) for f in ENTRY_FIELDS))
    return [entry.key, hash((entry.type, values, repr(sorted(entry.vars.items())) if entry.vars else "",
                             bool(entry.extra.get("et_al"))))]


def _keep_tail(library: Library, split: list[bs.Block], tail: str) -> None:
    """The file's text after its last block goes with that block, so the writer can give it back."""
    if not split:
        return
    if isinstance(split[-1], bs.Entry):
        library.entries[-1].extra["bibtex"]["file_tail"] = tail
    else:
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
        return 0.95 if _KEYED_ENTRY.search(sample) else 0.5

    def read(self, text: str, origin: str) -> Library:
        """Every block of ``text``; an unreadable one is kept verbatim and reported with its line."""
        library = Library()
        strings: dict[str, str] = {}
        budget = ExpansionBudget(origin, len(text))
        count = 0
        seen_keys: set[str] = set()
        blocks: dict[str, bs.Entry] = {}
        failed: list[int] = []  # lines of the blocks not read
        check_entry_count(text, origin)
        split, tail = bs.split_layout(text)
        for seq, block in enumerate(split):
            if isinstance(block, bs.Entry):
                entry = self._entry(block, strings, origin, library, budget)
                entry.extra["bibtex"].update(seq=seq, gap=block.gap, index=count)
                if block.key is not None:
                    if block.key in seen_keys:
                        library.problems.append(
                            Problem(f"citation key {block.key!r} was already used above", origin, block.line))
                    seen_keys.add(block.key)
                    blocks.setdefault(block.key, block)
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
        _keep_tail(library, split, tail)
        _inherit(library.entries, origin, library)
        for entry in library.entries:
            bib = entry.extra["bibtex"]
            bib["snapshot"] = snapshot(entry)
        return library

    @staticmethod
    def _unknown(library: Library, names: list[str], origin: str, line: int) -> None:
        for name in names:
            library.problems.append(Problem(f"undefined @string macro {name!r} kept as text", origin, line))

    def _entry(self, block: bs.Entry, strings: dict[str, str], origin: str, library: Library,
               budget: ExpansionBudget | None = None) -> Entry:
        line = block.line
        prov = Provenance("bibtex", origin, line)
        btype = block.type.lower()
        entry = Entry(type=bib_to_csl_type(btype))
        entry.add_source(prov)
        entry.key = block.key
        raw_fields: dict[str, str] = {}
        comments: dict[str, str] = {}
        leading: dict[str, list[str]] = {}  # commented-out lines before a field, kept with it
        values: dict[str, str] = {}
        for f in block.fields:
            lname = f.name.lower()
            if lname in values:
                library.problems.append(Problem(
                    f"field {f.name!r} given twice in {block.key!r}; the first is read, both are kept", origin, f.line))
                continue
            raw_fields[f.name] = f.value
            if f.comment:
                comments[f.name] = f.comment
            if f.before:
                leading[f.name] = list(f.before)
            value, unknown = expand(f.value, strings, budget, f.line)
            self._unknown(library, unknown, origin, f.line)
            values[lname] = value
            if "\\" in value and lname not in VERBATIM:
                acting = active_tex(value)
                if acting:
                    library.problems.append(Problem(
                        f"{f.name} of {block.key!r} holds TeX that can read or write files or run commands "
                        f"({', '.join(acting)}): left out of text, CSL-JSON and styled output (with what it takes), "
                        "kept as written in .bib output", origin, f.line))
        decoded: dict[str, Any] = {}
        note_lines: list[str] = []
        for lname, value in values.items():
            if lname in STRUCTURAL or lname in ("month", "day"):
                continue
            if lname in ("year", "date") and "issued" in decoded:
                continue  # year and date both given: parse_date read the date
            row = read_field(lname, btype)
            if row is None:
                text = " ".join(value.split()) if lname in VERBATIM else decode(value)
                if text:
                    note_lines.append(f"{lname}: {text}")
                continue
            where = row.entry or "vars:" + row.csl
            if where in decoded:
                # Two fields for one variable (journal and booktitle): the second is kept as a note line.
                note_lines.append(f"{lname}: {decode(value)}")
                continue
            result = self._value(entry, row, lname, value, values, prov, library)
            if result is None:
                text = decode(value)
                if text:
                    note_lines.append(f"{lname}: {text}")
                continue
            # Text as it is; names and dates by fingerprint (plain JSON either way, for --to json).
            decoded[where] = result if isinstance(result, str) else hash(result)
        derived: list[str] = []  # variables made from other fields (the writer adds no field for them)
        if entry.arxiv_id and entry.type in ("webpage", "document", "article") and not entry.container_title:
            entry.type = "article"  # a preprint, as Zotero types it
        if btype in ("phdthesis", "mastersthesis") and "genre" not in entry.vars:
            entry.vars["genre"] = "PhD thesis" if btype == "phdthesis" else "Master's thesis"
            derived.append("vars:genre")
        if values.get("subtitle") and entry.title:
            entry.vars["title"] = f"{entry.title}: {decode(values['subtitle'], True)}"
            derived.append("vars:title")
        if note_lines:
            entry.vars["note"] = "\n".join(([entry.note] if entry.note else []) + note_lines)
            derived += ["vars:note", "note"]
        entry.extra["bibtex"] = {
            "type": block.type, "origin": origin, "fields": raw_fields, "comments": comments, "decoded": decoded,
            "leading": leading, "tail": list(block.tail),
            "raw": block.raw, "key_span": block.key_span, "key": block.key, "line": line,
            "crossref": values.get("crossref"), "xdata": values.get("xdata"), "inherited": [], "derived": derived,
        }
        return entry

    def _value(self, entry: Entry, row: bibmap.FieldMap, lname: str, value: str, values: dict[str, str],
               prov: Provenance, library: Library) -> Any:
        """Set one mapped field on ``entry``; what was set (for the writer's comparison), or None."""
        kind = row.kind
        if kind == "names":
            people, et_al = split_names(value)
            if not people:
                return None
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
            if "\\" in text:
                text = _VERBATIM_ESCAPE.sub(r"\1", text)
        else:
            text = decode(value, row.csl in _RICH)
            if row.csl == "genre":
                text = bibmap.GENRE_FROM_KEY.get(text.lower(), text)
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


# -- crossref / xdata inheritance, as biber does it ------------------------------------

#: (parent CSL variable, child's group) -> the child's variable, where biber renames on inheritance.
_INHERIT_AS = {
    ("title", "inbook"): "container-title",
    ("author", "inbook"): "container-author",
    ("title-short", "inbook"): None,
    ("container-title", "inbook"): None,
}
_NEVER_INHERITED = frozenset({"key", "note", "abstract", "DOI", "URL", "arxiv_id", "ids", "crossref",
                              "xdata", "title-short", "keyword", "annote"})


def _inherit(entries: list[Entry], origin: str, library: Library) -> None:
    """Fill crossref/xdata children from their parents in the same file (CSL and styled output only)."""
    by_key: dict[str, Entry] = {}
    for e in entries:
        if e.key:
            by_key.setdefault(e.key, e)
            by_key.setdefault(e.key.lower(), e)
    for child in entries:
        bib = child.extra["bibtex"]
        parents: list[str] = []
        if bib.get("xdata"):
            parents += [k.strip() for k in bib["xdata"].split(",") if k.strip()]
        if bib.get("crossref"):
            parents.append(bib["crossref"].strip())
        for key in parents:
            parent = by_key.get(key) or by_key.get(key.lower())
            if parent is None or parent is child:
                library.problems.append(Problem(
                    f"{child.key!r} refers to {key!r}, which this file does not hold; nothing inherited",
                    origin, bib["line"]))
                continue
            _copy_from(parent, child)


def _copy_from(parent: Entry, child: Entry) -> None:
    group = bibmap.type_group(child.extra["bibtex"]["type"])
    inherited = child.extra["bibtex"]["inherited"]
    named = {row.csl: row.entry for row in bibmap.FIELDS if row.entry}
    pbib = parent.extra["bibtex"]
    prov = Provenance("bibtex", pbib["origin"], pbib["line"])
    for csl, attr in named.items():
        if csl in _NEVER_INHERITED or attr in _NEVER_INHERITED:
            continue
        value = getattr(parent, attr)
        if value in (None, "", []):
            continue
        target = _INHERIT_AS.get((csl, group), csl) if group == "inbook" else csl
        if target is None:
            continue
        target_attr = named.get(target)
        if target_attr is not None:
            if child.is_empty(target_attr):
                child.set(target_attr, value, prov)
                inherited.append(target_attr)
        elif target not in child.vars:
            child.vars[target] = [n.to_csl() for n in value] if attr == "author" else value
            inherited.append("vars:" + target)
    for csl, value in parent.vars.items():
        if csl in _NEVER_INHERITED or csl == "genre" and "genre" in child.vars:
            continue
        target = _INHERIT_AS.get((csl, group), csl) if group == "inbook" else csl
        if target is None or target in child.vars:
            continue
        if target == "title":
            target = "container-title" if group == "inbook" else target
        child.vars[target] = copy.deepcopy(value)
        inherited.append("vars:" + target)


READER = BibtexReader()
