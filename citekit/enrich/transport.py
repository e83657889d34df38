"""HTTP for the arXiv client: a ``requests.Session`` with urllib3 retries, pacing, timeouts and deadlines.

``arxiv.Client`` keeps a ``requests.Session`` and calls its ``get``; giving it a
:class:`PoliteSession` mends what the package's plain session lacks:

- an ``HTTPAdapter`` whose urllib3 :class:`PoliteRetry` retries 429 and 5xx with
  exponential backoff and jitter, honours ``Retry-After`` (capped), and never waits less
  than citekit's pacing delay;
- a connect and a read timeout on every request, and an overall deadline per request
  (the body is read in pieces, so a server that trickles bytes cannot hold a read open)
  and per run;
- a User-Agent that says who is asking.

Connection failures are not retried here: a name that does not resolve or a refused
connection will not mend in seconds (:func:`unmendable` tells them apart), and other
faults are retried by the client, which also judges whether an answer is complete.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError
from urllib3.util.retry import Retry

from .. import __version__
from ..errors import EnrichError

__all__ = ["DeadlineExceeded", "RefusedAnswer", "MAX_BODY", "PoliteRetry", "PoliteSession", "Timeouts", "USER_AGENT", "unmendable", "RETRY_STATUS"]

USER_AGENT = f"citekit/{__version__} (bibliography tool; batched, cached, 3 s apart) arxiv.py"
#: Answers worth asking again: rate limiting and server trouble.
RETRY_STATUS = (429, 500, 502, 503, 504)
# Small pieces: a compressed piece inflates to at most about a thousand times its size.
_PIECE = 16 * 1024
#: The most bytes an answer may hold once decompressed (arXiv's largest pages are a few MB).
MAX_BODY = 32 * 1024 * 1024
# A document type declaration: arXiv's Atom and doi.org's JSON never carry one, and its
# entities could blank or blow up what a parser reads (billion laughs, external files).
_DTD = re.compile(rb"<!\s*ENTITY|<!\s*DOCTYPE[^>\[]*\[", re.IGNORECASE)


class RefusedAnswer(EnrichError):
    """An answer refused for what it is (too large once inflated, or declaring a DTD); never parsed or cached."""


class DeadlineExceeded(EnrichError):
    """A request (or the whole run) took longer than its deadline; the answer is dropped."""

    def __init__(self, message: str, *, run: bool = False):
        super().__init__(message)
        self.run = run


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds allowed: to connect, between bytes, for one whole request, for the whole run (None: no limit)."""

    connect: float = 10.0
    read: float = 30.0
    request: float = 120.0
    run: float | None = None


