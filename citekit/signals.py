"""Child tools die with the run: external programs in a process group of their own.

Every command's signals are handled by the front door (:mod:`citekit.frontdoor`): SIGINT,
SIGTERM and SIGHUP unwind the run, so ``finally`` blocks and context managers remove
temporary files and directories, and it exits ``128 + N``. External tools (bibtex, biber,
pdflatex in ``check --compile``) run through :func:`run_child` in a session of their own,
whose whole process group is killed when the run unwinds or the tool overruns its time,
so no tool outlives citekit, and whose temporary files stay inside the caller's
temporary directory.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # subprocess is imported where a tool runs: the CLI's start-up stays light
    import subprocess

__all__ = ["run_child"]


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
