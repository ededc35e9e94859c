"""View data: what each template needs, ready to print.

Templates hold presentation only. Everything they show (labels resolved from ids, content in the
page's language with marked fallback, dates formatted for the locale, grouped opening days,
relative links, review and translation notices) is computed here; no template decides anything.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote

from markupsafe import Markup

from . import i18n, update_views
from .catalogue import Article, Catalogue, ServiceEntry
from .figures import figures as figures_view
from .i18n import _
from .i18n import ngettext_marker as ngettext
from .jsonld import script_json, service_data
from .labels import (
    ACCESSIBILITY_LABELS,
    COST_LABELS,
    FACET_SINGULAR,
    FACET_TITLES,
    PAYMENT_LABELS,
    REFERRAL_LABELS,
)
from .links import Link, Links
from .list_service import list_service as list_service_view
from .localize import Localizer, LocalText, TranslationState
from .model import OpeningHours, Service, Weekday, phone_href
from .plan import Page, Paths
from .print_edition import print_edition as print_edition_view
from .search.documents import facet_values
from .shortlist import shortlist as shortlist_view
from .translation_report import translation_report
from .view_models import (
    Context,
    DatedText,
    HoursRow,
    LocationView,
    PhoneView,
    QualityMarkView,
    ServiceCard,
    TranslationNotice,
    UrgentItem,
)

# "N services found", in every plural form of the page's language (see i18n.plural_messages).
FOUND = ngettext("%(num)d service found", "%(num)d services found")


class ViewBuilder:
    """Builds the template context for each kind of page, in one language."""

    def __init__(self, catalogue: Catalogue, lang: str, today: date):
        self.catalogue = catalogue
        self.lang = lang
        self.today = today
        self.gettext = i18n.gettext_for(lang)
        self.loc = Localizer(catalogue, lang)
        self.language = next(x for x in catalogue.site.languages if x.code == lang)
        site = catalogue.site
        self.site_title = self.loc.site(("title",), site.title)
        self.urgent = [
            UrgentItem(self.loc.site(("urgent_help", "items", i, "title"), item.title),
                       self.loc.site(("urgent_help", "items", i, "description"), item.description)
                       if item.description else None,
                       item.phone, phone_href(item.phone) if item.phone else None, item.url)
            for i, item in enumerate(site.urgent_help.items)
        ]
        publisher = site.publisher
        self.publisher = (Markup('<a href="{}">{}</a>').format(publisher.url, publisher.name)
                          if publisher.url else publisher.name)
        self.urgent_intro = (self.loc.site(("urgent_help", "intro"), site.urgent_help.intro)
                             if site.urgent_help.intro else None)

    # --- small helpers -----------------------------------------------------------------------

    def t(self, message: str) -> str:
        return self.gettext(message)

    def date(self, day: date) -> DatedText:
        return DatedText(i18n.format_date(day, self.lang), day.isoformat())

    def language_name(self, code: str) -> str:
        """A site language's name in the page's language (Babel), e.g. Bengali → বাংলা."""
        return i18n.babel_locale(self.lang).languages.get(code) or next(
            lang.name for lang in self.catalogue.site.languages if lang.code == code)

    def term_label(self, facet: str, term_id: str) -> LocalText:
        if facet == "areas":
            return self.loc.area(term_id)
        return self.loc.term(facet, term_id, "label", self.catalogue.term(facet, term_id).label)

    def term_description(self, facet: str, term_id: str) -> LocalText | None:
        if facet == "areas":
            return None
        description = self.catalogue.term(facet, term_id).description
        return self.loc.term(facet, term_id, "description", description) if description else None

    def term_links(self, links: Links, facet: str, ids: list[str]) -> list[Link]:
        return [Link(self.term_label(facet, i), links.term(facet, i)) for i in ids]

    def card(self, links: Links, entry: ServiceEntry) -> ServiceCard:
        service = entry.service
        return ServiceCard(
            id=service.id, name=self.loc.service(entry, ("name",), service.name),
            href=links.service(service.id),
            summary=self.loc.service(entry, ("summary",), service.summary),
            organization=self.loc.service(entry, ("organization",), service.organization),
            cost=self.t(COST_LABELS[service.cost.type]),
            areas=[self.loc.area(a) for a in service.service_areas],
        )

    def cards(self, links: Links, entries: list[ServiceEntry]) -> list[ServiceCard]:
        return [self.card(links, entry) for entry in entries]

    def article_link(self, links: Links, article: Article, kind: str = "guidance") -> Link:
        title, summary, _ = self.loc.article(article, kind)
        href = links.guidance(article.slug) if kind == "guidance" else links.page_(article.slug)
        return Link(title, href, hint=summary)

    def notice(self, links: Links, state: TranslationState) -> TranslationNotice | None:
        if self.loc.is_source or state.complete:
            return None
        source = self.catalogue.site.default_language
        return TranslationNotice(state, self.language.native_name, self.language_name(source),
                                 links.in_language(source), source)

    def context(self, page: Page, title: object, state: TranslationState | None = None,
                **extra) -> Context:
        links = Links(page, self.lang)
        crumbs = [Link(self.t(_("Home")), links.home())] if page.kind != "home" else []
        languages = [Link(lang.native_name, links.in_language(lang.code),
                          current=lang.code == self.lang, lang=lang.code, hint=lang.name)
                     for lang in self.catalogue.site.languages]
        return Context(
            page=page, lang=self.lang, title=str(title), links=links, site_title=self.site_title,
            direction=self.language.direction.value, breadcrumbs=crumbs, languages=languages,
            notice=self.notice(links, state) if state else None,
            urgent_intro=self.urgent_intro, urgent=self.urgent,
            footer_pages=[self.article_link(links, a, "page") for a in self.catalogue.pages],
            list_service_href=links.to(Paths.list_service(self.lang)),
            updates=update_views.update_links(links, self.lang),
            shortlist_href=links.to(Paths.shortlist(self.lang)),
            print_href=links.to(Paths.print_edition(self.lang)),
            sample_translation=self.language.sample_translation, publisher=self.publisher,
            extra=extra)

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
                parts.append(self.t(_("{first} to {last}")).format(first=names[run[0]],
                                                               last=names[run[-1]]))
            else:
                parts.extend(names[i] for i in run)
        if len(parts) == 1:
            return parts[0]
        return self.t(_("{items} and {last}")).format(items=", ".join(parts[:-1]), last=parts[-1])

    def hours(self, entry: ServiceEntry, rows: list[OpeningHours]) -> list[HoursRow]:
        return [HoursRow(self.day_range(row.days),
                         self.t(_("{opens} to {closes}")).format(opens=row.opens_at,
                                                              closes=row.closes_at),
                         self.loc.service(entry, ("opening_hours", i, "note"), row.note)
                         if row.note else None)
                for i, row in enumerate(rows)]

    # --- page kinds --------------------------------------------------------------------------

    def service(self, page: Page) -> Context:
        entry = self.catalogue.service(page.subject or "")
        service: Service = entry.service
        loc, catalogue = self.loc, self.catalogue

        def text(path: tuple, value: str | None) -> LocalText | None:
            return loc.service(entry, path, value) if value else None

        name = loc.service(entry, ("name",), service.name)
        context = self.context(page, name, loc.state("service", entry.id))
        links = context.links
        context.description = text(("summary",), service.summary)
        context.breadcrumbs.append(Link(self.t(_("All services")), links.services()))
        marks = []
        for mark in service.quality_marks:
            scheme = catalogue.scheme(mark.scheme)
            expiry = catalogue.expiry(mark)
            marks.append(QualityMarkView(loc.term("quality_marks", scheme.id, "name", scheme.name),
                                         scheme.awarding_body, self.date(mark.awarded),
                                         self.date(expiry), expiry > self.today))
        context.extra = {
            "service": service,
            "name": name,
            "summary": text(("summary",), service.summary),
            "organization": text(("organization",), service.organization),
            "description_html": loc.description(entry),
            "hours_note": text(("hours_note",), service.hours_note),
            "cost_details": text(("cost", "details"), service.cost.details),
            "how_to": text(("access", "how_to"), service.access.how_to),
            "eligibility": text(("access", "eligibility"), service.access.eligibility),
            "facets": [
                (self.t(FACET_SINGULAR[facet]), self.term_links(links, facet, ids))
                for facet, ids in (
                    ("categories", service.categories), ("audiences", service.audiences),
                    ("conditions", service.conditions),
                    ("journey_stages", service.journey_stages),
                    ("areas", service.service_areas))
                if ids
            ],
            "phones": [PhoneView(p.number, p.href, text(("contact", "phones", i, "label"), p.label))
                       for i, p in enumerate(service.contact.phones)],
            "email": service.contact.email,
            "website": service.contact.website,
            "locations": [
                LocationView(text(("locations", i, "name"), location.name),
                             list(location.address), location.postcode,
                             [self.t(ACCESSIBILITY_LABELS[f]) for f in location.accessibility],
                             text(("locations", i, "accessibility_notes"),
                                  location.accessibility_notes))
                for i, location in enumerate(service.locations)
            ],
            "hours": self.hours(entry, service.opening_hours),
            "cost": self.t(COST_LABELS[service.cost.type]),
            "payments": [self.t(PAYMENT_LABELS[p]) for p in service.cost.payment],
            "referral": self.t(REFERRAL_LABELS[service.access.referral]),
            "languages": [loc.term("languages", code, "label", catalogue.spoken_language(code))
                          for code in service.languages],
            "quality_marks": marks,
            "last_verified": self.date(service.last_verified),
            "out_of_date": catalogue.review_due(service) <= self.today,
            "report_href": self.report_href(service.name, page),
            "jsonld": script_json(service_data(
                entry, loc, catalogue.site.base_url.rstrip("/") + "/" + page.path,
                [str(loc.area(a)) for a in service.service_areas])),
        }
        return context

    def report_href(self, subject: str, page: Page) -> str:
        feedback = self.catalogue.site.feedback
        if feedback.form_url:
            return feedback.form_url
        text = self.t(_("Problem with the page: {subject}")).format(subject=subject)
        body = self.t(_("Page: {address}")).format(
            address=self.catalogue.site.base_url.rstrip("/") + "/" + page.path)
        return f"mailto:{feedback.email}?subject={quote(text)}&body={quote(body)}"

    def home(self, page: Page) -> Context:
        catalogue = self.catalogue
        context = self.context(page, self.site_title, self.loc.state("site", "site"))
        links = context.links
        context.description = (self.loc.site(("tagline",), catalogue.site.tagline)
                               if catalogue.site.tagline else None)

        def all_terms(facet: str) -> list[Link]:
            return self.term_links(links, facet, [t.id for t in catalogue.terms(facet)])

        context.extra = {
            "stages": all_terms("journey_stages"),
            "conditions": all_terms("conditions"),
            "categories": all_terms("categories"),
            "audiences": all_terms("audiences"),
            "areas": self.term_links(links, "areas", [a.id for a in catalogue.site.areas]),
            "guidance": [self.article_link(links, a) for a in catalogue.standard_guidance][:6],
            "service_count": len(catalogue.services),
        }
        return context

    def services_index(self, page: Page) -> Context:
        context = self.context(page, self.t(_("All services A to Z")))
        groups: dict[str, list[ServiceCard]] = {}
        cards = sorted(self.cards(context.links, self.catalogue.services),
                       key=lambda c: (str(c.name).casefold(), c.id))
        for card in cards:
            initial = str(card.name)[:1].upper()
            letter = initial if initial.isalpha() else "#"
            groups.setdefault(letter, []).append(card)
        context.extra = {"groups": list(groups.items())}
        return context

    def term_index(self, page: Page) -> Context:
        facet = page.facet or ""
        context = self.context(page, self.t(FACET_TITLES[facet]))
        catalogue = self.catalogue
        if facet == "areas":
            ids = [a.id for a in catalogue.site.areas]
            counts = {i: len(catalogue.services_in_area(i)) for i in ids}
        else:
            ids = [t.id for t in catalogue.terms(facet)]
            counts = {i: len(catalogue.services_with(facet, i)) for i in ids}
        context.extra = {
            "terms": [(Link(self.term_label(facet, i), context.links.term(facet, i),
                            hint=self.term_description(facet, i)), counts[i]) for i in ids],
        }
        return context

    def term(self, page: Page) -> Context:
        facet, term_id = page.facet or "", page.subject or ""
        catalogue = self.catalogue
        entries = (catalogue.services_in_area(term_id) if facet == "areas"
                   else catalogue.services_with(facet, term_id))
        context = self.context(page, self.term_label(facet, term_id))
        context.description = self.term_description(facet, term_id)
        context.breadcrumbs.append(Link(self.t(FACET_TITLES[facet]),
                                        context.links.term_index(facet)))
        related = []
        if facet in ("categories", "journey_stages"):
            related = [self.article_link(context.links, a) for a in catalogue.standard_guidance
                       if term_id in getattr(a.meta, facet, [])]
        context.extra = {"label": self.term_label(facet, term_id),
                         "services": self.cards(context.links, entries), "guidance": related}
        return context

    def guidance_index(self, page: Page) -> Context:
        context = self.context(page, self.t(_("Guidance for carers")))
        context.extra = {"articles": [self.article_link(context.links, a)
                                      for a in self.catalogue.standard_guidance]}
        return context

    def article(self, page: Page, kind: str) -> Context:
        articles = self.catalogue.guidance if kind == "guidance" else self.catalogue.pages
        article = next(a for a in articles if a.slug == page.subject)
        title, summary, body = self.loc.article(article, kind)
        context = self.context(page, title, self.loc.state(kind, article.slug))
        context.description = summary
        if kind == "guidance":
            context.breadcrumbs.append(Link(self.t(_("Guidance for carers")),
                                            context.links.guidance_index()))
        reviewed = getattr(article.meta, "last_reviewed", None)
        categories = list(getattr(article.meta, "categories", []))
        services = [e for e in self.catalogue.services
                    if set(categories) & set(e.service.categories)]
        easy = self.catalogue.easy_read(article.slug) if kind == "guidance" else None
        standard = next((a for a in articles if a.slug == article.easy_read_of), None)
        context.extra = {
            "heading": title,
            "summary": summary,
            "body_html": body,
            "easy_read_href": context.links.guidance(easy.slug) if easy else None,
            "standard_href": context.links.guidance(standard.slug) if standard else None,
            "last_reviewed": self.date(reviewed) if reviewed else None,
            "services": self.cards(context.links, services)[:8],
            "categories": self.term_links(context.links, "categories", categories),
            "report_href": self.report_href(article.meta.title, page),
        }
        return context

    def guidance(self, page: Page) -> Context:
        return self.article(page, "guidance")

    def page(self, page: Page) -> Context:
        return self.article(page, "page")

    def glossary(self, page: Page) -> Context:
        context = self.context(page, self.t(_("Glossary")), self.loc.state("glossary", "glossary"))
        terms = [(term.id, self.loc.glossary(term.id, "term", term.term),
                  self.loc.glossary_definition(term.id, self.catalogue.glossary_html[term.id]))
                 for term in self.catalogue.glossary.terms]
        context.extra = {"terms": sorted(terms, key=lambda t: str(t[1]).casefold())}
        return context

    def accessibility(self, page: Page) -> Context:
        statement = self.catalogue.site.accessibility_statement
        context = self.context(page, self.t(_("Accessibility statement")))
        context.extra = {
            "statement": statement,
            "known_issues": [self.loc.site(("accessibility_statement", "known_issues", i), issue)
                             for i, issue in enumerate(statement.known_issues)],
            "tested_by": self.loc.site(("accessibility_statement", "tested_by"),
                                       statement.tested_by),
            "prepared_on": self.date(statement.prepared_on),
            "last_reviewed": self.date(statement.last_reviewed),
            "contact_phone_href": phone_href(statement.contact_phone)
            if statement.contact_phone else None,
        }
        return context

    def translations(self, page: Page) -> Context:
        context = self.context(page, self.t(_("Translation status")))
        report = translation_report(self.catalogue)
        context.extra = {"report": report,
                         "names": {lang.code: lang.native_name
                                   for lang in self.catalogue.site.languages}}
        return context

    def search(self, page: Page) -> Context:
        context = self.context(page, self.t(_("Search")))
        messages = {"none": self.t(_("No services found. Try fewer or different words, or "
                                     "browse the lists below.")),
                    "found": i18n.plural_messages(self.lang, *FOUND)}
        context.extra = {
            "facets": facet_values(self.catalogue, self.lang),
            "messages": json.dumps(messages, ensure_ascii=False, sort_keys=True),
            "query": "", "chosen": {}, "server_results": None,
        }
        return context

    def list_service(self, page: Page) -> Context:
        return list_service_view(self, page)

    def shortlist(self, page: Page) -> Context:
        return shortlist_view(self, page)

    def print(self, page: Page) -> Context:
        return print_edition_view(self, page)

    def print_large(self, page: Page) -> Context:
        return print_edition_view(self, page, large=True)

    # Updates (update_views.py, figures.py): the bulletin, figures, retired services' pages.
    def bulletin_index(self, page: Page) -> Context:
        return update_views.bulletin_index(self, page)

    def bulletin(self, page: Page) -> Context:
        return update_views.bulletin(self, page)

    def retired(self, page: Page) -> Context:
        return update_views.retired(self, page)

    def figures(self, page: Page) -> Context:
        return figures_view(self, page)

    def view(self, page: Page) -> Context:
        return getattr(self, page.kind)(page)


def language_chooser(catalogue: Catalogue, page: Page) -> list[Link]:
    """Each language, named in its own script, linking to its home page."""
    return [Link(lang.native_name, Links(page, lang.code).home(), lang=lang.code,
                 hint=lang.name) for lang in catalogue.site.languages]

