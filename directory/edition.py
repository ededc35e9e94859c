"""Which copy of the site a build makes: the published web site, or an offline copy.

An offline copy is the same site (same pages, same search, same shortlist) with three additions:
every page says when the copy was made and where the current version lives; a page warns, in its
own language, once the copy is older than a set age (the visitor's clock against the copy's
date, so it works on a kiosk that is never rebuilt); and a guide for library staff, `README.html`,
sits at the root.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .catalogue import Catalogue
from .plan import Page

DEFAULT_WARN_AFTER_DAYS = 90
OFFLINE_GUIDE = "README.html"


class EditionError(ValueError):
    """The edition asks for something the catalogue doesn't have (an undeclared language)."""


@dataclass(frozen=True)
class Edition:
    offline: bool = False
    made_on: date | None = None  # the copy's date (the build date)
    warn_after_days: int = DEFAULT_WARN_AFTER_DAYS
    languages: tuple[str, ...] = ()  # only these languages (the source language always); () = all

    def restrict(self, catalogue: Catalogue) -> Catalogue:
        """The catalogue as this edition publishes it: a copy for a library serving Urdu and
        Bengali readers carries those languages and the source language, nothing else."""
        if not self.languages:
            return catalogue
        declared = catalogue.languages
        unknown = [code for code in self.languages if code not in declared]
        if unknown:
            raise EditionError(f"not declared in site.yaml: {', '.join(unknown)} "
                               f"(declared: {', '.join(declared)})")
        keep = {catalogue.site.default_language, *self.languages}
        languages = [language for language in catalogue.site.languages if language.code in keep]
        return replace(catalogue, site=catalogue.site.model_copy(update={"languages": languages}))


WEB = Edition()


def offline_edition(made_on: date, warn_after_days: int = DEFAULT_WARN_AFTER_DAYS,
                    languages: tuple[str, ...] = ()) -> Edition:
    return Edition(offline=True, made_on=made_on, warn_after_days=warn_after_days,
                   languages=languages)


def edition_pages(catalogue: Catalogue, edition: Edition) -> list[Page]:
    """Pages only an offline copy has: the guide for library staff, in the source language."""
    if not edition.offline:
        return []
    return [Page(OFFLINE_GUIDE, "offline_guide", None, inputs=("site.yaml",))]
