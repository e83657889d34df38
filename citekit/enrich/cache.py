"""The persistent enrichment cache: one SQLite file, keyed by arXiv id and by normalized query.

Two tables: ``papers`` (arXiv id -> the record as JSON, or NULL for "arXiv has no such
id") and ``queries`` (a normalized title or abstract query -> the ids of the candidates
arXiv returned, possibly none). Only well-formed, complete answers are stored; a failed
or truncated answer is never written, so it cannot pose as "not found" later.
A negative answer ages out sooner than a positive one: papers appear on arXiv later.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .atom import Record

__all__ = ["Cache", "MISSING"]

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY,
    record TEXT,            -- JSON of a Record; NULL when arXiv said the id does not exist
    url TEXT NOT NULL,      -- the request that answered it
    fetched REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS queries (
    key TEXT PRIMARY KEY,   -- 'ti:<normalized title>' or 'abs:<phrases>'
    ids TEXT NOT NULL,      -- JSON list of candidate arXiv ids (may be empty)
    url TEXT NOT NULL,
    fetched REAL NOT NULL
);
"""


class _Missing:
    """The cached answer "arXiv has no paper with this id"."""

    def __repr__(self) -> str:
        return "MISSING"


#: Returned by :meth:`Cache.paper` for an id arXiv said does not exist.
MISSING = _Missing()


@dataclass(slots=True)
class Cache:
    """An open cache; ``Cache.open(None)`` (or a file that cannot be used) keeps it in memory."""

    conn: sqlite3.Connection
    path: str
    max_age: float = 90 * 86400.0
    negative_max_age: float = 7 * 86400.0
    clock: Callable[[], float] = time.time
    #: Why the file could not be used, when the cache fell back to memory.
    trouble: str | None = None
    _closed: bool = field(default=False)

    @classmethod
    def open(cls, path: str | Path | None, **kwargs) -> Cache:
        """Open (creating if needed) the cache at ``path``; on any trouble fall back to memory and say why."""
        trouble = None
        if path is not None:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(path), timeout=10)
                cls._prepare(conn)
                return cls(conn, str(path), **kwargs)
            except (sqlite3.Error, OSError) as exc:
                trouble = f"cannot use the cache {path} ({exc}); continuing without it"
        conn = sqlite3.connect(":memory:")
        cls._prepare(conn)
        return cls(conn, ":memory:", trouble=trouble, **kwargs)

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, _SCHEMA_VERSION):
            # A cache from another citekit version: start it afresh rather than misread it.
            conn.executescript("DROP TABLE IF EXISTS papers; DROP TABLE IF EXISTS queries;")
        conn.executescript(_SCHEMA)
        conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        conn.commit()

    def close(self) -> None:
        """Close the database."""
        if not self._closed:
            self.conn.close()
            self._closed = True

    def _fresh(self, fetched: float, negative: bool, offline: bool) -> bool:
        if offline:
            return True  # offline, any answer is better than none
        limit = self.negative_max_age if negative else self.max_age
        return self.clock() - fetched <= limit

    def paper(self, arxiv_id: str, *, offline: bool = False) -> Record | _Missing | None:
        """The cached record, :data:`MISSING` for a known-absent id, or None when not (freshly) cached."""
        try:
            row = self.conn.execute("SELECT record, fetched FROM papers WHERE id = ?", (arxiv_id,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not self._fresh(row[1], row[0] is None, offline):
            return None
        if row[0] is None:
            return MISSING
        try:
            return Record.from_json(json.loads(row[0]))
        except (ValueError, TypeError):
            return None  # a damaged row reads as "not cached"

    def query(self, key: str, *, offline: bool = False) -> list[str] | None:
        """The candidate ids cached for ``key`` (possibly empty), or None when not (freshly) cached."""
        try:
            row = self.conn.execute("SELECT ids, fetched FROM queries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            ids = [str(i) for i in json.loads(row[0])]
        except (ValueError, TypeError):
            return None
        if not self._fresh(row[1], not ids, offline):
            return None
        # Every candidate must still be in the cache, or the answer is incomplete.
        for arxiv_id in ids:
            if not isinstance(self.paper(arxiv_id, offline=True), Record):
                return None
        return ids

    def put_paper(self, arxiv_id: str, record: Record | None, url: str) -> None:
        """Store a record, or (``record=None``) the well-formed answer that the id does not exist."""
        blob = json.dumps(record.to_json(), ensure_ascii=False) if record is not None else None
        self._write(
            "INSERT OR REPLACE INTO papers (id, record, url, fetched) VALUES (?, ?, ?, ?)",
            (arxiv_id, blob, url, self.clock()),
        )

    def put_query(self, key: str, ids: list[str], url: str) -> None:
        """Store the candidate ids a complete, well-formed answer gave for ``key``."""
        self._write(
            "INSERT OR REPLACE INTO queries (key, ids, url, fetched) VALUES (?, ?, ?, ?)",
            (key, json.dumps(ids), url, self.clock()),
        )

    def _write(self, sql: str, args: tuple) -> None:
        try:
            with self.conn:
                self.conn.execute(sql, args)
        except sqlite3.Error as exc:
            # A read-only or full disk must not cost the run its results.
            self.trouble = self.trouble or f"cannot write the cache {self.path} ({exc})"
