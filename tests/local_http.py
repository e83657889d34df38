"""The HTTP server under the stand-in arXiv and doi.org: threaded, on 127.0.0.1, on a free port."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalHTTP:
    """Serves ``handler`` on 127.0.0.1 from a daemon thread until :meth:`stop`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True  # a stalled answer's thread must not keep the tests alive
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def root(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def stop(self) -> None:
        """Shut the server down and free its port."""
        self._httpd.shutdown()
        self._httpd.server_close()
