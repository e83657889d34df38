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
_ITEM = re.compile(r"^\s*-\s+(?P<value>.+)$")  # YAML lets a key's list start at the key's own indentation
# A site's label around a page's title: "Paper page - ", " | OpenReview", " - arXiv", "[2401.00001] ".
_SITE_LABEL = re.compile(
    r"^(?:paper page\s*[-–—|:]\s*|\[\d{4}\.\d{4,5}(?:v\d+)?\]\s*)|"
    r"\s*[|–—-]\s*(?:openreview|arxiv(?:\.org)?|semantic scholar|acl anthology|hugging ?face|pubmed|researchgate|google scholar|"
    r"dblp|ieee xplore|acm digital library|sciencedirect|springerlink|nature)\s*$",
    re.I,
)
_LINK_KEYS = frozenset({"source", "url", "url source", "resource", "link", "paperurl", "pdfurl", "dblpurl", "doi", "arxiv", "arxiv_id", "openreview", "pdf"})
_AUTHOR_KEYS = ("author", "authors")
_DATE_KEYS = ("published", "date", "year", "publication_date", "venue")  # "venue: ICML 2024" when no date is given


def _stated_year(fields: dict[str, list[str]]) -> int | None:
    """The first year in the first date field (``_DATE_KEYS``, in order) that holds one."""
    for key in _DATE_KEYS:
        years = [y for v in fields.get(key, []) for y in re.findall(r"\b((?:1[5-9]|20)\d\d)\b", v)]
        if years:
            return int(years[0])
    return None


def metadata_block(text: str) -> tuple[dict[str, list[str]], int, int] | None:
    """(fields, where the block ends, its first line) of a front matter or wiki paper template that names a paper."""
    found = _block(text)
    if found is None:
        return None
    fields, end, first, _items = found
    return (fields, end, first) if _names_paper(fields) else None


def _names_paper(fields: dict[str, list[str]]) -> bool:
    """True when a block's top-level fields name a paper: a title with a link, an id, authors or a citation."""
    title = " ".join(fields.get("title") or []).strip()
    # A reader service's own "URL Source:" links any page it converted: only an id there names a paper.
    linked = any(find_ids(v) or v.startswith("http") and k != "url source"
                 for k in fields if k in _LINK_KEYS or k.endswith("url") for v in fields[k])
    return bool(title) and (linked or any(fields.get(k) for k in (*_AUTHOR_KEYS, "citation")))


# A reader service's header over the page it converted (Jina Reader: "Title: ...", "URL Source: ...",
# "Published Time: ...", "Markdown Content:"): the page's own metadata, as a clipper's front matter is.
# An agent's log numbers each fetched page's lines ("[1] Title: ..."); a header may end at its first blank line
# without the "Markdown Content:" label.
_READER_HEADER = re.compile(
    r"\A(?:\[\d+\][ \t]*)?Title:[ \t]*(?P<title>[^\n]+)\n+(?:\[\d+\][ \t]*)?URL Source:[ \t]*(?P<url>\S+)[ \t]*\n+"
    r"(?:(?:\[\d+\][ \t]*)?(?:Description|Published Time|Date|Warning|Number of Pages):[^\n]*\n+)*"
    r"(?:(?:\[\d+\][ \t]*)?Markdown Content:[ \t]*\n)?")


def _block(text: str) -> tuple[dict[str, list[str]], int, int, list[dict[str, list[str]]]] | None:
    """(top-level fields, where the block ends, its first line, the mappings its lists hold) of a metadata block.

    A front matter may be followed by a reader service's header (a note saved over a converted page): the two
    make one block, the front matter's fields first and the header's filling what they leave out.
    """
    m = _FRONT.match(text)
    wiki = False
    header = _READER_HEADER.match(text)
    if m is None and header is None:
        m = _WIKI.search(text[:4000])
        wiki = True
    if m is None and header is None:
        return None
    fields: dict[str, list[str]] = {}
    items: list[dict[str, list[str]]] = []
    end = 0
    if m is not None:
        end = m.end()
        _parse_fields(m.group("body").split("\n"), wiki, fields, items)
        header = _READER_HEADER.match(text[end:].lstrip("\n"))
        if header is not None:
            end += len(text[end:]) - len(text[end:].lstrip("\n"))
    if header is not None:
        if not fields.get("title"):
            fields["title"] = [header.group("title").strip()]
        fields.setdefault("url source", []).append(header.group("url"))
        # Its "Published Time:" is the converted page's (a version's, a blog's), not the paper's: not a date read here.
        end += header.end()
    first = text.count("\n", 0, m.start()) + 1 if m is not None else 1
    return fields, end, first, items


