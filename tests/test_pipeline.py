"""One pipeline: the library API gives what the command line gives, for the same inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import citekit
from conftest import SEEDS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = {
    "seeds": (str(SEEDS),),
    "bib": (str(FIXTURES / "bib" / "dblp.bib"), str(FIXTURES / "bib" / "jabref.bib")),
    "csl": (str(FIXTURES / "csl" / "zotero_library.json"),),
}


@pytest.mark.parametrize("to, style", [("bibtex", None), ("biblatex", None), ("csl-json", None), ("text", "apa"),
                                       ("markdown", "template:markdown")])
@pytest.mark.parametrize("name", sorted(INPUTS))
def test_the_library_api_gives_what_the_cli_gives(cli, name, to, style):
    """citekit.convert(...) and `citekit convert ... --to TO` write the same text and report the same problems."""
    args = [*INPUTS[name], "--to", to] + (["--style", style] if style else [])
    result = cli("convert", *args)
    assert result.exit_code == 0, result.stderr
    converted = citekit.convert(*INPUTS[name], to=to, style=style)
    assert converted.text == result.stdout
    for problem in converted.problems:
        where = f"{problem.origin}:{problem.line}" if problem.line else problem.origin
        assert f"{where}: {problem.message}" in result.stderr


def test_export_without_assign_keys_keys_as_the_cli_does(cli):
    """A caller who skips assign_keys gets unique keys, the CLI's, never five '@misc{anon,'."""
    library = citekit.merge(citekit.read(str(SEEDS)))
    text = citekit.export(library, "bibtex")
    assert "anon," not in text
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    assert len(keys) == len(set(keys)) > 100
    assert text == cli("convert", str(SEEDS), "--to", "bibtex").stdout


def test_keys_of_an_existing_output_are_reused_by_both(cli, tmp_path):
    """The key stage reuses an output's keys for the CLI (-o refs.bib); the library's key() does the same."""
    from citekit.outputs import Output
    from citekit.pipeline import key

    out = tmp_path / "refs.bib"
    assert cli("convert", str(SEEDS), "-o", str(out)).exit_code == 0
    renamed = out.read_text(encoding="utf-8").replace("@misc{", "@misc{my", 1)
    out.write_text(renamed, encoding="utf-8")
    assert cli("convert", str(SEEDS), "-o", str(out)).exit_code == 0
    library = citekit.merge(citekit.read(str(SEEDS)))
    key(library, [Output(str(out), "bibtex")])
    assert citekit.export(library, "bibtex") == out.read_text(encoding="utf-8")
    first = json.loads(citekit.convert(str(SEEDS), to="csl-json").text)[0]["id"]
    assert first and not first.startswith("my")  # no output named: nothing to reuse


@pytest.mark.parametrize("to", ["bibtex", "csl-json"])
def test_the_library_api_gives_what_the_streaming_cli_gives(cli, tmp_path, monkeypatch, to):
    """A snapshot streams on the command line (the pipeline's streaming mode); citekit.convert reads it whole: same text."""
    import sys

    from citekit.sources import arxiv_snapshot

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from corpus_bib import iter_records, snapshot_line

    snapshot = tmp_path / "snap.jsonl"
    snapshot.write_text("".join(snapshot_line(r) + "\n" for r in iter_records(300, 3)), encoding="utf-8")
    out = tmp_path / ("out.bib" if to == "bibtex" else "out.json")

    def refuse(self, text, origin):
        raise AssertionError("the command line read the snapshot whole")

    with monkeypatch.context() as patched:
        patched.setattr(arxiv_snapshot.ArxivSnapshotReader, "read", refuse)
        result = cli("convert", str(snapshot), "-o", str(out), "-v")
    assert result.exit_code == 0, result.stderr
    assert f"{snapshot}: 300 entries (read as arxiv-snapshot)" in result.stderr  # -v says it in both modes
    assert citekit.convert(str(snapshot), to=to).text == out.read_text(encoding="utf-8")
