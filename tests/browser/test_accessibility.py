"""axe-core on one page of every page type, in every language, in light and dark colour schemes.

Pages open from file://, as the offline copy does. 404.html is the exception: it only ever comes
from a web server (its links start at the site root), so it is opened through the local server,
where its stylesheet loads and its colours can be checked.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SERVED_ONLY = {"not_found"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(sample_page, scheme, new_context, axe_path, file_url, server):
    page = new_context(bypass_csp=True).new_page()  # the CSP would block the injected axe script
    page.emulate_media(color_scheme=scheme)
    if sample_page.kind in SERVED_ONLY:
        url = f"{server}/{sample_page.path}"
    else:
        url = file_url(sample_page.path)
    response = page.goto(url)
    assert response is None or response.ok, f"{url}: HTTP {response.status}"
    assert page.evaluate(
        "matchMedia('(prefers-color-scheme: %s)').matches" % scheme), scheme
    page.add_script_tag(path=str(axe_path))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = results["violations"]
    lines = []
    for violation in violations:
        lines.append(f"{sample_page.path} ({scheme}): {violation['id']} [{violation['impact']}]: "
                     f"{violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    assert not violations, "axe found accessibility violations:\n" + "\n".join(lines)
