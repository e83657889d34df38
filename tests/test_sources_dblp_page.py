"""dblp pages as a browser copy or a saved page's text gives them (real pages, tests/data/pastes/SOURCES.md, pagesB12)."""

from __future__ import annotations

from pathlib import Path

from citekit.model import issued_date
from citekit.sources import READERS, detect, read_text

PASTES = Path(__file__).parent / "data" / "pastes"


def _read(name: str):
    text = (PASTES / f"{name}.txt").read_text(encoding="utf-8")
    return text, read_text(text, f"{name}.txt")


def _rows(library) -> list[tuple[str, str | None, int | None]]:
    return [(e.title, e.author[0].family if e.author else None, issued_date(e).year if issued_date(e) else None)
            for e in library.entries]


def test_headings_glued_to_the_entries_are_no_papers_and_give_no_years() -> None:
    """'... 86-108 - [c56]Names:' and '(2023) - [c53]': one record a label, its year from its venue, not the heading."""
    text, library = _read("web_dblp_person_devillers_bullets_glued")
    assert detect(text, "x.txt").name == "dblp-page"
    rows = _rows(library)
    assert len(rows) == 11
    assert rows[0] == ("Coverability in Well-Formed Free-Choice Nets", "Best", 2025)
    assert rows[2] == ("Petri Net Primer - A Compendium on the Core Model, Analysis, and Synthesis", "Best", 2024)
    assert rows[-1] == ("On the Complexity of Techniques That Make Transition Systems Implementable by Boolean Nets",
                        "Devillers", 2022)
    journal = library.entries[5]
    assert (journal.type, journal.container_title, journal.volume, journal.page) == (
        "article-journal", "Trans. Petri Nets Other Model. Concurr.", "17", "246-263")
    conference = library.entries[0]
    assert (conference.type, conference.container_title, conference.page) == ("paper-conference", "Petri Nets", "86-108")
    assert library.entries[2].type == "book" and library.entries[2].publisher == "Springer"


def test_names_one_a_line_with_the_comma_below_are_one_author_list() -> None:
    """ORCID icons break the copy after a name: ', Name' opens the next line and ':' stands alone."""
    _, library = _read("web_dblp_person_fu_names_one_per_line")
    rows = _rows(library)
    assert [r[1] for r in rows] == ["Liu", "Wang", "Li", "Zhao", "Li", "Zhang", "Li"]
    assert [len(e.author) for e in library.entries][:4] == [7, 7, 9, 12]
    corr = library.entries[2]
    assert corr.arxiv_id == "2601.12784" and corr.container_title == "CoRR" and issued_date(corr).year == 2026
    assert library.entries[3].issue == "1" and library.entries[3].page == "53:1-53:28"


def test_other_persons_and_menus_are_furniture() -> None:
    """'Tao Ding 0002', 'Stefan Schmid 0001 — University of Vienna', 'Refine list': none of them a record."""
    for name, count in (("web_dblp_person_ding_disambiguation", 6), ("web_dblp_person_mitsch_other_persons", 6)):
        _, library = _read(name)
        assert len(library.entries) == count
        assert not any(e.title.startswith(("Tao Ding", "Stefan Schmid", "Refine list", "export")) for e in library.entries)
    _, library = _read("web_dblp_person_mitsch_other_persons")
    # One title twice (the conference paper and its CoRR version): two records, the CoRR one with its arXiv id.
    same = [e for e in library.entries if e.title == "Uniform Substitution for Dynamic Logic with Communicating Hybrid Programs"]
    assert [e.arxiv_id for e in same] == [None, "2303.17333"]


