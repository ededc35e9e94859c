"""Render the planned pages in several processes, giving back the HTML in plan order.

Rendering is most of a cold build and each page depends only on the loaded catalogue, so the
pages are split into contiguous chunks rendered by forked workers: a fork inherits the catalogue
copy-on-write, so nothing but page numbers goes to a worker and only HTML comes back. The parent
yields the pages in plan order whatever order the workers finish in, so the files written (and
`SiteWriter.written`) are the same bytes as from one process; an exception raised while rendering
(a Jinja `TemplateError`) is raised again in the parent for the same page as in one process.

Without `fork` (Windows, macOS' default), in a process that already runs threads (the live-reload
server: forking beside running threads can copy a lock held by one of them), or for a small site,
where starting processes costs more than it saves, pages are rendered in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from . import markup, parse_cache
from .catalogue import Catalogue
from .edition import WEB, Edition
from .plan import Page
from .render import Renderer

JOBS_VARIABLE = "CATALOGUE_JOBS"
MAX_AUTO_JOBS = 8  # beyond this, writing in the one parent process is the limit
MIN_PARALLEL_PAGES = 200  # below this, starting workers costs more than they save
CHUNK_PAGES = 32  # small enough to share uneven pages (print editions) out, large enough to be cheap
PRINT_SERVICES = 6  # services per ordinary page's worth of print edition (measured: see workload)
ALONE_KINDS = frozenset({"print", "print_large"})  # the whole catalogue on one page
AHEAD_CHUNKS = 4  # chunks asked of each worker beyond the one awaited (see render_pages)


@dataclass(frozen=True)
class _Job:
    """What every worker needs, inherited through fork rather than sent."""

    catalogue: Catalogue
    pages: list[Page]
    custom_templates: Path | None
    today: date
    edition: Edition


_job: _Job | None = None  # set in the parent just before forking; read in the workers
_renderer: Renderer | None = None  # one per worker, made on its first chunk


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def requested_jobs(jobs: int | None) -> int | None:
    """`jobs` if given, else `CATALOGUE_JOBS` if set to a positive number, else None (automatic)."""
    if jobs is not None:
        return max(1, jobs)
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    return max(1, int(value)) if value.isdigit() else None


def worker_count(jobs: int | None, page_count: int) -> int:
    """How many processes render `page_count` pages: 1 means this process alone."""
    asked = requested_jobs(jobs)
    if asked is None:
        asked = 1 if page_count < MIN_PARALLEL_PAGES else min(available_cpus(), MAX_AUTO_JOBS)
    if asked > 1 and not can_fork():
        return 1
    return max(1, min(asked, -(-page_count // CHUNK_PAGES)))


def can_fork() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def workload(catalogue: Catalogue, pages: list[Page]) -> int:
    """How much rendering `pages` is, counted in ordinary pages: a print edition shows every
    service, and costs about as much as one ordinary page for every PRINT_SERVICES services.
    An incremental rebuild may render a few dozen pages, two of them print editions per language:
    worth sharing out, as a count of pages would not say."""
    heavy = max(1, len(catalogue.services) // PRINT_SERVICES)
    return sum(heavy if page.kind in ALONE_KINDS else 1 for page in pages)


def render_pages(catalogue: Catalogue, pages: list[Page], custom_templates: Path | None,
                 today: date, edition: Edition = WEB,
                 jobs: int | None = None) -> Iterator[tuple[Page, str]]:
    """Every page with its HTML, in the order of `pages`, rendered by `jobs` processes."""
    workers = worker_count(jobs, workload(catalogue, pages))
    if workers == 1:
        yield from Renderer(catalogue, custom_templates, today, edition).render_all(pages)
        return
    global _job
    _job = _Job(catalogue, pages, custom_templates, today, edition)
    context = multiprocessing.get_context("fork")
    # Frozen objects are left out of the workers' garbage collections, which would otherwise
    # write to (and so copy) every page of the inherited catalogue; the parent thaws at once.
    gc.freeze()
    try:
        with context.Pool(workers, initializer=leave_caches_to_parent) as pool:
            gc.unfreeze()
            # At most AHEAD_CHUNKS chunks per worker are asked for beyond the one awaited:
            # `Pool.imap` would queue every finished chunk in this process while a slow one (a
            # print edition) holds up the order, and a large site's pages would pile up here.
            chunks = iter(chunk_bounds(pages))
            waiting: deque[tuple[int, AsyncResult]] = deque()
            for start, stop in islice(chunks, workers * (1 + AHEAD_CHUNKS)):
                waiting.append((start, pool.apply_async(_render_chunk, ((start, stop),))))
            while waiting:
                start, result = waiting.popleft()
                rendered = result.get()
                del result
                for bounds in islice(chunks, 1):
                    waiting.append((bounds[0], pool.apply_async(_render_chunk, (bounds,))))
                # Each page is let go once written: a chunk can hold pages of many megabytes.
                rendered.reverse()
                number = start
                while rendered:
                    yield pages[number], rendered.pop()
                    number += 1
    finally:
        gc.unfreeze()
        _job = None


def chunk_bounds(pages: list[Page]) -> list[tuple[int, int]]:
    """Contiguous chunks of up to CHUNK_PAGES pages; the print editions of a language (pages of
    ALONE_KINDS: the whole catalogue on one page) are a chunk of their own, so a worker's answer
    holds no other pages beside them, and one worker makes the sections they share."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for number, page in enumerate(pages):
        alone = page.kind in ALONE_KINDS
        previous = pages[number - 1] if number > start else None
        if previous is not None and (alone != (previous.kind in ALONE_KINDS)
                                     or (alone and page.language != previous.language)):
            bounds.append((start, number))
            start = number
        if not alone and number - start + 1 == CHUNK_PAGES:
            bounds.append((start, number + 1))
            start = number + 1
    if start < len(pages):
        bounds.append((start, len(pages)))
    return bounds


def leave_caches_to_parent() -> None:
    """Leave the parent's disk caches (open SQLite connections) to the parent: workers render no
    Markdown and parse no YAML (that was done when the catalogue was loaded), and should one ever
    need to, it works without the caches rather than write through the parent's connections."""
    markup.forget_disk_cache()
    parse_cache.forget_disk_cache()


def _render_chunk(bounds: tuple[int, int]) -> list[str]:
    global _renderer
    job = _job
    assert job is not None, "render workers are forked after the job is set"
    if _renderer is None:
        _renderer = Renderer(job.catalogue, job.custom_templates, job.today, job.edition)
    start, stop = bounds
    chunk = job.pages[start:stop]
    rendered = [_renderer.render(page) for page in chunk]
    if any(page.kind in ALONE_KINDS for page in chunk):
        # The sections the print editions share are kept as long as their language's view
        # builder (print_edition.sections): a worker would hold the whole catalogue, as printed,
        # for every language it printed. A view builder keeps nothing else: start a fresh one.
        for page in chunk:
            _renderer.views.pop(page.language or "", None)
    return rendered
