"""The journal-reference parser on the shapes arXiv's journal_ref field takes (APS, SPIRES, IMS, JMLR, IEEE, venues)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citekit.journalref import parse_journal_ref

#: (journal_ref as arXiv records carry it, venue, volume, number, pages, year, conference)
CASES = [
    ("Phys. Rev. Lett. 85, 5234 (2000)", "Phys. Rev. Lett.", "85", None, "5234", "2000", False),
    ("Science 286, 509 (1999)", "Science", "286", None, "509", "1999", False),
    ("NeurIPS 2022", "NeurIPS", None, None, None, "2022", True),
    ("J. Mach. Learn. Res. 21(140):1-67, 2020", "J. Mach. Learn. Res.", "21", "140", "1--67", "2020", False),
    ("Journal of Machine Learning Research 21(140):1-67, 2020", "Journal of Machine Learning Research", "21", "140", "1--67", "2020", False),
    ("Phys. Rev. D 76, 013009 (2007)", "Phys. Rev. D", "76", None, "013009", "2007", False),
    ("Phys. Rev. B 76, 174425 (2007)", "Phys. Rev. B", "76", None, "174425", "2007", False),
    ("Phys. Rev. D 76 (2007) 013008", "Phys. Rev. D", "76", None, "013008", "2007", False),
    ("J. Chem. Phys. 115, 1626 (2001)", "J. Chem. Phys.", "115", None, "1626", "2001", False),
    ("JHEP 0802:051,2008", "JHEP", "0802", None, "051", "2008", False),
    ("JHEP 05 (2008) 014", "JHEP", "05", None, "014", "2008", False),
    ("Astrophys.J.668:L135-L138,2007", "Astrophys. J.", "668", None, "L135--L138", "2007", False),
    ("Nucl.Phys.B797:1-45,2008", "Nucl. Phys. B", "797", None, "1--45", "2008", False),
    ("Phys.Rev.D76:013009,2007", "Phys. Rev. D", "76", None, "013009", "2007", False),
    ("Mon.Not.Roy.Astron.Soc.383:1399,2008", "Mon. Not. Roy. Astron. Soc.", "383", None, "1399", "2008", False),
    ("Adv.Theor.Math.Phys.2:231-252,1998", "Adv. Theor. Math. Phys.", "2", None, "231--252", "1998", False),
    ("Nature 521, 436-444 (2015)", "Nature", "521", None, "436--444", "2015", False),
    ("Nature 521 (7553), 436-444 (2015)", "Nature", "521", "7553", "436--444", "2015", False),
    ("Physical Review Letters 120(14), 140401 (2018)", "Physical Review Letters", "120", "14", "140401", "2018", False),
    ("J. Phys. A: Math. Theor. 41 (2008) 025001", "J. Phys. A: Math. Theor.", "41", None, "025001", "2008", False),
    ("J. Stat. Mech. (2008) P02001", "J. Stat. Mech.", None, None, "P02001", "2008", False),
    ("Journal of Statistical Physics 189, 30 (2022)", "Journal of Statistical Physics", "189", None, "30", "2022", False),
    ("Class. Quant. Grav. 24 (2007) 1-20", "Class. Quant. Grav.", "24", None, "1--20", "2007", False),
    ("Electron. J. Combin. 15 (2008) R1", "Electron. J. Combin.", "15", None, "R1", "2008", False),
    ("Annals of Statistics 2008, Vol. 36, No. 1, 1-30", "Annals of Statistics", "36", "1", "1--30", "2008", False),
    ("Theory and Applications of Categories, Vol. 20, 2008, No. 7, pp 116-151",
     "Theory and Applications of Categories", "20", "7", "116--151", "2008", False),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence, vol. 41, no. 3, pp. 1-10, 2019",
     "IEEE Transactions on Pattern Analysis and Machine Intelligence", "41", "3", "1--10", "2019", False),
    ("Transactions on Machine Learning Research (TMLR), 2023", "Transactions on Machine Learning Research (TMLR)",
     None, None, None, "2023", False),
    ("Published in Transactions on Machine Learning Research (01/2023)", "Transactions on Machine Learning Research",
     None, None, None, "2023", False),
    ("ACM Trans. Graph. 41, 4, Article 102 (July 2022)", "ACM Trans. Graph.", "41", "4", "102", "2022", False),
    ("Ann. Phys. (Berlin) 530, 1700374 (2018)", "Ann. Phys. (Berlin)", "530", None, "1700374", "2018", False),
    ("Proc. R. Soc. A 474: 20170880 (2018)", "Proc. R. Soc. A", "474", None, "20170880", "2018", False),
    ("Eur.Phys.J.C72:2005,2012", "Eur. Phys. J. C", "72", None, "2005", "2012", False),
    ("Phys. Rev. X 8, 031084 (2018)", "Phys. Rev. X", "8", None, "031084", "2018", False),
    ("NIPS 2017", "NIPS", None, None, None, "2017", True),
    ("ICLR'21", "ICLR", None, None, None, "2021", True),
    ("Accepted to ICLR 2022", "ICLR", None, None, None, "2022", True),
    ("Findings of EMNLP 2021", "Findings of EMNLP", None, None, None, "2021", True),
    ("NAACL-HLT 2019", "NAACL-HLT", None, None, None, "2019", True),
    ("Advances in Neural Information Processing Systems 30 (NIPS 2017)",
     "Advances in Neural Information Processing Systems", "30", None, None, "2017", True),
    ("Proceedings of the 38th International Conference on Machine Learning, PMLR 139:1234-1245, 2021",
     "Proceedings of the 38th International Conference on Machine Learning", "139", None, "1234--1245", "2021", True),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2022, pp. 10684-10695",
     "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", None, None,
     "10684--10695", "2022", True),
    ("Proceedings of EMNLP 2019, pages 100-110", "Proceedings of EMNLP", None, None, "100--110", "2019", True),
]


def _read_exactly(text: str) -> tuple:
    """(venue, volume, number, pages, year) of ``text``'s reading, which must be exact (its reason shown if not)."""
    ref = parse_journal_ref(text)
    assert ref.exact, ref.reason
    return (ref.venue, ref.volume, ref.number, ref.pages, ref.year)


