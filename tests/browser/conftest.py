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
from dataclasses import dataclass
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

PARALLEL = 3  # pages in flight at once in the audit: Chromium runs each context in its own process


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
    own = [catalogue.content_dir / name for name in page.inputs if name not in shared]
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


# --- the audit: every sampled page visited once per setting ------------------------------------


@dataclass(frozen=True)
class Visit:
    """One page opened in a fresh context with one set of browser settings."""

    path: str
    via: str = "file"  # "file" or "http"
    width: int = 1280
    scheme: str = "light"  # prefers-color-scheme
    motion: str = "no-preference"  # prefers-reduced-motion
    axe: bool = False


def visits_for(page) -> dict[str, Visit]:
    """The visits a sampled page gets, by purpose. Tests look theirs up here."""
    via = "http" if page.kind in SERVED_ONLY else "file"
    return {  # several purposes share one visit where the settings agree
        "axe-light": Visit(page.path, via, 1280, "light", axe=True),
        "axe-dark": Visit(page.path, via, 1280, "dark", axe=True),
        "requests-file": Visit(page.path, "file", 1280),
        "requests-http": Visit(page.path, "http", 320, motion="reduce"),
        "layout-1280": Visit(page.path, via, 1280),
        "layout-320": Visit(page.path, via, 320),
        "layout-320-reduce": Visit(page.path, "http", 320, motion="reduce"),
    }


# Measured on every visit, right after the load event.
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
        if (style(e).display === 'inline' && block && ['P', 'LI', 'DD'].includes(block.tagName)) {
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
    window.__axeOutcome = undefined;
    axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
       .then(results => { window.__axeOutcome = {violations: results.violations}; },
             error => { window.__axeOutcome = {error: String(error)}; });
}"""


@dataclass
class Record:
    """What one visit saw."""

    url: str
    requests: list[str]
    failed: list[str]
    errors: list[str]  # navigation or script errors
    measures: dict | None = None
    axe: dict | None = None  # {"violations": [...]} or {"error": "..."}


class Audit:
    def __init__(self, browser, file_url, server: str, axe: Path | None):
        self.browser, self.file_url, self.server, self.axe = browser, file_url, server, axe
        self.records: dict[Visit, Record] = {}

    def url(self, visit: Visit) -> str:
        return self.file_url(visit.path) if visit.via == "file" else f"{self.server}/{visit.path}"

    def get(self, page, purpose: str) -> Record:
        visit = visits_for(page)[purpose]
        if visit not in self.records:
            self.run([visit])
        return self.records[visit]

    def run(self, visits) -> None:
        """Make the visits, PARALLEL at a time: axe runs on while the next pages load."""
        pending = collections.deque(dict.fromkeys(v for v in visits if v not in self.records))
        in_flight: collections.deque = collections.deque()
        while pending or in_flight:
            while pending and len(in_flight) < PARALLEL:
                in_flight.append(self._start(pending.popleft()))
            self._finish(*in_flight.popleft())

    def _start(self, visit: Visit):
        url = self.url(visit)
        record = Record(url, [], [], [])
        context = self.browser.new_context(
            viewport={"width": visit.width, "height": 800}, color_scheme=visit.scheme,
            reduced_motion=visit.motion, bypass_csp=visit.axe)  # CSP would block injected axe
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.on("request", lambda request: record.requests.append(request.url))
        page.on("requestfailed", lambda request: record.failed.append(
            f"{request.url} ({request.failure})"))
        page.on("response", lambda response: response.status >= 400 and record.failed.append(
            f"{response.url} (HTTP {response.status})"))
        page.on("pageerror", lambda error: record.errors.append(f"script error: {error}"))
        try:
            response = page.goto(url, wait_until="load")
            if response is not None and not response.ok:
                record.errors.append(f"HTTP {response.status} for {url}")
            record.measures = page.evaluate(MEASURE)
            if visit.axe and self.axe is not None:
                page.add_script_tag(path=str(self.axe))
                page.evaluate(START_AXE, WCAG_TAGS)  # returns at once; axe runs in the page
        except Exception as error:  # recorded; the tests that read this visit fail with it
            record.errors.append(f"{type(error).__name__}: {error}")
            record.axe = {"error": str(error)}
        return visit, record, context, page

    def _finish(self, visit: Visit, record: Record, context, page) -> None:
        try:
            if visit.axe and self.axe is not None and record.axe is None:
                page.wait_for_function("window.__axeOutcome !== undefined", polling=50,
                                       timeout=120_000)
                record.axe = page.evaluate("window.__axeOutcome")
        except Exception as error:
            record.axe = {"error": f"{type(error).__name__}: {error}"}
        finally:
            context.close()
        self.records[visit] = record


@pytest.fixture(scope="session")
def audit(request: pytest.FixtureRequest, browser, file_url, server) -> Audit:
    """Every visit the selected tests need, made up front, in parallel."""
    result = Audit(browser, file_url, server, AXE if AXE.is_file() else None)
    wanted = {item.callspec.params["sample_page"] for item in request.session.items
              if "sample_page" in getattr(getattr(item, "callspec", None), "params", {})}
    result.run([visit for page in sorted(wanted, key=lambda p: p.path)
                for visit in visits_for(page).values()])
    return result
