"""Streaming the arXiv metadata snapshot to BibTeX: records a second and peak memory by size.

Generates snapshot-like JSON lines (``corpus_bib.write_snapshot``: wrapped titles and
abstracts with TeX, 1-30 ``authors_parsed``, versions, categories, some DOIs and
journal references; ~1.6 kB a record like the real dump) at 10k and 100k records, and
1M with ``--full`` (1.6 GB, in ``benchmarks/out/``, git-ignored, reused between runs),
and 2.8M, the size of the whole arXiv snapshot, with ``--huge`` (4.5 GB; see
:func:`huge_snapshot`; delete it afterwards).
Each size runs ``citekit convert X --from arxiv-snapshot --to bibtex -o Y`` as a
subprocess: this repository's citekit (``python -m citekit`` with the tree on ``PYTHONPATH``,
not whatever copy is installed in the environment), its bytecode compiled once beforehand
as an installed package's is; its peak memory is the PSS of the process and its worker processes,
summed (sampled every 20 ms from /proc), or the largest single RSS if that is more. The anchor is what a user would
write otherwise: a ``json.loads`` loop building a bibtexparser v2 Library, then
``write_file`` (no LaTeX escaping, keys = arXiv ids), on 10k and 100k.

CPU µs/record is the user + system time of the citekit process and its worker processes
(``wait4``'s resource usage, which counts the workers it reaped), start-up included, over
the records: far steadier than wall time on a shared machine, and what bounds the rate:
two free cores at C µs a record give at most 2,000,000 / C records/s.

Goals: >= 20,000 records/s, and peak RSS < 150 MB whatever the size (flat from 10k to 2.8M);
for the first on 2 cores, <= 60 µs of CPU a record.

Run: .venv/bin/python benchmarks/bench_stream.py [--full] [--huge] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus_bib import write_snapshot  # noqa: E402

OUT = HERE / "out"
GOAL_RATE = 20_000
GOAL_MB = 150
GOAL_CPU_US = 60

ANCHOR = r"""
import json, sys
import bibtexparser
from bibtexparser import model
library = bibtexparser.Library()
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        r = json.loads(line)
        names = " and ".join(", ".join(p for p in a[:2] if p) for a in r["authors_parsed"])
        year = r["versions"][0]["created"].split()[3]
        fields = [model.Field("title", " ".join(r["title"].split())), model.Field("author", names),
                  model.Field("year", year), model.Field("eprint", r["id"]), model.Field("archivePrefix", "arXiv"),
                  model.Field("primaryClass", r["categories"].split()[0]),
                  model.Field("url", "https://arxiv.org/abs/" + r["id"])]
        if r.get("doi"):
            fields.append(model.Field("doi", r["doi"]))
        library.add(model.Entry("misc", r["id"], fields))
bibtexparser.write_file(sys.argv[2], library)
"""


def snapshot(n: int) -> Path:
    """The generated snapshot of ``n`` records (made once, then reused)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"snapshot_{n}.jsonl"
    done = path.with_suffix(".done")
    if not done.exists():
        start = time.perf_counter()
        write_snapshot(str(path), n)
        done.write_text("ok\n")
        print(f"  (generated {path.name}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s)")
    return path


HUGE = 2_800_000


def huge_snapshot(n: int = HUGE) -> Path:
    """``n`` records: the 1M snapshot's records again and again, each copy's ids moved 11 years on.

    Generating 2.8M records afresh takes about half an hour; copying the 1M file's lines
    takes a minute or two. Every id stays distinct (copy c turns ``1510.00001`` into
    ``{15 + 11c}10.00001``), so the id bitmap and the key table hold ``n`` members as
    with the real snapshot; the copies' key stems clash more (suffixes get longer).
    """
    path = OUT / f"snapshot_{n}.jsonl"
    done = path.with_suffix(".done")
    if done.exists():
        return path
    base = snapshot(1_000_000)
    start = time.perf_counter()
    written = 0
    prefix = '{"id": "'
    with open(path, "w", encoding="utf-8") as out:
        copy = 0
        while written < n:
            shift = 11 * copy
            with open(base, encoding="utf-8") as handle:
                for line in handle:
                    if written == n:
                        break
                    if shift:
                        assert line.startswith(prefix)
                        at = len(prefix)
                        line = f"{line[:at]}{int(line[at:at + 2]) + shift:02d}{line[at + 2:]}"
                    out.write(line)
                    written += 1
            copy += 1
    done.write_text("ok\n")
    print(f"  (made {path.name}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s)")
    return path


def _tree_rss_kb(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, summed: PSS (shared pages split between the
    processes that share them, so forked workers are not counted twice), else RSS. In kB."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            try:
                with open(f"/proc/{p}/smaps_rollup") as handle:
                    total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
            except (OSError, StopIteration):
                with open(f"/proc/{p}/status") as handle:
                    total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
            with open(f"/proc/{p}/task/{p}/children") as handle:
                todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError, StopIteration):  # a process that has just ended
            continue
    return total


