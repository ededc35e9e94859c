"""The editors' dashboard: what needs doing to keep the directory true, on one page.

Gathers (no printing, no click): reviews overdue and due soon, quality marks expired and
expiring, translations missing or out of date, broken and redirected links from the last link
check, likely duplicates, and counts by category, area and translation. `catalogue report`
renders it as one self-contained HTML page for editors (not part of the public site) or as JSON
for scripts. The page is in English, like the command line editors use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from .catalogue import Catalogue, ServiceEntry
from .duplicates import find_duplicate_pairs
from .plan import Paths
from .problems import ProblemList
from .render import make_environment
from .translation_report import translation_report
from .validate import EXPIRY_WARNING_DAYS, REVIEW_SOON_DAYS

TEMPLATE = "editor_report.html"


class LinkResultLike(Protocol):
    """What the report reads from `linkcheck.LinkResult` (read-only, as that is frozen)."""

    @property
    def url(self) -> str: ...
    @property
    def outcome(self) -> str: ...  # "ok" | "redirected" | "broken"
    @property
    def status(self) -> int | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def message(self) -> str: ...
    @property
    def checked_at(self) -> str: ...


class LinkUseLike(Protocol):
    """What the report reads from `linkcheck_collect.LinkUse`."""

    @property
    def path(self) -> Path: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


@dataclass(frozen=True)
class ServiceRef:
    id: str
    name: str
    source: str  # the file, as problems name it (relative to the working directory if possible)
    source_file: str  # absolute, for a link from wherever the report is written
    line: int  # where the finding is written in the file
    page: str  # the published page


@dataclass(frozen=True)
class Review:
    service: ServiceRef
    last_verified: date
    due: date
    days: int  # until due; negative when overdue
    status: str  # "overdue" | "due soon"


@dataclass(frozen=True)
class Award:
    service: ServiceRef
    scheme: str
    awarded: date
    expiry: date
    days: int  # until expiry; negative once expired
    status: str  # "expired" | "expiring"


@dataclass(frozen=True)
class TranslationItem:
    kind: str
    key: str
    source: str
    translation: str
    status: str  # "stale" | "partial" | "missing"
    missing_fields: tuple[str, ...] = ()


@dataclass
class LanguageStatus:
    code: str
    name: str
    counts: dict[str, int]  # current, partial, stale, missing, total: every translatable item
    services: dict[str, int]  # the same, services only
    to_do: list[TranslationItem] = field(default_factory=list)  # stale, then partial, then missing


@dataclass(frozen=True)
class Place:
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class LinkProblem:
    url: str
    outcome: str  # "broken" | "redirected"
    status: int | None
    location: str | None
    message: str
    checked_at: str
    places: tuple[Place, ...]


@dataclass(frozen=True)
class Duplicate:
    first: ServiceRef
    second: ServiceRef
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Count:
    id: str
    label: str
    services: int


@dataclass
class LinkSummary:
    checked: int  # addresses in the last check
    last_checked: str | None  # the most recent check of any of them
    problems: list[LinkProblem]


@dataclass
class EditorReport:
    title: str
    today: date
    services: int
    review_interval_months: int
    reviews: list[Review]
    awards: list[Award]
    translations: list[LanguageStatus]
    links: LinkSummary | None  # None: no link check has been run
    duplicates: list[Duplicate]
    by_category: list[Count]
    by_area: list[Count]

    @property
    def totals(self) -> dict[str, int]:
        """The headline figures, for the top of the page and for scripts."""
        return {
            "services": self.services,
            "reviews_overdue": sum(r.status == "overdue" for r in self.reviews),
            "reviews_due_soon": sum(r.status == "due soon" for r in self.reviews),
            "awards_expired": sum(a.status == "expired" for a in self.awards),
            "awards_expiring": sum(a.status == "expiring" for a in self.awards),
            "translations_to_do": sum(len(t.to_do) for t in self.translations),
            "links_broken": sum(p.outcome == "broken" for p in self.links.problems)
            if self.links else 0,
            "links_redirected": sum(p.outcome == "redirected" for p in self.links.problems)
            if self.links else 0,
            "likely_duplicates": len(self.duplicates),
        }


# --- gathering -------------------------------------------------------------------------------

class _Refs:
    """Service references, with paths named the way `catalogue check` names them."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._names = ProblemList()
        self._base = catalogue.site.base_url.rstrip("/") + "/"

    def path(self, path: Path | str) -> str:
        return self._names.relative(path)

    def service(self, entry: ServiceEntry, key: tuple = ("id",)) -> ServiceRef:
        page = self._base + Paths.service(self.catalogue.site.default_language, entry.id)
        return ServiceRef(entry.id, entry.service.name, self.path(entry.source),
                          str(Path(entry.source).resolve()), entry.position(key).line, page)


def _reviews(catalogue: Catalogue, refs: _Refs, today: date) -> list[Review]:
    reviews = []
    for entry in catalogue.services:
        due = catalogue.review_due(entry.service)
        days = (due - today).days
        if days <= REVIEW_SOON_DAYS:
            reviews.append(Review(refs.service(entry, ("last_verified",)),
                                  entry.service.last_verified, due, days,
                                  "overdue" if days <= 0 else "due soon"))
    return sorted(reviews, key=lambda r: (r.due, r.service.id))


