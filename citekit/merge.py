"""Merging: entries that are the same paper become one, keeping every source, and only with proof.

Two kinds of entries meet here. **Records** come from a user's own library (the
``bibtex`` and ``csl-json`` readers): the user chose to keep each of them, so two
records join only when a strong identifier agrees (arXiv id, version-insensitive, an
arXiv DOI counting as the id; DOI, case-insensitive; ISBN together with the edition)
and nothing contradicts it: not the title, the first author's family name, the year,
the type, nor the file itself (two entries of one file are two records the user kept
side by side, never one; a key given twice there is made unique by :mod:`citekit.keys`).
An ISBN counts only for a book-like entry (a chapter or paper carries its book's ISBN). A shared identifier with a contradiction is reported as a
possible duplicate naming both keys and origins, and both entries stay.

**Listing entries** (abstract lines, profiles, arXiv listings, Hugging Face pages, id
lists) carry little, so they may also join by normalized title and by abstract
similarity, as always: but never a record, and never across differing arXiv ids, DOIs,
first authors or years.

Identity, strongest first: arXiv id, DOI, ISBN with edition, normalized title, then
abstract similarity. Abstracts are compared only where one side has no title (an
abstract-only line, an arXiv listing record), and only within buckets of abstracts that
share two of their first three four-word chunks; a pair matches when the shorter
abstract and the same length of the longer one (listings often truncate) are at least
90% alike. A bare abstract left over may still be another version's rewritten abstract
of a titled paper: it joins that paper only when the title's words are nearly all in it
and the two abstracts are alike as word sets, and no other paper fits. So the work grows
with the library, not with its square.

Fields combine through :func:`~citekit.model.assign` in order of first appearance, so
a disagreement becomes a problem instead of a silent overwrite. Three fields get a
gentler rule where the values agree in substance: printings of the same title keep the
first, similar abstracts keep the longer, and compatible partial dates (``Mar 4`` and
``2025-03-04``) keep the more complete. A group of one is passed through as it is.

Every merge that involves a keyed entry is reported (a warning naming both keys and
origins) and recorded in ``library.key_changes`` when it merges a key away; joins of
keyless listing lines (the same paper printed in two listings) are the ordinary work of
this stage and are not reported one by one. No entry is ever dropped: each is either in
the output or one of the sources of an output entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from .ids import ARXIV_DOI_PREFIX, isbns, normalize_text, normalize_title, parse_arxiv_id
from .model import (ENTRY_FIELDS, RECORD_SOURCES, Entry, KeyChange, Library, PartialDate, Problem, Provenance,
                    assign, is_record)

__all__ = ["merge", "FirstOfEachId", "same_abstract", "is_record", "RECORD_SOURCES", "MIN_ABSTRACT", "ABSTRACT_SIMILARITY",
           "paper_ids", "first_family", "stated_year", "titles_agree"]

#: Readers whose entries are records from a user's own library.
#: Normalized abstracts shorter than this are too short to identify a paper.
MIN_ABSTRACT = 200
#: rapidfuzz ratio (0-100) at which two abstracts count as the same.
ABSTRACT_SIMILARITY = 90.0
#: rapidfuzz ratio at which two printings of a title (behind one identifier) agree.
TITLE_SIMILARITY = 90.0
_CHUNK = 4  # words per bucket chunk
#: Share of a title's content words a rewritten abstract must contain to be joined to it.
TITLE_COVERAGE = 0.6
#: rapidfuzz token-set ratio two versions of one abstract must reach.
REWRITE_SIMILARITY = 70.0
_RARE = 20  # title words in more titles than this do not propose candidates
_PROPOSERS = 12  # only an abstract's rarest title words propose candidates
_MAX_REPS = 32  # groups remembered per identifier value that refused to join each other


#: A field of an :class:`_Identity` no value was added to: one shared empty set, so that 100,000
#: entries known by nothing do not hold 800,000 empty sets (~170 MB) while they merge.
_NONE: frozenset = frozenset()
_ID_SETS = ("arxiv", "doi", "isbn", "title", "family", "year", "type", "files")


@dataclass(slots=True)
class _Identity:
    """What a group of entries is known by; two groups that disagree must not join.

    Each set field is the shared empty :data:`_NONE` until :meth:`add` or :meth:`absorb` gives it a value.
    """

    arxiv: frozenset | set[str] = _NONE
    doi: frozenset | set[str] = _NONE
    isbn: frozenset | set[str] = _NONE  # "isbn13|edition"
    title: frozenset | set[str] = _NONE
    family: frozenset | set[str] = _NONE  # the first author's, folded
    year: frozenset | set[int] = _NONE  # stated years only (not guessed from an id)
    type: frozenset | set[str] = _NONE  # CSL types stated by records
    files: frozenset | set[str] = _NONE  # the files the group's records were read from
    record: bool = False
    #: A record whose title, first author and year are not read yet: only a record that
    #: shares an identifier with another entry is ever compared by them (see _Groups.known).
    pending: Entry | None = None

    def add(self, name: str, *values: Any) -> None:
        """Add ``values`` to the set field ``name`` (made the identity's own set on its first value)."""
        if not values:
            return
        current = getattr(self, name)
        if isinstance(current, frozenset):  # _NONE, or a set shared with other identities
            setattr(self, name, set(current).union(values))
        else:
            current.update(values)

    def share(self, name: str, value: Any, shared: dict[Any, frozenset]) -> None:
        """Make the empty set field ``name`` hold ``value`` alone, as a set shared with every identity holding just it."""
        if getattr(self, name):
            self.add(name, value)
        else:
            setattr(self, name, shared.get(value) or shared.setdefault(value, frozenset((value,))))

    def absorb(self, other: _Identity) -> None:
        """Take in everything ``other`` is known by (the groups have joined)."""
        for name in _ID_SETS:
            theirs = getattr(other, name)
            if theirs:
                self.add(name, *theirs)
        self.record = self.record or other.record


def _disjoint(a: set, b: set) -> bool:
    return bool(a) and bool(b) and not a & b


def _families_agree(a: set[str], b: set[str]) -> bool:
    """Whether some family name of ``a`` is one of ``b`` (``berg`` and ``vanderberg`` agree)."""
    return any(x == y or x.endswith(y) or y.endswith(x) for x in a for y in b)


def _titles_agree(a: set[str], b: set[str]) -> bool:
    """Whether some printing of the title in ``a`` says what one in ``b`` says."""
    from rapidfuzz import fuzz  # here, not at the top: `citekit --help` need not load it

    for x in a:
        for y in b:
            if x == y or (min(len(x), len(y)) >= 12 and (x.startswith(y) or y.startswith(x))):
                return True  # one printing dropped the subtitle
            if fuzz.ratio(x, y, score_cutoff=TITLE_SIMILARITY):
                return True
    return False


class _Groups:
    """Union-find over entry indices, refusing unions of groups whose identities conflict."""

    __slots__ = ("parent", "ident", "folded_families")

    def __init__(self, identities: list[_Identity], folded_families: dict[str, str] | None = None):
        self.parent = list(range(len(identities)))
        self.ident = identities
        self.folded_families = folded_families

    def known(self, root: int) -> _Identity:
        """The identity of the group ``root`` leads, with a pending record's title, author and year read now.

        Only a group of one can be pending: every join compares both groups first.
        """
        ident = self.ident[root]
        if ident.pending is not None:
            _describe(ident, ident.pending, self.folded_families)
            ident.pending = None
        return ident

    def find(self, i: int) -> int:
        """The representative of ``i``'s group."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def conflict(self, a: int, b: int, how: str, *, titles_must_agree: bool = False) -> str | None:
        """Why the groups of ``a`` and ``b`` must not join by ``how`` (strong: an arXiv id; identifier: a DOI or ISBN; title; abstract), or None."""
        ia, ib = self.known(self.find(a)), self.known(self.find(b))
        if _disjoint(ia.arxiv, ib.arxiv):
            return "their arXiv ids differ"
        if _disjoint(ia.doi, ib.doi):
            return "their DOIs differ"
        if _disjoint(ia.isbn, ib.isbn):
            return "their ISBNs or editions differ"
        if how not in ("strong", "identifier"):
            if ia.record or ib.record:
                return "a record from a user's library joins only by identifier"
            if titles_must_agree and _disjoint(ia.title, ib.title):
                return "their titles differ"
            if ia.family and ib.family and not _families_agree(ia.family, ib.family):
                return "their first authors differ"
            if _disjoint(ia.year, ib.year):
                return "their years differ"
            return None
        if not (ia.record or ib.record):
            if how == "identifier":
                # A DOI or ISBN (unlike an arXiv id) can be mistyped or reused in a dump: as for
                # records, listings whose first authors or years contradict it stay apart.
                if ia.family and ib.family and not _families_agree(ia.family, ib.family):
                    return "their first authors differ"
                if _disjoint(ia.year, ib.year):
                    return "their years differ"
            return None  # listing lines behind one arXiv id are one paper, as always
        shared_files = ia.files & ib.files
        if shared_files:
            return f"{min(shared_files)} keeps both as separate records"
        if ia.title and ib.title and not _titles_agree(ia.title, ib.title):
            return "their titles differ"
        if ia.family and ib.family and not _families_agree(ia.family, ib.family):
            return "their first authors differ"
        if _disjoint(ia.year, ib.year):
            return "their years differ"
        if _disjoint(ia.type, ib.type):
            return "their types differ"
        return None

    def union(self, a: int, b: int, how: str = "strong", *, titles_must_agree: bool = False) -> bool:
        """Join the groups of ``a`` and ``b`` unless they conflict; True if joined (or already one)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.conflict(ra, rb, how, titles_must_agree=titles_must_agree) is not None:
            return False
        if rb < ra:  # the earlier entry stays the representative
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.ident[ra].absorb(self.ident[rb])
        return True


def _var(entry: Entry, name: str) -> Any:
    """CSL variable ``name`` of ``entry``: from ``vars``, else the raw .bib field of that name."""
    value = entry.vars.get(name)
    if value in (None, "", []):
        fields = (entry.extra.get("bibtex") or {}).get("fields") or {}
        for key, raw in fields.items():
            if key.lower() == name.lower() and isinstance(raw, str):
                return raw.strip().strip("{}\"").strip()
    return value


_ORDINALS = {w: str(i) for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())}


