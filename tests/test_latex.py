"""Unicode <-> LaTeX: escaping, math, TeX pass-through, title protection, balance and round trips."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from citekit.latex import collapse, decode, encode, is_balanced, needs_decoding

# TeX a model value may already hold (passed through, so it is not a literal round trip).
# TeX commands, and $...$ math (which decoding may turn into Unicode: $_2$ -> ₂).
_TEX_LIKE = re.compile(r"\\(?:[A-Za-z]|[%&$#_\"'`^~=.])|\{\\|(?<!\\)\$[^$]+\$")


@pytest.mark.parametrize("char, latex", [
    ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_"),
    ("{", r"\textbraceleft{}"), ("}", r"\textbraceright{}"), ("~", r"\textasciitilde{}"),
    ("^", r"\textasciicircum{}"), ("\\", r"\textbackslash{}"),
])
def test_specials_are_escaped(char, latex):
    """Each TeX special becomes its escape, and braces never as ``\\{`` (BibTeX counts those)."""
    assert encode(f"a {char} b") == f"a {latex} b"
    assert decode(encode(f"a {char} b")) == f"a {char} b"


def test_math_is_kept_and_tex_in_metadata_is_not_escaped_twice():
    """``$O(N \\log N)$``, ``\\textit{sortlet}`` and ``1\\%`` pass through as TeX."""
    assert encode(r"Sorting in $O(N \log N)$ time") == r"Sorting in $O(N \log N)$ time"
    assert encode(r"\textit{sortlet} wins") == r"\textit{sortlet} wins"
    assert encode(r"only 1\% overhead & more") == r"only 1\% overhead \& more"
    assert encode(r"M\"uller") == r"M\"uller"


def test_dollar_signs_that_are_not_math_are_escaped():
    """Prices and unbalanced or unsafe spans are text: ``$5 and $6``, ``$a}$``, ``$50%$``."""
    assert encode("$5 and $6") == r"\$5 and \$6"
    assert encode("$a}$") == r"\$a\textbraceright{}\$"
    assert encode("$50%$") == r"\$50\%\$"


def test_unicode_becomes_latex_and_unencodable_text_stays_safe():
    """Accents use LaTeX escapes; CJK stays UTF-8 inside one special-character group."""
    assert encode("Müller") == r'M{\"u}ller'
    assert encode("Jiří") == r"Ji{\v{r}}{\'i}"
    assert encode("王小明 et al.") == r"{\relax 王小明} et al."
    assert encode("Müller", unicode=True) == "Müller"


def test_ligatures_in_plain_text_are_broken():
    """``--``, ```` `` ```` and ``''`` in model text print as typed, not as dashes and quotes."""
    assert encode("a -- b") == "a -{}- b"
    assert decode("a -{}- b") == "a -- b"
    assert decode("1--10") == "1–10"


@pytest.mark.parametrize("title, expected", [
    ("Thinking LLMs: General Instruction Following", "Thinking {LLM}s: General Instruction Following"),
    ("GNNs beat BERT", "{GNN}s beat {BERT}"),
    ("sharpDARTS and AdsorbML", "{sharpDARTS} and {AdsorbML}"),
    ("The Open Catalyst 2022 (OC22) Dataset", "The Open Catalyst 2022 ({OC22}) Dataset"),
    ("Deep Q-learning with X-ray T5", "Deep {Q}-learning with {X}-ray {T5}"),
    ("Learning with Bayesian networks in the wild", "Learning with {Bayesian} networks in the wild"),
    ("Three Decades of Activations: A Comprehensive Survey", "Three Decades of Activations: A Comprehensive Survey"),
])
def test_title_protection(title, expected):
    """Acronyms and mixed case are braced; Title Case words are not; sentence-case proper nouns are."""
    assert encode(title, protect=True) == expected
    assert decode(expected) == title


def test_hostile_values_stay_inside_their_braces():
    """An injection attempt is escaped into a balanced value that decodes to itself."""
    evil = "}, @misc{evil, title = {pwned} } \\"
    value = encode(evil, protect=True)
    assert is_balanced(value) and not value.endswith("\\")
    assert decode(value) == collapse(evil)


def test_fast_path_agrees_with_the_full_decoder():
    """A value without TeX is returned as is, identical to what latex2text gives."""
    from citekit.latex import _decoder

    for text in ["Plain title: with, punctuation (and) numbers 1-2", "O'Brien's \"quoted\" text", "Ünïcödé ok"]:
        assert not needs_decoding(text)
        assert decode(text) == collapse(_decoder().latex_to_text(text))


_ALPHABET = st.one_of(
    st.sampled_from(list("{}\\%&$#_~^@<>|\"'`-,=!?. \n\t") + ["@misc{x,", "}}", "<b>", "&amp;", "e\u0301", "王", "ß", "Ø"]),
    st.characters(blacklist_categories=("Cs",)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=30).map("".join), st.booleans(), st.booleans())
@example("U\x08\u0300", False, False)  # found by this test: a control between a letter and its accent kept them apart
def test_any_text_round_trips(text, protect, unicode):
    """decode(encode(x)) == x (NFC, whitespace collapsed) for text that holds no TeX, and is balanced."""
    assume(not _TEX_LIKE.search(collapse(text)))  # dropped control characters can leave TeX: "\\\x1f%" -> "\\%"
    value = encode(text, protect=protect, unicode=unicode)
    assert is_balanced(value)
    assert not value.endswith("\\")
    assert decode(value) == collapse(text)
    assert unicodedata.is_normalized("NFC", decode(value))


@pytest.mark.parametrize("tex, text", [
    (r"Marian \foreignlanguage{polish}{Przełęcki}", "Marian Przełęcki"),  # biblatex-gost's names
    (r"О \foreignlanguage{german}{Dasein}analitik’е", "О Daseinanalitik’е"),
    (r"\foreignlanguage[variant=ancient]{greek}{logos}", "logos"),
    (r"\textlang{german}{Dasein} und Zeit", "Dasein und Zeit"),  # biblatex's \textlang
    (r"\foreignquote{french}{Bonjour}", "Bonjour"),  # csquotes
    (r"\hyphenrules{german}Wort", "Wort"),
])
def test_language_switches_print_their_text_not_the_language_name(tex, text):
    """babel's, biblatex's and csquotes' language macros: the text prints, the language name does not."""
    assert decode(tex) == text
