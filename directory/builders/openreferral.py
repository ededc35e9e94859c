"""Open Referral UK 3.0 as static files under `openreferral/`, for any static host.

The files are the answers of the API itself (`OpenReferralApi.static_files`, made one service at a
time by `static_texts`), so what a static host serves and what `catalogue serve` answers are the
same bytes; `docs/open-data.md` maps the API's URLs to these files.
"""

from __future__ import annotations

from ..catalogue import Catalogue
from ..openreferral.api import PREFIX, OpenReferralApi
from ..openreferral.export import OpenReferralExport
from ..write import SiteWriter

FOLDER = PREFIX.strip("/")


def build_openreferral(catalogue: Catalogue, writer: SiteWriter) -> int:
    """Write the static ORUK API; returns how many services it holds."""
    api = OpenReferralApi(OpenReferralExport(catalogue))
    for path, data in api.static_texts():
        writer.write(f"{FOLDER}/{path}", data)
    return len(catalogue.services)
