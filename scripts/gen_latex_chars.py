"""Generate citekit/latex_chars.py: the LaTeX form of each non-ASCII character in the common ranges.

The form is what :func:`citekit.latex.char_latex_computed` works out from pylatexenc's
encoder, kept only when citekit's decoder gives the character back. A table spares every
run that writes an accented name the import of pylatexenc's encoder and decoder (about
10 ms of a 0.3 s process). tests/test_latex_chars.py checks the table against the
computation, so a pylatexenc upgrade that changes a form fails the test until this is rerun.

Run: PYTHONPATH=. python scripts/gen_latex_chars.py
"""

from __future__ import annotations

from pathlib import Path

from citekit.latex import char_latex_computed
from citekit.latex_chars import RANGES

OUT = Path(__file__).resolve().parent.parent / "citekit" / "latex_chars.py"

HEAD = '''"""The LaTeX form of each non-ASCII character in :data:`RANGES` (generated: do not edit).

Made by ``scripts/gen_latex_chars.py`` from pylatexenc's encoder, each form kept only when
citekit's decoder gives the character back (:func:`citekit.latex.char_latex_computed`); a
character of the ranges missing from :data:`FORMS` has no such form. Other characters are
worked out when met. ``tests/test_latex_chars.py`` keeps the table in step.
"""

from __future__ import annotations

__all__ = ["RANGES", "FORMS", "covers"]

#: The code point ranges (first, last) the table covers: Latin-1 to Latin Extended-B, IPA and
#: spacing modifiers, Greek, Cyrillic, Latin Extended Additional, general punctuation, letterlike
#: symbols, arrows and mathematical operators.
RANGES = ({ranges})


def covers(ch: str) -> bool:
    """True when ``ch`` is in one of the :data:`RANGES` (its form, or its lack of one, is in the table)."""
    code = ord(ch)
    return any(first <= code <= last for first, last in RANGES)


#: Character -> LaTeX form, for the characters of :data:`RANGES` that have one.
FORMS = {{
{forms}}}
'''


def main() -> None:
    """Write the table."""
    forms = []
    for first, last in RANGES:
        for code in range(first, last + 1):
            ch = chr(code)
            form = char_latex_computed(ch)
            if form is not None:
                forms.append(f"    {ch!r}: {form!r},\n")
    ranges = ", ".join(f"(0x{first:04X}, 0x{last:04X})" for first, last in RANGES)
    OUT.write_text(HEAD.format(ranges=ranges, forms="".join(forms)), encoding="utf-8")
    print(f"{OUT}: {len(forms)} forms")


if __name__ == "__main__":
    main()
