"""Reading a .bib to CSL-JSON as a whole process: ``citekit convert`` against pandoc 3.

``citekit convert F.bib --from bibtex --to csl-json -o OUT`` (sentence case and crossref
inheritance included) against ``pandoc F.bib -f biblatex -t csljson -o OUT``, on a
deterministic N-entry file from ``corpus_bib`` (default 7,000), a tenth of its entries made
chapters that inherit from a book through ``crossref``, or with ``--file`` on real files
(each timed on its own, side by side with pandoc). Runs alternate between the two so
load touches both alike; printed: the median wall time and the median CPU time of each
process (user + system, which load on a shared machine does not inflate) and their ratios.
One untimed run of each comes first, and citekit runs with its bytecode cached (as an
installed package has it), even where ``PYTHONDONTWRITEBYTECODE`` is set.
Goal: pandoc / citekit >= 2.5.

Run: ``PYTHONPATH=. python benchmarks/bench_bib_pandoc.py [--entries N] [--runs N] [--pandoc PATH]``
or ``PYTHONPATH=. python benchmarks/bench_bib_pandoc.py --file refs.bib [--file other.bib] [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare_pandoc_bib import pandoc_binary  # noqa: E402
from corpus_bib import records, to_bib  # noqa: E402


def corpus(n: int) -> str:
    """N entries; every tenth a chapter of a shared book by crossref (inheritance is part of the work)."""
    text = to_bib(records(n, 7))
    books = "".join(f"@book{{book{i}, title = {{The Collected Papers on Topic {i}}}, publisher = {{Springer}}, "
                    f"address = {{Berlin}}, year = {{2020}}, editor = {{Editor, Ed and Other, An}}}}\n\n"
                    for i in range(max(1, n // 100)))
    out, count = [], 0
    for block in text.split("\n@"):
        if block.startswith("misc{") or block.startswith("article{"):
            count += 1
            if count % 10 == 0:
                body = block.split("{", 1)[1].rstrip()
                cut = body.rfind("}")
                block = "incollection{" + body[:cut] + f"  crossref = {{book{count % max(1, n // 100)}}},\n}}\n"
        out.append(block)
    return "\n@".join(out) + "\n" + books


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(src: Path, out_dir: Path, runs: int, pandoc: str) -> tuple[float, float, float, float]:
    """(citekit wall, citekit CPU, pandoc wall, pandoc CPU): medians of ``runs`` alternating runs on ``src``."""
    env_py = [sys.executable, "-c", "import sys; from citekit.cli import main; sys.argv[0] = 'citekit'; main()"]
    ours_cmd = env_py + ["convert", str(src), "--from", "bibtex", "--to", "csl-json", "-o", str(out_dir / "a.json"),
                         "-q"]
    theirs_cmd = [pandoc, str(src), "-f", "biblatex", "-t", "csljson", "-o", str(out_dir / "b.json")]
    # An installed citekit has its bytecode compiled; compiling it on every run would be timed otherwise.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    timed(ours_cmd, env)
    timed(theirs_cmd)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed(ours_cmd, env))
        theirs.append(timed(theirs_cmd))
    return (statistics.median(w for w, _ in ours), statistics.median(c for _, c in ours),
            statistics.median(w for w, _ in theirs), statistics.median(c for _, c in theirs))


def report(what: str, runs: int, figures: tuple[float, float, float, float]) -> None:
    """Print one comparison's medians and ratios."""
    ow, oc, tw, tc = figures
    print(f"{what}, {runs} runs each, load {os.getloadavg()[0]:.1f}")
    print(f"  citekit: wall {ow:.2f} s, CPU {oc:.2f} s")
    print(f"  pandoc:  wall {tw:.2f} s, CPU {tc:.2f} s")
    print(f"  pandoc / citekit: wall {tw / ow:.2f}x, CPU {tc / oc:.2f}x (goal >= 2.5)")


def main(argv: list[str] | None = None) -> int:
    """Print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entries", type=int, default=7000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pandoc", default=None)
    parser.add_argument("--file", action="append", default=[], metavar="PATH",
                        help="a real .bib to time instead of the synthetic one (repeatable)")
    args = parser.parse_args(argv)
    pandoc = args.pandoc or pandoc_binary()
    if not pandoc:
        print("needs pandoc 3: pip install pypandoc-binary, or --pandoc PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        if args.file:
            for name in args.file:
                src = Path(name)
                if not src.is_file():
                    print(f"no such file: {name}", file=sys.stderr)
                    return 2
                entries = len(re.findall(r"(?m)^[ \t]*@[ \t]*(?!string|preamble|comment)[A-Za-z]+[ \t]*[{(]",
                                         src.read_text(encoding="utf-8", errors="replace"), flags=re.I))
                report(f"{src.name} (~{entries} entries)", args.runs, compare(src, out_dir, args.runs, pandoc))
        else:
            src = out_dir / "refs.bib"
            src.write_text(corpus(args.entries), encoding="utf-8")
            report(f"{args.entries} entries (synthetic)", args.runs, compare(src, out_dir, args.runs, pandoc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
