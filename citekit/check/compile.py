"""``--compile``: run bibtex (plain) and biber ``--validate-datamodel`` on the file, and tie each message to entry, field and line.

The file is copied unchanged into a temporary directory beside a minimal document that
cites every entry (``\\nocite{*}``): for bibtex an ``.aux`` naming ``plain``, for biber a
biblatex document run once through pdflatex to write its ``.bcf``. The copy keeps the
input's lines, so a line the tools name is a line of the input. Each message of the
``.blg`` logs is matched by one of the patterns below (data, not code) to a key, a field
and possibly a line.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

from ..signals import run_child
from .findings import Finding
from .rules import Context, rule
from .source import SourceEntry, SourceFile

__all__ = ["bibtex_findings", "biber_findings", "parse_bibtex_log", "parse_biber_log", "TIMEOUT"]

TIMEOUT = 120  # seconds for each tool run

_AUX = "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n"
_BIBLATEX_DOC = (
    "\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
    "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n"
)

#: bibtex's messages: (pattern, severity, group names). ``key``, ``field`` and ``line`` groups tie them back.
BIBTEX_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.M), s) for p, s in (
    (r"^Warning--I'm ignoring (?P<key>\S+)'s extra \"(?P<field>[^\"]+)\" field\n--line (?P<line>\d+) of file", "warning"),
    (r"^Warning--string name \"(?P<macro>[^\"]+)\" is undefined\n--line (?P<line>\d+) of file", "warning"),
    (r"^Warning--entry type for \"(?P<key>[^\"]+)\" isn't style-file defined\n--line (?P<line>\d+) of file", "warning"),
    (r"^Warning--empty (?P<field>\w+)(?: and \w+| or \w+)? in (?P<key>\S+)$", "warning"),
    (r"^Warning--can't use both (?P<field>\w+) and \w+ fields in (?P<key>\S+)$", "warning"),
    (r"^Warning--there's a number but no (?P<field>series) in (?P<key>\S+)$", "warning"),
    (r"^Warning--page numbers missing in both (?P<field>pages) and chapter fields in (?P<key>\S+)$", "warning"),
    (r"^Warning--to sort, need (?P<field>\w+)(?: or \w+)* in (?P<key>\S+)$", "warning"),
    (r"^Warning--I didn't find a database entry for \"(?P<key>[^\"]+)\"$", "error"),
    (r"^Warning--(?P<rest>.*?) in (?P<key>\S+)$", "warning"),
    (r"^Warning--(?P<rest>.*)$", "warning"),
    (r"^Repeated entry---line (?P<line>\d+) of file .*\n : @\w+[{(](?P<key>[^,\s]*)", "error"),
    (r"^(?P<rest>.*?)---line (?P<line>\d+) of file refs\.bib", "error"),
    (r"^A bad cross reference---entry \"(?P<key>[^\"]+)\"\nrefers to entry \"[^\"]+\", which doesn't exist", "error"),
    (r"^Too many commas in name \d+ of \".*\" for entry (?P<key>\S+)$", "error"),
    (r"^(?P<rest>.*)---(?:this can't happen|line \d+ of file)", "error"),
))
#: Lines of a .blg that are bibtex's banner and statistics, not messages.
_BIBTEX_NOISE = re.compile(
    r"^(This is BibTeX|Capacity:|The top-level|The style file|Database file|You've used|\s|\(There w|"
    r"[a-z.$=<>+*:-]+ -- \d+|and the built_in|\(Error may have been|I'm skipping whatever remains|--line \d+ of file|"
    r"Reallocated |while executing---)"
)

#: biber's messages, after "WARN - " or "ERROR - ".
BIBER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    r"Entry '(?P<key>[^']+)' \([^)]*\): .*?(?:[Ff]ield '(?P<field>[\w-]+)'|one of '(?P<oneof>[^']+)')",
    r"Entry '(?P<key>[^']+)' \([^)]*\)",
    r"Duplicate entry key: '(?P<key>[^']+)'",
    r"(?P<field>ISBN|ISSN|ISMN) '[^']*' in entry '(?P<key>[^']+)'",
    r"(?P<field>\w+) field '[^']*' in entry '(?P<key>[^']+)'",
    r"in entry '(?P<key>[^']+)'",
    r"^Name in key '(?P<key>[^']+)' is empty",
    r"^Name \".*\" has too many commas, skipping entry '(?P<key>[^']+)'",
    r"skipping entry '(?P<key>[^']+)'",
    r"BibTeX subsystem: .*?, line (?P<line>\d+)",
))
#: Messages that name no field but are about one.
_IMPLIED_FIELD = {"A bad cross reference": "crossref", "Too many commas in name": "author", "Name in key": "author",
                  "Name \"": "author"}
_BIBER_TMP = re.compile(r"/\S*biber_tmp_\S*?\.utf8")
_BIBER_LINE = re.compile(r"^(?:\[\d+\] [\w:.]+> )?(WARN|ERROR) - (.*)$")


def _tool(name: str) -> str | None:
    return shutil.which(name)


def _tie(src: SourceFile, key: str | None, field: str | None, line: int | None,
         *, last: bool = False) -> tuple[str | None, str | None, int | None]:
    """The entry key (as written), field and line in the input for what a tool named.

    A key names its entry (``last``: the later of two with that key, as for a repeated
    key); a line alone names the entry or unreadable block it falls in.
    """
    entry: SourceEntry | None = None
    if key:
        matches = [e for e in src.entries if e.key == key] or [e for e in src.entries if e.key.lower() == key.lower()]
        if line is not None:
            around = [e for e in matches if e.line <= line]
            entry = around[-1] if around else (matches[-1] if matches else None)
        elif matches:
            entry = matches[-1] if last else matches[0]
    elif line is not None:
        starts = [(e.line, e.key, e) for e in src.entries] + [(ln, k, None) for k, ln in src.failed]
        before = sorted((s for s in starts if s[0] <= line), key=lambda s: s[0])
        if before:
            start_line, key, entry = before[-1]
    if entry is None:
        failed = [ln for k, ln in src.failed if key and k == key]
        # An unreadable entry: the field reading found unbalanced (when it could tell).
        culprit = next((f.field for f in src.findings if f.key == key and f.rule == "tex-unbalanced-braces"), None)
        return key, field or culprit, line or (failed[0] if failed else None)
    if not field and line is not None and line > entry.line:
        # A message about a line inside the entry (an undefined macro, a syntax error) is about that line's field.
        inside = [f for f in entry.fields if f.line <= line]
        if inside:
            return entry.key, inside[-1].name, line
    if field:
        f = entry.get(field.lower())
        if f is None:
            from .datamodel import BIBER_FIELD_ALIASES

            alias = next((k for k, v in BIBER_FIELD_ALIASES.items() if v == field.lower()), None)
            f = entry.get(alias) if alias else None
        if f is not None:
            return entry.key, f.name, line or f.line
    return entry.key, field.lower() if field else None, line or entry.line


def parse_bibtex_log(log: str, src: SourceFile) -> Iterator[Finding]:
    """Findings for each message in bibtex's ``.blg``."""
    body = log.split("Database file #", 1)[-1]
    body = body.split("\n", 1)[1] if "\n" in body else ""
    pos = 0
    seen: set[tuple[str | None, str | None, str]] = set()
    while pos < len(body):
        end = body.find("\n", pos)
        end = len(body) if end < 0 else end
        line_text = body[pos:end]
        if not line_text.strip() or _BIBTEX_NOISE.match(line_text):
            pos = end + 1
            continue
        for pattern, severity in BIBTEX_PATTERNS:
            m = pattern.match(body, pos)
            if not m:
                continue
            g = m.groupdict()
            field = g.get("field") or next((f for p, f in _IMPLIED_FIELD.items() if m.group(0).startswith(p)), None)
            key, field, line = _tie(src, g.get("key"), field, int(g["line"]) if g.get("line") else None)
            message = m.group(0).replace("\n", " ").strip()
            if (key, field, message) not in seen:  # bibtex repeats a name's complaint each time it formats it
                seen.add((key, field, message))
                yield Finding(src.path, line, key, field, "compile-bibtex", severity, f"bibtex: {message}")
            stop = body.find("\n", max(m.end() - 1, pos))
            pos = len(body) if stop < 0 else stop + 1
            break
        else:
            yield Finding(src.path, None, None, None, "compile-bibtex", "warning", f"bibtex: {line_text.strip()}")
            pos = end + 1


