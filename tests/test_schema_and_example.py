"""The committed JSON Schema matches the model, and the example catalogue is complete and valid."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from support import REPO, TODAY

from directory.builders.site import schema_text
from directory.validate import load_catalogue

EXAMPLE = REPO / "content"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/service.schema.json"


def test_committed_schema_is_generated_from_the_model():
    committed = (REPO / "schema" / "service.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schema is stale: run `make schema` and commit it"


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text()))


SOURCES = sorted(p for p in (EXAMPLE / "services").glob("*.yaml") if "." not in p.stem)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_example_service_files_name_and_satisfy_the_schema(path):
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()),
                                                format_checker=jsonschema.FormatChecker())
    data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar as text, as an editor's tool
    data = json.loads(json.dumps(data))
    for key in ("commissioned",):
        if key in data:
            data[key] = data[key] == "true"
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_schema_rejects_what_the_validator_rejects():
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    bad = {"id": "Bad Id", "name": "x", "unknown": 1}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "Additional properties are not allowed" in messages
    assert "does not match" in messages
    assert "'organization' is a required property" in messages


def test_example_catalogue_is_complete_and_valid():
    catalogue, problems = load_catalogue(EXAMPLE, TODAY)
    assert problems.errors == []
    assert catalogue is not None
    assert len(catalogue.services) >= 40
    used = {c for e in catalogue.services for c in e.service.categories}
    assert len(used) >= 15
    assert len(catalogue.guidance) >= 8
    phones = [p.number for e in catalogue.services for p in e.service.contact.phones]
    assert phones and all(p.replace(" ", "").startswith("0207946") for p in phones)
    sites = [e.service.contact.website for e in catalogue.services if e.service.contact.website]
    assert all("example.org" in s for s in sites)
