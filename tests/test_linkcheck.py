"""The external link checker, against a local test server: never the internet.

The server on 127.0.0.1 answers each path the way real sites do (fine, moved, missing, failing,
refusing HEAD, hanging); the catalogue is the fixture with those addresses written into it.
Every test runs with name lookup limited to 127.0.0.1, so a stray request to a real host fails.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from shutil import copytree

import pytest
import support
from link_server import LinkServer

from directory import linkcheck, linkcheck_http, validate
from directory.linkcheck import LinkUse
from directory.linkcheck_http import Fetcher

TIMEOUT = 0.5  # seconds: short, so the hanging path costs little


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only 127.0.0.1 may be reached, and no proxy from the environment is used."""
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):  # noqa: ANN001, ANN202 - socket's signature
        if host not in ("127.0.0.1", b"127.0.0.1"):
            raise socket.gaierror(socket.EAI_NONAME, f"test: no internet ({host})")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[LinkServer]:
    httpd = LinkServer()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd
    finally:
        httpd.release.set()  # a hanging request answers now
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        assert not thread.is_alive()


PATHS = ["/ok", "/moved", "/temporary", "/gone", "/error", "/flaky", "/no-head", "/hang"]


def catalogue_with(tmp_path: Path, base: str, paths: list[str], *, extra: str = ""):
    """The fixture catalogue, with the service's description linking to each path and its
    website set to the first one."""
    content = support.Content(tmp_path / "content")
    copytree(support.FIXTURE, content.root)
    lines = "\n".join(f"  - [link {i}]({base}{path})" for i, path in enumerate(paths))
    content.replace("services/sitting-service.yaml",
                    "  Sitters visit in the evening and at weekends. Pay with a direct payment.\n",
                    "  Sitters visit in the evening and at weekends.\n\n"
                    f"{lines}\n{extra}")
    content.replace("services/sitting-service.yaml", "    - number: 020 7946 0456\n",
                    f"    - number: 020 7946 0456\n  website: {base}{paths[0]}\n")
    catalogue, problems = validate.load_catalogue(content.root, support.TODAY)
    assert catalogue is not None, [p.format() for p in problems]
    return catalogue, content


def local(server: LinkServer):
    return lambda url: url.startswith(server.url)


def run(catalogue, tmp_path: Path, server: LinkServer, **options) -> linkcheck.LinkCheck:
    options = {"timeout": TIMEOUT, "retries": 2, "backoff": 0.01, "only": local(server),
               "max_age": timedelta(days=7), **options}
    return linkcheck.check_links(catalogue, tmp_path / "cache" / "links.json", **options)


def by_path(check: linkcheck.LinkCheck, server: LinkServer) -> dict[str, linkcheck.LinkResult]:
    return {result.url.removeprefix(server.url): result for result in check.results}


# --- collecting links --------------------------------------------------------------------

def test_links_are_collected_with_the_line_and_column_they_are_written_at(tmp_path, server):
    catalogue, content = catalogue_with(tmp_path, server.url, ["/ok", "/gone"],
                                        extra=f"\n  Again: [x]({server.url}/gone).\n")
    uses = linkcheck.collect_links(catalogue)
    service = content.path("services/sitting-service.yaml")
    lines = content.read("services/sitting-service.yaml").splitlines()
    gone = uses[server.url + "/gone"]
    assert [(u.path, u.line, u.column) for u in gone] == [(service, 10, 14), (service, 12, 14)]
    assert lines[gone[0].line - 1][gone[0].column - 1:].startswith(server.url + "/gone)")
    website_line = next(i for i, line in enumerate(lines, 1) if "website:" in line)
    assert {(u.line, u.column) for u in uses[server.url + "/ok"]} == {(9, 14), (website_line, 12)}
    site = content.path("site.yaml")
    assert LinkUse(site, 49, 8) in uses["https://www.example.org/weather"]  # exit page
    assert LinkUse(site, 39, 12) in uses["https://www.example.org/emergency-card"]
    assert "https://carers.example.org/" not in uses  # base_url is the site itself


