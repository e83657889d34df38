"""Reading one printed reference or author list: the parsing every listing reader shares.

A reference in any common style (APA, Chicago, MLA, IEEE, Vancouver, Nature, Harvard,
ACM, a numbered ``[n]`` list, a CV line) is read into authors, title, venue, year,
volume, issue, pages and ids by finding its anchors in turn:

1. the ids (:func:`citekit.ids.find_ids`) and the year;
2. the title: a quoted title (IEEE, Chicago, MLA), else the sentence after the year that
   follows the authors (APA, Harvard, author-year), else the sentence after the author
   list (Vancouver, Nature, ACM, numbered lists);
3. the authors: the text before the title (or the year), split by
   :func:`parse_authors`, which knows every initials convention, particles, double
   surnames, and ``and``/``&``/``·``/``|``/``;`` separators and marks ``et al.``,
   ``…`` and ``+5 authors`` as truncation;
4. the venue, volume, issue and pages from what follows the title.

:func:`parse_reference` returns None when it cannot find a title and either authors or a
year: the caller reports such a line instead of making a half-record.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import re
from dataclasses import dataclass, field

from ..ids import FoundId, find_ids
from ..model import Name
from ..particles import PARTICLES
from ._quotes import quoted_title  # a quoted title by its own kind of quote (a linear scan)
from ._text import is_abstract_like

__all__ = ["Reference", "clean_markdown", "parse_reference", "parse_authors", "split_name", "strip_label", "list_label", "AFFILIATION", "HONORIFIC", "MD_ESCAPE", "SITE_BUTTONS", "TRUNCATION", "YEAR", "unbutton"]

#: The longest text read as one reference (the longest real ones, with 50 authors, stay well below).
MAX_REFERENCE = 3000
#: A year a reference can state (a four-digit year, 1500-2099, with an optional letter: 2019a).
YEAR = re.compile(r"(?<![\w./-])(1[5-9]\d\d|20[0-3]\d)(?:[a-rt-z](?![a-z]))?(?![a-z0-9_/-]|\.\d)")  # "2017Advances": run together
#: "et al.", "…", "...", "+5 authors", "(6 additional authors not shown)", "and others".
TRUNCATION = re.compile(
    # (in other languages: Finnish "ym.", Swedish "m.fl.", German "u. a.", Polish "i in.", Russian "и др.")
    r"(?:,?\s*(?:et\s*al\.?|(?<=\s)ym\.?(?=\s|$)|m\.\s?fl\.|u\.\s?a\.(?=\s|$)|i\s+in\.|и\s+др\.|and\s+others|\.\.\.|…|\+\s*\d+\s+(?:more\s+)?authors?|"
    r"\(?\d+\s+(?:additional|more)\s+authors?(?:\s+not\s+shown)?\)?))",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^\s*(?:\[\^[\w-]{1,12}\]:|#\.(?=\s)|\*(?=\d{1,4}\.\s)|\[(?:[A-Za-z]{0,3}\d{1,4}|[A-Z]{1,5}-\d{1,4}|[A-Z][A-Za-z+]{0,12}\s?\d{2,4}[a-z]?|(?!(?:PDF|HTML|DOC|BOOK|CITATION|DOI|PPT|PS|XML|TXT)\])[A-Z][A-Za-z]{1,5}(?=\]\s+[A-Z\u00C0-\u024F]))\]|\(\d{1,3}\)|\d{1,4}\.(?=\s)|\d{1,4}\)(?=\s)|\d{1,3}\s+(?=[A-Z][\w'’-]+,)"
    # (a shorthand label, "[KpV] I. Kant", is one too: not a site's "[PDF]" tag)
    # "5.Fu A, Yao B" (PubMed Central's pages glue the number to the first word): a capitalised word and a space or comma
    r"|\d{1,3}\.(?=[A-Z\u00C0-\u024F][\w'’‐-]*[\s,])"
    r"|[•■▪◦●►▸\-*–>]\s)\s*"  # (">": a Markdown blockquote, each reference one, its wrapped lines lazily continued)
)
_PARTICLES = PARTICLES
# A reference list's line opened by an inverted name and initials ("Scott, B. H., ...", "van Schijndel, M.", "Tagamets, M.-A.")
INVERTED_HEAD = re.compile(r"^(?:[a-z]{1,3}\s)?[A-Z][\w'’\-]+(?:[\s-][A-Z][\w'’\-]+)?,\s(?:[A-Z]\.\s?-?){1,3}(?:,|\s|$)")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Capital letters of the Latin, Greek and Cyrillic alphabets: initials in any of them ("В.А.", "Ø", "Φ.")
_CAPS = "A-Z\u00C0-\u00D6\u00D8-\u00DE\u0391-\u03A9\u0401\u0410-\u042F"
_INITIALS = re.compile(rf"^(?:[{_CAPS}][a-z]?\.\s?[-‐]?\s?){{1,4}}[{_CAPS}]?$")
_INITIALS_COMPACT = re.compile(rf"^[{_CAPS}](?:-?[{_CAPS}]){{0,2}}$")  # "SH", "C-W", "Ø"
_MD = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}")
_SENTENCE = re.compile(r"(?<=[A-Za-z0-9\u0430-\u044F+][A-Za-z0-9\u0430-\u044F)\]’'\"”?!+])(?<!\bSt)(?<!\bMt)(?<!\bFt)(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bvs)"
                       r"(?<!\bJr)(?<!\bSr)[.?!](?!\s+Part\s+(?:[IVX]+|\d{1,2})\b)(?=\s+(?:[\"“(\[]|[\"“]\s)?[A-Z0-9\u0410-\u042F]|\s*$)|(?<=[a-z0-9])[.?!](?=\s+(?:In|arXiv|arxiv|Available|Retrieved)\b)"
                       r"|(?<=[a-z)])[.?!](?=\s+[a-z]{1,4}[A-Z][A-Za-z]+\b)"  # "... connectomics. eLife 2015", ". bioRxiv", ". iScience"
                       r"|(?<=[a-z)])\.(?=\s+[_*]?(?:npj|eLife|iScience|mBio|mSystems|eNeuro|bioRxiv|medRxiv|arXiv)\s)"  # ". npj Quantum Inf."
                       r"|(?<=[a-z0-9)])\.(?=\s+https?://)"
                       r"|(?<=[a-z0-9)])\.(?=\s+(?:figshare|bioRxiv|medRxiv|arXiv|preprint|in press)\b)"  # ". figshare preprint"
                       r"|(?<=[a-z0-9)?!])\.(?=\s+\[(?:[Oo]nline|Internet|[Ee]lectronic)\])"  # Harvard: "Title. [online] Medium."
                       r"|(?<=[a-z0-9)])\.(?=\s+[\u4e00-\u9fff])"
                       r"|(?<=[\u4e00-\u9fff])\.(?=\s+[\u4e00-\u9fffA-Z])")  # "... scenarios. 網際網路技術學刊, 21(5)": a journal in Chinese  # "Introducing GPT-5. https://openai.com/...": the link is no title
_BUTTONS = re.compile(
    r"(?:(?<!\s)\s+)?\((?:(?:abstract|full|text|in|and|pdf|postscript|ps|html|slides|code|bibtex|bib|video|link|links|paper|preprint|"
    r"project|page|poster|talk|data|arxiv|doi)[\s,;|]*)+\)", re.I)
# What names a place of work, not a person: an author line or a title holding it is an affiliation.
AFFILIATION = re.compile(
    r"\b(?:University|Universit[éäà]t?|Universidad|Università|Institute|Institut|College|Laborator(?:y|ies)|Department|"
    r"School of|Inc\.?|Ltd\.?|Corporation|Centre|Center for|Academy of|Hospital|Polytechnic)(?![\w-])")
# A person's title before a name ("Dr. Chenyuan Zhang" heading a committee entry): a person, not a paper.
HONORIFIC = re.compile(r"^(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+[A-Z]")
# The link buttons a publisher's or PubMed Central's page prints after each reference: "[DOI] [PMC free article] [PubMed]".
# (?:(?<!\s)\s+)?: a run of spaces is tried once from its start, not from each of its spaces (linear on long runs).
SITE_BUTTONS = re.compile(
    r"(?:(?<!\s)\s+)?\[(?:DOI|PMC free article|PubMed|Google Scholar|Cross[Rr]ef|Web of Science\s?®?|Scopus|Ref list|Medline|MEDLINE|CAS|"
    r"ADS|Article|Full Text|Free Full Text|Abstract|PDF|Link|Green Version|Europe PMC|PMC)\]")
# The same buttons without brackets, as a page's text copies them: ScienceDirect's "View PDF View article View in Scopus
# Google Scholar", PLOS's "View Article PubMed/NCBI Google Scholar", PNAS's and Springer's glued to the reference and to
# each other ("(2014).CrossRefPubMedGoogle Scholar"); the run ends the reference (a line's end or the next label follows).
BARE_BUTTONS = re.compile(
    r"(?:(?<!\s)\s+|^|(?<=[.)\d]))(?:(?:View PDF|View [Aa]rticle|View in Scopus|View Record in Scopus|View Abstract|Cross[Rr]ef|PubMed/NCBI|PubMed Central|"
    r"PubMed|Article|CAS|ADS|MathSciNet|zbMATH|MATH|Show in Context|Web of Science\s?®?|Abstract/FREE Full Text|FREE Full Text|Abstract|"
    r"Download PDF|Medline)\s*)*Google Scholar(?=\s*(?:$|\d{1,4}\.\s|\[\d))")
_TAG = re.compile(r"</?[a-zA-Z][^>]{0,40}>")
_BUTTON_LINK = re.compile(r"\[(?:DOI|PubMed|Google Scholar|Link|PDF|Full Text|Article|link|pdf|doi)\]\((\S+?)\)")


def unbutton(text: str, gap: str = "") -> str:
    """``text`` without a site's buttons (``[DOI] [PubMed]``); a button's link keeps its URL apart from the text before
    it ("doi:10.1093/jas/skab346 [Link](https://...)": the DOI does not run into the URL)."""
    if "[" not in text:
        return text
    return SITE_BUTTONS.sub(gap, _BUTTON_LINK.sub(r" \1 ", text))
_IN_VENUE = re.compile(r"^(?:In:?\s+|in\s+)", re.I)
_VOL = re.compile(
    r"(?:vol(?:ume)?\.?\s*(?P<v1>\d+)(?:\s*,?\s*(?:no|issue|nr)\.?\s*(?P<i1>\d+))?)"
    r"|(?<![\w.])(?P<v2>\d{1,4})\s*\((?P<i2>[\w\-–/ ]{1,12})\)"
    r"|(?<![\w.])(?P<v3>\d{1,4})\s*:\s*(?=\d)",
    re.I,
)
_PAGES = re.compile(r"(?:pp?\.\s*)?(?<![\w.])(?P<p>[A-Z]?\d{1,6}\s*[-–—]+\s*[A-Z]?\d{1,6})(?![\w.]\d)|pp?\.\s*(?P<q>\d{1,6})", re.I)


@dataclass(slots=True)
class Reference:
    """What one reference says: every part it was found to state (None where it states none)."""

    title: str | None = None
    authors: list[Name] = field(default_factory=list)
    truncated: bool = False
    year: int | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    ids: list[FoundId] = field(default_factory=list)
    how: str = ""


def strip_label(text: str) -> tuple[str, str | None]:
    """(``text`` without a leading list label, the label) for ``[12]``, ``12.``, ``[C3]``, ``[BAD10]``, bullets.

    A number after a bullet is the label (``- [1] A. Author``, as PDF-to-Markdown converters print lists).
    """
    m = _LABEL.match(text)
    if not m:
        return text, None
    rest, label = text[m.end():], m.group(0).strip()
    if label in _BULLETS and (inner := _LABEL.match(rest)) and inner.group(0).strip() not in _BULLETS:
        return rest[inner.end():], inner.group(0).strip()
    return rest, label


_BULLETS = frozenset("•■▪◦●►▸-*–")
# Markdown's backslash escapes ("\[14\]", "2022\.", "April 26 \- May 6"): the character itself.
MD_ESCAPE = re.compile(r"\\([\[\]().\-*_`#!+{}<>|])")


def list_label(text: str) -> str | None:
    """The label that opens a list line once HTML anchors (``<span id="page-11-3"></span>``) are dropped."""
    return strip_label(_TAG.sub("", text))[1]


def _clean_markdown(text: str) -> str:
    """``text`` with Markdown links reduced to their text and emphasis marks dropped."""
    return _MD.sub(lambda m: m.group(1) if m.group(1) is not None else "", text)


clean_markdown = _clean_markdown  # the readers of pages share it: one rule for what Markdown marks are


def split_name(text: str) -> Name | None:
    """One person's name in any order: ``Family, G.``, ``G. Family``, ``Family GH``, ``Given de Family``."""
    text = text.strip(" ,;.") if not text.rstrip().endswith(".") or len(text.split()[-1]) > 2 else text.strip(" ,;")
    text = text.strip()
    if not text or len(text) > 80 or not any(c.isalpha() for c in text):
        return None
    if _ORGANISATION.search(text) and "," not in text and not re.fullmatch(r"\S+ AG", text):
        # "Docker Inc.", "Genomic Standards Consortium": a body, not a person ("Elefanty AG" is Vancouver's initials)
        return Name(literal=text.strip(" ."))
    if "," in text:
        family, _, given = (p.strip() for p in text.partition(","))
        suffix = None
        if len(family.split()) > 1 and family.split()[-1].lower().rstrip(".") in {"jr", "sr", "ii", "iii", "iv"}:
            family, suffix = family.rsplit(None, 1)  # "Van Trieste III, G. P.": the suffix printed before the comma
        if given.lower().rstrip(".") in {"jr", "sr", "ii", "iii", "iv"} and suffix is None:
            suffix, given = given, ""
            if len(family.split()) > 1 and _INITIALS_COMPACT.match(family.split()[-1].rstrip(".")):
                family, given = family.rsplit(None, 1)  # "Riekkinen P., Jr." (Vancouver): family, initials, suffix
        if not family:
            return None
        return _with_particles(family, given or None, suffix)
    words = text.split()
    suffix = None
    if len(words) > 1 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        glued = re.match(r"^((?:[A-Z]\.){1,3})([A-Z][\w'’-]+)$", words[0])
        if glued:  # "M.Atiyah": PDF text lost the space after the initial
            return _with_particles(glued.group(2), glued.group(1), suffix)
        return Name(family=words[0], suffix=suffix)
    # Vancouver / Nature: "Smith JA", "de la Macorra JC", "Asquith N.M.": the initials come last.
    tail = len(words)
    while tail > 1 and _is_initials(words[tail - 1]):  # "SOD G A" (GB/T 7714): "SOD" is the family, not initials
        tail -= 1
    capital_family = tail == 1 and len(words[0]) >= 3 and all(len(w.strip(".")) <= 2 for w in words[1:])  # "SOD G A"
    if 0 < tail < len(words) and (not _is_initials(words[0]) or capital_family):
        return _with_particles(" ".join(words[:tail]), " ".join(words[tail:]), suffix)
    if all(w.lower() in _PARTICLES and w[:1].islower() for w in words[:-1]):
        return _with_particles(" ".join(words), None, suffix)  # "van Diedenhoven": a family with its particle, no given name
    # "C.A. Knight", "J. W. Joyner", "Given Middle Family", "Gerard de Melo"
    k = len(words) - 1
    while k > 1 and words[k - 1].lower() in _PARTICLES:
        k -= 1
    given = " ".join(words[:k])
    family = " ".join(words[k:])
    return _with_particles(family, given, suffix)


