"""Reader for pages saved with their metadata on top: a Markdown clipping's YAML front matter, a wiki's paper template.

Web clippers (Obsidian Web Clipper, MarkDownload) and note apps save a page as Markdown under
a front matter (``---`` / ``title: ...`` / ``source: https://...`` / ``author:`` / ``---``); a
wiki prints a paper as a template (``{{Paper |title=... |authors=... |dblpUrl=...}}``). The
block names the page's own paper: ``title`` (without the site's label: ``Paper page - ``,
`` | OpenReview``, ``[2401.00001] ``), ``author``/``authors`` (a list or one line; wiki links
``[[Name]]`` unwrapped), ``published`` (or ``date``, ``year``: the paper's date; ``created`` is the
day of the clipping and says nothing of the paper) and the ids of ``source``/``url`` and every
other field. A block without a source, a link or an author is a site's page (``title:
Publications``), not a paper, and is not this reader's. A ``citation`` field (a personal site's
publication page: the academicpages and Hugo templates print the paper's reference there) is
read as a reference for what the other fields leave out: authors, year, venue and ids.

The page below the block is read as any paste is (detection): the papers it lists are kept
(a Hugging Face page's similar papers); one that is the page's own paper again (same id, title
or author list) is not, nor a lone record (the page's heading or prose misread, not a list). A
page that lists papers and names no paper id of its own (a blog post saved with its front matter)
is the list's page: its own title is reported, not made a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import find_ids, normalize_title
from ..model import Entry, Library, Problem
from ._refparse import Reference, parse_authors, parse_reference
from .references import entry_from_reference

__all__ = ["READER", "ClippingReader", "metadata_block"]

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_WIKI = re.compile(r"\{\{\s*[A-Za-z][\w ]*\s*\n?(?P<body>(?:\s*\|[^\n]*\n?)+)\s*\}\}")
_FIELD = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*[:=]\s*(?P<value>.*)$")
_ITEM = re.compile(r"^\s+-\s+(?P<value>.+)$")
# A site's label around a page's title: "Paper page - ", " | OpenReview", " - arXiv", "[2401.00001] ".
_SITE_LABEL = re.compile(
    r"^(?:paper page\s*[-–—|:]\s*|\[\d{4}\.\d{4,5}(?:v\d+)?\]\s*)|"
    r"\s*[|–—-]\s*(?:openreview|arxiv(?:\.org)?|semantic scholar|acl anthology|hugging ?face|pubmed|researchgate|google scholar|"
    r"dblp|ieee xplore|acm digital library|sciencedirect|springerlink|nature)\s*$",
    re.I,
)
_LINK_KEYS = frozenset({"source", "url", "link", "paperurl", "pdfurl", "dblpurl", "doi", "arxiv", "arxiv_id", "openreview", "pdf"})
_AUTHOR_KEYS = ("author", "authors")
_DATE_KEYS = ("published", "date", "year", "publication_date", "venue")  # "venue: ICML 2024" when no date is given


def metadata_block(text: str) -> tuple[dict[str, list[str]], int, int] | None:
    """(fields, where the block ends, its first line) of a front matter or wiki paper template that names a paper."""
    m = _FRONT.match(text)
    wiki = False
    if m is None:
        m = _WIKI.search(text[:4000])
        wiki = True
    if m is None:
        return None
    fields: dict[str, list[str]] = {}
    key = None
    lines = m.group("body").split("\n")
    for raw in lines:
        line = raw.strip().lstrip("|").strip() if wiki else raw
        item = None if wiki else _ITEM.match(line)
        if item and key:
            fields.setdefault(key, []).append(_unquote(item.group("value")))
            continue
        if not wiki and key and fields.get(key) and line[:1] in " \t" and line.strip() and not _FIELD.match(line.strip()):
            fields[key][-1] = f"{fields[key][-1]} {_unquote(line.strip())}"  # a YAML value folded onto the next line
            continue
        field = _FIELD.match(line.strip())
        if not field:
            continue
        key = field.group("key").lower()
        value = _unquote(field.group("value"))
        fields.setdefault(key, [])
        if value and value not in ("[]", "null", "~"):
            fields[key].append(value)
    title = " ".join(fields.get("title") or []).strip()
    linked = any(find_ids(v) or v.startswith("http") for k in _LINK_KEYS for v in fields.get(k, []))
    if not title or not (linked or any(fields.get(k) for k in (*_AUTHOR_KEYS, "citation"))):
        return None  # "title: Publications" over a site's page: no paper of its own
    first = text.count("\n", 0, m.start()) + 1
    return fields, m.end(), first


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.replace("[[", "").replace("]]", "").strip()


def _authors(fields: dict[str, list[str]]) -> tuple[list, bool]:
    values = next((fields[k] for k in _AUTHOR_KEYS if fields.get(k)), [])
    if not values:
        return [], False
    text = ", ".join(v.strip("[] ") for v in values) if len(values) > 1 else values[0].strip("[] ")
    parsed = parse_authors(text)
    return parsed if parsed else ([], False)


@dataclass(frozen=True, slots=True)
class ClippingReader:
    """A saved page's metadata block in, its paper out, with the papers its page lists."""

    name: str = "clipping"
    description: str = "saved pages with their metadata on top: Markdown clippings (YAML front matter), wiki paper templates"

    def sniff(self, sample: str) -> float:
        """Sure when the text opens with a front matter, or holds a wiki template, naming a paper."""
        return 0.93 if metadata_block(sample) is not None else 0.0

    def read(self, text: str, origin: str) -> Library:
        """The page's own paper from its block, then what the page below lists."""
        found = metadata_block(text)
        if found is None:
            return Library()
        fields, end, first = found
        title = " ".join(fields["title"]).strip()
        for _ in range(2):
            title = _SITE_LABEL.sub("", title).strip()
        names, truncated = _authors(fields)
        year = None
        for key in _DATE_KEYS:
            years = [y for v in fields.get(key, []) for y in re.findall(r"\b((?:1[5-9]|20)\d\d)\b", v)]
            if years:
                year = int(years[0])
                break
        ids = []
        for key in sorted(fields):
            if key in _LINK_KEYS or key.endswith("url"):
                for value in fields[key]:
                    ids.extend(f for f in find_ids(value) if all((f.kind, f.value) != (g.kind, g.value) for g in ids))
        cited = parse_reference(" ".join(fields.get("citation") or [])) if fields.get("citation") else None
        if cited is not None and cited.title and normalize_title(cited.title) == normalize_title(title):
            # The page's reference of its own paper (its title the block's): what the other fields leave out.
            if not names and cited.authors:
                names, truncated = cited.authors, cited.truncated
            year = year or cited.year
            ids.extend(f for f in cited.ids if all((f.kind, f.value) != (g.kind, g.value) for g in ids))
        ref = Reference(title=title, authors=names, truncated=truncated, year=year, ids=ids,
                        how="saved page (its metadata block)")
        library = Library()
        own = entry_from_reference(ref, self.name, origin, first)
        venue = " ".join(fields.get("venue") or fields.get("publication") or []).strip()
        if venue and own.container_title is None:
            own.set("container_title", venue, own.sources[0])
        body = "\n" * text.count("\n", 0, end) + text[end:]  # the page below, its lines numbered as in the file
        read = self._listed(body, origin, library) if body.strip() else []
        listed = [e for e in read if not _same_paper(e, own)]
        _fill_from_page(own, [e for e in read if _same_paper(e, own)])
        if not own.author and body.strip():
            # The page below names the paper's authors where its list reader did not look ("Authors:" over the names
            # on a paper's own page): the paper-blocks reader reads that page shape.
            from . import READERS

            _fill_from_page(own, [e for e in READERS.get("paper-blocks").read(body, origin).entries if _same_paper(e, own)])
        if len(listed) < 2:
            listed = []  # one lone record is the page's own heading or prose misread, not a list
        # A page that lists papers and names no paper id of its own (a blog post, a reading list saved with its
        # front matter) is the list's page, not a paper: its title is no record.
        if ids or not listed:
            library.entries.append(own)
        else:
            library.problems.append(Problem(f"the page's own title is no paper (it lists {len(listed)}): {title[:70]!r}", origin, first))
        library.entries.extend(listed)
        return library

    def _listed(self, body: str, origin: str, library: Library) -> list[Entry]:
        """The papers the page below the block lists, read as any paste (nothing when it holds none)."""
        from . import detect  # the registry's readers, loaded when a clipping is read
        from ..errors import DetectionError

        try:
            reader = detect(body, origin)
        except DetectionError:
            return []
        if reader.name == self.name:
            return []
        found = reader.read(body, origin)
        library.problems.extend(found.problems)
        return found.entries


def _fill_from_page(own: Entry, again: list[Entry]) -> None:
    """What the block leaves out (its authors, its date) from the page's own paper read again below it."""
    for entry in again:
        if not own.author and entry.author:
            own.set("author", list(entry.author), entry.sources[0] if entry.sources else own.sources[0])
            if entry.extra.get("authors_truncated"):
                own.extra["authors_truncated"] = True
        if own.issued is None and entry.issued is not None:
            own.set("issued", entry.issued, entry.sources[0] if entry.sources else own.sources[0])


def _same_paper(entry: Entry, own: Entry) -> bool:
    """True for the page's own paper read again from its page (same id, title, or author list)."""
    if own.arxiv_id and entry.arxiv_id == own.arxiv_id or own.DOI and entry.DOI and entry.DOI.lower() == own.DOI.lower():
        return True
    if entry.title and own.title and normalize_title(entry.title) == normalize_title(own.title):
        return True
    families = [a.family or a.literal for a in entry.author]
    return bool(families) and families == [a.family or a.literal for a in own.author]


READER = ClippingReader()
