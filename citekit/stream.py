"""Streaming conversion: read, key and write entry by entry, in memory that stays flat.

``citekit convert`` takes this path when every input is a file whose reader can
stream (``iter_read``: the arXiv metadata snapshot), the writer can stream
(``write_stream``: BibTeX, BibLaTeX, CSL-JSON) and there is no ``--enrich``. The
output is byte for byte what the whole-library path writes, with two differences that
a stream imposes:

* No merging. Snapshot records carry unique arXiv ids, so merging has nothing to do;
  when an id comes back anyway, the first record is kept and each later one is
  skipped with a warning (the ids seen are kept as 64-bit hashes, 8 bytes each).
* Citation keys are given in input order from a compact hash set
  (:class:`~citekit.keys.KeyAssigner`): the same keys as :func:`~citekit.keys.assign_keys`.

For the BibTeX and BibLaTeX writers, records are read and rendered in chunks of
lines; on an input over :data:`PARALLEL_BYTES` the chunks go to worker processes (one
per CPU, ``CITEKIT_WORKERS`` to choose), a few chunks in flight at a time so memory
stays flat, and the main process puts them back in order, makes the keys unique and
writes. Same chunks, same code, same bytes: only the wall time changes.

The contract does not change: the text goes to a temporary file (beside ``-o``, or a
spool for stdout) that becomes the output only when the run succeeds, so an error, a
``--strict`` warning or Ctrl-C leaves nothing written. Problems are printed at the end,
as on the other path. An input that turns out not to be plain UTF-8 (or holds NUL
bytes) past its first 256 KiB sends the run back to the whole-library path, which knows
how to recover; the partial output is dropped.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from .atomic import AtomicFile
from .hashset import HashSet64
from .keys import KeyAssigner, KeyPattern, make_stem
from .model import Entry, Problem
from .sources import READERS, SNIFF_BYTES, detect, iter_input_files

__all__ = ["StreamInput", "plan", "run"]

#: Bytes read to sniff a file: enough for SNIFF_BYTES characters of any UTF-8 text.
_HEAD_BYTES = 4 * SNIFF_BYTES
#: Lines per chunk handed to a worker (about 1.6 MB of snapshot).
CHUNK_LINES = 1000
#: Inputs at least this large (in total) are rendered by worker processes.
PARALLEL_BYTES = 4 * 1024 * 1024


class _Fallback(Exception):
    """The input needs the whole-library path (an encoding or NUL problem met mid-stream)."""


@dataclass(frozen=True, slots=True)
class StreamInput:
    """One input file and the streaming reader that reads it."""

    origin: str
    path: Path
    reader: Any  # a StreamingReader


def plan(inputs: Iterable[str], fmt: str | None, writer: Any) -> list[StreamInput] | None:
    """The inputs with their streaming readers, or None when this run cannot stream.

    Raises what the whole-library path raises for a missing file or an unrecognised one.
    """
    if not hasattr(writer, "write_stream"):
        return None
    items: list[StreamInput] = []
    for origin, path in iter_input_files(inputs):
        if path is None:  # stdin
            return None
        sample = _sample(path)
        if sample is None:
            return None
        reader = READERS.get(fmt) if fmt else detect(sample, origin)
        if not hasattr(reader, "iter_read"):
            return None
        items.append(StreamInput(origin, path, reader))
    return items or None


def _sample(path: Path) -> str | None:
    """The start of ``path`` as the other path would see it, or None when it needs that path."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=len(head) < _HEAD_BYTES)
    except UnicodeDecodeError:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or _looks_binary(head):
        return None
    return text[:SNIFF_BYTES]


def _looks_binary(head: bytes) -> bool:
    from .inputs import _reject_binary
    from .errors import EncodingError

    try:
        _reject_binary(head, "")
    except EncodingError:
        return True
    return False


def _lines(handle: TextIO) -> Iterator[str]:
    for line in handle:
        if "\x00" in line:
            raise _Fallback
        yield line


