"""Rules on name lists: reversed names (``Smith John``, ``Smith JA``), glued initials (``J.Smith``), broken separators."""

from __future__ import annotations

import functools
import re
from typing import Iterator

from .common import NAME_FIELDS
from .rules import Context, Hit, rule

__all__ = ["split_top", "reversed_name", "glued", "separators"]

# "(?<!\s)": a match starts where a run of white space starts; tried from inside a long run
# too, "\s+" rescans the rest of it each time (quadratic: 80,000 spaces after a name).
_AND = re.compile(r"(?<!\s)\s+and\s+", re.I)
_GLUED = re.compile(r"(?<![\w\\{])([A-Z]\.)(?=[A-Z][a-z]{2,})")
_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,3}$|^(?:[A-Z]\.-?){1,3}$")
_GLUED_AND = re.compile(r"(?:\w\.and\s|\sand(?=[A-Z]))")


#: biblatex's extended name format: ``family=Eert, given=Christianus, prefix=boven d', useprefix=true``.
_EXTENDED = re.compile(r"^\s*(?:family|given|prefix|suffix|useprefix|sortingnamekeytemplate)\s*=", re.I)


def split_top(value: str) -> list[str]:
    """Names of a BibTeX name list: split on ``and`` (any case) outside braces, as bibtex does."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isspace():
            m = _AND.match(value, i)
            if m:
                out.append(value[start:i])
                start = i = m.end()
                continue
        i += 1
    out.append(value[start:])
    return out


@functools.cache
def _given_names():
    """gender-guesser's table of given names (about 40,000, many countries), loaded once."""
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


def _countries(word: str) -> int:
    """In how many countries gender-guesser's table lists ``word`` as a given name (0: not at all)."""
    data = _given_names().names.get(word.lower())
    if not data:
        return 0
    return max(sum(1 for c in freq if c.strip()) for freq in data.values())


#: A given name common in this many countries is taken as one; rarer ones are also family names too often.
_COMMON_GIVEN = 3


def _reversed(name: str) -> str | None:
    """Why ``name`` (no comma) looks like ``Family Given``, or None."""
    if "," in name or "{" in name or "\\" in name:
        return None
    tokens = name.split()
    if len(tokens) != 2:
        return None
    first, last = tokens
    if not first[:1].isupper() or len(first.rstrip(".")) < 2 or not first.rstrip(".").isalpha():
        return None
    if _INITIALS.match(last) and not _INITIALS.match(first):
        return f"{name!r} ends in initials: it reads as given name {first!r}, family {last!r}; write {last} {first} or {first}, {last}"
    if not last.isalpha() or not last[0].isupper():
        return None
    if first.isupper() and len(first) > 2 and not last.isupper():
        return f"{name!r} looks like FAMILY Given; write {first.capitalize()}, {last} (Family, Given)"
    if (last[1:].islower() and first[1:].islower() and _countries(last) >= _COMMON_GIVEN and _countries(first) == 0
            and _given_names().get_gender(last) in ("male", "female")):
        return f"{name!r} looks reversed ({last!r} is a given name, {first!r} is not): write {first}, {last}"
    return None


def _people(text: str) -> bool:
    """``text`` (inside braces) lists people, not a body such as ``Barnes and Noble``: commas, or given names on each side."""
    parts = [p.strip() for p in _AND.split(text)]
    if "," in text or len(parts) > 2:
        return True
    return all(p.split() and len(p.split()) >= 2 and _countries(p.split()[0].rstrip(".")) >= _COMMON_GIVEN for p in parts)


@rule("name-reversed", "warning", "a name that reads as Family Given (Smith John, Smith JA) with no comma",
      modes=("bibtex", "biblatex"))
def reversed_name(ctx: Context, entry) -> Iterator[Hit]:
    """Names without a comma whose parts look swapped; bibtex would take the given name for the family."""
    for f in entry.fields:
        if f.name not in NAME_FIELDS or not f.text.strip():
            continue
        for name in split_top(f.text):
            why = _reversed(name.strip())
            if why:
                yield Hit(entry, f, why)
                break


@rule("name-glued", "warning", "initials glued to the family name (J.Smith): bibtex reads one word",
      modes=("bibtex", "biblatex"))
def glued(ctx: Context, entry) -> Iterator[Hit]:
    """``J.Smith`` is one token to bibtex, so it becomes the family name ``J.Smith``."""
    for f in entry.fields:
        if f.name not in NAME_FIELDS:
            continue
        for name in split_top(f.text):
            m = None if _EXTENDED.match(name) else _GLUED.search(name)
            if m:
                fixed = name[:m.end()] + " " + name[m.end():]
                yield Hit(entry, f, f"{name.strip()!r} glues an initial to the family name; write {fixed.strip()!r}")
                break


@rule("name-list-separator", "error", "a name list not separated by 'and' (commas, &, a stray or glued 'and', an empty name)",
      modes=("bibtex", "biblatex"))
def separators(ctx: Context, entry) -> Iterator[Hit]:
    """``Smith, J., Doe, K.`` (too many commas), ``Smith & Doe``, ``A and and B``, ``K.and``, ``{A and B}``."""
    for f in entry.fields:
        if f.name not in NAME_FIELDS or not f.text.strip():
            continue
        names = split_top(f.text)
        for n, name in enumerate(names):
            stripped = name.strip()
            if _EXTENDED.match(stripped):
                continue  # key=value parts, commas are its separators
            if not stripped:
                where = "at the end" if n == len(names) - 1 else ("at the start" if n == 0 else "in the middle")
                yield Hit(entry, f, f"an empty name {where} of {f.name} ('and and' or a stray 'and')")
                break
            top = re.sub(r"\{[^{}]*\}", lambda m: "x" * len(m.group(0)), stripped)
            if top.count(",") > 2:  # "von Last, Jr, First" is the most bibtex allows
                yield Hit(entry, f, f"{stripped!r} has too many commas: separate names with 'and', not ','")
                break
            if re.search(r"\bet\.?\s*al\b", top, re.I):
                yield Hit(entry, f, f"{stripped!r}: 'et al.' in a name list; bibtex writes it from 'and others'", severity="warning")
                break
            if re.search(r"\s&\s|\\&", top):
                yield Hit(entry, f, f"{stripped!r} uses '&' between names: bibtex separates names with 'and'")
                break
            if _GLUED_AND.search(stripped):
                yield Hit(entry, f, f"'and' glued to a name in {stripped!r}: put spaces around it")
                break
            group = re.fullmatch(r"\{(.*)\}", stripped)
            if group and re.search(r"(?<!\s)\s+and\s+", group.group(1)) and _people(group.group(1)):
                yield Hit(entry, f, f"'and' inside braces makes {stripped!r} one name: remove the braces", severity="warning")
                break
