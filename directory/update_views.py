"""View data for the monthly bulletin, its index, and the pages left at retired services' addresses.

The bulletin is what staff forward or print: each month says what was added, checked, removed and
awarded, with links to the service pages. Every page also links to the feeds and the bulletin
(`update_links`, used by the footer and `<link rel="alternate">` in base.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.dates import format_skeleton

from . import i18n
from .i18n import _
from .links import Link, Links
from .localize import LocalText
from .model import RetiredService
from .plan import Page, Paths
from .updates import Month, bulletin_months

if TYPE_CHECKING:
    from .view_models import Context, DatedText, ServiceCard
    from .views import ViewBuilder


@dataclass(frozen=True)
class UpdateLinks:
    """Links every page shows: subscribe (Atom), the bulletin, the figures."""

    feed_href: str
    bulletin_href: str
    figures_href: str


def update_links(links: Links, lang: str) -> UpdateLinks:
    return UpdateLinks(links.to(Paths.services_feed(lang)), links.to(Paths.bulletin_index(lang)),
                       links.to(Paths.figures(lang)))


def month_name(lang: str, month: Month) -> str:
    """`November 2026`, `listopad 2026`: the standalone month name of the page's language."""
    return format_skeleton("yMMMM", month.first_day, locale=i18n.babel_locale(lang))


@dataclass(frozen=True)
class Change:
    """A service in the bulletin, with the date that put it there."""

    card: ServiceCard
    date: DatedText
    note: object = ""  # an award's name


@dataclass(frozen=True)
class Removal:
    name: LocalText
    organization: LocalText | None
    date: DatedText
    reason: LocalText | None
    href: str  # its old address, where a short page says it is no longer listed


@dataclass(frozen=True)
class MonthRow:
    link: Link
    new: int
    updated: int
    removed: int
    awards: int


def source_text(builder: ViewBuilder, text: str | None) -> LocalText | None:
    """Tombstones are written once, in the source language, and marked as such elsewhere."""
    if not text:
        return None
    loc = builder.loc
    return LocalText(text, loc.source_lang, fallback=not loc.is_source, dir=loc.fallback_dir)


def removal(builder: ViewBuilder, links: Links, gone: RetiredService) -> Removal:
    return Removal(source_text(builder, gone.name) or LocalText(gone.id, builder.lang),
                   source_text(builder, gone.organization), builder.date(gone.retired),
                   source_text(builder, gone.reason), links.service(gone.id))


def bulletin_index(builder: ViewBuilder, page: Page) -> Context:
    context = builder.context(page, builder.t(_("What's new")))
    links = context.links
    rows = [MonthRow(Link(month_name(builder.lang, m), links.to(Paths.bulletin(builder.lang, m.key))),
                     len(m.new), len(m.updated), len(m.removed), len(m.awards))
            for m in bulletin_months(builder.catalogue)]
    context.description = builder.t(_("A short monthly update on the directory: new services, "
                                      "services checked again, services removed and awards."))
    context.extra = {"months": rows, "bulletin_feed_href": links.to(Paths.bulletin_feed(builder.lang))}
    return context


def bulletin(builder: ViewBuilder, page: Page) -> Context:
    months = bulletin_months(builder.catalogue)
    index = next(i for i, m in enumerate(months) if m.key == page.subject)
    month = months[index]
    lang = builder.lang
    name = month_name(lang, month)
    context = builder.context(page, builder.t(_("What's new: {month}")).format(month=name))
    links = context.links
    context.breadcrumbs.append(Link(builder.t(_("What's new")), links.to(Paths.bulletin_index(lang))))
    catalogue = builder.catalogue

    def change(entry, day, note: object = "") -> Change:
        return Change(builder.card(links, entry), builder.date(day), note)

    def scheme_name(scheme_id: str) -> LocalText:
        scheme = catalogue.scheme(scheme_id)
        return builder.loc.term("quality_marks", scheme.id, "name", scheme.name)

    newer = months[index - 1] if index > 0 else None
    older = months[index + 1] if index + 1 < len(months) else None
    context.extra = {
        "month_name": name,
        "new": [change(e, e.service.added) for e in month.new],
        "updated": [change(e, e.service.last_verified) for e in month.updated],
        "removed": [removal(builder, links, gone) for gone in month.removed],
        "awards": [change(a.entry, a.awarded, scheme_name(a.scheme)) for a in month.awards],
        "newer": Link(month_name(lang, newer), links.to(Paths.bulletin(lang, newer.key)))
        if newer else None,
        "older": Link(month_name(lang, older), links.to(Paths.bulletin(lang, older.key)))
        if older else None,
        "bulletin_feed_href": links.to(Paths.bulletin_feed(lang)),
    }
    return context


def retired(builder: ViewBuilder, page: Page) -> Context:
    gone = next(r for r in builder.catalogue.retired if r.id == page.subject)
    name = source_text(builder, gone.name) or gone.id
    context = builder.context(page, builder.t(_("{name} (no longer listed)")).format(name=name))
    links = context.links
    context.breadcrumbs.append(Link(builder.t(_("All services")), links.services()))
    instead = [builder.catalogue.service(i) for i in gone.replaced_by]
    context.extra = {
        "name": name,
        "removal": removal(builder, links, gone),
        "instead": builder.cards(links, instead),
        "noindex": True,
    }
    return context
