"""Where users put an entry's arXiv id: ``eprint``, ``arxiv``, ``url``, an arXiv DOI, ``journal``, ``note``, ...

:data:`ID_FIELDS` is the table of places, in the order they are trusted: a field made
for the id first, then links, then free text that must mention arXiv. Every place is
read, so two places naming different papers are caught (``conflict``) instead of one
silently winning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from ..ids import ARXIV_DOI_PREFIX, ArxivId, find_arxiv_ids, parse_arxiv_id

__all__ = ["IdFinding", "find_arxiv_id", "ID_FIELDS"]

#: (field, how it holds the id): ``id`` the field is the id, ``url`` an arxiv.org link,
#: ``doi`` arXiv's DOI, ``text`` free text that names arXiv, ``corr`` DBLP's (and Semantic Scholar's) ``abs/ID`` volume.
ID_FIELDS: tuple[tuple[str, str], ...] = (
    ("eprint", "id"),
    ("arxiv", "id"),
    ("arxivid", "id"),
    ("arxiv_id", "id"),
    ("doi", "doi"),
    ("url", "url"),
    ("howpublished", "text"),
    ("journal", "text"),
    ("journaltitle", "text"),
    ("booktitle", "text"),
    ("number", "text"),
    ("volume", "corr"),
    ("note", "text"),
    ("pages", "text"),
    ("publisher", "text"),
    ("institution", "text"),
    ("eprinttype", "none"),
)
_ARXIV_WORD = re.compile(r"arxiv|\bcorr\b", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|format|html)/", re.IGNORECASE)


@dataclass(slots=True)
class IdFinding:
    """The arXiv id of an entry, the fields that name it, and other ids named elsewhere in it."""

    arxiv_id: ArxivId
    fields: list[str] = field(default_factory=list)
    conflict: dict[str, str] = field(default_factory=dict)  # field -> another id it names


def _ids_in(kind: str, value: str, lowered: Mapping[str, str]) -> list[ArxivId]:
    value = value.strip()
    if not value:
        return []
    if kind == "id":
        found = parse_arxiv_id(value)
        return [found] if found else []
    if kind == "doi":
        head = value.lower()
        for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
            if head.startswith(prefix):
                value = value[len(prefix):].strip()
                break
        if value.casefold().startswith(ARXIV_DOI_PREFIX.casefold()):
            found = parse_arxiv_id(value[len(ARXIV_DOI_PREFIX):])
            return [found] if found else []
        return []
    if kind == "url":
        return find_arxiv_ids(value) if _ARXIV_URL.search(value) else []
    if kind == "corr":
        # DBLP: journal = {CoRR}, volume = {abs/1706.03762}; Semantic Scholar: journal = {ArXiv}, the same volume
        m = re.fullmatch(r"abs/(\S+)", value)
        if m and _ARXIV_WORD.search(lowered.get("journal", "")):
            found = parse_arxiv_id(m.group(1))
            return [found] if found else []
        return []
    if kind == "text":
        return find_arxiv_ids(value) if _ARXIV_WORD.search(value) else []
    return []


def find_arxiv_id(fields: Mapping[str, str]) -> IdFinding | None:
    """The arXiv id named by an entry's fields (lower-case name -> value text), or None.

    ``eprint`` counts only when ``archivePrefix``/``eprinttype`` is arXiv or absent.
    """
    lowered = {k.lower(): v for k, v in fields.items()}
    prefix = (lowered.get("archiveprefix") or lowered.get("eprinttype") or "arxiv").strip().casefold()
    finding: IdFinding | None = None
    for name, kind in ID_FIELDS:
        value = lowered.get(name)
        if not value:
            continue
        if name == "eprint" and prefix != "arxiv":
            continue
        for found in _ids_in(kind, value, lowered):
            if finding is None:
                finding = IdFinding(found, [name])
            elif found.id == finding.arxiv_id.id:
                if name not in finding.fields:
                    finding.fields.append(name)
                if finding.arxiv_id.version is None and found.version is not None:
                    finding.arxiv_id = found
            else:
                finding.conflict.setdefault(name, str(found))
    return finding
