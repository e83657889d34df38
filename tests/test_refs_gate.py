"""The precision gate: page furniture read as a paper is reported with its line, never a record."""

from pathlib import Path

from citekit.model import Entry, Name, PartialDate, Provenance
from citekit.sources import read_text
from citekit.sources._gate import furniture_sign, gate
from citekit.model import Library

PROV = Provenance("references", "t.txt", 1)


def _entry(title, given=("A.",), year=2020, line=1):
    entry = Entry()
    entry.add_source(Provenance("references", "t.txt", line))
    entry.set("title", title, PROV)
    entry.set("author", [Name(family=f"Family{i}", given=g) for i, g in enumerate(given)], PROV)
    if year:
        entry.set("issued", PartialDate(year), PROV)
    return entry


def test_signs_of_furniture():
    assert furniture_sign(_entry("[REF-11]")) == "a list label as the title"
    assert furniture_sign(_entry("5.↵ E. Álvarez-Salvado")) == "a list label as the title"
    assert furniture_sign(_entry("Cite this article")) == "a page's interface words as the title"
    assert furniture_sign(_entry("M.D.H. Abdullah Recent trends and future directions")) == "a name opens the title"
    assert furniture_sign(_entry("Sang Jeong Lee (Eds.)")) == "editors' names as the title"
    assert furniture_sign(_entry("O'Reilly Media, Inc")) == "a publisher as the title"
    assert furniture_sign(_entry("Kim Resource scheduling in edge computing", given=("M.", "B.S A."))) == "a name cut into the title"


def test_real_titles_show_no_sign():
    for title in ("E. coli growth in minimal media", "The 2019 novel coronavirus outbreak", "Attention is all you need",
                  "Castleman's disease in a patient with celiac disease", "References to the past in medieval poetry"):
        assert furniture_sign(_entry(title, given=("M. H.", "M. J"))) is None, title


def test_gate_keeps_uncertain_signs_without_clear_references():
    lone = Library(entries=[_entry("M. Hosseinzadeh An energy-efficient offloading strategy")])
    gate(lone, "t.txt")
    assert len(lone.entries) == 1  # nothing clear beside it: a layout not met yet, kept
    labels = Library(entries=[_entry("[REF-12]", year=None, given=()), _entry("[REF-13]", year=None, given=())])
    gate(labels, "t.txt")
    assert labels.entries == [] and len(labels.problems) == 2


def test_cover_date_cut_from_the_title_and_furniture_reported():
    library = Library(entries=[_entry("Recent trends in congestion management: a thematic review /04/01 2024 Wirel", line=3),
                               _entry("A second clear paper", line=5), _entry("Cite this article", line=9)])
    gate(library, "t.txt")
    assert [e.title for e in library.entries] == ["Recent trends in congestion management: a thematic review", "A second clear paper"]
    assert library.problems[0].line == 9 and "interface" in library.problems[0].message


def test_read_text_reports_a_label_read_as_title():
    text = ("References\n\n"
            "1. Smith, J., & Doe, A. (2019). Learning to rank with deep networks. Journal of Retrieval, 12(3), 45-67.\n"
            "2. Brown, K. (2020). A survey of graph methods. Machine Learning, 8(1), 1-20.\n"
            "3. Green, L., & White, P. (2018). Sparse coding revisited. Neural Computation, 30(2), 100-130.\n")
    library = read_text(text, "t.txt")
    assert len(library.entries) == 3
    assert all(furniture_sign(e) is None for e in library.entries)


def test_more_signs_and_trims():
    assert furniture_sign(_entry("(201 apps")) == "a date's fragment as the title"
    assert furniture_sign(_entry("Coordinating supply and demand on an on- Banerjee, A. V. (1992)")) == \
        "the next reference's names in the title"
    library = Library(entries=[_entry("Maritime Internet of things: Challenges and Solutions, 27, IEEE Wireless Communications (2020)"),
                               _entry("A second clear paper", line=3), _entry("A third clear paper", line=5)])
    gate(library, "t.txt")
    assert library.entries[0].title == "Maritime Internet of things: Challenges and Solutions"


def test_a_reference_printed_twice_in_a_row_is_one_record():
    twin = _entry("Exploring activity cliffs from a chemoinformatics perspective", line=3)
    again = _entry("Exploring activity cliffs from a chemoinformatics perspective", line=4)
    other_case = _entry("Exploring Activity Cliffs From A Chemoinformatics Perspective", line=5)  # another style's spelling
    library = Library(entries=[twin, again, other_case, _entry("A clear paper", line=7)])
    gate(library, "t.txt")
    assert [e.title for e in library.entries] == [twin.title, other_case.title, "A clear paper"]
    assert {s.line for s in library.entries[0].sources} == {3, 4}
    assert any("printed again" in p.message and p.line == 4 for p in library.problems)


def test_journal_page_references_over_button_lines_read_as_references():
    # A BMC page's references as the browser copies them, each over its line of buttons (refsA16): the two kinds of
    # line alternate as a papers list's titles and abstracts do; they are references, and the buttons no titles.
    path = Path(__file__).parent / "data" / "pastes" / "refs_web_bmc_vancouver_buttons_kidney_organoids.txt"
    library = read_text(path.read_text(encoding="utf-8"), path.name)
    assert all("Google Scholar" not in (e.title or "") for e in library.entries)
    families = [e.author[0].family for e in library.entries if e.author]
    assert families[:3] == ["McCauley", "Takasato", "Takasato"] and "Durinck" in families


