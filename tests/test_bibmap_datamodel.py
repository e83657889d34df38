"""The BibLaTeX writer's table of accepted fields is derived from the generated data model (biblatex-dm.json)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from citekit import bibmap
from citekit.bibmap import BIBLATEX_LEGACY_DATE_PARTS, biblatex_accepts, biblatex_accepts_table, write_field
from citekit.check.datamodel import _DATA, biblatex_model
from citekit.exporters import ExportOptions
from citekit.exporters.bibtex import BIBLATEX
from citekit.model import Entry, Library, Name, PartialDate


def _model_json() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def test_every_model_type_has_exactly_the_model_fields_less_date_parts():
    """Per type: the model's fields, each date field where the model takes its year, no other date part."""
    model = biblatex_model()
    data = _model_json()
    dates = {name for name, spec in data["fields"].items() if spec["datatype"] == "date"}
    table = biblatex_accepts_table()
    for etype in data["types"]:
        taken = model.entry_fields["*"] | model.entry_fields.get(etype, frozenset())
        parts = {f for f in taken if f not in data["fields"]} - set(BIBLATEX_LEGACY_DATE_PARTS)
        expected = (taken - parts) | {d for d in dates if d.removesuffix("date") + "year" in taken}
        assert table[etype] == expected, etype


def test_date_parts_are_the_undeclared_entry_fields():
    """The rule the writer's exception rests on: blx-dm.def's undeclared entry fields are exactly date parts."""
    data = _model_json()
    dates = [name.removesuffix("date") for name, spec in data["fields"].items() if spec["datatype"] == "date"]
    undeclared = {f for fields in data["entry_fields"].values() for f in fields if f not in data["fields"]}
    assert undeclared
    assert all(any(f.startswith(prefix) for prefix in dates) for f in undeclared), undeclared
    assert {"year", "month", "day", "eventyear", "urlday", "origendyear"} <= undeclared


def test_the_table_is_the_module_attribute_and_shared_with_check():
    """bibmap.BIBLATEX_ACCEPTS is the derived table, and check's model reads the same loaded JSON."""
    assert bibmap.BIBLATEX_ACCEPTS is biblatex_accepts_table()
    assert bibmap.DATAMODEL_PATH == _DATA
    assert biblatex_model().types == frozenset(bibmap.biblatex_datamodel()["types"])
    with pytest.raises(AttributeError):
        bibmap.NO_SUCH_TABLE  # noqa: B018


@pytest.mark.parametrize("etype, field, accepted", [
    ("inproceedings", "eventdate", True),  # the model takes eventyear for event types
    ("article", "eventdate", False),  # the hand table had eventdate for every type: biber warned eventyear
    ("misc", "eventdate", False),
    ("article", "date", True),
    ("online", "urldate", True),
    ("book", "origdate", True),
    ("mvcollection", "series", False),  # the hand table gave mvcollection the book fields' series
    ("mvreference", "series", False),
    ("collection", "series", True),
    ("article", "usera", True),  # universal fields the hand table lacked
    ("book", "verbb", True),
    ("misc", "namea", True),
    ("article", "day", False),  # a date part (biblatex removed the day field): date says it
    ("article", "eventyear", False),
    ("periodical", "yeardivision", False),
    ("article", "year", True),  # legacy BibTeX-style date fields biber still reads
    ("article", "month", True),
    ("standard", "title", False),  # blx-dm.def gives @standard only the universal fields
    ("standard", "doi", True),
    ("phdthesis", "institution", True),  # biber validates a @phdthesis as the @thesis it reads
    ("phdthesis", "journaltitle", False),
    ("techreport", "isrn", True),
    ("nosuchtype", "anything", True),  # a type biber does not know: nothing to check it against
])
def test_biblatex_accepts(etype, field, accepted):
    """What the writer may put in each entry type, including the fixes over the old hand-typed table."""
    assert biblatex_accepts(etype, field) is accepted
    assert biblatex_accepts(etype.upper(), field.upper()) is accepted


def test_event_date_is_written_only_where_biblatex_takes_it():
    """CSL event-date becomes eventdate in @inproceedings, and no field in @article."""
    assert write_field("event-date", "inproceedings", "biblatex") == "eventdate"
    assert write_field("event-date", "article", "biblatex") is None
    assert write_field("event-date", "misc", "bibtex") == "eventdate"  # classic BibTeX has no data model


def _entry(ctype: str, key: str, **vars_) -> Entry:
    e = Entry(type=ctype, key=key, title="A talk on rivers", author=[Name("Okafor", "Chidi")], issued=PartialDate(2020, 5))
    e.vars.update(vars_)
    return e


def _fields(text: str) -> dict[str, dict[str, str]]:
    from citekit.sources import read_text

    return {e.key: e.extra["bibtex"]["fields"] for e in read_text(text, "out.bib", "bibtex").entries}


def test_writer_keeps_event_date_of_a_misc_in_the_note():
    """A speech's event date is no field of @misc: not written for biber to reject, but kept in the note."""
    lib = Library(entries=[_entry("speech", "talk", **{"event-date": {"date-parts": [[2020, 5, 3]]}}),
                           _entry("paper-conference", "paper", **{"event-date": {"date-parts": [[2020, 5, 3]]}})])
    lib.entries[1].container_title = "Proceedings of RiverConf"
    fields = _fields(BIBLATEX.write(lib, ExportOptions()))
    assert "eventdate" not in fields["talk"]
    assert fields["paper"]["eventdate"] == "{2020-05-03}"
    # No field for it in @misc: kept as a note line in Zotero's form, which citekit reads back as event-date.
    assert "event-date: 2020-05-03" in fields["talk"]["note"]


def test_note_lines_biblatex_accepts_become_fields():
    """A CSL note's usera/verba lines are fields biblatex takes; a day line is no field and stays in the note."""
    lib = Library(entries=[_entry("article-journal", "a", note="usera: first\nverba: a_b&c\nday: 3")])
    lib.entries[0].container_title = "Journal of Rivers"
    fields = _fields(BIBLATEX.write(lib, ExportOptions()))["a"]
    assert fields["usera"] == "{first}"
    assert fields["verba"] == "{a_b&c}"  # a verbatim field: written as it stands, not LaTeX-escaped
    assert "day" not in fields
    assert "day: 3" in fields["note"]


def test_loading_is_lazy_and_does_not_import_check(tmp_path):
    """Importing bibmap reads no file; a BibLaTeX write reads the JSON once and leaves citekit.check unimported."""
    code = (
        "import sys\n"
        "from citekit import bibmap\n"
        "assert bibmap.biblatex_datamodel.cache_info().currsize == 0\n"
        "from citekit.exporters.bibtex import BIBLATEX\n"
        "from citekit.exporters import ExportOptions\n"
        "from citekit.model import Entry, Library\n"
        "BIBLATEX.write(Library(entries=[Entry(type='book', key='k', title='T')]), ExportOptions())\n"
        "BIBLATEX.write(Library(entries=[Entry(type='report', key='r', title='T')]), ExportOptions())\n"
        "info = bibmap.biblatex_datamodel.cache_info()\n"
        "assert (info.misses, info.currsize) == (1, 1), info\n"
        "assert not any(m == 'citekit.check' or m.startswith('citekit.check.') for m in sys.modules)\n"
    )
    # The same citekit the tests import (the checkout or the installed copy), from a neutral directory.
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
