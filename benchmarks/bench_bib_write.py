"""Writing BibTeX: citekit from CSL-JSON against bibtexparser parsing and writing the same records.

citekit runs what ``citekit convert records.json --from csl-json --to bibtex`` runs
(read CSL-JSON, merge, assign keys, write BibTeX with LaTeX escapes and title
protection) in-process, from cold caches. bibtexparser v2 runs ``parse_string`` (its
default middlewares) and ``write_string`` on the equivalent .bib. Goal: citekit no
slower (ratio >= 1.0).

Run: .venv/bin/python benchmarks/bench_bib_write.py [--entries N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_bib import records, to_bib, to_csl_json  # noqa: E402

GOAL = 1.0


def bibtexparser_round_trip(bib: str) -> str:
    """bibtexparser v2: parse the .bib and write it back."""
    import bibtexparser

    return bibtexparser.write_string(bibtexparser.parse_string(bib))


def citekit_to_bibtex(csl: str) -> str:
    """citekit: CSL-JSON in, BibTeX out, through the CLI's stages, caches cleared first."""
    from citekit import latex
    from citekit.exporters import ExportOptions
    from citekit.exporters.bibtex import BIBTEX
    from citekit.keys import assign_keys
    from citekit.merge import merge
    from citekit.sources import read_text

    for cached in (latex.encode_name_part, latex._char_latex):
        cached.cache_clear()
    library = merge(read_text(csl, "bench.json", "csl-json"))
    assign_keys(library)
    return BIBTEX.write(library, ExportOptions())


def median(fn, data: str, runs: int) -> tuple[float, str]:
    """Median seconds of ``fn(data)`` over ``runs`` runs, and the last output."""
    times = []
    out = ""
    for _ in range(runs):
        start = time.perf_counter()
        out = fn(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    """Print both medians and the ratio against the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    recs = records(args.entries)
    csl, bib = to_csl_json(recs), to_bib(recs)
    warm = records(3, seed=1)
    citekit_to_bibtex(to_csl_json(warm))  # imports, outside the timing
    bibtexparser_round_trip(to_bib(warm))
    theirs_t, theirs = median(bibtexparser_round_trip, bib, args.runs)
    ours_t, ours = median(citekit_to_bibtex, csl, args.runs)
    ratio = theirs_t / ours_t
    print(f"write {args.entries} records as BibTeX, median of {args.runs} runs")
    print(f"  bibtexparser v2 parse_string + write_string (.bib in)   {theirs_t * 1000:8.1f} ms  ({theirs.count('@')} entries out)")
    print(f"  citekit CSL-JSON -> read, merge, keys, BibTeX writer    {ours_t * 1000:8.1f} ms  ({ours.count(chr(10) + '@') + ours.startswith('@')} entries out)")
    print(f"  ratio {ratio:.2f}x (goal >= {GOAL:.1f}x, citekit no slower): {'met' if ratio >= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
