"""Rules on identifiers: DOI (and DOIs written as URLs), ISBN and ISSN checksums, arXiv ids, URLs."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

from ..ids import parse_arxiv_id
from .common import text_of
from .findings import Fix
from .rules import Context, Hit, rule

__all__ = ["doi_url", "doi_malformed", "isbn_invalid", "issn_invalid", "arxiv_malformed", "url_malformed"]

_DOI = re.compile(r"^10\.\d{4,9}/\S+$|^10/[A-Za-z0-9]+$")  # the second: a shortDOI (shortdoi.org)
_DOI_PREFIX = re.compile(r"^\s*(?:(?:https?://)?(?:dx\.|www\.)?doi\.(?:org|acm\.org)/|info:doi/|doi\s*:\s*)", re.I)
_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?=\d)")
_ARXIV_FIELDS = ("eprint", "arxiv", "arxivid")
# Possessive white space: three "\s*" in a row split a run of n spaces n^3 ways before failing.
_ARXIV_IN_TEXT = re.compile(r"arxiv\s*+(?:preprint\s*+)?(?::\s*+)?(?:arxiv\s*+:\s*+)?([\w./-]+\d)", re.I)


def _field(ctx: Context, entry, bib: str, csl: str):
    return entry.get(csl if ctx.file.format == "csl" else bib)


@rule("doi-url", "warning", "the DOI field holds a URL or a doi: prefix; styles add the resolver themselves",
      formats=("bib", "csl"), fixable=True)
def doi_url(ctx: Context, entry) -> Iterator[Hit]:
    """``doi = {https://doi.org/10...}``: the fix keeps the bare DOI."""
    f = _field(ctx, entry, "doi", "DOI")
    if f is None:
        return
    m = _DOI_PREFIX.match(f.text)
    if m:
        bare = f.text[m.end():].strip()
        if _DOI.match(bare):
            fix = Fix(f"write the bare DOI {bare}", f.name, "{" + bare + "}") if ctx.file.format == "bib" and f.braced else None
            yield Hit(entry, f, f"DOI written as a URL or with a prefix ({f.text.strip()}); the DOI is {bare}", fix)


@rule("doi-malformed", "error", "the DOI is not 10.NNNN/suffix", formats=("bib", "csl"))
def doi_malformed(ctx: Context, entry) -> Iterator[Hit]:
    """A DOI that is not ``10.<4-9 digits>/<suffix>`` without spaces (after any URL prefix)."""
    f = _field(ctx, entry, "doi", "DOI")
    if f is None or not f.text.strip():
        return
    bare = _DOI_PREFIX.sub("", f.text).strip()
    if not _DOI.match(bare):
        yield Hit(entry, f, f"not a DOI: {f.text.strip()!r} (a DOI is 10.NNNN/suffix, no spaces)")
    elif "\\" in bare and ctx.mode == "biblatex":
        yield Hit(entry, f, f"DOI {bare!r} holds TeX escapes; the field is verbatim, so the link breaks", severity="warning")


def _numbers(text: str) -> list[str]:
    """The numbers of an ISBN/ISSN field: TeX braces and notes such as ``(Print)`` dropped, split on , ; and spaces."""
    plain = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", text.replace("{", "").replace("}", ""))
    plain = re.sub(r"\b(?:print|online|electronic|e-?issn|issn|isbn|pbk|hbk|ebook)\b:?", " ", plain, flags=re.I)
    out: list[str] = []
    for piece in re.split(r"[,;]", plain):
        # "1 86295 209 4" is one ISBN written with spaces; "0-1 0-2" are two.
        if len(re.sub(r"[\s-]", "", piece)) in (8, 10, 13):
            out.append(piece.strip())
        else:
            out.extend(p for p in _SPLIT.split(piece.strip()) if p)
    return [p for p in out if re.search(r"\d", p)]


@rule("isbn-invalid", "error", "an ISBN with a wrong length or check digit", formats=("bib", "csl"))
def isbn_invalid(ctx: Context, entry) -> Iterator[Hit]:
    """Each ISBN in the field must pass its checksum (python-stdnum)."""
    from stdnum import isbn

    f = _field(ctx, entry, "isbn", "ISBN")
    if f is None:
        return
    from stdnum import issn

    pieces = _numbers(f.text)
    if len(pieces) > 1 and ctx.mode == "biblatex":
        yield Hit(entry, f, f"{len(pieces)} ISBNs in one field: biber takes one and drops the field", severity="warning")
    for piece in pieces:
        if not isbn.is_valid(piece):
            if issn.is_valid(piece):
                yield Hit(entry, f, f"{piece!r} is an ISSN (of a series?), not an ISBN", severity="warning")
                continue
            why = "wrong check digit" if len(isbn.compact(piece, convert=False)) in (10, 13) else "not 10 or 13 digits"
            yield Hit(entry, f, f"invalid ISBN {piece!r} ({why})")


@rule("issn-invalid", "error", "an ISSN with a wrong form or check digit", formats=("bib", "csl"))
def issn_invalid(ctx: Context, entry) -> Iterator[Hit]:
    """Each ISSN in the field must pass its checksum (python-stdnum)."""
    from stdnum import issn

    f = _field(ctx, entry, "issn", "ISSN")
    if f is None:
        return
    for piece in _numbers(f.text):
        if not issn.is_valid(piece):
            yield Hit(entry, f, f"invalid ISSN {piece!r} (NNNN-NNNC with a check digit)")


@rule("arxiv-id-malformed", "error", "an arXiv id that is not YYMM.NNNNN[vN] or archive/YYMMNNN", formats=("bib", "csl"))
def arxiv_malformed(ctx: Context, entry) -> Iterator[Hit]:
    """``eprint`` with archivePrefix/eprinttype arXiv, ``arxiv``/``arxivid`` fields, ``arXiv:`` in journal or CSL number."""
    if ctx.file.format == "csl":
        f = entry.get("number")
        if f is not None and f.text.lower().startswith("arxiv:") and parse_arxiv_id(f.text) is None:
            yield Hit(entry, f, f"not an arXiv id: {f.text!r}")
        return
    prefix = (text_of(entry, "archiveprefix") or text_of(entry, "eprinttype")).lower()
    for name in _ARXIV_FIELDS:
        f = entry.get(name)
        if f is None or not f.text.strip():
            continue
        if name == "eprint" and prefix and prefix != "arxiv":
            continue
        looks = prefix == "arxiv" or name != "eprint" or re.match(r"^\s*(arxiv:)?\s*\d{4}\.|^\s*[a-z-]+(\.[A-Z]{2})?/\d", f.text, re.I)
        if looks and parse_arxiv_id(f.text) is None:
            yield Hit(entry, f, f"not an arXiv id: {f.text.strip()!r} (YYMM.NNNNN with an optional vN, or archive/YYMMNNN)")
    for name in ("journal", "journaltitle", "note", "howpublished"):
        f = entry.get(name)
        if f is None:
            continue
        m = _ARXIV_IN_TEXT.search(f.text)
        if m and parse_arxiv_id(m.group(1)) is None and re.match(r"\d{4}\.\d|[a-z-]+/\d", m.group(1)):
            yield Hit(entry, f, f"not an arXiv id: {m.group(1)!r}")


@rule("url-malformed", "error", "a URL with no scheme or host, with spaces, or with TeX escapes", formats=("bib", "csl"))
def url_malformed(ctx: Context, entry) -> Iterator[Hit]:
    """``url`` (or CSL ``URL``) must be one absolute URL; the field is verbatim, so TeX escapes stay in the link."""
    f = _field(ctx, entry, "url", "URL")
    if f is None or not f.text.strip():
        return
    url = f.text.strip()
    if url.startswith("\\url{") and url.endswith("}"):
        yield Hit(entry, f, "\\url{...} inside the url field: the field is already a URL", severity="warning")
        return
    if re.search(r"\s", url):
        yield Hit(entry, f, f"the URL holds spaces (two URLs in one field?): {url!r}")
        return
    parts = urlsplit(url)
    if parts.scheme.lower() in ("mailto", "urn", "file", "doi"):
        return
    if not parts.scheme and re.match(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/|$)", url):
        yield Hit(entry, f, f"the URL has no scheme: {url!r} (write https://{url}); a link to it is relative",
                  severity="warning")
    elif not parts.scheme or not parts.netloc or parts.scheme.lower() not in ("http", "https", "ftp", "ftps", "sftp", "git", "ssh", "s3", "gopher"):
        yield Hit(entry, f, f"not an absolute URL: {url!r} (scheme://host/...)")
    elif ctx.mode == "biblatex" and re.search(r"\\[_%#&~]", url):
        yield Hit(entry, f, f"TeX escapes in the URL ({url!r}): the field is verbatim, so the link gets a backslash",
                  severity="warning")