def _edition(raw: Any) -> str:
    text = normalize_text(str(raw or ""))
    digits = re.match(r"\d+", text)
    if digits:
        return str(int(digits.group()))
    first = text.split(" ", 1)[0] if text else ""
    return _ORDINALS.get(first, text)


#: CSL types whose ISBN names the work itself (a chapter or a paper carries its book's ISBN).
ISBN_TYPES = frozenset({"book", "report", "thesis", "standard", "manuscript"})


def _isbns(entry: Entry) -> list[str]:
    if entry.type not in ISBN_TYPES:
        return []  # asked first: most entries are papers, and their ISBN (if any) is not looked up
    raw = _var(entry, "ISBN")
    if not raw or entry.container_title or entry.vars.get("container-title"):
        return []
    edition = _edition(_var(entry, "edition"))
    # ISBN-10 and ISBN-13 name the same book; an invalid ISBN (a typo) names none, so it joins nothing.
    return [f"{isbn}|{edition}" for isbn in isbns(str(raw))]


def _year(entry: Entry) -> int | None:
    issued = entry.vars.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        try:
            return int(parts[0][0])
        except (TypeError, ValueError, IndexError, KeyError):
            pass
    return entry.issued.year if entry.issued else None


def _first_family(entry: Entry, folded_families: dict[str, str] | None = None) -> str | None:
    """The first author's family name, folded; ``folded_families`` remembers the names one merge has folded."""
    if not entry.author:
        return None
    family = entry.author[0].full_family
    folded = folded_families.get(family) if folded_families is not None else None
    if folded is None:
        folded = normalize_text(family).replace(" ", "")
        if folded_families is not None:
            folded_families[family] = folded
    return folded or None