def _parse_fields(lines: list[str], wiki: bool, fields: dict[str, list[str]], items: list[dict[str, list[str]]]) -> None:
    """A block's top-level ``key: value`` fields into ``fields``; a list's ``- key: value`` mappings into ``items``."""
    key = None
    item_map: dict[str, list[str]] | None = None
    for raw in lines:
        line = raw.strip().lstrip("|").strip() if wiki else raw
        if not wiki and line[:1] in " \t" and line.strip():
            # An indented mapping in a list ("cites:" / "  - title: ..." / "    doi: ..."): a paper the note names,
            # never a field of the note's own paper.
            nested = _FIELD.match(line.strip().lstrip("-").strip())
            if nested and nested.group("value").startswith("//"):
                nested = None  # "- https://...": a list's link, not a mapping's key
            if line.strip().startswith("- ") and nested:
                item_map = {}
                items.append(item_map)
            if nested and item_map is not None:
                value = _unquote(nested.group("value"))
                if value and value not in ("[]", "null", "~"):
                    item_map.setdefault(nested.group("key").lower(), []).append(value)
                continue
        elif line.strip():
            item_map = None
        item = None if wiki else _ITEM.match(line)
        if item and key:
            fields.setdefault(key, []).append(_unquote(item.group("value")))
            continue
        if not wiki and key and fields.get(key) and line[:1] in " \t" and line.strip() and not _FIELD.match(line.strip()):
            # A YAML value folded onto the next line; a quoted one ("- '[[A, B, C" / "  D, E]]'") is unquoted once whole
            fields[key][-1] = _unquote(f"{fields[key][-1]} {_unquote(line.strip())}")
            continue
        field = _FIELD.match(line.strip())
        if not field:
            continue
        key = field.group("key").lower()
        value = _unquote(field.group("value"))
        fields.setdefault(key, [])
        if value and value not in ("[]", "null", "~"):
            fields[key].append(value)


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
        found = _block(sample)
        if found is None:
            return 0.0
        fields, _end, _first, items = found
        return 0.93 if _names_paper(fields) or any(i.get("title") for i in items) else 0.0

    def read(self, text: str, origin: str) -> Library:
        """The page's own paper from its block, then what the page below lists."""
        found = _block(text)
        if found is None:
            return Library()
        fields, end, first, items = found
        body = "\n" * text.count("\n", 0, end) + text[end:]  # the page below, its lines numbered as in the file
        named = [_item_entry(item, self.name, origin, first) for item in items if item.get("title")]
        if not _names_paper(fields):
            # A note whose own title is no paper (a claim, a topic) over the papers its lists name.
            library = Library()
            library.entries.extend(e for e in named if e is not None)
            listed = self._listed(body, origin, library) if body.strip() else []
            library.entries.extend(e for e in listed if _useful(e) and not any(_same_paper(e, n) for n in library.entries))
            return library
        title = " ".join(fields["title"]).strip()
        for _ in range(2):
            title = _SITE_LABEL.sub("", title).strip()
        title = _fuller_title(title, body)
        names, truncated = _authors(fields)
        year = _stated_year(fields)
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
        read = self._listed(body, origin, library) if body.strip() else []
        named = [e for e in named if e is not None and not _same_paper(e, own)]
        listed = [e for e in read if not _same_paper(e, own) and not any(_same_paper(e, n) for n in named)]
        listed = _without_repeats(listed)
        again = [e for e in read if _same_paper(e, own)]
        _fill_from_page(own, again)
        library.problems.extend(_page_over_block(own, again, body, dated=not fields.get("year")))
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
        library.entries.extend(named)
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


_HEADING = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t#]*$", re.M)
_TRUNCATED = re.compile(r"\s*(?:\.\.\.|…)$")


def _fuller_title(title: str, body: str) -> str:
    """The page's full title where the block gives a short one: cut with "..." or a one-word name over a heading."""
    head = body.lstrip()[:3000]
    if _TRUNCATED.search(title):
        stem = normalize_title(_TRUNCATED.sub("", title))
        for line in head.split("\n"):
            line = _SITE_LABEL.sub("", line.strip().lstrip("#").strip()).strip()
            if stem and normalize_title(line).startswith(stem) and len(line) > len(stem):
                return line
        return title
    if " " not in title.strip():
        # "title: NLLB" over "# No Language Left Behind: ...": the note's short name, the heading the paper's title.
        m = _HEADING.search(head)
        if m and len(m.group("title").split()) >= 3:
            return m.group("title").strip()
    return title