def _child_env() -> dict[str, str]:
    """The environment of a timed run: the tree's citekit first on the path, bytecode written.

    Without ``PYTHONPATH`` the ``citekit`` of the environment runs, which may be an older
    installed copy; under ``PYTHONDONTWRITEBYTECODE`` a source tree compiles every module on
    every run (a few tenths of a second no installed citekit pays).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds (user + system) of one run of ``cmd``, workers included.

    Peak memory is the larger of ``wait4``'s max RSS (the largest single process) and the
    largest sum of the PSS of the process and its worker processes, sampled every 20 ms.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_child_env())  # small: -q
    peak_kb = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak_kb = max(peak_kb, _tree_rss_kb(proc.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return elapsed, max(peak_kb, usage.ru_maxrss) / 1024, usage.ru_utime + usage.ru_stime


def median_run(cmd: list[str], runs: int) -> tuple[float, float, float]:
    """Median seconds, the largest peak RSS and the median CPU seconds over ``runs`` runs."""
    results = [measure(cmd) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            statistics.median(r[2] for r in results))


def _load() -> str:
    """The machine's load average (1, 5, 15 minutes): other jobs share these cores."""
    try:
        with open("/proc/loadavg") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    """Print records/s and peak memory per size, with the anchor beside citekit on the small sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="add the 1M-record size (1.6 GB input)")
    parser.add_argument("--huge", action="store_true", help="add 2.8M records, the whole arXiv snapshot's size (4.5 GB input)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-anchor", action="store_true")
    args = parser.parse_args()
    sizes = [10_000, 100_000] + ([1_000_000] if args.full or args.huge else []) + ([HUGE] if args.huge else [])
    rows = []
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "citekit")], env=_child_env(), check=False,
                   stdout=subprocess.DEVNULL)
    load_before = _load()
    for n in sizes:
        src = huge_snapshot(n) if n == HUGE else snapshot(n)
        dst = OUT / f"snapshot_{n}.bib"
        cmd = [sys.executable, "-m", "citekit", "convert", str(src), "--from", "arxiv-snapshot", "--to", "bibtex", "-o", str(dst), "-q"]
        runs = args.runs if n <= 100_000 else 1
        secs, mb, cpu = median_run(cmd, runs)
        anchor = None
        if n <= 100_000 and not args.no_anchor:
            anchor = median_run([sys.executable, "-c", ANCHOR, str(src), str(OUT / f"anchor_{n}.bib")], runs)
        rows.append((n, src.stat().st_size, secs, mb, anchor, runs, cpu))
    print(f"arXiv snapshot -> BibTeX, goal >= {GOAL_RATE:,} records/s and peak RSS < {GOAL_MB} MB at every size "
          f"(<= {GOAL_CPU_US} CPU µs/record); {os.cpu_count()} cores, load average {load_before} before, {_load()} after")
    print(f"{'records':>9} {'input':>8} | {'citekit s':>9} {'rec/s':>8} {'CPU µs/rec':>10} {'peak MB':>8} | "
          f"{'json+bibtexparser s':>19} {'rec/s':>7} {'peak MB':>8} | {'speed ratio':>11}")
    for n, size, secs, mb, anchor, runs, cpu in rows:
        line = f"{n:>9,} {size / 1e6:>6.0f}MB | {secs:>9.2f} {n / secs:>8,.0f} {cpu / n * 1e6:>10.1f} {mb:>8.0f} | "
        if anchor:
            line += f"{anchor[0]:>19.2f} {n / anchor[0]:>7,.0f} {anchor[1]:>8.0f} | {anchor[0] / secs:>10.1f}x"
        else:
            line += f"{'-':>19} {'-':>7} {'-':>8} | {'-':>11}"
        print(line + f"  (median of {runs})")
    worst_rate = min(n / secs for n, _, secs, _, _, _, _ in rows)
    worst_mb = max(mb for _, _, _, mb, _, _, _ in rows)
    worst_cpu = max(cpu / n * 1e6 for n, _, _, _, _, _, cpu in rows if n >= 100_000)
    print(f"slowest {worst_rate:,.0f} records/s (goal {GOAL_RATE:,}): {'met' if worst_rate >= GOAL_RATE else 'NOT met'}; "
          f"largest peak {worst_mb:.0f} MB (goal < {GOAL_MB}): {'met' if worst_mb < GOAL_MB else 'NOT met'}; "
          f"most CPU from 100k up {worst_cpu:.1f} µs/record (goal <= {GOAL_CPU_US}): {'met' if worst_cpu <= GOAL_CPU_US else 'NOT met'}")


if __name__ == "__main__":
    main()
