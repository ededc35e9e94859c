"""Helpers shared by the tests (importable as `support`: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "catalogue"
REPO = Path(__file__).parent.parent
TODAY = date(2026, 11, 23)


class Content:
    """A writable copy of the fixture catalogue."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str) -> Path:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        return self.write(relative, text.replace(old, new, 1))