@pytest.mark.parametrize("text, venue, volume, number, pages, year, conference", CASES, ids=[c[0] for c in CASES])
def test_shapes(text, venue, volume, number, pages, year, conference):
    """Each shape is read into its parts, and conferences are told from journals."""
    ref = parse_journal_ref(text)
    assert ref is not None and ref.exact
    assert (ref.venue, ref.volume, ref.number, ref.pages, ref.year, ref.conference) == (
        venue, volume, number, pages, year, conference)
    assert ref.published


def test_unparsed_text_is_kept_whole():
    """A reference no shape explains is the venue as a whole, marked inexact, with its year when there is one."""
    ref = parse_journal_ref("Toulouse Space Show, Jun 2010, Toulouse, France")
    assert ref is not None and not ref.exact and ref.venue == "Toulouse Space Show, Jun 2010, Toulouse, France"
    assert ref.year == "2010" and "Toulouse, France" in ref.reason
    bare = parse_journal_ref("J. ACM")
    assert bare is not None and bare.venue == "J. ACM" and bare.year is None and not bare.exact


def test_not_published_and_empty():
    """"Submitted to ..." is no publication; an empty reference is None."""
    submitted = parse_journal_ref("Submitted to Phys. Rev. B")
    assert submitted is not None and not submitted.published
    assert not parse_journal_ref("under review at ICML 2024").published
    assert parse_journal_ref("") is None and parse_journal_ref("   ") is None


def test_erratum_is_kept_apart():
    """A second reference after ';' (an erratum) does not spoil the first, and is kept in ``rest``."""
    ref = parse_journal_ref("Phys. Rev. Lett. 85, 5234 (2000); Erratum: Phys. Rev. Lett. 86, 1 (2001)")
    assert (ref.venue, ref.volume, ref.pages, ref.year) == ("Phys. Rev. Lett.", "85", "5234", "2000")
    assert ref.rest == "Erratum: Phys. Rev. Lett. 86, 1 (2001)"


