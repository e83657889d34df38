"""The entries a styled reference list holds, as biber and biblatex print a database; each one left out is reported.

Rules of the format's own tools, for a styled list only (a ``.bib`` or CSL-JSON output keeps every entry):

- of entries sharing a key the first is printed (:func:`citekit.keys.first_of_each_key`);
- an entry whose biblatex ``options`` say ``skipbib`` is in no bibliography (biblatex manual, 3.1.3 "Entry
  Options": "the entry is excluded from the bibliography but it may still be cited"); biber writes
  ``\\entry{key}{type}{skipbib=true}`` to the ``.bbl``. It still takes part in the labels: checked with biber
  2.18 and biblatex, a numeric list of ``a``, ``b`` (skipbib), ``c`` prints [1] and [3], an author-year list of
  three "Alpha 2001" works prints 2001a and 2001c. So it is *hidden*: numbered and told apart, not printed;
- ``dataonly`` means ``skipbib``, ``skiplab`` and ``skipbiblist``: no label, no number, no year letter, so the
  entry is left out before the list is made.

pandoc 3 ignores ``options`` and lists every entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Entry, Library, Problem

__all__ = ["ReferenceList", "reference_list", "drop_unlisted", "skipbib_option"]

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


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """The entries a list's processor numbers and tells apart, and the ``id()`` of those it does not print."""

    entries: list[Entry]
    hidden: frozenset[int]

    @property
    def printed(self) -> list[Entry]:
        """The entries the list prints."""
        return [e for e in self.entries if id(e) not in self.hidden]


def reference_list(library: Library, *, report: bool = True) -> ReferenceList:
    """What a styled list of ``library`` holds; each entry left out or hidden is a problem in ``library.problems``
    (none with ``report=False``, for a caller that only counts)."""
    from .keys import first_of_each_key

    kept: list[Entry] = []
    hidden: set[int] = set()
    for entry in first_of_each_key(library, report=report):
        option = skipbib_option(entry)
        if option is None:
            kept.append(entry)
            continue
        if not option.startswith("dataonly"):
            kept.append(entry)
            hidden.add(id(entry))
        if not report:
            continue
        prov = entry.sources[0] if entry.sources else None
        library.problems.append(Problem(
            f"entry {entry.key or '?'!r} left out of the reference list: its options say {option}, and biblatex "
            "prints such an entry in no bibliography (a .bib or CSL-JSON output keeps it)",
            prov.origin if prov else "<input>", prov.line if prov else None, severity="info"))
    return ReferenceList(kept, frozenset(hidden))


def drop_unlisted(library: Library) -> None:
    """Leave in ``library`` the entries a list's processor sees (:func:`reference_list`), for a run writing lists only.

    The hidden ones stay (they are numbered); the writer reads the library again when it writes the list, and the
    problems met both times are said once (:func:`citekit.diagnostics.report_problems`).
    """
    library.entries = reference_list(library).entries
