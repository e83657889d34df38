"""The one .bib scanner: every block of a text the way BibTeX and biber read it, with byte spans.

Every reader and editor of a ``.bib`` goes through :func:`split_layout`: ``convert`` and the
stream (:mod:`citekit.sources.bibtex`), ``check`` and ``--fix`` (:mod:`citekit.check.source`),
``update`` (:mod:`citekit.bibedit`). So they see the same blocks, with the same keys and lines.

Blocks are entries, ``@string``, ``@preamble``, ``@comment``, free text between blocks
(comments), and blocks that cannot be read (``Failed``, kept whole with the reason). Each
block, field, key and type knows its offsets in the text, so an editor can change exactly
their bytes.

Recovery, as BibTeX and biber recover: a broken entry costs at most itself. Reading
resumes at the next line that starts an entry (``@type{`` or ``@type(``) after the broken
entry's head, wherever the error was found, so an unbalanced brace that runs into the next
entry never swallows it (bibtex resumes at that ``@`` too). What BibTeX and biber both
reject is a ``Failed`` block, never guessed at: an entry that starts with a field and no key
(``@misc{title = {A}}``), a missing comma between two fields, a value never closed.

Rules that differ from bibtexparser v2's splitter, on purpose:

* braces are counted as BibTeX counts them: a backslash escapes no brace, so
  ``title = {\\}`` is the value ``\\``;
* an ``@`` after ``%`` on its line is commented out: ``%@article{...}`` and
  ``see % @article{...}`` are comments, not entries (biber reads them so, bibtex does not;
  it is what the user meant);
* the key follows biber's grammar (no ``'``, ``#``, ``=``, ``%``, quotes or braces); ``@misc{,``
  is an entry with no key, as bibtex reads it;
* between the fields of an entry, ``% ...`` to the end of the line is a comment, kept
  with the field it follows (not glued to the next field's name);
* an entry's raw text (``Entry.raw``) is exactly its bytes in the file, so an entry that
  nothing changed can be written back byte for byte;
* each block's ``gap`` is the exact text between the previous block's end and its own
  start (blank lines, spaces, tabs), and :func:`split_layout` also gives the file's text
  after its last block: the blocks' gaps and raw texts, then that tail, are the input
  again, byte for byte, so an unchanged file can be written back as it was.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .months import MONTH_MACROS

if TYPE_CHECKING:
    from .limits import ExpansionBudget

__all__ = ["Field", "Entry", "Macro", "Preamble", "Comment", "Failed", "Block", "split", "split_layout", "expand",
           "split_concat", "unwrap", "MONTH_MACROS"]


@dataclass(slots=True)
class Field:
    """One ``name = value`` of an entry: the value as written (braces, quotes, ``#``) and its line."""

    name: str
    value: str
    line: int
    comment: str = ""  # a "% ..." that followed the value on the field's line(s)
    before: tuple[str, ...] = ()  # "% ..." lines standing on their own just before the field
    start: int = 0  # offset of the name in the text
    value_start: int = 0
    value_end: int = 0  # just after the value
    comma: int | None = None  # offset of the comma that follows the value, if any

    @property
    def value_raw(self) -> str:
        """The value as written: braces/quotes, @string names and '#' included."""
        return self.value

    @property
    def value_text(self) -> str:
        """The value without its outer braces or quotes when it is a single such piece, else as written."""
        raw = self.value
        if len(raw) >= 2 and raw[0] in '{"' and _single_piece(raw):
            return raw[1:-1]
        return raw

    @property
    def delimiter(self) -> str:
        """``{`` or ``"`` for a delimited single value, ``""`` for a macro, number or concatenation."""
        raw = self.value
        return raw[0] if raw[:1] in ('{', '"') and _single_piece(raw) else ""


@dataclass(slots=True)
class Entry:
    """An entry: type as spelled, key (None when the entry has none), fields, raw text, line."""

    type: str
    key: str | None
    fields: list[Field]
    raw: str
    line: int
    key_span: tuple[int, int] = (0, 0)  # the key's place inside ``raw``
    tail: tuple[str, ...] = ()  # "% ..." lines after the last field
    gap: str = ""  # the whitespace between the previous block and this one, as it stood
    start: int = 0  # offset of the '@' in the text
    type_start: int = 0  # offset of the type's first letter
    close: int = 0  # offset of the closing delimiter
    open_delim: str = "{"  # '{' or '('

    @property
    def end(self) -> int:
        """The offset just after the closing delimiter."""
        return self.start + len(self.raw)

    @property
    def key_start(self) -> int:
        """The offset of the key (where it would stand when the entry has none)."""
        return self.start + self.key_span[0]

    def field(self, name: str) -> Field | None:
        """The first field called ``name`` (case-insensitive), or None."""
        low = name.lower()
        for f in self.fields:
            if f.name.lower() == low:
                return f
        return None


@dataclass(slots=True)
class Macro:
    """``@string{name = value}`` (some files define several, comma-separated, in one block)."""

    macros: list[tuple[str, str]]  # (name, raw value) in order
    raw: str
    line: int
    gap: str = ""  # the whitespace between the previous block and this one, as it stood
    start: int = 0  # offset of the block in the text


@dataclass(slots=True)
class Preamble:
    """``@preamble{...}``."""

    value: str
    raw: str
    line: int
    gap: str = ""  # the whitespace between the previous block and this one, as it stood
    start: int = 0  # offset of the block in the text


@dataclass(slots=True)
class Comment:
    """Free text between blocks, ``%`` lines, commented-out entries and ``@comment``."""

    raw: str
    line: int
    gap: str = ""  # the whitespace between the previous block and this one, as it stood
    start: int = 0  # offset of the block in the text


@dataclass(slots=True)
class Failed:
    """A block that cannot be read, kept verbatim, with the reason."""

    raw: str
    line: int
    reason: str
    type: str = ""
    key: str | None = None
    gap: str = ""  # the whitespace between the previous block and this one, as it stood
    start: int = 0  # offset of the '@' in the text
    error_line: int = 0  # the line where reading it failed


class _Error(Exception):
    def __init__(self, reason: str, pos: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pos = pos


_AT = re.compile(r"@")
_TYPE = re.compile(r"[ \t\r\n]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_WS = re.compile(r"(?:[ \t\r\n]|%[^\n]*+)*+")  # possessive: no backtracking over long runs
_SPACE = re.compile(r"[ \t\r\n]*")
_KEY = re.compile(r"[^\s,{}()=\"#%']*")
_KEY_PAREN = re.compile(r"[^\s,(){}=\"#%']*")
_NAME = re.compile(r"[^\s=,{}()\"#%]+")
_BRACES = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'["{}]')
_BARE = re.compile(r"[^\s,#{}\"()%=]+")
# A line that starts an entry (or @string, @comment...): where reading resumes after a broken one.
_NEXT_ENTRY = re.compile(r"^[ \t]*@[ \t\r\n]*[A-Za-z][\w-]*[ \t\r\n]*[{(]", re.M)
# After a value: an optional comma, then a "% ..." on the same line is the field's trailing comment.
_TRAILING = re.compile(r"[ \t]*,?[ \t]*(%[^\n]*)?")
_FIELD_HEAD = re.compile(r"(?:[ \t\r\n]|%[^\n]*+|,)*+([^\s=,{}()\"#%]+)[ \t\r\n]*=[ \t\r\n]*")


Block = Entry | Macro | Preamble | Comment | Failed


def split(text: str) -> list[Block]:
    """Every block of ``text`` in order; together their raw texts cover the whole input but blank gaps."""
    return split_layout(text)[0]


_LINE_END = re.compile(r"\r\n?|\n")


def split_layout(text: str) -> tuple[list[Block], str]:
    """Every block of ``text`` in order, each with its leading ``gap``, and the text after the last block."""
    # A line ends in LF, CRLF or CR alone (classic Mac OS), as TeX Live's bibtex reads lines
    # (web2c's input_line stops at either): the position of each line's last character.
    newlines = [m.end() - 1 for m in _LINE_END.finditer(text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(newlines, pos - 1) + 1

    blocks: list[Block] = []
    pos = 0
    n = len(text)
    gap_start = 0
    done = 0  # where the last block's raw text ends (a Failed block's raw drops its final blank space)

    def add(block: Block, start: int) -> None:
        nonlocal done
        block.gap = text[done:start]
        block.start = start
        done = start + len(block.raw)
        blocks.append(block)

    while pos < n:
        at = text.find("@", pos)
        if at < 0:
            break
        # The line's start from the table: rfind would rescan a long line (or a CR-only file) per "@".
        below = bisect.bisect_right(newlines, at - 1)
        line_start = newlines[below - 1] + 1 if below else 0
        if "%" in text[line_start:at]:
            pos = at + 1  # commented out: part of the free text around it
            continue
        head = _TYPE.match(text, at + 1)
        if head is None:
            pos = at + 1  # an "@" in prose (an e-mail address): free text
            continue
        if at > gap_start and text[gap_start:at].strip():
            add(Comment(text[gap_start:at], line_of(gap_start)), gap_start)
        kind = head.group(1).lower()
        close = "}" if head.group(2) == "{" else ")"
        body = head.end()
        try:
            if kind == "comment":
                end = _comment_end(text, at, body, close)
                add(Comment(text[at:end], line_of(at)), at)
            elif kind == "string":
                end, macros = _string(text, body, close)
                add(Macro(macros, text[at:end], line_of(at)), at)
            elif kind == "preamble":
                end, value = _preamble(text, body, close)
                add(Preamble(value, text[at:end], line_of(at)), at)
            else:
                end, entry = _entry(text, at, head, close, line_of)
                add(entry, at)
        except _Error as exc:
            # Resume at the next line that starts an entry after this one's head, wherever the
            # error was found: an unclosed brace that ran into the next entry never costs it.
            nxt = _NEXT_ENTRY.search(text, body)
            end = nxt.start() if nxt else n
            raw = text[at:end].rstrip()
            key = _KEY.match(text, _SPACE.match(text, body).end()).group(0) or None
            error_line = line_of(min(exc.pos, n))
            add(Failed(raw, line_of(at), f"{exc.reason} (line {error_line})", head.group(1), key,
                       error_line=error_line), at)
            end = at + len(raw)
        pos = gap_start = end
    if gap_start < n and text[gap_start:].strip():
        add(Comment(text[gap_start:], line_of(gap_start)), gap_start)
    return blocks, text[done:]


def _skip(text: str, pos: int) -> int:
    if text[pos : pos + 1] not in _WS_START:  # the common case: nothing to skip
        return pos
    return _WS.match(text, pos).end()


_WS_START = frozenset(" \t\r\n%")


def _braced(text: str, pos: int) -> int:
    """Index just past the ``{...}`` group opening at ``pos`` (braces counted as BibTeX does)."""
    close = text.find("}", pos + 1)
    if close > 0 and text.find("{", pos + 1, close) < 0:  # no group inside: the usual value
        return close + 1
    depth = 0
    for m in _BRACES.finditer(text, pos):
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    raise _Error("a '{' is never closed", pos)


def _quoted(text: str, pos: int) -> int:
    """Index just past the ``"..."`` value opening at ``pos`` (a quote inside braces does not end it)."""
    depth = 0
    for m in _QUOTE_OR_BRACE.finditer(text, pos + 1):
        ch = m.group()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise _Error("a '}' closes nothing inside a quoted value", m.start())
        elif depth == 0:
            return m.end()
    raise _Error('a \'"\' is never closed', pos)


def _value(text: str, pos: int, close: str) -> int:
    """Index just past a value (pieces joined by ``#``) starting at ``pos``."""
    while True:
        pos = _skip(text, pos)
        ch = text[pos : pos + 1]
        if ch == "{":
            pos = _braced(text, pos)
        elif ch == '"':
            pos = _quoted(text, pos)
        else:
            m = _BARE.match(text, pos)
            if m is None or not m.group():
                raise _Error("a value is missing", pos)
            pos = m.end()
        after = _skip(text, pos)
        if text[after : after + 1] != "#":
            return pos
        pos = after + 1


def _comment_end(text: str, at: int, body: int, close: str) -> int:
    if close == "}":
        return _braced(text, body - 1)
    depth = 1
    for i in range(body, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    raise _Error("an '@comment(' is never closed", at)


def _closing(text: str, pos: int, close: str) -> int:
    pos = _skip(text, pos)
    if text[pos : pos + 1] != close:
        raise _Error(f"expected {close!r}", pos)
    return pos + 1


def _string(text: str, body: int, close: str) -> tuple[int, list[tuple[str, str]]]:
    macros: list[tuple[str, str]] = []
    pos = body
    while True:
        pos = _skip(text, pos)
        m = _NAME.match(text, pos)
        if m is None:
            raise _Error("an @string without a name", pos)
        pos = _skip(text, m.end())
        if text[pos : pos + 1] != "=":
            raise _Error("an @string without '='", pos)
        start = _skip(text, pos + 1)
        end = _value(text, start, close)
        macros.append((m.group(), text[start:end]))
        pos = _skip(text, end)
        if text[pos : pos + 1] == ",":
            nxt = _skip(text, pos + 1)
            if text[nxt : nxt + 1] == close:
                return nxt + 1, macros
            pos += 1
            continue
        return _closing(text, pos, close), macros


def _preamble(text: str, body: int, close: str) -> tuple[int, str]:
    start = _skip(text, body)
    end = _value(text, start, close)
    return _closing(text, end, close), text[start:end]


def _entry(text: str, at: int, head: re.Match[str], close: str, line_of) -> tuple[int, Entry]:
    etype = head.group(1)
    pos = _SPACE.match(text, head.end()).end()
    key_re = _KEY if close == "}" else _KEY_PAREN
    m = key_re.match(text, pos)
    key: str | None = m.group()
    key_start, key_end = m.span()
    after = _skip(text, m.end())
    fields: list[Field] = []
    ch = text[after : after + 1]

    def make(end: int, closing: int, tail: tuple[str, ...] = ()) -> Entry:
        return Entry(etype, key or None, fields, text[at:end], line_of(at), (key_start - at, key_end - at), tail,
                     type_start=head.start(1), close=closing, open_delim=head.group(2))

    if ch == close:
        return after + 1, make(after + 1, after)
    if ch == "=":
        # bibtex and biber both stop here: "@misc{title = {A}}" has a field where the key goes.
        raise _Error("no key: the entry starts with a field, where a key and ',' belong", after)
    if ch != ",":
        raise _Error("expected ',' after the key", after)
    pos = after + 1
    while True:
        simple = _SIMPLE_FIELD.match(text, pos)
        if simple is not None:  # name = {text with no group}, then its comma: most fields of most files
            field = _simple_field(simple, line_of)
        else:
            head_m = _FIELD_HEAD.match(text, pos)
            if head_m is None:
                skipped = _skip(text, pos)
                ch = text[skipped : skipped + 1]
                if ch == close:
                    tail = _own_line_comments(text, pos, skipped, bool(fields))
                    end = skipped + 1
                    break
                pos = skipped
                if ch == ",":
                    pos += 1
                    continue
                if not ch:
                    raise _Error("the entry is never closed", at)
                m = _NAME.match(text, pos)
                if m is None:
                    raise _Error("expected a field name or the end of the entry", pos)
                raise _Error(f"expected '=' after field name {m.group()!r}", _skip(text, m.end()))
            field = _field(text, pos, head_m, close, at, line_of, bool(fields))
        fields.append(field)
        pos = field.value_end
    return end, make(end, end - 1, tail)


def _field(text: str, pos: int, head_m: re.Match[str], close: str, at: int, line_of, after_value: bool) -> Field:
    """The field whose head (``name =``, after what ``pos`` skips) ``head_m`` matched; its value read as BibTeX does."""
    start = head_m.end()
    if text[start : start + 1] == "{":
        end_value = _braced(text, start)
        next_at = _skip(text, end_value)
        if text[next_at : next_at + 1] == "#":
            end_value = _value(text, start, close)
    else:
        end_value = _value(text, start, close)
    name = head_m.group(1)
    ch = text[end_value : end_value + 1]
    after = end_value
    if ch != "," and ch != close:  # the usual case is a comma right after the value
        after = _skip(text, end_value)
        ch = text[after : after + 1]
    if ch != "," and ch != close:
        # bibtex: "I was expecting a `,' or a `}'"; biber skips the entry. So does citekit.
        if not ch:
            raise _Error("the entry is never closed", at)
        raise _Error(f"expected ',' or {close!r} after the value of {name!r} (a comma is missing)", after)
    comment = ""
    trailing = _TRAILING.match(text, end_value)
    if trailing.group(1):
        comment = trailing.group(1)
    name_at = head_m.start(1)
    # No "%" before the name (most fields): no comment lines, without the call that looks for them.
    before = _own_line_comments(text, pos, name_at, after_value) if text.find("%", pos, name_at) >= 0 else ()
    return Field(name, text[start:end_value], line_of(name_at), comment, before, name_at, start, end_value,
                 after if ch == "," else None)


#: The usual field, read by one match: no comment before it, a braced value with no group inside, and its comma
#: right after; the comment after that comma, if any. :func:`_field` gives the same Field for it.
_SIMPLE_FIELD = re.compile(r"(?:[ \t\r\n]|,)*+([^\s=,{}()\"#%]+)[ \t\r\n]*=[ \t\r\n]*(\{[^{}]*\})(?=,[ \t]*(%[^\n]*)?)")


def _simple_field(m: re.Match[str], line_of) -> Field:
    """The Field of a :data:`_SIMPLE_FIELD` match."""
    name_at = m.start(1)
    start, end_value = m.span(2)
    return Field(m.group(1), m.group(2), line_of(name_at), m.group(3) or "", (), name_at, start, end_value, end_value)


def _own_line_comments(text: str, start: int, end: int, after_value: bool) -> tuple[str, ...]:
    """The ``% ...`` lines between ``start`` and ``end``; after a value, its own line's comment is its trailing one."""
    if text.find("%", start, end) < 0:
        return ()
    gap = text[start:end]
    if after_value:
        newline = gap.find("\n")
        if newline < 0:
            return ()
        gap = gap[newline:]
    return tuple(m.group() for m in _COMMENT_LINE.finditer(gap))


_COMMENT_LINE = re.compile(r"%[^\n]*")


def unwrap(piece: str) -> str:
    """One value piece without its outer braces or quotes."""
    piece = piece.strip()
    if len(piece) >= 2 and ((piece[0] == "{" and piece[-1] == "}") or (piece[0] == '"' and piece[-1] == '"')):
        return piece[1:-1]
    return piece


def split_concat(raw: str) -> list[str]:
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


def expand(raw: str, strings: dict[str, str], budget: ExpansionBudget | None = None,
           line: int | None = None) -> tuple[str, list[str]]:
    """A raw value with ``#``, @string macros (lower-cased names) and month macros expanded; also the undefined names.

    With a ``budget`` (:class:`citekit.limits.ExpansionBudget`, one per file), the text the
    macros add is taken from it first, so a value that would overspend it raises
    :class:`~citekit.limits.LimitError` naming ``line`` before it is built.
    """
    if raw[:1] == "{" and "#" not in raw:  # the usual braced value
        return raw[1:-1], []
    out: list[str] = []
    unknown: list[str] = []
    added = 0
    for piece in split_concat(raw):
        p = piece.strip()
        if p[:1] in ('{', '"') or not p or p.isdigit():
            out.append(unwrap(p))
        elif p.lower() in strings:
            out.append(strings[p.lower()])
            added += len(out[-1])
        elif p.lower() in MONTH_MACROS:
            out.append(MONTH_MACROS[p.lower()])
        else:
            unknown.append(p)
            out.append(p)
    if budget is not None and added:
        budget.spend(added, line)
    return "".join(out), unknown


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