class PoliteRetry(Retry):
    """urllib3's ``Retry`` whose waits go through citekit's pacer (never shorter than the delay).

    ``pause(seconds)`` does the waiting, so tests can use a fake clock; ``Retry-After``
    replaces the backoff when the server sends it, capped by ``retry_after_max``.
    """

    def __init__(self, *args: Any, pause: Callable[[float], None] | None = None,
                 retry_after_cap: float = 120.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pause = pause
        self.retry_after_cap = retry_after_cap

    def new(self, **kwargs: Any) -> PoliteRetry:
        """A copy for the next try (urllib3 makes one per try), keeping the pacer hook and the cap."""
        retry = super().new(**kwargs)
        retry.pause = self.pause
        retry.retry_after_cap = self.retry_after_cap
        return retry

    def get_retry_after(self, response: Any) -> float | None:
        """The server's ``Retry-After`` in seconds, at most :attr:`retry_after_cap`; None without one."""
        try:
            wait = super().get_retry_after(response)
        except Exception:  # noqa: BLE001 (an unreadable header is no instruction)
            return None
        return None if wait is None else min(wait, self.retry_after_cap)

    def sleep(self, response: Any = None) -> None:
        """Wait the server's (capped) ``Retry-After``, else the backoff; at least the pacing delay."""
        wait = None
        if self.respect_retry_after_header and response is not None:
            wait = self.get_retry_after(response)
        if not wait:  # "Retry-After: 0" means "now", as urllib3 reads it: back off as usual
            wait = self.get_backoff_time()
        if self.pause is not None:
            self.pause(wait)
        elif wait > 0:
            time.sleep(wait)


def make_retry(retries: int, backoff: float, jitter: float, retry_after_max: float,
               pause: Callable[[float], None] | None) -> PoliteRetry:
    """Status retries only: connection and read faults are the client's to judge."""
    return PoliteRetry(
        total=retries,
        connect=0,
        read=0,
        other=0,
        redirect=3,
        status=retries,
        status_forcelist=RETRY_STATUS,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=backoff,
        backoff_jitter=jitter,
        backoff_max=max(retry_after_max, backoff),
        retry_after_cap=retry_after_max,
        respect_retry_after_header=True,
        raise_on_status=False,
        pause=pause,
    )


def unmendable(exc: BaseException) -> bool:
    """True for a failure retrying cannot mend soon: the name does not resolve, the connection is refused."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return False  # a slow network may answer the next time
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NewConnectionError):  # includes NameResolutionError
            return True
        if isinstance(current, ConnectionRefusedError):
            return True
        nxt = getattr(current, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = nxt or current.__cause__ or current.__context__
    return False


class _CuttableAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that remembers the connections it made, so a deadline can cut one mid-read.

    A read timeout bounds each wait for bytes, not a whole answer: a server that trickles
    its status line and headers would hold a request open for hours. Shutting the socket
    down from a timer ends the blocked read at once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.connections: list[Any] = []
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """The usual pool manager, with pools that report each connection they open."""
        super().init_poolmanager(*args, **kwargs)
        manager = self.poolmanager
        manager.pool_classes_by_scheme = {
            scheme: self._watched(cls) for scheme, cls in manager.pool_classes_by_scheme.items()}

    def _watched(self, base: type) -> type:
        adapter = self

        class WatchedPool(base):  # type: ignore[misc, valid-type]
            """A connection pool that tells the adapter about each connection it opens."""

            def _new_conn(self) -> Any:
                conn = super()._new_conn()
                adapter.connections = [*adapter.connections[-3:], conn]
                return conn

        return WatchedPool

    def cut(self) -> None:
        """Shut down every socket this adapter's connections hold (their reads end with an error)."""
        for conn in self.connections:
            sock = getattr(conn, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class PoliteSession(requests.Session):
    """A session that paces, retries, times out and reads answers within a deadline.

    ``pace(at_least)`` waits before each request is sent (and, with the backoff, before
    urllib3 retries one); each try gets its own deadline. ``last_body`` keeps the bytes of
    the last answer read, so the client can check the page the package parsed.
    """

    def __init__(self, *, timeouts: Timeouts, retry: PoliteRetry, pace: Callable[[float], None],
                 clock: Callable[[], float] = time.monotonic, user_agent: str = USER_AGENT,
                 max_body: int = MAX_BODY) -> None:
        super().__init__()
        retry.pause = self.between_tries
        self.adapter = _CuttableAdapter(max_retries=retry, pool_connections=1, pool_maxsize=1)
        self.mount("http://", self.adapter)
        self.mount("https://", self.adapter)
        self.headers["User-Agent"] = user_agent
        self.timeouts = timeouts
        self.pace_at_least = pace
        self.clock = clock
        self._cut = threading.Event()
        self._timer: threading.Timer | None = None
        self._ends = 0.0
        self.run_ends = None if timeouts.run is None else clock() + timeouts.run
        self.last_body: bytes | None = None
        self.max_body = max_body

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send one request (urllib3 retrying 429/5xx) and read its body within the deadline."""
        headers = CaseInsensitiveDict(kwargs.pop("headers", None) or {})
        headers.pop("User-Agent", None)  # the package's own name; the session's says more
        kwargs["headers"] = headers
        kwargs["stream"] = True
        self.last_body = None
        if self.run_ends is not None and self.clock() >= self.run_ends:
            raise DeadlineExceeded(f"the run's deadline of {self.timeouts.run:g} s has passed", run=True)
        self.pace_at_least(0.0)
        self._cut = threading.Event()
        self._start_deadline()
        read = max(0.001, min(self.timeouts.read, self._ends - self.clock()))
        kwargs["timeout"] = (self.timeouts.connect, read)
        try:
            response = super().request(method, url, *args, **kwargs)
            try:
                body = self._read(response)
            finally:
                response.close()
        except requests.exceptions.RequestException:
            # The socket's read timeout is the deadline's remainder, so it and the timer race:
            # urllib3 reports a read timeout on the last try as a ConnectionError. Past the
            # deadline, either way the answer was late.
            if self._cut.is_set() or self.clock() >= self._ends:
                raise DeadlineExceeded(self._late()) from None
            raise
        finally:
            if self._timer is not None:
                self._timer.cancel()
        if _DTD.search(body[:65536]) or (b"<!" in body and _DTD.search(body)):
            raise RefusedAnswer("the answer declares a DTD or entities (refused: no real answer does)")
        # requests' own way of holding a body read in advance: .content returns it.
        response._content = body  # noqa: SLF001
        response._content_consumed = True  # noqa: SLF001
        self.last_body = body
        return response

    def between_tries(self, wait: float) -> None:
        """urllib3's wait before it retries a 429/5xx (paced), then a fresh deadline for the next try."""
        if self._timer is not None:
            self._timer.cancel()  # the wait is not the server's time to answer
        self.pace_at_least(wait)
        self._start_deadline()

    def _start_deadline(self) -> None:
        """From now, one try may take ``timeouts.request`` seconds (less when the run ends sooner)."""
        now = self.clock()
        self._ends = now + self.timeouts.request
        if self.run_ends is not None:
            self._ends = min(self._ends, self.run_ends)
        cut = self._cut

        def on_deadline() -> None:
            cut.set()
            self.adapter.cut()

        # The timer bounds what the read loop cannot see: a status line and headers trickling in.
        self._timer = threading.Timer(max(0.0, self._ends - now), on_deadline)
        self._timer.daemon = True
        self._timer.start()

    def _late(self) -> str:
        return f"the answer was still arriving after {self.timeouts.request:g} s (a stalled or trickling server)"

    def _read(self, response: requests.Response) -> bytes:
        """The whole body, read a piece at a time so the deadline is checked between pieces."""
        pieces: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            while True:
                if self.clock() > self._ends:
                    raise DeadlineExceeded(self._late())
                piece = raw.read1(_PIECE, decode_content=True)
                if not piece:
                    break
                size += len(piece)
                if size > self.max_body:
                    # A gzip bomb inflates without end: stop at the cap, before it is held whole.
                    raise RefusedAnswer(f"the answer is larger than {self.max_body // (1024 * 1024)} MB once "
                                        "decompressed (refused)")
                pieces.append(piece)
        except (Urllib3Error, OSError) as exc:
            raise requests.exceptions.ConnectionError(f"the answer broke off ({exc})") from exc
        return b"".join(pieces)
