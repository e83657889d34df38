"""The edit planner: what one entry of the user's file gains from arXiv's record, as a list of changes.

Rules, in the order they are applied:

* **Verify.** A stated title or author list that disagrees with arXiv's record means the
  id points at another paper (or the title matched the wrong one): nothing is changed,
  and the entry is reported ``unsure`` with both values.
* **Fill** what is missing (:data:`FILLS`): authors (none, or ``and others``), title,
  year (``date`` in BibLaTeX entries), eprint, archivePrefix (``eprinttype``),
  primaryClass (``eprintclass``), DOI (the published one, else arXiv's) and URL (for
  papers arXiv knows no publication of). A stated value is never replaced unless
  ``overwrite``; every disagreement is a note naming both values.
* **Upgrade** a preprint arXiv knows as published: the type becomes ``article`` (or
  ``inproceedings`` when the journal reference names a conference), the parsed journal
  reference gives journal/booktitle, volume, number, pages and year, fields that only
  named arXiv as the venue (``journal = {arXiv preprint ...}``, ``publisher = {arXiv}``)
  give way, arXiv's DOI gives way to the published one, and the eprint stays.

Planning is pure (no file, no network): :func:`plan_entry` takes what the entry states
and what arXiv says, and returns an :class:`EntryPlan`; :mod:`.apply` writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ids import ARXIV_DOI_PREFIX, normalize_title, parse_arxiv_id, parse_doi
from ..journalref import JournalRef, parse_journal_ref
from ..model import Name
from .lookup import Facts
from .options import UpdateOptions
from .stated import Stated

__all__ = ["Change", "EntryPlan", "plan_entry", "is_preprint", "names_arxiv", "FILLS",
           "FILLED", "UPGRADED", "UNCHANGED", "UNSURE"]

FILLED, UPGRADED, UNCHANGED, UNSURE = "filled", "upgraded", "unchanged", "unsure"

#: Types a preprint is filed under (an ``@article`` counts when its journal names arXiv).
PREPRINT_TYPES = frozenset({"misc", "unpublished", "online", "electronic", "www", "preprint", "techreport", "report"})
#: Fields that may name arXiv as if it were the venue.
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "howpublished", "publisher", "institution")
_ARXIV_VENUE = re.compile(r"^\s*(?:arxiv|corr|preprint)\b|\barxiv\s+(?:preprint|e-?prints?)\b|^\s*arxiv\.org\s*$",
                          re.IGNORECASE)
#: A volume/number/pages/eid value that is only the arXiv id (DBLP's abs/ID, ADS's arXiv:ID).
_ARXIV_PART = re.compile(r"^\s*(?:abs/|arxiv:|[a-z-]+(?:\.[a-z]{2})?/\d)", re.IGNORECASE)


#: Fields that record the arXiv id (filling them alone is no upgrade).
_ID_FIELDS = frozenset({"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"})


@dataclass(frozen=True, slots=True)
class FillField:
    """A fillable field: its ``--fields`` group, BibTeX and BibLaTeX names, and how its value is written."""

    group: str
    bibtex: str
    biblatex: str
    kind: str  # "text", "title", "verbatim", "number", "names"
    aliases: tuple[str, ...] = ()


#: The fields update fills or an upgrade sets, as data (one row each).
FILLS: dict[str, FillField] = {f.group: f for f in (
    FillField("author", "author", "author", "names"),
    FillField("title", "title", "title", "title"),
    FillField("year", "year", "date", "number", ("year", "date")),
    FillField("eprint", "eprint", "eprint", "verbatim"),
    FillField("archiveprefix", "archivePrefix", "eprinttype", "verbatim", ("archiveprefix", "eprinttype")),
    FillField("primaryclass", "primaryClass", "eprintclass", "verbatim", ("primaryclass", "eprintclass")),
    FillField("doi", "doi", "doi", "verbatim"),
    FillField("url", "url", "url", "verbatim"),
    FillField("volume", "volume", "volume", "number"),
    FillField("number", "number", "number", "number"),
    FillField("pages", "pages", "pages", "verbatim"),
)}


@dataclass(slots=True)
class Change:
    """One edit of an entry: add, set or remove a field, or change the type; ``text`` is the plain new value."""

    kind: str  # "add" | "set" | "remove" | "type" | "complete-authors"
    field: str  # the field name as it will stand (or stands) in the entry; the new type for "type"
    text: str | None = None
    value_kind: str = "text"
    old: str | None = None
    names: list[Name] = field(default_factory=list)  # for author changes: arXiv's whole list
    keep: int = 0  # for "complete-authors": how many of the file's names stay before the new ones

    def describe(self) -> str:
        """``added doi = 10.1/x`` and the like, for reports."""
        if self.kind == "type":
            return f"type @{self.old} -> @{self.field}"
        if self.kind == "remove":
            return f"removed {self.field} = {_shown(self.old)}"
        if self.kind == "add":
            return f"added {self.field} = {_shown(self.text)}"
        if self.kind == "complete-authors":
            return f"{self.field}: 'and others' -> arXiv's other {len(self.names) - self.keep} of {len(self.names)} names"
        return f"set {self.field}: {_shown(self.old)} -> {_shown(self.text)}"


@dataclass(slots=True)
class EntryPlan:
    """What happens to one entry: its status, the changes, notes (reasons) and warnings (disagreements)."""

    key: str
    line: int
    status: str = UNCHANGED
    arxiv_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done and why (and, for an entry left alone, why)
    warnings: list[str] = field(default_factory=list)  # disagreements and what the user should look at

    @property
    def messages(self) -> list[str]:
        """Notes and warnings together."""
        return self.notes + self.warnings


def _shown(text: str | None, limit: int = 70) -> str:
    text = text or ""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _names(names: list[Name]) -> str:
    return "; ".join(n.display() for n in names)


def names_arxiv(text: str | None) -> bool:
    """True when a venue-like value only names arXiv (``arXiv preprint arXiv:1234.5678``, ``CoRR``, ``ArXiv``)."""
    return bool(text) and bool(_ARXIV_VENUE.search(text or ""))


def is_preprint(stated: Stated) -> bool:
    """True when the entry is filed as a preprint: a preprint type, or a venue that only names arXiv."""
    venues = [stated.text.get(n) for n in ("journal", "journaltitle", "booktitle") if stated.text.get(n)]
    if stated.type in PREPRINT_TYPES or (stated.type == "article" and not venues):
        return all(names_arxiv(v) for v in venues)
    return bool(venues) and all(names_arxiv(v) for v in venues)


def _same_class(stated: str, found: str) -> bool:
    """``cs`` (Zotero writes the archive only) agrees with ``cs.LG``; ``cs.CL`` does not."""
    a, b = stated.strip().casefold(), found.strip().casefold()
    return a == b or b.startswith(a + ".")


def _titles_agree(stated: str, found: str) -> bool:
    from ..enrich.match import TITLE_FUZZY, titles_close

    if titles_close(stated, found) >= TITLE_FUZZY:
        return True
    a, b = normalize_title(stated), normalize_title(found)
    short, long_ = sorted((a, b), key=len)
    # A title given without its subtitle ("Attention Is All You Need" / "...: a study") agrees.
    return len(short.split()) >= 4 and long_.startswith(short + " ")


class _Planner:
    """Builds one EntryPlan; a class only to share the entry, the facts and the options between rules."""

    def __init__(self, stated: Stated, facts: Facts, options: UpdateOptions) -> None:
        self.s = stated
        self.f = facts
        self.o = options
        self.plan = EntryPlan(stated.key, stated.span.line, arxiv_id=facts.arxiv_id)
        self.removed: set[str] = set()

    # ---- helpers ------------------------------------------------------------------------------

    def name_for(self, group: str) -> str:
        """The name a new field of ``group`` takes in this entry (BibTeX or BibLaTeX, as the entry writes)."""
        fill = FILLS[group]
        if group == "primaryclass" and self.s.present("archiveprefix", "eprinttype"):
            # Follow the entry's own eprint fields (DBLP writes eprinttype in BibTeX files).
            return fill.bibtex if self.s.present("archiveprefix") else fill.biblatex
        return fill.biblatex if self.s.biblatex else fill.bibtex

    def existing(self, group: str) -> str | None:
        """The entry's field for ``group`` under any of its names, or None."""
        fill = FILLS[group]
        return self.s.present(*(fill.aliases or (fill.bibtex.lower(),)))

    def add(self, group: str, text: str, *, name: str | None = None, kind: str | None = None) -> None:
        """Plan a new field, if ``--fields`` allows its group."""
        if not self.o.allows(group):
            return
        self.plan.changes.append(Change("add", name or self.name_for(group), text, kind or FILLS[group].kind))

    def set(self, group: str, name: str, text: str, *, kind: str | None = None, why: str = "") -> None:
        """Plan a new value for the existing field ``name`` (with the reason as a note), if allowed."""
        if not self.o.allows(group):
            return
        old = self.s.text.get(name.lower())
        if old == text:
            return
        self.plan.changes.append(Change("set", self.s.span.field(name).name, text, kind or FILLS.get(group, FILLS["url"]).kind, old))  # type: ignore[union-attr]
        if why:
            self.plan.notes.append(why)

    def remove(self, group: str, name: str, why: str) -> None:
        """Plan the removal of field ``name``, always with the reason as a note (nothing goes silently)."""
        if not self.o.allows(group) or name.lower() in self.removed:
            return
        f = self.s.span.field(name)
        if f is None:
            return
        self.removed.add(name.lower())
        self.plan.changes.append(Change("remove", f.name, old=self.s.text.get(name.lower())))
        self.plan.notes.append(why)

    def differs(self, label: str, stated: str, found: str, *, group: str, name: str, kind: str | None = None) -> None:
        """Report a disagreement; with ``overwrite``, arXiv's value replaces the stated one."""
        if self.o.overwrite and self.o.allows(group):
            self.plan.warnings.append(f"{label} differs: {_shown(stated)} in the file vs {_shown(found)} on arXiv; replaced (--overwrite)")
            self.set(group, name, found, kind=kind)
        else:
            self.plan.warnings.append(f"{label} differs: {_shown(stated)} in the file vs {_shown(found)} on arXiv; kept the file's")

    # ---- rules --------------------------------------------------------------------------------

    def verify(self) -> bool:
        """False (with a note naming both values) when the stated title or authors are another paper's."""
        s, f = self.s, self.f
        from ..enrich.match import authors_agree

        title = s.text.get("title")
        if title and f.title and not _titles_agree(title, f.title):
            self.plan.notes.append(
                f"arXiv:{f.arxiv_id} is titled {_shown(f.title)}, the entry {_shown(title)}: "
                "not the same paper? left as it was (check the id)")
            return False
        if s.authors and f.authors and not authors_agree(s.authors, f.authors):
            self.plan.notes.append(
                f"arXiv:{f.arxiv_id} is by {_shown(_names(f.authors))}, the entry by {_shown(_names(s.authors))}: "
                "not the same paper? left as it was (check the id)")
            return False
        return True

    def published_ref(self) -> tuple[bool, JournalRef | None]:
        """Whether arXiv knows a publication, and its parsed journal reference (None for "submitted to ...")."""
        f = self.f
        ref = parse_journal_ref(f.journal_ref) if f.journal_ref else None
        if f.venue:
            # Enrichment read where it was published (a journal reference read with confidence, or
            # the DOI's record): the same parts every writer uses.
            return True, JournalRef(f.venue, volume=f.volume, number=f.issue, pages=f.pages, year=f.venue_year,
                                    conference=f.conference, published=True, exact=True,
                                    series=ref.series if ref and ref.exact else None)
        if ref is not None and ref.published and ref.exact:
            return True, ref
        if ref is not None and ref.published and not ref.exact:
            self.plan.notes.append(f"arXiv's journal reference {_shown(f.journal_ref)} could not be read with "
                                   f"confidence ({ref.reason}); left a preprint")
        elif f.doi:
            self.plan.notes.append(f"arXiv gives doi {f.doi}, but not where it was published (the DOI's record "
                                   "was not available); left a preprint")
        return False, None

    def fill_ids(self) -> None:
        """eprint, archivePrefix/eprinttype and primaryClass/eprintclass."""
        s, f = self.s, self.f
        has_eprint = s.present("eprint") is not None
        if not has_eprint:
            self.add("eprint", f.arxiv_id)
        if (has_eprint or self.o.allows("eprint")) and self.existing("archiveprefix") is None:
            self.add("archiveprefix", "arxiv" if s.biblatex else "arXiv")
        if f.primary_class:
            where = self.existing("primaryclass")
            if where is None:
                if has_eprint or self.o.allows("eprint"):
                    self.add("primaryclass", f.primary_class)
            elif not _same_class(s.text.get(where, ""), f.primary_class):
                self.differs("primaryClass", s.text[where], f.primary_class, group="primaryclass", name=where)

    def fill_title(self) -> None:
        """A missing title; a differently spelt one is reported."""
        title = self.s.text.get("title")
        if not self.f.title:
            return
        if not title:
            if self.s.present("title") is None:
                self.add("title", self.f.title)
        elif normalize_title(title) != normalize_title(self.f.title):
            self.differs("title", title, self.f.title, group="title", name="title", kind="title")

    def fill_authors(self) -> None:
        """No authors, or ``and others``: arXiv's list (the stated names kept); other differences reported."""
        s, f = self.s, self.f
        if not f.authors:
            return
        where = s.present("author")
        if where is None:
            if s.present("editor") is None and self.o.allows("author"):
                self.plan.changes.append(Change("add", self.name_for("author"), _names(f.authors), "names", names=f.authors))
            return
        if not s.authors and not s.et_al:
            if self.o.allows("author"):  # "author = {}": nothing stated to keep
                self.plan.changes.append(Change("set", s.span.field("author").name, _names(f.authors), "names",  # type: ignore[union-attr]
                                                old="", names=f.authors))
            return
        if s.et_al and len(f.authors) > len(s.authors):
            if self.o.allows("author"):
                self.plan.changes.append(Change(
                    "complete-authors", s.span.field("author").name, _names(f.authors), "names",  # type: ignore[union-attr]
                    old=_names(s.authors) + " and others", names=f.authors, keep=len(s.authors)))
            return
        if len(s.authors) != len(f.authors) and not s.et_al:
            label = f"authors ({len(s.authors)} in the file, {len(f.authors)} on arXiv)"
            if self.o.overwrite and self.o.allows("author"):
                self.plan.warnings.append(f"{label}: replaced by arXiv's (--overwrite)")
                self.plan.changes.append(Change("set", s.span.field("author").name, _names(f.authors), "names",  # type: ignore[union-attr]
                                                old=_names(s.authors), names=f.authors))
            else:
                self.plan.warnings.append(f"{label} differ: {_shown(_names(s.authors))} vs {_shown(_names(f.authors))}; kept the file's")

    def fill_date(self, year: str | None, *, replace: bool, compare: bool) -> None:
        """Add a missing year; ``replace`` sets a different one (an upgrade), ``compare`` reports it."""
        s = self.s
        where = self.existing("year")
        if year is None:
            return
        if where is None:
            text = year
            if s.biblatex and not replace and self.f.published is not None and self.f.published.year is not None \
                    and str(self.f.published.year) == year:
                text = self.f.published.iso()
            self.add("year", text)
            return
        found = re.search(r"\d{4}", s.text.get(where, ""))
        stated_year = found.group(0) if found else None
        if stated_year == year:
            return
        if replace:
            self.set("year", where, year, why=f"{where} {_shown(s.text.get(where))} -> {year}, the year it was published")
            if s.present("month") and self.o.allows("year"):
                self.plan.warnings.append(f"month {_shown(s.text.get('month'))} kept: it may be the preprint's month, not the publication's")
        elif compare and stated_year is not None:
            self.differs(where, s.text.get(where, ""), year, group="year", name=where)

    def fill_links(self, published: bool, upgrading: bool) -> None:
        """DOI (the published one, else arXiv's for a preprint) and, for a preprint, the arXiv URL."""
        s, f = self.s, self.f
        stated_doi = parse_doi(s.text.get("doi", "")) if s.text.get("doi") else None
        arxiv_doi = ARXIV_DOI_PREFIX + f.arxiv_id
        # arXiv's own DOI and link identify the preprint: they are filled into preprints only,
        # never into an entry that cites a published version (whose DOI is the publisher's).
        preprint = not published and is_preprint(s)
        if s.present("doi") is None:
            if f.doi:
                self.add("doi", f.doi)
            elif preprint:
                self.add("doi", arxiv_doi)
        elif stated_doi and f.doi and stated_doi.casefold() != f.doi.casefold():
            if stated_doi.casefold().startswith(ARXIV_DOI_PREFIX.casefold()):
                if upgrading:
                    self.set("doi", s.present("doi"), f.doi, why=f"doi: arXiv's {stated_doi} -> the published {f.doi}")  # type: ignore[arg-type]
                else:
                    self.plan.warnings.append(f"published with doi {f.doi}; the entry has arXiv's {stated_doi} (kept)")
            else:
                self.differs("doi", stated_doi, f.doi, group="doi", name=s.present("doi"), kind="verbatim")  # type: ignore[arg-type]
        if s.present("url") is None and preprint:
            self.add("url", f"https://arxiv.org/abs/{f.arxiv_id}")

    def upgrade(self, ref: JournalRef | None) -> bool:
        """Make the preprint the published paper; True when the type changed."""
        s = self.s
        if not self.o.allows("journal"):
            return False
        new_type = "inproceedings" if ref and ref.conference else "article"
        if s.type != new_type:
            self.plan.changes.append(Change("type", new_type, old=s.span.type))
        venue_name = "booktitle" if new_type == "inproceedings" else ("journaltitle" if s.biblatex else "journal")
        kept_venue = None
        if ref is not None:
            kept_venue = s.present(venue_name)
            if kept_venue is None and new_type == "article":
                kept_venue = s.present("journal", "journaltitle")
            if kept_venue is None:
                self.plan.changes.append(Change("add", venue_name, ref.venue, "text"))
            elif names_arxiv(s.text.get(kept_venue)):
                self.set("journal", kept_venue, ref.venue, kind="text")
            elif normalize_title(s.text.get(kept_venue, "")) != normalize_title(ref.venue):
                # A macro such as ADS's "\apj" decodes to nothing: show what the file says, and whose venue differs.
                stated = s.text.get(kept_venue) or s.span.field(kept_venue).value_text  # type: ignore[union-attr]
                source = (f"arXiv's journal reference says {_shown(self.f.journal_ref)}" if self.f.journal_ref
                          else f"the published record (doi {self.f.doi}) says {_shown(ref.venue)}")
                self.plan.warnings.append(f"{kept_venue}: {_shown(stated)} in the file, {source}; kept the file's")
            if not ref.exact:
                self.plan.warnings.append(f"journal reference {_shown(self.f.journal_ref)} kept whole as the {venue_name} "
                                       "(its parts could not be told apart)")
            for group, value in (("volume", ref.volume), ("number", ref.number), ("pages", ref.pages)):
                self.set_part(group, value)
            if ref.series and s.present("series") is None and self.o.allows("volume"):
                self.plan.changes.append(Change("add", "series", ref.series, "text"))
        else:
            self.plan.warnings.append(f"published (doi {self.f.doi}) but arXiv gives no journal reference: "
                                   "add the journal yourself")
        for name in VENUE_FIELDS:
            if name != kept_venue and s.present(name) and names_arxiv(s.text.get(name)):
                self.remove("journal", name, f"removed {name} = {_shown(s.text.get(name))}: it named arXiv, "
                                             "the paper is published")
        return True

    def set_part(self, group: str, value: str | None) -> None:
        """volume/number/pages from the journal reference: added, or replacing a value that named the arXiv id."""
        s = self.s
        where = s.present(group) or (s.present("issue") if group == "number" and s.biblatex else None)
        if where is None:
            if value:
                self.add(group, value)
            return
        stated = s.text.get(where, "")
        corr = group == "volume" and names_arxiv(s.text.get("journal"))  # CoRR's volume is the arXiv number
        if _ARXIV_PART.search(stated) or corr:
            if value:
                self.set(group, where, value, why=f"{where}: {_shown(stated)} named the arXiv id; now {_shown(value)}")
            else:
                self.remove(group, where, f"removed {where} = {_shown(stated)}: it named the arXiv id, the paper is published")
        elif value and re.sub(r"[-\u2013\s]+", "-", stated) != re.sub(r"[-\u2013\s]+", "-", value):
            self.plan.warnings.append(f"{where}: {_shown(stated)} in the file, {_shown(value)} in arXiv's journal reference; kept the file's")


