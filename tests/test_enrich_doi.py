"""The published version from its DOI (content negotiation) against local arXiv and doi.org stand-ins."""

from __future__ import annotations

import copy
import re

import pytest

from arxiv_server import make_arxiv_server  # noqa: F401 (fixture)
from doi_server import DoiServer, csl_items, doi_papers, doi_server  # noqa: F401 (fixtures)
from citekit.csl import entry_to_csl
from citekit.enrich import EnrichOptions, enrich
from citekit.enrich.cache import Cache
from citekit.exporters import ExportOptions
from citekit.exporters.bibtex import BIBLATEX, BIBTEX
from citekit.model import Entry, Library, Provenance

NUMPY = "2006.10256"


def options(arxiv, resolver, tmp_path, **kw) -> EnrichOptions:
    """Fast options: no delays, a cache in tmp_path, both stand-ins."""
    base = dict(url=arxiv.url, doi_url=resolver.url if resolver else "http://127.0.0.1:9/", delay=0.0, doi_delay=0.0,
                backoff=0.0, jitter=0.0, timeout=5.0, cache_path=tmp_path / "cache.sqlite3")
    base.update(kw)
    return EnrichOptions(**base)


def ids_library(ids: list[str]) -> Library:
    """Entries holding only an arXiv id, as an id list gives them."""
    library = Library()
    for n, arxiv_id in enumerate(ids):
        prov = Provenance("ids", "ids.txt", n + 1)
        entry = Entry()
        entry.add_source(prov)
        entry.set("arxiv_id", arxiv_id, prov)
        library.entries.append(entry)
    return library


def by_id(library: Library) -> dict[str, Entry]:
    return {e.arxiv_id: e for e in library.entries}


def types(entry: Entry) -> tuple[str, str, str]:
    """The entry's type in BibTeX, BibLaTeX and CSL-JSON."""
    lib = Library(entries=[entry])
    entry.key = entry.key or "k"
    bib = BIBTEX.write(lib, ExportOptions()).split("{", 1)[0].lstrip("@")
    blx = BIBLATEX.write(lib, ExportOptions()).split("{", 1)[0].lstrip("@")
    return bib, blx, entry_to_csl(entry)["type"]


@pytest.fixture
def arxiv(make_arxiv_server):
    return make_arxiv_server(doi_papers())


def test_doi_gives_the_published_version(arxiv, doi_server, tmp_path):
    """NumPy (arXiv gives a DOI, no journal reference) gets Nature's volume, issue, pages and year from its DOI's
    CSL-JSON; the same type is written in every format; the arXiv id stays."""
    out = enrich(ids_library([p["arxiv_id"] for p in doi_papers()]), options(arxiv, doi_server, tmp_path))
    numpy = by_id(out)[NUMPY]
    assert (numpy.container_title, numpy.volume, numpy.issue, numpy.page) == ("Nature", "585", "7825", "357--362")
    assert numpy.issued.year == 2020 and numpy.arxiv_id == NUMPY and numpy.type == "article-journal"
    assert types(numpy) == ("article", "article", "article-journal")
    assert doi_server.requests == ["10.1038/s41586-020-2649-2"]  # the others had a readable journal reference
    assert set(doi_server.accepts) == {"application/vnd.citationstyles.csl+json"}
    graphene = by_id(out)["cond-mat/0410550"]
    assert (graphene.container_title, graphene.volume, graphene.page, graphene.issued.year) == ("Science", "306", "666", 2004)
    schnet = by_id(out)["1706.08566"]
    assert schnet.type == "paper-conference" and types(schnet) == ("inproceedings", "inproceedings", "paper-conference")
    assert schnet.container_title == "Advances in Neural Information Processing Systems" and schnet.page == "992--1002"


