"""Rich text: strings with private-use markers for formatting, and the four output backends.

Engines mark formatting with characters from Unicode's private-use area, which never
occur in our data (:func:`clean` strips them from every input value first). A backend
escapes the text for its target *before* turning markers into markup, so nothing from
the data can become markup.
"""

from __future__ import annotations

import html
import re
from typing import Callable

__all__ = [
    "MARKS",
    "BACKENDS",
    "clean",
    "wrap",
    "to_text",
    "to_text_many",
    "to_html",
    "to_markdown",
    "to_latex",
    "latex_escape",
    "latex_url",
    "QUOTE_OPEN",
    "QUOTE_CLOSE",
    "MARGIN",
    "NAMES_OPEN",
    "NAMES_CLOSE",
    "GLUE",
    "DISPLAY",
    "DISPLAY_CLOSE",
    "display",
    "display_segments",
    "rich_value",
]

#: style name -> (open, close) marker pair
MARKS: dict[str, tuple[str, str]] = {
    "baseline": ("\ue00e", "\ue00f"),
    "italic": ("\ue010", "\ue011"),
    "bold": ("\ue012", "\ue013"),
    "smallcaps": ("\ue014", "\ue015"),
    "superscript": ("\ue016", "\ue017"),
    "subscript": ("\ue018", "\ue019"),
    "underline": ("\ue01a", "\ue01b"),
    "nocase": ("\ue01c", "\ue01d"),
    "normal": ("\ue01e", "\ue01f"),
}
#: Quotes an engine opened; the CSL fix-up turns them into the locale's quote marks.
QUOTE_OPEN, QUOTE_CLOSE = "\ue001", "\ue002"
#: Between a left-margin field (``[1]``) and the rest of an entry.
MARGIN = "\ue003"
#: After a particle that joins its name without a space (``al-``, ``d’``); the space after it is dropped.
GLUE = "\ue006"
#: Around an entry's first rendered cs:names, for ``subsequent-author-substitute``; removed before output.
NAMES_OPEN, NAMES_CLOSE = "\ue004", "\ue005"
#: CSL ``display`` kinds other than left-margin -> the marker that opens them; :data:`DISPLAY_CLOSE` closes each.
DISPLAY: dict[str, str] = {"block": "\ue020", "indent": "\ue021", "right-inline": "\ue022"}
DISPLAY_CLOSE = "\ue02f"
_DISPLAY_KIND = {marker: kind for kind, marker in DISPLAY.items()}
_DISPLAY_ANY = re.compile("[\ue020-\ue02f]")

_PRIVATE = re.compile("[\ue000-\ue0ff]")
_ANY_MARK = re.compile("[\ue00e-\ue01f]")
_URL = re.compile(r"https?://[^\s<>\"\ue000-\ue0ff]+[^\s<>\"\ue000-\ue0ff.,;:)\]]")


def clean(value: str) -> str:
    """``value`` without private-use characters, so data can never fake a marker."""
    if type(value) is str and value.isascii():  # a constant-time test most values pass: no private-use character
        return value
    return _PRIVATE.sub("", value)


def wrap(kind: str, text: str) -> str:
    """``text`` marked as ``kind`` (one of :data:`MARKS`)."""
    opening, closing = MARKS[kind]
    return f"{opening}{text}{closing}"


def display(kind: str | None, text: str) -> str:
    """``text`` set off as CSL ``display`` ``kind`` says: a left-margin field ends in :data:`MARGIN`, others are wrapped."""
    if not kind:
        return text
    if kind == "left-margin":
        return text + MARGIN
    if kind in DISPLAY:
        return DISPLAY[kind] + text + DISPLAY_CLOSE
    return text


def display_segments(rich: str) -> list[tuple[str | None, str]]:
    """``rich`` cut into (display kind or None for inline, text) pieces at its outermost display markers.

    Markers nested inside a display piece are dropped (CSL has no nested display); an
    unclosed piece runs to the end.
    """
    if not _DISPLAY_ANY.search(rich):
        return [(None, rich)]
    out: list[tuple[str | None, str]] = []
    kind: str | None = None
    depth, start = 0, 0
    for match in _DISPLAY_ANY.finditer(rich):
        marker = match.group()
        if marker in _DISPLAY_KIND:
            if depth == 0:
                if match.start() > start:
                    out.append((None, rich[start : match.start()]))
                kind, start = _DISPLAY_KIND[marker], match.end()
            depth += 1
        elif marker == DISPLAY_CLOSE and depth:
            depth -= 1
            if depth == 0:
                out.append((kind, rich[start : match.start()]))
                kind, start = None, match.end()
    if start < len(rich):
        out.append((kind if depth else None, rich[start:]))
    return [(k, _DISPLAY_ANY.sub("", t)) for k, t in out if t.strip()]


