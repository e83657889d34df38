"""`citekit update` against the project's own arXiv stand-in: seed papers and their decoys, some made published.

The .bib is written here from the seed metadata in four shapes users have (an
``eprint``, an arxiv.org ``url``, Google Scholar's ``journal = {arXiv preprint ...}``,
and no id at all, to be found by title among decoys that share it), so the test holds
for whichever papers the seed file lists.
"""

from __future__ import annotations

import os

import pytest

from arxiv_server import ArxivServer, decoys, seed_papers
from citekit.bibedit import BibDocument
from citekit.enrich import EnrichOptions
from citekit.update import UpdateOptions, update_text

PUBLISHED = ("Phys. Rev. Lett. 85, 5234 (2000)", "J. Mach. Learn. Res. 21(140):1-67, 2020", "NeurIPS 2022")


def _bibtex_names(paper: dict) -> str:
    return " and ".join(f"{a['family']}, {a['given']}" if a.get("given") else a["family"] for a in paper["authors"])


def _entry(n: int, paper: dict) -> str:
    """Paper ``n`` in shape ``n % 4``; the first two authors and ``and others`` when there are more than three."""
    authors = paper["authors"]
    names = _bibtex_names({"authors": authors[:2]}) + " and others" if len(authors) > 3 else _bibtex_names(paper)
    title = paper["title"].replace("{", "").replace("}", "")
    head = f"@misc{{seed{n},\n  title = {{{title}}},\n  author = {{{names}}},\n"
    shape = n % 4
    if shape == 0:
        return head + f"  eprint = {{{paper['arxiv_id']}}},\n}}\n"
    if shape == 1:
        return head + f"  url = {{https://arxiv.org/abs/{paper['arxiv_id']}}},\n}}\n"
    if shape == 2:
        return (f"@article{{seed{n},\n  title={{{title}}},\n  author={{{names}}},\n"
                f"  journal={{arXiv preprint arXiv:{paper['arxiv_id']}}},\n  year={{{paper['published'][:4]}}}\n}}\n")
    return head + "  note = {found it on a poster}\n}\n"


@pytest.fixture
def setup(tmp_path):
    """12 seed papers, every third published; the stand-in with the seed decoys; the .bib text."""
    papers = [p for p in seed_papers() if p["authors"] and "{" not in p["title"]][:12]
    assert len(papers) == 12
    for n, paper in enumerate(papers):
        if n % 3 == 0:
            paper["journal_ref"] = PUBLISHED[(n // 3) % 3]
            paper["doi"] = f"10.9999/published.{n}"
    server = ArxivServer([dict(p) for p in papers] + decoys([dict(p) for p in papers])).start()
    bib = "% seeds as a user keeps them\n\n" + "\n".join(_entry(n, p) for n, p in enumerate(papers))
    options = EnrichOptions(doi_url=os.environ["CITEKIT_DOI_URL"], url=server.url, delay=0, backoff=0, retries=1, cache_path=tmp_path / "c.sqlite3")
    yield papers, bib, options
    server.stop()


def test_exactly_the_published_are_upgraded_and_the_rest_filled(setup):
    """Published papers become @article/@inproceedings with their id kept and journal reference parsed; others filled."""
    papers, bib, options = setup
    result = update_text(bib, "seeds.bib", UpdateOptions(), options)
    assert not result.failed
    doc = BibDocument.parse(result.text)
    for n, (paper, plan, entry) in enumerate(zip(papers, result.plans, doc.entries)):
        fields = {f.name.lower(): " ".join(f.value_text.split()) for f in entry.fields}
        assert entry.key == f"seed{n}"
        assert fields["eprint"] == paper["arxiv_id"], (n, plan.notes)  # found (by id or title) and kept
        if paper.get("journal_ref"):
            assert plan.status == "upgraded", (n, plan.notes)
            assert fields["doi"] == paper["doi"]
            if paper["journal_ref"].startswith("NeurIPS"):
                assert entry.type == "inproceedings" and fields["booktitle"] == "NeurIPS" and fields["year"] == "2022"
            else:
                assert entry.type == "article" and fields["year"] in ("2000", "2020")
                assert fields["journal"] in ("Phys. Rev. Lett.", "J. Mach. Learn. Res.") and fields["volume"] in ("85", "21")
        else:
            assert plan.status == "filled", (n, plan.notes)
            assert entry.type == ("article" if n % 4 == 2 else "misc")
            assert fields["doi"] == f"10.48550/arXiv.{paper['arxiv_id']}"
        assert "others" not in fields["author"] and fields["author"].count(" and ") == len(paper["authors"]) - 1
    again = update_text(result.text, "seeds.bib", UpdateOptions(), options)
    assert again.text == result.text


def test_a_wrong_id_is_left_alone(setup):
    """An entry whose eprint names another seed paper (title and authors disagree) is not touched."""
    papers, _, options = setup
    a, b = papers[1], papers[4]
    bib = f"@misc{{mix,\n  title = {{{a['title']}}},\n  author = {{{_bibtex_names(a)}}},\n  eprint = {{{b['arxiv_id']}}},\n}}\n"
    result = update_text(bib, "mix.bib", UpdateOptions(), options)
    assert result.text == bib and result.plans[0].status == "unsure"
