"""``fmt``'s engine: apply :class:`FormatOptions` to a .bib text and render it.

An entry nothing changed is written back byte for byte. An entry whose values, names or
fields changed but whose layout is not asked to change is edited in place, span by span,
so its indentation and alignment stay. With a layout option (indent, align, wrap, field
order) every entry is laid out afresh. Comments stay with the field or entry they stand by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..ids import normalize_text, normalize_title
from . import values as V
from .document import Block, Document, EntryBlock, FieldItem, parse
from .options import DEFAULT_FIELD_ORDER, DUPLICATE_CHECKS, FormatOptions

__all__ = ["Formatted", "format_text", "render", "apply_options", "FormatError", "rename_keys"]


class FormatError(InputError):
    """A .bib text ``fmt`` cannot format as asked (named with its file and line)."""


@dataclass(slots=True)
class Formatted:
    """The formatted text and what the run has to tell (``(line, message)`` pairs) and the keys it changed."""

    text: str
    messages: list[tuple[int, str]] = field(default_factory=list)
    key_changes: list[tuple[str, str, str]] = field(default_factory=list)  # (old, new, reason)


def format_text(text: str, options: FormatOptions, origin: str = "<input>", *,
                keep: set[str] | None = None) -> Formatted:
    """``text`` formatted with ``options``; with ``keep``, only those entries (see :mod:`citekit.cited`)."""
    doc = parse(text, origin)
    out = Formatted(text)
    for line, problem in doc.problems:
        out.messages.append((line, f"unreadable block kept as it is: {problem}"))
    if keep is not None:
        _keep_only(doc, keep)
    apply_options(doc, options, out, origin, text)
    out.text = render(doc, options)
    _verify(doc, out.text, origin)
    return out


def _verify(doc: Document, new: str, origin: str) -> None:
    """Refuse output the scanner reads differently from what was meant: an entry, field or value lost or changed.

    No option should ever do that; this is the net under them, so a bug costs a message,
    never a user's file. White space inside values may differ (wrapping): bibtex and biber
    collapse it.
    """
    def shape(d: Document) -> list[tuple[str, str, list[tuple[str, str]]]]:
        return [(b.entry.type, b.entry.key, [(f.name, _SPACE.sub(" ", f.value)) for f in b.entry.live()])
                for b in d.blocks if b.kind == "entry"]

    meant, got_doc = shape(doc), parse(new, origin)
    got = shape(got_doc)
    if got == meant and len(got_doc.problems) <= len(doc.problems):
        return
    lines = [b.line for b in doc.blocks if b.kind == "entry"]
    for line, m, g in zip(lines, meant, got + [None] * len(meant)):
        if m != g:
            raise FormatError(f"{origin}:{line}: formatting entry {m[1]!r} as asked would change how it is read; "
                              "nothing written (please report this)")
    raise FormatError(f"{origin}: formatting as asked would change how the file is read; nothing written "
                      "(please report this)")


_SPACE = re.compile(r"\s+")


def _keep_only(doc: Document, keep: set[str]) -> None:
    """Drop the entries not in ``keep`` and the @strings no kept block uses; comments stay."""
    from ..cited import macros_used

    blocks = [b for b in doc.blocks if b.kind != "entry" or b.entry.key in keep]
    used: set[str] = set()
    for b in blocks:
        if b.kind == "entry":
            for f in b.entry.fields:
                used |= macros_used(f.value)
        elif b.kind == "preamble":
            used |= macros_used(b.raw[b.raw.index("{") + 1:-1] if "{" in b.raw else "")
    # A kept @string may itself use others (@string{b = a # " x"}): follow them back.
    strings = [b for b in blocks if b.kind == "string"]
    changed = True
    while changed:
        changed = False
        for b in strings:
            for name, raw in b.macros.items():
                if name.lower() in used:
                    new = macros_used(raw) - used
                    if new:
                        used |= new
                        changed = True
    doc.blocks = [b for b in blocks if b.kind != "string" or any(n.lower() in used for n in b.macros)]


# ---- options --------------------------------------------------------------------------------


def apply_options(doc: Document, o: FormatOptions, out: Formatted, origin: str, text: str) -> None:
    """Change ``doc``'s blocks as ``o`` asks, noting in ``out`` what the user must hear."""
    if o.strip_comments:
        doc.blocks = [b for b in doc.blocks if b.kind not in ("text", "comment")]
    for b in doc.blocks:
        if b.kind == "entry":
            _entry_options(b.entry, o, out)
        elif b.kind in ("string", "preamble", "comment") and o.lowercase:
            b.raw = re.sub(r"^@[ \t]*[A-Za-z]+", lambda m: m.group().lower(), b.raw)
        if o.tidy_comments and b.kind == "text":
            b.raw = _tidy_comment(b.raw, doc.newline)
    if o.key_pattern:
        _rekey(doc, o.key_pattern, out, origin, text)
    if o.duplicates is not None:
        _report_duplicates(doc, o.duplicates or DUPLICATE_CHECKS, out)
    if o.merge_duplicates:
        from .merging import merge_duplicates

        merge_duplicates(doc, out, origin)
    if o.sort_entries is not None:
        _sort_entries(doc, o.sort_entries or ("key",), origin)