def _lines(rich: str, newline: str, indent: str = "") -> str:
    """Display pieces as lines of their own (blocks and indents) in a backend without divs."""
    out = ""
    for kind, text in display_segments(rich):
        if kind in ("block", "indent"):
            out = out.rstrip() + (newline if out.strip() else "") + (indent if kind == "indent" else "") + text.strip()
            out += newline
        else:
            out += text.lstrip() if out.endswith(newline) else text
    return out[: -len(newline)] if out.endswith(newline) else out


def _replace_marks(text: str, table: dict[str, str]) -> str:
    return _ANY_MARK.sub(lambda m: table.get(m.group(), ""), text)


def _plain_leftovers(text: str) -> str:
    # Quote and margin markers are resolved by the CSL engine; any left are dropped.
    return (text.replace(MARGIN, " ").replace(QUOTE_OPEN, "").replace(QUOTE_CLOSE, "")
            .replace(NAMES_OPEN, "").replace(NAMES_CLOSE, "").replace(GLUE, ""))


def to_text(rich: str) -> str:
    """Plain text: formatting dropped, display blocks on lines of their own (indented ones by four spaces)."""
    return _lines(_plain_leftovers(_ANY_MARK.sub("", rich)), "\n", "    ")


_HTML_TAGS = {
    MARKS["italic"][0]: "<i>", MARKS["italic"][1]: "</i>",
    MARKS["bold"][0]: "<b>", MARKS["bold"][1]: "</b>",
    MARKS["smallcaps"][0]: '<span style="font-variant:small-caps;">', MARKS["smallcaps"][1]: "</span>",
    MARKS["superscript"][0]: "<sup>", MARKS["superscript"][1]: "</sup>",
    MARKS["subscript"][0]: "<sub>", MARKS["subscript"][1]: "</sub>",
    MARKS["underline"][0]: "<u>", MARKS["underline"][1]: "</u>",
    # An explicit vertical-align="baseline", as citeproc-js writes it (inside a superscript it resets).
    MARKS["baseline"][0]: '<span style="baseline">', MARKS["baseline"][1]: "</span>",
}


_FLIP = {"italic": "font-style", "bold": "font-weight", "smallcaps": "font-variant"}
_OPENING = {opening: kind for kind, (opening, _closing) in MARKS.items()}


def _html_marks(text: str) -> str:
    """Markers as tags, flip-flopping as CSL wants: italics inside italics (and nodecor inside any decoration) are upright."""
    if not _ANY_MARK.search(text):
        return text
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (closing tag, decoration kind in force or "")
    last = 0
    for match in _ANY_MARK.finditer(text):
        out.append(text[last : match.start()])
        last = match.end()
        marker = match.group()
        kind = _OPENING.get(marker)
        if kind is None:  # a closing marker
            out.append(stack.pop()[0] if stack else "")
            continue
        in_force = [k for _, k in stack if k]
        if kind == "normal" or (kind in _FLIP and kind in in_force):
            inner = kind if kind != "normal" else next((k for k in reversed(in_force) if k in _FLIP), None)
            if inner is None:
                stack.append(("", ""))
            else:
                out.append(f'<span style="{_FLIP[inner]}:normal;">')
                stack.append(("</span>", ""))
            continue
        out.append(_HTML_TAGS.get(marker, ""))
        stack.append((_HTML_TAGS.get(MARKS[kind][1], ""), kind if kind in _FLIP else ""))
    out.append(text[last:])
    return "".join(out)


def _link(match: re.Match[str]) -> str:
    url = match.group()
    # The URL is already HTML-escaped text; only http(s) reaches here, so no script URL.
    return f'<a href="{url}">{url}</a>'


def to_html(rich: str, *, links: bool = True) -> str:
    """HTML: every character from the data escaped, markers become tags, display blocks divs (the CSL suite's classes), URLs links."""
    out = []
    for kind, text in display_segments(rich):
        escaped = html.escape(_plain_leftovers(text), quote=True)
        if links:
            escaped = _URL.sub(_link, escaped)
        escaped = _html_marks(escaped)
        out.append(f'<div class="csl-{kind}">{escaped}</div>' if kind else escaped)
    return "".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_MD_TAGS = {
    MARKS["italic"][0]: "*", MARKS["italic"][1]: "*",
    MARKS["bold"][0]: "**", MARKS["bold"][1]: "**",
    MARKS["superscript"][0]: "^", MARKS["superscript"][1]: "^",
    MARKS["subscript"][0]: "~", MARKS["subscript"][1]: "~",
}


