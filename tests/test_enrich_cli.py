"""The enricher end to end: seeds/ read and merged, then enriched; and `citekit convert --enrich` against the stand-in."""

from __future__ import annotations

import os

import json
import socket

import pytest

from arxiv_server import arxiv_server, seed_papers  # noqa: F401 (fixture)
from citekit.enrich import EnrichOptions, enrich
from citekit.ids import normalize_text, normalize_title
from citekit.model import PartialDate
from conftest import SEEDS


def _truth_for(entry, papers) -> str | None:
    """The seed paper an entry is, found independently: same normalized title or same abstract opening."""
    for paper in papers:
        if entry.title and normalize_title(entry.title) == normalize_title(paper["title"]):
            return paper["arxiv_id"]
        if entry.abstract and normalize_text(entry.abstract)[:150] == normalize_text(paper["abstract"])[:150]:
            return paper["arxiv_id"]
    return None


def test_seeds_enriched_with_no_wrong_match(arxiv_server, tmp_path):
    """seeds/ read and merged: every seed paper gets its id, title and authors; no entry gets a wrong one."""
    import citekit
    from citekit.merge import merge  # citekit.merge names the module once it is imported

    library = merge(citekit.read(str(SEEDS)))
    papers = seed_papers()
    expected = [_truth_for(e, papers) or e.arxiv_id for e in library.entries]
    out = enrich(library, EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=arxiv_server.url, delay=0, backoff=0, cache_path=tmp_path / "c.sqlite3"))
    by_id = {p["arxiv_id"]: p for p in papers}
    got = {e.arxiv_id for e in out.entries}
    assert set(by_id) <= got, sorted(set(by_id) - got)
    for entry in out.entries:
        if entry.arxiv_id is None:
            continue
        paper = by_id.get(entry.arxiv_id)
        assert paper is not None, f"wrong match: {entry.title!r} -> {entry.arxiv_id}"
        truth = _truth_for(entry, [paper]) if entry.where("title").source != "arxiv-api" else paper["arxiv_id"]
        assert truth in (paper["arxiv_id"], None)
        assert entry.author and len(entry.author) >= 1
    for entry, want in zip(library.entries, expected):
        if want and entry.arxiv_id:
            assert entry.arxiv_id == want
    # No paper arXiv dates is left without a date: issued is arXiv's first-version date.
    undated = [e.arxiv_id for e in out.entries if e.arxiv_id in by_id
               and e.issued != PartialDate.from_iso(by_id[e.arxiv_id]["published"])]
    assert undated == []
    listed = [e for e in out.entries if "listed-date" in e.vars.get("custom", {})]
    assert listed, "the Hugging Face seed's listing dates are kept as listing dates"
    assert arxiv_server.count <= 30, arxiv_server.count
    used = arxiv_server.count
    enrich(merge(citekit.read(str(SEEDS))), EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=arxiv_server.url, delay=0, cache_path=tmp_path / "c.sqlite3"))
    assert arxiv_server.count == used


def test_cli_enrich_to_csl_json(cli, arxiv_server, tmp_path, monkeypatch):
    """`convert --enrich --cache` fills CSL-JSON from the stand-in; a second run makes no request."""
    ids = tmp_path / "ids.txt"
    papers = seed_papers()[:12]
    ids.write_text("\n".join(f"https://arxiv.org/abs/{p['arxiv_id']}" for p in papers) + "\n")
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv_server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    cache = tmp_path / "cache.sqlite3"
    result = cli("convert", str(ids), "--from", "ids", "--enrich", "--cache", str(cache), "--to", "csl-json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["title"] for i in items] == [p["title"] for p in papers]
    assert all(i["author"] for i in items)
    used = arxiv_server.count
    assert used == 1
    again = cli("convert", str(ids), "--from", "ids", "--enrich", "--cache", str(cache), "--to", "csl-json")
    assert again.exit_code == 0 and again.stdout == result.stdout and arxiv_server.count == used


def test_cli_enrich_seeds(cli, arxiv_server, tmp_path, monkeypatch):
    """The default input enriched through the CLI: every seed paper's id is in the CSL-JSON."""
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv_server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    result = cli("convert", str(SEEDS), "--enrich", "--cache", str(tmp_path / "c.sqlite3"), "--to", "csl-json", "-q")
    assert result.exit_code == 0, result.output
    text = result.stdout
    missing = [p["arxiv_id"] for p in seed_papers() if p["arxiv_id"] not in text]
    assert missing == []


def test_cli_outage_writes_everything_and_exits_0_or_1_strict(cli, tmp_path, monkeypatch):
    """arXiv down: output written from what was read, warnings on stderr, no traceback; --strict exits 1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ids = tmp_path / "ids.txt"
    ids.write_text("2410.10630\n2407.10844\n")
    monkeypatch.setenv("CITEKIT_ARXIV_URL", f"http://127.0.0.1:{port}/api/query")
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    out = tmp_path / "out.json"
    result = cli("convert", str(ids), "--from", "ids", "--enrich", "--cache", str(tmp_path / "c"), "--to", "csl-json", "-o", str(out))
    assert result.exit_code == 0
    assert "2 entries were not enriched" in result.stderr and "Traceback" not in result.output
    # One summary warning: the id-only entries it names are explained as info, not warned about twice.
    assert [line for line in result.stderr.splitlines() if ": warning:" in line] == [
        line for line in result.stderr.splitlines() if "2 entries were not enriched" in line]
    assert len(json.loads(out.read_text())) == 2
    strict = cli("convert", str(ids), "--from", "ids", "--enrich", "--cache", str(tmp_path / "c"), "--to", "csl-json", "--strict")
    assert strict.exit_code == 1 and "Traceback" not in strict.output


def test_cli_offline_with_empty_cache_makes_no_request(cli, arxiv_server, tmp_path, monkeypatch):
    """--offline with nothing cached requests nothing and lists the entries as not enriched."""
    ids = tmp_path / "ids.txt"
    ids.write_text("2410.10630\n")
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv_server.url)
    result = cli("convert", str(ids), "--from", "ids", "--enrich", "--offline", "--cache", str(tmp_path / "c"), "--to", "csl-json")
    assert result.exit_code == 0 and arxiv_server.count == 0
    assert "offline" in result.stderr


def test_cli_refuses_a_cache_that_is_not_citekits(cli, tmp_path, monkeypatch):
    """`--cache` pointing at another program's SQLite file: exit 2, a message naming it, the file untouched."""
    import sqlite3

    theirs = tmp_path / "app.db"
    with sqlite3.connect(theirs) as conn:
        conn.execute("CREATE TABLE papers (title TEXT)")
        conn.execute("INSERT INTO papers VALUES ('my own data')")
    before = theirs.read_bytes()
    ids = tmp_path / "ids.txt"
    ids.write_text("2410.10630\n")
    monkeypatch.setenv("CITEKIT_ARXIV_URL", "http://127.0.0.1:9/api/query")
    result = cli("convert", str(ids), "--from", "ids", "--enrich", "--cache", str(theirs), "--to", "csl-json")
    assert result.exit_code == 2
    assert str(theirs) in result.stderr and "not a citekit cache" in result.stderr and "Traceback" not in result.output
    assert theirs.read_bytes() == before
