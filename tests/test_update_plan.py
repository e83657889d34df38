"""The update's pure parts: finding arXiv ids in an entry, and planning and applying one entry's changes."""

from __future__ import annotations

import pytest

from citekit.bibedit import BibDocument
from citekit.model import Name, PartialDate
from citekit.update.apply import apply_plans
from citekit.update.find_id import find_arxiv_id
from citekit.update.lookup import Facts
from citekit.update.options import UpdateOptions
from citekit.update.plan import is_preprint, names_arxiv, plan_entry
from citekit.update.stated import macro_values, read_stated


@pytest.mark.parametrize("fields, expected", [
    ({"eprint": "1706.03762"}, "1706.03762"),
    ({"eprint": "arXiv:1706.03762v5"}, "1706.03762"),
    ({"arxiv": "2001.08361"}, "2001.08361"),
    ({"arxivId": "2001.08361"}, "2001.08361"),  # Mendeley
    ({"doi": "10.48550/arXiv.2106.09685"}, "2106.09685"),
    ({"doi": "https://doi.org/10.48550/ARXIV.2106.09685"}, "2106.09685"),
    ({"url": "https://arxiv.org/pdf/2106.09685v2.pdf"}, "2106.09685"),
    ({"url": "http://export.arxiv.org/abs/hep-th/9711200"}, "hep-th/9711200"),
    ({"journal": "arXiv preprint arXiv:1810.04805"}, "1810.04805"),  # Google Scholar
    ({"journal": "ArXiv", "volume": "abs/1810.04805"}, "1810.04805"),  # Semantic Scholar
    ({"journal": "Nature", "volume": "abs/1810.04805"}, None),  # "abs/" means arXiv only under CoRR or ArXiv
    ({"journal": "CoRR", "volume": "abs/1810.04805"}, "1810.04805"),  # DBLP
    ({"note": "arXiv:2001.08361 [cs.LG]"}, "2001.08361"),
    ({"howpublished": "arXiv:cond-mat/9910332"}, "cond-mat/9910332"),
    ({"journal": "arXiv e-prints", "pages": "arXiv:2001.08361"}, "2001.08361"),  # NASA ADS
    ({"number": "arXiv:2001.08361", "institution": "arXiv"}, "2001.08361"),  # Zotero report
    ({"note": "see pages 1706.03762 of the notes"}, None),  # no mention of arXiv: a number is no id
    ({"eprint": "12345678", "eprinttype": "pubmed"}, None),
    ({"url": "https://example.org/2106.09685"}, None),
    ({"title": "Attention"}, None),
])
def test_find_arxiv_id(fields, expected):
    """The id is found in each place users put it, and not made up from a number elsewhere."""
    found = find_arxiv_id(fields)
    assert (found.arxiv_id.id if found else None) == expected


def test_find_arxiv_id_reports_two_papers():
    """Two places naming different papers are a conflict, not a silent choice."""
    found = find_arxiv_id({"eprint": "2002.00001", "url": "https://arxiv.org/abs/2001.08361"})
    assert found.arxiv_id.id == "2002.00001" and found.conflict == {"url": "2001.08361"}
    same = find_arxiv_id({"eprint": "2001.08361", "url": "https://arxiv.org/abs/2001.08361v3"})
    assert same.conflict == {} and same.fields == ["eprint", "url"] and same.arxiv_id.version == 3


def facts(**over) -> Facts:
    """arXiv's record of a made-up paper (override what a test needs)."""
    base = dict(arxiv_id="2101.00001", version=2, title="A Study of Things in Detail",
                authors=[Name("Smith", "Alice"), Name("Jones", "Bob"), Name("Lee", "Chen")],
                published=PartialDate(2021, 1, 4), primary_class="cs.LG", doi=None, journal_ref=None)
    base.update(over)
    return Facts(**base)


def run(bib: str, f: Facts, **options):
    """Plan and apply the only entry of ``bib``; (plan, new text)."""
    doc = BibDocument.parse(bib, "t.bib")
    stated = read_stated(doc, doc.entries[0], macro_values(doc))
    plan = plan_entry(stated, f, UpdateOptions(**options))
    return plan, apply_plans(bib, "t.bib", {0: plan}, unicode=not bib.isascii())


