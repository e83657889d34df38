"""Entry <-> CSL-JSON is lossless: the whole CSL 1.0.2 vocabulary, names with every part,
dates in every form, what lies beyond the spec, and bad values read or reported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citekit.csl import CROSSREF_TYPES, CSL_TYPES, VARIABLES, csl_to_entry, csl_value, entry_to_csl, same_item
from citekit.exporters import ExportOptions
from citekit.exporters.csl_json import WRITER
from citekit.model import Entry, Library, Name, PartialDate, Provenance
from citekit.sources.csl_json import READER

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "csl"
SCHEMA = json.loads((HERE / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
PROV = Provenance("csl-json", "t.json", 1)
#: What a Python repr looks like in text; none may reach an output.
REPR = re.compile(r"\bTrue\b|\bFalse\b|\bNone\b|\binf\b|\bnan\b|Name\(|PartialDate\(|\{'|\['")


def _round_trip(items: list[dict]) -> tuple[list[dict], Library]:
    library = READER.read(json.dumps(items), "t.json")
    return json.loads(WRITER.write(library, ExportOptions())), library


def _fixture(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _value_for(var: str, kind: str, index: int):
    """A distinct value of ``kind`` for variable ``var``, in the form the writer gives back."""
    if kind == "name":
        return [{"family": f"Fam{index}", "given": f"Giv{index}", "non-dropping-particle": "van", "suffix": "Jr."}]
    if kind == "date":
        return {"date-parts": [[1900 + index, 1 + index % 12, 1 + index % 28]]}
    if kind == "list":
        return [f"cat{index}", "other"]
    return f"value {index} of {var}"


def test_the_vocabulary_is_the_schemas():
    """The variable table names exactly the schema's variables, each with the schema's kind."""
    props = SCHEMA["items"]["properties"]
    assert set(VARIABLES) == set(props) - {"id", "type", "custom"}
    for var, kind in VARIABLES.items():
        spec = json.dumps(props[var])
        expected = {"name": "name-variable", "date": "date-variable", "number": '["string", "number"]',
                    "list": '"array"', "standard": '{"type": "string"}'}[kind]
        assert expected in spec, var
    assert CSL_TYPES == set(props["type"]["enum"])


def test_every_variable_comes_back():
    """An item carrying every CSL variable at once is read and written back exactly."""
    item = {"id": "all", "type": "book"}
    item.update({var: _value_for(var, kind, i) for i, (var, kind) in enumerate(sorted(VARIABLES.items()))})
    (back,), library = _round_trip([item])
    assert back == item
    assert library.problems == []


@pytest.mark.parametrize("ctype", sorted(CSL_TYPES))
def test_every_type_comes_back(ctype):
    """Each CSL type survives the round trip as it was."""
    (back,), _ = _round_trip([{"id": "x", "type": ctype, "title": "T", "editor": [{"family": "E"}]}])
    assert back["type"] == ctype and back["editor"] == [{"family": "E"}]


def test_a_zotero_library_comes_back_the_same():
    """The Zotero-shaped fixture: same items, ids, every variable (normalisations only)."""
    items = _fixture("zotero_library.json")
    back, library = _round_trip(items)
    assert [b["id"] for b in back] == [i["id"] for i in items]
    assert [same_item(a, b) for a, b in zip(items, back)] == [[] for _ in items]
    assert library.problems == []


def test_names_keep_every_part():
    """Particles, suffix with comma, institutions and static ordering reach the Entry and come back."""
    (first, *_), library = _round_trip(_fixture("zotero_library.json"))
    entry = library.entries[0]
    berg, gaulle, king, society = entry.author
    assert (berg.non_dropping_particle, berg.family, berg.full_family) == ("van der", "Berg", "van der Berg")
    assert (gaulle.dropping_particle, gaulle.family) == ("de", "Gaulle")
    assert (king.suffix, king.comma_suffix) == ("Jr.", True)
    assert society.is_institution and society.literal == "The Chaucer Society"
    assert first["translator"] == [{"family": "Mao", "given": "Zedong", "static-ordering": "true"}]
    assert entry.vars["editor"] == [{"family": "Doe", "given": "Jane"}]
    assert entry.vars["container-author"] == [{"family": "Chaucer", "given": "Geoffrey"}]


def test_dates_in_every_form():
    """Ranges, circa, seasons, literal and raw dates live in vars; entry.issued holds the first date."""
    library = READER.read((FIXTURES / "zotero_library.json").read_text(encoding="utf-8"), "z.json")
    chapter, article, conf, thesis, film, page, _ = library.entries
    assert chapter.issued == PartialDate(2019, 3) and "issued" not in chapter.vars
    assert chapter.vars["original-date"] == {"date-parts": [[1387], [1400]], "circa": True}
    assert article.issued == PartialDate(2021) and article.vars["issued"]["season"] == "21"
    assert conf.vars["event-date"] == {"date-parts": [[2018, 7, 15], [2018, 7, 20]]}
    assert thesis.issued is None and thesis.vars["issued"] == {"literal": "Spring term, 2015"}
    assert film.issued == PartialDate(1999, 3, 31) and film.vars["issued"] == {"raw": "1999-03-31"}
    assert page.vars["accessed"] == {"date-parts": [[2023, 5, 6]]}


def test_a_vars_key_wins_over_the_named_field():
    """``vars["issued"]`` (a range) is what is written, not ``entry.issued``."""
    entry = Entry(title="T", issued=PartialDate(2000), vars={"issued": {"date-parts": [[2000], [2002]]}})
    assert entry_to_csl(entry)["issued"] == {"date-parts": [[2000], [2002]]}


def test_engines_get_raw_dates_as_date_parts_and_files_keep_raw():
    """A ``raw`` EDTF date gains ``date-parts`` for the engine; the CSL-JSON file keeps it as it came."""
    entry, _ = csl_to_entry({"id": "r", "type": "book", "issued": {"raw": "2021-03"}}, PROV)
    assert entry_to_csl(entry)["issued"] == {"raw": "2021-03", "date-parts": [[2021, 3]]}
    assert entry_to_csl(entry, faithful=True)["issued"] == {"raw": "2021-03"}


def test_beyond_the_spec_is_kept():
    """Unknown keys, other programs' custom keys and a numeric id are written back as they came."""
    back, library = _round_trip(_fixture("zotero_library.json"))
    page = back[5]
    assert page["id"] == 42 and page["x-local-shelf"] == "B2"
    assert page["custom"] == {"zotero-key": "ABCD1234", "rating": 5}
    assert page["categories"] == ["web", "docs"]


