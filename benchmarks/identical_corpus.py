"""Count the .bib files that ``citekit convert F.bib -o out.bib`` gives back byte for byte.

For every ``.bib`` under a directory (default ``/work/corpus/bib``, subdirectories
included) this runs the CLI exactly as a user does, one process per file, and compares
the output with the input byte for byte (what ``cmp`` does). A file that differs is
listed with the number of changed lines (``difflib``, as ``diff`` counts them) and what
the run itself said it changed (merges, renamed keys, unreadable blocks), so that a
difference the run announced can be told from a silent one. Nothing is timed. Run:

    PYTHONPATH=. python benchmarks/identical_corpus.py [DIR] [--list]
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_HEAD = re.compile(r"\s*@\s*[A-Za-z]+\s*[{(][^,\n]*,\s*$")


def run_one(path: Path, out: Path) -> tuple[bool, list[str], list[str]]:
    """(identical, the changed lines, the run's own messages) for one file through the CLI."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "citekit.cli", "convert", str(path), "-o", str(out), "--verbose"],
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    # What the run says it changed; counts, "possible duplicate" hints and "merged N into N" are no change.
    said = [line for line in done.stderr.splitlines()
            if " is now " in line or "merged into" in line or "unreadable" in line or "error" in line]
    if done.returncode != 0 or not out.exists():
        return False, [], said or [f"exit {done.returncode}"]
    data_in, data_out = path.read_bytes(), out.read_bytes()
    if data_in == data_out:
        return True, [], said
    a = data_in.decode("utf-8", "replace").splitlines(keepends=True)
    b = data_out.decode("utf-8", "replace").splitlines(keepends=True)
    changed = [line for line in difflib.unified_diff(a, b, n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return False, changed, said


def main() -> int:
    """Run every file, print the differing ones and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default="/work/corpus/bib")
    parser.add_argument("--list", action="store_true", help="also list the identical files")
    args = parser.parse_args()
    files = sorted(Path(args.dir).rglob("*.bib"))
    same = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(files):
            identical, changed, said = run_one(path, Path(tmp) / f"out{i}.bib")
            name = path.relative_to(args.dir)
            if identical:
                same += 1
                if args.list:
                    print(f"same  {name}")
                continue
            # A line that differs only as an entry's head ("@type{key,") is a renamed key the run reported.
            heads = all(_HEAD.match(line[1:]) for line in changed)
            what = "only entry heads (keys)" if changed and heads else "layout or fields"
            print(f"DIFF  {name}: {len(changed)} line(s), {what}; the run said {len(said)} change(s)"
                  + (f", e.g. {said[0].split(': ', 3)[-1][:100]}" if said else ""))
    print(f"byte-identical: {same} of {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
