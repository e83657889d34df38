"""Audit the journal-reference parser on arXiv's unsampled listing references, without labels.

    python benchmarks/journalref_audit.py GIT_DIR [--show CATEGORY] [--rare N]

``GIT_DIR`` is a clone of arXiv/arxiv-browse (``fetch`` puts one at
``/work/.mirror/arXiv+arxiv-browse/repo``); its ``tests/data/abs_files/ftp/*/listings/*`` files hold
about 31,000 distinct ``Journal-ref:`` values, of which those in ``tests/data/journalref/refs.jsonl``
are left out. Every confident reading is put in the risk categories below (shapes where a silent
wrong reading hides: a year-like volume, a bare pre-1991 year, an issue longer than two digits,
a lettered volume, ...) and grouped by its shape signature (word, number size, punctuation, and
which token became the volume, issue, pages, year); signatures seen at most ``--rare`` times are
the rare shapes. Nothing here is right or wrong by itself: the categories are what to read by hand.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.journalref import parse_journal_ref  # noqa: E402

_YEAR = re.compile(r"(?:19|20)\d\d")


def listing_refs(git_dir: str) -> list[str]:
    """The distinct ``Journal-ref:`` values of the listing files at HEAD, multi-line fields joined."""
    names = subprocess.run(["git", "-C", git_dir, "ls-tree", "-r", "--name-only", "HEAD"],
                           check=True, capture_output=True, text=True).stdout.split()
    seen: dict[str, None] = {}
    for name in (n for n in names if re.search(r"ftp/[^/]+/listings/", n)):
        raw = subprocess.run(["git", "-C", git_dir, "show", f"HEAD:{name}"], check=True, capture_output=True).stdout
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # arXiv wrote the old listings in Latin-1
        for m in re.finditer(r"^Journal-ref:(.*(?:\n  .*)*)", text, re.MULTILINE):
            seen.setdefault(" ".join(m.group(1).split()), None)
    return list(seen)


def signature(text: str, parts: tuple[str | None, ...]) -> str:
    """The reference's shape: token classes, each marked with the part it became (v, n, p, y)."""
    volume, number, pages, year = parts
    out: list[str] = []
    for token in re.findall(r"[A-Za-z]+\d+|\d+[A-Za-z]+|\d+|[A-Za-z]+|[^\sA-Za-z\d.]", text):
        if _YEAR.fullmatch(token):
            kind = "Y"
        elif token.isdigit():
            kind = f"N{len(token)}"
        elif token.isalpha():
            if out and out[-1] == "W":
                continue
            kind = "W"
        else:
            kind = "LN" if token[0].isalpha() else ("NL" if token[0].isdigit() else token)
        role = "".join(mark for mark, value in (("v", volume), ("n", number), ("y", year)) if value == token)
        role += "p" if pages and token in pages.split("--") else ""
        out.append(f"{kind}:{role}" if role else kind)
    return " ".join(out)


def categories(text: str, parts: tuple[str | None, ...]) -> list[str]:
    """The risk categories a confident reading falls in."""
    volume, number, pages, year = parts
    found = []
    if volume and _YEAR.fullmatch(volume):
        found.append("year-like volume")
    if volume and not re.fullmatch(r"[A-Z]?\d+[A-Za-z]?", volume):
        found.append("odd volume")
    if number and re.fullmatch(r"\d{3,}", number):
        found.append("issue of 3+ digits")
    if number and not number.isdigit():
        found.append("odd issue")
    if year and int(year) < 1991:
        found.append("year before arXiv")
    if year is None and _YEAR.search(text.split(";")[0]):
        found.append("no year, a year in the text")
    if pages and re.fullmatch(r"[A-Za-z]+\d+--\d+", pages):
        found.append("lettered page to a plain one")
    if volume is None and pages and "--" not in pages:
        found.append("lone page, no volume")
    return found


def main() -> int:
    """Print the risk categories and the rare shapes of the confident readings."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir", help="a clone of arXiv/arxiv-browse")
    ap.add_argument("--show", action="append", default=[], metavar="CATEGORY",
                    help="list the readings in this category ('rare' for the rare shapes)")
    ap.add_argument("--rare", type=int, default=2, help="a signature seen at most this often is rare (default 2)")
    args = ap.parse_args()
    sampled = {json.loads(line)["journal_ref"]
               for line in (ROOT / "tests/data/journalref/refs.jsonl").read_text("utf-8").splitlines()}
    refs = [r for r in listing_refs(args.git_dir) if r not in sampled]
    unsure = 0
    by_category: dict[str, list[str]] = collections.defaultdict(list)
    by_shape: dict[str, list[str]] = collections.defaultdict(list)
    for text in refs:
        ref = parse_journal_ref(text)
        if ref is None or not ref.exact:
            unsure += 1
            continue
        parts = (ref.volume, ref.number, ref.pages, ref.year)
        line = f"{text!r} => {ref.venue!r} v={ref.volume} n={ref.number} p={ref.pages} y={ref.year}"
        by_shape[signature(text, parts)].append(line)
        for category in categories(text, parts):
            by_category[category].append(line)
    rare = [line for lines in by_shape.values() if len(lines) <= args.rare for line in lines]
    print(f"{len(refs)} unsampled references: {len(refs) - unsure} read with confidence, {unsure} reported; "
          f"{len(by_shape)} shapes, {len(rare)} readings of a rare shape")
    for category, lines in sorted(by_category.items()):
        print(f"  {category}: {len(lines)}")
    for category in args.show:
        print(f"== {category}")
        for line in rare if category == "rare" else by_category.get(category, []):
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
