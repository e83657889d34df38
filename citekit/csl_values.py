"""Reading one CSL-JSON value of a known kind, the bad shapes real files have included.

Each reader takes the raw JSON value and returns the value in clean CSL-JSON form, or
None with a reason when the intent is not clear. What "clear" means:

- standard and number variables: a string; a finite JSON number (``"volume": 5`` is
  ``"5"``). A boolean, ``inf``/``NaN``, an object or a list is not clear.
- names: a list of name objects; a string is a name list in BibTeX's grammar
  (``"Doe, Jane"``, ``"Jane Doe and John Roe"``, ``;`` also separates); a single name
  object is a one-name list. Name objects with neither family, given nor literal are
  not names.
- dates: a date object (``date-parts`` numbers as strings are read as numbers); an
  EDTF/ISO string (``"2021-03"``, ``"2019/2020"``) becomes ``date-parts``; a string
  that is not EDTF becomes ``{"raw": ...}``, as CSL's own ``raw`` form.

Nothing here formats a value with ``str()`` of a non-string, so no Python repr
(``True``, ``inf``, ``{...}``) can come out.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["read_text", "read_names", "read_date", "describe", "NAME_KEYS", "date_parts_of"]

#: The keys a CSL-JSON 1.0.2 name object may carry (isInstitution: citeproc-js and Zotero).
NAME_KEYS = frozenset(
    {"family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix",
     "comma-suffix", "static-ordering", "parse-names", "isInstitution"}
)

_DATE_KEYS = frozenset({"date-parts", "season", "circa", "literal", "raw", "edtf"})


def describe(value: Any) -> str:
    """A JSON-like short description of a value for messages (never a Python repr)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and not math.isfinite(value):
        return "a non-finite number"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'"{value[:40]}"'
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object with keys " + ", ".join(str(k) for k in list(value)[:5])
    return "a value of an unknown kind"


