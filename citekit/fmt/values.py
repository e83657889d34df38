"""Changes to one raw ``.bib`` value (as written: braces, quotes, macros and ``#`` included).

Every function takes and returns the raw text of a value. A function leaves a value alone
when the change could alter how bibtex or biber reads it, unless the change is the very
point of the option (``--month-macros`` names the month by its macro, ``--strip-double-braces``
drops case protection, ``--title-case-all-caps`` changes letters).
"""

from __future__ import annotations

import re
import urllib.parse

from .. import latex
from ..bibscan import MONTH_MACROS, split_concat

__all__ = ["NAME_FIELDS", "PROSE_FIELDS", "pieces", "content", "is_empty", "to_braces", "to_bare_number", "to_month_macro", "strip_double_braces",
           "title_case_all_caps", "escape", "protect", "remove_braces", "encode_url", "max_authors", "wrap",
           "VERBATIM_FIELDS", "MONTHS"]

#: Fields biber reads verbatim (blx-dm.def's ``verbatim`` and ``uri`` fields): white space in them is data.
VERBATIM_FIELDS = frozenset({"doi", "eprint", "file", "pdf", "url", "verba", "verbb", "verbc", "urlraw"})

#: Name-list fields (biblatex's data model): their braces say which names are institutions, so they keep them.
NAME_FIELDS = frozenset({"author", "editor", "translator", "annotator", "commentator", "introduction", "foreword",
                         "afterword", "bookauthor", "holder", "editora", "editorb", "editorc", "shortauthor",
                         "shorteditor", "sortname", "namea", "nameb", "namec"})

#: Fields of prose (titles, names of places, bodies and people): the only ones ``--title-case-all-caps``
#: touches. Codes (isbn, lccn, key, doi, price, pages) keep their capitals.
PROSE_FIELDS = NAME_FIELDS | frozenset({
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle", "booktitleaddon", "maintitle",
    "mainsubtitle", "maintitleaddon", "journal", "journaltitle", "journalsubtitle", "issuetitle", "eventtitle",
    "origtitle", "reprinttitle", "series", "publisher", "organization", "institution", "school", "address",
    "location", "venue", "origlocation", "origpublisher", "howpublished", "chapter", "note", "addendum",
})

#: The twelve month macros every standard .bst and biblatex define, in order.
MONTHS = tuple(MONTH_MACROS)
_MONTH_NAMES = tuple(name.lower() for name in MONTH_MACROS.values())


def pieces(raw: str) -> list[str]:
    """The pieces of a value joined by top-level ``#`` (each stripped), as written."""
    return [p.strip() for p in split_concat(raw)]


def _single(raw: str) -> str | None:
    """The delimiter of a value that is one ``{...}`` or ``"..."`` piece, else None."""
    if len(raw) < 2 or raw[0] not in '{"':
        return None
    ps = pieces(raw)
    if len(ps) != 1:
        return None
    if raw[0] == "{":
        depth = 0
        for i, ch in enumerate(raw):
            depth += ch == "{"
            depth -= ch == "}"
            if depth == 0:
                return "{" if i == len(raw) - 1 else None
        return None
    return '"' if raw.endswith('"') else None


def content(raw: str) -> str | None:
    """The text inside a single ``{...}`` or ``"..."`` value, the digits of a bare number, else None."""
    if raw.isdigit():
        return raw
    return raw[1:-1] if _single(raw) else None


def is_empty(raw: str) -> bool:
    """True for ``{}``, ``""`` and values holding only white space."""
    inner = content(raw)
    return inner is not None and not inner.strip()


def _braced(inner: str) -> str:
    return "{" + inner + "}"


def _each_piece(raw: str, change) -> str:
    """``change`` applied to each piece of a ``#`` concatenation (or to the one piece)."""
    parts = pieces(raw)
    if len(parts) == 1:
        return change(raw)
    new = [change(p) for p in parts]
    return raw if new == parts else " # ".join(new)


