"""Entry types, fields and required fields: biber's data model (BibLaTeX) and classic BibTeX.

The BibLaTeX table is generated from biblatex's own ``blx-dm.def`` (the file biber
validates against) by ``python -m citekit.check.datamodel PATH/blx-dm.def``, which writes
``data/biblatex-dm.json``; nothing it defines is typed by hand here. What biber's default
source map does to a BibTeX-style file (``journal`` is read as ``journaltitle``,
``@phdthesis`` as ``@thesis``) and BibTeX's own required fields (btxdoc, section 2.2) are
the small tables below.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..bibmap import BIBER_TYPE_ALIASES, DATAMODEL_PATH, biblatex_datamodel

__all__ = ["Requirement", "DataModel", "biblatex_model", "bibtex_model", "parse_blx_dm"]

_DATA = DATAMODEL_PATH  # bibmap reads it too (the BibLaTeX writer's table), without importing citekit.check

#: biber's default driver map for .bib files: BibTeX field names it reads as BibLaTeX ones.
BIBER_FIELD_ALIASES: dict[str, str] = {
    "address": "location",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "key": "sortkey",
    "pdf": "file",
    "primaryclass": "eprintclass",
    "school": "institution",
    "hyphenation": "langid",
}
# biber's default type map (BIBER_TYPE_ALIASES; the thesis and report aliases also set
# ``type``) lives in bibmap, beside the writer's table that resolves types through it.

#: BibTeX's standard types and required fields (btxdoc 2.2); "a|b" means either.
BIBTEX_REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "conference": ("author", "title", "booktitle", "year"),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
#: BibTeX's optional fields per type (btxdoc 2.2); with the required ones, what plain.bst prints.
BIBTEX_OPTIONAL: dict[str, tuple[str, ...]] = {
    "article": ("volume", "number", "pages", "month", "note"),
    "book": ("volume", "number", "series", "address", "edition", "month", "note"),
    "booklet": ("author", "howpublished", "address", "month", "year", "note"),
    "conference": ("editor", "volume", "number", "series", "pages", "address", "month", "organization", "publisher", "note"),
    "inbook": ("volume", "number", "series", "type", "address", "edition", "month", "note"),
    "incollection": ("editor", "volume", "number", "series", "type", "chapter", "pages", "address", "edition", "month", "note"),
    "inproceedings": ("editor", "volume", "number", "series", "pages", "address", "month", "organization", "publisher", "note"),
    "manual": ("author", "organization", "address", "edition", "month", "year", "note"),
    "mastersthesis": ("type", "address", "month", "note"),
    "misc": ("author", "title", "howpublished", "month", "year", "note"),
    "phdthesis": ("type", "address", "month", "note"),
    "proceedings": ("editor", "volume", "number", "series", "address", "month", "organization", "publisher", "note"),
    "techreport": ("type", "number", "address", "month", "note"),
    "unpublished": ("month", "year"),
}
#: The fields plain.bst reads (btxdoc 2.2 and plain.bst's ENTRY list); others it ignores.
BIBTEX_FIELDS: frozenset[str] = frozenset(
    "address author booktitle chapter edition editor howpublished institution journal key month "
    "note number organization pages publisher school series title type volume year crossref".split()
)


@dataclass(frozen=True, slots=True)
class Requirement:
    """One mandatory constraint: ``all`` of the fields, ``any`` one of them, or exactly one (``xor``)."""

    kind: str  # "all" | "or" | "xor"
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DataModel:
    """Entry types, the fields each takes, the mandatory constraints and field data types."""

    name: str
    types: frozenset[str]
    fields: dict[str, dict[str, str]]  # field -> {"type": field|list, "datatype": ...}
    entry_fields: dict[str, frozenset[str]]  # "*" for all types
    required: dict[str, tuple[Requirement, ...]]  # "*" for all listed in "required_all"

    def takes(self, entry_type: str, name: str) -> bool:
        """True when ``entry_type`` accepts field ``name``."""
        return name in self.entry_fields.get("*", frozenset()) or name in self.entry_fields.get(entry_type, frozenset())

    def known(self, name: str) -> bool:
        """True when ``name`` is a field of the model or one any entry type takes (date parts such as ``year``)."""
        return name in self.fields or any(name in taken for taken in self.entry_fields.values())

    def requirements(self, entry_type: str) -> tuple[Requirement, ...]:
        """Every mandatory constraint on ``entry_type``."""
        return self.required.get(entry_type, ())


def _groups(text: str, start: int) -> tuple[str, int]:
    """The text of the ``{...}`` group opening at ``start`` and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    raise ValueError("unbalanced group in blx-dm.def")


