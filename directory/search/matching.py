"""How a query word finds the stems it can mean: one set of rules for both engines.

The browser (`templates/static/search.js`) and Whoosh (`whoosh_index.py`) resolve query words
against the same vocabulary (every surface form of the catalogue's text with its stem, built
here) by the same rules, so they match the same services and give the same hit counts:

- exact: the folded word is a surface form of the corpus (quality 1);
- synonym: a word of the editors' synonym group is a surface form (0.9);
- prefix: surface forms starting with the word, two letters or more (0.7), at most
  `prefix_limit` stems (8 for two letters, up to 24), the most frequent first (typing "re"
  should not load the whole index);
- typo: only when the word is not a surface form, forms with the same first letter within
  one edit (five letters or more) or two (eight or more), counting a swap of neighbouring
  letters as one edit (0.6).

A stem found several ways keeps its best quality. `search.js` mirrors `candidates` line by line;
the weights reach it through `meta.js`, so they are defined only here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .analysis import analyse

QUALITY = {"exact": 1.0, "synonym": 0.9, "prefix": 0.7, "typo": 0.6}
PREFIX_MIN = 2
PREFIX_STEMS = 24
PREFIX_STEMS_PER_LETTER = 4


def prefix_limit(length: int) -> int:
    """Stems a prefix may expand to: few for two letters (each needs its postings loaded while
    the carer is still typing), more as the word grows."""
    return min(PREFIX_STEMS, PREFIX_STEMS_PER_LETTER * length)


def typo_limit(length: int) -> int:
    """Edits tolerated in a word of `length` letters."""
    return 2 if length >= 8 else 1 if length >= 5 else 0


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap counts once), `limit + 1` once it exceeds it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i]
        best = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            row.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[len(b)]


def initial_key(word: str) -> str:
    """File-name-safe key of a word's first letter (any script): vocabulary shards."""
    return f"{ord(word[0]):x}"


def query_words(text: str, lang: str) -> list[str]:
    """The folded words of a query, without stopwords and repeats, as the browser splits them."""
    out: list[str] = []
    for surface, _ in analyse(text, lang):
        if surface not in out:
            out.append(surface)
    return out


@dataclass
class Vocabulary:
    """Surface forms → stems, grouped by first letter, most frequent stems first."""

    forms: dict[str, str]  # surface → stem, in vocabulary order
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    by_initial: dict[str, list[tuple[str, str]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for surface, stem in self.forms.items():
            self.by_initial.setdefault(initial_key(surface), []).append((surface, stem))

    @classmethod
    def build(cls, forms: dict[str, str], frequency: Counter[str],
              synonyms: dict[str, list[str]]) -> Vocabulary:
        """Order forms by how many documents hold their stem (then A–Z): the prefix cap keeps
        the most useful completions, in both engines alike."""
        ordered = sorted(forms.items(), key=lambda item: (-frequency[item[1]], item[0]))
        return cls(dict(ordered), synonyms)

    def candidates(self, word: str) -> dict[str, float]:
        """Stems `word` can mean, each with its best match quality."""
        found: dict[str, float] = {}

        def add(stem: str, quality: float) -> None:
            if found.get(stem, -1.0) < quality:
                found[stem] = quality

        exact = self.forms.get(word)
        if exact is not None:
            add(exact, QUALITY["exact"])
        for synonym in self.synonyms.get(word, []):
            if synonym in self.forms:
                add(self.forms[synonym], QUALITY["synonym"])
        length = len(word)
        limit = typo_limit(length) if exact is None else 0
        most = prefix_limit(length)
        prefixes: set[str] = set()
        for form, stem in self.by_initial.get(initial_key(word), []) if word else []:
            if form == word:
                continue
            if length >= PREFIX_MIN and form.startswith(word):
                if stem in prefixes or len(prefixes) < most:
                    prefixes.add(stem)
                    add(stem, QUALITY["prefix"])
            elif limit and distance(word, form, limit) <= limit:
                add(stem, QUALITY["typo"])
        return found

    def to_json(self) -> dict:
        return {"forms": list(self.forms.items()), "synonyms": self.synonyms}

    @classmethod
    def from_json(cls, data: dict) -> Vocabulary:
        return cls(dict((surface, stem) for surface, stem in data["forms"]), data["synonyms"])

