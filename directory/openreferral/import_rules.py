"""How an Open Referral dump is recognised, and the rules that spot personal data.

Kept apart from the conversion so the heuristics can be read, tested and tuned on their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

At = tuple[str | int, ...]

# Keys only ORUK 1.0 uses (3.0 renamed or removed them).
_V1_KEYS = {"regular_schedules", "holiday_schedules", "service_taxonomys", "eligibilitys",
            "fundings", "reviews", "deliverable_type", "attending_type", "attending_access"}
_HSDS_ONLY = {"phones", "fees_description", "application_process", "eligibility_description",
              "alternate_name", "program", "required_documents"}
_ROLE_WORDS = re.compile(r"\b(team|desk|reception|office|line|service|services|helpline|enquir\w*|"
                         r"admin\w*|duty|centre|center|department|support|advice|info\w*|hub|"
                         r"contact|general|main|bookings?|referrals?|carers?)\b", re.IGNORECASE)
_PERSON_NAME = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx)\.? )?[A-Z][\w'’-]*\.?(?: [A-Z][\w'’-]*\.?){1,3}$")
_PERSONAL_EMAIL = re.compile(r"^[a-z]+[._-][a-z]+(?:[._-][a-z]+)?@", re.IGNORECASE)
_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.DOTALL)
SUMMARY_LENGTH = 160


def personal_email(address: str) -> bool:
    """`firstname.lastname@…` names a person; `carers.team@…` does not."""
    local = address.split("@", 1)[0]
    return bool(_PERSONAL_EMAIL.match(address)) and not _ROLE_WORDS.search(local.replace(".", " ")
                                                                           .replace("_", " "))


def person_name(name: str) -> bool:
    """`Ann Persona` is a person; `Reception`, `Carers Team` are not."""
    return bool(_PERSON_NAME.match(name.strip())) and not _ROLE_WORDS.search(name)


@dataclass
class ImportReport:
    """What an import did and did not carry over, for the editor to review."""

    source: Path
    shape: str = ""
    versions: Counter[str] = field(default_factory=Counter)
    services: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, from (path)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # path, reason
    unmapped_terms: Counter[str] = field(default_factory=Counter)
    unmapped_areas: Counter[str] = field(default_factory=Counter)
    unmapped_languages: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)  # `schedules[].byweekno` -> count
    withheld: list[tuple[str, str]] = field(default_factory=list)  # path, what
    assumed: list[tuple[str, str]] = field(default_factory=list)  # id, what was assumed

    def as_dict(self) -> dict[str, Any]:
        return {"source": str(self.source), "shape": self.shape, "versions": dict(self.versions),
                "services": [{"id": i, "name": n, "from": p} for i, n, p in self.services],
                "skipped": [{"at": p, "reason": r} for p, r in self.skipped],
                "unmapped_terms": dict(sorted(self.unmapped_terms.items())),
                "unmapped_areas": dict(sorted(self.unmapped_areas.items())),
                "unmapped_languages": dict(sorted(self.unmapped_languages.items())),
                "dropped_fields": dict(sorted(self.dropped.items())),
                "personal_data_withheld": [{"at": p, "what": w} for p, w in self.withheld],
                "assumed": [{"id": i, "what": w} for i, w in self.assumed]}


def find_services(data: Any) -> tuple[str, list[tuple[At, Any]]]:
    """The shape of the dump and each service in it with its path."""
    if isinstance(data, list):
        return "list of services", [((i,), item) for i, item in enumerate(data)]
    if isinstance(data, dict):
        for key, shape in (("contents", "page of /services (3.0)"),
                           ("content", "page of /services (1.0)"),
                           ("services", "object with a services list")):
            if isinstance(data.get(key), list):
                return shape, [((key, i), item) for i, item in enumerate(data[key])]
        if "name" in data or "id" in data:
            return "single service", [((), data)]
    return "unknown", []


def detect_version(service: dict[str, Any]) -> str:
    """ORUK 1.0, or 3.0 (HSDS 3.0 when it has fields the UK profile removed), by its keys."""
    keys = set(service)
    if keys & _V1_KEYS:
        return "ORUK 1.0"
    return "HSDS 3.0" if keys & _HSDS_ONLY else "ORUK 3.0"


def summary_of(description: str) -> str:
    """The first sentence, shortened at a word if long: ORUK has no one-line summary."""
    text = " ".join(description.split())
    match = _SENTENCE.match(text)
    sentence = match.group(1) if match else text
    if len(sentence) <= SUMMARY_LENGTH:
        return sentence
    return sentence[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def format_report(report: ImportReport, written: bool) -> str:
    """The import report as plain text, for the terminal."""
    lines = [f"{report.source}: {report.shape}; "
             + ", ".join(f"{n} {v}" for v, n in sorted(report.versions.items()))]
    verb = "imported" if written else "would be imported (dry run)"
    lines.append(f"{len(report.services)} service(s) {verb}:")
    lines += [f"  services/{i}.yaml  {n}  (from {p})" for i, n, p in report.services]
    for title, items in (("Skipped", [f"{p}: {r}" for p, r in report.skipped]),
                         ("Unmapped taxonomy terms", _counted(report.unmapped_terms)),
                         ("Unmapped service areas", _counted(report.unmapped_areas)),
                         ("Unmapped languages", _counted(report.unmapped_languages)),
                         ("Personal data withheld (not imported)",
                          [f"{p}: {w}" for p, w in report.withheld]),
                         ("Assumed (check these)", [f"{i}: {w}" for i, w in report.assumed]),
                         (f"Fields dropped ({sum(report.dropped.values())} values with no place "
                          "in the catalogue's format; --report lists each field)",
                          _counted(_by_top_field(report.dropped)))):
        if items:
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in items]
    return "\n".join(lines)


def _counted(counter: Counter[str]) -> list[str]:
    return [f"{name[:100]} ({count})" for name, count in sorted(counter.items())]


def _by_top_field(dropped: Counter[str]) -> Counter[str]:
    """`schedules[].byweekno` and `schedules[].wkst` count under `schedules`."""
    result: Counter[str] = Counter()
    for name, count in dropped.items():
        result[name.split(".")[0].removesuffix("[]")] += count
    return result
