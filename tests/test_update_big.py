"""`citekit update` on a big library (7,000 entries): no title search for what cannot be on arXiv, a screenful."""

from __future__ import annotations

import pytest

from arxiv_server import make_arxiv_server, synthetic_papers  # noqa: F401 (fixture)


def _library(papers: list[dict]) -> str:
    """A personal library as big ones are: mostly published articles with journal DOIs, books, papers older than
    arXiv, some preprints with their arXiv ids, and a few entries known by title alone."""
    blocks = []
    for n in range(5400):
        blocks.append(f"@article{{pub{n},\n  author = {{Author{n}, A.}},\n  title = {{Published result number {n}}},\n"
                      f"  journal = {{J. Results}},\n  volume = {{{n % 90 + 1}}},\n  year = {{{1995 + n % 28}}},\n"
                      f"  doi = {{10.1000/jr.{n}}}\n}}\n")
    for n in range(700):
        blocks.append(f"@book{{book{n},\n  author = {{Writer{n}, B.}},\n  title = {{A book about topic {n}}},\n"
                      f"  publisher = {{Press}},\n  year = {{2001}}\n}}\n")
    for n in range(700):
        blocks.append(f"@inproceedings{{old{n},\n  author = {{Elder{n}, C.}},\n  title = {{An old talk {n}}},\n"
                      f"  booktitle = {{Proc. Old}},\n  year = {{{1960 + n % 30}}}\n}}\n")
    for n, paper in enumerate(papers[:150]):
        blocks.append(f"@misc{{pre{n},\n  title = {{{paper['title']}}},\n  eprint = {{{paper['arxiv_id']}}},\n"
                      "  archivePrefix = {arXiv}\n}\n")
    for n, paper in enumerate(papers[150:200]):
        authors = " and ".join(f"{a['family']}, {a['given']}" for a in paper["authors"])
        blocks.append(f"@misc{{bytitle{n},\n  title = {{{paper['title']}}},\n  author = {{{authors}}},\n  year = {{2023}}\n}}\n")
    for n in range(50):
        blocks.append(f"@misc{{note{n},\n  title = {{Unpublished note on subject {n} with no arXiv record}},\n"
                      f"  year = {{2022}}\n}}\n")
    return "\n".join(blocks)


@pytest.mark.integration
def test_big_library_dry_run_is_a_screenful_and_searches_only_possible_papers(cli, make_arxiv_server, tmp_path,
                                                                              monkeypatch):
    """--dry-run on 7,050 entries: at most 25 lines, no title search for the 6,800 that cannot be arXiv papers
    (published articles with journal DOIs, books, years before 1991), one summary line per reason."""
    papers = synthetic_papers(200)
    server = make_arxiv_server(papers)
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    monkeypatch.setenv("CITEKIT_DOI_DELAY", "0")
    path = tmp_path / "library.bib"
    path.write_text(_library(papers), encoding="utf-8")
    before = path.read_bytes()
    result = cli("update", str(path), "--dry-run", "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert len(lines) <= 25, "\n".join(lines)
    searched = [q["search_query"][0] for q in server.requests if q.get("search_query", [""])[0]]
    # Only the 100 entries known by title alone may be searched (titles go several to a request).
    assert not any("Published result" in s or "book about" in s or "old talk" in s for s in searched)
    assert "5400 entries not searched on arXiv (a published article with a journal DOI)" in result.stderr
    assert "700 entries not searched on arXiv (a book or collection)" in result.stderr
    assert "700 entries not searched on arXiv (published before arXiv existed" in result.stderr
    assert "50 entries not on arXiv (looked up and not found)" in result.stderr
    assert "-v lists" in result.stderr and path.read_bytes() == before


def test_verbose_names_every_entry(cli, make_arxiv_server, tmp_path, monkeypatch):
    """-v lists each entry the summary lines count."""
    papers = synthetic_papers(4)
    server = make_arxiv_server(papers)
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    path = tmp_path / "library.bib"
    path.write_text("\n".join(f"@book{{book{n},\n  title = {{A book about topic {n}}},\n  year = {{2001}}\n}}\n"
                              for n in range(8)), encoding="utf-8")
    quiet = cli("update", str(path), "--dry-run", "--cache", str(tmp_path / "c.sqlite3"))
    assert "8 entries not searched on arXiv (a book or collection): book0" in quiet.stderr and "book7" not in quiet.stderr
    verbose = cli("update", str(path), "--dry-run", "-v", "--cache", str(tmp_path / "c.sqlite3"))
    assert all(f"book{n}: a book or collection" in verbose.stderr for n in range(8))
    assert not server.requests


def test_ads_journal_macros_count_as_a_journal(cli, make_arxiv_server, tmp_path, monkeypatch):
    """ADS exports name the journal by AASTeX macro (``journal = {\\apj}``), which decodes to nothing: an @article
    with such a journal and a journal DOI is published, so it is never title-searched."""
    server = make_arxiv_server(synthetic_papers(2))
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    path = tmp_path / "ads.bib"
    path.write_text("".join(
        f"@ARTICLE{{ads{n},\n  author = {{{{Someone}}, A.}},\n  title = \"{{A stellar result number {n}}}\",\n"
        f"  journal = {macro},\n  year = 2015,\n  volume = {{800}},\n  doi = {{10.1088/0004-637X/800/{n}}}\n}}\n\n"
        for n, macro in enumerate(("{\\apj}", "{\\mnras}", "\\aap", "{\\nat}"))), encoding="utf-8")
    result = cli("update", str(path), "--dry-run", "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr
    assert "4 entries not searched on arXiv (a published article with a journal DOI)" in result.stderr
    assert not server.requests


def test_entries_without_id_or_title_and_unreadable_blocks_are_summed_up(cli, make_arxiv_server, tmp_path,
                                                                         monkeypatch):
    """Many entries with neither an arXiv id nor a title, and many blocks that cannot be read, each make one line
    (naming the first few); -v gives each its own line."""
    server = make_arxiv_server(synthetic_papers(2))
    monkeypatch.setenv("CITEKIT_ARXIV_URL", server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    path = tmp_path / "lib.bib"
    blocks = [f"@misc{{empty{n},\n  year = {{2020}}\n}}\n" for n in range(12)]
    blocks += [f"@article{{broken{n} title = {{No comma after the key}}, year = {{2020}}}}\n" for n in range(9)]
    path.write_text("\n".join(blocks), encoding="utf-8")
    before = path.read_bytes()
    quiet = cli("update", str(path), "--dry-run", "--cache", str(tmp_path / "c.sqlite3"))
    lines = quiet.stderr.splitlines()
    assert len(lines) <= 4, quiet.stderr
    assert "12 entries with no arXiv id and no title to look them up by, left as they were: empty0" in quiet.stderr
    assert "9 times: unreadable block not read, left as it was (lines 49, 51, 53, 55, 57, and 4 more" in quiet.stderr
    verbose = cli("update", str(path), "--dry-run", "-v", "--cache", str(tmp_path / "c.sqlite3"))
    assert all(f"empty{n}: no arXiv id and no title" in verbose.stderr for n in range(12))
    assert verbose.stderr.count("unreadable block not read") == 9
    assert path.read_bytes() == before
