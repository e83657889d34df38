"""citekit fmt: opt-in changes, idempotence, comments kept, and the same reading by bibtex and biber."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citekit.fmt import FormatOptions, format_text
from conftest import require_tool

DATA = Path(__file__).parent / "data" / "fmt"
REAL = sorted(DATA.glob("*.bib"))

#: Every option that must leave bibtex's and biber's reading exactly as it was.
READING_SAFE = FormatOptions(indent="  ", align=14, sort_fields=(), trailing_comma=True, blank_lines=True,
                             lowercase=True, braces=True, bare_numbers=True, tidy_comments=True, wrap=60,
                             remove_duplicate_fields=True)


def fmt(text: str, **options) -> str:
    return format_text(text, FormatOptions(**options)).text


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_no_option_changes_nothing(path):
    text = path.read_text(encoding="utf-8")
    assert fmt(text) == text
    crlf = text.replace("\n", "\r\n")
    assert fmt(crlf) == crlf


COMBINATIONS = {
    "layout+values": dict(indent="  ", align=14, sort_fields=(), trailing_comma=True, blank_lines=True, lowercase=True,
                          braces=True, bare_numbers=True, month_macros=True, tidy_comments=True, wrap=70,
                          sort_entries=("key",), remove_empty_fields=True, escape=True, drop_url_with_doi=True),
    "cleanup": dict(indent="  ", align=14, lowercase=True, strip_double_braces=True, title_case_all_caps=True,
                    remove_fields=("abstract", "keywords"), remove_duplicate_fields=True, max_authors=3),
    "in-place": dict(lowercase=True, braces=True, escape=True, remove_fields=("note",), merge_duplicates=True,
                     key_pattern="{auth}{year}", tidy_comments=True, trailing_comma=False, encode_urls=True,
                     protect_fields=("title",), remove_braces_fields=("journal",), strip_comments=True),
}


@pytest.mark.parametrize("combo", sorted(COMBINATIONS))
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_a_second_run_changes_nothing(path, combo):
    text = path.read_text(encoding="utf-8")
    options = COMBINATIONS[combo]
    once = fmt(text, **options)
    assert once != text
    assert fmt(once, **options) == once


def _entries(text: str) -> dict[str, dict[str, str]]:
    """Each entry's fields, values with white space collapsed (the reading, not the layout)."""
    from citekit.fmt.document import parse

    out = {}
    for b in parse(text).blocks:
        if b.kind == "entry":
            out[b.entry.key] = {f.name.lower(): re.sub(r"\s+", " ", f.value) for f in b.entry.fields}
    return out


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_layout_keeps_every_entry_and_field(path):
    text = path.read_text(encoding="utf-8")
    new = format_text(text, READING_SAFE).text
    before, after = _entries(text), _entries(new)
    assert list(before) == list(after)
    for key in before:
        assert set(before[key]) == set(after[key]), key


def test_comments_stay_where_they_belong():
    text = ("% file header\n@STRING{jmlr = \"JMLR\"}\n@Article{a,\n  % about the title\n  Title = \"T\",\n"
            "  year = {2020}, % checked\n  journal = jmlr\n  % end note\n}\n% between\n@preamble{\"\\newcommand{\\x}{}\"}\n")
    out = fmt(text, indent="    ", lowercase=True, braces=True, trailing_comma=True)
    assert out == ("% file header\n@string{jmlr = \"JMLR\"}\n@article{a,\n    % about the title\n    title = {T},\n"
                   "    year = {2020}, % checked\n    journal = jmlr,\n    % end note\n}\n% between\n"
                   "@preamble{\"\\newcommand{\\x}{}\"}\n")


def test_removing_a_field_in_place_keeps_the_layout_and_comments():
    text = "@misc{a,\n  title = {T},\n  % keep me\n  note    = {},\n  year    = 2020\n}\n"
    assert fmt(text, remove_empty_fields=True) == "@misc{a,\n  title = {T},\n  % keep me\n  year    = 2020\n}\n"


