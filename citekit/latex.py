"""Unicode <-> LaTeX for .bib field values, with title case protection.

Encoding (:func:`encode`) turns model text into a brace-balanced BibTeX field value:

* the TeX specials ``& % $ # _ { } ~ ^ \\`` (and ``< > |``, which OT1 fonts misprint)
  become ``\\&``, ``\\%``, ... ``\\textbraceleft{}``; braces are never written as
  ``\\{``, because BibTeX counts every brace, escaped or not;
* TeX ligatures that are plain text in the model (``--``, ``''``, ``` `` ```) are
  broken with ``{}`` so they print as typed;
* ``$...$`` math (balanced braces, no ``% # &``, TeX's own spacing rule) is kept as
  math, and the few TeX commands metadata carries (``\\textit{..}``, ``1\\%``, ``\\"u``)
  pass through unchanged instead of being escaped twice;
* non-ASCII letters become LaTeX escapes from pylatexenc's table
  (:class:`pylatexenc.latexencode.UnicodeToLatexEncoder`, ``{\\"u}``), kept only when
  decoding gives the character back; characters with no LaTeX form (CJK, combining
  marks) stay UTF-8 inside ``{\\relax ...}``, a group BibTeX treats as one special
  character, so ``alpha``'s labels and ``abbrv``'s initials never cut a UTF-8
  sequence in half. ``unicode=True`` keeps all of UTF-8 (biber reads it natively);
* in titles, acronyms and mixed-case words are brace-protected (``{LLM}s``,
  ``{BERT}``, ``{sharpDARTS}``); capitalised words only when the title is in sentence
  case (then they are proper nouns), never every word of a Title Case title.

Decoding (:func:`decode`) is pylatexenc's ``latex2text`` with math kept verbatim and a
few text macros added, behind a fast path: a value without ``\\ { } ~ % $ &`` or a
ligature is already text. Decoded text is whitespace-collapsed and NFC-normalised.
For any text, ``decode(encode(text))`` is that text (whitespace collapsed), except
where the text itself held TeX that was passed through.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

from .latex_chars import FORMS, covers
from .lazyre import LazyPattern
from .limits import MAX_DECODE_NESTING, MAX_NESTING


def _compiled_on_first_use(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A getter of ``pattern`` compiled on its first use: a run that only encodes (CSL-JSON to .bib,
    the snapshot stream) never compiles the long decoding patterns (~3 ms of start-up)."""
    return functools.cache(lambda: re.compile(pattern))

__all__ = ["encode", "encode_rich", "decode", "mark_literal_dollars", "outside_safe_math", "encode_name_part", "encode_pages", "encode_url", "encode_verbatim", "is_balanced",
           "is_safe_math", "needs_decoding", "collapse", "math_to_unicode", "SAFE_MATH_COMMANDS", "TEX_ACTIVE_COMMANDS",
           "active_tex", "drop_active_tex", "shallow"]

_ASCII_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_NEEDS_ESCAPE = re.compile(r"[\\{}&%$#_~^<>|]|--|``|''|[!?]`|[^\x20-\x7e]")
# Text commands that may already be in metadata and are passed through as TeX.
_PASS_MACROS = frozenset(
    "textit emph textbf textsc texttt textrm textsf textup textsl textnormal mbox "
    "ldots dots LaTeX TeX textendash textemdash textquoteleft textquoteright "
    "textquotedblleft textquotedblright textbackslash textasciitilde textasciicircum "
    "textbraceleft textbraceright textless textgreater textbar textregistered "
    "textcopyright texttrademark textdegree textellipsis relax "
    "c v u H r k b d t i j o O l L ss aa AA ae AE oe OE".split()
)
_TEX_TOKEN = LazyPattern(r"\\(?:([A-Za-z]+)|([%&$#_])|([\"'`^~=.]))")
_WORD = re.compile(r"\w+")
# A letter first, the look-behind after it: searched by skipping to letters (see textcase._ASCII_CAPITALISED).
_ASCII_ALPHA4 = re.compile(r"[A-Za-z](?<![A-Za-z0-9_][A-Za-z])[A-Za-z]{3,}(?![A-Za-z0-9_])")
_NEEDS_DECODING = LazyPattern(r"[\\{}~%$&]|--|``|''|[!?]`")
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def collapse(text: str) -> str:
    """``text`` NFC-normalised, control characters dropped, whitespace runs as one space."""
    # Printable ASCII is NFC and control-free: only its spaces can need collapsing.
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    # Controls go first: one between a letter and its accent ("U\x08\u0300") would keep them apart in NFC.
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    return _WS.sub(" ", text).strip()


def is_balanced(value: str) -> bool:
    """True when braces nest properly as BibTeX counts them (backslashes do not escape braces)."""
    if "{" not in value and "}" not in value:
        return True
    depth = 0
    for m in _BRACE.finditer(value):  # one pass: never below zero, zero at the end
        depth += 1 if m.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


_BRACE = re.compile(r"[{}]")


@functools.lru_cache(maxsize=8)
def _group_ends(text: str) -> dict[int, int]:
    """Every ``{`` of ``text`` that closes -> the index just past its ``}`` (one pass with a stack)."""
    ends: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            stack.append(m.start())
        elif stack:
            ends[stack.pop()] = m.end()
    return ends


def _group_end(text: str, start: int) -> int:
    """Index just past the balanced ``{...}`` group opening at ``start``, or -1.

    Looked up in a table built once per text: scanning from each ``{`` was quadratic
    on ``{\\`` repeated 20,000 times (82 s).
    """
    return _group_ends(text).get(start, -1)


def _depth(value: str) -> int:
    """How deep ``value``'s braces nest (one pass)."""
    if value.count("{") <= MAX_DECODE_NESTING:
        return value.count("{")
    depth = deepest = 0
    for m in _BRACE.finditer(value):
        depth = depth + 1 if m.group() == "{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


_CONTROL_WORD = LazyPattern(r"\\(?:[A-Za-z]+\s*|(.))", re.S)


def _flat_text(value: str) -> str:
    """A value too deeply nested for pylatexenc, read in one pass: braces and control words dropped.

    pylatexenc doubles an accent's marks at each level it nests (``{\\"{\\"u}}`` gives
    ``ü̈``), so 64 levels would ask for 2^64 characters; no real value nests past a few.
    """
    return collapse(_CONTROL_WORD.sub(lambda m: m.group(1) or " ", value).replace("{", "").replace("}", ""))


def shallow(text: str) -> str:
    """``text`` with the braces nested deeper than :data:`~citekit.limits.MAX_NESTING` dropped, their text kept.

    The decoder and encoder recurse into groups; real values nest a few levels, and a
    hostile one 100,000 (a crash, or quadratic work). Braces beyond the bound only
    protect case, which such depth never needs; both braces of a pair go or stay
    together, so a balanced value stays balanced.
    """
    if text.count("{") <= MAX_NESTING:
        return text
    out: list[str] = []
    pos = depth = 0
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            depth += 1
            drop = depth > MAX_NESTING
        else:
            drop = depth > MAX_NESTING
            depth = max(depth - 1, 0)
        if drop:
            out.append(text[pos : m.start()])
            pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _math_end(text: str, start: int) -> int:
    """Index past a ``$...$`` span opening at ``start`` that is safe to keep as math, or -1."""
    if start + 1 >= len(text) or text[start + 1] in " $\t":
        return -1
    if start > 0 and text[start - 1] == "\\":
        return -1
    i = start + 1
    while True:
        j = text.find("$", i)
        if j < 0:
            return -1
        if text[j - 1] == "\\":
            i = j + 1
            continue
        break
    inner = text[start + 1 : j]
    if inner[-1].isspace() or (j + 1 < len(text) and text[j + 1].isdigit()):
        return -1
    if not is_safe_math(inner):
        return -1
    return j + 1


