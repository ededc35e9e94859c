"""Rendered Markdown kept on disk between runs, so a rebuild does not render unchanged text again.

Rendering Markdown is most of the time it takes to load a large catalogue, and most text is the
same from one build to the next. This cache maps a hash of (the text, the rendering options, and
the versions of everything that shapes the result: Python-Markdown, nh3, Python and our own
rendering code) to what Python-Markdown produced and the links it refused.

It is safe to delete at any time, and it cannot change a page:
- a hit returns what rendering would give, since every input of the result is in the key;
- it stores HTML *before* sanitising: what is read back goes through nh3 again, so a tampered
  cache file cannot put script into a page;
- any error (a corrupt or locked file, a full disk) turns the cache off for the run, and the
  text is rendered as if it were not there.

Off unless a command turns it on with `markup.use_disk_cache(folder)`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
from importlib.metadata import version
from pathlib import Path

FILE_NAME = "markdown.sqlite3"
MAX_BYTES = 512 * 1024 * 1024  # start afresh past this, rather than grow without end
FLUSH_EVERY = 500  # new entries written in batches: one transaction each, not one per text


def code_version(*modules: Path) -> str:
    """What the cached results depend on, as one string: part of every key."""
    parts = [f"markdown {version('markdown')}", f"nh3 {version('nh3')}", sys.version]
    parts += [hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest() for path in modules]
    return "\n".join(parts)


class DiskCache:
    """A key-value store of rendered Markdown in one SQLite file, shared by threads."""

    def __init__(self, folder: Path, salt: str):
        self.path = folder / FILE_NAME
        self.salt = salt.encode("utf-8")
        self.pending: list[tuple[bytes, str, str]] = []
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
            self.db.execute("CREATE TABLE IF NOT EXISTS rendered "
                            "(key BLOB PRIMARY KEY, raw TEXT NOT NULL, refused TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.db = None

    def key(self, text: str, options: str) -> bytes:
        digest = hashlib.blake2b(self.salt, digest_size=20)
        digest.update(b"\0" + options.encode("utf-8") + b"\0" + text.encode("utf-8"))
        return digest.digest()

    def get(self, key: bytes) -> tuple[str, list[str]] | None:
        with self.lock:
            if self.db is None:
                return None
            try:
                row = self.db.execute("SELECT raw, refused FROM rendered WHERE key = ?",
                                      (key,)).fetchone()
                if row is None:
                    return None
                refused = json.loads(row[1])
                if not isinstance(row[0], str) or not isinstance(refused, list) \
                        or not all(isinstance(href, str) for href in refused):
                    return None
                return row[0], refused
            except (sqlite3.Error, ValueError):
                self._fail()
                return None

    def put(self, key: bytes, raw: str, refused: list[str]) -> None:
        with self.lock:
            if self.db is None:
                return
            self.pending.append((key, raw, json.dumps(refused, ensure_ascii=False)))
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
            self.db.executemany("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?)", self.pending)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            self._fail()
        self.pending.clear()

    def _fail(self) -> None:
        """Stop using a cache that does not work: rendering does not need it."""
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:  # pragma: no cover - closing a broken connection
                pass
        self.db = None
