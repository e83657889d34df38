"""Test records for the BibTeX, BibLaTeX and CSL-JSON writers (built from tests/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

from citekit.ids import ARXIV_DOI_PREFIX
from citekit.keys import assign_keys
from citekit.model import Entry, Library, Name, PartialDate, Provenance

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROV = Provenance("test", "fixture")


def arxiv_entry(rec: dict) -> Entry:
    """An Entry as the enricher would build it from one arXiv record."""
    e = Entry(
        type="article",
        title=rec["title"],
        author=[Name(family=a["family"], given=a.get("given") or None) for a in rec["authors"]],
        issued=PartialDate.from_iso(rec["published"]) if rec.get("published") else None,
        abstract=rec.get("abstract"),
        arxiv_id=rec["arxiv_id"],
        primary_class=rec.get("primary_category"),
        categories=list(rec.get("categories") or []),
        DOI=rec.get("doi"),
        journal_ref=rec.get("journal_ref"),
        comment=rec.get("comment"),
    )
    if e.DOI and not e.DOI.startswith(ARXIV_DOI_PREFIX):
        e.type = "article-journal"
    e.add_source(PROV)
    return e


def complete_records() -> list[Entry]:
    """The complete arXiv records of tests/fixtures/arxiv_records.json."""
    data = json.loads((FIXTURES / "arxiv_records.json").read_text(encoding="utf-8"))
    return [arxiv_entry(r) for r in data]


def awkward_records() -> list[Entry]:
    """Entries a listing gives: no authors, no year, a literal author, hostile text, a venue."""
    return [
        Entry(title="Scaling Law with Learning Rate Annealing", issued=PartialDate(None, 12, 10)),
        Entry(title="An abstract-only entry without a title?"),
        Entry(title="Tiny {Braces} and 100% of $x_1$ & #hash_tag ~ ^ \\ here}",
              author=[Name(family="O'Neil", given="Cathy"), Name(literal="Barnes and Noble")],
              issued=PartialDate(2021)),
        Entry(title="}, @misc{evil, title = {pwned", author=[Name(family="Müller", given="Jürgen"),
              Name(family="van der Berg", given="Anna")], issued=PartialDate(2020, 5)),
        Entry(title="Published work on GNNs", author=[Name(family="Soljačić", given="Marin")],
              issued=PartialDate(2019, 3, 4), type="article-journal", container_title="Physical Review E",
              volume="99", issue="3", page="032105-032110", DOI="10.1103/PhysRevE.99.032105"),
        Entry(title="A conference paper: sharpDARTS and AdsorbML", author=[Name(family="Hundt", given="Andrew")],
              issued=PartialDate(2019), type="paper-conference", container_title="Proceedings of ICML",
              page="1--9", arxiv_id="1903.09900", primary_class="cs.LG"),
        Entry(title="Sorting in $O(N \\log N)$ with \\textit{sortlet} and 1\\% overhead",
              author=[Name(family="Li", given="X.")], issued=PartialDate(2022)),
    ]


def library(entries: list[Entry]) -> Library:
    """A library of ``entries`` with keys assigned."""
    lib = Library(entries=entries)
    assign_keys(lib)
    return lib
