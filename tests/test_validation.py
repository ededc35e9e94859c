"""Every kind of content error, reported at its exact line and column, all in one run."""

from __future__ import annotations

import pytest
from support import TODAY, Content

from directory.problems import Severity
from directory.validate import load_catalogue

S = "services/sitting-service.yaml"


def problems_of(content: Content):
    catalogue, problems = load_catalogue(content.root, TODAY)
    return catalogue, [p for p in problems if p.severity is Severity.ERROR]


def single_error(content: Content):
    _, errors = problems_of(content)
    assert len(errors) == 1, "\n".join(p.format() for p in errors)
    error = errors[0]
    return error.path.split("content/")[-1], error.line, error.column, error.message


def test_fixture_is_valid(content: Content):
    catalogue, errors = problems_of(content)
    assert errors == []
    assert catalogue is not None and len(catalogue.services) == 3




CASES = [
    ("unknown key", "summary: A trained", "sumary: A trained", (5, 1),
     "unknown field 'sumary'; did you mean 'summary'?"),
    ("nested unknown key", "    postcode: EB2 7QT", "    postcode: EB2 7QT\n    floor: 2", (19, 5),
     "unknown field 'floor'"),
    ("missing required field", "name: Evening sitting service\n", "", (2, 1),
     "missing required field 'name'"),
    ("wrong type", "categories: [respite]", "categories: respite", (8, 13),
     "'categories' must be a list"),
    ("not a boolean", "added: 2024-03-01", "commissioned: maybe\nadded: 2024-03-01", (33, 15),
     "must be true or false"),
    ("invalid date", "added: 2024-03-01", "added: 2024-02-30", (33, 8),
     "'2024-02-30' is not a valid date"),
    ("invalid time", 'opens_at: "10:00"', 'opens_at: "25:00"', (22, 15),
     "'25:00' is not a time"),
    ("closing before opening", 'closes_at: "22:00"', 'closes_at: "09:00"', (21, 5),
     "closes_at (09:00) must be later than opens_at (10:00)"),
    ("unknown weekday", "days: [saturday, sunday]", "days: [saturday, sundy]", (21, 22),
     "'sundy' is not allowed here"),
    ("unknown category", "categories: [respite]", "categories: [respit]", (8, 14),
     "unknown category 'respit' (not in taxonomy.yaml); did you mean 'respite'?"),
    ("unknown audience", "audiences: [working-carers]", "audiences: [workers]", (9, 13),
     "unknown audience 'workers'"),
    ("unknown condition", "conditions: [dementia]", "conditions: [dementa]", (10, 14),
     "unknown condition 'dementa'"),
    ("unknown area", "service_areas: [eastbridge, northmoor]",
     "service_areas: [eastbridge, southmoor]", (11, 29), "unknown area 'southmoor'"),
    ("unknown quality mark scheme", "scheme: ensuring-quality", "scheme: ensuring-qualty",
     (31, 13), "unknown quality mark scheme 'ensuring-qualty'"),
    ("id not matching file name", "id: sitting-service", "id: sitter-service", (2, 5),
     "id 'sitter-service' must equal the file name 'sitting-service'"),
    ("malformed id", "id: sitting-service", "id: Sitting_Service", (2, 5),
     "'Sitting_Service' is not a valid identifier"),
    ("malformed phone", "number: 020 7946 0456", "number: 020 7946 045", (14, 15),
     "'020 7946 045' is not a UK phone number"),
    ("malformed postcode", "postcode: EB2 7QT", "postcode: EB2 7OT", (18, 15),
     "'EB2 7OT' is not a UK postcode"),
    ("malformed email", "  phones:", "  email: carers.example.org\n  phones:", (13, 10),
     "'carers.example.org' is not an email address"),
    ("malformed url", "  phones:", "  website: www.example.org\n  phones:", (13, 12),
     "'www.example.org' is not a web address"),
    ("javascript link in Markdown", "Pay with a direct payment.",
     "Pay with a [direct payment](javascript:alert(1)).", (7, 77),
     "link 'javascript:alert(1)' is not allowed"),
    ("raw HTML link in Markdown", "Pay with a direct payment.",
     'Pay <a href="data:text/html,x">here</a>.', (7, 62),
     "link 'data:text/html,x' is not allowed"),
    ("cost details missing", "  details: £18 an hour\n", "", (25, 3),
     "cost of type 'paid' needs details"),
    ("enum value", "type: paid", "type: cheap", (25, 9), "'cheap' is not allowed here; expected"),
    ("duplicate in list", "categories: [respite]", "categories: [respite, respite]", (8, 23),
     "duplicate category 'respite'"),
    ("invalid YAML", "name: Evening sitting service", "name: [Evening", (4, 13),
     "invalid YAML"),
    ("tab indentation", "  type: paid", "\ttype: paid", (25, 1), "invalid YAML"),
    ("not a mapping", None, "- just\n- a list\n", (1, 1), "expected a set of fields"),
]


