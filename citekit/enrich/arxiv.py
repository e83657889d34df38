"""The arXiv API client: paced, retrying requests, batched id and title/abstract look-ups, cached.

Why not ``arxiv.Client``: it retries without backoff and without honouring
``Retry-After``, has no request timeout (a stalled answer hangs the run), accepts an
empty first page and a malformed page as a valid (empty) answer, and pages through
results one request at a time. All four matter here (the cache must never store a
fault as "not found"), so this module drives HTTP with ``urllib`` and parses Atom
strictly (:mod:`citekit.enrich.atom`).

Batching: ids go ``id_list`` in chunks sized by URL length (:attr:`Batching.max_url`,
7,000 characters: under the 8 KB request line common servers accept, with commas left
unescaped, about 600 new-style ids a request); titles go ``ti:"..." OR ti:"..."``
(:attr:`Batching.titles_per_request` a request); abstract-only entries go
``(abs:"..." AND abs:"...") OR ...`` with two distinctive phrases each.
"""

from __future__ import annotations

import email.utils
import http.client
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .. import __version__
from ..errors import EnrichError
from ..ids import normalize_text, normalize_title
from .atom import Feed, FeedError, Record, parse_feed
from .options import Batching
from .cache import MISSING, Cache
from .match import titles_close

__all__ = [
    "ArxivClient",
    "Batching",
    "FetchFailed",
    "Pacer",
    "Lookups",
    "abstract_phrases",
    "title_phrase",
]

_USER_AGENT = f"citekit/{__version__} (bibliography tool; polite batched client)"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: Title candidates kept for verification: loose enough to keep near-identical decoys.
_CANDIDATE_TITLE = 80.0


class FetchFailed(EnrichError):
    """A request failed for good (after its retries). ``outage`` when arXiv could not be reached at all."""

    def __init__(self, message: str, *, url: str = "", outage: bool = False):
        super().__init__(message)
        self.url = url
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
            return
        gap = max(self.delay, at_least)
        remaining = self._last + gap - self.clock()
        if remaining > 0:
            self.sleep(remaining)

    def mark(self) -> None:
        """Note that a request was just sent."""
        self._last = self.clock()




def _retry_after(value: str | None) -> float:
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - time.time())


@dataclass(slots=True)
class ArxivClient:
    """Sends paced, retried GET requests to the API and returns strictly parsed feeds."""

    url: str
    pacer: Pacer
    retries: int = 3
    backoff: float = 3.0
    max_backoff: float = 60.0
    timeout: float = 30.0
    #: Called once per request actually sent (retries included), e.g. to count or log.
    on_request: Callable[[str], None] | None = None
    #: Set when arXiv could not be reached; later calls fail at once instead of waiting again.
    down: str | None = None
    requests_sent: int = 0

    def build_url(self, params: dict[str, str]) -> str:
        """The GET URL for ``params`` (commas, colons and parentheses left readable)."""
        query = urllib.parse.urlencode(params, safe=",:()", quote_via=urllib.parse.quote_plus)
        return f"{self.url}?{query}"

    def fetch(self, params: dict[str, str], *, expect_entries: bool = False) -> tuple[Feed, str]:
        """One answer for ``params``; retries faults with backoff; raises :class:`FetchFailed`.

        ``expect_entries`` (id_list queries): an answer without a single entry is a fault
        arXiv shows under load, not a valid "none of these exist".
        """
        url = self.build_url(params)
        if self.down:
            raise FetchFailed(f"not tried: {self.down}", url=url, outage=True)
        last = "no answer"
        outage = True
        wait_extra = 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                wait_extra = max(wait_extra, min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))
            self.pacer.wait(wait_extra)
            wait_extra = 0.0
            self.pacer.mark()
            self.requests_sent += 1
            if self.on_request:
                self.on_request(url)
            try:
                data = self._get(url)
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code not in _RETRY_STATUS:
                    raise FetchFailed(f"arXiv refused the request ({last})", url=url) from None
                wait_extra = min(self.max_backoff, _retry_after(exc.headers.get("Retry-After") if exc.headers else None))
                continue
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"cannot reach {self.url} ({reason or type(exc).__name__})"
                continue
            outage = False  # arXiv answered, even if badly
            try:
                feed = parse_feed(data)
            except FeedError as exc:
                last = exc.message
                continue
            if feed.errors:
                raise FetchFailed(f"arXiv answered with an error: {'; '.join(feed.errors)}", url=url)
            if not feed.records and (expect_entries or (feed.total_results or 0) > feed.start_index):
                last = "an empty page where entries were due"
                continue
            return feed, url
        if outage:
            self.down = last
        raise FetchFailed(f"gave up after {self.retries + 1} tries: {last}", url=url, outage=outage)

    def _get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except socket.timeout as exc:  # a read that stalls mid-answer
            raise urllib.error.URLError("timed out") from exc


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


