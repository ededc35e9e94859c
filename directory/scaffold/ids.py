"""Identifiers for new files, made from the names editors type."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from ..model import check_identifier

# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
                       "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "œ": "oe", "Œ": "oe", "ı": "i",
                       "&": " and ", "+": " plus "})
_APOSTROPHES = re.compile(r"['’`]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 60


def slugify(text: str) -> str:
    """ASCII, lowercase, words joined by single hyphens (`Carers' café & more` → `carers-cafe-and-more`).

    May return "" (nothing Latin in the text) or start with a digit; `suggest_id` handles both.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = _NOT_ALNUM.sub(" ", _APOSTROPHES.sub("", ascii_text)).split()
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_LENGTH:
            break
        slug = longer
    return slug or (words[0][:MAX_LENGTH] if words else "")


def suggest_id(name: str, existing_ids: Collection[str], fallback: str = "service") -> str:
    """A valid identifier from `name` that is not one of `existing_ids` (adds -2, -3...)."""
    base = slugify(name) or fallback
    if not base[0].isalpha():
        base = f"{fallback}-{base}"
    check_identifier(base)  # cannot fail: a programming error if it does
    candidate, number = base, 2
    while candidate in existing_ids:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
