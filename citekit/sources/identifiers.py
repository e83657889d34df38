"""Reader for identifier lists: arXiv ids and URLs, huggingface.co/papers URLs, DOIs.

One or more identifiers per line, separated by spaces, commas or semicolons; blank lines
and ``#`` comments are allowed. An arXiv DOI (``10.48550/arXiv.ID``) is read as the
arXiv id. A token that is no identifier is reported with its line; a line whose tokens
are not identifiers but which mentions some (``see arXiv:2101.00001``, a paragraph of an
e-mail) gives every paper id it mentions (arXiv, DOI, Hugging Face, OpenReview, ACL
Anthology, DBLP, Semantic Scholar; see :func:`citekit.ids.find_ids`), each once, and the
text around them is reported in one warning for the whole input, not one per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import ARXIV_DOI_PREFIX, ArxivId, FoundId, find_ids, parse_arxiv_id
from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._text import lines_of

__all__ = ["READER", "IdentifierListReader", "parse_identifier"]

_HF = re.compile(r"^(?:https?://)?(?:www\.)?(?:hf\.co|huggingface\.co)/papers/(?P<id>[^\s?#]+)", re.IGNORECASE)
_DOI_START = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*)?10\.\d{4,9}/\S+$", re.IGNORECASE)
_ARXIV_OR_HF_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org|hf\.co|huggingface\.co)/", re.IGNORECASE)
_URL_TAIL = re.compile(r"[?#].*$")
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,;]+")
# An arXiv category printed after an id: "[cs.LG]", "[hep-th]", "[math.AG]".
_CATEGORY = re.compile(r"^\[([a-z][a-z\-]*(?:\.[A-Za-z\-]+)?)\]$")
_PREFIX_SPACE = re.compile(r"\b(arxiv|doi)\s*:\s+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\[]{6,300})\]\((\S+?)\)")
_HTML_LINK = re.compile(r"<a\s[^>]*?href=\"([^\"]+)\"[^>]*>([^<]{6,300})</a>", re.I)
# What a site's tab puts around a paper's title: arXiv's "[2608.09888] ", Hugging Face's "Paper page - ".
_TAB_LABEL = re.compile(r"^(?:\[\d{4}\.\d{4,5}(?:v\d+)?\]\s*|Paper page\s*-\s*)")
# A link's words that can be a title: three words or more, not a URL, an id, a button ("[PDF]", "[link]") or arXiv's
# stand-in for an address in its metadata ("this https URL").
_TITLE_WORDS = re.compile(r"^(?!https?:|www\.|doi|arxiv|10\.\d|this https? url$)(?=(?:\S+\s+){2,})[^\s\[\]][^\[\]]*$", re.I)


def parse_identifier(token: str) -> ArxivId | str | None:
    """An :class:`ArxivId`, a DOI string, or None for one pasted identifier."""
    token = token.strip().strip("<>()[]\"'")
    if not token:
        return None
    if _URL_TAIL.search(token) and _ARXIV_OR_HF_URL.match(token):
        # A query or fragment after an arXiv or HF URL (``?context=cs``, ``#``) names nothing.
        token = _URL_TAIL.sub("", token)
    hf = _HF.match(token)
    if hf:
        return parse_arxiv_id(hf.group("id"))
    found = parse_arxiv_id(token.rstrip("."))  # a full stop after an id ends the sentence
    if found:
        return found
    if _DOI_START.match(token):
        doi = _whole_doi(token)
        if doi and doi.lower().startswith(ARXIV_DOI_PREFIX.lower()):
            return parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX):])
        return doi
    return None


def _whole_doi(token: str) -> str:
    """The DOI a whole token names: every character kept (SICI DOIs hold ``<``, ``>``, ``;``) but the prefix and end punctuation."""
    doi = _DOI_PREFIX.sub("", token).rstrip(".,;")
    while doi and doi[-1] in ")]}" and doi.count(doi[-1]) > doi.count({")": "(", "]": "[", "}": "{"}[doi[-1]]):
        doi = doi[:-1]  # a bracket closing around the DOI, not inside it
    return doi


def _tokens(line: str) -> list[str]:
    """The identifier-sized pieces of ``line``.

    Whitespace always separates; commas and semicolons separate too, except inside a
    piece that is one identifier whole (old DOIs such as ``10.1002/(SICI)...CO;2-M``).
    """
    out: list[str] = []
    for piece in line.split():
        whole = piece.rstrip(",;")
        if ("," in whole or ";" in whole) and parse_identifier(whole) is not None:
            out.append(whole)
        else:
            out.extend(t for t in _SEPARATORS.split(piece) if t)
    return out


def _scan(line: str) -> tuple[list[tuple[ArxivId | str, str | None]], list[str]]:
    """(identifiers with the arXiv category printed after them, tokens that are none) of one line."""
    found: list[tuple[ArxivId | str, str | None]] = []
    bad: list[str] = []
    for token in _tokens(line):
        category = _CATEGORY.match(token)
        if category and found and isinstance(found[-1][0], ArxivId) and found[-1][1] is None:
            found[-1] = (found[-1][0], category.group(1))  # "arXiv:2101.00001 [cs.LG]"
            continue
        parsed = parse_identifier(token)
        if parsed is None:
            bad.append(token)
        else:
            found.append((parsed, None))
    return found, bad


def _id_like(tokens: list[str]) -> bool:
    """True when every token could be a mistyped id (digits, a dot or a slash), not a word of prose."""
    # A dot inside the token ("arxiv.org", "2101.0001"), not one ending it: "A." (a sender's initial) is a word.
    return all(any(c.isdigit() for c in t) or "/" in t or re.search(r"\.\w", t) for t in tokens)


def _strip_comment(line: str) -> str:
    """``line`` without a ``#`` comment (a ``#`` that starts the line or follows a space)."""
    if line.lstrip().startswith("#"):
        return ""
    cut = line.find(" #")
    return line if cut < 0 else line[:cut]


