"""The .bib reader: detection, decoding, names, dates, kept blocks, problems and speed."""

from __future__ import annotations


import pytest

from citekit.model import Name, PartialDate
from citekit.sources import detect
from citekit.sources.bibtex import READER, split_names
from conftest import REPO

USER_BIB = (REPO / "tests" / "fixtures" / "user.bib").read_text(encoding="utf-8")


def test_detected_as_bibtex():
    """A .bib file is recognised by the detector, even with CRLF line ends and a leading comment."""
    assert detect(USER_BIB, "user.bib").name == "bibtex"
    assert detect(USER_BIB.replace("\n", "\r\n"), "user.bib").name == "bibtex"
    assert READER.sniff("Abstract: a listing line\n") == 0.0


def test_reads_entries_with_decoded_fields():
    """Values are decoded from LaTeX, @string and # are expanded, keys and types kept."""
    lib = READER.read(USER_BIB, "user.bib")
    first, second, third = lib.entries
    assert first.key == "mueller2020deep" and first.type == "article-journal"
    assert first.title == "Deep LLMs at scale: 50% better"
    assert first.container_title == "Journal of Machine Learning Research"
    assert first.issued == PartialDate(2020, 1) and first.page == "1–10"
    assert second.title == "On the <i>use</i> of α-decay in GNNs"  # \\emph as CSL rich text, math as Unicode
    assert second.container_title == "IEEE Conference" and second.DOI == "10.1109/xyz.2019.1"
    assert second.type == "paper-conference"
    assert third.arxiv_id == "2101.00001" and third.arxiv_version == 2 and third.primary_class == "cs.LG"
    assert third.type == "article"


def test_names_as_bibtex_splits_them():
    """``von Last, First``, ``Last, Jr., First``, ``{Barnes and Noble}``, ``First von Last`` and ``others``."""
    names, et_al = split_names(r"M{\"u}ller, J{\"u}rgen and {Barnes and Noble} and van der Berg, Anna and "
                               r"Doe, Jr., John and Ludwig van Beethoven and {\'E}mile Zola and others")
    assert names == [
        Name("Müller", "Jürgen"), Name(literal="Barnes and Noble"),
        Name("Berg", "Anna", non_dropping_particle="van der"), Name("Doe", "John", suffix="Jr."),
        Name("Beethoven", "Ludwig", non_dropping_particle="van"), Name("Zola", "Émile"),
    ]
    assert et_al


def test_a_special_characters_case_is_its_first_letter_at_any_depth():
    """``{\\'{E}}adaoin`` (BibDesk's form) is upper case, as bibtex.web's von_token_found reads it: a first name,
    not a von part."""
    names, _ = split_names(r"{\'{E}}adaoin W Griffin and {\"{O}}mer de Kaya and Ali {\"{O}}zt{\"u}rk")
    assert names == [Name("Griffin", "Éadaoin W"), Name("Kaya", "Ömer", non_dropping_particle="de"),
                     Name("Öztürk", "Ali")]


def test_kept_blocks_and_raw_fields():
    """@string, @preamble and comments are kept with their positions; raw values and unknown fields too."""
    lib = READER.read(USER_BIB, "user.bib")
    kinds = [(v.kind, v.before) for v in lib.verbatim]
    assert kinds == [("comment", 0), ("string", 0), ("string", 0), ("preamble", 0), ("comment", 1), ("comment", 2)]
    assert lib.verbatim[1].key == "jmlr" and lib.verbatim[1].value == "Journal of Machine Learning Research"
    raw = lib.entries[0].extra["bibtex"]
    assert raw["type"] == "article" and raw["fields"]["journal"] == "jmlr"
    assert raw["fields"]["keywords"] == "{llm, scale}" and raw["fields"]["file"] == "{:mueller.pdf:PDF}"


def test_malformed_blocks_become_problems_with_lines():
    """An unclosed entry is a warning at its line, saying why; the entries after it are still read."""
    text = "@misc{ok1, title={A}}\n\n@misc{broken, title={unbalanced\n@misc{ok2, title={B}}\n"
    lib = READER.read(text, "bad.bib")
    assert [e.key for e in lib.entries] == ["ok1", "ok2"]
    problem, summary = lib.problems
    assert problem.severity == "warning" and problem.line == 3 and "broken" in problem.message
    assert "never closed" in problem.message and "kept as it stands" in problem.message
    assert summary.severity == "warning" and summary.message == "2 entries read, 1 not read (line 3)"


def test_duplicate_keys_and_undefined_macros_are_warnings():
    """A repeated key is read (renamed later by the key stage) with a warning; so is an unknown macro."""
    lib = READER.read("@misc{a, title={A}, journal = nowhere}\n@misc{a, title={B}}\n", "dup.bib")
    assert [e.title for e in lib.entries] == ["A", "B"]
    messages = " ".join(p.message for p in lib.problems)
    assert "already used" in messages and "nowhere" in messages


def test_biblatex_fields_and_dates():
    """journaltitle, eprinttype/eprintclass and an ISO date are read; month names and numbers too."""
    lib = READER.read("@online{x, title={T}, journaltitle={J}, date={2023-05-07}, eprint={2305.01234},"
                      " eprinttype={arxiv}, eprintclass={cs.CL}}\n@misc{y, title={U}, year={1999}, month={March}}\n", "b.bib")
    x, y = lib.entries
    assert x.issued == PartialDate(2023, 5, 7) and x.arxiv_id == "2305.01234" and x.primary_class == "cs.CL"
    assert x.container_title == "J" and y.issued == PartialDate(1999, 3)


def test_reading_many_entries():
    """2000 entries with accents, braces and names all read and decoded (speed: benchmarks/bench_bib_read.py)."""
    one = ("@article{k%d, author = {M{\\\"u}ller, J{\\\"u}rgen and van der Berg, Anna and Smith, John},"
           " title = {On {LLM}s and the {\\'e}cole number %d}, journal = {Journal of Things}, year = {2020},"
           " pages = {1--10}, note = {plain note}}\n")
    text = "".join(one % (i, i) for i in range(2000))
    lib = READER.read(text, "big.bib")
    assert len(lib.entries) == 2000
    assert lib.entries[1999].title == "On LLMs and the école number 1999"
    assert lib.entries[0].author[0].family == "Müller" and lib.entries[0].author[0].given == "Jürgen"


@pytest.mark.parametrize("value", ["Plain words only", "O'Brien (2020): a-b, c.d"])
def test_plain_values_skip_decoding(value):
    """A value with no TeX is taken as it stands."""
    lib = READER.read("@misc{k, title = {%s}}\n" % value, "p.bib")
    assert lib.entries[0].title == value
