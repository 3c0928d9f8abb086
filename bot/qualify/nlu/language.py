"""Which of our languages a message is written in, from its short frequent words."""

from __future__ import annotations

import re
from collections.abc import Mapping

_WORD = re.compile(r"[a-zäöüß']+")


def language_of(text: str, default: str, function_words: Mapping[str, frozenset[str]]) -> str:
    """German or English by function words; `default` when it is a tie or no word counts."""
    words = _WORD.findall(text.lower())
    counts = {lang: sum(word in table for word in words) for lang, table in function_words.items()}
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] == 0 or list(counts.values()).count(counts[best]) > 1:
        return default
    # One stray word ("ok", "im") should not switch a short message; a clear margin must.
    return best if counts[best] >= counts.get(default, 0) + 2 or default not in counts else default