def test_no_doi_keeps_a_preprint_everywhere(arxiv, doi_server, tmp_path):
    """With the DOI look-up off, a DOI alone does not make the entry published in one format and not another."""
    out = enrich(ids_library([NUMPY]), options(arxiv, doi_server, tmp_path, doi=False))
    numpy = by_id(out)[NUMPY]
    assert not doi_server.requests and numpy.container_title is None
    assert types(numpy) == ("misc", "online", "article")


def test_a_record_that_is_not_the_paper_is_not_used(arxiv, tmp_path):
    """The DOI's record must agree in title and authors; a different paper behind the DOI is reported, not used."""
    items = csl_items()
    items["10.1038/s41586-020-2649-2"] = dict(items["10.1038/s41586-020-2649-2"], title="Something else entirely")
    server = DoiServer(items).start()
    try:
        out = enrich(ids_library([NUMPY]), options(arxiv, server, tmp_path))
    finally:
        server.stop()
    numpy = by_id(out)[NUMPY]
    assert numpy.container_title is None and numpy.type == "article"
    assert any("is not this paper" in p.message for p in out.problems)


@pytest.mark.parametrize("kind", ["html", "captive", "429", "503", "stall", "trickle", "gzip-bomb", "entity"])
def test_doi_faults_end_in_bounded_time_with_arxiv_only_output(arxiv, doi_server, tmp_path, kind):
    """Each fault ends within the request deadline and retries: the entry keeps arXiv's data (a preprint), one
    summary warning says why, and nothing is cached, so a later healthy run asks again and upgrades it."""
    doi_server.fault_all = kind
    doi_server.stall_seconds = 5.0
    doi_server.trickle_gap = 0.05
    opts = options(arxiv, doi_server, tmp_path, retries=1, doi_request_deadline=0.5, timeout=2.0, retry_after_max=0.01)
    out = enrich(ids_library([NUMPY]), opts)
    numpy = by_id(out)[NUMPY]
    assert numpy.container_title is None and numpy.title and types(numpy)[0] == "misc"
    (summary,) = [p for p in out.problems if "could not be asked by DOI" in p.message]
    assert "arXiv:2006.10256" in summary.message
    cache = Cache.open(tmp_path / "cache.sqlite3")
    try:
        assert cache.work("10.1038/s41586-020-2649-2") is None
    finally:
        cache.close()
    doi_server.fault_all = None
    again = enrich(ids_library([NUMPY]), opts)
    assert by_id(again)[NUMPY].container_title == "Nature"


def test_answers_are_cached(arxiv, doi_server, tmp_path):
    """A second run answers from the cache: no DOI request."""
    enrich(ids_library([NUMPY]), options(arxiv, doi_server, tmp_path))
    doi_server.requests.clear()
    out = enrich(ids_library([NUMPY]), options(arxiv, doi_server, tmp_path))
    assert not doi_server.requests and by_id(out)[NUMPY].container_title == "Nature"
    offline = enrich(ids_library([NUMPY]), options(arxiv, doi_server, tmp_path, offline=True))
    assert by_id(offline)[NUMPY].volume == "585"


def test_unparseable_reference_stays_a_preprint_and_keeps_the_text(make_arxiv_server, doi_server, tmp_path):
    """A journal reference that cannot be read with confidence: @misc/@online with eprint, the text in note."""
    paper = dict(copy.deepcopy(doi_papers()[3]), journal_ref="Toulouse Space Show, Jun 2010, Toulouse, France")
    server = make_arxiv_server([paper])
    out = enrich(ids_library([paper["arxiv_id"]]), options(server, doi_server, tmp_path))
    (entry,) = out.entries
    entry.key = "k"
    assert types(entry) == ("misc", "online", "article")
    text = BIBTEX.write(Library(entries=[entry]), ExportOptions())
    assert "eprint" in text and "archivePrefix" in text and "Toulouse Space Show" in text


def _cli_run(cli, monkeypatch, arxiv, resolver, *args):
    monkeypatch.setenv("CITEKIT_ARXIV_URL", arxiv.url)
    monkeypatch.setenv("CITEKIT_DOI_URL", resolver.url)
    monkeypatch.setenv("CITEKIT_ARXIV_DELAY", "0")
    monkeypatch.setenv("CITEKIT_DOI_DELAY", "0")
    return cli(*args)


