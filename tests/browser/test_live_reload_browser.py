"""Live reload in a real browser: an open page follows the editor's saves, and a mistake shows
over the page as an accessible dialog until it is fixed."""

from __future__ import annotations

import re

import pytest
from test_live_reload import NEW_NAME, OLD_NAME, PAGE, SOURCE, live_server

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: run make test").expect

WAIT = 20_000  # ms: a rebuild of the fixture catalogue takes well under a second when idle
BAD_CATEGORY = "<b>respite</b>"  # an error whose message quotes markup: shown as text, not HTML


def test_open_page_reloads_on_save_and_shows_problems_over_the_page(new_context, tmp_path):
    with live_server(tmp_path) as served:
        page = new_context().new_page()
        errors: list[str] = []
        page.on("console", lambda message: message.type == "error"
                and "favicon.ico" not in (message.location or {}).get("url", "")
                and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("response", lambda response: response.status >= 400
                and not response.url.endswith("/favicon.ico")  # the site has none: not ours
                and errors.append(f"HTTP {response.status}: {response.url}"))
        page.goto(f"{served.base}/{PAGE}")
        heading = page.locator("main h1")
        expect(heading).to_have_text(OLD_NAME)

        served.content.replace(SOURCE, f"name: {OLD_NAME}", f"name: {NEW_NAME}")
        expect(heading).to_have_text(NEW_NAME, timeout=WAIT)

        served.content.replace(SOURCE, "categories: [respite]", f"categories: ['{BAD_CATEGORY}']")
        dialog = page.get_by_role("alertdialog", name="The site could not be rebuilt")
        expect(dialog).to_be_visible(timeout=WAIT)
        expect(dialog).to_contain_text(re.compile(
            r"sitting-service\.yaml:\d+:\d+: error: unknown category '<b>respite</b>'"))
        assert dialog.locator("b").count() == 0, "a message was inserted as HTML"
        expect(dialog.get_by_role("button", name="Dismiss")).to_be_focused()
        expect(heading).to_have_text(NEW_NAME)  # the last good page stays underneath
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()

        served.content.replace(SOURCE, f"categories: ['{BAD_CATEGORY}']", "categories: [respite]")
        served.content.replace(SOURCE, f"name: {NEW_NAME}", "name: Weekend sitting service")
        expect(heading).to_have_text("Weekend sitting service", timeout=WAIT)
        expect(page.get_by_role("alertdialog")).to_have_count(0)
        assert errors == [], "script or Content-Security-Policy errors in the page"
