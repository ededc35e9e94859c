"""Write YAML values by hand-made lines, quoted by a real emitter.

Scaffolded files are written line by line so that each field can carry a comment for editors;
only the values go through PyYAML's emitter, which knows every case where text must be quoted
(`: `, `#`, a leading `*` or `&`, `no`, `2026-01-01`, `020 7946 0123`...). Anything our strict
loader (`source.py`) reads as a number, date, boolean or null, PyYAML's wider YAML 1.1 rules read
so too, so the emitter quotes it and the loader gets the same text back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import yaml

_WIDTH = 1 << 30  # never fold a long line: the text stays on the line after its key
_LINE_BREAKS = "\n\r\x85\u2028\u2029"


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text when it can be written that way, else double quotes."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    block = getattr(dumper, "_block", False)
    if any(ch in value for ch in _LINE_BREAKS):
        # A literal block keeps paragraphs readable; the emitter itself falls back to a
        # double-quoted scalar (with \n escapes) when the text cannot be a block. Only \n
        # survives in a block: YAML reads \r, NEL and the Unicode separators there as \n.
        # A final line break would need `|+`, after which PyYAML ends the document (`...`).
        plain_breaks = not any(ch in value for ch in _LINE_BREAKS[1:])
        style = "|" if block and plain_breaks and not value.endswith("\n") else '"'
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump_field(key: str, value: object, block: bool) -> str:
    dumper_class = type("_FieldDumper", (_Dumper,), {"_block": block})
    return yaml.dump({key: value}, Dumper=dumper_class, allow_unicode=True, width=_WIDTH,
                     sort_keys=False, default_flow_style=False)


def scalar(value: str | int | bool | date) -> str:
    """One value, quoted as needed, on one line (to follow `key: `)."""
    if isinstance(value, date):
        return value.isoformat()
    text = _dump_field("k", value, block=False)
    assert text.startswith("k: ") and text.count("\n") == 1, text
    return text[3:-1]


def flow_list(values: Iterable[str]) -> str:
    """`[a, b]`: for lists of ids, which never hold commas or brackets."""
    return "[" + ", ".join(scalar(value) for value in values) + "]"


def block_field(key: str, text: str) -> str:
    """`key: |` and the text indented below it, or `key: value` for one line; ends with \\n."""
    return _dump_field(key, text, block=True)
