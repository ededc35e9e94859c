"""The build, stage by stage: load and validate → plan → render → write.

Library code: it returns results and raises `BuildFailed` with every problem; the command line
decides what to print and which exit status to use.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2

from . import incremental
from .builders.site import build_site
from .catalogue import Catalogue
from .duplicates import find_duplicates
from .edition import WEB, Edition, edition_pages
from .plan import plan_site
from .problems import ContentError, Problem, ProblemList, Severity
from .search.whoosh_index import build_whoosh_index
from .validate import load_catalogue
from .write import CarryFailed, OutputError, SiteWriter


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem], reason: str = "content errors"):
        self.problems = sorted(problems)
        self.reason = reason
        super().__init__(reason)


@dataclass
class BuildResult:
    out: Path
    pages: int
    files: int
    problems: list[Problem]  # warnings that did not stop the build
    seconds: float
    catalogue: Catalogue | None = None  # as published (an edition may keep fewer languages)
    rendered: int | None = None  # pages rendered (an incremental build keeps the others)

    @property
    def unchanged(self) -> bool:
        """Nothing had changed since the last build: the site was left as it was."""
        return self.rendered == 0 and self.catalogue is None


def build_date() -> date:
    """Today, unless SOURCE_DATE_EPOCH fixes it (reproducible builds: same input, same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def load_and_check(content_dir: Path, today: date) -> tuple[Catalogue | None, ProblemList]:
    """Every content check: each file on its own (validate.py), then across services."""
    catalogue, problems = load_catalogue(content_dir, today)
    if catalogue is not None:
        problems.extend(find_duplicates(catalogue))
    return catalogue, problems


def check(content_dir: Path, today: date | None = None) -> tuple[Catalogue | None, ProblemList]:
    """Validate only; write nothing."""
    return load_and_check(content_dir, today or build_date())


def _fails(problems: ProblemList, strict: bool) -> bool:
    return bool(problems.errors) or (strict and bool(problems.warnings))


def _template_problem(error: jinja2.TemplateError, templates: Path | None) -> Problem:
    if isinstance(error, jinja2.TemplateSyntaxError):
        path = error.filename or error.name or "templates"
        return Problem(path, error.lineno or 1, 1, Severity.ERROR,
                       f"template error: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        return Problem(str(templates or "templates"), 1, 1, Severity.ERROR,
                       f"template not found: {error.name}")
    return Problem(str(templates or "templates"), 1, 1, Severity.ERROR,
                   f"template error: {error}")


def build(content_dir: Path, out_dir: Path, templates_dir: Path | None = None,
          strict: bool = False, today: date | None = None,
          search_cache: Path | None = None, edition: Edition = WEB,
          jobs: int | None = None, state_dir: Path | None = None) -> BuildResult:
    """Build the site into `out_dir`, replacing it only if everything succeeded.

    With `search_cache`, also (re)build the Whoosh indexes used by `catalogue search` and
    `catalogue serve` there, outside the published site (`catalogue serve` does, to answer its
    first searches at once; otherwise the first search builds them). `jobs` processes render the pages
    (None: the `CATALOGUE_JOBS` environment variable, else one per CPU for a large site).
    With `state_dir`, the build is incremental (incremental.py): it keeps its state there and
    redoes only what changed since the last build of the same content into the same folder.
    """
    started = time.perf_counter()
    today = today or build_date()
    if state_dir is None:
        return _build(content_dir, out_dir, templates_dir, strict, today, search_cache, edition,
                      jobs, None, started)
    tracker = incremental.Tracker(state_dir, content_dir, templates_dir, out_dir, today,
                                  repr(edition), strict)
    if tracker.up_to_date():
        state = tracker.previous
        assert state is not None
        tracker.save_inputs()
        return BuildResult(out=out_dir.resolve(), pages=state.page_count,
                           files=state.file_count, problems=list(state.problems),
                           seconds=time.perf_counter() - started, rendered=0)
    try:
        return _build(content_dir, out_dir, templates_dir, strict, today, search_cache, edition,
                      jobs, tracker, started)
    except CarryFailed:  # the previous site was changed behind our back: build it all again
        tracker.forget()
        return _build(content_dir, out_dir, templates_dir, strict, today, search_cache, edition,
                      jobs, tracker, started)


def _build(content_dir: Path, out_dir: Path, templates_dir: Path | None, strict: bool,
           today: date, search_cache: Path | None, edition: Edition, jobs: int | None,
           tracker: incremental.Tracker | None, started: float) -> BuildResult:
    catalogue, problems = load_and_check(content_dir, today)
    if catalogue is None or _fails(problems, strict):
        raise BuildFailed(list(problems),
                          "warnings (--strict)" if not problems.errors else "content errors")
    catalogue = edition.restrict(catalogue)
    try:
        pages = plan_site(catalogue) + edition_pages(catalogue, edition)
    except ContentError as error:
        raise BuildFailed(error.problems) from None
    carried = tracker.carried(pages) if tracker else None
    try:
        writer = SiteWriter(out_dir, tracker.previous_outputs() if tracker else None)
    except OutputError as error:
        raise BuildFailed([], str(error)) from None
    try:
        groups = build_site(catalogue, pages, writer, templates_dir, today, edition, jobs, carried)
        writer.commit()
    except jinja2.TemplateError as error:
        writer.abort()
        raise BuildFailed([_template_problem(error, templates_dir)], "template errors") from None
    except BaseException:
        writer.abort()
        raise
    if search_cache is not None:
        for lang in catalogue.languages:
            build_whoosh_index(catalogue, lang, search_cache / "whoosh")
    if tracker is not None:
        tracker.save(pages, groups, writer.written, list(problems))
    rendered = len(pages) - (len(carried.pages) if carried else 0)
    return BuildResult(out=writer.out, pages=len(pages), files=len(writer.written),
                       problems=list(problems), seconds=time.perf_counter() - started,
                       catalogue=catalogue, rendered=rendered)
