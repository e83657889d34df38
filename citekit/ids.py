"""Identifiers and normal forms: arXiv ids (new and old style), DOIs, normalized titles.

Shared by readers (to find ids in text), merging (identity) and the enricher (matching).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .lazyre import LazyPattern

__all__ = [
    "isbn13",
    "OLD_ARCHIVES",
    "isbns",
    "ArxivId",
    "parse_arxiv_id",
    "find_arxiv_ids",
    "parse_doi",
    "normalize_title",
    "normalize_text",
    "ARXIV_DOI_PREFIX",
    "FoundId",
    "find_ids",
]

ARXIV_DOI_PREFIX = "10.48550/arXiv."

#: The old-style archives (before April 2007: hep-th/9711200, math.AG/0601001), as a regex alternation.
OLD_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|comp-gas|"
    "cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|mtrl-th|nlin|"
    "nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|supr-con"
)
_NEW = r"(?P<new>(?P<yymm>\d{4})\.(?P<num>\d{4,5}))"
_OLD = rf"(?P<old>(?P<archive>(?:{OLD_ARCHIVES})(?:\.[A-Z]{{2}})?)/(?P<oldnum>\d{{7}}))"
_VERSION = r"(?:v(?P<version>\d{1,3}))?"
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"

_EXACT = re.compile(rf"^{_ID}$", re.IGNORECASE)


@functools.cache
def _in_text() -> re.Pattern[str]:
    """An id in running text: after "arXiv:" or an arxiv.org path, or standing alone as a word.

    Compiled on first use: the readers of records (CSL-JSON, .bib) never search text for ids.
    """
    return re.compile(
        rf"(?:arxiv\s*:\s*|arxiv\.org/(?:abs|pdf|format|html)/|(?<![\w./-])){_ID}(?:\.pdf)?(?![\w/-]|\.\d)",
        re.IGNORECASE,
    )


_ABS_URL = LazyPattern(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|format|html)/", re.I)
_PDF_SUFFIX = LazyPattern(r"\.pdf$", re.I)
_ARXIV_PREFIX = LazyPattern(r"^arxiv\s*:\s*", re.I)
# SICI DOIs hold < > ; (10.1002/(SICI)1097-4636(199703)34:3<307::AID-JBM5>3.0.CO;2-K): read them whole.
_DOI = LazyPattern(r"\b(10\.\d{4,9}/[^\s\"']+)", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class ArxivId:
    """An arXiv identifier without its version, plus the version when one was given."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def is_old_style(self) -> bool:
        """True for pre-2007 ids such as ``hep-th/9711200``."""
        return "/" in self.id

    @property
    def year_month(self) -> tuple[int, int]:
        """The (year, month) the id encodes: the month of first submission."""
        digits = self.id.split("/")[-1][:4] if self.is_old_style else self.id[:4]
        yy, mm = int(digits[:2]), int(digits[2:4])
        year = (1900 + yy) if yy >= 91 else (2000 + yy)
        return year, mm


def _from_match(m: re.Match[str]) -> ArxivId | None:
    version = int(m.group("version")) if m.group("version") else None
    if m.group("new"):
        yymm = m.group("yymm")
        month = int(yymm[2:])
        num = m.group("num")
        # Five-digit numbers began in January 2015; four-digit ones ended then.
        five = int(yymm) >= 1501
        if not 1 <= month <= 12 or (len(num) == 5) != five or int(yymm) < 704:
            return None
        return ArxivId(m.group("new"), version)
    month = int(m.group("oldnum")[2:4])
    if not 1 <= month <= 12:
        return None
    archive = m.group("archive")
    # Archive names are lower case; a subject class after a dot is upper case (math.AG).
    base, dot, subject = archive.partition(".")
    archive = base.lower() + (dot + subject.upper() if dot else "")
    return ArxivId(f"{archive}/{m.group('oldnum')}", version)


