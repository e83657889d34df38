"""Safe output files: only regular files, replaced atomically, never a device, a pipe or a directory.

A write goes to a temporary file beside the real target (symlinks are followed, so a
link keeps pointing at fresh content), is fsynced, and is renamed over the target. A
failed or interrupted run removes its temporary file and leaves the old output intact.
The temporary name carries the writer's process id (``.NAME.PID.XXXXXXXX.tmp``), so a
later run can tell a temporary left by a killed run (its process is gone) from one that
another run is still writing, and removes only the former.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .errors import CitekitError, UsageError

__all__ = ["AtomicFile", "write_atomic", "write_backup", "check_target", "remove_stale_temps", "STREAM_PATHS"]

#: Paths written to as a stream (never replaced): stdout and friends, and the null device.
STREAM_PATHS = re.compile(r"-|/dev/(?:stdout|stderr|null|fd/\d+)|/proc/self/fd/\d+")

#: A temporary of an older citekit (no process id in its name) counts as stale after this long.
LEGACY_STALE_SECONDS = 3600

_KINDS = (
    (stat.S_ISDIR, "is a directory; give a file name inside it"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
    (stat.S_ISSOCK, "is a socket"),
)


def check_target(path: str | os.PathLike[str], *, make_parents: bool = False) -> Path:
    """The regular file that writing ``path`` replaces (symlinks followed); raises when it cannot be one.

    A directory, device, FIFO or socket is a :class:`UsageError` (nothing is replaced);
    so is a missing parent directory unless ``make_parents`` (then it is created).
    """
    raw = os.fspath(path)
    if raw.endswith(("/", os.sep)):
        raise UsageError("names a directory; give a file name (for example refs.bib inside it)", origin=raw)
    target = Path(os.path.realpath(raw))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise CitekitError(f"cannot be checked: {exc.strerror}", origin=raw) from None
    if mode is not None and not stat.S_ISREG(mode):
        for test, what in _KINDS:
            if test(mode):
                hint = "" if test is stat.S_ISDIR else "; citekit writes only regular files (use -o - or /dev/stdout for a stream)"
                raise UsageError(what + hint, origin=raw)
        raise UsageError("is not a regular file", origin=raw)
    parent = target.parent
    if not parent.exists():
        if not make_parents:
            raise UsageError(f"directory {parent} does not exist; create it (mkdir -p {parent}) or pass --mkdir", origin=raw)
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(parent)) from None
    elif not parent.is_dir():
        raise UsageError(f"{parent} is not a directory", origin=raw)
    return target


def _temp_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def _make_temp(target: Path) -> tuple[int, str]:
    """A new temporary beside ``target``, opened for writing: what ``tempfile.mkstemp`` does (exclusive, 0600, no
    symlink followed), without importing ``tempfile`` (with shutil, bz2, lzma and random) on every run's path."""
    remove_stale_temps(target)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    error: OSError = FileExistsError(17, "no free temporary name", str(target))
    for _ in range(100):  # a name taken by another file is drawn again, as mkstemp does
        name = os.path.join(target.parent, f"{_temp_prefix(target)}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), os.path.abspath(name)
        except FileExistsError as exc:
            error = exc
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(target)) from None
    raise OSError(error.errno, error.strerror, str(target))


