"""The full internal form as JSON: every field, provenance and the problems met."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import ENTRY_FIELDS, Entry, Library, Name, PartialDate
from . import ExportOptions

__all__ = ["entry_to_dict", "WRITER"]


def _value(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return {k: v for k, v in (("year", value.year), ("month", value.month), ("day", value.day)) if v is not None}
    if isinstance(value, Name):
        return {k: v for k, v in (("family", value.family), ("given", value.given), ("literal", value.literal)) if v}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def entry_to_dict(entry: Entry, *, with_provenance: bool = True) -> dict[str, Any]:
    """The non-empty fields of ``entry`` as plain JSON data (dates and names as objects)."""
    out: dict[str, Any] = {}
    if entry.key:
        out["key"] = entry.key
    for name in ENTRY_FIELDS:
        if not entry.is_empty(name):
            out[name] = _value(getattr(entry, name))
    if entry.extra:
        out["extra"] = entry.extra
    if with_provenance:
        out["provenance"] = {
            name: [str(p) if p.source == "" else f"{p.source}@{p}" for p in provs]
            for name, provs in entry.provenance.items()
        }
    return out


@dataclass(frozen=True, slots=True)
class JsonWriter:
    """Writes the library as ``{"entries": [...], "problems": [...]}``."""

    name: str = "json"
    description: str = "citekit's full internal form"
    extension: str = ".json"

    def write(self, library: Library, options: ExportOptions) -> str:
        """The library as indented JSON."""
        data = {
            "entries": [entry_to_dict(e) for e in library.entries],
            "problems": [str(p) for p in library.problems],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


WRITER = JsonWriter()
