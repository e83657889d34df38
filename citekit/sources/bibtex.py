"""Reader for BibTeX / BibLaTeX on bibtexparser v2's splitter.

Each .bib entry becomes an Entry: LaTeX decoded to Unicode (:func:`citekit.latex.decode`),
names split into family / given as BibTeX does (``{von} Last``, ``Last, Jr., First``,
``{Barnes and Noble}`` as one literal, ``and others``), the citation key in
``entry.key``. The raw entry (type, every field in order, values as written, @string
references included) is kept in ``entry.extra["bibtex"]`` so that writing it back
changes only what the pipeline changed. @string, @preamble and comments are kept as
:class:`~citekit.model.Verbatim` blocks; malformed blocks are problems with a line.

Speed: bibtexparser runs without its middlewares; a value with no TeX in it is not
decoded at all, and decoded values and parsed names are cached for the call.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..bibmap import MONTHS, READ_FIELDS, VERBATIM, bib_to_csl_type
from ..ids import parse_arxiv_id, parse_doi
from ..latex import decode
from ..model import Entry, Library, Name, PartialDate, Problem, Provenance, Verbatim

__all__ = ["READER", "BibtexReader", "split_names"]

# "(" delimiters are legal BibTeX but also open Python decorators (@dataclass(slots=True)):
# they count only when followed by a key and a comma, like @article(key, ...).
_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*(?:\{|\(\s*[^,\s=()]*\s*,)", re.M)
_MONTH_NAMES = {m: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_TEXT = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MACRO_MONTHS = {
    m: name.capitalize() for m, name in zip(MONTHS, sorted(_MONTH_TEXT, key=_MONTH_TEXT.get))
}


def _unwrap(piece: str) -> str:
    piece = piece.strip()
    if len(piece) >= 2 and ((piece[0] == "{" and piece[-1] == "}") or (piece[0] == '"' and piece[-1] == '"')):
        return piece[1:-1]
    return piece


def _split_concat(raw: str) -> list[str]:
    """Split a raw value on top-level ``#`` (outside braces and quotes)."""
    if "#" not in raw:
        return [raw]
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return parts


def expand(raw: str, strings: dict[str, str]) -> tuple[str, list[str]]:
    """A raw value with @string macros and ``#`` expanded; also the undefined macro names."""
    out: list[str] = []
    unknown: list[str] = []
    for piece in _split_concat(raw):
        p = piece.strip()
        if p[:1] in ('{', '"') or not p or p.isdigit():
            out.append(_unwrap(p))
        elif p.lower() in strings:
            out.append(strings[p.lower()])
        elif p.lower() in _MACRO_MONTHS:
            out.append(_MACRO_MONTHS[p.lower()])
        else:
            unknown.append(p)
            out.append(p)
    return "".join(out), unknown


def split_names(value: str) -> tuple[list[Name], bool]:
    """BibTeX names (still LaTeX) as Names, and whether the list ended in ``and others``."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    names: list[Name] = []
    et_al = False
    for raw in split_multiple_persons_names(value):
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


@functools.lru_cache(maxsize=16384)
def _one_name(raw: str) -> Name | None:
    """One BibTeX name as a Name (None when it has no text); cached, as a file repeats its authors."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(raw, strict=False)
    except Exception:  # bibtexparser raises on oddities such as too many commas
        return Name(literal=decode(raw))
    if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 \
            and parts.last[0].startswith("{") and parts.last[0].endswith("}"):
        literal = decode(parts.last[0])
        return Name(literal=literal) if literal else None
    family = decode(" ".join(parts.von + parts.last))
    if parts.jr:
        family = f"{family}, {decode(' '.join(parts.jr))}"
    given = decode(" ".join(parts.first)) or None
    if family:
        return Name(family=family, given=given)
    if given:
        return Name(literal=given)
    return None


def _date(fields: dict[str, str]) -> PartialDate | None:
    if fields.get("date"):
        try:
            return PartialDate.from_iso(fields["date"].split("/")[0])
        except ValueError:
            return None
    year_text = fields.get("year", "")
    m = re.search(r"\d{4}", year_text)
    if not m:
        return None
    month = None
    month_text = fields.get("month", "").strip().lower().rstrip(".")
    if month_text.isdigit():
        month = int(month_text)
    elif month_text[:3] in _MONTH_NAMES:
        month = _MONTH_NAMES[month_text[:3]]
    day = int(fields["day"]) if fields.get("day", "").isdigit() and month else None
    try:
        return PartialDate(int(m.group(0)), month, day)
    except ValueError:
        return PartialDate(int(m.group(0)))


