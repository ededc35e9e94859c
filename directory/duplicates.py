"""Likely duplicate services: the same entry added twice, often by two editors months apart.

Signals, strongest first: the same phone number, email or website (compared after normalising
how people write them), and very similar names. An organisation often gives several of its
services one switchboard, email or website, so a contact shared *within one organisation* counts
only when the names are alike too. Names alone count only for services in a common area (the
same kind of group in two boroughs is not a duplicate).

Near-linear in the number of services: contacts are grouped by normalised key, and names are
compared only with names sharing one of their rarest words (prefix filtering), never all pairs.
Names are folded and stemmed by the search analyser, so "Carers' café" matches "carer's cafe".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import combinations
from urllib.parse import urlsplit

from .catalogue import Catalogue, ServiceEntry
from .problems import Problem, ProblemList, Severity
from .search.analysis import analyse
from .source import Key

# Thresholds, tried on the example catalogue (56 services: the closest different names share
# 0.6 of their words, "Ashworth Vale Carers' Hub" and "Carer's assessment in Ashworth Vale") and
# on crafted duplicates (typos, reordered words, "carers'" for "carer's", a word added).
NAME_WORDS = 0.75  # share of distinct words in common (Jaccard on stems, typos forgiven)
TYPO_RATIO = 0.85  # difflib ratio at which two words of ...
TYPO_MIN_LENGTH = 5  # ... at least this many letters are taken as one word mistyped
# With a shared contact inside one organisation, names need only be this alike.
RELATED_WORDS = 0.5
# A contact shared by more services than this is a switchboard or a main website, not a sign
# of duplication (and comparing all its pairs would be quadratic).
MAX_SHARED = 12
# Words of a name used to find candidates: enough for NAME_WORDS to be exact (prefix filtering).
MIN_PREFIX = 2
MAX_BLOCK = 100

LABELS = ("phone number", "email", "website", "similar name")  # strongest first
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
_APOSTROPHES = re.compile("['’`]")


@dataclass(frozen=True)
class DuplicatePair:
    first: ServiceEntry
    second: ServiceEntry
    reasons: tuple[tuple[str, Key, Key], ...]  # (one of LABELS, key in first, key in second)

    @property
    def labels(self) -> list[str]:
        return [label for label, _, _ in self.reasons]


# --- normalising contacts --------------------------------------------------------------------

def phone_key(number: str) -> str | None:
    """Digits as dialled from the UK: "+44 (0)20 7946 0123" and "020 7946 0123" are equal.
    Short numbers (111, 999) are shared by design and never compared."""
    digits = _PHONE_SEPARATORS.sub("", number)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    return digits if len(digits) >= 10 else None


def email_key(email: str) -> str:
    return email.strip().casefold()


def website_key(url: str) -> str:
    """Host and path, ignoring scheme, "www.", the host's case, default ports and a final slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").casefold().removeprefix("www.")
    try:
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:  # "example.org:abc" passes as a web address; its port is not a number
        port = None
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{f':{port}' if port else ''}{path}{query}"


def _contact_keys(entry: ServiceEntry) -> Iterable[tuple[str, str, Key]]:
    contact = entry.service.contact
    for index, phone in enumerate(contact.phones):
        key = phone_key(phone.number)
        if key:
            yield "phone number", key, ("contact", "phones", index, "number")
    if contact.email:
        yield "email", email_key(contact.email), ("contact", "email")
    if contact.website:
        yield "website", website_key(contact.website), ("contact", "website")


# --- comparing names -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Name:
    words: frozenset[str]  # folded stems, without stopwords
    surfaces: tuple[tuple[str, str], ...]  # (stem, folded word as written), one per stem


def _analyse_name(name: str, lang: str) -> _Name:
    name = _APOSTROPHES.sub("", name).replace("-", " ")  # "carer's", "carers'" and "carers" alike
    surfaces: dict[str, str] = {}
    for surface, stem in analyse(name, lang):
        surfaces.setdefault(stem, surface)
    return _Name(frozenset(surfaces), tuple(sorted(surfaces.items())))


@lru_cache(maxsize=1 << 16)
def _mistyped(a: str, b: str) -> bool:
    """The same long word mistyped ("assesment"); short words must match exactly.
    Cached: names reuse few words, so most pairs of words are compared once per run."""
    shorter, longer = sorted((len(a), len(b)))
    if shorter < TYPO_MIN_LENGTH or 2 * shorter < TYPO_RATIO * (shorter + longer):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (matcher.real_quick_ratio() >= TYPO_RATIO and matcher.quick_ratio() >= TYPO_RATIO
            and matcher.ratio() >= TYPO_RATIO)


def _similarity(a: _Name, b: _Name, needed: float = 0.0) -> float:
    """Share of distinct words in common (Jaccard), a mistyped word counting as the same.
    Gives up (0.0) as soon as the share cannot reach `needed`: most candidates stop early."""
    common = a.words & b.words
    size = len(a.words) + len(b.words)
    at_least = math.ceil(needed * size / (1 + needed) - 1e-9)  # words that must match
    matched = len(common)
    rest = [surface for stem, surface in a.surfaces if stem not in common]
    unmatched = [surface for stem, surface in b.surfaces if stem not in common]
    for checked, surface in enumerate(rest):
        if matched + min(len(rest) - checked, len(unmatched)) < at_least:
            return 0.0
        match = next((i for i, other in enumerate(unmatched) if _mistyped(surface, other)), None)
        if match is not None:
            matched += 1
            del unmatched[match]
    return matched / (size - matched) if size > matched else 0.0