def mark_literal_dollars(text: str, mark: str) -> str:
    """``text`` with each ``$`` that opens or closes no math span :func:`encode` keeps (``US$29.99``) as ``mark``."""
    if "$" not in text:
        return text
    out: list[str] = []
    i = 0
    while (j := text.find("$", i)) >= 0:
        end = _math_end(text, j)
        if end > 0:
            out.append(text[i:end])
            i = end
        else:
            out.append(text[i:j] + mark)
            i = j + 1
    out.append(text[i:])
    return "".join(out)


# Math commands that only typeset (symbols, fonts, accents, operators, fractions): the whole
# vocabulary ``$...$`` from data may use. Anything else (\input, \write, \def, \csname,
# \catcode, ...) makes the span text, escaped character by character.
SAFE_MATH_COMMANDS = frozenset((
    # Greek
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi "
    "omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda "
    "Xi Pi Sigma Upsilon Phi Psi Omega digamma "
    # fonts and styles
    "mathcal mathbb mathbf mathrm mathit mathsf mathtt mathfrak mathscr mathnormal boldsymbol bm text textrm "
    "textit textbf textsf texttt textup textnormal mbox operatorname displaystyle textstyle scriptstyle "
    "scriptscriptstyle rm it bf sf tt cal "
    # constructions and accents
    "frac dfrac tfrac binom dbinom tbinom sqrt hat widehat tilde widetilde bar overline underline vec dot "
    "ddot dddot breve check acute grave mathring overrightarrow overleftarrow overbrace underbrace stackrel "
    "overset underset left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr "
    "limits nolimits not "
    # operators and functions
    "sum prod coprod int iint iiint oint bigcup bigcap bigoplus bigotimes bigvee bigwedge bigsqcup lim liminf "
    "limsup sup inf min max arg argmin argmax det dim exp gcd hom ker lg ln log Pr sec sin sinh cos cosh tan "
    "tanh cot coth csc arcsin arccos arctan deg mod bmod pmod "
    # relations and binary operators
    "le leq ge geq ne neq leqslant geqslant ll gg lesssim gtrsim approx approxeq sim simeq cong equiv propto "
    "prec preceq succ succeq subset subseteq supset supseteq subsetneq supsetneq sqsubset sqsubseteq in ni "
    "notin mid nmid parallel perp models vdash dashv times div pm mp cdot circ bullet ast star oplus ominus "
    "otimes oslash odot cup cap sqcup sqcap wedge vee land lor lnot neg setminus smallsetminus dagger ddagger "
    "wr amalg triangleleft triangleright lhd rhd unlhd unrhd "
    # arrows
    "to gets rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow longrightarrow "
    "longleftarrow longleftrightarrow Longrightarrow Longleftarrow Longleftrightarrow mapsto longmapsto "
    "implies impliedby iff uparrow downarrow updownarrow Uparrow Downarrow Updownarrow hookrightarrow "
    "hookleftarrow rightharpoonup leftharpoonup nearrow searrow swarrow nwarrow xrightarrow xleftarrow "
    # symbols and delimiters
    "infty partial nabla forall exists nexists emptyset varnothing ell hbar imath jmath wp Re Im aleph beth "
    "prime backslash angle triangle square Box Diamond top bot flat natural sharp clubsuit diamondsuit "
    "heartsuit spadesuit ldots cdots vdots ddots dots dotsc dotsb langle rangle lceil rceil lfloor rfloor "
    "lvert rvert lVert rVert vert Vert lbrace rbrace lbrack rbrack checkmark "
    # spacing
    "quad qquad enspace thinspace medspace thickspace negthinspace"
).split())

# Safe math is made of tokens: a letter, digit, space or harmless symbol; a script or group
# character; a command (its whole name: the quantifiers are possessive, so a name is never
# split); an escaped symbol. Every command must be on the allow-list, and ``^^`` (TeX's
# character-code notation, which can spell a backslash) is refused separately.
_MATH_SAFE_TOKENS = LazyPattern(r"(?:[A-Za-z0-9\s+\-*/=<>()\[\]|,.;:!'?@\"^_{}]++|\\[A-Za-z]++|\\[,;:!{}| ])*+")
# Every backslash of a string the tokens cover starts a token, so these are its commands.
_MATH_COMMAND = LazyPattern(r"\\([A-Za-z]+)")


@functools.lru_cache(maxsize=4096)  # the same short formulas recur across abstracts and titles
def is_safe_math(inner: str) -> bool:
    """True when the inside of ``$...$`` is made only of allowed math tokens (:data:`SAFE_MATH_COMMANDS`),
    has balanced braces and no ``^^``: safe to hand to TeX as math."""
    if not inner or "^^" in inner or not is_balanced(inner) or not _MATH_SAFE_TOKENS.fullmatch(inner):
        return False
    return "\\" not in inner or all(name in SAFE_MATH_COMMANDS for name in _MATH_COMMAND.findall(inner))


@functools.lru_cache(maxsize=4096)
def _char_latex(ch: str) -> str | None:
    """The LaTeX form of one non-ASCII character: from the generated table (:mod:`citekit.latex_chars`) when it
    covers ``ch``, else worked out (:func:`char_latex_computed`)."""
    if covers(ch):
        return FORMS.get(ch)
    return char_latex_computed(ch)


def char_latex_computed(ch: str) -> str | None:
    """pylatexenc's LaTeX form of one non-ASCII character, if decoding gives it back (what the table holds)."""
    out = _encoder().unicode_to_latex(ch)
    if out == ch or not out.isascii():
        return None
    if not out.startswith("{"):
        out = "{" + out + "}"
    # Biber decodes \'\i to a dotless i plus a combining accent, which LaTeX cannot print.
    out = re.sub(r"(\\[`'^\"~=.uvH])\\([ij])\b", r"\1\2", out)
    return out if decode(out) == ch else None


@functools.lru_cache(maxsize=1)
def _encoder():
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", unknown_char_warning=False)


def _escape_plain(text: str, unicode: bool) -> str:
    """Escape one run of plain text (no math, no TeX), character by character."""
    if text.isascii():
        # The loop below for ASCII, in passes in C (a CSL-JSON abstract with dollars is escaped whole):
        # each special to its escape, then "{}" inside each ligature pair. No escape holds - ` ' ? or
        # !, so the pairs are the text's own and none is made by an escape; plain text comes back as it is.
        if _is_plain_ascii(text):
            return text
        escaped = _ASCII_SPECIAL.sub(_ascii_escape, text)
        if "--" in escaped or "``" in escaped or "''" in escaped or "?`" in escaped or "!`" in escaped:
            escaped = _LIGATURE_GAP.sub("{}", escaped)
        return escaped
    if not _NEEDS_ESCAPE.search(text):
        return text
    out: list[str] = []
    raw: list[str] = []  # a run of characters with no LaTeX form

    def flush() -> None:
        if raw:
            out.append("{\\relax " + "".join(raw) + "}")
            raw.clear()

    prev = ""
    for ch in text:
        if ch.isascii():
            flush()
            # Break TeX ligatures: -- ``  '' ?` !` are plain characters here.
            if (prev, ch) in _LIGATURE_PAIRS:
                out.append("{}")
            out.append(_ASCII_ESCAPES.get(ch, ch))
        elif unicode:
            out.append(ch)
        else:
            latex = _char_latex(ch)
            if latex is None:
                raw.append(ch)
            else:
                flush()
                out.append(latex)
        prev = ch
    flush()
    return "".join(out)


