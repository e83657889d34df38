"""Low items of issue 25: terminal-safe messages, no "internal error" for huge integers or damaged cache rows."""

from __future__ import annotations

import json
import sqlite3

import pytest

from citekit.diagnostics import printable


def test_printable_escapes_terminal_controls_and_bidi():
    assert printable("a\x1b[2Jb\x07\x9b\u202e") == "a\\x1b[2Jb\\x07\\x9b\\u202e"
    assert printable("line one\nline two\tTab, Müller") == "line one\nline two\tTab, Müller"


def test_keys_with_escape_sequences_reach_the_terminal_escaped(cli, tmp_path):
    """An id holding ESC [2J (clear screen) is shown as \\x1b[2J in the key-change warning."""
    src = tmp_path / "esc.json"
    src.write_text(json.dumps([{"id": "a\x1b[2Jb", "type": "book", "title": "T\x1b]0;pwned\x07"}]))
    result = cli("convert", str(src), "--to", "bibtex")
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


def test_check_report_escapes_keys(cli, tmp_path):
    path = tmp_path / "esc.bib"
    path.write_text("@article{k\x1b[31m,\n title={T},\n}\n")
    result = cli("check", str(path))
    assert "\x1b" not in result.stdout and "k\\x1b[31m" in result.stdout


BIG = "9" * 4400


@pytest.mark.parametrize("text", [
    '[{"id": "a", "type": "book", "title": "T", "volume": %s}]' % BIG,
    '[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[%s]]}}]' % BIG,
], ids=["volume", "year"])
@pytest.mark.parametrize("command", [("convert", "--to", "bibtex"), ("check",)])
def test_a_4400_digit_integer_is_no_internal_error(cli, tmp_path, text, command):
    """Python refuses to convert such integers; citekit keeps the digits as text or reports the value."""
    src = tmp_path / "big.json"
    src.write_text(text)
    result = cli(command[0], str(src), *command[1:])
    assert "internal error" not in result.stderr
    assert result.exit_code in (0, 1)
    if command[0] == "convert" and '"volume"' in text:
        assert BIG in result.stdout
    elif command[0] == "convert":
        assert "date-parts" in result.stderr and "big.json:1" in result.stderr


def test_damaged_cache_rows_read_as_not_cached(cli, tmp_path):
    """A cached record of the wrong shape is no record: offline, the entry is 'not in the cache', no crash."""
    from citekit.enrich.cache import Cache
    from citekit.enrich.record import Record

    cache = tmp_path / "c.sqlite3"
    Cache.open(cache).put_paper("1706.03762", Record(arxiv_id="1706.03762", version=1, title="Attention",
                                                     authors=["Ashish Vaswani"]), "u")
    src = tmp_path / "one.txt"
    src.write_text("arXiv:1706.03762\n")
    for damaged in ('{"arxiv_id":"1706.03762","version":"x","title":"A","authors":[{"bad":1}],"categories":5}',
                    '{"arxiv_id":"1706.03762","version":1,"title":5,"authors":"x"}', "[1, 2]", "null x"):
        with sqlite3.connect(cache) as con:
            con.execute("UPDATE papers SET record = ?", (damaged,))
        result = cli("convert", str(src), "--enrich", "--offline", "--cache", str(cache), "--to", "bibtex")
        assert "internal error" not in result.stderr, damaged
        assert "not in the cache" in result.stderr


@pytest.mark.parametrize("style", ["bibtex:plain", "bibtex:alpha", "bibtex:unsrt", "bibtex:abbrv"])
def test_pybtex_style_failure_is_reported_per_entry(cli, tmp_path, style):
    """An article without an author: that entry is reported and left out, the others are written."""
    src = tmp_path / "noauth.json"
    src.write_text(json.dumps([
        {"id": "a", "type": "article-journal", "title": "No author", "container-title": "J", "DOI": "10.1/x",
         "issued": {"date-parts": [[2020]]}},
        {"id": "b", "type": "article-journal", "title": "Fine", "author": [{"family": "Doe", "given": "J"}],
         "container-title": "J", "DOI": "10.1/y", "issued": {"date-parts": [[2021]]}}]))
    result = cli("convert", str(src), "--style", style, "--to", "text")
    assert result.exit_code == 0, result.output
    assert "Fine" in result.stdout and "No author" not in result.stdout
    assert "'a' left out of the" in result.stderr and "missing author" in result.stderr
    assert "internal error" not in result.stderr


def _snapshot_line(arxiv_id: str, author: tuple[str, str], year: int, title: str, doi: str) -> str:
    return json.dumps({
        "id": arxiv_id, "submitter": "x", "authors": f"{author[1]} {author[0]}", "title": title, "comments": None,
        "journal-ref": None, "doi": doi, "report-no": None, "categories": "cs.LG", "license": None,
        "abstract": f"An abstract of {title}.", "versions": [{"version": "v1", "created": f"Mon, 2 Apr {year} 19:18:42 GMT"}],
        "update_date": f"{year}-05-23", "authors_parsed": [[author[0], author[1], ""]]})


@pytest.mark.parametrize("how", ["stdin", "two outputs"])
def test_snapshot_records_sharing_a_doi_with_contradictions_never_merge(cli, tmp_path, how):
    """Two records without a valid arXiv id share a DOI but not authors or years: both stay, reported."""
    text = "\n".join([_snapshot_line("not-an-id", ("Smith", "Alice"), 2007, "Paper one", "10.1234/same"),
                      _snapshot_line("also bad", ("Jones", "Bob"), 2015, "Paper two", "10.1234/same"),
                      _snapshot_line("bad three", ("Smith", "Alice"), 2007, "Paper one", "10.1234/same")]) + "\n"
    if how == "stdin":
        result = cli("convert", "-", "--from", "arxiv-snapshot", "--to", "bibtex", input=text)
        out = result.stdout
    else:
        src = tmp_path / "snap.jsonl"
        src.write_text(text)
        result = cli("convert", str(src), "-o", str(tmp_path / "a.bib"), "-o", str(tmp_path / "a.json"))
        out = (tmp_path / "a.bib").read_text()
    assert result.exit_code == 0, result.output
    # The third line agrees with the first (authors, year): one paper; the second stays apart.
    assert out.count("@misc") == 2 and "Jones" in out and out.count("Smith") == 1
    assert "possible duplicate" in result.stderr and "first authors differ" in result.stderr
