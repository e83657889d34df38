"""The one table of name particles: the lowercase words that open a family name ("van der Waals").

Readers of pasted text use it to keep ``N. J. van der Kaap`` one family name, and the
record builder of arXiv and DOI answers to split ``Jan van der Berg``. A ``.bib`` name
needs no table (BibTeX's rule: a lowercase word is the "von" part).
"""

from __future__ import annotations

__all__ = ["PARTICLES"]

#: Lowercase particles of Dutch, German, French, Italian, Spanish, Portuguese, Scandinavian and
#: Arabic family names, as a name list writes them ("van", "von der", "de la", "dos", "af", "bin").
PARTICLES: frozenset[str] = frozenset(
    "van von der den de del della delle dei di da das dos do du la le lo ten ter te zu zum zur af av "
    "bin ibn al el y st st. saint mac".split()
)
