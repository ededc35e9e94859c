"""The hook that lets `catalogue serve` answer the ORUK API below `/openreferral/`.

Kept apart from `serve.py` so that the server only asks `answers(path)` and calls `send(...)`.
Full-text `search` uses the server's Whoosh engine for the default language, the same ranking as
the site's search page.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from .api import PREFIX, OpenReferralApi
from .export import OpenReferralExport

if TYPE_CHECKING:
    from ..serve import SiteApp

ROOT = PREFIX.rstrip("/")


def answers(path: str) -> bool:
    return path == ROOT or path.startswith(PREFIX)


def api_for(app: SiteApp) -> OpenReferralApi:
    """The API of the catalogue being served, made again when live reload replaces it."""
    catalogue = app.catalogue
    api: OpenReferralApi | None = getattr(app, "_openreferral_api", None)
    if api is None or api.export.catalogue is not catalogue:
        lang = catalogue.site.default_language

        def search(text: str) -> list[str]:
            return [hit.id for hit in app.engine(lang).search(text, None, limit=None)[1]]

        api = OpenReferralApi(OpenReferralExport(catalogue), search)
        app._openreferral_api = api  # type: ignore[attr-defined]
    return api


def send(handler: BaseHTTPRequestHandler, app: SiteApp, path: str, query: str) -> None:
    response = api_for(app).handle(path[len(ROOT):], query)
    body = response.text().encode("utf-8")
    handler.send_response(response.status)
    handler.send_header("Content-Type", "application/json; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Access-Control-Allow-Origin", "*")  # open data: any site may read it
    handler.send_header("Cache-Control", "no-cache")
    handler.end_headers()
    handler.wfile.write(body)
