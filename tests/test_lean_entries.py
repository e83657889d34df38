"""What a read entry holds, and what merging works with, stays small: issue 24's memory bar.

A 900 kB file of 99,999 bare ``@a{NNNNN}`` took 475 MB to convert (819 MB to JSON): each
entry's ``extra["bibtex"]`` was a 21-key dict with eight empty containers, and merging
gave every entry eight empty sets. The figures here are Python's own allocations
(tracemalloc), counted once per entry over a few thousand entries, with room to spare.
"""

from __future__ import annotations

import tracemalloc

from citekit.exporters import WRITERS, ExportOptions
from citekit.merge import merge
from citekit.sources.bibtex import BIB_DEFAULTS, READER

N = 5000
TEXT = "".join(f"@a{{{i:05d}}}\n" for i in range(N))


def _held_and_peak(make):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = make()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, (held - before) / N, (peak - before) / N


def test_a_bare_entry_holds_no_empty_parts() -> None:
    """Only what differs from BIB_DEFAULTS is kept, and the writer still gives the file back byte for byte."""
    library = READER.read(TEXT, "dense.bib")
    bib = library.entries[1].extra["bibtex"]
    assert set(bib) == {"type", "origin", "fields", "raw", "key_span", "key", "line", "seq", "snapshot"}
    for name, value in bib.items():
        assert name not in BIB_DEFAULTS or value != BIB_DEFAULTS[name]
    assert WRITERS.get("bibtex").write(library, ExportOptions()) == TEXT


def test_optional_parts_are_kept_where_they_say_something() -> None:
    """A comment, a kept "% ..." line, a crossref, a gap of two lines and a block before: each is in the record."""
    text = ("@string{j = {J}}\n\n\n@misc{a, title = {A}, % why\n  % old = {x},\n  note = {N}}\n"
            "@misc{b, crossref = {a}}\n")
    library = READER.read(text, "kept.bib")
    a, b = (e.extra["bibtex"] for e in library.entries)
    assert a["comments"] == {"title": "% why"} and a["leading"] == {"note": ["% old = {x},"]}
    assert a["gap"] == "\n\n\n" and a["seq"] == 1 and a["index"] == 0
    assert b["crossref"] == "a" and "gap" not in b and b["seq"] == 2 and b["index"] == 1
    assert WRITERS.get("bibtex").write(library, ExportOptions()) == text


def test_reading_holds_under_two_kilobytes_an_entry() -> None:
    """5,000 bare entries: ~1.7 kB held an entry (was 2.3 kB), the peak while reading under 2.2 kB."""
    library, held, peak = _held_and_peak(lambda: READER.read(TEXT, "dense.bib"))
    assert len(library.entries) == N
    assert held < 2000, held
    assert peak < 2200, peak


def test_merging_works_in_under_half_a_kilobyte_an_entry() -> None:
    """Merging 5,000 records that share nothing: ~0.25 kB of work memory an entry (was 2.1 kB)."""
    library = READER.read(TEXT, "dense.bib")
    merged, _, peak = _held_and_peak(lambda: merge(library))
    assert len(merged.entries) == N
    assert peak < 500, peak
