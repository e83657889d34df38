"""citekit's reference lists next to citeproc-js's (Zotero's engine), entry by entry, in the judged styles.

Run: ``.venv/bin/python benchmarks/compare_citeproc_js.py [FILE.json ...] [--style S ...] [--path own|raw]
[--worst N]``. Without files it reads every CSL-JSON library in ``/work/corpus/csl/`` (real
Zotero, Better BibTeX, zotxt and Manubot exports gathered for measuring; not part of the
repository) and ``tests/fixtures/styles/realistic_library.json`` (written for citekit in
their shapes). Only items of the kinds a researcher's library holds are kept: journal
articles, books, chapters, theses, proceedings papers, preprints, reports, web pages,
newspaper and encyclopedia entries.

Both engines render the whole library in each style from the same style file (a
dependent style as its parent, in its own locale); entries are paired by item id and
compared as plain text (whitespace collapsed) with rapidfuzz's ratio. Printed per style:
entries, the share at 0.95 similarity or better (the goal is 95%), the mean similarity.

citeproc-js comes from npm (``npm install citeproc`` in the folder named by
``CITEPROC_JS``, default ``/work/citeprocjs``); ``node`` must be on the path. The script
``benchmarks/citeproc_js_render.js`` drives it.

Paths: ``own`` reads the library through ``citekit.read(..., fmt="csl-json")`` (what
``citekit convert F.json --from csl-json --to text`` renders); ``raw`` hands the items to
the engine as they are; ``cslproc`` reads them as ``own`` does and renders with citekit's own
CSL processor (``citekit cite``).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

JUDGED = ["apa", "ieee", "chicago-author-date", "harvard-cite-them-right", "vancouver", "nature",
          "modern-language-association"]
KINDS = {"article-journal", "book", "chapter", "thesis", "paper-conference", "article", "report", "webpage",
         "post-weblog", "article-newspaper", "article-magazine", "entry-encyclopedia", "entry-dictionary", "manuscript"}
CORPUS = Path(os.environ.get("CITEKIT_CORPUS", "/work/corpus")) / "csl"
FIXTURE = REPO / "tests" / "fixtures" / "styles" / "realistic_library.json"
NODE_SCRIPT = HERE / "citeproc_js_render.js"


def load_items(files: list[str]) -> list[dict]:
    """Every item of a researcher's kinds in ``files``, ids made unique across files (file stem + id)."""
    items: list[dict] = []
    for file in files:
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            data = data.get("items") or [data]
        if not isinstance(data, list):
            continue
        stem = re.sub(r"[^A-Za-z0-9]", "", Path(file).stem)[:24]
        for index, item in enumerate(data):
            if (isinstance(item, dict) and item.get("type") in KINDS and (item.get("title") or item.get("author"))
                    and citeproc_js_takes(item)):
                copy = dict(item)
                copy["id"] = f"{stem}-{index}-{re.sub(r'[^A-Za-z0-9]', '', str(item.get('id', '')))[:20]}"
                items.append(copy)
    return items


def citeproc_js_takes(item: dict) -> bool:
    """False for an item citeproc-js refuses outright (a date range whose two ends have different parts)."""
    for value in item.values():
        if isinstance(value, dict) and isinstance(value.get("date-parts"), list):
            parts = value["date-parts"]
            if len(parts) == 2 and (not isinstance(parts[0], list) or not isinstance(parts[1], list)
                                    or len(parts[0]) != len(parts[1])):
                return False
    return True


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def citeproc_js(items: list[dict], style_path: str, lang: str) -> dict[str, str]:
    """Item id -> citeproc-js's plain-text entry."""
    from citekit.render.cslproc.style import _locales_dir  # noqa: PLC2701 - the same locale files for both

    job = {"style": Path(style_path).read_text(encoding="utf-8"), "lang": lang, "items": items, "locales": str(_locales_dir())}
    done = subprocess.run(["node", str(NODE_SCRIPT)], input=json.dumps(job), capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout)
    return {i: _plain(e) for i, e in zip(answer["ids"], answer["entries"])}


