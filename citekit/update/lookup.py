"""Asking arXiv about the entries of a file, through the enricher (:func:`citekit.enrich.enrich`).

Each entry becomes a *probe*: a bare :class:`~citekit.model.Entry` with its arXiv id
only (so the enricher fills in arXiv's own values, all of them), or, without an id, its
title, authors and abstract (so the enricher resolves it by title with its own
verification). One enrichment run asks for every probe, batched and cached. A probe
the enricher filled is a :class:`Facts`; one it did not fill is classified from the
problem it left: arXiv answered (no such paper, unsure, a different paper) or arXiv
could not be asked (down, offline and not cached). The second kind stops the update:
a file is changed only on complete knowledge.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Entry, Library, Name, PartialDate, Problem, Provenance

__all__ = ["Target", "Facts", "Outcome", "look_up", "FOUND", "NOT_FOUND", "UNSURE", "FAILED"]

FOUND, NOT_FOUND, UNSURE, FAILED = "found", "not on arXiv", "unsure", "not checked"
_PROBE = "update-probe:"
_NAMED_PROBE = re.compile(r"\(" + re.escape(_PROBE) + r"(\d+):")  # how a summary names a probe
#: What a problem the enricher left on an unfilled probe means, tried in order (lower-case phrases).
_VERDICTS: tuple[tuple[str, str], ...] = (
    ("is titled", UNSURE),  # "arXiv:ID is titled ..., not ...; not enriched (check the id)"
    ("not enriched (", FAILED),  # the enricher's word for "could not ask" (down, or offline and not cached)
    ("unsure", UNSURE),
    ("ambiguous", UNSURE),
    ("no candidate verified", UNSURE),
    ("not found", NOT_FOUND),
    ("has no paper", NOT_FOUND),
    ("no distinctive phrase", NOT_FOUND),
)


@dataclass(slots=True)
class Target:
    """One entry to look up: by arXiv id, or by what it states (title, authors, abstract)."""

    arxiv_id: str | None = None
    title: str | None = None
    authors: list[Name] = field(default_factory=list)
    abstract: str | None = None


@dataclass(slots=True)
class Facts:
    """What arXiv says about one paper."""

    arxiv_id: str
    version: int | None = None
    title: str | None = None
    authors: list[Name] = field(default_factory=list)
    published: PartialDate | None = None  # the first version's date
    primary_class: str | None = None
    doi: str | None = None  # a published DOI (arXiv's own 10.48550 DOI is not kept here)
    journal_ref: str | None = None
    # Where it was published, as enrichment read it (journal reference or the DOI's record): one mapping.
    venue: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    venue_year: str | None = None
    conference: bool = False


@dataclass(slots=True)
class Outcome:
    """The answer for one target: FOUND with facts, or another status and why."""

    status: str
    facts: Facts | None = None
    reason: str = ""


def _facts(probe: Entry) -> Facts:
    from ..ids import ARXIV_DOI_PREFIX

    from ..enrich.fill import ARXIV_DATE

    doi = probe.DOI if probe.DOI and not probe.DOI.casefold().startswith(ARXIV_DOI_PREFIX.casefold()) else None
    first = probe.issued
    kept = (probe.vars.get("custom") or {}).get(ARXIV_DATE)
    if kept:
        try:
            first = PartialDate.from_iso(kept)
        except ValueError:
            pass
    return Facts(
        arxiv_id=str(probe.arxiv_id), version=probe.arxiv_version, title=probe.title, authors=list(probe.author),
        published=first, primary_class=probe.primary_class, doi=doi, journal_ref=probe.journal_ref,
        venue=probe.container_title, volume=probe.volume, issue=probe.issue, pages=probe.page,
        venue_year=str(probe.issued.year) if probe.container_title and probe.issued and probe.issued.year else None,
        conference=probe.type == "paper-conference",
    )


def _probe(n: int, target: Target) -> Entry:
    prov = Provenance("bibtex", f"{_PROBE}{n}", n + 1)
    probe = Entry(key=f"probe{n}")
    probe.add_source(prov)
    if target.arxiv_id:
        probe.set("arxiv_id", target.arxiv_id, prov)
        return probe
    probe.set("title", target.title, prov)
    probe.set("author", list(target.authors), prov)
    probe.set("abstract", target.abstract, prov)
    return probe


def _filled(target: Target, probe: Entry) -> bool:
    # Message-free test: an id probe gains a title, a title probe gains an id.
    return bool(probe.title and probe.arxiv_id) if target.arxiv_id else bool(probe.arxiv_id)


def _label(target: Target) -> str:
    """How the enricher names a probe at the start of its messages (``arXiv:ID`` or the quoted title)."""
    if target.arxiv_id:
        return f"arXiv:{target.arxiv_id}"
    text = target.title or ""
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _reason(message: str, target: Target) -> str:
    """The message without the probe's own label, and without the enricher's verdict tail."""
    label = _label(target)
    if message.startswith(label + ": "):
        message = message[len(label) + 2:]
    for tail in ("; not enriched", "; left unresolved"):
        message = message.replace(tail, "")
    return message


#: A run-level summary that says look-ups failed ("2 entries were not enriched: HTTP 503 ...").
_FAILED_SUMMARY = re.compile(r"\bnot enriched: ")
#: A run-level summary of entries arXiv has no record of.
_NOT_FOUND_SUMMARY = re.compile(r"\bnot found on arxiv\b", re.IGNORECASE)


def _verdict(messages: list[str], summaries: list[str], failed_run: list[str]) -> tuple[str, str]:
    """What an unfilled probe's own messages, the summaries that name it, and the run's failures mean."""
    for message in messages:
        low = message.casefold()
        for phrase, status in _VERDICTS:
            if phrase in low:
                return status, message
    for summary in summaries:
        if _NOT_FOUND_SUMMARY.search(summary):
            return NOT_FOUND, "not found on arXiv"
        if _FAILED_SUMMARY.search(summary):
            return FAILED, summary.split(" — ")[0]
    if failed_run and not messages:
        # Nothing said about this entry, while the run says look-ups failed: it may not have been asked.
        return FAILED, failed_run[0].split(" — ")[0]
    return NOT_FOUND, messages[0] if messages else "arXiv gave no record for it"


def _enrich_options(options: Any) -> Any:
    """The caller's options with ``overwrite`` (probes must take arXiv's values) and, where known, ``verbose``."""
    extra = {"verbose": True} if "verbose" in {f.name for f in dataclasses.fields(options)} else {}
    return dataclasses.replace(options, overwrite=True, **extra)


def look_up(targets: list[Target], options: Any) -> tuple[list[Outcome], list[Problem]]:
    """Ask arXiv about every target in one enrichment run; the outcomes (in order) and the run's own problems.

    ``options`` is a :class:`citekit.enrich.EnrichOptions`; ``overwrite`` is forced on for
    the probes (they hold only what is needed to find the paper, and must come back
    holding arXiv's values), and ``verbose`` where the enricher has it (every miss named).
    """
    from ..enrich import enrich

    if not targets:
        return [], []
    # One probe per distinct id: the enricher merges probes of one paper, and one answer serves all.
    first: dict[str, int] = {}
    slot = [first.setdefault(t.arxiv_id, n) if t.arxiv_id else n for n, t in enumerate(targets)]
    probes = {n: _probe(n, t) for n, t in enumerate(targets) if slot[n] == n}
    result = enrich(Library(entries=list(probes.values())), _enrich_options(options))
    # The enricher fills the entries it is given; should it hand back copies, those count too.
    returned = {e.key: e for e in result.entries if e.key}
    by_probe: dict[str, list[str]] = {}
    naming: list[Problem] = []
    run_problems: list[Problem] = []
    doi_url = getattr(options, "doi_url", None)
    for problem in result.problems:
        if problem.origin.startswith(_PROBE):
            by_probe.setdefault(problem.origin, []).append(problem.message)
        elif doi_url and problem.origin == doi_url:
            # The DOI resolver failed (a web page, a stall): one warning for the run, without the probes'
            # names (each entry's own line says its DOI's record was not available).
            run_problems.append(Problem(problem.message.split(" — ")[0], problem.origin, problem.line,
                                        problem.severity))
        elif _PROBE in problem.message:
            naming.append(problem)  # a summary that lists probes: used below, not shown (it names no real entry)
        else:
            run_problems.append(problem)
    url = getattr(options, "url", None)
    failed_run = [p.message for p in result.problems if p.origin == url and _FAILED_SUMMARY.search(p.message)]
    # Which summaries name each probe, found in one pass over each summary: asking every
    # summary about every probe was quadratic (a summary lists thousands of probes).
    naming_probe: dict[str, list[str]] = {}
    for problem in naming:
        for number in dict.fromkeys(_NAMED_PROBE.findall(problem.message)):
            naming_probe.setdefault(number, []).append(problem.message)
    outcomes: list[Outcome] = []
    for n, target in enumerate(targets):
        k = slot[n]
        probe = probes[k]
        if not _filled(target, probe) and probe.key in returned:
            probe = returned[probe.key]
        if _filled(target, probe):
            outcomes.append(Outcome(FOUND, _facts(probe)))
            continue
        messages = [_reason(m, target) for m in by_probe.get(f"{_PROBE}{k}", [])]
        summaries = naming_probe.get(str(k), [])
        status, reason = _verdict(messages, summaries, failed_run)
        outcomes.append(Outcome(status, reason=reason))
    return outcomes, run_problems