def _awards(catalogue: Catalogue, refs: _Refs, today: date) -> list[Award]:
    awards = []
    for entry in catalogue.services:
        for index, mark in enumerate(entry.service.quality_marks):
            expiry = catalogue.expiry(mark)
            days = (expiry - today).days
            if days <= EXPIRY_WARNING_DAYS:
                awards.append(Award(refs.service(entry, ("quality_marks", index, "awarded")),
                                    catalogue.scheme(mark.scheme).name, mark.awarded, expiry,
                                    days, "expired" if days <= 0 else "expiring"))
    return sorted(awards, key=lambda a: (a.expiry, a.service.id, a.scheme))


_TO_DO_ORDER = {"stale": 0, "partial": 1, "missing": 2}


def _translations(catalogue: Catalogue) -> list[LanguageStatus]:
    names = {lang.code: lang.name for lang in catalogue.site.languages}
    statuses = []
    for report in translation_report(catalogue):
        services = [item for item in report.items if item.kind == "service"]
        service_counts = {status: sum(item.status == status for item in services)
                          for status in ("current", "partial", "stale", "missing")}
        to_do = [TranslationItem(item.kind, item.key, item.source, item.translation, item.status,
                                 item.missing_fields)
                 for item in sorted(report.to_do, key=lambda i: (_TO_DO_ORDER[i.status],
                                                                  i.kind, i.key))]
        statuses.append(LanguageStatus(report.language, names[report.language], report.counts,
                                       service_counts | {"total": len(services)}, to_do))
    return statuses


def _links(refs: _Refs, links: Sequence[LinkResultLike] | None,
           uses: Mapping[str, Sequence[LinkUseLike]] | None) -> LinkSummary | None:
    if uses is not None:  # addresses since removed from the content no longer matter
        links = [result for result in links or () if result.url in uses]
    if not links:
        return None
    problems = []
    for result in sorted(links, key=lambda r: (r.outcome != "broken", r.url)):
        if result.outcome not in ("broken", "redirected"):
            continue
        places = tuple(sorted({Place(refs.path(use.path), use.line, use.column)
                               for use in (uses or {}).get(result.url, ())},
                              key=lambda p: (p.path, p.line, p.column)))
        problems.append(LinkProblem(result.url, result.outcome, result.status, result.location,
                                    result.message, result.checked_at, places))
    return LinkSummary(len(links), max(r.checked_at for r in links), problems)


def _counts(catalogue: Catalogue) -> tuple[list[Count], list[Count]]:
    by_category = [Count(term.id, term.label, len(catalogue.services_with("categories", term.id)))
                   for term in catalogue.terms("categories")]
    by_area = [Count(area.id, area.name, len(catalogue.services_in_area(area.id)))
               for area in catalogue.site.areas]
    return by_category, by_area


def editor_report(catalogue: Catalogue, today: date,
                  links: Sequence[LinkResultLike] | None = None,
                  uses: Mapping[str, Sequence[LinkUseLike]] | None = None) -> EditorReport:
    """Everything on the dashboard. `links` are the results of the last `check --links` (None or
    empty: never run) and `uses` where each address is written (`linkcheck.collect_links`)."""
    refs = _Refs(catalogue)
    duplicates = [Duplicate(refs.service(pair.first, pair.reasons[0][1]),
                            refs.service(pair.second, pair.reasons[0][2]),
                            tuple(label for label, _, _ in pair.reasons))
                  for pair in find_duplicate_pairs(catalogue)]
    by_category, by_area = _counts(catalogue)
    return EditorReport(
        title=catalogue.site.title, today=today, services=len(catalogue.services),
        review_interval_months=catalogue.site.review_interval_months,
        reviews=_reviews(catalogue, refs, today), awards=_awards(catalogue, refs, today),
        translations=_translations(catalogue), links=_links(refs, links, uses),
        duplicates=duplicates, by_category=by_category, by_area=by_area)


# --- output ----------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _without_local_paths(value: Any) -> Any:
    """JSON names files as `catalogue check` does; the absolute path is only for HTML links."""
    if isinstance(value, dict):
        return {key: _without_local_paths(item) for key, item in value.items()
                if key != "source_file"}
    if isinstance(value, list):
        return [_without_local_paths(item) for item in value]
    return value


def report_as_dict(report: EditorReport) -> dict[str, Any]:
    """The report for scripts (`catalogue report --format json`): dates as YYYY-MM-DD."""
    data = _without_local_paths(_plain(asdict(report)))
    return {"totals": report.totals, **data}


def render_report(report: EditorReport, out_dir: Path | None = None,
                  templates: Path | None = None) -> str:
    """The dashboard as one HTML page. With `out_dir` (where the page will be written), each
    source file is linked relative to it, so the page opens the YAML file from disk."""
    def source_href(ref: ServiceRef) -> str | None:
        if out_dir is None:
            return None
        return quote(Path(os.path.relpath(ref.source_file, out_dir.resolve())).as_posix())

    template = make_environment(templates).get_template(TEMPLATE)
    return template.render(report=report, totals=report.totals, source_href=source_href,
                           soon_days=REVIEW_SOON_DAYS, expiry_days=EXPIRY_WARNING_DAYS)
