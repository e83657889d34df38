"""The published version from its DOI: DOI content negotiation for CSL-JSON.

When arXiv knows a paper's DOI but gives no journal reference that can be read, the
DOI's registration agency (Crossref, DataCite, mEDRA, ...) says where it appeared.
``GET {CITEKIT_DOI_URL}{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``
is answered by doi.org's redirect to the agency, which all of them serve.

The client rides on the same :class:`~citekit.enrich.transport.PoliteSession` as the
arXiv client (pacing, urllib3 retries of 429/5xx with ``Retry-After``, connect and read
timeouts, a deadline per request and per run, the decompressed-size cap and the refusal
of DTDs) and on the same cache (its ``works`` table). An answer is
used only when it is a CSL-JSON object whose title and authors agree with the arXiv
record; HTML (a captive portal, a landing page) and anything else is a fault, retried and
never cached.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from ..errors import EnrichError
from ..model import Name
from .arxiv import LATE_ANSWERS, Pacer
from .cache import Cache
from .match import authors_agree, titles_close
from .transport import (DeadlineExceeded, PoliteSession, RefusedAnswer, Timeouts, make_retry, unmendable)

__all__ = ["ACCEPT", "DoiAnswer", "DoiClient", "csl_published_fields", "verify_item"]

#: The media type of CSL-JSON in DOI content negotiation.
ACCEPT = "application/vnd.citationstyles.csl+json"
#: Registration agencies' work types (CSL's or Crossref's names) that are a journal or proceedings paper.
_PUBLISHED_TYPES = {
    "article-journal": "article-journal", "journal-article": "article-journal",
    "paper-conference": "paper-conference", "proceedings-article": "paper-conference",
}
#: How close a title must be (0-100, match.titles_close) for the DOI's record to be the paper.
TITLE_AGREES = 90.0


class _NotCsl(EnrichError):
    """An answer that is not a CSL-JSON object (HTML, a login page, other JSON)."""


@dataclass(slots=True)
class DoiAnswer:
    """What the look-ups gave: CSL-JSON items by DOI (None: the DOI is not registered), and failures."""

    items: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if isinstance(value, (str, int)) and str(value).strip() else None


def verify_item(item: dict[str, Any], title: str | None, authors: list[Name]) -> str | None:
    """None when the DOI's record is the paper (title and authors agree), else why not."""
    found_title = _text(item.get("title"))
    if title and (not found_title or titles_close(title, found_title) < TITLE_AGREES):
        return f"its record is titled {found_title!r}"
    names = [Name.from_csl(a) for a in item.get("author") or [] if isinstance(a, dict)]
    if authors and names and not (authors_agree(names, authors) or authors_agree(authors, names)):
        return f"its record is by {', '.join(n.display() for n in names[:3])}"
    if authors and not names:
        return "its record names no authors"
    return None


def csl_published_fields(item: dict[str, Any]) -> dict[str, str] | None:
    """The entry fields a registration agency's CSL-JSON gives for a journal or proceedings paper
    (the shape of :func:`citekit.journalref.published_fields`), or None for any other work."""
    kind = _PUBLISHED_TYPES.get(str(item.get("type") or ""))
    venue = _text(item.get("container-title"))
    if kind is None or not venue:
        return None
    out = {"type": kind, "container_title": venue}
    for name, var in (("volume", "volume"), ("issue", "issue"), ("page", "page")):
        value = _text(item.get(var))
        if name == "page" and not value:
            # APS, Nature Portfolio, PLOS, ...: Crossref gives the article number and no page
            value = _text(item.get("article-number")) or _text(item.get("number"))
        if value:
            out[name] = value.replace("\u2013", "-").replace("--", "-").replace("-", "--") if name == "page" else value
    for var in ("published-print", "issued", "published-online", "published"):
        parts = (item.get(var) or {}).get("date-parts") if isinstance(item.get(var), dict) else None
        if parts and parts[0] and str(parts[0][0]).isdigit():
            out["year"] = str(parts[0][0])
            break
    return out


