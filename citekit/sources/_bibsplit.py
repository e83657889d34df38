"""Split a .bib text into blocks the way BibTeX and biber read it, keeping every byte.

Blocks are entries, ``@string``, ``@preamble``, ``@comment``, free text between blocks
(comments), and blocks that cannot be read (``Failed``: the text from its ``@`` to the
next line that starts with ``@``, kept whole). Rules that differ from bibtexparser v2's
splitter, on purpose:

* braces are counted as BibTeX counts them: a backslash escapes no brace, so
  ``title = {\\}`` is the value ``\\``;
* an ``@`` after ``%`` on its line is commented out: ``%@article{...}`` is a comment,
  not an entry (biber reads it so; it is what the user meant);
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
from dataclasses import dataclass, field

__all__ = ["Field", "Entry", "Macro", "Preamble", "Comment", "Failed", "split", "split_layout"]


@dataclass(slots=True)
class Field:
    """One ``name = value`` of an entry: the value as written (braces, quotes, ``#``) and its line."""

    name: str
    value: str
    line: int
    comment: str = ""  # a "% ..." that followed the value on the field's line(s)
    before: tuple[str, ...] = ()  # "% ..." lines standing on their own just before the field


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


@dataclass(slots=True)
class Macro:
    """``@string{name = value}`` (some files define several, comma-separated, in one block)."""

    macros: list[tuple[str, str]]  # (name, raw value) in order
    raw: str
    line: int
    gap: str = ""  # the whitespace between the previous block and this one, as it stood


@dataclass(slots=True)
class Preamble:
    """``@preamble{...}``."""

    value: str
    raw: str
    line: int
    gap: str = ""  # the whitespace between the previous block and this one, as it stood


@dataclass(slots=True)
class Comment:
    """Free text between blocks, ``%`` lines, commented-out entries and ``@comment``."""

    raw: str
    line: int
    gap: str = ""  # the whitespace between the previous block and this one, as it stood


@dataclass(slots=True)
class Failed:
    """A block that cannot be read, kept verbatim, with the reason."""

    raw: str
    line: int
    reason: str
    type: str = ""
    key: str | None = None
    gap: str = ""  # the whitespace between the previous block and this one, as it stood


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
_LINE_START_AT = re.compile(r"^[ \t]*@", re.M)
# After a value: an optional comma, then a "% ..." on the same line is the field's trailing comment.
_TRAILING = re.compile(r"[ \t]*,?[ \t]*(%[^\n]*)?")
_FIELD_HEAD = re.compile(r"(?:[ \t\r\n]|%[^\n]*+|,)*+([^\s=,{}()\"#%]+)[ \t\r\n]*=[ \t\r\n]*")


Block = Entry | Macro | Preamble | Comment | Failed


def split(text: str) -> list[Block]:
    """Every block of ``text`` in order; together their raw texts cover the whole input but blank gaps."""
    return split_layout(text)[0]


def split_layout(text: str) -> tuple[list[Block], str]:
    """Every block of ``text`` in order, each with its leading ``gap``, and the text after the last block."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(newlines, pos - 1) + 1

    blocks: list[Block] = []
    pos = 0
    n = len(text)
    gap_start = 0
    done = 0  # where the last block's raw text ends (a Failed block's raw drops its final newlines)

    def add(block: Block, start: int) -> None:
        nonlocal done
        block.gap = text[done:start]
        done = start + len(block.raw)
        blocks.append(block)

    while pos < n:
        at = text.find("@", pos)
        if at < 0:
            break
        line_start = text.rfind("\n", 0, at) + 1
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
                end, entry = _entry(text, at, head.group(1), body, close, line_of)
                add(entry, at)
        except _Error as exc:
            nxt = _LINE_START_AT.search(text, max(exc.pos, body))
            # Resynchronise at the next line that starts a block (never inside this one's head).
            end = nxt.start() if nxt else n
            raw = text[at:end]
            key = _KEY.match(text, _SPACE.match(text, body).end()).group(0) or None
            add(Failed(raw.rstrip("\n"), line_of(at), f"{exc.reason} (line {line_of(exc.pos)})",
                       head.group(1), key), at)
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


def _entry(text: str, at: int, etype: str, body: int, close: str, line_of) -> tuple[int, Entry]:
    pos = _SPACE.match(text, body).end()
    key_re = _KEY if close == "}" else _KEY_PAREN
    m = key_re.match(text, pos)
    key: str | None = m.group()
    key_start, key_end = m.span()
    after = _skip(text, m.end())
    fields: list[Field] = []
    if text[after : after + 1] == "=" or (not key and text[after : after + 1] not in (",", close)):
        # A keyless entry: what looked like the key is the first field's name.
        key, key_start, key_end = None, pos, pos
        after = pos
    elif text[after : after + 1] == close:
        return after + 1, Entry(etype, key or None, fields, text[at : after + 1], line_of(at),
                                (key_start - at, key_end - at))
    elif text[after : after + 1] != ",":
        raise _Error("expected ',' after the key", after)
    else:
        after += 1
    pos = after
    while True:
        head = _FIELD_HEAD.match(text, pos)
        if head is None:
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
            m = _NAME.match(text, pos)
            if m is None:
                raise _Error("expected a field name or the end of the entry", pos)
            raise _Error(f"expected '=' after field name {m.group()!r}", _skip(text, m.end()))
        start = head.end()
        if text[start : start + 1] == "{":
            end_value = _braced(text, start)
            if text[_skip(text, end_value) : _skip(text, end_value) + 1] == "#":
                end_value = _value(text, start, close)
        else:
            end_value = _value(text, start, close)
        comment = ""
        trailing = _TRAILING.match(text, end_value)
        if trailing.group(1):
            comment = trailing.group(1)
        before = _own_line_comments(text, pos, head.start(1), bool(fields))
        fields.append(Field(head.group(1), text[start:end_value], line_of(head.start(1)), comment, before))
        pos = end_value
    key_span = (key_start - at, key_end - at)
    return end, Entry(etype, key or None, fields, text[at:end], line_of(at), key_span, tail)


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
