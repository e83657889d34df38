"""CSL-JSON output: a list of CSL items, for pandoc --citeproc and Zotero."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..csl import entry_to_csl
from ..model import Library
from . import ExportOptions

__all__ = ["WRITER", "CslJsonWriter"]


@dataclass(frozen=True, slots=True)
class CslJsonWriter:
    """Writes every entry as a CSL-JSON item (see :func:`citekit.csl.entry_to_csl`)."""

    name: str = "csl-json"
    description: str = "CSL-JSON"
    extension: str = ".json"

    def write(self, library: Library, options: ExportOptions) -> str:
        """The items as an indented JSON array, UTF-8 kept."""
        items = [entry_to_csl(e) for e in library.entries]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


WRITER = CslJsonWriter()
