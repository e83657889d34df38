"""arXiv journal references (``Phys. Rev. Lett. 85, 5234 (2000)``, ``NeurIPS 2022``) as citation fields.

arXiv's ``journal_ref`` is free text typed by authors. :func:`parse_journal_ref` reads it
the way a reader does, in two steps:

1. the *venue* is the leading run of words (``Phys. Rev. D``, ``J. Phys. A: Math.
   Theor.``, ``Ann. of Math. (2)``, ``Proceedings of the 58th Annual Meeting of the
   ACL``); it ends at the first number, or at a label (``vol.``, ``no.``, ``pp.``);
2. the *tail* is read as a sequence of parts, each recognised by its own form
   (:data:`PARTS`): a date in parentheses, ``vol. 12``, ``no. 3``, ``pp. 1-10``,
   ``Article 102``, ``21(140)``, ``663:1149-1173``, a page count, an annotation such as
   ``(spotlight)``, and bare numbers. Bare numbers fill volume, number and pages in
   that order, after a bare year is taken out.

Whatever the tail holds that no part explains (a place, a publisher, editors, a second
venue) makes the reference *unsure*: ``exact`` is False, ``reason`` says why, and the
venue is the whole reference, so callers keep the text as written rather than a guess.
A reference that says the paper is only submitted or under review is no publication
(``published`` is False); "to appear in" is a publication to come (``forthcoming``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["JournalRef", "parse_journal_ref", "published_fields", "CONFERENCE_ACRONYMS", "PARTS", "PUBLISHED_FIELDS"]

#: Venue acronyms that name conferences (a journal reference made of one of these is a proceedings paper).
CONFERENCE_ACRONYMS = frozenset(
    """
    NeurIPS NIPS ICML ICLR COLT AISTATS UAI AAAI IJCAI KDD SIGKDD WSDM WWW TheWebConf SIGIR CIKM RecSys
    CVPR ICCV ECCV WACV BMVC ACCV MICCAI ACL EMNLP NAACL EACL COLING CoNLL AACL LREC INTERSPEECH ICASSP
    CoRL RSS ICRA IROS HRI CHI UIST CSCW SIGGRAPH STOC FOCS SODA ICALP PODC SPAA CCS USENIX NDSS
    ISIT ALT ITCS ECML PKDD ICDM SDM ICDE VLDB SIGMOD PODS OSDI SOSP NSDI EuroSys MLSys ICSE FSE ASE
    PLDI POPL OOPSLA ICFP CAV LICS DAC ISCA MICRO HPCA ASPLOS PMLR LNCS LIPIcs
    """.split()
)
_CONFERENCE_WORDS = re.compile(
    r"\b(?:proceedings?|conference|workshop|symposium|meeting|congress|colloquium"
    r"|advances\s+in\s+neural\s+information\s+processing|findings\s+of)\b|\b(?:proc|conf|symp)\.",
    re.IGNORECASE,
)
#: Journals whose names begin with "Proceedings".
_JOURNAL_PROCEEDINGS = re.compile(
    r"\bproc(?:eedings|\.)?\s+(?:of\s+(?:the\s+)?)?(?:r(?:oy(?:al)?)?\.?\s*soc|natl?\.?\s|national\s+acad|amer|am\.|"
    r"ieee\s*$|the\s+ieee\s*$|london|lond\.|camb|edinb|japan\s+acad|jpn\.?\s+acad|indian|steklov|"
    r"symposia\s+in\s+pure|estonian|romanian|ams\b|a\.m\.s)",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"(?<![\w-])(" + "|".join(sorted(CONFERENCE_ACRONYMS, key=len, reverse=True)) + r")(?![A-Za-z])")
#: Words before the venue that say where the paper appeared (dropped from the venue).
_LEAD = re.compile(
    r"^(?:(?:published|accepted|appeared|appears|to\s+appear|to\s+be\s+(?:published|presented)|presented|in\s+press|forthcoming)"
    r"(?:\s+for\s+publication)?(?:\s+(?:as\s+(?:an?\s+)?\w+\s+paper\s+)?(?:in|on|at|to|by|for))?"
    # "Revised version in Physics of Plasmas (2000)": which version appeared where, not part of the venue
    r"|(?:(?:a|the)\s+)?(?:revised|final|extended|updated|short(?:er|ened)?|longer|full|journal|published)\s+version"
    r"(?:\s+(?:is\s+|was\s+|has\s+been\s+)?(?:published|appeared|accepted|to\s+appear))?\s+(?:in|at)"
    r"|in(?!\s+(?:print|press)\b)|journal[-\s]ref)\s*:?\s+",  # "Journal-ref": arXiv's label pasted in
    re.IGNORECASE,
)
_TO_APPEAR = re.compile(r"^(?:to\s+appear|to\s+be\s+(?:published|presented)|accepted|forthcoming|in\s+press)\b", re.IGNORECASE)
#: Phrases that say the paper is not (yet) published.
_NOT_PUBLISHED = re.compile(r"\b(?:submitted|under\s+review|in\s+preparation|preprint)\b", re.IGNORECASE)
#: A thesis, habilitation or dissertation: a degree's work, not a journal's or a meeting's.
_THESIS = re.compile(r"\b(?:thesis|habilitation|dissertation|ph\.?\s?d\b|doctoral|master'?s\b|diploma)", re.IGNORECASE)
#: Words in a venue that say it names people or a publisher rather than a journal: not a venue to trust.
_NOT_A_VENUE = re.compile(r"(?-i:\bEds\b)|\b(?:edited\s+by|editors?\s*:|eds?\.(?=[\s),])|springer\b|elsevier\b|world\s+scientific\b"
                          r"|publishing\b|isbn\b|&\s*sons\b|ltd\b|gmbh\b)|\(eds?\.?\)", re.IGNORECASE)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall|winter)\.?")
_YEAR = r"(?:19|20)\d\d"
_NUM = r"(?:[A-Z]?\d+[A-Za-z]?|[IVXLC]+)"  # a volume or issue: 12, 12A, C31, VII
_PAGE = r"(?:\d{2,3}[A-Z]{1,2}\d{2,3}|[A-Za-z]{0,2}\d+[A-Za-z]?(?:\(R\))?)"  # 1020, L61, 01LT01 (IOP), 063E03 (PTEP)
_PAGES = rf"(?:{_PAGE}(?:\s*(?:-+|\u2013|\u2014)\s*{_PAGE})?)"

#: (name, pattern) of each part a tail can hold, tried in this order at each position.
PARTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
        # (2007), (April 1998), (12 October 2007), (May 21, 2016), (Feb. 2009), (12/2006), (18/10/2006)
        ("date", rf"[(\[]\s*(?:(?:\d{{1,2}}\s*[-/.]\s*)?\d{{1,2}}\s*[/.]\s*|(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+)?{_MONTH}\s+"
                 rf"(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?)?(?P<year>{_YEAR})\s*[)\]]"),
        ("month year", rf"(?:\d{{1,2}}\s+)?{_MONTH}\s+(?:\d{{1,2}}(?:\s*-\s*\d{{1,2}})?(?:st|nd|rd|th)?,?\s+)?(?P<year>{_YEAR})"
                       rf"(?=$|[\s,;:.)])"),
        ("year month", rf"(?P<year>{_YEAR})\s+{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?=$|[\s,;:.)])"),
        ("labelled year", rf"year\s*:?\s*(?P<year>{_YEAR})(?=$|[\s,;:.)])"),  # "Year 2015"
        ("month/year", rf"\d{{1,2}}\s*/\s*(?P<year>{_YEAR})(?=$|[\s,;:.)])"),
        ("month day", rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?=\s*[(\[])"),
        # "12 pages", "(9pp)", "16p"; not "2000 p. 148", where the number after "p." is the page
        ("count", r"[(\[]?\s*\d+\s*(?:pages?|pp\.?|p\.?)\s*[)\]]?(?=$|[\s,;.)\]])(?![.\s]*\d)"),
        ("issn", r"\(?(?:issn|isbn)\s*:?\s*[\dX-]{8,}\)?"),
        ("volume", rf"(?:vol(?:ume|s?\.)?|v\.|(?-i:v)(?=\d)|(?-i:v)\s(?=\d))\s*:?\s*(?P<volume>{_NUM}(?:-\d+)?)(?=$|[\s,;:.(])"),
        # no. 3, issues 3-4, n.1/2; not "n.4 - 2000", where the year follows the issue
        ("number", rf"(?:no|number|num|nr|issues?|iss|n)\s*\.?\s*(?P<number>\d+(?:\s*[-/]\s*\d{{1,3}}(?!\d))?[A-Za-z]?)(?=$|[\s,;:.(])"),
        ("pages", rf"\(?(?:pp\s*\.?|pg\s*\.?|p\s*\.|p(?=\s)|(?-i:p)(?=\d)|pages?)\s*:?\s*\(?(?P<pages>{_PAGES})\)?"),
        ("article", r"(?:(?:article|art\.)\s*(?:id\.?|no\.?|number|nr\.?)?|id\.)\s*:?\s*(?P<pages>[A-Za-z]*\d+(?:[\w.-]*\w)?)"),
        ("e-page", r"(?P<pages>[A-Za-z]?\d+)\s*-\s*\(\s*\d+\s*-\s*\d+\s*\)"),  # 073704-(1-4): an article and its page span
        # 21(140), 458 (3), 14 (4)
        ("volume(number)", rf"(?P<volume>{_NUM})\s*\((?!{_YEAR}\))(?P<number>\d{{1,4}}(?:\s*[-/&]\s*\d{{1,4}})?[A-Za-z]?)\)"),
        # 663:1149-1173, 474: 20170880, 0705:034
        ("volume:pages", rf"(?P<volume>{_NUM})\s*:\s*(?P<pages>{_PAGES})"),
        ("short year", rf"\((?P<short>[A-Za-z][\w-]*)\s*'?(?P<year>{_YEAR})\)"),  # (NIPS 2017)
        ("annotation", r"\((?:spotlight|oral|poster|short|long|full|invited|highlight|rapid\s+communications?|"
                       r"letters?|brief\s+reports?|comments?|R|accepted|in\s+press|to\s+appear|published|online|main\s+(?:track|conference)|"
                       r"findings|demo|open\s+access)[^()]*\)"),
        ("paren number", r"\((?P<number>\d{1,4}[A-Za-z]?(?:\s*&\s*\d{1,4})?)\)"),  # (3), (3&4)
        ("status", r"(?:in\s+press|in\s+print|sous\s+presse|to\s+appear|forthcoming|accepted|published|on\s*-?\s*line|"
                   r"advance\s+(?:article|online(?:\s+publication)?)|first\s*view(?:\s+article)?)\b"),
        ("bare", rf"(?P<bare>{_PAGES})(?=$|[\s,;:.(])"),
    )
)
_BIBCODE = re.compile(rf"^(?P<year>{_YEAR})(?P<journal>[A-Za-z&][A-Za-z&.]{{4}})(?P<volume>[\d.]{{4}})"
                      r"(?P<section>[A-Za-z.])(?P<page>[\d.]{4})[A-Z.]$")
#: Proceedings of Science: "PoS(ICHEP2016)087", "PoS LAT2007:052,2007", "Proceedings of Science (GRB 2012)040".
_POS = re.compile(rf"^(?:PoS|Proceedings\s+of\s+Science)\s*(?:\(\s*(?P<named>[A-Za-z][\w.-]*(?:\s[\w.-]+)?)\s*\)"
                  rf"|(?P<volume>[A-Za-z][\w-]*?))(?:\s*\(\s*(?P<paren_year>{_YEAR})\s*\))?\s*:?\s*(?P<pages>\d{{1,4}})(?:\s*,?\s*\(?(?P<year>{_YEAR})\)?)?$")
#: Proceedings series cited with a volume after the conference's name (``..., PMLR 139:1-10``).
_SERIES = frozenset({"PMLR", "LNCS", "LIPIcs", "CEUR", "JMLR", "EPTCS", "LNAI", "CCIS"})
_SEP = re.compile(r"[\s,;:.]+")
#: A link after the reference ("(http://pre.aps.org/...)", ". https://doi.org/10..."): it names no part.
_LINK = re.compile(r"[.,;]?\s*\(?\b(?:https?://|doi:\s*10\.)[^\s()]+(?:\([^\s()]*\)[^\s()]*)*\)?(?=$|[\s,;])", re.IGNORECASE)
_ANNOTATION = dict(PARTS)["annotation"]
_STATUS = dict(PARTS)["status"]
_TWO_DIGIT_YEAR = re.compile(r"^(?P<venue>.*?\b(?:" + "|".join(sorted(CONFERENCE_ACRONYMS, key=len, reverse=True))
                             + r"))\s*'(?P<yy>\d\d)$")
# SPIRES glues a journal's abbreviations and its volume: "Phys.Rev.D76:013009,2007".
_GLUED_VOLUME = re.compile(r"(?<=[A-Za-z]\.)(?=[A-Z]?\d)|(?<!\bid\.[A-Z])(?<=\.[A-Z])(?=\d)|(?<=[a-z]{4})(?=\d+:)"
                           r"|(?<=[a-z]\.)(?=(?:Vol|vol|No|pp)\b)")
# "Phys. Rev. B77, 075325": a series letter glued to the volume, before any other number.
_GLUED_SERIES = re.compile(r"^(?P<head>\D*?[a-z.]\s[A-Z])(?=\d{1,4}[,\s(:])")
_SPIRES_DOTS = re.compile(r"\.(?=[A-Z])")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_ORDINAL_INSIDE = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:vol(?:ume)?s?\b\.?:?|v\.\s*\d|v\d|(?-i:v)\s\d|year\s+(?:19|20)\d\d|no\.|nos?\s*\.?\s*\d|num\.|number\s+\d|issue\b|iss\.|pp?\.|pages?\b"
                    r"|art(?:icle)?\b|n\.\s*\d)",
                    re.IGNORECASE)
#: Initials and a surname followed by a comma or "and": authors written before the venue.
_AUTHORS = re.compile(r"(?:^|,\s*)(?:[A-Z]\.\s*(?:-?[A-Z]\.\s*)*)[A-Z][a-z]+(?:,|\s+and\b)|\bet\s+al\b|(?i:\bcollaborations?\b)"
                      r"|^[A-Z][a-z]+(?:-[A-Z][a-z]+)?,\s*(?:[A-Z]\.\s*-?)+,")  # "Kalvans, J., Shmeld, I., A&A"
_SERIES_PAREN = re.compile(r"^\(\d\)\s+(?:\d|vol)", re.IGNORECASE)  # "Ann. of Math. (2) 160": the journal's series
_WORDY_PAREN = re.compile(r"^\([A-Za-z][^()]*\)")
_DANGLING = re.compile(r"\s+(?:of|on|dated)$", re.IGNORECASE)
#: A quoted title before the venue (```Roentgenstrahlung from the Universe', MPE Report 263``): a book's or meeting's title.
_QUOTED_TITLE = re.compile(r"^[`'\"\u201c\u2018][^`'\"\u201d\u2019]+['\"\u201d\u2019]\s*,\s*\S")
#: Initials standing for a journal (``M.N.R.A.S.``).
_INITIALS = re.compile(r"^(?:[A-Z]\.\s*){3,}$")
#: "M. Hofmann et al., Eur. Phys. J. C 73:2618 (2013)": one author "et al." before the venue, dropped.
_ET_AL = re.compile(r"^(?:[A-Z][a-z]?\.\s*(?:-?[A-Z][a-z]?\.\s*)*)?[A-Z][^\s,]*(?:\s+[A-Z][^\s,]*)?\s+et\s+al\.?(?:\s*,\s*(?=\S)|\s+(?=(?:19|20)\d\d\s+[A-Za-z]))")
#: "J. Phys.: Conf. Ser.": a journal that prints proceedings; a year before it is the paper's, not the meeting's name.
_CONF_SERIES = re.compile(r"\bconf(?:erence|\.)?\s*ser(?:ies|\.)", re.IGNORECASE)
#: A page of one to four digits and a capital letter (``769C``): ADS's qualifier, or a typo, not a page to trust.
_LETTERED_PAGE = re.compile(r"\d{1,4}[A-Z]")
#: PubMed's (Vancouver) form: "eLife 2019;8:e12345", "Nature. 2015 May 28;521(7553):436-44".
_VANCOUVER = re.compile(rf"^(?P<venue>[A-Za-z][^;:\d]*?)\.?\s+(?P<year>{_YEAR})(?:\s+{_MONTH}(?:\s+\d{{1,2}})?)?\s*;\s*"
                        r"(?P<volume>\d+)(?:\s*\((?P<number>\d+(?:-\d+)?)\))?\s*:\s*"
                        r"(?P<first>[A-Za-z]?\d+)(?:\s*[-\u2013]\s*(?P<last>[A-Za-z]?\d+))?$", re.IGNORECASE)
#: SPIE's own citation form, "Proc. SPIE 9146, Optical and Infrared Interferometry IV, 914622 (2014)": the volume,
#: the meeting's title, the paper's number and the date (a paper number with a dash, "10708-92", is not read);
#: the title may stand first ("Proceedings of the SPIE, Advances in ... III, Vol. 9209, 92090E (2014)").
_SPIE = re.compile(rf"^(?P<venue>(?:Proc(?:eedings|\.)?\s+(?:of\s+(?:the\s+)?)?)?SPIE)\s*"
                   rf"(?:,\s*(?P<title_first>[A-Za-z][^()]*?)\s*,\s*(?=vol))?,?\s*(?:vol(?:ume|\.)?\s*)?"
                   rf"(?P<volume>\d{{3,5}})\s*,\s*(?:(?P<title>[A-Za-z][^()]*?)\s*,\s*)?(?P<pages>\d{{5,}}[A-Z0-9]*)"
                   rf"\s*\((?:[^()]*?\s)?(?P<year>{_YEAR})\)$", re.IGNORECASE)
#: "Proceedings of the 35th ICRC (ICRC2017), PoS(ICRC2017)854": the meeting's name, then its PoS reference.
_NAMED_POS = re.compile(r",\s*(?P<pos>PoS\s*\(.*)$")


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
    exact: bool = True  # False: the text could not be read with confidence; ``venue`` is the whole reference
    series: str | None = None  # a proceedings series named with its volume (``PMLR 139``)
    rest: str | None = None  # text after the first reference (an erratum, a second venue)
    reason: str | None = None  # why the reference was not read (when ``exact`` is False)
    forthcoming: bool = False  # "to appear in ...": accepted, not yet out


def _clean_venue(text: str) -> str:
    """The venue as printed, with SPIRES's glued abbreviations spaced (``Phys.Rev.Lett.`` -> ``Phys. Rev. Lett.``)."""
    text = _SPIRES_DOTS.sub(". ", text.strip().strip(",;:").strip())
    text = _DANGLING.sub("", text)  # "Science Express of 6 January 2011": the "of" belonged to the date
    return " ".join(text.split())