def _identity(entry: Entry, folded_families: dict[str, str] | None = None, *, records_later: bool = False,
              shared: dict[Any, frozenset] | None = None) -> _Identity:
    """What ``entry`` is known by; with ``records_later`` a record's title, author and year wait (``pending``).

    With ``shared``, a record's type and file are sets shared by every record of that type or file.
    """
    ident = _Identity(record=is_record(entry))
    if entry.arxiv_id:
        parsed = parse_arxiv_id(entry.arxiv_id)
        ident.add("arxiv", parsed.id if parsed else entry.arxiv_id.strip().lower())
    if entry.DOI:
        doi = entry.DOI.strip().lower()
        if doi.startswith(ARXIV_DOI_PREFIX.lower()):
            parsed = parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX):])
            if parsed:
                ident.add("arxiv", parsed.id)
        else:
            ident.add("doi", doi)
    ident.add("isbn", *_isbns(entry))
    if ident.record and records_later:
        ident.pending = entry
    else:
        _describe(ident, entry, folded_families)
    if ident.record:
        if shared is None:
            ident.add("type", entry.type)
            ident.add("files", _origin(entry))
        else:
            ident.share("type", entry.type, shared)
            ident.share("files", _origin(entry), shared)
    return ident


def _describe(ident: _Identity, entry: Entry, folded_families: dict[str, str] | None) -> None:
    """Add ``entry``'s normalized title, folded first author and stated year to ``ident``."""
    title = entry.title or entry.vars.get("title")
    if isinstance(title, str):
        normalized = normalize_title(title)
        if normalized:
            ident.add("title", normalized)
    family = _first_family(entry, folded_families)
    if family:
        ident.add("family", family)
    year = _year(entry)
    if year:
        ident.add("year", year)


