"""Merging: identity by arXiv id, DOI, title and abstract; provenance kept; look-alikes apart."""

from __future__ import annotations

import json
from pathlib import Path


import citekit
from citekit.ids import normalize_title
from citekit.merge import merge
from citekit.model import Entry, Library, PartialDate, Provenance

from conftest import SEEDS

ABSTRACT = (
    "Sparse mixture-of-experts models scale parameter counts without a proportional increase in compute. "
    "However, routing instabilities and load imbalance limit their usefulness at small scale. We present a "
    "simple routing rule with an auxiliary balance term that stabilises training from the first step."
)
OTHER = (
    "Protein structure prediction has advanced rapidly, yet predicting conformational ensembles remains "
    "difficult. We introduce a score-based generative model over backbone torsions trained on molecular "
    "dynamics trajectories, which samples diverse and physically plausible conformations quickly."
)


def _entry(line: int, **fields) -> Entry:
    prov = Provenance("test", "t.txt", line)
    entry = Entry()
    entry.add_source(prov)
    for name, value in fields.items():
        entry.set(name, value, prov)
    return entry


def test_same_arxiv_id_any_version_merges() -> None:
    """Two printings with the same arXiv id (one with a version) become one entry with both sources."""
    lib = merge(Library([_entry(1, arxiv_id="2101.00001", title="A"), _entry(2, arxiv_id="2101.00001", arxiv_version=2)]))
    assert len(lib.entries) == 1
    assert [p.line for p in lib.entries[0].sources] == [1, 2]
    assert lib.entries[0].arxiv_version == 2


def test_arxiv_doi_counts_as_arxiv_id() -> None:
    """``10.48550/arXiv.ID`` identifies the same paper as the id itself."""
    lib = merge(Library([_entry(1, arxiv_id="2101.00001"), _entry(2, DOI="10.48550/arXiv.2101.00001")]))
    assert len(lib.entries) == 1


def test_doi_is_case_insensitive() -> None:
    """DOIs differing only in case are the same paper."""
    lib = merge(Library([_entry(1, DOI="10.1038/ABC"), _entry(2, DOI="10.1038/abc", title="T")]))
    assert len(lib.entries) == 1


def test_same_title_different_arxiv_ids_stay_apart() -> None:
    """A title shared by two papers with different arXiv ids never merges them."""
    lib = merge(Library([
        _entry(1, arxiv_id="2101.00001", title="Attention Is All You Need"),
        _entry(2, arxiv_id="2101.00002", title="Attention is all you need"),
        _entry(3, title="Attention is all you need!"),
    ]))
    assert len(lib.entries) == 2


def test_title_printings_merge_without_conflict() -> None:
    """Titles equal after normalization merge, keep the first printing, and report nothing."""
    lib = merge(Library([_entry(1, title="Kolmogorov-Arnold Networks"), _entry(2, title="Kolmogorov--Arnold networks.")]))
    assert len(lib.entries) == 1 and lib.entries[0].title == "Kolmogorov-Arnold Networks"
    assert not lib.problems


def test_abstract_only_matches_titled_entry_and_truncation() -> None:
    """A bare abstract joins the titled entry with the same (possibly truncated) abstract; the longer is kept."""
    lib = merge(Library([_entry(1, abstract=ABSTRACT[:230]), _entry(2, title="Routing", abstract=ABSTRACT), _entry(3, abstract=OTHER)]))
    assert len(lib.entries) == 2
    merged = lib.entries[0]
    assert merged.title == "Routing" and merged.abstract == ABSTRACT
    assert [p.line for p in merged.sources] == [1, 2]
    assert not lib.problems


def test_similar_titles_with_different_abstracts_do_not_merge() -> None:
    """Two titled papers are never joined by abstract alone when their titles differ."""
    lib = merge(Library([_entry(1, title="Routing I", abstract=ABSTRACT), _entry(2, title="Routing II", abstract=ABSTRACT)]))
    assert len(lib.entries) == 2


