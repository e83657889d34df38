"""Reference-list shapes of round refsA14 (tests/data/pastes/SOURCES.md): journal pages, each read by a general rule."""

from __future__ import annotations

from citekit.model import issued_date
from citekit.sources import read_text


def _read(text: str):
    return read_text(text, "refs.txt").entries


def _years(entries) -> list[int | None]:
    return [issued_date(e).year if issued_date(e) else None for e in entries]


def test_glued_buttons_and_back_link_arrows() -> None:
    # PNAS's page: "5.↵ Names, Title. J. Abbrev. 7 (2018).CrossRefPubMedGoogle Scholar"; Science's title with commas.
    entries = _read(
        "3. H. Wolf, R. Wehner, Pinpointing food sources: olfactory and anemotactic orientation in desert ants, Cataglyphis "
        "fortis. J. Exp. Biol. 203, 857–868 (2000).AbstractGoogle Scholar\n"
        "4. F. Van Breugel, M. H. Dickinson, Plume-tracking behavior of flying Drosophila emerges from a set of distinct "
        "sensory-motor reflexes. Curr. Biol. 24, 274–286 (2014).CrossRefPubMedGoogle Scholar\n"
        "5.↵ E. Álvarez-Salvado, A. M. Licata, K. I. Nagel, Elementary sensory-motor transformations underlying olfactory "
        "navigation in walking fruit-flies. Elife 7 (2018).Google Scholar\n"
        "7.↵ K. E. Cullen, L. B. Minor, Semicircular canal afferents similarly encode active and passive head-on-body "
        "rotations. J. Neurosci. 22, RC226 (2002).FREE Full TextGoogle Scholar\n"
        "9.↵ B. Cellini, B. Boyacioǧlu, F. Van Breugel, Empirical individual state observability. Institute of Electrical "
        "and Electronics Engineers Inc. [Preprint] (2023). doi:10.1109/cdc49753.2023.10383812.CrossRefGoogle Scholar\n")
    assert [e.title for e in entries] == [
        "Pinpointing food sources: olfactory and anemotactic orientation in desert ants, Cataglyphis fortis",
        "Plume-tracking behavior of flying Drosophila emerges from a set of distinct sensory-motor reflexes",
        "Elementary sensory-motor transformations underlying olfactory navigation in walking fruit-flies",
        "Semicircular canal afferents similarly encode active and passive head-on-body rotations",
        "Empirical individual state observability",
    ]
    assert entries[-1].DOI == "10.1109/cdc49753.2023.10383812"
    assert _years(entries) == [2000, 2014, 2018, 2002, 2023]


def test_journal_glued_to_vancouver_year() -> None:
    # BMJ's page: "BMJ1986;292:746-50." and every item of the ordered list numbered "1."
    entries = _read(
        "## References\n\n"
        "1. Gardner MJ, Altman DG. Confidence intervals rather than P values: estimation rather than hypothesis testing. "
        "BMJ1986;292:746-50.Abstract/FREE Full TextGoogle Scholar\n"
        "1. Lin J-T. Approximating the normal tail probability and its inverse for use on a pocket calculator. Appl "
        "Stat1989;38:69-70.CrossRefGoogle Scholar\n")
    assert [e.title for e in entries] == [
        "Confidence intervals rather than P values: estimation rather than hypothesis testing",
        "Approximating the normal tail probability and its inverse for use on a pocket calculator",
    ]
    assert _years(entries) == [1986, 1989]


