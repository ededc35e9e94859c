"""Open Referral schemas for the ORUK tests.

The tests read the official files from `tests/fixtures/open-referral/`, unmodified copies of the
few files they need from the team's reference folder `../shared/open-referral/`, so that they run
in any clean clone; `test_open_referral_fixtures.py` keeps the copies identical to that folder.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import support
from jsonschema import Draft202012Validator, FormatChecker

SHARED = support.REPO.parent / "shared" / "open-referral"  # the team's reference folder
FIXTURES = support.FIXTURE.parent / "open-referral"  # the copies the tests read
STANDARDS = ("oruk-3", "hsds-3")
# HSDS's fully inlined compiled/service.json is 2.3 MB; the fixtures hold the same schema with
# internal refs instead.
COMPILED_COPY = {("hsds-3", "service.json"): "service_with_definitions.json"}


def require_shared() -> Path:
    """The folder holding `oruk-3/` and `hsds-3/` (schemas and examples)."""
    return FIXTURES


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def format_checker() -> FormatChecker:
    """jsonschema's checker, plus `uri` and `date-time`, which it checks only when optional
    packages are installed: here they are always checked."""
    checker = FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme in ("http", "https", "mailto", "tel") and (parts.netloc or parts.path))

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return "T" in value and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None

    return checker


@cache
def validator(standard: str, name: str) -> Draft202012Validator:
    """A validator for `<standard>/schema/compiled/<name>` (refs, if any, are internal)."""
    copy = COMPILED_COPY.get((standard, name), name)
    schema = inline_definitions(load(require_shared() / standard / "schema" / "compiled" / copy))
    return Draft202012Validator(schema, format_checker=format_checker())


def inline_definitions(schema: dict) -> dict:
    """The schema with each internal `#/definitions/x` ref replaced by its definition, as in the
    fully inlined compiled files (the definitions are not recursive)."""
    definitions = schema.get("definitions", {})

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                return inline(definitions[ref.removeprefix("#/definitions/")])
            return {key: inline(inner) for key, inner in value.items() if key != "definitions"}
        if isinstance(value, list):
            return [inline(item) for item in value]
        return value

    return inline(schema)


def errors(validator: Draft202012Validator, instance: Any, label: str) -> list[str]:
    return [f"{label} {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(instance)]
