"""Round trip real .bib files through citekit and count what changed.

For every ``.bib`` in a directory (default ``/work/corpus/bib``) this runs what a user
runs, ``read -> keys -> export`` (no merge: merging is measured on its own), to BibTeX
and BibLaTeX, and compares input and output with an independent reader (bibtexparser
v2's splitter, no middlewares):

* entries in / out (by key; a missing key is a dropped entry),
* fields lost or changed (raw values compared with whitespace collapsed),
* keys changed, entry types respelled,
* warnings: ``bibtex`` (plain) on input and on the BibTeX output, ``biber
  --validate-datamodel`` on input and on the BibLaTeX output; a warning counts as added
  when the output has it and the input did not.

It also runs ``.bib -> CSL-JSON -> .bib`` and counts the mapped fields that did not come
back (``--csl``). Nothing is timed. Run:

    PYTHONPATH=. python benchmarks/roundtrip_corpus.py [DIR] [--no-compile] [--csl]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _blocks(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """key -> (entry type as written, {field name lower: raw value collapsed}) by bibtexparser."""
    import logging

    import bibtexparser

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    lib = bibtexparser.parse_string(text, parse_stack=[])
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for entry in lib.entries:
        out[entry.key] = (entry.entry_type, {f.key.lower(): " ".join(f.value.split()) for f in entry.fields})
    for block in lib.failed_blocks:
        inner = getattr(block, "ignore_error_block", None)
        if inner is not None and hasattr(inner, "fields"):
            out.setdefault(inner.key, (inner.entry_type, {f.key.lower(): " ".join(f.value.split()) for f in inner.fields}))
    return out


def convert(path: Path, to: str) -> tuple[str, dict[str, str]]:
    """citekit's output for one file, as the CLI makes it but without merging; and the keys it renamed."""
    import citekit

    library = citekit.read(str(path))
    citekit.assign_keys(library)
    text = citekit.export(library, to)
    return text, {c.old: c.new for c in library.key_changes}


_BIBTEX_WARNING = re.compile(r"^Warning--(.*)$", re.M)


