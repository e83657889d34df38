"""The arXiv API client on the ``arxiv`` package: complete answers only, batched look-ups, cached.

Requests go through ``arxiv.Client`` (``Search`` in, ``Result`` out, the package's own
feed parser) with two hooks: its ``requests.Session`` is a
:class:`~citekit.enrich.transport.PoliteSession` (pacing, urllib3 retries with backoff
and ``Retry-After``, timeouts, deadlines, User-Agent), and ``_format_url`` leaves
commas readable so a 7,000-character URL holds about 600 ids. citekit sizes every page
itself, so each request is one page (:meth:`_PackageClient.one_page`).

The package takes an empty or malformed page for an answer (its parser recovers what it
can of broken XML); a cache must not, or a fault becomes "no such paper" for days. So
each answer is checked against what was asked (:func:`inspect_page`): it must be a
well-formed Atom feed, an ``id_list`` page must hold every id asked (or arXiv's error
entry for it) and no other, a search page as many results as its count promises.
Anything else is asked again and never cached. arXiv leaves ids it does not have out of
an ``id_list`` answer (and out of its count), so an id is absent only after
:data:`CONFIRM_ABSENT` whole answers without it that hold other papers asked: asking
again, an id known to exist (found this run, or cached) rides along as a witness. An
answer holding no paper at all proves nothing, and a search page that counts no results
is asked once more before it is believed.

Batching: ids go ``id_list`` in chunks sized by URL length (:attr:`Batching.max_url`);
titles go ``ti:"..." OR ti:"..."`` (:attr:`Batching.titles_per_request` a request);
abstract-only entries go ``(abs:"..." AND abs:"...") OR ...`` with two phrases each.
"""

from __future__ import annotations

import logging
import random
import re
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import arxiv
import requests
from lxml import etree

from ..errors import EnrichError
from ..ids import normalize_text, normalize_title, parse_arxiv_id
from .cache import MISSING, Cache
from .match import titles_close
from .options import Batching
from .record import Record
from .record import canonical_id as _canonical
from .transport import RETRY_STATUS, DeadlineExceeded, PoliteSession, RefusedAnswer, Timeouts, make_retry, unmendable

__all__ = [
    "ArxivClient",
    "Batching",
    "CONFIRM_ABSENT",
    "FetchFailed",
    "IdAnswer",
    "Lookups",
    "Page",
    "PageError",
    "Pacer",
    "abstract_phrases",
    "inspect_page",
    "title_phrase",
]

# The package logs skipped entries as warnings; without a handler Python would print them.
logging.getLogger("arxiv").addHandler(logging.NullHandler())

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_FEED_TAG = f"{{{_NS['atom']}}}feed"
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
#: Requests of a run that may run out of time (deadline or read timeout) before it stops asking.
LATE_ANSWERS = 2
#: Answers in a row an id must be missing from before it counts as "arXiv has no such paper".
CONFIRM_ABSENT = 3
#: Title candidates kept for verification: loose enough to keep near-identical decoys.
_CANDIDATE_TITLE = 80.0
_BAD_ID = re.compile(r"incorrect_id_format_for_(.+)$")


class FetchFailed(EnrichError):
    """A look-up failed for good (after its retries). ``outage`` when arXiv could not be reached at all."""

    def __init__(self, message: str, *, url: str = "", outage: bool = False):
        super().__init__(message)
        self.url = url
        self.outage = outage


class PageError(EnrichError):
    """An answer that is no usable page (malformed XML, an HTML page, not an Atom feed); worth a retry."""


class _Fault(Exception):
    """One try that gave no usable answer. ``answered``: the server sent something; ``final``: do not retry."""

    def __init__(self, message: str, *, answered: bool, final: bool = False, outage: bool = False):
        super().__init__(message)
        self.message = message
        self.answered = answered
        self.final = final
        self.outage = outage


