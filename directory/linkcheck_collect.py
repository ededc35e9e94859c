"""Every external web address the catalogue publishes, with where an editor wrote it.

The link checker reports a broken link at the line that holds it, so each address comes with
its uses: the file, line and column of every place it is written. Links in Markdown are read
from the rendered, sanitised HTML (exactly what the site publishes, so a link dropped by the
sanitiser is not checked) and then found again in the source text to point at their line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from .catalogue import Catalogue
from .source import Document, Key, SourceError, load_markdown, load_yaml

# site.yaml fields holding addresses people follow; `base_url` is the site itself, not a link.
SITE_URL_FIELDS: tuple[Key, ...] = (("publisher", "url"), ("feedback", "form_url"),
                                    ("exit_page", "url"))


@dataclass(frozen=True, order=True)
class LinkUse:
    """One place an address is written (lines and columns count from 1)."""

    path: Path
    line: int
    column: int


Links = dict[str, list[LinkUse]]


def is_web_address(href: str) -> bool:
    parts = urlsplit(href.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def link_key(href: str) -> str:
    """The address as fetched: the #fragment never reaches the server, so it is dropped."""
    return urldefrag(href.strip())[0]


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def html_links(html: str) -> list[str]:
    """The http(s) hrefs of an HTML fragment, in order (entities decoded)."""
    parser = _Hrefs()
    parser.feed(str(html))
    parser.close()
    return [href for href in parser.hrefs if is_web_address(href)]


class _Collector:
    def __init__(self) -> None:
        self.links: Links = {}
        self._lines: dict[Path, list[str]] = {}

    def add(self, href: str, path: Path, line: int, column: int) -> None:
        uses = self.links.setdefault(link_key(href), [])
        use = LinkUse(path, line, column)
        if use not in uses:
            uses.append(use)

    def add_value(self, doc: Document, key: Key, value: str | None) -> None:
        if value and is_web_address(value):
            position = doc.position(key)
            self.add(value, doc.path, position.line, position.column)

    def add_markdown(self, path: Path, html: str, start_line: int) -> None:
        """Links of rendered Markdown, each pointed at the first line from `start_line` that
        holds it (as `located.report_refused_links` does); its start line when not found."""
        lines = self._read(path)
        cursor: dict[str, int] = {}  # the same link twice: the second use is searched after the first
        for href in html_links(html):
            line, column = start_line, 1
            for number in range(max(start_line, cursor.get(href, start_line)), len(lines) + 1):
                found = lines[number - 1].find(href)
                if found >= 0:
                    line, column = number, found + 1
                    break
            cursor[href] = line + 1
            self.add(href, path, line, column)

    def _read(self, path: Path) -> list[str]:
        if path not in self._lines:
            self._lines[path] = (path.read_text(encoding="utf-8").splitlines()
                                 if path.is_file() else [])
        return self._lines[path]


def _load(path: Path | None) -> Document | None:
    if path is None or not path.is_file():
        return None
    try:
        return load_yaml(path)
    except SourceError:  # pragma: no cover - the catalogue loaded, so the file parses
        return None


def _body_line(path: Path) -> int:
    try:
        return load_markdown(path).body_line
    except SourceError:  # pragma: no cover - the catalogue loaded, so the file parses
        return 1


def collect_links(catalogue: Catalogue) -> Links:
    """Every http(s) address the site links to, with each place it is written; addresses in
    the order first met, uses in the order written."""
    collector = _Collector()
    site_doc = _load(catalogue.sources.get("site"))
    if site_doc is not None:
        site = catalogue.site
        values = {("publisher", "url"): site.publisher.url,
                  ("feedback", "form_url"): site.feedback.form_url,
                  ("exit_page", "url"): site.exit_page.url if site.exit_page else None}
        for key in SITE_URL_FIELDS:
            collector.add_value(site_doc, key, values[key])
        for index, item in enumerate(site.urgent_help.items):
            collector.add_value(site_doc, ("urgent_help", "items", index, "url"), item.url)
    for entry in sorted(catalogue.services, key=lambda e: e.source):
        if entry.document is not None:
            collector.add_value(entry.document, ("contact", "website"),
                                entry.service.contact.website)
        collector.add_markdown(entry.source, entry.description_html,
                               entry.position(("description",)).line)
    glossary_doc = _load(catalogue.sources.get("glossary"))
    if glossary_doc is not None:
        for index, term in enumerate(catalogue.glossary.terms):
            html = catalogue.glossary_html.get(term.id, "")
            line = glossary_doc.position(("terms", index, "definition")).line
            collector.add_markdown(glossary_doc.path, html, line)
    for article in _articles(catalogue.guidance, catalogue.pages):
        collector.add_markdown(article.source, article.body_html, _body_line(article.source))
    for _, translation in sorted(catalogue.translations.items.items()):
        for _, html in sorted(translation.html.items()):
            collector.add_markdown(translation.source, html, 1)
    return collector.links


def _articles(*groups: Iterable) -> list:
    return sorted((a for group in groups for a in group), key=lambda a: a.source)
