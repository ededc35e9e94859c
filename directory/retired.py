"""Retired services: `content/retired.yaml`, the tombstones of services no longer listed.

Deleting a service file would break every bookmark, printed list and forwarded bulletin that points
at its page, and the monthly bulletin could not say it was removed. A tombstone keeps a short
"no longer listed" page at the old address (left out of search and the sitemap) and a dated entry
for the bulletin. The file is optional; it is checked like any other content file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .located import check_reference, load_model, report_duplicates
from .model import RetiredService, RetiredServices
from .problems import ProblemList

RETIRED_FILE = "retired.yaml"


def load_retired(content_dir: Path, live_ids: Iterable[str],
                 problems: ProblemList) -> list[RetiredService]:
    """The tombstones, oldest first; problems point at the line of the faulty entry."""
    located = load_model(content_dir / RETIRED_FILE, RetiredServices, problems, required=False)
    if located is None:
        return []
    doc, value = located.doc, located.value
    entries: list[RetiredService] = list(value.services)
    report_duplicates(doc, ("services",), (e.id for e in entries), "retired service id", problems)
    live = sorted(set(live_ids))
    for index, entry in enumerate(entries):
        if entry.id in live:
            position = doc.position(("services", index, "id"))
            problems.error(doc.path, position.line, position.column,
                           f"{entry.id!r} is retired here but services/{entry.id}.yaml still "
                           "lists it: delete the service file, or remove this entry")
        for other, replacement in enumerate(entry.replaced_by):
            check_reference(doc, ("services", index, "replaced_by", other), replacement, live,
                            "service", "services/", problems)
    return sorted(entries, key=lambda e: (e.retired, e.id))
