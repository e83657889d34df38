"""Crossref chains and cycles (issue 24): inherited once per database, styled in seconds, never a RecursionError.

A chain 10,000 deep used to end in Python's recursion limit while inheriting, and the
styled list spent milliseconds an entry re-rendering the branches of what stood in for
a missing author. The CLI runs below are guarded by a generous timeout (a hang or a
quadratic blow-up gets near it), never a timed assertion.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bounded import GUARD_SECONDS, run_bounded
from citekit import inherit
from citekit.limits import LimitError

HOME = str(Path(__file__).resolve().parent.parent)


def _chain(depth: int) -> str:
    """Each entry's crossref the next one; the last a proceedings with the year and booktitle."""
    out = [f"@inproceedings{{c{i}, title = {{T{i}}}, crossref = {{c{i + 1}}}}}" for i in range(depth)]
    out.append(f"@proceedings{{c{depth}, title = {{Root}}, year = 2000, booktitle = {{Book}}}}")
    return "\n".join(out) + "\n"


def _cycle(length: int) -> str:
    return "\n".join(f"@inproceedings{{r{i}, title = {{R{i}}}, crossref = {{r{(i + 1) % length}}}}}"
                     for i in range(length)) + "\n"


def _styled(tmp_path: Path, text: str) -> tuple[subprocess.CompletedProcess, str]:
    src, out = tmp_path / "in.bib", tmp_path / "out.txt"
    src.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "citekit", "convert", str(src), "--style", "apa", "-o", str(out)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=HOME),
                          timeout=GUARD_SECONDS)
    return proc, out.read_text(encoding="utf-8") if out.exists() else ""


def test_chain_ten_thousand_deep_styled_in_apa(tmp_path):
    proc, text = _styled(tmp_path, _chain(10_000))
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr
    entries = [block.strip() for block in text.split("\n\n") if block.strip()]
    assert len(entries) == 10_001
    # The head of the chain inherits the root's year through 10,000 links (and its title as booktitle).
    assert "T0. (2000). Root." in entries
    assert "T9999. (2000). Root." in entries


def test_long_cycle_styled_in_apa(tmp_path):
    proc, text = _styled(tmp_path, _cycle(1000))
    assert proc.returncode == 0, proc.stderr
    assert "internal error" not in proc.stderr
    assert len([block for block in text.split("\n\n") if block.strip()]) == 1000


def _resolve_chain(depth: int) -> dict[str, str]:
    db = {f"c{i}": ("inproceedings", {"title": f"T{i}", "crossref": f"c{i + 1}"}) for i in range(depth)}
    db[f"c{depth}"] = ("proceedings", {"title": "Root", "year": "2000"})
    cache = inherit.Shared()
    found = {}
    for key in db:  # as the reader does: every child, one shared cache
        found[key] = inherit.resolve(key, lambda k: db.get(k.lower()), None, cache)
    return found["c0"]


def test_resolve_deep_chain_without_recursion():
    assert run_bounded(_resolve_chain, 50_000) == {"year": "2000", "booktitle": "Root"}


# Small databases of crossref/xdata links, some to keys no entry holds, cycles and diamonds included.
_KEYS = ["a", "b", "c", "d", "e"]
_link = st.sampled_from(_KEYS + ["gone"])
_entry = st.fixed_dictionaries({
    "type": st.sampled_from(["book", "inbook", "mvbook", "proceedings", "inproceedings", "xdata"]),
    "crossref": st.lists(_link, max_size=2), "xdata": st.lists(_link, max_size=2),
    "fields": st.dictionaries(st.sampled_from(["title", "year", "author", "note"]), st.sampled_from(["1", "2"]),
                              max_size=2)})


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _entry, min_size=1))
def test_shared_cache_changes_nothing(spec):
    db = {}
    for key, entry in spec.items():
        fields = dict(entry["fields"], title=f"{key}-title")
        if entry["crossref"]:
            fields["crossref"] = ",".join(entry["crossref"])
        if entry["xdata"]:
            fields["xdata"] = ",".join(entry["xdata"])
        db[key] = (entry["type"], fields)

    def lookup(k):
        return db.get(k.lower())

    cache = inherit.Shared()
    for key in db:
        alone, shared = [], []
        fresh = inherit.resolve(key, lookup, lambda c, p: alone.append((c, p)))
        cached = inherit.resolve(key, lookup, lambda c, p: shared.append((c, p)), cache)
        assert cached == fresh
        assert shared == alone


def test_long_cycle_refused_with_file_and_line(tmp_path):
    # 3,000 entries round one circle: each would walk the 3,000 (nine million steps); refused, not run.
    proc, text = _styled(tmp_path, _cycle(3000))
    assert proc.returncode != 0
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert "in.bib:" in proc.stderr and "inheritance steps" in proc.stderr
    assert text == ""


def test_walk_bound_counts_every_entry_walked():
    db = {f"r{i}": ("inproceedings", {"title": f"R{i}", "crossref": f"r{(i + 1) % 10}"}) for i in range(10)}
    shared = inherit.Shared(steps=40)  # ten walks of ten: the fourth spends it
    with pytest.raises(LimitError):
        for key in db:
            inherit.resolve(key, lambda k: db.get(k.lower()), None, shared)
    assert shared.steps_left < 0