@pytest.mark.integration
def test_from_ids_alone_the_enriched_files_compile_and_agree(cli, monkeypatch, make_arxiv_server, doi_server, tmp_path):
    """ids -> --enrich: the .bib compiles with no warning under plain, unsrt and alpha, the BibLaTeX passes
    biber --validate-datamodel, check finds nothing, and each paper has the same type in all three formats."""
    import json

    from arxiv_server import seed_papers
    from test_integration_bib import assert_compiles_clean

    papers = doi_papers() + seed_papers()[:8]
    arxiv = make_arxiv_server(papers)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(p["arxiv_id"] for p in papers) + "\n", encoding="utf-8")
    bib, blx, csl = tmp_path / "refs.bib", tmp_path / "refs-blx.bib", tmp_path / "refs.json"
    result = _cli_run(cli, monkeypatch, arxiv, doi_server, "convert", str(ids), "-o", str(bib), "-o", str(blx),
                      "--to", "biblatex", "-o", str(csl), "--enrich", "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr
    items = {i["id"]: i["type"] for i in json.loads(csl.read_text(encoding="utf-8"))}
    bib_types = dict(t[::-1] for t in re.findall(r"^@(\w+)\{([^,]+),", bib.read_text(encoding="utf-8"), re.M))
    blx_types = dict(t[::-1] for t in re.findall(r"^@(\w+)\{([^,]+),", blx.read_text(encoding="utf-8"), re.M))
    agree = {"article-journal": ("article", "article"), "paper-conference": ("inproceedings", "inproceedings"),
             "article": ("misc", "online")}
    assert {k: (bib_types[k], blx_types[k]) for k in items} == {k: agree[t] for k, t in items.items()}
    assert list(items.values()).count("article-journal") == 3 and "paper-conference" in items.values()
    check = cli("check", str(bib), str(blx))
    assert check.exit_code == 0 and "0 warning(s)" in check.stderr, check.stderr
    assert_compiles_clean(bib, blx, len(papers), tmp_path)


def test_update_upgrades_exactly_the_published_preprints(cli, monkeypatch, make_arxiv_server, doi_server, tmp_path):
    """A personal .bib of preprints: the one with a readable journal reference and the one with only a DOI become
    complete @article entries, the unpublished one is left a preprint, the one with a wrong id is left alone,
    and every other byte of the file is as it was."""
    from arxiv_server import seed_papers

    unpublished = seed_papers()[0]
    arxiv = make_arxiv_server(doi_papers() + [unpublished])
    original = (
        "% my references\n\n"
        "@misc{numpy,\n  title = {Array Programming with NumPy},\n  author = {Harris, Charles R. and others},\n"
        "  year = {2020},\n  eprint = {2006.10256},\n  archivePrefix = {arXiv},\n}\n\n"
        "@misc{graphene,\n  title = {Electric Field Effect in Atomically Thin Carbon Films},\n"
        "  author = {Novoselov, K. S. and Geim, A. K.},\n  year = {2004},\n  eprint = {cond-mat/0410550},\n"
        "  archivePrefix = {arXiv},\n}\n\n"
        f"@misc{{thinking,\n  title = {{{unpublished['title']}}},\n  year = {{2024}},\n  eprint = {{{unpublished['arxiv_id']}}},\n"
        "  archivePrefix = {arXiv},\n}\n\n"
        "@misc{wrong,\n  title = {A Paper About Something Else Entirely},\n  author = {Nobody, Ann},\n  year = {2020},\n"
        "  eprint = {1706.08566},\n  archivePrefix = {arXiv},\n}\n"
    )
    path = tmp_path / "refs.bib"
    path.write_text(original, encoding="utf-8")
    result = _cli_run(cli, monkeypatch, arxiv, doi_server, "update", str(path), "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^@\w+\{(\w+),\n(.*?)^\}", text, re.M | re.S))
    assert text.startswith("% my references\n\n@article{numpy,")
    for want in ("journal = {Nature}", "volume = {585}", "number = {7825}", "pages = {357--362}",
                 "doi = {10.1038/s41586-020-2649-2}", "eprint = {2006.10256}"):
        assert want in blocks["numpy"], want
    assert "@article{graphene," in text and "journal = {Science}" in blocks["graphene"]
    assert "volume = {306}" in blocks["graphene"] and "pages = {666}" in blocks["graphene"]
    assert "@misc{thinking," in text and "journal" not in blocks["thinking"]
    wrong = original.split("@misc{wrong,")[1]
    assert text.endswith("@misc{wrong," + wrong)  # left exactly as it was
    assert text.split("@misc{thinking,")[0].count("\n\n") == original.split("@misc{thinking,")[0].count("\n\n")


