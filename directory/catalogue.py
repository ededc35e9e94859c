"""The validated, in-memory catalogue that every builder reads.

Built once by `validate.py`; the site, search indexes, print edition and open-data export all read
this object and never re-parse content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from .model import (
    Glossary,
    GuidanceMeta,
    PageMeta,
    QualityMark,
    QualityMarkScheme,
    RetiredService,
    Service,
    SiteConfig,
    Taxonomy,
    Term,
)
from .source import Document, Key, Position
from .translations import Translations

# Taxonomy facets a service can be listed under, with the service field that holds its ids.
FACETS: tuple[str, ...] = ("categories", "audiences", "journey_stages", "conditions")


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


@dataclass(frozen=True)
class Article:
    """A guidance page or a plain page: front matter plus sanitised HTML."""

    slug: str
    language: str
    meta: GuidanceMeta | PageMeta
    body_html: Markup
    source: Path
    body: str  # the Markdown, for translation fingerprints
    easy_read_of: str | None = None  # the slug of the standard page this is the easy read of


@dataclass(frozen=True)
class ServiceEntry:
    """A service with what the build derived from it."""

    service: Service
    source: Path
    description_html: Markup
    document: Document | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.service.id

    def position(self, key: Key) -> Position:
        """Where a field is written in the source file, for checks that run after loading
        (duplicates, links): `position(("contact", "website"))`."""
        return self.document.position(key) if self.document else Position(1, 1)


@dataclass
class Catalogue:
    content_dir: Path
    site: SiteConfig
    taxonomy: Taxonomy
    glossary: Glossary
    glossary_html: dict[str, Markup]
    services: list[ServiceEntry]  # sorted by name, then id
    guidance: list[Article]  # in the source language, in reading order
    pages: list[Article]
    translations: Translations = field(default_factory=Translations)
    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)  # by language
    sources: dict[str, Path] = field(default_factory=dict)  # site, taxonomy, glossary files
    retired: list[RetiredService] = field(default_factory=list)  # retired.yaml, by date then id

    # --- lookups ---------------------------------------------------------------------------

    def terms(self, facet: str) -> list[Term]:
        return list(getattr(self.taxonomy, facet))

    def term(self, facet: str, term_id: str) -> Term:
        for term in getattr(self.taxonomy, facet):
            if term.id == term_id:
                return term
        raise KeyError(f"{facet}: {term_id}")

    def area_name(self, area_id: str) -> str:
        return next(area.name for area in self.site.areas if area.id == area_id)

    def spoken_language(self, code: str) -> str:
        return next(lang.label for lang in self.taxonomy.languages if lang.id == code)

    def scheme(self, scheme_id: str) -> QualityMarkScheme:
        return next(s for s in self.taxonomy.quality_marks if s.id == scheme_id)

    def expiry(self, mark: QualityMark) -> date:
        return add_months(mark.awarded, self.scheme(mark.scheme).validity_months)

    def review_due(self, service: Service) -> date:
        return add_months(service.last_verified, self.site.review_interval_months)

    @cached_property
    def _services_by_id(self) -> dict[str, ServiceEntry]:
        return {entry.id: entry for entry in self.services}

    def service(self, service_id: str) -> ServiceEntry:
        """By id, in constant time: pages look services up one by one."""
        return self._services_by_id[service_id]

    def services_with(self, facet: str, term_id: str) -> list[ServiceEntry]:
        return [e for e in self.services if term_id in getattr(e.service, facet)]

    def services_in_area(self, area_id: str) -> list[ServiceEntry]:
        return [e for e in self.services if area_id in e.service.service_areas]

    @property
    def standard_guidance(self) -> list[Article]:
        """Guidance pages as listed: each standard page once (easy-read versions hang off it)."""
        return [a for a in self.guidance if a.easy_read_of is None]

    def easy_read(self, slug: str) -> Article | None:
        return next((a for a in self.guidance if a.easy_read_of == slug), None)

    @property
    def languages(self) -> list[str]:
        return [language.code for language in self.site.languages]
