"""Render a long list on two cores: a forked child takes entries from the end while this process takes them from the front.

Rendering an entry reads the style and the entry and writes only per-entry state and
caches, so a forked copy of this process renders an entry exactly as this one would.
The two meet wherever they meet: the child reports each entry it finishes, this process
renders from the front until it reaches the child's last one, then tells the child to
stop and takes its texts. Neither side waits for the other, so the split is right even
when one core is slower or busy, and at most one entry is rendered twice.

A child that fails delivers nothing and this process renders everything itself: the text
is the same either way (``tests/test_render_parallel.py``).
"""

from __future__ import annotations

import os
import pickle
import struct
from typing import Any, Callable, Sequence

__all__ = ["PARALLEL_FROM", "second_core", "SharedRender"]

#: Lists this long are rendered on two cores (below it a fork costs more than it saves).
PARALLEL_FROM = 300

_FRAME = struct.Struct("<I")
_DONE = 0xFFFFFFFF  # the frame that ends the child's progress reports; its texts follow
_LENGTH = struct.Struct("<Q")


def second_core() -> bool:
    """True when a CPU stands idle for a second process, or ``CITEKIT_WORKERS`` asks for 2 or more (0 or 1: never).

    Idle means the last minute's load average leaves a core free, or nothing but this
    process is running right now: on a busy machine the child only competes with this
    process, so it is not started (and if it gets no core after all, this process just
    renders everything).
    """
    wanted = os.environ.get("CITEKIT_WORKERS", "").strip()
    if wanted in ("0", "1") or not hasattr(os, "fork"):
        return False
    if wanted.isdigit():
        return True  # a number of processes asked for: no guessing from the load
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = float(cores)  # unknown load: assume no core is free
    return busy <= cores - 1 or _running_now() <= cores - 1


def _running_now() -> int:
    """How many processes are runnable at this instant, this one included (Linux; elsewhere a large number)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as source:
            return int(source.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return 1 << 30


class SharedRender:
    """One list rendered by this process from the front and a forked child from the back (see the module docstring)."""

    def __init__(self, pid: int, reports: int, stop: int, count: int):
        self._pid, self._reports, self._stop, self._count = pid, reports, stop, count
        self._buffer = bytearray()
        self._child_done = 0  # entries the child has reported finished, counted from the end
        self._ended = False  # the child sent its last report (its texts follow)
        self._broken = False  # the child died or spoke nonsense: its work is ignored
        self._closed = False

    @classmethod
    def start(cls, render_one: Callable[[Any], Any], items: Sequence[Any]) -> "SharedRender | None":
        """Fork a child that renders ``items`` from the last one backwards with ``render_one``; None if no fork."""
        try:
            reports_read, reports_write = os.pipe()
            stop_read, stop_write = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (reports_read, reports_write, stop_read, stop_write):
                os.close(fd)
            return None
        if pid == 0:  # the child: it never returns, and leaves without the parent's exit handlers
            status = 1
            try:
                os.close(reports_read)
                os.close(stop_write)
                _child(render_one, items, reports_write, stop_read)
                status = 0
            finally:
                os._exit(status)
        os.close(reports_write)
        os.close(stop_read)
        os.set_blocking(reports_read, False)
        return cls(pid, reports_read, stop_write, len(items))

    def finish(self, render_one: Callable[[Any], Any], items: Sequence[Any], again: set[int] = frozenset()) -> list[str]:
        """Every item's text: this process renders from the front until it meets the child's entries.

        ``again`` holds indices whose rendering changed after the fork (a year suffix
        given, say): those the child rendered are rendered here once more.
        """
        mine: list[str] = []
        n = self._count
        try:
            self._poll()
            while len(mine) < n - self._child_done:
                mine.append(str(render_one(items[len(mine)])))
                self._poll()
            theirs = self._collect(n - len(mine))
        finally:
            self.close()
        texts = mine + theirs[: n - len(mine)][::-1] if theirs else mine
        for rest in range(len(texts), n):  # the child failed: what it owed is rendered here
            texts.append(str(render_one(items[rest])))
        for redo in again:
            if redo >= len(mine):
                texts[redo] = str(render_one(items[redo]))
        return texts

    # ------------------------------------------------------------------ the pipe

    def _poll(self, block: bool = False) -> None:
        """Read what the child has sent so far (all of it, waiting for the end, when ``block``)."""
        if self._broken:
            return
        while True:
            try:
                chunk = os.read(self._reports, 1 << 16)
            except BlockingIOError:
                if not block:
                    return
                os.set_blocking(self._reports, True)
                continue
            except OSError:
                self._broken = True
                return
            if not chunk:  # the child closed its end
                if not self._ended:
                    self._broken = True
                return
            self._buffer += chunk
            self._read_reports()
            if not block and not self._ended:
                return

    def _read_reports(self) -> None:
        """Take the progress frames off the buffer, up to the end frame (what follows it is the texts)."""
        if self._ended:
            return
        offset, usable = 0, len(self._buffer) - len(self._buffer) % _FRAME.size
        while offset < usable:
            (value,) = _FRAME.unpack_from(self._buffer, offset)
            offset += _FRAME.size
            if value == _DONE:
                self._ended = True
                break
            self._child_done = value  # only the last report matters
        del self._buffer[:offset]

    def _collect(self, owed: int) -> list[str]:
        """The child's texts (last item first), once it has stopped; [] if it failed or owes more than it did."""
        try:
            os.write(self._stop, b"s")
        except OSError:
            pass
        self._poll(block=True)
        if self._broken or not self._ended:
            return []
        if len(self._buffer) < _LENGTH.size:
            return []
        (size,) = _LENGTH.unpack_from(self._buffer, 0)
        payload = bytes(self._buffer[_LENGTH.size:])
        if len(payload) != size:
            return []
        try:
            texts = pickle.loads(payload)
        except Exception:  # a child that died mid-write: its part is rendered here instead
            return []
        return texts if isinstance(texts, list) and len(texts) >= owed else []

    def close(self) -> None:
        """Close both pipes and collect the child, stopping it first if it still runs (again: nothing)."""
        if self._closed:
            return
        self._closed = True
        for fd in (self._stop, self._reports):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            pid, _status = os.waitpid(self._pid, os.WNOHANG)
            if pid == 0:
                import signal

                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass


def _child(render_one: Callable[[Any], Any], items: Sequence[Any], reports: int, stop: int) -> None:
    """Render ``items`` from the last backwards, reporting each, until told to stop or at the first item."""
    os.set_blocking(stop, False)
    texts: list[str] = []
    for index in range(len(items) - 1, -1, -1):
        try:
            os.read(stop, 1)
            break  # told to stop, or the parent is gone (end of file)
        except BlockingIOError:
            pass
        texts.append(str(render_one(items[index])))
        os.write(reports, _FRAME.pack(len(texts)))
    data = pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL)
    with os.fdopen(reports, "wb") as sink:
        sink.write(_FRAME.pack(_DONE) + _LENGTH.pack(len(data)) + data)
