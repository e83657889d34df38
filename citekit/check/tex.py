"""Rules on the TeX in values: balanced braces, escaped specials, protected capitals, labels alpha cuts."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .common import top_level
from .findings import Fix
from .rules import Context, Hit, rule

__all__ = ["unescaped", "unbalanced", "protect_title", "unprotected", "alpha_label", "not_utf8", "primitive", "unknown_macro",
           "VERBATIM_FIELDS"]

#: Fields whose value is verbatim or never typeset: specials there are data, not TeX.
VERBATIM_FIELDS = frozenset(
    "url doi eprint file pdf verba verbb verbc urldate ids crossref xref xdata related keywords key sortkey "
    "timestamp biburl bibsource bibdate owner groups mendeley-tags mendeley-groups eprinttype eprintclass "
    "archiveprefix primaryclass isbn issn langid language options entryset label shorthand date year month "
    "citation-key x-color adsurl adsnote sorttitle indexsorttitle sortname sortshorthand presort".split()
)
#: Fields few styles print: an unescaped special there is a warning, not an error.
_RARELY_PRINTED = frozenset({"abstract", "annotation", "annote", "comment", "comments", "review"})
_URL_COMMANDS = re.compile(r"\\(?:url|path|nolinkurl|href|verb)\b")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _typeset(name: str) -> bool:
    """True for fields a standard style may print: BibTeX's own and biber's literal, name and list fields."""
    from .datamodel import BIBER_FIELD_ALIASES, BIBTEX_FIELDS, biblatex_model

    spec = biblatex_model().fields.get(BIBER_FIELD_ALIASES.get(name, name))
    return name in BIBTEX_FIELDS or name in _RARELY_PRINTED or (spec is not None and spec.get("datatype") in ("literal", "name"))


def _specials(text: str) -> list[int]:
    """Offsets of ``& % # _`` that are neither escaped, in math, nor inside \\url/\\href/\\path arguments."""
    out: list[int] = []
    i, n = 0, len(text)
    math = False
    while i < n:
        ch = text[i]
        if ch == "\\":
            m = _URL_COMMANDS.match(text, i)
            if m:
                j = m.end()
                if text.startswith("verb", i + 1) and j < n:
                    end = text.find(text[j], j + 1)
                    i = n if end == -1 else end + 1
                    continue
                while j < n and text[j] == " ":
                    j += 1
                if j < n and text[j] == "{":
                    depth = 0
                    while j < n:
                        depth += text[j] == "{"
                        depth -= text[j] == "}"
                        j += 1
                        if depth == 0:
                            break
                i = j
                continue
            i += 2
            continue
        if ch == "$":
            math = not math
        elif ch in "&%#_" and not math:
            out.append(i)
        i += 1
    return out


@rule("tex-unescaped-special", "error", "& % # or _ outside math and URLs, unescaped: LaTeX stops on it", fixable=True)
def unescaped(ctx: Context, entry) -> Iterator[Hit]:
    """``title = {Salt & Pepper}``; the fix writes ``\\&``."""
    for f in entry.fields:
        if f.name in VERBATIM_FIELDS or f.name.startswith(("url", "file", "bdsk")) or not _typeset(f.name) or f.macro_unknown:
            continue
        hits = _specials(f.text)
        if not hits:
            continue
        chars = "".join(sorted({f.text[i] for i in hits}))
        fix = None
        raw = f.raw.strip()
        if "#" not in raw.replace("\\#", "") or raw.startswith("{"):
            if len(raw) >= 2 and raw[0] in '{"' and raw[-1] == ("}" if raw[0] == "{" else '"') and raw[1:-1] == f.text:
                inner = list(raw[1:-1])
                for i in reversed(hits):
                    inner.insert(i, "\\")
                fix = Fix(f"escape {' '.join(chars)} with a backslash", f.name, raw[0] + "".join(inner) + raw[-1])
        severity = "warning" if f.name in _RARELY_PRINTED else None
        yield Hit(entry, f, f"unescaped {' '.join(repr(c) for c in chars)} in {f.name}: write \\{chars[0]} (LaTeX reads {chars[0]!r} as markup)",
                  fix, severity=severity)


@rule("tex-unbalanced-braces", "error", "a value whose braces do not balance", formats=("bib",))
def unbalanced(ctx: Context, entry) -> Iterator[Hit]:
    """Values that parsed but whose ``{`` and ``}`` do not pair up (unparseable blocks are reported on reading)."""
    for f in entry.fields:
        depth = 0
        bad = False
        prev = ""
        for ch in f.text:
            if prev != "\\":
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth < 0:
                        bad = True
                        break
            prev = "" if prev == "\\" else ch
        if bad or depth != 0:
            yield Hit(entry, f, f"braces in {f.name} do not balance")


def _is_sentence_case(words: list[str]) -> bool:
    """Most longer words after the first start lower-case: the title is in sentence case."""
    long = [w for w in words[1:] if len(w) >= 4 and w.isalpha()]
    if len(long) < 3:
        return False
    return sum(1 for w in long if w[0].isupper()) * 2 < len(long)


