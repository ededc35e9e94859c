"""Parsed YAML kept on disk between runs: a rebuild does not parse unchanged files again.

Reading YAML with the position of every value (`source.parse_yaml`, in Python) is a third of
loading a large catalogue, and most files are the same from one build to the next. This cache
maps a hash of (the text, its line offset in the file, the versions of PyYAML, Python and our
parsing code) to the parsed document as JSON: its data, with the keys of the values that are
dates (JSON has no dates), and the positions and raw text of every value and key. Files with
errors are not cached: they are parsed again, and report their errors again.

Off unless a command turns it on with `use_disk_cache(folder)`; safe to delete (`disk_cache.py`).
"""

from __future__ import annotations

import atexit
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .disk_cache import DiskCache, code_version

if TYPE_CHECKING:
    from .source import Document

FILE_NAME = "parsed-yaml.sqlite3"
LIBRARIES = ("pyyaml",)

_disk: DiskCache | None = None


def use_disk_cache(folder: Path | None) -> None:
    """Keep parsed YAML in `folder` between runs (`None`: stop)."""
    global _disk
    if _disk is not None:
        _disk.close()
    _disk = None
    if folder is not None:
        _disk = DiskCache(folder, FILE_NAME,
                          code_version(LIBRARIES, Path(__file__).parent / "source.py", Path(__file__)))
        atexit.register(_disk.close)


def forget_disk_cache() -> None:
    """Stop using it without closing it: for a forked child, whose connection is the parent's."""
    global _disk
    _disk = None


def cached(text: str, path: Path, line_offset: int) -> tuple[bytes, Document | None] | None:
    """(key, the document parsed before or None); None when no cache is in use."""
    disk = _disk
    if disk is None:
        return None
    key = disk.key(str(line_offset), text)
    stored = disk.get(key)
    if stored is None:
        return key, None
    try:
        return key, decode(stored, path)
    except (ValueError, TypeError, KeyError, IndexError):
        return key, None  # not what we wrote: parse the text


def remember(key: bytes, doc: Document) -> None:
    if _disk is not None:
        _disk.put(key, encode(doc))


def _date_keys(value: Any, key: tuple, found: list[list]) -> None:
    if isinstance(value, date):
        found.append(list(key))
    elif isinstance(value, dict):
        for name, item in value.items():
            _date_keys(item, key + (name,), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _date_keys(item, key + (index,), found)


def encode(doc: Document) -> str:
    dates: list[list] = []
    _date_keys(doc.data, (), dates)
    return json.dumps({
        "data": doc.data, "dates": dates,
        "values": [[list(k), p.line, p.column] for k, p in doc.values.items()],
        "keys": [[list(k), p.line, p.column] for k, p in doc.keys.items()],
        "raw": [[list(k), text] for k, text in doc.raw.items()],
    }, ensure_ascii=False, default=date.isoformat)


def decode(stored: str, path: Path) -> Document:
    from .source import Document, shared_key, shared_position

    data = json.loads(stored)
    tree = data["data"]
    for key in data["dates"]:
        if not key:
            tree = date.fromisoformat(tree)
            continue
        parent = tree
        for part in key[:-1]:
            parent = parent[part]
        parent[key[-1]] = date.fromisoformat(parent[key[-1]])
    return Document(
        path, tree,
        values={shared_key(tuple(k)): shared_position(line, column)
                for k, line, column in data["values"]},
        keys={shared_key(tuple(k)): shared_position(line, column)
              for k, line, column in data["keys"]},
        raw={shared_key(tuple(k)): text for k, text in data["raw"]})
