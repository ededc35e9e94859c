"""Content translations: which fields translate, how translation files look, and staleness.

A translation lives beside its source and holds only translated text:

    services/<id>.<lang>.yaml      fields of services/<id>.yaml
    taxonomy.<lang>.yaml           labels and descriptions, keyed by term id
    glossary.<lang>.yaml           terms, keyed by id
    site.<lang>.yaml               title, tagline, urgent help, accessibility statement
    guidance/<lang>/<slug>.md      the whole article (front matter names no other fields)

Each records `source_fingerprint`, a hash of the source text it was made from, written by
`catalogue translations --mark-current FILE` after a translator's review, never by hand. When the
source text changes, the fingerprint no longer matches and the translation is *stale*.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from markupsafe import Markup

from .model import GlossaryTerm, GuidanceMeta, PageMeta, Service, SiteConfig, Strict, Taxonomy, Text

Path_ = tuple[str | int, ...]

FINGERPRINT_KEY = "source_fingerprint"
Fingerprint = str | None


# --- which fields translate ------------------------------------------------------------------
# "*" stands for any list index. Identifiers, URLs, phone numbers, emails, postcodes, dates and
# enumerations never translate: they are the same in every language.

SERVICE_FIELDS: tuple[Path_, ...] = (
    ("name",), ("organization",), ("summary",), ("description",), ("hours_note",),
    ("contact", "phones", "*", "label"), ("locations", "*", "name"),
    ("locations", "*", "accessibility_notes"), ("opening_hours", "*", "note"),
    ("cost", "details"), ("access", "how_to"), ("access", "eligibility"),
)
SITE_FIELDS: tuple[Path_, ...] = (
    ("title",), ("tagline",), ("urgent_help", "intro"), ("urgent_help", "items", "*", "title"),
    ("urgent_help", "items", "*", "description"),
    ("accessibility_statement", "known_issues", "*"), ("accessibility_statement", "tested_by"),
)
TAXONOMY_FACETS = ("categories", "audiences", "journey_stages", "conditions", "languages",
                   "quality_marks")


# --- translation file models -----------------------------------------------------------------

class _PhoneText(Strict):
    label: Text | None = None


class _ContactText(Strict):
    phones: list[_PhoneText] = []


class _LocationText(Strict):
    name: Text | None = None
    accessibility_notes: Text | None = None


class _HoursText(Strict):
    note: Text | None = None


class _CostText(Strict):
    details: Text | None = None


class _AccessText(Strict):
    how_to: Text | None = None
    eligibility: Text | None = None


class ServiceTranslation(Strict):
    translation_of: ClassVar[type[Strict]] = Service
    source_fingerprint: str | None = None
    name: Text | None = None
    organization: Text | None = None
    summary: Text | None = None
    description: Text | None = None
    hours_note: Text | None = None
    contact: _ContactText | None = None
    locations: list[_LocationText] = []
    opening_hours: list[_HoursText] = []
    cost: _CostText | None = None
    access: _AccessText | None = None


class _TermText(Strict):
    label: Text | None = None
    description: Text | None = None
    name: Text | None = None  # quality marks have a name, not a label


class TaxonomyTranslation(Strict):
    translation_of: ClassVar[type[Strict]] = Taxonomy
    source_fingerprint: str | None = None
    categories: dict[str, _TermText] = {}
    audiences: dict[str, _TermText] = {}
    journey_stages: dict[str, _TermText] = {}
    conditions: dict[str, _TermText] = {}
    languages: dict[str, _TermText] = {}
    quality_marks: dict[str, _TermText] = {}


class _GlossaryText(Strict):
    term: Text | None = None
    aliases: list[Text] = []
    definition: Text | None = None


class GlossaryTranslation(Strict):
    translation_of: ClassVar[type[Strict]] = GlossaryTerm
    source_fingerprint: str | None = None
    terms: dict[str, _GlossaryText] = {}


class _UrgentItemText(Strict):
    title: Text | None = None
    description: Text | None = None


class _UrgentText(Strict):
    intro: Text | None = None
    items: list[_UrgentItemText] = []


class _StatementText(Strict):
    known_issues: list[Text] = []
    tested_by: Text | None = None


class _AreaText(Strict):
    name: Text | None = None


class SiteTranslation(Strict):
    translation_of: ClassVar[type[Strict]] = SiteConfig
    source_fingerprint: str | None = None
    areas: dict[str, _AreaText] = {}  # keyed by area id: place names as local leaflets write them
    title: Text | None = None
    tagline: Text | None = None
    urgent_help: _UrgentText | None = None
    accessibility_statement: _StatementText | None = None


class ArticleTranslationMeta(Strict):
    """Front matter of a translated article. Stages, categories, order and review date are the
    source's: they are the same in every language."""

    translation_of: ClassVar[type[Strict]] = GuidanceMeta
    source_fingerprint: str | None = None
    title: Text | None = None
    summary: Text | None = None


# --- the text of a source, flattened ----------------------------------------------------------

