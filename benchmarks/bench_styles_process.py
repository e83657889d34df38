"""A styled list as a user makes it: ``citekit convert refs.json --to text --style S`` as a whole process vs pandoc.

Run: ``.venv/bin/python benchmarks/bench_styles_process.py [N ...] [--runs R] [--style S ...] [--pandoc 2|3 ...]``
(default: 1,000 and 10,000 records, 3 runs, apa). Both tools start cold, read the
same CSL-JSON file and the same style file, and write plain text to a file. Each tool
is timed R times, in turns within one run, after one untimed warm-up run of each; the
figures are medians of wall time and of CPU time (user + system of the process and any
it forks). citekit runs on one core (``CITEKIT_WORKERS=1``). Two pandocs are timed when
present: the one on PATH (Debian's 2.x) and pypandoc-binary's pandoc 3; the ratio is
the faster pandoc's CPU over citekit's CPU (the goal is >= 2.0), since on a shared
machine CPU time is the steadier figure. The records are arXiv-like (``corpus_bib.py``:
1-30 authors with accents, math, DOIs, journal references).

pandoc gets ``nocite: '@*'`` so that every record is listed, ``--wrap=none`` and
``-t plain``; citekit is ``python -m citekit.cli`` of this checkout.
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


def pandocs() -> list[tuple[str, str]]:
    """(name, path) of each pandoc to time: the one on PATH and pypandoc-binary's, when present."""
    found = []
    if shutil.which("pandoc"):
        found.append(("pandoc " + _version(shutil.which("pandoc")), shutil.which("pandoc")))
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        path = None
    if path and all(Path(path).resolve() != Path(p).resolve() for _, p in found):
        found.append(("pandoc " + _version(path), path))
    return found


def _version(pandoc: str) -> str:
    """``pandoc --version``'s number."""
    out = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout
    return out.split("\n", 1)[0].split()[-1]


def bench(n: int, style: str, runs: int, tmp: Path, only: list[str] | None = None) -> dict:
    """Median wall and CPU seconds of citekit and of each pandoc on ``n`` records in ``style``, runs in turns."""
    from pandoc2_style import pushed_down_style, uses_implicit_names

    from citekit.render.cslproc.style import dependent_parent
    from citekit.styles import resolve_style

    refs = tmp / f"refs{n}.json"
    if not refs.exists():
        refs.write_text(to_csl_json(records(n)), encoding="utf-8")
    style_path = resolve_style(style).source
    parent, _locale = dependent_parent(style_path)
    style_path = parent or style_path
    env = dict(os.environ, PYTHONPATH=str(REPO), CITEKIT_WORKERS="1")
    # An installed citekit has its bytecode compiled (pip does it); a sandbox that turns
    # bytecode caching off would time Python compiling citekit's source on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    citekit_cmd = [sys.executable, "-m", "citekit.cli", "convert", str(refs), "--from", "csl-json", "--to", "text",
                   "--style", style_path, "-o", str(tmp / "citekit.txt"), "--quiet"]
    csl = style_path
    if uses_implicit_names(style_path):
        # pandoc 2.x wants the style-level name options spelt out (see tests/test_styles_pandoc.py).
        csl = str(tmp / "style.csl")
        Path(csl).write_bytes(pushed_down_style(style_path))
    cmds = {"citekit": (citekit_cmd, None, env)}
    nocite = "---\nnocite: '@*'\n---\n"
    for name, pandoc in pandocs():
        if only and not any(name.split()[-1].startswith(v) for v in only):
            continue
        cmds[name] = ([pandoc, "--citeproc", "--csl", csl, "--bibliography", str(refs), "-t", "plain", "--wrap=none",
                       "-o", str(tmp / "pandoc.txt")], nocite, None)
    # One untimed run of each first: bytecode written, files in the page cache, for all alike.
    for cmd, stdin, cmd_env in cmds.values():
        _timed(cmd, stdin=stdin, env=cmd_env)
    times: dict[str, list] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (cmd, stdin, cmd_env) in cmds.items():
            times[name].append(_timed(cmd, stdin=stdin, env=cmd_env))
    listed = (tmp / "citekit.txt").read_text(encoding="utf-8").count("\n\n") + 1
    return {"times": {name: (statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts))
                      for name, ts in times.items()}, "entries": listed}


def main(argv: list[str] | None = None) -> int:
    """Print one row per size and style: citekit, pandoc, the ratio, and the entries citekit listed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--style", action="append")
    parser.add_argument("--pandoc", action="append", metavar="VERSION",
                        help="time only the pandoc whose version starts so (2, 3); default every one found")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print("| records | style | tool | wall | CPU (user + sys) | CPU faster pandoc / citekit | entries |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-styles-") as tmp:
        for n in args.sizes:
            for style in args.style or ["apa"]:
                found = bench(n, style, args.runs, Path(tmp), args.pandoc)
                times = found["times"]
                pandoc_cpus = [cpu for name, (_wall, cpu) in times.items() if name != "citekit"]
                ratio = f"**{min(pandoc_cpus) / times['citekit'][1]:.2f}x**" if pandoc_cpus else "-"
                for name, (wall, cpu) in times.items():
                    mine = name == "citekit"
                    print(f"| {n:,} | {style} | {name} | {wall:.2f} s | {cpu:.2f} s | {ratio if mine else ''} |"
                          f" {found['entries'] if mine else ''} |", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}; goal: faster pandoc / citekit >= 2.0 (CPU, apa)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
