"""citekit's full JSON form is written entry by entry, and reads as one ``json.dumps`` of the whole."""

from __future__ import annotations

import json

from citekit.exporters import ExportOptions
from citekit.exporters.json_full import WRITER, entry_to_dict, plain
from citekit.model import Entry, Library, Name, PartialDate, Problem


def _whole(library: Library) -> str:
    data = {"entries": [entry_to_dict(e) for e in library.entries], "problems": [str(p) for p in library.problems]}
    if library.key_changes:
        data["key_changes"] = [plain(k) for k in library.key_changes]
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def test_entry_by_entry_is_the_same_text_as_one_dump() -> None:
    """Empty, one entry, several with nested values, newlines and quotes in strings, and problems."""
    libraries = [Library()]
    one = Library()
    one.entries.append(Entry(type="book", title="One", key="k1"))
    libraries.append(one)
    many = Library()
    many.entries.append(Entry(type="article-journal", title='A "quoted"\ntitle', key="a",
                              author=[Name(family="Doe", given="Jane")], issued=PartialDate(2020, 3),
                              vars={"editor": [{"family": "Roe"}], "note": "x\n  y"}, extra={"tags": ["a", "b"]}))
    many.entries.append(Entry(type="book", key="b", categories=["cs.LG"]))
    many.problems.append(Problem("something odd", "f.bib", 3))
    libraries.append(many)
    for library in libraries:
        text = WRITER.write(library, ExportOptions())
        assert text == _whole(library)
        json.loads(text)
