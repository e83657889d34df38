"""Start-up: `citekit --help` against `python -c "import click"` (goal: within 3x); with --convert, where a styled list's CPU goes.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]
     .venv/bin/python benchmarks/bench_startup.py --convert refs.json [--runs N]

``--convert FILE`` times, in this one process after one untimed run, the CPU
(``time.process_time``) of each stage of ``citekit convert FILE --from csl-json --to
text --style apa`` around the CSL engine (reading, merging, keys, diagnostics, the
entries' CSL items, the text wrapping), best and median of N runs; then the CPU of N
whole ``citekit convert`` processes rendering in one process (``CITEKIT_WORKERS=0``),
median, with bytecode cached as an installed package has it.
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

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent


def median_seconds(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def stage_seconds(path: str) -> dict[str, float]:
    """CPU seconds of each non-engine stage of one styled-list conversion of ``path``, in this process."""
    sys.path.insert(0, str(REPO))
    from citekit.diagnostics import honesty_problems, report_problems
    from citekit.keys import assign_keys, run_target
    from citekit.merge import merge
    from citekit.render.engine import WRAPPERS, csl_item, listed, render_entries
    from citekit.sources import read_paths
    from citekit.styles import resolve_style

    clock = time.process_time
    spent: dict[str, float] = {}
    start = clock()
    library = read_paths((path,), "csl-json")
    spent["read"], start = clock() - start, clock()
    library = merge(library)
    spent["merge"], start = clock() - start, clock()
    assign_keys(library, None, target=run_target(["text"]))
    spent["keys"], start = clock() - start, clock()
    library.problems.extend(honesty_problems(library, enriched=False))
    report_problems(library.problems, lambda kind, message: None, quiet=True, strict=False)
    spent["diagnostics"], start = clock() - start, clock()
    [csl_item(entry) for entry in library.entries if listed(entry)]
    spent["csl items"] = clock() - start
    style = resolve_style("apa")
    rendered = render_entries(library.entries, style)
    start = clock()
    WRAPPERS["text"](rendered, style)
    spent["text wrapping"] = clock() - start
    return spent


def process_cpu(path: str, runs: int) -> float:
    """Median CPU seconds (user + system) of a whole ``citekit convert`` of ``path`` to an APA text list."""
    env = dict(os.environ, PYTHONPATH=str(REPO), CITEKIT_WORKERS="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "citekit.cli", "convert", path, "--from", "csl-json", "--to", "text",
               "--style", "apa", "-o", str(Path(tmp) / "refs.txt"), "--quiet"]
        subprocess.run(cmd, check=True, env=env)
        spent = []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, check=True, env=env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(spent)


def report_convert(path: str, runs: int) -> None:
    """Print the stage table and the whole-process CPU for ``path``."""
    stage_seconds(path)  # untimed: imports done, caches warm
    rows = [stage_seconds(path) for _ in range(runs)]
    for name in rows[0]:
        values = [row[name] for row in rows]
        print(f"{name:14s} best {min(values) * 1000:7.1f} ms   median {statistics.median(values) * 1000:7.1f} ms")
    totals = [sum(row.values()) for row in rows]
    print(f"{'together':14s} best {min(totals) * 1000:7.1f} ms   median {statistics.median(totals) * 1000:7.1f} ms")
    print(f"whole process (CITEKIT_WORKERS=0) CPU median {process_cpu(path, runs) * 1000:7.1f} ms")


def main() -> None:
    """Print both medians and their ratio, or with --convert the stage table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--convert", metavar="FILE", help="a CSL-JSON file: time the convert path's stages instead")
    args = parser.parse_args()
    if args.convert:
        report_convert(args.convert, args.runs)
        return
    click_t = median_seconds([sys.executable, "-c", "import click"], args.runs)
    help_t = median_seconds([str(BIN / "citekit"), "--help"], args.runs)
    print(f"python -c 'import click'  {click_t * 1000:7.1f} ms")
    print(f"citekit --help            {help_t * 1000:7.1f} ms   ratio {help_t / click_t:.2f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
