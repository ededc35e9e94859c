"""Our taxonomies as HSDS taxonomies, terms and attributes.

A service's categories, audiences, stages of caring and conditions, and how it is reached and paid
for, become `attributes` that link the service to a taxonomy term. Each term carries its fields the
way both standards name them: HSDS `code` and `taxonomy_detail`, ORUK `term` and `taxonomy`.
The term names are the catalogue's labels in its default language (ORUK is single-language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..catalogue import FACETS, Catalogue
from ..labels import FACET_TITLES, PAYMENT_LABELS, REFERRAL_LABELS
from ..model import Payment, Referral
from ..plan import Paths
from .ids import child_uuid, taxonomy_term_uuid, taxonomy_uuid

# Taxonomies that are not in taxonomy.yaml: fixed values of the content model, and the
# catalogue's own identifiers (so that an exported service can be traced back to its file).
REFERRAL = "referral"
PAYMENT = "payment"
CATALOGUE = "community-catalogue"
IDENTIFIER_TERM = "identifier"
PAGE_TERM = "page"

TAXONOMY_DESCRIPTIONS = {
    "categories": "What kind of help a service gives.",
    "audiences": "Which carers a service is for.",
    "journey_stages": "The stages of caring a service helps with.",
    "conditions": "Conditions of the person cared for that a service specialises in.",
    REFERRAL: "How to get the service: contact it yourself, or be referred by a professional.",
    PAYMENT: "Ways to pay for a service that is not free.",
    CATALOGUE: "Fields of the Community Catalogue entry a service was exported from.",
}
TAXONOMY_NAMES = {REFERRAL: "Referral", PAYMENT: "Ways to pay", CATALOGUE: "Community Catalogue"}
CATALOGUE_TERMS = {
    IDENTIFIER_TERM: ("Catalogue identifier", "The service's id: its file is services/<id>.yaml."),
    PAGE_TERM: ("Directory page", "The service's page in the directory."),
}


@dataclass(frozen=True)
class TermInfo:
    taxonomy: str
    code: str
    name: str
    description: str
    uri: str | None = None


class TaxonomyMap:
    """The taxonomies and terms of one catalogue, with their UUIDs."""

    def __init__(self, catalogue: Catalogue, gettext: Callable[[str], str]):
        self.catalogue = catalogue
        self.base_url = catalogue.site.base_url
        self.lang = catalogue.site.default_language
        self.gettext = gettext
        self.terms: dict[tuple[str, str], TermInfo] = {}
        for facet in FACETS:
            for term in catalogue.terms(facet):
                uri = self.base_url.rstrip("/") + "/" + Paths.term(self.lang, facet, term.id)
                self.terms[facet, term.id] = TermInfo(facet, term.id, term.label,
                                                      term.description or term.label, uri)
        for referral in Referral:
            label = gettext(REFERRAL_LABELS[referral])
            self.terms[REFERRAL, referral.value] = TermInfo(REFERRAL, referral.value, label, label)
        for payment in Payment:
            label = gettext(PAYMENT_LABELS[payment])
            self.terms[PAYMENT, payment.value] = TermInfo(PAYMENT, payment.value, label, label)
        for code, (name, description) in CATALOGUE_TERMS.items():
            self.terms[CATALOGUE, code] = TermInfo(CATALOGUE, code, name, description)

    def taxonomy_name(self, taxonomy: str) -> str:
        if taxonomy in FACET_TITLES:
            return self.gettext(FACET_TITLES[taxonomy])
        return TAXONOMY_NAMES[taxonomy]

    def taxonomy_id(self, taxonomy: str) -> str:
        return taxonomy_uuid(self.base_url, taxonomy)

    def term_id(self, taxonomy: str, code: str) -> str:
        return taxonomy_term_uuid(self.base_url, taxonomy, code)

    def taxonomy(self, taxonomy: str) -> dict:
        """An HSDS `taxonomy` record (nested in terms as `taxonomy_detail`)."""
        return {"id": self.taxonomy_id(taxonomy), "name": self.taxonomy_name(taxonomy),
                "description": TAXONOMY_DESCRIPTIONS[taxonomy], "version": "1"}

    def taxonomies(self) -> list[dict]:
        return [self.taxonomy(name) for name in dict.fromkeys(t for t, _ in self.terms)]

    def term(self, taxonomy: str, code: str) -> dict:
        info = self.terms[taxonomy, code]
        record = {"id": self.term_id(taxonomy, code), "code": code, "name": info.name,
                  "term": info.name, "description": info.description, "language": self.lang,
                  "taxonomy": taxonomy, "taxonomy_id": self.taxonomy_id(taxonomy),
                  "taxonomy_detail": self.taxonomy(taxonomy)}
        if info.uri:
            record["term_uri"] = info.uri
        return record

    def attribute(self, owner: str, entity: str, taxonomy: str, code: str,
                  value: str | None = None) -> dict:
        """An attribute linking the record `owner` (a UUID) of kind `entity` to a term."""
        record = {"id": child_uuid(owner, "attribute", f"{taxonomy}/{code}"), "link_id": owner,
                  "link_entity": entity, "link_type": taxonomy,
                  "taxonomy_term_id": self.term_id(taxonomy, code),
                  "taxonomy_term": self.term(taxonomy, code)}
        if value is not None:
            record["value"] = value
        return record