def test_an_edited_volume_names_its_editors_and_a_roman_numeral_ends_its_title() -> None:
    """'[e4]Names: Computer Aided Verification ..., Part I. Lecture Notes ...': editors, not authors; 'I.' ends the title."""
    _, library = _read("web_dblp_person_leino_proxy_editors")
    edited = [e for e in library.entries if e.title.startswith("Computer Aided Verification")]
    assert [e.title.rsplit(" ", 1)[-1] for e in edited] == ["I", "II"]
    assert all(not e.author and [n["family"] for n in e.vars["editor"]] == ["Silva", "Leino"] for e in edited)
    assert all("[contents]" not in (e.container_title or "") for e in edited)
    # "The Logic of Software. A Tasting Menu of Formal Methods" is the venue: the title ends at its first full stop.
    assert library.entries[2].title == "Specifying the Boundary Between Unverified and Verified Code"
    assert [issued_date(e).year for e in library.entries] == [2024, 2024, 2022, 2021, 2021, 2018, 2017, 2017]


def test_a_label_without_names_before_a_colon_is_not_a_dblp_record() -> None:
    """A CV's '[C12] Title' or a bracketed number in prose does not make a dblp page."""
    text = "[c1] see the appendix\n[c2] and the notes: nothing here is a record\nA paragraph: of prose."
    reader = READERS.get("dblp-page")
    assert reader.sniff(text) == 0.0 and not reader.read(text, "prose.txt").entries


def test_an_arxiv_search_result_s_category_line_is_not_its_title() -> None:
    """'cs.DS math.NA' alone on a line under the id: the title is the line after it."""
    _, library = _read("web_arxiv_search_author_mirror_math")
    assert [(e.title, e.author[0].family, e.arxiv_id) for e in library.entries] == [
        ("Near-optimal hierarchical matrix approximation from matrix-vector products", "Chen", "2407.04686"),
        ("Faster Linear Systems and Matrix Norm Approximation via Multi-level Sketched Preconditioning", "Dereziński", "2405.05865"),
        ("Sublinear Time Low-Rank Approximation of Toeplitz Matrices", "Musco", "2404.13757"),
    ]


def test_an_arxiv_mirror_record_opening_with_title_and_names_gets_them() -> None:
    """arxiver's author page: title, names, abstract, 'arXiv:ID', 'Created:'; a cut last record keeps its title."""
    _, library = _read("web_arxiv_mirror_author_page_untitled_then_titled")
    untitled, titled = library.entries
    assert untitled.title is None and untitled.arxiv_id == "2106.03582" and issued_date(untitled).year == 2021
    assert titled.title == "Multi-messenger and transient astrophysics with the Cherenkov Telescope Array"
    # 59 names, one of them of several particles, the TeX brace in "D'Aì}" dropped.
    assert len(titled.author) == 59 and titled.author[0].family == "Bošnjak"
    assert any(n.family == "D'Aì" for n in titled.author)
    _, library = _read("web_arxiv_mirror_author_page_collaboration_list")
    assert len(library.entries) == 1 and library.entries[0].author[0].family == "Abu-Zayyad"


def test_namesake_numbers_and_full_stops_inside_a_title() -> None:
    """'Wei Wang 0010' is Wei Wang; a title's own full stop ('Problems. III. The Bird ...') does not end it early."""
    text = ("Wei Wang 0010\nPerson information\n- 2025\n"
            "- [c3]Jun Zhu 0001, Wei Wang 0010, Hang Su:\nRobust Learning. ICML 2023: 1-10 - [i2]Wei Wang 0010, Jun Zhu 0001:\n"
            "Efficient algorithms to solve atom reconfiguration problems. III. The bird and batching algorithms and other "
            "parallel implementations on GPUs. CoRR abs/2504.06182 (2025)\n")
    library = READERS.get("dblp-page").read(text, "x.txt")
    assert [[(n.given, n.family) for n in e.author] for e in library.entries] == [
        [("Jun", "Zhu"), ("Wei", "Wang"), ("Hang", "Su")], [("Wei", "Wang"), ("Jun", "Zhu")]]
    assert library.entries[1].title.endswith("other parallel implementations on GPUs")
    assert library.entries[1].arxiv_id == "2504.06182"
