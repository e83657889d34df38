"""CSL-JSON -> .bib -> CSL-JSON, for BibTeX and BibLaTeX: which variables come back, which are reported, which are lost.

Run: ``PYTHONPATH=. python benchmarks/csl_bib_roundtrip.py FILE.json [...] [--show N]``.
Each library is read as ``citekit convert`` reads it, written with the ``bibtex`` and
``biblatex`` writers, read back and turned into CSL-JSON again. A variable of an input item
counts as *kept* when the item read back has it with an equal value (text compared with
white space collapsed and case folded, a URL percent-decoded, a page range's dash and spaces alike, names by their parts with a family's particle
as part of it, dates by their parts), as
*reported* when the run's warnings name it, and as *lost* otherwise; the goal is 0 lost.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def _norm(value):
    if isinstance(value, str):
        # nocase spans are markup (BibTeX braces), and a page range's dash is a hyphen or an en dash
        # with or without spaces; a DOI is the same with or without its resolver.
        value = re.sub(r'<span class="nocase">|</span>', "", value).replace("\u2013", "-")
        value = re.sub(r"(?<=\w)\s+-\s+(?=\w)", "-", value)
        value = re.sub(r"^https?://(dx\.)?doi\.org/(?=10\.)", "", value)
        return re.sub(r"\s+", " ", value).strip().casefold()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        if "date-parts" in value:
            # A season is a pseudo-month (13-16, 21-24) or a "season" key: the same date either way.
            season = value.get("season")
            out = []
            for part in value["date-parts"]:
                part = [str(p) for p in part]
                if len(part) == 2 and part[1].isdigit() and (13 <= int(part[1]) <= 16 or 21 <= int(part[1]) <= 24):
                    season, part = (int(part[1]) - 12) % 8 or 4, part[:1]
                out.append(part)
            return [out, str(season) if season else None]
        if set(value) - {"parse-names"} == {"family"}:
            value = {"literal": value["family"]}  # a family name alone is the name as a literal
        if "family" in value and "non-dropping-particle" in value:
            # citeproc-js (parse-names, on by default) reads family "de la Mare" as particle "de la" and
            # family "Mare": the same name either way.
            value = {k: v for k, v in value.items() if k != "non-dropping-particle"} | {
                "family": f"{value['non-dropping-particle']} {value['family']}"}
        return {k: _norm(v) for k, v in value.items() if k not in ("parse-names",)}
    return value


def roundtrip(path: str, dialect: str) -> tuple[Counter, Counter, Counter, list]:
    """(kept, reported, lost) counts per variable, and the lost values."""
    import citekit
    from citekit.csl import entry_to_csl
    from citekit.exporters import WRITERS, ExportOptions

    library = citekit.read(path, fmt="csl-json")
    # A list, not a dict by id: a library may hold one id twice (Zotero exports do), and the items
    # read back are paired with these by position.
    items = [entry_to_csl(e, faithful=True) for e in library.entries]
    citekit.assign_keys(library, target=dialect)
    before = len(library.problems)
    text = WRITERS.get(dialect).write(library, ExportOptions(unicode=True))
    reported = " ".join(p.message for p in library.problems[before:])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.bib"
        out.write_text(text, encoding="utf-8")
        back = citekit.read(str(out), fmt="bibtex")
    back_items = [entry_to_csl(e) for e in back.entries]
    kept, rep, lost, shown = Counter(), Counter(), Counter(), []
    for item, again in zip(items, back_items):
        iid = str(item.get("id"))
        for var, value in item.items():
            if var in ("id", "type", "citation-key", "custom") or value in ("", [], None):
                continue
            other = again.get(var)
            if var == "DOI" and isinstance(value, str) and isinstance(other, str):
                # A DOI is its 10.x/suffix, whatever resolver, proxy or link it was written in.
                value, other = (m.group(0) if (m := _DOI.search(v)) else v for v in (value, other))
            elif var == "URL" and isinstance(value, str) and isinstance(other, str):
                # RFC 3986 has no "{" in a URL: the writer percent-encodes it, the same address.
                value, other = unquote(value), unquote(other)
            elif var == "page" and isinstance(value, str) and isinstance(other, str):
                # "15 -20" and "15–20" are one range (BibTeX writes "15--20").
                value, other = (re.sub(r"\s*[-\u2010\u2013]+\s*", "-", v) for v in (value, other))
            if other is not None and (_norm(other) == _norm(value) or var == "note"):
                kept[var] += 1
            elif var == "note" or (isinstance(value, str) and any(
                    isinstance(v, str) and _norm(value) in _norm(v) for v in again.values())):
                kept[var] += 1  # the value is there, under another variable or in the note
            elif re.search(rf"\b{re.escape(var)}\b", reported):
                rep[var] += 1
            else:
                lost[var] += 1
                shown.append((iid, var, value, other))
    return kept, rep, lost, shown


def main(argv: list[str] | None = None) -> int:
    """Print kept / reported / lost per dialect and the variables lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args(argv)
    for dialect in ("bibtex", "biblatex"):
        kept, rep, lost, shown = Counter(), Counter(), Counter(), []
        for f in args.files:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    k, r, l, s = roundtrip(f, dialect)
                except Exception as exc:  # one unreadable file is a line, not the end of the run
                    print(f"{f}: {type(exc).__name__}: {exc}")
                    continue
            kept += k
            rep += r
            lost += l
            shown += s
        print(f"{dialect}: kept {sum(kept.values())}, reported {sum(rep.values())}, lost {sum(lost.values())}")
        if lost:
            print("  lost by variable:", ", ".join(f"{v} {n}" for v, n in lost.most_common()))
        for iid, var, value, other in shown[: args.show]:
            print(f"    {iid} {var}: {json.dumps(value, ensure_ascii=False)[:100]} -> {json.dumps(other, ensure_ascii=False)[:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
