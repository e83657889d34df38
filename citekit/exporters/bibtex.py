"""BibTeX and BibLaTeX output.

BibTeX (``BIBTEX``): an arXiv preprint is written as arXiv's own export writes it,
``@misc{key, title, author, year, eprint, archivePrefix = {arXiv}, primaryClass,
url}``. A published paper (a non-arXiv DOI, a journal reference or a venue) becomes
``@article`` (``journal``) or ``@inproceedings`` (``booktitle``) with ``volume``,
``number``, ``pages``, ``month``, ``doi`` and the arXiv id kept (``eprint``,
``archivePrefix``, ``primaryClass``).

BibLaTeX (``BIBLATEX``): ``@online`` for preprints, ``@article`` /
``@inproceedings`` for published papers, with ``eprinttype = {arxiv}``,
``eprintclass`` and ``date = {YYYY-MM-DD}`` as far as the date is known.

The year (``date_policy = "first-version"``, the default) is the year of ``issued``,
which readers and the enricher set to the first version's date; when only the arXiv
id is known the year (and month) the id encodes is used, which is the first version's
too. No year known: no year or date field at all.

An entry with no author gets a ``key`` field (BibTeX's sort and label fallback), so
plain, unsrt and alpha compile it without "need author or key" warnings.

An entry read from a .bib keeps its type, field order, unknown fields and the raw
form of every value the pipeline did not change (``@string`` references included);
@string, @preamble and comments are written back in their places.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, TextIO

from ..bibmap import FIELDS, MONTHS, READ_FIELDS, csl_to_bib_type
from ..csl import arxiv_url, is_published
from ..ids import ARXIV_DOI_PREFIX, parse_arxiv_id
from ..keys import fold_ascii
from ..latex import encode, encode_name_part, is_balanced
from ..model import Entry, Library, Name, PartialDate, Verbatim
from . import ExportOptions

__all__ = ["BIBTEX", "BIBLATEX", "BibWriter", "format_names"]

_FIELD_BY_ENTRY = {f.entry: f for f in FIELDS}


def format_names(names: list[Name], unicode: bool, et_al: bool = False) -> str:
    """A BibTeX name list: ``Family, Given and ...``; literals braced whole."""
    parts = [_name_part(name, unicode) for name in names]
    if et_al:
        parts.append("others")
    return " and ".join(parts)


@functools.lru_cache(maxsize=16384)  # frequent authors recur; Name is immutable, the result a str
def _name_part(name: Name, unicode: bool) -> str:
    """One name of a BibTeX name list."""
    if name.literal:
        return "{" + encode(name.literal, unicode=unicode, keep_math=False) + "}"
    if name.given:
        return f"{_family(name.family or '', unicode)}, {encode_name_part(name.given, unicode=unicode)}"
    return _family(name.family or "", unicode)


def _family(family: str, unicode: bool) -> str:
    # Written as "Family, Given": BibTeX takes lower-case leading words as the von part
    # (van der Berg) and everything else as the last name, so compound names survive.
    return encode_name_part(family, unicode=unicode)


def _year_month(entry: Entry) -> tuple[int | None, int | None, int | None]:
    issued = entry.issued
    if issued is not None and issued.year is not None:
        return issued.year, issued.month, issued.day
    if entry.arxiv_id:
        found = parse_arxiv_id(entry.arxiv_id)
        if found:
            year, month = found.year_month
            return year, month, None
    return None, None, None


def _sort_text(entry: Entry) -> str:
    text = re.sub(r"[^A-Za-z0-9 ]+", "", fold_ascii(entry.title or "")).strip()
    return " ".join(text.split()[:6])


def _sort_key(entry: Entry) -> str:
    return _sort_text(entry) or (entry.key or "anon")


@dataclass(frozen=True, slots=True)
class BibWriter:
    """Writes a library as BibTeX (``dialect="bibtex"``) or BibLaTeX (``"biblatex"``)."""

    name: str
    description: str
    dialect: str
    extension: str = ".bib"

    def write(self, library: Library, options: ExportOptions) -> str:
        """The whole .bib text: entries in order, kept blocks in their places."""
        chunks: list[str] = []
        pending = _VerbatimQueue(library.verbatim)
        seen: dict[str, int] = {}
        for entry in library.entries:
            origin = _bib_origin(entry)
            if origin is not None:
                chunks.extend(pending.take(origin, seen.get(origin, 0)))
                seen[origin] = seen.get(origin, 0) + 1
            chunks.append(self.entry_text(entry, options))
        chunks.extend(pending.rest())
        return "\n".join(chunks)

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
        if isinstance(entry.extra.get("bibtex"), dict) or (not entry.author and not _sort_text(entry)):
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
        """One entry as ``@type{key,\\n  field = {value},\\n}``."""
        bib = entry.extra.get("bibtex")
        if isinstance(bib, dict) and bib.get("fields") is not None:
            etype, fields = self._round_trip(entry, bib, options)
        elif self.dialect == "biblatex":
            etype, fields = self._biblatex(entry, options)
        else:
            etype, fields = self._bibtex(entry, options)
        key = entry.key or "anon"
        width = max([len(n) for n, _ in fields], default=0)
        lines = [f"@{etype}{{{key},"]
        lines += [f"  {fname.ljust(width)} = {value}," for fname, value in fields]
        lines.append("}\n")
        return "\n".join(lines)

    # -- fresh entries --------------------------------------------------------------

    def _common(self, entry: Entry, options: ExportOptions) -> dict[str, str]:
        u = options.unicode
        out: dict[str, str] = {}
        if entry.title:
            out["title"] = "{" + encode(entry.title, unicode=u, protect=True) + "}"
        else:
            # Styles' bracketed description for a work without a title (biblatex requires one);
            # the abstract's opening words say which work it is.
            out["title"] = "{{[Untitled]}}"
            if entry.abstract:
                words = entry.abstract.split()
                opening = " ".join(words[:15]) + (" ..." if len(words) > 15 else "")
                out["note"] = "{Abstract: " + encode(opening, unicode=u) + "}"
        if entry.author:
            out["author"] = "{" + format_names(entry.author, u, bool(entry.extra.get("et_al"))) + "}"
        else:
            out["key"] = "{" + _sort_key(entry) + "}"
        return out

    def _bibtex(self, entry: Entry, options: ExportOptions) -> tuple[str, list[tuple[str, str]]]:
        u = options.unicode
        fields = self._common(entry, options)
        year, month, _ = _year_month(entry)
        published = is_published(entry)
        venue = entry.container_title or entry.journal_ref
        etype = "misc"
        if published and venue and year:
            etype = "inproceedings" if entry.type == "paper-conference" else "article"
        elif entry.type not in ("article", "article-journal", "paper-conference") and not entry.arxiv_id:
            etype = csl_to_bib_type(entry.type)
            if etype in ("article", "inproceedings"):
                etype = "misc"
        if etype == "article":
            fields["journal"] = "{" + encode(venue, unicode=u) + "}"
        elif etype == "inproceedings":
            fields["booktitle"] = "{" + encode(venue, unicode=u) + "}"
        elif venue and not entry.arxiv_id:
            fields["howpublished"] = "{" + encode(venue, unicode=u) + "}"
        if published:
            for attr in ("volume", "issue", "page", "publisher"):
                self._put(fields, entry, attr, options)
        if year:
            fields["year"] = "{" + str(year) + "}"
            if published and month:
                fields["month"] = MONTHS[month - 1]
        if published and entry.DOI and not entry.DOI.lower().startswith(ARXIV_DOI_PREFIX.lower()):
            fields["doi"] = "{" + _verbatim(entry.DOI) + "}"
        if entry.arxiv_id:
            fields["eprint"] = "{" + _verbatim(entry.arxiv_id) + "}"
            fields["archivePrefix"] = "{arXiv}"
            if entry.primary_class:
                fields["primaryClass"] = "{" + _verbatim(entry.primary_class) + "}"
        url = entry.URL or (arxiv_url(entry.arxiv_id) if entry.arxiv_id else None)
        if url and (not published or entry.URL):
            fields["url"] = "{" + _verbatim(url) + "}"
        if entry.note:
            fields["note"] = "{" + encode(entry.note, unicode=u) + "}"
        return etype, _ordered(fields)

    def _biblatex(self, entry: Entry, options: ExportOptions) -> tuple[str, list[tuple[str, str]]]:
        u = options.unicode
        fields = self._common(entry, options)
        if not entry.author:
            fields["sortkey"] = fields.pop("key")
        year, month, day = _year_month(entry)
        published = is_published(entry)
        venue = entry.container_title or entry.journal_ref
        etype = "online" if entry.arxiv_id or entry.URL else "misc"
        if published and venue:
            etype = "inproceedings" if entry.type == "paper-conference" else "article"
        elif entry.type not in ("article", "article-journal", "paper-conference", "webpage") and not entry.arxiv_id:
            etype = csl_to_bib_type(entry.type)
        if etype == "article":
            fields["journaltitle"] = "{" + encode(venue, unicode=u) + "}"
        elif etype == "inproceedings":
            fields["booktitle"] = "{" + encode(venue, unicode=u) + "}"
        if published:
            for attr in ("volume", "issue", "page", "publisher"):
                self._put(fields, entry, attr, options)
        if year:
            date = PartialDate(year, month, day) if month else PartialDate(year)
            fields["date"] = "{" + date.iso() + "}"
        else:
            # EDTF's unspecified year: biber requires a date and accepts this one; no year is invented.
            known = entry.issued
            fields["date"] = "{XXXX" + (f"-{known.month:02d}" if known and known.month else "") + (
                f"-{known.day:02d}" if known and known.day else "") + "}"
        if entry.DOI and (published or not entry.DOI.lower().startswith(ARXIV_DOI_PREFIX.lower())):
            fields["doi"] = "{" + _verbatim(entry.DOI) + "}"
        if entry.arxiv_id:
            fields["eprint"] = "{" + _verbatim(entry.arxiv_id) + "}"
            fields["eprinttype"] = "{arxiv}"
            if entry.primary_class:
                fields["eprintclass"] = "{" + _verbatim(entry.primary_class) + "}"
        url = entry.URL or (arxiv_url(entry.arxiv_id) if entry.arxiv_id else None)
        if url:
            fields["url"] = "{" + _verbatim(url) + "}"
        if entry.note:
            fields["note"] = "{" + encode(entry.note, unicode=u) + "}"
        return etype, _ordered(fields)

    def _put(self, fields: dict[str, str], entry: Entry, attr: str, options: ExportOptions) -> None:
        value = getattr(entry, attr)
        if not value:
            return
        fmap = _FIELD_BY_ENTRY[attr]
        name = fmap.biblatex if self.dialect == "biblatex" else fmap.bibtex
        fields[name] = "{" + _encode_kind(str(value), fmap.kind, options.unicode) + "}"

    # -- entries read from a .bib ---------------------------------------------------

    def _round_trip(self, entry: Entry, bib: dict[str, Any], options: ExportOptions) -> tuple[str, list[tuple[str, str]]]:
        """The entry as it was read, with the values the pipeline changed re-encoded."""
        raw: dict[str, str] = bib["fields"]
        decoded: dict[str, Any] = bib.get("decoded", {})
        out: list[tuple[str, str]] = []
        done: set[str] = set()
        for name, value in raw.items():
            lname = name.lower()
            fmap = READ_FIELDS.get(lname)
            if lname == "author":
                current = (entry.author, bool(entry.extra.get("et_al")))
                if current != decoded.get("author") and entry.author:
                    value = "{" + format_names(entry.author, options.unicode, current[1]) + "}"
                done.add("author")
            elif fmap is not None and fmap.entry not in done:
                now = getattr(entry, fmap.entry)
                if now != decoded.get(fmap.entry) and now:
                    value = "{" + _encode_kind(str(now), fmap.kind, options.unicode) + "}"
                done.add(fmap.entry)
            out.append((name, value if _safe_raw(value) else "{" + encode(value, unicode=options.unicode) + "}"))
        # Fields the pipeline added (enrichment): written fresh after the user's own.
        fresh = dict(self._biblatex(entry, options)[1] if self.dialect == "biblatex" else self._bibtex(entry, options)[1])
        have = {n.lower() for n, _ in out}
        for attr, fmap in _FIELD_BY_ENTRY.items():
            name = fmap.biblatex if self.dialect == "biblatex" else fmap.bibtex
            if attr in done or not getattr(entry, attr) or name is None:
                continue
            if name.lower() in have or any(a in have for a in fmap.aliases):
                continue
            if name in fresh:
                out.append((name, fresh[name]))
        if "author" not in done and entry.author and "author" not in have:
            out.append(("author", "{" + format_names(entry.author, options.unicode) + "}"))
        return bib.get("type") or "misc", out


def _encode_kind(value: str, kind: str, unicode: bool) -> str:
    if kind == "verbatim":
        return _verbatim(value)
    if kind == "pages":
        return encode(re.sub(r"(?<=\w)\s*[-‐‑–—]+\s*(?=\w)", "--", value), unicode=unicode).replace("-{}-", "--")
    return encode(value, unicode=unicode, protect=(kind == "title"))


def _verbatim(value: str) -> str:
    """A URL, DOI or id: kept as typed, but braces balanced and no field break-out."""
    # The usual id or URL: no whitespace (every whitespace character but the space is
    # unprintable), no brace, no trailing backslash: kept as it is.
    if value.isprintable() and " " not in value and "{" not in value and "}" not in value and value[-1:] != "\\":
        return value
    value = " ".join(value.split())
    if is_balanced(value) and not value.endswith("\\"):
        return value
    return value.replace("{", "%7B").replace("}", "%7D").rstrip("\\")


def _safe_raw(value: str) -> bool:
    """True for a raw .bib value that cannot break its entry: braced/quoted, balanced, or a macro chain."""
    v = value.strip()
    if not v or not is_balanced(v):
        return False
    return bool(re.fullmatch(r'(?:\{.*\}|".*"|[A-Za-z0-9_:.+/\-]+)(?:\s*#\s*(?:\{.*\}|".*"|[A-Za-z0-9_:.+/\-]+))*', v, re.S))


_ORDER = ("title", "author", "key", "sortkey", "journal", "journaltitle", "booktitle", "howpublished",
          "volume", "number", "pages", "publisher", "year", "month", "date", "doi", "eprint",
          "archivePrefix", "eprinttype", "primaryClass", "eprintclass", "url", "note")


_RANK = {name: i for i, name in enumerate(_ORDER)}


def _ordered(fields: dict[str, str]) -> list[tuple[str, str]]:
    ordered = [(name, fields[name]) for name in _ORDER if name in fields]
    if len(ordered) == len(fields):
        return ordered
    rank = _RANK
    last = len(rank)
    return sorted(fields.items(), key=lambda kv: rank.get(kv[0], last))


def _bib_origin(entry: Entry) -> str | None:
    bib = entry.extra.get("bibtex")
    if isinstance(bib, dict):
        return bib.get("origin")
    return None


class _VerbatimQueue:
    """Kept blocks handed out before the entry they preceded in their own file."""

    def __init__(self, blocks: list[Verbatim]) -> None:
        self._blocks = list(blocks)
        self._used = [False] * len(self._blocks)

    def take(self, origin: str, before: int) -> list[str]:
        out = []
        for i, block in enumerate(self._blocks):
            if not self._used[i] and block.origin == origin and block.before <= before:
                self._used[i] = True
                out.append(block.text.rstrip() + "\n")
        return out

    def rest(self) -> list[str]:
        return [b.text.rstrip() + "\n" for i, b in enumerate(self._blocks) if not self._used[i]]


BIBTEX = BibWriter("bibtex", "BibTeX (.bib; arXiv's own export form for preprints)", "bibtex")
BIBLATEX = BibWriter("biblatex", "BibLaTeX (.bib for biber: @online/@article, eprinttype, date)", "biblatex")
