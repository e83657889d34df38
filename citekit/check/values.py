"""Rules on values: page ranges, years and dates (valid, not in the future), months."""

from __future__ import annotations

import calendar
import re
from typing import Iterator

from .findings import Fix
from .rules import Context, Hit, rule

__all__ = ["pages_hyphen", "pages_reversed", "date_invalid", "date_future", "month_format", "month_number"]

from ..months import MONTH_NUMBERS as _MONTH_WORDS, MONTHS as _MONTHS  # noqa: E402 (the one month table)
# One hyphen between two page tokens (digits, roman numerals or letter-prefixed numbers), not "--".
_ONE_HYPHEN = re.compile(r"(?<=[0-9A-Za-z])\s*(?<!-)-(?!-)\s*(?=[0-9A-Za-z])")
_RANGE = re.compile(r"^\s*([A-Za-z]*)(\d+)\s*(?:-{1,3}|–|—|\\textendash\s*|\\endash\s*)\s*([A-Za-z]*)(\d+)\s*$")
# ISO 8601-2 / EDTF as biber reads it: X (and the older u) for unspecified digits, ?~% qualifiers.
_PART = r"[?~%]?[+-]?(?:\d{4}|\d{3}[Xu]|\d{2}[Xu]{2}|[Xu]{4}|[Yy]-?\d{5,})(?:-[?~%]?(?:0[1-9]|1[0-2]|2[1-9]|3[0-9]|4[01]|[Xu]{2})" \
        r"(?:-[?~%]?(?:0[1-9]|[12]\d|3[01]|[Xu]{2}))?)?(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?[?~%]{0,2}"
_DATE = re.compile(rf"^(?:{_PART}|\.\.|unknown)?(?:/(?:{_PART}|\.\.|unknown|open)?)?$")
_PENDING = re.compile(r"press|forthcoming|submitted|accepted|preparation|review|preprint|to appear", re.I)


def _fixable_raw(f) -> bool:
    """A value written as one ``{...}`` or ``"..."`` group, so its text can be rewritten in place."""
    raw = f.raw.strip()
    return len(raw) >= 2 and ((raw[0] == "{" and raw[-1] == "}") or (raw[0] == '"' and raw[-1] == '"')) and "#" not in raw


@rule("pages-hyphen", "warning", "a page range with one hyphen; BibTeX ranges take an en dash (--) (info for biber, which reads either)",
      fixable=True, modes=("bibtex", "biblatex"))
def pages_hyphen(ctx: Context, entry) -> Iterator[Hit]:
    """``pages = {1-10}`` -> ``{1--10}``; the fix changes only the dashes (biber reads any dash as a range, so BibTeX mode only)."""
    f = entry.get("pages")
    if f is None or not _fixable_raw(f) or not _ONE_HYPHEN.search(f.text):
        return
    # An article number such as "e2021-1234" or "S1-3" is not a range when it has more than one hyphen.
    if f.text.count("-") > 1 and "--" not in f.text and "," not in f.text:
        return
    raw = f.raw.strip()
    new = raw[0] + _ONE_HYPHEN.sub("--", raw[1:-1]) + raw[-1]
    yield Hit(entry, f, f"page range {f.text.strip()!r} has one hyphen; write {new[1:-1]!r}", Fix("write the range with --", f.name, new),
              severity="info" if ctx.mode == "biblatex" else None)


@rule("pages-reversed", "warning", "a page range that ends before it starts (bibtex and biber print it as written)",
      formats=("bib", "csl"))
def pages_reversed(ctx: Context, entry) -> Iterator[Hit]:
    """``pages = {110--101}``; an abbreviated end (``123--45`` for 123--145) is read as such."""
    f = entry.get("page" if ctx.file.format == "csl" else "pages")
    if f is None:
        return
    for piece in re.split(r"[,;]", f.text):
        m = _RANGE.match(piece)
        if not m or m.group(1) != m.group(3):
            continue
        start, end = m.group(2), m.group(4)
        if len(end) < len(start):
            end = start[:len(start) - len(end)] + end  # abbreviated: 1234--56 is 1234--1256, 70-5 is 70-75
        if int(end) < int(start):
            yield Hit(entry, f, f"page range {piece.strip()!r} ends before it starts")


def _year_check(ctx: Context, entry, f) -> Iterator[Hit]:
    value = f.text.strip()
    if re.fullmatch(r"\d{4}", value):
        return
    if re.fullmatch(r"\d{4}\s*(?:-{1,3}|/|–)\s*(?:\d{4})?", value):
        hint = f"date = {{{value.replace('--', '/').replace('-', '/').replace(' ', '')}}}" if ctx.mode == "biblatex" else "one year"
        yield Hit(entry, f, f"year {value!r} is a range; styles sort and label by a year ({hint})", severity="warning")
        return
    if _PENDING.search(value):
        hint = "pubstate = {forthcoming}" if ctx.mode == "biblatex" else "note"
        yield Hit(entry, f, f"year {value!r} is not a year; give the year (or none) and say {value!r} in {hint}",
                  severity="warning")
        return
    # BibTeX's styles print the year as written (btxdoc: "1949/50", "n.d." are the user's to give); only
    # biber, which wants a number, drops it: an error in BibLaTeX mode, a warning in BibTeX mode.
    yield Hit(entry, f, f"year {value!r} is not a four-digit year"
              + ("" if ctx.mode == "biblatex" else "; BibTeX styles print it as written, but it sorts and labels badly"),
              severity=None if ctx.mode == "biblatex" else "warning")