def _protection(word: str, proper_noun: bool) -> tuple[int, int] | None:
    """The span of ``word`` to brace, or None: acronyms brace their capitals, mixed case the word."""
    if not any(c.isupper() for c in word):
        return None
    if len(word) >= 2 and any(c.isupper() for c in word[1:]):
        m = re.fullmatch(r"([^\W\d_]{2,}?)(s|es)?", word)
        if m and m.group(1).isupper():
            return 0, len(m.group(1))
        return 0, len(word)
    if any(c.isdigit() for c in word) and len(word) > 1:
        return 0, len(word)
    if proper_noun and len(word) > 1:
        return 0, len(word)
    return None


def protect_title(raw_inner: str) -> tuple[str, list[str]]:
    """``raw_inner`` with every word sentence case would lower brace-protected, and those words."""
    segments = list(top_level(raw_inner))
    spans = [(s, e) for s, e, plain in segments if plain]
    # Math at brace depth 0 is lowered too ($O(n)$ becomes $o(n)$): capitals in it need the braces as well.
    math = [(s, e) for s, e, plain in segments
            if not plain and raw_inner.startswith("$", s) and re.search(r"(?<![\\A-Za-z])[A-Z]", re.sub(r"\\[A-Za-z]+", "", raw_inner[s:e]))]
    words: list[tuple[int, str]] = []
    for s, e in spans:
        for m in _WORD.finditer(raw_inner, s, e):
            words.append((m.start(), m.group(0)))
    # Only words outside groups count for deciding sentence case; groups are already decided by the author.
    sentence = _is_sentence_case([w for _, w in words])
    edits: list[tuple[int, int]] = []
    found: list[str] = []
    for n, (start, word) in enumerate(words):
        before = raw_inner[:start].rstrip()
        first = n == 0 and not before.strip("{}\"'`([ ") or before.endswith((":", "?", "!", "."))
        span = _protection(word, sentence and not first)
        if span is None:
            continue
        if first and span == (0, len(word)) and word[1:].islower() and not any(c.isdigit() for c in word):
            continue
        edits.append((start + span[0], start + span[1]))
        found.append(word)
    for s, e in math:
        edits.append((s, e))
        found.append(raw_inner[s:e])
    edits.sort()
    out = raw_inner
    for s, e in reversed(edits):
        out = out[:s] + "{" + out[s:e] + "}" + out[e:]
    return out, found


@rule("title-unprotected", "warning", "capitals in a title that a style's sentence case will lower (acronyms, proper nouns)",
      fixable=True, modes=("bibtex", "biblatex"))
def unprotected(ctx: Context, entry) -> Iterator[Hit]:
    """``title = {Training BERT on GPUs}`` -> ``{Training {BERT} on {GPU}s}``; in BibLaTeX mode only some styles lower, so info."""
    f = entry.get("title")
    if f is None or not f.text.strip() or f.macro_unknown:
        return
    raw = f.raw.strip()
    if not (len(raw) >= 2 and raw[0] in '{"' and raw[1:-1] == f.text):
        return
    if raw[0] == "{" and raw[1:2] == "{" and raw.endswith("}}") and _whole_group(raw[1:-1]):
        return  # title = {{All Protected}}
    new, words = protect_title(raw[1:-1])
    if not words:
        return
    shown = ", ".join(dict.fromkeys(words))
    severity = "info" if ctx.mode == "biblatex" else None
    yield Hit(entry, f, f"sentence case would lower {shown}: brace-protect them", Fix(f"brace-protect {shown}", f.name, raw[0] + new + raw[-1]),
              severity=severity)


