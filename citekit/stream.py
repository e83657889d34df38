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

The contract does not change: the text goes to a temporary file (beside ``-o``, or a
spool for stdout) that becomes the output only when the run succeeds, so an error, a
``--strict`` warning or Ctrl-C leaves nothing written. Problems are printed at the end,
as on the other path. An input that turns out not to be plain UTF-8 (or holds NUL
bytes) past its first 256 KiB sends the run back to the whole-library path, which knows
how to recover; the partial output is dropped.
"""

from __future__ import annotations

import codecs
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

from .atomic import AtomicFile
from .hashset import HashSet64
from .keys import KeyAssigner
from .model import Entry, Problem
from .sources import READERS, SNIFF_BYTES, detect, iter_input_files

__all__ = ["StreamInput", "plan", "run"]

#: Bytes read to sniff a file: enough for SNIFF_BYTES characters of any UTF-8 text.
_HEAD_BYTES = 4 * SNIFF_BYTES


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


def _entries(items: list[StreamInput], keys: KeyAssigner, problems: list[Problem]) -> Iterator[Entry]:
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
                        where = entry.sources[0].line if entry.sources else None
                        problems.append(Problem(
                            f"arXiv id {entry.arxiv_id} was read already; this record is skipped "
                            "(streaming keeps the first record of an id and does not merge)",
                            item.origin, where,
                        ))
                        continue
                    problem = keys.assign(entry)
                    if problem is not None:
                        problems.append(problem)
                    yield entry
        except UnicodeDecodeError:
            raise _Fallback from None
        if not read and not any(p.severity == "error" for p in problems[before:]):
            problems.append(Problem(f"no entries found (read as {item.reader.name})", item.origin))


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
    keys = KeyAssigner(key_pattern)
    sink: AtomicFile | _Spool = AtomicFile(output) if output else _Spool(echo)
    with sink:
        try:
            count = writer.write_stream(_entries(items, keys, problems), sink.stream, options)
        except _Fallback:
            return None
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