def test_springer_numbers_alone_and_first_reference_unlabelled() -> None:
    entries = _read(
        "based on K-Means++\n\n"
        "Dayan, P.: Unsupervised Learning. The MIT Encyclopedia of the Cognitive Sciences\n"
        "Google Scholar\n"
        "2.\n"
        "MacQueen, J.B.: Some Methods for classification and Analysis of Multivariate Observations. In: Proceedings of 5th "
        "Berkeley Symposium on Mathematical Statistics and Probability, vol. 1, pp. 281–297. University of California Press, "
        "Berkeley (1967)\n"
        "Google Scholar\n"
        "3.\n"
        "Lloyd, S.: Least Squares Quantization in PCM. IEEE Transactions on Information Theory 28(2), 129–136 (1982)\n"
        "MathSciNetCrossRefzbMATHGoogle Scholar\n"
        "4.\n"
        "Arthur, D., Vassilvitskii, S.: k-means++: the advantages of careful seeding. In: SODA (2007)\n"
        "Google Scholar\n"
        "5.\n"
        "Bahman, B., Moseley, B., Vattani, A.: Scalable K-Means++. Proceedings of the VLDB Endowment 5(7)\n"
        "Google Scholar\n")
    assert [e.title for e in entries] == [
        "Unsupervised Learning", "Some Methods for classification and Analysis of Multivariate Observations",
        "Least Squares Quantization in PCM", "k-means++: the advantages of careful seeding", "Scalable K-Means++",
    ]
    assert [e.author[-1].family for e in entries] == ["Dayan", "MacQueen", "Lloyd", "Vassilvitskii", "Vattani"]


def test_apa_subtitle_after_a_question_and_emoji_marks() -> None:
    entries = _read(
        "14. :white_check_mark: Ram, Nilam, et al. \"Screenomics: A new approach for observing and studying individuals’ "
        "digital lives.\" Journal of Adolescent Research 35.1 (2020): 16-50.\n"
        "17. Cockburn, A., & McKenzie, B. (2001). What do web users do? An empirical analysis of web use. International "
        "Journal of Human-Computer Studies, 54(6), 903–922. doi:10.1006/ijhc.2001.0459 [Crossref], [Web of Science ®], "
        "[Google Scholar]\n")
    assert [e.title for e in entries] == [
        "Screenomics: A new approach for observing and studying individuals’ digital lives",
        "What do web users do? An empirical analysis of web use",
    ]
    assert [e.author[0].family for e in entries] == ["Ram", "Cockburn"]


def test_lower_case_journal_after_the_title() -> None:
    entries = _read("54. Ramette, J., Sinclair, J., Breuckmann, N. P. & Vuletić, V. Fault-tolerant connection of "
                    "error-corrected qubits with noisy links. _npj Quantum Inf._ **10** , 58 (2024).\n"
                    "55. Litinski, D. A game of surface codes. _Quantum_. **3** , 128 (2019).\n")
    assert [e.title for e in entries] == ["Fault-tolerant connection of error-corrected qubits with noisy links",
                                          "A game of surface codes"]


def test_cv_sections_without_papers_and_cite_this_article_box() -> None:
    text = ("#### Journal Papers\n\n"
            "* **Zhiyuan Zha**, Bihan Wen, Xin Yuan, Jiantao Zhou and Ce Zhu, \"Triply Complementary Priors for Image "
            "Restoration,\" **_IEEE Transactions on Image Processing_**, vol. 30, pp. 5819-5834, 2021.\n\n"
            "* ZiRong Jin, **TianJing Zhang**, Cheng Jin and LiangJian Deng. “Weighted shallow-deep feature fusion network "
            "for pansharpening.” **_2021 IEEE International Geoscience and Remote Sensing Symposium (IGARSS 2021)_**\n\n"
            "### Awards\n\n"
            "* National Scholarship, 2020 and 2021\n\n"
            "* First Prize, _Huawei Scholarship_, 2021\n\n"
            "* Honorable Mention, _Mathematical Contest In Modeling_, 2020\n\n"
            "### Cite this article\n"
            "Zhang, J., Chen, ZY., Wang, YJ. _et al._ Demonstrating a universal logical gate set in error-detecting surface "
            "codes on a superconducting quantum processor. _npj Quantum Inf_ **11** , 177 (2025). "
            "https://doi.org/10.1038/s41534-025-01118-6\n"
            "Download citation\n")
    library = read_text(text, "cv.md")
    assert [e.title for e in library.entries] == [
        "Triply Complementary Priors for Image Restoration",
        "Weighted shallow-deep feature fusion network for pansharpening",
        "Demonstrating a universal logical gate set in error-detecting surface codes on a superconducting quantum processor",
    ]
    assert library.entries[-1].DOI == "10.1038/s41534-025-01118-6"