@dataclass(slots=True)
class Pacer:
    """Keeps at least ``delay`` seconds between requests; clock and sleep are injectable for tests."""

    delay: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: float | None = None

    def wait(self, at_least: float = 0.0) -> None:
        """Sleep until ``max(delay, at_least)`` seconds have passed since the last request."""
        if self._last is None:
            if at_least > 0:
                self.sleep(at_least)
            return
        gap = max(self.delay, at_least)
        remaining = self._last + gap - self.clock()
        if remaining > 0:
            self.sleep(remaining)

    def mark(self) -> None:
        """Note that a request was just sent."""
        self._last = self.clock()

    def next_request(self, at_least: float = 0.0) -> None:
        """Wait as :meth:`wait` does, then :meth:`mark`: what every request sent does first."""
        self.wait(at_least)
        self.mark()


# --------------------------------------------------------------------------- pages


@dataclass(slots=True)
class Page:
    """One checked answer: the records the package parsed, and what the feed itself says."""

    url: str
    records: list[Record] = field(default_factory=list)
    total: int | None = None
    start: int = 0
    #: Every ``<entry>``'s arXiv id (without version), blank entries included.
    entry_ids: list[str] = field(default_factory=list)
    #: Ids arXiv answered with a blank entry (an id, no title, no author): papers it does not have.
    blank: set[str] = field(default_factory=set)
    #: arXiv's error entries: their code (``incorrect_id_format_for_X``) -> message.
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        """True when the query matched more records than this page holds."""
        return self.total is not None and self.start + len(self.entry_ids) < self.total

    def rejected(self, asked: Iterable[str]) -> dict[str, str]:
        """The asked ids arXiv's error entries name (a malformed id), with arXiv's message."""
        asked = set(asked)
        out: dict[str, str] = {}
        for code, message in self.errors.items():
            m = _BAD_ID.search(code)
            if m:
                found = parse_arxiv_id(m.group(1))
                key = found.id if found else m.group(1)
                if key in asked:
                    out[key] = message
        return out


def _int(root: etree._Element, path: str) -> int | None:
    found = root.find(path, _NS)
    if found is None or found.text is None:
        return None
    try:
        return int(found.text.strip())
    except ValueError:
        return None


def inspect_page(body: bytes | None, results: list[arxiv.Result], url: str) -> Page:
    """Check one answer's bytes strictly and pair them with the package's ``Result``s; raises :class:`PageError`."""
    if not body or not body.strip():
        raise PageError("an empty answer (no bytes)")
    try:
        root = etree.fromstring(body, parser=_STRICT)
    except etree.XMLSyntaxError as exc:
        raise PageError(f"malformed XML in the answer ({exc})") from None
    if root is None or root.tag != _FEED_TAG:
        tag = etree.QName(root).localname if root is not None else "nothing"
        hint = " (a captive portal or proxy page?)" if tag.lower() == "html" else ""
        raise PageError(f"the answer is not an Atom feed but <{tag}>{hint}")
    page = Page(url, total=_int(root, "opensearch:totalResults"), start=_int(root, "opensearch:startIndex") or 0)
    for entry in root.iterfind("atom:entry", _NS):
        raw = " ".join((entry.findtext("atom:id", default="", namespaces=_NS) or "").split())
        if "/api/errors" in raw:
            message = " ".join((entry.findtext("atom:summary", default="", namespaces=_NS) or raw).split())
            page.errors[raw.rpartition("#")[2] or raw] = message
            continue
        found = parse_arxiv_id(raw)
        if found is None:
            raise PageError(f"an entry whose id is not an arXiv id ({raw[:60]!r})")
        page.entry_ids.append(found.id)
        title = "".join(entry.findtext("atom:title", default="", namespaces=_NS) or "").strip()
        if not title and entry.find("atom:author", _NS) is None:
            page.blank.add(found.id)
    page.records = [r for r in (Record.from_result(x) for x in results) if r is not None and r.usable]
    parsed = {r.arxiv_id for r in page.records}
    unread = set(page.entry_ids) - parsed - page.blank
    if unread or not parsed <= set(page.entry_ids):
        # The package skips an entry it cannot read (no dates): an answer with a hole in it.
        raise PageError(f"entries the package could not read ({', '.join(sorted(unread)[:3])})")
    return page


