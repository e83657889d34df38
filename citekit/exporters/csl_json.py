"""CSL-JSON output: a list of CSL items, for pandoc --citeproc and Zotero."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TextIO

from ..csl import entry_to_csl
from ..model import Entry, Library
from . import ExportOptions
from .jsontext import dumps_indented as _dumps

__all__ = ["WRITER", "CslJsonWriter"]


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
