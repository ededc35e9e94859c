"""The Open Referral files the tests read are unmodified copies of the team's reference folder."""

from __future__ import annotations

import pytest
from oruk_support import FIXTURES, SHARED


def test_every_fixture_is_byte_identical_to_the_reference_copy():
    copies = sorted(p for p in FIXTURES.rglob("*.json"))
    assert len(copies) == 9, copies
    if not SHARED.is_dir():
        pytest.skip(f"the reference folder {SHARED} is not beside this clone")
    changed = [str(p.relative_to(FIXTURES)) for p in copies
               if p.read_bytes() != (SHARED / p.relative_to(FIXTURES)).read_bytes()]
    assert changed == []