def _with_particles(family: str, given: str | None, suffix: str | None) -> Name:
    """A name whose lowercase leading family words (``van der``) are the CSL non-dropping particle."""
    words = family.split()
    k = 0
    while k < len(words) - 1 and words[k].lower() in _PARTICLES and words[k][:1].islower():
        k += 1
    particle = " ".join(words[:k]) or None
    return Name(family=" ".join(words[k:]), given=given or None, non_dropping_particle=particle, suffix=suffix)


def _is_initials(token: str) -> bool:
    """True for ``J.``, ``J. W.``, ``C.A.``, ``J.-B.``, ``JW`` (Vancouver initials)."""
    token = token.strip()
    return bool(token) and (bool(_INITIALS.match(token)) or bool(_INITIALS_COMPACT.match(token)))


def _word_like(token: str) -> bool:
    """True for a piece of a name: capitalised words, particles, hyphens, apostrophes."""
    words = token.split()
    if not words or len(words) > 6:
        return False
    cjk = [all("\u4e00" <= c <= "\u9fff" for c in w.strip(".,'’()")) for w in words]
    if any(cjk) and not all(cjk):
        return False  # "ChatGPT 定价": a title's words, not a Chinese name
    for word in words:
        core = word.strip(".,'’()")
        if not core or any(c.isdigit() for c in core) or ":" in core:
            return False
        if 2 <= len(core) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in core):
            continue  # "王国维": a Chinese name (no case to tell it by)
        if not (core[0].isupper() or core.lower() in _PARTICLES or core.lower() in _SUFFIXES or not core[0].isalpha()
                or core[:2] in ("d'", "d’", "l'") or len(core) == 1 and word.endswith(".")):  # "L. u. Kaiser": a PDF's "Ł."
            return False
    return True


_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# Affiliation numbers and marks glued to a name's end ("Du1,2", "Nguyen1*", "Gatt†"), before a comma, "and" or the end
_AFFILIATION_MARK = re.compile(r"(?<=[a-z\u00DF-\u00FF])(?:\d{1,2}(?:,\d{1,2})*[*†‡]*|[*†‡]+)(?=\s*(?:,|;|\band\b|&|$))")


def parse_authors(text: str) -> tuple[list[Name], bool] | None:
    """The names in an author list and whether it is truncated; None when ``text`` is no author list."""
    text = _clean_markdown(text).strip().rstrip(".:;, ")
    if any(c.isdigit() or c in "*†‡" for c in text):
        text = _AFFILIATION_MARK.sub("", text).rstrip(".:;, ")  # "Yupei Du1,2, Albert Gatt2 and Dong Nguyen1*": affiliation marks
    truncated = False
    m = TRUNCATION.search(text)
    if m:
        truncated = True
        text = (text[: m.start()] + ", " + text[m.end():]).strip().strip(",;& ")
        text = re.sub(r"\s*,\s*(?:&|and)\s*$", "", text)
    if re.search(r",\s*\.\s*(?:&|and\b|,)", text):
        truncated = True  # "Gomez, A. N., . & Polosukhin, I.": the lone full stop stands for names left out
        text = re.sub(r",\s*\.\s*(?=&|and\b|,)", ", ", text)
    text = re.sub(r"\s*\([^)]*\)", "", text)  # affiliations, "(Eds.)"
    text = re.sub(r"\s*\b(?:eds?|editors?|hrsg|hgg?|ur|red|éds?|dir|coord)\.?$", "", text, flags=re.I).strip(" ,;")
    if not text:
        return None
    if " and " in text and "," not in text and ";" not in text and not _INITIALS_IN.search(text + " ") \
            and (_ORGANISATION.search(text) and len(text.split()) <= 10 or _BODY_NAME.match(text) and len(text.split()) <= 14):
        # "Substance Abuse and Mental Health Services Administration", "National Institute for Health and Care Excellence":
        # one body (Vancouver's group author holding "and")
        return [Name(literal=text)], truncated
    parts: list[str]
    if ";" in text:
        parts = [p for p in re.split(r"\s*;\s*", text) if p]
        parts = [q for p in parts for q in re.split(r"\s+(?:and|&)\s+", p) if q]
    else:
        text = re.sub(r"\s*(?:,\s*)?(?:\band\b|\bet\b|\bund\b|&|·|\||(?<=\s)[和与](?=\s))\s*", ", ", text)
        # "W. G. Zaddach i B. Burkhart", "A. Pérez y J. Gómez": "and" in Serbian, Polish, Spanish, Italian ... before an initial
        text = re.sub(r"(?<=[\w.])\s+(?:i|y|e|en|och|og|és|ja)\s+(?=[A-Z\u00C0-\u00DE]\.)", ", ", text)
        pieces = [t.strip() for t in text.split(",") if t.strip()]
        if pieces and all(_HAN_NAME.match(t) or t in ("等", "等人") for t in pieces):
            # "张三, 李四, 等" (GB/T 7714): each piece is a whole Chinese name (no "Family, Given" pairs), "等" is "et al."
            truncated = truncated or any(t in ("等", "等人") for t in pieces)
            parts = [t for t in pieces if t not in ("等", "等人")]
        else:
            parts = _group(t.strip() for t in text.split(","))
    names = []
    # "DeKraker Jordan, ..., Muenzing Sascha E.A., Khan Ali R., ...": a given name before trailing initials shows the
    # whole list is written family first (natural order puts the initials between: "Ali R. Khan").
    family_first = len(parts) >= 3 and sum(1 for p in parts if _FAMILY_GIVEN_INITIALS.match(p.strip())) >= 2 \
        and all(len(p.split()) in (2, 3) and "," not in p and not _is_initials(p.split()[0]) for p in parts if p)
    for part in parts:
        if not part:
            continue
        if not _word_like(part.replace(",", " ")) and not _lower_case_name(part, parts):
            return None
        named = [w for w in part.replace(",", " ").split() if w.lower() not in _PARTICLES]
        if len(named) > 4 and (len(named) > 6 or sum(1 for w in named if not re.match(r"^[A-Z]\.$", w)) > len(named) - 2
                               or sum(1 for w in named if not re.match(r"^[A-Z]\.$", w)) > 3):
            return None  # "Attention Is All You Need" is a title, not a name ("Guilherme F. C. F. Almeida" is one)
        words = part.split()
        if len(words) == 1 and words[0].lower().strip(".") in _NOT_NAMES:
            return None  # "H. Jaeger, The “echo state” approach": "The" opens a title, it names nobody
        name = _with_particles(words[0], " ".join(words[1:]), None) if family_first else split_name(part)
        if name is None or _DEGREE.match(name.family or ""):
            return None  # "THU Ph.D. Student Forum, ...": a degree names nobody
        if name.family and len(name.family.rstrip(".")) == 1 and not name.given and len(parts) == 1:
            return None  # "V." alone: an initial whose name the PDF ran into the title ("V. Furtado A. Melo ...")
        names.append(name)
    if not names:
        return None
    return names, truncated


def _lower_case_name(part: str, parts: list[str]) -> bool:
    """True for a name its owner typed in lower case ("yandong liu", "Xiaoxia wu") among capitalised names of the same list."""
    words = part.split()
    if len(words) != 2 or not all(w.isalpha() for w in words):
        return False
    lowered = all(w.islower() for w in words)
    # "Xiaoxia wu": the family name alone typed in lower case, in a long list of names (a proceedings page's)
    family_only = words[0][:1].isupper() and words[0][1:].islower() and words[1].islower() and len(parts) >= 4
    if not (lowered or family_only):
        return False
    if any(w.lower() in _NOT_NAMES or w.lower() in _LOWER_NOT_NAMES for w in words):
        return False
    # The list vouches for it: every other piece is a capitalised name and one of them a whole one ("Jane Smith";
    # "Hamlet and his problems" is a title: one word beside it names nobody in full).
    others = [q for q in parts if q and q is not part]
    return bool(others) and all(_word_like(q.replace(",", " ")) and len(q.split()) <= 3 for q in others) \
        and any(len(q.split()) >= 2 for q in others)


_LOWER_NOT_NAMES = frozenset("and or et al by at as we our this that these via using based".split())
_DEGREE = re.compile(r"^(?:Ph\.?\s?D|M\.Sc|B\.Sc|MSc|BSc|MBA|M\.A|B\.A|M\.D)\.?$")
_NOT_NAMES = frozenset("the a an on in of for to from with towards toward how why what when is are".split())
_FAMILY_GIVEN_INITIALS = re.compile(r"^[A-Z\u00C0-\u024F][\w'’-]+\s+[A-Z\u00C0-\u024F][a-z\u00DF-\u00FF]+\s+(?:[A-Z]\.\s?){1,3}$")