def parse_arxiv_id(text: str) -> ArxivId | None:
    """Parse one arXiv id in any form people paste, or return None.

    Accepts ``2101.00001``, ``arXiv:2101.00001v2``, ``hep-th/9711200``, and abs/pdf
    URLs (arxiv.org or export.arxiv.org, with or without version or ``.pdf``).
    Impossible ids (month 13, a four-digit number after 2014) give None.
    """
    s = text.strip().strip("<>").rstrip("/")
    m = _EXACT.match(s)  # a bare id (the common case) has no prefix or suffix to take off
    if m is None:
        s = _ABS_URL.sub("", s)
        s = _PDF_SUFFIX.sub("", s)
        s = _ARXIV_PREFIX.sub("", s)
        m = _EXACT.match(s)
    return _from_match(m) if m else None


def find_arxiv_ids(text: str) -> list[ArxivId]:
    """Every valid arXiv id mentioned in ``text``, in order, without duplicates."""
    out: list[ArxivId] = []
    for m in _in_text().finditer(text):
        found = _from_match(m)
        if found and found not in out:
            out.append(found)
    return out


def parse_doi(text: str) -> str | None:
    """The DOI in ``text`` (a bare DOI, ``doi:`` prefix or doi.org URL), or None."""
    s = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/", "", text.strip(), flags=re.I)
    s = re.sub(r"^doi\s*:\s*", "", s, flags=re.I)
    m = _DOI.search(s)
    if not m:
        return None
    doi = m.group(1)
    if "<" not in doi:
        doi = doi.split(">", 1)[0]  # <https://doi.org/...> in running text
    if "[" in doi and "]" not in doi[doi.index("["):]:
        doi = doi[: doi.index("[")]  # "10.1007/JHEP01(2015)073[arXiv:1408.3203": the bracket opens what follows
    doi = doi.split("](", 1)[0]  # "[https://doi.org/10.1101/x](https://doi.org/10.1101/x)": a Markdown link's text ends there
    doi = re.split(r"[|†‡]", doi, maxsplit=1)[0]  # a Markdown table's cell ends there ("...)||"), or a tool's link mark ("†doi.org")
    doi = re.split(r"[“”‘’]", doi, maxsplit=1)[0]  # a curly quote closes the title round a linked DOI ('"[Title](https://doi.org/...),”')
    glued = re.search(r"\.?\[[A-Za-z]", doi)
    if glued:
        doi = doi[: glued.start()]  # "...02.027.[DOI]", "...073[arXiv:1408.3203]": a button or an id glued on, not the DOI's
    doi = doi.rstrip(".,;]}")
    # A ")" closes the DOI's own "(" (SICI) or, unmatched, the sentence around it.
    while doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1].rstrip(".,;]}")
    return doi


@dataclass(slots=True, frozen=True)
class FoundId:
    """An identifier found in running text: its kind, normal value, version and span.

    ``kind`` is ``arxiv`` (value without version; Hugging Face paper URLs and arXiv DOIs
    give this too), ``doi`` (as written, without prefix), ``openreview``, ``acl`` (an ACL
    Anthology id), ``dblp`` (a record key) or ``s2`` (a Semantic Scholar paper hash).
    """

    kind: str
    value: str
    version: int | None = None
    start: int = 0
    end: int = 0

    @property
    def url(self) -> str:
        """The canonical URL of the paper this id names."""
        return _URL_OF[self.kind].format(self.value)


_URL_OF = {
    "arxiv": "https://arxiv.org/abs/{}",
    "doi": "https://doi.org/{}",
    "openreview": "https://openreview.net/forum?id={}",
    "acl": "https://aclanthology.org/{}",
    "dblp": "https://dblp.org/rec/{}",
    "s2": "https://www.semanticscholar.org/paper/{}",
}


