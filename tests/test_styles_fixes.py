"""Renderings citeproc-py got wrong (citekit once built on it), each right in citekit's own CSL processor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citekit.render.cslproc.names import initialize
from citekit.render.cslproc.style import load_style
from citekit.render.engine import csl_bibliography
from citekit.render.rich import to_text
from citekit.styles import resolve_style
from conftest import require_tool


def _ours(style: str, items: list[dict]) -> list[str]:
    """Plain-text entries through citekit's CSL processor, in bibliography order."""
    path = style if style.endswith(".csl") else resolve_style(style).source
    return [to_text(text) for _, text in csl_bibliography(load_style(path), items)]


def _article(key: str, authors: list[tuple[str, str]], year: int | None, title: str, **extra) -> dict:
    """A CSL-JSON journal article."""
    item = {"id": key, "type": "article-journal", "title": title, "container-title": "J",
            "author": [{"family": family, "given": given} for family, given in authors]}
    if year:
        item["issued"] = {"date-parts": [[year]]}
    item.update(extra)
    return item


# --- 1. initials ----------------------------------------------------------------------------

NAMES_ITEM = {
    "id": "names", "type": "article-journal", "title": "Graph things", "container-title": "Nature", "volume": "5",
    "page": "1-10", "issued": {"date-parts": [[2021, 11, 25]]},
    "author": [{"family": "Kim", "given": "Ji-woo"}, {"family": "Dupont", "given": "Jean-Pierre"},
               {"family": "Zitnick", "given": "C. Lawrence"}, {"family": "Tolkien", "given": "J. R."},
               {"family": "Smith", "given": "JR"}, {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}],
}


def test_hyphenated_given_names_are_initialized_per_part():
    """citeproc-py turned "Ji-woo" into "J.-. woo ."; as citeproc-js: "Jean-Pierre" gives "J.-P." (APA, IEEE) and "JP"
    (Vancouver), while a lowercase part after the hyphen ("Ji-woo") and a capitalised "JR" give one initial."""
    apa = _ours("apa", [NAMES_ITEM])[0]
    assert apa.startswith("Kim, J., Dupont, J.-P., Zitnick, C. L., Tolkien, J. R., Smith, J., & van Beethoven, L. (2021)")
    ieee = _ours("ieee", [NAMES_ITEM])[0]
    assert ieee.startswith("[1] J. Kim, J.-P. Dupont, C. L. Zitnick, J. R. Tolkien, J. Smith, and L. van Beethoven,")
    vancouver = _ours("vancouver", [NAMES_ITEM])[0]
    assert vancouver.startswith("1. Kim J, Dupont JP, Zitnick CL, Tolkien JR, Smith J, van Beethoven L.")
    # Chicago does not initialize: names stay whole, initials present get their periods.
    chicago = _ours("chicago-author-date", [NAMES_ITEM])[0]
    assert chicago.startswith("Kim, Ji-woo, Jean-Pierre Dupont, C. Lawrence Zitnick, J. R. Tolkien, JR Smith, and Ludwig van Beethoven.")


@pytest.mark.parametrize("given,mark,hyphen,initialize_on,expected", [
    ("Ji-woo", ". ", True, True, "J."),
    ("Ji-Woo", ". ", True, True, "J.-W."),
    ("Ji-Woo", ".", False, True, "J.W."),
    ("Ji-Woo", "", False, True, "JW"),
    ("Jean-Pierre", ". ", True, True, "J.-P."),
    ("C. Lawrence", ". ", True, True, "C. L."),
    ("J. R.", ". ", True, True, "J. R."),
    ("J.R.", "", True, True, "JR"),
    ("JR", ". ", True, True, "J."),
    ("A.T.", ". ", True, False, "A. T."),
    ("James T", ". ", True, False, "James T."),
    ("Ph. M.E.", ".", True, True, "Ph.M.E."),
    ("John R L de Bortoli", ". ", True, True, "J. R. L. de B."),
    ("Élodie", ". ", True, True, "É."),
])
def test_initialize_given(given, mark, hyphen, initialize_on, expected):
    """initialize-with, initialize-with-hyphen and initialize=false on names of every shape."""
    assert initialize(given, mark, hyphen, only_existing=not initialize_on) == expected


