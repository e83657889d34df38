"""Reference-list shapes of round refsA13 (tests/data/pastes/SOURCES.md): publishers' web pages, each read by a general rule."""

from __future__ import annotations

from citekit.model import issued_date
from citekit.sources import read_text
from citekit.sources._refnumbers import number_chain


def _read(text: str):
    return read_text(text, "refs.txt").entries


def _years(entries) -> list[int | None]:
    return [issued_date(e).year if issued_date(e) else None for e in entries]


def test_names_line_over_title_line_as_a_printed_web_page_gives_them() -> None:
    # ScienceDirect printed from a browser: names alone on a line (no stop), the title wrapped, a cover date alone, the
    # journal line, the buttons; the print's page foot and head fall inside a reference.
    entries = _read(
        "References\n"
        "[1] D.A. Zainaddin, Z.M. Hanapi, M. Othman, Z. Ahmad Zukarnain, M.D.H. Abdullah\n"
        "Recent trends and future directions of congestion management strategies for routing in IoT-\n"
        "based wireless sensor network: a thematic review\n"
        "/04/01 2024\n"
        "Wirel. Netw., 30 (3) (2024), pp. 1939-1983, 10.1007/s11276-023-03598-w\n"
        "View in Scopus Google Scholar\n"
        "[2] M.Y. Akhlaqi, Z.B. Mohd Hanapi\n"
        "https://www.sciencedirect.com/science/article/pii/S2210537925001398 30/33\n"
        "\n"
        "1/25/26, 3:22 PM SDN-Based NFV deployment for multi-objective resource allocation in edge computing\n"
        "Task offloading paradigm in mobile edge computing-current issues, adopted approaches, and\n"
        "future directions\n"
        "/03/01/ 2023\n"
        "J. Netw. Comput. Appl., 212 (2023), Article 103568, 10.1016/j.jnca.2022.103568\n"
        "View PDF View article View in Scopus Google Scholar\n"
    )
    assert [e.title for e in entries] == [
        "Recent trends and future directions of congestion management strategies for routing in IoTbased wireless sensor "
        "network: a thematic review",
        "Task offloading paradigm in mobile edge computing-current issues, adopted approaches, and future directions",
    ]
    assert [e.author[-1].family for e in entries] == ["Abdullah", "Hanapi"]
    assert [e.DOI for e in entries] == ["10.1007/s11276-023-03598-w", "10.1016/j.jnca.2022.103568"]
    assert _years(entries) == [2024, 2023]


def test_initialled_names_and_journal_run_into_the_title_without_stops() -> None:
    # ScienceDirect's page in one paragraph: "I.I. Family, I.I. Family Title Journal, vol (issue) (year), pp."
    entries = _read(
        "[3] C.L. Angerman, G.R. Caskey Swelling of uranium by mechanical cavitation J. Nucl. Mater., 13 (2) (1964), "
        "pp. 182-196 View PDF View article View in Scopus Google Scholar\n\n"
        "[8] Y.L. Li, S.Y. Hu, R. Montgomery, F. Gao, X. Sun Phase-field simulations of intragranular fission gas bubble "
        "evolution in UO under post-2 irradiation thermal annealing Nucl. Instrum. Methods Phys. Res., Sect. B, Beam "
        "Interact. Mater. Atoms, 303 (2013), pp. 62-67 View PDF View article View in Scopus Google Scholar\n\n"
        "[5] K. Moghaddasi, S. Rajabi, M. Hosseinzadeh An energy-efficient data offloading strategy using double deep "
        "Q-Network Wirel. Pers. Commun., 133 (3) (2023), pp. 2019-2064\n"
    )
    assert [e.title for e in entries] == [
        "Swelling of uranium by mechanical cavitation",
        "Phase-field simulations of intragranular fission gas bubble evolution in UO under post-2 irradiation thermal annealing",
        "An energy-efficient data offloading strategy using double deep Q-Network",
    ]
    assert [e.author[-1].family for e in entries] == ["Caskey", "Sun", "Hosseinzadeh"]
    assert _years(entries) == [1964, 2013, 2023]


def test_comma_listed_names_then_title_are_not_a_run_in() -> None:
    # "I. Karnadi, A.A. Iskandar, Analysis of ...": a comma ends the names; the title is not read from a name.
    entries = _read("I. Karnadi, A.A. Iskandar, Analysis of photonic crystal lattices, J. Opt. 12 (2010) 1-5.\n"
                    "R. Khan, S.U. Khan, Acquisition strategies of receivers, J. Netw. 4 (2011) 9-12.\n")
    assert [e.title for e in entries] == ["Analysis of photonic crystal lattices", "Acquisition strategies of receivers"]


