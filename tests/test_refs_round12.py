"""Reference-list shapes of round refsA12 (tests/data/pastes/SOURCES.md), each read by a general rule."""

from __future__ import annotations

from citekit.model import issued_date
from citekit.sources import read_text


def _read(text: str):
    return read_text(text, "refs.txt").entries


def test_doi_wrapped_at_its_slash_is_one_doi() -> None:
    # Science's style copied from a PDF: the line breaks the DOI after its prefix's slash.
    entries = _read("77. D. Wang, C. Song, A.-L. Barabási, Quantifying long-term \n"
                    "scientific impact. Science 342, 127–132 (2013). doi: 10.1126/ \n"
                    "science.1237825; pmid: 24092745 \n"
                    "78. Y.-H. Eom, S. Fortunato, Characterizing and modeling \n"
                    "citation dynamics. PLOS ONE 6, e24926 (2011). doi: 10.1371/ \n"
                    "journal.pone.0024926; pmid: 21966387 \n")
    assert [e.DOI for e in entries] == ["10.1126/science.1237825", "10.1371/journal.pone.0024926"]
    assert [e.title for e in entries] == ["Quantifying long-term scientific impact", "Characterizing and modeling citation dynamics"]


def test_name_then_et_al_before_the_title() -> None:
    entries = _read("76. P. D. B. Parolo et al., Attention decay in science. J. Informetr. 9, 734–745 (2015).\n"
                    "77. Y. Li et al., A survey of things, Nature 5, 1–2 (2019).\n")
    assert [e.title for e in entries] == ["Attention decay in science", "A survey of things"]
    assert [e.author[0].family for e in entries] == ["Parolo", "Li"]
    assert [issued_date(e).year for e in entries] == [2015, 2019]


def test_quote_after_a_title_word_is_inside_the_title() -> None:
    # 'P. Wouters, Do “altmetrics” ...': the word before the quote opens the title; SPIE's 'Thomas M. Chen "Title"' is a name.
    entries = _read("94. R. Costas, Z. Zahedi, P. Wouters, Do “altmetrics” correlate with citations? Extensive comparison "
                    "of altmetric indicators. J. Assoc. Inf. Sci. Technol. 66, 2003–2019 (2015).\n"
                    "95. Riad Ibadulla and Thomas M. Chen \"Fat-U-Net: non-contracting U-Net for optical networks\", "
                    "Proc. SPIE 12903, 1290308 (2024).\n")
    assert [e.title for e in entries] == [
        "Do “altmetrics” correlate with citations? Extensive comparison of altmetric indicators",
        "Fat-U-Net: non-contracting U-Net for optical networks"]
    assert [e.author[-1].family for e in entries] == ["Wouters", "Chen"]


def test_subtitle_after_a_question_runs_to_an_abbreviated_journal() -> None:
    entries = _read("90. L. Bornmann, What is societal impact of research and how can it be assessed? A literature survey. "
                    "Adv. Inf. Sci. 64, 217–233 (2013).\n"
                    "83. J. E. Hirsch, Does the h index have predictive power? Proc. Natl. Acad. Sci. U.S.A. 104, "
                    "19193–19198 (2007).\n")
    assert [e.title for e in entries] == [
        "What is societal impact of research and how can it be assessed? A literature survey",
        "Does the h index have predictive power?"]


def test_a_name_with_three_initials_between_given_and_family() -> None:
    # ACL natbib: "Guilherme F. C. F. Almeida" is one name (five words, three of them initials); five full words stay a title.
    entries = _read("Guilherme F. C. F. Almeida, José Luiz Nunes, and Marcelo de Araújo. 2024. Exploring the psychology of "
                    "llms’ moral and legal reasoning. Artificial Intelligence, 333:104145.\n\n"
                    "Marc Brysbaert and Victor Kuperman. 2014. Concreteness ratings for 40 thousand generally known english "
                    "word lemmas. Behavior Research Methods, 46(3):904–911.\n")
    assert [e.title for e in entries][0] == "Exploring the psychology of llms’ moral and legal reasoning"
    assert [n.family for n in entries[0].author] == ["Almeida", "Nunes", "Araújo"]


def test_first_name_inverted_then_initialled_names() -> None:
    # Economics and finance: "Family, I., I. Family and I. Family, Title, Publisher, Year." (only the first inverted)
    entries = _read("[8] Enbrechts, P., C. Klueppelberg and T. Mikosch, Modelling Extremal Events, Springer Verlag, "
                    "New York, 2003.\n\n[9] McDermott, D. and Doyle, J., Non-monotonic Logic I, Artificial Intelligence 13 "
                    "(1980), 41-72.\n")
    assert [e.title for e in entries] == ["Modelling Extremal Events", "Non-monotonic Logic I"]
    assert [[n.family for n in e.author] for e in entries] == [["Enbrechts", "Klueppelberg", "Mikosch"], ["McDermott", "Doyle"]]
