"""Reader for reference lists and publication lists: one printed reference per record.

Any of the common styles (APA, Chicago, MLA, IEEE, Vancouver, Nature, Harvard, ACM),
numbered (``[12]``, ``12.``), labelled (``[BAD10]``, CV tags ``[C12]``/``[J3]``),
bulleted, or one per line, including text copied from a PDF: hard-wrapped lines are
joined (an end-of-line hyphen inside a word is dropped, a real hyphen kept), page
numbers, running heads and section headings are left out. Each reference is read by
:mod:`._refparse`; one it cannot read is reported with its line, never made into a
half-record. This is also the reader detection falls back to when no shape fits.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from ..model import Entry, Library, PartialDate, Problem, Provenance
from ._refparse import AFFILIATION, BARE_BUTTONS, HONORIFIC, INVERTED_HEAD, MD_ESCAPE, PARTICLES, Reference, unbutton, YEAR, colon_after_authors, list_label, parse_authors, strip_label, parse_reference, parse_reference_colon_named
from ._refcheck import misread_sign, trim_venue_head
from ._refnumbers import number_chain
from ._refwrap import field_keys, id_value, join_accents, kerned, literal_lines, markup_only, string_literal, unkern, unwrap_line
from ._text import is_abstract_like, lines_of

__all__ = ["READER", "ReferenceListReader", "segment", "split_run_in", "entry_from_reference", "plausible_title", "NOT_PAPERS",
           "CITE_HEADING"]

# The styles Google Scholar's Cite dialog (and similar boxes) print one paper in.
_STYLES = r"mla|apa|chicago|harvard|vancouver|ieee|ama|asa|turabian|nature"
_STYLE_HEADING = re.compile(rf"^(?:{_STYLES})$|^(?:MDPI and ACS|AMA|APA|MLA|Chicago(?:/Turabian)?|Harvard|Vancouver|IEEE|ASA|"
                            r"Nature|BibTeX|RIS)\s+Style$", re.I)  # MDPI's "Share and Cite": "AMA Style", "Chicago/Turabian Style"
# "NIPS 2017: Long Beach, CA, USA", "NeurIPS 2023": a venue's heading over its table of contents.
_VENUE_YEAR = re.compile(r"^(?:[A-Z]{2,}[\w-]*|[A-Z][a-z]+[A-Z][\w-]*)(?: [A-Z]{2,}[\w-]*)? (?:19|20)\d\d\b\s*(?:[:,(].*)?$")
_LEADERS_END = re.compile(r"(?:\s?\.){4,}\s*(?:[ivxlc]+|\d{1,5})?\s*$")  # a table of contents line ends here
# A CV's tag alone on its line ("J44", "BC21", "TP11"): it opens an entry as "[J44]" would.
_TAG_LINE = re.compile(r"^[A-Z]{1,3}\d{1,4}$")
_LABEL_ALONE = re.compile(r"^\[[A-Za-z]{0,3}\d{1,4}\]$")  # DBLP's "[c5]" on its own line
_NUMBER_ALONE = re.compile(r"^\d{1,4}[.)]$")  # PubMed Central's "12." on its own line, the reference below it
# Cheap signs that a line may hold a reference inside markup (see _refwrap): tags, entities, wiki links, keys, buttons.
_WRAPPED = re.compile(r"<[a-zA-Z/]|&#?\w+;|\{['\"]\s*['\"]\}|\[\[|^\s*\.\.\s+\[|\{#|^\s*(?:[*\-•]\s+)?\[[^\]]{2,60}\]:\s|^\s*(?:CrossRef|Crossref|Google|PubMed|zbMATH|MathSciNet|CAS|ADS|Article|Show in Context|View Article)")
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
# reStructuredText's heading underlines ("__________", "====") and directives (".. toctree::", ":maxdepth: 1"): markup
_MARKUP_LINE = re.compile(r"^(?:([=_\-~^*+#`])\1{3,}|\.\. [\w-]+::.*|:[\w-]+:(?:\s.*)?)$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[ivxlc\d]{1,5}$|^(?:19|20)\d\d(?:\s*[–-]\s*(?:(?:19|20)\d\d|today))?$", re.I)
# A CV's or homepage's sections that list no papers ("# 🎖 Honors and Awards", "### Experiences", "## Education")
NOT_PAPERS = re.compile(r"^\W*(?:honou?rs?|awards?|experiences?|professional experience|employment|educations?|academic activities|"
                         r"activities|services?|teaching|skills|grants?|funding|scholarships?|(?:invited |talk )?(?:talks|presentations)|patents?|"
                         r"contact|news|students|mentoring|supervision)\b(?:\s*(?:and|&)\s*\w+)?\W*$", re.I)
# A journal page's box with the article's own reference under it
CITE_HEADING = re.compile(r"^\W*(?:cite this (?:article|paper|chapter)|how to cite(?: this (?:article|paper))?|suggested citation|"
                           r"recommended citation)\W*$", re.I)

# A browser's print of a web page puts the address and "page/pages" at each page's foot, the date, time and page title
# at its head; ScienceDirect prints a reference's cover date alone ("/04/01 2024") above its journal line.
_BROWSER_PRINT = re.compile(r"^(?:https?://\S+\s+\d{1,3}/\d{1,3}|\d{1,2}/\d{1,2}/\d{2,4},\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b.*"
                            r"|/?\d{2}/\d{2}/?\s+(?:19|20)\d\d)$")
_RUNNING_HEAD = re.compile(r"^(?:\d{1,4}\s{3,}\S.*|\S.*?\s{3,}\d{1,4})$")
_HEADING = re.compile(
    r"^(?:#+\s*)?(?:(?:[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2})*)\.?\s+)?"  # "XV. REFERENCIAS BIBLIOGRÁFICAS", "7 References": a numbered section
    r"(?:references?|bibliography|referencias(?: bibliogr[aá]ficas)?|références(?: bibliographiques)?|referências(?: bibliogr[aá]ficas)?|bibliographie|bibliograf[ií]a|literatur(?:verzeichnis)?|riferimenti(?: bibliografici)?|literatuur|参考文献|literature(?: cited)?|works cited|sources|notes|"
    r"publications?|selected publications|(?:refereed |peer[- ]reviewed )?(?:journal|conference|workshop)s?(?: articles| papers| publications)?|"
    r"preprints?|books?(?: chapters)?|theses|patents|talks|in preparation|under review|submitted|cite|(?:table of )?contents|"
    + _STYLES + r"|(?:bibtex|endnote|refman|refworks)(?:\s+(?:bibtex|endnote|refman|refworks))*)\s*:?$",
    re.I,
)
# What may open a reference in a list without labels: a family name and a comma, initials, or "Family I".
_STARTS_REF = re.compile(r"^(?:[A-Z][\w'’\-]+(?:\s(?:[a-z]{1,3}\s)?[A-Z][\w'’\-]+)?,|(?:[A-Z]\.\s?){1,3}[A-Z]|[A-Z][\w'’\-]+\s[A-Z]{1,3}[,.]|[A-Z][\w'’\-]+\s(?:[A-Z]\.){1,3})")
# A line that ends on a word wanting more ("..., 2nd Edn, eds", "... and") is no whole reference, year or not.
_OPEN_END = re.compile(r"(?:\b(?:eds?|and|in|on|at|of|the|a|an|by|for|from|with|to)|&)$")
_SUFFIX_AFTER_BREAK = re.compile(
    r"^(?:ing|ings|tion|tions|sion|ment|ments|ness|ics|ical|ally|ed|er|ers|es|ly|ity|ive|ous|al|ure|ance|ence|"
    r"ematical|ated|ation|ations|ant|ent|ible|able|ial|ize|ized|ise|ised|ory|ary|ogy|ular|tive)\b"
)


@dataclass(slots=True)
class RawLine:
    """One input line: number, text without its indentation, and the indentation."""

    no: int
    text: str
    indent: int


# A PDF page's head: its number and the authors' names or the chapter's title ("34 Z. Kakushadze and J. A. Serur",
# "2 Options 35"), no year, no stop at the end
_PAGE_HEAD = re.compile(r"^\d{1,4}\s+(?P<m>[A-Z][^\d,;:()\[\]]{1,60}?)(?:\s+\d{1,4})?$")


def _page_head(text: str, alone: bool) -> bool:
    """True for a PDF page's running head standing apart (a blank line or the text's edge beside it)."""
    m = _PAGE_HEAD.match(text)
    if not m or not alone or text.endswith(".") and not text.endswith(tuple(f" {c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")):
        return False
    middle = m.group("m").strip()
    return text.rstrip()[-1:].isdigit() and len(middle.split()) <= 6 or parse_authors(middle) is not None and (
        " and " in middle or " & " in middle)


def _furniture(text: str, raw: str) -> bool:
    """True for page numbers, running heads and section headings: PDF and page furniture, never a paper."""
    if len(text) > 200:
        return False  # furniture is short
    if _PAGE_NUMBER.match(text) or _HEADING.match(text) or (len(text) <= 100 and _VENUE_YEAR.match(text)):
        return True
    if text.count(" | ") >= 2 and len(text) <= 120 and re.search(r"\|\s*(?:vol\.\s*)?\d{1,5}\s*$", text) \
            and all(len(piece.split()) <= 5 for piece in text.split(" | ")):
        return True  # "PNAS | March 6, 2018 | vol. 115 | no. 10 | 2537": a journal's running foot
    if _BROWSER_PRINT.match(text):
        return True  # a page a browser printed: its foot "https://... 29/33", its head "1/25/26, 3:22 PM Title"
    if _RUNNING_HEAD.match(raw.strip()):
        letters = [c for c in text if c.isalpha()]
        return not letters or sum(c.isupper() for c in letters) / len(letters) > 0.6
    return False


# A syllabus's or note's labelled line ("**Theory**: markov chains, principle of optimality", "**Applications**: transportation"):
# a note about the references round it, never one (no year in it)
_NOTE_LABEL = re.compile(r"^(?:[*\-]\s+)?\*\*[A-Z][a-z]+(?: [a-z]+)?\*\*\s*:|^(?:[*\-]\s+)?\*\*[A-Z][a-z]+(?: [a-z]+)?:\*\*")


def _years_are_no_labels(content: list[RawLine], starts: list[bool]) -> None:
    """A wrapped reference's year at a line's start ("2017." under "... *Wired*,") is no label in a list numbered
    1, 2, 3 ...: a number that leaps from the list's own (under 1000) to a year goes on with the reference above."""
    last = None
    for i, line in enumerate(content):
        if not starts[i]:
            continue
        m = re.match(r"^\[?(\d{1,4})[\].)]?(?:\s|$)", line.text)
        if not m:
            continue
        number = int(m.group(1))
        if i and last is not None and last < 1000 and 1500 <= number <= 2099:
            starts[i] = False
            continue
        last = number


