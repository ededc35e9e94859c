"""Journeys a person makes with the keyboard, and the quick exit, in a real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: run make test").expect

FOCUSED = "() => document.activeElement"


def tab_until(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus (failing after `limit`)."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} never received focus after {limit} Tab presses")


def test_keyboard_journey_search_to_service_to_language_and_back(new_context, file_url):
    """Skip link → search → type → results → open a service → language switcher → back."""
    page = new_context().new_page()
    page.goto(file_url("en/index.html"))
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    tab_until(page, "#header-query")
    page.keyboard.type("respite")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search.html?q=respite")
    expect(page.locator("[data-results] .card-title a").first).to_be_visible()
    tab_until(page, "[data-results] .card-title a")
    first = page.locator("[data-results] .card-title a").first
    outline = first.evaluate("a => getComputedStyle(a).backgroundColor")
    assert outline not in ("rgba(0, 0, 0, 0)", "transparent")  # the yellow focus style
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/services/*.html")
    service_url = page.url
    tab_until(page, ".language-switcher a[lang=ur]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ur/services/*.html")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.url.rsplit("/", 1)[-1] == service_url.rsplit("/", 1)[-1]
    page.go_back()
    page.wait_for_url(service_url)
    assert page.get_attribute("html", "lang") == "en"


def test_exit_this_page_with_shift_three_times_leaves_no_way_back(new_context, file_url):
    context = new_context()
    context.route("https://www.example.org/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>"))
    page = context.new_page()
    page.goto(file_url("en/index.html"))
    page.goto(file_url("en/categories/young-carers.html"))
    page.locator("body").click(position={"x": 5, "y": 300})
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.example.org/weather")
    page.go_back()
    page.wait_for_url("**/en/index.html")  # the young carers' page was replaced, not kept


def test_exit_button_works_without_javascript(new_context, file_url):
    context = new_context(java_script_enabled=False)
    context.route("https://www.example.org/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title>"))
    page = context.new_page()
    page.goto(file_url("en/guidance/young-carers.html"))
    page.click("[data-exit-link]")
    page.wait_for_url("https://www.example.org/weather")


@pytest.mark.parametrize("path", ["en/index.html", "ur/services/carers-emergency-card.html",
                                  "en/search.html"])
def test_text_resized_to_200_percent_does_not_scroll_sideways(new_context, file_url, path):
    context = new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(file_url(path))
    page.add_style_tag(content="html { font-size: 200% !important; }")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"{path} is {width}px wide with text at 200%"