def _pages(text: str | None) -> str | None:
    if not text:
        return None
    parts = re.split(r"\s*(?:-+|\u2013|\u2014)\s*", text.strip())
    return "--".join(parts) if len(parts) == 2 else text.strip()


def _is_conference(venue: str) -> bool:
    if _JOURNAL_PROCEEDINGS.search(venue) and not re.search(r"\b(?:conference|workshop|symposium|meeting|congress)\b",
                                                            venue, re.IGNORECASE):
        return False  # PNAS, Proc. R. Soc. A, Proceedings of the IEEE: journals named "Proceedings"
    return bool(_CONFERENCE_WORDS.search(venue) or _ACRONYM.search(venue))


def _split_venue(text: str) -> tuple[str, str]:
    """The venue (leading words) and the tail (from the first number or label on)."""
    i = 0
    n = len(text)
    while i < n:
        rest = text[i:]
        if rest[0].isspace() or rest[0] in ",;:":
            i += 1
            continue
        if rest[0] == "(":
            if _SERIES_PAREN.match(rest):
                i += rest.index(")") + 1
                continue
            m = _WORDY_PAREN.match(rest)
            if m and not re.match(rf"^\(\s*(?:{_MONTH}|\d+\s+pages?)", rest, re.IGNORECASE) \
                    and not _ANNOTATION.match(rest) and not re.search(r"\d", m.group(0)[:2]):
                i += m.end()
                continue
            break
        token = re.match(r"[^\s,;(]+", rest)
        word = token.group(0) if token else rest[0]
        if _LABEL.match(rest) or (i > 0 and re.fullmatch(r"[A-Z]{1,2}\d{3,}", word)) \
                or (i > 0 and re.match(rf"(?:\d{{1,2}}\s+)?{_MONTH}\s+(?:\d{{1,2}}\D{{0,4}})?{_YEAR}", rest, re.IGNORECASE)) \
                or (i > 0 and text[:i].rstrip().endswith(",") and _STATUS.match(rest)):
            break  # a label, or an article number such as P04012
        if word[0].isdigit():
            if _ORDINAL.match(word):
                i += len(word)
                continue
            # A year inside a conference's name ("Proc. 2005 IEEE Pacific Rim ...") is part of it.
            after = text[i + len(word):]
            if re.fullmatch(_YEAR, word) and re.match(r"^\s+[A-Za-z]", after) and not _LABEL.match(after.lstrip()) \
                    and not re.match(r"^\s+(?:pages?|pp)\b", after, re.IGNORECASE) \
                    and _is_conference(text):
                i += len(word)
                continue
            break
        i += len(word)
    return text[:i].strip(), text[i:].strip()