@dataclass(frozen=True, slots=True)
class IdentifierListReader:
    """Lines of identifiers in, one entry per identifier out."""

    name: str = "ids"
    description: str = "identifiers, listed or in any text: arXiv ids and URLs, DOIs, Hugging Face, OpenReview, ACL Anthology, DBLP, Semantic Scholar URLs"

    def sniff(self, sample: str) -> float:
        """The share of (non-comment) lines made only of identifiers; needs most of them."""
        good = total = 0
        for raw in lines_of(sample)[:2000]:
            line = _PREFIX_SPACE.sub(r"\1:", _strip_comment(raw[:400]).strip())
            if not line:
                continue
            total += 1
            found, bad = _scan(line[:400])
            if found and not bad and len(found) <= 20:
                good += 1
        if not total or not good:
            return 0.0
        share = good / total
        return 0.9 * share if share >= 0.6 else 0.2 * share

    def read(self, text: str, origin: str) -> Library:
        """One entry per identifier, in order; what is no identifier is reported with its line.

        A line of identifiers gives each (a repeat too: merging reports it). A line of prose
        gives the ids it mentions that no earlier line gave; the prose itself is counted
        and reported once at the end.
        """
        library = Library()
        seen: set[tuple[str, str]] = set()
        prose: list[int] = []
        all_lines = lines_of(text)
        for no, raw in enumerate(all_lines, 1):
            line = _PREFIX_SPACE.sub(r"\1:", _strip_comment(raw).strip())
            if not line:
                continue
            # A long line is prose (a list line holds at most a few ids): no token-by-token scan.
            found, bad = _scan(line) if len(line) <= 2000 else ([], [line])
            mentioned = find_ids(line) if bad else []
            if bad and (found or mentioned or len(bad) > 2 or not any(_id_like([t]) for t in bad)):
                # Prose around ids ("see arXiv:2101.00001", an e-mail): take what the line mentions, once each.
                prose.append(no)
                links = [(m.start(2), m.end(2), m.group(1).strip()) for m in _MD_LINK.finditer(line)]
                # An HTML link's words as a page's tab gave them: "<a href="https://arxiv.org/abs/ID">[ID] Title</a>",
                # "Paper page - Title"; one cut short ("Title ...") names no whole title.
                links += [(m.start(1), m.end(1), _TAB_LABEL.sub("", m.group(2)).strip()) for m in _HTML_LINK.finditer(line)
                          if not m.group(2).rstrip().endswith(("...", "…"))]
                for item in mentioned:
                    if (item.kind, item.value.lower()) not in seen:
                        seen.add((item.kind, item.value.lower()))
                        entry = self._entry(item, None, origin, no)
                        # "Article: [Beyond Normalization: ...](https://www.biorxiv.org/content/10.1101/...)": the link's
                        # words are the paper's title
                        title = next((t for a, b, t in links if a <= item.start < b and _TITLE_WORDS.match(t)), None)
                        if title:
                            entry.set("title", title, Provenance(self.name, origin, no))
                            entry.extra["read_as"] = "identifier (its link's words as the title)"
                        if len(mentioned) == 1 and item.start == 0:
                            _venue_above(entry, all_lines, no, Provenance(self.name, origin, no - 1))
                        if not title and len(mentioned) == 1 and _TITLE_LABEL_ABOVE.match(line) \
                                and (named := _title_above(all_lines, no)):
                            # "Title: X" over "URL Source: https://arxiv.org/abs/ID" (a reader service's header quoted
                            # in code or a log): the page's title beside its address.
                            entry.set("title", named, Provenance(self.name, origin, no - 1))
                            entry.extra["read_as"] = "identifier (the title labelled above its address)"
                        library.entries.append(entry)
                continue
            for token in bad:
                library.problems.append(Problem(f"not an arXiv id, huggingface.co/papers URL or DOI: {token[:60]!r}", origin, no))
            for item, category in found:
                seen.add(("arxiv", item.id.lower()) if isinstance(item, ArxivId) else ("doi", item.lower()))
                library.entries.append(self._entry(item, category, origin, no))
        if prose:
            shown = ", ".join(map(str, prose[:5])) + (", ..." if len(prose) > 5 else "")
            library.problems.append(Problem(
                f"text around identifiers ignored on {len(prose)} line{'s' if len(prose) > 1 else ''} ({shown}); "
                "only the paper ids in it were read", origin, prose[0]))
        return library

    def _entry(self, item: ArxivId | FoundId | str, category: str | None, origin: str, no: int) -> Entry:
        """One id's record: its arXiv id (version, class), DOI, or other site's id and URL."""
        prov = Provenance(self.name, origin, no)
        entry = Entry()
        entry.add_source(prov)
        if isinstance(item, FoundId):
            if item.kind == "arxiv":
                item = ArxivId(item.value, item.version)
            elif item.kind == "doi":
                item = item.value
            else:
                entry.set("URL", item.url, prov)
                entry.extra["ids"] = {item.kind: item.value}
                return entry
        if isinstance(item, ArxivId):
            entry.set("arxiv_id", item.id, prov)
            entry.set("arxiv_version", item.version, prov)
            entry.set("primary_class", category, prov)
        else:
            entry.set("DOI", item, prov)
        return entry


