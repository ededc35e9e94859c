"""The typed content model: the single definition of what a catalogue holds.

These pydantic models check the shape of each file (types, required fields, unknown keys, formats
of phone numbers, postcodes, emails and URLs). The JSON Schema in `schema/service.schema.json` is
generated from `Service`, so editors' tools and the validator never disagree. Checks that need more
than one file (taxonomy ids, duplicate ids) live in `validate.py`.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# --- Formats ---------------------------------------------------------------------------------

IDENTIFIER_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
# Inward code letters never include C, I, K, M, O or V (Royal Mail), which catches O/0 typos.
_POSTCODE = re.compile(r"^(?:GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2})$")
_PHONE_SEPARATORS = re.compile(r"[\s().-]")
# 11 digits; 10 only for some 01 area codes and 0800 numbers (Ofcom's numbering plan).
_UK_NUMBER = re.compile(r"0[1-9][0-9]{9}|01[0-9]{8}|0800[0-9]{6}")
_SHORT_NUMBERS = re.compile(r"^(?:999|111|112|116[0-9]{3}|119)$")


def _text(value: Any) -> Any:
    """Numbers typed where text is meant (a short phone number such as 111) become text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


def check_identifier(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("an identifier must be text")
    if not _IDENTIFIER.match(value):
        raise ValueError(f"{value!r} is not a valid identifier: use lowercase letters, digits and "
                         "single hyphens, starting with a letter (e.g. 'respite-care')")
    return value


def check_phone(value: Any) -> str:
    value = _text(value)
    if not isinstance(value, str):
        raise ValueError("a phone number must be text")
    digits = _PHONE_SEPARATORS.sub("", value.strip())
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    if not (_UK_NUMBER.fullmatch(digits) or _SHORT_NUMBERS.match(digits)):
        raise ValueError(f"{value!r} is not a UK phone number: write 11 digits starting with 0 "
                         "(e.g. 020 7946 0123), +44, or a short number such as 111")
    return value.strip()


def phone_href(number: str) -> str:
    """`tel:` link in international form, which every phone dials correctly."""
    digits = _PHONE_SEPARATORS.sub("", number)
    if digits.startswith("+44"):
        return "tel:" + digits
    if digits.startswith("0"):
        return "tel:+44" + digits[1:]
    return "tel:" + digits


def check_postcode(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a postcode must be text")
    compact = re.sub(r"\s+", "", value).upper()
    normal = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    if not _POSTCODE.match(normal):
        raise ValueError(f"{value!r} is not a UK postcode (e.g. NM1 4AB)")
    return normal


def check_email(value: Any) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise ValueError(f"{value!r} is not an email address (e.g. name@example.org)")
    return value.strip()


def check_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a web address must be text")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value.strip():
        raise ValueError(f"{value!r} is not a web address: it must start with https:// or http://")
    return value.strip()


def check_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a valid date: write YYYY-MM-DD (e.g. 2026-03-31)")


def check_time(value: Any) -> str:
    if not isinstance(value, str) or not _TIME.match(value.strip()):
        raise ValueError(f"{value!r} is not a time: write 24-hour HH:MM (e.g. 09:30 or 17:00)")
    return value.strip()


def check_text(value: Any) -> str:
    value = _text(value)
    if not isinstance(value, str):
        raise ValueError("must be text")
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


Identifier = Annotated[str, BeforeValidator(check_identifier),
                       Field(json_schema_extra={"pattern": IDENTIFIER_PATTERN})]
Text = Annotated[str, BeforeValidator(check_text), Field(json_schema_extra={"minLength": 1})]
PhoneNumber = Annotated[str, BeforeValidator(check_phone), Field(json_schema_extra={
    "examples": ["020 7946 0123"],
    "pattern": r"^(\+44 ?|0)[0-9][0-9 ()-]{8,14}$|^(999|111|112|116 ?[0-9]{3}|119)$"})]
Postcode = Annotated[str, BeforeValidator(check_postcode), Field(json_schema_extra={
    "examples": ["NM1 4AB"], "pattern": r"^[A-Za-z]{1,2}[0-9][0-9A-Za-z]? ?[0-9][A-Za-z]{2}$"})]
Email = Annotated[str, BeforeValidator(check_email), Field(json_schema_extra={"format": "email"})]
Url = Annotated[str, BeforeValidator(check_url),
                Field(json_schema_extra={"format": "uri", "pattern": "^https?://"})]
ContentDate = Annotated[date, BeforeValidator(check_date)]
Time = Annotated[str, BeforeValidator(check_time),
                 Field(json_schema_extra={"pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"})]


class Strict(BaseModel):
    """Every content model refuses unknown keys, so a misspelt field is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- site.yaml -------------------------------------------------------------------------------

class Direction(StrEnum):
    LTR = "ltr"
    RTL = "rtl"


class Language(Strict):
    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    name: Text = Field(description="English name of the language")
    native_name: Text = Field(description="Name of the language in its own script")
    direction: Direction = Direction.LTR
    sample_translation: bool = Field(default=False, description="Translations are samples, "
                                     "drafted to show the feature, not checked by translators")


class Area(Strict):
    id: Identifier
    name: Text


class Publisher(Strict):
    name: Text
    url: Url | None = None


class Feedback(Strict):
    email: Email
    form_url: Url | None = None


class UrgentItem(Strict):
    title: Text
    description: Text | None = None
    phone: PhoneNumber | None = None
    url: Url | None = None

    @model_validator(mode="after")
    def _reachable(self) -> UrgentItem:
        if not self.phone and not self.url:
            raise ValueError("an urgent help item needs a phone or a url")
        return self


class UrgentHelp(Strict):
    intro: Text | None = None
    items: list[UrgentItem] = Field(min_length=1)


class Compliance(StrEnum):
    FULLY = "fully"
    PARTIALLY = "partially"
    NOT = "not"


class AccessibilityStatement(Strict):
    compliance: Compliance
    known_issues: list[Text] = []
    contact_email: Email
    contact_phone: PhoneNumber | None = None
    prepared_on: ContentDate
    last_reviewed: ContentDate
    tested_by: Text


class ExitPage(Strict):
    """GOV.UK's "Exit this page": a quick way off the site for someone who must not be seen
    reading about support (a young carer on a shared computer)."""

    enabled: bool = True
    url: Url = Field(description="A neutral page to go to, e.g. a weather forecast")


class SiteConfig(Strict):
    title: Text
    tagline: Text | None = None
    base_url: Url
    default_language: str
    languages: list[Language] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)
    review_interval_months: int = Field(default=12, ge=1, le=120)
    publisher: Publisher
    feedback: Feedback
    urgent_help: UrgentHelp
    accessibility_statement: AccessibilityStatement
    exit_page: ExitPage | None = None

    @model_validator(mode="after")
    def _default_language_declared(self) -> SiteConfig:
        codes = [language.code for language in self.languages]
        if self.default_language not in codes:
            raise ValueError(f"default_language {self.default_language!r} is not one of the "
                             f"declared languages ({', '.join(codes)})")
        return self


# --- taxonomy.yaml and glossary.yaml ---------------------------------------------------------

class Term(Strict):
    id: Identifier
    label: Text
    description: Text | None = None


class SpokenLanguage(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z]{2,3}$", description="ISO 639 language code")]
    label: Text


class QualityMarkScheme(Strict):
    id: Identifier
    name: Text
    awarding_body: Text
    validity_months: int = Field(ge=1, le=240)
    description: Text | None = None


class Taxonomy(Strict):
    categories: list[Term] = Field(min_length=1)
    audiences: list[Term] = []
    journey_stages: list[Term] = []
    conditions: list[Term] = []
    languages: list[SpokenLanguage] = []
    quality_marks: list[QualityMarkScheme] = []


class GlossaryTerm(Strict):
    id: Identifier
    term: Text
    aliases: list[Text] = []
    definition: Text


class Glossary(Strict):
    terms: list[GlossaryTerm] = []


# --- services/<id>.yaml ----------------------------------------------------------------------

class Phone(Strict):
    number: PhoneNumber
    label: Text | None = Field(default=None, description="What the number is for (HSDS: description)")

    @property
    def href(self) -> str:
        return phone_href(self.number)


class Contact(Strict):
    phones: list[Phone] = []
    email: Email | None = None
    website: Url | None = Field(default=None, description="HSDS: url")

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.phones or self.email or self.website):
            raise ValueError("contact needs at least one of phones, email or website")
        return self


class AccessibilityFeature(StrEnum):
    STEP_FREE = "step-free"
    LIFT = "lift"
    ACCESSIBLE_TOILET = "accessible-toilet"
    CHANGING_PLACES = "changing-places"
    HEARING_LOOP = "hearing-loop"
    PARKING = "parking"
    BLUE_BADGE_PARKING = "blue-badge-parking"
    QUIET_SPACE = "quiet-space"
    ASSISTANCE_DOGS = "assistance-dogs"


class Location(Strict):
    name: Text | None = None
    address: list[Text] = Field(min_length=1, description="Address lines, without the postcode")
    postcode: Postcode
    accessibility: list[AccessibilityFeature] = []
    accessibility_notes: Text | None = None


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


WEEKDAYS = list(Weekday)


class OpeningHours(Strict):
    days: list[Weekday] = Field(min_length=1, description="HSDS: schedules[].byday")
    opens_at: Time
    closes_at: Time
    note: Text | None = None

    @model_validator(mode="after")
    def _opens_before_closing(self) -> OpeningHours:
        if self.closes_at <= self.opens_at:
            raise ValueError(f"closes_at ({self.closes_at}) must be later than opens_at "
                             f"({self.opens_at})")
        return self


class CostType(StrEnum):
    FREE = "free"
    PAID = "paid"
    VARIES = "varies"


class Payment(StrEnum):
    SELF_FUNDED = "self-funded"
    DIRECT_PAYMENT = "direct-payment"
    PERSONAL_BUDGET = "personal-budget"


class Cost(Strict):
    type: CostType
    details: Text | None = None
    payment: list[Payment] = []

    @model_validator(mode="after")
    def _details_when_not_free(self) -> Cost:
        if self.type is not CostType.FREE and not self.details:
            raise ValueError(f"cost of type {self.type.value!r} needs details (what it costs)")
        return self


class Referral(StrEnum):
    SELF = "self"
    PROFESSIONAL = "professional"
    SELF_OR_PROFESSIONAL = "self-or-professional"


class Access(Strict):
    referral: Referral
    how_to: Text | None = Field(default=None, description="HSDS: application_process")
    eligibility: Text | None = Field(default=None, description="HSDS: eligibility_description")


class QualityMark(Strict):
    scheme: Identifier
    awarded: ContentDate


class Service(Strict):
    """One service entry, `content/services/<id>.yaml`."""

    model_config = ConfigDict(title="Community Catalogue service", extra="forbid", frozen=True,
                              str_strip_whitespace=True)

    id: Identifier = Field(description="Must equal the file name without .yaml")
    name: Text
    organization: Text = Field(description="Who runs the service (HSDS: organization.name)")
    summary: Text = Field(description="One sentence saying what the service offers")
    description: Text = Field(description="Markdown")
    categories: list[Identifier] = Field(min_length=1)
    audiences: list[Identifier] = []
    journey_stages: list[Identifier] = []
    conditions: list[Identifier] = []
    service_areas: list[Identifier] = Field(min_length=1)
    contact: Contact
    locations: list[Location] = []
    opening_hours: list[OpeningHours] = []
    hours_note: Text | None = None
    cost: Cost
    access: Access
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = []
    quality_marks: list[QualityMark] = []
    commissioned: bool = False
    added: ContentDate
    last_verified: ContentDate

    @model_validator(mode="after")
    def _verified_after_added(self) -> Service:
        if self.last_verified < self.added:
            raise ValueError("last_verified is earlier than added")
        return self


# --- retired.yaml: services no longer listed ------------------------------------------------

class RetiredService(Strict):
    """A tombstone: a closed service keeps a short page at its old address, and the bulletin
    says it was removed."""

    id: Identifier = Field(description="The id (file name) the service had")
    name: Text
    organization: Text | None = None
    retired: ContentDate = Field(description="When it stopped being listed")
    reason: Text | None = Field(default=None, description="Why, in one sentence")
    replaced_by: list[Identifier] = Field(default=[], description="Ids of listed services to "
                                          "suggest instead")


class RetiredServices(Strict):
    services: list[RetiredService] = []


# --- guidance and pages (front matter) -------------------------------------------------------

class PageMeta(Strict):
    title: Text
    summary: Text
    order: int = 100


class GuidanceMeta(PageMeta):
    journey_stages: list[Identifier] = []
    categories: list[Identifier] = []
    last_reviewed: ContentDate


def service_json_schema() -> dict[str, Any]:
    """The JSON Schema for service files, as committed in `schema/service.schema.json`."""
    schema = Service.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "service.schema.json"
    return dict(sorted(schema.items()))
