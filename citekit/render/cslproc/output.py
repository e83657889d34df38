"""The output tree the evaluator builds, the data's own markup read into it, and the backends that write it."""

from __future__ import annotations

import html
import re

from ..rich import DISPLAY, DISPLAY_CLOSE, MARGIN, MARKS

__all__ = ["Out", "span", "is_empty", "plain", "parse_markup", "render", "write_tokens", "RichTemplate", "BACKENDS",
           "formatting"]

# Outermost first, as citeproc-js nests them: <b><i>..</i></b>.
_FMT_KEYS = ("vertical-align", "text-decoration", "font-weight", "font-variant", "font-style")


def formatting(node) -> tuple:
    """The formatting pairs a style element asks for, outermost first."""
    return tuple((k, node.attrs[k]) for k in _FMT_KEYS if k in node.attrs)


class Out:
    """A formatted span: children (strings or spans), formatting pairs, affixes, quotes, display and a tag."""

    __slots__ = ("kids", "fmt", "prefix", "suffix", "quotes", "display", "tag", "_empty", "_plain")

    def __init__(self, kids, fmt=(), prefix="", suffix="", quotes=False, display="", tag=""):
        # Worked out once, on first asking (a span is not changed after it is built).
        self._empty = None
        self._plain = None
        self.kids = kids
        self.fmt = fmt
        self.prefix = prefix
        self.suffix = suffix
        self.quotes = quotes
        self.display = display
        self.tag = tag

    def __repr__(self):
        return f"Out({self.kids!r}, {self.fmt!r}, {self.prefix!r}, {self.suffix!r}, q={self.quotes}, tag={self.tag!r})"


def span(kids: list, fmt=(), prefix="", suffix="", quotes=False, display="", tag=""):
    """``Out(kids, ...)``, or its one child span itself when the new span would add nothing to it (no
    formatting, affix, quotes, display or tag): the same text in fewer spans to build, test and walk."""
    if len(kids) == 1 and not (fmt or prefix or suffix or quotes or display or tag):
        k = kids[0]
        if k.__class__ is Out and k.tag != "splice":
            return k
    return Out(kids, fmt, prefix, suffix, quotes, display, tag)


def is_empty(x) -> bool:
    """True when ``x`` prints nothing (affixes alone do not count)."""
    if x is None:
        return True
    if x.__class__ is str:
        return not x
    e = x._empty
    if e is None:
        # A loop, not all() over a generator: this runs for every span of every entry.
        e = True
        for k in x.kids:
            if k.__class__ is str:
                if k:
                    e = False
                    break
            elif k is not None and not is_empty(k):
                e = False
                break
        x._empty = e
    return e


def plain(x) -> str:
    """The text of ``x`` with affixes and without formatting or quotes (for comparisons and sort keys)."""
    if x is None:
        return ""
    if x.__class__ is not Out:
        return x if isinstance(x, str) else "".join(plain(k) for k in x.kids)
    found = x._plain
    if found is None:
        # Worked out once per span: a shared span (a name, a fragment kept per item) is read again
        # by every sort key and comparison that holds it.
        parts = []
        for k in x.kids:
            if k.__class__ is str:
                parts.append(k)
            elif k is not None:
                parts.append(k._plain if k.__class__ is Out and k._plain is not None else plain(k))
        inner = "".join(parts)
        found = x._plain = x.prefix + inner + x.suffix if inner else ""
    return found


# --- the data's own markup --------------------------------------------------------------

_TAG = re.compile(r'(<i>|</i>|<b>|</b>|<sc>|</sc>|<sup>|</sup>|<sub>|</sub>|<span\s+class="nocase">|'
                  r'<span\s+style="font-variant:\s*small-caps;?">|<span\s+class="nodecor">|</span>|<br\s*/?>)')
_OPEN = {"nodecor": (("font-style", "normal"), ("font-variant", "normal"), ("font-weight", "normal")),
         "<i>": (("font-style", "italic"),), "<b>": (("font-weight", "bold"),), "<sc>": (("font-variant", "small-caps"),),
         "<sup>": (("vertical-align", "sup"),), "<sub>": (("vertical-align", "sub"),)}
_CLOSE = {"</i>": "<i>", "</b>": "<b>", "</sc>": "<sc>", "</sup>": "<sup>", "</sub>": "<sub>"}


