"""The fix planner: apply the safe fixes to a .bib's own text, changing only the fixed fields.

Fixes come from the rules (page dashes, month macros, DOI URLs, escaping specials,
protecting acronyms, removing empty fields). Two fixes may touch one field (a title
with an ``&`` and an acronym), so fixing runs in passes: each pass applies at most one
fix per field through :class:`~citekit.bibedit.BibDocument` and checks the result
again, until nothing fixable is left. Applying the fixes to their own output therefore
changes nothing, and every byte outside a fixed field stays as it was.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .findings import Finding
from .rules import Context, Rule
from .source import SourceFile, parse_bib

__all__ = ["FixResult", "fix_text", "unified_diff"]

_MAX_PASSES = 6


@dataclass(slots=True)
class FixResult:
    """The fixed text and the findings whose fix was applied (from every pass)."""

    text: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # fixable, but not safely (e.g. a field given twice)

    @property
    def changed(self) -> bool:
        """True when any fix was applied."""
        return bool(self.applied)


def _one_pass(src: SourceFile, rules: list[Rule], mode: str, today) -> tuple[str, list[Finding], list[Finding]]:
    ctx = Context(src, mode, **({"today": today} if today else {}))
    doc = src.doc
    by_key: dict[tuple[int, str], tuple[object, object]] = {}
    for entry in src.entries:
        counts: dict[str, int] = {}
        for f in entry.fields:
            counts[f.name] = counts.get(f.name, 0) + 1
        for f in entry.fields:
            by_key[(entry.index, f.name)] = (entry, counts[f.name])
    applied: list[Finding] = []
    skipped: list[Finding] = []
    touched: set[tuple[int, str]] = set()
    from .suppress import is_suppressed, suppressions

    silenced = suppressions(src.text, doc)  # "% citekit: ignore RULE" stops the rule's fix too
    for r in rules:
        if not r.fixable:
            continue
        hits = r.func(ctx) if r.scope == "file" else (h for e in src.entries for h in r.func(ctx, e))
        for hit in hits:
            if hit.fix is None or hit.entry is None:
                continue
            name = hit.fix.field.lower()
            slot = (hit.entry.index, name)
            finding = Finding(src.path, getattr(hit.field, "line", hit.entry.line), hit.entry.key, name, r.id,
                              hit.severity or r.severity, hit.message, hit.fix)
            if is_suppressed(finding, silenced):
                continue
            entry, count = by_key.get(slot, (None, 0))
            if entry is None or count != 1:
                skipped.append(finding)
                continue
            if slot in touched:
                continue  # the next pass sees this field's new value
            touched.add(slot)
            span = hit.entry.span
            if hit.fix.value is None:
                doc.remove_field(span, span.field(name).name)
            else:
                doc.set_field(span, span.field(name).name, hit.fix.value)
            applied.append(finding)
    return doc.render(), applied, skipped


def fix_text(text: str, path: str, rules: list[Rule], mode: str, today=None,
             parsed: SourceFile | None = None) -> FixResult:
    """Apply the safe fixes of ``rules`` to ``text`` (a .bib) until none is left.

    ``parsed`` is ``text`` as :func:`parse_bib` read it (with no other file's macros), when the
    caller has it: the first pass uses it instead of reading the file a second time.
    """
    result = FixResult(text)
    for n in range(_MAX_PASSES):
        reuse = n == 0 and parsed is not None and parsed.format == "bib" and parsed.text == text
        src = parsed if reuse else parse_bib(result.text, path)
        new, applied, skipped = _one_pass(src, rules, mode, today)
        if not result.skipped:
            result.skipped = skipped
        if not applied or new == result.text:
            break
        result.text = new
        result.applied.extend(applied)
    return result


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff from ``old`` to ``new`` (``a/PATH`` -> ``b/PATH``)."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{path.lstrip('/')}", tofile=f"b/{path.lstrip('/')}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
