"""`sitemap.xml` with every page and its other-language versions, for search engines."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..catalogue import Catalogue
from ..links import same_page_in
from ..plan import Page

NAMESPACES = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
              'xmlns:xhtml="http://www.w3.org/1999/xhtml"')


def sitemap_xml(catalogue: Catalogue, pages: list[Page]) -> str:
    base = catalogue.site.base_url.rstrip("/") + "/"
    languages = catalogue.site.languages
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {NAMESPACES}>"]
    for page in pages:
        if page.language is None:
            continue  # the language chooser and 404 page are not content
        lines.append("  <url>")
        lines.append(f"    <loc>{base}{page.path}</loc>")
        for language in languages:
            href = quoteattr(base + same_page_in(page, language.code))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{language.code}" '
                         f"href={href}/>")
        default = quoteattr(base + same_page_in(page, catalogue.site.default_language))
        lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={default}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