def parse_markup(text: str) -> list:
    """``text`` from the data with its HTML-like markup and straight quotes read as spans."""
    if "<" not in text and '"' not in text and "'" not in text and "“" not in text:
        return [text]
    stack: list[tuple[str, list]] = [("", [])]
    for piece in _TAG.split(text):
        if not piece:
            continue
        if _TAG.fullmatch(piece):
            if piece.startswith("<br"):
                continue
            if piece.startswith("<span"):
                stack.append(("nocase" if "nocase" in piece else "nodecor" if "nodecor" in piece else "<sc>", []))
            elif piece in _OPEN:
                stack.append((piece, []))
            else:
                want = _CLOSE.get(piece)
                if len(stack) > 1 and (piece == "</span>" and stack[-1][0] in ("nocase", "nodecor", "<sc>") or stack[-1][0] == want):
                    opener, kids = stack.pop()
                    if opener == "nocase":
                        stack[-1][1].append(Out(kids, tag="nocase"))
                    elif opener == "nodecor":
                        stack[-1][1].append(Out(kids, _OPEN[opener], tag="nocase"))
                    elif opener in ("<sc>", "<sup>", "<sub>"):
                        # Small capitals in the data keep their letters' case (citeproc-js reads them as nocase).
                        stack[-1][1].append(Out(kids, _OPEN[opener], tag="nocase"))
                    else:
                        stack[-1][1].append(Out(kids, _OPEN[opener]))
                else:
                    stack[-1][1].append(piece)
        else:
            stack[-1][1].extend(_quotes(piece))
    while len(stack) > 1:
        opener, kids = stack.pop()
        stack[-1][1].append(opener if opener not in ("nocase",) else "")
        stack[-1][1].extend(kids)
    return stack[0][1]


# A straight double quote opens before a word and closes after one; one that does neither is printed as it is.
_DQ = re.compile(r'"(?=\S)([^"]+?)(?<=\S)"|“([^“”]+)”')


def _quotes(text: str) -> list:
    """Quoted spans of either kind, the one that opens first outermost, nested to any depth ('"X"' is X in two levels)."""
    out: list = []
    pos = 0
    while True:
        found = [m for m in (_DQ.search(text, pos), _SQ.search(text, pos)) if m is not None]
        if not found:
            break
        m = min(found, key=lambda m: m.start())
        out.append(_apostrophes(text[pos:m.start()]))
        inner = next(g for g in m.groups() if g is not None)
        out.append(Out(_quotes(inner), quotes=True, tag="dq"))
        pos = m.end()
    out.append(_apostrophes(text[pos:]))
    return [o for o in out if o != ""]


# A quote opens before a word and closes after one: "d ' eau" (spaces both sides) is an apostrophe.
_SQ = re.compile(r"(?:^|(?<=[\s(\[]))['‘](?=\S)((?:[^'‘’]|(?<=\w)['’](?=\w))+?)(?<=\S)['’](?=$|[\s.,;:!?)\]])")


def _apostrophes(text: str) -> str:
    return text.replace("'", "\u2019")


# --- writing ------------------------------------------------------------------------------

_HTML_OPEN = {
    ("font-style", "italic"): "<i>", ("font-style", "oblique"): '<span style="font-style:oblique;">',
    ("font-style", "normal"): '<span style="font-style:normal;">',
    ("font-weight", "bold"): "<b>", ("font-weight", "normal"): '<span style="font-weight:normal;">',
    ("font-weight", "light"): '<span style="font-weight:light;">',
    ("font-variant", "small-caps"): '<span style="font-variant:small-caps;">',
    ("font-variant", "normal"): '<span style="font-variant:normal;">',
    ("text-decoration", "underline"): '<span style="text-decoration:underline;">',
    ("text-decoration", "none"): '<span style="text-decoration:none;">',
    ("vertical-align", "sup"): "<sup>", ("vertical-align", "sub"): "<sub>",
    ("vertical-align", "baseline"): '<span style="baseline">',
}


def _html_close(pair) -> str:
    opener = _HTML_OPEN.get(pair, "<span>")
    return "</" + opener[1:].split(">")[0].split(" ")[0] + ">"


