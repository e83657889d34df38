"""Merging: entries that are the same paper become one, keeping every source.

Identity, strongest first: arXiv id (version-insensitive; an arXiv DOI counts as the
id), DOI (case-insensitive), normalized title, then abstract similarity. Two groups
never join when they carry different arXiv ids, different DOIs, or (for the abstract
test) different titles, so look-alike papers stay apart.

Abstracts are compared only where one side has no title (an abstract-only line, an
arXiv listing record), and only within buckets of abstracts that share two of their
first three four-word chunks; a pair matches when the shorter abstract and the same
length of the longer one (listings often truncate) are at least 90% alike. A bare
abstract left over may still be another version's rewritten abstract of a titled paper:
it joins that paper only when the title's words are nearly all in it and the two
abstracts are alike as word sets, and no other paper fits. So the work grows with the
library, not with its square.

Fields combine through :func:`~citekit.model.assign` in order of first appearance, so
a disagreement becomes a problem instead of a silent overwrite. Three fields get a
gentler rule where the values agree in substance: printings of the same title keep the
first, similar abstracts keep the longer, and compatible partial dates (``Mar 4`` and
``2025-03-04``) keep the more complete. A group of one is passed through as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ids import ARXIV_DOI_PREFIX, normalize_text, normalize_title, parse_arxiv_id
from .model import ENTRY_FIELDS, Entry, Library, PartialDate, Problem, Provenance, assign

__all__ = ["merge", "same_abstract", "MIN_ABSTRACT", "ABSTRACT_SIMILARITY"]

#: Normalized abstracts shorter than this are too short to identify a paper.
MIN_ABSTRACT = 200
#: rapidfuzz ratio (0-100) at which two abstracts count as the same.
ABSTRACT_SIMILARITY = 90.0
_CHUNK = 4  # words per bucket chunk
#: Share of a title's content words a rewritten abstract must contain to be joined to it.
TITLE_COVERAGE = 0.6
#: rapidfuzz token-set ratio two versions of one abstract must reach.
REWRITE_SIMILARITY = 70.0
_RARE = 20  # title words in more titles than this do not propose candidates
_PROPOSERS = 12  # only an abstract's rarest title words propose candidates


@dataclass(slots=True)
class _Identity:
    """What a group of entries is known by; two groups with different values must not join."""

    arxiv: set[str] = field(default_factory=set)
    doi: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)


class _Groups:
    """Union-find over entry indices, refusing unions of groups with conflicting identities."""

    __slots__ = ("parent", "ident")

    def __init__(self, identities: list[_Identity]):
        self.parent = list(range(len(identities)))
        self.ident = identities

    def find(self, i: int) -> int:
        """The representative of ``i``'s group."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int, *, titles_must_agree: bool = False) -> bool:
        """Join the groups of ``a`` and ``b`` unless their identities conflict; True if joined (or already one)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ia, ib = self.ident[ra], self.ident[rb]
        if ia.arxiv and ib.arxiv and not ia.arxiv & ib.arxiv:
            return False
        if ia.doi and ib.doi and not ia.doi & ib.doi:
            return False
        if titles_must_agree and ia.title and ib.title and not ia.title & ib.title:
            return False
        if rb < ra:  # the earlier entry stays the representative
            ra, rb = rb, ra
            ia, ib = ib, ia
        self.parent[rb] = ra
        ia.arxiv |= ib.arxiv
        ia.doi |= ib.doi
        ia.title |= ib.title
        return True


def _identity(entry: Entry) -> _Identity:
    ident = _Identity()
    if entry.arxiv_id:
        parsed = parse_arxiv_id(entry.arxiv_id)
        ident.arxiv.add(parsed.id if parsed else entry.arxiv_id.strip().lower())
    if entry.DOI:
        doi = entry.DOI.strip().lower()
        if doi.startswith(ARXIV_DOI_PREFIX.lower()):
            parsed = parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX):])
            if parsed:
                ident.arxiv.add(parsed.id)
        else:
            ident.doi.add(doi)
    if entry.title:
        title = normalize_title(entry.title)
        if title:
            ident.title.add(title)
    return ident


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


def _join_by_key(groups: _Groups, keys: list[str | None], **kw: bool) -> None:
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if not key:
            continue
        j = first.setdefault(key, i)
        if j != i:
            groups.union(j, i, **kw)


def _join_by_abstract(groups: _Groups, entries: list[Entry]) -> None:
    weak = [i for i, e in enumerate(entries) if e.abstract and not groups.ident[groups.find(i)].title]
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
                if same_abstract(norm(rep), norm(m)) and groups.union(rep, m, titles_must_agree=True):
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
    from rapidfuzz import fuzz  # here, not at the top: `citekit --help` need not load it

    bare = [
        i for i, e in enumerate(entries)
        if e.abstract and groups.find(i) == i and not _group_named(groups, i)
    ]
    if not bare:
        return
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
            groups.union(roots.pop(), i, titles_must_agree=True)


def _group_named(groups: _Groups, i: int) -> bool:
    ident = groups.ident[groups.find(i)]
    return bool(ident.title or ident.arxiv or ident.doi)


def merge(library: Library) -> Library:
    """A new library in which entries that are the same paper are one entry (order of first appearance)."""
    entries = library.entries
    identities = [_identity(e) for e in entries]
    # Keys are taken before any union: each entry has at most one of each.
    arxiv_keys = [next(iter(ident.arxiv), None) for ident in identities]
    doi_keys = [next(iter(ident.doi), None) for ident in identities]
    title_keys = [next(iter(ident.title), None) for ident in identities]
    groups = _Groups(identities)
    _join_by_key(groups, arxiv_keys)
    _join_by_key(groups, doi_keys)
    _join_by_key(groups, title_keys)
    _join_by_abstract(groups, entries)
    _join_by_rewritten_abstract(groups, entries)

    members: dict[int, list[int]] = {}
    for i in range(len(entries)):
        members.setdefault(groups.find(i), []).append(i)
    problems = list(library.problems)
    out: list[Entry] = []
    for root in sorted(members):
        group = members[root]
        if len(group) == 1:
            out.append(entries[group[0]])
        else:
            out.append(_combine([entries[i] for i in group], problems))
    return Library(entries=out, verbatim=list(library.verbatim), problems=problems)


def _compatible_dates(a: PartialDate, b: PartialDate) -> bool:
    return all(x is None or y is None or x == y for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day)))


def _combine(members: list[Entry], problems: list[Problem]) -> Entry:
    """One entry from several printings of the same paper, fields through the trust policy."""
    out = Entry(type=members[0].type)
    for entry in members:
        for prov in entry.sources:
            out.add_source(prov)
        if entry.type != out.type and out.type == "article":
            out.type = entry.type  # a more specific type (from a .bib) beats the default
        if entry.key:
            problem = assign(out, "key", entry.key, _provs(entry, "key")[0])
            if problem:
                problems.append(problem)
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
        for k, v in entry.extra.items():
            out.extra.setdefault(k, v)
    return out


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
