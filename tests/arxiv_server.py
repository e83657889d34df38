"""A local stand-in for the arXiv API (Atom answers on 127.0.0.1), with request logging and fault injection.

Built from ``tests/fixtures/arxiv/seed_papers.json`` (a copy of the shared seed
metadata, so CI needs no shared folder) plus decoys: papers with near-identical
titles, the same title by other authors, or an abstract that shares phrases, so the
enricher's verification is exercised. Like arXiv, title search returns loose hits too
(papers sharing most words of the phrase), ranked below exact phrase hits.

Like arXiv (as its recorded answers show), an ``id_list`` answer leaves out ids it does
not have and ``totalResults`` counts the papers found; an id of the wrong form gets HTTP
400 and an error entry.

Faults: ``server.faults[n] = kind`` makes the n-th request (1-based) answer with
``"503"`` (with ``Retry-After: 0``), ``"429"`` (with ``Retry-After: retry_after``
when set), ``"malformed"`` (truncated XML), ``"empty"`` (an empty page: no entries
although results were due), ``"nothing"`` (an empty page that counts no results either), ``"partial"`` (the last half of the entries left out, the
counts unchanged), ``"shifted"`` (entries for other ids than asked, as a mixed-up cache
would give), ``"captive"`` (a 200 HTML login page, as a captive portal gives),
``"slow"`` (sleeps ``slow_seconds`` first) or ``"trickle"`` (sends the answer a few bytes
at a time, ``trickle_gap`` seconds apart, never stalling long enough for a read timeout)
or ``"trickle-head"`` (the same for the status line and headers, one byte at a time),
``"gzip-bomb"`` (a gzip-encoded answer of about 40 KB that inflates to 40 MB of zeros) or
``"entity"`` (the real answer with a DTD whose entity blanks every title), ``"redirect"`` (a 302 to a
captive portal's login page, which answers 200 HTML) or ``"silent"`` (a half-open connection:
nothing at all is sent for ``slow_seconds``).
``server.fault_all = kind`` applies one kind to every request.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest

from local_http import LocalHTTP

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "arxiv" / "seed_papers.json"
_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?$")


def norm(text: str) -> str:
    """Lower-case, accent-free words, as a search index would see them."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\\[a-zA-Z]+|[{}$\\]", " ", text)
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).replace("_", " ").split())


