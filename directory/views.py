"""View data: what each template needs, ready to print.

Templates hold presentation only. Everything they show (labels resolved from ids, dates formatted
for the page's language, grouped opening days, relative links, review notices) is computed here,
so no template digs through raw content or decides anything.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from . import i18n
from .catalogue import Catalogue, ServiceEntry
from .i18n import _
from .model import (
    AccessibilityFeature,
    CostType,
    OpeningHours,
    Payment,
    Referral,
    Service,
    Weekday,
    phone_href,
)
from .plan import Page, Paths

FACET_TITLES = {
    "categories": _("Types of help"),
    "audiences": _("Who it is for"),
    "journey_stages": _("Stages of caring"),
    "conditions": _("Conditions of the person you look after"),
    "areas": _("Areas"),
}
FACET_SINGULAR = {
    "categories": _("Type of help"),
    "audiences": _("For"),
    "journey_stages": _("Stage of caring"),
    "conditions": _("Condition"),
    "areas": _("Area"),
}
COST_LABELS = {CostType.FREE: _("Free"), CostType.PAID: _("Paid"),
               CostType.VARIES: _("Cost varies")}
PAYMENT_LABELS = {
    Payment.SELF_FUNDED: _("You can pay yourself"),
    Payment.DIRECT_PAYMENT: _("Direct payment accepted"),
    Payment.PERSONAL_BUDGET: _("Personal budget accepted"),
}
REFERRAL_LABELS = {
    Referral.SELF: _("You can contact them yourself"),
    Referral.PROFESSIONAL: _("You need a referral from a professional"),
    Referral.SELF_OR_PROFESSIONAL: _("Contact them yourself or ask a professional to refer you"),
}
ACCESSIBILITY_LABELS = {
    AccessibilityFeature.STEP_FREE: _("Step-free access"),
    AccessibilityFeature.LIFT: _("Lift"),
    AccessibilityFeature.ACCESSIBLE_TOILET: _("Accessible toilet"),
    AccessibilityFeature.CHANGING_PLACES: _("Changing Places toilet"),
    AccessibilityFeature.HEARING_LOOP: _("Hearing loop"),
    AccessibilityFeature.PARKING: _("Parking"),
    AccessibilityFeature.BLUE_BADGE_PARKING: _("Blue Badge parking"),
    AccessibilityFeature.QUIET_SPACE: _("Quiet space"),
    AccessibilityFeature.ASSISTANCE_DOGS: _("Assistance dogs welcome"),
}


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False
    lang: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class PhoneView:
    number: str
    href: str
    label: str | None


@dataclass(frozen=True)
class DatedText:
    text: str
    iso: str


@dataclass(frozen=True)
class HoursRow:
    days: str
    times: str
    note: str | None


@dataclass(frozen=True)
class LocationView:
    name: str | None
    lines: list[str]
    postcode: str
    accessibility: list[str]
    notes: str | None


@dataclass(frozen=True)
class QualityMarkView:
    name: str
    awarding_body: str
    awarded: DatedText
    expires: DatedText
    current: bool


@dataclass(frozen=True)
class ServiceCard:
    """A service as it appears in a list."""

    id: str
    name: str
    href: str
    summary: str
    organization: str
    cost: str
    areas: list[str]


@dataclass
class Context:
    """Everything one page's template receives."""

    page: Page
    lang: str
    title: str
    links: Links
    site_title: str
    direction: str = "ltr"
    description: str | None = None
    breadcrumbs: list[Link] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def relative_url(from_path: str, to_path: str) -> str:
    """A link that works on any host path and from disk: always relative, `index.html` named."""
    path, hash_, fragment = to_path.partition("#")
    start = posixpath.dirname(from_path) or "."
    return posixpath.relpath(path, start) + hash_ + fragment


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

    def static(self, name: str) -> str:
        return self.to(f"static/{name}")

    def languages(self) -> str:
        return self.to("index.html")


