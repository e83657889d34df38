"""Clean stops: SIGTERM and SIGHUP unwind a run like Ctrl-C, and child tools die with it.

Every command runs inside :class:`signals_end_the_run`. A signal raises
:class:`Signalled` (a ``BaseException``, so no ``except Exception`` swallows it) in the
main thread; ``finally`` blocks and context managers then remove temporary files and
directories, and the command exits ``128 + N`` (130 for Ctrl-C). External tools
(bibtex, biber, pdflatex) run through :func:`run_child` in a process group of their own,
which is killed whole when the run unwinds or the tool overruns its time, so no tool
outlives citekit.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # subprocess is imported where a tool runs: the CLI's start-up stays light
    import subprocess

__all__ = ["Signalled", "signals_end_the_run", "run_child", "exit_status"]


class Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files) and exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)


def exit_status(exc: BaseException) -> int:
    """The exit status of a run ended by ``exc``: 128 + N for a signal, 130 for Ctrl-C."""
    if isinstance(exc, Signalled):
        return 128 + exc.signum
    return 128 + signal.SIGINT


class signals_end_the_run:
    """While a run lasts, SIGTERM and SIGHUP unwind it like Ctrl-C does (so ``finally`` blocks clean up)."""

    def __enter__(self) -> signals_end_the_run:
        self._previous: dict[int, object] = {}
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        # A second signal while unwinding must not interrupt the clean-up.
        for other in self._previous:
            signal.signal(other, signal.SIG_IGN)
        raise Signalled(signum)

    def __exit__(self, *exc: object) -> None:
        from .atomic import discard_unfinished

        try:
            discard_unfinished()  # a signal between making a temporary and guarding it
        finally:
            for signum, handler in self._previous.items():
                signal.signal(signum, handler)  # type: ignore[arg-type]


def _kill_group(child: subprocess.Popen) -> None:
    """SIGKILL ``child``'s process group (its own: see :func:`run_child`) and reap ``child``."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        child.wait()
    except BaseException:  # noqa: BLE001 - a second signal: the group is already dead
        pass


def run_child(argv: Sequence[str], cwd: str | Path, timeout: float) -> subprocess.CompletedProcess:
    """Run a tool in its own process group, output captured; the group is killed on timeout or on any unwind.

    The tool's temporary files go into ``cwd`` (``TMPDIR``, ``TMP``, ``TEMP``): biber makes
    a ``biber_tmp_*`` directory that only its normal exit removes, so a killed biber must
    leave it where the caller's own temporary directory takes it away.

    Raises ``subprocess.TimeoutExpired`` after ``timeout`` seconds (the tool already
    killed), and lets ``Signalled``/``KeyboardInterrupt`` through once the tool is gone.
    """
    import subprocess

    scratch = str(Path(cwd).resolve())
    env = dict(os.environ, TMPDIR=scratch, TMP=scratch, TEMP=scratch)
    # A session of its own: the terminal's Ctrl-C reaches citekit alone, which then ends the
    # tool and whatever it started (biber is a Perl program that may fork).
    child = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = child.communicate(timeout=timeout)
    except BaseException:
        _kill_group(child)
        raise
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)