def paper_ids(entry: Entry) -> tuple[set[str], set[str], set[str]]:
    """The arXiv ids, DOIs and normalized titles ``entry`` is known by, as merging compares them."""
    ident = _identity(entry)
    return ident.arxiv, ident.doi, ident.title


def first_family(entry: Entry) -> str | None:
    """The first author's family name, folded for comparison (merging's rule), or None."""
    return _first_family(entry)


def stated_year(entry: Entry) -> int | None:
    """The year ``entry`` states (not one guessed from an id), or None."""
    return _year(entry)


def titles_agree(a: set[str], b: set[str]) -> bool:
    """Whether some printing of a normalized title in ``a`` says what one in ``b`` says (merging's rule)."""
    return _titles_agree(a, b)


def _origin(entry: Entry) -> str:
    return entry.sources[0].origin if entry.sources else "<input>"


def _where(entry: Entry) -> str:
    prov = entry.sources[0] if entry.sources else None
    return str(prov) if prov else "<input>"


def _label(entry: Entry) -> str:
    return f"{entry.key!r} ({_where(entry)})" if entry.key else f"the entry at {_where(entry)}"


def same_abstract(a: str, b: str) -> bool:
    """True when normalized abstracts ``a`` and ``b`` are the same text (one may be a truncated prefix)."""
    from rapidfuzz import fuzz  # here, not at the top: `citekit --help` need not load it

    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_ABSTRACT:
        return False
    return fuzz.ratio(short, long[: len(short)], score_cutoff=ABSTRACT_SIMILARITY) >= ABSTRACT_SIMILARITY


def _bucket_keys(abstract: str) -> list[tuple[int, str, str]]:
    """Keys shared by two printings of one abstract: pairs of its first three four-word chunks."""
    words = normalize_text(abstract[:400]).split()
    if len(words) < 3 * _CHUNK:
        return []
    c0, c1, c2 = (" ".join(words[k * _CHUNK : (k + 1) * _CHUNK]) for k in range(3))
    return [(0, c0, c1), (1, c0, c2), (2, c1, c2)]


