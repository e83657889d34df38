"""Writing BibTeX as a whole process: ``citekit convert refs.json -o out.bib`` against bibtexparser.

citekit runs as users run it (start-up, read CSL-JSON, merge, keys, BibTeX with LaTeX
escapes and title protection, an atomic write; the output exists already, so the keys it
gives are reused). The anchor is a Python process that imports bibtexparser v2, parses the
same library as .bib (``parse_string``, its default middlewares) and writes it back
(``write_string``). Runs are taken in turns, and the medians compared. Goal: citekit no
slower (anchor / citekit >= 1.0).

Run: .venv/bin/python benchmarks/bench_bib_write_process.py [--entries N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_bib import records, to_bib, to_csl_json  # noqa: E402

GOAL = 1.0
ANCHOR = """
import sys, bibtexparser
text = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(bibtexparser.write_string(bibtexparser.parse_string(text)))
"""


def _time(cmd: list[str], env: dict[str, str], cwd: str, cpu: list[float] | None = None) -> float:
    """Wall seconds of one run in ``cwd``; its CPU seconds (user + system, from the children's resource usage) go to ``cpu``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def main() -> None:
    """Print both medians, the ratio and whether the goal is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    recs = records(args.entries)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, not on every run
    with tempfile.TemporaryDirectory() as tmp:
        csl, bib = Path(tmp, "refs.json"), Path(tmp, "refs.bib")
        csl.write_text(to_csl_json(recs), encoding="utf-8")
        bib.write_text(to_bib(recs), encoding="utf-8")
        ours_cmd = [sys.executable, "-m", "citekit", "convert", str(csl), "-o", str(Path(tmp, "out.bib")), "-q"]
        theirs_cmd = [sys.executable, "-c", ANCHOR, str(bib), str(Path(tmp, "theirs.bib"))]
        # Both run in the folder that holds the library, as a user runs them (not in this repository,
        # whose pyproject.toml citekit would read looking for [tool.citekit]).
        _time(ours_cmd, env, tmp)  # the first run writes out.bib; the timed ones reuse its keys, as reruns do
        _time(theirs_cmd, env, tmp)  # and both have their bytecode compiled before timing
        ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
        for _ in range(args.runs):  # in turns, so a busy moment costs both
            ours.append(_time(ours_cmd, env, tmp, ours_cpu))
            theirs.append(_time(theirs_cmd, env, tmp, theirs_cpu))
        out = Path(tmp, "out.bib").read_text(encoding="utf-8")
    ours_t, theirs_t = statistics.median(ours), statistics.median(theirs)
    ratio = theirs_t / ours_t
    print(f"write {args.entries} records as BibTeX, whole processes, median of {args.runs} runs in turns")
    print(f"  python + bibtexparser v2 parse_string + write_string (.bib in)  {theirs_t * 1000:8.1f} ms")
    print(f"  citekit convert refs.json -o out.bib                            {ours_t * 1000:8.1f} ms"
          f"  ({out.count(chr(10) + '@') + out.startswith('@')} entries out)")
    print(f"  ratio {ratio:.2f}x (goal >= {GOAL:.1f}x, citekit no slower): {'met' if ratio >= GOAL else 'NOT met'}")
    # CPU time is steadier than wall time on a shared machine (a busy neighbour stretches the wall clock).
    ours_c, theirs_c = statistics.median(ours_cpu), statistics.median(theirs_cpu)
    print(f"  CPU (user + system), medians: bibtexparser {theirs_c * 1000:.0f} ms, citekit {ours_c * 1000:.0f} ms, "
          f"ratio {theirs_c / ours_c:.2f}x; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
