"""Make groups of derived files (the search index of each language) in forked workers.

Each language's browser search index analyses every service's text on its own, so the languages
can be indexed side by side: a forked worker inherits the catalogue, makes one group's files and
sends them back; the parent writes them in the groups' own order, so the site is the same bytes
as when one process makes them all. Small catalogues, and processes where forking is unsafe (see
render_parallel), make the groups in this process, writing straight to the site.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator
from typing import Protocol

from . import render_parallel
from .render_parallel import available_cpus, leave_caches_to_parent, requested_jobs

MIN_PARALLEL_SERVICES = 200  # below this, starting workers costs more than indexing takes


class FileSink(Protocol):
    """Where a group writes: the site (`SiteWriter`) or, in a worker, a `Collector`."""

    def write(self, relative: str, data: str | bytes) -> None: ...


Group = tuple[str, Callable[[FileSink], None]]  # a name, and what writes the group's files


class Collector:
    """Stands in for `SiteWriter` in a worker: keeps what a group writes, to send back."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str | bytes]] = []

    def write(self, relative: str, data: str | bytes) -> None:
        self.files.append((relative, data))


_groups: list[Group] | None = None  # set in the parent just before forking; read in the workers


def group_workers(jobs: int | None, groups: int, services: int) -> int:
    asked = requested_jobs(jobs)
    if asked is None:
        asked = 1 if services < MIN_PARALLEL_SERVICES else available_cpus()
    if asked > 1 and not render_parallel.can_fork():  # one rule, looked up when asked
        return 1
    return max(1, min(asked, groups))


def make_groups(groups: list[Group], jobs: int | None, services: int
                ) -> Iterator[tuple[str, list[tuple[str, str | bytes]] | None]]:
    """Each group's name with its files, in order; None instead of files when the caller is to
    make the group itself (one process: no need to hold its files in memory)."""
    workers = group_workers(jobs, len(groups), services)
    if workers == 1:
        for name, _ in groups:
            yield name, None
        return
    global _groups
    _groups = groups
    context = multiprocessing.get_context("fork")
    gc.freeze()  # as in render_parallel: workers' collections must not copy the catalogue
    try:
        with context.Pool(workers, initializer=leave_caches_to_parent) as pool:
            gc.unfreeze()
            for (name, _), files in zip(groups, pool.imap(_make, range(len(groups))),
                                        strict=True):
                yield name, files
    finally:
        gc.unfreeze()
        _groups = None


def _make(number: int) -> list[tuple[str, str | bytes]]:
    assert _groups is not None, "group workers are forked after the groups are set"
    collector = Collector()
    _groups[number][1](collector)
    return collector.files
