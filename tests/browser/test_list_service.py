"""The "list your service" page in Chromium, opened from disk as an offline copy would be.

A provider fills in the form; the entry it builds must be one that `catalogue check` accepts
when an editor saves it in content/services/. Missing answers are reported the GOV.UK way (a
focused error summary linking to each field). Without JavaScript the page says what to send.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from support import REPO, TODAY

pytestmark = pytest.mark.browser

CONTENT = REPO / "content"  # the example catalogue the browser tests' site is built from
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGE = "{lang}/list-your-service.html"
SUBMIT = "[data-form] button[type=submit]"
# A name with what YAML treats specially: a colon, quotes, a hash, an accented letter.
NAME = 'Crest Carers\' Café: "Tuesdays" #1'
DESCRIPTION = ("We meet every Tuesday.\n\n  - lunch: free\n- a walk after # weather allowing\n"
               "Ask for Sam.")


def open_form(new_context, file_url, lang: str = "en"):
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0))
    page.goto(file_url(PAGE.format(lang=lang)))
    assert page.locator("[data-form]").is_visible(), "the form was not shown with JavaScript on"
    return page, errors


def fill_valid_entry(page, name: str = NAME) -> None:
    page.fill("#f-name", name)
    page.fill("#f-organization", "Crest Community Trust")
    page.fill("#f-summary", "A weekly café where carers meet, eat and talk.")
    page.fill("#f-description", DESCRIPTION)
    page.check("input[name=categories] >> nth=0")
    page.check("input[name=categories] >> nth=1")
    page.check("input[name=service_areas] >> nth=0")
    page.check("input[name=languages] >> nth=0")
    page.fill("#f-phone-1", "020 7946 0123")
    page.fill("#f-phone-1-label", "Café phone")
    page.fill("#f-email", "cafe@example.org")
    page.fill("#f-website", "https://www.example.org/crest-cafe")
    page.fill("#f-address", "Crest Hall\n12 Mill Lane")
    page.fill("#f-postcode", "NM1 4AB")
    for day in ("monday", "tuesday"):
        page.fill(f"#f-{day}-opens", "10:00")
        page.fill(f"#f-{day}-closes", "14:00")
    page.fill("#f-saturday-opens", "09:30")
    page.fill("#f-saturday-closes", "12:00")
    page.check("input[name=cost] >> nth=0")
    page.check("input[name=referral] >> nth=0")
    page.fill("#f-how-to", "Just come along.")
    page.check("#f-commissioned")


def check_catalogue_accepts(text: str, tmp_path: Path) -> str:
    """Save the entry as an editor would, in a copy of the catalogue the site was built from;
    `load_catalogue` must report no problem in it. Returns the entry's id."""
    import yaml

    from directory.validate import load_catalogue

    entry_id = yaml.safe_load(text)["id"]
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "services" / f"{entry_id}.yaml"
    assert not path.exists(), f"the test entry would replace {path.name}"
    path.write_text(text, encoding="utf-8")
    catalogue, problems = load_catalogue(content, TODAY)
    mine = [str(p) for p in problems if Path(p.path).name == path.name]
    assert mine == [], "catalogue check rejects the entry the form built:\n" + "\n".join(mine)
    assert catalogue is not None and catalogue.service(entry_id).service.name
    return entry_id


def test_a_valid_entry_becomes_yaml_that_catalogue_check_accepts(new_context, file_url,
                                                                  tmp_path):
    page, errors = open_form(new_context, file_url)
    fill_valid_entry(page)
    page.click(SUBMIT)
    result = page.locator("[data-result]")
    assert result.is_visible(), "no result after a valid entry"
    assert page.evaluate("document.activeElement.matches('[data-result]')")
    text = page.input_value("[data-yaml]")
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")

    entry_id = check_catalogue_accepts(text, tmp_path)
    import yaml

    entry = yaml.safe_load(text)
    assert entry_id == "crest-carers-cafe-tuesdays-1"
    assert entry["name"] == NAME
    assert entry["description"] == DESCRIPTION.strip()
    assert entry["added"] == entry["last_verified"] == TODAY.isoformat()
    assert entry["opening_hours"] == [
        {"days": ["monday", "tuesday"], "opens_at": "10:00", "closes_at": "14:00"},
        {"days": ["saturday"], "opens_at": "09:30", "closes_at": "12:00"}]
    assert entry["locations"] == [{"address": ["Crest Hall", "12 Mill Lane"],
                                   "postcode": "NM1 4AB"}]
    assert entry["commissioned"] is True and len(entry["categories"]) == 2

    with page.expect_download() as download:
        page.click("[data-download]")
    assert download.value.suggested_filename == f"{entry_id}.yaml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text

    assert errors == []


def mail_link(page) -> dict[str, str]:
    href = page.get_attribute("[data-mail]", "href")
    mail = urlsplit(href)
    assert mail.scheme == "mailto" and mail.path == "carers.directory@example.org"
    return {key: values[0] for key, values in parse_qs(mail.query).items()} | {"href": href}


def test_a_short_entry_is_put_in_the_email(new_context, file_url):
    page, _ = open_form(new_context, file_url)
    page.fill("#f-name", "Crest café")
    page.fill("#f-organization", "Crest")
    page.fill("#f-summary", "A café.")
    page.fill("#f-description", "Tea.")
    page.check("input[name=categories] >> nth=0")
    page.check("input[name=service_areas] >> nth=0")
    page.check("input[name=cost] >> nth=0")
    page.check("input[name=referral] >> nth=0")
    page.click(SUBMIT)
    mail = mail_link(page)
    assert mail["subject"] == "Please list our service: Crest café"
    assert page.input_value("[data-yaml]") in mail["body"]
    assert page.locator("[data-mail-note]").is_visible()
    assert not page.locator("[data-mail-long]").is_visible()


