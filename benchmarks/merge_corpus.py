"""Entries in and out of ``read -> merge -> assign_keys``: none dropped, none wrongly merged, no key changed.

Two measurements:

* **synthetic** (``--synthetic N``, default 100,000): the benchmark records of
  ``corpus_bib`` written as a user's .bib, with the hazards real libraries have: every
  97th entry shares its DOI with the entry before it (another paper: title, authors and
  year differ), every 89th is titled ``Editorial`` and every 83rd ``Introduction`` (by
  other authors, years and DOIs), and every 500th paper is also in a second file
  (``b.bib``) under another key with the same DOI and arXiv id, which is a true
  duplicate that must merge (papers with a hazard of their own are not copied: their
  copy would contradict them). Ground truth is the record number behind each key.
* **real files** (``--corpus DIR``, default ``/work/corpus/bib`` when present): each .bib
  read on its own; every input key must come out unchanged, every entry must come out.

Printed per file: entries in, out, dropped (an input entry neither in the output nor a
source of an output entry), merges, wrong merges (an output entry made of two different
papers, or of two keys kept side by side in one file), keys changed (a valid key given
once that did not come out as it went in), keys renamed because they had to be (given
twice in one file, or holding a character BibTeX cannot take; each is a warning and a
``key_changes`` record), possible-duplicate warnings, and seconds. Exit status 1 when anything was dropped, wrongly merged or
changed (in the synthetic run: also when a true duplicate was missed).

Run: .venv/bin/python benchmarks/merge_corpus.py [--synthetic N] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_bib import _BIB, _tex, records  # noqa: E402


def _bib_entry(key: str, r: dict, *, title: str | None = None, doi: str | None = None, eprint: bool = True) -> str:
    authors = " and ".join(f"{_tex(f, _BIB)}, {_tex(g, _BIB)}" for f, g in r["authors"])
    lines = [f"@article{{{key},", f"  title = {{{_tex(title or r['title'], _BIB)}}},",
             f"  author = {{{authors}}},", f"  year = {{{r['year']}}},",
             f"  journal = {{{r['journal'] or 'Journal of Examples'}}},"]
    if doi or r["doi"]:
        lines.append(f"  doi = {{{doi or r['doi']}}},")
    if eprint:
        lines.append(f"  eprint = {{{r['id']}}},\n  archivePrefix = {{arXiv}},")
    return "\n".join(lines) + "\n}\n"


def synthetic(n: int, folder: Path) -> tuple[list[Path], dict[str, int], int]:
    """Write the synthetic library into ``folder``: its files, key -> record number, and the true duplicates."""
    recs = records(n)
    truth: dict[str, int] = {}
    a, b = [], []
    for i, r in enumerate(recs):
        key = f"rec{i}"
        truth[key] = i
        r["year"] = 1990 + i % 35  # years spread, so shared titles meet other years
        title = doi = None
        eprint = True
        if i % 97 == 1:
            doi, eprint = recs[i - 1]["doi"] or f"10.5555/shared{i}", False
            recs[i - 1]["doi"] = doi
        if i % 89 == 0:
            title = "Editorial"
        elif i % 83 == 0:
            title = "Introduction"
        hazard = i % 89 == 0 or i % 83 == 0 or i % 97 in (0, 1)
        if i % 500 == 7 and not hazard:
            r["doi"] = r["doi"] or f"10.5555/dup{i}"
            b.append(_bib_entry(f"dup{i}", r))
            truth[f"dup{i}"] = i
        a.append((key, r, title, doi, eprint))
    text_a = "".join(_bib_entry(key, r, title=t, doi=d, eprint=e) for key, r, t, d, e in a)
    (folder / "a.bib").write_text(text_a, encoding="utf-8")
    (folder / "b.bib").write_text("".join(b), encoding="utf-8")
    return [folder / "a.bib", folder / "b.bib"], truth, len(b)


def measure(paths: list[Path], truth: dict[str, int] | None = None) -> dict[str, int | float]:
    """Read ``paths`` together, merge and key them; the counts described in the module docstring."""
    import citekit
    from citekit.keys import assign_keys
    from citekit.merge import merge

    start = time.perf_counter()
    library = citekit.read(*[str(p) for p in paths])
    from collections import Counter

    from citekit.keys import valid_key

    # assign_keys changes entries in place: the input's keys are taken first.
    key_in = {id(e): e.key for e in library.entries}
    per_file = Counter((e.sources[0].origin if e.sources else "", e.key) for e in library.entries if e.key)
    # A key the input gives twice in one file, or one BibTeX cannot take, must change:
    # counted apart from the changes that would be wrong.
    must_change = {id(e) for e in library.entries if e.key and (
        per_file[(e.sources[0].origin if e.sources else "", e.key)] > 1 or valid_key(e.key) != e.key)}
    merged = merge(library)
    assign_keys(merged)
    seconds = time.perf_counter() - start
    where: dict = {}
    for k, entry in enumerate(merged.entries):
        for prov in entry.sources:
            where[prov] = k
    dropped = sum(1 for e in library.entries if not e.sources or e.sources[0] not in where)
    by_output: dict[int, list] = {}
    for e in library.entries:
        if e.sources and e.sources[0] in where:
            by_output.setdefault(where[e.sources[0]], []).append(e)
    wrong = 0
    changed = 0
    renamed = sum(1 for e in library.entries if id(e) in must_change and e.key != key_in[id(e)])
    for k, members in by_output.items():
        out_key = merged.entries[k].key
        if len(members) > 1:
            if truth is not None:
                papers = {truth.get(key_in[id(m)], -1 - id(m)) for m in members}
                wrong += len(papers) > 1
            else:
                files: dict[str, set[str]] = {}
                for m in members:
                    files.setdefault(m.sources[0].origin, set()).add(key_in[id(m)])
                wrong += any(len(keys) > 1 for keys in files.values())
        # The keeper's key must be its own; a key merged away is a change only when it was wrong to merge.
        keeper = next((m for m in members if key_in[id(m)]), None)
        if keeper is not None and key_in[id(keeper)] != out_key and id(keeper) not in must_change:
            changed += 1
        if truth is None:
            changed += sum(1 for m in members if m is not keeper and key_in[id(m)] and key_in[id(m)] != out_key)
    possible = sum(1 for p in merged.problems if p.message.startswith("possible duplicate"))
    return {"in": len(library.entries), "out": len(merged.entries), "dropped": dropped,
            "merges": len(library.entries) - len(merged.entries), "wrong": wrong, "changed": changed, "renamed": renamed,
            "possible": possible, "seconds": round(seconds, 2)}


def _row(name: str, r: dict) -> str:
    return (f"{name:40} {r['in']:>7} {r['out']:>7} {r['dropped']:>7} {r['merges']:>6} {r['wrong']:>5} "
            f"{r['changed']:>7} {r['renamed']:>7} {r['possible']:>8} {r['seconds']:>7}")


def main() -> int:
    """Run the measurements and print one row per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="entries in the synthetic library (0: skip)")
    parser.add_argument("--corpus", default="/work/corpus/bib", help="a folder of real .bib files")
    args = parser.parse_args()
    bad = False
    print(f"{'file':40} {'in':>7} {'out':>7} {'dropped':>7} {'merges':>6} {'wrong':>5} {'changed':>7} {'renamed':>7} {'possible':>8} {'seconds':>7}")
    if args.synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            paths, truth, dups = synthetic(args.synthetic, Path(tmp))
            r = measure(paths, truth)
        print(_row(f"synthetic {args.synthetic:,} + {dups} duplicates", r))
        missed = dups - r["merges"]
        print(f"  true duplicates: {dups}, merged: {r['merges']}, missed: {max(missed, 0)}")
        bad |= bool(r["dropped"] or r["wrong"] or r["changed"] or missed)
    corpus = Path(args.corpus)
    if corpus.is_dir():
        total = dict.fromkeys(("in", "out", "dropped", "merges", "wrong", "changed", "renamed", "possible", "seconds"), 0)
        for path in sorted(corpus.glob("*.bib")):
            r = measure([path])
            print(_row(path.name, r))
            for k in total:
                total[k] += r[k]
            bad |= bool(r["dropped"] or r["wrong"] or r["changed"])
        total["seconds"] = round(total["seconds"], 2)
        print(_row("all real files", total))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
