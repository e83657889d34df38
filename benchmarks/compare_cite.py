"""citekit's own CSL processor next to citeproc-js, citations and bibliography, per style.

Run: ``.venv/bin/python benchmarks/compare_cite.py [--style S ...] [--records N] [--worst K] [--library F.json ...]``.

The library: ``tests/fixtures/styles/realistic_library.json`` (books, chapters, theses,
reports, proceedings, web and newspaper items) plus N arXiv-like records from
``corpus_bib.py`` (default 300: 1-30 authors drawn from a small pool of names, so
near-duplicate authors and years are common, which is what disambiguation is for). Every
item is cited once, in order, in its own cluster (every fifth with a page locator), notes
numbered 1, 2, ... for note styles; then the bibliography. Both engines read the same
style file and locales; texts are compared after whitespace is collapsed, with rapidfuzz's
ratio. Printed per style: citations and entries at >= 0.95 similarity, of how many.

citeproc-js comes from npm (``npm install citeproc`` in ``CITEPROC_JS``, default
``/work/tools``); ``node`` must be on the path.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

STYLES = ["apa", "ieee", "chicago-author-date", "chicago-notes-bibliography", "harvard-cite-them-right", "vancouver",
          "nature", "modern-language-association"]


def library(n: int) -> list[dict]:
    """The realistic library and ``n`` arXiv-like records, ids unique."""
    from corpus_bib import records, to_csl_json

    items = json.loads((REPO / "tests/fixtures/styles/realistic_library.json").read_text(encoding="utf-8"))
    if n:
        items += json.loads(to_csl_json(records(n)))
    seen = set()
    out = []
    for item in items:
        if str(item["id"]) not in seen:
            seen.add(str(item["id"]))
            out.append(item)
    return out


def real_library(paths: list[Path]) -> list[dict]:
    """Every item of the given CSL-JSON files (a file is a list or one item), ids made unique per file and within it
    (a real export can repeat an id: the second becomes ``id#2``)."""
    out = []
    seen: set = set()
    for n, path in enumerate(paths):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                key = base = f"{n}:{item.get('id', len(out))}"
                k = 1
                while key in seen:
                    k += 1
                    key = f"{base}#{k}"
                seen.add(key)
                out.append({**item, "id": key})
    return out


def clusters(items: list[dict]) -> list[dict]:
    """One cluster per item, every fifth with a page locator, noteIndex counting up."""
    out = []
    for n, item in enumerate(items):
        cite = {"id": str(item["id"])}
        if n % 5 == 4:
            cite.update(locator=str(10 + n), label="page")
        out.append({"citationItems": [cite], "properties": {"noteIndex": n + 1}})
    return out


def plain(text: str) -> str:
    """Text with whitespace collapsed and HTML entities read."""
    import html

    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def citeproc_js(items, clus, style_path: str, lang: str) -> dict:
    """citeproc-js's citations and bibliography (plain text)."""
    from citekit.render.cslproc.style import _locales_dir  # noqa: PLC2701 - the same locale files for both

    job = {"style": Path(style_path).read_text(encoding="utf-8"), "lang": lang, "items": items, "clusters": clus,
           "locales": str(_locales_dir())}
    done = subprocess.run(["node", str(HERE / "citeproc_js_cite.js")], input=json.dumps(job), capture_output=True,
                          text=True, check=True, env={**os.environ, "CITEPROC_JS": os.environ.get("CITEPROC_JS", "/work/tools")})
    return json.loads(done.stdout)


def compare(style: str, items: list[dict], worst: int) -> dict:
    """Similarity of citations and entries in ``style``."""
    from rapidfuzz.fuzz import ratio

    from citekit.cite import Processor
    from citekit.styles import resolve_style

    path = resolve_style(style).source
    lang = Processor(style, [], "text").style.locale.lang
    ref = citeproc_js(items, clusters(items), path, lang)
    gone = set(ref.get("dropped", []))
    if gone:
        # Both engines then work on the same library (numbers and disambiguation depend on it).
        print(f"  [{style}] citeproc-js cannot read {len(gone)} item(s), left out: {sorted(gone)}")
        items = [i for i in items if str(i["id"]) not in gone]
        ref = citeproc_js(items, clusters(items), path, lang)
    proc = Processor(style, items, "text")
    clus = clusters(items)
    ours = proc.cite_clusters(clus)
    entries = {i: proc.write(x) for i, x in proc.bibliography_outs()}
    cit = [(ratio(plain(a), plain(b)) / 100, a, b) for a, b in zip(ours, ref["citations"])]
    ref_entries = dict(zip(ref["ids"], ref["entries"]))
    bib = [(ratio(plain(entries.get(i, "")), plain(t)) / 100, entries.get(i, ""), t) for i, t in ref_entries.items()]
    for kind, rows in (("citation", cit), ("entry", bib)):
        for score, a, b in sorted(rows)[:worst]:
            if score < 0.95:
                print(f"  [{style} {kind} {score:.2f}]\n    citekit:     {plain(a)[:300]}\n    citeproc-js: {plain(b)[:300]}")
    return {"citations": (sum(s >= 0.95 for s, _, _ in cit), len(cit)), "entries": (sum(s >= 0.95 for s, _, _ in bib), len(bib))}


def main(argv: list[str] | None = None) -> int:
    """Print the agreement table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--style", action="append")
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--worst", type=int, default=0)
    parser.add_argument("--library", nargs="+", type=Path,
                        help="real CSL-JSON files (e.g. Zotero/Better BibTeX exports) to use instead of the built-in library")
    args = parser.parse_args(argv)
    items = real_library(args.library) if args.library else library(args.records)
    print("| style | citations >= 0.95 | entries >= 0.95 |")
    print("|---|---|---|")
    for style in args.style or STYLES:
        r = compare(style, items, args.worst)
        c, e = r["citations"], r["entries"]
        print(f"| {style} | {c[0]}/{c[1]} ({100 * c[0] / max(c[1], 1):.1f}%) | {e[0]}/{e[1]} ({100 * e[0] / max(e[1], 1):.1f}%) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
