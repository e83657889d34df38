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
    for item in prepared:
        reference = _reference(kit, source, item)
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


def _reference(kit: _Kit, source, item: dict[str, Any]):
    """One ``Reference``, as ``CiteProcJSON.__init__`` and then ``_parse_extra_names`` leave it."""
    MixedString, String = kit.MixedString, kit.String
    data: dict[str, Any] = {}
    overrides = []
    ref_key = ref_type = _MISSING
    for key, value in item.items():
        python_key = key.replace("-", "_") if "-" in key else key
        if python_key == "id":
            ref_key = str(value).lower()
            continue
        if python_key == "type":
            ref_type = value
            continue
        if python_key == "key":
            continue
        if python_key == "shortTitle":
            python_key = "title_short"
        if python_key in kit.names:
            data[python_key] = _names(kit, value)
        elif python_key in kit.dates:
            data[python_key] = _date(kit, source, value)
        elif key in kit.extra_names and isinstance(value, list):
            # _parse_extra_names replaces this value afterwards; hold its place in the dict until then.
            data[python_key] = None
            overrides.append((python_key, _names(kit, value)))
        elif key in kit.extra_dates and isinstance(value, dict):
            data[python_key] = None
            overrides.append((python_key, source.parse_date(value)))
        elif key == "language":
            data[python_key] = value
        elif type(value) is str and "<" not in value:
            # parse_string's result for text that cannot hold a nocase span
            data[python_key] = MixedString([String(value)]) if value else MixedString()
        else:
            data[python_key] = source.parse_string(value)
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