def name_similarity(a: str, b: str, lang: str = "en") -> float:
    """How alike two service names are, from 0 to 1: for tests and for choosing thresholds."""
    return _similarity(_analyse_name(a, lang), _analyse_name(b, lang))


def _prefix_length(size: int) -> int:
    """How many of a name's rarest words another name must share for NAME_WORDS to be reachable
    (prefix filtering: a pair sharing none of them cannot reach the threshold)."""
    return max(MIN_PREFIX, size - math.ceil(NAME_WORDS * size) + 1)


def _name_candidates(names: list[_Name]) -> Iterable[tuple[int, int]]:
    """Pairs sharing a rare word among their rarest few, or all their words: never all pairs.
    A word in more than MAX_BLOCK names ("carers", "group") is too common to find anything."""
    frequency: Counter[str] = Counter(word for name in names for word in name.words)
    blocks: dict[str | frozenset[str], list[int]] = defaultdict(list)
    for index, name in enumerate(names):
        rarest = sorted(name.words, key=lambda w: (frequency[w], w))
        for word in rarest[:_prefix_length(len(rarest))]:
            blocks[word].append(index)
        if name.words:
            blocks[name.words].append(index)  # names made only of common words
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
            pairs.update(combinations(members, 2))
    return sorted(pairs)


def _similar_names(entries: list[ServiceEntry], names: list[_Name]) -> Iterable[tuple[int, int]]:
    for a, b in _name_candidates(names):
        shorter, longer = sorted((len(names[a].words), len(names[b].words)))
        if shorter < NAME_WORDS * longer:
            continue  # even with every word of the shorter name matched, too few in common
        if not set(entries[a].service.service_areas).intersection(
                entries[b].service.service_areas):
            continue  # the same kind of service somewhere else
        if _similarity(names[a], names[b], NAME_WORDS) >= NAME_WORDS:
            yield a, b


# --- putting it together ---------------------------------------------------------------------

def _organisation(entry: ServiceEntry, lang: str) -> frozenset[str]:
    return frozenset(stem for _, stem in analyse(entry.service.organization, lang))


def find_duplicate_pairs(catalogue: Catalogue) -> list[DuplicatePair]:
    """Every pair of services that look like one service entered twice, in a stable order."""
    lang = catalogue.site.default_language
    entries = sorted(catalogue.services, key=lambda e: e.id)
    names = [_analyse_name(e.service.name, lang) for e in entries]
    organisations = [_organisation(e, lang) for e in entries]
    found: dict[tuple[int, int], list[tuple[str, Key, Key]]] = defaultdict(list)

    groups: dict[tuple[str, str], list[tuple[int, Key]]] = defaultdict(list)
    for index, entry in enumerate(entries):
        for label, value, key in _contact_keys(entry):
            groups[label, value].append((index, key))
    for (label, _), members in sorted(groups.items()):
        if len(members) < 2 or len({i for i, _ in members}) > MAX_SHARED:
            continue
        for position, (a, key_a) in enumerate(members):
            for b, key_b in members[position + 1:]:
                if a == b or any(existing == label for existing, _, _ in found.get((a, b), ())):
                    continue  # the same number twice in one entry; or a second shared phone
                if (organisations[a] == organisations[b]
                        and _similarity(names[a], names[b], RELATED_WORDS) < RELATED_WORDS):
                    continue  # one organisation's shared switchboard, email or website
                found[a, b].append((label, key_a, key_b))

    for a, b in _similar_names(entries, names):
        found[a, b].append(("similar name", ("name",), ("name",)))

    return [DuplicatePair(entries[a], entries[b],
                          tuple(sorted(reasons, key=lambda reason: LABELS.index(reason[0]))))
            for (a, b), reasons in sorted(found.items())]


def _describe(labels: list[str]) -> str:
    same = [label for label in labels if label != "similar name"]
    parts = []
    if same:
        listed = same[0] if len(same) == 1 else f"{', '.join(same[:-1])} and {same[-1]}"
        parts.append(f"same {listed}")
    if "similar name" in labels:
        parts.append("very similar name")
    return "; ".join(parts)


def find_duplicates(catalogue: Catalogue) -> list[Problem]:
    """A warning on each file of each likely duplicate pair, at the first field they share."""
    problems = ProblemList()
    shown = cache(problems.relative)
    for pair in find_duplicate_pairs(catalogue):
        label, key_first, key_second = pair.reasons[0]
        why = _describe(pair.labels)
        for entry, key, other in ((pair.first, key_first, pair.second),
                                  (pair.second, key_second, pair.first)):
            position = entry.position(key)
            problems.extend([Problem(shown(entry.source), position.line, position.column,
                                     Severity.WARNING, f"likely duplicate of {shown(other.source)} "
                                     f'("{other.service.name}"): {why}')])
    return problems.sorted()
