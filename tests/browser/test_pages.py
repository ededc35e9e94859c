"""The built example site in Chromium: privacy, keyboard, target size, reflow, no JavaScript, HTTP.

Most tests run on one page of every page type in every language (the `sample_page` fixture), so a
new page type or language is covered without editing this file.
"""

from __future__ import annotations

import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SERVED_ONLY = {"not_found"}  # as in conftest.py: pages that only work served (root-relative links)


# --- no request leaves the site -----------------------------------------------------------------


@pytest.mark.parametrize("via", ["file", "http"])
def test_no_request_leaves_the_site(sample_page, via, audit, server):
    record = audit.get(sample_page, f"requests-{via}")
    assert not record.errors, f"{record.url}: {record.errors}"
    allowed = ("file://", "data:") if via == "file" else (f"{server}/", "data:")
    assert record.requests, f"{record.url}: no request recorded at all"
    outside = [url for url in record.requests if not url.startswith(allowed)]
    assert not outside, f"{sample_page.path} ({via}) made requests off the site: {outside}"
    if not (via == "file" and sample_page.kind in SERVED_ONLY):
        broken = [entry for entry in record.failed if "/favicon.ico" not in entry]
        assert not broken, f"{sample_page.path} ({via}): requests that failed: {broken}"


# Attributes that make a browser fetch something. <link rel=canonical|alternate> only name the
# page's public address and are never fetched, so they may (must) point at base_url.
FETCHING = {"src", "srcset", "data", "poster", "background", "formaction", "action"}
NOT_FETCHED_LINKS = {"canonical", "alternate"}