_MD = {("font-style", "italic"): ("*", "*"), ("font-weight", "bold"): ("**", "**"),
       ("vertical-align", "sup"): ("^", "^"), ("vertical-align", "sub"): ("~", "~")}
_TEX = {("font-style", "italic"): ("\\textit{", "}"), ("font-style", "oblique"): ("\\textsl{", "}"),
        ("font-style", "normal"): ("\\textup{", "}"), ("font-weight", "bold"): ("\\textbf{", "}"),
        ("font-weight", "normal"): ("\\textmd{", "}"), ("font-variant", "small-caps"): ("\\textsc{", "}"),
        ("font-variant", "normal"): ("\\textnormal{", "}"), ("text-decoration", "underline"): ("\\underline{", "}"),
        ("vertical-align", "sup"): ("\\textsuperscript{", "}"), ("vertical-align", "sub"): ("\\textsubscript{", "}")}
_TEX_ESC = {"\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{",
            "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"}
_FLIP = {"font-style": "italic", "font-weight": "bold", "font-variant": "small-caps"}


def _superscript_base(c: str) -> str | None:
    import unicodedata

    d = unicodedata.decomposition(c)
    if d.startswith("<super> "):
        return "".join(chr(int(h, 16)) for h in d.split()[1:])
    return None


_SUPERSCRIPTS = {c: b for c in map(chr, list(range(0xA0, 0x2FF)) + list(range(0x1D00, 0x1DBF)) + list(range(0x2070, 0x20A0))
                 + [0x2120, 0x2122, 0x3192, 0x3193, 0x3194, 0x3195, 0x3196, 0x3197, 0x3198, 0x3199, 0x319A, 0x319B,
                    0x319C, 0x319D, 0x319E, 0x319F, 0x02E0, 0xA770, 0xA7F8, 0xA7F9])
                 if (b := _superscript_base(c)) is not None}
_SUPER_RE = "[" + "".join(_SUPERSCRIPTS) + "]"


def _escape_html(s: str) -> str:
    s = s.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    if any(c in _SUPERSCRIPTS for c in s):
        # Unicode's superscript letters are written as <sup>, as citeproc-js writes them.
        s = "".join(f"<sup>{_SUPERSCRIPTS[c]}</sup>" if c in _SUPERSCRIPTS else c for c in s)
    return s


def _escape_md(s: str) -> str:
    return re.sub(r"([\\*_`\[\]<>])", r"\\\1", s)


def _escape_tex(s: str) -> str:
    return "".join(_TEX_ESC.get(c, c) for c in s)


