"""Running the rules: read each file, pick its mode, run the selected rules, collect findings."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import UsageError
from .findings import SEVERITIES, Finding
from .rules import Context, Rule, all_rules
from .source import SourceFile, parse_bib, parse_csl_json

__all__ = ["CheckOptions", "CheckResult", "check_files", "check_paths", "check_text", "select_rules", "detect_mode", "load"]

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
    #: ``progress(message)`` -> a context manager saying what long work runs (the CLI's status line); None: silent.
    progress: Any = None


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
    """Read one file as a .bib or CSL-JSON (by extension, else by its first character); ``strings`` from earlier .bib files.

    The bytes go through the one decoder (:func:`citekit.inputs.decode_exact`): the text is
    kept exactly (BOM and line ends too), so ``--fix`` writes it back byte for byte.
    """
    from ..inputs import MAX_EDIT_BYTES, decode_exact, read_source
    from ..rewrite import stamp_read

    p = str(path)
    decoded = None
    stamp = None
    if text is None:
        # "-" is standard input, named <stdin>; a file is never a device, a FIFO or oversized.
        p, data = read_source(p, MAX_EDIT_BYTES)
        decoded = decode_exact(data, p)
        text = decoded.text
        if p != "<stdin>":
            stamp = stamp_read(p, data)  # --fix replaces the file only if it still holds this
    # "^[^\S\n]*@", not "^\s*@": from every line start "\s*" runs over all the blank lines after it.
    is_json = p.lower().endswith((".json", ".csljson")) or text.lstrip()[:1] in ("[", "{") and not re.search(r"^[^\S\n]*@", text, re.M)
    src = parse_csl_json(text, p) if is_json else parse_bib(text, p, strings)
    src.stamp = stamp
    if decoded is not None:
        src.decoded = decoded
        src.encoding = decoded.encoding
    return src


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


def check_files(files: list[SourceFile], options: CheckOptions | None = None) -> CheckResult:
    """:func:`check_paths` of files already read by :func:`load_all` (``check --fix`` that fixed nothing: no second read)."""
    return _check(files, options or CheckOptions())


def _check(files: list[SourceFile], opts: CheckOptions) -> CheckResult:
    if opts.mode not in ("auto", "bibtex", "biblatex"):
        raise UsageError(f"--mode must be auto, bibtex or biblatex, not {opts.mode!r}")
    rules = select_rules(opts.select, opts.ignore)
    chosen = {r.id for r in rules}
    result = CheckResult(files=files)
    arxiv, failed = _arxiv_records(files, opts) if opts.enrich is not None else (None, {})
    # The .bib files of one run are one database (as \\bibliography{a,b}): a crossref may name an entry of another.
    database: dict[str, Any] = {}
    for src in files:
        if src.format == "bib":
            for entry in src.entries:
                database.setdefault(entry.key.lower(), entry)
    published_as = _published_as(arxiv, opts) if arxiv else {}
    for src in files:
        mode = detect_mode(src) if opts.mode == "auto" or src.format == "csl" else opts.mode
        own = {}
        for entry in src.entries:
            own.setdefault(entry.key.lower(), entry)
        by_key = {**database, **own} if src.format == "bib" else own
        ctx = Context(src, mode, today=opts.today or _dt.date.today(), arxiv=arxiv, arxiv_failed=failed,
                      published_as=published_as, by_key=by_key)
        result.findings.extend(f for f in src.findings if f.rule in chosen)
        for r in rules:
            if (r.needs == "enrich" and arxiv is None) or (r.needs == "compile" and not opts.compile):
                continue
            if r.needs == "compile" and opts.progress is not None:
                with opts.progress(f"{src.path}: running {r.id.removeprefix('compile-')} ({len(src.entries):,} entries)"):
                    result.findings.extend(r.run(ctx))
                continue
            result.findings.extend(r.run(ctx))
    from .suppress import drop_suppressed

    result.findings = drop_suppressed(result.findings, files)
    result.findings.sort(key=Finding.sort_key)
    return result


def _published_as(records: dict[str, Any], opts: CheckOptions) -> dict[str, str]:
    """Where each published paper appeared ("Nature 585(7825), 357--362 (2020)"): from its journal reference
    read with confidence, else (unless ``--no-doi``) from its DOI's record, verified like the enricher's."""
    from ..enrich.cache import Cache
    from ..enrich.doi import csl_published_fields, verify_item
    from ..enrich.options import default_cache_path
    from ..enrich.run import doi_client_for
    from ..journalref import parse_journal_ref, published_fields

    out: dict[str, str] = {}
    by_doi: dict[str, Any] = {}
    for arxiv_id, record in records.items():
        if record is None:
            continue
        parts = published_fields(parse_journal_ref(record.journal_ref)) if record.journal_ref else None
        if parts:
            out[arxiv_id] = _venue_text(parts)
        elif record.doi and not record.doi.casefold().startswith("10.48550/"):
            by_doi[record.doi] = record
    e = opts.enrich
    if not by_doi or e is None or not e.doi:
        return out
    cache = Cache.open(e.cache_path if e.cache_path is not None else default_cache_path())
    client = doi_client_for(e, cache)
    try:
        answer = client.lookup(list(by_doi))
    finally:
        client.close()
        cache.close()
    for doi, record in by_doi.items():
        item = answer.items.get(doi)
        if item and verify_item(item, record.title, record.names()) is None:
            parts = csl_published_fields(item)
            if parts:
                out[record.arxiv_id] = _venue_text(parts)
    return out


def _venue_text(parts: dict[str, str]) -> str:
    text = parts["container_title"]
    if parts.get("volume"):
        text += f" {parts['volume']}" + (f"({parts['issue']})" if parts.get("issue") else "")
    if parts.get("page"):
        text += f", {parts['page']}"
    return text + (f" ({parts['year']})" if parts.get("year") else "")


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