def _entries(items: list[StreamInput], keys: KeyAssigner, problems: list[Problem], later: list[Problem]) -> Iterator[Entry]:
    """Every entry of every input, deduplicated by arXiv id and keyed, in input order."""
    seen_ids = HashSet64()
    for item in items:
        before = len(problems)
        read = 0
        try:
            with open(item.path, encoding="utf-8-sig", newline=None) as handle:
                for entry in item.reader.iter_read(_lines(handle), item.origin, problems):
                    read += 1
                    if entry.arxiv_id and not seen_ids.add(entry.arxiv_id):
                        later.append(_duplicate(entry.arxiv_id, item.origin, entry.sources[0].line if entry.sources else None))
                        continue
                    problem = keys.assign(entry)
                    if problem is not None:
                        later.append(problem)
                    yield entry
        except UnicodeDecodeError:
            raise _Fallback from None
        if not read and not any(p.severity == "error" for p in problems[before:]):
            problems.append(Problem(f"no entries found (read as {item.reader.name})", item.origin))


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs to render one chunk of lines."""

    reader: str
    origin: str
    offset: int  # lines of the file before this chunk
    lines: list[str]
    pattern: str | None
    writer: str
    options: Any


# One rendered record: arXiv id, line, own key, key stem, (head, tail) around the key,
# or the entry itself when its key shows in more places than the head.
_Rendered = tuple[str | None, int | None, str | None, str | None, tuple[str, str] | None, Entry | None]


def _render(job: _Job) -> tuple[list[_Rendered], list[Problem]]:
    """Read and render one chunk (in a worker process, or in-line for small inputs)."""
    from .exporters import WRITERS

    reader = READERS.get(job.reader)
    writer = WRITERS.get(job.writer)
    pattern = KeyPattern.parse(job.pattern)
    problems: list[Problem] = []
    out: list[_Rendered] = []
    offset = job.offset
    for entry in reader.iter_read(iter(job.lines), job.origin, problems):
        line = entry.sources[0].line + offset if entry.sources and entry.sources[0].line else None
        own = entry.key
        stem = None if own else make_stem(entry, pattern)
        parts = writer.entry_parts(entry, job.options)
        out.append((entry.arxiv_id, line, own, stem, parts, None if parts else entry))
    if offset:
        problems = [replace(p, line=p.line + offset) if p.line else p for p in problems]
    return out, problems


def _jobs(item: StreamInput, pattern: str | None, writer: str, options: Any) -> Iterator[_Job]:
    offset = 0
    try:
        with open(item.path, encoding="utf-8-sig", newline=None) as handle:
            lines: list[str] = []
            for line in _lines(handle):
                lines.append(line)
                if len(lines) >= CHUNK_LINES:
                    yield _Job(item.reader.name, item.origin, offset, lines, pattern, writer, options)
                    offset += len(lines)
                    lines = []
            if lines:
                yield _Job(item.reader.name, item.origin, offset, lines, pattern, writer, options)
    except UnicodeDecodeError:
        raise _Fallback from None


def _workers(items: list[StreamInput]) -> int:
    """How many worker processes: none for small inputs, else one per CPU (``CITEKIT_WORKERS``)."""
    wanted = os.environ.get("CITEKIT_WORKERS", "")
    if wanted.isdigit():
        return int(wanted)
    size = sum(item.path.stat().st_size for item in items)
    if size < PARALLEL_BYTES:
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus if cpus > 1 else 0


def _rendered(jobs: Iterator[_Job], workers: int) -> Iterator[tuple[list[_Rendered], list[Problem]]]:
    """Chunk results in input order; with workers, a bounded number of chunks in flight."""
    if not workers:
        for job in jobs:
            yield _render(job)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = context.Pool(workers)
    try:
        pending: deque[Any] = deque()
        for job in jobs:
            pending.append(pool.apply_async(_render, (job,)))
            if len(pending) > workers + 1:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _write_chunked(items: list[StreamInput], writer: Any, out: TextIO, keys: KeyAssigner, pattern: str | None,
                   options: Any, problems: list[Problem], later: list[Problem]) -> int:
    """The BibTeX/BibLaTeX streaming loop: render chunks, then dedupe, key and write in order."""
    seen_ids = HashSet64()
    count = 0
    write = out.write
    workers = _workers(items)
    for item in items:
        before = len(problems)
        read = 0
        for rendered, chunk_problems in _rendered(_jobs(item, pattern, writer.name, options), workers):
            problems.extend(chunk_problems)
            for arxiv_id, line, own, stem, parts, entry in rendered:
                read += 1
                if arxiv_id and not seen_ids.add(arxiv_id):
                    later.append(_duplicate(arxiv_id, item.origin, line))
                    continue
                key, problem = keys.claim(own, stem, item.origin, line)
                if problem is not None:
                    later.append(problem)
                if count:
                    write("\n")
                if parts is not None:
                    write(parts[0] + key + parts[1])
                else:
                    assert entry is not None
                    entry.key = key
                    write(writer.entry_text(entry, options))
                count += 1
        if not read and not any(p.severity == "error" for p in problems[before:]):
            problems.append(Problem(f"no entries found (read as {item.reader.name})", item.origin))
    return count


def _duplicate(arxiv_id: str, origin: str, line: int | None) -> Problem:
    return Problem(
        f"arXiv id {arxiv_id} was read already; this record is skipped "
        "(streaming keeps the first record of an id and does not merge)",
        origin, line,
    )


class _Spool:
    """Output for stdout: a temporary file copied out only when the run succeeds."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.stream: TextIO = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self._echo = echo

    def commit(self) -> None:
        self.stream.seek(0)
        while chunk := self.stream.read(1 << 20):
            self._echo(chunk)
        self.stream.close()

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def run(
    items: list[StreamInput],
    writer: Any,
    output: str | None,
    *,
    key_pattern: str | None,
    options: Any,
    strict: bool,
    quiet: bool,
    say: Callable[[str, str], None],
    echo: Callable[[str], None],
) -> int | None:
    """Stream ``items`` through keys into ``writer``; the exit status, or None to use the other path."""
    problems: list[Problem] = []
    later: list[Problem] = []  # duplicate ids and changed keys, reported after the readers' problems
    keys = KeyAssigner(key_pattern)
    sink: AtomicFile | _Spool = AtomicFile(output) if output else _Spool(echo)
    with sink:
        try:
            if hasattr(writer, "entry_parts"):
                count = _write_chunked(items, writer, sink.stream, keys, key_pattern, options, problems, later)
            else:
                count = writer.write_stream(_entries(items, keys, problems, later), sink.stream, options)
        except _Fallback:
            return None
        problems.extend(later)
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity != "error"]
        if not quiet or errors:
            for problem in problems:
                if quiet and problem.severity != "error":
                    continue
                say(problem.severity, f"{problem.origin}{':' + str(problem.line) if problem.line else ''}: {problem.message}")
        if errors:
            say("error", f"{len(errors)} error(s); nothing written")
            return 1
        if strict and warnings:
            say("error", f"--strict: {len(warnings)} warning(s); nothing written")
            return 1
        sink.commit()
    if output and not quiet:
        say("info", f"wrote {count} entries to {output}")
    return 0
