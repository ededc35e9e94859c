"""`sitemap.xml` with every page and its other-language versions, for search engines.

The sitemap protocol allows 50,000 addresses and 50 MB a file, and each of our addresses lists
its versions in every language (about 1 KB with six languages), so a large catalogue's sitemap is
split: `sitemap.xml` becomes a sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`... of at most
`URLS_PER_FILE` addresses each. A catalogue that fits in one file keeps one `sitemap.xml`.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from ..catalogue import Catalogue
from ..links import same_page_in
from ..plan import Page

NAMESPACES = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
              'xmlns:xhtml="http://www.w3.org/1999/xhtml"')
SITEMAP = "sitemap.xml"
URLS_PER_FILE = 10_000  # well under both limits, even with a dozen languages


def sitemap_files(catalogue: Catalogue, pages: list[Page],
                  per_file: int = URLS_PER_FILE) -> Iterator[tuple[str, str]]:
    """(file name, XML) of the sitemap: one file, or an index and its parts."""
    listed = [page for page in pages if page.language is not None]  # not the chooser or 404
    if len(listed) <= per_file:
        yield SITEMAP, sitemap_xml(catalogue, listed)
        return
    base = catalogue.site.base_url.rstrip("/") + "/"
    names = [f"sitemap-{number}.xml" for number in range(1, -(-len(listed) // per_file) + 1)]
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    index += [f"  <sitemap><loc>{base}{name}</loc></sitemap>" for name in names]
    index.append("</sitemapindex>")
    yield SITEMAP, "\n".join(index) + "\n"
    for number, name in enumerate(names):
        yield name, sitemap_xml(catalogue, listed[number * per_file:(number + 1) * per_file])


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
