"""How a run's problems reach the user, and whether they fail it (the CLI's verdict)."""

from __future__ import annotations

from typing import Callable, Iterable

from .model import Problem

__all__ = ["report_problems"]


def report_problems(
    problems: Iterable[Problem], say: Callable[[str, str], None], *, quiet: bool, strict: bool
) -> int | None:
    """Print ``problems`` through ``say(kind, message)``; 1 when the run must write nothing, else None.

    Errors always fail the run; warnings fail it only under ``strict``. ``quiet`` hides
    warnings (they still count for ``strict``), never errors.
    """
    problems = list(problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for problem in errors if quiet else problems:
        where = f"{problem.origin}:{problem.line}" if problem.line else problem.origin
        say(problem.severity, f"{where}: {problem.message}")
    if errors:
        say("error", f"{len(errors)} error(s); nothing written")
        return 1
    if strict and warnings:
        say("error", f"--strict: {len(warnings)} warning(s); nothing written")
        return 1
    return None
