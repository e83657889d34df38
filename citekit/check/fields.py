"""Rules on which fields an entry has: required, not taken by its type, empty, repeated; unknown types."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .datamodel import BIBER_FIELD_ALIASES, BIBER_TYPE_ALIASES, biblatex_model, bibtex_model
from .findings import Fix
from .rules import Context, Hit, rule

__all__ = ["biblatex_view", "required", "not_for_type", "unknown_field", "not_integer", "unknown_type",
           "undefined_macro", "several_macros", "empty", "duplicate_field", "date_and_year"]

#: biblatex inheritance (its default \DefaultInheritance plus the book/proceedings rules):
#: a parent's title becomes the child's booktitle (or maintitle for multi-volume parents).
_INHERIT_TITLE = {"title": ("booktitle", "maintitle", "journaltitle"), "journal": ("journaltitle",)}
#: Fields biber and bibtex fill in themselves (or that only name the data): never reported as not taken.
_ALWAYS = frozenset({"crossref", "xref", "xdata", "ids", "keywords", "options", "related", "entryset"})


def biblatex_view(entry) -> tuple[str, set[str]]:
    """The entry's type and non-empty field names as biber sees them after its default source map."""
    etype, implied = BIBER_TYPE_ALIASES.get(entry.type, (entry.type, None))
    names = {BIBER_FIELD_ALIASES.get(f.name, f.name) for f in entry.fields if f.text.strip()}
    if implied:
        names.add("type")
    return etype, names


def _inherited(ctx: Context, entry, biblatex: bool) -> set[str]:
    """Field names the entry inherits through crossref/xdata (one level, as both tools do)."""
    out: set[str] = set()
    for link in ("crossref", "xdata"):
        f = entry.get(link)
        if f is None:
            continue
        for target in f.text.split(",") if link == "xdata" else [f.text]:
            parent = ctx.by_key.get(target.strip().lower())
            if parent is None or parent is entry:
                continue
            for pf in parent.fields:
                if not pf.text.strip():
                    continue
                name = BIBER_FIELD_ALIASES.get(pf.name, pf.name) if biblatex else pf.name
                out.add(name)
                out.update(_INHERIT_TITLE.get(pf.name, ()))
    return out


@rule("field-required", "warning", "a field the entry type requires is missing (btxdoc for BibTeX, biber's data model for BibLaTeX)",
      modes=("bibtex", "biblatex"))
def required(ctx: Context, entry) -> Iterator[Hit]:
    """Missing required fields; crossref'd fields count as present."""
    biblatex = ctx.mode == "biblatex"
    if biblatex:
        etype, present = biblatex_view(entry)
        model = biblatex_model()
    else:
        etype, present = entry.type, {f.name for f in entry.fields if f.text.strip()}
        model = bibtex_model()
    if etype not in model.types or etype == "set":  # a set is printed through its members
        return
    present |= _inherited(ctx, entry, biblatex)
    for req in model.requirements(etype):
        if req.kind == "all":
            for name in req.fields:
                if name not in present:
                    yield Hit(entry, name, f"@{entry.type} requires {_as_written(name, biblatex)}")
        elif not present.intersection(req.fields):
            shown = " or ".join(_as_written(n, biblatex) for n in req.fields)
            yield Hit(entry, req.fields[0], f"@{entry.type} requires {shown}")


def _as_written(name: str, biblatex: bool) -> str:
    """A BibLaTeX field name with the BibTeX alias biber also accepts (``journaltitle (or journal)``)."""
    if not biblatex:
        return name
    aliases = [k for k, v in BIBER_FIELD_ALIASES.items() if v == name]
    return f"{name} (or {aliases[0]})" if aliases else name


@rule("field-date-and-year", "warning", "both date and year are given; biber uses date and warns",
      modes=("biblatex",))
def date_and_year(ctx: Context, entry) -> Iterator[Hit]:
    """biber's data model wants exactly one of ``date`` and ``year``."""
    if entry.has("date") and entry.has("year"):
        yield Hit(entry, entry.get("year"), "both date and year are given: biber keeps date and ignores year")


@rule("field-not-for-type", "warning", "a field the entry type does not take in biber's data model (a style's driver for "
      "the type may not print it; BibTeX's styles do not, info)",
      modes=("bibtex", "biblatex"))
def not_for_type(ctx: Context, entry) -> Iterator[Hit]:
    """Data-model fields the type does not take; in BibTeX mode standard fields btxdoc does not list for it.

    biber passes such a field to the style all the same: without ``--validate-datamodel`` it says
    nothing, with it it warns "Invalid field ... for entrytype" and still writes the field to the
    ``.bbl`` (checked with biber 2.18), so the message says what happens, not that biber drops it.
    """
    if ctx.mode == "bibtex":
        model = bibtex_model()
        if entry.type in model.types:
            for f in entry.fields:
                if f.name in model.fields and not model.takes(entry.type, f.name) and f.text.strip():
                    yield Hit(entry, f, f"@{entry.type} does not take {f.name}; plain, alpha and unsrt do not print it",
                              severity="info")
        return
    model = biblatex_model()
    etype, _ = biblatex_view(entry)
    if etype not in model.types:
        return
    for f in entry.fields:
        name = BIBER_FIELD_ALIASES.get(f.name, f.name)
        if name in _ALWAYS or name not in model.fields or model.takes(etype, name):
            continue
        # A date field is split by biber into its year/month/day parts; it goes where they go.
        if model.fields[name].get("datatype") == "date" and model.takes(etype, name[:-4] + "year"):
            continue
        yield Hit(entry, f, f"@{entry.type} does not take {f.name} in biber's data model: biber passes it on "
                  "(--validate-datamodel warns), but a style prints it only if its driver for the type asks for it")


