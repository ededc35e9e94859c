"""Load YAML and Markdown front matter, keeping where every value came from.

This stage reads files and nothing else. It turns YAML into plain Python values (dict, list, str, int,
float, bool, date, None) and remembers, for every value and every mapping key, its line and column, so
any later stage can point an editor at the exact node that is wrong.

The YAML is read safely and strictly:
- only plain data: any explicit tag other than the standard ones is an error (no Python objects);
- a deliberately small set of implicit types (YAML 1.2 core schema): `no`, `on`, `09:30` and
  `020 7946 0123` stay text, where YAML 1.1 would turn them into a boolean or a number;
- duplicate keys are errors (PyYAML would silently keep the last one);
- limits on file size, nesting and alias expansion, so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import fnmatch
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import parse_cache

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 50_000  # after alias expansion
MAX_DEPTH = 64

Key = tuple[str | int, ...]


class StrictResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema, narrowed: only what editors mean when they type it."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """`BaseResolver.resolve` for scalars, without the cases this resolver never has (path
        resolvers, resolvers for any first character): the parser asks for every scalar."""
        if kind is not ScalarNode or self.yaml_path_resolvers \
                or None in self.yaml_implicit_resolvers:
            return super().resolve(kind, value, implicit)
        if implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")  # a leading zero stays text (phone numbers)
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

StrictResolver.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
StrictResolver.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
StrictResolver.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789"))
StrictResolver.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
StrictResolver.add_implicit_resolver("tag:yaml.org,2002:timestamp", _DATE, list("0123456789"))


class StrictComposer(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                     yaml.composer.Composer, StrictResolver):
    """Parses into a node tree only; values are built by `_Builder`, never by PyYAML's constructors."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        StrictResolver.__init__(self)


if getattr(yaml, "__with_libyaml__", False):
    class FastStrictComposer(yaml.cyaml.CParser, StrictResolver):
        """The same parser in C (libyaml), when PyYAML was built with it: several times faster."""

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)
            StrictResolver.__init__(self)

    Composer: type = FastStrictComposer
else:  # pragma: no cover - PyYAML wheels ship libyaml
    Composer = StrictComposer


@dataclass(frozen=True)
class Position:
    line: int  # from 1
    column: int  # from 1


@dataclass
class Document:
    """Plain data from one file, with the position of every value and key."""

    path: Path
    data: Any
    values: dict[Key, Position] = field(default_factory=dict)
    keys: dict[Key, Position] = field(default_factory=dict)
    raw: dict[Key, str] = field(default_factory=dict)

    def position(self, key: Key) -> Position:
        """Where the value at `key` is written; the nearest written ancestor when it is missing."""
        while key not in self.values and key:
            key = key[:-1]
        return self.values.get(key, _FIRST)

    def key_position(self, key: Key) -> Position:
        """Where the mapping key for `key` is written (for unknown or misplaced fields)."""
        return self.keys.get(key) or self.position(key)

    def raw_text(self, key: Key) -> str | None:
        """The scalar exactly as typed, e.g. `02079460123` before any type conversion."""
        return self.raw.get(key)

    def positions_only(self) -> Document:
        """The same document keeping only where each value is written: what checks after loading
        need (`position`), for the documents a catalogue keeps for the whole build. The data, the
        raw text and the key positions are several times that, once per service."""
        return Document(self.path, None, self.values)


_FIRST = Position(1, 1)


class SourceError(Exception):
    """A file that cannot be read as data at all: the position of the first fault and why."""

    def __init__(self, path: Path, position: Position, message: str):
        self.path = path
        self.position = position
        self.message = message
        super().__init__(f"{path}:{position.line}:{position.column}: {message}")


def _mark_position(mark: Any, line_offset: int = 0) -> Position:
    return _position(mark.line + 1 + line_offset, mark.column + 1)


# Positions are immutable and repeat across files (every file has a value at 1:1, 2:7...):
# share them instead of building one per value, which is most of what recording them costs.
_position = lru_cache(maxsize=1 << 16)(Position)

# Keys repeat across files too (every service has ("contact", "phones", 0, "number")): one tuple
# per distinct key, shared by every document, rather than one per value of every file.
_KEYS: dict[Key, Key] = {}
MAX_SHARED_KEYS = 1 << 16  # beyond this (keys are made of content), new keys are not shared


def _shared_key(key: Key) -> Key:
    shared = _KEYS.get(key)
    if shared is not None:
        return shared
    if len(_KEYS) < MAX_SHARED_KEYS:
        _KEYS[key] = key
    return key