def test_citation_labels_open_references_over_their_paragraphs() -> None:
    # Elsevier's author-year page: "Family et al., 2009 I. Family, ..." opens each reference; names, title, journal and
    # buttons may stand in paragraphs of their own.
    entries = _read(
        "# References\n\n"
        "Blais et al., 2022 A. Blais, N. Couellan, E. Munin A novel image representation of GNSS correlation for deep "
        "learning multipath detection Array, 14 (2022), Article 100167, 10.1016/j.array.2022.100167\n\n"
        "View PDF View article View in Scopus Google Scholar\n\n"
        "Closas et al., 2009 P. Closas, C. Fernandez-Prades, J.A. Fernandez-Rubio\n\n"
        "A Bayesian approach to multipath mitigation in GNSS receivers\n\n"
        "IEEE J. Sel. Top. Signal Process., 3 (4) (2009), pp. 695-706\n\n"
        "View in Scopus Google Scholar\n\n"
        "Groves et al., 2012  Paul Groves, Ziyi Jiang, Lei Wang, Marek Ziebart\n\n"
        "Intelligent urban positioning using multi-constellation GNSS with 3D mapping and NLOS signal detection\n\n"
        "Proceedings of the 25 International Technical Meeting of the Satellite Division of the Institute of Navigation "
        "(Ion Gnss 2012), vol. 1th (2012), pp. 458-472\n\n"
        "Borhani-Darian et al., 2023 P. Borhani-Darian, H. Li, P. Wu Deep learning of GNSS acquisition Sensors, 23 (2023), "
        "p. 1566, 10.3390/s23031566\n"
    )
    assert [e.title for e in entries] == [
        "A novel image representation of GNSS correlation for deep learning multipath detection",
        "A Bayesian approach to multipath mitigation in GNSS receivers",
        "Intelligent urban positioning using multi-constellation GNSS with 3D mapping and NLOS signal detection",
        "Deep learning of GNSS acquisition",
    ]
    assert [e.author[0].family for e in entries] == ["Blais", "Closas", "Groves", "Borhani-Darian"]
    assert _years(entries) == [2022, 2009, 2012, 2023]  # "p. 1566" is a page, never a year


def test_numbered_references_run_into_one_paragraph_with_their_buttons() -> None:
    # PLOS's page as a flattened text: "References 1. Family AB (2012) Title. ... View Article PubMed/NCBI Google Scholar 2. ..."
    entries = _read(
        "Wrote the paper: EA JA KL JW. References 1. Stanek G, Wormser GP, Gray J, Strle F (2012) Lyme borreliosis. "
        "Lancet 379(9814): 461–73. doi: 10.1016/S0140-6736(11)60103-7. pmid:21903253 View Article PubMed/NCBI Google "
        "Scholar 2. Bacon RM, Kugeler KJ, Mead PS (2008) Surveillance for Lyme disease—United States, 1992–2006. MMWR "
        "57:1–9. pmid:19052530 View Article PubMed/NCBI Google Scholar 3. Centers for Disease Control and Prevention "
        "(2012) Reported Cases of Lyme Disease by Year, United States, 1996–2010. Available: http://www.cdc.gov/lyme/. "
        "Accessed 2013 July 16. 4. Steere AC (2001) Lyme Disease. N Engl J Med 345(2):115–25. pmid:11450660 View "
        "Article PubMed/NCBI Google Scholar 5. Vanderhoof IT and Vanderhoof-Forschner KM (1993) Lyme Disease: The Cost "
        "to Society. Contingencies 42–8.\n"
    )
    assert [e.title for e in entries] == [
        "Lyme borreliosis", "Surveillance for Lyme disease—United States, 1992–2006",
        "Reported Cases of Lyme Disease by Year, United States, 1996–2010", "Lyme Disease", "Lyme Disease: The Cost to Society",
    ]
    assert entries[2].author[0].literal == "Centers for Disease Control and Prevention"
    assert _years(entries) == [2012, 2008, 2012, 2001, 1993]


def test_a_chain_is_of_one_kind_of_label() -> None:
    # A law review's notes: "2. See ..." open lines, and the prose's footnote marks ("abolition. 6 Support for") are bare
    # numbers mid-line: no one chain of references runs through both.
    text = ("2. See, e.g., Mariame Kaba, Yes, We Mean Literally Abolish the Police, N.Y. TIMES (June 12, 2020).\n"
            "3. See, e.g., Gino Spocchia, AOC Leads Calls, INDEPENDENT (Apr. 13, 2021).\n"
            "4. See Benjamin Schneider, Minneapolis Has a Plan, CITYLAB (2020).\n"
            "5. Tommy Beer, Minneapolis Votes, FORBES (2020). The call drew attention. 6 Support for concrete abolition "
            "fell. 7 Cities that had cut the budget restored it. 8 Minneapolis never got\nthere.\n")
    assert number_chain(text) is None


