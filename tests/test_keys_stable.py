"""Stable keys: a second build (after enriching) keeps every key the first build wrote."""

from __future__ import annotations

import citekit
from citekit.exporters import WRITERS, ExportOptions
from citekit.keys import assign_keys, reuse_keys
from citekit.merge import merge
from citekit.model import Entry, Library, Name, PartialDate, Provenance, is_citable
from citekit.sources.bibtex import READER

from conftest import SEEDS


def _build() -> Library:
    return merge(citekit.read(str(SEEDS)))


def _enrich_like(library: Library) -> None:
    """What enriching does to keys' inputs: authors and a year appear where there were none."""
    prov = Provenance("arxiv-api", "http://127.0.0.1/api")
    for n, entry in enumerate(library.entries):
        if not entry.author:
            entry.set("author", [Name(f"Author{chr(97 + n % 26)}", "A")], prov)
        if not (entry.issued and entry.issued.year):
            entry.set("issued", PartialDate(2024, 10), prov)


def test_enriching_after_a_first_build_keeps_every_key_it_wrote() -> None:
    """read seeds -> keys -> .bib; then enrich-like changes, reuse_keys against that .bib: every written key kept."""
    first = _build()
    assign_keys(first)
    bib = WRITERS.get("bibtex").write(first, ExportOptions())
    # An entry that is only an abstract is no citation (it becomes a comment block): no key to keep.
    citable = {e.key for e in first.entries if is_citable(e)}
    written = {e.key for e in READER.read(bib, "refs.bib").entries} & citable
    assert len(written) > 100
    paper_of = {e.key: e.sources[0] for e in first.entries}

    without = _build()
    _enrich_like(without)
    assign_keys(without)
    assert {e.key for e in without.entries} & written != written  # enriching alone does change keys

    second = _build()
    _enrich_like(second)
    reused = reuse_keys(second, bib, "refs.bib")
    assign_keys(second)
    assert reused == len(written)
    keys = {e.key: e for e in second.entries}
    for key in written:
        assert key in keys, key
        assert paper_of[key] in keys[key].sources, key  # the same paper holds it
    assert len(keys) == len(second.entries)


def _e(key=None, title=None, family=None, year=None, arxiv=None, doi=None, source="hf-daily") -> Entry:
    entry = Entry(key=key, title=title, arxiv_id=arxiv, DOI=doi,
                  author=[Name(family, "X")] if family else [], issued=PartialDate(year) if year else None)
    entry.add_source(Provenance(source, "in.txt", 1))
    return entry


OLD = """
@misc{wuthinking, title = {Thinking LLMs}, eprint = {2410.10630}, archivePrefix = {arXiv}}
@article{smith2020deep, title = {Deep Nets}, author = {Smith, J}, year = {2020}, doi = {10.1/deep}}
@misc{calendar, title = {Calendar}, author = {Beeton, B}, year = {1981}}
@misc{intro1, title = {Introduction}}
@misc{intro2, title = {Introduction}}
"""


def test_matches_by_arxiv_id_then_doi_then_title() -> None:
    """Each identifier finds its old key; enriched authors and years do not get in the way."""
    lib = Library([
        _e(title="Thinking LLMs: General Instruction Following", family="Wu", year=2024, arxiv="2410.10630v2"),
        _e(title="Deep nets", family="Smith", year=2020, doi="10.1/DEEP"),
        _e(title="Calendar", family="Beeton", year=1981),
    ])
    assert reuse_keys(lib, OLD, "refs.bib") == 3
    assert [e.key for e in lib.entries] == ["wuthinking", "smith2020deep", "calendar"]


def test_no_reuse_across_a_contradiction_or_an_ambiguity() -> None:
    """Another author or year behind the same title, or a title two old entries share: a new key instead."""
    lib = Library([
        _e(title="Calendar", family="Beeton", year=1982),
        _e(title="Introduction"),
        _e(title="Thinking about something else", arxiv="2410.10630"),
    ])
    assert reuse_keys(lib, OLD, "refs.bib") == 0
    assert all(e.key is None for e in lib.entries)


def test_input_keys_win_and_an_old_key_serves_one_entry() -> None:
    """A key read from the input is never replaced, and two entries never get one old key."""
    lib = Library([
        _e(key="mine", title="Deep Nets", doi="10.1/deep", source="bibtex"),
        _e(title="Calendar", family="Beeton", year=1981),
        _e(title="Calendar", family="Beeton", year=1981),
    ])
    assert reuse_keys(lib, OLD, "refs.bib") == 1
    assign_keys(lib)
    assert [e.key for e in lib.entries] == ["mine", "calendar", "beeton1981calendar"]


def test_key_reuse_reads_the_same_identities_as_a_full_read():
    """read_identities (what key reuse reads of an old output) names every keyed paper as the full reader does."""
    from pathlib import Path

    from citekit.merge import first_family, paper_ids, stated_year
    from citekit.sources.bibtex import READER

    fixtures = Path(__file__).resolve().parent / "fixtures"
    for path in sorted(fixtures.rglob("*.bib")):
        text = path.read_text(encoding="utf-8")
        full = [e for e in READER.read(text, path.name).entries if e.key]
        slim = READER.read_identities(text, path.name)
        assert [e.key for e in slim] == [e.key for e in full], path.name
        for a, b in zip(full, slim):
            assert (paper_ids(a), first_family(a), stated_year(a)) == (paper_ids(b), first_family(b), stated_year(b))


def test_key_reuse_reads_nothing_but_identities():
    """Of an old output, key reuse decodes only what names each paper: an entry with a title gets no abstract,
    note, pages or keywords (a crossref child's booktitle is its parent's title, an identity)."""
    from pathlib import Path

    from citekit.sources.bibtex import READER

    fixtures = Path(__file__).resolve().parent / "fixtures"
    seen = 0
    for path in sorted(fixtures.rglob("*.bib")):
        text = path.read_text(encoding="utf-8")
        full = {e.key: e for e in READER.read(text, path.name).entries if e.key}
        for entry in READER.read_identities(text, path.name):
            if not entry.title:
                continue  # an untitled old entry is known by its abstract's opening
            before = full[entry.key]
            seen += bool(before.abstract or before.note or before.page)
            assert (entry.abstract, entry.note, entry.page, entry.vars.get("keyword")) == (None, None, None, None), \
                (path.name, entry.key)
    assert seen  # the fixtures do hold such fields: the test sees them left out


def test_title_words_with_a_limit_are_the_first_of_all():
    """A key stem works out only the title words its pattern takes: the same words as all of them, cut."""
    import sys
    from pathlib import Path

    from citekit.keys import _title_words

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from corpus_bib import iter_records

    titles = [r["title"] for r in iter_records(400, 3)] + [
        "The 4+3 Phases of a", "A $x^2$ \\emph{Study} of the", "", "of the and", "2020 1999", "L'Été d'un",
        "Die Über-Struktur", "  ", "1 2 3 alpha 4 beta"]
    for title in titles:
        full = _title_words(title)
        for n in range(5):
            assert _title_words(title, n) == full[:n], (title, n)
