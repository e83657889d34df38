"""Signs that a reference was misread: a line showing one is reported with its line, never made a record.

The reader's worst failure is an invented record (a name, a journal's abbreviation, a fragment or a
whole run of references stored as a title). These signs come from what earlier blind rounds made
into such records at first contact; each names a shape no real title or author list takes.
"""

from __future__ import annotations

import dataclasses
import re

from ._refparse import Reference, parse_authors

__all__ = ["misread_sign", "trim_venue_head"]

# Words of ISO 4 journal abbreviations (the LTWA's short forms) that are no one's family name:
# "Photochem. Photobiol.", "J. Appl. Meteor.", "J. Geophys. Res." cut apart give such a "title" or "author".
_JOURNAL_WORDS = frozenset("""
Acad Acta Adv Agric Am Anal Ann Appl Astron Astrophys Atmos Biochem Biol Biophys Bull Chem Clim Clin Commun Comput
Ecol Econ Environ Epidemiol Eur Exp Geogr Geol Geophys Hydrol Immunol Inf Instrum Int Lett Mater Math Mech Med Meteor
Meteorol Microbiol Mol Natl Neurosci Oceanogr Opt Pharmacol Photobiol Photochem Phys Physiol Polit Proc Psychol Psychiatry
Quant Radiat Remote Res Rev Sci Sens Sociol Soc Stat Surv Technol Theor Trans Univ Zool
""".split())

# Where the title should be, a thing no title is:
_URL = re.compile(r"https?://|\bwww\.|\bdoi\.org/", re.I)
_MARKER_LEFT = re.compile(r"^[!#%;/|~^]")  # a code comment's or list's marker kept ("!3 Betts", "! photochemistry")
_EMPTY_FIELD = re.compile(r",\s*,")  # "..., The Cryosphere Discuss., , in review": fields of a venue
_DOC_TYPE_MARK = re.compile(r"\[(?:J|M|C|D|R|N|P|S|Z|A|G|EB/OL|DB/OL|J/OL|M/OL|CP/DK)\]")  # GB/T 7714 marks: past the title's end
_OPENS_WITH_YEAR = re.compile(r"^\(\s*(?:1[5-9]|20)\d\d")  # "(1900ff.). Gesammelte Schriften": the date that ends a head
_LAW_SIGNAL = re.compile(r"^(?:See,? e\.g\.,|See (?:generally|also)|But see|Cf\.|Compare)\s")  # a footnote's signal: works follow
_EDITION = re.compile(r",\s*(?:\d+(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Revised|New)\s+[Ee]d(?:ition|\.)\s*,")
# "D. A. Saraswati, and E. Susanto, Aplikasi ...": initialled names joined by "and", an author list run into the title.
_NAME_LIST = re.compile(r"\b(?:[A-Z]\.\s?){1,3}[A-Z][a-z'’-]+,?\s+(?:and|&)\s+(?:[A-Z]\.\s?){1,3}[A-Z][a-z'’-]+\b")
# "..., 42, 155-162", "... 44 (1975) 588–608": a journal's volume and pages run into the title
_VOLUME_PAGES = re.compile(r",\s*\d{1,4},\s*\d{1,6}\s*[–-]\s*\d{1,6}$|\b\d{1,4}\s*\((?:1[5-9]|20)\d\d\)\s*\d{1,6}\s*[–-]\s*\d{1,6}")
_ET_AL = re.compile(r"\bet\.?\s?al\b")  # "Landt SG1, Marinov GK, Kundaje A et al": an author list
_FAMILY_INITIALS_TWICE = re.compile(r"\b[A-Z][a-z]+\s(?:[A-Z]\.){1,3}\s+[A-Z][a-z]+\s(?:[A-Z]\.){1,3}(?:\s|$)")  # "Melo A.L.V. Coelho R."


