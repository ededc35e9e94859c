"""Stable UUIDs for Open Referral records, derived from our identifiers.

HSDS and ORUK require every `id` to be a UUID. Ours are readable slugs, so each UUID is a UUIDv5
of the slug in a namespace of its own per catalogue (a UUIDv5 of the site's `base_url`): the same
catalogue always exports the same ids, two catalogues never clash, and an importer can compute the
UUID a slug had. Records without an id of their own (a phone, a schedule) get a UUIDv5 of their
position inside their parent's UUID.
"""

from __future__ import annotations

import unicodedata
import uuid


def catalogue_namespace(base_url: str) -> uuid.UUID:
    """The namespace of one catalogue: a UUIDv5 (URL namespace) of its `base_url`."""
    return uuid.uuid5(uuid.NAMESPACE_URL, base_url)


def _name(kind: str, *parts: str) -> str:
    return "/".join((kind, *parts))


def service_uuid(base_url: str, service_id: str) -> str:
    """The UUID of the service whose file is `services/<service_id>.yaml`."""
    return str(uuid.uuid5(catalogue_namespace(base_url), _name("service", service_id)))


def organization_key(name: str) -> str:
    """Organisations are free text in our entries: the same name, in any case or spacing, is the
    same organisation."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def organization_uuid(base_url: str, name: str) -> str:
    return str(uuid.uuid5(catalogue_namespace(base_url), _name("organization", organization_key(name))))


def taxonomy_uuid(base_url: str, taxonomy: str) -> str:
    """The UUID of one of our taxonomies ("categories", "audiences", ...)."""
    return str(uuid.uuid5(catalogue_namespace(base_url), _name("taxonomy", taxonomy)))


def taxonomy_term_uuid(base_url: str, taxonomy: str, term_id: str) -> str:
    """The UUID of a term of a taxonomy: `taxonomy_term_uuid(url, "categories", "respite")`."""
    return str(uuid.uuid5(catalogue_namespace(base_url), _name("taxonomy", taxonomy, term_id)))


def child_uuid(parent: str, kind: str, index: int | str = 0) -> str:
    """The UUID of a record that only exists inside another (a service's second phone is
    `child_uuid(service, "phone", 1)`)."""
    return str(uuid.uuid5(uuid.UUID(parent), _name(kind, str(index))))