def _capitals_apart(text: str) -> bool:
    """True for a short line in capitals standing between blank lines: a page's header or form box in a PDF's text
    ("FUNDACIÓN UNIVERSITARIA DE CIENCIAS DE LA", "VERSIÓN 01", "CÓDIGO: F-PI-FEP-09"), never a reference's part."""
    letters = [c for c in text if c.isalpha()]
    return len(text) <= 60 and len(letters) >= 3 and not text.endswith(".") \
        and sum(c.isupper() for c in letters) >= 0.9 * len(letters) and not YEAR.search(text)


# A DOI or web address that a line ends inside, at one of its slashes ("doi: 10.1126/", "www.site.org/careers/2016/02/")
_ID_BROKEN_AT_SLASH = re.compile(r"(?:\b10\.\d{4,9}|\bhttps?://[^\s/]+(?:/[^\s/]+)*|\bwww\.[^\s/]+(?:/[^\s/]+)*)/$")


def _join(parts: list[str], words: frozenset[str] = frozenset()) -> str:
    """Wrapped lines as one line: a hyphen that broke a word is dropped, a real hyphen kept.

    The text's own ``words`` decide first: "Deriva-" / "tives" is "Derivatives" where the text spells that word whole.
    """
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].islower():
            stem = re.search(r"(\w+)-$", out)
            after = re.match(r"\w+", part)
            if stem and after and (stem.group(1) + after.group(0)).lower() in words:
                out = out[:-1] + part
                continue
            whole_word = stem is not None and len(stem.group(1)) >= 4 and not _SUFFIX_AFTER_BREAK.match(part)
            out = out + part if whole_word else out[:-1] + part
        elif out.endswith("/") and _ID_BROKEN_AT_SLASH.search(out[-200:]) and part[:1].isalnum():
            out = out + part  # "doi: 10.1126/" over "science.1237825": a PDF wrapped the id at its slash
        else:
            out = out + " " + part
    return out


