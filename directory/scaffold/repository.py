"""`catalogue init`: a new catalogue repository for another council, ready to check and build.

The files are kept as package data in `directory/skeleton/` (so they ship inside the wheel) with
`[[name]]` placeholders; `[[name|yaml]]` inserts the value quoted for YAML. The example service is
written by the same code as `catalogue new service`, so it is commented the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

from ..builders.site import schema_text
from ..model import Area, SiteConfig, Taxonomy
from ..source import parse_yaml
from .choices import Choices
from .ids import suggest_id
from .service import ScaffoldError, ServiceAnswers, check_answer, service_yaml, write_new
from .yamltext import scalar

SKELETON = Path(__file__).parent.parent / "skeleton"
# Skeleton files named without a leading dot, so that no packaging tool skips them.
_RENAMED = {"gitignore": ".gitignore", "github": ".github"}
_PLACEHOLDER = re.compile(r"\[\[([a-z_]+)(\|yaml)?\]\]")
EXAMPLE_SERVICE_ID = "carers-assessment"


@dataclass
class InitAnswers:
    """What `catalogue init` asks."""

    council: str
    areas: list[str] = field(default_factory=list)
    title: str | None = None
    base_url: str = "https://carers.example.org/"
    email: str = "carers.directory@example.org"

    def checked(self) -> InitAnswers:
        """Trimmed answers; ValueError naming the first one that is wrong."""
        def text(value: str) -> str:
            return " ".join(check_answer("name", value).split())

        council = text(self.council)
        areas = [text(area) for area in self.areas] or [default_area(council)]
        title = text(self.title) if self.title else default_title(council, areas)
        return InitAnswers(council, areas, title, check_answer("website", self.base_url),
                           check_answer("email", self.email))


def default_area(council: str) -> str:
    """`Northmoor Borough Council` → `Northmoor`: a first guess at the area's name."""
    words = council.split()
    while len(words) > 1 and words[-1].lower() in {"council", "borough", "county", "city",
                                                   "district", "metropolitan", "london"}:
        words.pop()
    return " ".join(words)


def default_title(council: str, areas: list[str]) -> str:
    """`Westshire Carers' Directory`: named after the one area, or else after the council."""
    return f"{areas[0] if len(areas) == 1 else default_area(council)} Carers' Directory"


def tool_version() -> str:
    try:
        return metadata.version("community-catalogue")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
        return "0.1.0"


def render(text: str, values: dict[str, str]) -> str:
    """Replace every placeholder; an unknown one is a bug in the skeleton, so it raises."""
    def replace(match: re.Match[str]) -> str:
        value = values[match[1]]
        return scalar(value) if match[2] else value
    return _PLACEHOLDER.sub(replace, text)


def _area_list(areas: list[str]) -> tuple[list[Area], str]:
    ids: list[str] = []
    result = []
    for name in areas:
        area_id = suggest_id(name, ids, fallback="area")
        ids.append(area_id)
        result.append(Area(id=area_id, name=name))
    block = "\n".join(f"  - id: {area.id}\n    name: {scalar(area.name)}" for area in result)
    return result, block


def _skeleton_files() -> list[tuple[Path, Path]]:
    """(file in the skeleton, path in the new repository), in a stable order."""
    pairs = []
    for source in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        parts = source.relative_to(SKELETON).parts
        if "__pycache__" in parts:
            continue
        target = Path(*(_RENAMED.get(parts[0], parts[0]),) + parts[1:])
        pairs.append((source, target))
    return pairs


def _example_service(council: str, areas: list[Area], site: SiteConfig, taxonomy: Taxonomy,
                     today: date) -> str:
    names = " and ".join(area.name for area in areas)
    answers = ServiceAnswers(
        id=EXAMPLE_SERVICE_ID, name="Carer's assessment", organization=f"{council} Adult Social Care",
        summary="A free conversation with the council about how caring affects your life and "
                "what would help.",
        description=(
            "A carer's assessment is a conversation about **you**: how looking after someone "
            "affects your health, sleep, work, money and time for yourself, and what would make "
            "things easier. It is not a test of how well you care.\n\n"
            "Any adult who looks after another adult can ask for one, whatever their income and "
            "however many hours they care. Afterwards you get a written support plan, which may "
            "include a break from caring, help with costs, or contact with a carers' group.\n\n"
            "You can ask for an assessment for yourself even if the person you look after does "
            "not want one."),
        categories=["carers-assessment"], service_areas=[area.id for area in areas],
        phone="020 7946 0000", email="carers@example.org",
        website="https://www.example.org/carers-assessment",
        how_to="Call the adult social care contact centre or fill in the online form.",
        eligibility=f"Adults looking after someone who lives in {names}.")
    return service_yaml(answers, Choices.of(site, taxonomy), today, header=(
        "An example entry written by `catalogue init`. CHANGE ME: the phone number (a fictional",
        "one), email and website are placeholders. Correct them, or delete this file."))


def init_repository(target: Path, answers: InitAnswers, today: date) -> list[Path]:
    """Write a new catalogue into `target` (missing or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} is not empty: choose a new or empty folder, so that no "
                            "file of yours is replaced")
    answers = answers.checked()
    areas, area_block = _area_list(answers.areas)
    names = [area.name for area in areas]
    values = {
        "council": answers.council,
        "title": answers.title or default_title(answers.council, answers.areas),
        "areas": area_block, "area_names": ", ".join(names[:-1]) + " and " + names[-1]
        if len(names) > 1 else names[0],
        "base_url": answers.base_url, "email": answers.email, "today": today.isoformat(),
        "version": tool_version(),
    }
    rendered = {target_path: render(source.read_text(encoding="utf-8"), values)
                for source, target_path in _skeleton_files()}
    site = SiteConfig.model_validate(parse_yaml(rendered[Path("content/site.yaml")],
                                                Path("site.yaml")).data)
    taxonomy = Taxonomy.model_validate(parse_yaml(rendered[Path("content/taxonomy.yaml")],
                                                  Path("taxonomy.yaml")).data)
    rendered[Path("content/services") / f"{EXAMPLE_SERVICE_ID}.yaml"] = _example_service(
        answers.council, areas, site, taxonomy, today)
    rendered[Path("schema/service.schema.json")] = schema_text()
    target.mkdir(parents=True, exist_ok=True)
    return [write_new(target / relative, text) for relative, text in sorted(rendered.items())]
