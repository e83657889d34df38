"""The persistent enrichment cache: one SQLite file, keyed by arXiv id and by normalized query.

Three tables: ``works`` (a DOI -> the registration agency's CSL-JSON, or NULL for "no
such DOI") and ``papers`` (arXiv id -> the record as JSON, or NULL for "arXiv has no such
id") and ``queries`` (a normalized title or abstract query -> the ids of the candidates
arXiv returned, possibly none). Only well-formed, complete answers are stored; a failed
or partial answer is never written, so it cannot pose as "not found" later.
A negative answer ages out sooner than a positive one: papers appear on arXiv later.

The file is citekit's own: it carries citekit's ``application_id``, and a database that
holds anything else (another program's tables, a file that is not SQLite) is refused
with :class:`CacheError` rather than touched. It runs in WAL mode with a short busy
timeout, so a reader in another process never holds a write up, and each answer's rows
are written in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import UsageError
from .record import Record

__all__ = ["Cache", "CacheError", "MISSING"]

_SCHEMA_VERSION = 1
#: ``PRAGMA application_id`` of a citekit cache ("CKit").
APPLICATION_ID = 0x434B6974
#: Seconds a write waits for another writer before it is kept for the next flush.
BUSY_TIMEOUT = 0.25
_TABLES = {
    "papers": ("id", "record", "url", "fetched"),
    "queries": ("key", "ids", "url", "fetched"),
    "works": ("doi", "item", "url", "fetched"),
}
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
CREATE TABLE IF NOT EXISTS works (
    doi TEXT PRIMARY KEY,   -- a DOI, case-folded
    item TEXT,              -- the registration agency's CSL-JSON; NULL when the resolver has no such DOI
    url TEXT NOT NULL,
    fetched REAL NOT NULL
);
"""


