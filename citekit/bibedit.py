"""A source-preserving view of a .bib file: every block and field with its exact span, and minimal edits.

``check --fix`` and ``update`` change a user's own file, so they must not re-serialise it:
:class:`BibDocument` locates each entry, its type, key and fields (name, raw value, line)
in the original text, collects edits as span replacements, and :meth:`BibDocument.render`
applies only those. Every byte outside an edited span (comments, ``@string``s, layout,
line endings, quote style) stays as it was. New fields copy the entry's own style:
indentation, ``=`` alignment and spacing, name case, trailing commas and line endings.

The scanner follows BibTeX's own grammar: braces count regardless of backslashes, a
quoted value ends at a ``"`` outside braces, pieces are joined with ``#``. Like biber
(and unlike bibtex, which ignores it), a ``%`` line outside an entry is a comment, so an
``@`` on such a line starts nothing; a ``%`` where a field name would start inside an
entry comments out the rest of that line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .errors import InputError

__all__ = ["BibDocument", "EntrySpan", "FieldSpan", "BlockSpan"]

_TYPE = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_NAME = re.compile(r"[^\s=,{}()\"#%]+")
_KEY = re.compile(r"[^\s,{}()]*")
_WORD = re.compile(r"[^\s,{}()#\"=%]+")


@dataclass(slots=True)
class FieldSpan:
    """One ``name = value`` of an entry: its name as written, raw value, and where they stand."""

    name: str
    value_raw: str  # the value as written: braces/quotes, @string names and '#' included
    line: int  # 1-based line of the field name
    start: int  # offset of the name
    value_start: int
    value_end: int  # just after the value
    comma: int | None = None  # offset of the comma that follows the value, if any

    @property
    def value_text(self) -> str:
        """The value without its outer braces or quotes when it is a single such piece, else as written."""
        raw = self.value_raw
        if len(raw) >= 2 and raw[0] in '{"' and _single_piece(raw):
            return raw[1:-1]
        return raw

    @property
    def delimiter(self) -> str:
        """``{`` or ``"`` for a delimited single value, ``""`` for a macro, number or concatenation."""
        raw = self.value_raw
        return raw[0] if raw[:1] in ('{', '"') and _single_piece(raw) else ""


@dataclass(slots=True)
class EntrySpan:
    """One ``@type{key, fields...}`` entry and where its parts stand in the text."""

    type: str
    key: str
    line: int
    start: int  # offset of '@'
    end: int  # just after the closing delimiter
    type_start: int
    key_start: int
    open_delim: str  # '{' or '('
    fields: list[FieldSpan] = field(default_factory=list)
    close: int = 0  # offset of the closing delimiter

    def field(self, name: str) -> FieldSpan | None:
        """The field called ``name`` (case-insensitive), or None."""
        low = name.lower()
        for f in self.fields:
            if f.name.lower() == low:
                return f
        return None


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
        self._edits: list[tuple[int, int, int, str]] = []  # (start, end, seq, replacement)
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.newline = "\r\n" if "\r\n" in text else "\n"
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
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", end)
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
            after_key = entry.key_start + len(entry.key)
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
            if last.comma is not None:
                self._edit(last.comma + 1, last.comma + 1, f"{nl}{indent}{assignment},")
            else:
                self._edit(last.value_end, last.value_end, f",{nl}{indent}{assignment}")
        else:
            sep = self._inline_separator(entry)
            if last.comma is not None:
                self._edit(last.comma + 1, last.comma + 1, f"{sep[1:]}{assignment},")
            else:
                self._edit(last.value_end, last.value_end, f"{sep}{assignment}")

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
        line_start = self.text.rfind("\n", 0, f.start) + 1
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
            line_start = self.text.rfind("\n", 0, f.start) + 1
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
        text = self.text
        pos = 0
        n = len(text)
        text_start = 0
        while pos < n:
            at = text.find("@", pos)
            if at < 0:
                break
            line_start = text.rfind("\n", 0, at) + 1
            if text[line_start:at].lstrip().startswith("%"):
                pos = at + 1
                continue
            m = _TYPE.match(text, at)
            if not m:
                pos = at + 1
                continue
            if text_start < at and text[text_start:at].strip():
                self._text_block(text_start, at)
            kind = m.group(1).lower()
            try:
                if kind == "comment":
                    end = self._skip_group(m.end() - 1, m.group(2))
                    self.blocks.append(BlockSpan("comment", text[at:end], self.line_of(at), at, end))
                elif kind in ("string", "preamble"):
                    end = self._macro_block(kind, at, m)
                else:
                    end = self._entry(at, m)
            except _ScanError as exc:
                # An unreadable block: the scanner resumes at the next '@' on a later line;
                # nothing between is an entry, and the problem names the line.
                self.problems.append((self.line_of(at), str(exc)))
                nxt = text.find("\n@", at + 1)
                end = n if nxt < 0 else nxt + 1
                self.blocks.append(BlockSpan("text", text[at:end], self.line_of(at), at, end))
            pos = text_start = end
        if text_start < n and text[text_start:].strip():
            self._text_block(text_start, n)

    def _text_block(self, start: int, end: int) -> None:
        self.blocks.append(BlockSpan("text", self.text[start:end], self.line_of(start), start, end))

    def _skip_group(self, open_at: int, delim: str) -> int:
        """The offset after the group opened at ``open_at`` (braces balanced; '(' closes at its ')')."""
        text = self.text
        close = "}" if delim == "{" else ")"
        depth = 0
        i = open_at
        while i < len(text):
            ch = text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if delim == "{" and depth == 0:
                    return i + 1
                if depth < 0:
                    raise _ScanError("unbalanced '}'")
            elif ch == close and depth == 0 and delim == "(":
                return i + 1
            i += 1
        raise _ScanError(f"the block opened here is never closed (no matching {close!r})")

    def _value(self, i: int) -> int:
        """The offset after a value starting at ``i``: pieces joined by '#'."""
        text = self.text
        n = len(text)
        while True:
            if i >= n:
                raise _ScanError("a field value runs to the end of the file")
            ch = text[i]
            if ch == "{":
                i = self._skip_group(i, "{")
            elif ch == '"':
                j = i + 1
                depth = 0
                while j < n and not (text[j] == '"' and depth == 0):
                    if text[j] == "{":
                        depth += 1
                    elif text[j] == "}":
                        depth -= 1
                        if depth < 0:
                            raise _ScanError("unbalanced '}' inside a quoted value")
                    j += 1
                if j >= n:
                    raise _ScanError("a quoted value is never closed")
                i = j + 1
            else:
                m = _WORD.match(text, i)
                if not m or m.end() == i:
                    raise _ScanError(f"a field value was expected, found {text[i:i + 10]!r}")
                i = m.end()
            k = self._skip_ws(i)
            if k < n and text[k] == "#":
                i = self._skip_ws(k + 1)
                continue
            return i

    def _skip_ws(self, i: int, comments: bool = False) -> int:
        text = self.text
        n = len(text)
        while i < n:
            if text[i] in " \t\r\n":
                i += 1
            elif comments and text[i] == "%":
                nl = text.find("\n", i)
                i = n if nl < 0 else nl + 1
            else:
                break
        return i

    def _macro_block(self, kind: str, at: int, m: re.Match[str]) -> int:
        text = self.text
        delim = m.group(2)
        close = "}" if delim == "{" else ")"
        i = self._skip_ws(m.end())
        macros: dict[str, str] = {}
        vstart = vend = i
        while True:
            if kind == "string":
                nm = _NAME.match(text, i)
                if not nm:
                    raise _ScanError("@string without a name")
                i = self._skip_ws(nm.end())
                if i >= len(text) or text[i] != "=":
                    raise _ScanError(f"@string {nm.group(0)} has no '='")
                i = self._skip_ws(i + 1)
            vstart = i
            vend = self._value(i)
            if kind == "string":
                macros[nm.group(0)] = text[vstart:vend]
            i = self._skip_ws(vend)
            # Some files define several macros in one @string, comma-separated; biber reads them.
            if kind == "string" and i < len(text) and text[i] == ",":
                i = self._skip_ws(i + 1)
                if i < len(text) and text[i] == close:
                    break
                continue
            break
        if i >= len(text) or text[i] != close:
            raise _ScanError(f"@{kind} is not closed with {close!r}")
        end = i + 1
        names = list(macros)
        self.blocks.append(BlockSpan(kind, text[at:end], self.line_of(at), at, end,
                                     name=names[0] if names else None,
                                     value_raw=macros[names[0]] if names else text[vstart:vend],
                                     macros=macros))
        return end

    def _entry(self, at: int, m: re.Match[str]) -> int:
        text = self.text
        n = len(text)
        delim = m.group(2)
        close = "}" if delim == "{" else ")"
        i = self._skip_ws(m.end())
        km = _KEY.match(text, i)
        key = km.group(0) if km else ""
        key_start = i
        i = self._skip_ws(km.end() if km else i)
        entry = EntrySpan(type=m.group(1), key=key, line=self.line_of(at), start=at, end=0,
                          type_start=m.start(1), key_start=key_start, open_delim=delim)
        if i < n and text[i] == close:
            entry.close, entry.end = i, i + 1
            self.entries.append(entry)
            return i + 1
        if i >= n or text[i] != ",":
            raise _ScanError(f"entry {key!r}: a ',' was expected after the key")
        i += 1
        while True:
            i = self._skip_ws(i, comments=True)
            if i >= n:
                raise _ScanError(f"entry {key!r} is never closed")
            if text[i] == close:
                entry.close, entry.end = i, i + 1
                self.entries.append(entry)
                return i + 1
            nm = _NAME.match(text, i)
            if not nm:
                raise _ScanError(f"entry {key!r}: a field name was expected, found {text[i:i + 10]!r}")
            name_start = i
            i = self._skip_ws(nm.end())
            if i >= n or text[i] != "=":
                raise _ScanError(f"entry {key!r}: field {nm.group(0)!r} has no '='")
            i = self._skip_ws(i + 1)
            vstart = i
            vend = self._value(i)
            f = FieldSpan(nm.group(0), text[vstart:vend], self.line_of(name_start), name_start, vstart, vend)
            entry.fields.append(f)
            i = self._skip_ws(vend, comments=True)
            if i < n and text[i] == ",":
                f.comma = i
                i += 1
            elif i < n and text[i] == close:
                continue
            else:
                raise _ScanError(f"entry {key!r}: ',' or {close!r} expected after field {f.name!r}")


class _ScanError(InputError):
    """A block the scanner cannot read (reported as a problem, never raised to callers)."""


def _single_piece(raw: str) -> bool:
    """True when ``raw`` is one delimited piece (``{a} # {b}`` is not)."""
    if raw[0] == "{":
        depth = 0
        for i, ch in enumerate(raw):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return i == len(raw) - 1
        return False
    if raw[0] == '"':
        depth = 0
        for i, ch in enumerate(raw[1:], 1):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                return i == len(raw) - 1
    return False
