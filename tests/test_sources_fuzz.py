"""Fuzzing every reader, the LaTeX decoder, the name parser and key patterns (issue 24).

Invariants: no exception but a :class:`~citekit.errors.CitekitError` (reported to users
with file and line), every problem located, every valid entry read, round trips exact for
what citekit's own writers produce, and bounded time (each example under a generous
``SIGALRM`` guard, never a timed assertion). CI runs a short budget (``CITEKIT_FUZZ_EXAMPLES``,
default 60 per test); ``benchmarks/fuzz_long.py --minutes N`` runs the same properties with
many more examples and fresh seeds. Inputs fuzzing found are kept as ``@example`` seeds.
"""

from __future__ import annotations

import json
import os
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from citekit.sources import READERS, SNIFF_BYTES

from conftest import SEEDS

TEXT_READERS = ("abstracts", "profile", "arxiv-listing", "hf-daily", "hf-list", "ids",
                "arxiv-page", "paper-blocks", "markdown-list", "id-titles", "references", "clipping")

# Pieces that steer random text into the readers' structures.
PIECES = [
    "Abstract:", "abstract: ", "arXiv:", "arXiv:2101.00001v2", "arXiv:hep-th/9711200", "Created: ", "2023-02-30",
    "Created: 2021-01-01", "  • 3 authors", "• 1 author", "·", "Jan 5", "Mar 4, 2024 12", "Feb 29", "12",
    "Subscribe", "Lee, Ann, Ng, B.", "Müller, Jürgen,", "van der Berg, Anna", "O'Neil, C. J.", "A BSTRACT ",
    "Comments: 8 pages", "Journal-ref: X", "huggingface.co/papers/2501.00656", "doi:10.1000/x", "?q#f", ",", ";",
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "\ufeff", "\x00", "$\\alpha$", "β", ".", "Title Of A Paper",
    "We propose a method. It works well. Results are strong. ",
    "[1] arXiv:2605.11059 [pdf, html, other]", "Title: ", "Authors: ", "Subjects: Machine Learning (cs.LG)", "[12] ",
    "Smith, J. (2019). ", "et al.", "…", "+5 authors", " - Venue, 2017 - host.org", "| 2017-06 | [A Paper](https://arxiv.org/abs/2101.00001) |",
    "**Bold Title**. *A. Author, B. Author*. ", "Apr 16, 2025 · arXiv 2504.11770v1", ". . . . . 12", "“Quoted Title,” ", "pp. 1-10",
    "Published: 12 Jan 2021", "R. Arandjelović,", "https://openreview.net/forum?id=YicbFdNTTy", "doi.org/10.1038/x", "-\n",
    "---\n", "title: ", "source: https://arxiv.org/abs/2101.00001", "author:\n  - [[A B]]", "{{Paper\n|title=", "}}",
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Examples per property for the readers below: short in CI, long in benchmarks/fuzz_long.py.
EXAMPLES = int(os.environ.get("CITEKIT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
#: Seconds one example may take before it counts as unbounded (a guard against hangs, far above any real need).
GUARD = 30


@contextmanager
def bounded(what: str):
    """Fail the example if it runs past :data:`GUARD` seconds (a hang or an exponential path)."""
    def expired(signum, frame):
        raise AssertionError(f"{what} ran past the {GUARD} s guard")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(GUARD)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(name: str, text: str) -> None:
    """Sniff and read ``text`` with reader ``name``: no exception, a score in 0..1, problems with origin and line."""
    reader = READERS.get(name)
    score = reader.sniff(text[:SNIFF_BYTES])
    assert 0.0 <= score <= 1.0
    library = reader.read(text, "fuzz.txt")
    for problem in library.problems:
        assert problem.origin == "fuzz.txt", problem
        if text.strip():
            assert problem.line is not None and problem.line >= 1, problem
    for entry in library.entries:
        assert entry.sources and all(p.line for p in entry.sources)


@pytest.mark.parametrize("name", TEXT_READERS)
@SETTINGS
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=40).map("".join))
def test_random_text(name: str, text: str) -> None:
    """Random mixes of structural pieces and arbitrary characters."""
    _check(name, text)


SEED_LINES = [path.read_text(encoding="utf-8").split("\n") for path in sorted(SEEDS.glob("*.txt"))]


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """A seed listing with lines dropped, repeated, swapped, cut, or given other line ends."""
    lines = list(draw(st.sampled_from(SEED_LINES)))[:80]
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(("drop", "repeat", "swap", "cut", "blank", "insert")))
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "blank":
            lines.insert(i, "")
        else:
            lines.insert(i, draw(st.sampled_from(PIECES) | st.text(max_size=30)))
    return draw(st.sampled_from(("\n", "\r\n", "\r"))).join(lines)


