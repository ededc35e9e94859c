"""Markdown to safe HTML.

Python-Markdown renders; nh3 (the Rust `ammonia` sanitiser) then keeps only an allow-list of tags,
attributes and link schemes, so no content file can inject script, styles or tracking. While
rendering we also: shift headings so they nest under the page's own heading, link the first use of
each glossary term to its entry, and collect links whose scheme we refuse so validation can report
them at their line instead of silently dropping them.

A large catalogue renders tens of thousands of texts, so the expensive parts are done once:
one Markdown instance per configuration (reset between texts), one compiled glossary pattern per
glossary, one sanitiser; and inline patterns that cannot match a text are not tried on it.
"""

from __future__ import annotations

import atexit
import html
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import Registry
from markupsafe import Markup

from . import text as text_module
from .disk_cache import code_version
from .markdown_cache import LIBRARIES, MarkdownCache
from .text import combining_marks

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class", "hreflang"}, "abbr": {"title"},
                      "th": {"scope"}, "td": set(), "ol": {"start"}}
# `\b(?:href|src)\s*=\s*["']?([^"'\s>]+)` with IGNORECASE, written so that the regex engine can
# skip straight to the letters h and s (ſ is an s to IGNORECASE): four times faster, same matches.
_RAW_HREF = re.compile(r"""[hHsS\u017f](?<!\w.)(?:(?<=[hH])[rR][eE][fF]|(?<=[sS\u017f])[rR][cC])"""
                       r"""\s*=\s*["']?([^"'\s>]+)""")
_NO_LINKING_INSIDE = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADING = re.compile(r"h[1-6]")

# Python-Markdown's inline patterns that can only match where one of these characters is: a text
# without any of them renders the same without trying the pattern (the text each pattern sees is
# made of the source's characters and placeholders, which hold none of them). Patterns not listed
# (line breaks, any added by an extension) are always tried.
_INLINE_TRIGGERS = {
    "backtick": "`", "escape": "\\", "reference": "[", "link": "[", "image_link": "[",
    "image_reference": "[", "short_reference": "[", "short_image_ref": "[", "autolink": "<",
    "automail": "<", "html": "<", "entity": "&", "em_strong": "*_", "em_strong2": "_",
    "not_strong": "*_",
}
_TRIGGER_CHARACTERS = "".join(sorted(set("".join(_INLINE_TRIGGERS.values()))))

_SANITIZER = nh3.Cleaner(tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                         url_schemes=set(ALLOWED_SCHEMES), link_rel=None)


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
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:  # not a URL at all ("http://[x": an unclosed IPv6 host): refused
        return False
    return scheme == "" or scheme in ALLOWED_SCHEMES


_MARKS = combining_marks()


def _fold(phrase: str) -> str:
    return phrase.lower().replace("’", "'")


@dataclass(frozen=True)
class _GlossaryMatcher:
    """Every phrase of a glossary in one pattern (longest first), and the entry each names."""

    pattern: re.Pattern[str]
    by_phrase: dict[str, str]


def _escape(phrase: str) -> str:
    return re.escape(phrase).replace("'", "['’]")


def _alternatives(phrases: list[str]) -> str:
    """The phrases as one alternation that finds the same match as trying them in order.

    Phrases are grouped by first letter (as IGNORECASE compares letters), so the regex engine
    tries one group at a position instead of every phrase: at a given position only the group of
    the letter there can match, and within it the order (longest first) is kept."""
    if any(not p or p[0] in "'’" for p in phrases):
        return "|".join(_escape(p) for p in phrases)  # no grouping needed for such odd phrases
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        first = next((f for f in groups if re.fullmatch(re.escape(f), phrase[0], re.IGNORECASE)),
                     phrase[0])
        groups.setdefault(first, []).append(phrase[1:])
    return "|".join(_escape(first) + "(?:" + "|".join(_escape(rest) for rest in rests) + ")"
                    for first, rests in groups.items())


@lru_cache(maxsize=64)
def _glossary_matcher(glossary: tuple[GlossaryLink, ...]) -> _GlossaryMatcher:
    phrases = sorted(((p, e.id) for e in glossary for p in e.phrases),
                     key=lambda item: -len(item[0]))
    pattern = re.compile(
        rf"(?<![\w'’{_MARKS}])("
        + _alternatives([p for p, _ in phrases])
        + rf")(?![\w'’{_MARKS}])", re.IGNORECASE)
    return _GlossaryMatcher(pattern, {_fold(p): term_id for p, term_id in phrases})


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
        headings = [e for e in root.iter() if _HEADING.fullmatch(e.tag)]
        if not headings:
            return
        shift = self.heading_base - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{min(6, max(1, int(element.tag[1]) + shift))}"

    def _link_glossary(self, root: etree.Element) -> None:
        pending = {entry.id: entry for entry in self.glossary}
        matcher = _glossary_matcher(self.glossary)
        self._walk(root, matcher.pattern, matcher.by_phrase, pending)

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


class _PageExtension(Extension):
    def __init__(self, processor_args: dict):
        super().__init__()
        self.processor_args = processor_args
        self.processor: _PageProcessor | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        self.processor = _PageProcessor(md, **self.processor_args)
        md.treeprocessors.register(self.processor, "community_page", 5)


