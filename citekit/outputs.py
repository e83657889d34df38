"""Where a run's results go: each ``-o`` with its format and style, decided before anything is read.

The command line binds ``--to`` and ``--style`` to outputs by position: one given
after an ``-o`` belongs to that output; one given before the first ``-o`` is the
default for every output without its own. An output's format is its own ``--to``,
else the default ``--to``, else its file extension (:data:`EXTENSION_FORMATS`), else
the output format of its template style. ``-o -`` (or no ``-o``) is standard output.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .atomic import STREAM_PATHS
from .errors import UsageError

__all__ = ["Output", "STDOUT_PATHS", "EXTENSION_FORMATS", "STYLED_FORMATS", "SAME_FORMAT", "bind_outputs", "format_of_path"]

#: File extension -> writer, for ``-o`` without ``--to`` (the formats pandoc users expect).
EXTENSION_FORMATS: dict[str, str] = {
    ".bib": "bibtex",
    ".json": "csl-json",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
}

#: Paths that mean this process's standard output.
STDOUT_PATHS = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})

#: Writers that take a ``--style``.
STYLED_FORMATS = frozenset({"text", "html", "markdown", "latex"})

#: Input reader -> the writers that write its own format back (what ``--in-place`` allows).
SAME_FORMAT: dict[str, frozenset[str]] = {
    "bibtex": frozenset({"bibtex", "biblatex"}),
    "csl-json": frozenset({"csl-json"}),
}


@dataclass(frozen=True, slots=True)
class Output:
    """One result of a run: ``path`` (None for stdout), its writer name and style."""

    path: str | None
    to: str
    style: str | None = None

    @property
    def streamed(self) -> bool:
        """Written as a stream (stdout, ``/dev/stdout``-like paths), not replaced atomically."""
        return self.path is None or bool(STREAM_PATHS.fullmatch(self.path))

    @property
    def to_stdout(self) -> bool:
        """Written to this process's standard output."""
        return self.path is None or self.path in STDOUT_PATHS

    @property
    def label(self) -> str:
        """How messages name this output."""
        return "standard output" if self.path is None or self.path == "-" else self.path


def format_of_path(path: str) -> str | None:
    """The writer a file name asks for by its extension, or None."""
    return EXTENSION_FORMATS.get(Path(path).suffix.lower())


def _template_backend(style: str | None) -> str | None:
    if not style or not style.lower().startswith("template:") and not style.lower().endswith((".j2", ".jinja", ".jinja2")):
        return None
    from .styles import resolve_style

    return resolve_style(style).backend


def bind_outputs(order: Iterable[tuple[str, str]]) -> list[Output]:
    """The outputs named by ``(option, value)`` pairs in command-line order (options ``output``, ``to``, ``style``)."""
    from .exporters import WRITERS

    defaults: dict[str, str] = {}
    bound: list[dict[str, str]] = []
    for option, value in order:
        if option == "output":
            bound.append({"output": value})
            continue
        slot = bound[-1] if bound else defaults
        if option in slot:
            where = f"-o {bound[-1]['output']}" if bound else "the outputs"
            raise UsageError(f"--{option} given twice for {where}; give one --{option} after each -o")
        slot[option] = value
    if not bound:
        bound.append({"output": "-"})
    outputs: list[Output] = []
    seen: dict[str, str] = {}
    for spec in bound:
        path = spec["output"]
        style = spec.get("style", defaults.get("style"))
        to = spec.get("to") or defaults.get("to")
        if not to and path != "-":
            to = format_of_path(path) or _template_backend(style)
        if not to:
            if path == "-":
                raise UsageError("--to is required when writing to standard output (or give -o FILE with a known extension)")
            known = ", ".join(sorted(EXTENSION_FORMATS))
            raise UsageError(f"cannot tell the output format of {path} from its extension ({known}); give --to after it")
        to = WRITERS.canonical(to)
        if "style" in spec and to not in STYLED_FORMATS:
            raise UsageError(f"--style applies to text, html, markdown and latex outputs; {Output(path, to).label} is {to}")
        key = _identity(path)
        if key in seen:
            raise UsageError(f"{Output(path, to).label} is named by two -o options")
        seen[key] = path
        outputs.append(Output(None if path == "-" else path, to, style if to in STYLED_FORMATS else None))
    return outputs


def _identity(path: str) -> str:
    if path in STDOUT_PATHS:
        return "<stdout>"
    if path == "/dev/null":
        return path + str(id(path))  # the null device may take any number of outputs
    return os.path.realpath(path)
