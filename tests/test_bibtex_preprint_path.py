"""The BibTeX writer's fast path for bare arXiv preprints gives what its general path gives, byte for byte.

``_entry_text`` writes an entry that :func:`_bare_preprint` accepts (every record of the
arXiv snapshot) through :func:`_preprint_fields`; ``BibWriter._fresh`` is the general
path through the mapping table. Both are run on real and generated records and on
hostile variants, and must give the same text and the same notes.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from citekit.exporters import WRITERS, ExportOptions
from citekit.exporters.bibtex import _bare_preprint, _layout_entry, safe_key
from citekit.model import Entry, Name, PartialDate, Provenance
from citekit.sources.arxiv_snapshot import READER

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus_bib import iter_records, snapshot_line  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden" / "sources" / "arxiv-snapshot" / "records.txt"
BIBTEX = WRITERS.get("bibtex")


def _both(entry: Entry, unicode: bool = False) -> tuple[tuple[str, list], tuple[str, list]]:
    """(text, notes) through the fast path and through the general path."""
    options = ExportOptions(unicode=unicode)
    fast_notes: list = []
    fast = BIBTEX._entry_text(entry, options, fast_notes)
    slow_notes: list = []
    etype, fields = BIBTEX._fresh(entry, options, slow_notes)
    slow = _layout_entry(etype, safe_key(entry.key or "anon"), fields)
    return (fast, fast_notes), (slow, slow_notes)


def _entries(lines: list[str]) -> list[Entry]:
    problems: list = []
    return list(READER.iter_read(io.StringIO("\n".join(lines) + "\n"), "snap.jsonl", problems))


def _corpus() -> list[Entry]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    lines += [snapshot_line(r) for r in iter_records(1500, 5)]
    return _entries(lines)


@pytest.mark.parametrize("unicode", [False, True])
def test_snapshot_records_take_the_fast_path_and_match(unicode):
    """Real snapshot lines and 1,500 generated ones: those with an arXiv id are bare preprints, each written
    alike both ways."""
    entries = [e for e in _corpus() if e.arxiv_id]
    assert len(entries) > 1500
    assert all(_bare_preprint(e) for e in entries)
    for n, entry in enumerate(entries):
        entry.key = f"key{n}"
        fast, slow = _both(entry, unicode)
        assert fast == slow, entry.arxiv_id


def test_entries_the_fast_path_refuses():
    """A venue, a CSL variable, a user's record or another type goes the general way."""
    base = _corpus()[0]
    assert _bare_preprint(base)
    csl = Provenance("csl-json", "refs.json", 1)
    for changed in (replace(base, container_title="Phys. Rev. D"), replace(base, volume="76"),
                    replace(base, issue="3"), replace(base, URL="https://example.org"),
                    replace(base, note="a note"), replace(base, vars={"genre": "x"}),
                    replace(base, type="book"), replace(base, arxiv_id=None),
                    replace(base, extra={"csl": {}}), replace(base, provenance={"*": [csl]})):
        assert not _bare_preprint(changed)


_TEXT = st.lists(st.sampled_from(list("aZ Q-x.:$\\{}_%&#~^'`\"<>éß\x00\t0@") + ["<i>", "</i>", "--", "ATP", "Bose"]),
                max_size=30).map("".join)
_PART = st.one_of(st.none(), _TEXT)


