"""Matching Open Referral taxonomy terms, service areas and languages to the catalogue's ids.

A term matches by the catalogue's id, by its label (ignoring case), or through an editor's
mapping file, which wins over both:

```yaml
terms:            # ORUK taxonomy term id, code or name -> a category, audience, stage or condition id
  Carers support: peer-support
areas:            # ORUK service area name -> an area id from site.yaml
  MyCity: northmoor
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ProblemList
from ..source import SourceError, load_yaml
from .import_write import FACETS, Target


@dataclass
class Mapping:
    terms: dict[str, str] = field(default_factory=dict)  # casefolded ORUK text -> our id
    areas: dict[str, str] = field(default_factory=dict)


def load_mapping(path: Path, target: Target, problems: ProblemList) -> Mapping:
    """The mapping file, each target id checked against the catalogue (errors with positions)."""
    mapping = Mapping()
    try:
        doc = load_yaml(path)
    except SourceError as error:
        problems.error(error.path, error.position.line, error.position.column, error.message)
        return mapping
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problems.error(path, 1, 1, "expected 'terms:' and 'areas:' mappings")
        return mapping
    known = {"terms": {t.id for facet in FACETS for t in getattr(target.taxonomy, facet)},
             "areas": {area.id for area in target.site.areas}}
    for key, value in data.items():
        if key not in known:
            position = doc.key_position((key,))
            problems.error(path, position.line, position.column,
                           f"unknown section {key!r}: expected 'terms' or 'areas'")
            continue
        if not isinstance(value, dict):
            position = doc.position((key,))
            problems.error(path, position.line, position.column,
                           f"'{key}' must map names to ids (name: id lines)")
            continue
        for name, our_id in value.items():
            position = doc.position((key, name))
            if not isinstance(our_id, str) or our_id not in known[key]:
                where = "taxonomy.yaml" if key == "terms" else "site.yaml areas"
                problems.error(path, position.line, position.column,
                               f"{our_id!r} is not an id in {where}")
                continue
            getattr(mapping, key)[str(name).strip().casefold()] = our_id
    return mapping


def match_term(candidates: list[str], mapping: Mapping, target: Target) -> tuple[str, str] | None:
    """(facet, id) for the first candidate (term id, code, name) the catalogue knows."""
    ids: dict[str, str] = {}
    labels: dict[str, tuple[str, str]] = {}
    for facet in reversed(FACETS):  # categories win when a term is in several facets
        for term in getattr(target.taxonomy, facet):
            ids[term.id] = facet
            labels[term.label.casefold()] = (facet, term.id)
    keys = [text.strip().casefold() for text in candidates]
    for key in keys:
        if key in mapping.terms:
            return ids[mapping.terms[key]], mapping.terms[key]
    for key in keys:
        if key in ids:
            return ids[key], key
        if key in labels:
            return labels[key]
    return None


def match_area(candidates: list[str], mapping: Mapping, target: Target) -> str | None:
    names = {area.name.casefold(): area.id for area in target.site.areas}
    ids = {area.id for area in target.site.areas}
    for text in candidates:
        key = text.strip().casefold()
        if key in mapping.areas:
            return mapping.areas[key]
    for text in candidates:
        key = text.strip().casefold()
        if key in ids:
            return key
        if key in names:
            return names[key]
    return None


def match_language(candidates: list[str], target: Target) -> str | None:
    by_label = {language.label.casefold(): language.id for language in target.taxonomy.languages}
    ids = {language.id for language in target.taxonomy.languages}
    for text in candidates:
        key = text.strip().casefold()
        if key in ids:
            return key
        if key in by_label:
            return by_label[key]
    return None
