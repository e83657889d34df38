"""The BibTeX reader's fast paths give exactly what the general code gives (issue 18's speed work)."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.model import Name, PartialDate


def generated_repr(obj: object) -> str:
    """What dataclass's generated ``__repr__`` writes: ``Class(field=value!r, ...)`` in field order."""
    inner = ", ".join(f"{f.name}={getattr(obj, f.name)!r}" for f in dataclasses.fields(obj) if f.repr)
    return f"{type(obj).__qualname__}({inner})"


_PART = st.none() | st.text(max_size=12)


@settings(max_examples=300, deadline=None)
@given(family=st.text(min_size=1, max_size=12), given_=_PART, literal=_PART, ndp=_PART, dp=_PART, suffix=_PART,
       flags=st.tuples(st.booleans(), st.booleans(), st.booleans()))
def test_name_repr_is_the_generated_one(family, given_, literal, ndp, dp, suffix, flags) -> None:
    name = Name(family=family, given=given_, literal=literal, non_dropping_particle=ndp, dropping_particle=dp,
                suffix=suffix, comma_suffix=flags[0], static_ordering=flags[1], is_institution=flags[2])
    assert repr(name) == generated_repr(name)


def test_literal_name_repr_is_the_generated_one() -> None:
    name = Name(literal="Barnes and {Noble}'s \"Books\"\n\u00e9")
    assert repr(name) == generated_repr(name)
    assert repr(name).startswith("Name(family=None, given=None, literal=")


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 9999), st.none() | st.integers(1, 12), st.booleans())
def test_partial_date_repr_is_the_generated_one(year, month, with_day) -> None:
    date = PartialDate(year, month, 1 if month and with_day else None)
    assert repr(date) == generated_repr(date)
    assert repr(PartialDate(None, 3, 4)) == generated_repr(PartialDate(None, 3, 4)) == \
        "PartialDate(year=None, month=3, day=4)"


# -- sentence case: the word-at-a-time path and the character walk agree ---------------------------------

from citekit import textcase  # noqa: E402
from citekit.textcase import PROTECT_CLOSE, PROTECT_OPEN, mark_protected, sentence_case  # noqa: E402

_TITLE_CHARS = st.sampled_from(list("AaBbZzQqIi0 9 .:!?-'\"()[],;/_\t\n") + ["é", "É", "ß", "Ω", "ω", "²", "\u00a0"])
_TITLE_WORDS = st.sampled_from(["The", "the", "DNA", "iPhone", "A", "a", "Of", "McDonald", "3D", "In-Depth", "Über",
                                "été", "Étude", "X", "x2", "NASA's", "on", "On"])
_TITLE_GAPS = st.sampled_from([" ", " ", ". ", ": ", "-", "'", ", ", " (", ") ", "? ", "! ", ".", "\n", " \u00a0",
                               "_", "", " -- ", "\"", "/"])
# Words and the gaps between them, with now and then a stray character: titles as they come, and the odd one.
_TITLES = st.lists(st.tuples(st.one_of(_TITLE_WORDS, _TITLE_CHARS), _TITLE_GAPS), max_size=16).map(
    lambda pairs: "".join(word + gap for word, gap in pairs))


@settings(max_examples=600, deadline=None)
@given(_TITLES)
def test_plain_sentence_case_is_the_walk(text: str) -> None:
    # A marker pair at the end changes nothing sentence_case returns, but sends the text through the walk.
    assert sentence_case(text) == sentence_case(text + PROTECT_OPEN + PROTECT_CLOSE)


def test_plain_sentence_case_examples() -> None:
    assert sentence_case("The Theory Of Everything: A Study") == "The theory of everything: A study"
    assert sentence_case("Using DNA In-Depth. Results Of") == "Using DNA in-depth. Results of"
    assert sentence_case("(the Start") == "(The start"
    assert sentence_case("A Study of the End") == "A study of the end"


