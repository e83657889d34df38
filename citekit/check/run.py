"""Running the rules: read each file, pick its mode, run the selected rules, collect findings."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import InputError, UsageError
from .findings import SEVERITIES, Finding
from .rules import Context, Rule, all_rules
from .source import SourceFile, parse_bib, parse_csl_json

__all__ = ["CheckOptions", "CheckResult", "check_paths", "check_text", "select_rules", "detect_mode", "load"]

#: Fields and types only BibLaTeX has (BibTeX exporters such as DBLP's and Zotero's also write
#: eprinttype, urldate and langid, so those are no evidence).
_BIBLATEX_FIELDS = frozenset(
    "journaltitle date maintitle pubstate origdate eventdate xdata shortjournal titleaddon booksubtitle "
    "journalsubtitle origlocation".split()
)
_BIBLATEX_TYPES = frozenset(
    "online software dataset thesis report mvbook mvcollection bookinbook suppbook collection reference "
    "inreference patent periodical set xdata".split()
)
#: The share of entries with BibLaTeX-only fields or types that makes a file BibLaTeX.
_BIBLATEX_SHARE = 0.1


@dataclass(slots=True)
class CheckOptions:
    """What to check: mode (``auto``/``bibtex``/``biblatex``), rule selection, today, arXiv, compiling."""

    mode: str = "auto"
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    enrich: Any = None  # citekit.enrich.EnrichOptions, or None for no arXiv look-ups
    compile: bool = False
    today: _dt.date | None = None


@dataclass(slots=True)
class CheckResult:
    """The findings of a run (sorted), and each file as read."""

    findings: list[Finding] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)

    def count(self, severity: str) -> int:
        """How many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity == severity)


def detect_mode(src: SourceFile) -> str:
    """``csl`` for CSL-JSON; ``biblatex`` when enough entries use BibLaTeX-only fields (or many its types); else ``bibtex``.

    A type such as ``@online`` alone is weak evidence (BibTeX files have them too, printed
    as ``@misc``), so types count only when most entries use them.
    """
    if src.format == "csl":
        return "csl"
    if not src.entries:
        return "bibtex"
    fields = sum(1 for e in src.entries if any(f.name in _BIBLATEX_FIELDS for f in e.fields))
    types = sum(1 for e in src.entries if e.type in _BIBLATEX_TYPES)
    if fields >= max(1, _BIBLATEX_SHARE * len(src.entries)) or types > len(src.entries) / 2:
        return "biblatex"
    return "bibtex"


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules ``select`` names (ids or id prefixes such as ``name``; all when empty), less ``ignore``."""
    rules = all_rules()
    ids = [r.id for r in rules]

    def expand(words: Iterable[str], flag: str) -> set[str]:
        out: set[str] = set()
        for word in (w.strip().lower() for part in words for w in part.split(",")):
            if not word:
                continue
            if word in SEVERITIES:
                out.update(r.id for r in rules if r.severity == word)
                continue
            hits = [i for i in ids if i == word or i.startswith(word.rstrip("-") + "-")]
            if not hits:
                import difflib

                close = difflib.get_close_matches(word, ids, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise UsageError(f"{flag}: no rule {word!r}{hint} (see citekit check --list-rules)")
            out.update(hits)
        return out

    chosen = expand(select, "--select") if select else set(ids)
    chosen -= expand(ignore, "--ignore")
    return [r for r in rules if r.id in chosen]


def load(path: str | Path, text: str | None = None, strings: dict[str, str] | None = None) -> SourceFile:
    """Read one file as a .bib or CSL-JSON (by extension, else by its first character); ``strings`` from earlier .bib files."""
    from ..inputs import decode

    from ..rewrite import stamp_read

    p = str(path)
    encoding = "utf-8"
    stamp = None
    if text is None:
        from ..inputs import read_regular

        data = read_regular(p)  # never a device, a FIFO or an oversized file
        stamp = stamp_read(p, data)
        text, encoding = _decode_exactly(data, p, decode)
    # "^[^\S\n]*@", not "^\s*@": from every line start "\s*" runs over all the blank lines after it.
    is_json = p.lower().endswith((".json", ".csljson")) or text.lstrip()[:1] in ("[", "{") and not re.search(r"^[^\S\n]*@", text, re.M)
    src = parse_csl_json(text, p) if is_json else parse_bib(text, p, strings)
    src.encoding = encoding
    src.stamp = stamp
    return src


def _decode_exactly(data: bytes, path: str, decode) -> tuple[str, str]:
    """The file's text with its line endings and BOM kept (``--fix`` writes it back byte for byte), and its encoding.

    :func:`citekit.inputs.decode` vets the bytes (binary data is refused); UTF-16 files
    are taken as it reads them.
    """
    vetted, _ = decode(data, path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return vetted, "utf-16"
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return vetted, "utf-8"  # pragma: no cover (latin-1 decodes every byte)


def _expand_dirs(paths: Iterable[str | Path]) -> list[str]:
    """Each path, a directory standing for its .bib and CSL-JSON files in name order."""
    out: list[str] = []
    for p in paths:
        if Path(p).is_dir():
            out.extend(str(f) for f in sorted(Path(p).iterdir())
                       if f.is_file() and f.suffix.lower() in (".bib", ".json", ".csljson"))
        else:
            out.append(str(p))
    return out


def load_all(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Read the files in order; a .bib sees the @string macros of the .bib files before it, as bibtex does."""
    files: list[SourceFile] = []
    strings: dict[str, str] = {}
    for p in _expand_dirs(paths):
        src = load(p, strings=strings)
        if src.format == "bib":
            strings = src.strings
        files.append(src)
    return files


