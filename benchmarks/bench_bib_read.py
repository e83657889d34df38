"""Reading a .bib: citekit's reader against bibtexparser v2 with its decoding middlewares.

Both read the same 1,000-entry .bib (accented names as ``{\\"u}``, ``$...$`` math,
abstracts) and end with decoded Unicode text and split names. bibtexparser runs
``parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(),
SplitNameParts()])``; citekit runs ``citekit.sources.bibtex.READER.read``. citekit's
caches are cleared before every run, so each run is a cold read. Goal: citekit at least
10x faster, with the same decoded titles, abstracts and names (mismatches are counted).

``--file PATH`` measures a real file as a user meets it, whole processes: ``citekit
convert PATH --from bibtex --to csl-json -o OUT`` against a Python process that runs
bibtexparser v2 with the same middlewares and writes the decoded entries as JSON.
Runs alternate between the two, so load on the machine touches both alike.

Run: .venv/bin/python benchmarks/bench_bib_read.py [--entries N] [--runs N] [--file PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_bib import records, to_bib  # noqa: E402

GOAL = 10.0


def read_bibtexparser(text: str):
    """bibtexparser v2: split, resolve, decode LaTeX, separate and split names."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

    return bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
    )


def read_citekit(text: str):
    """citekit's reader, from cold caches."""
    from citekit import latex
    from citekit.sources import bibtex

    for cached in (latex.decode, latex._piece, latex._char_latex, bibtex._one_name):
        cached.cache_clear()
    return bibtex.READER.read(text, "bench.bib")


def timed(fn, text: str, runs: int) -> tuple[float, object]:
    """Median seconds of ``fn(text)`` over ``runs`` runs, and the last result."""
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def mismatches(theirs, ours) -> tuple[int, int, list[str]]:
    """(values compared, values that differ, a few examples): titles, abstracts and names."""
    from citekit.latex import _MATH_SPAN, _math_span

    def math(text: str) -> str:
        # citekit reads simple math as Unicode (Cu$_2$O -> Cu₂O); compare bibtexparser's text the same way.
        return _MATH_SPAN.sub(_math_span, text) if "$" in text else text

    compared = differ = 0
    shown: list[str] = []
    for block, entry in zip(theirs.entries, ours.entries):
        fields = block.fields_dict
        pairs = [
            ("title", math(" ".join(fields["title"].value.split())), entry.title),
            ("abstract", math(" ".join(fields["abstract"].value.split())), entry.abstract),
        ]
        their_names = [(" ".join(p.von + p.last), " ".join(p.first) or None) for p in fields["author"].value]
        our_names = [(n.full_family, n.given) for n in entry.author]
        pairs.append(("author", their_names, our_names))
        for what, a, b in pairs:
            compared += 1
            if a != b:
                differ += 1
                if len(shown) < 5:
                    shown.append(f"  {block.key} {what}: bibtexparser {a!r} vs citekit {b!r}")
    if len(theirs.entries) != len(ours.entries):
        differ += abs(len(theirs.entries) - len(ours.entries))
    return compared, differ, shown


_BIBTEXPARSER_PROCESS = """
import json, sys
import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
lib = bibtexparser.parse_file(sys.argv[1], append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(),
                                                             SplitNameParts()])
out = [{"id": e.key, "type": e.entry_type, **{f.key: str(f.value) for f in e.fields}} for e in lib.entries]
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(out, ensure_ascii=False))
"""


def whole_process(path: str, runs: int) -> None:
    """citekit's CLI and a bibtexparser script, each as a fresh process, on one real file."""
    import os
    import subprocess
    import tempfile

    repo = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=repo + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # An installed package runs from its bytecode caches; a checkout under
    # PYTHONDONTWRITEBYTECODE would compile every module on every run. Both sides get
    # caches in a private prefix (not the tree), filled by one untimed run each.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        cache = ["-X", f"pycache_prefix={tmp}/pycache"]
        ours_cmd = [sys.executable, *cache, "-m", "citekit.cli", "convert", path, "--from", "bibtex",
                    "--to", "csl-json", "-o", f"{tmp}/ours.json", "-q"]
        theirs_cmd = [sys.executable, *cache, "-c", _BIBTEXPARSER_PROCESS, path, f"{tmp}/theirs.json"]
        ours: list[float] = []
        theirs: list[float] = []
        for cmd in (ours_cmd, theirs_cmd):
            subprocess.run(cmd, env=env, check=True, capture_output=True)
        for _ in range(runs):
            for cmd, times in ((ours_cmd, ours), (theirs_cmd, theirs)):
                start = time.perf_counter()
                subprocess.run(cmd, env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"{path}: whole process, median of {runs} runs")
    print(f"  bibtexparser v2 + LatexDecoding/SeparateCoAuthors/SplitNameParts -> JSON  {statistics.median(theirs):7.2f} s")
    print(f"  citekit convert --to csl-json                                          {statistics.median(ours):7.2f} s")
    print(f"  ratio {ratio:.1f}x faster (goal >= {GOAL:.0f}x): {'met' if ratio >= GOAL else 'NOT met'}")


def main() -> None:
    """Print both medians, the ratio against the goal, and the decoded-text check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", help="a real .bib: time whole processes on it instead")
    args = parser.parse_args()
    if args.file:
        whole_process(args.file, args.runs)
        return
    text = to_bib(records(args.entries))
    warm = to_bib(records(3, seed=1))
    read_citekit(warm)  # imports, outside the timing
    read_bibtexparser(warm)
    theirs_t, theirs = timed(read_bibtexparser, text, args.runs)
    ours_t, ours = timed(read_citekit, text, args.runs)
    compared, differ, shown = mismatches(theirs, ours)
    ratio = theirs_t / ours_t
    print(f"read {args.entries} entries ({len(text) / 1e6:.2f} MB .bib), median of {args.runs} runs")
    print(f"  bibtexparser v2 + LatexDecoding/SeparateCoAuthors/SplitNameParts  {theirs_t * 1000:8.1f} ms")
    print(f"  citekit READER.read (cold caches)                                 {ours_t * 1000:8.1f} ms")
    print(f"  ratio {ratio:.1f}x faster (goal >= {GOAL:.0f}x): {'met' if ratio >= GOAL else 'NOT met'}")
    print(f"  decoded text check: {compared} values compared, {differ} mismatches")
    for line in shown:
        print(line)


if __name__ == "__main__":
    main()