def _group(tokens) -> list[str]:
    """Comma-separated pieces grouped into names: ``Family, I.`` and ``Family, Given`` pairs join."""
    tokens = [t for t in tokens if t]
    out: list[str] = []
    i = 0
    # Inverted first name ("Vaswani, Ashish, Noam Shazeer"): pair single words while the list alternates.
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        single = _one_family(tok) and not _is_initials(tok)
        if nxt is not None and (_is_initials(nxt) or nxt.lower().rstrip(".") in {"jr", "sr", "ii", "iii"}) and not _is_initials(tok):
            out.append(f"{tok}, {nxt}")
            i += 2
            continue
        if single and nxt is not None and len(nxt.split()) <= 2 and not _is_initials(nxt) and _inverted_list(tokens, i):
            out.append(f"{tok}, {nxt}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _one_family(token: str) -> bool:
    """True for a one-word family, or one with its particle ("Van Evera", "De Raedt": one piece of a name)."""
    words = token.split()
    # "van der Lans": any number of particles before the family
    return len(words) == 1 or 2 <= len(words) <= 4 and all(len(w) >= 2 and w.lower() in _PARTICLES for w in words[:-1]) \
        and words[-1][:1].isupper()


def _inverted_list(tokens: list[str], i: int) -> bool:
    """True when the pieces from ``i`` read as ``Family, Given`` pairs (all single words, or a Chicago first name)."""
    rest = tokens[i:]
    if all(len(t.split()) <= 2 for t in rest[1::2]) and len(rest) % 2 == 0 and all(_one_family(t) for t in rest[0::2]):
        return True
    # Chicago / MLA: only the first name is inverted ("Vaswani, Ashish, Noam Shazeer, and ...").
    return i == 0 and len(rest) >= 3 and len(rest[1].split()) <= 2 and len(rest[2].split()) >= 2


def _years(text: str) -> list[re.Match[str]]:
    """The years a reference states as its own: not an Epub, update, access or erratum date (PubMed, Harvard), nor one
    in a note about another publication ("(Highlight: Nat. Rev. Chem. 2021, 5, 2)")."""
    notes = [m.span() for m in _OTHER_WORK.finditer(text)] if "(" in text else []
    return [m for m in YEAR.finditer(text) if not _NOT_ITS_YEAR.search(text, max(0, m.start() - 24), m.start())
            and not any(a <= m.start() < b for a, b in notes) and not (text[m.end(): m.end() + 1] in ("(", ":") and _VANCOUVER_VOLUME.search(text, max(0, m.start() - 20), m.start()))
            and text[m.end(): m.end() + 1] not in ("\u2010", "\u2011") and text[m.start() - 1: m.start()] not in ("\u2010", "\u2011")  # "1836‐1842": pages
            and not re.search(r"\b(?:pp?\.|Article|Art\.)\s*$", text[max(0, m.start() - 9): m.start()])  # "Sensors, 23 (2023), p. 1566": a page
            and not re.search(r"\d\):\s?$", text[max(0, m.start() - 6): m.start()])]  # "2016;11(9):1681–92": Vancouver's pages


# Vancouver's "2013;1834(11):2308-16", "1997 Nov 15;9(8)": after the year and its semicolon comes the volume (its issue or
# pages after it), never a year
_VANCOUVER_VOLUME = re.compile(r"\b(?:1[5-9]|20)\d\d(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?;\s?$")


_OTHER_WORK = re.compile(r"\((?:Highlight(?:ed)?(?: in)?|Erratum(?: in)?|Correction|Comment(?: on| in)?|See also|see also|Reprinted(?: in)?|"
                         r"Preprint|Cover article|News)\b[^()]*\)")


# "Epub 2017 Nov 23", "[Updated 2024 Oct 4]", "(Accessed: 30 November 2024)", "Published 2017 Nov 15", "Erratum in: JAMA. 2018"
_NOT_ITS_YEAR = re.compile(r"(?:\b(?:Epub(?: ahead of print)?|[Uu]pdated|[Aa]ccessed:?|[Pp]ublished(?: online)?|[Rr]etrieved|[Cc]ited|orig(?:inally)?\.?(?: published)?|[Ff]irst published)"
                           r"(?:\s+(?:on\s+)?(?:\d{1,2}\s+)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?)?|Erratum in:[^.]{0,20}\.\s*)$")


def _trim_title(title: str) -> str:
    title = re.sub(r",\s*(?:trans|transl|ed|eds|comp|rev)\.?$", "", title.strip())  # "Dom Casmurro, trans. J. Gledson"
    # APA's description in brackets ("TCGA-PRAD [Dataset]", "[Computer software]") and PubMed's "[Updated 2024 Oct 4]"
    title = re.sub(r"\s*\[(?:data ?set|computer software|software|preprint|video|audio|abstract|editorial|letter|review|"
                   r"online|internet|updated [^\]]{0,20}|[a-z ]{0,20}thesis)\]\.?$", "", title, flags=re.I)
    title = re.sub(r",\s+[Ii]n:\s.*$", "", title.strip())
    # "Title, in ‘Proceedings of ...’, ACM, pp" (Harvard): a quoted or emphasised container after ", in" is the book's
    title = re.sub(r",\s+in\s+[‘“\"'*_].*$", "", title)
    title = re.sub(r",\s+\d{1,2}(?:st|nd|rd|th)\s+(?:edn|ed\.|edition)\b.*$", "", title)  # "The Design of Experiments, 1st edn, ..."
    title = re.sub(r"\s+\((?:[A-Z][\w.'’-]*\s?){1,4}:\s[^()]*$", "", title)  # "Seeing Like a State (New Haven: Yale University Press"
    title = re.sub(r",\s+(?:[A-Z][a-z]{0,7}\.\s*){1,3}[A-Z][a-z]{0,7}$", "", title)  # "Title, J. Geophys" (the journal's head)
    # "Fast gapped-read alignment with Bowtie2 Nat. Methods 9:357–359": the journal, volume and pages after no stop
    title = _TRAILING_VENUE.sub("", title)  # "Title, in: Editor, E. (Eds.), Proceedings ...": the book, not the title
    title = re.sub(r",?\s*\(?\d{1,2}(?:st|nd|rd|th)\s+(?:ed|edn|edition)\.?\)?$", "", title.strip(), flags=re.I)  # "Criminology4th ed"
    # APA's genre after a thesis's title: "Title (Master's thesis, University)", "(Doctoral dissertation, ..."
    title = re.sub(r"\s*\((?:[A-Z][a-z]+(?:'s|’s)? thesis|Doctoral dissertation|Unpublished [a-z ]{0,30}(?:thesis|dissertation)|"
                   r"Ph\.?\s?D\.? (?:thesis|dissertation)|Master['’]s thesis)\b[^()]*\)?[.,\s]*$", "", title)
    # "Fine-grained sentiment classification using BERT, 2019 Artificial intelligence for ... (AITB)": the event
    title = re.sub(r",\s+(?:19|20)\d\d\s+(?=(?:\d{1,2}(?:st|nd|rd|th)\s+)?[A-Z])[^,]*?(?:Conference|Symposium|Workshop|Congress|Meeting|"
                   r"\([A-Z]{2,}[\w-]*\)).*$", "", title)
    # "... randomized clinical trial. (see PMC)", "(pilot)": a note in lower case after the title's end
    title = re.sub(r"\.\s+\([a-z][^()]{0,30}\)$", "", title)
    # ". Unpublished manuscript", ". Working paper": the work's state, after its title
    title = re.sub(r"\.\s+(?:Unpublished\s+(?:[Mm]anuscript|[Rr]eport|[Pp]aper|[Dd]ata)|Manuscript (?:submitted|in preparation|under review)\b.*"
                   r"|Working [Pp]aper|Mimeo(?:graph)?)\.?$", "", title)
    # "... tomography (PET) European Journal Of Neuroscience", "... and BCFtools Gigascience 10": a journal (and volume)
    # after a title without a stop (PubMed Central's copies run them so)
    title = re.sub(r"(?<=[a-z)])\s+(?:(?:European|American|British|International|Canadian|Australian|Asian)\s+)?Journal\s+[Oo]f"
                   r"(?:\s+(?:the\s+)?[A-Z][a-z]+){1,4}$", "", title)
    title = title.strip().strip(" .,;:")
    if not re.match(r"^[“\"][^”\"]+[”\"]\s*\S", title):  # '"Why Should I Trust You?": Explaining ...' keeps its quotes
        title = re.sub(r"^(?:[“\"‘']\s*)|(?:\s*[”\"’']\s*)$", "", title).strip(" .,;")
    return title


_TRAILING_VENUE = re.compile(r"\s+(?:(?:[A-Z][a-z]{0,8}\.|[A-Z][A-Za-z]*)\s+){0,4}(?:[A-Z][a-z]{0,8}\.|[A-Z][A-Za-z]*)\s+\d{1,4}:\s?[A-Z]?\d+(?:[–-][A-Z]?\d+)?\.?$")


def _unstopped_venue(text: str) -> tuple[str, str] | None:
    """(title, venue) of "Fast gapped-read alignment with Bowtie2 Nat. Methods 9:357–359": no stop between them, the
    journal's volume and pages close the reference; None for any other text."""
    venue = _TRAILING_VENUE.search(text)
    if venue is None:
        return None
    before = text[: venue.start()].rstrip()
    if _SENTENCE.search(before) or before.endswith((".", "?", "!")) or "? " in before or len(before.split()) < 3:
        return None
    return text[: venue.start()], text[venue.start():].strip()


# Elsevier's web pages: "Title J. Nucl. Mater., 504 (2018), pp. 300-317" / "Title IEEE Access, 11 (2023)": a journal's
# volume, issue and year in parentheses after its name, with no stop between the title and the journal.
_ELSEVIER_VOLUME = re.compile(r",\s+(?:Vol\.\s*)?\d{1,5}\s*(?:\([^()]{1,12}\)\s*)?\((?:1[5-9]|20)\d\d\)")
_VENUE_LINK_WORDS = frozenset("of and & in on the for de des der und für la".split())


def _elsevier_venue(text: str) -> tuple[str, str] | None:
    """(title, venue) where a journal's name and "vol (issue) (year)" follow the title with no stop between them: the
    journal's name is the run of capitalised words and abbreviations before its volume; None when no such venue."""
    m = _ELSEVIER_VOLUME.search(text)
    if m is None or m.start() > 400:
        return None
    tokens = text[: m.start()].split(" ")
    k = len(tokens)
    while k > 0:
        token = tokens[k - 1].rstrip(",")
        # ("Q-Network", "Reactor-II", "UO2": a title's last words, no journal's)
        if token[:1].isupper() and not re.search(r"[-\d]", token) or (token in _VENUE_LINK_WORDS and k < len(tokens)):
            k -= 1
            continue
        break
    while k < len(tokens) and tokens[k] in _VENUE_LINK_WORDS:
        k += 1  # a journal's name opens with a capital
    title = " ".join(tokens[:k]).rstrip(" ,")
    if k == len(tokens) or len(title.split()) < 3 or _SENTENCE.search(title) or title.endswith((".", "?", "!")):
        return None
    return title, text[len(title):].strip(" ,")


def _first_sentence(text: str) -> tuple[str, str]:
    """(the first sentence of ``text``, the rest), a ``?`` or ``!`` ending kept in the sentence.

    A title may ask and go on ("Think you have Solved Question Answering? Try ARC, the AI2 Reasoning
    Challenge. CoRR abs/1803.05457"): when the sentence after the question is followed by the venue, it is
    the title's too.
    """
    m = _SENTENCE.search(text)
    edition = _EDITION_AFTER.search(text) if "ed" in text else None
    if edition and (not m or edition.start() <= m.start()):
        return text[: edition.start()], text[edition.end():]  # "Feminist therapy (2nd ed.). Publisher": the edition ends the title
    if not m:
        return text, ""
    if text[m.start()] == "?":
        rest = text[m.end():]
        chapter = re.match(r"^\s*([A-Z][^.?!]{3,200}?),\s+[Ii]n:\s", rest)
        if chapter:  # "How Contextual are ...? Comparing the Geometry of BERT, ELMo, and GPT-2 Embeddings, in: ...": its subtitle
            return text[: m.end() + chapter.end(1)], rest[chapter.end(1):]
        n = _SENTENCE.search(rest)
        if n and rest[n.start()] == "." and len(rest[: n.start()].split()) <= 15 and not _VENUE_START.match(rest.lstrip()) \
                and (_VENUE_START.match(rest[n.end():].lstrip()) or _ACRONYM_YEAR.match(rest[n.end():].lstrip())
                     or _ABBREVIATED_JOURNAL.match(rest[n.end():].lstrip()) or _APA_JOURNAL.match(rest[n.end():].lstrip())):
            return text[: m.end() + n.start()], rest[n.end():]
    if text[m.start()] in ".?":
        # "Cognitive–affective model of consumer satisfaction. An exploratory study within ... event. Journal of
        # Business Research, 60(2), 108-114.": a title of two sentences, the journal's volume and pages whole after them
        rest = text[m.end():]
        n = _SENTENCE.search(rest)
        if n and rest[n.start()] == "." and 3 <= len(rest[: n.start()].split()) <= 25 and rest.lstrip()[:1].isupper() \
                and not _VENUE_START.match(rest.lstrip()) and (_APA_VENUE_WHOLE.match(rest[n.end():].strip())
                                                               or _NATURE_VENUE_WHOLE.match(rest[n.end():].strip())):
            return text[: m.end() + n.start()], rest[n.end():]
    end = m.end() if text[m.start()] in "?!" else m.start()
    return text[:end], text[m.end():]


# Nature's journal, volume, pages and year and nothing after: "Am. J. Pathol. 137 , 605–615 (1990)."
_NATURE_VENUE_WHOLE = re.compile(r"^(?:[A-Z][a-z]{0,12}\.?\s?){1,7}\d{1,4}\s?,\s*[A-Za-z]?\d{1,6}(?:\s?[–-]\s?\d{1,6})?\s*\((?:1[5-9]|20)\d\d\)\.?$")
# An APA journal with its volume (issue) and pages and nothing after: "Decision Support Systems, 65, 50- 58."
_APA_VENUE_WHOLE = re.compile(r"^[A-Z][^.?!]{2,150}?,\s*\d{1,4}(?:\s*\(\d[^)]{0,10}\))?,\s*[A-Za-z]?\d{1,6}\s*[–-]\s*\d{1,6}\.?$")


# An abbreviated journal and its volume ("Adv. Inf. Sci. 64, 217–233", "J. Assoc. Inf. Sci. Technol. 66, ..."): the Science
# and Nature styles' venue, which ends a subtitle after a question ("... assessed? A literature survey. Adv. Inf. Sci. 64")
_ABBREVIATED_JOURNAL = re.compile(r"^(?:[A-Z][a-z]{0,9}\.\s?){2,7}(?:[A-Z][a-z]+\s)?\d{1,4}(?:[,:(]|\s*$)")
_DOUBLE_STOP = re.compile(r"(?<=[A-Za-z])\.\.(?=\s)")
# APA's journal with its volume and issue ("International Journal of Human-Computer Studies, 54(6), 903–922"): it ends
# a subtitle after a question ("What do web users do? An empirical analysis of web use.")
_APA_JOURNAL = re.compile(r"^[A-Z][^.?!]{2,150}?,\s*\d{1,4}\s*\(\d[^)]{0,10}\)")
# A book's edition after its title: "(2nd ed.).", "(Rev. ed.)", "(later reprint edition ed.)." (not an editor's "(Ed.)")
_EDITION_AFTER = re.compile(r"\s*\((?:\d{1,2}(?:st|nd|rd|th)|[Rr]ev(?:ised)?\.?|[A-Za-z][\w ]{0,40}?)\s+(?:ed|edn|edition)\.?\)[.,]?(?=\s|$)")
# "ICIS 2019 Proceedings": a conference's acronym and year open the venue after a title that asks and goes on
_ACRONYM_YEAR = re.compile(r"[A-Z]{2,}[\w-]*\s+(?:19|20)\d\d\b")

# What opens the venue part of a reference after its title.
_VENUE_START = re.compile(r"(?:In\b|CoRR\b|arXiv\b|ArXiv\b|Proc(?:eedings|\.)|Journal\b|Trans(?:actions|\.)|IEEE\b|ACM\b|Advances\b|"
                          r"[A-Z][a-z]*\.?\s+[A-Z][a-z]*\.?\s+\d|\(?\d)")


# After an initial, the list goes on when more initials, "et al.", "and", or a family name follow (of two words:
# "Z.B. Mohd Hanapi.").
_NAME_GOES_ON = re.compile(r"^(?:(?:[A-Z]\.\s?)+|et\s+al\b|(?:and|&)\s|[A-Z][\w'’-]+\s+[A-Z][\w'’-]+[,.](?:\s|$)|[A-Z][\w'’-]+(?:[,.](?:\s|$)|:\s+(?=[A-Z])|\s+(?:and|&)\s|\s+et\s+al\b|\s+\(?(?:1[5-9]|20)\d\d\b))")


# A journal's name and volume opening what follows a title: "J. Exp. Biol. 203, 857", "Nature 384, 463", "Elife 7 (2018)"
_JOURNAL_VOLUME_NEXT = re.compile(r"^(?:(?:[A-Z][\w&'’-]*\.?|of|and|&|the|in|for)\s+){1,8}\d{1,5}(?:-[A-Z][a-z]+)?\s*[,(:]")


def _comma_prefix(text: str) -> tuple[list[Name], bool, str, str] | None:
    """Names, then the title, all separated by commas (``I. Karnadi, A.A. Iskandar, Analysis of ..., J. Opt. ...``)."""
    pieces = [t.strip() for t in text.split(", ")]
    tokens: list[str] = []
    whole: list[tuple[int, bool]] = []  # each token's piece, and whether "and" or "&" opened it
    for p, piece in enumerate(pieces):
        if (etal := re.match(r"^(.+?)\s+(et\s+al\.?)$", piece)) and _word_like(etal.group(1)):
            tokens.extend(etal.groups())  # "P. D. B. Parolo et al., Attention decay in science. ...": a name, then et al.
            whole.extend([(p, False), (p, False)])
            continue
        halves = re.split(r"\s+(?:and|&)\s+|\s+(?:i|y|e|en|och|og|és|ja)\s+(?=[A-Z\u00C0-\u00DE]\.)", re.sub(r"^(?:and|&)\s+", "", piece))
        if len(halves) > 1 and all(_word_like(h) and len(h.split()) <= 4 for h in halves):
            tokens.extend(halves)
            whole.extend((p, h > 0) for h in range(len(halves)))
        else:
            tokens.append(re.sub(r"^(?:and|&)\s+", "", piece))
            whole.append((p, bool(re.match(r"^(?:and|&)\s+", piece))))
    truncated = False
    names: list[Name] = []
    inverted = 0  # names given "Family, I." (the list's convention once all are so)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower().rstrip(".") in ("et al", "others", "...", "…"):
            truncated = True
            i += 1
            continue
        if names and tok.lower().rstrip(".") in ("eds", "ed", "editors", "editor", "hrsg", "hg", "hgg", "ur", "red", "éd", "éds", "dir", "coord"):
            i += 1  # "L. David Mech and Luigi Boitani, eds., Wolves: ...": the names were the editors
            continue
        if re.search(r"[A-Za-z][a-z]\.\s", tok):  # a sentence ends inside: no name
            break
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if re.match(r"^(?:[A-Z]\.){1,3}[A-Z][\w'’-]+$", tok):  # "M.Atiyah": a whole name whose space was lost
            name = split_name(tok)
            i += 1
        elif _word_like(tok) and (len(tok.split()) == 1 or names and inverted == len(names) and len(tok.split()) <= 3
                                  and tok[:1].isupper()) and nxt and _is_initials(nxt):
            name = split_name(f"{tok}, {nxt}")  # (a family of several words in an inverted list: "De Coster, K.")
            inverted += 1
            i += 2
        elif names and inverted == len(names) and _word_like(tok) and len(tok.split()) == 1 and \
                (glued := re.match(r"^((?:[A-Z]\.\s?-?){1,3})\s*(?::\s+(?=\S)|(?=[A-Z“\"‘][\w’'-]*(?:\s|$)))", nxt)):
            # "Jensen, K., Loganayagam, R. & Yarom, A. Thermodynamics, ...": the last name's initials, then the title
            # (LNCS: "Arthur, D., Vassilvitskii, S.: k-means++: the advantages ...", the colon after them)
            name = split_name(f"{tok}, {glued.group(1).strip()}")
            inverted += 1
            tokens[i + 1] = nxt[glued.end():]
            i += 1
        elif names and inverted == len(names) and not whole[i][1] \
                and not (len(names) == 1 and re.match(r"^(?:[A-Z]\.\s?-?){1,3}\s?[A-Z][\w'’-]+$", tok)):
            # (economics' "Enbrechts, P., C. Klueppelberg and T. Mikosch, Title": only the first name inverted, the rest initialled)
            break  # "McDermott, D. and Doyle, J., Non-monotonic Logic I, 13 ...": after inverted names, one in natural order
            # follows an "and" ("Smith, John, and Jane Doe"); any other words open the title
        elif _word_like(tok) and 2 <= _name_words(tok) <= 4 and (_initialled(tok) or _name_words(tok) <= 3) \
                and (_initialled(tok) or not names or not all(_initials_given(n) for n in names)):
            # A list that gives every name with initials ("M. Dorigo, T. Stützle, Ant Colony Optimization, ...") keeps
            # that convention: a run of capitalised words without initials after it opens the title.
            name = split_name(tok)
            i += 1
        elif names and _word_like(tok) and len(tok.split()) == 1 and tok[:1].isupper() and len(tok) > 2 and nxt \
                and _initialled(nxt) and len(nxt.split()) >= 2 and _initials_given(names[-1]) \
                and len(tokens[i - 1].split()) >= 2 and _is_initials(tokens[i - 1].split()[0]) and _is_initials(nxt.split()[0]) and not _is_initials(nxt.split()[-1]) \
                and not re.search(r"\s(?:&|and)\s", nxt):
            name = Name(family=tok.strip(" ."))  # "S. Wasista, Setiawardhana, D. A. Saraswati": one name is all some people have
            i += 1
        elif names and len(tok) == 1 and tok.isupper() and nxt and _word_like(nxt) and len(nxt.split()) == 1 and nxt[:1].isupper():
            name = split_name(f"{tok}. {nxt}")  # "..., J. Uszkoreit, N, Houlsby, Title": a comma typed for the initial's stop
            i += 2
        elif _word_like(tok) and len(tok.split()) == 1 and not names and nxt and _word_like(nxt) and len(nxt.split()) <= 2:
            name = split_name(f"{tok}, {nxt}")  # "Turing, Alan, Computing Machinery ..."
            i += 2
        else:
            break
        if name is None:
            return None
        names.append(name)
    if len(names) >= 2 and i < len(tokens) and re.match(r"^\d{1,4}\s+[A-Z][A-Za-z]*\.?\s", tokens[i]) and i - 1 >= 0 \
            and not _initialled(tokens[i - 1]):
        # "Dorothy E. Roberts, Abolition Constitutionalism, 133 HARV. L. REV. 1 (2019)": a volume opens the venue, so the
        # two capitalised words before it were the title, not a name
        names.pop()
        i -= 1
    if names and i < len(tokens) and i > 0 and whole[i][0] == whole[i - 1][0]:
        return None  # the names ran into a piece that is half a name: no clean cut between the names and the title
    if names and i < len(tokens) and i + 1 < len(tokens) and whole[i + 1][0] == whole[i][0]:
        # "Reed, C., Expert Systems and Legal Expertise, 5 ...": a title split at its "and" is one piece again
        p = whole[i][0]
        rest = [tokens[k] for k in range(i, len(tokens)) if whole[k][0] != p]
        tokens = tokens[:i] + [re.sub(r"^(?:and|&)\s+", "", pieces[p])] + rest
    if not names or i >= len(tokens):
        return None
    if len(names) < 2 and not any(n.given and _INITIALS_IN.search(n.given + " ") or (n.given or "").endswith(".") for n in names) \
            and not re.match(r"^[\w'’-]+,\s", text) and not _DATED_VENUE.search(text):
        return None  # one plain two-word "name" ("Hi Tom, the paper is ...") is no author list
    title, after = _first_sentence(tokens[i])
    if not after and i + 1 < len(tokens) and len(title.split()) >= 2 and (start := text.find(tokens[i])) >= 0:
        # "M. Müller, Fundamentals of Music Processing: Audio, Analysis, Algorithms, Applications. Cham: Springer, 2015":
        # words or short phrases after commas, then the sentence's end before the publisher: one title
        longer, rest = _first_sentence(text[start:])
        listed = longer[len(tokens[i]):].split(", ")[1:]
        if listed and len(longer) > len(title) and not re.search(r"\d", longer) and not _CHAPTER_IN.search(longer) \
                and all(1 <= len(p.split()) <= 3 and p[:1].isupper() for p in listed) and re.match(r"\s*[A-Z][\w .'’-]{1,40}:\s", rest) \
                and not any(_PUBLISHER.search(p) or _SOFT_VENUE_PIECE.search(p) or parse_authors(p) and _INITIALS_IN.search(p + " ") for p in listed):
            title, after, tokens = longer, rest, tokens[: i + 1]
    if not after and i + 1 < len(tokens) and (start := text.find(tokens[i])) >= 0:
        # Science's and PNAS's style: "H. Wolf, R. Wehner, Pinpointing food sources: ..., Cataglyphis fortis. J. Exp.
        # Biol. 203, 857–868 (2000).": the title runs over its commas to its sentence's end when a journal and its
        # volume follow
        longer, rest = _first_sentence(text[start:])
        if len(longer) > len(title) and not re.search(r"\d", longer[len(tokens[i]):]) and not _CHAPTER_IN.search(longer) \
                and not _PUBLISHER.search(longer) and _JOURNAL_VOLUME_NEXT.match(rest.lstrip()) \
                and not re.search(r"\b[A-Z][a-z]{0,7}$", longer):  # ("..., Contemp." is a journal's abbreviation, no title's end)
            title, after, tokens = longer, rest, tokens[: i + 1]
    if len(title.split()) < 2 and not after and i + 1 < len(tokens):
        # "H. Amann, Supersolutions, monotone iterations, and stability. J. Differential ...": a title with commas
        longer, rest = _first_sentence(text[text.find(tokens[i]):])
        if not re.search(r"\d", longer) and not _CHAPTER_IN.search(longer):  # the title's sentence ends before the venue
            title, after, tokens = longer, rest, tokens[: i + 1]
    start = text.find(tokens[i])
    facts = _CHICAGO_FACTS.match(text[start:]) if start >= 0 and not after else None
    if facts and len(facts.group("t")) > len(title):
        # "L. David Mech and Luigi Boitani, eds., Wolves: Behavior, Ecology, and Conservation (Chicago: University of
        # Chicago Press, 2003).": a book's title runs over its commas to its publication facts
        title, tokens = facts.group("t"), tokens[: i + 1] + [text[start + facts.end("t"):].strip()]
    elif not after and i + 2 < len(tokens) and not title.endswith(("?", "!")):
        # AIP and Elsevier print no full stop after the title: "..., Effect of Solvent Additive on Generation,
        # Recombination and Extraction in ..., J. Phys. Chem. C 119, 8310 (2015).". The title runs on over its commas
        # to the piece that opens the venue (a journal with its volume, "in:", proceedings), when no piece between
        # reads as a venue, a publisher or a place.
        for k in range(i + 1, len(tokens)):
            if _VENUE_PIECE.match(tokens[k]):
                between = tokens[i + 1: k]
                if not re.match(r"^in\b", tokens[k], re.I) and any(_PUBLISHER.search(t) for t in tokens[k:]):
                    break  # "..., Title, Book Title, Contemp. Math. 391, Amer. Math. Soc., ...": a book's series, not a journal
                start = text.find(tokens[i])
                end = text.find(", " + tokens[k], start)
                if between and start >= 0 and end > start and not any(_SOFT_VENUE_PIECE.search(t) or _SENTENCE.search(t) for t in between) \
                        and not re.search(r"\.\s", title):
                    title = text[start:end]  # as printed: the pieces' "and" kept
                    tokens = tokens[: i + 1] + tokens[k:]
                break
    if len(title.split()) < 2 or not (title[:1].isupper() or title[:1].isdigit() or title[:1] in "“\"‘'«¿¡("
                                      or re.match(r"^[a-z]{1,2}[-A-Z]", title)) \
            or _INSTITUTION.match(title):
        return None
    return names, truncated, title, ", ".join(([after] if after else []) + tokens[i + 1:])


def _inverted_names(text: str, count: int) -> list[str]:
    """The first ``count`` "Family, I." heads of ``text``'s author list, as printed (fewer where it has no such heads)."""
    return re.findall(r"(?:^|(?<=,\s)|(?<=\sand\s)|(?<=&\s))[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?,\s(?:[A-Z]\.\s?-?){1,3}", text)[:count] or ["-"]


def _name_words(token: str) -> int:
    """The words of a name, its particles not counted ("N. J. van der Kaap" has three)."""
    return sum(1 for w in token.split() if w.lower() not in _PARTICLES)


def _initialled(token: str) -> bool:
    """True for a name written with initials ("M. Dorigo", "Michael C.M. Gammel", "Smith JA")."""
    words = token.split()
    return bool(words) and (any("." in w and _is_initials(w) for w in words)
                            or 1 < len(words) <= 3 and (_is_initials(words[0]) or _is_initials(words[-1])))


def _initials_given(name: Name) -> bool:
    """True for a name whose given names are initials only ("K.", "JA", "P.J."; not "Michael C.M.")."""
    words = (name.given or "").split()
    return bool(words) and all(_is_initials(w) for w in words)


# In a comma-separated reference, the piece that opens the venue after the title: a journal with its volume
# ("J. Phys. Chem. C 119", "Decision Support Systems 41 (3) (2006) 555–559"), a chapter's "in:", proceedings.
_VENUE_PIECE = re.compile(r"^(?!(?:Vol(?:ume)?|Issue|No|Number|Pages?|Art(?:icle)?|Chapter)\b)(?:in:?\s|In:?\s|Proc(?:eedings|\.)\s|\d{1,4}\s+(?:The\s+)?[A-Z][\w.&’'-]*(?:\s+[\w.&’'-]+){0,8}\s+\((?:[A-Z][a-z]+\.?\s+)?(?:1[5-9]|20)\d\d[a-z]?\)$|(?:[A-Z][\w&’'-]*\.?\s+){1,8}(?:[A-Z]\s+)?\d{1,5}(?:\s*\(\d[^)]*\))?"
                         r"(?:\s*\((?:[A-Z][a-z]+\.?\s+)?(?:19|20)\d\d\))?(?:\s+[A-Z]?\d[\d–-]*)?\.?$)")
# (a law review's "24 Jurimetrics Journal (1984)": the volume before the journal, the year after it, is one too)
# A piece that is a venue, publisher or place of its own: the title never runs over it.
_SOFT_VENUE_PIECE = re.compile(r"\b(?:Press|Publishers?|Publishing|Verlag|Springer|Wiley|Elsevier|Books|Company|Inc|University|"
                               r"Institute|Conference|Workshop|Symposium|Journal|Review|Letters|Proceedings|Lecture Notes|"
                               r"Master|PhD|Ph\.D|[Tt]hesis|[Dd]issertation|[Rr]eport|Vol|vol|pp)\b|(?<![\w\[])\d+(?![\w\]])")
_PUBLISHER = re.compile(r"\b(?:Press|Publishers?|Publishing|Verlag|Society|Springer|Wiley|Elsevier|Books)\b|\bSoc\.")
# An institution alone where the title would stand ("B. Rajendran, Ph.D. Dissertation, Stanford University, 2006"): no title.
_INSTITUTION = re.compile(r"^(?:[A-Z][\w.&'’-]*\s+){0,4}(?:University|Institute|College|Press|Publishers)(?:\s+of(?:\s+[A-Z][\w'’-]*)+)?$")
_GBT_TYPE = re.compile(r"\[(?:[JMCDRSPNAZG]|EB|DB|CP|[JMC]/OL|EB/OL|DB/OL|CP/DK)\](?=[\s.,:/]|$)")
_GBT_PART_OF = re.compile(r"\[(?:[JMC]|[JMC]/OL)\]//\s*")
# "Jackson, F. 'On assertion and indicative conditionals', *Philosophical Review* ...": a title in plain single quotes
# One word after names in natural order, right before the quote: the title's first word, the quote inside the title
# ('P. Wouters, Do “altmetrics” correlate with citations?'); SPIE's 'Thomas M. Chen "Title"' ends on a whole name
_WORD_BEFORE_QUOTE = re.compile(r"(?:^|,\s)[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}\s[A-Z][\w'’-]+,\s+[A-Z][\w'’-]*\s*$")
_SQUOTED = re.compile(r"(?<=[.,:]\s)'(?P<t>[A-Z][^']{4,250}?)',?(?=\s)")
_SIGNAL = re.compile(r"^(?:See(?:,? e\.g\.,| also,?| generally,?)?|Cf\.|But see|Compare)\s+(?=[A-Z\u00C0-\u024F])")
_BOLD_AUTHOR_YEAR = re.compile(r"^\*\*(?P<a>[^*]{2,300}?)[\s,.]*\((?P<y>(?:1[5-9]|20)\d\d[a-z]?)\)\.?\*\*")
# A one-word label before a reference that opens with a name ("SAMtools: Danecek P., ...", "MACS2: Zhang Y., ...").
_TOOL_LABEL = re.compile(r"^[A-Za-z][\w.+-]{1,30}:\s+(?=[A-Z][\w'’-]+,?\s+(?:[A-Z]{1,3}\b|[A-Z]\.))")
_CHICAGO_FACTS = re.compile(r"^(?P<t>[^()]{4,300}?)\s*\((?:[A-Z][\w .,'’-]{1,40}):\s*[^()]{2,120}?,\s*(?:1[5-9]|20)\d\d[a-z]?\)")
# A law note's publisher and date ("FORBES (June 29, 2021)", "N.Y. TIMES (Aug. 10, 2020)"): a reference, even under one plain name.
_DATED_VENUE = re.compile(r",\s+[A-Z][A-Z.&' ]{1,40}\s\((?:[A-Z][a-z]{2,4}\.?\s+\d{1,2},\s+)?(?:19|20)\d\d\)")
_PARENS_YEAR = re.compile(r"\((?:[^()]{0,80}?[\s,–-])?((?:1[5-9]|20)\d\d)[a-z]?\)")
_CHAPTER_IN = re.compile(r",\s+in:?\s+[A-Z]", re.I)


# One name of a list written "I.I. Family": initials, then one or two capitalised words.
_INITIALLED_NAME = re.compile(r"^(?:[A-Z]\.\s?-?){1,4}\s?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?$")
# The last name of such a list with the title run on after it: "G.R. Caskey Swelling of uranium ..."
_INITIALLED_THEN_TITLE = re.compile(r"^(?:and\s+)?(?P<n>(?:[A-Z]\.\s?-?){1,4}\s?[A-Z][\w'’-]+)\s+(?P<t>[A-Z0-9][^\s.]*\s+\S.*)$")


def _names_run_into_title(text: str) -> tuple[list[Name], bool, str] | None:
    """Initialled names then the title with no stop between them (ScienceDirect's pages: "C.L. Angerman, G.R. Caskey
    Swelling of uranium by ..."): the last name is its initials and one word; None for any other text."""
    chunks = text.split(", ")
    k = 0
    while k < len(chunks) - 1 and _INITIALLED_NAME.match(chunks[k]):
        k += 1
    if k < 1:
        return None
    last = _INITIALLED_THEN_TITLE.match(", ".join(chunks[k:]))
    first = last.group("t").split()[0] if last else ""
    if last is None or "." in first and _is_initials(first):  # ("A novel ..." opens a title; "A. Family" another name)
        return None
    parsed = parse_authors(", ".join([*chunks[:k], last.group("n")]))
    if parsed is None or len(parsed[0]) != k + 1:
        return None
    return parsed[0], parsed[1], last.group("t")


def _author_prefix(text: str) -> tuple[list[Name], bool, str] | None:
    """The author list that opens ``text`` (ended by ``. `` or ``: ``) and the rest, for styles without a year after the authors."""
    if (run_in := _names_run_into_title(text)) is not None:
        return run_in
    # Try each sentence break in turn: initials ("J. W. Joyner.") end sentences too early.
    # (a title may open with a name in lower camel case: "iBAG: integrative ...", "mixOmics: An R package", "scGPT: ...")
    for m in re.finditer(r"(?:\.|:)\s+(?=[\"“‘]?[A-Z0-9¿¡(\u4e00-\u9fff]|in\s+[A-Z]|[a-z]{1,5}[A-Z])", text):
        head, rest = text[: m.start() + 1], text[m.end():]
        if len(head) > 400:
            break
        tail_word = head.rstrip(".").split()[-1] if head.rstrip(".").split() else ""
        if _is_initials(tail_word + ".") and not head.rstrip(".").endswith((" al", "al")):
            # "Smith, J." ends a name, not the list, unless the title follows; keep looking
            parsed = parse_authors(head)
            if parsed is None:
                continue
            # In an inverted list ("Said, Edward W.") an odd comma count closes the name; natural order never does.
            inverted = re.match(r"^[\w'’-]+,\s", head) is not None
            in_progress = not inverted or head.count(",") % 2 == 0 or re.search(r",\s*(?:and|&)\s[^,]*$", head) \
                or re.search(r"(?:\band|&)\s+(?:[A-Z]\.\s?-?)+$", head.rstrip())  # "Dozier, J. and T. H." + "Painter."
            # "Nasmyth K." (Vancouver) is a whole name: a capitalised word after it opens the title.
            # Only in a list already written so ("Shore D, Nasmyth K."): "Paul J." alone is a given name and an initial.
            last = re.split(r",|\s(?:and|&)\s", head.rstrip("."))[-1].split()
            vancouver = re.search(r"\b[A-Z][\w'’-]+ [A-Z]{1,3},", head) is not None
            if vancouver and len(last) >= 2 and not _is_initials(last[0]) and all(_INITIALS_COMPACT.match(w) for w in last[1:]):
                in_progress = False
            if vancouver and tail_word.lower() in ("jr", "sr"):
                in_progress = False  # "Riekkinen P., Jr. Guanfacine and ...": the suffix closes the last name
            if _NAME_GOES_ON.match(rest) and (in_progress or _ANOTHER_NAME.match(rest)):
                continue
            return parsed[0], parsed[1], rest
        if not _could_be_author_head(head):
            continue
        parsed = parse_authors(head)
        if parsed is not None:
            return parsed[0], parsed[1], rest
    return None


_FAMILY_NEXT = re.compile(r"^[A-Z][\w'’-]+(?:[,.](?:\s|$))")
# After a whole name, the list goes on only with another name: initials, "et al.", "and"/"&", "Family," or "Family IJ".
_ANOTHER_NAME = re.compile(r"^(?:(?:[A-Z]\.\s?)+|et\s+al\b|(?:and|&)\s|[A-Z][\w'’-]+,\s|[A-Z][\w'’-]+\s+[A-Z]{1,3}[,.](?:\s|$))")

# Labels of page fields ("Keywords:", "One-sentence Summary:", "Published:"): never an author list.
_FIELD_WORDS = frozenset(
    "abstract keywords keyword summary tl;dr tldr readers published modified comments comment subjects categories ethics "
    "material implementations venue decision authors author title note notes link code date doi url journal cite "
    "submitted license references bibliography contents chapter section page contributions contribution highlights "
    "overview introduction results result methods method conclusion conclusions discussion background motivation "
    "findings takeaway takeaways insights insight principles limitations summary description organization affiliation "
    "pros cons question questions answer answers example examples definition theorem lemma proof remark acknowledgments acknowledgements "
    "acknowledgment acknowledgement funding".split()
)


def _could_be_author_head(head: str) -> bool:
    """False for a lone word or a field label before ``:``/``.``: an author list has a comma, initials or two words."""
    words = head.rstrip(".:").split()
    if not words or (len(words) == 1 or head.rstrip().endswith(":")) and words[-1].lower().strip(":.") in _FIELD_WORDS:
        return False  # ("World Health Organization." is an author: a field's label is one word, or ends with a colon)
    if head.rstrip().endswith(":"):
        # "A, B:" (DBLP) and "A et al.:" name authors; "Probing Classifiers:" opens a title.
        return "," in head or bool(_INITIALS_IN.search(head + " ")) or bool(re.search(r"\s(?:and|&)\s", head)) \
            or bool(re.search(r"\bet\s*al\.?:$", head.rstrip())) or _LONE_NAME_HEADS.get()
    # "Aristotle." and "COLLECTIF." are authors.
    return "," in head or len(words) >= 2 or head.rstrip().endswith(".")


_BOOK = re.compile(
    r"^(?:in\s+)?(?P<t>[^()]{4,300}?)\s*(?:\((?:eds?\.?|editors?|ed\. by)\s[^()]*\)\s*(?P<pp>\d[\d\s–—-]*?)?\s*)?"
    r"\((?P<p>[^()]*?\b(?:1[5-9]|20)\d\d[a-z]?)\)\s*\.?\s*$"
)
# PDF text puts spaces before punctuation and none after ("crystal .Phys .Lett .B 130 ,389 -396( 1983)").
_SPACED_PUNCT = re.compile(r"(?<=\w)\s+([.,;:])(?=[A-Za-z0-9(])")
# "Fermi arcs.Science 349", "cortex.J. Neurophysiol. 69", "DCM.Neuroimage 38": the space lost after the title's stop
# (arXiv's HTML bibliography runs each piece into the next: "models.In The Eleventh ...", "classification.IEEE Trans...",
# "models.PyCon Salt Lake City", "foundation models.arXiv preprint")
_GLUED_STOP = re.compile(r"(?<=[a-z]{3}|[A-Z]{3})\.(?=[A-Z][a-z]{2,}\b|[A-Z]\.\s[A-Z][a-z]|(?<=[a-z]{3}\.)(?:In|[A-Z][A-Za-z]+|arXiv)\s)")
# The back-links a web page's bibliography appends to each reference: "Cited by: §D.2, §5.1.", "Cited by: Appendix G, §1."
_CITED_BY = re.compile(r"\s*(?:Note:\s*)?(?:External Links:[^§]*?)?Cited by:\s*(?:§|Appendix\b|\d).*$")
_GLUED_COMMA = re.compile(r"(\b[A-Z]\.\s?[A-Z][\w'’-]+),(?=[A-Z][a-z])")  # "P. Cherrier,Problèmes": lost after a name, not in "Title,Abstract,Year"
_SPACED_PARENS = re.compile(r"\(\s+|\s+\)")
_MD_LABEL = re.compile(r"^\s*(?:[-*•]\s+)?\*\*(\[[A-Za-z]{0,5}-?\d{1,4}\]|\d{1,4}\.)\*\*\s*")  # also "**[REF-11]**"
# A line that opens with dashes or rules stands for the previous reference's authors ("———.", "--, and T. Jagger,").
_KRAMDOWN_ATTR = re.compile(r"\{:\s[^{}]*\}")  # "{: style=\"font-size: smaller\"}" after a Markdown link
# One link around the whole reference; brackets inside it pair up ("[1] Author, Title. [doi:...](url)" is no such link)
_WHOLE_LINK = re.compile(r"^\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\((\S+)\)$")
_FULL_WIDTH_PUNCT = re.compile(r"[，（）；]")
_FULL_WIDTH = str.maketrans({"，": ", ", "（": " (", "）": ") ", "；": "; "})
# Authors, then the title in italics (not bold) right after them: "Olds, D. P.; Duxbury, P. M., *Title.* **Venue**".
_AUTHORS_THEN_ITALIC = re.compile(r"^(?P<a>[^*_\"“\[]{2,400}?)[,.:]\s+(?:\*(?!\*)(?P<t>[^*]{4,}?)\*(?!\*)|(?<!\w)_(?!_)(?P<s>[^_]{4,}?)_(?![_\w])|\[(?P<l>[^\[\]]{4,300})\]\((?P<u>\S+?)\))(?P<rest>.*)$")
# Authors, a bare year, then the title in italics, or a plain title and the venue in italics (a Markdown list).
_EMPHASIS_AFTER_YEAR = re.compile(
    r"^(?P<a>[^*_\"“]{2,300}?)[\s,.]*\(?(?P<y>(?:1[5-9]|20)\d\d)[a-z]?\)?[.,:]?\s+"
    r"(?:(?P<t>[A-Z\u00C0-\u024F][^*_\"“]{2,250}?)[,.]?\s+)?(?:\*(?P<i>[^*\s][^*]{2,}?)\*|_(?P<u>[^_\s][^_]{2,}?)_)(?![*_\w])(?P<rest>.*)$"
)
_ORGANISATION = re.compile(r"\s(?:Inc|Ltd|LLC|Corp|Corporation|GmbH|AG|plc|Foundation|Institute|Consortium|Council|Agency|"
                           r"Association|Society|Committee|Task Force|Working Group|Collaboration|Collaborators|Investigators|Administration|Organi[sz]ation|Bureau|Center|Centre|Office|Department|Ministry|Commission|Service|"
                           # a site or a newsroom: "BBC News", "Mathematics Stack Exchange", "Google Research"
                           r"News|Stack Exchange|Times|Magazine|Research|Labs|Team)\.?$")
# A body's name in title case with its kind of body anywhere in it ("National Institute for Health and Care Excellence")
_BODY_NAME = re.compile(r"^(?=.*\b(?:Institute|Association|Organi[sz]ation|Society|Agency|Council|Committee|Foundation|Department|"
                        r"Ministry|Commission|Centres?|Centers?|Office|Bureau|Collaboration|Consortium|Academy|Federation|School of [A-Z][a-z]+)\b)"
                        r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|for|and|on|the|in|&))+$")