@pytest.mark.parametrize("name", TEXT_READERS)
@SETTINGS
@given(mutated_seed())
def test_mutated_seeds(name: str, text: str) -> None:
    """Every seed shape, damaged in many ways, read by every reader."""
    _check(name, text)



# -- .bib: the reader, bibedit and check on hostile text ------------------------------------------

BIB_PIECES = [
    "@article{", "@misc(", "@string{", "@preamble{", "@comment{", "@xdata{", "@a{}", "@", "key,", "k1,", " = ", "=",
    "title", "author", "crossref = {k1}", "xdata = {k1}", "{", "}", "(", ")", '"', "#", ",", "%", "% @article{x,\n",
    "\\", '\\"', "\\'e", "{\\", "\\emph{", "$", "$x^2$", "~", "and", " and ", "von ", "Doe, J.", "{Doe, X aaaa!}",
    "m1 # m1", "jan", "2020", "1--5", "\n", "\r\n", "\r", "\t", " ", "\x00", "ü", "’", "\\immediate\\write18{x}",
    "\\input{/etc/hostname}", "^^5c", "others", "{{{{", "}}}}",
]


def _bib_text(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(BIB_PIECES) | st.text(max_size=6), max_size=60)))


@st.composite
def hostile_bib(draw: st.DrawFn) -> str:
    """Text made of .bib syntax, TeX and white space in random order (mostly invalid)."""
    return _bib_text(draw)


@FUZZ
@given(hostile_bib())
@example("@string{m1 = m1 # m1}\n@misc{a, title = m1 # m1 # m1}")  # a macro naming itself
@example("@misc{a, crossref = {a}}@misc{b, xdata = {b, a}}")  # self references
@example("@a{k,\rtitle = {x}\r}\r%@a{j,}")  # CR-only lines with a commented-out entry
def test_bib_reader_never_raises(text: str) -> None:
    """The .bib reader: a library with located problems, or a CitekitError; never another exception."""
    from citekit.errors import CitekitError
    from citekit.sources.bibtex import READER

    with bounded("reading"):
        try:
            library = READER.read(text, "fuzz.bib")
        except CitekitError:
            return
    for problem in library.problems:
        assert problem.origin == "fuzz.bib"


@FUZZ
@given(hostile_bib())
def test_bibedit_renders_every_byte_back(text: str) -> None:
    """bibedit parses anything and, with no edit, gives the text back byte for byte."""
    from citekit.bibedit import BibDocument
    from citekit.errors import CitekitError

    with bounded("parsing"):
        try:
            doc = BibDocument.parse(text, "fuzz.bib")
        except CitekitError:
            return
        assert doc.render() == text


@FUZZ
@given(hostile_bib())
def test_check_never_raises(tmp_path_factory, text: str) -> None:
    """``check`` on any .bib: findings, or a CitekitError naming the file."""
    from citekit.check import check_paths
    from citekit.errors import CitekitError

    path = tmp_path_factory.mktemp("fuzz") / "f.bib"
    path.write_text(text, encoding="utf-8", errors="replace")
    with bounded("checking"):
        try:
            result = check_paths([path])
        except CitekitError as exc:
            assert exc.origin == str(path)
            return
    assert all(f.file == str(path) for f in result.findings)


_KEY = st.from_regex(r"[a-z][a-z0-9_:-]{0,12}", fullmatch=True)
_WORDS = st.text(alphabet="abcdefghij XYZéü.-'", min_size=1, max_size=30).map(str.strip).filter(bool)


@st.composite
def valid_entries(draw: st.DrawFn) -> tuple[list[str], str]:
    """Valid entries with distinct keys, separated by free text that holds no ``@`` (BibTeX's comments)."""
    keys = draw(st.lists(_KEY, min_size=1, max_size=8, unique=True))
    parts = []
    for key in keys:
        gap = draw(st.text(alphabet="abc \n\t%.", max_size=20))
        newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        title = draw(_WORDS)
        author = " and ".join(draw(st.lists(_WORDS, min_size=1, max_size=3)))
        year = draw(st.integers(1900, 2030))
        parts.append(f"{gap}{newline}@article{{{key},{newline}  title = {{{title}}},{newline}"
                     f"  author = {{{author}}},{newline}  year = {year}{newline}}}{newline}")
    return keys, "".join(parts)


@FUZZ
@given(valid_entries())
def test_every_valid_entry_is_read(found: tuple[list[str], str]) -> None:
    """Every valid entry is read, in order, whatever free text lies between them."""
    from citekit.bibedit import BibDocument
    from citekit.sources.bibtex import READER

    keys, text = found
    with bounded("reading"):
        library = READER.read(text, "fuzz.bib")
        doc = BibDocument.parse(text, "fuzz.bib")
    assert [e.key for e in library.entries] == keys
    assert [e.key for e in doc.entries] == keys


