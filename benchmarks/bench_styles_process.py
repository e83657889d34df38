"""A styled list as a user makes it: ``citekit convert refs.json --to text --style S`` as a whole process vs pandoc.

Run: ``.venv/bin/python benchmarks/bench_styles_process.py [N ...] [--runs R] [--style S ...]``
(default: 1,000 and 10,000 records, 3 runs, apa). Both tools start cold, read the
same CSL-JSON file and the same style file, and write plain text to a file; the
figure is the median wall time of R runs of each, taken in turns in one run after one
untimed warm-up run of each, and the ratio pandoc / citekit (the goal is >= 2.0). The CPU
column (user + system of the process and any it forks, median) shows what the wall time
cost: citekit renders a long list in two processes when it has a second core
(``CITEKIT_WORKERS=0`` turns that off). The records are arXiv-like
(``corpus_bib.py``: 1-30 authors with accents, math, DOIs, journal references).

pandoc gets ``nocite: '@*'`` so that every record is listed, ``--wrap=none`` and
``-t plain``; citekit is the installed console script of this checkout
(``python -m citekit.cli``, the same code path).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from corpus_bib import records, to_csl_json  # noqa: E402


def _timed(cmd: list[str], stdin: str | None = None, env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, every process it started) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench(n: int, style: str, runs: int, tmp: Path) -> dict[str, float | None]:
    """Median seconds for citekit and pandoc on ``n`` records in ``style``, alternating runs."""
    from pandoc2_style import pushed_down_style, uses_implicit_names

    from citekit.render.cslproc.style import dependent_parent
    from citekit.styles import resolve_style

    refs = tmp / f"refs{n}.json"
    if not refs.exists():
        refs.write_text(to_csl_json(records(n)), encoding="utf-8")
    style_path = resolve_style(style).source
    parent, _locale = dependent_parent(style_path)
    style_path = parent or style_path
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # An installed citekit has its bytecode compiled (pip does it); a sandbox that turns
    # bytecode caching off would time Python compiling citekit's source on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    citekit_cmd = [sys.executable, "-m", "citekit.cli", "convert", str(refs), "--from", "csl-json", "--to", "text",
                   "--style", style_path, "-o", str(tmp / "citekit.txt"), "--quiet"]
    pandoc = shutil.which("pandoc")
    pandoc_cmd = None
    if pandoc:
        csl = style_path
        if uses_implicit_names(style_path):
            # pandoc 2.x wants the style-level name options spelt out (see tests/test_styles_pandoc.py).
            csl = str(tmp / "style.csl")
            Path(csl).write_bytes(pushed_down_style(style_path))
        pandoc_cmd = [pandoc, "--citeproc", "--csl", csl, "--bibliography", str(refs), "-t", "plain", "--wrap=none",
                      "-o", str(tmp / "pandoc.txt")]
    nocite = "---\nnocite: '@*'\n---\n"
    # One untimed run of each first: bytecode written, files in the page cache, for both alike.
    _timed(citekit_cmd, env=env)
    if pandoc_cmd:
        _timed(pandoc_cmd, stdin=nocite)
    citekit_times, pandoc_times = [], []
    for _ in range(runs):
        citekit_times.append(_timed(citekit_cmd, env=env))
        if pandoc_cmd:
            pandoc_times.append(_timed(pandoc_cmd, stdin=nocite))
    listed = (tmp / "citekit.txt").read_text(encoding="utf-8").count("\n\n") + 1

    def median(times: list, which: int) -> float | None:
        return statistics.median(t[which] for t in times) if times else None

    return {"citekit": median(citekit_times, 0), "pandoc": median(pandoc_times, 0),
            "citekit_cpu": median(citekit_times, 1), "pandoc_cpu": median(pandoc_times, 1), "entries": listed}


def main(argv: list[str] | None = None) -> int:
    """Print one row per size and style: citekit, pandoc, the ratio, and the entries citekit listed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--style", action="append")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print("| records | style | citekit (whole process) | pandoc --citeproc | pandoc / citekit | CPU citekit / pandoc | entries |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-styles-") as tmp:
        for n in args.sizes:
            for style in args.style or ["apa"]:
                t = bench(n, style, args.runs, Path(tmp))
                ratio = f"{t['pandoc'] / t['citekit']:.2f}x" if t["pandoc"] else "-"
                pandoc = f"{t['pandoc']:.2f} s" if t["pandoc"] else "not installed"
                cpu = f"{t['citekit_cpu']:.2f} s / {t['pandoc_cpu']:.2f} s" if t["pandoc"] else f"{t['citekit_cpu']:.2f} s"
                print(f"| {n:,} | {style} | {t['citekit']:.2f} s | {pandoc} | {ratio} | {cpu} | {t['entries']:,} |",
                      flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}; goal pandoc / citekit >= 2.0 at 1,000 records (apa)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
