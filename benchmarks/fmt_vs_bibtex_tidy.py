"""Compare ``citekit fmt`` with bibtex-tidy on real .bib files, option for option.

    python benchmarks/fmt_vs_bibtex_tidy.py [--tidy PATH] [--set NAME] FILE.bib...

For each file, runs bibtex-tidy and ``fmt`` with the equivalent options (the pairs in
``SETS``), reads both outputs back with citekit's scanner and compares entry by entry:
the same keys in the same order, the same type, the same fields, the same values (white
space collapsed, since both tools may wrap). Prints one line per file and each difference
(up to ``--show``), so every difference can be judged: bibtex-tidy's or citekit's.
bibtex-tidy is not a dependency: install it with ``npm install bibtex-tidy`` (1.14.0 was used).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citekit.fmt import format_text  # noqa: E402
from citekit.fmt.document import parse  # noqa: E402
from citekit.fmt.options import FormatOptions  # noqa: E402

#: name -> (bibtex-tidy arguments, the equivalent FormatOptions)
SETS = {
    "layout": (["--space=2", "--align=14", "--blank-lines", "--no-escape", "--no-remove-dupe-fields", "--no-wrap"],
               FormatOptions(indent="  ", align=14, blank_lines=True, lowercase=True)),
    "values": (["--curly", "--numeric", "--months", "--no-escape", "--no-remove-dupe-fields",
                "--remove-empty-fields", "--trailing-commas", "--sort-fields"],
               FormatOptions(indent="  ", align=14, lowercase=True, braces=True, bare_numbers=True, month_macros=True,
                             remove_empty_fields=True, trailing_comma=True, sort_fields=())),
    "escape": (["--escape", "--no-remove-dupe-fields"],
               FormatOptions(indent="  ", align=14, lowercase=True, escape=True)),
    "cleanup": (["--no-escape", "--strip-enclosing-braces", "--drop-all-caps", "--omit=abstract,keywords",
                 "--remove-dupe-fields", "--max-authors=3"],
                FormatOptions(indent="  ", align=14, lowercase=True, strip_double_braces=True,
                              title_case_all_caps=True, remove_fields=("abstract", "keywords"),
                              remove_duplicate_fields=True, max_authors=3)),
}


def entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(key, type, {field: value}) of each entry, values with white space collapsed."""
    out = []
    for b in parse(text).blocks:
        if b.kind == "entry":
            fields: dict[str, str] = {}
            for f in b.entry.fields:
                if not f.removed:
                    # Layout, not reading: white space runs, spacing around '#', and white space just
                    # inside the delimiters (bibtex and biber trim it).
                    value = re.sub(r"\s*#\s*", " # ", re.sub(r"\s+", " ", f.value.strip()))
                    value = re.sub(r'^([{"]) | ([}"])$', r"\1\2", value)
                    fields.setdefault(f.name.lower(), value)
            out.append((b.entry.key, b.entry.type.lower(), fields))
    return out


def compare(path: Path, tidy: str, name: str, show: int) -> tuple[int, int, list[str]]:
    """(entries, entries that differ, the differences) for one file and one option set."""
    args, options = SETS[name]
    text = path.read_text(encoding="utf-8", errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.bib"
        subprocess.run([tidy, str(path), "-o", str(out), "--quiet", *args], capture_output=True, timeout=600)
        theirs = entries(out.read_text(encoding="utf-8")) if out.exists() else []
    ours = entries(format_text(text, options, str(path)).text)
    diffs: list[str] = []
    differ = 0
    if [k for k, _, _ in ours] != [k for k, _, _ in theirs]:
        diffs.append(f"keys differ: citekit {len(ours)} entries, bibtex-tidy {len(theirs)}")
    by_key = {k: (t, f) for k, t, f in theirs}
    for key, etype, fields in ours:
        if key not in by_key:
            continue
        ttype, tfields = by_key[key]
        lines = []
        if ttype != etype:
            lines.append(f"  type: citekit {etype!r}, bibtex-tidy {ttype!r}")
        for fname in sorted(set(fields) | set(tfields)):
            a, b = fields.get(fname), tfields.get(fname)
            if a != b:
                lines.append(f"  {fname}: citekit {a!r}\n  {' ' * len(fname)}  bibtex-tidy {b!r}")
        if lines:
            differ += 1
            if len(diffs) < show:
                diffs.append(f"{key}:\n" + "\n".join(lines))
    return len(ours), differ, diffs


def main() -> None:
    """Run the comparison on the files named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--tidy", default="bibtex-tidy")
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(SETS))
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    for name in args.sets or list(SETS):
        total = differ = 0
        for path in args.files:
            n, d, diffs = compare(path, args.tidy, name, args.show)
            total += n
            differ += d
            print(f"[{name}] {path.name}: {n} entries, {d} differ")
            for line in diffs:
                print(line)
        print(f"[{name}] total: {total} entries, {differ} differ\n")


if __name__ == "__main__":
    main()
