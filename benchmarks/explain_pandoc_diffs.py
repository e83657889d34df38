"""Each disagreement with pandoc 3 sorted into the kinds ``tests/data/translation/KNOWN_DIFFERENCES.md`` lists.

Run: ``PYTHONPATH=. python benchmarks/explain_pandoc_diffs.py FILE.bib [A.bib+B.bib ...] [--style S ...] [--show N]``.

``compare_pandoc_bib.py`` pairs citekit's and pandoc's entries; every entry below similarity 0.95 is
then matched against the kinds where the specification (biber's data model and inheritance, btxdoc,
CSL 1.0.2) shows pandoc wrong, by what its ``.bib`` entry holds (an ``@set``, an ``AND`` in a name list,
a date biber rejects, ...) and, for kinds only the output shows, by the two texts (pandoc's "(By X"
from an ``@mvbook``). A match says the entry *has* a listed difference, not that it has no other: the
"with listed kinds" share is an upper bound, the plain share a lower one. Entries whose only visible
difference is a known bug of citekit's CSL processor (not its reading) are counted apart. Printed per
style: entries, agreeing, agreeing or of a listed kind, engine-known, and what is left (with ``--show``).
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from compare_pandoc_bib import STYLES, compare, pandoc_binary  # noqa: E402

_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NAME_FIELDS = ("author", "editor", "translator", "editora", "editorb", "editorc", "bookauthor", "holder")
_ROLE_FIELDS = ("editortype", "editoratype", "editorbtype", "editorctype", "editora", "editorb", "editorc")


def _biber_date(text: str) -> bool:
    """True for a date biber reads (ISO 8601 and its ranges; EDTF's unknown end, circa and uncertainty)."""
    text = text.strip().rstrip("~?%")
    ends = text.split("/")
    return len(ends) <= 2 and all(not e or e == ".." or _ISO_DATE.fullmatch(e.rstrip("~?%")) for e in ends) \
        and bool(ends[0])


def _fields(entry, pandoc_type: str | None) -> tuple[str, dict[str, str], str]:
    bib = entry.extra.get("bibtex") or {}
    fields = {k.lower(): v.strip().strip("{}\"") for k, v in (bib.get("fields") or {}).items()}
    # What the tests below also read: pandoc's CSL type for the entry, and citekit's English test (inherited
    # fields included).
    fields["\0pandoc-type"] = pandoc_type if pandoc_type is not None else "?"
    fields["\0english"] = "yes" if bib.get("english", True) else "no"
    return (bib.get("type") or "").lower(), fields, bib.get("raw") or ""


def pandoc_types(pandoc: str, files: list[str]) -> dict[str, str]:
    """Key -> the CSL type pandoc 3 gives each entry of the database ("" for the types it leaves empty)."""
    import json
    import subprocess
    import tempfile

    from compare_pandoc_bib import _text

    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "database.bib"
        joined.write_text("\n".join(_text(f) for f in files), encoding="utf-8")
        done = subprocess.run([pandoc, "-f", "biblatex", "-t", "csljson", str(joined)], capture_output=True,
                              text=True, timeout=600)
    try:
        return {str(i.get("id")): i.get("type", "") for i in json.loads(done.stdout or "[]")}
    except ValueError:
        return {}


def _has_von(value: str) -> bool:
    """True when a name of the list has a lower-case word before its last (btxdoc's von part)."""
    for name in re.split(r"\s+and\s+", value, flags=re.I):
        words = name.replace(",", " , ").split()
        if any(w[:1].islower() for w in words[1:-1] if w != ","):
            return True
    return False


def _case_only(theirs: str, mine: str) -> bool:
    """True when the two texts agree (0.95) once letter case is ignored: the difference is the case."""
    from rapidfuzz import fuzz

    return fuzz.ratio(theirs.casefold(), mine.casefold()) >= 95


def _non_english_language(fields: dict[str, str]) -> bool:
    from citekit.textcase import is_english

    return bool(fields.get("language")) and not is_english({"language": fields["language"]}) \
        and is_english({k: v for k, v in fields.items() if k in ("langid", "hyphenation")})


# (kind, test(btype, fields, raw, pandoc text, citekit text)): the headings of KNOWN_DIFFERENCES.md.
KINDS = [
    ("@set / @xdata helper", lambda t, f, r, p, c: t in ("set", "xdata") or not c),
    ("arXiv eprint kept", lambda t, f, r, p, c: (f.get("eprinttype", "") + f.get("archiveprefix", "")).lower()
     .startswith("arxiv") and "arXiv" in c),
    ("@periodical is CSL periodical", lambda t, f, r, p, c: t == "periodical"),
    ("AAS journal macro", lambda t, f, r, p, c: "\\" in f.get("journal", "") + f.get("journaltitle", "")),
    ("mvbook parent's author as bookauthor", lambda t, f, r, p, c: re.search(r"(\(|\. |; )By ", p) is not None
     and re.search(r"(\(|\. |; )By ", c) is None),
    ("a child's own year under a parent's date range", lambda t, f, r, p, c: bool(f.get("crossref") or f.get("xref"))
     and re.search(r"\(\d{3,4}–(\d{4})?[a-z]?\)", p) is not None and re.search(r"\(\d{3,4}–", c) is None),
    ("AND as a name separator", lambda t, f, r, p, c: any(re.search(r"\s(AND|And)\s", f.get(n, "")) for n in _NAME_FIELDS)
     or re.search(r"\w (AND|And) \w", p) is not None),
    ("escaped braces \\{ print as braces (pandoc prints '{{{}{}')", lambda t, f, r, p, c: "\\{" in r and "{{{}" in p),
    ("a text symbol before a braced group (\\textendash{{Shell}}: pandoc takes the group as its argument and drops "
     "it)", lambda t, f, r, p, c: re.search(r"\\text(en|em)dash\{", r) is not None),
    ("a macro pandoc does not know drops its argument (\\bibcyr{...}); citekit prints the argument",
     lambda t, f, r, p, c: re.search(r"\\(bibcyr|cyr|foreignlanguage|textcyrillic)\b", r) is not None),
    ("an article number (eid) biblatex prints and pandoc ignores", lambda t, f, r, p, c: "eid" in f and "Article" in c),
    ("symbols of math and textcomp pandoc drops (\\textmu, \\pm in text)",
     lambda t, f, r, p, c: re.search(r"\\(textmu|textpm|micro|SI|si|textminus)\b|\\pm", r) is not None),
    ("language names a non-English language", lambda t, f, r, p, c: (_non_english_language(f) or (
        f["\0english"] == "no" and not any(k in f for k in ("langid", "hyphenation")))) and _case_only(p, c)),
    ("@standard is CSL 1.0.2's standard (pandoc: legislation)", lambda t, f, r, p, c: t == "standard"),
    ("roles of the file's style package (biblatex-apa's narrator, with, ...)",
     lambda t, f, r, p, c: any(k in f for k in ("narrator", "with", "director", "producer", "execproducer"))),
    ("a von part by btxdoc's rule, dropped after the given name as biblatex's useprefix=false",
     lambda t, f, r, p, c: any(_has_von(f.get(n, "")) for n in _NAME_FIELDS)),
    ("howpublished on a @book", lambda t, f, r, p, c: t == "book" and "howpublished" in f),
    ("a date biber rejects", lambda t, f, r, p, c: any(k in f and not _biber_date(f[k])
                                                        for k in ("date", "origdate", "urldate", "eventdate"))),
    ("an ISO date in year (biber and citekit read the date; pandoc prints the text)",
     lambda t, f, r, p, c: re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f.get("year", "")) is not None),
    ("IEEE's [Online] and [Online Video], which pandoc's processor leaves out and citeproc-js prints",
     lambda t, f, r, p, c: "[Online" in c and "[Online" not in p),
    ("types pandoc leaves empty (@misc, @manuscript, @custom*, style packages' types: CSL 1.0.2's document or "
     "the type the package documents)", lambda t, f, r, p, c: f["\0pandoc-type"] == ""),
    ("a booktitle of a type whose pandoc mapping drops it (biblatex-chicago's @letter, @audio, @video in a "
     "collection)", lambda t, f, r, p, c: "booktitle" in f and re.search(r"\b(In|On) ", c) is not None
     and re.search(r"\b(In|On) ", p) is None),
    ("editora/editortype roles", lambda t, f, r, p, c: any(k in f for k in _ROLE_FIELDS)),
    ("a volume's subtitle copied onto its maintitle", lambda t, f, r, p, c: bool(f.get("subtitle"))
     and p.count(f["subtitle"][:20]) > c.count(f["subtitle"][:20])),
    ("@suppbook is a supplement", lambda t, f, r, p, c: t in ("suppbook", "suppcollection")),
    ("a child's own issue", lambda t, f, r, p, c: bool(f.get("crossref") or f.get("xdata")) and "issue" in f),
    ("an article's issue without a number", lambda t, f, r, p, c: t == "article" and "issue" in f and "number" not in f),
    ("eventtitle under IEEE's event", lambda t, f, r, p, c: "eventtitle" in f and "booktitle" not in f),
    ("a field stated twice (bibtex and biber keep the first)",
     lambda t, f, r, p, c: any(n > 1 for n in Counter(m.lower() for m in re.findall(r"[,\s](\w+)\s*=", r)).values())),
]

