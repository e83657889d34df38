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


def test_pieces_make_the_same_text_as_one_dump() -> None:
    """A library of several pieces (the command line writes them as they come) reads as the one dump, floats too."""
    library = Library()
    for i in range(1201):
        library.entries.append(Entry(type="book", key=f"k{i}", title=f"T{i}", extra={"score": [0.1 * i, {"n": i}]}))
    library.problems.append(Problem("odd", "f.bib", 1))
    pieces = list(WRITER.chunks(library, ExportOptions()))
    assert len(pieces) > 2
    assert "".join(pieces) == _whole(library)


def test_command_line_writes_the_pieces(tmp_path) -> None:
    """``convert --to json`` writes the full form piece by piece: the file is the one dump of what it read."""
    from click.testing import CliRunner

    from citekit.cli import main

    bib = tmp_path / "refs.bib"
    bib.write_text("".join(f"@misc{{k{i}, title = {{Title {i}}}, year = 2020}}\n" for i in range(1100)), encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["convert", str(bib), "--to", "json", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["key"] for e in data["entries"]] == [f"k{i}" for i in range(1100)]
    assert data["entries"][7]["title"] == "Title 7"
    assert data["entries"][7]["extra"]["bibtex"]["raw"] == "@misc{k7, title = {Title 7}, year = 2020}"


def test_json_output_is_the_same_in_every_run(tmp_path):
    """Two runs (each with its own string hashing) write the same --to json bytes: the reader's fingerprints are digests."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    bib = tmp_path / "refs.bib"
    # Title Case in several title fields: each gets a sentence-case form, kept in the file's order.
    bib.write_text("@incollection{a, author = {Lovelace, Ada and Babbage, Charles}, title = {Notes On The Engine},\n"
                   "  subtitle = {Sketch Of The Analytical Engine}, booktitle = {Scientific Memoirs Selected},\n"
                   "  series = {Memoirs Of Foreign Academies}, shorttitle = {Notes On It}, year = 1843, month = mar}\n",
                   encoding="utf-8")
    outputs = []
    for seed in ("1", "2", "3", "4", "5"):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED=seed)
        out = tmp_path / f"out{seed}.json"
        subprocess.run([sys.executable, "-m", "citekit", "convert", str(bib), "--to", "json", "-o", str(out), "-q"],
                       env=env, check=True)
        outputs.append(out.read_bytes())
    assert all(out == outputs[0] for out in outputs)
    assert b'"snapshot"' in outputs[0] and b'"Notes on the engine"' in outputs[0]
