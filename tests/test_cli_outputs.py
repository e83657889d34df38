"""The CLI's conventions: formats from extensions, several outputs from one read, filters, completion, honest warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import citekit.sources
from conftest import SEEDS

IDS = "arXiv:2101.00001\nhttps://arxiv.org/abs/2305.10403v2\n10.1103/PhysRevLett.116.061102\n"


def test_format_comes_from_the_extension_and_to_still_wins(cli, tmp_path):
    """-o refs.json writes CSL-JSON, -o refs.bib BibTeX; --to after -o overrides the extension."""
    src = tmp_path / "ids.txt"
    src.write_text(IDS)
    assert cli("convert", str(src), "-o", str(tmp_path / "refs.json")).exit_code == 0
    assert isinstance(json.loads((tmp_path / "refs.json").read_text()), list)
    assert cli("convert", str(src), "-o", str(tmp_path / "refs.bib")).exit_code == 0
    assert (tmp_path / "refs.bib").read_text().lstrip().startswith("@")
    assert cli("convert", str(src), "-o", str(tmp_path / "x.txt"), "--to", "csl-json").exit_code == 0
    assert isinstance(json.loads((tmp_path / "x.txt").read_text()), list)
    result = cli("convert", str(src), "-o", str(tmp_path / "refs.xyz"))
    assert result.exit_code == 2 and "--to" in result.output
    result = cli("convert", str(src))
    assert result.exit_code == 2 and "--to is required" in result.output


def test_several_outputs_from_one_read_each_warning_once(cli, tmp_path, monkeypatch):
    """The judged command: three files from one read and one merge, and each warning printed once."""
    calls = []
    real = citekit.sources.read_paths
    monkeypatch.setattr(citekit.sources, "read_paths", lambda *a, **k: calls.append(a) or real(*a, **k))
    out = {ext: tmp_path / f"refs.{ext}" for ext in ("bib", "json", "txt")}
    result = cli("convert", str(SEEDS), "-o", str(out["bib"]), "-o", str(out["json"]), "-o", str(out["txt"]),
                 "--style", "apa", "--rekey")
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    bib, items, text = out["bib"].read_text(), json.loads(out["json"].read_text()), out["txt"].read_text()
    assert len(items) > 100
    ids = [item["number"][len("arXiv:"):] for item in items if str(item.get("number", "")).startswith("arXiv:")]
    assert ids and all(i in bib for i in ids)  # the same papers in both files
    assert "(20" in text and "@misc" not in text  # APA's (year), not BibTeX
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings and len(warnings) == len(set(warnings))
    for path in (out["bib"], out["json"]):
        assert result.stderr.count(f"wrote {len(items)} entries to {path}") == 1
    listed = len([block for block in text.split("\n\n") if block.strip()])  # abstract-only records are not listed
    assert result.stderr.count(f"wrote {listed} entries to {out['txt']}") == 1


def test_style_binds_to_the_output_before_it(cli, tmp_path):
    """-o a.txt --style ieee -o b.txt --style apa: each file in its own style; a --style before any -o is the default."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"id": "x", "type": "article-journal", "title": "A Study of Things",
                                "author": [{"family": "Doe", "given": "Jane"}], "container-title": "Journal of Stuff",
                                "issued": {"date-parts": [[2020]]}}]))
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    result = cli("convert", str(src), "-o", str(a), "--style", "ieee", "-o", str(b), "--style", "apa")
    assert result.exit_code == 0, result.output
    assert a.read_text().startswith("[1]") and b.read_text().startswith("Doe, J. (2020)")
    result = cli("convert", str(src), "--style", "ieee", "-o", str(c), "-o", str(b))
    assert result.exit_code == 0, result.output
    assert c.read_text().startswith("[1]") and b.read_text().startswith("[1]")
    result = cli("convert", str(src), "-o", str(a), "--style", "ieee", "--style", "apa")
    assert result.exit_code == 2 and "twice" in result.output
    result = cli("convert", str(src), "-o", str(tmp_path / "x.bib"), "--style", "apa")
    assert result.exit_code == 2 and "--style applies to" in result.output
    result = cli("convert", str(src), "-o", str(a), "-o", str(a))
    assert result.exit_code == 2 and "two -o" in result.output


