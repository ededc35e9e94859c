"""Write imported services as YAML files, all of them or none.

Both importers (Open Referral JSON and CSV) end here: each entry is checked against the model and
against the target catalogue (taxonomy ids, site areas, languages), written to a temporary folder,
read back with the same strict loader `check` uses, and only when every file is valid are they
moved into `services/`. A failure at any point leaves the catalogue as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..located import load_model, read_model
from ..model import Service, SiteConfig, Taxonomy
from ..problems import ProblemList
from ..scaffold.service import SCHEMA_LINE
from ..scaffold.yamltext import block_field, flow_list, scalar
from ..source import iter_files
from ..translations import translation_file_language

_ID_LIST = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE_KEYS = {"added", "last_verified", "awarded"}
FACETS = ("categories", "audiences", "journey_stages", "conditions")


class ImportFailed(Exception):
    """Nothing was written; `problems` says why."""

    def __init__(self, problems: ProblemList):
        self.problems = problems
        super().__init__(f"{len(problems.errors)} error(s): nothing was written")


@dataclass
class Target:
    """What an import must agree with: the catalogue's taxonomy, areas and existing ids."""

    content_dir: Path
    site: SiteConfig
    taxonomy: Taxonomy
    existing_ids: set[str] = field(default_factory=set)

    @property
    def services_dir(self) -> Path:
        return self.content_dir / "services"


def load_target(content_dir: Path, problems: ProblemList) -> Target | None:
    """site.yaml and taxonomy.yaml of the catalogue imported into (errors go to `problems`)."""
    site = load_model(content_dir / "site.yaml", SiteConfig, problems)
    taxonomy = load_model(content_dir / "taxonomy.yaml", Taxonomy, problems)
    if site is None or taxonomy is None:
        return None
    existing = {path.stem for path in iter_files(content_dir / "services", "*.yaml")
                if translation_file_language(path) is None}
    return Target(content_dir, site.value, taxonomy.value, existing)


def reference_errors(service: Service, target: Target) -> list[tuple[str, str]]:
    """(field, message) for each id that the target catalogue does not define."""
    errors: list[tuple[str, str]] = []
    for facet in FACETS:
        known = {term.id for term in getattr(target.taxonomy, facet)}
        errors += [(facet, f"unknown {facet} id {value!r} (not in taxonomy.yaml)")
                   for value in getattr(service, facet) if value not in known]
    areas = {area.id for area in target.site.areas}
    errors += [("service_areas", f"unknown area {value!r} (not in site.yaml areas)")
               for value in service.service_areas if value not in areas]
    languages = {language.id for language in target.taxonomy.languages}
    errors += [("languages", f"unknown language {value!r} (not in taxonomy.yaml languages)")
               for value in service.languages if value not in languages]
    schemes = {scheme.id for scheme in target.taxonomy.quality_marks}
    errors += [("quality_marks", f"unknown quality mark scheme {mark.scheme!r}")
               for mark in service.quality_marks if mark.scheme not in schemes]
    return errors


# --- YAML text -------------------------------------------------------------------------------

def _value_lines(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for sub_key, sub_value in value.items():
            lines += _value_lines(sub_key, sub_value, indent + 2)
        return lines
    if isinstance(value, list):
        if all(isinstance(item, str) and _ID_LIST.match(item) for item in value):
            return [f"{pad}{key}: {flow_list(value)}"]
        lines = [f"{pad}{key}:"]
        for item in value:
            if isinstance(item, dict):
                inner: list[str] = []
                for sub_key, sub_value in item.items():
                    inner += _value_lines(sub_key, sub_value, indent + 4)
                inner[0] = f"{pad}  - {inner[0][indent + 4:]}"
                lines += inner
            else:
                lines.append(f"{pad}  - {scalar(item)}")
        return lines
    if key in _DATE_KEYS and isinstance(value, str):
        return [f"{pad}{key}: {scalar(date.fromisoformat(value))}"]
    if isinstance(value, str) and any(ch in value for ch in "\n\r\x85\u2028\u2029"):
        text = block_field(key, value).rstrip("\n").split("\n")
        return [f"{pad}{line}" if line else "" for line in text]
    return [f"{pad}{key}: {scalar(value)}"]


def service_yaml(service: Service, header: tuple[str, ...] = ()) -> str:
    """The entry as YAML in the field order of the model, leaving out empty optional fields."""
    data = service.model_dump(mode="json", exclude_defaults=True)
    lines = [SCHEMA_LINE, *(f"# {line}" if line else "#" for line in header)]
    for key, value in data.items():
        lines += _value_lines(key, value, 0)
    return "\n".join(lines) + "\n"


# --- all or nothing --------------------------------------------------------------------------

def write_services(services: list[Service], target: Target, problems: ProblemList, *,
                   replace: frozenset[str] = frozenset(),
                   header: tuple[str, ...] = ()) -> list[Path]:
    """Write every service to `services/<id>.yaml`, or nothing (raises ImportFailed).

    Ids in `replace` may overwrite their existing file (CSV `--update`); any other existing file
    is never touched. Each file is read back by the strict loader and must give the same entry.
    """
    folder = target.services_dir
    for service in services:
        path = folder / f"{service.id}.yaml"
        if path.exists() and service.id not in replace:
            problems.error(path, 1, 1, f"{service.id}.yaml already exists: not overwritten")
    if problems.errors:
        raise ImportFailed(problems)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=folder.parent))
    moved: list[Path] = []
    try:
        for service in services:
            staged = staging / f"{service.id}.yaml"
            staged.write_text(service_yaml(service, header), encoding="utf-8")
            located = read_model(staged, Service, problems)
            if located is None or located.value != service:
                problems.error(staged, 1, 1, "internal error: the written entry does not read "
                               "back the same")
        if problems.errors:
            raise ImportFailed(problems)
        for service in services:
            staged, final = staging / f"{service.id}.yaml", folder / f"{service.id}.yaml"
            if service.id in replace and final.exists():
                os.replace(staged, final)
            else:
                os.link(staged, final)  # fails rather than overwrite a file made meanwhile
            moved.append(final)
    except FileExistsError as error:
        for path in moved:
            if path.stem not in replace:
                path.unlink(missing_ok=True)
        problems.error(error.filename or folder, 1, 1, "file appeared during the import: "
                       "nothing was written")
        raise ImportFailed(problems) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return moved
