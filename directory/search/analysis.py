"""Text analysis for search, done once at build time for every language.

Words are split, folded (case; accents on Latin letters, so "wohnung" finds "Wöhnung" and
"oplata" finds "opłata"; optional Arabic-script vowel marks and letter variants, so Urdu typed on
an Arabic keyboard matches) and stemmed where Snowball has a stemmer for the language. The browser
never runs a stemmer: the index carries every surface form with its stem, so the browser matches
exactly what the build analysed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import snowballstemmer

from ..text import combining_marks

# Snowball stemmers for the languages that have one; others are matched on folded words.
STEMMERS = {"en": "english", "pl": "polish", "ro": "romanian", "tr": "turkish",
            "ar": "arabic", "fr": "french", "es": "spanish", "pt": "portuguese",
            "de": "german", "it": "italian", "nl": "dutch", "lt": "lithuanian"}

STOPWORDS = {
    "en": frozenset("""a an and are as at be by for from i if in into is it me my of on or our
        so than that the their them they this to was we what when where which who with you your
        can do does how need needs""".split()),
    "pl": frozenset("a aby ale co czy dla do i jak jest mnie mój na nie o od po się są w we z za ze".split()),
}

# Letters of the same word typed on different keyboards (Arabic and Persian/Urdu forms).
_ARABIC_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ہ", "ۀ": "ہ", "ـ": None})
_ARABIC_OPTIONAL_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_LATIN_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
_MARKS = combining_marks()
_WORD = re.compile(rf"[^\W_][{_MARKS}]*(?:[\w{_MARKS}'’\-]*[\w{_MARKS}])?")


_JOINERS = re.compile(r"[-']")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


@cache
def lower(word: str) -> str:
    """Case-fold only, keeping accents: what a stemmer needs to see ("opiekunów")."""
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "'")


@cache
def fold(word: str) -> str:
    """Also remove what people leave out when typing: Latin accents, Arabic harakat."""
    word = lower(word).translate(_ARABIC_VARIANTS)
    word = _ARABIC_OPTIONAL_MARKS.sub("", word)
    if _LATIN.search(word):
        decomposed = unicodedata.normalize("NFD", word.translate(_LATIN_EXTRA))
        word = "".join(c for c in decomposed
                       if not (unicodedata.category(c) == "Mn" and c < "\u0370"))
        word = unicodedata.normalize("NFC", word)
    return word


@cache
def _stemmer(lang: str):
    name = STEMMERS.get(lang.split("-")[0])
    return snowballstemmer.stemmer(name) if name else None


def has_stemmer(lang: str) -> bool:
    return _stemmer(lang) is not None


@cache
def stem(word: str, lang: str) -> str:
    """The folded stem of a lower-cased word (the folded word where there is no stemmer)."""
    stemmer = _stemmer(lang)
    base = word.replace("'", "")
    if stemmer is None:
        return fold(base)
    return fold(stemmer.stemWord(base) or base)


def words(text: str) -> Iterator[str]:
    """Lower-cased words of `text` (hyphenated and apostrophe words also split into parts)."""
    for match in _WORD.finditer(text):
        token = lower(match.group(0))
        if "-" not in token and "'" not in token:  # most words: no need to split
            yield token
            continue
        parts = [p for p in _JOINERS.split(token) if p]
        if len(parts) > 1:
            yield token.replace("-", "").replace("'", "")
            yield from parts
        elif parts:
            yield parts[0]


def analyse(text: str, lang: str, *, keep_stopwords: bool = False) -> Iterator[tuple[str, str]]:
    """(surface form, stem) pairs for indexing and querying alike."""
    stop = STOPWORDS.get(lang.split("-")[0], frozenset())
    for word in words(text):
        surface = fold(word)
        if not keep_stopwords and surface in stop:
            continue
        yield surface, stem(word, lang)
