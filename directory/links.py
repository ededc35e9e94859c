"""Relative links between pages, so the site works on any host path and opened from disk."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from .plan import Page, Paths


@dataclass(frozen=True)
class Link:
    label: object  # str or LocalText: printed as it is
    href: str
    current: bool = False
    lang: str | None = None
    hint: object | None = None


def relative_url(from_path: str, to_path: str) -> str:
    """Always relative, with `index.html` named, so `file://` copies work as served ones."""
    path, hash_, fragment = to_path.partition("#")
    return _relative(path, posixpath.dirname(from_path) or ".") + hash_ + fragment


@lru_cache(maxsize=1 << 16)
def _relative(path: str, start: str) -> str:
    """`posixpath.relpath`, remembered: every page links to the same few hundred places from a
    few dozen folders, and relpath (which resolves against the working directory) is slow."""
    return posixpath.relpath(path, start)


def same_page_in(page: Page, lang: str) -> str:
    """The path of `page` in another language: every language has the same page paths."""
    if page.language is None:
        return page.path
    return lang + page.path[len(page.language):]


class Links:
    """Relative links from one page to any other; templates ask here and never build paths."""

    def __init__(self, page: Page, lang: str):
        self.page = page
        self.lang = lang

    def to(self, path: str) -> str:
        return relative_url(self.page.path, path)

    def home(self) -> str:
        return self.to(Paths.home(self.lang))

    def services(self) -> str:
        return self.to(Paths.services_index(self.lang))

    def service(self, service_id: str) -> str:
        return self.to(Paths.service(self.lang, service_id))

    def term(self, facet: str, term_id: str) -> str:
        return self.to(Paths.term(self.lang, facet, term_id))

    def term_index(self, facet: str) -> str:
        return self.to(Paths.term_index(self.lang, facet))

    def guidance_index(self) -> str:
        return self.to(Paths.guidance_index(self.lang))

    def guidance(self, slug: str) -> str:
        return self.to(Paths.guidance(self.lang, slug))

    def page_(self, slug: str) -> str:
        return self.to(Paths.page(self.lang, slug))

    def glossary(self) -> str:
        return self.to(Paths.glossary(self.lang))

    def accessibility(self) -> str:
        return self.to(Paths.accessibility(self.lang))

    def translations(self) -> str:
        return self.to(Paths.translations(self.lang))

    def search(self) -> str:
        return self.to(Paths.search(self.lang))

    def search_index(self) -> str:
        return self.to(Paths.search_index(self.lang)) + "/"

    def static(self, name: str) -> str:
        return self.to(f"static/{name}")

    def languages(self) -> str:
        return self.to("index.html")

    def in_language(self, lang: str) -> str:
        return self.to(same_page_in(self.page, lang))
