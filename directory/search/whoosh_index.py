"""Server-side and command-line search with Whoosh, using the same analysis as the browser index.

We use `whoosh3`, a maintained fork of Whoosh that imports as `whoosh` (see docs/search.md for
why). Each language has its own index, built from the same `SearchDocument`s as the browser
index and kept out of the published site, in a cache folder keyed by the content it was built
from, so it is rebuilt only when the catalogue changes.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index, query
from whoosh.analysis import SpaceSeparatedTokenizer

from ..catalogue import Catalogue
from .analysis import analyse
from .browser_index import TF_CAP, synonym_map
from .documents import FACETS, FIELD_WEIGHTS, SearchDocument, documents
from .matching import Vocabulary, query_words

INDEX_VERSION = "5"
DISPLAY = ("name", "summary", "organization", "href", "cost", "areas", "order")
VOCABULARY = "vocabulary.json"
# Whoosh's own estimate of the postings it holds before sorting them out to a temporary file:
# a low estimate (Python objects take more), so the real memory is about half as much again. A
# large catalogue's postings then go through a few temporary files rather than all stay in memory.
WRITER_MB = 64


def schema() -> fields.Schema:
    """Text fields hold the stems our analysis gave, separated by spaces (see
    `build_whoosh_index`): Whoosh indexes exactly what the browser index holds, and the text is
    analysed once for both the vocabulary and the index."""
    text_fields = {name: fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False, stored=False)
                   for name in FIELD_WEIGHTS}
    facet_fields = {f"facet_{key}": fields.KEYWORD(commas=True, lowercase=False)
                    for key, _ in FACETS}
    stored = {f"show_{name}": fields.STORED() for name in DISPLAY}
    return fields.Schema(id=fields.ID(stored=True, unique=True), **text_fields, **facet_fields,
                         **stored)


def content_key(catalogue: Catalogue, lang: str, docs: list[SearchDocument]) -> str:
    """Changes whenever anything searchable in this language changes."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for doc in docs:
        digest.update(repr((doc.id, sorted(doc.fields.items()), sorted(doc.facets.items()),
                            doc.name, doc.summary, doc.href, doc.cost, doc.areas)).encode())
    digest.update(repr(catalogue.synonyms.get(lang, [])).encode())
    return digest.hexdigest()[:16]


def build_whoosh_index(catalogue: Catalogue, lang: str, folder: Path) -> Path:
    """Write the index for `lang` under `folder`; reuse it when the content has not changed."""
    docs = documents(catalogue, lang)
    target = folder / lang / content_key(catalogue, lang, docs)
    if index.exists_in(str(target)):
        return target
    if (folder / lang).exists():
        shutil.rmtree(folder / lang)
    target.mkdir(parents=True)
    ix = index.create_in(str(target), schema())
    writer = ix.writer(limitmb=WRITER_MB)
    forms: dict[str, str] = {}
    frequency: Counter[str] = Counter()
    for order, doc in enumerate(docs):
        stems: dict[str, str] = {}
        for field, text in doc.fields.items():
            pairs = list(analyse(text, lang))
            for surface, stem in pairs:
                forms.setdefault(surface, stem)
            stems[field] = " ".join(stem for _, stem in pairs)
        frequency.update({stem for text in stems.values() for stem in text.split()})
        writer.add_document(
            id=doc.id, show_name=doc.name, show_summary=doc.summary,
            show_organization=doc.organization, show_href=doc.href, show_cost=doc.cost,
            show_areas=doc.areas, show_order=order, **stems,
            **{f"facet_{key}": ",".join(values) for key, values in doc.facets.items()})
    # The same vocabulary as the browser index: query words resolve to stems by the same rules.
    vocabulary = Vocabulary.build(forms, frequency,
                                  synonym_map(catalogue.synonyms.get(lang, []), lang))
    (target / VOCABULARY).write_text(json.dumps(vocabulary.to_json(), ensure_ascii=False),
                                     encoding="utf-8")
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
        folder = build_whoosh_index(catalogue, lang, cache)
        self.index = index.open_dir(str(folder))
        self.vocabulary = Vocabulary.from_json(
            json.loads((folder / VOCABULARY).read_text(encoding="utf-8")))
        self.count = len(catalogue.services)

    def candidates(self, text: str) -> list[dict[str, float]]:
        """Per query word, the stems it can mean with their quality (see matching.py)."""
        return [self.vocabulary.candidates(word) for word in query_words(text, self.lang)]

    def scores(self, searcher, text: str) -> dict[int, float] | None:
        """Document number → score, ranked exactly as `search.js` ranks the browser index:
        per query word, the best of its stems (Σ field weight × occurrences capped at TF_CAP,
        × match quality × idf); summed over words, × (share of the words matched)². None for a
        query without words (browsing)."""
        words = self.candidates(text)
        if not words:
            return None
        n = searcher.doc_count_all()
        totals: dict[int, float] = {}
        matched: dict[int, int] = {}
        for stems in words:
            best: dict[int, float] = {}
            for stem, quality in stems.items():
                weight: dict[int, int] = {}
                for field, field_weight in FIELD_WEIGHTS.items():
                    if (field, stem) not in searcher.reader():
                        continue
                    for doc, occurrences in searcher.postings(field, stem).items_as("weight"):
                        weight[doc] = weight.get(doc, 0) + field_weight * min(int(occurrences), TF_CAP)
                idf = math.log(1 + n / max(len(weight), 1))
                for doc, value in weight.items():
                    score = value * quality * idf
                    if best.get(doc, -1.0) < score:
                        best[doc] = score
            for doc, score in best.items():
                totals[doc] = totals.get(doc, 0.0) + score
                matched[doc] = matched.get(doc, 0) + 1
        out = {}
        for doc, total in totals.items():
            share = matched[doc] / len(words)
            # In millionths, so the last bits of floating point (Math.log and math.log may
            # differ there) cannot order equal scores differently in the two engines.
            out[doc] = math.floor(total * share * share * 1e6 + 0.5) / 1e6
        return out

    def search(self, text: str, filters: dict[str, list[str]] | None = None,
               limit: int | None = 20) -> tuple[int, list[Hit]]:
        """(total matches, ranked hits). An empty query lists services A–Z, filtered."""
        filters = {k: v for k, v in (filters or {}).items() if v}
        conditions = [query.Or([query.Term(f"facet_{key}", value) for value in values])
                      for key, values in sorted(filters.items())]
        with self.index.searcher() as searcher:
            allowed = set(searcher.docs_for_query(query.And(conditions))) if conditions else None
            scores = self.scores(searcher, text)
            if scores is None:  # browsing: every service (or those filtered), in A–Z order
                ranked = sorted(allowed) if allowed is not None else list(range(searcher.doc_count_all()))
                scores = {}
            else:
                if allowed is not None:
                    scores = {doc: score for doc, score in scores.items() if doc in allowed}
                ranked = sorted(scores, key=lambda doc: (-scores[doc], doc))
            chosen = ranked if limit is None else ranked[:limit]
            return len(ranked), [self._hit(searcher.stored_fields(doc), scores.get(doc, 0.0))
                                 for doc in chosen]

    @staticmethod
    def _hit(hit, score: float) -> Hit:
        return Hit(hit["id"], hit["show_name"], hit["show_summary"], hit["show_organization"],
                   hit["show_href"], hit["show_cost"], hit["show_areas"], round(float(score), 4))
