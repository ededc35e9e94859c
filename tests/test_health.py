"""The editors' health check: reviews and awards falling due, and likely duplicate services.

Dates are written relative to `support.TODAY`, so the story stays true whatever day it runs.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import REPO, TODAY, Content

from directory.catalogue import add_months
from directory.cli import check as check_command
from directory.duplicates import (
    MAX_SHARED,
    email_key,
    find_duplicate_pairs,
    name_similarity,
    phone_key,
    website_key,
)
from directory.pipeline import check
from directory.problems import Problem, Severity, format_github, summary

S = "services/sitting-service.yaml"
A = "services/northmoor-assessment.yaml"


def found(content: Content, severity: Severity | None = None) -> list[tuple[str, int, int, str]]:
    catalogue, problems = check(content.root, TODAY)
    assert catalogue is not None, [p.format() for p in problems.errors]
    return [(p.path.split("content/")[-1], p.line, p.column, p.message) for p in problems
            if severity is None or p.severity is severity]


def verified(content: Content, relative: str, day: date) -> None:
    text = content.read(relative)
    old = next(line for line in text.splitlines() if line.startswith("last_verified:"))
    content.replace(relative, old, f"last_verified: {day.isoformat()}")


# --- reviews and awards ----------------------------------------------------------------------

def test_review_overdue_is_a_warning_at_last_verified(content: Content):
    day = add_months(TODAY, -12)  # due today
    verified(content, S, day)
    assert (S, 34, 16, f"review due: last verified on {day}, more than 12 months ago") in found(
        content, Severity.WARNING)


@pytest.mark.parametrize("days_left", [1, 30])
def test_review_due_within_30_days_is_a_note(content: Content, days_left: int):
    due = TODAY + timedelta(days=days_left)
    day = add_months(due, -12)
    verified(content, S, day)
    notes = found(content, Severity.NOTE)
    assert (S, 34, 16, f"review due on {due}, within 30 days: last verified on {day}") in notes
    assert not any("review due" in message for *_, message in found(content, Severity.WARNING)
                   if S in _)


def test_review_due_in_31_days_says_nothing_yet(content: Content):
    verified(content, S, add_months(TODAY + timedelta(days=31), -12))
    assert not [p for p in found(content) if p[0] == S and "review" in p[3]]


@pytest.mark.parametrize(("expiry", "message"), [
    (TODAY, "Ensuring Quality award expired on {expiry}: re-check the provider or remove the mark"),
    (TODAY + timedelta(days=60), "Ensuring Quality award expires on {expiry}, within 60 days"),
])
def test_award_expired_or_expiring_is_a_warning_at_awarded(content: Content, expiry: date,
                                                           message: str):
    content.replace(S, "awarded: 2025-06-01", f"awarded: {add_months(expiry, -24)}")
    assert (S, 32, 14, message.format(expiry=expiry)) in found(content, Severity.WARNING)


def test_award_expiring_in_61_days_says_nothing(content: Content):
    content.replace(S, "awarded: 2025-06-01",
                    f"awarded: {add_months(TODAY + timedelta(days=61), -24)}")
    assert not [p for p in found(content) if "Ensuring Quality" in p[3]]


def test_notes_never_fail_check_even_strict_and_show_as_github_notices(content: Content):
    verified(content, S, add_months(TODAY + timedelta(days=10), -12))
    verified(content, "services/dementia-cafe.yaml", add_months(TODAY, -1))  # no warnings left:
    content.path("services/northmoor-assessment.bn.yaml").unlink()  # (not marked current)
    runner, env = CliRunner(), {"SOURCE_DATE_EPOCH": _epoch(TODAY)}
    strict = runner.invoke(check_command, ["--content", str(content.root), "--strict"], env=env)
    assert strict.exit_code == 0, strict.output
    assert "note: review due on" in strict.output
    assert strict.output.strip().endswith("1 note in 1 file")
    github = runner.invoke(check_command, ["--content", str(content.root), "--format", "github"],
                           env=env)
    assert github.output.startswith("::notice file=")
    as_json = runner.invoke(check_command, ["--content", str(content.root), "--format", "json"],
                            env=env)
    assert json.loads(as_json.output)["problems"][0]["severity"] == "note"


def test_summary_counts_each_severity():
    def problem(severity: Severity, path: str = "a.yaml") -> Problem:
        return Problem(path, 1, 1, severity, "m")
    assert summary([problem(Severity.NOTE)]) == "1 note in 1 file"
    assert summary([problem(Severity.ERROR), problem(Severity.WARNING, "b.yaml"),
                    problem(Severity.NOTE), problem(Severity.NOTE, "c.yaml")]) == (
        "1 error, 1 warning and 2 notes in 3 files")
    assert summary([problem(Severity.ERROR), problem(Severity.WARNING)]) == (
        "1 error and 1 warning in 1 file")
    assert format_github([problem(Severity.WARNING)]).startswith("::warning file=a.yaml,")


def _epoch(day: date) -> str:
    from datetime import UTC, datetime
    return str(int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()))


# --- duplicates ------------------------------------------------------------------------------

def service(content: Content, service_id: str, name: str, *, organization: str = "Another Trust",
            phone: str | None = None, email: str | None = None, website: str | None = None,
            areas: str = "[northmoor]") -> str:
    contact = ["contact:"]
    if phone:
        contact += ["  phones:", f"    - number: {phone}"]
    if email:
        contact.append(f"  email: {email}")
    if website:
        contact.append(f"  website: {website}")
    if len(contact) == 1:
        contact.append("  email: someone.else@example.net")
    content.write(f"services/{service_id}.yaml", "\n".join([
        f"id: {service_id}", f'name: "{name}"', f'organization: "{organization}"',
        "summary: S.", "description: D.", "categories: [respite]", f"service_areas: {areas}",
        *contact, "cost:", "  type: free", "access:", "  referral: self",
        f"added: {TODAY - timedelta(days=100)}", f"last_verified: {TODAY - timedelta(days=10)}",
        ""]))
    return f"services/{service_id}.yaml"


def duplicates(content: Content) -> list[tuple[str, int, int, str]]:
    return [p for p in found(content, Severity.WARNING) if "likely duplicate" in p[3]]


def test_fixture_has_no_duplicates(content: Content):
    assert duplicates(content) == []


def test_same_phone_written_differently_warns_on_both_files_at_the_number(content: Content):
    new = service(content, "carers-line", "Advice line for carers", phone="+44 (0)20 7946-0123")
    assert duplicates(content) == [
        (new, 10, 15, f'likely duplicate of {_shown(content, A)} ("Carer\'s assessment in '
                     'Northmoor"): same phone number'),
        (A, 17, 15, f'likely duplicate of {_shown(content, new)} ("Advice line for carers"): '
                    "same phone number"),
    ]


def test_same_email_in_another_case(content: Content):
    new = service(content, "x", "Something else entirely", email="Carers@Example.ORG")
    assert [(p[0], p[1], p[2]) for p in duplicates(content)] == [(A, 19, 10), (new, 9, 10)]
    assert duplicates(content)[1][3].endswith("same email")


@pytest.mark.parametrize("url", ["http://example.org/carers/", "https://WWW.Example.org/carers",
                                 "https://example.org:443/carers#top"])
def test_same_website_variants(content: Content, url: str):
    service(content, "x", "Something else entirely", website=url)
    assert [p[:2] for p in duplicates(content)] == [(A, 20), ("services/x.yaml", 9)]


@pytest.mark.parametrize("name", [
    "Carers assessment in Northmoor",  # apostrophe left out
    "Northmoor carer's assessment",  # words reordered
    "Carer's assesment in Northmoor",  # a typo
    "Carers' assessment, Northmoor",
])
def test_very_similar_name_in_the_same_area(content: Content, name: str):
    service(content, "x", name)
    assert [p[:3] for p in duplicates(content)] == [(A, 3, 7), ("services/x.yaml", 2, 7)]
    assert duplicates(content)[0][3].endswith("very similar name")


def test_similar_name_in_another_area_is_a_different_service(content: Content):
    service(content, "x", "Carer's assessment in Northmoor", areas="[eastbridge]")
    assert duplicates(content) == []


@pytest.mark.parametrize(("name", "organization"), [
    ("Carer's assessment in Eastbridge", "Another Trust"),  # an area name is not a typo
    ("Carers' emergency card", "Another Trust"),
    ("Carers' group for working carers", "Another Trust"),
    ("Young carers project", "Testshire Council"),
])
def test_no_false_positive_on_different_services(content: Content, name: str, organization: str):
    service(content, "x", name, organization=organization)
    assert duplicates(content) == []


def test_one_organisation_sharing_its_switchboard_is_not_a_duplicate(content: Content):
    service(content, "x", "Young carers project", organization="Testshire Council",
            phone="020 7946 0123", email="carers@example.org", website="https://example.org/carers")
    assert duplicates(content) == []


def test_one_organisation_sharing_a_contact_with_a_renamed_entry_is(content: Content):
    service(content, "x", "Assessment line for Northmoor", organization="Testshire Council",
            phone="020 7946 0123", email="carers@example.org")
    messages = [p[3] for p in duplicates(content)]
    assert len(messages) == 2
    assert messages[0].endswith("same phone number and email")


def test_every_reason_in_one_warning_per_file(content: Content):
    service(content, "x", "Carers assessment in Northmoor", phone="020 7946 0123",
            email="carers@example.org", website="https://example.org/carers")
    messages = [p[3] for p in duplicates(content)]
    assert len(messages) == 2
    assert messages[0].endswith("same phone number, email and website; very similar name")


def test_a_contact_shared_by_very_many_services_is_a_switchboard(content: Content):
    for index in range(MAX_SHARED):  # with northmoor-assessment: one more than MAX_SHARED
        service(content, f"s{index}", f"Service number {index}", phone="020 7946 0123",
                organization=f"Trust {index}")
    assert duplicates(content) == []


def test_normalisers():
    assert phone_key("+44 (0)20 7946 0123") == phone_key("020 7946 0123") == "02079460123"
    assert phone_key("0044 20 7946 0123") == "02079460123"
    assert phone_key("111") is None
    assert email_key(" Name@Example.ORG ") == "name@example.org"
    assert website_key("HTTP://www.Example.org/A/") == website_key("https://example.org/A")
    assert website_key("https://example.org/A") != website_key("https://example.org/a")
    assert website_key("https://example.org/?id=1") != website_key("https://example.org/?id=2")
    assert website_key("https://example.org:abc/") == "example.org", "a port that is no number"
    assert name_similarity("Carer's assessment in Eastbridge",
                           "Carer's assessment in Northmoor") == 0.5  # an area is not a typo
    assert name_similarity("Evening sitting service", "Evening siting service") == 1.0
    assert name_similarity("Coffee morning (Tuesday)", "Coffee morning (Thursday)") == 0.5


def test_example_catalogue_has_no_likely_duplicates():
    catalogue, problems = check(REPO / "content", TODAY)
    assert catalogue is not None and len(catalogue.services) >= 50
    assert [p.format() for p in problems if "likely duplicate" in p.message] == []


def test_near_linear_at_ten_thousand_services(content: Content):
    import time

    from directory.catalogue import Catalogue
    from directory.validate import load_catalogue

    catalogue, _ = load_catalogue(content.root, TODAY)
    assert isinstance(catalogue, Catalogue)
    template = catalogue.service("sitting-service")
    towns = ["Northmoor", "Eastbridge", "Kingsfield", "Ashworth", "Vale", "Riverside"]
    kinds = ["carers group", "dementia cafe", "sitting service", "advice line", "young carers",
             "benefits advice", "respite breaks", "peer support", "counselling", "training"]
    entries = []
    for index in range(10_000):
        number = f"020 {7000 + index // 1000:04d} {index % 1000:04d}"
        name = f"{towns[index % 6]} {kinds[index % 10]} {_word(index)}"
        contact = template.service.contact.model_copy(update={
            "phones": [template.service.contact.phones[0].model_copy(update={"number": number})],
            "email": f"s{index}@example.org", "website": f"https://example.org/s{index}"})
        entries.append(type(template)(template.service.model_copy(update={
            "id": f"s{index}", "name": name, "organization": f"Org {index}",
            "contact": contact}), Path(f"s{index}.yaml"), template.description_html))
    catalogue.services = entries
    started = time.perf_counter()
    pairs = find_duplicate_pairs(catalogue)
    seconds = time.perf_counter() - started
    assert pairs == []
    assert seconds < 10, f"{seconds:.1f} s for 10,000 services"


def _word(index: int) -> str:
    """A distinct made-up word per service (e.g. a place or a charity's name)."""
    letters = "bcdfghjklmnprstvz"
    word = ""
    while True:
        index, rest = divmod(index, len(letters))
        word += letters[rest] + "aeiou"[rest % 5]
        if not index:
            return word.capitalize()


def _shown(content: Content, relative: str) -> str:
    """How a path is named in a message: relative to the working directory when it can be."""
    path = (content.root / relative).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
