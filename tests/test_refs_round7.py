"""Reference-list and CV shapes of rounds refsA7 and refsA8 (tests/data/pastes/SOURCES.md), each read by a general rule."""

from __future__ import annotations

import pytest

from citekit.model import issued_date
from citekit.sources import read_text
from citekit.sources._refparse import parse_reference


@pytest.mark.parametrize("text, title, family, year", [
    # Harvard: an unquoted title before ", in ‘Proceedings ...’", a book's edition
    ("Awan, J. & Slavkovic, A. (2018), Differentially private uniformly most powerful tests for binomial data, in ‘Proceedings "
     "of the 32nd International Conference on Neural Information Processing Systems’, Curran Associates Inc., pp. 4212–4222.",
     "Differentially private uniformly most powerful tests for binomial data", "Awan", 2018),
    ("Fisher, R. A. (1935), The Design of Experiments, 1st edn, Oliver and Boyd, Edinburgh.", "The Design of Experiments", "Fisher", 1935),
    # a blockquoted reference with its year in square brackets and commas all through
    ("> Zuo, Y., Cui, Y., Li, R. and Ressom, H. [2017], Incorporating prior biological knowledge for network-based gene "
     "expression analysis, BMC Bioinformatics 18(99).", "Incorporating prior biological knowledge for network-based gene expression analysis",
     "Zuo", 2017),
    ("> McGarry, K. [2013], Discovery of functional protein groups by clustering community links, Expert Systems with "
     "Applications,40(13), 5101-5112.", "Discovery of functional protein groups by clustering community links", "McGarry", 2013),
    # Chicago notes: a book's publication facts, a year glued to its month, a report by the body after its title
    ("5.  James C. Scott, Seeing Like a State (New Haven: Yale University Press, 1998).", "Seeing Like a State", "Scott", 1998),
    ("8.  David Niose, \"Anti-Intellectualism Is Killing America,\" Psychology Today, 23 June2015, https://www.psychologytoday.com/x.",
     "Anti-Intellectualism Is Killing America", "Niose", 2015),
    ("16. \"Employment Situation Technical Note,\" U.S. Bureau of Labor Statistics, 2015,http://www.bls.gov/news.release/empsit.tn.htm.",
     "Employment Situation Technical Note", None, 2015),
    ("Robert Axelrod, *The Evolution of Cooperation*, rev. ed. (New York: Basic Books, 2006; orig. 1984).",
     "The Evolution of Cooperation", "Axelrod", 2006),
    # Elsevier: an author list's lost space, a lowercase venue after the title
    ("Saeb, S., Lonini, L., Jayaraman, A., Mohr, David andKording, K.P., 2017. The need to approximate the use-case in "
     "clinical machine learning. GigaScience , in press.", "The need to approximate the use-case in clinical machine learning", "Saeb", 2017),
    ("Yarkoni, T., Westfall, J., 2016. Choosing prediction over explanation in psychology: Lessons from machine learning. figshare preprint.",
     "Choosing prediction over explanation in psychology: Lessons from machine learning", "Yarkoni", 2016),
])
def test_round7_reference_shapes(text: str, title: str, family: str | None, year: int) -> None:
    ref = parse_reference(text)
    assert ref is not None
    got_family = (ref.authors[0].family if ref.authors and ref.authors[0].family else None)
    assert (ref.title, got_family, ref.year) == (title, family, year)


def test_a_citation_inside_a_sentence_is_no_reference() -> None:
    text = ("Varoquaux, G., Thirion, B., 2014. How machine learning is shaping cognitive neuroimaging. GigaScience 3, 28.\n\n"
            "Dwork et al. (2015) propose an elegant technique to reuse a given holdout set while avoiding overfitting it.\n")
    library = read_text(text, "paper.md", "references")
    assert [e.title for e in library.entries] == ["How machine learning is shaping cognitive neuroimaging"]
    assert any(p.line == 3 for p in library.problems)


def test_chicago_notes_citing_several_works_give_each() -> None:
    note = ('[^33]: John F. Nash Jr., "Equilibrium Points in N-Person Games," *Proceedings of the National Academy of Sciences* 36, '
            'no. 1 (1950): 48–49; John F. Nash Jr., "Non-Cooperative Games," *Annals of Mathematics* 54, no. 2 (1951): 286–295.\n\n'
            '[^34]: Robert J. Aumann, "Acceptable Points in General Cooperative *N*-Person Games," in *Contributions to the Theory of '
            'Games, Volume IV*, ed. A.W. Tucker and R.D. Luce (Princeton: Princeton University Press, 1959), 287–324; Robert J. '
            'Aumann, "Agreeing to Disagree," *Annals of Statistics* 4, no. 6 (1976): 1236–1239.\n')
    library = read_text(note, "essay.md", "references")
    assert [(e.title, issued_date(e).year) for e in library.entries] == [
        ("Equilibrium Points in N-Person Games", 1950), ("Non-Cooperative Games", 1951),
        ("Acceptable Points in General Cooperative N-Person Games", 1959), ("Agreeing to Disagree", 1976)]


CV = """## Intellectual Property

### Expansion of cfDNA for Libraries

Twist Bioscience

South San Francisco, California

11/12/21

- US Prov. Pat. Ref No 823.102

## Selected Publications

### Multiple decay events target HAC1 mRNA during splicing to regulate the unfolded protein response

[eLife](https://doi.org/10.7554/eLife.42262)

N/A

2019

- Cherry, P., Peach, S., & Hesselberth, J.

### Genetic bypass of essential RNA repair enzymes in budding yeast

[RNA](https://doi.org/10.1261/rna.061788.117)

N/A

12/21/18

- Cherry, P., White, L., York, K., & Hesselberth, J.

## Selected Presentations & Talks

### Data-driven troubleshooting of NGS experiments

Data Science Talk

Emeryville, CA

4/20/20

- Patrick Cherry
"""


