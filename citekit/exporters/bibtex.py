"""BibTeX and BibLaTeX output, through the one mapping table (:mod:`citekit.bibmap`).

BibTeX (``BIBTEX``): an arXiv preprint is written as arXiv's own export writes it,
``@misc{key, title, author, year, eprint, archivePrefix = {arXiv}, primaryClass,
url}``. A published paper (a non-arXiv DOI, a journal reference or a venue) becomes
``@article`` (``journal``) or ``@inproceedings`` (``booktitle``) with the arXiv id kept.
Every other CSL type takes its BibTeX type from the table (``chapter`` ->
``@incollection``, ``webpage`` -> ``@misc`` with ``howpublished``/``url``, ``thesis`` ->
``@phdthesis``/``@mastersthesis``), and every variable its field for that type
(``publisher`` is a thesis's ``school``, a report's ``institution``).

BibLaTeX (``BIBLATEX``): ``@online`` for preprints, ``@article`` / ``@inproceedings``
for published papers, with ``eprinttype = {arxiv}``, ``eprintclass`` and an ISO/EDTF
``date`` (ranges, seasons, circa, BCE); each entry gets only the fields biblatex's data
model accepts for its type (no ``publisher`` on ``@online``); a variable left out is
reported.

CSL rich text becomes LaTeX (``<i>`` -> ``\\textit{}``, ``<span class="nocase">`` ->
braces). ``key: value`` lines of a CSL note whose key is a .bib field name become that
field again. The year comes from :func:`citekit.model.issued_date`, the date every
writer uses; no year known: no year or date field at all.

A listing's entry that is only an abstract (:func:`citekit.model.is_citable` is False)
is no citation: it is written as ``%`` comment lines naming its source and holding its
whole abstract, which bibtex and biber skip. An entry of a user's library (.bib,
CSL-JSON) is always written, however little it holds. No placeholder title is ever
written.

An entry read from a .bib that the pipeline did not change is written byte for byte as
it stood; a changed one keeps its type spelling, field order, unknown fields, trailing
``%`` comments and the raw form of every value it did not change. ``@string``,
``@preamble`` and comment blocks stay in their places, and the text between two blocks
that are still neighbours is written as it stood (so an unchanged file comes back byte
for byte); a block that moved gets one blank line before it, and when entries are out
of file order ``@string`` and ``@preamble`` blocks come first. Keys that could break the
file (a comma, a brace, a space) are made safe and reported, never written as they are.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, TextIO

from .. import bibmap, textcase
from ..bibmap import FIELDS, MONTHS, csl_to_bib_type, read_field, write_field
from ..csl import arxiv_url, is_published
from ..hashset import fingerprint
from ..ids import ARXIV_DOI_PREFIX, normalize_title
from ..keys import fold_ascii
from ..latex import encode, encode_name_part, encode_pages, encode_rich, encode_url, encode_verbatim, is_balanced
from ..model import Entry, KeyChange, Library, Name, PartialDate, Problem, Verbatim, is_citable, is_record, issued_date
from . import ExportOptions

__all__ = ["BIBTEX", "BIBLATEX", "BibWriter", "format_names", "safe_key"]


def format_names(names: list[Name], unicode: bool, et_al: bool = False, tex: bool = True) -> str:
    """A BibTeX name list: ``von Family, Jr, Given and ...``; literals braced whole.

    ``tex=False``: the names hold no TeX (CSL-JSON's), so a backslash or brace in them is escaped."""
    seen = _SEEN_NAMES[unicode + 2 * (not tex)]
    parts = []
    for name in names:
        hit = seen.get(id(name))
        if hit is None or hit[0] is not name:
            if len(seen) >= 16384:
                seen.clear()
            hit = seen[id(name)] = (name, _name_part(name, unicode, tex))
        parts.append(hit[1])
    if et_al:
        parts.append("others")
    return " and ".join(parts)


# Readers hand out one Name object for an author met again (csl.py's memo, the .bib name cache), so
# names are first looked up by identity: hashing the 9-field frozen dataclass cost more than
# formatting a cached name. The entry holds the Name itself, so its id is not reused while cached.
# One table per (unicode, tex) pair, indexed unicode + 2 * (not tex).
_SEEN_NAMES: tuple[dict[int, tuple[Name, str]], ...] = ({}, {}, {}, {})


@functools.lru_cache(maxsize=16384)  # frequent authors recur; Name is immutable, the result a str
def _name_part(name: Name, unicode: bool, tex: bool = True) -> str:
    """One name of a BibTeX name list."""
    if name.literal:
        return "{" + encode(name.literal, unicode=unicode, keep_math=False, tex=tex) + "}"
    family = encode_name_part(name.family or "", unicode=unicode, tex=tex)
    particle = name.non_dropping_particle or name.dropping_particle
    if particle:
        # A lower-case particle is BibTeX's "von" part; a capitalised one is braced so it stays
        # in front of the family name instead of being taken for a first name.
        head = encode_name_part(particle, unicode=unicode, tex=tex)
        family = (head if particle[:1].islower() else "{" + head + "}") + " " + family
    # A part that is only white space is no part: "0 0, " would read back as given "0", family "0".
    given = encode_name_part(name.given, unicode=unicode, tex=tex).strip() if name.given else ""
    suffix = encode_name_part(name.suffix, unicode=unicode, tex=tex).strip() if name.suffix else ""
    if suffix:
        return f"{family}, {suffix}, {given}"
    if given:
        return f"{family}, {given}"
    if " " in family.strip() and not particle and not _braced_whole(family):
        # A family name alone ("American Legislative Exchange Council"): unbraced, BibTeX would take
        # its last word for the family name and the rest for given names.
        return "{" + family + "}"
    return family


def _braced_whole(text: str) -> bool:
    """True when one brace group holds all of ``text`` (``{Barnes and Noble}``, not ``{\\textexclamdown} 0``)."""
    if not text.startswith("{"):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "{") - (ch == "}")
        if depth == 0:
            return i == len(text) - 1
    return False


_LIST_AND = re.compile(r"(?<=\s)and(?=\s)", re.I)

# BibTeX ends a key at a comma or space and an entry at a brace (keys.py makes keys valid first; this is the last guard).
_KEY_BAD = re.compile(r"[\s,{}()=\"#%']")


@functools.lru_cache(maxsize=65536)
def safe_key(key: str) -> str:
    """``key`` with every character that could end the key or the entry replaced by ``_``."""
    if not _KEY_BAD.search(key) and key.isprintable():
        return key
    cleaned = _KEY_BAD.sub("_", "".join(c if c.isprintable() else "_" for c in key))
    return cleaned or "key"


