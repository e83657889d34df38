"""CSL numbers: the is-numeric test, ordinals, long ordinals, roman numerals and page ranges."""

from __future__ import annotations

import re

__all__ = ["is_numeric", "ordinal", "long_ordinal", "roman", "page_range", "number_tokens", "is_plural"]

_NUM = r"[A-Za-z]*\d+[A-Za-z]*"
_NUMERIC = re.compile(rf"^\s*{_NUM}(?:\s*(?:[-–&,]|and)\s*{_NUM})*\s*$")
_SPLIT = re.compile(r"(\s*(?:--|[-–&,])\s*)")


def is_numeric(value) -> bool:
    """True for a number or a string of numbers joined by ``-``, ``&`` or ``,`` (``2nd``, ``L2``, ``1-3``)."""
    if isinstance(value, int):
        return True
    return bool(value) and bool(_NUMERIC.match(str(value)))


def is_plural(value) -> bool:
    """True when ``value`` holds more than one number (``1-3``, ``2, 5``, ``4 & 6``)."""
    s = str(value).replace("\\-", "")
    parts = [p.strip() for p in re.split(r"\s*(?:[-–&,]|\band\b|\bet\b)\s*|\s+", s) if p.strip()]
    numeric = [p for p in parts if re.fullmatch(r"[A-Za-z]*\d+[A-Za-z]*|[ivxlcdmIVXLCDM]+", p)]
    if len(numeric) < 2:
        return False
    return bool(re.search(r"\w\s*(?:[-–&,]|\band\b|\bet\b|\s)\s*\w", s)) and len(numeric) == len(
        [p for p in parts if re.search(r"\d|^[ivxlcdmIVXLCDM]+$", p)]) and not re.search(r"\d\s*-\s*[A-Za-z]+$", s)


def number_tokens(value: str) -> list[str]:
    """``value`` split into numbers and the separators between them."""
    return [t for t in _SPLIT.split(value) if t != ""]


def ordinal(n: int, locale, gender: str = "") -> str:
    """``n`` with the locale's ordinal suffix (CSL 1.0.1 ordinal-00..99 matching, by gender)."""
    two = n % 100
    if two >= 10:
        t = locale.term_entry(f"ordinal-{two:02d}", "long", gender)
        if t is not None and ((t.match or "last-two-digits") == "last-two-digits" or n == two):
            return f"{n}{t.single}"
    t = locale.term_entry(f"ordinal-{n % 10:02d}", "long", gender)
    if t is not None:
        m = t.match or "last-digit"
        if m == "last-digit" or (m == "last-two-digits" and two < 10) or (m == "whole-number" and n < 10):
            return f"{n}{t.single}"
    t = locale.term_entry("ordinal", "long", gender)
    return f"{n}{t.single if t is not None else ''}"


def long_ordinal(n: int, locale, gender: str = "") -> str:
    """``n`` as a word (first ... tenth) when the locale has it, else as an ordinal."""
    if 1 <= n <= 10:
        t = locale.term_entry(f"long-ordinal-{n:02d}", "long", gender)
        if t is not None:
            return t.single
    return ordinal(n, locale, gender)


def roman(n: int) -> str:
    """``n`` in lowercase roman numerals (the number itself beyond 3999)."""
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


# A prefix ends in a non-digit: "(\S*?)(\d+)" was quadratic in a long run of digits.
_RANGE = re.compile(r"^(\s*)((?:\S*\D)?)(\d+)\s*(?:-+|–)\s*((?:\S*\D)?)(\d+)(\s*)$")


def _format_pair(a: str, b: str, fmt: str | None) -> str:
    """The second number of the range ``a``-``b`` as ``fmt`` writes it."""
    if len(b) < len(a) and fmt:
        b = a[:len(a) - len(b)] + b
    elif len(b) < len(a):
        return b
    # Digit strings compared by length, then text: int() refuses 4,300+ digits (hostile data).
    a_key, b_key = (len(a.lstrip("0")), a.lstrip("0")), (len(b.lstrip("0")), b.lstrip("0"))
    if not fmt or fmt == "expanded" or b_key <= a_key:  # a range that does not rise is no range to shorten (citeproc-js)
        return b
    if fmt in ("minimal", "minimal-two"):
        return _minimal(a, b, 2 if fmt == "minimal-two" else 1)
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        n = int(a[-3:])
        if a_key[0] < 3 or n % 100 == 0:
            return b
        if n % 100 < 10:
            return _minimal(a, b, 1)
        two = _minimal(a, b, 2)
        if fmt != "chicago-16" and len(a) == 4 and len(two) >= 3:
            return b
        return two
    return b


def page_range(value: str, fmt: str | None, delim: str = "–") -> str:
    """``value`` with each ``first-last`` range written in ``fmt`` (expanded, minimal, minimal-two, chicago) and ``delim``.

    A range whose two ends carry the same prefix (``S213-S235``) is a range; one with a
    prefix on one end only (``N110-5``) is left as written. ``\\-`` is a hyphen, not a range.
    """
    out = []
    for piece in re.split(r"(\s*[,&]\s*)", value):
        m = _RANGE.match(piece.replace("\\-", "\x00"))
        roman = re.fullmatch(r"(\s*)([ivxlcdm]+|[IVXLCDM]+)\s*(?:-+|–)\s*([ivxlcdm]+|[IVXLCDM]+)(\s*)", piece)
        if roman:
            out.append(f"{roman.group(1)}{roman.group(2)}{delim}{roman.group(3)}{roman.group(4)}")
            continue
        if not m or m.group(2) != m.group(4):
            # Not a range of like numbers (N110-5): kept, the hyphen closed up.
            out.append(re.sub(r"(?<=\w)\s+-\s+(?=\w)", "-", piece).replace("\\-", "-"))
            continue
        lead, pre, a, _, b, tail = m.groups()
        second = _format_pair(a, b, fmt)
        # A shortening format drops the repeated prefix (B13–14), shortened or not; expanded keeps it (citeproc-js).
        keep_prefix = pre and (not fmt or fmt == "expanded")
        out.append(f"{lead}{pre}{a}{delim}{pre if keep_prefix else ''}{second}{tail}")
    return "".join(out)


def _minimal(a: str, b: str, least: int) -> str:
    if len(a) != len(b):
        return b
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    keep = b[i:]
    if len(keep) < least:
        keep = b[-least:] if len(b) >= least else b
    return keep