def test_seed_metadata_journal_refs_never_crash():
    """Every journal_ref in the shared seed metadata (when present) parses to a venue."""
    from conftest import REPO, SHARED

    refs = []
    for path in (REPO / "tests" / "fixtures" / "arxiv" / "seed_papers.json", SHARED / "arxiv" / "seed_papers.json",
                 Path(__file__).parent / "fixtures" / "update" / "arxiv_records.json"):
        if path.exists():
            refs += [p["journal_ref"] for p in json.loads(path.read_text(encoding="utf-8")) if p.get("journal_ref")]
    assert refs  # the update fixture has some
    for text in refs:
        ref = parse_journal_ref(text)
        assert ref is not None and ref.venue


#: The shapes issue 19 names, from every field: (reference, venue, volume, number, pages, year, conference).
ISSUE_CASES = [
    ("Science, Vol 306, 666 (2004)", "Science", "306", None, "666", "2004", False),
    ("ApJ 612:1-10, 2004", "ApJ", "612", None, "1--10", "2004", False),
    ("Ann. of Math. (2) 160 (2004), no. 1, 1-100", "Ann. of Math. (2)", "160", "1", "1--100", "2004", False),
    ("Nature 521, 436\u2013444 (2015)", "Nature", "521", None, "436--444", "2015", False),
    ("Proceedings of the 58th Annual Meeting of the ACL, pages 1\u201310",
     "Proceedings of the 58th Annual Meeting of the ACL", None, None, "1--10", None, True),
    ("CVPR 2021", "CVPR", None, None, None, "2021", True),
    ("ICML 2020", "ICML", None, None, None, "2020", True),
    ("ICLR 2023 (spotlight)", "ICLR", None, None, None, "2023", True),
    ("2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
     "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", None, None, None, "2023", True),
    ("Advances in Neural Information Processing Systems 30 (2017), pp. 992-1002",
     "Advances in Neural Information Processing Systems", "30", None, "992--1002", "2017", True),
    ("Phys. Rev. D 76 (2007) 013008", "Phys. Rev. D", "76", None, "013008", "2007", False),
    ("Phys.Rev. D73 (2006) 123515", "Phys. Rev. D", "73", None, "123515", "2006", False),
    ("PoS(ICHEP2016)087", "PoS", "ICHEP2016", None, "087", "2016", True),
    ("Proc. Natl. Acad. Sci. USA 104, 1-5 (2007)", "Proc. Natl. Acad. Sci. USA", "104", None, "1--5", "2007", False),
]


@pytest.mark.parametrize("text, venue, volume, number, pages, year, conference", ISSUE_CASES,
                         ids=[c[0] for c in ISSUE_CASES])
def test_issue_shapes(text, venue, volume, number, pages, year, conference):
    """The references issue 19 lists are read into their parts; conferences are proceedings."""
    ref = parse_journal_ref(text)
    assert ref is not None and ref.exact, ref
    assert (ref.venue, ref.volume, ref.number, ref.pages, ref.year, ref.conference) == (
        venue, volume, number, pages, year, conference)


def test_to_appear_and_several_references():
    """"To appear in" is a publication to come; of several references joined by ';' the first is the paper's."""
    ref = parse_journal_ref("To appear in Phys. Rev. Lett.")
    assert ref.exact and ref.forthcoming and ref.venue == "Phys. Rev. Lett" and ref.published
    two = parse_journal_ref("Phys.Atom.Nucl. 68 (2005) 1947-1955; Yad.Fiz. 68 (2005) 2008-2016")
    assert (two.venue, two.volume, two.pages) == ("Phys. Atom. Nucl.", "68", "1947--1955")
    assert two.rest == "Yad.Fiz. 68 (2005) 2008-2016"


