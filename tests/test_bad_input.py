"""Bad input through the CLI: a clear message naming the file (and line), never a traceback.

Exit status: 0 with warnings, 1 on errors (nothing written), 2 on usage errors; an
existing ``-o`` file is never clobbered by a failed run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LISTING = (
    "Sparse mixture-of-experts models scale parameter counts without a proportional increase in compute. "
    "However, routing instabilities and load imbalance limit their usefulness at small scale. We present a "
    "simple routing rule with an auxiliary balance term that stabilises training from the first step.\n\n"
)

PROSE = {
    "paragraph.txt": (
        "The committee met on Tuesday to discuss the budget for the coming year. After a long debate about "
        "priorities, the members agreed to postpone the decision until more figures were available. Several "
        "people noted that the previous year's spending had exceeded the plan by a wide margin.\n"
    ),
    "README.md": (
        "# tidy\n\nA small tool that tidies folders.\n\n## Install\n\n    pip install tidy\n\n"
        "## Usage\n\nRun `tidy DIR` and every file is moved into a folder named after its extension.\n"
    ),
    "script.py": (
        '"""Count words."""\n\nimport sys\nfrom collections import Counter\n\n\n'
        "def main(path):\n    words = open(path).read().split()\n    for word, n in Counter(words).most_common(10):\n"
        "        print(word, n)\n\n\nif __name__ == '__main__':\n    main(sys.argv[1])\n"
    ),
    # Prose that quotes abstracts: each is introduced by a sentence, not by a title.
    "notes.txt": (
        "Notes from the reading group\n\nWe read two papers this week. The first one was about routing.\n\n"
        + LISTING
        + "The second one was about optimisation, and everybody agreed that it was easier to follow.\n\n"
        + LISTING.replace("Sparse", "Dense")
    ),
    "abstracts.csv": "Title,Abstract,Year\nRouting,\"" + LISTING.strip() + "\",2024\nDense,\"" + LISTING.strip() + "\",2023\n",
    "daily.html": (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Daily Papers</title></head>\n<body>\n'
        '<article>\n<h3><a href="/papers/2402.01234">Routing at Small Scale</a></h3>\n<p>' + LISTING.strip() + "</p>\n"
        "<div>\u2022 3 authors</div>\n<div>\u00b7</div>\n<div>Mar 4, 2024</div>\n</article>\n</body>\n</html>\n"
    ),
}


def _write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def _clean_failure(result, name: str) -> None:
    assert result.exit_code == 1, result.output
    assert name in result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(PROSE))
def test_prose_is_not_claimed(cli, tmp_path: Path, name: str) -> None:
    """Prose, prose quoting abstracts, a README, Python, CSV and HTML are no listing: exit 1 naming the file."""
    path = _write(tmp_path, name, PROSE[name])
    result = cli("convert", path, "--to", "json")
    _clean_failure(result, name)
    assert "not a listing citekit recognises" in result.stderr


def test_a_table_holding_ids_is_read_by_the_fallback(cli, tmp_path: Path) -> None:
    """A CSV of papers with arXiv ids is no known shape, but it holds ids: the ids fallback reads them and says so."""
    path = _write(tmp_path, "papers.csv", (
        "title,authors,year,arxiv\n"
        '"Attention Is All You Need","Vaswani, Ashish; Shazeer, Noam",2017,1706.03762\n'
        '"Adam: A Method for Stochastic Optimization","Kingma, Diederik; Ba, Jimmy",2014,1412.6980\n'
    ))
    result = cli("convert", path, "--to", "json")
    assert result.exit_code == 0, result.output
    assert [e.get("arxiv_id") for e in json.loads(result.stdout)["entries"]] == ["1706.03762", "1412.6980"]
    assert "read as ids (the fallback)" in result.stderr


def test_python_with_decorators_is_not_claimed(cli, tmp_path: Path) -> None:
    """A Python file whose decorators look like ``@name(`` is still no listing."""
    path = _write(tmp_path, "deco.py", "from dataclasses import dataclass\n\n\n@dataclass(slots=True)\nclass A:\n    x: int = 0\n")
    _clean_failure(cli("convert", path, "--to", "json"), "deco.py")


def test_empty_file_warns(cli, tmp_path: Path) -> None:
    """An empty file is a warning naming it; the run succeeds with no entries."""
    path = _write(tmp_path, "empty.txt", "")
    result = cli("convert", path, "--to", "json")
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    assert json.loads(result.stdout)["entries"] == []


@pytest.mark.parametrize("data", [bytes(range(256)) * 20, b"%PDF-1.7\n" + bytes(500)], ids=["random", "pdf"])
def test_binary_fails(cli, tmp_path: Path, data: bytes) -> None:
    """Binary data is an error naming the file."""
    path = _write(tmp_path, "blob.txt", data)
    _clean_failure(cli("convert", path, "--to", "json"), "blob.txt")


def test_latin1_reads_with_warning(cli, tmp_path: Path) -> None:
    """Latin-1/cp1252 bytes are read (accents intact) with a warning naming file and line."""
    path = _write(tmp_path, "latin.txt", ("Abstract:" + LISTING.strip().replace("Sparse", "Café-style sparse") + "\n").encode("cp1252"))
    result = cli("convert", path, "--to", "json")
    assert result.exit_code == 0
    assert "latin.txt:1" in result.stderr and "UTF-8" in result.stderr
    assert "Café-style" in json.loads(result.stdout)["entries"][0]["abstract"]


def test_nul_bytes_dropped_with_warning(cli, tmp_path: Path) -> None:
    """NUL bytes are dropped with a warning naming the line."""
    path = _write(tmp_path, "nul.txt", b"Abstract:" + LISTING.strip().encode() + b"\n\nAbstract:" + b"Second\x00 abstract line that is long enough to read as such.\n")
    result = cli("convert", path, "--to", "json")
    assert result.exit_code == 0
    assert "nul.txt:3" in result.stderr and "NUL" in result.stderr
    assert len(json.loads(result.stdout)["entries"]) == 2


def test_ten_megabyte_line(cli, tmp_path: Path) -> None:
    """A 10 MB single line neither hangs detection nor crashes: a clean error or a clean read."""
    path = _write(tmp_path, "huge.txt", "word " * 2_000_000)
    result = cli("convert", path, "--to", "json")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert "huge.txt" in result.stderr


def test_malformed_json_names_line(cli, tmp_path: Path) -> None:
    """Malformed CSL-JSON is an error with file and line; nothing is written."""
    path = _write(tmp_path, "items.json", '[\n  {"type": "article", "title": "x",}\n]\n')
    result = cli("convert", path, "--to", "csl-json")
    _clean_failure(result, "items.json:2")


def test_impossible_date_and_id_are_warnings(cli, tmp_path: Path) -> None:
    """A listing with an impossible id and date: warnings with their lines, entry kept, exit 0."""
    path = _write(tmp_path, "listing.txt", LISTING + "arXiv:2313.00001\nCreated: 2023-02-30\n")
    result = cli("convert", path, "--to", "json")
    assert result.exit_code == 0, result.stderr
    assert "listing.txt:3" in result.stderr and "listing.txt:4" in result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert len(entries) == 1 and "arxiv_id" not in entries[0] and "issued" not in entries[0]
    strict = cli("convert", path, "--to", "json", "--strict")
    assert strict.exit_code == 1 and strict.stdout == ""


def test_failed_run_never_clobbers_output(cli, tmp_path: Path) -> None:
    """An existing -o file survives a failed run untouched."""
    out = tmp_path / "out.json"
    out.write_text("precious\n")
    path = _write(tmp_path, "paragraph.txt", PROSE["paragraph.txt"])
    result = cli("convert", path, "--to", "json", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text() == "precious\n"


def test_usage_errors_exit_2(cli, tmp_path: Path) -> None:
    """An unknown --from or --to is a usage error (2) that names the bad value."""
    path = _write(tmp_path, "listing.txt", LISTING + "arXiv:2101.00001\nCreated: 2021-01-01\n")
    result = cli("convert", path, "--to", "json", "--from", "nonsense")
    assert result.exit_code == 2 and "nonsense" in result.stderr
    assert cli("convert", path, "--to", "yaml").exit_code == 2


def test_missing_file_fails(cli, tmp_path: Path) -> None:
    """A path that does not exist is an error naming it."""
    _clean_failure(cli("convert", str(tmp_path / "nope.txt"), "--to", "json"), "nope.txt")


def test_python_source_is_not_taken_for_bibtex(tmp_path, cli):
    """Decorator lines such as @dataclass(slots=True) do not look like BibTeX entries."""
    from citekit.sources.bibtex import READER

    source = "from dataclasses import dataclass\n\n@dataclass(slots=True)\nclass A:\n    x: int = 1\n"
    assert READER.sniff(source) == 0.0
    path = tmp_path / "a.py"
    path.write_text(source)
    result = cli("convert", str(path), "--to", "json")
    assert result.exit_code == 1 and "a.py" in result.output
