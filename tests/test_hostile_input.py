"""Hostile input: bounded work on every path, each bound reported with file and line (issues 24 and 25).

Every call that could hang runs under :func:`bounded.run_bounded` (a forked child with
a generous guard, never a timed assertion). The regular expressions that backtracked
are checked twice: the rewrite agrees with the old pattern on short strings (where the
old one is fast), and finishes on the adversarial input that made the old one hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bounded import run_bounded
from citekit.limits import EXPANSION_BASE, MAX_ENTRIES, ExpansionBudget, LimitError, check_entry_count


def _bomb(levels: int = 10, copies: int = 10) -> str:
    """The 584-byte .bib of issue 24: each @string the previous one ``copies`` times."""
    lines = ['@string{a0 = "x"}']
    for i in range(1, levels):
        lines.append(f"@string{{a{i} = " + " # ".join([f"a{i - 1}"] * copies) + "}")
    lines.append("@article{bomb, title = a%d, author = {Doe, Jane}, year = 2020}" % (levels - 1))
    return "\n".join(lines) + "\n"


def _read_bib(text: str):
    from citekit.sources.bibtex import READER

    return READER.read(text, "bomb.bib")


def _check_text(path: str):
    from citekit.check import check_paths

    result = check_paths([path])
    return [(f.rule, f.line, f.field) for f in result.findings]


def _update(text: str):
    from citekit.enrich import EnrichOptions
    from citekit.update.run import update_text

    return update_text(text, "bomb.bib", enrich_options=EnrichOptions(offline=True)).text


# -- @string expansion -------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [_read_bib, _update])
def test_string_bomb_is_refused_with_its_line(reader) -> None:
    """Ten @strings of 58 bytes would expand to 10^9 characters: refused at the macro that overspends."""
    with pytest.raises(LimitError) as caught:
        run_bounded(reader, _bomb())
    # a0..a6 hold 10^6 characters, a7 10^7: the 16 MiB budget runs out at a8, on line 9.
    assert caught.value.origin == "bomb.bib" and caught.value.line == 9
    assert "expand" in caught.value.message


def test_string_bomb_in_check_names_file_and_line(tmp_path: Path) -> None:
    """``check`` stops on the bomb with the same located error."""
    path = tmp_path / "bomb.bib"
    path.write_text(_bomb(), encoding="utf-8")
    with pytest.raises(LimitError) as caught:
        run_bounded(_check_text, str(path))
    assert caught.value.origin == str(path) and caught.value.line == 9


def test_wide_bomb_spends_one_budget_per_file() -> None:
    """Many fields each naming a 512 KB macro: no one value is large, the file's total is."""
    lines = ['@string{s0 = "' + "x" * 1000 + '"}']
    lines += [f"@string{{s{i} = " + " # ".join([f"s{i - 1}"] * 8) + "}" for i in range(1, 4)]
    lines += [f"@misc{{w{n}, note = s3}}" for n in range(200)]
    with pytest.raises(LimitError) as caught:
        run_bounded(_read_bib, "\n".join(lines) + "\n")
    assert caught.value.line is not None and caught.value.line > 4  # a field's line, not the macros'


def test_real_macro_use_is_far_inside_the_budget() -> None:
    """A journal macro used by 2,000 entries reads normally, and the budget is far from spent."""
    text = '@string{jmlr = "Journal of Machine Learning Research"}\n' + "".join(
        f"@article{{k{i}, title = {{T{i}}}, journal = jmlr # {{ (special issue)}}, year = 2000}}\n" for i in range(2000))
    library = _read_bib(text)
    assert len(library.entries) == 2000
    assert library.entries[-1].container_title == "Journal of Machine Learning Research (special issue)"
    budget = ExpansionBudget("x.bib", len(text))
    budget.spend(70_000 * 60)  # every entry of the largest real library naming a 60-character macro
    assert budget.left > EXPANSION_BASE // 2


