"""Problems found in content, and how they are reported.

Library code never prints or exits: every stage returns or raises `Problem`s, and the command line
chooses how to show them (text, JSON or GitHub annotations) and which exit status to use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """Errors stop the build; warnings stop it only under --strict; notes never do (they tell
    editors what is coming, such as a review due next month)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, pointing at a place in a content file (lines and columns count from 1)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"


class ContentError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in content")


class ProblemList:
    """Collects problems from every stage so that one run reports all of them."""

    def __init__(self, root: Path | None = None):
        self._items: list[Problem] = []
        self._root = root

    def relative(self, path: Path | str) -> str:
        """Paths are shown relative to the working directory when possible, as compilers do."""
        path = Path(path)
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def add(self, path: Path | str, line: int, column: int, message: str,
            severity: Severity = Severity.ERROR) -> None:
        self._items.append(Problem(self.relative(path), line, column, severity, message))

    def error(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.add(path, line, column, message, Severity.ERROR)

    def warning(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.add(path, line, column, message, Severity.WARNING)

    def note(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.add(path, line, column, message, Severity.NOTE)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.NOTE]

    def sorted(self) -> list[Problem]:
        return sorted(set(self._items))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(set(self._items))

    def __bool__(self) -> bool:
        return bool(self._items)


def summary(problems: Iterable[Problem]) -> str:
    """One line such as `3 errors and 1 warning in 2 files` (or `…, 1 warning and 2 notes in …`)."""
    problems = list(problems)
    if not problems:
        return "no problems found"
    parts = []
    for severity in Severity:
        count = sum(p.severity is severity for p in problems)
        if count:
            parts.append(f"{count} {severity.value}{'s' * (count != 1)}")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    files = len({p.path for p in problems})
    return f"{listed} in {files} file{'s' * (files != 1)}"


def format_text(problems: Iterable[Problem]) -> str:
    """One line per problem, sorted by file, line and column (the summary line is separate)."""
    return "\n".join(p.format() for p in sorted(problems))


def format_json(problems: Iterable[Problem]) -> str:
    problems = sorted(problems)
    items = [{**asdict(p), "severity": p.severity.value} for p in problems]
    return json.dumps({"problems": items, "summary": summary(problems)}, indent=2, ensure_ascii=False)


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


# GitHub's workflow commands: `::error`, `::warning`, and `::notice` for our notes.
_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the pull request's lines."""
    lines = []
    for p in sorted(problems):
        file = _escape_github(p.path, property_value=True)
        lines.append(f"::{_GITHUB_COMMANDS[p.severity]} file={file},line={p.line},col={p.column}::"
                     f"{_escape_github(p.message)}")
    return "\n".join(lines)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
