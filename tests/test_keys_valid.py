"""Keys are always valid: hostile ids cleaned, duplicates suffixed, case kept, every change recorded and mapped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import citekit
from citekit.keys import KeyAssigner, assign_keys, key_target, valid_key, write_key_map
from citekit.model import Entry, KeyChange, Library, Name, PartialDate, Provenance

HOSTILE = ["a b", "a,b", "a}b", "a{b", "x}, title = {owned", "y}\n@misc{injected,", "p(q)", "e=mc2", 'say"hi"',
           "c#d", "50%", "o'brien", "a~b", "back\\slash", "tab\there", "Müller2020", "日本語", "}", ""]


def _lib(keys: list[str], source: str = "csl-json") -> Library:
    entries = []
    for n, key in enumerate(keys):
        entry = Entry(type="book", key=key or None, title=f"Title {n}", author=[Name("Doe", "J")], issued=PartialDate(2020))
        entry.add_source(Provenance(source, "lib.json", n + 1))
        entries.append(entry)
    return Library(entries=entries)


@pytest.mark.parametrize("target", ["bibtex", "biblatex"])
def test_hostile_ids_become_valid_unique_keys(target: str) -> None:
    """No key holds a character BibTeX/biber refuse, keys stay unique, and each change is recorded."""
    lib = _lib(HOSTILE)
    assign_keys(lib, target=target)
    keys = [e.key for e in lib.entries]
    assert len(set(keys)) == len(keys) and all(keys)
    for key in keys:
        assert not set(key) & set(" \t\n,{}()=\"#%'~\\"), key
        assert not any(ch.isspace() or ord(ch) < 32 for ch in key), key
    changed = {c.old for c in lib.key_changes}
    assert changed == {k for k in HOSTILE if k and valid_key(k, target) != k}
    assert all(isinstance(c, KeyChange) and c.origin == "lib.json" and c.line for c in lib.key_changes)


def test_cleaning_keeps_letters_and_replaces_runs() -> None:
    """``Müller2020`` is kept for BibTeX and biber (both resolve UTF-8 keys); ``a, b`` -> ``a_b``; valid keys untouched."""
    assert valid_key("Müller2020") == "Müller2020" and valid_key("王2020") == "王2020"
    assert valid_key("Müller2020", "biblatex") == "Müller2020"
    assert valid_key("a, b") == "a_b"
    assert valid_key("DBLP:conf/acl/Smith20") == "DBLP:conf/acl/Smith20"
    assert valid_key("a b", "csl-json") == "a b"
    assert key_target("csl-json") == "csl-json" and key_target("bibtex") == "bibtex" and key_target("text") == "bibtex"


def test_hostile_ids_cannot_inject_an_entry_into_the_bib() -> None:
    """Written as BibTeX and read back: exactly as many entries as went in, with the keys assigned."""
    from citekit.exporters import WRITERS, ExportOptions
    from citekit.sources.bibtex import READER

    lib = _lib(HOSTILE)
    assign_keys(lib)
    text = WRITERS.get("bibtex").write(lib, ExportOptions())
    back = READER.read(text, "out.bib")
    assert [e.key for e in back.entries] == [e.key for e in lib.entries]


def test_valid_keys_are_kept_exactly_and_case_variants_are_not_renamed() -> None:
    """``Smith2020`` and ``smith2020`` are two keys for biber: both kept; classic BibTeX users are warned."""
    lib = _lib(["Smith2020", "smith2020", "DBLP:conf/x/Y20", "a-b_c.d+e"])
    assign_keys(lib)
    assert [e.key for e in lib.entries] == ["Smith2020", "smith2020", "DBLP:conf/x/Y20", "a-b_c.d+e"]
    assert not lib.key_changes
    assert any("differ only in case" in p.message for p in lib.problems)
    quiet = _lib(["Smith2020", "smith2020"])
    assign_keys(quiet, target="biblatex")
    assert not quiet.problems


def test_a_generated_key_never_differs_from_another_only_in_case() -> None:
    """An input key ``Doe2020Title`` reserves ``doe2020title`` for the generated keys."""
    lib = _lib(["Doe2020Title", ""])
    lib.entries[1].title = "Title"
    lib.entries[0].title = "Other"
    assign_keys(lib)
    assert [e.key for e in lib.entries] == ["Doe2020Title", "doe2020titlea"]


def test_duplicate_keys_get_suffixes_and_a_cleaned_key_never_takes_a_valid_one() -> None:
    """``dup`` twice -> ``dup``, ``dupb`` (``dupa`` is named later); ``a b`` cleaned never takes a real ``a_b``."""
    lib = _lib(["dup", "dup", "dupa", "a b", "a_b"])
    assign_keys(lib)
    assert [e.key for e in lib.entries] == ["dup", "dupb", "dupa", "a_ba", "a_b"]
    assert [(c.old, c.new) for c in lib.key_changes] == [("dup", "dupb"), ("a b", "a_ba")]


def test_key_map_is_a_tsv_with_a_header(tmp_path: Path) -> None:
    """``--key-map FILE``: old key, new key, reason; tabs and line breaks inside a value escaped."""
    lib = _lib(["a b", "tab\there", "ok"])
    assign_keys(lib)
    path = tmp_path / "keys.tsv"
    write_key_map(lib.key_changes, str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "old_key\tnew_key\treason"
    rows = [line.split("\t") for line in lines[1:]]
    assert [(r[0], r[1]) for r in rows] == [("a b", "a_b"), ("tab\\there", "tab_here")]
    assert all(len(r) == 3 and r[2] for r in rows)


def test_generated_keys_start_with_a_letter() -> None:
    """``4+3 Phases`` gives no ``43``; a ``{year}`` pattern or an arXiv stem gets a letter in front."""
    def key(pattern=None, **kw) -> str:
        lib = Library(entries=[Entry(**kw)])
        assign_keys(lib, pattern)
        return lib.entries[0].key

    assert key(title="4+3 Phases of Compute-Optimal Neural Scaling Laws") == "phasescompute"
    assert key(title="4+3 Phases", author=[Name("Paquette", "E")], issued=PartialDate(2024)) == "paquette2024phases"
    assert key(title="1984") == "anon"
    assert key("{year}{auth}", title="X", author=[Name("Li", "X")], issued=PartialDate(2020)) == "ref2020li"
    assert key("{arxiv}", arxiv_id="2410.10630") == "arxiv2410_10630"
    for title in ["3D Gaussian Splatting", "100 Years of Solitude", "2 + 2", "$5$ ways"]:
        assert key(title=title)[0].isalpha()


def test_csl_ids_are_kept_for_csl_json_output() -> None:
    """For CSL-JSON output any non-empty id is valid: ``a b`` stays ``a b``."""
    lib = _lib(["a b", "x,y"])
    assign_keys(lib, target="csl-json")
    assert [e.key for e in lib.entries] == ["a b", "x,y"] and not lib.key_changes


def test_streaming_assigner_cleans_keeps_case_variants_and_records_changes() -> None:
    """:class:`KeyAssigner` follows the same rules one entry at a time."""
    keys = KeyAssigner()
    got = [keys.claim(own, None, "big.bib", n)[0] for n, own in enumerate(["Smith2020", "smith2020", "a b", "Smith2020"])]
    assert got == ["Smith2020", "smith2020", "a_b", "Smith2020a"]
    assert [(c.old, c.new) for c in keys.changes] == [("a b", "a_b"), ("Smith2020", "Smith2020a")]


def test_a_csl_json_file_with_hostile_ids_converts_to_a_readable_bib(tmp_path: Path, cli) -> None:
    """End to end: ids with spaces, commas and braces give a .bib with one entry per item."""
    items = [{"id": k, "type": "book", "title": f"T{n}"} for n, k in enumerate(["a b", "a,b", "a}b", "ok"])]
    src = tmp_path / "lib.json"
    src.write_text(json.dumps(items), encoding="utf-8")
    result = cli("convert", str(src), "--from", "csl-json", "--to", "bibtex")
    back = citekit.read(str(_write(tmp_path / "out.bib", result.stdout)))
    assert len(back.entries) == 4 and "ok" in [e.key for e in back.entries]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_run_keys_for_the_strictest_output_it_writes(tmp_path, cli):
    """CSL-JSON alone keeps any id; with a .bib beside it, both outputs get the same BibTeX-valid keys."""
    import json

    from citekit.keys import run_target

    assert run_target(["csl-json"]) == "csl-json" and run_target(["text", "html"]) == "csl-json"
    assert run_target(["csl-json", "biblatex"]) == "biblatex" and run_target(["biblatex", "bibtex"]) == "bibtex"
    src = tmp_path / "lib.json"
    src.write_text(json.dumps([{"id": "Müller2020", "type": "book", "title": "A"},
                               {"id": "a b", "type": "book", "title": "B"}]), encoding="utf-8")
    alone = cli("convert", str(src), "--to", "csl-json")
    assert alone.exit_code == 0 and [i["id"] for i in json.loads(alone.stdout)] == ["Müller2020", "a b"]
    bib, data = tmp_path / "refs.bib", tmp_path / "refs.json"
    both = cli("convert", str(src), "-o", str(bib), "-o", str(data))
    assert both.exit_code == 0, both.output
    assert [i["id"] for i in json.loads(data.read_text(encoding="utf-8"))] == ["Müller2020", "a_b"]
    assert "@book{Müller2020," in bib.read_text(encoding="utf-8") and "'a b' is now 'a_b'" in both.stderr
