"""Rendering in several processes changes nothing but the time: same bytes, same errors."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from support import FIXTURE, REPO, TODAY

from directory import render_parallel
from directory.edition import WEB
from directory.pipeline import BuildFailed, build, load_and_check
from directory.plan import plan_site
from directory.render import Renderer
from directory.render_parallel import render_pages, worker_count

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="rendering in several processes needs fork")


class Forks:
    """Makes the parallel path run, and records that it did.

    `render_parallel` renders in this process when the process runs threads, and the whole suite
    runs some (the browser tests' servers), so here forking is allowed and every pool created is
    recorded: a test that means to compare one process with several checks it really used several.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.pools: list[str | None] = []
        real = multiprocessing.get_context

        def get_context(method: str | None = None):  # noqa: ANN202 - multiprocessing's
            self.pools.append(method)
            return real(method)

        monkeypatch.setattr(render_parallel, "can_fork", lambda: True)
        monkeypatch.setattr(render_parallel.multiprocessing, "get_context", get_context)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Forks:
    return Forks(monkeypatch)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(one: Path, two: Path) -> None:
    first, second = tree(one), tree(two)
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files differ between jobs=1 and jobs=2: {differing[:10]}"


def test_fixture_builds_the_same_bytes_in_one_or_two_processes(tmp_path: Path, forks: Forks):
    one = build(FIXTURE, tmp_path / "one", REPO / "templates", today=TODAY, jobs=1)
    assert forks.pools == []
    two = build(FIXTURE, tmp_path / "two", REPO / "templates", today=TODAY, jobs=2)
    # One pool renders the pages, another makes the search indexes (derived_parallel.py).
    assert forks.pools == ["fork", "fork"], "jobs=2 did not work in worker processes"
    assert (one.pages, one.files) == (two.pages, two.files)
    assert_same_tree(one.out, two.out)


@pytest.fixture(scope="module")
def example_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as monkeypatch:
        forks = Forks(monkeypatch)
        one = build(REPO / "content", root / "one", REPO / "templates", today=TODAY, jobs=1)
        two = build(REPO / "content", root / "two", REPO / "templates", today=TODAY, jobs=2)
    # One pool renders the pages, another makes the search indexes (derived_parallel.py).
    assert forks.pools == ["fork", "fork"], "jobs=2 did not work in worker processes"
    return one.out, two.out


def test_example_catalogue_builds_the_same_bytes_in_one_or_two_processes(example_builds):
    assert_same_tree(*example_builds)


def test_pages_come_back_in_plan_order_with_the_same_html(forks: Forks):
    catalogue, _ = load_and_check(FIXTURE, TODAY)
    assert catalogue is not None
    pages = plan_site(catalogue)
    alone = [(p.path, html) for p, html in
             Renderer(catalogue, REPO / "templates", TODAY).render_all(pages)]
    shared = [(p.path, html) for p, html in
              render_pages(catalogue, pages, REPO / "templates", TODAY, jobs=3)]
    assert len(pages) > render_parallel.CHUNK_PAGES * 2, "too few pages to share out"
    assert shared == alone
    assert forks.pools == ["fork"]


BROKEN_TEMPLATES = {
    "syntax error": ("glossary.html", "{% extends 'base.html' %}\n{% block main %}{% if %}\n"),
    "undefined variable": ("service.html",
                           "{% extends 'base.html' %}\n{% block main %}{{ no_such_thing.x }}"
                           "{% endblock %}\n"),
    "missing template": ("term.html", "{% include 'partials/no-such-partial.html' %}\n"),
}


@pytest.mark.parametrize("broken", sorted(BROKEN_TEMPLATES))
def test_template_error_in_a_worker_fails_the_build_as_in_one_process(tmp_path: Path,
                                                                       broken: str, forks: Forks):
    custom = tmp_path / "templates"
    custom.mkdir()
    name, text = BROKEN_TEMPLATES[broken]
    (custom / name).write_text(text, encoding="utf-8")
    failures = []
    for jobs in (1, 2):
        with pytest.raises(BuildFailed) as failure:
            build(FIXTURE, tmp_path / f"site-{jobs}", custom, today=TODAY, jobs=jobs)
        failures.append((failure.value.reason, failure.value.problems))
    assert forks.pools == ["fork"], "jobs=2 did not render in worker processes"
    assert failures[0] == failures[1]
    assert failures[0][0] == "template errors" and failures[0][1]
    assert not list(tmp_path.glob(".site-*")), "temporary build folders were left behind"


def test_small_sites_render_in_one_process_unless_asked(monkeypatch: pytest.MonkeyPatch,
                                                        forks: Forks):
    monkeypatch.delenv(render_parallel.JOBS_VARIABLE, raising=False)
    monkeypatch.setattr(render_parallel, "available_cpus", lambda: 4)
    assert worker_count(None, render_parallel.MIN_PARALLEL_PAGES - 1) == 1
    assert worker_count(None, 10_000) == 4
    assert worker_count(2, 100) == 2
    assert worker_count(8, 40) == 2, "no more workers than chunks of pages"
    monkeypatch.setenv(render_parallel.JOBS_VARIABLE, "3")
    assert worker_count(None, 100) == 3
    assert worker_count(1, 10_000) == 1, "an explicit jobs wins over the environment"


def test_a_process_running_threads_does_not_fork():
    """The live-reload server builds beside its HTTP threads: forking there could copy a held lock."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert worker_count(2, 10_000) == 1
    finally:
        stop.set()
        thread.join()



def test_pages_are_shared_out_in_order_with_the_print_editions_of_a_language_alone():
    """A print edition holds the whole catalogue: a worker's answer holding other pages beside
    it takes more memory, and the standard and large print of a language share their sections,
    so they go to one worker together."""
    catalogue, _ = load_and_check(FIXTURE, TODAY)
    assert catalogue is not None
    pages = plan_site(catalogue)
    bounds = render_parallel.chunk_bounds(pages)
    assert [n for start, stop in bounds for n in range(start, stop)] == list(range(len(pages)))
    assert all(0 < stop - start <= render_parallel.CHUNK_PAGES for start, stop in bounds)
    printed = [(start, stop) for start, stop in bounds
               if any(pages[n].kind in render_parallel.ALONE_KINDS for n in range(start, stop))]
    assert len(printed) == len(catalogue.languages), "one chunk per language's print editions"
    for start, stop in printed:
        chunk = pages[start:stop]
        assert {page.kind for page in chunk} == render_parallel.ALONE_KINDS
        assert len({page.language for page in chunk}) == 1


def test_a_worker_lets_go_of_a_language_once_it_printed_it(monkeypatch: pytest.MonkeyPatch):
    """The print editions' shared sections hold the whole catalogue as printed, as long as their
    language's view builder: a worker keeping one per language printed grew by gigabytes."""
    catalogue, _ = load_and_check(FIXTURE, TODAY)
    assert catalogue is not None
    pages = plan_site(catalogue)
    job = render_parallel._Job(catalogue, pages, REPO / "templates", TODAY, WEB)
    monkeypatch.setattr(render_parallel, "_job", job)
    monkeypatch.setattr(render_parallel, "_renderer", None)
    start, stop = next(b for b in render_parallel.chunk_bounds(pages)
                       if pages[b[0]].kind in render_parallel.ALONE_KINDS)
    language = pages[start].language
    assert pages[start - 1].language == language
    render_parallel._render_chunk((start - 1, start))
    renderer = render_parallel._renderer
    assert renderer is not None and language in renderer.views
    printed = render_parallel._render_chunk((start, stop))
    assert language not in renderer.views
    alone = Renderer(catalogue, REPO / "templates", TODAY)
    assert printed == [alone.render(page) for page in pages[start:stop]]


def test_print_editions_weigh_as_many_pages_as_their_services_take():
    """An incremental rebuild of a large catalogue renders a few dozen pages, the print
    editions among them: they must count for what they cost when deciding to share them out."""
    catalogue, _ = load_and_check(FIXTURE, TODAY)
    assert catalogue is not None
    pages = plan_site(catalogue)
    assert render_parallel.workload(catalogue, pages) == len(pages), "3 services: light prints"
    few = [p for p in pages if p.kind in render_parallel.ALONE_KINDS][:2] + \
        [p for p in pages if p.kind == "service"][:10]
    large = type("Large", (), {"services": [None] * 1200})()
    assert render_parallel.workload(large, few) == \
        2 * (1200 // render_parallel.PRINT_SERVICES) + len(few) - 2
    assert render_parallel.workload(large, few) >= render_parallel.MIN_PARALLEL_PAGES
