"""The ORUK 3.0 API ("Level 1": `/`, `/services`, `/services/{id}`), as a pure function.

`OpenReferralApi.handle(path, query)` answers a request below `/openreferral/` with a status and a
JSON body; `catalogue serve` sends it (`directory/openreferral/serving.py`). The same routes also
answer the names of the static files the build writes (`index.json`, `services/page-2.json`,
`services/<uuid>.json`, `services.json`), and the build writes exactly what `static_files()`
returns, so the static API and the served one cannot differ:

| request                         | static file                               |
|---------------------------------|-------------------------------------------|
| `GET /`                         | `openreferral/index.json`                 |
| `GET /services` (page 1)        | `openreferral/services/index.json`        |
| `GET /services?page=N`          | `openreferral/services/page-N.json`       |
| `GET /services/{id}`            | `openreferral/services/{id}.json`         |
| every service, fully nested     | `openreferral/services.json`              |

Static pages hold `STATIC_PER_PAGE` services. Served, `/services` also takes `per_page`, `search`
(ranked by the search engine when the server passes one), `taxonomy_term_id` and `taxonomy_id`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from .export import OpenReferralExport, Record
from .ids import service_uuid
from .paging import page_count, page_envelope

PREFIX = "/openreferral/"
ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/"
ORUK_OPENAPI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
STATIC_PER_PAGE = 50
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
_PAGE_FILE = re.compile(r"^services/page-(?P<page>[1-9][0-9]*)\.json$")
_WHOLE_NUMBER = re.compile(r"^[+-]?[0-9]{1,18}$")  # longer is out of range anyway

# Full-text search: words → ids of matching services (our slugs), best first.
Search = Callable[[str], list[str]]


def dump(value: Any) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8 text (not \\u escapes)."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Response:
    status: int
    body: Any

    def text(self) -> str:
        return dump(self.body)


class BadRequest(Exception):
    pass


def error(status: int, message: str) -> Response:
    titles = {400: "Bad Request", 404: "Not Found"}
    return Response(status, {"status": status, "error": titles[status], "message": message})


def _whole_number(params: dict[str, list[str]], name: str, default: int, largest: int) -> int:
    values = params.get(name)
    if not values:
        return default
    value = values[-1].strip()
    if not _WHOLE_NUMBER.match(value) or not 1 <= int(value) <= largest:
        raise BadRequest(f"{name} must be a whole number from 1 to {largest}, not {values[-1]!r}")
    return int(value)


class OpenReferralApi:
    def __init__(self, export: OpenReferralExport, search: Search | None = None):
        self.export = export
        self.search = search or self._plain_search

    # --- routes ------------------------------------------------------------------------------

    def handle(self, path: str, query: str = "") -> Response:
        """`path` is below the API root (`""`, `"services"`, `"services/<id>"`)."""
        path = path.strip("/")
        if path in ("", "index.json"):
            return Response(200, self.root())
        if path == "services":
            try:
                return Response(200, self.service_page(parse_qs(query, keep_blank_values=True)))
            except BadRequest as problem:
                return error(400, str(problem))
        if path == "services.json":
            return Response(200, self.export.services)
        if path == "services/index.json":
            return Response(200, page_envelope(self.export.summaries, 1, STATIC_PER_PAGE))
        if match := _PAGE_FILE.match(path):
            return Response(200, page_envelope(self.export.summaries, int(match["page"]),
                                               STATIC_PER_PAGE))
        if path.startswith("services/") and "/" not in path[len("services/"):]:
            service_id = path[len("services/"):].removesuffix(".json")
            record = self.export.by_uuid.get(service_id.lower())
            if record is None:
                return error(404, f"no service has the id {service_id!r}")
            return Response(200, record)
        return error(404, f"no such endpoint: {PREFIX}{path}")

    def static_files(self) -> dict[str, Response]:
        """Every file of the static API, by its path below the API root."""
        files = {"index.json": "", "services/index.json": "", "services.json": ""}
        pages = page_count(len(self.export.summaries), STATIC_PER_PAGE)
        files.update({f"services/page-{n}.json": "" for n in range(1, pages + 1)})
        files.update({f"services/{record['id']}.json": "" for record in self.export.services})
        return {path: self.handle(path) for path in files}

    def static_texts(self) -> Iterator[tuple[str, bytes]]:
        """The files of `static_files`, in path order, as UTF-8 bytes, made one service at a time.

        `services.json` holds every service fully nested: built as one `dump`, it took several
        times its own size in small pieces at once (the largest memory peak of a big build), and
        each service's record stayed in memory until the end. Here each record is dumped on its
        own into one growing buffer, indented as it sits in the array, and dropped; a service's
        own file is its piece of that buffer with the array's indent taken out again (JSON text
        has no raw line breaks but those of the layout), so the bytes are those of `handle`."""
        export = self.export
        buffer = io.BytesIO()
        pieces: dict[str, tuple[int, int]] = {}  # service UUID → its span in the buffer
        summaries: list[Record] = []
        for entry in export.catalogue.services:
            record = export.service(entry)
            summaries.append(export.summary(record))
            piece = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False)
            buffer.write(b",\n  " if pieces else b"[\n  ")
            start = buffer.tell()
            buffer.write(piece.replace("\n", "\n  ").encode("utf-8"))
            pieces[record["id"]] = (start, buffer.tell())
        buffer.write(b"\n]\n" if pieces else b"[]\n")
        whole = buffer.getvalue()
        del buffer
        pages = page_count(len(summaries), STATIC_PER_PAGE)
        files = {"index.json": b"", "services/index.json": b"", "services.json": b""}
        files.update({f"services/page-{n}.json": b"" for n in range(1, pages + 1)})
        files.update({f"services/{uuid}.json": b"" for uuid in pieces})
        for path in sorted(files):
            if path == "services.json":
                yield path, whole
            elif path == "index.json":
                yield path, dump(self.root()).encode("utf-8")
            elif path == "services/index.json" or _PAGE_FILE.match(path):
                match = _PAGE_FILE.match(path)
                page = int(match["page"]) if match else 1
                yield path, dump(page_envelope(summaries, page, STATIC_PER_PAGE)).encode("utf-8")
            else:
                start, stop = pieces[path[len("services/"):-len(".json")]]
                yield path, whole[start:stop].replace(b"\n  ", b"\n") + b"\n"

    # --- endpoints ---------------------------------------------------------------------------

    @staticmethod
    def root() -> Record:
        return {"version": ORUK_VERSION, "profile": ORUK_PROFILE, "openapi_url": ORUK_OPENAPI}

    def service_page(self, params: dict[str, list[str]]) -> Record:
        page = _whole_number(params, "page", 1, 10**9)
        per_page = _whole_number(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        summaries = self.export.summaries
        chosen = list(range(len(summaries)))
        text = " ".join(params.get("search", [])).strip()
        if text:
            uuids = {record["id"]: index for index, record in enumerate(summaries)}
            base_url = self.export.base_url
            ranked = (uuids.get(service_uuid(base_url, slug)) for slug in self.search(text))
            chosen = [index for index in ranked if index is not None]
        for name, key in (("taxonomy_term_id", 0), ("taxonomy_id", 1)):
            wanted = {value.strip().lower() for value in params.get(name, []) if value.strip()}
            if wanted:
                chosen = [i for i in chosen if wanted & self._terms[i][key]]
        return page_envelope([summaries[i] for i in chosen], page, per_page)

    # --- helpers -----------------------------------------------------------------------------

    @cached_property
    def _terms(self) -> list[tuple[set[str], set[str]]]:
        """Per service (in list order): the UUIDs of its terms and of their taxonomies."""
        found = []
        for record in self.export.services:
            terms = [attribute["taxonomy_term"] for attribute in record.get("attributes", [])]
            found.append(({term["id"] for term in terms}, {term["taxonomy_id"] for term in terms}))
        return found

    def _plain_search(self, text: str) -> list[str]:
        """Without a search engine: services whose text holds every word, in list order."""
        words = text.casefold().split()
        found = []
        for entry in self.export.catalogue.services:
            service = entry.service
            haystack = " ".join((service.name, service.summary, service.description,
                                 service.organization)).casefold()
            if all(word in haystack for word in words):
                found.append(service.id)
        return found
