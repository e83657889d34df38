"""Atomic file writes: a failed run never leaves a truncated or clobbered file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

__all__ = ["AtomicFile", "write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class AtomicFile:
    """The streaming :func:`write_atomic`: write to ``.stream``, then :meth:`commit` or :meth:`discard`.

    The text goes to a temporary file beside ``path``; :meth:`commit` fsyncs it and
    renames it over ``path``. Leaving the ``with`` block without committing (an error,
    ``--strict``, Ctrl-C) removes the temporary file and leaves ``path`` as it was.
    """

    def __init__(self, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> None:
        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
        self.stream: TextIO = os.fdopen(fd, "w", encoding=encoding, newline="", buffering=1 << 20)
        self._done = False

    def commit(self) -> None:
        """Make the written text the content of ``path`` (atomically)."""
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            mode = self.target.stat().st_mode & 0o777 if self.target.exists() else 0o644
            os.chmod(self.tmp, mode)
            os.replace(self.tmp, self.target)
        except BaseException:
            self.discard()
            raise
        self._done = True

    def discard(self) -> None:
        """Drop the written text; ``path`` stays as it was."""
        if self._done:
            return
        self._done = True
        try:
            self.stream.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()
