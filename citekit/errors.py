"""The exception tree. Users see ``str(error)``: a message naming the file (and line).

::

    CitekitError
    ├── InputError (ValueError)           an input cannot be read at all
    │   ├── DetectionError                no reader recognises the input
    │   └── EncodingError (UnicodeError)  binary data, NUL bytes
    ├── UsageError (ValueError)           bad options; the CLI exits 2
    │   └── UnknownNameError (LookupError) an unknown reader, writer or style
    ├── ExportError                       a writer cannot produce its format
    ├── EnrichError                       the arXiv enricher failed for good
    └── StrictError                       --strict met a warning
"""

from __future__ import annotations

__all__ = [
    "CitekitError",
    "InputError",
    "DetectionError",
    "EncodingError",
    "UsageError",
    "UnknownNameError",
    "ExportError",
    "EnrichError",
    "StrictError",
]


class CitekitError(Exception):
    """The root of every error citekit raises on purpose."""

    def __init__(self, message: str, *, origin: str | None = None, line: int | None = None):
        self.message = message
        self.origin = origin
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.origin and self.line:
            return f"{self.origin}:{self.line}: {self.message}"
        if self.origin:
            return f"{self.origin}: {self.message}"
        return self.message


class InputError(CitekitError, ValueError):
    """An input file cannot be read at all."""


class DetectionError(InputError):
    """No reader recognises the input well enough."""


class EncodingError(InputError, UnicodeError):
    """The input is binary or holds bytes no text encoding explains."""


class UsageError(CitekitError, ValueError):
    """The options given do not make sense together."""


class UnknownNameError(UsageError, LookupError):
    """A reader, writer or style name that is not registered."""


class ExportError(CitekitError):
    """A writer cannot produce its format from these entries."""


class EnrichError(CitekitError):
    """The enricher failed for good (not a passing network fault)."""


class StrictError(CitekitError):
    """``--strict`` was given and a warning occurred."""