def test_expansion_budget_names_the_line() -> None:
    """The budget is a count, checked before a value is built; the error carries file and line."""
    budget = ExpansionBudget("f.bib", 0)
    budget.spend(EXPANSION_BASE)
    with pytest.raises(LimitError) as caught:
        budget.spend(1, 42)
    assert str(caught.value).startswith("f.bib:42: ")


# -- entry count -----------------------------------------------------------------------------------


def test_a_million_tiny_entries_are_refused_before_splitting() -> None:
    """``@a{}`` a million times (4 MB): refused in one regex pass, at the line of entry MAX_ENTRIES + 1."""
    text = "@a{}\n" * (MAX_ENTRIES + 1)
    with pytest.raises(LimitError) as caught:
        run_bounded(check_entry_count, text, "tiny.bib")
    assert caught.value.line == MAX_ENTRIES + 1
    run_bounded(check_entry_count, "@a{}\n" * MAX_ENTRIES + "x@y.org\n" * 10, "tiny.bib")  # at the bound: read


def test_fmt_keeps_the_entry_bound(tmp_path: Path, cli) -> None:
    """``fmt`` scans the file itself: ``@a{}`` past the bound is refused with file and line, the file untouched."""
    path = tmp_path / "tiny.bib"
    path.write_text("@a{}" * (MAX_ENTRIES + 1) + "\n")
    before = path.read_bytes()
    for args in (["--indent", "2", "-o", str(tmp_path / "out.bib")], ["--in-place", "--indent", "2"]):
        result = cli("fmt", *args, str(path))
        assert result.exit_code == 1, result.output
        assert f"tiny.bib:1: more than {MAX_ENTRIES:,} entries" in result.output
    assert path.read_bytes() == before and not (tmp_path / "out.bib").exists()