# Not pandoc's errors: known bugs of citekit's CSL processor (citekit/render), handed to its owners, and the
# one reading KNOWN_DIFFERENCES.md lists as citekit's own choice (a name list's trailing comma).
ENGINE = [
    ("citekit's reading of 'J. B. Mason, and ...' (btxdoc: a last name 'J. B. Mason'; listed as citekit's choice)",
     lambda p, c: re.search(r"^\S+ \S+ [A-Z]\w+,", p) is not None and re.search(r"^\S+ \S+ [A-Z]\w+,", c) is None),
    ("initials of a hyphenated given name already initialised ('F. -W.')", lambda p, c: " -" in c and ".-" in p),
    ("APA edition without 'ed.' when the title stands for the author", lambda p, c: re.search(r"\(\d+(st|nd|rd|th)\)", c)
     is not None),
    ("role terms not title-cased in a non-English item ('ed.', 'trans.')", lambda p, c: re.sub(
        r"\b(ed|eds|trans|narr|comp)\.", lambda m: m.group(0).capitalize(), c) == p),
]


def explain(files: list[str], style: str, pandoc: str) -> dict:
    """Counts for one database and style, and the entries left unexplained."""
    import citekit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = {e.key: e for e in citekit.read(*files, fmt="bibtex").entries}
    types = pandoc_types(pandoc, files)
    r = compare(pandoc, files, style)
    kinds, engine, left = Counter(), Counter(), []
    for sim, key, theirs, mine in r["worst"]:
        if sim >= 0.95:
            continue
        entry = entries.get(key)
        btype, fields, raw = _fields(entry, types.get(key)) if entry is not None else (
            "", {"\0pandoc-type": "?", "\0english": "yes"}, "")
        kind = next((name for name, test in KINDS if test(btype, fields, raw, theirs, mine)), None)
        if kind:
            kinds[kind] += 1
            continue
        bug = next((name for name, test in ENGINE if test(theirs, mine)), None)
        if bug:
            engine[bug] += 1
            continue
        left.append((sim, key, theirs, mine))
    return {"entries": r["entries"], "good": r["good"], "kinds": kinds, "engine": engine, "left": left}


