"""The rule registry: every check rule is data (id, severity, summary, formats, fixable) plus a function.

A rule function takes a :class:`Context` and yields :class:`Hit` s; the runner turns them
into findings carrying the rule's id and severity. Entry rules see one entry at a time,
file rules the whole file (duplicates, cross-references). The rule families are modules
of this package, imported on first use (:func:`all_rules`).
"""

from __future__ import annotations

import datetime as _dt
import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from ..registry import Registry
from .findings import Finding, Fix
from .source import SourceEntry, SourceField, SourceFile

__all__ = ["Rule", "Hit", "Context", "RULES", "rule", "all_rules", "FAMILIES"]

#: The rule families, one module each, in the order a report lists them.
FAMILIES: tuple[str, ...] = ("keys", "fields", "identifiers", "values", "tex", "names", "arxiv", "compile")


@dataclass(slots=True)
class Hit:
    """What a rule found: the entry, the field (or its name), a message and the fix if one is safe."""

    entry: SourceEntry | None
    field: SourceField | str | None
    message: str
    fix: Fix | None = None
    severity: str | None = None  # overrides the rule's default
    line: int | None = None


@dataclass(slots=True)
class Context:
    """What a rule may consult: the file, the mode (``bibtex``/``biblatex``/``csl``), today, arXiv records."""

    file: SourceFile
    mode: str
    today: _dt.date = field(default_factory=_dt.date.today)
    arxiv: dict[str, Any] | None = None  # arXiv id -> Record (or None: unknown to arXiv), with --enrich
    arxiv_failed: dict[str, str] = field(default_factory=dict)  # arXiv id -> why it could not be asked
    published_as: dict[str, str] = field(default_factory=dict)  # arXiv id -> its published version, read out
    by_key: dict[str, SourceEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.file.entries:
            self.by_key.setdefault(entry.key.lower(), entry)


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: a stable id, its default severity, a one-line summary, where it applies, and its function."""

    id: str
    severity: str
    summary: str
    func: Callable[..., Iterable[Hit]]
    formats: frozenset[str] = frozenset({"bib"})
    modes: frozenset[str] = frozenset({"bibtex", "biblatex", "csl"})
    scope: str = "entry"  # "entry" or "file"
    fixable: bool = False
    needs: str | None = None  # "enrich" / "compile": runs only with --enrich / --compile

    def run(self, ctx: Context) -> Iterator[Finding]:
        """The findings of this rule on ``ctx.file``."""
        if ctx.file.format not in self.formats or ctx.mode not in self.modes:
            return
        if self.scope == "file":
            hits: Iterable[Hit] = self.func(ctx)
        else:
            hits = (h for e in ctx.file.entries for h in self.func(ctx, e))
        for hit in hits:
            if isinstance(hit, Finding):  # a tool's message, already tied to its entry (compile)
                yield hit
                continue
            f = hit.field
            name = f.name if isinstance(f, SourceField) else f
            line = hit.line or (f.line if isinstance(f, SourceField) else None) or (hit.entry.line if hit.entry else None)
            yield Finding(
                ctx.file.path, line, hit.entry.key if hit.entry else None, name, self.id,
                hit.severity or self.severity, hit.message, hit.fix,
            )


RULES: Registry[Rule] = Registry("check rule")


def rule(id: str, severity: str, summary: str, **options: Any) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register the decorated function as rule ``id``."""
    for key in ("formats", "modes"):
        if key in options:
            options[key] = frozenset(options[key])

    def register(func: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        RULES.register(id, Rule(id, severity, summary, func, **options), description=summary)
        return func

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, the families imported on first call."""
    for family in FAMILIES:
        importlib.import_module(f"{__package__}.{family}")
    return [RULES.get(name) for name in RULES.names()]
