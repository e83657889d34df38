"""Reference-list and publication-list shapes of rounds refsA9 and refsA10 (tests/data/pastes/SOURCES.md), each read
by a general rule."""

from __future__ import annotations

from pathlib import Path

from citekit.model import issued_date
from citekit.sources import read_text
from citekit.sources._refnumbers import number_chain

DATA = Path(__file__).parent / "data" / "pastes"


def _families(library) -> list[str | None]:
    return [e.author[0].family if e.author else None for e in library.entries]


def test_bare_numbers_run_together_split_in_order() -> None:
    # AIP-style references a PDF extractor ran onto shared lines: each number opens one, in order.
    text = ("1 Y. LeCun, Y. Bengio, and G. Hinton, “Deep learning,” Nature 521, 436–444 (2015). 2 N. Thompson and K. Lee, "
            "“The computational limits of deep learning,” in Ninth Computing within Limits (2023).\n"
            "3 T. N. Theis and H.-S. P. Wong, “The end of Moore’s law,” Computing in Science & Engineering 19, 41–50 (2017). "
            "4 D. Marković and J. Grollier, “Physics for neuromorphic computing,” Nature Reviews Physics 2, 499–510 (2020).")
    library = read_text(text, "refs.txt")
    assert [e.title for e in library.entries] == [
        "Deep learning", "The computational limits of deep learning", "The end of Moore’s law", "Physics for neuromorphic computing"]
    assert _families(library) == ["LeCun", "Thompson", "Theis", "Marković"]
    assert [issued_date(e).year for e in library.entries] == [2015, 2023, 2017, 2020]


def test_bare_numbers_need_a_chain() -> None:
    # Volumes and pages are numbers too: two numbers before capitals, or a chain whose numbers each open a line, are no
    # run-together list.
    assert number_chain("Nature 521, 436 (2015). 7 Days in May. Science 12 A. B.") is None
    assert number_chain("1 A. One, T. (2001).\n2 B. Two, T. (2002).\n3 C. Three, T. (2003).\n4 D. Four, T. (2004).") is None


def test_aip_pdf_paste_reads_every_reference_but_the_broken_one() -> None:
    library = read_text((DATA / "refs_pdf_physics_aip_numbers_run_together.txt").read_text(encoding="utf-8"), "refs.txt")
    assert len(library.entries) == 22
    assert library.entries[-1].title.startswith("AudioMNIST")
    # the page number between "Natural Language Process" and "ing (EMNLP)" is left out
    assert any(e.title.startswith("Learning phrase representations") for e in library.entries)


def test_publication_page_item_goes_on_after_a_blank_line() -> None:
    # academicpages: the bold title, the venue line, the pdf link, a blank line, then the authors, then a TL;DR note
    text = ("## Selected Publications\n\n"
            "- **_Reason to Rote: Rethinking Memorization in Reasoning._**\n  EMNLP 2025.\n"
            "  [[pdf]](https://arxiv.org/pdf/2507.04782)\n  \n"
            "  _Yupei Du_, Philipp Mondorf, Silvia Casola, and Barbara Plank.\n  \n"
            "  **TL;DR:** We study memorization, and find it built on generalization, Smith and Jones.\n\n"
            "- **_On Support Samples of Next Word Prediction._**\n  ACL 2025.\n  [[pdf]](https://arxiv.org/pdf/2506.04047)\n  \n"
            "  Yuqian Li*, <em>Yupei Du</em>*, Yufang Liu, and Yuanbin Wu.\n")
    library = read_text(text, "pubs.md")
    assert [e.title for e in library.entries] == ["Reason to Rote: Rethinking Memorization in Reasoning",
                                                  "On Support Samples of Next Word Prediction"]
    assert _families(library) == ["Du", "Li"]
    assert [a.family for a in library.entries[1].author] == ["Li", "Du", "Liu", "Wu"]
    assert [issued_date(e).year for e in library.entries] == [2025, 2025]
    assert [e.arxiv_id for e in library.entries] == ["2507.04782", "2506.04047"]


