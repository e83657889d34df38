"""Time 1,000 arXiv-like entries to a text reference list per style: citekit, citeproc-py directly, pandoc --citeproc.

Run: ``.venv/bin/python benchmarks/bench_styles.py [N] [RUNS] [STYLE ...]`` (default:
1000 entries, 3 runs, the five judged styles). Prints the median of RUNS runs for each
and the ratios. citekit is timed in-process from the entries to the finished text with
its compiled style (parsed and compiled already, as in a long-running use, and cold:
parsing and compiling included) and with its citeproc-py walk (``engine="citeproc"``);
citeproc-py used directly from CSL-JSON to plain text; pandoc as a process from
CSL-JSON to plain text.
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


JUDGED = ["apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "vancouver"]


def _pandoc_time(pandoc: str, items: list[dict], style_path: str, runs: int) -> float:
    from citekit.render.csl import pushed_down_style, uses_implicit_names

    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "items.json"
        bib.write_text(json.dumps(items), encoding="utf-8")
        csl = style_path
        if uses_implicit_names(style_path):
            # pandoc 2.x wants the style-level name options spelt out (see tests/test_styles_pandoc.py).
            csl = str(Path(tmp) / "style.csl")
            Path(csl).write_bytes(pushed_down_style(style_path))
        cmd = [pandoc, "--citeproc", "--csl", csl, "--bibliography", str(bib), "-t", "plain", "--wrap=none"]
        return _median(lambda: subprocess.run(cmd, input="---\nnocite: '@*'\n---\n", capture_output=True, text=True,
                                              check=True), runs)


def bench_style(style: str, lib, items: list[dict], runs: int, pandoc: str | None) -> dict[str, float | None]:
    """Median seconds for one style: citekit compiled (warm and cold), citekit's interpreter, citeproc-py, pandoc."""
    from citekit.render.engine import clear_style_cache, csl_style, render_library

    style_path = resolve_style(style).source
    render_library(library(3), style, "text")  # parse and compile the style once, as a warm process would
    warm = _median(lambda: render_library(lib, style, "text"), runs)

    def cold() -> None:
        clear_style_cache()
        render_library(lib, style, "text")

    cold_time = _median(cold, runs)
    walk = _median(lambda: render_library(lib, style, "text", engine="citeproc"), max(1, runs - 1))
    direct = _median(lambda: _citeproc_direct(items, style_path), max(1, runs - 1))
    pandoc_time = _pandoc_time(pandoc, items, style_path, runs) if pandoc else None
    return {"citekit": warm, "cold": cold_time, "walk": walk, "citeproc-py": direct, "pandoc": pandoc_time}


def main() -> None:
    """Time each style (APA by default first) and print a table of medians and ratios."""
    args = sys.argv[1:]
    n = int(args[0]) if args else 1000
    runs = int(args[1]) if len(args) > 1 else 3
    styles = args[2:] or JUDGED
    lib = library(n)
    items = [entry_to_csl(e) for e in lib.entries]
    pandoc = shutil.which("pandoc")
    print(f"{n} arXiv-like entries -> text reference list; median of {runs} runs (citekit's walk and citeproc-py: "
          f"{max(1, runs - 1)}); seconds")
    head = f"{'style':26} {'citekit':>8} {'cold':>7} {'walk':>7} {'citeproc-py':>12} {'pandoc':>7} {'citekit/pandoc':>15} {'citeproc-py/citekit':>20}"
    print(head)
    for style in styles:
        t = bench_style(style, lib, items, runs, pandoc)
        pandoc_time = t["pandoc"]
        versus = f"{t['citekit'] / pandoc_time:15.2f}" if pandoc_time else f"{'-':>15}"
        print(f"{style:26} {t['citekit']:8.2f} {t['cold']:7.2f} {t['walk']:7.2f} {t['citeproc-py']:12.2f} "
              f"{(pandoc_time if pandoc_time is not None else float('nan')):7.2f} {versus} {t['citeproc-py'] / t['citekit']:19.1f}x")
    print("citekit: compiled style, parsed; cold: parsing and compiling included; walk: CITEKIT_CSL_ENGINE=citeproc;"
          " goal citekit/pandoc <= 1.0")


if __name__ == "__main__":
    main()
