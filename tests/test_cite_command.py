"""``citekit cite`` and :mod:`citekit.cite`: clusters, bibliography, Markdown with pandoc's syntax, and .aux -> .bbl."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from citekit.cite import Processor, render_markdown
from citekit.cli import main

ITEMS = [
    {"id": "smith2020", "type": "article-journal", "title": "A study of things", "author": [{"family": "Smith", "given": "Jane"}],
     "issued": {"date-parts": [[2020]]}, "container-title": "Journal of Stuff", "volume": "3", "page": "1-10"},
    {"id": "doe2019", "type": "book", "title": "Big book", "author": [{"family": "Doe", "given": "John"}, {"family": "Roe", "given": "Ann"}],
     "issued": {"date-parts": [[2019]]}, "publisher": "Pub"},
    {"id": "doe2019b", "type": "book", "title": "Another book",
     "author": [{"family": "Doe", "given": "John"}, {"family": "Roe", "given": "Ann"}], "issued": {"date-parts": [[2019]]}, "publisher": "Pub"},
]


@pytest.fixture
def refs(tmp_path):
    """The three items as a CSL-JSON file."""
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(ITEMS), encoding="utf-8")
    return path


def test_apa_clusters_with_locators_year_suffixes_and_suppressed_author():
    """APA citations: items sorted in a cluster, year-suffixes from the bibliography's order, -@ and locators."""
    proc = Processor("apa", ITEMS, "text")
    out = proc.cite_clusters([
        {"citationItems": [{"id": "smith2020", "locator": "3", "label": "page"}, {"id": "doe2019"}]},
        {"citationItems": [{"id": "smith2020", "suppress-author": True}]},
        {"citationItems": [{"id": "doe2019b", "prefix": "see "}]},
    ])
    assert out == ["(Doe & Roe, 2019b; Smith, 2020, p. 3)", "(2020)", "(see Doe & Roe, 2019a)"]
    assert proc.bibliography()[0] == "Doe, J., & Roe, A. (2019a). Another book. Pub."


def test_note_style_positions_give_short_forms():
    """In a note style a later cite of an item is the short form (Chicago 18 drops "ibid." for it)."""
    proc = Processor("chicago-notes-bibliography", ITEMS, "text")
    out = proc.cite_clusters([
        {"citationItems": [{"id": "smith2020"}], "properties": {"noteIndex": 1}},
        {"citationItems": [{"id": "smith2020", "locator": "5"}], "properties": {"noteIndex": 2}},
        {"citationItems": [{"id": "doe2019"}], "properties": {"noteIndex": 3}},
        {"citationItems": [{"id": "smith2020"}], "properties": {"noteIndex": 4}},
    ])
    assert out[0].startswith("Jane Smith, “A Study of Things,” Journal of Stuff 3 (2020)")
    assert out[1] == "Smith, “A Study of Things,” 5."
    assert out[3] == "Smith, “A Study of Things.”"


def test_numeric_styles_number_in_citation_order_and_collapse_ranges():
    """IEEE (no collapse) lists each number; Nature (collapse="citation-number") writes a superscript range."""
    cluster = [{"citationItems": [{"id": i["id"]} for i in ITEMS]}]
    assert Processor("ieee", ITEMS, "text").cite_clusters(cluster) == ["[1], [2], [3]"]
    assert Processor("nature", ITEMS, "html").cite_clusters(cluster) == ["<sup>1–3</sup>"]


