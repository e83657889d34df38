"""Signs of a misread reference (what earlier blind rounds made into invented records at first contact)."""

from __future__ import annotations

import pytest

from citekit.model import Name
from citekit.sources import read_text
from citekit.sources._refcheck import misread_sign, trim_venue_head
from citekit.sources._refparse import Reference


@pytest.mark.parametrize("title", [
    "Glacier algae accelerate melt rates, The Cryosphere Discuss., , in review, 2019",
    "Sod shock tube example[EB/OL]. https://oneflow-cfd.readthedocs.io/en/latest/cfd/examples/sod.html",
    "!3 Betts",
    "! photochemistry",
    "Photobiol",
    "muels and Stephen P. Stich, 250–72: Oxford University Press, 2012. Elbrächter, D",
    "(1900ff.). Gesammelte Schriften",
    "See generally Jeffery T. Ulmer",
    "Slamecka, N. J., & Graf, P. (1978)",
    "Setiawardhana, D. A. Saraswati, and E. Susanto, Aplikasi Internet of Things",
    "Aircraft measurements of",
    "Principles and Applications, Third Edition, Artech",
])
def test_misread_titles_are_signed(title):
    assert misread_sign(Reference(title=title, year=2000)) is not None


@pytest.mark.parametrize("title", [
    "Britain, 1750–1850: An Economic History",
    "Attention Is All You Need",
    "The generation effect: Delineation of a phenomenon",
    "Empire and Nation",
    "Anaphora, Antecedents, and Accessibility",
])
def test_real_titles_pass(title):
    assert misread_sign(Reference(title=title, authors=[Name(family="Smith", given="J.")], year=2000)) is None


def test_an_abbreviation_or_initial_is_no_first_author():
    assert misread_sign(Reference(title="A real title here", authors=[Name(family="Geophys")], year=1990))
    assert misread_sign(Reference(title="A real title here", authors=[Name(family="K.")], year=1990))
    assert misread_sign(Reference(title="A real title here", authors=[Name(family="Res", given="J.")], year=1990)) is None


def test_run_on_past_the_title_is_trimmed():
    ref = Reference(title="Representation of orientation: A theory. Journal of", year=1996)
    assert trim_venue_head(ref).title == "Representation of orientation: A theory"
    assert trim_venue_head(Reference(title="A retrospect[M]//Literary essays", year=1968)).title == "A retrospect"
    assert trim_venue_head(Reference(title="Kept whole as it is", year=1968)).title == "Kept whole as it is"


def test_a_misread_line_is_reported_with_its_line_not_a_record():
    text = ("[1] K. Smith, J. Doe, Deep learning for albedo retrieval, Remote Sens. Environ. 12 (2019) 1-10.\n"
            "[2] A. Jones, B. Brown, Snow grain size from space, J. Geophys. Res. 104 (1999) 31-40.\n"
            "[3] C. Lee, See generally Jeffery T. Ulmer, 2012.\n")
    library = read_text(text, "refs.txt", "references")
    titles = [e.title for e in library.entries]
    assert "See generally Jeffery T. Ulmer" not in titles
    assert any(p.line == 3 for p in library.problems)


@pytest.mark.parametrize("title", [
    "The measurement of psychological androgeny Journal of Consulting and Clinical Psychology, 42, 155-162",
    "Social change and crime rate trends: a routine approach American Sociological Review 44 (1975) 588–608",
    "Landt SG1, Marinov GK, Kundaje A et al",
    "Melo A.L.V. Coelho R. Menezes M. Belchior Simulating crime against properties",
    "U. V. L. u. Kaiser",
])
def test_venue_fields_and_names_in_the_title_are_signed(title):
    assert misread_sign(Reference(title=title, year=1990)) is not None


def test_a_journal_or_an_imprint_after_the_title_is_trimmed():
    ref = Reference(title="Natural Language Processing (almost) from Scratch, J. of Machine Learning Research", year=2011)
    assert trim_venue_head(ref).title == "Natural Language Processing (almost) from Scratch"
    ref = Reference(title="Simulating, Analyzing, and Animating Dynamical Systems (Society for Industrial and Applied Mathematics, Philadelphia)", year=2002)
    assert trim_venue_head(ref).title == "Simulating, Analyzing, and Animating Dynamical Systems"
    ref = Reference(title="Maternal cardiac arrest: evidence or expert-based? Resuscitation", year=2012)
    assert trim_venue_head(ref).title == "Maternal cardiac arrest: evidence or expert-based?"
    ref = Reference(title="Does disagreement mitigate polarization? How selective exposure affects polarization", year=2015)
    assert trim_venue_head(ref).title == ref.title
