"""How lists and small records are written in one spreadsheet cell, and read back.

Items are joined with `; `. A `;` or `\\` inside an item is escaped with a backslash, so any text
(including `;`, quotes and line breaks: the csv module quotes the cell) survives the round trip.
Phones are `number (label)`; opening hours are `mon-fri 09:00-17:00 (note)`; quality marks are
`scheme 2026-01-31`.
"""

from __future__ import annotations

import re
from datetime import date

from .model import WEEKDAYS, check_phone

SEPARATOR = "; "
_SPLIT = re.compile(r"((?:[^;\\]|\\.)*)(?:;|$)", re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SHORT_DAYS = [day.value[:3] for day in WEEKDAYS]
_HOURS = re.compile(r"^(?P<days>[a-z,\- ]+?)\s+(?P<opens>\d\d:\d\d)\s*-\s*(?P<closes>\d\d:\d\d)"
                    r"(?:\s+\((?P<note>.*)\))?$", re.DOTALL)


def escape_item(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;")


def join(items: list[str]) -> str:
    return SEPARATOR.join(escape_item(item) for item in items)


def split(cell: str) -> list[str]:
    """The items of a joined cell, unescaped and trimmed; an empty cell is an empty list."""
    if not cell.strip():
        return []
    parts = [match.group(1) for match in _SPLIT.finditer(cell)][:-1] if cell.endswith(";") \
        else [match.group(1) for match in _SPLIT.finditer(cell)]
    items = [_UNESCAPE.sub(r"\1", part).strip() for part in parts]
    return [item for item in items if item]


# --- phones ----------------------------------------------------------------------------------

def phone_cell(number: str, label: str | None) -> str:
    return f"{number} ({label})" if label else number


def parse_phone(item: str) -> dict[str, str]:
    """`020 7946 0123 (Advice line)`; a number may itself hold brackets, `(020) 7946 0123`."""
    if item.endswith(")"):
        start = item.find(" (")
        while start >= 0:
            number = item[:start].strip()
            try:
                check_phone(number)
            except ValueError:
                start = item.find(" (", start + 1)
                continue
            return {"number": number, "label": item[start + 2:-1].strip()}
    return {"number": item}


# --- opening hours ---------------------------------------------------------------------------

def days_text(days: list[str]) -> str:
    """`mon-fri`, `mon,wed,fri`, `mon-wed,sat`: runs of three or more days become ranges."""
    indexes = [_SHORT_DAYS.index(day[:3]) for day in days]
    parts, start = [], 0
    while start < len(indexes):
        end = start
        while end + 1 < len(indexes) and indexes[end + 1] == indexes[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{_SHORT_DAYS[indexes[start]]}-{_SHORT_DAYS[indexes[end]]}")
        else:
            parts += [_SHORT_DAYS[i] for i in indexes[start:end + 1]]
        start = end + 1
    return ",".join(parts)


def hours_cell(days: list[str], opens_at: str, closes_at: str, note: str | None) -> str:
    text = f"{days_text(days)} {opens_at}-{closes_at}"
    return f"{text} ({note})" if note else text


def parse_days(text: str) -> list[str]:
    days: list[str] = []
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in _SHORT_DAYS or (last and last not in _SHORT_DAYS):
            raise ValueError(f"{part!r} is not a day: write mon, tue, wed, thu, fri, sat, sun "
                             "or a range such as mon-fri")
        a, b = _SHORT_DAYS.index(first), _SHORT_DAYS.index(last or first)
        if b < a:
            raise ValueError(f"{part!r}: a range of days runs forwards (e.g. mon-fri)")
        days += [WEEKDAYS[i].value for i in range(a, b + 1)]
    return days


def parse_hours(item: str) -> dict[str, object]:
    match = _HOURS.match(item.strip())
    if not match:
        raise ValueError(f"{item!r} is not opening hours: write e.g. 'mon-fri 09:00-17:00' or "
                         "'sat 10:00-12:00 (Drop-in)'")
    hours: dict[str, object] = {"days": parse_days(match["days"]), "opens_at": match["opens"],
                                "closes_at": match["closes"]}
    if match["note"]:
        hours["note"] = match["note"]
    return hours


# --- quality marks ---------------------------------------------------------------------------

def parse_mark(item: str) -> dict[str, object]:
    scheme, _, awarded = item.strip().rpartition(" ")
    try:
        return {"scheme": scheme.strip(), "awarded": date.fromisoformat(awarded)}
    except ValueError:
        raise ValueError(f"{item!r} is not a quality mark: write the scheme id and the date it "
                         "was awarded, e.g. 'ensuring-quality 2026-01-31'") from None