def _tidy_comment(raw: str, nl: str) -> str:
    """A comment block without white space around its lines; the line break that ends it stays."""
    body = raw.strip()
    if not body:
        return raw
    trailing = raw[len(raw.rstrip()):]
    end = nl if "\n" in trailing else trailing  # a comment line must still end before the next block
    return nl.join(line.strip() for line in body.splitlines()) + end


def _entry_options(e: EntryBlock, o: FormatOptions, out: Formatted) -> None:
    if o.lowercase:
        e.type = e.type.lower()
        for f in e.fields:
            f.name = f.name.lower()
    removed = {name.lower() for name in o.remove_fields}
    if o.drop_url_with_doi and e.get("doi") is not None and e.get("url") is not None:
        removed.add("url")
    seen: dict[str, FieldItem] = {}
    for f in e.fields:
        low = f.name.lower()
        if low in removed or (o.remove_empty_fields and V.is_empty(f.value)):
            f.removed = True
            continue
        if o.remove_duplicate_fields and low in seen:
            f.removed = True
            first = seen[low]
            if V.content(first.value) != V.content(f.value) or (V.content(f.value) is None and first.value != f.value):
                # bibtex and biber read the first; the one dropped is told, never lost silently.
                out.messages.append((f.line, f"{e.key}: second {f.name!r} removed, keeping the first: "
                                             f"{f.name} = {f.value}"))
            continue
        seen.setdefault(low, f)
        f.value = _value(low, f.value, o)
    if o.sort_fields is not None:
        order = [n.lower() for n in (o.sort_fields or DEFAULT_FIELD_ORDER)]
        rank = {name: i for i, name in enumerate(order)}
        e.fields.sort(key=lambda f: rank.get(f.name.lower(), len(rank)))  # stable: the rest keep their order
    if o.strip_comments:
        for f in e.fields:
            f.before, f.comment = [], ""
        e.tail = []


def _value(name: str, raw: str, o: FormatOptions) -> str:
    """One field's value with the value options applied, in bibtex-tidy's order."""
    if o.braces:
        raw = V.to_braces(raw, numbers=not o.bare_numbers)
    if o.bare_numbers:
        raw = V.to_bare_number(raw)
    if o.month_macros and name == "month":
        raw = V.to_month_macro(raw)
    if o.strip_double_braces and name not in V.NAME_FIELDS:
        raw = V.strip_double_braces(raw)
    if o.title_case_all_caps and name in V.PROSE_FIELDS:
        raw = V.title_case_all_caps(raw)
    if o.escape and name not in V.VERBATIM_FIELDS:
        raw = V.escape(raw)
    if name in o.protect_fields:
        raw = V.protect(raw)
    if name in o.remove_braces_fields:
        raw = V.remove_braces(raw)
    if o.encode_urls and name == "url":
        raw = V.encode_url(raw)
    if o.max_authors and name == "author":
        raw = V.max_authors(raw, o.max_authors)
    return raw


# ---- keys, duplicates, order -------------------------------------------------------------


def _entries(doc: Document) -> list[EntryBlock]:
    return [b.entry for b in doc.blocks if b.kind == "entry"]