def test_fill_a_bare_preprint_in_its_own_style():
    """A quoted, aligned entry gets its new fields quoted and aligned, after its last field."""
    bib = ('@misc{k,\n  title  = "A Study of Things in Detail",\n  author = "Smith, Alice and Jones, Bob and Lee, Chen",\n'
           '  eprint = "2101.00001",\n}\n')
    plan, text = run(bib, facts())
    assert plan.status == "filled"
    assert text == ('@misc{k,\n  title  = "A Study of Things in Detail",\n  author = "Smith, Alice and Jones, Bob and Lee, Chen",\n'
                    '  eprint = "2101.00001",\n  archivePrefix = "arXiv",\n  primaryClass = "cs.LG",\n'
                    '  year   = "2021",\n  doi    = "10.48550/arXiv.2101.00001",\n'
                    '  url    = "https://arxiv.org/abs/2101.00001",\n}\n')


def test_authors_with_others_that_disagree_leave_the_entry_alone():
    """``Doe and others`` against Smith, Jones, Lee: not the same paper, nothing changes."""
    bib = "@misc{k, title = {A Study of Things in Detail}, author = {Doe, John and others}, eprint = {2101.00001}}\n"
    plan, text = run(bib, facts())
    assert plan.status == "unsure" and text == bib and "Alice Smith" in plan.notes[0]


def test_others_completed_in_the_entrys_name_order():
    """``Alice Smith and others`` becomes the whole list, in given-first order like the names already there."""
    bib = "@misc{k,\n  title = {A Study of Things in Detail},\n  author = {Alice Smith and others},\n  eprint = {2101.00001}\n}\n"
    _, text = run(bib, facts(), fields=frozenset({"author"}))
    assert "author = {Alice Smith and Bob Jones and Chen Lee}," in text


def test_upgrade_replaces_arxiv_doi_and_keeps_eprint():
    """A published paper: arXiv's DOI gives way to the published one, the eprint stays, the year becomes the journal's."""
    bib = ("@article{k,\n  title={A Study of Things in Detail},\n  author={Smith, Alice},\n"
           "  journal={arXiv preprint arXiv:2101.00001},\n  year={2021},\n  doi={10.48550/arXiv.2101.00001}\n}\n")
    plan, text = run(bib, facts(doi="10.1103/PhysRevLett.127.010101", journal_ref="Phys. Rev. Lett. 127, 010101 (2022)"))
    assert plan.status == "upgraded"
    doc = BibDocument.parse(text)
    got = {f.name: f.value_text for f in doc.entries[0].fields}
    assert got["journal"] == "Phys. Rev. Lett." and got["volume"] == "127" and got["pages"] == "010101"
    assert got["doi"] == "10.1103/PhysRevLett.127.010101" and got["year"] == "2022" and got["eprint"] == "2101.00001"
    assert doc.entries[0].type == "article"


def test_no_upgrade_keeps_arxiv_doi_and_says_why():
    """--no-upgrade: the arXiv DOI stays, and the note names the published DOI."""
    bib = "@misc{k, title={A Study of Things in Detail}, eprint={2101.00001}, doi={10.48550/arXiv.2101.00001}}\n"
    plan, text = run(bib, facts(doi="10.1/x", journal_ref="J. Things 1, 234 (2022)"), upgrade=False)
    assert "doi={10.48550/arXiv.2101.00001}" in text and text.startswith("@misc{")
    assert any("10.1/x" in n for n in plan.messages) and any("--no-upgrade" in n for n in plan.messages)


def test_submitted_is_not_published():
    """A journal reference that says "submitted to" is no publication: the entry stays a preprint."""
    bib = "@misc{k, title={A Study of Things in Detail}, eprint={2101.00001}, year={2021}}\n"
    plan, text = run(bib, facts(journal_ref="Submitted to Phys. Rev. B"))
    assert plan.status == "filled" and text.startswith("@misc{")


