"""The one pipeline: read -> merge -> enrich -> key -> write, for the command line and the library API alike.

``citekit convert`` parses its options into a :class:`Conversion` and calls :func:`run`;
the library API (:func:`citekit.convert`, :func:`citekit.export`) calls the same stages, so
a library caller gets the keys, warnings and layout the command line gives:

1. **read** (:func:`citekit.sources.read_paths`): every input through the one decoder and
   its reader (a ``.bib`` through the one scanner, :mod:`citekit.bibscan`);
2. **merge** (:func:`citekit.merge.merge`);
3. **enrich** from arXiv, when asked (:func:`citekit.enrich.enrich`);
4. **key** (:func:`key`): keys an existing output ``.bib`` already gives are reused, then
   every entry gets a unique valid key (:func:`citekit.keys.assign_keys`); the honest
   warnings about what the output lacks are added;
5. **write** (:func:`render`, then atomic writes): each output in its format and style; a
   ``.bib`` keeps the BOM, line ends and UTF-16 its ``.bib`` inputs share.

Streaming is a mode of the same run, chosen before reading: an arXiv snapshot going to one
BibTeX or CSL-JSON output, with no enrichment, goes through the same stages entry by entry
(:func:`_try_stream`: read with a streaming reader, merge repeated arXiv ids
(:class:`citekit.merge.FirstOfEachId`), key (:class:`citekit.keys.KeyAssigner`), write),
in flat memory and to the same bytes; :mod:`citekit.stream` only reads and renders the
records, in worker processes when the input is large.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import click

from .model import Library, Problem

__all__ = ["Conversion", "Converted", "run", "convert", "key", "render", "DEFAULT_INPUT"]

DEFAULT_INPUT = "seeds"


@dataclass(slots=True)
class Conversion:
    """One conversion: inputs, outputs (:class:`citekit.outputs.Output`), and how to merge, enrich, key and write."""

    inputs: Sequence[str]
    outputs: list[Any]
    fmt: str | None = None
    merge: bool = True
    enrich: Any = None  # citekit.enrich.EnrichOptions, or None for no enrichment
    key_pattern: str | None = None
    rekey: bool = False
    unicode: bool = False
    strict: bool = False
    quiet: bool = False
    key_map: str | None = None
    in_place: bool = False
    make_parents: bool = False
    cited_by: Sequence[str] = ()  # papers (.aux, .bcf, .tex) whose cited entries alone are kept
    page: dict[str, Any] = field(default_factory=dict)  # ExportOptions title / owners / group_by for page templates
    keep_case: bool = False  # .bib titles as written in CSL and styled lists (no sentence case)


@dataclass(slots=True)
class Converted:
    """What :func:`convert` gives a library caller: each output's text, the library and every problem met."""

    texts: list[str]
    library: Library
    problems: list[Problem] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The first (usually the only) output's text."""
        return self.texts[0]


def _quiet(kind: str, message: str) -> None:
    """The voice of a library caller: nothing printed (problems are returned)."""


def _progress(message: str) -> Any:
    """The front door's status line on a terminal (the command line's run only)."""
    from .frontdoor import progress

    return progress(message)


def key(library: Library, outputs: Sequence[Any], *, key_pattern: str | None = None, rekey: bool = False,
        enriched: bool = False, in_place_origins: frozenset[str] = frozenset(),
        say: Callable[[str, str], None] = _quiet, announce: Callable[[str, str], None] = _quiet,
        key_map: bool = False) -> Library:
    """Stage 4: reuse the keys an output .bib already gives, key every entry for the outputs' targets, add the honest warnings.

    Keys made from an arXiv id alone are remade once author, year and title are known, and
    ``announce`` says so; each such change, and each key ``rekey`` changes, is a
    ``library.key_changes`` record (``--key-map``).
    """
    from .diagnostics import honesty_problems
    from .keys import assign_keys, note_new_keys, run_target

    _reuse_existing_keys(library, outputs, in_place_origins, say, rekey=rekey)
    from .exporters import lists_only

    if lists_only(out.to for out in outputs):
        # Lists alone: the entries biber and bibtex print (the first of a key, none with skipbib), and no key
        # renamed (a run that also writes a .bib keeps every entry, the repeats renamed; its lists leave them out).
        from .listing import drop_unlisted

        drop_unlisted(library)
    assign_keys(library, key_pattern, target=run_target(out.to for out in outputs))
    remade = note_new_keys(library)
    stubs = [c for c in remade if "--rekey" not in c.reason]
    if stubs:
        # A \cite of the old key needs the new one, so this is said (and written to --key-map).
        shown = "; ".join(f"{c.old} -> {c.new}" for c in stubs[:5]) + (f"; and {len(stubs) - 5} more" if len(stubs) > 5 else "")
        announce("info", f"{len(stubs)} key(s) made from the arXiv id alone are now made from author, year and title: "
                         f"{shown}" + ("" if key_map else " (--key-map FILE lists them)"))
    if len(remade) > len(stubs):
        say("info", f"--rekey changed {len(remade) - len(stubs)} key(s) an output already gave")
    library.problems.extend(honesty_problems(library, enriched=enriched))
    return library


