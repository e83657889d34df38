"""The fast LaTeX decoding path gives exactly what pylatexenc gives, on everything it accepts."""

from __future__ import annotations

import random
import re

import pytest

from citekit import latex

_ATOMS = [
    "a", "B", " ", "  ", "\n", "é", "x y", "-", "--", "---", "'", "''", "`", "``", "!", "!`", "?", "?`", "~",
    "&", "\\&", "\\%", "\\$", "\\#", "\\_", "\\{", "\\}", "{", "}", "{}", '\\"u', '{\\"u}', '\\"{u}',
    "\\'\\i", "{\\'\\i}", "\\'{\\i}", "\\c{c}", "\\v{s}", "\\c c", "\\o", "{\\o}", "\\ss", "{\\ss}",
    "\\ss{}", "\\L", "\\aa", "\\i", "\\o x", "\\emph{", "\\textit{", "\\textbf{x}", "\\emph {", "$x$",
    "$\\alpha$", "$a\\$b$", "$O(n \\log n)$", "$x^{2}$", "$\\mathbb{R}^d$", "$", "$$", "$ x$", "$x $",
    "$a&b$", "$a%b$", "%", "\\\\", "\\foo", "\\'", '\\"', "\\t{oo}", "\\H{o}", "\\^o", "\\=a", "\\.z",
    "1", "(", ")", ".", ",", ":", "ü", "'''", "----", "$\\,x\\;$", "\\'E", "{\\AA}",
]
# Text symbols, spaced accents and \url, as Zotero, Mendeley and JabRef write them.
_ATOMS += [
    "\\textendash", "\\textendash{}", "{\\textasciitilde}", "\\copyright", "\\textbar ", "{\\v c}", "\\v c",
    "\\c cx", "\\url{https://x.org/a}", "\\url{a", "\\S", "\\Sx", "\\texttimes2", "\\textbackslash{}",
]
# Other argument-free macros and spacing symbols (Zotero abstracts: "21\\,months",
# "\\ldots{}", "\\textsterling{}"), and macros with arguments next to them.
_ATOMS += [
    "\\ldots", "\\ldots{}", "\\textsterling{}", "\\,", "\\;", "\\!", "\\:", "\\foo{}", "\\dbend", "\\relax ",
    "\\vphantom\\}", "\\href{a}{b}", "\\arabic{n}", "\\textendash ", "\\textemdash  ", "\\o ", "\\foo\t", " \\ldots \n",
]


def _slow(value: str) -> str:
    try:
        text = latex._decoder().latex_to_text(latex._BARE_AMP.sub(r"\\&", value))
    except Exception:
        text = value
    return latex.collapse(text)


@pytest.mark.parametrize("seed", range(3))
def test_fast_decode_agrees_with_pylatexenc(seed):
    """Random mixes of accents, escapes, ligatures, math and braces decode as pylatexenc decodes them."""
    rng = random.Random(seed)
    accepted = 0
    for _ in range(3000):
        value = "".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, 8)))
        fast = latex._fast_decode(value)
        if fast is None:
            continue
        accepted += 1
        assert latex.collapse(fast) == _slow(value), value
    assert accepted > 1000  # the fast path is taken for most values, or it would not be fast


@pytest.mark.parametrize("value", ["M{\\\"u}ller", "\\v{S}imi\\'c", "Garc{\\'\\i}a", "$O(n \\log n)$ time", "1--10",
                                   "up to 21\\,months", "lemmas \\ldots{} and", "\\foo{x}",
                                   "1990\\textendash 2000", "\\o x"])
def test_fast_path_taken_for_common_tex(value):
    """The forms .bib files mostly hold take the fast path."""
    assert latex._fast_decode(value) is not None
    assert latex.decode(value) == _slow(value)


@pytest.mark.parametrize("value", ["\\o \nx", "\\vphantom\\}", "\\href{a}{b}", "a \\\\ b", "$$x$$", "50% off", "$\\\"$", "\\ié"])
def test_other_tex_goes_to_pylatexenc(value):
    """TeX outside the simple pieces is left to pylatexenc whole."""
    assert latex._fast_decode(value) is None


@pytest.mark.parametrize("font", ["texttt", "textsf", "textup"])
def test_symbol_next_to_a_font_pylatexenc_drops_goes_whole(font):
    """A symbol macro does not move a value with \\texttt{..} (which pylatexenc drops) onto the fast path."""
    value = f"A \\{font}{{book}} entry \\ldots{{}} and \\arabic{{n}}"
    assert latex._fast_decode(value) is None
    assert latex.decode(value) == _slow(value)