STYLE_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{attrs}>\n<info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n'


def _style(tmp_path, name: str, layout: str, attrs: str = "") -> str:
    """A minimal CSL style file whose bibliography layout is ``layout``."""
    path = tmp_path / f"{name}.csl"
    path.write_text(STYLE_HEAD.format(attrs=attrs) + "<citation><layout><text variable=\"title\"/></layout></citation>\n"
                    f"<bibliography><layout>{layout}</layout></bibliography>\n</style>\n", encoding="utf-8")
    return str(path)


def test_initialize_with_hyphen_false(tmp_path):
    """initialize-with-hyphen="false" drops the hyphen: "J.W.", where citeproc-py wrote "J.W. woo ."."""
    style = _style(tmp_path, "nohyphen", '<names variable="author"><name initialize-with="." name-as-sort-order="all"/></names>',
                   ' initialize-with-hyphen="false"')
    item = _article("a", [("Kim", "Ji-Woo")], 2020, "t")
    assert _ours(style, [item]) == ["Kim, J.W."]


# --- 2. localized date delimiters -------------------------------------------------------------


def test_nlm_dates_use_the_locale_delimiter():
    """Vancouver (NLM) prints "2021 Nov 25"; citeproc-py ignored the style locale's delimiter: "2021Nov25"."""
    assert "Nature. 2021 Nov 25;5:" in _ours("vancouver", [NAMES_ITEM])[0]


# --- 3. date settings do not leak -------------------------------------------------------------

ACCESSED = {"id": "web", "type": "webpage", "title": "Page", "issued": {"date-parts": [[2020, 3, 9]]},
            "accessed": {"date-parts": [[2024, 5, 17]]}}


def test_date_part_overrides_do_not_leak(tmp_path):
    """A style's override of a localized date part applies to that date only: not to its next date, not to another style."""
    numeric_month = '<date variable="issued" form="text"><date-part name="month" form="numeric" suffix="/"/></date>'
    plain_date = '<date variable="accessed" form="text"/>'
    style_a = _style(tmp_path, "a", f'<group delimiter=" | ">{numeric_month}{plain_date}</group>')
    style_b = _style(tmp_path, "b", plain_date)
    # citeproc-py copies the override into the locale: the accessed date turns numeric too.
    fresh_b = _ours(style_b, [ACCESSED])
    assert fresh_b == ["May 17, 2024"]
    fresh_a = _ours(style_a, [ACCESSED])
    assert fresh_a == ["3/9, 2020 | May 17, 2024"]
    assert _ours(style_b, [ACCESSED]) == fresh_b
    assert _ours(style_a, [ACCESSED]) == fresh_a


# --- 4. year suffixes -------------------------------------------------------------------------

SUFFIX_ITEMS = [
    _article("a1", [("Smith", "John")], 2024, "Zeta paper"),
    _article("a2", [("Smith", "John")], 2024, "Alpha paper"),
    _article("a3", [("Smith", "John")], 2023, "Other year"),
    _article("b1", [("Kim", "Ji"), ("Lee", "A"), ("Park", "B")], 2024, "Kim one"),
    _article("b2", [("Kim", "Ji"), ("Cho", "C"), ("Park", "B")], 2024, "Kim two"),
    _article("c1", [("Wu", "Tianhao"), ("Lan", "Janice")], 2024, "Wu one"),
    _article("c2", [("Wu", "Tianhao"), ("Lan", "Bob")], 2024, "Wu two"),
    _article("d1", [("Roe", "Anna")], 2024, "Roe A"),
    _article("d2", [("Roe", "Bert")], 2024, "Roe B"),
    _article("e1", [("Doe", "Jane")], None, "Undated one"),
    _article("e2", [("Doe", "Jane")], None, "Undated two"),
    _article("f1", [("Ng", "Al"), ("Oh", "Bo"), ("Po", "Cy")], 2024, "Ng three"),
    _article("f2", [("Ng", "Al"), ("Oh", "Bo"), ("Po", "Cy"), ("Qi", "Di")], 2024, "Ng four"),
    _article("h1", [("Smith", "John")], 2024, "Alpha paper", issued={"date-parts": [[2024, 3]]}),
]


