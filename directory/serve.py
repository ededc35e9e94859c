"""`catalogue serve`: the built site on a local port, with search answered by the server.

Static files come straight from the output folder. A request for a language's search page with a
query (`/en/search.html?q=respite&area=northmoor`) is answered with the results already in the
page, from the Whoosh index, so search works without JavaScript too.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .catalogue import Catalogue
from .i18n import gettext_for, ngettext_for
from .plan import Page, Paths
from .render import Renderer
from .search.documents import FACETS
from .search.whoosh_index import WhooshSearch
from .views import FOUND

SEARCH_PATH = re.compile(r"^/(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)?)/search\.html$")
FACET_KEYS = {key for key, _ in FACETS}
RESULT_LIMIT = 50


@dataclass
class ServerResults:
    status: str
    cards: list[dict]


class SiteApp:
    """What the server knows: the catalogue, its renderer and a search engine per language."""

    def __init__(self, catalogue: Catalogue, out: Path, templates: Path | None, cache: Path,
                 today: date):
        self.catalogue = catalogue
        self.out = out
        self.renderer = Renderer(catalogue, templates, today)
        self.cache = cache
        self.engines: dict[str, WhooshSearch] = {}
        self.lock = threading.Lock()  # Jinja's gettext install is per environment

    def engine(self, lang: str) -> WhooshSearch:
        if lang not in self.engines:
            self.engines[lang] = WhooshSearch(self.catalogue, lang, self.cache / "whoosh")
        return self.engines[lang]

    def search_page(self, lang: str, query_string: str) -> str | None:
        if lang not in self.catalogue.languages:
            return None
        params = parse_qs(query_string)
        text = " ".join(params.get("q", [])).strip()
        filters = {key: values for key, values in params.items() if key in FACET_KEYS}
        total, hits = self.engine(lang).search(text, filters, limit=RESULT_LIMIT)
        gettext = gettext_for(lang)
        if not text and not filters:
            status = ""
        elif total == 0:
            status = gettext("No services found. Try fewer or different words, or browse the "
                             "lists below.")
        else:
            status = ngettext_for(lang)(*FOUND, total) % {"num": total}
        cards = [{"name": h.name, "href": h.href, "summary": h.summary,
                  "organization": h.organization, "cost": h.cost, "areas": [h.areas]}
                 for h in hits]
        page = Page(Paths.search(lang), "search", lang)
        with self.lock:
            return self.renderer.render(page, {"query": text, "chosen": filters,
                                               "server_results": ServerResults(status, cards)})


class Handler(SimpleHTTPRequestHandler):
    app: SiteApp

    def do_GET(self) -> None:  # noqa: N802 - http.server's API name
        parts = urlsplit(self.path)
        match = SEARCH_PATH.match(parts.path)
        if match and parts.query:
            html = self.app.search_page(match["lang"], parts.query)
            if html is not None:
                body = html.encode("utf-8")
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(app: SiteApp, host: str, port: int, verbose: bool = False) -> ThreadingHTTPServer:
    handler = type("SiteHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(app.out)))
    server.verbose = verbose  # type: ignore[attr-defined]
    server.daemon_threads = True
    return server
