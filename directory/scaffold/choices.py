"""What a new entry may refer to: the ids and labels of the catalogue's taxonomy and areas."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..located import load_model
from ..model import SiteConfig, Taxonomy
from ..problems import ProblemList
from ..source import iter_files
from ..translations import translation_file_language

Options = tuple[tuple[str, str], ...]  # (id, label) in the catalogue's own order


@dataclass(frozen=True)
class Choices:
    """Ids a service or guidance page may use, with labels to show editors."""

    categories: Options
    audiences: Options
    journey_stages: Options
    conditions: Options
    areas: Options
    languages: Options
    quality_marks: Options
    review_interval_months: int = 12

    @classmethod
    def of(cls, site: SiteConfig, taxonomy: Taxonomy) -> Choices:
        def terms(items: list) -> Options:
            return tuple((item.id, " ".join(item.label.split())) for item in items)

        return cls(
            categories=terms(taxonomy.categories), audiences=terms(taxonomy.audiences),
            journey_stages=terms(taxonomy.journey_stages), conditions=terms(taxonomy.conditions),
            areas=tuple((area.id, " ".join(area.name.split())) for area in site.areas),
            languages=terms(taxonomy.languages),
            quality_marks=tuple((mark.id, " ".join(mark.name.split()))
                                for mark in taxonomy.quality_marks),
            review_interval_months=site.review_interval_months)

    def label(self, facet: str, item_id: str) -> str:
        return dict(getattr(self, facet)).get(item_id, item_id)


def unknown_id_message(value: str, options: Options, what: str, source: str) -> str:
    """`unknown category 'x' (not in taxonomy.yaml); did you mean 'y'?`, as `check` says it."""
    ids = [item_id for item_id, _ in options]
    message = f"unknown {what} {value!r} (not in {source})"
    close = difflib.get_close_matches(value, ids, n=1)
    return message + (f"; did you mean {close[0]!r}?" if close else "")


@dataclass(frozen=True)
class CatalogueInfo:
    """The parts of an existing catalogue that scaffolding needs."""

    content_dir: Path
    site: SiteConfig
    choices: Choices

    @property
    def service_ids(self) -> set[str]:
        """Ids already taken, by any file in services/ (valid or not)."""
        return {path.name.split(".")[0] for path in iter_files(self.content_dir / "services", "*.y*ml")
                if translation_file_language(path) is None}


def read_catalogue_info(content_dir: Path) -> tuple[CatalogueInfo | None, ProblemList]:
    """site.yaml and taxonomy.yaml, or the problems that stop us offering their choices."""
    problems = ProblemList()
    if not content_dir.is_dir():
        problems.error(content_dir, 1, 1, "content folder not found (use --content, or run "
                       "`catalogue init` to start a new catalogue)")
        return None, problems
    site = load_model(content_dir / "site.yaml", SiteConfig, problems)
    taxonomy = load_model(content_dir / "taxonomy.yaml", Taxonomy, problems)
    if site is None or taxonomy is None:
        return None, problems
    return CatalogueInfo(content_dir, site.value, Choices.of(site.value, taxonomy.value)), problems