def markdown_escape(text: str) -> str:
    """``text`` with Markdown's active characters backslash-escaped (URLs kept clickable)."""
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(_MD_SPECIAL.sub(r"\\\1", text[last : match.start()]))
        out.append(f"<{match.group()}>")
        last = match.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", text[last:]))
    return "".join(out)


def to_markdown(rich: str) -> str:
    """Markdown (pandoc/CommonMark): text escaped, italics as ``*...*``, URLs as autolinks."""
    text = _plain_leftovers(rich)
    # Escape the text between markers, then put the markup in.
    parts = re.split(f"({_ANY_MARK.pattern}|{_DISPLAY_ANY.pattern})", text)
    out = "".join(p if _DISPLAY_ANY.fullmatch(p) else _MD_TAGS.get(p, "") if _ANY_MARK.fullmatch(p) else markdown_escape(p)
                  for p in parts)
    return _lines(out, "\\\n")


_LATEX_TAGS = {
    MARKS["italic"][0]: r"\emph{", MARKS["italic"][1]: "}",
    MARKS["bold"][0]: r"\textbf{", MARKS["bold"][1]: "}",
    MARKS["smallcaps"][0]: r"\textsc{", MARKS["smallcaps"][1]: "}",
    MARKS["superscript"][0]: r"\textsuperscript{", MARKS["superscript"][1]: "}",
    MARKS["subscript"][0]: r"\textsubscript{", MARKS["subscript"][1]: "}",
    MARKS["underline"][0]: r"\underline{", MARKS["underline"][1]: "}",
    MARKS["nocase"][0]: "{", MARKS["nocase"][1]: "}",
}


def latex_escape(text: str) -> str:
    """``text`` safe inside a LaTeX paragraph for pdflatex: specials and non-ASCII letters escaped, ``$math$`` kept."""
    from ..latex import encode

    if not text.strip():
        return text
    # encode() works on whole values and trims them; keep the spaces around this piece.
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead + _RELAX.sub(_accents, encode(text.replace("\u00a0", " "))) + trail


_RELAX = re.compile(r"\{\\relax (.)\}")
#: combining mark -> LaTeX text accent, for letters with no single-glyph LaTeX name (ễ, ộ).
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0327": "c",
    "\u0328": "k", "\u0323": "d", "\u0331": "b",
}


def _accents(match: re.Match[str]) -> str:
    """A letter pdflatex lacks, as its base letter under stacked accents (``\\~{\\^{e}}``); else unchanged."""
    import unicodedata

    char = match.group(1)
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    if not base.isascii() or not base.isalpha() or not marks or any(m not in _ACCENTS for m in marks):
        return match.group()
    out = base
    for mark in marks:
        out = "\\" + _ACCENTS[mark] + "{" + out + "}"
    return "{" + out + "}"


def latex_url(url: str) -> str:
    """``\\url{url}``: ``\\ ^ { }`` percent-encoded (no ``^^`` notation or command can form, whether
    or not the argument was read before ``\\url`` saw it); ``%`` and ``#`` escaped as hyperref reads them."""
    from ..latex import encode_url

    safe = encode_url(url).replace("%", r"\%").replace("#", r"\#")
    return r"\url{" + safe + "}"


def to_latex(rich: str) -> str:
    """LaTeX: text escaped, markers become commands, URLs become ``\\url{}`` (needs hyperref or url)."""
    text = _plain_leftovers(rich)
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(_latex_segment(text[last : match.start()]))
        out.append(latex_url(_ANY_MARK.sub("", match.group())))
        last = match.end()
    out.append(_latex_segment(text[last:]))
    return _lines("".join(out), "\\newline\n", "\\hspace*{2em}")


def _latex_segment(text: str) -> str:
    parts = re.split(f"({_ANY_MARK.pattern}|{_DISPLAY_ANY.pattern})", text)
    return "".join(p if _DISPLAY_ANY.fullmatch(p) else _LATEX_TAGS.get(p, "") if _ANY_MARK.fullmatch(p) else latex_escape(p)
                   for p in parts)


#: backend name -> converter from rich text
#: Stands between entries while :func:`to_text_many` converts them in one pass; a private-use
#: character that no conversion step touches (and that data never holds: :func:`clean`).
_ENTRY_BREAK = "\ue0ff"


def to_text_many(riches: list[str]) -> list[str]:
    """``[to_text(r) for r in riches]``, converting them in one pass when none has display markers.

    Without display pieces :func:`to_text` only drops markers and one final newline, so a
    whole reference list can go through the replacements at once and be cut apart again.
    """
    joined = _ENTRY_BREAK.join(riches)
    if len(riches) < 2 or _DISPLAY_ANY.search(joined) or joined.count(_ENTRY_BREAK) != len(riches) - 1:
        return [to_text(rich) for rich in riches]
    pieces = _plain_leftovers(_ANY_MARK.sub("", joined)).split(_ENTRY_BREAK)
    return [piece[:-1] if piece.endswith("\n") else piece for piece in pieces]