def convert(inputs: Sequence[str], outputs: Sequence[Any], *, fmt: str | None = None, merge: bool = True,
            enrich: Any = None, key_pattern: str | None = None, rekey: bool = False,
            unicode: bool = False) -> Converted:
    """Read -> merge -> enrich -> key -> render, as ``citekit convert`` runs them, without writing; problems are returned."""
    from .merge import merge as run_merge
    from .sources import read_paths

    library = read_paths(inputs, fmt)
    library = run_merge(library, enabled=merge)
    if enrich is not None:
        from .enrich import enrich as run_enrich

        library = run_enrich(library, enrich)
    key(library, outputs, key_pattern=key_pattern, rekey=rekey, enriched=enrich is not None)
    texts = render(library, outputs, unicode)
    return Converted(texts, library, list(dict.fromkeys(library.problems)))


def run(conversion: Conversion, written: list[str], say: Callable[[str, str], None]) -> int:
    """The command line's whole run: checks first, the streaming mode when it applies, else the stages; the exit status."""
    with _cyclic_collector_paused(conversion.enrich is None) as collector:  # enrichment keeps its collector
        return _run(conversion, written, say, collector)


def _run(conversion: Conversion, written: list[str], say: Callable[[str, str], None],
         collector: _cyclic_collector_paused) -> int:
    from .atomic import STREAM_PATHS, check_target
    from .errors import CitekitError, UsageError
    from .sources import iter_input_files

    c = conversion
    outputs = c.outputs
    for out in outputs:  # what a path is decides more than its extension
        if out.path is not None and not STREAM_PATHS.fullmatch(out.path):
            check_target(out.path, make_parents=c.make_parents)
    inputs = tuple(c.inputs)
    if not inputs:
        if not Path(DEFAULT_INPUT).is_dir():
            raise UsageError(f"no INPUT given and no ./{DEFAULT_INPUT}/ directory to read")
        inputs = (DEFAULT_INPUT,)
    for out in outputs:
        if out.to_stdout and not _stdout_open():
            raise CitekitError("standard output is closed: there is nowhere to write; give -o FILE")
    if c.key_map:
        check_target(c.key_map, make_parents=c.make_parents)
    input_files = [(origin, path) for origin, path in iter_input_files(inputs) if path is not None]
    clashes = _outputs_that_are_inputs(outputs, input_files)
    if clashes and not c.in_place:
        out, origin = clashes[0]
        raise UsageError(f"-o {out.path} is also an input ({origin}); it would be replaced. "
                         "Write elsewhere, or pass --in-place to rewrite it in its own format")

    def say_info(kind: str, message: str) -> None:  # what was read, merged, keyed: shown with -v
        say("detail", message)

    if (c.enrich is None and not c.cited_by and len(outputs) == 1 and not clashes and not c.key_map
            and not c.keep_case and not _streams_elsewhere(outputs[0])):
        status = _try_stream(inputs, c.fmt, outputs[0], c.key_pattern, c.unicode, c.strict, c.quiet, say, c.merge,
                             on_stream=collector.resume)
        if status is not None:
            return status
        collector.hold()  # the stream fell back to the whole library

    from contextlib import ExitStack

    with ExitStack() as held:
        # --in-place: each input rewritten is locked from before its read to after its replace, and
        # replaced only if it still holds what was read (citekit/rewrite.py).
        stamps = []
        for origin in dict.fromkeys(origin for _, origin in clashes):
            from .rewrite import EditLock, read_stamped

            held.enter_context(EditLock(origin))
            stamps.append(read_stamped(origin)[1])
        with _progress(f"reading {', '.join(inputs[:3])}{' ...' if len(inputs) > 3 else ''}"):
            library = _read(inputs, c.fmt, say_info)  # 1. read
        if c.keep_case:
            from .textcase import keep_case

            keep_case(library)
        if c.cited_by:
            library = _only_cited(library, c.cited_by, say, c.quiet)
        for out, origin in clashes:
            _check_same_format(library, out, origin)
        from .merge import merge

        before = len(library.entries)
        library = merge(library, enabled=c.merge)  # 2. merge
        if c.merge:
            say_info("info", f"merged {before} entries into {len(library.entries)} papers")
        if c.enrich is not None:  # 3. enrich
            from .enrich import enrich as run_enrich

            library = run_enrich(library, c.enrich)
        key(library, outputs, key_pattern=c.key_pattern, rekey=c.rekey, enriched=c.enrich is not None,  # 4. key
            in_place_origins=frozenset(origin for _, origin in clashes), say=say_info,
            announce=_quiet if c.quiet else say, key_map=bool(c.key_map))
        from .diagnostics import report_problems

        texts = []
        for out in outputs:  # 5. write: every text first, then the files
            with _progress(f"writing {len(library.entries):,} entries as {out.to}{f' ({out.style})' if out.style else ''}"):
                texts += render(library, [out], c.unicode, c.page, pieces=True)
        failed = report_problems(library.problems, say, quiet=c.quiet, strict=c.strict)
        if failed:
            return failed
        if c.key_map:
            from .keys import write_key_map

            write_key_map(library.key_changes, c.key_map)
            say_info("info", f"wrote {len(library.key_changes)} key change(s) to {c.key_map}")
        forms = [_bib_form(library) if out.to in ("bibtex", "biblatex") else None for out in outputs]
        for stamp in stamps:
            stamp.verify()
        counts = [_entries_held(out, library) for out in outputs]
        _write_all(outputs, texts, counts, c.quiet, c.make_parents, written, forms, say)
        return 0