def segment(text: str) -> tuple[list[tuple[int, str]], list[int]]:
    """(references as (first line, joined text), lines of furniture left out) of a reference list."""
    lines: list[RawLine] = []
    furniture: list[int] = []
    headings: list[int] = []  # Markdown headings ("## Overview"): a section ends there, and any reference with it
    skipping = False  # under a heading of a section that lists no papers ("### Awards")
    marker = _comment_marker(lines_of(text))
    pdf_kerned = kerned(text)
    all_lines = lines_of(text)
    in_code = literal_lines(all_lines)  # references in a SQL insert's or a script's string literals
    keys = field_keys(lines_of(text))  # "cite:", "text:" repeated: references kept in a data file or a code array
    for no, raw in enumerate(lines_of(text), 1):
        if in_code:
            literal = string_literal(raw)
            if literal is None:
                furniture.append(no)  # the code around the references: statements, comments, other fields
                continue
            raw = literal
        elif markup_only(raw):
            if re.search(r"</?(?:li|p|div|dd|dt|tr|td|ul|ol)\b", raw):
                lines.append(RawLine(no, "", 0))  # "</li>": an item's end, a break in the text
            continue  # "<a", "href=...", ">": JSX's markup inside an item (its link's text goes on the item)
        if marker and raw.lstrip().startswith(marker):
            raw = raw.lstrip()[len(marker):]  # "!3<tab>Betts, A. K., ...", "!<tab>J. Geophys. Res., ...": a code comment's text
        if keys or _WRAPPED.search(raw):
            unwrapped = unwrap_line(raw, keys)
            if unwrapped is None:
                furniture.append(no)  # markup only: a wiki directive, a row of link buttons, a data file's own field
                continue
            if keys and id_value(unwrapped) and any(line.text for line in lines):
                last = next(line for line in reversed(lines) if line.text)
                last.text += " " + unwrapped.strip()  # "doi:", "url:" fields beside "cite:": the ids of that reference
                continue
            raw = unwrapped
        if pdf_kerned:
            raw = unkern(raw)
        elif "\u00a8" in raw or "\u00b4" in raw or "\u02c7" in raw or "\u02da" in raw or "\u02dc" in raw or "\u02c6" in raw:
            raw = join_accents(raw)
        if "\\" in raw:
            raw = MD_ESCAPE.sub(r"\1", raw)  # "\[14\]Liming Dong, ... 2022\." (Markdown from a PDF converter)
        if "{:" in raw:
            raw = re.sub(r"\{:\s[^{}]*\}", "", raw)  # a kramdown attribute after a link ("{: style=...}"): markup
        if "↵" in raw or ":" in raw:
            # PNAS's back-link arrow after a label ("5.↵ E. Álvarez-Salvado"), a README's emoji shortcode
            # (":white_check_mark: Ram, Nilam, et al."): markup, no part of the reference
            raw = re.sub(r"(?:(?<!\s)\s+)?↵", "", raw)  # a run of spaces tried once from its start (linear)
            raw = re.sub(r"(?:(?<=\s)|^):[a-z][a-z0-9_+-]{1,30}:\s*", "", raw)
        if "Google Scholar" in raw:
            unbuttoned = BARE_BUTTONS.sub("", raw)
            if raw.strip() and not unbuttoned.strip():
                continue  # "View in Scopus Google Scholar" alone: the buttons of the reference above
            raw = unbuttoned
        if "[" in raw:
            unbuttoned = unbutton(raw)
            if raw.strip() and not unbuttoned.strip():
                continue  # "[DOI] [PubMed] [Google Scholar]" alone: the buttons of the reference above, no line of its own
            raw = unbuttoned
        stripped = raw.strip()
        if not stripped:
            lines.append(RawLine(no, "", 0))
            continue
        alone = no == 1 or no == len(all_lines) or not all_lines[no - 2].strip() or no < len(all_lines) and not all_lines[no].strip()
        apart = (no == 1 or not all_lines[no - 2].strip()) and (no == len(all_lines) or not all_lines[no].strip())
        if _MD_HEADING.match(stripped):
            skipping = NOT_PAPERS.match(re.sub(r"^#{1,6}\s+", "", stripped)) is not None
        elif skipping:
            furniture.append(no)  # an item under a CV's "Awards" or "Experience": no reference
            continue
        if _furniture(stripped, raw) or _MD_HEADING.match(stripped) or _MARKUP_LINE.match(stripped) or _page_head(stripped, alone) \
                or apart and _capitals_apart(stripped) or _NOTE_LABEL.match(stripped) and not YEAR.search(stripped):
            furniture.append(no)
            if _MD_HEADING.match(stripped):
                headings.append(no)
            continue
        indent = len(raw) - len(raw.lstrip(" \t"))
        lines.append(RawLine(no, stripped, indent))
    content = [line for line in lines if line.text]
    if not content:
        return [], furniture
    joined = "\n".join(line.text for line in content)
    if (chain := number_chain(joined)) is not None:
        return _chain_refs(content, joined, chain, headings, _spelled_words(text, content)), furniture
    if sum(1 for line in content if _CITATION_LABEL.match(line.text)) >= 3:
        return _labelled_by_citation(content, _spelled_words(text, content)), furniture
    labelled = sum(1 for line in content if list_label(line.text) is not None or _TAG_LINE.match(line.text) or _NUMBER_ALONE.match(line.text))
    indents = sorted({line.indent for line in content})
    starts: list[bool]
    whole = [_stands_alone(line.text) for line in content] if len(content) <= 5000 else [False] * len(content)
    if sum(whole) >= 0.6 * len(content):
        # One reference a line (a list pasted from a page): a line that cannot stand alone continues the one before.
        # (A line left open, "... International Conference on", is continued even by one that would read alone.)
        # A labelled line after a blank one ("* Christopher Olah: ...") opens a reference, read alone or not.
        starts = [i == 0 or not _OPEN_END.search(content[i - 1].text) and not _continues(content[i - 1].text, line.text)
                  and (ok or not (line.text[:1].islower() or content[i - 1].text.endswith(("-", ",", ":")) or not whole[i - 1])
                       or (content[i - 1].no + 1 < line.no and list_label(line.text) is not None))
                  for i, (line, ok) in enumerate(zip(content, whole))]
        if labelled >= 0.6 * len(content):
            # A labelled list's reference wrapped at a word ("43. X. Yang, ... 2017. Learning to Read Irregular" over
            # "Text with Attention Mechanisms. In Proceedings ..."): an unlabelled line right under a line left without
            # its stop goes on with it
            for i in range(1, len(content)):
                previous = content[i - 1]
                if starts[i] and list_label(content[i].text) is None and previous.no + 1 == content[i].no \
                        and re.search(r"[A-Za-z]$", previous.text):
                    starts[i] = False
        if labelled >= 0.8 * len(content):
            # Nearly every line labelled ("41. Title. Front Psychiatry. 2021."): a label opens a reference even where the
            # line cannot stand alone (no authors)
            starts = [start or list_label(line.text) is not None for start, line in zip(starts, content)]
        # A bulleted list whose item wrapped inside a link's text ("- Feng Liu, “[China, ... Nexus" / "Approach](https://...),”
        # *The Pacific Review*, ..., 2019"): the unlabelled line right under it goes on with it, read alone or not.
        if labelled >= 0.5 * len(content):
            for i in range(1, len(content)):
                previous = content[i - 1]
                if starts[i] and previous.no + 1 == content[i].no and list_label(content[i].text) is None \
                        and previous.text.count("[") > previous.text.count("]"):
                    starts[i] = False
    elif labelled >= max(2, 0.25 * len(content)) or (labelled and labelled == len(content)) or _numbered_in_order(content) \
            or sum(1 for line in content if _TAG_LINE.match(line.text) or _LABEL_ALONE.match(line.text) or _NUMBER_ALONE.match(line.text)) >= 2:
        # Only the list's own kind of label starts a reference: "(1998)" or "3." inside a wrapped "[7]" entry does not.
        kinds = [_label_kind(list_label(line.text) or ("[]" if _TAG_LINE.match(line.text) else None)
                             or (line.text if _NUMBER_ALONE.match(line.text) else None)) for line in content]
        main = max((k for k in set(kinds) if k), key=kinds.count)
        starts = [kind == main for kind in kinds]
        first = starts.index(True) if True in starts else 0
        for k in range(1, first):
            # A page copied from just under the list's first number: its first reference, unlabelled after a blank line
            # below the note's prose ("Dayan, P.: Unsupervised Learning. The MIT Encyclopedia ..." over "2.")
            if content[k - 1].no + 1 < content[k].no and (ref := parse_reference(content[k].text)) is not None \
                    and _trusted(ref) and ref.authors:
                starts[k] = True
        _years_are_no_labels(content, starts)
        for line, kind, start in zip(content, kinds, starts):
            if kind == "bullet" and not start:
                line.text = strip_label(line.text)[0]  # "- DuQuant: ..." a page break made a bullet of, in a "[22]" list
    elif len(indents) > 1 and (flush := sum(line.indent == indents[0] for line in content)) >= 2 and indents[1] - indents[0] >= 2 \
            and len(content) - flush >= 0.3 * flush:
        # (hanging indents: many lines go on indented; one link's text indented deeper in a block of code is none)
        starts = [line.indent == indents[0] for line in content]
    elif (by_heads := _starts_by_inverted_heads(content)) is not None and _page_breaks_only(lines, content, by_heads):
        starts = by_heads
    else:
        # A line left open (ending inside a sentence: "... equation and the") is continued by the next one,
        # even when that one would read alone ("Ginzburg-Landau equation. C. R. Math. 348 (2010)").
        # (A blank line between them still ends it.)
        starts = [(a or b) and not (i and content[i - 1].no + 1 == content[i].no and re.search(r"[a-z,;:–&-]$", content[i - 1].text)
                                    and not YEAR.search(content[i - 1].text))
                  for i, (a, b) in enumerate(zip(_starts_by_shape(lines, content), whole))]
    if labelled < max(2, 0.25 * len(content)):
        # A work under its author's name ("Our Differences, 1885." below "Plekhanov, Grigory") is a reference of its own.
        works = [bool(_WORK.match(line.text)) for line in content]
        starts = [start or (i > 0 and works[i] and (works[i - 1] or _author_heading(content[i - 1].text) is not None))
                  for i, start in enumerate(starts)]
    if headings:
        starts = [start or (i > 0 and any(content[i - 1].no < h < line.no for h in headings))
                  for i, (line, start) in enumerate(zip(content, starts))]
    refs: list[tuple[int, str]] = []
    current: list[RawLine] = []
    # The words the text spells whole, to tell a word a line's end broke ("Deriva-" / "tives") from a compound
    words = _spelled_words(text, content)
    for line, start in zip(content, starts):
        if start and current:
            refs.extend((current[0].no, piece) for piece in split_run_in(_join(_names_line_closed(current), words)))
            current = []
        current.append(line)
    if current:
        refs.extend((current[0].no, piece) for piece in split_run_in(_join(_names_line_closed(current), words)))
    return refs, furniture