def _sort_text(entry: Entry) -> str:
    text = re.sub(r"[^A-Za-z0-9 ]+", "", fold_ascii(re.sub(r"<[^>]+>", "", entry.title or ""))).strip()
    return " ".join(text.split()[:6])


def _sort_key(entry: Entry) -> str:
    return _sort_text(entry) or safe_key(entry.key or "anon")


#: Variables the fresh writer puts in by hand (arXiv's form, the dialect's dates, names, the note).
_WRITTEN_APART = frozenset({"arxiv-id", "arxiv-primary-class", "note", "DOI", "URL", "issued", "author"})


@functools.lru_cache(maxsize=256)
def _rows_for(etype: str, with_vars: bool) -> tuple[bibmap.FieldMap, ...]:
    """The table's rows for a .bib type: the first that fits each CSL variable, in table order;
    without ``with_vars`` only those held in named Entry fields."""
    rows: dict[str, bibmap.FieldMap] = {}
    for row in FIELDS:
        if (not row.types or etype in row.types) and row.csl not in rows:
            rows[row.csl] = row
    return tuple(r for r in rows.values() if (with_vars or r.entry is not None) and r.csl not in _WRITTEN_APART)


@functools.lru_cache(maxsize=512)
def _row_plan(etype: str, with_vars: bool, dialect: str) -> tuple[tuple[bibmap.FieldMap, str | None], ...]:
    """:func:`_rows_for` with the field each row is written to in ``dialect`` (:func:`citekit.bibmap.write_field`),
    worked out once per type rather than once per value."""
    return tuple((row, write_field(row.csl, etype, dialect)) for row in _rows_for(etype, with_vars))


@functools.lru_cache(maxsize=256)
def _type_vars(etype: str) -> frozenset[str]:
    """The CSL variables some row of the table writes in a .bib ``etype`` entry."""
    return frozenset(r.csl for r in _rows_for(etype, True))


def _arxiv_own(csl: str, value: Any, arxiv_id: str) -> bool:
    """True for the values Zotero's preprint form adds, which arXiv's eprint fields already carry."""
    if not isinstance(value, str):
        return False
    v = value.strip().lower()
    return (csl == "publisher" and v == "arxiv") or (csl == "number" and v == f"arxiv:{arxiv_id}".lower())


def _value_of(entry: Entry, row: bibmap.FieldMap) -> Any:
    """What ``entry`` holds for ``row``'s CSL variable (``vars`` wins over the named field)."""
    if row.csl in entry.vars and row.entry not in ("author",):
        return entry.vars[row.csl]
    if row.entry is not None:
        return getattr(entry, row.entry)
    return None


def _layout_entry(etype: str, key: str, fields: list[tuple[str, str]]) -> str:
    """``@type{key,`` and one aligned ``name = value,`` line a field (``\\x01``: a kept ``%`` line as it is)."""
    width = max([len(n) for n, _ in fields if n != "\x01"], default=0)
    lines = [f"@{etype}{{{key},"]
    lines += [f"  {value}" if fname == "\x01"  # a kept "% ..." line
              else f"  {fname.ljust(width)} = {value}," if "\x00" not in value
              else "  {} = {}, {}".format(fname.ljust(width), *value.split("\x00", 1)) for fname, value in fields]
    lines.append("}\n")
    return "\n".join(lines)


def _bare_preprint(entry: Entry) -> bool:
    """True for an arXiv listing's preprint (the snapshot's every record): an arXiv id, a string title or none,
    no CSL variables, no venue fields and no record of a user's own library.

    For such an entry :meth:`BibWriter._fresh` writes only arXiv's export form, which
    :func:`_preprint_fields` gives without walking the mapping table (a test holds the two
    to the same output).
    """
    if entry.type != "article" or not entry.arxiv_id or entry.vars or not isinstance(entry.title, (str, type(None))):
        return False
    extra = entry.extra
    if extra and ("bibtex" in extra or "csl" in extra):
        return False
    # The named fields a venue or a user's note would fill, asked one by one (a loop of getattr costs twice as much).
    if entry.container_title or entry.volume or entry.issue or entry.page or entry.publisher or entry.number \
            or entry.note or entry.URL:
        return False
    return not is_record(entry)


def _preprint_fields(writer: BibWriter, entry: Entry, unicode: bool, notes: list[Problem]) -> list[tuple[str, str]]:
    """:meth:`BibWriter._fresh`'s fields of a :func:`_bare_preprint` entry in BibTeX, in :data:`_ORDER`: the same
    values through the same encoders, without the rows, notes and type rules that cannot apply to it."""
    fields: list[tuple[str, str]] = []
    title = entry.title
    if title:
        tex = _holds_tex(entry, "title")
        fields.append(("title", "{" + encode_rich(textcase.protect_capitals(title, tex, None), unicode=unicode,
                                                  protect=True, tex=tex) + "}"))
    if entry.author:
        fields.append(("author", "{" + format_names(entry.author, unicode, bool(entry.extra.get("et_al")),
                                                    _holds_tex(entry, "author")) + "}"))
    else:
        fields.append(("key", "{" + _sort_key(entry) + "}"))
    writer._report_dropping_particles(entry, notes)
    date = issued_date(entry)
    if date is not None and date.year:  # a preprint's month is arXiv's to give (its id), not written
        fields.append(("year", "{" + str(date.year) + "}"))
    doi = entry.DOI
    if doi and not doi.lower().startswith(_ARXIV_DOI_PREFIX_LOWER):
        value = _verbatim(doi, "doi")
        fields.append(("doi", "{" + value + "}"))
        if value != " ".join(doi.split()):
            notes.append(Problem(f"DOI {doi!r} of {entry.key!r} holds characters TeX reads as commands; "
                                 f"written percent-encoded as {value!r}", *_where(entry)))
    arxiv_id = entry.arxiv_id
    # An id or class of letters, digits, dots, slashes and hyphens (every real one) is its own verbatim and URL form.
    plain_id = _PLAIN_TOKEN.fullmatch(arxiv_id) is not None
    fields.append(("eprint", "{" + (arxiv_id if plain_id else _verbatim(arxiv_id, "eprint")) + "}"))
    fields.append(("archivePrefix", "{arXiv}"))
    primary_class = entry.primary_class
    if primary_class:
        fields.append(("primaryClass", "{" + (primary_class if _PLAIN_TOKEN.fullmatch(primary_class)
                                              else _verbatim(primary_class, "primaryclass")) + "}"))
    url = arxiv_url(arxiv_id)
    fields.append(("url", "{" + (url if plain_id else _verbatim(url, "url")) + "}"))
    journal_ref = entry.journal_ref
    if journal_ref and normalize_title(journal_ref) not in _NO_NOTE:
        # A journal reference that could not be read with confidence: the preprint keeps it as written.
        fields.append(("note", "{" + encode_rich(journal_ref, unicode=unicode, tex=_holds_tex(entry, "note")) + "}"))
    return fields


