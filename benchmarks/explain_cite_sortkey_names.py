"""Where citeproc-js adds given names to a cite for people only the bibliography's sort keys print.

Run: ``.venv/bin/python benchmarks/explain_cite_sortkey_names.py [--style S] --library F.json ...``.

citeproc-js registers every name it renders as one a cite could be confused with, and it renders the
bibliography's sort keys before the citations: a style sorting by a macro that prints editors or
translators (Chicago author-date's ``source-bib``) makes "Duffy 2006" into "S. B. Duffy 2006" because a
Larry Duffy edits a chapter elsewhere in the library, though no cite prints him (CSL 1.0.2 expands "rendered
ambiguous names" of cites; citekit does that). This script cites the library as ``compare_cite.py`` does,
once against citeproc-js given the style as it is and once given the style without its bibliography
``cs:sort``, and prints the share of citations within 0.95 similarity each time. Without the sort the year-suffixes
follow another order, so their letters are left out of the comparison (both runs alike).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from compare_cite import citeproc_js, clusters, plain, real_library  # noqa: E402


def _without_suffix(text: str) -> str:
    return re.sub(r"(\d{4})[a-z]\b", r"\1", plain(text))


def main(argv: list[str] | None = None) -> int:
    """Print the two shares."""
    from rapidfuzz.fuzz import ratio

    from citekit.cite import Processor
    from citekit.styles import resolve_style

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--style", default="chicago-author-date")
    parser.add_argument("--library", nargs="+", type=Path, required=True)
    args = parser.parse_args(argv)
    items = real_library(args.library)
    source = Path(resolve_style(args.style).source).read_text(encoding="utf-8")
    unsorted = re.sub(r"(<bibliography[^>]*>)\s*<sort>.*?</sort>", r"\1", source, count=1, flags=re.S)
    proc = Processor(args.style, items, "text")
    lang = proc.style.locale.lang
    ours = proc.cite_clusters(clusters(items))
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in (("as it is", source), ("without its bibliography sort", unsorted)):
            path = Path(tmp) / "style.csl"
            path.write_text(text, encoding="utf-8")
            ref = citeproc_js(items, clusters(items), str(path), lang)
            if ref.get("dropped"):
                print(f"citeproc-js cannot read {len(ref['dropped'])} item(s); compare with compare_cite.py instead")
                return 1
            same = sum(ratio(_without_suffix(a), _without_suffix(b)) >= 95 for a, b in zip(ours, ref["citations"]))
            print(f"{args.style}, citeproc-js given the style {label}: {same}/{len(ours)} citations within 0.95")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
