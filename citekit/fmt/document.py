"""A .bib text as ``fmt`` sees it: blocks in order, each entry with its fields and the comments between them.

Built on :class:`citekit.bibedit.BibDocument` (the scanner with byte spans), so every byte
of the input is in exactly one place here: a block's leading white space (``gap``), the
block's own text, or the text after the last block (``Document.tail``). An entry also
keeps its original text, so an entry nothing changed is written back byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..bibedit import BibDocument

__all__ = ["Document", "Block", "EntryBlock", "FieldItem", "parse"]

_COMMENT = re.compile(r"%[^\n]*")


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


def _comments(text: str) -> list[str]:
    return [m.group().rstrip() for m in _COMMENT.finditer(text)]


def _entry(doc: BibDocument, span) -> EntryBlock:
    text = doc.text
    start = span.start
    raw = text[start:span.end]
    key_end = span.key_start + len(span.key)
    comma = text.find(",", key_end, span.close)
    head_end = (comma + 1 if comma >= 0 else key_end) - start
    entry = EntryBlock(span.type, span.key, [], raw, span.line,
                       (span.type_start - start, span.type_start - start + len(span.type)),
                       (span.key_start - start, key_end - start), head_end, span.close - start,
                       orig_type=span.type, orig_key=span.key)
    prev = head_end
    for i, f in enumerate(span.fields):
        between = raw[prev:f.start - start]
        if entry.fields and between.strip():
            # A comment on the line the previous value ended on is that field's; the rest lead this one.
            first, _, rest = between.partition("\n")
            own = _comments(first)
            if own:
                entry.fields[-1].comment = own[0]
            before = _comments(rest)
        else:
            before = _comments(between)
        end = (f.comma + 1 if f.comma is not None else f.value_end) - start
        entry.fields.append(FieldItem(f.name, f.value_raw, f.line, before, "",
                                      (f.start - start, f.start - start + len(f.name)),
                                      (f.value_start - start, f.value_end - start), end))
        prev = end
    rest = raw[prev:entry.close]
    if rest.strip():
        first, _, after = rest.partition("\n")
        own = _comments(first)
        if own and entry.fields:
            entry.fields[-1].comment = own[0]
            entry.tail = _comments(after)
        else:
            entry.tail = _comments(rest)
    return entry


def parse(text: str, origin: str = "<input>") -> Document:
    """The blocks of ``text``; together with their gaps and the tail they are ``text`` again."""
    doc = BibDocument.parse(text, origin)
    unreadable = {line for line, _ in doc.problems}
    spans: list[tuple[int, int, Block]] = []
    for b in doc.blocks:
        # An unreadable block is kept verbatim as "failed": no option may drop or change it.
        kind = "failed" if b.kind == "text" and b.line in unreadable else b.kind
        spans.append((b.start, b.end, Block(kind, b.text, b.line, "", macros=dict(b.macros))))
    for e in doc.entries:
        entry = _entry(doc, e)
        spans.append((e.start, e.end, Block("entry", entry.raw, e.line, "", entry)))
    spans.sort(key=lambda s: s[0])
    blocks: list[Block] = []
    done = 0
    for start, end, block in spans:
        block.gap = text[done:start]
        blocks.append(block)
        done = end
    return Document(blocks, text[done:], doc.newline, list(doc.problems))