@functools.cache
def _any_id() -> re.Pattern[str]:
    """One pattern for every id kind; URL forms come first so an id inside a URL is read once."""
    new = r"\d{4}\.\d{4,5}"
    old = rf"(?:{OLD_ARCHIVES})(?:\.[A-Za-z]{{2}})?/\d{{7}}"
    host = r"(?<![\w.-])(?:https?://)?(?:www\.|export\.)?"
    return re.compile(
        "|".join((
            rf"{host}arxiv\.org/(?:abs|pdf|html|format)/(?P<ax_url>(?:{new}|{old})(?:v\d{{1,3}})?)(?:\.pdf)?",
            rf"{host}(?:huggingface\.co|hf\.co)/papers/(?P<hf>{new})",
            rf"{host}openreview\.net/(?:forum|pdf|attachment)\?(?:[\w=%-]*&)*id=(?P<or>[A-Za-z0-9_-]{{6,}})",
            rf"{host}(?:aclanthology\.org|aclweb\.org/anthology)/(?:[A-Z]/[A-Z]\d\d/)?(?P<acl>[A-Z]\d\d-\d{{4}}|\d{{4}}\.[a-z][a-z0-9-]*\.\d+)",
            rf"{host}dblp(?:\.uni-trier)?\.(?:org|de)/rec/(?:(?:bibtex|xml|html)\d?/)?(?P<dblp>[a-z][\w-]*/[\w-]+/[\w-]+?)(?=\.html|\.bib|\.xml|[^\w/-]|$)",
            rf"{host}(?:api\.)?semanticscholar\.org/(?:graph/v1/)?paper/(?:[^/\s]+/)?(?P<s2>[0-9a-f]{{40}})",
            rf"{host}(?:dx\.)?doi\.org/(?P<doi_url>10\.\d{{4,9}}/[^\s\"']+)",
            # A publisher's page names its DOI in the path: /doi/10..., /doi/abs/10..., /article/10..., /content/10...
            r"/(?:doi(?:/(?:abs|full|pdf|epdf|book))?|article|chapter|content|book)/(?P<doi_path>10\.\d{4,9}/[^\s\"'?#]+)",
            r"(?<![\w.-])(?:api\.)?semanticscholar\.org/(?:paper/)?(?P<corpus>CorpusI[dD]:\d+)",
            r"(?<![\w.-])(?:CoRR|arXiv(?:\s+preprint)?)\s+abs/(?P<corr>\d{4}\.\d{4,5})",
            r"(?<![\w./-])(?:doi\s*:\s*)?(?P<doi>10\.\d{4,9}/[^\s\"']+)",
            # "arXiv:1804.09635Prediction without ...": a page that runs an entry's id into the next text. The prefix
            # says it is an id, and a new-style number has its set length, so a capitalised word after it ends it.
            r"arxiv\s*:\s*(?P<ax_glued>\d{4}\.\d{4,5}(?:v\d{1,3})?)(?=[A-Z][a-z])",
            rf"(?:arxiv\s*:\s*|(?<![\w./:-])){_ID}(?:\.pdf)?(?![\w/-]|\.\d)",
        )),
        re.IGNORECASE,
    )


# What every id holds somewhere: a year-month number, a DOI prefix, an old-style number, or a site's name.
_HINT = LazyPattern(r"\d{4}\.\d{4}|10\.\d{4}|/\d{7}|openreview|aclanthology|aclweb|dblp|semanticscholar", re.IGNORECASE)


def find_ids(text: str) -> list[FoundId]:
    """Every paper identifier in ``text``, in order, each once (the first place it stands).

    Look-alikes are not ids: ``2.14``, ``v2.3``, dates such as ``12.03.2025`` and version
    numbers have no four-digit year-month before the dot or a month outside 1-12.
    """
    out: list[FoundId] = []
    if not _HINT.search(text):
        return out  # one quick pass settles most prose: no id can stand in it
    seen: set[tuple[str, str]] = set()
    pattern = _any_id()
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        found = _found(m)
        pos = m.end()
        if found is not None and found.end < m.end():
            pos = max(found.end, m.start() + 1)  # a DOI cut short ("...073[arXiv:1408.3203"): what follows is read too
        if found is None or (found.kind, found.value.lower()) in seen:
            continue
        seen.add((found.kind, found.value.lower()))
        out.append(found)
    return out