def _preprint_tail(fields: list[tuple[str, str]]) -> str | None:
    """What follows the key of a :func:`_bare_preprint` entry laid out as :func:`_layout_entry` lays it out;
    None when a value holds ``\x00`` (that layout's mark for a trailing comment: never made here)."""
    # Every name is one of _PREPRINT_PAD's and "archivePrefix" (the longest) is always there,
    # so each line's head is known; no value holds "\x00" (the encoders drop or escape controls).
    tail = "".join([",\n"] + [f"{_PREPRINT_PAD[name]}{value},\n" for name, value in fields]) + "}\n"
    return None if "\x00" in tail else tail


_ARXIV_DOI_PREFIX_LOWER = ARXIV_DOI_PREFIX.lower()
#: What encode_url and encode_verbatim give back as it is, with nothing to collapse: ids and classes as arXiv spells them.
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9./-]+")
#: The head of each line :func:`_preprint_fields` gives, aligned as :func:`_layout_entry` aligns them.
_PREPRINT_PAD = {name: f"  {name.ljust(13)} = " for name in ("title", "author", "key", "year", "doi", "eprint",
                                                              "archivePrefix", "primaryClass", "url", "note")}
#: What an entry without a note compares a journal reference with (``_fresh``'s test: the note does not hold it already).
_NO_NOTE = normalize_title("")