def test_share_and_cite_box_under_the_references_is_one_paper() -> None:
    # MDPI's page: the references, then "Share and Cite" printing the article itself in four styles: one record.
    text = ("References\n"
            "Regev, O. On lattices, learning with errors, random linear codes, and cryptography. In Proceedings of the 37th "
            "ACM STOC, Baltimore, MD, USA, 22–24 May 2005; ACM Press: New York, NY, USA, 2005; pp. 84–93. [Google Scholar]\n"
            "Albrecht, M.R.; Player, R.; Scott, S. On the concrete hardness of learning with errors. J. Math. Cryptol. 2015, "
            "9, 169–203. [Google Scholar] [CrossRef]\n\n"
            "Share and Cite\n\nMDPI and ACS Style\n\n"
            "Luo, M.; Wang, M. Faster Spiral: Low-Communication, High-Rate Private Information Retrieval. Cryptography 2025, "
            "9, 13. https://doi.org/10.3390/cryptography9010013\n\nAMA Style\n\n"
            "Luo M, Wang M. Faster Spiral: Low-Communication, High-Rate Private Information Retrieval. Cryptography. 2025; "
            "9(1):13. https://doi.org/10.3390/cryptography9010013\n\nAPA Style\n\n"
            "Luo, M., & Wang, M. (2025). Faster Spiral: Low-Communication, High-Rate Private Information Retrieval. "
            "Cryptography, 9(1), 13. https://doi.org/10.3390/cryptography9010013\n")
    entries = _read(text)
    assert [e.title for e in entries] == [
        "On lattices, learning with errors, random linear codes, and cryptography",
        "On the concrete hardness of learning with errors",
        "Faster Spiral: Low-Communication, High-Rate Private Information Retrieval",
    ]
    assert entries[-1].extra["read_as"] == "one paper in 3 citation styles"


def test_apa_genre_publisher_quotes_and_event_after_title() -> None:
    entries = _read(
        "1.\tNixon, R. (2021). Learning PHP, MySQL & JavaScript. \" O'Reilly Media, Inc.\" [Google Scholar].\n"
        "2.\tKaur, M. (2024). HTML Web Scraping and Text Analysis: A Large Language Model Approach (Master's thesis, "
        "State University of New York at Stony Brook). [Google Scholar].\n"
        "3.\tMunikar M, Shakya S, Shrestha A (2019) Fine-grained sentiment classification using BERT, 2019 Artificial "
        "intelligence for transforming business and society (AITB). Kathmandu, Nepal: IEEE.\n"
        "4.\tGraham, J., Haidt, J., & Nosek, B. A. (2008). Moral foundations dictionaries for linguistic analyses, 2.0. "
        "Unpublished Manuscript. University of Virginia.\n"
        "5.\tOwen AM, Evans AC, Petrides M. Planning and spatial working memory examined with positron emission "
        "tomography (PET) European Journal Of Neuroscience. 1996;8:353-364.\n"
        "6.\tKanfer, Stefan. \"Heard Any Good Books Lately?\" Time 113 21 July 1986: 71-72.\n")
    assert [e.title for e in entries] == [
        "Learning PHP, MySQL & JavaScript",
        "HTML Web Scraping and Text Analysis: A Large Language Model Approach",
        "Fine-grained sentiment classification using BERT",
        "Moral foundations dictionaries for linguistic analyses, 2.0",
        "Planning and spatial working memory examined with positron emission tomography (PET)",
        "Heard Any Good Books Lately?",
    ]


def test_title_first_cv_item_with_commas_before_initialled_names() -> None:
    entries = _read("## Conference Papers\n"
                    "- Lossless Point Cloud Attribute Compression Using Cross-scale, Cross-group, and Cross-color Prediction, "
                    "J. Wang, D. Ding, Z. Ma, IEEE DCC 2023\n"
                    "- Multiscale Point Cloud Geometry Compression, J. Wang, D. Ding, Z. Li, Z. Ma*, IEEE DCC 2021\n")
    assert [e.title for e in entries] == [
        "Lossless Point Cloud Attribute Compression Using Cross-scale, Cross-group, and Cross-color Prediction",
        "Multiscale Point Cloud Geometry Compression",
    ]
    assert [e.author[0].family for e in entries] == ["Wang", "Wang"]


def test_what_no_reference_title_holds_is_declined() -> None:
    from citekit.sources._refcheck import misread_sign, trim_venue_head
    from citekit.sources._refparse import Reference

    def sign(title: str, year: int | None = 2020) -> str | None:
        return misread_sign(Reference(title=title, year=year))

    assert sign("Show in Context Google Scholar 13. F. Marra") is not None
    assert sign("Technology 136, 106787 (2021). 13 T. W. Hughes") is not None
    assert sign("J. R. Cole, H. Zuckerman, in The Idea of Social Structure: Papers in Honor of Robert K. Merton") is not None
    assert sign("Cambridge University Press, First Edition") is not None
    assert sign("REFERENCIAS BIBLIOGRÁFICAS", None) is not None
    assert sign("Deep learning for GNSS acquisition") is None
    assert sign("NATO AND THE WARSAW PACT") is None  # a title in capitals with its year is still a title
    assert sign("Press freedom and the Publishers") is None
    trimmed = trim_venue_head(Reference(title="A Spatio-Temporal Analysis of Political Violence, No", year=2019))
    assert trimmed is not None and trimmed.title == "A Spatio-Temporal Analysis of Political Violence"
