"""What search knows about each service, in one language: weighted text and facet values.

The browser index, the Whoosh index and the relevance tests all start from these documents, so
every engine sees the same text and the same facets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape

from ..catalogue import Catalogue, ServiceEntry
from ..i18n import _, day_names, gettext_for
from ..labels import ACCESSIBILITY_LABELS, COST_LABELS
from ..localize import Localizer
from ..model import CostType, Payment, Weekday

# Field weights: a word in the name counts most, then the categories it is listed under.
FIELD_WEIGHTS = {"name": 8, "categories": 4, "summary": 2, "description": 1, "details": 1}
EVENING_FROM = "18:00"
WEEKEND = {Weekday.SATURDAY, Weekday.SUNDAY}

# Facets shown as filters, in this order: (key, title). Values come from each document.
FACETS = (
    ("category", _("Type of help")),
    ("area", _("Area")),
    ("audience", _("Who it is for")),
    ("condition", _("Condition of the person you look after")),
    ("cost", _("Cost")),
    ("payment", _("Ways to pay")),
    ("language", _("Language spoken")),
    ("day", _("Open on")),
    ("when", _("Open outside working hours")),
)
FLAG_LABELS = {
    ("cost", "free"): _("Free"),
    ("payment", "direct-payment"): _("Direct payment accepted"),
    ("payment", "personal-budget"): _("Personal budget accepted"),
    ("when", "evenings"): _("Evenings (after 6pm)"),
    ("when", "weekends"): _("Weekends"),
}


@dataclass
class SearchDocument:
    id: str
    name: str
    summary: str
    organization: str
    href: str  # relative to the language folder
    cost: str
    areas: str
    fields: dict[str, str]  # field name → text, weighted by FIELD_WEIGHTS
    facets: dict[str, list[str]] = field(default_factory=dict)


def opening_facets(entry: ServiceEntry) -> tuple[list[str], list[str]]:
    """Weekdays open, and 'evenings' / 'weekends' for carers who work in the day."""
    days: set[Weekday] = set()
    when: set[str] = set()
    for row in entry.service.opening_hours:
        days.update(row.days)
        if row.closes_at > EVENING_FROM:
            when.add("evenings")
        if WEEKEND & set(row.days):
            when.add("weekends")
    return [d.value for d in Weekday if d in days], sorted(when)


def service_document(catalogue: Catalogue, loc: Localizer, entry: ServiceEntry,
                     lang: str) -> SearchDocument:
    service = entry.service
    gettext = gettext_for(lang)
    name = loc.service(entry, ("name",), service.name)
    summary = loc.service(entry, ("summary",), service.summary)
    description = str(loc.description(entry).__html__())
    categories = [str(loc.term("categories", c, "label", catalogue.term("categories", c).label))
                  for c in service.categories]
    if not loc.is_source:  # people often search in English too: keep the source labels findable
        categories += [catalogue.term("categories", c).label for c in service.categories]
        source_name = service.name if str(name) != service.name else ""
    else:
        source_name = ""
    return SearchDocument(
        id=service.id, name=str(name), summary=str(summary),
        organization=str(loc.service(entry, ("organization",), service.organization)),
        href=f"services/{service.id}.html",
        cost=gettext(COST_LABELS[service.cost.type]),
        areas=", ".join(str(loc.area(a)) for a in service.service_areas),
        fields={"name": f"{name} {source_name}".strip(), "categories": " ".join(categories),
                "summary": str(summary), "description": _strip_tags(description),
                "details": " ".join(_details(catalogue, loc, entry, gettext))},
        facets=service_facets(entry),
    )


def service_facets(entry: ServiceEntry) -> dict[str, list[str]]:
    """The values of every facet for one service (the same in every language)."""
    service = entry.service
    days, when = opening_facets(entry)
    payments = [p.value for p in service.cost.payment
                if p in (Payment.DIRECT_PAYMENT, Payment.PERSONAL_BUDGET)]
    return {
        "category": list(service.categories), "area": list(service.service_areas),
        "audience": list(service.audiences), "condition": list(service.conditions),
        "cost": ["free"] if service.cost.type is CostType.FREE else [],
        "payment": payments, "language": list(service.languages), "day": days, "when": when,
    }


def _details(catalogue: Catalogue, loc: Localizer, entry: ServiceEntry, gettext) -> list[str]:
    """Everything else a carer might search for: who runs it, access, languages, audiences."""
    service = entry.service

    def text(path: tuple, value: str | None) -> str:
        return str(loc.service(entry, path, value)) if value else ""

    parts = [text(("organization",), service.organization), text(("hours_note",), service.hours_note),
             text(("cost", "details"), service.cost.details),
             text(("access", "how_to"), service.access.how_to),
             text(("access", "eligibility"), service.access.eligibility)]
    for index, location in enumerate(service.locations):
        parts.append(text(("locations", index, "name"), location.name))
        parts.append(text(("locations", index, "accessibility_notes"), location.accessibility_notes))
        parts += [gettext(ACCESSIBILITY_LABELS[f]) for f in location.accessibility]
        parts += list(location.address)
    for facet in ("audiences", "conditions", "journey_stages"):
        parts += [str(loc.term(facet, t, "label", catalogue.term(facet, t).label))
                  for t in getattr(service, facet)]
    parts += [str(loc.term("languages", code, "label", catalogue.spoken_language(code)))
              for code in service.languages]
    return [p for p in parts if p]


def _strip_tags(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def documents(catalogue: Catalogue, lang: str) -> list[SearchDocument]:
    """Every service's search document in `lang`, in catalogue order (A–Z)."""
    return list(iter_documents(catalogue, lang))


