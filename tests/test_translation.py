"""A .bib means the same in CSL-JSON, BibLaTeX and every styled list (issue 18), on real files in tests/data/translation."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import citekit
from citekit.check import check_paths
from citekit.csl import entry_to_csl
from citekit.exporters import WRITERS, ExportOptions
from citekit.latex import decode
from citekit.render.engine import render_entries, render_library
from citekit.render.rich import to_text
from citekit.styles import resolve_style
from citekit.textcase import keep_case, protect_capitals, sentence_case, tex_sentence_case

DATA = Path(__file__).resolve().parent / "data" / "translation"
REPO = Path(__file__).resolve().parent.parent


def _read(*names: str, text: str | None = None, tmp_path: Path | None = None):
    if text is not None:
        path = tmp_path / "in.bib"
        path.write_text(text, encoding="utf-8")
        return citekit.read(str(path), fmt="bibtex")
    return citekit.read(*(str(DATA / n) for n in names), fmt="bibtex")


def _csl(library) -> dict[str, dict]:
    return {e.key: entry_to_csl(e) for e in library.entries}


def _apa(library) -> dict[str, str]:
    return {r.entry.key: to_text(r.rich) for r in render_entries(library.entries, resolve_style("apa"))}


# -- case ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    # What pandoc 3's BibTeX reader gives for these titles (unTitlecase with citeproc's sentence case); a
    # protecting group a title-case style could change stays a nocase span, as pandoc's Span "nocase" does.
    (r"The {NASA} Mission to {Mars}: A Study of {\"U}ber Things in {DNA} Repair and {the Big Bang} Theory. Second Part? Yes",
     'The NASA mission to Mars: A study of Über things in DNA repair and <span class="nocase">the Big Bang</span> '
     "theory. Second part? yes"),
    (r"An In-Depth Look at COVID-19's Spread", "An in-depth look at COVID-19's spread"),
    (r"Analysis of {\"O}sterreich Data and \"Osterreich", "Analysis of Österreich data and österreich"),
    (r"{T}he Title ends Here:   Spaces  And... Ellipsis Word e.g. Other. {}Next",
     "The title ends here: Spaces and... Ellipsis word e.g. Other. next"),
    (r"Solar and Solar-like Oscillations: Theory.", "Solar and solar-like oscillations: theory."),
    (r"Language and Design in \mkbibemph{Pippa Passes}", "Language and design in Pippa Passes"),
    (r"Training {BERT} on GPUs and iPhone Devices: {A} Study", "Training BERT on GPUs and iPhone devices: A study"),
    # An escaped dollar is no math: the words between two of them are converted (a Zotero review title).
    (r"Paper, {US}\$29.99 (Cased, {US}\$99.99). Some Words and \$ More",
     "Paper, US$29.99 (cased, US$99.99). Some words and $ more"),
])
def test_sentence_case_as_pandoc_reads_bibtex_titles(raw, expected):
    """Braced words, acronyms, mixed case and math stay; capitalized words lower; the first word and one after a colon stay."""
    assert tex_sentence_case(raw, decode) == expected


def test_english_titles_in_sentence_case_non_english_left_and_keep_case(tmp_path):
    """CSL and APA get sentence case for English entries; langid ngerman is left alone; --keep-case keeps all."""
    text = ("@inbook{e, author={A, B}, title={An In-Depth Look}, booktitle={The Big Book of Things}, "
            "journal={Journal of Things}, year=2000}\n"
            "@article{g, author={C, D}, title={Die Große Theorie}, journal={Zeitschrift Für Dinge}, year=2001, langid={ngerman}}\n"
            "@article{j, author={E, F}, title={On Large Numbers}, journal={Journal of Numbers}, year=2002}\n")
    library = _read(text=text, tmp_path=tmp_path)
    items = _csl(library)
    assert items["e"]["title"] == "An in-depth look" and items["e"]["container-title"] == "The big book of things"
    assert items["g"]["title"] == "Die Große Theorie" and items["g"]["language"] == "de-DE"
    assert items["j"]["title"] == "On large numbers" and items["j"]["container-title"] == "Journal of Numbers"
    keep_case(library)
    assert _csl(library)["j"]["title"] == "On Large Numbers"
    # The .bib itself is never touched: written back, the file is the same.
    out = WRITERS.get("bibtex").write(library, ExportOptions(unicode=True))
    assert out == text


def test_csl_titles_written_as_bibtex_protect_what_sentence_case_would_lower():
    """A sentence-case CSL title comes back from .bib -> CSL as it was."""
    title = "A verse translation of Abbo of St. Germain's poem: Notes on Paris"
    protected = protect_capitals(title)
    assert '<span class="nocase">Abbo</span>' in protected and '<span class="nocase">Paris</span>' in protected
    assert sentence_case(protected).replace('<span class="nocase">', "").replace("</span>", "") == title


# -- inheritance -----------------------------------------------------------------------


def test_biblatex_examples_inherit_as_biber_does():
    """knuth:ct:a (a @book with crossref to an @mvbook) gets the author, the work's title and its own volume title."""
    items = _csl(_read("biblatex-examples.bib"))
    a = items["knuth:ct:a"]
    assert a["author"][0]["family"] == "Knuth"
    assert a["title"] == "Computers & typesetting" and a["volume-title"] == "The TeXbook" and a["volume"] == "A"
    assert a["publisher"] == "Addison-Wesley"


def test_crossref_chain_xdata_and_renaming(tmp_path):
    """A chapter inherits its book's title as container-title and author as container-author, through a chain to
    the multi-volume work (maintitle); xdata fields pass under their own names; @xdata is listed nowhere."""
    text = (
        "@xdata{pub, publisher={Oxford UP}, location={Oxford}}\n"
        "@mvbook{works, author={Kant, Immanuel}, title={Collected Works}, year={1900}, xdata={pub}}\n"
        "@book{vol, title={Critique of Pure Reason}, volume={3}, crossref={works}}\n"
        "@inbook{chap, title={Transcendental Aesthetic}, pages={41--62}, crossref={vol}}\n")
    library = _read(text=text, tmp_path=tmp_path)
    items = _csl(library)
    chap = items["chap"]
    assert chap["author"] == [{"family": "Kant", "given": "Immanuel"}]
    assert chap["container-author"] == [{"family": "Kant", "given": "Immanuel"}]
    assert chap["container-title"] == "Collected works" and chap["volume-title"] == "Critique of pure reason"
    assert chap["publisher"] == "Oxford UP" and chap["publisher-place"] == "Oxford" and chap["issued"]["date-parts"] == [[1900]]
    assert items["vol"]["title"] == "Collected works" and items["vol"]["volume-title"] == "Critique of pure reason"
    listed = _apa(library)
    assert "pub" not in listed and set(listed) == {"works", "vol", "chap"}
    assert "Kant, I." in listed["chap"]


def test_several_files_are_one_database():
    """IEEEabrv.bib then refs.bib: journal macros expand, no undefined string; check agrees across the files."""
    library = _read("ieee/IEEEabrv.bib", "ieee/refs.bib")
    text = render_library(library, "ieee", "text")
    assert "IEEE_J_" not in text and "IEEE Trans. Circuits Syst. Video Technol." in text
    assert not [p for p in library.problems if "undefined @string" in p.message]
    findings = check_paths([DATA / "ieee" / "IEEEabrv.bib", DATA / "ieee" / "refs.bib"]).findings
    assert not [f for f in findings if f.rule in ("string-undefined", "crossref-missing")]
    alone = check_paths([DATA / "ieee" / "refs.bib"]).findings
    assert [f for f in alone if f.rule == "string-undefined"]


