"""Import an Open Referral UK dump (ORUK 1.0, or ORUK/HSDS 3.0) as service entries.

What fits our model is converted; what does not is counted in the report (fields dropped,
taxonomy terms and areas with no equivalent), and personal data is withheld: a named member of
staff's email or phone number is listed in the report for the editor to decide about, never
written to the site. Input errors are reported as `file.json:line:column: error: path: message`.
Library code only: `commands/importing.py` is the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model import Service, check_email, check_phone, check_postcode, check_url
from ..problems import ProblemList
from ..scaffold.ids import suggest_id
from .import_json import JsonDocument, JsonError, describe, load_json
from .import_mapping import Mapping, match_area, match_language, match_term
from .import_rules import (
    At,
    ImportReport,
    detect_version,
    find_services,
    person_name,
    personal_email,
    summary_of,
)
from .import_write import FACETS, ImportFailed, Target, reference_errors

_DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday",
         "SA": "saturday", "SU": "sunday"}
_ACCESS_WORDS = {"hearing-loop": ("induction loop", "hearing loop"),
                 "step-free": ("step-free", "step free", "wheelchair", "level access", "ramp"),
                 "accessible-toilet": ("accessible toilet", "disabled toilet"),
                 "changing-places": ("changing places",), "lift": ("lift",),
                 "blue-badge-parking": ("blue badge",), "parking": ("parking", "car park"),
                 "quiet-space": ("quiet room", "quiet space"),
                 "assistance-dogs": ("assistance dog", "guide dog")}



@dataclass
class Options:
    today: date
    mapping: Mapping = field(default_factory=Mapping)
    default_area: str | None = None
    default_category: str | None = None


@dataclass
class ImportResult:
    services: list[Service]
    report: ImportReport
    problems: ProblemList


class _Converter:
    """One service: reads fields through `take`, which remembers what was used."""

    def __init__(self, doc: JsonDocument, at: At, data: dict[str, Any], target: Target,
                 options: Options, report: ImportReport, problems: ProblemList):
        self.doc, self.at, self.data, self.target = doc, at, data, target
        self.options, self.report, self.problems = options, report, problems
        self.used: set[At] = set()
        self.withheld: set[At] = set()
        self.errors = 0
        self.v1 = detect_version(data) == "ORUK 1.0"

    # --- reading ---
    def error(self, at: At, message: str) -> None:
        line, column = self.doc.position(at)
        self.problems.error(self.doc.path, line, column, f"{describe(at)}: {message}")
        self.errors += 1

    def warn(self, at: At, message: str) -> None:
        line, column = self.doc.position(at)
        self.problems.warning(self.doc.path, line, column, f"{describe(at)}: {message}")

    def value(self, at: At) -> Any:
        current: Any = self.doc.data
        for part in at:
            try:
                current = current[part]
            except (KeyError, IndexError, TypeError):
                return None
        return current

    def take(self, at: At) -> Any:
        value = self.value(at)
        if value is not None:
            self.used.add(at)
        return value

    def text(self, at: At) -> str | None:
        value = self.take(at)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(at, "must be text")
            return None
        return value.strip() or None

    def items(self, at: At) -> list[At]:
        value = self.value(at)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(at, "must be a list")
            return []
        return [at + (i,) for i, item in enumerate(value) if isinstance(item, dict)]

    # --- fields ---
    def convert(self, taken_ids: set[str]) -> Service | None:
        s = self.at
        name = self.text(s + ("name",))
        if not name:
            self.error(s, "a service needs a name")
            return None
        description = self.text(s + ("description",))
        if not description:
            self.error(s + ("description",) if self.value(s + ("description",)) is not None else s,
                       "a service needs a description")
        organization = self.text(s + ("organization", "name"))
        if not organization:
            self.error(s + ("organization",), "the organisation's name is missing")
        service_id = suggest_id(name, taken_ids)
        data: dict[str, Any] = {
            "id": service_id, "name": name, "organization": organization,
            "summary": summary_of(description or name), "description": description,
            **self.terms(service_id), "service_areas": self.areas(service_id),
            "contact": self.contact(service_id), "locations": self.locations(),
            **self.hours(), "cost": self.cost(service_id), "access": self.access(service_id),
            "languages": self.languages(), **self.dates()}
        self.find_personal(s)
        if self.errors:
            return None
        try:
            service = Service.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                where = ".".join(str(part) for part in item["loc"])
                self.error(s, f"{name!r} cannot be imported: {where}: "
                           f"{str(item['msg']).removeprefix('Value error, ')}")
            return None
        for where, message in reference_errors(service, self.target):
            self.error(s, f"{where}: {message}")
        return None if self.errors else service

    def terms(self, service_id: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {facet: [] for facet in FACETS}
        s = self.at
        if self.v1:
            places = [(at + ("taxonomy",), ("id", "name")) for at in self.items(s + ("service_taxonomys",))]
        else:
            places = [(at + ("taxonomy_term",), ("id", "code", "name", "term"))
                      for at in self.items(s + ("attributes",))]
        for term_at, keys in places:
            candidates = [str(v) for k in keys if (v := self.value(term_at + (k,))) is not None]
            if not candidates:
                continue
            match = match_term(candidates, self.options.mapping, self.target)
            if match is None:
                label = str(self.value(term_at + ("name",)) or candidates[0])
                self.report.unmapped_terms[label] += 1
                self.warn(term_at, f"taxonomy term {label!r} has no equivalent in taxonomy.yaml")
                continue
            for key in keys:
                self.take(term_at + (key,))
            facet, our_id = match
            if our_id not in found[facet]:
                found[facet].append(our_id)
        if not found["categories"]:
            if self.options.default_category:
                found["categories"].append(self.options.default_category)
                self.report.assumed.append((service_id, "category: the default category"))
            else:
                self.error(s + ("attributes",) if not self.v1 else s + ("service_taxonomys",),
                           "no taxonomy term maps to a category: add a mapping file (--map) "
                           "or give --default-category")
        return {facet: ids for facet, ids in found.items() if ids or facet == "categories"}

    def areas(self, service_id: str) -> list[str]:
        result: list[str] = []
        for at in self.items(self.at + ("service_areas",)):
            candidates = [v for k in ("name", "service_area", "description")
                          if isinstance(v := self.value(at + (k,)), str)]
            our_id = match_area(candidates, self.options.mapping, self.target) if candidates else None
            if our_id is None:
                label = candidates[0] if candidates else describe(at)
                self.report.unmapped_areas[label] += 1
                self.warn(at, f"service area {label[:80]!r} matches no area in site.yaml")
                continue
            for key in ("name", "service_area", "description"):
                self.take(at + (key,))
            if our_id not in result:
                result.append(our_id)
        if not result:
            if self.options.default_area:
                result.append(self.options.default_area)
                self.report.assumed.append((service_id, "service area: the default area"))
            else:
                self.error(self.at + ("service_areas",), "no service area matches an area in "
                           "site.yaml: add it to the mapping file (--map) or give --default-area")
        return result

    def _phone(self, at: At) -> dict[str, str] | None:
        raw = self.value(at + ("number",))
        if raw is None:
            return None
        number = str(raw).strip().strip('"').strip()
        try:
            number = check_phone(number)
        except ValueError as error:
            self.warn(at + ("number",), f"not imported: {error}")
            return None
        self.take(at + ("number",))
        phone = {"number": number}
        label = self.value(at + ("description",))
        if isinstance(label, str) and label.strip():
            self.take(at + ("description",))
            phone["label"] = label.strip()
        return phone

    def _checked(self, at: At, check: Any) -> str | None:
        value = self.value(at)
        if not isinstance(value, str) or not value.strip():
            return None
        try:
            result = check(value)
        except ValueError as error:
            self.warn(at, f"not imported: {error}")
            return None
        self.take(at)
        return result

    def _contacts(self, at: At) -> list[At]:
        """Contacts at `at` with no person's name (a team, a desk): organisation-level."""
        return [c for c in self.items(at + ("contacts",))
                if not person_name(str(self.value(c + ("name",)) or ""))]

    def contact(self, service_id: str) -> dict[str, Any]:
        s = self.at
        phones: list[dict[str, str]] = []
        places = [*self.items(s + ("phones",))]
        for contact in self._contacts(s):
            places += self.items(contact + ("phones",))
        for sal in self.items(s + ("service_at_locations",)):
            places += self.items(sal + ("phones",))
        places += self.items(s + ("organization", "phones"))
        for at in places:
            phone = self._phone(at)
            if phone and phone["number"] not in [p["number"] for p in phones]:
                phones.append(phone)
        emails = [s + ("email",), *(c + ("email",) for c in self._contacts(s)),
                  s + ("organization", "email")]
        email = None
        for at in emails:
            value = self.value(at)
            if isinstance(value, str) and personal_email(value):
                continue  # listed by find_personal
            email = email or self._checked(at, check_email)
        website = None
        for at in (s + ("url",), s + ("organization", "website"), s + ("organization", "url")):
            website = website or self._checked(at, check_url)
        contact = {"phones": phones, "email": email, "website": website}
        if not (phones or email or website):
            self.error(s, "no organisation-level phone, email or website to publish")
        return {k: v for k, v in contact.items() if v}

    def locations(self) -> list[dict[str, Any]]:
        result = []
        for sal in self.items(self.at + ("service_at_locations",)):
            at = sal + ("location",)
            if self.value(at + ("location_type",)) == "virtual":
                continue
            addresses = self.items(at + ("physical_addresses" if self.v1 else "addresses",))
            address = next((a for a in addresses if self.value(a + ("postal_code",))), None)
            if address is None:
                self.warn(at, "location not imported: it has no postcode")
                continue
            postcode = self._checked(address + ("postal_code",), check_postcode)
            if postcode is None:
                self.warn(at, "location not imported: its postcode is not a UK postcode")
                continue
            lines = [t for k in ("address_1", "address_2", "city") if (t := self.text(address + (k,)))]
            location: dict[str, Any] = {"address": lines or [postcode], "postcode": postcode}
            if name := self.text(at + ("name",)):
                location["name"] = name
            notes, features = [], []
            key = "accessibility_for_disabilities" if self.v1 else "accessibility"
            for item in self.items(at + (key,)):
                for field_name in ("description", "accessibility", "details"):
                    text = self.text(item + (field_name,))
                    if text and text not in notes:
                        notes.append(text)
            for feature, words in _ACCESS_WORDS.items():
                if any(word in " ".join(notes).lower() for word in words):
                    features.append(feature)
            if features:
                location["accessibility"] = features
            if notes:
                location["accessibility_notes"] = " ".join(notes)
            result.append(location)
        return result

    def hours(self) -> dict[str, Any]:
        key = "regular_schedules" if self.v1 else "schedules"
        hours, notes = [], []
        for at in self.items(self.at + (key,)):
            entry = self._weekly(at)
            description = self.text(at + ("description",))
            if entry:
                if description:
                    entry["note"] = description
                hours.append(entry)
            elif description:
                notes.append(description)
                self.warn(at, "not a weekly schedule with days and times: kept as hours_note")
            if extra := self.text(at + ("notes",)):
                notes.append(extra)
        result: dict[str, Any] = {"opening_hours": hours}
        if notes:
            result["hours_note"] = " ".join(dict.fromkeys(notes))
        return result

    def _weekly(self, at: At) -> dict[str, Any] | None:
        freq = self.value(at + ("freq",))
        byday, opens, closes = (self.value(at + (k,)) for k in ("byday", "opens_at", "closes_at"))
        if (freq not in (None, "WEEKLY", "weekly") or not isinstance(byday, str)
                or not isinstance(opens, str) or not isinstance(closes, str)):
            return None
        days = []
        for token in byday.replace(" ", "").split(","):
            if token.upper() not in _DAYS:
                return None  # "1MO" (first Monday) and the like: not weekly
            days.append(_DAYS[token.upper()])
        opens_at, closes_at = opens.strip()[:5], closes.strip()[:5]
        if not re.fullmatch(r"\d\d:\d\d", opens_at) or not re.fullmatch(r"\d\d:\d\d", closes_at):
            self.error(at + ("opens_at",), f"{opens!r}/{closes!r} are not times (HH:MM)")
            return None
        for k in ("freq", "byday", "opens_at", "closes_at", "interval"):
            self.take(at + (k,))
        return {"days": list(dict.fromkeys(days)), "opens_at": opens_at, "closes_at": closes_at}

    def cost(self, service_id: str) -> dict[str, Any]:
        s = self.at
        amounts, parts = [], []
        for at in self.items(s + ("cost_options",)):
            amount = self.take(at + ("amount",))
            if isinstance(amount, (int, float)) and not isinstance(amount, bool):
                amounts.append(amount)
                currency = str(self.take(at + ("currency",)) or "gbp").upper()
                money = f"£{amount:g}" if currency == "GBP" else f"{amount:g} {currency}"
                words = [money, self.text(at + ("amount_description",))]
                option = self.text(at + ("option",))
                parts.append(" ".join(w for w in words if w) + (f" ({option})" if option else ""))
        texts = [t for k in ("fees_description", "fees") if (t := self.text(s + (k,)))]
        details = "; ".join(dict.fromkeys(parts + texts)) or None
        if amounts and all(a == 0 for a in amounts) and not texts:
            return {"type": "free"}
        if any(a > 0 for a in amounts):
            return {"type": "paid", "details": details}
        if texts and all(t.lower() in ("free", "no charge", "none") for t in texts):
            return {"type": "free"}
        if details:
            return {"type": "varies", "details": details}
        self.report.assumed.append((service_id, "cost: not stated, set to 'varies'"))
        return {"type": "varies", "details": "Not stated: ask the service."}

    def access(self, service_id: str) -> dict[str, Any]:
        s = self.at
        how_to = self.text(s + ("application_process",))
        eligibility = [t for t in [self.text(s + ("eligibility_description",))] if t]
        for at in self.items(s + ("eligibilitys",)):
            if text := self.text(at + ("eligibility",)):
                eligibility.append(text)
        ages = [self.value(s + ("minimum_age",)), self.value(s + ("maximum_age",))]
        if self.v1:
            for at in self.items(s + ("eligibilitys",)):
                ages = [ages[0] or self.value(at + ("minimum_age",)),
                        ages[1] or self.value(at + ("maximum_age",))]
        if all(isinstance(a, int) for a in ages):
            eligibility.append(f"Ages {ages[0]} to {ages[1]}.")
            for key in ("minimum_age", "maximum_age"):
                self.take(s + (key,))
        referral = "self-or-professional" if how_to and "referr" in how_to.lower() else "self"
        self.report.assumed.append((service_id, f"referral: {referral} (ORUK does not say)"))
        sentences = [t if t[-1] in ".!?" else t + "." for t in eligibility]
        result = {"referral": referral, "how_to": how_to, "eligibility": " ".join(sentences)}
        return {k: v for k, v in result.items() if v}

    def languages(self) -> list[str]:
        result = []
        for at in self.items(self.at + ("languages",)):
            candidates = [v for k in ("code", "name", "language")
                          if isinstance(v := self.value(at + (k,)), str)]
            if not candidates:
                continue
            code = match_language(candidates, self.target)
            if code is None:
                self.report.unmapped_languages[candidates[0]] += 1
                continue
            for key in ("code", "name", "language"):
                self.take(at + (key,))
            if code not in result:
                result.append(code)
        return result

    def dates(self) -> dict[str, date]:
        """last_verified is when the source last assured the entry; added never later than it."""
        today = self.options.today
        found = []
        for key in ("assured_date", "last_modified"):
            value = self.value(self.at + (key,))
            try:
                found.append(date.fromisoformat(str(value)[:10]))
                self.take(self.at + (key,))
            except ValueError:
                if value is not None:
                    self.warn(self.at + (key,), f"{value!r} is not a date: ignored")
        verified = min(found[0], today) if found else today
        return {"added": min(today, verified), "last_verified": verified}

    def find_personal(self, at: At) -> None:
        """Named contacts and personal-looking emails anywhere in the service: withheld."""
        value = self.value(at)
        if isinstance(value, dict):
            for key, item in value.items():
                here = at + (key,)
                if key == "contacts" and isinstance(item, list):
                    for i, contact in enumerate(item):
                        name = contact.get("name") if isinstance(contact, dict) else None
                        if isinstance(name, str) and person_name(name):
                            held = sorted(k for k in contact if k in ("email", "phones", "title"))
                            self.withhold(here + (i,), f"named contact {name!r} ({', '.join(held)})")
                        else:
                            self.find_personal(here + (i,))
                elif key in ("attention", "updated_by") and isinstance(item, str) and item.strip():
                    self.withhold(here, f"a person's name {item!r}")
                elif isinstance(item, str) and "@" in item and personal_email(item.strip()):
                    self.withhold(here, f"personal email {item.strip()!r}")
                else:
                    self.find_personal(here)
        elif isinstance(value, list):
            for i in range(len(value)):
                self.find_personal(at + (i,))

    def withhold(self, at: At, what: str) -> None:
        self.withheld.add(at)
        self.report.withheld.append((describe(at), what))

    def count_dropped(self) -> None:
        def walk(at: At) -> None:
            if at in self.used or at in self.withheld:
                return
            value = self.value(at)
            if isinstance(value, dict) and value:
                for key in value:
                    walk(at + (key,))
            elif isinstance(value, list) and value:
                for i in range(len(value)):
                    walk(at + (i,))
            elif value is not None and value != "" and not any(at[:n] in self.used for n in range(len(at))):
                general = "".join("[]" if isinstance(p, int) else f".{p}" for p in at[len(self.at):])
                self.report.dropped[general.lstrip(".")] += 1
        walk(self.at)