def test_partial_date_and_full_date_combine() -> None:
    """``Mar 4`` (no year) and 2025-03-04 agree; the fuller date is kept without a problem."""
    lib = merge(Library([
        _entry(1, title="T", issued=PartialDate(None, 3, 4)),
        _entry(2, title="T", issued=PartialDate(2025, 3, 4)),
    ]))
    assert lib.entries[0].issued == PartialDate(2025, 3, 4) and not lib.problems


def test_conflicting_values_become_problems() -> None:
    """A real disagreement (dates) keeps the first value and reports both sources."""
    lib = merge(Library([
        _entry(1, arxiv_id="2101.00001", issued=PartialDate(2021, 1, 1)),
        _entry(2, arxiv_id="2101.00001", issued=PartialDate(2020, 5, 5)),
    ]))
    assert lib.entries[0].issued == PartialDate(2021, 1, 1)
    assert len(lib.problems) == 1 and "issued differs" in lib.problems[0].message


def test_order_is_first_appearance() -> None:
    """Merged entries stand where their first member stood."""
    lib = merge(Library([_entry(1, title="B"), _entry(2, title="A"), _entry(3, title="B")]))
    assert [e.title for e in lib.entries] == ["B", "A"]


def _seed_library() -> Library:
    return citekit.read(str(SEEDS))


def test_seeds_every_paper_once() -> None:
    """After merging the seeds no title or arXiv id appears twice and every source's papers are present."""
    raw = _seed_library()
    merged = merge(raw)
    titles = [normalize_title(e.title) for e in merged.entries if e.title]
    assert len(titles) == len(set(titles))
    ids = [e.arxiv_id for e in merged.entries if e.arxiv_id]
    assert len(ids) == len(set(ids))
    abstracts = [e.abstract for e in merged.entries if e.abstract]
    assert len(abstracts) == len(set(abstracts))
    # Every entry read is represented by exactly one merged entry (via its source).
    where = {}
    for k, entry in enumerate(merged.entries):
        for prov in entry.sources:
            assert prov not in where
            where[prov] = k
    for entry in raw.entries:
        assert entry.sources[0] in where
    assert 100 < len(merged.entries) < len(raw.entries)


SEED_PAPERS = Path(__file__).parent / "fixtures" / "arxiv" / "seed_papers.json"


def test_seeds_merge_matches_arxiv_metadata() -> None:
    """Checked against the papers' arXiv metadata: no merged entry mixes two papers, no paper is split."""
    from rapidfuzz import fuzz

    from citekit.ids import normalize_text

    meta = json.loads(SEED_PAPERS.read_text(encoding="utf-8"))
    by_title = {normalize_title(r["title"]): r["arxiv_id"] for r in meta}
    abstracts = [(normalize_text(r["abstract"])[:300], r["arxiv_id"]) for r in meta]

    def paper(entry: Entry) -> str | None:
        if entry.arxiv_id:
            return entry.arxiv_id
        if entry.title and normalize_title(entry.title) in by_title:
            return by_title[normalize_title(entry.title)]
        if entry.abstract:
            text = normalize_text(entry.abstract)[:300]
            score, arxiv_id = max((fuzz.ratio(text, a), i) for a, i in abstracts)
            return arxiv_id if score > 85 else None
        return None

    raw = _seed_library()
    merged = merge(raw)
    papers_of_merged = []
    for entry in merged.entries:
        members = [e for e in raw.entries if e.sources[0] in entry.sources]
        known = {paper(e) for e in members} - {None}
        assert len(known) <= 1, (entry.title, known)
        papers_of_merged.extend(known)
    assert len(papers_of_merged) == len(set(papers_of_merged))  # no paper split in two


def test_merge_scales() -> None:
    """20,000 entries (a sixth of them bare abstracts) merge in a few seconds."""
    import random

    rng = random.Random(7)
    words = [f"w{k}" for k in range(5000)]
    entries = []
    for i in range(20000):
        fields = {"abstract": " ".join(rng.choices(words, k=120))}
        if i % 3 == 0:
            fields["arxiv_id"] = f"{1501 + (i % 100) // 10:04d}.{i:05d}"
        if i % 4:
            fields["title"] = " ".join(rng.choices(words, k=8))
        entries.append(_entry(i + 1, **fields))
    out = merge(Library(entries))
    assert len(out.entries) == 20000
