"""Writing an :class:`~.plan.EntryPlan` into a :class:`~citekit.bibedit.BibDocument`, in the entry's own style.

Values are encoded the way the rest of citekit writes them (LaTeX escapes unless the
file is already UTF-8, titles case-protected, names as ``Family, Given`` or in the
order the entry's own names use); an edited field keeps its delimiter, a new one takes
the entry's prevailing delimiter, and a bare number stays bare where the entry writes
numbers bare. Removals, replacements and type changes are applied first and the text is
read again before fields are added, so that an addition never lands inside a removed
span and copies the layout of the fields that remain.
"""

from __future__ import annotations

import re

from ..bibedit import BibDocument, EntrySpan, FieldSpan
from ..model import Name
from .plan import Change, EntryPlan

__all__ = ["apply_plans"]

# "(?<!\s)": a match starts where a run of white space starts; tried from inside a long run
# too, "\s+" rescans the rest of it each time (quadratic: 80,000 spaces after a name).
_AND_OTHERS = re.compile(r"(?<!\s)(\s+and\s+)others(\s*)$", re.IGNORECASE)


def _encode(change: Change, unicode: bool, comma_names: bool = True) -> str:
    from ..exporters.bibtex import format_names
    from ..latex import encode, encode_name_part, encode_pages, encode_url, encode_verbatim

    if change.value_kind == "names":
        if comma_names:
            return format_names(change.names, unicode)
        return " and ".join(_given_first(n, unicode, encode_name_part, encode) for n in change.names)
    text = change.text or ""
    if change.value_kind == "title":
        return encode(text, unicode=unicode, protect=True)
    if change.value_kind == "text":
        return encode(text, unicode=unicode)
    # Values from a server reach the user's file only as TeX that cannot act: a URL-like
    # value percent-encoded, pages and numbers escaped as text.
    if change.value_kind == "verbatim" and change.field.lower() in _URL_LIKE:
        return encode_url(text)
    if change.field.lower() == "pages":
        return encode_pages(text, unicode=unicode)
    return encode_verbatim(text) if change.value_kind == "verbatim" else encode(text, unicode=unicode)


#: Fields whose value is a URL or is resolved as one.
_URL_LIKE = frozenset({"doi", "url", "eprint"})


def _given_first(name: Name, unicode: bool, encode_name_part, encode) -> str:  # type: ignore[no-untyped-def]
    if name.literal:
        return "{" + encode(name.literal, unicode=unicode, keep_math=False) + "}"
    family = encode_name_part(name.family or "", unicode=unicode)
    if " " in family:
        family = "{" + family + "}"  # "Given {van der Berg}" must not split the family name
    return f"{encode_name_part(name.given, unicode=unicode)} {family}" if name.given else family


def _delimit(doc: BibDocument, span: EntrySpan, inner: str, kind: str, like: FieldSpan | None) -> str:
    if kind == "number" and inner.isdigit():
        bare = like.value_raw.strip().isdigit() if like is not None else any(f.value_raw.isdigit() for f in span.fields)
        if bare:
            return inner
    if like is not None and like.delimiter == '"' and '"' not in inner:
        return f'"{inner}"'
    if like is not None and like.delimiter == "{":
        return "{" + inner + "}"
    return doc.quote(span, inner)


def _uses_commas(value_text: str) -> bool:
    first = re.split(r"(?<!\s)\s+and\s+", value_text, maxsplit=1)[0]
    return "," in first


def _first_pass(doc: BibDocument, span: EntrySpan, plan: EntryPlan, unicode: bool) -> None:
    for change in plan.changes:
        if change.kind == "type":
            doc.set_type(span, change.field)
        elif change.kind == "remove":
            doc.remove_field(span, change.field)
        elif change.kind == "set":
            like = span.field(change.field)
            comma = _uses_commas(like.value_text) if like is not None else True
            doc.set_field(span, change.field, _delimit(doc, span, _encode(change, unicode, comma), change.value_kind, like))
        elif change.kind == "complete-authors":
            like = span.field(change.field)
            assert like is not None
            m = _AND_OTHERS.search(like.value_text)
            if like.delimiter and m:
                tail_change = Change("set", change.field, value_kind="names", names=change.names[change.keep:])
                tail = _encode(tail_change, unicode, _uses_commas(like.value_text))
                inner = like.value_text[: m.start()] + m.group(1) + tail + m.group(2)
                doc.set_field(span, change.field, like.value_raw[0] + inner + like.value_raw[-1])
            else:
                full = Change("set", change.field, value_kind="names", names=change.names)
                doc.set_field(span, change.field, doc.quote(span, _encode(full, unicode)))


#: Field names arXiv spells in camel case, which some exporters (Better BibTeX) write in lower case.
_CAMEL = frozenset({"archivePrefix", "primaryClass"})


def _field_name(span: EntrySpan, name: str) -> str:
    """``primaryClass`` as ``primaryclass`` in an entry that already writes ``archiveprefix`` (and so on)."""
    if name in _CAMEL and any(f.name in {c.lower() for c in _CAMEL} for f in span.fields):
        return name.lower()
    return name


def _second_pass(doc: BibDocument, span: EntrySpan, plan: EntryPlan, unicode: bool) -> None:
    for change in plan.changes:
        if change.kind == "add":
            author = span.field("author") or span.field("editor")
            comma = _uses_commas(author.value_text) if author is not None else True
            raw = _delimit(doc, span, _encode(change, unicode, comma), change.value_kind, None)
            doc.add_field(span, _field_name(span, change.field), raw)


def apply_plans(text: str, origin: str, plans: dict[int, EntryPlan], unicode: bool) -> str:
    """``text`` with every plan applied; ``plans`` maps an entry's index in the file to its plan."""
    if not any(p.changes for p in plans.values()):
        return text
    doc = BibDocument.parse(text, origin)
    for index, plan in plans.items():
        _first_pass(doc, doc.entries[index], plan, unicode)
    text = doc.render()
    doc = BibDocument.parse(text, origin)
    for index, plan in plans.items():
        _second_pass(doc, doc.entries[index], plan, unicode)
    return doc.render()
