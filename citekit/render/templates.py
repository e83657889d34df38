"""Jinja2 templates for reference lists: the entries as plain values, escaped by the template's format.

HTML templates are autoescaped (everything from the data is text); LaTeX and Markdown
templates get ``latex`` and ``md`` filters and must use them on every data value
(``texurl`` writes a URL as a safe ``\\url{...}``).
Every template, built-in or the user's, runs in Jinja's sandbox: no attribute reaches
Python's internals, ``range()`` and ``*``/``**`` are bounded, and the output has a size cap.
Each entry also comes formatted in APA (``formatted``) and as BibTeX (``bibtex``); ``years``
groups the entries by year (from :func:`~citekit.model.issued_date`), newest first within a
year, and ``groups`` by year or by kind (``--group-by``). ``owners`` are the people ``--owner``
names (their names are marked in ``authors_marked`` and ``authors_line``); without one the
page claims no authorship. Entries that are only an abstract are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..csl import arxiv_url
from ..model import Entry, Library, Name
from .rich import BACKENDS, latex_escape, latex_url, markdown_escape

__all__ = ["render_template", "entry_context", "by_year", "by_type", "page_owners", "LATEX_FALLBACKS",
           "TYPE_GROUPS", "SHOWN_AUTHORS"]

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


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold().strip()


def _is_owner(name: Name, owners: list[Name]) -> bool:
    """Whether ``name`` is one of the listing's owners: same family name, and given names that agree on the initial."""
    for owner in owners:
        if owner.literal or name.literal:
            if _fold(owner.display()) == _fold(name.display()) or (
                    owner.literal and name.family and _fold(owner.literal).split()[-1:] == [_fold(name.full_family)]
                    and (not name.given or _fold(owner.literal)[:1] == _fold(name.given)[:1])):
                return True
            continue
        if _fold(owner.full_family) != _fold(name.full_family):
            continue
        if not owner.given or not name.given or _fold(owner.given)[:1] == _fold(name.given)[:1]:
            return True
    return False


#: How many names an author list shows before "and N others" (the page's owners are always shown).
SHOWN_AUTHORS = 12
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Groups of ``--group-by type``, in page order: label and the CSL types it holds.
TYPE_GROUPS = (
    ("Journal articles", {"article-journal", "article-magazine", "article-newspaper"}),
    ("Conference papers", {"paper-conference"}),
    ("Preprints", {"article", "preprint", "manuscript"}),
    ("Books and chapters", {"book", "chapter", "entry-encyclopedia", "entry-dictionary", "collection"}),
    ("Theses", {"thesis"}),
    ("Reports", {"report"}),
)


def _venue(entry: Entry) -> str:
    """Where the work was published: its container, else a parsed journal reference; never an arXiv comment."""
    if entry.container_title:
        return entry.container_title
    if entry.journal_ref:
        from ..journalref import parse_journal_ref

        ref = parse_journal_ref(entry.journal_ref)
        if ref is not None and ref.published:
            if not ref.exact:
                return ref.venue
            parts = [ref.venue, ref.volume and (f"{ref.volume}({ref.number})" if ref.number else ref.volume)]
            return " ".join(p for p in parts if p)
    return ""


def _kind(entry: Entry, venue: str) -> str:
    """The ``--group-by type`` label of an entry (a preprint with a published venue counts as published)."""
    etype = entry.type or ""
    if etype in ("article", "preprint") and venue and entry.journal_ref:
        from ..journalref import parse_journal_ref

        ref = parse_journal_ref(entry.journal_ref)
        etype = "paper-conference" if ref is not None and ref.conference else "article-journal"
    elif etype in ("article", "preprint") and entry.container_title:
        etype = "article-journal"
    for label, types in TYPE_GROUPS:
        if etype in types:
            return label
    return "Other"


