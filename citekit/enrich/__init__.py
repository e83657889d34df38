"""Enrichment from the arXiv API: :class:`EnrichOptions` and :func:`enrich`.

Entries with an arXiv id are fetched by id (many ids a request); entries without one
are resolved by title, or (abstract-only) by distinctive abstract phrases, and a hit is
accepted only when it verifiably is the same paper (:mod:`.match`). Everything asked is
cached (:mod:`.cache`), so a second run makes no request. When arXiv cannot be reached
the library comes back as read, with a warning listing what was not enriched.
"""

from __future__ import annotations

from ..model import Library
from .options import Batching, EnrichOptions, default_cache_path

__all__ = ["Batching", "EnrichOptions", "enrich", "default_cache_path"]


def enrich(library: Library, options: EnrichOptions) -> Library:
    """Fill ``library``'s entries in from arXiv (verified, cached, polite); never raises for a network fault."""
    # The client, Atom parser and cache pull in urllib, ssl and xml: load them only for a run.
    from .run import run

    return run(library, options)