# A body that issued a report, after its quoted title: "U.S. Census Bureau, 1940", "Pew Research Center, 4 April 2014"
_BY_ORGANISATION = re.compile(
    r"^[\s,]*(?P<o>(?:[A-Z][\w.&'’-]*\s+){0,6}(?:Bureau|Center|Centre|Office|Department|Ministry|Commission|Service|Institute|"
    r"Foundation|Agency|Council|Association|Society|Organi[sz]ation|Administration)(?:\s+(?:of|for|and|on|the|[A-Z][\w.&'’-]*)){0,6}),"
    r"\s+(?:\d{1,2}\s+[A-Z][a-z]+\s*|[A-Z][a-z]+\s+\d{1,2},\s+)?(?P<y>(?:1[5-9]|20)\d\d)\b")
_GROUP_LEAD = re.compile(r"^(?P<g>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|for|on|and|the|in|&)){1,9});\s+(?=[A-Z][\w'’-]+\s+[A-Z]{1,3}[,.])")
_SPLIT_INITIAL = re.compile(r"\b([A-Z])\.\s*\.?\s*-\s*([A-Z])\.")
_EDITOR_MARK = re.compile(r"^((?:\[[^\]]{1,6}\]\s*|\d{1,4}\.\s+)?[A-Z][^.:\"“]{1,60}?[A-Z][a-z]*\.?|[A-Z]\.)\s+\(?[Ee]ds?\.\)?[.,]?\s+(?=[A-Z“\"*_])")
_DITTO = re.compile(r"^(?:(?:(?:and|&)\s*)?(?:-{1,3}|[—–―]{1,3}|_{2,}|\?{2,})\s*[,.]?\s*)+(?:(?:and|&)\s+)?(?=\S)")


