"""Plan the site: which pages exist, at which paths, from which template, reading which inputs.

The plan is pure data computed from the catalogue. Rendering follows it page by page; later the
recorded inputs let a rebuild redo only the pages whose inputs changed, and other builders (offline
copy, print edition, search index) reuse the same paths.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue, ServiceEntry
from .problems import ContentError, Problem, Severity
from .retired import RETIRED_FILE
from .updates import bulletin_months

# Output folder for each taxonomy facet (and areas, which come from site.yaml).
FACET_FOLDERS: dict[str, str] = {
    "categories": "categories",
    "audiences": "audiences",
    "journey_stages": "stages",
    "conditions": "conditions",
    "areas": "areas",
}

SERVICE_LISTS = "services/*"  # input name for pages that list every service's name and summary
VALUE = "="  # starts an input that is a value the page shows ("=services:56"), not a file


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, what kind of page it is, and what it is about."""

    path: str  # relative to the site root, with forward slashes
    kind: str  # names the view and template: "service", "term", "home", ...
    language: str | None  # None for the language chooser and other language-neutral pages
    subject: str | None = None  # service id, term id, article slug
    facet: str | None = None  # for term pages and term indexes
    # What the page reads: content files (relative to content/), SERVICE_LISTS, and values it
    # shows that come from elsewhere, written VALUE + "name:value" (incremental.py hashes them).
    inputs: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """The content files among `inputs` (not SERVICE_LISTS, not values)."""
        return tuple(name for name in self.inputs
                     if name != SERVICE_LISTS and not name.startswith(VALUE))

    @property
    def depth(self) -> int:
        return self.path.count("/")


class Paths:
    """Where each thing lives in the output. Builders and templates ask here, never spell paths."""

    @staticmethod
    def home(lang: str) -> str:
        return f"{lang}/index.html"

    @staticmethod
    def service(lang: str, service_id: str) -> str:
        return f"{lang}/services/{service_id}.html"

    @staticmethod
    def services_index(lang: str) -> str:
        return f"{lang}/services/index.html"

    @staticmethod
    def term(lang: str, facet: str, term_id: str) -> str:
        return f"{lang}/{FACET_FOLDERS[facet]}/{term_id}.html"

    @staticmethod
    def term_index(lang: str, facet: str) -> str:
        return f"{lang}/{FACET_FOLDERS[facet]}/index.html"

    @staticmethod
    def guidance(lang: str, slug: str) -> str:
        return f"{lang}/guidance/{slug}.html"

    @staticmethod
    def guidance_index(lang: str) -> str:
        return f"{lang}/guidance/index.html"

    @staticmethod
    def page(lang: str, slug: str) -> str:
        return f"{lang}/pages/{slug}.html"

    @staticmethod
    def glossary(lang: str) -> str:
        return f"{lang}/glossary.html"

    @staticmethod
    def accessibility(lang: str) -> str:
        return f"{lang}/accessibility.html"

    @staticmethod
    def translations(lang: str) -> str:
        return f"{lang}/translations.html"

    @staticmethod
    def search(lang: str) -> str:
        return f"{lang}/search.html"

    @staticmethod
    def list_service(lang: str) -> str:
        """The page where providers prepare a new service entry for the editors."""
        return f"{lang}/list-your-service.html"

    @staticmethod
    def print_edition(lang: str, large: bool = False) -> str:
        """The whole directory laid out for paper (print_edition.py), or in large print."""
        return f"{lang}/print/{'large' if large else 'index'}.html"

    @staticmethod
    def shortlist(lang: str) -> str:
        """The visitor's saved services (kept in their browser), to review, print and share."""
        return f"{lang}/shortlist.html"

    @staticmethod
    def shortlist_data(lang: str) -> str:
        """Folder of the shortlist page's service data for one language (classic scripts)."""
        return f"shortlist/{lang}/"

    # --- updates: the monthly bulletin, the figures, the Atom feeds (update_views.py) ---

    @staticmethod
    def bulletin_index(lang: str) -> str:
        return f"{lang}/bulletin/index.html"

    @staticmethod
    def bulletin(lang: str, month: str) -> str:
        """One month's bulletin; `month` is "2026-11"."""
        return f"{lang}/bulletin/{month}.html"

    @staticmethod
    def figures(lang: str) -> str:
        return f"{lang}/figures.html"

    @staticmethod
    def services_feed(lang: str) -> str:
        """Atom feed of new and updated services (written by builders/feeds.py, not a Page)."""
        return f"{lang}/feeds/services.xml"

    @staticmethod
    def bulletin_feed(lang: str) -> str:
        """Atom feed with one entry per monthly bulletin."""
        return f"{lang}/feeds/bulletin.xml"

    @staticmethod
    def schema() -> str:
        return "schema/service.schema.json"

    @staticmethod
    def schema_script() -> str:
        """The same schema as a classic script, for the form to validate from `file://`."""
        return "static/service-schema.js"

    @staticmethod
    def example_service() -> str:
        """One real entry of the catalogue, published as an example of what to send."""
        return "schema/example-service.yaml"

    @staticmethod
    def search_index(lang: str) -> str:
        """Folder of the browser search index for one language."""
        return f"search/{lang}/"