def bibtex_warnings(bib: str, work: Path) -> Counter:
    """bibtex plain's warnings (without line numbers) for every entry of ``bib``."""
    (work / "refs.bib").write_text(bib, encoding="utf-8")
    (work / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8")
    run = subprocess.run(["bibtex", "-terse", "doc"], cwd=work, capture_output=True, text=True,
                         encoding="utf-8", errors="replace", timeout=600)
    found = Counter(_BIBTEX_WARNING.findall(run.stdout))
    errors = re.findall(r"^(?:I was expecting|I'm skipping|Illegal|You're missing|.*---line \d+ of file).*$",
                        run.stdout, re.M)
    for e in errors:
        found["error: " + re.sub(r"line \d+", "line N", e)] += 1
    return found


def biber_warnings(bib: str, work: Path) -> Counter:
    """biber --validate-datamodel's warnings for every entry of ``bib``."""
    (work / "refs.bib").write_text(bib, encoding="utf-8")
    bcf = _BCF.replace("@@BIB@@", "refs.bib")
    (work / "doc.bcf").write_text(bcf, encoding="utf-8")
    run = subprocess.run(["biber", "--validate-datamodel", "--nolog", "doc"], cwd=work, capture_output=True,
                         text=True, encoding="utf-8", errors="replace", timeout=900)
    lines = [re.sub(r"/tmp/biber_tmp_\w+/\S+", "FILE", re.sub(r"line \d+", "line N", m)) for m in re.findall(r"^(?:WARN|ERROR) - (.*)$", run.stdout, re.M)]
    return Counter(lines)


def _bcf() -> str:
    """A real biblatex control file for \\nocite{*}, made once by pdflatex."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "doc.tex").write_text(
            "\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{@@BIB@@}"
            "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n", encoding="utf-8")
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], cwd=tmp, capture_output=True, timeout=300)
        return Path(tmp, "doc.bcf").read_text(encoding="utf-8")


_BCF = ""


def compare(before: dict, after: dict, renamed: dict[str, str] | None = None) -> dict[str, int | list]:
    """Counts of dropped entries, lost/changed fields, changed keys and types between two parses.

    A key the run renamed (and reported) is followed to its new name: a changed key, not a dropped entry.
    """
    renamed = renamed or {}
    after = dict(after)
    for old, new in renamed.items():
        if old not in after and new in after:
            after[old] = after[new]
    dropped = [k for k in before if k not in after]
    lost: list[str] = []
    changed: list[str] = []
    types = 0
    for key, (etype, fields) in before.items():
        if key not in after:
            continue
        otype, ofields = after[key]
        types += etype != otype
        for name, value in fields.items():
            if name not in ofields:
                lost.append(f"{key}.{name}")
            elif ofields[name] != value:
                changed.append(f"{key}.{name}: {value[:60]!r} -> {ofields[name][:60]!r}")
    added_keys = [k for k in after if k not in before and k not in renamed.values()]
    added_keys += [f"{old} -> {new}" for old, new in renamed.items()]
    return {"in": len(before), "out": len(after), "dropped": dropped, "lost": lost, "changed": changed,
            "types": types, "new_keys": added_keys}


def _norm(value):
    """Names by their printed parts (a list of Names and the same names as dicts compare equal); a range's
    hyphen, ``--`` and en dash as one (``1-10`` is written ``1--10`` and read back ``1–10``)."""
    if isinstance(value, list):
        from citekit.model import Name

        # "van Druten" as one family or as particle + family: the same name, as BibTeX reads it.
        names = [v if isinstance(v, Name) else Name.from_csl(v) if isinstance(v, dict) else v for v in value]
        return [(n.full_family, n.given, n.suffix) if isinstance(n, Name) else n for n in names]
    if isinstance(value, str):
        return re.sub(r"\s*(?:--|[-–])\s*", "-", value)
    return value


def csl_round_trip(path: Path, counts: Counter | None = None) -> list[str]:
    """Mapped variables of ``path`` missing or different after .bib -> CSL-JSON -> citekit (by key)."""
    import citekit
    from citekit.bibmap import read_field

    library = citekit.read(str(path))
    citekit.assign_keys(library)
    csl = citekit.export(library, "csl-json")
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp, "x.json")
        p.write_text(csl, encoding="utf-8")
        back = citekit.read(str(p), fmt="csl-json")
        citekit.assign_keys(back)
        bib = citekit.export(back, "bibtex")
    from citekit.sources.bibtex import READER

    again = READER.read(bib, "again.bib")
    before = {e.key: e for e in library.entries}
    missing = []
    for stage, entries in (("csl", back.entries), ("csl->bib", again.entries)):
        after = {e.key: e for e in entries}
        for key, entry in before.items():
            other = after.get(key)
            if other is None:
                missing.append(f"[{stage}] {key}: entry")
                continue
            btype = entry.extra.get("bibtex", {}).get("type", "misc")
            for fname in entry.extra.get("bibtex", {}).get("fields", {}):
                row = read_field(fname, btype)
                if row is None or row.csl in ("note",):
                    continue
                had = entry.vars.get(row.csl) or (getattr(entry, row.entry, None) if row.entry else None)
                has = other.vars.get(row.csl) or (getattr(other, row.entry, None) if row.entry else None)
                if counts is not None and had and stage == "csl->bib":
                    counts["csl_compared"] += 1
                if had and not has:
                    missing.append(f"[{stage}] {key}.{fname}")
                elif had and _norm(has) != _norm(had):
                    missing.append(f"[{stage}] {key}.{fname} changed: {str(had)[:50]!r} -> {str(has)[:50]!r}")
    del bib
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default="/work/corpus/bib")
    parser.add_argument("--no-compile", action="store_true", help="skip bibtex/biber")
    parser.add_argument("--csl", action="store_true", help="also .bib -> CSL-JSON -> .bib")
    parser.add_argument("--show", type=int, default=5, help="examples shown per kind")
    args = parser.parse_args()
    global _BCF
    if not args.no_compile:
        _BCF = _bcf()
    files = sorted(Path(args.dir).glob("*.bib"))
    total = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        before = _blocks(text)
        row = Counter()
        for to in ("bibtex", "biblatex"):
            out, renamed = convert(path, to)
            result = compare(before, _blocks(out), renamed)
            if to == "bibtex":
                row.update(entries_in=result["in"], entries_out=result["out"])
            row[f"{to}_dropped"] += len(result["dropped"])
            row[f"{to}_lost"] += len(result["lost"])
            row[f"{to}_changed"] += len(result["changed"])
            row[f"{to}_types"] += result["types"]
            row[f"{to}_new_keys"] += len(result["new_keys"])
            for kind in ("dropped", "lost", "changed", "new_keys"):
                for example in result[kind][: args.show]:
                    print(f"  {path.name} [{to}] {kind}: {example}")
            if not args.no_compile:
                with tempfile.TemporaryDirectory() as tmp:
                    check = bibtex_warnings if to == "bibtex" else biber_warnings
                    w_in = check(text, Path(tmp))
                    w_out = check(out, Path(tmp))
                added = w_out - w_in
                row[f"{to}_warnings_added"] += sum(added.values())
                for example in list(added)[: args.show]:
                    print(f"  {path.name} [{to}] added warning: {example}")
        if args.csl:
            missing = csl_round_trip(path, row)
            row["csl_missing"] += len(missing)
            for example in missing[: args.show]:
                print(f"  {path.name} [csl] not back: {example}")
        total.update(row)
        print(path.name, json.dumps(dict(row)))
    print("TOTAL", json.dumps(dict(total)))
    bad = sum(v for k, v in total.items() if k not in ("entries_in", "entries_out"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
