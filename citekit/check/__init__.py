"""``citekit check``: rules over a bibliography as written, a compile check, and safe fixes.

The library call mirrors the command::

    from citekit.check import check_paths
    result = check_paths(["refs.bib"], mode="auto")
    for finding in result.findings:
        print(finding.file, finding.line, finding.rule, finding.message)

Rules live in one registry (:data:`RULES`, :mod:`.rules`), one module per family:
:mod:`.keys`, :mod:`.fields`, :mod:`.identifiers`, :mod:`.values`, :mod:`.tex`,
:mod:`.names`, :mod:`.arxiv`. :mod:`.compile` runs bibtex and biber, :mod:`.fix` applies
the safe fixes, :mod:`.report` prints text, JSON or GitHub annotations.
"""

from __future__ import annotations

from .findings import Finding, Fix
from .report import render
from .rules import RULES, Rule, all_rules
from .run import CheckOptions, CheckResult, check_paths, check_text, select_rules

__all__ = [
    "Finding",
    "Fix",
    "Rule",
    "RULES",
    "all_rules",
    "CheckOptions",
    "CheckResult",
    "check_paths",
    "check_text",
    "select_rules",
    "render",
]