def _join_by_key(groups: _Groups, keys: list[str | None], how: str, label: str,
                 refused: list[tuple[int, int, str, str]] | None = None) -> None:
    """Join entries whose ``keys`` agree; an entry that conflicts with every group of its key stays apart.

    Refusals of a shared strong identifier are collected in ``refused`` as
    (earlier entry, entry, what they share, why not) for the possible-duplicate report.
    """
    seen: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if not key:
            continue
        reps = seen.get(key)
        if reps is None:
            seen[key] = [i]
            continue
        first_refusal: tuple[int, str] | None = None
        for j in reps:
            if groups.find(j) == groups.find(i):
                break
            reason = groups.conflict(j, i, how)
            if reason is None:
                groups.union(j, i, how)
                break
            if first_refusal is None:
                first_refusal = (j, reason)
        else:
            if len(reps) < _MAX_REPS:
                reps.append(i)
            if first_refusal is not None and refused is not None:
                refused.append((first_refusal[0], i, _shown_id(label, key), first_refusal[1]))


def _join_by_abstract(groups: _Groups, entries: list[Entry]) -> None:
    weak = [i for i, e in enumerate(entries)
            if e.abstract and not groups.ident[i].record and not groups.known(groups.find(i)).title]
    if not weak:
        return
    buckets: dict[tuple[int, str, str], list[int]] = {}
    for i in weak:
        for key in _bucket_keys(entries[i].abstract or ""):
            buckets.setdefault(key, []).append(i)
    if not buckets:
        return
    weak_set = set(weak)
    for i, entry in enumerate(entries):
        if i in weak_set or not entry.abstract:
            continue
        for key in _bucket_keys(entry.abstract):
            if key in buckets:
                buckets[key].append(i)
    normalized: dict[int, str] = {}

    def norm(i: int) -> str:
        text = normalized.get(i)
        if text is None:
            text = normalized[i] = normalize_text(entries[i].abstract or "")
        return text

    for members in buckets.values():
        if len(members) < 2:
            continue
        members.sort()
        reps: list[int] = []  # one member per distinct group met in this bucket
        for m in members:
            for rep in reps:
                if groups.find(rep) == groups.find(m):
                    break
                if same_abstract(norm(rep), norm(m)) and groups.union(rep, m, "abstract", titles_must_agree=True):
                    break
            else:
                reps.append(m)


def _join_by_rewritten_abstract(groups: _Groups, entries: list[Entry]) -> None:
    """Join a bare abstract to a titled paper whose abstract was rewritten (another version's text).

    Needs both: the candidate's title words nearly all present in the bare abstract
    (:data:`TITLE_COVERAGE`) and the two abstracts alike as word sets
    (:data:`REWRITE_SIMILARITY`); an abstract that fits more than one paper joins none.
    Candidates come from an index of rare title words, so this stays near-linear.
    """
    bare = [
        i for i, e in enumerate(entries)
        if e.abstract and not groups.ident[i].record and groups.find(i) == i and not _group_named(groups, i)
    ]
    if not bare:
        return
    from rapidfuzz import fuzz  # only now: a library of records never loads it
    titled: dict[int, set[str]] = {}
    postings: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        if e.title and e.abstract:
            words = {w for w in normalize_title(e.title).split() if len(w) >= 4 or any(c.isdigit() for c in w)}
            if len(words) >= 3:
                titled[i] = words
                for w in words:
                    postings.setdefault(w, []).append(i)
    normalized: dict[int, str] = {}

    def norm(k: int) -> str:
        text = normalized.get(k)
        if text is None:
            text = normalized[k] = normalize_text(entries[k].abstract or "")
        return text

    for i in bare:
        words = set(norm(i).split())
        rare = sorted(
            (len(posting), w) for w in words if (posting := postings.get(w)) is not None and len(posting) <= _RARE
        )[:_PROPOSERS]
        counts: dict[int, int] = {}
        for _, w in rare:
            for j in postings[w]:
                counts[j] = counts.get(j, 0) + 1
        fits = []
        for j, hits in counts.items():
            title_words = titled[j]
            if hits < 2 or len(title_words & words) < TITLE_COVERAGE * len(title_words):
                continue
            if fuzz.token_set_ratio(norm(i), norm(j), score_cutoff=REWRITE_SIMILARITY):
                fits.append(j)
        roots = {groups.find(j) for j in fits}
        if len(roots) == 1:
            groups.union(roots.pop(), i, "abstract", titles_must_agree=True)


