"""The shortlist in Chromium, opened from disk (file://) as a library copy is.

Chromium keeps one localStorage for every file:// page, so a service saved on one page is on the
shortlist of every other page of the copy; these tests depend on that and would catch a change.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

SERVICE = "en/services/carers-emergency-card.html"  # translated into every language
A_TO_Z = "en/services/index.html"
SHORTLIST = "en/shortlist.html"


def _save_button(page):
    return page.locator("main [data-save-button]")


def _names(page) -> list[str]:
    page.wait_for_selector("[data-list] .shortlist-item")
    return [name.strip() for name in page.locator("[data-list] [data-name]").all_text_contents()]


@pytest.fixture
def saved_two(new_context, file_url):
    """A visitor who saved one service on its own page and another from the A to Z list."""
    context = new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(file_url(SERVICE))
    button = _save_button(page)
    assert button.count() == 1, "a service page has exactly one Save button"
    assert button.get_attribute("aria-pressed") == "false"
    first = page.locator("main h1").inner_text().strip()
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text().startswith("Saved")
    page.wait_for_function("() => [...document.querySelectorAll('[role=status]')]"
                           ".some(e => /shortlist: 1/.test(e.textContent))")
    assert page.locator("[data-shortlist-link]").inner_text() == "Shortlist (1)"

    page.goto(file_url(A_TO_Z))
    card = page.locator(".card").filter(has_not=page.locator("[aria-pressed=true]")).nth(0)
    second = card.locator(".card-title").inner_text().strip()
    assert second != first
    card.locator("[data-save-button]").click()
    assert page.locator("[data-shortlist-link]").inner_text() == "Shortlist (2)"
    saved = page.locator(".card [aria-pressed=true]").count()
    assert saved == 2, f"the A to Z list shows {saved} services as saved, not the 2 saved ones"
    yield page, [first, second], errors
    assert not errors, f"script errors: {errors}"


def test_services_saved_on_two_pages_are_both_on_the_shortlist(saved_two, file_url):
    page, names, _ = saved_two
    page.locator("[data-shortlist-link]").click()
    assert page.url.endswith(SHORTLIST)
    assert _names(page) == names
    first = page.locator("[data-list] .shortlist-item").first
    assert first.locator("[data-fact=phones] a[href^='tel:']").count() >= 1, \
        "the shortlist shows no phone number for the carers' emergency card"
    assert page.locator("[data-without-script]").is_hidden()


def test_remove_moves_focus_to_the_next_service_then_the_heading(saved_two):
    page, names, _ = saved_two
    page.locator("[data-shortlist-link]").click()
    _names(page)
    page.locator("[data-list] [data-remove]").first.click()
    page.wait_for_function("document.querySelectorAll('[data-list] .shortlist-item').length === 1")
    assert _names(page) == names[1:]
    focused = page.evaluate("document.activeElement.closest('.shortlist-item')"
                            "?.querySelector('[data-name]').textContent")
    assert focused == names[1], "after Remove, focus did not move to the next service"
    page.keyboard.press("Enter")  # the focused Remove button, by keyboard
    page.wait_for_selector("[data-list] .shortlist-item", state="detached")
    assert page.evaluate("document.activeElement.matches('h1')"), \
        "after removing the last service, focus did not move to the heading"
    assert page.locator("[data-empty]").is_visible()
    assert page.locator("[data-shortlist-link]").inner_text() == "Shortlist (0)"


def test_the_language_switch_keeps_the_shortlist(saved_two):
    page, names, _ = saved_two
    page.locator("[data-shortlist-link]").click()
    _names(page)
    page.locator(".language-switcher a[lang=bn]").click()
    assert page.url.endswith("bn/shortlist.html")
    page.wait_for_selector("[data-list] .shortlist-item")
    assert page.locator("[data-list] .shortlist-item").count() == 2
    bengali = page.locator("[data-list] [data-name]").first
    assert bengali.get_attribute("lang") is None, "the emergency card's name is translated"
    assert bengali.inner_text().strip() != names[0]
    assert re.search(r"\(২\)", page.locator("[data-shortlist-link]").inner_text()), \
        "the header counter is not in Bengali digits"


def test_a_shared_link_shows_that_list_in_a_fresh_browser(saved_two, new_context, file_url):
    page, names, _ = saved_two
    page.locator("[data-shortlist-link]").click()
    _names(page)
    link = page.locator("[data-share-link]").input_value()
    assert link.startswith("https://carers.example.org/en/shortlist.html?ids="), \
        f"from disk the share link should be the public address, not a file path: {link}"
    ids = parse_qs(urlsplit(link).query)["ids"][0].split(",")
    assert len(ids) == 2

    fresh = new_context().new_page()  # someone else's browser: an empty shortlist
    fresh.goto(file_url(SHORTLIST) + "?ids=" + ",".join(ids + ["no-such-service"]))
    assert _names(fresh) == names
    assert fresh.locator("[data-list] [data-remove]").count() == 0
    assert "no longer in the directory: 1" in fresh.locator("[data-missing-note]").inner_text()
    assert fresh.locator("[data-shortlist-link]").inner_text() == "Shortlist (0)"
    bengali = fresh.locator(".language-switcher a[lang=bn]").get_attribute("href")
    assert bengali.endswith("shortlist.html?ids=" + ",".join(ids)), \
        f"the language switch loses the shared list: {bengali}"
    fresh.get_by_role("button", name="Save these to my shortlist").click()
    fresh.wait_for_function(
        "document.querySelector('[data-shortlist-link]').textContent === 'Shortlist (2)'")
    assert fresh.locator("[data-list] [data-remove]").count() == 2

    hashed = new_context().new_page()  # where a query string is lost, the hash carries the ids
    hashed.goto(file_url(SHORTLIST) + "#ids=" + ids[0])
    assert _names(hashed) == names[:1]


def test_print_preview_is_the_list_without_chrome(saved_two):
    page, names, _ = saved_two
    page.locator("[data-shortlist-link]").click()
    _names(page)
    page.emulate_media(media="print")
    for chrome in (".site-header", ".site-nav", ".site-footer", "#urgent-help", ".breadcrumbs",
                   ".exit-this-page", ".shortlist-actions", ".shortlist-share", "[data-remove]"):
        shown = [e for e in page.locator(chrome).all() if e.is_visible()]
        assert not shown, f"{chrome} is printed on the shortlist"
    items = page.locator("[data-list] .shortlist-item")
    heights = [items.nth(i).bounding_box()["height"] for i in range(items.count())]
    assert all(0 < h < 160 for h in heights), f"printed services are not compact: {heights} px"
    assert page.locator(".print-only").is_visible(), "the printout does not say where it is from"
    page.emulate_media(media="screen")
    assert page.locator(".site-header").is_visible()


def test_search_results_get_save_buttons(new_context, file_url):
    page = new_context().new_page()
    page.goto(file_url("en/search.html") + "#respite")
    page.wait_for_selector("[data-results] .card [data-save-button]")
    button = page.locator("[data-results] .card [data-save-button]").first
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator("[data-shortlist-link]").inner_text() == "Shortlist (1)"


def test_without_javascript_no_save_button_and_the_page_explains(new_context, file_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(file_url(SERVICE))
    assert page.locator("button", has_text="Save").count() == 0
    assert page.locator("[data-shortlist-nav]").is_hidden()
    page.goto(file_url(SHORTLIST))
    assert page.locator("[data-without-script]").is_visible()
    assert "needs JavaScript" in page.locator("[data-without-script]").inner_text()
    assert page.locator("[data-with-script]").is_hidden()
    assert page.locator("a", has_text="All services A to Z").first.is_visible()


def test_the_script_finds_each_service_in_the_shard_python_wrote_it_to(site, new_context,
                                                                       file_url):
    from directory.shortlist import shard_of

    ids = sorted(p.stem for p in (site / "en" / "services").glob("*.html") if p.stem != "index")
    page = new_context().new_page()
    page.goto(file_url(SHORTLIST))
    for total in (1, 64, 256):
        in_script = page.evaluate("([ids, total]) => ids.map(id => CCShortlist.shard(id, total))",
                                  [ids, total])
        assert in_script == [shard_of(i, total) for i in ids], f"shards differ at {total}"


def test_a_filled_shortlist_passes_axe(saved_two, axe_path):
    from conftest import WCAG_TAGS

    page, _, _ = saved_two
    page.locator("[data-shortlist-link]").click()
    _names(page)
    page.evaluate(axe_path.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']}).then(r => r.violations.map(v => "
                           "v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
                           WCAG_TAGS)
    assert result == [], f"axe on the filled shortlist: {result}"
