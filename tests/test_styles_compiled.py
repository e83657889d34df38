"""The compiled CSL engine gives exactly the citeproc-py walk's output (text and HTML), or falls back to it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from citekit.errors import UsageError
from citekit.model import Entry, Library, Name, PartialDate
from citekit.render.csl import CslStyle
from citekit.render.engine import WRAPPERS, csl_style, render_entries
from citekit.styles import resolve_style
from test_styles_fixtures import seed_library, variant_library

STYLES = ["apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "vancouver", "nature",
          "modern-language-association"]
CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus.py"


def _corpus_library(n: int) -> Library:
    """``n`` generated arXiv-like entries (benchmarks/corpus.py), plus the seed and variant fixtures."""
    spec = importlib.util.spec_from_file_location("citekit_bench_corpus", CORPUS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries = module.library(n).entries + seed_library().entries + variant_library().entries
    # Shapes the corpus lacks: pages, volume/issue, a chapter, a book, a report, an untitled entry.
    extra = [
        Entry(type="chapter", title="A chapter in a book", author=[Name("Rossi", "Giulia")],
              container_title="Collected works", publisher="Springer", page="101-119", issued=PartialDate(2018, 3)),
        Entry(type="book", title="No author here", publisher="MIT Press", issued=PartialDate(2001)),
        Entry(type="report", title="Technical report", author=[Name(literal="CERN Collaboration")],
              publisher="CERN", number="TR-12", issued=PartialDate(1999, 11, 2)),
        Entry(type="article-journal", title="Pages and issues", author=[Name("van der Berg", "Pieter")],
              container_title="Physical Review D", volume="12", issue="3", page="1234-1250",
              issued=PartialDate(2010, 7)),
        Entry(type="article", title=None, author=[Name("Smith", "Jane")], issued=PartialDate(2023)),
    ]
    for index, entry in enumerate(extra):
        entry.key = f"extra{index}"
    return Library(entries=entries + extra)


@pytest.fixture(scope="module")
def corpus() -> Library:
    """300 generated entries and the fixtures, shared by the equality tests."""
    return _corpus_library(300)


@pytest.mark.parametrize("style", STYLES)
def test_compiled_equals_citeproc(style, corpus):
    """Every entry renders to the same text and the same HTML through both engines, and the style did compile."""
    resolved = resolve_style(style)
    assert csl_style(resolved.source).compiled() is not None, f"{style} fell back to the interpreter"
    walked = render_entries(corpus.entries, resolved, engine="citeproc")
    compiled = render_entries(corpus.entries, resolved, engine="compiled")
    assert [r.entry.key for r in compiled] == [r.entry.key for r in walked]
    for a, b in zip(walked, compiled):
        assert (a.label, a.body) == (b.label, b.body), a.entry.key
    for backend in ("text", "html"):
        assert WRAPPERS[backend](compiled, resolved) == WRAPPERS[backend](walked, resolved)


#: CSL-JSON items with what Entry cannot hold: editors, translators, date ranges, literal dates, languages, nocase.
RAW_ITEMS = [
    {"id": "ed", "type": "book", "title": "edited volume on graphs", "editor": [{"family": "Petrov", "given": "Ivan"},
     {"family": "Kim", "given": "Ji-woo"}], "publisher": "MIT Press", "issued": {"date-parts": [[2001, 4]]}},
    {"id": "edtr", "type": "book", "title": "translated and edited", "editor": [{"family": "Dubois", "given": "Chloé"}],
     "translator": [{"family": "Dubois", "given": "Chloé"}], "issued": {"date-parts": [[1990], [1992]]}},
    {"id": "ch", "type": "chapter", "title": "a chapter: with a colon", "author": [{"family": "Rossi", "given": "Giulia"}],
     "editor": [{"family": "Novák", "given": "Jan"}], "container-title": "collected works", "page": "101–119",
     "issued": {"date-parts": [[2018, 3, 5], [2018, 4, 1]]}, "edition": "2", "volume": "3"},
    {"id": "lit", "type": "report", "title": "Circa report", "author": [{"literal": "CERN Collaboration"}],
     "issued": {"literal": "Spring 1999"}, "number": "TR-12", "publisher": "CERN"},
    {"id": "de", "type": "article-journal", "title": "über die graphen und netze", "language": "de-DE",
     "author": [{"family": "Müller", "given": "Jürgen", "non-dropping-particle": "von"}],
     "container-title": "zeitschrift für physik", "volume": "12", "issue": "3-4", "page": "12-19",
     "issued": {"date-parts": [[1921, 1]], "circa": 1}},
    {"id": "nc", "type": "article-journal", "title": 'learning on <span class="nocase">iPhone</span> graphs',
     "author": [{"family": "Li", "given": "Wei", "suffix": "Jr."}, {"family": "Wang", "given": "Lei"}],
     "container-title": "Nature", "page": "e1001", "issued": {"date-parts": [[2020, 2, 29]]}, "DOI": "10.1/x"},
    {"id": "th", "type": "thesis", "title": "A thesis", "author": [{"family": "Tanaka", "given": "Hiroshi"}],
     "publisher": "University of Tokyo", "genre": "PhD thesis", "issued": {"date-parts": [[2015]]}},
    {"id": "web", "type": "webpage", "title": "A web page", "URL": "https://example.org/page",
     "accessed": {"date-parts": [[2024, 5, 17]]}},
]


@pytest.mark.parametrize("style", STYLES)
def test_compiled_equals_citeproc_on_rarer_items(style):
    """Editors, translators, date ranges, literal dates, another language and nocase spans render alike in both engines."""
    compiled_style = csl_style(resolve_style(style).source)
    assert compiled_style.bibliography(RAW_ITEMS, engine="compiled") == compiled_style.bibliography(RAW_ITEMS, engine="citeproc")


def test_unsupported_style_falls_back_with_same_output(tmp_path):
    """A construct the compiler does not reproduce (an unknown text-case) keeps the interpreter: no compiled form, same text."""
    source = Path(resolve_style("ieee").source).read_text(encoding="utf-8")
    odd = source.replace('<text variable="title"', '<text text-case="small-title" variable="title"', 1)
    assert odd != source
    path = tmp_path / "odd.csl"
    path.write_text(odd, encoding="utf-8")
    style = CslStyle(str(path))
    assert style.compiled() is None
    items = [{"id": "a", "type": "article", "title": "a title", "author": [{"family": "Doe", "given": "Jane"}]}]
    assert style.bibliography(items, engine="compiled") == style.bibliography(items, engine="citeproc")


def test_engine_switch_from_environment(monkeypatch):
    """CITEKIT_CSL_ENGINE picks the engine when no argument does; an unknown engine is a usage error."""
    style = csl_style(resolve_style("apa").source)
    items = [{"id": "a", "type": "article", "title": "Switch", "author": [{"family": "Doe", "given": "Jane"}],
              "issued": {"date-parts": [[2020]]}}]
    monkeypatch.setenv("CITEKIT_CSL_ENGINE", "citeproc")
    walked = style.bibliography(items)
    monkeypatch.setenv("CITEKIT_CSL_ENGINE", "compiled")
    assert style.bibliography(items) == walked
    monkeypatch.setenv("CITEKIT_CSL_ENGINE", "fast")
    with pytest.raises(UsageError):
        style.bibliography(items)


def test_compiled_style_is_reused():
    """A style compiles once: the same compiled object answers every later call."""
    style = csl_style(resolve_style("vancouver").source)
    assert style.compiled() is style.compiled()


#: Every CSL 1.0.2 item type, so that each type's folded tests are compared with the walk.
CSL_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "dataset", "entry", "entry-dictionary", "entry-encyclopedia", "figure", "graphic", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "personal_communication", "post", "post-weblog", "report", "review", "review-book", "song", "speech", "thesis",
    "treaty", "webpage", "software", "standard",
]


def _items_of_every_type() -> list[dict]:
    """For each CSL type: a full item, a sparse one, and the rarer shapes of RAW_ITEMS retyped."""
    full = {"title": "a study of graphs", "author": [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Max"}],
            "editor": [{"family": "Kim", "given": "Ji-woo"}], "container-title": "Journal of graphs",
            "collection-title": "Lecture notes", "publisher": "Springer", "publisher-place": "Berlin", "volume": "12",
            "issue": "3", "page": "10-19", "number": "7", "edition": "2", "genre": "Working paper",
            "DOI": "10.1/abc", "URL": "https://example.org/x", "issued": {"date-parts": [[2019, 6, 2]]},
            "accessed": {"date-parts": [[2024, 1, 5]]}}
    sparse = {"title": "untitled notes", "issued": {"date-parts": [[2019]]}}
    items = []
    for kind in CSL_TYPES:
        items.append({**full, "id": f"full-{kind}", "type": kind})
        items.append({**sparse, "id": f"sparse-{kind}", "type": kind})
        items.extend({**raw, "id": f"{raw['id']}-{kind}", "type": kind} for raw in RAW_ITEMS)
    return items


@pytest.mark.parametrize("style", STYLES)
def test_compiled_per_type_equals_citeproc(style, monkeypatch):
    """Closures compiled for one entry type (its type tests folded) render every type as the walk does."""
    from citekit.render import compile as compiled_module

    monkeypatch.setattr(compiled_module, "_SPECIALIZE_FROM", 1)
    items = _items_of_every_type()
    fresh = CslStyle(resolve_style(style).source)
    assert fresh.bibliography(items, engine="compiled") == fresh.bibliography(items, engine="citeproc")
    assert set(fresh.compiled()._by_type) == set(CSL_TYPES), "every type met got closures of its own"


@pytest.mark.parametrize("style", STYLES)
def test_compiled_few_of_a_type_equals_citeproc(style):
    """Below the threshold a type renders with the closures for every type, the same text."""
    items = _items_of_every_type()
    fresh = CslStyle(resolve_style(style).source)
    assert fresh.bibliography(items, engine="compiled") == fresh.bibliography(items, engine="citeproc")
    assert not fresh.compiled()._by_type, "no type has enough entries for closures of its own"