class _Writer:
    """Flattens an output tree to tokens (quotes and flip-flops resolved), fixes punctuation, writes markup.

    The tokens are two parallel lists, their kinds and their values (text, or a formatting pair), so
    that a token costs two appends and the punctuation fixes change a value in place.
    """

    def __init__(self, quotes: tuple[str, str, str, str], punct_in_quote: bool):
        self.q = quotes
        self.piq = punct_in_quote
        self.kinds: list = []
        self.values: list = []
        self.quoted = False  # some closing quote was written (the punctuation-in-quote pass has work)
        self.in_affix = 0  # inside a cite's prefix or suffix

    def walk(self, x, depth_q: int, active: dict) -> None:
        # Runs for every span of every entry: locals, no dict copy unless formatting changes.
        kinds, values = self.kinds, self.values
        if x.__class__ is not Out:
            if isinstance(x, str):
                if x:
                    kinds.append("t")
                    values.append(x)
                return
            if x is None:
                return
        if x._empty if x._empty is not None else is_empty(x):
            return
        display = x.display
        if display:
            kinds.append("do")
            values.append(display)
        if x.prefix:
            kinds.append("t")
            values.append(x.prefix)
        pairs = ()
        inner_active = active
        if x.fmt:
            pairs, inner_active = opened_pairs(x.fmt, active)
            for pair in pairs:
                kinds.append("o")
                values.append(pair)
        quotes = x.quotes
        if quotes:
            kinds.append("qo")
            values.append(self.q[0] if depth_q % 2 == 0 else self.q[2])
            inner_q = depth_q + 1
        else:
            inner_q = depth_q
        tag = x.tag
        affix = tag == "prefix" or tag == "cite-suffix"
        if affix:
            self.in_affix += 1
        walk = self.walk
        for k in x.kids:
            if k.__class__ is str:
                if k:
                    kinds.append("t")
                    values.append(k)
            elif k is not None:
                walk(k, inner_q, inner_active)
        if affix:
            self.in_affix -= 1
        if quotes:
            # Quotes typed in a cite's prefix or suffix keep the punctuation after them where it was
            # typed; quotes in the data follow punctuation-in-quote like the style's (citeproc-js).
            kinds.append("qcd" if tag == "dq" and self.in_affix else "qc")
            values.append(self.q[1] if depth_q % 2 == 0 else self.q[3])
            self.quoted = True
        for pair in reversed(pairs):
            kinds.append("c")
            values.append(pair)
        if x.suffix:
            kinds.append("t")
            values.append(x.suffix)
        if display:
            kinds.append("dc")
            values.append(display)

    def fix(self) -> None:
        kinds, values = self.kinds, self.values
        n = len(kinds)
        if self.piq and self.quoted:
            # Move a period or comma that follows a closing quote inside it.
            for i in range(n):
                if kinds[i] != "qc":
                    continue
                j = i + 1
                while j < n and kinds[j] in ("c", "qc", "qcd"):
                    j += 1
                if j < n and kinds[j] == "t" and values[j][:1] in (".", ","):
                    mark = values[j][0]
                    values[j] = values[j][1:]
                    k = i - 1
                    while k >= 0 and kinds[k] in ("c", "qc", "qcd", "o", "qo"):
                        k -= 1
                    if k >= 0 and kinds[k] == "t":
                        if not (mark == "." and values[k][-1:] in ".!?"):
                            values[k] += mark
                    else:
                        values[i] = mark + values[i]
        last = -1  # the previous text token
        for i in range(n):
            if kinds[i] != "t":
                continue
            right = values[i]
            if not right:
                continue
            if last >= 0:
                left = values[last]
                if left:
                    # Doubled punctuation at the seam merged, as citeproc-js merges it.
                    a, b = left[-1], right[0]
                    if a == " " and b == " ":
                        right = values[i] = right[1:]
                    else:
                        rule = _MERGE.get((a, b))
                        if rule == "left":
                            right = values[i] = right[1:]
                        elif rule == "right":
                            values[last] = left[:-1]
            if right:
                last = i

    def write(self, backend: str) -> str:
        if backend == "rich":
            return self.write_rich()
        out = []
        raised = 0  # inside ^...^ or ~...~ in Markdown, where a space must be escaped
        for kind, value in zip(self.kinds, self.values):
            if kind in ("t", "qo", "qc", "qcd"):
                s = value
                if backend == "html":
                    out.append(_escape_html(s))
                elif backend == "markdown":
                    out.append(_escape_md(s).replace(" ", "\\ ") if raised else _escape_md(s))
                elif backend == "latex":
                    out.append(_escape_tex(s))
                else:
                    out.append(s)
            elif kind in ("o", "c"):
                pair = value
                if backend == "html":
                    out.append(_HTML_OPEN.get(pair, "<span>") if kind == "o" else _html_close(pair))
                elif backend == "markdown":
                    m = _MD.get(pair)
                    if m:
                        out.append(m[0] if kind == "o" else m[1])
                        if pair[0] == "vertical-align":
                            raised += 1 if kind == "o" else -1
                elif backend == "latex":
                    m = _TEX.get(pair)
                    if m:
                        out.append(m[0] if kind == "o" else m[1])
            elif kind == "do":
                if backend == "html":
                    out.append(f'<div class="csl-{value}">')
            elif kind == "dc":
                if backend == "html":
                    out.append("</div>")
                elif backend in ("text", "markdown") and value == "left-margin":
                    out.append(" ")
        return "".join(out)

    def write_rich(self) -> str:
        """citekit's rich text (:mod:`citekit.render.rich`): the styled-list writers escape and mark it up per format."""
        out = []
        for kind, value in zip(self.kinds, self.values):
            if kind == "t" or kind == "qo" or kind == "qc" or kind == "qcd":
                out.append(value)
            elif kind == "o":
                out.append(_RICH[value][0] if value in _RICH else _RICH_NORMAL[0])
            elif kind == "c":
                out.append(_RICH[value][1] if value in _RICH else _RICH_NORMAL[1])
            elif kind == "dc" and value == "left-margin":
                out.append(MARGIN)
            elif value in DISPLAY:
                out.append(DISPLAY[value] if kind == "do" else DISPLAY_CLOSE)
        return "".join(out)


