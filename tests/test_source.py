"""Loading YAML and front matter: positions, strict types, limits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directory.source import MAX_NODES, SourceError, load_markdown, parse_yaml

P = Path("x.yaml")


def test_positions_of_values_and_keys_count_from_one():
    doc = parse_yaml("name: A\ncontact:\n  phones:\n    - number: 020\n", P)
    assert doc.position(("name",)) == (doc.values[("name",)])
    assert (doc.values[("name",)].line, doc.values[("name",)].column) == (1, 7)
    assert (doc.keys[("contact",)].line, doc.keys[("contact",)].column) == (2, 1)
    number = doc.values[("contact", "phones", 0, "number")]
    assert (number.line, number.column) == (4, 15)


def test_missing_key_points_at_nearest_written_parent():
    doc = parse_yaml("contact:\n  email: a@example.org\n", P)
    where = doc.position(("contact", "phones"))
    assert (where.line, where.column) == (2, 3)


@pytest.mark.parametrize("text, expected", [
    ("a: no", "no"),            # YAML 1.1 would say False (the "Norway problem")
    ("a: on", "on"),
    ("a: 09:30", "09:30"),      # YAML 1.1 would say 570 (sexagesimal)
    ("a: 020 7946 0123", "020 7946 0123"),
    ("a: 02079460123", "02079460123"),  # a leading zero stays text
    ("a: 12", 12),
    ("a: 1.5", 1.5),
    ("a: true", True),
    ("a: ~", None),
    ("a: 2026-02-28", date(2026, 2, 28)),
    ("a: 2026-02-30", "2026-02-30"),  # not a date: left for validation to report
])
def test_values_mean_what_editors_typed(text, expected):
    assert parse_yaml(text, P).data == {"a": expected}


def test_python_tags_are_refused():
    with pytest.raises(SourceError) as caught:
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", P)
    assert caught.value.position.line == 1
    assert "not allowed" in caught.value.message


def test_duplicate_keys_are_errors_at_the_second_key():
    with pytest.raises(SourceError) as caught:
        parse_yaml("name: A\nsummary: B\nname: C\n", P)
    assert (caught.value.position.line, caught.value.position.column) == (3, 1)
    assert "duplicate key 'name'" in caught.value.message


def test_syntax_error_points_at_the_fault():
    with pytest.raises(SourceError) as caught:
        parse_yaml("name: A\nsummary: [unclosed\n", P)
    assert caught.value.position.line == 3
    assert caught.value.message.startswith("invalid YAML")


def test_alias_bomb_is_stopped():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]")
    with pytest.raises(SourceError) as caught:
        parse_yaml("\n".join(lines) + "\n", P)
    assert f"more than {MAX_NODES}" in caught.value.message


def test_recursive_alias_is_stopped():
    with pytest.raises(SourceError):
        parse_yaml("a: &a [*a]\n", P)


def test_front_matter_positions_are_file_lines(tmp_path: Path):
    path = tmp_path / "g.md"
    path.write_text("---\ntitle: T\nsummary: S\n---\nBody\n", encoding="utf-8")
    source = load_markdown(path)
    assert source.meta.data == {"title": "T", "summary": "S"}
    assert source.meta.values[("summary",)].line == 3
    assert source.body == "Body\n"
    assert source.body_line == 5


@pytest.mark.parametrize("text, message", [
    ("title: T\n", "missing front matter"),
    ("---\ntitle: T\n", "not closed"),
])
def test_bad_front_matter(tmp_path: Path, text: str, message: str):
    path = tmp_path / "g.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_markdown(path)
    assert message in caught.value.message
