"""Time 1,000 arXiv-like entries to an APA text list: citekit, citeproc-py used directly, and pandoc --citeproc.

Run: ``.venv/bin/python benchmarks/bench_styles.py [N] [RUNS]``. Prints the median of
RUNS runs for each and the ratios. citekit and citeproc-py are timed in-process from
the entries to the finished text (style already parsed, as in a long-running use, and
also cold: with parsing); pandoc is timed as a process from CSL-JSON to plain text.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import library  # noqa: E402

from citekit import export  # noqa: E402
from citekit.csl import entry_to_csl  # noqa: E402
from citekit.styles import resolve_style  # noqa: E402


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _citeproc_direct(items: list[dict], style_path: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(style_path, validate=False)
        source = CiteProcJSON([{k: v for k, v in i.items() if k != "custom"} for i in items])
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    bib.sort()
    return "\n\n".join(str(text) for text in bib.bibliography())


def main() -> None:
    """Run the three side by side and print times and ratios."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    lib = library(n)
    style_path = resolve_style("apa").source
    items = [entry_to_csl(e) for e in lib.entries]

    export(library(3), "text", style="apa")  # parse the style once, as a warm process would
    warm = _median(lambda: export(lib, "text", style="apa"), runs)

    def cold() -> None:
        from citekit.render.engine import csl_style

        csl_style.cache_clear()
        export(lib, "text", style="apa")

    cold_time = _median(cold, runs)
    direct = _median(lambda: _citeproc_direct(items, style_path), max(1, runs - 1))

    pandoc_time = None
    pandoc = shutil.which("pandoc")
    if pandoc:
        with tempfile.TemporaryDirectory() as tmp:
            bib = Path(tmp) / "items.json"
            bib.write_text(json.dumps(items), encoding="utf-8")
            cmd = [pandoc, "--citeproc", "--csl", style_path, "--bibliography", str(bib), "-t", "plain", "--wrap=none"]
            pandoc_time = _median(lambda: subprocess.run(cmd, input="---\nnocite: '@*'\n---\n", capture_output=True, text=True, check=True), runs)

    print(f"{n} arXiv-like entries -> APA text list (median of {runs} runs)")
    print(f"  citekit (style parsed)   {warm:7.2f} s   {n / warm:7.0f} entries/s")
    print(f"  citekit (cold, parsing)  {cold_time:7.2f} s")
    print(f"  citeproc-py directly     {direct:7.2f} s   {n / direct:7.0f} entries/s")
    if pandoc_time is not None:
        print(f"  pandoc --citeproc        {pandoc_time:7.2f} s")
    print(f"  citeproc-py / citekit    {direct / warm:7.1f}x")
    if pandoc_time is not None:
        print(f"  citekit / pandoc         {warm / pandoc_time:7.2f}  (goal: <= 1.0)")


if __name__ == "__main__":
    main()
