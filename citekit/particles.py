"""The one table of name particles: the lower-case words that open a family name ("van der Waals").

Every reader that splits a person's name by its words takes its particles from here: the
reference-list parser (``van Schijndel, M.``), the listing readers' test of a
``Family, Given`` piece, and the arXiv API's ``Given van der Family`` authors. (BibTeX's
own rule needs no table: any word starting in lower case is its "von" part.)
"""

from __future__ import annotations

__all__ = ["PARTICLES"]

#: Lower-case family-name particles (Dutch, German, French, Italian, Spanish, Portuguese,
#: Scandinavian, Arabic and Hebrew ones, and the abbreviated saint), compared with a word in lower case.
PARTICLES: frozenset[str] = frozenset(
    "van von der den de del della delle dei di da do dos das du la le lo ten ter te zu zum zur af av "
    "bin ibn al el y st st. saint mac".split()
)
