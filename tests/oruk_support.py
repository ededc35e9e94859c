"""Open Referral schemas for the ORUK tests, read from `../shared/open-referral/` beside the repo.

Under CI=true a missing folder fails the tests that need it; elsewhere they skip, saying why.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import support
from jsonschema import Draft202012Validator, FormatChecker

SHARED = support.REPO.parent / "shared" / "open-referral"
STANDARDS = ("oruk-3", "hsds-3")


def require_shared() -> Path:
    if not (SHARED / "oruk-3" / "schema").is_dir() or not (SHARED / "hsds-3" / "schema").is_dir():
        message = f"the Open Referral schemas are not in {SHARED} (see README.md in that folder)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED


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
    """A validator for `<standard>/schema/compiled/<name>` (these have no `$ref`s)."""
    schema = load(require_shared() / standard / "schema" / "compiled" / name)
    return Draft202012Validator(schema, format_checker=format_checker())


def errors(validator: Draft202012Validator, instance: Any, label: str) -> list[str]:
    return [f"{label} {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(instance)]
