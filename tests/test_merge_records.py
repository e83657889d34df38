"""Merging a user's own records: only with a strong identifier and nothing contradicting it; every merge said."""

from __future__ import annotations

from pathlib import Path

import citekit
from citekit.merge import merge
from citekit.model import Entry, KeyChange, Library, Name, PartialDate, Provenance

FIXTURES = Path(__file__).parent / "fixtures" / "merge"


def _read(*names: str) -> Library:
    return citekit.read(*[str(FIXTURES / n) for n in names])


def _record(key: str, origin: str, line: int, *, source: str = "bibtex", type: str = "article-journal",
            **fields) -> Entry:
    prov = Provenance(source, origin, line)
    entry = Entry(type=type, key=key)
    entry.add_source(prov)
    variables = fields.pop("vars", {})
    for name, value in fields.items():
        entry.set(name, value, prov)
    entry.vars.update(variables)
    return entry


def _listing(line: int, **fields) -> Entry:
    prov = Provenance("hf-daily", "listing.txt", line)
    entry = Entry()
    entry.add_source(prov)
    for name, value in fields.items():
        entry.set(name, value, prov)
    return entry


def _accounted(before: Library, after: Library) -> None:
    """Every entry read is in the output, itself or as a source of the entry it was merged into."""
    sources = {p for e in after.entries for p in e.sources}
    assert all(e.sources[0] in sources for e in before.entries)


def test_recurring_titles_by_different_authors_never_merge() -> None:
    """TUGboat-like "Editorial comments", "Calendar", "Introduction" pieces: every one stays, every key stays."""
    raw = _read("editorials.bib")
    keys = [e.key for e in raw.entries]
    merged = merge(raw)
    assert [e.key for e in merged.entries] == keys == [
        "tb01-editorial", "tb02-editorial", "tb02-calendar", "tb03-calendar",
        "Knuth:1982:introduction", "Lamport:1986:introduction",
    ]
    assert not merged.key_changes


def test_csl_items_titled_book_a_by_different_authors_stay_three() -> None:
    """Three CSL-JSON items titled "Book A" by different authors and years are three books."""
    merged = merge(_read("books.json"))
    assert [e.key for e in merged.entries if e.title == "Book A"] == ["bookA-1", "bookA-2", "bookA-3"]


def test_entries_sharing_only_a_doi_are_a_possible_duplicate_not_a_merge() -> None:
    """Key, title, authors and year differ: both kept, and one warning names both keys and their lines."""
    raw = _read("shared-doi.bib")
    merged = merge(raw)
    assert [e.key for e in merged.entries] == [e.key for e in raw.entries]
    warnings = [p.message for p in merged.problems if p.message.startswith("possible duplicate")]
    doi = [w for w in warnings if "10.1234/jex.2019.001" in w]
    assert len(doi) == 1
    assert "'leeGraphKernels2021'" in doi[0] and "'smithDeepNets2019'" in doi[0]
    assert "shared-doi.bib:" in doi[0] and "not merged" in doi[0]


def test_two_records_of_one_file_are_never_merged() -> None:
    """A preprint and its published version kept under two keys in one file stay two records."""
    merged = merge(_read("shared-doi.bib"))
    keys = [e.key for e in merged.entries]
    assert "vaswaniAttention2017a" in keys and "vaswaniAttention2017" in keys
    assert any("arXiv id 1706.03762" in p.message and "keeps both" in p.message for p in merged.problems)


def test_the_same_paper_in_two_libraries_merges_and_is_reported() -> None:
    """Same DOI (any case), same title, first author and year in two files: one entry, reported, key change recorded."""
    raw = _read("shared-doi.bib", "jabref.bib")
    merged = merge(raw)
    _accounted(raw, merged)
    smith = next(e for e in merged.entries if e.key == "smithDeepNets2019")
    assert {p.origin.rsplit("/", 1)[-1] for p in smith.sources} == {"shared-doi.bib", "jabref.bib"}
    assert "Smith2019" not in [e.key for e in merged.entries]
    (change,) = [c for c in merged.key_changes if c.old == "Smith2019"]
    assert change.new == "smithDeepNets2019" and change.reason.startswith("merged into smithDeepNets2019")
    assert change.origin.endswith("jabref.bib") and change.line
    (report,) = [p for p in merged.problems if p.message.startswith("merged 'Smith2019'")]
    assert "jabref.bib:" in report.message and "'smithDeepNets2019'" in report.message and "shared-doi.bib:" in report.message


def test_a_shared_arxiv_id_with_another_title_and_author_does_not_merge() -> None:
    """An arXiv id typed into the wrong entry: titles, authors and years differ, so nothing merges."""
    raw = _read("shared-doi.bib", "jabref.bib")
    merged = merge(raw)
    assert "Other2017" in [e.key for e in merged.entries]
    assert any("'Other2017'" in p.message and p.message.startswith("possible duplicate") for p in merged.problems)


def test_no_merge_merges_nothing() -> None:
    """``enabled=False`` (``--no-merge``) passes every entry through as it was read."""
    raw = _read("shared-doi.bib", "jabref.bib")
    out = merge(raw, enabled=False)
    assert [e.key for e in out.entries] == [e.key for e in raw.entries]
    assert out.entries[0] is raw.entries[0] and not out.key_changes


