"""Search benchmarks: browser index size, bytes to first result, query latency, typo recall.

    .venv/bin/python bench/search_bench.py [--services 10000] [--seed 1] [--workdir DIR]

For the example catalogue (content/) and a generated catalogue (bench/generate.py, 10,000
services by default, in 6 languages), it builds each site with `directory.pipeline.build` (no
Whoosh search cache) and prints, per language:

- the browser index: files, bytes and gzip bytes of `site/search/<lang>/*.js` (each file gzipped
  on its own, as a web server would send it), and its largest file;
- in Chromium, opening `<lang>/search.html?q=<one word>` from file:// in a fresh context: the
  files requested before the first result is in the page and their total size on disk (the page,
  stylesheet, search.js, meta.js, shards, display block), and the time from navigation start;
- query latency p50/p95 over 52 queries (exact, prefix, typo and two-word), measured three ways:
  `engine cold`: `CCSearch.Engine.search` + `documents` for the top 20, called directly with
      `page.evaluate` in a fresh page, so the first query touching a shard loads it (no debounce);
  `engine warm`: the same queries in the same page after one more unmeasured pass (every
      shard loaded, the JIT warmed up);
  `ui cold`: the real page code path in a fresh page: set the input's value, dispatch `input`,
      then submit the form (the submit handler cancels the 150 ms debounce and searches at
      once), until the first result card (or the "no results" status) is in the DOM;
  `ui warm`: the same in the same page after one more unmeasured pass (index files loaded,
      JIT warm: what is left is ranking, rendering the cards and updating the filter counts);
- Whoosh (`directory.search.whoosh_index.WhooshSearch`, limit 20) p50/p95 for the same queries
  (English only unless `--whoosh-langs` says otherwise: each index takes a while to build);
- English only: whether each typo (respte, dementai, wheelchiar, councelling, benifits) finds its
  target in the top 3, with its rank, in the browser engine and in Whoosh.

Every step prints how long it took. Run it on an otherwise idle machine: the numbers are wall
clock times.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from urllib.parse import quote, unquote, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402

import directory.pipeline as pipeline  # noqa: E402

TEMPLATES = REPO / "templates"
EXAMPLE = REPO / "content"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOP = 20  # results shown on the first page

TYPOS = {"respte": "respite", "dementai": "dementia", "wheelchiar": "wheelchair",
         "councelling": "counselling", "benifits": "benefits"}
# The example's targets for the typos, as in tests/search/relevance.yaml.
EXAMPLE_TARGETS = {"respte": "emergency-respite-service", "dementai": "eastbridge-dementia-cafe",
                   "wheelchiar": "riverside-day-centre", "councelling": "carers-counselling-service",
                   "benifits": "carers-benefits-advice"}

EN_QUERIES = {
    "exact": ["respite", "dementia", "carers", "benefits", "counselling", "wheelchair", "sitting",
              "bereavement", "stroke", "autism", "training", "advocacy", "hospital", "emergency",
              "money", "transport", "library", "interpreter", "young", "parent"],
    "prefix": ["resp", "demen", "bene", "couns", "wheel", "sitt", "bereav", "emerg", "advoc",
               "train"],
    "typo": list(TYPOS) + ["bereavment", "advocasy", "emergancy", "hospitl", "trainning"],
    "two-word": ["young carers", "carers assessment", "short break", "mental health",
                 "power attorney", "emergency card", "day centre", "night sitting", "first aid",
                 "memory cafe", "leaving hospital", "money advice"],
}


# --- small helpers ---------------------------------------------------------------------------

@contextmanager
def step(name: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    print(f"... {name}", flush=True)
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    timings.append((name, elapsed))
    print(f"    {name}: {elapsed:.1f} s", flush=True)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def p50_p95(values: list[float]) -> str:
    return f"{percentile(values, 50):.1f} / {percentile(values, 95):.1f}"


def kib(n: int) -> str:
    return f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MiB"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


# --- queries ---------------------------------------------------------------------------------

def typo_of(word: str, rng: Random) -> str:
    """One edit (swap two neighbouring letters, or drop one), away from the first letters."""
    letters = list(word)
    i = rng.randrange(2, len(letters) - 1)
    if rng.random() < 0.5 and letters[i] != letters[i + 1]:
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        del letters[i]
    return "".join(letters)


def queries_for(lang: str, content: Path) -> dict[str, list[str]]:
    """52 queries: for English the fixed list; otherwise words of that language's text."""
    if lang == "en":
        return EN_QUERIES
    from wordlists import WORDS

    rng = Random(f"queries-{lang}")
    words = [w for w, _ in WORDS.get(lang, [])[10:250] if len(w) >= 4]
    if len(words) < 40:  # a language without a word list: use its taxonomy labels
        words = sorted({w for w in _label_words(content, lang) if len(w) >= 4}) or ["respite"]
    exact = rng.sample(words, min(18, len(words))) + ["respite", "dementia"]  # English on the page
    long_words = [w for w in words if len(w) >= 6] or words
    prefix = [w[:max(3, len(w) // 2)] for w in rng.sample(long_words, min(10, len(long_words)))]
    typo = [typo_of(w, rng) for w in rng.sample(long_words, min(10, len(long_words)))]
    two = [f"{a} {b}" for a, b in zip(rng.sample(words, min(12, len(words))),
                                      rng.sample(words, min(12, len(words))), strict=True)]
    return {"exact": exact, "prefix": prefix, "typo": typo, "two-word": two}


def _label_words(content: Path, lang: str) -> list[str]:
    path = content / f"taxonomy.{lang}.yaml"
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [w.strip("()[],.;:'\"،۔।") for terms in data.values() if isinstance(terms, dict)
            for term in terms.values() if isinstance(term, dict)
            for w in str(term.get("label", "")).split()]


def first_result_query(lang: str, content: Path) -> str:
    """A one-word query: "respite", or the first word of that language's label for respite."""
    if lang == "en":
        return "respite"
    path = content / f"taxonomy.{lang}.yaml"
    if path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        label = ((data.get("categories") or {}).get("respite-and-breaks") or {}).get("label")
        if label:
            return label.split()[0].strip("()[],.;:'\"،۔।")
    return "respite"


# --- index sizes -----------------------------------------------------------------------------

@dataclass
class IndexSize:
    files: int
    raw: int
    gz: int
    largest: tuple[str, int]
    meta: int
    parts: dict[str, int]  # kind of file (vocabulary, postings, display, facets) → bytes


KINDS = {"v": "vocabulary", "p": "postings", "d": "display", "f": "facets"}


def index_size(site: Path, lang: str) -> IndexSize:
    raw = gz = 0
    largest = ("", 0)
    parts = dict.fromkeys(KINDS.values(), 0)
    files = sorted((site / "search" / lang).glob("*.js"))
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=6, mtime=0))
        if len(data) > largest[1]:
            largest = (path.name, len(data))
        kind = KINDS.get(path.name.split("-")[0].split(".")[0])
        if kind:
            parts[kind] += len(data)
    folder = site / "search" / lang
    return IndexSize(len(files), raw, gz, largest, (folder / "meta.js").stat().st_size, parts)


# --- the browser -----------------------------------------------------------------------------

# Installed before the page's own scripts: notes which files the page has asked for at the moment
# the first result card is in the DOM. (Resource Timing has no entries for file:// pages.)
FIRST_RESULT_PROBE = """
(() => {
  // Mutation records arrive in order: files whose tags were added after the first card, in the
  // same task (f.js, for the filter counts), are not needed for the first result: leave them out.
  const observer = new MutationObserver((records) => {
    if (window.__firstResult) return;
    let card = false;
    const late = new Set();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (!card && node.closest('[data-results]') &&
            (node.matches('.card') || node.querySelector('.card'))) card = true;
        else if (card && node.matches('script[src]')) late.add(node.src);
      }
    }
    if (!card) return;
    window.__firstResult = {
      ms: performance.now(),
      files: Array.from(document.querySelectorAll('script[src], link[rel=stylesheet][href]'))
                  .map(e => e.src || e.href).filter(url => !late.has(url)),
      late: Array.from(late),
    };
    observer.disconnect();
  });
  observer.observe(document, {childList: true, subtree: true});
})();
"""

ENGINE_QUERY = """
async (q) => {
  const engine = window.__engine || (window.__engine = new CCSearch.Engine(CCSearch.data.meta));
  const t0 = performance.now();
  return await new Promise(resolve => engine.search(q, {}, (docs) => {
    const ranked = performance.now();
    engine.documents(docs.slice(0, TOP), rows => resolve({
      ms: performance.now() - t0, rankMs: ranked - t0, count: docs.length,
      ids: docs.length ? rows.map(r => r.id) : []}));
  }));
}
""".replace("TOP", str(TOP))

UI_QUERY = """
async (q) => {
  const root = document.querySelector('[data-search]');
  const form = root.querySelector('form');
  const input = form.querySelector('input[name=q]');
  const status = root.querySelector('[data-status]');
  const list = root.querySelector('[data-results]');
  const none = JSON.parse(root.getAttribute('data-messages')).none;
  status.textContent = '';
  list.textContent = '';
  return await new Promise(resolve => {
    const done = () => status.textContent && (list.firstElementChild || status.textContent === none);
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now() - t0); }
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    form.requestSubmit();
  });
}
"""


@dataclass
class BrowserResult:
    first_query: str
    first_files: list[tuple[str, int]]
    first_ms: float
    engine_cold: list[float] = field(default_factory=list)
    engine_warm: list[float] = field(default_factory=list)
    ui: list[float] = field(default_factory=list)
    ui_warm: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    ids: dict[str, list[str]] = field(default_factory=dict)
    ranks: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # typo → (rank, hits)


def _file_size(url: str) -> int:
    path = Path(unquote(urlsplit(url).path))
    return path.stat().st_size if path.is_file() else 0


class Browser:
    def __init__(self):
        from playwright.sync_api import sync_playwright

        executable = shutil.which("chromium")
        if not executable:
            raise SystemExit("Chromium not found (apt-get install chromium, or run `make test`)")
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def _page(self, url: str, probe: bool = False):
        context = self.browser.new_context()
        page = context.new_page()
        if probe:
            page.add_init_script(FIRST_RESULT_PROBE)
        page.goto(url)
        # the pages' CSP forbids eval, which wait_for_function needs: poll with evaluate
        deadline = time.monotonic() + 60
        while not page.evaluate("() => !!(window.CCSearch && CCSearch.data.meta)"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"search did not start on {url}")
            time.sleep(0.01)
        return context, page

    def measure(self, site: Path, lang: str, first: str, queries: list[str],
                typos: dict[str, str]) -> BrowserResult:
        base = (site / lang / "search.html").resolve().as_uri()
        # 1. cold open with a one-word query: what is loaded before the first result appears
        context, page = self._page(f"{base}?q={quote(first)}", probe=True)
        deadline = time.monotonic() + 60
        probe = None
        while probe is None and time.monotonic() < deadline:
            probe = page.evaluate("() => window.__firstResult || null")
            if probe is None:
                time.sleep(0.01)
        if probe is None:
            raise RuntimeError(f"no result for {first!r} on {base}")
        files = [(url, _file_size(url)) for url in [page.url] + probe["files"]]
        result = BrowserResult(first, files, probe["ms"])
        context.close()

        # 2. the engine directly, in a fresh page: cold (shards load as needed), then warm
        context, page = self._page(base)
        for q in queries:
            out = page.evaluate(ENGINE_QUERY, q)
            result.engine_cold.append(out["ms"])
            result.counts[q] = out["count"]
            result.ids[q] = out["ids"]
        for q in queries:  # once more unmeasured, so the JIT has warmed up too
            page.evaluate(ENGINE_QUERY, q)
        for q in queries:
            result.engine_warm.append(page.evaluate(ENGINE_QUERY, q)["ms"])
        for typo, target in typos.items():
            out = page.evaluate(ENGINE_QUERY, typo)
            rank = out["ids"].index(target) + 1 if target in out["ids"] else None
            result.ranks[typo] = (rank, out["count"])
        context.close()

        # 3. the page's own code path, in a fresh page
        context, page = self._page(base)
        for q in queries:
            result.ui.append(page.evaluate(UI_QUERY, q))
        for q in queries:
            page.evaluate(UI_QUERY, q)
        for q in queries:
            result.ui_warm.append(page.evaluate(UI_QUERY, q))
        context.close()
        return result


# --- Whoosh ----------------------------------------------------------------------------------

@dataclass
class WhooshResult:
    build_s: float
    times: list[float]
    ranks: dict[str, tuple[int | None, int]]
    results: dict[str, tuple[int, list[str]]]  # query → (total, top ids)


def whoosh_measure(catalogue, lang: str, cache: Path, queries: list[str],
                   typos: dict[str, str]) -> WhooshResult:
    from directory.search.whoosh_index import WhooshSearch

    started = time.perf_counter()
    engine = WhooshSearch(catalogue, lang, cache)
    build_s = time.perf_counter() - started
    engine.search(queries[0], limit=TOP)  # warm-up: first searcher, OS cache
    times, results = [], {}
    for q in queries:
        t0 = time.perf_counter()
        total, hits = engine.search(q, limit=TOP)
        times.append((time.perf_counter() - t0) * 1000)
        results[q] = (total, [h.id for h in hits])
    ranks = {}
    for typo, target in typos.items():
        total, hits = engine.search(typo, limit=TOP)
        ids = [h.id for h in hits]
        ranks[typo] = (ids.index(target) + 1 if target in ids else None, total)
    return WhooshResult(build_s, times, ranks, results)


# --- one catalogue ---------------------------------------------------------------------------

@contextmanager
def instrumented_build() -> Iterator[dict]:
    """Time the build's stages by wrapping the functions `pipeline.build` calls (in this process
    only; the product is not changed), and keep the catalogue it loaded for Whoosh, so it is not
    loaded and validated a second time."""
    import directory.builders.site as site_builder
    from directory.write import SiteWriter

    stages: dict = {"load and validate": 0.0, "plan": 0.0, "render and write pages": 0.0,
                    "browser index": 0.0, "swap in": 0.0}
    originals = (pipeline.load_catalogue, pipeline.plan_site, pipeline.build_site,
                 site_builder.build_browser_index, SiteWriter.commit)

    def timed(name: str, function, keep: bool = False):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            value = function(*args, **kwargs)
            stages[name] += time.perf_counter() - started
            if keep:
                stages["catalogue"] = value[0]
            return value
        return wrapper

    pipeline.load_catalogue = timed("load and validate", originals[0], keep=True)
    pipeline.plan_site = timed("plan", originals[1])
    pipeline.build_site = timed("render and write pages", originals[2])
    site_builder.build_browser_index = timed("browser index", originals[3])
    SiteWriter.commit = timed("swap in", originals[4])
    try:
        yield stages
    finally:
        (pipeline.load_catalogue, pipeline.plan_site, pipeline.build_site,
         site_builder.build_browser_index, SiteWriter.commit) = originals
    # build_site includes the browser index: report pages alone
    stages["render and write pages"] -= stages["browser index"]


def reindex_site(catalogue, site: Path) -> None:
    """Replace a reused site's browser index and search.js with what the current code builds
    (after changing only search code: a full build of 10,000 services takes ten minutes)."""
    from directory.plan import Paths
    from directory.search.browser_index import build_browser_index

    for lang in catalogue.languages:
        folder = site / Paths.search_index(lang)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        index = build_browser_index(catalogue, lang)
        for name, text in index.files.items():
            (folder / name).write_text(text, encoding="utf-8")
        print(f"    {lang}: {len(index.files):,} files in {time.perf_counter() - started:.1f} s")
    shutil.copyfile(TEMPLATES / "static" / "search.js", site / "static" / "search.js")


def bench_catalogue(label: str, content: Path, work: Path, browser: Browser,
                    timings: list[tuple[str, float]], whoosh_langs: set[str] | None,
                    typo_targets: dict[str, str], saved: Path | None = None,
                    reuse: bool = False, reindex: bool = False) -> None:
    """Build (or, with `reuse`, take the last build and its saved catalogue), then measure."""
    site = work / "site"
    shutil.rmtree(work / "whoosh", ignore_errors=True)  # time a fresh Whoosh index
    if reuse and saved is not None:
        with step(f"{label}: reuse the site built before and load its saved catalogue", timings):
            catalogue = pickle.loads(saved.read_bytes())
        if reindex:
            with step(f"{label}: rebuild the browser index and search.js only", timings):
                reindex_site(catalogue, site)
    else:
        with step(f"{label}: build site (directory.pipeline.build)", timings), \
                instrumented_build() as stages:
            result = pipeline.build(content, site, TEMPLATES)
        print(f"    {result.pages:,} pages, {result.files:,} files, "
              f"{len(result.problems)} warnings, {disk_usage(site) / 2**20:,.0f} MiB on disk")
        print("    of which: " + ", ".join(f"{name} {seconds:.1f} s"
                                          for name, seconds in stages.items() if name != "catalogue"))
        catalogue = stages.pop("catalogue")
        if saved is not None:
            saved.write_bytes(pickle.dumps(catalogue, protocol=pickle.HIGHEST_PROTOCOL))
    languages = list(catalogue.languages)
    sizes = {lang: index_size(site, lang) for lang in languages}

    browser_results: dict[str, BrowserResult] = {}
    whoosh_results: dict[str, WhooshResult] = {}
    all_queries: dict[str, dict[str, list[str]]] = {}
    for lang in languages:
        groups = queries_for(lang, content)
        all_queries[lang] = groups
        flat = [q for qs in groups.values() for q in qs]
        typos = typo_targets if lang == "en" else {}
        with step(f"{label}: Chromium, {lang} ({len(flat)} queries x 6 passes)", timings):
            browser_results[lang] = browser.measure(site, lang, first_result_query(lang, content),
                                                    flat, typos)
        if whoosh_langs is None or lang in whoosh_langs:
            with step(f"{label}: Whoosh, {lang} (index build + {len(flat)} queries)", timings):
                whoosh_results[lang] = whoosh_measure(catalogue, lang, work / "whoosh", flat, typos)

    services = len(catalogue.services)
    print(f"\n=== {label}: {services:,} services, languages {', '.join(languages)} ===\n")
    print("Browser index (site/search/<lang>/*.js; gzip = each file gzipped at level 6)")
    print(table(["lang", "files", "bytes", "gzip", "largest file", "meta.js",
                 *KINDS.values()],
                [[lang, f"{s.files:,}", kib(s.raw), kib(s.gz),
                  f"{s.largest[0]} {kib(s.largest[1])}", kib(s.meta),
                  *(kib(n) for n in s.parts.values())]
                 for lang, s in sizes.items()]))
    print("\nFirst result, cold, from file:// (a fresh browser context opening "
          "<lang>/search.html?q=<word>)")
    rows = []
    for lang, r in browser_results.items():
        index_bytes = sum(size for url, size in r.first_files if "/search/" in url)
        facet_bytes = sum(size for url, size in r.first_files
                          if url.rsplit("/", 1)[-1].startswith("f"))
        blocks = sum(1 for url, _ in r.first_files if url.rsplit("/", 1)[-1].startswith("d-"))
        rows.append([lang, r.first_query, str(len(r.first_files)),
                     kib(sum(size for _, size in r.first_files)), kib(index_bytes),
                     kib(facet_bytes), str(blocks), f"{r.first_ms:,.0f}"])
    print(table(["lang", "query", "files", "bytes loaded", "of which index", "of which facets",
                 "d- blocks", "ms from navigation"], rows))
    for lang, r in browser_results.items():
        if lang == "en":
            print(f"    files for {r.first_query!r} (en): " + ", ".join(
                f"{url.rsplit('/', 1)[-1].split('?')[0]} {kib(size)}" for url, size in r.first_files))
    print(f"\nQuery latency in ms, p50 / p95 ({len(EN_QUERIES['exact'])} exact, "
          f"{len(EN_QUERIES['prefix'])} prefix, {len(EN_QUERIES['typo'])} typo, "
          f"{len(EN_QUERIES['two-word'])} two-word queries per language)")
    rows = []
    for lang, r in browser_results.items():
        w = whoosh_results.get(lang)
        rows.append([lang, p50_p95(r.engine_cold), p50_p95(r.engine_warm), p50_p95(r.ui),
                     p50_p95(r.ui_warm),
                     p50_p95(w.times) if w else "-", f"{w.build_s:.1f}" if w else "-"])
    print(table(["lang", "engine cold", "engine warm", "ui cold", "ui warm", "whoosh",
                 "whoosh index build s"], rows))
    rows = []
    for lang, w in whoosh_results.items():
        r = browser_results[lang]
        same_count = sum(r.counts[q] == w.results[q][0] for q in w.results)
        same_top = sum(r.ids[q] == w.results[q][1] for q in w.results)
        rows.append([lang, str(len(w.results)), str(same_count), str(same_top)])
    if rows:
        print("\nThe two engines compared: queries with the same number of hits, and with the "
              f"same top {TOP} in the same order")
        print(table(["lang", "queries", "same hits", f"same top {TOP}"], rows))
    r = browser_results.get("en")
    if r:
        kinds = all_queries["en"]
        start = 0
        rows = []
        for kind, qs in kinds.items():
            cold = r.engine_cold[start:start + len(qs)]
            warm = r.engine_warm[start:start + len(qs)]
            ui = r.ui[start:start + len(qs)]
            ui_warm = r.ui_warm[start:start + len(qs)]
            w = whoosh_results.get("en")
            wt = w.times[start:start + len(qs)] if w else []
            hits = [r.counts[q] for q in qs]
            rows.append([kind, str(len(qs)), p50_p95(cold), p50_p95(warm), p50_p95(ui),
                         p50_p95(ui_warm),
                         p50_p95(wt) if wt else "-", f"{statistics.median(hits):,.0f}"])
            start += len(qs)
        print("\nEnglish by kind of query (ms, p50 / p95)")
        print(table(["kind", "n", "engine cold", "engine warm", "ui cold", "ui warm", "whoosh",
                     "median hits"], rows))
        slowest = sorted(zip(r.engine_cold, [q for qs in kinds.values() for q in qs],
                             strict=True), reverse=True)[:5]
        print("    slowest cold engine queries (en): "
              + ", ".join(f"{q!r} {ms:.0f} ms ({r.counts[q]:,} hits)" for ms, q in slowest))
        print("\nTypos (English): rank of the target in the top 20 (found = in the top 3)")
        rows = []
        w = whoosh_results.get("en")
        for typo, target in typo_targets.items():
            rank, hits = r.ranks[typo]
            wrank, whits = w.ranks[typo] if w else (None, 0)
            rows.append([typo, target, "yes" if rank and rank <= 3 else "NO",
                         str(rank or "-"), f"{hits:,}",
                         ("yes" if wrank and wrank <= 3 else "NO") if w else "-",
                         str(wrank or "-") if w else "-", f"{whits:,}" if w else "-"])
        print(table(["typo", "target", "browser found", "rank", "hits", "whoosh found", "rank",
                     "hits"], rows))
    print()


def disk_usage(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10_000,
                        help="size of the generated catalogue (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--languages", default="en,bn,gu,pl,so,ur")
    parser.add_argument("--workdir", type=Path,
                        help="keep everything here (default: a temporary folder, deleted)")
    parser.add_argument("--whoosh-langs", default="en",
                        help="languages to time Whoosh in: comma-separated, or 'all' (default en)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --workdir: measure the generated site built by an earlier run "
                        "with the same --services, --seed and --languages, without generating "
                        "and building it again (the product code is not checked: rebuild after "
                        "changing it)")
    parser.add_argument("--reindex", action="store_true",
                        help="with --reuse: rebuild only the browser index and search.js of the "
                        "reused site, with the current code (enough after changing search code)")
    parser.add_argument("--skip-example", action="store_true")
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args(argv)
    whoosh_langs = None if args.whoosh_langs == "all" else set(args.whoosh_langs.split(","))
    if args.reuse and not args.workdir:
        parser.error("--reuse needs --workdir (the folder of an earlier run)")

    timings: list[tuple[str, float]] = []
    started = time.perf_counter()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cc-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}  (cpus: {os.cpu_count()}, load average: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    with step("start Chromium", timings):
        browser = Browser()
    try:
        if not args.skip_example:
            bench_catalogue("example catalogue", EXAMPLE, work / "example", browser, timings,
                            whoosh_langs, EXAMPLE_TARGETS)
        if not args.skip_generated:
            import generate

            folder = work / "generated"
            content = folder / "content"
            params = {"services": args.services, "seed": args.seed, "languages": args.languages}
            stamp, saved = folder / "params.json", folder / "catalogue.pickle"
            reuse = args.reuse and stamp.is_file() and saved.is_file() and \
                (folder / "site").is_dir() and json.loads(stamp.read_text()) == params
            if args.reuse and not reuse:
                print(f"    nothing to reuse in {folder} for {params}: generating and building")
            if not reuse:
                stamp.unlink(missing_ok=True)
                with step(f"generate {args.services:,} services (bench/generate.py)", timings):
                    counts = generate.Generator(args.services, args.languages.split(","),
                                                content, args.seed).run()
                print("    " + ", ".join(f"{n:,} {k}" for k, n in counts.items()))
            targets = {typo: f"typo-target-{word}" for typo, word in TYPOS.items()}
            bench_catalogue(f"generated catalogue ({args.services:,} services)", content,
                            folder, browser, timings, whoosh_langs, targets,
                            saved=saved if args.workdir else None, reuse=reuse,
                            reindex=reuse and args.reindex)
            if args.workdir and not reuse:
                stamp.write_text(json.dumps(params))
    finally:
        browser.close()
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    print("Time per step")
    print(table(["step", "seconds"], [[name, f"{s:.1f}"] for name, s in timings]
                + [["total", f"{total:.1f}"]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
