"""``fmt --merge-duplicates``: entries of one file proven to be the same paper become one.

Proof is the rule ``convert`` merges records by: a strong identifier agrees (DOI,
case-insensitive; arXiv id in any version, an arXiv DOI counting as the id) and nothing
contradicts it: title, first author's family name, year and type agree. Inside one file
``fmt`` asks more than ``convert``: every field the two entries share must hold the same
value (white space aside), because a merged entry holds one value per field and the user's
data is never dropped silently. Otherwise both stay and the pair is reported. The first
entry keeps its place and key, gains the fields only the other had, and the key merged away
is recorded for the key map; ``crossref``-like fields naming it follow.
"""

from __future__ import annotations

import re

from ..ids import ARXIV_DOI_PREFIX, normalize_title, parse_arxiv_id
from . import values as V
from .document import Document, EntryBlock, FieldItem

__all__ = ["merge_duplicates"]


def _text(e: EntryBlock, name: str) -> str | None:
    f = e.get(name)
    if f is None:
        return None
    inner = V.content(f.value)
    return re.sub(r"\s+", " ", inner if inner is not None else f.value).strip()


def _identifiers(e: EntryBlock) -> list[str]:
    ids: list[str] = []
    doi = _text(e, "doi")
    if doi:
        doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi, flags=re.I).lower()
        if doi.startswith(ARXIV_DOI_PREFIX.lower()):
            found = parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX):])
            if found:
                ids.append(f"arxiv:{found.id}")
        ids.append(f"doi:{doi}")
    for name in ("eprint", "arxiv", "arxivid"):
        value = _text(e, name)
        found = parse_arxiv_id(value) if value else None
        if found:
            ids.append(f"arxiv:{found.id}")
    return ids


def _first_family(e: EntryBlock) -> str:
    author = _text(e, "author") or ""
    first = re.split(r"\s+and\s+", author)[0]
    family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    return re.sub(r"[^a-z]", "", family.lower())


def _contradiction(a: EntryBlock, b: EntryBlock) -> str | None:
    """Why ``a`` and ``b`` cannot be one entry, or None."""
    if a.type.lower() != b.type.lower():
        return "type"
    ta, tb = _text(a, "title"), _text(b, "title")
    if ta and tb and normalize_title(ta) != normalize_title(tb):
        return "title"
    fa, fb = _first_family(a), _first_family(b)
    if fa and fb and fa != fb:
        return "first author"
    for f in b.live():
        other = a.get(f.name)
        mine, theirs = _text(a, f.name), _text(b, f.name)
        if f.name.lower() == "doi" and mine and theirs:  # DOIs are case-insensitive
            mine, theirs = mine.lower(), theirs.lower()
        if other is not None and mine != theirs:
            return f"field {f.name.lower()}"
    return None


def merge_duplicates(doc: Document, out, origin: str) -> None:
    """Merge the proven duplicates of ``doc`` in place, noting merges, refusals and key changes in ``out``."""
    first_by_id: dict[str, EntryBlock] = {}
    merged_into: dict[str, str] = {}
    gone: set[int] = set()
    for b in doc.blocks:
        if b.kind != "entry":
            continue
        e = b.entry
        target = None
        for ident in _identifiers(e):
            if ident in first_by_id:
                target = first_by_id[ident]
                break
        if target is None:
            for ident in _identifiers(e):
                first_by_id.setdefault(ident, e)
            continue
        why = _contradiction(target, e)
        if why:
            out.messages.append((e.line, f"{e.key}: possible duplicate of {target.key} (line {target.line}) "
                                         f"not merged: the {why} differs"))
            continue
        for f in e.live():
            if target.get(f.name) is None:
                target.fields.append(FieldItem(f.name, f.value, f.line, list(f.before), f.comment))
        gone.add(id(b))
        merged_into[e.key] = target.key
        out.key_changes.append((e.key, target.key, "merged into"))
        out.messages.append((e.line, f"{e.key}: merged into {target.key} (line {target.line})"))
    if not gone:
        return
    doc.blocks = [b for b in doc.blocks if id(b) not in gone]
    from .run import rename_keys

    rename_keys(doc, merged_into)