def test_a_zotero_preprint_is_the_users_record():
    """An arXiv item in Zotero's form is read as a preprint but written back unchanged."""
    items = _fixture("zotero_library.json")
    back, library = _round_trip(items)
    assert library.entries[6].arxiv_id == "2401.01234"
    assert back[6] == items[6]


def test_arxiv_fields_still_go_through_custom():
    """An entry from arXiv keeps its class and comment in ``custom`` and reads them back."""
    entry = Entry(title="T", arxiv_id="2401.00001", primary_class="cs.CL", comment="9 pages", key="k")
    item = entry_to_csl(entry)
    assert item["custom"]["arxiv-primary-class"] == "cs.CL" and item["publisher"] == "arXiv"
    again, _ = csl_to_entry(item, PROV)
    assert (again.arxiv_id, again.primary_class, again.comment) == ("2401.00001", "cs.CL", "9 pages")


def test_rich_text_stays_markup():
    """CSL-JSON's HTML-like markup is written back as markup, byte for byte."""
    items = _fixture("zotero_library.json")
    back, _ = _round_trip(items)
    assert back[0]["title"] == items[0]["title"] and '<span class="nocase">iPhone</span>' in back[0]["title"]
    assert back[1]["title"] == items[1]["title"] and "<sub>2</sub>" in back[1]["title"]


def test_bad_values_are_read_where_the_intent_is_clear():
    """Authors as strings, dates as strings or raw, numbers as numbers: read, with a warning."""
    library = READER.read((FIXTURES / "bad_values.json").read_text(encoding="utf-8"), "bad.json")
    by_key = {e.key: e for e in library.entries}
    assert by_key["str-author"].author == [Name(family="Doe", given="Jane")]
    assert by_key["str-author"].issued == PartialDate(2021, 3)
    assert [n.display() for n in by_key["str-authors"].author] == ["Jane Doe", "John Roe"]
    assert by_key["str-authors"].vars["editor"] == [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}]
    assert by_key["str-authors"].issued == PartialDate(2021, 3)
    assert by_key["literal-date"].vars["accessed"] == {"date-parts": [[2020], [2021]]}
    assert (by_key["numbers"].volume, by_key["numbers"].issue, by_key["numbers"].page) == ("5", "2", "7.5")
    assert by_key["odd-names"].author == [Name(family="Ok")]
    assert by_key["odd-date"].vars["submitted"] == {"date-parts": [[-44, 3, 15]]}


