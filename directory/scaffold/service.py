"""A new service entry: answers checked against the model, written as commented YAML.

Library code for `catalogue new service` (and the example entry of `catalogue init`): no click
here, so scripts and tests can use it directly.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model import (
    CostType,
    Referral,
    Service,
    check_email,
    check_identifier,
    check_phone,
    check_text,
    check_url,
)
from .choices import Choices, unknown_id_message
from .yamltext import block_field, flow_list, scalar

_SURROGATE = re.compile("[\ud800-\udfff]")
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/service.schema.json"


class AnswerError(Exception):
    """Answers that would not make a valid entry: (answer field, message) for each."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors))


class ScaffoldError(Exception):
    """A file that cannot be written (it exists, or the folder is not usable)."""


@dataclass
class ServiceAnswers:
    """What `catalogue new service` asks; None or empty for optional answers not given."""

    id: str
    name: str
    organization: str
    summary: str
    description: str
    categories: list[str]
    service_areas: list[str]
    audiences: list[str] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    cost: str = CostType.FREE.value
    cost_details: str | None = None
    referral: str = Referral.SELF.value
    how_to: str | None = None
    eligibility: str | None = None


# One check per answer, so an interactive prompt can re-ask a single question.
FIELD_CHECKS = {
    "id": check_identifier, "name": check_text, "organization": check_text,
    "summary": check_text, "description": check_text, "phone": check_phone,
    "email": check_email, "website": check_url, "cost_details": check_text,
    "how_to": check_text, "eligibility": check_text,
}

# Where each answer lands in the entry, for naming the answer behind a model error.
_ANSWER_AT = {("contact", "phones"): "phone", ("contact", "email"): "email",
              ("contact", "website"): "website", ("contact",): "contact",
              ("cost", "type"): "cost", ("cost",): "cost_details", ("cost", "details"): "cost_details",
              ("access", "referral"): "referral", ("access", "how_to"): "how_to",
              ("access", "eligibility"): "eligibility", ("access",): "referral"}


def check_answer(name: str, value: Any) -> Any:
    """The answer as it will be written (trimmed), or ValueError saying what is wrong."""
    if isinstance(value, str) and _SURROGATE.search(value):
        # What Python makes of bytes that are not UTF-8 (e.g. a terminal in another encoding).
        raise ValueError("contains bytes that are not UTF-8 text: check your terminal's encoding")
    check = FIELD_CHECKS.get(name)
    return check(value) if check else value


def _answer_for(loc: tuple[Any, ...]) -> str:
    parts = tuple(part for part in loc if isinstance(part, str))
    for length in range(len(parts), 0, -1):
        if parts[:length] in _ANSWER_AT:
            return _ANSWER_AT[parts[:length]]
    return parts[0] if parts else "entry"


