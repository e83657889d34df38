"""Compact sets for the streaming path: 8 bytes a member, or one bit, not a Python object.

:class:`HashSet64` keeps strings as 64-bit BLAKE2b hashes in sorted ``array('q')``
shards (4,096 of them, chosen by the hash's top bits, searched with :func:`bisect`).
A shard grows by a few members at a time, so the set never doubles or rehashes: 2.8
million citation keys take about 30 MiB (8 bytes a key plus the arrays' slack), where
a doubling hash table would hold 32 or 64 MiB and both its tables while it grows, and a
``set`` of ``str`` ~250 MiB. The hash is keyed by nothing and independent of
``PYTHONHASHSEED``, so a run is deterministic. Two different strings share a hash with
probability about n²/2⁶⁵ (below one in five million for the whole arXiv snapshot); such
a string would be taken for a member.

:class:`ArxivIdSet` keeps arXiv ids exactly, as bits: an id of the forms the snapshot
uses (``2101.00001``, ``0704.0001``, ``hep-th/9711200``) is a small integer, so the set
is a bitmap allocated a month at a time (12.5 KB a month of new-style ids, ~2 MB for
the whole snapshot, at most ~15 MB whatever the input). Being exact, it never takes a
new id for one read already. Other spellings fall back to a :class:`HashSet64`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from struct import Struct

try:
    # hashlib's own blake2b (it never takes OpenSSL's), without loading OpenSSL: ~5 ms of every run's start-up.
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

from .ids import OLD_ARCHIVES

__all__ = ["ArxivIdSet", "HashSet64", "fingerprint", "hash64"]

#: Shards are chosen by the top 12 bits of the hash: 4,096 sorted arrays.
_SHARD_BITS = 12
_SHIFT = 64 - _SHARD_BITS


def hash64(text: str) -> int:
    """A stable, non-zero signed 64-bit hash of ``text``."""
    value = _little_signed(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest())[0]
    return value or 1


#: The 8 digest bytes as a little-endian signed integer (``int.from_bytes(..., "little", signed=True)``, a fifth faster).
_little_signed = Struct("<q").unpack


def fingerprint(value: object) -> int:
    """A 64-bit digest of ``value``'s repr, the same in every run (``hash()`` of a string is not):
    what the BibTeX reader keeps to see whether a value changed, and ``--to json`` shows."""
    return hash64(repr(value))


class HashSet64:
    """A growable set of strings held as 64-bit hashes (``in``, ``add``, ``len``)."""

    __slots__ = ("_shards", "_size")

    def __init__(self, capacity: int = 0) -> None:
        # ``capacity`` is accepted for callers that size their sets; shards need no sizing.
        self._shards = [array("q") for _ in range(1 << _SHARD_BITS)]
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        h = hash64(text)
        # A signed hash shifted down is -2048..2047: a negative index counts from the end.
        shard = self._shards[h >> _SHIFT]
        i = bisect_left(shard, h)
        return i < len(shard) and shard[i] == h

    def add(self, text: str) -> bool:
        """Add ``text``; False when it (or a string with the same hash) was already there."""
        return self.add_hash(hash64(text))

    def add_hash(self, h: int) -> bool:
        """Add the member whose :func:`hash64` is ``h`` (computed elsewhere, e.g. in a worker process)."""
        shard = self._shards[h >> _SHIFT]
        i = bisect_left(shard, h)
        if i < len(shard) and shard[i] == h:
            return False
        shard.insert(i, h)
        self._size += 1
        return True

    @property
    def nbytes(self) -> int:
        """Memory held by the members, in bytes (8 a member; the arrays' slack not counted)."""
        return 8 * self._size


# An id token (see ArxivIdSet.token) at or above this is a bit index: hashes are below it.
_BIT_TAG = 1 << 63
# Bits of the number within a group: new-style numbers are below 100,000 < 2**17.
_NUM_BITS = 17
_ARCHIVES = {name: index for index, name in enumerate(OLD_ARCHIVES.split("|"))}
# Month indexes: new-style ids from 0704 up to 9912; old-style ones from 9107 to 0703.
_NEW_MONTHS = (2099 - 2007) * 12 + 12 - 4 + 1
_OLD_MONTHS = (2007 - 1991) * 12 + 3 - 7 + 1
_OLD_BASE = 2 * _NEW_MONTHS  # old-style groups come after the new-style ones


def _month(yymm: str, first_year: int, first_month: int) -> int:
    """Months from ``first_year``-``first_month`` to a YYMM string; -1 when it names no month."""
    if not yymm.isdigit() or not yymm.isascii():
        return -1
    yy, mm = int(yymm[:2]), int(yymm[2:])
    if not 1 <= mm <= 12:
        return -1
    year = 1900 + yy if yy >= 91 and first_year < 2000 else 2000 + yy  # old-style ids begin in 1991
    return (year - first_year) * 12 + mm - first_month


class ArxivIdSet:
    """The arXiv ids read so far, exactly: a bitmap for the usual forms, hashes for any other."""

    __slots__ = ("_groups", "_hashed", "_size")

    def __init__(self) -> None:
        self._groups: dict[int, bytearray] = {}
        self._hashed = HashSet64()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @staticmethod
    def token(arxiv_id: str) -> int:
        """A non-zero integer standing for ``arxiv_id``: a tagged bit index, or its :func:`hash64`.

        Made where the id is read (a worker process) and given to :meth:`add_token`.
        Different ids always get different bit indexes, so the bitmap is exact.
        """
        n = len(arxiv_id)
        if (n == 9 or n == 10) and arxiv_id[4] == ".":
            number = arxiv_id[5:]
            month = _month(arxiv_id[:4], 2007, 4)
            wide = n == 10
            # Four-digit numbers until 1412, five from 1501: the forms the snapshot holds.
            if 0 <= month < _NEW_MONTHS and number.isdigit() and number.isascii() and wide == (month >= 93):
                return _BIT_TAG | ((month * 2 + wide) << _NUM_BITS) | int(number)
        elif n >= 10 and arxiv_id[-8] == "/":
            archive = _ARCHIVES.get(arxiv_id[:-8])
            digits = arxiv_id[-7:]
            if archive is not None and digits.isdigit() and digits.isascii():
                month = _month(digits[:4], 1991, 7)
                if 0 <= month < _OLD_MONTHS:
                    group = _OLD_BASE + archive * _OLD_MONTHS + month
                    return _BIT_TAG | (group << _NUM_BITS) | int(digits[4:])
        return hash64(arxiv_id)

    def add(self, arxiv_id: str) -> bool:
        """Add ``arxiv_id``; False when it was read already."""
        return self.add_token(self.token(arxiv_id))

    def add_token(self, token: int) -> bool:
        """Add the id whose :meth:`token` is ``token``; False when it was read already."""
        if token < _BIT_TAG:
            if not self._hashed.add_hash(token):
                return False
            self._size += 1
            return True
        group = (token ^ _BIT_TAG) >> _NUM_BITS
        bit = token & ((1 << _NUM_BITS) - 1)
        bits = self._groups.get(group)
        if bits is None:
            # A month of new-style ids holds up to 99,999 (or 9,999) numbers, of old-style ones 999.
            size = 1000 if group >= _OLD_BASE else (100_000 if group & 1 else 10_000)
            bits = self._groups[group] = bytearray((size + 7) // 8)
        mask = 1 << (bit & 7)
        byte = bits[bit >> 3]
        if byte & mask:
            return False
        bits[bit >> 3] = byte | mask
        self._size += 1
        return True

    @property
    def nbytes(self) -> int:
        """Memory held by the bitmaps and the hashed ids, in bytes (objects' headers not counted)."""
        return sum(len(bits) for bits in self._groups.values()) + self._hashed.nbytes
