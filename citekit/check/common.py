"""Helpers the rule families share: field text, first author, year, ISBN normal form, TeX scanning."""

from __future__ import annotations

import re
from typing import Iterator

from ..bibmap import biblatex_fields

__all__ = ["text_of", "first_family", "year_of", "isbn13", "top_level", "NAME_FIELDS"]

#: Name-list fields in BibTeX/BibLaTeX: generated from biber's data model (datatype=name), never typed by hand.
NAME_FIELDS = biblatex_fields("name")


def text_of(entry, name: str) -> str:
    """The expanded text of field ``name``, or ``""``."""
    f = entry.get(name)
    return f.text.strip() if f is not None else ""


def first_family(entry, csl: bool) -> str:
    """The first author's (else editor's) family name, normalized for comparison; ``""`` when none."""
    from ..ids import normalize_text

    if csl:
        for var in ("author", "editor"):
            f = entry.get(var)
            if f is not None and isinstance(f.data, list) and f.data and isinstance(f.data[0], dict):
                n = f.data[0]
                return normalize_text(str(n.get("family") or n.get("literal") or ""))
        return ""
    from ..sources.bibtex import split_names

    for var in ("author", "editor"):
        value = text_of(entry, var)
        if value:
            try:
                names, _ = split_names(value)
            except Exception:  # a malformed list is another rule's finding
                return ""
            if names:
                return normalize_text(names[0].full_family)
    return ""


def year_of(entry, csl: bool) -> str:
    """The four-digit year of the entry (``year`` or the start of ``date``/``issued``), or ``""``."""
    if csl:
        f = entry.get("issued")
        if f is not None and isinstance(f.data, dict):
            parts = f.data.get("date-parts") or []
            if parts and parts[0]:
                return str(parts[0][0])
            m = re.search(r"\d{4}", str(f.data.get("raw") or f.data.get("literal") or ""))
            return m.group(0) if m else ""
        return ""
    for name in ("year", "date"):
        m = re.search(r"\d{4}", text_of(entry, name))
        if m:
            return m.group(0)
    return ""


def isbn13(text: str) -> str | None:
    """The first valid ISBN in ``text`` as 13 digits (:func:`citekit.ids.isbns`, the one ISBN rule), or None."""
    from ..ids import isbns

    found = isbns(text)
    return found[0] if found else None


def top_level(text: str) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, plain)`` spans of ``text``: plain text at brace depth 0 outside math, and the rest.

    Brace groups, math (``$...$``, ``\\(...\\)``) and control sequences are the non-plain spans.
    """
    i, n = 0, len(text)
    start = 0
    while i < n:
        ch = text[i]
        if ch in "{$\\":
            if i > start:
                yield start, i, True
            j = _skip(text, i)
            yield i, j, False
            i = start = j
            continue
        i += 1
    if start < n:
        yield start, n, True


def _skip(text: str, i: int) -> int:
    """The index after the TeX unit (group, math, command) that starts at ``i``."""
    n = len(text)
    ch = text[i]
    if ch == "{":
        depth = 0
        for j in range(i, n):
            if text[j] == "\\":
                continue
            if text[j] == "{" and (j == 0 or text[j - 1] != "\\"):
                depth += 1
            elif text[j] == "}" and (j == 0 or text[j - 1] != "\\"):
                depth -= 1
                if depth == 0:
                    return j + 1
        return n
    if ch == "$":
        close = text.find("$", i + 1)
        while close != -1 and text[close - 1] == "\\":
            close = text.find("$", close + 1)
        return n if close == -1 else close + 1
    # A control sequence: \& \% (one symbol) or \word; \( opens math up to \).
    if i + 1 < n and text[i + 1] == "(":
        close = text.find("\\)", i + 2)
        return n if close == -1 else close + 2
    if i + 1 < n and text[i + 1].isalpha():
        j = i + 1
        while j < n and text[j].isalpha():
            j += 1
        return j
    return min(i + 2, n)
