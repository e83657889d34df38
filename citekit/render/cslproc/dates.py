"""CSL dates: a date value read from CSL-JSON, and the parts it offers to cs:date."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DateValue", "read_date"]


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date or range: (year, month, day) start and end (None parts absent), season, circa and a literal."""

    start: tuple
    end: tuple | None = None
    season: str | int | None = None
    circa: bool = False
    literal: str = ""

    def sort_key(self, month: bool = True, day: bool = True) -> str:
        """A string sorting dates in time order (missing parts first; BC years before AD); without ``month``/``day``, on fewer parts."""
        def one(p):
            y, m, d = (p + (None, None, None))[:3]
            m = m if month else None
            d = d if day and month else None
            if y is None:
                return "00000000"
            y = int(y)
            yy = f"{y + 50000:05d}" if y >= 0 else f"{50000 + y:05d}"
            return f"{yy}{(m or 0) % 100:02d}{d or 0:02d}"
        s = one(self.start)
        if self.end:
            s += "-" + one(self.end)
        return s


_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_SEASONS = {"spring": 13, "summer": 14, "autumn": 15, "fall": 15, "winter": 16}


def _int(v):
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def _parts(p) -> tuple:
    vals = [_int(x) for x in list(p)[:3]]
    while vals and vals[-1] in (None, 0):
        vals.pop()
    vals += [None] * (3 - len(vals))
    y, m, d = vals
    if m is not None and not 1 <= m <= 24:
        m = d = None  # not a month: the date keeps its year only
    elif m is not None and m > 12:
        m, d = 13 + (m - 13) % 4, None  # CSL-JSON seasons: 13-16, and 21-24 for spring..winter
    return (y, m, d)


def _raw(text: str) -> DateValue | None:
    text = text.strip()
    halves = re.split(r"\s*/\s*|\s+[-–]\s+", text)
    dates = [_raw_one(h) for h in halves[:2]]
    if not dates or dates[0] is None:
        return None
    end = dates[1] if len(dates) > 1 else None
    return DateValue(dates[0], end)


def _raw_one(text: str):
    m = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if m:
        return _parts([m.group(1), m.group(2), m.group(3)])
    words = re.findall(r"[A-Za-z]+|\d+", text)
    year = month = day = None
    for w in words:
        if w.isdigit():
            if len(w) >= 3 or year is None and day is not None:
                year = int(w)
            elif day is None:
                day = int(w)
            else:
                year = int(w)
        else:
            month = _MONTHS.get(w[:3].lower(), _SEASONS.get(w.lower(), month))
    if year is None:
        return None
    return (year, month, day if month else None)


def read_date(value) -> DateValue | None:
    """The date in a CSL-JSON date value (date-parts, raw or literal), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        return _raw(value) or DateValue((None, None, None), literal=value)
    if not isinstance(value, dict):
        return None
    circa = bool(value.get("circa"))
    season = value.get("season")
    parts = value.get("date-parts")
    if parts and parts[0] and any(x not in (None, "") for x in parts[0]):
        start = _parts(parts[0])
        end = _parts(parts[1]) if len(parts) > 1 and parts[1] else None
        if end is not None and end[0] is None and len(parts[1]) and str(parts[1][0]) in ("0", ""):
            end = ()  # an open range: "1987–"
        elif end is not None and (end == start or end[0] is None):
            end = None
        if start[0] is None:
            return DateValue(start, None, season, circa, value.get("literal", "")) if value.get("literal") else None
        return DateValue(start, end, season, circa)
    if value.get("raw"):
        d = _raw(str(value["raw"]))
        if d is not None:
            return DateValue(d.start, d.end, season, circa)
        return DateValue((None, None, None), literal=str(value["raw"]), circa=circa)
    if value.get("literal"):
        return DateValue((None, None, None), literal=str(value["literal"]), circa=circa)
    return None
