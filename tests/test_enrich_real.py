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
    from test_integration_bib import assert_compiles_clean

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
    assert_compiles_clean(bib, blx, len(papers), tmp_path)


def test_update_on_real_preprints_changes_exactly_the_published_ones(cli, monkeypatch, make_arxiv_server, doi_server,
                                                                     tmp_path):
    """A personal .bib: six real preprints arXiv knows a journal reference for, NumPy (a DOI only), three
    unpublished, one with another paper's id, a book and a published article. update upgrades exactly the
    published ones (their venue from the reference read or the DOI's record), fills the unpublished, and leaves
    every byte of the rest, and of the file around the entries, as it was."""
    from citekit.bibedit import BibDocument
    from citekit.journalref import parse_journal_ref, published_fields

    real = json.loads(RECORDS.read_text(encoding="utf-8"))
    for paper in real:
        paper.pop("source", None)
    published = [p for p in real if published_fields(parse_journal_ref(p["journal_ref"] or ""))][:6]
    unpublished = [p for p in real if not p["journal_ref"] and not p["doi"]][:3]
    arxiv = make_arxiv_server(doi_papers() + real)
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv.url)
    monkeypatch.setenv("CITEKIT_DOI_URL", doi_server.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    monkeypatch.setenv("CITEKIT_DOI_DELAY", "0")

    def who(p: dict) -> str:
        return " and ".join(f"{a['family']}, {a['given']}" for a in p["authors"][:3])

    blocks = ["% My own references, kept by hand.\n\n",
              "@book{knuth1984,\n    author = {Donald E. Knuth},\n    title  = {The {\\TeX}book},\n"
              "    publisher = {Addison-Wesley},\n    year = 1984\n}\n\n",
              "@misc{numpy,\n  title = {Array Programming with {NumPy}},\n  author = {Harris, Charles R. and others},\n"
              "  year = {2020},\n  eprint = {2006.10256},\n  archivePrefix = {arXiv},\n}\n\n"]
    blocks += [f"@misc{{pub{n},\n  title={{{p['title']}}},\n  author={{{who(p)}}},\n  year={{{p['published'][:4]}}},\n"
               f"  eprint={{{p['arxiv_id']}}},\n  archivePrefix={{arXiv}}\n}}\n\n" for n, p in enumerate(published)]
    blocks += [f"@misc{{unpub{n},\n  title = {{{p['title']}}},\n  author = {{{who(p)}}},\n  eprint = {{{p['arxiv_id']}}},\n"
               "  archiveprefix = {arXiv},\n  note = {my own note},\n}\n\n" for n, p in enumerate(unpublished)]
    untouched = {
        "wrongid": "@misc{wrongid,\n  title = {A Paper About Something Else Entirely},\n  author = {Nobody, Ann},\n"
                   f"  year = {{2019}},\n  eprint = {{{published[0]['arxiv_id']}}},\n  archivePrefix = {{arXiv}},\n}}",
        "published": "@article{published,\n  title = {Some Published Work},\n  author = {Doe, Jane},\n"
                     "  journal = {Phys. Rev. B},\n  volume = {1},\n  pages = {1},\n  year = {1999},\n"
                     "  doi = {10.1103/PhysRevB.1.1},\n}",
    }
    blocks += [untouched["wrongid"] + "\n\n", untouched["published"] + "\n"]
    original = "".join(blocks)
    path = tmp_path / "refs.bib"
    path.write_text(original, encoding="utf-8")
    result = cli("update", str(path), "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    doc = BibDocument.parse(text)
    kinds = {e.key: e.type.lower() for e in doc.entries}
    fields = {e.key: {f.name.lower(): f.value for f in e.fields} for e in doc.entries}
    for n, paper in enumerate(published + [None]):
        key = f"pub{n}" if paper else "numpy"
        want = "inproceedings" if paper and parse_journal_ref(paper["journal_ref"]).conference else "article"
        assert kinds[key] == want, (key, kinds[key])
        assert ("journal" if want == "article" else "booktitle") in fields[key], fields[key]
    for n in range(len(unpublished)):
        assert kinds[f"unpub{n}"] == "misc" and "journal" not in fields[f"unpub{n}"]
    for block in untouched.values():
        assert block in text
    assert text.startswith(original.split("@misc{numpy")[0])  # the comment and the book, byte for byte
    assert "6 upgraded" not in result.stderr and "7 upgraded" in result.stderr, result.stderr
