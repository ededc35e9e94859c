"""The search index shipped with the site, as classic scripts that work from `file://`.

Browsers refuse `fetch` and ES modules for pages opened from disk, so every file here is a plain
script calling `CCSearch.loaded(name, data)`; `search.js` adds `<script>` tags for the files a
query needs. Per language, in `search/<lang>/`:

    meta.js        document count, facets with labels, synonyms, stopwords, match weights
    v-<key>.js     vocabulary: the surface forms starting with one letter and their stems, most
                   frequent first (small: synonyms, prefixes and typos resolve here); when
                   the whole vocabulary is under VOCABULARY_INLINE it is in meta.js instead
    p-<n>.js       postings of the stems whose hash falls in bucket n (document, weight), and
                   the display data of each stem's top document
    d-<n>.js       display data for a block of documents (name, summary, link, ...)
    f-<facet>.js   the documents having each value of one facet, for filtering and counts

A one-word query loads meta, the vocabulary file of its first letter (and of its synonyms'), the
postings buckets of the stems it matched and one display block for the first result. Numbers are
packed into strings (see `pack`) rather than JSON arrays: a third of the size, and quicker for the
browser to read.
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..catalogue import Catalogue
from .analysis import STOPWORDS, analyse, has_stemmer
from .documents import FACETS, FIELD_WEIGHTS, SearchDocument, facet_values, iter_documents
from .matching import PREFIX_MIN, PREFIX_STEMS, PREFIX_STEMS_PER_LETTER, QUALITY, Vocabulary

DOC_BLOCK = 25
TF_CAP = 3
BUCKET_BYTES = 12_000  # aim for postings files of about this size
VOCABULARY_INLINE = 40_000  # a vocabulary up to this size (characters) goes inside meta.js
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def pack(numbers: Iterable[int]) -> str:
    """Non-negative integers as base-32 digits, most significant first; a digit from the
    upper half of ALPHABET means "more digits follow". Small numbers take one character."""
    out = []
    for number in numbers:
        digits = [number & 31]
        number >>= 5
        while number:
            digits.append(32 | (number & 31))
            number >>= 5
        out.extend(ALPHABET[d] for d in reversed(digits))
    return "".join(out)


def unpack(text: str) -> list[int]:
    numbers, value = [], 0
    for char in text:
        digit = ALPHABET.index(char)
        value = value * 32 + (digit & 31)
        if digit < 32:
            numbers.append(value)
            value = 0
    return numbers


def gaps(numbers: Iterable[int]) -> list[int]:
    """Ascending numbers as differences from the previous one: smaller to store."""
    previous, out = 0, []
    for number in numbers:
        out.append(number - previous)
        previous = number
    return out


def stem_hash(stem: str) -> int:
    """FNV-1a over code points; `search.js` computes the same to find a stem's bucket."""
    value = 0x811C9DC5
    for char in stem:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


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
        counts: Counter[str] = Counter()
        for surface, stem in analyse(text, lang):
            forms.setdefault(surface, stem)
            counts[stem] += 1
        for stem, count in counts.items():
            total[stem] += FIELD_WEIGHTS[field] * min(count, TF_CAP)
    return total


def synonym_map(groups: list[list[str]], lang: str) -> dict[str, list[str]]:
    """Each one-word entry of a group → the words of the group's other entries (folded like the
    index). Words of a phrase are not keys: "carer's assessment" must not make "carers" mean
    "needs", nor "young people" make "young" mean "kids"."""
    mapping: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        folded = [[surface for surface, _ in analyse(phrase, lang) if len(surface) > 1]
                  for phrase in group]
        for index, phrase in enumerate(group):
            if len(phrase.split()) != 1 or not folded[index]:
                continue
            key = folded[index][0]  # the whole word ("alzheimers", not its parts)
            mapping[key] |= {w for j, other in enumerate(folded) if j != index for w in other}
            mapping[key].discard(key)
    return {word: sorted(others) for word, others in sorted(mapping.items()) if others}


@dataclass
class Analysed:
    """A language's documents analysed once, for the browser index."""

    docs: list[SearchDocument]  # without their text (`fields`): only display data and facets
    # stem → document number, weight, number, weight... (numbers ascending): a flat array of
    # machine integers, where a list of pairs took some hundred bytes a posting
    postings: dict[str, array[int]]
    vocabulary: Vocabulary