def test_convert_reads_a_file_of_string_definitions_as_bibtex(tmp_path):
    """``citekit convert IEEEabrv.bib refs.bib`` as a user types it: IEEEabrv.bib (a long prose header, then
    @string definitions only) is detected as BibTeX, so the two files are one database."""
    out = tmp_path / "list.txt"
    done = subprocess.run([sys.executable, "-m", "citekit", "convert", str(DATA / "ieee" / "IEEEabrv.bib"),
                           str(DATA / "ieee" / "refs.bib"), "--to", "text", "--style", "ieee", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "IEEE_J_" not in text and "@STRING" not in text
    assert "IEEE Trans. Pattern Anal. Mach. Intell." in text


def test_crossref_parent_in_another_file(tmp_path):
    """A child in one file inherits from its parent in another, in convert and in check."""
    (tmp_path / "c.bib").write_text("@inproceedings{c1, author={A, B}, title={T}, crossref={p1}, pages={1--2}}\n",
                                    encoding="utf-8")
    (tmp_path / "p.bib").write_text("@proceedings{p1, title={Proc of Things}, year=2000, publisher={P}}\n",
                                    encoding="utf-8")
    library = citekit.read(str(tmp_path / "c.bib"), str(tmp_path / "p.bib"))
    child = _csl(library)["c1"]
    assert child["container-title"] == "Proc of things" and child["issued"]["date-parts"] == [[2000]]
    findings = check_paths([tmp_path / "c.bib", tmp_path / "p.bib"]).findings
    assert not [f for f in findings if "crossref" in f.rule]


def test_merged_bib_keeps_strings_before_use():
    """Written as one .bib, every @string comes before the entry that uses it (bibtex reads in order)."""
    library = _read("ieee/IEEEabrv.bib", "ieee/refs.bib")
    out = WRITERS.get("bibtex").write(library, ExportOptions(unicode=True))
    first_use = out.index("IEEE_J_CASVT,")
    assert out.index("@STRING{IEEE_J_CASVT") < first_use or out.lower().index("@string{ieee_j_casvt") < first_use


# -- journal macros and unknown TeX ------------------------------------------------------


def test_aas_journal_macros_expand_and_unknown_macros_are_reported(tmp_path):
    """\\apj and \\mnras print as ApJ and MNRAS; a macro citekit cannot read is left out of the list and checked."""
    library = _read("ads-pitkin-main.bib")
    text = render_library(library, "apa", "text")
    assert "\\apj" not in text and "\\mnras" not in text and "ApJ" in text
    path = tmp_path / "u.bib"
    path.write_text("@article{u, author={A, B}, title={T}, journal={\\qqjj}, year=2000}\n", encoding="utf-8")
    assert "qqjj" not in render_library(citekit.read(str(path)), "apa", "text")
    found = [f for f in check_paths([path]).findings if f.rule == "tex-unknown-macro"]
    assert found and found[0].key == "u" and found[0].field == "journal"


# -- dates, languages, roles -----------------------------------------------------------


def test_dates_languages_numbers_and_links(tmp_path):
    """ISO years keep month and day; other year forms are literals printed once; origyear; langid; report numbers."""
    text = ("@misc{d3, author={D, B}, title={Three}, year={7 August 2012, 9:22}}\n"
            "@book{d2, author={C, B}, title={Two}, year={2012-06-14}, publisher={P}, origyear={1850}, langid={ngerman}}\n"
            "@book{d4, author={E, B}, title={Four}, year={1949/50}, publisher={P}}\n"
            "@techreport{d8, author={I, B}, title={Eight}, year={2008}, number={1139-2008}, institution={Inst}}\n"
            "@misc{d11, author={L, B}, title={Eleven}, howpublished={\\url{https://example.org/x}}, year={2001}, publisher={P}}\n"
            "@incollection{d10, author={K, B}, title={Ten}, booktitle={Book}, bookauthor={Z, Y}, year={2001}, pages={70-5}, volumes={3}}\n")
    library = _read(text=text, tmp_path=tmp_path)
    items = _csl(library)
    assert items["d2"]["issued"] == {"date-parts": [[2012, 6, 14]]}
    assert items["d2"]["original-date"] == {"date-parts": [[1850]]} and items["d2"]["language"] == "de-DE"
    assert items["d4"]["issued"] == {"literal": "1949/50"}
    assert items["d11"]["URL"] == "https://example.org/x" and items["d11"]["publisher"] == "P"
    assert items["d10"]["container-author"] == [{"family": "Z", "given": "Y"}] and items["d10"]["number-of-volumes"] == "3"
    apa = _apa(library)
    assert apa["d3"].count("7 August 2012, 9:22") == 1
    # A report number that reads as a range is one, as citeproc-js prints it: "(Nos. 1139–2008)".
    assert "(1949/50)" in apa["d4"] and "(Nos. 1139–2008)" in apa["d8"] and "pp. 70–75" in apa["d10"]
    assert "(Original work published 1850)" in apa["d2"]


# -- keys ---------------------------------------------------------------------------------


def test_keys_stay_as_written_in_every_output(tmp_path):
    """UTF-8 keys stay in .bib output (with and without --utf8); / and : stay in \\bibitem and HTML ids."""
    text = ("@article{Castellví2004, author={Castellví, A.}, title={One}, journal={J}, year=2004}\n"
            "@article{王2020, author={Wang, W.}, title={Two}, journal={J}, year=2020}\n"
            "@article{DBLP:journals/sigmod/WangWS24, author={Wang, X.}, title={Three}, journal={J}, year=2024}\n")
    library = _read(text=text, tmp_path=tmp_path)
    citekit.assign_keys(library, target="bibtex")
    keys = [e.key for e in library.entries]
    assert keys == ["Castellví2004", "王2020", "DBLP:journals/sigmod/WangWS24"] and not library.key_changes
    latex = render_library(library, "ieee", "latex")
    assert "\\bibitem[3]{DBLP:journals/sigmod/WangWS24}" in latex and "\\bibitem[1]{Castellví2004}" in latex
    html = render_library(library, "ieee", "html")
    assert 'id="DBLP:journals/sigmod/WangWS24"' in html and 'id="王2020"' in html


@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("bibtex")), reason="needs pdflatex and bibtex")
def test_utf8_key_resolves_with_bibtex(tmp_path):
    """pdflatex (utf8) and bibtex resolve a UTF-8 key citekit keeps."""
    (tmp_path / "k.bib").write_text("@article{Castellví2004, author={Castellví, A.}, title={One}, journal={J}, year=2004}\n",
                                    encoding="utf-8")
    (tmp_path / "d.tex").write_text("\\documentclass{article}\\usepackage[utf8]{inputenc}\\begin{document}"
                                    "\\cite{Castellví2004}\\bibliographystyle{plain}\\bibliography{k}\\end{document}\n",
                                    encoding="utf-8")
    run = dict(cwd=tmp_path, capture_output=True, timeout=120)
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "d.tex"], **run)
    subprocess.run(["bibtex", "d"], **run)
    assert "\\bibitem{Castellví2004}" in (tmp_path / "d.bbl").read_text(encoding="utf-8")


def _through_bib(tmp_path, items: list[dict], dialect: str) -> dict[str, dict]:
    """CSL-JSON ``items`` written as ``dialect`` (.bib) and read back: CSL items by id."""
    src = tmp_path / "lib.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    library = citekit.read(str(src), fmt="csl-json")
    citekit.assign_keys(library, target=dialect)
    out = tmp_path / "out.bib"
    out.write_text(WRITERS.get(dialect).write(library, ExportOptions(unicode=True)), encoding="utf-8")
    return _csl(citekit.read(str(out), fmt="bibtex"))


# -- CSL -> .bib -> CSL ----------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_csl_variables_without_a_field_come_back(tmp_path, dialect):
    """director, call-number, archive_location, source ... are written as note lines and read back as variables."""
    items = [{"id": "film", "type": "motion_picture", "title": "A film", "director": [{"family": "Kubrick", "given": "Stanley"}],
              "call-number": "PN1997 .D67", "archive_location": "Box 3", "source": "CrossRef", "dimensions": "95 min",
              "issued": {"date-parts": [[1964]]}},
             {"id": "art", "type": "article-journal", "title": "Keyed", "author": [{"family": "A", "given": "B"}],
              "container-title": "J", "keyword": "one, two", "issued": {"date-parts": [[2014, 12, 31], [2015, 1, 1]]}}]
    back = _through_bib(tmp_path, items, dialect)
    film, art = back["film"], back["art"]
    assert film["director"] == [{"family": "Kubrick", "given": "Stanley"}]
    for var in ("call-number", "archive_location", "source", "dimensions"):
        assert film[var] == items[0][var], var
    assert "note" not in film
    assert art["keyword"] == "one, two" and art["issued"] == {"date-parts": [[2014, 12, 31], [2015, 1, 1]]}