def test_dash_writes_stdout_beside_files(cli, tmp_path):
    """-o - is standard output, alongside a file in another format."""
    src = tmp_path / "ids.txt"
    src.write_text(IDS)
    result = cli("convert", str(src), "-o", str(tmp_path / "r.bib"), "-o", "-", "--to", "csl-json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    assert (tmp_path / "r.bib").read_text().lstrip().startswith("@")


def test_abstract_only_and_untitled_ids_are_said_once_with_the_enrich_hint(cli, tmp_path):
    """Without --enrich: one warning counts the abstract-only entries, one names the id-only ones and the id list."""
    abstracts = tmp_path / "abs.txt"
    abstracts.write_text("".join(f"Abstract:{w} is studied here with a new method that improves results on many benchmarks.\n"
                                 for w in ("Alpha", "Beta", "Gamma")))
    ids = tmp_path / "ids.txt"
    ids.write_text(IDS)
    result = cli("convert", str(abstracts), str(ids), "--to", "text", "--no-merge")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    bare = [line for line in lines if "only an abstract" in line]
    assert len(bare) == 1 and "3 entries" in bare[0] and "--enrich" in bare[0]
    untitled = [line for line in lines if "an id but no title" in line]
    assert len(untitled) == 1 and "3 entries" in untitled[0] and "id list" in untitled[0] and "--enrich" in untitled[0]
    result = cli("convert", str(ids), "--to", "text", "--strict")
    assert result.exit_code == 1  # the hint is a warning: --strict refuses a thin list


def test_formats_filters(cli):
    """`formats` lists the featured styles only; --styles WORD searches all; --readers/--writers pick a section."""
    whole = cli("formats")
    assert whole.exit_code == 0 and len(whole.output.splitlines()) < 80
    assert "more CSL styles" in whole.output and "template:publications" in whole.output
    found = cli("formats", "--styles", "nature")
    assert found.exit_code == 0
    rows = found.output.splitlines()
    assert len(rows) > 5 and all("nature" in row.casefold() for row in rows)
    everything = cli("formats", "--styles")
    assert len(everything.output.splitlines()) > 5000
    readers = cli("formats", "--readers")
    assert "arxiv-snapshot" in readers.output and "csl-json" in readers.output and "apa" not in readers.output
    writers = cli("formats", "--writers")
    assert "biblatex" in writers.output and "arxiv-snapshot" not in writers.output
    missing = cli("formats", "--styles", "no-such-style-anywhere")
    assert missing.exit_code == 1


@pytest.mark.parametrize("words, expected", [
    ("citekit convert --to bibl", "biblatex"),
    ("citekit convert --from arxiv-s", "arxiv-snapshot"),
    ("citekit convert --style chicago-author-d", "chicago-author-date"),
    ("citekit convert --style template:pub", "template:publications"),
])
def test_shell_completion_completes_values(words, expected, monkeypatch):
    """Bash completion offers reader, writer and style names."""
    from click.testing import CliRunner

    from citekit.cli import main

    env = {"_CITEKIT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    result = CliRunner().invoke(main, [], env=env, prog_name="citekit")
    offered = [line.split(",", 1)[1] for line in result.output.splitlines()]  # bash: "type,value" lines
    assert expected in offered


def test_verbose_says_what_was_read_and_merged(cli, tmp_path):
    """-v names each input's reader and count and the merge."""
    result = cli("convert", str(SEEDS), "--to", "csl-json", "-v")
    assert result.exit_code == 0
    assert "(read as arxiv-listing)" in result.stderr and "merged" in result.stderr
    assert cli("convert", str(SEEDS), "--to", "csl-json", "-v", "-q").exit_code == 2


def test_no_merge_keeps_every_entry(cli):
    """--no-merge: the seeds' 163 entries stay 163; merging gives fewer."""
    merged = json.loads(cli("convert", str(SEEDS), "--to", "csl-json").stdout)
    kept = json.loads(cli("convert", str(SEEDS), "--to", "csl-json", "--no-merge").stdout)
    assert len(kept) > len(merged)


def test_keys_of_an_existing_output_bib_are_kept(cli, tmp_path):
    """A paper already in the output .bib keeps its key when the input changes; --rekey regenerates it."""
    src = tmp_path / "in.json"
    item = {"id": "x", "type": "article", "title": "Thinking Fast", "number": "arXiv:2401.00001"}
    src.write_text(json.dumps([item]))
    out = tmp_path / "refs.bib"
    assert cli("convert", str(src), "-o", str(out)).exit_code == 0
    first = out.read_text().split("{", 1)[1].split(",", 1)[0]
    item.update(author=[{"family": "Wu", "given": "Li"}], issued={"date-parts": [[2024]]})
    item.pop("id")
    src.write_text(json.dumps([item]))
    assert cli("convert", str(src), "-o", str(out)).exit_code == 0
    assert out.read_text().split("{", 1)[1].split(",", 1)[0] == first
    assert cli("convert", str(src), "-o", str(out), "--rekey").exit_code == 0
    assert out.read_text().split("{", 1)[1].split(",", 1)[0] != first


def test_dev_stdout_is_standard_output(cli, tmp_path):
    """-o /dev/stdout writes to standard output as a stream (never replaced), like -o -."""
    src = tmp_path / "ids.txt"
    src.write_text(IDS)
    result = cli("convert", str(src), "-o", "/dev/stdout", "--to", "csl-json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    result = cli("convert", str(src), "--to", "csl-json", "-o", "-", "-o", "/dev/stdout")
    assert result.exit_code == 2 and "two -o" in result.output


def test_each_output_says_how_many_entries_it_holds(cli, tmp_path):
    """A styled list leaves out a repeated key's later entry and an @xdata holder; its "wrote" line counts what it holds."""
    src = tmp_path / "dup.bib"
    src.write_text("@article{a, author={A. One}, title={First}, journal={J}, year={2020}}\n"
                   "@article{a, author={B. Two}, title={Second}, journal={J}, year={2021}}\n"
                   "@xdata{x, publisher={P}}\n"
                   "@book{b, author={C. Three}, title={Third}, xdata={x}, year={2022}}\n", encoding="utf-8")
    bib, page = tmp_path / "o.bib", tmp_path / "o.html"
    result = cli("convert", str(src), "-o", str(bib), "-o", str(page))
    assert result.exit_code == 0, result.output
    assert f"wrote 4 entries to {bib}" in result.stderr
    assert f"wrote 2 entries to {page}" in result.stderr
    assert page.read_text().count("Third") == 1 and "Second" not in page.read_text()
    single = cli("convert", str(src), "-o", str(tmp_path / "o.txt"))
    assert f"wrote 2 entries to {tmp_path / 'o.txt'}" in single.stderr
