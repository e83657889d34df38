"""The CLI over the readers: seeds by default, --from overrides detection, stdin, merged output."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEEDS

ABSTRACT = (
    "Sparse mixture-of-experts models scale parameter counts without a proportional increase in compute. "
    "However, routing instabilities and load imbalance limit their usefulness at small scale. We present a "
    "simple routing rule with an auxiliary balance term that stabilises training from the first step."
)


def test_seeds_to_json_every_paper_once(cli) -> None:
    """Converting the seed directory gives merged entries with unique titles and arXiv ids."""
    result = cli("convert", str(SEEDS), "--to", "json")
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    titles = [e["title"].casefold() for e in entries if "title" in e]
    ids = [e["arxiv_id"] for e in entries if "arxiv_id" in e]
    assert len(titles) == len(set(titles)) and len(ids) == len(set(ids))
    assert all(e.get("key") for e in entries)
    multi = [e for e in entries if len(e["provenance"]["*"]) > 1]
    assert multi, "the seed listings overlap, so some entries must have several sources"


def test_seeds_to_csl_json(cli) -> None:
    """The seeds export to CSL-JSON without errors."""
    result = cli("convert", str(SEEDS), "--to", "csl-json")
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_from_overrides_detection(cli, tmp_path: Path) -> None:
    """--from ids reads a file whose name and content would not say so by themselves."""
    path = tmp_path / "mixed.txt"
    path.write_text("2101.00001\nsee arXiv:2101.00002 for details\n")
    result = cli("convert", str(path), "--from", "ids", "--to", "json")
    assert result.exit_code == 0, result.stderr
    assert [e["arxiv_id"] for e in json.loads(result.stdout)["entries"]] == ["2101.00001", "2101.00002"]
    assert "mixed.txt:2" in result.stderr


def test_stdin_with_crlf(cli) -> None:
    """``-`` reads stdin; CRLF line ends are fine."""
    text = f"Routing at Small Scale\r\n\r\n{ABSTRACT}\r\n\r\n  \u2022 3 authors\r\n\u00b7\r\nMar 4 2\r\n"
    result = cli("convert", "-", "--to", "json", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)["entries"]
    assert entry["title"] == "Routing at Small Scale"
    assert entry["issued"] == {"month": 3, "day": 4} and entry["upvotes"] == 2 and entry["author_count"] == 3


def test_two_files_merge_across(cli, tmp_path: Path) -> None:
    """An abstract line and an arXiv listing of the same paper become one entry with both sources."""
    (tmp_path / "a.txt").write_text(f"Abstract:{ABSTRACT}\n")
    (tmp_path / "b.txt").write_text(f"{ABSTRACT}\n\nICML 2024\n\narXiv:2402.01234v2\nCreated: 2024-02-02\n")
    result = cli("convert", str(tmp_path), "--to", "json")
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)["entries"]
    assert entry["arxiv_id"] == "2402.01234" and entry["comment"] == "ICML 2024"
    assert len(entry["provenance"]["*"]) == 2