def test_cli_prints_one_cluster_a_line_then_the_bibliography(refs, tmp_path):
    """``citekit cite --clusters --bibliography --to html`` prints the suite's markup."""
    clusters = tmp_path / "clusters.json"
    clusters.write_text(json.dumps([{"citationItems": [{"id": "smith2020"}]}, {"citationItems": [{"id": "doe2019"}]}]))
    result = CliRunner().invoke(main, ["cite", "--style", "apa", "--items", str(refs), "--clusters", str(clusters),
                                       "--to", "html", "--bibliography"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["(Smith, 2020)", "(Doe &#38; Roe, 2019)"]
    assert lines[2] == '<div class="csl-bib-body">'
    assert '<div class="csl-entry">Smith, J. (2020). A study of things. <i>Journal of Stuff</i>, <i>3</i>, 1–10.</div>' in result.output


def test_cli_reads_a_bib_file_as_items(tmp_path):
    """ITEMS may be any input citekit reads: a .bib file's keys are the ids."""
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{knuth1984, author={Donald E. Knuth}, title={Literate Programming}, journal={The Computer Journal},"
                   " year={1984}, volume={27}, pages={97--111}}\n", encoding="utf-8")
    clusters = tmp_path / "c.json"
    clusters.write_text(json.dumps([{"citationItems": [{"id": "knuth1984", "locator": "99"}]}]))
    result = CliRunner().invoke(main, ["cite", "--style", "apa", "--items", str(bib), "--clusters", str(clusters), "--to", "text"])
    assert result.exit_code == 0, result.output
    assert result.output == "(Knuth, 1984, p. 99)\n"


def test_a_repeated_csl_json_id_cites_the_first_item_and_says_so(tmp_path):
    """Two CSL-JSON items with one id: a citation names the first, the list holds it alone, the second is reported."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps([ITEMS[0], dict(ITEMS[1], id="smith2020")]), encoding="utf-8")
    paper = tmp_path / "paper.md"
    paper.write_text("As shown [@smith2020].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(items), "--style", "apa", "--to", "text"])
    assert result.exit_code == 0, result.output
    assert "(Smith, 2020)" in result.stdout and "Big book" not in result.stdout
    assert f"warning: {items}: item 2 (id 'smith2020') left out of the reference list" in result.stderr


NOCITE_ITEMS = [
    {"id": "a", "type": "book", "title": "Alpha", "author": [{"family": "Doe", "given": "J"}], "issued": {"date-parts": [[2019]]}},
    {"id": "b", "type": "book", "title": "Beta", "author": [{"family": "Doe", "given": "J"}], "issued": {"date-parts": [[2019]]}},
    {"id": "c", "type": "book", "title": "Gamma", "author": [{"family": "Roe", "given": "K"}], "issued": {"date-parts": [[2018]]}},
]


@pytest.mark.parametrize("head, cited, listed", [
    ('nocite: |\n  @b\n...', "(Doe 2019a)", ["Alpha", "Beta"]),  # b disambiguates a, as pandoc 3 prints it
    ('nocite: "@*"\n---', "(Doe 2019a)", ["Alpha", "Beta", "Gamma"]),
    ('title: "On @a"\n---', "(Doe 2019)", ["Alpha"]),  # no nocite: a title's @a is no citation
])
def test_markdown_nocite_metadata_lists_uncited_items_as_pandoc_does(tmp_path, head, cited, listed):
    """A metadata block's ``nocite`` adds items to the list (and to disambiguation); the block itself is left as written."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps(NOCITE_ITEMS), encoding="utf-8")
    paper = tmp_path / "paper.md"
    paper.write_text(f"---\n{head}\n\nText [@a].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(items), "--style", "chicago-author-date",
                                       "--to", "text"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"---\n{head}\n")
    assert f"Text {cited}." in result.stdout
    listing = result.stdout.split("Text", 1)[1]
    assert [title for title in ("Alpha", "Beta", "Gamma") if title in listing] == listed
    assert "warning" not in result.stderr


def test_markdown_nocite_alone_still_lists_and_numbers_after_the_cited(tmp_path):
    """IEEE: cited items are numbered first, a nocite item after them; with no citation at all the list still prints."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps(NOCITE_ITEMS), encoding="utf-8")
    paper = tmp_path / "paper.md"
    paper.write_text('---\nnocite: "@c"\n---\n\nText [@b] and [@a].\n', encoding="utf-8")
    out = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(items), "--style", "ieee", "--to", "text"]).stdout
    assert "Text [1] and [2]." in out and out.index("[2] J. Doe, Alpha") < out.index("[3] K. Roe, Gamma")
    paper.write_text("---\nnocite: |\n  @b, @c\n...\n\nNo citation here.\n", encoding="utf-8")
    html = tmp_path / "paper.html"
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(items), "--style", "apa", "-o", str(html)])
    assert result.exit_code == 0, result.output
    page = html.read_text()
    assert 'id="ref-b"' in page and 'id="ref-c"' in page and 'id="ref-a"' not in page and "nocite" not in page


def test_a_paper_is_read_through_the_one_decoder(tmp_path):
    """A paper with a BOM, in Windows-1252, in UTF-16, or on stdin reads as its text (a fallback is warned), never a traceback."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps(NOCITE_ITEMS), encoding="utf-8")
    paper = tmp_path / "paper.md"
    for data, warned in (("\ufeff---\nnocite: \"@c\"\n---\n\nCafé [@a].\n".encode("utf-8"), False),
                         ("---\nnocite: \"@c\"\n---\n\nCafé [@a].\n".encode("cp1252"), True),
                         ("---\nnocite: \"@c\"\n---\n\nCafé [@a].\n".encode("utf-16"), False)):
        paper.write_bytes(data)
        result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(items), "--to", "text"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("---\nnocite:") and "Café (Doe, 2019)." in result.stdout and "Gamma" in result.stdout
        assert ("read as Windows-1252" in result.stderr) is warned
    piped = CliRunner().invoke(main, ["cite", "-", "--bibliography", str(items), "--to", "text"], input="See [@b].\n")
    assert piped.exit_code == 0 and "See (Doe, 2019)." in piped.stdout


def test_cli_unknown_style_is_a_usage_error(refs):
    """A style that does not exist exits 2 with a message, not a traceback."""
    result = CliRunner().invoke(main, ["cite", "--style", "no-such-style-xyz", "--items", str(refs), "--bibliography"])
    assert result.exit_code == 2
    assert "unknown style" in result.output


def test_markdown_citations_render_as_pandoc_does():
    """Bracketed, in-text, suppressed-author and prefixed/suffixed citations; e-mail addresses are left alone."""
    text = ("As shown [@smith2020, p. 3; @doe2019], and @doe2019b [chap. 2] argues otherwise.\n"
            "Also [-@smith2020] and [see @doe2019, pp. 4-5, emphasis added]. Mail a@b.com.\n")
    out = render_markdown(Processor("apa", ITEMS, "markdown"), text)
    assert out.startswith("As shown (Doe & Roe, 2019b; Smith, 2020, p. 3), and Doe & Roe (2019a, Chapter 2) argues otherwise.\n"
                          "Also (2020) and (see Doe & Roe, 2019b, pp. 4–5, emphasis added). Mail a@b.com.\n\n")
    assert out.rstrip().endswith("Smith, J. (2020). A study of things. *Journal of Stuff*, *3*, 1–10.")


def test_aux_writes_a_natbib_bbl(refs, tmp_path):
    """An .aux's citations become a .bbl with natbib labels Author(Year)."""
    aux = tmp_path / "paper.aux"
    aux.write_text("\\relax\n\\citation{smith2020}\n\\citation{doe2019,doe2019b}\n\\bibdata{refs}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(aux), "--bibliography", str(refs), "--style", "apa"])
    assert result.exit_code == 0, result.output
    bbl = (tmp_path / "paper.bbl").read_text(encoding="utf-8")
    assert "\\bibitem[Smith(2020)Smith]{smith2020}\nSmith, J. (2020). A study of things. \\textit{Journal of Stuff}" in bbl
    assert "\\bibitem[Doe \\& Roe(2019a)Doe \\& Roe]{doe2019b}" in bbl


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("style, option", [("apa", "round"), ("ieee", "numbers,square")])
def test_a_natbib_paper_compiles_with_pdflatex(refs, tmp_path, style, option):
    """A paper using \\citet and \\citep compiles from citekit's .bbl in an author-date and a numeric style, and the
    labels natbib cites with (read back from the .aux) are the style's own citations."""
    tex = tmp_path / "paper.tex"
    tex.write_text("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[" + option + "]{natbib}\n"
                   "\\begin{document}\n\\citet{smith2020} and \\citep{doe2019,doe2019b}.\n"
                   "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n", encoding="utf-8")
    run = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"]
    subprocess.run(run, cwd=tmp_path, capture_output=True, timeout=120)
    result = CliRunner().invoke(main, ["cite", str(tmp_path / "paper.aux"), "--bibliography", str(refs), "--style", style])
    assert result.exit_code == 0, result.output
    for _ in range(2):
        done = subprocess.run(run, cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "paper.log").read_text(encoding="latin-1")
    assert "Citation" not in log or "undefined" not in log
    # natbib's \\bibcite{key}{{number}{year}{{short}}{{long}}}: what \\citet and \\citep print.
    aux = (tmp_path / "paper.aux").read_text(encoding="utf-8")
    labels = {k: (n, y, a.replace("\\&", "&")) for k, n, y, a in
              re.findall(r"\\bibcite\{(.+?)\}\{\{(.*?)\}\{(.*?)\}\{\{(.*?)\}\}", aux)}
    keys = ["smith2020", "doe2019", "doe2019b"]
    assert sorted(labels) == sorted(keys)
    texts = Processor(style, ITEMS, "text").cite_clusters([{"citationItems": [{"id": k}]} for k in keys])
    for key, text in zip(keys, texts):
        number, year, short = labels[key]
        assert text == (f"[{number}]" if style == "ieee" else f"({short}, {year})")


@pytest.mark.parametrize("style, opening", [("vancouver", "\\(1) opens"), ("ieee", "\\[1\\] opens")])
def test_markdown_numeric_cite_opening_a_paragraph_is_no_list(style, opening):
    """A numeric citation opening a paragraph is escaped where Markdown would read a numbered list, and only there."""
    out = render_markdown(Processor(style, ITEMS, "markdown"), "[@smith2020] opens.\n")
    assert out.startswith(opening + ".")


URL_ITEM = {"id": "web2021", "type": "webpage", "title": "A page", "author": [{"family": "Web", "given": "Wanda"}],
            "issued": {"date-parts": [[2021]]}, "URL": "https://example.org/a?b=1&c=2"}


def test_markdown_to_an_html_file_is_an_html_document_as_pandoc_writes_it(tmp_path):
    """``-o paper.html`` reads the Markdown and writes HTML: citation spans, pandoc's refs div with ids, linked URLs."""
    (tmp_path / "refs.json").write_text(json.dumps(ITEMS + [URL_ITEM]), encoding="utf-8")
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: A paper\n---\n\n# Intro\n\nAs shown [@smith2020, p. 3; @doe2019], and *so* @web2021 says.\n",
                     encoding="utf-8")
    out = tmp_path / "paper.html"
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(tmp_path / "refs.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "title:" not in html and html.startswith("<h1>Intro</h1>\n<p>As shown ")
    assert ('<span class="citation" data-cites="smith2020 doe2019">(Doe &amp; Roe, 2019; Smith, 2020, p. 3)</span>, '
            'and <em>so</em> <span class="citation" data-cites="web2021">Web (2021)</span> says.</p>') in html
    assert '<div id="refs" class="references csl-bib-body hanging-indent" role="list">' in html
    assert '<div id="ref-smith2020" class="csl-entry" role="listitem">' in html
    assert "<i>Journal of Stuff</i>" in html
    assert re.search(r'<a href="https://example\.org/a\?b=1&(amp|#38);c=2">https://example\.org/a\?b=1&(amp|#38);c=2</a>', html)
    # --to markdown keeps the Markdown whatever the file is called.
    kept = tmp_path / "kept.html"
    CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(tmp_path / "refs.json"), "--to", "markdown", "-o", str(kept)])
    assert kept.read_text(encoding="utf-8").startswith("---\ntitle: A paper\n---")


def test_html_document_in_a_note_style_has_pandocs_notes_after_the_list(refs, tmp_path):
    """A note style's citations are numbered notes marked up as pandoc's, and the reference list comes before them."""
    paper = tmp_path / "paper.md"
    paper.write_text("One claim [@smith2020]. Another [@doe2019, p. 4].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(refs), "--style",
                                       "chicago-notes-bibliography", "--to", "html"])
    assert result.exit_code == 0, result.output
    html = result.output
    assert ('One claim.<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> '
            'Another.<a href="#fn2" class="footnote-ref" id="fnref2" role="doc-noteref"><sup>2</sup></a>') in html
    assert html.index('<div id="refs"') < html.index('<section id="footnotes" class="footnotes footnotes-end-of-document"')
    assert '<li id="fn2"><p><span class="citation" data-cites="doe2019">John Doe and Ann Roe, <em>Big Book</em> (Pub, 2019), 4.</span>' in html