@pytest.mark.parametrize("text", [
    "In: Karpov A., Potapova R. (eds) Speech and Computer. SPECOM 2021. Lecture Notes in Computer Science, vol 12997. Springer, Cham",
    "A. Carati, S.L. Cacciatori and L. Galgani, Europhysics Letters 83, 59002 (2008)",
    "Proceedings of the 13th SPHERIC International Workshop, Galway, Ireland, June 26-28 2018, pp. 44-51",
    "Physics of the Dark Universe 30 (2020) 100713 Volume 30, December 2020, 100713",
])
def test_what_cannot_be_read_with_confidence_says_why(text):
    """Editors and publishers, authors before the venue, a place after a conference, too many numbers: unsure."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason and ref.venue.endswith(text.split()[-1])


def test_published_fields_is_the_one_mapping():
    """A reference read with confidence gives the entry's fields and type; an unsure one gives nothing."""
    from citekit.journalref import published_fields

    assert published_fields(parse_journal_ref("Nature 521, 436-444 (2015)")) == {
        "type": "article-journal", "container_title": "Nature", "volume": "521", "page": "436--444", "year": "2015"}
    assert published_fields(parse_journal_ref("NeurIPS 2019"))["type"] == "paper-conference"
    assert published_fields(parse_journal_ref("Toulouse Space Show, Jun 2010, Toulouse, France")) is None
    assert published_fields(parse_journal_ref("Submitted to Phys. Rev. B")) is None


@pytest.mark.parametrize("text, venue, volume, pages, year", [
    ("The Astronomical Journal, 160:12 (9pp), 2020 July 1", "The Astronomical Journal", "160", "12", "2020"),
    ("Nature Online of 3 March 2012", "Nature Online", None, None, "2012"),
    ("A.J.P. 120 (2001) 33-40", "A. J. P.", "120", "33--40", "2001"),
    ("Proceedings of the 36th International Cosmic Ray Conference (ICRC2019), PoS(ICRC2019)101",
     "PoS", "ICRC2019", "101", "2019"),
])
def test_dates_initials_and_named_pos(text, venue, volume, pages, year):
    """AAS's "2020 July 1", a date after "of", a journal's initials, a meeting named before its PoS reference."""
    ref = parse_journal_ref(text)
    assert ref.exact, ref.reason
    assert (ref.venue, ref.volume, ref.number, ref.pages, ref.year) == (venue, volume, None, pages, year)


@pytest.mark.parametrize("text", [
    "Some Workshop, ASP Conf. Ser. Vol 400, 2009; Eds. A. Smith and B. Jones, p. 12",
    "`A Meeting on X-rays', MPI Report 100 (1997) 12",
    "Encyclopedia of Statistics, John Wiley & Sons, Ltd, pp. 1-9, 2018",
])
def test_chapters_and_titles_are_reported(text):
    """Editors after the first reference, a quoted title before the venue, a publisher's company name: unsure."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("J. Smith et al., Phys. Rev. D 80, 123456 (2009)", "Phys. Rev. D", "80", None, "123456", "2009"),
    ("K. L\\'opez et al, Astropart. Phys. 30 (2008) 1-10", "Astropart. Phys.", "30", None, "1--10", "2008"),
    ("JHEP07 (2012) 101", "JHEP", "07", None, "101", "2012"),
    ("2012 J. Phys.: Conf. Ser. 375 052001", "J. Phys.: Conf. Ser.", "375", None, "052001", "2012"),
    ("Entropy 2020, 22(3), 1999", "Entropy", "22", "3", "1999", "2020"),
    ("eLife 2019;8:e12345", "eLife", "8", None, "e12345", "2019"),
    ("Nature. 2015 May 28;521(7553):436-44", "Nature", "521", "7553", "436--444", "2015"),
    ("Published in PLoS One 2012;7:e31234", "PLoS One", "7", None, "e31234", "2012"),
    ("Energy Policy, Vol. 12 (1&2), pp. 10-20 (2001)", "Energy Policy", "12", "1&2", "10--20", "2001"),
    ("Astronomy and Astrophysics 600, A12 (2017) 9p", "Astronomy and Astrophysics", "600", None, "A12", "2017"),
    ("Some Meeting 2003 p.71", "Some Meeting", None, None, "71", "2003"),
    ("published on Revista Mexicana de Fisica (2011), 57, 10", "Revista Mexicana de Fisica", "57", None, "10", "2011"),
])
def test_one_author_a_glued_volume_mdpi_and_double_issues(text, venue, volume, number, pages, year):
    """"X et al.," before the venue, "JHEP07 (2012)", a year before "J. Phys.: Conf. Ser.", MDPI's year first, "(1&2)"."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)