_MD_LINK = re.compile(r"\[([^\]\[]*)\]\((\S+?)\)(?!\S*\))")


def _unlink(m: re.Match[str]) -> str:
    """A Markdown link as text: its text, and its URL too when the URL names an id its text does not hold whole.

    PDF converters split a link over two (``[https://openreview.net/forum?id=](URL) [rLX7Vyyzus](URL)``) and
    print ``arXiv[:2412.08832](URL)``: the id is whole only in the URL.
    """
    text, url = m.group(1), m.group(2)
    found = find_ids(url)
    if not found or all(f.value.lower() in text.lower() for f in found):
        return text
    return f"{text} {url}" if " " in text.strip() else f" {url} "


def _unspace(text: str) -> str:
    """PDF spacing mended: no space before ``.``/``,``/``;``/``:`` and one after it, none inside parentheses."""
    text = _GLUED_STOP.sub(". ", text)
    # words a lost line end glued: "23 June2015" (a month and its year), "Mohr, David andKording, K.P." (an author list's "and")
    text = re.sub(r"\b((?:January|February|March|April|May|June|July|August|September|October|November|December))(?=(?:1[5-9]|20)\d\d\b)", r"\1 ", text)
    text = re.sub(r"(?<=[a-z,]\s)and(?=[A-Z][a-z])", "and ", text)
    text = _GLUED_COMMA.sub(r"\1, ", text)
    if " ." not in text and " ," not in text and "( " not in text and " )" not in text and " ;" not in text and " :" not in text:
        return text
    text = _SPACED_PUNCT.sub(lambda m: m.group(1) + " ", text)
    text = re.sub(r"(?<=[\w.])\s+,(?=\s)", ",", text)  # "F. P. , & Treves": a comma spaced off its name
    text = re.sub(r"(?<=[A-Za-z)])\s+\.(?=\s)", ".", text)  # "Options Strategies . Ph.D. thesis": an italic title's stop spaced off
    return _SPACED_PARENS.sub(lambda m: m.group(0).strip(), text)


