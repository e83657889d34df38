"""The one front door of every command: how it speaks, how it ends, and what ``-`` means.

Every command (``convert``, ``check``, ``update``, ``formats``) runs its body through
:func:`run`, so they all end alike:

* exit 0 done (warnings allowed), 1 failed, 2 usage error; ``citekit: error: <file>:<line>:
  <message>`` on standard error, never a traceback (``CITEKIT_DEBUG=1`` shows one for bugs);
* Ctrl-C (SIGINT), SIGTERM and SIGHUP unwind the run (temporary files are removed, the
  ``finally`` blocks run) and exit 128 + the signal's number with one line saying what was
  left as it was;
* a broken pipe (``citekit check --list-rules | head``) is the reader's choice, not an
  error: nothing is printed and the exit status is 128 + SIGPIPE (141), as for any Unix
  filter the pipe's reader left.

:func:`say` is the one voice: ``-q`` shows errors only, the default adds warnings and
each command's result, ``-v`` adds what was read, merged, keyed and written (``detail``).
The kind (``error``, ``warning``...) is coloured on a terminal unless ``NO_COLOR`` is set
(https://no-color.org) or ``TERM=dumb``. ``-`` is standard input for every command that reads
files (:func:`citekit.inputs.read_source`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from typing import Callable, NoReturn

import click

__all__ = ["Voice", "say", "configure", "voice", "run", "Run", "verbosity_options", "progress",
           "Signalled", "signals_end_the_run", "silence_stdout", "write_stdout"]

_COLOURS = {"error": "red", "warning": "yellow", "info": None, "detail": None}
_SHOWN = {"quiet": ("error",), "normal": ("error", "warning", "info"), "verbose": ("error", "warning", "info", "detail")}


@dataclass(slots=True)
class Voice:
    """What a run prints on standard error, and how: the level (``quiet``/``normal``/``verbose``) and colour."""

    level: str = "normal"
    colour: bool | None = None  # None: decided by the terminal and NO_COLOR when first needed

    def shows(self, kind: str) -> bool:
        """True when a message of ``kind`` is printed at this level (errors always are)."""
        return kind in _SHOWN[self.level] or kind not in _COLOURS

    def say(self, kind: str, message: str) -> None:
        """``citekit: <kind>: <message>`` on standard error, when the level shows ``kind``."""
        if not self.shows(kind):
            return
        label = "info" if kind == "detail" else kind
        if self.colour is None:
            self.colour = _colour_wanted()
        if self.colour and _COLOURS.get(kind):
            label = click.style(label, fg=_COLOURS[kind], bold=kind == "error")
        from .diagnostics import printable  # control characters in a message never act on the terminal

        try:
            click.echo(f"citekit: {label}: {printable(message)}", err=True, color=self.colour)
        except (OSError, ValueError):  # stderr closed too: nothing left to tell
            pass


_VOICE = Voice()


def voice() -> Voice:
    """The voice of the current run."""
    return _VOICE


def say(kind: str, message: str) -> None:
    """Print through the current run's voice (see :class:`Voice`)."""
    _VOICE.say(kind, message)


def configure(quiet: bool = False, verbose: bool = False) -> Voice:
    """Set the run's level from ``-q``/``-v`` (both at once is a usage error) and return its voice."""
    from .errors import UsageError

    if quiet and verbose:
        raise UsageError("--quiet and --verbose contradict each other; give one")
    _VOICE.level = "quiet" if quiet else "verbose" if verbose else "normal"
    _VOICE.colour = None
    return _VOICE


class progress:
    """``with progress("rendering apa"):``: a status line on a terminal's stderr while the work runs, erased after.

    Shown only when stderr is a terminal and the run is not ``-q``: a pipe or a log file
    gets nothing extra. Long work (reading a big file, rendering a style, ``check
    --compile`` running bibtex or biber, arXiv look-ups) says what it is doing.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        self.shown = False

    def __enter__(self) -> progress:
        if _VOICE.level != "quiet" and _stderr_is_terminal():
            try:
                sys.stderr.write(f"\rcitekit: {self.message} ...\x1b[K")
                sys.stderr.flush()
                self.shown = True
            except (OSError, ValueError):
                pass
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            try:
                sys.stderr.write("\r\x1b[K")  # the line is erased: what follows starts clean
                sys.stderr.flush()
            except (OSError, ValueError):
                pass


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _colour_wanted() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def verbosity_options(command: Callable) -> Callable:
    """``-q/--quiet`` and ``-v/--verbose``, the same words with the same meaning on every command."""
    command = click.option("-v", "--verbose", is_flag=True,
                           help="Also say what was read, merged, keyed and written.")(command)
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print errors only (warnings still count for --strict).")(command)


@dataclass(slots=True)
class Run:
    """What a command's body tells the front door as it goes: the outputs it has already replaced."""

    written: list[str] = field(default_factory=list)

    def left_as_it_was(self) -> str:
        """Which outputs a stopped run had written, and that the others are unchanged."""
        if not self.written:
            return "nothing written (existing outputs are unchanged)"
        return f"{', '.join(self.written)} already written; the other outputs are unchanged"


def run(body: Callable[[Run], int]) -> NoReturn:
    """Run a command's ``body`` and exit with its status; errors, signals and a broken pipe end every command alike."""
    from .errors import CitekitError, UsageError

    state = Run()
    with signals_end_the_run():
        try:
            status = body(state)
            _flush_stdout()
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own usage errors (a bad option value): click reports them, exit 2
        except UsageError as exc:
            say("error", str(exc))
            status = 2
        except CitekitError as exc:
            say("error", str(exc))
            status = 1
        except KeyboardInterrupt:
            say("error", "interrupted; " + state.left_as_it_was())
            status = 128 + signal.SIGINT
        except Signalled as exc:
            say("error", f"{exc.name} received; stopped, " + state.left_as_it_was())
            status = 128 + exc.signum
        except BrokenPipeError:
            # The reader of our output went away (`| head`): it has what it wanted. Say nothing.
            silence_stdout()
            status = 128 + signal.SIGPIPE
        except OSError as exc:
            from .diagnostics import os_error_message

            say("error", os_error_message(exc) + "; " + state.left_as_it_was())
            status = 1
        except Exception as exc:  # a bug: say so plainly, keep the traceback for CITEKIT_DEBUG
            if os.environ.get("CITEKIT_DEBUG"):
                raise
            say("error", f"internal error ({type(exc).__name__}: {exc}); nothing written. "
                "Set CITEKIT_DEBUG=1 for details and please report it.")
            status = 1
        finally:
            from .atomic import discard_unfinished

            discard_unfinished()  # a signal between making a temporary and guarding it
    sys.exit(status)


def _flush_stdout() -> None:
    """Flush standard output inside the run, so a pipe closed early is met here and not at the interpreter's exit."""
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except ValueError:  # closed
            pass


class Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files) and exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)


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
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def write_stdout(data: str | bytes) -> None:
    """All of ``data`` on standard output (text as UTF-8, as files get it), or an error: never a silent short write.

    Every command's output goes through here. An unbuffered stdout (``PYTHONUNBUFFERED``)
    drops the rest of a write the system takes only part of (a pipe whose reader left),
    so the run would end 0 with its output cut; writing the file descriptor in a loop
    cannot, and a reader that left is a :class:`BrokenPipeError` for :func:`run`.
    """
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            click.echo(data, nl=False)
        return
    view = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    try:
        sys.stdout.flush()
        while view:
            written = os.write(fd, view[: 1 << 20])
            view = view[written:]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, "standard output") from None