@pytest.mark.parametrize("style", ["apa", "chicago-notes-bibliography", "ieee"])
def test_html_document_reads_as_pandocs_does(style, tmp_path):
    """The Markdown paper as HTML, read back to plain text by pandoc, is pandoc --citeproc's HTML but for the listed cases."""
    pypandoc = pytest.importorskip("pypandoc")
    from pathlib import Path

    from citekit.styles import resolve_style

    try:
        pandoc = pypandoc.get_pandoc_path()
    except OSError:
        pytest.skip("pandoc is not installed")
    data = Path(__file__).parent / "data" / "markdown"
    csl = resolve_style(style).source
    ours, theirs = tmp_path / "ours.html", tmp_path / "theirs.html"
    result = CliRunner().invoke(main, ["cite", str(data / "paper.md"), "--bibliography", str(data / "refs.json"),
                                       "--style", str(csl), "-o", str(ours)])
    assert result.exit_code == 0, result.output
    subprocess.run([pandoc, str(data / "paper.md"), "--citeproc", "--bibliography", str(data / "refs.json"), "--csl",
                    str(csl), "-o", str(theirs)], check=True, capture_output=True, timeout=120)

    def lines(path):
        text = subprocess.run([pandoc, "-f", "html", "-t", "plain", "--wrap=none", str(path)], check=True,
                              capture_output=True, text=True, timeout=120).stdout
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    a, b = lines(theirs), lines(ours)
    assert len(a) == len(b)
    differing = [(x, y) for x, y in zip(a, b) if x != y]
    # Where they differ, pandoc's line is one of the cases PANDOC_DIFFERENCES.md lists (its title case of
    # "et", an entry's "(2011)" in a note): a few lines at most, each much the same.
    assert len(differing) <= 8, differing
    import difflib

    assert all(difflib.SequenceMatcher(None, x, y).ratio() > 0.6 for x, y in differing), differing