def _item_entry(item: dict[str, list[str]], name: str, origin: str, line: int) -> Entry | None:
    """A paper a note's list names ("cites:" / "- title: ..." / "  doi: ..."): its title, authors, year and ids."""
    title = " ".join(item["title"]).strip()
    ids = []
    for key in sorted(item):
        if key in _LINK_KEYS or key.endswith("url"):
            for value in item[key]:
                ids.extend(f for f in find_ids(value) if all((f.kind, f.value) != (g.kind, g.value) for g in ids))
    whole = parse_reference(title)
    if whole is not None and whole.title and len(whole.title) < len(title) and (whole.authors or whole.year):
        # The item's "title" is a whole reference ("Names. (2026). Title. arXiv. URL"): read as one.
        ids.extend(f for f in whole.ids if all((f.kind, f.value) != (g.kind, g.value) for g in ids))
        ref = Reference(title=whole.title, authors=whole.authors, truncated=whole.truncated, year=whole.year,
                        container=whole.container, ids=ids, how="saved page (a paper its metadata block names)")
        return entry_from_reference(ref, name, origin, line)
    names, truncated = _authors(item)
    year = _stated_year(item)
    ref = Reference(title=title, authors=names, truncated=truncated, year=year, ids=ids,
                    how="saved page (a paper its metadata block names)")
    return entry_from_reference(ref, name, origin, line)


def _useful(entry: Entry) -> bool:
    """True for a record with more than a title (authors, a year or an id): a note's bare links are other notes."""
    return bool(entry.author or entry.issued or entry.arxiv_id or entry.DOI or entry.extra.get("ids"))


def _without_repeats(entries: list[Entry]) -> list[Entry]:
    """The records whose title the page does not repeat: a line printed under each author (an affiliation) is none."""
    counts: dict[str, int] = {}
    for entry in entries:
        key = normalize_title(entry.title or "")
        counts[key] = counts.get(key, 0) + 1
    return [e for e in entries if counts[normalize_title(e.title or "")] < 2]


def _fill_from_page(own: Entry, again: list[Entry]) -> None:
    """What the block leaves out (its authors, its date, its other ids) from the page's own paper read again below it."""
    for entry in again:
        if not own.author and entry.author:
            own.set("author", list(entry.author), entry.sources[0] if entry.sources else own.sources[0])
            if entry.extra.get("authors_truncated"):
                own.extra["authors_truncated"] = True
        if own.issued is None and entry.issued is not None:
            own.set("issued", entry.issued, entry.sources[0] if entry.sources else own.sources[0])
        for kind, value in (entry.extra.get("ids") or {}).items():
            own.extra.setdefault("ids", {}).setdefault(kind, value)  # its page's link to it elsewhere (OpenReview)


def _page_over_block(own: Entry, again: list[Entry], body: str, dated: bool) -> list[Problem]:
    """What the page's own paper read again below the block says better than the block.

    The block's title is the saver's name for the page when the page never prints it (a news site's headline over a
    Hugging Face page): the title the page prints for the same paper (same id) is the paper's. An arXiv page's date
    is its first version's ("[Submitted on 18 Sep 2024 (v1), last revised ...]"); a feed's or a clipper's
    ``published`` (the day it announced a revision) is not the paper's year, unless the block states a ``year``.
    """
    page = normalize_title(body)
    said = []
    for entry in again:
        same_id = own.arxiv_id and entry.arxiv_id == own.arxiv_id or own.DOI and entry.DOI and entry.DOI.lower() == own.DOI.lower()
        if same_id and entry.title and own.title and normalize_title(own.title) not in page \
                and normalize_title(entry.title) in page and normalize_title(entry.title) != normalize_title(own.title):
            said.append(own.set("title", entry.title, entry.sources[0] if entry.sources else own.sources[0], overwrite=True))
        if dated and entry.extra.get("read_as") == "arXiv page" and entry.issued is not None and own.issued is not None \
                and entry.issued.year < own.issued.year:
            said.append(own.set("issued", entry.issued, entry.sources[0] if entry.sources else own.sources[0], overwrite=True))
    return [p for p in said if p is not None]


def _same_paper(entry: Entry, own: Entry) -> bool:
    """True for the page's own paper read again from its page (same id, title, or author list)."""
    if own.arxiv_id and entry.arxiv_id == own.arxiv_id or own.DOI and entry.DOI and entry.DOI.lower() == own.DOI.lower():
        return True
    if entry.title and own.title and normalize_title(entry.title) == normalize_title(own.title):
        return True
    part, whole = normalize_title(entry.title or ""), normalize_title(own.title or "")
    if len(part.split()) >= 3 and part in whole:
        return True  # one line of the page's own title wrapped in its PDF text ("with a Hierarchically Bayesian ...")
    families = [a.family or a.literal for a in entry.author]
    return bool(families) and families == [a.family or a.literal for a in own.author]


READER = ClippingReader()
