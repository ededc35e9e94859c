"""The search index shipped with the site, as classic scripts that work from `file://`.

Browsers refuse `fetch` and ES modules for pages opened from disk, so every file here is a plain
script calling `CCSearch.loaded(name, data)`; `search.js` adds `<script>` tags for the files a
query needs. Per language, in `search/<lang>/`:

    meta.js        document count, facets with labels, synonyms, stopwords, shard names
    t-<key>.js     a shard: every surface form starting with the same two letters, its stem, and
                   the postings of those stems (document number, weight)
    d-<n>.js       display data for a block of documents (name, summary, link, ...)
    f.js           facet values of every document, for filtering and counts

Only what a query touches is loaded: for one word, meta, one shard and one document block.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..catalogue import Catalogue
from .analysis import STOPWORDS, analyse, has_stemmer
from .documents import FACETS, FIELD_WEIGHTS, SearchDocument, documents, facet_values

SHARD_PREFIX = 2
DOC_BLOCK = 100
TF_CAP = 3


def shard_key(surface: str) -> str:
    """File-name-safe key of a word's first letters (any script)."""
    return "-".join(f"{ord(c):x}" for c in surface[:SHARD_PREFIX])


def _script(name: str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f'CCSearch.loaded({json.dumps(name)},{payload});\n'


@dataclass
class BrowserIndex:
    lang: str
    files: dict[str, str]  # file name → content

    def size(self) -> int:
        return sum(len(text.encode("utf-8")) for text in self.files.values())


def weights(doc: SearchDocument, lang: str, forms: dict[str, str]) -> Counter[str]:
    """Stem → weight in this document: field weight × occurrences (capped), summed over fields."""
    total: Counter[str] = Counter()
    for field, text in doc.fields.items():
        counts = Counter()
        for surface, stem in analyse(text, lang):
            forms.setdefault(surface, stem)
            counts[stem] += 1
        for stem, count in counts.items():
            total[stem] += FIELD_WEIGHTS[field] * min(count, TF_CAP)
    return total


def synonym_map(groups: list[list[str]], lang: str) -> dict[str, list[str]]:
    """Each word of a group → the other words of its group (folded like the index)."""
    mapping: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        folded = [[surface for surface, _ in analyse(phrase, lang, keep_stopwords=True)]
                  for phrase in group]
        for index, phrase in enumerate(folded):
            others = {w for j, other in enumerate(folded) if j != index for w in other}
            for word in phrase:
                mapping[word] |= others - {word}
    return {word: sorted(others) for word, others in sorted(mapping.items()) if others}


def build_browser_index(catalogue: Catalogue, lang: str) -> BrowserIndex:
    docs = documents(catalogue, lang)
    forms: dict[str, str] = {}
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(docs):
        for stem, weight in sorted(weights(doc, lang, forms).items()):
            postings[stem].append((number, weight))

    shards: dict[str, dict] = defaultdict(lambda: {"forms": {}, "postings": {}})
    for surface, stem in sorted(forms.items()):
        shard = shards[shard_key(surface)]
        shard["forms"][surface] = stem
        if stem not in shard["postings"]:
            flat: list[int] = []
            previous = 0
            for number, weight in postings[stem]:
                flat += [number - previous, weight]  # document numbers as gaps: smaller files
                previous = number
            shard["postings"][stem] = flat

    files = {f"t-{key}.js": _script(f"t-{key}", shard) for key, shard in sorted(shards.items())}
    for start in range(0, len(docs), DOC_BLOCK):
        block = [[d.id, d.name, d.summary, d.organization, d.href, d.cost, d.areas]
                 for d in docs[start:start + DOC_BLOCK]]
        files[f"d-{start // DOC_BLOCK}.js"] = _script(f"d-{start // DOC_BLOCK}", block)
    facet_index: dict[str, dict[str, list[int]]] = {key: defaultdict(list) for key, _ in FACETS}
    for number, doc in enumerate(docs):
        for key, _ in FACETS:
            for value in doc.facets.get(key, []):
                facet_index[key][value].append(number)
    files["f.js"] = _script("f", {key: dict(sorted(values.items()))
                                  for key, values in facet_index.items()})

    facets = [{"key": f.key, "title": f.title,
               "values": [{"id": v.id, "label": v.label, "count": v.count} for v in f.values]}
              for f in facet_values(catalogue, lang, docs)]
    synonyms = synonym_map(catalogue.synonyms.get(lang, []), lang)
    meta = {
        "lang": lang, "count": len(docs), "block": DOC_BLOCK, "prefix": SHARD_PREFIX,
        "shards": sorted(shards), "facets": facets, "synonyms": synonyms,
        "stopwords": sorted(STOPWORDS.get(lang, ())), "stemmed": has_stemmer(lang),
        "idf": {"n": len(docs), "base": round(math.log(1 + len(docs)), 4)},
    }
    files["meta.js"] = _script("meta", meta)
    return BrowserIndex(lang, files)