#: Formatting pairs -> the rich-text marker pair; any other pair ("normal", "none") is the normal marker.
_RICH = {("font-style", "italic"): MARKS["italic"], ("font-style", "oblique"): MARKS["italic"],
         ("font-weight", "bold"): MARKS["bold"], ("font-variant", "small-caps"): MARKS["smallcaps"],
         ("vertical-align", "sup"): MARKS["superscript"], ("vertical-align", "sub"): MARKS["subscript"],
         ("vertical-align", "baseline"): MARKS["baseline"], ("text-decoration", "underline"): MARKS["underline"],
         ("font-weight", "light"): ("", "")}
_RICH_NORMAL = MARKS["normal"]


#: (punctuation ending the text before, punctuation starting the text after) -> what stays, as citeproc-js merges them.
_MERGE = {}
for _a in ":;!?.,":
    _MERGE[(_a, _a)] = "left"
for _a in ";!?":
    _MERGE[(_a, ":")] = "left"
for _a in ":;!?":
    _MERGE[(_a, ".")] = "left"
for _a in ":;":
    _MERGE[(_a, "!")] = "right"
    _MERGE[(_a, "?")] = "right"


class _QuotesMoved(Exception):
    """A closing quote under punctuation-in-quote: the token writer's whole-list pass is needed."""


class _RichWriter:
    """The rich text of a tree in one walk: what ``_Writer`` does in its walk, its fixes and ``write_rich``,
    with each text piece merged with the one before as it comes (a styled list writes every entry and
    disambiguation every cite it compares). A tree with a closing quote under punctuation-in-quote
    raises ``_QuotesMoved`` and is left to ``_Writer``."""

    __slots__ = ("q", "piq", "out", "last")

    def __init__(self, quotes: tuple[str, str, str, str], punct_in_quote: bool):
        self.q = quotes
        self.piq = punct_in_quote
        self.out: list = []
        self.last = -1  # the index in ``out`` of the last text piece, as _Writer.fix keeps it

    def text(self, right: str) -> None:
        out = self.out
        last = self.last
        if last >= 0:
            left = out[last]
            if left:
                # Doubled punctuation at the seam merged (the rule of _Writer.fix).
                a, b = left[-1], right[0]
                if a == " " and b == " ":
                    right = right[1:]
                else:
                    rule = _MERGE.get((a, b))
                    if rule == "left":
                        right = right[1:]
                    elif rule == "right":
                        out[last] = left[:-1]
        if right:
            self.last = len(out)
            out.append(right)

    def walk(self, x, depth_q: int, active: dict) -> None:
        if x.__class__ is not Out:
            if isinstance(x, str):
                if x:
                    self.text(x)
                return
            if x is None:
                return
        if x._empty if x._empty is not None else is_empty(x):
            return
        out = self.out
        display = x.display
        if display and display in DISPLAY:
            out.append(DISPLAY[display])
        if x.prefix:
            self.text(x.prefix)
        pairs = ()
        inner_active = active
        if x.fmt:
            pairs, inner_active = opened_pairs(x.fmt, active)
            for pair in pairs:
                out.append(_RICH[pair][0] if pair in _RICH else _RICH_NORMAL[0])
        quotes = x.quotes
        if quotes:
            out.append(self.q[0] if depth_q % 2 == 0 else self.q[2])
            inner_q = depth_q + 1
        else:
            inner_q = depth_q
        walk = self.walk
        text = self.text
        for k in x.kids:
            if k.__class__ is str:
                if k:
                    text(k)
            elif k is not None:
                walk(k, inner_q, inner_active)
        if quotes:
            if self.piq:
                raise _QuotesMoved
            out.append(self.q[1] if depth_q % 2 == 0 else self.q[3])
        for pair in reversed(pairs):
            out.append(_RICH[pair][1] if pair in _RICH else _RICH_NORMAL[1])
        if x.suffix:
            text(x.suffix)
        if display:
            if display == "left-margin":
                out.append(MARGIN)
            elif display in DISPLAY:
                out.append(DISPLAY_CLOSE)