def _read_tail(tail: str) -> tuple[dict[str, str], list[str], list[str], bool]:
    """The parts of a tail: labelled values, bare numbers in order, what was not understood, and a month seen."""
    found: dict[str, str] = {}
    bare: list[str] = []
    unknown: list[str] = []
    month = False
    colon_pages = False
    i = 0
    while i < len(tail):
        m = _SEP.match(tail, i)
        if m:
            i = m.end()
            continue
        for name, pattern in PARTS:
            m = pattern.match(tail, i)
            if not m:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v}
            if name == "short year":
                found["short name"] = groups["short"]
            if name in ("date", "short year", "month year", "month/year", "year month", "labelled year"):
                if "year" in found and found["year"] != groups["year"]:
                    unknown.append(m.group(0))
                found.setdefault("year", groups["year"])
                found.setdefault("bare before date", str(len(bare)))
                if name == "date":
                    found.setdefault("bare before paren date", str(len(bare)))
                month = month or bool(re.search(_MONTH, m.group(0), re.IGNORECASE))
            elif name == "bare":
                bare.append(groups["bare"])
                if "pages" in found:
                    found.setdefault("bare after pages", str(len(bare) - 1))
                if "number" in found:
                    found.setdefault("after number", groups["bare"])
                if "year" in found and len(bare) == 1:
                    found.setdefault("after date", groups["bare"])
            elif name not in ("count", "annotation", "status", "issn", "month day"):
                if name == "pages" and found.get("pages") and colon_pages and "number" not in found:
                    # "27:5, 1998, pp. 1457--1491": what followed the colon was the issue.
                    found["number"] = found.pop("pages")
                colon_pages = colon_pages or name == "volume:pages"
                if "volume" in groups:
                    found.setdefault("bare before volume", str(len(bare)))
                if name == "volume:pages":
                    found["colon"] = "1"
                for key, value in groups.items():
                    if key in found:
                        unknown.append(m.group(0))
                    found[key] = value
            i = m.end()
            break
        else:
            word = re.match(r"\S+", tail[i:])
            unknown.append(word.group(0) if word else tail[i])
            i += len(word.group(0)) if word else 1
    return found, bare, unknown, month