def test_values_keep_their_meaning():
    text = ('@misc{a, title = "A {B} {\\"u}", year = "2020", month = {March}, volume = {12a},'
            ' note = "x" # jan, pages = {007}}\n')
    out = fmt(text, braces=True, bare_numbers=True, month_macros=True)
    # A leading zero keeps its braces (an identifier, as bibtex-tidy reads it); a macro stays a macro.
    assert out == ('@misc{a, title = {A {B} {\\"u}}, year = 2020, month = mar, volume = {12a},'
                   ' note = {x} # jan, pages = {007}}\n')


def test_cleanup_options_leave_protected_text_names_and_keys():
    text = ("@misc{a, author = {{NASA Team}}, title = {{\\KOMAScript} GUIDE {ISBN} II}, crossref = {ABC},"
            " doi = {10.1/ABC}}")
    out = fmt(text, strip_double_braces=True, title_case_all_caps=True)
    assert out == ("@misc{a, author = {{NASA Team}}, title = {{\\KOMAScript} Guide {ISBN} II}, crossref = {ABC},"
                   " doi = {10.1/ABC}}")


def test_title_case_touches_prose_only():
    text = '@book{a, title = {A STUDY OF AI IN THE UK, VOL. II}, author = "AT{\\&T}", lccn = "QA76.73.S44 B79", key = "BAMS"}'
    out = fmt(text, title_case_all_caps=True)
    assert out == '@book{a, title = {A Study of AI in the UK, Vol. II}, author = "AT{\\&T}", lccn = "QA76.73.S44 B79", key = "BAMS"}'


def test_month_macros_only_for_months():
    assert fmt("@misc{a, month = {Spring}}", month_macros=True) == "@misc{a, month = {Spring}}"
    assert fmt("@misc{a, month = {9}}", month_macros=True) == "@misc{a, month = sep}"


def test_a_second_field_of_the_same_name_is_reported_when_dropped():
    result = format_text("@misc{a,\n  title = {One},\n  title = {Two}\n}\n", FormatOptions(remove_duplicate_fields=True))
    assert "Two" not in result.text and "One" in result.text
    assert any("title = {Two}" in message for _, message in result.messages)


def test_drop_url_with_doi_only_when_both():
    assert "url" not in fmt("@misc{a,\n  doi = {10.1/x},\n  url = {http://x}\n}", drop_url_with_doi=True)
    assert "url" in fmt("@misc{a,\n  url = {http://x}\n}", drop_url_with_doi=True)


def test_sort_entries_keeps_strings_first_and_crossref_parents_after_children():
    text = ("@book{zbook, title = {Parent}}\n@string{p = {Pub}}\n@inbook{achapter, crossref = {zbook}, publisher = p}\n"
            "@inbook{mchapter, crossref = {zbook}}\n@misc{b, title = {B}}\n")
    keys = re.findall(r"@(\w+)\{(\w+)", fmt(text, sort_entries=("key",)))
    assert keys == [("string", "p"), ("inbook", "achapter"), ("misc", "b"), ("inbook", "mchapter"), ("book", "zbook")]


def test_unreadable_block_survives_every_option():
    text = "@misc{a, title = {T}}\n@article{broken, title = {never closed\n\n@misc{b, title = {B}}\n"
    result = format_text(text, FormatOptions(strip_comments=True, indent="  ", sort_entries=("key",)))
    assert "@article{broken, title = {never closed" in result.text
    assert result.messages


def test_key_pattern_renames_and_follows_crossref():
    text = ("@inproceedings{x1, author = {Ada Lovelace}, title = {Notes on engines}, year = 1843, crossref = {p}}\n"
            "@proceedings{p, title = {Proceedings}, year = 1843, editor = {Charles Babbage}}\n")
    result = format_text(text, FormatOptions(key_pattern="{auth}{year}"))
    assert "@inproceedings{lovelace1843," in result.text
    assert "crossref = {proceedings1843}" in result.text  # no author: the title word stands in
    assert ("x1", "lovelace1843", "key pattern") in result.key_changes