def check_text(text: str, path: str = "<text>", options: CheckOptions | None = None) -> CheckResult:
    """Check one bibliography given as text (a .bib, or CSL-JSON when ``path`` ends in .json)."""
    return _check([load(path, text)], options or CheckOptions())


def check_paths(paths: Iterable[str | Path], options: CheckOptions | None = None, **kwargs: Any) -> CheckResult:
    """Check each file (``.bib`` or CSL-JSON) and return every finding, sorted by file and line.

    ``kwargs`` are :class:`CheckOptions` fields (``mode``, ``select``, ``ignore``, ``enrich``,
    ``compile``, ``today``) for callers who do not build the options themselves.
    """
    opts = options or CheckOptions(**kwargs)
    return _check(load_all(paths), opts)


def _check(files: list[SourceFile], opts: CheckOptions) -> CheckResult:
    if opts.mode not in ("auto", "bibtex", "biblatex"):
        raise UsageError(f"--mode must be auto, bibtex or biblatex, not {opts.mode!r}")
    rules = select_rules(opts.select, opts.ignore)
    chosen = {r.id for r in rules}
    result = CheckResult(files=files)
    arxiv, failed = _arxiv_records(files, opts) if opts.enrich is not None else (None, {})
    for src in files:
        mode = detect_mode(src) if opts.mode == "auto" or src.format == "csl" else opts.mode
        ctx = Context(src, mode, today=opts.today or _dt.date.today(), arxiv=arxiv, arxiv_failed=failed)
        result.findings.extend(f for f in src.findings if f.rule in chosen)
        for r in rules:
            if (r.needs == "enrich" and arxiv is None) or (r.needs == "compile" and not opts.compile):
                continue
            result.findings.extend(r.run(ctx))
    result.findings.sort(key=Finding.sort_key)
    return result


def _arxiv_records(files: list[SourceFile], opts: CheckOptions) -> tuple[dict[str, Any], dict[str, str]]:
    """arXiv's records for every arXiv id in the files (through the enricher's cache and client), and the ids not answered."""
    from ..enrich.arxiv import Lookups
    from ..enrich.cache import Cache
    from ..enrich.options import default_cache_path
    from ..enrich.run import client_for
    from .arxiv import arxiv_id_of

    ids = list(dict.fromkeys(
        found[0] for src in files for entry in src.entries
        if (found := arxiv_id_of(entry, src.format == "csl"))
    ))
    if not ids:
        return {}, {}
    e = opts.enrich
    cache = Cache.open(e.cache_path if e.cache_path is not None else default_cache_path())
    client = client_for(e)  # the enricher's own client: pacing, retries, deadlines
    try:
        return Lookups(client, cache, e.batching, e.offline).papers(ids)
    finally:
        client.close()
        cache.close()
