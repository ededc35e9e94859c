"""Services as a spreadsheet (CSV) and back, for commissioners who work in spreadsheets.

One row per service, one column per field; nested fields have dotted names (`contact.email`,
`cost.type`), each location has numbered columns (`locations.1.postcode`), and lists share a cell
(see `tabular_cells.py`). The file is UTF-8 with a byte order mark, so spreadsheet software reads
accents and non-Latin scripts correctly, and quoted by the csv module (RFC 4180). Importing checks
every row with the same model and references as `catalogue check`, reports each problem as
`file.csv:line:column` (the header is line 1; the column is the field's column number), and writes
nothing unless every row is valid.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import tabular_cells as cells
from .catalogue import Catalogue
from .model import Service
from .openreferral.import_write import Target, reference_errors
from .problems import ProblemList

BOM = "\ufeff"
LIST_COLUMNS = ("categories", "audiences", "journey_stages", "conditions", "service_areas",
                "languages", "cost.payment")
TEXT_COLUMNS = ("id", "name", "organization", "summary", "description", "contact.email",
                "contact.website", "hours_note", "cost.type", "cost.details", "access.referral",
                "access.how_to", "access.eligibility", "added", "last_verified")
LOCATION_FIELDS = ("name", "address", "postcode", "accessibility", "accessibility_notes")
COLUMNS = ("id", "name", "organization", "summary", "description", "categories", "audiences",
           "journey_stages", "conditions", "service_areas", "contact.phones", "contact.email",
           "contact.website", "opening_hours", "hours_note", "cost.type", "cost.details",
           "cost.payment", "access.referral", "access.how_to", "access.eligibility", "languages",
           "quality_marks", "commissioned", "added", "last_verified")
_LOCATION_COLUMN = re.compile(r"^locations\.([1-9][0-9]*)\.(" + "|".join(LOCATION_FIELDS) + ")$")
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}


# --- export ----------------------------------------------------------------------------------

def _set(data: Any, path: tuple[str | int, ...], text: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = text


def service_row(service: Service, translated: dict[tuple[str | int, ...], str] | None = None
                ) -> dict[str, str]:
    """The cells of one service; `translated` replaces text fields (from a translation file)."""
    data = service.model_dump(mode="json")
    for path, text in (translated or {}).items():
        try:
            _set(data, path, text)
        except (KeyError, IndexError, TypeError):
            continue  # a translation of a field the source no longer has
    contact, cost, access = data["contact"], data["cost"], data["access"]
    row = {
        "id": data["id"], "name": data["name"], "organization": data["organization"],
        "summary": data["summary"], "description": data["description"],
        **{facet: cells.join(data[facet]) for facet in LIST_COLUMNS if "." not in facet},
        "contact.phones": cells.join([cells.phone_cell(p["number"], p["label"])
                                      for p in contact["phones"]]),
        "contact.email": contact["email"] or "", "contact.website": contact["website"] or "",
        "opening_hours": cells.join([cells.hours_cell(h["days"], h["opens_at"], h["closes_at"],
                                                      h["note"]) for h in data["opening_hours"]]),
        "hours_note": data["hours_note"] or "", "cost.type": cost["type"],
        "cost.details": cost["details"] or "", "cost.payment": cells.join(cost["payment"]),
        "access.referral": access["referral"], "access.how_to": access["how_to"] or "",
        "access.eligibility": access["eligibility"] or "",
        "quality_marks": cells.join([f"{m['scheme']} {m['awarded']}" for m in data["quality_marks"]]),
        "commissioned": "true" if data["commissioned"] else "false",
        "added": data["added"], "last_verified": data["last_verified"]}
    for number, location in enumerate(data["locations"], start=1):
        for key in LOCATION_FIELDS:
            value = location[key]
            row[f"locations.{number}.{key}"] = cells.join(value) if isinstance(value, list) \
                else (value or "")
    return row


def export_csv(catalogue: Catalogue, lang: str | None = None) -> str:
    """Every service, in the catalogue's order (by name), as CSV text starting with a BOM."""
    rows = []
    for entry in catalogue.services:
        translation = (catalogue.translations.get(lang, "service", entry.id)
                       if lang and lang != catalogue.site.default_language else None)
        rows.append(service_row(entry.service, translation.texts if translation else None))
    most = max((len(entry.service.locations) for entry in catalogue.services), default=0)
    columns = list(COLUMNS)
    position = columns.index("opening_hours")
    columns[position:position] = [f"locations.{n}.{key}" for n in range(1, most + 1)
                                  for key in LOCATION_FIELDS]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return BOM + out.getvalue()


# --- import ----------------------------------------------------------------------------------

@dataclass
class Row:
    line: int  # where the record starts in the file (the header is line 1)
    cells: dict[str, str]


