"""Text as the matcher sees it: folded case and umlauts, word stems, compounds opened up."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import snowballstemmer

# "Kündigung" and a hurried "Kundigung" should look alike to the n-grams.
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")
_STEMMERS = {"de": "german", "en": "english"}
MIN_PART = 4  # shorter pieces ("ist", "das") would split too many words by accident


def fold(text: str) -> str:
    """Lower case, compatibility forms, umlauts and ß folded to plain letters."""
    return unicodedata.normalize("NFKC", text).lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words and numbers of a text."""
    return _WORD.findall(fold(text))


@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMERS.get(lang, "english"))


def stems(text: str, lang: str) -> list[str]:
    """Snowball stems of a text's words ("Schnittstellen" → "schnittstell")."""
    found: list[str] = _stemmer(lang).stemWords(words(text))
    return found


def open_compounds(tokens: Iterable[str], vocabulary: frozenset[str]) -> list[str]:
    """Tokens plus the known words a compound starts or ends with ("lizenzkost" → "kost")."""
    out: list[str] = []
    for token in tokens:
        out.append(token)
        if len(token) < 2 * MIN_PART - 1:
            continue
        for size in range(MIN_PART, len(token) - 2):
            head, tail = token[:size], token[-size:]
            if head in vocabulary:
                out.append(head)
            if tail in vocabulary:
                out.append(tail)
    return out
