"""The HTML site: every planned page, the stylesheet and the service JSON Schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..catalogue import Catalogue
from ..model import service_json_schema
from ..plan import Page, Paths
from ..render import Renderer, builtin_templates
from ..search.browser_index import build_browser_index
from ..write import SiteWriter
from .sitemap import sitemap_xml


def schema_text() -> str:
    """The service JSON Schema exactly as committed in `schema/service.schema.json`."""
    return json.dumps(service_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def static_folders(custom_templates: Path | None) -> list[Path]:
    """Ours first, then the catalogue's own `templates/static/`, whose files replace ours."""
    folders = [builtin_templates() / "static"]
    if custom_templates is not None:
        custom = custom_templates / "static"
        if custom.is_dir() and custom.resolve() != folders[0].resolve():
            folders.append(custom)
    return folders


def build_site(catalogue: Catalogue, pages: list[Page], writer: SiteWriter,
               custom_templates: Path | None, today: date) -> None:
    renderer = Renderer(catalogue, custom_templates, today)
    for page, html in renderer.render_all(pages):
        writer.write(page.path, html)
    static: dict[str, bytes] = {}
    for folder in static_folders(custom_templates):
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                static[relative.as_posix()] = path.read_bytes()
    for name in sorted(static):
        writer.write(f"static/{name}", static[name])
    writer.write("schema/service.schema.json", schema_text())
    writer.write("sitemap.xml", sitemap_xml(catalogue, pages))
    for lang in catalogue.languages:
        index = build_browser_index(catalogue, lang)
        for name, text in sorted(index.files.items()):
            writer.write(f"{Paths.search_index(lang)}{name}", text)