def _group_named(groups: _Groups, i: int) -> bool:
    ident = groups.known(groups.find(i))
    return bool(ident.title or ident.arxiv or ident.doi)


def merge(library: Library, *, enabled: bool = True) -> Library:
    """A new library in which entries that are the same paper are one entry (order of first appearance).

    ``enabled=False`` (the CLI's ``--no-merge``) merges nothing and returns the entries as
    they are. Each merge involving a keyed entry is reported and each key merged away is
    recorded in ``key_changes``; a strong identifier shared by entries that contradict
    each other gives a possible-duplicate warning instead of a merge.
    """
    entries = library.entries
    if not enabled:
        return Library(entries=list(entries), verbatim=list(library.verbatim), problems=list(library.problems),
                       key_changes=list(library.key_changes), forms=dict(library.forms))
    folded_families: dict[str, str] = {}  # a first author recurs across a library: fold each name once
    # Records join only by identifier, so most never need their titles normalized: that waits.
    shared: dict[Any, frozenset] = {}  # one {type} and one {file} for all the records that have them
    identities = [_identity(e, folded_families, records_later=True, shared=shared) for e in entries]
    # Keys are taken before any union: each entry has at most one of each.
    arxiv_keys = [next(iter(ident.arxiv), None) for ident in identities]
    doi_keys = [next(iter(ident.doi), None) for ident in identities]
    isbn_keys = [min(ident.isbn) if ident.isbn else None for ident in identities]
    # A record never joins by title, so it proposes none.
    title_keys = [None if ident.record else next(iter(ident.title), None) for ident in identities]
    groups = _Groups(identities, folded_families)
    refused: list[tuple[int, int, str, str]] = []
    _join_by_key(groups, arxiv_keys, "strong", "arXiv id", refused)
    _join_by_key(groups, doi_keys, "identifier", "DOI", refused)
    _join_by_key(groups, isbn_keys, "identifier", "ISBN", refused)
    _join_by_key(groups, title_keys, "title", "title")
    _join_by_abstract(groups, entries)
    _join_by_rewritten_abstract(groups, entries)

    # Each group in order of its first entry; only the groups of several hold a member list.
    roots = [groups.find(i) for i in range(len(entries))]
    joined: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        if root != i:
            joined.setdefault(root, [root]).append(i)
    problems = list(library.problems)
    key_changes = list(library.key_changes)
    out: list[Entry] = []
    for i, root in enumerate(roots):
        if root != i:
            continue
        group = joined.get(i)
        if group is None:
            out.append(entries[i])
        else:
            group.sort()
            out.append(_combine([entries[k] for k in group], [identities[k] for k in group], problems, key_changes))
    _report_possible_duplicates(entries, groups, refused, problems)
    return Library(entries=out, verbatim=list(library.verbatim), problems=problems, key_changes=key_changes,
                   forms=dict(library.forms))


def _report_possible_duplicates(entries: list[Entry], groups: _Groups, refused: list[tuple[int, int, str, str]],
                                problems: list[Problem]) -> None:
    """One warning per pair that shares a strong identifier but was kept apart (and stayed apart)."""
    said: set[tuple[int, int]] = set()
    for a, b, shared, reason in refused:
        pair = (groups.find(a), groups.find(b))
        if pair[0] == pair[1] or pair in said:
            continue
        said.add(pair)
        first, second = entries[a], entries[b]
        prov = second.sources[0] if second.sources else None
        problems.append(Problem(
            f"possible duplicate: {_label(second)} and {_label(first)} share {shared}, but {reason}; "
            "both kept (not merged)",
            prov.origin if prov else "<input>", prov.line if prov else None,
        ))


