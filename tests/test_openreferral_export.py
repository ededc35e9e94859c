"""Open Referral UK export: every service of the fixture and of the example catalogue validates
against the official ORUK 3.0 and HSDS 3.0 schemas; the page envelope; stable, deterministic ids."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import oruk_support
import pytest
from support import FIXTURE, REPO, TODAY

from directory.openreferral.api import STATIC_PER_PAGE, OpenReferralApi
from directory.openreferral.export import OpenReferralExport
from directory.openreferral.ids import service_uuid, taxonomy_term_uuid
from directory.openreferral.paging import page_envelope
from directory.validate import load_catalogue

CATALOGUES = {"fixture": FIXTURE, "example": REPO / "content"}


def load(content) -> Any:
    catalogue, problems = load_catalogue(content, TODAY)
    assert catalogue is not None, [p.format() for p in problems.errors]
    return catalogue


@pytest.fixture(scope="module", params=sorted(CATALOGUES))
def export(request) -> OpenReferralExport:
    return OpenReferralExport(load(CATALOGUES[request.param]))


@pytest.fixture(scope="module")
def fixture_export() -> OpenReferralExport:
    return OpenReferralExport(load(FIXTURE))


@pytest.mark.parametrize("standard", oruk_support.STANDARDS)
def test_every_service_validates_against_the_compiled_service_schema(export, standard):
    validator = oruk_support.validator(standard, "service.json")
    assert export.services, "nothing was exported"
    problems = [p for record in export.services
                for p in oruk_support.errors(validator, record, record["name"])]
    assert problems == []


@pytest.mark.parametrize("standard", oruk_support.STANDARDS)
def test_every_list_item_validates_against_the_service_list_schema(export, standard):
    validator = oruk_support.validator(standard, "service_list.json")
    problems = [p for item in export.summaries for p in oruk_support.errors(validator, item, item["name"])]
    assert problems == []
    assert all("schedules" not in item and "organization" in item for item in export.summaries)


def _undeclared(instance: Any, schemas: list[dict], where: str) -> list[str]:
    """Keys that neither schema declares at that place (a misspelt field would pass validation,
    since neither schema forbids extra fields)."""
    found = []
    if isinstance(instance, dict):
        for key, value in instance.items():
            inner = [s["properties"][key] for s in schemas if key in s.get("properties", {})]
            if not inner:
                found.append(f"{where}/{key}")
            found += _undeclared(value, inner, f"{where}/{key}")
    elif isinstance(instance, list):
        inner = [s["items"] for s in schemas if isinstance(s.get("items"), dict)]
        for item in instance:
            found += _undeclared(item, inner, f"{where}[]")
    return found


def test_every_exported_field_is_a_field_of_oruk_or_hsds(export):
    schemas = [oruk_support.validator(standard, "service.json").schema
               for standard in oruk_support.STANDARDS]
    undeclared = {path for record in export.services for path in _undeclared(record, schemas, "")}
    assert sorted(undeclared) == []


def test_the_fields_of_a_service_map_as_documented(fixture_export):
    record = fixture_export.by_uuid[service_uuid("https://carers.example.org/", "sitting-service")]
    assert record["name"] == "Evening sitting service"
    assert record["status"] == "active"
    assert record["organization"]["name"] == "Eastbridge Care Partners"
    assert record["assured_date"] == "2026-09-15"
    assert record["last_modified"] == "2026-09-15T00:00:00Z"
    assert [p["number"] for p in record["phones"]] == ["020 7946 0456"]
    [schedule] = record["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == \
        ("WEEKLY", "SA,SU", "10:00:00", "22:00:00")
    assert [a["name"] for a in record["service_areas"]] == ["Eastbridge", "Northmoor"]
    [address] = record["service_at_locations"][0]["location"]["addresses"]
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == \
        ("1 Station Road", "Eastbridge", "EB2 7QT", "GB")
    assert [a["description"] for a in record["service_at_locations"][0]["location"]["accessibility"]] \
        == ["Step-free access", "Accessible toilet"]
    [cost] = record["cost_options"]
    assert cost["option"] == "Paid" and cost["amount_description"] == "£18 an hour" and "amount" not in cost
    assert "Ensuring Quality award (Testshire Council), awarded 2025-06-01, valid until 2027-06-01" \
        == record["accreditations"]
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in record["attributes"]}
    assert {("categories", "respite"), ("audiences", "working-carers"), ("conditions", "dementia"),
            ("referral", "self-or-professional"), ("payment", "direct-payment")} <= terms


def test_a_service_can_be_traced_to_its_entry_and_page(fixture_export):
    for entry, record in zip(fixture_export.catalogue.services, fixture_export.services, strict=True):
        values = {a["taxonomy_term"]["code"]: a.get("value") for a in record["attributes"]
                  if a["taxonomy_term"]["taxonomy"] == "community-catalogue"}
        assert values == {"identifier": entry.id,
                          "page": f"https://carers.example.org/en/services/{entry.id}.html"}


def test_term_links_carry_the_term_and_taxonomy_ids_both_standards_use(fixture_export):
    record = fixture_export.services[0]
    for attribute in record["attributes"]:
        term = attribute["taxonomy_term"]
        assert attribute["taxonomy_term_id"] == term["id"]
        assert term["taxonomy_id"] == term["taxonomy_detail"]["id"]
        assert term["id"] == taxonomy_term_uuid("https://carers.example.org/", term["taxonomy"], term["code"])


def test_ids_are_uuid5_of_our_ids_stable_and_unique_per_catalogue():
    first = service_uuid("https://carers.example.org/", "sitting-service")
    assert uuid.UUID(first).version == 5
    assert first == service_uuid("https://carers.example.org/", "sitting-service")
    assert first != service_uuid("https://carers.other.example/", "sitting-service")
    assert first != service_uuid("https://carers.example.org/", "dementia-cafe")


def test_every_id_in_the_export_is_unique(export):
    seen: dict[str, str] = {}
    shared = {"organization", "taxonomy_term", "taxonomy_detail"}  # the same record, nested again

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            if "id" in value and where.rsplit("/", 1)[-1] not in shared:
                assert value["id"] not in seen, f"{where} reuses the id of {seen.get(value['id'])}"
                seen[value["id"]] = where
            for key, inner in value.items():
                walk(inner, f"{where}/{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for record in export.services:
        walk(record, record["name"])


def test_the_export_is_deterministic():
    first = OpenReferralApi(OpenReferralExport(load(FIXTURE))).static_files()
    second = OpenReferralApi(OpenReferralExport(load(FIXTURE))).static_files()
    assert {path: r.text() for path, r in first.items()} == {path: r.text() for path, r in second.items()}
    text = first["services.json"].text()
    assert text.endswith("]\n") and '"£18 an hour"' in text  # UTF-8 text, not \u escapes


def test_the_default_language_is_exported_not_translations(fixture_export):
    """The fixture has Bengali and Urdu translations of its entries: none of their text leaks in."""
    text = OpenReferralApi(fixture_export).handle("services.json").text()
    assert not [c for c in text if "\u0980" <= c <= "\u09ff" or "\u0600" <= c <= "\u06ff"]
    assert {r["name"] for r in fixture_export.services} == \
        {e.service.name for e in fixture_export.catalogue.services}


# --- the page envelope -------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "per_page", "page", "expected"), [
    # total, per page, page → (total_pages, size, first_page, last_page, empty)
    (0, 50, 1, (1, 0, True, True, True)),
    (1, 50, 1, (1, 1, True, True, False)),
    (49, 50, 1, (1, 49, True, True, False)),
    (50, 50, 1, (1, 50, True, True, False)),
    (50, 50, 2, (1, 0, False, True, True)),
    (51, 50, 1, (2, 50, True, False, False)),
    (51, 50, 2, (2, 1, False, True, False)),
    (100, 50, 2, (2, 50, False, True, False)),
    (101, 50, 2, (3, 50, False, False, False)),
    (101, 50, 3, (3, 1, False, True, False)),
    (3, 1, 2, (3, 1, False, False, False)),
])
def test_page_envelope_around_page_boundaries(total, per_page, page, expected):
    items = list(range(total))
    envelope = page_envelope(items, page, per_page)
    got = (envelope["total_pages"], envelope["size"], envelope["first_page"], envelope["last_page"],
           envelope["empty"])
    assert got == expected
    assert envelope["total_items"] == total and envelope["page_number"] == page
    assert envelope["contents"] == items[(page - 1) * per_page:page * per_page]


def test_page_envelope_matches_the_page_schema_of_the_oruk_api():
    spec = oruk_support.load(oruk_support.require_shared() / "oruk-3" / "schema" / "openapi.json")
    page_schema = spec["components"]["schemas"]["Page"]
    envelope = page_envelope([1, 2, 3], 1, 2)
    assert set(envelope) - {"contents"} == set(page_schema["properties"])
    problems = oruk_support.errors(oruk_support.Draft202012Validator(page_schema), envelope, "page")
    assert problems == []


def test_static_pages_hold_every_service_once_in_catalogue_order(export):
    files = OpenReferralApi(export).static_files()
    pages = sorted((p for p in files if p.startswith("services/page-")),
                   key=lambda p: int(p.split("-")[1].split(".")[0]))
    listed = [item["id"] for p in pages for item in files[p].body["contents"]]
    assert listed == [record["id"] for record in export.services]
    assert all(files[p].body["size"] <= STATIC_PER_PAGE for p in pages)
    assert files["services/index.json"].body == files["services/page-1.json"].body
    assert {p for p in files if p.startswith("services/") and not p.startswith("services/page-")
            and p != "services/index.json"} == {f"services/{r['id']}.json" for r in export.services}


@pytest.mark.parametrize("services", ["all", "none"])
def test_static_files_made_one_service_at_a_time_are_the_same_bytes(export, services):
    """The build writes `static_texts` (low memory); the server answers `static_files`."""
    if services == "none":
        catalogue = dataclasses.replace(export.catalogue, services=[])
        export = OpenReferralExport(catalogue)
    api = OpenReferralApi(export)
    expected = [(path, response.text().encode("utf-8"))
                for path, response in sorted(api.static_files().items())]
    assert list(api.static_texts()) == expected
