"""Turning bytes into text, the one decoder every command uses: encodings, BOMs, binary data, NULs, line ends.

:func:`decode_exact` reads UTF-8, UTF-8 with a BOM and UTF-16 with a BOM as they are,
and falls back to Windows-1252, then Latin-1, with a warning; binary data is refused. It
keeps the text exactly (line ends included) and says how to write it back
(:meth:`Decoded.encode`: the same encoding and BOM), which ``check --fix`` and ``update``
need. :func:`decode` is the same text with NULs dropped and line ends made ``\n``, which
the readers of ``convert`` need; its :class:`TextForm` lets a ``.bib`` output keep the
input's BOM and CRLF line ends.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from dataclasses import dataclass

from .errors import EncodingError, InputError
from .model import Problem

__all__ = ["Decoded", "TextForm", "decode", "decode_exact", "reject_binary", "read_source", "STDIN", "read_regular",
           "json_loads", "json_int", "MAX_EDIT_BYTES"]

#: The largest file ``check`` and ``update`` read (they hold it, parsed, in memory): 64 MiB.
MAX_EDIT_BYTES = 64 * 1024 * 1024

_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
#: Every byte but those of :data:`_CONTROL`: deleting them leaves the control bytes to count (one pass in C).
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)

#: The name that means standard input, for every command that reads files.
STDIN = "-"


def read_source(name: str, limit: int | None = None) -> tuple[str, bytes]:
    """``(origin, bytes)`` of a file, or of standard input for ``-`` (origin ``<stdin>``).

    With ``limit`` (``check`` and ``update``, which hold a file whole), the file must be a
    regular file of at most ``limit`` bytes (:func:`read_regular`), and so must stdin's data.
    """
    import sys
    from pathlib import Path

    if name == STDIN:
        data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise InputError(f"is over the {limit:,}-byte limit for files read whole", origin="<stdin>")
        return "<stdin>", data
    if limit is not None:
        return name, read_regular(name, limit)
    try:
        return name, Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", origin=name) from None


@dataclass(frozen=True, slots=True)
class TextForm:
    """How a file's text stood in bytes: its encoding, its BOM, its line end."""

    encoding: str = "utf-8"  # a Python codec that writes the text back (no BOM of its own)
    bom: bytes = b""
    newline: str = "\n"  # "\r\n" when the file's line ends are CRLF

    @property
    def output_encoding(self) -> str:
        """What an output in this form is written in: UTF-16 stays UTF-16; everything else becomes UTF-8."""
        return self.encoding if self.encoding.startswith("utf-16") else "utf-8"

    def dress(self, text: str) -> str:
        """``text`` (with ``\n`` line ends) with this form's line ends, and its BOM as a first character."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + text

    @staticmethod
    def common(forms: list[TextForm]) -> TextForm:
        """The one form all of ``forms`` share, else the plain one (UTF-8, no BOM, ``\n``)."""
        distinct = set(forms)
        return distinct.pop() if len(distinct) == 1 else TextForm()


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text exactly as it stands (BOM dropped, line ends kept), its form, and the warnings of reading it."""

    text: str
    encoding: str  # the codec to write it back with: utf-8, utf-16-le, utf-16-be, cp1252, latin-1
    bom: bytes
    problems: tuple[Problem, ...] = ()

    @property
    def form(self) -> TextForm:
        """The file's :class:`TextForm`: CRLF when most of its line ends are CRLF."""
        crlf = self.text.count("\r\n")
        newline = "\r\n" if crlf and crlf * 2 > self.text.count("\n") else "\n"
        return TextForm(self.encoding, self.bom, newline)

    def encode(self, text: str) -> bytes:
        """``text`` (line ends as given) back in the file's encoding, after its BOM."""
        return self.bom + text.encode(self.encoding)