def test_vancouver_volume_after_the_year_is_no_year() -> None:
    from citekit.sources._refparse import parse_reference

    ref = parse_reference("11. Marimuthu A, Chavan S, Sathe G. Identification of head and neck squamous cell carcinoma biomarker "
                          "candidates through proteomic analysis. Biochim Biophys Acta. 2013;1834(11):2308-16.")
    assert ref is not None and ref.year == 2013
    ref = parse_reference("Gheybi E, Rostami M. Proteomics in decoding cancer: A review. Clin Chim Acta. 2025;1999:120302.")
    assert ref is not None and ref.year == 2025


def test_numbered_section_heading_and_a_form_header_are_furniture() -> None:
    # A PDF's "XV. REFERENCIAS BIBLIOGRÁFICAS" and its page's form header in capitals between two halves of reference 2
    text = ("XV. REFERENCIAS BIBLIOGRÁFICAS\n\n"
            "1.  Liu  Y,  Zhang  N,  Wen  Y.  Head  and  neck  cancer:  pathogenesis  and\n\ntargeted therapy. MedComm. 2024;5(9):e702.\n\n"
            "2.  Babu  N,  Mohan  S,  et  al.\nIdentification  of  potential  biomarkers  of  head  and  neck  squamous  cell\n\n"
            "FUNDACIÓN UNIVERSITARIA DE CIENCIAS  DE LA\n\nSALUD\n\nVERSIÓN 01\n\nCÓDIGO: F-PI-FEP-09\n\nFECHA 14-02-2018\n\n"
            "carcinoma  using  iTRAQ-based  quantitative  proteomic  approach.  Data\nBrief. 2018;19:1124-30. doi:10.1016/j.dib.2018.05.100.\n")
    library = read_text(text, "refs.txt")
    assert [e.title for e in library.entries] == [
        "Head and neck cancer: pathogenesis and targeted therapy",
        "Identification of potential biomarkers of head and neck squamous cell carcinoma using iTRAQ-based quantitative proteomic approach"]
    assert library.entries[1].DOI == "10.1016/j.dib.2018.05.100"
    assert [issued_date(e).year for e in library.entries] == [2024, 2018]


def test_owner_in_bold_and_equal_contribution_stars() -> None:
    from citekit.sources._refparse import parse_reference

    ref = parse_reference(r"1. **Krupkin M**\*, Wekselman I\*, Matzov D, et al. Avilamycin and evernimicin induce structural "
                          r"changes in rProteins uL16 and CTC. *Proc Natl Acad Sci USA* (2016).")
    assert ref is not None and ref.title.startswith("Avilamycin and evernimicin")
    assert [a.family for a in ref.authors][:3] == ["Krupkin", "Wekselman", "Matzov"] and ref.year == 2016
    ref = parse_reference("Bose T, Fridkin G, **Krupkin M**, et al. Origin of life: proto ribosome forms peptide bonds. "
                          "*Nucleic Acids Res* (2022).")
    assert ref is not None and [a.family for a in ref.authors] == ["Bose", "Fridkin", "Krupkin"] and ref.truncated
    # a bold title first on the line stays the title
    ref = parse_reference("- **Deep Learning**, Yann LeCun, Yoshua Bengio, Geoffrey Hinton, Nature, 2015")
    assert ref is not None and ref.title == "Deep Learning"


