"""The figures page: how many services, from how many providers, for whom, where, and growth.

Commissioners and councillors ask these questions; the answer is the catalogue itself, counted.
Growth is shown twice: an inline SVG bar chart (no script, no library; drawn in `currentColor`,
so it follows dark mode and forced colours) for a glance, and a table with every number, which
is what screen readers, printouts and spreadsheets need. Both are made from the same rows here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from . import i18n
from .catalogue import Catalogue, add_months
from .i18n import _
from .labels import COST_LABELS, FACET_TITLES
from .model import CostType
from .plan import Page
from .updates import month_key

if TYPE_CHECKING:
    from .view_models import Context
    from .views import ViewBuilder

CHART_WIDTH = 640
CHART_HEIGHT = 240
CHART_MARGIN = {"top": 16, "bottom": 32, "start": 48, "end": 8}


@dataclass(frozen=True)
class Count:
    label: object  # LocalText or str
    count: int
    text: str  # the count formatted for the page's language
    href: str | None = None


@dataclass(frozen=True)
class Breakdown:
    id: str  # for the heading's id
    title: str
    rows: list[Count]


@dataclass(frozen=True)
class GrowthRow:
    key: str  # "2026-11"
    label: str  # "November 2026"
    added: int
    total: int
    added_text: str
    total_text: str


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    title: str  # "November 2026: 80"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline_y: int
    axis_start: int
    axis_end: int
    max_text: str
    max_y: int
    first_label: str
    last_label: str
    label_y: int


def provider_key(name: str) -> str:
    """Organisations written differently by different editors still count once."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def providers(catalogue: Catalogue) -> int:
    return len({provider_key(e.service.organization) for e in catalogue.services})


def growth(catalogue: Catalogue) -> list[tuple[date, int, int]]:
    """(first day of month, services added that month, total so far), every month from the first
    service to the newest one, months without a new service included (a chart must not skip)."""
    if not catalogue.services:
        return []
    added: dict[str, int] = {}
    for entry in catalogue.services:
        key = month_key(entry.service.added)
        added[key] = added.get(key, 0) + 1
    first = min(e.service.added for e in catalogue.services).replace(day=1)
    last = max(e.service.added for e in catalogue.services).replace(day=1)
    rows, total, month = [], 0, first
    while month <= last:
        count = added.get(month_key(month), 0)
        total += count
        rows.append((month, count, total))
        month = add_months(month, 1)
    return rows


def chart(rows: list[GrowthRow]) -> Chart | None:
    """Bars of the running total, scaled to the largest; coordinates as fixed-point text."""
    if not rows:
        return None
    top, bottom = CHART_MARGIN["top"], CHART_HEIGHT - CHART_MARGIN["bottom"]
    start, end = CHART_MARGIN["start"], CHART_WIDTH - CHART_MARGIN["end"]
    peak = max(row.total for row in rows) or 1
    slot = (end - start) / len(rows)
    gap = slot * 0.2 if slot >= 4 else 0
    bars = []
    for index, row in enumerate(rows):
        height = (bottom - top) * row.total / peak
        bars.append(Bar(f"{start + index * slot + gap / 2:.2f}", f"{bottom - height:.2f}",
                        f"{slot - gap:.2f}", f"{height:.2f}", f"{row.label}: {row.total_text}"))
    return Chart(CHART_WIDTH, CHART_HEIGHT, bars, bottom, start, end, rows[-1].total_text
                 if rows[-1].total == peak else str(peak), top, rows[0].label, rows[-1].label,
                 CHART_HEIGHT - 8)


def figures(builder: ViewBuilder, page: Page) -> Context:
    catalogue, lang = builder.catalogue, builder.lang
    locale = i18n.babel_locale(lang)
    context = builder.context(page, builder.t(_("Figures")))
    links = context.links

    def number(value: int) -> str:
        return format_decimal(value, locale=locale)

    def facet(facet_id: str, ids: list[str], counts: dict[str, int]) -> Breakdown:
        return Breakdown(facet_id, builder.t(FACET_TITLES[facet_id]),
                         [Count(builder.term_label(facet_id, i), counts[i], number(counts[i]),
                                links.term(facet_id, i)) for i in ids])

    services = catalogue.services
    breakdowns = []
    for facet_id in ("categories", "audiences"):
        ids = [t.id for t in catalogue.terms(facet_id)]
        if ids:
            breakdowns.append(facet(facet_id, ids, {i: len(catalogue.services_with(facet_id, i))
                                                    for i in ids}))
    areas = [a.id for a in catalogue.site.areas]
    breakdowns.append(facet("areas", areas, {i: len(catalogue.services_in_area(i)) for i in areas}))
    costs = [Count(builder.t(COST_LABELS[kind]), n, number(n)) for kind in CostType
             if (n := sum(e.service.cost.type is kind for e in services))]
    breakdowns.append(Breakdown("cost", builder.t(_("Cost")), costs))
    spoken = [Count(builder.loc.term("languages", lang_.id, "label", lang_.label), n, number(n))
              for lang_ in catalogue.taxonomy.languages
              if (n := sum(lang_.id in e.service.languages for e in services))]
    if spoken:
        breakdowns.append(Breakdown("languages", builder.t(_("Languages spoken")), spoken))

    rows = [GrowthRow(month_key(month), format_skeleton("yMMMM", month, locale=locale), added,
                      total, number(added), number(total))
            for month, added, total in growth(catalogue)]
    context.description = builder.t(_("How many services the directory lists, who they are for, "
                                      "where they are, and how the directory has grown."))
    context.extra = {
        "service_count": number(len(services)),
        "provider_count": number(providers(catalogue)),
        "breakdowns": breakdowns,
        "growth": rows,
        "chart": chart(rows),
    }
    return context
