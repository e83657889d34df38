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


ADAM = (
    "We introduce Adam, an algorithm for first-order gradient-based optimization of stochastic objective functions, "
    "based on adaptive estimates of lower-order moments. The method is straightforward to implement, is computationally "
    "efficient, has little memory requirements, is invariant to diagonal rescaling of the gradients, and is well suited "
    "for problems that are large in terms of data and/or parameters."
)
SHARED_START = "Large language models have shown remarkable capabilities across many tasks. "
DIGITS = SHARED_START + (
    "In this paper we study how they handle arithmetic over very long numbers and find that accuracy collapses beyond "
    "twenty digits. We trace the failure to the tokenizer and propose digit-level positional encodings."
)
PLANNERS = SHARED_START + (
    "In this paper we study whether they can be used as zero-shot planners for household robots, grounding each "
    "generated step in admissible actions, which raises executability from 18% to 79% in VirtualHome."
)


def _listings(tmp_path: Path) -> Library:
    """The same papers printed in five listing shapes (other wording, capitals, punctuation), read and merged."""
    reworded = ABSTRACT.replace("We present a simple", "We present a novel, simple").replace("from the first step", "from step one")
    files = {
        "a.txt": f"Abstract: {ABSTRACT}\nabstract:{DIGITS}\nAbstract:{PLANNERS}\n",
        "b.txt": (
            f"Lee, Ann\nRouting at Small Scale\nLee, Ann, Müller, Jürgen, Smith, J. R.\nAbstract\u2014{reworded}\n"
            f"Adam: A Method for Stochastic Optimization\nKingma, Diederik P., Ba, Jimmy\n{ADAM}\n"
        ),
        "c.txt": (
            f"Trending Papers\n\nJan 2\n\nAdam -- a method for stochastic optimization!\n\n{ADAM}\n\n  \u2022 2 authors\n"
            f"\u00b7\nDec 22, 2014 9\n\nDigit Encodings for Long Arithmetic\n\n{DIGITS}\n\n  \u2022 3 authors\n\u00b7\nMar 4\n"
        ),
        "d.txt": f"Get trending papers\nSubscribeADAM: A METHOD FOR STOCHASTIC OPTIMIZATION\n{ADAM}\nZero-Shot Planners\n{PLANNERS}\n",
        "e.txt": f"{ABSTRACT}\r\n\r\n15 pages\r\n\r\narXiv:2402.01234v5\r\nCreated: 2024-02-02\r\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    return citekit.read(str(tmp_path))


def test_same_paper_across_listing_shapes_merges(tmp_path: Path) -> None:
    """Abstract line, profile (reworded abstract), HF page and HF list (other capitals) and arXiv listing: one entry each paper."""
    raw = _listings(tmp_path)
    assert {e.sources[0].source for e in raw.entries} == {"abstracts", "profile", "hf-daily", "hf-list", "arxiv-listing"}
    merged = merge(raw)
    by_title = {e.title: e for e in merged.entries}
    assert sorted(by_title) == [
        "Adam: A Method for Stochastic Optimization", "Digit Encodings for Long Arithmetic",
        "Routing at Small Scale", "Zero-Shot Planners",
    ]
    routing = by_title["Routing at Small Scale"]
    assert [p.origin.rsplit("/", 1)[-1] for p in routing.sources] == ["a.txt", "b.txt", "e.txt"]
    assert routing.arxiv_id == "2402.01234" and routing.issued == PartialDate(2024, 2, 2)
    adam = by_title["Adam: A Method for Stochastic Optimization"]
    assert [p.origin.rsplit("/", 1)[-1] for p in adam.sources] == ["b.txt", "c.txt", "d.txt"]
    assert adam.issued == PartialDate(2014, 12, 22) and adam.upvotes == 9 and len(adam.author) == 2
    assert not [p for p in merged.problems if "differs" in p.message]


def test_same_first_sentence_different_papers_stay_apart(tmp_path: Path) -> None:
    """Two papers whose abstracts share their first sentence stay two entries, each joined to its own title."""
    merged = merge(_listings(tmp_path))
    digits = next(e for e in merged.entries if e.abstract == DIGITS)
    planners = next(e for e in merged.entries if e.abstract == PLANNERS)
    assert digits is not planners
    assert digits.title == "Digit Encodings for Long Arithmetic" and planners.title == "Zero-Shot Planners"
    assert len(digits.sources) == len(planners.sources) == 2