# --------------------------------------------------------------------------- the package client


class _PackageClient(arxiv.Client):
    """``arxiv.Client`` on a :class:`PoliteSession`, one page per request, commas left readable."""

    def __init__(self, url: str, session: requests.Session) -> None:
        # Pacing and retries are the session's and citekit's: the package's own would not back off.
        super().__init__(page_size=100, delay_seconds=0.0, num_retries=0)
        self._session = session
        self.query_url_format = url + "?{}"
        self.last_feed: object | None = None

    def _format_url(self, search: arxiv.Search, start: int, page_size: int) -> str:
        params = {"search_query": search.query, "id_list": ",".join(search.id_list)}
        params = {k: v for k, v in params.items() if v}
        params.update({"start": str(start), "max_results": str(page_size)})
        return self.query_url_format.format(
            urllib.parse.urlencode(params, safe=",:()", quote_via=urllib.parse.quote_plus))

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0):  # type: ignore[override]
        feed = super()._parse_feed(url, first_page=first_page, _try_index=_try_index)
        self.last_feed = feed  # so one_page knows how many results the page held
        return feed

    def url_for(self, search: arxiv.Search) -> str:
        """The URL of the one page :meth:`one_page` would request."""
        return self._format_url(search, 0, search.max_results or self.page_size)

    def one_page(self, search: arxiv.Search) -> list[arxiv.Result]:
        """The results of the first page only: citekit sizes its pages, so it never pages on."""
        self.page_size = search.max_results or self.page_size
        self.last_feed = None
        out: list[arxiv.Result] = []
        for result in self.results(search):
            out.append(result)
            if self.last_feed is not None and len(out) >= len(self.last_feed.results):  # type: ignore[attr-defined]
                break  # stop before the package asks for a second page
        return out


@dataclass(slots=True)
class IdAnswer:
    """What one chunk of ids came to: records, ids arXiv has not, ids it rejects, ids not answered."""

    found: dict[str, Record] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)
    rejected: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    url: str = ""


