"""Turning bytes into text: encoding fallback, binary detection, NUL bytes, line endings."""

from __future__ import annotations

import codecs

from .errors import EncodingError
from .model import Problem

__all__ = ["decode"]

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
