"""Where citekit's lists from a ``.bib`` differ from pandoc 3's: the reading (bib -> CSL item) or the rendering engine.

Run: ``PYTHONPATH=. python benchmarks/classify_pandoc_diffs.py FILE.bib [A.bib+B.bib ...] [--style S] [--show N]``.

For every entry four texts, each paired by key and compared at rapidfuzz similarity 0.95:
``P`` pandoc 3 rendering the ``.bib``; ``PJ`` pandoc 3 rendering citekit's CSL items (CSL-JSON) of the
same entries; ``C`` citekit's ``convert --style`` list; ``O`` citekit's CSL processor as
``citekit cite`` drives it, on the same CSL items (both are citekit's own processor, ``citekit/render/cslproc``). An entry where ``P`` and ``PJ`` differ is a *reading*
difference (citekit's item says something other than pandoc's reading of the ``.bib``); one where ``PJ``
agrees with ``P`` but an engine's text does not is an *engine* difference of that engine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from compare_pandoc_bib import _DIV, _pandoc_run, _plain, citekit_entries, pandoc_binary, pandoc_entries, style_path  # noqa: E402


def csl_items(files: list[str]) -> list[dict]:
    """The CSL items citekit renders for the files read as one database (helpers left out)."""
    import citekit
    from citekit.render.engine import csl_item, listed

    library = citekit.read(*files, fmt="bibtex")
    return [csl_item(e) for e in library.entries if listed(e)]


def pandoc_json(pandoc: str, items: list[dict], style_file: str) -> dict[str, str]:
    """Key -> pandoc's plain entry for CSL-JSON items."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "items.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        args = [pandoc, "--citeproc", "--csl", style_file, "-t", "html", "--wrap=none", "-f", "markdown",
                "--bibliography", str(path)]
        return _pandoc_run(args)


def own_entries(items: list[dict], style_file: str) -> dict[str, str]:
    """Key -> the own processor's plain entry."""
    from citekit.cite import Processor

    proc = Processor(style_file, items, backend="html")
    return {str(i): _plain(proc.write(x)) for i, x in proc.bibliography_outs()}


def classify(pandoc: str, files: list[str], style: str) -> list[tuple]:
    """(key, class, P, PJ, C, O) per entry pandoc lists."""
    from rapidfuzz import fuzz

    sfile = style_path(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = csl_items(files)
        c = citekit_entries(files, style)
        o = own_entries(items, sfile)
    p = pandoc_entries(pandoc, files, sfile)
    pj = pandoc_json(pandoc, items, sfile)

    def same(a: str, b: str) -> bool:
        return fuzz.ratio(a, b) >= 95

    out = []
    for key, text in p.items():
        pjt, ct, ot = pj.get(key, ""), c.get(key, ""), o.get(key, "")
        if same(text, ct) and same(text, ot):
            kind = "agree"
        elif not same(text, pjt):
            kind = "reading"
        else:
            kind = "engine:" + "+".join(n for n, t in (("convert", ct), ("cite", ot)) if not same(text, t))
        out.append((key, kind, text, pjt, ct, ot))
    return out


def main(argv: list[str] | None = None) -> int:
    """One row per file: entries, agreement of each engine, and the disagreements by class."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--style", default="apa")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--only", default=None, help="show only this class (reading, engine:convert, ...)")
    args = parser.parse_args(argv)
    pandoc = pandoc_binary()
    if not pandoc:
        print("needs pandoc 3: pip install pypandoc-binary", file=sys.stderr)
        return 2
    from rapidfuzz import fuzz

    total: Counter = Counter()
    print("| file | entries | convert --style agrees | cite agrees | reading | engine only |")
    print("|---|---|---|---|---|---|")
    for arg in args.files:
        files = arg.split("+")
        try:
            rows = classify(pandoc, files, args.style)
        except Exception as exc:  # one unreadable file is a row
            print(f"| {arg} | error: {type(exc).__name__}: {str(exc)[:80]} |")
            continue
        n = len(rows)
        old = sum(1 for r in rows if fuzz.ratio(r[2], r[4]) >= 95)
        own = sum(1 for r in rows if fuzz.ratio(r[2], r[5]) >= 95)
        kinds = Counter(r[1] for r in rows)
        total.update({"entries": n, "old": old, "own": own})
        total.update(kinds)
        eng = sum(v for k, v in kinds.items() if k.startswith("engine"))
        print(f"| {'+'.join(Path(f).name for f in files)} | {n} | {old} | {own} | {kinds['reading']} | {eng} |", flush=True)
        shown = [r for r in rows if r[1] != "agree" and (args.only is None or r[1] == args.only)]
        for key, kind, p, pj, c, o in shown[: args.show]:
            print(f"  [{kind}] {key}\n    P:  {p}\n    PJ: {pj}\n    C:  {c}\n    O:  {o}")
    n = max(1, total["entries"])
    print(f"\nall: {total['entries']} entries; convert --style {total['old'] / n:.1%}, cite {total['own'] / n:.1%}; "
          + ", ".join(f"{k} {v}" for k, v in sorted(total.items()) if k not in ("entries", "old", "own")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