def _pending(entry) -> bool:
    return any(_PENDING.search(entry.get(n).text) for n in ("pubstate", "note") if entry.get(n) is not None)


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    for part in re.findall(r"(\d{4})-(\d{2})-(\d{2})", value):
        y, m, d = (int(x) for x in part)
        if m <= 12 and d > calendar.monthrange(y, m)[1]:
            return False
    return True


@rule("date-invalid", "error", "a year or date that is not one (biber: ISO 8601-2/EDTF, an error; bibtex: not four digits, a warning)",
      formats=("bib", "csl"))
def date_invalid(ctx: Context, entry) -> Iterator[Hit]:
    """``year = {2020-05}``, ``date = {May 2020}``, ``date = {2021-02-30}``; CSL date-parts out of range."""
    if ctx.file.format == "csl":
        yield from _csl_dates(ctx, entry)
        return
    f = entry.get("year")
    # \bibstring{nodate} and the like are biblatex's own way of saying "no year".
    if f is not None and f.text.strip() and not f.macro_unknown and not f.text.strip().startswith("\\"):
        yield from _year_check(ctx, entry, f)
    for name in ("date", "urldate", "eventdate", "origdate"):
        f = entry.get(name)
        if f is not None and f.text.strip() and not _valid_date(f.text.strip()):
            yield Hit(entry, f, f"{name} {f.text.strip()!r} is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, ranges with /)")


@rule("date-future", "warning", "a year or date after today (not marked forthcoming)", formats=("bib", "csl"))
def date_future(ctx: Context, entry) -> Iterator[Hit]:
    """Years and dates later than today, unless pubstate/note say the work is forthcoming."""
    if _pending(entry):
        return
    if ctx.file.format == "csl":
        f = entry.get("issued")
        parts = f.data.get("date-parts") if f is not None and isinstance(f.data, dict) else None
        if parts and parts[0] and str(parts[0][0]).lstrip("-").isdigit() \
            and len(str(parts[0][0])) < 19 and int(parts[0][0]) > ctx.today.year:
            yield Hit(entry, f, f"issued year {parts[0][0]} is in the future")
        return
    f = entry.get("year")
    if f is not None and re.fullmatch(r"\d{4}", f.text.strip()) and int(f.text) > ctx.today.year:
        yield Hit(entry, f, f"year {f.text.strip()} is in the future")
    f = entry.get("date")
    if f is not None and _valid_date(f.text.strip()):
        start = f.text.strip().split("/")[0]
        m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", start)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
            if (y, mo, d) > (ctx.today.year, ctx.today.month, ctx.today.day) and (y > ctx.today.year or m.group(2)):
                if mo <= 12:
                    yield Hit(entry, f, f"date {f.text.strip()} is in the future")


def _csl_dates(ctx: Context, entry) -> Iterator[Hit]:
    for f in entry.fields:
        if not isinstance(f.data, dict) or "date-parts" not in f.data:
            continue
        for part in f.data.get("date-parts") or []:
            if not isinstance(part, list) or not part:
                yield Hit(entry, f, f"{f.name} has an empty date-parts item")
                continue
            try:
                nums = [int(str(p)) for p in part]
            except ValueError:
                yield Hit(entry, f, f"{f.name} date-parts {part!r} are not numbers")
                continue
            # citeproc-js reads 13-16 as seasons too (Zotero and Better CSL-JSON write them).
            if len(nums) > 1 and not (1 <= nums[1] <= 16 or 21 <= nums[1] <= 24):
                yield Hit(entry, f, f"{f.name} month {nums[1]} is not 1-12 (or a season, 13-16 or 21-24)")
            elif len(nums) > 2 and nums[1] <= 12 and not 1 <= nums[2] <= calendar.monthrange(nums[0] or 2000, nums[1])[1]:
                yield Hit(entry, f, f"{f.name} day {nums[2]} is not a day of month {nums[1]}")


def month_number(text: str) -> int | None:
    """The month (1-12) a month value names: ``jan``, ``January``, ``Jan.``, ``1``, ``01``; else None."""
    t = text.strip().strip(".").lower()
    if t.isdigit():
        n = int(t)
        return n if 1 <= n <= 12 else None
    return _MONTH_WORDS.get(t)


@rule("month-format", "warning", "month not written as a macro (BibTeX: jan) or a number (BibLaTeX: 1)", fixable=True,
      modes=("bibtex", "biblatex"))
def month_format(ctx: Context, entry) -> Iterator[Hit]:
    """``month = {January}`` -> ``jan`` (BibTeX) or ``1`` (BibLaTeX); a month that names no month has no fix."""
    f = entry.get("month")
    if f is None or not f.text.strip():
        return
    raw = f.raw.strip()
    if "#" in raw:
        return  # "jan # ~15" is deliberate
    biblatex = ctx.mode == "biblatex"
    if raw.lower() in _MONTHS and raw[:1].islower():
        return  # the macro: right in both
    n = month_number(f.text)
    if biblatex and raw.strip("{}\"").isdigit() and n is not None:
        return
    if n is None:
        yield Hit(entry, f, f"month {f.text.strip()!r} names no month", severity="error" if biblatex else None)
        return
    new = str(n) if biblatex else _MONTHS[n - 1]
    want = "a number" if biblatex else "a macro"
    yield Hit(entry, f, f"month {raw} should be {want}: month = {new}", Fix(f"write month = {new}", f.name, new))
