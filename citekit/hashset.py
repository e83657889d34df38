"""A compact set of strings for the streaming path: 8 bytes a member, not a Python object.

Members are stored as 64-bit BLAKE2b hashes in an open-addressing table (an
``array('q')``, linear probing, at most 70% full), so 2.8 million citation keys take
32 MiB instead of the ~250 MiB a ``set`` of ``str`` would. The hash is keyed by
nothing and independent of ``PYTHONHASHSEED``, so a run is deterministic. Two different
strings share a hash with probability about n²/2⁶⁵ (below one in five million for the
whole arXiv snapshot); such a string would be taken for a member.
"""

from __future__ import annotations

from array import array
from hashlib import blake2b

__all__ = ["HashSet64", "hash64"]

_MAX_LOAD = 0.7


def hash64(text: str) -> int:
    """A stable, non-zero signed 64-bit hash of ``text`` (0 marks an empty slot)."""
    value = int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)
    return value or 1


class HashSet64:
    """A growable set of strings held as 64-bit hashes (``in``, ``add``, ``len``)."""

    __slots__ = ("_table", "_mask", "_size", "_limit")

    def __init__(self, capacity: int = 1 << 16) -> None:
        slots = 1 << max(4, (max(capacity, 1) * 10 // 7).bit_length())
        self._table = array("q", bytes(8 * slots))
        self._mask = slots - 1
        self._size = 0
        self._limit = int(slots * _MAX_LOAD)

    def __len__(self) -> int:
        return self._size

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        return self._find(hash64(text)) < 0

    def add(self, text: str) -> bool:
        """Add ``text``; False when it (or a string with the same hash) was already there."""
        return self.add_hash(hash64(text))

    def add_hash(self, h: int) -> bool:
        """Add the member whose :func:`hash64` is ``h`` (computed elsewhere, e.g. in a worker process)."""
        slot = self._find(h)
        if slot < 0:
            return False
        self._table[slot] = h
        self._size += 1
        if self._size > self._limit:
            self._grow()
        return True

    @property
    def nbytes(self) -> int:
        """Memory held by the table, in bytes."""
        return self._table.itemsize * len(self._table)

    def _find(self, h: int) -> int:
        """The empty slot where ``h`` would go, or -1 when ``h`` is present."""
        table = self._table
        mask = self._mask
        i = h & mask
        while True:
            v = table[i]
            if v == 0:
                return i
            if v == h:
                return -1
            i = (i + 1) & mask

    def _grow(self) -> None:
        old = self._table
        slots = len(old) * 2
        table = array("q", bytes(8 * slots))
        mask = slots - 1
        for h in old:
            if h:
                i = h & mask
                while table[i]:
                    i = (i + 1) & mask
                table[i] = h
        self._table = table
        self._mask = mask
        self._limit = int(slots * _MAX_LOAD)
