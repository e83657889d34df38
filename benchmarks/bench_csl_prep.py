"""CPU of the steps between the entries and the CSL renderer, in-process, stage by stage.

What ``citekit.render.csl._citeproc_bibliography`` does before and after rendering:
loading the style, ``_csl_items``, building citeproc-py's references (``citeproc_source``,
or ``CiteProcJSON`` plus ``_parse_extra_names`` in code that predates it), sorting,
year suffixes and finishing each entry. Rendering itself is left out; the compiled
style's sort-key renders (``compile.py``) are shown apart, in parentheses, as is the
style's compilation. Each figure is ``time.process_time()`` around one stage, the median
of ``--runs`` runs after one warm-up, in one process (``--cold`` times one first run).

    python benchmarks/bench_csl_prep.py /work/golden/r1000.json --style apa --runs 5 [--no-gc]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import warnings
from pathlib import Path
from types import SimpleNamespace


def _timed(fn):
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def _old_source(prepared):
    """The source as citekit built it before ``citeproc_source``."""
    from citeproc.source.json import CiteProcJSON

    from citekit.render.csl import _parse_extra_names

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(prepared)
        _parse_extra_names(source, prepared)
    return source


def _source_builder():
    """(label, the function building the source the renderer reads): the direct builder where this code has it."""
    try:
        from citekit.render.references import citeproc_source
    except ImportError:
        return "source: CiteProcJSON + extra names", _old_source
    return "source: citeproc_source", citeproc_source


def one_run(items: list[dict], style_path: str) -> dict[str, float]:
    """Seconds of CPU per stage for one list."""
    from citeproc import Citation

    from citekit.render import compile as compiled_module
    from citekit.render import csl
    from citekit.render.csl import CslStyle, dependent_parent

    out: dict[str, float] = {}
    parent, locale = dependent_parent(style_path)
    csl._NAMES_READ.clear()  # a fresh process reads every name once
    out["style load"], style = _timed(lambda: CslStyle(parent or style_path, locale))
    out["(style compilation)"], compiled = _timed(style.compiled)
    out["_csl_items"], prepared = _timed(lambda: csl._csl_items(items))
    label, build = _source_builder()
    out[label], source = _timed(lambda: build(prepared))
    bib = SimpleNamespace(source=source, keys=[item["id"] for item in prepared], formatter=csl.NEUTRAL_FORMATTER)
    cites = []
    for item in prepared:
        cite = csl._FastItem(item["id"])
        Citation([cite]).bibliography = bib
        dict.__setitem__(cite, "_reference", source[cite.key])
        cites.append(cite)
    rendering_keys = [0.0]
    real_sort_keys = compiled_module.CompiledBibliography.sort_keys

    def sort_keys(self, key, some):
        spent, values = _timed(lambda: real_sort_keys(self, key, some))
        rendering_keys[0] += spent
        return values

    compiled_module.CompiledBibliography.sort_keys = sort_keys
    try:
        spent, cites = _timed(lambda: csl._sorted(style.root, cites, compiled))
    finally:
        compiled_module.CompiledBibliography.sort_keys = real_sort_keys
    out["(sort keys rendered by compile.py)"] = rendering_keys[0]
    out["_sorted, without those renders"] = spent - rendering_keys[0]
    out["_add_year_suffixes"], _ = _timed(lambda: csl._add_year_suffixes(style.root, cites, prepared))
    for number, cite in enumerate(cites, 1):
        dict.__setitem__(cite, "_number", number)
    bib.keys = [cite.key for cite in cites]
    texts = [str(text) for text in compiled.render(cites)]
    out["_finish"], _ = _timed(lambda: [style.finish(text) for text in texts])
    return out


def main() -> None:
    """Print each stage's median (and best) CPU and the total of the stages this slice owns."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a CSL-JSON file")
    parser.add_argument("--style", default="apa")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="time one run, the process's first")
    parser.add_argument("--no-gc", action="store_true", help="garbage collection off (its pauses land on any stage)")
    args = parser.parse_args()
    if args.no_gc:
        gc.disable()
    from citekit.render.engine import csl_item, listed
    from citekit.sources import READERS
    from citekit.styles import resolve_style

    library = READERS.get("csl-json").read(Path(args.path).read_text(encoding="utf-8"), args.path)
    items = [csl_item(entry) for entry in library.entries if listed(entry)]
    style_path = resolve_style(args.style).source
    if not args.cold:
        one_run(items, style_path)
    runs = [one_run(items, style_path) for _ in range(1 if args.cold else args.runs)]
    for stage in runs[0]:
        values = [run[stage] for run in runs]
        print(f"{stage:38s} median {statistics.median(values) * 1000:7.1f} ms  best {min(values) * 1000:7.1f} ms")
    totals = [sum(v for k, v in run.items() if not k.startswith("(")) for run in runs]
    print(f"{'total (stages not in parentheses)':38s} median {statistics.median(totals) * 1000:7.1f} ms  "
          f"best {min(totals) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