def test_bad_values_otherwise_name_the_item_and_field():
    """What cannot be read is a warning naming the item's id and the variable."""
    library = READER.read((FIXTURES / "bad_values.json").read_text(encoding="utf-8"), "bad.json")
    messages = [p.message for p in library.problems]
    for item_id, var in [("numbers", "edition"), ("numbers", "ISBN"), ("numbers", "number-of-pages"),
                         ("bool-title", "title"), ("odd-names", "author"), ("odd-names", "translator"),
                         ("odd-date", "issued"), ("str-author", "author")]:
        assert any(f'"{item_id}"' in m and var in m for m in messages), (item_id, var)
    assert all(p.line for p in library.problems)
    (nothing,) = [p for p in library.problems if '"nothing"' in p.message]
    assert nothing.line == 9  # the line the item starts on


def test_line_numbers_survive_odd_layouts():
    """Items on one line, strings holding brackets, a non-object item: each gets its own line."""
    text = '[{"id": "a", "title": "x ] { ["},\n 5,\n\n  {"id": "b"}]'
    library = READER.read(text, "odd.json")
    lines = {(p.message.split(":")[0].split(" has ")[0].split(" is ")[0], p.line) for p in library.problems}
    assert lines == {('item "a"', 1), ("item 2", 2), ('item "b"', 4)}
    assert [e.key for e in library.entries] == ["a", "b"]


def test_no_item_is_dropped():
    """An item with no title, author or id, and one without a type, are kept with a warning."""
    items = _fixture("bad_values.json")
    back, library = _round_trip(items)
    assert [b["id"] for b in back] == [i["id"] for i in items]
    by_key = {e.key: e for e in library.entries}
    assert by_key["no-type"].type == "document" and by_key["nothing"].type == "article"
    messages = [p.message for p in library.problems]
    assert any('"no-type"' in m and "no type" in m for m in messages)
    assert any('"nothing"' in m and "no title" in m for m in messages)


def test_unreadable_values_go_back_to_the_file_but_not_to_engines():
    """A boolean title returns to the CSL-JSON file as JSON ``true``; an engine never sees it."""
    items = _fixture("bad_values.json")
    back, library = _round_trip(items)
    assert [same_item(a, b) for a, b in zip(items, back) if a["id"] != "no-type"] == [[]] * (len(items) - 1)
    bool_title = next(e for e in library.entries if e.key == "bool-title")
    assert "title" not in entry_to_csl(bool_title) and back[4]["title"] is True
    assert entry_to_csl(next(e for e in library.entries if e.key == "bad-type"))["type"] == "document"


@pytest.mark.parametrize("to", ["json", "csl-json", "text", "html", "bibtex", "biblatex"])
def test_no_python_repr_reaches_an_output(cli, tmp_path, to):
    """Booleans, infinities, odd objects: no ``True``, ``inf``, ``{'`` or ``Name(`` in any output."""
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([
        {"id": "a", "type": "book", "title": "T", "volume": True, "issue": 1e400, "page": {"5": ["x"]},
         "author": [{"family": "Doe", "given": True}], "note": ["x", 5], "ISBN": [5, ["x"]]},
        {"id": "b", "type": "book", "title": "U", "edition": 2.0, "number-of-pages": "NaN-free"},
    ], allow_nan=True), encoding="utf-8")  # 1e400 is written as JSON's Infinity
    result = cli("convert", str(path), "--to", to)
    assert result.exit_code == 0, result.output
    assert not REPR.search(result.stdout), result.stdout


