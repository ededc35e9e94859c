"""What changed and when: the monthly bulletin and the feeds, computed from the catalogue's dates.

Staff asked for one short update a month instead of an alert per change. Every event comes from a
date already in the content (a service's `added` and `last_verified`, a quality mark's `awarded`,
a tombstone's `retired`), so the bulletin and the feeds need no history of their own and the same
content always gives the same bulletin, whatever day it is built. Only the latest check of a
service is known: a service checked in March and again in October is listed under October.

Pure data, no paths or HTML: `update_views.py` makes pages of it, `builders/feeds.py` Atom feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .catalogue import Catalogue, ServiceEntry
from .model import RetiredService

FEED_SIZE = 50  # entries in the services feed: enough for a few months of changes


@dataclass(frozen=True)
class Award:
    entry: ServiceEntry
    scheme: str  # quality mark scheme id
    awarded: date


@dataclass
class Month:
    """One month's bulletin: each list sorted by date, then name."""

    key: str  # "2026-11": the page's file name
    first_day: date
    new: list[ServiceEntry] = field(default_factory=list)
    updated: list[ServiceEntry] = field(default_factory=list)
    removed: list[RetiredService] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)

    @property
    def latest(self) -> date:
        """The last event of the month: when this bulletin last changed (its feed entry's date)."""
        days = ([e.service.added for e in self.new] + [e.service.last_verified for e in self.updated]
                + [r.retired for r in self.removed] + [a.awarded for a in self.awards])
        return max(days, default=self.first_day)

    @property
    def count(self) -> int:
        return len(self.new) + len(self.updated) + len(self.removed) + len(self.awards)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def bulletin_months(catalogue: Catalogue) -> list[Month]:
    """Every month in which something happened, newest first. Months without news get no page:
    an archive of empty bulletins helps nobody."""
    months: dict[str, Month] = {}

    def month(day: date) -> Month:
        key = month_key(day)
        if key not in months:
            months[key] = Month(key, day.replace(day=1))
        return months[key]

    for entry in catalogue.services:
        service = entry.service
        month(service.added).new.append(entry)
        if month_key(service.last_verified) != month_key(service.added):
            month(service.last_verified).updated.append(entry)
        for mark in service.quality_marks:
            month(mark.awarded).awards.append(Award(entry, mark.scheme, mark.awarded))
    for retired in catalogue.retired:
        month(retired.retired).removed.append(retired)
    for item in months.values():
        item.new.sort(key=lambda e: (e.service.added, e.service.name.casefold(), e.id))
        item.updated.sort(key=lambda e: (e.service.last_verified, e.service.name.casefold(), e.id))
        item.removed.sort(key=lambda r: (r.retired, r.name.casefold(), r.id))
        item.awards.sort(key=lambda a: (a.awarded, a.entry.service.name.casefold(), a.scheme))
    return [months[key] for key in sorted(months, reverse=True)]


def latest_date(catalogue: Catalogue) -> date | None:
    """The newest date in the content: the feeds' `updated`, never the clock."""
    days = [max(e.service.added, e.service.last_verified) for e in catalogue.services]
    days += [m.awarded for e in catalogue.services for m in e.service.quality_marks]
    days += [r.retired for r in catalogue.retired]
    return max(days, default=None)


def changed(entry: ServiceEntry) -> date:
    """When a service last changed in a way worth telling subscribers: added or checked."""
    return max(entry.service.added, entry.service.last_verified)


def recent_services(catalogue: Catalogue, limit: int = FEED_SIZE) -> list[ServiceEntry]:
    """The most recently added or checked services, newest first (ties: by id, so stable)."""
    ordered = sorted(catalogue.services, key=lambda e: e.id)
    ordered.sort(key=changed, reverse=True)
    return ordered[:limit]