# A site's buttons copied with the reference ("Show in Context Google Scholar 13. F. Marra"): page furniture in the title
_BUTTON_WORDS = re.compile(r"\b(?:Google Scholar|View Article|View in Scopus|Show in Context|PubMed/NCBI|CrossRef Full Text)\b")
# The next reference's label and first name run on at the title's end ("... 4 D. Marković", "13. F. Marra")
_NEXT_REFERENCE = re.compile(r"(?:^|\s)\d{1,3}\.?\s+(?:[A-Z]\.\s?){1,3}[A-Z][\w'’-]+$")
# Two initialled names with their commas opening the title ("J. R. Cole, H. Zuckerman, in The Idea of ...")
_NAMES_OPEN = re.compile(r"^(?:(?:[A-Z]\.\s?){1,3}[A-Z][\w'’-]+,\s+){2,}")
# A publisher (and edition) where the title should be ("Cambridge University Press, First Edition")
_PUBLISHER_ONLY = re.compile(r"^(?:[A-Z][\w&'’.-]*\s+){0,4}(?:University Press|Press|Publishers?|Publishing|Verlag)"
                             r"(?:,\s*(?:\w+\s+)?[Ee]d(?:ition|n|\.))?$")


def _mostly_initials(words: list[str]) -> bool:
    """True for "U. V. L. u. Kaiser": initials where a title's words should be."""
    return len(words) >= 3 and sum(1 for w in words if re.fullmatch(r"[A-Za-z]\.", w)) * 2 >= len(words)


# A cut phrase: "Aircraft measurements of", "What Counts as" (a title never ends on such a word).
_CUT_END = re.compile(r"\b(?:of|the|and|for|with|an|a|as)$")


_JOURNAL_AFTER = re.compile(r",\s+(?:J\.|Journal of|Proc\.|Trans\.)\s.*$")
_PUBLISHER_AFTER = re.compile(r"\s+\((?=[^()]*\b(?:Press|Society|Publishers?|Publishing|Verlag|Springer|Wiley|Elsevier)\b)[^()]*,\s*[A-Z][^()]*\)$")
_EDITION_AT_END = re.compile(r",?\s+\d{1,2}(?:ª|st|nd|rd|th|e|\.)?\s*(?:ed|edn|edición|éd|Aufl)\.?$")
_YEAR_AND_VENUE = re.compile(r"^(.{10,}?)\s+\((?:1[5-9]|20)\d\d[a-z]?\)\s+[A-Z]")


def trim_venue_head(ref: Reference | None) -> Reference | None:
    """``ref`` without what ran on past its title: a GB/T document-type mark and after, or a venue's cut head ("A theory. Journal of")."""
    title = (ref.title or "") if ref is not None else ""
    mark = _DOC_TYPE_MARK.search(title)
    if ref is not None and mark and mark.start() > 0:
        return dataclasses.replace(ref, title=title[: mark.start()].rstrip())  # "A retrospect[M]//Literary essays": GB/T's mark ends it
    journal = _JOURNAL_AFTER.search(title)
    if ref is not None and journal and journal.start() >= 15:
        return dataclasses.replace(ref, title=title[: journal.start()])  # "..., J. of Machine Learning Research": the journal
    published = _PUBLISHER_AFTER.search(title)
    if ref is not None and published and published.start() >= 15:
        return dataclasses.replace(ref, title=title[: published.start()])  # "... (Society for ..., Philadelphia)": a book's imprint
    edition = _EDITION_AT_END.search(title)
    if ref is not None and edition and edition.start() >= 4:
        return dataclasses.replace(ref, title=title[: edition.start()])  # "Econometría básica, 5ª ed": the edition follows
    dated = _YEAR_AND_VENUE.match(title)
    if ref is not None and dated:
        return dataclasses.replace(ref, title=dated.group(1))  # "Troll and divide: ... (2022) PNAS Nexus": the date ends it
    asked = re.match(r"^(.{10,}?[?!])\s+(?:[A-Z][\w&-]*\.?\s?){1,3}$", title)
    if ref is not None and asked:
        return dataclasses.replace(ref, title=asked.group(1))  # "... evidence or expert-based? Resuscitation": the journal
    field = re.search(r",\s*(?:No|Vol|vol|pp|Nr|Issue)\.?$", title)
    if ref is not None and field:
        return dataclasses.replace(ref, title=title[: field.start()])  # "..., No", "..., pp": the venue's fields, cut at their stop
    head, dot, tail = title.rpartition(". ")
    if ref is None or not dot or len(head.split()) < 2 or len(tail.split()) > 4 or not _CUT_END.search(tail):
        return ref
    return dataclasses.replace(ref, title=head)