@contextlib.contextmanager
def _captured_log(name: str) -> Iterator[list[str]]:
    """Collect what logger ``name`` says instead of letting it print to stderr."""
    logger = logging.getLogger(name)
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = _Collect()
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def _failure_reason(messages: list[str], start_line: int | None) -> str | None:
    """bibtexparser's explanation of the block that failed at (0-based) ``start_line``."""
    tag = f"(line {start_line})"
    for message in messages:
        if tag in message and "due to" in message:
            explanation = message.split("due to", 1)[1].strip().replace("\n", " ")
            return " ".join(explanation.split()).rstrip(".")
    return None


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
        return 0.95 if re.search(r"@\s*[A-Za-z]+\s*[{(]\s*[^,\s]*\s*,", sample) else 0.5

    def read(self, text: str, origin: str) -> Library:
        """Every block of ``text``; malformed ones become problems with their line."""
        import bibtexparser
        from bibtexparser import model as bm

        library = Library()
        with _captured_log("bibtexparser") as messages:
            parsed = bibtexparser.parse_string(text, parse_stack=[])
        strings: dict[str, str] = {}
        count = 0
        for block in parsed.blocks:
            line = (block.start_line or 0) + 1
            if isinstance(block, bm.String):
                value, unknown = expand(block.value, strings)
                strings[block.key.lower()] = value
                library.verbatim.append(Verbatim("string", block.raw, origin, count, key=block.key, value=value))
                self._unknown(library, unknown, origin, line)
            elif isinstance(block, bm.Preamble):
                value, _ = expand(block.value, strings)
                library.verbatim.append(Verbatim("preamble", block.raw, origin, count, value=value))
            elif isinstance(block, (bm.ExplicitComment, bm.ImplicitComment)):
                if block.raw and block.raw.strip():
                    library.verbatim.append(Verbatim("comment", block.raw, origin, count))
            elif isinstance(block, bm.Entry):
                library.entries.append(self._entry(block, strings, origin, line, library))
                count += 1
            elif isinstance(block, bm.DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, bm.Entry):
                library.entries.append(self._entry(block.ignore_error_block, strings, origin, line, library))
                count += 1
                library.problems.append(Problem(f"citation key {block.key!r} was already used above", origin, line))
            elif isinstance(block, bm.ParsingFailedBlock):
                first = (block.raw or "").strip().splitlines()[0][:60] if (block.raw or "").strip() else ""
                reason = _failure_reason(messages, block.start_line) or (
                    str(block.error).strip().splitlines() or ["syntax error"]
                )[0]
                # A warning, not an error: the rest of the file is still worth writing (--strict refuses).
                library.problems.append(
                    Problem(f"unreadable .bib block {first!r} skipped ({reason}); the other blocks were read", origin, line)
                )
        return library

    @staticmethod
    def _unknown(library: Library, names: list[str], origin: str, line: int) -> None:
        for name in names:
            library.problems.append(Problem(f"undefined @string macro {name!r} kept as text", origin, line))

    def _entry(self, block: Any, strings: dict[str, str], origin: str, line: int, library: Library) -> Entry:
        prov = Provenance("bibtex", origin, line)
        entry = Entry(type=bib_to_csl_type(block.entry_type))
        entry.add_source(prov)
        entry.key = block.key or None
        raw_fields: dict[str, str] = {}
        values: dict[str, str] = {}
        for f in block.fields:
            raw_fields[f.key] = f.value
            value, unknown = expand(f.value, strings)
            self._unknown(library, unknown, origin, (f.start_line or line - 1) + 1)
            values[f.key.lower()] = value
        decoded: dict[str, Any] = {}
        for lname, value in values.items():
            fmap = READ_FIELDS.get(lname)
            if lname in ("author",):
                names, et_al = split_names(value)
                entry.set("author", names, prov)
                if et_al:
                    entry.extra["et_al"] = True
                decoded["author"] = (list(entry.author), et_al)
            elif fmap is not None:
                if not entry.is_empty(fmap.entry):
                    continue  # journal and booktitle both given: the first wins
                text = " ".join(value.split()) if lname in VERBATIM or fmap.kind == "verbatim" else decode(value)
                if fmap.entry == "DOI":
                    text = parse_doi(text) or text
                if fmap.entry == "arxiv_id":
                    prefix = (values.get("archiveprefix") or values.get("eprinttype") or "arxiv").lower()
                    found = parse_arxiv_id(text) if prefix == "arxiv" else None
                    if found is None:
                        continue
                    text = found.id
                    entry.set("arxiv_version", found.version, prov)
                entry.set(fmap.entry, text, prov)
                decoded[fmap.entry] = getattr(entry, fmap.entry)
        try:
            entry.set("issued", _date(values), prov)
        except ValueError as exc:
            library.problems.append(Problem(f"impossible date ({exc})", origin, line))
        if entry.arxiv_id and entry.type in ("webpage", "article") and not entry.container_title:
            entry.type = "article"  # a preprint, as Zotero types it
        entry.extra["bibtex"] = {"type": block.entry_type, "origin": origin, "fields": raw_fields, "decoded": decoded}
        return entry


READER = BibtexReader()
