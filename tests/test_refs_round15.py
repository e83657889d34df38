"""Reference-list shapes of round refsA15 (tests/data/pastes/SOURCES.md), each read by a general rule."""

from __future__ import annotations

from citekit.model import issued_date
from citekit.sources import read_text


def _read(text: str):
    return read_text(text, "refs.txt").entries


def _years(entries) -> list[int | None]:
    return [issued_date(e).year if issued_date(e) else None for e in entries]


def test_et_al_in_other_languages() -> None:
    # A Finnish thesis: "Family, Given ym. 2023: Title." ("ym." is et al.; the year after the names with a colon)
    entries = _read(
        "Kiciman, Emre ym. 2023: Causal reasoning and large language models: Opening a new frontier for causality. arXiv "
        "preprint arXiv:2305.00050. DOI: 10.48550/arXiv.2305.00050.\n"
        "Koops, Bert-Jaap. 2021: The concept of function creep. Law, Innovation and Technology, 13(1), 29–56. DOI: "
        "10.1080/17579961.2021.1898299.\n"
        "Larson, Barbara Z. ym. 2024: Critical thinking in the age of generative AI. Academy of Management Learning & "
        "Education, 23(3). DOI: 10.5465/amle.2024.0338.\n")
    assert [e.title for e in entries] == [
        "Causal reasoning and large language models: Opening a new frontier for causality",
        "The concept of function creep", "Critical thinking in the age of generative AI"]
    assert [e.author[0].family for e in entries] == ["Kiciman", "Koops", "Larson"]
    assert [bool(e.extra.get("authors_truncated")) for e in entries] == [True, False, True]  # "ym." left names out
    assert _years(entries) == [2023, 2021, 2024]


def test_bold_bracketed_labels_and_starred_numbers() -> None:
    entries = _read(
        "### Scholarly Monographs\n\n"
        "- **[REF-11]** Huron, David. *Sweet Anticipation: Music and the Psychology of Expectation*. Cambridge, MA: MIT "
        "Press, 2006. (Melodic tendencies, ITPRA theory, musical expectation.)\n"
        "- **[REF-40]** De Clercq, Trevor, and David Temperley. \"A Corpus Analysis of Rock Harmony.\" *Popular Music* 30, "
        "no. 1 (2011): 47-70. (I-V-vi-IV as common pop progression.)\n")
    assert [e.title for e in entries] == ["Sweet Anticipation: Music and the Psychology of Expectation",
                                          "A Corpus Analysis of Rock Harmony"]
    assert _years(entries) == [2006, 2011]
    books = _read("# READING LIST\n\n\n\n1. Dimitrijev, S. Principles of Semiconductor Devices. New York: Oxford University "
                  "Press, 2006. \n\n\n\n\n*3. Li, S. S. Semiconductor Physical Electronics. New York: Plenum Press, 1993. "
                  "\n\n\n\n\n4. Muller, R. S., and T. I. Kamins. Device Electronics for Integrated Circuits, 2nd ed. New "
                  "York: John Wiley and Sons, 1986. \n")
    assert [e.title for e in books] == ["Principles of Semiconductor Devices", "Semiconductor Physical Electronics",
                                        "Device Electronics for Integrated Circuits"]


def test_vancouver_reference_without_authors() -> None:
    entries = _read(
        "27. Jaffe AE, et al. Single-nucleus transcriptome profiling of DLPFC. Am J Psychiatry. 2023. doi:10.1176/appi.ajp.20220478\n"
        "28. Immune imbalance in the human hippocampus in PTSD revealed by single-nucleus transcriptomics. Front Immunol. "
        "2025. (PMC, fimmu.2025.1697171)\n"
        "42. Characterizing PTSD Using Electrophysiology: Towards a Precision Medicine Approach. 2025. (PMC12130596)\n"
        "45. Feder A, et al. Repeated-dose intravenous ketamine for chronic PTSD: randomized clinical trial. (see PMC)\n")
    assert [e.title for e in entries] == [
        "Single-nucleus transcriptome profiling of DLPFC",
        "Immune imbalance in the human hippocampus in PTSD revealed by single-nucleus transcriptomics",
        "Characterizing PTSD Using Electrophysiology: Towards a Precision Medicine Approach",
        "Repeated-dose intravenous ketamine for chronic PTSD: randomized clinical trial",
    ]
    assert [bool(e.author) for e in entries] == [True, False, False, True]
    assert _years(entries) == [2023, 2025, 2025, None]


def test_a_site_or_newsroom_is_one_author() -> None:
    entries = _read("[50] Mathematics Stack Exchange. (2014). Normal Distribution Tail Probability Inequality. [Online]. "
                    "Available: https://math.stackexchange.com/q/988835\n"
                    "[51] E. Seneta, “On the history of the strong law of large numbers and Boole’s inequality,” Historia "
                    "Mathematica, vol. 19, no. 1, pp. 24–39, Feb. 1992.\n")
    assert entries[0].author[0].literal == "Mathematics Stack Exchange"
    assert entries[1].author[0].family == "Seneta"


def test_bold_plan_steps_and_unnumbered_lines_of_a_labelled_list() -> None:
    text = ("### Journal Articles\n\n"
            "- **[REF-42]** Rosand, Ellen. \"The Descending Tetrachord: An Emblem of Lament.\" *The Musical Quarterly* 65, "
            "no. 3 (1979): 346-359. (Lament bass topos, Purcell's Dido.)\n"
            "- **[REF-48]** Panksepp, Jaak. \"The Emotional Sources of 'Chills' Induced by Music.\" *Music Perception* 13, "
            "no. 2 (1995): 171-207.\n\n"
            "---\n\n"
            "## 13. Next Steps\n\n"
            "1. **Build the fun-fact content database** — Start with 30-50 high-quality entries across all challenge types.\n"
            "2. **Sign up for Amazon Associates** — Covers the widest range of products. Do this first.\n")
    library = read_text(text, "plan.md")
    assert [e.title for e in library.entries] == ["The Descending Tetrachord: An Emblem of Lament",
                                                  "The Emotional Sources of 'Chills' Induced by Music"]
    assert any("Build the fun-fact" in p.message for p in library.problems)


def test_wrapped_line_of_a_labelled_list_goes_on() -> None:
    entries = _read(
        "41. Ye, Qixiang, and David Doermann. \"Text detection and recognition in imagery: A survey.\" IEEE transactions "
        "on pattern analysis and machine intelligence 37.7 (2014): 1480-1500.\n"
        "42. T. Wang, D. J. Wu, A. Coates, and A. Y. Ng. 2012. End-to-end text recognition with convolutional neural "
        "networks. In Proceedings of the 21ist International Conference on Pattern Recognition (ICPR’12). IEEE, 3304–3308.\n"
        "43. X. Yang, D. He, Z. Zhou, D. Kifer, and C. L. Giles. 2017. Learning to Read Irregular\n"
        "Text with Attention Mechanisms. In Proceedings of the Twenty-Sixth International\n"
        "Joint Conference on Artificial Intelligence, IJCAI-17. 3280–3286.\n")
    assert [e.title for e in entries][-1] == "Learning to Read Irregular Text with Attention Mechanisms"
    assert len(entries) == 3