class _Events(list):
    """What a walk appends besides text (markers, quotes), recorded as events in order."""

    __slots__ = ()

    def append(self, value) -> None:
        super().append((False, value))


class _Recorder(_RichWriter):
    """A walk recorded as its raw events, (True, text) and (False, marker), up to and after one span (the slot),
    whose place is kept with the quote depth and formatting in force there."""

    __slots__ = ("slot", "at")

    def __init__(self, quotes, punct_in_quote, slot):
        super().__init__(quotes, punct_in_quote)
        self.out = _Events()
        self.slot = slot
        self.at = None  # (index of the first event after the slot, quote depth, formatting in force)

    def text(self, right: str) -> None:
        list.append(self.out, (True, right))

    def walk(self, x, depth_q: int, active: dict) -> None:
        if x is self.slot:
            self.at = (len(self.out), depth_q, active)
            return
        super().walk(x, depth_q, active)


class RichTemplate:
    """A tree's rich text with one span left open: what comes before it merged once, what comes after it kept as
    events, so that the tree with another span in that place is written by walking that span alone (the same
    text as :func:`render` of the whole tree: the same pieces reach the same merges in the same order)."""

    __slots__ = ("q", "piq", "before", "last", "depth", "active", "after")

    def __init__(self, q, piq, before: list, last: int, depth: int, active: dict, after: list):
        self.q, self.piq = q, piq
        self.before, self.last, self.depth, self.active, self.after = before, last, depth, active, after

    @classmethod
    def of(cls, tree, slot, quotes=("“", "”", "‘", "’"), punct_in_quote: bool = False) -> "RichTemplate | None":
        """The template of ``tree`` open at ``slot`` (a span in it, met once); None when a quote under
        punctuation-in-quote needs the token writer."""
        rec = _Recorder(quotes, punct_in_quote, slot)
        try:
            rec.walk(tree, 0, {})
        except _QuotesMoved:
            return None
        if rec.at is None:
            return None
        cut, depth, active = rec.at
        w = _RichWriter(quotes, punct_in_quote)
        for is_text, value in rec.out[:cut]:
            if is_text:
                w.text(value)
            else:
                w.out.append(value)
        return cls(quotes, punct_in_quote, w.out, w.last, depth, active, list(rec.out[cut:]))

    def write(self, x) -> str | None:
        """The rich text with ``x`` in the open place; None when a quote under punctuation-in-quote needs the
        token writer."""
        w = _RichWriter(self.q, self.piq)
        w.out = list(self.before)
        w.last = self.last
        try:
            w.walk(x, self.depth, self.active)
        except _QuotesMoved:
            return None
        text = w.text
        out = w.out
        for is_text, value in self.after:
            if is_text:
                text(value)
            else:
                out.append(value)
        return "".join(out)


def opened_pairs(fmt, active: dict) -> tuple[list, dict]:
    """The formatting pairs a span opens inside ``active`` (flip-flop applied, pairs already in force dropped),
    and the formatting in force inside it."""
    pairs = []
    for key, value in fmt:
        if value == _FLIP.get(key) and active.get(key) == value:
            value = "normal"  # flip-flop: italic inside italic reads as roman
        elif value == "normal" and active.get(key, "normal") == "normal":
            continue
        if active.get(key) == value:
            continue
        pairs.append((key, value))
    if not pairs:
        return pairs, active
    inner = dict(active)
    inner.update(pairs)
    return pairs, inner


def render(x, backend: str = "html", quotes=("“", "”", "‘", "’"), punct_in_quote: bool = False) -> str:
    """The output tree ``x`` written for ``backend`` (html, text, markdown, latex, or rich: citekit's marked text)."""
    if backend == "rich":
        r = _RichWriter(quotes, punct_in_quote)
        try:
            r.walk(x, 0, {})
            return "".join(r.out)
        except _QuotesMoved:
            pass
    return write_tokens(x, backend, quotes, punct_in_quote)


def write_tokens(x, backend: str = "html", quotes=("“", "”", "‘", "’"), punct_in_quote: bool = False) -> str:
    """``x`` written for ``backend`` through the token list (every backend; :func:`render` takes a shorter way to rich text)."""
    w = _Writer(quotes, punct_in_quote)
    w.walk(x, 0, {})
    w.fix()
    return w.write(backend)


BACKENDS = ("html", "text", "markdown", "latex", "rich")
