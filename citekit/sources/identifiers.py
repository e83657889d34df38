"""Reader for identifier lists: arXiv ids and URLs, huggingface.co/papers URLs, DOIs.

One or more identifiers per line, separated by spaces, commas or semicolons; blank lines
and ``#`` comments are allowed. An arXiv DOI (``10.48550/arXiv.ID``) is read as the
arXiv id. A token that is no identifier is reported with its line; a line whose tokens
are not identifiers but which mentions some (``see arXiv:2101.00001``) gives those, with
a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import ARXIV_DOI_PREFIX, ArxivId, find_arxiv_ids, parse_arxiv_id, parse_doi
from ..model import Entry, Library, Problem, Provenance
from ._text import lines_of

__all__ = ["READER", "IdentifierListReader", "parse_identifier"]

_HF = re.compile(r"^(?:https?://)?(?:www\.)?(?:hf\.co|huggingface\.co)/papers/(?P<id>[^\s?#]+)", re.IGNORECASE)
_DOI_START = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*)?10\.\d{4,9}/\S+$", re.IGNORECASE)
_ARXIV_OR_HF_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org|hf\.co|huggingface\.co)/", re.IGNORECASE)
_URL_TAIL = re.compile(r"[?#].*$")
_SEPARATORS = re.compile(r"[\s,;]+")
_PREFIX_SPACE = re.compile(r"\b(arxiv|doi)\s*:\s+", re.IGNORECASE)


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
        doi = parse_doi(token)
        if doi and doi.lower().startswith(ARXIV_DOI_PREFIX.lower()):
            return parse_arxiv_id(doi[len(ARXIV_DOI_PREFIX):])
        return doi
    return None


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
    description: str = "identifier list: arXiv ids and URLs, huggingface.co/papers URLs, DOIs"

    def sniff(self, sample: str) -> float:
        """The share of (non-comment) lines made only of identifiers; needs most of them."""
        good = total = 0
        for raw in lines_of(sample)[:2000]:
            line = _PREFIX_SPACE.sub(r"\1:", _strip_comment(raw[:400]).strip())
            if not line:
                continue
            total += 1
            tokens = [t for t in _SEPARATORS.split(line[:400]) if t]
            if tokens and len(tokens) <= 20 and all(parse_identifier(t) is not None for t in tokens):
                good += 1
        if not total or not good:
            return 0.0
        share = good / total
        return 0.9 * share if share >= 0.6 else 0.2 * share

    def read(self, text: str, origin: str) -> Library:
        """One entry per identifier, in order; what is no identifier is reported with its line."""
        library = Library()
        for no, raw in enumerate(lines_of(text), 1):
            line = _PREFIX_SPACE.sub(r"\1:", _strip_comment(raw).strip())
            if not line:
                continue
            found: list[ArxivId | str] = []
            bad: list[str] = []
            for token in _SEPARATORS.split(line):
                if not token:
                    continue
                parsed = parse_identifier(token)
                (found.append(parsed) if parsed is not None else bad.append(token))
            if bad and not found:
                # Prose around ids ("see arXiv:2101.00001"): take what the line mentions.
                found.extend(find_arxiv_ids(line))
                doi = parse_doi(line)
                if doi and not found:
                    found.append(doi)
                if found:
                    library.problems.append(Problem(f"extra text around identifiers ignored: {line[:60]!r}", origin, no))
                    bad = []
            for token in bad:
                library.problems.append(Problem(f"not an arXiv id, huggingface.co/papers URL or DOI: {token[:60]!r}", origin, no))
            for item in found:
                library.entries.append(self._entry(item, origin, no))
        return library

    def _entry(self, item: ArxivId | str, origin: str, no: int) -> Entry:
        prov = Provenance(self.name, origin, no)
        entry = Entry()
        entry.add_source(prov)
        if isinstance(item, ArxivId):
            entry.set("arxiv_id", item.id, prov)
            entry.set("arxiv_version", item.version, prov)
        else:
            entry.set("DOI", item, prov)
        return entry


READER = IdentifierListReader()
