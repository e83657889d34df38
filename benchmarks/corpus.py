"""A deterministic corpus of N arXiv-like records (accented names, TeX math, comments, some DOIs) for benchmarks.

``records(n)`` gives dicts in the shape of arXiv metadata (``arxiv_id``, ``title``,
``authors`` as family/given, ``published``, ``abstract``, ...); ``library(n)`` gives the
same as a :class:`citekit.model.Library`. The same ``n`` and ``seed`` give the same corpus.
"""

from __future__ import annotations

import random

from citekit.model import Entry, Library, Name, PartialDate

__all__ = ["records", "library"]

FAMILIES = ["Müller", "García", "Nguyễn", "Øster", "Dvořák", "Łukasiewicz", "O'Brien", "van der Berg", "Smith",
            "Zhang", "Wang", "Li", "Kowalski", "Şahin", "Ångström", "Jones", "Brown", "Tanaka", "Kim", "Rossi",
            "Dubois", "Petrov", "Ferreira", "Novák", "Björk", "Gómez-Bombarelli", "Lan", "Yosinski", "Weston", "Haddad"]
GIVENS = ["Jürgen", "María José", "Văn An", "Åsa", "Antonín", "Jan", "Siobhán", "Pieter", "Jane", "Wei", "Lei",
          "Ana", "Zoë", "Émile", "Chloé", "Hiroshi", "Ji-woo", "Giulia", "Ivan", "João", "A. B.", "Rafael"]
WORDS = ["learning", "graph", "neural", "diffusion", "scaling", "quantum", "sparse", "transformer", "kernel",
         "equivariant", "robust", "Bayesian", "optimal", "stochastic", "language", "models", "networks", "physics",
         "inference", "materials", "energy", "attention", "convex", "manifold", "spectral", "LLMs", "GNN", "3D"]
MATH = ["$O(n^2)$", "$\\mathcal{L}_2$", "$k$-NN", "$\\alpha$-divergence", "$\\mathbb{R}^d$", "$x_1$"]
CLASSES = ["cs.LG", "cs.CL", "cs.AI", "stat.ML", "physics.comp-ph", "cond-mat.mtrl-sci", "quant-ph", "math.OC"]


def records(n: int, seed: int = 2024) -> list[dict]:
    """``n`` arXiv-like metadata records, deterministic for a given ``seed``."""
    rng = random.Random(seed)
    out = []
    for index in range(n):
        year = rng.randint(2015, 2025)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        words = rng.sample(WORDS, rng.randint(4, 9))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(MATH))
        title = " ".join(words)
        title = title[0].upper() + title[1:]
        if rng.random() < 0.4:
            title += ": " + " ".join(rng.sample(WORDS, 3))
        authors = [{"family": rng.choice(FAMILIES), "given": rng.choice(GIVENS)} for _ in range(rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 25]))]
        arxiv_id = f"{year % 100:02d}{month:02d}.{10000 + index:05d}"
        primary = rng.choice(CLASSES)
        out.append({
            "arxiv_id": arxiv_id,
            "title": title,
            "authors": authors,
            "published": f"{year}-{month:02d}-{day:02d}",
            "abstract": " ".join(rng.choice(WORDS) for _ in range(60)) + ".",
            "primary_category": primary,
            "categories": [primary] + rng.sample(CLASSES, 1),
            "comment": f"{rng.randint(5, 40)} pages, {rng.randint(1, 12)} figures" if rng.random() < 0.5 else None,
            "doi": f"10.1000/bench.{index}" if rng.random() < 0.1 else None,
            "journal_ref": f"Journal of Benchmarks {rng.randint(1, 40)} ({year})" if rng.random() < 0.1 else None,
        })
    return out


def library(n: int, seed: int = 2024) -> Library:
    """The corpus of :func:`records` as entries with citation keys."""
    entries = []
    for record in records(n, seed):
        entry = Entry(
            title=record["title"],
            author=[Name(a["family"], a["given"]) for a in record["authors"]],
            issued=PartialDate.from_iso(record["published"]),
            abstract=record["abstract"],
            arxiv_id=record["arxiv_id"],
            primary_class=record["primary_category"],
            categories=list(record["categories"]),
            comment=record["comment"],
            DOI=record["doi"],
            journal_ref=record["journal_ref"],
        )
        entry.key = "b" + record["arxiv_id"]
        entries.append(entry)
    return Library(entries=entries)
