"""Jinja2 templates for reference lists: the entries as plain values, escaped by the template's format.

HTML templates are autoescaped (everything from the data is text); LaTeX and Markdown
templates get ``latex`` and ``md`` filters and must use them on every data value.
Each entry also comes formatted in APA (``formatted``) and as BibTeX (``bibtex``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..csl import arxiv_url
from ..model import Entry, Library
from .rich import BACKENDS, latex_escape, markdown_escape

__all__ = ["render_template", "entry_context", "LATEX_FALLBACKS"]

#: What a LaTeX reference list needs that a bare ``article`` lacks, defined only when missing
#: (as natbib's .bst styles write into the .bbl). The fallback ``\url`` reads its argument
#: with ``_ ~ & ^ $`` as plain characters, so a URL prints as typed; with the url or
#: hyperref package loaded these lines do nothing.
LATEX_FALLBACKS = (
    "% Fallbacks for a document without the url/hyperref packages (as natbib's styles write them).\n"
    "\\providecommand{\\citekitUrlArg}[1]{#1\\endgroup}\n"
    "\\providecommand{\\url}{\\begingroup\\catcode`\\_=12 \\catcode`\\~=12 \\catcode`\\&=12 "
    "\\catcode`\\^=12 \\catcode`\\$=12 \\ttfamily\\citekitUrlArg}\n"
    "\\providecommand{\\href}[2]{#2}\n"
    "\\providecommand{\\doi}{doi:\\url}\n"
)


def _bibtex(entry: Entry) -> str:
    from ..exporters import WRITERS, ExportOptions

    return WRITERS.get("bibtex").write(Library(entries=[entry]), ExportOptions()).strip()


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def entry_context(entry: Entry, formatted: str, index: int) -> dict[str, Any]:
    """What a template sees of one entry (strings from the data, unescaped)."""
    import re

    authors = [n.display() for n in entry.author]
    doi = entry.DOI or None
    key = re.sub(r"[^A-Za-z0-9:._\-]", "", entry.key or "") or f"ref{index + 1}"
    return {
        "key": key,
        "title": entry.title or "",
        "authors": authors,
        "authors_text": _join_names(authors) if authors else (f"{entry.author_count} authors" if entry.author_count else ""),
        "year": entry.issued.year if entry.issued else None,
        "date": entry.issued.iso() if entry.issued else "",
        "venue": entry.container_title or entry.journal_ref or "",
        "abstract": entry.abstract or "",
        "comment": entry.comment or "",
        "arxiv_id": entry.arxiv_id or "",
        "arxiv_url": arxiv_url(entry.arxiv_id) if entry.arxiv_id else "",
        "pdf_url": f"https://arxiv.org/pdf/{entry.arxiv_id}" if entry.arxiv_id else "",
        "doi": doi or "",
        "doi_url": f"https://doi.org/{doi}" if doi else "",
        "url": entry.URL or "",
        "primary_class": entry.primary_class or "",
        "categories": list(entry.categories or []),
        "formatted": formatted,
        "bibtex": _bibtex(entry),
    }


def _url_safe(value: Any) -> str:
    """A URL with every character that could end a link or an attribute percent-encoded."""
    from urllib.parse import quote

    text = str(value)
    if not text.lower().startswith(("https://", "http://")):
        return ""
    return quote(text, safe=":/?#[]@!$&*+,;=%.-_~")


def render_template(library: Library, style, backend: str) -> str:
    """``library`` through the Jinja2 template of ``style`` (formatted entries in APA)."""
    import jinja2
    from markupsafe import Markup

    from ..styles import DEFAULT_STYLE, resolve_style
    from .engine import render_entries

    path = Path(style.source)
    out_format = style.backend or backend
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(path.parent)),
        autoescape=out_format == "html",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["latex"] = lambda value: latex_escape(str(value))
    env.filters["md"] = lambda value: markdown_escape(str(value))
    env.filters["urlsafe"] = _url_safe
    rendered = render_entries(library.entries, resolve_style(DEFAULT_STYLE))
    convert = BACKENDS[out_format]
    entries = []
    for index, item in enumerate(rendered):
        formatted = convert(item.rich)
        entries.append(entry_context(item.entry, Markup(formatted) if out_format == "html" else formatted, index))
    try:
        template = env.get_template(path.name)
        return template.render(entries=entries, style=style.name, count=len(entries), latex_fallbacks=LATEX_FALLBACKS)
    except jinja2.TemplateError as exc:
        from ..errors import ExportError

        where = getattr(exc, "lineno", None)
        raise ExportError(f"template {path}: {exc}", origin=str(path), line=where) from exc
