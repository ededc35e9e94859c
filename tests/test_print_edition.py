"""The print edition: the whole directory on paper, per language, in normal and large print.

Read as HTML here (structure, numbering, cross-references, index); tests/test_pdf.py lays it out
with WeasyPrint. The golden copy of the fixture's English print page is checked in test_build.py.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import FIXTURE, REPO, TODAY, Content

from directory.plan import Paths, plan_site
from directory.render import Renderer
from directory.validate import load_catalogue

PRINT_CSS = REPO / "templates" / "static" / "print.css"


class Outline(HTMLParser):
    """What a print page holds: its sections, full entries, cross-references and index."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str] = {}
        self.sections: list[str] = []  # category anchors, in order
        self.contents: list[str] = []  # hrefs in the contents
        self.entries: list[tuple[str, str, int]] = []  # (section, service anchor, number)
        self.see_also: list[tuple[str, str]] = []  # (section, service anchor)
        self.index: list[str] = []  # service anchors, in index order
        self.stylesheets: list[str] = []
        self.scripts = 0
        self._where: list[str] = []  # open element classes we care about
        self._section = ""
        self._number: str | None = None
        self._entry = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "html":
            self.root = a
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a["href"])
        if tag == "script":
            self.scripts += 1
        if tag == "section" and "category" in classes:
            self._section = a["aria-labelledby"]
            self.sections.append(self._section)
        if tag == "section" and "index" in classes:
            self._section = "index"
        if tag == "nav" and "contents" in classes:
            self._section = "contents"
        if tag == "div" and "see-also" in classes:
            self._where.append("see-also")
        if tag == "h3" and a.get("id", "").startswith("service-"):
            self._entry = a["id"]
        if tag == "span" and "number" in classes:
            self._number = ""
        if tag == "a" and self._section == "contents":
            self.contents.append(a["href"])
        if tag == "a" and "ref" in classes:
            if self._section == "index":
                self.index.append(a["href"].removeprefix("#"))
            else:
                self.see_also.append((self._section, a["href"].removeprefix("#")))

    def handle_data(self, data: str) -> None:
        if self._number is not None:
            self._number += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._number is not None:
            self.entries.append((self._section, self._entry, int(self._number)))
            self._number = None


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def render_print_pages(content: Path) -> dict[str, str]:
    """Every print page of a catalogue, by path (the site's renderer, no files written)."""
    catalogue, problems = load_catalogue(content, TODAY)
    assert catalogue is not None, problems
    renderer = Renderer(catalogue, REPO / "templates", TODAY)
    return {page.path: renderer.render(page) for page in plan_site(catalogue)
            if page.kind in ("print", "print_large")}


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    return render_print_pages(FIXTURE)


@pytest.fixture(scope="module")
def cross_listed(tmp_path_factory) -> dict[str, str]:
    """The fixture with the café also under respite and an empty 'advice' category."""
    root = tmp_path_factory.mktemp("cross") / "catalogue"
    shutil.copytree(FIXTURE, root)
    content = Content(root)
    content.replace("services/dementia-cafe.yaml", "categories: [peer-support]",
                    "categories: [peer-support, respite]")
    content.replace("taxonomy.yaml", "  - id: peer-support\n",
                    "  - id: advice\n    label: Advice\n  - id: peer-support\n")
    return render_print_pages(root)


def test_a_normal_and_a_large_print_edition_in_every_language():
    catalogue, _ = load_catalogue(FIXTURE, TODAY)
    assert catalogue is not None
    planned = {page.path: page for page in plan_site(catalogue)}
    for lang in catalogue.languages:
        normal, large = planned[f"{lang}/print/index.html"], planned[f"{lang}/print/large.html"]
        assert (normal.kind, large.kind) == ("print", "print_large")
        assert normal.path == Paths.print_edition(lang)
        assert large.path == Paths.print_edition(lang, large=True)
        # A print page shows every service in full: a change to any service file redoes it.
        for entry in catalogue.services:
            assert entry.source.relative_to(FIXTURE).as_posix() in normal.inputs