@dataclass(frozen=True, slots=True)
class BibWriter:
    """Writes a library as BibTeX (``dialect="bibtex"``) or BibLaTeX (``"biblatex"``)."""

    name: str
    description: str
    dialect: str
    extension: str = ".bib"
    #: Entry fields never printed for an arXiv listing's entry (one not of a user's library): arXiv's
    #: export form has no abstract (``_fresh`` leaves a listing's out) and no field holds a comment.
    #: A streaming reader may leave them unread (see :func:`citekit.stream.chunks`).
    listing_unread: frozenset[str] = frozenset({"abstract", "comment"})

    def write(self, library: Library, options: ExportOptions) -> str:
        """The whole .bib text: entries in order, kept blocks in their places (macros first if entries moved).

        Where two blocks of one file are neighbours in the output as they were in the file,
        the text between them is written as it stood (so an unchanged file comes back byte
        for byte); anywhere else one blank line parts them.
        """
        layout = _Layout()
        in_order = _in_file_order(library.entries)
        if in_order:
            # Every block stays where it stood: each @string still precedes its uses.
            pending = _VerbatimQueue(list(library.verbatim))
        else:
            # Macros come before every entry: after merging, an entry that uses one may move up.
            for block in library.verbatim:
                if block.kind in ("string", "preamble"):
                    layout.add_verbatim(block)
            pending = _VerbatimQueue([b for b in library.verbatim if b.kind not in ("string", "preamble")])
        seen: dict[str, int] = {}
        notes: list[Problem] = []
        # A file of macros alone (IEEEabrv.bib read with refs.bib) has no entry to stand before: its
        # blocks go before the first entry, so every @string precedes its first use (bibtex reads in order).
        with_entries = {_bib_origin(e) for e in library.entries}
        alone = {b.origin for b in library.verbatim if b.kind in ("string", "preamble")} - with_entries
        for entry in library.entries:
            if alone:
                for origin_alone in sorted(alone, key=lambda o: [b.origin for b in library.verbatim].index(o)):
                    for block in pending.take(origin_alone, 1 << 62):
                        layout.add_verbatim(block)
                alone = set()
            origin = _bib_origin(entry)
            if origin is not None:
                for block in pending.take(origin, _entries_before(entry, seen.get(origin, 0), in_order)):
                    layout.add_verbatim(block)
                seen[origin] = seen.get(origin, 0) + 1
            if entry.key and safe_key(entry.key) != entry.key:
                where = entry.sources[0] if entry.sources else None
                library.key_changes.append(KeyChange(entry.key, safe_key(entry.key), "invalid character",
                                                     where.origin if where else "<input>",
                                                     where.line if where else None))
                notes.append(Problem(f"citation key {entry.key!r} cannot be written as it is; written as "
                                     f"{safe_key(entry.key)!r}", *(_where(entry))))
            layout.add(self._entry_text(entry, options, notes), _entry_place(entry))
        for block in pending.rest():
            layout.add_verbatim(block)
        library.problems.extend(notes)
        return layout.text()

    def write_stream(self, entries: Iterable[Entry], out: TextIO, options: ExportOptions) -> int:
        """Write ``entries`` to ``out`` one by one, as :meth:`write` lays them out; the count written.

        A stream carries no kept @string/@preamble/comment blocks (streaming readers have none).
        """
        count = 0
        write = out.write
        entry_text = self.entry_text
        for entry in entries:
            if count:
                write("\n")
            write(entry_text(entry, options))
            count += 1
        return count

    def entry_parts(self, entry: Entry, options: ExportOptions) -> tuple[str, str] | None:
        """:meth:`entry_text` around the key, ``(head, tail)``, for a key chosen later; None when
        the key shows elsewhere in the entry too (an authorless entry's sort key, a .bib round trip).

        The streaming path renders entries in worker processes before their keys are unique.
        """
        if self.dialect == "bibtex" and _bare_preprint(entry) and (entry.author or _sort_text(entry)):
            # What entry_text gives (a bare preprint is citable, no record), put together around the key.
            tail = _preprint_tail(_preprint_fields(self, entry, options.unicode, []))
            if tail is not None:
                return "@misc{", tail
        if isinstance(entry.extra.get("bibtex"), dict) or (not entry.author and not _sort_text(entry)) \
                or not (is_citable(entry) or is_record(entry)):
            return None
        saved = entry.key
        entry.key = "\x00"
        try:
            text = self.entry_text(entry, options)
        finally:
            entry.key = saved
        cut = text.index("{") + 1
        return text[:cut], text[cut + 1 :]

    def entry_text(self, entry: Entry, options: ExportOptions) -> str:
        """One entry as ``@type{key,\\n  field = {value},\\n}`` (or comment lines for a non-citation)."""
        return self._entry_text(entry, options, [])

    def _entry_text(self, entry: Entry, options: ExportOptions, notes: list[Problem]) -> str:
        if not is_citable(entry) and not is_record(entry):
            return _comment_block(entry)
        bib = entry.extra.get("bibtex")
        key = safe_key(entry.key or "anon")
        if isinstance(bib, dict) and bib.get("fields") is not None:
            raw = bib.get("raw")
            if raw and bib.get("snapshot") is not None:
                from ..sources.bibtex import snapshot

                now = snapshot(entry)
                if now == bib["snapshot"]:
                    return raw + "\n"
                if now[1] == bib["snapshot"][1] and bib.get("key") is not None:
                    start, end = bib["key_span"]
                    return raw[:start] + key + raw[end:] + "\n"
            etype, fields = self._round_trip(entry, bib, options, notes)
        elif self.dialect == "bibtex" and _bare_preprint(entry):
            fields = _preprint_fields(self, entry, options.unicode, notes)
            tail = _preprint_tail(fields)
            if tail is not None:
                return "@misc{" + key + tail
            etype = "misc"
        else:
            etype, fields = self._fresh(entry, options, notes)
        return _layout_entry(etype, key, fields)

    # -- fresh entries --------------------------------------------------------------

    def _type(self, entry: Entry) -> str:
        """The .bib type: arXiv's forms for preprints and their published versions, else the table's."""
        published = is_published(entry)
        venue = entry.container_title or entry.vars.get("container-title")
        if entry.type in ("article", "article-journal", "paper-conference") and (entry.arxiv_id or entry.type == "article"):
            if published and venue and (issued_date(entry) or self.dialect == "biblatex"):
                return "inproceedings" if entry.type == "paper-conference" else "article"
            if self.dialect == "biblatex":
                return "online" if entry.arxiv_id or entry.URL else "misc"
            return "misc"
        genre = entry.vars.get("genre") if isinstance(entry.vars.get("genre"), str) else None
        etype = csl_to_bib_type(entry.type, self.dialect, genre)
        if etype in ("article", "inproceedings") and not venue:
            return "online" if self.dialect == "biblatex" and entry.URL else "misc"
        return etype

    def _fresh(self, entry: Entry, options: ExportOptions, notes: list[Problem]) -> tuple[str, list[tuple[str, str]]]:
        u = options.unicode
        etype = self._type(entry)
        fields: dict[str, str] = {}
        extra_notes: list[str] = []
        from_note, note_text = _note_fields(entry)
        has_vars = bool(entry.vars)
        # A user's own record keeps every field; arXiv's bare export form is for listings and arXiv's data.
        library = is_record(entry)
        if entry.journal_ref and not is_published(entry) and not library \
                and normalize_title(entry.journal_ref) not in normalize_title(note_text or ""):
            # A journal reference that could not be read with confidence: the preprint keeps it as written.
            note_text = "\n".join(t for t in (note_text, entry.journal_ref) if t)
        for row, name in _row_plan(etype, has_vars, self.dialect):
            # The rows the writer puts in by hand (arXiv's form, dates, names, note) are left out of the list.
            value = entry.vars.get(row.csl) if has_vars else None
            if value is None and row.entry is not None:
                value = getattr(entry, row.entry)
            if not value:
                continue
            if row.csl in ("publisher", "number") and entry.arxiv_id and not library \
                    and _arxiv_own(row.csl, value, entry.arxiv_id):
                continue  # Zotero's preprint form (publisher arXiv, number arXiv:ID): eprint says it
            if row.csl == "abstract" and not library:
                continue  # a listing's abstract stays out, as in arXiv's own export; a user's library keeps its own
            if row.csl == "container-title" and self.dialect == "bibtex" and etype == "misc" \
                    and "howpublished" not in fields:
                # A web page's site, a preprint server: what classic BibTeX's @misc prints as "how published".
                fields["howpublished"] = "{" + encode_rich(str(value), unicode=u, tex=_holds_tex(entry, row.entry)) + "}"
                continue
            if name == "editor" and self.dialect == "bibtex" and etype in _AUTHOR_OR_EDITOR and entry.author:
                name = None  # plain.bst: "can't use both author and editor" in a book; the note keeps it
            if name is None or name in fields:
                self._left_out(entry, row.csl, etype, value, extra_notes, notes)
                continue
            if row.csl == "genre" and self.dialect == "biblatex" and isinstance(value, str):
                value = bibmap.GENRE_TO_KEY.get(value.lower(), value)  # biblatex localises its own keys
            tex = _holds_tex(entry, row.entry)
            if row.csl in _SENTENCE_CASED and isinstance(value, str) and "bibtex" not in entry.extra \
                    and not (row.csl == "container-title" and etype == "article"):
                # CSL titles are in sentence case (CSL 1.0.2): the capitals a reader's sentence case would lower stay.
                # A title read from elsewhere only when it looks it, which is asked only when a capital would be braced.
                value = textcase.protect_capitals(value, tex, True if "csl" in entry.extra else None)
            encoded = self._encode(row, value, u, tex)
            if encoded is not None and row.csl in ("publisher", "publisher-place"):
                # biblatex's literal lists split at "and": "Little, Brown {and} Company" stays one publisher.
                encoded = _LIST_AND.sub("{and}", encoded)
            if encoded is not None:
                fields[name] = encoded
            else:
                # A literal date ("13th cent") has no EDTF form biber reads: a note line keeps it.
                self._left_out(entry, row.csl, etype, value, extra_notes, notes)
        if has_vars:
            # CSL variables no row of the table writes (call-number, director, archive_location, ...):
            # note lines in Zotero's form, which citekit's reader and citeproc-js read back.
            derived = set(entry.extra.get("bibtex", {}).get("derived", ())) if "bibtex" in entry.extra else set()
            # A variable whose table rows are all for other types (an issue of a @misc) is left out like the rest.
            written = _type_vars(etype)
            for var, value in entry.vars.items():
                if var in written or (var in _TABLE_VARS and var not in _TYPED_VARS) or var in _NOT_VARIABLES \
                        or "vars:" + var in derived or value in (None, "", [], {}):
                    continue
                self._left_out(entry, var, etype, value, extra_notes, notes)
        for row in _TYPED_ENTRY_ROWS:
            # A named field whose rows are all for other types (the issue of a @misc): a note line, not lost.
            if row.csl not in entry.vars and row.csl not in _type_vars(etype):
                value = getattr(entry, row.entry)
                if value:
                    self._left_out(entry, row.csl, etype, value, extra_notes, notes)
        if entry.author and self.dialect == "biblatex" and not bibmap.biblatex_accepts(etype, "author"):
            self._left_out(entry, "author", etype, "; ".join(n.display() for n in entry.author), extra_notes, notes)
        elif entry.author:
            fields["author"] = "{" + format_names(entry.author, u, bool(entry.extra.get("et_al")),
                                                  _holds_tex(entry, "author")) + "}"
        elif "editor" not in fields:
            fields["key"] = "{" + _sort_key(entry) + "}"
        if self.dialect == "biblatex" and _has_particle(entry, "non_dropping_particle"):
            # biblatex prints a von part after the given name unless useprefix=true (its default is false):
            # CSL's non-dropping particle ("van Gogh, V.") is useprefix=true, a dropping one the default.
            fields["options"] = "{useprefix=true}"
        self._report_dropping_particles(entry, notes)
        published = is_published(entry)
        self._dates(entry, fields, published, library)
        if entry.DOI and (published or library or not entry.DOI.lower().startswith(ARXIV_DOI_PREFIX.lower())
                          or not entry.arxiv_id):
            fields["doi"] = "{" + _verbatim(entry.DOI, "doi") + "}"
            if fields["doi"][1:-1] != " ".join(entry.DOI.split()):
                notes.append(Problem(f"DOI {entry.DOI!r} of {entry.key!r} holds characters TeX reads as commands; "
                                     f"written percent-encoded as {fields['doi'][1:-1]!r}", *_where(entry)))
        if entry.arxiv_id:
            fields["eprint"] = "{" + _verbatim(entry.arxiv_id, "eprint") + "}"
            if self.dialect == "biblatex":
                fields["eprinttype"] = "{arxiv}"
            else:
                fields["archivePrefix"] = "{arXiv}"
            if entry.primary_class:
                fields["eprintclass" if self.dialect == "biblatex" else "primaryClass"] = \
                    "{" + _verbatim(entry.primary_class, "primaryclass") + "}"
        url = entry.URL or (arxiv_url(entry.arxiv_id) if entry.arxiv_id else None)
        if url and (self.dialect == "biblatex" or not published or entry.URL):
            fields["url"] = "{" + _verbatim(url, "url") + "}"
        for name, value in from_note:
            lname = name.lower()
            if lname in fields or lname in {f.lower() for f in fields} \
                    or self.dialect == "biblatex" and not bibmap.biblatex_accepts(etype, lname):
                extra_notes.append(bibmap.field_note_line(name, value))
            else:
                kind = "verbatim" if lname in bibmap.VERBATIM else "text"
                fields[name] = "{" + (_verbatim(value, lname) if kind == "verbatim"
                                      else encode(value, unicode=u, tex=_holds_tex(entry, "note"))) + "}"
        note = "\n".join([t for t in (note_text,) if t] + extra_notes)
        if note:
            fields["note"] = "{" + encode_rich(note.replace("\n", "; ") if extra_notes else note, unicode=u,
                                               tex=_holds_tex(entry, "note")) + "}"
        if self.dialect == "biblatex" and "key" in fields:
            fields["sortkey"] = fields.pop("key")  # biblatex's name for BibTeX's sort fallback
        return etype, _ordered(fields)

    def _report_dropping_particles(self, entry: Entry, notes: list[Problem]) -> None:
        """CSL's dropping particle ("Robert van Krieken", sorted under K) has no BibTeX form (nor a biblatex
        one in an entry written with useprefix=true): the von part it becomes reads back as CSL's
        non-dropping particle; said once a name variable."""
        if not entry.vars and not any(name.dropping_particle for name in entry.author):
            return  # nothing to say (the common case, told without the lists below)
        if self.dialect == "biblatex" and not _has_particle(entry, "non_dropping_particle"):
            return  # biblatex's default useprefix=false is CSL's dropping particle
        people = [("author", list(entry.author))] + [(var, _names(v)) for var, v in entry.vars.items()
                                                    if var != "author" and isinstance(v, list) and v
                                                    and all(isinstance(p, (dict, Name)) for p in v)]
        for var, names in people:
            dropping = [n for n in names if n.dropping_particle and not n.non_dropping_particle]
            if dropping:
                notes.append(Problem(
                    f"{var}: {len(dropping)} dropping particle(s) ({dropping[0].dropping_particle!r} of "
                    f"{dropping[0].family!r}) written as the von part, which reads back as non-dropping; "
                    f"in {entry.key!r}", *_where(entry)))

    def _left_out(self, entry: Entry, csl: str, etype: str, value: Any, extra_notes: list[str],
                  notes: list[Problem]) -> None:
        """A variable the target type has no field for: a note line where it is text, else reported."""
        if csl == "publisher" and entry.arxiv_id and str(value).strip().lower() == "arxiv":
            return  # Zotero's preprint form: the eprint fields already say it
        lines = note_lines(csl, value)
        if lines:
            extra_notes.extend(lines)
            return
        notes.append(Problem(
            f"{csl} = {_short(value)!r} has no field in {self.dialect} @{etype}; left out of {entry.key!r}",
            *_where(entry)))

    def _encode(self, row: bibmap.FieldMap, value: Any, unicode: bool, tex: bool = True) -> str | None:
        kind = row.kind
        if kind == "names":
            people = _names(value)
            return "{" + format_names(people, unicode, tex=tex) + "}" if people else None
        if kind == "date":
            text = _edtf(value) if isinstance(value, dict) else (value.iso() if isinstance(value, PartialDate) else None)
            return "{" + text + "}" if text else None
        return "{" + _encode_kind(str(value), kind, unicode, row.bibtex or row.csl, tex) + "}"

    def _dates(self, entry: Entry, fields: dict[str, str], published: bool, library: bool) -> None:
        csl = entry.vars.get("issued") if isinstance(entry.vars.get("issued"), dict) else None
        date = issued_date(entry)
        if self.dialect == "biblatex":
            text = _edtf(csl) if csl else (date.iso() if date is not None and date.year else None)
            if text:
                fields["date"] = "{" + text + "}"
            elif csl and csl.get("literal"):
                fields["year"] = "{" + encode(str(csl["literal"]), tex=_holds_tex(entry, "issued")) + "}"
            else:
                # EDTF's unspecified year: biber requires a date and accepts this one; no year is invented.
                known = entry.issued
                fields["date"] = "{XXXX" + (f"-{known.month:02d}" if known and known.month else "") + (
                    f"-{known.day:02d}" if known and known.day else "") + "}"
            return
        year = _bibtex_year(csl, date, _holds_tex(entry, "issued"))
        if year:
            fields["year"] = "{" + year + "}"
            month = date.month if date is not None else None
            if month and (published or not entry.arxiv_id or library) \
                    and (not csl or "season" not in csl):
                fields["month"] = MONTHS[month - 1]
                if date is not None and date.day and library:
                    fields["day"] = "{" + str(date.day) + "}"  # styles ignore it; the record keeps it
        if csl and library and (len(csl.get("date-parts") or []) > 1 or "season" in csl or "circa" in csl
                                or year and year.endswith(" BC") or (date is None and csl.get("date-parts"))):
            # A range, season, circa or a year of fewer than four digits (a Zotero date "12/4/9"): BibTeX
            # styles print the year; the date field (which they ignore, and citekit and biber read) keeps
            # the whole date.
            text = _edtf(csl)
            if text:
                fields["date"] = "{" + text + "}"

    # -- entries read from a .bib ---------------------------------------------------

    def _round_trip(self, entry: Entry, bib: dict[str, Any], options: ExportOptions,
                    notes: list[Problem]) -> tuple[str, list[tuple[str, str]]]:
        """The entry as it was read, with the values the pipeline changed re-encoded."""
        raw: dict[str, str] = bib["fields"]
        comments: dict[str, str] = bib.get("comments", {})
        decoded: dict[str, Any] = bib.get("decoded", {})
        btype = bib.get("type") or "misc"
        out: list[tuple[str, str]] = []
        done: set[str] = set()
        u = options.unicode
        for name, value in raw.items():
            row = read_field(name, btype)
            if row is not None:
                where = row.entry or "vars:" + row.csl
                if where in decoded and where not in done:
                    done.add(where)
                    now = self._current(entry, row)
                    if (now if isinstance(now, str) else fingerprint(now)) != decoded[where] and now not in (None, "", [], ()):
                        encoded = self._encode_current(entry, row, u)
                        if encoded is not None:
                            value = encoded
            if not _safe_raw(value):
                value = "{" + encode(value, unicode=u) + "}"
            if name in comments:
                value = f"{value}\x00{comments[name]}"  # the trailing "% ..." goes after the comma
            for line in bib.get("leading", {}).get(name, ()):
                out.append(("\x01", line))  # a commented-out line stays before its field
            out.append((name, value))
        # What the pipeline added (enrichment): written fresh after the user's own fields.
        have = {n.lower() for n, _ in out}
        inherited = set(bib.get("inherited", ())) | set(bib.get("derived", ()))
        fresh = dict(self._fresh(entry, options, [])[1])
        for row in FIELDS:
            where = row.entry or "vars:" + row.csl
            if where in done or where in decoded or where in inherited or (row.types and btype.lower() not in row.types):
                continue
            if _value_of(entry, row) in (None, "", [], {}):
                continue
            name = write_field(row.csl, btype, self.dialect)
            if name is None or name.lower() in have:
                continue
            value = fresh.get(name)
            if value is None:
                value = self._encode(row, _value_of(entry, row), u)
            if value is not None:
                out.append((name, value))
                have.add(name.lower())
                done.add(where)
        for extra in ("eprint", "archivePrefix", "primaryClass", "eprinttype", "eprintclass", "doi", "url"):
            if extra.lower() not in have and extra in fresh and entry.arxiv_id and "arxiv_id" not in decoded:
                out.append((extra, fresh[extra]))
        out += [("\x01", line) for line in bib.get("tail", ())]
        return btype, out

    def _current(self, entry: Entry, row: bibmap.FieldMap) -> Any:
        """``entry``'s value for ``row`` in the form the reader recorded."""
        if row.kind == "names":
            if row.entry == "author":
                return (tuple(entry.author), bool(entry.extra.get("et_al")))
            return tuple(_names(entry.vars.get(row.csl)))
        if row.kind == "date":
            if row.csl == "issued":
                csl = entry.vars.get("issued")
                return (entry.issued, repr(csl)) if entry.issued or csl else None
            return repr(entry.vars.get(row.csl)) if row.csl in entry.vars else None
        if row.entry is not None:
            return getattr(entry, row.entry)
        return entry.vars.get(row.csl)

    def _encode_current(self, entry: Entry, row: bibmap.FieldMap, unicode: bool) -> str | None:
        if row.kind == "names" and row.entry == "author":
            return "{" + format_names(entry.author, unicode, bool(entry.extra.get("et_al"))) + "}"
        if row.kind == "date" and row.csl == "issued":
            date = issued_date(entry)
            return "{" + (date.iso() if self.dialect == "biblatex" else str(date.year)) + "}" if date and date.year else None
        return self._encode(row, self._current(entry, row), unicode)