def read_text(value: Any) -> tuple[str | None, str | None]:
    """(string form, None) for a standard/number value, or (None, why) when it cannot be read."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool) or value is None:
        return None, f"is {describe(value)}, not text"
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "is not a finite number"
        return (str(int(value)) if value.is_integer() else repr(value)), None
    return None, f"is {describe(value)}, not text"


def read_names(value: Any) -> tuple[list[dict[str, Any]] | None, list[str]]:
    """(the readable CSL name objects, why each other one is not), or (None, [why]) for no name list.

    A string is read as BibTeX-style names; a single name object as a one-name list.
    """
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, str):
        names = _names_from_string(value)
        return (names, []) if names else (None, ["is an empty name string"])
    if not isinstance(value, list):
        return None, [f"is {describe(value)}, not a list of names"]
    out: list[dict[str, Any]] = []
    why: list[str] = []
    for index, one in enumerate(value, 1):
        if isinstance(one, str):
            out.extend(_names_from_string(one))
            continue
        if isinstance(one, dict) and isinstance(one.get("family"), str) and one.keys() <= _PLAIN_NAME \
                and one["family"].strip() and isinstance(one.get("given", ""), str):
            out.append(one if one.get("given", None) != "" else {"family": one["family"]})
            continue  # the common case: family and given, both text
        reason = _bad_name(one)
        if reason:
            why.append(f"name {index} of {len(value)} {reason}")
            continue
        out.append({k: v for k, v in one.items() if v not in (None, "")})
    return out, why


_PLAIN_NAME = frozenset({"family", "given"})
_STRING_PARTS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")


def _bad_name(one: Any) -> str | None:
    """Why ``one`` is not a CSL name object, or None when it is one."""
    if not isinstance(one, dict):
        return f"is {describe(one)}, not a name"
    named = False
    for key in _STRING_PARTS:
        part = one.get(key)
        if part is None or part == "":
            continue
        if not isinstance(part, str):
            return f"has a {key} that is {describe(part)}"
        if not named and key in ("family", "given", "literal"):
            named = not part.isspace()
    return None if named else "has no family, given or literal part"


def _names_from_string(text: str) -> list[dict[str, Any]]:
    """``"Doe, Jane and von Roe, Jr., John"`` as CSL name objects (BibTeX's grammar, no LaTeX)."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    out: list[dict[str, Any]] = []
    for chunk in re.split(r"\s*;\s*", text.strip()):
        for raw in split_multiple_persons_names(chunk) if chunk else []:
            raw = raw.strip()
            if not raw:
                continue
            try:
                parts = parse_single_name_into_parts(raw, strict=False)
            except Exception:  # bibtexparser raises on oddities such as too many commas
                out.append({"literal": raw})
                continue
            name: dict[str, Any] = {}
            if parts.last:
                name["family"] = " ".join(parts.last)
            if parts.first:
                name["given"] = " ".join(parts.first)
            if parts.von:
                name["non-dropping-particle"] = " ".join(parts.von)
            if parts.jr:
                name["suffix"] = " ".join(parts.jr)
            if "family" not in name:
                name = {"literal": raw}
            out.append(name)
    return out


_EDTF = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _edtf_parts(text: str) -> list[list[int]] | None:
    """``2021-03`` -> [[2021, 3]]; ``2019/2020-05`` -> a range; None when not that simple form."""
    bits = text.strip().split("/")
    if not 1 <= len(bits) <= 2:
        return None
    out: list[list[int]] = []
    for bit in bits:
        m = _EDTF.match(bit.strip()[:10] if "T" in bit else bit.strip())
        if not m:
            return None
        out.append([int(g) for g in m.groups() if g is not None])
    return out


def _number(part: Any) -> int | str | None:
    """A date part as an int where it is a number (``"1965"`` -> 1965), else as it stands."""
    if isinstance(part, bool):
        return None
    if isinstance(part, int):
        return part
    if isinstance(part, float) and math.isfinite(part) and part.is_integer():
        return int(part)
    if isinstance(part, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", part):  # longer is no date part (nor an int Python converts)
        return int(part)
    return None


def read_date(value: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(CSL date object, None), or (None, why); strings become ``date-parts`` or ``raw``."""
    if isinstance(value, str):
        if not value.strip():
            return None, "is an empty date string"
        parts = _edtf_parts(value)
        return ({"date-parts": parts} if parts else {"raw": value}), None
    if isinstance(value, list):
        # A bare date-parts array (a common slip): [[2020, 1]] or [2020, 1].
        value = {"date-parts": value if value and isinstance(value[0], list) else [value]}
    if not isinstance(value, dict):
        return None, f"is {describe(value)}, not a date"
    out: dict[str, Any] = {}
    for key, part in value.items():
        if key == "date-parts":
            parts = date_parts_of(part)
            if parts is None:
                return None, f"has unreadable date-parts ({describe(part)})"
            if parts:
                out[key] = parts
        elif key in ("season", "circa"):
            if part not in (None, "") and not (isinstance(part, float) and not math.isfinite(part)):
                out[key] = part
        elif key in ("literal", "raw", "edtf"):
            if not isinstance(part, str):
                return None, f"has a {key} that is {describe(part)}"
            out[key] = part
        else:
            out[key] = part  # beyond the spec: kept as it came
    if not (set(out) & {"date-parts", "literal", "raw", "edtf"}):
        return None, "has no date-parts, literal, raw or edtf"
    return out, None


def date_parts_of(value: Any) -> list[list[int]] | None:
    """``date-parts`` with numbers read (``["1965", "6"]`` -> [1965, 6]); None when a part is not a number.

    Empty inner lists and trailing empty parts (``[[2000, ""]]``) are dropped, as they say nothing.
    """
    if not isinstance(value, list):
        return None
    out: list[list[int]] = []
    for one in value:
        if not isinstance(one, list):
            return None
        nums: list[int] = []
        for part in one:
            if part in ("", None):
                break
            num = _number(part)
            if num is None:
                return None
            nums.append(num)
        if nums:
            out.append(nums)
    return out
