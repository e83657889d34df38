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

An entry without authors takes its first significant title word that starts with a
letter in place of ``{auth}`` (and ``{title}`` then moves on to the next word), so
``Scaling Law with ...`` with no author and no year becomes ``scalinglaw``. Title words
that are only digits are skipped (``4+3 Phases`` gives ``phases``, never ``43``); an
entry without a title takes no title word (an abstract's first words are no title).
When a pattern yields nothing at all the key is ``arxiv2311_05598`` from the arXiv id,
else a DOI stem, else ``anon``: never an empty key. A generated key always starts with a
letter: a stem that would not (``{year}...`` patterns, ``{arxiv}``) is prefixed with
``arxiv`` or ``ref``.

**Keys read from the input** (a .bib key, a CSL-JSON ``id``) are kept exactly when they
are valid for the target (:func:`valid_key`). A character the target cannot take in a
key (for BibTeX and biber: white space, ``, { } ( ) = " # % ' ~ \\``; for classic
BibTeX also anything beyond ASCII) is replaced (``_``; accents are folded first, so
``Müller2020`` becomes ``Muller2020``), and a key given twice gets a suffix. Either way
the change is a warning and a :class:`~citekit.model.KeyChange` in
``library.key_changes`` (:func:`write_key_map` writes them for ``--key-map``).

Keys differing only in case (``Smith2020`` and ``smith2020``) are **not** renamed:
biber's keys are case-sensitive, and a user's ``\\cite``s name them as they are.
Classic BibTeX compares keys case-insensitively: it stops at a ``\\cite`` whose case
differs from the entry's ("case mismatch") and takes only the first of two entries that
differ in case (a "repeated entry"), so for the ``bibtex`` target such a pair gets a
warning, and a generated key never differs from another key only in case. Clashes among
generated keys get ``a``, ``b``, ... ``z``, ``aa`` ... suffixes in input order, so the
same input always gives the same keys.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from .errors import UsageError
from .lazyre import LazyPattern
from .model import Entry, KeyChange, Library, Problem

__all__ = [
    "DEFAULT_PATTERN", "KEY_TARGETS", "KeyAssigner", "KeyPattern", "assign_keys", "fold_ascii", "make_stem",
    "valid_key", "key_target", "run_target", "write_key_map", "reuse_keys", "wants_old_keys", "REPEATED_KEY",
    "first_of_each_key",
]

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
_SAFE_LITERAL = LazyPattern(r"[^A-Za-z0-9_:.\-]")
_KNOWN = {"auth", "authors", "year", "title", "shorttitle", "arxiv"}
_TEX_CMD_SPACE = LazyPattern(r"\\[A-Za-z]+\s*")
_TEX_CMD = LazyPattern(r"\\[A-Za-z]+")
_NOT_ALNUM = LazyPattern(r"[^a-z0-9]")
_MATH = LazyPattern(r"\$[^$]*\$")
_ALNUM_RUN = LazyPattern(r"[a-z0-9]+")


def fold_ascii(text: str) -> str:
    """``text`` with accents dropped and special letters spelled out in ASCII (others removed)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    # Combining marks are never ASCII, so dropping every non-ASCII character drops them too.
    return text.encode("ascii", "ignore").decode("ascii")


#: Characters no key may hold, per target: BibTeX's and biber's delimiters, quote,
#: comment, concatenation and tie characters, white space and control characters; ``^`` too:
#: ``^^5c`` in a key is a backslash to TeX reading ``\bibitem{...}``. Non-ASCII letters are kept
#: for both: bibtex reads a key's UTF-8 bytes as they are and ``\cite{Castellví2004}`` resolves
#: with ``inputenc`` utf8, and biber reads UTF-8 keys (checked with TeX Live 2022's bibtex,
#: pdflatex, biber and lualatex). CSL-JSON ids may be any string.
_BIBER_BAD = re.compile(r"[\s,{}()=\"#%'~^\\\x00-\x1f\x7f]+")
_BIBTEX_BAD = re.compile(r"(?:[\s\x00-\x1f\x7f]|[,{}()=\"#%'~^\\])+")
KEY_TARGETS: dict[str, re.Pattern[str] | None] = {"bibtex": _BIBTEX_BAD, "biblatex": _BIBER_BAD, "csl-json": None}
#: Writer name -> the key rules its output needs (writers not named here need BibTeX's).
_WRITER_TARGETS = {"bibtex": "bibtex", "biblatex": "biblatex", "csl-json": "csl-json", "json": "csl-json"}


def key_target(writer: str) -> str:
    """The key rules (a :data:`KEY_TARGETS` name) that writer ``writer``'s output needs."""
    return _WRITER_TARGETS.get(writer, "bibtex")


#: Key rules from the strictest to the most lenient.
_STRICTNESS = ("bibtex", "biblatex", "csl-json")


def run_target(writers: Iterable[str]) -> str:
    """The key rules for one run writing every writer in ``writers``: the strictest any of them needs.

    The same paper must have the same key in every output (``refs.bib`` and ``refs.json``
    are cited together), so one set of keys serves all. Styled lists print no keys, so
    they need none of the rules.
    """
    needed = {_WRITER_TARGETS[w] for w in writers if w in _WRITER_TARGETS}
    return next((t for t in _STRICTNESS if t in needed), "csl-json")


def valid_key(key: str, target: str = "bibtex") -> str:
    """``key`` made valid for ``target``: unchanged when it already is, else bad characters replaced.

    Each run of characters the target refuses becomes one ``_`` (none at either end);
    letters, accented or not, are kept. The result
    may be empty (a key made only of bad characters): the caller then makes a new key.
    """
    bad = KEY_TARGETS[target]
    if bad is None:
        return key if key.strip() else ""
    if not bad.search(key):
        return key
    return bad.sub("_", key).strip("_")


@functools.lru_cache(maxsize=16384)  # family names recur across a library
def _word(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (apostrophes and TeX braces dropped)."""
    text = _TEX_CMD_SPACE.sub("", text)  # a stray TeX command is not part of the name
    return _NOT_ALNUM.sub("", fold_ascii(text).lower())


def _title_words(title: str | None, limit: int | None = None) -> list[str]:
    """The title's significant words (no stopwords, no bare numbers), lower-case ASCII; the first ``limit`` of them."""
    if not title:
        return []
    if "$" in title:
        title = _MATH.sub(" ", title)  # math is not a word
    if "\\" in title:
        title = _TEX_CMD.sub(" ", title)
    folded = fold_ascii(title).lower().replace("'", "")
    # A number alone (``4+3 Phases``) says nothing about the paper and would start a key with a digit.
    if limit is None:
        return [w for w in _ALNUM_RUN.findall(folded) if w not in _STOPWORDS and not w.isdigit()]
    out: list[str] = []
    if limit > 0:  # a key takes a title's first word or few: the words after them are not even split off
        for m in _ALNUM_RUN.finditer(folded):
            w = m.group()
            if w not in _STOPWORDS and not w.isdigit():
                out.append(w)
                if len(out) == limit:
                    break
    return out


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
    #: How many title words the parts take (worked out from ``parts``): an entry with an author needs no more.
    title_words: int = field(default=0, init=False, compare=False, repr=False)
    #: Where in ``parts`` the fields stand (worked out from ``parts``).
    field_at: tuple[int, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        need = max([count or (3 if name == "shorttitle" else 1) for kind, name, count in self.parts
                    if kind == "field" and name in ("title", "shorttitle")], default=0)
        object.__setattr__(self, "title_words", need)
        object.__setattr__(self, "field_at", tuple(i for i, part in enumerate(self.parts) if part[0] == "field"))

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
        # An untitled entry takes no title word: an abstract's first words are no title.
        title = entry.title or entry.vars.get("title")
        # A name with no Latin letters (e.g. CJK) folds to nothing: treat it as no author.
        first_family = _family(entry, 0) if entry.author else ""
        has_author = bool(first_family)
        # With an author, only the title words the pattern takes are worked out; without one the first
        # word that starts with a letter may stand in for the author, wherever it is.
        words = _title_words(title if isinstance(title, str) else None, self.title_words if has_author else None)
        if has_author and self.parts == _DEFAULT_PARTS:
            # The default {auth}{year}{title} with an author (every snapshot record): what the loop below
            # gives it, without walking the parts. The family name makes the stem non-empty.
            year = str(entry.issued.year) if entry.issued and entry.issued.year else ""
            return _letter_first(first_family + year + (words[0] if words else ""), entry)
        # Without authors the first title word that starts with a letter stands in for
        # {auth}; {title} takes the words after it.
        stand_in = ""
        if not has_author and self._uses("auth", "authors"):
            at = next((k for k, w in enumerate(words) if w[0].isalpha()), None)
            if at is not None:
                stand_in = words[at]
                words = words[:at] + words[at + 1:]
        out: list[str] = []
        for kind, name, count in self.parts:
            if kind == "lit":
                out.append(name)
                continue
            if name in ("auth", "authors"):
                if not has_author:
                    out.append(stand_in)
                    continue
                if name == "auth":
                    out.append(first_family)
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
                out.append("".join(words[:n]))
            elif name == "arxiv":
                out.append(re.sub(r"[./-]", "_", entry.arxiv_id) if entry.arxiv_id else "")
        # A key made of literal text alone (every field empty) says nothing.
        for i in self.field_at:
            if out[i]:
                break
        else:
            return ""
        return _letter_first("".join(out), entry)

    def _uses(self, *names: str) -> bool:
        return any(kind == "field" and name in names for kind, name, _ in self.parts)


#: The parts of :data:`DEFAULT_PATTERN`, which :meth:`KeyPattern.render` puts together without its loop.
_DEFAULT_PARTS = (("field", "auth", 0), ("field", "year", 0), ("field", "title", 0))


def _letter_first(stem: str, entry: Entry) -> str:
    """``stem``, prefixed so that it starts with a letter (``arxiv`` before an id, else ``ref``)."""
    if not stem or stem[0].isalpha():
        return stem
    if entry.arxiv_id and stem.startswith(re.sub(r"[./-]", "_", entry.arxiv_id)):
        return "arxiv" + stem
    return "ref" + stem


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


#: A :class:`~citekit.model.KeyChange`'s reason when a later entry of a repeated key was renamed.
REPEATED_KEY = "the key is used twice; a later entry gets a suffix"


def first_of_each_key(library: Library, *, report: bool = True) -> list[Entry]:
    """The entries a reference list holds: of the entries sharing a key, the first alone, each other one reported.

    bibtex ("Repeated entry") and biber ("Duplicate entry key ... skipping") print only the
    first entry of a key, so a styled list does too (pandoc 3 keeps the last). Keys are
    compared as biber compares them, letter case included. An entry the key stage renamed
    for repeating a key (:data:`REPEATED_KEY`, as a ``.bib`` or CSL-JSON output keeps every
    entry) is left out the same way. The problems go to ``library.problems`` (none with ``report=False``,
    for a caller that only counts).
    """
    renamed = {c.new: c for c in library.key_changes if c.reason == REPEATED_KEY}
    first: dict[str, Entry] = {}
    kept: list[Entry] = []
    for entry in library.entries:
        key = entry.key
        change = renamed.get(key) if key else None
        own = change.old if change is not None else key
        if not own:
            kept.append(entry)
            continue
        held = first.setdefault(own, entry)
        if held is entry:
            kept.append(entry)  # (a renamed entry whose first is not in the library any more stays)
        elif report:
            _left_out(library, entry, own, held)
    return kept


def _left_out(library: Library, entry: Entry, key: str, held: Entry) -> None:
    origin, line = _where(entry)
    at, at_line = _where(held)
    first = f"{at}:{at_line}" if at_line else at
    library.problems.append(Problem(
        f"entry {key!r} left out of the reference list: its key is used before ({first}); bibtex and biber print "
        "the first entry of a key (a .bib or CSL-JSON output keeps both)", origin, line))


def _where(entry: Entry) -> tuple[str, int | None]:
    prov = entry.sources[0] if entry.sources else None
    return (prov.origin, prov.line) if prov else ("<input>", None)


def _change(library: Library, entry: Entry, old: str, new: str, reason: str) -> None:
    """Record (and say) that ``entry``'s key ``old`` is now ``new``."""
    origin, line = _where(entry)
    library.key_changes.append(KeyChange(old, new, reason, origin, line))
    library.problems.append(Problem(f"citation key {old!r} is now {new!r}: {reason}", origin, line))


def assign_keys(library: Library, pattern: str | None = None, *, target: str = "bibtex") -> None:
    """Give every entry of ``library`` a unique key valid for ``target`` (see :data:`KEY_TARGETS`).

    Keys read from the input are kept exactly when valid and reserved before any key is
    generated; an invalid one has its bad characters replaced, and a key given twice
    (which would make BibTeX drop the second entry) gets a suffix on its later uses. Each
    such change is a warning and a ``library.key_changes`` record. Keys that differ only
    in case are kept (biber tells them apart); for ``target="bibtex"`` a warning says
    that classic BibTeX does not.
    """
    if target not in KEY_TARGETS:
        raise UsageError(f"unknown key target {target!r} (known: {', '.join(KEY_TARGETS)})")
    parsed = KeyPattern.parse(pattern)
    entries = library.entries
    cleaned: list[str | None] = []
    for entry in entries:
        cleaned.append(valid_key(entry.key, target) if entry.key else None)
    # Every valid input key is reserved first, so a suffix never takes a key the input names later.
    exact: set[str] = {k for k in cleaned if k}
    folded: set[str] = {k.casefold() for k in exact}
    as_given = {e.key for e, k in zip(entries, cleaned) if k and k == e.key}
    used: set[str] = set()
    first_of_fold: dict[str, str] = {}
    for entry, key in zip(entries, cleaned):
        if not entry.key:
            continue
        old = entry.key
        if not key:
            continue  # nothing valid left: keyed below like an entry without a key
        if key in used or (key != old and key in as_given):
            new = _unique_exact(key, exact, folded)
            exact.add(new)
            folded.add(new.casefold())
            entry.key = new
            used.add(new)
            _change(library, entry, old, new, REPEATED_KEY
                    if key == old else f"invalid character(s) for {target}, and the cleaned key is taken")
            continue
        used.add(key)
        if key != old:
            entry.key = key
            _change(library, entry, old, key, f"character(s) {target} cannot take in a key were replaced")
        if target == "bibtex":
            fold = key.casefold()
            other = first_of_fold.setdefault(fold, key)
            if other != key:
                origin, line = _where(entry)
                library.problems.append(Problem(
                    f"citation keys {other!r} and {key!r} differ only in case: both kept (biber tells them apart), "
                    "but classic BibTeX takes them for one (a 'case mismatch' or 'repeated entry')", origin, line))
    # Keys are only ever added, so a stem's suffixes below the last one handed out stay
    # taken: the next search starts there (no quadratic scan for a stem shared by thousands).
    hints: dict[str, int] = {}
    for entry, key in zip(entries, cleaned):
        if entry.key and key:
            continue
        stem = make_stem(entry, parsed)
        new, n = _unique_from(stem, folded, hints.get(stem, 0))
        hints[stem] = n + 1
        folded.add(new.casefold())
        exact.add(new)
        if entry.key:  # a key with nothing valid in it
            _change(library, entry, entry.key, new, f"no character of the key is valid for {target}; a new key was made")
        entry.key = new


def _unique_exact(key: str, exact: set[str], folded: set[str]) -> str:
    """``key`` with the first suffix that makes it a new key (and not a case variant of one)."""
    n = 1
    while True:
        candidate = key + _suffix(n)
        if candidate not in exact and candidate.casefold() not in folded:
            return candidate
        n += 1


def _tsv(text: str) -> str:
    """``text`` safe in one TSV cell: backslash, tab and line breaks written as ``\\ \\t \\n \\r``."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_key_map(changes: list[KeyChange], path: str) -> None:
    """Write ``changes`` to ``path`` as TSV (``old_key``, ``new_key``, ``reason``, with a header), atomically.

    One row per change, in the order the run made them, so that a user can fix their
    ``\\cite``s (``sed``, a spreadsheet). A tab, line break or backslash inside a value is
    written as ``\\t``, ``\\n``, ``\\r`` or ``\\\\``.
    """
    from .atomic import write_atomic

    rows = ["old_key\tnew_key\treason"]
    rows += [f"{_tsv(c.old)}\t{_tsv(c.new)}\t{_tsv(c.reason)}" for c in changes]
    write_atomic(path, "\n".join(rows) + "\n")


_MAX_HINTS = 100_000


class KeyAssigner:
    """Keys entries one at a time in compact memory: the streaming path's :func:`assign_keys`.

    Taken keys are kept as 64-bit hashes (:class:`~citekit.hashset.HashSet64`), 8 bytes a
    key (plus a few percent of slack: the set grows a shard at a time, never doubling).
    For entries that arrive without keys (an arXiv snapshot) the keys are those
    :func:`assign_keys` gives. A key read from the input is made valid for ``target``,
    kept when still free (a key differing from another input key only in case is free),
    and suffixed with a warning when taken; unlike :func:`assign_keys`, it is not reserved
    before the entries that come earlier in the stream. Every changed key is in
    :attr:`changes`.
    """

    __slots__ = ("pattern", "target", "taken", "own", "own_folded", "hints", "changes", "hash64")

    def __init__(self, pattern: str | None = None, target: str = "bibtex") -> None:
        if target not in KEY_TARGETS:
            raise UsageError(f"unknown key target {target!r} (known: {', '.join(KEY_TARGETS)})")
        from .hashset import HashSet64, hash64  # here: only the streaming path keys this way (hashlib need not load otherwise)

        self.hash64 = hash64  # what claim_stem hashes a suffixed key with (an import there costs a microsecond a key)

        self.pattern = KeyPattern.parse(pattern)
        self.target = target
        self.taken = HashSet64()  # every key handed out, case-folded
        self.own = HashSet64()  # input keys kept, exactly as spelled
        self.own_folded = HashSet64()  # the same, case-folded
        # stem -> first suffix index not known to be taken (see assign_keys); only stems
        # that clashed, and at most _MAX_HINTS of them: a dropped hint costs time, not keys.
        self.hints: dict[str, int] = {}
        self.changes: list[KeyChange] = []

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
        hash64 = self.hash64
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
        """The unique key for an entry with key ``own`` (kept when valid and free) or, without one, the stem ``stem``."""
        problem = None
        key = valid_key(own, self.target) if own else ""
        if key:
            folded = key.casefold()
            # Taken: the same key already kept, or (case-insensitively) a generated one.
            if key in self.own or (folded in self.taken and folded not in self.own_folded):
                key = _unique(key, self.taken)
            else:
                self.own.add(key)
                self.own_folded.add(folded)
        else:
            stem = stem or (make_stem(Entry(), self.pattern) if own else None) or "anon"
            key, used = _unique_from(stem, self.taken, self.hints.get(stem, 0))
            if used:
                if len(self.hints) >= _MAX_HINTS:
                    self.hints.clear()
                self.hints[stem] = used + 1
        self.taken.add(key.casefold())
        if own and key != own:
            reason = (REPEATED_KEY if valid_key(own, self.target) == own
                      else f"character(s) {self.target} cannot take in a key were replaced")
            self.changes.append(KeyChange(own, key, reason, origin, line))
            problem = Problem(f"citation key {own!r} is now {key!r}: {reason}", origin, line)
        return key, problem


#: Where an entry keeps the key an existing output gave it while a new key is made (see :func:`reuse_keys`).
REPLACES = "replaces-key"


def is_stub_key(key: str, entry: Entry) -> bool:
    """True for a key citekit made from the arXiv id alone (``arxiv2410_10630``): nothing else was known."""
    return bool(entry.arxiv_id) and key == _fallback(entry)


def note_new_keys(library: Library, reason_by_old: dict[str, str] | None = None) -> list[KeyChange]:
    """After :func:`assign_keys`: a ``KeyChange`` for each entry whose key from an existing output was not kept."""
    changes = []
    for entry in library.entries:
        old = entry.extra.pop(REPLACES, None)
        if old and entry.key and old[0] != entry.key:
            where = entry.sources[0] if entry.sources else None
            changes.append(KeyChange(old[0], entry.key, old[1], where.origin if where else "<input>",
                                     where.line if where else None))
    library.key_changes.extend(changes)
    return changes


def wants_old_keys(library: Library) -> bool:
    """True when some entry has no key yet: only then can an existing output's keys serve (:func:`reuse_keys`)."""
    return not all(entry.key for entry in library.entries)


def reuse_keys(library: Library, existing_bib_text: str, origin: str, *, rekey: bool = False) -> int:
    """Give entries without a key the key the same paper has in an existing output .bib; the count reused.

    Stable keys: a ``\\cite`` written against the first build must still work after
    enriching, which adds authors and a year that would change a generated key. An
    entry matches an old one by arXiv id, then DOI, then normalized title (then, for an
    old entry that was only an abstract, the abstract's opening), and only when
    nothing contradicts it (titles behind an identifier must agree; a title match also
    needs the first author and the year not to differ where both are known). An old
    key serves one entry, a title shared by two old entries matches neither, and keys
    read from the inputs are never replaced. Call it before :func:`assign_keys`.
    """
    if not wants_old_keys(library):
        return 0  # every entry has its own key (a .bib, CSL-JSON ids): the old output is not even read
    from .ids import normalize_text, normalize_title
    from .merge import first_family, paper_ids, stated_year, titles_agree
    from .sources.bibtex import READER

    def identifiers(entry: Entry, openings: bool) -> tuple[tuple[str, set[str]], ...]:
        arxiv, doi, title = paper_ids(entry)
        # An old abstract-only entry (no title yet) is known by its abstract's opening.
        opening = ({normalize_text(entry.abstract)[:200]} if openings and entry.abstract and len(entry.abstract) >= 200
                   else set())
        return (("arxiv", arxiv), ("doi", doi), ("title", title), ("abstract", opening))

    # Only what names each paper is read from the old output: its abstracts are not decoded.
    old = READER.read_identities(existing_bib_text, origin)
    by: dict[str, dict[str, list[Entry]]] = {"arxiv": {}, "doi": {}, "title": {}, "abstract": {}}
    for entry in old:
        for kind, values in identifiers(entry, not (entry.title or entry.vars.get("title"))):
            for value in values:
                by[kind].setdefault(value, []).append(entry)
    taken = {e.key for e in library.entries if e.key}
    reused = 0
    for entry in library.entries:
        if entry.key:
            continue
        title = paper_ids(entry)[2]
        match = None
        for kind, values in identifiers(entry, bool(by["abstract"])):
            for value in values:
                found = [e for e in by[kind].get(value, []) if e.key not in taken]
                if len(by[kind].get(value, [])) != 1 or len(found) != 1:
                    continue  # unknown, ambiguous, or its key already serves another entry
                candidate = found[0]
                old_title = {normalize_title(candidate.title)} if candidate.title else set()
                if title and old_title and not titles_agree(title, old_title):
                    continue
                if kind in ("title", "abstract"):
                    fam_a, fam_b = first_family(entry), first_family(candidate)
                    year_a, year_b = stated_year(entry), stated_year(candidate)
                    if (fam_a and fam_b and fam_a != fam_b) or (year_a and year_b and year_a != year_b):
                        continue
                match = candidate
                break
            if match is not None:
                break
        if match is None:
            continue
        taken.add(match.key)
        if rekey:
            entry.extra[REPLACES] = (match.key, "regenerated (--rekey)")
        elif is_stub_key(match.key, match) and _knows_more(entry, match):
            # Made from the id alone while nothing else was known; now author, year and title are.
            entry.extra[REPLACES] = (match.key, "made from author, year and title (it was made from the arXiv id alone)")
        else:
            entry.key = match.key
            reused += 1
    return reused


def _knows_more(entry: Entry, old: Entry) -> bool:
    """True when ``entry`` knows an author and a title that the old entry (keyed from its id) did not."""
    return bool(entry.author and entry.title) and not (old.author and old.title)
