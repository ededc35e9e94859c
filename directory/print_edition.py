"""View data for the print edition: the whole directory in one page, laid out for paper.

Libraries hand out printed lists, and some visitors never use a computer. The print edition has
a cover (its date, where the current version lives, urgent help once), contents by category,
every service once in full with its key facts, and an A–Z index. A service listed under several
categories is printed in full under its first one (the one its editors put first) and referred
to by number from the others, so the paper stays short and nothing is printed twice.

Services are numbered in print order. Numbers work everywhere; page numbers come from CSS
(`target-counter()`), which WeasyPrint (`catalogue pdf`) supports and browsers ignore, so a
browser's printout still has the numbers to find a service by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .catalogue import ServiceEntry
from .i18n import _
from .labels import COST_LABELS, REFERRAL_LABELS
from .localize import LocalText
from .plan import Page, Paths
from .view_models import PhoneView

if TYPE_CHECKING:
    from .view_models import Context, DatedText, HoursRow
    from .views import ViewBuilder

# Body text sizes, in points: large print follows the RNIB's clear-print advice (16 pt or more).
TEXT_SIZE_PT = 11
LARGE_TEXT_SIZE_PT = 16


@dataclass(frozen=True)
class PrintService:
    """One service's key facts, as printed: what it offers, who for, contact, cost, times."""

    number: int
    anchor: str
    name: LocalText
    organization: LocalText
    summary: LocalText
    who_for: list[LocalText]  # audiences
    conditions: list[LocalText]  # of the person looked after
    eligibility: LocalText | None
    areas: list[LocalText]
    phones: list[PhoneView]
    email: str | None
    website: str | None
    addresses: list[str]
    referral: str
    how_to: LocalText | None
    cost: str
    cost_details: LocalText | None
    hours: list[HoursRow]
    hours_note: LocalText | None
    languages: list[LocalText]
    last_verified: DatedText
    also_under: list[LocalText]  # its other categories, where it is referred to by number


@dataclass(frozen=True)
class PrintSection:
    """A category: the services printed in full here, and those printed under another one."""

    id: str
    anchor: str
    title: LocalText
    description: LocalText | None
    services: list[PrintService]
    see_also: list[PrintService]

    @property
    def count(self) -> int:
        return len(self.services) + len(self.see_also)


def _sort_key(item: PrintService) -> tuple[str, str]:
    return (str(item.name).casefold(), item.anchor)


def print_service(builder: ViewBuilder, entry: ServiceEntry, number: int) -> PrintService:
    """The key facts of one service in the builder's language, marked where they fall back."""
    service, loc, catalogue = entry.service, builder.loc, builder.catalogue

    def text(path: tuple, value: str | None) -> LocalText | None:
        return loc.service(entry, path, value) if value else None


    addresses = [", ".join([*location.address, location.postcode])
                 for location in service.locations]

    return PrintService(
        number=number,
        anchor=f"service-{service.id}",
        name=loc.service(entry, ("name",), service.name),
        organization=loc.service(entry, ("organization",), service.organization),
        summary=loc.service(entry, ("summary",), service.summary),
        who_for=[builder.term_label("audiences", i) for i in service.audiences],
        conditions=[builder.term_label("conditions", i) for i in service.conditions],
        eligibility=text(("access", "eligibility"), service.access.eligibility),
        areas=[loc.area(a) for a in service.service_areas],
        phones=[PhoneView(p.number, p.href, text(("contact", "phones", i, "label"), p.label))
                for i, p in enumerate(service.contact.phones)],
        email=service.contact.email,
        website=service.contact.website,
        addresses=addresses,
        referral=builder.t(REFERRAL_LABELS[service.access.referral]),
        how_to=text(("access", "how_to"), service.access.how_to),
        cost=builder.t(COST_LABELS[service.cost.type]),
        cost_details=text(("cost", "details"), service.cost.details),
        hours=builder.hours(entry, service.opening_hours),
        hours_note=text(("hours_note",), service.hours_note),
        languages=[loc.term("languages", code, "label", catalogue.spoken_language(code))
                   for code in service.languages],
        last_verified=builder.date(service.last_verified),
        also_under=[builder.term_label("categories", c) for c in service.categories[1:]],
    )


# The standard and large print editions of a language share their sections: made once per
# ViewBuilder (one language of one build), forgotten with it.
_SECTIONS: WeakKeyDictionary[ViewBuilder, list[PrintSection]] = WeakKeyDictionary()


def sections(builder: ViewBuilder) -> list[PrintSection]:
    """Every category in taxonomy order, services numbered in the order they are printed."""
    made = _SECTIONS.get(builder)
    if made is None:
        made = _SECTIONS[builder] = _make_sections(builder)
    return made


def _make_sections(builder: ViewBuilder) -> list[PrintSection]:
    catalogue, loc = builder.catalogue, builder.loc

    def by_name(entry: ServiceEntry) -> tuple[str, str]:
        return (str(loc.service(entry, ("name",), entry.service.name)).casefold(), entry.id)

    printed: dict[str, PrintService] = {}
    for term in catalogue.terms("categories"):
        first_here = [e for e in catalogue.services if e.service.categories[0] == term.id]
        for entry in sorted(first_here, key=by_name):
            printed[entry.id] = print_service(builder, entry, len(printed) + 1)
    result = []
    for term in catalogue.terms("categories"):
        listed = catalogue.services_with("categories", term.id)
        result.append(PrintSection(
            id=term.id, anchor=f"category-{term.id}",
            title=builder.term_label("categories", term.id),
            description=builder.term_description("categories", term.id),
            services=sorted((printed[e.id] for e in listed if e.service.categories[0] == term.id),
                            key=lambda s: s.number),
            see_also=sorted((printed[e.id] for e in listed if e.service.categories[0] != term.id),
                            key=_sort_key),
        ))
    return result


def a_to_z(services: list[PrintService]) -> list[tuple[str, list[PrintService]]]:
    """Every service under its initial, as the online A–Z groups them ('#' for digits)."""
    groups: dict[str, list[PrintService]] = {}
    for item in sorted(services, key=_sort_key):
        initial = str(item.name)[:1].upper()
        groups.setdefault(initial if initial.isalpha() else "#", []).append(item)
    return list(groups.items())


def print_edition(builder: ViewBuilder, page: Page, large: bool = False) -> Context:
    catalogue = builder.catalogue
    title = builder.t(_("Large print directory") if large else _("Printed directory"))
    context = builder.context(page, title)
    links = context.links
    parts = sections(builder)
    everything = sorted((s for part in parts for s in part.services), key=lambda s: s.number)
    other = Paths.print_edition(builder.lang, large=not large)
    site = catalogue.site
    context.extra = {
        "large": large,
        "text_size_pt": LARGE_TEXT_SIZE_PT if large else TEXT_SIZE_PT,
        "made_on": builder.date(builder.today),
        "sections": parts,
        "services": everything,
        "index": a_to_z(everything),
        "online_address": site.base_url.rstrip("/") + "/" + Paths.home(builder.lang),
        "home_href": links.home(),
        "other_href": links.to(other),
        "stylesheet": links.static("print.css"),
    }
    return context
