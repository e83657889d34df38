"""Golden reader cases: each input is detected as its reader and read exactly as expected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citekit.exporters.json_full import entry_to_dict
from citekit.sources import READERS, detect

from conftest import GOLDEN

CASES = sorted((GOLDEN / "sources").glob("*/*.txt"))


def _text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:  # CRLF kept: readers must cope
        return fh.read()


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_detected_as_its_reader(path: Path) -> None:
    """``detect`` picks the reader the case is filed under."""
    assert detect(_text(path), path.name).name == path.parent.name


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_read_exactly(path: Path) -> None:
    """The reader's entries (without provenance) and problems equal the reviewed expectation."""
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    library = READERS.get(path.parent.name).read(_text(path), path.name)
    assert [entry_to_dict(e, with_provenance=False) for e in library.entries] == expected["entries"]
    assert [str(p) for p in library.problems] == expected["problems"]


def test_every_reader_has_golden_cases() -> None:
    """Each reader owned here has at least one golden case, and each case has an expectation."""
    for name in ("abstracts", "profile", "arxiv-listing", "hf-daily", "hf-list", "ids", "arxiv-snapshot"):
        assert list((GOLDEN / "sources" / name).glob("*.txt")), name
    for path in CASES:
        assert path.with_name(path.stem + ".expected.json").is_file(), path
