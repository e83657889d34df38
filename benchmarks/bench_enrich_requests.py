"""How many arXiv requests the enricher uses, and what it makes of the seeds through every fault kind.

``python benchmarks/bench_enrich_requests.py [N]``: per 1,000 ids, per 10 title look-ups,
per 10 abstract look-ups, over a generated corpus of N papers.

``python benchmarks/bench_enrich_requests.py --seeds``: ``seeds/`` read, merged and enriched
against the stand-in, clean and with every other request faulty (503, 429 with a long
Retry-After, malformed, empty, empty and counting nothing, partial, shifted, captive portal,
slow), each followed by a
second run; then a trickling server and an unreachable one. For each: papers right (id,
title or the listing's kept title, authors), wrong matches, seed papers missed, papers
arXiv dates left without arXiv's date, requests, second-run requests, whether the result
equals the clean one.

Starts the local stand-in (tests/arxiv_server.py) and counts the requests it receives. No network.
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


def _seed_library():
    import citekit
    from citekit.merge import merge

    return merge(citekit.read(str(Path(__file__).resolve().parent.parent / "seeds")))


def _judge(out, by_id: dict) -> dict:
    from citekit.ids import normalize_text, normalize_title
    from citekit.model import PartialDate

    right = wrong = undated = 0
    for e in out.entries:
        if not e.arxiv_id:
            continue
        p = by_id.get(e.arxiv_id)
        if p is None:
            wrong += 1
            continue
        title_ok = normalize_title(e.title or "") == normalize_title(p["title"]) or e.where("title").source != "arxiv-api"
        names = [normalize_text(a.display()) for a in e.author]
        ok = title_ok and names == [normalize_text(f"{a['given'] or ''} {a['family']}") for a in p["authors"]]
        right += ok
        wrong += not ok
        undated += e.issued != PartialDate.from_iso(p["published"])
    missing = len(set(by_id) - {e.arxiv_id for e in out.entries})
    return {"right": right, "wrong": wrong, "missed": missing, "undated": undated}


def seeds() -> None:
    """The seeds through every fault kind, a trickling server and an unreachable one."""
    import re
    import socket
    from dataclasses import asdict

    from arxiv_server import decoys, seed_papers

    papers = seed_papers()
    by_id = {p["arxiv_id"]: p for p in papers}
    clean = None
    for kind in (None, "503", "429", "malformed", "empty", "nothing", "partial", "shifted", "captive", "slow"):
        server = ArxivServer([dict(p) for p in papers + decoys(papers)]).start()
        server.retry_after, server.slow_seconds = "30", 1.0
        if kind:
            server.faults = {n: kind for n in range(1, 400, 2)}
        try:
            with tempfile.TemporaryDirectory() as tmp:
                options = EnrichOptions(url=server.url, delay=0, backoff=0, jitter=0, timeout=0.5,
                                        retry_after_max=0.05, cache_path=Path(tmp) / "c.sqlite3")
                out = enrich(_seed_library(), options)
                first = server.count
                enrich(_seed_library(), options)
        finally:
            server.stop()
        seen = re.sub(r"127\.0\.0\.1:\d+", "HOST", repr(([asdict(e) for e in out.entries], [str(p) for p in out.problems])))
        clean = clean or seen
        print(f"{kind or 'clean':<10} {len(out.entries)} entries  {_judge(out, by_id)}  {first:>3} requests  "
              f"second run {server.count - first}  same as clean: {seen == clean}")

    server = ArxivServer([dict(p) for p in papers]).start()
    server.fault_all, server.trickle_gap, server.trickle_bytes = "trickle", 0.05, 8
    try:
        with tempfile.TemporaryDirectory() as tmp:
            library = _seed_library()
            before = [asdict(e) for e in library.entries]
            started = time.perf_counter()
            out = enrich(library, EnrichOptions(url=server.url, delay=0, request_deadline=2.0,
                                                cache_path=Path(tmp) / "c.sqlite3"))
            seconds = time.perf_counter() - started
    finally:
        server.stop()
    print(f"trickling  {server.count} requests, {seconds:.1f} s, output complete and as read: "
          f"{[asdict(e) for e in out.entries] == before}, warnings: {len(out.problems)}")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for label, url in (("refused", f"http://127.0.0.1:{port}/api/query"), ("no DNS", "http://arxiv.invalid/api/query")):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            out = enrich(_seed_library(), EnrichOptions(url=url, delay=3.0, cache_path=Path(tmp) / "c.sqlite3"))
            seconds = time.perf_counter() - started
        print(f"{label:<10} {seconds:.2f} s (default 3 s pacing), {len(out.problems)} warnings: "
              f"{[str(p)[:110] for p in out.problems if 'not enriched' in p.message]}")


def main() -> None:
    """Print the three measurements (or, with ``--seeds``, the seeds through every fault)."""
    if sys.argv[1:] == ["--seeds"]:
        seeds()
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    papers = synthetic_papers(n)
    run("by id", papers, [Entry(arxiv_id=p["arxiv_id"]) for p in papers], 1000)
    run("by title (+authors)", papers,
        [Entry(title=p["title"], author=[Name(a["family"], a["given"]) for a in p["authors"]]) for p in papers], 10)
    run("by abstract only", papers, [Entry(abstract=p["abstract"]) for p in papers], 10)


if __name__ == "__main__":
    main()