def _title_reference(text: str, unicode: bool, proper_nouns: bool, at_start: bool) -> str:
    """The word-by-word loop of ``_escape_title_text`` without its fast path."""
    out: list[str] = []
    pos = 0
    for m in latex._TITLE_TOKEN.finditer(text):
        first = at_start and not text[: m.start()].strip()
        if m.group(1):
            if first:
                continue
            protected = (m.group(1), "")
        else:
            protected = latex._protect_word(m.group(0), proper_nouns, first)
        if protected is None:
            continue
        out.append(latex._escape_plain(text[pos : m.start()], unicode))
        out.append("{" + latex._escape_plain(protected[0], unicode) + "}" + latex._escape_plain(protected[1], unicode))
        pos = m.end()
    out.append(latex._escape_plain(text[pos:], unicode))
    return "".join(out)


def test_title_fast_path_agrees_with_the_word_loop():
    """Title protection's shortcut for titles without inner capitals braces exactly what the loop braces."""
    words = ["deep", "Deep", "LLMs", "X-ray", "Q", "-", "learning", "T5", "2024", "a", " ", "  ", "é", "Über",
             "sharpDARTS", "&", "of", "_x", "BERT", "i", "Model", "x-Ray", "e.g."]
    rng = random.Random(7)
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.2:
            text = " " + text
        for proper in (False, True):
            for start in (False, True):
                assert latex._escape_title_text(text, False, proper, start) == _title_reference(text, False, proper, start), text


_TITLE_WORDS = ["deep", "Deep", "LLMs", "X-ray", "Q", "-", "learning", "T5", "2024", "a", "of", "Model", "sharpDARTS",
                "e.g.", "GPT-4", "Is", "All", "You", "Need", "A", "B-", "x-Ray", "co-Design", "Don't", "(BERT)", "Word2vec",
                "self-supervised", "Schr", "i", "ab_cd", "Net:", "[RL]", "1+1", "U.S.", "it's", "?", "!", "Zero-Shot", "aB"]


def _sentence_case_reference(text: str) -> bool:
    words = [w for w in latex._WORD.findall(text)[1:] if len(w) >= 4 and w.isalpha()]
    return len(words) >= 3 and sum(1 for w in words if w[0].isupper()) * 2 < len(words)


def test_plain_title_path_agrees_with_the_word_loop():
    """Titles of letters, digits and harmless punctuation brace exactly what the general word loop braces."""
    rng = random.Random(11)
    seen_plain = 0
    for _ in range(6000):
        text = " ".join(rng.choice(_TITLE_WORDS) for _ in range(rng.randint(1, 9)))
        assert latex._is_sentence_case(text) == _sentence_case_reference(text), text
        if not latex._is_plain_ascii(text):
            continue
        seen_plain += 1
        # Nothing in plain text is escaped or read as TeX.
        assert latex._NEEDS_ESCAPE.search(text) is None and latex._SEGMENT_START.search(text) is None, text
        proper = _sentence_case_reference(text)
        assert latex._protect_plain(text, True, 0, None) == _title_reference(text, False, proper, True), text
        for start in (False, True):
            padded = " " + text
            assert latex._protect_plain(padded, start, 1, proper) == _title_reference(padded, False, proper, start), text
        assert latex.encode(text, protect=True) == _title_reference(text, False, proper, True), text
    assert seen_plain > 1000


def test_brace_balance_agrees_with_counting():
    """is_balanced (pair removal) agrees with counting depth on every short brace pattern."""
    import itertools

    def counted(value: str) -> bool:
        depth = 0
        for ch in value:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                return False
        return depth == 0

    for n in range(9):
        for chars in itertools.product("{}a", repeat=n):
            value = "".join(chars)
            assert latex.is_balanced(value) == counted(value), value


def test_plain_text_with_math_shortcut_agrees_with_the_segment_walk():
    """Text the shortcut passes as it is (plain runs between kept $...$ spans) is what the segment walk gives
    back unchanged; near misses (a space inside the dollars, a digit after them, an unsafe command,
    an escaped dollar) are left to the walk."""
    plain = ["word", " ", "the model", "1", "2x", ".", ", ", "(a)", "-", "'", "--", "\\", "{", "é", "_", " 3", "9 "]
    math = ["x", "x^2", "\\alpha", " x", "x ", "\\input", "o(n \\log n)", "\\mathbb{R}^d", "a\\", "{x}", "x}", "",
            "1", "\\$"]
    rng = random.Random(21)
    taken = 0
    for _ in range(20000):
        text = ""
        for _ in range(rng.randint(0, 4)):
            text += "".join(rng.choice(plain) for _ in range(rng.randint(0, 3)))
            if rng.random() < 0.9:
                text += "$" + rng.choice(math) + ("$" if rng.random() < 0.95 else "")
        text += "".join(rng.choice(plain) for _ in range(rng.randint(0, 3)))
        text = latex.collapse(text)
        walked = "".join(chunk if is_tex else latex._escape_plain(chunk, False) for is_tex, chunk in latex._segments(text))
        if latex._plain_with_safe_math(text):
            taken += 1
            assert walked == text, text
        assert latex.encode(text) == (walked if latex.is_balanced(walked) and not walked.endswith("\\")
                                      else latex._escape_plain(text, False)), text
    assert taken > 300



