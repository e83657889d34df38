"""A CSL style parsed once into an immutable tree, its dependent parent resolved and its locales merged."""

from __future__ import annotations

import re

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ...errors import UsageError

__all__ = ["Node", "Style", "Locale", "Term", "parse_style", "load_style", "locale_for", "dependent_parent"]

NS = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Node:
    """One CSL element: its tag (no namespace), attributes, children and text."""

    tag: str
    attrs: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    children: tuple["Node", ...] = ()
    text: str = ""

    def get(self, name: str, default=None):
        """The attribute ``name``, or ``default``."""
        return self.attrs.get(name, default)

    def find(self, tag: str) -> "Node | None":
        """The first child with ``tag``."""
        for child in self.children:
            if child.tag == tag:
                return child
        return None

    def findall(self, tag: str) -> list["Node"]:
        """Every child with ``tag``."""
        return [c for c in self.children if c.tag == tag]


def _node(element: ET.Element) -> Node:
    tag = element.tag.rsplit("}", 1)[-1]
    attrs = {k.rsplit("}", 1)[-1] if k != XML_LANG else "lang": v for k, v in element.attrib.items()}
    children = tuple(_node(c) for c in element if isinstance(c.tag, str))
    text = (element.text or "") if not children else ""
    # As citeproc-js reads CSL: line breaks are spaces, and an element holding only
    # whitespace (a term emptied over two lines) is empty.
    text = "" if not text.strip() else re.sub(r"\r\n|\n|\r", " ", text)
    return Node(tag, MappingProxyType(attrs), children, text)


@dataclass(frozen=True, slots=True)
class Term:
    """A locale term: singular and plural text, its gender, and for ordinals the gender it matches and how."""

    single: str
    multiple: str
    gender: str = ""
    gender_form: str = ""
    match: str = ""


@dataclass(slots=True)
class Locale:
    """Merged locale data: terms by (name, form, gender-form), date formats by form, and options."""

    lang: str
    terms: dict = field(default_factory=dict)
    dates: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    _asked: dict = field(default_factory=dict, repr=False, compare=False)
    _complete: bool = field(default=False, repr=False, compare=False)

    def term(self, name: str, form: str = "long", plural: bool = False, gender: str = "") -> str | None:
        """The term's text in ``form`` (falling back by the spec's order), or None when the locale lacks it."""
        key = (name, form, plural, gender)
        if key in self._asked:
            return self._asked[key]
        found = self.term_entry(name, form, gender)
        text = None if found is None else found.multiple if plural else found.single
        if self._complete:
            self._asked[key] = text  # asked again for every entry: the answer kept once the terms are all in
        return text

    def term_entry(self, name: str, form: str = "long", gender: str = "") -> Term | None:
        """The :class:`Term` in ``form`` or its fallbacks (verb-short->verb->long, symbol->short->long, short->long)."""
        chain = {"long": ("long",), "short": ("short", "long"), "verb": ("verb", "long"),
                 "verb-short": ("verb-short", "verb", "long"), "symbol": ("symbol", "short", "long")}.get(form, (form, "long"))
        for f in chain:
            if gender:
                t = self.terms.get((name, f, gender))
                if t is not None:
                    return t
            t = self.terms.get((name, f, ""))
            if t is not None:
                return t
        return None


@dataclass(frozen=True, slots=True)
class Style:
    """An independent CSL style ready to evaluate: class, options, layouts, macros and its merged locale."""

    cls: str
    attrs: Mapping[str, str]
    citation: Node | None
    bibliography: Node | None
    macros: Mapping[str, Node]
    locale: Locale
    title: str = ""

    @property
    def is_note(self) -> bool:
        """True for a note style."""
        return self.cls == "note"


def _locales_dir() -> Path:
    # The CSL project's locale files, vendored as data with their licence (locales/README.md).
    return Path(__file__).resolve().parent / "locales"


PRIMARY = {"de": "de-DE", "en": "en-US", "es": "es-ES", "fr": "fr-FR", "pt": "pt-PT", "zh": "zh-CN", "ar": "ar",
           "ca": "ca-AD", "cs": "cs-CZ", "da": "da-DK", "el": "el-GR", "et": "et-EE", "eu": "eu", "fa": "fa-IR",
           "fi": "fi-FI", "he": "he-IL", "hr": "hr-HR", "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT",
           "ja": "ja-JP", "km": "km-KH", "ko": "ko-KR", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN", "nb": "nb-NO",
           "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "ro": "ro-RO", "ru": "ru-RU", "sk": "sk-SK", "sl": "sl-SI",
           "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR", "uk": "uk-UA", "vi": "vi-VN", "af": "af-ZA",
           "bg": "bg-BG", "cy": "cy-GB", "la": "la", "mn": "mn-MN"}


@lru_cache(maxsize=None)
def _locale_file(lang: str) -> Node | None:
    path = _locales_dir() / f"locales-{lang}.xml"
    if not path.is_file():
        return None
    return _node(ET.parse(path).getroot())