def _strip_ditto(body: str) -> tuple[str, bool]:
    """(``body`` without the dashes that repeat the previous authors, whether it had them)."""
    m = _DITTO.match(body)
    if not m or not (re.search(r"[,.]|\s(?:and|&)\s", m.group(0) + " ") or re.match(r"\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.,:]", body[m.end():])):
        return body, False  # "— (2024)." (a year in parentheses after the dashes) repeats the authors too
    return body[m.end():], True


def _ditto_reference(body: str, ref: Reference) -> Reference | None:
    """A reference whose first author is the previous one's: the rest is read as usual, its year or title first if no names remain."""
    ref.how = "reference (authors as above)"
    m = re.match(r"^\(?(?P<y>(?:1[5-9]|20)\d\d)[a-z]?\)?\s*[:.,]\s*(?P<rest>.+)$", body)
    if m:  # "--, 2006: Title. Journal, 19, 4797-4802."
        title, rest = _quoted_first(m.group("rest")) or _first_sentence(m.group("rest"))
        ref.year, ref.title = int(m.group("y")), _trim_title(title)
        _venue(ref, rest)
        return ref if ref.title else None
    quoted = quoted_title(body, at_start=True) or _quoted_first(body)
    if quoted is not None:  # "-, "Learning by Doing ...," Journal 24 (2000b)"
        title, rest = (quoted.group("t"), body[quoted.end():]) if not isinstance(quoted, tuple) else quoted
        ref.title = _trim_title(title)
        _venue(ref, rest)
        return ref if ref.title else None
    inner = parse_reference(body)
    if inner is not None and inner.title:  # a copy: the inner answer is cached and shared
        return dataclasses.replace(inner, how=ref.how, ids=ref.ids + [i for i in inner.ids if i not in ref.ids])
    title, rest = _first_sentence(body)  # "-, The Conquest of American Inflation (Princeton: ..., 1999)."
    ref.title = _trim_title(re.sub(r"\s*\([^()]*\)\s*$", "", title))
    _venue(ref, rest or title)
    return ref if ref.title and len(ref.title.split()) >= 2 else None


# Set while reading a list whose references open with "Given Family:" (a lone name before a colon is
# a title's head anywhere else: "Probing Classifiers: Promises ...").
_LONE_NAME_HEADS: contextvars.ContextVar[bool] = contextvars.ContextVar("lone_name_heads", default=False)


def parse_reference_colon_named(text: str) -> Reference | None:
    """:func:`parse_reference`, with one plain name before a colon read as the author (in a list written so)."""
    token = _LONE_NAME_HEADS.set(True)
    try:
        return _parse_uncached(text)
    finally:
        _LONE_NAME_HEADS.reset(token)


def colon_after_authors(text: str, ref: Reference | None) -> bool:
    """True when ``text`` opens with its author list ended by a colon (``A and B: Title, 1998.``)."""
    if ref is None or not ref.authors:
        return False
    m = re.match(r"^([^:\"“]{3,200}):\s", strip_label(text)[0])
    return m is not None and parse_authors(m.group(1)) is not None


# "**Krupkin M**\\*, Wekselman I\\*": an escaped star after a name marks equal contribution, never emphasis
_EQUAL_MARK = re.compile(r"(?<=[\w.*])\\\*")
# A publication list's owner in bold among the authors ("Bose T, **Krupkin M**, et al.", "**Kretz, M.**, & Lindenstruth, V.")
_BOLD_NAME = re.compile(r"\*\*(?P<n>[^*]{2,60}?)\*\*(?=\s*(?:,|;|\.\s|\s(?:and|&|et al)\b))")
_INITIALLED = re.compile(r"^(?:[A-Z][\w'’-]+,?\s+(?:[A-Z]\.?\s?-?){1,3}|(?:[A-Z]\.\s?-?){1,3}\s*[A-Z][\w'’-]+)$")


def _unbold_name(m: re.Match[str]) -> str:
    """A bold span that is one person's name among the authors, unbolded (a page's owner); a bold title stays bold.
    First on the line only an initialled name is one ("**Deep Learning**, Yann LeCun, ..." opens with its title)."""
    inner = m.group("n").strip()
    before = m.string[: m.start()]
    first = before.strip(" -*+>") == "" or re.fullmatch(r"\s*(?:[-*+]|\d{1,4}[.)]|\[\w{0,4}\d{1,4}\])?\s*", before) is not None
    if not first and not re.search(r"(?:,|\band|&)\s*$", before) and not re.search(r"\)\s*$", before):
        return m.group(0)  # mid-sentence bold: emphasis, not a name in a list
    if _INITIALLED.match(inner) or (not first and re.fullmatch(r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]+){1,2}", inner)):
        parsed = parse_authors(inner)
        if parsed is not None and len(parsed[0]) == 1:
            return inner
    return m.group(0)


_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])(?=(?:1[5-9]|20)\d\d;\s?\d{1,4}\b)")


def parse_reference(text: str) -> Reference | None:
    """Read one reference (a single line: the caller joins wrapped lines); None when it has no title to trust.

    Detection, segmentation and reading ask about the same lines: answers are remembered
    (a :class:`Reference` is not changed by its users).
    """
    return _parse_cached(text)


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str) -> Reference | None:
    return _parse_uncached(text)


