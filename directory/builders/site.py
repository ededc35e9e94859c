"""The HTML site: every planned page, the stylesheet and the service JSON Schema.

The schema is published twice: as JSON for editors' tools, and as a classic script for the "list
your service" form, which must validate in the browser from `file://`, where fetch() is refused.
Both are generated from the model here, so neither can drift from what `catalogue check` accepts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from ..catalogue import Catalogue
from ..derived_parallel import FileSink, Group, make_groups
from ..edition import WEB, Edition
from ..model import service_json_schema
from ..plan import Page, Paths, example_entry
from ..render import builtin_templates
from ..render_parallel import render_pages
from ..search.browser_index import build_browser_index
from ..write import SiteWriter
from .feeds import write_feeds
from .openreferral import build_openreferral
from .shortlist import write_shortlist_data
from .sitemap import sitemap_files


def schema_text() -> str:
    """The service JSON Schema exactly as committed in `schema/service.schema.json`."""
    return json.dumps(service_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


SCHEMA_GLOBAL = "CCServiceSchema"
MODELINE = "# yaml-language-server: $schema="


def schema_script() -> str:
    """The service JSON Schema as a classic script that sets `window.CCServiceSchema`."""
    schema = json.dumps(service_json_schema(), indent=1, ensure_ascii=True, sort_keys=True)
    return (f"/* Generated from directory.model.service_json_schema(): do not edit. */\n"
            f"window.{SCHEMA_GLOBAL} = {schema};\n")


def example_text(catalogue: Catalogue) -> str | None:
    """An entry's file as its editors wrote it, its schema comment pointing beside it."""
    entry = example_entry(catalogue)
    if entry is None:
        return None
    lines = entry.source.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and lines[0].startswith(MODELINE):
        lines[0] = MODELINE + "service.schema.json\n"
    return "".join(lines)


def static_folders(custom_templates: Path | None) -> list[Path]:
    """Ours first, then the catalogue's own `templates/static/`, whose files replace ours."""
    folders = [builtin_templates() / "static"]
    if custom_templates is not None:
        custom = custom_templates / "static"
        if custom.is_dir() and custom.resolve() != folders[0].resolve():
            folders.append(custom)
    return folders


@dataclass
class Carried:
    """What an incremental build takes over from the previous site unchanged (incremental.py)."""

    pages: set[str] = field(default_factory=set)  # paths of pages not rendered again
    groups: dict[str, list[str]] = field(default_factory=dict)  # derived groups not made again


SEARCH_GROUP = "search-"  # + language: one browser search index


def derived_groups(catalogue: Catalogue, pages: list[Page], today: date) -> list[Group]:
    """The files made from the whole catalogue rather than page by page, in groups an
    incremental build can each keep or make again: (name, function writing the group's files)."""
    # Retired services' pages stay at their old addresses for old links, but are not advertised.
    listed = [p for p in pages if p.kind != "retired"]
    groups: list[Group] = [
        ("sitemap", partial(_write_sitemap, catalogue, listed)),
        ("feeds", lambda writer: write_feeds(catalogue, writer)),
    ]
    for lang in catalogue.languages:
        groups.append((f"{SEARCH_GROUP}{lang}", partial(_write_search_index, catalogue, lang)))
    groups += [
        ("shortlist", lambda writer: write_shortlist_data(catalogue, writer, today)),
        ("openreferral", lambda writer: build_openreferral(catalogue, writer)),  # Open Referral UK
    ]
    return groups


def _write_sitemap(catalogue: Catalogue, pages: list[Page], writer: FileSink) -> None:
    for name, text in sitemap_files(catalogue, pages):
        writer.write(name, text)


def _write_search_index(catalogue: Catalogue, lang: str, writer: SiteWriter) -> None:
    index = build_browser_index(catalogue, lang)
    for name, text in sorted(index.files.items()):
        writer.write(f"{Paths.search_index(lang)}{name}", text)


def write_fixed_files(catalogue: Catalogue, writer: SiteWriter,
                      custom_templates: Path | None) -> None:
    """Static files, the schema and the example entry: cheap, so made on every build."""
    static: dict[str, bytes] = {}
    for folder in static_folders(custom_templates):
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") for p in relative.parts):
                static[relative.as_posix()] = path.read_bytes()
    for name in sorted(static):
        writer.write(f"static/{name}", static[name])
    writer.write(Paths.schema_script(), schema_script())
    writer.write(Paths.schema(), schema_text())
    example = example_text(catalogue)
    if example is not None:
        writer.write(Paths.example_service(), example)


def build_site(catalogue: Catalogue, pages: list[Page], writer: SiteWriter,
               custom_templates: Path | None, today: date, edition: Edition = WEB,
               jobs: int | None = None, carried: Carried | None = None) -> dict[str, list[str]]:
    """Write the site; `jobs` processes render the pages (None: `CATALOGUE_JOBS` or automatic).

    With `carried`, the pages and groups it names are kept from the previous site. Returns the
    files of each derived group, for the next incremental build.
    """
    carried = carried or Carried()
    fresh = [page for page in pages if page.path not in carried.pages]
    for page, html in render_pages(catalogue, fresh, custom_templates, today, edition, jobs):
        writer.write(page.path, html)
    for page in pages:
        if page.path in carried.pages:
            writer.keep(page.path)
    write_fixed_files(catalogue, writer, custom_templates)
    made: dict[str, list[str]] = {}
    fresh_groups: list[Group] = []
    for name, make in derived_groups(catalogue, pages, today):
        if name in carried.groups:
            for path in carried.groups[name]:
                writer.keep(path)
            made[name] = list(carried.groups[name])
        elif name.startswith(SEARCH_GROUP):
            fresh_groups.append((name, make))  # side by side: see derived_parallel
        else:
            made[name] = _made_here(make, writer)
    makers = dict(fresh_groups)
    for name, files in make_groups(fresh_groups, jobs, len(catalogue.services)):
        if files is None:  # made here, straight into the site
            made[name] = _made_here(makers[name], writer)
        else:
            for path, data in files:
                writer.write(path, data)
            made[name] = [path for path, _ in files]
    return made


def _made_here(make: Callable[[FileSink], None], writer: SiteWriter) -> list[str]:
    """Make a group in this process, straight into the site; the files it wrote."""
    before = len(writer.written)
    make(writer)
    return list(writer.written)[before:]
