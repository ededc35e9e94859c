"""Validate content into a `Catalogue`, collecting every problem with its line and column.

Each file is checked on its own first (shape, types, formats: `model.py`), then across files
(taxonomy ids, areas, languages, duplicates), then for freshness (review dates, quality marks) as
warnings. Nothing stops at the first problem: one run reports them all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import markup
from .catalogue import FACETS, Article, Catalogue, ServiceEntry, add_months
from .located import (
    Located,
    check_reference,
    load_model,
    read_model,
    report_duplicates,
    report_refused_links,
    validate_document,
)
from .model import Glossary, GuidanceMeta, PageMeta, Service, SiteConfig, Taxonomy, check_identifier
from .problems import ProblemList
from .retired import load_retired
from .source import Document, Key, SourceError, iter_files, load_markdown, load_yaml
from .translations import translation_file_language
from .validate_translations import Sources, load_translations

EXPIRY_WARNING_DAYS = 60
REVIEW_SOON_DAYS = 30  # a note (never failing a build) this long before a review falls due
EASY_SUFFIX = ".easy"  # guidance/en/<slug>.easy.md is the easy-read version of <slug>.md
CONTENT_HEADING_BASE = {"service": 3, "guidance": 2, "page": 2}
# Service, guidance and plain pages all live one folder below the language root
# (`en/services/x.html`, `en/guidance/y.html`), so one relative path reaches the glossary.
GLOSSARY_HREF = "../glossary.html"

FACET_WORDS = {"categories": "category", "audiences": "audience", "journey_stages": "journey stage",
               "conditions": "condition"}


# --- cross-file checks -----------------------------------------------------------------------

def _check_site(site: Located, problems: ProblemList) -> None:
    config: SiteConfig = site.value
    report_duplicates(site.doc, ("languages",), (lang.code for lang in config.languages),
                       "language", problems)
    report_duplicates(site.doc, ("areas",), (area.id for area in config.areas), "area id",
                       problems)


def _check_taxonomy(taxonomy: Located, problems: ProblemList) -> None:
    value: Taxonomy = taxonomy.value
    for facet in (*FACETS, "languages", "quality_marks"):
        ids = (term.id for term in getattr(value, facet))
        report_duplicates(taxonomy.doc, (facet,), ids, f"{facet} id", problems)


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
        report_duplicates(doc, (facet,), [v for _, v in items], FACET_WORDS[facet], problems)
        if taxonomy is not None:
            known = [term.id for term in getattr(taxonomy, facet)]
            for key, term_id in items:
                check_reference(doc, key, term_id, known, FACET_WORDS[facet], "taxonomy.yaml",
                                 problems)
    areas = _raw_ids(doc, "service_areas")
    report_duplicates(doc, ("service_areas",), [v for _, v in areas], "area", problems)
    if site is not None:
        known_areas = [area.id for area in site.areas]
        for key, area_id in areas:
            check_reference(doc, key, area_id, known_areas, "area", "site.yaml areas", problems)
    if taxonomy is not None:
        known_languages = [lang.id for lang in taxonomy.languages]
        for key, code in _raw_ids(doc, "languages"):
            check_reference(doc, key, code, known_languages, "language",
                             "taxonomy.yaml languages", problems)
        known_schemes = [scheme.id for scheme in taxonomy.quality_marks]
        marks = doc.data.get("quality_marks") if isinstance(doc.data, dict) else None
        for index, mark in enumerate(marks if isinstance(marks, list) else []):
            if isinstance(mark, dict) and isinstance(mark.get("scheme"), str):
                check_reference(doc, ("quality_marks", index, "scheme"), mark["scheme"],
                                 known_schemes, "quality mark scheme",
                                 "taxonomy.yaml quality_marks", problems)


def _check_freshness(entry: Located, site: SiteConfig, taxonomy: Taxonomy, today: date,
                     problems: ProblemList) -> None:
    """Warnings that keep entries true: overdue reviews, expired or expiring quality marks; and a
    note for a review falling due soon, so editors can plan it (notes never fail a build)."""
    service: Service = entry.value
    doc = entry.doc
    due = add_months(service.last_verified, site.review_interval_months)
    position = doc.position(("last_verified",))
    if due <= today:
        problems.warning(doc.path, position.line, position.column,
                         f"review due: last verified on {service.last_verified.isoformat()}, more "
                         f"than {site.review_interval_months} months ago")
    elif (due - today).days <= REVIEW_SOON_DAYS:
        problems.note(doc.path, position.line, position.column,
                      f"review due on {due.isoformat()}, within {REVIEW_SOON_DAYS} days: last "
                      f"verified on {service.last_verified.isoformat()}")
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
        if translation_file_language(path) is not None:
            continue  # a translation: checked against its source by validate_translations
        located = read_model(path, Service, problems)
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
                   problems: ProblemList, known_languages: bool = True
                   ) -> list[tuple[Article, Document]]:
    """Articles in the source language (the first of `languages`); other language folders
    hold translations, checked by validate_translations."""
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
        if language not in languages:
            if not known_languages:
                continue  # site.yaml has errors: which folders are languages is unknown
            problems.error(path, 1, 1, f"folder {language!r} is not a language declared in "
                           f"site.yaml ({', '.join(languages)})")
            continue
        if language != languages[0]:
            continue
        base, easy = (slug[: -len(EASY_SUFFIX)], True) if slug.endswith(EASY_SUFFIX) \
            else (slug, False)
        try:
            check_identifier(base)
        except ValueError as error:
            problems.error(path, 1, 1, f"file name: {error}")
            continue
        if easy and not (path.parent / f"{base}.md").is_file():
            problems.error(path, 1, 1, f"an easy-read version needs its standard page "
                           f"{base}.md beside it")
            continue
        try:
            source = load_markdown(path)
        except SourceError as error:
            problems.error(error.path, error.position.line, error.position.column, error.message)
            continue
        meta = validate_document(source.meta, meta_model, problems)
        rendered = markup.render_markdown(source.body, heading_base=CONTENT_HEADING_BASE[kind],
                                          glossary=glossary, glossary_href=GLOSSARY_HREF)
        report_refused_links(path, source.body, source.body_line, rendered.refused_links,
                              problems)
        if meta is not None:
            articles.append((Article(slug, language, meta, rendered.html, path, source.body,
                                     easy_read_of=base if easy else None), source.meta))
    return articles


def _check_article_references(articles: list[tuple[Article, Document]], taxonomy: Taxonomy,
                              problems: ProblemList) -> None:
    for article, doc in articles:
        if not isinstance(article.meta, GuidanceMeta):
            continue
        for facet in ("journey_stages", "categories"):
            known = [term.id for term in getattr(taxonomy, facet)]
            for index, term_id in enumerate(getattr(article.meta, facet)):
                check_reference(doc, (facet, index), term_id, known, FACET_WORDS[facet],
                                 "taxonomy.yaml", problems)


def _in_reading_order(articles: list[tuple[Article, Document]]) -> list[Article]:
    return sorted((article for article, _ in articles),
                  key=lambda a: (a.meta.order, a.meta.title.casefold(), a.slug))


def _load_synonyms(content_dir: Path, languages: list[str], known: bool,
                   problems: ProblemList) -> dict[str, list[list[str]]]:
    """`synonyms/<lang>.yaml`: a list of groups of words people use for the same thing."""
    result: dict[str, list[list[str]]] = {}
    for path in iter_files(content_dir / "synonyms", "*.yaml"):
        if known and path.stem not in languages:
            problems.error(path, 1, 1, f"'{path.stem}' is not a language declared in site.yaml")
            continue
        try:
            doc = load_yaml(path)
        except SourceError as error:
            problems.error(error.path, error.position.line, error.position.column, error.message)
            continue
        groups: list[list[str]] = []
        data = doc.data if doc.data is not None else []
        if not isinstance(data, list):
            problems.error(path, 1, 1, "expected a list of groups, e.g. '- [break, respite]'")
            continue
        for index, group in enumerate(data):
            words = group if isinstance(group, list) else None
            if not words or len(words) < 2 or not all(isinstance(w, str) and w.strip()
                                                      for w in words):
                position = doc.position((index,))
                problems.error(path, position.line, position.column,
                               "a synonym group is a list of two or more words or phrases")
                continue
            groups.append([w.strip() for w in words])
        result[path.stem] = groups
    return result


def _declared_languages(path: Path, site: Located | None) -> list[str]:
    """Language codes, the source language first; read from the raw file when site.yaml has
    errors, so guidance and pages can still be told apart from their translations."""
    if site is not None:
        config: SiteConfig = site.value
        codes = [lang.code for lang in config.languages]
        return [config.default_language] + [c for c in codes if c != config.default_language]
    try:
        data = load_yaml(path).data if path.is_file() else None
    except SourceError:
        data = None
    data = data if isinstance(data, dict) else {}
    default = data.get("default_language")
    codes = [item.get("code") for item in data.get("languages") or []
             if isinstance(item, dict) and isinstance(item.get("code"), str)]
    if not isinstance(default, str):
        default = codes[0] if codes else "en"
    return [default] + [c for c in codes if c != default]


def load_catalogue(content_dir: Path, today: date) -> tuple[Catalogue | None, ProblemList]:
    """Read and check everything under `content_dir`.

    Returns the catalogue when there are no errors (warnings allowed), and every problem found.
    """
    problems = ProblemList()
    if not content_dir.is_dir():
        problems.error(content_dir, 1, 1, "content folder not found")
        return None, problems

    site = load_model(content_dir / "site.yaml", SiteConfig, problems)
    declared = _declared_languages(content_dir / "site.yaml", site)
    taxonomy = load_model(content_dir / "taxonomy.yaml", Taxonomy, problems)
    glossary = load_model(content_dir / "glossary.yaml", Glossary, problems, required=False)
    site_config: SiteConfig | None = site.value if site else None
    taxonomy_value: Taxonomy | None = taxonomy.value if taxonomy else None
    glossary_value: Glossary = glossary.value if glossary else Glossary()
    if site:
        _check_site(site, problems)
    if taxonomy:
        _check_taxonomy(taxonomy, problems)
    if glossary:
        report_duplicates(glossary.doc, ("terms",), (t.id for t in glossary_value.terms),
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
        report_refused_links(located.doc.path, service.description, start,
                              rendered.refused_links, problems)
        # Kept for the whole build (for checks that point at fields later): positions only.
        services.append(ServiceEntry(service, located.doc.path, rendered.html,
                                     located.doc.positions_only()))

    languages = declared
    guidance = _load_articles(content_dir, "guidance", GuidanceMeta, languages, links, problems,
                              known_languages=site is not None)
    pages = _load_articles(content_dir, "page", PageMeta, languages, links, problems,
                           known_languages=site is not None)
    if taxonomy_value:
        _check_article_references(guidance, taxonomy_value, problems)
    synonyms = _load_synonyms(content_dir, languages, site is not None, problems)

    glossary_html = {t.id: markup.render_markdown(t.definition, heading_base=3).html
                     for t in glossary_value.terms}
    if site_config is None or taxonomy_value is None:
        return None, problems
    services.sort(key=lambda e: (e.service.name.casefold(), e.id))
    sources = Sources(content_dir, site_config, taxonomy_value, glossary_value, services,
                      _in_reading_order(guidance), _in_reading_order(pages))
    translations = load_translations(sources, problems)
    retired = load_retired(content_dir, (e.id for e in services), problems)
    if problems.errors:
        return None, problems
    catalogue = Catalogue(
        content_dir=content_dir, site=site_config, taxonomy=taxonomy_value,
        glossary=glossary_value, glossary_html=glossary_html, services=services,
        guidance=sources.guidance, pages=sources.pages, translations=translations,
        synonyms=synonyms, retired=retired,
        sources={"site": site.doc.path, "taxonomy": taxonomy.doc.path,
                 **({"glossary": glossary.doc.path} if glossary else {})},
    )
    return catalogue, problems
