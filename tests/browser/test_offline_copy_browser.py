"""A library's offline copy in real Chromium: unzipped, opened from disk with the network cut off,
it searches, filters, switches language and warns when it is old; not one request leaves it."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import CONTENT, START_AXE, TEMPLATES, TODAY, WCAG_TAGS

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(scope="module")
def copy_root(tmp_path_factory) -> Path:
    """The example catalogue as a library receives it: a zip, unzipped somewhere."""
    from directory.offline_copy import make_offline_copy

    folder = tmp_path_factory.mktemp("library")
    target = folder / "carers-directory.zip"
    make_offline_copy(CONTENT, target, TEMPLATES, today=TODAY)
    with zipfile.ZipFile(target) as zipped:
        zipped.extractall(folder / "kiosk")
    return folder / "kiosk" / "carers-directory"


@pytest.fixture
def offline_context(new_context):
    """A browser context with the network cut off; every request that is not a file is recorded
    (and refused)."""
    leaked: list[str] = []

    def make(**options):
        context = new_context(**options)
        context.set_offline(True)

        def refuse(route):
            if not route.request.url.startswith("file://"):
                leaked.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", refuse)
        return context

    make.leaked = leaked
    return make


def _at(day: date) -> str:
    """A script that sets the visitor's clock to `day`, before the page's scripts run."""
    millis = int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp() * 1000)
    return f"Date.now = () => {millis};"


def test_search_filter_and_language_switch_work_from_disk_with_no_request_leaving(
        copy_root, offline_context):
    context = offline_context()
    page = context.new_page()
    page.goto((copy_root / "index.html").as_uri())
    expect(page.locator(".copy-notice")).to_contain_text("This copy was made on 23 November 2026")
    page.locator("ul.language-list a[hreflang=en]").click()
    page.fill("#header-query", "respite")
    page.locator("form.header-search button, form.header-search [type=submit]").first.click()
    status = page.locator("[data-status]")
    expect(status).to_contain_text("services found")
    before = status.text_content()
    page.click("summary")  # the filters
    page.check("input[name=cost][value=free]")
    expect(status).not_to_have_text(before)
    assert "cost=free" in page.url
    page.locator(".language-switcher a[hreflang=ur]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".copy-notice")).to_be_visible()
    assert offline_context.leaked == []


def test_the_shortlist_saves_and_prints_from_the_copy_with_no_request_leaving(
        copy_root, offline_context):
    context = offline_context()
    page = context.new_page()
    page.goto((copy_root / "en" / "services" / "index.html").as_uri())
    buttons = page.locator("main .card [data-save-button]")
    buttons.nth(0).click()
    buttons.nth(1).click()
    expect(buttons.nth(1)).to_have_attribute("aria-pressed", "true")
    page.locator("[data-shortlist-link]").click()
    expect(page.locator("[data-list] > li")).to_have_count(2)
    page.emulate_media(media="print")
    expect(page.locator("[data-list] > li").first).to_be_visible()
    for chrome in (".language-switcher", "form.header-search", "[data-save-button]"):
        assert not any(element.is_visible() for element in page.locator(chrome).all()), chrome
    assert offline_context.leaked == []


def test_a_copy_warns_once_it_is_older_than_its_set_age(copy_root, offline_context):
    fresh = offline_context()
    fresh.add_init_script(_at(date(2027, 1, 10)))  # 48 days after the copy was made
    page = fresh.new_page()
    page.goto((copy_root / "en" / "index.html").as_uri())
    expect(page.locator(".copy-notice-old")).to_be_hidden()

    old = offline_context()
    old.add_init_script(_at(date(2027, 3, 1)))  # 98 days: past the 90-day default
    page = old.new_page()
    page.goto((copy_root / "pl" / "index.html").as_uri())
    warning = page.locator(".copy-notice-old")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("data-copy-max-days", "90")
    assert offline_context.leaked == []


@pytest.mark.parametrize("path", ["README.html", "en/index.html", "ur/services/index.html"])
def test_the_staff_guide_and_dated_pages_pass_axe_with_the_old_copy_warning_shown(
        copy_root, offline_context, axe_path, path):
    context = offline_context()
    context.add_init_script(_at(date(2027, 6, 1)))
    page = context.new_page()
    page.goto((copy_root / path).as_uri())
    expect(page.locator(".copy-notice-old")).to_be_visible()
    page.evaluate(axe_path.read_text(encoding="utf-8") + "\n;0")
    page.evaluate(START_AXE, WCAG_TAGS)
    result = page.evaluate("window.__axeRun")
    assert "error" not in result, result
    assert result["violations"] == [], [(v["id"], v["help"]) for v in result["violations"]]
