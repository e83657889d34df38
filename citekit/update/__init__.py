"""``citekit update``: bring a user's own .bib up to date from arXiv, changing only what must change.

:func:`update_text` (or :func:`update_document` on a parsed
:class:`~citekit.bibedit.BibDocument`) finds each entry's arXiv id wherever it was put
(:mod:`.find_id`), or resolves it by title with the enricher's verification, asks arXiv
once for all of them (:mod:`.lookup`), plans each entry's changes (:mod:`.plan`: fill
what is missing, upgrade preprints arXiv knows as published, report every
disagreement) and applies them span by span (:mod:`.apply`), so untouched bytes stay.
"""

from __future__ import annotations

from typing import Any

from .options import FILLABLE, LOCK_FIELD, UpdateOptions

__all__ = ["UpdateOptions", "FILLABLE", "LOCK_FIELD", "update_text", "update_document"]


def update_text(text: str, origin: str = "<input>", options: UpdateOptions | None = None,
                enrich_options: Any = None) -> Any:
    """Bring the .bib ``text`` up to date from arXiv; an :class:`~.run.UpdateResult` (see :func:`.run.update_text`)."""
    from .run import update_text as run

    return run(text, origin, options, enrich_options)


def update_document(doc: Any, options: UpdateOptions | None = None, enrich_options: Any = None) -> Any:
    """Update a parsed :class:`~citekit.bibedit.BibDocument`; an :class:`~.run.UpdateResult`."""
    from .run import update_document as run

    return run(doc, options, enrich_options)
