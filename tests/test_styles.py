"""Styled reference lists: style lookup, the citeproc-py fixes, escaping, BibTeX styles and golden files."""

from __future__ import annotations

import os
import re

import pytest

from citekit import export
from citekit.errors import UnknownNameError, UsageError
from citekit.render.engine import render_entries
from citekit.styles import available_styles, resolve_style

from conftest import GOLDEN
from test_styles_fixtures import seed_library, variant_library

GOLDEN_STYLES = GOLDEN / "styles"
BACKENDS = ("text", "html", "markdown", "latex")
EXTENSIONS = {"text": "txt", "html": "html", "markdown": "md", "latex": "tex"}


def _plain_texts(style: str, library) -> list[str]:
    from citekit.render.rich import to_text

    return [to_text(r.rich) for r in render_entries(library.entries, resolve_style(style))]


# --- names ---------------------------------------------------------------------------


def test_featured_styles_resolve_to_csl_files():
    """Every featured name (vancouver included, which the collection spells differently) is a readable CSL file."""
    for name in ("apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "vancouver", "nature", "mla"):
        style = resolve_style(name)
        assert style.kind == "csl" and style.source.endswith(".csl") and os.path.isfile(style.source)
    assert resolve_style("vancouver").source.endswith("nlm-citation-sequence.csl")
    assert resolve_style(None).name == "apa"


def test_available_styles_lists_styles_bibtex_and_templates():
    """`available_styles` names the whole collection, the four BibTeX styles and every template."""
    listed = dict(available_styles())
    for name in ("apa", "ieee", "vancouver", "bibtex:plain", "bibtex:unsrt", "bibtex:alpha", "bibtex:abbrv",
                 "template:publications", "template:markdown", "template:thebibliography", "elsevier-harvard"):
        assert name in listed, name
        assert listed[name]
    assert len(listed) > 2000


def test_unknown_style_suggests_a_name():
    """A misspelt style raises UnknownNameError with a did-you-mean."""
    with pytest.raises(UnknownNameError, match="did you mean 'apa'"):
        resolve_style("apx")
    with pytest.raises(UnknownNameError, match="bibtex:alpha"):
        resolve_style("bibtex:alpah")
    with pytest.raises(UnknownNameError, match="template:publications"):
        resolve_style("template:publication")
    with pytest.raises(UsageError):
        resolve_style("/no/such/style.csl")


def test_cli_formats_and_unknown_style(cli, tmp_path):
    """`citekit formats` lists styles and templates; an unknown --style exits 2 with a suggestion."""
    result = cli("formats")
    assert result.exit_code == 0
    for name in ("apa", "chicago-author-date", "bibtex:abbrv", "template:publications"):
        assert re.search(rf"^\s+{re.escape(name)}\s", result.output, re.M), name
    source = tmp_path / "ids.txt"
    source.write_text("arXiv:2410.10630\n", encoding="utf-8")
    bad = cli("convert", str(source), "--to", "text", "--style", "ieeee")
    assert bad.exit_code == 2
    assert "did you mean 'ieee'" in bad.output


def test_csl_path_and_template_path(tmp_path):
    """A .csl path and a template path work like names."""
    csl = resolve_style("ieee").source
    lib = seed_library(2)
    by_path = export(lib, "text", style=csl)
    assert by_path == export(lib, "text", style="ieee")
    template = tmp_path / "mine.txt.j2"
    template.write_text("{# titles #}\n{% for e in entries %}{{ e.title }}\n{% endfor %}", encoding="utf-8")
    assert set(export(lib, "text", style=str(template)).splitlines()) == {e.title for e in lib.entries}


def test_template_refuses_the_wrong_output_format():
    """The HTML page template cannot be written as LaTeX."""
    with pytest.raises(UsageError, match="--to html"):
        export(seed_library(1), "latex", style="template:publications")


# --- what citeproc-py got wrong (citekit once built on it), right in citekit's own processor ---


def test_apa_arxiv_number_is_not_capitalized():
    """citeproc-py prints APA's '(ArXiv:ID)'; CSL capitalizes only an all-lowercase word, so '(arXiv:ID)'."""
    lib = seed_library(1)
    ours = _plain_texts("apa", lib)[0]
    assert "(arXiv:2410.10630)" in ours


def test_ieee_punctuation_inside_quotes_and_label_spacing():
    """American punctuation goes inside the quotes, and the [n] label is set off from the entry."""
    lib = seed_library(1)
    ours = _plain_texts("ieee", lib)[0]
    assert "Generation,”" in ours and ours.startswith("[1] T. Wu")


def test_chicago_keeps_given_names_and_hyphenated_title_case():
    """Chicago's initialize="false" keeps 'Tianhao' (citeproc-py wrote 'T.'); hyphenated words are title-cased."""
    lib = seed_library(1)
    ours = _plain_texts("chicago-author-date", lib)[0]
    assert ours.startswith("Wu, Tianhao, Janice Lan")
    cased = _plain_texts("chicago-author-date", variant_library())
    assert any("Ångström-Scale" in t for t in cased)


def test_bibliography_sorts_names_not_punctuation():
    """citeproc-py sorts "Yang, S., & Gómez" before "Yang, S., Cho" (it compares the "&"); APA wants Cho first."""
    from citekit.model import Library

    lib = seed_library()
    yang = Library(entries=[e for e in lib.entries if e.author and e.author[0].family == "Yang" and e.author[0].given.startswith("S")])
    assert len(yang.entries) == 2
    ours = _plain_texts("apa", yang)
    assert ours[0].startswith("Yang, S., Cho, K.") and ours[1].startswith("Yang, S., & Gómez-Bombarelli")


def test_title_standing_in_for_the_author_is_not_repeated():
    """citeproc-py prints an authorless title twice in APA; CSL suppresses what a substitute rendered."""
    from citekit.model import Library

    lib = Library(entries=[e for e in variant_library().entries if e.title == "Anonymous findings"])
    ours = _plain_texts("apa", lib)[0]
    assert ours.count("Anonymous findings") == 1
    assert ours == "Anonymous findings (arXiv:1901.00001). (2019). arXiv. https://doi.org/10.48550/arXiv.1901.00001"


def test_missing_date_and_authors():
    """No stated date takes the arXiv id's year (model.issued_date); no authors puts the title first; a literal name stays whole."""
    texts = _plain_texts("apa", variant_library())
    undated = next(t for t in texts if "without a date" in t)
    assert "(1999)" in undated  # hep-th/9901001
    anonymous = next(t for t in texts if "Anonymous findings" in t)
    assert anonymous.startswith("Anonymous findings")
    assert any("The OLMo Team" in t for t in texts)


def test_no_date_at_all_is_nd_and_abstract_only_entries_are_left_out():
    """An entry with neither date nor arXiv id gets (n.d.); an abstract-only entry is not listed.

    The run's one warning about such entries (for every output) is tested in
    tests/test_cli_outputs.py.
    """
    from citekit.model import Entry, Library, Name

    lib = Library(entries=[Entry(title="Undated work", author=[Name("Roe", "Jane")]), Entry(abstract="Only an abstract.")])
    for index, entry in enumerate(lib.entries):
        entry.key = f"k{index}"
    out = export(lib, "text", style="apa")
    assert "Roe, J. (n.d.). Undated work" in out
    assert "Only an abstract" not in out and out.count("\n\n") == 0


# --- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["apa", "ieee", "bibtex:plain", "template:publications"])
def test_html_escapes_everything_from_the_data(style):
    """A title holding <script> shows as text; no tag from the data survives in any HTML output."""
    out = export(variant_library(), "html", style=style)
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<b>Bold" not in out and "<img" not in out


def test_latex_escapes_special_characters():
    """TeX specials in the data are escaped; math stays math; accents become LaTeX."""
    out = export(variant_library(), "latex", style="apa")
    assert r"100\%" in out and r"\#hash" in out and r"\&" in out
    assert r"\textbackslash{}backslash" in out
    assert "$x_1$" in out
    assert r"M{\\\"u}ller" in out or "M{\\\"u}ller" in out


# --- BibTeX styles -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plain", "unsrt", "alpha", "abbrv"])
def test_bibtex_styles_in_every_backend(name):
    """Each pybtex style renders every entry in all four formats, with its own labels."""
    lib = seed_library(5)
    for backend in BACKENDS:
        out = export(lib, backend, style=f"bibtex:{name}")
        assert out.count("arXiv:") >= 5, backend
    text = export(lib, "text", style=f"bibtex:{name}")
    labels = re.findall(r"^\[([^\]]+)\]", text, re.M)
    assert len(labels) == 5
    if name == "alpha":
        assert all(re.fullmatch(r"[A-Z][A-Za-z+]*\d\d", label) for label in labels)
    else:
        assert labels == ["1", "2", "3", "4", "5"]
    if name == "abbrv":
        assert "T.\u00a0Wu" in text
    if name == "unsrt":
        assert text.index("Thinking LLMs") < text.index("Improved")


def test_default_style_is_apa():
    """No --style means APA."""
    lib = seed_library(3)
    assert export(lib, "text") == export(lib, "text", style="apa")


# --- golden files ------------------------------------------------------------------------

GOLDEN_CASES = [
    (inp, style, backend)
    for inp in ("seed8", "variants")
    for style in ("apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "vancouver", "bibtex:plain", "bibtex:alpha")
    for backend in BACKENDS
] + [("seed8", f"template:{t}", b) for t, b in (("markdown", "markdown"), ("thebibliography", "latex"), ("publications", "html"))]


@pytest.mark.parametrize("inp,style,backend", GOLDEN_CASES)
def test_golden(inp, style, backend):
    """Output matches tests/golden/styles/{input}_{style}.{backend}; CITEKIT_UPDATE_GOLDEN=1 rewrites them."""
    lib = seed_library(8) if inp == "seed8" else variant_library()
    out = export(lib, backend, style=style)
    path = GOLDEN_STYLES / f"{inp}_{style.replace(':', '-')}.{EXTENSIONS[backend]}"
    if os.environ.get("CITEKIT_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
        if not os.environ.get("CITEKIT_UPDATE_GOLDEN"):
            pytest.fail(f"golden file {path.name} was missing and has been written; check it and re-run")
    assert out == path.read_text(encoding="utf-8")


def test_an_entry_a_style_cannot_print_is_reported_not_dropped_silently(tmp_path):
    """An entry whose fields the style never prints is missing from the list, and the run says which."""
    from citekit.model import Entry, Library, Name

    style = tmp_path / "titles.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>Titles only</title><id>titles</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><text variable="title"/></layout></bibliography></style>',
        encoding="utf-8",
    )
    lib = Library(entries=[Entry(title="Has a title"), Entry(author=[Name("Roe", "Jane")])])
    lib.entries[0].key, lib.entries[1].key = "titled", "untitled"
    out = export(lib, "text", style=str(style))
    assert out.strip() == "Has a title"
    assert any("nothing to print" in p.message and "untitled" in p.message for p in lib.problems)


def test_bibtex_style_labels_alike_entries_apart(tmp_path):
    """Entries that hold the same fields share one formatted text but keep their own labels, as bibtex gives them."""
    import citekit

    path = tmp_path / "alike.bib"
    path.write_text("".join("@misc{k%d, author = {Ada Lovelace}, title = {Notes}, year = 1843}\n" % i for i in range(4)))
    lib = citekit.read(str(path))
    plain = export(lib, "text", style="bibtex:plain")
    assert re.findall(r"^\[([^\]]+)\]", plain, re.M) == ["1", "2", "3", "4"]
    assert plain.count("Ada Lovelace. Notes. 1843.") == 4
    alpha = export(lib, "text", style="bibtex:alpha")
    assert re.findall(r"^\[([^\]]+)\]", alpha, re.M) == ["Lov43a", "Lov43b", "Lov43c", "Lov43d"]


def test_bibtex_style_leaves_out_what_it_cannot_format_and_numbers_the_rest(tmp_path):
    """plain.bst needs an author in an article: such entries are named as left out, the others numbered 1..n."""
    import citekit

    path = tmp_path / "mixed.bib"
    path.write_text("@article{bad1, title = {No Author}, journal = {J}, year = 2001}\n"
                    "@misc{good1, author = {Ada Lovelace}, title = {Notes}, year = 1843}\n"
                    "@article{bad2, title = {Also None}, journal = {J}, year = 2002}\n"
                    "@misc{good2, author = {Charles Babbage}, title = {Engines}, year = 1864}\n")
    left_out: list = []
    rendered = render_entries(citekit.read(str(path)).entries, resolve_style("bibtex:plain"), left_out)
    assert [r.label for r in rendered] == ["[1]", "[2]"]
    assert sorted(r.entry.key for r in rendered) == ["good1", "good2"]
    assert [e.key for e, _ in left_out] == ["bad1", "bad2"]
    assert all("author" in why and "'bad" in why for _, why in left_out)