def iter_documents(catalogue: Catalogue, lang: str) -> Iterator[SearchDocument]:
    """The same documents made one at a time, for a builder that need not hold them all."""
    loc = Localizer(catalogue, lang)
    for entry in catalogue.services:
        yield service_document(catalogue, loc, entry, lang)


def facet_labels(catalogue: Catalogue, lang: str) -> dict[str, dict[str, str]]:
    """Labels for every facet value, in the page's language."""
    loc = Localizer(catalogue, lang)
    gettext = gettext_for(lang)
    labels: dict[str, dict[str, str]] = {}

    def terms(facet: str) -> dict[str, str]:
        return {t.id: str(loc.term(facet, t.id, "label", t.label)) for t in catalogue.terms(facet)}

    labels["category"] = terms("categories")
    labels["audience"] = terms("audiences")
    labels["condition"] = terms("conditions")
    labels["language"] = terms("languages")
    labels["area"] = {a.id: str(loc.area(a.id)) for a in catalogue.site.areas}
    labels["day"] = dict(zip([d.value for d in Weekday], day_names(lang), strict=True))
    for (facet, value), label in FLAG_LABELS.items():
        labels.setdefault(facet, {})[value] = gettext(label)
    return labels


@dataclass(frozen=True)
class FacetValue:
    id: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    values: list[FacetValue]


def facet_values(catalogue: Catalogue, lang: str,
                 docs: list[SearchDocument] | None = None) -> list[Facet]:
    """Every facet with its values' labels and how many services have each (empty ones left out).
    Without `docs`, the facets are read from the services directly: the search page needs only
    these, not the documents' text."""
    gettext = gettext_for(lang)
    labels = facet_labels(catalogue, lang)
    all_facets = ([doc.facets for doc in docs] if docs is not None
                  else [service_facets(entry) for entry in catalogue.services])
    facets = []
    for key, title in FACETS:
        counts: dict[str, int] = {}
        for doc_facets in all_facets:
            for value in doc_facets.get(key, []):
                counts[value] = counts.get(value, 0) + 1
        values = [FacetValue(value, label, counts[value])
                  for value, label in labels.get(key, {}).items() if counts.get(value)]
        if values:
            facets.append(Facet(key, gettext(title), values))
    return facets