BACKENDS: dict[str, Callable[[str], str]] = {
    "text": to_text,
    "html": to_html,
    "markdown": to_markdown,
    "latex": to_latex,
}


#: Inline markup CSL-JSON values may carry (the CSL 1.0.2 appendix on rich text) -> the marker kind.
INLINE_TAGS: dict[str, str] = {
    "<i>": "italic", "<b>": "bold", "<sup>": "superscript", "<sub>": "subscript", "<sc>": "smallcaps",
    '<span style="font-variant:small-caps;">': "smallcaps", '<span style="font-variant: small-caps;">': "smallcaps",
    '<span style="font-variant:small-caps">': "smallcaps", '<span class="nodecor">': "normal",
}
_NOCASE_TAG = '<span class="nocase">'
_INLINE = re.compile(
    "|".join(re.escape(t) for t in sorted([*INLINE_TAGS, _NOCASE_TAG], key=len, reverse=True))
    + r"|</i>|</b>|</sup>|</sub>|</sc>|</span>",
    re.I,
)
_WORD_BEFORE = re.compile(r"[\w.,;:!?)\]\u2019\ue011\ue013\ue015\ue017\ue019\ue002]")


def rich_value(text: str, *, quotes: bool = True) -> str:
    """A CSL-JSON string value as rich text: its ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small-caps and nodecor markup
    becomes markers (``<span class="nocase">`` is left for the engine), straight quote pairs become quote markers
    (so they take the locale's marks at the right level) and other apostrophes ``’``.

    Anything else that looks like a tag stays text, to be escaped on output.
    """
    text = clean(text)
    if "<" in text:
        text = _inline_markup(text)
    if quotes and ("'" in text or '"' in text):
        # The nocase tags the engine reads keep their own quotes.
        held = text.replace(_NOCASE_TAG, "\ue0f0").replace("</span>", "\ue0f1")
        text = _straight_quotes(held).replace("\ue0f0", _NOCASE_TAG).replace("\ue0f1", "</span>")
    return text


def _inline_markup(text: str) -> str:
    out, stack, last = [], [], 0
    for match in _INLINE.finditer(text):
        tag = match.group().lower()
        out.append(text[last : match.start()])
        last = match.end()
        if tag == _NOCASE_TAG:
            stack.append("keep")  # citeproc-py reads nocase spans itself
            out.append(_NOCASE_TAG)
        elif not tag.startswith("</"):
            kind = INLINE_TAGS[tag]
            stack.append(kind)
            out.append(MARKS[kind][0])
        elif stack:
            kind = stack.pop()
            out.append("</span>" if kind == "keep" else MARKS[kind][1])
        else:
            out.append(match.group())
    out.append(text[last:])
    # An opening tag never closed is closed at the end, so a marker cannot leak.
    out.extend("</span>" if kind == "keep" else MARKS[kind][1] for kind in reversed(stack))
    return "".join(out)


def _straight_quotes(text: str) -> str:
    out: list[str] = []
    double_open = single_open = False
    last = 0
    # Only the quote characters are looked at; the text between them is copied as it is.
    for match in _STRAIGHT_QUOTE.finditer(text):
        index = match.start()
        out.append(text[last:index])
        last = index + 1
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if match.group() == '"':
            if double_open:
                out.append(QUOTE_CLOSE)
            elif text.find('"', index + 1) != -1:
                out.append(QUOTE_OPEN)
            else:
                out.append('"')
                continue
            double_open = not double_open
        else:
            opens = (not before or not _WORD_BEFORE.match(before)) and after and not after.isspace()
            closes = single_open and before and not before.isspace() and (not after or not after.isalnum())
            if closes:
                out.append(QUOTE_CLOSE)
                single_open = False
            elif opens and _closing_single(text, index + 1):
                out.append(QUOTE_OPEN)
                single_open = True
            else:
                out.append("\u2019")
    out.append(text[last:])
    return "".join(out)


_STRAIGHT_QUOTE = re.compile("[\"']")


def _closing_single(text: str, start: int) -> bool:
    """True when a ``'`` after ``start`` can close a quote (follows a non-space, is not inside a word)."""
    for index in range(start, len(text)):
        if text[index] == "'":
            before, after = text[index - 1], text[index + 1 : index + 2]
            if not before.isspace() and (not after or not after.isalnum()):
                return True
    return False