@pytest.mark.parametrize("text", [
    "Phys. Rev. A 1, 1 (2023)",  # page 1 or issue 1?
    "Classical and Quantum Gravity 30 4 (2013)",
    "J. Foo 12, 1998, 2001",  # two numbers that could be the year
    "2009, A&A, 500, 123C",  # ADS's page qualifier
    "ACM Comput. Surv. 55, 12 (Dec 2023)",  # ACM: issue 12; ApJ's "743, 62 (Nov. 2011)": page 62
    "Proceedings of Science 2010 PoS (XYZ 2009)012",  # two years
    'Opening of the "New Telescope - proc. of a Meeting - 2001 p.12',  # an unclosed quotation: a title
])
def test_ambiguous_numbers_are_reported(text):
    """When a number could be either of two parts, the reference is reported, not guessed."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("New J. Phys. 21 (2019) 03LT02", "New J. Phys.", "21", None, "03LT02", "2019"),  # IOP's letter numbers
    ("Prog. Theor. Exp. Phys. 2016, 013B05", "Prog. Theor. Exp. Phys.", None, None, "013B05", "2016"),  # PTEP
    ("BMC Bioinformatics 2011, 12:77 (5 March 2011)", "BMC Bioinformatics", "12", None, "77", "2011"),  # the year twice
    ("Int. J. Mod. Phys. A 0, 2050123 (2020)", "Int. J. Mod. Phys. A", None, None, "2050123", "2020"),  # volume 0
    ("Found. Phys. (2012) 0000", "Found. Phys.", None, None, None, "2012"),
    ("Phys. Rev. B 84, 045123 (2011) (https://journals.aps.org/prb/abstract/10.1103/PhysRevB.84.045123)",
     "Phys. Rev. B", "84", None, "045123", "2011"),
    ("J. Fluid Mech. 700 (2012) 1-20. https://doi.org/10.1017/jfm.2012.1", "J. Fluid Mech.", "700", None, "1--20", "2012"),
    ("Journal of Plankton Research, FirstView Article, pp 1-12, 2013", "Journal of Plankton Research", None, None,
     "1--12", "2013"),
    ('Published in: "Journal of Nonlinear Science", 2011, Vol. 21, No 2, pp. 10 - 30', "Journal of Nonlinear Science",
     "21", "2", "10--30", "2011"),
])
def test_article_numbers_links_placeholders_and_quoted_venues(text, venue, volume, number, pages, year):
    """Letters inside an article number, a link after the reference, a zero volume or page, a quoted venue."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)


@pytest.mark.parametrize("text", [
    "Proceedings of the 3rd Annual Conf. XYZ, Vol. 3, 2005(2007), pp. 1-9",  # two years: which is the paper's?
    '"A Title of a Chapter", In Some Book, Springer, 2003, pp. 1-10',  # a quoted title, then a book
])
def test_two_years_and_quoted_titles_are_reported(text):
    """A second year where an issue would be, or a quoted title before a book, is reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text", [
    "Proc. SPIE 9999-12, 2015",  # SPIE's volume and paper number, or a page range?
    "Some J. (2001) 1229-35",  # no volume: a shortened range, or a volume and a paper?
    "Some J. 12, 12345-67 (2001)",  # five digits: SPIE's way with a volume and a paper
])
def test_pages_that_end_before_they_begin_are_reported(text):
    """A range whose end is below its start, where no volume stands before it, may be a paper number: reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ("end before they begin" in ref.reason or "a volume and an article" in ref.reason)