@st.composite
def _preprints(draw):
    names = draw(st.lists(st.builds(
        lambda family, given, particle, dropping: Name(family=family or "X", given=given,
                                                      non_dropping_particle=particle, dropping_particle=dropping),
        _TEXT, _PART, st.sampled_from([None, "van", "de la"]), st.sampled_from([None, None, "von"])), max_size=4))
    source = draw(st.sampled_from(["arxiv-snapshot", "arxiv-api", "listing"]))
    prov = Provenance(source, "in", 3)
    per_field = draw(st.sampled_from(["arxiv-snapshot", "csl-json"]))
    arxiv_id = draw(st.sampled_from(["2101.00001", "hep-th/9901001", "2101.0000^1", "a b%", "x{y}"]))
    entry = Entry(title=draw(_PART), author=names, arxiv_id=arxiv_id,
                  primary_class=draw(st.sampled_from([None, "hep-th", "cs.LG", "q{x}", "a b", "x_y"])),
                  DOI=draw(st.sampled_from([None, "", "10.1103/PhysRevD.76.013009", "10.48550/arXiv.2101.00001",
                                            "10.1000/a{b}\\c d", "10.1000/x%y"])),
                  journal_ref=draw(st.sampled_from([None, "", "...", "Phys.Rev.D76:013009,2007", "J. $x$ {A}"])),
                  issued=draw(st.sampled_from([None, PartialDate(2007, 4, 2), PartialDate(None, 3), PartialDate(1999)])),
                  abstract=draw(_PART), comment=draw(_PART), key=draw(st.sampled_from([None, "k", "a b,c"])),
                  extra=draw(st.sampled_from([{}, {"et_al": True}, {"report_no": "R-1"}])),
                  provenance={"*": [prov]})
    for name in ("title", "author", "note", "issued"):
        if draw(st.booleans()):
            entry.provenance[name] = [Provenance(per_field, "in", 3)]
    return entry


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_preprints(), st.booleans())
@example(Entry(title="The ATP synthase of Bose", author=[Name(family="Smith")], arxiv_id="2101.00001",
               provenance={"*": [Provenance("arxiv-snapshot", "in", 1)]}), False)
def test_any_bare_preprint_matches_the_general_path(entry, unicode):
    """Titles with TeX, markup, NULs and capitals; odd DOIs; names with particles; plain-text provenance."""
    assert _bare_preprint(entry)
    fast, slow = _both(entry, unicode)
    assert fast == slow


@pytest.mark.parametrize("name", ["bibtex", "biblatex"])
def test_fields_the_writer_never_prints_may_go_unread(name):
    """The snapshot reader leaves a writer's ``listing_unread`` fields unset (no abstract is cleaned for
    a BibTeX stream), and nothing else changes: the same entries, and the same text from the writer."""
    writer = WRITERS.get(name)
    assert writer.listing_unread == frozenset({"abstract", "comment"})
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    lines += [snapshot_line(r) for r in iter_records(800, 11)]
    text = "\n".join(lines) + "\n"
    full_problems: list = []
    lean_problems: list = []
    full = list(READER.iter_read(io.StringIO(text), "snap.jsonl", full_problems))
    lean = list(READER.iter_read(io.StringIO(text), "snap.jsonl", lean_problems, writer.listing_unread))
    assert lean_problems == full_problems
    assert len(lean) == len(full) > 800
    assert any(e.abstract for e in full) and any(e.comment for e in full)
    options = ExportOptions()
    for n, (a, b) in enumerate(zip(full, lean)):
        assert b.abstract is None and b.comment is None
        assert replace(a, abstract=None, comment=None, provenance={k: v for k, v in a.provenance.items()
                                                                  if k not in ("abstract", "comment")}) == b
        a.key = b.key = f"key{n}"
        assert writer.entry_text(a, options) == writer.entry_text(b, options)


@pytest.mark.parametrize("name", ["bibtex", "biblatex"])
def test_entry_parts_put_around_the_key_give_entry_text(name):
    """``entry_parts`` (the stream's rendering before keys are unique) gives ``entry_text`` once the key is
    put between its head and tail, for every corpus entry, authorless ones and odd keys too; an entry
    whose text holds its key elsewhere (no author, no title words: the sort key falls back to it) gets None."""
    writer = WRITERS.get(name)
    options = ExportOptions()
    entries = _corpus()
    entries += [replace(e, author=[]) for e in entries[:50]]
    for n, entry in enumerate(entries):
        parts = writer.entry_parts(entry, options)
        assert parts is not None
        for key in (f"key{n}", "smith2020a", "odd{key"):
            entry.key = key
            assert parts[0] + safe_key(key) + parts[1] == writer.entry_text(entry, options)
    untitled = replace(entries[0], author=[], title=None)
    assert writer.entry_parts(untitled, options) is None
