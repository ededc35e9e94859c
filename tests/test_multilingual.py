"""Languages: same paths in every language, lang/dir/hreflang, fallback, staleness, gettext."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURE, REPO, TODAY, Content

from directory import i18n
from directory.cli import main
from directory.pipeline import build
from directory.problems import Severity
from directory.translation_report import translation_report
from directory.validate import load_catalogue

LANGS = {"en": "ltr", "bn": "ltr", "ur": "rtl"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("multi") / "site"
    build(FIXTURE, out, REPO / "templates", today=TODAY)
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_same_page_paths_in_every_language(site: Path):
    per_language = {lang: {p.relative_to(site / lang).as_posix()
                           for p in (site / lang).rglob("*.html")} for lang in LANGS}
    assert per_language["en"] == per_language["bn"] == per_language["ur"]
    assert "services/sitting-service.html" in per_language["en"]


def test_every_page_declares_its_language_and_direction(site: Path):
    for lang, direction in LANGS.items():
        for page in (site / lang).rglob("*.html"):
            head = page.read_text(encoding="utf-8")[:200]
            assert f'<html lang="{lang}" dir="{direction}">' in head, page


def test_hreflang_alternates_are_complete_and_reciprocal(site: Path):
    pattern = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="https://carers\.example\.org/([^"]+)">')
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        if relative.split("/")[0] not in LANGS:
            continue
        alternates = dict(pattern.findall(page.read_text(encoding="utf-8")))
        assert set(alternates) == set(LANGS) | {"x-default"}, relative
        assert alternates[relative.split("/")[0]] == relative  # lists itself
        for target in alternates.values():
            assert (site / target).is_file(), (relative, target)
            back = dict(pattern.findall(read(site, target)))
            assert back[relative.split("/")[0]] == relative  # and is listed back


def test_language_switcher_links_to_the_same_page(site: Path):
    html = read(site, "bn/services/sitting-service.html")
    assert '<a href="../../en/services/sitting-service.html" lang="en" hreflang="en">English</a>' in html
    assert '<a href="../../ur/services/sitting-service.html" lang="ur" hreflang="ur">اردو</a>' in html
    assert '<span lang="bn" aria-current="true">বাংলা</span>' in html


def test_root_is_a_language_chooser_not_a_redirect(site: Path):
    html = read(site, "index.html")
    assert "http-equiv=\"refresh\"" not in html and "<script" not in html
    assert '<a href="bn/index.html" lang="bn" hreflang="bn">বাংলা</a>' in html
    assert '<a href="ur/index.html" lang="ur" hreflang="ur">اردو</a>' in html


def test_translated_fields_are_used(site: Path):
    html = read(site, "bn/services/sitting-service.html")
    assert "<h1>সন্ধ্যার সিটিং সেবা</h1>" in html
    assert "সিটাররা সন্ধ্যায়" in html
    assert "<title>সন্ধ্যার সিটিং সেবা – টেস্টশায়ার কেয়ারার্স ডিরেক্টরি</title>" in html


def test_missing_field_falls_back_marked_as_english_with_a_note(site: Path):
    html = read(site, "bn/services/sitting-service.html")
    assert '<h3><span lang="en">Eastbridge Hub</span></h3>' in html  # location name untranslated
    assert 'data-state="partial"' in html


def test_untranslated_service_is_english_marked_and_says_so(site: Path):
    html = read(site, "bn/services/dementia-cafe.html")
    assert '<h1><span lang="en">Dementia carers&#39; café</span></h1>' in html
    assert 'data-state="missing"' in html
    assert '<div lang="en"><p>Meet other carers' in html


def test_untranslated_guidance_falls_back_whole(site: Path):
    html = read(site, "ur/guidance/taking-a-break.html")
    assert '<h1><span lang="en" dir="ltr">Taking a break</span></h1>' in html
    assert '<div lang="en" dir="ltr"><p>Everyone needs a break.' in html


def test_stale_translation_says_so_and_links_to_english(site: Path):
    html = read(site, "bn/services/northmoor-assessment.html")
    assert 'data-state="stale"' in html
    assert 'href="../../en/services/northmoor-assessment.html" hreflang="en"' in html


def test_english_pages_have_no_translation_notice(site: Path):
    assert "translation-notice" not in read(site, "en/services/dementia-cafe.html")


def test_interface_is_translated(site: Path):
    html = read(site, "ur/services/sitting-service.html")
    assert '<a class="skip-link" href="#main">' in html
    assert "Skip to main content" not in html
    assert "Opening times" not in html


def test_right_to_left_keeps_numbers_left_to_right(site: Path):
    html = read(site, "ur/services/sitting-service.html")
    assert '<html lang="ur" dir="rtl">' in html
    assert '<span dir="ltr">020 7946 0456</span>' in html
    assert '<span dir="ltr">EB2 7QT</span>' in html


def test_dates_and_days_follow_the_locale(site: Path):
    assert i18n.format_date(date(2026, 11, 23), "en") == "23 November 2026"
    assert "নভেম্বর" in i18n.format_date(date(2026, 11, 23), "bn")
    assert i18n.day_names("pl")[0] == "poniedziałek"
    html = read(site, "bn/services/sitting-service.html")
    assert "শনিবার" in html  # Saturday


def test_sitemap_lists_alternates(site: Path):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    assert len(urls) == len([p for p in site.rglob("*.html")
                             if p.relative_to(site).parts[0] in LANGS])
    first = urls[0].findall("x:link", ns)
    assert {link.get("hreflang") for link in first} == set(LANGS) | {"x-default"}


# --- staleness and the translations command ---------------------------------------------------

def test_changing_the_source_makes_translations_stale_until_marked(content: Content, tmp_path):
    catalogue, _ = load_catalogue(content.root, TODAY)
    report = {r.language: r for r in translation_report(catalogue)}
    item = next(i for i in report["bn"].items if i.key == "sitting-service")
    assert item.status == "partial"  # current but one field untranslated

    content.replace("services/sitting-service.yaml",
                    "summary: A trained sitter stays with the person you care for so you can go out.",
                    "summary: A trained sitter stays at home with the person you care for.")
    catalogue, problems = load_catalogue(content.root, TODAY)
    warnings = [p for p in problems if p.severity is Severity.WARNING
                and p.path.endswith("sitting-service.bn.yaml")]
    assert len(warnings) == 1 and "translation is out of date" in warnings[0].message
    assert warnings[0].line == 1  # the source_fingerprint line
    report = {r.language: r for r in translation_report(catalogue)}
    assert next(i for i in report["bn"].items if i.key == "sitting-service").status == "stale"
    out = tmp_path / "site"
    build(content.root, out, REPO / "templates", today=TODAY)
    assert 'data-state="stale"' in (
        out / "bn/services/sitting-service.html").read_text(encoding="utf-8")

    result = CliRunner().invoke(main, ["translations", "--content", str(content.root),
                                       "--mark-current",
                                       str(content.path("services/sitting-service.bn.yaml"))])
    assert result.exit_code == 0, result.output
    catalogue, problems = load_catalogue(content.root, TODAY)
    report = {r.language: r for r in translation_report(catalogue)}
    assert next(i for i in report["bn"].items if i.key == "sitting-service").status == "partial"
    assert not any(p.path.endswith("sitting-service.bn.yaml") for p in problems)
    text = content.read("services/sitting-service.bn.yaml")
    assert text.count("source_fingerprint:") == 1
    assert "name: সন্ধ্যার সিটিং সেবা" in text  # nothing else rewritten


def test_translations_report_counts(content: Content):
    result = CliRunner().invoke(main, ["translations", "--content", str(content.root)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "bn (Bengali): 1 current, 3 partial, 1 stale, 5 missing, of 10" in lines
    assert "ur (Urdu): 0 current, 1 partial, 0 stale, 9 missing, of 10" in lines
    result = CliRunner().invoke(main, ["translations", "--content", str(content.root),
                                       "--lang", "ur", "--format", "json"])
    assert '"language": "ur"' in result.output and '"bn"' not in result.output
    assert CliRunner().invoke(main, ["translations", "--content", str(content.root),
                                     "--lang", "fr"]).exit_code == 2


def test_mark_current_refuses_a_file_that_is_not_a_translation(content: Content):
    result = CliRunner().invoke(main, ["translations", "--content", str(content.root),
                                       "--mark-current", str(content.path("site.yaml"))])
    assert result.exit_code == 2 and "is not a translation file" in result.output


# --- translation errors -----------------------------------------------------------------------

def errors_in(content: Content):
    _, problems = load_catalogue(content.root, TODAY)
    return [p for p in problems if p.severity is Severity.ERROR]


def test_translation_of_a_service_that_does_not_exist(content: Content):
    content.write("services/no-such-service.bn.yaml", "name: কিছু\n")
    [error] = errors_in(content)
    assert error.path.endswith("services/no-such-service.bn.yaml") and error.line == 1
    assert "translation of a service that does not exist" in error.message


def test_translation_of_a_field_that_does_not_translate(content: Content):
    content.write("services/sitting-service.bn.yaml",
                  content.read("services/sitting-service.bn.yaml") + "categories: [respite]\n")
    [error] = errors_in(content)
    assert "'categories' cannot be translated" in error.message
    assert error.line == content.read("services/sitting-service.bn.yaml").count("\n")


def test_translation_in_an_undeclared_language(content: Content):
    content.write("services/sitting-service.fr.yaml", "name: Service de garde\n")
    [error] = errors_in(content)
    assert "language 'fr' is not declared in site.yaml" in error.message


def test_translated_list_longer_than_its_source(content: Content):
    content.write("services/sitting-service.ur.yaml",
                  content.read("services/sitting-service.ur.yaml")
                  + "contact:\n  phones:\n    - label: ایک\n    - label: دو\n")  # source has one
    [error] = errors_in(content)
    assert "item 2 of 'contact/phones' has no counterpart in the source, which has 1" in error.message


def test_translated_guidance_without_source(content: Content):
    content.write("guidance/bn/nothing.md", "---\ntitle: ক\nsummary: খ\n---\nগ\n")
    [error] = errors_in(content)
    assert "translation of guidance that does not exist" in error.message


def test_translated_taxonomy_unknown_id(content: Content):
    content.write("taxonomy.bn.yaml", "categories:\n  respit:\n    label: বিরতি\n")
    [error] = errors_in(content)
    assert (error.line, error.column) == (2, 3) or error.line == 3
    assert "unknown categories id 'respit'" in error.message


# --- gettext ---------------------------------------------------------------------------------

def test_gettext_round_trip(tmp_path: Path, monkeypatch, content: Content):
    locale = tmp_path / "locale" / "bn" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Skip to main content"\nmsgstr "মূল বিষয়ে যান"\n\n'
        'msgid "%(num)d service"\nmsgid_plural "%(num)d services"\n'
        'msgstr[0] "%(num)dটি সেবা"\nmsgstr[1] "%(num)dটি সেবা"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.translations.cache_clear()
    try:
        out = tmp_path / "site"
        build(content.root, out, REPO / "templates", today=TODAY)
        bn = (out / "bn/categories/respite.html").read_text(encoding="utf-8")
        assert '<a class="skip-link" href="#main">মূল বিষয়ে যান</a>' in bn
        assert "1টি সেবা" in bn
        en = (out / "en/categories/respite.html").read_text(encoding="utf-8")
        assert "Skip to main content" in en
    finally:
        i18n.translations.cache_clear()


def test_message_catalogue_template_is_up_to_date():
    """Every string marked in templates and code is in messages.pot (run `make messages`)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    with (REPO / "directory" / "locale" / "messages.pot").open("rb") as handle:
        known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}
    method_map = [("directory/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options,
                                                 keywords={"_": None, "ngettext": (1, 2)}):
        found.add(message[0] if isinstance(message, tuple) else message)
    assert found - known == set(), "messages.pot is stale: run `make messages`"


@pytest.mark.parametrize("lang", ["bn", "gu", "pl", "so", "ur"])
def test_shipped_catalogues_translate_the_interface(lang: str):
    catalogue = i18n.translations(lang)
    assert catalogue.gettext("Urgent help") != "Urgent help"
    assert catalogue.gettext("Skip to main content") != "Skip to main content"
