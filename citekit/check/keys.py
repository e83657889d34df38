"""Rules on keys and identity: duplicate keys, crossrefs to nowhere, the same work under two keys."""

from __future__ import annotations

import re
from typing import Iterator

from ..ids import normalize_title, parse_doi
from .arxiv import arxiv_id_of
from .common import first_family, isbn13, text_of, year_of
from .rules import Context, Hit, rule
from .source import SourceEntry

__all__ = ["duplicate_keys", "missing_key", "crossref_missing", "same_identifier", "similar_title"]

#: Types whose ISBN identifies the work itself (a chapter shares its book's ISBN).
_WHOLE_BOOKS = frozenset(
    "book mvbook collection mvcollection proceedings mvproceedings reference mvreference manual booklet "
    "thesis phdthesis mastersthesis periodical".split()
)
_NUMERIC = re.compile(r"\b(?:\d+|[ivxlc]+)\b")
#: A (first author, year) group up to this size has every pair of titles compared; real groups
#: are far smaller. A larger one (a crafted file: 14,000 entries of one author and year made
#: ``check`` run for minutes) compares each title with its neighbours in two sort orders only.
FULL_COMPARISON_GROUP = 300
#: How many neighbours on each side, in title order and in reversed-title order.
NEIGHBOURS = 12


@rule("key-duplicate", "error", "two entries share a key (bibtex keeps the first, biber the first with a warning)",
      scope="file", formats=("bib", "csl"))
def duplicate_keys(ctx: Context) -> Iterator[Hit]:
    """Every entry after the first whose key (case-insensitively) is taken."""
    seen: dict[str, SourceEntry] = {}
    for entry in ctx.file.entries:
        k = entry.key.lower()
        if not k.strip():
            continue  # key-missing says it
        first = seen.get(k)
        if first is None:
            seen[k] = entry
            continue
        same = first.key == entry.key
        how = "is already used" if same else f"differs only in case from {first.key!r}"
        yield Hit(entry, None, f"key {entry.key!r} {how} by the entry on line {first.line}")


@rule("key-missing", "error", "an entry with no citation key (it cannot be cited; bibtex and biber complain)",
      formats=("bib", "csl"))
def missing_key(ctx: Context, entry) -> Iterator[Hit]:
    """``@misc{, title = ...}`` or a CSL item without an ``id``."""
    if not entry.key.strip():
        yield Hit(entry, None, f"this @{entry.type or 'item'} has no key")


@rule("key-crossref-missing", "error", "crossref or xdata names a key that is not in the file",
      modes=("bibtex", "biblatex"))
def crossref_missing(ctx: Context, entry) -> Iterator[Hit]:
    """A ``crossref``/``xref``/``xdata`` target that no entry of the file has."""
    for name in ("crossref", "xref", "xdata"):
        f = entry.get(name)
        if f is None or not f.text.strip():
            continue
        targets = f.text.split(",") if name == "xdata" else [f.text]
        for target in (t.strip() for t in targets):
            if target and target.lower() not in ctx.by_key:
                yield Hit(entry, f, f"{name} {target!r} is not an entry of this file")


def _ids(ctx: Context, entry) -> Iterator[tuple[str, str, str]]:
    """``(kind, normal form, field)`` of each strong identifier the entry carries."""
    csl = ctx.file.format == "csl"
    f = entry.get("DOI" if csl else "doi")
    if f is not None and (doi := parse_doi(f.text)):
        # arXiv's own DOIs (10.48550) name the preprint, which the eprint check covers.
        if not doi.lower().startswith("10.48550/"):
            yield "DOI", doi.lower(), f.name
    found = arxiv_id_of(entry, csl)  # eprint, arxiv fields, arXiv DOIs and URLs, "arXiv:" in a venue
    if found:
        yield "arXiv id", found[0], found[1]
    if entry.type.lower() in _WHOLE_BOOKS or (csl and entry.type == "book"):
        f = entry.get("ISBN" if csl else "isbn")
        if f is not None and (n := isbn13(f.text)):
            yield "ISBN", n, f.name


@rule("work-duplicate", "warning", "two keys carry the same DOI, arXiv id or ISBN: one work cited twice",
      scope="file", formats=("bib", "csl"))
def same_identifier(ctx: Context) -> Iterator[Hit]:
    """Entries after the first with an identifier another key already has."""
    seen: dict[tuple[str, str], SourceEntry] = {}
    for entry in ctx.file.entries:
        for kind, value, name in _ids(ctx, entry):
            first = seen.setdefault((kind, value), entry)
            if first is not entry and first.key.lower() != entry.key.lower():
                yield Hit(entry, entry.get(name), f"same {kind} {value} as {first.key!r} (line {first.line})")