shared_key, shared_position = _shared_key, _position  # for documents read back (parse_cache)

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns a node tree into plain values, recording positions and enforcing the limits.

    It runs for every value of every file, so it is written for speed: text (the most common
    scalar) takes the shortest path, positions are shared, and the dicts it fills are held in
    attributes rather than looked up through the document each time."""

    SCALAR_TAGS = {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    }

    def __init__(self, path: Path, line_offset: int):
        self.doc = Document(path=path, data=None)
        self.line_offset = line_offset
        self.nodes = 0
        self.values = self.doc.values
        self.keys = self.doc.keys
        self.raw = self.doc.raw

    def fail(self, node: Node, message: str) -> SourceError:
        return SourceError(self.doc.path, _mark_position(node.start_mark, self.line_offset), message)

    def build(self, node: Node, key: Key = (), depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, f"too many values (more than {MAX_NODES} after expanding aliases)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep")
        mark = node.start_mark
        self.values[key] = _position(mark.line + 1 + self.line_offset, mark.column + 1)
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                self.raw[key] = node.value
                return node.value
            return self.scalar(node, key)
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"the tag {node.tag!r} is not allowed here")
            return self.mapping(node, key, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"the tag {node.tag!r} is not allowed here")
            build = self.build
            return [build(item, _shared_key(key + (i,)), depth + 1)
                    for i, item in enumerate(node.value)]
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - PyYAML has no others

    def scalar(self, node: ScalarNode, key: Key) -> Any:
        tag, text = node.tag, node.value
        if tag not in self.SCALAR_TAGS:
            raise self.fail(node, f"the tag {tag!r} is not allowed: content is plain data only")
        self.raw[key] = text
        if tag == "tag:yaml.org,2002:null":
            return None if _NULL.match(text) else text
        if tag == "tag:yaml.org,2002:bool":
            if not _BOOL.match(text):
                raise self.fail(node, f"{text!r} is not true or false")
            return text.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            try:
                return int(text)
            except ValueError:
                raise self.fail(node, f"{text!r} is not a whole number") from None
        if tag == "tag:yaml.org,2002:float":
            try:
                return float(text)
            except ValueError:
                raise self.fail(node, f"{text!r} is not a number") from None
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                return date.fromisoformat(text)
            except ValueError:
                return text  # validation reports it as a date that does not exist
        return text

    def mapping(self, node: MappingNode, key: Key, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys, line_offset, build = self.keys, self.line_offset, self.build
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.fail(key_node, "merge keys (<<) are not supported: write the fields out")
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be plain text")
            name = key_node.value
            if name in result:
                raise self.fail(key_node, f"duplicate key {name!r}")
            child = _shared_key(key + (name,))
            mark = key_node.start_mark
            keys[child] = _position(mark.line + 1 + line_offset, mark.column + 1)
            result[name] = build(value_node, child, depth + 1)
        return result


def _describe_yaml_error(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"invalid YAML: {problem}"
    if context:
        text += f" ({context})"
    return text


def _reader_position(text: str, offset: int) -> Position:
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return Position(line, column)


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Document:
    """Parse YAML text into a `Document`; raise `SourceError` pointing at the first fault.
    With `parse_cache` on, a text parsed in an earlier run comes back from its cache."""
    found = parse_cache.cached(text, path, line_offset)
    if found is not None and found[1] is not None:
        return found[1]
    doc = _parse_yaml(text, path, line_offset)
    if found is not None:
        parse_cache.remember(found[0], doc)
    return doc


def _parse_yaml(text: str, path: Path, line_offset: int) -> Document:
    try:
        loader = Composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        position = _reader_position(text, error.position)
        raise SourceError(path, Position(position.line + line_offset, position.column),
                          f"invalid character {chr(error.character)!r} (#x{error.character:04x})"
                          ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = _mark_position(mark, line_offset) if mark else Position(1 + line_offset, 1)
        raise SourceError(path, position, _describe_yaml_error(error)) from None
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        raise SourceError(path, Position(1 + line_offset, 1), _describe_yaml_error(error)) from None
    except RecursionError:
        raise SourceError(path, Position(1 + line_offset, 1), "nested too deeply") from None
    builder = _Builder(path, line_offset)
    if node is None:
        builder.doc.values[()] = Position(1 + line_offset, 1)
        return builder.doc
    builder.doc.data = builder.build(node)
    return builder.doc


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, within the size limit."""
    try:
        with open(path, "rb") as file:  # one open for the size check and the read
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise SourceError(path, Position(1, 1), f"file is too large ({size} bytes; the "
                                  f"limit is {MAX_FILE_BYTES})")
            raw = file.read()
    except OSError as error:
        raise SourceError(path, Position(1, 1), f"cannot read file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        position = _reader_position(raw[: error.start].decode("utf-8", "replace"), error.start)
        raise SourceError(path, position, "file is not valid UTF-8 text") from None
    # One spelling per character: য় typed as one code point or as two must match in glossary
    # links, search and comparisons, so all content is read in Unicode normal form C.
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))


def load_yaml(path: Path) -> Document:
    return parse_yaml(read_text(path), path)


@dataclass
class MarkdownSource:
    """A Markdown file: its front matter as a `Document`, and its body with the line it starts on."""

    meta: Document
    body: str
    body_line: int


_FENCE = re.compile(r"^---[ \t]*$")


def load_markdown(path: Path) -> MarkdownSource:
    """Split `---` fenced YAML front matter from the Markdown body."""
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise SourceError(path, Position(1, 1),
                          "missing front matter: the file must start with a line '---'")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            front = "".join(lines[1:index])
            meta = parse_yaml(front, path, line_offset=1)
            if meta.data is None:
                meta.data = {}
            return MarkdownSource(meta=meta, body="".join(lines[index + 1:]), body_line=index + 2)
    raise SourceError(path, Position(1, 1), "front matter is not closed: add a line '---' after it")


def iter_files(folder: Path, pattern: str) -> Iterator[Path]:
    """Files in a stable order, so every run reads and reports in the same order."""
    if not folder.is_dir():
        return iter(())
    if "/" in pattern or "**" in pattern:
        return iter(sorted(p for p in folder.glob(pattern) if p.is_file()))
    # One folder: the directory listing says which entries are files, without a stat each.
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries
                     if fnmatch.fnmatchcase(e.name, pattern) and e.is_file()]
    except PermissionError:  # as Path.glob: an unreadable folder has no files
        return iter(())
    return iter(sorted(folder / name for name in names))