def _stdout_open() -> bool:
    if sys.stdout is None:
        return False
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return True  # not a real file (a test runner's buffer): it takes writes
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


class _cyclic_collector_paused:
    """Python's cyclic garbage collector off while the whole library is read, merged, rendered and written
    (from the run's first check: loading the readers and writers makes long-lived objects only).

    The library and what rendering builds live until the run ends, so the collector would
    only rescan them (~30 ms of ~0.75 s at 1,000 records); the cyclic garbage a run leaves
    is a few dozen objects an entry (10,000 APA records: 186 MB peak either way). Reference
    counting still frees everything else. The streaming path, with no such bound, turns it back on
    (:meth:`resume`).

    For the same reason the interpreter's last collection at exit is spared the objects
    alive by then (``gc.freeze`` from an exit handler, ~40 ms): the outputs are written and
    closed before the run returns, and other exit handlers still run.
    """

    def __init__(self, pause: bool) -> None:
        self.pause = pause
        self.was_enabled = False

    def __enter__(self) -> _cyclic_collector_paused:
        import gc

        self.was_enabled = gc.isenabled()
        self.hold()
        return self

    def hold(self) -> None:
        """The collector off (when this run pauses it)."""
        import gc

        if self.pause:
            gc.disable()

    def resume(self) -> None:
        """The collector back as it was, for a run whose memory has no bound (the streaming mode)."""
        import gc

        if self.was_enabled:
            gc.enable()

    def __exit__(self, *exc: object) -> None:
        import atexit
        import gc

        if self.pause:
            atexit.unregister(gc.freeze)  # registered once however many runs one process makes
            atexit.register(gc.freeze)
        if self.was_enabled:
            gc.enable()


def _streams_elsewhere(out) -> bool:
    """An output streamed to a path other than stdout (the streaming path writes files or stdout only)."""
    return out.streamed and not out.to_stdout


