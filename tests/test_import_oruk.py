"""`catalogue import oruk`: Open Referral dumps (ORUK 1.0, ORUK/HSDS 3.0) become service entries.

The shared ORUK and HSDS examples import, and what did not fit (areas, terms, dropped fields,
personal data) is reported; broken input is reported with its place and writes nothing; an
imported entry exports again as ORUK that validates against the official schemas.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import oruk_support
import pytest
import support
from click.testing import CliRunner

from directory.commands.importing import import_group
from directory.openreferral.ids import service_uuid
from directory.openreferral.import_mapping import Mapping
from directory.openreferral.import_oruk import Options, import_oruk
from directory.openreferral.import_rules import person_name, personal_email
from directory.openreferral.import_write import ImportFailed, load_target, write_services
from directory.pipeline import build
from directory.problems import ProblemList

OPTIONS = Options(support.TODAY, Mapping(terms={"name": "peer-support"}), default_area="northmoor")


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(support.FIXTURE, root)
    return root


def example(standard: str, name: str = "service_full.json") -> Path:
    return oruk_support.require_shared() / standard / "examples" / name


def convert(path: Path, content: Path, options: Options = OPTIONS):
    return import_oruk(path, load_target(content, ProblemList()), options)


def write_json(folder: Path, data: object) -> Path:
    path = folder / "dump.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


V1_SERVICE = {
    "id": "1", "name": "Carers Café", "description": "A weekly café for carers. Come along.",
    "status": "active", "url": "https://www.example.org/cafe", "fees": "Free",
    "organization": {"id": "o1", "name": "Northmoor Carers"},
    "contacts": [{"id": "c1", "name": "Reception", "phones": [{"id": "p1", "number": "020 7946 0999"}]},
                 {"id": "c2", "name": "Jane Smith", "title": "Manager",
                  "phones": [{"id": "p2", "number": "07700 900123"}]}],
    "regular_schedules": [{"id": "r1", "opens_at": "10:00", "closes_at": "12:00", "byday": "MO,WE",
                           "freq": "WEEKLY"}],
    "service_areas": [{"id": "a1", "service_area": "Eastbridge"}],
    "service_taxonomys": [{"id": "t1", "taxonomy": {"id": "x", "name": "Peer support",
                                                     "vocabulary": "esd"}}],
    "service_at_locations": [{"id": "l1", "location": {
        "id": "l2", "name": "Town Hall", "physical_addresses": [
            {"id": "pa", "address_1": "1 High Street", "city": "Northmoor", "postal_code": "nm14ab"}],
        "accessibility_for_disabilities": [
            {"id": "ad", "accessibility": "Wheelchair access and a hearing loop"}]}}],
    "eligibilitys": [{"id": "e", "eligibility": "Adult carers"}],
    "languages": [{"id": "la", "language": "English"}],
}


def test_the_shared_examples_import_with_what_did_not_map_reported(catalogue: Path) -> None:
    oruk = convert(example("oruk-3"), catalogue)
    hsds = convert(example("hsds-3"), catalogue)
    assert not oruk.problems.errors and not hsds.problems.errors
    assert dict(oruk.report.versions) == {"ORUK 3.0": 1} and dict(hsds.report.versions) == {"HSDS 3.0": 1}
    service = hsds.services[0]
    assert (service.id, service.organization) == ("community-counselling", "Example Organization Inc.")
    assert service.contact.phones[0].number == "+44 1234 234567"  # the example's stray quotes removed
    assert [(h.days, h.opens_at, h.closes_at) for h in service.opening_hours] == \
        [(["thursday", "friday"], "10:00", "18:00")]
    assert service.cost.type == "paid" and service.cost.details.startswith("£35 per 1 hour session")
    # The example's US-style postcode 'ABC 1234' cannot be a UK location: reported, not imported.
    assert service.locations == []
    assert any("not a UK postcode" in p.message for p in hsds.problems.warnings)
    assert list(hsds.report.unmapped_areas.values()) == [1]
    assert hsds.report.unmapped_languages == {"ur": 1}  # the fixture's taxonomy has no Urdu
    assert hsds.report.dropped["schedules[].byweekno"] == 1 and hsds.report.dropped["funding[].source"] == 1
    withheld = dict(hsds.report.withheld)
    assert "named contact 'Ann Persona'" in withheld["contacts[0]"]
    assert "A. Persona" in withheld["service_at_locations[0].location.addresses[0].attention"]


def test_a_page_of_services_is_found_in_its_envelope(catalogue: Path) -> None:
    options = Options(support.TODAY, default_area="northmoor", default_category="respite")
    result = convert(example("oruk-3", "service_list.json"), catalogue, options)
    assert result.report.shape == "page of /services (3.0)"
    assert [s.name for s in result.services] == ["Community Counselling"]


def test_oruk_1_is_recognised_and_mapped_by_label_and_area_name(catalogue: Path, tmp_path: Path) -> None:
    path = write_json(tmp_path, {"totalElements": 1, "content": [V1_SERVICE]})
    result = convert(path, catalogue, Options(support.TODAY))
    assert not result.problems.errors, [p.format() for p in result.problems]
    assert dict(result.report.versions) == {"ORUK 1.0": 1}
    service = result.services[0]
    assert service.categories == ["peer-support"] and service.service_areas == ["eastbridge"]
    assert [p.number for p in service.contact.phones] == ["020 7946 0999"]  # Reception's, not Jane's
    assert service.locations[0].postcode == "NM1 4AB"
    assert service.locations[0].accessibility == ["hearing-loop", "step-free"]
    assert service.opening_hours[0].days == ["monday", "wednesday"]
    assert service.cost.type == "free" and service.languages == ["en"]
    assert service.access.eligibility == "Adult carers."
    assert ("content[0].contacts[1]", "named contact 'Jane Smith' (phones, title)") in result.report.withheld


def test_unmapped_area_and_category_fail_the_entry_with_a_hint(catalogue: Path) -> None:
    result = convert(example("oruk-3"), catalogue, Options(support.TODAY))
    messages = [p.format() for p in result.problems.errors]
    assert any(":34:20: error: service_areas: no service area matches" in m and "--default-area" in m
               for m in messages), messages
    assert any("no taxonomy term maps to a category" in m for m in messages)
    assert result.report.unmapped_terms == {"name": 1}


def test_json_syntax_errors_have_line_and_column(catalogue: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "name": "x",\n  "description": "y"\n  "url": 1\n}\n', encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        convert(path, catalogue)
    [problem] = failure.value.problems.errors
    assert (problem.line, problem.column) == (4, 3) and "invalid JSON" in problem.message


def test_partial_input_is_reported_at_its_json_path_and_nothing_is_written(catalogue: Path,
                                                                           tmp_path: Path) -> None:
    good = dict(V1_SERVICE, name="Good service")
    bad_time = dict(V1_SERVICE, name="Bad times", regular_schedules=[
        {"opens_at": "ten", "closes_at": "12:00", "byday": "MO"}])
    nameless = {k: v for k, v in V1_SERVICE.items() if k != "name"}
    path = write_json(tmp_path, {"services": [good, bad_time, nameless]})
    result = convert(path, catalogue, Options(support.TODAY))
    errors = [p.format() for p in result.problems.errors]
    assert any("services[1].regular_schedules[0].opens_at: 'ten'/'12:00' are not times" in e for e in errors)
    assert any("services[2]: a service needs a name" in e for e in errors)
    before = sorted(p.name for p in (catalogue / "services").iterdir())
    runner = CliRunner()
    outcome = runner.invoke(import_group, ["oruk", str(path), "--out", str(catalogue)])
    assert outcome.exit_code == 1 and "nothing was written" in outcome.output
    assert sorted(p.name for p in (catalogue / "services").iterdir()) == before


def test_an_existing_entry_is_never_overwritten(catalogue: Path, tmp_path: Path) -> None:
    path = write_json(tmp_path, dict(V1_SERVICE, name="Sitting service"))
    original = (catalogue / "services" / "sitting-service.yaml").read_bytes()
    result = convert(path, catalogue, Options(support.TODAY))
    assert any("sitting-service.yaml already exists" in p.message for p in result.problems.errors)
    assert (catalogue / "services" / "sitting-service.yaml").read_bytes() == original


def test_personal_data_heuristics() -> None:
    assert personal_email("ann.persona@example.org") and not personal_email("carers.team@example.org")
    assert not personal_email("info@example.org") and not personal_email("email@example.com")
    assert person_name("Ann Persona") and person_name("Dr A. Khan")
    assert not person_name("Reception") and not person_name("Carers Support Team")


def test_import_writes_entries_that_export_as_valid_oruk_and_hsds(catalogue: Path,
                                                                 tmp_path: Path) -> None:
    """The round trip of the issue: import the shared examples, build, and the site's own
    Open Referral files validate."""
    for standard in oruk_support.STANDARDS:
        result = convert(example(standard), catalogue)
        result.services[:] = [s.model_copy(update={"id": f"{s.id}-{standard}"}) for s in result.services]
        write_services(result.services, load_target(catalogue, ProblemList()), result.problems)
    built = build(catalogue, tmp_path / "site", today=support.TODAY)
    base = built.catalogue.site.base_url
    imported = [json.loads((built.out / "openreferral" / "services" /
                            f"{service_uuid(base, f'community-counselling-{standard}')}.json")
                           .read_text(encoding="utf-8"))
                for standard in oruk_support.STANDARDS]
    assert [r["name"] for r in imported] == ["Community Counselling"] * 2
    for standard in oruk_support.STANDARDS:
        validator = oruk_support.validator(standard, "service.json")
        for record in imported:
            errors = [e.message for e in validator.iter_errors(record)]
            assert errors == [], (standard, errors)


def test_the_command_prints_the_report_and_writes_the_files(catalogue: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("terms:\n  name: peer-support\nareas:\n  "
                       "'The service is available to all residents of the MyCity area. We provide "
                       "the service in our offices or via video conferencing to any who can provide "
                       "evidence of their residency.': eastbridge\n", encoding="utf-8")
    group = click.Group(commands=[import_group])
    outcome = CliRunner().invoke(group, ["import", "oruk", str(example("oruk-3")), "--out", str(catalogue),
                                         "--map", str(mapping), "--report", str(tmp_path / "r.json")])
    assert outcome.exit_code == 0, outcome.output
    assert "1 service(s) imported" in outcome.output and "Personal data withheld" in outcome.output
    text = (catalogue / "services" / "community-counselling.yaml").read_text(encoding="utf-8")
    assert "service_areas: [eastbridge]" in text and "Ann Persona" not in text
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["versions"] == {"ORUK 3.0": 1}
