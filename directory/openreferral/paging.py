"""The page envelope of ORUK list endpoints (`Page` in the ORUK openapi.json).

Numbers follow the field descriptions of the spec: `size` is the number of items on this page and
`empty` says this page has none. There is always a page 1, so an empty list has `total_pages` 1
(page 1 is then both first and last); a page past the last is empty, not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def page_count(total_items: int, per_page: int) -> int:
    return max(1, -(-total_items // per_page))


def page_envelope(items: Sequence[Any], page_number: int, per_page: int) -> dict[str, Any]:
    """Page `page_number` (from 1) of `items`, `per_page` to a page."""
    if page_number < 1 or per_page < 1:
        raise ValueError("page_number and per_page start at 1")
    total_pages = page_count(len(items), per_page)
    start = (page_number - 1) * per_page
    contents = list(items[start:start + per_page])
    return {"total_items": len(items), "total_pages": total_pages, "page_number": page_number,
            "size": len(contents), "first_page": page_number == 1,
            "last_page": page_number >= total_pages, "empty": not contents,
            "contents": contents}
