"""Readers: one module per input shape, each with ``sniff(sample) -> score`` and ``read(text, origin)``.

A reader is text in, a :class:`~citekit.model.Library` out. It never raises on bad
input: what it cannot read becomes a :class:`~citekit.model.Problem` with file and line.
``sniff`` sees at most the first :data:`SNIFF_BYTES` characters and returns 0..1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Protocol, TextIO

from ..errors import DetectionError, InputError
from ..inputs import decode, decode_exact
from ..limits import check_item_count
from ..model import Entry, Library, Problem, issued_date
from ..registry import Registry
from ._gate import gate

__all__ = ["Reader", "READERS", "EXAMPLES", "FALLBACKS", "SNIFF_BYTES", "SNIFF_MARKERS", "MIN_SCORE", "detect", "read_text", "read_paths", "iter_input_files"]

#: How much of an input the sniffers look at (a 10 MB single line must not be scanned whole).
SNIFF_BYTES = 65536
#: Below this best score an input is not recognised.
MIN_SCORE = 0.3


class Reader(Protocol):
    """What every reader module exposes as ``READER``."""

    name: str
    description: str

    def sniff(self, sample: str) -> float:
        """How sure (0..1) this reader is that ``sample`` (the start of a file) is its shape."""

    def read(self, text: str, origin: str) -> Library:
        """Every entry in ``text``; what cannot be read becomes a problem, never an exception."""


class StreamingReader(Reader, Protocol):
    """A reader that can also yield entries from a stream without loading it whole."""

    def iter_read(self, stream: TextIO, origin: str, problems: list[Problem],
                  unread: frozenset[str] = frozenset()) -> Iterator[Entry]:
        """Yield entries one by one; problems are appended to ``problems``.

        ``unread``: fields the caller prints for no entry of a listing (a writer's ``listing_unread``),
        which a listing's reader may leave unset; a reader of a user's own library reads them all.
        """


READERS: Registry[Reader] = Registry("reader")
# Sniffing order matters only for ties; structured formats first.
READERS.register("bibtex", "citekit.sources.bibtex:READER", description="BibTeX / BibLaTeX (.bib)", aliases=("biblatex", "bib"))
READERS.register("csl-json", "citekit.sources.csl_json:READER", description="CSL-JSON (a list of CSL items)", aliases=("csl", "csljson"))
READERS.register("arxiv-snapshot", "citekit.sources.arxiv_snapshot:READER", description="arXiv metadata snapshot (JSON lines)", aliases=("snapshot", "jsonl"))
READERS.register("ids", "citekit.sources.identifiers:READER", description="identifiers, listed or in any text: arXiv ids and URLs, DOIs, Hugging Face, OpenReview, ACL Anthology, DBLP, Semantic Scholar URLs", aliases=("identifiers",))
READERS.register("clipping", "citekit.sources.clipping:READER", description="saved pages with their metadata on top: Markdown clippings (YAML front matter), wiki paper templates", aliases=("web-clip", "front-matter"))
READERS.register("arxiv-listing", "citekit.sources.arxiv_listing:READER", description="arXiv listing: abstract, comments, arXiv:ID, Created: date", aliases=("arxiv",))
READERS.register("arxiv-page", "citekit.sources.arxiv_pages:READER", description="arXiv pages: /list (new, recent, cross-lists, replacements), /search, /abs, the mailing digest, RSS", aliases=("arxiv-list", "arxiv-search", "arxiv-abs", "arxiv-digest"))
READERS.register("hf-daily", "citekit.sources.hf_daily:READER", description="Hugging Face daily papers page (title, abstract, authors, date, upvotes)")
READERS.register("hf-list", "citekit.sources.hf_list:READER", description="Hugging Face paper list (title / abstract line pairs)")
READERS.register("profile", "citekit.sources.profile:READER", description="publication profile: owner, then title / authors / abstract")
READERS.register("abstracts", "citekit.sources.abstracts:READER", description="abstract lines: one 'Abstract:<text>' per line")
READERS.register("dblp-page", "citekit.sources.dblp_page:READER", description="dblp person pages: labelled records '[c12]Names: Title. Venue year: pages'", aliases=("dblp",))
READERS.register("paper-blocks", "citekit.sources.paper_blocks:READER", description="paper pages and lists: Google Scholar, Semantic Scholar, OpenReview, Hugging Face paper pages, ACL Anthology, NeurIPS, PMLR, CVF, personal publication pages", aliases=("scholar", "semantic-scholar", "openreview", "proceedings"))
READERS.register("markdown-list", "citekit.sources.markdown_list:READER", description="Markdown reading list: awesome-lists, paper tables, bulleted or numbered lists with links or bold titles", aliases=("markdown", "md", "awesome-list"))
READERS.register("id-titles", "citekit.sources.id_titles:READER", description="paper aggregator pages: a title beside a line of the id and date (Apr 16, 2025 · arXiv 2504.11770v1)", aliases=("aggregator",))
READERS.register("title-names", "citekit.sources.title_names:READER", description="proceedings listings printing a paper a line, its title then its authors (NeurIPS proceedings)", aliases=("neurips",))
READERS.register("contents", "citekit.sources.contents:READER", description="a printed volume's table of contents: title, authors, dot leader, page (proceedings, journal issues)", aliases=("toc",))
READERS.register("references", "citekit.sources.references:READER", description="reference or publication list: APA, Chicago, MLA, IEEE, Vancouver, Nature, Harvard, [n], CV tags; PDF text", aliases=("refs", "publications", "cv"))

#: One short sample of each shape, as `citekit formats --readers` shows it ("\n" separates lines).
EXAMPLES: dict[str, str] = {
    "bibtex": "@article{vaswani2017, title = {Attention Is All You Need}, author = {Vaswani, Ashish and others}, year = {2017}}",
    "csl-json": '[{"type": "article-journal", "title": "Attention Is All You Need", "author": [{"family": "Vaswani", "given": "Ashish"}]}]',
    "arxiv-snapshot": '{"id": "1706.03762", "title": "Attention Is All You Need", "authors": "Ashish Vaswani, ...", ...}',
    "ids": "arXiv:1706.03762v5  https://huggingface.co/papers/2307.09288  doi:10.1038/nature14539  (or an e-mail that mentions them)",
    "clipping": '---\ntitle: "Attention Is All You Need"\nsource: "https://arxiv.org/abs/1706.03762"\nauthor:\n  - "[[Ashish Vaswani]]"\npublished: 2017-06-12\n---\n<the page>',
    "arxiv-listing": "<abstract paragraph>\narXiv:2101.00001\nCreated: 2021-01-01",
    "arxiv-page": "[1] arXiv:2605.11059 [pdf, html, other]\nTitle: Uniform Scaling Limits in AdamW-Trained Transformers\nWilliam Gibson, Christoph Reisinger\nSubjects: Machine Learning (stat.ML)",
    "hf-daily": "Scaling Law with Learning Rate Annealing\n<abstract>\n• 5 authors\nAug 20 12",
    "hf-list": "Scaling Law with Learning Rate Annealing\n<abstract line>",
    "profile": "Lan, Janice\nLLM Pretraining with Continuous Concepts\nTack, Jihoon, Lanchantin, Jack, ...\n<abstract>",
    "abstracts": "Abstract:LLMs are typically trained to answer user questions ...",
    "dblp-page": "- [c60]Marvin Brieger, Stefan Mitsch, Andr\u00e9 Platzer:\nUniform Substitution for Dynamic Logic with Communicating Hybrid Programs. CADE 2023: 96-115 - [c59]...",
    "paper-blocks": "Attention is all you need\nA Vaswani, N Shazeer, N Parmar… - Advances in neural …, 2017 - proceedings.neurips.cc\nSave Cite Cited by 150312",
    "markdown-list": "| 2017-06 | Transformers | Google | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) |",
    "id-titles": "Proposing TAGbank as a Corpus of Tree-Adjoining Grammar Derivations\nApr 07, 2025 · arXiv 2504.05226v2",
    "title-names": "Advances in Neural Information Processing Systems 32 (NeurIPS 2019)\nDeep Equilibrium Models Shaojie Bai, J. Zico Kolter, Vladlen Koltun",
    "contents": "Algorithmic Stability and Uniform Generalization, Ibrahim\nAlabdulmohsin, King Abdullah University . . . . . . . . 19",
    "references": "[2] J.A. Davis et al, \u201cInterconnect Limits on Gigascale Integration\u201d, Proc. IEEE, Vol. 89, No. 3 (2001), pp. 305-324.",
}

#: What detection falls back to, in order, when no shape scores MIN_SCORE: a text that holds
#: papers or ids is never refused.
FALLBACKS = ("references", "ids")


#: The readers of pasted pages and lists: slower to sniff, and never surer than 0.9, so they are
#: asked only when no other shape is sure (a .bib or CSL-JSON file is settled without them).
PAGE_READERS = frozenset({"arxiv-page", "dblp-page", "paper-blocks", "markdown-list", "id-titles", "title-names", "contents", "references"})
_SURE = 0.9
#: A character that every sample a reader scores above 0 holds (its sniff answers 0 without it), so a
#: sample without it is scored 0 without importing the reader: a CSL-JSON file never loads the .bib
#: reader and its scanner. ``tests/test_sources_detect.py`` holds each sniff to its marker.
SNIFF_MARKERS = {"bibtex": "@"}


def _sniff(name: str, sample: str) -> float:
    """``name``'s score for ``sample``: 0 without the reader's marker, else what its sniff says."""
    marker = SNIFF_MARKERS.get(name)
    if marker is not None and marker not in sample:
        return 0.0
    return READERS.get(name).sniff(sample)


def _scores(text: str) -> list[tuple[float, str]]:
    sample = text[:SNIFF_BYTES]
    scores: list[tuple[float, str]] = []
    for name in READERS:
        if name in PAGE_READERS:
            continue
        scores.append((_sniff(name, sample), name))
        if scores[-1][0] >= 1.0:
            # Nothing scores above 1, and the first of equal scores wins: the readers after it
            # could not change the choice, so they are neither imported nor asked.
            return scores
    if max(score for score, _ in scores) >= _SURE:
        return scores
    return [*scores, *((READERS.get(name).sniff(sample), name) for name in READERS if name in PAGE_READERS)]


_LAST_SNIFFED: list[tuple[str, list[tuple[float, str]]]] = []  # the last sample and its scores


def _ranked(text: str) -> list[tuple[float, str]]:
    """:func:`_scores` of ``text``, sniffed once however often it is asked (plan, detection, next-best shape)."""
    sample = text[:SNIFF_BYTES]
    if _LAST_SNIFFED and _LAST_SNIFFED[0][0] == sample:
        return _LAST_SNIFFED[0][1]  # the stream's plan sniffed this very input a moment ago
    scores = _scores(text)
    _LAST_SNIFFED[:] = [(sample, scores)]
    return scores


#: File extensions that name a reader. The name is taken when that reader's own sniff finds its shape
#: in the text as well (at least :data:`MIN_SCORE`: a .bib's entries start lines, keyed or not), without
#: asking the others (and importing them): a user's ``refs.bib`` is BibTeX. Sniffing every page reader
#: over a 64 kB sample of bare ``@a{N}`` lines took a third of a second.
EXTENSION_READERS = {".bib": "bibtex", ".bibtex": "bibtex"}


def detect(text: str, origin: str) -> Reader:
    """The reader that scores ``text`` highest; raises :class:`DetectionError` below :data:`MIN_SCORE`."""
    named = EXTENSION_READERS.get(Path(origin).suffix.lower())
    if named is not None and _sniff(named, text[:SNIFF_BYTES]) >= MIN_SCORE:
        return READERS.get(named)
    scores = _ranked(text)
    # The first of equal scores wins, in registry order (structured formats first).
    order = {name: i for i, name in enumerate(READERS)}
    best_score, best = max(scores, key=lambda pair: (pair[0], -order[pair[1]]))
    if best_score < MIN_SCORE:
        shown = ", ".join(f"{name} {score:.2f}" for score, name in sorted(scores, reverse=True)[:4])
        raise DetectionError(
            f"not a listing citekit recognises (best scores: {shown}); name the shape with --from",
            origin=origin,
        )
    return READERS.get(best)


def _read_detected(text: str, origin: str) -> tuple[Reader, Library]:
    """Read with the detected reader; when no shape fits, with the first fallback that finds papers or ids.

    Only a text in which neither references nor ids are found is refused.
    """
    try:
        reader = detect(text, origin)
    except DetectionError as refused:
        return _fallback(text, origin, refused)
    library = reader.read(text, origin)
    if reader.name not in STRUCTURED and reader.name != "references" and library.entries:
        reader, library = _list_or_references(text, origin, reader, library)
    if library.entries or library.errors:
        if reader.name not in STRUCTURED:
            gate(library, origin)  # page furniture read as a paper, reported (its ids are kept below)
            _keep_loose_ids(text, origin, library)
        elif reader.name == "bibtex" and "```" in text:
            _read_beside_fences(text, origin, library)
        return reader, library
    # The best shape found nothing (an arXiv mirror's "Authors:" lines without ids): the next shapes that fit are
    # asked, best first, before the fallbacks, and the one used is said.
    for score, name in sorted(_ranked(text), reverse=True):
        if score < MIN_SCORE or name == reader.name:
            continue
        other = READERS.get(name)
        found = other.read(text, origin)
        if found.entries:
            found.problems.append(Problem(f"read as {name}: {reader.name}, the best-fitting shape, found no entries", origin,
                                          severity="info"))
            return other, found
    return reader, library


def _complete(library: Library) -> int:
    """How many of a library's records name a title, an author and a year."""
    return sum(1 for e in library.entries if e.title and e.author and issued_date(e) is not None)


def _list_or_references(text: str, origin: str, reader: Reader, library: Library) -> tuple[Reader, Library]:
    """Any loose-text shape (a Markdown list, a page of blocks, a title/abstract list) that is a reference list ("1. **Kohonen T.** Title. — 1995.", "[3] Author,
    “Title,” ... [doi:...](url)", blockquoted references wrapped over lines) read as references when they read most of
    it as references and give more records whole.

    Markdown marks (a bold name, a link button, a blockquote) make such a list look like a reading list or a page's
    paper blocks; their readers then take a bold author for a title, a button's link or a wrapped line for a paper.
    A journal page's references over their button lines ("Article CAS PubMed Google Scholar") alternate two kinds of
    line as a papers list's titles and abstracts do, and its reader takes the buttons for titles.
    """
    if _sniff("references", text[:SNIFF_BYTES]) < 0.6:
        return reader, library
    other = READERS.get("references")
    found = other.read(text, origin)
    if _complete(found) >= 3 and _complete(found) > 1.2 * _complete(library):
        found.problems.append(Problem(f"read as references: they give {_complete(found)} records with title, author and "
                                      f"year, the Markdown list {_complete(library)}", origin, severity="info"))
        return other, found
    return reader, library
def _read_beside_fences(text: str, origin: str, library: Library) -> None:
    """A page (a README, a search tool's results) whose BibTeX stands in Markdown code fences: the papers the rest of
    the page shows are read too, by the shape the rest has. One that a BibTeX entry already holds (the same title, or
    an id they share) is that entry: its ids join it, and no second record is made."""
    import re

    from ..ids import find_ids, normalize_title

    lines = text.split("\n")
    inside = False
    for i, line in enumerate(lines):
        fence = re.match(r"^\s*(`{3,}|~{3,})", line)
        if fence or inside:
            lines[i] = ""
        if fence:
            inside = not inside
    rest = "\n".join(lines)  # every line keeps its number
    if not rest.strip():
        return
    try:
        reader, found = _read_detected(rest, origin)
    except DetectionError:
        return
    if reader.name in STRUCTURED and reader.name != "ids" or not found.entries:
        return
    held = {normalize_title(e.title): e for e in library.entries if e.title}
    # An entry's url naming a paper's page ("url = {https://aclanthology.org/2021.ccl-1.20}") names its id too.
    # So does its journal naming the preprint ("journal = {arXiv preprint arXiv:2205.11276}", as Scholar exports it).
    addressed = [(e, {(f.kind, f.value.lower()) for f in find_ids(f"{e.URL or ''} {e.container_title or ''}")})
                 for e in library.entries]
    added = 0
    for entry in found.entries:
        twin = held.get(normalize_title(entry.title)) if entry.title else None
        if twin is None:
            twin = next((e for e, ids in addressed if (_ids_of(e) | ids) & _ids_of(entry)), None)
        if twin is None:
            library.entries.append(entry)
            added += 1
            continue
        kinds = {k for k, _ in _ids_of(twin)}
        for kind, value in _ids_of(entry):
            if kind not in kinds:
                if kind == "arxiv" and entry.arxiv_id:
                    twin.set("arxiv_id", entry.arxiv_id, entry.sources[0])
                elif kind == "doi" and entry.DOI:
                    twin.set("DOI", entry.DOI, entry.sources[0])
                elif kind not in ("arxiv", "doi"):
                    twin.extra.setdefault("ids", {})[kind] = (entry.extra.get("ids") or {}).get(kind, value)
    library.problems.extend(p for p in found.problems if p.severity != "info")
    library.problems.append(Problem(
        f"the page around its BibTeX read as {reader.name}: {added} more entr{'y' if added == 1 else 'ies'}", origin, severity="info"))


def _fallback(text: str, origin: str, refused: DetectionError) -> tuple[Reader, Library]:
    """References, then ids: what each finds (an id no reference carries is kept too), or the refusal.

    The fallback readers' own problems are kept only for the one whose entries are used.
    """
    used: list[str] = []
    library = Library()
    seen: set[tuple[str, str]] = set()
    for name in FALLBACKS:
        found = READERS.get(name).read(text, origin)
        fresh = [e for e in found.entries if not _ids_of(e) or not _ids_of(e) <= seen]
        if not fresh:
            continue
        used.append(name)
        library.entries.extend(fresh)
        library.problems.extend(found.problems)
        for entry in fresh:
            seen |= _ids_of(entry)
    if "ids" in used and "references" in used:
        # Prose with ids in it (an e-mail): a "reference" with no year, venue or id of its own is a line of the prose
        # ("Kind regards, J. Doe" read as a title and its author), reported with its line and not kept.
        for entry in [e for e in library.entries if not _ids_of(e) and issued_date(e) is None and not e.container_title]:
            library.entries.remove(entry)
            library.problems.append(Problem(f"not read as a reference (no year, venue or id beside it in prose with ids): "
                                            f"{(entry.title or '')[:60]!r}", origin, _line_of(entry)))
        if all(e.sources and e.sources[0].source == "ids" for e in library.entries):
            used.remove("references")
    if not library.entries:
        raise refused
    gate(library, origin)
    library.problems.append(Problem(
        f"no listing shape fits; read as {' and '.join(used)} (the fallback{'s' if len(used) > 1 else ''}), found "
        f"{len(library.entries)} entr{'y' if len(library.entries) == 1 else 'ies'}; name the shape with --from if that is wrong",
        origin,
    ))
    return READERS.get(used[0]), library


#: Files whose every entry is written out whole: what they hold beyond their entries is no paper of theirs.
STRUCTURED = frozenset({"bibtex", "csl-json", "arxiv-snapshot", "ids"})


def _keep_loose_ids(text: str, origin: str, library: Library) -> None:
    """Every id the page shows is kept. One that no record carries, standing among a record's lines, is that record's
    own when it has no id of the kind (a table row's DOI link, a reference's DOI the reader left) and else one it
    mentions ("Follow-up to arXiv:...", "Erratum in: ... doi:"), kept with it under ``mentions``; one above the
    records (prose before a list), below the lines a record was read from, or on a line no record was read from
    becomes an id-only entry, as the ids
    reader makes it, which ``--enrich`` fills in."""
    seen: set[tuple[str, str]] = set()
    for entry in library.entries:
        seen |= _ids_of(entry)
    loose = []
    for found in READERS.get("ids").read(text, origin).entries:
        # A page links one paper many times (its title, its "N authors", its PDF): one id, one record.
        if _ids_of(found) and not _ids_of(found) & seen:
            loose.append(found)
            seen |= _ids_of(found)
    if not loose:
        return
    unread = {p.line for p in library.problems if p.line is not None and p.severity != "info"}
    owners = sorted((line, i) for i, e in enumerate(library.entries) if e.title and (line := _line_of(e)) is not None)
    added = []
    for found in loose:
        line = _line_of(found) or 0
        kind, value = next(iter(_ids_of(found)))
        named = next((e for e in library.entries if kind not in {k for k, _ in _ids_of(e)}
                      and value.lower() in f"{e.container_title or ''} {e.extra.get('journal_ref') or ''}".lower()), None)
        if named is not None:
            _give_id(named, found)  # "journal = {arXiv preprint arXiv:2205.11276}": the record names the id itself
            continue
        under = [i for start, i in owners if start <= line]
        if line in unread or not under:
            added.append(found)
            continue
        owner = library.entries[under[-1]]
        kind, value = next(iter(_ids_of(found)))
        start, last = _line_of(owner) or 0, _last_line(owner)
        # A record read from one line of a list ("Title (2025)") owns only the ids on it or the next line; a page's one
        # record (a clipping's block) owns the page's.
        reach = 1 if last <= start and len(owners) > 1 else _OWN_REACH
        if kind not in {k for k, _ in _ids_of(owner)} and line - start <= reach:
            _give_id(owner, found)
        elif line <= _last_line(owner) + 2:
            owner.extra.setdefault("mentions", []).append(f"{kind}:{found.DOI or found.arxiv_id or value}")
        else:
            added.append(found)  # below what the record was read from: a paper of its own ("[PDF] arXiv:ID" further down)
    library.entries.extend(added)
    if added:
        library.problems.append(Problem(
            f"{len(added)} id{'s' if len(added) > 1 else ''} on the page beside no record kept as id-only "
            f"entr{'ies' if len(added) > 1 else 'y'} (--enrich fills them in)", origin, severity="info"))


#: How far below where a record starts an id may stand and still be its own (a reference's DOI on its next lines, a
#: page's "URL:" field); one further down, past what the record was read from, is only mentioned near it.
_OWN_REACH = 25


def _line_of(entry: Entry) -> int | None:
    """The line an entry starts at in its input."""
    return next((s.line for s in entry.sources if s.line is not None), None)


def _last_line(entry: Entry) -> int:
    """The last line any of an entry's fields was read from."""
    return max((p.line for provs in entry.provenance.values() for p in provs if p.line is not None), default=0)


def _give_id(owner: Entry, found: Entry) -> None:
    """``found``'s id (an id-only entry of the ids reader) set on ``owner``, with its provenance."""
    prov = found.sources[0]
    if found.arxiv_id:
        owner.set("arxiv_id", found.arxiv_id, prov)
    elif found.DOI:
        owner.set("DOI", found.DOI, prov)
    else:
        owner.extra.setdefault("ids", {}).update(found.extra.get("ids") or {})
        if found.URL and not owner.URL:
            owner.set("URL", found.URL, prov)


def _ids_of(entry: Entry) -> set[tuple[str, str]]:
    """The ids an entry carries, to tell an id the references already hold from a new one."""
    out = set()
    if entry.arxiv_id:
        out.add(("arxiv", entry.arxiv_id.lower()))
    if entry.DOI:
        out.add(("doi", entry.DOI.lower()))
    for kind, value in (entry.extra.get("ids") or {}).items():
        out.add((kind, str(value).lower()))
    return out


def read_text(text: str, origin: str = "<text>", fmt: str | None = None) -> Library:
    """Read one text with the reader named ``fmt`` or the detected one (or a fallback: see :data:`FALLBACKS`)."""
    if not text or text.isspace():  # what `not text.strip()` says, without copying a large text
        return Library(problems=[Problem("is empty: no entries", origin)])
    if fmt:
        reader = READERS.get(fmt)
        library = reader.read(text, origin)
    else:
        reader, library = _read_detected(text, origin)
    if not library.entries and not library.errors:
        library.problems.append(Problem(f"no entries found (read as {reader.name})", origin))
    return library


def iter_input_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Expand inputs: a directory gives its files in name order (hidden ones skipped); ``-`` is stdin."""
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith("."):
                    yield str(child), child
        elif path.is_file():
            yield raw, path
        elif path.exists():
            raise InputError("is not a regular file", origin=raw)
        else:
            raise InputError("no such file or directory", origin=raw)


def read_paths(paths: Iterable[str], fmt: str | None = None) -> Library:
    """Read every input (files, directories, ``-``) into one library, in order.

    An input that cannot be read at all raises :class:`InputError` naming it.
    """
    from .. import inputs

    library = Library()
    database = None  # the .bib files of one run are one database, as \\bibliography{a,b} reads them
    for origin, path in iter_input_files(paths):
        named, data = inputs.read_source(inputs.STDIN if path is None else str(path))
        origin = named if path is None else origin  # a file keeps the name it was given
        decoded = decode_exact(data, origin)
        text, problems = decode(data, origin, decoded)
        library.problems.extend(problems)
        if not text or text.isspace():
            part = read_text(text, origin, fmt)
        else:
            try:
                reader = READERS.get(fmt) if fmt else detect(text, origin)
            except DetectionError:
                reader = None  # read_text tries the fallbacks, and refuses when none finds anything
            if reader is not None and hasattr(reader, "new_database"):
                database = database or reader.new_database()
                part = reader.read(text, origin, database)
                if not part.entries and not part.verbatim and not part.errors:
                    part.problems.append(Problem(f"no entries found (read as {reader.name})", origin))
            else:
                part = read_text(text, origin, fmt)
        # Every reader's entries count against the one bound, so no shape of input (a paste, a
        # snapshot) hands the later stages more than a .bib may.
        check_item_count(len(part.entries), origin)
        part.forms[origin] = decoded.form
        library.extend(part)
    if database is not None:
        database.finish(library)
    return library
