"""The Markdown paper (``tests/data/markdown/paper.md``) through ``citekit cite`` and through ``pandoc --citeproc``, per style.

Run: ``.venv/bin/python benchmarks/compare_pandoc_markdown.py [--style S ...] [--pandoc PATH]``.

pandoc 3 (default: the one the ``pypandoc-binary`` wheel ships) renders the paper with
``--citeproc``, the same ``.csl`` file and ``refs.json``, to plain text. citekit writes the
paper as Markdown with the citations rendered, and the same pandoc, citations off, turns that
into plain text, so both sides go through one Markdown writer. Lines are compared after
whitespace (no-break spaces included) is collapsed; every differing line is printed with
both texts. Exit status 1 when a style differs.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

STYLES = ["apa", "ieee", "chicago-author-date", "chicago-notes-bibliography", "harvard-cite-them-right", "vancouver",
          "nature", "modern-language-association"]
PAPER = REPO / "tests/data/markdown/paper.md"
REFS = REPO / "tests/data/markdown/refs.json"


def _plain(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip() for line in text.splitlines() if line.strip()]


def compare(style: str, pandoc: str) -> list[tuple[str, str]]:
    """(pandoc line, citekit line) for every line that differs in ``style``."""
    from citekit.styles import resolve_style

    csl = resolve_style(style).source
    ref = subprocess.run([pandoc, str(PAPER), "--citeproc", "--bibliography", str(REFS), "--csl", str(csl), "-t", "plain",
                          "--wrap=none"], capture_output=True, text=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "paper.out.md"
        subprocess.run([sys.executable, "-m", "citekit", "cite", str(PAPER), "--bibliography", str(REFS), "--style", style,
                        "-o", str(out)], check=True, capture_output=True, env={"PYTHONPATH": str(REPO), "PATH": ""})
        ours = subprocess.run([pandoc, str(out), "-f", "markdown-citations", "-t", "plain", "--wrap=none"],
                              capture_output=True, text=True, check=True).stdout
    a, b = _plain(ref), _plain(ours)
    diffs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            diffs.append((" / ".join(a[i1:i2]), " / ".join(b[j1:j2])))
    return diffs


def main(argv: list[str] | None = None) -> int:
    """Print the differing lines per style; 1 when any style differs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--style", action="append")
    parser.add_argument("--pandoc")
    args = parser.parse_args(argv)
    pandoc = args.pandoc
    if pandoc is None:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    worst = 0
    for style in args.style or STYLES:
        diffs = compare(style, pandoc)
        print(f"{style}: {'same as pandoc' if not diffs else f'{len(diffs)} differing line group(s)'}")
        for theirs, ours in diffs:
            print(f"  pandoc:  {theirs}\n  citekit: {ours}")
        worst = max(worst, len(diffs))
    return 1 if worst else 0


if __name__ == "__main__":
    raise SystemExit(main())
