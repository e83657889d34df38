"""From ids alone to a .bib that compiles, on 70 real arXiv records (tests/data/arxiv_real, see SOURCES.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from doi_server import doi_papers, doi_server  # noqa: F401 (fixtures)

RECORDS = Path(__file__).parent / "data" / "arxiv_real" / "records.json"
#: CSL type -> (BibTeX type, BibLaTeX type): one mapping, so every format says the same.
AGREE = {"article-journal": ("article", "article"), "paper-conference": ("inproceedings", "inproceedings"),
         "article": ("misc", "online")}


def _types(path: Path) -> dict[str, str]:
    return dict(t[::-1] for t in re.findall(r"^@(\w+)\{([^,]+),", path.read_text(encoding="utf-8"), re.M))


@pytest.mark.integration
def test_real_records_compile_check_clean_and_agree(cli, monkeypatch, make_arxiv_server, doi_server, tmp_path):
    """74 papers by id (70 real records, the 4 DOI stand-in papers): bibtex plain/unsrt/alpha and
    biber --validate-datamodel report nothing, check finds nothing, the types agree in all three formats,
    and every record whose journal reference is read with confidence becomes a published entry."""
    from conftest import require_tool
    from test_integration_bib import bibtex_problems, biber_problems

    from citekit.journalref import parse_journal_ref, published_fields

    real = json.loads(RECORDS.read_text(encoding="utf-8"))
    for paper in real:
        paper.pop("source", None)
    papers = doi_papers() + real
    arxiv = make_arxiv_server(papers)
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv.url)
    monkeypatch.setenv("CITEKIT_DOI_URL", doi_server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    monkeypatch.setenv("CITEKIT_DOI_DELAY", "0")
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(p["arxiv_id"] for p in papers) + "\n", encoding="utf-8")
    bib, blx, csl = tmp_path / "refs.bib", tmp_path / "refs-blx.bib", tmp_path / "refs.json"
    result = cli("convert", str(ids), "-o", str(bib), "-o", str(blx), "--to", "biblatex", "-o", str(csl), "--enrich",
                 "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr
    assert ": warning:" not in result.stderr, result.stderr
    items = json.loads(csl.read_text(encoding="utf-8"))
    assert len(items) == len(papers)
    kinds = {i["id"]: i["type"] for i in items}
    bib_types, blx_types = _types(bib), _types(blx)
    assert {k: (bib_types[k], blx_types[k]) for k in kinds} == {k: AGREE[t] for k, t in kinds.items()}
    readable = sum(1 for p in real if published_fields(parse_journal_ref(p["journal_ref"] or "")))
    assert sum(t != "article" for t in kinds.values()) >= readable + 1  # + NumPy, from its DOI
    check = cli("check", str(bib), str(blx), str(csl))
    assert check.exit_code == 0 and "0 finding(s)" in check.stderr, check.stdout + check.stderr
    require_tool("pdflatex")
    require_tool("bibtex")
    for style in ("plain", "unsrt", "alpha"):
        bad, n = bibtex_problems(bib.read_text(encoding="utf-8"), style, tmp_path / style)
        assert bad == [] and n == len(papers), (style, bad)
    require_tool("biber")
    bad, n = biber_problems(blx.read_text(encoding="utf-8"), tmp_path / "biber")
    assert bad == [] and n == len(papers), bad