def test_every_reader_counts_against_the_entry_bound(tmp_path: Path, cli) -> None:
    """CSL-JSON's ``{}`` 300,000 times is 900 kB: refused with file and line, like a .bib, nothing written."""
    path = tmp_path / "tiny.json"
    path.write_text("[" + ",\n".join(["{}"] * (MAX_ENTRIES + 1)) + "]")
    out = tmp_path / "out.bib"
    result = cli("convert", "--from", "csl-json", str(path), "--to", "bibtex", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert f"tiny.json:{MAX_ENTRIES + 1}: more than {MAX_ENTRIES:,} entries" in result.output
    path.write_text("[" + ",\n".join(['{"id": "k%d", "type": "book"}' % i for i in range(3)]) + "]")
    assert cli("convert", "--from", "csl-json", str(path), "--to", "bibtex", "-o", str(out)).exit_code == 0


# -- nesting -----------------------------------------------------------------------------------------


DEEP = {
    "braces": "{" * 100_000 + "x" + "}" * 100_000,
    "unclosed": "{" * 100_000 + "x",
    "backslash-braces": "{\\" * 20_000,
    "accents": '{\\"' * 3_000 + "u" + "}" * 3_000,
    "emph": "\\emph{" * 5_000 + "x" + "}" * 5_000,
}


def _codec(text: str) -> tuple[str, str, str]:
    from citekit.latex import decode, encode, is_balanced

    encoded = encode(text)
    assert is_balanced(encoded)
    return encoded, decode(text), decode(text, True)


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_bounded(name: str) -> None:
    """The decoder (whose accents double per level in pylatexenc) and the encoder finish, keeping the text."""
    encoded, plain, marked = run_bounded(_codec, DEEP[name])
    assert len(plain) < 10_000 and len(marked) < 10_000
    if name in ("braces", "unclosed", "emph"):
        assert plain == "x"
        assert "x" in encoded


def test_real_nesting_still_decodes_accents() -> None:
    """Below the bound nothing changes: ``{\\"{\\i}}`` inside a protected title is still ï."""
    from citekit.latex import decode

    assert decode('{{Na{\\"{\\i}}ve}}') == "Naïve"
    assert decode("{\\emph{{\\'E}tude}}", True) == "<i>Étude</i>"


def test_is_balanced_is_one_pass() -> None:
    """``is_balanced`` no longer strips ``{}`` pairs level by level (quadratic on deep nesting)."""
    from citekit.latex import is_balanced

    assert run_bounded(is_balanced, "{" * 200_000 + "}" * 200_000)
    assert not run_bounded(is_balanced, "}" + "{" * 200_000 + "}" * 200_000 + "{")


# -- the regular expressions of issue 25 ------------------------------------------------------------

def _render(bib: str, style: str) -> str:
    from citekit.render.engine import render_library
    from citekit.sources.bibtex import READER

    return render_library(READER.read(bib, "x.bib"), style, "text")


@pytest.mark.parametrize("author", [
    "{Doe, X " + "a" * 60 + "!}",  # 83 bytes took 20 s, 4x more per two letters
    "Doe, " + "von " * 40 + "X",  # a given name of particles ending in a capital
    "X " + "von " * 40 + "Doe",
    "d\u2019" * 40 + "!",
    "Müller" + " " * 80_000,
])
def test_names_in_styled_output_are_bounded(author: str) -> None:
    """Every styled output parses particles; these names finish and print."""
    out = run_bounded(_render, f"@article{{a, title = {{T}}, author = {{{author}}}, year = 2020}}\n", "apa")
    assert "(2020)" in out


@pytest.mark.parametrize("field,style", [("pages", "ieee"), ("volume", "apa"), ("number", "ieee")])
def test_long_numbers_in_labels_are_bounded(field: str, style: str) -> None:
    """A 40,000-digit page: citeproc-py's plural test was quadratic and int() refuses 4,300+ digits."""
    out = run_bounded(_render, f"@article{{a, title = {{T}}, author = {{Doe, J.}}, year = 2020, {field} = {{{'1' * 40_000}}}}}\n", style)
    assert "1" * 1000 in out


def test_arxiv_note_with_spaces_is_bounded() -> None:
    """``note={arxiv`` + spaces + ``#}``: three ``\\s*`` in a row were cubic (2 KB took 108 s)."""
    from citekit.check.identifiers import _ARXIV_IN_TEXT

    assert run_bounded(_ARXIV_IN_TEXT.search, "arxiv" + " " * 100_000 + "#") is None
    assert _ARXIV_IN_TEXT.search("see arXiv preprint arXiv:2101.00001").group(1) == "2101.00001"
    assert _ARXIV_IN_TEXT.search("arxiv : 2101.00001v2").group(1) == "2101.00001v2"


def test_check_on_unclosed_brace_and_newlines_is_bounded(tmp_path: Path) -> None:
    """An unclosed brace and 80,000 newlines: "^\\s*" from every line start was quadratic."""
    path = tmp_path / "open.bib"
    path.write_text("@article{a, title = {T" + "\n" * 80_000, encoding="utf-8")
    findings = run_bounded(_check_text, str(path))
    assert [(rule, line) for rule, line, _ in findings] == [("tex-unbalanced-braces", 1)]


def test_sniff_of_tiny_entries_is_bounded() -> None:
    """``@a{}`` repeated with no comma: the keyed-entry pattern ran from every ``@`` to the end."""
    from citekit.sources import SNIFF_BYTES
    from citekit.sources.bibtex import READER

    sample = ("@a{}" * SNIFF_BYTES)[:SNIFF_BYTES]
    assert run_bounded(READER.sniff, sample) == 0.5
    assert READER.sniff("@article{key,\n title = {T}}") == 0.95


def test_encoding_backslash_braces_is_bounded() -> None:
    """``{\\`` x 20,000 in a title written as BibTeX: the group-end scan from every brace was quadratic."""
    from citekit.latex import encode, is_balanced

    out = run_bounded(encode, "{\\" * 20_000)
    assert is_balanced(out) and not out.endswith("\\")


# -- name lists with long white space ---------------------------------------------------------------


def test_and_splitting_over_long_white_space_is_bounded() -> None:
    """``Müller`` + 80,000 spaces as an author: every ``\\s+and\\s+`` rescanned the run from each space."""
    from citekit.check.names import split_top
    from citekit.sources.bibtex import split_names

    value = "Müller" + " " * 80_000 + "x"
    assert run_bounded(split_top, value) == [value]
    names, _ = run_bounded(split_names, value)
    assert len(names) == 1
    assert split_top("A and B AND  C") == ["A", "B", "C"]


# -- CSL-JSON nested past any real item ----------------------------------------------------------------


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deep_csl_json_is_an_error_not_a_crash(tmp_path: Path, depth: int) -> None:
    """A title nested 900 lists deep reads past json but not past the code that copies values; both are refused."""
    from citekit.errors import InputError
    from citekit.sources.csl_json import READER

    text = '[{"id": "a", "type": "article", "title": ' + "[" * depth + '"x"' + "]" * depth + "}]"
    library = run_bounded(READER.read, text, "deep.json")
    assert [(p.severity, p.line) for p in library.problems] == [("error", 1)] and not library.entries
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run_bounded(_check_text, str(path))
    assert caught.value.line == 1


@pytest.mark.parametrize("nested, refused", [(31, False), (32, True)])
def test_csl_json_depth_limit_is_exact(nested: int, refused: bool) -> None:
    """An item nesting MAX_JSON_DEPTH levels is read (with a warning for its odd title); one level more is refused."""
    from citekit.limits import MAX_JSON_DEPTH
    from citekit.sources.csl_json import READER

    assert MAX_JSON_DEPTH == 32  # the item is one level, its title list the others
    text = '[{"id": "a", "type": "article", "title": ' + "[" * nested + '"x"' + "]" * nested + "}]"
    library = READER.read(text, "deep.json")
    assert any("levels deep" in p.message for p in library.problems) is refused
    assert len(library.entries) == (0 if refused else 1)


def test_note_lines_are_read_in_linear_time() -> None:
    """``key: value`` note lines (Zotero's convention): blank lines and long spaces no longer quadratic."""
    from citekit.render.cslproc.processor import note_variables

    found, _rest = run_bounded(note_variables, "\n" * 200_000 + "publisher: P" + " " * 200_000 + "Q  ")
    assert found == {"publisher": "P" + " " * 200_000 + "Q"}
    found, rest = note_variables("original-date: 1905\n  container-title : Annalen \nplain text")
    assert found == {"original-date": {"raw": "1905"}, "container-title": "Annalen"} and rest == "plain text"

def _read_as(fmt: str | None, path: str) -> int:
    import citekit

    try:
        return len(citekit.read(path, fmt=fmt).entries)
    except citekit.CitekitError:
        return -1


@pytest.mark.parametrize("fmt", ["references", None])
def test_a_run_of_brackets_is_read_in_linear_time(tmp_path: Path, fmt) -> None:
    """A megabyte of "[" (a too-deep JSON, a crafted paste): the references reader's wiki-link and bracketed-note
    patterns were quadratic on it (100 kB took 11 s); now each attempt stops at the next "[", and no paper is found."""
    path = tmp_path / "brackets.txt"
    path.write_text("[" * 1_000_000 + "]" * 1_000, encoding="utf-8")
    assert run_bounded(_read_as, fmt, str(path)) <= 0


def test_a_long_wrapped_run_of_names_is_read_in_linear_time(tmp_path: Path) -> None:
    """A megabyte of "A, A, ..." lines, each ending in a comma: the profile reader joined the run line by line and
    parsed the whole joined text again at each (200 kB took 9 s); now only each new line is checked."""
    path = tmp_path / "names.txt"
    path.write_text(("A, " * 40 + "\n") * 8_000, encoding="utf-8")
    assert run_bounded(_read_as, None, str(path)) <= 0