#: The signals that stop a run; held back while a temporary is made and recorded (see :func:`_signals_held`).
_STOP_SIGNALS = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold stop signals back while a temporary is made and recorded, so one never lands in between.

    Without this, a signal arriving just after the file is created and before its name
    is kept (a busy machine deschedules a process right at that system call's return)
    left an orphan temporary beside the target. A held signal is delivered when the block
    ends, where the usual clean-up sees the temporary.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temps(target: str | os.PathLike[str]) -> list[Path]:
    """Remove temporaries of ``target`` left by killed runs (their process is gone); the paths removed.

    Only files this user owns are touched; a temporary whose process still runs is
    another run's work in progress and stays. (Process ids are this machine's: on a
    directory shared between machines, a temporary of another machine's live run could
    look stale.)
    """
    target = Path(target)
    ours = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp")
    legacy = re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    removed: list[Path] = []
    try:
        candidates = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for item in candidates:
        match = ours.fullmatch(item.name)
        try:
            info = item.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            continue
        if match:
            stale = int(match.group(1)) != os.getpid() and not _pid_alive(int(match.group(1)))
        else:
            stale = bool(legacy.fullmatch(item.name)) and now - info.st_mtime > LEGACY_STALE_SECONDS
        if stale:
            try:
                os.unlink(item.path)
                removed.append(Path(item.path))
            except OSError:
                pass
    return removed


def _replace(tmp: str, target: Path, mode: int | None = None) -> None:
    try:
        if mode is None:
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8",
                 make_parents: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``'s real target, fsync it, then rename it over the target.

    Raises :class:`UsageError` when ``path`` is not (or cannot become) a regular file,
    and ``OSError`` naming ``path`` when the system refuses.
    """
    target = check_target(path, make_parents=make_parents)
    _write_renamed(target, data.encode(encoding) if isinstance(data, str) else data, os.fspath(path))


def _write_renamed(target: Path, raw: bytes, shown: str, mode: int | None = None) -> None:
    # The one temporary-write-fsync-rename of this module: outputs and backups alike.
    with _signals_held():
        fd, tmp = _make_temp(target)
        _PENDING_TEMPS.add(tmp)
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, shown) from None
        _replace(tmp, target, mode)
    except BaseException:
        _unlink(tmp)
        raise
    finally:
        _PENDING_TEMPS.discard(tmp)


def write_backup(path: str | os.PathLike[str], data: bytes, *, like: str | os.PathLike[str]) -> None:
    """Write ``data`` as the backup ``path``, a new file with the mode of ``like`` (the file it backs up).

    The backup is made the way outputs are (a temporary renamed into place), but a
    symlink at ``path`` is never followed: the link itself is replaced, and whatever it
    pointed at stays untouched. A directory, device, FIFO or socket there is a
    :class:`UsageError`.
    """
    raw = os.fspath(path)
    target = Path(os.path.abspath(raw))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise CitekitError(f"cannot be checked: {exc.strerror}", origin=raw) from None
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        for test, what in _KINDS:
            if test(info.st_mode):
                raise UsageError(what + "; no backup written there (pass --no-backup, or move it)", origin=raw)
        raise UsageError("is not a regular file; no backup written there", origin=raw)
    _write_renamed(target, data, raw, os.stat(like).st_mode & 0o7777)


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


#: Temporaries made and neither committed nor discarded yet (see :func:`discard_unfinished`).
_UNFINISHED: set["AtomicFile"] = set()
#: Paths of :func:`write_atomic`'s temporaries being written (a signal's clean-up removes them too).
_PENDING_TEMPS: set[str] = set()


def discard_unfinished() -> int:
    """Remove every temporary this process made and did not commit; how many (a run stopped by a signal calls it).

    A signal can land between making an :class:`AtomicFile` and the ``with`` or
    ``try`` that would discard it; the run's last step removes what such a moment left.
    """
    pending = list(_UNFINISHED)
    for sink in pending:
        sink.discard()
    temps = list(_PENDING_TEMPS)
    for tmp in temps:
        _unlink(tmp)
    _PENDING_TEMPS.difference_update(temps)
    return len(pending) + len(temps)


class AtomicFile:
    """The streaming :func:`write_atomic`: write to ``.stream``, then :meth:`commit` or :meth:`discard`.

    The text goes to a temporary file beside ``path``'s real target; :meth:`commit`
    fsyncs it and renames it over the target. Leaving the ``with`` block without
    committing (an error, ``--strict``, Ctrl-C, SIGTERM) removes the temporary file and
    leaves ``path`` as it was.
    """

    def __init__(self, path: str | os.PathLike[str], *, encoding: str = "utf-8", make_parents: bool = False) -> None:
        self.path = os.fspath(path)
        self.target = check_target(path, make_parents=make_parents)
        self._done = False
        with _signals_held():
            fd, self.tmp = _make_temp(self.target)
            _UNFINISHED.add(self)
        stream = None
        try:
            stream = os.fdopen(fd, "w", encoding=encoding, newline="", buffering=1 << 20)
        except BaseException:
            # A signal (or an error) before the caller holds this object: nobody else could remove the temporary.
            try:
                stream.close() if stream is not None else os.close(fd)
            except OSError:  # io.open closes what it opened when it fails
                pass
            self.discard()
            raise
        self.stream: TextIO = stream

    def commit(self) -> None:
        """Make the written text the content of ``path`` (atomically)."""
        try:
            try:
                self.stream.flush()
                os.fsync(self.stream.fileno())
                self.stream.close()
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, self.path) from None
            _replace(self.tmp, self.target)
        except BaseException:
            self.discard()
            raise
        self._done = True
        _UNFINISHED.discard(self)

    def discard(self) -> None:
        """Drop the written text; ``path`` stays as it was."""
        if self._done:
            return
        self._done = True
        _UNFINISHED.discard(self)
        stream = getattr(self, "stream", None)
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass
        _unlink(self.tmp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()
