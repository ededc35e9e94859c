"""Validate translation files against their sources, collecting located problems.

Errors: a translation of something that does not exist, of a field that does not translate, in a
language site.yaml does not declare, or with more list items than its source. Warnings: a stale
translation (its source changed since a translator last marked it current).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import markup
from .catalogue import Article, ServiceEntry
from .located import check_reference, read_model, report_refused_links, validate_document
from .model import Glossary, SiteConfig, Taxonomy
from .problems import ProblemList
from .source import Document, SourceError, iter_files, load_markdown
from .translations import (
    FINGERPRINT_KEY,
    ArticleTranslationMeta,
    GlossaryTranslation,
    Path_,
    ServiceTranslation,
    SiteTranslation,
    TaxonomyTranslation,
    Translation,
    Translations,
    article_texts,
    fingerprint,
    flatten,
    glossary_texts,
    service_texts,
    site_texts,
    taxonomy_texts,
    translation_file_language,
)

HEADING_BASE = {"service": 3, "guidance": 2, "page": 2}
GLOSSARY_HREF = "../glossary.html"


@dataclass
class Sources:
    """The validated source-language content that translations refer to."""

    content_dir: Path
    site: SiteConfig
    taxonomy: Taxonomy
    glossary: Glossary
    services: list[ServiceEntry]
    guidance: list[Article]
    pages: list[Article]

    @property
    def default(self) -> str:
        return self.site.default_language

    @property
    def others(self) -> list[str]:
        return [lang.code for lang in self.site.languages if lang.code != self.default]


def _check_list_lengths(doc: Document, translated: dict[Path_, str], source: Any,
                        problems: ProblemList) -> None:
    """A translated list item needs a source item at the same position."""
    reported: set[Path_] = set()
    for path in translated:
        node = source
        for depth, part in enumerate(path):
            if isinstance(part, int):
                have = len(node) if isinstance(node, list) else 0
                if part >= have:
                    if path[: depth + 1] not in reported:
                        reported.add(path[: depth + 1])
                        position = doc.position(path[: depth + 1])
                        field = "/".join(str(p) for p in path[:depth])
                        problems.error(doc.path, position.line, position.column,
                                       f"item {part + 1} of '{field}' has no counterpart in the "
                                       f"source, which has {have}")
                    break
                node = node[part]
            else:
                node = node.get(part) if isinstance(node, dict) else None


def _stale_warning(translation: Translation, doc: Document, source_name: str,
                   problems: ProblemList) -> None:
    if not translation.stale:
        return
    position = doc.position((FINGERPRINT_KEY,))
    if translation.recorded is None:
        message = (f"translation has no {FINGERPRINT_KEY}: once it is reviewed, run "
                   f"`catalogue translations --mark-current {problems.relative(doc.path)}`")
    else:
        message = (f"translation is out of date: {source_name} changed since it was "
                   "translated; update it, then run `catalogue translations --mark-current "
                   f"{problems.relative(doc.path)}`")
    problems.warning(doc.path, position.line, position.column, message)


class TranslationLoader:
    def __init__(self, sources: Sources, problems: ProblemList):
        self.sources = sources
        self.problems = problems
        self.result = Translations()
        self.glossary_links: dict[str, tuple[markup.GlossaryLink, ...]] = {}
        self.services_by_id = {entry.id: entry for entry in sources.services}
        # A service has a translation in most languages: its source texts, their fingerprint
        # and its plain data are worked out once, not once per language.
        self._service_sources: dict[str, tuple[dict[Path_, str], str, Any]] = {}

    # --- helpers ---------------------------------------------------------------------------

    def _language_ok(self, path: Path, language: str) -> bool:
        if language == self.sources.default:
            self.problems.error(path, 1, 1, f"'{language}' is the source language: edit the "
                                "source file instead of translating it")
            return False
        if language not in self.sources.others:
            declared = ", ".join(lang.code for lang in self.sources.site.languages)
            self.problems.error(path, 1, 1, f"language '{language}' is not declared in "
                                f"site.yaml ({declared})")
            return False
        return True

    def _read(self, path: Path, model: type[BaseModel]) -> tuple[BaseModel, Document] | None:
        located = read_model(path, model, self.problems)
        if located is None or located.value is None:
            return None
        return located.value, located.doc

    def _record(self, language: str, kind: str, key: str, path: Path, doc: Document,
                value: BaseModel, source: dict[Path_, str], source_name: str,
                source_data: Any = None, current: str | None = None) -> Translation:
        texts = dict(flatten(value.model_dump(mode="json", exclude_none=True)))
        if source_data is not None:
            _check_list_lengths(doc, texts, source_data, self.problems)
        translation = Translation(language, kind, key, path, texts,
                                  getattr(value, FINGERPRINT_KEY),
                                  fingerprint(source) if current is None else current, source)
        _stale_warning(translation, doc, source_name, self.problems)
        self.result.add(translation)
        return translation

    def _render(self, translation: Translation, path_key: Path_, kind: str, doc_path: Path,
                start_line: int) -> None:
        text = translation.texts.get(path_key)
        if text is None:
            return
        # Glossary definitions are not linked to the glossary: that would link entries to
        # themselves on the glossary page.
        links = () if kind == "glossary" else self.glossary_links.get(translation.language, ())
        rendered = markup.render_markdown(text, heading_base=HEADING_BASE.get(kind, 3),
                                          glossary=links, glossary_href=GLOSSARY_HREF)
        report_refused_links(doc_path, text, start_line, rendered.refused_links, self.problems)
        translation.html[path_key] = rendered.html

    # --- each kind of translation ----------------------------------------------------------

    def load(self) -> Translations:
        content = self.sources.content_dir
        for path in iter_files(content, "*.yaml"):
            parsed = translation_file_language(path)
            if parsed is None:
                continue
            stem, language = parsed
            loaders = {"site": self._site, "taxonomy": self._taxonomy, "glossary": self._glossary}
            if stem not in loaders:
                self.problems.error(path, 1, 1, f"translation of '{stem}.yaml', which is not a "
                                    "translatable file (site, taxonomy or glossary)")
            elif self._language_ok(path, language):
                loaders[stem](path, language)
        for path in iter_files(content / "services", "*.yaml"):
            parsed = translation_file_language(path)
            if parsed is not None and self._language_ok(path, parsed[1]):
                self._service(path, *parsed)
        for kind, folder, articles in (("guidance", "guidance", self.sources.guidance),
                                       ("page", "pages", self.sources.pages)):
            for language in self.sources.others:
                for path in iter_files(content / folder / language, "*.md"):
                    self._article(path, kind, language, articles)
        return self.result

    def _site(self, path: Path, language: str) -> None:
        read = self._read(path, SiteTranslation)
        if read:
            value, doc = read
            known = [area.id for area in self.sources.site.areas]
            for area_id in value.areas:  # type: ignore[attr-defined]
                check_reference(doc, ("areas", area_id), area_id, known, "area", "site.yaml",
                                self.problems)
            self._record(language, "site", "site", path, doc, value,
                         site_texts(self.sources.site), "site.yaml",
                         self.sources.site.model_dump(mode="json"))

    def _taxonomy(self, path: Path, language: str) -> None:
        read = self._read(path, TaxonomyTranslation)
        if not read:
            return
        value, doc = read
        source = taxonomy_texts(self.sources.taxonomy)
        for (facet, term_id, *_), _text in flatten(value.model_dump(mode="json",
                                                                    exclude_none=True)):
            known = [term.id for term in getattr(self.sources.taxonomy, facet)]
            check_reference(doc, (facet, term_id), str(term_id), known, f"{facet} id",
                            "taxonomy.yaml", self.problems)
        self._record(language, "taxonomy", "taxonomy", path, doc, value, source, "taxonomy.yaml")

    def _glossary(self, path: Path, language: str) -> None:
        read = self._read(path, GlossaryTranslation)
        if not read:
            return
        value, doc = read
        known = [term.id for term in self.sources.glossary.terms]
        for term_id in value.terms:  # type: ignore[attr-defined]
            check_reference(doc, ("terms", term_id), term_id, known, "glossary term",
                            "glossary.yaml", self.problems)
        translation = self._record(language, "glossary", "glossary", path, doc, value,
                                   glossary_texts(self.sources.glossary.terms), "glossary.yaml")
        links = []
        for term in self.sources.glossary.terms:
            phrases = [translation.texts.get(("terms", term.id, "term"))]
            phrases += [t for p, t in translation.texts.items()
                        if p[:3] == ("terms", term.id, "aliases")]
            phrases = [p for p in phrases if p]
            if phrases:
                links.append(markup.GlossaryLink(term.id, tuple(phrases)))
        self.glossary_links[language] = tuple(links)
        for term in self.sources.glossary.terms:
            key = ("terms", term.id, "definition")
            self._render(translation, key, "glossary", path, doc.position(key).line)

    def _service(self, path: Path, service_id: str, language: str) -> None:
        entry = self.services_by_id.get(service_id)
        if entry is None and path.with_name(f"{service_id}.yaml").is_file():
            return  # the source has errors of its own, already reported
        if entry is None:
            self.problems.error(path, 1, 1, f"translation of a service that does not exist: "
                                f"there is no services/{service_id}.yaml")
            return
        read = self._read(path, ServiceTranslation)
        if not read:
            return
        value, doc = read
        source = self._service_sources.get(service_id)
        if source is None:
            texts = service_texts(entry.service)
            source = self._service_sources[service_id] = (
                texts, fingerprint(texts), entry.service.model_dump(mode="json"))
        translation = self._record(language, "service", service_id, path, doc, value,
                                   source[0], f"services/{service_id}.yaml", source[2],
                                   current=source[1])
        self._render(translation, ("description",), "service", path,
                     doc.position(("description",)).line)

    def _article(self, path: Path, kind: str, language: str, articles: list[Article]) -> None:
        slug = path.stem
        source = next((a for a in articles if a.slug == slug), None)
        folder = "guidance" if kind == "guidance" else "pages"
        source_path = self.sources.content_dir / folder / self.sources.default / f"{slug}.md"
        if source is None and source_path.is_file():
            return  # the source has errors of its own, already reported
        if source is None:
            folder = "guidance" if kind == "guidance" else "pages"
            self.problems.error(path, 1, 1, f"translation of {kind} that does not exist: there "
                                f"is no {folder}/{self.sources.default}/{slug}.md")
            return
        try:
            parsed = load_markdown(path)
        except SourceError as error:
            self.problems.error(error.path, error.position.line, error.position.column,
                                error.message)
            return
        meta = validate_document(parsed.meta, ArticleTranslationMeta, self.problems)
        if meta is None:
            return
        texts = article_texts(source.meta, source.body)
        translation = Translation(language, kind, slug, path, {}, meta.source_fingerprint,
                                  fingerprint(texts), texts)
        translation.texts = {key: value for key, value in (
            (("title",), meta.title), (("summary",), meta.summary),
            (("body",), parsed.body if parsed.body.strip() else None)) if value}
        _stale_warning(translation, parsed.meta, f"{source.source.name} in "
                       f"{self.sources.default}", self.problems)
        self._render(translation, ("body",), kind, path, parsed.body_line)
        self.result.add(translation)


def load_translations(sources: Sources, problems: ProblemList) -> Translations:
    return TranslationLoader(sources, problems).load()