class _ResourceParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in FETCHING:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] \
                    if name == "srcset" else [value]
                self.resources += [(tag, name, url) for url in urls if url]
            if name == "style" and "url(" in value:
                self.resources += [(tag, "style", url)
                                   for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", value)]
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if not rels & NOT_FETCHED_LINKS:
                self.resources.append((tag, "href", values.get("href", "")))


def _off_site(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "data":
        return False
    return bool(parts.scheme or parts.netloc)  # absolute or protocol-relative: somewhere else


def test_no_markup_or_css_points_off_site(site: Path):
    """Every built page (not just a sample): no <script src>, <link href>, <img src>... off-site."""
    offenders = []
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no pages built in {site}"
    for path in pages:
        parser = _ResourceParser()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(site)}: <{tag} {attribute}={url!r}>"
                      for tag, attribute, url in parser.resources if _off_site(url)]
    for path in sorted(site.rglob("*.css")):
        for url in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])([^'\")\s]+)",
                              path.read_text(encoding="utf-8")):
            if _off_site(url):
                offenders.append(f"{path.relative_to(site)}: {url}")
    assert not offenders, "resources loaded from off the site:\n" + "\n".join(offenders)


# --- keyboard --------------------------------------------------------------------------------


def test_skip_link_is_first_and_moves_focus_into_main(service_page, new_context, file_url):
    page = new_context().new_page()
    page.goto(file_url(service_page.path))
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const e = document.activeElement, r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {cls: e.className, text: e.textContent.trim(), href: e.getAttribute('href'),
                visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                         && r.bottom <= innerHeight && r.right <= innerWidth,
                onTop: hit === e || e.contains(hit)};
    }""")
    assert "skip-link" in focused["cls"], f"first Tab focused {focused}, not the skip link"
    assert focused["href"] == "#main"
    assert focused["visible"] and focused["onTop"], f"focused skip link is not visible: {focused}"
    page.keyboard.press("Enter")
    inside = page.evaluate("document.activeElement.closest('main') !== null")
    assert inside, "Enter on the skip link did not move focus into <main>"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), \
        "the Tab after the skip link left <main>: focus did not really move there"


def test_urgent_help_link_reaches_the_panel_in_one_activation(
        service_page, new_context, file_url):
    page = new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(file_url(service_page.path))
    for _ in range(20):  # reach the link by keyboard, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('urgent-link')"):
            break
    else:
        pytest.fail("the 'Urgent help' link was not reached within 20 Tabs")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#urgent-help"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#urgent-help'")
    panel = page.evaluate("""() => {
        const r = document.getElementById('urgent-help').getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: innerHeight};
    }""")
    assert -1 <= panel["top"] < panel["height"], \
        f"the urgent-help panel is not scrolled into view: {panel}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#urgent-help') !== null"), (
        "after activating 'Urgent help' the next Tab does not go into the urgent-help panel")


FOCUSABLE = ("a[href], button, input, select, textarea, summary, "
             "[tabindex]:not([tabindex='-1'])")
FOCUS_STYLE = """e => {
    const s = getComputedStyle(e);
    return {background: s.backgroundColor, outline: s.outlineStyle === 'none'
            || parseFloat(s.outlineWidth) === 0 ? 'none'
            : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            shadow: s.boxShadow};
}"""


def test_focused_links_have_a_visible_focus_style(service_page, new_context, file_url):
    page = new_context().new_page()
    page.goto(file_url(service_page.path))
    unfocused = page.evaluate(f"""() => {{
        const style = {FOCUS_STYLE};
        return [...document.querySelectorAll("{FOCUSABLE}")].map((e, i) => {{
            e.dataset.focusIndex = i;
            return style(e);
        }});
    }}""")
    assert unfocused, "no focusable elements on the page"
    seen, missing = set(), []
    for _ in range(len(unfocused) + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(f"""() => {{
            const e = document.activeElement;
            if (!e || e === document.body || e.dataset.focusIndex === undefined) return null;
            return {{index: +e.dataset.focusIndex, style: ({FOCUS_STYLE})(e),
                     label: e.outerHTML.slice(0, 120),
                     focusVisible: e.matches(':focus-visible')}};
        }}""")
        if state is None or state["index"] in seen:
            if seen:
                break
            continue
        seen.add(state["index"])
        before, after = unfocused[state["index"]], state["style"]
        changed = (before["background"] != after["background"]
                   or (after["outline"] != "none" and not after["outline"].endswith(
                       "rgba(0, 0, 0, 0)") and before["outline"] != after["outline"])
                   or before["shadow"] != after["shadow"])
        if not (state["focusVisible"] and changed):
            missing.append(f"{state['label']}: unfocused {before}, focused {after}")
    assert len(seen) > 10, f"only {len(seen)} elements reached by Tab"
    assert not missing, "focused elements without a visible focus style:\n" + "\n".join(missing)


# --- target size, reflow, reduced motion, forced colours -----------------------------------


@pytest.mark.parametrize("width", [320, 1280])
def test_targets_are_at_least_24px_or_inline_in_text(sample_page, width, audit):
    """WCAG 2.2, 2.5.8: links and buttons (in main, nav and everywhere else) are at least
    24 x 24 CSS px, unless inline in a sentence. The rule is measured in conftest.MEASURE."""
    record = audit.get(sample_page, f"layout-{width}")
    assert not record.errors, f"{record.url}: {record.errors}"
    offenders = record.measures["targets"]
    assert not offenders, (f"{sample_page.path} at {width} px: links or buttons smaller than "
                           "24×24 CSS px and not inline in text:\n" + "\n".join(offenders))


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_reflows_at_320px(sample_page, motion, audit):
    """WCAG 1.4.10: no horizontal scrolling at 320 CSS px, with or without reduced motion."""
    record = audit.get(sample_page, "layout-320" if motion == "no-preference"
                       else "layout-320-reduce")
    assert not record.errors, f"{record.url}: {record.errors}"
    measures = record.measures
    assert measures["media"]["reduce"] == (motion == "reduce"), "reduced motion not emulated"
    assert measures["clientWidth"] == 320
    assert measures["scrollWidth"] <= 320, (
        f"{sample_page.path} scrolls sideways at 320 px (scrollWidth {measures['scrollWidth']});"
        f" too wide:\n" + "\n".join(measures["overflowing"]))
    assert measures["h1Visible"], f"{sample_page.path}: no visible <h1> in <main>"


def test_skip_link_shows_on_focus_in_forced_colours(service_page, new_context, file_url):
    page = new_context().new_page()
    page.emulate_media(forced_colors="active", reduced_motion="reduce")
    page.goto(file_url(service_page.path))
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    box = page.locator("a.skip-link").bounding_box()
    assert box is None or box["y"] + box["height"] <= 0, f"skip link shown before focus: {box}"
    page.keyboard.press("Tab")
    state = page.evaluate("""() => {
        const e = document.activeElement, r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const s = getComputedStyle(e);
        return {skip: e.classList.contains('skip-link'), top: r.top, bottom: r.bottom,
                width: r.width, onTop: hit === e || e.contains(hit),
                outline: `${s.outlineStyle} ${s.outlineWidth}`, color: s.color};
    }""")
    assert state["skip"], "first Tab did not focus the skip link in forced colours"
    assert state["width"] > 0 and state["top"] >= 0 and state["bottom"] <= 720 \
        and state["onTop"], f"skip link not visible on focus in forced colours: {state}"
    assert not state["outline"].startswith("none"), \
        f"no outline on the focused skip link in forced colours: {state}"


# --- without JavaScript --------------------------------------------------------------------


def test_home_to_category_to_service_without_javascript(new_context, file_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(file_url("index.html"))
    page.locator("ul.language-list a").first.click()
    page.wait_for_url(re.compile(r"/[a-z-]+/index\.html$"))
    assert page.locator("main h1").is_visible()

    category = page.locator("section[aria-labelledby='start-help'] ul.link-list a").first
    name = category.text_content().strip()
    category.click()
    page.wait_for_url(re.compile(r"/categories/[a-z0-9-]+\.html$"))
    assert page.locator("main h1").text_content().strip() == name

    service = page.locator("main .card-title a").first
    name = service.text_content().strip()
    service.click()
    page.wait_for_url(re.compile(r"/services/[a-z0-9-]+\.html$"))
    assert page.locator("main h1").text_content().strip() == name
    assert page.locator("#contact").is_visible()


# --- served over HTTP -----------------------------------------------------------------------


class _LinkParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # the local server only
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_served_home_page_loads_and_its_links_resolve(home_page, new_context, server):
    """The language chooser and each language's home page, fetched through the local server."""
    path = home_page.path
    page = new_context().new_page()
    response = page.goto(f"{server}/{path}")
    assert response is not None and response.status == 200
    assert page.locator("main h1").is_visible()

    home = f"{server}/{path}"
    status, text = _fetch(home)
    assert status == 200
    parser = _LinkParser()
    parser.feed(text)
    internal = sorted({urllib.parse.urljoin(home, href) for href in parser.hrefs
                       if urllib.parse.urljoin(home, href).startswith(f"{server}/")})
    assert internal, f"no internal links on {path}"
    problems = []
    for url in internal:
        target, _, fragment = url.partition("#")
        status, body = _fetch(target)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        if fragment:
            ids = _LinkParser()
            ids.feed(body)
            if fragment not in ids.ids:
                problems.append(f"{url}: no element with id {fragment!r}")
    assert not problems, f"broken links on {path}:\n" + "\n".join(problems)