@dataclass(slots=True)
class ArxivClient:
    """Paced, retried look-ups through ``arxiv.Client`` that accept complete answers only."""

    url: str
    pacer: Pacer
    retries: int = 3
    backoff: float = 3.0
    jitter: float = 1.0
    max_backoff: float = 60.0
    timeouts: Timeouts = field(default_factory=Timeouts)
    #: Set when arXiv could not be reached; later calls fail at once instead of waiting again.
    down: str | None = None
    #: Ids known to exist (found this run or cached): witnesses when asking again for ids an answer left out.
    known: list[str] = field(default_factory=list)
    #: Requests that ran out of time so far (see :data:`LATE_ANSWERS`).
    late: int = 0
    session: PoliteSession = field(init=False)
    package: _PackageClient = field(init=False)

    def __post_init__(self) -> None:
        retry = make_retry(self.retries, self.backoff, self.jitter, self.max_backoff, None)
        self.session = PoliteSession(timeouts=self.timeouts, retry=retry, pace=self.pacer.next_request,
                                     clock=self.pacer.clock)
        self.package = _PackageClient(self.url, self.session)

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()

    def url_for(self, search: arxiv.Search) -> str:
        """The request URL for ``search`` (for chunking by URL length)."""
        return self.package.url_for(search)

    # one try ---------------------------------------------------------------

    def _back_off(self, attempt: int) -> None:
        wait = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        if self.jitter:
            wait += random.uniform(0, self.jitter)  # noqa: S311 (spreading retries, not security)
        self.pacer.wait(wait)

    def _try(self, search: arxiv.Search) -> Page:
        """One request; raises :class:`_Fault` for anything that is not a well-formed feed."""
        url = self.url_for(search)
        try:
            results = self.package.one_page(search)
        except DeadlineExceeded as exc:
            raise self._late_fault(exc.message, run=exc.run) from None
        except RefusedAnswer as exc:
            # Asking again would only fetch the same bomb or entity-laden page; nothing of it is kept.
            raise _Fault(exc.message, answered=True, final=True) from None
        except arxiv.HTTPError as exc:
            if exc.status in RETRY_STATUS:
                # urllib3 has retried it already, with backoff and Retry-After.
                raise _Fault(f"HTTP {exc.status} after {self.retries} retries", answered=True, final=True) from None
            try:  # arXiv answers a bad query with HTTP 400 and an error entry saying why
                page = inspect_page(self.session.last_body, [], url)
            except PageError:
                page = None
            if page is not None and page.errors:
                return page
            raise FetchFailed(f"arXiv refused the request (HTTP {exc.status})", url=url) from None
        except (ValueError, TypeError, etree.LxmlError) as exc:
            # The package's parser recovers broken XML and then trips over what is left (a cut date).
            try:
                inspect_page(self.session.last_body, [], url)
            except PageError as bad:
                raise _Fault(bad.message, answered=True) from None
            raise _Fault(f"an answer the arxiv package could not read ({exc})", answered=True) from None
        except requests.exceptions.RequestException as exc:
            reason = _reason(exc)
            if isinstance(exc, requests.exceptions.Timeout):
                raise self._late_fault(f"no answer from {_host(self.url)} ({reason})") from None
            if unmendable(exc):
                raise _Fault(f"cannot reach {_host(self.url)} ({reason})", answered=False, final=True, outage=True) from None
            raise _Fault(f"no answer from {_host(self.url)} ({reason})", answered=False) from None
        try:
            return inspect_page(self.session.last_body, results, url)
        except PageError as exc:
            raise _Fault(exc.message, answered=True) from None

    def _late_fault(self, message: str, *, run: bool = False) -> _Fault:
        """A request that ran out of time. Asked once more; a second one in the run ends the run's asking,
        so a stalled, trickling or half-open server costs at most two deadlines, not one per try."""
        self.late += 1
        stop = run or self.late >= LATE_ANSWERS
        return _Fault(message, answered=False, final=stop, outage=stop)

    def _give_up(self, last: _Fault | None, answered: bool, url: str) -> FetchFailed:
        message = last.message if last else "no answer"
        outage = bool(last and last.outage) or not answered
        if outage:
            self.down = message  # nothing answered: the rest of the run would only wait again
            return FetchFailed(message, url=url, outage=True)
        return FetchFailed(f"gave up after {self.retries + 1} tries: {message}", url=url)

    # look-ups ----------------------------------------------------------------

    def lookup_ids(self, ids: list[str]) -> IdAnswer:
        """The records of ``ids`` (version-less), asking again for whatever an answer left out."""
        answer = IdAnswer(url=self.url_for(arxiv.Search(id_list=ids, max_results=len(ids))))
        if self.down:
            answer.failed = {i: self.down for i in ids}
            return answer
        pending = list(ids)
        misses: Counter[str] = Counter()
        last: _Fault | None = None
        answered = False
        fruitless = 0  # tries that settled nothing; an answer that settles some ids costs no retry
        while pending and fruitless <= self.retries:
            if fruitless and last is not None:
                self._back_off(fruitless)
            # Asking again, one id known to exist rides along as a witness: an answer holding it
            # but not the others is evidence that they are absent, not of an empty or cut-off page.
            asked_before = fruitless or len(pending) < len(ids)
            witness = next((i for i in (*answer.found, *reversed(self.known)) if i not in pending), None) if asked_before else None
            ask = pending + ([witness] if witness else [])
            try:
                page = self._try(arxiv.Search(id_list=ask, max_results=len(ask)))
            except _Fault as fault:
                last, answered = fault, answered or fault.answered
                fruitless += 1
                if fault.final:
                    break
                continue
            answered = True
            asked = set(ask)
            # arXiv answers an old-style id with its subject class ("math.CA/0601001") by the
            # archive alone ("math/0601001"): the same paper, under the id as it was asked.
            as_asked = {_canonical(i): i for i in ask}
            page.entry_ids = [as_asked.get(_canonical(i), i) for i in page.entry_ids]
            page.blank = {as_asked.get(_canonical(i), i) for i in page.blank}
            by_asked = {as_asked.get(_canonical(r.arxiv_id), r.arxiv_id): r for r in page.records}
            foreign = [i for i in page.entry_ids if i not in asked]
            if foreign:
                last = _Fault(f"an answer holding other ids than asked ({', '.join(foreign[:3])})", answered=True)
                fruitless += 1
                continue  # a shifted answer: none of it can be trusted
            rejected = page.rejected(asked)
            if page.errors and not rejected:
                raise FetchFailed(f"arXiv answered with an error: {'; '.join(page.errors.values())}", url=page.url)
            answer.rejected.update(rejected)
            answer.found.update({i: r for i, r in by_asked.items() if i in asked})
            answer.absent |= page.blank & asked
            missing = [i for i in pending if i not in answer.found and i not in answer.absent and i not in answer.rejected]
            # A miss is evidence only from a page that holds all its count promises (arXiv counts
            # the papers it found) and at least one paper asked (the witness, when asking again):
            # an answer with nothing in it looks the same whether the ids exist or not.
            whole = page.total is None or len(page.entry_ids) >= page.total - page.start
            holds = witness in by_asked if witness else any(i in by_asked for i in asked)
            if not page.errors and whole and holds:
                misses.update(missing)
            confirmed = {i for i in missing if misses[i] >= CONFIRM_ABSENT}
            answer.absent |= confirmed
            settled = len(pending) - len(missing) + len(confirmed)
            pending = [i for i in missing if i not in confirmed]
            if pending:
                last = _Fault(f"arXiv's answers left out {len(pending)} of the ids asked "
                              "(no such paper, or cut-off answers)", answered=True)
                if not settled:
                    fruitless += 1
        self.known.extend(i for i in answer.found if i in set(ids))
        answer.found = {i: r for i, r in answer.found.items() if i in set(ids)}
        if pending:
            failure = self._give_up(last, answered, answer.url)
            answer.failed = {i: failure.message for i in pending}
        return answer

    def search(self, query: str, max_results: int) -> Page:
        """One complete page of ``query``'s results; raises :class:`FetchFailed`."""
        search = arxiv.Search(query=query, max_results=max_results)
        url = self.url_for(search)
        if self.down:
            raise FetchFailed(self.down, url=url, outage=True)
        last: _Fault | None = None
        answered = False
        nothing = 0  # whole answers of no results at all: one is not yet believed
        for attempt in range(self.retries + 1):
            if attempt:
                self._back_off(attempt)
            try:
                page = self._try(search)
            except _Fault as fault:
                last, answered = fault, answered or fault.answered
                if fault.final:
                    break
                continue
            answered = True
            if page.errors:
                raise FetchFailed(f"arXiv answered with an error: {'; '.join(page.errors.values())}", url=url)
            if page.total is None:
                last = _Fault("an answer without a result count", answered=True)
                continue
            due = min(max_results, max(0, page.total - page.start))
            if len(page.entry_ids) < due:
                what = "an empty page" if not page.entry_ids else f"a page of {len(page.entry_ids)} results"
                last = _Fault(f"{what} where {due} were due", answered=True)
                continue
            if page.total == 0 and not nothing and attempt < self.retries:
                # An empty page that also counts nothing looks like "no such paper"; a busy arXiv
                # gives it too. Cached, it would hide the paper for days: ask once more.
                nothing += 1
                last = _Fault("an empty answer (no results counted)", answered=True)
                continue
            return page
        raise self._give_up(last, answered, url)


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _reason(exc: BaseException) -> str:
    """A short human reason for a requests failure."""
    text = str(exc)
    for needle, said in (("Name or service not known", "the name does not resolve"),
                         ("nodename nor servname", "the name does not resolve"),
                         ("Temporary failure in name resolution", "the name does not resolve"),
                         ("NameResolutionError", "the name does not resolve"),
                         ("Connection refused", "connection refused"),
                         ("Read timed out", "read timed out"),
                         ("timed out", "timed out")):
        if needle in text:
            return said
    return text if len(text) <= 120 else text[:119] + "…"