def _shown_id(label: str, value: str) -> str:
    """An identifier as the reports print it (``ISBN 978... (edition 2)``)."""
    if label == "ISBN":
        isbn, _, edition = value.partition("|")
        return f"ISBN {isbn}" + (f" (edition {edition})" if edition else "")
    return f"{label} {value}"


def _basis(a: _Identity, b: _Identity) -> str:
    """What two merged entries were found to share, for the merge report."""
    if a.arxiv & b.arxiv:
        return f"arXiv id {min(a.arxiv & b.arxiv)}"
    if a.doi & b.doi:
        return f"DOI {min(a.doi & b.doi)}"
    if a.isbn & b.isbn:
        return _shown_id("ISBN", min(a.isbn & b.isbn))
    return "the same paper (title or abstract)"


def _compatible_dates(a: PartialDate, b: PartialDate) -> bool:
    return all(x is None or y is None or x == y for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day)))


def _combine(members: list[Entry], idents: list[_Identity], problems: list[Problem],
             key_changes: list[KeyChange]) -> Entry:
    """One entry from several printings of the same paper, fields through the trust policy."""
    out = Entry(type=members[0].type)
    kept_key = next((e.key for e in members if e.key), None)
    out.key = kept_key
    keeper = next((k for k, e in enumerate(members) if e.key == kept_key), 0)
    reported = any(e.key for e in members) or any(ident.record for ident in idents)
    for k, entry in enumerate(members):
        for prov in entry.sources:
            out.add_source(prov)
        if entry.type != out.type and out.type == "article" and not idents[0].record:
            out.type = entry.type  # a more specific type (from a .bib) beats a listing's default
        if entry.key:
            out.provenance.setdefault("key", []).extend(p for p in _provs(entry, "key") if p not in out.provenance.get("key", []))
        if reported and k != keeper:
            _report_merge(entry, members[keeper], _basis(idents[k], idents[keeper]), kept_key, problems, key_changes)
        for name in ENTRY_FIELDS:
            if name == "type" or entry.is_empty(name):
                continue
            value = getattr(entry, name)
            provs = _provs(entry, name)
            if not out.is_empty(name) and _agree(name, getattr(out, name), value):
                if _better(name, getattr(out, name), value):
                    setattr(out, name, value)
                    out.provenance[name] = provs + [p for p in out.provenance.get(name, []) if p not in provs]
                else:
                    seen = out.provenance.setdefault(name, [])
                    seen.extend(p for p in provs if p not in seen)
                continue
            problem = assign(out, name, value, provs[0])
            if problem:
                problems.append(problem)
            elif getattr(out, name) is value or getattr(out, name) == value:
                seen = out.provenance.setdefault(name, [])
                seen.extend(p for p in provs[1:] if p not in seen)
        for name, value in entry.vars.items():
            if name not in out.vars:
                out.vars[name] = value
            elif out.vars[name] != value:
                prov = entry.sources[0] if entry.sources else Provenance("merge", "<input>")
                problems.append(Problem(
                    f"{name} differs: {_shown(out.vars[name])} vs {_shown(value)} ({prov}); kept the first",
                    prov.origin, prov.line))
        for name, value in entry.extra.items():
            out.extra.setdefault(name, value)
    return out