def plan_entry(stated: Stated, facts: Facts, options: UpdateOptions) -> EntryPlan:
    """The changes that bring ``stated`` up to date with ``facts`` under ``options`` (pure)."""
    p = _Planner(stated, facts, options)
    if not p.verify():
        p.plan.status = UNSURE
        return p.plan
    published, ref = p.published_ref()
    upgrading = options.upgrade and published and is_preprint(stated)
    p.fill_ids()
    p.fill_title()
    p.fill_authors()
    first_year = None
    if facts.published is not None and facts.published.year is not None:
        first_year = str(facts.published.year)
    else:
        found = parse_arxiv_id(facts.arxiv_id)
        first_year = str(found.year_month[0]) if found else None
    upgraded = p.upgrade(ref) if upgrading else False
    if ref and ref.year and (upgraded or (published and not is_preprint(stated))):
        # Cited as the published paper: its year is the year it was published.
        p.fill_date(ref.year, replace=upgraded, compare=True)
    else:
        # A preprint's year is the first version's; for a published paper without a known
        # year, it only fills a missing one.
        p.fill_date(first_year, replace=False, compare=not published)
    p.fill_links(published, upgraded)
    if published and not upgraded and is_preprint(stated):
        why = "--no-upgrade" if not options.upgrade else "--fields leaves out journal"
        p.plan.notes.append(f"arXiv knows it as published ({facts.journal_ref or 'doi ' + str(facts.doi)}); not upgraded ({why})")
    if upgraded and any(c.kind != "add" or c.field.lower() not in _ID_FIELDS for c in p.plan.changes):
        p.plan.status = UPGRADED
    elif p.plan.changes:
        p.plan.status = FILLED
    return p.plan