# --------------------------------------------------------------------------- queries


def title_phrase(title: str, max_words: int = 16) -> str:
    """The words of ``title`` for a ``ti:"..."`` phrase: normalized, no quotes or operators left."""
    words = [w for w in normalize_title(title).replace("_", " ").split() if w]
    return " ".join(words[:max_words])


def abstract_phrases(abstract: str, words: int = 6, count: int = 2) -> list[str]:
    """Up to ``count`` runs of ``words`` plain words from ``abstract``, the most distinctive first.

    Math (``$...$``), TeX commands, hyphens and punctuation break runs, so a phrase never
    spans text a listing may have mangled (``Acdot`` for ``A\\cdot``).
    """
    text = re.sub(r"\$[^$]*\$?|\\[a-zA-Z]+|[{}\\]", " | ", abstract)
    runs: list[list[str]] = []
    current: list[str] = []
    for token in text.split():
        core = token.rstrip(".,;:!?")
        word = core.lower()
        plain = word.isascii() and word.isalpha() and len(word) > 1
        if plain:
            current.append(word)
        if not plain or core != token:  # the clause ends here
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    windows = [
        (sum(len(w) for w in run[i : i + words]), -r, -i, r, i)
        for r, run in enumerate(runs)
        for i in range(len(run) - words + 1)
    ]
    windows.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, r, i in windows:
        if all(r != cr or abs(i - ci) >= words for cr, ci in chosen):
            chosen.append((r, i))
        if len(chosen) == count:
            break
    return [" ".join(runs[r][i : i + words]) for r, i in chosen]


