"""Filling an entry from a verified arXiv record, through the trust policy of :func:`citekit.model.assign`.

Missing fields are filled; stated ones are kept unless ``overwrite``; a real
disagreement becomes a warning naming both values. Differences that are only
spelling (punctuation in a title, "Wu, T." for "Tianhao Wu", a date without its year,
a truncated abstract) are agreement, not conflicts.
"""

from __future__ import annotations

from typing import Any

from ..ids import ARXIV_DOI_PREFIX, normalize_title, parse_doi
from ..journalref import JournalRef, parse_journal_ref, published_fields
from ..model import Entry, Name, PartialDate, Problem, Provenance
from .record import Record, canonical_id
from .match import ABSTRACT_AGREES, abstract_similarity, authors_agree

__all__ = ["fill", "publish", "publish_parts", "published_date", "LISTING_DATE_SOURCES", "LISTED_DATE"]

#: Readers whose date is the day a page listed the paper, not the day it was published.
LISTING_DATE_SOURCES = frozenset({"hf-daily"})
#: Where a listing date is kept once arXiv's first-version date takes ``issued``: CSL-JSON's ``custom``.
LISTED_DATE = "listed-date"


def published_date(record: Record) -> PartialDate | None:
    """The date of the first version, from ``<published>``."""
    if not record.published:
        return None
    try:
        return PartialDate.from_iso(record.published)
    except ValueError:
        return None


def _compatible(stated: PartialDate, found: PartialDate) -> bool:
    """True when every part ``stated`` gives agrees with ``found`` (``Mar 4`` fits 2025-03-04)."""
    return all(s is None or s == f for s, f in zip((stated.year, stated.month, stated.day), (found.year, found.month, found.day)))


def _equivalent(name: str, stated: Any, found: Any) -> bool:
    """Values that differ only in form, so keeping the stated one is no conflict."""
    if name == "title":
        return normalize_title(stated) == normalize_title(found)
    if name == "author":
        return len(stated) == len(found) and authors_agree(stated, found)
    if name == "abstract":
        return abstract_similarity(stated, found) >= ABSTRACT_AGREES
    if name in {"comment", "journal_ref"}:
        return normalize_title(stated) == normalize_title(found)
    if name == "DOI":
        return str(stated).casefold() == str(found).casefold()
    if name == "arxiv_id":
        return canonical_id(stated) == canonical_id(found)
    return False


def _fill_date(entry: Entry, date: PartialDate, prov: Provenance, overwrite: bool) -> list[Problem]:
    """``issued`` becomes arXiv's first-version date unless a stated publication date disagrees.

    A listing page's date (Hugging Face's "Mar 4") is when the paper was listed, so it
    moves to ``custom.listed-date`` and arXiv's date takes its place. A stated date with
    parts missing is completed. A stated date without a year cannot date a citation, so
    arXiv's replaces it (the old one is reported). A full stated date that disagrees is
    kept, with a warning.
    """
    stated = entry.issued
    if stated is None or stated == date:
        problem = entry.set("issued", date, prov)
        return [problem] if problem else []
    where = entry.where("issued")
    if where is not None and where.source in LISTING_DATE_SOURCES:
        custom = entry.vars.setdefault("custom", {})
        custom.setdefault(LISTED_DATE, stated.iso())
        entry.set("issued", date, prov, overwrite=True)
        return []
    if _compatible(stated, date):
        # A listing's "Mar 4" is the same date with parts missing: complete it.
        entry.set("issued", date, prov, overwrite=True)
        return []
    if stated.year is None:
        problem = entry.set("issued", date, prov, overwrite=True)
        return [problem] if problem else []
    problem = entry.set("issued", date, prov, overwrite=overwrite)
    return [problem] if problem else []


