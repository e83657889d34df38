"""Every CSL style of the collection renders an entry: independent, dependent (through its parent) and note styles."""

from __future__ import annotations

import warnings

import pytest

from citekit.model import Entry, Library, Name, PartialDate
from citekit.render.cslproc.style import dependent_parent
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


def _csl_names() -> list[str]:
    """Every CSL style name of the registry, dependents next to their parent (so each parent is compiled once)."""
    names = [n for n in STYLES if resolve_style(n).kind == "csl"]

    def parent_key(name: str) -> tuple[str, str]:
        parent, locale = dependent_parent(resolve_style(name).source)
        return (parent or resolve_style(name).source, locale or "")

    return sorted(names, key=parent_key)


def test_dependent_style_renders_as_its_parent_in_its_own_locale():
    """nature-communications renders as nature does; a dependent with its own locale keeps it."""
    lib = _sample()
    assert render_library(lib, "nature-communications", "text") == render_library(lib, "nature", "text")
    assert "Müller" in render_library(lib, "physical-review-letters", "text")
    parent, locale = dependent_parent(resolve_style("physical-review-letters").source)
    assert parent.endswith("american-physics-society.csl")


def test_every_style_of_the_collection_renders_an_entry():
    """One entry in each of the ~10,800 styles: no error, and the author or title in the output."""
    lib = _sample()
    names = _csl_names()
    assert len(names) > 10_000
    failures = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            try:
                out = render_library(lib, name, "text")
            except Exception as exc:  # every style is counted, whatever goes wrong in one
                failures[name] = f"{type(exc).__name__}: {exc}"
                continue
            if not any(word in out for word in ("Müller", "MÜLLER", "Study", "STUDY", "study")):
                failures[name] = f"neither author nor title in {out[:120]!r}"
    assert not failures, f"{len(failures)} of {len(names)} styles fail: " + "; ".join(f"{k}: {v}" for k, v in list(failures.items())[:20])
