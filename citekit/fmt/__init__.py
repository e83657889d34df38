"""``citekit fmt``: a .bib formatter whose every change is opt-in and never changes what bibtex or biber read."""

from .options import DEFAULT_FIELD_ORDER, FormatOptions
from .run import FormatError, Formatted, format_text

__all__ = ["FormatOptions", "Formatted", "FormatError", "format_text", "DEFAULT_FIELD_ORDER"]