def _rel(catalogue: Catalogue, path: Path) -> str:
    """`path` relative to the content folder. A string operation (the plan makes hundreds of
    thousands of these for a large catalogue, and `Path.relative_to` is slow), interned: a
    service's file is an input of a dozen pages in each language, and one string serves them."""
    root = catalogue.content_dir.as_posix().rstrip("/") + "/"
    text = path.as_posix()
    return sys.intern(text[len(root):] if text.startswith(root) else text)


class _ServiceFiles:
    """The files a page reads to show services in a language: each one's own file and its
    translation into that language, if any. Worked out once per service and language: a large
    catalogue's plan asks this hundreds of thousands of times."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.by_language: dict[str, dict[str, tuple[str, ...]]] = {}

    def of(self, entries: list[ServiceEntry], lang: str) -> tuple[str, ...]:
        own = self.by_language.get(lang)
        if own is None:
            catalogue = self.catalogue
            own = self.by_language[lang] = {}
            for entry in catalogue.services:
                translation = catalogue.translations.get(lang, "service", entry.id)
                own[entry.id] = (_rel(catalogue, entry.source),) + (
                    (_rel(catalogue, translation.source),) if translation is not None else ())
        return tuple(name for entry in entries for name in own[entry.id])


def _members(catalogue: Catalogue) -> dict[tuple[str, str], list[ServiceEntry]]:
    """(facet, term or area) -> its services in catalogue order, as `services_with` and
    `services_in_area` give them, in one pass rather than one per term."""
    members: dict[tuple[str, str], list[ServiceEntry]] = {}
    for entry in catalogue.services:
        for facet in FACET_FOLDERS:
            ids = entry.service.service_areas if facet == "areas" else getattr(entry.service, facet)
            for term_id in ids:
                members.setdefault((facet, term_id), []).append(entry)
    return members


def example_entry(catalogue: Catalogue) -> ServiceEntry | None:
    """The entry that fills in the most fields (ties: the first id), as an example for providers."""
    return min(catalogue.services, key=lambda e: (-len(e.service.model_fields_set), e.id),
               default=None)


def plan_site(catalogue: Catalogue) -> list[Page]:
    """Every page of the site, sorted by path; two pages claiming one path is an error."""
    # Every page reads the site settings, taxonomy and glossary, and names the plain pages
    # (about, contact) in its footer.
    config = (tuple(_rel(catalogue, p) for p in catalogue.sources.values())
              + tuple(_rel(catalogue, a.source) for a in catalogue.pages))
    pages: list[Page] = [
        Page("index.html", "languages", None, inputs=config),
        Page("404.html", "not_found", None, inputs=config),
    ]
    translation_files = tuple(_rel(catalogue, t.source)
                              for t in catalogue.translations.items.values())
    articles = tuple(_rel(catalogue, a.source) for a in catalogue.guidance)
    example_source = example_entry(catalogue)
    example = (_rel(catalogue, example_source.source),) if example_source else ()
    months = bulletin_months(catalogue)
    service_files, members = _ServiceFiles(catalogue), _members(catalogue)
    month_keys = f"{VALUE}months:" + ",".join(month.key for month in months)
    retired_file = ((RETIRED_FILE,) if (catalogue.content_dir / RETIRED_FILE).is_file() else ())
    for lang in catalogue.languages:
        localized = tuple(_rel(catalogue, t.source)
                          for t in catalogue.translations.for_language(lang)
                          if t.kind in ("site", "taxonomy", "glossary", "page"))
        config_here = config + localized
        everything = config_here + (SERVICE_LISTS,)
        # Guidance in this language: the home page and the guidance index list it, and an
        # article links its easy-read version.
        guidance_here = articles + tuple(_rel(catalogue, t.source)
                                         for t in catalogue.translations.for_language(lang)
                                         if t.kind == "guidance")
        pages += [
            Page(Paths.home(lang), "home", lang,
                 inputs=config_here + guidance_here + (f"{VALUE}services:{len(catalogue.services)}",)),
            Page(Paths.services_index(lang), "services_index", lang, inputs=everything),
            Page(Paths.guidance_index(lang), "guidance_index", lang,
                 inputs=config_here + guidance_here),
            Page(Paths.glossary(lang), "glossary", lang, inputs=config_here),
            Page(Paths.accessibility(lang), "accessibility", lang, inputs=config_here),
            Page(Paths.search(lang), "search", lang, inputs=everything),
            Page(Paths.list_service(lang), "list_service", lang, inputs=config_here + example),
            Page(Paths.shortlist(lang), "shortlist", lang, inputs=everything),
            Page(Paths.translations(lang), "translations", lang,
                 inputs=everything + articles + translation_files),
        ]
        # The print edition (print_edition.py): every service in full, normal and large print.
        # Sorted as strings (all in services/: the order of the Paths, at a fraction of the cost).
        in_print = everything + tuple(sorted(service_files.of(catalogue.services, lang)))
        pages += [Page(Paths.print_edition(lang), "print", lang, inputs=in_print),
                  Page(Paths.print_edition(lang, large=True), "print_large", lang, inputs=in_print)]
        # Updates (update_views.py, figures.py): bulletin, figures, retired services' old pages.
        updates = everything + retired_file
        pages += [Page(Paths.bulletin_index(lang), "bulletin_index", lang, inputs=updates),
                  Page(Paths.figures(lang), "figures", lang, inputs=everything)]
        # A month's bulletin shows its own services, and links the months before and after.
        pages += [Page(Paths.bulletin(lang, month.key), "bulletin", lang, month.key,
                       inputs=config_here + retired_file + (month_keys,) + service_files.of(
                           [*month.new, *month.updated, *(a.entry for a in month.awards)], lang))
                  for month in months]
        pages += [Page(Paths.service(lang, gone.id), "retired", lang, gone.id,
                       inputs=config_here + retired_file) for gone in catalogue.retired]
        for entry in catalogue.services:
            pages.append(Page(Paths.service(lang, entry.id), "service", lang, entry.id,
                              inputs=config_here + service_files.of([entry], lang)))
        for facet in FACET_FOLDERS:
            ids = ([a.id for a in catalogue.site.areas] if facet == "areas"
                   else [t.id for t in catalogue.terms(facet)])
            if not ids:
                continue
            pages.append(Page(Paths.term_index(lang, facet), "term_index", lang, facet=facet,
                              inputs=everything))
            # A term's page lists its services; category and journey-stage pages also list the
            # guidance on them.
            term_inputs = (config_here + guidance_here
                           if facet in ("categories", "journey_stages") else config_here)
            for term_id in ids:
                listed = members.get((facet, term_id), [])
                pages.append(Page(Paths.term(lang, facet, term_id), "term", lang, term_id, facet,
                                  inputs=term_inputs + service_files.of(listed, lang)))
        for kind, items, path_of in (("guidance", catalogue.guidance, Paths.guidance),
                                     ("page", catalogue.pages, Paths.page)):
            for article in items:
                translation = catalogue.translations.get(lang, kind, article.slug)
                own = (_rel(catalogue, article.source),) + (
                    (_rel(catalogue, translation.source),) if translation else ())
                # An article lists services in its categories, and links its easy-read twin.
                categories = set(getattr(article.meta, "categories", []))
                related = (guidance_here + service_files.of(
                    [e for e in catalogue.services if categories & set(e.service.categories)],
                    lang) if kind == "guidance" else ())
                pages.append(Page(path_of(lang, article.slug), kind, lang, article.slug,
                                  inputs=config_here + own + related))
    _refuse_clashes(pages)
    return sorted(pages, key=lambda page: page.path)


def _refuse_clashes(pages: list[Page]) -> None:
    """As Pelican's writer does: one output path, one page, or the build stops and says why."""
    claimed: dict[str, Page] = {}
    problems = []
    for page in pages:
        other = claimed.get(page.path)
        if other is not None:
            source = page.inputs[-1] if page.inputs else page.path
            problems.append(Problem(source, 1, 1, Severity.ERROR,
                                    f"two pages would be written to {page.path} "
                                    f"({other.kind} {other.subject!r} and {page.kind} "
                                    f"{page.subject!r})"))
        claimed[page.path] = page
    if problems:
        raise ContentError(problems)
