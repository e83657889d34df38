""".bib round trips: a faithful reader, byte-for-byte untouched entries, the mapping table, safe keys."""

from __future__ import annotations

import logging
from pathlib import Path

import bibtexparser
import pytest

from citekit.bibmap import BIBLATEX_ACCEPTS, FIELDS, read_field, write_field
from citekit.exporters import ExportOptions
from citekit.exporters.bibtex import BIBLATEX, BIBTEX, safe_key
from citekit.latex import decode, encode_rich
from citekit.model import Entry, Library, Name, PartialDate, Provenance
from citekit.sources.bibtex import READER
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "bib"
CORPUS = Path("/work/corpus/bib")


def _read(name: str) -> Library:
    return READER.read((FIXTURES / name).read_text(encoding="utf-8"), name)


def _by_key(lib: Library) -> dict[str, Entry]:
    return {e.key: e for e in lib.entries}


def _parse(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    lib = bibtexparser.parse_string(text, parse_stack=[])
    return {e.key: (e.entry_type, {f.key: " ".join(f.value.split()) for f in e.fields}) for e in lib.entries}


# -- the reader is faithful --------------------------------------------------------------


def test_commented_out_entry_stays_a_comment():
    """``%@article{...}`` is a comment: no entry, and the output keeps the line as a comment."""
    lib = _read("hard.bib")
    assert "old2001" not in _by_key(lib)
    out = BIBTEX.write(lib, ExportOptions())
    assert "%@article{old2001," in out
    assert "old2001" not in _by_key(READER.read(out, "out.bib"))


def test_keys_types_and_trailing_comments_are_kept():
    """Keys differing in case are two entries; ``@InProceedings`` keeps its spelling; ``% comment`` stays."""
    lib = _read("hard.bib")
    keys = _by_key(lib)
    assert {"Case2020", "case2020"} <= set(keys)
    out = BIBTEX.write(lib, ExportOptions())
    assert "@InProceedings{Case2020," in out and "@article{case2020," in out
    assert "year      = {\\noopsort{1973c}1981}, % sorted as 1973c\n" in out


def test_values_bibtex_reads_are_read():
    """``title = {\\}`` (BibTeX counts braces regardless of backslashes) and SICI DOIs, whole."""
    keys = _by_key(_read("hard.bib"))
    assert keys["backslash"].title == "\\"
    assert keys["Case2020"].DOI == "10.1002/(SICI)1097-4636(199703)34:3<307::AID-JBM5>3.0.CO;2-K"


def test_unreadable_block_is_kept_verbatim_and_reported():
    """A block that never closes is reported with its line and written back exactly; no fragment is left."""
    src = (FIXTURES / "hard.bib").read_text(encoding="utf-8")
    lib = READER.read(src, "hard.bib")
    (problem,) = [p for p in lib.problems if "unreadable" in p.message]
    assert problem.line == 27 and "never closed" in problem.message
    out = BIBTEX.write(lib, ExportOptions())
    broken = "@article{broken, title = {This brace {never closes}, year = 2020\n"
    assert broken in src and broken in out
    assert out.count("never closes") == 1
    # The entries after it are read.
    assert {"season", "circa", "caesar"} <= set(_by_key(lib))


def test_strings_come_before_every_entry():
    """@string and @preamble are written first, so a macro is defined before any entry uses it."""
    lib = _read("hard.bib")
    lib.entries.reverse()  # as after a merge that moved entries about
    out = BIBTEX.write(lib, ExportOptions())
    assert out.index("@string{jgr") < out.index("journal = jgr")
    assert out.index("@preamble") < out.index("@")  + len(out.split("@preamble")[0]) + 1


# -- LaTeX read as a reader reads it --------------------------------------------------------


@pytest.mark.parametrize("tex, text", [
    ("Cu$_2$O", "Cu₂O"),
    ("$\\alpha$-helix", "α-helix"),
    ("$x^{2+}$ ions", "x²⁺ ions"),
    ("$O(n \\log n)$ time", "$O(n \\log n)$ time"),
    ("\\TeX{} and \\LaTeX{} and \\BibTeX", "TeX and LaTeX and BibTeX"),
    ("\\mbox{Big Words}", "Big Words"),
    ("{\\noopsort{1973c}1981}", "1981"),
    ("\\url{https://example.org/a_b}", "https://example.org/a_b"),
])
def test_latex_decodes_as_printed(tex, text):
    """Math to Unicode where it is simple (else kept as math), logos to names, sort keys hidden."""
    assert decode(tex) == text


def test_font_commands_become_csl_rich_text_in_titles():
    """``\\emph``/``\\textit`` -> ``<i>``, ``\\textsc`` -> small caps, only in title-like fields."""
    e = _by_key(_read("hard.bib"))["case2020"]
    assert e.title == "<i>Escherichia coli</i> in rivers"
    assert decode("\\textsc{Abc} \\textbf{b}", True) == '<span style="font-variant:small-caps;">Abc</span> <b>b</b>'
    assert decode("\\emph{plain}") == "plain"


def test_csl_rich_text_reaches_bibtex_as_latex():
    """``<i>``, ``<sup>``, ``<sub>``, small caps and ``nocase`` become LaTeX; bad nesting stays text."""
    assert encode_rich("The <i>E. coli</i> genome") == "The \\textit{E. coli} genome"
    assert encode_rich("H<sub>2</sub>O and x<sup>2</sup>") == "H\\textsubscript{2}O and x\\textsuperscript{2}"
    assert encode_rich('<span style="font-variant:small-caps;">Abc</span>') == "\\textsc{Abc}"
    assert encode_rich('the <span class="nocase">iPhone</span>', protect=True) == "the {iPhone}"
    assert encode_rich("<i>open") == "\\textless{}i\\textgreater{}open"


# -- the mapping table ---------------------------------------------------------------------


def test_fields_map_per_type():
    """``number`` is an article's issue but a book's number in its series; ``school`` a thesis's publisher."""
    assert read_field("number", "article").csl == "issue"
    assert read_field("number", "book").csl == "collection-number"
    assert read_field("number", "techreport").csl == "number"
    assert read_field("school", "phdthesis").csl == "publisher"
    assert write_field("publisher", "phdthesis", "bibtex") == "school"
    assert write_field("publisher", "thesis", "biblatex") == "institution"
    assert write_field("publisher", "online", "biblatex") is None  # biblatex's data model has none
    assert write_field("publisher-place", "book", "bibtex") == "address"
    assert write_field("publisher-place", "book", "biblatex") == "location"


def test_every_biblatex_field_the_table_writes_is_in_the_data_model():
    """What write_field gives for biblatex is accepted by biblatex's data model for that type."""
    for row in FIELDS:
        for btype in BIBLATEX_ACCEPTS:
            name = write_field(row.csl, btype, "biblatex")
            if name is not None:
                assert name in BIBLATEX_ACCEPTS[btype], (row.csl, btype, name)


def test_zotero_fields_land_in_csl_variables():
    """editor, translator, series, number, edition, location, isbn, urldate, langid, pagetotal: none dropped."""
    keys = _by_key(_read("zotero_bbt.bib"))
    book = keys["hartmannHandbookHydrology2019"]
    assert book.type == "book" and book.publisher == "Springer"
    assert book.vars["editor"] == [{"family": "Hartmann", "given": "Klaus"}]
    assert book.vars["translator"] == [{"family": "Brown", "given": "Sarah"}]
    assert book.vars["collection-title"] == "Water Science" and book.vars["collection-number"] == "12"
    assert book.vars["edition"] == "2" and book.vars["publisher-place"] == "Cham"
    assert book.vars["ISBN"] == "978-3-030-00000-0" and book.vars["number-of-pages"] == "512"
    art = keys["abelsonModelingRiverDeltas2021"]
    assert art.issue == "3" and art.vars["accessed"] == {"date-parts": [[2023, 1, 15]]}
    assert art.vars["language"] == "en-US" and art.vars["ISSN"] == "2169-9003"  # langid as BCP 47, as pandoc maps it
    assert art.author[1] == Name("van der Linden", "Pieter")  # braced: one family name, as BibTeX reads it
    thesis = keys["okaforSedimentTransport2020"]
    assert thesis.type == "thesis" and thesis.publisher == "University of Lagos"
    assert thesis.vars["genre"] == "PhD thesis"


def test_fields_without_a_csl_variable_become_note_lines():
    """JabRef's owner/timestamp and DBLP's biburl survive as ``key: value`` lines of the CSL note."""
    smith = _by_key(_read("jabref.bib"))["Smith2018"]
    assert smith.vars["note"] == "owner: jsmith\ntimestamp: 2018.03.01"
    garcia = _by_key(_read("dblp.bib"))["DBLP:conf/demo/Garcia21"]
    assert "biburl: https://dblp.org/rec/conf/demo/Garcia21.bib" in garcia.vars["note"].splitlines()
    assert garcia.DOI == "10.1007/978-3-030-00000-0_1"  # DBLP's \_ is BibTeX's, not the DOI's


def test_names_keep_their_parts():
    """``von Last, Jr., First`` -> particle, family, suffix, given; ``{Barnes and Noble}`` one literal.

    hard.bib has biblatex's own fields (``date``), so biber's default ``useprefix=false`` applies: the von
    part is printed after the given name, CSL's dropping particle. In a classic BibTeX file the same name's
    von part stays in front of the family name (``{vv~}{ll}``), a non-dropping particle.
    """
    e = _by_key(_read("hard.bib"))["Case2020"]
    assert e.author[0] == Name("Beethoven", "Ludwig", dropping_particle="von", suffix="Jr.")
    assert e.author[1] == Name(literal="Barnes and Noble")
    assert e.extra["et_al"] is True
    out = BIBLATEX.write(Library(entries=[Entry(title="T", author=list(e.author), issued=PartialDate(2000),
                                                key="k")]), ExportOptions())
    back = READER.read(out, "back.bib").entries[0]
    assert back.author == e.author
    classic = READER.read("@book{k, author = {von Beethoven, Jr., Ludwig}, title = {T}, year = 2000}\n", "c.bib")
    assert classic.entries[0].author[0] == Name("Beethoven", "Ludwig", non_dropping_particle="von", suffix="Jr.")


@pytest.mark.parametrize("key, csl", [
    ("case2020", {"date-parts": [[2001, 3], [2002, 4]]}),
    ("season", {"date-parts": [[1999]], "season": 1}),
    ("circa", {"date-parts": [[1850]], "circa": True}),
    ("caesar", {"date-parts": [[-50]]}),
])
def test_biblatex_dates_keep_ranges_seasons_circa_and_bce(key, csl):
    """biblatex's EDTF dates become CSL date objects, and the same dates come back in BibLaTeX."""
    e = _by_key(_read("hard.bib"))[key]
    assert e.vars["issued"] == csl
    fresh = Entry(type="document", title="T", author=[Name("Doe", "J.")], vars={"issued": csl}, key="x")
    out = BIBLATEX.write(Library(entries=[fresh]), ExportOptions())
    again = READER.read(out, "again.bib").entries[0]
    assert again.vars["issued"] == csl


def test_crossref_children_inherit_for_csl_and_keep_the_crossref_in_the_bib():
    """A DBLP child gets its proceedings' title as container title, editors, series; the .bib keeps both."""
    lib = _read("dblp.bib")
    kim = _by_key(lib)["DBLP:conf/demo/Kim21"]
    assert kim.container_title == "Proceedings of the 10th Demo Conference, DEMO 2021"
    assert kim.publisher == "Springer" and kim.vars["collection-title"] == "Lecture Notes in Computer Science"
    assert kim.vars["editor"][0]["family"] == "Dijk"
    out = BIBTEX.write(lib, ExportOptions())
    parsed = _parse(out)
    assert parsed["DBLP:conf/demo/Kim21"][1]["crossref"] == "{DBLP:conf/demo/2021}"
    assert "booktitle" not in parsed["DBLP:conf/demo/Kim21"][1]  # inherited, not written
    assert "DBLP:conf/demo/2021" in parsed


def test_xdata_fields_are_inherited():
    """An ``xdata`` entry's fields fill its users (biber's rule)."""
    e = _by_key(_read("hard.bib"))["withxdata"]
    assert e.publisher == "Shared Press" and e.vars["publisher-place"] == "Basel"


# -- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.bib")))
@pytest.mark.parametrize("writer", [BIBTEX, BIBLATEX])
def test_untouched_entries_are_written_byte_for_byte(name, writer):
    """Every entry the pipeline did not change comes back exactly as it stood in the file."""
    from citekit import bibscan

    src = (FIXTURES / name).read_text(encoding="utf-8")
    out = writer.write(READER.read(src, name), ExportOptions())
    for block in bibscan.split(src):
        if isinstance(block, (bibscan.Entry, bibscan.Macro, bibscan.Preamble)):
            assert block.raw in out, block.raw[:60]


def test_a_changed_entry_keeps_everything_it_did_not_change():
    """A changed title is re-encoded; raw values, macros, unknown fields and trailing comments stay."""
    lib = _read("hard.bib")
    e = _by_key(lib)["Case2020"]
    e.title = "A new <i>title</i>"
    out = BIBTEX.write(lib, ExportOptions())
    block = out[out.index("@InProceedings{Case2020,"):]
    block = block[: block.index("\n}\n")]
    assert "title     = {A new \\textit{title}}," in block
    assert "year      = {\\noopsort{1973c}1981}, % sorted as 1973c" in block
    assert "{10.1002/(SICI)1097-4636(199703)34:3<307::AID-JBM5>3.0.CO;2-K}" in block
    fields = _parse(out)["Case2020"][1]
    assert fields["author"] == "{von Beethoven, Jr., Ludwig and {Barnes and Noble} and others}"


def test_a_minimal_entry_of_a_users_file_is_never_dropped():
    """An entry with no title, author or id in a user's .bib is still written (it is a record)."""
    lib = READER.read("@misc{minimal, key = {Missing}}\n", "m.bib")
    assert "@misc{minimal, key = {Missing}}" in BIBTEX.write(lib, ExportOptions())


def test_an_abstract_alone_is_a_comment_naming_its_source():
    """A listing's entry with only an abstract is ``%`` lines with file, line and the abstract's start."""
    e = Entry(abstract="We study rivers @ night in great detail " * 3)
    e.add_source(Provenance("abstracts", "seeds/a.txt", 4))
    out = BIBTEX.write(Library(entries=[e]), ExportOptions())
    assert out.startswith("% citekit: not a citation") and "seeds/a.txt:4" in out
    assert "% Abstract: We study rivers (at) night" in out
    assert "@" not in out and "Untitled" not in out
    assert _parse(out) == {}


def test_no_placeholder_title_for_an_id_without_title():
    """An arXiv id with no title is written without a title field, never ``[Untitled]``."""
    e = Entry(arxiv_id="2311.05598", key="k")
    for writer in (BIBTEX, BIBLATEX):
        out = writer.write(Library(entries=[e]), ExportOptions())
        assert "Untitled" not in out and "title" not in _parse(out)["k"][1]
        assert "year" in out or "date" in out


@pytest.mark.parametrize("key", ["a b", "a,b", "a}b", "x}\n@misc{evil, title={pwned}", "a{b", 'q"uote', "p%c"])
def test_hostile_keys_never_break_the_file(key):
    """A key that would end the key or the entry is made safe and reported; no entry is injected."""
    lib = Library(entries=[Entry(title="T", author=[Name("Doe", "J.")], issued=PartialDate(2020), key=key)])
    for writer in (BIBTEX, BIBLATEX):
        out = writer.write(lib, ExportOptions())
        parsed = _parse(out)
        assert list(parsed) == [safe_key(key)]
        assert "pwned" not in "".join(parsed[safe_key(key)][1].values())
    assert any("cannot be written" in p.message for p in lib.problems)
    assert lib.key_changes and lib.key_changes[0].old == key


def test_csl_note_lines_become_bib_fields_again():
    """``key: value`` lines of a CSL note whose key is a .bib field name are written as that field."""
    e = Entry(type="article-journal", title="T", author=[Name("Doe", "J.")], issued=PartialDate(2020),
              container_title="J", key="k", vars={"note": "A real note\nbiburl: https://dblp.org/x\nowner: me"})
    fields = _parse(BIBTEX.write(Library(entries=[e]), ExportOptions()))["k"][1]
    assert fields["biburl"] == "{https://dblp.org/x}" and fields["owner"] == "{me}"
    assert fields["note"] == "{A real note}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real-file corpus is not on this machine")
