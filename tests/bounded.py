"""Run a function in a forked child with a generous timeout: a guard against hangs, never a timed assertion."""

from __future__ import annotations

import os
import pickle
import signal
import time
from typing import Any, Callable

#: Far above what any of these calls needs on a loaded CI machine; only a hang or an
#: exponential blow-up gets near it.
GUARD_SECONDS = 60.0


def run_bounded(fn: Callable[..., Any], *args: Any, timeout: float = GUARD_SECONDS) -> Any:
    """``fn(*args)`` run in a forked child; its result, its exception re-raised, or a failure after ``timeout``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the pickled outcome, leave without cleanup handlers
        os.close(read)
        try:
            outcome = (True, fn(*args))
        except BaseException as exc:  # noqa: BLE001 - sent back to the parent
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome)
        except Exception as exc:  # noqa: BLE001
            data = pickle.dumps((False, RuntimeError(f"unpicklable outcome: {exc!r}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    os.set_blocking(read, False)
    try:
        while True:
            try:
                chunk = os.read(read, 1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk:
                chunks.append(chunk)
                continue
            if chunk == b"":
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError(f"{getattr(fn, '__name__', fn)} ran past the {timeout:.0f} s guard (a hang?)")
            time.sleep(0.01)
    finally:
        os.close(read)
    os.waitpid(pid, 0)
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise value
    return value
