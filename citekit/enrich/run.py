"""The enrichment run: plan look-ups, ask arXiv (batched, cached, paced), verify, fill, merge."""

from __future__ import annotations

import sys
from typing import Any

from ..ids import ARXIV_DOI_PREFIX, normalize_title, parse_arxiv_id
from ..model import Entry, Library, Problem, Provenance
from .arxiv import ArxivClient, Lookups, Pacer, abstract_phrases, title_phrase
from .cache import Cache
from ..csl import is_published
from .doi import DoiClient, csl_published_fields, verify_item
from .fill import fill, publish_parts
from .match import authors_agree, pick, titles_close
from .options import EnrichOptions, default_cache_path
from .record import Record
from .transport import Timeouts

__all__ = ["run"]

#: How many entries a summary names before "and N more".
SHOWN = 5


class _Progress:
    """A click progress bar over the look-ups planned, its total known before it starts; silent when disabled."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def start(self, total: int) -> None:
        """Draw the bar for ``total`` look-ups (cached ones included: they finish at once)."""
        if not self.enabled or total <= 0:
            return
        import click

        self.bar = click.progressbar(length=total, label="arXiv", file=sys.stderr, show_pos=True)
        self.bar.__enter__()

    def advance(self, n: int) -> None:
        """``n`` more look-ups concluded."""
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        """End the bar (full by now: every planned look-up concluded, one way or another)."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _where(entry: Entry) -> tuple[str, int | None]:
    for prov in entry.sources or [p for provs in entry.provenance.values() for p in provs]:
        return prov.origin, prov.line
    return "<input>", None


def _label(entry: Entry) -> str:
    if entry.arxiv_id:
        return f"arXiv:{entry.arxiv_id}"
    text = entry.title or (entry.abstract and "abstract " + entry.abstract) or "untitled entry"
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _is_arxiv_doi(doi: str | None) -> bool:
    return bool(doi) and doi.casefold().startswith(ARXIV_DOI_PREFIX.casefold())


def _entry_id(entry: Entry) -> str | None:
    if entry.arxiv_id:
        found = parse_arxiv_id(entry.arxiv_id)
        return found.id if found else None
    if _is_arxiv_doi(entry.DOI):
        found = parse_arxiv_id(entry.DOI[len(ARXIV_DOI_PREFIX):])
        return found.id if found else None
    return None


def _at(entry: Entry) -> str:
    """``label (file:line)`` for a summary."""
    origin, line = _where(entry)
    return f"{_label(entry)} ({origin}{f':{line}' if line else ''})"


def _names(entries: list[Entry], verbose: bool) -> str:
    """The first few entries (all with ``verbose``), then how many more."""
    shown = entries if verbose else entries[:SHOWN]
    text = "; ".join(_at(e) for e in shown)
    rest = len(entries) - len(shown)
    return text + (f"; and {rest} more (--verbose lists them all)" if rest else "")


def client_for(options: EnrichOptions) -> ArxivClient:
    """The arXiv client ``options`` ask for: endpoint, pacing, retries with backoff, deadlines."""
    return ArxivClient(
        url=options.url,
        pacer=Pacer(options.delay),
        retries=options.retries,
        backoff=options.delay if options.backoff is None else options.backoff,
        jitter=options.jitter,
        max_backoff=options.retry_after_max,
        timeouts=Timeouts(options.connect_timeout, options.timeout, options.request_deadline, options.run_deadline),
    )


def run(library: Library, options: EnrichOptions) -> Library:
    """Fill ``library``'s entries in from arXiv (verified, cached, polite); never raises for a network fault."""
    cache = Cache.open(options.cache_path if options.cache_path is not None else default_cache_path())
    progress = _Progress(options.progress)
    client = client_for(options)
    lookups = Lookups(client, cache, options.batching, options.offline, on_done=progress.advance)
    try:
        _run(library, options, lookups, progress)
        if options.doi:
            published_from_doi(library, options, cache)
    finally:
        progress.close()
        client.close()
        cache.close()
    if cache.trouble:
        library.problems.append(Problem(cache.trouble, origin=str(cache.path)))
    return _merge_duplicates(library)


