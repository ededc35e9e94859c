"""Read a JSON file and remember where each value starts, for `file.json:line:column` messages.

`json.loads` gives values but no positions; after it has accepted the text, a small scanner walks
the same (now known valid) text once more and records the offset of every value by its path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

Path_ = tuple[str | int, ...]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_OR_LITERAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")


class JsonError(Exception):
    """A file that is not JSON: where and why."""

    def __init__(self, path: Path, line: int, column: int, message: str):
        self.path, self.line, self.column, self.message = path, line, column, message
        super().__init__(f"{path}:{line}:{column}: {message}")


@dataclass
class JsonDocument:
    path: Path
    data: Any
    text: str
    offsets: dict[Path_, int] = field(default_factory=dict)

    def position(self, at: Path_) -> tuple[int, int]:
        """(line, column) of the value at `at`, or of its nearest present ancestor."""
        while at and at not in self.offsets:
            at = at[:-1]
        offset = self.offsets.get(at, 0)
        before = self.text[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def describe(at: Path_) -> str:
    """`services[3].schedules[0].opens_at`: a path as people write it."""
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def _walk(text: str, index: int, at: Path_, offsets: dict[Path_, int]) -> int:
    index = _WHITESPACE.match(text, index).end()
    offsets[at] = index
    char = text[index]
    if char == "{":
        index = _WHITESPACE.match(text, index + 1).end()
        if text[index] == "}":
            return index + 1
        while True:
            key, index = scanstring(text, _WHITESPACE.match(text, index).end() + 1)
            index = _WHITESPACE.match(text, index).end() + 1  # the colon
            index = _WHITESPACE.match(text, _walk(text, index, at + (key,), offsets)).end()
            if text[index] == "}":
                return index + 1
            index += 1  # the comma
    if char == "[":
        index = _WHITESPACE.match(text, index + 1).end()
        if text[index] == "]":
            return index + 1
        number = 0
        while True:
            index = _WHITESPACE.match(text, _walk(text, index, at + (number,), offsets)).end()
            number += 1
            if text[index] == "]":
                return index + 1
            index += 1
    if char == '"':
        return scanstring(text, index + 1)[1]
    match = _NUMBER_OR_LITERAL.match(text, index)
    assert match, f"unexpected {char!r} at {index}"  # json.loads accepted the text
    return match.end()


def load_json(path: Path) -> JsonDocument:
    """The file's data with the position of every value; JsonError for unreadable input."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise JsonError(path, 1, 1, f"cannot read file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonError(path, 1, 1, "file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonError(path, error.lineno, error.colno, f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise JsonError(path, 1, 1, "invalid JSON: nested too deeply") from None
    document = JsonDocument(path, data, text)
    _walk(text, 0, (), document.offsets)
    return document