@FUZZ
@given(valid_entries())
def test_bibtex_writer_round_trip_is_exact(found: tuple[list[str], str]) -> None:
    """What the BibTeX writer produced reads back to the same keys, titles and authors, and writes back the same."""
    import citekit
    from citekit.sources.bibtex import READER

    _, text = found
    with bounded("round trip"):
        first = citekit.export(READER.read(text, "a.bib"), "bibtex")
        again = READER.read(first, "b.bib")
        second = citekit.export(again, "bibtex")
    assert second == first
    original = READER.read(text, "a.bib")
    assert [(e.key, e.title, [n.display() for n in e.author]) for e in again.entries] == \
        [(e.key, e.title, [n.display() for n in e.author]) for e in original.entries]


# -- CSL-JSON ------------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "type", "title", "author", "issued", "date-parts", "family", "given", "literal",
                         "page", "DOI", "URL", "note", "custom", "container-title", "x"]) | st.text(max_size=5),
        inner, max_size=5),
    max_leaves=30)


@FUZZ
@given(st.lists(_JSON, max_size=5))
def test_csl_json_reader_never_raises(items: list) -> None:
    """Any JSON array through the CSL-JSON reader: entries and located problems, never an exception."""
    from citekit.errors import CitekitError
    from citekit.sources.csl_json import READER

    text = json.dumps(items, allow_nan=True)
    with bounded("reading CSL-JSON"):
        try:
            library = READER.read(text, "fuzz.json")
        except CitekitError:
            return
    assert all(p.origin == "fuzz.json" for p in library.problems)


@FUZZ
@given(st.text(alphabet='[]{}",:0123456789aeiu \n\\', max_size=80))
def test_csl_json_reader_on_broken_json(text: str) -> None:
    """Broken JSON is a located problem or a CitekitError, never a traceback."""
    from citekit.errors import CitekitError
    from citekit.sources.csl_json import READER

    with bounded("reading broken JSON"):
        try:
            READER.read(text, "fuzz.json")
        except CitekitError:
            pass


# -- the LaTeX decoder and encoder, names and key patterns -------------------------------------

_TEX = st.lists(st.sampled_from(["{", "}", "\\", '\\"', "\\'", "\\emph{", "\\textbf{", "{\\em ", "$", "^", "_",
                                 "\\alpha", "~", "--", "``", "''", "%", "&", "#", "\\&", "\\%", "\\url{",
                                 "\\noopsort{", "\\write18", "\\catcode", "^^5c", " ", "a", "ü", "\n"])
                | st.text(max_size=4), max_size=40).map("".join)


@FUZZ
@given(_TEX)
@example('{\\"' * 40 + "u" + "}" * 40)  # accents nested past pylatexenc's doubling
@example("{\\" * 500)
def test_latex_decode_and_encode_never_raise(text: str) -> None:
    """decode and encode take any text; what encode writes is brace-balanced and does not end in a backslash."""
    from citekit.latex import decode, encode, is_balanced

    with bounded("decoding"):
        plain = decode(text)
        decode(text, True)
        out = encode(text)
        encode(text, protect=True)
    assert is_balanced(out) and not out.endswith("\\")
    assert len(plain) <= 4 * len(text) + 16  # decoding never multiplies text


@FUZZ
@given(st.text(alphabet="abcXYZ éü.,-'&%#_~^?!`Ωß\u2019", max_size=40))
def test_encode_then_decode_is_exact_for_plain_text(text: str) -> None:
    """Model text written as TeX by citekit reads back as the same text (white space collapsed).

    Plain text only: a backslash, a brace or a ``$`` in model text is TeX passed through by
    design (``\\b`` stays the bar-under accent), so it has no exact round trip to hold.
    """
    from citekit.latex import collapse, decode, encode

    with bounded("round trip"):
        assert decode(encode(text)) == collapse(text)


@FUZZ
@given(hostile_bib())
def test_name_parser_never_raises(text: str) -> None:
    """BibTeX name lists of any shape split into names without an exception."""
    from citekit.sources.bibtex import split_names

    with bounded("splitting names"):
        names, _ = split_names(text)
    assert all(n.family or n.literal or n.given for n in names)


@FUZZ
@given(st.text(alphabet="{}authorsyeartitle0123456789arxivshort_-:.x", max_size=30), hostile_bib())
def test_key_patterns_never_raise(pattern: str, text: str) -> None:
    """Any --key-pattern on any entries: valid unique keys, or a UsageError naming the problem."""
    from citekit.errors import CitekitError, UsageError
    from citekit.keys import assign_keys, valid_key
    from citekit.sources.bibtex import READER

    try:
        library = READER.read(text, "fuzz.bib")
    except CitekitError:
        return
    with bounded("keying"):
        try:
            assign_keys(library, pattern or None, target="bibtex")
        except UsageError:
            return
    keys = [e.key for e in library.entries]
    assert all(valid_key(k, "bibtex") for k in keys)
    assert len(set(keys)) == len(keys)
