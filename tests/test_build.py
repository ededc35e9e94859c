"""The build as a whole: pages planned, golden output, determinism, atomicity."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from support import FIXTURE, REPO, TODAY, Content

from directory.pipeline import BuildFailed, build
from directory.plan import plan_site
from directory.validate import load_catalogue

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
GOLDEN_PAGES = [
    "index.html",
    "404.html",
    "en/index.html",
    "en/services/sitting-service.html",
    "en/services/index.html",
    "en/categories/respite.html",
    "en/categories/index.html",
    "en/guidance/carers-assessment.html",
    "en/glossary.html",
    "en/accessibility.html",
    "en/list-your-service.html",
    "en/print/index.html",  # the print edition (print_edition.py)
    "en/shortlist.html",
]


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    build(FIXTURE, out, REPO / "templates", today=TODAY)
    return out


def test_a_page_for_every_service_term_and_article(built: Path):
    catalogue, _ = load_catalogue(FIXTURE, TODAY)
    assert catalogue is not None
    for entry in catalogue.services:
        assert (built / "en" / "services" / f"{entry.id}.html").is_file()
    for term in catalogue.taxonomy.categories:
        assert (built / "en" / "categories" / f"{term.id}.html").is_file()
    for stage in catalogue.taxonomy.journey_stages:
        assert (built / "en" / "stages" / f"{stage.id}.html").is_file()
    for area in catalogue.site.areas:
        assert (built / "en" / "areas" / f"{area.id}.html").is_file()
    for article in catalogue.guidance:
        assert (built / "en" / "guidance" / f"{article.slug}.html").is_file()
    for name in ("en/glossary.html", "en/accessibility.html", "en/pages/about.html", "404.html",
                 "index.html", "en/services/index.html", "static/style.css",
                 "schema/service.schema.json"):
        assert (built / name).is_file(), name
    planned = {page.path for page in plan_site(catalogue)}
    html_files = {p.relative_to(built).as_posix() for p in built.rglob("*.html")}
    assert planned == html_files


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_output(built: Path, page: str):
    """Rendered pages match the reviewed copies in tests/fixtures/golden.

    After an intended change, regenerate with UPDATE_GOLDEN=1 and review the diff.
    """
    actual = (built / page).read_text(encoding="utf-8")
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden copy of {page}: run with UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8"), f"{page} differs from its golden copy"


def test_two_builds_are_byte_identical(tmp_path: Path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(FIXTURE, first, REPO / "templates", today=TODAY)
    build(FIXTURE, second, REPO / "templates", today=TODAY)
    assert tree_digest(first) == tree_digest(second)
    assert len(tree_digest(first)) > 20


def test_source_date_epoch_sets_the_build_date(tmp_path: Path, monkeypatch, content: Content):
    # 2026-11-23 is before the entry's review date; 2027-11-23 is after it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    build(content.root, tmp_path / "a", REPO / "templates")
    page = (tmp_path / "a" / "en/services/sitting-service.html").read_text(encoding="utf-8")
    assert "may be out of date" not in page
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1826928000")  # 2027-11-23
    build(content.root, tmp_path / "b", REPO / "templates")
    page = (tmp_path / "b" / "en/services/sitting-service.html").read_text(encoding="utf-8")
    assert "This information may be out of date" in page


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path, content: Content):
    out = tmp_path / "site"
    build(content.root, out, REPO / "templates", today=TODAY)
    before = tree_digest(out)
    content.replace("services/sitting-service.yaml", "postcode: EB2 7QT", "postcode: nowhere")
    with pytest.raises(BuildFailed) as failure:
        build(content.root, out, REPO / "templates", today=TODAY)
    assert any("not a UK postcode" in p.message for p in failure.value.problems)
    assert tree_digest(out) == before
    assert not list(tmp_path.glob(".site.*")), "temporary build folders were left behind"


def test_template_error_fails_cleanly_and_keeps_site(tmp_path: Path, content: Content):
    out = tmp_path / "site"
    build(content.root, out, REPO / "templates", today=TODAY)
    before = tree_digest(out)
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "glossary.html").write_text("{% extends 'base.html' %}\n{% block main %}{% if %}\n",
                                          encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content.root, out, custom, today=TODAY)
    problem = failure.value.problems[0]
    assert problem.path.endswith("glossary.html") and problem.line == 2
    assert tree_digest(out) == before


def test_custom_templates_override_ours_one_by_one(tmp_path: Path, content: Content):
    custom = tmp_path / "templates"
    (custom / "static").mkdir(parents=True)
    (custom / "glossary.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>Our own words</h1>{% endblock %}",
        encoding="utf-8")
    (custom / "static" / "extra.css").write_text("body{}", encoding="utf-8")
    out = tmp_path / "site"
    build(content.root, out, custom, today=TODAY)
    assert "<h1>Our own words</h1>" in (out / "en/glossary.html").read_text(encoding="utf-8")
    assert "Skip to main content" in (out / "en/glossary.html").read_text(encoding="utf-8")
    assert (out / "static/extra.css").is_file() and (out / "static/style.css").is_file()


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path, content: Content):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content.root, precious, REPO / "templates", today=TODAY)
    assert "was not built by Community Catalogue" in failure.value.reason
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_all_internal_links_resolve(built: Path):
    import re
    from urllib.parse import urldefrag

    broken = []
    for page in built.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any depth: its links start from the site root
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            if re.match(r"^(https?:|mailto:|tel:|#)", href):
                continue
            target = (page.parent / urldefrag(href)[0]).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(built)} -> {href}")
    assert broken == []


def test_output_is_safe(built: Path):
    import re

    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*>", html)
        # JSON-LD (service pages) is a data block: never run, and its JSON cannot end the element.
        scripts = [tag for tag in scripts if tag != '<script type="application/ld+json">']
        for tag in scripts:  # only our own files: no inline code, nothing from elsewhere
            assert re.fullmatch(r'<script src="(\.\./)+static/(search|exit|list_service|service-schema'
                                r'|shortlist'
                                r'|vendor/cfworker-json-schema)\.js">', tag), (page, tag)
        assert not re.search(r"<[a-z]+\s[^>]*\son[a-z]+\s*=", html), page  # no inline handlers
        assert 'http-equiv="Content-Security-Policy"' in html
        for href in re.findall(r'href="([a-z]+):', html):
            assert href in ("http", "https", "mailto", "tel"), (page, href)


def test_text_is_escaped(tmp_path: Path, content: Content):
    content.replace("services/sitting-service.yaml", "name: Evening sitting service",
                    "name: Evening <script>alert(1)</script> sitting")
    content.replace("services/sitting-service.yaml",
                    "Sitters visit in the evening", "<script>alert(2)</script><b onclick=x>Sitters</b> visit")
    out = tmp_path / "site"
    build(content.root, out, REPO / "templates", today=TODAY)
    html = (out / "en/services/sitting-service.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "Evening &lt;script&gt;alert(1)&lt;/script&gt; sitting" in html
    assert "alert(2)" not in html and "onclick" not in html
    assert "<b>Sitters</b>" in html


def test_easy_read_versions_link_both_ways(built: Path):
    standard = (built / "en/guidance/carers-assessment.html").read_text(encoding="utf-8")
    easy = (built / "en/guidance/carers-assessment.easy.html").read_text(encoding="utf-8")
    assert '<a href="carers-assessment.easy.html">Easy read version of this page</a>' in standard
    assert '<a href="carers-assessment.html">Standard version of this page</a>' in easy
    assert 'class="article easy-read"' in easy
    index = (built / "en/guidance/index.html").read_text(encoding="utf-8")
    assert "carers-assessment.easy.html" not in index  # listed once, through its standard page


def test_exit_this_page_is_on_every_page(built: Path):
    for page in ("en/index.html", "en/services/sitting-service.html", "ur/glossary.html"):
        html = (built / page).read_text(encoding="utf-8")
        assert 'href="https://www.example.org/weather" rel="nofollow noreferrer" data-exit-link>' in html
        assert "static/exit.js" in html


def test_list_your_service_page_in_every_language_linked_from_every_footer(built: Path):
    catalogue, _ = load_catalogue(FIXTURE, TODAY)
    assert catalogue is not None
    for lang in catalogue.languages:
        page = built / lang / "list-your-service.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert "mailto:" + catalogue.site.feedback.email in html
        assert 'href="../schema/service.schema.json"' in html
        assert 'href="../schema/example-service.yaml"' in html
    for page in ("en/services/sitting-service.html", "ur/glossary.html", "en/categories/respite.html"):
        html = (built / page).read_text(encoding="utf-8")
        assert 'list-your-service.html">' in html, page


def test_the_forms_schema_script_is_the_models_schema(built: Path):
    """The form validates against exactly what `catalogue check` is generated from."""
    import json

    from directory.model import service_json_schema

    script = (built / "static/service-schema.js").read_text(encoding="utf-8")
    prefix, _, rest = script.partition("window.CCServiceSchema = ")
    assert prefix.startswith("/*") and rest.endswith(";\n"), "not a classic script setting a global"
    assert json.loads(rest[:-2]) == service_json_schema()


def test_the_published_example_entry_is_a_valid_entry(built: Path, tmp_path: Path):
    import yaml

    text = (built / "schema/example-service.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=service.schema.json\n")
    entry_id = yaml.safe_load(text)["id"]
    source = FIXTURE / "services" / f"{entry_id}.yaml"
    assert text.splitlines()[1:] == source.read_text(encoding="utf-8").splitlines()[1:]
