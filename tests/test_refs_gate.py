"""The precision gate: page furniture read as a paper is reported with its line, never a record."""

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
