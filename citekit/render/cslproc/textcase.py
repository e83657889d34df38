"""CSL text-case and strip-periods on an output tree: the whole span's text is cased as one string."""

from __future__ import annotations

import re
from functools import lru_cache

from .output import Out

__all__ = ["apply_case", "strip_periods", "STOP_WORDS"]

#: CSL 1.0.2's English stop words and phrases (lowercased in title case unless first or last; the
#: specification's "Title case conversion" list, which citeproc-js and pandoc use too).
_STOP_LIST = (
    "a|according to|across|afore|after|against|ahead of|along|alongside|amid|amidst|among|amongst|an|and|anenst|"
    "apart from|apropos|apud|around|as|as regards|aside|astride|at|athwart|atop|back to|barring|because of|before|"
    "behind|below|beneath|beside|besides|between|beyond|but|by|c|ca|circa|close to|d'|de|despite|down|due to|during|"
    "et|except|far from|for|forenenst|from|given|in|inside|instead of|into|lest|like|modulo|near|next|nor|"
    "notwithstanding|of|off|on|onto|or|out|over|per|plus|prior to|pro|pursuant to|qua|rather than|regardless of|sans|"
    "since|so|such as|than|that of|the|through|throughout|thru|thruout|till|to|toward|towards|under|underneath|until|"
    "unto|up|upon|v.|van|versus|via|vis-à-vis|von|vs.|with|within|without|yet|about|above")
STOP_WORDS = frozenset(w.rstrip(".") for w in _STOP_LIST.split("|") if " " not in w)
_STOP_PHRASES = frozenset(tuple(w.split()) for w in _STOP_LIST.split("|") if " " in w)
#: A French/Italian elision (l’, d’, qu’) opening a lowercase word: the word stays as written.
_ELISION = re.compile(r"^(?:[a-z]|qu)['’]\w")
_PROTECT = "\ue000"


def _collect(x, parts: list) -> None:
    if isinstance(x, str):
        parts.append(x)
    elif x is not None:
        if x.tag == "nocase":
            parts.append(_PROTECT * sum(len(s) for s in _texts(x)))
            return
        for k in x.kids:
            _collect(k, parts)


def _texts(x):
    if isinstance(x, str):
        yield x
    elif x is not None:
        for k in x.kids:
            yield from _texts(k)


def _rebuild(x, text: list):
    """``x`` with its leaves replaced, in order, by slices of ``text[0]`` (consumed as it goes)."""
    if isinstance(x, str):
        out, text[0] = text[0][:len(x)], text[0][len(x):]
        return out
    if x is None:
        return None
    if x.tag == "nocase":
        n = sum(len(s) for s in _texts(x))
        text[0] = text[0][n:]
        return x
    return Out([_rebuild(k, text) for k in x.kids], x.fmt, x.prefix, x.suffix, x.quotes, x.display, x.tag)


def _keep_len(old: str, new: str) -> str:
    return new if len(new) == len(old) else old


def _upper1(s: str) -> str:
    return _keep_len(s, s.upper())


_WORD = re.compile(r"[^\s\-/–—]+")


def _cap_first(text: str) -> str:
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + _upper1(c) + text[i + 1:]
        if c == _PROTECT:
            return text
    return text


#: What separates words for capitalize-first, capitalize-all and sentence case: citeproc-js's
#: word boundaries (quotes, dashes, the slash and punctuation), besides white space.
_SEPARATORS = frozenset("‘’“”\"'-–—/.,;?!:[]()")
_OPENERS = {"‘": "’", "“": "”"}


def _words(text: str) -> list[tuple[int, int, bool]]:
    """Each word of ``text`` as (start, end, as_written).

    A word right after an apostrophe or a closing quote that closes nothing (the elided "’t"
    of "’t Hooft", "’s-Hertogenbosch") is ``as_written``: its first letter is not the start of
    a word to capitalise (citeproc-js restores it); so is one after an opening quote that is
    never closed.
    """
    out: list[tuple[int, int, bool]] = []
    open_quotes: list[tuple[str, int]] = []  # (closer awaited, index in out of the word after the opener)
    keep = False
    after_opener = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c in _SEPARATORS:
            after_opener = c in _OPENERS
            if after_opener:
                open_quotes.append((_OPENERS[c], len(out)))
                keep = False
            elif c in "’”'\"":
                if open_quotes and open_quotes[-1][0] == c:
                    open_quotes.pop()
                    keep = False
                else:
                    keep = True
            else:
                keep = False
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _SEPARATORS:
            j += 1
        out.append((i, j, keep))
        keep = after_opener = False
        i = j
    for _, at in open_quotes:
        if at < len(out):
            start, end, _ = out[at]
            out[at] = (start, end, True)
    return out


def _cap_word(text: str, start: int, end: int) -> str:
    """``text`` with the word at ``start`` capitalised if it is lowercase: its first character, whatever it is ("2nd"
    and "¿qué" stay; a lone Greek letter, a symbol in science, stays too)."""
    word = text[start:end]
    if _PROTECT in word or word != word.lower() or (end - start == 1 and "\u0370" <= word <= "\u03ff"):
        return text
    return text[:start] + _upper1(word[0]) + text[start + 1:]