def _chunks_by_url(items: list[str], url_of: Callable[[list[str]], str], max_url: int, max_items: int) -> Iterator[list[str]]:
    """Greedy chunks of ``items`` whose request URL stays within ``max_url`` characters."""
    chunk: list[str] = []
    for item in items:
        trial = chunk + [item]
        if chunk and (len(trial) > max_items or len(url_of(trial)) > max_url):
            yield chunk
            trial = [item]
        chunk = trial
    if chunk:
        yield chunk


# --------------------------------------------------------------------------- look-ups


@dataclass(slots=True)
class Lookups:
    """Runs batched look-ups through the cache: what is cached is never asked again."""

    client: ArxivClient
    cache: Cache
    batching: Batching = field(default_factory=Batching)
    offline: bool = False
    #: Called with how many planned look-ups just concluded (for the progress bar).
    on_done: Callable[[int], None] | None = None

    # ids ---------------------------------------------------------------

    def papers(self, ids: Iterable[str]) -> tuple[dict[str, Record | None], dict[str, str]]:
        """Records by id (None: arXiv has no such paper) and, for ids not answered, the reason."""
        found: dict[str, Record | None] = {}
        failed: dict[str, str] = {}
        todo: list[str] = []
        for arxiv_id in dict.fromkeys(ids):
            cached = self.cache.paper(arxiv_id, offline=self.offline)
            if isinstance(cached, Record):
                found[arxiv_id] = cached
                self.client.known.append(arxiv_id)
            elif cached is MISSING:
                found[arxiv_id] = None
            elif self.offline:
                failed[arxiv_id] = "not in the cache (offline)"
            else:
                todo.append(arxiv_id)
        self._done(len(found) + len(failed))
        if not todo:
            return found, failed

        def url_of(chunk: list[str]) -> str:
            return self.client.url_for(arxiv.Search(id_list=chunk, max_results=len(chunk)))

        b = self.batching
        for chunk in list(_chunks_by_url(todo, url_of, b.max_url, b.max_ids_per_request)):
            try:
                answer = self.client.lookup_ids(chunk)
            except FetchFailed as exc:
                failed.update({i: exc.message for i in chunk})
                self._done(len(chunk))
                continue
            rows: list[tuple[str, Record | None, str]] = [(i, r, answer.url) for i, r in answer.found.items()]
            rows += [(i, None, answer.url) for i in sorted(answer.absent)]
            self.cache.put_papers(rows)
            found.update(answer.found)
            found.update({i: None for i in answer.absent})
            failed.update({i: f"arXiv rejects the id ({why})" for i, why in answer.rejected.items()})
            failed.update(answer.failed)
            self._done(len(chunk))
        return found, failed

    # titles and abstracts ----------------------------------------------

    def search(self, queries: dict[str, list[str]], field_name: str, *, counted: Iterable[str] | None = None
               ) -> tuple[dict[str, list[Record]], dict[str, str]]:
        """Candidates for each query key; ``queries`` maps key -> phrases (all must match, ``field_name`` ti/abs).

        ``counted``: the keys the progress bar planned for (None: all); others conclude unseen.
        """
        planned = None if counted is None else set(counted)

        def done(keys: Iterable[str]) -> None:
            self._done(sum(1 for k in keys if planned is None or k in planned))
        found: dict[str, list[Record]] = {}
        failed: dict[str, str] = {}
        todo: list[str] = []
        for key in queries:
            ids = self.cache.query(key, offline=self.offline)
            if ids is not None:
                found[key] = [r for r in (self.cache.paper(i, offline=True) for i in ids) if isinstance(r, Record)]
            elif self.offline:
                failed[key] = "not in the cache (offline)"
            else:
                todo.append(key)
        done([*found, *failed])
        b = self.batching
        size = b.titles_per_request if field_name == "ti" else b.abstracts_per_request

        def query_of(keys: list[str]) -> str:
            clauses = []
            for key in keys:
                terms = [f'{field_name}:"{p}"' for p in queries[key]]
                clauses.append(terms[0] if len(terms) == 1 else "(" + " AND ".join(terms) + ")")
            return " OR ".join(clauses)

        def max_results(keys: list[str]) -> int:
            return min(2000, b.results_per_title * len(keys))

        def url_of(keys: list[str]) -> str:
            return self.client.url_for(arxiv.Search(query=query_of(keys), max_results=max_results(keys)))

        pending = list(_chunks_by_url(todo, url_of, b.max_url, size))
        while pending:
            keys = pending.pop(0)
            try:
                page = self.client.search(query_of(keys), max_results(keys))
            except FetchFailed as exc:
                failed.update({k: exc.message for k in keys})
                done(keys)
                continue
            unsure: list[str] = []
            papers: dict[str, Record] = {}
            answers: list[tuple[str, list[str]]] = []
            for key in keys:
                hits = [r for r in page.records if self._candidate(key, queries[key], r, field_name)]
                if not hits and page.truncated:
                    unsure.append(key)  # its hit may be beyond this page: ask again in a smaller group
                    continue
                papers.update({r.arxiv_id: r for r in hits})
                answers.append((key, [r.arxiv_id for r in hits]))
                found[key] = hits
            self.cache.put_papers([(i, r, page.url) for i, r in papers.items()])
            self.cache.put_queries([(k, ids, page.url) for k, ids in answers])
            done(k for k, _ in answers)
            if unsure and len(keys) > 1:
                half = max(1, len(unsure) // 2)
                regroup = [unsure[:half], unsure[half:]] if len(unsure) > 1 else [unsure]
                pending[:0] = [g for g in regroup if g]
            else:
                for key in unsure:
                    found[key] = []  # inconclusive, so not cached
                done(unsure)
        return found, failed

    @staticmethod
    def _candidate(key: str, phrases: list[str], record: Record, field_name: str) -> bool:
        if field_name == "ti":
            return titles_close(key.partition(":")[2], record.title) >= _CANDIDATE_TITLE
        summary = normalize_text(record.summary)
        return any(p in summary for p in phrases)

    def _done(self, n: int) -> None:
        if self.on_done and n:
            self.on_done(n)