def test_title_ends_before_an_edition_a_double_stop_and_goes_on_after_a_question() -> None:
    from citekit.sources._refparse import parse_reference

    cases = [
        ("Brown, L. S. (2018). Feminist therapy (2nd ed.). American Psychological Association.", "Feminist therapy", "Brown", 2018),
        ("[26] Erving Gofman and Bennett Berger. 1986. Frame Analysis: An Essay on the Organization of Experience (later reprint "
         "edition ed.). Northeastern University Press, Boston.", "Frame Analysis: An Essay on the Organization of Experience", "Gofman", 1986),
        ("[21] Marlena R Fraune and Michio Okada. 2015. Three's company, or a crowd?: The efects of robot number and behavior on HRI "
         "in Japan and the USA.. In Robotics: Science and systems , Vol. 10.",
         "Three's company, or a crowd?: The efects of robot number and behavior on HRI in Japan and the USA", "Fraune", 2015),
        ("K. Wagner and H. Schramm-Klein. (2019). Alexa, Are You Human? Investigating Anthropomorphism of Digital Voice Assistants – "
         "A Qualitative Approach. ICIS 2019 Proceedings. 7.",
         "Alexa, Are You Human? Investigating Anthropomorphism of Digital Voice Assistants – A Qualitative Approach", "Wagner", 2019),
        ("- __On the Economic Sustainability of Cloud Sharing Systems Are Dynamic Single Resource Sharing Markets Stable?__, Ranjan Pal, "
         "Aditya Ahuja, *Sung-Han Lin*, ACM SIGMETRICS Performance Evaluation Review, 2019",
         "On the Economic Sustainability of Cloud Sharing Systems Are Dynamic Single Resource Sharing Markets Stable?", "Pal", 2019),
    ]
    for text, title, family, year in cases:
        ref = parse_reference(text)
        assert ref is not None and ref.title == title and ref.authors[0].family == family and ref.year == year, text
    # the editor's mark is no edition: the chapter's title stays whole
    ref = parse_reference("Fischhoff, B. (1982). Debiasing. In D. Kahneman, P. Slovic, & A. Tversky (Eds.), *Judgment Under "
                          "Uncertainty: Heuristics and Biases* (pp. 422-444). Cambridge University Press.")
    assert ref is not None and ref.title == "Debiasing"


def test_one_word_title_between_names_and_a_journal_with_pages() -> None:
    library = read_text("[23] Upol Ehsan and Mark O Riedl. Human-centered explainable ai. In HCI International, pages 449–466. Springer, 2020.\n"
                        "[24] Christopher JCH Watkins and Peter Dayan. Q-learning. Machine learning, 8(3-4):279–292,\n"
                        "[25] Daniel Kahneman. Thinking, fast and slow. Macmillan, 2011.\n", "refs.txt")
    assert [e.title for e in library.entries] == ["Human-centered explainable ai", "Q-learning", "Thinking, fast and slow"]


def test_ieee_xplore_buttons_before_the_next_label_and_a_wrapped_year() -> None:
    text = (' Show in Context Google Scholar 4. N. Thompson and I. Lapowsky, "How Russian Trolls Used Meme Warfare to Divide '
            'America", *Wired*,\n2017.\n\n'
            ' Show in Context Google Scholar 7. "Inauthentic Instagram accounts with synthetic faces target Navalny protests", '
            '*Medium*, 2021.\n\n'
            ' Show in Context View Article  Google Scholar 9. X. Zhang, S. Karaman and S.-F. Chang, "Detecting and Simulating '
            'Artifacts in GAN Fake Images",\n2019 IEEE International Workshop on Information Forensics and Security (WIFS), 2019.\n\n'
            ' Show in Context Google Scholar\n')
    library = read_text(text, "refs.txt")
    assert [e.title for e in library.entries] == ["How Russian Trolls Used Meme Warfare to Divide America",
                                                  "Inauthentic Instagram accounts with synthetic faces target Navalny protests",
                                                  "Detecting and Simulating Artifacts in GAN Fake Images"]
    assert [issued_date(e).year for e in library.entries] == [2017, 2021, 2019]
    assert _families(library) == ["Thompson", None, "Zhang"]


def test_arxiv_html_bibliography_glued_stops_and_back_links() -> None:
    from citekit.sources._refparse import parse_reference

    ref = parse_reference("A. Das, W. Kong, R. Sen, and Y. Zhou (2024)\tA decoder-only foundation model for time-series "
                          "forecasting.In Forty-first International Conference on Machine Learning,Cited by: §1, §6.1.")
    assert ref is not None and ref.title == "A decoder-only foundation model for time-series forecasting"
    assert ref.authors[0].family == "Das" and ref.year == 2024
    ref = parse_reference("B. D. Fulcher and N. S. Jones (2014)\tHighly comparative feature-based time-series classification.IEEE "
                          "Transactions on Knowledge and Data Engineering 26 (12), pp. 3026–3037.Cited by: §2.2.")
    assert ref is not None and ref.title == "Highly comparative feature-based time-series classification"
    assert "Cited by" not in (ref.container or "")