def _merge(locale: Locale, node: Node) -> None:
    """Add what ``node`` (a cs:locale) defines and ``locale`` lacks: earlier sources take precedence."""
    for child in node.children:
        if child.tag == "terms":
            defines_ordinals = any(t.get("name", "").startswith("ordinal") for t in child.children)
            if defines_ordinals and "_ordinals" not in locale.options:
                # The first source that defines ordinal terms replaces every lower-priority one's.
                locale.options["_ordinals"] = id(child)
            for term in child.children:
                name = term.get("name", "")
                if name.startswith("ordinal") and locale.options.get("_ordinals") not in (None, id(child)):
                    continue
                key = (name, term.get("form", "long"), term.get("gender-form", ""))
                if key in locale.terms:
                    continue
                single = term.find("single")
                multiple = term.find("multiple")
                if single is not None or multiple is not None:
                    s = single.text if single is not None else (multiple.text if multiple is not None else "")
                    m = multiple.text if multiple is not None else s
                else:
                    s = m = term.text
                locale.terms[key] = Term(s, m, term.get("gender", ""), term.get("gender-form", ""), term.get("match", ""))
        elif child.tag == "date":
            form = child.get("form")
            if form and form not in locale.dates:
                locale.dates[form] = child
        elif child.tag == "style-options":
            for k, v in child.attrs.items():
                locale.options.setdefault(k, v)


def locale_for(lang: str, style_locales: tuple[Node, ...] = ()) -> Locale:
    """The locale ``lang`` merged by the spec's fallback order: the style's own locales, then the files, then en-US."""
    lang = lang or "en-US"
    base = lang.split("-")[0]
    locale = Locale(lang)
    by_lang: dict[str, list[Node]] = {}
    for node in style_locales:
        by_lang.setdefault(node.get("lang", ""), []).append(node)
    sources: list[Node] = []
    sources += by_lang.get(lang, [])
    if base != lang:
        sources += by_lang.get(base, [])
    sources += by_lang.get("", [])
    for file_lang in dict.fromkeys([lang if "-" in lang else PRIMARY.get(lang, lang), PRIMARY.get(base, base), base, "en-US"]):
        node = _locale_file(file_lang)
        if node is not None:
            sources.append(node)
    for source in sources:
        _merge(locale, source)
    locale._complete = True
    return locale


def _read(source: str) -> Node:
    try:
        if source.lstrip().startswith("<"):
            return _node(ET.fromstring(source.lstrip("\ufeff").strip()))
        return _node(ET.parse(source).getroot())
    except (OSError, ET.ParseError) as exc:
        raise UsageError(f"cannot read CSL style {source[:80]}: {exc}") from exc


def parse_style(source: str, lang: str | None = None, base_path: str | None = None) -> Style:
    """The style in ``source`` (XML text or a path), a dependent style resolved to its parent."""
    root = _read(source)
    title = ""
    info = root.find("info")
    if info is not None and info.find("title") is not None:
        title = info.find("title").text.strip()
    if root.find("citation") is None and root.find("bibliography") is None:
        link = None
        if info is not None:
            link = next((l for l in info.findall("link") if l.get("rel") == "independent-parent"), None)
        if link is None:
            raise UsageError(f"CSL style {title or source[:80]} has neither a citation nor an independent parent")
        from ...styles import parent_style_path

        parent = parent_style_path(link.get("href"), base_path or source)
        lang = lang or root.get("default-locale")
        style = parse_style(parent, lang)
        return Style(style.cls, style.attrs, style.citation, style.bibliography, style.macros, style.locale, title or style.title)
    lang = lang or root.get("default-locale") or "en-US"
    macros = {m.get("name"): m for m in root.findall("macro")}
    locale = locale_for(lang, tuple(root.findall("locale")))
    return Style(root.get("class", "in-text"), root.attrs, root.find("citation"), root.find("bibliography"),
                 MappingProxyType(macros), locale, title)


@lru_cache(maxsize=64)
def load_style(path: str, lang: str | None = None) -> Style:
    """The style file at ``path`` parsed once per process."""
    return parse_style(path, lang, path)


def dependent_parent(path: str) -> tuple[str | None, str | None]:
    """(parent file, the dependent's locale or the parent's) when ``path`` is a dependent style, else (None, None)."""
    root = _read(path)
    if root.find("citation") is not None or root.find("bibliography") is not None:
        return None, None
    info = root.find("info")
    link = next((l for l in info.findall("link") if l.get("rel") == "independent-parent"), None) if info is not None else None
    if link is None or not link.get("href"):
        raise UsageError(f"CSL style {path} has neither a bibliography nor an independent parent")
    from ...styles import parent_style_path

    parent = parent_style_path(link.get("href"), path)
    return parent, root.get("default-locale") or _read(parent).get("default-locale")
