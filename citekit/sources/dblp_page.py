"""Reader for dblp pages (person pages, search results) as a browser copy or a saved page's text gives them.

dblp prints every record as a label (``[j12]`` journal, ``[c30]`` conference, ``[i33]`` CoRR,
``[b2]`` book, ``[e4]`` edited volume, ``[p1]`` part of a book ...), the authors ending with
a colon, then ``Title. Venue`` where the venue ends in its year and pages: ``CADE 2023:
96-115``, ``Proc. ACM Manag. Data 3(1): 53:1-53:28 (2025)``, ``CoRR abs/2302.14546 (2023)``.
The text of the page runs these together in ways the HTML does not show: the year headings
glued to the entry above (``... 86-108 - [c56]Eike Best:``, ``(2026)- 2025``), every author on
a line of its own with the comma opening the next (the ORCID icons between them dropped) and
the colon alone. The menus, "Refine list", the other persons of the same name and the decade
headings are page furniture, never a paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._refparse import parse_authors

__all__ = ["READER", "DblpPageReader"]

# A record's label: dblp's type letters and the record's number, at a line's start or after a heading's dash.
_LABEL = re.compile(r"(?:(?<=^)|(?<=[\s\-)]))\[(?P<kind>[a-z])(?P<no>\d{1,4})\]\s*(?=\S)")
_HOMONYM = re.compile(r"(?<=\w)\s+\d{4}(?=\s*(?:,|$))")
_BARE_LABEL = re.compile(r"^-?\s*\[[a-z]\d{1,4}\]$")
_TYPES = {"j": "article-journal", "c": "paper-conference", "i": "article", "b": "book", "e": "book", "p": "chapter",
          "r": "entry-encyclopedia", "d": "dataset"}
# "St. Petersburg", "vs. ", "e.g. ": a full stop that ends no title.
_ABBREV = re.compile(r"\b(?:vs|e\.g|i\.e|etc|al|St|Dr|Mr|Ms|Prof|No|Vol|Fig|Eq|cf|approx|resp)$")
_TITLE_END = re.compile(r"([.?!])\s+(?=[\w(\[\"'“])")
_RUNNING_WORDS = re.compile(r"(?<![\w/.])[a-z][a-z'-]+\s+[a-z][a-z'-]+(?![\w/.])")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CORR = re.compile(r"\bCoRR\s+abs/(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})\b")
# The year heading glued after an entry ("86-108 - 2024", "(2026)- 2025"), a dash left before the next label.
_TRAILING_HEADING = re.compile(r"\s*-\s*(?:(?:19|20)\d\d)?\s*$")
_PAGES = re.compile(r":\s*(?P<p>\d[\d:]*(?:\s*[-–]\s*\d[\d:]*)?)\s*(?:\((?:19|20)\d\d\))?\s*$")
_HEADING_YEAR = re.compile(r"(?:^|\s)-?\s*((?:19|20)\d\d)\s*$")


def _joined(text: str) -> list[tuple[int, str]]:
    """(line number, line) with an author list broken one name a line put back on one line.

    dblp shows an ORCID icon after some names; the copy breaks the line there, so the comma
    that follows opens the next line and the closing colon stands alone.
    """
    out: list[tuple[int, str]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if out and (line.startswith(",") or line == ":") and out[-1][1]:
            out[-1] = (out[-1][0], out[-1][1] + line)
        elif out and line and _BARE_LABEL.match(out[-1][1]):
            out[-1] = (out[-1][0], out[-1][1] + line)  # "[c5]" alone on its line, its authors on the next
        else:
            out.append((no, line))
    return out


def _labels(line: str) -> list[tuple[re.Match[str], list, bool]]:
    """The record labels of a line whose author list (up to the colon) reads as names."""
    found = []
    for m in _LABEL.finditer(line):
        colon = line.find(":", m.end())
        if colon < 0:
            continue
        nxt = _LABEL.search(line, m.end())
        if nxt is not None and nxt.start() < colon:
            continue
        # dblp tells namesakes apart by a number after the name ("Wei Wang 0010"): no part of the name.
        parsed = parse_authors(_HOMONYM.sub("", line[m.end():colon]))
        if parsed is not None:
            found.append((m, parsed[0], parsed[1]))
    return found


def _split_title(body: str) -> tuple[str, str]:
    """(title, venue) of ``Title. Venue``: the first sentence end after which a venue follows.

    A title may hold a full stop of its own ("... Reconfiguration Problems. III. The Bird and Batching Algorithms and
    Other ..."); dblp's venues are short names and abbreviations, never running words ("and other parallel"): the
    title ends at the first stop whose rest has no two lowercase words in a row, else at the first stop.
    """
    ends = []
    for m in _TITLE_END.finditer(body):
        if m.group(1) == "." and _ABBREV.search(body[: m.start()]):
            continue
        ends.append(m)
    if not ends:
        return body.rstrip(" .").strip(), ""
    m = next((m for m in ends if not _RUNNING_WORDS.search(body[m.end():])), ends[0])
    title = body[: m.start()] + (m.group(1) if m.group(1) in "?!" else "")
    return title.strip(), body[m.end():].strip()


@dataclass(frozen=True, slots=True)
class DblpPageReader:
    """dblp records (``[c12]Names: Title. Venue year: pages``) in, one entry per record out."""

    name: str = "dblp-page"
    description: str = "dblp person pages: labelled records '[c12]Names: Title. Venue year: pages'"

    def sniff(self, sample: str) -> float:
        """Sure when two records read as labelled author lists; one is enough beside dblp's own page words."""
        if "[" not in sample or ":" not in sample:
            return 0.0
        count = sum(len(_labels(line)) for _, line in _joined(sample[:20000]))
        if count >= 2:
            return 0.85
        if count == 1 and re.search(r"\bdblp\b|Refine list|export refined list", sample):
            return 0.6
        return 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per labelled record; a label whose record cannot be read is a problem with its line."""
        library = Library()
        records: list[dict] = []
        heading_year: int | None = None
        for no, line in _joined(text):
            labels = _labels(line)
            before = line[: labels[0][0].start()] if labels else line
            if records and before.strip() and not records[-1]["body"]:
                records[-1]["body"] = (no, before)
            elif not labels and (y := _HEADING_YEAR.search(before)) and len(before) <= 12:
                heading_year = int(y.group(1))  # "- 2024", "2024": the heading of the records below
            for k, (m, names, truncated) in enumerate(labels):
                end = labels[k + 1][0].start() if k + 1 < len(labels) else len(line)
                colon = line.find(":", m.end())
                rest = line[colon + 1: end].strip()
                records.append({"no": no, "kind": m.group("kind"), "names": names, "truncated": truncated,
                                "body": (no, rest) if rest else None, "heading": heading_year})
            if labels and (y := _HEADING_YEAR.search(line)) and line.rstrip().endswith(y.group(0).strip()):
                heading_year = int(y.group(1))  # "... 155-173 - 2024": the next records' heading, glued
        for rec in records:
            if rec["body"] is None:
                library.problems.append(Problem("a dblp record with its authors but no title", origin, rec["no"]))
                continue
            library.entries.append(self._entry(rec, origin))
        return library

    def _entry(self, rec: dict, origin: str) -> Entry:
        body_no, body = rec["body"]
        body = _TRAILING_HEADING.sub("", body.replace("[contents]", "")).strip()
        title, venue = _split_title(body)
        prov = Provenance(self.name, origin, rec["no"])
        entry = Entry(type=_TYPES.get(rec["kind"], "article"))
        entry.add_source(prov)
        entry.set("title", title, Provenance(self.name, origin, body_no))
        if rec["kind"] == "e":
            entry.vars["editor"] = [n.to_csl() for n in rec["names"]]  # an edited volume names its editors
        else:
            entry.set("author", rec["names"], prov)
        if rec["truncated"]:
            entry.extra["authors_truncated"] = True
        venue = re.sub(r",\s*ISBN\b.*$", "", venue).strip()
        year = None
        if (paren := re.search(r"\(((?:19|20)\d\d)\)\s*$", venue)) is not None:
            year = int(paren.group(1))
        elif years := _YEAR.findall(venue):
            year = int(years[-1])
        elif rec["heading"] is not None:
            year = rec["heading"]
        if year is not None:
            entry.set("issued", PartialDate(year), prov)
        if (corr := _CORR.search(venue)) is not None:
            entry.set("arxiv_id", corr.group("id"), prov)
        if (pages := _PAGES.search(venue)) is not None:
            entry.set("page", pages.group("p").replace(" ", ""), prov)
            venue = venue[: pages.start()]
        elif (pp := re.search(r",\s*pp\.\s*(\d+\s*[-–]\s*\d+)\s*$", venue)) is not None:
            entry.set("page", pp.group(1).replace(" ", ""), prov)
            venue = venue[: pp.start()]
        venue = re.sub(r"\s*\((?:19|20)\d\d\)\s*$", "", venue).strip()
        if rec["kind"] == "j" and (vol := re.search(r"\s(\d+)(?:\(([^)]+)\))?$", venue)) is not None:
            entry.set("volume", vol.group(1), prov)
            if vol.group(2):
                entry.set("issue", vol.group(2), prov)
            venue = venue[: vol.start()]
        venue = re.sub(r"\s+(?:19|20)\d\d$", "", venue).strip(" ,")  # "Concurr.": an abbreviation keeps its stop
        if venue.startswith("CoRR"):
            entry.set("container_title", "CoRR", prov)
        elif venue:
            entry.set("publisher" if rec["kind"] == "b" else "container_title", venue, prov)
        entry.extra["read_as"] = "dblp record"
        return entry


READER = DblpPageReader()