@pytest.mark.parametrize("text, pages", [
    ("Some J. 12, 1229-35 (2001)", "1229--1235"),
    ("Eur. Phys. J. H. 38, 262-78 (2013)", "262--278"),
])
def test_a_shortened_range_after_its_volume_is_read_whole(text, pages):
    """After a volume, "262-78" is the range printers shorten (262--278), as PubMed's "436-44" is."""
    ref = parse_journal_ref(text)
    assert ref.exact and ref.pages == pages


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("Revised version in Physics of Plasmas (2000) Vol 7, pp 5148-5152", "Physics of Plasmas", "7", None, "5148--5152", "2000"),
    ("The Astrophysical Journal, Volume 845, Number 2. August 2017", "The Astrophysical Journal", "845", "2", None, "2017"),
    ("Astronomy & Astrophysics, Volume 593, id.A70, 9 pp, 2016", "Astronomy & Astrophysics", "593", None, "A70", "2016"),
    ("A. C. Ezeribe et al 2017 JINST 12 P09025", "JINST", "12", None, "P09025", "2017"),
    ("PoS ICHEP2018 (2018) 035", "PoS", "ICHEP2018", None, "035", "2018"),
    ("J. Geophys. Res. Atmos., 123 (2018)", "J. Geophys. Res. Atmos.", "123", None, None, "2018"),
    ("Proc. SPIE 9146, Optical and Infrared Interferometry IV, 914622 (2014)", "Proc. SPIE", "9146", None, "914622", "2014"),
    ("SPIE 10708, Millimeter, Submillimeter, and Far-Infrared Detectors and Instrumentation for Astronomy IX, "
     "107082G (16 July 2018)", "SPIE", "10708", None, "107082G", "2018"),
])
def test_version_notes_number_labels_volume_before_date_and_spie_titles(text, venue, volume, number, pages, year):
    """Shapes from the eighth draw (unseen8): each read whole, by its form rather than its journal."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)


@pytest.mark.parametrize("text", [
    "in print 2018",  # no journal at all
    "PoS ICHEP2018 (2018) 035, 2019",  # two years
    "Proc. SPIE 10708, Millimeter Detectors VIII, 10708-92 (12 June 2018)",  # SPIE's volume-paper, not a page
    "ApJ, 770, 5 (2013)",  # the page; but "Rev. Mex. Fis. E, 17, 2 (2020)" is the issue
])
def test_no_journal_two_years_and_a_lone_digit_are_reported(text):
    """What names no journal, says two years, or leaves a digit that could be the issue or the page, is reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text, venue, year, forthcoming", [
    ("To be published in Some Journal (March 1996)", "Some Journal", "1996", True),
    ("Journal-ref: Phys. Rev. D 76, 013008 (2007)", "Phys. Rev. D", "2007", False),
    ("Accepted for publication in Some Journal, 2019", "Some Journal", "2019", True),
])
def test_lead_words_are_not_the_venue(text, venue, year, forthcoming):
    """'To be published in' and arXiv's own 'Journal-ref:' label pasted in front are not part of the venue."""
    ref = parse_journal_ref(text)
    assert ref.exact and (ref.venue, ref.year, ref.forthcoming) == (venue, year, forthcoming)


def test_proceeding_singular_is_a_conference_and_a_place_is_reported():
    """'Proceeding of ...' names a conference as 'Proceedings' does; a city after it is reported."""
    assert parse_journal_ref("Proceeding of the 5th Workshop on Foo, pp. 1-10, 2010").conference
    ref = parse_journal_ref("Proceeding of 20th XYZC, Lisbon, 2006")
    assert not ref.exact and "a place" in ref.reason


