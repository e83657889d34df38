"""Writers: each turns a :class:`~citekit.model.Library` into one output format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import Library
from ..registry import Registry

__all__ = ["ExportOptions", "Writer", "WRITERS", "lists_only"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Choices a user makes about the output, passed explicitly to every writer."""

    style: str | None = None  # CSL style name or path, bibtex:NAME, template:NAME or a template path
    unicode: bool = False  # keep UTF-8 in .bib output (biber users) instead of LaTeX escapes
    date_policy: str = "first-version"  # which date a preprint's year comes from
    # Page templates (template:publications): the page's title, the owners whose names are
    # marked (no owner: the page claims no authorship), and how entries are grouped.
    title: str | None = None
    owners: tuple[str, ...] = ()
    group_by: str = "year"  # "year" or "type"


class Writer(Protocol):
    """What every writer module exposes."""

    name: str
    description: str
    extension: str  # the usual file extension, with the dot

    def write(self, library: Library, options: ExportOptions) -> str:
        """The whole output as text."""


WRITERS: Registry[Writer] = Registry("output format")
WRITERS.register("bibtex", "citekit.exporters.bibtex:BIBTEX", description="BibTeX (.bib; arXiv's own export form for preprints)", aliases=("bib",))
WRITERS.register("biblatex", "citekit.exporters.bibtex:BIBLATEX", description="BibLaTeX (.bib for biber: @online/@article, eprinttype, date)")
WRITERS.register("csl-json", "citekit.exporters.csl_json:WRITER", description="CSL-JSON (pandoc, Zotero)", aliases=("csl", "csljson"))
WRITERS.register("json", "citekit.exporters.json_full:WRITER", description="citekit's full internal form, with provenance and problems")
WRITERS.register("text", "citekit.exporters.styled:TEXT", description="styled reference list as plain text (--style)", aliases=("txt",))
WRITERS.register("html", "citekit.exporters.styled:HTML", description="styled reference list as HTML (--style)")
WRITERS.register("markdown", "citekit.exporters.styled:MARKDOWN", description="styled reference list as Markdown (--style)", aliases=("md",))
WRITERS.register("latex", "citekit.exporters.styled:LATEX", description="styled reference list as LaTeX (--style)", aliases=("tex",))


def lists_only(writers) -> bool:
    """True when every writer named in ``writers`` writes a styled list (none keeps every entry, as a .bib does)."""
    names = list(writers)
    # An attribute, not isinstance(StyledWriter): a run writing .bib alone never imports the styled writers.
    return bool(names) and all(getattr(WRITERS.get(name), "styled_list", False) for name in names)