# A page's address under its labelled title, as a reader service (and a log numbering its lines) prints it.
_TITLE_LABEL_ABOVE = re.compile(r"^(?:\[\d+\]\s*)?(?:URL Source|URL|Source)\s*:\s*\S+\s*$", re.I)
_TITLE_LINE = re.compile(r"^(?:\[\d+\]\s*)?Title:\s*(?P<title>\S.{2,300}?)\s*$")


def _title_above(lines: list[str], no: int) -> str | None:
    """The title a "Title:" line gives just above line ``no`` (blank lines between allowed), else None."""
    above = next((lines[k].strip() for k in range(no - 2, max(-1, no - 4), -1) if lines[k].strip()), "")
    m = _TITLE_LINE.match(above)
    return m.group("title") if m and not find_ids(m.group("title")) else None


# A line that is only a venue and its year ("NAACL 2018", "AAAI 2018", "ICLR 2024 Poster"): an acronym or a capitalised
# name of a few words, the year, at most one more word.
_VENUE_YEAR = re.compile(r"^(?P<venue>(?=[^\n]*\b[A-Z]{2,}[a-z]*\b)[A-Z][\w&.'-]*(?:\s+[\w&.'-]+){0,5})\s+(?P<year>(?:19|20)\d\d)(?:\s+[A-Z][a-z]+)?$")


def _venue_above(entry: Entry, lines: list[str], no: int, prov: Provenance) -> None:
    """The venue and year a page prints on the line just above the id that opens a line (an author page's
    "NAACL 2018" over "arXiv:1804.09635..."): the paper's, where the id's own year (its first version) is earlier
    by at most three years. Nothing is taken from a line that holds ids of its own, or from further away."""
    above = next((lines[k].strip() for k in range(no - 2, max(-1, no - 3), -1) if lines[k].strip()), "")
    m = _VENUE_YEAR.match(above)
    if m is None or find_ids(above) or entry.issued is not None:
        return
    year = int(m.group("year"))
    if entry.arxiv_id:
        found = parse_arxiv_id(entry.arxiv_id)
        id_year = found.year_month[0] if found is not None and found.year_month else None
        if id_year is None or not id_year <= year <= id_year + 3:
            return
    entry.set("issued", PartialDate(year), prov)
    entry.set("container_title", m.group("venue"), prov)
    entry.extra["read_as"] = "identifier (with the venue line above it)"


READER = IdentifierListReader()
