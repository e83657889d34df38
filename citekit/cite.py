"""Cite in text: citekit's own CSL processor for citation clusters and bibliographies, from Python.

>>> from citekit.cite import Processor
>>> proc = Processor("apa", items)                       # a style name, a .csl path or CSL XML
>>> proc.cite_clusters([{"citationItems": [{"id": "a", "locator": "3"}]}])
>>> proc.bibliography()

Clusters are in citeproc-js's JSON form: ``citationItems`` with ``id``, ``locator``,
``label``, ``prefix``, ``suffix``, ``suppress-author``, ``author-only``; ``properties``
with ``noteIndex``. Two other forms of citeproc-js's API are read too: a bare list of
cite lists (``makeCitationCluster``: every item is registered for disambiguation and a
cite's own ``position`` is used), and an edit log of ``[citation, pre, post]`` triples
(``processCitationCluster``; see :func:`replay`).
"""

from __future__ import annotations

import re

from typing import Any, Callable

from .render.cslproc import processor as _processor
from .render.cslproc.style import Style, load_style, parse_style

__all__ = ["Processor", "style", "items_from", "render_markdown", "render_html", "replay", "final_clusters", "is_edit_log", "split_front_matter", "nocite"]


def style(spec: str, lang: str | None = None) -> Style:
    """The parsed style for ``spec``: a collection name (``apa``), a ``.csl`` path or the XML text."""
    if spec.lstrip().startswith("<"):
        return parse_style(spec, lang)
    from .styles import resolve_style

    resolved = resolve_style(spec)
    if resolved.kind != "csl":
        from .errors import UsageError

        raise UsageError(f"{spec} is not a CSL style")
    return load_style(resolved.source, lang)


class Processor(_processor.Processor):
    """A CSL processor for ``items`` (CSL-JSON dicts) in a style given by name, path, XML or :class:`Style`."""

    def __init__(self, style_spec: Any, items: list[dict], backend: str = "html", lang: str | None = None):
        parsed = style_spec if isinstance(style_spec, Style) else style(style_spec, lang)
        super().__init__(parsed, items, backend)


def items_from(path: str, problems: list | None = None) -> list[dict]:
    """CSL-JSON items from ``path``: a CSL-JSON file as it is, any other input as a styled list sees it.

    From a ``.bib`` (any input citekit reads) the items are those a reference list holds:
    the first entry of a repeated key (:func:`citekit.keys.first_of_each_key`; a citation
    of the key is the first entry's, as with bibtex and biber), and no helper entry
    (``@xdata``, a ``@set``'s own entry: :func:`citekit.render.engine.listed`). The
    :class:`~citekit.model.Problem` for each entry left out goes to ``problems`` when given;
    so does each CSL-JSON item whose id an earlier item holds (the first is kept).
    """
    import json

    from .errors import InputError
    from .inputs import decode, read_source

    if path.lower().endswith(".json"):
        origin, raw = read_source(path)
        text, said = decode(raw, origin)  # the one decoder: a BOM, UTF-16, a Windows-1252 fallback (said)
        if problems is not None:
            problems.extend(said)
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            data = data["items"]
        if isinstance(data, list) and all(isinstance(i, dict) for i in data):
            for n, item in enumerate(data):
                item.setdefault("id", f"ITEM-{n + 1}")
            return _first_of_each_id(data, path, problems)
    from . import read
    from .keys import first_of_each_key
    from .render.engine import csl_item, listed

    library = read(path)
    seen = len(library.problems)
    entries = first_of_each_key(library)
    if problems is not None:
        problems.extend(library.problems[seen:])
    return [csl_item(entry) for entry in entries if listed(entry)]


def _first_of_each_id(items: list[dict], path: str, problems: list | None) -> list[dict]:
    """Of CSL-JSON items sharing an id the first, as a citation of the id finds it; each later one reported."""
    from .model import Problem

    first: dict[str, int] = {}
    kept = []
    for n, item in enumerate(items, 1):
        held = first.setdefault(str(item["id"]), n)
        if held == n:
            kept.append(item)
        elif problems is not None:
            problems.append(Problem(f"item {n} (id {str(item['id'])!r}) left out of the reference list: its id is "
                                    f"used before by item {held}, which a citation of it names", path))
    return kept