# Every character TeX or BibTeX reads specially, alone and in the forms a reader would take for TeX:
# math that converts ("$p$" -> "p") and math that does not, commands, accents, escapes, ligatures.
_TEX_SPECIALS = ["\\", "{", "}", "&", "%", "$", "#", "_", "~", "^", "<", ">", "|", "`", "'", '"', "-", "@", ",", "="]
_TEX_LOOKALIKES = ["$p$", "$\\alpha$-decay", "$\\frac{a}{b}$", "Cu$_2$O", "50\\%", "\\textit{x}", '\\"u', "{\\'e}",
                   "\\relax x", "a -- b", "``q''", "?`", "x^2", "a~b", "{Braced} {{twice}}", "\\$5", "\\\\ end",
                   "\\url{http://x.y}", "%comment", "US$29.99 and $5", "\\cite{k}", "^^5c"]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_every_tex_special_in_a_csl_value_reads_back_the_same(tmp_path, dialect):
    """A CSL value is text (CSL has no math and no TeX): whatever TeX would read in it is escaped, so the
    .bib read back gives the same text, in titles (case-protected), abstracts, notes, venues, pages and names."""
    texts = [f"a {c} b" for c in _TEX_SPECIALS] + [f"a {c}b" for c in _TEX_SPECIALS] + _TEX_LOOKALIKES
    items = [{"id": f"i{n}", "type": "article-journal", "title": f"Title {text}", "abstract": text, "note": text,
              "container-title": f"J {text}", "publisher": f"P {text}", "page": f"1{text}",
              "author": [{"family": f"Family {text}", "given": "Given"}], "editor": [{"literal": f"Office {text}"}],
              "issued": {"date-parts": [[2000]]}}
             for n, text in enumerate(texts)]
    back = _through_bib(tmp_path, items, dialect)
    wrong = []
    for item in items:
        again = back[item["id"]]
        for var in ("title", "abstract", "note", "container-title", "publisher", "page", "author", "editor"):
            value, got = item[var], again.get(var)
            if var == "author" and isinstance(got, list):
                # BibTeX's von part: a lower-case word of a family name reads back as its particle, the same name.
                got = [{"family": " ".join(filter(None, (n.get("non-dropping-particle"), n.get("family")))),
                        "given": n.get("given")} for n in got]
            if var == "page" and isinstance(got, str):
                # A page range's dash is BibTeX's "--" and reads back as an en dash: the same range.
                value, got = (re.sub(r"\s*[-\u2013]+\s*", "-", v) for v in (value, got))
            if got != value:
                wrong.append((var, item[var], again.get(var)))
    assert not wrong, wrong[:5]


def test_repeated_keywords_are_joined(tmp_path):
    """ScienceDirect's one keywords field per keyword: all reach CSL."""
    library = _read(text="@article{k, author={A, B}, title={T}, journal={J}, year=2000, keywords={one}, keywords={two}}\n",
                    tmp_path=tmp_path)
    assert _csl(library)["k"]["keyword"] == "one, two"


# -- check ------------------------------------------------------------------------------


def test_check_errs_only_where_the_toolchain_fails(tmp_path):
    """Year forms BibTeX prints are warnings in BibTeX mode, errors for biber; 70-5 is a range; a seeded error is found."""
    path = tmp_path / "y.bib"
    path.write_text("@book{a, author={A, B}, title={T}, year={1949/50}, publisher={P}}\n"
                    "@book{b, author={C, B}, title={T}, year={n.d}, publisher={P}}\n"
                    "@article{c, author={D, B}, title={T}, journal={J}, year={2000}, pages={70-5}}\n"
                    "@article{d, author={E, B}, title={T}, journal={J}, year={2000}, pages={95--1}}\n", encoding="utf-8")
    bibtex = check_paths([path], mode="bibtex").findings
    dates = [f for f in bibtex if f.rule == "date-invalid"]
    assert {f.key for f in dates} == {"a", "b"} and all(f.severity == "warning" for f in dates)
    # A seeded reversed range is found on its entry and field; bibtex and biber print it, so a warning.
    assert [(f.key, f.field, f.severity) for f in bibtex if f.rule == "pages-reversed"] == [("d", "pages", "warning")]
    assert not [f for f in bibtex if f.severity == "error"]
    biblatex = check_paths([path], mode="biblatex").findings
    assert {f.key for f in biblatex if f.rule == "date-invalid" and f.severity == "error"} == {"a", "b"}


def test_check_csl_json_scales_linearly(tmp_path):
    """5,000 items with many shared authors and years: checked, with lines, in one pass (no timing asserted)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from corpus_bib import records, to_csl_json

    path = tmp_path / "big.json"
    path.write_text(to_csl_json(records(5000, 3)), encoding="utf-8")
    result = check_paths([path])
    assert len(result.files[0].entries) == 5000
    assert result.files[0].entries[-1].line > result.files[0].entries[0].line


# -- agreement with pandoc 3 (skipped without the pypandoc-binary wheel) ---------------------


def _pandoc3() -> str | None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from compare_pandoc_bib import pandoc_binary

    return pandoc_binary()


def _known_differences() -> set[tuple[str, str]]:
    """(file, key) pairs KNOWN_DIFFERENCES.md explains (where the specification shows pandoc wrong)."""
    import re

    text = (DATA / "KNOWN_DIFFERENCES.md").read_text(encoding="utf-8")
    return set(re.findall(r"^- `([^`]+)` `([^`]+)`", text, re.M))


@pytest.mark.skipif(_pandoc3() is None, reason="needs pandoc 3 (pip install pypandoc-binary)")
@pytest.mark.parametrize("files", [
    ["biblatex-examples.bib"],
    ["ads-pitkin-main.bib"],
    ["ieee/IEEEabrv.bib", "ieee/refs.bib"],
    ["bbt-title-cased.bib", "bbt-german-title.bib", "bbt-crossref-children.bib", "bbt-report-number.bib",
     "bbt-call-number.bib"],
])
def test_apa_agrees_with_pandoc3(files):
    """APA from each .bib against pandoc 3 with the same apa.csl: every entry at similarity 0.95 or better,
    except those KNOWN_DIFFERENCES.md explains (where the specification shows pandoc wrong)."""
    from compare_pandoc_bib import compare

    known = _known_differences()
    result = compare(_pandoc3(), [str(DATA / f) for f in files], "apa")
    assert result["entries"] > 0
    names = {Path(f).name for f in files}
    unexplained = [(round(s, 2), k, a, b) for s, k, a, b in result["worst"]
                   if s < 0.95 and not any((n, k) in known for n in names)]
    assert not unexplained, unexplained[:3]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_csl_bib_csl_loses_nothing_unreported_on_better_bibtex_exports(dialect):
    """Season ranges, open ends, BCE years, literal dates and particles in a family name come back."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from csl_bib_roundtrip import roundtrip

    lost = []
    for path in sorted((DATA / "csl").glob("*.json")):
        kept, _reported, _lost, shown = roundtrip(str(path), dialect)
        assert sum(kept.values()) > 0
        lost += [(path.name, iid, var) for iid, var, *_ in shown]
    assert not lost, lost


# -- reading biblatex for CSL as biber and pandoc do ---------------------------------------


def test_biblatex_types_roles_and_fields_reach_csl(tmp_path):
    """biblatex's other types, entrysubtype, editortype, localisation keys, joined publishers and issues,
    eprint links, volume.part and a journal's numbered series, each as pandoc's reader (and biblatex) gives them."""
    library = _read(text=r"""
@video{v, title = {Modern Times}, editor = {Chaplin, Charles}, editortype = {director}, date = {1936}}
@audio{a, title = {Blackstar}, author = {Bowie, David}, editora = {Hordern, Michael}, editoratype = {reader},
  date = {2016}}
@artwork{g, title = {Faust}, author = {Delacroix, Eugène}, date = {1826}}
@letter{l, title = {Revised proofs}, author = {Ritter, R. M.}, date = {2001-08-01}}
@article{n, title = {Obituary}, author = {Fountain, Henry}, journaltitle = {New York Times},
  entrysubtype = {newspaper}, date = {1996-09-01}}
@unpublished{s, title = {A Talk}, author = {Doe, Jane}, eventtitle = {Meeting}, date = {2000}}
@article{p, title = {Soon}, author = {Brown, B.}, journaltitle = {J}, pubstate = {inpress}}
@patent{u, title = {Converter}, author = {Sorace, R.}, type = {patentus}, number = {5668842}, date = {1997}}
@thesis{t, title = {Authority}, author = {Hollander, M.}, type = {phdthesis}, institution = {Univ. of Wisconsin},
  publisher = {ProQuest}, date = {2017}}
@article{i, title = {Badiou}, author = {Nirenberg, R.}, journaltitle = {Critical Inquiry}, volume = {37},
  number = {4}, issue = {Summer}, eprinttype = {jstor}, eprint = {660983}, date = {2011}}
@article{r, title = {Georgia}, author = {Reese, T.}, journaltitle = {William and Mary Quarterly}, series = {3},
  volume = {15}, date = {1958}}
@book{k, title = {Werke}, author = {Kant, I.}, volume = {2}, part = {1}, date = {1900/5}}
@suppperiodical{e, title = {Editorial}, author = {Ball, A.}, journaltitle = {IJDC}, date = {2015}}
""", tmp_path=tmp_path)
    csl = _csl(library)
    assert [csl[k]["type"] for k in "vaglnsue"] == ["motion_picture", "song", "graphic", "personal_communication",
                                                      "article-newspaper", "speech", "patent", "article-journal"]
    assert csl["v"]["director"] == [{"family": "Chaplin", "given": "Charles"}] and "editor" not in csl["v"]
    assert csl["a"]["narrator"] == [{"family": "Hordern", "given": "Michael"}] and "note" not in csl["a"]
    assert csl["p"]["status"] == "in press" and csl["u"]["genre"] == "U.S. patent"
    assert csl["t"]["publisher"] == "Univ. of Wisconsin; ProQuest"
    assert csl["i"]["issue"] == "4, Summer" and csl["i"]["URL"] == "https://www.jstor.org/stable/660983"
    assert csl["r"]["collection-title"] == "3rd series"
    assert csl["k"]["volume"] == "2.1" and csl["k"]["issued"] == {"literal": "1900/5"}  # no range to year 5