# Elsevier's author-year pages open each reference with its citation ("Blais et al., 2022 A. Blais, N. Couellan, ...",
# "Bellad and Petovello, 2013 Vijaykumar Bellad, ..."), and set its names, title, journal and buttons in paragraphs.
_CITATION_LABEL = re.compile(r"^(?P<c>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?(?: et al\.| and [A-Z][\w'’-]+| & [A-Z][\w'’-]+)?),"
                             r" (?P<y>(?:1[5-9]|20)\d\d)[a-z]?\s+(?=[A-Z])")


def _labelled_by_citation(content: list[RawLine], words: frozenset[str]) -> list[tuple[int, str]]:
    """References each opened by its citation label: only a label opens one, over blank lines and paragraphs; the label
    is no part of the reference (its year is kept when the rest states none)."""
    refs: list[tuple[int, str]] = []
    current: list[RawLine] = []
    year = ""

    def flush() -> None:
        if current:
            texts = _names_line_closed(current)
            if texts[0] != current[0].text:
                texts[0] = f"{current[0].text} ({year})."  # the names alone on their line: the label's year after them
            joined = _join(texts, words)
            if year and year not in joined:
                joined += f" ({year})."
            refs.extend((current[0].no, piece) for piece in split_run_in(joined))

    for line in content:
        label = _CITATION_LABEL.match(line.text)
        if label:
            flush()
            current, year = [RawLine(line.no, line.text[label.end():], line.indent)], label.group("y")
        else:
            current.append(line)
    flush()
    return refs