def _items(body: str) -> list[str]:
    return [w.strip() for w in re.sub(r"%.*", "", body).split(",") if w.strip()]


def _declarations(text: str, command: str):
    """``(options, body)`` of each ``\\command[options]{body}`` in ``text``."""
    for m in re.finditer(r"\\" + command + r"(?:\[([^\]]*)\])?\s*\{", text):
        body, _ = _groups(text, m.end() - 1)
        yield (m.group(1) or ""), body


def _options(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in _items(text):
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip() or "true"
    return out


def _constraint_fields(body: str) -> list[Requirement]:
    reqs: list[Requirement] = []
    plain: list[str] = []
    pos = 0
    for m in re.finditer(r"\\(constraintfieldsxor|constraintfieldsor|constraintfield)\s*\{", body):
        if m.start() < pos:
            continue
        inner, pos = _groups(body, m.end() - 1)
        if m.group(1) == "constraintfield":
            plain.append(inner.strip())
        else:
            names = tuple(re.findall(r"\\constraintfield\s*\{([^}]*)\}", inner))
            reqs.append(Requirement("xor" if m.group(1).endswith("xor") else "or", names))
    if plain:
        reqs.insert(0, Requirement("all", tuple(plain)))
    return reqs


def parse_blx_dm(text: str) -> dict:
    """biblatex's ``blx-dm.def`` as a JSON-ready table (types, fields, entry fields, mandatory constraints)."""
    body = text[text.find("% Data model specification"):] if "% Data model specification" in text else text
    types: list[str] = []
    for opts, names in _declarations(body, "DeclareDatamodelEntrytypes"):
        if "skipout" not in _options(opts):
            types.extend(_items(names))
    fields: dict[str, dict[str, str]] = {}
    for opts, names in _declarations(body, "DeclareDatamodelFields"):
        o = _options(opts)
        for name in _items(names):
            fields[name] = {"type": o.get("type", "field"), "datatype": o.get("datatype", "literal")}
    entry_fields: dict[str, list[str]] = {}
    for opts, names in _declarations(body, "DeclareDatamodelEntryfields"):
        for t in _items(opts) or ["*"]:
            entry_fields.setdefault(t, []).extend(_items(names))
    required: dict[str, list[dict]] = {}
    for opts, block in _declarations(body, "DeclareDatamodelConstraints"):
        targets = _items(opts) or ["*"]
        for m in re.finditer(r"\\constraint\s*\[([^\]]*)\]\s*\{", block):
            if _options(m.group(1)).get("type") != "mandatory":
                continue
            inner, _ = _groups(block, m.end() - 1)
            for req in _constraint_fields(inner):
                for t in targets:
                    required.setdefault(t, []).append({"kind": req.kind, "fields": list(req.fields)})
    return {"types": types, "fields": fields, "entry_fields": entry_fields, "required": required}


@functools.cache
def biblatex_model() -> DataModel:
    """biber's data model, from the table generated out of ``blx-dm.def``."""
    data = biblatex_datamodel()
    return DataModel(
        "biblatex",
        frozenset(data["types"]),
        data["fields"],
        {t: frozenset(v) for t, v in data["entry_fields"].items()},
        {t: tuple(Requirement(r["kind"], tuple(r["fields"])) for r in v) for t, v in data["required"].items()},
    )


@functools.cache
def bibtex_model() -> DataModel:
    """Classic BibTeX's standard types and required fields."""
    required = {
        t: tuple(Requirement("or", tuple(f.split("|"))) if "|" in f else Requirement("all", (f,)) for f in fields)
        for t, fields in BIBTEX_REQUIRED.items()
    }
    taken = {
        t: frozenset(n for f in BIBTEX_REQUIRED[t] for n in f.split("|")) | frozenset(BIBTEX_OPTIONAL[t])
        for t in BIBTEX_REQUIRED
    }
    return DataModel(
        "bibtex",
        frozenset(BIBTEX_REQUIRED),
        {f: {"type": "field", "datatype": "literal"} for f in BIBTEX_FIELDS},
        {"*": frozenset({"key", "crossref"}), **taken},
        required,
    )


def main(argv: list[str]) -> int:
    """Regenerate ``data/biblatex-dm.json`` from a ``blx-dm.def``."""
    source = Path(argv[0]) if argv else Path("/usr/share/texlive/texmf-dist/tex/latex/biblatex/blx-dm.def")
    table = parse_blx_dm(source.read_text(encoding="utf-8"))
    _DATA.parent.mkdir(exist_ok=True)
    _DATA.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    biblatex_datamodel.cache_clear()
    print(f"wrote {_DATA} ({len(table['types'])} types, {len(table['fields'])} fields)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
