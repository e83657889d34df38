"""BibTeX title case to CSL sentence case, as pandoc's BibTeX reader converts English titles.

BibTeX titles are written in Title Case and the style lowers what it may; CSL expects titles
in sentence case and leaves them as they are. pandoc (``unTitlecase`` in
``Text/Pandoc/Citeproc/BibTeX.hs`` with citeproc's ``withSentenceCase``) converts an
English entry's titles when it reads a ``.bib``, and so does Better BibTeX. The rules
followed here are theirs:

- a braced group that is not a command's argument (``{NASA}``, ``{\\"O}sterreich``,
  ``{the Big Bang}``) and math (``$O(n)$``) keep their case, and so does small caps;
- a word is a run of letters and digits; a *capitalized* word (one capital, then lower-case
  letters only) is lowered, unless it starts the title or follows sentence-ending
  punctuation and a space (``.``, ``!``, ``?``, ``:``); a word in lower case there is
  capitalized; any other word (``DNA``, ``iPhone``, ``3D``, ``McDonald``) is kept;
- a hyphen or an apostrophe ends a word (``In-Depth`` -> ``in-depth``).

Only entries in English are converted: ``langid`` or ``hyphenation`` (pandoc's test), and
``language`` too, naming another language leave the entry's titles as written.
``--keep-case`` (:func:`keep_case`) turns the conversion off for a run.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .lazyre import LazyPattern

__all__ = ["TITLE_FIELDS", "is_english", "sentence_case", "tex_sentence_case", "tex_nocase", "keep_case"]

#: .bib fields pandoc reads with ``getTitle`` (converted); journal titles are names and stay.
TITLE_FIELDS = frozenset({"title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "booktitleaddon",
                          "maintitle", "mainsubtitle", "maintitleaddon", "series", "eventtitle", "origtitle",
                          "shorttitle", "issuetitle", "issuesubtitle"})

# Private-use characters mark a protected stretch through the decoder, which passes them on.
PROTECT_OPEN, PROTECT_CLOSE = "\uf8f0", "\uf8f1"
# A braced group that protects case and can be a CSL nocase span (not math, not a BibTeX "special character"
# ``{\\'e}``/``{\\emph{..}}``, whose case BibTeX's change.case$ changes) is marked with these instead.
NOCASE_OPEN, NOCASE_CLOSE = "\uf8f5", "\uf8f6"
_MARKERS = (PROTECT_OPEN, PROTECT_CLOSE, NOCASE_OPEN, NOCASE_CLOSE)
# A literal dollar (TeX's ``\$``, any ``$`` of CSL text) stands in as this character while the
# case is converted, so that only TeX's math, which the decoder leaves as ``$...$``, reads as math.
DOLLAR = "\uf8f2"
# Literal braces of plain text stand in as these while its case is converted (a brace is TeX's group).
_LITERAL_BRACES = str.maketrans("{}", "\uf8f3\uf8f4")
_BRACES_BACK = str.maketrans("\uf8f3\uf8f4", "{}")
_ESCAPED_DOLLAR = LazyPattern(r"(?<!\\)((?:\\\\)*)\\\$")
_COMMAND = LazyPattern(r"\\([A-Za-z@]+|.)\s*$")
# biblatex's \bibstring{key}: the argument names a string (english.lbx's "review of"), no text of its own to protect.
_KEYED = LazyPattern(r"\\bibstring\s*\{[A-Za-z]+\}")
# Commands whose argument pandoc's LaTeX reader makes formatting, which sentence case goes into;
# the argument of any other command (\mkbibemph, \textsc, \mbox) keeps its case.
_CASED_ARGUMENT = frozenset({"emph", "textit", "textbf", "textsl", "textup", "textrm", "textsf", "texttt", "textmd",
                             "em", "it", "bf", "sl", "rm", "sf", "tt", "url", "textnormal", "uppercase",
                             "lowercase", "MakeUppercase", "MakeLowercase", "enquote"})
_RICH_TAG = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|<span style="font-variant:\s*small-caps;?">|</span>')
_ENGLISH = frozenset({"english", "american", "british", "usenglish", "ukenglish", "canadian", "australian",
                      "newzealand", "en", "eng"})
_SENTENCE_END = frozenset(".!?:")


def is_english(values: dict[str, str]) -> bool:
    """True unless ``langid``/``hyphenation`` (or ``language``) names a language other than English."""
    for field in ("langid", "hyphenation", "language"):
        raw = values.get(field)
        if raw is None:
            continue
        lang = raw.strip().strip("{}").strip().lower()
        if not lang:
            continue
        if field == "language" and not re.fullmatch(r"[a-z]+(?:[-_][a-z]+)*", lang):
            continue  # a list or a sentence: not a language name to judge by
        return lang in _ENGLISH or lang.startswith(("en-", "en_", "english"))
    return True


#: What :func:`mark_protected` acts on; the text between two of these passes as it is.
_MARK_SPECIAL = LazyPattern(r"[\\{}$]")
# A control word or symbol; a symbol may be any character, a line end too ("\\" then a new line is TeX's
# control space).
_CONTROL_SEQUENCE = LazyPattern(r"\\(?:[A-Za-z@]+|.)", re.S)


def mark_protected(raw: str) -> str:
    """``raw`` TeX with every case-protected stretch (a brace group no command takes, math) between markers."""
    if _MARK_SPECIAL.search(raw) is None:
        return raw  # nothing to protect: the same string, which tex_sentence_case need not decode again
    out: list[str] = []
    depth = 0  # open braces
    protected_at = -1  # the depth at which the protected group opened, -1 outside one
    closer = PROTECT_CLOSE  # the marker that closes the open protected group
    i, n = 0, len(raw)
    special = _MARK_SPECIAL.search
    while i < n:
        m = special(raw, i)
        if m is None:
            out.append(raw[i:])
            break
        if m.start() > i:
            out.append(raw[i:m.start()])  # plain text, in one piece
            i = m.start()
        ch = raw[i]
        if ch == "\\":
            if i + 1 < n:
                # A control word or symbol passes whole (its letters are not title text).
                cs = (_KEYED.match(raw, i) or _CONTROL_SEQUENCE.match(raw, i)).group(0)
                out.append(cs)
                i += len(cs)
                continue
            out.append(ch)
        elif ch == "{":
            depth += 1
            command = _COMMAND.search(raw[max(0, i - 40):i])
            takes = command is not None and (len(command.group(1)) == 1 or command.group(1) in _CASED_ARGUMENT)
            if protected_at < 0 and not takes:
                protected_at = depth
                # A group that opens with a command is BibTeX's special character (an accent, a font switch) and a
                # command's argument is markup (\\textsc{..} is small caps): protected as pandoc does, but no nocase
                # span, as change.case$ changes a special character's letters and markup keeps its own case.
                is_special = command is not None or raw.startswith("\\", i + 1)
                closer = PROTECT_CLOSE if is_special else NOCASE_CLOSE
                out.append("{" + (PROTECT_OPEN if is_special else NOCASE_OPEN))
            else:
                out.append("{")
        elif ch == "}":
            if depth == protected_at:
                out.append(closer + "}")
                protected_at = -1
            else:
                out.append("}")
            depth = max(0, depth - 1)
        elif protected_at < 0:  # "$": math, protected whole
            end = raw.find("$", i + 1)
            if end < 0:
                out.append(raw[i:])
                break
            out.append(PROTECT_OPEN + raw[i:end + 1] + PROTECT_CLOSE)
            i = end + 1
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=16384)
def _convert_word(word: str, start: bool) -> str:
    # Cached: titles repeat their words ("of", "the", "Learning"), and this is asked for every one.
    capitalized = word[0].isupper() and all(c.islower() for c in word[1:])
    if capitalized and not start:
        return word.lower()
    if start and (capitalized or all(c.islower() for c in word)):
        return word[0].upper() + word[1:].lower()
    return word


def sentence_case(text: str) -> str:
    """Decoded title text (with protection markers and CSL rich tags) in sentence case, markers removed."""
    if not _WALK_NEEDED.search(text):
        return _plain_sentence_case(text)
    out: list[str] = []
    state = "start"  # start | sentence | word | space | punct | after-end
    protected = 0
    smallcaps = 0
    i, n = 0, len(text)
    last = _last_word(text)
    while i < n:
        ch = text[i]
        if ch == PROTECT_OPEN:
            protected += 1
            i += 1
            continue
        if ch == PROTECT_CLOSE:
            protected = max(0, protected - 1)
            i += 1
            continue
        if ch == NOCASE_OPEN or ch == NOCASE_CLOSE:
            # Kept in the text (nocase_spans makes them spans); protects as PROTECT_OPEN does.
            protected = protected + 1 if ch == NOCASE_OPEN else max(0, protected - 1)
            out.append(ch)
            i += 1
            continue
        if ch == "$" and not protected:
            end = text.find("$", i + 1)
            if end > i:
                # math keeps its case (the decoder leaves it as $...$); markers inside it are not text
                out.append(_unmarked(text[i:end + 1]))
                state = "word"
                i = end + 1
                continue
        if ch == "<":
            m = _RICH_TAG.match(text, i)
            if m:
                tag = m.group(0)
                if "small-caps" in tag or "nocase" in tag:
                    smallcaps += 1
                elif tag == "</span>" and smallcaps:
                    smallcaps -= 1
                out.append(tag)
                i = m.end()
                continue
        if ch.isalnum():
            j = _WORD_RUN.match(text, i).end()  # the run of letters and digits, found in C
            word = text[i:j]
            if protected or smallcaps:
                out.append(word)
            else:
                # citeproc gives the last word its own state, so a sentence start there is not one.
                start = state == "start" or (state == "sentence" and i != last)
                out.append(_convert_word(word, start))
            state = "word"
            i = j
            continue
        if ch.isspace():
            out.append(ch)
            state = "sentence" if state == "after-end" else ("start" if state == "start" else "space")
        elif ch in _SENTENCE_END:
            out.append(ch)
            state = "after-end"
        else:
            out.append(ch)
            # Opening punctuation before a title's first word leaves it the first word.
            if state not in ("start", "sentence"):
                state = "punct"
        i += 1
    return "".join(out)


#: What only :func:`sentence_case`'s character walk reads: markers, math and tags. Text without them (most
#: titles) goes word by word (:func:`_plain_sentence_case`).
_WALK_NEEDED = re.compile("[$<" + "".join(_MARKERS) + "]")
_GAP_STATE = {"start": "start", "after-end": "sentence"}  # a space after these; after any other, "space"


def _plain_sentence_case(text: str) -> str:
    """:func:`sentence_case` of a text with no marker, math or tag: the same states, moved a word at a time."""
    return "".join(_sentence_case_parts(_WORD_SPLIT.split(text)))


def _sentence_case_parts(parts: list[str]) -> list[str]:
    """``parts`` (``_WORD_SPLIT.split`` of a text with no marker, math or tag: gap, word, ..., gap) with
    each word as :func:`sentence_case` gives it, in a new list."""
    parts = list(parts)
    n = len(parts)
    # The last word as _last_word finds it: none when an underscore follows the last letter or digit.
    last = n - 2 if "_" not in parts[-1] else -1
    state = "start"
    for k in range(1, n, 2):
        gap = parts[k - 1]
        if gap == " " and state == "word":
            state = "space"
        else:
            for ch in gap:
                if ch.isspace():
                    state = _GAP_STATE.get(state, "space")
                elif ch in _SENTENCE_END:
                    state = "after-end"
                elif state not in ("start", "sentence"):
                    state = "punct"
        # citeproc gives the last word its own state, so a sentence start there is not one.
        parts[k] = _convert_word(parts[k], state == "start" or (state == "sentence" and k != last))
        state = "word"
    return parts


def _last_word(text: str) -> int:
    """Where the last word of ``text`` starts (tags and markers skipped), or -1."""
    plain = _RICH_TAG.sub(lambda m: "\0" * len(m.group(0)), text) if "<" in text else text
    # From the end (one pass, not a search from every word): past the trailing non-word
    # characters, the letters and digits that end there; none when the last is ``_``.
    end = len(plain)
    while end and not (plain[end - 1].isalnum() or plain[end - 1] == "_"):
        end -= 1
    if not end or plain[end - 1] == "_":
        return -1
    start = end - 1
    while start and plain[start - 1].isalnum():
        start -= 1
    return start


def tex_sentence_case(raw: str, decode) -> str | None:
    """``raw`` (a .bib value, macros expanded) decoded by ``decode(text, markup)`` and put in sentence case.

    None when marking the protected stretches changes what the decoder reads (the value
    is then left as written rather than guessed at).
    """
    if "\\$" in raw:
        raw = _ESCAPED_DOLLAR.sub(lambda m: m.group(1) + DOLLAR, raw)
    text = _marked_text(raw, decode)
    if text is None:
        return None
    return nocase_spans(sentence_case(text)).replace(DOLLAR, "$")


def tex_nocase(raw: str, decode) -> str | None:
    """``raw`` decoded as written, with a CSL nocase span for each group that protects case; None when it has none.

    For titles that stay as written (an entry not in English, ``--keep-case``): a title-case style
    must still leave ``{c}alifornia`` and ``{{Whole title}}`` alone.
    """
    if "{" not in raw:
        return None
    if "\\$" in raw:
        raw = _ESCAPED_DOLLAR.sub(lambda m: m.group(1) + DOLLAR, raw)
    text = _marked_text(raw, decode)
    if text is None or NOCASE_OPEN not in text:
        return None
    spanned = nocase_spans(text)
    return spanned.replace(DOLLAR, "$") if "<span" in spanned else None


def _marked_text(raw: str, decode) -> str | None:
    """``raw`` decoded with its protected stretches marked; None when marking changes what the decoder reads."""
    marked = mark_protected(raw)
    text = decode(marked, True)
    if marked is raw and not any(m in text for m in _MARKERS):
        return text  # nothing marked: equal, surely
    if _unmarked(text) != decode(raw, True):
        return None
    return text


def _unmarked(text: str) -> str:
    for m in _MARKERS:
        text = text.replace(m, "")
    return text


_NOCASE_STRETCH = LazyPattern(NOCASE_OPEN + "([^" + NOCASE_OPEN + NOCASE_CLOSE + "]*)" + NOCASE_CLOSE)
_TAGS = re.compile(r"<[^>]*>")
# What title case starts a new word after: spaces, hyphens, dashes and slashes ("X-ray" -> "X-Ray").
_SPAN_WORD_SPLIT = LazyPattern(r"[\s\-\u2010-\u2015/]+")


def nocase_spans(text: str) -> str:
    """``text`` with each nocase-marked stretch that a case-changing style could change as a CSL nocase span.

    A stretch gets a span when a word in it is in lower case (``{c}alifornia``, ``{lme4}``, ``{van}``,
    ``{X-ray}``: CSL's title case and capitalize-first/-all capitalise a lower-case word) or when it holds
    more than one word (``{{A whole title}}``, ``{Shirley Jackson}``: a phrase the author fixed, which title
    case of an all-capitals title would lower). A single word with a capital (``{BERT}``, ``{Mars}``,
    ``{A}``, ``{fMRI}``) or a group without letters (``{2003}``) gets none: CSL's title case, sentence case
    and capitalisation leave a capitalised or mixed-case word as it is (only ``lowercase``/``uppercase``,
    which styles do not put on titles, would change it), and CSL-JSON keeps its text without noise.
    Other markers go.
    """
    if NOCASE_OPEN not in text:
        return _unmarked(text) if PROTECT_OPEN in text or PROTECT_CLOSE in text or NOCASE_CLOSE in text else text

    def span(m: re.Match) -> str:
        inner = _unmarked(m.group(1))
        plain = _TAGS.sub("", inner) if "<" in inner else inner
        if not any(c.isalpha() for c in plain) or ("<" in inner and not _balanced_tags(inner)):
            return inner
        words = [w for w in _SPAN_WORD_SPLIT.split(plain) if any(c.isalpha() for c in w)]
        if len(plain.split()) > 1 or any(w.islower() for w in words):
            return f'<span class="nocase">{inner}</span>'
        return inner

    return _unmarked(_NOCASE_STRETCH.sub(span, text))


def keep_case(library: Any) -> None:
    """Forget every title's sentence-case form: ``--keep-case`` keeps titles as the ``.bib`` wrote them."""
    for entry in library.entries:
        bib = entry.extra.get("bibtex")
        if isinstance(bib, dict):
            bib.pop("sentence", None)


_WORD_RUN = re.compile(r"[^\W_]+")  # letters and digits: what str.isalnum accepts, as sentence_case's words
_WORD_SPLIT = re.compile(r"([^\W_]+)")
_NOCASE_SPAN = re.compile(r'<span class="nocase">.*?</span>')


def looks_sentence_case(text: str) -> bool:
    """True when most longer words after the first start in lower case: a CSL title, not a BibTeX one."""
    plain = _RICH_TAG.sub(" ", _NOCASE_SPAN.sub(" ", text)) if "<" in text else text
    words = [w for w in _WORD_RUN.findall(plain)[1:] if len(w) >= 4 and w.isalpha()]
    if len(words) < 2:
        return True
    lower = sum(1 for w in words if w[0].islower())
    return lower * 2 >= len(words)


def _balanced_tags(text: str) -> bool:
    depth: list[str] = []
    for m in _RICH_TAG.finditer(text):
        tag = m.group(0)
        if tag.startswith("</"):
            if not depth:
                return False
            depth.pop()
        else:
            depth.append(tag)
    return not depth


# An ASCII capitalised word (``Germain``, ``A``): the only kind of word sentence case lowers.
# The capital first and the look-behind after it: a pattern that opens with a character set is searched
# by skipping to that set's characters (sre's prefix scan), not tried at every position.
_ASCII_CAPITALISED = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[a-z]*(?![A-Za-z0-9])")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_ASCII_UPPER = re.compile(r"[A-Z]")


# What, before a title's first word, can leave that word no sentence start (sentence-ending
# punctuation: ":Word" lowers it) or needs the full walk to tell (math, markup, markers).
_BEFORE_FIRST = re.compile("[$<.!?:" + "".join(_MARKERS) + "]")


def _may_lower(text: str, tex: bool = True) -> bool:
    """False when :func:`sentence_case` can lower no word of the ASCII ``text``: no capitalised word but the first.

    Sentence case changes a word only by lowering a capitalised one after the start or
    capitalising a lower-case one (which :func:`protect_capitals` leaves to the style), so
    without a capitalised word after the first, nothing is protected. The first word counts
    as the start only when no sentence end, math or markup comes before it; otherwise the
    full walk decides. ``tex``: ``$...$`` is math (see :func:`protect_capitals`), whose words are not looked at.
    """
    if tex and "$" in text:
        # Math keeps its case: its letters are blanked out (the spans as sentence_case's walk pairs them,
        # with literal dollars marked first as protect_capitals marks them). A literal dollar: the walk decides.
        from .latex import mark_literal_dollars

        marked = mark_literal_dollars(text, DOLLAR)
        if DOLLAR in marked:
            return True
        text = _MATH_SPAN.sub(_blank_math, marked)
    first = _ASCII_WORD.search(text)
    for m in _ASCII_CAPITALISED.finditer(text):
        if first is not None and m.start() == first.start() and not _BEFORE_FIRST.search(text, 0, m.start()):
            continue
        return True
    return False


_MATH_SPAN = LazyPattern(r"\$[^$]*\$")


def _blank_math(m: re.Match[str]) -> str:
    """A math span with digits for its inside: no word of it is capitalised, and none joins a neighbour."""
    return "$" + "0" * (len(m.group()) - 2) + "$"


def _may_lower_any(text: str) -> bool:
    """:func:`_may_lower` for any text: False when it has no math, markup or markers and no capitalised
    word (a capital, then lower-case letters only) after its first word, which is all sentence case lowers."""
    if "$" in text or "<" in text or any(m in text for m in _MARKERS):
        return True
    first = _WORD_RUN.search(text)
    if first is None:
        return False
    if _BEFORE_FIRST.search(text, 0, first.start()):
        return True
    return any(w[0].isupper() and all(c.islower() for c in w[1:]) for w in _WORD_RUN.findall(text, first.end()))


def protect_capitals(text: str, tex: bool = True, sentence_cased: bool | None = True) -> str:
    """CSL rich text with a ``nocase`` span around each word that :func:`sentence_case` would change.

    For writing a sentence-case CSL title as BibTeX: the capitals a reader (pandoc, citekit,
    a style's sentence case) would lower are the ones the author meant (``Abbo of St.
    Germain``), so the .bib braces them and reading it back gives the title unchanged.
    ``tex=False``: the text holds no TeX (a CSL-JSON value), so its dollars and braces are
    characters the writer escapes, never math or a protected group. ``sentence_cased`` None:
    only when the title looks it (:func:`looks_sentence_case`), which is asked only of a
    title with a capital to protect.
    """
    if text.isascii() and _ASCII_UPPER.search(text, 1) is None and "$" not in text:
        return text  # no capital past the first character: no word but the first can be lowered
    if tex and "$" in text and text.isascii():
        # The same outside the math, when every dollar is kept math (the math keeps its case).
        from .latex import outside_safe_math

        outside = outside_safe_math(text)
        if outside is not None and _ASCII_UPPER.search(outside, 1) is None:
            return text
    if tex and ("{" in text or "}" in text):
        return text  # literal braces or TeX groups: the writer's escaping decides, nothing is added
    if "<" in text and not _balanced_tags(text):
        return text  # unpaired markup: written as the text it is
    if not (_may_lower(text, tex) if text.isascii() else _may_lower_any(text)):
        return text
    if not sentence_cased and (sentence_cased is not None or not looks_sentence_case(text)):
        return text
    if text.isascii() and "$" not in text and "<" not in text:
        return _protect_words(text)  # the common title: no math, tag or marker (markers are not ASCII)
    return _protect_walk(text, tex)


def _protect_words(text: str) -> str:
    """:func:`_protect_walk` of ASCII text with no math, tag or marker, word by word.

    Sentence case then goes a word at a time (:func:`_sentence_case_parts`), and an ASCII
    word keeps its length and place, so each word is compared with its own converted form
    (a test holds the two functions to the same result).
    """
    parts = _WORD_SPLIT.split(text)
    converted = _sentence_case_parts(parts)
    changed = False
    for k in range(1, len(parts), 2):
        word = parts[k]
        # Only capitals are protected: a lower-case word a sentence start would capitalize is left to the style.
        if converted[k] != word and not word.islower():
            parts[k] = f'<span class="nocase">{word}</span>'
            changed = True
    return "".join(parts) if changed else text


def _protect_walk(text: str, tex: bool) -> str:
    """A ``nocase`` span around each word of ``text`` that :func:`sentence_case` changes, but lower-case ones."""
    # A dollar the writer escapes (``US$29.99``) is a dollar, not the start of math sentence case skips.
    from .latex import mark_literal_dollars

    if tex:
        marked = mark_literal_dollars(text, DOLLAR)
    else:
        # Same length, so the words of both texts stand at the same places.
        marked = text.replace("$", DOLLAR).translate(_LITERAL_BRACES)
    converted = sentence_case(marked).replace(DOLLAR, "$").translate(_BRACES_BACK)
    if converted == text:
        return text
    out: list[str] = []
    pos = 0
    for a, b in zip(_WORD_RUN.finditer(text), _WORD_RUN.finditer(converted)):
        # Only capitals are protected: a lower-case word a sentence start would capitalize is left to the style.
        if a.group(0) != b.group(0) and a.start() == b.start() and not a.group(0).islower():
            out.append(text[pos:a.start()])
            out.append(f'<span class="nocase">{a.group(0)}</span>')
            pos = a.end()
    out.append(text[pos:])
    return "".join(out)
