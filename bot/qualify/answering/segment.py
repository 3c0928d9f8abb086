"""A message cut into the questions it asks: sentences, their clauses, and the facts to skip.

Prospects wrap a question in context ("We are 40 people and need it by March. What does it
cost?"); the context must not add answers, so only sentences that ask are matched, each also
cut at commas and "and"/"und" so that several questions in one sentence are all found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.qualify.answering.text import fold, words


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_QUESTION_WORDS = {
    "de": _set(
        "kann konnen konnt konnte konnten gibt gibts ist sind haben habt hat wie was wo wann "
        "welche welcher welches welchen wer wen wem warum wieso weshalb bietet bieten darf "
        "durfen muss mussen lasst funktioniert klappt geht gehts werden wird arbeitet passt "
        "verkauft verkaufen macht nutzt beantwortet wieviel woran womit wohin bekomme "
        "bekommen kostet kosten brauche brauch braucht sucht unterstutzt lauft"
    ),
    "en": _set(
        "can could do does did is are was what how where when which who whom whose why will "
        "would may should shall have has any whats hows wheres whos"
    ),
}
_OPENERS = _set("hallo hi hey moin servus hello also und and so ok okay kurz")
_REQUEST = re.compile(
    r"\b(bitte|please|pls|plz|schick\w*|zuschick\w*|send\w*|ich brauche|brauche ich|"
    r"i need|need to know|hatte gern|hatte ich gern|gern gewusst|mochte|wurde gern|wollte|"
    r"i'd like|i would like|would love|ware super|would be great|ware toll|suche|"
    r"looking for|wondering|frage mich|link|wissen|know|interessier\w*|kindly|"
    r"email me|mail me|koennt\w*|wots|will \w+ reden)\b"
)
_ANAPHORS = {
    "de": _set("das dies dieses beides da dazu davon damit"),
    "en": _set("that this both those these"),
}
# Polite frames around a question ("can you tell me the price?"): matched without them too,
# so that the frame's words do not pull the question towards an unrelated example.
_FRAMES = {
    "de": re.compile(
        r"^\W*(?:(?:hallo|hi|hey|moin|also|kurze frage|bitte)\W+)*"
        r"(?:(?:konnen|konnten|kannst|konntest) (?:sie|du|ihr) (?:mir|uns) (?:bitte )?"
        r"(?:sagen|verraten|erklaren|mitteilen)|ich (?:wurde|mochte) (?:gern|gerne) wissen|"
        r"ich wusste gern|mich wurde interessieren|sagen sie mir|sag mir|erzahlen sie mir)\W*"
    ),
    "en": re.compile(
        r"^\W*(?:(?:hi|hello|hey|so|quick question|please)\W+)*"
        r"(?:(?:can|could|would) you (?:please )?(?:tell|let) me(?: know)?|"
        r"i(?:'d| would) like to know|i want to know|i was wondering|i wonder|"
        r"do you know|tell me|let me know)\W*"
    ),
}
_NUMBERED = re.compile(r"(?:(?<=\s)|^)\d\s*[).]\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\n+")
_CLAUSE_BREAK = re.compile(r"\s*(?:,|:|\+|/|&|\bund\b|\band\b|\boder\b|\bor\b)\s*", re.IGNORECASE)
SHORT = 4  # a fragment of up to this many words ("Kündigungsfrist?", "price + trial") asks


@dataclass(frozen=True)
class Unit:
    """A piece of a message to match: a sentence, a clause of one, or a sentence with context."""

    text: str
    sentence: int


def sentences(text: str) -> list[str]:
    """The sentences of a message; numbered items ("1) price 2) term") count as sentences."""
    text = _NUMBERED.sub("\n", text)
    parts = _SENTENCE_END.split(text)
    return [part.strip() for part in parts if part and re.search(r"\w", part)]


def is_asking(sentence: str, lang: str) -> bool:
    """Whether a sentence asks or requests something, rather than stating a fact."""
    tokens = words(sentence)
    if "?" in sentence or ":" in sentence or len(tokens) <= SHORT:
        return True
    question_words = _QUESTION_WORDS.get(lang, _QUESTION_WORDS["en"])
    first = tokens[1] if tokens[0] in _OPENERS and len(tokens) > 1 else tokens[0]
    return first in question_words or bool(_REQUEST.search(fold(sentence)))


def is_question(part: str, lang: str) -> bool:
    """Whether a clause is a question of its own: three words or more, opening with a
    question word ("can we host it on-premise") or ending in "?"."""
    tokens = words(part)
    if len(tokens) < 3:
        return False
    question_words = _QUESTION_WORDS.get(lang, _QUESTION_WORDS["en"])
    first = tokens[1] if tokens[0] in _OPENERS and len(tokens) > 1 else tokens[0]
    return first in question_words or part.rstrip().endswith("?")


def is_anaphoric(sentence: str, lang: str) -> bool:
    """A short question that points back ("Is that the case with you too?", "Geht beides?")."""
    tokens = words(sentence)
    return len(tokens) <= 10 and bool(_ANAPHORS.get(lang, _ANAPHORS["en"]) & set(tokens))


def clauses(sentence: str) -> list[str]:
    """A sentence cut at commas, colons, "+" and "and"/"und"/"or"; pieces without words dropped."""
    return [part for part in _CLAUSE_BREAK.split(sentence) if part and re.search(r"\w", part)]


def asks(text: str, lang: str) -> bool:
    """Whether any sentence of a message asks or requests something ("Der Preis spielt
    keine Rolle." only mentions the price)."""
    return any(is_asking(sentence, lang) for sentence in sentences(text) or [text])


def asking_sentences(text: str, lang: str, skip_facts: bool = True) -> tuple[list[str], list[int]]:
    """All sentences, and the indexes of those that ask (all of them when none does)."""
    found = sentences(text) or [text]
    asking = [index for index, sentence in enumerate(found) if is_asking(sentence, lang)]
    return found, (asking if skip_facts else []) or list(range(len(found)))


def question_units(
    text: str, lang: str, *, split_clauses: bool = True, skip_facts: bool = True
) -> list[Unit]:
    """The asking sentences of a message and, where a sentence has several, its clauses."""
    found, asking = asking_sentences(text, lang, skip_facts)
    units: list[Unit] = []
    for index in asking:
        units.append(Unit(found[index], index))
        core = unframed(found[index], lang)
        if core:
            units.append(Unit(core, index))
        parts = clauses(found[index]) if split_clauses else []
        if len(parts) > 1:
            units.extend(Unit(part, index) for part in parts)
    return units


def unframed(sentence: str, lang: str) -> str | None:
    """The question without its polite frame, or None when it has none (or nothing else)."""
    frame = _FRAMES.get(lang, _FRAMES["en"])
    folded = fold(sentence)
    found = frame.match(folded)
    if not found or found.end() == 0 or found.end() >= len(folded.rstrip("?!. ")):
        return None
    return folded[found.end() :]


def with_context(found: list[str], index: int, before: int = 2) -> Unit:
    """A sentence joined with the sentences before it, for a question that points back."""
    return Unit(" ".join(found[max(0, index - before) : index + 1]), index)
