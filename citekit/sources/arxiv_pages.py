"""Reader for arXiv's own pages as copied from a browser or mail: /list, /search, /abs, the mailing digest, RSS.

Every one of these prints a paper as labelled lines around its id:

- ``/list`` (new, recent, cross-lists, replacements): ``[3] arXiv:ID [pdf, html, other]``,
  ``Title: ...``, the authors line, ``Comments:``, ``Journal-ref:``, ``Subjects: ... (cs.LG)``,
  then the abstract;
- ``/search``: ``arXiv:ID [pdf, other] cs.LG cs.AI``, the title line, ``Authors: ...``,
  ``Abstract: ...``, ``Submitted ...; originally announced Month YYYY.``;
- ``/abs``: ``[Submitted on 17 Jun 2021 ...]``, ``Title:...``, ``Authors:...``,
  ``Abstract:...``, ``Cite as: arXiv:ID``;
- the mailing digest: ``arXiv:ID``, ``Date: ...``, ``Title:``, ``Authors:``,
  ``Categories:``, ``Comments:``, the abstract between ``\\\\`` lines;
- RSS items: a title line, then ``arXiv:IDv1 Announce Type: new Abstract: ...``.

A block starts at a line that opens with the id (or, on an /abs page, at ``Title:``).
Buttons, counters, menus and headings between blocks are page furniture and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import find_ids, parse_arxiv_id
from ..latex import decode
from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._refparse import parse_authors, TRUNCATION
from ._text import MONTHS, clean, is_abstract_like, lines_of
from .title_names import split_title_names

__all__ = ["READER", "ArxivPageReader"]

_ID_OPENS = re.compile(
    r"^(?:\[\d+\]\s*|\d+\.\s+)?arxiv\s*:\s*(?P<id>[\w.\-/]+?)(?:v(?P<v>\d+))?(?=[\s\[(]|$)(?P<rest>.*)$", re.I
)
_LABEL = re.compile(r"^(?P<label>Title|Authors?|Comments?|Journal[- ]ref|Subjects|Categories|Abstract|Date|Cite as|DOI|Report[- ]number|MSC[- ]class|ACM[- ]class)\s*:\s*(?P<value>.*)$", re.I)
_SUBMITTED = re.compile(r"(?:\[?Submitted on|originally announced|Submitted)\s+(?:\d{1,2}\s+)?(?P<mon>[A-Z][a-z]+)\.?,?\s+(?:\d{1,2},?\s+)?(?P<y>(?:19|20)\d\d)", re.I)
_DIGEST_DATE = re.compile(r"^Date:\s*(?:\w{3},\s*)?(?P<d>\d{1,2})\s+(?P<mon>\w{3})\s+(?P<y>\d{4})", re.I)
_PRIMARY = re.compile(r"\(([a-z\-]+(?:\.[A-Za-z\-]+)?)\)")
_FURNITURE = re.compile(
    r"^(?:\[?(?:pdf|html|other|ps|src|view pdf|view email|tex source)[,\]\s]|view pdf|▽ less|△ less|▽ more|"
    r"(?:new|replacement|cross-list)s? (?:submissions|for|from)|showing .* (?:entries|results)|total of \d+|"
    r"see recent articles|skip to main content|help \| advanced search|submission history|from:|"
    # a reader service's header over the page it converted (Jina Reader), each line perhaps numbered by a tool's log
    r"(?:\[\d+\]\s*)?(?:url source|published time|markdown content|description|warning|number of pages)\s*:)"
    # a /search result's category tags on a line of their own ("cs.DS math.NA", "hep-th gr-qc"): never a title
    r"|(?:(?:astro-ph|cond-mat|gr-qc|hep-(?:ex|lat|ph|th)|math-ph|nlin|nucl-(?:ex|th)|physics|quant-ph|math|cs|q-bio|q-fin|stat|eess|econ)"
    r"(?:\.[A-Za-z\-]{2,})?\s*)+$",
    re.I,
)


# A TeX accent as arXiv's metadata (the mailing digest, the API) spells names and titles: "Hern\\'andez", "Bo\\"otes",
# "{\\o}". Only these are decoded: a title's math ("$\\overline M_{g,n}$") stays as the page printed it.
_TEX_ACCENT = re.compile(r"\{?\\(?:[`'^\"~=.]\s*|[uvHckbdrt](?:\s+|(?=\{)))\{?\\?[A-Za-z]\}?\}?|\{\\(?:[oOlL]|ae|AE|oe|OE|aa|AA|ss|i|j)\}")
# The digest closes an entry with its abstract's link and size: "\\ ( https://arxiv.org/abs/ID ,  26kb)".
_DIGEST_END = re.compile(r"^\\\\\s*\(\s*https?://arxiv\.org/abs/\S+\s*,\s*\d+kb\)\s*$", re.I)


def _untex(text: str) -> str:
    """``text`` with its TeX accents as the letters they make ("Hern\\'andez" is "Hernández")."""
    return _TEX_ACCENT.sub(lambda m: decode(m.group(0)), text) if "\\" in text else text


# The abs page's title as a browser tab, a Markdown clipper or a digest heading shows it: "[2505.19955] Title".
_TAB_TITLE = re.compile(r"^(?:#+\s*)?(?:\d+\.\s+)?\[(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?\]\s+(?P<title>\S.*)$")
# Every /abs page says, above its links, whose paper it is: "View a PDF of the paper titled T, by A and 5 other authors".
_VIEW_PDF = re.compile(r"^View a PDF of the paper titled (?P<title>.+?), by (?P<authors>.+?)(?P<more> and \d+ other authors?)?$")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\](?:\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[\d+\])")  # inline, or by reference ("[Name][2]")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.S)


def _plain(line: str) -> str:
    """A line as the page shows it: Markdown links, bold and definition-list marks (":   Title: ...") taken off."""
    line = _MD_LINK.sub(r"\1", line)
    line = re.sub(r"^#{1,6}\s+(?=(?:Title|Authors?)\s*:)", "", line.replace("**", ""), flags=re.I)  # "# Title: ..."
    line = re.sub(r"^:\s+", "", line)
    return "" if re.fullmatch(r"[=\-]{3,}", line) else line  # a Markdown heading's underline


# A /list page whose entries a copy ran into one line ("arXiv:ID [pdf, html, other] Title: T Name, Name Subjects: ...
# arXiv:ID ..."): it is split where each entry and each label begins.
_RUN_TOGETHER = re.compile(r"arXiv:\S+\s+\[(?:pdf|html|ps|other)\b", re.I)
_RUN_SPLIT = re.compile(
    r"\s+(?=arXiv:(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\s+[\[(])|\s+(?=(?:Title|Authors|Abstract|Subjects|Comments|Journal-ref):\s)"
    r"|\s+(?=\[Submitted on )|(?<=\])\s+(?=\S)(?<=\)\]\s)|(?<=\d\])\s+(?=[A-Z])|\s+(?=Submitted \d{1,2} [A-Z][a-z]+,)|\s+(?=View PDF\b)|(?<=\(experimental\))\s+")
_RUN_MARKS = re.compile(r"(?:Title|Authors|Abstract|Subjects|Comments):\s|\[Submitted on |\[(?:pdf|html|ps)\b")
_SEARCH_HEAD = re.compile(r"^(?P<id>arXiv:\S+\s+\[[^\]]*\](?:\s+(?:[a-z\-]+\.[A-Za-z\-]+|[a-z\-]+-[a-z\-]+|[a-z]+-ph|gr-qc|quant-ph))*)\s*(?P<rest>.*)$")
_VIEW_BUTTONS = re.compile(r"View PDF(?: HTML \(experimental\))?")


def _unflatten(line: str) -> list[str]:
    """A line of arXiv entries run together, one piece an entry's line; the title and the names after it apart.

    A /list copy runs "arXiv:ID [pdf, html, other] Title: T Name, Name Subjects: ..." together; a browsing tool runs a
    /search result ("arXiv:ID [pdf, ps, other] cs.AI T Authors: ... Abstract: ... Submitted 4 June, 2026; ...") or a
    whole /abs page ("arXiv:ID (cs) [Submitted on ...] T Name, Name View PDF ... Subjects: ...") into one line.
    """
    labels = len(_RUN_MARKS.findall(line))
    if labels < 2 or not _RUN_TOGETHER.search(line) and "[Submitted on " not in line:
        return [line]
    if not re.search(r"\sTitle:\s", line) and len(line) < 200:
        return [line]  # one entry's id, buttons and title on a line (a text-mode copy): its lines below are its own
    out: list[str] = []
    after_stated = False
    for piece in _RUN_SPLIT.split(line):
        piece = piece.strip()
        if not piece or _VIEW_BUTTONS.fullmatch(piece):
            continue
        head = _SEARCH_HEAD.match(piece)
        if head and head.group("rest") and not head.group("rest").startswith(("Title:", "Authors:")):
            out.extend([head.group("id"), "Title: " + head.group("rest")])  # /search: the title after the categories
            continue
        m = re.match(r"^Title:\s+(.+)$", piece)
        if m or after_stated and not _LABEL.match(piece):
            split = split_title_names(m.group(1) if m else piece)
            out.extend(["Title: " + split[0], split[1]] if split else [piece if m else "Title: " + piece])
        else:
            out.append(piece)
        after_stated = piece.startswith("[Submitted on ")
    return out


@dataclass(slots=True)
class _Block:
    """The lines of one paper on an arXiv page, from its opening line."""

    start: int
    arxiv: str | None = None
    version: int | None = None
    rest: str = ""
    lines: list[tuple[int, str]] | None = None
    tab: tuple[int, str] | None = None  # the page's title as its tab shows it ("[ID] Title"), when no "Title:" says it


#: A clipper's line naming the page it took ("From <https://arxiv.org/abs/ID>", "Source: https://arxiv.org/abs/ID").
_CLIP_SOURCE = re.compile(r"^(?:From|Source|URL)\s*:?\s*<?https?://(?:www\.|export\.)?arxiv\.org/abs/(?P<id>[\w.\-/]+?)(?:v(?P<v>\d+))?>?\s*$", re.I)


def _unlabelled_clip(numbered: list[tuple[int, str, bool]], at: int, after_clip: bool) -> bool:
    """Whether the "[Submitted on ...]" line at ``at`` opens a clipped /abs page: no "Title:" label and no id line before
    the clipper's source line below it (a whole page copied as text labels its fields, or prints its id line). After
    such a clip, the next date line or the text's end closes one too (the last clip cut before its source line)."""
    for no, raw, _ in numbered:
        if no <= at:
            continue
        line = raw.strip()
        if _CLIP_SOURCE.match(line):
            return True
        if line.startswith("[Submitted on "):
            return after_clip
        if _LABEL.match(line) or _ID_OPENS.match(line):
            return False
    return after_clip


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    before: tuple[int, str] | None = None  # the last text line before the first block (an RSS title)
    submitted: tuple[int, str] | None = None
    front = _FRONT_MATTER.match(text)
    skip = text.count("\n", 0, front.end()) if front else 0  # a clipping's front matter is no part of the page
    numbered = [(no, piece, len(pieces) > 1) for no, raw in enumerate(lines_of(text), 1)
                for pieces in [_unflatten(raw) if len(raw) > 120 and _RUN_MARKS.search(raw) else [raw]] for piece in pieces]
    after_clip = False  # whether a clipped /abs page (unlabelled, under its date line) was read
    flat_at = None  # the line whose entries ran together: the last of them ends with it, not on the lines below
    for no, raw, flat in numbered:
        if flat_at is not None and no != flat_at and current is not None and current.start == flat_at:
            current = None
        flat_at = no if flat else flat_at
        line = _plain(raw.strip()) if no > skip else ""
        tab = _TAB_TITLE.match(line)
        if tab and parse_arxiv_id(tab.group("id")) and (current is None or current.arxiv != tab.group("id")):
            current = _Block(no, tab.group("id"), _int(tab.group("v")), "", [], (no, tab.group("title")))
            blocks.append(current)
            continue
        m = _ID_OPENS.match(line)
        if m and current is not None and current.arxiv == m.group("id"):
            current.lines.append((no, m.group("rest").strip()))  # the same item printed again (RSS summary, then full)
            continue
        if m and parse_arxiv_id(m.group("id")) and current is None and before is not None and "announce type" in m.group("rest").lower():
            current = _Block(before[0], m.group("id"), _int(m.group("v")), m.group("rest"), [(before[0], "Title: " + before[1])])
            blocks.append(current)
            current.lines.append((no, re.sub(r"^.*?Abstract:\s*", "Abstract: ", m.group("rest"))))
            continue
        if line.startswith("[Submitted on ") and current is not None and current.arxiv is None and current.lines \
                and current.lines[0][1].startswith("[Submitted on ") and len(current.lines) > 2:
            # Clipped /abs pages one after another ("[Submitted on ...]", title, names, abstract, "From <url>"): each
            # date line opens the next page's paper; it is not the date of the paper above it.
            current = _Block(no, None, None, "", [(no, line)])
            blocks.append(current)
            continue
        if current is not None and current.arxiv is None and current.lines and current.lines[0][1].startswith("[Submitted on ") \
                and (clip := _CLIP_SOURCE.match(line)) and parse_arxiv_id(clip.group("id")):
            current.arxiv, current.version = clip.group("id"), _int(clip.group("v"))  # the clipper's source line names the page
            current = None
            continue
        if current is None and line and not _LABEL.match(line) and not m:
            before = (no, line)
            if line.startswith("[Submitted on"):
                submitted = (no, line)  # an /abs page states the date above the title
                if (not blocks or after_clip) and _unlabelled_clip(numbered, no, after_clip):
                    after_clip = True
                    current = _Block(no, None, None, "", [(no, line)])
                    blocks.append(current)
                    continue
        if m and parse_arxiv_id(m.group("id")):
            if current is not None and current.arxiv is None and not _has_label(current, "abstract") and _has_label(current, "title") and blocks and blocks[-1] is current \
                    and no - current.start <= 6:
                # RSS: the title line stood before the id line; the id belongs to that block.
                current.arxiv, current.version, current.rest = m.group("id"), _int(m.group("v")), m.group("rest")
                current.lines.append((no, line))
                continue
            current = _Block(no, m.group("id"), _int(m.group("v")), m.group("rest"), [])
            blocks.append(current)
            inline = re.search(r"\bTitle:\s*(.+)$", m.group("rest"))
            if inline:  # a text-mode copy puts the id, the buttons and the title on one line
                current.lines.append((no, "Title: " + inline.group(1)))
            continue
        label = _LABEL.match(line)
        if label and label.group("label").lower() == "title" and (current is None or _has_label(current, "title")):
            current = _Block(no, None, None, "", [submitted] if submitted and not blocks else [])
            blocks.append(current)
        if label and label.group("label").lower() == "cite as" and current is not None:
            cited = re.search(r"arxiv\s*:\s*([\w.\-/]+?)(?:v(\d+))?(?=[\s\[]|$)", label.group("value"), re.I)
            if cited and current.arxiv is None:
                current.arxiv, current.version = cited.group(1), _int(cited.group(2))
        if current is not None:
            current.lines.append((no, line))
            if _DIGEST_END.match(line):
                current = None  # what follows the digest's closing line (the next header, a post's prose) is no part of it
    return blocks


