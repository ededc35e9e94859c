"""Atom feeds (services, bulletin), robots.txt and the links that lead to them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import feedparser
import pytest
from support import FIXTURE, REPO, TODAY, Content

from directory.pipeline import build

BASE = "https://carers.example.org/"
RETIRED = """services:
  - id: old-lunch-club
    name: Old lunch club
    retired: 2026-10-20
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Content:
    root = tmp_path_factory.mktemp("feeds") / "content"
    shutil.copytree(FIXTURE, root)
    content = Content(root)
    content.write("retired.yaml", RETIRED)
    return content


@pytest.fixture(scope="module")
def site(content: Content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("feeds-site") / "site"
    build(content.root, out, REPO / "templates", today=TODAY)
    return out


def parse(site: Path, path: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.bozo == 0, f"{path} is not well-formed Atom: {feed.get('bozo_exception')}"
    assert feed.version == "atom10", path
    return feed


def test_services_feed_is_valid_atom_with_absolute_links(site: Path):
    feed = parse(site, "en/feeds/services.xml")
    assert feed.feed.id == BASE + "en/feeds/services.xml"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == BASE + "en/feeds/services.xml"
    assert feed.feed.author == "Testshire Council"
    # The newest date in the content (the old lunch club's retirement), never the clock.
    assert feed.feed.updated == "2026-10-20T00:00:00Z"
    for entry in feed.entries:
        assert entry.id.startswith("tag:carers.example.org,")
        assert entry.link.startswith(BASE + "en/services/") and entry.link.endswith(".html")
        assert entry.content[0].type == "text/html"
        assert entry.summary and entry.title


def test_services_feed_lists_newest_changes_first(site: Path):
    feed = parse(site, "en/feeds/services.xml")
    assert [e.link.rsplit("/", 1)[-1] for e in feed.entries] == [
        "northmoor-assessment.html", "sitting-service.html", "dementia-cafe.html"]
    assert [e.updated[:10] for e in feed.entries] == ["2026-10-01", "2026-09-15", "2025-08-01"]
    assert feed.entries[0].published.startswith("2025-01-10")
    assert feed.entries[0].title == "Checked and updated: Carer's assessment in Northmoor"


def test_a_new_service_is_titled_new(content: Content, tmp_path: Path):
    copy = Content(tmp_path / "content")
    shutil.copytree(content.root, copy.root)
    copy.replace("services/dementia-cafe.yaml", "added: 2023-05-01", "added: 2025-08-01")
    build(copy.root, tmp_path / "site", REPO / "templates", today=TODAY)
    feed = parse(tmp_path / "site", "en/feeds/services.xml")
    titles = {e.link.rsplit("/", 1)[-1]: e.title for e in feed.entries}
    assert titles["dementia-cafe.html"] == "New service: Dementia carers' café"


def test_feeds_in_other_languages_show_translated_content(site: Path):
    feed = parse(site, "bn/feeds/services.xml")
    assert feed.feed.language == "bn"
    assert all(e.link.startswith(BASE + "bn/services/") for e in feed.entries)
    ids = {e.id for e in feed.entries}
    english = {e.id for e in parse(site, "en/feeds/services.xml").entries}
    assert ids.isdisjoint(english), "each language's entries have their own ids"
    assert parse(site, "ur/feeds/bulletin.xml").entries


def test_bulletin_feed_has_one_entry_per_month_newest_first(site: Path):
    feed = parse(site, "en/feeds/bulletin.xml")
    months = [e.link.rsplit("/", 1)[-1] for e in feed.entries]
    assert months == ["2026-10.html", "2026-09.html", "2025-08.html", "2025-06.html",
                      "2025-01.html", "2024-03.html", "2023-05.html"]
    october = feed.entries[0]
    assert october.id == "tag:carers.example.org,2026-10-01:en/bulletin/2026-10"
    assert october.title == "What's new: October 2026"
    assert october.updated.startswith("2026-10-20")  # its last event: the retirement
    html = october.content[0].value
    assert "Old lunch club" in html and BASE + "en/services/northmoor-assessment.html" in html


def test_feed_ids_and_bytes_do_not_depend_on_the_build_day(content: Content, site: Path,
                                                            tmp_path: Path):
    other = tmp_path / "site"
    build(content.root, other, REPO / "templates", today=date(2031, 1, 2))
    for path in ("en/feeds/services.xml", "en/feeds/bulletin.xml", "bn/feeds/bulletin.xml"):
        assert (other / path).read_bytes() == (site / path).read_bytes(), path


def test_robots_txt_allows_everything_and_names_the_sitemap(site: Path):
    assert (site / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n")


def test_every_page_links_to_its_languages_feed(site: Path):
    for path in ("en/index.html", "bn/services/sitting-service.html", "ur/figures.html"):
        html = (site / path).read_text(encoding="utf-8")
        lang = path.split("/")[0]
        depth = path.count("/") - 1
        feed = "../" * depth + "feeds/services.xml"
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html, path
        assert f'<a href="{feed}" type="application/atom+xml">' in html, f"{path}: no Subscribe link"
        assert (site / lang / "feeds" / "services.xml").is_file()