def _parse_uncached(text: str) -> Reference | None:
    if len(text) > MAX_REFERENCE:
        return None  # no reference is this long: prose, or a whole file on one line
    if "\\" in text:
        text = MD_ESCAPE.sub(r"\1", _EQUAL_MARK.sub("", text))
    if "**" in text:
        text = _BOLD_NAME.sub(_unbold_name, text)
    text = _KRAMDOWN_ATTR.sub("", text)
    if "et al" in text:
        text = re.sub(r"([*_])(et\s+al\.?)\1", r"\2", text)  # Springer Nature's "Wang, YJ. _et al._ Title": no italic title
    if _GLUED_YEAR.search(text):
        text = _GLUED_YEAR.sub(" ", text)  # "BMJ1986;292:746-50" (BMJ's pages): the journal, then Vancouver's year;volume
    if (whole := _WHOLE_LINK.match(text.strip())) and len(whole.group(1).split()) >= 6:
        text = whole.group(1) + " " + whole.group(2)  # "[[2] A. Author, ..., Title, Venue (2021).](url)": the reference is the link's text
    if _FULL_WIDTH_PUNCT.search(text):
        text = text.translate(_FULL_WIDTH)  # "I. Polosukhin，[Title](url)（2017），venue" (a Chinese page's punctuation)
    if "Cited by:" in text:
        text = _CITED_BY.sub("", text)
    raw = _unspace(" ".join(unbutton(_TAG.sub("", text), " ").split()))
    raw = _MD_LABEL.sub(r"\1 ", raw)  # "**[12]** Author ..." (a Markdown reading list): the label, unbolded
    if ".." in raw:
        raw = _DOUBLE_STOP.sub(".", raw)  # "... in Japan and the USA.. In Robotics": the title's stop and the style's, one end
    raw = _SPLIT_INITIAL.sub(r"\1.-\2.", raw)  # "J. . -F. Cardoso" (IEEE Xplore's export): "J.-F. Cardoso"
    edited = _EDITOR_MARK.match(raw)
    if edited and "," in edited.group(1) and parse_authors(strip_label(edited.group(1))[0]):  # "Family, Given" (a title has no comma)
        raw = edited.group(1) + " " + raw[edited.end():]  # "Miller, Martin A. Ed. The Russian Revolution": the editor mark is no title
    body, _label = strip_label(raw)
    body = re.sub(r"^\.\s+(?=\S)", "", body)  # "*   . Battaglia, F. P." (PubMed Central as Markdown): a stray stop after the bullet
    body = _SIGNAL.sub("", body)  # "See, e.g., Mariame Kaba, ..." (a law note's signal): no part of the reference
    stripped = body.strip()
    if stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2 and YEAR.search(stripped) \
            and (INVERTED_HEAD.match(stripped[2:]) or stripped[2:].startswith("[p")):
        body = stripped[2:-2]  # "- **Lewis, C. I. “Implication ...” Mind XXI (1912): 522–31.**": a required reading in bold
    body = re.sub(r"^\[pp?\.\s[^\]]{1,30}\]\s*", "", body)  # "[pp. 102-4, 108] Russell, Bertrand, ...": the pages to read
    # China's GB/T 7714: "Title[J]. Journal, 1978, 27(1): 1-31.", "Title[M]//Book. London: ..., 1954."
    body = _GBT_PART_OF.sub(". In: ", body)
    # GOST 7.1 (Russian lists): " // " opens the host work, ". — " each next area ("Title // Journal. — 1982. — Vol. 43")
    gost = " // " in body or ". — " in body
    gost_text = body
    if gost:
        body = re.sub(r"\.?\s+—\s+(?=\S)", ". ", re.sub(r"\s+//\s+", ". In: ", body)) if ". — " in body else \
            re.sub(r"\s+//\s+", ". In: ", body)
    body = _GBT_TYPE.sub("", body)
    if (head := _BOLD_AUTHOR_YEAR.match(body)) and parse_authors(head.group("a")):
        body = head.group("a") + " (" + head.group("y") + ")." + body[head.end():]  # "**Family, I., & Family, I. (1978).** Title."
    tool = _TOOL_LABEL.match(body)
    if tool and (inner := _parse_cached(body[tool.end():])) is not None and inner.authors and inner.year:
        return inner  # "- Bowtie2: Langmead B., Salzberg S.L. (2012) Title ...": a tool's name over its reference
    body, ditto = _strip_ditto(body)
    group = _GROUP_LEAD.match(body)
    if group and len(group.group("g").split()) >= 3 and not _is_initials(group.group("g").split()[-1]):  # not "Dhara S.; ..."  # "US Preventive Services Task Force; Grossman DC, Curry SJ, ...": a group author before the people
        inner = _parse_cached(body[group.end():])
        if inner is not None and inner.authors:
            return dataclasses.replace(inner, authors=[Name(literal=group.group("g")), *inner.authors])
    linked = body  # the links as printed: a title may be one ("A. Gu and T. Dao, [Title](url) (2023)")
    if "](" in body:
        body = _MD_LINK.sub(_unlink, body)
    ids = find_ids(body)
    for found in sorted(ids, key=lambda f: -f.start):  # ids out of the prose, from the end
        body = body[: found.start] + body[found.end:]
    body = re.sub(r"\s*\b(?:doi|url|available|retrieved from|accessed)\s*:?\s*(?:at\s*)?$", "", body, flags=re.I)
    body = re.sub(r"\s*\[\[?[^\]]*\]\]?\([^)]*\)\]?", "", body)  # "[[pdf](...)]", "[[pdf]](...)" buttons in Markdown lists
    body = _BUTTONS.sub("", body)  # "(abstract, full text in PostScript and PDF)": links, not text
    titled = _AUTHORS_THEN_ITALIC.match(body) if "*" in body or "_" in body else None
    if titled is None and "](" in linked:
        titled = _AUTHORS_THEN_ITALIC.match(" ".join(linked.split()))
        if titled is not None and (not titled.group("l") or not YEAR.search(titled.group("rest"))):
            titled = None  # a linked title is a reference's only with its year after it ("Laura Boykin: [Talk](url)" is a talk)
    if titled and not YEAR.search(titled.group("a")) and (named := parse_authors(titled.group("a"))) \
            and all(n.given for n in named[0]):
        # "Brisard, S.; Levitz, P., *Title.* **Phys. Rev. E 2013, 87 (1), 013305.**" (ACS in Markdown or RST), "A. Gu and
        # T. Dao, [Title](https://arxiv.org/abs/...) (2023), venue": the emphasis or link right after the authors is the title
        if titled.group("u"):
            ids = ids + [f for f in find_ids(titled.group("u")) if all((f.kind, f.value) != (g.kind, g.value) for g in ids)]
        ref = Reference(ids=ids, title=_trim_title(_clean_markdown(titled.group("t") or titled.group("s") or titled.group("l"))))
        ref.authors, ref.truncated = named
        rest = _clean_markdown(_MD_LINK.sub(lambda m: m.group(1), titled.group("rest")))
        for found in sorted(find_ids(rest), key=lambda f: -f.start):  # the ids out of the venue, from the end
            rest = rest[: found.start] + " " + rest[found.end:]
        years = _years(rest)
        # A year alone in parentheses is the work's ("Ann. Probability **5** (1977), no. 1"); without one, the last year
        # is ("Analytic number theory (Allerton Park, IL, 1989), ..., Boston, MA, 1990", "from the 2008 French edition
        # ..., Providence, RI, 2015")
        alone = [y for y in years if rest[max(0, y.start() - 1): y.start()] == "(" and rest[y.end(): y.end() + 1] == ")"]
        ref.year = int((alone or years[-1:] or [None])[0].group(1)) if years else None
        _venue(ref, rest)
        ref.how = "reference (authors, emphasised title)"
        return ref if ref.title else None
    bold = re.search(r"\*\*(.+?)\*\*", body)
    if bold and re.fullmatch(r"[A-Z]?-?\d[\d\-–]*[A-Z]?", bold.group(1).strip()):
        body = re.sub(r"\*\*([A-Z]?-?\d[\d\-–]*[A-Z]?)\*\*", r"\1", body)  # "*Journal*, **14** (1963)": a bold volume, no title
        bold = re.search(r"\*\*(.+?)\*\*", body)
    if bold and len(bold.group(1).split()) <= 4 and parse_authors(bold.group(1)) \
            and (body[: bold.start()].strip() or body[bold.end(): bold.end() + 1] == ","):
        bold = None  # a publication list's own author in bold ("**J. Doe**, A. Smith. Title."), not a bold title
    elif bold and not body[: bold.start()].strip() and _INITIALS_IN.search(bold.group(1) + " ") \
            and (named := parse_authors(bold.group(1))) and all(_initials_given(n) for n in named[0]) \
            and len(body[bold.end():].split()) >= 3:
        # GOST and Russian lists print the authors in bold before the title ("**Kohonen T.** Self-organizing maps. —
        # Springer-Verlag, 1995."): names with initials, then the reference, are no bold title
        rest = _clean_markdown(" ".join(body[bold.end():].split()))
        if (dated := re.match(r"^\(?((?:1[5-9]|20)\d\d)[a-z]?\)?[.,:]?\s+(?=\S)", rest)) and \
                (inner := _parse_cached(f"{bold.group(1).strip().rstrip('.')} ({dated.group(1)}). {rest[dated.end():]}")) is not None \
                and inner.title and inner.authors:
            return dataclasses.replace(inner, ids=ids + [i for i in inner.ids if i not in ids])  # "**Nie, X. & Wager, S.** (2021). \"Title.\""
        title, tail = _first_sentence(rest)
        if gost and (own := re.search(r"\*\*(.+?)\*\*", gost_text)):
            # GOST's title area ends at its first area mark (" // ", ". — "); its first sentence is the title proper
            area = re.split(r"\.?\s+—\s+|\s+//\s+", _clean_markdown(" ".join(gost_text[own.end():].split())), maxsplit=1)[0]
            title = _first_sentence(area)[0]
            title = re.sub(r",\s*\d+(?:-?е|st|nd|rd|th)?\s*(?:изд|ed|edn|Aufl)\..*$", "", title)  # ", 2-е изд.: Пер. с англ"
        # "Title: McClelland J.L. and Rumelhart D.E. (Eds). Book": the editors of the book it is in end the title
        title = re.split(r":\s+(?=[^:]{3,120}\((?:[Ee]ds?|[Ee]ditors?)\.?\)$)", title, maxsplit=1)[0]
        ref = Reference(ids=ids, title=_trim_title(title))
        ref.authors, ref.truncated = named
        years = _years(tail) or _years(rest)
        ref.year = int(years[0].group(1)) if years else None
        _venue(ref, tail)
        ref.how = "reference (authors in bold)"
        return ref if ref.title else None
    if bold and len(body[: bold.start()].split()) >= 2 and not re.search(r"[.:,;)\]]\s*$", body[: bold.start()]) \
            and parse_authors(body[: bold.start()]) is None:
        bold = None  # "All deadlines are at **11:59 PM** ...": a sentence's emphasis, not a bold title
    body = " ".join(body.split())
    ref = Reference(ids=ids)
    if ditto:
        return _ditto_reference(_clean_markdown(body), ref)  # "-- 1988. *Referring and accessibility*. Journal ..."
    if bold:  # Markdown reading lists: **Title**. *Authors*. Venue Year.
        ref.title = _trim_title(_clean_markdown(bold.group(1)))
        before, after = body[: bold.start()], body[bold.end():]
        italic = re.search(r"(?<!\*)\*([^*]+)\*(?!\*)|(?<!_)_([^_]+)_(?!_)", after)
        if italic and re.sub(r"[\s\"“”‘’'.,:;–—-]", "", re.sub(r"^\]\([^)]*\)", "", after[: italic.start()])):
            italic = None  # "**Title** **Own D.**, B. (2019). *Neural computation*": an italic venue further on, not the authors
        authors_text = before.strip(" .\"“”‘’'") or (italic.group(1) or italic.group(2) if italic else "")
        parsed = parse_authors(authors_text) if authors_text else None
        if parsed is None and not authors_text:
            # "**Title** (2015), G. Hinton et al. [pdf]": the year, then the authors, after the title
            trailing = re.match(r"^[\s\"”’.,:]*(?:\(\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)[\s,.:]*)?(?P<a>[^\[(]+?)\s*(?:[\[(]|$)", after)
            named = _clean_markdown(trailing.group("a")) if trailing else ""  # "**Spalla D.** (2020).": the owner's name in bold
            if trailing and (found := parse_authors(named)) and (len(found[0]) >= 2 or found[1] or _INITIALS_IN.search(named + " ")):
                parsed = found
        if parsed:
            ref.authors, ref.truncated = parsed
        rest = _clean_markdown(after[italic.end():] if italic and not before.strip(" .") else after)
        _venue(ref, rest)
        ref.how = "markdown list"
        return ref if ref.title else None
    emphasised = _EMPHASIS_AFTER_YEAR.match(body)
    if emphasised and (parsed := parse_authors(emphasised.group("a"))):
        # "P Dourish 2017 *The Stuff of Bits* MIT Press" / "L Parisi 2019 The alien subject of AI, *Subjectivity* 12":
        # a bare year, then the title in italics, or a plain title closed by the italic venue.
        italic = emphasised.group("i") or emphasised.group("u")
        plain = emphasised.group("t")
        ref.authors, ref.truncated = parsed
        ref.year = int(emphasised.group("y"))
        # "(2005). Title. In B. G. Bara (Eds.), *Proceedings ...*": the plain title ends with its sentence
        ref.title = _trim_title(_clean_markdown(re.split(r"(?<=[a-z])\.\s+In\s+(?=[A-Z])", plain, maxsplit=1)[0] if plain else italic))
        _venue(ref, _clean_markdown((italic + " " if plain else "") + emphasised.group("rest")))
        ref.how = "reference (author-year)"
        return ref if ref.title else None
    body = _clean_markdown(body)
    labelled = _labelled_authors(body, ref, by=False)
    if labelled is not None:
        return labelled
    leaders = _LEADERS.search(body)
    if leaders:  # a table of contents: "Title Authors . . . . . 12"
        return _toc_entry(body[: leaders.start()], ref)
    quoted = quoted_title(body) or _SQUOTED.search(body)
    if quoted and quoted.start() == 0 and re.match(r"\s*[;:–—-]", body[quoted.end() - 1:].lstrip("”\"»’")) \
            and (after := body[quoted.end():].strip(" ;,:–—-")):
        # '"Title"; Ann Author, Bob Author' (accepted-paper pages): the quoted title first, the authors after it
        head, tail = (after.split(". ", 1) + [""])[:2] if ". " in after else (after, "")
        parsed = parse_authors(re.sub(r"\s*\(?(?:1[5-9]|20)\d\d\)?\s*$", "", head))
        if parsed and not is_abstract_like(quoted.group("t")):
            ref.title = _trim_title(quoted.group("t"))
            ref.authors, ref.truncated = parsed
            years = _years(after)
            ref.year = int(years[-1].group(1)) if years else None
            _venue(ref, tail)
            ref.how = "reference (quoted title, then authors)"
            return ref
    if quoted and quoted.start() == 0 and (org := _BY_ORGANISATION.match(body[quoted.end():])):
        # '"Employment Situation Technical Note," U.S. Bureau of Labor Statistics, 2015, URL': a report, by the body after it
        ref.title = _trim_title(quoted.group("t"))
        ref.authors = [Name(literal=org.group("o"))]
        ref.year = int(org.group("y"))
        ref.how = "reference (quoted title, then its organisation)"
        return ref
    if quoted and quoted.start() == 0 and (site := re.match(r"^[\s,]*[A-Z@][^.]{1,60}?[.,]\s+(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+)?(?:1[5-9]|20)\d\d\b", body[quoted.end():])) \
            and (years := _years(site.group(0))):
        # '“The Imperfect Cinematography of Paul Thomas Anderson.” *Indepthcine*. December 7, 2025.': a web page's
        # title, its site and its date (Chicago, no author; IEEE's '"Title", *Medium*, 2021.')
        ref.title = _trim_title(quoted.group("t"))
        ref.year = int(years[0].group(1))
        ref.how = "reference (quoted title, then its site)"
        return ref
    if quoted and quoted.start() > 0 and (re.search(r"\((?:1[5-9]|20)\d\d[a-z]?\)\.?\s+[^\s\"“]+\s+[^\s\"“]+", body[: quoted.start()])
                                          or re.search(r"\b(?:Inc|Ltd|LLC|Press|Media|Publishing|Publishers|Verlag)\.?$", quoted.group("t").strip())
                                          and len(quoted.group("t").split()) <= 5):
        quoted = None  # 'Nixon, R. (2021). Learning PHP. " O'Reilly Media, Inc."': a title stood after the year; the quote is the publisher's
    if quoted and quoted.start() > 0 and not _WORD_BEFORE_QUOTE.search(body[: quoted.start()]):
        head = body[: quoted.start()].strip(" ,.:")
        parsed = parse_authors(re.sub(YEAR, "", head).strip(" ,.()")) if head else None
        if parsed and len(quoted.group("t")) <= 250 and not is_abstract_like(quoted.group("t")):
            ref.title = _trim_title(quoted.group("t"))
            ref.authors, ref.truncated = parsed
            years = _years(head) or _years(body[quoted.end():])
            if years:
                ref.year = int(years[0 if _years(head) else -1].group(1))
            dated = _PARENS_YEAR.search(body[quoted.end():]) if not _years(head) else None
            if dated:  # Chicago notes: '"Title," *Journal* 12, no. 2 (2020): 1–34; quoted in *Review*, 2021': the parenthesised year
                ref.year = int(dated.group(1))
            _venue(ref, body[quoted.end():])
            ref.how = "reference (quoted title)"
            return ref
    # Author-year styles: authors, then the year, then the title.
    # (APA's date may name the day: "(2006, March 25)", "(2006, 25-26 March)")
    m = re.search(r"^(?P<a>.{2,400}?)[\s,.]*[(\[]?\s*(?P<y>(?:1[5-9]|20)\d\d)[a-z]?(?:,\s*(?:[A-Z][a-z]+\.?(?:\s+\d{1,2}(?:[–-]\d{1,2})?)?|\d{1,2}(?:[–-]\d{1,2})?\s+[A-Z][a-z]+\.?))?\s*(?:[)\]]\s*[.,:]?|[.,:])\s+(?P<rest>.+)$", body)
    if m and m.group("rest")[:1].islower() and re.search(r"[)\]]\s*$", body[: m.start("rest")]) \
            and not re.search(r"\b[A-Z]\.|,", m.group("a")):
        m = None  # "Dwork et al. (2015) propose an elegant ...": a citation in a sentence, no reference
    if m:
        parsed = parse_authors(m.group("a"))
        if parsed:
            title, rest = _quoted_first(m.group("rest")) or _unstopped_venue(m.group("rest")) or _first_sentence(m.group("rest"))
            if re.match(r"^[)\]]?,", body[m.end("y"):].lstrip("abcdefghijklmnopqrstuvwxyz")) and ", " in title:
                # "Zuo, Y. ... [2017], Title, BMC Bioinformatics 18(99)." (commas all through): the title ends before
                # the piece that opens the venue (a journal with its volume, "in The 17th Workshop", "Proceedings of")
                pieces = re.split(r", |,(?=\d)", m.group("rest"))
                for k in range(1, len(pieces)):
                    volume_next = k + 1 < len(pieces) and re.match(r"^\d{1,4}\s*\(\d", pieces[k + 1])
                    if _VENUE_PIECE.match(pieces[k]) or volume_next or re.match(
                            r"^(?:\d{1,4}\s*\(\d|in\s+[A-Z]|Proceedings\b|[A-Z][\w&/.-]*(?:\s+[\w&/.()-]+){0,8}\s+\d{1,4}\s*(?:\(|,|\.?$))", pieces[k]):
                        title, rest = ", ".join(pieces[:k]), ", ".join(pieces[k:])
                        break
            if len(title.split()) >= 1 and title[:1].isalnum() or title[:1] in "“\"'¿¡(":
                ref.authors, ref.truncated = parsed
                ref.year = int(m.group("y"))
                ref.title = _trim_title(title)
                _venue(ref, rest)
                ref.how = "reference (author-year)"
                return ref if ref.title else None
    # Authors, then the title, the year later (Vancouver, Nature, ACM, IEEE without quotes, CVs).
    prefix = _author_prefix(body)
    commas = _comma_prefix(body)
    if prefix is not None and len(prefix[0]) >= 3 and not prefix[0][-1].given and all(n.given for n in prefix[0][:-1]):
        prefix = None  # "J. Devlin, M.-W. Chang, K. Toutanova, Bert: Pre-training ...": a bare word after initialled names opens the title
    if prefix is not None and commas is not None and len(prefix[0]) > len(commas[0]) \
            and all(_initials_given(n) for n in commas[0]) \
            and not any(_initials_given(n) for n in prefix[0][len(commas[0]):]) and parse_authors(commas[2]) is None:
        prefix = None  # "E. Bonabeau, M. Dorigo, G. Theraulaz, Swarm Intelligence: From ...": no initials, no name
    if prefix is not None and commas is not None and len(prefix[0]) > len(commas[0]) and not _INITIALS_IN.search(commas[2] + " ") \
            and len(_inverted_names(body, len(commas[0]))) == len(commas[0]) and INVERTED_HEAD.match(body) \
            and not re.search(r"(?:\band|&)\s*$", body[: body.find(commas[2])]) \
            and not re.match(r"^\s*,\s*(?:[A-Z]\.|[A-Z][\w'’-]+,)", body[body.find(commas[2]) + len(commas[2]):]) \
            and not re.match(r"^[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?,\s", commas[2]):
        prefix = None  # "Leith, P., Clear Rules and Legal Expert Systems, In A.A. ...": every name inverted, then the title
    if commas is not None and (prefix is None or len(commas[0]) > len(prefix[0])):
        names, truncated, title, tail = commas
        years = _years(tail) or _years(body)
        ref.authors, ref.truncated = names, truncated
        ref.title = _trim_title(title)
        ref.year = int(years[-1].group(1)) if years else None
        _venue(ref, tail)
        ref.how = "reference (authors, title, commas)"
        return ref
    if prefix is not None:
        names, truncated, rest = prefix
        book = _BOOK.match(rest)
        if book and not _SENTENCE.search(book.group("t")) and re.search(r"[A-Za-z?!]$", book.group("t")):
            # Nature's books and chapters: "Title (Publisher, 2000)." / "in Book (eds A.) 433-468 (Springer, 2013)."
            title, tail = book.group("t"), book.group("p")
            if book.group("pp"):
                ref.page = re.sub(r"\s*[-–—]+\s*", "-", book.group("pp").strip())
        else:
            title, tail = _elsevier_venue(rest) or _first_sentence(rest)
            venue_year = re.search(r",\s*(?:[A-Z][\w.&/-]*(?:\s+[\w.&/-]+){0,6}\s+)?(?:1[5-9]|20)\d\d[a-z]?$", title)
            if venue_year and len(title[: venue_year.start()].split()) >= 2 and not _years(tail):
                # "A and B: Title, ICML 2001." (reading lists): the venue and year close the title's sentence
                title, tail = title[: venue_year.start()], title[venue_year.start() + 1:] + " " + tail
        if "?" not in title and title.count(":") == 0 and len(title.split()) <= 2 and tail:
            pass
        years = _years(tail) or _years(rest)
        ref.authors, ref.truncated = names, truncated
        ref.title = _trim_title(title)
        ref.year = int(years[-1].group(1)) if years else None
        _venue(ref, tail)
        ref.how = "reference (authors first)"
        return ref if ref.title and len(ref.title) >= 4 else None
    labelled = _labelled_authors(body, ref)
    if labelled is not None:
        return labelled
    middle = _title_comma_authors(body, ref)
    if middle is not None:
        return middle
    semi = _semicolon_record(body, ref) if body.count(";") == 2 and "; " not in body else None
    if semi is not None:
        return semi
    # Title first, then the authors (accepted-paper lists: "Title. Ann Author, Bob Author.").
    title, rest = _first_sentence(body)
    authors_text, tail = _first_sentence(rest)
    parsed = parse_authors(authors_text) if rest else None
    if parsed and (len(parsed[0]) >= 2 or parsed[1] or _INITIALS_IN.search(authors_text)) and len(title.split()) >= 2:
        ref.title, (ref.authors, ref.truncated) = _trim_title(title), parsed
        years = _years(tail)
        ref.year = int(years[-1].group(1)) if years else None
        _venue(ref, tail)
        ref.how = "reference (title, then authors)"
        return ref
    untitled = _TITLE_JOURNAL_YEAR.match(body)
    if untitled and not _INITIALS_IN.search(untitled.group("t") + " ") and parse_authors(untitled.group("t")) is None \
            and len(untitled.group("t").split()) >= 4 and (untitled.group("j") or untitled.group("id")) \
            and not is_abstract_like(untitled.group("t")):
        # Vancouver without authors: "Immune imbalance in the human hippocampus ... Front Immunol. 2025. (PMC, ...)"
        ref.title = _trim_title(untitled.group("t"))
        ref.year = int(untitled.group("y"))
        ref.container = (untitled.group("j") or "").strip(" .") or None
        ref.how = "reference (title, journal and year; no authors)"
        return ref
    return None