def test_syllabus_notes_and_pointers_are_no_papers() -> None:
    text = ("**Theory**: iterative methods, newton methods, gaussian methods, global solvers\n\n"
            "Judd (1998, Chapter 4 and 5)\n\nMiranda and Fackler (2002, Chapters 3 and 4)\n\n"
            "**Applications**: transportation\n\n"
            "Donaldson, Dave, and Richard Hornbeck. \"Railroads and American economic growth: A “market access” approach.\" "
            "The Quarterly Journal of Economics 131, no. 2 (2016): 799-858.\n\n"
            "Adda, Jerome, and Russell Cooper. Dynamic economics: quantitative methods and applications. MIT press, 2003.\n")
    library = read_text(text, "syllabus.md")
    assert [e.title for e in library.entries] == ["Railroads and American economic growth: A “market access” approach",
                                                  "Dynamic economics: quantitative methods and applications"]


def test_quotes_pair_by_kind() -> None:
    from citekit.sources._refparse import parse_reference

    ref = parse_reference("Kato, Mamiko, and Toshimasa Yanai. “Launch Fly Balls for Better Batting Statistics: Applicability of "
                          "‘Fly-Ball Revolution’ to Japan’s Professional Baseball League.” International Journal of Performance "
                          "Analysis in Sport, vol. 22, no. 3, 2022, pp. 437–453.")
    assert ref is not None and ref.title.endswith("to Japan’s Professional Baseball League") and ref.year == 2022
    ref = parse_reference("- Chong Chen, ”Rethinking Opportunity, Greed, Grievance and Internal Conflict: A Spatio-Temporal Analysis "
                          "of African Political Violence,\" *World Economics and Politics*, No. 8, 2018, pp. 94-127.")
    assert ref is not None and ref.title.startswith("Rethinking Opportunity, Greed") and ref.authors[0].family == "Chen"


def test_accent_printed_apart_inside_a_word_goes_back_on_its_letter() -> None:
    library = read_text("- <span id=\"page-11-8\"></span>16. Sp¨onemann, M., Fuhrmann, H., von Hanxleden, R.: Port constraints in "
                        "hierarchical layout of data flow diagrams. In: Proceedings of GD'09. LNCS, vol. 5849, pp. 135–146. Springer (2010)\n"
                        "- <span id=\"page-11-2\"></span>17. Sugiyama, K., Tagawa, S.: Methods for visual understanding of hierarchical "
                        "system structures. IEEE Transactions on Systems, Man and Cybernetics 11(2), 109–125 (Feb 1981)\n", "refs.md")
    assert _families(library) == ["Spönemann", "Sugiyama"]


def test_bulleted_item_wrapped_inside_its_link_goes_on() -> None:
    text = ("- Feng Liu, \"[The Recalibrating of Chinese Assertiveness](https://doi.org/10.1093/ia/iiz226),” *International Affairs*, "
            "Vol. 96, No. 1, 2020, pp. 9-27.\n\n"
            "- Feng Liu and Ruonan Liu, “[China, the United States, and Order Transition in East Asia: An Economy-Security Nexus\n"
            "Approach](https://doi.org/10.1080/09512748.2018.1526205),” *The Pacific Review*, Vol. 32, No. 6, 2019, pp. 972-995.\n\n"
            "- Chong Chen, \"[Territorial Dispute Initiation by Weaker States](https://doi.org/10.1093/cjip/poy009),\" *The Chinese "
            "Journal of International Politics*, Vol. 11, No. 3, 2018, pp. 339-372.\n")
    library = read_text(text, "pubs.md")
    assert [e.title for e in library.entries] == [
        "The Recalibrating of Chinese Assertiveness",
        "China, the United States, and Order Transition in East Asia: An Economy-Security Nexus Approach",
        "Territorial Dispute Initiation by Weaker States"]
    assert [e.DOI for e in library.entries] == ["10.1093/ia/iiz226", "10.1080/09512748.2018.1526205", "10.1093/cjip/poy009"]
    assert [issued_date(e).year for e in library.entries] == [2020, 2019, 2018]


