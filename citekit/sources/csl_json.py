"""Reader for CSL-JSON: a list of CSL items (or a single item, or ``{"items": [...]}``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..csl import csl_to_entry
from ..csl_values import describe
from ..inputs import json_int, json_loads
from ..limits import MAX_ENTRIES, MAX_JSON_DEPTH, check_item_count, too_deep
from ..model import Entry, Library, Problem, Provenance

__all__ = ["READER", "CslJsonReader"]


_SPACE = re.compile(r"[ \t\n\r]*")
#: What may follow an item: a comma or the closing bracket, with JSON's whitespace around it.
_AFTER_ITEM = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")
#: The start of a JSON array of objects.
_CSL_ARRAY = re.compile(r"\[[ \t\n\r]*\{")


def _array_items(text: str) -> tuple[list, list[int], list[bool]] | None:
    """The items of a top-level JSON array, the line each starts on, and whether each may nest
    past :data:`MAX_JSON_DEPTH` (its text opens more lists and objects than that), in one pass.

    None when ``text`` is not a well-formed array; ``json.loads`` then says why (or reads
    the object that it is).
    """
    decoder = json.JSONDecoder(parse_int=json_int)
    at = _SPACE.match(text).end()
    if text[at:at + 1] != "[":
        return None
    items: list = []
    lines: list[int] = []
    deep: list[bool] = []
    line, last = 1, 0
    at = _SPACE.match(text, at + 1).end()
    if text[at:at + 1] == "]":
        return (items, lines, deep) if not text[_SPACE.match(text, at + 1).end():] else None
    try:
        while True:
            item, end = decoder.raw_decode(text, at)
            line += text.count("\n", last, at)
            last = at
            items.append(item)
            lines.append(line)
            # Nesting needs an opening bracket a level (those in strings only add to the count).
            deep.append(text.count("{", at, end) + text.count("[", at, end) > MAX_JSON_DEPTH)
            after = _AFTER_ITEM.match(text, end)
            if after is None:
                return None
            if after.group(1) == "]":
                return (items, lines, deep) if after.end() == len(text) else None
            at = after.end()
    except (json.JSONDecodeError, RecursionError):  # RecursionError: nested past the json module's depth
        return None


def _label(item: dict, index: int) -> str:
    """``item "ID"`` for messages, or the item's position when its id is unusable."""
    raw = item.get("id")
    if isinstance(raw, (str, int)) and not isinstance(raw, bool) and str(raw).strip():
        return f'item "{raw}"'
    return f"item {index + 1}"


@dataclass(frozen=True, slots=True)
class CslJsonReader:
    """CSL-JSON items in, entries out; malformed JSON is a problem with its line."""

    name: str = "csl-json"
    description: str = "CSL-JSON"

    def sniff(self, sample: str) -> float:
        """High for a JSON array of objects with CSL's ``type`` / ``title`` / ``author`` keys; certain (1.0) with ``type`` and ``id``."""
        head = sample.lstrip()[:4096]
        if not head.startswith(("[", "{")):
            return 0.0
        if '"type"' in head and any(k in head for k in ('"title"', '"author"', '"issued"', '"id"')):
            if _CSL_ARRAY.match(head) and '"id"' in head:
                return 1.0  # an array of objects with CSL's two required keys: nothing else looks so
            return 0.9 if head.startswith("[") else 0.7
        return 0.2

    def read(self, text: str, origin: str) -> Library:
        """Every item; a JSON syntax error yields one error problem with line and column."""
        library = Library()
        found = _array_items(text)
        if found is not None:
            data, lines, deep = found
        else:
            try:
                data = json_loads(text)
            except json.JSONDecodeError as exc:
                library.problems.append(
                    Problem(f"malformed JSON: {exc.msg} (column {exc.colno})", origin, exc.lineno, "error")
                )
                return library
            except RecursionError:
                library.problems.append(Problem(
                    "JSON nested deeper than any CSL-JSON (the json module's recursion limit); not read", origin, 1,
                    "error"))
                return library
            if isinstance(data, dict):
                data = data.get("items", [data])
            if not isinstance(data, list):
                library.problems.append(Problem("CSL-JSON must be a list of items", origin, 1, "error"))
                return library
            lines = [None] * len(data)  # a single item or {"items": [...]}: no per-item lines
            deep = [True] * len(data)
        check_item_count(len(data), origin, lines[MAX_ENTRIES] if len(data) > MAX_ENTRIES else None)
        memo: dict[tuple, Any] = {}  # names and dates met before in this file (see csl_to_entry)
        for index, (item, line, may_be_deep) in enumerate(zip(data, lines, deep)):
            if not isinstance(item, dict):
                library.problems.append(
                    Problem(f"item {index + 1} is {describe(item)}, not a CSL item; not read", origin, line)
                )
                continue
            if may_be_deep and too_deep(item):
                library.problems.append(Problem(
                    f"{_label(item, index)} nests more than {MAX_JSON_DEPTH} levels deep, which no CSL item does; "
                    "not read", origin, line, "error"))
                continue
            entry, problems = csl_to_entry(item, Provenance("csl-json", origin, line), memo=memo)
            library.problems.extend(problems)
            if not _identified(entry):
                # Kept all the same: the user's file listed it, and writing it back must too.
                library.problems.append(
                    Problem(f"{_label(item, index)} has no title, author or identifier", origin, line)
                )
            library.entries.append(entry)
        return library


def _identified(entry: Entry) -> bool:
    """True when an item has a title, an author or an identifier: what a reader needs to find the work."""
    return bool(entry.title or entry.author or entry.arxiv_id or entry.DOI or entry.URL
                or any(entry.vars.get(v) for v in ("title", "author", "ISBN", "ISSN", "PMID", "PMCID")))


READER = CslJsonReader()
