"""Rendered Markdown kept on disk between runs, so a rebuild does not render unchanged text again.

Rendering Markdown is most of the time it takes to load a large catalogue, and most text is the
same from one build to the next. This cache maps a hash of (the text, the rendering options, and
the versions of everything that shapes the result: Python-Markdown, nh3, Python and our own
rendering code) to what Python-Markdown produced and the links it refused.

It is safe to delete at any time, and it cannot change a page (see `disk_cache.py`); besides, it
stores HTML *before* sanitising: what is read back goes through nh3 again, so a tampered cache
file cannot put script into a page.

Off unless a command turns it on with `markup.use_disk_cache(folder)`.
"""

from __future__ import annotations

import json
from pathlib import Path

from .disk_cache import DiskCache

FILE_NAME = "markdown.sqlite3"
LIBRARIES = ("markdown", "nh3")


class MarkdownCache:
    """What Python-Markdown made of a text with some options: raw HTML and refused links."""

    def __init__(self, folder: Path, salt: str):
        self.store = DiskCache(folder, FILE_NAME, salt)

    def key(self, text: str, options: str) -> bytes:
        return self.store.key(options, text)

    def get(self, key: bytes) -> tuple[str, list[str]] | None:
        value = self.store.get(key)
        if value is None:
            return None
        try:
            raw, refused = json.loads(value)
        except ValueError:
            return None
        if not isinstance(raw, str) or not isinstance(refused, list) \
                or not all(isinstance(href, str) for href in refused):
            return None
        return raw, refused

    def put(self, key: bytes, raw: str, refused: list[str]) -> None:
        self.store.put(key, json.dumps([raw, refused], ensure_ascii=False))

    def flush(self) -> None:
        self.store.flush()

    def close(self) -> None:
        self.store.close()
