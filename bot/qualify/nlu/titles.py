"""Role titles indexed by their first letters, so a message tries only the titles that fit."""

from __future__ import annotations

import re

_LITERAL = re.compile(r"[a-zäöüß0-9'&-]+")
_WORD_START = re.compile(r"\b\w")


class TitleIndex:
    """Title patterns keyed by their first two letters, tried only at word starts that fit.

    Matching runs on lowercased text; a title written with capitals ("IT": the department,
    not the pronoun) only counts where the original text has capitals too.
    """

    def __init__(self) -> None:
        self._by_prefix: dict[str, list[tuple[str, re.Pattern[str], bool]]] = {}
        self._anywhere: list[tuple[str, re.Pattern[str], bool]] = []

    def add(self, label: str, pattern: str) -> None:
        """Index one title pattern for a role."""
        lowered = pattern.lower()
        entry = (label, re.compile(rf"(?:{lowered})"), lowered != pattern)
        literal = _LITERAL.match(lowered)
        if (
            literal
            and len(literal.group()) >= 2
            and lowered[len(literal.group()) :][:1] not in ("?", "*", "{")
        ):
            self._by_prefix.setdefault(literal.group()[:2], []).append(entry)
        else:
            self._anywhere.append(entry)

    def finditer(self, text: str, cased: str) -> list[tuple[int, int, str]]:
        """(start, end, role) of every title at a word start, longest first per start."""
        found = []
        for word in _WORD_START.finditer(text):
            start = word.start()
            candidates = self._by_prefix.get(text[start : start + 2], [])
            best: tuple[int, int, str] | None = None
            for label, pattern, needs_capitals in (*candidates, *self._anywhere):
                match = pattern.match(text, start)
                if match is None or (needs_capitals and cased[start : match.end()].islower()):
                    continue
                if best is None or match.end() > best[1]:
                    best = (start, match.end(), label)
            if best:
                found.append(best)
        return found
