"""Render a library in a style to text, HTML, Markdown or LaTeX: the one entry point of the writers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Entry, Library, Problem, is_citable, issued_date
from .rich import BACKENDS, DISPLAY, DISPLAY_CLOSE, MARGIN, clean, display_segments, to_html, to_text_many

__all__ = ["RenderedEntry", "render_entries", "render_library", "csl_style", "csl_bibliography", "clear_style_cache"]


@dataclass(frozen=True, slots=True)
class RenderedEntry:
    """One formatted entry: the entry, its left-margin label (``[1]``) if any, and the body as rich text."""

    entry: Entry
    label: str
    body: str

    @property
    def rich(self) -> str:
        """Label and body together, as rich text."""
        return f"{self.label}{MARGIN}{self.body}" if self.label else self.body


def csl_style(path: str):
    """The parsed CSL style at ``path`` (parsed once per process); a dependent style is its parent in its locale."""
    from .cslproc.style import load_style

    return load_style(path)


def clear_style_cache() -> None:
    """Forget every parsed style (for benchmarks timing a cold start, and for style files that change)."""
    from .cslproc.style import load_style

    load_style.cache_clear()


def render_entries(entries: list[Entry], style, left_out: list[tuple[Entry, str]] | None = None,
                   hidden: frozenset[int] = frozenset()) -> list[RenderedEntry]:
    """The entries in the style's order, formatted; ``style`` is a CSL or BibTeX :class:`~citekit.styles.Style`.

    An entry whose ``id()`` is in ``hidden`` is numbered and told apart from the others but not printed, as
    biblatex treats a ``skipbib`` entry (:mod:`citekit.listing`): the next entry keeps its number, "2001c".
    """
    entries = [e for e in entries if listed(e)]
    if style.kind == "csl":
        pairs = csl_bibliography(csl_style(style.source), [csl_item(e) for e in entries])
    elif style.kind == "bibtex":
        from .pybtex_styles import pybtex_bibliography

        failed: list[tuple[int, str]] = []
        pairs = pybtex_bibliography(entries, style.source, failed)
        if left_out is not None:
            # pybtex names the entry by the key it was given (e0, e1, ...): name it by its own.
            left_out += [(entries[i], re.sub(rf"\be{i}\b", repr(entries[i].key or "?"), why)) for i, why in failed]
    else:
        raise UsageError(f"{style.name} is a template, not a citation style")
    out = []
    for index, rich in pairs:
        if not rich.strip() or hidden and id(entries[index]) in hidden:
            continue
        label, sep, body = rich.partition(MARGIN)
        out.append(RenderedEntry(entries[index], label if sep else "", body if sep else rich))
    return out


def csl_bibliography(style, items: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(index into ``items``, rich-text entry) in the style's bibliography order, by citekit's CSL processor.

    Items are told apart by position (two entries may share a key or have none); a style
    without ``cs:bibliography`` lists each entry as its first note, in input order; every
    string is :func:`~citekit.render.rich.clean`, so no value can fake a marker.
    """
    from .cslproc.processor import Processor

    proc = Processor(style, [dict(_cleaned(item), id=str(index)) for index, item in enumerate(items)], "rich")
    try:
        if style.bibliography is None:
            # A note style without cs:bibliography: each entry is its first full note, in input order.
            notes = proc.cite_clusters([{"citationItems": [{"id": str(n)}], "properties": {"noteIndex": n + 1}}
                                        for n in range(len(items))])
            return list(enumerate(notes))
        return [(int(item_id), proc.write(out)) for item_id, out in proc.bibliography_outs()]
    finally:
        # Freed as the list is returned, not left for the cyclic collector to scan (~1M objects at 10,000 entries).
        proc.close()


def _cleaned(value):
    cls = value.__class__
    if cls is str:
        return value if value.isascii() else clean(value)  # ASCII holds no private-use character
    if cls is dict:
        # A dict's strings (every field of an item, every part of a name) cleaned here, without a call each.
        out = {}
        for k, v in value.items():
            if v.__class__ is str:
                out[k] = v if v.isascii() else clean(v)
            else:
                out[k] = _cleaned(v)
        return out
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def listed(entry: Entry) -> bool:
    """False for an abstract-only record (:func:`citekit.model.is_citable`) and for a .bib helper entry
    (``@xdata``, a ``@set``'s own entry, an ``@abbreviation``-like ``@string`` holder): a list leaves them out,
    as biber's and pandoc's do; their members and children are listed."""
    bib = entry.extra.get("bibtex")
    if isinstance(bib, dict) and str(bib.get("type", "")).lower() in _HELPER_TYPES:
        return False
    return is_citable(entry)


