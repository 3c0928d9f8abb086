"""An interim reader of the dialog cues, from the word lists of content/nlu/dialog.yaml.

It fills the keys the trained components will deliver under the same names: `customer`
(True/False, the message answers "are you already a customer?"), `language_request`
("de"/"en"), `erase` (True), `correction` (True) and `need_topics` (topic ids); besides,
`already_said` (True: points back to an earlier message instead of answering),
`small_talk` (thanks, greeting or goodbye when that is all a message says) and a polite
request for a person as the intent `human`. `add_dialog_cues` is the one place it joins an
Extraction (called from Extractor.extract); replacing it means deleting that call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.content.errors import ContentError
from bot.qualify.nlu.facts import Extraction, Fact
from bot.qualify.nlu.lexicon import LANGUAGES, Locator

LISTS = (
    "yes",
    "no",
    "customer_yes",
    "customer_no",
    "erase",
    "correction",
    "already_said",
    "person",
)
SMALL_TALK = ("goodbye", "thanks", "greeting")  # when a message holds several, the first wins
OPENING_CLAUSE = re.compile(r"^[^,.;:!?\n–—]*")
SHORT_ANSWER_WORDS = 4  # a yes/no this short counts even when it does not open the message
SMALL_TALK_REST = 2  # words besides the small talk that still leave it small talk
FILLERS = frozenset({"ok", "okay", "alright", "super", "gut", "prima", "und", "and", "again"})
CUE_CONFIDENCE = 0.8
_WORD = re.compile(r"\w+")
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class LanguageCues:
    """One language's compiled phrase lists."""

    lists: dict[str, re.Pattern[str]]
    language_request: dict[str, re.Pattern[str]]
    need_topics: dict[str, re.Pattern[str]]
    small_talk: dict[str, re.Pattern[str]]


DialogCues = dict[str, LanguageCues]


def phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word phrases, `*` for any letters; longest first so the most specific wins."""
    if not phrases:
        return _NEVER
    parts = [
        r"(?<!\w)" + re.escape(phrase.lower()).replace(r"\*", r"\w*") + r"(?!\w)"
        for phrase in sorted(phrases, key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


def compile_dialog_cues(data: Any, where: Locator) -> DialogCues:
    """The cues of every language; ContentError lists every problem with its line."""
    cues: DialogCues = {}
    for lang in LANGUAGES:
        part = data.get(lang) if isinstance(data, dict) else None
        if not isinstance(part, dict):
            where.report((lang,), f"missing the section {lang!r}")
            continue
        cues[lang] = LanguageCues(
            lists={name: _phrases(part, (lang, name), where) for name in LISTS},
            language_request=_table(part, (lang, "language_request"), where),
            need_topics=_table(part, (lang, "need_topics"), where),
            small_talk=_table(part, (lang, "small_talk"), where),
        )
    if where.problems:
        raise ContentError(where.problems)
    return cues


def _phrases(part: dict[str, Any], key: tuple[str, ...], where: Locator) -> re.Pattern[str]:
    phrases = part.get(key[-1])
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        where.report(key, "expected a list of phrases")
        return _NEVER
    return phrase_pattern(phrases)


def _table(
    part: dict[str, Any], key: tuple[str, ...], where: Locator
) -> dict[str, re.Pattern[str]]:
    table = part.get(key[-1])
    if not isinstance(table, dict):
        where.report(key, "expected a table of phrase lists")
        return {}
    return {str(name): _phrases(table, (*key, str(name)), where) for name in table}


def add_dialog_cues(
    extraction: Extraction, text: str, lang: str, cues: DialogCues, expect: str | None
) -> Extraction:
    """Add the dialog cues of `text` to `extraction` (keys it already has are kept)."""
    own = cues.get(lang) or next(iter(cues.values()), None)
    if own is None:
        return extraction
    lowered = text.lower()
    found: dict[str, Any] = {
        "customer": _customer(own, lowered, expect),
        "language_request": _language_request(cues, lowered),
        "erase": True if own.lists["erase"].search(lowered) else None,
        "correction": True if own.lists["correction"].search(lowered) else None,
        "already_said": True if own.lists["already_said"].search(lowered) else None,
        "need_topics": [t for t, p in own.need_topics.items() if p.search(lowered)] or None,
        "small_talk": _small_talk(own, lowered),
    }
    if own.lists["person"].search(lowered) and extraction.value("intent") in (None, "question"):
        found["intent"] = "human"
    for kind, value in found.items():
        if value is not None and (kind == "intent" or kind not in extraction.facts):
            extraction.facts[kind] = Fact(kind, value, CUE_CONFIDENCE, 0, len(text), text)
    return extraction


def _customer(cues: LanguageCues, lowered: str, expect: str | None) -> bool | None:
    """Said outright anywhere; as yes or no only in a short answer or its opening clause."""
    if cues.lists["customer_no"].search(lowered):
        return False
    if cues.lists["customer_yes"].search(lowered):
        return True
    if expect != "customer":
        return None
    clause = OPENING_CLAUSE.match(lowered.strip())
    opening = clause.group(0).strip() if clause else ""
    short = len(_WORD.findall(lowered)) <= SHORT_ANSWER_WORDS
    for value, name in ((False, "no"), (True, "yes")):
        match = cues.lists[name].search(lowered if short else opening)
        if match and (short or match.start() == 0):
            return value
    return None


def _language_request(cues: DialogCues, lowered: str) -> str | None:
    """A request to go on in a language, written in any of them."""
    for own in cues.values():
        for target, pattern in own.language_request.items():
            if pattern.search(lowered):
                return target
    return None


def _small_talk(cues: LanguageCues, lowered: str) -> str | None:
    """Thanks, a greeting or a goodbye, when the message says little else."""
    kinds = [kind for kind in SMALL_TALK if kind in cues.small_talk]
    found = [kind for kind in kinds if cues.small_talk[kind].search(lowered)]
    if not found:
        return None
    rest = lowered
    for kind in found:
        rest = cues.small_talk[kind].sub(" ", rest)
    words = [word for word in _WORD.findall(rest) if word not in FILLERS]
    return found[0] if len(words) <= SMALL_TALK_REST else None