def read_rows(path: Path, problems: ProblemList) -> tuple[list[str], list[Row]]:
    """The header and each non-empty row with its line number; problems for unreadable text."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        problems.error(path, 1, 1, f"cannot read file: {error.strerror}")
        return [], []
    except UnicodeDecodeError as error:
        raw = path.read_bytes()[: error.start]
        line = raw.count(b"\n") + 1
        problems.error(path, line, 1, "file is not UTF-8 text: in your spreadsheet, save as "
                       "'CSV UTF-8'")
        return [], []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] = []
    rows: list[Row] = []
    line = 1
    try:
        for record in reader:
            if not header:
                header = [name.strip() for name in record]
            elif any(cell.strip() for cell in record):
                if len(record) > len(header):
                    problems.error(path, line, len(header) + 1,
                                   f"{len(record)} cells but only {len(header)} columns")
                rows.append(Row(line, dict(zip(header, record, strict=False))))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.error(path, reader.line_num or 1, 1, f"invalid CSV: {error}")
    return header, rows


def _check_header(path: Path, header: list[str], problems: ProblemList) -> None:
    known = list(COLUMNS)
    for index, name in enumerate(header, start=1):
        if name in header[: index - 1]:
            problems.error(path, 1, index, f"column {name!r} appears twice")
        elif name not in known and not _LOCATION_COLUMN.match(name):
            hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            problems.error(path, 1, index, f"unknown column {name!r}"
                           + (f"; did you mean {hint[0]!r}?" if hint else ""))
    for required in ("id", "name", "organization", "summary", "description", "categories",
                     "service_areas", "cost.type", "access.referral", "added", "last_verified"):
        if required not in header:
            problems.error(path, 1, 1, f"missing column {required!r}")


def _put(data: dict[str, Any], column: str, value: Any) -> None:
    head, _, rest = column.partition(".")
    if rest:
        _put(data.setdefault(head, {}), rest, value)
    else:
        data[head] = value


def row_data(cells_: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The entry's data from one row, and (column, message) for cells that cannot be read."""
    data: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    locations: dict[int, dict[str, Any]] = {}
    for column, cell in cells_.items():
        cell = cell or ""
        try:
            if column in TEXT_COLUMNS:
                if cell.strip():
                    _put(data, column, cell)
            elif column in LIST_COLUMNS:
                _put(data, column, cells.split(cell))
            elif column == "contact.phones":
                _put(data, column, [cells.parse_phone(item) for item in cells.split(cell)])
            elif column == "opening_hours":
                data[column] = [cells.parse_hours(item) for item in cells.split(cell)]
            elif column == "quality_marks":
                data[column] = [cells.parse_mark(item) for item in cells.split(cell)]
            elif column == "commissioned":
                if cell.strip().lower() not in _TRUE | _FALSE:
                    raise ValueError(f"{cell!r} is not true or false")
                data[column] = cell.strip().lower() in _TRUE
            elif match := _LOCATION_COLUMN.match(column):
                if cell.strip():
                    key = match[2]
                    value = cells.split(cell) if key in ("address", "accessibility") else cell
                    locations.setdefault(int(match[1]), {})[key] = value
        except ValueError as error:
            errors.append((column, str(error)))
    data.setdefault("contact", {})
    data["locations"] = [locations[n] for n in sorted(locations)]
    return data, errors


def _column_for(loc: tuple[Any, ...], header: list[str]) -> int:
    """The column number behind a model error's location (1 when none fits)."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["locations"] and len(parts) >= 3:
        candidates = [f"locations.{int(parts[1]) + 1}.{parts[2]}"]
    else:
        names = [p for p in parts if not p.isdigit()]
        candidates = [".".join(names[:n]) for n in range(len(names), 0, -1)]
        if names and names[0] == "contact":
            candidates += ["contact.phones", "contact.email", "contact.website"]
    for candidate in candidates:
        if candidate in header:
            return header.index(candidate) + 1
    return 1


def _message(item: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in item["loc"])
    if item["type"] == "missing":
        return f"{where} is required"
    text = str(item["msg"]).removeprefix("Value error, ")
    return f"{where}: {text}" if where else text


def import_csv(path: Path, target: Target, problems: ProblemList, *, update: bool = False
               ) -> tuple[list[Service], set[str]]:
    """Valid services from every row and the ids that replace existing entries (with `update`);
    every problem in `problems`. Nothing is written here (see `import_write.write_services`)."""
    header, rows = read_rows(path, problems)
    if not header:
        if not problems.errors:
            problems.error(path, 1, 1, "the file is empty: it needs a header row")
        return [], set()
    _check_header(path, header, problems)
    if problems.errors:
        return [], set()
    services: list[Service] = []
    seen: dict[str, int] = {}
    replacing: set[str] = set()
    for row in rows:
        data, errors = row_data(row.cells)
        for column, message in errors:
            problems.error(path, row.line, header.index(column) + 1, message)
        if errors:
            continue
        try:
            service = Service.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                problems.error(path, row.line, _column_for(item["loc"], header), _message(item))
            continue
        for column, message in reference_errors(service, target):
            problems.error(path, row.line, _column_for((column,), header), message)
        id_column = header.index("id") + 1
        if service.id in seen:
            problems.error(path, row.line, id_column, f"id {service.id!r} is also on line "
                           f"{seen[service.id]}")
        seen.setdefault(service.id, row.line)
        if service.id in target.existing_ids:
            if not update:
                problems.error(path, row.line, id_column, f"services/{service.id}.yaml already "
                               "exists: not overwritten (use --update to replace entries)")
            replacing.add(service.id)
        services.append(service)
    return services, replacing
