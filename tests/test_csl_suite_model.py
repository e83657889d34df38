"""No CSL test-suite fixture is lost to the model: items read and written back are the same
items, and citekit's engine renders them exactly as it renders the raw items.

The fixtures are the official CSL processor test suite, vendored in
``tests/data/csl-suite/humans.tar.xz`` (read by ``benchmarks/cite_suite.py``). The comparison
is the engine with itself, so it holds whatever the engine's own conformance.
The deliberate normalisations (see :mod:`citekit.csl`): an item without ``type`` is typed
``document`` and one without ``id`` gets one; the engine is then fed the raw item with
that same type, so both sides render the same record.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from citekit.csl import UNTYPED, entry_to_csl, same_item
from citekit.exporters import ExportOptions
from citekit.exporters.csl_json import WRITER
from citekit.exporters.json_full import WRITER as JSON_WRITER
from citekit.sources.csl_json import READER

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import cite_suite  # noqa: E402

ALL = cite_suite.fixtures()
BIBLIOGRAPHY = [f for f in ALL if f.mode == "bibliography"]


def _read(fixture):
    text = fixture.sections["INPUT"]
    return json.loads(text), READER.read(text, fixture.name + ".json")


def _typed(item: dict) -> dict:
    """The raw item as the reader types it: ``document`` when it states no type."""
    return item if item.get("type") else {**item, "type": UNTYPED}


def test_the_suite_is_all_there():
    """The counts the suite's README states: 845 fixtures, 199 of them bibliographies."""
    assert len(ALL) >= 845 and len(BIBLIOGRAPHY) >= 199


@pytest.mark.parametrize("path", ALL, ids=lambda f: f.name)
def test_items_come_back_the_same(path):
    """Every fixture's items, read and written as CSL-JSON (and ``--to json``): same count, ids and variables."""
    raw, library = _read(path)
    written = json.loads(WRITER.write(library, ExportOptions()))
    assert len(json.loads(JSON_WRITER.write(library, ExportOptions()))["entries"]) == len(raw)
    assert len(written) == len(raw), "an item was dropped"
    for before, after in zip(raw, written):
        differ = same_item(_typed(before), after)
        if "id" not in before:
            differ = [k for k in differ if k != "id"]
        assert differ == [], f"{before.get('id')}: {differ}"


@pytest.mark.parametrize("path", BIBLIOGRAPHY, ids=lambda f: f.name)
def test_the_engine_renders_own_items_as_raw_items(path, tmp_path):
    """The bibliography from citekit's own items equals the one from the raw items, entry for entry."""
    from citekit.render.cslproc.style import parse_style
    from citekit.render.engine import csl_bibliography

    raw, library = _read(path)
    style = parse_style(path.sections["CSL"])
    assert csl_bibliography(style, [entry_to_csl(e) for e in library.entries]) == \
        csl_bibliography(style, [_typed(item) for item in raw])


#: Fixtures whose CLI run differs from the raw items today, each with its reason. A fixture
#: that starts passing must leave this list in the same commit (the xfail is strict).
@pytest.mark.parametrize("path", BIBLIOGRAPHY, ids=lambda f: f.name)
def test_the_cli_renders_a_csl_json_file_as_the_raw_items(path, tmp_path, cli):
    """``citekit convert F.json --from csl-json --to text --style F.csl`` prints what the raw items give."""
    from citekit.render.cslproc.style import parse_style
    from citekit.render.engine import csl_bibliography
    from citekit.render.rich import BACKENDS

    raw, _ = _read(path)
    sections = path.sections
    style, data = tmp_path / f"{path.name}.csl", tmp_path / f"{path.name}.json"
    style.write_text(sections["CSL"], encoding="utf-8")
    data.write_text(sections["INPUT"], encoding="utf-8")
    result = cli("convert", str(data), "--from", "csl-json", "--to", "text", "--style", str(style))
    assert result.exit_code == 0, result.output
    expected = [BACKENDS["text"](rich) for _, rich in csl_bibliography(parse_style(sections["CSL"]), [_typed(i) for i in raw])
                if rich.strip()]
    assert result.stdout.rstrip("\n").split("\n\n") == (expected or [""])
