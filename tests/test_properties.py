"""Property tests: whatever an editor types, the result is problems, never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURE, TODAY

from directory.source import SourceError, parse_yaml
from directory.validate import load_catalogue

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates(min_value=date(1900, 1, 1)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20)
SERVICE_KEYS = ["id", "name", "organization", "summary", "description", "categories",
                "service_areas", "contact", "cost", "access", "added", "last_verified",
                "locations", "opening_hours", "quality_marks", "languages", "commissioned"]


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_any_text_parses_or_gives_a_located_error(text: str):
    try:
        parse_yaml(text, Path("random.yaml"))
    except SourceError as error:
        assert error.position.line >= 1 and error.position.column >= 1
        assert error.message


@given(st.dictionaries(st.sampled_from(SERVICE_KEYS), values, max_size=len(SERVICE_KEYS)))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_service_shape_gives_problems_not_tracebacks(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("c")
    for name in ("site.yaml", "taxonomy.yaml", "glossary.yaml"):
        (root / name).write_text((FIXTURE / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "services").mkdir()
    text = yaml.safe_dump(data, allow_unicode=True)
    (root / "services" / "random.yaml").write_text(text, encoding="utf-8")
    catalogue, problems = load_catalogue(root, TODAY)
    if catalogue is None:
        assert problems.errors
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1


@given(st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_real_files_give_problems_not_tracebacks(tmp_path_factory, data):
    source = (FIXTURE / "services" / "sitting-service.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(st.text(max_size=40))
    lines[index] = replacement
    root = tmp_path_factory.mktemp("c")
    for name in ("site.yaml", "taxonomy.yaml", "glossary.yaml"):
        (root / name).write_text((FIXTURE / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "services").mkdir()
    (root / "services" / "sitting-service.yaml").write_text("\n".join(lines), encoding="utf-8")
    load_catalogue(root, TODAY)
