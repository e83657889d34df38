"""Streaming conversion: read, key and write entry by entry, in memory that stays flat.

``citekit convert`` takes this path when every input is a file whose reader can
stream (``iter_read``: the arXiv metadata snapshot), the writer can stream
(``write_stream``: BibTeX, BibLaTeX, CSL-JSON) and there is no ``--enrich``. The
output is byte for byte what the whole-library path writes, with two differences that
a stream imposes:

* No merging. Snapshot records carry unique arXiv ids, so merging has nothing to do;
  when an id comes back anyway, the first record is kept and each later one is
  skipped with a warning (the ids seen are kept exactly, as bits of a bitmap allocated a
  month of ids at a time: :class:`~citekit.hashset.ArxivIdSet`, a few MB for any size).
* Citation keys are given in input order from a compact hash set
  (:class:`~citekit.keys.KeyAssigner`): the same keys as :func:`~citekit.keys.assign_keys`.

For the BibTeX and BibLaTeX writers, records are read and rendered in chunks of about
:data:`CHUNK_BYTES` of input, each ending at a line end; on an input over
:data:`PARALLEL_BYTES` the chunks go to worker processes (one per CPU,
``CITEKIT_WORKERS`` to choose), a few chunks in flight at a time so memory stays flat.
A worker reads its byte range of the file itself, renders each entry around its key
and turns its arXiv id and key stem into integers; the main process puts the chunks back in order,
drops repeated ids and makes the keys unique by probing its hash tables, and writes.
Same chunks, same code, same bytes: only the wall time changes.

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
import re
import signal
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, TextIO

from .atomic import AtomicFile
from .errors import DetectionError
from .diagnostics import report_problems
from .hashset import ArxivIdSet, hash64
from .keys import KeyAssigner, KeyPattern, make_stem
from .model import Entry, Problem
from .sources import READERS, SNIFF_BYTES, detect, iter_input_files

__all__ = ["StreamInput", "plan", "run"]

#: Bytes read to sniff a file: enough for SNIFF_BYTES characters of any UTF-8 text.
_HEAD_BYTES = 4 * SNIFF_BYTES
#: Bytes of input per chunk handed to a worker (about 1,300 snapshot records).
CHUNK_BYTES = 2 * 1024 * 1024
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
        try:
            reader = READERS.get(fmt) if fmt else detect(sample, origin)
        except DetectionError:
            return None  # the whole-library path tries the fallbacks (references, then ids) before refusing
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
    from .inputs import reject_binary
    from .errors import EncodingError

    try:
        reject_binary(head, "")
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
    seen_ids = ArxivIdSet()
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
    """What a worker needs to read and render one chunk: a byte range of the input file."""

    reader: str
    origin: str
    path: str
    start: int  # byte offset of the chunk's first line
    end: int  # byte offset just past its last line
    pattern: str | None
    writer: str
    options: Any


# One rendered record: arXiv id and its ArxivIdSet.token, line (in the chunk), own key, key stem and
# hash64 of its casefold, (head, tail) around the key, or the entry itself when its key
# shows in more places than the head. The hashes are made in the worker, so the main
# process, which alone sees every key, only probes its tables.
_Rendered = tuple[str | None, int, int | None, str | None, str | None, int, tuple[str, str] | None, Entry | None]
# A chunk: its records, the readers' problems (lines in the chunk), and its line count;
# None when the chunk is not plain UTF-8 (or holds NUL bytes): the run needs the other path.
_Chunk = tuple[list[_Rendered], list[Problem], int] | None


def _chunk_lines(job: _Job) -> list[str] | None:
    """The lines of the job's byte range, as a text file opened with ``utf-8-sig`` and universal newlines reads them (without line ends)."""
    with open(job.path, "rb") as handle:
        handle.seek(job.start)
        data = handle.read(job.end - job.start)
    if b"\x00" in data:
        return None
    if job.start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    del data
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _render(job: _Job) -> _Chunk:
    """Read and render one chunk (in a worker process, or in-line for small inputs)."""
    from .exporters import WRITERS

    lines = _chunk_lines(job)
    if lines is None:
        return None
    reader = READERS.get(job.reader)
    writer = WRITERS.get(job.writer)
    pattern = KeyPattern.parse(job.pattern)
    entry_parts = writer.entry_parts
    options = job.options
    id_token = ArxivIdSet.token
    problems: list[Problem] = []
    out: list[_Rendered] = []
    append = out.append
    for entry in reader.iter_read(lines, job.origin, problems):
        sources = entry.sources
        line = sources[0].line if sources else None
        arxiv_id = entry.arxiv_id
        own = entry.key
        stem = None if own else make_stem(entry, pattern)
        parts = entry_parts(entry, options)
        append((arxiv_id, id_token(arxiv_id) if arxiv_id else 0, line, own, stem,
                hash64(stem.casefold()) if stem else 0, parts, None if parts else entry))
    return out, problems, len(lines)


def _next_boundary(handle: BinaryIO, pos: int, size: int) -> int:
    """The offset just past the first line end (``\\n``, ``\\r\\n`` or ``\\r``) at or after ``pos``; ``size`` at the end."""
    handle.seek(pos)
    while pos < size:
        block = handle.read(1 << 16)
        if not block:
            return size
        cut = _LINE_END.search(block)
        if cut is None:
            pos += len(block)
            continue
        end = cut.end()
        if block[cut.start()] == 13 and end == len(block):  # a \r at the block's end: is a \n next?
            if handle.read(1) == b"\n":
                end += 1
        return pos + end
    return size


