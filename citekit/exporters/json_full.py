"""The full internal form as JSON: every field, ``vars``, ``extra``, provenance and the problems met."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any, Iterator

from ..model import ENTRY_FIELDS, Entry, Library, Name, PartialDate, Provenance
from . import ExportOptions
from .jsontext import dumps_indented

__all__ = ["entry_to_dict", "plain", "WRITER"]


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: names as CSL name objects, dates as parts, nothing a repr.

    Whatever a reader put into ``extra`` (tuples, sets, dataclasses, names inside) comes
    out as lists and objects; a non-finite float comes out as null, which JSON can hold.
    """
    kind = type(value)  # the common kinds first, by exact type: this runs for every value of every entry
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if isinstance(value, PartialDate):
        return {k: v for k, v in (("year", value.year), ("month", value.month), ("day", value.day)) if v is not None}
    if isinstance(value, Name):
        return value.to_csl()
    if isinstance(value, Provenance):
        return _provenance(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return str(value)  # a type no reader puts in today: its text, never a crash


def _provenance(p: Provenance) -> str:
    return str(p) if p.source == "" else f"{p.source}@{p}"


def entry_to_dict(entry: Entry, *, with_provenance: bool = True) -> dict[str, Any]:
    """The non-empty fields of ``entry`` as plain JSON data (dates and names as objects)."""
    out: dict[str, Any] = {}
    if entry.key:
        out["key"] = entry.key
    for name in ENTRY_FIELDS:
        value = getattr(entry, name)
        # Entry.is_empty's rule, inline: this runs for every field of every entry.
        if value is None or (not value and value in ("", [], {})):
            continue
        out[name] = plain(value)
    if entry.vars:
        out["vars"] = plain(entry.vars)
    if entry.extra:
        out["extra"] = plain(entry.extra)
    if with_provenance:
        out["provenance"] = {name: [_provenance(p) for p in provs] for name, provs in entry.provenance.items()}
    return out


@dataclass(frozen=True, slots=True)
class JsonWriter:
    """Writes the library as ``{"entries": [...], "problems": [...]}``."""

    name: str = "json"
    description: str = "citekit's full internal form"
    extension: str = ".json"

    def write(self, library: Library, options: ExportOptions) -> str:
        """The library as indented JSON."""
        return "".join(self.chunks(library, options))

    def chunks(self, library: Library, options: ExportOptions) -> Iterator[str]:
        """The text of :meth:`write` in pieces of a few hundred entries, so a caller can write it as it comes.

        Entry by entry, so only the text is held, never every entry's plain form at once (a
        file of 100,000 tiny entries took 1 GB); the text is what one json.dumps would give.
        """
        parts = ['{\n  "entries": [']
        for n, entry in enumerate(library.entries):
            text = dumps_indented(entry_to_dict(entry))
            parts.append(("\n    " if n == 0 else ",\n    ") + text.replace("\n", "\n    "))
            if len(parts) >= _CHUNK:
                yield "".join(parts)
                parts = []
        parts.append("\n  ]" if library.entries else "]")
        rest = {"problems": [str(p) for p in library.problems]}
        if library.key_changes:
            rest["key_changes"] = [plain(k) for k in library.key_changes]
        for name, value in rest.items():
            text = dumps_indented(value)
            parts.append(f',\n  "{name}": ' + text.replace("\n", "\n  "))
        parts.append("\n}\n")
        yield "".join(parts)


#: Entries a piece of :meth:`JsonWriter.chunks` holds.
_CHUNK = 500


WRITER = JsonWriter()