def test_published_entry_is_not_a_preprint():
    """An @article in a real journal gets its ids filled but keeps its type and venue; a different volume is reported."""
    bib = "@article{k, title={A Study of Things in Detail}, journal={J. Things}, volume={2}, year={2022}, url={https://arxiv.org/abs/2101.00001}}\n"
    plan, text = run(bib, facts(journal_ref="J. Things 1, 2 (2022)"))
    assert plan.status == "filled" and "journal={J. Things}, volume={2}" in text
    assert "eprint={2101.00001}" in text


def test_conference_reference_gives_inproceedings_and_drops_arxiv_venue():
    """``NeurIPS 2022`` makes @inproceedings with booktitle; ``journal = {arXiv preprint ...}`` gives way, reported."""
    bib = "@article{k,\n  title = {A Study of Things in Detail},\n  journal = {arXiv preprint arXiv:2101.00001},\n  year = {2021}\n}\n"
    plan, text = run(bib, facts(journal_ref="NeurIPS 2022"))
    assert text.startswith("@inproceedings{k,") and "booktitle = {NeurIPS}" in text and "journal" not in text
    assert "year = {2022}" in text
    assert any("removed journal" in n for n in plan.messages)


def test_biblatex_entry_gets_biblatex_names():
    """An @online entry with eprinttype: eprintclass and date, journaltitle on upgrade."""
    bib = "@online{k,\n\ttitle = {A Study of Things in Detail},\n\teprinttype = {arxiv},\n\teprint = {2101.00001},\n}\n"
    _, text = run(bib, facts(journal_ref="J. Things 1, 234 (2022)"))
    assert text.startswith("@article{k,")
    assert "\tjournaltitle = {J. Things},\n" in text and "\teprintclass = {cs.LG},\n" in text and "\tdate = {2022},\n" in text


def test_utf8_file_gets_utf8_and_ascii_file_gets_tex():
    """New names are written as TeX escapes in an ASCII file and as UTF-8 in a file that already holds UTF-8."""
    f = facts(authors=[Name("Müller", "Jörg")])
    _, ascii_text = run("@misc{k, title={A Study of Things in Detail}, eprint={2101.00001}}\n", f, fields=frozenset({"author"}))
    assert 'M{\\"u}ller' in ascii_text
    _, utf8_text = run("@misc{k, title={A Study of Things in Détail}, eprint={2101.00001}}\n", f, fields=frozenset({"author"}))
    assert "Müller, Jörg" in utf8_text


def test_dblp_corr_volume_and_year():
    """DBLP's CoRR form: journal, volume abs/ID and year all take the published values; eprint stays."""
    bib = ("@article{DBLP:x,\n  author    = {Alice Smith},\n  title     = {A Study of Things in Detail},\n"
           "  journal   = {CoRR},\n  volume    = {abs/2101.00001},\n  year      = {2021},\n"
           "  eprinttype = {arXiv},\n  eprint    = {2101.00001}\n}\n")
    _, text = run(bib, facts(journal_ref="J. Things 7(3):10-20, 2023"))
    assert "journal   = {J. Things}," in text and "volume    = {7}," in text and "year      = {2023}," in text
    assert "number = {3}" in text and "pages = {10--20}" in text and "eprint    = {2101.00001}" in text


def test_preprint_detection():
    """What counts as a venue that only names arXiv."""
    assert names_arxiv("arXiv preprint arXiv:2101.00001") and names_arxiv("CoRR") and names_arxiv("ArXiv")
    assert names_arxiv("arXiv e-prints") and not names_arxiv("Physical Review Letters")
    doc = BibDocument.parse("@article{a, journal={Nature}}\n@misc{b, howpublished={arXiv}}\n")
    a, b = (read_stated(doc, e, {}) for e in doc.entries)
    assert not is_preprint(a) and is_preprint(b)


