"""One registry type for the pluggable kinds: readers, writers and styles.

Entries may be registered as objects or as lazy ``"module:attribute"`` references, so
that ``citekit --help`` does not import pybtex, citeproc-py or arxiv.
"""

from __future__ import annotations

import importlib
from typing import Generic, Iterator, TypeVar

from .errors import UnknownNameError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """Named plug-ins of one kind, looked up by name or alias, loaded on first use."""

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T | str] = {}
        self._aliases: dict[str, str] = {}
        self._descriptions: dict[str, str] = {}

    def register(self, name: str, item: T | str, *, description: str = "", aliases: tuple[str, ...] = ()) -> None:
        """Add ``item`` (an object or a lazy ``"module:attr"`` path) under ``name``."""
        if name in self._items or name in self._aliases:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._items[name] = item
        self._descriptions[name] = description
        for alias in aliases:
            self._aliases[alias] = name

    def canonical(self, name: str) -> str:
        """The registered name for ``name`` or one of its aliases; raises with a suggestion."""
        key = name.strip().lower()
        if key in self._items:
            return key
        if key in self._aliases:
            return self._aliases[key]
        import difflib  # only for the suggestion; a run that names its plug-ins right never loads it

        choices = list(self._items) + list(self._aliases)
        close = difflib.get_close_matches(key, choices, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        known = ", ".join(sorted(self._items))
        raise UnknownNameError(f"unknown {self.kind} {name!r}{hint} (known: {known})")

    def get(self, name: str) -> T:
        """The plug-in registered as ``name`` (loading it if it was registered lazily)."""
        key = self.canonical(name)
        item = self._items[key]
        if isinstance(item, str):
            module, _, attr = item.partition(":")
            item = getattr(importlib.import_module(module), attr)
            self._items[key] = item
        return item  # type: ignore[return-value]

    def describe(self, name: str) -> str:
        """The one-line description given at registration."""
        return self._descriptions[self.canonical(name)]

    def names(self) -> list[str]:
        """Registered names, in registration order."""
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name.lower() in self._items or name.lower() in self._aliases)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)
