"""The benchmark harness (bench/): the generated catalogue is valid and deterministic, the naive
baseline renders what it is asked to, and build_bench.py measures a whole (tiny) run.

No timing assertions: these tests check that the harness works, not how fast anything is.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
import support
import yaml
from click.testing import CliRunner

from directory.cli import main as catalogue_command

sys.path.insert(0, str(support.REPO / "bench"))

import build_bench  # noqa: E402
import generate  # noqa: E402
import instrumented  # noqa: E402
import naive_baseline  # noqa: E402

EPOCH = str(int(datetime.combine(support.TODAY, time(12), tzinfo=UTC).timestamp()))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """20 services in English and Bengali."""
    out = tmp_path_factory.mktemp("generated") / "content"
    generate.main(["--services", "20", "--languages", "en,bn", "--out", str(out), "--seed", "1"])
    return out


def sources(content: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((content / "services").glob("*.yaml")) if "." not in p.stem]


def test_generated_catalogue_passes_catalogue_check(generated):
    result = CliRunner().invoke(catalogue_command, ["check", "--content", str(generated)],
                                env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    assert ": error:" not in result.output


def test_generated_catalogue_has_the_promised_shape(generated):
    services = sources(generated)
    assert len(services) == 20
    translations = list((generated / "services").glob("*.bn.yaml"))
    assert 8 <= len(translations) < 20  # about 80%
    for service in services:
        words = len(service["description"].split())
        assert 150 <= words <= 480, (service["id"], words)
        assert 1 <= len(service["categories"]) <= 4
    assert any(s.get("opening_hours") for s in services)
    assert any(s.get("quality_marks") for s in services)
    assert list((generated / "guidance" / "en").glob("*.md"))
    assert list((generated / "guidance" / "bn").glob("*.md"))


def test_generation_is_deterministic_and_follows_the_seed(generated, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    generate.main(["--services", "20", "--languages", "en,bn", "--out", str(again), "--seed", "1"])
    generate.main(["--services", "20", "--languages", "en,bn", "--out", str(other), "--seed", "2"])
    assert tree(again) == tree(generated)
    assert tree(other) != tree(generated)


@pytest.mark.parametrize("name, repeats", [
    ("Abbey Fields Older Carers' Carers' Centre", True),
    ("Hollin Cross Carers' Carer's Assessment Team", True),
    ("Holly Bank Young Adult Young Carers Project", True),
    ("Eastbridge Harbour Someone to Talk To", False),  # small words may repeat
    ("Northmoor Weekend Carers' Café", False),
])
def test_repeated_words_in_names_are_recognised(name, repeats):
    assert generate.repeats_word(name) is repeats


def test_generated_names_never_repeat_a_word(tmp_path):
    out = tmp_path / "content"
    generate.main(["--services", "300", "--languages", "en", "--out", str(out)])
    names = [s["name"] for s in sources(out)]
    assert [n for n in names if generate.repeats_word(n)] == []


def test_naive_baseline_renders_the_pages_asked_for(generated, tmp_path):
    items = naive_baseline.work_list(generated)
    assert len(items) == 40  # 20 services x 2 languages
    result = naive_baseline.render_pages(generated, tmp_path / "naive", len(items) + 3)
    pages = sorted((tmp_path / "naive").rglob("*.html"))
    assert result["pages"] == len(pages) == 43  # round the catalogue again for the last 3
    bengali = [p for p in pages if p.parts[-3] == "bn"]
    assert len(bengali) == 20
    html = pages[0].read_text(encoding="utf-8")
    assert "<h2 id=\"about\">" in html and "<p>" in html  # the description's Markdown rendered


def test_stage_times_are_exclusive():
    timer = instrumented.Timer()
    inner = timer.wrap(lambda: sum(range(200_000)), "inner")
    outer = timer.wrap(lambda: [inner() for _ in range(3)], "outer")
    outer()
    assert timer.seconds["inner"] > 0
    assert 0 <= timer.seconds["outer"] < timer.seconds["inner"]


def test_build_bench_measures_a_whole_run(tmp_path):
    figures = tmp_path / "figures.json"
    build_bench.main(["--services", "5", "--languages", "en,pl", "--runs", "1",
                      "--workdir", str(tmp_path / "work"), "--json", str(figures)])
    result = json.loads(figures.read_text())
    assert result["pages"] > 10
    for key, _, _, _ in build_bench.FIGURES:
        figure = result["figures"][key]
        assert figure["median"] > 0, key
        assert figure["ratio_to_naive"] > 0, key
    assert {"load + validate", "render pages", "write", "browser search index"} <= set(result["stages"])
    assert set(result["stages_by_command"]) == {"cold", "noop", "edit_service", "edit_template",
                                                "check"}
    assert set(result["search_index"]) == {"en", "pl"}
    assert all(s["gzip"] > 0 for s in result["search_index"].values())
    # the edits were put back
    work = tmp_path / "work"
    assert "edited" not in (work / "templates" / build_bench.EDITED_TEMPLATE).read_text()
    assert not [p for p in (work / "content" / "services").glob("*.yaml")
                if "Edited for the benchmark" in p.read_text(encoding="utf-8")]