_LIGATURE_PAIRS = frozenset({("-", "-"), ("`", "`"), ("'", "'"), ("?", "`"), ("!", "`")})
#: Between the two characters of each pair of :data:`_LIGATURE_PAIRS`.
_LIGATURE_GAP = LazyPattern(r"(?<=-)(?=-)|(?<=[`?!])(?=`)|(?<=')(?=')")
#: The characters of :data:`_ASCII_ESCAPES` (a pattern and a callback: str.translate to strings costs ~70 µs a KB).
_ASCII_SPECIAL = re.compile("[" + re.escape("".join(_ASCII_ESCAPES)) + "]")


def _ascii_escape(m: re.Match[str]) -> str:
    return _ASCII_ESCAPES[m.group()]


_SEGMENT_START = LazyPattern(r"[$\\{]")


def _segments(text: str, keep_math: bool = True) -> list[tuple[bool, str]]:
    """Split model text into ``(is_tex, chunk)``: math and passed-through TeX vs plain text."""
    out: list[tuple[bool, str]] = []
    plain_start = 0
    n = len(text)
    # Only $ \ { can start TeX: jump between them instead of stepping through plain text.
    found = _SEGMENT_START.search(text)
    i = found.start() if found else n

    def push_plain(end: int) -> None:
        if end > plain_start:
            out.append((False, text[plain_start:end]))

    while i < n:
        ch = text[i]
        if ch == "$" and keep_math:
            end = _math_end(text, i)
            if end > 0:
                push_plain(i)
                out.append((True, text[i:end]))
                i = plain_start = end
                continue
        elif ch == "\\":
            m = _TEX_TOKEN.match(text, i)
            # "<\i>" is a mistyped closing tag (a Zotero title's "<i>Apiolae<\i>"), not TeX's dotless i.
            if m and (m.group(2) or m.group(3) or m.group(1) in _PASS_MACROS) and not text.endswith("<", 0, i):
                end = m.end()
                if m.group(1) or m.group(3):
                    # Its braced arguments go with it (their text is escaped in turn).
                    args: list[str] = []
                    while end < n and text[end] == "{":
                        close = _group_end(text, end)
                        if close < 0:
                            break
                        args.append(text[end + 1 : close - 1])
                        end = close
                    if m.group(3) and not args:
                        # \"u: the accented letter belongs to the command.
                        if end < n and text[end].isascii() and text[end].isalpha():
                            end += 1
                        elif not args:
                            i += 1
                            continue
                    push_plain(i)
                    head = m.group(0)
                    body = "".join("{" + encode(a, protect=False) + "}" for a in args)
                    if m.group(1) and not args and end < n and text[end].isalpha():
                        head += "{}"  # \ss followed by a letter must stay one command
                    out.append((True, head + body + text[m.end() + sum(len(a) + 2 for a in args) : end]))
                    i = plain_start = end
                    continue
                push_plain(i)
                out.append((True, m.group(0)))
                i = plain_start = end
                continue
        elif ch == "{" and text.startswith("{\\", i):
            # {\"u} style special characters from metadata that is already TeX.
            close = _group_end(text, i)
            inner = text[i + 1 : close - 1] if close > 0 else ""
            m = _TEX_TOKEN.match(inner) if inner else None
            if m and (m.group(3) or m.group(1) in _PASS_MACROS) and is_balanced(inner):
                push_plain(i)
                out.append((True, "{" + "".join(c if t else _escape_plain(c, True) for t, c in _segments(inner)) + "}"))
                i = plain_start = close
                continue
        found = _SEGMENT_START.search(text, i + 1)
        i = found.start() if found else n
    push_plain(n)
    return out


def _is_sentence_case(text: str) -> bool:
    if text.isascii():
        # The same words, found by one regex: letters only, four or more, after the first word.
        first = _WORD.search(text)
        if first is None:
            return False
        words = _ASCII_ALPHA4.findall(text, first.end())
    else:
        words = [w for w in _WORD.findall(text)[1:] if len(w) >= 4 and w.isalpha()]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised * 2 < len(words)


@functools.lru_cache(maxsize=16384)  # title words recur across a library; the result is immutable
def _protect_word(word: str, proper_nouns: bool, first: bool) -> tuple[str, str] | None:
    """``(braced, rest)`` for a word BibTeX styles must not lower-case, else None.

    Acronyms brace their capitals (``LLMs`` -> ``{LLM}s``); mixed case and letters
    with digits brace the word (``{sharpDARTS}``, ``{T5}``); capitalised words only in
    sentence-case titles, where they are proper nouns.
    """
    if word.islower() or not any(c.isupper() for c in word):  # islower(): the common case, in C
        return None
    if any(c.isupper() for c in word[1:]):
        m = re.fullmatch(r"([^\W\d_]{2,}?)([a-z]{1,2})?", word)
        if m and m.group(1).isupper() and (m.group(2) or "").islower():
            return m.group(1), m.group(2) or ""
        return word, ""
    if any(c.isdigit() for c in word):
        return word, ""
    if proper_nouns and not first:
        return word, ""
    return None


def _escape_title_text(text: str, unicode: bool, proper_nouns: bool, at_start: bool) -> str:
    """Escape plain title text, brace-protecting the words that need it."""
    lead = len(text) - len(text.lstrip())  # a word is first when only spaces precede it
    if text.isascii():
        if _is_plain_ascii(text):
            return _protect_plain(text, at_start, lead, proper_nouns)
        # Most titles have no capital after their first word: then only that word can
        # need protecting, and the loop below would brace nothing else.
        head = _TITLE_TOKEN.search(text)
        if head is None:
            return _escape_plain(text, unicode)
        if not _ASCII_UPPER.search(text, head.end()):
            if at_start and head.start() <= lead:
                if head.group(1) or _protect_word(head.group(0), proper_nouns, True) is None:
                    return _escape_plain(text, unicode)
            elif not _ASCII_UPPER.search(head.group(0)):
                return _escape_plain(text, unicode)
        return _escape_ascii_title(text, unicode, proper_nouns, at_start, lead)
    out: list[str] = []
    pos = 0
    for m in _TITLE_TOKEN.finditer(text):
        first = at_start and m.start() <= lead
        if m.group(1):  # a lone capital before a hyphen: Q-learning, X-ray
            if first:
                continue
            protected: tuple[str, str] | None = (m.group(1), "")
        else:
            protected = _protect_word(m.group(0), proper_nouns, first)
        if protected is None:
            continue
        out.append(_escape_plain(text[pos : m.start()], unicode))
        out.append("{" + _escape_plain(protected[0], unicode) + "}" + _escape_plain(protected[1], unicode))
        pos = m.end()
    out.append(_escape_plain(text[pos:], unicode))
    return "".join(out)


