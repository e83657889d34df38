"""Styled reference lists (``--to text|html|markdown|latex``) in any style of :mod:`citekit.styles`.

One writer per output format; each resolves ``options.style`` (default APA), renders
the library through the style's engine (CSL, pybtex or a Jinja2 template) and wraps
the entries the way the format expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Library
from . import ExportOptions, lists_only  # noqa: F401  (lists_only: its old home)

__all__ = ["StyledWriter", "TEXT", "HTML", "MARKDOWN", "LATEX", "lists_only"]


@dataclass(frozen=True, slots=True)
class StyledWriter:
    """A styled reference list in one output format (``backend``)."""

    name: str
    description: str
    extension: str
    backend: str
    #: Not a field: what :func:`citekit.exporters.lists_only` asks, without importing this module.
    styled_list = True

    def write(self, library: Library, options: ExportOptions) -> str:
        """The whole reference list as text in this writer's format.

        The list holds what biber and biblatex print (:func:`citekit.listing.reference_list`, which
        reports the others): the first of entries sharing a key; an entry whose options say skipbib is
        numbered and told apart from the others but not printed.
        """
        from ..listing import reference_list
        from ..render.engine import render_library

        listing = reference_list(library)
        if len(listing.entries) < len(library.entries):
            # The same library but for the entries left out; problems still go to the run's list.
            library = Library(listing.entries, library.verbatim, library.problems, library.key_changes, library.forms)
        return render_library(library, options.style, self.backend, options=options, hidden=listing.hidden)

    def holds(self, library: Library) -> int:
        """How many entries :meth:`write` lists: the first of each key, less skipbib, helper and abstract-only records."""
        from ..listing import reference_list
        from ..render.engine import listed

        return sum(1 for entry in reference_list(library, report=False).printed if listed(entry))


TEXT = StyledWriter("text", "styled reference list as plain text (--style)", ".txt", "text")
HTML = StyledWriter("html", "styled reference list as HTML (--style)", ".html", "html")
MARKDOWN = StyledWriter("markdown", "styled reference list as Markdown (--style)", ".md", "markdown")
LATEX = StyledWriter("latex", "styled reference list as LaTeX (--style)", ".tex", "latex")