def _paged(text: str) -> bool:
    """True for what can only be pages: a range, or an article number with a letter (``L135``, ``P02001``)."""
    return bool(re.search(r"[-\u2013\u2014]|^[A-Za-z]|\d[A-Z]{1,2}\d", text))


def colon_number(found: dict[str, str], bare: list[str]) -> bool:
    """True when ``volume:x`` was followed by a page range, so ``x`` was the issue (``26:4, 289 - 299``)."""
    return ("pages" in found and "number" not in found and len(bare) == 1 and _paged(bare[0])
            and not _paged(found["pages"]) and found.get("colon") == "1")


def _page_range(text: str) -> bool:
    """True for a range that cannot be a double issue (``11-12`` is one; ``339-346`` and ``1-20`` are pages)."""
    m = re.fullmatch(r"(\d+)\s*[-/]\s*(\d+)", text.strip())
    return bool(m) and (int(m.group(1)) >= 100 or int(m.group(2)) - int(m.group(1)) > 3)


def _plausible_year(text: str) -> bool:
    return bool(re.fullmatch(_YEAR, text)) and 1900 <= int(text) <= 2040


def _unsure(whole: str, reason: str, published: bool, rest: str | None, forthcoming: bool) -> JournalRef:
    years = re.findall(rf"\b({_YEAR})\b", whole)
    return JournalRef(_clean_venue(whole), year=years[-1] if len(set(years)) == 1 else None,
                      conference=_is_conference(whole), published=published, exact=False, rest=rest,
                      reason=reason, forthcoming=forthcoming)


