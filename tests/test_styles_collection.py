"""Every CSL style of the collection renders an entry and a citation: independent, dependent (through its parent) and note styles."""

from __future__ import annotations

import re
import warnings

import pytest

from citekit.model import Entry, Library, Name, PartialDate
from citekit.render.cslproc.processor import Processor
from citekit.render.cslproc.style import dependent_parent, load_style
from citekit.render.engine import render_library
from citekit.styles import STYLES, resolve_style


def _sample() -> Library:
    """One journal article with an accented author, a date, pages and a DOI."""
    entry = Entry(
        type="article-journal",
        title="A Study of Things",
        author=[Name("Müller", "Anna"), Name("Smith", "John")],
        issued=PartialDate(2021, 5, 3),
        container_title="Journal of Tests",
        volume="12",
        issue="3",
        page="1-10",
        DOI="10.1000/xyz",
    )
    entry.key = "muller2021study"
    return Library(entries=[entry])


#: The same work as CSL-JSON, for citations.
_ITEM = {"id": "muller2021study", "type": "article-journal", "title": "A Study of Things",
         "author": [{"family": "Müller", "given": "Anna"}, {"family": "Smith", "given": "John"}],
         "issued": {"date-parts": [[2021, 5, 3]]}, "container-title": "Journal of Tests", "volume": "12",
         "issue": "3", "page": "1-10", "DOI": "10.1000/xyz", "archive_location": "A1, 1234"}
_WORDS = ("Müller", "MÜLLER", "Study", "STUDY", "study")
#: What a citation may show of the item: author, title, year, a trigraph label ("MüSm21") or the
#: archive location (the National Archives of Australia cite that alone).
_CITE_WORDS = (*_WORDS, "2021", "Mü", "1234")


def _literal_words(style) -> set[str]:
    """The words of the style's own cs:text values (a style may cite every item by a fixed text)."""
    words: set[str] = set()

    def walk(node) -> None:
        if node.tag == "text" and node.get("value"):
            words.update(re.findall(r"\w+", node.get("value")))
        for child in node.children:
            walk(child)
    for root in (style.citation, *style.macros.values()):
        walk(root)
    return words


def _cites(style) -> str:
    """The style's citation of the sample with a locator (page 5), as text."""
    proc = Processor(style, [dict(_ITEM)], "text")
    return proc.cite_clusters([{"citationItems": [{"id": _ITEM["id"], "locator": "5"}], "properties": {"noteIndex": 1}}])[0]


def _rendered_as(name: str) -> tuple[str, str]:
    """What a style renders as: its own file, or a dependent's independent parent, and the locale it asks for."""
    source = resolve_style(name).source
    parent, locale = dependent_parent(source)
    return (parent or source, locale or "")


def _csl_names() -> list[str]:
    """Every CSL style name of the registry, dependents next to their parent (so each parent is compiled once)."""
    return sorted((n for n in STYLES if resolve_style(n).kind == "csl"), key=_rendered_as)


def test_dependent_style_renders_as_its_parent_in_its_own_locale():
    """nature-communications renders as nature does; a dependent with its own locale keeps it."""
    lib = _sample()
    assert render_library(lib, "nature-communications", "text") == render_library(lib, "nature", "text")
    assert "Müller" in render_library(lib, "physical-review-letters", "text")
    parent, locale = dependent_parent(resolve_style("physical-review-letters").source)
    assert parent.endswith("american-physics-society.csl")


def test_every_style_of_the_collection_renders_an_entry_and_a_citation():
    """One entry and one citation in each of the ~10,800 styles: no error, and the author or title in the entry;
    the citation (every style with a cs:citation) shows the author, title or year, or is the number 1.

    Both in one pass, so each style is parsed once (the parsed style is cached per process). A dependent
    style renders as its parent in its own locale (the test above holds that), so the dependents that share
    a parent and a locale share one verdict: 10,845 styles come to about 3,200 renderings.
    """
    lib = _sample()
    names = _csl_names()
    assert len(names) > 10_000
    failures = {}
    cited = 0
    verdicts: dict[tuple[str, str], tuple[str | None, bool]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            rendered_as = _rendered_as(name)
            if rendered_as not in verdicts:
                verdicts[rendered_as] = _verdict(lib, name)
            failure, has_citation = verdicts[rendered_as]
            if failure:
                failures[name] = failure
            elif has_citation:
                cited += 1
    assert not failures, f"{len(failures)} of {len(names)} styles fail: " + "; ".join(f"{k}: {v}" for k, v in list(failures.items())[:20])
    assert cited > 10_000


def _verdict(lib: Library, name: str) -> tuple[str | None, bool]:
    """Render the sample's entry and its citation in one style: (what went wrong or None, whether it has a citation layout)."""
    try:
        out = render_library(lib, name, "text")
    except Exception as exc:  # every style is counted, whatever goes wrong in one
        return f"{type(exc).__name__}: {exc}", False
    if not any(word in out for word in _WORDS):
        return f"neither author nor title in {out[:120]!r}", False
    style = load_style(resolve_style(name).source)  # the one render_library parsed
    if style.citation is None:
        return None, False
    try:
        cite = _cites(style)
    except Exception as exc:
        return f"citation: {type(exc).__name__}: {exc}", True
    # A numeric style cites the one item as 1 (with the locator's 5 in some: "[1, p. 5]").
    if any(word in cite for word in _CITE_WORDS) or re.sub(r"\D", "", cite) in ("1", "15"):
        return None, True
    if cite.strip() and set(re.findall(r"\w+", cite)) <= _literal_words(style):
        return None, True  # the style's own fixed text ("non disponible" in vita-latina-auteurs-anciens)
    return f"citation shows neither author, title, year, label nor number: {cite[:120]!r}", True