def _escape_ascii_title(text: str, unicode: bool, proper_nouns: bool, at_start: bool, lead: int) -> str:
    """The loop of :func:`_escape_title_text` for ASCII text, visiting only the words with a capital.

    A word without a capital is never braced, so the words are found from their capitals
    (a fast scan) instead of one by one: the same words, the same cuts between them.
    """
    out: list[str] = []
    pos = 0
    size = len(text)
    for m in _ASCII_CAPITAL_RUN.finditer(text):
        start, end = m.span()
        while start and _is_ascii_word_char(text[start - 1]):  # a lower-case start: sharpDARTS
            start -= 1
        first = at_start and start <= lead
        if end - start == 1 and end + 1 < size and text[end] == "-" and _is_ascii_word_char(text[end + 1]):
            # A lone capital before a hyphen: Q-learning, X-ray.
            if first:
                continue
            protected: tuple[str, str] | None = (text[start], "")
        else:
            protected = _protect_word(text[start:end], proper_nouns, first)
        if protected is None:
            continue
        out.append(_escape_plain(text[pos:start], unicode))
        out.append("{" + _escape_plain(protected[0], unicode) + "}" + _escape_plain(protected[1], unicode))
        pos = end
    out.append(_escape_plain(text[pos:], unicode))
    return "".join(out)


def _is_ascii_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_TITLE_TOKEN = re.compile(r"(?<!\w)([A-Z])(?=-\w)|\w+")
_ASCII_CAPITAL_RUN = re.compile(r"[A-Z]\w*")
_ASCII_UPPER = re.compile(r"[A-Z]")
_CAPITAL_DIGIT = re.compile(r"[A-Z][a-z]*[0-9]")  # a first word like T5 or Gpt4: braced even at the start


def encode(text: str, *, unicode: bool = False, protect: bool = False, keep_math: bool = True,
           tex: bool = True) -> str:
    """``text`` as a brace-balanced BibTeX field value (without the outer braces).

    ``protect`` brace-protects a title's acronyms and mixed-case words; ``keep_math=False``
    escapes every ``$`` (names hold no math, and BibTeX splits names on ``~`` inside it).
    ``tex=False`` is for text that holds no TeX at all (CSL-JSON's values: CSL has no math and
    no TeX commands): every special is escaped, so that :func:`decode` gives the text back.
    """
    text = shallow(collapse(text)) if tex else collapse(text)
    if "$" not in text and _is_plain_ascii(text):  # the common title, name or venue: nothing to escape, no TeX
        if not protect or (_ASCII_UPPER.search(text, 1) is None and _CAPITAL_DIGIT.match(text) is None):
            # No capital past the first character, and a first word without a digit: _protect_plain
            # braces nothing (a capitalised or one-letter first word is the sentence start).
            return text
        return _protect_plain(text, True, 0, None)  # collapsed: no leading space
    if protect and tex and keep_math and "$" in text:
        # A title of plain runs and kept math with no capital outside the math past the first
        # character (and a first word without a digit): the segment walk braces nothing.
        outside = outside_safe_math(text)
        if outside is not None and _ASCII_UPPER.search(outside, 1) is None and _CAPITAL_DIGIT.match(text) is None:
            return text
    if not protect:
        # Both tests give the text back as it is; the math one first, as it is the cheaper on an
        # abstract with $...$ math (the escape pattern's alternatives cost a pass of their own).
        if keep_math and tex and "$" in text and _plain_with_safe_math(text):
            return text  # what the walk below gives back unchanged: an abstract with $...$ math, in one pass
        if not tex:
            return _escape_plain(text, unicode)  # what the walk below gives: one segment, escaped (balanced)
        if not _NEEDS_ESCAPE.search(text):
            return text
    proper_nouns = protect and _is_sentence_case(text)
    out: list[str] = []
    for index, (is_tex, chunk) in enumerate(_segments(text, keep_math) if tex else [(False, text)]):
        if is_tex:
            out.append(chunk)
        elif protect:
            out.append(_escape_title_text(chunk, unicode, proper_nouns, at_start=index == 0))
        else:
            out.append(_escape_plain(chunk, unicode))
    value = "".join(out)
    if not is_balanced(value) or value.endswith("\\"):
        # Cannot happen by construction; stay safe rather than break the file.
        return _escape_plain(text, unicode)
    return value


def _plain_with_safe_math(text: str) -> bool:
    """True for ASCII ``text`` of plain runs (:func:`_is_plain_ascii`) between ``$...$`` spans that
    :func:`_math_end` keeps as math: :func:`encode` gives such text back as it is, which this
    tells without walking it segment by segment."""
    return outside_safe_math(text) is not None


def outside_safe_math(text: str) -> str | None:
    """For ASCII ``text`` of plain runs (:func:`_is_plain_ascii`) between ``$...$`` spans that
    :func:`_math_end` keeps as math (every ``$`` opens or closes one), the runs joined by
    spaces, the first character staying first; None for any other text."""
    if not text.isascii():
        return None
    parts = text.split("$")
    if len(parts) % 2 == 0 or len(parts) == 1:
        return None  # no "$", or one left unpaired
    # The runs between the math, tested in one pass: the space that joins them is plain and
    # starts no ligature, so "--" or "''" across a join cannot appear where no run has it.
    outside = " ".join(parts[::2])
    if not _is_plain_ascii(outside):
        return None
    for k in range(1, len(parts), 2):
        part = parts[k]
        # The tests of _math_end: no space after the opening "$" or before the closing one, no
        # escaped closing "$", no digit right after it, and only safe math inside.
        if part[:1] in ("", " ", "\t") or part[-1] == "\\" or part[-1].isspace() \
                or parts[k + 1][:1].isdigit() or not is_safe_math(part):
            return None
    return outside


# A URL's characters that TeX could read as a command or a group, or as ^^ notation
# (``^^5c`` is a backslash): written percent-encoded, which is how RFC 3986 spells them
# anyway. A ``%`` that starts no percent-encoding is itself encoded.
_URL_UNSAFE = re.compile(r"[\\^{}\x00-\x20\x7f]|%(?![0-9A-Fa-f]{2})")


def encode_url(value: str) -> str:
    """A URL, DOI or arXiv id for a .bib verbatim field or ``\\url{}``: whitespace collapsed, and
    ``\\ ^ { }`` (and a ``%`` that encodes nothing) percent-encoded, so that no reading of
    the text by TeX, including ``^^`` notation, turns it into a command or ends its group."""
    value = " ".join(value.split())
    if not _URL_UNSAFE.search(value.replace(" ", "")):
        return value
    return " ".join(_URL_UNSAFE.sub(lambda m: "%{:02X}".format(ord(m.group()[0])), part) for part in value.split(" "))


_page_dash = _compiled_on_first_use(r"(?<=\w)\s*[-‐‑–—]+\s*(?=\w)")


def encode_pages(value: str, *, unicode: bool = False, tex: bool = True) -> str:
    """A page range as BibTeX writes it: any dash between two page numbers as ``--``, the rest escaped."""
    return encode(_page_dash().sub("--", value), unicode=unicode, tex=tex).replace("-{}-", "--")