def import_oruk(path: Path, target: Target, options: Options) -> ImportResult:
    """Convert every service in the dump; `problems.errors` non-empty means write nothing."""
    problems = ProblemList()
    report = ImportReport(path)
    try:
        doc = load_json(path)
    except JsonError as error:
        problems.error(error.path, error.line, error.column, error.message)
        raise ImportFailed(problems) from None
    shape, found = find_services(doc.data)
    report.shape = shape
    if shape == "unknown":
        problems.error(path, 1, 1, "no services found: expected a service, a list of services, "
                       "or a /services page with 'contents'")
        raise ImportFailed(problems)
    services: list[Service] = []
    taken = set(target.existing_ids)
    for at, data in found:
        if not isinstance(data, dict):
            line, column = doc.position(at)
            problems.error(path, line, column, f"{describe(at)}: a service must be an object")
            continue
        report.versions[detect_version(data)] += 1
        status = data.get("status")
        if isinstance(status, str) and status.lower() != "active":
            report.skipped.append((describe(at), f"status is {status!r}"))
            continue
        converter = _Converter(doc, at, data, target, options, report, problems)
        service = converter.convert(taken - target.existing_ids)
        converter.used.add(at + ("status",))
        converter.count_dropped()
        if service is None:
            continue
        if service.id in target.existing_ids:
            line, column = doc.position(at + ("name",))
            problems.error(path, line, column, f"{describe(at)}: services/{service.id}.yaml "
                           "already exists (imported before?): not overwritten")
            continue
        taken.add(service.id)
        services.append(service)
        report.services.append((service.id, service.name, describe(at)))
    return ImportResult(services, report, problems)
