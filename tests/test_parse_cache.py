"""The parsed-YAML cache gives back exactly the document parsing gives, or nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURE, REPO, TODAY

from directory import parse_cache, source
from directory.source import SourceError, parse_yaml
from directory.validate import load_catalogue

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates(min_value=date(1900, 1, 1)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)


def content_files() -> list[Path]:
    return sorted(p for root in (FIXTURE, REPO / "content") for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.name)
def test_every_content_file_comes_back_as_parsed(path: Path):
    doc = parse_yaml(source.read_text(path), path)
    assert parse_cache.decode(parse_cache.encode(doc), path) == doc


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_yaml_document_comes_back_as_parsed(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        doc = parse_yaml(text, Path("x.yaml"))
    except SourceError:
        return  # errors are never cached
    back = parse_cache.decode(parse_cache.encode(doc), Path("x.yaml"))
    assert back == doc
    assert [type(v) for v in _leaves(back.data)] == [type(v) for v in _leaves(doc.data)]


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


@pytest.fixture
def disk(tmp_path: Path):
    parse_cache.use_disk_cache(tmp_path)
    yield tmp_path
    parse_cache.use_disk_cache(None)


def test_a_second_load_parses_nothing_and_gives_the_same_catalogue(disk, monkeypatch):
    first, problems = load_catalogue(FIXTURE, TODAY)
    parse_cache.use_disk_cache(disk)  # flushes and reopens: as the next run would

    def refuse(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(source._Builder, "build", refuse)
    second, again = load_catalogue(FIXTURE, TODAY)
    assert second is not None and first is not None
    assert repr(second) == repr(first)
    assert [p.format() for p in again] == [p.format() for p in problems]


def test_files_with_errors_are_parsed_again_and_report_again(disk, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SourceError):
            source.load_yaml(bad)
        parse_cache.use_disk_cache(disk)


def test_a_damaged_entry_is_parsed_again(disk, tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("name: Respite\nadded: 2025-01-02\n", encoding="utf-8")
    expected = source.load_yaml(path)
    parse_cache.use_disk_cache(disk)
    with sqlite3.connect(disk / parse_cache.FILE_NAME) as db:
        changed = db.execute("UPDATE cached SET value = '{\"data\": 1}'")
        assert changed.rowcount == 1
    assert source.load_yaml(path) == expected
