"""citeproc-py references built straight from prepared CSL items, without ``CiteProcJSON``'s per-value overhead.

:func:`citeproc_source` gives the same source, value for value and type for type, as
citeproc-py 0.11's ``CiteProcJSON(prepared)`` followed by
:func:`citekit.render.csl._parse_extra_names`: the renderer and citeproc-py's own date
and number code read these objects, so nothing about them may differ. It is faster
because the common shapes skip what cannot change the result: a string without a
``nocase`` span becomes its one-piece ``MixedString`` directly, and ``Reference`` and
``Name`` are filled without re-checking their keyword sets (whose only effect is a
warning, which the caller silences anyway). Every other shape goes through
citeproc-py's own parsers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["citeproc_source"]


@lru_cache(maxsize=1)
def _citeproc():
    """citeproc-py's classes and variable lists, imported once on first use (keeps ``citekit --help`` fast)."""
    from citeproc import DATES, NAMES
    from citeproc.source import Date, Name, Reference
    from citeproc.source.json import CiteProcJSON
    from citeproc.string import MixedString, String

    return CiteProcJSON, Reference, Name, Date, MixedString, String, frozenset(NAMES), frozenset(DATES)


@lru_cache(maxsize=1)
def _extra_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """(name variables, date variables) that citeproc-py does not know and :func:`_parse_extra_names` reads itself."""
    from .csl import DATE_VARIABLES, _name_variables

    names, dates = _citeproc()[-2:]
    return (frozenset(k for k in _name_variables() if k.replace("-", "_") not in names),
            frozenset(k for k in DATE_VARIABLES if k.replace("-", "_") not in dates))


def citeproc_source(prepared: list[dict[str, Any]]):
    """The ``CiteProcJSON`` source of ``prepared`` (:func:`~citekit.render.csl._csl_items` output), extra names and dates read."""
    kit = _Kit(*_citeproc(), *_extra_kinds())
    source = kit.CiteProcJSON.__new__(kit.CiteProcJSON)  # a dict subclass; its __init__ is the slow loop replaced here
    kinds: dict[str, tuple[str, str]] = {}  # a library uses a few dozen variables: each is classified once
    for item in prepared:
        reference = _reference(kit, source, item, kinds)
        dict.__setitem__(source, dict.__getitem__(reference, "key"), reference)
    return source


class _Kit(NamedTuple):
    """What building a reference needs, looked up once per source rather than once per value."""

    CiteProcJSON: type
    Reference: type
    Name: type
    Date: type
    MixedString: type
    String: type
    names: frozenset[str]
    dates: frozenset[str]
    extra_names: frozenset[str]
    extra_dates: frozenset[str]


def _kind(kit: _Kit, key: str) -> tuple[str, str]:
    """(the attribute name citeproc-py gives variable ``key``, how ``CiteProcJSON`` reads its value)."""
    python_key = key.replace("-", "_")
    if python_key in ("id", "type", "key"):
        return python_key, python_key
    if python_key == "shortTitle":
        python_key = "title_short"
    if python_key in kit.names:
        return python_key, "names"
    if python_key in kit.dates:
        return python_key, "date"
    if key in kit.extra_names:
        return python_key, "extra-names"
    if key in kit.extra_dates:
        return python_key, "extra-date"
    return python_key, "raw" if key == "language" else "text"


def _reference(kit: _Kit, source, item: dict[str, Any], kinds: dict[str, tuple[str, str]]):
    """One ``Reference``, as ``CiteProcJSON.__init__`` and then ``_parse_extra_names`` leave it."""
    MixedString, String = kit.MixedString, kit.String
    data: dict[str, Any] = {}
    overrides = []
    ref_key = ref_type = _MISSING
    for key, value in item.items():
        found = kinds.get(key)
        if found is None:
            found = kinds[key] = _kind(kit, key)
        python_key, kind = found
        if kind == "text" or (kind == "extra-names" and not isinstance(value, list)) \
                or (kind == "extra-date" and not isinstance(value, dict)):
            if type(value) is str and ("<" not in value or _NOCASE_TAG not in value.lower()):
                # parse_string's result for text without a nocase span: one String, or none for ""
                data[python_key] = MixedString([String(value)]) if value else MixedString()
            else:
                data[python_key] = source.parse_string(value)
        elif kind == "names":
            data[python_key] = _names(kit, value)
        elif kind == "date":
            data[python_key] = _date(kit, source, value)
        elif kind == "extra-names":
            # _parse_extra_names replaces this value afterwards; hold its place in the dict until then.
            data[python_key] = None
            overrides.append((python_key, _names(kit, value)))
        elif kind == "extra-date":
            data[python_key] = None
            overrides.append((python_key, source.parse_date(value)))
        elif kind == "raw":
            data[python_key] = value
        elif kind == "id":
            ref_key = str(value).lower()
        elif kind == "type":
            ref_type = value
        # kind "key": CiteProcJSON skips it (it would clash with the reference's key)
    if ref_key is _MISSING or ref_type is _MISSING:
        return _slow_reference(item)
    for python_key, value in overrides:
        data[python_key] = value
    reference = kit.Reference.__new__(kit.Reference)
    # Reference.__init__ stores key and type as items first (CustomDict's attributes are items), then the rest.
    dict.__setitem__(reference, "key", ref_key)
    dict.__setitem__(reference, "type", ref_type)
    dict.update(reference, data)
    return reference


#: The tag CiteProcJSON.parse_string looks for, lowercased as it compares.
_NOCASE_TAG = '<span class="nocase">'


def _slow_reference(item: dict[str, Any]):
    """An item without id or type, through citeproc-py itself (which then fails as it always did)."""
    CiteProcJSON = _citeproc()[0]
    return next(iter(CiteProcJSON([item]).values()))


_MISSING = object()


def _names(kit: _Kit, value: Any) -> list:
    """``CiteProcJSON.parse_names(value)``: a list of ``Name``."""
    Name = kit.Name
    out = []
    for data in value:
        if type(data) is dict:
            name = Name.__new__(Name)
            dict.update(name, **data)  # what Name(**data) stores (keys must be strings there too); its key checks only warn
        else:
            name = Name(**data)
        out.append(name)
    return out


def _date(kit: _Kit, source, value: Any):
    """``CiteProcJSON.parse_date(value)``; a single date of one to three whole numbers is built directly."""
    if type(value) is dict and "season" not in value:
        ranges = value.get("date-parts")
        if type(ranges) is list and len(ranges) == 1 and type(ranges[0]) is list and 1 <= len(ranges[0]) <= 3 \
                and all(type(part) is int for part in ranges[0]):
            # Date(circa=..., year=..., ...) turns every value, circa too, into an int, circa first.
            date = kit.Date.__new__(kit.Date)
            dict.update(date, zip(("circa", "year", "month", "day"), (int(value.get("circa", 0) != 0), *ranges[0])))
            return date
    return source.parse_date(value)