#: Classic BibTeX types whose styles take an author or an editor, not both.
_AUTHOR_OR_EDITOR = frozenset({"book", "inbook"})


#: Title variables a reader puts in sentence case (journal names are not among them).
_SENTENCE_CASED = frozenset({"title", "container-title", "collection-title", "event-title", "original-title",
                             "title-short", "volume-title"})
#: CSL variables some row of the mapping table writes, and model keys that are no CSL variable.
_TABLE_VARS = frozenset(row.csl for row in FIELDS) | _WRITTEN_APART
# Variables the table writes only for some types (every row names its types).
_TYPED_VARS = frozenset(row.csl for row in FIELDS if row.types) - frozenset(
    row.csl for row in FIELDS if not row.types) - _WRITTEN_APART
_TYPED_ENTRY_ROWS = tuple({row.csl: row for row in FIELDS if row.csl in _TYPED_VARS and row.entry}.values())
_NOT_VARIABLES = frozenset({"custom", "categories", "title", "container-title", "id", "type", "citation-key"})


def note_lines(csl: str, value: Any) -> list[str]:
    """``csl: value`` note lines for a variable a .bib type has no field for, as Zotero writes CSL in Extra.

    Names go one per line as ``Family || Given`` (citeproc-js's and citekit's reading),
    dates as ISO 8601/EDTF; text and numbers as they are. Empty for a value of no such form.
    """
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return [f"{csl}: {text}"] if text else []
    if isinstance(value, list) and value and all(isinstance(v, (dict, Name)) for v in value):
        out = []
        for person in _names(value):
            if person.literal:
                out.append(f"{csl}: {person.literal}")
            else:
                family = " ".join(p for p in (person.non_dropping_particle, person.family) if p)
                given = " ".join(p for p in (person.given, person.dropping_particle) if p)
                out.append(f"{csl}: {family} || {given}" if given else f"{csl}: {family}")
        return out
    if isinstance(value, dict) and ("date-parts" in value or "literal" in value or "raw" in value):
        text = _edtf(value) or value.get("literal") or value.get("raw")
        return [f"{csl}: {text}"] if text else []
    return []