@pytest.mark.parametrize("old, new, position, message",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_error_is_located(content: Content, old, new, position, message):
    if old is None:
        content.write(S, new)
    else:
        content.replace(S, old, new)
    _, errors = problems_of(content)
    matching = [e for e in errors if message in e.message]
    assert matching, "\n".join(p.format() for p in errors)
    error = matching[0]
    assert error.path.endswith(S)
    assert (error.line, error.column) == position, error.format()


def test_all_errors_are_reported_in_one_run_sorted(content: Content):
    content.replace(S, "categories: [respite]", "categories: [respit]")
    content.replace(S, "postcode: EB2 7QT", "postcode: 12345")
    content.replace("services/dementia-cafe.yaml", "email: cafe@example.org", "email: nope")
    content.replace("site.yaml", "  - id: eastbridge", "  - id: Eastbridge")
    catalogue, errors = problems_of(content)
    assert catalogue is None
    assert len(errors) >= 4
    assert errors == sorted(errors)
    files = {e.path.split("content/")[-1] for e in errors}
    assert {"site.yaml", S, "services/dementia-cafe.yaml"} <= files


def test_yml_extension_is_reported(content: Content):
    content.write("services/other.yml", "id: other\n")
    path, line, column, message = single_error(content)
    assert path.endswith("services/other.yml") and "must end in .yaml" in message


def test_missing_site_yaml(content: Content):
    content.path("site.yaml").unlink()
    path, line, column, message = single_error(content)
    assert path.endswith("site.yaml") and (line, column) == (1, 1)
    assert "file not found" in message


def test_site_default_language_must_be_declared(content: Content):
    content.replace("site.yaml", "default_language: en", "default_language: fr")
    path, line, column, message = single_error(content)
    assert path.endswith("site.yaml")
    assert "default_language 'fr' is not one of the declared languages" in message
    assert line == 1


def test_duplicate_taxonomy_ids(content: Content):
    content.replace("taxonomy.yaml", "  - id: peer-support", "  - id: respite")
    content.replace("services/dementia-cafe.yaml", "[peer-support]", "[respite]")
    path, line, column, message = single_error(content)
    assert path.endswith("taxonomy.yaml")
    assert (line, column) == (8, 5)
    assert "duplicate categories id 'respite'" in message


def test_guidance_front_matter_errors(content: Content):
    content.replace("guidance/en/taking-a-break.md", "last_reviewed: 2026-05-01",
                    "last_reviewed: May 2026")
    path, line, column, message = single_error(content)
    assert path.endswith("guidance/en/taking-a-break.md")
    assert (line, column) == (6, 16)
    assert "'May 2026' is not a valid date" in message


def test_guidance_unknown_stage(content: Content):
    content.replace("guidance/en/taking-a-break.md", "journey_stages: [crisis-point]",
                    "journey_stages: [crisis]")
    path, line, column, message = single_error(content)
    assert (line, column) == (4, 18)
    assert "unknown journey stage 'crisis'" in message


def test_guidance_in_undeclared_language(content: Content):
    content.write("guidance/fr/x.md", "---\ntitle: T\nsummary: S\nlast_reviewed: 2026-01-01\n---\n")
    path, line, column, message = single_error(content)
    assert "folder 'fr' is not a language declared in site.yaml" in message


def test_markdown_body_link_is_located(content: Content):
    content.replace("guidance/en/carers-assessment.md", "Call the [carers' line](tel:02079460123).",
                    "Call the [carers' line](vbscript:x).")
    path, line, column, message = single_error(content)
    assert (line, column) == (15, 25)
    assert "'vbscript:x' is not allowed" in message


def test_not_utf8(content: Content):
    content.path(S).write_bytes(b"id: sitting-service\nname: caf\xe9\n")
    path, line, column, message = single_error(content)
    assert (line, column) == (2, 10)
    assert "not valid UTF-8" in message


def test_too_large_file(content: Content):
    content.write(S, "a: " + "x" * (1024 * 1024) + "\n")
    path, line, column, message = single_error(content)
    assert "file is too large" in message


def test_warnings_for_review_due_and_expiring_marks(content: Content):
    content.replace(S, "awarded: 2025-06-01", "awarded: 2024-12-20")
    catalogue, problems = load_catalogue(content.root, TODAY)
    assert catalogue is not None
    warnings = [(p.path.split("content/")[-1], p.line, p.message) for p in problems
                if p.severity is Severity.WARNING]
    assert ("services/dementia-cafe.yaml", 18,
            "review due: last verified on 2025-08-01, more than 12 months ago") in warnings
    assert (S, 32, "Ensuring Quality award expires on 2026-12-20, within 60 days") in warnings


def test_review_due_within_30_days_is_a_note_not_a_warning(content: Content):
    content.replace(S, "last_verified: 2026-09-15", "last_verified: 2025-12-20")
    catalogue, problems = load_catalogue(content.root, TODAY)
    assert catalogue is not None
    mine = [(p.severity, p.line, p.column, p.message) for p in problems if p.path.endswith(S)]
    assert mine == [(Severity.NOTE, 34, 16,
                     "review due on 2026-12-20, within 30 days: last verified on 2025-12-20")]
    assert problems.notes and not [p for p in problems.warnings if p.path.endswith(S)]


def test_expired_mark_warns(content: Content):
    content.replace(S, "awarded: 2025-06-01", "awarded: 2024-06-01")
    catalogue, problems = load_catalogue(content.root, TODAY)
    assert any("Ensuring Quality award expired on 2026-06-01" in p.message for p in problems)


def test_easy_read_needs_its_standard_page(content: Content):
    content.write("guidance/en/nothing.easy.md",
                  "---\ntitle: T\nsummary: S\nlast_reviewed: 2026-01-01\n---\nBody\n")
    path, line, column, message = single_error(content)
    assert "an easy-read version needs its standard page nothing.md beside it" in message
