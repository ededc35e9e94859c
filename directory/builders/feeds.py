"""Atom feeds (RFC 4287) of new and updated services and of the monthly bulletin, and robots.txt.

Staff subscribe in their feed reader or mail client instead of waiting for an alert. Each language
has its own two feeds, with absolute links from `site.base_url` (a feed is read away from the
site). Entry ids are `tag:` URIs made from dates in the content, so they never change between
builds, and a feed's `updated` is the newest date in the content, never the clock: the same
content gives the same bytes.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from .. import i18n
from ..catalogue import Catalogue, ServiceEntry
from ..i18n import _
from ..localize import Localizer
from ..plan import Paths
from ..update_views import month_name
from ..updates import Month, bulletin_months, changed, latest_date, month_key, recent_services
from ..write import SiteWriter

ATOM = "http://www.w3.org/2005/Atom"
BULLETIN_FEED_SIZE = 24  # months


def timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def tag_uri(base_url: str, day: date, specific: str) -> str:
    """RFC 4151: `tag:carers.example.org,2026-11-01:en/services/x`, stable for as long as the
    service keeps its id and its `added` date."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{day.isoformat()}:{specific}"


class FeedWriter:
    """One language's feeds: interface strings, content and dates in that language."""

    def __init__(self, catalogue: Catalogue, lang: str):
        self.catalogue = catalogue
        self.lang = lang
        self.t = i18n.gettext_for(lang)
        self.loc = Localizer(catalogue, lang)
        self.base = catalogue.site.base_url.rstrip("/") + "/"
        self.site_title = str(self.loc.site(("title",), catalogue.site.title))

    def url(self, path: str) -> str:
        return self.base + path

    def _head(self, path: str, title: str, subtitle: str, updated: date | None,
              alternate: str) -> list[str]:
        publisher = self.catalogue.site.publisher
        author = [f"    <name>{escape(publisher.name)}</name>"]
        if publisher.url:
            author.append(f"    <uri>{escape(publisher.url)}</uri>")
        return [
            '<?xml version="1.0" encoding="utf-8"?>',
            f"<feed xmlns={quoteattr(ATOM)} xml:lang={quoteattr(self.lang)}>",
            f"  <id>{escape(self.url(path))}</id>",
            f"  <title>{escape(title)}</title>",
            f"  <subtitle>{escape(subtitle)}</subtitle>",
            f"  <updated>{timestamp(updated or date(1970, 1, 1))}</updated>",
            f'  <link rel="self" type="application/atom+xml" href={quoteattr(self.url(path))}/>',
            f'  <link rel="alternate" type="text/html" href={quoteattr(self.url(alternate))}/>',
            "  <author>", *author, "  </author>",
            "  <generator>Community Catalogue</generator>",
        ]

    @staticmethod
    def _entry(entry_id: str, title: str, href: str, published: date, updated: date,
               summary: str, content: Markup) -> list[str]:
        return [
            "  <entry>",
            f"    <id>{escape(entry_id)}</id>",
            f"    <title>{escape(title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(href)}/>',
            f"    <published>{timestamp(published)}</published>",
            f"    <updated>{timestamp(updated)}</updated>",
            f"    <summary>{escape(summary)}</summary>",
            f'    <content type="html">{escape(str(content))}</content>',
            "  </entry>",
        ]

    # --- new and updated services ----------------------------------------------------------

    def service_entry(self, entry: ServiceEntry) -> list[str]:
        service, loc = entry.service, self.loc
        name = str(loc.service(entry, ("name",), service.name))
        summary = str(loc.service(entry, ("summary",), service.summary))
        organization = str(loc.service(entry, ("organization",), service.organization))
        is_new = month_key(changed(entry)) == month_key(service.added)
        title = (self.t(_("New service: {name}")) if is_new
                 else self.t(_("Checked and updated: {name}"))).format(name=name)
        areas = ", ".join(str(loc.area(a)) for a in service.service_areas)
        content = Markup("<p>{}</p><p>{}</p><p>{}</p>").format(
            summary,
            self.t(_("Run by {organization}. Areas: {areas}.")).format(
                organization=organization, areas=areas),
            self.t(_("Added on {added}; last checked on {checked}.")).format(
                added=i18n.format_date(service.added, self.lang),
                checked=i18n.format_date(service.last_verified, self.lang)))
        return self._entry(tag_uri(self.base, service.added, f"{self.lang}/services/{entry.id}"),
                           title, self.url(Paths.service(self.lang, entry.id)), service.added,
                           changed(entry), summary, content)

    def services_feed(self) -> str:
        path = Paths.services_feed(self.lang)
        lines = self._head(path, f"{self.site_title}: {self.t(_('New and updated services'))}",
                           self.t(_("Services added to the directory or checked again, newest "
                                    "first.")), latest_date(self.catalogue),
                           Paths.bulletin_index(self.lang))
        for entry in recent_services(self.catalogue):
            lines += self.service_entry(entry)
        return "\n".join([*lines, "</feed>"]) + "\n"

    # --- the monthly bulletin --------------------------------------------------------------

    def month_content(self, month: Month) -> Markup:
        def service_link(entry: ServiceEntry) -> Markup:
            name = str(self.loc.service(entry, ("name",), entry.service.name))
            return Markup('<a href="{}">{}</a>').format(
                self.url(Paths.service(self.lang, entry.id)), name)

        parts = []
        for heading, items in (
                (_("New services"), [service_link(e) for e in month.new]),
                (_("Checked and updated"), [service_link(e) for e in month.updated]),
                (_("Services removed"), [Markup("{}").format(r.name) for r in month.removed]),
                (_("Awards"), [service_link(a.entry) for a in month.awards])):
            if items:
                parts.append(Markup("<h2>{}</h2><ul>{}</ul>").format(
                    self.t(heading), Markup("").join(Markup("<li>{}</li>").format(i)
                                                     for i in items)))
        return Markup("").join(parts)

    def bulletin_feed(self) -> str:
        path = Paths.bulletin_feed(self.lang)
        title = self.t(_("What's new"))
        lines = self._head(path, f"{self.site_title}: {title}",
                           self.t(_("A short monthly update on the directory: new services, "
                                    "services checked again, services removed and awards.")),
                           latest_date(self.catalogue), Paths.bulletin_index(self.lang))
        for month in bulletin_months(self.catalogue)[:BULLETIN_FEED_SIZE]:
            name = month_name(self.lang, month)
            counts = self.t(_("{new} new, {updated} checked and updated, {removed} removed, "
                              "{awards} awards.")).format(
                new=len(month.new), updated=len(month.updated), removed=len(month.removed),
                awards=len(month.awards))
            lines += self._entry(
                tag_uri(self.base, month.first_day, f"{self.lang}/bulletin/{month.key}"),
                self.t(_("What's new: {month}")).format(month=name),
                self.url(Paths.bulletin(self.lang, month.key)), month.first_day, month.latest,
                counts, self.month_content(month))
        return "\n".join([*lines, "</feed>"]) + "\n"


def robots_txt(catalogue: Catalogue) -> str:
    """Every crawler welcome; the sitemap lists the pages worth indexing."""
    base = catalogue.site.base_url.rstrip("/") + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


def write_feeds(catalogue: Catalogue, writer: SiteWriter) -> None:
    """Both feeds in every language, and robots.txt at the site root."""
    for lang in catalogue.languages:
        feeds = FeedWriter(catalogue, lang)
        writer.write(Paths.services_feed(lang), feeds.services_feed())
        writer.write(Paths.bulletin_feed(lang), feeds.bulletin_feed())
    writer.write("robots.txt", robots_txt(catalogue))
