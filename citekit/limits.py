"""Bounds on the work one input may ask for, so a hostile file is refused rather than run.

BibTeX and biber bound a database by what it holds: TeX Live's bibtex grows its buffers
on demand, biber keeps whole values in memory, and neither caps a field or the number of
entries. What neither bounds is the one thing that lets a small file ask for unbounded
work: ``@string`` macros that concatenate earlier macros grow geometrically (ten
definitions of 58 bytes each expand one title to 10^9 characters). citekit therefore
bounds the text that macro expansion *adds* to a file, not the file: a budget of
``EXPANSION_BASE`` characters plus ``EXPANSION_FACTOR`` times the file's own size. Real
libraries spend a small fraction of it (a journal macro used 70,000 times adds a few MB),
and a budget spent is an :class:`LimitError` naming the file and the line of the value
that overspent it, before that value is built.

The number of entries in one .bib is bounded too (``MAX_ENTRIES``), counted in one
pass of a regular expression before anything is split, since a file of four-byte
entries costs a million entry objects.

Nesting depth is bounded where the TeX encoder and decoder recurse (``MAX_NESTING``,
``MAX_DECODE_NESTING``, well above the few levels of real values); deeper text is read
in one pass without the recursion (see ``latex.shallow`` and ``latex.decode``).
"""

from __future__ import annotations

import re

from .errors import InputError

__all__ = ["EXPANSION_BASE", "EXPANSION_FACTOR", "MAX_NESTING", "MAX_DECODE_NESTING", "MAX_ENTRIES", "MAX_JSON_DEPTH",
           "MAX_INHERIT_STEPS",
           "LimitError", "ExpansionBudget", "check_entry_count", "check_item_count", "too_deep"]

#: Characters macro expansion may add to any file (a floor for small files) ...
EXPANSION_BASE = 16 << 20
#: ... plus this many times the file's own length.
EXPANSION_FACTOR = 4
#: Brace depth past which the encoder drops braces rather than recurse (real values nest a few levels).
MAX_NESTING = 64
#: Brace depth past which the decoder reads a value without pylatexenc, whose output doubles with
#: each nested accent (``{\\"{\\"u}}``); real values nest at most four or five levels.
MAX_DECODE_NESTING = 10
#: Entries one input may hold: well over the largest real libraries (70,000), and a bound on
#: the time a file of tiny entries can ask for (``@a{}`` 200,000 times is 1 MB; CSL-JSON's
#: ``{}`` 300,000 times is 900 kB, and every entry costs a few kB of memory downstream).
MAX_ENTRIES = 100_000
#: Entries the crossref/xdata inheritance of one database may walk in all. Each entry's fields are
#: worked out once and shared, so a database without cycles walks each entry at most once (at most
#: MAX_ENTRIES); only a cycle makes every member walk round it again (its length squared).
MAX_INHERIT_STEPS = 1_500_000
#: How deep one CSL-JSON item may nest (item, list, name object, ... : real items reach 4 or 5);
#: deeper values would meet Python's recursion limit in the code that copies and cleans them.
MAX_JSON_DEPTH = 32


class LimitError(InputError):
    """An input asks for more work than citekit's stated bounds allow (the message names the bound)."""


class ExpansionBudget:
    """What ``@string`` expansion may still add to one file; :meth:`spend` raises :class:`LimitError` past it."""

    __slots__ = ("origin", "left", "total")

    def __init__(self, origin: str | None, source_chars: int = 0) -> None:
        self.origin = origin
        self.total = EXPANSION_BASE + EXPANSION_FACTOR * source_chars
        self.left = self.total

    def spend(self, chars: int, line: int | None = None) -> None:
        """Take ``chars`` characters of expansion from the budget, or raise :class:`LimitError` naming ``line``."""
        self.left -= chars
        if self.left < 0:
            raise LimitError(
                f"@string macros here would expand to more than {self.total:,} characters "
                f"({EXPANSION_BASE >> 20} MiB + {EXPANSION_FACTOR}x the file's size), which no real file "
                "needs; the file is not read (is it a macro expansion bomb?)",
                origin=self.origin, line=line)


_TOO_MANY = (f"more than {MAX_ENTRIES:,} entries (well over the largest real libraries, 70,000); the file is "
             "not read (split it, or check that it is what you meant to read)")

# An upper bound on a .bib's entries: every "@type{" or "@type(" (also those inside comments).
_BLOCK_START = re.compile(r"@[ \t\r\n]*[A-Za-z][\w-]*[ \t\r\n]*[{(]")


def check_entry_count(text: str, origin: str | None) -> None:
    """Raise :class:`LimitError` when ``text`` (a .bib) may hold more than :data:`MAX_ENTRIES` entries."""
    if text.count("@") <= MAX_ENTRIES:
        return
    for n, m in enumerate(_BLOCK_START.finditer(text), 1):
        if n > MAX_ENTRIES:
            raise LimitError(
                _TOO_MANY, origin=origin, line=text.count("\n", 0, m.start()) + 1)


def check_item_count(count: int, origin: str | None, line: int | None = None) -> None:
    """Raise :class:`LimitError` when an input of any format holds more than :data:`MAX_ENTRIES` items."""
    if count > MAX_ENTRIES:
        raise LimitError(_TOO_MANY, origin=origin, line=line)


def too_deep(value: object, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON ``value`` nests lists and objects more than ``limit`` deep (walked a level at a time, without recursion)."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [child for node in level for child in (node.values() if isinstance(node, dict) else node)
                 if isinstance(child, (dict, list))]
    return False