def test_to_json_works_for_a_bib_with_authors(cli, tmp_path):
    """``--to json`` on a .bib with authors writes names as CSL name objects."""
    bib = tmp_path / "a.bib"
    bib.write_text("@article{k, author = {van der Berg, Jr., Anna and {ACME Corp}}, title = {T}, year = 2020}\n",
                   encoding="utf-8")
    result = cli("convert", str(bib), "--to", "json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["entries"]
    assert "Berg" in entry["author"][0]["family"] and entry["author"][1] == {"literal": "ACME Corp"}


def test_to_json_works_for_every_csl_input(cli):
    """``--to json`` on the CSL fixtures writes every entry with its vars."""
    for name in ("zotero_library.json", "bad_values.json"):
        result = cli("convert", str(FIXTURES / name), "--to", "json")
        assert result.exit_code == 0, result.output
        entries = json.loads(result.stdout)["entries"]
        assert len(entries) == len(_fixture(name))
    assert entries[1]["vars"]["editor"][0]["family"] == "Beethoven"


def test_strict_refuses_what_it_had_to_guess(cli):
    """Under ``--strict`` the warnings about bad values fail the run."""
    result = cli("convert", str(FIXTURES / "bad_values.json"), "--to", "csl-json", "--strict")
    assert result.exit_code == 1


CORPUS = HERE.parent.parent / "corpus" / "csl"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no /work/corpus/csl here")
def test_real_libraries_come_back_the_same():
    """Every CSL-JSON file of the shared corpus: 0 dropped items, 0 changed values."""
    checked = 0
    for path in sorted(CORPUS.glob("*.json")):
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
        items = data.get("items", [data]) if isinstance(data, dict) else data
        library = READER.read(text, path.name)
        back = json.loads(WRITER.write(library, ExportOptions()))
        assert len(back) == len([i for i in items if isinstance(i, dict)]), path.name
        for a, b in zip([i for i in items if isinstance(i, dict)], back):
            if "type" not in a or a["type"] in CROSSREF_TYPES:
                a = {**a, "type": b["type"]}  # typed by citekit: a stated normalisation
            assert same_item(a, b) == [] or (same_item(a, b) == ["id"] and "id" not in a), (path.name, a.get("id"))
        checked += len(back)
    assert checked


def test_crossref_answers_are_read_as_csl():
    """doi.org's Crossref shape: its work types, ISSN/ISBN lists, names with extra keys, no id."""
    items = _fixture("crossref.json")
    back, library = _round_trip(items)
    article, book, chapter = library.entries
    assert (article.type, book.type, chapter.type) == ("article-journal", "book", "chapter")
    assert article.vars["ISSN"] == "1234-5679, 2345-6780" and book.vars["ISBN"] == "9780000000002"
    assert [n.family for n in article.author] == ["Author", "Second"]
    engine_item = entry_to_csl(article)
    assert engine_item["type"] == "article-journal" and engine_item["ISSN"] == "1234-5679, 2345-6780"
    # The file gets back what it had (the lists, the extra name keys), in CSL's types.
    assert [same_item(a, {**b, "id": a.get("id"), "type": a["type"]}) for a, b in zip(items, back)] == [[], [], []]
    assert [b["type"] for b in back] == ["article-journal", "book", "chapter"]
    assert back[0]["author"][1]["affiliation"] == [{"name": "Univ"}] and back[0]["ISSN"] == items[0]["ISSN"]
    assert any("Crossref's type" in p.message for p in library.problems)


def test_written_items_validate_against_the_schema():
    """What citekit writes from items within the spec is valid CSL-JSON (institutions included)."""
    import jsonschema

    back, _ = _round_trip(_fixture("zotero_library.json"))
    # Item 0 carries isInstitution and item 5 an unknown key: the user's own, written back.
    jsonschema.validate(back[1:5] + back[6:], SCHEMA)
    entry = Entry(title="T", key="k", author=[Name(literal="ACME Corp", is_institution=True)])
    jsonschema.validate([entry_to_csl(entry)], SCHEMA)


def test_a_zotero_uri_id_gives_way_to_the_citation_key():
    """Zotero's item URI stays the CSL id; the key (for .bib and \\cite) is Better BibTeX's citation-key."""
    items = _fixture("zotero_library.json")
    back, library = _round_trip(items)
    assert library.entries[0].key == "vanderberg2019canterbury"
    assert back[0]["id"] == "http://zotero.org/users/1234567/items/8ZQ4K2JD"
    library.entries[0].key = "renamed"  # a key the user asked for (--rekey) is what gets written
    assert entry_to_csl(library.entries[0])["id"] == "renamed"


def test_csl_value_agrees_with_the_whole_item():
    """``csl_value`` gives, variable by variable, what ``entry_to_csl`` writes (items without arXiv ids)."""
    library = READER.read((FIXTURES / "zotero_library.json").read_text(encoding="utf-8"), "z.json")
    for entry in library.entries[:6]:
        item = entry_to_csl(entry, faithful=True)
        for var in VARIABLES:
            assert csl_value(entry, var) == item.get(var), (entry.key, var)