def test_isbn_merges_only_with_the_same_edition() -> None:
    """One book (ISBN-10 and ISBN-13 of it) in two files merges; the 2nd and 3rd editions of one ISBN stay apart."""
    texbook_csl = _record("texbook", "lib.json", 4, source="csl-json", type="book", title="The TeXbook",
                          author=[Name("Knuth", "Donald E.")], issued=PartialDate(1984),
                          vars={"ISBN": "978-0-201-13447-6"})
    second = _record("taocp-2", "lib.json", 5, source="csl-json", type="book", title="The Art of Computer Programming",
                     author=[Name("Knuth", "Donald E.")], issued=PartialDate(1973),
                     vars={"ISBN": "0-201-03809-9", "edition": "2"})
    third = _record("taocp3", "other.json", 1, source="csl-json", type="book", title="The Art of Computer Programming",
                    author=[Name("Knuth", "Donald E.")], issued=PartialDate(1973),
                    vars={"ISBN": "0201038099", "edition": "3rd"})
    raw = _read("jabref.bib")
    raw.entries += [texbook_csl, second, third]
    merged = merge(raw)
    keys = [e.key for e in merged.entries]
    assert "texbook" not in keys and "knuthTeXbook1984" in keys  # merged into the first one read
    assert "taocp-2" in keys and "taocp3" in keys
    assert [c.old for c in merged.key_changes] == ["texbook"]


def test_a_chapter_does_not_merge_with_its_book_by_isbn() -> None:
    """Papers in one proceedings volume carry the volume's ISBN: that is no identity."""
    a = _record("a", "x.bib", 1, type="paper-conference", title="One", container_title="Proc.", vars={"ISBN": "9783030033262"})
    b = _record("b", "y.bib", 1, type="paper-conference", title="One", container_title="Proc.", vars={"ISBN": "9783030033262"})
    assert len(merge(Library([a, b])).entries) == 2


def test_conflicting_year_or_type_blocks_a_doi_merge() -> None:
    """Same DOI and title across files, but another year (or another type): kept apart, reported."""
    a = _record("a", "x.bib", 1, title="T", DOI="10.1/x", issued=PartialDate(2019))
    b = _record("b", "y.bib", 1, title="T", DOI="10.1/x", issued=PartialDate(2020))
    c = _record("c", "z.bib", 1, type="book", title="T", DOI="10.1/x", issued=PartialDate(2019))
    merged = merge(Library([a, b, c]))
    assert [e.key for e in merged.entries] == ["a", "b", "c"]
    messages = [p.message for p in merged.problems]
    assert any("years differ" in m for m in messages) and any("types differ" in m for m in messages)


def test_records_never_join_by_title_alone() -> None:
    """Two files' records with the same title (no identifiers) stay two, even with the same author and year."""
    a = _record("a", "x.bib", 1, title="Editorial", author=[Name("Beeton", "B")], issued=PartialDate(1990))
    b = _record("b", "y.bib", 1, title="Editorial", author=[Name("Beeton", "B")], issued=PartialDate(1990))
    assert len(merge(Library([a, b])).entries) == 2


def test_a_listing_line_joins_the_record_it_names_by_arxiv_id() -> None:
    """A listing line with a record's arXiv id is that paper: one entry, the record's key kept, the merge said."""
    record = _record("vaswani2017", "refs.bib", 3, title="Attention Is All You Need", arxiv_id="1706.03762",
                     author=[Name("Vaswani", "Ashish")], issued=PartialDate(2017))
    line = _listing(9, title="Attention is all you need", arxiv_id="1706.03762", upvotes=12)
    merged = merge(Library([record, line]))
    (entry,) = merged.entries
    assert entry.key == "vaswani2017" and entry.upvotes == 12
    assert any(p.message.startswith("merged the entry at listing.txt:9 into 'vaswani2017'") for p in merged.problems)
    assert not merged.key_changes


def test_a_listing_line_never_joins_a_record_by_title() -> None:
    """Title similarity joins listing lines only: a record stays itself."""
    record = _record("k", "refs.bib", 1, title="Introduction", author=[Name("Knuth", "D")])
    line = _listing(1, title="Introduction")
    assert len(merge(Library([record, line])).entries) == 2


def test_listing_lines_with_a_title_but_other_authors_or_years_stay_apart() -> None:
    """Same title in two listings, other first authors (or years): two papers."""
    a = _listing(1, title="Introduction", author=[Name("Knuth", "D")])
    b = _listing(2, title="Introduction", author=[Name("Lamport", "L")])
    c = _listing(3, title="Calendar", issued=PartialDate(1981))
    d = _listing(4, title="Calendar", issued=PartialDate(1982))
    e = _listing(5, title="Calendar")
    merged = merge(Library([a, b, c, d, e]))
    assert len(merged.entries) == 4  # the yearless "Calendar" joins the first one
    assert not merged.key_changes


def test_key_change_is_a_keychange() -> None:
    """The recorded changes are :class:`KeyChange` values carrying the merged-away entry's place."""
    merged = merge(_read("shared-doi.bib", "jabref.bib"))
    assert merged.key_changes and all(isinstance(c, KeyChange) for c in merged.key_changes)


CORPUS = Path("/work/corpus/bib")


def test_real_libraries_lose_no_entry_and_keep_every_key() -> None:
    """Over the real .bib files gathered in /work/corpus/bib (when present): read -> merge -> keys keeps them all."""
    from collections import Counter

    import pytest

    from citekit.keys import assign_keys, valid_key

    files = sorted(CORPUS.glob("*.bib")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("no real .bib corpus on this machine")
    for path in files:
        raw = citekit.read(str(path))
        keys = [e.key for e in raw.entries]
        twice = {k for k, n in Counter(keys).items() if n > 1}
        merged = merge(raw)
        assign_keys(merged)
        assert len(merged.entries) == len(raw.entries), path.name
        for old, entry in zip(keys, merged.entries):
            if old and old not in twice and valid_key(old) == old:
                assert entry.key == old, (path.name, old)