def _mark_protected_by_character(raw: str) -> str:
    """mark_protected as it was written before its plain stretches were copied whole: the oracle."""
    import re

    out: list[str] = []
    depth = 0
    protected_at = -1
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\" and i + 1 < n:
            m = re.match(r"\\(?:[A-Za-z@]+|.)", raw[i:], re.S)
            out.append(m.group(0))
            i += len(m.group(0))
            continue
        if ch == "{":
            depth += 1
            command = textcase._COMMAND.search(raw[max(0, i - 40):i])
            takes = command is not None and (len(command.group(1)) == 1
                                             or command.group(1) in textcase._CASED_ARGUMENT)
            if protected_at < 0 and not takes:
                protected_at = depth
                # a command's argument or a special character {\..}: protected, no nocase span
                plain = command is None and not raw.startswith("\\", i + 1)
                closer = textcase.NOCASE_CLOSE if plain else PROTECT_CLOSE
                out.append("{" + (textcase.NOCASE_OPEN if plain else PROTECT_OPEN))
            else:
                out.append("{")
        elif ch == "}":
            if depth == protected_at:
                out.append(closer + "}")
                protected_at = -1
            else:
                out.append("}")
            depth = max(0, depth - 1)
        elif ch == "$" and protected_at < 0:
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


_TEX = st.lists(st.one_of(_TITLE_CHARS, _TITLE_WORDS, st.sampled_from(
    ["{", "}", "$", "\\", "\\emph", "\\textsc", "\\'", "\\\"", "\\mbox", "\\&", "\\$", "{\\em ", "\\\n", "@"])),
    max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEX)
def test_mark_protected_is_the_character_walk(raw: str) -> None:
    assert mark_protected(raw) == _mark_protected_by_character(raw)


def test_backslash_at_a_line_end_is_read(tmp_path) -> None:
    # "\" then a new line (TeX's control space) in a title: the reader used to stop with an internal error.
    from citekit.sources.bibtex import READER

    library = READER.read("@article{a,\n title = {Foo \\\nBar of Things},\n year = 2000}\n", "t.bib")
    assert len(library.entries) == 1 and library.entries[0].title.startswith("Foo")


# -- the scanner: the one-match field is the field the general reading gives ------------------------------

import re  # noqa: E402

from citekit import bibscan  # noqa: E402

_GAPS = st.sampled_from(["", " ", "\n  ", "\r\n\t", ",", " ,\n", "\n% a comment\n  ", "%x\n"])
_NAMES = st.sampled_from(["title", "Author", "year", "journal-title", "x_1", "@odd", "url"])
_VALUES = st.sampled_from(["{A Title}", "{}", "{Multi\nline}", "{With {Group}}", "{a}#{b}", "{a} # b", "2020",
                           "jan", '"Quoted {x}"', "{50% off}", "{\\'e}", "{x}  "])
_AFTER = st.sampled_from([",", ", % trailing", " ,", ",\t%c", "\n,", ""])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_GAPS, _NAMES, st.sampled_from([" = ", "=", " =\n "]), _VALUES, _AFTER), max_size=6),
       st.sampled_from(["}", ")"]))
def test_simple_field_is_the_general_reading(fields, close) -> None:
    text = "@misc" + ("{" if close == "}" else "(") + "key" + "".join(
        f",{gap}{name}{eq}{value}{after}" for gap, name, eq, value, after in fields) + "\n" + close
    newlines = [m.end() - 1 for m in re.finditer(r"\r\n?|\n", text)]

    def line_of(pos: int) -> int:
        return sum(1 for n in newlines if n < pos) + 1

    for pos in range(len(text)):
        simple = bibscan._SIMPLE_FIELD.match(text, pos)
        if simple is None:
            continue
        head = bibscan._FIELD_HEAD.match(text, pos)
        assert head is not None
        for after_value in (False, True):
            assert bibscan._simple_field(simple, line_of) == bibscan._field(text, pos, head, close, 0, line_of,
                                                                             after_value)
