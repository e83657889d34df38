"""Reader for pages that print each paper as a few lines: title, authors, venue and year.

This is the shape of most pages researchers copy: Google Scholar result lists and
profile tables, Semantic Scholar cards, OpenReview forum pages, Hugging Face paper pages,
proceedings listings (ACL Anthology, NeurIPS, PMLR, CVF) and personal publication pages.
Their order differs (the title first on most, the authors first on many personal pages),
so the page's order is decided by which side of the author lines the titles stand.

An author line is a list of names (:func:`._refparse.parse_authors`): several names, or
one with initials, or one after ``Authors:``; Google Scholar's ``A Vaswani, N Shazeer… -
Venue, 2017 - host`` carries the venue and year too. Names printed one per line with
trailing commas are joined first. The year comes from the venue line or a date line
(``Published: 16 Jan 2024``, ``Published on Jun 12, 2017``, ``12 June 2017``). Buttons,
counters and menus (``[pdf] [bib]``, ``Cited by 12``, ``Save Cite``, ``Expand``) are
furniture and never a paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ids import find_ids, normalize_title
from ..model import Entry, Library, PartialDate, Provenance
from ._refparse import AFFILIATION, HONORIFIC, INVERTED_HEAD, TRUNCATION, YEAR, Reference, clean_markdown, parse_authors, parse_reference
from ._text import is_abstract_like, lines_of

__all__ = ["READER", "PaperBlocksReader"]

_FURNITURE = re.compile(
    r"^(?:[\[|(]?\s*(?:pdf|bib|bibtex|abs|abstract|supp|supplemental|arxiv|code|video|slides|poster|project(?: page)?|"
    r"html|download pdf|openreview|doi|cite|save|related articles|all \d+ versions|cited by \d[\d,]*|\d[\d,]* citations?|"
    r"expand|view pdf|view paper|tl;dr|tldr|readers: .*|show more|show less|more|less|edit|reviews?|code & model|presentation|"
    r"alert|share|feed|add to (?:library|collection)|highly influenced|"
    r"bibtex record|copy link|copy url of note \w+|"  # OpenReview's BibTeX dialog and its notes' buttons
    r"[\d,]+ ?(?:upvotes?|likes?|stars?|comments?)|import into bibtex|endnote|refman|refworks|highly influential citations?|"
    r"(?:computer science|mathematics|medicine|biology|physics)\s*)[\]|)]?\s*[|·,]?\s*)+$",
    re.I,
)
# The site's name after a page's title, as its tab (and a search tool quoting it) shows it.
_SITE_SUFFIX = re.compile(
    r"\s+[|\-–—]\s+(?:OpenReview|arXiv(?:\.org)?|Semantic Scholar|ACL Anthology|Papers [Ww]ith Code|Hugging Face|"
    r"ResearchGate|IEEE Xplore|ScienceDirect|SpringerLink|PubMed|PMC|Google Scholar|dblp|CVF Open Access|PMLR|"
    r"NeurIPS Proceedings|ACM Digital Library)\s*$")
_TITLE_PREFIX = re.compile(r"^(?:\[(?:pdf|html|book|b|citation|c|doc)\]\s*)+", re.I)
# A label before the title: "Title: ...", a journal's or an award's "Survey Certification: ", "Featured Certification,
# Expert Certification: ", "Best Paper Award: ", "Oral: " (the digest's mark on the paper, not its title)
_TITLE_LABEL = re.compile(
    r"^(?:(?i:title|제목|标题|標題|题目|題目|タイトル|論文名)\s*[:：]\s*|(?:(?:[A-Z][\w-]*\s+){0,3}(?:Certification|Award|Prize|Mention|Oral|Spotlight|Highlight)(?:\s*,\s*)?)+\s*:\s+)(?=\S)")
# OpenReview's older forum pages (2019-2023) head the note with its invitation before the title again: "Blind Submission
# by Conference • Title", "Withdrawn Submission by Conference • Title", "Submission by Authors • Title".
_NOTE_HEADER = re.compile(r"^(?:(?:Blind|Withdrawn|Desk[- ]Rejected|Rejected|Camera Ready)\s+)?Submission\s+by\s+[^•]{1,40}?\s+•\s+(?=\S)")
_SCHOLAR_LINE = re.compile(r"^(?P<authors>.+?)\s+-\s+(?P<venue>.*?)(?:,\s*|\s+)?(?P<year>(?:19|20)\d\d)?\s*(?:-\s+(?P<host>[\w.\-]+\.\w+|[A-Z][^\d\-]{1,40}))?\s*$")  # "- arxiv.org", "- Springer", "- Taylor & Francis"
_DATE_LINE = re.compile(
    r"^(?:published(?: on)?:?|submitted(?: on)?:?|posted:?)?\s*(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?P<y>(?:19|20)\d\d)\b"
    r"|^(?:published(?: on)?|posted):?\s*(?P<iso>(?:19|20)\d\d)-[01]\d-[0-3]\d\b",  # a clipper's "Published: 2025-10-08"
    re.I,
)
# OpenReview prints a paper's state under its authors: "Published: 26 Jan 2026, Last Modified: ... ICLR 2026 Poster Everyone
# Revisions BibTeX CC BY 4.0", or "Submitted to ICLR 2026Everyone Revisions BibTeX" (a copy may glue the words).
_OPENREVIEW_STATE = re.compile(r"Everyone\s*Revisions\s*BibTeX\b|^Readers:\s*Everyone\b", re.I)
# "Submitted to ICLR 2026": the venue a submission is under review at, whose year is not yet the paper's.
_SUBMITTED_TO = re.compile(r"^Submitted to\b", re.I)
# A page's own address as a clipper or a search tool heads it: "URL: https://...", "Source: https://...", a bare URL.
_URL_FIELD = re.compile(r"^(?:(?:url|source|link|address)\s*:\s*)?<?https?://\S+>?$", re.I)
_PUBLISHED_AS = re.compile(r"^published (?:in|as)\b", re.I)
# "作者：J Wei, ..." (a Chinese page's label), "저자: ..." (a Korean note's), "著者: ..." (a Japanese one's)
_AUTHORS_LABEL = re.compile(r"^(?:authors?|by|作者|저자|著者)\s*[:：]?\s*(?<=[\s:：])", re.I)
_INITIAL = re.compile(r"(?:^|[\s,])(?:[A-Z]\.|[A-Z]{1,2}\s+[A-Z][a-z])")
_YEAR_HEADING = re.compile(r"^(?:19|20)\d\d$")
# Google Scholar's "[PDF] arxiv.org" beside a result: a link to a copy, never a title.
_HOST_LINK = re.compile(r"^\[(?:pdf|html|doc|ps)\]\s+[\w.-]+\.[a-z]{2,}$", re.I)
_LABEL_ONLY = re.compile(r"^\[[A-Za-z]{0,3}\d{1,4}\]$")


_YEAR_IN_PARENS = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)")


@dataclass(slots=True)
class _Line:
    no: int
    text: str
    level: int = 0  # a Markdown heading's level ("### Title": 3), 0 for any other line


# A Hugging Face paper page's chrome around its paper: who submitted it and when, its rank and votes, the comment
# thread's buttons, the counters of what cites it, a printed page's running head.
_HF_CHROME = re.compile(
    r"^(?:published on [a-z]{3,9} \d{1,2}(?: · submitted by .*)?|(?:·\s*)?submitted by(?: \S.*)?|on [a-z]{3,9} \d{1,2}|#\d+ paper of the (?:day|week|month)|"
    r"upvote(?: \d+(?: \+\d+)?)?|copy markdown|·|paper submitter(?: \d+ \w+ ago)?|\d+ (?:minutes?|hours?|days?|weeks?|months?) ago|reply|community|"
    r"(?:models|datasets|spaces) citing this paper(?: \d+)?|collections including this paper(?: \d+)?|"
    r"no (?:model|dataset|space|collection) (?:linking|including) this paper|cite arxiv\.org/abs/\S+ in a .* to link it from this page\.?|"
    r"search models, datasets, users\.\.\.|papers arxiv:\S+|view arxiv page view pdf.*|ask huggingchat about this paper|"
    r"(?:sign up or log in|tap or paste here|start discussing).*|ai-generated summary|\*?page \d+\*?|---|log in|sign up|"
    r"·\s*submitted by .*|\[(?:#\d+ paper of the (?:day|week|month)|upvote \d+)\]\(\S*\)|\[\]\(\S*(?: \"[^\"]*\")?\)|\+\d+|[=-]{3,})$",
    re.I,
)
_PAPER_PAGE = re.compile(r"^(?:\**page title:?\**:?\s*)?paper page\s*-\s*(.+)$", re.I)
_HF_OWN_ID = re.compile(r"^(?:papers arxiv:|cite arxiv\.org/abs/)(\d{4}\.\d{4,5})\b", re.I | re.M)
# The Librarian Bot's comment under a Hugging Face paper: the similar papers, one a line, each "Title (2025)".
_SIMILAR_FROM = re.compile(r"(?:papers similar to this paper|recommended by the semantic scholar api)", re.I)
_SIMILAR_UNTIL = re.compile(r"^(?:please give a thumbs up|if you want recommendations|you can directly ask)", re.I)
_SIMILAR_READ_AS = "similar paper listed on the page (title and year)"
_TITLE_YEAR = re.compile(r"^(?P<title>\S.{6,300}?)\s*\((?P<y>(?:19|20)\d\d)\)$")

# What a browser prints in place of a video or an audio clip it cannot play: page furniture.
_NO_MEDIA = re.compile(r"^your browser does not support (?:the )?(?:html5? )?(?:video|audio|iframe|canvas|embedded)\b", re.I)


# Affiliation marks after a name: "Hong Yu 1, Shashank Agarwal 1", "Bui 1,2", "Zeng1", "Cachola<sup>†</sup>", "Weld†‡".
_MARKS = re.compile(
    r"<sup>[^<]{0,30}</sup>|[†‡§¶∗⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[a-z])\*+|(?<=[a-z\u00DF-\u024F])(?:\s+|(?=\d))\d{1,2}(?:\s*,\s*\d{1,2}(?=\s*(?:,|$)))*(?=\s*(?:,|$|\s(?:and|&)\s))")


def _unmarked(line: str) -> str | None:
    """An author line without its affiliation marks, or None when ``line`` has none or is no author line then."""
    if not _MARKS.search(line):
        return None
    bare = " ".join(_MARKS.sub("", line).split()).strip(" ,")
    return bare if bare and parse_authors(bare) else None


# Google Scholar's results as a page's bare text gives them (a script's get_text, a reader view): each result's pieces
# run together, "[PDF] arxiv.orgTitleA Author, B Author\xa0- Venue, 2020 - arxiv.orgAbstract\xa0…Save Cite Cited by 5
# Related articles All 3 versions  View as HTML  Next title...".
_SCHOLAR_END = re.compile(r"Save Cite(?: Cited by \d[\d,]*)?(?: Related articles)?(?: All \d+ versions)?(?:\s+View as HTML)?\s*")
_SCHOLAR_GLUED = re.compile(
    r"^(?:\[(?:PDF|HTML|BOOK|CITATION|DOC)\]\s*(?:(?:[\w-]+\.)+[a-z]{2,}(?=[\[A-Z0-9]))?)*\s*(?P<title>.+?)"
    r"(?<=[a-z0-9)?!.:\]])(?P<authors>[A-Z\u00C0-\u00DE]{1,3} [A-Z\u00C0-\u00DE][^\xa0]*?)\xa0- (?P<venue>.+? - )"
    r"(?P<host>[\w.-]+?)(?P<abstract>[A-Z][\w-]* .*)?$")


def _unglued(raw: str) -> list[str]:
    """A line of Google Scholar results run together, as one line per piece (title, authors-venue line, abstract);
    any other line as it is."""
    if "\xa0- " not in raw or "Save Cite" not in raw:
        return [raw]
    out: list[str] = []
    for chunk in _SCHOLAR_END.split(raw):
        m = _SCHOLAR_GLUED.match(chunk.strip())
        if not m:
            out.append(chunk)
            continue
        out += [m.group("title"), f"{m.group('authors')} - {m.group('venue')}{m.group('host')}"]
        if m.group("abstract"):
            out.append(m.group("abstract"))
    return out


def _clean_lines(text: str) -> list[_Line]:
    """Non-blank lines without furniture; names printed one per line (``R. Arandjelović,``) joined."""
    out: list[_Line] = []
    pending: _Line | None = None
    run: list[_Line] = []  # names one a line, each with its affiliation mark (a paper's first page, its Markdown copy)
    submitter = False
    for no, raw in ((no, piece) for no, whole in enumerate(lines_of(text), 1) for piece in _unglued(whole)):
        line = " ".join(raw.split())
        line = re.sub(r"^(?:>\s?)+", "", line)  # a Markdown quote ("> - **Title**: ..."): the quoted line
        marks = re.match(r"^(?:\d{1,3}\.\s+)?(#{1,6})\s+", line)
        line = line[marks.end():] if marks else line  # a Markdown heading ("1. #### Title"): the line's text
        line = _BULLET.sub("", line)  # a Markdown list's item ("- Authors: A; B", "- *Title*"): the item's text
        if (urls := _TRAILING_URLS.search(line)) is not None and urls.start() > 0 and len(line[:urls.start()].split()) >= 3 \
                and "://" not in line[:urls.start()]:
            line = line[:urls.start()]  # "Title   http://project/   https://arxiv.org/pdf/ID.pdf": a note's links after a title
        if (whole := _EMPHASIS_LINE.fullmatch(line)) is not None:
            line = whole.group(2).strip()  # "*Nicholas Carlini, Milad Nasr, ...*": a proceedings page's names in italics
        if marks and line.lower() in ("authors", "author"):
            line += ":"  # "#### Authors" over the names (a proceedings page): the names' label
        line = " ".join(_MD_IMAGE.sub("", line).split())  # an avatar or a logo before a name: no text of the page
        line = re.sub(r"^\*\*([^*:：]{1,30}?)([:：]?)\*\*\s*([:：]?)\s*(?=\S)", r"\1\2\3 ", line)  # "**Authors**: ...": the label
        if submitter:
            submitter = False
            continue  # the user name under "Submitted by"
        if not line or _FURNITURE.match(line) or _LABEL_ONLY.match(line) or _HOST_LINK.match(line) or _NO_MEDIA.match(line) \
                or _HF_CHROME.match(line) or _LINK_TAIL.match(line) or _BUTTON_LINKS.fullmatch(line) or _PROCEEDINGS_CHROME.match(line):
            submitter = line.lower().lstrip("· ") == "submitted by"
            continue
        if _MORE_AUTHORS.match(line) and out and pending is None and _AUTHORS_LABEL.match(out[-1].text) and not TRUNCATION.search(out[-1].text):
            # "+ 8 authors" under a page's names (Hugging Face; its "+ " read as a list's bullet): the list is cut short
            out[-1].text += " + " + _MORE_AUTHORS.match(line).group(1) + " authors"
            continue
        if _PROFILE_ID.match(line):
            continue  # "~Daya_Guo2" under a name: the OpenReview profile the name links to, as a copy keeps its tooltip
        if line.startswith(", ") and out and pending is None and parse_authors(out[-1].text):
            out[-1].text += line  # "Daya Guo" / ", Shuo Ren, Shuai Lu, ...": the list goes on past the first name's link
            continue
        if line == "," and out and pending is None:
            pending = out.pop()  # names one a line with "," alone between them (a browser's copy of a list of links)
            pending.text += ","
            continue
        if pending is not None and pending.text.endswith(":") and _AUTHORS_LABEL.match(pending.text + " x"):
            pending.text += " " + line  # "Authors:" alone over the names
            if not line.endswith(","):
                out.append(pending)
                pending = None
            continue
        if _AUTHORS_LABEL.match(line + " x") and line.endswith(":") and len(line) <= 9:
            pending = _Line(no, line)
            continue
        bare = _unmarked(line) if pending is None else None
        if bare is not None:
            names = parse_authors(bare)
            if names and len(names[0]) == 1 and not names[1] and len(bare) <= 40:
                run.append(_Line(no, bare))
                continue
            line = bare
        if run:
            out.append(_Line(run[0].no, ", ".join(r.text for r in run)) if len(run) >= 2 else run[0])
            run = []
        if pending is not None:
            pending.text += " " + line
            if not line.endswith(","):
                out.append(pending)
                pending = None
            continue
        if line.endswith(",") and (len(line) <= 60 or _AUTHORS_LABEL.match(line)) and parse_authors(_AUTHORS_LABEL.sub("", line).rstrip(",")):
            pending = _Line(no, line)
            continue
        out.append(_Line(no, line, len(marks.group(1)) if marks else 0))
    if run:
        out.append(_Line(run[0].no, ", ".join(r.text for r in run)) if len(run) >= 2 else run[0])
    if pending is not None:
        out.append(pending)
    return out


# A letter's closing words, before the sender's name or initial.
_SIGN_OFF = re.compile(r"^(?:best(?:\s+(?:regards|wishes))?|kind(?:est)?\s+regards|regards|warm(?:est)?\s+regards|cheers|thanks|"
                       r"many\s+thanks|thank\s+you|sincerely|yours(?:\s+sincerely|\s+truly)?|all\s+the\s+best|greetings|ciao)\s*,",
                       re.I)
_VENUE_BELOW = re.compile(r"^(?:In\b|Proc(?:eedings|\.)|Journal|arXiv|IEEE|ACM|Trans(?:actions|\.)|Advances|To appear)", re.I)


def _authors(line: str, venue_below: str | None = None) -> tuple[list, bool, str | None, int | None] | None:
    """(names, truncated, venue, year) of an author line, or None for any other line."""
    text = _AUTHORS_LABEL.sub("", line) if _AUTHORS_LABEL.match(line) else line
    labelled = text is not line
    if labelled and re.fullmatch(r"\s*(?:n/?a|none|unknown|anonymous|-+|—)\s*", text, re.I):
        return None  # a search tool's "Author: N/A": no name is given
    venue = year = None
    if re.match(r"(?:and|or|of|the|by|with|in|to|for)\s", text):
        return None  # a sentence going on from the line above ("and Silicon Austria Labs, TU Graz - SAL ..."), no names
    if _SIGN_OFF.match(text):
        return None  # an e-mail's closing and its sender ("Best,\nA.", "Cheers, Tom"): "Best, A." is no inverted name
    scholar = _SCHOLAR_LINE.match(text) if " - " in text else None
    if scholar:
        text, venue = scholar.group("authors"), scholar.group("venue").strip(" ,…") or None
        year = int(scholar.group("year")) if scholar.group("year") else None
    elif (s2 := _S2_PUBLISHED.match(text)) and parse_authors(s2.group("names")):
        # Semantic Scholar's line under a title: "J. Shaw, Vipul Dubey Published 2016 Engineering" (its fields of study
        # after the year), "... Published in Neural Information Processing Systems 12 June 2017 Computer Science"
        text, venue, year = s2.group("names"), (s2.group("venue") or "").strip() or None, int(s2.group("y"))
    elif ";" in text and not labelled:
        head, _, tail = text.partition(";")  # PMLR: "A, B; Proceedings of ..., PMLR 202:1-20"
        if re.search(r"proceedings|journal|conference|pmlr|volume", tail, re.I):
            text, venue = head, tail.strip()
    if text.endswith(".") and not TRUNCATION.search(text[-20:]) and not re.search(r"\b[A-Z]\.$", text):
        # "Ioana Baldini, Perry Cheng and Olivier Tardieu." over "In proceedings of ...": several names and a venue
        # below; any other line ending with a full stop is a sentence or a wrapped reference.
        several_names = parse_authors(text[:-1])
        if several_names is None or len(several_names[0]) < 2 or not (venue_below and _VENUE_BELOW.match(venue_below)):
            return None
        text = text[:-1]
    if len(text) > 2000 or text.endswith(("?", "!", ":")) and not TRUNCATION.search(text[-20:]):
        # ... and "Authors:" ending a line opens a DBLP entry or a reference: the references reader's shape
        return None
    if AFFILIATION.search(re.sub(r"\([^)]*\)", "", text)) or _ROLE.search(TRUNCATION.sub("", text)) or _ACRONYM_COMPOUND.search(text) \
            or _PLACE.match(text):
        return None  # "Monash University, Australia", "Aman Chadha, Apple Inc/Stanford University", "PC Members"
    parsed = parse_authors(text)
    if not parsed or (is_abstract_like(text) and len(parsed[0]) < 3):
        return None  # a long line of many names is a long author list, not prose
    names, truncated = parsed
    if len(names) == 1 and re.match(r"^[A-Z]{1,3} [A-Z][a-z]+ [A-Z][a-z]+$", text):
        # "A Power Transform", "AI Quick Summary": Scholar's initials ("AB Smith") come before one family name, not two words
        return None
    if len(names) == 1 and truncated and " " not in names[0].display().strip():
        return None  # "WebImagesMore…": a menu cut short, not one author and others
    several = len(names) >= 2 or truncated
    if not (several or labelled or scholar or _INITIAL.search(text)):
        return None  # a lone "Hierarchical Perceiver" is a title, not a name
    return names, truncated, venue, year


# "South San Francisco, California", "Madrid, Spain", "Emeryville, CA": where a CV's item happened, no author line
_PLACE = re.compile(
    r"^(?:[A-Z][a-z]+\s){0,3}[A-Z][a-z]+,\s+(?:[A-Z]{2}|USA|UK|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|"
    r"Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    r"Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s(?:Hampshire|Jersey|Mexico|York)|North\s(?:Carolina|Dakota)|"
    r"Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\sIsland|South\s(?:Carolina|Dakota)|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    r"West\sVirginia|Wisconsin|Wyoming|Spain|France|Germany|Italy|Canada|China|Japan|India|Australia|Switzerland|Austria|"
    r"Netherlands|Belgium|Sweden|Norway|Denmark|Finland|Portugal|Brazil|Mexico|Korea|Singapore|Israel|England|Scotland|Ireland)$")
_S2_PUBLISHED = re.compile(r"^(?P<names>.+?)\s*[•·]?\s+Published(?:\s+in\s+(?P<venue>.+?))?\s+(?:\d{1,2}\s+[A-Z][a-z]+\s+)?"
                          r"(?P<y>(?:19|20)\d\d)\b(?:\s*[•·]?\s*[A-Z][\w ,&-]*)?$")


# "Program Chairs", "Organizing Committee", "Keynote Speakers": headings over names, never a paper's title.
_ROLE = re.compile(
    r"\b(?:chairs?|co-chairs?|committee|organi[sz]ers?|editors?|speakers?|members?|team|people|contact|sponsors?|keynotes?|"
    r"panel(?:ists)?|reviewers?|advisors?|students?|staff|faculty|alumni|authors?|presenters?|moderators?|judges?|winners?)\s*:?$",
    re.I,
)


_NUMBER_ALONE = re.compile(r"^\d{1,4}[.)]$")
# Google Scholar's counters line ("Cited by 2441 Related articles All 58 versions Cite Save..."): furniture.
_COUNTERS = re.compile(r"^(?:cited by \d[\d,]*|\d[\d,]* citations?)\b.*\b(?:related articles|versions?|cite|save)\b", re.I)


def _title_like(line: str) -> bool:
    # A people heading ("PhD Students", "Program Committee Members") is short; a title may end with such a word.
    if line[:9].lower() == "abstract " or _COUNTERS.match(line):
        return False  # a snippet that opens with its label, or the counters under a result
    if _SIGN_OFF.match(line):
        return False  # "Kind regards," over the sender's name closes a letter
    return 4 <= len(line) <= 300 and not is_abstract_like(line) and any(c.isalpha() for c in line) \
        and not _YEAR_HEADING.match(line) and not _DATE_LINE.match(line) and not (_ROLE.search(line) and len(line.split()) <= 5) \
        and " " in line.strip() and not _FIELD_VALUE.match(line) and not HONORIFIC.match(line)


# A page's one-word heading ("Taxonomy", "Videos") or a short field ("Source: ArXiv", "OpenReview ID: lFkGJ60bGq",
# "Primary area: general_machine_learning"): never a paper's title.
_FIELD_VALUE = re.compile(r"^[\w-]+(?:\s[\w-]+){0,2}:\s*\S+$|^[^\s:：]{1,12}：")  # "出处：SIGIR 2023": a full-width colon ends a label
_EDITORS_LABEL = re.compile(r"^\W*(?:editors?|eds?\.?)\W*$", re.I)
_BULLET = re.compile(r"^[-*+•]\s+(?=\S)")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*\)")
# What a Markdown converter leaves of a link or a button it broke over lines: "taesiri](/taesiri)" (a user's name, a
# count, the link's text begun lines above), "[[ ]" (a vote button's box), "[" (a link whose text was an image).
_LINK_TAIL = re.compile(r"^(?:[^\s\[\]]{1,40}\]\([^)\s]*\)|\[+\s*\]?|\[\[\s*\])$")
_TRAILING_URLS = re.compile(r"(?:\s+<?https?://\S+>?)+\s*$")
_EMPHASIS_LINE = re.compile(r"([*_])(?!\1)([^*_]{3,}?)(?<!\1)\1")
# A row of a page's buttons as Markdown links: "[Bibtex](...) [Paper](...) [Supplemental](...)" (the NeurIPS proceedings).
_BUTTON_LINKS = re.compile(
    r"(?:\s*\[(?:bibtex|paper|supplemental|supplementary|reviews?|metadata|meta ?review|author feedback|errata|pdf|poster|"
    r"slides|code|video|abstract|arxiv|openreview|project page|supp)\]\([^)\s]*\)\s*[|·]?)+", re.I)
# The proceedings page's words around its volume link: "Part of" over it, the track under it ("Main Conference Track").
_PROCEEDINGS_CHROME = re.compile(r"^(?:part of|(?:main conference|datasets and benchmarks|position paper) track)$", re.I)
# The volume link between a proceedings page's title and its authors: never the title.
_VOLUME_LINE = re.compile(r"^\[?(?:Advances in|Proceedings of)\b.*\b(?:19|20)\d\d\b")
_PROFILE_ID = re.compile(r"^~[A-Z][\w.\-]*?\d*$")
_MORE_AUTHORS = re.compile(r"^\+?\s*(\d+)\s+(?:more\s+)?authors?$", re.I)


def _year_of(line: str) -> int | None:
    if (first := _FIRST_VERSION.match(line)) is not None:
        return int(first.group("y"))  # "(Submitted on 20 May 2016 (v1), last revised 3 Mar 2017 ...)": the first version's
    m = _DATE_LINE.match(line) or _YEAR_FIELD.search(line)
    if m:
        return int(m.group("y") or m.group("iso"))
    if (numeric := _NUMERIC_DATE.match(line)):  # "12/21/21", "3/7/2023": a CV's date, month first
        year = int(numeric.group("y"))
        return year if year > 99 else 2000 + year if year <= 69 else 1900 + year
    years = YEAR.findall(line) or _SLUG_YEAR.findall(line)
    return int(years[-1]) if years and len(line) <= 200 else None


# A forum's state line in any of OpenReview's layouts ("...PosterReaders:  EveryoneShow BibtexShow Revisions", "...poster
# EveryoneRevisionsBibTeXCC BY 4.0").
_FORUM_STATE = re.compile(r"Readers:\s*Everyone|Everyone\s*Revisions", re.I)
_FIRST_VERSION = re.compile(r"^[(\[]?Submitted on\s+(?:\d{1,2}\s+)?[A-Za-z]{3,9}\.?\s+(?:\d{1,2},?\s+)?(?P<y>(?:19|20)\d\d)", re.I)
# A venue's decision on a forum's state line: "ICLR 2021 Poster", "NeurIPS 2022 Accept", "ICLR 2023 notable top 25%",
# "ICLR 2023 TSRL4H Oral" (a workshop's); never "Blind Submission" or "Submitted to".
_ACCEPTED_AT = re.compile(r"(?<![\w/])[A-Z][A-Za-z]{2,10}\s+(?P<y>(?:19|20)\d\d)\s+(?:[A-Z0-9][\w-]*\s+){0,2}?"
                          r"(?:poster|oral|spotlight|accept\w*|notable|highlight)", re.I)
_NUMERIC_DATE = re.compile(r"^\d{1,2}/\d{1,2}/(?P<y>\d{2}|(?:19|20)\d\d)$")
# A page's "Year:" field, also glued to its neighbours as a browser copies a definition list ("Month:JulyYear:2025Address:").
_YEAR_FIELD = re.compile(r"(?:^|[a-z\s])Year:\s*(?P<y>(?:19|20)\d\d)(?!\d)")
# A venue's name as sites spell it in ids and slugs: "icml-2026", "neurips_2024", "ICLR.cc/2026".
_SLUG_YEAR = re.compile(r"(?<![\w/-])[A-Za-z]{3,}(?:[-_]|\.cc/)((?:19|20)\d\d)(?![\w/-])")


@dataclass(frozen=True, slots=True)
class PaperBlocksReader:
    """Title / authors / venue-and-year blocks in, one entry per paper out."""

    name: str = "paper-blocks"
    description: str = ("paper pages and lists: Google Scholar, Semantic Scholar, OpenReview, Hugging Face paper pages, "
                        "ACL Anthology, NeurIPS, PMLR, CVF, personal publication pages")

    def sniff(self, sample: str) -> float:
        """High when several author lines stand next to title lines; one pair alone is a paper's own page."""
        if _ACL_CITE.search(sample) and _acl_citation(sample) is not None:
            return 0.8  # an ACL Anthology paper page, however copied: its "Cite (ACL):" field names the paper whole
        lines = _clean_lines(sample[:30000])
        pairs = _pairs(lines)
        numbers = sum(1 for line in lines if _NUMBER_ALONE.match(line.text))
        if len(pairs) >= 2 and numbers >= max(2, len(pairs) // 2):
            return 0.3  # "12." alone over each authors-then-title pair: a numbered reference list (PubMed Central's pages)
        labels = [int(m.group(1)) for line in lines if (m := re.match(r"^\[(\d{1,4})\]\s", line.text))]
        if len(labels) >= 3 and sum(1 for a, b in zip(labels, labels[1:]) if b == a + 1) >= 0.8 * (len(labels) - 1):
            return 0.3  # "[1] A. Author, ...", "[2] ...", "[3] ..." in order: a numbered reference list wrapped over lines
        dated = sum(1 for i, line in enumerate(lines) if INVERTED_HEAD.match(line.text)
                    and _YEAR_IN_PARENS.search(line.text + " " + (lines[i + 1].text if i + 1 < len(lines) else "")))
        if pairs and dated >= 3:
            return 0.3  # "Scott, B. H., ..., and Yin, P. (2014). Title" a line: a PDF's wrapped author-year reference list
        if len(pairs) >= 2:
            # A few name-led lines among many others are wrapped references (PDF text), not a page of papers,
            # whose title and author lines are a good part of it (0.37 and up on the real pages).
            return 0.75 if 2 * len(pairs) >= 0.2 * len(lines) else 0.55
        if len(pairs) == 1 and _AUTHORS_LABEL.match(lines[pairs[0][1]].text) \
                and (min(pairs[0]) <= 5 or lines[pairs[0][0]].level == 1 and pairs[0][1] == pairs[0][0] + 1):
            # a paper's own page: its title, then "Authors: ...", at the top of a long page (comments, counters), or
            # the page's one "# Title" heading right over them under the site's menus (a Markdown conversion)
            return 0.6
        if len(pairs) == 1 and max(pairs[0]) + 1 < len(lines) and max(pairs[0]) <= 40 \
                and (_OPENREVIEW_STATE.search(lines[max(pairs[0]) + 1].text) or _DATE_LINE.match(lines[max(pairs[0]) + 1].text)):
            return 0.6  # a paper's own page (OpenReview's forum): title, authors, then its state or date, then the discussion
        if len(pairs) == 1 and _TITLE_PREFIX.match(lines[pairs[0][0]].text) and " - " in lines[pairs[0][1]].text \
                and _SCHOLAR_LINE.match(lines[pairs[0][1]].text):
            return 0.75  # one Google Scholar result ("[PDF] Title" over "A Author, B Author - Venue, 2024"): an alert, a quote
        if len(pairs) == 1 and len(lines) <= 40:
            names = _authors(lines[pairs[0][1]].text)
            natural = names is not None and sum(" " in n.display() for n in names[0]) >= 2
            return 0.65 if natural or _AUTHORS_LABEL.match(lines[pairs[0][1]].text) else 0.45
        if not pairs and _SIMILAR_FROM.search(sample) and sum(1 for line in lines if _TITLE_YEAR.match(_BULLET.sub("", line.text))) >= 2:
            return 0.5  # a Hugging Face paper page copied without its title: the bot's similar papers are what it lists
        if not pairs and _title_page(lines, sample) is not None:
            return 0.31  # just above refusal: any other shape, or the fallbacks' ids, come first
        return 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per title / author-line pair."""
        library = Library()
        cited = _acl_citation(text) if _ACL_CITE.search(text) else None
        if cited is not None:
            from .references import entry_from_reference  # the one way a reference becomes an entry

            ref, line = cited
            library.entries.append(entry_from_reference(ref, self.name, origin, line))
            return library
        lines = _clean_lines(text)
        pairs = _pairs(lines)
        if not pairs:
            at = _title_page(lines, text)
            if at is not None:
                library.entries.append(self._title_only(lines, at, origin))
            self._own_id(text, origin, library)
            self._similar(text, origin, library)
            return library
        heading = None
        if pairs and _VENUE_HEADING.match(lines[pairs[0][0]].text):
            # "Proceedings of ..." with its editors: the volume the page lists, not one of its papers.
            heading = lines[pairs[0][0]]
            pairs = pairs[1:]
        elif pairs:
            heading = next((line for line in lines[: min(pairs[0])]
                            if len(line.text) <= 150 and _VENUE_HEADING.search(line.text)
                            and (YEAR.search(line.text) or _ACRONYM_YEAR.search(line.text))), None)
        pairs = [pair for pair in pairs if not _in_section_of_no_papers(lines, pair[0])]
        if not pairs:
            return library
        if len(pairs) >= 3 and (owner := _page_owner(lines, pairs)):
            pairs = [pair for pair in pairs if pair != owner]
        # Years alone on their lines, the first above every paper: the page groups its papers under year headings.
        year_headings = [i for i, line in enumerate(lines) if _YEAR_HEADING.match(line.text)]
        if not year_headings or not pairs or year_headings[0] > min(pairs[0]):
            year_headings = []
        for k, (title_at, author_at) in enumerate(pairs):
            stop = min(pairs[k + 1]) if k + 1 < len(pairs) else len(lines)
            begin = max(pairs[k - 1]) + 1 if k else 0
            # The lines the pair above read as its own (its venue, date, ids: up to four after it) give this one nothing.
            own_from = max(begin, max(pairs[k - 1]) + 5) if k else 0
            section = next((int(lines[h].text) for h in reversed(year_headings) if h < min(title_at, author_at)), None)
            entry = self._entry(lines, title_at, author_at, begin, stop, origin, own_from, section, len(pairs) == 1)
            if heading is not None:
                _from_heading(entry, heading, self.name, origin)
            library.entries.append(entry)
        if len(pairs) == 1:
            _page_fields(library.entries[0], lines, self.name, origin)
        self._own_id(text, origin, library)
        self._similar(text, origin, library)
        return library

    def _own_id(self, text: str, origin: str, library: Library) -> None:
        """A Hugging Face page's own arXiv id ("Papers arxiv:ID" above its paper, "Cite arxiv.org/abs/ID in a model
        README" below it) set on the page's paper."""
        own = _HF_OWN_ID.search(text)
        if own and library.entries and not library.entries[0].arxiv_id \
                and library.entries[0].extra.get("read_as") != _SIMILAR_READ_AS:
            library.entries[0].set("arxiv_id", own.group(1), Provenance(self.name, origin, text.count("\n", 0, own.start()) + 1))

    def _similar(self, text: str, origin: str, library: Library) -> None:
        """The papers a Hugging Face page's Librarian Bot lists as similar ("Title (2025)", one a line, a title wrapped
        over two when printed): title-only records with their year; the page's own paper is not repeated."""
        raw = lines_of(text)
        start = next((i for i, line in enumerate(raw) if _SIMILAR_FROM.search(line)), None)
        if start is None:
            return
        known = {normalize_title(e.title) for e in library.entries if e.title}
        held = ""
        held_at = 0
        for no, line in enumerate(raw[start + 1:], start + 2):
            line = " ".join(line.split())
            if _SIMILAR_UNTIL.match(line):
                break
            if not line or _HF_CHROME.match(line) or _SIMILAR_FROM.search(line):
                continue
            line = _BULLET.sub("", line)  # "- Title (2024)", "*   [Title](url) (2023)"
            whole = f"{held} {line}".strip() if held else line
            m = _TITLE_YEAR.match(whole)
            if m is None:
                held, held_at = (whole, held_at or no) if len(whole) <= 300 else ("", 0)
                continue
            at, held, held_at = held_at or no, "", 0
            title = clean_markdown(m.group("title")).strip()
            if normalize_title(title) in known or not _title_like(title):
                continue
            prov = Provenance(self.name, origin, at)
            entry = Entry()
            entry.add_source(prov)
            entry.set("title", title, prov)
            entry.set("issued", PartialDate(int(m.group("y"))), prov)
            entry.extra["read_as"] = _SIMILAR_READ_AS
            library.entries.append(entry)

    def _title_only(self, lines: list[_Line], at: int, origin: str) -> Entry:
        """A paper's own page that shows no authors: its title, the ids and date around it, marked as such."""
        prov = Provenance(self.name, origin, lines[at].no)
        entry = Entry()
        entry.add_source(prov)
        title = lines[at].text
        if _wraps_on(title) and at + 1 < len(lines) and _title_like(lines[at + 1].text) and not _ABSTRACT_LABEL.match(lines[at + 1].text):
            title += " " + lines[at + 1].text  # "Learning Summary Statistics for" / "Bayesian Inference with Autoencoders"
        entry.set("title", title, prov)
        for line in lines[: at + 6]:
            if not _prose(line.text) and (found := _DATE_LINE.match(line.text)) and entry.issued is None:
                entry.set("issued", PartialDate(int(found.group("y") or found.group("iso"))), prov)
        for line in lines[max(0, at - 8): at]:
            # a paper's own page states its address above the title ("**URL:** https://huggingface.co/papers/ID")
            for found in find_ids(line.text):
                if found.kind == "arxiv" and not entry.arxiv_id:
                    entry.set("arxiv_id", found.value, Provenance(self.name, origin, line.no))
                elif found.kind == "doi" and not entry.DOI:
                    entry.set("DOI", found.value, Provenance(self.name, origin, line.no))
        entry.extra["read_as"] = "paper page (title and abstract; no authors shown)"
        return entry

    def _entry(self, lines: list[_Line], title_at: int, author_at: int, begin: int, stop: int, origin: str,
               own_from: int = 0, section_year: int | None = None, lone: bool = False) -> Entry:
        title_line, author_line = lines[title_at], lines[author_at]
        below = lines[author_at + 1].text if author_at + 1 < len(lines) else None
        got = _authors(author_line.text, below)
        if got is None:  # a lone author's plain name, paired by the page's order (see _pairs)
            parsed = parse_authors(author_line.text) or ([], False)
            got = (parsed[0], parsed[1], None, None)
        names, truncated, venue, year = got
        prov = Provenance(self.name, origin, min(title_line.no, author_line.no))
        entry = Entry()
        entry.add_source(prov)
        title = _TITLE_LABEL.sub("", _TITLE_PREFIX.sub("", _NOTE_HEADER.sub("", title_line.text)).strip()).strip()
        title = _SITE_SUFFIX.sub("", title) or title  # "Title | OpenReview", "[PDF] Title - arXiv": the page's tab title
        if "[" in title or "*" in title or "_" in title:
            # "*Title* [^^^](#return)": a reading list's emphasis and its back-link are no part of the title
            title = re.sub(r"\s+[^\w\s]{2,}$", "", clean_markdown(title)).strip()
        if (numbered := re.match(r"^\d{1,4}[.)]\s+(?=\S)", title)) and title.endswith("."):
            title = title[numbered.end():-1].strip()  # "1. A Model-Driven Parser Generator." (a numbered list of papers)
        if title_at < author_at and title_at - 1 >= begin and _wraps_on(lines[title_at - 1].text):
            title = lines[title_at - 1].text + " " + title  # a title wrapped over two lines on a paper's first page
        entry.set("title", title, Provenance(self.name, origin, title_line.no))
        entry.set("author", names, Provenance(self.name, origin, author_line.no))
        if truncated:
            entry.extra["authors_truncated"] = True
        # The lines after the pair, up to the next pair, hold the venue, the date and the ids.
        after = max(title_at, author_at) + 1
        following = []
        for line in lines[after: min(after + 4, stop)]:
            if _authors(line.text) is not None or section_year is not None and _YEAR_HEADING.match(line.text):
                break  # the next paper's names, or the heading of the next year's papers
            following.append(line)
        if venue is None:
            for line in following[:2]:
                if not _prose(line.text) and _year_of(line.text) and not _DATE_LINE.match(line.text):
                    venue = re.sub(r",?\s*\(?(?:19|20)\d\d\)?\.?$", "", line.text).strip(" ,.") or None
                    break
        if venue:
            entry.set("container_title", venue, prov)
        # A paper's own page (Hugging Face, OpenReview) states its id and date above the title.
        above = [line for line in lines[max(begin, own_from, min(title_at, author_at) - 2): min(title_at, author_at)]]
        # A page of one paper states its address in its header, a few lines over the title ("URL: https://openreview.net/
        # forum?id=..." under a clipper's heading): its ids are the paper's own, not a page's dates or headings.
        # A clipper's labelled "Source: https://..." names the page however long the menus under it run.
        header = [line for k, line in enumerate(lines[begin: min(title_at, author_at) - 2], begin)
                  if lone and _URL_FIELD.match(line.text) and (k >= min(title_at, author_at) - 8 or ":" in line.text.split("//")[0][:-1])]
        between = lines[min(title_at, author_at) + 1: max(title_at, author_at)]
        submitted = None
        if year is None:
            # An OpenReview forum's state names the venue that accepted the paper ("ICLR 2021 PosterReaders: Everyone"):
            # its year is the paper's, whatever the submission date above it says ("28 Sept 2020 (modified: ...)").
            accepted = next((m for line in following[:3] if _FORUM_STATE.search(line.text)
                             and (m := _ACCEPTED_AT.search(line.text))), None)
            if accepted is not None:
                year = int(accepted.group("y"))
        if year is None:
            for line in [*following, *between]:
                if not _prose(line.text) and (found := _year_of(line.text)):
                    if _SUBMITTED_TO.match(line.text):
                        submitted = submitted or found  # the venue's year, should no date on the page say the paper's
                        continue
                    year = found
                    break
        if year is None and lone:
            # A paper's own page lists its fields under the abstract, a label over its value as a browser copies a
            # definition list (ACL Anthology: "Year:" / "2018"); the page's one paper is theirs.
            rest = lines[after:stop]
            for k, line in enumerate(rest):
                if (m := _YEAR_FIELD.search(line.text)) or (re.fullmatch(r"Year\s*:", line.text, re.I) and k + 1 < len(rest)
                                                         and (m := re.fullmatch(r"(?P<y>(?:19|20)\d\d)", rest[k + 1].text))):
                    year = int(m.group("y"))
                    break
        if year is None and section_year is not None:
            year = section_year  # "2019" over this year's papers on a person's page (ACL Anthology)
        if year is None:  # above the title only a date line counts: a page heading's year is every paper's
            year = next((int(m.group("y") or m.group("iso")) for line in above if (m := _DATE_LINE.match(line.text))), None)
        if year is None:  # PubMed Central: "Published in final edited form as: J Biomed Inform. 2015 Sep 10;57:436–445."
            year = next((int(m.group(1)) for line in above if _PUBLISHED_AS.match(line.text) and (m := YEAR.search(line.text))), None)
        if year is None and submitted is not None and lone:
            # a submission's page: the date it was posted (a clipper's "Published:" over the title) before the venue's year
            year = next((int(m.group("y") or m.group("iso")) for line in lines[begin: min(title_at, author_at)]
                         if (m := _DATE_LINE.match(line.text))), None)
        year = year if year is not None else submitted
        if year is not None:
            entry.set("issued", PartialDate(year), prov)
        for line in [*header, *above, title_line, author_line, *following]:
            for found in find_ids(line.text):
                if found.kind == "arxiv" and not entry.arxiv_id:
                    entry.set("arxiv_id", found.value, prov)
                elif found.kind == "doi" and not entry.DOI:
                    entry.set("DOI", found.value, prov)
                elif found.kind not in ("arxiv", "doi") and found.kind not in entry.extra.get("ids", {}):
                    entry.extra.setdefault("ids", {})[found.kind] = found.value  # "https://openreview.net/forum?id=..."
                    if not entry.URL:
                        entry.set("URL", found.url, prov)
        abstract = next((line.text for line in following if is_abstract_like(line.text)), None)
        if abstract:
            entry.set("abstract", re.sub(r"^abstract\s*:?\s*", "", abstract, flags=re.I), prov)
        entry.extra["read_as"] = "paper blocks"
        return entry


# An ACL Anthology paper page's "Cite (ACL):" field: the paper as a whole reference, whatever the copy made of the page
# (a browser glues the labels: "Bibkey:x-2025-yCite (ACL):A, B, and C. 2025. Title. In ...").
_ACL_CITE = re.compile(r"Cite \(ACL\)\s*:")
_ACL_CITE_END = re.compile(r"Cite \(Informal\)\s*:|Copy Citation\s*:|\n\s*\n")
_LINK_MARKS = re.compile(r"cite\d+†|⟨\d+⟩|\bL\d+:\s|\[\^?\d+\]")


def _acl_citation(text: str) -> tuple[Reference, int] | None:
    """(the reference its "Cite (ACL):" field holds, its line) of an ACL Anthology paper page, or None."""
    m = _ACL_CITE.search(text)
    end = _ACL_CITE_END.search(text, m.end() + 1)
    value = text[m.end(): end.start() if end else m.end() + 1500]
    # The field links the paper's title to its page ("Names. 2023. [“Low-Resource” Text Classification: ...](url). In
    # ..."): the link's text is the title whole, whatever quotes it opens with.
    linked = [" ".join(t.split()) for t in _LINKED_TITLE.findall(value)]
    value = clean_markdown(_LINK_MARKS.sub("", value)).replace("\n", " ")
    value = " ".join(re.sub(r"^[\s:*_-]+", "", value).split())
    value = re.sub(r"\s+([.,;])(?=\s|$)", r"\1", value)  # "Title . In ..." where a link mark stood
    ref = parse_reference(value)
    if ref is None or not ref.title or not ref.authors:
        return None
    whole = next((t for t in linked if len(t) > len(ref.title) and normalize_title(ref.title) in normalize_title(t)), None)
    if whole is not None:
        ref.title = whole
    # The page's own ids: its "Anthology ID:" and its "DOI:" fields (other papers' links may stand on the page too).
    unmarked = _LINK_MARKS.sub("", text)
    own = _ANTHOLOGY_ID.search(unmarked)
    doi = _DOI_FIELD.search(unmarked)
    ref.ids = [f for f in find_ids(" ".join(filter(None, (own and f"https://aclanthology.org/{own.group('id')}/",
                                                           doi and f"https://doi.org/{doi.group('doi').rstrip('.,;')}"))))]
    return ref, text.count("\n", 0, m.start()) + 1


_LINKED_TITLE = re.compile(r"\[([^\[\]]{8,400})\]\(https?://(?:www\.)?aclanthology\.org/[^)\s]*\)")
_ANTHOLOGY_ID = re.compile(r"Anthology ID\W*(?P<id>\d{4}\.[a-z][a-z0-9-]*\.\d+|[A-Z]\d\d-\d{4})")


_DOI_FIELD = re.compile(r"(?<![A-Z])DOI:[*\s\[]*(?:https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/[^\s\]\[()\"]+)")


def _page_fields(entry: Entry, lines: list[_Line], reader: str, origin: str) -> None:
    """A paper's own page (one title over its authors) states its year and DOI as fields anywhere below: "Year:",
    "DOI:" (a browser may glue them to their neighbours: "Month:JulyYear:2025Address:")."""
    for line in lines:
        if entry.issued is None and (m := _YEAR_FIELD.search(line.text)):
            entry.set("issued", PartialDate(int(m.group("y"))), Provenance(reader, origin, line.no))
        if not entry.DOI and (m := _DOI_FIELD.search(line.text)):
            entry.set("DOI", m.group("doi").rstrip(".,;"), Provenance(reader, origin, line.no))


# A proceedings page's heading names the volume, and with it every paper's venue and year.
_VENUE_HEADING = re.compile(
    r"(?i:^(?:proceedings of|advances in|volume \d+))|^[A-Z]{2,}[\w-]* (?:19|20)\d\d\b|"
    r"(?i:\b(?:open access|main conference track|conference on|symposium on|workshop on)\b)|"
    r"\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|WACV|ACL|EMNLP|NAACL|AAAI|IJCAI|KDD|COLT|AISTATS|UAI) ?(?:19|20)\d\d(?!\d)"
)
# "CVPR2021所有录取文章！": the venue and year glued, and no word boundary before the heading's other script.
_ACRONYM_YEAR = re.compile(r"\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|WACV|ACL|EMNLP|NAACL|AAAI|IJCAI|KDD|COLT|AISTATS|UAI) ?"
                           r"(?P<y>(?:19|20)\d\d)(?!\d)")
_OTHER_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _from_heading(entry: Entry, heading: _Line, reader: str, origin: str) -> None:
    """The volume's year and venue, stated once in the page's heading, for a paper that states none itself."""
    prov = Provenance(reader, origin, heading.no)
    years = YEAR.findall(heading.text)
    glued = _ACRONYM_YEAR.search(heading.text)
    if not years and glued:
        years = [glued.group("y")]
    if entry.issued is None and years:
        entry.set("issued", PartialDate(int(years[0])), prov)
        entry.extra["year_from"] = "page heading"
    if entry.container_title is None and glued and _OTHER_SCRIPT.search(heading.text):
        # A collector's heading in another language around the venue: the venue is the part the page names it by.
        entry.set("container_title", glued.group(0), prov)
    elif entry.container_title is None:
        venue = re.sub(r"\s*[:,(]?\s*(?:\d{1,2}\s*[-–]\s*)?\d{1,2}\s+\w+\s+(?:19|20)\d\d.*$|\s+open access.*$", "", heading.text).strip(" :,")
        if venue and len(venue) <= 200:
            entry.set("container_title", venue, prov)


def _page_owner(lines: list[_Line], pairs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first pair when it is a person's page heading (the site's name over the person's name, who is among the
    authors of most papers below), not a paper; else None."""
    title_at, author_at = pairs[0]
    names = parse_authors(lines[author_at].text)
    if not names or len(names[0]) != 1 or not names[0][0].family:
        return None
    family = names[0][0].family.lower()
    shared = sum(1 for t, a in pairs[1:] if family in lines[a].text.lower())
    # A paper of the owner's alone ("Title" over "A Einstein") has its venue and year below; the heading has none.
    dated = any(_year_of(line.text) and not _YEAR_HEADING.match(line.text)
                for line in lines[max(pairs[0]) + 1: min(pairs[1])])
    return pairs[0] if shared >= 0.5 * (len(pairs) - 1) and not dated and not _year_of(lines[title_at].text) else None


# A CV's sections that list no papers: its patents, talks, teaching, awards, grants, service, schooling and jobs
_NO_PAPERS_SECTION = re.compile(
    r"^(?:selected\s+)?(?:intellectual property|patents?|(?:invited\s+)?talks?|presentations?(?:\s*(?:&|and)\s*talks?)?|"
    r"teaching|courses|awards?|honou?rs?|grants?|funding|service|education|experience|employment|skills|trainees?)\b", re.I)


def _in_section_of_no_papers(lines: list[_Line], at: int) -> bool:
    """True when the line at ``at`` stands under a Markdown heading naming a section without papers ("## Patents")."""
    own = lines[at].level or 7
    for line in reversed(lines[:at]):
        if line.level and line.level < own:
            return bool(_NO_PAPERS_SECTION.match(line.text))
    return False


def _pairs(lines: list[_Line]) -> list[tuple[int, int]]:
    """(title index, author index) of every paper: titles stand on the side the page uses."""
    authors = [i for i, line in enumerate(lines)
               if _authors(line.text, lines[i + 1].text if i + 1 < len(lines) else None) is not None
               and not (i and _EDITORS_LABEL.match(lines[i - 1].text))  # the names under "Editors:" edited the volume
               and not (line.level and _NO_PAPERS_SECTION.match(re.sub(r"^selected\s+|^publications?\b.*", "", line.text, flags=re.I) or "x")
                        or line.level and re.match(r"^(?:selected\s+)?publications?\b", line.text, re.I))]  # a CV's section heading
    if not authors:
        return []
    # Two author lines running one into the other where nothing above the first could be its title: the first is
    # the title ("Graviton Mass and Inertia Mass" over "A Einstein" in a profile's rows), unless it runs on (",").
    named = set(authors)
    headed_items = sum(1 for line in lines if line.level >= 3) >= 2
    authors = [i for i in authors if not (
        i + 1 in named and i + 2 not in named and i - 1 not in named and not re.search(r"(?:,|\band|&)$", lines[i].text)
        and (i == 0 or not _title_like(lines[i - 1].text) or _year_only(lines[i - 1].text)))]  # a run of three is a list of topics
    taken = set(authors)

    def title_at(i: int, step: int) -> int | None:
        j = i + step
        if step < 0 and 0 <= j < len(lines) and _DATE_LINE.match(lines[j].text):
            j -= 1  # "Published on Jul 18, 2023" between the title and the authors
        if step < 0 and 1 <= j < len(lines) and j not in taken and _VOLUME_LINE.match(lines[j].text) \
                and (lines[j].text.startswith("[") or lines[j - 1].level):
            j -= 1  # the volume a paper's page links between its title and its authors (not a listing's own heading)
        k, fields = j, 0
        while step < 0 and 0 <= k < len(lines) and j - k < 6 and k not in taken and (
                _FIELD_VALUE.match(lines[k].text) or " " not in lines[k].text.strip()):
            fields += ":" in lines[k].text or "：" in lines[k].text
            k -= 1
        if fields:
            j = k  # a note's metadata ("Conference: icml-2026", "Status: Spotlight") under its "Metadata" heading
        if 0 <= j < len(lines) and j not in taken and _title_like(lines[j].text) and not _year_only(lines[j].text) \
                and not (lines[j].level == 0 and _heading_over(i)):
            return j
        if step < 0 and (h := _heading_over(i)) is not None:
            return h  # "### Title" over the item's venue, place and date lines, its authors last (a CV's items)
        return None

    def _heading_over(i: int) -> int | None:
        """The Markdown heading a few field lines above author line ``i``, when the page's items are headed so."""
        for k in range(i - 1, max(-1, i - 6), -1):
            if k in taken:
                return None
            if lines[k].level:
                return k if _title_like(lines[k].text) and headed_items else None
        return None

    before = sum(title_at(i, -1) is not None for i in authors)
    after = sum(title_at(i, +1) is not None for i in authors)
    step = -1 if before >= after else +1
    out = []
    used: set[int] = set()
    for i in authors:
        j = title_at(i, step)
        if j is not None and j not in used:
            used.add(j)
            out.append((j, i))
    if len(out) >= 2 and step == -1:
        # Once the page shows its order (title, then authors), a lone author's plain name ("Halim Djerroud") in the
        # authors' place is one too: the line above it is a title no other pair holds, the line below no author line.
        held = used | taken
        for i in range(1, len(lines)):
            if i in held or i - 1 in held or lines[i].level or not _LONE_NAME.fullmatch(lines[i].text) or not _title_like(lines[i - 1].text):
                continue
            if i + 1 < len(lines) and i + 1 in taken:
                continue
            out.append((i - 1, i))
            held |= {i - 1, i}
        out.sort(key=lambda pair: pair[1])
    return out


# "SMT-Based Goal and Plan Recognition": an acronym in a hyphenated word is a title's, never a name's.
_ACRONYM_COMPOUND = re.compile(r"\b[A-Z]{2,}-[A-Za-z]|[A-Za-z]-[A-Z]{2,}\b")
_LONE_NAME = re.compile(r"(?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.|de|van|von|der|da|di|del|la|le)){1,3}")


_ABSTRACT_LABEL = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?:abstract|summary|ai quick summary|tl;?dr)[ \t]*:?[ \t]*$", re.I | re.M)
# The label before the abstract on its own line's start, as a forum page's fields print it ("Abstract: The ICLR ...").
_ABSTRACT_FIELD = re.compile(r"^[ \t*]*(?:abstract|tl;?dr)[ \t*]*:[ \t*]*\S", re.I | re.M)