def fill(entry: Entry, record: Record, prov: Provenance, *, overwrite: bool) -> list[Problem]:
    """Set every field ``record`` knows on ``entry``; returns the conflicts."""
    problems: list[Problem] = []

    def put(name: str, value: Any) -> None:
        if value in (None, "", []):
            return
        current = getattr(entry, name)
        if current not in (None, "", []) and not overwrite and _equivalent(name, current, value):
            return  # the same thing said differently: keep the listing's form quietly
        problem = entry.set(name, value, prov, overwrite=overwrite)
        if problem is not None:
            problems.append(problem)

    entry.add_source(prov)
    put("arxiv_id", record.arxiv_id)
    if entry.arxiv_version is None:
        # A stated version is a citation of that version, not a disagreement with the latest.
        put("arxiv_version", record.version)
    put("title", record.title)
    names: list[Name] = record.names()
    put("author", names)
    date = published_date(record)
    if date is not None:
        problems.extend(_fill_date(entry, date, prov, overwrite))
    put("abstract", record.summary)
    put("primary_class", record.primary_category)
    put("categories", list(record.categories))
    doi = parse_doi(record.doi) if record.doi else None
    if doi and entry.DOI and entry.DOI.casefold().startswith(ARXIV_DOI_PREFIX.casefold()):
        # arXiv's own DOI only stood in until the published one was known.
        entry.set("DOI", doi, prov, overwrite=True)
    else:
        put("DOI", doi)
    put("journal_ref", record.journal_ref)
    put("comment", record.comment)
    problems.extend(publish(entry, parse_journal_ref(record.journal_ref) if record.journal_ref else None, prov,
                            overwrite=overwrite))
    return problems


def publish(entry: Entry, ref: JournalRef | None, prov: Provenance, *, overwrite: bool = False) -> list[Problem]:
    """Make a preprint its published version from a journal reference read with confidence.

    The parts go into the entry's own fields (journalref's one mapping), so every writer
    gives the same type. A reference that was not read with confidence changes nothing:
    the entry stays a preprint and keeps the reference as written (``journal_ref``).
    """
    return publish_parts(entry, published_fields(ref), prov, overwrite=overwrite)


def publish_parts(entry: Entry, parts: dict[str, str] | None, prov: Provenance, *,
                  overwrite: bool = False) -> list[Problem]:
    """Set the published version's fields (``journalref.published_fields``'s shape) on a preprint."""
    if parts is None or entry.type not in _PREPRINT_TYPES:
        return []
    stated = entry.container_title or entry.vars.get("container-title")
    if stated and normalize_title(str(stated)) != normalize_title(parts["container_title"]):
        return []  # the entry names another venue; the user's record wins
    problems: list[Problem] = []
    for name in ("container_title", "volume", "issue", "page"):
        if name in parts and entry.is_empty(name):
            problem = entry.set(name, parts[name], prov, overwrite=overwrite)
            if problem is not None:
                problems.append(problem)
    year = int(parts["year"]) if "year" in parts else None
    where = entry.where("issued")
    if entry.issued is not None and entry.issued != PartialDate(year) and year:
        # The preprint's own date stays known (CSL-JSON's custom object), for a reader that wants it.
        entry.vars.setdefault("custom", {}).setdefault(ARXIV_DATE, entry.issued.iso())
    if year and (entry.issued is None or (where is not None and where.source in (prov.source, "arxiv-api")
                                          and entry.issued != PartialDate(year))):
        # A citation of the published paper gives the year it was published, not the preprint's
        # date (whose month would pass for the journal's).
        entry.set("issued", PartialDate(year), prov, overwrite=True)
    entry.type = parts["type"]
    entry.provenance["type"] = [prov]
    return problems


#: Where the first version's date is kept once ``issued`` is the published year (CSL-JSON's ``custom``).
ARXIV_DATE = "arxiv-published"
#: Types a preprint has before it is known as published (what enrichment may upgrade).
_PREPRINT_TYPES = frozenset({"article", "article-journal", "paper-conference"})
