"""Validate content into a `Catalogue`, collecting every problem with its line and column.

Each file is checked on its own first (shape, types, formats: `model.py`), then across files
(taxonomy ids, areas, languages, duplicates), then for freshness (review dates, quality marks) as
warnings. Nothing stops at the first problem: one run reports them all.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import markup
from .catalogue import FACETS, Article, Catalogue, ServiceEntry, add_months
from .model import Glossary, GuidanceMeta, PageMeta, Service, SiteConfig, Taxonomy, check_identifier
from .problems import ProblemList
from .source import Document, Key, SourceError, iter_files, load_markdown, load_yaml

M = TypeVar("M", bound=BaseModel)

EXPIRY_WARNING_DAYS = 60
CONTENT_HEADING_BASE = {"service": 3, "guidance": 2, "page": 2}
# Service, guidance and plain pages all live one folder below the language root
# (`en/services/x.html`, `en/guidance/y.html`), so one relative path reaches the glossary.
GLOSSARY_HREF = "../glossary.html"

FACET_WORDS = {"categories": "category", "audiences": "audience", "journey_stages": "journey stage",
               "conditions": "condition"}


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
    if isinstance(annotation, types.UnionType):  # pragma: no cover - covered by get_args
        return None
    return None


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, loc, value = error["type"], error["loc"], error.get("input")
    ctx = error.get("ctx") or {}
    field = str(loc[-1]) if loc else "value"
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
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


def _read(path: Path, model: type[M], problems: ProblemList) -> Located | None:
    """The file's data and, if its shape is valid, its model (`value` is None otherwise)."""
    try:
        doc = load_yaml(path)
    except SourceError as error:
        problems.error(error.path, error.position.line, error.position.column, error.message)
        return None
    return Located(validate_document(doc, model, problems), doc)


def _load(path: Path, model: type[M], problems: ProblemList, *, required: bool = True
          ) -> Located | None:
    """A valid model with its document, or None (with the reasons added to `problems`)."""
    if not path.is_file():
        if required:
            problems.error(path, 1, 1, f"file not found: the catalogue needs {path.name}")
        return None
    located = _read(path, model, problems)
    return located if located is not None and located.value is not None else None


# --- cross-file checks -----------------------------------------------------------------------

def _report_duplicates(doc: Document, key: Key, ids: Iterable[str], what: str,
                       problems: ProblemList) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            position = doc.position(key + (index,))
            problems.error(doc.path, position.line, position.column,
                           f"duplicate {what} {value!r}")
        seen.add(value)


def _check_site(site: Located, problems: ProblemList) -> None:
    config: SiteConfig = site.value
    _report_duplicates(site.doc, ("languages",), (lang.code for lang in config.languages),
                       "language", problems)
    _report_duplicates(site.doc, ("areas",), (area.id for area in config.areas), "area id",
                       problems)


def _check_taxonomy(taxonomy: Located, problems: ProblemList) -> None:
    value: Taxonomy = taxonomy.value
    for facet in (*FACETS, "languages", "quality_marks"):
        ids = (term.id for term in getattr(value, facet))
        _report_duplicates(taxonomy.doc, (facet,), ids, f"{facet} id", problems)


def _check_reference(doc: Document, key: Key, value: str, known: Iterable[str], what: str,
                     where: str, problems: ProblemList) -> None:
    known = list(known)
    if value in known:
        return
    hint = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
    position = doc.position(key)
    problems.error(doc.path, position.line, position.column,
                   f"unknown {what} {value!r} (not in {where}){suggestion}")


def _raw_ids(doc: Document, key: str) -> list[tuple[Key, str]]:
    """The text items of a list field as written, valid file or not, so references are checked
    even in a file that has other problems."""
    data = doc.data if isinstance(doc.data, dict) else {}
    values = data.get(key)
    if not isinstance(values, list):
        return []
    return [((key, i), v) for i, v in enumerate(values) if isinstance(v, str)]


