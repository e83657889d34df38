"""What a check reports: :class:`Finding` (one defect on one entry and field) and :class:`Fix`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Severity", "SEVERITIES", "Fix", "Finding"]

Severity = str  # "error" | "warning" | "info"
#: Severities from worst to mildest; the index orders a report.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass(slots=True, frozen=True)
class Fix:
    """A safe edit of one field: its new raw value (as written in the .bib), or removal when ``value`` is None."""

    description: str
    field: str
    value: str | None = None


@dataclass(slots=True)
class Finding:
    """One defect: where it is (file, line, key, field), which rule found it, and the fix if one is safe."""

    file: str
    line: int | None
    key: str | None
    field: str | None
    rule: str
    severity: Severity
    message: str
    fix: Fix | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the report (``fix`` is the fix's description, or null)."""
        return {
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "field": self.field,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix.description if self.fix else None,
        }

    def sort_key(self) -> tuple[Any, ...]:
        """File, then line, then rule: the order a compiler prints in."""
        return (self.file, self.line or 0, self.rule, self.field or "")