# What an identifier field that styles typeset as text (ISBN, ISSN, PMID, a class name) may hold as it is.
_PLAIN_ID = re.compile(r"[A-Za-z0-9 .,:;/()+=@'\-]*")


def encode_verbatim(value: str) -> str:
    """An identifier that BibTeX styles typeset as text (ISBN, ISSN, ``primaryClass``): kept when
    made of letters, digits and plain punctuation, else escaped as text (:func:`encode`)."""
    value = " ".join(value.split())
    if _PLAIN_ID.fullmatch(value):
        return value
    return encode(value, keep_math=False)


# Plain text: ASCII letters, digits and the printable punctuation that is never escaped and
# starts no TeX or ligature (- and ' only when not doubled), with a letter or digit somewhere.
# One pass: the possessive runs never backtrack; the lookahead stops at the first letter or digit.
_PLAIN_ASCII = re.compile(r"(?=[^A-Za-z0-9]*+[A-Za-z0-9])(?:[A-Za-z0-9 ,.:;()\[\]/+=*@\"?!]++|-(?!-)|'(?!'))*+")


def _is_plain_ascii(text: str) -> bool:
    """True for ASCII text that :func:`encode` writes as it is (bar title protection): letters,
    digits and harmless punctuation, no ``--`` or ``''``, at least one letter or digit."""
    return _PLAIN_ASCII.fullmatch(text) is not None


def _protect_plain(text: str, at_start: bool, lead: int, proper_nouns: bool | None) -> str:
    """:func:`_escape_title_text` for text :func:`_is_plain_ascii` accepts.

    Nothing in such text is escaped, so only the words with a capital are visited (found
    from their capitals by one scan). ``proper_nouns`` None: ``text`` is the whole title,
    and whether it is in sentence case is only worked out when a capitalised word's
    braces depend on it.
    """
    out: list[str] = []
    pos = 0
    size = len(text)
    for m in _ASCII_CAPITAL_RUN.finditer(text):
        start, end = m.span()
        word = m.group()
        before = text[start - 1] if start else " "
        if before.isalnum() or before == "_":  # a lower-case start: sharpDARTS
            while start and _is_ascii_word_char(text[start - 1]):
                start -= 1
            word = text[start:end]
        elif len(word) > 1 and word[1:].isalpha() and word[1:].islower():
            # A capitalised word: braced only as a proper noun of a sentence-case title, never first.
            if at_start and start <= lead:
                continue
            if proper_nouns is None:
                proper_nouns = _is_sentence_case(text)
            if not proper_nouns:
                continue
            out.append(text[pos:start])
            out.append("{" + word + "}")
            pos = end
            continue
        first = at_start and start <= lead
        if end - start == 1 and end + 1 < size and text[end] == "-" and _is_ascii_word_char(text[end + 1]):
            # A lone capital before a hyphen: Q-learning, X-ray.
            if first:
                continue
            protected: tuple[str, str] | None = (word, "")
        else:
            protected = _protect_word(word, False, first)
            if protected is None and not first:
                # Only a capitalised word's braces depend on the title's case.
                if proper_nouns is None:
                    proper_nouns = _is_sentence_case(text)
                if proper_nouns:
                    protected = _protect_word(word, True, first)
        if protected is None:
            continue
        out.append(text[pos:start])
        out.append("{" + protected[0] + "}" + protected[1])
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


_RICH_TAG = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|<span style="font-variant:\s*small-caps;?">|</span>')
_RICH_LATEX = {"i": "\\textit{", "b": "\\textbf{", "sup": "\\textsuperscript{", "sub": "\\textsubscript{",
               "sc": "\\textsc{", "nocase": "{"}


def _spaced(chunk: str, unicode: bool, protect: bool, tex: bool = True) -> str:
    """:func:`encode` of a piece between tags, keeping one space where the piece began or ended with one."""
    if not chunk.strip():
        return " "
    lead = " " if chunk[0].isspace() else ""
    trail = " " if chunk[-1].isspace() else ""
    return lead + encode(chunk, unicode=unicode, protect=protect, tex=tex) + trail


def encode_rich(text: str, *, unicode: bool = False, protect: bool = False, tex: bool = True) -> str:
    """CSL rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps, ``<span class="nocase">``) as
    LaTeX: ``\\textit{}``, ``\\textbf{}``, ``\\textsuperscript{}``, ``\\textsubscript{}``, ``\\textsc{}``
    and brace protection. Markup that does not nest properly is written as the text it is.
    ``tex=False``: the text between tags holds no TeX (see :func:`encode`)."""
    if "<" not in text:
        return encode(text, unicode=unicode, protect=protect, tex=tex)
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _RICH_TAG.finditer(text):
        chunk = text[pos : m.start()]
        if chunk:
            out.append(_spaced(chunk, unicode, protect and "nocase" not in stack, tex))
        tag = m.group(0)
        if m.group(2):
            name = m.group(2)
            if m.group(1):
                if not stack or stack[-1] != name:
                    return encode(text, unicode=unicode, protect=protect, tex=tex)
                stack.pop()
                out.append("}")
            else:
                stack.append(name)
                out.append(_RICH_LATEX[name])
        elif tag == "</span>":
            if not stack or stack[-1] not in ("sc", "nocase"):
                return encode(text, unicode=unicode, protect=protect, tex=tex)
            stack.pop()
            out.append("}")
        else:
            name = "nocase" if "nocase" in tag else "sc"
            stack.append(name)
            out.append(_RICH_LATEX[name])
        pos = m.end()
    if stack:
        return encode(text, unicode=unicode, protect=protect, tex=tex)
    tail = text[pos:]
    if tail:
        out.append(_spaced(tail, unicode, protect, tex))
    value = "".join(out)
    return value if is_balanced(value) else encode(text, unicode=unicode, protect=protect, tex=tex)


@functools.lru_cache(maxsize=65536)  # authors recur across a library; the result is a str
def encode_name_part(text: str, *, unicode: bool = False, tex: bool = True) -> str:
    """One part of a name (family or given) for a BibTeX name list.

    A part holding `` and ``, a comma, or that would be split differently by BibTeX
    is wrapped in braces as a whole. ``tex=False``: the part holds no TeX (see :func:`encode`).
    """
    value = encode(text, unicode=unicode, keep_math=False, tex=tex)
    if re.search(r"\band\b|,", value, re.I) or value.lower() == "others" or _NAME_SPECIAL.search(text):
        return "{" + value + "}"
    return value


# TeX specials and ligatures in a name part: braced whole, so that no name parser takes an
# initial from inside an escape (biber's initial of ``?{}`` is ``?{``, an unbalanced brace).
_NAME_SPECIAL = re.compile(r"[\\{}&%$#_~^<>|`]|--|''|[!?]`")


