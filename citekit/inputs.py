"""Turning bytes into text: encoding fallback, binary detection, NUL bytes, line endings."""

from __future__ import annotations

import codecs
import json
import os
import stat

from .errors import EncodingError, InputError
from .model import Problem

__all__ = ["decode", "read_regular", "json_loads", "json_int", "MAX_EDIT_BYTES"]

#: The largest file ``check`` and ``update`` read (they hold it, parsed, in memory): 64 MiB.
MAX_EDIT_BYTES = 64 * 1024 * 1024

_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}


def decode(data: bytes, origin: str) -> tuple[str, list[Problem]]:
    """Decode ``data`` as text with newline-normalised line endings.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are; other bytes
    fall back to Windows-1252 then Latin-1, with a warning. Binary data raises
    :class:`EncodingError`; stray NUL bytes are dropped with a warning naming the line.
    """
    problems: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"starts like UTF-16 but does not decode ({exc.reason})", origin=origin) from None
    else:
        _reject_binary(data, origin)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            try:
                text = data.decode("cp1252")
                used = "Windows-1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                used = "Latin-1"
            problems.append(
                Problem(f"not valid UTF-8 (first bad byte at line {line}); read as {used}", origin, line)
            )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(Problem(f"{text.count(chr(0))} NUL byte(s) dropped", origin, line))
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def _reject_binary(data: bytes, origin: str) -> None:
    sample = data[:65536]
    if not sample:
        return
    for magic, kind in ((b"%PDF", "a PDF"), (b"\x89PNG", "a PNG image"), (b"PK\x03\x04", "a ZIP archive"),
                        (b"\x1f\x8b", "gzip data"), (b"\x7fELF", "an executable")):
        if sample.startswith(magic):
            raise EncodingError(f"is {kind}, not a text listing", origin=origin)
    controls = sum(1 for b in sample if b in _CONTROL)
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
