"""One update of one .bib text: find ids, ask arXiv once, plan every entry, apply the plans, check the result."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..bibedit import BibDocument
from ..errors import CitekitError
from ..limits import ExpansionBudget, check_entry_count
from ..model import Problem
from .find_id import find_arxiv_id
from .lookup import FAILED, FOUND, NOT_FOUND, UNSURE, Target, look_up
from .options import LOCK_FIELD, UpdateOptions
from .plan import FILLED, UNCHANGED, UPGRADED, EntryPlan, plan_entry
from .stated import Stated, macro_values, read_stated

__all__ = ["UpdateResult", "update_document", "update_text", "cannot_be_arxiv", "LOCKED", "SKIPPED", "NO_ID",
           "NOT_ARXIV"]

LOCKED, SKIPPED, NO_ID, NOT_ARXIV = "locked", "skipped", "no id or title", "not an arXiv paper"
#: Statuses in the order a summary lists them.
STATUSES = (UPGRADED, FILLED, UNSURE, NOT_FOUND, FAILED, UNCHANGED, LOCKED, NO_ID, NOT_ARXIV, SKIPPED)
#: Entry types that are whole books or collections, never an arXiv paper.
_BOOK_TYPES = frozenset({"book", "mvbook", "inbook", "bookinbook", "booklet", "collection", "mvcollection",
                         "proceedings", "mvproceedings", "manual", "reference", "mvreference"})
#: arXiv opened in August 1991: nothing older is on it.
FIRST_ARXIV_YEAR = 1991


def cannot_be_arxiv(stated: Stated) -> str | None:
    """Why an entry without an arXiv id cannot be an arXiv paper (so no title search is spent on it), or None."""
    from ..ids import ARXIV_DOI_PREFIX

    if stated.type in _BOOK_TYPES:
        return "a book or collection"
    year = re.match(r"\s*(\d{4})", stated.text.get("year", "") or stated.text.get("date", ""))
    if year and int(year.group(1)) < FIRST_ARXIV_YEAR:
        return f"published before arXiv existed (before {FIRST_ARXIV_YEAR})"
    doi = stated.text.get("doi", "").strip()
    if stated.type == "article" and doi and not doi.casefold().startswith(ARXIV_DOI_PREFIX.casefold()) \
            and stated.present("journal", "journaltitle"):  # present: "{\\apj}", ADS's macro, decodes to nothing
        return "a published article with a journal DOI"
    return None


@dataclass(slots=True)
class UpdateResult:
    """The outcome for one file: the new text, one plan per entry, and the run's own problems.

    ``failed`` is True when arXiv could not be asked about some entries (down, or
    ``offline`` with nothing cached): those entries are left as they were in ``text``,
    and the others are updated.
    """

    origin: str
    original: str
    text: str
    plans: list[EntryPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False
    not_read: int = 0  # blocks of the file that could not be read (each named in ``problems``)

    @property
    def changed(self) -> bool:
        """True when the new text differs from the original."""
        return self.text != self.original

    def counts(self) -> dict[str, int]:
        """How many entries ended in each status (statuses with none left out), in :data:`STATUSES` order."""
        out = {status: 0 for status in STATUSES}
        for plan in self.plans:
            out[plan.status] = out.get(plan.status, 0) + 1
        return {k: v for k, v in out.items() if v}

    def summary(self) -> str:
        """``3 upgraded, 4 filled, 1 unsure, 5 unchanged`` (and ``1 not read`` for blocks the scanner could not read)."""
        parts = [f"{n} {status}" for status, n in self.counts().items()]
        if self.not_read:
            parts.append(f"{self.not_read} not read")
        return ", ".join(parts) or "no entries"

    def diff(self, name: str | None = None) -> str:
        """A unified diff from the original to the new text (empty when unchanged)."""
        import difflib

        label = name or self.origin
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.text.splitlines(keepends=True),
            fromfile=f"a/{label}", tofile=f"b/{label}"))


def _locked(stated: Stated) -> bool:
    return bool(re.search(r"\block\b", stated.text.get(LOCK_FIELD, ""), re.IGNORECASE))  # "lock", not "unlocked"


def _target(stated: Stated, plan: EntryPlan) -> Target | None:
    finding = find_arxiv_id(stated.text)
    if finding is not None:
        if finding.conflict:
            others = ", ".join(f"{name} names {other}" for name, other in finding.conflict.items())
            plan.status = UNSURE
            plan.notes.append(f"{'/'.join(finding.fields)} names arXiv:{finding.arxiv_id.id} but {others}: left as it was")
            return None
        return Target(arxiv_id=finding.arxiv_id.id)
    title = stated.text.get("title", "").strip()
    if not title:
        plan.status = NO_ID
        plan.notes.append("no arXiv id and no title to look it up by: left as it was")
        return None
    why = cannot_be_arxiv(stated)
    if why:
        plan.status = NOT_ARXIV
        plan.notes.append(f"{why}: not searched on arXiv")
        return None
    return Target(title=title, authors=list(stated.authors), abstract=stated.text.get("abstract") or None)


def update_document(doc: BibDocument, options: UpdateOptions | None = None,
                    enrich_options: Any = None) -> UpdateResult:
    """Update a parsed .bib (see :func:`update_text`); ``doc`` itself is not modified."""
    from .apply import apply_plans

    options = options or UpdateOptions()
    if enrich_options is None:
        from ..enrich import EnrichOptions

        enrich_options = EnrichOptions.from_env()
    result = UpdateResult(doc.origin, doc.text, doc.text)
    for line, message in doc.problems:
        result.problems.append(Problem(f"unreadable block not read, left as it was ({message})", doc.origin, line))
    result.not_read = len(doc.failed)
    budget = ExpansionBudget(doc.origin, len(doc.text))
    macros = macro_values(doc, budget)
    stated_all: dict[int, Stated] = {}
    asked: list[tuple[int, Target]] = []
    for index, span in enumerate(doc.entries):
        plan = EntryPlan(span.key or "", span.line)
        result.plans.append(plan)
        if options.only is not None and span.key not in options.only:
            plan.status = SKIPPED
            continue
        stated = stated_all[index] = read_stated(doc, span, macros, budget)
        if _locked(stated):
            plan.status = LOCKED
            plan.notes.append(f"locked ({LOCK_FIELD} = {{{stated.text.get(LOCK_FIELD, '')}}}): left as it was")
        else:
            target = _target(stated, plan)
            if target is not None:
                asked.append((index, target))

    outcomes, run_problems = look_up([t for _, t in asked], enrich_options)
    result.problems.extend(run_problems)
    to_apply: dict[int, EntryPlan] = {}
    why_failed: list[str] = []
    for (index, target), outcome in zip(asked, outcomes):
        stated = stated_all[index]
        if outcome.status == FAILED:
            why_failed.append(outcome.reason)
        if outcome.status != FOUND or outcome.facts is None:
            plan = result.plans[index]
            plan.status = outcome.status
            how = f"arXiv:{target.arxiv_id}" if target.arxiv_id else "looked up by title"
            plan.notes.append(f"{how}: {outcome.reason or outcome.status}; left as it was")
            continue
        plan = plan_entry(stated, outcome.facts, options)
        if not target.arxiv_id:
            plan.notes.insert(0, f"found on arXiv by title and authors: arXiv:{outcome.facts.arxiv_id}")
        result.plans[index] = plan
        if plan.changes:
            to_apply[index] = plan

    failed = [p for p in result.plans if p.status == FAILED]
    if failed:
        # The entries arXiv answered for are updated; those it could not be asked about are left as
        # they were, named here, and asked again on the next run (what was received is cached).
        result.failed = True
        keys = ", ".join(p.key for p in failed[:5]) + (f", and {len(failed) - 5} more" if len(failed) > 5 else "")
        result.problems.append(Problem(
            f"arXiv could not be asked about {len(failed)} entr{'y' if len(failed) == 1 else 'ies'} ({keys}): "
            f"{why_failed[0] if why_failed else 'no answer'}; left as they were (answers already received are "
            "cached: run again later)", doc.origin, severity="error"))
    unicode = not doc.text.isascii()
    result.text = apply_plans(doc.text, doc.origin, to_apply, unicode)
    _check(doc, result.text)
    return result


def _check(before: BibDocument, text: str) -> None:
    """Every entry in is an entry out, with its key, in order; anything else is a bug, and nothing is written."""
    after = BibDocument.parse(text, before.origin)
    old = [e.key for e in before.entries]
    new = [e.key for e in after.entries]
    if old != new or len(after.problems) != len(before.problems):
        raise CitekitError("internal error: the update would have changed the file's entries or keys; nothing written",
                           origin=before.origin)


def update_text(text: str, origin: str = "<input>", options: UpdateOptions | None = None,
                enrich_options: Any = None) -> UpdateResult:
    """Bring the .bib ``text`` up to date from arXiv, changing only what must change.

    ``options`` (:class:`UpdateOptions`) says whether to upgrade published preprints,
    which fields to fill and which entries to touch; ``enrich_options``
    (:class:`citekit.enrich.EnrichOptions`, default from the environment) says how arXiv is
    asked. The result holds the new text (the original when nothing changed or arXiv
    could not be asked), a plan per entry and the problems met.
    """
    check_entry_count(text, origin)
    return update_document(BibDocument.parse(text, origin), options, enrich_options)