def flatten(data: Any, prefix: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text leaf of nested dicts and lists, with its path."""
    if isinstance(data, dict):
        for key in sorted(data):
            if key != FINGERPRINT_KEY:
                yield from flatten(data[key], prefix + (key,))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from flatten(item, prefix + (index,))
    elif isinstance(data, str):
        yield prefix, data


_LEAF = object()  # marks, in a pattern tree, where a whole pattern ends


@lru_cache(maxsize=32)
def _pattern_tree(patterns: tuple[Path_, ...]) -> dict[Any, Any]:
    """The patterns as nested dicts, so `pick` descends only into fields that can match."""
    root: dict[Any, Any] = {}
    for pattern in patterns:
        node = root
        for part in pattern:
            node = node.setdefault(part, {})
        node[_LEAF] = True
    return root


def _pick(data: Any, node: dict[Any, Any], prefix: Path_, found: dict[Path_, str]) -> None:
    if isinstance(data, dict):
        for key in sorted(data):
            child = node.get(key)
            if child is not None and key != FINGERPRINT_KEY:
                _pick(data[key], child, prefix + (key,), found)
    elif isinstance(data, list):
        child = node.get("*")
        if child is not None:
            for index, item in enumerate(data):
                _pick(item, child, prefix + (index,), found)
    elif isinstance(data, str) and _LEAF in node:
        found[prefix] = data


def pick(data: Any, patterns: tuple[Path_, ...]) -> dict[Path_, str]:
    """The text leaves whose paths match one of `patterns`, in `flatten`'s order."""
    found: dict[Path_, str] = {}
    _pick(data, _pattern_tree(patterns), (), found)
    return found


def service_texts(service: Service) -> dict[Path_, str]:
    return pick(service.model_dump(mode="json", exclude_none=True), SERVICE_FIELDS)


def site_texts(site: SiteConfig) -> dict[Path_, str]:
    texts = pick(site.model_dump(mode="json", exclude_none=True), SITE_FIELDS)
    texts.update({("areas", area.id, "name"): area.name for area in site.areas})
    return texts


def taxonomy_texts(taxonomy: Taxonomy) -> dict[Path_, str]:
    texts: dict[Path_, str] = {}
    for facet in TAXONOMY_FACETS:
        for term in getattr(taxonomy, facet):
            for name in ("label", "description", "name"):
                value = getattr(term, name, None)
                if isinstance(value, str):
                    texts[(facet, term.id, name)] = value
    return texts


def glossary_texts(terms: list[GlossaryTerm]) -> dict[Path_, str]:
    texts: dict[Path_, str] = {}
    for term in terms:
        texts[("terms", term.id, "term")] = term.term
        texts[("terms", term.id, "definition")] = term.definition
    # Aliases are not listed: each language has its own spellings and inflections to link,
    # as many or as few as it needs, so they neither go missing nor go stale.
    return texts


def article_texts(meta: PageMeta, body: str) -> dict[Path_, str]:
    return {("title",): meta.title, ("summary",): meta.summary, ("body",): body}


def fingerprint(texts: dict[Path_, str]) -> str:
    """A short, stable hash of source text: equal text, equal fingerprint, on any machine."""
    canonical = json.dumps(sorted(("/".join(map(str, k)), v) for k, v in texts.items()),
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# --- loaded translations ----------------------------------------------------------------------

@dataclass
class Translation:
    """One translation file, checked against its source."""

    language: str
    kind: str  # service, taxonomy, glossary, site, guidance
    key: str  # service id or article slug; the kind again for whole-file translations
    source: Path
    texts: dict[Path_, str]
    recorded: Fingerprint  # what the file says it was made from
    current: str  # what the source is now
    source_texts: dict[Path_, str] = field(default_factory=dict)
    html: dict[Path_, Markup] = field(default_factory=dict)  # rendered Markdown fields

    @property
    def stale(self) -> bool:
        return self.recorded != self.current

    @property
    def missing(self) -> list[Path_]:
        """Source fields this translation does not cover (shown in the source language)."""
        return [path for path in self.source_texts if path not in self.texts]


@dataclass
class Translations:
    """Every translation of the catalogue, by language and item."""

    items: dict[tuple[str, str, str], Translation] = field(default_factory=dict)

    def get(self, language: str, kind: str, key: str) -> Translation | None:
        return self.items.get((language, kind, key))

    def add(self, translation: Translation) -> None:
        self.items[(translation.language, translation.kind, translation.key)] = translation

    def for_language(self, language: str) -> list[Translation]:
        return [t for (lang, _, _), t in sorted(self.items.items()) if lang == language]


def translation_file_language(path: Path) -> tuple[str, str] | None:
    """`respite.bn.yaml` → ("respite", "bn"); None for a source file."""
    match = re.fullmatch(r"(?P<stem>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.yaml",
                         path.name)
    if not match:
        return None
    return match["stem"], match["lang"]


def rewrite_fingerprint(text: str, value: str) -> str:
    """Set `source_fingerprint:` in YAML or front-matter text, keeping everything else as it is."""
    line = f"{FINGERPRINT_KEY}: {value}"
    pattern = re.compile(rf"^{FINGERPRINT_KEY}:.*$", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(line, text, count=1)
    if text.startswith("---"):
        first_newline = text.index("\n") + 1
        return text[:first_newline] + line + "\n" + text[first_newline:]
    lines = text.splitlines(keepends=True)
    insert_at = 0
    while insert_at < len(lines) and lines[insert_at].lstrip().startswith("#"):
        insert_at += 1  # after leading comments such as the schema line
    lines.insert(insert_at, line + "\n")
    return "".join(lines)
