"""The generated LaTeX character table (citekit/latex_chars.py) is what the encoder would work out.

If pylatexenc or citekit's decoder changes a form, this fails until
``PYTHONPATH=. python scripts/gen_latex_chars.py`` is rerun.
"""

from __future__ import annotations

from citekit.latex import char_latex_computed, encode
from citekit.latex_chars import FORMS, RANGES, covers


def test_every_character_of_the_ranges_has_the_computed_form():
    """Each covered character: the table's form (or its absence) equals the computation."""
    differ = []
    for first, last in RANGES:
        for code in range(first, last + 1):
            ch = chr(code)
            if FORMS.get(ch) != char_latex_computed(ch):
                differ.append((hex(code), FORMS.get(ch), char_latex_computed(ch)))
    assert not differ, f"{len(differ)} characters differ (rerun scripts/gen_latex_chars.py): {differ[:10]}"


def test_the_table_holds_only_covered_characters():
    """No form outside the ranges (where the encoder would not look)."""
    assert FORMS and all(covers(ch) for ch in FORMS)
    assert not covers("a") and not covers("中") and covers("ü")


def test_encoding_uses_the_forms():
    """Accented names and a character outside the table are written as before."""
    assert encode("Müller") == 'M{\\"u}ller'
    assert encode("Šimić") == "{\\v{S}}imi{\\'c}"
    assert encode("中文") == "{\\relax 中文}"