def _pages_then_publisher(title: str) -> bool:
    """True for "muels and Stephen P. Stich, 250–72: Oxford University Press": pages and a publisher, no title."""
    for m in re.finditer(r"\b(\d{1,4})\s*[–-]\s*\d{1,4}\s*:\s*[A-Z]", title):
        if not 1000 <= int(m.group(1)) <= 2099:  # "1870–1914: A History" is a title's span of years
            return True
    return False


def _author_year_head(title: str) -> bool:
    """True for "Slamecka, N. J., & Graf, P. (1978)": a list's authors and year where the title should be."""
    m = re.match(r"^(.+?)[\s.,]*\((?:1[5-9]|20)\d\d[a-z]?\)\.?$", title)
    if not m:
        return False
    parsed = parse_authors(m.group(1))
    return bool(parsed) and all(n.family and n.given for n in parsed[0])


def _bad_author(ref: Reference) -> bool:
    """True when the first author is a bare initial ("K.") or a journal's abbreviated word ("Geophys", "Res")."""
    if not ref.authors:
        return False
    first = ref.authors[0]
    family = (first.family or "").strip()
    if not family or first.literal:
        return False
    if re.fullmatch(r"[A-Z]\.?", family) and not first.given:
        return True  # "Betts, A. K., and J. H. Ball" read from "K.": the list was entered mid-name
    return family.rstrip(".") in _JOURNAL_WORDS and not first.given


def misread_sign(ref: Reference) -> str | None:
    """Why what ``ref`` was read as cannot be a real reference's title and authors, or None when nothing shows."""
    title = (ref.title or "").strip()
    words = title.rstrip(".").split()
    if _URL.search(title):
        return "a URL in the title"
    if _MARKER_LEFT.match(title):
        return "a line marker in the title"
    if _EMPTY_FIELD.search(title) or _DOC_TYPE_MARK.search(title) or _EDITION.search(title):
        return "venue fields in the title"
    if _OPENS_WITH_YEAR.match(title) or _LAW_SIGNAL.match(title):
        return "the title opens with a date or a citation signal"
    if len(words) == 1 and words[0] in _JOURNAL_WORDS:
        return "a journal's abbreviated word as the title"
    if _pages_then_publisher(title):
        return "pages and a publisher as the title"
    if _VOLUME_PAGES.search(title):
        return "a volume and pages in the title"
    if _BUTTON_WORDS.search(title) or _NEXT_REFERENCE.search(title):
        return "page buttons or the next reference in the title"
    if _PUBLISHER_ONLY.match(title):
        return "a publisher as the title"
    if ref.year is None and len(words) <= 4 and title.upper() == title and sum(c.isalpha() for c in title) >= 6:
        return "a heading as the title"  # "REFERENCIAS BIBLIOGRÁFICAS"
    if _NAMES_OPEN.match(title) or _author_year_head(title) or _NAME_LIST.search(title) or _ET_AL.search(title) or _FAMILY_INITIALS_TWICE.search(title) \
            or _mostly_initials(words):
        return "names as the title"
    if len(words) >= 2 and _CUT_END.search(title):
        return "a title cut mid-phrase"
    if _bad_author(ref):
        return "a journal's word or an initial as the first author"
    return None
