"""Cite in text: citekit's own CSL processor for citation clusters and bibliographies, from Python.

>>> from citekit.cite import Processor
>>> proc = Processor("apa", items)                       # a style name, a .csl path or CSL XML
>>> proc.cite_clusters([{"citationItems": [{"id": "a", "locator": "3"}]}])
>>> proc.bibliography()

Clusters are in citeproc-js's JSON form: ``citationItems`` with ``id``, ``locator``,
``label``, ``prefix``, ``suffix``, ``suppress-author``, ``author-only``; ``properties``
with ``noteIndex``.
"""

from __future__ import annotations

from typing import Any

from .render.cslproc import processor as _processor
from .render.cslproc.style import Style, load_style, parse_style

__all__ = ["Processor", "style"]


def style(spec: str, lang: str | None = None) -> Style:
    """The parsed style for ``spec``: a collection name (``apa``), a ``.csl`` path or the XML text."""
    if spec.lstrip().startswith("<"):
        return parse_style(spec, lang)
    from .styles import resolve_style

    resolved = resolve_style(spec)
    if resolved.kind != "csl":
        from .errors import UsageError

        raise UsageError(f"{spec} is not a CSL style")
    return load_style(resolved.source, lang)


class Processor(_processor.Processor):
    """A CSL processor for ``items`` (CSL-JSON dicts) in a style given by name, path, XML or :class:`Style`."""

    def __init__(self, style_spec: Any, items: list[dict], backend: str = "html", lang: str | None = None):
        parsed = style_spec if isinstance(style_spec, Style) else style(style_spec, lang)
        super().__init__(parsed, items, backend)