# A .bib as biber reads it: a repeated key (biber keeps the first and warns "Duplicate entry
# key"), an @xdata holder and a @set whose own entry is no work (biber never prints an @xdata).
REPEATS_BIB = """@book{dup,
  author = {First, Anna},
  title = {The First Book},
  year = {2001},
  publisher = {Pub},
}
@xdata{pubdata,
  publisher = {Shared Press},
  location = {Berlin},
}
@book{other,
  author = {Other, Otto},
  title = {Another Book},
  year = {2003},
  xdata = {pubdata},
}
@book{dup,
  author = {Second, Bert},
  title = {The Second Book},
  year = {2002},
}
@set{myset,
  entryset = {setA,setB},
}
@article{setA,
  author = {Alpha, Al},
  title = {Set Member A},
  journaltitle = {J},
  year = {2004},
}
@article{setB,
  author = {Beta, Bea},
  title = {Set Member B},
  journaltitle = {J},
  year = {2004},
}
"""


def _repeats(tmp_path, text=REPEATS_BIB):
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    return bib


def test_items_from_a_bib_are_those_a_styled_list_holds(tmp_path):
    """items_from reads a .bib as the styled lists do: the first entry of a key, no @xdata, a @set through its members."""
    from citekit import convert
    from citekit.cite import items_from

    bib = _repeats(tmp_path)
    problems: list = []
    items = items_from(str(bib), problems)
    assert [i["id"] for i in items] == ["dup", "other", "setA", "setB"]
    assert items[0]["title"] == "The first book"  # sentence case, as CSL keeps titles
    assert items[1]["publisher"] == "Shared Press"  # the @xdata's fields reach the entry that names it
    assert [(p.origin, p.line) for p in problems] == [(str(bib), 17)]
    assert f"{bib}:1" in problems[0].message
    # The same entries as the styled list of the same file.
    listed = convert(str(bib), to="text", style="apa")
    listed = listed if isinstance(listed, str) else listed.text
    assert len([line for line in listed.split("\n\n") if line.strip()]) == len(items)
    assert "Second Book" not in listed and "Shared Press" in listed


