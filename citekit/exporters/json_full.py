"""The full internal form as JSON: every field, ``vars``, ``extra``, provenance and the problems met."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any

from ..model import ENTRY_FIELDS, Entry, Library, Name, PartialDate, Provenance
from . import ExportOptions

__all__ = ["entry_to_dict", "plain", "WRITER"]


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: names as CSL name objects, dates as parts, nothing a repr.

    Whatever a reader put into ``extra`` (tuples, sets, dataclasses, names inside) comes
    out as lists and objects; a non-finite float comes out as null, which JSON can hold.
    """
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
        if not entry.is_empty(name):
            out[name] = plain(getattr(entry, name))
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
        # Entry by entry, so only the text is held, never every entry's plain form at once (a
        # file of 100,000 tiny entries took 1 GB); the text is what one json.dumps would give.
        parts = ['{\n  "entries": [']
        for n, entry in enumerate(library.entries):
            text = json.dumps(entry_to_dict(entry), ensure_ascii=False, indent=2, allow_nan=False)
            parts.append(("\n    " if n == 0 else ",\n    ") + text.replace("\n", "\n    "))
        parts.append("\n  ]" if library.entries else "]")
        rest = {"problems": [str(p) for p in library.problems]}
        if library.key_changes:
            rest["key_changes"] = [plain(k) for k in library.key_changes]
        for name, value in rest.items():
            text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
            parts.append(f',\n  "{name}": ' + text.replace("\n", "\n  "))
        parts.append("\n}\n")
        return "".join(parts)


WRITER = JsonWriter()