def _rekey(doc: Document, pattern: str, out: Formatted, origin: str, text: str) -> None:
    """Every entry keyed by ``pattern`` (as ``convert --key-pattern``); references to old keys follow."""
    from ..keys import KeyPattern, make_stem, valid_key
    from ..sources import read_text

    library = read_text(text, origin, "bibtex")
    models = {(m.extra.get("bibtex") or {}).get("line"): m for m in library.entries}
    pat = KeyPattern.parse(pattern)
    taken: set[str] = set()
    renamed: dict[str, str] = {}
    for e in _entries(doc):
        model = models.get(e.line)
        if model is None:
            taken.add(e.key)
            continue
        stem = valid_key(make_stem(model, pat), "bibtex")
        new = stem
        n = 0
        while new in taken:
            n += 1
            new = stem + chr(ord("a") + (n - 1) % 26) * (1 + (n - 1) // 26)
        taken.add(new)
        if new != e.key:
            out.key_changes.append((e.key, new, "key pattern"))
            renamed.setdefault(e.key, new)
            e.key = new
    rename_keys(doc, renamed)


def rename_keys(doc: Document, renamed: dict[str, str]) -> None:
    """Every key-valued field (crossref, xref, xdata, entryset, related) naming an old key names the new one."""
    from ..cited import KEY_FIELDS

    if not renamed:
        return
    for e in _entries(doc):
        for f in e.fields:
            inner = V.content(f.value) if f.name.lower() in KEY_FIELDS else None
            if inner is None:
                continue
            keys = [k.strip() for k in inner.split(",")]
            if any(k in renamed for k in keys):
                f.value = f.value[0] + ",".join(renamed.get(k, k) for k in keys) + f.value[-1]


def _report_duplicates(doc: Document, checks, out: Formatted) -> None:
    seen: dict[tuple[str, str], EntryBlock] = {}
    for e in _entries(doc):
        signs: list[tuple[str, str]] = []
        if "key" in checks and e.key:
            signs.append(("key", e.key.lower()))
        doi = e.get("doi")
        if "doi" in checks and doi is not None and V.content(doi.value):
            signs.append(("DOI", V.content(doi.value).strip().lower()))
        abstract = e.get("abstract")
        if "abstract" in checks and abstract is not None and V.content(abstract.value):
            text = normalize_text(V.content(abstract.value))
            if len(text) > 50:
                signs.append(("abstract", text[:200]))
        author, title = e.get("author"), e.get("title")
        if "citation" in checks and author is not None and title is not None:
            signs.append(("author and title", normalize_text(V.content(author.value) or author.value) + "|"
                          + normalize_title(V.content(title.value) or title.value)))
        for sign in signs:
            if sign in seen:
                other = seen[sign]
                out.messages.append((e.line, f"{e.key}: possible duplicate of {other.key} (line {other.line}): "
                                             f"same {sign[0]}"))
            else:
                seen[sign] = e


def _sort_value(e: EntryBlock, name: str) -> tuple[int, str]:
    if name == "key":
        return 0, e.key.lower()
    if name == "type":
        return 0, e.type.lower()
    f = e.get(name)
    if f is None:
        return 1, ""  # an entry without the field sorts after those with it
    inner = V.content(f.value)
    text = (inner if inner is not None else f.value).replace("{", "").replace("}", "").lower().strip()
    return 0, text


def _sort_entries(doc: Document, fields: tuple[str, ...], origin: str) -> None:
    """Entries in the asked order; @string and @preamble first; a crossref parent after its children.

    Comments just before an entry travel with it. bibtex needs every macro defined before its
    use and every cross-referenced entry after the entries that cite it; biber needs neither.
    """
    names: dict[str, int] = {}
    for b in doc.blocks:
        for name in b.macros:
            if name.lower() in names:
                raise FormatError(f"{origin}:{b.line}: @string {name} is defined twice (first on line "
                                  f"{names[name.lower()]}); entries cannot be sorted without changing what it means")
            names[name.lower()] = b.line
    special: list[Block] = []
    units: list[list[Block]] = []
    pending: list[Block] = []
    for b in doc.blocks:
        pending.append(b)
        if b.kind == "entry":
            units.append(pending)
            pending = []
        elif b.kind in ("string", "preamble"):
            special.extend(pending)
            pending = []
    for spec in reversed(fields):
        desc = spec.startswith("-")
        name = spec.lstrip("-").lower()
        if name == "special":
            continue
        units.sort(key=lambda u: _sort_value(u[-1].entry, name), reverse=desc)
    units = _parents_last(units)
    blocks = special + [b for u in units for b in u] + pending
    if blocks and doc.blocks and blocks[0] is not doc.blocks[0]:
        # The file's first block keeps the file's opening gap; a moved block gets one blank line.
        first_gap = doc.blocks[0].gap
        for b in blocks:
            if b.gap == "" or b is not blocks[0]:
                b.gap = b.gap or "\n\n"
        blocks[0].gap = first_gap
    doc.blocks = blocks


def _parents_last(units: list[list[Block]]) -> list[list[Block]]:
    """Move each crossref'd entry after the last entry that names it (stable otherwise)."""
    index = {u[-1].entry.key: i for i, u in enumerate(units)}
    last_child: dict[int, int] = {}
    for i, u in enumerate(units):
        f = u[-1].entry.get("crossref")
        if f is not None and V.content(f.value) is not None:
            parent = index.get(V.content(f.value).strip())
            if parent is not None and parent < i:
                last_child[parent] = max(last_child.get(parent, i), i)
    if not last_child:
        return units
    order: list[tuple[float, int]] = []
    for i in range(len(units)):
        order.append((last_child[i] + 0.5 if i in last_child else i, i))
    order.sort()
    return [units[i] for _, i in order]


# ---- rendering ------------------------------------------------------------------------------


def render(doc: Document, o: FormatOptions) -> str:
    """The document as text: blocks with their gaps, each entry rendered only if it changed."""
    nl = doc.newline
    parts: list[str] = []
    for i, b in enumerate(doc.blocks):
        raw = _render_entry(b.entry, o, nl) if b.kind == "entry" else b.raw
        if o.blank_lines:
            gap = "" if i == 0 else nl * 2
            raw = raw.strip() if b.kind in ("text", "comment") else raw
        else:
            gap = b.gap
        parts.append(gap + raw)
    tail = doc.tail
    if o.blank_lines:
        tail = nl if doc.blocks else ""
    return "".join(parts) + tail


def _render_entry(e: EntryBlock, o: FormatOptions, nl: str) -> str:
    # A field that is new (from a merged duplicate) or moved, or comments to drop: lay the entry out afresh.
    if o.relayout or (o.strip_comments and "%" in e.raw) or any(f.name_span is None for f in e.fields):
        return _fresh(e, o, nl)
    edits: list[tuple[int, int, str]] = []
    if e.type != e.orig_type:
        edits.append((*e.type_span, e.type))
    if e.key != e.orig_key:
        edits.append((*e.key_span, e.key))
    live = e.live()
    prev_end = e.head_end
    for f in e.fields:
        if f.removed:
            edits.append(_removal(e.raw, prev_end, f))
        else:
            if f.name != e.raw[f.name_span[0]:f.name_span[1]]:
                edits.append((*f.name_span, f.name))
            if f.value != e.raw[f.value_span[0]:f.value_span[1]]:
                edits.append((*f.value_span, f.value))
        prev_end = f.end
    if live and o.trailing_comma is not None:
        last = live[-1]
        has = e.raw[last.end - 1] == "," if last.end > last.value_span[1] else False
        if o.trailing_comma and not has:
            edits.append((last.value_span[1], last.value_span[1], ","))
        elif not o.trailing_comma and has:  # removals after it start past the comma: no overlap
            edits.append((last.end - 1, last.end, ""))
    if not edits:
        return e.raw
    out = e.raw
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    return out


def _removal(raw: str, prev_end: int, f: FieldItem) -> tuple[int, int, str]:
    """The span that removes field ``f`` with its own line, keeping the comments around it."""
    start = f.name_span[0]
    line_start = raw.rfind("\n", 0, start) + 1
    end = f.end
    if not raw[line_start:start].strip() and line_start >= prev_end:
        # The field stands at the start of its line: take the line's indentation and, when
        # nothing but white space follows on that line, its line break too.
        rest = re.match(r"[ \t]*(\r?\n)?", raw[end:])
        if rest.group(1) and not f.comment:
            return line_start, end + rest.end(), ""
        return line_start, end, ""
    # Inside a line: take the white space before the field, leaving the one after it.
    return prev_end, end, ""


def _indent_of(e: EntryBlock) -> str:
    for f in e.fields:
        if f.name_span is not None:
            line_start = e.raw.rfind("\n", 0, f.name_span[0]) + 1
            lead = e.raw[line_start:f.name_span[0]]
            if not lead.strip() and line_start > 0:
                return lead
    return "  "


def _fresh(e: EntryBlock, o: FormatOptions, nl: str) -> str:
    indent = o.indent if o.indent is not None else _indent_of(e)
    live = e.live()
    if not live and not e.tail:
        return f"@{e.type}{{{e.key}}}"
    lines = [f"@{e.type}{{{e.key},"]
    for i, f in enumerate(live):
        lines.extend(indent + c for c in f.before)
        head = f"{indent}{f.name.ljust(o.align - 1)} = " if o.align else f"{indent}{f.name} = "
        value = f.value
        if o.wrap and f.name.lower() not in V.VERBATIM_FIELDS:
            value = V.wrap(value, max(o.wrap - len(head) - 1, 20), " " * len(head))  # 1: the comma after it
        comma = "," if (i < len(live) - 1 or o.trailing_comma) else ""
        line = head + value + comma
        if f.comment:
            line += " " + f.comment
        lines.append(line)
    lines.extend(indent + c for c in e.tail)
    lines.append("}")
    return nl.join(lines)