class _Renderer:
    """One configured Markdown instance, reused: building one costs more than most texts do."""

    def __init__(self, heading_base: int, glossary: tuple[GlossaryLink, ...], glossary_href: str):
        self.extension = _PageExtension({"heading_base": heading_base, "glossary": glossary,
                                         "glossary_href": glossary_href})
        self.md = markdown.Markdown(extensions=["tables", "sane_lists", self.extension],
                                    output_format="html")
        patterns: Registry[Any] = self.md.inlinePatterns
        self.patterns = tuple(patterns)  # in priority order, as the inline processor tries them
        self.triggers = [_INLINE_TRIGGERS.get(name, "") for name in self._names(patterns)]
        inline = self.md.treeprocessors["inline"] if "inline" in self.md.treeprocessors else None
        # The inline processor only counts and indexes its patterns; a tuple of the ones that
        # can match this text does that faster than the registry (which sorts on every lookup).
        self.inline = inline if getattr(inline, "inlinePatterns", None) is patterns else None
        self.subsets: dict[str, tuple[Any, ...]] = {}
        # Raw HTML blocks are found by running an HTML parser over the whole text; a text with
        # neither '<' nor '&' has none, and the parser would give its lines back unchanged.
        preprocessors: Registry[Any] = self.md.preprocessors
        skip = (preprocessors.get_index_for_name("html_block") if "html_block" in preprocessors
                else -1)
        self.preprocessors = tuple(preprocessors)
        self.plain_preprocessors = tuple(p for i, p in enumerate(preprocessors) if i != skip)
        # The block parser walks its processors for every block: a tuple walks faster than the
        # registry, which builds a new list each time.
        if isinstance(getattr(self.md.parser, "blockprocessors", None), Registry):
            self.md.parser.blockprocessors = tuple(self.md.parser.blockprocessors)
        # Everything about this configuration that shapes the output, for the disk cache's keys.
        self.options = repr((heading_base, glossary_href,
                             tuple((entry.id, entry.phrases) for entry in glossary)))

    @staticmethod
    def _names(patterns: Registry[Any]) -> list[str]:
        names = [""] * len(patterns)
        for name in _INLINE_TRIGGERS:
            if name in patterns:
                names[patterns.get_index_for_name(name)] = name
        return names

    def _patterns_for(self, text: str) -> tuple[Any, ...]:
        present = "".join(c for c in _TRIGGER_CHARACTERS if c in text)
        subset = self.subsets.get(present)
        if subset is None:
            subset = tuple(p for p, trigger in zip(self.patterns, self.triggers, strict=True)
                           if not trigger or any(c in present for c in trigger))
            self.subsets[present] = subset
        return subset

    def convert(self, text: str) -> tuple[str, list[str]]:
        processor = self.extension.processor
        assert processor is not None
        processor.refused = []
        self.md.reset()
        if self.inline is not None:
            self.inline.inlinePatterns = self._patterns_for(text)
        self.md.preprocessors = (self.preprocessors if "<" in text or "&" in text  # type: ignore
                                 else self.plain_preprocessors)
        return self.md.convert(text), processor.refused


_local = threading.local()  # a Markdown instance holds state while it converts: one per thread


def _renderer(heading_base: int, glossary: tuple[GlossaryLink, ...],
              glossary_href: str) -> _Renderer:
    renderers: dict[tuple[Any, ...], _Renderer] | None = getattr(_local, "renderers", None)
    if renderers is None:
        renderers = _local.renderers = {}
    key = (heading_base, glossary, glossary_href)
    renderer = renderers.get(key)
    if renderer is None:
        renderer = renderers[key] = _Renderer(heading_base, glossary, glossary_href)
    return renderer


_disk: MarkdownCache | None = None


def use_disk_cache(folder: Path | None) -> None:
    """Keep rendered Markdown in `folder` between runs (`None`: stop). For commands that build
    again and again (build, serve); library code and tests render without it."""
    global _disk
    if _disk is not None:
        _disk.close()
    _disk = None
    if folder is not None:
        _disk = MarkdownCache(folder, code_version(LIBRARIES, Path(__file__),
                                                   Path(text_module.__file__)))
        atexit.register(_disk.close)


def forget_disk_cache() -> None:
    """Stop using the disk cache without closing it: for a forked child, whose connection is the
    parent's (closing it there could checkpoint the parent's database)."""
    global _disk
    _disk = None


def flush_disk_cache() -> None:
    """Write what the disk cache holds in memory (it writes in batches), e.g. after a build."""
    if _disk is not None:
        _disk.flush()


@lru_cache(maxsize=1 << 16)  # a whole large catalogue: live reload renders only what changed
def render_markdown(text: str, *, heading_base: int = 2,
                    glossary: tuple[GlossaryLink, ...] = (),
                    glossary_href: str = "glossary.html") -> Rendered:
    """Render Markdown to sanitised HTML; cached because the same text renders the same way."""
    renderer = _renderer(heading_base, glossary, glossary_href)
    disk = _disk
    key = disk.key(text, renderer.options) if disk is not None else b""
    stored = disk.get(key) if disk is not None else None
    if stored is not None:
        raw, refused = stored
    else:
        try:
            raw, refused = renderer.convert(text)
        except BaseException:
            # A failure part-way may leave the instance's state half-updated: start afresh.
            _local.renderers.pop((heading_base, glossary, glossary_href), None)
            raise
        if disk is not None:
            disk.put(key, raw, refused)
    refused = list(refused)
    if "=" in raw:  # links written as raw HTML: every one has an '='
        refused += [html.unescape(href) for href in _RAW_HREF.findall(raw)
                    if not link_is_allowed(html.unescape(href))]
    clean = _SANITIZER.clean(raw)
    return Rendered(Markup(clean), tuple(refused))