def authors_of(labels: dict[str, tuple[int, str]], free: list[tuple[int, str]]) -> bool:
    """True when a block names people: its ``Authors:`` line, or a free line, reads as an author list."""
    if "author" in labels:
        return parse_authors(labels["author"][1]) is not None
    return any(parse_authors(line) and not is_abstract_like(line) for _, line in free)


def _has_label(block: _Block, name: str) -> bool:
    return any((m := _LABEL.match(text)) and m.group("label").lower().startswith(name) for _, text in block.lines or [])


def _int(text: str | None) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True, slots=True)
class ArxivPageReader:
    """arXiv /list, /search and /abs pages, the mailing digest and RSS items in, one entry per paper out."""

    name: str = "arxiv-page"
    description: str = "arXiv pages: /list (new, recent, cross-lists, replacements), /search, /abs, the mailing digest, RSS"

    def sniff(self, sample: str) -> float:
        """High when ids open lines next to ``Title:``/``Authors:``/``Subjects:`` labels or ``[pdf ...]`` buttons."""
        ids = labels = created = titles = named = 0
        for raw in (piece for raw in lines_of(sample)[:4000] for piece in (_unflatten(raw) if len(raw) > 120 and _RUN_MARKS.search(raw) else [raw])):
            line = raw.strip()
            if line[:8].lower() == "authors:" and parse_authors(line[8:]):
                named += 1  # an /abs page without its id still names people; a help page's "Authors: required" does not
            if line[:6].lower() == "title:" or line.startswith("[Submitted on"):
                titles += line[:6].lower() == "title:"
                labels += line.startswith("[Submitted on")
            m = _ID_OPENS.match(line[:80])
            if m and parse_arxiv_id(m.group("id")):
                ids += 1
                if re.search(r"\[(?:pdf|html|ps|other)|announce type|cs\.|math\.|stat\.|physics|hep-|\(replaced\)|cross-list", m.group("rest"), re.I):
                    labels += 1
            elif (label := _LABEL.match(line[:40])) and label.group("label").lower() not in ("abstract", "date"):
                labels += 1  # "Abstract:" alone is the abstracts shape
            elif line[:8].lower() == "created:":
                created += 1
        if created:
            return 0.0  # the arxiv-listing shape (abstract, arXiv:ID, Created:)
        submitted = sample.find("[Submitted on ") >= 0  # an /abs page states it above the title
        if labels >= 2 and (ids or submitted):
            return 0.9
        if labels >= 2 and named:
            # "Title:" / "Authors:" lines without an arXiv id (a journal's digest mail, a mirror): arXiv's shape, less surely
            # than a page that shows the ids; a reader of title / author pairs may know the page better.
            return 0.7
        return 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per block that names a paper; a block without title or id is reported."""
        library = Library()
        labelled_before = False
        raw = lines_of(text)
        for block in _blocks(text):
            entry = self._entry(block, origin, library, raw)
            if entry is None:
                continue
            before = library.entries[-1] if library.entries else None
            labelled = _names_labelled(block)
            same = before is not None and (entry.arxiv_id and before.arxiv_id == entry.arxiv_id or not entry.arxiv_id
                                           and entry.title and before.title and clean(entry.title).lower() == clean(before.title).lower())
            if same and labelled and not labelled_before:
                # One page seen twice in a row (its tab title over its menus, then its labelled metadata; a note that
                # quotes the page's top before the page): the labelled block is the page's paper.
                _fill(entry, before)
                library.entries[-1] = entry
                labelled_before = True
                continue
            library.entries.append(entry)
            labelled_before = labelled
        return library

    def _entry(self, block: _Block, origin: str, library: Library, raw: list[str] | None = None) -> Entry | None:
        labels: dict[str, tuple[int, str]] = {}
        free: list[tuple[int, str]] = []
        key = None
        author_label = next((no for no, line in block.lines or [] if (m := _LABEL.match(line)) and m.group("label").lower().startswith("author")), None)
        for no, line in block.lines or []:
            m = _LABEL.match(line)
            if m:
                key = m.group("label").lower().split()[0].split("-")[0].rstrip("s")
                if key in labels and key != "abstract":
                    key = None  # a label said again further down (a script's "# Author:" line) adds nothing to the first
                    continue
                labels[key] = (no, m.group("value").strip())
                if key == "abstract" and not m.group("value").strip():
                    labels[key] = (no, "")
                continue
            if line == "\\\\" or not line:
                key = None
                continue
            if key in ("title", "author") and labels[key][1] and not _FURNITURE.match(line) and len(labels[key][1]) < 300 \
                    and not is_abstract_like(line) and not _ID_OPENS.match(line):
                # A wrapped title or author list (the digest, narrow windows) goes on below its label.
                if key == "title" and not labels.get("author") and parse_authors(line) and block.arxiv and "author" not in labels \
                        and not (author_label is not None and no < author_label):
                    key = None  # a /list page's unlabelled names under the title; the digest labels its "Authors:" below
                else:
                    labels[key] = (labels[key][0], labels[key][1] + " " + line)
                    continue
            if key == "abstract":
                labels["abstract"] = (labels["abstract"][0], (labels["abstract"][1] + " " + line).strip())
                continue
            key = None
            if not _FURNITURE.match(line):
                free.append((no, line))
        prov = Provenance(self.name, origin, block.start)
        entry = Entry()
        entry.add_source(prov)
        view = next(((no, m) for no, line in free if (m := _VIEW_PDF.match(line))), None)
        if view is not None:
            free = [(no, line) for no, line in free if no != view[0]]
        title = labels.get("title") or block.tab or (view and (view[0], view[1].group("title")))
        stated_at = next((no for no, line in block.lines or [] if line.startswith("[Submitted on ")), None)
        if stated_at is not None and any(no > stated_at for no, _ in free):
            # An /abs page prints its title and authors unlabelled under "[Submitted on ...]" when copied as text; the
            # search form's field names above it ("Title", "Author") are no title and no name.
            free = [(no, line) for no, line in free if no > stated_at]
        if title is None:
            # /search results print the title unlabelled right after the id line; RSS before it.
            for no, line in free:
                if not is_abstract_like(line) and not _LABEL.match(line) and len(line) >= 4 and not _SUBMITTED.search(line):
                    title = (no, line)
                    free.remove((no, line))
                    break
        stated = any(line.startswith("[Submitted on ") for _, line in block.lines or [])
        if block.arxiv is None and not stated and not authors_of(labels, free):
            return None  # a "Title:" with no id and no one's name beside it ("Title: required") is no paper
        if title is None or not title[1]:
            if block.arxiv:
                library.problems.append(Problem("an arXiv id with no title beside it; kept as an id-only entry", origin, block.start))
            else:
                return None
        else:
            entry.set("title", clean(_untex(title[1])), Provenance(self.name, origin, title[0]))
        authors = labels.get("author")
        if authors is None and view is not None:
            authors = (view[0], view[1].group("authors") + (" et al." if view[1].group("more") else ""))
        if authors is None:
            for no, line in free:
                if title is not None and not title[0] <= no <= title[0] + 3:
                    continue  # the names stand under the title; "References & Citations" far below is the page's menu
                # An unlabelled line is a list of names only when it reads as people ("Search", a menu word, is not).
                names = parse_authors(line)
                if names and not is_abstract_like(line) and (len(names[0]) >= 2 or " " in names[0][0].display()):
                    authors = (no, line)
                    free.remove((no, line))
                    break
        if authors is not None:
            authors = (authors[0], _untex(authors[1]))
            parsed = parse_authors(authors[1])
            if parsed:
                entry.set("author", parsed[0], Provenance(self.name, origin, authors[0]))
                if parsed[1]:
                    entry.extra["authors_truncated"] = True
            else:
                library.problems.append(Problem(f"authors not read: {authors[1][:60]!r}", origin, authors[0]))
        if block.arxiv:
            parsed_id = parse_arxiv_id(block.arxiv)
            if parsed_id:
                entry.set("arxiv_id", parsed_id.id, prov)
                entry.set("arxiv_version", block.version or parsed_id.version, prov)
        abstract = labels.get("abstract")
        if abstract is None or not abstract[1]:
            prose = [(no, line) for no, line in free if is_abstract_like(line)]
            abstract = prose[0] if prose else None
        if abstract is not None and abstract[1]:
            text = re.sub(r"\s*(?:▽ More|△ Less)\s*$", "", clean(abstract[1]))
            entry.set("abstract", text, Provenance(self.name, origin, abstract[0]))
        for key, field_name in (("comment", "comment"), ("journal", "journal_ref"), ("doi", "DOI")):
            if key in labels and labels[key][1]:
                entry.set(field_name, clean(labels[key][1]), Provenance(self.name, origin, labels[key][0]))
        if "comment" in labels and raw and 0 < labels["comment"][0] <= len(raw):
            # "Published on TMLR: [this https URL](https://openreview.net/forum?id=...)": the paper's own page elsewhere
            # (the link's address as the line stood, before its Markdown was read as text).
            for found in find_ids(raw[labels["comment"][0] - 1]):
                if found.kind not in ("arxiv", "doi"):
                    entry.extra.setdefault("ids", {}).setdefault(found.kind, found.value)
        subjects = labels.get("subject") or labels.get("categorie")
        if subjects:
            primary = _PRIMARY.search(subjects[1])
            value = primary.group(1) if primary else subjects[1].split()[0] if subjects[1].split() else None
            if value:
                entry.set("primary_class", value, prov)
        elif block.rest:
            cats = re.findall(r"\b([a-z\-]+\.[A-Z]{2}|hep-\w+|gr-qc|quant-ph|astro-ph(?:\.\w+)?|cond-mat(?:\.[\w-]+)?)\b", block.rest)
            if cats:
                entry.set("primary_class", cats[0], prov)
        date = self._date(block, labels)
        if date is not None:
            entry.set("issued", date, prov)
        entry.extra["read_as"] = "arXiv page"
        return entry

    @staticmethod
    def _date(block: _Block, labels: dict[str, tuple[int, str]]) -> PartialDate | None:
        """The submission date the page states (an /abs or /search page, the digest); None on /list pages."""
        if "date" in labels:
            m = _DIGEST_DATE.match("Date: " + labels["date"][1])
            if m and m.group("mon").lower()[:3] in MONTHS:
                return PartialDate(int(m.group("y")), MONTHS[m.group("mon").lower()[:3]])
        for _, line in block.lines or []:
            m = _SUBMITTED.search(line)
            if m:
                month = MONTHS.get(m.group("mon").lower()[:3])
                return PartialDate(int(m.group("y")), month)
        return None


READER = ArxivPageReader()


def _fill(entry: Entry, other: Entry) -> None:
    """What ``other`` (the same page read from its top) has and ``entry`` lacks: its id, date, abstract and other ids."""
    for field_name in ("arxiv_id", "arxiv_version", "issued", "abstract", "primary_class"):
        if getattr(entry, field_name, None) is None and getattr(other, field_name, None) is not None:
            entry.set(field_name, getattr(other, field_name), other.sources[0])
    for kind, value in (other.extra.get("ids") or {}).items():
        entry.extra.setdefault("ids", {}).setdefault(kind, value)


def _names_labelled(block: _Block) -> bool:
    """True when a block names its authors by a label ("Authors:") or the /abs page's "View a PDF ... by A and B"."""
    return any((m := _LABEL.match(line)) and m.group("label").lower().startswith("author") or _VIEW_PDF.match(line)
               for _, line in block.lines or [])
