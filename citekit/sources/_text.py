"""Helpers the plain-text listing readers share: lines, paragraphs, abstract-likeness, names, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..model import Name, PartialDate
from ..particles import PARTICLES

__all__ = [
    "Line",
    "lines_of",
    "nonblank",
    "clean",
    "is_abstract_like",
    "is_title_like",
    "strip_abstract_heading",
    "parse_name_pairs",
    "is_name_token",
    "parse_month_date",
    "MONTHS",
    "join_wrapped",
]


@dataclass(slots=True, frozen=True)
class Line:
    """One non-blank input line: its number (1-based), text (stripped) and paragraph index."""

    no: int
    text: str
    para: int


def lines_of(text: str) -> list[str]:
    """The raw lines of ``text`` with BOM and any line-ending style (CRLF, CR) removed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def nonblank(text: str) -> list[Line]:
    """The non-blank lines of ``text``, stripped, numbered, and grouped into paragraphs by blank lines."""
    out: list[Line] = []
    para = 0
    blank_before = False
    for no, raw in enumerate(lines_of(text), 1):
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        if blank_before and out:
            para += 1
        blank_before = False
        out.append(Line(no, stripped, para))
    return out


def join_wrapped(lines: list[Line], keep: Callable[[str], bool]) -> list[Line]:
    """Lines with each wrapped prose paragraph joined into one line.

    A paragraph is joined when it has two or more lines, none already abstract-like and
    none for which ``keep`` is true (structural lines such as dates), every line but the
    last is at least 40 characters, and the whole is abstract-like.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and lines[j + 1].para == lines[i].para:
            j += 1
        group = lines[i : j + 1]
        if len(group) >= 2 and not any(keep(g.text) or is_abstract_like(g.text) for g in group) and all(
            len(g.text) >= 40 for g in group[:-1]
        ):
            joined = " ".join(g.text for g in group)
            if is_abstract_like(joined):
                out.append(Line(group[0].no, joined, group[0].para))
                i = j + 1
                continue
        out.extend(group)
        i = j + 1
    return out


def clean(text: str) -> str:
    """Whitespace runs (tabs, NBSP, newlines) collapsed to one space, ends stripped."""
    return " ".join(text.split())


# A sentence break after a word of two or more letters ("C. Lawrence" is an initial, not one).
_SENTENCE_END = re.compile(r"[a-z)\]]{2}[.!?][\"')\]]?\s+[A-Z(\"']")


def is_abstract_like(text: str) -> bool:
    """True for a line that reads like an abstract: long running prose, not a title or a name list."""
    n = len(text)
    if n >= 300:
        return True
    if n < 120:
        return False
    # Cheap on purpose: sentence breaks within the first 300 characters. A short abstract of
    # two sentences has one break and ends like a sentence (or is cut off past 200
    # characters); a title almost never does that, nor runs past 150 characters to a full stop.
    breaks = len(_SENTENCE_END.findall(text[:300]))
    if breaks >= 2 or (breaks == 1 and n >= 200):
        return True
    ends = text.rstrip("\"')]”’").endswith((".", "!", "?"))
    return ends and (breaks == 1 or n >= 150)


_NOT_TITLE_START = ("#", "- ", "* ", "> ", "`", "|", "//", "/*", "<", "{", "[", "=", "import ", "from ", "def ", "class ")


def is_title_like(text: str) -> bool:
    """True for a line that could be a paper title: short, not markup, not code, not a sentence run."""
    if not 2 <= len(text) <= 300 or is_abstract_like(text):
        return False
    if text.startswith(_NOT_TITLE_START) or text.endswith((":", ";", "{", "(", ",")):
        return False
    if "://" in text or "\t" in text:
        return False
    return any(c.isalpha() for c in text)


# Headings that PDF extraction leaves at the start of an abstract: "A BSTRACT", "ABSTRACT",
# "A B S T R A C T" (capitals, possibly letter-spaced), or "Abstract:" / "Abstract." / "Abstract —"
# in any case. "Abstract Meaning Representation is ..." has no mark and stays as it is.
_HEADING_CAPS = re.compile(r"^A ?B ?S ?T ?R ?A ?C ?T(?![A-Za-z])\s*[:.\-–—]?\s*")
_HEADING_MARKED = re.compile(r"^abstract\s*[:.\-–—]+\s*", re.IGNORECASE)


def strip_abstract_heading(text: str) -> str:
    """``text`` without a leading ``Abstract:``/``ABSTRACT``/``A BSTRACT`` heading."""
    m = _HEADING_CAPS.match(text) or _HEADING_MARKED.match(text)
    return text[m.end():] if m else text


_NAME_TOKEN = re.compile(r"^[^\W\d_][\w.'’\- ]*$")


def is_name_token(token: str) -> bool:
    """True for a piece of a ``Family, Given`` list: a few capitalised words, initials, hyphens."""
    if not token or len(token) > 60 or not _NAME_TOKEN.match(token) or "_" in token:
        return False
    if any(c.isdigit() for c in token):
        return False
    words = token.split()
    if len(words) > 5:
        return False
    for word in words:
        # Scripts without case (CJK) have no capital to look for; a lowercase word must be a particle.
        capital = word[0].isalpha() and not word[0].islower()
        if not (capital or word.lower() in PARTICLES or word.startswith(("d'", "d’", "l'"))):
            return False
    return True


def parse_name_pairs(text: str) -> tuple[list[Name], str | None] | None:
    """Read ``Family, Given, Family, Given, ...``; None when the line is not such a list.

    Returns the names and, for an odd number of parts, the leftover last part (the caller
    reports it and keeps it as a literal name).
    """
    if "," not in text:
        return None
    tokens = [t.strip() for t in text.rstrip(",").split(",")]
    if len(tokens) < 2 or not all(is_name_token(t) for t in tokens):
        return None
    names = [Name(family=tokens[i], given=tokens[i + 1]) for i in range(0, len(tokens) - 1, 2)]
    leftover = tokens[-1] if len(tokens) % 2 else None
    return names, leftover


from ..months import MONTH_NUMBERS as MONTHS  # noqa: E402 (one month table; re-exported for the listing readers)

_MONTH_DATE = re.compile(
    r"^(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:(?P<comma>,)?\s*(?P<year>\d{4}))?(?:\s+(?P<up>\d{1,7}))?$"
)


def parse_month_date(text: str) -> tuple[PartialDate | None, int | None, str | None] | None:
    """Parse ``Mon D[, YYYY] [upvotes]``: (date, upvotes, error). None when ``text`` is not that shape.

    A year needs the comma (``Mar 4 2`` is March 4 with 2 upvotes), except a bare
    four-digit number 1991-2099 right after the day with nothing following it.
    """
    m = _MONTH_DATE.match(text)
    if not m:
        return None
    month = MONTHS.get(m.group("mon").lower())
    if month is None:
        return None
    year_text, up_text = m.group("year"), m.group("up")
    if year_text and not m.group("comma") and not up_text and not 1991 <= int(year_text) <= 2099:
        year_text, up_text = None, year_text
    year = int(year_text) if year_text else None
    upvotes = int(up_text) if up_text else None
    try:
        date = PartialDate(year, month, int(m.group("day")))
    except ValueError as exc:
        return None, upvotes, f"impossible date {text!r}: {exc}"
    return date, upvotes, None