# A reference that names no author: its title's sentence, then a journal's abbreviated name and the year (Vancouver), or
# the year and an id: "Title. Mol Psychiatry. 2025. doi:...", "Title. 2025. (PMC12130596)"
_TITLE_JOURNAL_YEAR = re.compile(
    r"^(?P<t>[A-Z][^.?!]{15,300}[.?!])\s+(?:(?P<j>(?:[A-Z][A-Za-z&]*\.?\s){0,5}[A-Z][A-Za-z&]*)\.\s+)?(?P<y>(?:19|20)\d\d)\b"
    r"(?=[.;:\s]*(?:\d|doi\b|$|(?P<id>\(PMC|\(PMID|https?://|doi:)))")


def _title_comma_authors(body: str, ref: Reference) -> Reference | None:
    """``Title, B. W. Wah, A. Aizawa, Venue, 1995`` (CV lists): the names with initials in the middle end the title."""
    tokens = [t.strip() for t in body.split(", ")]
    for natural in (True, False):  # two or more plain names first, then one with initials
        found = _names_after_title(tokens, natural, ref)
        if found is not None:
            return found
    return None


def _names_after_title(tokens: list[str], natural: bool, ref: Reference) -> Reference | None:
    """Try each cut: a title, then names (with initials, or, when ``natural``, two or more plain ones)."""
    for i in range(1, len(tokens)):
        names: list[Name] = []
        j = i
        while j < len(tokens):
            pieces = re.split(r"\s+(?:and|&)\s+", re.sub(r"^(?:and|&)\s+", "", tokens[j]))
            parsed = [split_name(p) for p in pieces if _word_like(p) and 2 <= len(p.split()) <= 4
                      and (_INITIALS_IN.search(p + " ") or natural)]
            if not parsed or len(parsed) != len(pieces) or any(n is None for n in parsed):
                break
            names.extend(parsed)
            j += 1
        if natural and len(names) >= 2 and not _initials_given(names[0]) and any(_initials_given(n) for n in names[1:]):
            continue  # "..., and Cross-color Prediction, J. Wang, D. Ding": a title's last words before initialled names
        if names and (not natural or len(names) >= 2):
            title = ", ".join(tokens[:i])
            if natural and _SENTENCE.search(title.rstrip(" ?!")):
                return None  # "Title. Ann Author, Bob Author": the title-first shape, read elsewhere (a title may ask: "...Stable?")
            if len(title.split()) < 2 or ("," in title or _INITIALS_IN.search(title + " ")) and parse_authors(title) is not None \
                    or re.fullmatch(rf"[{_CAPS}][\w'’-]+\s[{_CAPS}]{{1,3}}", title):
                return None  # names before names ("Takasato M, Er PX, ...": Vancouver's first name too): an author list, not a title
            ref.title, ref.authors = _trim_title(title), names
            _venue(ref, ", ".join(tokens[j:]))
            ref.how = "reference (title, authors, venue)"
            return ref
    return None


_INITIALS_IN = re.compile(rf"\b[{_CAPS}]\.\s")


def _quoted_first(text: str) -> tuple[str, str] | None:
    """(a title in quotes that opens ``text``, the rest): Harvard's 'Title', and “Title.”"""
    m = re.match(r"^[‘'“\"](?P<t>.{6,300}?)[,.]?[’'”\"](?=[,.\s]|$)[,.]?\s*(?P<rest>.*)$", text)
    return (m.group("t"), m.group("rest")) if m else None


_AUTHORS_INLINE = re.compile(r"^(?P<t>.{6,300}?)[\s,.;]+(?:authors?|authored by)\s*:\s*(?P<a>.+)$", re.I)
_BY = re.compile(r",?\s+by\s+(?=[A-Z\u00C0-\u024F])")
# A sentence ended, then a participle before "by": "... logic. Maintained by", "Posted by" (prose, not a title's authors).
_PROSE_BY = re.compile(r"[.!?]\s+(?:[A-Z][a-z]+\s+)?(?:maintained|written|posted|created|curated|compiled|developed|funded|supported|hosted|organi[sz]ed)$", re.I)


def _semicolon_record(body: str, ref: Reference) -> Reference | None:
    """``Long short-term memory;Hochreiter;Neural computation,1997``: title; authors; venue and year (database exports)."""
    parts = [p.strip() for p in body.split(";")]
    if len(parts) != 3 or len(parts[0].split()) < 2 or " " in parts[0][:0]:
        return None
    parsed = parse_authors(parts[1])
    if not parsed or parse_authors(parts[0]) is not None:
        return None
    ref.title, (ref.authors, ref.truncated) = _trim_title(parts[0]), parsed
    _venue(ref, parts[2].replace(",", ", "))
    ref.how = "reference (title; authors; venue)"
    return ref


def _labelled_authors(body: str, ref: Reference, *, by: bool = True) -> Reference | None:
    """``Title Authors: A, B`` (paper digests) and ``Title, by A and B, 5–42.`` (tables of contents, award pages)."""
    m = _AUTHORS_INLINE.match(body)
    if m:
        title, authors, tail = m.group("t"), m.group("a"), ""
    else:
        cuts = list(_BY.finditer(body)) if by else []
        if not cuts:
            return None
        cut = cuts[-1]  # "Natural Language Processing ... by Yue Zhang, by Julia Ive": the last "by" names the authors
        title, rest = body[: cut.start()], body[cut.end():]
        if _PROSE_BY.search(title):
            return None  # "... of justification logic. Maintained by Roman Kuznets": a sentence about a page, not a title
        authors, _, tail = rest.partition(", ")
        while tail and not re.match(r"^[\d(]|pp?\.|vol", tail, re.I) and _word_like(tail.split(",")[0]) and len(tail.split(",")[0].split()) <= 4:
            more, _, tail = tail.partition(", ")  # more names: "by A, B and C, 12-20"
            authors += ", " + more
    parsed = parse_authors(authors.strip().rstrip("."))
    if not parsed or len(title.split()) < 2 or (not m and not all(n.given for n in parsed[0])):
        return None  # "Learning by Doing" names no person
    ref.title, (ref.authors, ref.truncated) = _trim_title(title), parsed
    _venue(ref, tail)
    ref.how = "reference (title, then labelled authors)"
    return ref


_LEADERS = re.compile(r"(?:\s?\.){4,}\s*(?:[ivxlc]+|\d{1,5})?\s*$")


def _toc_entry(text: str, ref: Reference) -> Reference | None:
    """A table-of-contents line: the title, then the authors (PDF text often runs them together: ``ModelAlex``)."""
    text = text.strip(" .")
    joined = [m.start() for m in re.finditer(r"(?<=[a-z?!)])(?=[A-Z][\w'’-]*\.?\s)", text)]
    spaced = [m.end() for m in re.finditer(r"(?<=[a-z?!)])\s+(?=[A-Z][\w'’-]*\.?\s)", text)]
    for cut in joined + spaced:
        title, authors = text[:cut].strip(), text[cut:].strip()
        parsed = parse_authors(authors)
        if parsed and len(title.split()) >= 2 and (len(parsed[0]) >= 2 or parsed[1]) and len(parsed[0][0].display().split()) <= 3:
            ref.title, (ref.authors, ref.truncated) = title, parsed
            ref.how = "table of contents"
            return ref
    return None


def _venue(ref: Reference, rest: str) -> None:
    """Container title, volume, issue and pages from the text after the title."""
    rest = _IN_VENUE.sub("", rest.strip(" .,"))
    rest = re.split(r";\s*(?:also|reprinted|republished)\b", rest, flags=re.I)[0]  # a reprint's year is not the paper's
    if ref.year is None:
        years = _years(rest)
        if years:
            ref.year = int(years[-1].group(1))
    vol = _VOL.search(rest)
    if vol:
        ref.volume = vol.group("v1") or vol.group("v2") or vol.group("v3")
        issue = vol.group("i1") or vol.group("i2")
        ref.issue = issue.strip() if issue else None
    pages = _PAGES.search(rest[vol.end():] if vol else rest)
    if pages:
        ref.page = re.sub(r"\s*[-–—]+\s*", "-", pages.group("p") or pages.group("q"))
    cut = len(rest)
    for stop in (vol, YEAR.search(rest), pages and _PAGES.search(rest)):
        if stop is not None:
            cut = min(cut, stop.start())
    container = rest[:cut].strip(" .,;:(")
    container = re.sub(r"\s*(?:pp?|vol|no)\.?$", "", container, flags=re.I).strip(" .,;:")
    if container and any(c.isalpha() for c in container) and len(container) <= 200:
        ref.container = container