def test_update_says_once_that_the_doi_resolver_failed(cli, monkeypatch, make_arxiv_server, doi_server, tmp_path):
    """update with a DOI resolver that answers a web page: the DOI-only preprint is filled from arXiv and left a
    preprint, one warning names the resolver's failure, and nothing of it is cached."""
    doi_server.fault_all = "html"
    arxiv = make_arxiv_server(doi_papers())
    path = tmp_path / "refs.bib"
    path.write_text("@misc{numpy,\n  title = {Array Programming with NumPy},\n  author = {Harris, Charles R. and others},\n"
                    "  year = {2020},\n  eprint = {2006.10256},\n  archivePrefix = {arXiv},\n}\n", encoding="utf-8")
    result = _cli_run(cli, monkeypatch, arxiv, doi_server, "update", str(path), "--cache", str(tmp_path / "c.sqlite3"))
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning:" in line]
    assert len(warnings) == 1 and "could not be asked by DOI" in warnings[0] and "web page" in warnings[0], warnings
    assert "update-probe" not in result.stderr
    assert path.read_text(encoding="utf-8").startswith("@misc{numpy,")
    cache = Cache.open(tmp_path / "c.sqlite3")
    try:
        assert cache.work("10.1038/s41586-020-2649-2") is None
    finally:
        cache.close()


def test_stub_keys_are_remade_once_the_paper_is_known_and_rekey_is_mapped(cli, monkeypatch, make_arxiv_server,
                                                                         doi_server, tmp_path):
    """A run without --enrich keys papers by id alone (arxiv2006_10256); the first enriched run over the same
    output remakes those keys from author, year and title, says so, and writes them to --key-map. --rekey
    records every key it changes."""
    arxiv = make_arxiv_server(doi_papers())
    ids = tmp_path / "ids.txt"
    ids.write_text("2006.10256\ncond-mat/0410550\n", encoding="utf-8")
    out = tmp_path / "refs.bib"
    assert cli("convert", str(ids), "-o", str(out)).exit_code == 0
    assert re.findall(r"^@\w+\{([^,]+),", out.read_text(encoding="utf-8"), re.M) == ["arxiv2006_10256", "arxivcond_mat_0410550"]
    km = tmp_path / "km.tsv"
    result = _cli_run(cli, monkeypatch, arxiv, doi_server, "convert", str(ids), "-o", str(out), "--enrich",
                      "--cache", str(tmp_path / "c.sqlite3"), "--key-map", str(km))
    assert result.exit_code == 0, result.stderr
    keys = re.findall(r"^@\w+\{([^,]+),", out.read_text(encoding="utf-8"), re.M)
    assert keys == ["harris2020array", "novoselov2004electric"]
    rows = km.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("arxiv2006_10256\tharris2020array\tmade from author, year and title")
    assert rows[2].startswith("arxivcond_mat_0410550\tnovoselov2004electric\t") and len(rows) == 3
    assert "2 key(s) made from the arXiv id alone" in result.stderr
    # Later runs keep the new keys; --rekey with another pattern maps every change it makes.
    again = _cli_run(cli, monkeypatch, arxiv, doi_server, "convert", str(ids), "-o", str(out), "--enrich",
                     "--cache", str(tmp_path / "c.sqlite3"))
    assert "made from the arXiv id alone" not in again.stderr
    rekey = _cli_run(cli, monkeypatch, arxiv, doi_server, "convert", str(ids), "-o", str(out), "--enrich", "--rekey",
                     "--key-pattern", "{auth}_{year}", "--cache", str(tmp_path / "c.sqlite3"), "--key-map", str(km))
    assert rekey.exit_code == 0, rekey.stderr
    rows = km.read_text(encoding="utf-8").splitlines()[1:]
    assert [r.split("\t")[:2] for r in rows] == [["harris2020array", "harris_2020"], ["novoselov2004electric", "novoselov_2004"]]
    assert all(r.endswith("regenerated (--rekey)") for r in rows)


