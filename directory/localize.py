"""Content in the page's language, field by field, with honest fallback.

A translated field is shown as translated. A missing one shows the source text, marked with the
source language (`lang="en"`) so screen readers pronounce it correctly, and the page says that
part is not yet available in the reader's language. `LocalText` carries that decision into the
template, which prints it as it is: the template decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .catalogue import Article, Catalogue, ServiceEntry
from .translations import Path_, Translation


@dataclass(frozen=True)
class LocalText:
    """Text in some language; prints itself inside a `lang` span when that is not the page's."""

    text: str
    lang: str
    fallback: bool = False
    dir: str | None = None  # set when the text runs the other way from the page

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> Markup:
        # The same text (a category's name, a day) prints on many pages: escape it once. The
        # markup is kept beside the fields, so equality and hashing still compare text alone.
        html = self.__dict__.get("_html")
        if html is None:
            html = _wrapped("span", self.text, self.lang, self.dir) if self.fallback \
                else escape(self.text)
            object.__setattr__(self, "_html", html)
        return html

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class LocalHtml:
    """Rendered Markdown in some language; wrapped in a `lang` block when it fell back."""

    html: Markup
    lang: str
    fallback: bool = False
    dir: str | None = None

    def __html__(self) -> Markup:
        return _wrapped("div", self.html, self.lang, self.dir) if self.fallback else self.html


def _wrapped(tag: str, content: str, lang: str, direction: str | None) -> Markup:
    """`<tag lang="…" dir="…">content</tag>`, every value escaped (Markup content as it is).

    Built with escape() and concatenation: Markup.format costs more than the rest of the page's
    text together, and this runs for every fallback field on every page."""
    dir_attribute = f' dir="{escape(direction)}"' if direction else ""
    return Markup(f'<{tag} lang="{escape(lang)}"{dir_attribute}>{escape(content)}</{tag}>')


@dataclass(frozen=True)
class TranslationState:
    """What a page says about its translation: complete, partly in the source language, stale."""

    exists: bool
    stale: bool
    partial: bool

    @property
    def complete(self) -> bool:
        return self.exists and not self.stale and not self.partial


SOURCE_STATE = TranslationState(exists=True, stale=False, partial=False)


class Localizer:
    """Looks up each piece of content in one language, falling back to the source language."""

    def __init__(self, catalogue: Catalogue, lang: str):
        self.catalogue = catalogue
        self.lang = lang
        self.source_lang = catalogue.site.default_language
        self.is_source = lang == self.source_lang
        directions = {x.code: x.direction.value for x in catalogue.site.languages}
        # Source text inside a page running the other way keeps its own direction, so its
        # punctuation and numbers stay in order (a full stop at the end of English, not the start).
        self.fallback_dir = (directions[self.source_lang]
                             if directions[self.source_lang] != directions[lang] else None)

    def _translation(self, kind: str, key: str) -> Translation | None:
        if self.is_source:
            return None
        return self.catalogue.translations.get(self.lang, kind, key)

    def _text(self, kind: str, key: str, path: Path_, source: str) -> LocalText:
        if self.is_source:
            return LocalText(source, self.lang)
        translation = self._translation(kind, key)
        if translation is not None and path in translation.texts:
            return LocalText(translation.texts[path], self.lang)
        return LocalText(source, self.source_lang, fallback=True, dir=self.fallback_dir)

    def _html(self, kind: str, key: str, path: Path_, source: Markup) -> LocalHtml:
        if self.is_source:
            return LocalHtml(source, self.lang)
        translation = self._translation(kind, key)
        if translation is not None and path in translation.html:
            return LocalHtml(translation.html[path], self.lang)
        return LocalHtml(source, self.source_lang, fallback=True, dir=self.fallback_dir)

    def state(self, kind: str, key: str) -> TranslationState:
        if self.is_source:
            return SOURCE_STATE
        translation = self._translation(kind, key)
        if translation is None:
            return TranslationState(exists=False, stale=False, partial=True)
        return TranslationState(exists=True, stale=translation.stale,
                                partial=bool(translation.missing))

    # --- services --------------------------------------------------------------------------

    def service(self, entry: ServiceEntry, path: Path_, source: str) -> LocalText:
        return self._text("service", entry.id, path, source)

    def description(self, entry: ServiceEntry) -> LocalHtml:
        return self._html("service", entry.id, ("description",), entry.description_html)

    # --- taxonomy, glossary, site ----------------------------------------------------------

    def term(self, facet: str, term_id: str, field: str, source: str) -> LocalText:
        return self._text("taxonomy", "taxonomy", (facet, term_id, field), source)

    def glossary(self, term_id: str, field: str, source: str) -> LocalText:
        return self._text("glossary", "glossary", ("terms", term_id, field), source)

    def glossary_definition(self, term_id: str, source: Markup) -> LocalHtml:
        return self._html("glossary", "glossary", ("terms", term_id, "definition"), source)

    def site(self, path: Path_, source: str) -> LocalText:
        return self._text("site", "site", path, source)

    def area(self, area_id: str) -> LocalText:
        return self.site(("areas", area_id, "name"), self.catalogue.area_name(area_id))

    # --- articles --------------------------------------------------------------------------

    def article(self, article: Article, kind: str) -> tuple[LocalText, LocalText, LocalHtml]:
        """Title, summary and body of a guidance page or plain page."""
        return (self._text(kind, article.slug, ("title",), article.meta.title),
                self._text(kind, article.slug, ("summary",), article.meta.summary),
                self._html(kind, article.slug, ("body",), article.body_html))