def test_links_in_guidance_point_past_the_front_matter(tmp_path, server):
    catalogue, content = catalogue_with(tmp_path, server.url, ["/ok"])
    page = content.path("pages/en/about.md")
    text = content.read("pages/en/about.md")
    content.write("pages/en/about.md",
                  text + f"\nSee [the council]({server.url}/page#contact) or <{server.url}/auto>.\n")
    catalogue, _ = validate.load_catalogue(content.root, support.TODAY)
    uses = linkcheck.collect_links(catalogue)
    line = len(text.splitlines()) + 2
    assert uses[server.url + "/page"] == [LinkUse(page, line, 19)]  # the #fragment is not fetched
    assert uses[server.url + "/auto"][0].line == line



# --- outcomes ----------------------------------------------------------------------------

def test_each_kind_of_answer_gets_the_outcome_and_message_editors_need(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, PATHS)
    started = time.monotonic()
    check = run(catalogue, tmp_path, server)
    elapsed = time.monotonic() - started
    results = by_path(check, server)
    assert {path: r.outcome for path, r in results.items()} == {
        "/ok": "ok", "/moved": "redirected", "/temporary": "ok", "/gone": "broken",
        "/error": "broken", "/flaky": "ok", "/no-head": "ok", "/hang": "broken"}
    assert (results["/ok"].status, results["/ok"].message) == (200, "200 OK")
    assert results["/moved"].status == 301
    assert results["/moved"].location == server.url + "/final"
    assert results["/temporary"].location == server.url + "/final?session=1"
    assert (results["/gone"].status, results["/gone"].message) == (404, "404 Not Found")
    assert results["/error"].message == "500 Internal Server Error"
    assert results["/hang"].status is None
    assert results["/hang"].message == f"timed out after {TIMEOUT:g} s"
    assert [r.url for r in check.results] == sorted(r.url for r in check.results)
    assert check.checked == len(PATHS) and check.from_cache == 0
    # The hang costs two timeouts (a timeout is retried once), in parallel with the rest.
    assert elapsed < 2 * TIMEOUT + 1.5
    assert server.count("/hang") == 2