def decode_exact(data: bytes, origin: str) -> Decoded:
    """Decode ``data`` keeping every character: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252/Latin-1.

    Binary data raises :class:`EncodingError`. The fallback to Windows-1252 (or Latin-1,
    which reads any byte) is a warning naming the first line that is not UTF-8; so is
    UTF-16 saved without a BOM (a NUL in every other byte, none in the others).
    """
    problems: list[Problem] = []
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts like UTF-16 but does not decode ({exc.reason})", origin=origin) from None
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        try:
            text = data.decode(unmarked)
        except UnicodeDecodeError:
            pass
        else:
            order = "little" if unmarked.endswith("le") else "big"
            return Decoded(text, unmarked, b"", (Problem(
                f"UTF-16 without a byte-order mark: read as UTF-16 ({order}-endian) and written back so", origin, 1),))
    reject_binary(data, origin)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    body = data[len(bom):]
    try:
        return Decoded(body.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start + len(bom)) + 1
    try:
        text, codec, used = body.decode("cp1252"), "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        text, codec, used = body.decode("latin-1"), "latin-1", "Latin-1"
    problems.append(Problem(f"not valid UTF-8 (first bad byte at line {line}); read as {used}", origin, line))
    return Decoded(text, codec, bom, tuple(problems))


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text saved as UTF-16 with no BOM (Windows tools write it): ASCII-range
    characters leave a NUL in every other byte, the other bytes hold no NUL; None otherwise."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    evens, odds = sample[0::2], sample[1::2]
    for codec, zeros, chars in (("utf-16-le", odds, evens), ("utf-16-be", evens, odds)):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) == 0:
            return codec
    return None


def decode(data: bytes, origin: str, decoded: Decoded | None = None) -> tuple[str, list[Problem]]:
    """Decode ``data`` as text with newline-normalised line endings (see :func:`decode_exact`, or its ``decoded``).

    Stray NUL characters are dropped with a warning naming the line.
    """
    decoded = decoded if decoded is not None else decode_exact(data, origin)
    text, problems = decoded.text, list(decoded.problems)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(Problem(f"{text.count(chr(0))} NUL byte(s) dropped", origin, line))
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def reject_binary(data: bytes, origin: str) -> None:
    """Raise :class:`EncodingError` when ``data`` is a known binary format or mostly control bytes."""
    sample = data[:65536]
    if not sample:
        return
    for magic, kind in ((b"%PDF", "a PDF"), (b"\x89PNG", "a PNG image"), (b"PK\x03\x04", "a ZIP archive"),
                        (b"\x1f\x8b", "gzip data"), (b"\x7fELF", "an executable")):
        if sample.startswith(magic):
            raise EncodingError(f"is {kind}, not a text listing", origin=origin)
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls / len(sample) > 0.10:
        raise EncodingError(
            f"looks binary ({controls} control bytes in the first {len(sample)}), not a text listing",
            origin=origin,
        )


def read_regular(path: str | os.PathLike[str], limit: int = MAX_EDIT_BYTES) -> bytes:
    """The bytes of the regular file ``path``; a device, FIFO, socket or directory, or a file
    over ``limit`` bytes, is an :class:`InputError` (nothing is read from it).

    The file is opened without blocking (a FIFO with no writer does not hang) and
    checked through its open descriptor, so what is checked is what is read.
    """
    origin = os.fspath(path)
    try:
        fd = os.open(origin, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", origin=origin) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                    else "a character device" if stat.S_ISCHR(info.st_mode) else "a block device"
                    if stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            raise InputError(f"is {kind}; only regular files are read and rewritten", origin=origin)
        if info.st_size > limit:
            raise InputError(f"is {info.st_size:,} bytes, over the {limit:,}-byte limit for files read whole; "
                             "left untouched", origin=origin)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # the file grew while it was read
                raise InputError(f"grew past the {limit:,}-byte limit while it was read; left untouched",
                                 origin=origin)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", origin=origin) from None
    finally:
        os.close(fd)


#: Python refuses to convert integers longer than this from text (its quadratic-time guard).
_INT_DIGITS = 4300


def json_int(digits: str) -> int | str:
    """A JSON integer as an int, or kept as its digits when Python would refuse to convert it."""
    if len(digits) > _INT_DIGITS - 2:
        return digits  # a 4,300-digit "number" is no count or year: kept as the text it is
    return int(digits)


def json_loads(text: str):  # type: ignore[no-untyped-def]
    """``json.loads`` for data from users: huge integers kept as text instead of raising (:func:`json_int`)."""
    return json.loads(text, parse_int=json_int)