def _run(library: Library, options: EnrichOptions, lookups: Lookups, progress: _Progress) -> None:
    by_id: dict[int, str] = {}
    by_title: dict[int, str] = {}
    by_abstract: dict[int, str] = {}
    title_queries: dict[str, list[str]] = {}
    abstract_queries: dict[str, list[str]] = {}

    def abstract_key(entry: Entry) -> str | None:
        phrases = abstract_phrases(entry.abstract or "")
        if not phrases:
            return None
        key = "abs:" + " | ".join(phrases)
        abstract_queries[key] = phrases
        return key

    for n, entry in enumerate(library.entries):
        arxiv_id = _entry_id(entry)
        if arxiv_id:
            by_id[n] = arxiv_id
        elif entry.title and title_phrase(entry.title):
            key = "ti:" + normalize_title(entry.title)
            by_title[n] = key
            title_queries[key] = [title_phrase(entry.title, options.batching.max_title_words)]
        elif entry.abstract:
            key = abstract_key(entry)
            if key is None:
                origin, line = _where(entry)
                library.problems.append(Problem(f"{_label(entry)}: no distinctive phrase to search arXiv by; not enriched", origin, line))
                continue
            by_abstract[n] = key

    planned_abstracts = list(abstract_queries)
    progress.start(len(set(by_id.values())) + len(title_queries) + len(planned_abstracts))
    papers, id_failed = lookups.papers(by_id.values())
    found_titles, title_failed = lookups.search(title_queries, "ti")
    # A title may have changed between versions: entries whose title found nothing
    # verifiable are searched again by their abstract, in the same batched requests.
    for n, key in by_title.items():
        entry = library.entries[n]
        if key not in title_failed and entry.abstract and pick(entry, found_titles.get(key, []))[0] is None:
            second = abstract_key(entry)
            if second:
                by_abstract[n] = second
    found_abstracts, abstract_failed = lookups.search(abstract_queries, "abs", counted=planned_abstracts)

    not_enriched: list[tuple[Entry, str]] = []
    not_found: list[Entry] = []
    for n, entry in enumerate(library.entries):
        origin, line = _where(entry)
        if n in by_id:
            arxiv_id = by_id[n]
            if arxiv_id in id_failed:
                not_enriched.append((entry, id_failed[arxiv_id]))
                continue
            record = papers.get(arxiv_id)
            if record is None:
                library.problems.append(Problem(f"arXiv has no paper {arxiv_id}; not enriched", origin, line))
                continue
            if not _plausible(entry, record):
                library.problems.append(Problem(
                    f"arXiv:{arxiv_id} is titled {record.title!r}, not {entry.title!r}; not enriched (check the id)",
                    origin, line))
                continue
            _apply(library, entry, record, options)
            continue
        keys = [k for k in (by_title.get(n), by_abstract.get(n)) if k]
        if not keys:
            continue
        failures = [f[k] for k, f in ((k, title_failed if k.startswith("ti:") else abstract_failed) for k in keys) if k in f]
        candidates: dict[str, Record] = {}
        for key in keys:
            for record in (found_titles if key.startswith("ti:") else found_abstracts).get(key, []):
                candidates.setdefault(record.arxiv_id, record)
        record, why = pick(entry, list(candidates.values()))
        if record is not None:
            _apply(library, entry, record, options)
            continue
        if failures:
            not_enriched.append((entry, failures[0]))
            continue
        if why == "no candidate":
            not_found.append(entry)
            continue
        message = f"{_label(entry)}: unsure which arXiv paper this is, {why}; left unresolved"
        library.problems.append(Problem(message, origin, line))

    _summarise(library, options, not_enriched, not_found)


def _summarise(library: Library, options: EnrichOptions, not_enriched: list[tuple[Entry, str]],
               not_found: list[Entry]) -> None:
    """One warning per kind of miss (a count and the first few entries); ``verbose`` adds one per entry."""
    if not_enriched:
        reasons = list(dict.fromkeys(why for _, why in not_enriched))
        entries = [e for e, _ in not_enriched]
        library.problems.append(Problem(
            f"{len(entries)} entr{'y was' if len(entries) == 1 else 'ies were'} not enriched: "
            + "; ".join(reasons[:3]) + (f" (and {len(reasons) - 3} other reasons)" if len(reasons) > 3 else "")
            + f" — {_names(entries, options.verbose)}",
            origin=options.url,
        ))
        if options.verbose:
            for entry, why in not_enriched:
                origin, line = _where(entry)
                library.problems.append(Problem(f"{_label(entry)}: not enriched ({why})", origin, line))
    if not_found:
        library.problems.append(Problem(
            f"{len(not_found)} entr{'y was' if len(not_found) == 1 else 'ies were'} not found on arXiv "
            f"(searched by title or abstract); not enriched — {_names(not_found, options.verbose)}",
            origin=options.url,
        ))
    # arXiv's API looks papers up by arXiv id, title and abstract only; a journal's DOI means nothing to it.
    other_dois = [e for e in library.entries if e.DOI and not _is_arxiv_doi(e.DOI) and not e.arxiv_id]
    if other_dois:
        shown = other_dois if options.verbose else other_dois[:SHOWN]
        listed = "; ".join(f"{e.DOI} ({_where(e)[0]}{f':{_where(e)[1]}' if _where(e)[1] else ''})" for e in shown)
        rest = len(other_dois) - len(shown)
        library.problems.append(Problem(
            f"arXiv's API cannot resolve DOIs that are not arXiv DOIs: {len(other_dois)} "
            f"entr{'y' if len(other_dois) == 1 else 'ies'} kept as they are — {listed}"
            + (f"; and {rest} more (--verbose lists them all)" if rest else ""),
            origin=options.url,
        ))