def citekit_own(items: list[dict], style: str) -> dict[str, str]:
    """Item id -> citekit's entry through the reader and the model (the ``convert --from csl-json`` path)."""
    import citekit
    from citekit.render.engine import render_entries
    from citekit.render.rich import to_text
    from citekit.styles import resolve_style

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        library = citekit.read(str(path), fmt="csl-json")
    from citekit.csl import entry_to_csl

    # Paired by the item's own id, which the model writes back (its key may be the citation-key).
    return {str(entry_to_csl(r.entry)["id"]): _plain(to_text(r.rich))
            for r in render_entries(library.entries, resolve_style(style))}


def citekit_cslproc(items: list[dict], style: str) -> dict[str, str]:
    """Item id -> the entry of citekit's own CSL processor (``citekit cite``) on the items the model reads back."""
    import citekit
    from citekit.cite import Processor
    from citekit.csl import entry_to_csl
    from citekit.render.cslproc.style import dependent_parent
    from citekit.render.engine import csl_item
    from citekit.styles import resolve_style

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        library = citekit.read(str(path), fmt="csl-json")
    source = resolve_style(style).source
    parent, _ = dependent_parent(source)
    ours = [dict(csl_item(e), id=str(entry_to_csl(e)["id"])) for e in library.entries]
    proc = Processor(parent or source, ours, backend="text")
    return {str(i): _plain(proc.write(x)) for i, x in proc.bibliography_outs()}


def citekit_raw(items: list[dict], style: str) -> dict[str, str]:
    """Item id -> citekit's entry with the items handed to the engine as they are."""
    from citekit.render.engine import csl_bibliography, csl_style
    from citekit.render.rich import to_text
    from citekit.styles import resolve_style

    pairs = csl_bibliography(csl_style(resolve_style(style).source), items)
    return {str(items[i]["id"]): _plain(to_text(text)) for i, text in pairs}


def compare(items: list[dict], style: str, path: str) -> dict:
    """Similarity of every entry citeproc-js lists, with the pairs sorted worst first."""
    from rapidfuzz import fuzz

    from citekit.render.cslproc.style import dependent_parent
    from citekit.styles import resolve_style

    source = resolve_style(style).source
    parent, locale = dependent_parent(source)
    style_file = parent or source
    from lxml import etree

    lang = locale or etree.parse(style_file).getroot().get("default-locale") or "en-US"
    reference = citeproc_js(items, style_file, lang)
    ours = {"own": citekit_own, "raw": citekit_raw, "cslproc": citekit_cslproc}[path](items, style)
    scored = sorted(((fuzz.ratio(text, ours.get(i, "")) / 100, i, text, ours.get(i, "")) for i, text in reference.items()))
    good = sum(1 for s, *_ in scored if s >= 0.95)
    return {"entries": len(scored), "good": good, "mean": sum(s for s, *_ in scored) / max(1, len(scored)),
            "missing": sum(1 for i in reference if i not in ours), "worst": scored}


def main(argv: list[str] | None = None) -> int:
    """Print the table (and with ``--worst N`` the N least similar entries of each style)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--style", action="append")
    parser.add_argument("--path", choices=["own", "raw", "cslproc"], default="own")
    parser.add_argument("--worst", type=int, default=0)
    args = parser.parse_args(argv)
    if not shutil.which("node") or not (Path(os.environ.get("CITEPROC_JS", "/work/citeprocjs")) / "node_modules" / "citeproc").is_dir():
        print("needs node and `npm install citeproc` in $CITEPROC_JS (default /work/citeprocjs)", file=sys.stderr)
        return 2
    files = args.files or sorted(glob.glob(str(CORPUS / "*.json"))) + [str(FIXTURE)]
    items = load_items(files)
    print(f"{len(items)} items from {len(files)} files, path {args.path}")
    print("| style | entries | within 0.95 | share | mean similarity | not listed by citekit |")
    print("|---|---|---|---|---|---|")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = {style: compare(items, style, args.path) for style in args.style or JUDGED}
    total = good = 0
    for style, r in results.items():
        total += r["entries"]
        good += r["good"]
        print(f"| {style} | {r['entries']} | {r['good']} | {r['good'] / max(1, r['entries']):.1%} | {r['mean']:.3f} | {r['missing']} |")
    print(f"| all | {total} | {good} | {good / max(1, total):.1%} | | |")
    for style, r in results.items():
        for score, item_id, theirs, mine in r["worst"][: args.worst]:
            print(f"\n[{style}] {item_id} {score:.2f}\n  citeproc-js: {theirs}\n  citekit:     {mine}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