def parse_biber_log(log: str, src: SourceFile) -> Iterator[Finding]:
    """Findings for each WARN and ERROR line of biber's ``.blg``."""
    seen: set[str] = set()
    for raw in log.splitlines():
        m = _BIBER_LINE.match(raw)
        if not m or m.group(2) in seen:
            continue
        seen.add(m.group(2))
        level, message = m.group(1), _BIBER_TMP.sub(src.path, m.group(2))
        key = field = None
        line = None
        for pattern in BIBER_PATTERNS:
            p = pattern.search(message)
            if not p:
                continue
            g = p.groupdict()
            key = key or g.get("key")
            field = field or g.get("field") or (g.get("oneof") or "").split(",")[0].strip() or None
            field = field or next((f for pre, f in _IMPLIED_FIELD.items() if message.startswith(pre)), None)
            if g.get("line"):
                line = int(g["line"])
            if key and field:
                break
        empty = [e for e in src.entries if not e.key.strip()]
        if key is None and "undefined bibtex entry key" in message.lower() and empty:
            key, field, line = "", None, empty[0].line  # the entry written without a key
        else:
            key, field, line = _tie(src, key, field, line, last=message.startswith("Duplicate entry key"))
        severity = "error" if level == "ERROR" else "warning"
        yield Finding(src.path, line, key, field, "compile-biber", severity, f"biber: {message}")