def _whole_group(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def _label_cut(family: str, chars: int) -> str | None:
    """The non-ASCII character that ``text.prefix$`` cuts in half taking ``chars`` from ``family``, or None.

    BibTeX counts bytes, but a ``{\\...}`` special character counts as one.
    """
    count = 0
    i = 0
    while i < len(family) and count < chars:
        ch = family[i]
        if ch == "{":
            j = family.find("}", i)
            j = len(family) if j == -1 else j + 1
            count += 1
            i = j
            continue
        size = len(ch.encode("utf-8"))
        if count + size > chars and size > 1:
            return ch
        count += size
        i += 1
    return None


@rule("nonascii-alpha", "warning", "a non-ASCII letter that classic BibTeX's alpha style cuts in half in the label",
      modes=("bibtex",))
def alpha_label(ctx: Context, entry) -> Iterator[Hit]:
    """alpha.bst takes 3 bytes of a single author's family name, 1 of each of several: UTF-8 letters break."""
    from ..sources.bibtex import split_names

    f = entry.get("author") or entry.get("editor")
    if f is None or f.text.isascii():
        return
    try:
        names, _ = split_names(f.text)
    except Exception:
        return
    # split_names decodes TeX; the raw family spelling is what bibtex counts.
    raw_names = [n.strip() for n in re.split(r"(?<!\s)\s+and\s+", f.text) if n.strip()]
    if not names or len(raw_names) != len(names):
        return
    fams = []
    for raw in raw_names[:4 if len(raw_names) <= 4 else 3]:
        fam = raw.split(",")[0].strip() if "," in raw else raw.split()[-1]
        fams.append(fam)
    chars = 3 if len(raw_names) == 1 else 1
    for fam in fams:
        cut = _label_cut(fam, chars)
        if cut:
            yield Hit(entry, f, f"alpha's label takes {chars} byte{'s' if chars > 1 else ''} of {fam!r} and cuts {cut!r} in half; "
                      f"write it as TeX (e.g. {{\\'e}}) or use biber")
            return


@rule("encoding-not-utf8", "warning", "the file is not UTF-8 (read as Windows-1252/Latin-1); biber and inputenc expect UTF-8",
      scope="file", modes=("bibtex", "biblatex"))
def not_utf8(ctx: Context) -> Iterator[Hit]:
    """A .bib whose bytes are not UTF-8: its accented letters reach LaTeX and biber as the wrong characters."""
    if not ctx.file.encoding.startswith(("utf-8", "utf-16")):
        first = next((n + 1 for n, line in enumerate(ctx.file.text.splitlines()) if not line.isascii()), None)
        yield Hit(None, None, f"not UTF-8: read as {ctx.file.encoding}; save it as UTF-8 (or tell biber --input-encoding)",
                  line=first)


@rule("tex-primitive", "error", "TeX that reads or writes files, runs commands or changes how TeX reads (\\write18, \\input, "
      "\\catcode, \\def, ^^ notation) in a value", formats=("bib",))
def primitive(ctx: Context, entry) -> Iterator[Hit]:
    """``title = {\\immediate\\write18{...}}``: a .bib compiled by anyone runs it; no field value needs these."""
    from ..latex import active_tex

    for f in entry.fields:
        acting = active_tex(f.raw)
        if acting:
            shown = ", ".join(_printable(a) for a in acting)
            yield Hit(entry, f, f"{f.name} holds TeX that can read or write files, run commands or change how TeX "
                      f"reads ({shown}): bibtex and biber pass it to LaTeX; remove it")


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


_CONTROL_WORD = re.compile(r"\\([A-Za-z@]+)(?![A-Za-z@])(?!\s*[{\[])")
_MATH = re.compile(r"\$[^$]*\$")
#: Control words that print nothing on purpose.
_SILENT = frozenset({"relax", "protect", "par", "newblock", "noindent", "unskip", "ignorespaces", "null", "empty",
                     "leavevmode", "hfill", "hfil", "vfill", "break", "linebreak", "newline", "nobreak", "allowbreak",
                     "nolinebreak", "hbox", "mbox", "em", "it", "bf", "sc", "sl", "rm", "sf", "tt", "itshape",
                     "bfseries", "scshape", "upshape", "mdseries", "normalfont", "small", "footnotesize", "large",
                     "Large", "huge", "tiny", "scriptsize", "normalsize", "textnormal", "displaystyle", "xspace",
                     "frenchspacing", "nonfrenchspacing", "selectlanguage", "foreignlanguage", "noop", "bibinitperiod",
                     "bibinitdelim", "bibnamedelima", "bibnamedelimb", "bibnamedelimc", "bibnamedelimd",
                     "bibrangedash", "addcomma", "addspace", "addperiod", "isdot", "nopunct", "adddot", "@", "vphantom",
                     "phantom", "hphantom", "space", "quad", "qquad", "enspace", "thinspace"})


@lru_cache(maxsize=1024)
def _prints_nothing(name: str) -> bool:
    from ..latex import decode

    return not decode("\\" + name + " x").replace("x", "").strip() and name not in _SILENT


@lru_cache(maxsize=8)
def _preamble_commands(text: str) -> frozenset[str]:
    """The commands the file's @preambles define in a way citekit reads (:mod:`citekit.preamble`)."""
    from ..preamble import definitions

    found: set[str] = set()
    for m in re.finditer(r"@preamble\s*[{(]", text, re.I):
        end = re.compile(r"^\s*@(?!preamble)", re.M | re.I).search(text, m.end())
        found |= set(definitions(text[m.end(): end.start() if end else None]))
    return frozenset(found)


@rule("tex-unknown-macro", "warning", "a TeX macro citekit cannot read: CSL and styled lists leave it out, LaTeX needs its definition",
      modes=("bibtex", "biblatex"))
def unknown_macro(ctx: Context, entry) -> Iterator[Hit]:
    """``journal = {\\qjras}`` with no definition citekit knows (AAS journal macros are known and expanded)."""
    from ..journal_macros import AAS_JOURNALS

    defined = None
    for f in entry.fields:
        name = f.name.lower()
        if "\\" not in f.text or name in VERBATIM_FIELDS or not _typeset(name):
            continue
        if defined is None:
            defined = _preamble_commands(ctx.file.text)
        text = _MATH.sub("", f.text)
        unread = [m.group(0) for m in _CONTROL_WORD.finditer(text)
                  if m.group(1) not in AAS_JOURNALS and m.group(1) not in defined and _prints_nothing(m.group(1))]
        if unread:
            shown = ", ".join(dict.fromkeys(unread))
            yield Hit(entry, f, f"{name} has {shown}, which citekit cannot read; styled lists and CSL leave it out")