def test_von_part_follows_the_files_dialect(tmp_path):
    """biblatex's default useprefix=false makes a von part CSL's dropping particle; classic BibTeX keeps it in front."""
    biblatex = _read(text="@book{a, author = {von Altem Adel, Carl}, title = {T},\n  date = {2000}}\n"
                          "@book{b, author = {van Gogh, Vincent}, title = {T}, options = {useprefix=true},\n"
                          "  date = {2000}}\n", tmp_path=tmp_path)
    a, b = (e.author[0] for e in biblatex.entries)
    assert (a.dropping_particle, a.non_dropping_particle) == ("von", None)
    assert (b.non_dropping_particle, b.dropping_particle) == ("van", None)
    classic = _read(text="@book{a, author = {von Altem Adel, Carl}, title = {T}, year = 2000}\n", tmp_path=tmp_path)
    assert classic.entries[0].author[0].non_dropping_particle == "von"
    assert _apa(biblatex)["a"].startswith("Altem Adel, C. von.")


def test_supplements_and_inherited_volumes_read_as_biblatex_inherits_them(tmp_path):
    """A @suppbook in a volume of a multi-volume work keeps its own title (the work is its container), and a
    child's own part of the volume it inherits is volume.part (biblatex-gost's plotnikov:dilthey and kant:*)."""
    library = _read(text=r"""
@mvbook{mv, author = {Dilthey, W.}, title = {Collected works}, date = {1914}, publisher = {Teubner}}
@book{v1, crossref = {mv}, title = {Einleitung}, volume = {1}}
@suppbook{s, crossref = {v1}, author = {Plotnikov, N.}, title = {Life and history}, pages = {15-264}}
@book{p, crossref = {v1}, part = {2}}
""", tmp_path=tmp_path)
    csl = _csl(library)
    assert csl["s"]["type"] == "chapter" and csl["s"]["title"] == "Life and history"
    assert csl["s"]["container-title"] == "Collected works" and csl["s"]["volume"] == "1"
    assert csl["p"]["volume"] == "1.2"


def test_langid_gives_the_csl_language_wherever_it_stands(tmp_path):
    """langid (babel's name) is CSL's locale code whether it comes before or after the language field."""
    library = _read(text="@book{a, title = {T}, language = {russian}, langid = {russian}, year = 2000}\n"
                         "@book{b, title = {T}, langid = {russian}, language = {russian}, year = 2000}\n",
                    tmp_path=tmp_path)
    csl = _csl(library)
    assert csl["a"]["language"] == csl["b"]["language"] == "ru-RU"
    assert "language: russian" in csl["a"]["note"]


def test_hyphenation_is_langid_by_its_old_name(tmp_path):
    """biblatex.def's source map moves ``hyphenation`` to ``langid`` where there is none (biblatex-historian's
    ``weismann1887dezember-neapel``): CSL's language, so Chicago leaves a German title's case alone."""
    text = ("@customd{weismann1887dezember-neapel, Author = {Weismann, August}, Date = {1887}, Hyphenation = {german},\n"
            "  Title = {1887 im Dezember nach Neapel mit Ischikawa}, Type = {notebook}}\n"
            "@book{both, title = {T}, hyphenation = {german}, langid = {french}, year = 2000}\n")
    library = _read(text=text, tmp_path=tmp_path)
    csl = _csl(library)
    assert csl["weismann1887dezember-neapel"]["language"] == "de-DE"
    assert csl["both"]["language"] == "fr-FR" and "hyphenation: german" in csl["both"]["note"]
    out = to_text(render_entries(library.entries[:1], resolve_style("chicago-author-date"))[0].rich)
    assert "“1887 im Dezember nach Neapel mit Ischikawa.”" in out
    assert WRITERS.get("biblatex").write(library, ExportOptions(unicode=True)) == text


def test_howpublished_of_types_biblatex_prints_as_misc(tmp_path):
    """@audio, @music, @artwork, @letter...: biblatex's standard styles print them with the @misc driver, which
    prints howpublished, so it is their publisher, joined to a publisher they state (as pandoc reads it)."""
    library = _read(text=r"""
@music{r, title = {Umbrella}, date = 2007, howpublished = {Spotify}, publisher = {Island Def Jam}}
@audio{l, author = {Lehrer, Tom}, title = {Alma}, date = {1965}, howpublished = {Reprise Records}}
@letter{e, author = {Ritter, R. M.}, title = {Revised proofs}, howpublished = {email to H. E. Cox}, date = {2001}}
@book{b, author = {Beckford, W.}, title = {Vathek}, date = {1823}, howpublished = {online facsimile}}
""", tmp_path=tmp_path)
    csl = _csl(library)
    assert csl["r"]["publisher"] == "Spotify; Island Def Jam" and csl["l"]["publisher"] == "Reprise Records"
    assert csl["e"]["publisher"] == "email to H. E. Cox"
    # @book has no howpublished in biblatex's data model (a @book driver never prints it): a note line.
    assert "publisher" not in csl["b"] and "howpublished: online facsimile" in csl["b"]["note"]


def test_biblatex_punctuation_and_quotation_macros_print_as_in_the_document(tmp_path):
    """``\\adddot`` is a period and ``\\enquote``/``\\mkbibquote`` are quotation marks (biblatex manual 4.7.4,
    csquotes), as pandoc reads them; sentence case goes inside the quotes. Entries of biblatex-dw's
    ``examples-dw.bib`` and biblatex-sbl's and biblatex-chicago's example files."""
    lib = _read(text=r"""
@ARTICLE{Ossietzky:1922,
  author = {Ossietzky, Carl von},
  title = {Moritz Heimann \enquote{Armand Carrel} Staatstheater},
  journal = {Berliner Volks-Zeitung},
  date = {1922-03-30},
  issue = {Abend-Ausg\adddot},
}
@classictext{tacitus:ann:jackson,
  author = {Tacitus},
  title = {Ann\adddot},
  translator = {Jackson},
}
@Book{pirumova,
  author = {Pirumova, N.~M.},
  title = {The Zemstvo Liberal Movement},
  publisher = {Izdatel'stvo \mkbibquote{Nauka}},
  year = 1977,
}
""", tmp_path=tmp_path)
    csl = _csl(lib)
    assert csl["Ossietzky:1922"]["title"] == "Moritz heimann “armand carrel” staatstheater"
    assert csl["Ossietzky:1922"]["issue"] == "Abend-Ausg."
    assert csl["tacitus:ann:jackson"]["title"] == "Ann."
    assert csl["pirumova"]["publisher"] == "Izdatel'stvo “Nauka”"
    # pandoc 3 keeps the case inside \mkbibquote (biblatex-historian's gliboff2005protoplasm) and converts it
    # inside \enquote (above): citekit reads both as pandoc does.
    lib = _read(text=r"""@article{g, author = {Gliboff, Sander}, date = {2005}, journaltitle = {Endeavour},
  title = {\mkbibquote{Protoplasm is Soft Wax in Our Hands}}}""", tmp_path=tmp_path)
    assert _csl(lib)["g"]["title"] == "“Protoplasm is Soft Wax in Our Hands”"


