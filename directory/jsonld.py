"""schema.org JSON-LD for service pages, so search engines can show a service's hours and contacts.

Built here as data and printed by base.html as it is: a `<script type="application/ld+json">` data
block, which browsers never run, so the Content Security Policy needs no exception for it. Text
from content goes inside a script element, where HTML escaping does not apply: `<`, `>` and `&`
are written as JSON `\\u` escapes, so a name containing `</script>` cannot end the element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .catalogue import ServiceEntry
from .localize import Localizer
from .model import CostType, phone_href

SCHEMA_DAY = "https://schema.org/{}"
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: Any) -> Markup:
    """JSON that can sit inside `<script>` unchanged: same bytes for the same data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))


def service_data(entry: ServiceEntry, loc: Localizer, url: str, area_names: list[str]) -> dict:
    """`GovernmentService` when the council commissions it, else `Service`, in the page's language."""
    service = entry.service

    def text(path: tuple, value: str) -> str:
        return str(loc.service(entry, path, value))

    channels: list[dict[str, Any]] = []
    for index, phone in enumerate(service.contact.phones):
        point: dict[str, Any] = {"@type": "ContactPoint",
                                 "telephone": phone_href(phone.number).removeprefix("tel:")}
        if phone.label:
            point["name"] = text(("contact", "phones", index, "label"), phone.label)
        channels.append({"@type": "ServiceChannel", "servicePhone": point})
    if service.contact.email:
        channels.append({"@type": "ServiceChannel", "serviceUrl": f"mailto:{service.contact.email}"})
    if service.contact.website:
        channels.append({"@type": "ServiceChannel", "serviceUrl": service.contact.website})
    for location in service.locations:
        place: dict[str, Any] = {"@type": "Place", "address": {
            "@type": "PostalAddress", "streetAddress": ", ".join(location.address),
            "postalCode": location.postcode, "addressCountry": "GB"}}
        channels.append({"@type": "ServiceChannel", "serviceLocation": place})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if service.commissioned else "Service",
        "@id": url,
        "url": url,
        "name": text(("name",), service.name),
        "description": text(("summary",), service.summary),
        "inLanguage": loc.lang,
        "provider": {"@type": "Organization",
                     "name": text(("organization",), service.organization)},
        "areaServed": [{"@type": "AdministrativeArea", "name": name} for name in area_names],
        "isAccessibleForFree": service.cost.type is CostType.FREE,
    }
    if channels:
        data["availableChannel"] = channels
    if service.opening_hours:
        data["hoursAvailable"] = [
            {"@type": "OpeningHoursSpecification",
             "dayOfWeek": [SCHEMA_DAY.format(day.value.capitalize()) for day in row.days],
             "opens": row.opens_at, "closes": row.closes_at}
            for row in service.opening_hours]
    return data
