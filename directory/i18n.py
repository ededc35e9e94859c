"""Languages: gettext catalogues for interface strings, and locale-aware dates and day names.

Interface strings (buttons, headings, labels) are marked with `_()` in templates and Python and
translated through gettext `.mo` catalogues in `directory/locale/`; content is translated in
`content/` itself. Dates and day names come from Babel's CLDR data for the page's locale.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"

# Babel locale for a site language code where the bare code would pick the wrong region.
REGIONS = {"en": "en_GB", "pt": "pt_PT"}


@cache  # parsed for every date and day name on every page: parse each language once
def babel_locale(code: str) -> Locale:
    """The CLDR locale for a language code; unknown codes fall back to British English."""
    try:
        return Locale.parse(REGIONS.get(code, code).replace("-", "_"))
    except (ValueError, LookupError):
        return Locale.parse("en_GB")


def catalogue_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> gettext.NullTranslations:
    """Interface translations for `code`, read from its `.po` file.

    The `.po` file (what Poedit and Weblate edit) is compiled in memory, so a fresh checkout
    needs no build step; `make messages-compile` still writes `.mo` files for other tools.
    Fuzzy and empty entries fall back to English, as gettext does.
    """
    path = catalogue_path(code)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code.replace("-", "_"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(code: str) -> Callable[[str], str]:
    return translations(code).gettext


def ngettext_for(code: str) -> Callable[[str, str, int], str]:
    return translations(code).ngettext


def format_date(day: date, code: str, style: str = "long") -> str:
    """`23 November 2026` in English, in the page's own script and order in other languages."""
    return babel_format_date(day, format=style, locale=babel_locale(code))


def day_names(code: str) -> list[str]:
    """Monday first, as `Weekday` orders them (a new list: callers may change theirs)."""
    return list(_day_names(code))


@cache  # every opening-hours line of every page asks; CLDR lookups cost more than the page's HTML
def _day_names(code: str) -> tuple[str, ...]:
    names = get_day_names("wide", locale=babel_locale(code))
    return tuple(names[i] for i in range(7))


def plural_messages(code: str, singular: str, plural: str) -> dict[str, str]:
    """One message per CLDR plural category of the language, with `{count}` for the number,
    so a script can pick the right one with `Intl.PluralRules` (Polish has three forms)."""
    locale = babel_locale(code)
    ngettext = ngettext_for(code)
    messages: dict[str, str] = {}
    for number in range(0, 200):
        category = locale.plural_form(number)
        if category not in messages:
            messages[category] = ngettext(singular, plural, number).replace("%(num)d", "{count}")
    return dict(sorted(messages.items()))


def ngettext_marker(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for extraction (`ngettext`), translated where it is shown."""
    return singular, plural


def _(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown, per page language."""
    return message