def test_markdown_paper_citing_a_repeated_key_cites_the_first_entry(tmp_path):
    """[@dup] is the first entry of key dup, as bibtex and biber resolve it; the later one is reported with file and line."""
    bib = _repeats(tmp_path)
    paper = tmp_path / "paper.md"
    paper.write_text("See [@dup] and [@other].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(bib), "--style", "apa"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("See (First, 2001) and (Other, 2003).\n")
    assert "The first book" in result.stdout and "second book" not in result.stdout.lower()
    assert f"{bib}:17: entry 'dup' left out" in result.stderr and f"({bib}:1)" in result.stderr


def test_aux_nocite_star_lists_no_xdata_set_holder_or_repeated_entry(tmp_path):
    """\\nocite{*} in a LaTeX paper: every entry a reference list holds, and no @xdata, @set holder or second dup."""
    bib = _repeats(tmp_path)
    aux = tmp_path / "paper.aux"
    aux.write_text("\\relax\n\\citation{dup}\n\\citation{*}\n\\bibdata{refs}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(aux), "--bibliography", str(bib), "--style", "apa"])
    assert result.exit_code == 0, result.output
    bbl = (tmp_path / "paper.bbl").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\\bibitem\[[^\n]*\]\{([^}]*)\}", bbl)) == ["dup", "other", "setA", "setB"]
    assert "The first book" in bbl and "second book" not in bbl.lower()
    assert f"{bib}:17" in result.stderr


@pytest.mark.skipif(shutil.which("biber") is None or shutil.which("pdflatex") is None, reason="biber/pdflatex absent")
def test_aux_nocite_star_has_the_entries_biber_prints(tmp_path):
    """The .bbl citekit writes for \\nocite{*} names the keys biber prints from the same file (no @set here)."""
    text = REPEATS_BIB[:REPEATS_BIB.index("@set")]
    bib = _repeats(tmp_path, text)
    (tmp_path / "b.tex").write_text("\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{refs.bib}"
                                    "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "b.tex"], cwd=tmp_path, capture_output=True, timeout=120)
    subprocess.run(["biber", "b"], cwd=tmp_path, capture_output=True, timeout=120)
    biber_bbl = (tmp_path / "b.bbl").read_text(encoding="utf-8")
    biber_keys = re.findall(r"\\entry\{([^}]*)\}\{([^}]*)\}", biber_bbl)
    aux = tmp_path / "paper.aux"
    aux.write_text("\\relax\n\\citation{*}\n\\bibdata{refs}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(aux), "--bibliography", str(bib), "--style", "apa"])
    assert result.exit_code == 0, result.output
    ours = re.findall(r"\\bibitem\[[^\n]*\]\{([^}]*)\}", (tmp_path / "paper.bbl").read_text(encoding="utf-8"))
    assert sorted(ours) == sorted(k for k, etype in biber_keys if etype != "xdata")
    assert "{The First Book}" in biber_bbl and "Second Book" not in biber_bbl


@pytest.mark.parametrize("to", ["markdown", "html"])
def test_a_paper_citing_nothing_the_library_holds_gets_no_list_and_a_warning_per_key(refs, tmp_path, to):
    """As pandoc: only what the document cites is listed (not the whole library), and a key no item has is
    reported with its line, never dropped in silence."""
    paper = tmp_path / "paper.md"
    paper.write_text("# Notes\n\nAs shown [@nosuch2020; @other1999] and @nosuch2020.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(refs), "--style", "apa", "--to", to])
    assert result.exit_code == 0, result.output
    assert "csl-entry" not in result.stdout and "Doe" not in result.stdout
    assert "[@nosuch2020; @other1999]" in result.stdout
    assert f"{paper}:3: no item for citation key nosuch2020" in result.stderr
    assert f"{paper}:3: no item for citation key other1999" in result.stderr
    assert result.stderr.count("nosuch2020") == 1


def test_a_paper_with_one_known_key_lists_only_that_item(refs, tmp_path):
    """One cited item, one entry; the unknown key beside it is reported, the known one still renders."""
    paper = tmp_path / "paper.md"
    paper.write_text("See [@doe2019b] and [@missing].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cite", str(paper), "--bibliography", str(refs), "--style", "apa", "--to", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count('class="csl-entry"') == 1 and "Another book" in result.stdout
    assert f"{paper}:1: no item for citation key missing" in result.stderr