def _note_fields(entry: Entry) -> tuple[list[tuple[str, str]], str]:
    """``key: value`` lines of the CSL note whose key is a .bib field name, and the rest of the note."""
    note = entry.vars.get("note") if isinstance(entry.vars.get("note"), str) else entry.note
    if not note:
        return [], ""
    found: list[tuple[str, str]] = []
    rest: list[str] = []
    for line in note.split("\n"):
        m = _NOTE_LINE.match(line)
        if m and m.group(1).lower() not in _CSL_NOTE_WORDS:
            found.append((m.group(1), m.group(2).strip()))
        else:
            rest.append(line)
    return found, "\n".join(rest).strip()


# ``tex.name: value`` is Better BibTeX's line for a .bib field (citekit's reader writes a field whose name is a
# CSL variable so, so that no processor reads it as the variable): the field's name is what follows ``tex.``.
_NOTE_LINE = re.compile(r"^(?:tex\.)?([a-z][a-z0-9_-]*[a-z0-9]):\s(.*)$")
# Zotero's own note lines (CSL variables in "Extra") and words people start notes with.
_CSL_NOTE_WORDS = frozenset({"note", "see", "also", "tex.", "http", "https", "doi", "arxiv",
                             # biblatex runs an "execute" field as TeX code and reads "options" as its own
                             # settings: a note line never becomes either
                             "execute", "options"})


