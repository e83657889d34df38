"""Regular expressions compiled on first use, so that a run never pays for the ones it does not need."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern"]


class LazyPattern:
    """A ``re.Pattern`` stand-in that compiles on the first attribute asked of it (``.sub``, ``.search``, ...).

    Each attribute is then kept on the instance, so later calls cost one ordinary lookup:
    start-up compiles only what a run uses (``citekit convert lib.json -o out.bib`` skips
    dozens of patterns meant for .bib input, pastes and other writers).
    """

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not yet on the instance: compile once, keep what was asked for.
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(*self._source)
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value