def _try_stream(inputs, from_, out, key_pattern, unicode, strict, quiet, say, merge: bool = True,
                on_stream: Callable[[], None] = lambda: None) -> int | None:
    """The streaming mode, or None when it does not apply (or an input turns out to need the whole library).

    The same stages entry by entry, in flat memory: 1. read (a streaming reader,
    :mod:`citekit.stream`), 2. merge (:class:`citekit.merge.FirstOfEachId`: a stream can only
    join repeated arXiv ids), 4. key (:class:`citekit.keys.KeyAssigner`: the keys
    :func:`citekit.keys.assign_keys` gives), 5. write (the writer's ``write_stream``, or its
    text around each key) into a temporary that becomes the output only when the run
    succeeds. There is no 3: a run with ``--enrich`` never streams.
    """
    from .exporters import WRITERS, ExportOptions

    writer = WRITERS.get(out.to)
    if not hasattr(writer, "write_stream"):
        return None  # styled lists never stream; the streaming machinery need not load
    from . import stream

    items = stream.plan(inputs, from_, writer)  # 1. read: which inputs, with which streaming readers
    if items is None:
        return None
    on_stream()
    from .atomic import AtomicFile
    from .diagnostics import report_problems
    from .keys import KeyAssigner, key_target
    from .merge import FirstOfEachId

    options = ExportOptions(style=out.style, unicode=unicode)
    merged = FirstOfEachId(enabled=merge)  # 2. merge
    keys = KeyAssigner(key_pattern, key_target(writer.name))  # 4. key
    problems: list[Problem] = []  # the readers' problems, in input order
    later: list[Problem] = []  # skipped ids and changed keys, reported after the readers' problems
    counts: dict[tuple[str, str], int] = {}  # (input, reader) -> entries read, said with -v as the other mode says it
    output = None if out.streamed else out.path
    sink = AtomicFile(output) if output else stream.Spool(_write_stdout)
    with sink:
        try:
            if hasattr(writer, "entry_parts"):
                count = _stream_rendered(items, writer, sink.stream, merged, keys, key_pattern, options, problems, later,
                                         counts)
            else:
                count = writer.write_stream(_stream_entries(items, merged, keys, problems, later, counts), sink.stream,
                                            options)
        except stream.Fallback:
            return None
        _say_read(counts, lambda kind, message: say("detail", message))
        problems.extend(later)
        failed = report_problems(problems, say, quiet=quiet, strict=strict)
        if failed:
            return failed
        sink.commit()  # 5. write: the output replaced only now
    if output and not quiet:
        say("info", f"wrote {_entries(count)} to {output}")
    return 0


def _stream_entries(items, merged, keys, problems: list[Problem], later: list[Problem],  # type: ignore[no-untyped-def]
                    counts: dict[tuple[str, str], int]):
    """Streaming stages 1, 2 and 4 for a writer that takes entries: each input's entries, the first of each id, keyed."""
    from . import stream

    for item in items:
        for entry in stream.entries(item, problems):  # 1. read
            counts[(item.origin, item.reader.name)] = counts.get((item.origin, item.reader.name), 0) + 1
            if not merged.first(entry.arxiv_id):  # 2. merge
                later.append(merged.skipped(entry.arxiv_id, item.origin, entry.sources[0].line if entry.sources else None))
                continue
            problem = keys.assign(entry)  # 4. key
            if problem is not None:
                later.append(problem)
            yield entry


