"""citekit: paper listings in, correct bibliographic records out.

The pipeline is ``read -> merge -> enrich (optional) -> keys -> export``
(:mod:`citekit.pipeline`, the one the command line runs). :func:`convert` runs it whole,
as ``citekit convert`` does; each stage is also a plain function over a :class:`Library`.
Heavy stages load on first use.

``merge`` and ``enrich`` are imported here eagerly (both are cheap to import) because a
submodule import would otherwise replace the public function of the same name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .enrich import enrich as _enrich
from .errors import CitekitError
from .merge import merge
from .model import Entry, Library, Name, PartialDate, Problem, Provenance

if TYPE_CHECKING:
    from .enrich import EnrichOptions

__all__ = [
    "CitekitError",
    "Entry",
    "Library",
    "Name",
    "PartialDate",
    "Problem",
    "Provenance",
    "convert",
    "read",
    "merge",
    "enrich",
    "assign_keys",
    "export",
]

__version__ = "0.1.0"


def convert(*inputs: str, to: str = "csl-json", style: str | None = None, fmt: str | None = None,
            merge: bool = True, enrich: EnrichOptions | None = None, key_pattern: str | None = None,
            rekey: bool = False, unicode: bool = False) -> Any:
    """Read ``inputs`` and write them as ``to`` (with ``style``), as ``citekit convert ... --to TO`` does.

    The same stages, keys, warnings and text as the command line
    (:func:`citekit.pipeline.convert`); a :class:`citekit.pipeline.Converted`: ``.text``,
    ``.library`` and ``.problems`` (nothing is printed or written).
    """
    from .outputs import bind_outputs
    from .pipeline import convert as run

    outputs = bind_outputs([("to", to)] + ([("style", style)] if style else []))
    return run(inputs, outputs, fmt=fmt, merge=merge, enrich=enrich, key_pattern=key_pattern, rekey=rekey,
               unicode=unicode)


def read(*inputs: str, fmt: str | None = None) -> Library:
    """Read files, directories or ``-`` into one library (see :mod:`citekit.sources`)."""
    from .sources import read_paths

    return read_paths(inputs, fmt)


def enrich(library: Library, **options: Any) -> Library:
    """Fill entries in from the arXiv API; ``options`` are :class:`citekit.enrich.EnrichOptions` fields."""
    from .enrich import EnrichOptions

    return _enrich(library, EnrichOptions.from_env(**options))


def assign_keys(library: Library, pattern: str | None = None, *, target: str = "bibtex") -> None:
    """Give every entry a unique citation key valid for ``target`` (bibtex, biblatex, csl-json); valid input keys are kept."""
    from .keys import assign_keys as _assign

    _assign(library, pattern, target=target)


def export(library: Library, to: str, **options: Any) -> str:
    """The library in output format ``to``; ``options`` are :class:`ExportOptions` fields.

    Entries without a key are keyed first, as the command line keys them (the pipeline's
    key stage): a caller who skipped :func:`assign_keys` still gets unique, valid keys.
    """
    from .exporters import WRITERS, ExportOptions

    if any(not entry.key for entry in library.entries):
        from .outputs import Output
        from .pipeline import key

        key(library, [Output(None, WRITERS.canonical(to))])
    return WRITERS.get(to).write(library, ExportOptions(**options))