def _vancouver(m: re.Match[str], *, forthcoming: bool) -> JournalRef:
    """PubMed's "Venue Year;Volume(Issue):Pages", its last page shortened as PubMed prints it ("436-44" is 436--444)."""
    first, last = m.group("first"), m.group("last")
    if last and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return JournalRef(_clean_venue(m.group("venue")), volume=m.group("volume"), number=m.group("number"),
                      pages=f"{first}--{last}" if last else first, year=m.group("year"), forthcoming=forthcoming)


def parse_journal_ref(text: str) -> JournalRef | None:
    """The parts of an arXiv journal reference, or None for an empty one."""
    whole = " ".join((text or "").split()).strip().rstrip(".").strip()
    if not whole:
        return None
    vancouver = _VANCOUVER.match(_LEAD.sub("", whole, count=1).strip())
    if vancouver and not _NOT_PUBLISHED.search(whole):
        return _vancouver(vancouver, forthcoming=bool(_TO_APPEAR.match(whole)))
    # "J 1, 2 (2000); Erratum: J 3, 4 (2001)": the first reference is the paper's.
    first, sep, rest = whole.partition(";")
    first = first.strip().rstrip(".").strip()
    rest_text = (rest.strip() or None) if sep else None
    published = not _NOT_PUBLISHED.search(first)
    forthcoming = bool(_TO_APPEAR.match(first))
    stripped = _LEAD.sub("", first, count=1).strip()
    stripped = _ET_AL.sub("", stripped, count=1)
    if not published:
        return _unsure(stripped, "it says the paper is not published yet", False, rest_text, forthcoming)
    two = _TWO_DIGIT_YEAR.match(stripped)
    if two:
        venue = _clean_venue(two.group("venue"))
        return JournalRef(venue, year=f"20{two.group('yy')}", conference=True, rest=rest_text, forthcoming=forthcoming)
    bibcode = _BIBCODE.match(stripped)
    if bibcode:
        # An ADS bibcode (YYYYJJJJJVVVVMPPPPA): the journal, volume, letter section and page by position.
        page = bibcode.group("page").strip(".")
        section = bibcode.group("section").strip(".")
        return JournalRef(bibcode.group("journal").strip("."), volume=bibcode.group("volume").strip(".") or None,
                          pages=(section + page) if page else None, year=bibcode.group("year"), rest=rest_text)
    if rest_text and _NOT_A_VENUE.search(rest_text):
        # "Workshop, ASP Conf. Ser. Vol 366, 2007; Eds. A. Afonso, ..., p. 176": a chapter, its page with the editors
        return _unsure(stripped, "it names editors or a publisher, not only a venue", True, rest_text, forthcoming)
    quoted = _QUOTED_TITLE.match(stripped)
    if quoted:
        # '"Regular and Chaotic Dynamics", 2007, Vol. 12': a quoted name with nothing but parts after it is the venue
        close = quoted.end() - 1
        name_end = stripped.rindex(",", 0, close)
        after = stripped[name_end + 1:]
        found_after, _bare, unknown_after, _month = _read_tail(after)
        if not unknown_after and any(k in found_after for k in ("volume", "pages", "year")):
            stripped = stripped[1:name_end - 1].strip() + "," + after
            quoted = None
    if quoted:
        return _unsure(stripped, "it begins with a quoted title, not a venue", True, rest_text, forthcoming)
    named = _NAMED_POS.search(stripped)
    if named and _CONFERENCE_WORDS.search(stripped[: named.start()]) and _POS.match(named.group("pos")):
        stripped = named.group("pos")
    spie = _SPIE.match(stripped)
    if spie:
        return JournalRef(_clean_venue(spie.group("venue")), volume=spie.group("volume"), pages=spie.group("pages"),
                          year=spie.group("year"), conference=True, rest=rest_text, forthcoming=forthcoming)
    pos = _POS.match(stripped)
    if pos:
        # Proceedings of Science: "PoS(ICHEP2016)087", "PoS LAT2007:052,2007", the conference as its volume.
        volume = pos.group("named") or pos.group("volume")
        said = {y for y in (pos.group("paren_year"), pos.group("year")) if y}
        if len(said) > 1:
            return _unsure(stripped, f"{' and '.join(sorted(said))} could each be the year", True, rest_text, forthcoming)
        year = said.pop() if said else (volume[-4:] if re.search(rf"{_YEAR}$", volume) else None)
        return JournalRef("PoS", volume=volume, pages=pos.group("pages"), year=year, conference=True,
                          rest=rest_text, forthcoming=forthcoming)
    unlinked = _LINK.sub("", stripped).strip() or stripped  # before the glue is undone, which would split a link
    glued = _GLUED_SERIES.sub(r"\g<head> ", _GLUED_VOLUME.sub(" ", re.sub(r"^PoS(?=[A-Z])", "PoS ", re.sub(rf"^([A-Z]{{3,6}})(?!{_YEAR}\b)(?=\d+\s*[:(])", r"\1 ", unlinked))))
    lead_year = None
    m = re.match(rf"^({_YEAR}),?\s+(?=[A-Za-z])", glued)
    if m:
        lead_year = m.group(1)
        if not _is_conference(glued) or _CONF_SERIES.search(glued):
            glued = glued[m.end():]  # "2009 Chinese Phys. B 18 506-515": the year, then the journal
    venue_text, tail = _split_venue(glued)
    venue = _clean_venue(venue_text)
    if not venue or not (re.search(r"[A-Za-z]{2}|[A-Z]&[A-Z]", venue) or _INITIALS.match(venue)) or _STATUS.fullmatch(venue):
        return _unsure(stripped, "no journal or conference name before the numbers", True, rest_text, forthcoming)
    if _THESIS.search(venue):
        return _unsure(stripped, f"{venue!r} names a thesis, not a journal", True, rest_text, forthcoming)
    if _AUTHORS.search(venue):
        return _unsure(stripped, "it names authors before the venue", True, rest_text, forthcoming)
    if _NOT_A_VENUE.search(venue):
        return _unsure(stripped, "it names editors or a publisher, not only a venue", True, rest_text, forthcoming)
    if venue.count('"') % 2:
        return _unsure(stripped, f"an unclosed quotation mark in {venue!r} (a title?)", True, rest_text, forthcoming)
    if re.search(r"\d", re.sub(rf"\b\d+(?:st|nd|rd|th)\b|\(\d\)|\b{_YEAR}\b|'\d\d\b|\b\d+-[A-Za-z]", "", venue)):
        return _unsure(stripped, f"numbers inside the name {venue!r}", True, rest_text, forthcoming)
    if _is_conference(venue) and "," in venue and not all(
            _CONFERENCE_WORDS.search(part) or re.match(r"\s*(?:vol|part|series)\b", part, re.IGNORECASE)
            or part.strip() in _SERIES
            for part in venue.split(",")[1:]):
        return _unsure(stripped, f"{venue!r} names more than the conference (a place?)", True, rest_text, forthcoming)
    if not _is_conference(venue):
        if _ORDINAL_INSIDE.search(venue):
            # "Nature, Febuary 16th": a journal's name has no ordinal; a date (misspelt) or an edition ran into it
            return _unsure(stripped, f"{venue!r} holds an ordinal, which a journal's name does not", True,
                           rest_text, forthcoming)
        if len(venue.split()) > 11:
            return _unsure(stripped, "too long for a journal's name (a title or authors before it?)", True,
                           rest_text, forthcoming)
        if "," in venue and (len(venue.rsplit(",", 1)[1].split()) > 3
                             or re.search(r",\s*(?:rapid|brief|letters?\b|comments?\b)", venue, re.IGNORECASE)):
            return _unsure(stripped, f"{venue!r} holds more than a journal's name", True, rest_text, forthcoming)
    found, bare, unknown, month = _read_tail(tail)
    if unknown:
        return _unsure(stripped, f"{' '.join(unknown)!r} is not a volume, issue, page or year", True,
                       rest_text, forthcoming)
    series = None
    # "Proceedings of ..., PMLR 139:1234-1245, 2021": a series with its volume ends the venue.
    sm = re.match(r"^(?P<venue>.+?),\s*(?P<series>[A-Z][A-Za-z]+)$", venue)
    if sm and sm.group("series") in _SERIES and "volume" in found:
        venue, series = sm.group("venue"), sm.group("series")
    year = found.get("year")
    date_year = year
    # Where bare numbers stood against the labelled parts (indexes into ``bare``, kept right as a year leaves it).
    before_volume = int(found.get("bare before volume", 0))
    after_pages = int(found.get("bare after pages", len(bare)))
    year_first = False  # MDPI's "Galaxies 2018, 6, 3": the year, the volume, the article
    if year is None:
        years = [i for i, b in enumerate(bare) if _plausible_year(b)]
        if len(years) > 1 and years[0] == 0 and found.get("bare before volume") == "1":
            years = [0]  # "Sensors 2023, 23(4), 1945": MDPI's form, the year before volume(issue), then the page
        if len(years) > 1:
            return _unsure(stripped, f"{' and '.join(bare[i] for i in years)} could each be the year",
                           True, rest_text, forthcoming)
        if years:
            year_first = years[0] == 0 and len(bare) == 3 and bool(
                re.search(rf"(?<![\w.]){bare[0]}\s*,\s*{re.escape(bare[1])}\s*,\s*{re.escape(bare[2])}(?![\w.])", tail))
            year = bare.pop(years[0])
            before_volume -= years[0] < before_volume
            after_pages -= years[0] < after_pages
        else:
            year = lead_year
    # "Advances in Neural Information Processing Systems 30 (NIPS 2017)": a year in a short name.
    if year is None:
        inner = re.search(rf"\(([A-Za-z][\w-]*)\s*'?({_YEAR})\)\s*$", venue)
        if inner:
            year, short_name = inner.group(2), inner.group(1)
            venue = _clean_venue(venue[: inner.start()])
    if colon_number(found, bare):
        found["number"] = found.pop("pages")  # "26:4, 289 - 299": after the colon came the issue
    found.pop("colon", None)
    before_date = found.pop("bare before date", None)
    before_paren_date = found.pop("bare before paren date", None)
    found.pop("bare before volume", None)
    found.pop("bare after pages", None)
    after_number = found.pop("after number", None)
    after_date = found.pop("after date", None)
    if "number" in found and "pages" not in found and _paged(found["number"]) and _page_range(found["number"]):
        found["pages"] = found.pop("number")  # "469(339-346)": a page range in the parentheses, not an issue
    short_name = found.pop("short name", None)
    if year is None:
        inside = set(re.findall(rf"\b({_YEAR})\b", venue))
        year = inside.pop() if len(inside) == 1 else None
    if year is None and found.get("volume") and _plausible_year(found["volume"]) and "number" in found:
        year = found["volume"]  # "JHEP 2016(11)": the year is the volume, the month the issue
    free = [slot for slot in ("volume", "number", "pages") if slot not in found]
    if year is not None and year in bare and found.get("year") == year and len(bare) > len(free):
        bare.remove(year)  # the year said twice ("June 1998, pp. 6-15 (1998)")
    if len(bare) > len(free):
        return _unsure(stripped, f"too many numbers ({', '.join(bare)}) to tell volume, issue and pages apart",
                       True, rest_text, forthcoming)
    if bare:
        if len(bare) == len(free):
            slots = free
        elif free == ["volume", "number", "pages"] and len(bare) == 2 and not month and before_date != "1" \
                and re.fullmatch(r"\d", bare[1]) and not year_first:
            # "Classical and Quantum Gravity 35 3 (2018)": a one-digit number after the volume is the issue as often as the page
            # (and a comma settles nothing: "ApJ, 770, 5 (2013)" is a page, "Rev. Mex. Fis. E, 17, 2 (2020)" an issue)
            return _unsure(stripped, f"{bare[1]!r} could be the issue or the page", True, rest_text, forthcoming)
        elif free == ["volume", "number", "pages"] and len(bare) == 2:
            # "ACM Comput. Surv. 55, 12 (Dec 2023)": ACM's form is volume, issue (month year).
            if month and not _paged(bare[1]) and len(bare[1]) <= 2:
                # ACM's "55, 12 (Dec 2023)" is volume and issue, ApJ's "743, 62 (Nov. 2011)" volume and page
                return _unsure(stripped, f"{bare[1]!r} could be the issue or the page", True, rest_text, forthcoming)
            slots = ["volume", "pages"]
        elif len(bare) == 1:
            if _paged(bare[0]) or ("volume" not in free and "pages" in free) or after_number == bare[0] \
                    or (after_date == bare[0] and "pages" in free):
                # "J. Stat. Mech. (2008) P02001", "A&A (2016) 30159": a lone number after the date is the page
                # "JCAP (2018) no.07, 009": a lone number after a labelled issue is the page
                # "vol 104, 073536 (2008)": after a labelled volume, a lone number is the page
                if "pages" not in free:
                    return _unsure(stripped, f"{bare[0]!r} looks like pages, but the pages are already given",
                                   True, rest_text, forthcoming)
                if "volume" in free and re.fullmatch(r"\d+\s*(?:-+|\u2013|\u2014)\s*\d+", bare[0]):
                    # "Eur. Phys. J. C (2016) 76-426": with no volume anywhere, the "range" may be the volume and the article
                    return _unsure(stripped, f"{bare[0]!r} could be pages, or a volume and an article (no volume is given)",
                                   True, rest_text, forthcoming)
                slots = ["pages"]
            elif free == ["volume", "number", "pages"] and before_paren_date == "1" and after_date is None \
                    and re.fullmatch(r"[1-9]\d{0,3}", bare[0]):
                # "J. Geophys. Res. Atmos., 123 (2018)": the number before the (year) is the volume
                # (not "Advances in High Energy Physics, 530895 (2013)": six digits are an article's)
                slots = ["volume"]
            elif free == ["volume", "number", "pages"] and not month and not short_name and not _is_conference(venue):
                # "Experimental Astronomy, 1, 2017": one unlabelled number could be the volume, issue or page
                return _unsure(stripped, f"{bare[0]!r} alone could be the volume, the issue or the page",
                               True, rest_text, forthcoming)
            else:
                slots = [free[0]]
        else:
            slots = [s for s in free if s != "number"]
        for at, (slot, value) in enumerate(zip(slots, bare)):
            found[slot] = value
            if slot == "number" and value != year and (at < before_volume or at >= after_pages):
                # "2009, 47, 481:522" (the volume first), "pp 11 14" (a page range without its dash)
                return _unsure(stripped, f"{value!r} stands {'before the volume' if at < before_volume else 'after the pages'}"
                               ", where no issue does", True, rest_text, forthcoming)
            if slot == "volume" and date_year and value == date_year and "number" in slots:
                # "Astroparticle Physics 2015, 61 (2015) 32-40": the year said again, or a volume named by its year?
                # (Hindawi's "2013 (2013), Article ID 293986" names the volume by its year: nothing else could be it.)
                return _unsure(stripped, f"{value} could be the volume or the year said again", True,
                               rest_text, forthcoming)
            if slot == "volume" and after_date == value and re.match(r"1\s*[-\u2013]", found.get("pages", "")):
                # "EPL (2008) 64002 p1-5": an article number and its page span, not a volume
                return _unsure(stripped, f"{value!r} could be an article number (the pages given run from 1)", True,
                               rest_text, forthcoming)
        if "number" in slots and (_paged(found["number"]) or _page_range(found["number"])):
            # "700, 1-20, 1", "555, A29 (2013) 1-5": pages (a range, an article number) where the issue would be
            return _unsure(stripped, f"{found['number']!r} looks like pages, but stands where the issue would",
                           True, rest_text, forthcoming)
        if "number" in slots and "pages" in slots and found["number"].isdigit() and found["pages"].isdigit() \
                and len(found["number"]) >= 2 and 0 < int(found["pages"]) - int(found["number"]) <= 300:
            # "MNRAS (2012) 425 1709 1717", "133, 2015, 137 145": a page range that lost its dash, not an issue and a page
            return _unsure(stripped, f"{found['number']} {found['pages']} could be a page range without its dash",
                           True, rest_text, forthcoming)
        if "number" in slots and _plausible_year(found.get("number", "")):
            # "PMC Physics A 2007, 1:3 (2 October 2007)": the year said again is not an issue;
            # "Vol. 8, 2007(2009)": a second year is not one either, and which is the paper's is unsure.
            if found["number"] != year:
                return _unsure(stripped, f"{found['number']} and {year} could each be the year", True,
                               rest_text, forthcoming)
            del found["number"]
    if re.fullmatch(r"\d{6,}|0\d{4,}", found.get("volume") or "") or re.fullmatch(r"\d{5,}|0\d{2,}", found.get("number") or ""):
        # "Classical and Quantum Gravity 125009, 30 (2013)", "Physical Review D 77, 023002 (2008) 11": an article
        # number (six digits, a leading zero) stands where a volume or an issue would
        slot = "volume" if re.fullmatch(r"\d{6,}|0\d{4,}", found.get("volume") or "") else "issue"
        return _unsure(stripped, f"{found['volume' if slot == 'volume' else 'number']!r} looks like an article number, "
                       f"not the {slot}", True, rest_text, forthcoming)
    for slot in ("volume", "number", "pages"):
        if re.fullmatch(r"0+", found.get(slot, "")):
            del found[slot]  # "Int. J. Mod. Phys. D 0, 1741019", "(2013) 000": a stand-in for a number not yet given
    named_years = set(re.findall(rf"\b({_YEAR})\b", venue))
    if year and named_years and year not in named_years:
        # "Proceedings of Science 2014 PoS (LCDU 2013)001": which year is the paper's?
        return _unsure(stripped, f"the name holds {', '.join(sorted(named_years))}, the reference {year}", True,
                       rest_text, forthcoming)
    if year is None and _plausible_year(found.get("pages") or ""):
        # "Phys.Rev.D87,083502:2013": the year where the pages would be
        return _unsure(stripped, f"{found['pages']} stands where the pages would, but could be the year", True,
                       rest_text, forthcoming)
    for slot in ("volume", "pages"):
        ends = re.fullmatch(r"(\w+?)\s*(?:-+|\u2013|\u2014)\s*(\w+)", found.get(slot) or "")
        if ends and ends.group(1)[:1].isdigit() and ends.group(2).isdigit() and not ends.group(1).isdigit() \
                and len(ends.group(2)) < len(ends.group(1)):
            # SPIE's "107010T-1": the paper and its first page, not a range
            return _unsure(stripped, f"{slot} {found[slot]!r} is no range (a paper and its page?)", True,
                           rest_text, forthcoming)
        if slot == "volume" and ends and ends.group(1).isdigit() and ends.group(2).isdigit() \
                and int(ends.group(2)) < int(ends.group(1)):
            # "vol. 6686-32": SPIE's volume and paper number, not a double volume (265-266)
            return _unsure(stripped, f"volume {found[slot]!r} ends before it begins (a volume and a paper?)", True,
                           rest_text, forthcoming)
    backwards = re.fullmatch(r"(\d+)\s*(?:-+|\u2013|\u2014)\s*(\d+)", found.get("pages") or "")
    if backwards and int(backwards.group(2)) < int(backwards.group(1)):
        first, last = backwards.groups()
        whole_last = first[: len(first) - len(last)] + last
        if "volume" in found and len(first) <= 4 and len(last) < len(first) and int(whole_last) > int(first):
            # "Eur. Phys. J. H. 38, 262-78 (2013)": after its volume, a range shortened as printers shorten it
            found["pages"] = f"{first}-{whole_last}"
            backwards = None
    if backwards and int(backwards.group(2)) < int(backwards.group(1)):
        # "436-44" shortens 436-444, but SPIE's "10702-99" is a volume and a paper: which, the text cannot say
        return _unsure(stripped, f"pages {found['pages']!r} end before they begin (a shortened range, or a paper number?)",
                       True, rest_text, forthcoming)
    if found.get("pages") and _LETTERED_PAGE.fullmatch(found["pages"]):
        return _unsure(stripped, f"page {found['pages']!r} ends in a letter that no page has", True, rest_text, forthcoming)
    if year is None and not ("volume" in found or "pages" in found or forthcoming):
        return _unsure(stripped, "no year, volume or pages", True, rest_text, forthcoming)
    # "Advances in ... 30 (NIPS 2017)": the short name in parentheses names the conference.
    conference = _is_conference(venue) or bool(short_name and _ACRONYM.search(short_name))
    return JournalRef(
        venue, volume=found.get("volume"), number=found.get("number"), pages=_pages(found.get("pages")),
        year=year, conference=conference, series=series, rest=rest_text, forthcoming=forthcoming,
    )


#: The one mapping from a reference's parts to the entry's CSL-named fields; every writer
#: (BibTeX, BibLaTeX, CSL-JSON, styles) reads them from the entry, so all agree on the type.
PUBLISHED_FIELDS: tuple[tuple[str, str], ...] = (
    ("container_title", "venue"), ("volume", "volume"), ("issue", "number"), ("page", "pages"),
)


def published_fields(ref: JournalRef | None) -> dict[str, str] | None:
    """The entry fields a reference read with confidence gives (``type``, ``container_title``, ...,
    ``year``), or None when it was not read with confidence or names no publication."""
    if ref is None or not ref.exact or not ref.published or not ref.venue:
        return None
    out = {"type": "paper-conference" if ref.conference else "article-journal"}
    for field_name, part in PUBLISHED_FIELDS:
        value = getattr(ref, part)
        if value:
            out[field_name] = value
    if ref.year:
        out["year"] = ref.year
    return out