#: A YAML metadata block opening a Markdown document, as pandoc reads one (``---`` to ``---`` or ``...``).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
#: The ``nocite`` field of a metadata block: its line and the more indented lines that continue it.
_NOCITE = re.compile(r"^nocite:(.*(?:\r?\n[ \t]+.*)*)", re.M)


def split_front_matter(text: str) -> tuple[str, str]:
    """``text`` as its opening YAML metadata block (empty when there is none) and the rest, the document's body."""
    m = _FRONT_MATTER.match(text)
    return (text[:m.end()], text[m.end():]) if m else ("", text)


def nocite(proc: "Processor", head: str) -> list[str]:
    """The ids a metadata block's ``nocite`` lists and no citation needs to name (``@*``: every item), as pandoc reads them."""
    from .render.cslproc.pandoc import find_citations

    m = _NOCITE.search(head)
    if not m:
        return []
    value = m.group(1)
    if re.search(r"(?<![\w@])@\*", value):
        return list(proc.input_order)
    keys = [item["id"] for citation in find_citations(value, set(proc.items)) for item in citation.items]
    return list(dict.fromkeys(keys))


def render_markdown(proc: "Processor", text: str, *, references: bool = True,
                    mark: Callable[[str, list[str]], str] | None = None) -> str:
    """``text`` (Markdown) with pandoc's citations rendered and the reference list appended, as ``pandoc --citeproc``.

    In a note style each citation becomes a footnote (after the punctuation that follows it, as
    pandoc places it), numbered in order; ``@key`` keeps the author in the text and puts the
    rest in the note. ``mark(text, keys)``, when given, stands for each rendered citation
    (:func:`render_html` puts its own markup there); ``references=False`` leaves the list off.
    """
    from .render.cslproc.pandoc import find_citations, locator_terms
    from .render.cslproc.style import locale_for

    head, text = split_front_matter(text)
    found = find_citations(text, set(proc.items), locator_terms(proc.style.locale, locale_for(proc.style.locale.lang)))
    unseen = nocite(proc, head)
    proc.pandoc_rules = True
    note = proc.style.is_note
    layout = proc.style.citation.find("layout") if proc.style.citation is not None else None
    # A superscript citation sits on the word before it ("here¹"), as pandoc places it.
    raised = layout is not None and layout.get("vertical-align") == "sup"

    def clusters(author_part: bool) -> list[dict]:
        out = []
        for n, c in enumerate(found):
            items = c.items
            if c.in_text:
                # The author part is the name alone; the locator and suffix go with the rest, as in pandoc.
                items = [{"id": c.items[0]["id"], "author-only": True}] if author_part else \
                    [dict(c.items[0], **{"suppress-author": True})]
            out.append({"citationItems": items, "properties": {"noteIndex": n + 1 if note else 0}})
        if unseen:
            # pandoc's ``nocite``: one more citation after the text's, disambiguated with them, never printed.
            out.append({"citationItems": [{"id": key} for key in unseen],
                        "properties": {"noteIndex": len(found) + 1 if note else 0}})
        return out

    # Two passes over the same clusters, so the author part of ``@key`` has the position and
    # disambiguation of its cite without counting as a cite of its own.
    rendered = proc.cite_clusters(clusters(False)) if found or unseen else []
    authors = proc.cite_clusters(clusters(True)) if any(c.in_text for c in found) else []
    out: list[str] = []
    notes: list[str] = []
    pos = 0
    for n, c in enumerate(found):
        before = text[pos:c.start]
        author = authors[n] if c.in_text else ""
        rest = rendered[n]
        pos = c.end
        if note:
            if not c.in_text:
                before = re.sub(r"[ \t]*\n?[ \t]*\Z", "", before)  # the note mark follows the word
            out.append(before + (author if c.in_text else ""))
            moved = re.match(r"[.,;:!?]+", text[pos:])
            if moved and not (c.in_text and not rest):
                punct = moved.group(0)
                if out[-1].endswith(".") and punct.startswith("."):
                    punct = punct[1:]  # "Goodfellow et al." ends the sentence: one period
                out.append(punct)
                pos += moved.end()
            if rest:
                rest = _unlisted(_capitalised(rest))
                notes.append(mark(rest, [i["id"] for i in c.items]) if mark else rest)
                out.append(f"[^citekit-{len(notes)}]")
            continue
        if raised and not author:
            before = re.sub(r"(?<=\S)[ \t]*\n?[ \t]*\Z", "", before)
        out.append(before)
        cited = f"{author} {rest}" if author and rest else author or rest
        if not "".join(out) or "".join(out).endswith("\n"):
            cited = _unlisted(cited)
        out.append(mark(cited, [i["id"] for i in c.items]) if mark else cited)
        if out[-1].endswith(".") and text.startswith(".", pos):
            pos += 1  # "Goodfellow et al." ends the sentence: one period, as pandoc writes it
    out.append(text[pos:])
    body = head + "".join(out).rstrip("\n")
    # No citation, no list: pandoc lists only what the document cites (the processor would list every item).
    entries = proc.bibliography() if references and (found or unseen) else []
    if entries:
        body += "\n\n" + "\n\n".join(entries)
    if notes:
        body += "\n\n" + "\n\n".join(f"[^citekit-{n}]: {t}" for n, t in enumerate(notes, 1))
    return body + "\n"


