"""citekit: paper listings in, correct bibliographic records out.

The pipeline is ``read -> merge -> enrich (optional) -> keys -> export``; each stage
is a plain function over a :class:`Library`. Heavy stages load on first use.

``merge`` and ``enrich`` are imported here eagerly (both are cheap to import) because a
submodule import would otherwise replace the public function of the same name.
"""

from __future__ import annotations

from typing import Any

from .enrich import EnrichOptions
from .enrich import enrich as _enrich
from .errors import CitekitError
from .merge import merge
from .model import Entry, Library, Name, PartialDate, Problem, Provenance

__all__ = [
    "CitekitError",
    "Entry",
    "Library",
    "Name",
    "PartialDate",
    "Problem",
    "Provenance",
    "read",
    "merge",
    "enrich",
    "assign_keys",
    "export",
]

__version__ = "0.1.0"


def read(*inputs: str, fmt: str | None = None) -> Library:
    """Read files, directories or ``-`` into one library (see :mod:`citekit.sources`)."""
    from .sources import read_paths

    return read_paths(inputs, fmt)


def enrich(library: Library, **options: Any) -> Library:
    """Fill entries in from the arXiv API; ``options`` are :class:`citekit.enrich.EnrichOptions` fields."""
    return _enrich(library, EnrichOptions.from_env(**options))


def assign_keys(library: Library, pattern: str | None = None, *, target: str = "bibtex") -> None:
    """Give every entry a unique citation key valid for ``target`` (bibtex, biblatex, csl-json); valid input keys are kept."""
    from .keys import assign_keys as _assign

    _assign(library, pattern, target=target)


def export(library: Library, to: str, **options: Any) -> str:
    """The library in output format ``to``; ``options`` are :class:`ExportOptions` fields."""
    from .exporters import WRITERS, ExportOptions

    return WRITERS.get(to).write(library, ExportOptions(**options))
