"""The entries a styled reference list holds, as biber and bibtex print a database; each one left out is reported.

Two rules of the format's own tools decide it, and only for a styled list (a ``.bib`` or CSL-JSON
output keeps every entry):

- of entries sharing a key the first is printed (:func:`citekit.keys.first_of_each_key`);
- an entry whose biblatex ``options`` say ``skipbib`` (or ``dataonly``, which implies it) is in no
  bibliography: biber writes ``\\entry{key}{type}{skipbib=true}`` to the ``.bbl`` and biblatex's
  ``\\printbibliography`` leaves the entry out, though it can still be cited (biblatex manual,
  3.1.3 "Entry Options": "the entry is excluded from the bibliography but it may still be cited"; pandoc 3 ignores
  ``options`` and lists it).
"""

from __future__ import annotations

import re

from .model import Entry, Library, Problem

__all__ = ["reference_list", "skipbib_option"]

# One option of an options field: a name, and a value after "=" (biblatex's key=value list; braces allowed).
_OPTION = re.compile(r"\s*([A-Za-z]+)\s*(?:=\s*\{?\s*([^,{}]*?)\s*\}?\s*)?(?:,|$)")


def skipbib_option(entry: Entry) -> str | None:
    """The option of ``entry``'s ``.bib`` ``options`` field that leaves it out of a bibliography, or None.

    Options are read in order, as biblatex executes them: ``skipbib`` (alone or ``=true``) leaves
    the entry out and ``skipbib=false`` puts it back; ``dataonly`` sets ``skipbib`` with the
    others it stands for. ``relatedoptions`` are the options of a related entry's copy, not of
    the entry itself, and are not read here.
    """
    bib = entry.extra.get("bibtex")
    if not isinstance(bib, dict):
        return None
    raw = next((v for k, v in (bib.get("fields") or {}).items() if k.lower() == "options"), None)
    if not raw or "skipbib" not in raw.lower() and "dataonly" not in raw.lower():
        return None
    text = raw.strip()
    if text[:1] in "{\"" and text[-1:] in "}\"":
        text = text[1:-1]
    found: str | None = None
    for name, value in _OPTION.findall(text):
        name, on = name.lower(), (value or "true").strip().lower() == "true"
        if name == "skipbib":
            found = ("skipbib" if value == "" else f"skipbib={value}") if on else None
        elif name == "dataonly" and on:
            found = "dataonly" if value == "" else f"dataonly={value}"
    return found


def reference_list(library: Library) -> list[Entry]:
    """The entries of ``library`` a styled list prints, in order; each one left out is a problem in ``library.problems``."""
    from .keys import first_of_each_key

    kept = []
    for entry in first_of_each_key(library):
        option = skipbib_option(entry)
        if option is None:
            kept.append(entry)
            continue
        prov = entry.sources[0] if entry.sources else None
        library.problems.append(Problem(
            f"entry {entry.key or '?'!r} left out of the reference list: its options say {option}, and biblatex "
            "prints such an entry in no bibliography (a .bib or CSL-JSON output keeps it)",
            prov.origin if prov else "<input>", prov.line if prov else None, severity="info"))
    return kept