class ViewBuilder:
    """Builds the template context for each kind of page, in one language."""

    def __init__(self, catalogue: Catalogue, lang: str, today: date):
        self.catalogue = catalogue
        self.lang = lang
        self.today = today
        self.gettext = i18n.gettext_for(lang)
        self.language = next((x for x in catalogue.site.languages if x.code == lang), None)

    # --- small helpers -----------------------------------------------------------------------

    def t(self, message: str) -> str:
        return self.gettext(message)

    def date(self, day: date) -> DatedText:
        return DatedText(i18n.format_date(day, self.lang), day.isoformat())

    def term_label(self, facet: str, term_id: str) -> str:
        if facet == "areas":
            return self.catalogue.area_name(term_id)
        return self.catalogue.term(facet, term_id).label

    def term_links(self, links: Links, facet: str, ids: list[str]) -> list[Link]:
        return [Link(self.term_label(facet, i), links.term(facet, i)) for i in ids]

    def card(self, links: Links, entry: ServiceEntry) -> ServiceCard:
        service = entry.service
        return ServiceCard(
            id=service.id, name=service.name, href=links.service(service.id),
            summary=service.summary, organization=service.organization,
            cost=self.t(COST_LABELS[service.cost.type]),
            areas=[self.catalogue.area_name(a) for a in service.service_areas],
        )

    def cards(self, links: Links, entries: list[ServiceEntry]) -> list[ServiceCard]:
        return [self.card(links, entry) for entry in entries]

    def context(self, page: Page, title: str, **extra) -> Context:
        links = Links(page, self.lang)
        crumbs = [Link(self.t("Home"), links.home())] if page.kind != "home" else []
        return Context(page=page, lang=self.lang, title=title, links=links,
                       site_title=self.catalogue.site.title,
                       direction=self.language.direction.value if self.language else "ltr",
                       breadcrumbs=crumbs, extra=extra)

    # --- opening hours -----------------------------------------------------------------------

    def day_range(self, days: list[Weekday]) -> str:
        """`Monday to Friday`, `Saturday and Sunday`, `Monday, Wednesday and Friday`."""
        names = i18n.day_names(self.lang)
        order = list(Weekday)
        indexes = sorted({order.index(d) for d in days})
        runs: list[list[int]] = []
        for index in indexes:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        parts = []
        for run in runs:
            if len(run) >= 3:
                parts.append(self.t("{first} to {last}").format(first=names[run[0]],
                                                               last=names[run[-1]]))
            else:
                parts.extend(names[i] for i in run)
        if len(parts) == 1:
            return parts[0]
        return self.t("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])

    def hours(self, rows: list[OpeningHours]) -> list[HoursRow]:
        return [HoursRow(self.day_range(row.days),
                         self.t("{opens} to {closes}").format(opens=row.opens_at,
                                                              closes=row.closes_at),
                         row.note) for row in rows]

    # --- page kinds --------------------------------------------------------------------------

    def service(self, page: Page) -> Context:
        entry = next(e for e in self.catalogue.services if e.id == page.subject)
        service: Service = entry.service
        context = self.context(page, service.name)
        links = context.links
        context.description = service.summary
        context.breadcrumbs.append(Link(self.t("All services"), links.services()))
        catalogue = self.catalogue
        marks = []
        for mark in service.quality_marks:
            scheme = catalogue.scheme(mark.scheme)
            expiry = catalogue.expiry(mark)
            marks.append(QualityMarkView(scheme.name, scheme.awarding_body, self.date(mark.awarded),
                                         self.date(expiry), expiry > self.today))
        review_due = catalogue.review_due(service)
        context.extra = {
            "service": service,
            "description_html": entry.description_html,
            "facets": [
                (self.t(FACET_SINGULAR[facet]), self.term_links(links, facet, ids))
                for facet, ids in (
                    ("categories", service.categories), ("audiences", service.audiences),
                    ("conditions", service.conditions),
                    ("journey_stages", service.journey_stages),
                    ("areas", service.service_areas))
                if ids
            ],
            "phones": [PhoneView(p.number, p.href, p.label) for p in service.contact.phones],
            "email": service.contact.email,
            "website": service.contact.website,
            "locations": [
                LocationView(loc.name, list(loc.address), loc.postcode,
                             [self.t(ACCESSIBILITY_LABELS[f]) for f in loc.accessibility],
                             loc.accessibility_notes)
                for loc in service.locations
            ],
            "hours": self.hours(service.opening_hours),
            "cost": self.t(COST_LABELS[service.cost.type]),
            "payments": [self.t(PAYMENT_LABELS[p]) for p in service.cost.payment],
            "referral": self.t(REFERRAL_LABELS[service.access.referral]),
            "languages": [catalogue.spoken_language(code) for code in service.languages],
            "quality_marks": marks,
            "last_verified": self.date(service.last_verified),
            "out_of_date": review_due <= self.today,
            "report_href": self.report_href(service.name, page),
        }
        return context

    def report_href(self, subject: str, page: Page) -> str:
        feedback = self.catalogue.site.feedback
        if feedback.form_url:
            return feedback.form_url
        text = self.t("Problem with the page: {subject}").format(subject=subject)
        body = self.t("Page: {address}").format(
            address=self.catalogue.site.base_url.rstrip("/") + "/" + page.path)
        return f"mailto:{feedback.email}?subject={quote(text)}&body={quote(body)}"

    def home(self, page: Page) -> Context:
        catalogue = self.catalogue
        context = self.context(page, catalogue.site.title)
        links = context.links
        context.description = catalogue.site.tagline
        context.extra = {
            "stages": self.term_links(links, "journey_stages",
                                      [t.id for t in catalogue.taxonomy.journey_stages]),
            "conditions": self.term_links(links, "conditions",
                                          [t.id for t in catalogue.taxonomy.conditions]),
            "categories": self.term_links(links, "categories",
                                          [t.id for t in catalogue.taxonomy.categories]),
            "audiences": self.term_links(links, "audiences",
                                         [t.id for t in catalogue.taxonomy.audiences]),
            "areas": self.term_links(links, "areas", [a.id for a in catalogue.site.areas]),
            "guidance": [Link(a.meta.title, links.guidance(a.slug), hint=a.meta.summary)
                         for a in catalogue.guidance.get(self.lang, [])][:6],
            "service_count": len(catalogue.services),
        }
        return context

    def services_index(self, page: Page) -> Context:
        context = self.context(page, self.t("All services A to Z"))
        groups: dict[str, list[ServiceCard]] = {}
        for entry in self.catalogue.services:
            initial = entry.service.name[:1].upper()
            letter = initial if initial.isalpha() else "#"
            groups.setdefault(letter, []).append(self.card(context.links, entry))
        context.extra = {"groups": sorted(groups.items())}
        return context

    def term_index(self, page: Page) -> Context:
        facet = page.facet or ""
        context = self.context(page, self.t(FACET_TITLES[facet]))
        catalogue = self.catalogue
        if facet == "areas":
            terms = [(a.id, a.name, None) for a in catalogue.site.areas]
            counts = {a.id: len(catalogue.services_in_area(a.id)) for a in catalogue.site.areas}
        else:
            terms = [(t.id, t.label, t.description) for t in catalogue.terms(facet)]
            counts = {t.id: len(catalogue.services_with(facet, t.id))
                      for t in catalogue.terms(facet)}
        context.extra = {
            "terms": [(Link(label, context.links.term(facet, term_id), hint=description),
                       counts[term_id]) for term_id, label, description in terms],
        }
        return context

    def term(self, page: Page) -> Context:
        facet, term_id = page.facet or "", page.subject or ""
        catalogue = self.catalogue
        if facet == "areas":
            label, description = catalogue.area_name(term_id), None
            entries = catalogue.services_in_area(term_id)
        else:
            term = catalogue.term(facet, term_id)
            label, description = term.label, term.description
            entries = catalogue.services_with(facet, term_id)
        context = self.context(page, label)
        context.description = description
        context.breadcrumbs.append(Link(self.t(FACET_TITLES[facet]), context.links.term_index(facet)))
        related = []
        if facet in ("categories", "journey_stages"):
            related = [Link(a.meta.title, context.links.guidance(a.slug), hint=a.meta.summary)
                       for a in catalogue.guidance.get(self.lang, [])
                       if term_id in getattr(a.meta, facet, [])]
        context.extra = {"services": self.cards(context.links, entries), "guidance": related,
                         "facet_title": self.t(FACET_SINGULAR[facet])}
        return context

    def guidance_index(self, page: Page) -> Context:
        context = self.context(page, self.t("Guidance for carers"))
        context.extra = {"articles": [Link(a.meta.title, context.links.guidance(a.slug),
                                           hint=a.meta.summary)
                                      for a in self.catalogue.guidance.get(self.lang, [])]}
        return context

    def article(self, page: Page, kind: str) -> Context:
        articles = (self.catalogue.guidance if kind == "guidance" else self.catalogue.pages)
        article = next(a for a in articles.get(self.lang, []) if a.slug == page.subject)
        context = self.context(page, article.meta.title)
        context.description = article.meta.summary
        if kind == "guidance":
            context.breadcrumbs.append(Link(self.t("Guidance for carers"),
                                            context.links.guidance_index()))
        reviewed = getattr(article.meta, "last_reviewed", None)
        categories = getattr(article.meta, "categories", [])
        services = [e for e in self.catalogue.services
                    if set(categories) & set(e.service.categories)]
        context.extra = {
            "body_html": article.body_html,
            "last_reviewed": self.date(reviewed) if reviewed else None,
            "services": self.cards(context.links, services)[:8],
            "categories": self.term_links(context.links, "categories", list(categories)),
            "report_href": self.report_href(article.meta.title, page),
        }
        return context

    def guidance(self, page: Page) -> Context:
        return self.article(page, "guidance")

    def page(self, page: Page) -> Context:
        return self.article(page, "page")

    def glossary(self, page: Page) -> Context:
        context = self.context(page, self.t("Glossary"))
        terms = sorted(self.catalogue.glossary.terms, key=lambda t: t.term.casefold())
        context.extra = {"terms": [(t, self.catalogue.glossary_html[t.id]) for t in terms]}
        return context

    def accessibility(self, page: Page) -> Context:
        context = self.context(page, self.t("Accessibility statement"))
        statement = self.catalogue.site.accessibility_statement
        context.extra = {
            "statement": statement,
            "prepared_on": self.date(statement.prepared_on),
            "last_reviewed": self.date(statement.last_reviewed),
            "contact_phone_href": phone_href(statement.contact_phone)
            if statement.contact_phone else None,
        }
        return context

    def view(self, page: Page) -> Context:
        return getattr(self, page.kind)(page)


def urgent_items(catalogue: Catalogue) -> list[dict]:
    """The urgent-help panel, shown on every page."""
    return [{"title": item.title, "description": item.description, "phone": item.phone,
             "phone_href": phone_href(item.phone) if item.phone else None, "url": item.url}
            for item in catalogue.site.urgent_help.items]


def language_links(catalogue: Catalogue, from_path: str,
                   target: Callable[[str], str]) -> list[Link]:
    """Each language, named in its own script, linking to `target(lang)`."""
    return [Link(lang.native_name, relative_url(from_path, target(lang.code)), lang=lang.code,
                 hint=lang.name) for lang in catalogue.site.languages]

