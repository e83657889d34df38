"""Deterministic arXiv-like records for the read/write/stream benchmarks.

``records(n, seed)`` gives ``n`` plain dicts (id, title, authors as (family, given)
in Unicode, abstract, date, categories, some DOI / journal reference / comments);
the emitters turn them into a ``.bib`` text (accents as ``{\\"u}``, math as ``$..$``),
CSL-JSON, or arXiv-snapshot JSON lines (titles and abstracts wrapped with newlines,
authors in arXiv's TeX form, ``authors_parsed``, ``versions``). Same ``n`` and
``seed``, same bytes: the figures can be reproduced.
"""

from __future__ import annotations

import json
import random
from typing import Iterator

__all__ = ["records", "iter_records", "to_bib", "to_csl_json", "snapshot_line", "write_snapshot"]

# (Unicode, BibTeX form) pairs for the accented letters the names carry.
_ACCENTS = [("ü", '{\\"u}'), ("ö", '{\\"o}'), ("ä", '{\\"a}'), ("é", "{\\'e}"), ("è", "{\\`e}"),
            ("á", "{\\'a}"), ("ñ", "{\\~n}"), ("ç", "{\\c{c}}"), ("ø", "{\\o}"), ("š", "{\\v{s}}"),
            ("ł", "{\\l}"), ("ß", "{\\ss}"), ("í", "{\\'i}"), ("ó", "{\\'o}")]
_SNAP_ACCENTS = {"ü": '\\"u', "ö": '\\"o', "ä": '\\"a', "é": "\\'e", "è": "\\`e", "á": "\\'a",
                 "ñ": "\\~n", "ç": "\\c{c}", "ø": "\\o", "š": "\\v{s}", "ł": "\\l", "ß": "\\ss", "í": "\\'i",
                 "ó": "\\'o"}
_FAMILY = ["Müller", "Schrödinger", "García", "Nuñez", "Wang", "Zhang", "Li", "Smith", "Østergaard",
           "Łukasiewicz", "Brçak", "Dvořák", "Kovač", "Lefèvre", "Gödel", "Jäger", "Weiß", "Martínez",
           "Chen", "Liu", "Kumar", "Rossi", "Nakamura", "Kim", "Nguyen", "Johnson", "Petrov", "Öztürk",
           "Horváth", "Andersson", "Silva", "Dubois", "van der Berg", "de la Cruz", "Fernández",
           "Šimić", "Mészáros", "Brown", "Taylor", "Sánchez"]
_GIVEN = ["Hans", "José", "Zoë", "Ana", "Wei", "Yu", "John", "Søren", "Jan", "Émile", "François",
          "Ines", "Kurt", "Li", "Maria", "Priya", "Giulia", "Haruki", "Min-jun", "Thi Anh", "Ivan",
          "Ayşe", "Ádám", "Erik", "Lucas", "Chloé", "Pieter", "Luis", "Ana María", "Ola", "A.", "J. R."]
_WORDS = ("learning neural network networks model models deep graph graphs language large efficient "
          "scalable robust adaptive optimal stochastic gradient descent attention transformer "
          "inference bayesian quantum field theory symmetry lattice spectral estimation sparse "
          "convex analysis bounds dynamics reinforcement policy diffusion generative data "
          "representation kernel random matrix entropy information channel coding algorithm "
          "complexity approximation sampling convergence regularization manifold topology").split()
_ACRONYMS = ["LLM", "LLMs", "GNN", "BERT", "GPT-4", "CNN", "QCD", "SGD", "MCMC", "PAC", "ResNet", "RL"]
_MATH = ["$O(n \\log n)$", "$\\alpha$", "$k$", "$\\ell_1$", "$\\mathbb{R}^d$", "$p < 0.05$", "$N=4$",
         "$\\epsilon$-greedy", "$SU(3)$", "$x^2$"]
_CATS = ["cs.LG", "cs.CL", "cs.CV", "stat.ML", "math.PR", "hep-th", "quant-ph", "cond-mat.stat-mech",
         "math.OC", "astro-ph.CO", "cs.AI", "physics.comp-ph"]
_JOURNALS = ["Phys. Rev. D", "J. Mach. Learn. Res.", "Nature Communications", "Ann. Statist.",
             "Proceedings of NeurIPS", "Commun. Math. Phys."]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _title(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(4, 11))
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(_ACRONYMS))
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_MATH))
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words) + 1), "for " + rng.choice(_FAMILY) + "'s")
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _abstract(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(4, 9)):
        sentence = rng.sample(_WORDS, rng.randint(8, 18))
        if rng.random() < 0.3:
            sentence.insert(rng.randrange(len(sentence)), rng.choice(_MATH))
        if rng.random() < 0.2:
            sentence.insert(rng.randrange(len(sentence)), rng.choice(_ACRONYMS))
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def _author_count(rng: random.Random) -> int:
    # Most papers have 2-6 authors; a few collaborations have up to 30.
    r = rng.random()
    if r < 0.1:
        return 1
    if r < 0.85:
        return rng.randint(2, 6)
    return rng.randint(7, 30)


