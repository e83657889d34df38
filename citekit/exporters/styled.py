"""Styled reference lists (``--to text|html|markdown|latex``) in any style of :mod:`citekit.styles`.

One writer per output format; each resolves ``options.style`` (default APA), renders
the library through the style's engine (CSL, pybtex or a Jinja2 template) and wraps
the entries the way the format expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Library
from . import ExportOptions

__all__ = ["StyledWriter", "TEXT", "HTML", "MARKDOWN", "LATEX"]


@dataclass(frozen=True, slots=True)
class StyledWriter:
    """A styled reference list in one output format (``backend``)."""

    name: str
    description: str
    extension: str
    backend: str

    def write(self, library: Library, options: ExportOptions) -> str:
        """The whole reference list as text in this writer's format."""
        from ..render.engine import render_library

        return render_library(library, options.style, self.backend, options=options)


TEXT = StyledWriter("text", "styled reference list as plain text (--style)", ".txt", "text")
HTML = StyledWriter("html", "styled reference list as HTML (--style)", ".html", "html")
MARKDOWN = StyledWriter("markdown", "styled reference list as Markdown (--style)", ".md", "markdown")
LATEX = StyledWriter("latex", "styled reference list as LaTeX (--style)", ".tex", "latex")
