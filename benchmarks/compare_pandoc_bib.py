"""citekit's reference lists from ``.bib`` files next to pandoc 3's, entry by entry, with the same ``.csl`` file.

Run: ``.venv/bin/python benchmarks/compare_pandoc_bib.py FILE.bib [A.bib+B.bib ...] [--style S ...] [--worst N]
[--pandoc PATH]``. A ``+``-joined argument is one database of several files (as
``\\bibliography{a,b}``): pandoc is given every file as a ``--bibliography``, citekit reads them together.

pandoc renders every entry (``nocite: @*``) to HTML, whose ``<div id="ref-KEY">`` pairs each entry
with citekit's by key; both are compared as plain text (whitespace collapsed) with rapidfuzz's ratio.
Printed per file and style: entries, the share at 0.95 similarity or better, and the mean.
pandoc 3 comes from the ``pypandoc-binary`` wheel (``pip install pypandoc-binary``) unless ``--pandoc``.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

STYLES = ["apa", "chicago-author-date", "ieee"]
_DIV = re.compile(r'<div id="ref-(.*?)" class="csl-entry"[^>]*>(.*?)</div>\s*(?=<div id="ref-|</div>\s*$)', re.S)


def pandoc_binary() -> str | None:
    """The pandoc 3 of the pypandoc-binary wheel, if installed."""
    try:
        import pypandoc
    except ImportError:
        return None
    path = Path(pypandoc.__file__).parent / "files" / "pandoc"
    return str(path) if path.exists() else None


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def pandoc_entries(pandoc: str, files: list[str], style_file: str) -> dict[str, str]:
    """Key -> pandoc's plain entry."""
    args = [pandoc, "--citeproc", "--csl", style_file, "-t", "html", "--wrap=none", "-f", "markdown"]
    with tempfile.TemporaryDirectory() as tmp:
        # pandoc reads each --bibliography alone (no @string or crossref across them) and wants
        # UTF-8, so it gets one file that is the database, as bibtex and biber read \bibliography{a,b}.
        joined = Path(tmp) / "database.bib"
        joined.write_text("\n".join(_text(f) for f in files), encoding="utf-8")
        return _pandoc_run(args + ["--bibliography", str(joined)])


def _text(path: str) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pandoc_run(args: list[str]) -> dict[str, str]:
    done = subprocess.run(args, input="---\nnocite: '@*'\n---\n", capture_output=True, text=True, timeout=600)
    out = {}
    for key, body in _DIV.findall(done.stdout):
        out[html.unescape(key)] = _plain(body)
    return out


def citekit_entries(files: list[str], style_name: str) -> dict[str, str]:
    """Key -> citekit's plain entry, the files read as one database."""
    import citekit
    from citekit.render.engine import render_entries
    from citekit.render.rich import to_text
    from citekit.styles import resolve_style

    from citekit.listing import reference_list

    library = citekit.read(*files, fmt="bibtex")
    # The entries a styled list holds (the first of a key used twice, none with skipbib), as `citekit convert
    # --to text` lists them.
    listing = reference_list(library)
    # citekit's text is plain text already: only its white space is collapsed ("<<Wagner>>" is no tag).
    return {r.entry.key or "": re.sub(r"\s+", " ", to_text(r.rich)).strip()
            for r in render_entries(listing.entries, resolve_style(style_name), hidden=listing.hidden)}


def style_path(name: str) -> str:
    """The independent style file citekit resolves ``name`` to (pandoc gets the same file)."""
    from citekit.render.cslproc.style import dependent_parent
    from citekit.styles import resolve_style

    source = resolve_style(name).source
    parent, _ = dependent_parent(source)
    return parent or source


def compare(pandoc: str, files: list[str], style: str) -> dict:
    """Similarity of every entry pandoc lists."""
    from rapidfuzz import fuzz

    theirs = pandoc_entries(pandoc, files, style_path(style))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = citekit_entries(files, style)
    scored = sorted(((fuzz.ratio(t, ours.get(k, "")) / 100, k, t, ours.get(k, "")) for k, t in theirs.items()))
    return {"entries": len(scored), "good": sum(1 for s, *_ in scored if s >= 0.95),
            "mean": sum(s for s, *_ in scored) / max(1, len(scored)), "worst": scored,
            "extra": sorted(set(ours) - set(theirs))}


def main(argv: list[str] | None = None) -> int:
    """Print one row per file and style, a total per style, and with ``--worst N`` the worst pairs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--style", action="append")
    parser.add_argument("--worst", type=int, default=0)
    parser.add_argument("--pandoc", default=None)
    args = parser.parse_args(argv)
    pandoc = args.pandoc or pandoc_binary()
    if not pandoc:
        print("needs pandoc 3: pip install pypandoc-binary, or --pandoc PATH", file=sys.stderr)
        return 2
    totals: dict[str, list[int]] = {}
    worst = []
    print("| file | style | entries | within 0.95 | share | mean | listed only by citekit |")
    print("|---|---|---|---|---|---|---|")
    for arg in args.files:
        files = arg.split("+")
        for style in args.style or STYLES:
            try:
                r = compare(pandoc, files, style)
            except Exception as exc:  # a file one side cannot read is a row, not the end of the run
                print(f"| {arg} | {style} | error: {type(exc).__name__}: {str(exc)[:80]} |", flush=True)
                continue
            t = totals.setdefault(style, [0, 0])
            t[0] += r["entries"]
            t[1] += r["good"]
            name = "+".join(Path(f).name for f in files)
            print(f"| {name} | {style} | {r['entries']} | {r['good']} | {r['good'] / max(1, r['entries']):.1%} "
                  f"| {r['mean']:.3f} | {len(r['extra'])} |", flush=True)
            worst += [(s, name, style, k, a, b) for s, k, a, b in r["worst"][: args.worst]]
    for style, (n, good) in totals.items():
        print(f"| all | {style} | {n} | {good} | {good / max(1, n):.1%} | | |")
    for s, name, style, key, theirs, mine in sorted(worst)[: args.worst * 3]:
        print(f"\n[{style}] {name} {key} {s:.2f}\n  pandoc:  {theirs}\n  citekit: {mine}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