def _names_line_closed(lines: list[RawLine]) -> list[str]:
    """The texts of a reference's lines, its first line closed with a stop when it holds only its author list.

    A publisher's page sets the names on a line of their own over the title, with no stop ("[3] A.I. Awad, M.M. Fouda"
    over "Utilization of mobile edge computing ..."): the line's end ends the list.
    """
    texts = [line.text for line in lines]
    if len(texts) < 2 or texts[0].endswith((".", ",", ":", ";", "-")) or not texts[1][:1].isupper() \
            or re.search(r"(?:\band|&|&amp;|\bet(?: al)?)$", texts[0]):
        return texts  # ("..., Feng, G. and" over "Kibbe, W. [2012]": the list goes on)
    body, _ = strip_label(texts[0])
    parsed = parse_authors(body) if "," in body or " and " in body else None
    if parsed is None or len(parsed[0]) < 2 or not all(n.family and n.given for n in parsed[0]) \
            or not (all(re.search(r"\b[A-Z]\.", n.given or "") for n in parsed[0]) or len(parsed[0]) >= 3):
        return texts  # (initials on every name, or three names: "Deep Learning, Neural Networks" is no list of people)
    closed = [texts[0] + "."]
    # The title's lines then end where the journal's line begins: a line with the year in parentheses
    # ("IEEE J. Sel. Top. Signal Process., 3 (4) (2009), pp. 695-706", "Proceedings of ... (2012), pp. 458-472").
    for i, text in enumerate(texts[1:], 1):
        if i >= 2 and (text[:1].isupper() or text[:1].isdigit()) and re.search(r"\((?:1[5-9]|20)\d\d\)", text) \
                and not re.search(r"[.?!:]$", closed[-1]) and not re.search(r"\((?:1[5-9]|20)\d\d\)", " ".join(closed[1:])):
            closed[-1] += "."
        closed.append(text)
    return closed


def _spelled_words(text: str, content: list[RawLine]) -> frozenset[str]:
    """The words the text spells whole (lowercased), when some line ends on a hyphen; else none."""
    if not any(line.text.endswith("-") for line in content):
        return frozenset()
    return frozenset(w.lower() for w in re.findall(r"(?<![\w-])[^\W\d_]{6,}(?![\w-])", text[:400000]))


def _chain_refs(content: list[RawLine], joined: str, chain: list[tuple[int, int]], headings: list[int],
                words: frozenset[str]) -> list[tuple[int, str]]:
    """The references of a list numbered by bare numbers run together (see :mod:`._refnumbers`), each from its number
    to the next; the text before the first number is a piece of its own, and a heading after the last ends the list."""
    offsets = []
    position = 0
    for line in content:
        offsets.append(position)
        position += len(line.text) + 1

    def line_at(offset: int) -> int:
        return bisect.bisect_right(offsets, offset) - 1

    def piece(start: int, end: int) -> str:
        return _join([part.strip() for part in joined[start:end].split("\n") if part.strip()], words)

    refs: list[tuple[int, str]] = []
    if joined[: chain[0][0]].strip():
        refs.append((content[0].no, piece(0, chain[0][0])))
    last_line = content[line_at(chain[-1][0])].no
    after = next((h for h in headings if h > last_line), None)
    end_of_list = len(joined)
    if after is not None:
        end_of_list = next((offsets[i] for i, line in enumerate(content) if line.no > after), len(joined))
    for k, (label, start) in enumerate(chain):
        end = chain[k + 1][0] if k + 1 < len(chain) else end_of_list
        refs.append((content[line_at(label)].no, piece(start, end)))
    if end_of_list < len(joined):
        refs.append((content[line_at(end_of_list)].no, piece(end_of_list, len(joined))))
    return refs


# Where a second reference opens inside a paragraph a PDF converter ran several into: after a sentence's end, a name
# list closed by the year in parentheses ("... pp. 1–44. Arkolakis, Costas, and Andrés Rodríguez-Clare (2012). ...",
# "— (2024)." for the author above), or a name with initials glued to the year before ("(2006).L. J. A. Koster, ...").
_AUTHOR_DATE_HEAD = r"(?P<a>[A-Z\u00C0-\u024F][^().]{0,20}?,\s[^()]{1,160}?|[—–]+|-{2,3})\s+\((?:[A-Z][a-z]{2,4}\.?\s+)?(?:1[5-9]|20)\d\d[a-z]?\)[.,:]\s"
_RUN_IN_AUTHOR_DATE = re.compile(r"(?<=[.?!”\"])\s+(?=" + _AUTHOR_DATE_HEAD + ")")
_OPENS_AUTHOR_DATE = re.compile(_AUTHOR_DATE_HEAD)
_RUN_IN_GLUED = re.compile(r"(?<=\((?:1[5-9]|20)\d\d\)\.)(?=(?:[A-Z]\.\s?){1,3}(?:[a-z]{1,3}\s)*[A-Z][a-z])")


_NOTE_NEXT_WORK = re.compile(r"[)\]](?:[:,]\s*[\dA-Z][\d–-]*)?;\s+(?:see(?:,? e\.g\.,| also,?| generally,?)?\s+)?(?=[“\"]|\*[A-Z]|[A-Z][a-z]+\s(?:[A-Z]\.\s)?[A-Z][a-z]+(?:\s(?:Jr|Sr)\.)?(?:\s(?:and|&)\s|,))")


def split_run_in(text: str) -> list[str]:
    """The references a paragraph holds: one, or several a PDF conversion ran together."""
    if len(text) < 120:
        return [text]
    cuts = [m.start() for m in _RUN_IN_GLUED.finditer(text)]
    opening = _OPENS_AUTHOR_DATE.match(strip_label(text)[0] + " ")  # only a list written so splits so
    if opening and len(text) > 200:
        for m in _RUN_IN_AUTHOR_DATE.finditer(text):
            names = m.group("a")
            if m.start() > 40 and (names[0] in "—–-" or parse_authors(names) is not None):
                cuts.append(m.start())
    # Chicago notes cite several works in one note: '... (1967); "New Management Job," *Harvard Business Review* ...',
    # '... (1986): 78–108; Stephen R. Barley and Julian E. Orr, eds., *Between Craft ...*'. A work with no names of its
    # own is by the authors before it (marked as such: "—,").
    renamed: set[int] = set()
    for m in _NOTE_NEXT_WORK.finditer(text):
        if YEAR.search(text[m.end():]) and len(text) - m.end() >= 30:
            cuts.append(m.end())
            if text[m.end()] in "“\"*":
                renamed.add(m.end())
    if not cuts:
        return [text]
    pieces = []
    last = 0
    for cut in sorted(set(cuts)):
        if YEAR.search(text[last:cut]) and len(text[last:cut].strip()) >= 30:  # the piece before is a whole reference
            pieces.append(text[last:cut].strip())
            last = cut
    pieces.append(text[last:].strip())
    return [("—, " + piece if text.find(piece) in renamed else piece) for piece in pieces]


