"""Which of our languages a message is written in, from its short frequent words."""

from __future__ import annotations

import re
from functools import cache

from bot.content.yaml_lines import load_yaml
from bot.qualify.nlu.lexicon import DEFAULT_NLU_DIR, LANGUAGES

_WORD = re.compile(r"[a-zäöüß']+")


@cache
def _function_words() -> dict[str, frozenset[str]]:
    data, _ = load_yaml(DEFAULT_NLU_DIR / "common.yaml")
    table = data.get("function_words", {})
    return {lang: frozenset(str(w).lower() for w in table.get(lang, [])) for lang in LANGUAGES}


def language_of(text: str, default: str) -> str:
    """German or English by function words; `default` when it is a tie or no word counts."""
    words = _WORD.findall(text.lower())
    table = _function_words()
    counts = {lang: sum(word in table[lang] for word in words) for lang in LANGUAGES}
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] == 0 or list(counts.values()).count(counts[best]) > 1:
        return default
    # One stray word ("ok", "im") should not switch a short message; a clear margin must.
    return best if counts[best] >= counts.get(default, 0) + 2 or default not in counts else default