def _chunks_by_url(client: ArxivClient, items: list[str], make: Callable[[list[str]], dict[str, str]],
                   max_url: int, max_items: int) -> Iterator[list[str]]:
    """Greedy chunks of ``items`` whose request URL stays within ``max_url`` characters."""
    chunk: list[str] = []
    for item in items:
        trial = chunk + [item]
        if chunk and (len(trial) > max_items or len(client.build_url(make(trial))) > max_url):
            yield chunk
            trial = [item]
        chunk = trial
    if chunk:
        yield chunk


def _usable(record: Record) -> bool:
    # arXiv has answered unknown ids with blank entries: an id and nothing else.
    return bool(record.title or record.authors)


# --------------------------------------------------------------------------- look-ups


@dataclass(slots=True)
class Lookups:
    """Runs batched look-ups through the cache: what is cached is never asked again."""

    client: ArxivClient
    cache: Cache
    batching: Batching = field(default_factory=Batching)
    offline: bool = False
    #: Called with the number of requests planned (once per phase) and then once per request done.
    on_plan: Callable[[int], None] | None = None
    on_done: Callable[[], None] | None = None

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
            elif cached is MISSING:
                found[arxiv_id] = None
            elif self.offline:
                failed[arxiv_id] = "not in the cache (offline)"
            else:
                todo.append(arxiv_id)
        if not todo:
            return found, failed

        def params(chunk: list[str]) -> dict[str, str]:
            return {"id_list": ",".join(chunk), "start": "0", "max_results": str(len(chunk))}

        b = self.batching
        chunks = list(_chunks_by_url(self.client, todo, params, b.max_url, b.max_ids_per_request))
        self._plan(len(chunks))
        for chunk in chunks:
            try:
                feed, url = self.client.fetch(params(chunk), expect_entries=True)
            except FetchFailed as exc:
                failed.update({i: exc.message for i in chunk})
                continue
            finally:
                self._done()
            by_id = {r.arxiv_id: r for r in feed.records if _usable(r)}
            for arxiv_id in chunk:
                record = by_id.get(arxiv_id)
                # A well-formed answer that lists other ids but not this one: it does not exist.
                self.cache.put_paper(arxiv_id, record, url)
                found[arxiv_id] = record
        return found, failed

    # titles and abstracts ----------------------------------------------

    def search(self, queries: dict[str, list[str]], field_name: str) -> tuple[dict[str, list[Record]], dict[str, str]]:
        """Candidates for each query key; ``queries`` maps key -> phrases (all must match, ``field_name`` ti/abs)."""
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
        b = self.batching
        size = b.titles_per_request if field_name == "ti" else b.abstracts_per_request

        def params(keys: list[str]) -> dict[str, str]:
            clauses = []
            for key in keys:
                terms = [f'{field_name}:"{p}"' for p in queries[key]]
                clauses.append(terms[0] if len(terms) == 1 else "(" + " AND ".join(terms) + ")")
            return {
                "search_query": " OR ".join(clauses),
                "start": "0",
                "max_results": str(min(2000, b.results_per_title * len(keys))),
            }

        pending = list(_chunks_by_url(self.client, todo, params, b.max_url, size))
        self._plan(len(pending))
        while pending:
            keys = pending.pop(0)
            try:
                feed, url = self.client.fetch(params(keys))
            except FetchFailed as exc:
                failed.update({k: exc.message for k in keys})
                self._done()
                continue
            self._done()
            records = [r for r in feed.records if _usable(r)]
            unsure: list[str] = []
            for key in keys:
                hits = [r for r in records if self._candidate(key, queries[key], r, field_name)]
                if not hits and feed.truncated:
                    unsure.append(key)  # its hit may be beyond this page: ask again in a smaller group
                    continue
                for record in hits:
                    self.cache.put_paper(record.arxiv_id, record, url)
                self.cache.put_query(key, [r.arxiv_id for r in hits], url)
                found[key] = hits
            if unsure and len(keys) > 1:
                half = max(1, len(unsure) // 2)
                regroup = [unsure[:half], unsure[half:]] if len(unsure) > 1 else [unsure]
                pending[:0] = [g for g in regroup if g]
                self._plan(len([g for g in regroup if g]))
            else:
                for key in unsure:
                    found[key] = []  # inconclusive, so not cached
        return found, failed

    @staticmethod
    def _candidate(key: str, phrases: list[str], record: Record, field_name: str) -> bool:
        if field_name == "ti":
            return titles_close(key.partition(":")[2], record.title) >= _CANDIDATE_TITLE
        summary = normalize_text(record.summary)
        return any(p in summary for p in phrases)

    def _plan(self, n: int) -> None:
        if self.on_plan and n:
            self.on_plan(n)

    def _done(self) -> None:
        if self.on_done:
            self.on_done()
