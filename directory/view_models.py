"""The plain data the views hand to templates: one page's context and the small records in it.

Kept apart from `views.py` (which computes them) so that modules building one kind of page can
use these types without importing the view builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .links import Link, Links
from .localize import LocalText, TranslationState
from .plan import Page


@dataclass(frozen=True)
class PhoneView:
    number: str
    href: str
    label: LocalText | None


@dataclass(frozen=True)
class DatedText:
    text: str
    iso: str

    @property
    def html(self) -> Markup:
        """A `<time>` element, to place inside a translated sentence."""
        return Markup('<time datetime="{}">{}</time>').format(self.iso, self.text)


@dataclass(frozen=True)
class HoursRow:
    days: str
    times: str
    note: LocalText | None


@dataclass(frozen=True)
class LocationView:
    name: LocalText | None
    lines: list[str]
    postcode: str
    accessibility: list[str]
    notes: LocalText | None


@dataclass(frozen=True)
class QualityMarkView:
    name: LocalText
    awarding_body: str
    awarded: DatedText
    expires: DatedText
    current: bool


@dataclass(frozen=True)
class ServiceCard:
    """A service as it appears in a list."""

    id: str
    name: LocalText
    href: str
    summary: LocalText
    organization: LocalText
    cost: str
    areas: list[LocalText]


@dataclass(frozen=True)
class UrgentItem:
    title: LocalText
    description: LocalText | None
    phone: str | None
    phone_href: str | None
    url: str | None


@dataclass(frozen=True)
class TranslationNotice:
    """What a page in a translated language says about its translation."""

    state: TranslationState
    language_name: str  # the page's language, in that language
    source_name: str  # the source language, in the page's language
    source_href: str  # the same page in the source language
    source_lang: str


@dataclass
class Context:
    """Everything one page's template receives."""

    page: Page
    lang: str
    title: str
    links: Links
    site_title: LocalText
    direction: str = "ltr"
    description: object | None = None
    breadcrumbs: list[Link] = field(default_factory=list)
    languages: list[Link] = field(default_factory=list)
    notice: TranslationNotice | None = None
    urgent_intro: LocalText | None = None
    urgent: list[UrgentItem] = field(default_factory=list)
    footer_pages: list[Link] = field(default_factory=list)
    list_service_href: str = ""
    updates: object = None  # update_views.UpdateLinks: feed, bulletin and figures links
    shortlist_href: str = ""
    print_href: str = ""  # the print edition of the whole directory (print_edition.py)
    sample_translation: bool = False
    publisher: object = ""
    extra: dict = field(default_factory=dict)

    @property
    def meta_description(self) -> str:
        """Plain text for the description meta tag (no language markup inside attributes)."""
        return str(self.description) if self.description else ""