def main(argv: list[str] | None = None) -> int:
    """One row per style over all the files given, then the kinds and (``--show``) the entries left."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--style", action="append")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args(argv)
    pandoc = pandoc_binary()
    if not pandoc:
        print("needs pandoc 3: pip install pypandoc-binary", file=sys.stderr)
        return 2
    print("| style | entries | agree | share | agree or a listed kind | share | engine-known | left |")
    print("|---|---|---|---|---|---|---|---|")
    for style in args.style or STYLES:
        n = good = 0
        kinds, engine, left = Counter(), Counter(), []
        for arg in args.files:
            try:
                r = explain(arg.split("+"), style, pandoc)
            except Exception as exc:  # a file one side cannot read is skipped, as compare_pandoc_bib does
                print(f"{arg}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            n += r["entries"]
            good += r["good"]
            kinds += r["kinds"]
            engine += r["engine"]
            left += [(s, Path(arg).name, k, a, b) for s, k, a, b in r["left"]]
        listed = good + sum(kinds.values())
        print(f"| {style} | {n} | {good} | {good / max(1, n):.1%} | {listed} | {listed / max(1, n):.1%} "
              f"| {sum(engine.values())} | {len(left)} |", flush=True)
        for kind, count in kinds.most_common():
            print(f"    {count:4d}  {kind}")
        for bug, count in engine.most_common():
            print(f"    {count:4d}  engine: {bug}")
        for s, name, key, theirs, mine in sorted(left)[: args.show]:
            print(f"  [{style}] {name} {key} {s:.2f}\n    pandoc:  {theirs[:220]}\n    citekit: {mine[:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
