"""Stable keys through the CLI: enriching after a first build keeps every key the first build wrote."""

from __future__ import annotations

import re

import pytest

from arxiv_server import arxiv_server  # noqa: F401 (fixture)
from conftest import SEEDS

KEY = re.compile(r"^@\w+\{([^,\s]+),", re.M)


def _keys(text: str) -> list[str]:
    return KEY.findall(text)


def test_enriching_after_a_first_build_keeps_every_key(cli, arxiv_server, tmp_path, monkeypatch):
    """Build the seeds offline, then again with --enrich into the same refs.bib: every first-build key survives;
    with --rekey the enriched keys take the authors and years they now have."""
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv_server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    out = tmp_path / "refs.bib"
    first = cli("convert", str(SEEDS), "-o", str(out))
    assert first.exit_code == 0, first.output
    first_text = out.read_text()
    if "[Untitled]" in first_text:
        # A placeholder title contradicts the real one, so its key cannot be matched (issue-9b drops them).
        pytest.skip("needs the .bib writer without placeholder titles (issue-9b)")
    before = _keys(first_text)
    assert len(before) > 100
    cache = tmp_path / "cache.sqlite3"
    second = cli("convert", str(SEEDS), "-o", str(out), "--enrich", "--cache", str(cache))
    assert second.exit_code == 0, second.output
    after = _keys(out.read_text())
    assert not set(before) - set(after), sorted(set(before) - set(after))[:10]
    assert out.read_text().count("author ") > first_text.count("author ")  # the second build did enrich
    fresh = cli("convert", str(SEEDS), "-o", str(out), "--enrich", "--cache", str(cache), "--rekey")
    assert fresh.exit_code == 0, fresh.output
    assert set(_keys(out.read_text())) != set(after)


def test_key_map_lists_the_keys_a_run_changed(cli, tmp_path):
    """--key-map writes a header and one row per changed key (a key used twice in the input .bib)."""
    src = tmp_path / "in.bib"
    src.write_text("@article{dup,\n  title = {First Paper},\n  author = {X, Y},\n  year = {2020},\n  journal = {J},\n}\n\n"
                   "@article{dup,\n  title = {Second Paper},\n  author = {Z, W},\n  year = {2021},\n  journal = {K},\n}\n")
    key_map = tmp_path / "keys.tsv"
    result = cli("convert", str(src), "--to", "bibtex", "--key-map", str(key_map))
    assert result.exit_code == 0, result.output
    rows = key_map.read_text().splitlines()
    assert rows[0] == "old_key\tnew_key\treason"
    assert len(rows) == 2 and rows[1].startswith("dup\tdup")