_COMMENT_MARKERS = ("!", "//", "%", ";", "#", "'")  # not "--": AMS and Chicago lists open references with dashes


def _comment_marker(lines: list[str]) -> str | None:
    """The comment marker that opens (nearly) every line of a reference list kept in source code ("!" in Fortran,
    "//", "%", "#"), None for any other text; a Markdown heading's "# " opens only some lines."""
    texts = [line.lstrip() for line in lines if line.strip()]
    if len(texts) < 4:
        return None
    for marker in _COMMENT_MARKERS:
        marked = [t for t in texts if t.startswith(marker)]
        if len(marked) >= 0.8 * len(texts) and (marker != "#" or sum(t.startswith("# ") for t in marked) < 0.5 * len(marked)) \
                and sum(1 for t in marked if YEAR.search(t)) >= 2:
            return marker
    return None


def _continues(previous: str, text: str) -> bool:
    """True when ``text`` goes on with the line before it, blank line or not: it opens in lowercase (not a name's
    particle: "van der Lans, Rick."), or the line before broke off on a hyphen or a dash ("Amer-", "pp. 2937–")."""
    first = text.split(None, 1)[0] if text.strip() else ""
    lowercase = first[:1].islower() and first.lower() not in PARTICLES and not re.match(r"^(?:e|i)[A-Z]|^[a-z]+\.\w", first)
    # (a whole reference after the hyphen is the next one: "... on an on-" cut by the PDF, then "Banerjee, A. V. (1992). ...")
    return bool(previous) and (lowercase or previous.endswith(("-", "–", "—")) and not previous.endswith((" -", " –", " —"))
                               and not _stands_alone(text))


def _numbered_in_order(content: list[RawLine]) -> bool:
    """True when labels ``[8]``, ``[9]``, ``[10]`` ... open lines in order: a numbered list, however many lines each
    reference wraps to (a PDF's two-column references run four or five lines each)."""
    numbers = []
    for line in content:
        label = list_label(line.text)
        if label and (m := re.fullmatch(r"\[?(\d{1,4})[\].)]?", label)):
            numbers.append(int(m.group(1)))
    if len(numbers) < 3:
        return False
    steps = sum(1 for a, b in zip(numbers, numbers[1:]) if 0 < b - a <= 3)
    return steps >= 0.8 * (len(numbers) - 1)


def _label_kind(label: str | None) -> str | None:
    """The kind of a list label: ``[n]``, ``(n)``, ``n.``, ``n)``, ``n`` or a bullet."""
    if label is None:
        return None
    if label.startswith("["):
        return "[]"
    if label.startswith("("):
        return "()"
    if label[:1].isdigit():
        return label.rstrip()[-1] if label.rstrip()[-1] in ".)" else "n"
    return "bullet"


def _starts_by_inverted_heads(content: list[RawLine]) -> list[bool] | None:
    """Reference starts in a PDF's flush-left author-year list, hard-wrapped ("Scott, B. H., Mishkin, M., and Yin, P.
    (2014). Neural correlates of auditory short-" / "term memory in ..."); None for any other list.

    When many lines open with an inverted name and initials, only such a line opens a reference: not a wrapped line
    that reads alone or follows one holding the year, nor a name that goes on an author list broken at a comma.
    """
    heads = [bool(INVERTED_HEAD.match(line.text)) for line in content]
    if not heads or not (heads[0] or content[0].text[:1].islower()) or sum(heads) < 3 or sum(heads) < 0.2 * len(content):
        return None  # (a first line in lowercase is the end of a reference from the page before)
    return [i == 0 or head and not content[i - 1].text.rstrip().endswith((",", "-", "–", "&", " and"))
            for i, head in enumerate(heads)]


def _page_breaks_only(lines: list[RawLine], content: list[RawLine], heads: list[bool]) -> bool:
    """True when the blank lines among a list's inverted heads are none, or a few page breaks in a list that opens
    (nearly) every dated line with such a head (not a list that parts its references by blank lines, nor one whose
    references mostly open otherwise: "Asquith N.M., J. Terborgh ... 1999.")."""
    blanks = sum(1 for line in lines[lines.index(content[0]): lines.index(content[-1])] if not line.text)
    if not blanks:
        return True
    dated = sum(1 for line in content if line.text[:1].isupper() and YEAR.search(line.text))
    return 4 * blanks < sum(heads) and sum(heads) >= 0.8 * dated


def _starts_by_shape(lines: list[RawLine], content: list[RawLine]) -> list[bool]:
    """Reference starts in a list without labels or hanging indents: blank lines, else line shapes."""
    inner = [line for line in lines[lines.index(content[0]): lines.index(content[-1]) + 1]]  # blanks between content only
    blank_separated = sum(1 for a, b in zip(inner, inner[1:]) if a.text and not b.text)
    paragraphs = blank_separated + 1
    if paragraphs >= 2 and len(content) / paragraphs <= 6 and len(content) > paragraphs:
        out = []
        previous_blank = True
        previous = ""
        for line in inner:
            if line.text:
                # A page break or a converter's blank line inside a reference ("... in general" / "equilibrium." In: ...",
                # "pp. 2937–" / "2978.", "Amer-" / "ican Economic Review"): a paragraph that opens in lowercase, or follows
                # one left on a hyphen, dash or comma, goes on with the one before.
                broken = _continues(previous, line.text) or previous.endswith((",", "("))
                out.append(previous_blank and not (previous and broken))
                previous = line.text
            previous_blank = not line.text
        return out
    out = []
    previous = ""
    for i, line in enumerate(content):
        if i + 1 < len(content) and content[i + 1].text[:1].isdigit() and "," not in line.text and not YEAR.search(line.text) \
                and len(line.text) <= 60:
            # "J. Biol. Phys." over "37" (PubMed Central prints journal, volume and pages a line each): a journal, no author
            out.append(False)
            previous = line.text
            continue
        ends = previous.rstrip().endswith((".", ")", "]")) or not previous
        complete = (len(previous) >= 40 and bool(YEAR.search(previous)) and not _OPEN_END.search(previous)) or bool(_LEADERS_END.search(previous))
        # DBLP prints "Author, Author:" on a line of its own, the title and pages on the next.
        dblp_authors = line.text.endswith(":") and parse_authors(line.text[:-1]) is not None
        out.append(not previous or dblp_authors or (ends and bool(_STARTS_REF.match(line.text)))
                   or (complete and line.text[:1].isupper() and not previous.endswith(("-", ","))))
        previous = line.text
    return out