_LINE_END = re.compile(rb"\r\n?|\n")


def _jobs(item: StreamInput, pattern: str | None, writer: str, options: Any) -> Iterator[_Job]:
    """Byte ranges of about :data:`CHUNK_BYTES`, each ending at a line end."""
    path = str(item.path)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        start = 0
        while start < size:
            end = _next_boundary(handle, start + CHUNK_BYTES - 1, size) if start + CHUNK_BYTES < size else size
            yield _Job(item.reader.name, item.origin, path, start, end, pattern, writer, options)
            start = end


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


#: Signals held back while worker processes are forked and while they are stopped.
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class _signals_held:
    """Hold SIGINT/SIGTERM/SIGHUP back for a critical step; they arrive (and unwind) right after it.

    A Ctrl-C that lands inside ``fork`` is otherwise swallowed by an at-fork hook (the run
    goes on and replaces the output), and one that lands inside ``pool.terminate()`` can
    leave workers behind.
    """

    def __enter__(self) -> None:
        self._old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if hasattr(signal, "pthread_sigmask") else None

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._old)


def _quiet_worker() -> None:
    """Workers leave signals to the main process: Ctrl-C and SIGHUP (sent to the whole
    process group) are ignored, so no worker prints a traceback or dies holding a task;
    the main process unwinds and its ``pool.terminate()`` ends them with SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked with them held (see _signals_held)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def _rendered(jobs: Iterator[_Job], workers: int) -> Iterator[_Chunk]:
    """Chunk results in input order; with workers, a bounded number of chunks in flight."""
    if not workers:
        for job in jobs:
            yield _render(job)
        return
    import gc
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    # Forked workers share the parent's pages until written; a collection in a worker
    # would touch (and so copy) every object it inherited. Frozen objects are never scanned.
    gc.freeze()
    pool = None
    try:
        with _signals_held():  # the pool's threads and workers start with them held, too
            pool = context.Pool(workers, initializer=_quiet_worker)
        pending: deque[Any] = deque()
        for job in jobs:
            pending.append(pool.apply_async(_render, (job,)))
            if len(pending) > workers + 1:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        if pool is not None:
            with _signals_held():
                _end_pool(pool, multiprocessing)
        gc.unfreeze()


def _end_pool(pool: Any, multiprocessing: Any) -> None:
    """Terminate the pool without waiting forever.

    A signal sent to the whole process group (SIGTERM from a shell or a job runner) kills
    the workers where they stand, possibly while one holds a queue lock; ``terminate()``
    then waits on that lock for good. It runs in a helper thread, and if it has not ended
    in a few seconds the workers are killed and the run goes on to its exit.
    """
    import threading

    ender = threading.Thread(target=pool.terminate, name="citekit-pool-end", daemon=True)
    ender.start()
    ender.join(timeout=5)
    if ender.is_alive():
        for child in multiprocessing.active_children():
            child.kill()
        ender.join(timeout=1)
        return
    pool.join()


def _write_chunked(items: list[StreamInput], writer: Any, out: TextIO, keys: KeyAssigner, pattern: str | None,
                   options: Any, problems: list[Problem], later: list[Problem]) -> int:
    """The BibTeX/BibLaTeX streaming loop: render chunks, then dedupe, key and write in order."""
    seen_ids = ArxivIdSet()
    count = 0
    write = out.write
    workers = _workers(items)
    claim_stem = keys.claim_stem
    add_id = seen_ids.add_token
    for item in items:
        before = len(problems)
        read = 0
        offset = 0  # lines of the file before the chunk
        origin = item.origin
        for chunk in _rendered(_jobs(item, pattern, writer.name, options), workers):
            if chunk is None:
                raise _Fallback
            rendered, chunk_problems, chunk_lines = chunk
            if offset:
                chunk_problems = [replace(p, line=p.line + offset) if p.line else p for p in chunk_problems]
            problems.extend(chunk_problems)
            texts: list[str] = []
            for arxiv_id, id_token, line, own, stem, stem_hash, parts, entry in rendered:
                if id_token and not add_id(id_token):
                    later.append(_duplicate(arxiv_id, origin, line + offset if line else None))
                    continue
                if own is None and stem_hash:
                    key = claim_stem(stem, stem_hash)
                else:
                    key, problem = keys.claim(own, stem, origin, line + offset if line else None)
                    if problem is not None:
                        later.append(problem)
                if parts is not None:
                    texts.append(parts[0] + key + parts[1])
                else:
                    assert entry is not None
                    entry.key = key
                    texts.append(writer.entry_text(entry, options))
            read += len(rendered)
            offset += chunk_lines
            if texts:
                if count:
                    write("\n")
                write("\n".join(texts))
                count += len(texts)
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
        import tempfile

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
    from .keys import key_target

    keys = KeyAssigner(key_pattern, key_target(getattr(writer, "name", "bibtex")))
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
        failed = report_problems(problems, say, quiet=quiet, strict=strict)
        if failed:
            return failed
        sink.commit()
    if output and not quiet:
        say("info", f"wrote {count} entries to {output}")
    return 0
