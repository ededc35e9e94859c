"""Real-browser fixtures: the example site built once, Debian's Chromium, a local HTTP server.

Every test here is marked `browser`. Where Chromium, Playwright or axe-core is missing the tests
skip and say how to install them (`make test` installs all three), except under CI=true, where a
skipped browser test fails the run: a green CI must mean the browser tests really ran.

The per-page checks (axe, requests, reflow, target size) run on one page of every page type in
every language: over a hundred pages, several visits each. So that this stays fast on a small
machine, the `audit` fixture makes all those visits once per session, a few pages at a time in
parallel (each visit in a fresh browser context), records what each test needs, and the tests
assert on the record. Each page and setting is still its own test with its own id.
"""

from __future__ import annotations

import collections
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"  # the example catalogue: what users see
TEMPLATES = REPO / "templates"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TODAY = date(2026, 11, 23)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_INSTALL = "run `make test`, which installs it"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Pages whose links start at the site root (/static/style.css): they only work when served, so
# their layout and accessibility are checked over HTTP. Requests are still checked from file://.
SERVED_ONLY = {"not_found"}

PARALLEL = 2  # audit lanes: browser contexts at work at once (a renderer process each)


# --- CI: a skipped browser test is a failure ---------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("browser") is not None
        and os.environ.get("CI") == "true"
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"browser test {item.nodeid} was skipped, and under CI=true browser tests must run, "
            f"not skip.\nSkip reason: {reason}"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """The same for a whole module skipped while it is imported (pytest.importorskip at the top
    of a module in tests/browser), which never reaches pytest_runtest_makereport."""
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and isinstance(collector, pytest.Module)
            and os.environ.get("CI") == "true"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"browser tests in {collector.nodeid} were skipped, and under CI=true browser tests "
            f"must run, not skip.\nSkip reason: {reason}"
        )


# --- which pages: one of every page type in every language -------------------------------------


@functools.cache
def _catalogue():
    from directory.validate import load_catalogue

    catalogue, problems = load_catalogue(CONTENT, TODAY)
    if catalogue is None:
        listing = "\n".join(str(problem) for problem in problems)
        pytest.fail(f"the example catalogue in {CONTENT} has errors:\n{listing}", pytrace=False)
    return catalogue


def _richness(page, catalogue, shared: frozenset[str]) -> int:
    """How much a page shows: its own source's size, or for a term, how many services it lists."""
    if page.kind == "term":
        field = "service_areas" if page.facet == "areas" else page.facet
        return sum(page.subject in getattr(entry.service, field, ())
                   for entry in catalogue.services)
    own = [catalogue.content_dir / name for name in page.files if name not in shared]
    return sum(path.stat().st_size for path in own if path.is_file())


@functools.cache
def sample_pages() -> tuple:
    """One `Page` per (kind, facet, language): every page type in every language.

    Language None is the root language chooser and 404.html. Of the pages of one type the richest
    is taken (the largest source file, or the term listing most services), ties broken by path.
    """
    from directory.plan import plan_site

    catalogue = _catalogue()
    planned = plan_site(catalogue)
    shared = frozenset(next(p for p in planned if p.kind == "languages").inputs)
    groups: dict[tuple, list] = {}
    for page in planned:
        groups.setdefault((page.kind, page.facet, page.language), []).append(page)
    chosen = [min(pages, key=lambda p: (-_richness(p, catalogue, shared), p.path))
              for pages in groups.values()]
    return tuple(sorted(chosen, key=lambda p: p.path))