def test_biblatex_wrappers_print_text_in_parentheses_brackets_and_the_strings_of_english_lbx(tmp_path):
    r"""``\mkbibparens``/``\mkbibbrackets`` print their text in parentheses and brackets, ``\printtext[title]{..}``
    prints the text (biblatex-oxref's ``cnnr2008tut`` printed "[title]Trujilla: ..."), ``\bibstring{reviewof}``
    the string of english.lbx ("review of"; biblatex-chicago's notes-test.bib), an unknown key its name (as pandoc)."""
    lib = _read(text=r"""
@report{cnnr2008tut, author = {{Comisión Nacional de Reparación y Reconciliación y Grupo de Memoria Historica}},
  date = {2008}, title = {Trujilla}, subtitle = {Una Tragedia que no Cesa},
  titleaddon = {\printtext[title]{{Trujilla:} {A} Tragedy Without End}}, institution = {CNRR}}
@article{review, author = {Morgan, Edmund S.}, date = {1998}, journaltitle = {New York Review of Books},
  title = {\bibstring{reviewof} \mkbibemph{The Last Marlin}, \bibstring{by} Fred Waitzkin},
  note = {\mkbibparens{a note} \mkbibbrackets{in brackets}}, edition = {\bibstring{revisededition}}}
""", tmp_path=tmp_path)
    csl = _csl(lib)
    assert "Trujilla: A Tragedy Without End" in csl["cnnr2008tut"]["title"] and "[title]" not in csl["cnnr2008tut"]["title"]
    # Sentence case goes round the strings as pandoc's reader does ("Review of <i>The Last Marlin</i>, by fred
    # waitzkin"; \mkbibemph keeps its argument's case).
    assert csl["review"]["title"] == "Review of The Last Marlin, by fred waitzkin"
    assert csl["review"]["note"] == "(a note) [in brackets]"
    assert csl["review"]["edition"] == "revisededition"


def test_a_parents_origyear_is_inherited_as_every_field_is(tmp_path):
    """biber passes a parent's ``origyear`` to a crossref child that states none (appendix B: every field under
    its own name); a child's own origyear wins. biblatex-gost's ``derrida:gfintro`` under ``derrida:gf``."""
    lib = _read(text="""
@Book{derrida:gf, author = {Деррида, Жак}, title = {Голос и феномен}, year = 1999, origyear = 1967,
  publisher = {Алетейя}, langid = {russian}}
@InBook{derrida:gfintro, crossref = {derrida:gf}, author = {Жак Деррида}, title = {Введение}, year = 1999,
  pages = {9--137}, langid = {russian}}
@InBook{own, crossref = {derrida:gf}, title = {Intro}, year = 1999, origyear = 1970}
""", tmp_path=tmp_path)
    csl = _csl(lib)
    assert csl["derrida:gfintro"]["original-date"] == {"date-parts": [[1967]]}
    assert csl["own"]["original-date"] == {"date-parts": [[1970]]}


def test_journal_subtitle_joins_the_journal_title(tmp_path):
    """biblatex prints ``journaltitle: journalsubtitle`` (pandoc reads it so); biblatex-historian's BibDesk entry."""
    lib = _read(text="""
@article{cook2007ius-first-female-novol,
	Author = {Cook, Brad},
	Date = {2007},
	Journalsubtitle = {Faculty and Staff News From the Campuses of Indiana University},
	Journaltitle = {IU Homepages},
	Number = {13},
	Pages = {5},
	Title = {{IU's} First Female {Ph.D.}}}
""", tmp_path=tmp_path)
    assert _csl(lib)["cook2007ius-first-female-novol"]["container-title"] == \
        "IU Homepages: Faculty and Staff News From the Campuses of Indiana University"


def test_a_review_numbers_its_issue_and_a_part_alone_stands_as_the_volume(tmp_path):
    """biblatex's @review has @article's fields (its number is the issue's), and a part with no volume prints
    where the volume goes (biblatex's volume+part macro; pandoc reads both so). biblatex-dw's ``Koerntgen``
    and biblatex-sbl's ``greathymnaten``."""
    lib = _read(text="""
@REVIEW{Koerntgen, author = {Körntgen, Ludger}, journaltitle = {sehepunkte}, volume = {7}, number = {3},
  date = {2007-03-15}, url = {http://www.sehepunkte.de/2007/03/8389.html}}
@ancienttext{greathymnaten, entrysubtype = {COS}, title = {The Great Hymn to the Aten},
  translator = {Lichtheim, Miriam}, part = {26}, pages = {44-46}}
""", tmp_path=tmp_path)
    csl = _csl(lib)
    assert csl["Koerntgen"]["issue"] == "3" and "number" not in csl["Koerntgen"]
    assert csl["greathymnaten"]["volume"] == "26"
    assert "part" not in csl["greathymnaten"].get("note", "")


def test_a_childs_part_with_no_volume_stands_as_the_volume(tmp_path):
    """A crossref child's own part, when neither it nor its parent has a volume, prints where the volume goes
    (biblatex's volume+part macro); biblatex-gost's ``skml2`` under the multi-volume ``skml``."""
    lib = _read(text="""
@MVCollection{skml, editor = {Дж. Барвайса}, title = {Справочная книга по математической логике},
  date = {1982/1983}, publisher = {Наука}, langid = {russian}}
@Collection{skml2, title = {Теория множеств}, year = 1982, part = 2, crossref = {skml}, langid = {russian}}
""", tmp_path=tmp_path)
    assert _csl(lib)["skml2"]["volume"] == "2"


def test_degrees_and_quads_in_math_read_as_text(tmp_path):
    """``$25\\,^\\circ\\mathrm{C}$`` is TeX's degree sign and ``$\\quad$`` a space (JabRef users' titles in Better
    BibTeX's import fixtures): a styled list prints "25 °C", never the TeX."""
    lib = _read(text=r"""@article{Czanderna_1966, author = {Czanderna, A. W.}, year = {1966},
  title = {Magnetic susceptibility of cuprous oxide single crystals at $25\,^\circ\mathrm{C}$},
  journal = {The Journal of Chemical Physics}}
@article{Noguet_1970, author = {Noguet, C.}, year = {1970}, langid = {french},
  title = {Propriétés diélectriques de l'oxyde cuivreux entre $150\,^{\circ}\mathrm{K}$ et $320\,^{\circ}\mathrm{K}$},
  journal = {Journal de Physique}}
""", tmp_path=tmp_path)
    csl = _csl(lib)
    assert csl["Czanderna_1966"]["title"].endswith("at 25 °C")
    assert "150 °K et 320 °K" in csl["Noguet_1970"]["title"]
    assert "$" not in "".join(_apa(lib).values())


def test_an_articles_journal_is_its_container_not_a_booktitle(tmp_path):
    """@article has no booktitle in biblatex's data model: with a journal beside it, the journal is the
    container and the booktitle a note line (a Zotero export in Better BibTeX's import fixtures)."""
    lib = _read(text="""@article{Wilkinson_slms_2009,
  title = {Mapping Strains at the Nanoscale Using Electron Back Scatter Diffraction},
  booktitle = {Proceedings of the 9th {{International Workshop}} on {{Beam Injection Assessment}}},
  author = {Wilkinson, Angus J.}, year = {2009}, volume = {45}, pages = {285--294},
  journal = {Superlattices Microstruct.}, number = {4-5}}
""", tmp_path=tmp_path)
    item = _csl(lib)["Wilkinson_slms_2009"]
    assert item["container-title"] == "Superlattices Microstruct."
    assert "Beam Injection Assessment" in item["note"]


def test_acm_location_and_address_are_the_venue_and_the_publishers_city():
    """ACM DL's @inproceedings states location (where the conference met) and address (the publisher's city):
    the one is CSL's event-place, the other its publisher-place (Better BibTeX's fixture of that name)."""
    item = _csl(_read("bbt-acm-location.bib"))["Mostafa:2009:TPA:1596655.1596682"]
    assert item["event-place"] == "Calgary, Alberta, Canada"
    assert item["publisher-place"] == "New York, NY, USA"


