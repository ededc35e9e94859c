"""Server-side and command-line search with Whoosh, using the same analysis as the browser index.

We use `whoosh3`, a maintained fork of Whoosh that imports as `whoosh` (see docs/search.md for
why). Each language has its own index, built from the same `SearchDocument`s as the browser
index and kept out of the published site, in a cache folder keyed by the content it was built
from, so it is rebuilt only when the catalogue changes.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index, query
from whoosh.analysis import Token, Tokenizer

from ..catalogue import Catalogue
from .analysis import analyse, lower, stem
from .browser_index import synonym_map
from .documents import FACETS, FIELD_WEIGHTS, documents

INDEX_VERSION = "1"
DISPLAY = ("name", "summary", "organization", "href", "cost", "areas", "order")
QUALITY = {"exact": 1.0, "synonym": 0.9, "prefix": 0.7, "typo": 0.6}


class StemTokenizer(Tokenizer):
    """Yields the stems our analysis gives, so Whoosh indexes exactly what the browser index
    holds (and a query word is stemmed the same way before it is looked up)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StemTokenizer) and other.lang == self.lang

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, (_surface, word_stem) in enumerate(analyse(value, self.lang)):
            token.text = word_stem
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            yield token


def schema(lang: str) -> fields.Schema:
    analyzer = StemTokenizer(lang)
    text_fields = {name: fields.TEXT(analyzer=analyzer, field_boost=float(weight), stored=False)
                   for name, weight in FIELD_WEIGHTS.items()}
    facet_fields = {f"facet_{key}": fields.KEYWORD(commas=True, lowercase=False)
                    for key, _ in FACETS}
    stored = {f"show_{name}": fields.STORED() for name in DISPLAY}
    return fields.Schema(id=fields.ID(stored=True, unique=True), **text_fields, **facet_fields,
                         **stored)


def content_key(catalogue: Catalogue, lang: str) -> str:
    """Changes whenever anything searchable in this language changes."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for doc in documents(catalogue, lang):
        digest.update(repr((doc.id, sorted(doc.fields.items()), sorted(doc.facets.items()),
                            doc.name, doc.summary, doc.href, doc.cost, doc.areas)).encode())
    digest.update(repr(catalogue.synonyms.get(lang, [])).encode())
    return digest.hexdigest()[:16]


def build_whoosh_index(catalogue: Catalogue, lang: str, folder: Path) -> Path:
    """Write the index for `lang` under `folder`; reuse it when the content has not changed."""
    target = folder / lang / content_key(catalogue, lang)
    if index.exists_in(str(target)):
        return target
    if (folder / lang).exists():
        shutil.rmtree(folder / lang)
    target.mkdir(parents=True)
    ix = index.create_in(str(target), schema(lang))
    writer = ix.writer()
    for order, doc in enumerate(documents(catalogue, lang)):
        writer.add_document(
            id=doc.id, show_name=doc.name, show_summary=doc.summary,
            show_organization=doc.organization, show_href=doc.href, show_cost=doc.cost,
            show_areas=doc.areas, show_order=order, **doc.fields,
            **{f"facet_{key}": ",".join(values) for key, values in doc.facets.items()})
    writer.commit()
    return target


@dataclass(frozen=True)
class Hit:
    id: str
    name: str
    summary: str
    organization: str
    href: str
    cost: str
    areas: str
    score: float


class WhooshSearch:
    """Ranked search over one language's Whoosh index."""

    def __init__(self, catalogue: Catalogue, lang: str, cache: Path):
        self.lang = lang
        self.index = index.open_dir(str(build_whoosh_index(catalogue, lang, cache)))
        self.synonyms = synonym_map(catalogue.synonyms.get(lang, []), lang)
        self.count = len(catalogue.services)

    def _word_query(self, surface: str, original: str) -> query.Query:
        """Every way one query word can match, across every field, weighted by quality."""
        alternatives: list[query.Query] = []
        word_stem = stem(original, self.lang)
        length = len(surface)
        for field in FIELD_WEIGHTS:
            alternatives.append(query.Term(field, word_stem, boost=QUALITY["exact"]))
            for synonym in self.synonyms.get(surface, []):
                alternatives.append(query.Term(field, stem(synonym, self.lang),
                                               boost=QUALITY["synonym"]))
            if length >= 2:
                alternatives.append(query.Prefix(field, surface, boost=QUALITY["prefix"]))
            if length >= 5:
                distance = 2 if length >= 8 else 1
                alternatives.append(query.FuzzyTerm(field, word_stem, maxdist=distance,
                                                    prefixlength=1, boost=QUALITY["typo"]))
        return query.Or(alternatives)

    def build_query(self, text: str) -> query.Query | None:
        seen: list[str] = []
        parts = []
        for surface, _ in analyse(text, self.lang):
            if surface in seen:
                continue
            seen.append(surface)
            parts.append(self._word_query(surface, lower(surface)))
        if not parts:
            return None
        # Documents matching more of the query's words score higher (coordination).
        return query.Or(parts, scale=0.9) if len(parts) > 1 else parts[0]

    def search(self, text: str, filters: dict[str, list[str]] | None = None,
               limit: int | None = 20) -> tuple[int, list[Hit]]:
        """(total matches, ranked hits). An empty query lists services A–Z, filtered."""
        filters = {k: v for k, v in (filters or {}).items() if v}
        conditions = [query.Or([query.Term(f"facet_{key}", value) for value in values])
                      for key, values in sorted(filters.items())]
        restrict = query.And(conditions) if conditions else None
        q = self.build_query(text)
        with self.index.searcher() as searcher:
            if q is None:  # browsing: every service (or those filtered), in A–Z order
                results = searcher.search(restrict or query.Every(), limit=None)
                ranked = sorted(results, key=lambda h: h["show_order"])
            else:
                results = searcher.search(q, filter=restrict, limit=None)
                ranked = sorted(results, key=lambda h: (-round(h.score, 6), h["show_order"]))
            chosen = ranked if limit is None else ranked[:limit]
            return len(ranked), [self._hit(h, h.score if q is not None else 0.0) for h in chosen]

    @staticmethod
    def _hit(hit, score: float) -> Hit:
        return Hit(hit["id"], hit["show_name"], hit["show_summary"], hit["show_organization"],
                   hit["show_href"], hit["show_cost"], hit["show_areas"], round(float(score), 4))

