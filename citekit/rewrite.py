"""Rewriting a file the run read: an advisory lock, and a check that nobody changed the file meanwhile.

``update``, ``check --fix``, ``fmt --in-place`` and ``convert --in-place`` read a file, work on it (for
minutes, when arXiv is asked), and replace it. Two things could lose an edit: the user
saves the file in an editor during the run, or a second citekit run rewrites it too.

- :class:`FileStamp` records what was read (device, inode, size, ``mtime_ns`` and a
  SHA-256 of the bytes). :meth:`FileStamp.verify`, called just before the replace,
  raises :class:`FileChangedError` when the file behind the name is no longer that
  (saved in place, or replaced by a rename), and the command writes nothing.
- :class:`EditLock` takes ``fcntl.flock`` on the file, without waiting, from before the
  read to after the replace. A second citekit run on the same file gets
  :class:`FileBusyError` and leaves the file alone. The lock is on the inode the run
  read: the replace makes a new one, so a run that locked the old inode late finds the
  file changed at its own verify and writes nothing either. Editors do not take the
  lock (it is advisory); the stamp catches them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import CitekitError

__all__ = ["FileStamp", "EditLock", "FileChangedError", "FileBusyError", "read_stamped", "stamp_read"]


class FileChangedError(CitekitError):
    """The file changed on disk between the run's read and its replace; nothing was written."""


class FileBusyError(CitekitError):
    """Another citekit run holds the file's edit lock; this run leaves the file alone."""


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a run read from ``path``: the file's identity, size, modification time and content hash."""

    path: str
    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, path: str | os.PathLike[str], data: bytes, st: os.stat_result) -> FileStamp:
        """The stamp of ``data``, read from ``path`` whose ``stat`` is ``st``."""
        return cls(str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, _digest(data))

    def change(self) -> str | None:
        """How the file behind the name differs from what was read, or None when it is the same."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return "it was deleted or renamed"
        except OSError as exc:
            return f"it cannot be looked at any more ({exc.strerror})"
        if (st.st_dev, st.st_ino) != (self.device, self.inode):
            return "another program replaced it"
        if st.st_size != self.size or st.st_mtime_ns != self.mtime_ns:
            return "another program wrote to it"
        try:
            data = Path(self.path).read_bytes()
        except OSError as exc:
            return f"it cannot be read any more ({exc.strerror})"
        # Same size and time can still hide a write within the clock's resolution.
        return None if _digest(data) == self.digest else "another program wrote to it"

    def verify(self) -> None:
        """Raise :class:`FileChangedError` unless the file is still exactly what was read."""
        why = self.change()
        if why is not None:
            raise FileChangedError(
                f"the file changed while citekit worked on it ({why}); nothing written, so that change is kept. "
                "Run the command again to work on the new version", origin=self.path)


def stamp_read(path: str | os.PathLike[str], data: bytes) -> FileStamp:
    """The :class:`FileStamp` of ``data``, just read from ``path``.

    The file is looked at after the read: a write in between gives a stamp whose time is
    new but whose hash is the old content's, so :meth:`FileStamp.verify` refuses (a
    needless refusal at worst, never a lost edit).
    """
    return FileStamp.of(path, data, os.stat(path))


def read_stamped(path: str | os.PathLike[str]) -> tuple[bytes, FileStamp]:
    """The bytes of the regular file ``path`` (:func:`citekit.inputs.read_regular`) and their :class:`FileStamp`."""
    from .inputs import read_regular

    data = read_regular(path)
    return data, stamp_read(path, data)


class EditLock:
    """``with EditLock(path):`` an exclusive advisory lock on ``path`` (no waiting: :class:`FileBusyError`)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        self._fd: int | None = None

    def __enter__(self) -> EditLock:
        import fcntl

        try:
            # O_NONBLOCK: opening a FIFO must not wait for a writer (the read refuses such files).
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return self  # nothing to protect yet; the read reports the missing file
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FileBusyError("another citekit run is rewriting this file; left untouched (run again when it has "
                                "finished)", origin=self.path) from None
        except OSError:
            pass  # a file system without locks: the stamp check still guards the replace
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
