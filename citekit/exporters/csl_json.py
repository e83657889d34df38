"""CSL-JSON output: a list of CSL items, for pandoc --citeproc and Zotero."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, TextIO

from ..csl import entry_to_csl
from ..model import Entry, Library
from . import ExportOptions

__all__ = ["WRITER", "CslJsonWriter"]

# orjson writes what json.dumps(..., ensure_ascii=False, indent=2) writes, byte for byte,
# for these exact types; a float (1e-07 vs 1e-7, NaN vs null) or anything else goes to json.
_LEAVES = frozenset((str, int, bool, type(None)))


def _plain(value: object) -> bool:
    """True when ``value`` is made only of dicts with str keys, lists, str, int, bool and None."""
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind in _LEAVES:
            continue
        if kind is list:
            push(item)
        elif kind is dict:
            if any(type(k) is not str for k in item):
                return False
            push(item.values())
        else:
            return False
    return True


def _dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, by orjson where that is the same text."""
    if _plain(value):
        import orjson

        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except TypeError:  # an int past 64 bits, a lone surrogate: json writes them
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)


@dataclass(frozen=True, slots=True)
class CslJsonWriter:
    """Writes every entry as a CSL-JSON item (see :func:`citekit.csl.entry_to_csl`)."""

    name: str = "csl-json"
    description: str = "CSL-JSON"
    extension: str = ".json"

    def write(self, library: Library, options: ExportOptions) -> str:
        """The items as an indented JSON array, UTF-8 kept."""
        items = [entry_to_csl(e, faithful=True) for e in library.entries]
        return _dumps(items) + "\n"

    def write_stream(self, entries: Iterable[Entry], out: TextIO, options: ExportOptions) -> int:
        """Write the items to ``out`` one by one, byte for byte as :meth:`write` would; the count written."""
        count = 0
        for entry in entries:
            # JSON strings hold no raw newline, so indenting every line nests the item one level.
            item = _dumps(entry_to_csl(entry, faithful=True)).replace("\n", "\n  ")
            out.write(("[\n  " if not count else ",\n  ") + item)
            count += 1
        out.write("\n]\n" if count else "[]\n")
        return count


WRITER = CslJsonWriter()