def test_real_files_round_trip_without_loss():
    """Every .bib of the corpus: no entry dropped, no field lost or changed, entry types as spelled."""
    for path in sorted(CORPUS.glob("*.bib")):
        src = path.read_text(encoding="utf-8", errors="replace")
        before = _parse(src)
        lib = READER.read(src, path.name)
        for writer in (BIBTEX, BIBLATEX):
            after = _parse(writer.write(lib, ExportOptions()))
            for key, (etype, fields) in before.items():
                assert key in after, (path.name, key)
                assert after[key][0] == etype, (path.name, key)
                assert after[key][1] == fields, (path.name, key)


def test_json_output_of_a_bib_works():
    """``--to json`` of a .bib with authors, editors and crossrefs is valid JSON (no Python objects)."""
    import json

    from citekit.exporters import WRITERS

    lib = _read("dblp.bib")
    data = json.loads(WRITERS.get("json").write(lib, ExportOptions()))
    assert len(data["entries"]) == 3


def test_a_changed_entry_gains_no_field_made_from_its_others():
    """The CSL note lines, a thesis's genre and a subtitle-joined title are not written back as new fields."""
    lib = READER.read((FIXTURES / "jabref.bib").read_text(encoding="utf-8")
                      + "@phdthesis{t, title = {T}, subtitle = {S}, author = {Roe, R.}, school = {U}, year = 2001}\n",
                      "x.bib")
    for e in lib.entries:
        e.title = (e.title or "") + " revised"
    parsed = _parse(BIBTEX.write(lib, ExportOptions()))
    assert "note" not in parsed["Smith2018"][1] and parsed["Smith2018"][1]["Owner"] == "{jsmith}"
    assert set(parsed["t"][1]) == {"title", "subtitle", "author", "school", "year"}


