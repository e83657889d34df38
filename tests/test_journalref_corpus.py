"""The journal-reference parser on real arXiv references (tests/data/journalref, see SOURCES.md).

``expected.jsonl`` holds hand-checked parses of 1,700-odd references from arXiv's own listing
files; references a reader cannot take apart are marked ``parseable: false``. A reference
is *right* when the parser reads it with confidence and every part agrees, *reported*
when the parser says it cannot read it, and *wrong* when it reads it with confidence and
a part disagrees: the case that must stay rare, as nobody would notice it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citekit.journalref import parse_journal_ref

DATA = Path(__file__).parent / "data" / "journalref"
PARTS = ("venue", "volume", "number", "pages", "year")


def _same(part: str, got: str | None, want: str | None) -> bool:
    """Parts agree; venues are compared without spaces, dots and case (``Astron.Astrophys.`` is ``Astron. Astrophys.``)."""
    if part == "venue" and got and want:
        return re.sub(r"[\s.]", "", got).casefold() == re.sub(r"[\s.]", "", want).casefold()
    return got == want


def _expected() -> list[dict]:
    return [json.loads(line) for line in (DATA / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line]


def score(rows: list[dict]) -> tuple[int, int, list[str], list[str]]:
    """(parseable, right, wrong, reported) over the rows."""
    parseable = right = 0
    wrong: list[str] = []
    reported: list[str] = []
    for row in rows:
        ref = parse_journal_ref(row["journal_ref"])
        if not row["parseable"]:
            continue
        parseable += 1
        if ref is None or not ref.exact:
            reported.append(row["journal_ref"])
        elif all(_same(part, getattr(ref, part), row[part]) for part in PARTS):
            right += 1
        else:
            wrong.append(f"{row['journal_ref']!r}: " + ", ".join(
                f"{part} {getattr(ref, part)!r} != {row[part]!r}" for part in PARTS if not _same(part, getattr(ref, part), row[part])))
    return parseable, right, wrong, reported


def test_real_references_are_read_right():
    """At least 95% of the references a reader can take apart are read right."""
    parseable, right, wrong, reported = score(_expected())
    assert parseable > 800
    assert right / parseable >= 0.95, (right, parseable, wrong, reported)


def test_no_reading_is_wrong_without_a_report():
    """No confident reading is wrong: whatever could be read two ways is reported instead."""
    _parseable, _right, wrong, _reported = score(_expected())
    assert wrong == []


@pytest.mark.parametrize("row", [r for r in _expected() if not r["parseable"]], ids=lambda r: r["journal_ref"][:40])
def test_unreadable_references_are_reported(row):
    """What a reader cannot take apart is never read with confidence."""
    ref = parse_journal_ref(row["journal_ref"])
    assert ref is not None and not ref.exact and ref.reason


def test_every_sample_reference_parses_to_something():
    """Every one of the ~1,700 sampled references gives a venue, and an unsure one a reason."""
    for line in (DATA / "refs.jsonl").read_text(encoding="utf-8").splitlines():
        ref = parse_journal_ref(json.loads(line)["journal_ref"])
        assert ref is not None and ref.venue
        assert ref.exact or ref.reason