def test_a_cvs_patents_and_talks_are_no_papers():
    text = ("## Selected Publications\n\n"
            "- __A Model-based Approach to Streamlining Distributed Training for Asynchronous SGD__, *Sung-Han Lin*, Marco "
            "Paolieri, Leana Golubchik, IEEE Symposium on Modelling, Analysis, and Simulation (MASCOTS), 2018\n"
            "- __Performance Driven Resource Sharing Markets for the Small Cloud__, *Sung-Han Lin*, Ranjan Pal, Leana "
            "Golubchik, IEEE International Conference on Distributed Computing Systems (ICDCS), 2017\n"
            "## Patents\n\n"
            "- __Network resource allocation system and method of the same__, Cheng-Fu Chou, *Sung-Han Lin*, US Patent 8,116,324\n\n"
            "## Talk Presentations\n\n"
            "- __Performance Considerations for AI and ML Deployments__, NetApp INSIGHT Las Vegas, 2019\n")
    library = read_text(text, "t.txt")
    assert [e.issued.year for e in library.entries] == [2018, 2017]


def test_apa_title_of_two_sentences_and_a_reference_after_a_cut_hyphen():
    text = ("## REFERENCES\n\n"
            "Bai, J., So, K. C., Tang, C. S., Chen, X., & Wang, H. (2019). Coordinating supply and demand on an on-\n\n"
            "Banerjee, A. V. (1992). A simple model of herd behavior. The Quarterly Journal of Economics, 107(3), 797- 817.\n\n"
            "Caro, L. M., & García, J. A. M. (2007). Cognitive–affective model of consumer satisfaction. An exploratory study "
            "within the framework of a sporting event. Journal of Business Research, 60(2), 108-114.\n\n"
            "Cheung, C. M., Xiao, B. S., & Liu, I. L. (2014). Do actions speak louder than voices? The signaling role of social "
            "information cues in influencing consumer purchase decisions. Decision Support Systems, 65, 50- 58.\n")
    titles = {e.author[0].family: e.title for e in read_text(text, "t.txt").entries}
    assert titles["Banerjee"] == "A simple model of herd behavior"
    assert titles["Caro"].endswith("An exploratory study within the framework of a sporting event")
    assert titles["Cheung"].endswith("in influencing consumer purchase decisions")
    assert "Banerjee" not in titles["Bai"]


def test_nature_title_of_two_sentences():
    text = ("References\n"
            "Maris, J. M., Hogarty, M. D., Bagatell, R. & Cohn, S. L. Neuroblastoma in children. Lancet 369 , 2106–2120 (2007).\n"
            "Cooper, M. J., Hutchins, G. M. & Israel, M. A. Histogenesis of the human adrenal medulla. An evaluation of the "
            "ontogeny of chromaffin and nonchromaffin lineages. Am. J. Pathol. 137 , 605–615 (1990).\n"
            "Peifer, M. et al. Telomerase activation by genomic rearrangements in high-risk neuroblastoma. Nature 526 , 700–704 (2015).\n")
    titles = [e.title for e in read_text(text, "t.txt").entries]
    assert titles[1] == ("Histogenesis of the human adrenal medulla. An evaluation of the ontogeny of chromaffin and "
                         "nonchromaffin lineages")
    assert titles[2] == "Telomerase activation by genomic rearrangements in high-risk neuroblastoma"


def test_a_title_of_a_long_whitespace_run_is_gated_in_linear_time():
    """The cover-date cut tries a run of spaces once (it was quadratic: 50,000 spaces took 23 s); a run-on date is cut."""
    import signal

    def too_slow(*_):
        raise TimeoutError("the gate did not finish in 10 s")

    library = Library([_entry("Title" + " " * 200_000 + "x", line=1),
                       _entry("A thematic review of the field /04/01 2024 Wirel", line=2),
                       _entry("Another clear reference title", line=3)])
    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(10)  # a guard against a hang, not a timing assertion
    try:
        gate(library, "t.txt")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert [e.title for e in library.entries][1] == "A thematic review of the field"


def test_a_paste_with_long_whitespace_runs_reads_in_linear_time():
    """Buttons, back-link arrows and cover dates are found without trying a run of spaces from each of its spaces:
    a 200 kB Markdown list with 100,000-space tails took 19 s."""
    import signal

    def too_slow(*_):
        raise TimeoutError("the paste was not read in 20 s")

    text = ("# Reading list\n\n- [Paper A](https://arxiv.org/abs/2101.00001)" + " " * 100_000
            + "\n- **Title B** [DOI] (pdf)" + " " * 50_000 + "x\n" + "Some title ↵" + " " * 50_000 + "y\n")
    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(20)  # a guard against a hang, not a timing assertion
    try:
        library = read_text(text, "list.md")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert any(e.arxiv_id == "2101.00001" or "2101.00001" in (e.URL or "") for e in library.entries)