def service_pages() -> list:
    """The sampled service page of each language, the default language first."""
    default = _catalogue().site.default_language
    pages = [page for page in sample_pages() if page.kind == "service"]
    return sorted(pages, key=lambda page: (page.language != default, page.path))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`sample_page` runs a test once per page type and language; `service_page` and `home_page`
    once per language (with the root language chooser for `home_page`). The path is the id."""
    if "sample_page" in metafunc.fixturenames:
        pages = sample_pages()
        metafunc.parametrize("sample_page", pages, ids=[p.path for p in pages])
    if "home_page" in metafunc.fixturenames:
        pages = [page for page in sample_pages() if page.kind in ("languages", "home")]
        metafunc.parametrize("home_page", pages, ids=[p.path for p in pages])
    if "service_page" in metafunc.fixturenames:
        pages = service_pages()
        metafunc.parametrize("service_page", pages, ids=[p.path for p in pages])


# --- the site, the browser, the server ---------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalogue built once for the session."""
    from directory.pipeline import BuildFailed, build

    out = tmp_path_factory.mktemp("browser") / "site"
    try:
        build(CONTENT, out, TEMPLATES, today=TODAY)
    except BuildFailed as error:
        listing = "\n".join(str(problem) for problem in error.problems)
        pytest.fail(f"building the example catalogue failed ({error.reason}):\n{listing}")
    return out


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE.is_file():
        pytest.skip(f"axe-core is missing ({AXE}): {HOW_TO_INSTALL}, or run `npm ci`")
    return AXE


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for the whole session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip(f"Playwright (Python) is missing: {HOW_TO_INSTALL} "
                    "(or pip install -e '.[test]')")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip(f"Chromium is missing: {HOW_TO_INSTALL} from Debian's packages "
                    "(or sudo apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        except Error as error:
            pytest.fail(f"Chromium at {executable} would not start: {error}")
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Makes fresh browser contexts for one test and closes them after it."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1; yields its origin, http://127.0.0.1:PORT."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def file_url(site: Path):
    """The file:// address of a page of the built site, from its path relative to the root."""
    return lambda path: (site / path).as_uri()


@pytest.fixture(scope="session")
def page_url(file_url, server):
    """Where a page is opened: from file://, or over HTTP for pages that only work served."""
    return lambda page: (f"{server}/{page.path}" if page.kind in SERVED_ONLY
                         else file_url(page.path))


# --- the audit: every sampled page, every setting, in few page loads ---------------------------
#
# Each sampled page is opened once (from file://, or over HTTP for SERVED_ONLY pages) and measured
# at 1280 px, at 320 px, and at 320 px with reduced motion; then axe-core runs in the light and in
# the dark colour scheme. A second tab opens it over HTTP (from file:// for SERVED_ONLY pages) to
# record the requests made that way too. The pages' Content-Security-Policy stays on: axe goes in
# through the DevTools protocol (page.evaluate), which the CSP does not govern.
#
# Speed: the audit works in PARALLEL lanes, each one browser context whose two tabs are reused from
# page to page (a warm renderer loads pages and runs axe about twice as fast as a new one), and
# while axe runs in one lane's page the other lanes load and measure theirs. The pages are only
# read, never clicked or typed into, so sharing a context between them changes nothing they show.
# Tests that interact with a page (keyboard, search, no JavaScript) get a fresh context each.

PURPOSES = ("requests-file", "requests-http", "layout-1280", "layout-320", "layout-320-reduce",
            "axe-light", "axe-dark")


# Measured after the load event, at each width and motion setting.
MEASURE = r"""() => {
    const style = e => getComputedStyle(e);
    const describe = e => e.outerHTML.replace(/\s+/g, ' ').slice(0, 110);
    const root = document.documentElement;

    // Reflow: anything sticking out of the viewport on either side (right-to-left pages too).
    const limit = root.clientWidth;
    const overflowing = [...document.querySelectorAll('body *')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5);
    });
    // Report the outermost offenders, not every descendant of one wide element.
    const outermost = overflowing.filter(e => !overflowing.includes(e.parentElement));

    // Target size, WCAG 2.2 2.5.8: every link and button at least 24 x 24 CSS px, unless it is
    // inline in a sentence: display inline, in a paragraph or list item (its nearest block
    // container) that has text of its own besides the link.
    const targets = [];
    for (const e of document.querySelectorAll('a[href], button')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;  // not rendered
        if (e.classList.contains('skip-link')) continue;  // off-screen until focused, then large
        if (r.width >= 24 && r.height >= 24) continue;
        let block = e.parentElement;
        while (block && style(block).display.startsWith('inline')) block = block.parentElement;
        if (style(e).display === 'inline' && block && ['P', 'LI'].includes(block.tagName)) {
            const other = block.textContent.replace(e.textContent, '');
            if (/[\p{L}\p{N}]/u.test(other)) continue;
        }
        const where = e.closest('main') ? 'main' : e.closest('nav') ? 'nav'
            : (e.closest('header, footer, aside') || {}).localName || 'body';
        targets.push(`${where}: ${describe(e)}: ${r.width.toFixed(1)}×${r.height.toFixed(1)} px,`
                     + ` display ${style(e).display}`);
    }
    const h1 = document.querySelector('main h1');
    return {
        scrollWidth: root.scrollWidth,
        clientWidth: limit,
        overflowing: outermost.slice(0, 6).map(e => {
            const r = e.getBoundingClientRect();
            return `${describe(e)} (from ${r.left.toFixed(0)} to ${r.right.toFixed(0)} px)`;
        }),
        targets,
        h1Visible: !!h1 && h1.getBoundingClientRect().height > 0
                   && style(h1).visibility !== 'hidden',
        media: {
            dark: matchMedia('(prefers-color-scheme: dark)').matches,
            reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
        },
    };
}"""

START_AXE = """tags => {
    window.__axeRun = axe.run(document, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations']})
        .then(results => ({violations: results.violations,
                           dark: matchMedia('(prefers-color-scheme: dark)').matches}),
              error => ({error: String(error)}));
}"""


@dataclass
class Record:
    """What one look at a page saw."""

    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # navigation or script errors
    measures: dict | None = None
    axe: dict | None = None  # {"violations": [...], "dark": bool} or {"error": "..."}
    frozen: bool = False  # stop recording requests


class Audit:
    def __init__(self, browser, file_url, server: str, axe: Path | None):
        self.browser, self.file_url, self.server = browser, file_url, server
        self.axe_source = axe.read_text(encoding="utf-8") + "\n;0" if axe else None
        self.records: dict[tuple[str, str], Record] = {}

    def get(self, page, purpose: str) -> Record:
        if (page.path, purpose) not in self.records:
            self.run([page])
        return self.records[(page.path, purpose)]

    def run(self, pages) -> None:
        """Audit the pages in PARALLEL lanes that take turns whenever one waits for axe."""
        todo = collections.deque(p for p in dict.fromkeys(pages)
                                 if (p.path, "axe-dark") not in self.records)
        lanes = collections.deque(self._lane(todo) for _ in range(min(PARALLEL, len(todo))))
        while lanes:
            lane = lanes.popleft()
            try:
                next(lane)
                lanes.append(lane)
            except StopIteration:
                pass

    def _url(self, page, via: str) -> str:
        return self.file_url(page.path) if via == "file" else f"{self.server}/{page.path}"

    def _lane(self, todo: collections.deque):
        """A generator: audits pages from `todo` until none are left, yielding while axe runs."""
        context = self.browser.new_context()
        context.set_default_timeout(60_000)
        sink: list[Record | None] = [None]  # the record the lane's tabs are writing to now
        tabs: dict[str, object] = {}

        def tab(via: str):
            if via not in tabs or tabs[via].is_closed():
                new = context.new_page()
                new.on("request", lambda request: sink[0] and not sink[0].frozen
                       and sink[0].requests.append(request.url))
                new.on("requestfailed", lambda request: sink[0] and not sink[0].frozen
                       and sink[0].failed.append(f"{request.url} ({request.failure})"))
                new.on("response", lambda response: sink[0] and not sink[0].frozen
                       and response.status >= 400
                       and sink[0].failed.append(f"{response.url} (HTTP {response.status})"))
                new.on("pageerror", lambda error: sink[0]
                       and sink[0].errors.append(f"script error: {error}"))
                tabs[via] = new
            return tabs[via]

        try:
            while todo:
                page = todo.popleft()
                try:
                    yield from self._audit(page, tab, sink)
                except Exception:
                    for open_tab in tabs.values():  # start the next page on clean tabs
                        open_tab.close()
                    tabs.clear()
        finally:
            context.close()

    def _load(self, tab, url: str, record: Record, sink: list, width: int, motion: str):
        sink[0] = record
        tab.set_viewport_size({"width": width, "height": 800})
        tab.emulate_media(color_scheme="light", reduced_motion=motion)
        response = tab.goto(url, wait_until="load")
        if response is not None and not response.ok:
            record.errors.append(f"HTTP {response.status} for {url}")

    def _audit(self, page, tab, sink):
        main_via = "http" if page.kind in SERVED_ONLY else "file"
        other_via = "file" if main_via == "http" else "http"
        main = Record(self._url(page, main_via))
        other = Record(self._url(page, other_via))
        looks = {purpose: Record(main.url) for purpose in PURPOSES}
        try:
            main_tab = tab(main_via)
            self._load(main_tab, main.url, main, sink, 1280, "no-preference")
            looks["layout-1280"].measures = main_tab.evaluate(MEASURE)
            main_tab.set_viewport_size({"width": 320, "height": 800})
            looks["layout-320"].measures = main_tab.evaluate(MEASURE)
            main_tab.emulate_media(reduced_motion="reduce")
            looks["layout-320-reduce"].measures = main_tab.evaluate(MEASURE)
            main_tab.emulate_media(reduced_motion="no-preference")
            main_tab.set_viewport_size({"width": 1280, "height": 800})
            for scheme in ("dark", "light"):  # any resource a colour scheme needs is requested
                main_tab.emulate_media(color_scheme=scheme)
                looks[f"axe-{scheme}"].measures = main_tab.evaluate(MEASURE)
            # The page's own requests end here: axe-core re-reads the stylesheet (to parse it),
            # which is axe's request, not the site's.
            main.frozen = True
            for scheme in ("light", "dark"):
                look = looks[f"axe-{scheme}"]
                if self.axe_source is None:
                    look.axe = {"error": f"axe-core is missing: {AXE}"}
                    continue
                if scheme == "light":
                    main_tab.evaluate(self.axe_source)
                main_tab.emulate_media(color_scheme=scheme)
                main_tab.evaluate(START_AXE, WCAG_TAGS)  # returns at once; axe runs in the page
                yield
                look.axe = main_tab.evaluate("window.__axeRun")
            # The same page the other way (over HTTP, or from disk), narrow, reduced motion.
            self._load(tab(other_via), other.url, other, sink, 320, "reduce")
        except Exception as error:  # recorded; the tests that read this page fail with it
            for record in (main, other):
                record.errors.append(f"{type(error).__name__}: {error}")
            raise
        finally:
            sink[0] = None
            for purpose, look in looks.items():
                source = other if purpose == f"requests-{other_via}" else main
                look.url, look.requests, look.failed = source.url, source.requests, source.failed
                look.errors = source.errors + look.errors
                self.records[(page.path, purpose)] = look


@pytest.fixture(scope="session")
def audit(request: pytest.FixtureRequest, browser, file_url, server) -> Audit:
    """Audits every sampled page the selected tests ask about, up front, in parallel."""
    result = Audit(browser, file_url, server, AXE if AXE.is_file() else None)
    wanted = {item.callspec.params["sample_page"] for item in request.session.items
              if "sample_page" in getattr(getattr(item, "callspec", None), "params", {})}
    result.run(sorted(wanted, key=lambda p: p.path))
    return result