def test_check_enrich_names_the_published_version(cli, monkeypatch, make_arxiv_server, doi_server, tmp_path):
    """check --enrich says where a cited preprint was published, from its DOI's record; --no-doi asks no resolver."""
    arxiv = make_arxiv_server(doi_papers())
    path = tmp_path / "refs.bib"
    path.write_text("@misc{numpy,\n  title = {Array Programming with NumPy},\n  author = {Harris, Charles R.},\n"
                    "  year = {2020},\n  eprint = {2006.10256},\n  archivePrefix = {arXiv},\n}\n", encoding="utf-8")
    result = _cli_run(cli, monkeypatch, arxiv, doi_server, "check", str(path), "--enrich",
                      "--cache", str(tmp_path / "c.sqlite3"))
    assert "published as Nature 585(7825), 357--362 (2020)" in result.stderr + result.stdout
    doi_server.requests.clear()
    plain = _cli_run(cli, monkeypatch, arxiv, doi_server, "check", str(path), "--enrich", "--no-doi",
                     "--cache", str(tmp_path / "c2.sqlite3"))
    assert "has been published (DOI 10.1038/s41586-020-2649-2)" in plain.stderr + plain.stdout
    assert not doi_server.requests


def test_an_article_number_stands_for_the_page():
    """Crossref gives APS's and Nature Portfolio's article numbers as ``article-number`` with no ``page``."""
    from citekit.enrich.doi import csl_published_fields

    item = {"type": "article-journal", "container-title": "Physical Review D", "volume": "95", "issue": "8",
            "article-number": "084013", "issued": {"date-parts": [[2017, 4, 10]]}}
    assert csl_published_fields(item) == {"type": "article-journal", "container_title": "Physical Review D",
                                          "volume": "95", "issue": "8", "page": "084013", "year": "2017"}
    item["page"] = "1-10"
    assert csl_published_fields(item)["page"] == "1--10"


def test_a_doi_lookup_has_its_own_short_deadline(arxiv, doi_server, tmp_path):
    """A DOI's answer is small: its deadline (doi_request_deadline, 10 s by default) is the DOI client's, not arXiv's."""
    from citekit.enrich import EnrichOptions
    from citekit.enrich.run import doi_client_for

    assert EnrichOptions().doi_request_deadline <= 10.0 < EnrichOptions().request_deadline
    doi_server.fault_all = "stall"
    doi_server.stall_seconds = 60.0  # far past the deadline: on a loaded machine the server must not give up first
    opts = options(arxiv, doi_server, tmp_path, retries=0, doi_request_deadline=0.3, request_deadline=30.0, timeout=30.0)
    cache = Cache.open(tmp_path / "c.sqlite3")
    client = doi_client_for(opts, cache)
    try:
        answer = client.lookup(["10.1038/s41586-020-2649-2"])
    finally:
        client.close()
        cache.close()
    assert "still arriving after 0.3 s" in answer.failed["10.1038/s41586-020-2649-2"]