def test_mendeley_truncated_corr_volume_goes_with_corr():
    """Mendeley cuts DBLP's volume (``cs.DB/0003``, ``abs/2003.0``): it named the arXiv number, so it goes with CoRR."""
    bib = "@article{k,\n  title = {A Study of Things in Detail},\n  journal = {CoRR},\n  volume = {cs.DB/0003},\n  year = {2021}\n}\n"
    plan, text = run(bib, facts(journal_ref="J. Things 1, 234 (2022)"))
    assert "volume = {1}" in text and "cs.DB" not in text and "journal = {J. Things}" in text


def test_zotero_archive_only_primary_class_agrees():
    """Better BibTeX writes ``primaryclass = {cs}``: that agrees with arXiv's cs.LG (no report); new names follow its case."""
    bib = "@misc{k,\n  title = {A Study of Things in Detail},\n  eprint = {2101.00001},\n  primaryclass = {cs},\n  archiveprefix = {arXiv},\n  year = 2021\n}\n"
    plan, text = run(bib, facts())
    assert not any("primaryClass" in n for n in plan.messages)
    bib2 = "@misc{k,\n  title = {A Study of Things in Detail},\n  eprint = {2101.00001},\n  archiveprefix = {arXiv},\n  year = 2021\n}\n"
    _, text2 = run(bib2, facts())
    assert "  primaryclass = {cs.LG}," in text2


def test_published_entry_gets_no_arxiv_doi_or_url():
    """An @inproceedings arXiv knows no publication of still cites the published paper: ids yes, arXiv DOI and URL no."""
    bib = "@inproceedings{k, title={A Study of Things in Detail}, booktitle={Proc. CVPR}, pages={1--9}, year={2021}, eprint={2101.00001}}\n"
    plan, text = run(bib, facts())
    assert "doi" not in text and "url" not in text and "primaryClass={cs.LG}" in text


def test_lock_field_is_a_word():
    """``citekit = {lock}`` (any case, among other words) locks an entry; ``{unlocked}`` does not."""
    from citekit.update.run import _locked

    doc = BibDocument.parse("@misc{a, citekit = {Lock}}\n@misc{b, citekit = {keep, lock}}\n@misc{c, citekit = {unlocked}}\n")
    assert [_locked(read_stated(doc, e, {})) for e in doc.entries] == [True, True, False]


@pytest.mark.parametrize("messages, summaries, failed_run, status", [
    (["not enriched (HTTP 503 after 3 tries)"], [], [], "not checked"),
    (["not enriched (not in the cache (offline))"], [], [], "not checked"),
    (["arXiv has no paper 2312.99999; not enriched"], [], ["1 entry was not enriched: HTTP 503"], "not on arXiv"),
    (["not found on arXiv (searched by title)"], [], [], "not on arXiv"),
    (["unsure which arXiv paper this is, no candidate verified (the authors differ)"], [], [], "unsure"),
    (["arXiv:2101.00001 is titled 'X', not 'Y'; not enriched (check the id)"], [], [], "unsure"),
    ([], ["3 entries were not found on arXiv (searched by title or abstract); not enriched — 'T' (update-probe:4:5)"], [], "not on arXiv"),
    ([], ["2 entries were not enriched: connection refused — arXiv:1 (update-probe:1:2)"], [], "not checked"),
    ([], [], ["2 entries were not enriched: connection refused"], "not checked"),
    ([], [], [], "not on arXiv"),
])
def test_verdicts(messages, summaries, failed_run, status):
    """What the enricher says about an entry it did not fill: arXiv answered no, was unsure, or was not asked."""
    from citekit.update.lookup import _verdict

    assert _verdict(messages, summaries, failed_run)[0] == status


def test_a_journal_macro_that_decodes_to_nothing_is_shown_as_written():
    """``journal = {\\nat}`` (an ADS macro) decodes to nothing: the report shows the macro and the published venue."""
    bib = "@article{k,\n  title = {A Study of Things in Detail},\n  journal = {\\nat},\n  eprint = {2101.00001},\n  year = {2021}\n}\n"
    plan, text = run(bib, facts(journal_ref="Nature 585, 357 (2020)"))
    assert "journal = {\\nat}" in text
    assert any("'\\\\nat' in the file, arXiv's journal reference says 'Nature 585, 357 (2020)'" in m
               for m in plan.messages), plan.messages
