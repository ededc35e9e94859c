"""Search in a real browser, opened from disk: results as you type, filters, history, privacy,
and the relevance suite run against the browser index."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is missing: run make test").expect

CASES = yaml.safe_load((Path(__file__).parent.parent / "search" / "relevance.yaml")
                       .read_text(encoding="utf-8"))


def _query_string(case: dict) -> str:
    from urllib.parse import urlencode

    pairs = [("q", case["q"])] if case["q"] else []
    for key, values in sorted((case.get("filters") or {}).items()):
        pairs += [(key, value) for value in values]
    return urlencode(pairs)


# Waits use locators (Playwright's own isolated world): the pages' Content-Security-Policy
# forbids eval, which wait_for_function needs.

def _wait_for_results(page) -> None:
    expect(page.locator("[data-status]")).not_to_have_text(re.compile(r"^\s*$"))


def _top(page, count: int = 3) -> list[str]:
    if "No " not in (page.text_content("[data-status]") or ""):
        expect(page.locator("[data-results] .card-title a").first).to_be_visible()
    hrefs = page.eval_on_selector_all("[data-results] .card-title a",
                                      "els => els.map(e => e.getAttribute('href'))")
    return [href.rsplit("/", 1)[-1].removesuffix(".html") for href in hrefs[:count]]


def _found(page) -> int:
    """The number of results the status announces (0 for "No services found")."""
    match = re.search(r"[\d,]+", page.text_content("[data-status]") or "")
    return int(match.group().replace(",", "")) if match else 0


def test_relevance_suite_in_the_browser(new_context, file_url, tmp_path):
    """Every case of tests/search/relevance.yaml finds its services in the top 3, and the
    browser finds exactly what Whoosh finds: the same number of services, the same top 3."""
    from conftest import _catalogue

    from directory.search.whoosh_index import WhooshSearch

    context = new_context()
    page = context.new_page()
    engines: dict[str, WhooshSearch] = {}
    failures, disagreements = [], []
    for case in CASES:
        page.goto(file_url(f"{case['lang']}/search.html") + "?" + _query_string(case))
        _wait_for_results(page)
        top = _top(page)
        label = f"{case['lang']} {case['q']!r} {case.get('filters') or ''}"
        if not all(expected in top for expected in case["expect"]):
            failures.append(f"{label}: top 3 {top}, expected {case['expect']}")
        engine = engines.get(case["lang"]) or engines.setdefault(
            case["lang"], WhooshSearch(_catalogue(), case["lang"], tmp_path))
        total, hits = engine.search(case["q"], case.get("filters"), limit=3)
        if (_found(page), top) != (total, [hit.id for hit in hits]):
            disagreements.append(f"{label}: browser {_found(page)} found, top 3 {top}; "
                                 f"Whoosh {total}, top 3 {[hit.id for hit in hits]}")
    passed = len(CASES) - len(failures)
    print(f"\nbrowser relevance: {passed} of {len(CASES)} cases pass; "
          f"{len(CASES) - len(disagreements)} of {len(CASES)} agree with Whoosh")
    assert not failures, "\n".join(failures)
    assert not disagreements, "\n".join(disagreements)


def test_type_and_see_results_from_disk_without_any_request_leaving(new_context, file_url):
    context = new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(file_url("en/search.html"))
    page.fill("#search-query", "respte")
    _wait_for_results(page)
    status = page.text_content("[data-status]")
    assert "services found" in status
    assert page.get_attribute("[data-status]", "aria-live") == "polite"
    assert _top(page, 1) == ["emergency-respite-service"]
    assert parse_qs(urlsplit(page.url).query)["q"] == ["respte"]
    assert requests and all(url.startswith("file://") for url in requests), requests
    loaded = [url.rsplit("/", 1)[-1] for url in requests if "/search/en/" in url]
    assert "meta.js" in loaded
    # only what the query needs: meta.js (with the example's small vocabulary), the postings of
    # the stems it matched and display blocks; no facet data for a plain search
    assert {u[:2] for u in loaded} == {"me", "p-", "d-"}, loaded


def test_a_large_vocabulary_loads_by_first_letter(new_context, site, tmp_path, monkeypatch):
    """A catalogue whose vocabulary is too big for meta.js gets one file per first letter: a
    query loads only its words' (and their synonyms') letters, and finds the same services."""
    import shutil

    from conftest import _catalogue

    from directory.search import browser_index

    copy = tmp_path / "site"
    for part in ("en", "static"):
        shutil.copytree(site / part, copy / part)
    monkeypatch.setattr(browser_index, "VOCABULARY_INLINE", 0)
    folder = copy / "search" / "en"
    folder.mkdir(parents=True)
    for name, text in browser_index.build_browser_index(_catalogue(), "en").files.items():
        (folder / name).write_text(text, encoding="utf-8")
    context = new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url.rsplit("/", 1)[-1]))
    page.goto((copy / "en" / "search.html").as_uri() + "?q=money+help")
    _wait_for_results(page)
    assert "carers-money-advice-line" in _top(page)
    synonyms = {f"v-{ord(c):x}.js" for c in "mhbafg"}  # money, help; benefits, allowance, ...
    loaded = {u for u in requests if u.startswith("v-")}
    assert {f"v-{ord('m'):x}.js", f"v-{ord('h'):x}.js"} <= loaded <= synonyms


def test_filter_and_back_button_restore_state(new_context, file_url):
    context = new_context()
    page = context.new_page()
    page.goto(file_url("en/search.html") + "?q=dementia")
    _wait_for_results(page)
    first = page.text_content("[data-status]")
    page.click("summary")  # open the filters
    page.check("input[name=day][value=saturday]")
    expect(page.locator("[data-status]")).not_to_have_text(first)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["dementia"], "day": ["saturday"]}
    assert _top(page, 1) == ["eastbridge-dementia-cafe"]
    found = int(re.search(r"\d+", page.text_content("[data-status]")).group())
    count = page.locator("input[name=day][value=saturday] ~ [data-count]")
    expect(count).to_have_text(f"({found})")  # counts follow the current results
    page.go_back()
    expect(page.locator("[data-status]")).to_have_text(first)
    assert not page.is_checked("input[name=day][value=saturday]")
    assert page.input_value("#search-query") == "dementia"


def test_browsing_by_facet_with_an_empty_query(new_context, file_url):
    context = new_context()
    page = context.new_page()
    page.goto(file_url("en/search.html") + "?cost=free&when=weekends")
    _wait_for_results(page)
    assert "services found" in page.text_content("[data-status]")
    assert page.is_checked("input[name=cost][value=free]")
    assert len(_top(page, 5)) >= 1


def test_header_search_form_reaches_results(new_context, file_url):
    context = new_context()
    page = context.new_page()
    page.goto(file_url("ur/services/carers-emergency-card.html"))
    page.fill("#header-query", "ڈیمنشیا")
    page.press("#header-query", "Enter")
    page.wait_for_url("**/ur/search.html?q=*")
    _wait_for_results(page)
    assert "eastbridge-dementia-cafe" in _top(page)


def test_without_javascript_the_search_page_offers_lists(new_context, file_url):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(file_url("en/search.html") + "?q=respite")
    links = page.eval_on_selector_all(".browse a", "els => els.map(e => e.getAttribute('href'))")
    assert "categories/index.html" in links and "services/index.html" in links
    page.click(".browse a[href='categories/index.html']")
    assert page.url.endswith("/en/categories/index.html")
