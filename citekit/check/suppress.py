"""Inline suppressions: ``% citekit: ignore RULE[, RULE...]`` on or above an entry, as ruff's ``noqa``.

A comment line directly above an entry (comment lines in a row, no blank line between),
on the entry's own lines (after its closing brace too), or between its fields, silences the named rules for that
entry; ``% citekit: ignore`` with no rule silences every rule for it. Rules are named as
``--ignore`` names them: an id (``field-empty``), an id prefix (``field``) or a severity.
"""

from __future__ import annotations

import re
from typing import Iterable

from .findings import Finding

__all__ = ["suppressions", "is_suppressed", "drop_suppressed", "DIRECTIVE"]

#: The comment that silences rules.
DIRECTIVE = re.compile(r"%\s*citekit:\s*ignore\b([^\n%]*)", re.I)


def _rules(text: str) -> set[str]:
    words = {w.strip().lower() for w in re.split(r"[,\s]+", text) if w.strip()}
    return words or {"*"}


_LINE_BREAK = re.compile(r"\r\n?|\n")


def suppressions(text: str, doc) -> dict[tuple[int, int], set[str]]:
    """For each entry of ``doc`` (a :class:`citekit.bibedit.BibDocument` of ``text``): (first line, last line) -> rules."""
    if "citekit" not in text:  # the common case: nothing to look for
        return {}
    lines = _LINE_BREAK.split(text)  # LF, CRLF or CR alone: the lines bibedit counts
    out: dict[tuple[int, int], set[str]] = {}
    for e in doc.entries:
        first, last = e.line, doc.line_of(max(e.end - 1, e.start))
        words: set[str] = set()
        brk = _LINE_BREAK.search(text, e.end)
        line_end = brk.start() if brk else -1
        for m in DIRECTIVE.finditer(text, e.start, len(text) if line_end < 0 else line_end):
            words |= _rules(m.group(1))
        above = first - 2  # 0-based index of the line above the entry
        while above >= 0 and lines[above].lstrip().startswith("%"):
            m = DIRECTIVE.search(lines[above])
            if m:
                words |= _rules(m.group(1))
            above -= 1
        if words:
            out[(first, last)] = words
    return out


def _matches(finding: Finding, words: set[str]) -> bool:
    rule = finding.rule.lower()
    return any(w == "*" or w == finding.severity or rule == w or rule.startswith(w.rstrip("-") + "-") for w in words)


def is_suppressed(finding: Finding, spans: dict[tuple[int, int], set[str]]) -> bool:
    """True when a suppression covering ``finding``'s line names its rule."""
    if not spans or finding.line is None:
        return False
    return any(first <= finding.line <= last and _matches(finding, words) for (first, last), words in spans.items())


def drop_suppressed(findings: Iterable[Finding], files) -> list[Finding]:
    """``findings`` without those an inline comment silences (``files``: the run's SourceFiles)."""
    spans = {src.path: suppressions(src.text, src.doc) for src in files if src.format == "bib" and src.doc is not None}
    return [f for f in findings if not is_suppressed(f, spans.get(f.file, {}))]
