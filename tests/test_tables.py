"""Every shared table is defined once and kept in step with the format's own data model.

Name and date variables come from the CSL-JSON schema (``tests/schemas/csl-data.json``)
and biber's data model (``citekit/check/data/biblatex-dm.json``, generated from
``blx-dm.def``); the month macros from BibTeX's own ``plain.bst`` (``tests/data/bibtex``).
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from citekit import bibscan, bibmap, csl, model, months
from citekit.bibmap import FIELDS, biblatex_datamodel, biblatex_fields
from citekit.check.common import NAME_FIELDS
from citekit.ids import isbns

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE / "schemas" / "csl-data.json").read_text(encoding="utf-8"))["items"]["properties"]


def _schema_vars(kind: str) -> set[str]:
    return {name for name, spec in SCHEMA.items() if f"#/definitions/{kind}-variable" in json.dumps(spec)}


def test_csl_name_and_date_variables_are_the_schemas():
    """csl.VARIABLES's name and date kinds are exactly the schema's name and date variables."""
    assert csl.NAME_VARIABLES == _schema_vars("name") and len(csl.NAME_VARIABLES) >= 26
    assert csl.DATE_VARIABLES == _schema_vars("date") and "issued" in csl.DATE_VARIABLES
    assert set(csl.VARIABLES) == set(SCHEMA) - {"id", "type", "custom"}


def test_the_renderer_reads_the_same_tables():
    """The CSL processor takes its name and date variables from csl.py (plus the style-only editor-translator)."""
    from citekit.render.cslproc import compile as cslproc

    assert cslproc.DATE_VARIABLES is csl.DATE_VARIABLES
    assert cslproc.NAME_VARIABLES == csl.NAME_VARIABLES | {"editor-translator"}


def test_biblatex_name_fields_are_the_data_models():
    """check's name-list fields are biber's datatype=name fields, the six it used to miss included."""
    declared = {f for f, spec in biblatex_datamodel()["fields"].items() if spec["datatype"] == "name"}
    assert NAME_FIELDS == declared
    assert {"namea", "nameb", "namec", "shortauthor", "shorteditor", "sortname"} <= NAME_FIELDS


def test_the_mapping_table_agrees_with_both_models():
    """Every names row of bibmap joins a CSL name variable to a biblatex name field; every date row, dates."""
    for row in FIELDS:
        if row.kind == "names":
            assert row.csl in csl.NAME_VARIABLES and row.biblatex in biblatex_fields("name"), row
        elif row.kind == "date" or row.csl in csl.DATE_VARIABLES:
            assert row.csl in csl.DATE_VARIABLES and row.biblatex in biblatex_fields("date"), row
    mapped_dates = {row.biblatex for row in FIELDS if row.csl in csl.DATE_VARIABLES}
    assert mapped_dates == biblatex_fields("date")  # every biblatex date field has its CSL variable


def test_month_macros_are_bibtexs_own():
    """The twelve macros and their texts are plain.bst's MACRO lines; every reader and writer shares them."""
    bst = (HERE / "data" / "bibtex" / "plain.bst").read_text(encoding="latin-1")
    macros = dict(re.findall(r'^MACRO \{(\w+)\} \{"([^"]*)"\}', bst, re.M))
    assert {k: v for k, v in macros.items() if k in months.MONTHS} == months.MONTH_MACROS
    assert list(months.MONTH_MACROS) == [k for k in macros if k in months.MONTH_MACROS]  # jan first, in order
    assert bibmap.MONTHS is months.MONTHS and bibscan.MONTH_MACROS is months.MONTH_MACROS
    assert bibscan.expand("jan", {}) == ("January", [])
    assert months.month_number("Sept.") == 9 and months.month_number("march") == 3 and months.month_number("x") is None


@pytest.mark.parametrize("month", ["jan", "Jan", "JAN"])
def test_jan_is_january_for_convert_and_check(month):
    """``month = jan``: convert and check expand it alike."""
    from citekit.check.source import parse_bib
    from citekit.sources.bibtex import READER

    text = f"@misc{{a, title = {{T}}, year = 2020, month = {month}}}\n"
    entry = READER.read(text, "t.bib").entries[0]
    assert entry.issued.month == 1
    assert parse_bib(text, "t.bib").entries[0].get("month").text == "January"


def test_one_isbn_rule():
    """ISBN-10 and ISBN-13 of one book are one ISBN; a typo is none; a list gives each; spaces inside are allowed."""
    assert isbns("0-306-40615-2") == isbns("978-0-306-40615-7") == ["9780306406157"]
    assert isbns("978-0-306-40615-8") == []
    assert isbns("978 0 306 40615 7") == ["9780306406157"]
    assert isbns("0-306-40615-2; 978-3-16-148410-0") == ["9780306406157", "9783161484100"]


def test_one_is_record():
    """merge and the BibTeX writer ask the same question of the same function."""
    merge = importlib.import_module("citekit.merge")
    bibtex_writer = importlib.import_module("citekit.exporters.bibtex")
    assert merge.is_record is model.is_record and bibtex_writer.is_record is model.is_record
    assert merge.RECORD_SOURCES is model.RECORD_SOURCES