def test_title_with_math_shortcut_agrees_with_the_segment_walk():
    """A title of plain runs and kept math with no capital outside the math past its first character is given
    back as it is; every title, shortcut or not, is what the protecting segment walk gives."""
    plain = ["word", "Word", " ", "the model", "T5", "Gpt4", "A", "X-ray", "1", ".", ", ", "(a)", "-", "--", "\\", "{",
             "é", " 3", "LLMs", "data", "Q-learning"]
    math = ["x", "N=4", "\\alpha", " x", "\\input", "\\mathbb{R}^d", "K", "x}", "1"]
    rng = random.Random(2121)
    taken = 0
    for _ in range(20000):
        text = ""
        for _ in range(rng.randint(1, 4)):
            text += "".join(rng.choice(plain) for _ in range(rng.randint(0, 3)))
            if rng.random() < 0.8:
                text += "$" + rng.choice(math) + ("$" if rng.random() < 0.95 else "")
        text = latex.collapse(text + "".join(rng.choice(plain) for _ in range(rng.randint(0, 3))))
        if not text:
            continue
        proper = latex._is_sentence_case(text)
        walked = "".join(chunk if is_tex else latex._escape_title_text(chunk, False, proper, at_start=i == 0)
                         for i, (is_tex, chunk) in enumerate(latex._segments(text, True)))
        expected = walked if latex.is_balanced(walked) and not walked.endswith("\\") else latex._escape_plain(text, False)
        assert latex.encode(text, protect=True) == expected, text
        outside = latex.outside_safe_math(text)
        if outside is not None and not re.search("[A-Z]", outside[1:]) and not re.match("[A-Z][a-z]*[0-9]", text):
            taken += 1
            assert expected == text, text
    assert taken > 300

def test_plain_ascii_is_its_definition():
    """The one-pass plain-text test is its definition: printable ASCII letters, digits and the punctuation
    `` ,.:;()[]/+=*@"-'?!``, at least one letter or digit, and no ``--`` or ``''``."""
    def defined(text: str) -> bool:
        allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;()[]/+=*@\"-'?!")
        return (all(c in allowed for c in text) and any(c.isascii() and c.isalnum() for c in text)
                and "--" not in text and "''" not in text)

    chars = [chr(i) for i in range(0, 130)] + ["é", "--", "''", "ǅ", "٣", "\u00a0"]
    rng = random.Random(5)
    plain = 0
    for _ in range(100000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 7)))
        assert latex._is_plain_ascii(text) == defined(text), repr(text)
        plain += defined(text)
    assert plain > 1000
    for text in ["", " ", "...", "a", "a--b", "a-b", "it's", "it''s", "'a'", "x" * 5000 + "-", "-" * 3]:
        assert latex._is_plain_ascii(text) == defined(text), text


def test_ascii_escaping_is_the_character_loop():
    """ASCII text is escaped in passes (each special to its escape, "{}" inside each ligature pair); that
    is what escaping it character by character gives, on every ASCII character and every ligature."""
    def by_character(text: str) -> str:
        out, prev = [], ""
        for ch in text:
            if (prev, ch) in latex._LIGATURE_PAIRS:
                out.append("{}")
            out.append(latex._ASCII_ESCAPES.get(ch, ch))
            prev = ch
        return "".join(out)

    chars = [chr(i) for i in range(128)] + ["--", "``", "''", "?`", "!`", "---", "\\$", "$x$"]
    rng = random.Random(9)
    escaped = 0
    for _ in range(100000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 10)))
        assert latex._escape_plain(text, False) == by_character(text), repr(text)
        escaped += latex._escape_plain(text, False) != text
    assert escaped > 10000
    # CSL-JSON text holds no TeX: an abstract's dollars and backslashes are characters, escaped whole.
    assert latex.encode("cost $O(n)$ -- a \\ b", tex=False) == r"cost \$O(n)\$ -{}- a \textbackslash{} b"
