"""Reader for Markdown reading lists: awesome-lists, paper tables, bulleted or numbered paper lists.

A paper is one list item or one table row. Its title is the bold text (``**Title**``)
or the text of its first link that is not a button (``[pdf]``, ``[code]``); the link's
URL gives the ids (arXiv, DOI, OpenReview, ACL Anthology, ...). The rest of the item is
read for authors (an italic or plain author list), venue and year; a table's date column
(``2017-06``) gives the year. A bold-title item is read as a reference by
:mod:`._refparse`. Headings, badges and items without a paper title are not papers.

A digest prints a paper as a record instead: a heading (``#### Title``, or ``### Title:`` over
the title's line) over labelled fields (``- **Authors:** ...``, ``- **Arxiv link:** ...``,
``- **Abstract**``). A bold label is a field of the record above it, never a title; the record
is a paper when its fields name authors or an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..ids import find_ids, parse_arxiv_id
from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._refparse import AFFILIATION, HONORIFIC, Reference, YEAR, parse_authors, parse_reference
from ._refcheck import misread_sign
from ._text import lines_of
from .references import CITE_HEADING, NOT_PAPERS, entry_from_reference, plausible_title

__all__ = ["READER", "MarkdownListReader"]

_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s+(?P<body>.+)$")
# A table row: "| a | b |"; a stray fence after the last pipe ("|N/A|```") or a last cell left open ("| a | b | [link](url)")
# is still the row
_ROW = re.compile(r"^\s*\|(?P<body>(?:[^|\n]*\|){2,}[^|\n]*?)\|?\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)[^)]*\)")
_BUTTON = re.compile(r"^(?:pdf|paper|code|github|project|website|arxiv|openreview|blog|video|slides|demo|data(?:set)?|model|bib(?:tex)?|html|abs|link|doi|page|huggingface|hf|twitter|poster)\b", re.I)
def _site_menu(link: re.Match[str]) -> bool:
    """A site's own menu entry: a few words linking within the site ("[Hosting a Venue](/group?id=...)", "[Terms of
    Use](/legal/terms)", "[Log in](#)"), as a page converted to Markdown keeps its header and footer; a paper's title
    runs longer or links away."""
    return link.group("url").startswith(("/", "#")) and not link.group("url").startswith("//") and len(link.group("text").split()) <= 3


_AUTHORS_BELOW = re.compile(r"^\s+(?:[*_]{1,2})(?P<a>[^*_].*?)(?:[*_]{1,2})\s*$|^\s{2,}(?P<p>[A-Z\u00C0-\u024F][^*_\[\]()|]*?)\s*$")
_ITALIC = re.compile(r"(?<!\*)\*([^*]+)\*(?!\*)|(?<![\w_])_([^_]+)_(?![\w_])")
# A list item keyed by a tool's own id before its title: "- Corpus ID: 7442 | Predictors of cognitive performance ...".
# Read as a paper's title only where several items of the list share the form (a list of records, not notes).
_KEYED_TITLE = re.compile(r"^(?:[A-Za-z][\w .-]{0,20}?\s)?(?:ID|Id|No\.?|#)\s*:?\s*[\w.:/-]{1,40}\s*\|\s*(?P<title>[A-Z0-9\"“'].{15,400}?)\s*$")


def _keyed(lines: list[str]) -> bool:
    """True when three items or more of the text are keyed titles (see :data:`_KEYED_TITLE`)."""
    return sum(1 for line in lines if (m := _ITEM.match(line)) and _KEYED_TITLE.match(m.group("body"))) >= 3


# A cell naming the venue and its year ("ICML 2023", "NeurIPS 2022"): the row's year when no date column says it.
_VENUE_YEAR_CELL = re.compile(r"^[A-Z][A-Za-z]{1,11}(?:[- ][A-Z][A-Za-z]{0,11})?\s+(?P<y>(?:19|20)\d\d)$")
_DATE_CELL = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)(?:[-/.]\d{1,2}){0,2}\s*$")
# A record's labelled field: "- **Authors:** ...", "**Arxiv link:** url", "- **Abstract**", "- Authors: ...".
_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*(?P<bold>[A-Za-z][A-Za-z ;./-]{0,24}?)\s*(?::\s*\*\*|\*\*\s*(?::|$))|(?P<plain>[A-Za-z][A-Za-z ./-]{0,24}?)\s*:(?=\s|$))\s*(?P<value>.*)$"
)
_FIELD_LABELS = re.compile(
    r"^(?:title|authors?|author list|by|subjects?|categor(?:y|ies)|links?|urls?|doi|abstract|summary|tl; ?dr|tldr|venue|"
    r"conference|journal|journal[- ]ref|published(?: in| at| date)?|publication(?: date)?|date|year|keywords?|comments?|tags?|"
    r"notes?|affiliations?|institutions?|citations?|cited by|status|submitted|accepted|updated|"
    r"(?:arxiv|pdf|paper|code|project|github|html|abs|openreview|hugging ?face|hf)(?: link| url| id| page)?)$",
    re.I,
)
_BARE_LABELS = re.compile(r"^(?:abstract|summary|tl; ?dr|tldr|links?|bibtex|citation)$", re.I)  # bold alone on its line
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")

# A paragraph opened by a bold title with the authors after it: "**Superposition of many models into one**Brian Cheung, ..."
_BOLD_LINE = re.compile(r"^\s*\*\*(?P<t>[^*]{6,300}?)\*\*\s*[-–—:,]?\s*(?P<a>[A-Z\u00C0-\u024F][^*\[\]()]{2,600}?)\s*$")
# "... published their code here.***Guided Similarity ...**": an italic paragraph's end run into the next bold title.
_GLUED_EMPHASIS = re.compile(r"(?<=[.!?\w])\*\*\*(?=[A-Z\u00C0-\u024F\[\"“])")


# A pipe table whose rows do not open with a pipe (GitHub's tables allow it; a dataset viewer copies so): its delimiter row.
_BARE_RULE = re.compile(r"^\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
# A dataset viewer's statistics under each column's name ("title stringlengths 10 168", "tags stringclasses 1 value").
_COLUMN_STATS = re.compile(
    r"\s*\b(?:stringlengths|stringclasses|sequencelengths|listlengths|u?int(?:8|16|32|64)|float(?:16|32|64)|bool|string|"
    r"timestamp\[\w+\]|date(?:32|64)|classlabel)\b(?:\s+[\d.]+[kKMB]?){0,2}(?:\s+(?:values?|classes))?\s*⌀?")


def _piped(lines: list[str]) -> list[str]:
    """Lines with a pipe table that lacks its edge pipes given them, its header (however many lines a viewer spreads it
    over) on the line above its delimiter; every line keeps its number."""
    rules = [i for i, line in enumerate(lines) if _BARE_RULE.match(line) and not line.lstrip().startswith("|")]
    if not rules:
        return lines
    out = list(lines)
    for at in rules:
        top = at - 1
        if out[top].count("|") < 2:  # a viewer's header: each column's name, its statistics, "| " before the next
            while top > 0 and out[top - 1].strip():
                top -= 1
        header = _COLUMN_STATS.sub(" ", " ".join(out[top:at]))
        header = re.sub(r"^\s*[A-Z][a-z]+:\s*", "", header)  # the viewer's "Datasets:" over the first column's name
        if header.count("|") < 2:
            continue
        for k in range(max(top, 0), at - 1):
            out[k] = ""
        out[at - 1] = "| " + " ".join(header.split()).strip(" |") + " |"
        out[at] = "|" + out[at].strip()
        k = at + 1
        while k < len(out) and out[k].count("|") >= 2 and not out[k].lstrip().startswith("|"):
            out[k] = "| " + out[k].strip() + ("" if out[k].rstrip().endswith("|") else " |")
            k += 1
    return out


def _unglued(lines: list[str]) -> list[str]:
    """Lines with a bold title run into the italic paragraph before it split off ("...here.***Title**Authors")."""
    out = []
    for line in lines:
        if "***" in line and _GLUED_EMPHASIS.search(line):
            pieces = _GLUED_EMPHASIS.split(line)
            out.append(pieces[0] + "*")
            out.extend("**" + piece for piece in pieces[1:])
        else:
            out.append(line)
    return out


def _bold_line(raw: str) -> Reference | None:
    """A bold title with its author list after it on the same line (a blog's list of papers), else None."""
    m = _BOLD_LINE.match(raw)
    if not m or YEAR.fullmatch(m.group("t").strip()):
        return None
    parsed = parse_authors(m.group("a"))
    if not parsed or not (len(parsed[0]) >= 2 or parsed[1]) or not all(n.given for n in parsed[0]):
        return None  # "**Note**Some words": one bare word is no author list
    return Reference(title=m.group("t").strip(), authors=parsed[0], truncated=parsed[1], how="markdown bold title and authors")


def _field(raw: str) -> tuple[str, str] | None:
    """(label, value) of a record's labelled field line, or None."""
    m = _FIELD.match(raw)
    if not m:
        return None
    label = (m.group("bold") or m.group("plain") or "").strip()
    if not _FIELD_LABELS.match(label):
        return None
    if m.group("plain") is not None and not re.match(r"^\s*[-*+]\s", raw):
        return None  # "Title: ..." unbulleted is an arXiv page's line, read by that reader
    if m.group("bold") is not None and not raw.rstrip().endswith("**") and ":" not in raw[: m.end("bold") + 4] and not _BARE_LABELS.match(label):
        return None
    return label.lower(), m.group("value").strip()


@dataclass(frozen=True, slots=True)
class MarkdownListReader:
    """Markdown list items and table rows with paper links or bold titles in, one entry per paper out."""

    name: str = "markdown-list"
    description: str = "Markdown reading list: awesome-lists, paper tables, bulleted or numbered lists with links or bold titles"

    def sniff(self, sample: str) -> float:
        """High when several list items or table rows carry a title link or a bold title."""
        papers = items = 0
        titled: int | None = None  # the title column of the table being read, when its header names one
        sampled = _piped(_unglued(lines_of(sample)[:3000]))
        keyed = _keyed(sampled)
        for i, raw in enumerate(sampled):
            if not _ITEM.match(raw) and not _ROW.match(raw) and _bold_line(raw) is not None:
                papers += 1
                items += 1
                continue
            if (labelled := _field(raw)) is not None:
                if re.match(r"^(?:authors?|author list|by)$", labelled[0]) and labelled[1]:
                    papers += 1  # one record's author field: a paper (its other fields are no items)
                    items += 1
                continue
            m = _ROW.match(raw) or _ITEM.match(raw)
            if not m or _RULE.match(raw):
                continue
            if _ROW.match(raw) and i + 1 < len(sampled) and _RULE.match(sampled[i + 1]):
                titled = _header(m.group("body")).get("title")
                continue
            items += 1
            body = m.group("body")
            cells = body.split("|") if titled is not None and _ROW.match(raw) else []
            if keyed and _ITEM.match(raw) and _KEYED_TITLE.match(body):
                papers += 1
            elif titled is not None and titled < len(cells) and len(cells[titled].split()) >= 2:
                papers += 1  # a table row under a "title" column (a dataset viewer's, a spreadsheet's paste)
            elif "**" in body or any(not _BUTTON.match(link.group("text").strip()) and len(link.group("text").split()) >= 2
                                     and not _site_menu(link) for link in _LINK.finditer(body)):
                papers += 1
        if papers >= 3 and papers >= 0.6 * items:
            return 0.8  # Markdown through and through: its own reader, before the page readers' guesses
        if papers >= 2 and papers >= 0.3 * items:
            return 0.72
        return 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per item or row that names a paper."""
        library = Library()
        lines = lines_of(text)
        if "***" in text:
            lines = _unglued(lines)  # (a split line numbers as the line it came from, one later)
        lines = _piped(lines)
        keyed = _keyed(lines)
        # How many items print their names on the line under them (a list built from a site's pages does it for all)
        names_under = sum(1 for k, line in enumerate(lines, 1) if _ITEM.match(line) and _names_line(lines, k) is not None)
        columns: dict[str, int] = {}
        record: _Record | None = None
        section = ""  # the heading above: a CV's "Awards" or "Experience" holds no papers
        cite_below = False  # a page's "Cite this article" heading over the article's own reference
        for no, raw in enumerate(lines, 1):
            if _RULE.match(raw):
                continue
            heading = _HEADING.match(raw)
            if heading and (NOT_PAPERS.match(heading.group("text")) or CITE_HEADING.match(heading.group("text"))):
                _flush(record, library, origin)
                record = None
                section = heading.group("text")
                cite_below = CITE_HEADING.match(section) is not None
                continue
            if cite_below and raw.strip():
                cite_below = False
                cited = parse_reference(raw.strip())
                if cited is not None and plausible_title(cited) and cited.authors and not misread_sign(cited):
                    library.entries.append(entry_from_reference(cited, self.name, origin, no))
                continue
            if heading:
                section = ""
            elif NOT_PAPERS.match(section) and raw.strip():
                if _ITEM.match(raw):
                    library.problems.append(Problem(f"not read as a paper (under {section.strip()!r}): {raw.strip()[:70]!r}", origin, no))
                continue
            if heading:
                _flush(record, library, origin)
                text = re.sub(r"^(?:\*\*)?title\s*:\s*(?:\*\*)?", "", heading.group("text").strip(), flags=re.I).strip(" *_")
                if not text:  # "### Title:" over the title's own (indented) line
                    text = next((line.strip() for line in lines[no: no + 2] if line.strip()), "")
                record = _Record(no, text)
                continue
            labelled = _field(raw)
            if labelled is not None:
                label, value = labelled
                if label == "title" and value:
                    _flush(record, library, origin)
                    record = _Record(no, value.strip(" *_"))
                elif record is not None:
                    record.fields.setdefault(label, value)
                continue
            if record is not None and record.title == raw.strip():
                continue  # the title's own line under "### Title:"
            row = _ROW.match(raw)
            item = None if row else _ITEM.match(raw)
            if not (row or item) and (bold := _bold_line(raw)) is not None:
                _flush(record, library, origin)
                record = None
                if sign := misread_sign(bold):
                    library.problems.append(Problem(f"not read as a paper (looks misread: {sign}): {raw.strip()[:70]!r}", origin, no))
                else:
                    library.entries.append(entry_from_reference(bold, self.name, origin, no))
                continue
            if not (row or item):
                if raw.strip():
                    columns = {}  # a table ends where its rows do (a copy may space them with blank lines)
                continue
            following = next((line for line in lines[no: no + 3] if line.strip()), "")
            if row and _RULE.match(following):
                columns = _header(row.group("body"))  # "|Publish Date|Title|Authors|PDF|": what each column holds
                continue
            key_title = _KEYED_TITLE.match(item.group("body")) if keyed and item else None
            if key_title:
                ref = Reference(title=key_title.group("title").rstrip(" .").strip(), how="markdown list item (a tool's id and a title)")
            else:
                ref = self._row(row.group("body"), columns) if row else self._item(item.group("body"))
            if ref is not None and item and not ref.authors:
                below = next((line for line in lines[no: no + 3] if line.strip()), "")
                italic = _AUTHORS_BELOW.match(below)
                names = (italic.group("a") or italic.group("p")) if italic else None
                if names and not AFFILIATION.search(names) and (parsed := parse_authors(names)):
                    # "1. **Title.** Venue 2005." over "    *Author One, Author Two.*" (thunlp's lists), or the names
                    # plain on the indented line below ("- **[Title](url)**" / "  Ann Author, Bob Author")
                    ref = replace(ref, authors=parsed[0], truncated=parsed[1])
            if ref is not None and item and (not ref.authors or ref.year is None or not ref.ids):
                ref = _filled_from_block(ref, _item_block(lines, no, raw))
            if ref is not None and item and not ref.authors and names_under >= 2:
                ref = _names_under(ref, lines, no)
            if ref is not None and ref.title and (unglued := _GLUED_BUTTON.sub("", ref.title)) != ref.title:
                ref = replace(ref, title=unglued)  # "Title of the PaperDownload": the page's PDF button copied with its title
            if ref is not None and ref.title and HONORIFIC.match(ref.title):
                ref = None  # "- **[Dr. Chenyuan Zhang](https://...)**" over an affiliation: a committee member
            if ref is not None and not ref.authors and ref.year is None and not ref.ids and key_title is None \
                    and (not ref.container or ref.container.lstrip()[:1] in "—–-"):
                # "1. **Build the fun-fact content database** — Start with ...": a bold phrase over prose names no
                # author, year, venue or id: a plan's step, no paper
                library.problems.append(Problem(f"not read as a paper (no author, year, venue or id): {raw.strip()[:70]!r}", origin, no))
                ref = None
            if ref is not None and (sign := misread_sign(ref)):
                # "- **Slamecka, N. J., & Graf, P. (1978).** Title...": the bold is the head, no title; reported, no record
                library.problems.append(Problem(f"not read as a paper (looks misread: {sign}): {raw.strip()[:70]!r}", origin, no))
                ref = None
            if ref is not None:
                _flush(record, library, origin)
                record = None
                library.entries.append(entry_from_reference(ref, self.name, origin, no))
        _flush(record, library, origin)
        return library

    @staticmethod
    def _title_link(body: str) -> re.Match[str] | None:
        for link in _LINK.finditer(body):
            words = link.group("text").strip()
            if not _BUTTON.match(words) and len(words.split()) >= 2 and not words.startswith("!"):
                return link
        return None

    def _item(self, body: str) -> Reference | None:
        if "**" in body:
            ref = parse_reference(body)
            label = re.match(r"^\*\*(?P<l>[^*]{1,40}?)\s*(?::\*\*|\*\*\s*:)", body.strip())
            if ref and label and ref.title and ref.title.strip(" :") == label.group("l").strip(" :"):
                return None  # "- **Deadline:** March 3": a labelled note, its label no paper's title
            return ref if plausible_title(ref) else None  # "* Deephi Tech, Beijing, China, Apr. 2017.": a talk's date, no title
        link = self._title_link(body)
        outside = _LINK.sub(" ", body).strip(" .,;*")
        titled = link is not None and re.fullmatch(r"\((?:19|20)\d\d\)", outside) and not YEAR.search(link.group("text"))
        if link is None or len(link.group("text").split()) >= 8 and not titled:
            # "- Haasdonk, B., Ohlberger, M.: Title. Venue (2009)." or a whole reference as a link's text
            # ("- [Mehrmann, V., Unger, B.: Title. Acta Numer 32 (2023).](slug) -- [doi](url)"): the item is a reference
            cited = parse_reference(_LINK.sub(lambda m: m.group("text") + " " + m.group("url"), body))
            if plausible_title(cited) and cited.authors and cited.year:
                return cited
            if link is None:
                return None
        ref = Reference(title=link.group("text").strip().strip("*_ "), ids=find_ids(" ".join(l.group("url") for l in _LINK.finditer(body))))
        rest = _LINK.sub(" ", body)
        if len(ref.title.split()) <= 2 and not ref.ids and not rest.strip(" *_-|"):
            return None  # "[Log In](https://.../login)", "[Sign Up](...)": a site's menu, no paper
        italic = _ITALIC.search(rest)
        if italic and (parsed := parse_authors(italic.group(1) or italic.group(2))):
            ref.authors, ref.truncated = parsed  # "[**Title**](url) - *Arnob Ghosh*": the item's italic is its author list
        for piece in re.split(r"\s+[-–—|]\s+|\.\s+|;\s+", rest):
            piece = piece.strip(" ,.*_()")
            if not ref.authors and piece and (parsed := parse_authors(piece)) and len(piece) >= 5 and ("," in piece or " and " in piece or parsed[1]):
                ref.authors, ref.truncated = parsed
        years = YEAR.findall(rest)
        if years:
            ref.year = int(years[-1])
        ref.how = "markdown list item"
        return ref

    def _row(self, body: str, columns: dict[str, int] | None = None) -> Reference | None:
        cells = [c.strip() for c in body.split("|")]
        columns = columns or {}
        if "citation" in columns and columns["citation"] < len(cells):
            cited = parse_reference(cells[columns["citation"]])  # "| haggle | ... | A Chaintreau, ... **Title**. Venue, 2007. |"
            if cited is not None and cited.title and (cited.authors or cited.year):
                ids = find_ids(" ".join(l.group("url") for l in _LINK.finditer(cells[columns["citation"]])))
                return replace(cited, ids=cited.ids or ids)
            return None
        named = cells[columns["title"]] if "title" in columns and columns["title"] < len(cells) else None
        link = self._title_link(named if named is not None else body)
        bold = next((c for c in ([named] if named is not None else cells)
                     if c.startswith("**") and c.endswith("**") and len(c) > 6 and not _DATE_CELL.match(c.strip("* "))), None)
        if named is not None and link is None and bold is None and not _DATE_CELL.match(named) \
                and (len(named.split()) >= 2 or named.strip() and columns.get("authors") is not None):
            bold = named  # the Title column in plain text (one word when an Authors column stands beside it: "OpenCLIP")
        if link is None and bold is None:
            return None
        title = link.group("text") if link is not None else bold.strip("* ")
        title = re.sub(r"^\[[^\]]{1,40}\]\s+(?=\S)", "", title.strip())  # "[DALL-E 2]  Hierarchical ...": the nickname is no title
        urls = [l.group("url") for l in _LINK.finditer(body)] + [c for c in cells if re.fullmatch(r"<?https?://\S+?>?", c)]
        ref = Reference(title=title.strip().strip("*_ "), ids=find_ids(" ".join(urls)))
        for k, cell in enumerate(cells):
            plain = _LINK.sub(" ", cell).strip(" *_")
            if not plain:
                continue
            date = _DATE_CELL.match(plain) or (_VENUE_YEAR_CELL.match(plain) if "date" not in columns else None)
            if date and ref.year is None and columns.get("date", k) == k:
                ref.year = int(date.group("y"))
            elif not ref.authors and (columns.get("authors") == k or "," in plain or " and " in plain) \
                    and (parsed := parse_authors(re.sub(r"\bet\.\s?al\b", "et al", plain))):
                ref.authors, ref.truncated = parsed
        ref.how = "markdown table row"
        return ref


def _item_block(lines: list[str], no: int, raw: str) -> list[str]:
    """The lines a list item goes on with (Markdown's rule: indented deeper than its marker, blank lines between them
    allowed), up to the next item, heading or line as shallow as the marker."""
    indent = len(raw) - len(raw.lstrip())
    out = []
    for line in lines[no: no + 40]:
        if not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= indent or _ITEM.match(line) or _HEADING.match(line):
            break
        out.append(line.strip())
    return out


_OWN_MARKS = re.compile(r"</?(?:em|b|strong|i|u)>|(?<=\w)[*†‡]+|\\\*")  # a page's emphasis on its owner, equal-contribution stars
_VENUE_YEAR_LINE = re.compile(r"^(?:[A-Z][\w&-]*\s+){0,6}(?:preprint\s+)?(?P<y>(?:19|20)\d\d)\.?$", re.I)


def _filled_from_block(ref: Reference, block: list[str]) -> Reference:
    """``ref`` with what the item's own indented lines add: a publication page's "EMNLP 2025." venue line, its
    "[[pdf]](arxiv url)" link, and its author line after a blank one ("_Yupei Du_, Philipp Mondorf, and Barbara Plank.");
    the item's notes ("**TL;DR:** ...") add nothing."""
    authors, truncated, year, ids = ref.authors, ref.truncated, ref.year, list(ref.ids)
    for line in block:
        if line.startswith("**") and ":" in line[:30] or len(line) > 300:
            continue  # "**TL;DR:** We study ...", "**Abstract:** ...": a note, or a paragraph of prose
        plain = _OWN_MARKS.sub("", _LINK.sub(lambda m: m.group("text"), line)).strip(" *_")
        if not ids and (found := find_ids(line)):
            ids = found
        if year is None and (dated := _VENUE_YEAR_LINE.match(plain)):
            year = int(dated.group("y"))
        elif not authors and ("," in plain or " and " in plain) and not re.search(r"\d", plain) \
                and not AFFILIATION.search(plain) and (parsed := parse_authors(plain.rstrip("."))):
            authors, truncated = parsed
    if (authors, year, ids) == (ref.authors, ref.year, list(ref.ids)):
        return ref
    return replace(ref, authors=authors, truncated=truncated, year=year, ids=ids)


# A button's word run into the title's last one without a space ("Trojan TriggersDownload"): never a word of the title.
_GLUED_BUTTON = re.compile(r"(?<=[a-z0-9)])(?:Download(?: ?PDF)?|PDF)\s*$")
# A forum page's state line copied under a paper's names: "Published: 01 Nov 2022, Last Modified: ...".
_PUBLISHED_LINE = re.compile(r"^Published:?\s+\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+(?P<y>(?:19|20)\d\d)\b")


def _names_line(lines: list[str], no: int) -> tuple[list, bool] | None:
    """The names on the first line under the item of line ``no`` (unindented, after a blank line), or None: two or
    more people, each a given name and a family name, no digits, no affiliation, no sentence."""
    below = next((k for k, line in enumerate(lines[no: no + 4], no) if line.strip()), None)
    if below is None or _ITEM.match(lines[below]) or _HEADING.match(lines[below]) or _ROW.match(lines[below]):
        return None
    plain = lines[below].strip()
    if re.search(r"\d|[:;*_\[\]()|]", plain) or AFFILIATION.search(plain) or plain.endswith((".", "!", "?")):
        return None
    parsed = parse_authors(plain)
    if not parsed or len(parsed[0]) < 2 or not all(n.given and n.family for n in parsed[0]):
        return None
    return parsed


def _names_under(ref: Reference, lines: list[str], no: int) -> Reference:
    """``ref`` with the names a list copied from a site's pages prints under each item, unindented after a blank line
    ("* **[Title](https://openreview.net/forum?id=...)**" / "" / "Yue Xing, Qifan Song, Guang Cheng"), and the year of
    a "Published: 01 Nov 2022" line right below them (see :func:`_names_line`; the reader asks only where two items of
    the list or more have such a line: one comma list under one item may be its topics)."""
    parsed = _names_line(lines, no)
    if parsed is None:
        return ref
    below = [(k, line.strip()) for k, line in enumerate(lines[no: no + 6], no) if line.strip()][:2]
    year = ref.year
    if year is None and len(below) > 1 and (dated := _PUBLISHED_LINE.match(below[1][1])):
        year = int(dated.group("y"))
    return replace(ref, authors=parsed[0], truncated=parsed[1], year=year)


@dataclass(slots=True)
class _Record:
    """A heading and the labelled fields under it (a digest's paper, when they name authors or an id)."""

    line: int
    title: str
    fields: dict[str, str] = field(default_factory=dict)


def _flush(record: _Record | None, library: Library, origin: str) -> None:
    """Add ``record`` as an entry when it is a paper: a title with authors or an id among its fields."""
    if record is None or not record.title or not record.fields:
        return
    names = next((v for k, v in record.fields.items() if re.match(r"^(?:authors?|author list|by)$", k) and v), None)
    parsed = parse_authors(names) if names else None
    ids = []
    for value in record.fields.values():
        ids.extend(f for f in find_ids(value) if all((f.kind, f.value) != (g.kind, g.value) for g in ids))
    if not parsed and not ids:
        return  # a heading over labelled notes ("### Dates" / "- **Deadline:** ..."): no paper
    ref = Reference(title=record.title, ids=ids, how="markdown record (heading and labelled fields)")
    if parsed:
        ref.authors, ref.truncated = parsed
    dated = " ".join(v for k, v in record.fields.items() if k in ("date", "year", "published", "published date", "publication date", "venue", "conference", "journal"))
    years = YEAR.findall(dated)
    if years:
        ref.year = int(years[-1])
    else:
        arxiv = next((parse_arxiv_id(f.value) for f in ids if f.kind == "arxiv"), None)
        if arxiv is not None:
            ref.year = arxiv.year_month[0]  # a preprint's year is its id's
    library.entries.append(entry_from_reference(ref, "markdown-list", origin, record.line))


_COLUMN_WORDS = (
    ("title", re.compile(r"^(?:paper|papers|title|name|paper title|publication)s?$", re.I)),
    ("citation", re.compile(r"^(?:citation|reference|bibliographic reference|cite as|how to cite)s?$", re.I)),
    ("authors", re.compile(r"^(?:authors?|by|first author|people)$", re.I)),
    ("date", re.compile(r"^(?:(?:publish(?:ed)?|release|submission|submitted|update[d]?)?\s*(?:date|year|time|month)|published)$", re.I)),
)


def _header(body: str) -> dict[str, int]:
    """Which column of a table holds the title, the authors and the date, by its header's words."""
    out: dict[str, int] = {}
    for k, cell in enumerate(c.strip(" *_") for c in body.split("|")):
        for kind, words in _COLUMN_WORDS:
            if kind not in out and words.match(cell):
                out[kind] = k
    return out


READER = MarkdownListReader()
