"""Verification: does an arXiv record describe the same paper as a listed entry?

A wrong match is worse than none, so a hit is accepted only on evidence: the title
(normalized, with a strict fuzzy tolerance for punctuation and TeX), and every other
thing the listing states (author names, author count, abstract) must agree. A fuzzy
title needs corroboration from authors or abstract; a title with nothing else stated
must be equal and long enough not to be generic.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..ids import normalize_text, normalize_title
from ..model import Entry, Name
from .record import Record

__all__ = ["Verdict", "verify", "title_key", "titles_close", "abstract_similarity", "pick"]

#: rapidfuzz ratio (0-100) two normalized titles need to count as "the same, but for tiny differences".
TITLE_FUZZY = 96.0
#: Abstract similarity that counts as agreement / as proof on its own (abstract-only entries).
ABSTRACT_AGREES = 90.0
#: An abstract this close (and long) is the same text: it proves a paper whose title changed.
ABSTRACT_SAME = 98.0
#: How long (normalized characters) an abstract must be to prove identity on its own.
ABSTRACT_PROOF_LENGTH = 300
#: Below this the abstracts are plainly different texts.
ABSTRACT_DIFFERS = 60.0
#: Share of the listed authors that must be found among arXiv's.
AUTHORS_FOUND = 0.8
#: A title with nothing else stated must have at least this many words.
LONE_TITLE_WORDS = 4


@dataclass(slots=True)
class Verdict:
    """The outcome of comparing one entry with one record: accepted or not, a score, and why."""

    ok: bool
    score: float
    reason: str


def title_key(title: str) -> str:
    """The space-free normalized title ("LLM's" and "LLMs" agree)."""
    return normalize_title(title).replace(" ", "").replace("_", "")


def titles_close(a: str, b: str) -> float:
    """0-100: 100 when the normalized titles are equal, else rapidfuzz's ratio of the space-free forms."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    return float(fuzz.ratio(ka, kb))


def abstract_similarity(stated: str, found: str) -> float:
    """0-100: how much ``stated`` (maybe truncated or with TeX stripped) reads as ``found``."""
    a, b = normalize_text(stated), normalize_text(found)
    if not a or not b:
        return 0.0
    whole = fuzz.ratio(a, b)
    # A listing may cut the abstract short: then it should be a near-exact part of arXiv's.
    if len(a) < len(b) and len(a) >= 200:
        whole = max(whole, fuzz.partial_ratio(a, b))
    return float(whole)


def _name_key(name: Name) -> tuple[str, str]:
    """(family, full) in space-free normalized form."""
    if name.literal:
        full = normalize_text(name.literal).replace(" ", "")
        last = normalize_text(name.literal).split(" ")[-1] if normalize_text(name.literal) else ""
        return last, full
    family = normalize_text(name.family or "").replace(" ", "")
    full = normalize_text(f"{name.given or ''} {name.family or ''}").replace(" ", "")
    return family, full


def _same_person(stated: Name, found: Name) -> bool:
    s_family, s_full = _name_key(stated)
    f_family, f_full = _name_key(found)
    if not s_family or not f_family:
        return False
    # Particles may sit in either part ("van Hasselt" / "Hasselt"): compare name endings.
    return s_family == f_family or f_full.endswith(s_family) or s_full.endswith(f_family)


def authors_agree(stated: list[Name], found: list[Name]) -> bool:
    """True when (nearly) every listed author is among arXiv's authors and the list is no longer."""
    if not stated or not found or len(stated) > len(found):
        return False
    hits = sum(1 for s in stated if any(_same_person(s, f) for f in found))
    if hits == len(stated):
        return True
    # A misspelt name or two in a long list, but the first author must be right.
    return hits >= AUTHORS_FOUND * len(stated) and _same_person(stated[0], found[0])


def verify(entry: Entry, record: Record) -> Verdict:
    """Compare ``entry`` with ``record`` on everything the entry states; any contradiction rejects.

    Strong evidence: the author names agree, or the abstracts agree. Weak: the author
    count agrees. An exact title needs some evidence (or, alone, enough words); a title
    that differs slightly needs strong evidence; an abstract-only entry needs its abstract.
    """
    strong: list[str] = []
    weak: list[str] = []
    if entry.author:
        if not authors_agree(entry.author, record.names()):
            return Verdict(False, 0.0, "the authors differ")
        strong.append("authors")
    abstract = None
    if entry.abstract and record.summary:
        abstract = abstract_similarity(entry.abstract, record.summary)
        if abstract >= ABSTRACT_AGREES:
            strong.append("abstract")
        elif abstract < ABSTRACT_DIFFERS and "authors" not in strong:
            # Plainly another text, and no author list vouches for the hit: unsure is a no.
            return Verdict(False, 0.0, f"the abstracts differ (similarity {abstract:.0f})")
    closeness = titles_close(entry.title, record.title) if entry.title else None
    if entry.author_count is not None:
        if entry.author_count != len(record.authors):
            # Listings and arXiv count differently now and then (long lists cut short);
            # only an equal title and the same abstract outweigh a wrong count.
            if not (closeness == 100 and "abstract" in strong):
                return Verdict(False, 0.0, f"{entry.author_count} authors listed, arXiv has {len(record.authors)}")
        else:
            weak.append("author count")
    evidence = "".join(f", {e}" for e in strong + weak)

    if entry.title and closeness is not None:
        if (closeness < TITLE_FUZZY and abstract is not None and abstract >= ABSTRACT_SAME
                and len(normalize_text(entry.abstract or "")) >= ABSTRACT_PROOF_LENGTH):
            # Titles change between versions; a long abstract that is the same text proves it.
            return Verdict(True, closeness + 10 * len(strong) + 5 * len(weak), "abstract (title changed)" + evidence)
        if closeness < TITLE_FUZZY:
            return Verdict(False, 0.0, f"the titles differ (similarity {closeness:.0f})")
        if closeness < 100 and not strong:
            return Verdict(False, 0.0, "the titles differ slightly and neither authors nor abstract confirm it")
        if not strong and not weak and len(normalize_title(entry.title).split()) < LONE_TITLE_WORDS:
            return Verdict(False, 0.0, "a short title alone is not enough to be sure")
        score = closeness + (20 if closeness == 100 else 0) + 10 * len(strong) + 5 * len(weak)
        return Verdict(True, score, "title" + evidence)

    # No title: only the abstract can prove it.
    if "abstract" in strong and len(normalize_text(entry.abstract or "")) >= 100:
        return Verdict(True, 100 + 10 * len(strong) + 5 * len(weak) + (abstract or 0) / 100, evidence.lstrip(", "))
    return Verdict(False, 0.0, "nothing but the abstract to go on, and it does not match closely enough")


def pick(entry: Entry, records: list[Record]) -> tuple[Record | None, str]:
    """The one record that verifiably is ``entry``, or None and why not (no candidate, none verified, ambiguous)."""
    if not records:
        return None, "no candidate"
    verdicts = [(verify(entry, r), r) for r in records]
    good = sorted(((v, r) for v, r in verdicts if v.ok), key=lambda vr: -vr[0].score)
    if not good:
        reasons = sorted({v.reason for v, _ in verdicts})
        return None, "no candidate verified (" + "; ".join(reasons[:3]) + ")"
    ids = {r.arxiv_id for _, r in good}
    if len(ids) > 1 and good[0][0].score - good[1][0].score < 5:
        shown = ", ".join(sorted(ids)[:4])
        return None, f"ambiguous: several arXiv papers match ({shown})"
    return good[0][1], good[0][0].reason
