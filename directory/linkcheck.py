"""External link checking for `catalogue check --links`: are the addresses we publish alive?

Directories die when their links break and nobody notices. This checks every http(s) address
the catalogue publishes (`linkcheck_collect`), concurrently, and reports each broken or moved
one as a *warning* at every line that holds it: the site still builds (an unreachable charity
website is not our content error), and `--strict` turns them into failures.

How an address is judged (following what mature checkers do: lychee and LinkChecker follow
redirects and judge the final answer; LinkChecker warns on redirects, which users find noisy
for temporary ones such as login or language redirects):
- HEAD first, then GET when HEAD answers with an error (many servers refuse HEAD);
- redirects are followed (at most 5). Any *permanent* hop (301, 308) makes the link
  "redirected": it works, but the editor should write the new address before the old one
  goes. Temporary redirects (302, 303, 307) are "ok": the address written is the right one;
- a final 2xx is "ok"; 4xx and 5xx are "broken", as are timeouts, refused connections,
  unknown hosts and certificate problems;
- timeouts, connection errors, 5xx and 429 are tried again (`retries` times, with a short
  doubling pause; a timeout only once, as each costs the whole `timeout`). A 429 that persists
  is "ok" with a note: the site asked us to slow down and said nothing about the page;
- at most `concurrency` requests at once, and at most `per_host` to any one host.

Results are cached in a JSON file (`.cache/links.json` by the command), so a daily check does
not ask every server every time: an "ok" or "redirected" result younger than `max_age` is
reused. Broken results are always checked again, so a fixed link or a site that was briefly
down clears at the next run. The file also feeds the editors' dashboard (`last_results`).
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from .catalogue import Catalogue
from .linkcheck_collect import Links, LinkUse, collect_links
from .linkcheck_http import PERMANENT, Fetcher, Trace, follow
from .problems import Problem, ProblemList
from .write import write_atomically

__all__ = ["LinkCheck", "LinkResult", "LinkUse", "check_links", "collect_links", "last_results",
           "parse_max_age"]

CACHE_VERSION = 1
MAX_RETRY_AFTER = 10.0  # seconds: a longer Retry-After is not waited for
MAX_TIMEOUT_RETRIES = 1  # a timeout costs the whole `timeout`, and is seldom cured by a third try
Outcome = str  # "ok" | "redirected" | "broken"


@dataclass(frozen=True)
class LinkResult:
    url: str
    outcome: Outcome  # "ok", "redirected" or "broken"
    status: int | None  # the status that decided: 200, 301 (redirected), 404...; None: no answer
    location: str | None  # the final address after redirects; None when not redirected
    message: str  # for people: "404 Not Found", "timed out after 10 s", "connection refused"
    checked_at: str  # ISO 8601 UTC, e.g. 2026-11-23T09:30:00Z

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def reusable(self) -> bool:
        """Worth keeping for `max_age`: not broken, and not a 429 that said nothing."""
        return self.outcome in ("ok", "redirected") and self.status != 429


@dataclass
class LinkCheck:
    results: list[LinkResult]  # sorted by URL
    checked: int  # asked over the network this run
    from_cache: int  # reused from the cache
    uses: Links = field(default_factory=dict)

    @property
    def broken(self) -> list[LinkResult]:
        return [r for r in self.results if r.outcome == "broken"]

    @property
    def redirected(self) -> list[LinkResult]:
        return [r for r in self.results if r.outcome == "redirected"]

    def summary(self) -> str:
        """One line for the command's output: `Checked 60 links (58 from the cache): ...`."""
        total = len(self.results)
        counts = [f"{len(self.broken)} broken", f"{len(self.redirected)} redirected"]
        cached = f" ({self.from_cache} from the cache)" if self.from_cache else ""
        return f"Checked {total} link{'s' * (total != 1)}{cached}: {', '.join(counts)}."

    def problems(self, uses: Links | None = None) -> list[Problem]:
        """A warning per place each broken or redirected address is written."""
        uses = self.uses if uses is None else uses
        found = ProblemList()
        for result in self.results:
            message = problem_message(result)
            if message is None:
                continue
            for use in uses.get(result.url, []):
                found.warning(use.path, use.line, use.column, message)
        return found.sorted()


def problem_message(result: LinkResult) -> str | None:
    if result.outcome == "broken":
        return f"link broken: {result.url} ({result.message})"
    if result.outcome == "redirected":
        return f"link redirects: {result.url} → {result.location} ({result.status}): update it"
    return None


# --- judging one address --------------------------------------------------------------------

def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def judge(trace: Trace, checked_at: str) -> LinkResult:
    """Turn what the server said into an outcome (see the module docstring for the rules)."""
    url, hops = trace.url, trace.hops
    location = trace.final_url if hops else None
    via = f" (after redirects to {trace.final_url})" if hops else ""
    if trace.error is not None:
        return LinkResult(url, "broken", None, location, trace.error + via, checked_at)
    answer = trace.answer
    assert answer is not None
    # The standard phrase, not the server's own words (which may be anything, of any length).
    text = f"{answer.status} {_reason(answer.status) or answer.reason[:60]}".strip()
    if answer.status == 429:
        return LinkResult(url, "ok", 429, location, f"{text}: the site asked us to slow down, "
                          "so the link was not checked", checked_at)
    if answer.status >= 400 or answer.status < 200 or (300 <= answer.status < 400
                                                        and not answer.location):
        return LinkResult(url, "broken", answer.status, location, text + via, checked_at)
    permanent = next((status for status, _ in hops if status in PERMANENT), None)
    if permanent is not None:
        return LinkResult(url, "redirected", permanent, location,
                          f"{permanent} {_reason(permanent)} → {location} ({text})", checked_at)
    if hops:
        return LinkResult(url, "ok", answer.status, location,
                          f"{text} after a temporary redirect to {location}", checked_at)
    return LinkResult(url, "ok", answer.status, None, text, checked_at)