def render_html(proc: "Processor", text: str) -> str:
    """``text`` (Markdown) as an HTML fragment with its citations and reference list, as ``pandoc --citeproc -o x.html``.

    ``proc`` writes Markdown; the document is read as CommonMark (front matter left out,
    footnotes for note styles) by markdown-it-py. Citations are ``<span class="citation"
    data-cites="...">`` and the list is pandoc's ``<div id="refs">`` of ``csl-entry`` divs, each
    with the id ``ref-KEY`` a link can point to.
    """
    from html import escape

    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    for rule, write in _PANDOC_NOTES.items():  # notes marked up as pandoc marks them
        md.add_render_rule(rule, write)
    spans: list[str] = []

    def mark(cited: str, keys: list[str]) -> str:
        spans.append(f'<span class="citation" data-cites="{escape(" ".join(keys))}">{md.renderInline(cited)}</span>')
        # A word Markdown leaves alone; replaced by the span once the document is HTML.
        return f"CITEKITCITATION{len(spans) - 1}Z"

    body = md.render(render_markdown(proc, text, references=False, mark=mark)).lstrip("\n")
    body = re.sub(r"CITEKITCITATION(\d+)Z", lambda m: spans[int(m.group(1))], body)
    from .render.cslproc.output import render

    # Entries straight to HTML, so a numeric style's label stays its csl-left-margin block, as pandoc writes it.
    # No citation, no list, as pandoc (the processor would list every item).
    listed = spans or nocite(proc, split_front_matter(text)[0])
    entries = [(key, render(out, "html", proc.quotes, proc.piq)) for key, out in proc.bibliography_outs()] if listed else []
    if not entries:
        return body
    layout = proc.style.bibliography
    hanging = " hanging-indent" if layout is not None and layout.get("hanging-indent") == "true" else ""
    lines = [f'<div id="refs" class="references csl-bib-body{hanging}" role="list">']
    lines += [f'<div id="ref-{escape(str(key))}" class="csl-entry" role="listitem">\n{_linked(entry)}\n</div>'
              for key, entry in entries]
    lines.append("</div>\n")
    # The list closes the text, before the notes, where pandoc puts it.
    notes_at = body.find('<section id="footnotes"')
    notes_at = len(body) if notes_at < 0 else notes_at
    return body[:notes_at] + "\n".join(lines) + body[notes_at:]


def _note_number(tokens, idx) -> int:
    return tokens[idx].meta["id"] + 1


#: markdown-it-py's footnote render rules, writing pandoc's HTML for notes (a note style's citations).
_PANDOC_NOTES = {
    "footnote_ref": lambda self, tokens, idx, options, env: (
        f'<a href="#fn{_note_number(tokens, idx)}" class="footnote-ref" id="fnref{_note_number(tokens, idx)}" '
        f'role="doc-noteref"><sup>{_note_number(tokens, idx)}</sup></a>'),
    "footnote_block_open": lambda self, tokens, idx, options, env: (
        '<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">\n<hr />\n<ol>\n'),
    "footnote_block_close": lambda self, tokens, idx, options, env: "</ol>\n</section>\n",
    "footnote_open": lambda self, tokens, idx, options, env: f'<li id="fn{_note_number(tokens, idx)}">',
    "footnote_close": lambda self, tokens, idx, options, env: "</li>\n",
    "footnote_anchor": lambda self, tokens, idx, options, env: (
        f'<a href="#fnref{_note_number(tokens, idx)}" class="footnote-back" role="doc-backlink">\u21a9\ufe0e</a>'),
}


