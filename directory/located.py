"""Located validation: a file's data checked against a model, problems pointing at nodes.

Shared by every kind of content (sources and translations): pydantic's errors become
`path:line:column` problems with messages written for editors, and references between files are
checked with "did you mean" suggestions.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import ProblemList
from .source import Document, Key, SourceError, load_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Located:
    """A validated model with the document it came from, for pointing at its fields later."""

    value: Any
    doc: Document


# --- pydantic errors to located problems -----------------------------------------------------

def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last field in `loc` (for 'did you mean' suggestions)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return current
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_names(model: type[BaseModel]) -> set[str]:
    """Every field name of a model and the models nested in it."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        inner = _inner_model(info.annotation)
        if inner is not None and inner is not model:
            names |= _field_names(inner)
    return names


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, loc, value = error["type"], error["loc"], error.get("input")
    ctx = error.get("ctx") or {}
    field = str(loc[-1]) if loc else "value"
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        source = getattr(model, "translation_of", None)
        if source is not None and field in _field_names(source):
            return (f"'{field}' cannot be translated: it is the same in every language "
                    "(remove it from the translation)")
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        hint = difflib.get_close_matches(field, known, n=1, cutoff=0.6)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"unknown field '{field}'{suggestion}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "enum":
        return f"{value!r} is not allowed here; expected {ctx.get('expected')}"
    if kind in ("list_type",):
        return f"'{field}' must be a list (one '- item' per line, or [a, b])"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{field}' must be a set of fields (key: value lines)"
    if kind in ("string_type", "str_type"):
        return f"'{field}' must be text"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{field}' must be a whole number"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' must be true or false"
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return f"'{field}' needs at least {minimum} item{'s' * (minimum != 1)}"
    if kind == "greater_than_equal":
        return f"'{field}' must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"'{field}' must be at most {ctx.get('le')}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not in the expected form for '{field}' (pattern {ctx.get('pattern')})"
    return f"'{field}': {error['msg']}"


def report_validation_error(doc: Document, error: ValidationError, model: type[BaseModel],
                            problems: ProblemList) -> None:
    for item in error.errors(include_url=False):
        loc: Key = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            position = doc.key_position(loc)
        elif item["type"] == "missing":
            position = doc.position(loc[:-1])
        else:
            position = doc.position(loc)
        problems.error(doc.path, position.line, position.column, _message(item, model))


def validate_document(doc: Document, model: type[M], problems: ProblemList) -> M | None:
    data = doc.data
    if data is None:
        problems.error(doc.path, 1, 1, "file is empty")
        return None
    if not isinstance(data, dict):
        position = doc.position(())
        problems.error(doc.path, position.line, position.column,
                       "expected a set of fields (key: value lines) at the top of the file")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        report_validation_error(doc, error, model, problems)
        return None


def read_model(path: Path, model: type[M], problems: ProblemList) -> Located | None:
    """The file's data and, if its shape is valid, its model (`value` is None otherwise)."""
    try:
        doc = load_yaml(path)
    except SourceError as error:
        problems.error(error.path, error.position.line, error.position.column, error.message)
        return None
    return Located(validate_document(doc, model, problems), doc)


def load_model(path: Path, model: type[M], problems: ProblemList, *, required: bool = True
          ) -> Located | None:
    """A valid model with its document, or None (with the reasons added to `problems`)."""
    if not path.is_file():
        if required:
            problems.error(path, 1, 1, f"file not found: the catalogue needs {path.name}")
        return None
    located = read_model(path, model, problems)
    return located if located is not None and located.value is not None else None



def report_duplicates(doc: Document, key: Key, ids: Iterable[str], what: str,
                       problems: ProblemList) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            position = doc.position(key + (index,))
            problems.error(doc.path, position.line, position.column,
                           f"duplicate {what} {value!r}")
        seen.add(value)



def check_reference(doc: Document, key: Key, value: str, known: Iterable[str], what: str,
                     where: str, problems: ProblemList) -> None:
    known = list(known)
    if value in known:
        return
    hint = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
    position = doc.position(key)
    problems.error(doc.path, position.line, position.column,
                   f"unknown {what} {value!r} (not in {where}){suggestion}")



def report_refused_links(path: Path, text: str, start_line: int, refused: Iterable[str],
                          problems: ProblemList) -> None:
    """Point at the line that holds each refused link (searching from where the text starts)."""
    refused = list(refused)
    if not refused:
        return  # the usual case: no need to read the file again
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    for href in refused:
        line, column = start_line, 1
        for number in range(start_line, len(lines) + 1):
            found = lines[number - 1].find(href)
            if found >= 0:
                line, column = number, found + 1
                break
        problems.error(path, line, column,
                       f"link {href!r} is not allowed: links may only use http, https, mailto or "
                       "tel (or be relative)")