def _found(m: re.Match[str]) -> FoundId | None:
    """The :class:`FoundId` one match of :func:`_any_id` names, or None for an impossible id."""
    span = (m.start(), m.end())
    for group in ("ax_url", "hf", "corr", "ax_glued"):
        if m.group(group):
            parsed = parse_arxiv_id(m.group(group))
            return FoundId("arxiv", parsed.id, parsed.version, *span) if parsed else None
    for group, kind in (("or", "openreview"), ("acl", "acl"), ("dblp", "dblp"), ("s2", "s2"), ("corpus", "s2")):
        if m.group(group):
            value = m.group(group)
            if kind == "dblp":
                # A key ends in its year and letter ("AdriaensA23", "Li23b"): a capitalised word glued after the
                # year is the next text ("...AdriaensA23Florian Adriaens, ..." when a page's menus were run together).
                glued = re.search(r"(?<=\d)[A-Z][a-z]+$", value)
                if glued:
                    value = value[: glued.start()]
                    span = (span[0], span[1] - (len(m.group(group)) - len(value)))
            return FoundId(kind, value, None, *span)
    doi = m.group("doi_url") or m.group("doi_path") or m.group("doi")
    if doi:
        # A page's next label glued to the DOI ("DOI:10.1109/ARIS.2016.7886619Corpus ID: 18108336", a Semantic Scholar
        # page as copied): a capitalised word after its last digit is no part of it.
        doi = re.sub(r"(?<=\d)(?:Corpus|Published|Abstract|PMID|PMCID|Cited|Citations?|Download|View)$", "", doi)
        doi = parse_doi(doi)
        if not doi:
            return None
        if doi.startswith("10.1101/"):
            doi = re.sub(r"v\d+(?:\.(?:full|abstract|pdf|full-text)(?:\.pdf)?)?$", "", doi)  # bioRxiv/medRxiv: the version is no part of the DOI
        if doi.lower().startswith(ARXIV_DOI_PREFIX.lower()):
            parsed = parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX):])
            return FoundId("arxiv", parsed.id, parsed.version, *span) if parsed else None
        if doi.lower().startswith(ARXIV_DOI_PREFIX.lower().split("/")[0] + "/"):
            return None  # arXiv's prefix names only arXiv ids: "10.48550/arXiv" cut at a line's end is none
        group = next(g for g in ("doi_url", "doi_path", "doi") if m.group(g))
        at = m.string.find(doi, m.start(group))
        end = at + len(doi) if at != -1 and at + len(doi) <= m.end() else m.end()
        return FoundId("doi", doi, None, m.start(), end)
    parsed = _from_match(m)
    return FoundId("arxiv", parsed.id, parsed.version, *span) if parsed else None


def normalize_text(text: str) -> str:
    """Case-, accent-, punctuation- and space-insensitive form of ``text`` for comparisons."""
    folded = text
    if not text.isascii():  # ASCII has nothing to decompose; skipping it makes merging fast
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _TEX_MARKUP.sub(" ", folded)  # TeX commands and braces
    # The runs of word characters, space-separated: what replacing every other run by a space and collapsing gives.
    return " ".join(_WORD.findall(folded.casefold()))


_TEX_MARKUP = re.compile(r"\\[a-zA-Z]+|[{}$\\]")
_WORD = re.compile(r"\w+")


def normalize_title(title: str) -> str:
    """The form in which two printings of the same title compare equal."""
    return normalize_text(title)


_ISBN_SPLIT = LazyPattern(r"[,;]|\s(?=\d)")


def isbn13(piece: str) -> str | None:
    """One ISBN (10 or 13, hyphens and spaces allowed) as its 13 digits, or None when it is not a valid ISBN."""
    from stdnum import isbn

    piece = piece.strip()
    if not piece or not isbn.is_valid(piece):
        return None
    return isbn.to_isbn13(isbn.compact(piece))


def isbns(text: str) -> list[str]:
    """Every valid ISBN in ``text`` (a list separated by commas, semicolons or spaces) as 13 digits, in order."""
    whole = isbn13(text)  # one ISBN written with spaces ("978 0 306 40615 7")
    if whole:
        return [whole]
    return [found for piece in _ISBN_SPLIT.split(text) if (found := isbn13(piece))]
