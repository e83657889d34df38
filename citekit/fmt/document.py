"""A .bib text as ``fmt`` sees it: blocks in order, each entry with its fields and the comments between them.

Built on :mod:`citekit.bibscan` (the one .bib scanner, with byte spans), so every byte
of the input is in exactly one place here: a block's leading white space (``gap``), the
block's own text, or the text after the last block (``Document.tail``). An entry also
keeps its original text, so an entry nothing changed is written back byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import bibscan
from ..limits import check_entry_count

__all__ = ["Document", "Block", "EntryBlock", "FieldItem", "parse"]


@dataclass(slots=True)
class FieldItem:
    """One field: its name and raw value as they stand now, and where the original stood in the entry's text."""

    name: str
    value: str
    line: int
    before: list[str] = field(default_factory=list)  # "% ..." lines on their own just before the field
    comment: str = ""  # a "% ..." on the line the value ends on
    name_span: tuple[int, int] | None = None  # offsets inside the entry's text; None for a new field
    value_span: tuple[int, int] | None = None
    end: int = 0  # just after the field's comma (or value when it has none)
    removed: bool = False


@dataclass(slots=True)
class EntryBlock:
    """An entry: type, key and fields as they stand now, and its text as it was."""

    type: str
    key: str
    fields: list[FieldItem]
    raw: str
    line: int
    type_span: tuple[int, int]
    key_span: tuple[int, int]
    head_end: int  # just after the comma that follows the key (or the key, for an entry without fields)
    close: int  # offset of the closing delimiter inside ``raw``
    tail: list[str] = field(default_factory=list)  # "% ..." lines after the last field
    orig_type: str = ""
    orig_key: str = ""

    def get(self, name: str) -> FieldItem | None:
        """The first live field called ``name`` (case-insensitive)."""
        low = name.lower()
        return next((f for f in self.fields if not f.removed and f.name.lower() == low), None)

    def live(self) -> list[FieldItem]:
        """The fields not removed, in their current order."""
        return [f for f in self.fields if not f.removed]


@dataclass(slots=True)
class Block:
    """One block: ``entry``, ``string``, ``preamble``, ``comment`` (``@comment``), ``text`` or ``failed`` (unreadable)."""

    kind: str
    raw: str
    line: int
    gap: str  # the white space before the block, as it stood
    entry: EntryBlock | None = None
    macros: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """Every block of a .bib text, the text after the last one, and what the scanner could not read."""

    blocks: list[Block]
    tail: str
    newline: str
    problems: list[tuple[int, str]]


def _entry(e: bibscan.Entry, text: str) -> EntryBlock:
    start = e.start
    key = e.key or ""
    key_end = start + e.key_span[1]
    comma = text.find(",", key_end, e.close)
    head_end = (comma + 1 if comma >= 0 else key_end) - start
    entry = EntryBlock(e.type, key, [], e.raw, e.line,
                       (e.type_start - start, e.type_start - start + len(e.type)), e.key_span, head_end,
                       e.close - start, list(e.tail), orig_type=e.type, orig_key=key)
    for f in e.fields:
        end = (f.comma + 1 if f.comma is not None else f.value_end) - start
        entry.fields.append(FieldItem(f.name, f.value, f.line, list(f.before), f.comment,
                                      (f.start - start, f.start - start + len(f.name)),
                                      (f.value_start - start, f.value_end - start), end))
    return entry


def parse(text: str, origin: str = "<input>") -> Document:
    """The blocks of ``text``; together with their gaps and the tail they are ``text`` again."""
    check_entry_count(text, origin)  # the bound every reader keeps (a million ``@a{}`` kept fmt busy for minutes)
    found, tail = bibscan.split_layout(text)
    blocks: list[Block] = []
    problems: list[tuple[int, str]] = []
    for b in found:
        if isinstance(b, bibscan.Entry):
            entry = _entry(b, text)
            blocks.append(Block("entry", b.raw, b.line, b.gap, entry))
        elif isinstance(b, bibscan.Macro):
            blocks.append(Block("string", b.raw, b.line, b.gap, macros=dict(b.macros)))
        elif isinstance(b, bibscan.Preamble):
            blocks.append(Block("preamble", b.raw, b.line, b.gap))
        elif isinstance(b, bibscan.Comment):
            blocks.append(Block("comment" if b.raw.startswith("@") else "text", b.raw, b.line, b.gap))
        else:  # Failed: kept verbatim; no option may drop or change it
            blocks.append(Block("failed", b.raw, b.line, b.gap))
            problems.append((b.line, b.reason))
    return Document(blocks, tail, "\r\n" if "\r\n" in text else "\n", problems)