#: A URL standing as text in rendered HTML (not inside a tag or a link already), without the punctuation after it.
_BARE_URL = re.compile(r'(?<![">=])\b(?:https?|ftp)://[^\s<>"]+?(?=[.,;:!?)\]]*(?:\s|<|$))')


def _linked(html: str) -> str:
    """An entry's URLs and DOIs as links, as pandoc writes them (CSL gives them as text)."""
    return _BARE_URL.sub(lambda m: f'<a href="{m.group()}">{m.group()}</a>', html)


def _unlisted(text: str) -> str:
    """``text`` opening a line or a note, its "(15)", "15." or "15)" escaped so Markdown reads no numbered list.

    A backslash escapes only punctuation ("\\15." would print the backslash), so it goes before
    the bracket or after the digits.
    """
    m = re.match(r"(\(?)\d+[.)]", text)
    if not m:
        return text
    if m.group(1):
        return "\\" + text
    return text[:m.end() - 1] + "\\" + text[m.end() - 1:]


def _capitalised(text: str) -> str:
    """A note's text with its first letter capitalised (a note is a sentence: "See ...", "Cf. ...")."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch not in "*_[(“\"‘'":
            break
    return text


def is_edit_log(data) -> bool:
    """True for citeproc-js ``processCitationCluster`` calls: a list of ``[citation, pre, post]`` triples."""
    return bool(data) and all(isinstance(e, list) and len(e) == 3 and isinstance(e[0], dict) and "citationItems" in e[0]
                              for e in data)


def replay(make: "callable", entries: list) -> list[str]:
    """The document an edit log leaves, one line a citation: ``>>[i]`` marks those the last edit changed, ``..[i]`` the rest.

    Each entry puts its citation between the ``pre`` and ``post`` citations (``[id, noteIndex]``
    pairs), as citeproc-js's ``processCitationCluster`` does; ``make()`` gives a fresh processor.
    """
    clusters: dict[str, dict] = {}
    states = []
    for n, (citation, pre, post) in enumerate(entries):
        cid = citation.get("citationID") or f"citation-{n}"
        clusters[cid] = citation
        for other, note in list(pre) + list(post):
            if other in clusters:
                clusters[other] = dict(clusters[other], properties=dict(clusters[other].get("properties") or {}, noteIndex=note))
        order = [p[0] for p in pre if p[0] in clusters] + [cid] + [p[0] for p in post if p[0] in clusters]
        states.append((order, dict(clusters), cid))
    outputs = []
    procs = []
    for order, state, _ in states[-2:]:
        proc = make()
        rendered = proc.cite_clusters([state[c] for c in order])
        outputs.append(dict(zip(order, rendered)))
        procs.append(proc)
    before = outputs[0] if len(outputs) > 1 else {}
    order, final, edited = states[-1]

    def touched(cid: str) -> bool:
        # citeproc-js hands back every citation whose items it disambiguated afresh.
        if len(procs) < 2:
            return True
        old, new = procs
        return any(old.dis_signature(str(c["id"])) != new.dis_signature(str(c["id"]))
                   for c in final[cid].get("citationItems", []))
    last = outputs[-1]
    return [f"{'>>' if before.get(c) != last[c] or c == edited or touched(c) else '..'}[{i}] {last[c]}"
            for i, c in enumerate(order)]


def final_clusters(entries: list) -> list[dict]:
    """The clusters an edit log leaves, in document order."""
    clusters: dict[str, dict] = {}
    order: list[str] = []
    for n, (citation, pre, post) in enumerate(entries):
        cid = citation.get("citationID") or f"citation-{n}"
        clusters[cid] = citation
        for other, note in list(pre) + list(post):
            if other in clusters:
                clusters[other] = dict(clusters[other], properties=dict(clusters[other].get("properties") or {}, noteIndex=note))
        order = [p[0] for p in pre if p[0] in clusters] + [cid] + [p[0] for p in post if p[0] in clusters]
    return [clusters[c] for c in order]