def _missing(src: SourceFile, rule: str, tool: str, why: str) -> Finding:
    return Finding(src.path, None, None, None, rule, "error", f"--compile cannot run {tool}: {why}")


@contextlib.contextmanager
def _workdir(src: SourceFile, document: str, text: str) -> Iterator[Path]:
    """A temporary directory holding the file, unchanged, as ``refs.bib`` and the ``document`` that cites it."""
    with tempfile.TemporaryDirectory(prefix="citekit-check-") as tmp:
        work = Path(tmp)
        (work / "refs.bib").write_text(src.text, encoding="utf-8")
        (work / document).write_text(text, encoding="utf-8")
        yield work


@rule("compile-bibtex", "warning", "a warning or error of bibtex (plain) on the file, tied to its entry and field",
      scope="file", modes=("bibtex", "biblatex"), needs="compile")
def bibtex_findings(ctx: Context) -> Iterator[Finding]:
    """Run bibtex with plain.bst over ``\\nocite{*}`` and report each message of its log."""
    src = ctx.file
    bibtex = _tool("bibtex")
    if bibtex is None:
        yield _missing(src, "compile-bibtex", "bibtex", "it is not installed (Debian: apt install texlive-binaries)")
        return
    with _workdir(src, "doc.aux", _AUX) as work:
        try:
            run_child([bibtex, "-terse", "doc"], work, TIMEOUT)
            log = (work / "doc.blg").read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.TimeoutExpired) as exc:
            yield _missing(src, "compile-bibtex", "bibtex", str(exc))
            return
    yield from parse_bibtex_log(log, src)


@rule("compile-biber", "warning", "a warning or error of biber --validate-datamodel on the file, tied to its entry and field",
      scope="file", modes=("bibtex", "biblatex"), needs="compile")
def biber_findings(ctx: Context) -> Iterator[Finding]:
    """Run pdflatex (to write the .bcf) and biber --validate-datamodel, and report each WARN/ERROR of its log."""
    src = ctx.file
    biber, latex = _tool("biber"), _tool("pdflatex")
    if biber is None:
        yield _missing(src, "compile-biber", "biber", "it is not installed (Debian: apt install biber)")
        return
    if latex is None:
        yield _missing(src, "compile-biber", "biber", "pdflatex, which writes the .bcf biber reads, is not installed")
        return
    with _workdir(src, "bl.tex", _BIBLATEX_DOC) as work:
        try:
            run_child([latex, "-interaction=batchmode", "-draftmode", "-halt-on-error", "bl.tex"], work, TIMEOUT)
            if not (work / "bl.bcf").exists():
                yield _missing(src, "compile-biber", "biber", "pdflatex did not write the .bcf (is biblatex installed?)")
                return
            run_child([biber, "--validate-datamodel", "bl"], work, TIMEOUT)
            log = (work / "bl.blg").read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.TimeoutExpired) as exc:
            yield _missing(src, "compile-biber", "biber", str(exc))
            return
    yield from parse_biber_log(log, src)