def _check_one(fetcher: Fetcher, url: str, retries: int, backoff: float,
               clock: Callable[[], datetime]) -> LinkResult:
    attempt = timeouts = 0
    while True:
        trace = follow(fetcher, url)
        timeouts += trace.timed_out
        if not trace.retry or attempt >= retries or timeouts > MAX_TIMEOUT_RETRIES:
            return judge(trace, iso(clock()))
        pause = backoff * 2 ** attempt
        if trace.answer is not None and trace.answer.retry_after:
            try:
                pause = max(pause, min(float(trace.answer.retry_after), MAX_RETRY_AFTER))
            except ValueError:
                pass  # an HTTP date: keep our own pause
        time.sleep(pause)
        attempt += 1


def _spread_hosts(urls: list[str]) -> list[str]:
    """Round-robin over hosts, so the workers are not all queued on one host's limit."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    queues = [by_host[host] for host in sorted(by_host)]
    return [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]


# --- the cache ---------------------------------------------------------------------------

def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _read_cache(cache_file: Path) -> dict[str, LinkResult]:
    """Cached results by URL; a missing, unreadable or older-format file is an empty cache."""
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION:
            return {}
        results = [LinkResult(**item) for item in data["results"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    return {result.url: result for result in results}


def _write_cache(cache_file: Path, results: list[LinkResult]) -> None:
    """Atomically (a half-written cache never replaces a good one), in a stable order."""
    data = {"version": CACHE_VERSION,
            "results": [r.as_dict() for r in sorted(results, key=lambda r: r.url)]}
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomically(cache_file, text)


def last_results(cache_file: Path) -> list[LinkResult]:
    """The results of the last link check, sorted by URL (empty if it never ran)."""
    return sorted(_read_cache(cache_file).values(), key=lambda r: r.url)


def _fresh(result: LinkResult, now: datetime, max_age: timedelta) -> bool:
    if not result.reusable:
        return False
    try:
        checked = datetime.fromisoformat(result.checked_at)
    except ValueError:
        return False
    if checked.tzinfo is None:
        checked = checked.replace(tzinfo=UTC)
    return timedelta(0) <= now - checked < max_age


# --- the check ---------------------------------------------------------------------------

def user_agent(catalogue: Catalogue) -> str:
    """Says who is asking and where to find out more, as polite crawlers do."""
    return f"Mozilla/5.0 (compatible; community-catalogue link checker; +{catalogue.site.base_url})"


def check_links(catalogue: Catalogue, cache_file: Path, max_age: timedelta, *,
                timeout: float = 10, retries: int = 2, concurrency: int = 16, per_host: int = 4,
                backoff: float = 1.0, only: Callable[[str], bool] | None = None,
                now: datetime | None = None) -> LinkCheck:
    """Check every address the catalogue publishes (or those `only` accepts), reusing cached
    results younger than `max_age`, and update the cache.

    `timeout` is the limit in seconds for each whole request (connection, sending, headers);
    `retries` how many more tries a failing address gets, `backoff` the first pause between
    them (doubling); `concurrency` and `per_host` bound requests in flight overall and per host.
    """
    start = now.astimezone(UTC) if now is not None else datetime.now(UTC)
    offset = start - datetime.now(UTC)  # a given `now` moves the clock, for tests

    def clock() -> datetime:
        return datetime.now(UTC) + offset

    uses = collect_links(catalogue)
    urls = sorted(url for url in uses if only is None or only(url))
    cached = _read_cache(cache_file)
    reused = {url: cached[url] for url in urls if url in cached and _fresh(cached[url], start,
                                                                             max_age)}
    pending = _spread_hosts([url for url in urls if url not in reused])
    fetcher = Fetcher(timeout, user_agent(catalogue), per_host=per_host)
    fetched: list[LinkResult] = []
    if pending:
        with ThreadPoolExecutor(max_workers=max(1, concurrency),
                                thread_name_prefix="linkcheck") as pool:
            fetched = list(pool.map(lambda url: _check_one(fetcher, url, retries, backoff, clock),
                                    pending))
    results = sorted([*reused.values(), *fetched], key=lambda r: r.url)
    # Keep what this run did not look at (filtered out), drop addresses no longer published.
    kept = {url: r for url, r in cached.items() if url in uses and url not in urls}
    _write_cache(cache_file, [*kept.values(), *results])
    return LinkCheck(results, len(fetched), len(reused), uses)


def parse_max_age(text: str) -> timedelta:
    """`7d`, `12h`, `30m` or a plain number of days (`7`, `0.5`); `0` re-checks everything."""
    value = text.strip().lower()
    units = {"d": "days", "h": "hours", "m": "minutes"}
    unit = units.get(value[-1:], None)
    number = value[:-1] if unit else value
    try:
        amount = float(number)
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount) or amount < 0 or amount > 3650:
        raise ValueError(f"{text!r} is not an age: write e.g. 7d, 12h, 30m or a number of days")
    return timedelta(**{unit or "days": amount})
