"""The one month table: BibTeX's month macros, their numbers, and the words dates name months by.

Every reader, writer and check takes its months from here: the ``.bib`` scanner's macro
expansion (``jan`` -> ``January``, as BibTeX's standard styles define it: plain.bst's
``MACRO {jan} {"January"}``), the BibTeX writer's ``month = jan``, the check's month rules,
and the listing readers' ``Jan 5, 2024``.
"""

from __future__ import annotations

__all__ = ["MONTH_NAMES", "MONTHS", "MONTH_MACROS", "MONTH_NUMBERS", "month_number"]

#: The English month names, January first.
MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December")

#: BibTeX's twelve predefined month macros, ``jan`` first (``month = jan``).
MONTHS: tuple[str, ...] = tuple(name[:3].lower() for name in MONTH_NAMES)

#: Macro -> the text BibTeX's standard styles give it (biber reads the macros as the numbers).
MONTH_MACROS: dict[str, str] = dict(zip(MONTHS, MONTH_NAMES))

#: Every word a date may name a month by (full name, three-letter abbreviation, ``sept``) -> 1..12.
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)},
    **{abbr: n for n, abbr in enumerate(MONTHS, 1)},
    "sept": 9,
}


def month_number(word: str) -> int | None:
    """The month ``word`` names (``"Mar"``, ``"march."``, ``"sept"``), 1..12, or None."""
    return MONTH_NUMBERS.get(word.strip().lower().rstrip("."))
