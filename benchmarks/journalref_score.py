"""Score the journal-reference parser on the hand-checked references (tests/data/journalref/expected.jsonl).

    python benchmarks/journalref_score.py [--split unseen6] [--show] [--at COMMIT]

Right: read with confidence and every part (venue, volume, issue, pages, year) as the hand
parse has it (venues compared without spaces and dots); reported: the parser said it could
not read it; wrong: read with confidence and a part differs. A blind figure is the one a
split gave the parser of the commit before that split was used (see SOURCES.md):
``--at 6cb762c --split unseen6`` scores that commit's ``citekit/journalref.py`` on the data as it is now.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit.journalref import parse_journal_ref  # noqa: E402


def _parser_at(commit: str):
    """``parse_journal_ref`` as ``citekit/journalref.py`` stood at ``commit`` (for a split's blind figure)."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:citekit/journalref.py"],
                            check=True, capture_output=True).stdout
    with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location(f"journalref_at_{commit}", handle.name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module.parse_journal_ref

PARTS = ("venue", "volume", "number", "pages", "year")


def _norm(part: str, value: str | None) -> str | None:
    return re.sub(r"[\s.]", "", value).casefold() if part == "venue" and value else value


def main() -> int:
    """Print right / reported / wrong over the chosen split; exit 1 when any reading is wrong."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", help="only this split (unseen, unseen2, ..., unseen6)")
    ap.add_argument("--show", action="store_true", help="list the reported and wrong references")
    ap.add_argument("--at", metavar="COMMIT", help="score the parser as it stood at this commit")
    args = ap.parse_args()
    parse = _parser_at(args.at) if args.at else parse_journal_ref
    rows = [json.loads(line) for line in (ROOT / "tests/data/journalref/expected.jsonl").read_text("utf-8").splitlines()]
    rows = [r for r in rows if not args.split or r["set"] == args.split]
    readable = right = 0
    wrong: list[str] = []
    reported: list[str] = []
    unreadable_read = []
    for row in rows:
        ref = parse(row["journal_ref"])
        if not row["parseable"]:
            if ref is not None and ref.exact:
                unreadable_read.append(row["journal_ref"])
            continue
        readable += 1
        if ref is None or not ref.exact:
            reported.append(f"{row['journal_ref']!r}: {ref.reason if ref else 'empty'}")
            continue
        bad = [f"{p} {getattr(ref, p)!r} != {row[p]!r}" for p in PARTS if _norm(p, getattr(ref, p)) != _norm(p, row[p])]
        if bad:
            wrong.append(f"{row['journal_ref']!r}: " + ", ".join(bad))
        else:
            right += 1
    print(f"{len(rows)} references, {readable} a reader can take apart: {right} right ({100 * right / max(readable, 1):.1f}%), "
          f"{len(reported)} reported, {len(wrong)} wrong without a report; "
          f"{len(unreadable_read)} of {len(rows) - readable} unreadable read with confidence")
    if args.show:
        for line in wrong:
            print("WRONG   ", line)
        for line in reported:
            print("REPORTED", line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