def test_a_cv_with_headed_items_gives_its_papers_only() -> None:
    library = read_text(CV, "cv.md", "paper-blocks")
    assert [(e.title, e.author[0].family, issued_date(e).year) for e in library.entries] == [
        ("Multiple decay events target HAC1 mRNA during splicing to regulate the unfolded protein response", "Cherry", 2019),
        ("Genetic bypass of essential RNA repair enzymes in budding yeast", "Cherry", 2018)]


# --- round refsA8: references kept in code, bold authors before the year, bold volumes ------------------------

def test_references_in_a_sql_insert_are_read_from_its_string_literals() -> None:
    text = """-- ID 73: Crown of Castile (Corona de Castilla, 1065-1715)
INSERT INTO sources (entity_id, citation, url, source_type) VALUES
(73, 'O''Callaghan, Joseph F. A History of Medieval Spain. Ithaca: Cornell University Press, 1975. ISBN 978-0-8014-0880-9.', 'https://www.worldcat.org/isbn/9780801408809', 'book'),
(73, 'Reilly, Bernard F. The Medieval Spains. Cambridge: Cambridge University Press, 1993. ISBN 978-0-521-39741-4.', 'https://www.worldcat.org/isbn/9780521397414', 'book'),
(73, 'Ruiz, Teofilo F. Spain''s Centuries of Crisis: 1300-1474. Oxford: Blackwell, 2007. ISBN 978-1-4051-2789-9.', 'https://www.worldcat.org/isbn/9781405127899', 'book');
"""
    library = read_text(text, "sources.sql")
    assert [(e.title, e.author[0].family, issued_date(e).year) for e in library.entries] == [
        ("A History of Medieval Spain", "O'Callaghan", 1975), ("The Medieval Spains", "Reilly", 1993),
        ("Spain's Centuries of Crisis: 1300-1474", "Ruiz", 2007)]


def test_references_in_a_python_list_with_and_in_serbian() -> None:
    text = '''    references = [
        "[1] M. Pfleiderer, K. Frieler, J. Abeßer, W. G. Zaddach i B. Burkhart, ur., Inside the Jazzomat: New Perspectives for Jazz Research. Mainz: Schott Campus, 2017.",
        "[2] M. Müller, Fundamentals of Music Processing: Audio, Analysis, Algorithms, Applications. Cham: Springer, 2015, doi: 10.1007/978-3-319-21945-5.",
        "[4] J. Salamon, G. Peeters i A. Röbel, “Statistical Characterisation of Melodic Pitch Contours,” Proc. 13th ISMIR Conf., pp. 187–192, 2012.",
    ]
'''
    library = read_text(text, "build.py")
    assert [(e.title, len(e.author)) for e in library.entries] == [
        ("Inside the Jazzomat: New Perspectives for Jazz Research", 5),
        ("Fundamentals of Music Processing: Audio, Analysis, Algorithms, Applications", 1),
        ("Statistical Characterisation of Melodic Pitch Contours", 3)]


def test_references_as_jsx_list_items() -> None:
    text = """            <ul>
              <li>
                Lall, S., Mahgoub, A., Maria, A., Touati, A., &amp;
                Acero, J. L. (2019). <em>Leveraging Urbanization to
                Promote a New Growth Model</em>. World Bank.{' '}
                <a
                  href="https://doi.org/10.1596/978-1-4648-1433-4"
                  target="_blank"
                >
                  doi.org/10.1596/978-1-4648-1433-4
                </a>
              </li>
              <li>
                Harris, J. R., &amp; Todaro, M. P. (1970). Migration,
                Unemployment and Development: A Two-Sector Analysis.{' '}
                <em>American Economic Review</em>, 60(1), 126–142.
              </li>
            </ul>
"""
    library = read_text(text, "Cities.jsx", "references")
    assert [(e.title, e.author[0].family, e.DOI) for e in library.entries] == [
        ("Leveraging Urbanization to Promote a New Growth Model", "Lall", "10.1596/978-1-4648-1433-4"),
        ("Migration, Unemployment and Development: A Two-Sector Analysis", "Harris", None)]


@pytest.mark.parametrize("text, title, family, year", [
    ("- **Athey, S., Tibshirani, J., & Wager, S.** (2019). \"Generalized Random Forests.\" *Annals of Statistics*, 47(2), 1148-1178.",
     "Generalized Random Forests", "Athey", 2019),
    ("12) Neubert, H.K., \"A simple model representing internal damping in solid materials,\" *The Aeronautical Quarterly*, **14** (1963), 187-210.",
     "A simple model representing internal damping in solid materials", "Neubert", 1963),
    ("- “The Imperfect Cinematography of Paul Thomas Anderson.” *Indepthcine*. December 7, 2025.",
     "The Imperfect Cinematography of Paul Thomas Anderson", None, 2025),
    # a group author holding "and" is one body (Vancouver)
    ("1. Substance Abuse and Mental Health Services Administration. Key substance use and mental health indicators in the "
     "United States. Rockville (MD): SAMHSA; 2020.", "Key substance use and mental health indicators in the United States", None, 2020),
])
def test_round8_reference_shapes(text: str, title: str, family: str | None, year: int) -> None:
    ref = parse_reference(text)
    assert ref is not None
    assert (ref.title, ref.authors[0].family if ref.authors else None, ref.year) == (title, family, year)
