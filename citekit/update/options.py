"""What ``citekit update`` may change: upgrade or only fill, which fields, which entries (cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError

__all__ = ["UpdateOptions", "FILLABLE", "LOCK_FIELD"]

#: The names ``--fields`` accepts: what can be filled in, and what an upgrade sets.
FILLABLE: tuple[str, ...] = (
    "author", "title", "year", "eprint", "archiveprefix", "primaryclass", "doi", "url",
    "journal", "volume", "number", "pages",
)
#: An entry with this field holding ``lock`` (``citekit = {lock}``) is never changed.
LOCK_FIELD = "citekit"


@dataclass(frozen=True, slots=True)
class UpdateOptions:
    """How to update: upgrade published preprints or only fill, overwrite, and what to touch."""

    upgrade: bool = True  # a preprint arXiv knows as published becomes @article/@inproceedings
    overwrite: bool = False  # let arXiv's values replace what the entry states (always reported)
    fields: frozenset[str] | None = None  # None: every name in FILLABLE
    only: frozenset[str] | None = None  # None: every entry; else only these citation keys

    def __post_init__(self) -> None:
        if self.fields is not None:
            unknown = sorted(set(self.fields) - set(FILLABLE))
            if unknown:
                raise UsageError(f"--fields: unknown field(s) {', '.join(unknown)}; known: {', '.join(FILLABLE)}")

    @classmethod
    def parse_list(cls, text: str | None) -> frozenset[str] | None:
        """``"a, b,c"`` -> {"a", "b", "c"}; None or blank -> None."""
        if not text or not text.strip():
            return None
        return frozenset(part.strip() for part in text.split(",") if part.strip())

    def allows(self, name: str) -> bool:
        """True when field group ``name`` (one of FILLABLE) may be changed."""
        return self.fields is None or name in self.fields
