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
from dataclasses import dataclass, field

from ..model import Entry, Library, Name, PartialDate, Problem, Provenance

__all__ = ["Target", "Facts", "Outcome", "look_up", "FOUND", "NOT_FOUND", "UNSURE", "FAILED"]

FOUND, NOT_FOUND, UNSURE, FAILED = "found", "not on arXiv", "unsure", "not checked"
_PROBE = "update-probe:"
#: What a problem the enricher left on an unfilled probe means, tried in order (lower-case phrases).
_VERDICTS: tuple[tuple[str, str], ...] = (
    ("not enriched (", FAILED),  # the enricher's word for "could not ask" (down, or offline and not cached)
    ("unsure", UNSURE),
    ("ambiguous", UNSURE),
    ("is titled", UNSURE),
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


@dataclass(slots=True)
class Outcome:
    """The answer for one target: FOUND with facts, or another status and why."""

    status: str
    facts: Facts | None = None
    reason: str = ""


def _facts(probe: Entry) -> Facts:
    from ..ids import ARXIV_DOI_PREFIX

    doi = probe.DOI if probe.DOI and not probe.DOI.casefold().startswith(ARXIV_DOI_PREFIX.casefold()) else None
    return Facts(
        arxiv_id=str(probe.arxiv_id), version=probe.arxiv_version, title=probe.title, authors=list(probe.author),
        published=probe.issued, primary_class=probe.primary_class, doi=doi, journal_ref=probe.journal_ref,
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


def _verdict(messages: list[str], trouble: list[str]) -> tuple[str, str]:
    """What the (label-free) messages about one unfilled probe mean."""
    for message in messages:
        low = message.casefold()
        for phrase, status in _VERDICTS:
            if phrase in low:
                return status, message
    if trouble:
        # Nothing said about this entry, but the run could not reach arXiv: it was not checked.
        return FAILED, trouble[0]
    return NOT_FOUND, messages[0] if messages else "arXiv gave no record for it"


def look_up(targets: list[Target], options: object) -> tuple[list[Outcome], list[Problem]]:
    """Ask arXiv about every target in one enrichment run; the outcomes (in order) and the run's own problems.

    ``options`` is a :class:`citekit.enrich.EnrichOptions`; ``overwrite`` is forced on for
    the probes (they hold only what is needed to find the paper, and must come back
    holding arXiv's values).
    """
    from ..enrich import enrich

    if not targets:
        return [], []
    # One probe per distinct id: the enricher merges probes of one paper, and one answer serves all.
    first: dict[str, int] = {}
    slot = [first.setdefault(t.arxiv_id, n) if t.arxiv_id else n for n, t in enumerate(targets)]
    probes = [_probe(n, t) for n, t in enumerate(targets) if slot[n] == n]
    probe_of = {n: probe for n, probe in zip((n for n in range(len(targets)) if slot[n] == n), probes)}
    result = enrich(Library(entries=list(probes)), dataclasses.replace(options, overwrite=True))  # type: ignore[type-var]
    by_probe: dict[str, list[str]] = {}
    run_problems: list[Problem] = []
    for problem in result.problems:
        if problem.origin.startswith(_PROBE):
            by_probe.setdefault(problem.origin, []).append(problem.message)
        elif _PROBE not in problem.message:
            # (Problems that name probes, e.g. two probes of one paper merged, are the update's own business.)
            run_problems.append(problem)
    url = getattr(options, "url", None)
    trouble = [p.message for p in run_problems if p.origin == url]
    outcomes: list[Outcome] = []
    for n, target in enumerate(targets):
        probe = probe_of[slot[n]]
        if _filled(target, probe):
            outcomes.append(Outcome(FOUND, _facts(probe)))
            continue
        messages = [_reason(m, target) for m in by_probe.get(f"{_PROBE}{slot[n]}", [])]
        status, reason = _verdict(messages, trouble)
        outcomes.append(Outcome(status, reason=reason))
    return outcomes, run_problems