def _stream_rendered(items, writer, out, merged, keys, pattern, options, problems: list[Problem],  # type: ignore[no-untyped-def]
                     later: list[Problem], counts: dict[tuple[str, str], int]) -> int:
    """Streaming stages for the BibTeX writers: chunks read and rendered around their keys (in worker processes on
    a large input), then, in input order, 2. merge and 4. key for each record, and 5. its text written."""
    from . import stream

    count = 0
    write = out.write
    processes = stream.workers(items)
    first_token = merged.first_token
    claim_stem = keys.claim_stem
    for item in items:
        before = len(problems)
        read = 0
        origin = item.origin
        for records, chunk_problems, offset in stream.chunks(item, pattern, writer.name, options, processes):  # 1. read
            problems.extend(chunk_problems)
            texts: list[str] = []
            for arxiv_id, id_token, line, own, stem, stem_hash, parts, entry in records:
                if not first_token(id_token):  # 2. merge
                    later.append(merged.skipped(arxiv_id, origin, line + offset if line else None))
                    continue
                if own is None and stem_hash:  # 4. key
                    key = claim_stem(stem, stem_hash)
                else:
                    key, problem = keys.claim(own, stem, origin, line + offset if line else None)
                    if problem is not None:
                        later.append(problem)
                if parts is not None:  # 5. write
                    texts.append(parts[0] + key + parts[1])
                else:
                    entry.key = key
                    texts.append(writer.entry_text(entry, options))
            read += len(records)
            if texts:
                if count:
                    write("\n")
                write("\n".join(texts))
                count += len(texts)
        if read:
            counts[(origin, item.reader.name)] = counts.get((origin, item.reader.name), 0) + read
        if not read and not any(p.severity == "error" for p in problems[before:]):
            problems.append(Problem(f"no entries found (read as {item.reader.name})", item.origin))
    return count


def _read(inputs, from_, say_info):
    from .sources import read_paths

    library = read_paths(inputs, from_)
    counts: dict[tuple[str, str], int] = {}
    for entry in library.entries:
        first = entry.sources[0] if entry.sources else None
        if first is not None:
            counts[(first.origin, first.source)] = counts.get((first.origin, first.source), 0) + 1
    _say_read(counts, say_info)
    return library


def _say_read(counts: dict[tuple[str, str], int], say_info: Callable[[str, str], None]) -> None:
    """What each input gave (``-v``), in both modes alike."""
    for (origin, reader), n in counts.items():
        say_info("info", f"{origin}: {n} entr{'y' if n == 1 else 'ies'} (read as {reader})")


def _outputs_that_are_inputs(outputs, input_files) -> list:
    clashes = []
    for out in outputs:
        if out.streamed or not os.path.exists(out.path):
            continue
        for origin, path in input_files:
            try:
                if os.path.samefile(out.path, path):
                    clashes.append((out, origin))
            except OSError:
                continue
    return clashes


def _check_same_format(library, out, origin) -> None:
    """--in-place rewrites an input only in its own format (a .bib as BibTeX, a CSL-JSON file as CSL-JSON)."""
    from .errors import UsageError
    from .outputs import SAME_FORMAT, format_of_path

    readers = {s.source for e in library.entries for s in e.sources if s.origin == origin}
    if not readers:
        guess = format_of_path(origin)
        readers = {guess} if guess else set()
    if not readers or any(out.to not in SAME_FORMAT.get(reader, ()) for reader in readers):
        shown = ", ".join(sorted(readers)) or "an unknown format"
        raise UsageError(f"--in-place: {origin} is {shown} and -o {out.path} asks for {out.to}; "
                         "an input is rewritten only in its own format (write the conversion elsewhere)")


def _reuse_existing_keys(library, outputs, in_place_origins, say_info, *, rekey: bool = False) -> None:
    """Papers already named in an output .bib keep those keys (stable \\cite keys across runs).

    With ``rekey`` no key is kept, but each paper remembers the key it had, so that the
    key map can record every change ``--rekey`` makes.
    """
    for out in outputs:
        if out.to not in ("bibtex", "biblatex") or out.streamed or out.path in in_place_origins:
            continue
        path = Path(out.path)
        if not path.is_file():
            continue
        from .keys import reuse_keys, wants_old_keys

        if wants_old_keys(library):
            from .inputs import decode

            text, _ = decode(path.read_bytes(), out.path)  # the one decoder; its warnings belong to the read, not here
            kept = reuse_keys(library, text, out.path, rekey=rekey)
        else:
            kept = 0  # every entry has its own key: the old output is not read at all
        if not rekey:
            say_info("info", f"{kept} paper(s) keep the key {out.path} already gives them (--rekey regenerates them)")
        return


