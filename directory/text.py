"""Unicode helpers shared by Markdown glossary linking and search."""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def combining_marks() -> str:
    """A regex character-class body for combining marks and joiners (BMP).

    In Bengali, Gujarati and Urdu, vowel signs and harakat are part of a word, so word matching
    must treat them as word characters (Python's `\\w` does not)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)
    return body + "\\u200c\\u200d"