def entry_from_reference(ref: Reference, reader: str, origin: str, line: int) -> Entry:
    """An entry holding what the reference states; ``extra["read_as"]`` says how it was read."""
    prov = Provenance(reader, origin, line)
    entry = Entry()
    entry.add_source(prov)
    entry.set("title", ref.title, prov)
    if ref.authors:
        entry.set("author", ref.authors, prov)
    if ref.year:
        try:
            entry.set("issued", PartialDate(ref.year), prov)
        except ValueError:
            pass
    for name in ("container_title", "volume", "issue", "page"):
        value = getattr(ref, "container" if name == "container_title" else name)
        if value:
            entry.set(name, value, prov)
    for found in ref.ids:
        if found.kind == "arxiv" and not entry.arxiv_id:
            entry.set("arxiv_id", found.value, prov)
            entry.set("arxiv_version", found.version, prov)
        elif found.kind == "doi" and not entry.DOI:
            entry.set("DOI", found.value, prov)
        elif found.kind not in ("arxiv", "doi"):
            entry.extra.setdefault("ids", {})[found.kind] = found.value
            if not entry.URL:
                entry.set("URL", found.url, prov)
    entry.extra["read_as"] = ref.how
    if ref.truncated:
        entry.extra["authors_truncated"] = True
    return entry


@dataclass(frozen=True, slots=True)
class ReferenceListReader:
    """Reference lists, publication lists and CVs in, one entry per reference out."""

    name: str = "references"
    description: str = "reference or publication list: APA, Chicago, MLA, IEEE, Vancouver, Nature, Harvard, [n], CV tags; PDF text"

    def sniff(self, sample: str) -> float:
        """The share of the first references that read as references (at most 0.7: a fallback-grade shape)."""
        refs, _ = segment(sample[:20000])
        refs = [r for r in refs if len(r[1]) >= 25][:30]
        if len(refs) < 1:
            return 0.0
        read = sum(1 for _, text in refs if _trusted(parse_reference(text)))
        share = read / len(refs)
        if read >= 2 and share >= 0.5:
            return 0.4 + 0.3 * share
        return 0.3 * share if read else 0.0

    def read(self, text: str, origin: str) -> Library:
        """One entry per reference; a reference that cannot be read is a warning with its line."""
        library = Library()
        refs, _ = segment(text)
        # A cite box (Scholar's, or a journal page's "Share and Cite" under its references) prints one paper in styles
        styles = [no for no, line in enumerate(lines_of(text), 1) if len(line) < 40 and _STYLE_HEADING.match(line.strip())]
        previous: Reference | None = None
        parsed = [trim_venue_head(parse_reference(ref_text)) for _, ref_text in refs]
        # A list written "Given Family: Title, 2009." names even a lone author so (elsewhere such a head is a title's).
        named_so = sum(1 for (_, ref_text), ref in zip(refs, parsed) if _trusted(ref) and colon_after_authors(ref_text, ref))
        # DBLP prints every author list alone on its line, ending with ":" ("Sven Behnke:"): one such list is enough.
        dblp = any(line.rstrip().endswith(":") and parse_authors(line.strip()[:-1]) for line in lines_of(text[:20000]))
        colon_named = named_so >= 2 or (named_so >= 1 and dblp)
        owner: tuple[list, int] | None = None  # an author's name alone on its line, over a list of the author's works
        for (no, ref_text), ref in zip(refs, parsed):
            if colon_named and not _trusted(ref):
                ref = trim_venue_head(parse_reference_colon_named(ref_text))
            if not _trusted(ref) and owner is not None and (work := _WORK.match(strip_label(ref_text.strip())[0])):
                # "Plekhanov, Grigory [available at marxist.org]" over "Our Differences, 1885.": the works of the name above
                ref = Reference(title=work.group("t").strip(" ,.\"“”'"), authors=owner[0], year=int(work.group("y")),
                                how="reference (a work under its author's name)")
                if library.problems and library.problems[-1].line == owner[1]:
                    library.problems.pop()  # the name line is the works' author, not an unread reference
            elif not _trusted(ref):
                named = _author_heading(strip_label(ref_text)[0])
                owner = (named, no) if named else None
            sign = misread_sign(ref) if _trusted(ref) else None
            if sign is None and _trusted(ref):
                if ref.how == _AS_ABOVE and previous is not None and previous.authors:
                    # The dashes stand for the first author above (AMS, Chicago, MLA): named again, then the co-authors.
                    # (a new Reference: parse_reference's answers are cached and shared)
                    ref = dataclasses.replace(ref, authors=[previous.authors[0], *ref.authors])
                library.entries.append(entry_from_reference(ref, self.name, origin, no))
                previous = ref
                if ref.how != "reference (a work under its author's name)":
                    owner = None
            else:
                previous = None  # "as above" must name the reference just above, read or not
            if (sign or not _trusted(ref)) and any(c.isalpha() for c in ref_text):  # every line is a record or a warning
                why = f"looks misread: {sign}" if sign else "no title with authors or a year"
                library.problems.append(Problem(f"not read as a reference ({why}): {ref_text[:70]!r}", origin, no))
        boxed = [e for e in library.entries if len(styles) >= 2 and styles[0] < _line_of(e) <= styles[-1] + 6]
        if len(boxed) >= 2:
            first = next(i for i, e in enumerate(library.entries) if e is boxed[0])
            library.entries = [e for e in library.entries if not any(e is b for b in boxed)]
            library.entries.insert(first, _one_paper(boxed))
        elif refs:
            _year_from_heading(library.entries, lines_of(text)[: refs[0][0] - 1], origin, self.name)
        return library


