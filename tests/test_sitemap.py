"""The sitemap: one file while it fits the protocol's limits, an index and parts beyond."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from support import FIXTURE, TODAY

from directory.builders.sitemap import SITEMAP, sitemap_files
from directory.pipeline import load_and_check
from directory.plan import plan_site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def catalogue_and_pages():
    catalogue, _ = load_and_check(FIXTURE, TODAY)
    assert catalogue is not None
    return catalogue, plan_site(catalogue)


def locations(xml: str) -> list[str]:
    return [loc.text for loc in ET.fromstring(xml).findall("s:url/s:loc", NS)]


def test_a_small_site_has_one_sitemap_of_its_language_pages():
    catalogue, pages = catalogue_and_pages()
    files = dict(sitemap_files(catalogue, pages))
    assert list(files) == [SITEMAP]
    listed = [p for p in pages if p.language is not None]
    assert len(locations(files[SITEMAP])) == len(listed)


def test_a_large_site_has_an_index_of_parts_with_every_page_once():
    catalogue, pages = catalogue_and_pages()
    whole = locations(dict(sitemap_files(catalogue, pages))[SITEMAP])
    files = dict(sitemap_files(catalogue, pages, per_file=10))
    index = ET.fromstring(files[SITEMAP])
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    base = catalogue.site.base_url.rstrip("/") + "/"
    assert parts == [f"{base}sitemap-{n}.xml" for n in range(1, len(files))]
    assert len(parts) == -(-len(whole) // 10)
    split = [loc for name in sorted(files, key=lambda n: (len(n), n)) if name != SITEMAP
             for loc in locations(files[name])]
    assert split == whole
    assert all(len(locations(text)) <= 10 for name, text in files.items() if name != SITEMAP)
