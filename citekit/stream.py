"""The streaming mode's reading and rendering machinery: entries, or rendered chunks, in flat memory.

:func:`citekit.pipeline.run` streams when every input is a file whose reader can
stream (``iter_read``: the arXiv metadata snapshot), the writer can stream
(``write_stream``: BibTeX, BibLaTeX, CSL-JSON) and there is no ``--enrich``. The stages
are the pipeline's (see :mod:`citekit.pipeline`): this module only supplies what a stage
reads, entry by entry, and does it in worker processes when that pays. It holds no
merging and no keying: those are :class:`citekit.merge.FirstOfEachId` and
:class:`citekit.keys.KeyAssigner`, called by the pipeline for every record.

* :func:`plan`: the inputs with their streaming readers, or None when the run cannot stream.
* :func:`entries`: one input's entries (the read stage), for writers that take entries.
* :func:`chunks`: for the BibTeX and BibLaTeX writers, the input read and rendered in chunks
  of about :data:`CHUNK_BYTES`, each ending at a line end; each record comes rendered
  around its key, with its arXiv id's token and its key stem's hash worked out ahead
  (:data:`Record`). On an input over :data:`PARALLEL_BYTES` the chunks go to worker
  processes (one per CPU, ``CITEKIT_WORKERS`` to choose), a few in flight at a time so
  memory stays flat, and come back in input order. Same chunks, same code, same bytes:
  only the wall time changes.

An input that turns out not to be plain UTF-8 (or holds NUL bytes) past its first
256 KiB raises :class:`Fallback`: the run goes back to the whole-library mode, whose
decoder knows how to recover, and the partial output is dropped.
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

from .errors import DetectionError
from .keys import KeyPattern, make_stem
from .merge import FirstOfEachId
from .model import Entry, Problem
from .sources import READERS, SNIFF_BYTES, detect, iter_input_files

__all__ = ["StreamInput", "Fallback", "Record", "Spool", "plan", "entries", "chunks", "workers"]

#: Bytes read to sniff a file: enough for SNIFF_BYTES characters of any UTF-8 text.
_HEAD_BYTES = 4 * SNIFF_BYTES
#: Bytes of input per chunk handed to a worker (about 1,300 snapshot records).
CHUNK_BYTES = 2 * 1024 * 1024
#: Inputs at least this large (in total) are rendered by worker processes.
PARALLEL_BYTES = 4 * 1024 * 1024


class Fallback(Exception):
    """The input needs the whole-library mode (an encoding or NUL problem met mid-stream)."""


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
            raise Fallback
        yield line


def entries(item: StreamInput, problems: list[Problem]) -> Iterator[Entry]:
    """The read stage of one input: its entries in order, the reader's problems appended to ``problems``.

    Raises :class:`Fallback` when the input is not plain UTF-8 after all; an input with no
    entry (and no error) gets a "no entries found" problem, as in the whole-library mode.
    """
    before = len(problems)
    read = 0
    try:
        with open(item.path, encoding="utf-8-sig", newline=None) as handle:
            for entry in item.reader.iter_read(_lines(handle), item.origin, problems):
                read += 1
                yield entry
    except UnicodeDecodeError:
        raise Fallback from None
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


#: One rendered record: arXiv id and its token (:meth:`FirstOfEachId.tokenizer`), line, own key, key stem
#: and ``hash64`` of its casefold, (head, tail) around the key, or the entry itself when its key
#: shows in more places than the head. The hashes are made in the worker, so the main
#: process, which alone sees every key, only probes its tables.
Record = tuple[str | None, int, int | None, str | None, str | None, int, tuple[str, str] | None, Entry | None]
# A chunk: its records, the readers' problems (lines in the chunk), and its line count;
# None when the chunk is not plain UTF-8 (or holds NUL bytes): the run needs the other mode.
_Chunk = tuple[list[Record], list[Problem], int] | None


def _chunk_lines(job: _Job) -> list[bytes] | None:
    """The lines of the job's byte range as a text file opened with ``utf-8-sig`` and universal newlines
    splits them (without line ends), still UTF-8 bytes; None when the range holds a NUL byte.

    Left undecoded: the snapshot reader hands bytes to orjson, which checks the UTF-8 as it
    parses, and splitting bytes costs half what splitting the decoded text does. A line
    that is not UTF-8 raises :class:`UnicodeDecodeError` when it is read (see :func:`_render`).
    """
    with open(job.path, "rb") as handle:
        handle.seek(job.start)
        data = handle.read(job.end - job.start)
    if b"\x00" in data:
        return None
    if job.start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


def _render(job: _Job) -> _Chunk:
    """Read and render one chunk (in a worker process, or in-line for small inputs)."""
    from .exporters import WRITERS
    from .hashset import hash64  # here: a run that only asks plan() whether it can stream need not load it

    lines = _chunk_lines(job)
    if lines is None:
        return None
    reader = READERS.get(job.reader)
    writer = WRITERS.get(job.writer)
    pattern = KeyPattern.parse(job.pattern)
    entry_parts = writer.entry_parts
    options = job.options
    id_token = FirstOfEachId.tokenizer()
    problems: list[Problem] = []
    out: list[Record] = []
    append = out.append
    # What the writer never prints of a listing's entry is not read (the snapshot's abstracts: a kilobyte a record).
    try:
        for entry in reader.iter_read(lines, job.origin, problems, getattr(writer, "listing_unread", frozenset())):
            sources = entry.sources
            line = sources[0].line if sources else None
            arxiv_id = entry.arxiv_id
            own = entry.key
            stem = None if own else make_stem(entry, pattern)
            parts = entry_parts(entry, options)
            append((arxiv_id, id_token(arxiv_id) if arxiv_id else 0, line, own, stem,
                    hash64(stem.casefold()) if stem else 0, parts, None if parts else entry))
    except UnicodeDecodeError:  # a line that is not UTF-8 (the reader decodes a line orjson refused)
        return None
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


def workers(items: list[StreamInput]) -> int:
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


def chunks(item: StreamInput, pattern: str | None, writer: str, options: Any, processes: int,
           ) -> Iterator[tuple[list[Record], list[Problem], int]]:
    """One input read and rendered by ``writer`` in chunks, in input order: each chunk's records, the
    readers' problems (lines counted from the file's start) and the lines before the chunk, which a
    record's line (counted in its chunk) is added to where one is shown. Raises :class:`Fallback`."""
    offset = 0  # lines of the file before the chunk
    for chunk in _rendered(_jobs(item, pattern, writer, options), processes):
        if chunk is None:
            raise Fallback
        records, problems, lines = chunk
        if offset:
            problems = [replace(p, line=p.line + offset) if p.line else p for p in problems]
        yield records, problems, offset
        offset += lines


class Spool:
    """Output for stdout: a temporary file copied out only when the run succeeds (the write stage's sink)."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        import tempfile

        self.stream: TextIO = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self._echo = echo

    def commit(self) -> None:
        """Copy the whole text out."""
        self.stream.seek(0)
        while chunk := self.stream.read(1 << 20):
            self._echo(chunk)
        self.stream.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
