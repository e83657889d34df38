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

#: (option set, kind) -> how many field differences of that kind (see classify)
KINDS: dict[tuple[str, str], int] = {}

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


def _bare(value: str) -> str:
    """A value with its delimiters and braces dropped, lower-cased: what two spellings share."""
    return value.strip('"').replace("{", "").replace("}", "").lower()


def _nobraces(value: str) -> str:
    return value.replace("{", "").replace("}", "").strip('"')


def classify(field: str, ours: str | None, theirs: str | None, escaping: bool = False) -> str:
    """Which listed kind of difference (benchmarks/fmt_vs_bibtex_tidy.md) a field difference is, or '?'."""
    from citekit.fmt.values import NAME_FIELDS, PROSE_FIELDS

    if ours is None or theirs is None:
        return "?"
    squash = lambda v: re.sub(r"\s*-+\s*", "-", v)  # noqa: E731
    if field == "pages" and squash(ours) == squash(theirs) and "--" in theirs:
        return "A"  # page ranges rewritten unasked
    if _bare(ours) == _bare(theirs):
        inner_ours = ours[1:-1] if ours[:1] in '{"' else ours
        inner_theirs = theirs[1:-1] if theirs[:1] in '{"' else theirs
        if field in NAME_FIELDS and ours.count("{") > theirs.count("{"):
            return "C"  # a corporate name's protecting braces dropped
        if _nobraces(ours) == _nobraces(theirs):  # they differ in braces and delimiters only
            if escaping and "\\" in ours:
                return "E"  # both escaped the same character: {\"u} (a bibtex special character) and \"{u}
            if re.search(r"\{\\", inner_ours) and not re.search(r"\{\\", inner_theirs):
                return "M"  # a "special character" group {\cmd ...} unwrapped: bibtex reads it differently
            if theirs.startswith('"{') and not ours.startswith('"{'):
                return "G"  # bibtex-tidy leaves the quoted form "{...}" of a doubly braced value
            if ours.count("{") > theirs.count("{"):
                return "F"  # a brace level dropped when quotes become braces
            return "G"
        if field not in PROSE_FIELDS:
            return "B"  # capitals of a code, key, identifier or number changed
        return "D"  # capitals changed inside braces, roman numerals, acronyms
    from citekit.latex import decode

    try:
        read_ours, read_theirs = decode(ours.strip('"{}')), decode(theirs.strip('"{}'))
    except Exception:  # noqa: BLE001 - a value pylatexenc cannot read is simply not classified
        return "?"
    if read_ours == read_theirs or read_ours.replace("\u2019", "'") == read_theirs:
        return "E"  # the same characters, spelled differently in TeX (TeX prints ' as a right quote)
    if re.search(r"\\(path|verb|url)\b", ours) and re.search(r"\\@|\\vert\{\}", theirs):
        return "I"  # an escape put inside a verbatim argument (\path=a@b=, \verb|x|, \url{...})
    if theirs.replace("\\@", "@") == ours:
        return "L"  # an @ in plain text (an e-mail address) written as \@, LaTeX's spacing command
    if ours.count("\\$") >= 2 and len(theirs) < len(ours) and theirs.count("\\$") < ours.count("\\$"):
        return "K"  # the text between two \$ signs deleted, as if it were math
    if not ours.isascii() and "\\ensuremath" in theirs:
        return "J"  # a word in another script half escaped into math letters
    if read_ours.replace("\u2014", "--") == theirs.strip('"{}').replace("{", "").replace("}", "") or \
            read_ours.replace("\u2014", "\u2013") == read_theirs:
        return "H"  # an em dash written as an en dash
    return "?"


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
    global KINDS
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
                kind = classify(fname, a, b, escaping=options.escape)
                KINDS[(name, kind)] = KINDS.get((name, kind), 0) + 1
                lines.append(f"  {fname} [{kind}]: citekit {a!r}\n  {' ' * len(fname)}  bibtex-tidy {b!r}")
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
        kinds = ", ".join(f"{k}: {n}" for (s, k), n in sorted(KINDS.items()) if s == name)
        print(f"[{name}] total: {total} entries, {differ} differ; field differences by kind: {kinds or 'none'}\n")


if __name__ == "__main__":
    main()