def test_apa_year_suffixes():
    """Same names and year: 2024a, 2024b, ... in bibliography order; names or initials that tell them apart: no suffix."""
    texts = _ours("apa", SUFFIX_ITEMS)
    assert [t for t in texts if t.startswith("Smith, J. (2024")] == [
        "Smith, J. (2024a). Alpha paper. J.", "Smith, J. (2024b). Alpha paper. J.", "Smith, J. (2024c). Zeta paper. J."]
    assert "Smith, J. (2023). Other year. J." in texts
    # APA adds given names for the first author only: Lan's initials cannot separate these two.
    assert "Wu, T., & Lan, B. (2024a). Wu two. J." in texts and "Wu, T., & Lan, J. (2024b). Wu one. J." in texts
    assert "Doe, J. (n.d.-a). Undated one. J." in texts
    for told_apart in ("Kim", "Ng", "Roe"):
        assert all("(2024)" in t for t in texts if t.startswith(told_apart)), told_apart


def test_harvard_adds_given_names_of_every_author():
    """Harvard's rule (by-cite) can show every given name, so the two Wu & Lan papers need no suffix."""
    texts = _ours("harvard-cite-them-right", SUFFIX_ITEMS)
    assert [t for t in texts if t.startswith("Wu")] == ["Wu, T. and Lan, B. (2024) “Wu two,” J [Preprint].",
                                                        "Wu, T. and Lan, J. (2024) “Wu one,” J [Preprint]."]
    assert any(t.startswith("Smith, J. (2024c)") for t in texts)


def test_no_suffix_in_styles_without_year_suffix():
    """IEEE does not disambiguate by year suffix: nothing is added."""
    assert not any("2024a" in t for t in _ours("ieee", SUFFIX_ITEMS))


# --- 5. editor who is also the translator ----------------------------------------------------

EDITED = [
    {"id": "edtr", "type": "book", "title": "translated and edited", "editor": [{"family": "Dubois", "given": "Chloé"}],
     "translator": [{"family": "Dubois", "given": "Chloé"}], "publisher": "Gallimard", "issued": {"date-parts": [[1990]]}},
    {"id": "ed2", "type": "book", "title": "just edited", "editor": [{"family": "Dubois", "given": "Chloé"}, {"family": "Roy", "given": "Ana"}],
     "translator": [{"family": "Marc", "given": "Paul"}], "publisher": "Gallimard", "issued": {"date-parts": [[1991]]}},
    {"id": "au", "type": "book", "title": "authored and translated", "author": [{"family": "Zola", "given": "Émile"}],
     "editor": [{"family": "Dubois", "given": "Chloé"}], "translator": [{"family": "Dubois", "given": "Chloé"}],
     "publisher": "Gallimard", "issued": {"date-parts": [[1992]]}},
]


def test_chicago_editor_translator_without_author():
    """citeproc-py ran every alternative of Chicago's substitute together ("C. DuboisC. Dubois"); the first that renders stands in."""
    texts = _ours("chicago-author-date", EDITED)
    assert texts == [
        "Dubois, Chloé, ed. 1990. Translated and Edited. Translated by Chloé Dubois. Gallimard.",  # citeproc-js's
        "Dubois, Chloé, and Ana Roy, eds. 1991. Just Edited. Translated by Paul Marc. Gallimard.",
        "Zola, Émile. 1992. Authored and Translated. Edited and translated by Chloé Dubois. Gallimard.",
    ]