# A work listed under its author's name: "My Life, 1930.", "\"The Communist Manifesto,\" 1848.", "What Is To Be Done? 1902."
_WORK = re.compile(r"^[\"“]?(?P<t>[A-Z\u00C0-\u024F][^\"”]{1,200}?[\w?!)]),?[\"”]?,?\s+(?P<y>(?:1[5-9]|20)\d\d)\.?$")


def _author_heading(text: str) -> list | None:
    """The name of a line that is one person's inverted name alone (a note in brackets allowed), else None."""
    if len(text) > 200:
        return None  # a name with its note is short; and the bracket pattern below is quadratic on a run of "["
    bare = re.sub(r"\s*\[[^\[\]]*\]\s*$", "", text.strip()).strip()
    if len(bare) > 60 or YEAR.search(bare) or not re.match(r"^[A-Z\u00C0-\u024F][\w'’-]+(?: [A-Z\u00C0-\u024F][\w'’-]+)?,\s*[A-Z\u00C0-\u024F][^,]*$", bare):
        return None  # "Family, Given" whole: "B. W. Wah," ends a CV's author line, it heads no list of works
    parsed = parse_authors(bare)
    if not parsed or len(parsed[0]) != 1 or not parsed[0][0].given:
        return None
    return parsed[0]


# A venue's table of contents (DBLP, a proceedings front matter) names the year once, above its papers.
_VENUE_HEADING = re.compile(
    r"(?i:\b(?:proceedings|conference|symposium|workshop|volume|journal)\b)|\b[A-Z][A-Za-z]*[A-Z][A-Za-z]* (?:19|20)\d\d\b"
)


def _year_from_heading(entries: list[Entry], above: list[str], origin: str, reader: str) -> None:
    """The year of a venue heading above the list, for the references that state none (marked as such)."""
    for no, line in reversed(list(enumerate(above, 1))):
        text = line.strip()
        years = YEAR.findall(text)
        if text and len(text) <= 150 and years and _VENUE_HEADING.search(text):
            for entry in entries:
                if entry.issued is None:
                    entry.set("issued", PartialDate(int(years[0])), Provenance(reader, origin, no))
                    entry.extra["year_from"] = "page heading"
            return


def _line_of(entry: Entry) -> int:
    """The line a reference's record was read from (0 when it names none)."""
    return min((source.line for source in entry.sources if source.line), default=0)


def _one_paper(entries: list[Entry]) -> Entry:
    """A Cite box prints one paper in several styles: one entry, with the fullest author list and the titles agreeing."""
    from ..ids import normalize_title

    best = max(entries, key=lambda e: (len(e.author), bool(e.container_title), bool(e.issued)))
    titles = {normalize_title(e.title or "") for e in entries}
    best.extra["read_as"] = f"one paper in {len(entries)} citation styles" + ("" if len(titles) == 1 else " (titles differ)")
    for other in entries:
        for source in other.sources:
            best.add_source(source)
    return best


_AS_ABOVE = "reference (authors as above)"


def _stands_alone(text: str) -> bool:
    """True for a line that is a whole reference by itself: authors, a title of two words or more, and a year."""
    ref = parse_reference(text)
    if ref is not None and ref.how == "table of contents":
        return True  # "Title Authors . . . . 12" is one entry whole
    # A reference opened by dashes ("--, 2006: Title.") names its authors by the one above: whole without names.
    # An id stands in for the year: "A and B, "Title," arXiv:1312.3699 [hep-th]" is whole.
    return _trusted(ref) and (bool(ref.authors) or ref.how == _AS_ABOVE) and (ref.year is not None or bool(ref.ids)) \
        and len(ref.title.split()) >= 2


def plausible_title(ref: Reference | None) -> bool:
    """True when what a reference was read with as its title can be one: no date, place, pages, venue or names alone."""
    return (ref is not None and bool(ref.title) and 4 <= len(ref.title) <= 300 and not is_abstract_like(ref.title)
            and not _NOT_A_TITLE.match(ref.title) and not _PLACE.match(ref.title) and not _numbers_only(ref.title)
            and not (_names_only(ref.title) and not ref.how.startswith("reference (quoted title"))
            and not _VENUE_WITH_PAGES.match(ref.title)
            # "Chapter 4 and 5)" from "Judd (1998, Chapter 4 and 5)": a pointer into a book, a parenthesis closed it never opened
            and ref.title.count(")") <= ref.title.count("("))


def _trusted(ref: Reference | None) -> bool:
    """A reference with a title and authors or a year: enough to be a record, not a half-record."""
    return (plausible_title(ref) and ref is not None
            and (bool(ref.authors) or ref.year is not None)
            and not (ref.year is None and (HONORIFIC.match(ref.title)
                                           # (one word is a title where names, a journal and pages stand round it: "Q-learning")
                                           or len(ref.title.split()) < 2 and not (ref.authors and ref.container and ref.page)
                                           or AFFILIATION.search(ref.title) and len(ref.title.split()) <= 8)))


# "Advances in Neural Information Processing Systems, page 5998--6008": a venue and its pages where the title should be.
_VENUE_WITH_PAGES = re.compile(r"^(?:Advances in|Proceedings of|Proc\.|Journal of|Transactions on|In:?\s).*\b(?:pages?|pp?\.)\s*\d", re.I)

# "Washington, DC: Central Intelligence Agency": a publisher's place, not a title.
_PLACE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?, [A-Z]{2}\s*:")


def _numbers_only(title: str) -> bool:
    """True for "134, Part 3, 2000, 20-21" or "ApJ, 475, 163": volume and pages where the title should be."""
    digits = sum(c.isdigit() for c in title)
    return digits > sum(c.isalpha() for c in title)


def _names_only(title: str) -> bool:
    """True for "CHABERT, Catherine": a second author's name read as the title."""
    if "," not in title or len(title.split()) > 4 or title.rstrip().endswith("?"):
        return False
    parsed = parse_authors(title)
    # "Anaphora, Antecedents, and Accessibility" reads as three lone family names: a title; a name has a given name.
    return parsed is not None and any(n.given for n in parsed[0]) and not (", and " in title and not all(n.given for n in parsed[0]))


# A date, a page range or a place in the title's place: the reference printed no title ("..., Stanford University, August 2006").
_NOT_A_TITLE = re.compile(r"^(?:(?:19|20)\d\d\b(?!\s+(?:in|and|of|on|to|at|the|a)\s).*|(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d|[\d\s,.:;()–-]+|pp?\.\s*\d.*)$")


READER = ReferenceListReader()