class CacheError(UsageError):
    """The file given as the cache is not a citekit cache; it is left as it is."""


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
    _pending: list[tuple[str, tuple]] = field(default_factory=list)

    @classmethod
    def open(cls, path: str | Path | None, **kwargs) -> Cache:
        """Open (creating if needed) the cache at ``path``; raises :class:`CacheError` for a file not its own.

        A file that cannot be created or opened (a read-only directory) leaves the run
        with a cache in memory, and :attr:`trouble` says why.
        """
        trouble = None
        if path is not None:
            conn = None
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT)
                cls._prepare(conn, str(path))
                return cls(conn, str(path), **kwargs)
            except CacheError:
                if conn is not None:
                    conn.close()
                raise
            except sqlite3.DatabaseError as exc:
                if conn is not None:
                    conn.close()
                if "not a database" in str(exc) or "malformed" in str(exc):
                    raise CacheError(f"{path} is not a citekit cache (not an SQLite database); "
                                     "give --cache a file of its own") from None
                trouble = f"cannot use the cache {path} ({exc}); continuing without it"
            except OSError as exc:
                trouble = f"cannot use the cache {path} ({exc.strerror or exc}); continuing without it"
        conn = sqlite3.connect(":memory:")
        cls._prepare(conn, ":memory:")
        return cls(conn, ":memory:", trouble=trouble, **kwargs)

    @staticmethod
    def _prepare(conn: sqlite3.Connection, path: str) -> None:
        """Check the file is citekit's (or empty), then create or refresh the schema."""
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {name: tuple(c[1] for c in conn.execute(f'PRAGMA table_info("{name}")'))
                  for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        ours = app == APPLICATION_ID
        # Before application_id was set, a citekit cache was known by its two tables alone.
        legacy = app == 0 and set(tables) <= set(_TABLES) and all(tables[t] == _TABLES[t] for t in tables)
        if not ours and not legacy:
            shown = ", ".join(sorted(tables)[:5]) or "no tables"
            raise CacheError(f"{path} is not a citekit cache (it holds {shown}); "
                             "give --cache a file of its own")
        if ours and version != _SCHEMA_VERSION and set(tables) <= set(_TABLES):
            # A cache from another citekit version: start it afresh rather than misread it.
            conn.executescript("DROP TABLE IF EXISTS papers; DROP TABLE IF EXISTS queries;")
        elif ours and version != _SCHEMA_VERSION:
            raise CacheError(f"{path} holds tables citekit did not make ({', '.join(sorted(set(tables) - set(_TABLES)))})")
        current = ours and version == _SCHEMA_VERSION and set(tables) == set(_TABLES)
        if path != ":memory:":
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                # WAL: readers in other processes never block this writer, nor it them.
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                except sqlite3.OperationalError:
                    pass  # another process has the file open just now: the rollback journal still works
        if current:
            return  # nothing to write: opening must not wait for another process's lock
        conn.executescript(_SCHEMA)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        conn.commit()

    def close(self) -> None:
        """Write what is still pending, then close the database."""
        if not self._closed:
            self.flush(final=True)
            self.conn.close()
            self._closed = True

    def _fresh(self, fetched: float, negative: bool, offline: bool) -> bool:
        if offline:
            return True  # offline, any answer is better than none
        limit = self.negative_max_age if negative else self.max_age
        return self.clock() - fetched <= limit

    def _stored(self, select: str, key: str, offline: bool) -> str | _Missing | None:
        """The stored JSON text ``select`` finds for ``key``, :data:`MISSING` for a stored "no such thing", or None."""
        try:
            row = self.conn.execute(select, (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not self._fresh(row[1], row[0] is None, offline):
            return None
        return MISSING if row[0] is None else row[0]

    def paper(self, arxiv_id: str, *, offline: bool = False) -> Record | _Missing | None:
        """The cached record, :data:`MISSING` for a known-absent id, or None when not (freshly) cached."""
        text = self._stored("SELECT record, fetched FROM papers WHERE id = ?", arxiv_id, offline)
        if not isinstance(text, str):
            return text
        try:
            return Record.from_json(json.loads(text))
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

    def work(self, doi: str, *, offline: bool = False) -> dict | _Missing | None:
        """The cached CSL-JSON of ``doi``, :data:`MISSING` for a DOI the resolver does not know, or None."""
        text = self._stored("SELECT item, fetched FROM works WHERE doi = ?", doi.casefold(), offline)
        if not isinstance(text, str):
            return text
        try:
            item = json.loads(text)
        except ValueError:
            return None
        return item if isinstance(item, dict) else None

    def put_work(self, doi: str, item: dict | None, url: str) -> None:
        """Store a DOI's CSL-JSON (a complete, verified-as-JSON answer), or None for "no such DOI"."""
        self._pending.append(("INSERT OR REPLACE INTO works (doi, item, url, fetched) VALUES (?, ?, ?, ?)",
                              (doi.casefold(), json.dumps(item, ensure_ascii=False) if item is not None else None,
                               url, self.clock())))
        self.flush()

    def put_paper(self, arxiv_id: str, record: Record | None, url: str) -> None:
        """Store a record, or (``record=None``) the well-formed answer that the id does not exist."""
        self.put_papers([(arxiv_id, record, url)])

    def put_papers(self, rows: Iterable[tuple[str, Record | None, str]]) -> None:
        """Store several records (or "no such id" answers) in one transaction."""
        now = self.clock()
        self._pending.extend(
            ("INSERT OR REPLACE INTO papers (id, record, url, fetched) VALUES (?, ?, ?, ?)",
             (i, json.dumps(r.to_json(), ensure_ascii=False) if r is not None else None, url, now))
            for i, r, url in rows)
        self.flush()

    def put_query(self, key: str, ids: list[str], url: str) -> None:
        """Store the candidate ids a complete, well-formed answer gave for ``key``."""
        self.put_queries([(key, ids, url)])

    def put_queries(self, rows: Iterable[tuple[str, list[str], str]]) -> None:
        """Store several query answers in one transaction."""
        now = self.clock()
        self._pending.extend(
            ("INSERT OR REPLACE INTO queries (key, ids, url, fetched) VALUES (?, ?, ?, ?)",
             (key, json.dumps(ids), url, now))
            for key, ids, url in rows)
        self.flush()

    def flush(self, *, final: bool = False) -> None:
        """Write the pending rows in one transaction; when another writer holds the file, keep them for later."""
        if not self._pending:
            return
        try:
            with self.conn:
                for sql, args in self._pending:
                    self.conn.execute(sql, args)
            self._pending.clear()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) and not final:
                return  # another writer: try again with the next answer rather than wait now
            self._lost(exc)
        except sqlite3.Error as exc:
            self._lost(exc)

    def _lost(self, exc: sqlite3.Error) -> None:
        # A read-only or full disk must not cost the run its results.
        self.trouble = self.trouble or f"cannot write the cache {self.path} ({exc}); answers not kept for next time"
        self._pending.clear()
