"""The monthly bulletin, the figures page, retired services (tombstones) and JSON-LD."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from support import FIXTURE, REPO, TODAY, Content

from directory.figures import growth, providers
from directory.pipeline import build
from directory.plan import plan_site
from directory.updates import bulletin_months
from directory.validate import load_catalogue

RETIRED = """services:
  - id: old-lunch-club
    name: Old lunch club
    organization: Eastbridge Lunch Friends
    retired: 2026-10-20
    reason: The hall closed.
    replaced_by: [dementia-cafe]
"""


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Content:
    root = tmp_path_factory.mktemp("bulletin") / "content"
    shutil.copytree(FIXTURE, root)
    content = Content(root)
    content.write("retired.yaml", RETIRED)
    # A name that tries to end the JSON-LD script element early.
    content.replace("services/dementia-cafe.yaml", "name: Dementia carers' café",
                    'name: "Dementia café </script><script>alert(1)</script> & more"')
    return content


@pytest.fixture(scope="module")
def catalogue(content: Content):
    catalogue, problems = load_catalogue(content.root, TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue


@pytest.fixture(scope="module")
def site(content: Content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bulletin-site") / "site"
    build(content.root, out, REPO / "templates", today=TODAY)
    return out


def main(site: Path, path: str) -> str:
    html = (site / path).read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def text(html: str) -> str:
    """What a reader sees: tags dropped (a line break or a new element is a space)."""
    html = re.sub(r"<br>|<(?:p|li|h[1-6]|dt|dd|td|th)\b", lambda m: " " + m.group(0), html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


# --- the bulletin ------------------------------------------------------------------------------

def test_a_bulletin_page_for_every_month_with_news(catalogue, site: Path):
    months = [m.key for m in bulletin_months(catalogue)]
    assert months == ["2026-10", "2026-09", "2025-08", "2025-06", "2025-01", "2024-03", "2023-05"]
    for lang in ("en", "bn", "ur"):
        written = sorted(p.stem for p in (site / lang / "bulletin").glob("20*.html"))
        assert written == sorted(months), lang
    index = main(site, "en/bulletin/index.html")
    assert [m for m in re.findall(r'href="(20[0-9-]+)\.html"', index)] == months


def test_a_month_lists_updated_removed_and_awarded_services(site: Path):
    october = text(main(site, "en/bulletin/2026-10.html"))
    assert "What's new: October 2026" in october
    assert "No new services this month." in october
    assert "Carer's assessment in Northmoor (Testshire Council · checked on 1 October 2026)" in october
    assert "Old lunch club (Eastbridge Lunch Friends · removed on 20 October 2026) The hall closed." \
        in october
    june = text(main(site, "en/bulletin/2025-06.html"))
    assert "Evening sitting service:" in june and "awarded on 1 June 2025" in june
    may = main(site, "en/bulletin/2023-05.html")
    assert 'href="../services/dementia-cafe.html"' in may  # new that month
    assert 'rel="next"' in may and 'rel="prev"' not in may  # the oldest month


def test_a_service_checked_in_the_month_it_was_added_is_only_new(catalogue):
    by_key = {m.key: m for m in bulletin_months(catalogue)}
    for month in by_key.values():
        assert not {e.id for e in month.new} & {e.id for e in month.updated}, month.key
    assert [e.id for e in by_key["2024-03"].new] == ["sitting-service"]
    assert [e.id for e in by_key["2026-09"].updated] == ["sitting-service"]


# --- retired services ---------------------------------------------------------------------------

def test_a_retired_service_keeps_a_page_at_its_old_address(site: Path):
    path = "en/services/old-lunch-club.html"
    html = (site / path).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    body = text(main(site, path))
    assert "This service is no longer listed in the directory." in body
    assert "The hall closed." in body
    assert 'href="dementia-cafe.html"' in main(site, path)  # replaced_by
    assert "old-lunch-club" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for index in (site / "search").rglob("*"):
        if index.is_file():
            assert "old-lunch-club" not in index.read_text(encoding="utf-8"), index
    translated = main(site, "ur/services/old-lunch-club.html")
    assert '<span lang="en" dir="ltr">Old lunch club</span>' in translated


@pytest.mark.parametrize("retired, message", [
    ("services:\n  - id: sitting-service\n    name: Sitting\n    retired: 2026-01-01\n",
     "retired.yaml:2:9: error: 'sitting-service' is retired here but services/sitting-service.yaml "
     "still lists it"),
    ("services:\n  - id: gone\n    name: Gone\n    retired: 2026-01-01\n"
     "    replaced_by: [sitting-servise]\n",
     "retired.yaml:5:19: error: unknown service 'sitting-servise' (not in services/); did you "
     "mean 'sitting-service'?"),
    ("services:\n  - id: gone\n    name: Gone\n    retired: 2026-01-01\n"
     "  - id: gone\n    name: Gone again\n    retired: 2026-02-01\n",
     "retired.yaml:5:5: error: duplicate retired service id 'gone'"),
    ("services:\n  - id: gone\n    name: Gone\n    retired: last week\n",
     "retired.yaml:4:14: error: 'last week' is not a valid date"),
])
def test_retired_yaml_problems_point_at_their_line(tmp_path: Path, retired: str, message: str):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    Content(root).write("retired.yaml", retired)
    catalogue, problems = load_catalogue(root, TODAY)
    assert catalogue is None
    assert any(message in p.format() for p in problems), \
        [p.format() for p in problems]


# --- figures ------------------------------------------------------------------------------------

def test_figures_count_services_providers_and_facets(catalogue, site: Path):
    assert providers(catalogue) == 3
    page = main(site, "en/figures.html")
    assert text(page).startswith("Figures")
    assert "Services listed 3" in text(page) and "Organisations running them 3" in text(page)

    def rows(section: str) -> dict[str, str]:
        block = page[page.index(f'id="by-{section}"'):]
        block = block[:block.index("</table>")]
        return {text(label): count for label, count in
                re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', block)}

    assert rows("areas") == {"Northmoor": "3", "Eastbridge": "1"}
    assert rows("cost") == {"Free": "2", "Paid": "1"}
    assert rows("categories")["Respite and breaks"] == "1"


def test_the_growth_chart_and_table_show_the_same_numbers(catalogue, site: Path):
    rows = growth(catalogue)
    assert (rows[0][0].isoformat(), rows[0][1:]) == ("2023-05-01", (1, 1))
    assert (rows[-1][0].isoformat(), rows[-1][1:]) == ("2025-01-01", (1, 3))
    assert len(rows) == 21  # every month from May 2023 to January 2025, empty ones too
    page = main(site, "en/figures.html")
    table = re.findall(r'<tr data-month="([0-9-]+)"><th scope="row">[^<]+</th><td>(\d+)</td>'
                       r"<td>(\d+)</td></tr>", page)
    assert [(m, int(a), int(t)) for m, a, t in table] == [
        (month.strftime("%Y-%m"), added, total) for month, added, total in rows]
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="growth-chart-title growth-chart-desc"' in svg
    bars = re.findall(r'height="([0-9.]+)"><title>[^<]+: (\d+)</title>', svg)
    assert len(bars) == len(rows)
    tallest = max(float(h) for h, _ in bars)
    for (height, total), (_, _, expected) in zip(bars, rows, strict=True):
        assert int(total) == expected
        assert float(height) == pytest.approx(tallest * expected / 3, abs=0.01)


def test_every_language_has_the_new_pages_in_the_plan(catalogue):
    kinds = {(p.kind, p.language) for p in plan_site(catalogue)}
    for lang in catalogue.languages:
        for kind in ("bulletin_index", "bulletin", "figures", "retired"):
            assert (kind, lang) in kinds


# --- JSON-LD and canonical URLs ------------------------------------------------------------------

def jsonld(site: Path, path: str) -> dict:
    html = (site / path).read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1, f"{path}: expected one JSON-LD block"
    return json.loads(found[0])


def test_service_pages_describe_the_service_in_json_ld(site: Path):
    assessment = jsonld(site, "en/services/northmoor-assessment.html")
    assert assessment["@type"] == "GovernmentService"  # commissioned
    assert assessment["url"] == "https://carers.example.org/en/services/northmoor-assessment.html"
    assert assessment["provider"] == {"@type": "Organization", "name": "Testshire Council"}
    assert assessment["areaServed"] == [{"@type": "AdministrativeArea", "name": "Northmoor"}]
    assert assessment["isAccessibleForFree"] is True
    hours = assessment["hoursAvailable"][0]
    assert hours["@type"] == "OpeningHoursSpecification"
    assert hours["dayOfWeek"][0] == "https://schema.org/Monday" and hours["opens"] == "09:00"
    channels = assessment["availableChannel"]
    assert channels[0]["servicePhone"]["telephone"].startswith("+44")
    assert {c.get("serviceUrl", "")[:7] for c in channels} >= {"mailto:"}
    sitting = jsonld(site, "bn/services/sitting-service.html")
    assert sitting["@type"] == "Service" and sitting["inLanguage"] == "bn"
    assert sitting["isAccessibleForFree"] is False


def test_a_name_with_a_closing_script_tag_stays_inside_the_json(site: Path):
    html = (site / "en/services/dementia-cafe.html").read_text(encoding="utf-8")
    block = html[html.index('<script type="application/ld+json">'):]
    block = block[:block.index("</script>")]
    assert "<script>" not in block.split(">", 1)[1] and "&" not in block
    assert jsonld(site, "en/services/dementia-cafe.html")["name"] == (
        "Dementia café </script><script>alert(1)</script> & more")


def test_every_page_in_a_language_has_an_absolute_canonical_url(site: Path):
    for page in sorted((site / "en").rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="https://carers.example.org/{relative}">' in html, relative
