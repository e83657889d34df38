"""arXiv journal references (``Phys. Rev. Lett. 85, 5234 (2000)``, ``NeurIPS 2022``) as citation fields.

arXiv's ``journal_ref`` is free text typed by authors. :func:`parse_journal_ref` reads
the common shapes into journal (or conference), volume, number, pages and year; the
shapes are a table of patterns tried in order (:data:`SHAPES`), each a regular
expression with named groups. What no shape explains is kept whole as the venue, with
the year when one is plainly there, and ``exact`` is False so callers can say so. A
reference that says the paper is only submitted or under review is no publication
(``published`` is False).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["JournalRef", "parse_journal_ref", "SHAPES", "CONFERENCE_ACRONYMS"]

#: Venue acronyms that name conferences (a journal reference made of one of these is a proceedings paper).
CONFERENCE_ACRONYMS = frozenset(
    """
    NeurIPS NIPS ICML ICLR COLT AISTATS UAI AAAI IJCAI KDD SIGKDD WSDM WWW TheWebConf SIGIR CIKM RecSys
    CVPR ICCV ECCV WACV BMVC ACCV MICCAI ACL EMNLP NAACL EACL COLING CoNLL AACL LREC INTERSPEECH ICASSP
    CoRL RSS ICRA IROS HRI CHI UIST CSCW SIGGRAPH STOC FOCS SODA ICALP PODC SPAA CCS USENIX NDSS
    ISIT ALT ITCS ECML PKDD ICDM SDM ICDE VLDB SIGMOD PODS OSDI SOSP NSDI EuroSys MLSys ICSE FSE ASE
    PLDI POPL OOPSLA ICFP CAV LICS DAC ISCA MICRO HPCA ASPLOS
    """.split()
)
_CONFERENCE_WORDS = re.compile(
    r"\b(?:proceedings|proc\.|conference|conf\.|workshop|symposium|symp\.|meeting|congress|colloquium)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b(" + "|".join(sorted(CONFERENCE_ACRONYMS, key=len, reverse=True)) + r")\b")
#: Words before the venue that say where the paper appeared (dropped from the venue).
_LEAD = re.compile(
    r"^(?:(?:published|accepted|appeared|appears|to\s+appear|presented|in\s+press)"
    r"(?:\s+(?:as\s+\w+\s+paper\s+)?(?:in|at|to|by|for))?|in)\s*:?\s+",
    re.IGNORECASE,
)
#: Phrases that say the paper is not (yet) published.
_NOT_PUBLISHED = re.compile(r"\b(?:submitted|under\s+review|in\s+preparation|preprint)\b", re.IGNORECASE)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PAGES = r"(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-\u2013\u2014]+\s*[A-Za-z]?\d+[A-Za-z]?)?)"
_VOL = r"(?P<volume>\d+[A-Za-z]?)"
# A journal name: no digits first, no parentheses or commas; a colon only before a space
# ("J. Phys. A: Math. Theor."), as "668:L135" is volume:pages.
_JOURNAL = r"(?P<journal>[^\d(),:;](?:[^(),:;]|:\s|\([A-Za-z][\w.\s]*\)\s)*?)"


@dataclass(frozen=True, slots=True)
class JournalRef:
    """What a journal reference says: the venue, its parts, and whether it is a conference."""

    venue: str
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    year: str | None = None
    conference: bool = False
    published: bool = True
    exact: bool = True  # False: no shape explained the text; ``venue`` is the whole reference
    series: str | None = None  # a proceedings series named with its volume (``PMLR 139``)
    rest: str | None = None  # text after the first reference (an erratum, a second venue)


#: (name, pattern) tried in order; the first full match wins. Groups: journal, volume, number, pages, year.
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"^{pattern}$", re.IGNORECASE))
    for name, pattern in (
        # J. Mach. Learn. Res. 21(140):1-67, 2020
        ("volume(number):pages, year", rf"{_JOURNAL}\s*,?\s*{_VOL}\s*\((?P<number>[\w-]+)\)\s*:\s*{_PAGES}\s*[,.]?\s*\(?{_YEAR}\)?"),
        # Nature 521 (7553), 436-444 (2015) / Nature 521(7553):436 (2015)
        ("volume (number), pages (year)", rf"{_JOURNAL}\s*,?\s*{_VOL}\s*\((?P<number>[\w-]+)\)\s*[,:]?\s*{_PAGES}\s*[,.]?\s*\({_YEAR}\)"),
        # ACM Trans. Graph. 41, 4, Article 102 (July 2022) / ACM Comput. Surv. 55, 12 (Dec 2023)
        ("volume, number, Article n (month year)", rf"{_JOURNAL}\s*{_VOL}\s*,\s*(?P<number>\d+)\s*,?\s*(?:article\s+(?:no\.\s*)?{_PAGES}\s*)?"
                                                   rf"\((?:[A-Za-z]+\.?\s+)(?:\d{{1,2}},?\s+)?{_YEAR}\)"),
        # Phys. Rev. Lett. 85, 5234 (2000) / Science 286, 509-512 (1999) / Phys. Rev. D 76, 013009 (2007)
        ("volume, pages (year)", rf"{_JOURNAL}\s*,?\s*{_VOL}\s*[,:]\s*(?:pp?\.\s*)?{_PAGES}\s*[,.]?\s*\({_YEAR}\)"),
        # Phys. Rev. D 76 (2007) 013008 / JHEP 05 (2008) 014 / Nucl. Phys. B 797 (2008) 1-45
        ("volume (year) pages", rf"{_JOURNAL}\s*,?\s*{_VOL}\s*\({_YEAR}\)\s*,?\s*(?:pp?\.\s*)?{_PAGES}"),
        # Astrophys.J.668:L135-L138,2007 / Nucl.Phys.B797:1-45,2008 / JHEP 0802:051,2008
        ("volume:pages,year", rf"{_JOURNAL}\s*{_VOL}\s*:\s*{_PAGES}\s*,\s*{_YEAR}"),
        # IEEE Trans. Inf. Theory, vol. 41, no. 3, pp. 1-10, 2019 (any of no./pp. may be missing)
        ("vol. no. pp. year", rf"{_JOURNAL}\s*,\s*vol(?:ume|\.)?\s*{_VOL}\s*(?:,\s*(?:no|num|issue)\.?\s*(?P<number>[\w-]+))?"
                              rf"\s*(?:,\s*(?:pp?\.|pages)\s*{_PAGES})?\s*[,.]?\s*\(?(?:[A-Za-z]+\.?\s+)?{_YEAR}\)?"),
        # Journal of Statistical Physics 189, 30 (2022) without parentheses: J 189, 30, 2022
        ("volume, pages, year", rf"{_JOURNAL}\s*,?\s*{_VOL}\s*,\s*(?:pp?\.\s*)?{_PAGES}\s*,\s*{_YEAR}"),
        # Proceedings of the 38th International Conference on Machine Learning, PMLR 139:1234-1245, 2021
        ("venue, series volume:pages, year", rf"(?P<journal>.+?)\s*,\s*(?P<series>[A-Z][A-Za-z]+)\s+{_VOL}\s*:\s*{_PAGES}\s*,\s*\(?{_YEAR}\)?"),
        # Proceedings of EMNLP 2019, pages 100-110 / Proc. of ICML, pp. 1-9, 2019
        ("venue year, pages", rf"(?P<journal>.+?)\s*,?\s*\(?{_YEAR}\)?\s*,\s*(?:pages|pp?\.)\s*{_PAGES}"),
        ("venue, pages, year", rf"(?P<journal>.+?)\s*,\s*(?:pages|pp?\.)\s*{_PAGES}\s*,\s*\(?{_YEAR}\)?"),
        # Advances in Neural Information Processing Systems 30 (NIPS 2017)
        ("venue volume (short year)", rf"(?P<journal>[^()\d][^()]*?)\s+{_VOL}\s*\((?P<short>[A-Za-z][\w-]*)\s*'?{_YEAR}\)"),
        # Annals of Statistics 2008, Vol. 36, No. 1, 1-30 (IMS journals)
        ("year, Vol. No. pages", rf"{_JOURNAL}\s*,?\s*{_YEAR}\s*,\s*vol\.?\s*{_VOL}\s*,\s*no\.?\s*(?P<number>[\w-]+)\s*,\s*(?:pp?\.?\s*)?{_PAGES}"),
        # Theory and Applications of Categories, Vol. 20, 2008, No. 7, pp 116-151
        ("Vol. year No. pp", rf"{_JOURNAL}\s*,\s*vol\.?\s*{_VOL}\s*,\s*{_YEAR}\s*,\s*no\.?\s*(?P<number>[\w-]+)\s*,\s*(?:pp?\.?\s*)?{_PAGES}"),
        # J. Stat. Mech. (2008) P02001
        ("(year) pages", rf"{_JOURNAL}\s*\({_YEAR}\)\s*{_PAGES}"),
        # Phys. Rev. B 99 (2019) / Nature 521 (2015)
        ("volume (year)", rf"{_JOURNAL}\s*,?\s*{_VOL}\s*\({_YEAR}\)"),
        # NeurIPS 2022 / IEEE TPAMI, 2019 / Proceedings of the 38th ICML (2021) / ICLR'21
        ("venue year", rf"(?P<journal>(?:[^()]|\([A-Za-z/&.\s-]+\))*?(?:[^\s,()]|\([A-Za-z/&.\s-]+\)))\s*[,.]?\s*\(?(?:\d{{1,2}}/)?{_YEAR}\)?"),
    )
)

_TWO_DIGIT_YEAR = re.compile(r"^(?P<journal>.*?\b(?:" + _ACRONYM.pattern[3:-3] + r"))\s*'(?P<yy>\d\d)$")
_SPIRES_DOTS = re.compile(r"\.(?=[A-Z])")


def _clean_venue(text: str) -> str:
    """The venue as printed, with SPIRES's glued abbreviations spaced (``Phys.Rev.Lett.`` -> ``Phys. Rev. Lett.``)."""
    text = _SPIRES_DOTS.sub(". ", text.strip().strip(",;:").strip())
    return " ".join(text.split())


