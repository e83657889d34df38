"""Rules that ask arXiv (``--enrich``): preprints arXiv knows as published, ids whose arXiv title differs."""

from __future__ import annotations

import re
from typing import Iterator

from ..ids import find_arxiv_ids, normalize_title, parse_arxiv_id
from .common import text_of
from .rules import Context, Hit, rule

__all__ = ["arxiv_id_of", "published", "title_differs", "lookup_failed"]

#: Venues that mean "still a preprint" when they stand in the journal field.
_PREPRINT_VENUE = re.compile(r"arxiv|corr|preprint|biorxiv|medrxiv|ssrn", re.I)


def arxiv_id_of(entry, csl: bool) -> tuple[str, str] | None:
    """``(id, field)`` of the entry's arXiv id: eprint, arxiv fields, arXiv DOIs, arxiv.org URLs, ``arXiv:`` in a venue."""
    if csl:
        for name in ("number", "DOI", "URL", "archive_location"):
            f = entry.get(name)
            if f is not None and isinstance(f.data, str):
                ids = find_arxiv_ids(f.data.replace("10.48550/arXiv.", "arXiv:").replace("10.48550/ARXIV.", "arXiv:"))
                if ids:
                    return ids[0].id, name
        return None
    prefix = (text_of(entry, "archiveprefix") or text_of(entry, "eprinttype")).lower()
    for name in ("eprint", "arxiv", "arxivid"):
        f = entry.get(name)
        if f is not None and (name != "eprint" or prefix in ("", "arxiv")):
            aid = parse_arxiv_id(f.text)
            if aid:
                return aid.id, name
    for name in ("doi", "url", "journal", "journaltitle", "note", "howpublished"):
        f = entry.get(name)
        if f is not None:
            ids = find_arxiv_ids(f.text.replace("10.48550/arXiv.", "arXiv:").replace("10.48550/ARXIV.", "arXiv:"))
            if ids:
                return ids[0].id, name
    return None


def _is_preprint(ctx: Context, entry) -> bool:
    """The entry cites the preprint: no DOI of a publisher and no venue other than arXiv/CoRR."""
    csl = ctx.file.format == "csl"
    doi = text_of(entry, "DOI" if csl else "doi")
    if doi and not doi.lower().startswith(("10.48550", "https://doi.org/10.48550")):
        return False
    if csl:
        venue = text_of(entry, "container-title")
        return not venue or bool(_PREPRINT_VENUE.search(venue))
    venue = text_of(entry, "journal") or text_of(entry, "journaltitle") or text_of(entry, "booktitle")
    return not venue or bool(_PREPRINT_VENUE.search(venue))


@rule("arxiv-published", "warning", "a preprint that arXiv knows as published (DOI or journal reference): cite the published version",
      formats=("bib", "csl"), needs="enrich")
def published(ctx: Context, entry) -> Iterator[Hit]:
    """arXiv's record has a DOI or journal reference while the entry still cites the preprint."""
    found = arxiv_id_of(entry, ctx.file.format == "csl")
    if not found or ctx.arxiv is None:
        return
    record = ctx.arxiv.get(found[0])
    if record is None or not (record.doi or record.journal_ref) or not _is_preprint(ctx, entry):
        return
    where = "; ".join(p for p in (record.journal_ref and f"journal reference {record.journal_ref!r}",
                                   record.doi and f"DOI {record.doi}") if p)
    venue = ctx.published_as.get(found[0])
    as_ = f" as {venue}" if venue else ""
    yield Hit(entry, entry.get(found[1]), f"arXiv:{found[0]} has been published{as_} ({where}); cite the published version")


@rule("arxiv-title-differs", "warning", "the title on arXiv differs from the entry's (a wrong id, or an old title)",
      formats=("bib", "csl"), needs="enrich")
def title_differs(ctx: Context, entry) -> Iterator[Hit]:
    """The entry's title and arXiv's title for its id are less than 90% alike."""
    from rapidfuzz import fuzz

    found = arxiv_id_of(entry, ctx.file.format == "csl")
    title = entry.get("title")
    if not found or ctx.arxiv is None or title is None or not title.text.strip():
        return
    record = ctx.arxiv.get(found[0])
    if record is None:
        if found[0] in ctx.arxiv:
            yield Hit(entry, entry.get(found[1]), f"arXiv has no paper {found[0]}", severity="error")
        return
    if not record.title:
        return
    ours, theirs = normalize_title(title.text), normalize_title(record.title)
    if ours != theirs and fuzz.ratio(ours, theirs) < 90 and fuzz.token_set_ratio(ours, theirs) < 95:
        yield Hit(entry, title, f"arXiv:{found[0]} is titled {record.title!r} on arXiv")


@rule("arxiv-lookup-failed", "warning", "an arXiv id that could not be checked against arXiv (unreachable, or offline and not cached)",
      formats=("bib", "csl"), needs="enrich")
def lookup_failed(ctx: Context, entry) -> Iterator[Hit]:
    """Entries whose arXiv id the enricher's client could not get an answer for."""
    found = arxiv_id_of(entry, ctx.file.format == "csl")
    if found and found[0] in ctx.arxiv_failed:
        yield Hit(entry, entry.get(found[1]), f"arXiv:{found[0]} not checked against arXiv: {ctx.arxiv_failed[found[0]]}")