def _links(entry) -> set[str]:
    """Keys the entry points to (crossref, xref, xdata, related, entryset), lower-cased."""
    out: set[str] = set()
    for name in ("crossref", "xref", "xdata", "related", "entryset"):
        value = text_of(entry, name)
        out.update(k.strip().lower() for k in value.split(",") if k.strip())
    return out


def _linked_sets(a, b, links: dict[int, set[str]], pointers: dict[str, set[str]]) -> bool:
    """True when one entry points to the other, both point to one entry, or a third points to both: a set built on purpose."""
    la, lb = links[id(a)], links[id(b)]
    ka, kb = a.key.lower(), b.key.lower()
    return kb in la or ka in lb or bool(la & lb) or bool(pointers.get(ka, set()) & pointers.get(kb, set()))


def earlier_candidates(norms: list[str]):
    """For entry ``i`` of a group, the indices of earlier entries whose titles are worth comparing, in order.

    Every earlier entry in a group of up to :data:`FULL_COMPARISON_GROUP`; beyond that, the
    :data:`NEIGHBOURS` nearest in sorted title order and in sorted reversed-title order (a
    near-identical title shares a long prefix or a long suffix), so the work stays linear.
    """
    if len(norms) <= FULL_COMPARISON_GROUP:
        return range
    near: list[set[int]] = [set() for _ in norms]
    for key in (lambda i: norms[i], lambda i: norms[i][::-1]):
        order = sorted(range(len(norms)), key=key)
        for pos, i in enumerate(order):
            for j in order[max(0, pos - NEIGHBOURS):pos + NEIGHBOURS + 1]:
                if j < i:
                    near[i].add(j)
    return lambda i: sorted(near[i])


@rule("work-similar-title", "warning", "near-identical title, same first author and year under another key",
      scope="file", formats=("bib", "csl"))
def similar_title(ctx: Context) -> Iterator[Hit]:
    """Pairs in one (first author, year) group whose normalized titles are at least 95% alike."""
    from rapidfuzz import fuzz

    csl = ctx.file.format == "csl"
    pointers: dict[str, set[str]] = {}  # key -> keys of the entries that point to it
    for entry in ctx.file.entries:
        for target in _links(entry):
            pointers.setdefault(target, set()).add(entry.key.lower())
    groups: dict[tuple[str, str], list[tuple[SourceEntry, str]]] = {}
    for entry in ctx.file.entries:
        title = text_of(entry, "title")
        family = first_family(entry, csl)
        year = year_of(entry, csl)
        if not title or not family or not year:
            continue
        norm = normalize_title(title)
        if len(norm) < 12:  # short titles ("Introduction") are shared by different works
            continue
        groups.setdefault((family, year), []).append((entry, norm))
    # Everything a pair needs is computed once per entry, so a large (author, year) group costs
    # one cheap comparison per pair: checking 5,000 CSL-JSON items stays in seconds.
    links = {id(e): _links(e) for members in groups.values() if len(members) > 1 for e, _ in members}
    ids: dict[int, set] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        facts = [(entry, norm, len(norm), _NUMERIC.findall(norm)) for entry, norm in members]
        earlier = earlier_candidates([norm for _, norm in members])
        for i, (entry, norm, size, numbers) in enumerate(facts):
            for other, onorm, osize, onumbers in (facts[j] for j in earlier(i)):
                # fuzz.ratio >= 95 needs the shorter title to be at least 0.905 of the longer one.
                if min(size, osize) < 0.9 * max(size, osize) or numbers != onumbers:
                    continue  # "Part I" and "Part II" are different works with near-identical titles
                if norm != onorm and fuzz.ratio(norm, onorm, score_cutoff=95) < 95:
                    continue
                if other.key.lower() == entry.key.lower() or _linked_sets(entry, other, links, pointers):
                    continue
                mine = ids.get(id(entry))
                if mine is None:
                    mine = ids[id(entry)] = set(_ids(ctx, entry))
                theirs = ids.get(id(other))
                if theirs is None:
                    theirs = ids[id(other)] = set(_ids(ctx, other))
                if mine & theirs:
                    continue  # work-duplicate reports the pair
                yield Hit(entry, entry.get("title"),
                          f"probably the same work as {other.key!r} (line {other.line}): same first author, year and title")
                break