def test_each_service_printed_once_in_full_and_numbered_in_order(fixture_pages):
    catalogue, _ = load_catalogue(FIXTURE, TODAY)
    ids = sorted(f"service-{e.id}" for e in catalogue.services)
    for path, html in fixture_pages.items():
        page = outline(html)
        printed = [anchor for _, anchor, _ in page.entries]
        assert sorted(printed) == ids, f"{path}: not every service exactly once"
        assert [n for _, _, n in page.entries] == list(range(1, len(ids) + 1)), path


def test_every_category_has_a_section_in_taxonomy_order_listed_in_the_contents(cross_listed):
    page = outline(cross_listed["en/print/index.html"])
    categories = ["respite", "carers-assessment", "advice", "peer-support"]
    assert page.sections == [f"category-{c}" for c in categories]
    assert page.contents == [f"#category-{c}" for c in categories] + ["#index-title"]
    assert "There are no services listed here yet." in cross_listed["en/print/index.html"]


def test_a_service_in_several_categories_is_printed_under_its_first_and_referred_to_elsewhere(
        cross_listed):
    page = outline(cross_listed["en/print/index.html"])
    full = {anchor: (section, number) for section, anchor, number in page.entries}
    assert full["service-dementia-cafe"][0] == "category-peer-support"
    assert page.see_also == [("category-respite", "service-dementia-cafe")]
    number = full["service-dementia-cafe"][1]
    assert f">Dementia carers&#39; café</a>, number {number}</li>" in cross_listed[
        "en/print/index.html"]
    assert 'data-page="page"' in cross_listed["en/print/index.html"]  # for target-counter()


def test_the_index_lists_every_service_once_from_a_to_z(fixture_pages):
    page = outline(fixture_pages["en/print/index.html"])
    assert page.index == ["service-northmoor-assessment", "service-dementia-cafe",
                          "service-sitting-service"]
    for path, html in fixture_pages.items():
        assert sorted(outline(html).index) == sorted(a for _, a, _ in outline(html).entries), path


def test_pages_are_in_their_language_and_direction_with_no_script(fixture_pages):
    for path, html in fixture_pages.items():
        page = outline(html)
        lang = path.split("/")[0]
        assert page.root["lang"] == lang
        assert page.root["dir"] == ("rtl" if lang == "ur" else "ltr")
        assert page.stylesheets == ["../../static/print.css"], path  # not the site's style.css
        assert page.scripts == 0, path
    assert "সন্ধ্যার সিটিং সেবা" in fixture_pages["bn/print/index.html"]
    assert "شام کی نگہداشت سروس" in fixture_pages["ur/print/index.html"]


def test_cover_has_the_date_the_address_online_and_urgent_help_once(fixture_pages):
    html = fixture_pages["en/print/index.html"]
    assert 'This edition was made on <time datetime="2026-11-23">23 November 2026</time>.' in html
    assert "https://carers.example.org/en/index.html" in html
    assert html.count('id="urgent-help-title"') == 1
    assert html.count("020 7946 0999") == 1
    assert '<meta name="dcterms.created" content="2026-11-23">' in html


def test_large_print_is_at_least_16_points(fixture_pages):
    assert '<body class="print-edition large-print">' in fixture_pages["en/print/large.html"]
    assert '<body class="print-edition">' in fixture_pages["en/print/index.html"]
    css = PRINT_CSS.read_text(encoding="utf-8")
    sizes = re.findall(r"body\.large-print\s*\{[^}]*font-size:\s*([\d.]+)pt", css)
    assert sizes and all(float(size) >= 16 for size in sizes), sizes


def test_the_print_css_has_the_paged_media_rules():
    css = PRINT_CSS.read_text(encoding="utf-8")
    for rule in ("@page", "counter(page)", "string-set: section", "content: string(section)",
                 "break-inside: avoid", "break-before: page", "target-counter("):
        assert rule in css, rule


def test_the_site_links_to_the_print_edition_from_every_page_footer(fixture_pages):
    catalogue, _ = load_catalogue(FIXTURE, TODAY)
    assert catalogue is not None
    renderer = Renderer(catalogue, REPO / "templates", TODAY)
    home = next(p for p in plan_site(catalogue) if p.path == "ur/index.html")
    assert '<a href="print/index.html">' in renderer.render(home)
