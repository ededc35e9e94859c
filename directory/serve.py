"""`catalogue serve`: the built site on a local port, with search answered by the server.

Static files come straight from the output folder. A request for a language's search page with a
query (`/en/search.html?q=respite&area=northmoor`) is answered with the results already in the
page, from the Whoosh index, so search works without JavaScript too.

With live reload (`directory/live_reload.py`), `/__catalogue/` answers the reload script and its
event stream, and HTML responses (never the files on disk) get the script that uses them.
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
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from . import live_reload
from .catalogue import Catalogue
from .i18n import gettext_for, ngettext_for
from .openreferral import serving as openreferral
from .plan import Page, Paths
from .render import Renderer
from .search.documents import FACETS
from .search.whoosh_index import WhooshSearch
from .views import FOUND

if TYPE_CHECKING:
    from .live_reload import LiveReload

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
        self.templates = templates
        self.today = today
        self.renderer = Renderer(catalogue, templates, today)
        self.cache = cache
        self.engines: dict[str, WhooshSearch] = {}
        self.lock = threading.Lock()  # Jinja's gettext install is per environment
        self.live: LiveReload | None = None  # set by `catalogue serve` unless --no-reload

    def replace(self, catalogue: Catalogue) -> None:
        """Serve a rebuilt catalogue (live reload): new renderer, search engines made afresh."""
        renderer = Renderer(catalogue, self.templates, self.today)
        with self.lock:
            self.catalogue, self.renderer, self.engines = catalogue, renderer, {}

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
    _cache_control_sent = False

    def do_GET(self) -> None:  # noqa: N802 - http.server's API name
        self._cache_control_sent = False
        parts = urlsplit(self.path)
        live = self.app.live
        if live is not None:
            if parts.path.startswith(live_reload.PREFIX):
                live.handle(self, parts.path)
                return
            live.site_ready()
        if openreferral.answers(parts.path):  # Open Referral UK API: directory/openreferral/
            openreferral.send(self, self.app, parts.path, parts.query)
            return
        match = SEARCH_PATH.match(parts.path)
        if match and parts.query:
            build = live.state.build if live is not None else ""
            html = self.app.search_page(match["lang"], parts.query)
            if html is not None:
                self._send_html(html.encode("utf-8"), build)
                return
        if live is not None and self._send_live_page(parts.path, live):
            return
        super().do_GET()

    def _send_html(self, body: bytes, build: str) -> None:
        if self.app.live is not None:
            body = live_reload.inject(body, build)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _send_live_page(self, path: str, live: LiveReload) -> bool:
        """An HTML page with the reload script added (only in the response, never on disk)."""
        # The build is read before the page: a page newer than its tag reloads once more for
        # nothing, but an old page is never tagged as the new build (and left unreloaded).
        build = live.state.build
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                return False  # the standard handler redirects to the folder's address
            file = file / "index.html"
        if file.suffix != ".html" or not file.is_file():
            return False
        try:
            body = file.read_bytes()
        except OSError:
            return False
        self._send_html(body, build)
        return True

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "cache-control":
            self._cache_control_sent = True
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        if self.app.live is not None and not self._cache_control_sent:
            super().send_header("Cache-Control", "no-cache")  # a reload sees rebuilt styles
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(app: SiteApp, host: str, port: int, verbose: bool = False) -> ThreadingHTTPServer:
    handler = type("SiteHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(app.out)))
    server.verbose = verbose  # type: ignore[attr-defined]
    server.daemon_threads = True
    return server
