"""Score the listing readers on the real pastes in tests/data/pastes (see SOURCES.md there).

For each ``NAME.txt`` with ``NAME.expected.json``: read it as citekit would (detection, then
the reader's fallbacks), match each expected paper to a record by title (or by id for
id-only expectations), and count papers found, first authors and years right, ids right,
and records that match nothing expected (invented). ``--split dev|holdout|all`` picks the
pastes by the split SOURCES.md gives them.

    PYTHONPATH=. python benchmarks/pastes_eval.py --split dev [-v]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

from citekit.ids import normalize_text
from citekit.model import issued_date
from citekit.sources import read_text

PASTES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pastes"


def split_of() -> dict[str, str]:
    """name -> its split ('dev', 'holdout', 'late', 'fresh', 'fresh2' ...), from the table in SOURCES.md."""
    out = {}
    for line in (PASTES / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*`([^`]+)\.txt`\s*\|\s*([A-Za-z][A-Za-z0-9_-]*)\s*\|", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _same_title(a: str, b: str) -> bool:
    a, b = normalize_text(a), normalize_text(b)
    if not a or not b:
        return False
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def record_ids(entry) -> set[str]:
    """The ids a record carries, in the expectation files' spelling."""
    ids = set()
    if entry.arxiv_id:
        ids.add(f"arxiv:{entry.arxiv_id}")
    if entry.DOI:
        ids.add(f"doi:{entry.DOI.lower()}")
    for kind, value in (entry.extra.get("ids") or {}).items():
        ids.add(f"{kind}:{value}")
    return ids


def first_family(entry) -> str | None:
    if not entry.author:
        return None
    name = entry.author[0]
    return name.full_family if name.family else name.literal


def family_ok(expected: dict, got: str | None) -> bool | None:
    """True/False, or None when the expectation does not judge the author."""
    if expected.get("family"):
        return got is not None and normalize_text(got) == normalize_text(expected["family"])
    if expected.get("author_text"):
        if not got:
            return False
        tokens = normalize_text(expected["author_text"]).split()[:4]
        want = normalize_text(got).split()
        return bool(want) and all(t in tokens for t in want)
    return None


def score(name: str, verbose: bool) -> dict:
    text = (PASTES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((PASTES / f"{name}.expected.json").read_text(encoding="utf-8"))["papers"]
    try:
        library = read_text(text, f"{name}.txt")
    except Exception as exc:  # a refusal counts as nothing found
        library = None
        if verbose:
            print(f"  REFUSED: {exc}")
    entries = library.entries if library else []
    used: set[int] = set()
    found = fam_right = fam_judged = year_right = year_judged = untitled = 0
    for exp in expected:
        hit = None
        for i, entry in enumerate(entries):
            if i in used:
                continue
            if exp.get("title"):
                if entry.title and _same_title(entry.title, exp["title"]):
                    hit = i
                    break
            elif set(exp.get("ids") or []) & record_ids(entry):
                hit = i
                break
        if hit is None and exp.get("ids"):
            # The right paper without its title (an id-only record): not found, and not invented either.
            for i, entry in enumerate(entries):
                if i not in used and set(exp["ids"]) & record_ids(entry):
                    used.add(i)
                    untitled += 1
                    if verbose:
                        print(f"  ID ONLY: {exp.get('title')}")
                    break
            else:
                if verbose:
                    print(f"  MISSED: {exp.get('title') or exp.get('ids')}")
            continue
        if hit is None:
            if verbose:
                print(f"  MISSED: {exp.get('title') or exp.get('ids')}")
            continue
        used.add(hit)
        found += 1
        entry = entries[hit]
        ok = family_ok(exp, first_family(entry))
        if ok is not None:
            fam_judged += 1
            fam_right += ok
            if not ok and verbose:
                print(f"  AUTHOR: want {exp.get('family') or exp.get('author_text')!r} got {first_family(entry)!r} ({exp.get('title')})")
        if exp.get("year"):
            year_judged += 1
            date = issued_date(entry)
            got_year = date.year if date else None
            year_right += got_year == exp["year"]
            if got_year != exp["year"] and verbose:
                print(f"  YEAR: want {exp['year']} got {got_year} ({exp.get('title')})")
        for want in exp.get("ids") or []:
            if want not in record_ids(entry) and verbose:
                print(f"  ID: want {want} got {sorted(record_ids(entry))}")
    unmatched = [e for i, e in enumerate(entries) if i not in used]
    # In a list where every line is a real reference (anystyle's), an unmatched record is a real
    # reference read with a wrong title (or one the tags give no title/date for): misread, not invented.
    every_line = json.loads((PASTES / f"{name}.expected.json").read_text(encoding="utf-8")).get("every_line_is_a_reference")
    invented = [] if every_line else unmatched
    misread = unmatched if every_line else []
    if verbose:
        for e in unmatched:
            print(f"  {'MISREAD' if every_line else 'INVENTED'}: {e.title!r} {sorted(record_ids(e))}")
    return {"expected": len(expected), "found": found, "id_only": untitled, "fam_right": fam_right, "fam_judged": fam_judged,
            "year_right": year_right, "year_judged": year_judged, "records": len(entries), "invented": len(invented), "misread": len(misread),
            "refused": library is None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Any split SOURCES.md names (dev, holdout, late, fresh, fresh2, ...), or all of them.
    parser.add_argument("--split", default="dev", help="a split named in SOURCES.md, or 'all'")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    splits = split_of()
    if args.split != "all" and args.split not in splits.values():
        parser.error(f"no split {args.split!r} in SOURCES.md (known: {', '.join(sorted(set(splits.values())))})")
    names = args.names or sorted(n for n, s in splits.items() if args.split in ("all", s))
    total: dict[str, int] = {}
    for name in names:
        if args.verbose:
            print(name)
        result = score(name, args.verbose)
        print(f"{name:<40} found {result['found']:>3}/{result['expected']:<3} author {result['fam_right']}/{result['fam_judged']} "
              f"year {result['year_right']}/{result['year_judged']} records {result['records']} invented {result['invented']} misread {result['misread']}"
              + ("  REFUSED" if result["refused"] else ""))
        for k, v in result.items():
            total[k] = total.get(k, 0) + int(v)
    t = total
    print(f"\n{len(names)} pastes: found {t['found']}/{t['expected']} ({100 * t['found'] / max(1, t['expected']):.1f}%), "
          f"first author {t['fam_right']}/{t['fam_judged']} ({100 * t['fam_right'] / max(1, t['fam_judged']):.1f}%), "
          f"year {t['year_right']}/{t['year_judged']} ({100 * t['year_right'] / max(1, t['year_judged']):.1f}%), "
          f"invented {t['invented']}/{t['records']} ({100 * t['invented'] / max(1, t['records']):.1f}%), "
          f"misread (real reference, wrong title) {t['misread']}, id-only records of expected papers {t['id_only']}, refused {t['refused']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