def analyse_documents(catalogue: Catalogue, lang: str) -> Analysed:
    """Each document is made, analysed, and its text let go before the next: a large catalogue's
    text (and its postings as Python objects) would otherwise be held all at once."""
    docs: list[SearchDocument] = []
    forms: dict[str, str] = {}
    postings: dict[str, array[int]] = {}
    for number, doc in enumerate(iter_documents(catalogue, lang)):
        for stem, weight in sorted(weights(doc, lang, forms).items()):
            rows = postings.get(stem)
            if rows is None:
                rows = postings[stem] = array("i")
            rows.append(number)
            rows.append(weight)
        docs.append(replace(doc, fields={}))
    frequency = Counter({stem: len(rows) // 2 for stem, rows in postings.items()})
    synonyms = synonym_map(catalogue.synonyms.get(lang, []), lang)
    return Analysed(docs, postings, Vocabulary.build(forms, frequency, synonyms))


def _vocabulary_row(surface: str, stem: str) -> list:
    """[surface, stem], or [surface, n] when the stem is the surface's first n letters."""
    return [surface, len(stem) if surface.startswith(stem) else stem]


def synonym_places(vocabulary: Vocabulary, buckets: int) -> dict[str, int]:
    """Stems of a word's synonyms go in that word's bucket, so "respite" loads one postings
    file rather than one per synonym (a stem in several groups stays with the first)."""
    placed: dict[str, int] = {}
    for word, synonyms in vocabulary.synonyms.items():  # A–Z
        stem = vocabulary.forms.get(word)
        if stem is None:
            continue
        home = placed.setdefault(stem, stem_hash(stem) % buckets)
        for synonym in synonyms:
            if synonym in vocabulary.forms:
                placed.setdefault(vocabulary.forms[synonym], home)
    return {stem: bucket for stem, bucket in sorted(placed.items())
            if bucket != stem_hash(stem) % buckets}


def top_document(rows: array[int]) -> int:
    """The document a stem weighs most in (the first of equals). For a one-word query it is the
    first result, so each postings bucket carries these documents' display data: the first
    result shows without waiting for a display block. `rows`: number, weight, number..."""
    return min(zip(rows[0::2], rows[1::2], strict=True), key=lambda row: (-row[1], row[0]))[0]


def display_row(doc: SearchDocument) -> list[str]:
    return [doc.id, doc.name, doc.summary, doc.organization, doc.href, doc.cost, doc.areas]


def bucket_count(postings: dict[str, str]) -> int:
    """A power of two giving postings files of about BUCKET_BYTES."""
    total = sum(len(stem) + len(packed) + 6 for stem, packed in postings.items())
    return 1 << max(0, math.ceil(math.log2(max(1, total / BUCKET_BYTES))))


def build_browser_index(catalogue: Catalogue, lang: str) -> BrowserIndex:
    analysed = analyse_documents(catalogue, lang)
    docs, vocabulary = analysed.docs, analysed.vocabulary
    files: dict[str, str] = {}
    shards = {key: [cell for surface, stem in rows for cell in _vocabulary_row(surface, stem)]
              for key, rows in sorted(vocabulary.by_initial.items())}
    inline = len(json.dumps(shards, ensure_ascii=False)) <= VOCABULARY_INLINE
    if not inline:
        for key, flat in shards.items():
            files[f"v-{key}.js"] = _script(f"v-{key}", flat)

    packed = {stem: pack(n for pair in zip(gaps(rows[0::2]), rows[1::2], strict=True)
                         for n in pair)
              for stem, rows in analysed.postings.items()}
    buckets_n = bucket_count(packed)
    placed = synonym_places(vocabulary, buckets_n)
    buckets: dict[int, dict[str, dict]] = defaultdict(lambda: {"p": {}, "d": {}})
    for stem in sorted(packed):
        bucket = buckets[placed.get(stem, stem_hash(stem) % buckets_n)]
        bucket["p"][stem] = packed[stem]
        top = top_document(analysed.postings[stem])
        bucket["d"][str(top)] = display_row(docs[top])
    for number, bucket in sorted(buckets.items()):
        files[f"p-{number}.js"] = _script(f"p-{number}", bucket)

    for start in range(0, len(docs), DOC_BLOCK):
        block = [display_row(d) for d in docs[start:start + DOC_BLOCK]]
        files[f"d-{start // DOC_BLOCK}.js"] = _script(f"d-{start // DOC_BLOCK}", block)
    for key, _ in FACETS:
        members: dict[str, list[int]] = defaultdict(list)
        for number, doc in enumerate(docs):
            for value in doc.facets.get(key, []):
                members[value].append(number)
        files[f"f-{key}.js"] = _script(f"f-{key}", {value: pack(gaps(numbers))
                                                    for value, numbers in members.items()})

    facets = [{"key": f.key, "title": f.title,
               "values": [{"id": v.id, "label": v.label, "count": v.count} for v in f.values]}
              for f in facet_values(catalogue, lang, docs)]
    meta = {
        "lang": lang, "count": len(docs), "block": DOC_BLOCK, "buckets": buckets_n,
        "vocabulary": [] if inline else sorted(shards), "forms": shards if inline else {},
        "facets": facets,
        "facetKeys": [key for key, _ in FACETS], "synonyms": vocabulary.synonyms,
        "stopwords": sorted(STOPWORDS.get(lang, ())), "stemmed": has_stemmer(lang),
        "quality": QUALITY, "prefixMin": PREFIX_MIN, "prefixStems": PREFIX_STEMS,
        "prefixPerLetter": PREFIX_STEMS_PER_LETTER, "place": placed,
        "alphabet": ALPHABET,
    }
    files["meta.js"] = _script("meta", meta)
    return BrowserIndex(lang, files)

