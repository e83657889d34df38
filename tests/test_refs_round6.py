"""Reference-list shapes of round refsA6 (tests/data/pastes/SOURCES.md), each read by a general rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.model import issued_date
from citekit.sources import read_text
from citekit.sources._refparse import parse_reference
from citekit.sources._refwrap import kerned, unkern, unwrap_line
from citekit.sources.references import _join, segment

DATA = Path(__file__).parent / "data" / "pastes"


def _read(text: str):
    ref = parse_reference(text)
    assert ref is not None, text
    return ref.title, (ref.authors[0].family if ref.authors else None), ref.year


@pytest.mark.parametrize("text, title, family, year", [
    # GOST 7.1: the authors in bold, " // " before the journal, ". — " before each area
    ("6. **Kohonen T.** Self-organized formation of topologically correct feature maps // Biol. Cybernetics. — 1982. — Vol. 43. — P. 56-69.",
     "Self-organized formation of topologically correct feature maps", "Kohonen", 1982),
    ("9. **Хайкин С.** Нейронные сети: полный курс, 2-е изд.: Пер. с англ. — М.: Издательский дом «Вильямс», 2006. — 1104 с.",
     "Нейронные сети: полный курс", "Хайкин", 2006),
    ("8. **Rumelhart D.E., Hinton G.E., Williams R.J.** Learning internal representation by error propagation: McClelland J.L. "
     "and Rumelhart D.E. (Eds). Parallel Distributed Processing. — MIT Press, Cambridge MA. — 1986. — Vol. 1. — P. 318-362.",
     "Learning internal representation by error propagation", "Rumelhart", 1986),
    # a link button after the reference is no link around the whole reference
    ("[3] Tad McGeer, “Passive Dynamic Walking,” *The International Journal of Robotics Research*, vol. 9, no. 2, pp. 62–82, 1990. "
     "[doi:10.1177/027836499000900206](https://doi.org/10.1177/027836499000900206)", "Passive Dynamic Walking", "McGeer", 1990),
    # inverted names, then the title, then a law review's volume, journal and year
    ("Reed, C., Expert Systems and Legal Expertise, 5 Computer Law and Practice (1989), 122–125.",
     "Expert Systems and Legal Expertise", "Reed", 1989),
    ("McDermott, D. and Doyle, J., Non-monotonic Logic I, 13 Artificial Intelligence (1980), 41–72.",
     "Non-monotonic Logic I", "McDermott", 1980),
    ("Nute, D., Billington, D., and De Coster, K., Inheritance Nets Are Specialized Defeasible Theories, In Proceedings of the "
     "Tubingen Workshop on Semantic Nets and Non-monotonic Reasoning, 1989.", "Inheritance Nets Are Specialized Defeasible Theories", "Nute", 1989),
    ("Nute, D. and Lewis, M., d-Prolog: A User's Manual, ACMC Research Report 01-0017, Univ. of Georgia, 1985.",
     "d-Prolog: A User's Manual", "Nute", 1985),
    ("Leith, P., Logic, Formal Models and Legal Reasoning, 24 Jurimetrics Journal (1984), 334–356.",
     "Logic, Formal Models and Legal Reasoning", "Leith", 1984),
    ("Leith, P., Clear Rules and Legal Expert Systems, In A.A. Martino and R. Socci Natali (Eds.), Automated Analysis of Legal "
     "Texts, Elsevier Science Publishers, 1986a, 661–679.", "Clear Rules and Legal Expert Systems", "Leith", 1986),
    # ... and the name after an "and" in natural order is still a name (MLA, Chicago)
    ("Inmon, W.H., and Dan Linstedt. Data Architecture: A Primer for the Data Scientist. 1st Edition. Morgan Kaufmann, 2014.",
     "Data Architecture: A Primer for the Data Scientist", "Inmon", 2014),
    # Nature: the last name's initials, then the title
    ("Jensen, K., Loganayagam, R. & Yarom, A. Thermodynamics, gravitational anomalies and cones. J. High Energy Phys. 2, 88 (2013).",
     "Thermodynamics, gravitational anomalies and cones", "Jensen", 2013),
    # Harvard's "[online]" and a journal named in Chinese end the title
    ("Kim, D.-K. (2025) SRGAN: The Power of GANs in Super-Resolution. [online] Medium. Available at: https://medium.com/x [Accessed 5 Mar. 2025].",
     "SRGAN: The Power of GANs in Super-Resolution", "Kim", 2025),
    ("Xie, Y., Wang, H. and Guo, S. (2020) Research on MTCNN face recognition system in low computing power scenarios. "
     "網際網路技術學刊, 21(5), pp.1463–1475.", "Research on MTCNN face recognition system in low computing power scenarios", "Xie", 2020),
    # AMS: the year alone in parentheses, else the last (not a conference's, not a translated edition's)
    ("[6] P. Erdős, A. Granville, C. Pomerance, and C. Spiro, *On the normal behavior of the iterates of some arithmetic functions*, "
     "Analytic number theory (Allerton Park, IL, 1989), 165–204, Progr. Math. **85**, Birkhäuser Boston, Boston, MA, 1990.",
     "On the normal behavior of the iterates of some arithmetic functions", "Erdős", 1990),
    ("[3] P. W. Diaconis, *The distribution of leading digits*, Ann. Probability **5** (1977), no. 1, 72–81; MR0422186",
     "The distribution of leading digits", "Diaconis", 1977),
    # an italic title's stop spaced off in PDF text
    ("Che, Y. S. (2016). A Study on the Risk and Return of Option Writing Strategies . Ph.D. thesis, HKBU Institutional Repository.",
     "A Study on the Risk and Return of Option Writing Strategies", "Che", 2016),
])
def test_round6_reference_shapes(text: str, title: str, family: str, year: int) -> None:
    assert _read(text) == (title, family, year)


def test_biblatex_markdown_anchors_and_shorthand_labels() -> None:
    assert unwrap_line("<a name=bib-chiu></a>[[3]](#cite-chiu) W. W. Chiu and W. M. Chow.", set()) == "[3] W. W. Chiu and W. M. Chow."
    text = ("<a name=bib-chiu></a>[[3]](#cite-chiu) W. W. Chiu and W. M. Chow.\n_A Hybrid Hierarchical Model of a Multiple "
            "Virtual Storage (MVS)\nOperating System_. Research rep. RC-6947. IBM, 1978.\n\n"
            "<a name=bib-kantku></a>[[KU]](#cite-kantku) I. Kant. \"Kritik der\nUrtheilskraft\". In: I. Kant. _Kants Werke_.\n"
            "Berlin: Walter de Gruyter, 1968, pp. 165-485.\n\n"
            "<a name=bib-markey></a>[[5]](#cite-markey) N. Markey. _Tame the\nBeaST. The B to X of BibTeX_. Oct. 16, 2005.\n")
    library = read_text(text, "bib.md", "references")
    assert [(e.title, e.author[0].family, issued_date(e).year) for e in library.entries] == [
        ("A Hybrid Hierarchical Model of a Multiple Virtual Storage (MVS) Operating System", "Chiu", 1978),
        ("Kritik der Urtheilskraft", "Kant", 1968),
        ("Tame the BeaST. The B to X of BibTeX", "Markey", 2005)]


def test_a_markdown_list_of_references_is_read_as_references() -> None:
    text = "\n\n".join([
        "## References",
        "[1] Kenneth H. Hunt, *Kinematic Geometry of Mechanisms*. Oxford: Clarendon Press, 1978. [Book record](https://books.google.com/b?id=B6)",
        "[2] Rolf Pfeifer and Josh Bongard, *How the Body Shapes the Way We Think: A New View of Intelligence*. Cambridge, MA: MIT "
        "Press, 2006. [Publisher page](https://mitpress.mit.edu/9780262537421/)",
        "[3] Carlotta Langer and Nihat Ay, “Outsourcing Control Requires Control Complexity,” arXiv:2209.01418, 2022. [arXiv](https://arxiv.org/abs/2209.01418)",
        "- R. D. Komistek et al., “In Vivo Kinematics for Subjects with and without an Anterior Cruciate Ligament,” 2002. "
        "[PubMed record](https://pubmed.ncbi.nlm.nih.gov/12439275/)",
    ])
    library = read_text(text, "notes.md")
    assert [e.title for e in library.entries] == [
        "Kinematic Geometry of Mechanisms", "How the Body Shapes the Way We Think: A New View of Intelligence",
        "Outsourcing Control Requires Control Complexity",
        "In Vivo Kinematics for Subjects with and without an Anterior Cruciate Ligament"]
    assert library.entries[2].arxiv_id == "2209.01418"
    # the whole note: its bullets and link buttons make it look like a reading list, whose reader would take the
    # buttons' links for papers
    whole = read_text((DATA / "refs_md_ieee_full_names_link_buttons.txt").read_text(encoding="utf-8"), "note.md")
    assert any("read as references" in p.message for p in whole.problems)
    assert len(whole.entries) == 20 and all(e.title and e.author and issued_date(e) for e in whole.entries)


def test_kerned_pdf_text_is_mended_only_where_it_shows() -> None:
    assert kerned("Fung, J. K. W ., Mok, H. (2004). Goltz, F ., & Lai, W . N.")
    assert not kerned("Helper T cells and B cells. Smith, J. (2004).")
    assert unkern("Fung, J. K. W ., & Cong, J., T an, K. S. (2004). T esting the T erm Structure of T rading") == \
        "Fung, J. K. W., & Cong, J., Tan, K. S. (2004). Testing the Term Structure of Trading"
    assert unkern("Harˇcariková, M. T cells and P values") == "Harčariková, M. T cells and P values"


def test_running_heads_and_feet_of_pdf_pages_are_furniture() -> None:
    text = ("34 Z. Kakushadze and J. A. Serur\nChaput, J. S., & Ederington, L. H. (2003). Option Spread and Combination T rading.\n"
            "Journal of Derivatives , 10(4), 70–88.\nChe, S. Y. S., & Fung, J. K. W . (2011). The Performance of Alternative Futures\n"
            "Buy-Write Strategies. Journal of Futures Markets , 31(12), 1202–1227.\n\n2 Options 35\n"
            "Gatheral, J., & Jacquier, A. (2014). Arbitrage-Free SVI Volatility Surfaces. Quantitative\nFinance, 14 (1), 59–71.\n"
            "Goltz, F ., & Lai, W . N. (2009). Empirical Properties of Straddle Returns. Journal of\nDerivatives, 17 (1), 38–48.\n\n"
            "PNAS | March 6, 2018 | vol. 115 | no. 10 | 2537\n")
    refs, furniture = segment(text)
    assert furniture == [1, 7, 13]
    assert [r[1].split(" (")[0] for r in refs] == ["Chaput, J. S., & Ederington, L. H.", "Che, S. Y. S., & Fung, J. K. W.",
                                                   "Gatheral, J., & Jacquier, A.", "Goltz, F., & Lai, W. N."]
    library = read_text(text, "chapter.txt", "references")
    assert [e.title for e in library.entries][:2] == ["Option Spread and Combination Trading", "The Performance of Alternative Futures Buy-Write Strategies"]


def test_a_numbered_reference_with_its_number_is_no_page_head() -> None:
    refs, furniture = segment("12 Smith, J. and Jones, K. (2001). A title here. Journal 3, 4–5.\n\n13 Doe, A. (2002). Another title. J 4, 5.\n")
    assert furniture == [] and len(refs) == 2


def test_a_word_broken_at_a_lines_end_is_joined_where_the_text_spells_it_whole() -> None:
    assert _join(["Journal of Deriva-", "tives, 12(3)"], frozenset({"derivatives"})) == "Journal of Derivatives, 12(3)"
    assert _join(["a well-", "known result"], frozenset({"derivatives"})) == "a well-known result"