# A title line that ends on a word wanting more: the title goes on on the next line.
_WRAPS_ON = re.compile(r"(?:\b(?:in|of|for|and|the|with|to|on|a|an|from|via|by|at|as|under|over|between|through|towards?|using|without)|:)$", re.I)


def _wraps_on(text: str) -> bool:
    """True for the first line of a wrapped title ("Understanding Task Design Trade-offs in")."""
    return bool(_WRAPS_ON.search(text)) and _title_like(text) and text[:1].isupper() and not is_abstract_like(text) \
        and _authors(text) is None


def _title_page(lines: list[_Line], text: str) -> int | None:
    """The title line of a paper's own page that names no authors (a summary site's page): the page opens with a
    title of three words or more, and a labelled abstract ("Abstract", "Summary", "TL;DR") follows; None otherwise."""
    if not lines or len(lines) > 80 or not (_ABSTRACT_LABEL.search(text[:3000]) or _ABSTRACT_FIELD.search(text[:3000])):
        return None
    named = next((i for i, line in enumerate(lines[:8]) if _PAPER_PAGE.match(line.text)), None)
    if named is not None:
        # "**Page Title:** Paper page - T" under a note's own heading: the page names its paper; the title again below
        title = _PAPER_PAGE.match(lines[named].text).group(1).strip()
        again = next((i for i, line in enumerate(lines[named + 1: named + 6], named + 1) if line.text == title), None)
        if again is not None:
            return again
        if normalize_title(lines[0].text) == normalize_title(title):
            return 0  # the note's own heading is the page's title (the heading below it wrapped over two lines)
    head = lines[0].text
    if not _title_like(head) or len(head.split()) < 3 or not head[:1].isupper() or head.endswith((",", ":", ".", ";")) or "@" in head:
        return None
    return 0 if any(is_abstract_like(line.text) for line in lines[1:8]) else None


def _prose(text: str) -> bool:
    """Running prose (an abstract, a TL;DR); a long venue line that ends with its year is not."""
    return is_abstract_like(text) and not re.search(r"\b(?:19|20)\d\d\)?\.?\s*$", text)


def _year_only(text: str) -> bool:
    """A venue-and-year line (``arXiv, 2023``): after the authors on a publications page, never the title."""
    return bool(re.search(r"(?:,|\()\s*(?:19|20)\d\d\)?\.?$", text)) and len(text) < 120 and not text.endswith("?")


READER = PaperBlocksReader()
