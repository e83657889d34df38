"""How many arXiv requests the enricher uses: per 1,000 ids, per 10 title look-ups, per 10 abstract look-ups.

Starts the local stand-in (tests/arxiv_server.py) over a generated corpus and counts the
requests it receives. No network; run with ``python benchmarks/bench_enrich_requests.py [N]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from arxiv_server import ArxivServer, synthetic_papers  # noqa: E402

from citekit.enrich import EnrichOptions, enrich  # noqa: E402
from citekit.model import Entry, Library, Name  # noqa: E402


def run(label: str, papers: list[dict], entries: list[Entry], unit: int) -> None:
    """Enrich ``entries`` against a stand-in over ``papers`` and print requests per ``unit`` look-ups."""
    server = ArxivServer([dict(p) for p in papers]).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            options = EnrichOptions(url=server.url, delay=0, cache_path=Path(tmp) / "c.sqlite3")
            started = time.perf_counter()
            out = enrich(Library(entries), options)
            seconds = time.perf_counter() - started
            right = sum(e.arxiv_id == p["arxiv_id"] for e, p in zip(out.entries, papers))
            first = server.count
            enrich(Library([Entry(**{k: getattr(e, k) for k in ("title", "abstract", "arxiv_id")}) for e in entries]), options)
        longest = max(len(server.url) - len("/api/query") + len(p) for p in server.paths)
    finally:
        server.stop()
    print(f"{label:<22} {len(entries):>6} look-ups  {first:>4} requests  "
          f"{first * unit / len(entries):6.2f} per {unit:<5} {right}/{len(entries)} right  "
          f"second run {server.count - first} requests  longest URL {longest} chars  {seconds:.1f} s")


def main() -> None:
    """Print the three measurements."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    papers = synthetic_papers(n)
    run("by id", papers, [Entry(arxiv_id=p["arxiv_id"]) for p in papers], 1000)
    run("by title (+authors)", papers,
        [Entry(title=p["title"], author=[Name(a["family"], a["given"]) for a in p["authors"]]) for p in papers], 10)
    run("by abstract only", papers, [Entry(abstract=p["abstract"]) for p in papers], 10)


if __name__ == "__main__":
    main()