@pytest.mark.parametrize("text", [
    "Jane Doe (for the XYZ Collaboration) 2012 J. Phys.: Conf. Ser. 100 012001",  # an author and a collaboration
    "Nature, Febuary 16th 2023",  # a misspelt date ran into the venue
    "Astronomy & Astrophysics 600, A12 (2017) 1-9",  # the article number where the issue would stand, then a span
])
def test_authors_and_ordinals_in_a_journal_name_are_reported(text):
    """A collaboration named before the venue, or an ordinal in a journal's name, is reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text", [
    "Some Conference Series, 2013, Vol 8, pp 21 24",  # a page range without its dash: 24 is no issue
    "Annual Review of Things, 2009, 47, 481:522",  # a colon for the dash: 47 stands before the volume
    "Phys.Rev.D12,083502:2013",  # the year where the pages would be
    "Some Physics 2015, 61 (2015) 32-40",  # the year said again, or a volume named by it?
    "Some Letters (2008) 64002 p1-5",  # an article number and its page span
    "Smith, J., Jones, K., Astronomy & Astrophysics, 554, A111 (2013)",  # authors, surname first
    "Journal of Something - supplement to Vol.71 n.4 - 2000 p. 459",  # "n.4 - 2000": an issue, then the year
])
def test_numbers_out_of_their_place_are_reported(text):
    """A number standing where no part does (before the volume, after the pages, the year twice) is reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("The Astrophysical Journal, v 745, February 1, 2012", "The Astrophysical Journal", "745", None, None, "2012"),
    ("Some Review, year 2017, vol. 13, issue 3, pages 113-146", "Some Review", "13", "3", "113--146", "2017"),
    ("PMC Physics B 2008, 1:5 (3 March 2008)", "PMC Physics B", "1", None, "5", "2008"),
    ("Advances in Things, 2014 (2014), Article ID 123456", "Advances in Things", "2014", None, "123456", "2014"),
])
def test_a_spaced_v_and_a_labelled_year(text, venue, volume, number, pages, year):
    """'v 745' is the volume; 'year 2017' is the year, not part of the venue; the year said twice is dropped."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)


@pytest.mark.parametrize("text, volume, pages, year", [
    ("Proceedings of Science (XYZ 2012)040", "XYZ 2012", "040", "2012"),
    ("PoS(ABC 2019)123", "ABC 2019", "123", "2019"),
])
def test_proceedings_of_science_spelt_out_and_a_spaced_volume(text, volume, pages, year):
    """'Proceedings of Science' is PoS, and its conference volume may hold a space."""
    ref = parse_journal_ref(text)
    assert ref.exact and (ref.venue, ref.volume, ref.pages, ref.year) == ("PoS", volume, pages, year)


@pytest.mark.parametrize("text", [
    "Proc. of SPIE Vol. 9999 99990T-1 (2018)",  # SPIE's paper and its first page
    "Proceedings of SPIE Something 2007, vol. 9999-32",  # SPIE's volume and paper number
])
def test_spie_paper_numbers_are_no_ranges(text):
    """A 'range' whose end is shaped unlike its start, or a volume ending below its start, is reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("Numeracy: Vol. 8: Iss. 2, Article 2. 2015", "Numeracy", "8", "2", "2", "2015"),
    ("MDPI Galaxies, 2018, 6, 3", "MDPI Galaxies", "6", None, "3", "2018"),
    ("Proceedings of the SPIE, Advances in Computational Methods for X-Ray Optics III, Vol. 9209, 92090E (2014)",
     "Proceedings of the SPIE", "9209", None, "92090E", "2014"),
])
def test_iss_label_mdpi_year_first_and_spie_title_first(text, venue, volume, number, pages, year):
    """Shapes from the ninth draw (unseen9), read after it was measured: "Iss.", MDPI's year-volume-article, SPIE's title first."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)


@pytest.mark.parametrize("text, reason", [
    ("Eur. Phys. J. C (2016) 76-426", "volume and an article"),  # EPJC's 76:426 written with a dash
    ("Habilitation at University of Heidelberg, Germany, February 2020", "thesis"),
    ("PhD thesis, University of Leiden, 2019", "thesis"),
])
def test_a_range_without_a_volume_and_a_thesis_are_reported(text, reason):
    """A dashed pair with no volume elsewhere may be volume and article; a thesis is no journal: both reported."""
    ref = parse_journal_ref(text)
    assert not ref.exact and reason in ref.reason


@pytest.mark.parametrize("text", [
    "Advances in High Energy Physics, 530895 (2013)",  # six digits before the date: an article, not a volume
    "Classical and Quantum Gravity 125009, 30 (2013)",  # the article where the volume would be
    "Physical Review D 77, 023002 (2008) 11",  # the article where the issue would be
    "MNRAS (2012) 425 1709 1717",  # a page range that lost its dash
    "Reliability Engineering and System Safety 133, 2015, 137 145",
])
def test_article_numbers_out_of_place_and_dashless_ranges_are_reported(text):
    """Read over arXiv's listings after both draws were measured: shapes that gave a confident wrong reading."""
    ref = parse_journal_ref(text)
    assert not ref.exact and ref.reason


