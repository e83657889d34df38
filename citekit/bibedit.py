"""A source-preserving view of a .bib file: every block and field with its exact span, and minimal edits.

``check --fix`` and ``update`` change a user's own file, so they must not re-serialise it:
:class:`BibDocument` takes each entry, its type, key and fields (name, raw value, line,
offsets) from the one .bib scanner (:mod:`citekit.bibscan`, which ``convert`` reads with
too), collects edits as span replacements, and :meth:`BibDocument.render` applies only
those. Every byte outside an edited span (comments, ``@string``s, layout, line endings,
quote style) stays as it was. New fields copy the entry's own style: indentation, ``=``
alignment and spacing, name case, trailing commas and line endings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import bibscan

__all__ = ["BibDocument", "EntrySpan", "FieldSpan", "BlockSpan"]

#: An entry and a field as the scanner gives them, with their offsets in the text.
EntrySpan = bibscan.Entry
FieldSpan = bibscan.Field


@dataclass(slots=True)
class BlockSpan:
    """A block that is not an entry: ``@string``, ``@preamble``, ``@comment``, or text between blocks."""

    kind: str  # "string" | "preamble" | "comment" | "text"
    text: str
    line: int
    start: int
    end: int
    name: str | None = None  # the macro of an @string
    value_raw: str | None = None  # the raw value of an @string or @preamble
    macros: dict[str, str] = field(default_factory=dict)  # every name = raw value of an @string


class BibDocument:
    """A parsed .bib text that can be edited span by span and rendered back."""

    def __init__(self, text: str, origin: str = "<input>") -> None:
        self.text = text
        self.origin = origin
        self.entries: list[EntrySpan] = []
        self.blocks: list[BlockSpan] = []
        self.problems: list[tuple[int, str]] = []  # (line, message) of blocks that could not be read
        self.failed: list[bibscan.Failed] = []  # the blocks that could not be read, as the scanner kept them
        self._edits: list[tuple[int, int, int, str]] = []  # (start, end, seq, replacement)
        self._comma_added: set[int] = set()  # entries (by start) whose last field was given a comma
        # A file whose lines end in CR alone (classic Mac OS) has its lines counted, and new
        # fields written, by CR, as TeX Live's bibtex and biber read such a file.
        cr_only = "\r" in text and "\n" not in text
        self._eol = "\r" if cr_only else "\n"
        self._lines = [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]  # LF, CRLF or CR, as bibtex reads lines
        self.newline = "\r\n" if "\r\n" in text else self._eol
        self._scan()

    @classmethod
    def parse(cls, text: str, origin: str = "<input>") -> BibDocument:
        """Parse ``text`` (a whole .bib file); ``origin`` names it in messages."""
        return cls(text, origin)

    # ---- lookup -------------------------------------------------------------------------

    def entry(self, key: str) -> EntrySpan | None:
        """The first entry whose key is exactly ``key``."""
        for e in self.entries:
            if e.key == key:
                return e
        return None

    def line_of(self, offset: int) -> int:
        """The 1-based line of an offset."""
        return bisect.bisect_right(self._lines, offset)

    def strings(self) -> dict[str, str]:
        """The @string macros defined in the file: lower-cased name -> raw value."""
        return {name.lower(): raw for b in self.blocks if b.kind == "string" for name, raw in b.macros.items()}

    # ---- edits --------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """True when an edit has been recorded."""
        return bool(self._edits)

    def set_field(self, entry: EntrySpan, name: str, raw_value: str) -> None:
        """Replace the raw value of field ``name`` (it must exist) with ``raw_value``, delimiters included."""
        f = entry.field(name)
        if f is None:
            raise KeyError(f"{entry.key} has no field {name!r}")
        if f.value_raw != raw_value:
            self._edit(f.value_start, f.value_end, raw_value)

    def remove_field(self, entry: EntrySpan, name: str) -> None:
        """Remove field ``name``: its whole line(s) when it stands alone on them, else just the field and its comma."""
        f = entry.field(name)
        if f is None:
            raise KeyError(f"{entry.key} has no field {name!r}")
        text = self.text
        end = (f.comma + 1) if f.comma is not None else f.value_end
        line_start = text.rfind(self._eol, 0, f.start) + 1
        line_end = text.find(self._eol, end)
        line_end = len(text) if line_end < 0 else line_end + 1
        # A field alone on its line(s) goes with them; one followed by a comment keeps the comment.
        if text[line_start:f.start].strip() == "" and text[end:line_end].strip() == "":
            self._edit(line_start, line_end, "")
            return
        # Inline: take the following spaces too, so "a = 1, b = 2" loses "b = 2" cleanly.
        stop = end
        while stop < len(text) and text[stop] in " \t":
            stop += 1
        if f.comma is None:
            # The last field without a trailing comma: drop the comma before it instead.
            prev = [g for g in entry.fields if g.start < f.start]
            if prev and prev[-1].comma is not None:
                self._edit(prev[-1].comma, f.value_end, "")
                return
        self._edit(f.start, stop, "")

    def set_type(self, entry: EntrySpan, new_type: str) -> None:
        """Change the entry type, keeping the spelling style of the old one (``ARTICLE``, ``Article``, ``article``)."""
        old = entry.type
        if old.isupper():
            new = new_type.upper()
        elif old[:1].isupper():
            new = new_type[:1].upper() + new_type[1:]
        else:
            new = new_type.lower()
        if new != old:
            self._edit(entry.type_start, entry.type_start + len(old), new)

    def add_field(self, entry: EntrySpan, name: str, raw_value: str) -> None:
        """Add ``name = raw_value`` after the entry's last field, in the entry's own layout."""
        if entry.field(name) is not None:
            raise KeyError(f"{entry.key} already has a field {name!r}")
        name = self._name_case(entry, name)
        text = self.text
        nl = self._entry_newline(entry)
        if not entry.fields:
            # "@misc{key}" or "@misc{key,\n}": put the field on its own line.
            after_key = entry.key_start + len(entry.key or "")
            comma = text.find(",", after_key, entry.close)
            insert_at = comma + 1 if comma >= 0 else after_key
            prefix = "" if comma >= 0 else ","
            self._edit(insert_at, insert_at, f"{prefix}{nl}  {name} = {raw_value}{nl}")
            return
        last = entry.fields[-1]
        multiline = self.line_of(last.start) != entry.line
        before_eq, after_eq = self._eq_spacing(entry)
        pad = self._pad(entry, name, before_eq)
        assignment = f"{name}{pad}={after_eq}{raw_value}"
        if multiline:
            indent = self._indent(last)
            after = last.comma + 1 if last.comma is not None else last.value_end
            at = self._after_comment(entry, after)
            if last.comma is not None:
                self._edit(at, at, f"{nl}{indent}{assignment},")
            elif at == after:
                self._edit(last.value_end, last.value_end, f",{nl}{indent}{assignment}")
            elif entry.start in self._comma_added:
                self._edit(at, at, f",{nl}{indent}{assignment}")
            else:
                # "value  % remark": the comma goes after the value, the new field below the remark.
                self._comma_added.add(entry.start)
                self._edit(last.value_end, last.value_end, ",")
                self._edit(at, at, f"{nl}{indent}{assignment}")
        else:
            sep = self._inline_separator(entry)
            if last.comma is not None:
                self._edit(last.comma + 1, last.comma + 1, f"{sep[1:]}{assignment},")
            else:
                self._edit(last.value_end, last.value_end, f"{sep}{assignment}")

    def _after_comment(self, entry: EntrySpan, after: int) -> int:
        """Where a field added after offset ``after`` goes: there, or past a ``%`` remark ending that line."""
        text = self.text
        line_end = text.find(self._eol, after)
        line_end = len(text) if line_end < 0 else line_end
        if line_end > after and text[line_end - 1] == "\r":
            line_end -= 1
        rest = text[after:line_end].strip()
        # The remark belongs to the field before it; keep them together.
        return line_end if rest.startswith("%") and entry.close > line_end else after

    def quote(self, entry: EntrySpan, text: str) -> str:
        """``text`` wrapped in the delimiters most of the entry's values use (braces unless quotes prevail)."""
        delims = [f.delimiter for f in entry.fields if f.delimiter]
        use_quotes = delims.count('"') > delims.count("{") and '"' not in text
        return f'"{text}"' if use_quotes else "{" + text + "}"

    def render(self) -> str:
        """The text with every recorded edit applied; unedited bytes stay as they were."""
        if not self._edits:
            return self.text
        out: list[str] = []
        pos = 0
        for start, end, _seq, repl in sorted(self._edits):
            if start < pos:
                raise ValueError(f"{self.origin}: overlapping edits at offset {start}")
            out.append(self.text[pos:start])
            out.append(repl)
            pos = end
        out.append(self.text[pos:])
        return "".join(out)

    # ---- layout detection -----------------------------------------------------------------

    def _edit(self, start: int, end: int, replacement: str) -> None:
        self._edits.append((start, end, len(self._edits), replacement))

    def _entry_newline(self, entry: EntrySpan) -> str:
        return "\r\n" if "\r\n" in self.text[entry.start:entry.end] else (
            "\n" if "\n" in self.text[entry.start:entry.end] else self.newline)

    def _indent(self, f: FieldSpan) -> str:
        line_start = self.text.rfind(self._eol, 0, f.start) + 1
        lead = self.text[line_start:f.start]
        return lead if lead.strip() == "" else "  "

    def _eq_spacing(self, entry: EntrySpan) -> tuple[str, str]:
        f = entry.fields[-1]
        between = self.text[f.start + len(f.name):f.value_start]
        eq = between.find("=")
        before, after = between[:eq], between[eq + 1:]
        return (" " if before else ""), (after if after.strip() == "" and "\n" not in after else " ")

    def _pad(self, entry: EntrySpan, name: str, before_eq: str) -> str:
        """Spaces between the name and '=': aligned to the others' '=' column when they align."""
        columns = set()
        for f in entry.fields:
            line_start = self.text.rfind(self._eol, 0, f.start) + 1
            eq = self.text.find("=", f.start, f.value_start)
            columns.add(eq - line_start)
        if len(entry.fields) >= 2 and len(columns) == 1 and self.line_of(entry.fields[-1].start) != entry.line:
            indent = len(self._indent(entry.fields[-1]))
            width = columns.pop() - indent - len(name)
            if width >= 1:
                return " " * width
        return before_eq

    def _inline_separator(self, entry: EntrySpan) -> str:
        if len(entry.fields) >= 2:
            a, b = entry.fields[-2], entry.fields[-1]
            if a.comma is not None:
                return self.text[a.comma:b.start]
        return ", "

    @staticmethod
    def _name_case(entry: EntrySpan, name: str) -> str:
        """``name`` in the case most of the entry's field names use (JabRef writes ``Title``, some ``TITLE``)."""
        names = [f.name for f in entry.fields if f.name.isalpha() and len(f.name) > 4]
        styles = {"lower": 0, "upper": 0, "capital": 0}
        for n in names:
            if n.islower():
                styles["lower"] += 1
            elif n.isupper():
                styles["upper"] += 1
            elif n[:1].isupper() and n[1:].islower():
                styles["capital"] += 1
        best = max(styles, key=lambda k: (styles[k], k == "lower"))
        if styles[best] == 0 or best == "lower":
            return name
        return name.upper() if best == "upper" else name[:1].upper() + name[1:].lower()

    # ---- scanning -------------------------------------------------------------------------

    def _scan(self) -> None:
        blocks, _tail = bibscan.split_layout(self.text)
        for b in blocks:
            end = b.start + len(b.raw)
            if isinstance(b, bibscan.Entry):
                self.entries.append(b)
            elif isinstance(b, bibscan.Macro):
                macros = dict(b.macros)
                name, raw = b.macros[0]
                self.blocks.append(BlockSpan("string", b.raw, b.line, b.start, end, name, raw, macros))
            elif isinstance(b, bibscan.Preamble):
                self.blocks.append(BlockSpan("preamble", b.raw, b.line, b.start, end, value_raw=b.value))
            elif isinstance(b, bibscan.Comment):
                kind = "comment" if b.raw.startswith("@") else "text"
                self.blocks.append(BlockSpan(kind, b.raw, b.line, b.start, end))
            else:
                # An unreadable block: kept as text; nothing in it is an entry, and the problem names the line.
                self.problems.append((b.line, b.reason))
                self.failed.append(b)
                self.blocks.append(BlockSpan("text", b.raw, b.line, b.start, end))