def test_round11_shapes() -> None:
    from citekit.sources._refparse import parse_reference

    # a title opening with a name in lower camel case
    ref = parse_reference("5.\tWang, W. et al. iBAG: integrative Bayesian analysis of high-dimensional multiplatform genomics "
                          "data. Bioinformatics 29, 149–159 (2013).")
    assert ref is not None and ref.title.startswith("iBAG: integrative") and ref.year == 2013
    # pages with the hyphen U+2010 hold no year
    ref = parse_reference("Haenssle HA, Fink C, et al. Man against machine: diagnostic performance of a deep learning network. "
                          "Ann Oncol. 2018;29(8):1836\u20101842. doi: 10.1093/annonc/mdy166")
    assert ref is not None and ref.year == 2018
    # Vancouver's "Family I., Jr." closes the author list
    ref = parse_reference("25.Jäkälä P, Sirviö J, Vanhanen M, Riekkinen P., Jr. Guanfacine and clonidine, alpha 2-agonists, improve "
                          "paired associates learning, in humans. Neuropsychopharmacology. 1999;20:119–30.")
    assert ref is not None and ref.title.startswith("Guanfacine and clonidine") and ref.authors[-1].family == "Riekkinen"
    assert ref.authors[-1].suffix == "Jr"


def test_bodies_as_vancouver_authors() -> None:
    from citekit.sources._refparse import parse_reference

    cases = [
        ("5. World Health Organization. Global report on diabetes. Geneva: WHO; 2016.", "Global report on diabetes",
         "World Health Organization", 2016),
        ("4. National Institute for Health and Care Excellence. Hypertension in adults: diagnosis and management. London: NICE; 2019.",
         "Hypertension in adults: diagnosis and management", "National Institute for Health and Care Excellence", 2019),
    ]
    for text, title, body, year in cases:
        ref = parse_reference(text)
        assert ref is not None and ref.title == title and ref.authors[0].literal == body and ref.year == year
    # a field's label before a colon is still no author
    assert parse_reference("Organization: a survey of things we did, 2019.") is None or \
        parse_reference("Organization: a survey of things we did, 2019.").authors == []


def test_gbt7714_chinese_references() -> None:
    text = ("[1] 张三, 李四. 基于深度学习的图像识别研究[J]. 计算机学报, 2020, 43(5): 1-10.\n"
            "[2] 王五, 赵六, 孙七, 等. 大语言模型综述[J]. 软件学报, 2023, 34(2): 100-120.\n"
            "[3] 周志华. 机器学习[M]. 北京: 清华大学出版社, 2016.\n")
    library = read_text(text, "refs.txt")
    assert [e.title for e in library.entries] == ["基于深度学习的图像识别研究", "大语言模型综述", "机器学习"]
    assert [[a.family for a in e.author] for e in library.entries] == [["张三", "李四"], ["王五", "赵六", "孙七"], ["周志华"]]
    assert library.entries[1].extra.get("authors_truncated") is True
    assert [issued_date(e).year for e in library.entries] == [2020, 2023, 2016]


def test_affiliation_marks_glued_to_names() -> None:
    from citekit.sources._refparse import parse_reference

    ref = parse_reference("Yupei Du1,2, Albert Gatt2 and Dong Nguyen1*. FTFT: Efficient and robust fine-tuning. In COLING 2025.")
    assert ref is not None and ref.title == "FTFT: Efficient and robust fine-tuning"
    assert [a.family for a in ref.authors] == ["Du", "Gatt", "Nguyen"] and ref.year == 2025
