"""The source-preserving .bib editor: spans found exactly, and edits touch nothing else."""

from __future__ import annotations

import pytest

from citekit.bibedit import BibDocument

ALIGNED = """% My references -- keep this comment
@string{ prl = "Phys. Rev. Lett." }

@Article{Smith2000,
    author  = {John Smith and Jane Roe},
    title   = "A {Quantum} Thing",
    journal = prl,
    year    = 2000,
}

%@misc{commented, title = {Not an entry}}

@misc{ preprint ,
  title = {Deep {Nets}},
  note = {see \\url{x}} # " and more"  % trailing remark
}
"""


def test_spans_and_values():
    doc = BibDocument.parse(ALIGNED, "refs.bib")
    assert [e.key for e in doc.entries] == ["Smith2000", "preprint"]
    smith = doc.entry("Smith2000")
    assert smith.type == "Article" and smith.line == 4
    assert [f.name for f in smith.fields] == ["author", "title", "journal", "year"]
    assert smith.field("TITLE").value_text == "A {Quantum} Thing"
    assert smith.field("journal").value_raw == "prl" and smith.field("journal").delimiter == ""
    assert smith.field("year").line == 8
    note = doc.entry("preprint").field("note")
    assert note.value_raw == '{see \\url{x}} # " and more"'
    assert doc.strings() == {"prl": '"Phys. Rev. Lett."'}
    assert doc.render() == ALIGNED and not doc.changed


def test_add_field_follows_alignment_and_trailing_comma():
    doc = BibDocument.parse(ALIGNED)
    smith = doc.entry("Smith2000")
    doc.add_field(smith, "doi", "{10.1/x}")
    out = doc.render()
    assert "    year    = 2000,\n    doi     = {10.1/x},\n}" in out
    # Everything outside the entry is untouched.
    assert out.replace("    doi     = {10.1/x},\n", "") == ALIGNED


def test_add_field_without_trailing_comma_and_after_comment():
    doc = BibDocument.parse(ALIGNED)
    pre = doc.entry("preprint")
    doc.add_field(pre, "eprint", doc.quote(pre, "2101.00001"))
    out = doc.render()
    assert 'note = {see \\url{x}} # " and more",\n  eprint = {2101.00001}  % trailing remark\n}' in out


def test_set_remove_and_type():
    doc = BibDocument.parse(ALIGNED)
    smith = doc.entry("Smith2000")
    doc.set_field(smith, "year", "{2001}")
    doc.remove_field(smith, "journal")
    doc.set_type(smith, "inproceedings")
    out = doc.render()
    assert "@Inproceedings{Smith2000," in out
    assert "journal" not in out.split("@Inproceedings")[1].split("@misc")[0]
    assert "    year    = {2001},\n}" in out
    assert out.count("\n") == ALIGNED.count("\n") - 1


def test_crlf_and_inline_entries():
    text = "@misc{a, title={X}, year={2020}}\r\n@book{b,\r\n\tTITLE = {Y},\r\n\tYEAR = {1999}\r\n}\r\n"
    doc = BibDocument.parse(text)
    doc.add_field(doc.entry("a"), "note", "{n}")
    doc.add_field(doc.entry("b"), "publisher", "{P}")
    doc.remove_field(doc.entry("a"), "year")
    out = doc.render()
    assert out.startswith("@misc{a, title={X}, note={n}}\r\n")
    assert "\tYEAR = {1999},\r\n\tPUBLISHER = {P}\r\n}\r\n" in out


def test_parenthesised_entry_and_braces_with_backslash():
    text = "@article(k1, title = {\\}, author = {A}) \n@misc{k2, title = {a \\{ b}}}\n"
    doc = BibDocument.parse(text)
    assert doc.entry("k1").field("title").value_text == "\\"
    # BibTeX counts braces regardless of backslashes: k2's title is "a \\{ b}".
    assert doc.entry("k2").field("title").value_text == "a \\{ b}"
    assert not doc.problems


def test_unreadable_block_is_a_problem_and_kept_as_text():
    text = "@article{bad, title = {unclosed\n\n@misc{good, title={Fine}}\n"
    doc = BibDocument.parse(text)
    assert [e.key for e in doc.entries] == ["good"]
    assert doc.problems and doc.problems[0][0] == 1
    assert doc.render() == text


def test_remove_last_field_without_comma_inline():
    doc = BibDocument.parse("@misc{a, title={X}, year={2020}}")
    doc.remove_field(doc.entry("a"), "year")
    assert doc.render() == "@misc{a, title={X}}"


@pytest.mark.parametrize("name", ["title", "author"])
def test_add_existing_field_refused(name):
    doc = BibDocument.parse("@misc{a, title={X}, author={Y}}")
    with pytest.raises(KeyError):
        doc.add_field(doc.entry("a"), name, "{Z}")


def test_several_macros_in_one_string_block():
    doc = BibDocument.parse('@STRING{\n   jan = "styczeń",\n   feb = "luty",\n}\n@misc{a, month = jan}\n')
    assert not doc.problems
    assert doc.strings() == {"jan": '"styczeń"', "feb": '"luty"'}


def test_new_field_name_follows_the_entrys_majority_case():
    text = "@Article{k,\n  Author = {A},\n  Title = {T},\n  ISSN = {1234-5678},\n  Journal = {J}\n}\n"
    doc = BibDocument.parse(text)
    doc.add_field(doc.entry("k"), "doi", "{10.1/x}")
    assert "  Journal = {J},\n  Doi = {10.1/x}\n}" in doc.render()
