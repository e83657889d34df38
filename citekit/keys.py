"""Citation keys: pattern-based, ASCII-folded, unique and deterministic.

The default pattern ``{auth}{year}{title}`` gives keys like ``lan2019lca``. A pattern
is literal text with fields in braces:

=================  ==========================================================
``{auth}``         first author's family name (``Müller`` -> ``muller``;
                   ``van der Berg`` -> ``vanderberg``)
``{authors}``      up to two family names joined (``lanweston``); with three or
                   more authors the first name plus ``etal``
``{authorsN}``     the first N family names joined (``{authors3}``)
``{year}``         the year of ``issued`` (nothing when the year is unknown)
``{title}``        the first significant title word (``a``, ``the``, ``on`` ... skipped)
``{shorttitle}``   the first three significant title words
``{titleN}``       the first N significant title words
``{arxiv}``        the arXiv id with ``. / -`` as ``_`` (``2311_05598``)
=================  ==========================================================

Everything else in the pattern is kept as typed (only characters safe in BibTeX and
biber keys: letters, digits, ``_ - : .``). Field values are lower-case ASCII.

An entry without authors takes its first significant title word in place of
``{auth}`` (and ``{title}`` then moves on to the next word), so ``Scaling Law with
...`` with no author and no year becomes ``scalinglaw``. When a pattern yields
nothing at all the key is ``arxiv2311_05598`` from the arXiv id, else a DOI stem,
else ``anon``: never an empty key.

Keys already set (read from an input .bib) are kept and reserved. Clashes (compared
case-insensitively, as BibTeX does) get ``a``, ``b``, ... ``z``, ``aa`` ... suffixes in
input order, so the same input always gives the same keys.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .errors import UsageError
from .hashset import HashSet64, hash64
from .model import Entry, Library, Problem

__all__ = ["DEFAULT_PATTERN", "KeyAssigner", "KeyPattern", "assign_keys", "fold_ascii", "make_stem"]

DEFAULT_PATTERN = "{auth}{year}{title}"

# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
    "ı": "i", "ŋ": "ng", "Ŋ": "NG", "ĸ": "q", "ſ": "s", "’": "'", "‘": "'",
})

_STOPWORDS = frozenset(
    "a an the on of in for to and or with without from by at as via is are be do does "
    "we our your its it this that these those into onto over under towards toward "
    "about against between through than vs versus how what when where which who why "
    "can not no".split()
)

_FIELD = re.compile(r"\{([a-z]+)(\d*)\}")
_SAFE_LITERAL = re.compile(r"[^A-Za-z0-9_:.\-]")
_KNOWN = {"auth", "authors", "year", "title", "shorttitle", "arxiv"}
_TEX_CMD_SPACE = re.compile(r"\\[A-Za-z]+\s*")
_TEX_CMD = re.compile(r"\\[A-Za-z]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_MATH = re.compile(r"\$[^$]*\$")
_ALNUM_RUN = re.compile(r"[a-z0-9]+")


def fold_ascii(text: str) -> str:
    """``text`` with accents dropped and special letters spelled out in ASCII (others removed)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    # Combining marks are never ASCII, so dropping every non-ASCII character drops them too.
    return text.encode("ascii", "ignore").decode("ascii")