def test_substituted_editors_are_not_repeated():
    """CSL suppresses a substituted variable in the rest of the entry: APA names the editors once, as authors."""
    assert _ours("apa", EDITED) == [
        "Dubois, C. (Ed.). (1990). translated and edited (C. Dubois, Trans.). Gallimard.",  # citeproc-js's
        "Dubois, C., & Roy, A. (Eds.). (1991). just edited (P. Marc, Trans.). Gallimard.",
        "Zola, É. (1992). authored and translated (C. Dubois, Ed. & Trans.). Gallimard.",
    ]


# --- 6. subsequent-author-substitute ---------------------------------------------------------

MLA_ITEMS = [
    {"id": f"m{n}", "type": "book", "title": title, "author": authors, "publisher": "P", "issued": {"date-parts": [[year]]}}
    for n, (title, authors, year) in enumerate([
        ("First book", [{"family": "Zola", "given": "Émile"}], 1880),
        ("Second book", [{"family": "Zola", "given": "Émile"}], 1881),
        ("Third book", [{"family": "Zola", "given": "Émile"}, {"family": "Hugo", "given": "Victor"}], 1882),
        ("Fourth book", [{"family": "Zola", "given": "Émile"}, {"family": "Hugo", "given": "Victor"}], 1883),
        ("Other book", [{"family": "Hugo", "given": "Victor"}], 1884),
    ])
]


def test_mla_subsequent_author_substitute():
    """MLA replaces a name list equal to the previous entry's with "———"; citeproc-py repeated the names."""
    assert _ours("modern-language-association", MLA_ITEMS) == [
        "Hugo, Victor. Other Book. P, 1884.",
        "Zola, Émile. First Book. P, 1880.",
        "———. Second Book. P, 1881.",
        "Zola, Émile, and Victor Hugo. Fourth Book. P, 1883.",
        "———. Third Book. P, 1882.",
    ]


# --- the same as pandoc -----------------------------------------------------------------------


def _pandoc(pandoc: str, style: str, items: list[dict], tmp_path) -> list[str]:
    """pandoc --citeproc's plain-text entries for ``items`` in ``style``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from pandoc2_style import pushed_down_style, uses_implicit_names

    source = resolve_style(style).source
    csl = tmp_path / "style.csl"
    csl.write_bytes(pushed_down_style(source) if uses_implicit_names(source) else open(source, "rb").read())
    data = tmp_path / "items.json"
    data.write_text(json.dumps(items), encoding="utf-8")
    result = subprocess.run([pandoc, "--citeproc", "--csl", str(csl), "--bibliography", str(data), "-t", "plain", "--wrap=none"],
                            input="---\nnocite: '@*'\n---\n", capture_output=True, text=True, check=True, timeout=120)
    return [" ".join(p.split()) for p in result.stdout.split("\n\n") if p.strip()]


@pytest.mark.integration
@pytest.mark.parametrize("style,items", [
    ("apa", SUFFIX_ITEMS), ("chicago-author-date", SUFFIX_ITEMS), ("harvard-cite-them-right", SUFFIX_ITEMS),
    ("modern-language-association", MLA_ITEMS),
])
def test_same_as_pandoc(style, items, tmp_path):
    """Year suffixes and subsequent-author-substitute come out exactly as pandoc's citeproc prints them."""
    pandoc = require_tool("pandoc")
    assert _ours(style, items) == _pandoc(pandoc, style, items, tmp_path)


# --- page ranges ------------------------------------------------------------------------------


def test_minimal_page_range_keeps_a_longer_last_page():
    """NLM's minimal ranges: citeproc-py cut "1-10" to "1–0"; only repeated digits go: "1–10", "95–105", "321–8"."""
    items = [_article(f"p{n}", [("Ames", "Bo")], 2000 + n, f"T{n}", page=page)
             for n, page in enumerate(["1-10", "95-105", "321-328"])]
    texts = _ours("vancouver", items)
    assert [t.rsplit(";", 1)[1] for t in texts] == ["1–10.", "95–105.", "321–8."]
