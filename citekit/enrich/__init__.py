"""Enrichment from the arXiv API: :class:`EnrichOptions` and :func:`enrich`.

Entries with an arXiv id are fetched by id (many ids a request); entries without one
are resolved by title, or (abstract-only) by distinctive abstract phrases, and a hit is
accepted only when it verifiably is the same paper (:mod:`.match`). Everything asked is
cached (:mod:`.cache`), so a second run makes no request. Requests go through the
``arxiv`` package (:mod:`.arxiv`) on a session with retries, pacing, timeouts and
deadlines (:mod:`.transport`), and only complete answers count. When arXiv cannot be
reached the library comes back as read, with one warning saying what was not enriched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Library

if TYPE_CHECKING:
    from .options import Batching, EnrichOptions, default_cache_path

__all__ = ["Batching", "EnrichOptions", "enrich", "default_cache_path"]

#: The names :mod:`.options` defines, loaded on first use: ``import citekit`` imports this package
#: (so that ``citekit.enrich`` stays the function) and a run without --enrich never needs them.
_FROM_OPTIONS = frozenset({"Batching", "EnrichOptions", "default_cache_path"})


def __getattr__(name: str) -> Any:
    """``Batching``, ``EnrichOptions`` and ``default_cache_path``, from :mod:`.options` when first asked for."""
    if name in _FROM_OPTIONS:
        from . import options

        return getattr(options, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def enrich(library: Library, options: EnrichOptions) -> Library:
    """Fill ``library``'s entries in from arXiv (verified, cached, polite); never raises for a network fault."""
    # The client and cache pull in arxiv, requests, lxml and sqlite3: load them only for a run.
    from .run import run

    return run(library, options)
