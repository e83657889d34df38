"""Which entries a paper cites: read from ``.aux`` (bibtex), ``.bcf`` (biber) or ``.tex`` files.

``--cited-by`` keeps exactly these entries, their ``crossref``/``xref``/``xdata`` parents
(and a set's members), and the ``@string``s they use. The sources, in the order a
toolchain knows the citations:

* ``.aux``: ``\\citation{a,b}`` lines (LaTeX and natbib for bibtex), biblatex's
  ``\\abx@aux@cite{..}{key}``; ``\\@input{chapter.aux}`` (written by ``\\include``) is
  followed, so one main ``.aux`` names every chapter's citations.
* ``.bcf``: biber's control file, ``<bcf:citekey>`` elements (``*`` for ``\\nocite{*}``).
* ``.tex``: every ``\\cite``-family command of LaTeX, natbib and biblatex (``\\citep``,
  ``\\citet*``, ``\\autocite``, ``\\textcite``, ``\\parencite``, ``\\cites`` with several
  groups, optional arguments, several keys), ``\\nocite``; ``\\input`` and ``\\include``
  are followed. Comments are skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

__all__ = ["Citations", "read_citations", "select", "macros_used", "prune_library", "PARENT_FIELDS", "KEY_FIELDS"]

#: Fields naming the entries an entry needs to be complete (biber's data model; bibtex reads crossref).
PARENT_FIELDS = ("crossref", "xref", "xdata", "entryset")
#: Every field whose value is one or more citation keys (a parent, a set's members, ``related``):
#: a key that changes must change in them too.
KEY_FIELDS = PARENT_FIELDS + ("related",)

_AUX_CITE = re.compile(r"\\citation\{([^}]*)\}|\\abx@aux@cite\{[^}]*\}\{([^}]*)\}")
_AUX_INPUT = re.compile(r"\\@input\{([^}]*)\}")
_BCF_NS = "{https://sourceforge.net/projects/biblatex}"
# \cite-family commands: any command whose name contains "cite" (natbib's \citep, \citealp,
# biblatex's \autocite, \Textcite, \footcitetext, \cites ...) and \nocite. Their keys are the
# mandatory braced arguments; [optional] arguments and (multicite) (pre)(post) notes are skipped.
_CITE = re.compile(r"\\([A-Za-z]*cite[A-Za-z]*)\*?")
# Commands with "cite" in their name that take no keys.
_NOT_KEYS = frozenset({"citestyle", "citeindextrue", "citeindexfalse", "citetext", "citeform", "citesetup",
                       "citeindextype", "bibciteauthor"})
_TEX_INPUT = re.compile(r"\\(?:input|include|subfile)\{([^}]*)\}")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


@dataclass(slots=True)
class Citations:
    """The keys a paper cites, in first-citation order, and whether it cites everything (``\\nocite{*}``)."""

    keys: list[str] = field(default_factory=list)
    everything: bool = False
    files: list[str] = field(default_factory=list)  # every file read, in order

    def add(self, key: str) -> None:
        """Note one cited key (``*`` means every entry)."""
        key = key.strip()
        if not key:
            return
        if key == "*":
            self.everything = True
        elif key not in self._seen:
            self._seen.add(key)
            self.keys.append(key)

    _seen: set[str] = field(default_factory=set)


def read_citations(paths: list[str]) -> Citations:
    """The citations of one or more papers (``.aux``, ``.bcf`` or ``.tex`` each)."""
    cites = Citations()
    for path in paths:
        p = Path(path)
        kind = p.suffix.lower()
        if kind == ".aux":
            _aux(p, cites, set())
        elif kind == ".bcf":
            _bcf(p, cites)
        elif kind in (".tex", ".ltx", ".latex"):
            _tex(p, cites, set())
        else:
            raise InputError(f"{path}: --cited-by reads a .aux, .bcf or .tex file")
    return cites


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None


def _aux(path: Path, cites: Citations, seen: set[Path]) -> None:
    if path.resolve() in seen:
        return
    seen.add(path.resolve())
    cites.files.append(str(path))
    text = _read(path)
    for line in text.splitlines():
        for m in _AUX_CITE.finditer(line):
            for key in (m.group(1) if m.group(1) is not None else m.group(2)).split(","):
                cites.add(key)
        for m in _AUX_INPUT.finditer(line):
            # \include writes \@input{chapter.aux}, relative to the directory LaTeX ran in.
            child = path.parent / m.group(1)
            if child.is_file():
                _aux(child, cites, seen)


def _bcf(path: Path, cites: Citations) -> None:
    cites.files.append(str(path))
    try:
        root = ET.fromstring(_read(path))
    except ET.ParseError as exc:
        raise InputError(f"{path}:{exc.position[0]}: not a readable biber control file ({exc})") from None
    for el in root.iter(f"{_BCF_NS}citekey"):
        if el.text:
            cites.add(el.text)


def _tex(path: Path, cites: Citations, seen: set[Path]) -> None:
    if path.resolve() in seen:
        return
    seen.add(path.resolve())
    cites.files.append(str(path))
    text = _COMMENT.sub("", _read(path))
    events: list[tuple[int, str, str]] = []
    for m in _CITE.finditer(text):
        if m.group(1) in _NOT_KEYS:
            continue
        for key_group in _cite_arguments(text, m.end()):
            events.append((m.start(), "cite", key_group))
    for m in _TEX_INPUT.finditer(text):
        events.append((m.start(), "input", m.group(1)))
    for _, kind, value in sorted(events):
        if kind == "cite":
            for key in value.split(","):
                cites.add(key)
        else:
            child = path.parent / value
            if not child.suffix:
                child = child.with_suffix(".tex")
            if child.is_file():
                _tex(child, cites, seen)


def _group(text: str, pos: int, open_: str, close: str) -> int | None:
    """Index just past the group opened at ``pos`` (nested groups counted), or None."""
    depth = 0
    for i in range(pos, min(len(text), pos + 5000)):
        ch = text[i]
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _cite_arguments(text: str, pos: int) -> list[str]:
    """The key arguments after a cite command: ``[..]`` and ``(..)`` notes skipped, every ``{..}`` read.

    A multicite (``\\cites[see][]{a}{b}``) has several brace groups; an ordinary command one.
    """
    keys: list[str] = []
    while True:
        i = pos
        while i < len(text) and text[i] in " \t\n":
            i += 1
        ch = text[i:i + 1]
        if ch in ("[", "("):
            end = _group(text, i, ch, "]" if ch == "[" else ")")
            if end is None:
                return keys
            pos = end
        elif ch == "{":
            end = _group(text, i, "{", "}")
            if end is None:
                return keys
            keys.append(text[i + 1:end - 1])
            pos = end
        else:
            return keys


_BARE = re.compile(r"[A-Za-z][^\s#{}\",=%]*")


def macros_used(raw: str) -> set[str]:
    """The @string macros a raw value uses (lower-cased): its bare, non-numeric pieces."""
    used: set[str] = set()
    depth = 0
    quoted = False
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif depth == 0 and not quoted:
            m = _BARE.match(raw, i)
            if m:
                used.add(m.group().lower())
                i = m.end()
                continue
        i += 1
    return used


def select(cites: Citations, entries: list[tuple[str, dict[str, str]]]) -> tuple[set[str], list[str], list[str]]:
    """The keys to keep, the cited keys missing, and the cited keys found only by case.

    ``entries`` gives each entry's key and its parent fields (name -> comma-separated keys).
    bibtex matches keys case-insensitively (with a warning) and biber exactly: an exact match
    wins, a match by case alone is kept and named.
    """
    by_key = {key: parents for key, parents in entries}
    folded: dict[str, str] = {}
    for key, _ in entries:
        folded.setdefault(key.lower(), key)
    if cites.everything:
        return set(by_key), [], []
    keep: set[str] = set()
    missing: list[str] = []
    by_case: list[str] = []
    todo = []
    for key in cites.keys:
        if key in by_key:
            todo.append(key)
        elif key.lower() in folded:
            by_case.append(key)
            todo.append(folded[key.lower()])
        else:
            missing.append(key)
    while todo:
        key = todo.pop()
        if key in keep:
            continue
        keep.add(key)
        for value in by_key.get(key, {}).values():
            for parent in value.split(","):
                parent = parent.strip()
                target = parent if parent in by_key else folded.get(parent.lower())
                if target and target not in keep:
                    todo.append(target)
    return keep, missing, by_case


def prune_library(library, cites: Citations):
    """A library of the cited entries, their parents and the @strings they use; the missing and by-case keys.

    ``library`` is what a reader gave (:class:`citekit.model.Library`); entries without a
    ``.bib`` key (a listing line) are never cited and go.
    """
    from .model import Library

    rows = []
    for e in library.entries:
        raw = ((e.extra.get("bibtex") or {}).get("fields") or {})
        parents = {name.lower(): _inner(value) for name, value in raw.items() if name.lower() in PARENT_FIELDS}
        rows.append((e.key or "", parents))
    keep, missing, by_case = select(cites, rows)
    entries = [e for e in library.entries if e.key and e.key in keep]
    used: set[str] = set()
    for e in entries:
        for value in ((e.extra.get("bibtex") or {}).get("fields") or {}).values():
            used |= macros_used(value)
    strings = {v.key.lower(): v for v in library.verbatim if v.kind == "string" and v.key}
    todo = [name for name in used if name in strings]
    while todo:  # a used @string may use others
        for name in macros_used(strings[todo.pop()].text.split("=", 1)[-1]):
            if name in strings and name not in used:
                used.add(name)
                todo.append(name)
    verbatim = [v for v in library.verbatim if v.kind != "string" or (v.key and v.key.lower() in used)]
    return (Library(entries=entries, verbatim=verbatim, problems=list(library.problems),
                    key_changes=list(library.key_changes)), missing, by_case)


def _inner(value: str) -> str:
    value = value.strip()
    return value[1:-1] if len(value) >= 2 and value[0] in '{"' else value