def test_a_long_entry_is_attached_not_put_in_the_email(new_context, file_url):
    """Mail programs cut mailto: links past about 2,000 characters: the page says to attach."""
    page, _ = open_form(new_context, file_url)
    fill_valid_entry(page)
    page.fill("#f-description", "We meet every Tuesday. " * 100)
    page.click(SUBMIT)
    mail = mail_link(page)
    assert len(mail["href"]) < 2000
    assert "crest-carers-cafe-tuesdays-1.yaml" in mail["body"]
    assert "We meet" not in mail["body"]
    assert page.locator("[data-mail-long]").is_visible()
    assert not page.locator("[data-mail-note]").is_visible()


def test_missing_answers_are_summarised_and_linked_to_their_fields(new_context, file_url):
    page, errors = open_form(new_context, file_url)
    page.fill("#f-phone-1-label", "Helpline")  # a label without its number
    page.fill("#f-tuesday-opens", "10:00")  # opening time without closing time
    page.click(SUBMIT)
    summary = page.locator("[data-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.matches('[data-summary]')"), \
        "the error summary was not focused"
    assert page.title().startswith("Error: ")
    links = summary.locator("a")
    texts = [t.strip() for t in links.all_inner_texts()]
    assert texts == ["Enter the name of the service", "Enter the name of the organisation",
                     "Enter a one-sentence summary", "Enter a description of the service",
                     "Select at least one type of help", "Select at least one area",
                     "Enter the phone number, or leave both boxes empty",
                     "Enter both the opening and the closing time",
                     "Select whether the service is free",
                     "Select how people can use the service"]
    for n in range(links.count()):
        link = links.nth(n)
        target = link.get_attribute("href")[1:]
        link.click()
        assert page.evaluate("document.activeElement.id") == target, f"{target} was not focused"
        field = page.locator(f"#{target}").locator(
            "xpath=ancestor::*[contains(@class, 'form-field')][1]")
        message = field.locator("[data-error]")
        assert message.is_visible() and texts[n] in message.inner_text()
        message_id = message.get_attribute("id")
        if field.evaluate("e => e.tagName") == "FIELDSET":
            assert message_id in field.get_attribute("aria-describedby")
        else:
            control = page.locator(f"#{target}")
            assert control.get_attribute("aria-invalid") == "true"
            assert message_id in control.get_attribute("aria-describedby").split()

    page.fill("#f-name", "Crest")  # a second try clears what was answered
    page.click(SUBMIT)
    assert "Enter the name of the service" not in summary.inner_text()
    assert page.locator("#f-name").get_attribute("aria-invalid") is None
    assert page.locator("#f-name").get_attribute("aria-describedby") is None
    assert errors == []


def test_answers_the_schema_refuses_are_reported_at_their_field(new_context, file_url):
    page, _ = open_form(new_context, file_url)
    fill_valid_entry(page)
    page.fill("#f-email", "not an address")
    page.fill("#f-website", "www.example.org")
    page.fill("#f-postcode", "nowhere")
    page.click(SUBMIT)
    texts = [t.strip() for t in page.locator("[data-summary] a").all_inner_texts()]
    assert texts == ["Enter an email address, like name@example.org",
                     "Enter a web address starting with https:// or http://",
                     "Enter a UK postcode, like NM1 4AB"]
    assert not page.locator("[data-result]").is_visible()


def test_the_form_works_in_urdu_right_to_left(new_context, file_url, tmp_path):
    page, errors = open_form(new_context, file_url, "ur")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    taxonomy = (CONTENT / "taxonomy.ur.yaml").read_text(encoding="utf-8")
    first = page.locator("input[name=categories] >> nth=0").locator("xpath=..").inner_text()
    assert first.strip() in taxonomy, "category labels are not in Urdu"
    fill_valid_entry(page, name="کیئررز کیفے")
    page.click(SUBMIT)
    text = page.input_value("[data-yaml]")
    assert 'name: "کیئررز کیفے"' in text
    check_catalogue_accepts(text, tmp_path)
    assert errors == []


def test_without_javascript_the_page_says_what_to_send(new_context, file_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(file_url(PAGE.format(lang="en")))
    assert page.locator(".what-to-send").is_visible()
    assert page.locator(".what-to-send a[href='mailto:carers.directory@example.org']").is_visible()
    assert not page.locator("[data-form]").is_visible()
    assert not page.locator("[data-result]").is_visible()
    for link in ("../schema/service.schema.json", "../schema/example-service.yaml"):
        assert page.locator(f"a[href='{link}']").is_visible()


@pytest.mark.parametrize("state", ["errors", "result"])
def test_no_axe_violations_in_the_forms_states(state, new_context, file_url, axe_path):
    """The audit checks the page as it loads; this checks it with errors shown, and with the
    finished entry."""
    page, _ = open_form(new_context, file_url)
    if state == "result":
        fill_valid_entry(page)
    page.click(SUBMIT)
    page.evaluate(axe_path.read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                  resultTypes: ['violations']})
                                       .then(results => results.violations)""", WCAG_TAGS)
    summary = [f"{v['id']}: {v['help']}: {[n['target'] for n in v['nodes']]}" for v in violations]
    assert violations == [], json.dumps(summary, indent=1, ensure_ascii=False)


def test_the_downloaded_name_is_safe_for_any_name(new_context, file_url):
    page, _ = open_form(new_context, file_url)
    fill_valid_entry(page, name="123 ÉTÉ -- Carers!!")
    page.click(SUBMIT)
    assert page.get_attribute("[data-download]", "download") == "service-123-ete-carers.yaml"
