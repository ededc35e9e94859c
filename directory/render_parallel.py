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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import markup
from .catalogue import Catalogue
from .edition import WEB, Edition
from .plan import Page
from .render import Renderer

JOBS_VARIABLE = "CATALOGUE_JOBS"
MAX_AUTO_JOBS = 8  # beyond this, writing in the one parent process is the limit
MIN_PARALLEL_PAGES = 200  # below this, starting workers costs more than they save
CHUNK_PAGES = 32  # small enough to share uneven pages (print editions) out, large enough to be cheap


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


def render_pages(catalogue: Catalogue, pages: list[Page], custom_templates: Path | None,
                 today: date, edition: Edition = WEB,
                 jobs: int | None = None) -> Iterator[tuple[Page, str]]:
    """Every page with its HTML, in the order of `pages`, rendered by `jobs` processes."""
    workers = worker_count(jobs, len(pages))
    if workers == 1:
        yield from Renderer(catalogue, custom_templates, today, edition).render_all(pages)
        return
    global _job
    _job = _Job(catalogue, pages, custom_templates, today, edition)
    chunks = [(start, min(start + CHUNK_PAGES, len(pages)))
              for start in range(0, len(pages), CHUNK_PAGES)]
    context = multiprocessing.get_context("fork")
    # Frozen objects are left out of the workers' garbage collections, which would otherwise
    # write to (and so copy) every page of the inherited catalogue; the parent thaws at once.
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_start_worker) as pool:
            gc.unfreeze()
            for (start, _stop), rendered in zip(chunks, pool.imap(_render_chunk, chunks),
                                                strict=True):
                for offset, html in enumerate(rendered):
                    yield pages[start + offset], html
    finally:
        gc.unfreeze()
        _job = None


def _start_worker() -> None:
    """Leave the parent's Markdown disk cache (an open SQLite connection) to the parent: pages
    render no Markdown (it was rendered when the catalogue was loaded), and should one ever need
    to, it renders without the disk cache rather than write through the parent's connection."""
    markup.forget_disk_cache()


def _render_chunk(bounds: tuple[int, int]) -> list[str]:
    global _renderer
    job = _job
    assert job is not None, "render workers are forked after the job is set"
    if _renderer is None:
        _renderer = Renderer(job.catalogue, job.custom_templates, job.today, job.edition)
    start, stop = bounds
    return [_renderer.render(page) for page in job.pages[start:stop]]