def _has_particle(entry: Entry, part: str) -> bool:
    """Whether a name of ``entry`` (author or any name variable) has a ``part`` particle."""
    people = list(entry.author) + [n for v in entry.vars.values() if isinstance(v, list) and v
                                   and all(isinstance(p, (dict, Name)) for p in v) for n in _names(v)]
    if part == "non_dropping_particle":
        # A family name with a lower-case word before its last ("de la Mare") is read back with a von part:
        # as a particle kept in front, like CSL's own reading of it (citeproc-js's parse-names).
        return any(n.non_dropping_particle or not n.dropping_particle and n.family
                   and any(w[:1].islower() for w in n.family.split()[:-1]) for n in people)
    return any(getattr(n, part) for n in people)


def _names(value: Any) -> list[Name]:
    out: list[Name] = []
    for item in value or []:
        if isinstance(item, Name):
            out.append(item)
        elif isinstance(item, dict):
            try:
                out.append(Name.from_csl(item))
            except ValueError:
                continue
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _where(entry: Entry) -> tuple[str, int | None]:
    src = entry.sources[0] if entry.sources else None
    return (src.origin, src.line) if src else ("<input>", None)


def _edtf_one(parts: list[Any]) -> str | None:
    try:
        nums = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None
    if not nums:
        return None
    year = nums[0]
    iso_year = year + 1 if year < 0 else year  # CSL's -1 is 1 BCE, ISO's 0000
    text = (f"-{abs(iso_year):04d}" if iso_year < 0 else f"{iso_year:04d}")
    if len(nums) > 1 and (13 <= nums[1] <= 16 or 21 <= nums[1] <= 24) and len(nums) == 2:
        text += f"-{nums[1] + 8 if nums[1] <= 16 else nums[1]}"  # a season: Zotero's 13-16 are EDTF's 21-24
    elif len(nums) > 1 and 1 <= nums[1] <= 12:
        text += f"-{nums[1]:02d}"
        if len(nums) > 2 and 1 <= nums[2] <= 31:
            text += f"-{nums[2]:02d}"
    return text


def _edtf(csl: dict[str, Any]) -> str | None:
    """A CSL date object as a biblatex (EDTF) date: ``2001/2002``, ``1999-21`` (spring), ``1850~``, ``-0043``."""
    parts = csl.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:
        return None
    first = _edtf_one(parts[0])
    if first is None:
        return None
    season = csl.get("season")
    if season and len(parts[0]) == 1 and str(season).strip().isdigit() and 1 <= int(season) <= 4:
        first += f"-{20 + int(season)}"
    if csl.get("circa") not in (None, False, "", 0, "false"):
        first += "~"
    if len(parts) > 1 and isinstance(parts[1], list) and parts[1]:
        if [str(p) for p in parts[1]] == ["0"]:
            return f"{first}/.."  # [0] is how Zotero and Better BibTeX mark an open end (there is no year 0)
        second = _edtf_one(parts[1])
        if second:
            return f"{first}/{second}"
    return first


def _bibtex_year(csl: dict[str, Any] | None, date: PartialDate | None, tex: bool = True) -> str | None:
    if csl:
        parts = csl.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                y1 = int(parts[0][0])
                y2 = int(parts[1][0]) if len(parts) > 1 and parts[1] else None
            except (TypeError, ValueError):
                return None
            first = str(y1) if y1 > 0 else f"{-y1} BC"
            return f"{first}--{y2}" if y2 and y2 != y1 else first
        if csl.get("literal"):
            return encode(str(csl["literal"]), tex=tex)
    if date is not None and date.year:
        return str(date.year)
    return None


def _comment_block(entry: Entry) -> str:
    """An entry that is no citation, as ``%`` lines bibtex and biber skip: where it came from, what it says."""
    src = entry.sources[0] if entry.sources else None
    where = f"{src.origin}:{src.line}" if src and src.line else (src.origin if src else "the input")
    # The whole abstract, so the .bib alone still tells which paper it was; "@" would start
    # an entry even in a comment line for bibtex.
    abstract = " ".join((entry.abstract or "").split()).replace("@", "(at)")
    lines = [f"% citekit: not a citation (no title, author or identifier) from {where}; --enrich may resolve it"]
    if abstract:
        import textwrap  # only for an entry that is no citation

        lines += ["% " + line for line in textwrap.wrap(f"Abstract: {abstract}", 88, break_on_hyphens=False)]
    return "\n".join(lines) + "\n"


def _encode_kind(value: str, kind: str, unicode: bool, name: str = "", tex: bool = True) -> str:
    if kind == "verbatim":
        return _verbatim(value, name)
    if kind == "pages":
        return encode_pages(value, unicode=unicode, tex=tex)
    return encode_rich(value, unicode=unicode, protect=(kind == "title"), tex=tex)


#: Readers whose values are text with no TeX in them: CSL-JSON has no math and no TeX commands (CSL
#: 1.0.2's only markup is its HTML-like rich text), so a "$p$" there is two dollar signs.
_TEXT_SOURCES = frozenset({"csl-json"})


def _holds_tex(entry: Entry, name: str | None) -> bool:
    """False when entry field ``name`` (or, for a CSL variable, the entry) was read as plain text:
    written with every TeX special escaped, so that reading the .bib back gives the same text."""
    prov = entry.where(name) if name else None
    if prov is None:
        prov = entry.sources[0] if entry.sources else None
    return prov is None or prov.source not in _TEXT_SOURCES


#: Verbatim fields that hold a URL or something resolved as one (a DOI, an arXiv id, a file link):
#: written percent-encoded where TeX could read them; every other verbatim field is escaped as text.
_URL_LIKE = frozenset({"doi", "url", "eprint", "file", "verba", "verbb", "verbc"})


