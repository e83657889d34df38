"""BibTeX styles (plain, unsrt, alpha, abbrv) through pybtex, as rich text.

Entries go to pybtex as its own data objects, not as .bib text, so no field value is
ever parsed as BibTeX. pybtex reads braces in a value as grouping, so they are dropped
from the values it gets. A small pybtex backend emits our rich-text markers; the
usual converters then escape for text, HTML, Markdown or LaTeX.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ..csl import arxiv_url, is_published
from ..model import Entry
from .rich import MARGIN, clean, wrap

__all__ = ["BIBTEX_STYLES", "pybtex_bibliography"]

#: name -> description
BIBTEX_STYLES: dict[str, str] = {
    "plain": "BibTeX plain: sorted by author, numbered labels",
    "unsrt": "BibTeX unsrt: plain, in input order",
    "alpha": "BibTeX alpha: plain with labels like [Lan19]",
    "abbrv": "BibTeX abbrv: plain with abbreviated first names",
}


def _value(text: str | None) -> str:
    # pybtex reads braces as groups and % as a comment; \% is its escape for a percent sign.
    return clean(text or "").replace("{", "(").replace("}", ")").replace("%", r"\%")


_KEEP_CASE = re.compile(r"\b(?:\w+[A-Z]\w*|[A-Z]{2,}\w*)")


def _title_value(text: str) -> str:
    """A title whose acronyms and mixed-case words (``LLMs``, ``AdsorbML``) survive BibTeX's lowercasing."""
    return _KEEP_CASE.sub(lambda m: "{" + m.group() + "}", _value(text))


def _pybtex_entry(entry: Entry):
    from pybtex.database import Entry as PEntry, Person

    fields: dict[str, str] = {}
    if entry.title:
        fields["title"] = _title_value(entry.title)
    if entry.issued and entry.issued.year:
        fields["year"] = str(entry.issued.year)
        if entry.issued.month:
            fields["month"] = ("January February March April May June July August September "
                               "October November December").split()[entry.issued.month - 1]
    venue = entry.container_title
    kind = "article" if venue and is_published(entry) else "misc"
    if kind == "article":
        fields["journal"] = _value(venue)
        for name in ("volume", "page"):
            if getattr(entry, name):
                fields["pages" if name == "page" else name] = _value(getattr(entry, name))
        if entry.issue:
            fields["number"] = _value(entry.issue)
    elif entry.arxiv_id:
        fields["howpublished"] = _value(f"arXiv:{entry.arxiv_id}" + (f" [{entry.primary_class}]" if entry.primary_class else ""))
    elif entry.publisher:
        fields["howpublished"] = _value(entry.publisher)
    url = entry.URL or (arxiv_url(entry.arxiv_id) if entry.arxiv_id else None)
    if entry.DOI:
        fields["doi"] = _value(entry.DOI)
    if url:
        fields["url"] = _value(url)
    persons = []
    for name in entry.author:
        if name.literal:
            persons.append(Person(last=_value(name.literal)))
        else:
            persons.append(Person(first=_value(name.given), last=_value(name.family)))
    return PEntry(kind, fields=fields, persons={"author": persons} if persons else {})


def _backend():
    from pybtex.backends import BaseBackend

    class RichBackend(BaseBackend):
        """Writes pybtex's rich text as citekit rich text."""

        default_suffix = ".txt"
        symbols = MappingProxyType({"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"})
        _tags = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold", "sup": "superscript", "sub": "subscript"}

        def format_str(self, str_):
            return str_

        def format_tag(self, tag_name, text):
            kind = self._tags.get(tag_name)
            return wrap(kind, text) if kind and text else text

        def format_href(self, url, text, external=False):
            return text

        def format_protected(self, text):
            return text

    return RichBackend()


def pybtex_bibliography(entries: list[Entry], style: str,
                        failed: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """(index into ``entries``, rich text with ``[label]`` set off by the margin marker) in the style's order.

    An entry the style cannot format (plain.bst's "missing author in an article") is left
    out and added to ``failed`` as (index, pybtex's reason); the others are formatted.
    """
    from pybtex.database import BibliographyData
    from pybtex.exceptions import PybtexError
    from pybtex.plugin import find_plugin

    if style == "abbrv":
        # BibTeX's abbrv is plain with first names cut to initials.
        formatter = find_plugin("pybtex.style.formatting", "plain")(abbreviate_names=True)
    else:
        formatter = find_plugin("pybtex.style.formatting", style)()
    backend = _backend()
    pentries = {f"e{index}": _pybtex_entry(entry) for index, entry in enumerate(entries)}

    def run(keys: list[str]) -> list[tuple[int, str]]:
        data = BibliographyData()
        for key in keys:
            data.add_entry(key, pentries[key])
        return [(int(item.key[1:]), f"[{item.label}]{MARGIN}{item.text.render(backend)}")
                for item in formatter.format_bibliography(data)]

    keys = list(pentries)
    try:
        return run(keys)
    except PybtexError:
        pass
    # Some entry fails: find each that fails alone, leave it out, and format the rest together.
    good = []
    for key in keys:
        try:
            run([key])
        except PybtexError as exc:
            if failed is not None:
                failed.append((int(key[1:]), str(exc)))
            continue
        good.append(key)
    return run(good) if good else []