def test_a_child_of_an_inbook_inherits_as_biber_does_without_a_booktitle():
    """windycity's @incollection -> @inbook -> @collection chain: biber 2.18's .bbl gives the child the volume, the
    number of volumes, the editor, translator, publisher and year, and no booktitle (appendix B has no rule from an
    @inbook parent); pandoc's "In A Collection of Essays" is the grandparent's title."""
    csl = _csl(citekit.read(str(DATA / "windycity-inbook-chain.bib"), fmt="bibtex"))
    essay, poem = csl["doe2017a"], csl["doe2018"]
    assert "container-title" not in essay and "container-title" not in poem
    assert (essay["volume"], essay["number-of-volumes"], essay["publisher"]) == ("1", "3", "University of Chicago Press")
    assert essay["editor"] == essay["translator"] == [{"family": "Smith", "given": "John"}]
    assert essay["issued"] == {"date-parts": [[2017]]} and poem["issued"] == {"date-parts": [[2018]]}
    assert poem["editor"] == [{"family": "Jones", "given": "David"}] and poem["number-of-volumes"] == "4"


def test_a_subtitle_or_titleaddon_without_a_title_is_kept(tmp_path):
    """biblatex-gost's brouwer:cw2: a @book volume with only a subtitle under an @mvbook's title. biblatex's title
    macro prints the subtitle alone; it is the volume's title (CSL volume-title), never dropped."""
    text = """@Book{brouwer:cw2, editor = {Hans Freudenthal}, year = 1976, volume = 2,
  subtitle = {Geometry, analysis, topology and mechanics}, crossref = {brouwer:cw}, langid = {english}}
@MVBook{brouwer:cw, author = {Brouwer, Luitzen Egbertus Jan}, title = {Collected Works}, date = {1975/1976}}
"""
    item = _csl(_read(text=text, tmp_path=tmp_path))["brouwer:cw2"]
    assert item["title"] == "Collected works" and item["volume"] == "2"
    assert item["volume-title"] == "Geometry, analysis, topology and mechanics"
    # biblatex-apa's untitled work (10.9:76a): its description is a titleaddon alone, printed, not dropped.
    text = """@DATASET{10.9:76a, TITLEADDON = {Unpublished raw data on the correlations between the
  {Five} {Facet} {Mindfulness} {Questionnaire}}, INSTITUTION = {University of Kentucky}, AUTHOR = {R. A. Baer},
  DATE = {2015}}
"""
    item = _csl(_read(text=text, tmp_path=tmp_path))["10.9:76a"]
    assert item["title"] == "Unpublished raw data on the correlations between the Five Facet Mindfulness Questionnaire"


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_an_unmapped_field_named_like_a_csl_variable_is_kept_and_not_read_as_it(tmp_path, dialect):
    """biblatex-apa's @report 10.4:52 has an ``issue`` (no field of a report in biblatex's data model): its value
    stays in the CSL note as Better BibTeX's ``tex.issue:`` line, which no processor reads as CSL's issue (APA
    printed "Issue Vital and Health Statistics Series"), and it comes back to the .bib as its own field."""
    from citekit.csl import VARIABLES

    text = """@REPORT{10.4:52, AUTHOR = {D. L. Blackwell}, TITLE = {Summary Health Statistics for {U.S.} Adults},
  PUBLISHER = {{Centers for Disease Control and Prevention}}, ISSUE = {Vital and Health Statistics Series},
  NUMBER = {10, Issue 260}, DATE = {2014}, Mylabel = {kept as it is}}
"""
    library = _read(text=text, tmp_path=tmp_path)
    item = _csl(library)["10.4:52"]
    assert "issue" not in item and "issue" in VARIABLES
    assert item["note"].split("\n") == ["tex.issue: Vital and Health Statistics Series", "mylabel: kept as it is"]
    listed = _apa(library)["10.4:52"]
    assert "Vital" not in listed and "Issue 260" in listed
    # CSL-JSON -> .bib: the field comes back under its own name wherever the target type takes it.
    src = tmp_path / "lib.json"
    src.write_text(json.dumps([item]), encoding="utf-8")
    out = tmp_path / "out.bib"
    out.write_text(WRITERS.get(dialect).write(citekit.read(str(src), fmt="csl-json"), ExportOptions(unicode=True)),
                   encoding="utf-8")
    written = out.read_text(encoding="utf-8")
    if dialect == "bibtex":
        assert re.search(r"\n\s*issue\s*=\s*\{Vital and Health Statistics Series\}", written)
    else:  # biblatex's @report has no issue: a note line in the same form, read back the same
        assert "tex.issue: Vital and Health Statistics Series" in written
    again = _csl(citekit.read(str(out), fmt="bibtex"))["10.4:52"]
    assert "issue" not in again and "Vital and Health Statistics Series" in again["note"]


def test_a_maintitle_counts_only_on_the_types_whose_data_model_has_one(tmp_path):
    """biblatex-mla's tweet (@online with maintitle Twitter): blx-dm.def gives @online no maintitle and biblatex
    prints the entry's own title, so it stays CSL's title and the maintitle a note line; on a @book (a volume of
    a multi-volume work) and on a style package's type (biblatex-apa's @video episode of a series) the maintitle
    is the title and the entry's own title the volume-title, as pandoc reads them."""
    text = """@online{Ng:wg, author = {Celeste Ng}, title = {Photo of a Letter from {Shirley} {Jackson}},
  date = {2018-01-22}, maintitle = {Twitter}, url = {twitter.com/pronounced_ing/status/955528799357231104}}
@video{ep, author = {Celeste Ng}, title = {Episode One}, maintitle = {The Series}, date = {2018}}
@book{vol, author = {Robert A. Caro}, title = {The Path to Power}, maintitle = {The Years of {Lyndon} {Johnson}},
  volume = {1}, publisher = {Knopf}, date = {1982}}
"""
    library = _read(text=text, tmp_path=tmp_path)
    csl = _csl(library)
    tweet, episode, volume = csl["Ng:wg"], csl["ep"], csl["vol"]
    assert tweet["title"] == "Photo of a letter from Shirley Jackson" and "volume-title" not in tweet
    assert tweet["note"] == "maintitle: Twitter"
    assert (episode["title"], episode["volume-title"]) == ("The series", "Episode one")
    assert volume["title"] == "The years of Lyndon Johnson" and volume["volume-title"] == "The path to power"
    assert "Photo of a letter from Shirley Jackson" in _apa(library)["Ng:wg"]
    out = WRITERS.get("biblatex").write(library, ExportOptions(unicode=True))
    assert out == text  # an unchanged .bib comes back byte for byte, every maintitle with it


def test_a_childs_own_year_takes_the_parts_of_its_parents_date_it_lacks(tmp_path):
    """biber parses dates into parts before inheriting and a child takes each part it lacks (biber 2.18's .bbl:
    biblatex-gost's ``leibniz:s2``, ``year = 1983`` under ``date = {1982/1989}``, has year 1983 and endyear 1989, so
    biblatex prints "1983–1989"); a parent's month comes with it, a child's own month stays, an open end stays
    open, and a child's own ``date`` takes nothing. The .bib written back keeps the child's year as it was."""
    text = """@MVBook{leibniz:soch, author = {Лейбниц, Г. В.}, title = {Сочинения}, date = {1982/1989},
  publisher = {Мысль}, volumes = 4, langid = {russian}}
@Book{leibniz:s2, year = 1983, volume = 2, crossref = {leibniz:soch}, langid = {russian}}
@Book{own-date, date = {1983}, volume = 3, crossref = {leibniz:soch}}
@MVBook{werke, author = {Kant, Immanuel}, title = {Werke}, date = {1923-05/1999-07}}
@Book{w1, crossref = {werke}, title = {Band eins}, year = {1982}}
@Book{w2, crossref = {werke}, title = {Band zwei}, year = {1982}, month = {3}}
@MVBook{dilthey:ss, author = {Дильтей, В.}, title = {Собрание сочинений}, date = {2000/}}
@Book{dilthey:ss4, crossref = {dilthey:ss}, year = 2001, volume = 4}
"""
    lib = _read(text=text, tmp_path=tmp_path)
    csl = _csl(lib)
    assert csl["leibniz:s2"]["issued"] == {"date-parts": [[1983], [1989]]}
    assert csl["own-date"]["issued"] == {"date-parts": [[1983]]}
    assert csl["w1"]["issued"] == {"date-parts": [[1982, 5], [1999, 7]]}
    assert csl["w2"]["issued"] == {"date-parts": [[1982, 3], [1999, 7]]}
    assert csl["dilthey:ss4"]["issued"] == {"date-parts": [[2001], [0]]}
    assert "(1983–1989)" in _apa(lib)["leibniz:s2"]
    for dialect in ("bibtex", "biblatex"):
        assert WRITERS.get(dialect).write(lib, ExportOptions(unicode=True)) == text


