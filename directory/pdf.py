"""The print edition as a PDF, for libraries to print or hand out (`catalogue pdf`).

The PDF is the print edition page (print_edition.py, templates/print.html) exactly as the site
publishes it, laid out by WeasyPrint, an optional dependency (`pip install
'community-catalogue[pdf]'`): the site builds without it.

Nothing is fetched from anywhere: WeasyPrint's URL fetcher here serves only the stylesheets of
the templates' `static/` folders (the catalogue's own first), and refuses every other address,
so a PDF can be made offline and a link in the content can never make it reach the network.
Fonts come from the system (Debian's Noto fonts cover every shipped script). A glyph no
installed font has is printed by WeasyPrint as an empty box: we collect WeasyPrint's warnings for
those and report the characters, so a missing font never goes unnoticed.

The same content gives the same bytes: the PDF's dates are the edition's date (the build date,
or SOURCE_DATE_EPOCH), and WeasyPrint writes no random identifier unless asked.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .builders.site import static_folders
from .catalogue import Catalogue
from .pipeline import build_date, check
from .plan import Page, Paths, plan_site
from .problems import Problem
from .render import Renderer

if TYPE_CHECKING:
    from weasyprint import URLFetcherResponse

INSTALL_HINT = "install the pdf extra: pip install 'community-catalogue[pdf]'"

# The address the page is given while WeasyPrint lays it out. Never fetched: `.invalid` cannot
# resolve (RFC 2606), and the fetcher below answers for it from the templates' folders.
ROOT = "https://print.invalid/"
STATIC = "static/"


class PdfUnavailable(RuntimeError):
    """WeasyPrint (the pdf extra) is not installed, or its system libraries are missing."""


class PdfFailed(Exception):
    """The PDF cannot be made: the content has errors."""

    def __init__(self, reason: str, problems: list[Problem] | None = None):
        self.reason = reason
        self.problems = sorted(problems or [])
        super().__init__(reason)


class UnknownLanguage(ValueError):
    """The edition asks for a language that site.yaml does not declare (a usage error)."""


@dataclass
class PdfResult:
    data: bytes
    pages: int
    language: str
    large: bool
    missing_glyphs: list[str] = field(default_factory=list)  # characters printed as boxes
    refused: list[str] = field(default_factory=list)  # addresses the fetcher would not serve
    warnings: list[str] = field(default_factory=list)  # anything else WeasyPrint said


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        raise PdfUnavailable(f"WeasyPrint is not available ({error}): {INSTALL_HINT}") from None
    return weasyprint


def static_file(folders: list[Path], url: str) -> bytes | None:
    """The bytes a `ROOT/static/...` address stands for, or None for any other address.

    Later folders win (a catalogue's own `templates/static/` replaces ours); `..` never leaves
    the folder.
    """
    if not url.startswith(ROOT + STATIC):
        return None
    relative = posixpath.normpath(url[len(ROOT + STATIC):].split("?")[0].split("#")[0])
    if relative.startswith(("..", "/")) or relative == ".":
        return None
    for folder in reversed(folders):
        path = folder / relative
        if path.is_file():
            return path.read_bytes()
    return None


def _fetcher(weasyprint, folders: list[Path], refused: list[str]):
    class StaticOnly(weasyprint.URLFetcher):
        """Serves the templates' static files; anything else is refused, never fetched."""

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            body = static_file(folders, url)
            if body is None:
                refused.append(url)
                raise ValueError(f"not part of the print edition: {url}")
            kind = "text/css" if url.endswith(".css") else "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": kind})

    return StaticOnly(allowed_protocols=("https",))


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings for the result instead of letting them reach stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


NOTDEF = ".notdef glyph rendered for Unicode string unsupported by fonts"
CODEPOINT = re.compile(r"\(U\+([0-9A-Fa-f]{4,6})\)")


def print_page(catalogue: Catalogue, lang: str, large: bool) -> Page:
    """The planned print page, with the inputs the site build records for it."""
    path = Paths.print_edition(lang, large)
    return next(page for page in plan_site(catalogue) if page.path == path)


def render_pdf(catalogue: Catalogue, lang: str, large: bool = False,
               templates_dir: Path | None = None, today: date | None = None) -> PdfResult:
    """The print edition of `catalogue` in `lang` as PDF bytes."""
    if lang not in catalogue.languages:
        raise UnknownLanguage(f"no language {lang!r} in site.yaml (it has: "
                              f"{', '.join(catalogue.languages)})")
    weasyprint = _weasyprint()
    page = print_page(catalogue, lang, large)
    html = Renderer(catalogue, templates_dir, today or build_date()).render(page)
    refused: list[str] = []
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = weasyprint.HTML(
            string=html, base_url=ROOT + page.path,
            url_fetcher=_fetcher(weasyprint, static_folders(templates_dir), refused),
        ).render()
        data = document.write_pdf()
    finally:
        logger.removeHandler(collect)
    missing = sorted({chr(int(found[1], 16)) for message in collect.messages
                      if message.startswith(NOTDEF) and (found := CODEPOINT.search(message))})
    others = [m for m in collect.messages
              if not m.startswith(NOTDEF) and not any(url in m for url in refused)]
    return PdfResult(data=data, pages=len(document.pages), language=lang, large=large,
                     missing_glyphs=missing, refused=refused, warnings=others)


def make_pdf(content_dir: Path, lang: str | None = None, large: bool = False,
             templates_dir: Path | None = None, today: date | None = None) -> PdfResult:
    """Check the content, then render its print edition (the default language unless `lang`)."""
    today = today or build_date()
    catalogue, problems = check(content_dir, today)
    if catalogue is None or problems.errors:
        raise PdfFailed("content errors", list(problems))
    return render_pdf(catalogue, lang or catalogue.site.default_language, large,
                      templates_dir, today)