#: .bib entry types that hold data for other entries and are no work of their own.
_HELPER_TYPES = frozenset({"xdata", "set", "abbreviation", "abbrev", "journalabbrev"})


def csl_item(entry: Entry) -> dict[str, Any]:
    """The CSL-JSON item a style renders for ``entry``, dated by :func:`citekit.model.issued_date` (the one date decision)."""
    from ..csl import entry_to_csl

    item = entry_to_csl(entry)
    if "bibtex" in entry.extra:
        _drop_unread_macros(item)
        # "and others" ends a name list in et al. (the engine reads pandoc's literal "others" so).
        for var in (["author"] if entry.extra.get("et_al") else []) + list(entry.extra.get("et_al_vars", ())):
            if isinstance(item.get(var), list) and item[var]:
                item[var] = [*item[var], {"literal": "others"}]
    date = issued_date(entry)
    if date is not None and date is not entry.issued and date.year is not None and "issued" not in entry.vars:
        item["issued"] = {"date-parts": [date.parts()]}
    return item


_MACRO = re.compile(r"\$[^$]*\$|\\[A-Za-z@]+\*?\s*(?:\{\})?")


def _drop_unread_macros(item: dict[str, Any]) -> None:
    """A TeX macro the decoder could not read (``\\qjras``) prints as nothing, as in pandoc, not as TeX.

    ``citekit check`` reports it (rule ``tex-unknown-macro``); math stays as written.
    """
    for var, value in item.items():
        if isinstance(value, str) and "\\" in value and var not in ("URL", "DOI", "id"):
            item[var] = " ".join(_MACRO.sub(lambda m: m.group(0) if m.group(0).startswith("$") else "", value).split())


def render_library(library: Library, style_spec: str | None, backend: str, options=None,
                   hidden: frozenset[int] = frozenset()) -> str:
    """The whole reference list of ``library`` in ``style_spec``, as ``backend`` output (``hidden``: as
    :func:`render_entries`; a template lists the other entries)."""
    from ..styles import resolve_style

    style = resolve_style(style_spec)
    if style.kind == "template":
        from .templates import render_template

        if style.backend and style.backend != backend:
            raise UsageError(f"template {style.name} writes {style.backend}; use --to {style.backend}")
        if hidden:
            library = Library([e for e in library.entries if id(e) not in hidden], library.verbatim, library.problems,
                              library.key_changes, library.forms)
        return render_template(library, style, backend, options)
    # Abstract-only entries are left out; the run reports them once for every output
    # (citekit.diagnostics), so no second warning is made here.
    left_out: list[tuple[Entry, str]] = []
    rendered = render_entries(library.entries, style, left_out, hidden)
    for entry, why in left_out:
        src = entry.sources[0] if entry.sources else None
        library.problems.append(Problem(f"{entry.key or '?'!r} left out of the {style.name} list ({why}); "
                                        "the other entries are written", src.origin if src else "<reference list>",
                                        src.line if src else None))
    failed = {id(entry) for entry, _ in left_out}
    if len(rendered) + len(failed) < sum(listed(e) and id(e) not in hidden for e in library.entries):
        shown = {id(r.entry) for r in rendered} | failed | hidden
        missing = [e.key or "?" for e in library.entries if listed(e) and id(e) not in shown]
        library.problems.append(Problem(
            f"{len(missing)} {'entry has' if len(missing) == 1 else 'entries have'} nothing to print in style "
            f"{style.name} (the style uses none of their fields): {', '.join(missing[:10])}"
            + (" ..." if len(missing) > 10 else ""), "<reference list>"))
    return WRAPPERS[backend](rendered, style)


def _safe_key(entry: Entry, index: int) -> str:
    """The entry's key as written (``DBLP:journals/sigmod/WangWS24`` matches its ``\\cite``), ``refN`` without one.

    Only what a ``\\bibitem`` argument or an HTML id cannot hold (braces, ``%``, ``#``,
    ``\\``, white space, control characters, and ``^``, since TeX reads ``^^5c`` as a
    backslash) is replaced; an HTML id is escaped by the caller, never rewritten.
    """
    key = _LATEX_KEY_BAD.sub("_", entry.key or "")
    return key or f"ref{index + 1}"


