"""Pandoc's citation syntax in Markdown (``[@key, p. 3; @other]``, ``@key [p. 3]``, ``[-@key]``) read into clusters."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Citation", "find_citations", "LOCATOR_TERMS", "locator_terms", "split_locator"]

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&\-+?<>~/]*(?<![:.#$%&\-+?<>~/])"
#: A bracketed citation: ``[see @a, p. 3; -@b]`` (at least one ``@key`` inside, no nested brackets).
_BRACKETED = re.compile(r"\[([^\[\]]*?-?@" + _KEY + r"[^\[\]]*)\]")
#: An in-text citation: ``@key`` or ``@key [p. 3]`` (not inside a word or an e-mail address).
_IN_TEXT = re.compile(r"(?<![\w@.])@(" + _KEY + r")(?:\s\[([^\[\]]*)\])?")
_ONE = re.compile(r"^(?P<prefix>.*?)(?P<minus>-?)@(?P<key>" + _KEY + r")(?P<suffix>.*)$", re.S)

#: English locator words -> CSL locator label, for callers without a style locale (pandoc itself
#: reads the words from the style's locale: see :func:`locator_terms`).
LOCATOR_TERMS = {
    "p": "page", "pp": "page", "page": "page", "pages": "page", "pg": "page", "pgs": "page",
    "chap": "chapter", "chaps": "chapter", "chapter": "chapter", "chapters": "chapter", "ch": "chapter",
    "sec": "section", "secs": "section", "section": "section", "sections": "section", "§": "section", "§§": "section",
    "vol": "volume", "vols": "volume", "volume": "volume", "volumes": "volume",
    "fig": "figure", "figs": "figure", "figure": "figure", "figures": "figure",
    "para": "paragraph", "paras": "paragraph", "paragraph": "paragraph", "¶": "paragraph", "¶¶": "paragraph",
    "l": "line", "ll": "line", "line": "line", "lines": "line",
    "n": "note", "nn": "note", "note": "note", "notes": "note",
    "no": "issue", "nos": "issue", "book": "book", "bk": "book", "bks": "book", "col": "column", "cols": "column",
    "column": "column", "columns": "column", "op": "opus", "opp": "opus", "pt": "part", "pts": "part", "part": "part",
    "s.v": "sub-verbo", "s.vv": "sub-verbo", "v": "verse", "vv": "verse", "verse": "verse", "verses": "verse",
    "fol": "folio", "fols": "folio", "folio": "folio", "folios": "folio",
}
_LOCATOR = re.compile(r"^\s*,?\s*(?:(?P<term>[§¶]+|[^\s\d,;§¶]+?)(?:\.\s*|\s+|(?<=[§¶])))?(?P<loc>[\divxlcdmIVXLCDM]+(?:\.\d+)*(?:\s*[-–,&]\s*[\divxlcdmIVXLCDM]+)*[a-z]?)(?P<rest>.*)$", re.S)


@dataclass(slots=True)
class Citation:
    """One citation found in the text: where it is, its cites, and whether it is written in the text (``@key``)."""

    start: int
    end: int
    items: list[dict]
    in_text: bool = False


#: The CSL locator types (their terms name them in a locale).
LOCATOR_TYPES = ("act", "appendix", "article-locator", "book", "canon", "chapter", "column", "elocation", "equation",
                 "figure", "folio", "issue", "line", "note", "opus", "page", "paragraph", "part", "rule", "scene",
                 "section", "sub-verbo", "supplement", "table", "timestamp", "title-locator", "verse", "volume")


def locator_terms(*locales) -> dict[str, str]:
    """Locator words -> label as pandoc reads them: every form of the locales' locator terms, singular and plural.

    Pass the style's merged locale and the plain locale file: pandoc knows both a style's own
    term ("ch." in MLA) and the locale's ("chap.").
    """
    out: dict[str, str] = {}
    wanted = set(LOCATOR_TYPES)
    for (name, _form, _gender), term in (kv for locale in locales for kv in locale.terms.items()):
        label = name.replace(" ", "-")  # the locale names "sub verbo" with a space
        if label in wanted:
            for text in (term.single, term.multiple):
                if text:
                    out.setdefault(text.lower().rstrip("."), label)
    return out


def split_locator(suffix: str, terms: dict[str, str] | None = None) -> tuple[str | None, str | None, str]:
    """(label, locator, remaining suffix) read from a cite's suffix like ``, p. 33, emphasis added``."""
    terms = LOCATOR_TERMS if terms is None else terms
    m = _LOCATOR.match(suffix)
    if not m or not suffix.strip().startswith((",",)) and not suffix.strip()[:1].isalnum():
        return None, None, suffix
    term = (m.group("term") or "").lower().rstrip(".")
    if term and term not in terms:
        return None, None, suffix
    return terms.get(term, "page"), m.group("loc"), m.group("rest")


def _cite(text: str, terms: dict[str, str] | None = None) -> dict | None:
    m = _ONE.match(text.strip())
    if not m:
        return None
    item: dict = {"id": m.group("key")}
    prefix = m.group("prefix").strip()
    if prefix:
        item["prefix"] = prefix + " "
    if m.group("minus"):
        item["suppress-author"] = True
    label, locator, rest = split_locator(m.group("suffix"), terms)
    if locator:
        item["label"], item["locator"] = label, locator
    rest = rest.rstrip()
    if rest:
        item["suffix"] = rest if rest.startswith((",", ";", ".")) else " " + rest.lstrip() if not locator else rest
    return item


def find_citations(text: str, keys: set[str] | None = None, terms: dict[str, str] | None = None) -> list[Citation]:
    """Every pandoc citation in ``text`` in order; with ``keys``, ``@word`` not naming an item is left alone.

    ``terms``: the locator words to recognise (:func:`locator_terms` of the style's locale).
    """
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKETED.finditer(text):
        cites = [_cite(part, terms) for part in m.group(1).split(";")]
        if not cites or any(c is None for c in cites) or (keys is not None and any(c["id"] not in keys for c in cites)):
            continue
        found.append(Citation(m.start(), m.end(), cites))
        taken.append((m.start(), m.end()))
    for m in _IN_TEXT.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        key = m.group(1)
        if keys is not None and key not in keys:
            continue
        item = {"id": key}
        if m.group(2) is not None:
            label, locator, rest = split_locator(", " + m.group(2).strip() if m.group(2).strip()[:1].isalnum() else m.group(2),
                                                 terms)
            if locator:
                item["label"], item["locator"] = label, locator
                if rest.strip():
                    item["suffix"] = rest
            elif m.group(2).strip():
                item["suffix"] = ", " + m.group(2).strip()
        found.append(Citation(m.start(), m.end(), [item], in_text=True))
    found.sort(key=lambda c: c.start)
    return found