def test_merge_duplicates_needs_proof():
    text = ("@article{a, title = {Deep Nets}, author = {Doe, J.}, doi = {10.1/X}, year = 2020}\n"
            "@article{b, title = {Deep Nets}, author = {Doe, Jane}, doi = {10.1/x}, year = 2020, pages = {1--2}}\n"
            "@article{c, title = {Other}, author = {Roe, R.}, doi = {10.1/x}, year = 2020}\n")
    result = format_text(text, FormatOptions(merge_duplicates=True))
    # a and b disagree on the author as written: not proven, both stay; c contradicts the title.
    assert result.text == text
    text2 = text.replace("{Doe, Jane}", "{Doe, J.}")
    result = format_text(text2, FormatOptions(merge_duplicates=True))
    assert "@article{b," not in result.text and "pages = {1--2}" in result.text
    assert ("b", "a", "merged into") in result.key_changes
    assert "@article{c," in result.text


def test_cli_check_and_diff(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text('@misc{a, title = "T"}\n')
    result = cli("fmt", "--check", "--braces", str(bib))
    assert result.exit_code == 1 and "+@misc{a, title = {T}}" in result.output
    assert bib.read_text() == '@misc{a, title = "T"}\n'
    assert cli("fmt", "--check", str(bib)).exit_code == 0
    assert cli("fmt", "--in-place", "--braces", str(bib)).exit_code == 0
    assert bib.read_text() == "@misc{a, title = {T}}\n"
    assert cli("fmt", "--check", "--braces", str(bib)).exit_code == 0


def test_cli_key_map(cli, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{old, author = {Ada Lovelace}, title = {Notes}, year = 1843}\n")
    keymap = tmp_path / "keys.tsv"
    result = cli("fmt", "-i", "--key-pattern", "{auth}{year}", "--key-map", str(keymap), str(bib))
    assert result.exit_code == 0
    assert keymap.read_text().splitlines()[1] == "old\tlovelace1843\tkey pattern"


def test_cli_reads_windows_1252_through_the_one_decoder(cli, tmp_path):
    """Not UTF-8: read as Windows-1252 with a warning (as every command reads it), written back in it."""
    bib = tmp_path / "refs.bib"
    bib.write_bytes(b"@misc{a, title = \"M\xfcller\"}\r\n")
    result = cli("fmt", "--in-place", "--braces", str(bib))
    assert result.exit_code == 0 and "not valid UTF-8" in result.output and "Windows-1252" in result.output
    assert bib.read_bytes() == b"@misc{a, title = {M\xfcller}}\r\n"


# ---- the real toolchain -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bcf(tmp_path_factory):
    require_tool("pdflatex")
    require_tool("biber")
    from toolchain import make_bcf

    path = make_bcf(tmp_path_factory.mktemp("bcf"))
    if not path.exists():
        pytest.skip("biblatex could not make a control file")
    return path


@pytest.mark.integration
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_bibtex_and_biber_read_the_formatted_file_as_the_original(path, bcf, tmp_path):
    require_tool("bibtex")
    from toolchain import biber_bbl, bibtex_bbl

    text = path.read_text(encoding="utf-8")
    new = format_text(text, READING_SAFE).text
    assert new != text
    before = bibtex_bbl(text, tmp_path / "a")
    assert before.count("\\bibitem") > 5
    assert bibtex_bbl(new, tmp_path / "b") == before
    before = biber_bbl(text, bcf, tmp_path / "c")
    assert before.count("\\entry{") > 5
    assert biber_bbl(new, bcf, tmp_path / "d") == before


@pytest.mark.integration
def test_sorted_entries_read_the_same_one_by_one(bcf, tmp_path):
    from toolchain import biber_bbl

    text = (DATA / "biblatex-examples.bib").read_text(encoding="utf-8")
    new = format_text(text, FormatOptions(sort_entries=("-year", "key"))).text

    def entries(bbl: str) -> list[str]:
        # Which of two equal entries is "a" and which "b" follows the file order, as it should.
        bbl = re.sub(r"^ *\\field\{extra\w*\}.*\n", "", bbl, flags=re.M)
        return sorted(re.findall(r"\\entry\{.*?\\endentry", bbl, flags=re.S))

    assert entries(biber_bbl(new, bcf, tmp_path / "b")) == entries(biber_bbl(text, bcf, tmp_path / "a"))


def test_strip_double_braces_never_breaks_a_quoted_value():
    text = '@book{a, title = "{V\\"aike Eesti {\\TeX}iraamat}", note = "{{Deep}}", series = {{{Three}}}}'
    out = fmt(text, strip_double_braces=True)
    assert out == '@book{a, title = {V\\"aike Eesti {\\TeX}iraamat}, note = "Deep", series = {Three}}'
    assert fmt(out, strip_double_braces=True) == out


def test_escape_leaves_words_tex_cannot_spell_and_math():
    text = "@book{a, title = {Ὀνειροκριτικόν by Müller, $ü$}, url = {http://x/ü}}"
    out = fmt(text, escape=True)
    assert out == '@book{a, title = {Ὀνειροκριτικόν by M{\\"u}ller, $ü$}, url = {http://x/ü}}'
    assert fmt(out, escape=True) == out


def test_cli_refuses_what_is_not_a_regular_file(cli, tmp_path):
    import os

    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    result = cli("fmt", str(fifo))
    assert result.exit_code == 1 and "FIFO" in result.output


def test_every_other_option_does_its_one_job():
    long_title = "{" + " ".join(["word"] * 30) + "}"
    out = fmt(f"@misc{{a,\n  title = {long_title},\n  url = {{http://x.org/a b}}\n}}", wrap=40, indent="  ")
    assert max(len(line) for line in out.splitlines() if "word" in line) <= 40 and "a b" in out  # url never wrapped
    assert fmt("@misc{a, url = {http://x.org/a b<c>%41}}", encode_urls=True) == "@misc{a, url = {http://x.org/a%20b%3Cc%3E%41}}"
    assert fmt("@misc{a, title = {T}}", protect_fields=("title",)) == "@misc{a, title = {{T}}}"
    assert fmt("@misc{a, title = {{T} \\emph{x} {\\\"u}}}", remove_braces_fields=("title",)) == \
        "@misc{a, title = {T \\emph{x} {\\\"u}}}"
    assert fmt("@misc{a, author = {A and B and C and D}}", max_authors=2) == "@misc{a, author = {A and B and others}}"
    assert fmt("  % a comment   \n@misc{a, title = {T}}\n", tidy_comments=True) == "% a comment\n@misc{a, title = {T}}\n"
    assert fmt("% drop\n@misc{a,\n  % me too\n  title = {T}\n}\n@comment{x}\n", strip_comments=True) == \
        "@misc{a,\n  title = {T}\n}\n"


def test_duplicates_are_reported_not_changed():
    text = ("@article{a, doi = {10.1/X}, author = {Doe}, title = {T}}\n@article{A, doi = {10.1/x}, author = {Roe}, title = {U}}\n"
            "@article{c, author = {Doe}, title = {T}}\n")
    result = format_text(text, FormatOptions(duplicates=("doi", "key", "citation")))
    assert result.text == text
    said = " | ".join(message for _, message in result.messages)
    assert "A: possible duplicate of a (line 1): same key" in said and "same DOI" in said
    assert "c: possible duplicate of a (line 1): same author and title" in said


def test_cli_output_file_and_several_files(cli, tmp_path):
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text('@misc{a, title = "T"}\n')
    b.write_text("@misc{b, title = {T}}\n")
    assert cli("fmt", "--braces", "-o", str(tmp_path / "out.bib"), str(a)).exit_code == 0
    assert (tmp_path / "out.bib").read_text() == "@misc{a, title = {T}}\n" and a.read_text() == '@misc{a, title = "T"}\n'
    result = cli("fmt", "--check", "--braces", str(a), str(b))
    assert result.exit_code == 1 and "a.bib (formatted)" in result.stdout and "b.bib" not in result.stdout
    assert cli("fmt", "--braces", str(a), str(b)).exit_code == 2  # stdout takes one file


def test_tidy_comments_keeps_crlf_and_the_line_break():
    text = "  % one  \r\n\r\n   % two\r\n@misc{a, title = {T}}\r\n"
    assert fmt(text, tidy_comments=True) == "% one\r\n\r\n% two\r\n@misc{a, title = {T}}\r\n"


def test_no_trailing_comma_when_the_fields_after_are_removed():
    text = "@misc{a,\n  title = {T},\n  year = 2020,\n  note = {},\n}\n"
    once = fmt(text, remove_empty_fields=True, trailing_comma=False)
    assert once == "@misc{a,\n  title = {T},\n  year = 2020\n}\n"
    assert fmt(once, remove_empty_fields=True, trailing_comma=False) == once