_LATEX_KEY_BAD = re.compile(r"[\s{}%#\\^\x00-\x1f\x7f]")


def _wrap_text(rendered: list[RenderedEntry], style) -> str:
    texts = to_text_many([r.rich for r in rendered])
    return "".join(text + "\n\n" for text in texts).rstrip("\n") + ("\n" if rendered else "")


def _wrap_markdown(rendered: list[RenderedEntry], style) -> str:
    convert = BACKENDS["markdown"]
    return "".join(convert(r.rich) + "\n\n" for r in rendered).rstrip("\n") + ("\n" if rendered else "")


def _wrap_html(rendered: list[RenderedEntry], style) -> str:
    """The CSL test suite's (and citeproc-js's) markup: a ``csl-bib-body`` div of ``csl-entry`` divs.

    A left-margin field becomes ``<div class="csl-left-margin">`` and what follows it
    ``<div class="csl-right-inline">``; blocks set before the label (an author heading)
    stay blocks before it. URLs are left as text, as citeproc-js leaves them.
    """
    import html

    lines = [f'<div class="csl-bib-body" data-style="{html.escape(style.name)}">']
    for index, r in enumerate(rendered):
        key = html.escape(_safe_key(r.entry, index))
        if r.label:
            pieces = display_segments(r.label)
            head = "".join(to_html(DISPLAY[k] + t + DISPLAY_CLOSE if k else t, links=False) for k, t in pieces[:-1])
            label = to_html(pieces[-1][1], links=False)
            # The rest is one right-inline div, with the layout's suffix inside it (as citeproc-js puts it).
            body = display_segments(r.body)
            inline = all(k in (None, "right-inline") for k, _ in body)
            inner = "".join(t for _, t in body) if inline else r.body
            lines.append(
                f'  <div class="csl-entry" id="{key}">{head}<div class="csl-left-margin">{label}</div>'
                f'<div class="csl-right-inline">{to_html(inner, links=False)}</div></div>'
            )
        else:
            lines.append(f'  <div class="csl-entry" id="{key}">{to_html(r.body, links=False)}</div>')
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def _wrap_latex(rendered: list[RenderedEntry], style) -> str:
    convert = BACKENDS["latex"]
    from .templates import LATEX_FALLBACKS

    head = f"% Reference list in style {_comment(style.name)}, written by citekit.\n" + LATEX_FALLBACKS
    if not rendered:
        return head
    if any(r.label for r in rendered):
        widest = max((r.label for r in rendered), key=len)
        # Labels come from the data (alpha's name letters, CSL's citation-label): escaped like the rest.
        lines = [head + f"\\begin{{thebibliography}}{{{convert(_label_text(widest)) or '99'}}}"]
        for index, r in enumerate(rendered):
            label = _label_text(r.label)
            opt = f"[{convert(label)}]" if label else ""
            lines.append(f"\\bibitem{opt}{{{_safe_key(r.entry, index)}}} {convert(r.body)}")
        lines.append("\\end{thebibliography}")
    else:
        # Author-date styles: a hanging-indent list, no numbers.
        lines = [head + "\\begin{list}{}{\\setlength{\\leftmargin}{2em}\\setlength{\\itemindent}{-2em}\\setlength{\\itemsep}{0.5ex}}"]
        for r in rendered:
            lines.append(f"\\item[] {convert(r.body)}")
        lines.append("\\end{list}")
    return "\n".join(lines) + "\n"


def _label_text(label: str) -> str:
    # thebibliography prints its own brackets: "[1]" and "1." become "1".
    return re.sub(r"^\[(.*)\]$", r"\1", label.strip()).rstrip(".")


def _comment(text: str) -> str:
    return text.replace("\n", " ").replace("%", "")


WRAPPERS: dict[str, Any] = {
    "text": _wrap_text,
    "markdown": _wrap_markdown,
    "html": _wrap_html,
    "latex": _wrap_latex,
}


def template_dir_of(style) -> Path:
    """The folder a template file lives in (its includes are looked up there)."""
    return Path(style.source).parent