# -- protected case as CSL nocase spans ------------------------------------------------

_NOCASE = '<span class="nocase">{}</span>'


def test_protected_groups_become_nocase_spans_in_csl():
    """ContextLab's cdl.bib: a group protecting a lower-case word or a phrase is a nocase span in CSL-JSON;
    a capitalised or mixed-case word ({N}, {fMRI}, {REM}) gets none, as no title-case style changes it."""
    csl = _csl(_read("cdl-protected-case.bib"))
    assert csl["BeckLim03"]["title"] == _NOCASE.format(
        "A computational model of prefrontal control in free recall: Strategic memory use in the california verbal "
        "learning task")
    assert csl["BateEtal15a"]["title"] == "Fitting linear mixed-effects models using " + _NOCASE.format("lme4")
    assert csl["Wask21"]["title"] == _NOCASE.format("s") + "eaborn: Statistical data visualization"
    assert csl["BodiEtal05"]["title"] == ("Human parahippocampal activity: " + _NOCASE.format("non-REM")
                                          + " and REM elements in wake-sleep transition")
    assert "nocase" not in csl["NastEtal21"]["title"]


def test_title_case_style_keeps_protected_case_as_pandoc_does():
    """chicago-author-date title-cases titles; pandoc 3 with the same .csl prints these (its output, recorded)."""
    library = _read("cdl-protected-case.bib")
    out = {r.entry.key: to_text(r.rich) for r in render_entries(library.entries, resolve_style("chicago-author-date"))}
    assert "“A computational model of prefrontal control in free recall: Strategic memory use in the california " \
           "verbal learning task.”" in out["BeckLim03"]
    assert "“Fitting Linear Mixed-Effects Models Using lme4.”" in out["BateEtal15a"]
    assert "“seaborn: Statistical Data Visualization.”" in out["Wask21"]
    assert "“Human Parahippocampal Activity: non-REM and REM Elements in Wake-Sleep Transition.”" in out["BodiEtal05"]


def test_titles_kept_as_written_keep_their_spans(tmp_path):
    """--keep-case and a non-English entry leave a title as written, and a title-case style still may not
    capitalise what the .bib protects (the issue's two entries, one of them in German)."""
    library = _read(text="@article{x, author={S Becker}, journal={J}, year=2003,\n"
                         " title={Pre-Training of {BERT} Models for the {c}alifornia Task}}\n"
                         "@article{y, author={S Becker}, journal={J}, year=2004, langid={ngerman},\n"
                         " title={Modelle f{\\\"u}r {die kalifornische} Aufgabe}}\n", tmp_path=tmp_path)
    keep_case(library)
    csl = _csl(library)
    assert csl["x"]["title"] == "Pre-Training of BERT Models for the " + _NOCASE.format("c") + "alifornia Task"
    assert csl["y"]["title"] == "Modelle für " + _NOCASE.format("die kalifornische") + " Aufgabe"
    out = {r.entry.key: to_text(r.rich) for r in render_entries(library.entries, resolve_style("chicago-author-date"))}
    assert "Pre-Training of BERT Models for the california Task" in out["x"]


@pytest.mark.parametrize("raw, expected", [
    # BibTeX's special characters ({\'e}, {\emph{..}}) are not protection (change.case$ changes their letters),
    # and a command's argument (\textsc{..}) is markup: no span for either.
    (r"Models of {\'e}cole and {\emph{nature}}", "Models of école and <i>nature</i>"),
    (r"Models of \textsc{nature}", 'Models of <span style="font-variant:small-caps;">nature</span>'),
    (r"Models of {2003} and {NASA} and {Mars}", "Models of 2003 and NASA and Mars"),
    (r"Models of {X-ray} and {the big bang}", "Models of {} and {}".format(_NOCASE.format("X-ray"),
                                                                         _NOCASE.format("the big bang"))),
])
def test_which_groups_become_spans(raw, expected):
    assert tex_sentence_case(raw, decode) == expected


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_better_bibtex_nocase_span_survives_csl_bib_csl(tmp_path, dialect):
    """Better BibTeX's CSL-JSON (#1155 fixture) protects a Latin title part with a nocase span: the .bib braces
    it and reading the .bib back gives the span again (before, the braces were dropped on reading)."""
    items = json.loads((DATA / "bbt-nocase-1155.json").read_text(encoding="utf-8"))
    back = _through_bib(tmp_path, items, dialect)["Dunning2016"]
    assert back["title"].endswith(". " + _NOCASE.format("Collecta ex diuersis auditis in scola magistri Willelmi de Monte"))


# -- sixth round: text symbols, literal lists ---------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    # OSCOLA's examples (biblatex-oxref/oscola-examples.bib): LaTeX prints \slash as "/".
    (r"91\slash 251\slash EEC", "91/251/EEC"),
    (r"and\slash or", "and/or"),
    (r"a\textunderscore b", "a_b"),
    (r"5\thinspace kg", "5 kg"),  # (white space is collapsed)
    (r"x\euro{} y", "x\u20ac y"),
    # A text symbol takes no argument: the digits after it are text (TeX ends the control word at the digit).
    (r"C\textendash176/03", "C\u2013176/03"),
])
def test_text_symbols_latex_prints(raw, expected):
    """Symbols LaTeX prints are read as their characters, not dropped."""
    assert decode(raw) == expected


def test_an_organization_joined_to_a_publisher_is_a_literal_list(tmp_path):
    """``organization = {A and B}`` beside ``howpublished`` gives CSL's one publisher every name, "; "-joined (as pandoc)."""
    library = _read(text="@unpublished{u, author = {Gliboff, Sander}, title = {The Spoiler}, date = {2002-09-23},\n"
                         "  howpublished = {presented at the workshop},\n"
                         "  organization = {Konrad Lorenz Institute and the {Austrian Academy and Sciences}}}\n",
                    tmp_path=tmp_path)
    # In pandoc's order, organization before howpublished (pandoc 3.9 -f biblatex -t csljson prints exactly this).
    assert _csl(library)["u"]["publisher"] == \
        "Konrad Lorenz Institute; the Austrian Academy and Sciences; presented at the workshop"


def test_the_fields_of_one_publisher_are_joined_in_pandocs_order(tmp_path):
    """school, institution, organization, publisher, whatever the file's order (pandoc 3.9's csljson for these
    entries: "Sch; Inst; Org; Pub", "Inst; Pub"; ISO 690's example thesis). (A thesis's howpublished is a note line:
    biblatex's thesis driver never prints it.)"""
    library = _read(text="@thesis{t, author = {A, B}, title = {T}, date = {2001}, publisher = {Pub}, institution = {Inst},"
                         " school = {Sch}, organization = {Org}}\n"
                         "@thesis{mackie, author = {A. G. Mackie}, title = {The Impact}, date = {2016}, type = {mathesis},"
                         " publisher = {{University of Helsinki}}, institution = {{Faculty of Social Sciences}}}\n"
                         "@report{r, author = {A, B}, title = {T}, date = {2001}, publisher = {Pub}, institution = {Inst}}\n",
                    tmp_path=tmp_path)
    csl = _csl(library)
    assert csl["t"]["publisher"] == "Sch; Inst; Org; Pub"
    assert csl["mackie"]["publisher"] == "Faculty of Social Sciences; University of Helsinki"
    assert csl["r"]["publisher"] == "Inst; Pub"


# Beebe's printing-history.bib (TeX Live, texmf-dist/bibtex/bib/beebe/): its @preamble and one of its 300 reviews.
BEEBE = r'''@Preamble{"\input bibnames.sty " #
 "\ifx \undefined \booktitle \def \booktitle#1{{{\em #1}}} \fi" #
 "\ifx \undefined \TM \def \TM {${}^{\sc TM}$} \fi"}

@Article{Stern:1979:BRM,
  author =       "Madeleine B. Stern",
  title =        "Book Review: {Marjorie Dana Barlow, comp.,
                 \booktitle{Notes on Women Printers in Colonial America
                 and the United States, 1639--1975}}",
  journal =      "Printing History",
  volume =       "1",
  number =       "1",
  year =         "1979",
}
'''