class DoiClient:
    """Looks DOIs up by content negotiation, cached and paced like the arXiv client."""

    def __init__(self, *, url: str, cache: Cache, offline: bool, delay: float, retries: int, backoff: float,
                 jitter: float, retry_after_max: float, timeouts: Timeouts) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.cache = cache
        self.offline = offline
        self.retries = retries
        self.pacer = Pacer(delay)
        retry = make_retry(retries, backoff, jitter, retry_after_max, None)
        self.session = PoliteSession(timeouts=timeouts, retry=retry, pace=self.pacer.next_request)
        self.session.headers["Accept"] = ACCEPT
        self.down: str | None = None
        self.late = 0  # requests that ran out of time (see arxiv.LATE_ANSWERS)

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()

    def lookup(self, dois: list[str]) -> DoiAnswer:
        """The CSL-JSON of each DOI: from the cache when fresh, else asked (one request per DOI)."""
        answer = DoiAnswer()
        for doi in dict.fromkeys(dois):
            cached = self.cache.work(doi, offline=self.offline)
            if cached is not None:
                answer.items[doi] = cached if isinstance(cached, dict) else None
                continue
            if self.offline:
                answer.failed[doi] = "not in the cache (offline)"
                continue
            if self.down:
                answer.failed[doi] = self.down
                continue
            try:
                item = self._ask(doi)
            except EnrichError as exc:
                answer.failed[doi] = exc.message
                continue
            answer.items[doi] = item
            self.cache.put_work(doi, item, self.url + doi)
        self.cache.flush()
        return answer

    def _ask(self, doi: str) -> dict[str, Any] | None:
        """One DOI, retried on faults that may mend; None when the resolver says it has no such DOI."""
        address = self.url + quote(doi, safe="/:;()._-")
        last = "no answer"
        answered = False
        for attempt in range(self.retries + 1):
            if attempt:
                self.pacer.wait(self.pacer.delay)
            try:
                response = self.session.get(address, allow_redirects=True)
            except DeadlineExceeded as exc:
                self.late += 1
                if exc.run or self.late >= LATE_ANSWERS:
                    self.down = exc.message  # as arXiv's client: two late answers end the run's asking
                    raise EnrichError(exc.message) from None
                last = exc.message
                continue
            except RefusedAnswer:
                raise  # the same bomb or entity-laden page again: no retry
            except requests.exceptions.RequestException as exc:
                if isinstance(exc, requests.exceptions.Timeout):
                    self.late += 1
                    if self.late >= LATE_ANSWERS:
                        self.down = f"no answer from the DOI resolver ({type(exc).__name__})"
                        raise EnrichError(self.down) from None
                if unmendable(exc):
                    self.down = f"cannot reach the DOI resolver ({type(exc).__name__})"
                    raise EnrichError(self.down) from None
                last = f"no answer from the DOI resolver ({type(exc).__name__})"
                continue
            answered = True
            if response.status_code == 404:
                return None
            if response.status_code >= 400:
                last = f"HTTP {response.status_code} from the DOI resolver"
                if response.status_code in (429, 500, 502, 503, 504):
                    continue
                raise EnrichError(last)
            try:
                return _csl_item(response)
            except _NotCsl as exc:
                last = exc.message
                continue
        if not answered:
            # A stalled, trickling or silent resolver: the next DOIs would only wait as long again.
            self.down = last
        raise EnrichError(f"gave up after {self.retries + 1} tries: {last}")


def _csl_item(response: requests.Response) -> dict[str, Any]:
    kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    body = response.content or b""
    if "html" in kind or body.lstrip()[:1] == b"<":
        raise _NotCsl("the DOI resolver answered with a web page, not CSL-JSON (a captive portal or proxy?)")
    try:
        item = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _NotCsl("the DOI resolver's answer is not JSON") from None
    if not isinstance(item, dict) or not (item.get("title") or item.get("type")):
        raise _NotCsl("the DOI resolver's answer is not a CSL-JSON item")
    return item