def _error_text(error: dict[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        return "is required"
    return message


def _data(answers: ServiceAnswers, today: date) -> dict[str, Any]:
    contact: dict[str, Any] = {}
    if answers.phone:
        contact["phones"] = [{"number": answers.phone}]
    if answers.email:
        contact["email"] = answers.email
    if answers.website:
        contact["website"] = answers.website
    cost: dict[str, Any] = {"type": answers.cost}
    if answers.cost_details:
        cost["details"] = answers.cost_details
    access: dict[str, Any] = {"referral": answers.referral}
    if answers.how_to:
        access["how_to"] = answers.how_to
    if answers.eligibility:
        access["eligibility"] = answers.eligibility
    return {"id": answers.id, "name": answers.name, "organization": answers.organization,
            "summary": answers.summary, "description": answers.description,
            "categories": list(answers.categories), "audiences": list(answers.audiences),
            "service_areas": list(answers.service_areas), "contact": contact, "cost": cost,
            "access": access, "added": today, "last_verified": today}


def validate_answers(answers: ServiceAnswers, choices: Choices, today: date) -> Service:
    """The entry these answers make, checked by the same model and references as `check`."""
    errors: list[tuple[str, str]] = []
    for facet, answer, what, source in (
            ("categories", "categories", "category", "taxonomy.yaml"),
            ("audiences", "audiences", "audience", "taxonomy.yaml"),
            ("areas", "service_areas", "area", "site.yaml areas")):
        known = {item_id for item_id, _ in getattr(choices, facet)}
        for value in getattr(answers, answer):
            if value not in known:
                errors.append((answer, unknown_id_message(value, getattr(choices, facet), what,
                                                          source)))
    try:
        service = Service.model_validate(_data(answers, today))
    except ValidationError as error:
        errors += [(_answer_for(item["loc"]), _error_text(item))
                   for item in error.errors(include_url=False)]
        raise AnswerError(errors) from None
    if errors:
        raise AnswerError(errors)
    return service


# --- writing ---------------------------------------------------------------------------------

def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}# ", break_on_hyphens=False)


def _available(choices: Choices, facet: str) -> str:
    ids = [item_id for item_id, _ in getattr(choices, facet)]
    return ", ".join(ids) if ids else "(none yet)"


def _labels(choices: Choices, facet: str, ids: list[str]) -> str:
    return "  # " + "; ".join(choices.label(facet, i) for i in ids) if ids else ""


def service_yaml(answers: ServiceAnswers, choices: Choices, today: date,
                 header: tuple[str, ...] = ()) -> str:
    """The entry as commented YAML that `check` accepts; raises AnswerError for bad answers.

    `header` adds comment lines at the top (e.g. to say an entry is an example).
    """
    service = validate_answers(answers, choices, today)
    lines = [SCHEMA_LINE]
    lines += [f"# {line}" if line else "#" for line in header]
    lines += _comment("One service of the directory. Every field is explained in "
                      "docs/content-format.md. After editing, run `catalogue check`; preview "
                      "the page with `catalogue serve`.")
    lines.append("")
    lines += _comment("The id: lowercase letters, digits and hyphens, equal to the file name. "
                      "It is part of the page's web address: do not change it once published.")
    lines.append(f"id: {service.id}")
    lines += _comment("The name carers will recognise, as the organisation uses it.")
    lines.append(f"name: {scalar(service.name)}")
    lines += _comment("Who runs the service.")
    lines.append(f"organization: {scalar(service.organization)}")
    lines += _comment("One sentence saying what the service offers, in plain English.")
    lines.append(f"summary: {scalar(service.summary)}")
    lines += _comment("What happens, who it is for and what to expect. Markdown: a blank line "
                      "between paragraphs, and a line starting with a dash for each item of a list.")
    lines += block_field("description", service.description).rstrip("\n").split("\n")
    lines += _comment("What kind of help: one or more ids from taxonomy.yaml categories: "
                      + _available(choices, "categories"))
    lines.append(f"categories: {flow_list(service.categories)}"
                 + _labels(choices, "categories", service.categories))
    lines += _comment("Who it is for (optional, ids from taxonomy.yaml audiences): "
                      + _available(choices, "audiences"))
    lines.append(f"audiences: {flow_list(service.audiences)}"
                 + _labels(choices, "audiences", service.audiences))
    lines += _comment("When in the caring journey it helps (optional): "
                      + _available(choices, "journey_stages"))
    lines.append("journey_stages: []")
    lines += _comment("Conditions of the person looked after (optional; empty means any "
                      "condition): " + _available(choices, "conditions"))
    lines.append("conditions: []")
    lines += _comment("Where it is available: one or more area ids from site.yaml: "
                      + _available(choices, "areas"))
    lines.append(f"service_areas: {flow_list(service.service_areas)}"
                 + _labels(choices, "areas", service.service_areas))
    lines += _contact_lines(service)
    lines += _comment("Where people go (leave out for phone, online or home-visit services). "
                      "To use it, remove the # signs:")
    lines += ["# locations:", "#   - name: Community Hall", "#     address: [1 High Street, Town]",
              "#     postcode: AB1 2XY",
              "#     accessibility: [step-free, accessible-toilet, hearing-loop, parking]"]
    lines += _comment("When it is open, 24-hour times in quotes (optional). To use it, remove "
                      "the # signs:")
    lines += ["# opening_hours:", "#   - days: [monday, tuesday, wednesday, thursday, friday]",
              '#     opens_at: "09:00"', '#     closes_at: "17:00"',
              "#     note: Closed on bank holidays"]
    lines += _comment("What it costs: type is free, paid or varies; details say how much "
                      "(needed unless it is free).")
    lines.append("cost:")
    lines.append(f"  type: {service.cost.type.value}")
    if service.cost.details:
        lines.append(f"  details: {scalar(service.cost.details)}")
    lines += _comment("How to start: referral is self (people contact the service "
                      "themselves), professional, or self-or-professional.")
    lines.append("access:")
    lines.append(f"  referral: {service.access.referral.value}")
    for key, value, example in (("how_to", service.access.how_to, "Call the advice line."),
                                ("eligibility", service.access.eligibility,
                                 "Anyone looking after someone who lives in the area.")):
        lines.append(f"  {key}: {scalar(value)}" if value else f"  # {key}: {example}")
    lines += _comment("Languages the service can be used in (optional): "
                      + _available(choices, "languages"))
    example_language = choices.languages[0][0] if choices.languages else "en"
    lines.append(f"# languages: [{example_language}]")
    lines += _comment("Quality awards (optional): scheme is one of "
                      + _available(choices, "quality_marks") + "; awarded is the date of the "
                      "award. Remove the # signs to use it:")
    example_mark = choices.quality_marks[0][0] if choices.quality_marks else "scheme-id"
    lines += ["# quality_marks:", f"#   - scheme: {example_mark}",
              f"#     awarded: {today.isoformat()}"]
    lines += _comment("true if the council pays for (commissions) the service.")
    lines.append("commissioned: false")
    lines += _comment("When the entry was added, and when its details were last checked with the "
                      "provider. Change last_verified each time you check: `catalogue check` "
                      f"warns {choices.review_interval_months} months after it.")
    lines.append(f"added: {service.added.isoformat()}")
    lines.append(f"last_verified: {service.last_verified.isoformat()}")
    return "\n".join(lines) + "\n"


def _contact_lines(service: Service) -> list[str]:
    contact = service.contact
    lines = _comment("How to get in touch: at least one phone number, email or website.")
    lines.append("contact:")
    if contact.phones:
        lines.append("  phones:")
        for phone in contact.phones:
            lines.append(f"    - number: {scalar(phone.number)}")
            lines.append("      # label: Advice line    # optional: what the number is for")
    else:
        lines.append("  # phones:")
        lines.append("  #   - number: 020 7946 0123")
    lines.append(f"  email: {scalar(contact.email)}" if contact.email
                 else "  # email: name@example.org")
    lines.append(f"  website: {scalar(contact.website)}" if contact.website
                 else "  # website: https://www.example.org/")
    return lines


def write_new(path: Path, text: str) -> Path:
    """Create `path` with `text`; never replace an existing file."""
    data = text.encode("utf-8")  # before creating the file, so a bad text leaves no file
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as file:
            file.write(data)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: nothing was written (choose another id "
                            "or name)") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {path}: {error.strerror}") from None
    return path


def service_path(content_dir: Path, service_id: str) -> Path:
    return content_dir / "services" / f"{service_id}.yaml"