@rule("field-unknown", "info", "a field outside biber's data model (biber ignores it; bibtex styles too)",
      modes=("biblatex",))
def unknown_field(ctx: Context, entry) -> Iterator[Hit]:
    """Fields neither in biber's data model nor one of its BibTeX aliases."""
    model = biblatex_model()
    for f in entry.fields:
        name = BIBER_FIELD_ALIASES.get(f.name, f.name)
        if name not in model.fields and name not in _ALWAYS and not model.known(name):
            yield Hit(entry, f, f"{f.name} is not in biber's data model: biber and the styles ignore it")


@rule("field-not-integer", "warning", "a field biber's data model types as an integer holds something else "
      "(biber --validate-datamodel drops it)",
      modes=("biblatex",))
def not_integer(ctx: Context, entry) -> Iterator[Hit]:
    """``volume = {B}``: the data model's integer fields (volume, volumes, sortyear) must be numbers."""
    model = biblatex_model()
    for f in entry.fields:
        spec = model.fields.get(BIBER_FIELD_ALIASES.get(f.name, f.name))
        value = f.text.strip()
        if spec and spec.get("datatype") == "integer" and value and not f.macro_unknown and not value.isdigit():
            yield Hit(entry, f, f"{f.name} {value!r} is not an integer: biber --validate-datamodel drops it, without "
                      "that option it is passed on as written (use part, or number)")


@rule("type-unknown", "warning", "an entry type the standard styles do not define (printed as @misc)",
      modes=("bibtex", "biblatex"))
def unknown_type(ctx: Context, entry) -> Iterator[Hit]:
    """Entry types outside btxdoc's list (BibTeX) or biber's data model and aliases (BibLaTeX)."""
    if ctx.mode == "biblatex":
        etype = BIBER_TYPE_ALIASES.get(entry.type, (entry.type, None))[0]
        if etype not in biblatex_model().types and etype != "xdata":
            yield Hit(entry, None, f"@{entry.type} is not a BibLaTeX entry type; biber treats it as @misc")
    elif entry.type not in bibtex_model().types:
        yield Hit(entry, None, f"@{entry.type} is not a standard BibTeX type; plain, alpha and unsrt print it as @misc")


@rule("string-undefined", "error", "a value uses an @string macro the file does not define (bibtex prints nothing for it)",
      modes=("bibtex", "biblatex"))
def undefined_macro(ctx: Context, entry) -> Iterator[Hit]:
    """``journal = jcp`` with no ``@string{jcp = ...}``; the month names are predefined."""
    for f in entry.fields:
        if f.macro_unknown and not f.raw.strip().isdigit():
            names = ", ".join(dict.fromkeys(f.macro_unknown))
            yield Hit(entry, f, f"@string {names} is not defined (if another .bib defines it, check that file first: "
                      f"citekit check strings.bib {Path(ctx.file.path).name}); bibtex and biber leave it empty")


@rule("string-several", "error", "one @string block defines several macros: bibtex and biber read the first and stop with a syntax error",
      scope="file", modes=("bibtex", "biblatex"))
def several_macros(ctx: Context) -> Iterator[Hit]:
    """``@string{a = "x", b = "y"}``: both tools want one macro a block (checked with bibtex 0.99d and biber 2.18)."""
    doc = ctx.file.doc
    for block in doc.blocks if doc is not None else ():
        names = list(getattr(block, "macros", {}) or {})
        if block.kind == "string" and len(names) > 1:
            yield Hit(None, names[1], f"@string defines {len(names)} macros ({', '.join(names[:4])}{', ...' if len(names) > 4 else ''}); "
                      f"bibtex and biber read only {names[0]}: write one @string per macro", line=block.line)


@rule("field-empty", "warning", "a field with no value", fixable=True, formats=("bib", "csl"))
def empty(ctx: Context, entry) -> Iterator[Hit]:
    """Fields whose value is empty or only spaces/braces; the fix removes them."""
    for f in entry.fields:
        if ctx.file.format == "csl":
            if f.data in ("", [], {}, None):
                yield Hit(entry, f, f"{f.name} is empty")
            continue
        if not f.text.replace("{", "").replace("}", "").strip() and not f.macro_unknown:
            yield Hit(entry, f, f"{f.name} is empty", Fix(f"remove the empty {f.name}", f.name, None))


@rule("field-duplicate", "error", "a field given twice in one entry (bibtex keeps the first, biber the last)",
      modes=("bibtex", "biblatex"))
def duplicate_field(ctx: Context, entry) -> Iterator[Hit]:
    """Each field name that occurs more than once, reported on its second occurrence."""
    lines: dict[str, list[int]] = {}
    for f in entry.fields:
        lines.setdefault(f.name, []).append(f.line)
    for f in entry.fields:
        where = lines[f.name]
        if len(where) > 1 and f.line == where[1] and f is [g for g in entry.fields if g.name == f.name][1]:
            yield Hit(entry, f, f"{f.name} is given {len(where)} times (lines {', '.join(map(str, where))}); "
                      "bibtex keeps the first, biber the last")