def _check_service_references(doc: Document, site: SiteConfig | None, taxonomy: Taxonomy | None,
                              problems: ProblemList) -> None:
    for facet in FACETS:
        items = _raw_ids(doc, facet)
        _report_duplicates(doc, (facet,), [v for _, v in items], FACET_WORDS[facet], problems)
        if taxonomy is not None:
            known = [term.id for term in getattr(taxonomy, facet)]
            for key, term_id in items:
                _check_reference(doc, key, term_id, known, FACET_WORDS[facet], "taxonomy.yaml",
                                 problems)
    areas = _raw_ids(doc, "service_areas")
    _report_duplicates(doc, ("service_areas",), [v for _, v in areas], "area", problems)
    if site is not None:
        known_areas = [area.id for area in site.areas]
        for key, area_id in areas:
            _check_reference(doc, key, area_id, known_areas, "area", "site.yaml areas", problems)
    if taxonomy is not None:
        known_languages = [lang.id for lang in taxonomy.languages]
        for key, code in _raw_ids(doc, "languages"):
            _check_reference(doc, key, code, known_languages, "language",
                             "taxonomy.yaml languages", problems)
        known_schemes = [scheme.id for scheme in taxonomy.quality_marks]
        marks = doc.data.get("quality_marks") if isinstance(doc.data, dict) else None
        for index, mark in enumerate(marks if isinstance(marks, list) else []):
            if isinstance(mark, dict) and isinstance(mark.get("scheme"), str):
                _check_reference(doc, ("quality_marks", index, "scheme"), mark["scheme"],
                                 known_schemes, "quality mark scheme",
                                 "taxonomy.yaml quality_marks", problems)


def _check_freshness(entry: Located, site: SiteConfig, taxonomy: Taxonomy, today: date,
                     problems: ProblemList) -> None:
    """Warnings that keep entries true: overdue reviews, expired or expiring quality marks."""
    service: Service = entry.value
    doc = entry.doc
    due = add_months(service.last_verified, site.review_interval_months)
    if due <= today:
        position = doc.position(("last_verified",))
        problems.warning(doc.path, position.line, position.column,
                         f"review due: last verified on {service.last_verified.isoformat()}, more "
                         f"than {site.review_interval_months} months ago")
    schemes = {scheme.id: scheme for scheme in taxonomy.quality_marks}
    for index, mark in enumerate(service.quality_marks):
        scheme = schemes.get(mark.scheme)
        if scheme is None:
            continue
        expiry = add_months(mark.awarded, scheme.validity_months)
        position = doc.position(("quality_marks", index, "awarded"))
        if expiry <= today:
            problems.warning(doc.path, position.line, position.column,
                             f"{scheme.name} expired on {expiry.isoformat()}: re-check the "
                             "provider or remove the mark")
        elif (expiry - today).days <= EXPIRY_WARNING_DAYS:
            problems.warning(doc.path, position.line, position.column,
                             f"{scheme.name} expires on {expiry.isoformat()}, within "
                             f"{EXPIRY_WARNING_DAYS} days")


def _report_refused_links(path: Path, text: str, start_line: int, refused: Iterable[str],
                          problems: ProblemList) -> None:
    """Point at the line that holds each refused link (searching from where the text starts)."""
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


# --- loading every kind of file --------------------------------------------------------------

def _glossary_links(glossary: Glossary | None) -> tuple[markup.GlossaryLink, ...]:
    if glossary is None:
        return ()
    return tuple(markup.GlossaryLink(t.id, (t.term, *t.aliases)) for t in glossary.terms)


def _load_services(content_dir: Path, site: SiteConfig | None, taxonomy: Taxonomy | None,
                   problems: ProblemList) -> list[Located]:
    """Valid services; every file, valid or not, has its references to other files checked."""
    folder = content_dir / "services"
    entries: list[Located] = []
    for path in iter_files(folder, "*.yml"):
        problems.error(path, 1, 1, "service files must end in .yaml: rename this file")
    for path in iter_files(folder, "*.yaml"):
        located = _read(path, Service, problems)
        if located is None:
            continue
        _check_service_references(located.doc, site, taxonomy, problems)
        if located.value is None:
            continue
        service: Service = located.value
        if service.id != path.stem:
            position = located.doc.position(("id",))
            problems.error(path, position.line, position.column,
                           f"id {service.id!r} must equal the file name {path.stem!r}")
            continue
        entries.append(located)
    return entries


