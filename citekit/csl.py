"""The Entry <-> CSL-JSON mapping, both directions from one table.

Preprints take the form Zotero gives them (type ``article``, ``publisher: "arXiv"``,
``number: "arXiv:ID"``, the arXiv DOI unless a published DOI is known). What CSL has no
variable for (arXiv class, comment, author count, upvotes, a date without a year) goes
into CSL-JSON's ``custom`` object so that reading our own output loses nothing.
"""

from __future__ import annotations

from typing import Any

from .ids import ARXIV_DOI_PREFIX, parse_arxiv_id
from .model import Entry, Name, PartialDate, Problem, Provenance

__all__ = ["entry_to_csl", "csl_to_entry", "is_published", "arxiv_url", "PLAIN_FIELDS"]

#: Entry field -> CSL variable, for string fields that map one to one.
PLAIN_FIELDS: dict[str, str] = {
    "title": "title",
    "abstract": "abstract",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "DOI": "DOI",
    "URL": "URL",
    "publisher": "publisher",
    "number": "number",
    "note": "note",
}

#: Entry field -> key inside CSL ``custom`` (our extension, allowed by the schema).
CUSTOM_FIELDS: dict[str, str] = {
    "arxiv_id": "arxiv-id",
    "arxiv_version": "arxiv-version",
    "primary_class": "arxiv-primary-class",
    "categories": "arxiv-categories",
    "journal_ref": "journal-ref",
    "comment": "arxiv-comment",
    "author_count": "author-count",
    "upvotes": "upvotes",
}

CSL_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic "
    "collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing "
    "interview legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference "
    "patent performance periodical personal_communication post post-weblog regulation report review "
    "review-book software song speech standard thesis treaty webpage".split()
)


def arxiv_url(arxiv_id: str) -> str:
    """The abstract page of an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def is_published(entry: Entry) -> bool:
    """True when a published version is known: a journal reference, venue, or a non-arXiv DOI."""
    doi = entry.DOI or ""
    return bool(
        entry.journal_ref
        or entry.container_title
        or (doi and not doi.lower().startswith(ARXIV_DOI_PREFIX.lower()))
    )


def entry_to_csl(entry: Entry) -> dict[str, Any]:
    """One CSL-JSON item for ``entry`` (its ``id`` is the citation key)."""
    item: dict[str, Any] = {"id": entry.key or entry.arxiv_id or entry.DOI or "item", "type": entry.type}
    if item["type"] not in CSL_TYPES:
        item["type"] = "article"
    for name, var in PLAIN_FIELDS.items():
        value = getattr(entry, name)
        if value:
            item[var] = value
    if entry.author:
        item["author"] = [n.to_csl() for n in entry.author]
    custom: dict[str, Any] = {}
    if entry.issued is not None:
        if entry.issued.year is not None:
            item["issued"] = {"date-parts": [entry.issued.parts()]}
        else:
            # CSL dates need a year first; a listing that printed none keeps its date here.
            custom["listed-date"] = entry.issued.iso()
    for name, key in CUSTOM_FIELDS.items():
        value = getattr(entry, name)
        if value not in (None, "", []):
            custom[key] = value
    if entry.arxiv_id:
        published = is_published(entry)
        if not published:
            item["type"] = "article"
            item.setdefault("publisher", "arXiv")
            item.setdefault("number", f"arXiv:{entry.arxiv_id}")
            item.setdefault("DOI", f"{ARXIV_DOI_PREFIX}{entry.arxiv_id}")
        else:
            if item["type"] == "article":
                item["type"] = "article-journal"
            if "container-title" not in item and entry.journal_ref:
                item["container-title"] = entry.journal_ref
        item.setdefault("URL", arxiv_url(entry.arxiv_id))
    if entry.categories:
        item["keyword"] = ", ".join(entry.categories)
    if custom:
        item["custom"] = custom
    return item


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def _date(value: Any) -> PartialDate | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        nums = [int(p) for p in parts[0][:3] if str(p).strip().lstrip("-").isdigit()]
        if nums:
            return PartialDate(*nums)
    raw = value.get("raw") or value.get("literal")
    if isinstance(raw, str) and raw[:4].isdigit():
        return PartialDate.from_iso(raw)
    return None


def csl_to_entry(item: dict[str, Any], prov: Provenance) -> tuple[Entry, list[Problem]]:
    """An Entry from one CSL-JSON item; unusable values become problems, never exceptions."""
    problems: list[Problem] = []
    entry = Entry()
    entry.add_source(prov)
    ctype = _text(item.get("type")) or "article"
    if ctype not in CSL_TYPES:
        problems.append(Problem(f"unknown CSL type {ctype!r}; read as 'article'", prov.origin, prov.line))
        ctype = "article"
    entry.type = ctype
    if _text(item.get("id")):
        entry.key = _text(item.get("id"))
    for name, var in PLAIN_FIELDS.items():
        entry.set(name, _text(item.get(var)), prov)
    names = []
    for raw in item.get("author") or []:
        if isinstance(raw, dict):
            try:
                names.append(Name.from_csl(raw))
            except ValueError:
                problems.append(Problem(f"an author with no name: {raw!r}", prov.origin, prov.line))
    entry.set("author", names, prov)
    try:
        entry.set("issued", _date(item.get("issued")), prov)
    except ValueError as exc:
        problems.append(Problem(f"impossible issued date ({exc})", prov.origin, prov.line))
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    for name, key in CUSTOM_FIELDS.items():
        value = custom.get(key)
        if name in {"arxiv_version", "author_count", "upvotes"}:
            value = value if isinstance(value, int) else None
        elif name == "categories":
            value = [str(v) for v in value] if isinstance(value, list) else None
        else:
            value = _text(value)
        entry.set(name, value, prov)
    if entry.issued is None and isinstance(custom.get("listed-date"), str):
        try:
            listed = custom["listed-date"]
            bits = listed.lstrip("-").split("-")
            entry.set("issued", PartialDate(None, int(bits[0]), int(bits[1]) if len(bits) > 1 else None), prov)
        except (ValueError, IndexError):
            problems.append(Problem(f"unreadable listed-date {custom['listed-date']!r}", prov.origin, prov.line))
    # Zotero-style preprints carry the arXiv id in number / DOI / URL.
    if not entry.arxiv_id:
        for candidate in (entry.number, entry.DOI and entry.DOI.replace(ARXIV_DOI_PREFIX, ""), entry.URL):
            found = parse_arxiv_id(candidate) if candidate else None
            if found:
                entry.set("arxiv_id", found.id, prov)
                entry.set("arxiv_version", found.version, prov)
                break
    if not entry.categories and _text(item.get("keyword")) and entry.arxiv_id:
        entry.set("categories", [c.strip() for c in str(item["keyword"]).split(",") if c.strip()], prov)
    return entry, problems
