"""The command line: exit codes, located messages, no tracebacks, both entry points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURE, REPO, Content

from directory.cli import main

FIXED_DATE = {"SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_succeeds(runner: CliRunner, tmp_path: Path):
    out = tmp_path / "site"
    result = runner.invoke(main, ["build", "--content", str(FIXTURE), "--out", str(out)],
                           env=FIXED_DATE)
    assert result.exit_code == 0, result.output
    assert "Built 128 pages" in result.output
    assert "index.html" in result.output
    assert (out / "en/index.html").is_file()


def test_content_errors_exit_1_with_located_messages(runner: CliRunner, content: Content,
                                                     tmp_path: Path):
    content.replace("services/sitting-service.yaml", "postcode: EB2 7QT", "postcode: nowhere")
    content.replace("services/dementia-cafe.yaml", "categories: [peer-support]",
                    "categories: [peer-suport]")
    result = runner.invoke(main, ["build", "--content", str(content.root), "--out",
                                  str(tmp_path / "site")], env=FIXED_DATE)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.endswith("services/dementia-cafe.yaml:8:14: error: unknown category "
                             "'peer-suport' (not in taxonomy.yaml); did you mean 'peer-support'?")
               for line in lines), result.output
    assert any("services/sitting-service.yaml:18:15: error: 'nowhere' is not a UK postcode" in line
               for line in lines)
    assert "2 errors and 2 warnings in 3 files" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_check_writes_nothing(runner: CliRunner, content: Content, tmp_path: Path):
    before = sorted(p.name for p in content.root.rglob("*"))
    result = runner.invoke(main, ["check", "--content", str(content.root)], env=FIXED_DATE)
    assert result.exit_code == 0
    assert "2 warnings in 2 files" in result.output
    assert sorted(p.name for p in content.root.rglob("*")) == before


def test_strict_fails_on_warnings(runner: CliRunner):
    result = runner.invoke(main, ["check", "--content", str(FIXTURE), "--strict"], env=FIXED_DATE)
    assert result.exit_code == 1
    assert "warning: review due" in result.output


def test_usage_errors_exit_2(runner: CliRunner):
    assert runner.invoke(main, ["build", "--no-such-option"]).exit_code == 2
    assert runner.invoke(main, ["check", "--format", "xml"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_help_on_every_command(runner: CliRunner):
    for args in ([], ["build"], ["check"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_json_format(runner: CliRunner, content: Content):
    content.replace("services/sitting-service.yaml", "postcode: EB2 7QT", "postcode: nowhere")
    result = runner.invoke(main, ["check", "--content", str(content.root), "--format", "json"],
                           env=FIXED_DATE)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert errors[0]["line"] == 18 and errors[0]["column"] == 15
    assert report["summary"] == "1 error and 2 warnings in 3 files"


def test_github_format(runner: CliRunner, content: Content):
    content.replace("services/sitting-service.yaml", "postcode: EB2 7QT", "postcode: nowhere")
    result = runner.invoke(main, ["check", "--content", str(content.root), "--format", "github"],
                           env=FIXED_DATE)
    line = next(x for x in result.stdout.splitlines() if x.startswith("::error"))
    assert "services/sitting-service.yaml,line=18,col=15::'nowhere' is not a UK postcode" in line


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **FIXED_DATE}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_build_py_with_no_arguments_builds_content_into_site(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    result = _run([sys.executable, str(REPO / "build.py")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "en" / "services" / "sitting-service.html").is_file()


def test_build_py_check_equals_catalogue_check(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    (tmp_path / "content/services/dementia-cafe.yaml").write_text("id: dementia-cafe\nname: [\n",
                                                                  encoding="utf-8")
    script = _run([sys.executable, str(REPO / "build.py"), "check"], tmp_path)
    catalogue = shutil.which("catalogue", path=str(Path(sys.executable).parent))
    assert catalogue is not None
    command = _run([catalogue, "check"], tmp_path)
    assert script.returncode == command.returncode == 1
    assert script.stderr == command.stderr
    assert "content/services/dementia-cafe.yaml:3:1: error: invalid YAML" in script.stderr
    assert "Traceback" not in script.stderr


def test_subprocess_build_failure_keeps_previous_site(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    assert _run([sys.executable, str(REPO / "build.py"), "build"], tmp_path).returncode == 0
    index = (tmp_path / "site/en/index.html").read_bytes()
    service = tmp_path / "content/services/sitting-service.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("type: paid", "type: dear"),
                       encoding="utf-8")
    result = _run([sys.executable, str(REPO / "build.py"), "build"], tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the previous site in site was not changed" in result.stderr
    assert (tmp_path / "site/en/index.html").read_bytes() == index
