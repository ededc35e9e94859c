"""Markdown to safe HTML.

Python-Markdown renders; nh3 (the Rust `ammonia` sanitiser) then keeps only an allow-list of tags,
attributes and link schemes, so no content file can inject script, styles or tracking. While
rendering we also: shift headings so they nest under the page's own heading, link the first use of
each glossary term to its entry, and collect links whose scheme we refuse so validation can report
them at their line instead of silently dropping them.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .text import combining_marks

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class", "hreflang"}, "abbr": {"title"},
                      "th": {"scope"}, "td": set(), "ol": {"start"}}
_RAW_HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_NO_LINKING_INSIDE = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class GlossaryLink:
    """A glossary entry as the renderer needs it: the words that name it and where it lives."""

    id: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    html: Markup
    refused_links: tuple[str, ...]  # hrefs with a scheme other than http(s), mailto, tel


def link_is_allowed(href: str) -> bool:
    scheme = urlsplit(href.strip()).scheme.lower()
    return scheme == "" or scheme in ALLOWED_SCHEMES


class _PageProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, heading_base: int,
                 glossary: tuple[GlossaryLink, ...], glossary_href: str):
        super().__init__(md)
        self.heading_base = heading_base
        self.glossary = glossary
        self.glossary_href = glossary_href
        self.refused: list[str] = []

    def run(self, root: etree.Element) -> None:
        self._collect_links(root)
        self._shift_headings(root)
        if self.glossary:
            self._link_glossary(root)

    def _collect_links(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            if not link_is_allowed(href):
                self.refused.append(href)
                del element.attrib["href"]

    def _shift_headings(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
        if not headings:
            return
        shift = self.heading_base - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{min(6, max(1, int(element.tag[1]) + shift))}"

    def _link_glossary(self, root: etree.Element) -> None:
        pending = {entry.id: entry for entry in self.glossary}
        phrases = sorted(((p, e.id) for e in self.glossary for p in e.phrases),
                         key=lambda item: -len(item[0]))
        pattern = re.compile(
            rf"(?<![\w'’{_MARKS}])("
            + "|".join(re.escape(p).replace("'", "['’]") for p, _ in phrases)
            + rf")(?![\w'’{_MARKS}])", re.IGNORECASE)
        by_phrase = {_fold(p): term_id for p, term_id in phrases}
        self._walk(root, pattern, by_phrase, pending)

    def _walk(self, element: etree.Element, pattern: re.Pattern[str], by_phrase: dict[str, str],
              pending: dict[str, GlossaryLink]) -> None:
        if element.tag in _NO_LINKING_INSIDE or not pending:
            return
        element.text = self._link_text(element, None, element.text, pattern, by_phrase, pending)
        for child in list(element):
            self._walk(child, pattern, by_phrase, pending)
            child.tail = self._link_text(element, child, child.tail, pattern, by_phrase, pending)

    def _link_text(self, parent: etree.Element, after: etree.Element | None, text: str | None,
                   pattern: re.Pattern[str], by_phrase: dict[str, str],
                   pending: dict[str, GlossaryLink]) -> str | None:
        """Link the first pending term in `text`; the rest of the text is searched again after."""
        if not text or not pending:
            return text
        for match in pattern.finditer(text):
            term_id = by_phrase.get(_fold(match.group(1)))
            if term_id not in pending:
                continue
            del pending[term_id]
            link = etree.Element("a", {"href": f"{self.glossary_href}#{term_id}",
                                       "class": "glossary-term"})
            link.text = match.group(1)
            link.tail = text[match.end():]
            index = 0 if after is None else list(parent).index(after) + 1
            parent.insert(index, link)
            link.tail = self._link_text(parent, link, link.tail, pattern, by_phrase, pending)
            return text[: match.start()]
        return text


_MARKS = combining_marks()


def _fold(phrase: str) -> str:
    return phrase.lower().replace("’", "'")


class _PageExtension(Extension):
    def __init__(self, processor_args: dict):
        super().__init__()
        self.processor_args = processor_args
        self.processor: _PageProcessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        self.processor = _PageProcessor(md, **self.processor_args)
        md.treeprocessors.register(self.processor, "community_page", 5)


@lru_cache(maxsize=4096)
def render_markdown(text: str, *, heading_base: int = 2,
                    glossary: tuple[GlossaryLink, ...] = (),
                    glossary_href: str = "glossary.html") -> Rendered:
    """Render Markdown to sanitised HTML; cached because the same text renders the same way."""
    extension = _PageExtension({"heading_base": heading_base, "glossary": glossary,
                                "glossary_href": glossary_href})
    md = markdown.Markdown(extensions=["tables", "sane_lists", extension],
                           output_format="html")
    raw = md.convert(text)
    refused = list(extension.processor.refused) if extension.processor else []
    refused += [html.unescape(href) for href in _RAW_HREF.findall(raw)
                if not link_is_allowed(html.unescape(href))]  # links written as raw HTML
    clean = nh3.clean(raw, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                      url_schemes=set(ALLOWED_SCHEMES), link_rel=None)
    return Rendered(Markup(clean), tuple(refused))
