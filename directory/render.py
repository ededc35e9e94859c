"""Render planned pages to HTML with Jinja2 (autoescape on, gettext for interface strings).

A catalogue may bring its own templates: its folder is searched first, then ours, template by
template, as Sphinx and MkDocs themes allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import i18n
from .catalogue import Catalogue
from .edition import WEB, Edition
from .links import Link, relative_url, same_page_in
from .plan import Page, Paths
from .view_models import Context
from .views import ViewBuilder, language_chooser

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"  # inside an installed wheel
SOURCE_TEMPLATES = Path(__file__).parent.parent / "templates"  # in a checkout

# Everything a page may load comes from the page's own folder tree: no CDN, font or analytics host.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                           "script-src 'self'; form-action 'self'; base-uri 'none'")


def builtin_templates() -> Path:
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else SOURCE_TEMPLATES


def template_folders(custom: Path | None) -> list[Path]:
    folders = []
    if custom is not None and custom.is_dir():
        folders.append(custom)
    builtin = builtin_templates()
    if builtin not in folders and all(builtin.resolve() != f.resolve() for f in folders):
        folders.append(builtin)
    return folders


def make_environment(custom_templates: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in template_folders(custom_templates)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


class Renderer:
    """Turns pages of the plan into HTML text, one language at a time."""

    def __init__(self, catalogue: Catalogue, custom_templates: Path | None, today: date,
                 edition: Edition = WEB):
        self.catalogue = catalogue
        self.env = make_environment(custom_templates)
        self.today = today
        self.edition = edition
        self.views: dict[str, ViewBuilder] = {}
        self.fragments: dict[tuple[str, str], Markup] = {}  # of the language being rendered
        self.fragments_lang: str | None = None
        self.env.globals["fragment"] = self.fragment

    def _use_language(self, lang: str) -> None:
        translations = i18n.translations(lang)
        self.env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        if lang != self.fragments_lang:
            self.fragments, self.fragments_lang = {}, lang

    def fragment(self, item: object, macro: Callable[[object], Markup]) -> Markup:
        """`macro(item)`, made once per language: the standard and large print editions show
        every service in the same words, so each entry is rendered once, not twice. The key is
        the item's whole value (dataclasses, compared by their text), so equal items give equal
        HTML; only one language's fragments are kept at a time."""
        key = (getattr(macro, "name", ""), repr(item))
        html = self.fragments.get(key)
        if html is None:
            html = self.fragments[key] = Markup(macro(item))
        return html

    def render(self, page: Page, overrides: dict | None = None) -> str:
        """HTML for `page`; `overrides` replace view data (the server's search results)."""
        lang = page.language or self.catalogue.site.default_language
        self._use_language(lang)
        if page.language is None:
            return self._render_neutral(page, lang)
        builder = self.views.get(lang)
        if builder is None:
            builder = self.views[lang] = ViewBuilder(self.catalogue, lang, self.today)
        context = builder.view(page)
        context.extra.update(overrides or {})
        template = self.env.get_template(f"{page.kind}.html")
        return template.render(**self._common(context, page), **context.extra)

    def _common(self, context: Context, page: Page) -> dict:
        site = self.catalogue.site
        base = site.base_url.rstrip("/") + "/"
        alternates = [Link(lang.native_name, base + same_page_in(page, lang.code), lang=lang.code)
                      for lang in site.languages]
        alternates.append(Link(site.title, base + same_page_in(page, site.default_language),
                               lang="x-default"))
        return {
            "ctx": context,
            "site": site,
            "links": context.links,
            "csp": CONTENT_SECURITY_POLICY,
            "alternates": alternates,
            "canonical": base + page.path,
            "copy": self.copy_notice(context.lang, context.links.static("copy-age.js")),
        }

    def copy_notice(self, lang: str, script: str) -> dict | None:
        """What an offline copy says on every page: its date, and where the current site is."""
        edition = self.edition
        if not edition.offline or edition.made_on is None:
            return None
        return {"made_on": i18n.format_date(edition.made_on, lang),
                "made_on_iso": edition.made_on.isoformat(),
                "warn_after_days": edition.warn_after_days,
                "latest": self.catalogue.site.base_url, "script": script}

    def _render_neutral(self, page: Page, lang: str) -> str:
        """Pages outside any language folder: the language chooser and the 404 page."""
        site = self.catalogue.site
        template = self.env.get_template(f"{page.kind}.html")
        if page.kind == "not_found":
            # A 404 page is served at any depth, so its links start from the site's own root.
            root = "/" + site.base_url.split("://", 1)[-1].partition("/")[2]
            links = [(lang.native_name, lang.code, root + Paths.home(lang.code))
                     for lang in site.languages]
            return template.render(site=site, csp=CONTENT_SECURITY_POLICY, homes=links,
                                   stylesheet=root + "static/style.css", lang=lang)
        return template.render(
            site=site, csp=CONTENT_SECURITY_POLICY, lang=lang,
            languages=language_chooser(self.catalogue, page),
            stylesheet=relative_url(page.path, "static/style.css"),
            copy=self.copy_notice(lang, relative_url(page.path, "static/copy-age.js")),
            canonical=site.base_url.rstrip("/") + "/" + page.path,
        )

    def render_all(self, pages: list[Page]) -> Iterator[tuple[Page, str]]:
        for page in pages:
            yield page, self.render(page)