def to_braces(raw: str, numbers: bool = True) -> str:
    """``"text"`` as ``{text}`` (the same value for bibtex and biber); bare numbers too when ``numbers``."""
    def piece(p: str) -> str:
        if _single(p) == '"':
            return _braced(p[1:-1])
        if numbers and p.isdigit():
            return _braced(p)
        return p

    return _each_piece(raw, piece)


_NUMBER = re.compile(r"[1-9][0-9]*")  # bibtex-tidy's rule: a leading zero (an id, a zip code) keeps its braces


def to_bare_number(raw: str) -> str:
    """``{2020}`` or ``"2020"`` as ``2020``: bibtex and biber read a bare run of digits as that string."""
    def piece(p: str) -> str:
        inner = content(p)
        return inner if inner is not None and _NUMBER.fullmatch(inner) else p

    return _each_piece(raw, piece)


def month_number(raw: str) -> int | None:
    """The month (1-12) a month value names: a macro, a name, an abbreviation or a number; else None."""
    inner = content(raw)
    text = (inner if inner is not None else raw).strip().rstrip(".").lower()
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    for i, (short, name) in enumerate(zip(MONTHS, _MONTH_NAMES)):
        if text in (short, name) or (text == "sept" and short == "sep"):
            return i + 1
    return None


def to_month_macro(raw: str) -> str:
    """A month value as its three-letter macro (``{March}``, ``"mar"``, ``{3}`` -> ``mar``); anything else as it was."""
    n = month_number(raw)
    return MONTHS[n - 1] if n else raw


def strip_double_braces(raw: str) -> str:
    """Every extra level of braces enclosing the whole value removed (``{{{X}}}`` -> ``{X}``): see :func:`_strip_once`."""
    while True:
        new = _strip_once(raw)
        if new == raw:
            return raw
        raw = new


def _strip_once(raw: str) -> str:
    """``{{X}}`` or ``"{X}"`` (one inner group spanning the value) as ``{X}`` or ``"X"``: drops bibtex's case protection, as asked.

    A group that opens with a command (``{{\\KOMAScript}}``) is a bibtex "special character"
    and stays.
    """
    kind = _single(raw)
    if kind is None:
        return raw
    inner = raw[1:-1]
    if len(inner) >= 2 and _single(inner) == "{" and not inner.startswith("{\\"):
        if kind == "{":
            return inner
        # "{...}" -> "...", unless a quote would then stand outside braces and end the value
        # early (V\"aike): then the braced form, which reads the same.
        return inner if _top_level_quote(inner[1:-1]) else '"' + inner[1:-1] + '"'
    return raw


def _top_level_quote(text: str) -> bool:
    """True when ``text`` has a ``"`` outside every brace group."""
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            return True
    return False


_WORD = re.compile(r"[A-Za-z]+")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_SMALL = frozenset("a an and as at but by for in nor of on or the to up via with from into".split())