def test_head_refused_falls_back_to_get(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/no-head"])
    run(catalogue, tmp_path, server)
    assert server.requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_server_errors_are_retried_until_the_page_answers(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/flaky"])
    check = run(catalogue, tmp_path, server)
    assert check.results[0].outcome == "ok"
    # First try: HEAD 500, GET 500; second try: HEAD 200.
    assert server.requests == [("HEAD", "/flaky"), ("GET", "/flaky"), ("HEAD", "/flaky")]


def test_a_persistent_server_error_is_broken_after_the_retries(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/error"])
    check = run(catalogue, tmp_path, server, retries=1)
    assert check.results[0].outcome == "broken"
    assert Counter(server.requests) == {("HEAD", "/error"): 2, ("GET", "/error"): 2}


def test_a_missing_page_is_not_retried(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/gone"])
    run(catalogue, tmp_path, server)
    assert server.requests == [("HEAD", "/gone"), ("GET", "/gone")]


def test_a_site_that_asks_us_to_slow_down_is_not_called_broken_nor_cached(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/busy"])
    first = run(catalogue, tmp_path, server, retries=1)
    assert (first.results[0].outcome, first.results[0].status) == ("ok", 429)
    assert "not checked" in first.results[0].message and first.problems() == []
    assert server.count("/busy") == 4  # HEAD and GET, tried twice
    assert run(catalogue, tmp_path, server, retries=0).checked == 1


def test_redirect_chains_and_loops(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/moved-relative-chain", "/loop"])
    results = by_path(run(catalogue, tmp_path, server), server)
    chain = results["/moved-relative-chain"]
    assert (chain.outcome, chain.status, chain.location) == ("redirected", 308,
                                                             server.url + "/final")
    assert results["/loop"].outcome == "broken"
    assert results["/loop"].message.startswith("redirect loop")


def test_nothing_answering_is_broken_with_a_plain_reason(tmp_path, server):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens on this port now
    base = f"http://127.0.0.1:{port}"
    catalogue, _ = catalogue_with(tmp_path, base, ["/x"])
    check = linkcheck.check_links(catalogue, tmp_path / "links.json", timedelta(days=1),
                                  timeout=TIMEOUT, retries=1, backoff=0.01,
                                  only=lambda url: url.startswith(base))
    assert (check.results[0].outcome, check.results[0].message) == ("broken",
                                                                    "connection refused")


def test_requests_say_who_is_asking(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok"])
    run(catalogue, tmp_path, server)
    assert server.agents == {"Mozilla/5.0 (compatible; community-catalogue link checker; "
                             "+https://carers.example.org/)"}


def test_only_the_chosen_links_are_fetched_and_real_hosts_never_are(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok"])
    check = run(catalogue, tmp_path, server)
    assert [r.url for r in check.results] == [server.url + "/ok"]
    # Without the filter the fixture's example.org links are tried, and the test's guard
    # (name lookup limited to 127.0.0.1) answers "host not found" without any network.
    unfiltered = run(catalogue, tmp_path, server, only=None, max_age=timedelta(0))
    example = [r for r in unfiltered.results if "example.org" in r.url]
    assert example and {(r.outcome, r.message) for r in example} == {("broken",
                                                                       "host not found")}


# --- problems ----------------------------------------------------------------------------

def test_problems_are_warnings_at_every_line_that_holds_the_link(tmp_path, server, monkeypatch):
    monkeypatch.chdir(tmp_path)
    catalogue, content = catalogue_with(tmp_path, server.url, ["/gone", "/moved", "/ok"])
    check = run(catalogue, tmp_path, server)
    problems = [p.format() for p in check.problems()]
    lines = content.read("services/sitting-service.yaml").splitlines()
    website_line = next(i for i, line in enumerate(lines, 1) if "website:" in line)
    path = "content/services/sitting-service.yaml"
    assert problems == [
        f"{path}:9:14: warning: link broken: {server.url}/gone (404 Not Found)",
        f"{path}:10:14: warning: link redirects: {server.url}/moved → {server.url}/final (301): "
        "update it",
        f"{path}:{website_line}:12: warning: link broken: {server.url}/gone (404 Not Found)",
    ]
    assert check.problems(linkcheck.collect_links(catalogue)) == check.problems()


# --- the cache ---------------------------------------------------------------------------

def test_a_second_run_within_max_age_asks_no_server(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok", "/moved", "/temporary"])
    first = run(catalogue, tmp_path, server)
    asked = len(server.requests)
    cache = tmp_path / "cache" / "links.json"
    written = cache.read_bytes()
    second = run(catalogue, tmp_path, server, max_age=timedelta(days=7))
    assert len(server.requests) == asked
    assert cache.read_bytes() == written  # the same results, the same bytes
    assert (second.checked, second.from_cache) == (0, 3)
    assert second.results == first.results
    assert first.summary() == "Checked 3 links: 0 broken, 1 redirected."
    assert second.summary() == "Checked 3 links (3 from the cache): 0 broken, 1 redirected."


def test_results_older_than_max_age_are_checked_again(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok"])
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    first = run(catalogue, tmp_path, server, now=now)
    assert first.results[0].checked_at.startswith("2026-11-23T09:0")
    fresh = run(catalogue, tmp_path, server, now=now + timedelta(days=6, hours=23))
    assert fresh.from_cache == 1 and len(server.requests) == 1
    stale = run(catalogue, tmp_path, server, now=now + timedelta(days=7, minutes=1))
    assert (stale.checked, stale.from_cache) == (1, 0) and len(server.requests) == 2
    assert stale.results[0].checked_at.startswith("2026-11-30T09:0")


def test_broken_links_are_always_checked_again(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok", "/gone"])
    run(catalogue, tmp_path, server)
    second = run(catalogue, tmp_path, server)
    assert (second.checked, second.from_cache) == (1, 1)
    assert server.count("/gone") == 4 and server.count("/ok") == 1


def test_the_cache_file_is_stable_and_feeds_the_dashboard(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok", "/gone"])
    cache = tmp_path / "cache" / "links.json"
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    check = run(catalogue, tmp_path, server, now=now, max_age=timedelta(0))
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [item["url"] for item in data["results"]] == [server.url + "/gone", server.url + "/ok"]
    assert linkcheck.last_results(cache) == check.results
    assert list(cache.parent.iterdir()) == [cache]  # no temporary file left behind
    assert linkcheck.last_results(tmp_path / "never.json") == []
    cache.write_text("{not json", encoding="utf-8")
    assert linkcheck.last_results(cache) == []
    assert run(catalogue, tmp_path, server).checked == 2  # a damaged cache is an empty one


def test_links_no_longer_published_leave_the_cache(tmp_path, server):
    catalogue, _ = catalogue_with(tmp_path, server.url, ["/ok", "/final"])
    run(catalogue, tmp_path, server)
    catalogue, _ = catalogue_with(tmp_path / "again", server.url, ["/ok"])
    run(catalogue, tmp_path, server)
    urls = [r.url for r in linkcheck.last_results(tmp_path / "cache" / "links.json")]
    assert urls == [server.url + "/ok"]


# --- concurrency and time limits -------------------------------------------------------

def test_requests_run_concurrently_but_never_too_many_at_one_host(tmp_path, server):
    paths = [f"/ok/slow/{i}" for i in range(12)]
    catalogue, _ = catalogue_with(tmp_path, server.url, paths)
    started = time.monotonic()
    check = run(catalogue, tmp_path, server, concurrency=8, per_host=3)
    elapsed = time.monotonic() - started
    assert {r.outcome for r in check.results} == {"ok"}
    assert server.most_active == 3
    assert elapsed < 12 * 0.1  # faster than one at a time


def test_a_request_that_never_ends_is_cut_at_the_timeout(server):
    """A total limit: the server accepts, then says nothing at all."""
    fetcher = Fetcher(TIMEOUT, "test", proxies={})
    started = time.monotonic()
    with pytest.raises(linkcheck_http.FetchError, match="timed out after 0.5 s"):
        fetcher.request("HEAD", server.url + "/hang")
    assert time.monotonic() - started < TIMEOUT + 0.5


def test_a_server_that_trickles_its_answer_is_cut_at_the_timeout():
    """Socket timeouts restart with every byte; our limit is for the whole request."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(1024)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
                if stop.wait(0.1):
                    return
                connection.sendall(bytes([byte]))

    thread = threading.Thread(target=trickle)
    thread.start()
    try:
        fetcher = Fetcher(TIMEOUT, "test", proxies={})
        started = time.monotonic()
        with pytest.raises(linkcheck_http.FetchError, match="timed out"):
            fetcher.request("GET", f"http://127.0.0.1:{listener.getsockname()[1]}/")
        assert time.monotonic() - started < TIMEOUT + 0.5
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_an_http_proxy_from_the_environment_is_used(tmp_path, server, monkeypatch):
    monkeypatch.setenv("http_proxy", server.url)
    catalogue, _ = catalogue_with(tmp_path, "http://directory.invalid", ["/ok"])
    check = linkcheck.check_links(catalogue, tmp_path / "links.json", timedelta(days=1),
                                  timeout=TIMEOUT, only=lambda url: ".invalid" in url)
    assert check.results[0].outcome == "ok"
    assert server.requests == [("HEAD", "http://directory.invalid/ok")]


# --- the --links-max-age option ----------------------------------------------------------

@pytest.mark.parametrize(("text", "age"), [
    ("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("30m", timedelta(minutes=30)),
    ("7", timedelta(days=7)), ("0", timedelta(0)), ("0.5", timedelta(hours=12))])
def test_max_age_is_written_in_days_hours_or_minutes(text, age):
    assert linkcheck.parse_max_age(text) == age


@pytest.mark.parametrize("text", ["", "week", "-1d", "7w", "nan", "inf"])
def test_a_max_age_that_is_not_an_age_is_refused(text):
    with pytest.raises(ValueError, match="is not an age"):
        linkcheck.parse_max_age(text)



# --- the command ---------------------------------------------------------------------------

def test_check_links_command_reports_located_warnings_and_strict_fails(tmp_path, server,
                                                                       monkeypatch):
    from click.testing import CliRunner

    from directory import cli

    _, content = catalogue_with(tmp_path, server.url, ["/ok", "/gone", "/moved"])
    real = linkcheck.check_links
    monkeypatch.setattr(cli.linkcheck, "check_links", lambda *args, **kwargs: real(
        *args, **kwargs, timeout=TIMEOUT, backoff=0.01, only=local(server)))
    arguments = ["check", "--content", str(content.root), "--links",
                 "--cache", str(tmp_path / "cache")]
    result = CliRunner().invoke(cli.main, arguments)
    assert result.exit_code == 0, result.output
    service = str(content.path("services/sitting-service.yaml"))
    assert f"{service}:" in result.stderr
    assert f"warning: link broken: {server.url}/gone (404 Not Found)" in result.stderr
    assert f"warning: link redirects: {server.url}/moved → {server.url}/final (301)" \
        in result.stderr
    assert (tmp_path / "cache" / "links.json").is_file()
    strict = CliRunner().invoke(cli.main, [*arguments, "--strict"])
    assert strict.exit_code == 1
    assert "link broken" in strict.stderr
