"""What translators need to do, per language: missing, partly translated and stale items.

One report feeds `catalogue translations` (text or JSON) and the translators' page of the site.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .catalogue import Catalogue
from .translations import article_texts, glossary_texts, service_texts, site_texts, taxonomy_texts

KINDS = ("site", "taxonomy", "glossary", "service", "guidance", "page")


@dataclass(frozen=True)
class Item:
    kind: str
    key: str
    source: str  # the source file, relative to content/
    translation: str  # where the translation lives (or would live)
    status: str  # current | partial | stale | missing
    missing_fields: tuple[str, ...] = ()


@dataclass
class LanguageReport:
    language: str
    items: list[Item] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status)
                for status in ("current", "partial", "stale", "missing")} | {
            "total": len(self.items)}

    @property
    def to_do(self) -> list[Item]:
        return [item for item in self.items if item.status != "current"]


def _relative(catalogue: Catalogue, path) -> str:
    try:
        return path.relative_to(catalogue.content_dir).as_posix()
    except ValueError:
        return str(path)


def translation_report(catalogue: Catalogue, languages: list[str] | None = None
                       ) -> list[LanguageReport]:
    site = catalogue.site
    default = site.default_language
    wanted = [lang.code for lang in site.languages if lang.code != default
              and (not languages or lang.code in languages)]
    subjects = [
        ("site", "site", "site.yaml", "site.{lang}.yaml", site_texts(site)),
        ("taxonomy", "taxonomy", "taxonomy.yaml", "taxonomy.{lang}.yaml",
         taxonomy_texts(catalogue.taxonomy)),
    ]
    if catalogue.glossary.terms:
        subjects.append(("glossary", "glossary", "glossary.yaml", "glossary.{lang}.yaml",
                         glossary_texts(catalogue.glossary.terms)))
    for entry in catalogue.services:
        subjects.append(("service", entry.id, _relative(catalogue, entry.source),
                         f"services/{entry.id}.{{lang}}.yaml", service_texts(entry.service)))
    for kind, folder, articles in (("guidance", "guidance", catalogue.guidance),
                                   ("page", "pages", catalogue.pages)):
        for article in articles:
            subjects.append((kind, article.slug, _relative(catalogue, article.source),
                             f"{folder}/{{lang}}/{article.slug}.md",
                             article_texts(article.meta, article.body)))
    reports = []
    for lang in wanted:
        report = LanguageReport(lang)
        for kind, key, source, pattern, texts in subjects:
            translation = catalogue.translations.get(lang, kind, key)
            target = pattern.format(lang=lang)
            if translation is None:
                report.items.append(Item(kind, key, source, target, "missing"))
                continue
            missing = tuple("/".join(map(str, p)) for p in texts if p not in translation.texts)
            status = "stale" if translation.stale else "partial" if missing else "current"
            report.items.append(Item(kind, key, source, target, status, missing))
        reports.append(report)
    return reports


def report_as_dict(reports: list[LanguageReport]) -> dict:
    return {"languages": [{"language": r.language, "counts": r.counts,
                           "to_do": [asdict(item) for item in r.to_do]} for r in reports]}


def format_report_text(reports: list[LanguageReport], names: dict[str, str]) -> str:
    """Counts per language, then each item that needs work."""
    lines = []
    for report in reports:
        counts = report.counts
        lines.append(f"{report.language} ({names.get(report.language, report.language)}): "
                     f"{counts['current']} current, {counts['partial']} partial, "
                     f"{counts['stale']} stale, {counts['missing']} missing, "
                     f"of {counts['total']}")
        for item in report.to_do:
            detail = f" (missing: {', '.join(item.missing_fields)})" if item.missing_fields else ""
            lines.append(f"  {item.status:8} {item.translation}{detail}")
    return "\n".join(lines)
