"""Real-browser fixtures: the example site built once, Debian's Chromium, a local HTTP server.

Every test here is marked `browser`. Where Chromium, Playwright or axe-core is missing the tests
skip and say how to install them (`make test` installs all three), except under CI=true, where a
skipped browser test fails the run: a green CI must mean the browser tests really ran.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
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
        return sum(page.subject in getattr(entry.service, field) for entry in catalogue.services)
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


@pytest.fixture(scope="session")
def service_path() -> str:
    """The sampled service page, for tests of the page furniture (skip link, header, focus)."""
    return next(page.path for page in sample_pages() if page.kind == "service")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for `sample_page` runs once per page type, with the page path as its id."""
    if "sample_page" in metafunc.fixturenames:
        pages = sample_pages()
        metafunc.parametrize("sample_page", pages, ids=[p.path for p in pages])


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
        pytest.skip(f"axe-core is missing ({AXE}): {HOW_TO_INSTALL} (npm ci), or run `npm ci`")
    return AXE


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for the whole session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright (Python) is missing: "
                    f"{HOW_TO_INSTALL} (pip install -e '.[test]')")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip(f"Chromium is missing: {HOW_TO_INSTALL} from Debian's packages, "
                    "or `sudo apt-get install chromium`")
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
        context.set_default_timeout(10_000)
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