@functools.lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category(
        "citekit",
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textless", "<"),
            MacroTextSpec("textgreater", ">"),
            MacroTextSpec("textbar", "|"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textbackslash", "\\"),
            MacroTextSpec("LaTeX", "LaTeX"),
            MacroTextSpec("TeX", "TeX"),
            MacroTextSpec("BibTeX", "BibTeX"),
            MacroTextSpec("LaTeXe", "LaTeX2e"),
            MacroTextSpec("XeTeX", "XeTeX"),
            MacroTextSpec("LuaTeX", "LuaTeX"),
            MacroTextSpec("ConTeXt", "ConTeXt"),
            MacroTextSpec("AmS", "AMS"),
            MacroTextSpec("AmSTeX", "AMS-TeX"),
            MacroTextSpec("METAFONT", "METAFONT"),
            MacroTextSpec("MF", "METAFONT"),
            MacroTextSpec("MP", "MetaPost"),
            MacroTextSpec("mbox", simplify_repl="%(1)s"),
            # Text symbols LaTeX (and textcomp, eurosym) prints and pylatexenc drops: "91\slash 251\slash EEC" is
            # "91/251/EEC" (OSCOLA's case numbers), not "91251EEC".
            MacroTextSpec("slash", "/"),
            MacroTextSpec("textunderscore", "_"),
            MacroTextSpec("nobreakspace", "\u00a0"),
            MacroTextSpec("thinspace", "\u2009"),
            MacroTextSpec("enspace", "\u2002"),
            MacroTextSpec("euro", "\u20ac"),
            MacroTextSpec("textminus", "\u2212"),
            # biblatex's punctuation commands (manual 4.7.4) and quotation macros, which print in a list
            # as they do in the document (pandoc reads them so: "Ann\adddot" is "Ann.").
            *(MacroTextSpec(name, text) for name, text in _BIBLATEX_PUNCTUATION.items()),
            *(MacroTextSpec(name, simplify_repl="\u201c%(1)s\u201d") for name in _QUOTE_MACROS),
            MacroTextSpec("url", simplify_repl="%(1)s"),
            # biblatex's wrappers print their text in parentheses or brackets; \printtext[format]{text} prints
            # the text (the format is no text); \bibstring{key} prints the string english.lbx gives the key.
            MacroTextSpec("mkbibparens", simplify_repl="(%(1)s)"),
            MacroTextSpec("mkbibbrackets", simplify_repl="[%(1)s]"),
            MacroTextSpec("printtext", simplify_repl="%(2)s"),
            MacroTextSpec("bibstring", simplify_repl=_bibstring),
            *(MacroTextSpec(name, simplify_repl=f"%({arg})s" if arg else "") for name, _, arg in _LANGUAGE_MACROS),
        ],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", keep_comments=True)


def needs_decoding(value: str) -> bool:
    """False when ``value`` holds no TeX at all (the fast path: it is already text)."""
    return _NEEDS_DECODING.search(value) is not None


# An unescaped & is an error in LaTeX but common in .bib files; read it as "&".
_BARE_AMP = LazyPattern(r"(?<!\\)&")


# The TeX that .bib files mostly hold, in pieces whose decoding does not depend on what
# surrounds them: escaped specials, accents on one letter, letter macros (ø, ß) not
# followed by a space (TeX would eat it), ligatures, font macros with a braced argument,
# and simple $...$ math. A value made only of these and plain text is decoded piece by
# piece, each piece by pylatexenc itself (cached), which gives pylatexenc's result
# without walking the whole value; anything else goes to pylatexenc whole.
_fast_piece = _compiled_on_first_use(
    r"(?P<piece>\\[&%$#_{}]"
    r"|\\[\"'`^~=.](?:[A-Za-z]|\{[A-Za-z]\}|\\[ij](?![\w\s])|\{\\[ij]\})"
    r"|\\[cvuHkrdb]\{(?:[A-Za-z]|\\[ij])\}"
    r"|\\(?:ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![\w\s])"
    # Text symbols that take no argument (what Zotero, Mendeley and JabRef write), and an
    # accent command with its letter after a space ({\v c}): decoded alike wherever they stand.
    r"|\\(?:textendash|textemdash|textasciitilde|textbackslash|textbar|textbullet|texttimes|copyright"
    r"|textregistered|texttrademark|textasciiacute|textquoteright|textquoteleft|textquotedblleft"
    r"|textquotedblright|textellipsis|textdegree|textohm|textperiodcentered|textless|textgreater"
    r"|textbraceleft|textbraceright|textasciicircum|dag|ddag|pounds|S|P)(?![\w\s])"
    r"|\\[cvuHkrdb] [A-Za-z](?!\w)"
    r"|\\url\{[^{}\\%~#$&_^]*\}"
    r"|---|--|``|''|!`|\?`|~)"
    r"|(?P<plain>[^\\$%{}~`'!?\-]+|[`'!?\-])"
    r"|(?P<brace>[{}])"
    r"|(?P<font>\\(?:emph|textit|textbf|textsc|textrm|texttt|textsf|textsl|textup)(?=\{))"
    r"|(?P<math>\$(?:[^$%&\\]|\\[A-Za-z]+|\\[,;:!])+\$)"
    # Any other macro, with the spaces after it that TeX eats (not a line break: pylatexenc
    # eats the spaces on both sides of one), and the spacing symbols: pieces too when
    # pylatexenc's parser gives the macro no arguments (\ldots, \textendash, \,), else the
    # value goes to pylatexenc whole (\vphantom).
    r"|(?P<macro>\\(?:[A-Za-z]++(?:[ \t]++(?!\s)|(?![\w\s]))|[,;:!]))"
)


#: Language switches of babel, biblatex and csquotes: (macro, pylatexenc argument spec, the argument printed).
#: ``\foreignlanguage{polish}{Przełęcki}`` prints Przełęcki; the language name is no text.
_LANGUAGE_MACROS = (("foreignlanguage", "[{{", 3), ("textlang", "[{{", 3), ("foreignquote", "{[{", 3),
                    ("hyphenquote", "{[{", 3), ("foreigntextquote", "{[{[[", 3), ("hyphenrules", "{", 0),
                    ("otherlanguage", "{", 0))


_BIBLATEX_PUNCTUATION = {"adddot": ".", "addcomma": ",", "addsemicolon": ";", "addcolon": ":", "addperiod": ".",
                         "addquestion": "?", "addexclam": "!", "addslash": "/", "addspace": " ", "addnbspace": "\u00a0",
                         "addthinspace": "\u2009", "addnbthinspace": "\u202f", "addlowpenspace": " ",
                         "addhighpenspace": " ", "addlpspace": " ", "addhpspace": " ", "addabbrvspace": " ",
                         "addabthinspace": "\u2009", "adddotspace": ". ", "isdot": "", "nopunct": "",
                         "unspace": "", "bibrangedash": "\u2013", "bibdatedash": "\u2013"}
_QUOTE_MACROS = ("enquote", "mkbibquote", "textquote")
_BIBLATEX_WRAPPERS = ("mkbibparens", "mkbibbrackets", "bibstring")


def _bibstring(node, l2tobj=None) -> str:
    """``\bibstring{key}``: the English text biblatex's english.lbx gives ``key`` (an unknown key as its name)."""
    from .biblatex_strings import ENGLISH

    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    key = l2tobj.nodelist_to_text([args[0]]).strip() if args and args[0] is not None and l2tobj is not None else ""
    return ENGLISH.get(key, key)


@functools.lru_cache(maxsize=1)
def _walker_context():
    # latex_to_text builds this default parser table on every call unless it is given one.
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    db = get_default_latex_context_db()
    db.add_context_category("citekit-languages", macros=[MacroSpec(name, args) for name, args, _ in _LANGUAGE_MACROS]
                            + [MacroSpec(name, "{") for name in _QUOTE_MACROS + _BIBLATEX_WRAPPERS]
                            + [MacroSpec("printtext", "[{")], prepend=True)
    return db


def _to_text(tex: str) -> str:
    return next(_walked(tex))


def _walked(tex: str):
    # pylatexenc keeps the end-of-stream exception it raises, traceback and all, in its own frames: a
    # cycle that, reached through each caller's frame, held the reader's frames (the whole library) for
    # the cyclic collector. A generator's frame ends that chain: it has no caller once suspended.
    yield _decoder().latex_to_text(tex, latex_context=_walker_context())


@functools.lru_cache(maxsize=4096)
def _piece(tex: str) -> str:
    return _to_text(tex)


@functools.lru_cache(maxsize=1024)
def _plain_symbol(macro: str) -> bool:
    """True when pylatexenc reads ``macro`` with no arguments and prints it as fixed text."""
    if _walker_context().get_macro_spec(macro) is not None:
        return False
    spec = _decoder().latex_context.get_macro_spec(macro)
    if spec is None:
        return True
    repl = getattr(spec, "simplify_repl", None)
    return repl is None or (isinstance(repl, str) and "%" not in repl)


# Font macros the fast path reads as their argument where pylatexenc, given the whole
# value, drops the argument: a value with one of these and a "macro" piece goes whole,
# as it did before that piece was fast, so no output changes.
_FONTS_PYLATEXENC_DROPS = frozenset(("\\texttt", "\\textsf", "\\textup"))


def _fast_decode(value: str) -> str | None:
    """``value`` decoded piece by piece (see :data:`_fast_piece`), or None when it holds other TeX."""
    out: list[str] = []
    pos = 0
    n = len(value)
    match = _fast_piece().match
    symbol = dropped_font = False
    while pos < n:
        m = match(value, pos)
        if m is None:
            return None
        kind = m.lastgroup
        if kind == "plain":
            out.append(m.group())
        elif kind == "piece":
            out.append(_piece(m.group()))
        elif kind == "math":
            text = m.group()
            if "$$" in value or not is_balanced(text):
                return None
            out.append(text)
        elif kind == "macro":
            if not _plain_symbol(m.group()[1:].rstrip(" \t")):
                return None
            out.append(_piece(m.group()))
            symbol = True
        elif kind == "font" and m.group() in _FONTS_PYLATEXENC_DROPS:
            dropped_font = True
        pos = m.end()
    if symbol and dropped_font:
        return None
    return "".join(out)


# -- TeX that acts: read or write files, run commands, change how TeX reads ----------------

#: Commands that read or write files, run programs, define or redefine commands, or change
#: how TeX reads the text after them. A field value has no business holding any of them:
#: ``citekit check`` reports them (``tex-primitive``) and :func:`decode` drops them whole.
TEX_ACTIVE_COMMANDS = frozenset((
    "write immediate input include includeonly InputIfFileExists IfFileExists openin openout closein closeout "
    "read readline catcode def edef gdef xdef let futurelet csname endcsname expandafter noexpand newwrite "
    "newread special directlua latelua luaexec luadirect usepackage RequirePackage documentclass LoadClass "
    "includegraphics lstinputlisting verbatiminput everypar everyjob everyeof everymath everydisplay everyhbox "
    "everyvbox everycr output scantokens uccode lccode mathcode shipout "
    "newcommand renewcommand providecommand DeclareRobustCommand makeatletter makeatother pdfprimitive "
    "primitive pdfshellescape ShellEscape ShellEscapeStatus jobname endinput errmessage message batchmode "
    "nonstopmode scrollmode errorstopmode openxmpfile pdfobj pdffiledump pdfmdfivesum pdffilesize "
    "endlinechar newlinechar ExplSyntaxOn sys_shell_now"
).split())
_active_tex = _compiled_on_first_use(
    r"\\(" + "|".join(sorted(TEX_ACTIVE_COMMANDS, key=len, reverse=True)) + r")(?![A-Za-z@])")
#: TeX's ``^^`` notation (``^^5c`` is a backslash, ``^^M`` a line end): spells any character.
_CARET_NOTATION = LazyPattern(r"\^\^(?:[0-9a-f]{2}|[\x00-\x7f])")


def active_tex(value: str) -> list[str]:
    """The commands of :data:`TEX_ACTIVE_COMMANDS` and ``^^`` spellings in ``value``, in order, each once."""
    if "\\" not in value and "^^" not in value:
        return []
    found = [m.group(0) for m in _active_tex().finditer(value)]
    found += [m.group(0) for m in _CARET_NOTATION.finditer(value)]
    return list(dict.fromkeys(found))


def drop_active_tex(value: str) -> str:
    """``value`` without its active commands (:data:`TEX_ACTIVE_COMMANDS`), each with what it takes.

    A command goes with the tokens attached to it (``\\write18``, ``\\catcode`\\^=7``,
    ``\\immediate\\openout9=x``) and then one braced group (``{touch x}``); a command with
    neither goes with the word after it (``\\input /etc/hostname``). Nothing is half-read
    into text such as ``18touch x``.
    """
    out: list[str] = []
    pos = 0
    n = len(value)
    for m in _active_tex().finditer(value):
        if m.start() < pos:
            continue
        out.append(value[pos : m.start()])
        j = m.end()
        while j < n and value[j] not in " \t\n{}":
            j = _cs_end(value, j) if value[j] == "\\" else j + 1
        if m.group(1) in ("read", "readline"):
            to = _READ_TO.match(value, j)
            j = to.end() if to else j
        k = _skip_spaces(value, j)
        if j == m.end() and k < n and value[k] not in "{}":
            j = k  # no attached tokens: the word after it is its argument (\input file, \csname x\endcsname)
            while j < n and value[j] not in " \t\n{}":
                j = _cs_end(value, j) if value[j] == "\\" else j + 1
            k = _skip_spaces(value, j)
        if k < n and value[k] == "{":
            end = _group_end(value, k)
            j = n if end < 0 else end
        pos = j
    out.append(value[pos:])
    return "".join(out)


_READ_TO = LazyPattern(r"\s*to\s*\\[A-Za-z]+")


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _cs_end(text: str, i: int) -> int:
    """Index past the control sequence starting at the backslash ``text[i]``."""
    j = i + 1
    while j < len(text) and text[j].isascii() and text[j].isalpha():
        j += 1
    return j if j > i + 1 else min(i + 2, len(text))


@functools.lru_cache(maxsize=65536)
def decode(value: str, markup: bool = False) -> str:
    """A LaTeX field value as model text: escapes and accents decoded, braces dropped.

    Simple math becomes Unicode (``Cu$_2$O`` -> ``Cu₂O``, ``$\\alpha$`` -> ``α``); other
    math stays as ``$...$`` markup. Logos read as their names, ``\\mbox{..}`` keeps its
    text and a ``\\noopsort{..}`` sort key is hidden, as in print. ``markup=True`` turns
    font commands into CSL rich text (``\\emph{x}`` -> ``<i>x</i>``, ``\\textsc`` -> small
    caps, ``\\textsuperscript`` -> ``<sup>``); otherwise they leave plain text.
    """
    if not needs_decoding(value):
        return collapse(value)
    if "\\" in value and _active_tex().search(value):
        value = drop_active_tex(value)  # the reader reports it (active_tex)
    if _depth(value) > MAX_DECODE_NESTING:
        return _flat_text(value)
    if _HIDDEN.search(value):
        value = _hide_sort_keys(value)
    if "$" in value:
        value = _MATH_SPAN.sub(_math_span, value)
    marked = markup and _markup_start().search(value) is not None
    if marked:
        value = _mark(value)
    fast = None if marked else _fast_decode(value)
    if fast is not None:
        text = fast
    else:
        try:
            text = _to_text(_BARE_AMP.sub(r"\\&", value))
        except Exception:  # pylatexenc is tolerant; a failure here must not lose the value
            text = value
    text = collapse(text)
    if marked:
        text = _unmark(text)
    return text


# -- sort keys hidden in print: \noopsort{1973c}1981 prints 1981 --------------------------

_HIDDEN = LazyPattern(r"\\(?:noopsort|SortNoop|sortnoop|noop|NOOPSORT)\s*\{")


def _hide_sort_keys(value: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _HIDDEN.finditer(value):
        if m.start() < pos:
            continue
        end = _group_end(value, m.end() - 1)
        if end < 0:
            break
        out.append(value[pos : m.start()])
        pos = end
    out.append(value[pos:])
    return "".join(out)


# -- font commands as CSL rich text ------------------------------------------------------

_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
_MACRO_TAG = {"emph": "i", "textit": "i", "textsl": "i", "mathit": "i", "textbf": "b", "mathbf": "b",
              "textsc": "sc", "textsuperscript": "sup", "textsubscript": "sub"}
_SWITCH_TAG = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i", "bf": "b", "bfseries": "b",
               "sc": "sc", "scshape": "sc"}
_markup_start = _compiled_on_first_use(
    r"\\(?P<macro>" + "|".join(_MACRO_TAG) + r")\s*\{|\{\\(?P<switch>" + "|".join(_SWITCH_TAG) + r")(?![A-Za-z])\s*")
# Private-use characters carry the tags through pylatexenc, which passes them untouched.
_OPEN = {tag: "\ue000" + chr(0xE010 + i) for i, tag in enumerate(_TAGS)}
_CLOSE = {tag: "\ue001" + chr(0xE010 + i) for i, tag in enumerate(_TAGS)}


def _mark(value: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        m = _markup_start().search(value, pos)
        if m is None:
            out.append(value[pos:])
            return "".join(out)
        if m.group("macro"):
            tag = _MACRO_TAG[m.group("macro")]
            brace = m.end() - 1
        else:
            tag = _SWITCH_TAG[m.group("switch")]
            brace = m.start()
        end = _group_end(value, brace)
        if end < 0:
            out.append(value[pos : m.end()])
            pos = m.end()
            continue
        inner = value[m.end() : end - 1]
        out.append(value[pos : m.start()])
        out.append(_OPEN[tag] + "{" + _mark(inner) + "}" + _CLOSE[tag])
        pos = end


def _unmark(text: str) -> str:
    for tag, (open_, close) in _TAGS.items():
        text = text.replace(_OPEN[tag], open_).replace(_CLOSE[tag], close)
    # An empty pair (a font command around nothing) says nothing.
    for open_, close in _TAGS.values():
        text = text.replace(open_ + close, "")
    return text


# -- simple math as Unicode ----------------------------------------------------------------

_SUPER = dict(zip("0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                  "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_MATH_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
    "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "times": "×", "pm": "±", "mp": "∓", "cdot": "·", "leq": "≤",
    "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
    "infty": "∞", "to": "→", "rightarrow": "→", "leftarrow": "←", "leftrightarrow": "↔", "prime": "′",
    "circ": "∘", "ell": "ℓ", "hbar": "ℏ", "partial": "∂", "nabla": "∇", "propto": "∝", "in": "∈",
    "star": "⋆", "ast": "∗", "sqrt": "√", "ldots": "…", "dots": "…", "cdots": "⋯", "AA": "Å", "degree": "°",
    "langle": "⟨", "rangle": "⟩", "%": "%", "&": "&", "#": "#", "{": "{", "}": "}", ",": " ", ";": " ",
    ":": " ", "!": "", " ": " ", "quad": "\u2003", "qquad": "\u2003\u2003",
}
_MATH_WRAPPERS = frozenset({"mathrm", "text", "textrm", "mathsf", "mathnormal", "operatorname", "rm", "mathup"})
_MATH_SPAN = LazyPattern(r"(?<!\\)\$([^$]+?)(?<!\\)\$")
_MATH_TOKEN = LazyPattern(r"\\([A-Za-z]+|.)|([_^])|([{}])|(\s+)|(.)", re.S)


def _math_span(m: re.Match[str]) -> str:
    text = math_to_unicode(m.group(1))
    return m.group(0) if text is None else text


def math_to_unicode(tex: str) -> str | None:
    """Simple math (sub/superscripts, Greek, common symbols) as Unicode; None when it is not simple."""
    tokens = _MATH_TOKEN.findall(tex)
    out, rest = _math_run(tokens, 0, None)
    if out is None or rest != len(tokens):
        return None
    return out


def _degree_at(tokens: list[tuple[str, ...]], i: int) -> bool:
    """True when ``tokens[i:]`` opens with ``\\circ`` or ``{\\circ}``."""
    if i < len(tokens) and tokens[i][0] == "circ":
        return True
    return i + 2 < len(tokens) and tokens[i][2] == "{" and tokens[i + 1][0] == "circ" and tokens[i + 2][2] == "}"


def _math_run(tokens: list[tuple[str, ...]], i: int, script: dict[str, str] | None) -> tuple[str | None, int]:
    """Convert tokens from ``i`` until an unmatched ``}``; ``script`` maps to sub/superscript forms."""
    out: list[str] = []
    n = len(tokens)
    while i < n:
        cmd, op, brace, space, char = tokens[i]
        if brace == "}":
            return "".join(out), i
        if brace == "{":
            inner, j = _math_run(tokens, i + 1, script)
            if inner is None or j >= n:
                return None, i
            out.append(inner)
            i = j + 1
            continue
        if op == "^" and script is None and _degree_at(tokens, i + 1):
            # ^\circ and ^{\circ} are how TeX writes a degree sign ("25\,^\circ C"): °.
            out.append("°")
            i += 2 if tokens[i + 1][0] == "circ" else 4
            continue
        if op:
            table = _SUPER if op == "^" else _SUB
            if script is not None or i + 1 >= n:
                return None, i
            nxt = tokens[i + 1]
            if nxt[2] == "{":
                inner, j = _math_run(tokens, i + 2, table)
                if inner is None or j >= n:
                    return None, i
                out.append(inner)
                i = j + 1
            else:
                piece, j = _math_run([nxt], 0, table)
                if piece is None:
                    return None, i
                out.append(piece)
                i += 2
            continue
        if cmd:
            if cmd in _MATH_WRAPPERS and i + 1 < n and tokens[i + 1][2] == "{":
                i += 1
                continue
            symbol = _MATH_SYMBOLS.get(cmd)
            if symbol is None or (script is not None and symbol not in script):
                if symbol is None:
                    return None, i
            text = symbol
        elif space:
            text = "" if script is not None else " "
        else:
            text = char
        if script is not None:
            converted = "".join(script.get(c, "") for c in text)
            if len(converted) != len(text):
                return None, i
            text = converted
        out.append(text)
        i += 1
    return "".join(out), i