def _shown(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _report_merge(entry: Entry, keeper: Entry, basis: str, kept_key: str | None, problems: list[Problem],
                  key_changes: list[KeyChange]) -> None:
    """Say that ``entry`` was merged into ``keeper``; record the key merged away, if any."""
    prov = entry.sources[0] if entry.sources else None
    origin, line = (prov.origin, prov.line) if prov else ("<input>", None)
    problems.append(Problem(f"merged {_label(entry)} into {_label(keeper)}: same {basis}", origin, line))
    if entry.key and kept_key and entry.key != kept_key:
        key_changes.append(KeyChange(entry.key, kept_key, f"merged into {kept_key} (same {basis})", origin, line))
    # A bib entry merged away keeps its raw fields for the report: anything the kept one lacks is said.
    raw = (entry.extra.get("bibtex") or {}).get("fields") or {}
    kept_raw = (keeper.extra.get("bibtex") or {}).get("fields") or {}
    if raw and kept_raw:
        kept_lower = {k.lower(): v for k, v in kept_raw.items()}
        lost = [k for k, v in raw.items() if kept_lower.get(k.lower()) != v]
        if lost:
            problems.append(Problem(
                f"merged-away {_label(entry)} states fields that {_label(keeper)} lacks or states otherwise "
                f"({', '.join(lost)}); the output keeps {_label(keeper)}'s", origin, line))


def _provs(entry: Entry, name: str) -> list[Provenance]:
    provs = entry.provenance.get(name) or entry.sources[:1]
    return list(provs) if provs else [Provenance("merge", "<input>")]


def _agree(name: str, current: object, value: object) -> bool:
    """Whether two different printings of ``name`` say the same thing (so no conflict is reported)."""
    if name == "title" and isinstance(current, str) and isinstance(value, str):
        return normalize_title(current) == normalize_title(value)
    if name == "abstract" and isinstance(current, str) and isinstance(value, str):
        return current == value or same_abstract(normalize_text(current), normalize_text(value))
    if name == "issued" and isinstance(current, PartialDate) and isinstance(value, PartialDate):
        return _compatible_dates(current, value)
    return False


def _better(name: str, current: object, value: object) -> bool:
    """Whether ``value`` should replace an agreeing ``current``: a longer abstract, a fuller date."""
    if name == "abstract":
        return len(str(value)) > len(str(current))
    if name == "issued" and isinstance(current, PartialDate) and isinstance(value, PartialDate):
        return len(value.parts()) > len(current.parts()) or (current.year is None and value.year is not None)
    return False


class FirstOfEachId:
    """The merge stage of the streaming mode: the first record of each arXiv id is kept, each later one skipped.

    A stream cannot hold the library to compare titles or abstracts, so it merges the one
    thing a stream can: a repeated arXiv id (the snapshot's records carry unique ids, so
    this only meets a file read twice or a corrupt dump). The ids are kept exactly, as bits
    of :class:`~citekit.hashset.ArxivIdSet` (a few MB for any size). Tokens (:meth:`tokenizer`) may be
    worked out ahead, in a worker process; :meth:`first_token` then only probes the set.
    """

    __slots__ = ("_seen", "enabled")

    def __init__(self, *, enabled: bool = True) -> None:
        from .hashset import ArxivIdSet  # here: the whole-library mode never loads it

        self._seen = ArxivIdSet()
        self.enabled = enabled  # False (--no-merge): every record is kept, as merge(enabled=False) keeps every entry

    @staticmethod
    def tokenizer() -> Callable[[str], int]:
        """The function giving an arXiv id's non-zero token for :meth:`first_token` (run ahead, in a worker)."""
        from .hashset import ArxivIdSet

        return ArxivIdSet.token

    def first(self, arxiv_id: str | None) -> bool:
        """True when the entry is kept: it has no arXiv id, or the first record of its id."""
        return not arxiv_id or not self.enabled or self._seen.add(arxiv_id)

    def first_token(self, token: int) -> bool:
        """:meth:`first` for an id's token (0: no id)."""
        return not token or not self.enabled or self._seen.add_token(token)

    @staticmethod
    def skipped(arxiv_id: str, origin: str, line: int | None) -> Problem:
        """The warning for a record :meth:`first` refused."""
        return Problem(
            f"arXiv id {arxiv_id} was read already; this record is skipped "
            "(streaming keeps the first record of an id and does not merge)",
            origin, line,
        )