def _load_articles(content_dir: Path, kind: str, meta_model: type[PageMeta],
                   languages: list[str], glossary: tuple[markup.GlossaryLink, ...],
                   problems: ProblemList) -> list[tuple[Article, Document]]:
    folder = content_dir / ("guidance" if kind == "guidance" else "pages")
    articles: list[tuple[Article, Document]] = []
    if not folder.is_dir():
        return articles
    for path in iter_files(folder, "**/*.md"):
        relative = path.relative_to(folder)
        if len(relative.parts) != 2:
            problems.error(path, 1, 1, f"{kind} files go in a folder per language, "
                           f"e.g. {folder.name}/en/{path.name}")
            continue
        language, slug = relative.parts[0], path.stem
        if languages and language not in languages:
            problems.error(path, 1, 1, f"folder {language!r} is not a language declared in "
                           f"site.yaml ({', '.join(languages)})")
            continue
        try:
            check_identifier(slug)
        except ValueError as error:
            problems.error(path, 1, 1, f"file name: {error}")
            continue
        try:
            source = load_markdown(path)
        except SourceError as error:
            problems.error(error.path, error.position.line, error.position.column, error.message)
            continue
        meta = validate_document(source.meta, meta_model, problems)
        rendered = markup.render_markdown(source.body, heading_base=CONTENT_HEADING_BASE[kind],
                                          glossary=glossary, glossary_href=GLOSSARY_HREF)
        _report_refused_links(path, source.body, source.body_line, rendered.refused_links,
                              problems)
        if meta is not None:
            articles.append((Article(slug, language, meta, rendered.html, path), source.meta))
    return articles


def _check_article_references(articles: list[tuple[Article, Document]], taxonomy: Taxonomy,
                              problems: ProblemList) -> None:
    for article, doc in articles:
        if not isinstance(article.meta, GuidanceMeta):
            continue
        for facet in ("journey_stages", "categories"):
            known = [term.id for term in getattr(taxonomy, facet)]
            for index, term_id in enumerate(getattr(article.meta, facet)):
                _check_reference(doc, (facet, index), term_id, known, FACET_WORDS[facet],
                                 "taxonomy.yaml", problems)


def _by_language(articles: list[tuple[Article, Document]]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for article, _ in articles:
        grouped.setdefault(article.language, []).append(article)
    for items in grouped.values():
        items.sort(key=lambda a: (a.meta.order, a.meta.title.casefold(), a.slug))
    return dict(sorted(grouped.items()))


def load_catalogue(content_dir: Path, today: date) -> tuple[Catalogue | None, ProblemList]:
    """Read and check everything under `content_dir`.

    Returns the catalogue when there are no errors (warnings allowed), and every problem found.
    """
    problems = ProblemList()
    if not content_dir.is_dir():
        problems.error(content_dir, 1, 1, "content folder not found")
        return None, problems

    site = _load(content_dir / "site.yaml", SiteConfig, problems)
    taxonomy = _load(content_dir / "taxonomy.yaml", Taxonomy, problems)
    glossary = _load(content_dir / "glossary.yaml", Glossary, problems, required=False)
    site_config: SiteConfig | None = site.value if site else None
    taxonomy_value: Taxonomy | None = taxonomy.value if taxonomy else None
    glossary_value: Glossary = glossary.value if glossary else Glossary()
    if site:
        _check_site(site, problems)
    if taxonomy:
        _check_taxonomy(taxonomy, problems)
    if glossary:
        _report_duplicates(glossary.doc, ("terms",), (t.id for t in glossary_value.terms),
                           "glossary term id", problems)

    links = _glossary_links(glossary_value)
    services: list[ServiceEntry] = []
    for located in _load_services(content_dir, site_config, taxonomy_value, problems):
        service: Service = located.value
        if site_config and taxonomy_value:
            _check_freshness(located, site_config, taxonomy_value, today, problems)
        rendered = markup.render_markdown(service.description,
                                          heading_base=CONTENT_HEADING_BASE["service"],
                                          glossary=links, glossary_href=GLOSSARY_HREF)
        start = located.doc.position(("description",)).line
        _report_refused_links(located.doc.path, service.description, start,
                              rendered.refused_links, problems)
        services.append(ServiceEntry(service, located.doc.path, rendered.html))

    languages = [lang.code for lang in site_config.languages] if site_config else []
    guidance = _load_articles(content_dir, "guidance", GuidanceMeta, languages, links, problems)
    pages = _load_articles(content_dir, "page", PageMeta, languages, links, problems)
    if taxonomy_value:
        _check_article_references(guidance, taxonomy_value, problems)

    glossary_html = {t.id: markup.render_markdown(t.definition, heading_base=3).html
                     for t in glossary_value.terms}
    if problems.errors or site_config is None or taxonomy_value is None:
        return None, problems
    services.sort(key=lambda e: (e.service.name.casefold(), e.id))
    catalogue = Catalogue(
        content_dir=content_dir, site=site_config, taxonomy=taxonomy_value,
        glossary=glossary_value, glossary_html=glossary_html, services=services,
        guidance=_by_language(guidance), pages=_by_language(pages),
        sources={"site": site.doc.path, "taxonomy": taxonomy.doc.path,
                 **({"glossary": glossary.doc.path} if glossary else {})},
    )
    return catalogue, problems
