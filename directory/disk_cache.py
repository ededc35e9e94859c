"""A key-value store in one SQLite file, for caches kept between runs (Markdown, parsed YAML).

A cache can only save time, never change a result:
- every key is a hash of everything the value depends on, salted with the versions of the code
  and libraries that make it, so a new version never reads an old value;
- values are text that the reader checks (JSON, never pickle: a cache folder restored from
  somewhere else must not be able to run code);
- any error (a corrupt or locked file, a full disk) turns the cache off for the run, and the work
  is done as if it were not there.

New values are written in batches (one transaction each), and the file is started afresh past
`MAX_BYTES` rather than grow without end. It is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import threading
from importlib.metadata import version
from pathlib import Path

MAX_BYTES = 512 * 1024 * 1024
FLUSH_EVERY = 500


def code_version(libraries: tuple[str, ...], *modules: Path) -> str:
    """What cached values depend on, as one string: part of every key."""
    parts = [f"{name} {version(name)}" for name in libraries] + [sys.version]
    parts += [hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest() for path in modules]
    return "\n".join(parts)


class DiskCache:
    """Text values by hashed key, shared by threads. `get` gives None for anything it lacks."""

    def __init__(self, folder: Path, file_name: str, salt: str):
        self.path = folder / file_name
        self.salt = salt.encode("utf-8")
        self.pending: list[tuple[bytes, str]] = []
        self.lock = threading.Lock()
        self.db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.is_file() and self.path.stat().st_size > MAX_BYTES:
                self.path.unlink()
            self.db = sqlite3.connect(self.path, timeout=5, check_same_thread=False,
                                      isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last writes is fine
            self.db.execute("CREATE TABLE IF NOT EXISTS cached "
                            "(key BLOB PRIMARY KEY, value TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.db = None

    def key(self, *parts: str) -> bytes:
        digest = hashlib.blake2b(self.salt, digest_size=20)
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.digest()

    def get(self, key: bytes) -> str | None:
        with self.lock:
            if self.db is None:
                return None
            try:
                row = self.db.execute("SELECT value FROM cached WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                self._fail()
                return None
            return row[0] if row is not None and isinstance(row[0], str) else None

    def put(self, key: bytes, value: str) -> None:
        with self.lock:
            if self.db is None:
                return
            self.pending.append((key, value))
            if len(self.pending) >= FLUSH_EVERY:
                self._flush()

    def flush(self) -> None:
        with self.lock:
            self._flush()

    def close(self) -> None:
        with self.lock:
            self._flush()
            if self.db is not None:
                self.db.close()
                self.db = None

    def _flush(self) -> None:
        if self.db is None or not self.pending:
            self.pending.clear()
            return
        try:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO cached VALUES (?, ?)", self.pending)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            self._fail()
        self.pending.clear()

    def _fail(self) -> None:
        """Stop using a cache that does not work: the work does not need it."""
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:  # pragma: no cover - closing a broken connection
                pass
        self.db = None