def seed_papers() -> list[dict[str, Any]]:
    """The seed papers' metadata (test data only)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def decoys(papers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Papers built to be mistaken for seed papers: near-identical titles, same titles by others, shared phrases."""
    out: list[dict[str, Any]] = []
    for n, paper in enumerate(papers[::3]):
        words = paper["title"].split()
        serial = f"2412.{90000 + 3 * n:05d}"
        # 1. One word changed: a near-identical title, other authors.
        changed = words[:]
        i = len(changed) // 2
        changed[i] = "Non-" + changed[i] if not changed[i].startswith("Non-") else changed[i][4:]
        out.append({
            **paper, "arxiv_id": serial, "title": " ".join(changed),
            "authors": [{"given": "Decoy", "family": f"Author{n}"}, {"given": "Other", "family": "Person"}],
            "abstract": "A different study. " + paper["abstract"][: len(paper["abstract"]) // 3],
        })
        # 2. The very same title by other people, with another abstract.
        out.append({
            **paper, "arxiv_id": f"2412.{90001 + 3 * n:05d}",
            "authors": [{"given": "Someone", "family": "Else"}] * max(1, len(paper["authors"]) + 1),
            "abstract": "We revisit this question from a different angle. " + " ".join(reversed(paper["abstract"].split()))[:600],
        })
        # 3. Shares the second half of the abstract (phrase search finds it), with another title.
        half = paper["abstract"][len(paper["abstract"]) // 2:]
        out.append({
            **paper, "arxiv_id": f"2412.{90002 + 3 * n:05d}",
            "title": "A Survey of " + " ".join(words[-3:]),
            "authors": [{"given": "Survey", "family": "Writer"}],
            "abstract": "This survey collects related work. " + half,
        })
    return out


def synthetic_papers(n: int, *, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` distinct made-up papers with valid new-style ids (for request-count benchmarks)."""
    import random

    rng = random.Random(seed)
    vocab = ("graph neural network learning robust sparse attention transformer scaling law diffusion "
             "model quantum chemistry molecular energy protein inference bayesian optimal transport "
             "reinforcement policy gradient language vision contrastive self supervised federated privacy "
             "causal discovery kernel spectral manifold hashing retrieval generation adversarial").split()
    out = []
    for i in range(n):
        title = " ".join(rng.sample(vocab, 7)).title() + f" {i}"
        authors = [{"given": rng.choice(["Ana", "Bo", "Chen", "Dara"]), "family": f"Fam{i}x{k}"} for k in range(rng.randint(1, 6))]
        abstract = " ".join(rng.choice(vocab) for _ in range(80)) + f". Identifier phrase number {i} here."
        out.append({
            "arxiv_id": f"{2300 + 1 + i // 90000:04d}.{i % 90000 + 1:05d}",
            "title": title, "authors": authors, "primary_category": "cs.LG", "categories": ["cs.LG"],
            "doi": None, "journal_ref": None, "comment": None, "published": "2023-01-15", "abstract": abstract,
        })
    return out


# ----------------------------------------------------------------------------- query language


def _tokens(query: str) -> Iterator[str]:
    for m in re.finditer(r'\(|\)|\w+:"[^"]*"|\w+:[^\s()]+|AND|OR|ANDNOT|\S+', query):
        yield m.group(0)


@dataclass
class _Term:
    field: str
    phrase: str


def _parse(query: str) -> Any:
    toks = list(_tokens(query))
    pos = 0

    def expr() -> Any:
        nonlocal pos
        node = atom()
        while pos < len(toks) and toks[pos] in ("AND", "OR", "ANDNOT"):
            op = toks[pos]
            pos += 1
            node = (op, node, atom())
        return node

    def atom() -> Any:
        nonlocal pos
        if pos >= len(toks):
            raise ValueError("query ends early")
        tok = toks[pos]
        pos += 1
        if tok == "(":
            node = expr()
            if pos >= len(toks) or toks[pos] != ")":
                raise ValueError("unbalanced parentheses")
            pos += 1
            return node
        m = re.match(r'(\w+):"?([^"]*)"?$', tok)
        if not m:
            raise ValueError(f"bad term {tok!r}")
        return _Term(m.group(1), norm(m.group(2)))

    node = expr()
    if pos != len(toks):
        raise ValueError("trailing tokens")
    return node


def _score(node: Any, paper: dict[str, Any]) -> float:
    """0 = no match; 2 = exact phrase hit; between 0.6 and 1 = a loose hit, as search engines give."""
    if isinstance(node, _Term):
        if node.field == "ti":
            text = paper["_ti"]
        elif node.field == "abs":
            text = paper["_abs"]
        elif node.field == "au":
            text = norm(" ".join(a["family"] for a in paper["authors"]))
        else:
            text = paper["_ti"] + " " + paper["_abs"]
        if not node.phrase:
            return 0.0
        if f" {node.phrase} " in f" {text} ":
            return 2.0
        if node.field != "ti":
            return 0.0
        words = set(node.phrase.split())
        share = len(words & set(text.split())) / len(words)
        return share if share >= 0.6 else 0.0
    op, left, right = node
    a, b = _score(left, paper), _score(right, paper)
    if op == "AND":
        return min(a, b)
    if op == "ANDNOT":
        return a if not b else 0.0
    return max(a, b)


# ----------------------------------------------------------------------------- Atom


def _entry(paper: dict[str, Any]) -> str:
    pid = paper["arxiv_id"]
    version = paper.get("version") or 1 + sum(map(ord, pid)) % 3
    published = (paper.get("published") or "2020-01-01")[:10] + "T17:59:59Z"
    parts = [
        "<entry>",
        f"<id>http://arxiv.org/abs/{pid}v{version}</id>",
        f"<updated>{published}</updated>",
        f"<published>{published}</published>",
        f"<title>{escape(paper['title'])}</title>",
        f"<summary>  {escape(paper['abstract'])}\n</summary>",
    ]
    for a in paper["authors"]:
        name = " ".join(p for p in (a.get("given"), a.get("family")) if p)
        parts.append(f"<author><name>{escape(name)}</name></author>")
    if paper.get("doi"):
        parts.append(f'<arxiv:doi>{escape(paper["doi"])}</arxiv:doi>')
        # An attribute value: its quotes escaped too, as arXiv's XML writer does.
        parts.append(f'<link title="doi" href="https://doi.org/{escape(paper["doi"], {chr(34): "&quot;"})}" rel="related"/>')
    if paper.get("comment"):
        parts.append(f"<arxiv:comment>{escape(paper['comment'])}</arxiv:comment>")
    if paper.get("journal_ref"):
        parts.append(f"<arxiv:journal_ref>{escape(paper['journal_ref'])}</arxiv:journal_ref>")
    parts.append(f'<link href="http://arxiv.org/abs/{pid}v{version}" rel="alternate" type="text/html"/>')
    parts.append(f'<link title="pdf" href="http://arxiv.org/pdf/{pid}v{version}" rel="related" type="application/pdf"/>')
    if paper.get("primary_category"):
        parts.append(f'<arxiv:primary_category term="{escape(paper["primary_category"])}" scheme="http://arxiv.org/schemas/atom"/>')
    for cat in paper.get("categories") or []:
        parts.append(f'<category term="{escape(cat)}" scheme="http://arxiv.org/schemas/atom"/>')
    parts.append("</entry>")
    return "\n".join(parts)


def feed(entries: list[str], total: int, start: int, per_page: int, title: str = "arXiv Query") -> bytes:
    """An arXiv API Atom feed around ``entries``."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
        f'<link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>\n'
        f"<title type=\"html\">{escape(title)}</title>\n<id>http://arxiv.org/api/local</id>\n"
        "<updated>2025-01-01T00:00:00-05:00</updated>\n"
        f"<opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"<opensearch:startIndex>{start}</opensearch:startIndex>\n"
        f"<opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
    )
    return (head + "\n".join(entries) + "\n</feed>\n").encode("utf-8")


def error_feed(message: str, code: str) -> bytes:
    """arXiv's way of reporting a bad query: a feed with one error entry."""
    entry = (
        f"<entry><id>http://arxiv.org/api/errors#{escape(code)}</id><title>Error</title>"
        f"<summary>{escape(message)}</summary><updated>2025-01-01T00:00:00-05:00</updated></entry>"
    )
    return feed([entry], 1, 0, 1)


# ----------------------------------------------------------------------------- server


@dataclass
class ArxivServer:
    """The running stand-in: ``url`` to point citekit at, ``requests`` logged, ``faults`` to inject."""

    papers: list[dict[str, Any]]
    faults: dict[int, str] = field(default_factory=dict)
    fault_all: str | None = None
    slow_seconds: float = 0.5
    retry_after: str | None = None
    trickle_gap: float = 0.05
    trickle_bytes: int = 16
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    url: str = ""
    _httpd: LocalHTTP | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        for paper in self.papers:
            paper["_ti"] = norm(paper["title"])
            paper["_abs"] = norm(paper["abstract"])
        self._by_id = {p["arxiv_id"]: p for p in self.papers}

    def start(self) -> ArxivServer:
        """Serve on 127.0.0.1 at a free port, in a daemon thread."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if self.path.startswith("/login"):
                    page = b"<html><head><title>Sign in</title></head><body>Log in to the network</body></html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                    return
                status, body, headers = server._answer(self.path)
                if status == -2:  # half-open: the connection stays, nothing comes
                    time.sleep(server.slow_seconds)
                    self.close_connection = True
                    return
                if status == -1:  # a dropped connection
                    self.close_connection = True
                    return
                trickle = headers.pop("X-Trickle", None)
                if trickle == "head":
                    self._trickle_head(status, body, headers)
                    return
                self.send_response(status)
                headers.setdefault("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if not trickle:
                    try:
                        self.wfile.write(body)
                    except OSError:  # the client timed out and left, as it should
                        self.close_connection = True
                    return
                try:
                    for i in range(0, len(body), server.trickle_bytes):
                        self.wfile.write(body[i : i + server.trickle_bytes])
                        self.wfile.flush()
                        time.sleep(server.trickle_gap)
                except OSError:  # the client gave up on us, as it should
                    self.close_connection = True

            def _trickle_head(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                lines = [f"HTTP/1.0 {status} OK", f"Content-Length: {len(body)}",
                         *(f"{k}: {v}" for k, v in headers.items()), "X-Padding: " + "." * 4000, "", ""]
                try:
                    for byte in "\r\n".join(lines).encode("ascii"):
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(server.trickle_gap)
                    self.wfile.write(body)
                except OSError:
                    pass
                self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = LocalHTTP(Handler)
        self.url = self._httpd.root + "api/query"
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._httpd:
            self._httpd.stop()

    @property
    def count(self) -> int:
        """How many requests arrived."""
        return len(self.requests)

    def _answer(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        query = parse_qs(urlsplit(path).query, keep_blank_values=True)
        with self._lock:
            self.requests.append(query)
            self.paths.append(path)
            fault = self.faults.get(len(self.requests), self.fault_all)
        if fault == "503":
            return 503, b"<html>Service Unavailable</html>", {"Retry-After": "0", "Content-Type": "text/html"}
        if fault == "429":
            return 429, b"Too Many Requests", {"Retry-After": self.retry_after} if self.retry_after else {}
        if fault == "captive":
            page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Log in to the network</body></html>"
            return 200, page, {"Content-Type": "text/html"}
        if fault == "redirect":
            return 302, b"", {"Location": "/login?next=arxiv", "Content-Type": "text/plain"}
        if fault == "silent":
            return -2, b"", {}
        if fault == "slow":
            time.sleep(self.slow_seconds)
        status, body = self._respond(query, fault)
        headers: dict[str, str] = {}
        if fault == "malformed":
            body = body[: len(body) // 2] + b"<entry><title>broken &"
        elif fault == "empty":
            body = feed([], 0 if "id_list" in query and query["id_list"][0] else 50, 0, 0)
        elif fault == "nothing":
            body = feed([], 0, 0, 0)
        elif fault == "trickle":
            headers["X-Trickle"] = "body"
        elif fault == "trickle-head":
            headers["X-Trickle"] = "head"
        elif fault == "gzip-bomb":
            body = _bomb()
            headers["Content-Encoding"] = "gzip"
        elif fault == "entity":
            head, sep, rest = body.partition(b"<feed")
            body = head + b'<!DOCTYPE feed [<!ENTITY blank "">]>\n' + sep + re.sub(
                rb"<title>([^<]*)</title>", rb"<title>&blank;</title>", rest)
        return status, body, headers

    def _respond(self, query: dict[str, list[str]], fault: str | None = None) -> tuple[int, bytes]:
        start = int(query.get("start", ["0"])[0] or 0)
        max_results = int(query.get("max_results", ["10"])[0] or 10)
        ids = [i for i in (query.get("id_list", [""])[0]).split(",") if i]
        if ids:
            found = []
            for raw in ids:
                m = _ID.match(raw)
                if not m:
                    return 400, error_feed(f"incorrect id format for {raw}", f"incorrect_id_format_for_{raw}")
                # Like arXiv, an old-style id with its subject class finds the paper under its archive.
                paper = self._by_id.get(re.sub(r"^([a-z-]+)\.[A-Z]{2}/", r"\1/", re.sub(r"v\d+$", "", raw)))
                if paper:
                    found.append(paper)
            page = found[start : start + max_results]
            if fault == "partial" and page:
                page = page[: (len(page) + 1) // 2 - (len(page) == 1)]
            elif fault == "shifted" and page:
                others = [p for p in self.papers if p["arxiv_id"] not in {q["arxiv_id"] for q in page}]
                page = page[1:] + others[:1]
            # arXiv counts the papers found; a partial page keeps that count, as a cut-off page does.
            return 200, feed([_entry(p) for p in page], len(found), start, len(page))
        search = query.get("search_query", [""])[0]
        try:
            tree = _parse(search)
        except ValueError as exc:
            return 400, error_feed(f"malformed query: {exc}", "malformed_query")
        scored = sorted(((s, p["arxiv_id"], p) for p in self.papers if (s := _score(tree, p)) > 0), key=lambda t: (-t[0], t[1]))
        page = [p for _, _, p in scored[start : start + max_results]]
        if fault == "partial" and page:
            page = page[: len(page) // 2]
        return 200, feed([_entry(p) for p in page], len(scored), start, len(page))


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    """40 MB of zeros, gzip-compressed (made once)."""
    if not _BOMB:
        import gzip

        _BOMB.append(gzip.compress(b"\0" * (40 * 1024 * 1024), compresslevel=9))
    return _BOMB[0]


@pytest.fixture
def arxiv_server() -> Iterator[ArxivServer]:
    """The stand-in arXiv API over the seed papers and their decoys."""
    papers = seed_papers()
    server = ArxivServer(papers + decoys(papers)).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_arxiv_server() -> Iterator[Any]:
    """A factory: ``make_arxiv_server(papers)`` -> a running stand-in over exactly those papers."""
    started: list[ArxivServer] = []

    def make(papers: list[dict[str, Any]]) -> ArxivServer:
        server = ArxivServer(papers).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()
