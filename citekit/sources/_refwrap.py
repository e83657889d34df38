"""A reference's own text out of the code, data or markup a list was kept in.

Reference lists are pasted from where they were stored, not only from pages: a JavaScript array
(``{ num: 3, text: '...' },``), YAML fields (``cite: "..."`` beside ``doi:``, ``pmid:``), HTML
paragraphs with author-year keys (``<p id=..>[Mutz, 2002a]: ...</p>``), reStructuredText citations
(``.. [Key]`` over the indented text), wiki pages (``{#Key}`` anchors, ``[[Wiki Name]]`` links) and
publishers' pages whose references are each followed by a line of link buttons ("CrossRef Google
Scholar"). Each line is read for the reference it holds; the rest is markup, never a paper.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["field_keys", "id_value", "kerned", "literal_lines", "markup_only", "string_literal", "unkern", "unwrap_line"]

# "  - cite: \"...\"", "{ num: 3, text: '...' },", "    doi: \"10.1016/...\"": fields of a data file or code literal
_FIELD = re.compile(r"""(?:^\s*|[{,]\s*|^\s*-\s+)(?P<k>[a-z_][a-z0-9_]{1,20})\s*[:=]\s*(?:(?P<q>['"])(?P<v>(?:\\.|(?!(?P=q)).)*)(?P=q)|(?P<bare>[^'",{}\[]+?))\s*(?=,|}|$)""")
_LINE_OF_FIELDS = re.compile(r"""^\s*(?:-\s+|\{\s*)?[a-z_][a-z0-9_]{1,20}\s*[:=](?:\s|$)""")
# Words of a reference list's own flow that a wrapped line may open with ("in: Proceedings ..."): no field keys.
_NOT_KEYS = frozenset({"in", "and", "see", "also", "pp", "vol", "no", "eds", "ed", "available", "accessed", "retrieved", "from"})
_HTML_BLOCK = re.compile(r"</?(?:p|li|div|dd|dt|ol|ul)\b[^>]{0,200}>", re.I)
_RST_CITATION = re.compile(r"^\s*\.\.\s+\[[^\]\s]{1,60}\]\s*")  # ".. [Degenhardt-2019]" (its text indented below or beside)
_KEY_LABEL = re.compile(r"^\s*(?:\{#[\w:-]{1,60}\}\s*|\[[A-Z][^\[\]]{0,40}?(?:,\s*|[-_ ])(?:1[5-9]|20)\d\d[a-z]?\]:?\s+|\[[A-Za-z][\w-]{1,40}\]:\s+)")
# No "[" inside a link's text: a run of "[" then fails at once instead of scanning to the end each time (quadratic).
_WIKI_LINK = re.compile(r"\[\[(?!!)([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
# An element with nothing inside: an anchor ("<a name=bib-key></a>", "<span id=...></span>") a bibliography links to
_EMPTY_ELEMENT = re.compile(r"<(a|span)\b[^<>]{0,200}>\s*</\1>", re.I)
# A reference's label linked back to its citation in the text ("[[3]](#cite-chiu)", "[[KpV]](#cite-kantkpv)")
_BACK_LINK = re.compile(r"\[(\[[^\[\]]{1,12}\])\]\(#[^()\s]{0,80}\)")
_WIKI_DIRECTIVE = re.compile(r"^\s*\[\[!")  # "[[!redirects ...]]": the wiki's own markup
# A publisher page's link buttons under each reference (Springer, Nature, in the page's language)
_BUTTONS_LINE = re.compile(
    r"^(?:\s*(?:CrossRef|Crossref|Google\s+(?:Scholar|Académico|Académique|Acadêmico|Accademico)|PubMed(?:\s+Central)?|PMC|zbMATH|"
    r"MathSciNet|CAS|ADS|Article|Web\s+of\s+Science|Scopus|MATH|Google\s+Scholar\s+Search|Show\s+in\s+Context|View\s+Article|"
    r"View\s+in\s+Scopus))+\s*$"
)
# The same buttons left on the line the next reference opens ("Show in Context View Article  Google Scholar 10. Y. Qian,
# ...": IEEE Xplore's page copied): the buttons belong to the reference above, the label opens the next
_LEADING_BUTTONS = re.compile(
    r"^\s*(?:(?:CrossRef|Crossref|Google\s+Scholar|PubMed(?:\s+Central)?|PMC|zbMATH|MathSciNet|CAS|ADS|Article|Web\s+of\s+Science|"
    r"Scopus|Show\s+in\s+Context|View\s+Article|View\s+in\s+Scopus)\s+)+(?=\d{1,4}\.\s|\[\d{1,4}\]\s?)"
)


def field_keys(lines: list[str]) -> set[str]:
    """The field keys a text repeats on lines of their own (a data file or code array of references), else none."""
    counts: dict[str, int] = {}
    for line in lines[:400]:
        if _LINE_OF_FIELDS.match(line):
            for m in _FIELD.finditer(line):
                counts[m.group("k")] = counts.get(m.group("k"), 0) + 1
    keys = {k for k, n in counts.items() if n >= 2 and k not in _NOT_KEYS}
    return keys if len(keys) >= 2 else set()  # one repeated "doi:" is a reference list's own line, not a file of fields


def _field_value(line: str, keys: set[str]) -> str | None:
    """The text a line of fields holds: its longest value that reads as a reference or an id, '' for none."""
    if not _LINE_OF_FIELDS.match(line):
        return None
    fields = [m for m in _FIELD.finditer(line) if m.group("k") in keys]
    if not fields:
        return ""  # "aliases: [...]", "relation: connects-to" in a file whose references are "cite:" fields: the file's own
    values = [(m.group("v") if m.group("q") else m.group("bare") or "").replace("\\'", "'").replace('\\"', '"').strip() for m in fields]
    best = max(values, key=len)
    if len(best) >= 30 and " " in best and not best.startswith(("[", "{")):
        return best  # "cite: \"Fakhouri F, ... Lancet. 2017;390(10095):681-696.\"": the reference
    ids = [v for v in values if re.match(r"^(?:10\.\d{4,9}/|https?://|doi:|arXiv:)", v, re.I)]
    return " ".join(ids)  # "doi: \"10.1016/...\"" goes with the reference above; "type: peer-reviewed" is the file's


def id_value(text: str) -> bool:
    """True for what a data file's id field gives (a DOI or a URL alone): it belongs to the reference above."""
    return bool(re.match(r"^(?:(?:10\.\d{4,9}/|https?://|doi:|arXiv:)\S+\s*)+$", text, re.I))


def unwrap_line(raw: str, keys: set[str]) -> str | None:
    """The reference text ``raw`` holds without its code, data or markup; None for a line that is markup only."""
    if _WIKI_DIRECTIVE.match(raw) or _BUTTONS_LINE.match(raw):
        return None
    raw = _LEADING_BUTTONS.sub("", raw)
    if keys and (value := _field_value(raw, keys)) is not None:
        return value or None
    text = raw
    if "{'" in text or '{"' in text:
        text = re.sub(r"""\{(['"])\s*\1\}""", " ", text)  # JSX's "{' '}": a space
    if "<" in text:
        text = _HTML_BLOCK.sub("", text)
    if "&" in text and ";" in text:
        text = html.unescape(text)  # "fibr&#233;s": an HTML entity left in the page's source
    if "<" in text:
        text = _EMPTY_ELEMENT.sub("", text)  # "<a name=bib-chiu></a>": an anchor to link to, no text
    if "](#" in text:
        text = _BACK_LINK.sub(r"\1", text)  # "[[3]](#cite-chiu)": the label, linked back to where it is cited
    if "[[" in text:
        text = _WIKI_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    if ".." in text[:6]:
        rst = _RST_CITATION.match(text)
        if rst:
            text = text[rst.end():]
            if not text.strip():
                return ""  # the key alone: its reference is the indented text below
    lead = re.match(r"^\s*(?:[*\-•]\s+)?", text).group(0)  # a list's bullet stays: it marks where the reference opens
    label = _KEY_LABEL.match(text[len(lead):])
    if label:
        text = lead + text[len(lead) + label.end():]  # "[Mutz, 2002a]: Mutz DC (2002a) ...", "{#Cauty92} R. Cauty, ..."
    return text


# PDF text set with kerning splits a capital from what follows ("T rading", "W ang", "Fung, J. K. W .", "F . J.") and
# prints an accent as a letter of its own before the one it sits on ("Harˇcariková"). A text shows it by initials
# spaced off their stop; only then are its capitals joined back (a "T cell" elsewhere is two words).
_SPACED_INITIAL = re.compile(r"(?<![\w.])([A-Z]) \.(?=[\s,;)]|$)")
_KERNED_WORD = re.compile(r"(?<![\w.'’-])([TVWYPF]) ([a-z]{2,})\b")
# Words a lone capital stands before in its own right ("T cells", "F distribution", "P values", "Y chromosome")
_AFTER_LONE_CAPITAL = frozenset(
    "cell cells test tests wave waves statistic statistics distribution score scores type types helper lymphocyte "
    "lymphocytes boson bosons chromosome chromosomes junction junctions region regions value values antigen antigens "
    "and or of in on the to for is as at by".split()
)
_SPACING_ACCENTS = {"\u02c7": "\u030c", "\u00b4": "\u0301", "\u00a8": "\u0308", "\u02da": "\u030a", "\u02dc": "\u0303",
                    "\u02c6": "\u0302", "`": "\u0300"}
_SPACING_ACCENT = re.compile(r"([\u02c7\u00b4\u00a8\u02da\u02dc\u02c6])([A-Za-z])")


# Inside a word the spacing accent can only be the letter's after it, kerned text or not ("Sp¨onemann", "Universit¨at")
_ACCENT_IN_WORD = re.compile(r"(?<=[A-Za-z])([\u02c7\u00b4\u00a8\u02da\u02dc\u02c6])([A-Za-z])")


def join_accents(line: str) -> str:
    """``line`` with an accent a PDF printed as a letter of its own inside a word put back on its letter ("Spönemann")."""
    if not _ACCENT_IN_WORD.search(line):
        return line
    return unicodedata.normalize("NFC", _ACCENT_IN_WORD.sub(lambda m: m.group(2) + _SPACING_ACCENTS[m.group(1)], line))


def kerned(text: str) -> bool:
    """True when ``text`` is PDF text set with kerning: initials spaced off their stops ("W .", "F . J.") twice or more."""
    return len(_SPACED_INITIAL.findall(text[:200000])) >= 2


def unkern(line: str) -> str:
    """One line of kerned PDF text mended: "T rading" is "Trading", "W ." is "W.", "ˇc" is "č"."""
    line = _SPACED_INITIAL.sub(r"\1.", line)
    line = _KERNED_WORD.sub(lambda m: m.group(0) if m.group(2) in _AFTER_LONE_CAPITAL else m.group(1) + m.group(2), line)
    if _SPACING_ACCENT.search(line):
        line = unicodedata.normalize("NFC", _SPACING_ACCENT.sub(lambda m: m.group(2) + _SPACING_ACCENTS[m.group(1)], line))
    return line


# A string literal of code (SQL's '' doubling a quote, a backslash escaping one) that holds a reference: long, with a
# year and several words ("(72, 'Bisson, Thomas N. The Medieval Crown of Aragon ... 1986.', 'https://...', 'book'),",
# '        "[3] Y. Hu, Z. Wang ... 2024, doi: ...",')
_LITERAL = re.compile(r"'((?:[^'\\\n]|''|\\.){30,})'" + r'|"((?:[^"\\\n]|\\.){30,})"')
_A_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
_CODE_AROUND = re.compile(r"""^\s*(?:[(\[{,]|[\w.]+\s*[=:(]\s*|\d+\s*,)|[,)\]};]\s*$""")


def string_literal(line: str) -> str | None:
    """The reference a line of code holds in a string literal (unescaped), None when it holds none."""
    if "'" not in line and '"' not in line:
        return None
    best = None
    for m in _LITERAL.finditer(line):
        value = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
        value = re.sub(r"\\(.)", r"\1", value)
        if len(value.split()) >= 5 and _A_YEAR.search(value) and (best is None or len(value) > len(best)):
            best = value
    return best if best is not None and _CODE_AROUND.search(line) else None


def literal_lines(lines: list[str]) -> bool:
    """True when a text keeps its references in code's string literals (a SQL insert, a list in a script), several."""
    return sum(1 for line in lines[:2000] if string_literal(line) is not None) >= 3


# The markup lines of JSX or HTML around a list's text: an element's opening or closing alone, one attribute a line,
# a "{' '}" spacer ("<a", "href=\"https://...\"", "target=\"_blank\"", ">", "</a>", "</li>")
_MARKUP_ONLY = re.compile(r"""^\s*(?:<[a-zA-Z][\w.-]*|/?>|</[a-zA-Z][\w.-]*>|<[a-zA-Z][\w.-]*(?:\s+[\w-]+(?:=(?:"[^"]*"|'[^']*'|\{[^}]*\}))?)*\s*/?>|[\w-]+=(?:"[^"]*"|'[^']*'|\{[^}]*\})|\{['"]\s*['"]\})+\s*$""")


def markup_only(line: str) -> bool:
    """True for a line of JSX or HTML that is markup alone (no text of a reference)."""
    return bool(line.strip()) and bool(_MARKUP_ONLY.match(line))
