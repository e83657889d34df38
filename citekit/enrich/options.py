"""Enrichment options: endpoint, pacing, cache, trust policy and batching (cheap to import)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import UsageError

__all__ = ["Batching", "EnrichOptions", "default_cache_path", "DEFAULT_URL", "DEFAULT_DELAY", "DEFAULT_DOI_URL",
           "DEFAULT_DOI_DELAY"]

DEFAULT_URL = "https://export.arxiv.org/api/query"
DEFAULT_DELAY = 3.0
#: The DOI resolver asked for a published version's CSL-JSON (``CITEKIT_DOI_URL``).
DEFAULT_DOI_URL = "https://doi.org/"
#: Seconds between DOI requests (``CITEKIT_DOI_DELAY``): Crossref asks polite clients for a steady pace.
DEFAULT_DOI_DELAY = 1.0


def default_cache_path() -> Path:
    """``arxiv.sqlite3`` in the user cache directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("citekit")) / "arxiv.sqlite3"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name}={raw!r} is not a number of seconds") from None
    if value < 0:
        raise UsageError(f"{name}={raw!r} must not be negative")
    return value


@dataclass(frozen=True, slots=True)
class Batching:
    """How look-ups are grouped into requests."""

    max_url: int = 7000
    max_ids_per_request: int = 1000
    titles_per_request: int = 20
    abstracts_per_request: int = 10
    results_per_title: int = 10
    max_title_words: int = 16


@dataclass(frozen=True, slots=True)
class EnrichOptions:
    """How to enrich: endpoint, pacing, cache, trust policy and robustness limits."""

    url: str = DEFAULT_URL
    delay: float = DEFAULT_DELAY  # seconds between requests (arXiv asks for 3)
    cache_path: str | Path | None = None  # None: default_cache_path()
    offline: bool = False  # answer from the cache alone
    overwrite: bool = False  # let arXiv's values replace stated ones
    progress: bool = False  # progress bar on stderr
    retries: int = 3  # per request, on 429/5xx, timeouts, malformed, partial or empty pages
    timeout: float = 30.0  # seconds a read may wait for the next bytes
    connect_timeout: float = 10.0  # seconds to connect
    request_deadline: float = 30.0  # seconds one whole request may take, however the bytes trickle
    run_deadline: float | None = 900.0  # seconds the run may spend asking arXiv (and the DOI resolver); None: no limit
    backoff: float | None = None  # first retry wait, doubling; None: the delay
    jitter: float = 1.0  # up to this many seconds added at random to each backoff
    retry_after_max: float = 120.0  # a server's Retry-After is honoured up to this many seconds
    verbose: bool = False  # list every entry not enriched, not only the first few
    doi: bool = True  # ask the DOI resolver for a published version arXiv gives no readable reference for
    doi_url: str = DEFAULT_DOI_URL
    doi_delay: float = DEFAULT_DOI_DELAY
    # One DOI's answer is a few kilobytes: 10 s is ample, so a stalled resolver costs at most 20 s a run.
    doi_request_deadline: float = 10.0  # seconds one DOI look-up may take, however the bytes trickle
    batching: Batching = field(default_factory=Batching)

    @classmethod
    def from_env(cls, **overrides: Any) -> EnrichOptions:
        """Defaults, then ``CITEKIT_ARXIV_URL`` / ``CITEKIT_ARXIV_DELAY`` / ``CITEKIT_DOI_URL`` / ``CITEKIT_DOI_DELAY``,
        then ``overrides`` that are not None."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise UsageError(f"unknown enrichment option(s): {', '.join(unknown)}")
        values: dict[str, Any] = {
            "url": os.environ.get("CITEKIT_ARXIV_URL", "").strip() or DEFAULT_URL,
            "delay": _env_float("CITEKIT_ARXIV_DELAY", DEFAULT_DELAY),
            "doi_url": os.environ.get("CITEKIT_DOI_URL", "").strip() or DEFAULT_DOI_URL,
            "doi_delay": _env_float("CITEKIT_DOI_DELAY", DEFAULT_DOI_DELAY),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