def doi_client_for(options: EnrichOptions, cache: Cache) -> DoiClient:
    """The DOI client ``options`` ask for: resolver, pacing, retries, arXiv's run deadline and its own per request."""
    return DoiClient(
        url=options.doi_url, cache=cache, offline=options.offline, delay=options.doi_delay, retries=options.retries,
        backoff=options.doi_delay if options.backoff is None else options.backoff, jitter=options.jitter,
        retry_after_max=options.retry_after_max,
        timeouts=Timeouts(options.connect_timeout, min(options.timeout, options.doi_request_deadline),
                          options.doi_request_deadline, options.run_deadline),
    )


def published_from_doi(library: Library, options: EnrichOptions, cache: Cache) -> None:
    """Preprints with a journal's DOI but no venue get it from the DOI's registration agency (verified).

    One summary warning names the DOIs that could not be asked; a record whose title or
    authors disagree is not used, and said so per entry.
    """
    wanted = [e for e in library.entries if e.arxiv_id and e.DOI and not _is_arxiv_doi(e.DOI)
              and not is_published(e) and e.type in ("article", "article-journal", "paper-conference")]
    if not wanted:
        return
    client = doi_client_for(options, cache)
    try:
        answer = client.lookup([e.DOI for e in wanted if e.DOI])
    finally:
        client.close()
    failed: list[tuple[Entry, str]] = []
    for entry in wanted:
        origin, line = _where(entry)
        doi = entry.DOI or ""
        if doi in answer.failed:
            failed.append((entry, answer.failed[doi]))
            continue
        item = answer.items.get(doi)
        if item is None:
            continue  # not registered: nothing to say where it appeared
        why = verify_item(item, entry.title, entry.author)
        if why:
            library.problems.append(Problem(f"{_label(entry)}: DOI {doi} is not this paper ({why}); not used",
                                            origin, line))
            continue
        parts = csl_published_fields(item)
        if parts is None:
            continue
        prov = Provenance("doi", options.doi_url.rstrip("/") + "/" + doi)
        for problem in publish_parts(entry, parts, prov, overwrite=options.overwrite):
            library.problems.append(Problem(f"{_label(entry)}: {problem.message}", origin, line))
    if failed:
        reasons = list(dict.fromkeys(why for _, why in failed))
        entries = [e for e, _ in failed]
        library.problems.append(Problem(
            f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} kept as arXiv gives them (the published "
            f"version could not be asked by DOI: {'; '.join(reasons[:3])}) — {_names(entries, options.verbose)}",
            origin=options.doi_url))


def _plausible(entry: Entry, record: Record) -> bool:
    """An id look-up is trusted unless the stated title and authors both point elsewhere (a mistyped id)."""
    if not entry.title or not record.title:
        return True
    if titles_close(entry.title, record.title) >= 60:
        return True
    return bool(entry.author) and authors_agree(entry.author, record.names())


def _apply(library: Library, entry: Entry, record: Record, options: EnrichOptions) -> None:
    prov = Provenance("arxiv-api", f"{options.url}?id_list={record.arxiv_id}")
    origin, line = _where(entry)
    for problem in fill(entry, record, prov, overwrite=options.overwrite):
        # Point at the listing the user can fix; the message names the arXiv answer.
        library.problems.append(Problem(f"{_label(entry)}: {problem.message}", origin, line))


def _merge_duplicates(library: Library) -> Library:
    """Entries that turned out to be the same arXiv paper become one (via :func:`citekit.merge.merge`)."""
    ids = [e.arxiv_id for e in library.entries if e.arxiv_id]
    if len(ids) == len(set(ids)):
        return library
    try:
        from ..merge import merge
    except ImportError:  # merging not available in this build: keep the duplicates
        return library
    return merge(library)