def _only_cited(library: Library, cited_by: Sequence[str], say: Callable[[str, str], None], quiet: bool) -> Library:
    """The entries the papers cite (see :mod:`citekit.cited`), naming the cited keys the library lacks."""
    from .cited import prune_library, read_citations

    pruned, missing, by_case = prune_library(library, read_citations(list(cited_by)))
    if not quiet:
        for cited in missing:
            say("warning", f"cited key {cited!r} is in no input")
        for cited in by_case:
            say("warning", f"cited key {cited!r} matches an entry only by letter case (bibtex accepts it, biber does not)")
    return pruned


def render(library: Library, outputs: Sequence[Any], unicode: bool = False, page: dict[str, Any] | None = None,
           *, pieces: bool = False) -> list[Any]:
    """Each output's text: its writer, with its style and a page template's ``page`` options (stage 5, before anything is written).

    With ``pieces``, a writer that gives its text in pieces (``chunks``, as the full JSON
    form does) gives them as they are written, so the whole text is never held at once.
    """
    from .exporters import WRITERS, ExportOptions

    page = page or {}
    texts: list[Any] = []
    for out in outputs:
        writer = WRITERS.get(out.to)
        options = ExportOptions(style=out.style, unicode=unicode, **page)
        texts.append(writer.chunks(library, options) if pieces and hasattr(writer, "chunks")
                     else writer.write(library, options))
    return texts


def _bib_form(library):  # type: ignore[no-untyped-def]
    """The BOM, line end and encoding the .bib inputs share (a .bib output keeps them), else plain UTF-8 with ``\n``."""
    from .inputs import TextForm

    origins = {e.sources[0].origin for e in library.entries if e.sources and e.sources[0].source == "bibtex"}
    origins |= {v.origin for v in library.verbatim}
    return TextForm.common([library.forms[o] for o in origins if o in library.forms])


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def _entries_held(out, library: Library) -> int:  # type: ignore[no-untyped-def]
    """How many entries ``out``'s file holds: every entry, but a styled list holds fewer when it leaves some out."""
    from .exporters import WRITERS

    holds = getattr(WRITERS.get(out.to), "holds", None)
    return holds(library) if holds is not None else len(library.entries)


def _write_all(outputs, texts, counts, quiet, make_parents, written: list[str], forms=None, say=_quiet) -> None:
    """Every file is staged as a temporary first, then each replaces its target: one bad path writes nothing.

    ``counts`` (one per output) are the entries each file holds, for the "wrote N entries" line.

    ``forms`` (one per output, or None) are the text forms a .bib output keeps from its inputs.
    """
    from .atomic import AtomicFile

    staged: list[AtomicFile | None] = []
    forms = forms or [None] * len(outputs)
    try:
        for out, text, form in zip(outputs, texts, forms):
            if out.streamed:
                staged.append(None)
                continue
            if form is not None:
                sink = AtomicFile(out.path, make_parents=make_parents, encoding=form.output_encoding)
                text = form.dress("".join(_pieces(text)))
            else:
                sink = AtomicFile(out.path, make_parents=make_parents)
            staged.append(sink)
            try:
                for piece in _pieces(text):
                    sink.stream.write(piece)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, out.path) from None
        for out, text, sink, count in zip(outputs, texts, staged, counts):
            if sink is None:
                for piece in _pieces(text):
                    _write_stream(out, piece)
            else:
                sink.commit()
            written.append(out.label)
            if not quiet and not (out.streamed and out.path is None):
                say("info", f"wrote {_entries(count)} to {out.label}")
    finally:
        for sink in staged:
            if sink is not None:
                sink.discard()


def _write_stdout(text: str) -> None:
    """The front door's writer of standard output (:func:`citekit.frontdoor.write_stdout`)."""
    from .frontdoor import write_stdout

    write_stdout(text)


def _pieces(text: Any) -> Any:
    """A rendered output's text as pieces to write: the text itself, or the pieces :func:`render` left to come."""
    return (text,) if isinstance(text, str) else text


def _write_stream(out, text: str) -> None:
    """Stdout, stderr, /dev/null and /dev/fd/N: written to, never replaced."""
    if out.to_stdout:
        _write_stdout(text)
        return
    if out.path in ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"):
        click.echo(text, nl=False, err=True)
        return
    try:
        with open(out.path, "a" if out.path != "/dev/null" else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, out.path) from None


