"""View data for the "list your service" page, where providers prepare a new entry.

Providers are not editors: they send the editors a file, which is reviewed like any other entry.
The page describes what to send (read without JavaScript), and its form offers every choice from
the catalogue's own taxonomy and areas, labelled in the page's language, so the entry it builds
uses only ids that `catalogue check` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import i18n
from .i18n import _
from .labels import COST_LABELS, FACET_TITLES, REFERRAL_LABELS
from .localize import LocalText
from .model import Weekday
from .plan import Page, Paths, example_entry

if TYPE_CHECKING:
    from .view_models import Context
    from .views import ViewBuilder


@dataclass(frozen=True)
class Choice:
    value: str
    label: LocalText | str


@dataclass(frozen=True)
class ChoiceGroup:
    """A set of checkboxes for one list field of the entry (categories, areas...)."""

    key: str  # the entry's field: categories, service_areas, ...
    legend: str
    choices: list[Choice]
    required_message: str | None = None  # None: the group may be left empty


def list_service(builder: ViewBuilder, page: Page) -> Context:
    catalogue, loc = builder.catalogue, builder.loc
    context = builder.context(page, builder.t(_("List your service")))
    links = context.links

    def terms(facet: str) -> list[Choice]:
        return [Choice(term.id, builder.term_label(facet, term.id))
                for term in catalogue.terms(facet)]

    groups = [
        ChoiceGroup("categories", builder.t(FACET_TITLES["categories"]), terms("categories"),
                    builder.t(_("Select at least one type of help"))),
        ChoiceGroup("service_areas", builder.t(_("Areas you serve")),
                    [Choice(area.id, loc.area(area.id)) for area in catalogue.site.areas],
                    builder.t(_("Select at least one area"))),
        ChoiceGroup("audiences", builder.t(FACET_TITLES["audiences"]), terms("audiences")),
        ChoiceGroup("conditions", builder.t(FACET_TITLES["conditions"]), terms("conditions")),
        ChoiceGroup("languages", builder.t(_("Languages your staff or volunteers speak")),
                    [Choice(lang.id, loc.term("languages", lang.id, "label", lang.label))
                     for lang in catalogue.taxonomy.languages]),
    ]
    example = example_entry(catalogue)
    context.extra = {
        "editors_email": catalogue.site.feedback.email,
        "editors_link": Markup('<a href="mailto:{0}"><span dir="ltr">{0}</span></a>').format(
            catalogue.site.feedback.email),
        "schema_href": links.to(Paths.schema()),
        "example_href": links.to(Paths.example_service()) if example else None,
        "groups": groups,
        "days": [Choice(day.value, name)
                 for day, name in zip(Weekday, i18n.day_names(builder.lang), strict=True)],
        "costs": [Choice(kind.value, builder.t(label)) for kind, label in COST_LABELS.items()],
        "referrals": [Choice(kind.value, builder.t(label))
                      for kind, label in REFERRAL_LABELS.items()],
        "scripts": [links.static("vendor/cfworker-json-schema.js"), links.to(Paths.schema_script()),
                    links.static("list_service.js")],
    }
    return context
