"""Reader for CSL-JSON: a list of CSL items (or a single item, or ``{"items": [...]}``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..csl import csl_to_entry
from ..model import Library, Problem, Provenance

__all__ = ["READER", "CslJsonReader"]


# A JSON string (skipped whole) or a bracket: what the line scan below has to look at.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _item_lines(text: str, count: int) -> list[int | None]:
    """Best-effort line numbers of the top-level items of a JSON array (for messages)."""
    lines: list[int | None] = []
    depth = 0
    line = 1
    last = 0
    for m in _TOKENS.finditer(text):
        ch = m.group()
        if ch[0] == '"':
            continue
        if ch in "[{":
            depth += 1
            if depth == 2 and ch == "{":
                line += text.count("\n", last, m.start())
                last = m.start()
                lines.append(line)
        else:
            depth -= 1
    return (lines + [None] * count)[:count]


@dataclass(frozen=True, slots=True)
class CslJsonReader:
    """CSL-JSON items in, entries out; malformed JSON is a problem with its line."""

    name: str = "csl-json"
    description: str = "CSL-JSON"

    def sniff(self, sample: str) -> float:
        """High for a JSON array of objects with CSL's ``type`` / ``title`` / ``author`` keys."""
        head = sample.lstrip()[:4096]
        if not head.startswith(("[", "{")):
            return 0.0
        if '"type"' in head and any(k in head for k in ('"title"', '"author"', '"issued"', '"id"')):
            return 0.9 if head.startswith("[") else 0.7
        return 0.2

    def read(self, text: str, origin: str) -> Library:
        """Every item; a JSON syntax error yields one error problem with line and column."""
        library = Library()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            library.problems.append(
                Problem(f"malformed JSON: {exc.msg} (column {exc.colno})", origin, exc.lineno, "error")
            )
            return library
        if isinstance(data, dict):
            data = data.get("items", [data])
        if not isinstance(data, list):
            library.problems.append(Problem("CSL-JSON must be a list of items", origin, 1, "error"))
            return library
        for item, line in zip(data, _item_lines(text, len(data))):
            if not isinstance(item, dict):
                library.problems.append(Problem(f"skipped a non-object item: {str(item)[:60]!r}", origin, line))
                continue
            entry, problems = csl_to_entry(item, Provenance("csl-json", origin, line))
            library.problems.extend(problems)
            if entry.title or entry.author or entry.arxiv_id or entry.DOI:
                library.entries.append(entry)
            else:
                library.problems.append(Problem("skipped an item with no title, author or identifier", origin, line))
        return library


READER = CslJsonReader()
