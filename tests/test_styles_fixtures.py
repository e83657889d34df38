"""Shared inputs for the style tests: arXiv records (test data) and hand-made variants as a Library."""

from __future__ import annotations

import json
from pathlib import Path

from citekit.model import Entry, Library, Name, PartialDate

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def record_entry(record: dict) -> Entry:
    """An Entry from one arXiv metadata record (the shape of fixtures/arxiv_seed_papers.json)."""
    entry = Entry(
        title=record["title"],
        author=[Name(a["family"], a.get("given")) if a.get("family") else Name(literal=a["given"]) for a in record["authors"]],
        issued=PartialDate.from_iso(record["published"]) if record.get("published") else None,
        abstract=record.get("abstract"),
        arxiv_id=record["arxiv_id"],
        DOI=record.get("doi"),
        journal_ref=record.get("journal_ref"),
        comment=record.get("comment"),
        primary_class=record.get("primary_category"),
        categories=list(record.get("categories") or []),
    )
    entry.key = "k" + record["arxiv_id"].replace("/", "_")
    return entry


def seed_library(count: int | None = None) -> Library:
    """The first ``count`` seed records (all when None) as a Library."""
    records = json.loads((FIXTURES / "arxiv" / "seed_papers.json").read_text(encoding="utf-8"))
    return Library(entries=[record_entry(r) for r in records[:count]])


def variant_library() -> Library:
    """Entries of shapes the seeds lack: accents, no date, no authors, a literal name, a journal article, hostile text."""
    entries = [
        Entry(title="Élan vital: a study of Ångström-scale dynamics in $\\mathcal{O}(n^2)$ time",
              author=[Name("Müller", "Jürgen"), Name("Øster", "Åsa"), Name("Nguyễn", "Văn An")],
              issued=PartialDate(2021, 5, 3), arxiv_id="2105.01234", primary_class="physics.comp-ph"),
        Entry(title="A paper without a date", author=[Name("Doe", "Jane")], arxiv_id="hep-th/9901001"),
        Entry(title="Anonymous findings", issued=PartialDate(2019), arxiv_id="1901.00001"),
        Entry(title="Scaling report", author=[Name(literal="The OLMo Team"), Name("Smith", "A. B.")],
              issued=PartialDate(2024, 12), arxiv_id="2412.00002"),
        Entry(type="article-journal", title="Replica symmetry breaking in dense networks", author=[Name("Albanese", "Linda"), Name("Barra", "Adriano")],
              issued=PartialDate(2022, 6), container_title="Journal of Statistical Physics", volume="188", issue="2",
              page="17-29", DOI="10.1007/s10955-022-02966-8", arxiv_id="2111.12997"),
        Entry(title="<script>alert(1)</script> & 100% {braces} $x_1$ #hash ~tilde ^caret \\backslash",
              author=[Name("O'Brien", "<b>Bold</b>")], issued=PartialDate(2020, 1, 1), arxiv_id="2001.00003",
              abstract="<img src=x onerror=alert(2)> abstract"),
    ]
    for index, entry in enumerate(entries):
        entry.key = f"variant{index}"
    return Library(entries=entries)
