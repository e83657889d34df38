"""Each disagreement with pandoc 3 sorted into the kinds ``tests/data/translation/KNOWN_DIFFERENCES.md`` lists.

Run: ``PYTHONPATH=. python benchmarks/explain_pandoc_diffs.py FILE.bib [A.bib+B.bib ...] [--style S ...] [--show N]``.

``compare_pandoc_bib.py`` pairs citekit's and pandoc's entries; every entry below similarity 0.95 is
then matched against the kinds where the specification (biber's data model and inheritance, btxdoc,
CSL 1.0.2) shows pandoc wrong, by what its ``.bib`` entry holds (an ``@set``, an ``AND`` in a name list,
a date biber rejects, ...) and, for kinds only the output shows, by the two texts (pandoc's "(By X"
from an ``@mvbook``). A match says the entry *has* a listed difference, not that it has no other: the
"with listed kinds" share is an upper bound, the plain share a lower one. Entries whose only visible
difference is a known bug of citekit's CSL processor (not its reading) are counted apart. An entry no kind
explains is rendered once more from citekit's own CSL item, by pandoc and by citeproc-js (``CITEPROC_JS`` names
the folder with ``node_modules/citeproc``, as for ``compare_citeproc_js.py``): when pandoc prints that item as it
printed the ``.bib`` and citeproc-js prints it as citekit does, the difference is pandoc's processor's. Printed per
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

from citekit.bibmap import read_field  # noqa: E402

# A year range pandoc prints for a child from its parent's date ("1982–1989c", "1997–k", "2000–.").
_YEAR_RANGE = re.compile(r"(?<![\d–])(1[5-9]\d\d|20\d\d)–(?:(?:1[5-9]\d\d|20\d\d)[a-z]?|[a-z]\b|[.)])")
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NAME_FIELDS = ("author", "editor", "translator", "editora", "editorb", "editorc", "bookauthor", "holder")
# biblatex's standard types whose data model has no maintitle (citekit/sources/bibtex.py keeps their own title).
_NO_MAINTITLE = frozenset({"article", "booklet", "manual", "misc", "online", "patent", "periodical", "suppperiodical",
                           "report", "thesis", "dataset", "software", "techreport", "phdthesis", "mastersthesis",
                           "electronic", "www"})
_ROLE_FIELDS = ("editortype", "editoratype", "editorbtype", "editorctype", "editora", "editorb", "editorc")


def _biber_date(text: str) -> bool:
    """True for a date biber reads (ISO 8601 and its ranges; EDTF's unknown end, circa and uncertainty)."""
    text = text.strip().rstrip("~?%")
    ends = text.split("/")
    return len(ends) <= 2 and all(not e or e == ".." or _ISO_DATE.fullmatch(e.rstrip("~?%")) for e in ends) \
        and bool(ends[0])


# A command a @preamble defines (\def\booktitle#1{...}, \newcommand{\booktitle}[1]{...}, \providecommand...).
_PREAMBLE_DEF = re.compile(r"\\(?:def|gdef|edef|xdef)\s*\\([A-Za-z]+)|\\(?:re)?(?:new|provide)command\*?\s*\{?\\([A-Za-z]+)")


def preamble_macros(files: list[str]) -> frozenset[str]:
    """The commands the @preamble blocks of ``files`` define (TeX prints them as defined; pandoc drops them)."""
    from compare_pandoc_bib import _text

    names: set[str] = set()
    for path in files:
        text = _text(path)
        for m in re.finditer(r"@preamble\s*[{(]", text, re.I):
            end = re.compile(r"^\s*@(?!preamble)", re.M | re.I).search(text, m.end())
            names.update(a or b for a, b in _PREAMBLE_DEF.findall(text[m.end(): end.start() if end else None]))
    return frozenset(names)


def _fields(entry, pandoc_type: str | None, parent_type: str = "") -> tuple[str, dict[str, str], str]:
    bib = entry.extra.get("bibtex") or {}
    fields = {k.lower(): v.strip().strip("{}\"") for k, v in (bib.get("fields") or {}).items()}
    # What the tests below also read: pandoc's CSL type for the entry, and citekit's English test (inherited
    # fields included).
    fields["\0pandoc-type"] = pandoc_type if pandoc_type is not None else "?"
    fields["\0english"] = "yes" if bib.get("english", True) else "no"
    fields["\0parent-type"] = parent_type
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


def _parent_type(entries: dict, entry) -> str:
    """The .bib type of ``entry``'s crossref parent ("" when it has none in the database)."""
    bib = entry.extra.get("bibtex") or {}
    parent = ((bib.get("fields") or {}).get("crossref") or "").strip().strip("{}\"")
    other = entries.get(parent) if parent else None
    return ((other.extra.get("bibtex") or {}).get("type") or "").lower() if other is not None else ""


def _skipbib(options: str) -> bool:
    """True when an options field leaves its entry out of a bibliography (citekit.listing reads it as biblatex does)."""
    from citekit.listing import skipbib_option
    from citekit.model import Entry

    return bool(options) and skipbib_option(Entry(extra={"bibtex": {"fields": {"options": options}}})) is not None


def _same_quotes(text: str) -> str:
    """``text`` with typographic apostrophes and quotes as ASCII ones (a field's "We're" is printed "We’re")."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def _printed_only_by_citekit(value: str | None, theirs: str, mine: str) -> bool:
    """True when the start of a field's text is in citekit's entry and not in pandoc's (letter case aside)."""
    if not value:
        return False
    from citekit.latex import decode

    probe = _same_quotes(decode(value)).casefold()[:15]
    return bool(probe) and probe in _same_quotes(mine).casefold() and probe not in _same_quotes(theirs).casefold()


def _has_von(value: str) -> bool:
    """True when a name of the list has a lower-case word before its last (btxdoc's von part)."""
    for name in re.split(r"\s+and\s+", value, flags=re.I):
        words = name.replace(",", " , ").split()
        if any(w[:1].islower() for w in words[1:-1] if w != ","):
            return True
    return False


# A field whose value is a bare @string name (title = LIMC-long,), not a number or a month.
_BARE_MACRO = re.compile(r"\b(?:title|journal|journaltitle|booktitle|series|publisher)\s*=\s*(?!(?:jan|feb|mar|apr|may|jun"
                         r"|jul|aug|sep|oct|nov|dec)\b)[A-Za-z][\w-]*\s*[,}\n]", re.I)


def _braced_whole(field: str, raw: str) -> bool:
    """True when ``field`` of the raw entry is one braced name ({Comisión Nacional de ...}): a last name, no von."""
    return re.search(r"(?<![\w])" + field + r"\s*=\s*\{\{[^{}]*\}\}\s*[,}]", raw, re.I) is not None


def _similar(theirs: str, mine: str) -> bool:
    """True when the two texts agree at the comparison's threshold (0.95)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(theirs, mine) >= 95


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
    ("a key used twice in the database: biber and bibtex print the first entry, pandoc the last (citekit's list "
     "holds the first and reports the later one)", lambda t, f, r, p, c: f.get("\0twice") == "yes"),
    ("the citation number alone, in a database using a key twice or with dataonly entries: biber numbers the first "
     "entry of a key at its place in the file, pandoc the last at the last's place, and biblatex numbers no dataonly "
     "entry, so the numbers after them differ",
     lambda t, f, r, p, c: f.get("\0database-twice") == "yes" and re.match(r"\[\d+\]", p) is not None
     and re.match(r"\[\d+\]", c) is not None
     and _similar(re.sub(r"^\[\d+\]\s*", "", p), re.sub(r"^\[\d+\]\s*", "", c))),
    ("options = {skipbib} (or dataonly): biblatex prints the entry in no bibliography, pandoc lists it (citekit's list "
     "leaves it out and reports it)", lambda t, f, r, p, c: not c and _skipbib(f.get("options", ""))),
    ("@set / @xdata helper", lambda t, f, r, p, c: t in ("set", "xdata") or not c),
    ("arXiv eprint kept", lambda t, f, r, p, c: (f.get("eprinttype", "") + f.get("archiveprefix", "")).lower()
     .startswith("arxiv") and "arXiv" in c),
    ("@periodical is CSL periodical", lambda t, f, r, p, c: t == "periodical"),
    ("AAS journal macro", lambda t, f, r, p, c: "\\" in f.get("journal", "") + f.get("journaltitle", "")),
    # (only where the parent is an @mv* work: a "By" of a @suppbook or an @audio track is another kind's)
    ("mvbook parent's author as bookauthor", lambda t, f, r, p, c: f["\0parent-type"].startswith("mv")
     and re.search(r"(\(|\. |; )By ", p) is not None and re.search(r"(\(|\. |; )By ", c) is None),
    ("a child's own year under a parent's date range", lambda t, f, r, p, c: bool(f.get("crossref") or f.get("xref"))
     and (m := _YEAR_RANGE.search(p)) is not None and m.group(1) + "–" not in c),
    ("AND as a name separator", lambda t, f, r, p, c: any(re.search(r"\s(AND|And)\s", f.get(n, "")) for n in _NAME_FIELDS)
     or re.search(r"\w (AND|And) \w", p) is not None),
    ("escaped braces \\{ print as braces (pandoc prints '{{{}{}')", lambda t, f, r, p, c: "\\{" in r and "{{{}" in p),
    ("a text symbol before a braced group or digits (\\textendash{{Shell}}, C\\textendash176/03: the symbol takes no "
     "argument; pandoc takes what follows as one and drops it)",
     lambda t, f, r, p, c: re.search(r"\\text(en|em)dash(\{|\d)", r) is not None),
    ("a macro pandoc does not know drops its argument (\\bibcyr{...}); citekit prints the argument",
     lambda t, f, r, p, c: re.search(r"\\(bibcyr|cyr|foreignlanguage|textcyrillic|printtext|mkbibacro|mkbibsuperscript|partedit|parttrans|parteditandtrans|partcomp)\b", r) is not None),
    ("a command the file's @preamble defines (\\booktitle{...}): TeX prints its argument as defined, citekit the "
     "argument's text; pandoc drops it", lambda t, f, r, p, c: any(re.search(r"\\" + m + r"\s*\{", r)
                                                                   for m in f.get("\0preamble", "").split())),
    ("an article number (eid) biblatex prints and pandoc ignores", lambda t, f, r, p, c: "eid" in f and "Article" in c),
    ("symbols of math and textcomp pandoc drops (\\textmu, \\pm in text)",
     lambda t, f, r, p, c: re.search(r"\\(textmu|textpm|micro|SI|si|textminus)\b|\\pm", r) is not None),
    ("language names a non-English language", lambda t, f, r, p, c: (_non_english_language(f) or (
        f["\0english"] == "no" and not any(k in f for k in ("langid", "hyphenation")))) and _case_only(p, c)),
    ("@standard is CSL 1.0.2's standard (pandoc: legislation)", lambda t, f, r, p, c: t == "standard"),
    ("roles of the file's style package (biblatex-apa's narrator, with, ...)",
     lambda t, f, r, p, c: any(k in f for k in ("narrator", "with", "director", "producer", "execproducer"))),
    ("a parenthesised full given name (Beebe's 'Emma (Emma Josephine) Smith'): btxdoc's last name is the last word "
     "(bibtex prints 'E. E. J. Smith' with abbrv.bst); pandoc splits the name inside the parentheses",
     lambda t, f, r, p, c: any(re.search(r"\w \([^()]+\) \S", f.get(n, "")) for n in _NAME_FIELDS)),
    ("a von part by btxdoc's rule, dropped after the given name as biblatex's useprefix=false",
     lambda t, f, r, p, c: any(_has_von(f.get(n, "")) and not _braced_whole(n, r) for n in _NAME_FIELDS)),
    ("howpublished on a type whose data model has no such field (@book, @thesis, @reference)",
     lambda t, f, r, p, c: "howpublished" in f and read_field("howpublished", t) is None),
    ("a DOI field holding a resolver URL (CSL's DOI is the bare identifier; pandoc prints the resolver twice)",
     lambda t, f, r, p, c: re.match(r"https?://(dx\.)?doi\.org/", f.get("doi", "")) is not None
     and ("doi.org/https://doi.org/" in p or (f["doi"] in p and f["doi"] not in c))),
    ("a child of an @inbook/@incollection parent: no inheritance rule gives it a booktitle (biber); pandoc takes the "
     "grandparent's title", lambda t, f, r, p, c: f["\0parent-type"] in ("inbook", "incollection", "inproceedings")
     and "booktitle" not in f and re.search(r"\b[Ii]n ", p) is not None and re.search(r"\b[Ii]n ", c) is None),
    ("a date biber rejects", lambda t, f, r, p, c: any(k in f and not _biber_date(f[k])
                                                        for k in ("date", "origdate", "urldate", "eventdate"))),
    ("an ISO date in year (biber and citekit read the date; pandoc prints the text)",
     lambda t, f, r, p, c: re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f.get("year", "")) is not None),
    ("IEEE's [Online] and [Online Video], which pandoc's processor leaves out and citeproc-js prints",
     lambda t, f, r, p, c: "[Online" in c and "[Online" not in p),
    ("types pandoc leaves empty (@misc, @manuscript, @custom*, style packages' types: CSL 1.0.2's document or "
     "the type the package documents)", lambda t, f, r, p, c: f["\0pandoc-type"] == ""),
    ("a booktitle of a type whose pandoc mapping drops it (biblatex-chicago's @letter, @audio, @video in a "
     "collection)", lambda t, f, r, p, c: "booktitle" in f and (t in ("letter", "audio", "video", "music", "movie")
                                                                 or re.search(r"\b(In|On) ", c) is not None
                                                                 and re.search(r"\b(In|On) ", p) is None)),
    ("editora/editortype roles", lambda t, f, r, p, c: any(k in f for k in _ROLE_FIELDS)),
    ("a maintitle on a standard type whose data model has none (biblatex-mla's @online \"Twitter\"): biblatex prints the "
     "entry's own title, pandoc prints the maintitle as the title", lambda t, f, r, p, c: bool(f.get("maintitle"))
     and t.lower() in _NO_MAINTITLE),
    ("a volume's subtitle copied onto its maintitle", lambda t, f, r, p, c: bool(f.get("subtitle"))
     and bool(f.get("maintitle") or f.get("crossref") or f.get("xref")) and _same_quotes(p).count(_same_quotes(f["subtitle"])[:20])
     > _same_quotes(c).count(_same_quotes(f["subtitle"])[:20])),
    ("a subtitle or titleaddon without a title (biblatex's title macro prints it; pandoc drops it)",
     lambda t, f, r, p, c: not f.get("title") and _printed_only_by_citekit(f.get("subtitle") or f.get("titleaddon"), p, c)),
    ("@suppbook is a supplement", lambda t, f, r, p, c: t in ("suppbook", "suppcollection")),
    ("a child's own issue", lambda t, f, r, p, c: bool(f.get("crossref") or f.get("xdata")) and "issue" in f),
    ("an article's issue without a number", lambda t, f, r, p, c: t == "article" and "issue" in f and "number" not in f),
    ("eventtitle under IEEE's event", lambda t, f, r, p, c: "eventtitle" in f and "booktitle" not in f),
    ("a field stated twice in a classic BibTeX file (bibtex keeps the first; biber and pandoc the last)",
     lambda t, f, r, p, c: any(n > 1 for n in Counter(m.lower() for m in re.findall(r"[,\s](\w+)\s*=", r)).values())),
]

# Not pandoc's errors: known bugs of citekit's CSL processor (citekit/render), handed to its owners, and the
# one reading KNOWN_DIFFERENCES.md lists as citekit's own choice (a name list's trailing comma).
ENGINE = [
    ("an undefined @string printed as its name (the file defining it not given): citekit keeps the name as written "
     "and reports it, pandoc puts it in sentence case; bibtex and biber print nothing",
     lambda p, c, r: _case_only(p, c) and _BARE_MACRO.search(r) is not None),
    ("citekit's reading of 'J. B. Mason, and ...' (btxdoc: a last name 'J. B. Mason'; listed as citekit's choice)",
     lambda p, c, r: re.search(r"^\S+ \S+ [A-Z]\w+,", p) is not None and re.search(r"^\S+ \S+ [A-Z]\w+,", c) is None),
    ("initials of a hyphenated given name already initialised ('F. -W.')", lambda p, c, r: " -" in c and ".-" in p),
    ("APA edition without 'ed.' when the title stands for the author", lambda p, c, r: re.search(r"\(\d+(st|nd|rd|th)\)", c)
     is not None),
    ("a year-only date range printed with an empty month-day range (', –'; citeproc-js prints nothing)",
     lambda p, c, r: re.search(r", –[.)]", c) is not None and re.search(r", –[.)]", p) is None),
    ("role terms not title-cased in a non-English item ('ed.', 'trans.')", lambda p, c, r: re.sub(
        r"\b(ed|eds|trans|narr|comp)\.", lambda m: m.group(0).capitalize(), c) == p),
]


PROCESSOR_KIND = ("the same CSL item, printed by pandoc's processor unlike citeproc-js (citekit prints what "
                  "citeproc-js prints; pandoc prints the same from citekit's item as from the .bib)")


def _processor_differences(pandoc: str, files: list[str], style: str, rows: list[tuple[str, str, str]]) -> set[str]:
    """Keys of ``rows`` (key, pandoc's text, citekit's text) whose difference is pandoc's processor's alone.

    Every item of the database is rendered (year suffixes depend on the whole list); without node and
    citeproc-js (``benchmarks/citeproc_js_render.js``) nothing is claimed.
    """
    import shutil

    from rapidfuzz import fuzz

    from classify_pandoc_diffs import csl_items, pandoc_json
    from compare_citeproc_js import citeproc_js, citeproc_js_takes
    from compare_pandoc_bib import style_path

    import os

    if shutil.which("node") is None or not (
            Path(os.environ.get("CITEPROC_JS", "/work/citeprocjs")) / "node_modules" / "citeproc").is_dir():
        return set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = [i for i in csl_items(files) if citeproc_js_takes(i)]
    sfile = style_path(style)
    from lxml import etree

    lang = etree.parse(sfile).getroot().get("default-locale") or "en-US"
    try:
        js = citeproc_js(items, sfile, lang)
    except Exception:  # citeproc-js refusing the list claims nothing
        return set()
    from_items = pandoc_json(pandoc, items, sfile)
    out = set()
    for key, theirs, mine in rows:
        if key in js and key in from_items and fuzz.ratio(js[key], mine) >= 95 \
                and fuzz.ratio(from_items[key], theirs) >= 95:
            out.add(key)
    return out


def explain(files: list[str], style: str, pandoc: str) -> dict:
    """Counts for one database and style, and the entries left unexplained."""
    import citekit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = citekit.read(*files, fmt="bibtex").entries
    entries = {}
    for e in read:
        entries.setdefault(e.key, e)  # the first of a key used twice: the one citekit lists under it, as biber
    twice = {k for k, n in Counter(e.key for e in read).items() if n > 1}
    from citekit.listing import skipbib_option

    # A dataonly entry has no number, so the entries after it have other numbers than pandoc's (numeric styles).
    skipped = any((skipbib_option(e) or "").startswith("dataonly") for e in read)
    types = pandoc_types(pandoc, files)
    defined = " ".join(sorted(preamble_macros(files)))
    r = compare(pandoc, files, style)
    kinds, engine, left, sorted_ = Counter(), Counter(), [], []
    for sim, key, theirs, mine in r["worst"]:
        if sim >= 0.95:
            continue
        entry = entries.get(key)
        btype, fields, raw = _fields(entry, types.get(key), _parent_type(entries, entry)) if entry is not None else (
            "", {"\0pandoc-type": "?", "\0english": "yes", "\0parent-type": ""}, "")
        fields["\0preamble"] = defined
        fields["\0twice"] = "yes" if key in twice else ""
        fields["\0database-twice"] = "yes" if twice or skipped else ""
        kind = next((name for name, test in KINDS if test(btype, fields, raw, theirs, mine)), None)
        if kind:
            kinds[kind] += 1
            sorted_.append((kind, sim, key, theirs, mine))
            continue
        bug = next((name for name, test in ENGINE if test(theirs, mine, raw)), None)
        if bug:
            engine[bug] += 1
            continue
        left.append((sim, key, theirs, mine))
    if left:
        # What no reading explains may be the processors': pandoc given citekit's own CSL item prints what it
        # printed from the .bib (the two readings agree), and citeproc-js, the reference CSL processor, prints
        # that item as citekit does. Then pandoc's processor is the one that departs from CSL.
        processors = _processor_differences(pandoc, files, style, [(key, theirs, mine) for _s, key, theirs, mine in left])
        if processors:
            kinds[PROCESSOR_KIND] += len(processors)
            sorted_ += [(PROCESSOR_KIND, s, k, t, m) for s, k, t, m in left if k in processors]
            left = [row for row in left if row[1] not in processors]
    return {"entries": r["entries"], "good": r["good"], "kinds": kinds, "engine": engine, "left": left,
            "sorted": sorted_}


def main(argv: list[str] | None = None) -> int:
    """One row per style over all the files given, then the kinds and (``--show``) the entries left."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--style", action="append")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--kind", action="append", default=[],
                        help="also print the entries sorted into the kinds whose name holds this text")
    args = parser.parse_args(argv)
    pandoc = pandoc_binary()
    if not pandoc:
        print("needs pandoc 3: pip install pypandoc-binary", file=sys.stderr)
        return 2
    print("| style | entries | agree | share | agree or a listed kind | share | engine-known | left |")
    print("|---|---|---|---|---|---|---|---|")
    for style in args.style or STYLES:
        n = good = 0
        kinds, engine, left, shown = Counter(), Counter(), [], []
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
            shown += [(kind, s, Path(arg).name, k, a, b) for kind, s, k, a, b in r["sorted"]
                      if any(want.lower() in kind.lower() for want in args.kind)]
        listed = good + sum(kinds.values())
        print(f"| {style} | {n} | {good} | {good / max(1, n):.1%} | {listed} | {listed / max(1, n):.1%} "
              f"| {sum(engine.values())} | {len(left)} |", flush=True)
        for kind, count in kinds.most_common():
            print(f"    {count:4d}  {kind}")
        for bug, count in engine.most_common():
            print(f"    {count:4d}  engine: {bug}")
        for kind, s, name, key, theirs, mine in sorted(shown):
            print(f"  [{style}] ({kind[:40]}) {name} {key} {s:.2f}\n    pandoc:  {theirs[:300]}\n    citekit: {mine[:300]}")
        for s, name, key, theirs, mine in sorted(left)[: args.show]:
            print(f"  [{style}] {name} {key} {s:.2f}\n    pandoc:  {theirs[:220]}\n    citekit: {mine[:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