def _author_line(entry: Entry, owners: list[Name]) -> tuple[list[dict[str, Any]], int]:
    """The names to print (owner marked, an ellipsis mark before a name after a gap) and how many are left out."""
    names = [(n.display(), _is_owner(n, owners)) for n in entry.author]
    if len(names) <= SHOWN_AUTHORS:
        keep = list(range(len(names)))
    else:
        keep = list(range(SHOWN_AUTHORS - 2))
        # An owner far down a long list is still shown, after an ellipsis.
        keep += [i for i, (_, owner) in enumerate(names) if owner and i >= SHOWN_AUTHORS - 2][:2]
    line = []
    for pos, i in enumerate(keep):
        line.append({"name": names[i][0], "owner": names[i][1], "gap": pos > 0 and i != keep[pos - 1] + 1})
    return line, len(names) - len(keep)


def entry_context(entry: Entry, formatted: str, index: int, owners: list[Name] | None = None) -> dict[str, Any]:
    """What a template sees of one entry (strings from the data, unescaped)."""
    import re

    from ..model import issued_date

    owners = owners or []
    authors = [n.display() for n in entry.author]
    marked = [{"name": n.display(), "owner": _is_owner(n, owners)} for n in entry.author]
    line, more = _author_line(entry, owners)
    doi = entry.DOI or None
    key = re.sub(r"[^A-Za-z0-9:._\-]", "", entry.key or "") or f"ref{index + 1}"
    date = issued_date(entry)
    venue = _venue(entry)
    return {
        "key": key,
        "title": entry.title or "",
        "authors": authors,
        "authors_marked": marked,
        "authors_line": line,
        "authors_more": more,
        "authors_text": _join_names(authors) if authors else (f"{entry.author_count} authors" if entry.author_count else ""),
        "year": date.year if date else None,
        "date": date.iso() if date else "",
        "date_text": (f"{_MONTHS[date.month - 1]} {date.year}" if date.month else str(date.year))
        if date and date.year else "",
        "sort_date": (date.year or 0, date.month or 0, date.day or 0) if date else (0, 0, 0),
        "venue": venue,
        "kind": _kind(entry, venue),
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


def by_year(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries grouped by year, newest first, undated last; newest first within a year (the listing's order on ties)."""
    groups: dict[int | None, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(entry["year"], []).append(entry)
    order = sorted((y for y in groups if y is not None), reverse=True) + ([None] if None in groups else [])
    return [{"year": year, "label": str(year) if year else "Undated",
             "entries": sorted(groups[year], key=lambda e: e["sort_date"], reverse=True)} for year in order]


def by_type(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries grouped by kind (journal articles, conference papers, preprints, ...), newest first in each."""
    labels = [label for label, _ in TYPE_GROUPS] + ["Other"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(entry["kind"], []).append(entry)
    return [{"year": None, "label": label, "entries": sorted(groups[label], key=lambda e: e["sort_date"], reverse=True)}
            for label in labels if label in groups]


def page_owners(texts) -> list[Name]:
    """``--owner`` names as :class:`Name` (``Given Family`` or ``Family, Given``, BibTeX's grammar)."""
    from ..sources.bibtex import split_names

    owners: list[Name] = []
    for text in texts:
        people, _ = split_names(text)
        owners.extend(people)
    return owners


def _url_safe(value: Any) -> str:
    """A URL with every character that could end a link or an attribute percent-encoded."""
    from urllib.parse import quote

    text = str(value)
    if not text.lower().startswith(("https://", "http://")):
        return ""
    return quote(text, safe=":/?#[]@!$&*+,;=%.-_~")


def render_template(library: Library, style, backend: str, options=None) -> str:
    """``library`` through the Jinja2 template of ``style`` (formatted entries in APA)."""
    import jinja2
    from markupsafe import Markup

    from ..styles import DEFAULT_STYLE, resolve_style
    from .engine import render_entries

    path = Path(style.source)
    out_format = style.backend or backend
    env = _sandbox(
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
    env.filters["texurl"] = lambda value: latex_url(str(value))  # \url{...} that no TeX reading makes a command
    from ..model import is_citable

    # An entry that is only an abstract is no citation: no template lists it (the run says how many).
    citable = [entry for entry in library.entries if is_citable(entry)]
    rendered = render_entries(citable, resolve_style(DEFAULT_STYLE))
    convert = BACKENDS[out_format]
    # Only --owner makes the page someone's: a listing's profile owner is no claim about the
    # other papers a run reads (Hugging Face pages list other people's work).
    owners = page_owners(getattr(options, "owners", ()) or ())
    group_by = getattr(options, "group_by", "year") or "year"
    # The style's order (APA sorts by author); an entry the style renders empty still appears.
    pairs = [(item.entry, convert(item.rich)) for item in rendered]
    shown = {id(entry) for entry, _ in pairs}
    pairs += [(entry, "") for entry in citable if id(entry) not in shown]
    entries = [entry_context(entry, Markup(text) if out_format == "html" else text, index, owners)
               for index, (entry, text) in enumerate(pairs)]
    from ..errors import ExportError

    limit = OUTPUT_LIMIT + 4096 * len(entries)
    try:
        template = env.get_template(path.name)
        owner_names = [o.display() for o in owners]
        title = getattr(options, "title", None) or (", ".join(owner_names) if owner_names else "Papers")
        years = by_year(entries)
        groups = by_type(entries) if group_by == "type" else years
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(entries=entries, years=years, groups=groups, group_by=group_by,
                                       owners=owner_names, title=title, style=style.name, count=len(entries),
                                       latex_fallbacks=LATEX_FALLBACKS):
            size += len(chunk)
            if size > limit:
                raise ExportError(f"template {path}: its output passed {limit:,} characters; refused",
                                  origin=str(path))
            chunks.append(chunk)
        return "".join(chunks)
    except ExportError:
        raise
    except jinja2.TemplateError as exc:
        where = getattr(exc, "lineno", None)
        raise ExportError(f"template {path}: {exc}", origin=str(path), line=where) from exc
    except RecursionError as exc:
        raise ExportError(f"template {path}: recursion too deep; refused", origin=str(path)) from exc
    except Exception as exc:  # a template is user code: whatever it does wrong is its author's message, not a crash
        raise ExportError(f"template {path}: {type(exc).__name__}: {exc}", origin=str(path),
                          line=_template_line(exc, path)) from exc


#: The most characters a template may write, beyond 4,096 per entry.
OUTPUT_LIMIT = 64 * 1024 * 1024
#: The most items all of a template's ``range()`` calls may give together.
RANGE_BUDGET = 1_000_000
#: The longest string or list ``*`` may build in a template, and the largest exponent of ``**``.
SIZE_LIMIT = 1_000_000
EXPONENT_LIMIT = 1_000


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The template line a Python error was raised on (Jinja maps its code's frames to template lines)."""
    import traceback

    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == str(path) or frame.filename.endswith(path.name):
            line = frame.lineno
    return line


def _sandbox(**options: Any):
    """A Jinja :class:`~jinja2.sandbox.SandboxedEnvironment` for built-in and user templates alike:
    no attribute that reaches Python's internals, a shared budget for ``range()``, and
    ``*``/``**`` that cannot build huge values."""
    import operator

    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class CitekitSandbox(SandboxedEnvironment):
        """The sandbox, with bounded loops and arithmetic."""

        intercepted_binops = frozenset({"*", "**"})

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._range_left = RANGE_BUDGET
            self.globals["range"] = self._range

        def _range(self, *args: int) -> range:
            rng = range(*args)
            self._range_left -= len(rng)
            if self._range_left < 0:
                raise SecurityError(f"range() gave more than {RANGE_BUDGET:,} items in all; refused")
            return rng

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            if op == "**":
                if isinstance(right, (int, float)) and abs(right) > EXPONENT_LIMIT:
                    raise SecurityError(f"an exponent above {EXPONENT_LIMIT:,}; refused")
                return operator.pow(left, right)
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > SIZE_LIMIT:
                    raise SecurityError(f"a value of more than {SIZE_LIMIT:,} items; refused")
            return operator.mul(left, right)

    return CitekitSandbox(**options)