def test_a_commented_out_field_stays_a_comment_when_its_entry_changes():
    """``%  note = {...}`` inside an entry is no field, and stays in the entry as a comment after a change."""
    lib = READER.read("@article{k,\n  title = {Old},\n%  note = {an old note},\n  year = 2001,\n  % the end\n}\n", "k.bib")
    assert lib.entries[0].note is None and "note" not in lib.entries[0].vars
    lib.entries[0].title = "New"
    out = BIBTEX.write(lib, ExportOptions())
    assert "%  note = {an old note}," in out and "% the end" in out
    again = READER.read(out, "again.bib").entries[0]
    assert again.title == "New" and again.note is None and again.issued == PartialDate(2001)


def test_a_header_comment_stays_above_the_strings_when_nothing_moved(tmp_path, cli):
    """A licence header before @preamble/@string keeps its place; the macros still precede their uses."""
    src = tmp_path / "lib.bib"
    src.write_text("% Copyright header of this file.\n\n@preamble{ \"\\\\newcommand{\\\\noopsort}[1]{}\" }\n\n"
                   "@string{ acm = \"ACM\" }\n\n@book{k1,\n  title = {One},\n  publisher = acm,\n  year = 1999,\n}\n",
                   encoding="utf-8")
    result = cli("convert", str(src), "--from", "bibtex", "--to", "bibtex")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("% Copyright header") < out.index("@preamble") < out.index("@string") < out.index("@book{k1")