def test_a_command_the_preamble_defines_prints_its_definition(tmp_path):
    """``\\booktitle{...}`` prints as ``\\def\\booktitle#1{{{\\em #1}}}`` makes it: the title in italics (pandoc drops it)."""
    path = tmp_path / "beebe.bib"
    path.write_text(BEEBE, encoding="utf-8")
    title = _csl(citekit.read(str(path), fmt="bibtex"))["Stern:1979:BRM"]["title"]
    assert "<i>Notes on Women Printers in Colonial America and the United States, 1639–1975</i>" in title
    page = citekit.export(citekit.read(str(path), fmt="bibtex"), "html", style="apa")
    assert "<i>Notes on Women Printers" in page
    # (the .bib keeps the command as written: the expansion is for CSL and lists only)
    assert "\\booktitle{Notes" in citekit.export(citekit.read(str(path), fmt="bibtex"), "bibtex")


def test_preamble_definitions_used_and_left_alone():
    """Text-making definitions are read; math, TeX primitives, optional arguments, LaTeX's own commands and stand-ins
    that drop their argument (a JabRef file's ``\bibcyr`` fallback, which would print "---" for a Russian title) are not."""
    from citekit.preamble import definitions, expand_commands

    found = definitions(r"\def\booktitle#1{{{\em #1}}} \def\TM{${}^{\sc TM}$} \newcommand{\both}[2]{#2, #1}"
                        r"\providecommand{\url}[1]{\texttt{#1}} \newcommand*{\opt}[1][x]{#1} \def\bad{\input{x}}"
                        r"\newcommand\loopy{\loopy}\@ifundefined{bibcyr}{\newcommand{\bibcyr}[1]{---}}{}"
                        r"\providecommand*{\BibTeX}{Bib\TeX}")
    assert found == {"booktitle": (1, r"{{\em #1}}"), "both": (2, "#2, #1"), "loopy": (0, r"\loopy")}
    assert expand_commands(r"\both{A}{B} and \booktitle {X {y}}", found) == r"{B, A} and {{{\em X {y}}}}"
    assert expand_commands(r"\both{A} alone", found) == r"\both{A} alone"  # an argument missing: as written
    assert expand_commands(r"\loopy", found).count("loopy") == 1  # a definition using itself stops


def test_a_short_title_is_read_as_pandoc_reads_it(tmp_path):
    """No shorttitle: the title field without its subtitle or addon (biblatex's labeltitle), else the title up to its
    first colon outside markup; pandoc 3.9's csljson gives these title-short values. A .bib output adds no field."""
    library = _read(text="@book{colon, author = {A, B}, title = {Main Part: The Sub Part}, date = {2001}}\n"
                         "@book{sub, author = {A, B}, title = {Main Part}, subtitle = {The Sub Part}, date = {2001}}\n"
                         "@book{addon, author = {A, B}, title = {Main Part}, titleaddon = {Addon}, date = {2001}}\n"
                         "@book{short, author = {A, B}, title = {Main Part: The Sub}, shorttitle = {Shorty}, date = {2001}}\n"
                         "@book{plain, author = {A, B}, title = {Plain Title}, date = {2001}}\n"
                         "@book{caps, author = {A, B}, title = {A \\textsc{Small} Word}, date = {2001}}\n"
                         "@book{mv, author = {A, B}, title = {Vol: Title}, maintitle = {Main Title}, date = {2001}}\n",
                    tmp_path=tmp_path)
    csl = _csl(library)
    assert {k: v.get("title-short") for k, v in csl.items()} == {
        "colon": "Main part", "sub": "Main part", "addon": "Main part", "short": "Shorty", "plain": None,
        "caps": None, "mv": None}
    assert "shorttitle" not in citekit.export(library, "biblatex").split("@book{short")[0]


def test_works_without_author_and_one_short_title_get_year_suffixes(tmp_path):
    """Chicago author-date cites a work without author by its short title: two teapots of one title and no date are
    "n.d.-a" and "n.d.-b" (as pandoc 3.9 prints biblatex-abnt's NBR 6023 examples), where the full titles differ."""
    bib = tmp_path / "t.bib"
    bib.write_text("@artwork{bule0000a, title = {Bule de porcelana}, note = {1 bule}}\n"
                   "@artwork{bule0000b, title = {Bule de porcelana}, subtitle = {família rosa}, note = {1 bule}}\n",
                   encoding="utf-8")
    text = citekit.export(citekit.read(str(bib), fmt="bibtex"), "text", style="chicago-author-date")
    assert "Bule de Porcelana. n.d.-a." in text and "Bule de Porcelana: Família Rosa. n.d.-b." in text


def test_a_literal_date_is_printed_as_tex_prints_it(tmp_path):
    """biblatex-abnt's open-ended periodicals (``year = {1941-~.}``): the tie is a space in TeX, never a tilde."""
    library = _read(text="@periodical{p, title = {Revista}, year = {1941-~.}}\n@book{q, title = {Q}, date = {1941-~.}}\n",
                    tmp_path=tmp_path)
    csl = _csl(library)
    assert csl["p"]["issued"] == {"literal": "1941- ."} and csl["q"]["issued"] == {"literal": "1941- ."}


def test_an_organizer_of_a_work_is_its_editor(tmp_path):
    """biblatex's editortype ``organizer`` is "similar to editor but used if the task of the editor is mainly
    organizing" (ABNT's "org."); CSL's organizer is an event's. A chapter's organizers print as its book's editors."""
    bib = tmp_path / "t.bib"
    bib.write_text("@incollection{romano1996a, author = {Giovanni Romano}, title = {Imagens da juventude na era moderna},\n"
                   "  editor = {G. Levi and J. Schmidt}, editortype = {organizer}, booktitle = {História dos jovens 2},\n"
                   "  location = {São Paulo}, publisher = {Companhia das Letras}, date = {1996}, pages = {7-16}}\n"
                   "@collection{c, editor = {Leslie Piccolotto Ferreira}, editoratype = {compiler}, editora = {Ann Other},\n"
                   "  editortype = {organizer}, title = {O fonoaudiólogo e a escola}, publisher = {Summus}, date = {1991}}\n",
                   encoding="utf-8")
    library = citekit.read(str(bib), fmt="bibtex")
    csl = {i["id"]: i for i in json.loads(citekit.export(library, "csl-json"))}
    assert [p["family"] for p in csl["romano1996a"]["editor"]] == ["Levi", "Schmidt"]
    assert "organizer" not in csl["romano1996a"] and csl["c"]["editor"][0]["family"] == "Ferreira"
    assert csl["c"]["compiler"][0]["family"] == "Other"  # a compiler has CSL's compiler role
    text = citekit.export(library, "text", style="apa")
    assert "In G. Levi & J. Schmidt (Eds.), História dos jovens 2 (pp. 7–16)." in text


DUPLICATE_FIELDS = ("@book{durk,\n  author = {Durkheim, Emile},\n  title = {T},\n  {date},\n  editor = {First, Ed},\n"
                    "  editor = {Second, Ed},\n  publisher = {},\n  publisher = {Q},\n  location = {L},\n  location = {}\n}\n")


@pytest.mark.parametrize("dated, editor, publisher", [("date = {2001}", "Second", "Q"), ("year = {2001}", "First", None)])
def test_a_field_given_twice_is_read_as_the_files_tool_reads_it(tmp_path, dated, editor, publisher):
    """biber 2.18 (a file with biblatex's fields: date) keeps the last non-empty value: its .bbl for this entry holds
    Second, Q and L; bibtex (a classic file: year) keeps the first ("I'm ignoring durk's extra "editor" field")
    and warns of the empty publisher. A .bib output keeps both as written."""
    library = _read(text=DUPLICATE_FIELDS.replace("{date}", dated), tmp_path=tmp_path)
    csl = _csl(library)["durk"]
    assert csl["editor"][0]["family"] == editor and csl.get("publisher") == publisher
    assert csl["publisher-place"] == "L"
    assert any("given twice" in p.message and p.line == 6 for p in library.problems)
    written = citekit.export(library, "biblatex")
    assert "editor = {First, Ed}" in written and "editor = {Second, Ed}" in written


def test_a_bachelors_thesis_key_is_printed_as_english_lbx_prints_it(tmp_path):
    """``type = {bathesis}`` is english.lbx's "Bachelor's thesis" (biblatex-iso690's example thesis), and goes back
    to the key in a .bib."""
    library = _read(text="@thesis{luptak2016thesis, author = {Lupták, Dávid}, title = {Typesetting of Bibliography},\n"
                         "  date = {2016}, type = {bathesis}, institution = {Masaryk University}}\n", tmp_path=tmp_path)
    assert _csl(library)["luptak2016thesis"]["genre"] == "Bachelor's thesis"
    assert "type = {bathesis}" in citekit.export(library, "biblatex")
