"""What an entry of the user's file states: its fields decoded to text, its authors, its dialect."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..bibedit import BibDocument, EntrySpan
from ..limits import ExpansionBudget
from ..model import Name

__all__ = ["Stated", "read_stated", "macro_values"]

#: Entry types and fields that mark an entry as written for BibLaTeX (biber) or for BibTeX; the
#: side with more marks wins (Better BibTeX writes ``urldate`` and ``langid`` in both, so they count for neither).
_BIBLATEX_TYPES = frozenset({"online", "electronic", "www", "report", "thesis", "dataset", "software"})
_BIBLATEX_FIELDS = frozenset({"eprinttype", "eprintclass", "journaltitle", "date"})
_BIBTEX_FIELDS = frozenset({"archiveprefix", "primaryclass", "journal", "year", "month"})


@dataclass(slots=True)
class Stated:
    """One entry as the user wrote it: the span, decoded text per lower-cased field, names, dialect."""

    span: EntrySpan
    text: dict[str, str] = field(default_factory=dict)  # lower-cased field name -> decoded value
    authors: list[Name] = field(default_factory=list)
    et_al: bool = False
    biblatex: bool = False

    @property
    def key(self) -> str:
        """The citation key."""
        return self.span.key

    @property
    def type(self) -> str:
        """The entry type, lower-cased."""
        return self.span.type.lower()

    def has(self, *names: str) -> bool:
        """True when any of the fields ``names`` is present with a non-blank value."""
        return any(self.text.get(n, "").strip() for n in names)

    def present(self, *names: str) -> str | None:
        """The first of ``names`` the entry has (lower-cased), or None."""
        for n in names:
            if self.span.field(n) is not None:
                return n
        return None


def macro_values(doc: BibDocument, budget: ExpansionBudget | None = None) -> dict[str, str]:
    """The file's @string macros expanded in order: lower-cased name -> text (still TeX).

    Expansion is taken from ``budget`` (a new one for the file when not given), so a
    macro bomb is a :class:`~citekit.limits.LimitError` naming its line.
    """
    from ..bibscan import expand

    values: dict[str, str] = {}
    budget = budget or ExpansionBudget(doc.origin, len(doc.text))
    for block in doc.blocks:
        if block.kind == "string" and block.name:
            values[block.name.lower()], _ = expand(block.value_raw or "", values, budget, block.line)
    return values


def read_stated(doc: BibDocument, span: EntrySpan, macros: dict[str, str],
                budget: ExpansionBudget | None = None) -> Stated:
    """Decode ``span``'s fields (macros expanded from ``budget``, TeX decoded) and split its authors."""
    from ..latex import decode
    from ..sources.bibtex import expand, split_names

    stated = Stated(span)
    for f in span.fields:
        expanded, _ = expand(f.value_raw, macros, budget, f.line)
        low = f.name.lower()
        if low in stated.text:
            continue  # a repeated field: BibTeX reads the first
        if low == "author":
            stated.authors, stated.et_al = split_names(expanded)
            stated.text[low] = expanded
        elif low in ("url", "doi", "eprint"):
            stated.text[low] = " ".join(expanded.split())
        else:
            stated.text[low] = decode(expanded)
    marks = sum(n in stated.text for n in _BIBLATEX_FIELDS) + (stated.type in _BIBLATEX_TYPES)
    stated.biblatex = marks > sum(n in stated.text for n in _BIBTEX_FIELDS)
    return stated
