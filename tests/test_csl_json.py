"""CSL-JSON output: valid against the vendored CSL-JSON schema, Zotero's preprint form, and read back whole."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from bibcases import awkward_records, complete_records, library
from citekit.exporters import ExportOptions
from citekit.exporters.csl_json import WRITER
from citekit.model import Entry, Library, Name, PartialDate
from citekit.sources.csl_json import READER

SCHEMA = json.loads((Path(__file__).resolve().parent / "schemas" / "csl-data.json").read_text(encoding="utf-8"))


def _items(entries: list[Entry]) -> list[dict]:
    return json.loads(WRITER.write(library(entries), ExportOptions()))


@pytest.mark.parametrize("entries", [complete_records, awkward_records])
def test_output_validates_against_the_schema(entries):
    """Every item validates against the CSL-JSON schema (types, variables, names, dates)."""
    jsonschema.validate(_items(entries()), SCHEMA)


def test_the_schema_rejects_what_it_should():
    """The vendored schema is not a rubber stamp: an unknown variable, type or name part fails."""
    validator = jsonschema.Draft7Validator(SCHEMA)
    assert not validator.is_valid([{"id": "a", "type": "journal-paper"}])
    assert not validator.is_valid([{"id": "a", "type": "article", "journal": "J"}])
    assert not validator.is_valid([{"id": "a", "type": "article", "author": [{"last": "X"}]}])
    assert not validator.is_valid([{"type": "article"}])


def test_preprints_in_zoteros_form():
    """A preprint: type article, publisher arXiv, number arXiv:ID, the arXiv DOI, URL, date-parts."""
    (item,) = _items(complete_records()[:1])
    assert item["type"] == "article" and item["publisher"] == "arXiv"
    assert item["number"] == "arXiv:2410.10630" and item["DOI"] == "10.48550/arXiv.2410.10630"
    assert item["URL"] == "https://arxiv.org/abs/2410.10630"
    assert item["issued"] == {"date-parts": [[2024, 10, 14]]}
    assert item["id"] == "wu2024thinking"


def test_a_date_without_a_year_is_not_invented():
    """``Dec 10`` without a year gives no ``issued`` (CSL needs a year) and is kept in ``custom``."""
    (item,) = _items([Entry(title="T", issued=PartialDate(None, 12, 10))])
    assert "issued" not in item and item["custom"]["listed-date"] == "--12-10"


def test_read_back_loses_nothing():
    """Writing and reading CSL-JSON gives the same entries (arXiv fields through ``custom``)."""
    entries = complete_records() + awkward_records()
    lib = library(entries)
    back = READER.read(WRITER.write(lib, ExportOptions()), "x.json")
    for a, b in zip(lib.entries, back.entries):
        assert (a.title, a.author, a.issued, a.arxiv_id, a.primary_class) == (b.title, b.author, b.issued, b.arxiv_id, b.primary_class)