def iter_records(n: int, seed: int = 6) -> Iterator[dict]:
    """``n`` arXiv-like records, deterministic for a given ``seed``."""
    rng = random.Random(seed)
    for i in range(n):
        year = 2015 + i // 99999
        month = rng.randint(1, 12)
        arxiv_id = f"{year % 100:02d}{month:02d}.{i % 99999 + 1:05d}"
        cats = rng.sample(_CATS, rng.randint(1, 3))
        rec = {
            "id": arxiv_id,
            "title": _title(rng),
            "authors": [(rng.choice(_FAMILY), rng.choice(_GIVEN)) for _ in range(_author_count(rng))],
            "abstract": _abstract(rng),
            "year": year, "month": month, "day": rng.randint(1, 28),
            "categories": cats,
            "doi": f"10.{1000 + rng.randrange(9000)}/x{i}" if rng.random() < 0.2 else None,
            "journal": rng.choice(_JOURNALS) if rng.random() < 0.2 else None,
            "comments": f"{rng.randint(4, 60)} pages, {rng.randint(1, 12)} figures" if rng.random() < 0.5 else None,
            "versions": rng.randint(1, 4),
        }
        yield rec


def records(n: int, seed: int = 6) -> list[dict]:
    """``n`` records as a list (see :func:`iter_records`)."""
    return list(iter_records(n, seed))


def _tex(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


_BIB = dict(_ACCENTS)


def to_bib(recs: list[dict]) -> str:
    """The records as one .bib text, accents as ``{\\"u}``, math kept, one @article/@misc each."""
    out = []
    for i, r in enumerate(recs):
        authors = " and ".join(f"{_tex(f, _BIB)}, {_tex(g, _BIB)}" for f, g in r["authors"])
        etype = "article" if r["journal"] else "misc"
        lines = [f"@{etype}{{rec{i},",
                 f"  title = {{{_tex(r['title'], _BIB)}}},",
                 f"  author = {{{authors}}},",
                 f"  year = {{{r['year']}}},"]
        if r["journal"]:
            lines.append(f"  journal = {{{r['journal']}}},")
        if r["doi"]:
            lines.append(f"  doi = {{{r['doi']}}},")
        lines += [f"  eprint = {{{r['id']}}},", "  archivePrefix = {arXiv},",
                  f"  primaryClass = {{{r['categories'][0]}}},",
                  f"  abstract = {{{r['abstract']}}},", "}"]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def to_csl_json(recs: list[dict]) -> str:
    """The records as a CSL-JSON list (Unicode names, the arXiv form Zotero uses)."""
    items = []
    for r in recs:
        item = {
            "id": r["id"], "type": "article", "title": r["title"],
            "author": [{"family": f, "given": g} for f, g in r["authors"]],
            "issued": {"date-parts": [[r["year"], r["month"], r["day"]]]},
            "abstract": r["abstract"], "publisher": "arXiv", "number": f"arXiv:{r['id']}",
            "URL": f"https://arxiv.org/abs/{r['id']}",
            "custom": {"arxiv-id": r["id"], "arxiv-primary-class": r["categories"][0],
                       "arxiv-categories": r["categories"]},
        }
        if r["journal"]:
            item["type"] = "article-journal"
            item["container-title"] = r["journal"]
        if r["doi"]:
            item["DOI"] = r["doi"]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1)


def _wrap(text: str, width: int = 80) -> str:
    """Wrapped the way arXiv's metadata wraps titles and abstracts (newlines, leading spaces)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def snapshot_line(r: dict) -> str:
    """One record as a line of arXiv's metadata snapshot (JSON, TeX accents, wrapped text)."""
    fams = [(_tex(f, _SNAP_ACCENTS), _tex(g, _SNAP_ACCENTS)) for f, g in r["authors"]]
    versions = []
    for v in range(r["versions"]):
        day = min(28, r["day"] + 3 * v)
        versions.append({"version": f"v{v + 1}",
                         "created": f"{_DAYS[(day + v) % 7]}, {day} {_MONTHS[r['month'] - 1]} {r['year']} 12:{10 + v}:42 GMT"})
    rec = {
        "id": r["id"], "submitter": fams[0][1] + " " + fams[0][0],
        "authors": ", ".join(f"{g} {f}" for f, g in fams),
        "title": _wrap(r["title"], 70), "comments": r["comments"], "journal-ref": r["journal"],
        "doi": r["doi"], "report-no": None, "categories": " ".join(r["categories"]), "license": None,
        "abstract": "  " + _wrap(r["abstract"]) + "\n",
        "versions": versions,
        "update_date": f"{r['year']}-{r['month']:02d}-{r['day']:02d}",
        "authors_parsed": [[f, g, ""] for f, g in fams],
    }
    return json.dumps(rec)


def write_snapshot(path: str, n: int, seed: int = 6) -> None:
    """Write ``n`` snapshot lines to ``path`` (streamed: any ``n`` fits in memory)."""
    with open(path, "w", encoding="utf-8") as handle:
        for r in iter_records(n, seed):
            handle.write(snapshot_line(r))
            handle.write("\n")