@functools.lru_cache(maxsize=16384)  # family names recur across a library
def _word(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (apostrophes and TeX braces dropped)."""
    text = _TEX_CMD_SPACE.sub("", text)  # a stray TeX command is not part of the name
    return _NOT_ALNUM.sub("", fold_ascii(text).lower())


def _title_words(title: str | None) -> list[str]:
    if not title:
        return []
    title = _MATH.sub(" ", title)  # math is not a word
    title = _TEX_CMD.sub(" ", title)
    folded = fold_ascii(title).lower().replace("'", "")
    words = _ALNUM_RUN.findall(folded)
    return [w for w in words if w not in _STOPWORDS]


def _family(entry: Entry, index: int) -> str:
    name = entry.author[index]
    if name.family:
        return _word(name.family)
    # A literal (an institution): its first significant word.
    words = _title_words(name.literal)
    return words[0] if words else _word(name.literal or "")


@dataclass(frozen=True, slots=True)
class KeyPattern:
    """A parsed ``--key-pattern``: literal text and ``(field, count)`` parts in order."""

    parts: tuple[tuple[str, str, int], ...]  # ("lit", text, 0) or ("field", name, n)

    @classmethod
    def parse(cls, pattern: str | None) -> KeyPattern:
        """Parse ``pattern`` (None means :data:`DEFAULT_PATTERN`); an unknown field is a usage error."""
        pattern = DEFAULT_PATTERN if pattern is None else pattern
        parts: list[tuple[str, str, int]] = []
        pos = 0
        for m in _FIELD.finditer(pattern):
            if m.start() > pos:
                parts.append(("lit", _SAFE_LITERAL.sub("", pattern[pos : m.start()]), 0))
            name, count = m.group(1), m.group(2)
            if name not in _KNOWN or (count and name not in {"authors", "title"}):
                raise UsageError(f"--key-pattern: unknown field {{{name}{count}}} (known: auth, authors, authorsN, year, title, shorttitle, titleN, arxiv)")
            parts.append(("field", name, int(count) if count else 0))
            pos = m.end()
        if pos < len(pattern):
            parts.append(("lit", _SAFE_LITERAL.sub("", pattern[pos:]), 0))
        if not any(kind == "field" for kind, _, _ in parts):
            raise UsageError(f"--key-pattern {pattern!r} names no field; every key would be the same")
        return cls(tuple(p for p in parts if p[0] == "field" or p[1]))

    def render(self, entry: Entry) -> str:
        """The key stem for ``entry`` (may be empty when the entry has none of the fields)."""
        # An untitled entry (an abstract-only listing line) keys on its abstract's first words.
        words = _title_words(entry.title) or _title_words(" ".join((entry.abstract or "").split()[:12]))
        # A name with no Latin letters (e.g. CJK) folds to nothing: treat it as no author.
        has_author = bool(entry.author) and bool(_family(entry, 0))
        # Without authors the first title word stands in for {auth}; {title} moves on.
        title_start = 1 if (not has_author and self._uses("auth", "authors")) else 0
        out: list[str] = []
        for kind, name, count in self.parts:
            if kind == "lit":
                out.append(name)
                continue
            if name in ("auth", "authors"):
                if not has_author:
                    out.append(words[0] if words else "")
                    continue
                if name == "auth":
                    out.append(_family(entry, 0))
                else:
                    n = count or 2
                    fams = [f for i in range(min(n, len(entry.author))) if (f := _family(entry, i))]
                    text = "".join(fams)
                    if not count and len(entry.author) > 2:
                        text = fams[0] + "etal"
                    out.append(text)
            elif name == "year":
                out.append(str(entry.issued.year) if entry.issued and entry.issued.year else "")
            elif name in ("title", "shorttitle"):
                n = count or (3 if name == "shorttitle" else 1)
                out.append("".join(words[title_start : title_start + n]))
            elif name == "arxiv":
                out.append(re.sub(r"[./-]", "_", entry.arxiv_id) if entry.arxiv_id else "")
        # A key made of literal text alone (every field empty) says nothing.
        if not any(out[i] for i, p in enumerate(self.parts) if p[0] == "field"):
            return ""
        return "".join(out)

    def _uses(self, *names: str) -> bool:
        return any(kind == "field" and name in names for kind, name, _ in self.parts)


def _fallback(entry: Entry) -> str:
    if entry.arxiv_id:
        return "arxiv" + re.sub(r"[./-]", "_", entry.arxiv_id)
    if entry.DOI:
        stem = re.sub(r"[^a-z0-9]+", "_", entry.DOI.lower()).strip("_")
        return "doi" + stem[:40]
    return "anon"


def make_stem(entry: Entry, pattern: KeyPattern) -> str:
    """The key ``entry`` would get before clashes are resolved; never empty."""
    return pattern.render(entry) or _fallback(entry)


def _suffixes():
    n = 1
    while True:
        # a..z, aa..zz, aaa...: bijective base 26.
        s, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(97 + r) + s
        yield s
        n += 1


def _suffix(n: int) -> str:
    """The ``n``-th suffix: '' for 0, then a..z, aa..zz, aaa... (bijective base 26)."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _unique_from(stem: str, taken, start: int) -> tuple[str, int]:
    """:func:`_unique` starting at the ``start``-th suffix (those before it are known taken); also the index used."""
    n = start
    while True:
        candidate = stem + _suffix(n)
        if candidate.casefold() not in taken:
            return candidate, n
        n += 1


def _unique(stem: str, taken: set[str]) -> str:
    if stem.casefold() not in taken:
        return stem
    for suffix in _suffixes():
        candidate = stem + suffix
        if candidate.casefold() not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def assign_keys(library: Library, pattern: str | None = None) -> None:
    """Give every entry of ``library`` a unique key; keys already set are kept and reserved.

    A key set twice in the input (two .bib entries with one key) would make BibTeX
    drop the second entry; the second one gets a suffix and a warning.
    """
    parsed = KeyPattern.parse(pattern)
    taken: set[str] = set()
    for entry in library.entries:
        if not entry.key:
            continue
        folded = entry.key.casefold()
        if folded in taken:
            new = _unique(entry.key, taken | {e.key.casefold() for e in library.entries if e.key})
            prov = entry.sources[0] if entry.sources else None
            library.problems.append(Problem(
                f"citation key {entry.key!r} is used twice; the later entry is now {new!r}",
                prov.origin if prov else "<input>", prov.line if prov else None,
            ))
            entry.key = new
            folded = new.casefold()
        taken.add(folded)
    # Keys are only ever added, so a stem's suffixes below the last one handed out stay
    # taken: the next search starts there (no quadratic scan for a stem shared by thousands).
    hints: dict[str, int] = {}
    for entry in library.entries:
        if entry.key:
            continue
        stem = make_stem(entry, parsed)
        entry.key, used = _unique_from(stem, taken, hints.get(stem, 0))
        hints[stem] = used + 1
        taken.add(entry.key.casefold())


_MAX_HINTS = 100_000


class KeyAssigner:
    """Keys entries one at a time in compact memory: the streaming path's :func:`assign_keys`.

    Taken keys are kept as 64-bit hashes (:class:`~citekit.hashset.HashSet64`), 8 bytes a
    key (plus a few percent of slack: the set grows a shard at a time, never doubling). For entries that arrive without keys (an arXiv snapshot) the keys are those
    :func:`assign_keys` gives. A key read from the input is kept when still free and
    suffixed with a warning when taken; unlike :func:`assign_keys`, it is not reserved
    before the entries that come earlier in the stream.
    """

    __slots__ = ("pattern", "taken", "hints")

    def __init__(self, pattern: str | None = None) -> None:
        self.pattern = KeyPattern.parse(pattern)
        self.taken = HashSet64()
        # stem -> first suffix index not known to be taken (see assign_keys); only stems
        # that clashed, and at most _MAX_HINTS of them: a dropped hint costs time, not keys.
        self.hints: dict[str, int] = {}

    def assign(self, entry: Entry) -> Problem | None:
        """Give ``entry`` its unique key; a problem when its own key had to change."""
        prov = entry.sources[0] if entry.sources else None
        stem = None if entry.key else make_stem(entry, self.pattern)
        entry.key, problem = self.claim(entry.key, stem, prov.origin if prov else "<input>", prov.line if prov else None)
        return problem

    def claim_stem(self, stem: str, folded_hash: int) -> str:
        """:meth:`claim` for an entry without a key whose stem's ``hash64(stem.casefold())`` is known.

        The common case, a stem nobody holds yet, costs one table probe: no hashing here.
        """
        hints = self.hints
        n = hints.get(stem, 0)
        if not n and self.taken.add_hash(folded_hash):
            return stem
        # The stem is taken: the first free suffix from where the last search ended, each
        # candidate hashed once and added by the same probe that finds it free.
        add_hash = self.taken.add_hash
        n = n or 1
        while True:
            key = stem + _suffix(n)
            if add_hash(hash64(key.casefold())):
                break
            n += 1
        if len(hints) >= _MAX_HINTS:
            hints.clear()
        hints[stem] = n + 1
        return key

    def claim(self, own: str | None, stem: str | None, origin: str, line: int | None) -> tuple[str, Problem | None]:
        """The unique key for an entry with key ``own`` (kept when free) or, without one, the stem ``stem``."""
        problem = None
        if own:
            key = own
            if own.casefold() in self.taken:
                key = _unique(own, self.taken)
                problem = Problem(f"citation key {own!r} is used twice; the later entry is now {key!r}", origin, line)
        else:
            stem = stem or "anon"
            key, used = _unique_from(stem, self.taken, self.hints.get(stem, 0))
            if used:
                if len(self.hints) >= _MAX_HINTS:
                    self.hints.clear()
                self.hints[stem] = used + 1
        self.taken.add(key.casefold())
        return key, problem
