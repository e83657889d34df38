"""Start-up: `citekit --help` against `python -c "import click"` (goal: within 3x).

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def median_seconds(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print both medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    click_t = median_seconds([sys.executable, "-c", "import click"], args.runs)
    help_t = median_seconds([str(BIN / "citekit"), "--help"], args.runs)
    print(f"python -c 'import click'  {click_t * 1000:7.1f} ms")
    print(f"citekit --help            {help_t * 1000:7.1f} ms   ratio {help_t / click_t:.2f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
