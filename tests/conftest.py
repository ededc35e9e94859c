"""Shared fixtures: a small catalogue copied into a temporary folder so tests can break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURE, Content


@pytest.fixture
def content(tmp_path: Path) -> Content:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return Content(root)
