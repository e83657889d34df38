"""A local stand-in for doi.org's content negotiation (CSL-JSON on 127.0.0.1), with fault injection.

``tests/fixtures/doi/csl_items.json`` holds CSL-JSON items in the form Crossref answers
``Accept: application/vnd.citationstyles.csl+json`` with (keys, dates, ``page`` with a
hyphen, ``container-title`` a string), built from the papers' published metadata (see
``tests/fixtures/doi/SOURCES.md``). Like doi.org, a request for a registered DOI is first
redirected (HTTP 302) to the agency, then answered; an unknown DOI gets 404.

Faults (``server.faults[n]`` for the n-th request, or ``server.fault_all``): ``"html"`` (a
200 HTML landing page instead of CSL-JSON), ``"captive"`` (a redirect to a login page on
another path), ``"429"``/``"503"`` (with ``Retry-After: 0``), ``"stall"`` (headers, then
nothing for ``stall_seconds``), ``"trickle"`` (the body a byte at a time, ``trickle_gap``
apart), ``"gzip-bomb"`` and ``"entity"`` (an XML answer declaring an entity).
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

import pytest

from local_http import LocalHTTP

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "doi"


def csl_items() -> dict[str, dict[str, Any]]:
    """The registration agencies' CSL-JSON by DOI (test data only)."""
    return json.loads((FIXTURES / "csl_items.json").read_text(encoding="utf-8"))


def doi_papers() -> list[dict[str, Any]]:
    """arXiv records (seed_papers form) of the papers whose DOIs the stand-in knows."""
    return json.loads((FIXTURES / "papers.json").read_text(encoding="utf-8"))


@dataclass
class DoiServer:
    """The running stand-in: ``url`` ends with ``/``, as CITEKIT_DOI_URL does."""

    items: dict[str, dict[str, Any]]
    faults: dict[int, str] = field(default_factory=dict)
    fault_all: str | None = None
    stall_seconds: float = 30.0
    trickle_gap: float = 0.05
    requests: list[str] = field(default_factory=list)
    accepts: list[str] = field(default_factory=list)
    url: str = ""
    _httpd: LocalHTTP | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> DoiServer:
        """Serve on 127.0.0.1 at a free port, in a daemon thread."""
        server = self
        known = {k.casefold(): v for k, v in self.items.items()}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if self.path.startswith("/login"):
                    self._send(200, b"<html><body>Log in to the network</body></html>", "text/html")
                    return
                if self.path.startswith("/agency/"):
                    doi = unquote(self.path[len("/agency/"):])
                    item = known.get(doi.casefold())
                    self._send(200, json.dumps(item).encode("utf-8"), "application/vnd.citationstyles.csl+json")
                    return
                doi = unquote(self.path.lstrip("/"))
                with server._lock:
                    server.requests.append(doi)
                    server.accepts.append(self.headers.get("Accept", ""))
                    fault = server.faults.get(len(server.requests), server.fault_all)
                if fault in ("429", "503"):
                    self._send(int(fault), b"busy", "text/plain", {"Retry-After": "0"})
                elif fault == "html":
                    self._send(200, b"<!DOCTYPE html><html><head><title>Article</title></head><body></body></html>",
                               "text/html")
                elif fault == "captive":
                    self._send(302, b"", "text/plain", {"Location": "/login?next=" + doi})
                elif fault == "entity":
                    self._send(200, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
                               "application/xml")
                elif fault == "gzip-bomb":
                    self._send(200, gzip.compress(b"\0" * (40 * 1024 * 1024)), "application/json",
                               {"Content-Encoding": "gzip"})
                elif fault == "stall":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.flush()
                    time.sleep(server.stall_seconds)
                elif fault == "trickle":
                    body = json.dumps(known.get(doi.casefold()) or {}).encode("utf-8")
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    try:
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(server.trickle_gap)
                    except OSError:
                        pass
                elif doi.casefold() in known:
                    self._send(302, b"", "text/plain", {"Location": "/agency/" + doi})
                else:
                    self._send(404, b"DOI Not Found", "text/html")

            def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = LocalHTTP(Handler)
        self.url = self._httpd.root + ""
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._httpd:
            self._httpd.stop()


@pytest.fixture
def doi_server() -> Iterator[DoiServer]:
    """The stand-in DOI resolver over the fixture's CSL-JSON items."""
    server = DoiServer(csl_items()).start()
    try:
        yield server
    finally:
        server.stop()