def _capitalize_first(text: str) -> str:
    words = _words(text)
    if not words or words[0][2]:
        return text
    return _cap_word(text, words[0][0], words[0][1])


_PARTICLES = frozenset("von van de der den du da das dos del della di la le ter ten zu".split())


def _latin(c: str) -> bool:
    return c.isalpha() and ord(c) < 0x250


def _title(text: str) -> str:
    all_upper = False
    words = list(_WORD.finditer(text))
    out = list(text)
    after_colon = True
    bares = [m.group(0).strip("\"'“”‘’([{").lower().rstrip(".,;:!?)]}\"'’”") for m in words]
    as_written = {start for start, _, keep in _words(text) if keep}
    in_phrase = set()
    for n in range(len(words) - 1):
        if (bares[n], bares[n + 1]) in _STOP_PHRASES and not words[n].group(0).endswith((",", ":", ";", ".")):
            in_phrase.update((n, n + 1))
    for n, m in enumerate(words):
        word = m.group(0)
        # A word in braces stays as written, as citeproc-js leaves it ("{braces}").
        core = word.strip("\"'“”‘’([")
        lead = len(word) - len(word.lstrip("\"'“”‘’(["))
        start = m.start() + lead
        if _PROTECT in word or not core:
            after_colon = word.endswith((":", "?", "!"))
            continue
        lower = core.lower()
        bare = lower.rstrip(".,;:!?)]}\"'’”")
        # A stop word opening a hyphenated compound is capitalised ("Pro-Environmental"); one
        # inside it is not ("Out-of-Fashion").
        opens_compound = text[m.end():m.end() + 1] == "-" and (m.start() == 0 or text[m.start() - 1] != "-")
        is_stop = (bare in STOP_WORDS or n in in_phrase) and not opens_compound
        if (core == lower and _ELISION.match(core)) or start in as_written:
            after_colon = False
            continue
        nxt = words[n + 1].group(0) if n + 1 < len(words) else ""
        if core == lower and bare in _PARTICLES and nxt[:1].isupper():
            after_colon = False
            continue  # a name particle before a capitalised name stays as written
        if not _latin(core[0]) or (m.start() > 0 and text[m.start() - 1] == "-" and len(core) == 1):
            after_colon = word.endswith((":", "?", "!"))
            continue
        if all_upper:
            body = core.lower()
            if not is_stop or after_colon or n == 0:
                body = _cap_first(body)
            out[start:start + len(core)] = list(_keep_len(core, body))
        elif core == lower:
            # A lone lowercase letter ("p values", "vitamin c", "e. coli") is a symbol or an abbreviation, not a word to
            # capitalise, unless it opens the title or a subtitle (citeproc-js and pandoc's citeproc alike).
            letter = len(bare) == 1 and not (after_colon or n == 0)
            if not letter and (not is_stop or after_colon or n == 0 or n == len(words) - 1):
                out[start:start + len(core)] = list(_cap_first(core))
        after_colon = word.endswith((":", "?", "!", "."))
        if word.endswith(".") and len(core) > 2:
            after_colon = False
    return "".join(out)


def _sentence(text: str) -> str:
    text = "".join(c if c == _PROTECT or len(c.lower()) != 1 else c.lower() for c in text)
    return _capitalize_first(text)


def _capitalize_all(text: str) -> str:
    for start, end, as_written in _words(text):
        if not as_written:
            text = _cap_word(text, start, end)
    return text


def apply_case(x, case: str, english: bool = True, dotted_i: bool = False):
    """``x`` with CSL ``text-case`` applied (title case only for English items; ``dotted_i``: Turkish "i" -> "İ")."""
    if not case or x is None:
        return x
    if isinstance(x, str):
        text = x
    else:
        parts: list[str] = []
        _collect(x, parts)
        text = "".join(parts)
    new = _cased(text, case, english, dotted_i)
    if new == text:
        return x  # nothing to change: the span as it is
    if isinstance(x, str):
        return new
    return _rebuild(x, [new])


@lru_cache(maxsize=1 << 16)
def _cased(text: str, case: str, english: bool, dotted_i: bool) -> str:
    """``text`` in ``case`` (kept for the next time: a title is cased for the entry, its sort key and its cite)."""
    if case == "lowercase":
        new = "".join(c if c == _PROTECT else c.lower() if len(c.lower()) == 1 else c for c in text)
    elif case == "uppercase":
        new = "".join(c if c == _PROTECT else "İ" if dotted_i and c == "i" else _upper1(c) for c in text)
    elif case == "capitalize-first":
        # Only a lowercase first word is capitalised ("arXiv" stays).
        new = _capitalize_first(text)
    elif case == "capitalize-all":
        new = _capitalize_all(text)
    elif case == "sentence":
        new = _sentence(text)
    elif case == "title":
        new = _title(text) if english else text
    else:
        new = text
    return new


def strip_periods(x):
    """``x`` with every period removed from its text."""
    if isinstance(x, str):
        return x.replace(".", "")
    if x is None:
        return None
    return Out([strip_periods(k) for k in x.kids], x.fmt, x.prefix, x.suffix, x.quotes, x.display, x.tag)
