"""The catalogue as Open Referral UK 3.0 records (HSDS 3.0 with the UK profile).

One record per service serves both standards: the fields ORUK keeps, plus the HSDS fields the UK
profile drops (phones, eligibility, application process), which ORUK consumers ignore (neither
schema forbids extra fields). Values come from the validated in-memory catalogue, never from the
files again, in the catalogue's default language: ORUK records have one language.
Where our content has no equivalent, the field is left out rather than invented
(`docs/open-data.md` lists what does not map).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..catalogue import FACETS, Catalogue, ServiceEntry
from ..i18n import gettext_for
from ..labels import ACCESSIBILITY_LABELS, COST_LABELS
from ..model import CostType, Location, OpeningHours, Service
from ..plan import Paths
from .ids import child_uuid, organization_key, organization_uuid, service_uuid
from .taxonomies import CATALOGUE, IDENTIFIER_TERM, PAGE_TERM, PAYMENT, REFERRAL, TaxonomyMap

# iCalendar (RFC 5545) day codes, as HSDS schedules use them.
BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
         "saturday": "SA", "sunday": "SU"}
COUNTRY = "GB"  # ISO 3166-1 alpha-2: postcodes are UK postcodes
CURRENCY = "GBP"

# One-to-one fields of a service: what a `/services` list item holds (compiled/service_list.json
# of ORUK and HSDS), the nested organization included.
LIST_FIELDS = frozenset({
    "id", "organization_id", "name", "description", "url", "email", "status", "fees",
    "accreditations", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert",
    "last_modified", "organization", "program_id", "alternate_name", "interpretation_services",
    "application_process", "fees_description", "wait_time", "eligibility_description", "licenses",
    "program"})

Record = dict[str, Any]


def compact(record: Record) -> Record:
    """Leave out fields we have no value for: absent, not null or empty text."""
    return {key: value for key, value in record.items() if value is not None and value != ""}


def time_of_day(hhmm: str) -> str:
    """HSDS times are `HH:MM:SS`."""
    return f"{hhmm}:00"


class OpenReferralExport:
    """ORUK records of one catalogue, computed once and looked up by UUID."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.site = catalogue.site
        self.base_url = catalogue.site.base_url
        self.lang = catalogue.site.default_language
        self.gettext = gettext_for(self.lang)
        self.taxonomies = TaxonomyMap(catalogue, self.gettext)

    # --- the whole catalogue -------------------------------------------------------------------

    @cached_property
    def services(self) -> list[Record]:
        """Every service, fully nested, in the catalogue's order (by name, then id)."""
        return [self.service(entry) for entry in self.catalogue.services]

    @cached_property
    def summaries(self) -> list[Record]:
        """Every service as a `/services` list item."""
        return [self.summary(record) for record in self.services]

    @cached_property
    def by_uuid(self) -> dict[str, Record]:
        return {record["id"]: record for record in self.services}

    @cached_property
    def _organization_services(self) -> dict[str, list[Service]]:
        found: dict[str, list[Service]] = {}
        for entry in self.catalogue.services:
            found.setdefault(organization_key(entry.service.organization), []).append(entry.service)
        return found

    # --- one service -----------------------------------------------------------------------------

    def uuid(self, entry: ServiceEntry) -> str:
        return service_uuid(self.base_url, entry.id)

    def page_url(self, service_id: str) -> str:
        return self.base_url.rstrip("/") + "/" + Paths.service(self.lang, service_id)

    @staticmethod
    def summary(record: Record) -> Record:
        return {key: value for key, value in record.items() if key in LIST_FIELDS}

    def service(self, entry: ServiceEntry) -> Record:
        """The fully nested service of `/services/{id}` (compiled/service.json)."""
        service = entry.service
        sid = self.uuid(entry)
        organization = self.organization(service.organization)
        verified = service.last_verified.isoformat()
        return compact({
            "id": sid,
            "organization_id": organization["id"],
            "organization": organization,
            "name": service.name,
            "description": f"{service.summary}\n\n{service.description.strip()}",
            "url": service.contact.website,
            "email": service.contact.email,
            "status": "active",
            "application_process": service.access.how_to,
            "eligibility_description": service.access.eligibility,
            "fees_description": service.cost.details,
            "accreditations": self.accreditations(service),
            "assured_date": verified,
            "last_modified": f"{verified}T00:00:00Z",
            "phones": self.phones(service, sid),
            "schedules": self.schedules(service, sid),
            "service_areas": self.service_areas(service, sid),
            "service_at_locations": [self.service_at_location(location, sid, index)
                                     for index, location in enumerate(service.locations)],
            "languages": self.languages(service, sid),
            "funding": self.funding(service, sid),
            "cost_options": self.cost_options(service, sid),
            "contacts": [self.contact(service, sid)],
            "attributes": self.attributes(service, sid),
        })

    def organization(self, name: str) -> Record:
        services = self._organization_services.get(organization_key(name), [])
        count = len(services)
        listed = "1 service" if count == 1 else f"{count} services"
        return {"id": organization_uuid(self.base_url, name), "name": name,
                "description": f"Runs {listed} listed in {self.site.title}."}

    def accreditations(self, service: Service) -> str | None:
        marks = []
        for mark in service.quality_marks:
            scheme = self.catalogue.scheme(mark.scheme)
            marks.append(f"{scheme.name} ({scheme.awarding_body}), awarded "
                         f"{mark.awarded.isoformat()}, valid until "
                         f"{self.catalogue.expiry(mark).isoformat()}")
        return "; ".join(marks) or None

    def phones(self, service: Service, sid: str) -> list[Record]:
        return [compact({"id": child_uuid(sid, "phone", index), "service_id": sid,
                         "number": phone.number, "type": "voice", "description": phone.label})
                for index, phone in enumerate(service.contact.phones)]

    def schedules(self, service: Service, sid: str) -> list[Record]:
        records = [self.schedule(hours, sid, index)
                   for index, hours in enumerate(service.opening_hours)]
        if service.hours_note:
            records.append({"id": child_uuid(sid, "schedule", "note"), "service_id": sid,
                            "description": service.hours_note})
        return records

    @staticmethod
    def schedule(hours: OpeningHours, sid: str, index: int) -> Record:
        return compact({"id": child_uuid(sid, "schedule", index), "service_id": sid,
                        "freq": "WEEKLY", "interval": 1, "wkst": "MO",
                        "byday": ",".join(BYDAY[day.value] for day in hours.days),
                        "opens_at": time_of_day(hours.opens_at),
                        "closes_at": time_of_day(hours.closes_at),
                        "notes": hours.note})

    def service_areas(self, service: Service, sid: str) -> list[Record]:
        records = []
        for area_id in service.service_areas:
            name = self.catalogue.area_name(area_id)
            uri = self.base_url.rstrip("/") + "/" + Paths.term(self.lang, "areas", area_id)
            records.append({"id": child_uuid(sid, "service_area", area_id), "service_id": sid,
                            "name": name, "service_area": name, "uri": uri})
        return records

    def service_at_location(self, location: Location, sid: str, index: int) -> Record:
        location_id = child_uuid(sid, "location", index)
        return {"id": child_uuid(sid, "service_at_location", index), "service_id": sid,
                "location_id": location_id, "location": self.location(location, location_id)}

    def location(self, location: Location, location_id: str) -> Record:
        lines = list(location.address)
        city = lines.pop() if len(lines) > 1 else ""
        address = compact({"id": child_uuid(location_id, "address"), "location_id": location_id,
                           "address_1": lines[0], "address_2": ", ".join(lines[1:]),
                           "postal_code": location.postcode, "country": COUNTRY,
                           "address_type": "physical"})
        # Required by both schemas even where a UK address has no such part: present, empty.
        address["city"] = city
        address["state_province"] = ""
        return compact({"id": location_id, "location_type": "physical", "name": location.name,
                        "addresses": [address],
                        "accessibility": self.accessibility(location, location_id)})

    def accessibility(self, location: Location, location_id: str) -> list[Record]:
        records = []
        for feature in location.accessibility:
            label = self.gettext(ACCESSIBILITY_LABELS[feature])
            records.append({"id": child_uuid(location_id, "accessibility", feature.value),
                            "location_id": location_id, "description": label,
                            "accessibility": label})
        if location.accessibility_notes:
            records.append({"id": child_uuid(location_id, "accessibility", "notes"),
                            "location_id": location_id,
                            "description": location.accessibility_notes,
                            "accessibility": location.accessibility_notes})
        return records

    def languages(self, service: Service, sid: str) -> list[Record]:
        return [{"id": child_uuid(sid, "language", code), "service_id": sid,
                 "name": self.catalogue.spoken_language(code), "code": code}
                for code in service.languages]

    def funding(self, service: Service, sid: str) -> list[Record]:
        if not service.commissioned:
            return []
        return [{"id": child_uuid(sid, "funding"), "service_id": sid,
                 "source": f"Commissioned by {self.site.publisher.name}"}]

    def cost_options(self, service: Service, sid: str) -> list[Record]:
        cost = service.cost
        record = compact({"id": child_uuid(sid, "cost_option"), "service_id": sid,
                          "option": self.gettext(COST_LABELS[cost.type]),
                          "amount_description": cost.details})
        if cost.type is CostType.FREE:
            record.update(amount=0, currency=CURRENCY)
        return [record]

    def contact(self, service: Service, sid: str) -> Record:
        """Our entries name no people: the contact is the organisation, with the service's email."""
        return compact({"id": child_uuid(sid, "contact"), "service_id": sid,
                        "name": service.organization, "email": service.contact.email})

    def attributes(self, service: Service, sid: str) -> list[Record]:
        terms = self.taxonomies
        records = [terms.attribute(sid, "service", facet, term_id)
                   for facet in FACETS for term_id in getattr(service, facet)]
        records.append(terms.attribute(sid, "service", REFERRAL, service.access.referral.value))
        records += [terms.attribute(sid, "service", PAYMENT, payment.value)
                    for payment in service.cost.payment]
        records.append(terms.attribute(sid, "service", CATALOGUE, IDENTIFIER_TERM, service.id))
        records.append(terms.attribute(sid, "service", CATALOGUE, PAGE_TERM,
                                       self.page_url(service.id)))
        return records