def _pages(text: str | None) -> str | None:
    if not text:
        return None
    parts = re.split(r"\s*[-\u2013\u2014]+\s*", text.strip())
    return "--".join(parts) if len(parts) == 2 else text.strip()


def _is_conference(venue: str) -> bool:
    return bool(_CONFERENCE_WORDS.search(venue) or _ACRONYM.search(venue))


def parse_journal_ref(text: str) -> JournalRef | None:
    """The parts of an arXiv journal reference, or None for an empty one."""
    whole = " ".join((text or "").split()).strip().rstrip(".")
    if not whole:
        return None
    # "J 1, 2 (2000); Erratum: J 3, 4 (2001)": the first reference is the paper's.
    first, sep, rest = whole.partition(";")
    first = first.strip()
    stripped = _LEAD.sub("", first, count=1).strip()
    published = not _NOT_PUBLISHED.search(first)
    rest_text = rest.strip() or None if sep else None
    m2 = _TWO_DIGIT_YEAR.match(stripped)
    if m2:
        venue = _clean_venue(m2.group("journal"))
        return JournalRef(venue, year=f"20{m2.group('yy')}", conference=_is_conference(venue),
                          published=published, rest=rest_text)
    for _name, pattern in SHAPES:
        m = pattern.match(stripped)
        if not m:
            continue
        groups = m.groupdict()
        venue = _clean_venue(groups["journal"])
        if not venue or not re.search(r"[A-Za-z]", venue):
            continue
        return JournalRef(
            venue,
            volume=groups.get("volume"),
            number=groups.get("number"),
            pages=_pages(groups.get("pages")),
            year=groups.get("year"),
            series=groups.get("series"),
            conference=_is_conference(stripped),
            published=published,
            rest=rest_text,
        )
    years = re.findall(r"\b((?:19|20)\d\d)\b", stripped)
    return JournalRef(
        _clean_venue(stripped), year=years[-1] if len(set(years)) == 1 else None,
        conference=_is_conference(stripped), published=published, exact=False, rest=rest_text,
    )
