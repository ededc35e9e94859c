"""axe-core on one page of every page type, in every language, in light and dark colour schemes.

Pages open from file://, as the offline copy does; 404.html, which only ever comes from a web
server, opens through the local server so its stylesheet loads. The visits are made by the
session's `audit` fixture (see conftest.py); each page and scheme is its own test.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(sample_page, scheme, audit, axe_path):
    record = audit.get(sample_page, f"axe-{scheme}")
    assert not record.errors, f"{record.url}: {record.errors}"
    assert "error" not in record.axe, f"{record.url}: axe did not run: {record.axe['error']}"
    assert record.axe["dark"] == (scheme == "dark"), "the colour scheme was not emulated"
    violations = record.axe["violations"]
    lines = []
    for violation in violations:
        lines.append(f"{sample_page.path} ({scheme}): {violation['id']} [{violation['impact']}]: "
                     f"{violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    assert not violations, "axe found accessibility violations:\n" + "\n".join(lines)