@pytest.mark.parametrize("text, reason", [
    ("Galaxies 2018 (6), 116", "could be the volume or the year"),  # MDPI's year and volume, not JHEP's year-volume
    ("J.Geophys.Res. 108A12 (2003) 1435", "joins a volume"),  # AGU's volume 108, issue A12 (unseen10)
    ("Phys.Today 49N12 (1996) 22-27", "joins a volume"),  # SPIRES's volume 49, issue 12
    ("ApJ Letter L41 (1995) 453", "Letters page"),  # ApJ 453, L41 turned round
    ("Monthly Notices of the Royal Astronomical Society 4, 379 (2007) 1249-1278", "where the issue would"),
    ("Science 342,101 (2013), 101-104", "where the issue would"),  # the first page said twice
    ("Gen Relativ Gravit (2017) 49; 62", "lone number"),  # volume; article, not two references
    ("The European Physical Journal C, Volume 72, Number 3, 1915", "year or a page"),
    ("Astronomy and Astrophysics (2010) 9", "no volume is given"),
    ("ApJ (Letters) E96-5632", "lettered page"),
])
def test_shapes_whose_reading_rests_on_a_guess_are_reported(text, reason):
    """From the audit of the ~29,000 unsampled listing references: rare shapes where any reading is a guess."""
    ref = parse_journal_ref(text)
    assert not ref.exact and reason in ref.reason


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("Phys.Scripta T117 (2005) 56-63", "Phys. Scripta", "T117", None, "56--63", "2005"),  # a topical volume (unseen10)
    ("Phys.Scr.T132:014025,2008", "Phys. Scr.", "T132", None, "014025", "2008"),
    ("Physica Scripta T85, 132 (2000)", "Physica Scripta", "T85", None, "132", "2000"),
    ("Astrophys.J675:126-135,2008", "Astrophys. J", "675", None, "126--135", "2008"),  # J is the name's, not a section
    ("Phys.Rev.X5:041001,2015", "Phys. Rev. X", "5", None, "041001", "2015"),
    ("MNRAS Letters(2008) v.388, p.L49", "MNRAS Letters", "388", None, "L49", "2008"),  # "p.L49" is a page, not "p. L 49"
    ("Astronomy Reports, 2007, V51, N2, p81", "Astronomy Reports", "51", "2", "81", "2007"),
    ("Astronomy and Astrophysics 460 (12/2006) L43-L47", "Astronomy and Astrophysics", "460", None, "L43--L47", "2006"),
    ("Research Notes of the AAS, 2, 10 (Published 2018 April 24)", "Research Notes of the AAS", "2", None, "10", "2018"),
    ("Astrophys.J. 531 (2000) L141-144", "Astrophys. J.", "531", None, "L141--144", "2000"),  # a shortened Letters range
    ("Advances in High Energy Physics, Volume 2014 (2014), Article ID 903642, 4 pages", "Advances in High Energy Physics",
     "2014", None, "903642", "2014"),  # Hindawi numbers its volumes by year
    ("JHEP 2016(11) 001", "JHEP", "2016", "11", "001", "2016"),
])
def test_volume_letters_and_year_volumes_read_by_the_journals_rules(text, venue, volume, number, pages, year):
    """A section letter leaves the volume, Physica Scripta's T stays; a year is a volume only where the journal says so."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)


@pytest.mark.parametrize("text, venue, volume, number, pages, year", [
    ("Ciencia Hoy, Vol 15, Nro 89, pp. 18-23, 2005", "Ciencia Hoy", "15", "89", "18--23", "2005"),  # Spanish "número"
    ("2017,ApJ,848,79", "ApJ", "848", None, "79", "2017"),  # the AAS year-first form without spaces
])
def test_nro_and_a_year_first_without_spaces(text, venue, volume, number, pages, year):
    """Shapes from the tenth draw (unseen10), read after it was measured."""
    assert _read_exactly(text) == (venue, volume, number, pages, year)
