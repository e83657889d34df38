"""Defects planted in clean entries (one at a time) are found on their entry and field: the detection rate.

Each mutation edits one field of one entry of a clean file through bibedit and names the
rule that must then report that entry and field. Over the committed clean files every
applicable (entry, mutation) pair is tried; with ``/work/corpus/bib`` present the same
runs over the real bibliographies' entries that give no finding of that rule to begin with.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

import pytest

from citekit.check import check_text
from citekit.check.run import CheckOptions, detect_mode
from citekit.check.source import parse_bib

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "check"
TODAY = dt.date(2026, 1, 15)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

# name -> (field, rule, modes, how): how(raw value) -> new raw value, or None when it does not apply.
Mutation = tuple[str, str, tuple[str, ...], Callable[[str], str | None]]


def _inner(raw: str) -> str | None:
    raw = raw.strip()
    return raw[1:-1] if len(raw) >= 2 and raw[0] in '{"' and raw[-1] in '}"' else None


def _swap_pages(raw: str) -> str | None:
    m = re.fullmatch(r"[{\"](\d+)(-+)(\d+)[}\"]", raw.strip())
    return f"{{{m.group(3)}{m.group(2)}{int(m.group(1)) - 1 if int(m.group(3)) == int(m.group(1)) else m.group(1)}}}" if m and int(m.group(3)) >= int(m.group(1)) else None


MUTATIONS: dict[str, Mutation] = {
    "one hyphen": ("pages", "pages-hyphen", ("bibtex",), lambda r: re.sub(r"-+", "-", r) if re.search(r"\d--\d", r) else None),
    "reversed pages": ("pages", "pages-reversed", ("bibtex", "biblatex"), _swap_pages),
    "month name": ("month", "month-format", ("bibtex", "biblatex"),
                   lambda r: "{%s}" % MONTHS[["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(r.strip())]
                   if r.strip() in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec") else None),
    "DOI as URL": ("doi", "doi-url", ("bibtex", "biblatex"), lambda r: "{https://doi.org/%s}" % _inner(r) if _inner(r) else None),
    "bad DOI": ("doi", "doi-malformed", ("bibtex", "biblatex"), lambda r: "{10.12/%s}" % _inner(r).split("/", 1)[-1] if _inner(r) else None),
    "bad ISBN": ("isbn", "isbn-invalid", ("bibtex", "biblatex"),
                 lambda r: r[:-2] + str((int(r[-2]) + 1) % 10) + r[-1] if r.strip()[-2:-1].isdigit() else None),
    "bad ISSN": ("issn", "issn-invalid", ("bibtex", "biblatex"),
                 lambda r: r[:-2] + str((int(r[-2]) + 1) % 10) + r[-1] if r.strip()[-2:-1].isdigit() else None),
    "URL without scheme": ("url", "url-malformed", ("bibtex", "biblatex"),
                           lambda r: "{%s}" % re.sub(r"^https?://", "", _inner(r)) if _inner(r) and _inner(r).startswith("http") else None),
    "unescaped &": ("title", "tex-unescaped-special", ("bibtex", "biblatex"), lambda r: r[:-1] + " & More" + r[-1] if _inner(r) else None),
    "unprotected acronym": ("title", "title-unprotected", ("bibtex", "biblatex"), lambda r: r[:-1] + " with LSTM" + r[-1] if _inner(r) else None),
    "future year": ("year", "date-future", ("bibtex",), lambda r: "{%d}" % (TODAY.year + 3)),
    "two-digit year": ("year", "date-invalid", ("bibtex", "biblatex"), lambda r: "{%s}" % re.sub(r"\D", "", r)[-2:] if re.search(r"\d{4}", r) else None),
    "bad date": ("date", "date-invalid", ("biblatex",), lambda r: "{May %s}" % re.search(r"\d{4}", r).group(0) if re.search(r"\d{4}", r) else None),
    "empty field": ("note", "field-empty", ("bibtex", "biblatex"), None),  # added, see _apply
    "glued initial": ("author", "name-glued", ("bibtex", "biblatex"), lambda r: r[:-1] + " and J.Doe" + r[-1] if _inner(r) else None),
    "comma list": ("author", "name-list-separator", ("bibtex", "biblatex"), lambda r: r[:-1] + ", Doe, Jane, Roe, Peter" + r[-1] if _inner(r) and " and " not in r else None),
    "missing crossref": ("crossref", "key-crossref-missing", ("bibtex", "biblatex"), None),  # added
    "unbalanced brace": ("title", "tex-unbalanced-braces", ("bibtex", "biblatex"), lambda r: r[:-1] + " {open" + r[-1] if _inner(r) else None),
}


def _apply(text: str, key: str, name: str) -> str | None:
    """``text`` with mutation ``name`` planted in entry ``key``, or None when the entry has nothing to mutate."""
    field, _rule, _modes, how = MUTATIONS[name]
    doc = parse_bib(text, "x.bib").doc
    entry = next(e for e in doc.entries if e.key == key)
    if name == "empty field":
        if entry.field("note") is not None:
            return None
        doc.add_field(entry, "note", "{}")
        return doc.render()
    if name == "missing crossref":
        if entry.field("crossref") is not None:
            return None
        doc.add_field(entry, "crossref", "{no-such-parent}")
        return doc.render()
    f = entry.field(field)
    if f is None or how is None:
        return None
    new = how(f.value_raw)
    if new is None or new == f.value_raw:
        return None
    doc.set_field(entry, f.name, new)
    return doc.render()


def detection(paths: list[Path], per_file: int | None = None) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(found, tried, misses) over the applicable (entry, mutation) pairs; ``per_file`` entries spread over each file."""
    found = tried = 0
    misses: list[tuple[str, str, str]] = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        src = parse_bib(text, str(path))
        mode = detect_mode(src)
        before = {(f.key, f.rule, f.field) for f in check_text(text, str(path), CheckOptions(today=TODAY)).findings}
        keys = list(dict.fromkeys(e.key for e in src.entries))
        if len(keys) != len(src.entries):
            continue  # a file with repeated keys cannot say which entry a finding is on
        if per_file and len(keys) > per_file:
            keys = keys[:: len(keys) // per_file][:per_file]
        for key in keys:
            for name, (field, rule, modes, _how) in MUTATIONS.items():
                if mode not in modes or (key, rule, field) in before:
                    continue
                mutated = _apply(text, key, name)
                if mutated is None:
                    continue
                tried += 1
                after = check_text(mutated, str(path), CheckOptions(today=TODAY)).findings
                if any(f.key == key and f.rule == rule and f.field == field for f in after):
                    found += 1
                else:
                    misses.append((path.name, key, name))
    return found, tried, misses


def test_planted_defects_in_clean_files_are_found():
    """At least 95% of planted defects (in practice all) are reported on their entry and field."""
    found, tried, misses = detection([FIXTURES / "clean-bibtex.bib", FIXTURES / "clean-biblatex.bib"])
    assert tried >= 60
    assert found / tried >= 0.95, misses
    assert not misses, misses


CORPUS = Path("/work/corpus/bib")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real-bibliography corpus is not on this machine")
def test_planted_defects_in_real_bibliographies_are_found():
    """The same over a sample of real bibliographies (DBLP, ACL, Zotero, JabRef, biblatex-examples)."""
    paths = sorted(p for p in CORPUS.glob("*.bib") if p.stat().st_size < 150_000)
    found, tried, misses = detection(paths, per_file=12)
    assert tried >= 200
    assert found / tried >= 0.95, misses[:20]