def _top_level(inner: str) -> list[tuple[int, int]]:
    """The spans of ``inner`` outside any brace group (what bibtex may change the case of)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(inner):
        if ch == "{":
            if depth == 0 and i > start:
                spans.append((start, i))
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                start = i + 1
    if depth == 0 and start < len(inner):
        spans.append((start, len(inner)))
    return spans


def title_case_all_caps(raw: str) -> str:
    """A value whose unprotected letters are all capitals in title case (roman numerals, braced text and commands kept)."""
    inner = content(raw)
    if inner is None or inner.isdigit():
        return raw
    spans = _top_level(inner)
    plain = "".join(re.sub(r"\\[A-Za-z]+", "", inner[a:b]) for a, b in spans)
    letters = [c for c in plain if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return raw
    first = True
    out = list(inner)
    # A word glued to a digit, a brace or a command (QA76, AT{\&T}) is part of a code or name: it
    # stays. The pattern runs over the whole value so that it sees what stands beside a span.
    for m in re.finditer(r"\\[A-Za-z]+|(?<![\w}])[A-Za-z]+(?![\w{\\])", inner):
        word = m.group()
        if word.startswith("\\") or not any(a <= m.start() and m.end() <= b for a, b in spans):
            continue
        if _ROMAN.match(word) or (len(word) <= 2 and word.lower() not in _SMALL):
            new = word  # a roman numeral, or a two-letter acronym (UK, AI)
        elif not first and word.lower() in _SMALL:
            new = word.lower()
        else:
            new = word[0] + word[1:].lower()
        first = False
        out[m.start():m.end()] = list(new)
    return raw[0] + "".join(out) + raw[-1]


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _escape_run(m: re.Match[str]) -> str:
    # A run with a character TeX has no ASCII spelling for (Greek text, CJK) stays as it is:
    # biber and inputenc read UTF-8, a word half escaped reads worse than either, and a
    # half-escape would be escaped again on the next run.
    out = []
    for ch in m.group():
        tex = latex.encode(ch)
        if not tex.isascii():
            return m.group()
        out.append(tex)
    return "".join(out)


def escape(raw: str) -> str:
    """Non-ASCII characters as TeX commands (``ü`` -> ``{\\"u}``), outside math; everything else untouched."""
    if raw.isascii():
        return raw
    out: list[str] = []
    pos = 0
    # Math is left alone: $\alpha$ needs no change, and a non-ASCII character in math is the author's business.
    for m in re.finditer(r"(?<!\\)\$[^$]*(?<!\\)\$", raw):
        out.append(_NON_ASCII.sub(_escape_run, raw[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_NON_ASCII.sub(_escape_run, raw[pos:]))
    return "".join(out)


def protect(raw: str) -> str:
    """``{X}`` as ``{{X}}`` (bibtex keeps its case); a value already wholly protected stays."""
    if _single(raw) is None:
        return raw
    inner = raw[1:-1]
    if _single(inner) == "{":
        return raw
    return "{{" + inner + "}}"


def remove_braces(raw: str) -> str:
    """Drop every brace inside the value that is not the argument of a TeX command."""
    if _single(raw) is None:
        return raw
    inner = raw[1:-1]
    out: list[str] = []
    keep: list[bool] = []  # for each open brace: was it kept?
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "{":
            # A command's argument (\emph{x}, \"{u}) and a group opening with a command ({\em x}) stay.
            kept = bool(re.search(r"\\(?:[A-Za-z]+\*?|[^A-Za-z])[ \t]*$", inner[:i])) or inner[i + 1:i + 2] == "\\"
            keep.append(kept)
            if kept:
                out.append(ch)
        elif ch == "}":
            if keep and keep.pop():
                out.append(ch)
        else:
            out.append(ch)
        i += 1
    return raw[0] + "".join(out) + raw[-1]


_URL_SAFE = "!#$&'()*+,/:;=?@[]~-._%\\"


def encode_url(raw: str) -> str:
    """Percent-encode the characters a URL cannot hold (space, ``<``, ``"``, non-ASCII); existing escapes stay."""
    inner = content(raw)
    if inner is None:
        return raw
    return raw[0] + urllib.parse.quote(inner, safe=_URL_SAFE + "{}") + raw[-1]


def _split_names(inner: str) -> list[str]:
    """The names of a name list, split at top-level `` and `` (bibtex's rule)."""
    names: list[str] = []
    depth = 0
    start = 0
    i = 0
    low = inner.lower()
    while i < len(inner):
        ch = inner[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch in " \t\n" and re.match(r"[ \t\n]+and[ \t\n]+", low[i:]):
            m = re.match(r"[ \t\n]+and[ \t\n]+", low[i:])
            names.append(inner[start:i])
            i += m.end()
            start = i
            continue
        i += 1
    names.append(inner[start:])
    return names


def max_authors(raw: str, limit: int) -> str:
    """A name list of more than ``limit`` names as its first ``limit`` and ``others``."""
    inner = content(raw)
    if inner is None or limit <= 0:
        return raw
    names = _split_names(inner)
    if len(names) <= limit:
        return raw
    return raw[0] + " and ".join([*names[:limit], "others"]) + raw[-1]


def wrap(raw: str, column: int, indent: str) -> str:
    """A long value broken at spaces so no line passes ``column`` (bibtex and biber read a line break as a space)."""
    if column <= 0 or len(raw) <= column or "\n" in raw:
        return raw
    words = raw.split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > column:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ("\n" + indent).join(lines)
