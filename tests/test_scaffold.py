"""`catalogue new` and `catalogue init`: what they write passes `check`, and nothing is replaced."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support import TODAY, Content

from directory import pipeline
from directory.commands.init import init
from directory.commands.new import new
from directory.model import IDENTIFIER_PATTERN, Service
from directory.scaffold.choices import read_catalogue_info
from directory.scaffold.ids import suggest_id
from directory.scaffold.repository import SKELETON
from directory.scaffold.service import ScaffoldError, ServiceAnswers, service_yaml, write_new
from directory.scaffold.yamltext import block_field, scalar
from directory.source import load_yaml, parse_yaml
from directory.validate import load_catalogue

FIXED_DATE = {"SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23, support.TODAY

SERVICE_OPTIONS = [
    "--name", "Men who care: Tuesday group", "--organization", "Northmoor Carers' Centre",
    "--summary", "A monthly evening group for men looking after someone.",
    "--description", "We meet for a meal and a chat.", "--category", "peer-support",
    "--area", "northmoor", "--audience", "working-carers", "--phone", "020 7946 0123",
    "--cost", "free", "--referral", "self",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, command: click.Command, args: list[str], stdin: str | None = None):
    return runner.invoke(command, args, input=stdin, env=FIXED_DATE)


def errors_in(root: Path) -> list[str]:
    _, problems = load_catalogue(root, TODAY)
    return [str(problem) for problem in problems.errors]


def entry(root: Path, service_id: str) -> Service:
    catalogue, problems = load_catalogue(root, TODAY)
    assert catalogue is not None, [str(p) for p in problems.errors]
    return next(e.service for e in catalogue.services if e.id == service_id)


# --- new service -----------------------------------------------------------------------------

def test_new_service_from_options_passes_check(runner: CliRunner, content: Content):
    result = run(runner, new, ["service", "--content", str(content.root), "--no-input",
                               *SERVICE_OPTIONS])
    assert result.exit_code == 0, result.output
    path = content.path("services/men-who-care-tuesday-group.yaml")
    assert "Wrote" in result.output and path.name in result.output
    assert "catalogue check" in result.output and "catalogue serve" in result.output
    assert errors_in(content.root) == []
    service = entry(content.root, "men-who-care-tuesday-group")
    assert service.name == "Men who care: Tuesday group"
    assert service.categories == ["peer-support"] and service.service_areas == ["northmoor"]
    assert service.audiences == ["working-carers"]
    assert service.contact.phones[0].number == "020 7946 0123"
    assert service.added == service.last_verified == TODAY
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
    assert "# Peer support" in text  # the chosen category's label, as a comment
    assert "# opening_hours:" in text  # optional fields offered as commented examples


def test_new_service_interactively_with_numbered_choices(runner: CliRunner, content: Content):
    answers = ["Stroke carers' café",  # name
               "",  # id: accept the suggestion
               "Kingsfield Stroke Club", "A café for stroke carers.", "Tea, cake and advice.",
               "3",  # categories: numbered list, 3 = peer-support
               "2",  # areas: 2 = eastbridge
               "",  # audiences: none
               "", "club@example.org", "",  # phone, email, website
               "varies", "Free; £2 for lunch",  # cost and its details
               "self-or-professional", "Just come along.", ""]
    result = run(runner, new, ["service", "--content", str(content.root)],
                 "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "3. Peer support (peer-support)" in result.output
    assert "[stroke-carers-cafe]" in result.output  # the suggested id is the default
    service = entry(content.root, "stroke-carers-cafe")
    assert service.name == "Stroke carers' café"
    assert service.categories == ["peer-support"] and service.service_areas == ["eastbridge"]
    assert service.contact.email == "club@example.org" and not service.contact.phones
    assert service.cost.type.value == "varies" and service.cost.details == "Free; £2 for lunch"
    assert service.access.referral.value == "self-or-professional"
    assert service.access.how_to == "Just come along." and service.access.eligibility is None
    assert service.added == TODAY


def test_wrong_answer_is_explained_and_asked_again(runner: CliRunner, content: Content):
    answers = ["Sunday walks", "", "Walk Together", "Walks for carers.", "A gentle walk.",
               "peer-suport", "peer-support",  # a typo, then the right id
               "northmoor", "", "123", "020 7946 0555", "", "", "", "", "", ""]
    result = run(runner, new, ["service", "--content", str(content.root)],
                 "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "did you mean 'peer-support'?" in result.output
    assert "'123' is not a UK phone number" in result.output
    assert entry(content.root, "sunday-walks").contact.phones[0].number == "020 7946 0555"


def test_no_contact_at_all_is_asked_again(runner: CliRunner, content: Content):
    answers = ["Quiet room", "", "Library", "A quiet room.", "Somewhere calm.", "1", "1", "",
               "", "", "",  # no phone, email or website
               "", "", "https://www.example.org/quiet", "", "", "", ""]
    result = run(runner, new, ["service", "--content", str(content.root)],
                 "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "give at least one way to get in touch" in result.output
    assert entry(content.root, "quiet-room").contact.website == "https://www.example.org/quiet"


def test_invalid_option_without_input_is_a_clear_error(runner: CliRunner, content: Content):
    before = sorted(p.name for p in content.path("services").iterdir())
    options = [o if o != "020 7946 0123" else "123" for o in SERVICE_OPTIONS]
    options[options.index("peer-support")] = "peer-suport"
    result = run(runner, new, ["service", "--content", str(content.root), "--no-input", *options])
    assert result.exit_code == 1
    assert "error: --phone: '123' is not a UK phone number" in result.output
    assert ("error: --category: unknown category 'peer-suport' (not in taxonomy.yaml); "
            "did you mean 'peer-support'?") in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in content.path("services").iterdir()) == before


def test_text_that_is_not_utf8_is_refused_before_writing(runner: CliRunner, content: Content):
    """Bytes a terminal sent in another encoding reach Python as lone surrogates."""
    options = [o if o != "Men who care: Tuesday group" else "Caf\udce9 group" for o in SERVICE_OPTIONS]
    result = run(runner, new, ["service", "--content", str(content.root), "--no-input", *options])
    assert result.exit_code == 1 and "--name: contains bytes that are not UTF-8" in result.output
    assert not any(content.path("services").glob("caf*"))


def test_missing_answer_without_input_is_a_usage_error(runner: CliRunner, content: Content):
    result = run(runner, new, ["service", "--content", str(content.root), "--no-input",
                               "--name", "Just a name", "--cost", "paid"])
    assert result.exit_code == 2
    assert "missing --organization, --summary, --description, --category, --area" in result.output
    assert "--cost-details" in result.output  # a paid service must say what it costs


def test_refuses_to_overwrite_an_entry(runner: CliRunner, content: Content):
    before = content.read("services/dementia-cafe.yaml")
    result = run(runner, new, ["service", "--content", str(content.root), "--no-input",
                               "--id", "dementia-cafe", *SERVICE_OPTIONS])
    assert result.exit_code == 1
    assert "services/dementia-cafe.yaml already exists" in result.output
    assert content.read("services/dementia-cafe.yaml") == before


def test_writing_is_exclusive(tmp_path: Path):
    """Even if a file appears between the question and the writing, it is not replaced."""
    path = tmp_path / "services" / "x.yaml"
    write_new(path, "first\n")
    with pytest.raises(ScaffoldError, match="already exists"):
        write_new(path, "second\n")
    assert path.read_text() == "first\n"


def test_broken_catalogue_is_reported_not_guessed(runner: CliRunner, content: Content):
    content.write("taxonomy.yaml", "categories: []\n")
    result = run(runner, new, ["service", "--content", str(content.root), "--no-input",
                               *SERVICE_OPTIONS])
    assert result.exit_code == 1
    assert "taxonomy.yaml:1:13: error:" in result.output and "fix these first" in result.output


# --- ids -------------------------------------------------------------------------------------

def test_suggested_ids_are_ascii_slugs_and_unique():
    assert suggest_id("Carers' Café & Łódź group", set()) == "carers-cafe-and-lodz-group"
    assert suggest_id("Men who care", {"men-who-care"}) == "men-who-care-2"
    assert suggest_id("Men who care", {"men-who-care", "men-who-care-2"}) == "men-who-care-3"
    assert suggest_id("24/7 helpline", set()) == "service-24-7-helpline"
    assert suggest_id("বাংলা কেয়ারার্স গ্রুপ", set()) == "service"


@given(st.text(max_size=80), st.sets(st.from_regex(IDENTIFIER_PATTERN, fullmatch=True),
                                     max_size=5))
def test_any_name_gives_a_valid_new_id(name: str, existing: set[str]):
    suggested = suggest_id(name, existing)
    assert re.fullmatch(IDENTIFIER_PATTERN, suggested)
    assert suggested not in existing


# --- YAML quoting ----------------------------------------------------------------------------

TRICKY = ["Men: who care", "# not a comment", "*not an alias", "&anchor", "no", "on", "null",
          "2026-01-01", "020 7946 0123", "0123", "1.5", "true", "'quoted'", '"double"', "- dash",
          "? key", "| pipe", "> fold", "%directive", "@at", "`tick`", "{brace}", "[list]",
          "a, b", "tab\there", "line\nbreak", "0\x85", "crlf\r\nline", "\ufeffbom", "end\n", "\n",
          "trailing ", "😀 emoji", "\u2028", "x\x7f"]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_round_trips(text: str):
    assert parse_yaml(f"key: {scalar(text)}\n", Path("x.yaml")).data == {"key": text}
    assert parse_yaml(block_field("key", text), Path("x.yaml")).data == {"key": text}


@settings(max_examples=500)
@given(st.text())
def test_any_text_round_trips_through_our_loader(text: str):
    one_line = scalar(text)
    assert "\n" not in one_line
    assert parse_yaml(f"key: {one_line}  # a comment\n", Path("x.yaml")).data == {"key": text}
    assert parse_yaml(block_field("key", text) + "other: 1\n", Path("x.yaml")).data == \
        {"key": text, "other": 1}


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1).filter(str.strip), st.text(min_size=1).filter(str.strip))
def test_any_answers_make_a_file_that_reads_back_the_same(name: str, description: str):
    info, _ = read_catalogue_info(Path(__file__).parent / "fixtures" / "catalogue")
    assert info is not None
    answers = ServiceAnswers(id="x", name=name, organization="Org", summary=name,
                             description=description, categories=["respite"],
                             service_areas=["northmoor"], email="a@example.org")
    text = service_yaml(answers, info.choices, TODAY)
    data = parse_yaml(text, Path("x.yaml")).data
    assert data["name"] == name.strip() and data["description"] == description.strip()
    assert Service.model_validate(data).name == name.strip()


def test_written_file_is_read_in_normal_form(tmp_path: Path):
    """The loader reads files in Unicode NFC, so a decomposed é comes back composed."""
    path = tmp_path / "x.yaml"
    decomposed = "cafe\u0301: open"
    path.write_text(f"key: {scalar(decomposed)}\n", encoding="utf-8")
    assert load_yaml(path).data == {"key": unicodedata.normalize("NFC", decomposed)}


# --- new guidance ----------------------------------------------------------------------------

def test_new_guidance_page_passes_check(runner: CliRunner, content: Content):
    result = run(runner, new, ["guidance", "--content", str(content.root), "--no-input",
                               "--title", "Getting a break: what is respite?",
                               "--summary", "Kinds of break and how to ask.",
                               "--category", "respite", "--stage", "crisis-point"])
    assert result.exit_code == 0, result.output
    path = content.path("guidance/en/getting-a-break-what-is-respite.md")
    assert path.is_file()
    catalogue, problems = load_catalogue(content.root, TODAY)
    assert catalogue is not None, [str(p) for p in problems.errors]
    page = next(a for a in catalogue.guidance if a.slug == "getting-a-break-what-is-respite")
    assert page.meta.title == "Getting a break: what is respite?"
    assert page.meta.categories == ["respite"] and page.meta.journey_stages == ["crisis-point"]
    assert page.meta.last_reviewed == TODAY
    # The editors' note is in the file, never on the page.
    assert "Write the page" in page.body and "Write the page" not in page.body_html


def test_new_guidance_refuses_an_existing_slug(runner: CliRunner, content: Content):
    result = run(runner, new, ["guidance", "--content", str(content.root), "--no-input",
                               "--slug", "taking-a-break", "--title", "T", "--summary", "S"])
    assert result.exit_code == 1
    assert "guidance/en/taking-a-break.md already exists" in result.output


def test_new_translation_of_an_existing_page(runner: CliRunner, content: Content):
    result = run(runner, new, ["guidance", "--content", str(content.root), "--lang", "bn"],
                 "taking-a-break\nবিরতি নেওয়া\n\n")
    assert result.exit_code == 0, result.output
    assert "2. Taking a break (taking-a-break)" in result.output
    assert "carers-assessment)" not in result.output  # already translated: not offered
    assert errors_in(content.root) == []
    catalogue, _ = load_catalogue(content.root, TODAY)
    translation = catalogue.translations.get("bn", "guidance", "taking-a-break")
    assert translation is not None and translation.texts == {("title",): "বিরতি নেওয়া"}


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--lang", "fr"], 2, "'fr' is not declared in site.yaml (en, bn, ur)"),
    (["--lang", "bn", "--slug", "carers-assessment"], 1, "already exists"),
    (["--lang", "bn", "--slug", "no-such-page"], 1, "unknown guidance page 'no-such-page'"),
])
def test_translation_refusals(runner: CliRunner, content: Content, args: list[str], code: int,
                              message: str):
    before = sorted(p.name for p in content.path("guidance/bn").iterdir())
    result = run(runner, new, ["guidance", "--content", str(content.root), "--no-input", *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert sorted(p.name for p in content.path("guidance/bn").iterdir()) == before


# --- init ------------------------------------------------------------------------------------

def test_init_makes_a_repository_that_checks_and_builds(runner: CliRunner, tmp_path: Path):
    repo = tmp_path / "westshire-carers"
    result = run(runner, init, [str(repo), "--no-input", "--name", "Westshire County Council"])
    assert result.exit_code == 0, result.output
    for name in ("README.md", ".gitignore", "requirements.txt", ".github/workflows/catalogue.yml",
                 "content/site.yaml", "content/taxonomy.yaml", "content/glossary.yaml",
                 "content/services/carers-assessment.yaml", "content/guidance/en/am-i-a-carer.md",
                 "content/pages/en/about.md", "schema/service.schema.json"):
        assert (repo / name).is_file(), name
    catalogue, problems = pipeline.check(repo / "content", TODAY)
    assert catalogue is not None and problems.errors == [], [str(p) for p in problems]
    assert catalogue.site.title == "Westshire Carers' Directory"
    assert [area.id for area in catalogue.site.areas] == ["westshire"]
    assert catalogue.site.publisher.name == "Westshire County Council"
    assert catalogue.services[0].service.added == TODAY
    built = pipeline.build(repo / "content", tmp_path / "site", None, today=TODAY)
    assert (built.out / "en" / "services" / "carers-assessment.html").is_file()
    leftovers = [str(p) for p in repo.rglob("*") if p.is_file() and "[[" in p.read_text()]
    assert leftovers == []
    assert "site/" in (repo / ".gitignore").read_text()
    assert re.search(r"^community-catalogue==\d", (repo / "requirements.txt").read_text(), re.M)


def test_init_workflow_checks_pull_requests_and_publishes_main(runner: CliRunner, tmp_path: Path):
    run(runner, init, [str(tmp_path / "repo"), "--no-input", "--name", "Eastshire Council"])
    # Our loader reads `on:` as the text "on", as GitHub does (PyYAML would read True).
    workflow = load_yaml(tmp_path / "repo/.github/workflows/catalogue.yml").data
    assert set(workflow["on"]) >= {"pull_request", "push"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    check_runs = [step.get("run") for step in jobs["check"]["steps"]]
    assert "catalogue check --format github" in check_runs
    assert jobs["check"]["if"] == "github.event_name == 'pull_request'"
    build_steps = jobs["build"]["steps"]
    assert any((s.get("run") or "").startswith("catalogue build") for s in build_steps)
    upload = next(s for s in build_steps if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"


def test_init_interactively_with_several_areas(runner: CliRunner, tmp_path: Path):
    repo = tmp_path / "repo"
    answers = ["Two Rivers Partnership", "Upton, Downton", "", "https://carers.tworivers.example/",
               "help@tworivers.example"]
    result = run(runner, init, [str(repo)], "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    catalogue, problems = pipeline.check(repo / "content", TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    assert [(a.id, a.name) for a in catalogue.site.areas] == [("upton", "Upton"),
                                                              ("downton", "Downton")]
    assert catalogue.site.feedback.email == "help@tworivers.example"
    assert catalogue.site.base_url == "https://carers.tworivers.example/"
    assert catalogue.services[0].service.service_areas == ["upton", "downton"]


def test_init_refuses_a_folder_that_is_not_empty(runner: CliRunner, tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run(runner, init, [str(tmp_path), "--no-input", "--name", "X Council"])
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_init_without_a_name_is_a_usage_error(runner: CliRunner, tmp_path: Path):
    result = run(runner, init, [str(tmp_path / "repo"), "--no-input"])
    assert result.exit_code == 2 and "missing --name" in result.output
    assert not (tmp_path / "repo").exists()


def test_skeleton_ships_inside_the_package():
    assert (SKELETON / "content" / "site.yaml").is_file()
    assert SKELETON.parent.name == "directory"  # packages = ["directory"] puts it in the wheel


def test_init_is_deterministic(runner: CliRunner, tmp_path: Path):
    for name in ("a", "b"):
        run(runner, init, [str(tmp_path / name), "--no-input", "--name", "Same Council"])
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    for file in files:
        if (tmp_path / "a" / file).is_file():
            assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    assert date(2026, 11, 23).isoformat() in (tmp_path / "a/content/site.yaml").read_text()
