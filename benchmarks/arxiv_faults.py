"""From ids to a .bib while the stand-in arXiv or doi.org misbehaves: time, entries written, warnings, cache rows.

    python benchmarks/arxiv_faults.py [--python PY] [--show] [FAULT ...]   (FAULT: arxiv:trickle, doi:stall, ...; default: all)

``--python PY`` runs an installed citekit (``PY -m citekit``, e.g. a fresh venv's python after
``pip install .``) instead of this checkout's; ``--show`` prints each run's warnings.

The stand-ins are the test suite's (tests/arxiv_server.py, tests/doi_server.py), serving the
70 real records of tests/data/arxiv_real and the four DOI papers; a trickle sends one byte
a second, a stall or half-open connection sends nothing for ten minutes. Each fault runs
``python -m citekit convert ids.txt -o refs.bib --enrich`` in a fresh process with a fresh
cache. The goal: every run ends within its stated bound (two arXiv deadlines, 60 s; two DOI
deadlines, 20 s), writes every entry, says one warning, and caches nothing from the fault.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from arxiv_server import ArxivServer  # noqa: E402
from doi_server import DoiServer, csl_items, doi_papers  # noqa: E402

FAULTS = ["none", "arxiv:trickle", "arxiv:silent", "arxiv:503", "arxiv:429", "arxiv:redirect", "arxiv:captive",
          "doi:html", "doi:captive", "doi:429", "doi:503", "doi:stall", "doi:trickle"]


def _papers() -> list[dict]:
    real = json.loads((ROOT / "tests/data/arxiv_real/records.json").read_text(encoding="utf-8"))
    for paper in real:
        paper.pop("source", None)
    return doi_papers() + real


def run(fault: str, work: Path, python: str | None = None, show: bool = False) -> str:
    """One run under ``fault``; its line of the table."""
    papers = _papers()
    arxiv = ArxivServer(papers, slow_seconds=600, trickle_gap=1.0, trickle_bytes=1, retry_after="0")
    doi = DoiServer(csl_items(), stall_seconds=600, trickle_gap=1.0)
    side, _, kind = fault.partition(":")
    if side == "arxiv":
        arxiv.fault_all = kind
    elif side == "doi":
        doi.fault_all = kind
    arxiv.start()
    doi.start()
    try:
        ids = work / "ids.txt"
        ids.write_text("\n".join(p["arxiv_id"] for p in papers) + "\n", encoding="utf-8")
        out, cache = work / f"{fault.replace(':', '_')}.bib", work / f"{fault.replace(':', '_')}.sqlite3"
        env = dict(os.environ, CITEKIT_ARXIV_URL=arxiv.url, CITEKIT_DOI_URL=doi.url, CITEKIT_ARXIV_DELAY="0",
                   CITEKIT_DOI_DELAY="0", CITEKIT_NO_CONFIG="1")
        if python is None:
            env["PYTHONPATH"] = str(ROOT)
        start = time.monotonic()
        done = subprocess.run([python or sys.executable, "-m", "citekit", "convert", str(ids), "-o", str(out), "--enrich",
                               "--cache", str(cache)], env=env, capture_output=True, text=True, timeout=900)
        took = time.monotonic() - start
    finally:
        arxiv.stop()
        doi.stop()
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    warnings = [line for line in done.stderr.splitlines() if ": warning:" in line]
    with sqlite3.connect(cache) as db:
        rows = {t: db.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in
                db.execute("select name from sqlite_master where type='table'")}
    published = len(re.findall(r"^@(?:article|inproceedings)\{", text, re.M))
    entries = len(re.findall(r"^@\w+\{", text, re.M))
    shown = "".join(f"\n    {line}" for line in warnings) if show else ""
    return (f"{fault:15} exit {done.returncode}  {took:6.1f} s  {entries:3} of "
            f"{len(papers)} entries ({published:2} published)  {len(warnings)} warning(s)  cache {rows}" + shown)


def main() -> int:
    """Run the chosen faults and print one line each."""
    args = sys.argv[1:]
    python = None
    if "--python" in args:
        at = args.index("--python")
        python = args[at + 1]
        del args[at:at + 2]
    show = "--show" in args
    faults = [a for a in args if a != "--show"] or FAULTS
    with tempfile.TemporaryDirectory() as tmp:
        for fault in faults:
            print(run(fault, Path(tmp), python, show), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
