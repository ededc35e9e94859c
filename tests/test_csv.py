"""`catalogue export csv` and `catalogue import csv`: services through a spreadsheet and back.

Exporting and importing again gives the same entries (fixture and example catalogues); bad cells
are reported as `file.csv:line:column`, all in one run, and nothing is written; the cell notation
for lists survives any text (property test).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import support
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import tabular_cells as cells
from directory.commands.export import export_group
from directory.commands.importing import import_group
from directory.openreferral.import_write import ImportFailed, load_target, write_services
from directory.pipeline import check
from directory.problems import ProblemList
from directory.tabular import export_csv, import_csv


@pytest.fixture(scope="module")
def fixture_csv() -> str:
    catalogue, _ = check(support.FIXTURE, support.TODAY)
    return export_csv(catalogue)


def emptied(source: Path, folder: Path) -> Path:
    """A copy of a catalogue with no services (nor their translations)."""
    root = folder / "content"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("services"))
    (root / "services").mkdir()
    return root


def import_text(text: str, content: Path, update: bool = False) -> tuple[list, ProblemList, Path]:
    path = content.parent / "services.csv"
    path.write_text(text, encoding="utf-8", newline="")
    problems = ProblemList()
    services, _ = import_csv(path, load_target(content, problems), problems, update=update)
    return services, problems, path


@pytest.mark.parametrize("source", [support.FIXTURE, support.REPO / "content"], ids=["fixture", "example"])
def test_export_then_import_gives_the_same_services(source: Path, tmp_path: Path) -> None:
    catalogue, _ = check(source, support.TODAY)
    text = export_csv(catalogue)
    content = emptied(source, tmp_path)
    services, problems, _ = import_text(text, content)
    assert not problems.errors, [p.format() for p in problems.errors][:5]
    write_services(services, load_target(content, ProblemList()), problems)
    reloaded, problems = check(content, support.TODAY)
    assert reloaded is not None, [p.format() for p in problems.errors][:5]
    assert [e.service for e in reloaded.services] == [e.service for e in catalogue.services]


def test_the_file_opens_in_spreadsheets_and_is_deterministic(fixture_csv: str) -> None:
    assert fixture_csv.startswith("\ufeffid,name,organization,summary,description,categories")
    catalogue, _ = check(support.FIXTURE, support.TODAY)
    assert export_csv(catalogue) == fixture_csv
    rows = list(csv.DictReader(io.StringIO(fixture_csv.removeprefix("\ufeff"), newline="")))
    sitting = next(row for row in rows if row["id"] == "sitting-service")
    assert sitting["cost.type"] and sitting["contact.phones"] and "locations.1.postcode" in sitting


def test_bad_cells_are_reported_at_their_line_and_column_and_nothing_is_written(
        fixture_csv: str, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(fixture_csv.removeprefix("\ufeff"), newline="")))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    first.update({"description": "Two\nlines", "contact.email": "not-an-email",
                  "opening_hours": "someday 09:00-17:00", "categories": "respit"})
    second = dict(first, id="second-one", description="ok",
                  **{"contact.email": "", "opening_hours": "", "categories": "respite", "cost.type": "cheap"})
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows([first, second])
    content = emptied(support.FIXTURE, tmp_path)
    _, problems, path = import_text(out.getvalue(), content)
    found = {(p.line, p.column, p.message) for p in problems.errors}
    column = {name: header.index(name) + 1 for name in header}
    assert any(line == 2 and col == column["opening_hours"] and "'someday' is not a day" in m
               for line, col, m in found), found
    # The first row spans lines 2-3 (its description has a line break), so the second is on line 4.
    assert any(line == 4 and col == column["cost.type"] for line, col, _ in found), found
    assert list((content / "services").iterdir()) == []
    outcome = CliRunner().invoke(import_group, ["csv", str(path), "--out", str(content)])
    assert outcome.exit_code == 1 and f"{path.name}:2:{column['opening_hours']}: error:" in outcome.output


def test_model_and_reference_errors_point_at_the_field_column(fixture_csv: str, tmp_path: Path) -> None:
    lines = fixture_csv.removeprefix("\ufeff").split("\r\n")
    header = next(csv.reader([lines[0]]))
    rows = list(csv.DictReader(io.StringIO(fixture_csv.removeprefix("\ufeff"), newline="")))
    row = dict(rows[0], **{"contact.email": "nobody", "service_areas": "atlantis"})
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    _, problems, _ = import_text(out.getvalue(), emptied(support.FIXTURE, tmp_path))
    where = {(p.column, p.message.split(":")[0]) for p in problems.errors}
    assert (header.index("contact.email") + 1, "contact.email") in where, problems.errors


def test_unknown_columns_and_existing_ids(fixture_csv: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(support.FIXTURE, content)
    renamed = fixture_csv.replace("contact.email", "contact.emial", 1)
    _, problems, _ = import_text(renamed, content)
    assert any("unknown column 'contact.emial'; did you mean 'contact.email'?" in p.message
               for p in problems.errors)
    _, problems, _ = import_text(fixture_csv, content)
    assert any("sitting-service.yaml already exists" in p.message for p in problems.errors)
    renamed = fixture_csv.replace("Evening sitting service", "Evening sitting service (new)")
    services, problems, _ = import_text(renamed, content, update=True)
    assert not problems.errors
    with pytest.raises(ImportFailed):  # without --update the same files are refused
        write_services(services, load_target(content, ProblemList()), ProblemList())
    write_services(services, load_target(content, ProblemList()), ProblemList(),
                   replace=frozenset(s.id for s in services))
    written = (content / "services" / "sitting-service.yaml").read_text(encoding="utf-8")
    assert "Evening sitting service (new)" in written


def test_the_export_command_writes_a_translated_file(tmp_path: Path) -> None:
    out = tmp_path / "services.bn.csv"
    outcome = CliRunner().invoke(export_group, ["csv", "--content", str(support.FIXTURE), "--lang", "bn",
                                                "--out", str(out)])
    assert outcome.exit_code == 0, outcome.output
    english = export_csv(check(support.FIXTURE, support.TODAY)[0])
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and out.read_text(encoding="utf-8-sig") != english


# --- cells: any text survives ----------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(";\\\"\n,() "),
               min_size=1).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, max_size=5))
def test_joined_lists_split_back(items: list[str]) -> None:
    assert cells.split(cells.join(items)) == items


@settings(max_examples=100, deadline=None)
@given(label=TEXT, note=TEXT,
       days=st.lists(st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday",
                                      "saturday", "sunday"]), min_size=1, max_size=7))
def test_phones_and_hours_survive_a_csv_file(label: str, note: str, days: list[str]) -> None:
    phone = cells.join([cells.phone_cell("(020) 7946 0123", label), cells.phone_cell("111", None)])
    hours = cells.join([cells.hours_cell(days, "09:00", "17:30", note)])
    out = io.StringIO()
    csv.writer(out).writerow([phone, hours, "Ελληνικά; «quoted» \"x\" বাংলা"])
    [phone_back, hours_back, text_back] = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert [cells.parse_phone(i) for i in cells.split(phone_back)] == \
        [{"number": "(020) 7946 0123", "label": label}, {"number": "111"}]
    assert [cells.parse_hours(i) for i in cells.split(hours_back)] == \
        [{"days": days, "opens_at": "09:00", "closes_at": "17:30", "note": note}]
    assert text_back == "Ελληνικά; «quoted» \"x\" বাংলা"