def _verbatim(value: str, name: str) -> str:
    """A URL, DOI or id as no TeX reading can turn into a command (see :func:`citekit.latex.encode_url`)."""
    return encode_url(value) if name.lower() in _URL_LIKE else encode_verbatim(value)


def _safe_raw(value: str) -> bool:
    """True for a raw .bib value that cannot break its entry: braced/quoted, balanced, or a macro chain."""
    v = value.strip()
    if not v or not is_balanced(v):
        return False
    return bool(re.fullmatch(r'(?:\{.*\}|".*"|[A-Za-z0-9_:.+/\-]+)(?:\s*#\s*(?:\{.*\}|".*"|[A-Za-z0-9_:.+/\-]+))*', v, re.S))


_ORDER = ("title", "author", "editor", "translator", "bookauthor", "key", "sortkey", "journal", "journaltitle",
          "booktitle", "howpublished", "school", "institution", "organization", "edition", "series", "volume",
          "number", "chapter", "pages", "publisher", "address", "location", "year", "month", "date", "doi", "eprint",
          "archivePrefix", "eprinttype", "primaryClass", "eprintclass", "url", "urldate", "isbn", "issn", "note")


_RANK = {name: i for i, name in enumerate(_ORDER)}


def _ordered(fields: dict[str, str]) -> list[tuple[str, str]]:
    """The fields in :data:`_ORDER`, the others after them as they came (what a stable sort by rank gives)."""
    # Picking the ranked names in order is a few membership tests in C; a sort keyed by rank
    # called a Python function per field, on every entry written.
    head = [(name, fields[name]) for name in _ORDER if name in fields]
    if len(head) == len(fields):
        return head
    return head + [(name, value) for name, value in fields.items() if name not in _RANK]


def _in_file_order(entries: list[Entry]) -> bool:
    """True when the entries of each .bib file come in the order the file gave them (nothing moved up)."""
    last: dict[str, int] = {}
    for entry in entries:
        bib = entry.extra.get("bibtex")
        if not isinstance(bib, dict) or not isinstance(bib.get("line"), int):
            continue
        origin = bib.get("origin")
        if bib["line"] < last.get(origin, 0):
            return False
        last[origin] = bib["line"]
    return True


def _bib_origin(entry: Entry) -> str | None:
    bib = entry.extra.get("bibtex")
    if isinstance(bib, dict):
        return bib.get("origin")
    return None


def _entries_before(entry: Entry, written: int, in_order: bool) -> int:
    """How many of its file's entries stood before ``entry``: its own index in file order, else those written."""
    bib = entry.extra.get("bibtex")
    # In file order an entry merged away above must not hold back the comments that preceded this one.
    # The reader keeps "index" only where it differs from the block number "seq" (sources.bibtex.BIB_DEFAULTS).
    index = bib.get("index", bib.get("seq")) if in_order and isinstance(bib, dict) else None
    if isinstance(index, int):
        return index
    return written


class _VerbatimQueue:
    """Kept blocks handed out before the entry they preceded in their own file."""

    def __init__(self, blocks: list[Verbatim]) -> None:
        self._blocks = list(blocks)
        self._used = [False] * len(self._blocks)

    def take(self, origin: str, before: int) -> list[Verbatim]:
        """The blocks of ``origin`` not yet handed out that stood before its entry number ``before``."""
        out = []
        for i, block in enumerate(self._blocks):
            if not self._used[i] and block.origin == origin and block.before <= before:
                self._used[i] = True
                out.append(block)
        return out

    def rest(self) -> list[Verbatim]:
        """The blocks never handed out, in their order."""
        return [b for i, b in enumerate(self._blocks) if not self._used[i]]


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a block stood in its file: its number there, the text before it, the file's text after it if last."""

    origin: str
    seq: int
    gap: str
    tail: str | None


def _entry_place(entry: Entry) -> _Place | None:
    """An entry's place in the .bib it was read from, or None (not read from a .bib)."""
    bib = entry.extra.get("bibtex")
    if not isinstance(bib, dict) or not isinstance(bib.get("seq"), int):
        return None
    # No "gap" is the usual one line end between blocks (sources.bibtex.BIB_DEFAULTS).
    return _Place(bib.get("origin"), bib["seq"], bib.get("gap", "\n"), bib.get("file_tail"))


class _Layout:
    """The output text: blocks that kept their neighbour from the file keep the text between them.

    A block written as it stood (its file's previous block is the previous one written,
    or it opened its file and opens the output) is preceded by its gap, and the file's
    last block is followed by the file's tail; every other block is parted from the one
    before by exactly one blank line, as citekit always laid files out.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._last: tuple[str, int] | None = None  # (origin, seq) of the block written last
        self._tail: str | None = None  # the file's tail, when the block written last was its file's last
        self._cut = ""  # the whitespace the block written last lost to the blank-line rule

    def add(self, text: str, place: _Place | None) -> None:
        """One block: ``text`` as :meth:`BibWriter.entry_text` gives it (ending in a newline)."""
        own = text[:-1] if text.endswith("\n") else text  # the block as it stood, when nothing changed it
        if place is not None and self._follows(place):
            # The block before may have been laid out anew: the whitespace it ended with is the file's too.
            self._parts += [self._cut, place.gap, own]
            self._last, self._tail, self._cut = (place.origin, place.seq), place.tail, ""
            return
        body = text.rstrip()
        self._cut = own[len(body):]
        if self._parts:
            # One blank line after what is written, counting the newlines an as-it-stood block ends with.
            done = self._parts[-1]
            ending = len(done) - len(done.rstrip("\n"))
            self._parts.append("\n" * max(0, 2 - ending))
        self._parts.append(body)
        self._last = (place.origin, place.seq) if place is not None else None
        self._tail = None

    def add_verbatim(self, block: Verbatim) -> None:
        """A kept @string, @preamble or comment block."""
        place = _Place(block.origin, block.seq, block.gap, block.tail) if block.seq is not None else None
        self.add(block.text + "\n", place)

    def text(self) -> str:
        """Everything written: the file's own tail after its last block, else one final newline."""
        if not self._parts:
            return ""
        end = self._tail if self._tail is not None else ("" if self._parts[-1].endswith("\n") else "\n")
        return "".join(self._parts) + end

    def _follows(self, place: _Place) -> bool:
        if self._last is None:
            return not self._parts and place.seq == 0
        return self._last == (place.origin, place.seq - 1)


BIBTEX = BibWriter("bibtex", "BibTeX (.bib; arXiv's own export form for preprints)", "bibtex")
BIBLATEX = BibWriter("biblatex", "BibLaTeX (.bib for biber: @online/@article, eprinttype, date)", "biblatex")
