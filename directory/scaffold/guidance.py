"""A new guidance page, or a translation of an existing one, as Markdown with front matter.

Guidance lives in `guidance/<lang>/<slug>.md`. Pages in the source language (`default_language`)
are the originals; a file in another language's folder is a translation of the original with the
same slug, so in another language we only ever start a translation of a page that exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ..model import GuidanceMeta, Language, check_identifier
from ..source import SourceError, iter_files, load_markdown
from .choices import Choices, unknown_id_message
from .service import AnswerError
from .yamltext import flow_list, scalar


@dataclass(frozen=True)
class SourcePage:
    """A guidance page in the source language, as offered for translation."""

    slug: str
    title: str
    summary: str


@dataclass
class GuidanceAnswers:
    slug: str
    title: str
    summary: str
    categories: list[str] = field(default_factory=list)
    journey_stages: list[str] = field(default_factory=list)


def guidance_path(content_dir: Path, language: str, slug: str) -> Path:
    return content_dir / "guidance" / language / f"{slug}.md"


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def source_pages(content_dir: Path, source_language: str) -> list[SourcePage]:
    """Guidance in the source language, by slug; pages whose front matter is broken still count."""
    pages = []
    for path in iter_files(content_dir / "guidance" / source_language, "*.md"):
        try:
            data = load_markdown(path).meta.data
        except SourceError:
            data = None
        data = data if isinstance(data, dict) else {}
        pages.append(SourcePage(path.stem, _one_line(data.get("title")),
                                _one_line(data.get("summary"))))
    return pages


def validate_guidance(answers: GuidanceAnswers, choices: Choices, today: date) -> GuidanceMeta:
    errors: list[tuple[str, str]] = []
    try:
        check_identifier(answers.slug)
    except ValueError as error:
        errors.append(("slug", str(error)))
    for facet, what in (("categories", "category"), ("journey_stages", "journey stage")):
        known = {item_id for item_id, _ in getattr(choices, facet)}
        errors += [(facet, unknown_id_message(value, getattr(choices, facet), what, "taxonomy.yaml"))
                   for value in getattr(answers, facet) if value not in known]
    try:
        meta = GuidanceMeta.model_validate({
            "title": answers.title, "summary": answers.summary, "categories": answers.categories,
            "journey_stages": answers.journey_stages, "last_reviewed": today})
    except ValidationError as error:
        errors += [(str(item["loc"][0]) if item["loc"] else "front matter",
                    "is required" if item["type"] == "missing"
                    else str(item["msg"]).removeprefix("Value error, "))
                   for item in error.errors(include_url=False)]
        raise AnswerError(errors) from None
    if errors:
        raise AnswerError(errors)
    return meta


_BODY_HINT = """\
<!--
Write the page below this note, in plain English, and delete the note (it is never published).
Short sentences; "you" for the reader; a "## Heading" line starts each section; a blank line
between paragraphs; a line starting with "- " for each item of a list. Links: [words](https://...).
Preview it with `catalogue serve`.
-->
"""


def guidance_markdown(answers: GuidanceAnswers, choices: Choices, today: date) -> str:
    """A new page in the source language; raises AnswerError for bad answers."""
    meta = validate_guidance(answers, choices, today)
    lines = [
        "---",
        "# Every field is explained in docs/content-format.md.",
        f"title: {scalar(meta.title)}",
        "# One sentence saying who the page is for or what it answers.",
        f"summary: {scalar(meta.summary)}",
        "# Where the page is listed (optional): ids from taxonomy.yaml.",
        f"categories: {flow_list(meta.categories)}",
        f"journey_stages: {flow_list(meta.journey_stages)}",
        "# The date the page was last checked to be right. Change it each time you review it.",
        f"last_reviewed: {meta.last_reviewed.isoformat()}",
        "# order: 10    # optional: lower numbers come first in lists",
        "---",
    ]
    return "\n".join(lines) + "\n" + _BODY_HINT


def translation_markdown(source: SourcePage, source_language: str, language: Language,
                         title: str | None = None, summary: str | None = None) -> str:
    """A translation file for `source`: front matter to translate, the text to write below it.

    Fields left empty are shown in the source language, marked as such, until translated.
    """
    def value(text: str | None) -> str:
        text = (text or "").strip()
        return f" {scalar(text)}" if text else ""

    lines = [
        "---",
        f"# {language.name} ({language.code}) translation of guidance/{source_language}/"
        f"{source.slug}.md.",
        "# Translate the title and summary here, and the page's text below the closing --- line.",
        "# Whatever is left empty is shown in the source language, marked as such.",
        "# Once a reviewer has checked the translation, stamp it with:",
        "#   catalogue translations --mark-current <this file>",
        f"# Source title: {source.title}" if source.title else "# Source title: (none)",
        f"title:{value(title)}",
        f"# Source summary: {source.summary}" if source.summary else "# Source summary: (none)",
        f"summary:{value(summary)}",
        "---",
    ]
    return "\n".join(lines) + "\n"
