"""Files whose lines end in CR alone (classic Mac OS) are read by every command, with lines counted by CR,
and rewritten in CR (issue 25: such a .bib read as empty in update and check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from citekit.enrich import EnrichOptions
from citekit.update import UpdateOptions, update_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "update"
LF = (FIXTURES / "refs.bib").read_text(encoding="utf-8").replace("\r\n", "\n")
CR = LF.replace("\n", "\r")


@pytest.fixture
def enrich_options(make_arxiv_server, tmp_path):  # noqa: F811
    records = json.loads((FIXTURES / "arxiv_records.json").read_text(encoding="utf-8"))
    server = make_arxiv_server(records)
    return EnrichOptions(url=server.url, delay=0, backoff=0, retries=1, cache_path=tmp_path / "cache.sqlite3")


def test_update_of_a_cr_only_file_is_the_lf_update_in_cr(enrich_options) -> None:
    """The same plans, and the same new text with CR for LF: nothing read as empty, no LF slipped in."""
    lf = update_text(LF, "refs.bib", UpdateOptions(), enrich_options)
    cr = update_text(CR, "refs.bib", UpdateOptions(), enrich_options)
    assert [(p.key, p.status, p.line) for p in cr.plans] == [(p.key, p.status, p.line) for p in lf.plans]
    assert len(cr.plans) > 10 and cr.changed
    assert "\n" not in cr.text
    assert cr.text == lf.text.replace("\n", "\r")


def test_check_counts_cr_lines(tmp_path: Path, cli) -> None:
    """``check`` reads every entry of a CR-only file and names each finding's line as an editor shows it."""
    lf, cr = tmp_path / "lf.bib", tmp_path / "cr.bib"
    lf.write_text(LF, encoding="utf-8", newline="")
    cr.write_text(CR, encoding="utf-8", newline="")
    out_lf = cli("check", "--format", "json", str(lf)).output
    out_cr = cli("check", "--format", "json", str(cr)).output
    found_lf = [(f["line"], f["rule"], f["key"]) for f in json.loads(out_lf[: out_lf.rindex("]") + 1])]
    found_cr = [(f["line"], f["rule"], f["key"]) for f in json.loads(out_cr[: out_cr.rindex("]") + 1])]
    assert found_cr == found_lf and len({line for line, _, _ in found_cr}) > 2


def test_check_fix_keeps_cr(tmp_path: Path, cli) -> None:
    """``check --fix`` on a CR-only file writes CR only."""
    path = tmp_path / "cr.bib"
    path.write_bytes(b"@article{c,\r  title = {Three},\r  author = {Doe, J.},\r  journal = {J},\r  year = {2020},\r"
                     b"  pages = {1-5},\r}\r")
    cli("check", "--fix", "--no-backup", str(path))
    data = path.read_bytes()
    assert b"pages = {1--5}" in data and b"\n" not in data


def test_convert_reads_cr_only(tmp_path: Path, cli) -> None:
    """``convert`` reads the same entries, at the same lines, from the CR-only file."""
    path = tmp_path / "cr.bib"
    path.write_text(CR, encoding="utf-8", newline="")
    out = json.loads(cli("convert", str(path), "--to", "csl-json", "--no-merge").output)
    lf_path = tmp_path / "lf.bib"
    lf_path.write_text(LF, encoding="utf-8", newline="")
    assert [item["id"] for item in out] == [item["id"] for item in json.loads(
        cli("convert", str(lf_path), "--to", "csl-json", "--no-merge").output)]
