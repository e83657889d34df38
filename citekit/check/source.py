"""The records a check looks at: every entry and field as the user wrote it, with its line.

A ``.bib`` is read with :mod:`citekit.bibedit` over the one scanner :mod:`citekit.bibscan` (exact spans, so ``--fix`` can edit in
place), and a value is seen raw (``{...}``, ``"..."``, macros, ``#``) and also expanded
(@string macros and the month names resolved, outer delimiters gone). CSL-JSON items become the same records,
fields named by their CSL variables, with the line of each variable in the file.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .. import bibscan
from ..limits import MAX_JSON_DEPTH, ExpansionBudget, LimitError, check_entry_count, too_deep
from .findings import Finding

__all__ = ["SourceField", "SourceEntry", "SourceFile", "parse_bib", "parse_csl_json"]

# "[^\S\n]*", not "\s*", after "^": from every line start "\s*" would run over all the blank
# lines that follow, quadratic in a run of them (80,000 newlines after an open brace).
_FIELD_START = re.compile(r"^[^\S\n]*([A-Za-z][\w:.+-]*)\s*=", re.M)


@dataclass(slots=True)
class SourceField:
    """One field as written: ``raw`` with its delimiters, ``text`` expanded and unwrapped."""

    name: str
    raw: str
    text: str
    line: int
    data: Any = None  # the CSL-JSON value (lists of names, date objects); None for .bib
    macro_unknown: tuple[str, ...] = ()
    span: Any = None  # the bibedit FieldSpan, for fixes

    @property
    def braced(self) -> bool:
        """True when the value is one ``{...}`` group (as opposed to quotes, a number or a macro)."""
        return self.raw.strip().startswith("{")


@dataclass(slots=True)
class SourceEntry:
    """One entry: type and key as written, its first line, its fields in order."""

    type: str
    key: str
    line: int
    fields: list[SourceField] = field(default_factory=list)
    index: int = 0  # position in the file, for stable ordering
    span: Any = None  # the bibedit EntrySpan, for fixes

    def get(self, name: str) -> SourceField | None:
        """The first field called ``name`` (case-insensitive), or None."""
        name = name.lower()
        for f in self.fields:
            if f.name.lower() == name:
                return f
        return None

    def has(self, name: str) -> bool:
        """True when the entry has a non-empty field ``name``."""
        f = self.get(name)
        return f is not None and bool(f.text.strip())


@dataclass(slots=True)
class SourceFile:
    """A file's entries, its format (``bib`` or ``csl``), its text and the findings of reading it."""

    path: str
    format: str
    text: str
    entries: list[SourceEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)
    #: Lines of entries bibtex will skip (parse failures), for tying compile output back.
    failed: list[tuple[str | None, int]] = field(default_factory=list)
    doc: Any = None  # the bibedit BibDocument of a .bib
    encoding: str = "utf-8"  # how the file's bytes were decoded (and are written back by --fix)
    stamp: Any = None  # a citekit.rewrite.FileStamp of what was read: --fix replaces the file only if it still holds
    decoded: Any = None  # the citekit.inputs.Decoded of a file read from bytes: BOM, encoding, warnings


def _expand(raw: str, strings: dict[str, str], budget: ExpansionBudget,
            line: int | None) -> tuple[str, tuple[str, ...]]:
    """``raw`` with ``#`` concatenation, @string macros and month macros expanded (the scanner's one rule, from ``budget``)."""
    text, unknown = bibscan.expand(raw, strings, budget, line)
    return text, tuple(unknown)


def _unbalanced_field(raw: str) -> str | None:
    """The field of a failed block whose braces never close: depth at its start is 1, at the next field's more."""
    depth = 0
    last: str | None = None
    pos = 0
    for m in _FIELD_START.finditer(raw):
        for ch in raw[pos:m.start()]:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
        pos = m.start()
        if depth > 1 and last:
            return last
        last = m.group(1).lower()
    for ch in raw[pos:]:
        depth += ch == "{"
        depth -= ch == "}"
    return last if depth != 0 else None


def parse_bib(text: str, path: str, strings: dict[str, str] | None = None) -> SourceFile:
    """Read a .bib with :class:`~citekit.bibedit.BibDocument` (exact spans); unreadable blocks become findings.

    ``strings`` are @string macros defined by .bib files read before this one (bibtex
    and biber read ``\\bibliography{strings,main}`` as one database).
    """
    from ..bibedit import BibDocument

    check_entry_count(text, path)
    doc = BibDocument.parse(text, path)
    src = SourceFile(path, "bib", text, doc=doc, strings=dict(strings or {}))
    budget = ExpansionBudget(path, len(text))
    for block in doc.blocks:
        if block.kind == "string" and block.name:  # bibtex and biber define only a block's first macro
            src.strings[block.name.lower()], _ = _expand(block.value_raw or "", src.strings, budget, block.line)
    for block in doc.failed:
        line, problem, key = block.line, block.reason, block.key
        culprit = _unbalanced_field(block.raw)
        src.failed.append((key, line))
        message = f"the entry does not parse ({problem}); bibtex and biber skip it"
        if culprit:
            message = f"unbalanced braces in {culprit}: the entry does not parse and bibtex and biber skip it"
        src.findings.append(Finding(path, line, key, culprit, "tex-unbalanced-braces", "error", message))
    for span in doc.entries:
        rec = SourceEntry(span.type.lower(), span.key or "", span.line, index=len(src.entries), span=span)
        for f in span.fields:
            expanded, unknown = _expand(f.value_raw, src.strings, budget, f.line)
            rec.fields.append(SourceField(f.name.lower(), f.value_raw, expanded, f.line, macro_unknown=unknown, span=f))
        src.entries.append(rec)
    return src


_CSL_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')


def parse_csl_json(text: str, path: str) -> SourceFile:
    """CSL-JSON items as records: fields named by CSL variable, lines found in the file's text."""
    from ..errors import InputError
    from ..inputs import json_loads

    src = SourceFile(path, "csl", text)
    try:
        items = json_loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", origin=path, line=exc.lineno) from None
    except RecursionError:
        raise InputError("JSON nested deeper than any CSL-JSON (the json module's recursion limit); not read",
                         origin=path, line=1) from None
    if isinstance(items, dict):
        items = items.get("items", [items])
    if not isinstance(items, list):
        raise InputError("CSL-JSON must be a list of items", origin=path)
    # Line numbers by bisecting the newline offsets: counting from the start for every value was quadratic.
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    # Lines of each item's "id", in order: the k-th item's id is the k-th match.
    starts = [m.start() for m in _CSL_ID.finditer(text)]
    id_lines = [line_at(start) for start in starts]
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        line = id_lines[n] if n < len(id_lines) else 1
        if too_deep(item):
            raise LimitError(f"item {n + 1} nests more than {MAX_JSON_DEPTH} levels deep, which no CSL item does; "
                             "the file is not checked", origin=path, line=line)
        begin = starts[n] if n < len(starts) else 0
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        # The item's text runs back to its opening brace; variables are looked for in its span.
        item_start = text.rfind("{", 0, begin) if begin else 0
        span = text[item_start:end]
        rec = SourceEntry(str(item.get("type", "")), str(item.get("id", "")), line, index=n)
        for name, value in item.items():
            m = re.search(r'"' + re.escape(name) + r'"\s*:', span)
            vline = line_at(item_start + m.start()) if m else line
            raw = json.dumps(value, ensure_ascii=False)
            shown = value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else raw
            rec.fields.append(SourceField(name, raw, shown, vline, data=value))
        src.entries.append(rec)
    return src
